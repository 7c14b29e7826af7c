"""The Drive fetch stage through the real google-api-python-client against the
local Drive v3 server (fixtures/drive_server.py).  Faults are server switches."""

from __future__ import annotations

import hashlib
import os
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from fixtures import media
from fixtures.drive_server import DriveServer
from pipeline.config import Config
from pipeline.errors import (
    AccessDenied,
    DiskError,
    DurationRejected,
    LinkError,
    NoSourceAccess,
    QuotaExceeded,
    TransientFetchError,
    WrongSource,
)
from pipeline.fetch import FetchContext, fetch
from pipeline.fetch import fetch as fetch_any
from pipeline.fetch.drive import FILE_FIELDS, DriveClient, connect
from pipeline.models import Entry
from pipeline.retry import RetryPolicy

CONTENT = os.urandom(300_000)  # ~5 chunks of 64 KiB
MD5 = hashlib.md5(CONTENT).hexdigest()


def entry(link: str) -> Entry:
    return Entry(entry_id="dinas-kesehatan", agency="Dinas Kesehatan", link=link, row=2)


def add_video(server: DriveServer, **kwargs: object) -> str:
    return server.add_file("inovasi.mp4", CONTENT, duration_ms=90_000, **kwargs)  # type: ignore[arg-type]


# ---------------------------------------------------------------- happy paths
def test_fetch_downloads_verifies_and_fills_source_facts(
    drive_server: DriveServer, fetch_ctx: FetchContext
) -> None:
    modified = datetime(2024, 5, 31, 7, 30, tzinfo=UTC)
    fid = add_video(drive_server, modified_time=modified)
    got = fetch(entry(drive_server.link(fid)), fetch_ctx)
    assert got.path.read_bytes() == CONTENT
    assert got.path.parent == fetch_ctx.cache_dir / "drive"
    src = got.source
    assert (src.kind, src.file_id, src.name, src.size, src.md5) == (
        "drive",
        fid,
        "inovasi.mp4",
        len(CONTENT),
        MD5,
    )
    assert src.mime_type == "video/mp4"
    assert src.modified_time == modified and src.modified_time.tzinfo is not None
    assert src.drive_duration_s == 90.0
    gets = [r for r in drive_server.requests if r["op"] == "get"]
    assert [r["params"]["fields"] for r in gets] == [FILE_FIELDS]
    ranges = [r["range"] for r in drive_server.media_requests(fid)]
    assert ranges[0] == "bytes=0-65535" and len(ranges) == 5
    assert not list(got.path.parent.glob("*.part"))


def test_dispatch_from_the_fetch_package(
    drive_server: DriveServer, fetch_ctx: FetchContext
) -> None:
    fid = add_video(drive_server)
    assert fetch_any(entry(f"  <{drive_server.link(fid)}>. "), fetch_ctx).source.md5 == MD5


def test_real_video_round_trip(drive_server: DriveServer, fetch_ctx: FetchContext) -> None:
    path = media.build("valid_90")
    fid = drive_server.add_file("video.mp4", path, duration_ms=90_000)
    got = fetch(entry(drive_server.link(fid)), fetch_ctx)
    assert got.path.read_bytes() == path.read_bytes()


LINK_FORMS = [
    "https://drive.google.com/file/d/{id}/view?usp=sharing",
    "https://drive.google.com/file/d/{id}/view?usp=drive_link",
    "https://drive.google.com/file/d/{id}",
    "https://drive.google.com/file/d/{id}/preview",
    "https://drive.google.com/file/u/0/d/{id}/view",
    "https://drive.google.com/open?id={id}",
    "https://drive.google.com/uc?id={id}&export=download",
    "https://drive.usercontent.google.com/download?id={id}&export=download",
    "https://docs.google.com/file/d/{id}/edit",
    "https://drive.google.com/drive/folders/{folder}",
    "https://drive.google.com/drive/u/1/folders/{folder}?usp=sharing",
    "drive.google.com/file/d/{id}/view?usp=sharing",
    "http://drive.google.com/open?id={id}",
]


@pytest.mark.parametrize("form", LINK_FORMS)
def test_every_link_form_fetches_the_video(
    form: str, drive_server: DriveServer, fetch_ctx: FetchContext
) -> None:
    folder = drive_server.add_folder("KIPP 2024")
    fid = add_video(drive_server, parents=(folder,))
    got = fetch(entry(form.format(id=fid, folder=folder)), fetch_ctx)
    assert (got.source.file_id, got.source.md5) == (fid, MD5)


