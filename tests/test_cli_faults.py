"""The real `kipp` command on a full or read-only out folder (issue 11): one message
naming the folder and the fix, exit 3 ("kipp could not do its own work"), no traceback,
no "Logging error", no ``.part`` left; the next run finishes the batch.

A small tmpfs gives a real full / read-only file system; where mounting is not allowed
those tests skip, and a file-size limit (RLIMIT_FSIZE) stands in for a full disk."""

from __future__ import annotations

import json
import resource
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from fixtures.web_server import WebServer
from fixtures.youtube_server import YouTubeServer
from tests.conftest import CONFIG_2024, ROOT

AGENCIES = ("Dinas Kesehatan", "Kecamatan Wori")


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory, make_media: Callable[[str], Path]) -> Path:
    folder = tmp_path_factory.mktemp("faults")
    rows = ["Timestamp,Nama Instansi,Judul Inovasi,Jenis Inovasi,Link Video"]
    for n, agency in enumerate(AGENCIES, 1):
        shutil.copy(make_media("black_90"), folder / f"v{n}.mp4")
        rows.append(f"31/05/2024 10:0{n}:00,{agency},Inovasi {n},Pelayanan Publik,v{n}.mp4")
    path = folder / "registry.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def kipp_run(
    registry: Path,
    out: Path,
    *extra: str,
    config: Path = CONFIG_2024,
    lang: str = "en",
    **popen: object,
) -> subprocess.CompletedProcess[str]:
    """``kipp run`` in a process; its messages in English (``lang``) unless asked."""
    args = ["run", "--config", str(config), "--registry", str(registry), "--out", str(out),
            "--lang", lang]  # fmt: skip
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args, *extra],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={
            "PATH": "/usr/local/bin:/usr/bin:/bin",
            "COLUMNS": "200",
            "NO_COLOR": "1",
            **popen.pop("env", {}),
        },  # type: ignore[dict-item]
        **popen,  # type: ignore[arg-type]
    )


def one_message(result: subprocess.CompletedProcess[str], out: Path, ends: str) -> None:
    """Exit 3 and exactly one stderr line: ``kipp: error: <a folder in OUT> ... <ends>``."""
    assert result.returncode == 3, result.stderr
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"kipp: error: {out}") and line.endswith(ends), line
    assert "Traceback" not in result.stdout and "Logging error" not in result.stdout


def no_report_parts(out: Path) -> None:
    assert not list(out.glob("*.part")) + list(out.glob("*/*.part"))
    assert not list(out.glob("*/history/*.part"))


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Callable[[str], Path]]:
    """``mount("size=1m")`` -> a fresh tmpfs folder (unmounted afterwards)."""
    mounted: list[Path] = []

    def mount(options: str) -> Path:
        where = tmp_path / f"mnt{len(mounted)}"
        where.mkdir()
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)],
                              capture_output=True, text=True, check=False)  # fmt: skip
        if done.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here ({done.stderr.strip()}): needs root")
        mounted.append(where)
        return where

    yield mount
    for where in mounted:
        subprocess.run(["umount", "-l", str(where)], check=False)


