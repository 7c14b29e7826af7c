"""The Drive fetch inside the real runner: what the report shows for Drive entries."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from fixtures.drive_server import DriveServer
from pipeline.config import Config
from pipeline.fetch.drive import DriveClient
from pipeline.models import CheckStatus, Entry
from pipeline.registry import load_registry
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
