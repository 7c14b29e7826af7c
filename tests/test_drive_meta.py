"""Drive as agencies use it: a Google Forms upload cell with several links, and
folder links whose video sits in a subfolder.  Real google-api-python-client against
the local Drive v3 server (fixtures/drive_server.py)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from fixtures.drive_server import DriveServer
from pipeline.errors import AccessDenied, LinkError, WrongSource
from pipeline.fetch import FetchContext
from pipeline.fetch import fetch as fetch_any
from pipeline.fetch.drive_client import DriveClient
from pipeline.models import Entry
from tests.conftest import check_link

VIDEO = b"\x00\x00\x00\x18ftypmp42" + b"v" * 4000
PDF = b"%PDF-1.7\n" + b"p" * 500


def entry(link: str) -> Entry:
    return Entry(entry_id="dinas-kesehatan", agency="Dinas Kesehatan", link=link, row=2)


def day(d: int) -> datetime:
    return datetime(2024, 5, d, 10, tzinfo=UTC)


def upload_link(file_id: str) -> str:
    return f"https://drive.google.com/open?id={file_id}"  # as Google Forms writes it


# ------------------------------------------------------------ Forms upload cells
def test_forms_cell_with_the_proposal_and_the_video(
    drive_server: DriveServer, fetch_ctx: FetchContext
) -> None:
    pdf = drive_server.add_file("Proposal - Dinkes.pdf", PDF, mime_type="application/pdf")
    video = drive_server.add_file("Video - Dinkes.mp4", VIDEO, duration_ms=90_000)
    got = fetch_any(entry(f"{upload_link(pdf)}, {upload_link(video)}"), fetch_ctx)
    assert got.source.file_id == video and got.path.read_bytes() == VIDEO
    [note] = got.source.notes
    assert (note.code, note.params) == (
        "drive.cell_other_files",
        {"files": "Proposal - Dinkes.pdf (PDF)"},
    )
    assert drive_server.media_requests(pdf) == []  # the PDF was looked up, not downloaded


def test_forms_cell_with_several_videos_takes_the_newest_and_names_the_rest(
    drive_server: DriveServer, fetch_ctx: FetchContext
) -> None:
    old = drive_server.add_file("draft.mp4", VIDEO, modified_time=day(29))
    new = drive_server.add_file("final.mp4", VIDEO + b"2", modified_time=day(31))
    mid = drive_server.add_file("revisi.mov", VIDEO + b"3", modified_time=day(30))
    pdf = drive_server.add_file("proposal.pdf", PDF, mime_type="application/pdf")
    cell = ", ".join(upload_link(i) for i in (old, pdf, new, mid))
    got = fetch_any(entry(cell), fetch_ctx)
    assert got.source.file_id == new
    several, other = got.source.notes
    assert (several.code, several.params) == (
        "drive.cell_several",
        {"count": 3, "chosen": "final.mp4", "others": "revisi.mov, draft.mp4"},
    )
    assert other.params == {"files": "proposal.pdf (PDF)"}
    assert [r["file_id"] for r in drive_server.media_requests()] == [new]


def test_forms_cell_without_a_video_names_what_the_links_are(
    drive_server: DriveServer, fetch_ctx: FetchContext
) -> None:
    pdf = drive_server.add_file("proposal.pdf", PDF, mime_type="application/pdf")
    jpg = drive_server.add_file("poster.jpg", b"\xff\xd8\xff" + b"j" * 100, mime_type="image/jpeg")
    with pytest.raises(WrongSource) as caught:
        fetch_any(entry(f"{upload_link(pdf)}, {upload_link(jpg)}"), fetch_ctx)
    assert caught.value.key == "drive.cell_no_video" and caught.value.outcome == "fail"
    text = caught.value.render("en")
    assert text.startswith("None of the 2 links in the link cell (")
    assert "proposal.pdf (PDF), poster.jpg (JPEG)" in text
    assert drive_server.media_requests() == []


def test_forms_cell_whose_video_is_not_shared_says_so(
    drive_server: DriveServer, fetch_ctx: FetchContext
) -> None:
    pdf = drive_server.add_file("proposal.pdf", PDF, mime_type="application/pdf")
    video = drive_server.add_file("video.mp4", VIDEO)
    drive_server.not_found(video)
    with pytest.raises(AccessDenied) as caught:
        fetch_any(entry(f"{upload_link(pdf)}, {upload_link(video)}"), fetch_ctx)
    assert video in caught.value.render("en")


def test_forms_cell_with_an_unshared_extra_link_still_judges_the_video(
    drive_server: DriveServer, fetch_ctx: FetchContext
) -> None:
    hidden = drive_server.add_file("lain.mp4", VIDEO + b"x")
    drive_server.not_found(hidden)
    video = drive_server.add_file("video.mp4", VIDEO)
    got = fetch_any(entry(f"{upload_link(hidden)}, {upload_link(video)}"), fetch_ctx)
    assert got.source.file_id == video
    [note] = got.source.notes
    assert (note.code, note.params) == ("drive.cell_unreadable", {"links": upload_link(hidden)})


def test_the_same_video_by_folder_and_by_file_counts_once(
    drive_server: DriveServer, fetch_ctx: FetchContext
) -> None:
    folder = drive_server.add_folder("KIPP")
    video = drive_server.add_file("video.mp4", VIDEO, parents=(folder,))
    cell = f"{DriveServer.link(folder, folder=True)} , {DriveServer.link(video)}"
    got = fetch_any(entry(cell), fetch_ctx)
    assert (got.source.file_id, got.source.notes) == (video, ())


def test_a_cell_is_judged_by_its_first_usable_accepted_link_not_its_first_link(
    drive_server: DriveServer, fetch_ctx: FetchContext
) -> None:
    """Each link of a cell is classified once and the competition's services decide
    (2024: Drive only): a YouTube link before the Drive link is named, not judged; a
    Docs document before the video is named beside it; with no Drive link at all the
    run says the competition asks for one."""
    video = drive_server.add_file("video.mp4", VIDEO)
    youtube = "https://youtu.be/AbCdEfGhIj0"
    got = fetch_any(entry(f"{youtube} {DriveServer.link(video)}"), fetch_ctx)
    assert got.source.file_id == video
    [note] = got.source.notes
    assert (note.code, note.params) == ("source.cell_ignored", {"links": youtube})
    doc = f"https://docs.google.com/document/d/{'1DoC' * 6}/edit"
    got = fetch_any(entry(f"{doc}, {upload_link(video)}"), fetch_ctx)
    assert got.source.file_id == video
    assert [(n.code, n.params) for n in got.source.notes] == [
        ("drive.cell_other_files", {"files": doc})
    ]
    with pytest.raises(LinkError) as caught:
        fetch_any(entry(f"{youtube}, https://www.dropbox.com/s/abc/v.mp4"), fetch_ctx)
    assert (caught.value.key, caught.value.params["link"]) == ("source.drive_only", youtube)


def test_check_link_reads_a_forms_cell(
    drive_server: DriveServer, drive_client: DriveClient
) -> None:
    pdf = drive_server.add_file("proposal.pdf", PDF, mime_type="application/pdf")
    video = drive_server.add_file("video.mp4", VIDEO)
    out = check_link(f"{upload_link(pdf)}, {upload_link(video)}", drive_client)
    assert (out["can_download"], out["metadata"]["file_id"]) == (True, video)


# -------------------------------------------------------------- folders, deeper
def test_video_two_levels_down_is_found_with_its_subtitles(
    drive_server: DriveServer, fetch_ctx: FetchContext
) -> None:
    top = drive_server.add_folder("KIPP 2024 Dinkes")
    docs = drive_server.add_folder("Dokumen", parents=(top,))
    media = drive_server.add_folder("Media", parents=(top,))
    final = drive_server.add_folder("Final", parents=(media,))
    drive_server.add_file("proposal.pdf", PDF, mime_type="application/pdf", parents=(docs,))
    video = drive_server.add_file("inovasi.mp4", VIDEO, parents=(final,))
    drive_server.add_file(
        "inovasi.srt", b"1\n00:00:01,000 --> 00:00:02,000\nMasalah\n", parents=(final,)
    )
    got = fetch_any(entry(DriveServer.link(top, folder=True)), fetch_ctx)
    assert got.source.file_id == video and got.source.notes == ()
    assert [p.name.endswith(".srt") for p in got.sidecars] == [True]


def test_videos_in_the_folder_and_a_subfolder_newest_wins_others_by_path(
    drive_server: DriveServer, fetch_ctx: FetchContext
) -> None:
    top = drive_server.add_folder("KIPP")
    sub = drive_server.add_folder("Revisi", parents=(top,))
    drive_server.add_file("draft.mp4", VIDEO, parents=(top,), modified_time=day(29))
    new = drive_server.add_file("final.mp4", VIDEO + b"2", parents=(sub,), modified_time=day(31))
    got = fetch_any(entry(DriveServer.link(top, folder=True)), fetch_ctx)
    assert got.source.file_id == new
    [note] = got.source.notes
    assert note.params == {"count": 2, "chosen": "Revisi/final.mp4", "others": "draft.mp4"}


def test_folder_without_a_video_names_its_subfolders_and_files(
    drive_server: DriveServer, fetch_ctx: FetchContext
) -> None:
    top = drive_server.add_folder("KIPP")
    docs = drive_server.add_folder("Dokumen", parents=(top,))
    photos = drive_server.add_folder("Foto", parents=(top,))
    deep = drive_server.add_folder(
        "Arsip", parents=(drive_server.add_folder("2023", parents=(docs,)),)
    )
    drive_server.add_file("proposal.pdf", PDF, mime_type="application/pdf", parents=(docs,))
    drive_server.add_file("poster.jpg", b"\xff\xd8\xff", mime_type="image/jpeg", parents=(photos,))
    drive_server.add_file("lama.mp4", VIDEO, parents=(deep,))  # three levels down: not looked at
    with pytest.raises(WrongSource) as caught:
        fetch_any(entry(DriveServer.link(top, folder=True)), fetch_ctx)
    assert caught.value.key == "drive.folder_empty"
    assert (
        caught.value.params["subfolders"]
        == "'Dokumen', 'Foto', 'Dokumen/2023', 'Dokumen/2023/Arsip'"
    )
    assert caught.value.params["files"] == "Dokumen/proposal.pdf, Foto/poster.jpg"
    text = caught.value.render("id")
    assert "tidak berisi berkas video, juga di subfoldernya" in text
    assert "Subfolder: 'Dokumen', 'Foto'" in text
    assert text.endswith(
        "Minta instansi mengirim link berkas videonya sendiri: "
        "di Google Drive klik kanan video > Bagikan > Salin link."
    )
    assert drive_server.media_requests() == []


def test_an_empty_folder_says_it_holds_nothing(
    drive_server: DriveServer, fetch_ctx: FetchContext
) -> None:
    top = drive_server.add_folder("KIPP")
    with pytest.raises(WrongSource) as caught:
        fetch_any(entry(DriveServer.link(top, folder=True)), fetch_ctx)
    assert "Subfolders: -. Other files (0): -." in caught.value.render("en")


def test_a_cell_of_2000_links_reads_only_the_first_few_and_says_so(
    drive_server: DriveServer, fetch_ctx: FetchContext
) -> None:
    """2,000 Drive links in one cell were 2,002 API requests on every run: kipp reads the
    first ``[sources] max_links_per_cell`` (10) and the report says how many it left."""
    video = drive_server.add_file("Video - Dinkes.mp4", VIDEO, duration_ms=90_000)
    others = [f"{'Z' * 28}{n:05d}" for n in range(1999)]  # ids Drive does not know
    cell = ", ".join(upload_link(i) for i in [video, *others])
    got = fetch_any(entry(cell), fetch_ctx)
    assert got.source.file_id == video
    notes = {note.code: note.params for note in got.source.notes}
    assert notes["source.cell_limit"] == {"found": 2000, "read": 10}
    asked = {r["path"] for r in drive_server.requests}
    assert len(asked) <= 12  # 10 files looked up (and the video's bytes), not 2,000