def test_resource_key_is_sent_as_header(drive_server: DriveServer, fetch_ctx: FetchContext) -> None:
    fid = add_video(drive_server, resource_key="0-SecretKeyOld")
    link = drive_server.link(fid) + "&resourcekey=0-SecretKeyOld"
    got = fetch(entry(link), fetch_ctx)
    assert got.source.resource_key == "0-SecretKeyOld"
    assert {r["resource_keys"] for r in drive_server.requests} == {f"{fid}/0-SecretKeyOld"}
    with pytest.raises(AccessDenied):  # Drive hides such files without the key
        fetch(entry(drive_server.link(fid)), fetch_ctx)


def test_shortcut_is_followed(drive_server: DriveServer, fetch_ctx: FetchContext) -> None:
    fid = add_video(drive_server)
    shortcut = drive_server.add_shortcut(fid, name="pintasan ke video")
    got = fetch(entry(drive_server.link(shortcut)), fetch_ctx)
    assert (got.source.file_id, got.source.name) == (fid, "inovasi.mp4")


def test_unchanged_md5_downloads_nothing_again(
    drive_server: DriveServer, fetch_ctx: FetchContext
) -> None:
    fid = add_video(drive_server)
    first = fetch(entry(drive_server.link(fid)), fetch_ctx)
    media_before = len(drive_server.media_requests())
    second = fetch(entry(drive_server.link(fid)), fetch_ctx)
    assert second.path == first.path
    assert len(drive_server.media_requests()) == media_before
    # the agency replaces the file: new md5 -> new download, old copy removed
    new = os.urandom(70_000)
    drive_server.add_file("inovasi.mp4", new, file_id=fid, duration_ms=90_000)
    third = fetch(entry(drive_server.link(fid)), fetch_ctx)
    assert third.path.read_bytes() == new and third.path != first.path
    assert not first.path.exists()


def test_subtitles_beside_the_video_are_fetched(
    drive_server: DriveServer, fetch_ctx: FetchContext
) -> None:
    folder = drive_server.add_folder("KIPP")
    fid = add_video(drive_server, parents=(folder,))
    drive_server.add_file(
        "inovasi.id.srt", b"1\n00:00:01,000 --> 00:00:03,000\nMasalah\n", parents=(folder,)
    )
    drive_server.add_file("catatan.txt", b"bukan subtitle", parents=(folder,))
    got = fetch(entry(drive_server.link(fid)), fetch_ctx)
    assert [p.suffix for p in got.sidecars] == [".srt"]
    assert got.sidecars[0].read_bytes().endswith(b"Masalah\n")


def test_a_folder_of_300_subtitle_files_costs_five_downloads(
    drive_server: DriveServer, fetch_ctx: FetchContext
) -> None:
    """[subtitles] max_files (5) and max_file_kb (512): the rest are not downloaded."""
    folder = drive_server.add_folder("KIPP")
    fid = add_video(drive_server, parents=(folder,))
    cue = b"1\n00:00:01,000 --> 00:00:03,000\nMasalah\n"
    big = drive_server.add_file("inovasi.000.srt", cue * 20_000, parents=(folder,))  # 780 KB
    subs = [drive_server.add_file(f"inovasi.{n:03d}.srt", cue, parents=(folder,))
            for n in range(1, 300)]  # fmt: skip
    got = fetch(entry(drive_server.link(fid)), fetch_ctx)
    assert [p.name.split("-")[0] for p in got.sidecars] == subs[:5]
    fetched = {r["file_id"] for r in drive_server.media_requests()}
    assert fetched == {fid, *subs[:5]} and big not in fetched


def test_empty_file(drive_server: DriveServer, fetch_ctx: FetchContext) -> None:
    fid = drive_server.add_file("kosong.mp4", b"")
    got = fetch(entry(drive_server.link(fid)), fetch_ctx)
    assert got.path.read_bytes() == b"" and got.source.size == 0


