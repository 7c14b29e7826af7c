"""Say what the file is (issue 9, part 2): archives, documents, images, audio files and
web pages are named for what they are, from Drive's mimeType before any download, and
from the file's first bytes otherwise; the message says what to do and holds no path."""

from __future__ import annotations

import io
import os
import zipfile

import pytest

from fixtures.drive_server import DriveServer
from fixtures.not_video import FILES, _zip
from pipeline.errors import NotAVideo, WrongSource
from pipeline.fetch import FetchContext, fetch
from pipeline.media.filekind import Kind, from_head, from_mime
from pipeline.media.probe import probe
from pipeline.models import Entry

KINDS = {
    "zip": Kind("archive", "ZIP"),
    "rar": Kind("archive", "RAR"),
    "7z": Kind("archive", "7z"),
    "docx": Kind("document", "Word (DOCX)"),
    "pptx": Kind("document", "PowerPoint (PPTX)"),
    "xlsx": Kind("document", "Excel (XLSX)"),
    "pdf": Kind("document", "PDF"),
    "html": Kind("web_page", "HTML"),
}


@pytest.mark.parametrize("sample", sorted(KINDS))
def test_first_bytes_and_drive_mimetype_name_the_same_kind(sample):
    data, mime = FILES[sample]
    assert from_head(data) == KINDS[sample]
    assert from_mime(mime) == KINDS[sample]


def test_media_bytes_and_types_are_left_to_the_probe(make_media):
    assert from_head(make_media("valid_90").read_bytes()[:8192]) is None
    assert from_head(make_media("vp9_webm").read_bytes()[:8192]) is None
    assert from_head(make_media("still_image").read_bytes()) == Kind("image", "PNG")
    for mime in ("video/mp4", "video/quicktime", "application/octet-stream", "", None):
        assert from_mime(mime) is None
    # containers that can carry a picture although Drive calls them audio
    assert from_mime("audio/webm") is None and from_mime("audio/mp4") is None
    assert from_mime("audio/mpeg") == Kind("audio", "MP3")
    assert from_mime("image/jpeg") == Kind("image", "JPEG")
    assert from_mime("image/heic") == Kind("image", "HEIC")


@pytest.mark.parametrize(
    ("sample", "key", "english"),
    [
        ("zip", "file.archive", "The link leads to a ZIP archive (video.zip), not a video: "
         "upload the video file itself and share its link."),
        ("rar", "file.archive", "The link leads to a RAR archive (video.zip), not a video: "
         "upload the video file itself and share its link."),
        ("7z", "file.archive", "The link leads to a 7z archive (video.zip), not a video: "
         "upload the video file itself and share its link."),
        ("docx", "file.document", "The link leads to a document (Word (DOCX): video.zip), "
         "not a video: upload the video file itself and share its link."),
        ("pptx", "file.document", "The link leads to a document (PowerPoint (PPTX): video.zip), "
         "not a video: upload the video file itself and share its link."),
        ("xlsx", "file.document", "The link leads to a document (Excel (XLSX): video.zip), "
         "not a video: upload the video file itself and share its link."),
        ("pdf", "probe.pdf", "File video.zip is a PDF document, not a video. Ask the agency "
         "to upload the original video file to Google Drive again."),
    ],
)  # fmt: skip
def test_a_downloaded_file_is_named_for_what_it_is_without_kipps_folders(
    tmp_path, sample, key, english
):
    """The file as it lies in kipp's download cache; messages call it by its Drive name."""
    cached = tmp_path / ".kipp" / "cache" / "drive" / f"1AbCdEf-5d41402abc.{sample}"
    cached.parent.mkdir(parents=True)
    cached.write_bytes(FILES[sample][0])
    with pytest.raises(NotAVideo) as caught:
        probe(cached, name="video.zip")
    assert caught.value.key == key
    assert caught.value.render("en") == english
    for lang in ("id", "en"):
        assert str(tmp_path) not in caught.value.render(lang)
        assert ".kipp" not in caught.value.render(lang)


