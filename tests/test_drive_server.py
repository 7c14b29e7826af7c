"""The local Drive server itself: what the fetch tests rely on it to do."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import quote

import pytest

from fixtures.drive_server import DriveServer, file_id_for

HEAD = {"X-Goog-Api-Key": "k"}


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={**HEAD, **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=10) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except HTTPError as exc:
        with exc:
            return exc.code, dict(exc.headers), exc.read()


def test_every_206_has_content_range(drive_server: DriveServer) -> None:
    fid = drive_server.add_file("v.mp4", bytes(range(256)) * 4)
    base = f"{drive_server.endpoint}/drive/v3/files/{fid}?alt=media"
    for header, expected in [
        ("bytes=0-99", "bytes 0-99/1024"),
        ("bytes=1000-", "bytes 1000-1023/1024"),
        ("bytes=1000-5000", "bytes 1000-1023/1024"),
        ("bytes=-24", "bytes 1000-1023/1024"),
    ]:
        status, headers, body = get(base, {"Range": header})
        assert status == 206 and headers["Content-Range"] == expected
        start, end = (int(x) for x in expected.split()[1].split("/")[0].split("-"))
        assert body == (bytes(range(256)) * 4)[start : end + 1]
    status, headers, _ = get(base, {"Range": "bytes=2000-"})
    assert status == 416 and headers["Content-Range"] == "bytes */1024"
    status, headers, body = get(base)
    assert status == 200 and len(body) == 1024


def test_fields_mask_and_default_fields(drive_server: DriveServer) -> None:
    fid = drive_server.add_file("v.mp4", b"abc", duration_ms=61_000)
    url = f"{drive_server.endpoint}/drive/v3/files/{fid}"
    _, _, body = get(
        url + "?fields=id,size,capabilities/canDownload,videoMediaMetadata/durationMillis"
    )
    assert json.loads(body) == {
        "id": fid,
        "size": "3",
        "capabilities": {"canDownload": True},
        "videoMediaMetadata": {"durationMillis": "61000"},
    }
    _, _, body = get(url)
    assert set(json.loads(body)) == {"kind", "id", "name", "mimeType"}


def test_list_children_by_q(drive_server: DriveServer) -> None:
    folder = drive_server.add_folder("KIPP")
    ids = {drive_server.add_file(f"{n}.mp4", b"x", parents=(folder,)) for n in "abc"}
    drive_server.add_file("d.mp4", b"x", parents=(folder,), trashed=True)
    drive_server.add_file("elsewhere.mp4", b"x")
    q = quote(f"'{folder}' in parents and trashed = false")
    _, _, body = get(
        f"{drive_server.endpoint}/drive/v3/files?q={q}&pageSize=2&fields=nextPageToken,files(id)"
    )
    page = json.loads(body)
    _, _, body = get(
        f"{drive_server.endpoint}/drive/v3/files?q={q}&pageToken={page['nextPageToken']}&fields=files(id)"
    )
    assert {f["id"] for f in page["files"] + json.loads(body)["files"]} == ids


def test_drive_style_error_bodies(drive_server: DriveServer) -> None:
    fid = drive_server.add_file("v.mp4", b"abc")
    drive_server.download_quota_exceeded(fid)
    status, _, body = get(f"{drive_server.endpoint}/drive/v3/files/{fid}?alt=media")
    error = json.loads(body)["error"]
    assert status == 403 and error["code"] == 403
    assert error["errors"][0]["reason"] == "downloadQuotaExceeded"
    status, _, body = get(f"{drive_server.endpoint}/drive/v3/files/nope", {"X-Goog-Api-Key": ""})
    assert status == 403  # no key, no token


def test_command_line_serves_a_directory(tmp_path: Path) -> None:
    (tmp_path / "Dinas Kesehatan.mp4").write_bytes(b"\x00" * 3000)
    (tmp_path / "Dinas Kesehatan.srt").write_text("1\n")
    (tmp_path / "notes.txt").write_text("not served")
    ids_out = tmp_path / "ids.tsv"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "fixtures.drive_server",
            "--port",
            "0",
            "--serve-dir",
            str(tmp_path),
            "--ids-out",
            str(ids_out),
            "--modified-time",
            "2024-05-30T10:00:00+08:00",
        ],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[1],
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        endpoint = line.rsplit(" ", 1)[1].strip()
        assert line.startswith("Drive fixture serving 2 file(s)")
        fid = file_id_for("Dinas Kesehatan.mp4")
        assert ids_out.read_text().splitlines() == [
            f"Dinas Kesehatan.mp4\t{fid}",
            f"Dinas Kesehatan.srt\t{file_id_for('Dinas Kesehatan.srt')}",
        ]
        _, _, body = get(f"{endpoint}/drive/v3/files/{fid}?fields=name,size,parents,modifiedTime")
        meta = json.loads(body)
        assert (meta["name"], meta["size"]) == ("Dinas Kesehatan.mp4", "3000")
        assert meta["modifiedTime"] == "2024-05-30T02:00:00.000Z"
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=10)
        assert proc.stdout is not None
        proc.stdout.close()


@pytest.mark.parametrize("name", ["a.mp4", "Dinas Kesehatan.mp4"])
def test_file_ids_are_stable_and_look_like_drive_ids(name: str) -> None:
    fid = file_id_for(name)
    assert fid == file_id_for(name) and len(fid) == 33 and fid.isalnum()