# --------------------------------------------------------------- folder rules
def test_folder_with_one_video(drive_server: DriveServer, fetch_ctx: FetchContext) -> None:
    folder = drive_server.add_folder("KIPP")
    fid = add_video(drive_server, parents=(folder,))
    drive_server.add_file("poster.jpg", b"\xff\xd8jpeg", mime_type="image/jpeg", parents=(folder,))
    got = fetch(entry(drive_server.link(folder, folder=True)), fetch_ctx)
    assert got.source.file_id == fid and got.source.notes == ()


def test_folder_with_no_video_fails(drive_server: DriveServer, fetch_ctx: FetchContext) -> None:
    folder = drive_server.add_folder("KIPP")
    drive_server.add_file("poster.jpg", b"\xff\xd8jpeg", mime_type="image/jpeg", parents=(folder,))
    with pytest.raises(WrongSource) as caught:
        fetch(entry(drive_server.link(folder, folder=True)), fetch_ctx)
    assert caught.value.outcome == "fail" and caught.value.check_id == "fetch.access"
    assert folder in caught.value.render(
        "id"
    ) and "tidak berisi berkas video" in caught.value.render("id")


def test_folder_with_three_videos_uses_the_newest_and_says_so(
    drive_server: DriveServer, fetch_ctx: FetchContext
) -> None:
    folder = drive_server.add_folder("KIPP")
    for day, name in ((29, "draft.mp4"), (31, "final.mp4"), (30, "revisi.mp4")):
        drive_server.add_file(
            name,
            name.encode() * 1000,
            parents=(folder,),
            modified_time=datetime(2024, 5, day, tzinfo=UTC),
        )
    got = fetch(entry(drive_server.link(folder, folder=True)), fetch_ctx)
    assert got.source.name == "final.mp4"
    (note,) = got.source.notes
    assert note.code == "drive.folder_several"
    assert note.params == {"count": 3, "chosen": "final.mp4", "others": "revisi.mp4, draft.mp4"}


def test_shortcut_inside_a_folder(drive_server: DriveServer, fetch_ctx: FetchContext) -> None:
    fid = add_video(drive_server)
    folder = drive_server.add_folder("KIPP")
    drive_server.add_shortcut(fid, parents=(folder,))
    assert fetch(entry(drive_server.link(folder, folder=True)), fetch_ctx).source.file_id == fid


# ------------------------------------------------------------ wrong sources
def test_docs_file_behind_a_drive_link_fails(
    drive_server: DriveServer, fetch_ctx: FetchContext
) -> None:
    doc = drive_server.add_doc("Proposal inovasi")
    with pytest.raises(WrongSource) as caught:
        fetch(entry(drive_server.link(doc)), fetch_ctx)
    assert "bukan video" in caught.value.render("id")
    assert drive_server.media_requests() == []


def test_docs_link_fails_without_asking_drive(
    drive_server: DriveServer, fetch_ctx: FetchContext
) -> None:
    doc = drive_server.add_doc("Proposal inovasi")
    with pytest.raises(LinkError) as caught:
        fetch(entry(f"https://docs.google.com/document/d/{doc}/edit"), fetch_ctx)
    assert caught.value.key == "link.docs" and caught.value.outcome == "fail"
    assert drive_server.requests == []


def test_html_page_served_as_the_video_is_refused(
    drive_server: DriveServer, fetch_ctx: FetchContext
) -> None:
    fid = add_video(drive_server)
    drive_server.html_as_video(fid)
    with pytest.raises(WrongSource) as caught:
        fetch(entry(drive_server.link(fid)), fetch_ctx)
    assert caught.value.key == "drive.html_page"
    assert list((fetch_ctx.cache_dir / "drive").iterdir()) == []


def test_size_cap_refuses_before_downloading(
    drive_server: DriveServer, fetch_ctx: FetchContext
) -> None:
    fid = add_video(drive_server)
    config = fetch_ctx.config.model_copy(
        update={"fetch": fetch_ctx.config.fetch.model_copy(update={"max_size_mb": 0.1})}
    )
    ctx = FetchContext(config=config, cache_dir=fetch_ctx.cache_dir, drive=fetch_ctx.drive)
    with pytest.raises(WrongSource) as caught:
        fetch(entry(drive_server.link(fid)), ctx)
    assert caught.value.key == "drive.too_large" and "0.3 MB" in caught.value.render("en")
    assert drive_server.media_requests() == []


