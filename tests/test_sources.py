"""Link kinds beyond Drive (YouTube forms, Dropbox, OneDrive, plain URLs) and the
competition's ``[sources] allowed`` rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.config import Config, ConfigError, load_config
from pipeline.errors import LinkError, RegistryRowError
from pipeline.fetch import FetchContext, fetch, hosts_from_env
from pipeline.fetch.sources import classify, dropbox_direct
from pipeline.models import Entry

VID = "dQw4w9WgXcQ"
PL = "PLx0sYbCqOb8TBPRdmBHs5Iftvv9TPboYG"
DID = "1AbCdEfGhIjKlMnOpQrStUvWxYz012345"

YOUTUBE_VIDEO_FORMS = [
    f"https://www.youtube.com/watch?v={VID}",
    f"https://youtube.com/watch?v={VID}",
    f"http://www.youtube.com/watch?v={VID}",
    f"www.youtube.com/watch?v={VID}",
    f"https://m.youtube.com/watch?v={VID}",
    f"https://music.youtube.com/watch?v={VID}&feature=share",
    f"https://www.youtube.com/watch?v={VID}&t=42s",
    f"https://www.youtube.com/watch?feature=shared&v={VID}",
    f"https://www.youtube.com/watch?v={VID}&list={PL}&index=2",
    f"https://youtu.be/{VID}",
    f"https://youtu.be/{VID}?si=AbCdEfGhIjKlMnOp",
    f"https://youtu.be/{VID}?t=10",
    f"https://www.youtube.com/shorts/{VID}",
    f"https://youtube.com/shorts/{VID}?si=xyz123",
    f"https://www.youtube.com/live/{VID}?feature=share",
    f"https://www.youtube.com/embed/{VID}?start=5",
    f"https://www.youtube-nocookie.com/embed/{VID}",
    f"https://www.youtube.com/v/{VID}",
    # paste junk kipp already tolerates around Drive links
    f"  <https://youtu.be/{VID}>. ",
    f'Link video: "https://www.youtube.com/watch?v={VID}", terima kasih',
    f"https://youtu.be/\n{VID}",
    f"(https://www.youtube.com/shorts/{VID})",
]


@pytest.mark.parametrize("text", YOUTUBE_VIDEO_FORMS)
def test_youtube_video_forms(text: str) -> None:
    link = classify(text)
    assert (link.kind, link.source, link.video_id, link.message_key) == (
        "youtube",
        "youtube",
        VID,
        None,
    )
    assert link.usable


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("https://www.youtube.com/@dinkesminut", "link.youtube_channel"),
        ("https://www.youtube.com/channel/UC1234567890abcdefghij", "link.youtube_channel"),
        ("https://www.youtube.com/c/PemkabMinut", "link.youtube_channel"),
        ("https://www.youtube.com/user/pemkabminut", "link.youtube_channel"),
        (f"https://www.youtube.com/playlist?list={PL}", "link.youtube_playlist"),
        ("https://www.youtube.com/results?search_query=inovasi+minut", "link.youtube_search"),
        ("https://www.youtube.com/", "link.youtube_not_video"),
        (f"https://www.youtube.com/watch?list={PL}", "link.youtube_playlist"),
        ("https://studio.youtube.com/channel/UC1234567890abcdefghij/videos/upload",
         "link.youtube_studio"),
        ("studio.youtube.com/", "link.youtube_studio"),
        ("https://youtu.be/", "link.youtube_not_video"),
        ("https://youtu.be/dQw4w9", "link.youtube_cut"),
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQQQ", "link.youtube_cut"),
    ],
)  # fmt: skip
def test_youtube_links_that_are_not_a_video(text: str, key: str) -> None:
    link = classify(text)
    assert (link.kind, link.source, link.video_id, link.message_key) == (
        "invalid",
        "youtube",
        None,
        key,
    )
    assert "Bagikan > Salin" in (link.message("id") or "")
    assert "Share > Copy" in (link.message("en") or "")


@pytest.mark.parametrize(
    ("text", "kind", "download_url"),
    [
        (
            "https://www.dropbox.com/s/abc123/video.mp4?dl=0",
            "dropbox",
            "https://www.dropbox.com/s/abc123/video.mp4?dl=1",
        ),
        (
            "https://www.dropbox.com/scl/fi/x1y2z3/video.mp4?rlkey=k9k9k9&st=ab12&dl=0",
            "dropbox",
            "https://www.dropbox.com/scl/fi/x1y2z3/video.mp4?rlkey=k9k9k9&st=ab12&dl=1",
        ),
        (
            "https://www.dropbox.com/scl/fi/x1y2z3/video.mp4?rlkey=k9k9k9&raw=1",
            "dropbox",
            "https://www.dropbox.com/scl/fi/x1y2z3/video.mp4?rlkey=k9k9k9&dl=1",
        ),
        ("https://1drv.ms/v/s!AbCdEfGh12345", "onedrive", "https://1drv.ms/v/s!AbCdEfGh12345"),
        (
            "https://onedrive.live.com/redir?resid=ABC!123&authkey=!XyZ",
            "onedrive",
            "https://onedrive.live.com/redir?resid=ABC%21123&authkey=%21XyZ&download=1",
        ),
        (
            "https://pemkab-my.sharepoint.com/:v:/g/personal/bri_da/EaBcD?e=Xy12",
            "onedrive",
            "https://pemkab-my.sharepoint.com/:v:/g/personal/bri_da/EaBcD?e=Xy12&download=1",
        ),
        (
            "https://media.minut.go.id/inovasi/video.mp4",
            "url",
            "https://media.minut.go.id/inovasi/video.mp4",
        ),
        ("http://bit.ly/3xYzAbc", "url", "https://bit.ly/3xYzAbc"),
    ],
)
def test_other_services(text: str, kind: str, download_url: str) -> None:
    link = classify(text)
    assert (link.kind, link.source, link.download_url, link.message_key) == (
        kind,
        kind,
        download_url,
        None,
    )


def test_dropbox_folder_is_not_a_video() -> None:
    link = classify("https://www.dropbox.com/scl/fo/abc/def?rlkey=r1&dl=0")
    assert (link.kind, link.source) == ("invalid", "dropbox")
    assert link.message_key == "link.dropbox_folder"


def test_dropbox_direct_keeps_rlkey_in_place() -> None:
    assert (
        dropbox_direct("https://www.dropbox.com/scl/fi/a/v.mp4?rlkey=R&dl=0#frag")
        == "https://www.dropbox.com/scl/fi/a/v.mp4?rlkey=R&dl=1"
    )


@pytest.mark.parametrize(
    ("text", "kind", "source"),
    [
        (f"https://drive.google.com/file/d/{DID}/view", "file", "drive"),
        (f"https://drive.google.com/drive/folders/{DID}", "folder", "drive"),
        (f"https://docs.google.com/document/d/{DID}/edit", "docs", "drive"),
        ("https://drive.google.com/file/d/1AbC/view", "invalid", "drive"),
        ("belum ada", "invalid", None),
        ("", "invalid", None),
    ],
)  # fmt: skip
def test_drive_kinds_are_kept(text: str, kind: str, source: str | None) -> None:
    link = classify(text)
    assert (link.kind, link.source) == (kind, source)


def entry(link: str) -> Entry:
    return Entry(entry_id="dinas-kesehatan", agency="Dinas Kesehatan", link=link, row=2)


@pytest.mark.parametrize(
    ("link", "what"),
    [
        (f"https://youtu.be/{VID}", "YouTube"),
        ("https://www.youtube.com/@dinkesminut", "YouTube"),
        ("https://www.dropbox.com/s/abc123/video.mp4?dl=0", "Dropbox"),
        ("https://1drv.ms/v/s!AbCdEfGh12345", "OneDrive/SharePoint"),
        ("https://media.minut.go.id/video.mp4", "media.minut.go.id"),
    ],
)
def test_drive_only_competition_asks_for_a_drive_link(
    config: Config, tmp_path: Path, link: str, what: str
) -> None:
    assert config.sources.allowed == ("drive",)
    with pytest.raises(LinkError) as caught:
        fetch(entry(link), FetchContext(config, tmp_path))
    err = caught.value
    assert (err.key, err.check_id, err.outcome) == ("source.drive_only", "fetch.access", "fail")
    text = err.render("id")
    cleaned = classify(link).url
    assert text.startswith(f"Kompetisi ini meminta link Google Drive, sedangkan {cleaned}")
    assert f"adalah link {what}." in text
    assert "Siapa saja yang memiliki link" in text and "Salin link" in text
    assert "asks for a Google Drive link" in err.render("en")


def test_other_allowed_lists_name_what_is_accepted(config: Config, tmp_path: Path) -> None:
    only_youtube = config.model_copy(update={"sources": config.sources.model_copy(
        update={"allowed": ("youtube", "drive")})})  # fmt: skip
    with pytest.raises(LinkError) as caught:
        fetch(entry("https://www.dropbox.com/s/abc/v.mp4"), FetchContext(only_youtube, tmp_path))
    assert caught.value.render("id").startswith(
        "Kompetisi ini hanya menerima video yang disimpan di YouTube, Google Drive, sedangkan "
        "https://www.dropbox.com/s/abc/v.mp4 adalah link Dropbox."
    )


@pytest.mark.parametrize("words", ["belum ada", "menyusul", "-", "lihat di drive"])
def test_words_instead_of_a_link_ask_for_a_link_of_an_accepted_service(
    config: Config, config_2025: Config, tmp_path: Path, words: str
) -> None:
    """Words in the link column are not a local file to look for ("Berkas belum ada tidak
    ditemukan: periksa jalur" before): the agency is asked for a link, of Drive under the
    2024 rules and of any accepted service under the 2025 ones; ``video.mp4`` stays a
    local file name."""
    with pytest.raises(LinkError) as caught:
        fetch(entry(words), FetchContext(config, tmp_path))
    assert (caught.value.key, caught.value.check_id, caught.value.outcome) == (
        "link.not_a_link", "fetch.access", "fail")  # fmt: skip
    assert caught.value.render("id") == (
        f"Isi kolom link ({words}) bukan sebuah link. Kirim link Google Drive berkas video "
        "(Bagikan > Salin link)."
    )
    with pytest.raises(LinkError) as caught:
        fetch(entry(words), FetchContext(config_2025, tmp_path))
    assert caught.value.render("en") == (
        f"The link column ({words}) holds no link. Send a link to the video that anyone can "
        "open, stored on Google Drive, YouTube, Dropbox, OneDrive/SharePoint, https."
    )
    with pytest.raises(RegistryRowError) as caught:
        fetch(entry("video.mp4").model_copy(update={"registry_path": tmp_path / "r.csv"}),
              FetchContext(config, tmp_path))  # fmt: skip
    assert caught.value.key == "fetch.local_missing" and caught.value.outcome == "error"


def test_allowed_youtube_channel_gets_its_own_message(config_2025: Config, tmp_path: Path) -> None:
    with pytest.raises(LinkError) as caught:
        fetch(entry("https://www.youtube.com/@dinkesminut"), FetchContext(config_2025, tmp_path))
    assert caught.value.key == "link.youtube_channel"


STUDIO = "studio.youtube.com/video/dQw4w9WgXcQ/edit"


@pytest.mark.parametrize(
    "cell",
    [STUDIO, f"https://{STUDIO}", f"https://{STUDIO}?c=UC123", f"Link Studio kami: *{STUDIO}*"],
)
def test_youtube_studio_video_page_reads_the_video_id(cell: str) -> None:
    """Studio's page of one video (the owner's) carries the video's id: kipp reads it,
    never calls it a channel, playlist or search, and quotes only what was sent."""
    link = classify(cell)
    assert (link.kind, link.source, link.video_id, link.message_key) == (
        "youtube", "youtube", "dQw4w9WgXcQ", None)  # fmt: skip
    assert "studio.youtube.com" in link.quoted and "youtube.com/video" not in link.quoted.replace(
        "studio.youtube.com/video", ""
    )


def test_a_studio_page_that_is_no_videos_says_what_it_is_and_quotes_it_as_sent() -> None:
    link = classify("studio.youtube.com/channel/UC1234567890abcdefghij/videos")
    assert link.message_key == "link.youtube_studio"
    assert link.message("id") == (
        "Link studio.youtube.com/channel/UC1234567890abcdefghij/videos adalah halaman YouTube "
        "Studio (dasbor pemilik kanal), bukan link sebuah video, dan hanya pemiliknya yang "
        "dapat membukanya. Buka videonya di YouTube, klik Bagikan > Salin, lalu kirim link "
        "video itu (bentuknya https://youtu.be/... atau https://www.youtube.com/watch?v=...)."
    )


CHAT = [  # what WhatsApp and chat apps make of a pasted link
    ("*https://youtu.be/dQw4w9WgXcQ*", "youtube", "dQw4w9WgXcQ"),  # bold
    ("_https://youtu.be/dQw4w9WgXcQ_", "youtube", "dQw4w9WgXcQ"),  # italic
    ("_*https://youtu.be/dQw4w9WgXcQ*_", "youtube", "dQw4w9WgXcQ"),  # both
    ("~https://youtu.be/dQw4w9WgXcQ~", "youtube", "dQw4w9WgXcQ"),  # strike
    ("```https://youtu.be/dQw4w9WgXcQ```", "youtube", "dQw4w9WgXcQ"),  # monospace
    ("*Link video:* https://youtu.be/dQw4w9WgXcQ mohon dicek", "youtube", "dQw4w9WgXcQ"),
    ("Berikut link video kami (https://youtu.be/dQw4w9WgXcQ), terima kasih.", "youtube",
     "dQw4w9WgXcQ"),
    ("[Video inovasi](https://youtu.be/dQw4w9WgXcQ)", "youtube", "dQw4w9WgXcQ"),
    ("https://youtu.be/dQw4w9WgXcQ,terima kasih", "youtube", "dQw4w9WgXcQ"),
    ("*https://drive.google.com/file/d/1AbCdEfGhIjKlMnOpQrStUvWxYz/view?usp=sharing*", "file",
     "1AbCdEfGhIjKlMnOpQrStUvWxYz"),
    # an id ending in "_" is kept: a marker comes off only where one opened the link
    ("https://drive.google.com/file/d/1AbCdEfGhIjKlMnOpQrStUvWxYz_", "file",
     "1AbCdEfGhIjKlMnOpQrStUvWxYz_"),
    ("_https://drive.google.com/file/d/1AbCdEfGhIjKlMnOpQrStUvWxYz_/view_", "file",
     "1AbCdEfGhIjKlMnOpQrStUvWxYz_"),
]  # fmt: skip


@pytest.mark.parametrize(("cell", "kind", "ident"), CHAT)
def test_links_pasted_from_chat_read_as_the_link(cell: str, kind: str, ident: str) -> None:
    link = classify(cell)
    assert (link.kind, link.video_id or link.file_id, link.message_key) == (kind, ident, None)


def test_national_2025_sources_and_sections(config_2025: Config) -> None:
    assert config_2025.sources.allowed == ("drive", "youtube", "dropbox", "onedrive", "url")
    assert [s.id for s in config_2025.sections] == ["gagasan", "pelaksanaan", "dampak", "testimoni"]
    assert all(s.required for s in config_2025.sections)
    assert (config_2025.duration.max_s, config_2025.format.min_short_side) == (300, 720)
    assert config_2025.subtitles.expected and config_2025.competition.language == "id"


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ('["drive", "ftp"]', "sources.allowed.1: Input should be 'drive', 'youtube', 'dropbox', "
         "'onedrive' or 'url'"),
        ("[]", "sources.allowed: list at least one of drive, youtube, dropbox, onedrive, url"),
        ('["drive", "drive"]', "sources.allowed: sources repeat: drive"),
    ],
)  # fmt: skip
def test_sources_are_validated(tmp_path: Path, value: str, problem: str) -> None:
    path = tmp_path / "c.toml"
    path.write_text(
        '[competition]\nid = "x"\nname = "x"\norganiser = "x"\n'
        f"[deadline]\nat = 2024-05-31T23:59:59\n[sources]\nallowed = {value}\n"
    )
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert problem in str(caught.value)


def test_hosts_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(
        "KIPP_SOURCE_HOSTS", "www.youtube.com=http://127.0.0.1:9/ , 1drv.ms=http://127.0.0.1:9,bad"
    )
    assert hosts_from_env() == {
        "www.youtube.com": "http://127.0.0.1:9",
        "1drv.ms": "http://127.0.0.1:9",
    }


@pytest.mark.parametrize(
    ("cell", "what"),
    [
        ("https://www.facebook.com/pemkabminut/videos/1234567890", "Facebook"),
        ("https://fb.watch/abcDEF123/", "Facebook"),
        ("https://www.instagram.com/reel/C7abcdEFgh/", "Instagram"),
        ("https://vt.tiktok.com/ZS8abcdef/", "TikTok"),
        ("https://photos.app.goo.gl/AbCdEf123456", "Google Photos"),
    ],
)
def test_a_post_on_a_social_site_is_named_for_what_it_is(
    cell: str, what: str, config: Config, config_2025: Config, tmp_path: Path
) -> None:
    """Not a video file: 2024 (Drive only) says it is a Facebook/TikTok... link, 2025 (any
    https) says it is a post page and how to send the file instead."""
    link = classify(cell)
    assert (link.kind, link.source, link.message_key) == ("invalid", "url", "link.social")
    with pytest.raises(LinkError) as only_drive:
        fetch(entry(cell), FetchContext(config, tmp_path))
    assert only_drive.value.key == "source.drive_only"
    assert f"adalah link {what}." in only_drive.value.render("id")
    with pytest.raises(LinkError) as any_https:
        fetch(entry(cell), FetchContext(config_2025, tmp_path))
    assert any_https.value.render("en") == (
        f"The link {cell} is a {what} page, not a video file anyone can download. Upload the "
        "video file to a storage the competition accepts (e.g. Google Drive), then send that "
        "file's link anyone can open."
    )