def test_an_unknown_unreadable_file_shows_no_cache_path(tmp_path):
    """Before: '... (/…/.kipp/cache/drive/x.bin: Invalid data found when processing input);
    probably cut short or damaged'."""
    cached = tmp_path / ".kipp" / "cache" / "drive" / "1AbC-9f.bin"
    cached.parent.mkdir(parents=True)
    cached.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(NotAVideo) as caught:
        probe(cached, name="rekaman.mp4")
    assert caught.value.key == "probe.no_index"
    text = caught.value.render("en")  # ffprobe's words follow the sentence (logs only)
    assert caught.value.render("en", detail=False) == (
        "File rekaman.mp4 cannot be read as a video; the upload was probably cut short or "
        "the file is damaged. Ask the agency to upload the original video file to Google "
        "Drive again."
    )
    assert caught.value.detail == "rekaman.mp4: Invalid data found when processing input"
    assert text.endswith(" (rekaman.mp4: Invalid data found when processing input)")
    assert str(tmp_path) not in text


def test_indonesian_message_says_what_to_do(tmp_path):
    cached = tmp_path / "a.zip"
    cached.write_bytes(FILES["zip"][0])
    with pytest.raises(NotAVideo) as caught:
        probe(cached, name="video inovasi.zip")
    assert caught.value.render("id") == (
        "Link mengarah ke arsip ZIP (video inovasi.zip), bukan video: unggah berkas videonya "
        "sendiri lalu bagikan link berkas video tersebut."
    )


# ------------------------------------------------------------------ Drive
def entry(link: str) -> Entry:
    return Entry(entry_id="dinas-sosial", agency="Dinas Sosial", link=link, row=2)


@pytest.mark.parametrize(
    ("name", "data", "mime", "key", "what"),
    [
        ("video.zip", FILES["zip"][0], "application/zip", "file.archive", "ZIP"),
        ("video.rar", FILES["rar"][0], "application/vnd.rar", "file.archive", "RAR"),
        ("video.7z", FILES["7z"][0], "application/x-7z-compressed", "file.archive", "7z"),
        ("proposal.pdf", FILES["pdf"][0], "application/pdf", "file.document", "PDF"),
        ("proposal.docx", FILES["docx"][0], FILES["docx"][1], "file.document", "Word (DOCX)"),
        ("slides.pptx", FILES["pptx"][0], FILES["pptx"][1], "file.document", "PowerPoint (PPTX)"),
        ("data.xlsx", FILES["xlsx"][0], FILES["xlsx"][1], "file.document", "Excel (XLSX)"),
        ("poster.jpg", b"\xff\xd8\xff\xe0jpeg", "image/jpeg", "file.image", "JPEG"),
        ("lagu.mp3", b"ID3\x03mp3", "audio/mpeg", "file.audio", "MP3"),
        ("video.html", FILES["html"][0], "text/html", "file.web_page", "HTML"),
    ],
)
def test_drive_mimetype_names_the_file_and_nothing_is_downloaded(
    drive_server: DriveServer, fetch_ctx: FetchContext, name, data, mime, key, what
) -> None:
    fid = drive_server.add_file(name, data, mime_type=mime)
    with pytest.raises(WrongSource) as caught:
        fetch(entry(drive_server.link(fid)), fetch_ctx)
    assert (caught.value.key, caught.value.params["what"], caught.value.outcome) == (
        key,
        what,
        "fail",
    )
    assert name in caught.value.render("en") and "share its link" in caught.value.render("en")
    assert caught.value.source_facts.mime_type == mime  # the report still shows Drive's facts
    assert drive_server.media_requests() == []


def test_an_archive_drive_calls_binary_stops_at_its_first_chunk(
    drive_server: DriveServer, fetch_ctx: FetchContext
) -> None:
    """Drive does not know the type: the first bytes say ZIP, the rest is not fetched."""
    big = _zip([("video inovasi.mp4", os.urandom(400_000))])  # ~7 chunks of 64 KiB
    assert zipfile.ZipFile(io.BytesIO(big)).namelist() == ["video inovasi.mp4"]
    fid = drive_server.add_file("kiriman.bin", big, mime_type="application/octet-stream")
    with pytest.raises(WrongSource) as caught:
        fetch(entry(drive_server.link(fid)), fetch_ctx)
    assert caught.value.key == "file.archive"
    assert caught.value.render("en").startswith("The link leads to a ZIP archive (kiriman.bin)")
    assert len(drive_server.media_requests(fid)) == 1
    drive_dir = fetch_ctx.cache_dir / "drive"
    assert not drive_dir.exists() or list(drive_dir.iterdir()) == []