def test_trashed_file_fails(drive_server: DriveServer, fetch_ctx: FetchContext) -> None:
    fid = add_video(drive_server, trashed=True)
    with pytest.raises(AccessDenied, match="trash"):
        fetch(entry(drive_server.link(fid)), fetch_ctx)


# ------------------------------------------------------- early duration check
@pytest.mark.parametrize(
    ("millis", "check_id", "limit"), [(30_000, "duration.min", 60), (150_500, "duration.max", 120)]
)
def test_duration_from_drive_rejects_without_downloading(
    millis: int, check_id: str, limit: int, drive_server: DriveServer, fetch_ctx: FetchContext
) -> None:
    fid = drive_server.add_file("video.mp4", CONTENT, duration_ms=millis)
    with pytest.raises(DurationRejected) as caught:
        fetch(entry(drive_server.link(fid)), fetch_ctx)
    err = caught.value
    assert (err.check_id, err.outcome) == (check_id, "fail")
    assert err.params["duration_s"] == millis / 1000 and err.params["limit_s"] == limit
    assert err.params["source"] == "drive"
    assert "Menurut Google Drive" in err.render("id") and "Google Drive" in err.render("en")
    assert drive_server.media_requests() == []


def test_duration_near_the_limit_is_left_to_the_probe(
    drive_server: DriveServer, fetch_ctx: FetchContext
) -> None:
    fid = drive_server.add_file("video.mp4", CONTENT, duration_ms=59_500)
    assert fetch(entry(drive_server.link(fid)), fetch_ctx).source.drive_duration_s == 59.5


# --------------------------------------------------------------------- faults
@pytest.mark.parametrize("status", [429, 500, 503])
def test_status_then_ok_is_retried(
    status: int, drive_server: DriveServer, fetch_ctx: FetchContext
) -> None:
    fid = add_video(drive_server)
    drive_server.fail_then_ok(status=status, times=3)  # attempts=4 in tests
    assert fetch(entry(drive_server.link(fid)), fetch_ctx).source.md5 == MD5


def test_5xx_burst_during_download_is_retried(
    drive_server: DriveServer, fetch_ctx: FetchContext
) -> None:
    fid = add_video(drive_server)
    drive_server.burst(status=503, times=2, on="media")
    drive_server.burst(status=500, times=1, on="media")
    assert fetch(entry(drive_server.link(fid)), fetch_ctx).path.read_bytes() == CONTENT


@pytest.mark.parametrize("reason", ["rateLimitExceeded", "userRateLimitExceeded"])
def test_rate_limit_reasons_are_retried(
    reason: str, drive_server: DriveServer, fetch_ctx: FetchContext
) -> None:
    fid = add_video(drive_server)
    drive_server.forbid(None, reason, times=2)
    assert fetch(entry(drive_server.link(fid)), fetch_ctx).source.md5 == MD5


@pytest.mark.parametrize(("status", "reason"), [(503, ""), (403, "userRateLimitExceeded")])
def test_retries_give_up_with_an_error_verdict(
    status: int, reason: str, drive_server: DriveServer, fetch_ctx: FetchContext
) -> None:
    fid = add_video(drive_server)
    drive_server.fail_then_ok(status=status, reason=reason, times=10)
    with pytest.raises(TransientFetchError) as caught:
        fetch(entry(drive_server.link(fid)), fetch_ctx)
    assert caught.value.outcome == "error"
    assert "4" in caught.value.render("id") and "kipp rerun" in caught.value.render("id")
    assert len(drive_server.requests) == 4  # the policy's bound


def test_dropped_connection_is_resumed_within_a_run(
    drive_server: DriveServer, fetch_ctx: FetchContext
) -> None:
    fid = add_video(drive_server)
    drive_server.drop_after(10_000, times=2, from_byte=65_536)
    assert fetch(entry(drive_server.link(fid)), fetch_ctx).path.read_bytes() == CONTENT
    ranges = [r["range"] for r in drive_server.media_requests(fid)]
    assert ranges.count("bytes=65536-131071") == 3


