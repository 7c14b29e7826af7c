"""A fetch that failed for a reason in the file itself is remembered (issue 9, part 4):
while Drive's metadata (md5, modifiedTime) is unchanged the next run downloads nothing
and reports the same; ``--force`` fetches again; a changed file is fetched again."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from fixtures.drive_server import DriveServer
from fixtures.not_video import FILES, _zip
from pipeline.config import Config
from pipeline.fetch.drive import DriveClient
from pipeline.models import Entry, Verdict
from pipeline.runner import Env, run_batch
from pipeline.store import Store

PAGE = FILES["html"][0]  # 148 bytes: Drive's virus-scan warning page


def entry(link: str) -> Entry:
    return Entry(entry_id="dinas-sosial", agency="Dinas Sosial", link=link, row=2)


@pytest.fixture
def env(config: Config, tmp_path: Path, drive_client: DriveClient) -> Iterator[Env]:
    out = tmp_path / "out"
    with Store.open(out) as store:
        yield Env(config=config, out=out, lang="en", cache_dir=out / ".kipp" / "cache",
                  store=store, drive=drive_client,
                  clock=lambda: datetime(2024, 5, 31, 12, tzinfo=UTC))  # fmt: skip


def _fetch_message(outcome) -> str:
    return next(c.message for c in outcome.report.checks if c.id == "fetch.access")


def test_a_web_page_served_as_the_video_is_not_downloaded_again(
    drive_server: DriveServer, env: Env
) -> None:
    assert len(PAGE) == 148
    fid = drive_server.add_file("inovasi.mp4", PAGE)  # Drive calls it video/mp4
    entries = [entry(drive_server.link(fid))]
    [first] = run_batch(entries, env)
    assert first.report.verdict is Verdict.FAIL
    assert _fetch_message(first).startswith("Google Drive sent a web page instead of the video")
    assert len(drive_server.media_requests(fid)) == 1
    [second] = run_batch(entries, env)  # unchanged metadata: the stored outcome
    assert len(drive_server.media_requests(fid)) == 1
    assert (second.status, second.report.verdict, second.downloaded) == (
        "unchanged",
        Verdict.FAIL,
        0,
    )
    assert _fetch_message(second) == _fetch_message(first)
    assert second.report.source is not None and second.report.source.file_id == fid
    [forced] = run_batch(entries, env, force=True)  # --force: fetched again
    assert len(drive_server.media_requests(fid)) == 2
    assert forced.report.verdict is Verdict.FAIL


def test_a_changed_file_is_fetched_again(drive_server: DriveServer, env: Env) -> None:
    fid = drive_server.add_file("inovasi.mp4", PAGE)
    entries = [entry(drive_server.link(fid))]
    run_batch(entries, env)
    assert len(drive_server.media_requests(fid)) == 1
    other = PAGE.replace(b"Virus scan warning", b"Sign in  - Google ")
    assert len(other) == len(PAGE)
    stored = drive_server.files[fid]
    stored.data, stored.md5 = other, hashlib.md5(other).hexdigest()  # the agency replaced the file
    stored.modified_time = datetime(2024, 5, 31, 20, tzinfo=UTC)
    [again] = run_batch(entries, env)
    assert len(drive_server.media_requests(fid)) == 2
    assert again.report.verdict is Verdict.FAIL


def test_an_archive_drive_did_not_recognise_is_read_once(
    drive_server: DriveServer, env: Env
) -> None:
    data = _zip([("video inovasi.mp4", os.urandom(200_000))])
    fid = drive_server.add_file("kiriman", data, mime_type="application/octet-stream")
    entries = [entry(drive_server.link(fid))]
    [first] = run_batch(entries, env)
    assert _fetch_message(first).startswith("The link leads to a ZIP archive (kiriman)")
    [second] = run_batch(entries, env)
    assert len(drive_server.media_requests(fid)) == 1  # its first chunk, once
    assert _fetch_message(second) == _fetch_message(first)
