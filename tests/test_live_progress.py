"""Live progress through the real runner: a Drive download's bytes and the decode's share
reach ``Env.progress`` while the entry runs (what the terminal display shows)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from fixtures.drive_server import DriveServer
from pipeline.config import Config
from pipeline.fetch.drive import DriveClient
from pipeline.models import Entry
from pipeline.runner import Env, validate
from tests.test_runner import all_found


def test_a_drive_entry_reports_download_bytes_and_decode_share(
    drive_server: DriveServer,
    drive_client: DriveClient,
    config: Config,
    tmp_path: Path,
    make_media: Callable[[str], Path],
) -> None:
    video = make_media("valid_90")
    fid = drive_server.add_file("inovasi.mp4", video)
    events: list[tuple[str, str, float]] = []
    env = Env(
        config=config, out=tmp_path / "out", lang="id", cache_dir=tmp_path / "cache",
        drive=drive_client, find_sections=all_found,
        progress=lambda entry, stage, value: events.append((entry.entry_id, stage, value)),
    )  # fmt: skip
    entry = Entry(entry_id="dinas-sosial", agency="Dinas Sosial", row=2,
                  link=drive_server.link(fid))  # fmt: skip
    assert validate(entry, env).report.verdict == "pass"
    fetched = [v for e, s, v in events if s == "fetch"]
    decoded = [v for e, s, v in events if s == "analysis"]
    assert {e for e, _, _ in events} == {"dinas-sosial"}
    size = video.stat().st_size
    assert len(fetched) >= 2 and fetched == sorted(fetched) and fetched[-1] == size  # 64 KiB chunks
    assert decoded and decoded == sorted(set(decoded)) and decoded[-1] == 1.0