def test_download_cut_twice_completes_with_the_right_md5(
    drive_server: DriveServer, kipp_config: object, tmp_path: Path, drive_client: DriveClient
) -> None:
    """Two runs die mid-download (retries off, like a killed process); each next run
    continues from the bytes already in ``.part``."""
    from pipeline.fetch.drive import connect
    from pipeline.retry import RetryPolicy

    client = connect(
        api_key="k",
        endpoint=drive_server.endpoint,
        chunk_size=64 * 1024,
        retry=RetryPolicy(attempts=1, wait_scale=0),
    )
    assert client is not None
    fid = add_video(drive_server)
    drive_server.drop_after(1_000, from_byte=65_536)
    drive_server.drop_after(5_000, from_byte=196_608)
    with client:
        ctx = FetchContext(config=kipp_config, cache_dir=tmp_path, drive=client)  # type: ignore[arg-type]
        for expected_part in (65_536, 196_608):
            with pytest.raises(TransientFetchError):
                fetch(entry(drive_server.link(fid)), ctx)
            (part,) = (tmp_path / "drive").glob("*.part")
            assert part.stat().st_size == expected_part
        got = fetch(entry(drive_server.link(fid)), ctx)
    assert hashlib.md5(got.path.read_bytes()).hexdigest() == MD5
    starts = [r["range"].split("=")[1].split("-")[0] for r in drive_server.media_requests()]
    assert starts == ["0", "65536", "65536", "131072", "196608", "196608", "262144"]


def test_corrupt_download_is_not_kept(drive_server: DriveServer, fetch_ctx: FetchContext) -> None:
    fid = add_video(drive_server, md5="0" * 32)  # Drive's md5 disagrees with the bytes
    with pytest.raises(TransientFetchError) as caught:
        fetch(entry(drive_server.link(fid)), fetch_ctx)
    assert caught.value.key == "drive.md5_mismatch"
    assert list((fetch_ctx.cache_dir / "drive").iterdir()) == []


def test_slow_body_still_completes(drive_server: DriveServer, fetch_ctx: FetchContext) -> None:
    fid = drive_server.add_file("kecil.mp4", CONTENT[:40_000])
    drive_server.slow(400_000)
    assert fetch(entry(drive_server.link(fid)), fetch_ctx).source.size == 40_000


@pytest.mark.parametrize(
    ("limits", "key"),
    [({"deadline_s": 0.3}, "fetch.deadline"),
     ({"min_rate_kbps": 2000, "rate_window_s": 0.3}, "fetch.too_slow")],
)  # fmt: skip
def test_a_slow_drive_download_is_stopped_by_its_budget(
    drive_server: DriveServer, fetch_ctx: FetchContext, limits: dict[str, float], key: str
) -> None:
    """Every chunk arrives before the read timeout, at 200 KB/s: the whole-transfer
    deadline or the least rate ([fetch] deadline_s, min_rate_kbps) stops it; the .part
    stays for the next run."""
    fid = drive_server.add_file("kecil.mp4", CONTENT)
    drive_server.slow(200_000)
    rules = fetch_ctx.config.fetch.model_copy(update=limits)
    ctx = replace(fetch_ctx, config=fetch_ctx.config.model_copy(update={"fetch": rules}))
    with pytest.raises(TransientFetchError) as caught:
        fetch(entry(drive_server.link(fid)), ctx)
    assert caught.value.key == key and caught.value.outcome == "error"
    assert len(drive_server.media_requests(fid)) < len(CONTENT) // (64 * 1024)
    assert [p.suffix for p in (ctx.cache_dir / "drive").iterdir()] == [".part"]


def test_timeout_on_a_stalled_body_gives_an_error(
    drive_server: DriveServer, kipp_config: object, tmp_path: Path, clean_drive_env: None
) -> None:
    from pipeline.fetch.drive import connect
    from pipeline.retry import RetryPolicy

    fid = drive_server.add_file("kecil.mp4", CONTENT[:4_000])
    drive_server.slow(1_000, times=2, block=1_000)  # 1 s between blocks; client waits 0.3 s
    client = connect(
        api_key="k",
        endpoint=drive_server.endpoint,
        timeout=0.3,
        retry=RetryPolicy(attempts=2, wait_scale=0),
    )
    assert client is not None
    with client:
        ctx = FetchContext(config=kipp_config, cache_dir=tmp_path, drive=client)  # type: ignore[arg-type]
        with pytest.raises(TransientFetchError) as caught:
            fetch(entry(drive_server.link(fid)), ctx)
    assert "TimeoutError" in str(caught.value.detail)