def remount(where: Path, options: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{options}", str(where)], check=True)


def test_full_disk_one_message_exit_3_then_the_next_run_finishes(
    registry: Path, tmpfs: Callable[[str], Path]
) -> None:
    disk = tmpfs("size=600k")
    out = disk / "reports"
    said = kipp_run(registry, out, lang="id")  # the officer's language by default
    assert said.returncode == 3 and said.stderr.startswith(f"kipp: galat: {out}")
    assert said.stderr.strip().endswith("): kosongkan ruang disk, lalu jalankan lagi.")
    result = kipp_run(registry, out)
    one_message(result, out, "): free space, then run again.")
    assert " is full (" in result.stderr
    no_report_parts(out)
    remount(disk, "size=20m")  # the officer frees space
    again = kipp_run(registry, out)
    assert again.returncode == 1, again.stderr  # needs_review: no sections in a black picture
    assert again.stderr == ""
    for folder in ("dinas-kesehatan", "kecamatan-wori"):
        assert (out / folder / "report.json").is_file()
    assert (out / "index.html").is_file() and (out / "berita-acara.pdf").is_file()
    assert not list(out.rglob("*.part"))


def test_out_folder_made_read_only_mid_run(
    registry: Path, tmpfs: Callable[[str], Path], tmp_path: Path
) -> None:
    """ffmpeg (a wrapper around the real one) makes OUT read-only right after its first
    decode (a read-only bind mount over it): kipp meets EROFS writing frames or reports."""
    out = tmpfs("size=20m") / "reports"
    flag = tmp_path / "make-read-only-once"
    flag.touch()
    wrapper = tmp_path / "ffmpeg"
    wrapper.write_text(
        f'#!/bin/sh\n"{shutil.which("ffmpeg")}" "$@"; rc=$?\n'
        f'if [ -e "{flag}" ]; then rm -f "{flag}"; mount --bind "{out}" "{out}" && '
        f'mount -o remount,bind,ro "{out}"; fi\nexit $rc\n'
    )
    wrapper.chmod(0o755)
    try:
        result = kipp_run(registry, out, "--workers", "1", env={"FFMPEG": str(wrapper)})
    finally:
        subprocess.run(["umount", str(out)], check=False, capture_output=True)
    one_message(
        result, out, " cannot be written (Read-only file system): make it writable (or "
        "choose another --out), then run again.",
    )  # fmt: skip
    no_report_parts(out)
    again = kipp_run(registry, out)
    assert again.returncode == 1 and again.stderr == ""
    assert (out / "index.html").is_file()
    assert not list(out.rglob("*.part"))


def _file_size_limit(limit: int) -> Callable[[], None]:
    def apply() -> None:  # in the child: writes past ``limit`` bytes fail with EFBIG
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def test_file_size_limit_stands_in_for_a_full_disk(registry: Path, tmp_path: Path) -> None:
    """Without mount: RLIMIT_FSIZE makes every write past 40 KB fail (EFBIG)."""
    out = tmp_path / "reports"
    result = kipp_run(registry, out, preexec_fn=_file_size_limit(40_000))
    one_message(result, out, ", then run again.")
    no_report_parts(out)
    again = kipp_run(registry, out)
    assert again.returncode == 1 and again.stderr == ""
    assert (out / "index.html").is_file()


def test_a_very_long_agency_name_and_title_still_give_index_and_pdf(
    tmp_path: Path, make_media: Callable[[str], Path]
) -> None:
    """Issue 11: a 10 KB agency name or a 1,800-character title made the PDF library
    raise: no index.html, no PDF, exit 1 with a traceback on every run."""
    shutil.copy(make_media("black_90"), tmp_path / "v.mp4")
    agency = "Dinas " + "Kependudukan dan Pencatatan Sipil " * 300
    title = ("Inovasi pelayanan terpadu berbasis aplikasi " * 45)[:1800]
    registry = tmp_path / "registry.csv"
    registry.write_text(
        "Timestamp,Nama Instansi,Judul Inovasi,Jenis Inovasi,Link Video\n"
        f"31/05/2024 10:00:00,{agency},{title},Pelayanan Publik,v.mp4\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = kipp_run(registry, out)
    assert result.returncode == 1, result.stderr  # needs_review, said by the verdict only
    assert result.stderr == "" and "Traceback" not in result.stdout
    assert (out / "index.html").is_file() and (out / "berita-acara.pdf").is_file()
    [report] = out.glob("*/report.json")
    assert json.loads(report.read_text("utf-8"))["title"] == title.strip()


@dataclass(frozen=True)
class RemoteEntry:
    """One registry row whose link is a web file or a YouTube video, served locally."""

    registry: Path
    config: Path
    env: dict[str, str]
    size: int


@pytest.fixture(params=["web", "youtube"])
def remote_entry(
    request: pytest.FixtureRequest, tmp_path: Path, make_media: Callable[[str], Path]
) -> Iterator[RemoteEntry]:
    """A valid 419 KB video behind a web link (httpx) or YouTube (Data API + yt-dlp)."""
    media = make_media("valid_90")
    config = tmp_path / "kipp.toml"  # the 2024 rules, with web and YouTube links allowed
    config.write_text(
        CONFIG_2024.read_text("utf-8")
        .replace('allowed = ["drive"]', 'allowed = ["drive", "youtube", "url"]')
        .replace("allow_addresses = []", 'allow_addresses = ["127.0.0.1"]'),  # the stand-ins
        encoding="utf-8",
    )
    key = "AIzaSy-kipp-disk-test"
    with WebServer() as web, YouTubeServer(api_keys={key}) as yt:
        web.add_file("/inovasi/video.mp4", media)
        links = {
            "web": "https://media.minut.go.id/inovasi/video.mp4",
            "youtube": yt.add_video(
                "AbCdEfGhIj0", media=media, published_at=datetime(2024, 5, 20, tzinfo=UTC)
            ),
        }
        registry = tmp_path / "registry.csv"
        registry.write_text(
            "Timestamp,Nama Instansi,Judul Inovasi,Jenis Inovasi,Link Video\n"
            f"31/05/2024 10:00:00,Dinas Kesehatan,Inovasi 1,Pelayanan Publik,"
            f"{links[request.param]}\n",
            encoding="utf-8",
        )
        env = {
            "KIPP_SOURCE_HOSTS": f"media.minut.go.id={web.endpoint},www.youtube.com={yt.endpoint}",
            "KIPP_YOUTUBE_API_KEY": key,
            "KIPP_YOUTUBE_ENDPOINT": yt.endpoint,
            "KIPP_RETRY_WAIT_SCALE": "0",
        }
        yield RemoteEntry(registry, config, env, media.stat().st_size)


def downloads(out: Path, entry: RemoteEntry) -> Path:
    """The download cache of the entry's service: OUT/.kipp/cache/downloads/{web,youtube}."""
    source = "youtube" if "youtube" in entry.registry.read_text("utf-8") else "web"
    return out / ".kipp" / "cache" / "downloads" / source


def not_judged(out: Path, entry: RemoteEntry) -> None:
    """Nothing half downloaded and no report judging the entry (never the agency's fault)."""
    assert list(downloads(out, entry).iterdir()) == []  # no .part, no .parts folder
    assert not (out / "dinas-kesehatan" / "report.json").exists()


def not_judged_then_judged(out: Path, entry: RemoteEntry) -> None:
    """``not_judged``; then the next run fetches the video and judges it."""
    not_judged(out, entry)
    again = kipp_run(entry.registry, out, config=entry.config, env=entry.env)
    assert again.returncode == 1 and again.stderr == ""  # needs_review: no section is shown
    report = json.loads((out / "dinas-kesehatan" / "report.json").read_text("utf-8"))
    assert report["verdict"] == "needs_review"
    assert report["source"]["size"] == entry.size


def test_a_full_disk_while_downloading_a_link_stops_the_run_not_the_entry(
    remote_entry: RemoteEntry, tmp_path: Path
) -> None:
    """A file-size limit of 300 KB stands in for a full disk: the 419 KB download from a
    web link or YouTube meets EFBIG.  One line naming the download folder, exit 3."""
    out = tmp_path / "out"
    limited = kipp_run(remote_entry.registry, out, config=remote_entry.config,
                       env=remote_entry.env, preexec_fn=_file_size_limit(300_000))  # fmt: skip
    folder = downloads(out, remote_entry)
    assert limited.returncode == 3, limited.stderr
    assert limited.stderr.strip() == (
        f"kipp: error: {folder} is full (File too large): free space, then run again."
    )
    assert "Traceback" not in limited.stdout + limited.stderr
    not_judged_then_judged(out, remote_entry)


def test_a_read_only_download_folder_stops_the_run_not_the_entry(
    remote_entry: RemoteEntry, tmp_path: Path
) -> None:
    """The download folder is a read-only bind mount (EROFS; skipped where mounting is
    not allowed): one line naming it and the fix, exit 3, the entry not judged (the next
    run after the fix: the test above, the same clean-up)."""
    out = tmp_path / "out"
    folder = downloads(out, remote_entry)
    folder.mkdir(parents=True)
    made = subprocess.run(["mount", "--bind", str(folder), str(folder)],
                          capture_output=True, text=True, check=False)  # fmt: skip
    if made.returncode != 0:
        pytest.skip(f"cannot bind-mount here ({made.stderr.strip()}): needs root")
    try:
        subprocess.run(["mount", "-o", "remount,bind,ro", str(folder)], check=True)
        result = kipp_run(remote_entry.registry, out, config=remote_entry.config,
                          env=remote_entry.env)  # fmt: skip
    finally:
        subprocess.run(["umount", str(folder)], check=False, capture_output=True)
    assert result.returncode == 3, result.stderr
    assert result.stderr.strip() == (
        f"kipp: error: {folder} cannot be written (Read-only file system): make it "
        "writable (or choose another --out), then run again."
    )
    not_judged(out, remote_entry)
