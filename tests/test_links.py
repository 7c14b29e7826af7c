"""Link intake: every Drive form, and what people paste around links."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import i18n
from pipeline.config import Config
from pipeline.errors import LinkError
from pipeline.fetch import FetchContext, fetch
from pipeline.fetch.links import DriveLink, parse
from pipeline.fetch.sources import classify, read_cell
from pipeline.models import Entry

ID = "1AbCdEfGhIjKlMnOpQrStUvWxYz012345"
KEY = "0-AbCdEfGhIjKlMnOpQrSt"

FILE_FORMS = [
    f"https://drive.google.com/file/d/{ID}/view?usp=sharing",
    f"https://drive.google.com/file/d/{ID}/view?usp=drive_link",
    f"https://drive.google.com/file/d/{ID}",
    f"https://drive.google.com/file/d/{ID}/",
    f"https://drive.google.com/file/d/{ID}/preview",
    f"https://drive.google.com/file/u/0/d/{ID}/view",
    f"https://drive.google.com/open?id={ID}",
    f"https://drive.google.com/uc?id={ID}&export=download",
    f"https://drive.google.com/uc?export=download&id={ID}",
    f"https://drive.usercontent.google.com/download?id={ID}&export=download",
    f"https://drive.usercontent.google.com/u/0/uc?id={ID}&export=download",
    f"https://docs.google.com/file/d/{ID}/edit",
]
FOLDER_FORMS = [
    f"https://drive.google.com/drive/folders/{ID}",
    f"https://drive.google.com/drive/folders/{ID}?usp=sharing",
    f"https://drive.google.com/drive/u/1/folders/{ID}?usp=sharing",
    f"https://drive.google.com/drive/mobile/folders/{ID}",
]


@pytest.mark.parametrize("url", FILE_FORMS)
def test_file_forms(url: str) -> None:
    link = parse(url)
    assert (link.kind, link.file_id, link.resource_key, link.message_key) == (
        "file",
        ID,
        None,
        None,
    )
    assert link.url == url


@pytest.mark.parametrize("url", FOLDER_FORMS)
def test_folder_forms(url: str) -> None:
    link = parse(url)
    assert (link.kind, link.file_id, link.message_key) == ("folder", ID, None)


@pytest.mark.parametrize(
    "url",
    [
        f"https://drive.google.com/file/d/{ID}/view?usp=sharing&resourcekey={KEY}",
        f"https://drive.google.com/open?id={ID}&resourcekey={KEY}",
        f"https://drive.google.com/drive/folders/{ID}?resourcekey={KEY}&usp=sharing",
    ],
)
def test_resource_key_is_kept(url: str) -> None:
    link = parse(url)
    assert link.file_id == ID
    assert link.resource_key == KEY


CLEAN = f"https://drive.google.com/file/d/{ID}/view?usp=sharing"


@pytest.mark.parametrize(
    "pasted",
    [
        f"  {CLEAN}  ",
        f"\n{CLEAN}\r\n",
        f"<{CLEAN}>",
        f'"{CLEAN}"',
        f"'{CLEAN}'",
        f"“{CLEAN}”",
        f"{CLEAN}.",
        f"{CLEAN},",
        f"({CLEAN});",
        f"{CLEAN}!",
        f"Link video: {CLEAN} terima kasih",
        f"https://drive.google.com/file/d/{ID[:12]}\n{ID[12:]}/view?usp=sharing",
        f"https://drive.google.com/file/d/{ID}/view?usp= sharing",
        f"\u200b{CLEAN}\ufeff",
        f"http://drive.google.com/file/d/{ID}/view?usp=sharing",
        f"drive.google.com/file/d/{ID}/view?usp=sharing",
        f"www.drive.google.com/file/d/{ID}/view?usp=sharing",
        f"HTTPS://DRIVE.GOOGLE.COM/file/d/{ID}/view?usp=sharing",
    ],
)
def test_what_people_paste_around_links(pasted: str) -> None:
    link = parse(pasted)
    assert (link.kind, link.file_id) == ("file", ID)
    assert link.url.startswith("https://")
    assert link.url.endswith("/view?usp=sharing")


@pytest.mark.parametrize(
    ("text", "kind", "key"),
    [
        (f"https://docs.google.com/document/d/{ID}/edit?usp=sharing", "docs", "link.docs"),
        (f"https://docs.google.com/spreadsheets/d/{ID}/edit#gid=0", "docs", "link.docs"),
        (f"https://docs.google.com/presentation/d/{ID}/edit", "docs", "link.docs"),
        (f"https://docs.google.com/forms/d/{ID}/viewform", "docs", "link.docs"),
        ("https://youtu.be/dQw4w9WgXcQ", "not_drive", "link.youtube"),
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "not_drive", "link.youtube"),
        ("https://m.youtube.com/watch?v=dQw4w9WgXcQ", "not_drive", "link.youtube"),
        ("https://www.dropbox.com/s/abc/video.mp4?dl=0", "not_drive", "link.not_drive"),
        ("https://bit.ly/3xYzAbc", "not_drive", "link.not_drive"),
        ("", "invalid", "link.empty"),
        ("   \n ", "invalid", "link.empty"),
        ("video dikirim lewat WhatsApp", "invalid", "link.not_a_link"),
        ("https://drive.google.com/drive/my-drive", "invalid", "link.no_id"),
        ("https://drive.google.com/open", "invalid", "link.no_id"),
        ("drive.google.com", "invalid", "link.no_id"),
        ("https://drive.google.com/file/d/1AbC/view", "invalid", "link.cut"),
        ("https://drive.google.com/file/d/1AbC...xyz/view", "invalid", "link.cut"),
    ],
)
def test_wrong_links_say_what_to_change(text: str, kind: str, key: str) -> None:
    link = parse(text)
    assert (link.kind, link.message_key) == (kind, key)
    assert not link.usable
    assert i18n.has(key)
    message = link.message("id")
    assert message and "Google Drive" in message
    assert link.message("en") != message


def test_docs_link_keeps_the_document_id() -> None:
    assert parse(f"https://docs.google.com/document/d/{ID}/edit").file_id == ID


def test_message_quotes_the_link() -> None:
    link = parse("https://youtu.be/dQw4w9WgXcQ")
    assert "https://youtu.be/dQw4w9WgXcQ" in (link.message("id") or "")


def test_usable_links_have_no_message() -> None:
    assert parse(CLEAN).message() is None


def test_link_model_is_frozen() -> None:
    link = parse(CLEAN)
    assert isinstance(link, DriveLink)
    with pytest.raises(ValueError):
        link.kind = "folder"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("link", "key"),
    [
        # KIPP 2024 allows only Drive: "this competition asks for a Google Drive link"
        ("https://youtu.be/dQw4w9WgXcQ", "source.drive_only"),
        ("Video: https://www.dropbox.com/s/abc/video.mp4?dl=0", "source.drive_only"),
        ("https://docs.google.com/document/d/1AbCdEfGhIjKlMnOpQrStU/edit", "link.docs"),
        ("https://drive.google.com/file/d/1AbC/view", "link.cut"),
    ],
)
def test_fetch_stage_turns_wrong_links_into_their_message(
    link: str, key: str, tmp_path: Path, config: Config
) -> None:
    ctx = FetchContext(config=config, cache_dir=tmp_path)  # no Drive client needed
    with pytest.raises(LinkError) as caught:
        fetch(Entry(entry_id="x", agency="X", link=link, row=2), ctx)
    assert caught.value.key == key and caught.value.outcome == "fail"


def test_fetch_stage_keeps_local_paths_local(tmp_path: Path, config: Config) -> None:
    video = tmp_path / "data.v2" / "video.mp4"
    video.parent.mkdir()
    video.write_bytes(b"\x00" * 10)
    entry = Entry(
        entry_id="x",
        agency="X",
        link="data.v2/video.mp4",
        row=2,
        registry_path=tmp_path / "registry.csv",
    )
    assert fetch(entry, FetchContext(config=config, cache_dir=tmp_path)).source.kind == "local"


# The id wherever it sits: each form an agency or a Workspace account really produces
# (and shapes Drive may add), with the kind it must give.  ID is a file or folder id.
DOMAIN = "minut.go.id"
ID_ANYWHERE = [
    (f"https://drive.google.com/a/{DOMAIN}/file/d/{ID}/view?usp=sharing", "file"),
    (f"https://drive.google.com/a/{DOMAIN}/open?id={ID}", "file"),
    (f"https://drive.google.com/a/{DOMAIN}/uc?id={ID}&export=download", "file"),
    (f"https://drive.google.com/a/{DOMAIN}/folderview?id={ID}", "folder"),
    (f"https://drive.google.com/drive/a/{DOMAIN}/folders/{ID}", "folder"),
    (f"https://docs.google.com/a/{DOMAIN}/file/d/{ID}/edit", "file"),
    (f"https://docs.google.com/a/{DOMAIN}/document/d/{ID}/edit", "docs"),
    (f"https://drive.google.com/embeddedfolderview?id={ID}#grid", "folder"),
    (f"https://drive.google.com/embeddedfolderview?id={ID}#list", "folder"),
    (f"https://drive.google.com/folderview?id={ID}&usp=sharing", "folder"),
    (f"https://drive.google.com/drive/#folders/{ID}", "folder"),
    (f"https://drive.google.com/#folders/{ID}", "folder"),
    (f"https://drive.google.com/drive/u/0/folders/{ID}", "folder"),
    (f"https://drive.google.com/drive/u/2/mobile/folders/{ID}?usp=sharing", "folder"),
    (f"https://drive.google.com/drive/folders/{ID}/", "folder"),
    (f"https://drive.google.com/drive/folders/{ID}?usp=share_link", "folder"),
    (f"https://drive.google.com/u/0/open?id={ID}&authuser=0", "file"),
    (f"https://drive.google.com/u/1/uc?id={ID}&export=download", "file"),
    (f"https://drive.google.com/file/d/{ID}/edit?usp=drivesdk", "file"),
    (f"https://drive.google.com/file/d/{ID}/view?pli=1", "file"),
    (f"https://drive.google.com/file/u/1/d/{ID}/preview", "file"),
    (f"https://drive.google.com/uc?export=view&id={ID}", "file"),
    (f"https://drive.google.com/thumbnail?id={ID}&sz=w1000", "file"),
    (f"https://drive.usercontent.google.com/download?id={ID}&export=download&authuser=0", "file"),
    (f"https://drive.usercontent.google.com/u/2/uc?id={ID}&export=download", "file"),
    (f"https://docs.google.com/uc?export=download&id={ID}", "file"),
    (f"https://docs.google.com/open?id={ID}", "file"),
    (f"https://docs.google.com/file/u/0/d/{ID}/view", "file"),
    (f"https://docs.google.com/document/u/1/d/{ID}/edit", "docs"),
    (f"https://docs.google.com/spreadsheets/d/{ID}/edit#gid=0", "docs"),
    (f"https://docs.google.com/presentation/d/{ID}/pub?start=false", "docs"),
    (f"https://docs.google.com/forms/d/e/{ID}/viewform", "docs"),
    (f"https://docs.google.com/drawings/d/{ID}/edit", "docs"),
    (f"https://drive.google.com/drive/shared-drives/x/folders/{ID}", "folder"),
    (f"https://drive.google.com/future/shape/d/{ID}/watch", "file"),
    (f"https://drive.google.com/newview?id={ID}", "file"),
]


@pytest.mark.parametrize(("url", "kind"), ID_ANYWHERE)
def test_the_id_is_found_wherever_it_sits(url: str, kind: str) -> None:
    link = parse(url)
    assert (link.kind, link.file_id) == (kind, ID)
    assert link.message_key == ("link.docs" if kind == "docs" else None)


def test_id_table_is_wide_enough() -> None:
    assert len(ID_ANYWHERE) + len(FILE_FORMS) + len(FOLDER_FORMS) >= 30
    assert len({url for url, _ in ID_ANYWHERE}) == len(ID_ANYWHERE)


@pytest.mark.parametrize(
    "url",
    [
        f"https://drive.google.com/a/{DOMAIN}/",
        "https://drive.google.com/drive/u/0/my-drive",
        "https://drive.google.com/drive/shared-with-me",
        "https://drive.google.com/drive/search?q=video",
        "https://drive.google.com/drive/u/1/recent",
    ],
)
def test_drive_pages_without_an_id(url: str) -> None:
    assert (parse(url).kind, parse(url).message_key) == ("invalid", "link.no_id")


ID2 = "1ZyXwVuTsRqPoNmLkJiHgFeDcBa98765"


@pytest.mark.parametrize(
    "cell",
    [
        f"https://drive.google.com/open?id={ID}, https://drive.google.com/open?id={ID2}",
        f"https://drive.google.com/open?id={ID},https://drive.google.com/open?id={ID2}",
        f"https://drive.google.com/open?id={ID}\nhttps://drive.google.com/open?id={ID2}",
        f"<https://drive.google.com/open?id={ID}>; drive.google.com/file/d/{ID2}/view",
    ],
)
def test_a_forms_upload_cell_gives_every_link(cell: str) -> None:
    found = read_cell(cell)
    assert [(link.kind, link.file_id) for link in found] == [("file", ID), ("file", ID2)]
    assert parse(cell).file_id == ID  # the single-link reading takes the first, whole


def test_one_link_or_the_same_link_twice_is_one() -> None:
    assert read_cell(CLEAN) == (classify(CLEAN),)
    assert [link.file_id for link in read_cell(f"{CLEAN}, {CLEAN}")] == [ID]
    assert read_cell("") == () and classify("").message_key == "link.empty"


@pytest.mark.parametrize("key", ["0-a%00b", "0-a%0d%0aHost: evil", "0-a\x1b[2J", "k" * 300])
def test_a_resource_key_with_control_characters_is_no_key(key: str) -> None:
    """It would travel in the X-Goog-Drive-Resource-Keys header: a key that is not made
    of a key's characters is dropped at the edge (the file id still counts)."""
    link = parse(f"https://drive.google.com/file/d/{'A' * 33}/view?resourcekey={key}")
    assert (link.kind, link.file_id, link.resource_key) == ("file", "A" * 33, None)
