"""The Drive fetch inside the real runner: what the report shows for Drive entries."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from fixtures.drive_server import DriveServer
from pipeline.config import Config
from pipeline.fetch.drive import DriveClient
from pipeline.models import CheckStatus, Entry
from pipeline.registry import load_registry
from pipeline.report import summarize, write_summary
from pipeline.runner import Env, validate


def entry(link: str) -> Entry:
    return Entry(entry_id="dinas-kesehatan", agency="Dinas Kesehatan", link=link, row=2)


def env(config: Config, tmp_path: Path, client: DriveClient) -> Env:
    return Env(
        config=config, out=tmp_path / "out", lang="id", cache_dir=tmp_path / "cache", drive=client
    )


def test_drive_entry_is_fetched_probed_and_reported(
    drive_server: DriveServer,
    drive_client: DriveClient,
    config: Config,
    tmp_path: Path,
    make_media: Callable[[str], Path],
) -> None:
    fid = drive_server.add_file("inovasi.mp4", make_media("valid_90"), duration_ms=90_000)
    report = validate(entry(drive_server.link(fid)), env(config, tmp_path, drive_client)).report
    checks = {c.id: c for c in report.checks}
    assert checks["fetch.access"].status == CheckStatus.PASS
    assert checks["duration.min"].status == CheckStatus.PASS
    assert report.source is not None
    assert (report.source.kind, report.source.file_id) == ("drive", fid)
    assert report.source.md5 == drive_server.files[fid].md5


def test_duration_from_drive_fails_the_entry_without_a_download(
    drive_server: DriveServer, drive_client: DriveClient, config: Config, tmp_path: Path
) -> None:
    fid = drive_server.add_file("pendek.mp4", b"\x00" * 1000, duration_ms=30_000)
    report = validate(entry(drive_server.link(fid)), env(config, tmp_path, drive_client)).report
    checks = {c.id: c for c in report.checks}
    assert report.verdict == "fail"
    assert checks["duration.min"].status == CheckStatus.FAIL
    assert "Menurut Google Drive" in checks["duration.min"].message
    assert (checks["duration.min"].value, checks["duration.min"].expected) == (30.0, ">= 60.000")
    assert drive_server.media_requests() == []


def test_quota_exceeded_is_an_error_verdict(
    drive_server: DriveServer, drive_client: DriveClient, config: Config, tmp_path: Path
) -> None:
    fid = drive_server.add_file("inovasi.mp4", b"\x00" * 1000)
    drive_server.download_quota_exceeded(fid)
    report = validate(entry(drive_server.link(fid)), env(config, tmp_path, drive_client)).report
    assert report.verdict == "error"
    fetch_check = next(c for c in report.checks if c.id == "fetch.access")
    assert "kuota unduhan" in fetch_check.message


def test_us_forms_export_with_upload_cells_judges_the_fixed_video(
    drive_server: DriveServer,
    drive_client: DriveClient,
    config: Config,
    tmp_path: Path,
    make_media: Callable[[str], Path],
) -> None:
    """Issue 9's registry: a US-locale Forms export, whose "File upload" cells hold the
    proposal and the video, with an old (6 May) and a fixed (30 May) row for Dinkes."""

    def cell(*ids: str) -> str:
        return '"' + ", ".join(f"https://drive.google.com/open?id={i}" for i in ids) + '"'

    may30 = datetime(2024, 5, 30, 8, tzinfo=UTC)
    pdf = drive_server.add_file("Proposal.pdf", b"%PDF-1.7 x", mime_type="application/pdf")
    old = drive_server.add_file("lama.mp4", make_media("valid_90"), modified_time=may30)
    fixed = drive_server.add_file("Video Dinkes.mp4", make_media("valid_90"), modified_time=may30)
    wori = drive_server.add_file("wori.mp4", make_media("valid_90"), modified_time=may30)
    registry = tmp_path / "Form Responses 1.csv"
    registry.write_text(
        "Timestamp,Nama Instansi,Judul Inovasi,Jenis Inovasi,Link Video\n"
        f"5/6/2024 9:12:40,Dinas Kesehatan,A,Pelayanan Publik,{cell(pdf, old)}\n"
        f"5/30/2024 16:03:11,Dinas Kesehatan,A,Pelayanan Publik,{cell(pdf, fixed)}\n"
        f"5/31/2024 20:45:02,Kecamatan Wori,B,Pelayanan Publik,{cell(wori)}\n",
        "utf-8",
    )
    dinkes, _ = load_registry(registry, config)
    assert dinkes.superseded[0].submitted_at.isoformat() == "2024-05-06T09:12:40+08:00"
    report = validate(dinkes, env(config, tmp_path, drive_client)).report
    checks = {c.id: c for c in report.checks}
    assert report.source is not None and report.source.file_id == fixed
    assert checks["fetch.access"].status == CheckStatus.PASS
    assert checks["deadline.modified_after"].status == CheckStatus.PASS
    assert (checks["fetch.source"].status, checks["fetch.source"].value) == (
        CheckStatus.PASS,
        "Proposal.pdf (PDF)",
    )
    assert "registry.timestamp" not in checks
    assert {r["file_id"] for r in drive_server.media_requests()} == {fixed}  # not the PDF


DECIDED_EARLY = [
    # Drive's modifiedTime, the deadline check's status and value, the failed checks
    (datetime(2024, 5, 30, 2, tzinfo=UTC), CheckStatus.PASS, "2024-05-30T10:00:00+08:00",
     ("duration.min",)),
    (datetime(2024, 6, 2, 1, tzinfo=UTC), CheckStatus.FAIL, "2024-06-02T09:00:00+08:00",
     ("deadline.modified_after", "duration.min")),
]  # fmt: skip


@pytest.mark.parametrize(("modified", "status", "value", "failed"), DECIDED_EARLY)
def test_entry_decided_on_drives_facts_judges_what_they_can_and_shows_drives_duration(
    drive_server: DriveServer,
    drive_client: DriveClient,
    config: Config,
    tmp_path: Path,
    modified: datetime,
    status: CheckStatus,
    value: str,
    failed: tuple[str, ...],
) -> None:
    """The demo's "Dinas Pertanian": Drive states 30 s, so duration.min fails before any
    download.  The link was opened and Drive gave its modifiedTime, so fetch.access and
    the deadline are judged on those facts; the checks that need the file stay skipped;
    every summary file shows Drive's 30 s, marked as Drive's figure."""
    fid = drive_server.add_file(
        "pendek.mp4", b"\x00" * 1000, duration_ms=30_000, modified_time=modified
    )
    run_env = env(config, tmp_path, drive_client)
    report = validate(entry(drive_server.link(fid)), run_env).report
    checks = {c.id: c for c in report.checks}
    assert report.verdict == "fail" and drive_server.media_requests() == []
    assert tuple(c.id for c in report.checks if c.status is CheckStatus.FAIL) == failed
    access = checks["fetch.access"]
    assert (access.status, access.value, access.key) == (
        CheckStatus.PASS,
        "drive",
        "check.fetch.facts",
    )
    assert access.message == (
        "Tautan dapat dibuka: pendek.mp4 (data sumbernya sudah cukup untuk memutuskan, "
        "berkas tidak diunduh)."
    )
    late = checks["deadline.modified_after"]
    assert (late.status, late.value, late.expected) == (
        status,
        value,
        "<= 2024-05-31T23:59:59+08:00",
    )
    for cid in ("file.is_video", "integrity.decode", "audio.present"):
        assert (checks[cid].status, checks[cid].key) == (CheckStatus.SKIP, "check.not_downloaded")
    assert checks["file.is_video"].message == (
        "Tidak diperiksa: berkas tidak diunduh, karena data sumbernya sudah memutuskan hasilnya."
    )
    assert report.probe is None and report.duration == (30.0, "drive")

    summary = summarize([report], config, "id", datetime(2024, 6, 3, tzinfo=UTC))
    (item,) = summary.entries
    assert (item.duration_s, item.duration_source, item.failed_checks) == (30.0, "drive", failed)
    write_summary(summary, [report], run_env.out, config)
    data = json.loads((run_env.out / "summary.json").read_text("utf-8"))["entries"][0]
    assert (data["duration_s"], data["duration_source"]) == (30.0, "drive")
    text = (run_env.out / "summary.csv").read_text("utf-8-sig")
    header, row = csv.reader(io.StringIO(text), delimiter=";")
    cells = dict(zip(header, row, strict=True))
    assert (cells["duration_s"], cells["duration_source"], cells["verdict"]) == (
        "30,000",
        "drive",
        "fail",
    )
    index = (run_env.out / "index.html").read_text("utf-8")
    assert (
        'data-sort="30.0">0:30 <small class="muted stated" title="Durasi menurut metadata ' in index
    )
    assert "(Drive)</small></td>" in index
    page = (run_env.out / "dinas-kesehatan" / "report.html").read_text("utf-8")
    assert (
        '<dd>30,000 detik<br><small id="duration-basis">Durasi menurut metadata Google Drive '
        "(angka dari sumbernya, tidak diukur dari berkas).</small></dd>"
    ) in page