def test_connection_refused_gives_an_error(
    kipp_config: object, tmp_path: Path, clean_drive_env: None
) -> None:
    from pipeline.fetch.drive import connect
    from pipeline.retry import RetryPolicy

    with DriveServer() as server:
        endpoint = server.endpoint
    client = connect(api_key="k", endpoint=endpoint, retry=RetryPolicy(attempts=2, wait_scale=0))
    assert client is not None
    with client:
        ctx = FetchContext(config=kipp_config, cache_dir=tmp_path, drive=client)  # type: ignore[arg-type]
        with pytest.raises(TransientFetchError) as caught:
            fetch(entry(DriveServer.link("1kippABCDEFGHIJKLMNOPQRSTUVWXYZ")), ctx)
    assert "ConnectionRefusedError" in str(caught.value.detail)


def test_download_quota_exceeded(drive_server: DriveServer, fetch_ctx: FetchContext) -> None:
    fid = add_video(drive_server)
    drive_server.download_quota_exceeded(fid)
    with pytest.raises(QuotaExceeded) as caught:
        fetch(entry(drive_server.link(fid)), fetch_ctx)
    err = caught.value
    assert (err.outcome, err.check_id) == ("error", "fetch.access")
    assert fid in err.render("id") and "salinan baru" in err.render("id")
    assert "fresh copy" in err.render("en")
    assert len(drive_server.media_requests()) == 1  # not retried


def test_not_found_names_the_file_and_the_fix(
    drive_server: DriveServer, fetch_ctx: FetchContext
) -> None:
    fid = add_video(drive_server)
    drive_server.not_found(fid)
    with pytest.raises(AccessDenied) as caught:
        fetch(entry(drive_server.link(fid)), fetch_ctx)
    text = caught.value.render("id")
    assert caught.value.outcome == "fail"
    assert fid in text and drive_server.link(fid) in text
    assert "Siapa saja yang memiliki link" in text


@pytest.mark.parametrize("reason", ["insufficientFilePermissions", "cannotDownloadFile"])
def test_download_disabled_reasons(
    reason: str, drive_server: DriveServer, fetch_ctx: FetchContext
) -> None:
    fid = add_video(drive_server)
    drive_server.forbid(fid, reason, on="media")
    with pytest.raises(AccessDenied) as caught:
        fetch(entry(drive_server.link(fid)), fetch_ctx)
    assert caught.value.key == "drive.no_download"
    assert "menonaktifkan unduhan" in caught.value.render("id")


def test_can_download_false_fails_before_downloading(
    drive_server: DriveServer, fetch_ctx: FetchContext
) -> None:
    fid = add_video(drive_server, can_download=False)
    with pytest.raises(AccessDenied) as caught:
        fetch(entry(drive_server.link(fid)), fetch_ctx)
    assert caught.value.key == "drive.no_download"
    assert drive_server.media_requests() == []


def test_no_client_means_drive_unavailable(kipp_config: object, tmp_path: Path) -> None:
    """kipp started without Drive access: its own setup, so the entry is an ``error``
    (try again with credentials), never a ``fail`` that tells the agency to re-share."""
    ctx = FetchContext(config=kipp_config, cache_dir=tmp_path)  # type: ignore[arg-type]
    with pytest.raises(NoSourceAccess, match="without Drive access") as caught:
        fetch(entry(DriveServer.link("1kippABCDEFGHIJKLMNOPQRSTUVWXYZ")), ctx)
    assert caught.value.outcome == "error"
    assert not isinstance(caught.value, LinkError)


KILLED_CHILD = """
import sys
from pathlib import Path
from pipeline.config import load_config
from pipeline.fetch import FetchContext
from pipeline.fetch import fetch
from pipeline.fetch.drive import connect
from pipeline.models import Entry
endpoint, link, cache, config = sys.argv[1:5]
client = connect(api_key="k", endpoint=endpoint, chunk_size=64 * 1024)
ctx = FetchContext(config=load_config(Path(config)), cache_dir=Path(cache), drive=client)
fetch(Entry(entry_id="x", agency="X", link=link, row=2), ctx)
"""


def test_killed_run_resumes_from_the_bytes_on_disk(
    drive_server: DriveServer, fetch_ctx: FetchContext, kipp_config: object
) -> None:
    import signal
    import subprocess
    import sys
    import time

    fid = add_video(drive_server)
    drive_server.slow(100_000, times=None)  # 300 kB take 3 s: time to kill the run
    link = drive_server.link(fid)
    config_path = Path(__file__).resolve().parents[1] / "config" / "kipp-minut-2024.toml"
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            KILLED_CHILD,
            drive_server.endpoint,
            link,
            str(fetch_ctx.cache_dir),
            str(config_path),
        ],
    )
    try:
        deadline = time.monotonic() + 30
        parts: list[Path] = []
        while time.monotonic() < deadline and child.poll() is None:
            parts = list((fetch_ctx.cache_dir / "drive").glob("*.part"))
            if parts and parts[0].stat().st_size >= 65_536:
                break
            time.sleep(0.02)
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait(timeout=10)
    (part,) = parts
    on_disk = part.stat().st_size
    assert 0 < on_disk < len(CONTENT)
    drive_server.clear_faults()
    requests_before = len(drive_server.media_requests())
    got = fetch(entry(link), fetch_ctx)
    assert hashlib.md5(got.path.read_bytes()).hexdigest() == MD5
    resumed = drive_server.media_requests()[requests_before]
    assert resumed["range"].startswith(f"bytes={on_disk}-")


def test_one_client_serves_concurrent_fetches(
    drive_server: DriveServer, fetch_ctx: FetchContext
) -> None:
    """The runner fetches in threads: each gets its own connection; two entries with
    the same link share one download."""
    from concurrent.futures import ThreadPoolExecutor

    files = {drive_server.add_file(f"v{i}.mp4", os.urandom(150_000)): i for i in range(4)}
    links = [drive_server.link(fid) for fid in files] + [drive_server.link(next(iter(files)))]
    drive_server.drop_after(20_000, times=3)
    with ThreadPoolExecutor(4) as pool:
        got = list(pool.map(lambda link: fetch(entry(link), fetch_ctx), links))
    for fetched in got:
        assert fetched.path.read_bytes() == drive_server.files[fetched.source.file_id].data
    assert got[0].path == got[-1].path


def test_folder_video_recognised_by_its_name(
    drive_server: DriveServer, fetch_ctx: FetchContext
) -> None:
    folder = drive_server.add_folder("KIPP")
    fid = drive_server.add_file(
        "REKAMAN.MOV", CONTENT, mime_type="application/octet-stream", parents=(folder,)
    )
    drive_server.add_file(
        "notes.bin", b"x", mime_type="application/octet-stream", parents=(folder,)
    )
    assert fetch(entry(drive_server.link(folder, folder=True)), fetch_ctx).source.file_id == fid


def test_full_disk_stops_the_run_not_a_retry(
    drive_server: DriveServer, fetch_ctx: FetchContext
) -> None:
    """The .part file is a symlink to /dev/full: every write fails with ENOSPC.  kipp's
    own disk is not the agency's fault: DiskError (the CLI exits 3), naming the folder."""
    fid = add_video(drive_server)
    part = fetch_ctx.cache_dir / "drive" / f"{fid}-{MD5}.mp4.part"
    part.parent.mkdir(parents=True)
    part.symlink_to("/dev/full")
    with pytest.raises(DiskError) as caught:
        fetch(entry(drive_server.link(fid)), fetch_ctx)
    assert caught.value.full and caught.value.folder == part.parent
    assert str(caught.value) == (
        f"{part.parent} is full (No space left on device): free space, then run again."
    )
    assert len(drive_server.media_requests()) <= 2  # not retried


def test_timeout_then_ok_recovers_the_connection(
    drive_server: DriveServer, kipp_config: Config, tmp_path: Path, clean_drive_env: None
) -> None:
    """A chunk that stalls past the timeout is requested again on a fresh connection;
    the bytes come out right."""
    fid = add_video(drive_server)
    drive_server.slow(100_000, times=1, block=30_000, from_byte=65_536)  # 0.3 s stall
    client = connect(
        api_key="k",
        endpoint=drive_server.endpoint,
        timeout=0.1,
        chunk_size=64 * 1024,
        retry=RetryPolicy(attempts=6, wait_scale=0),
    )
    assert client is not None
    with client:
        got = fetch(entry(drive_server.link(fid)), FetchContext(kipp_config, tmp_path, client))
    assert got.path.read_bytes() == CONTENT
