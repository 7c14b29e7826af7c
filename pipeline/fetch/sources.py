"""Which service a submitted link points at, and whether the competition allows it.

    classify("https://youtu.be/dQw4w9WgXcQ?si=x")  -> SourceLink(kind="youtube", video_id=...)
    read_cell("https://drive.google.com/open?id=A, https://drive.google.com/open?id=B")
        -> (SourceLink, SourceLink)     # every link of a registry cell, classified once
    choose(cell, config)                -> Chosen(links=the ones kipp fetches, ignored=...)
    allowed_or_raise(link, config)      -> None, or LinkError (fetch.access, fail)

A registry cell is read once (``read_cell``), where the fetch stage or ``kipp
check-link`` receives it; every later step is handed the classified links.

Kinds: the Drive kinds of ``pipeline.fetch.links`` (``file``, ``folder``, ``docs``),
``youtube`` (with ``video_id``), ``dropbox``, ``onedrive`` (OneDrive and SharePoint),
``url`` (any other https address) and ``invalid``.  ``source`` names the service
(``drive``, ``youtube``, ``dropbox``, ``onedrive``, ``url``) even for an unusable link
of that service, so a competition that allows only Drive answers "this competition asks
for a Google Drive link" before anything else.  ``download_url`` is where the bytes of a
Dropbox / OneDrive / plain link are asked for (Dropbox: ``dl=1``, ``rlkey`` kept;
SharePoint and onedrive.live.com: ``download=1``; 1drv.ms: followed through its
redirects at download time).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Literal
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from pydantic import BaseModel, ConfigDict

from pipeline import i18n
from pipeline.config import Config, SourceKind
from pipeline.errors import LinkError
from pipeline.fetch import links
from pipeline.fetch.youtube_links import youtube_video
from pipeline.text import printable

LinkKind = Literal["file", "folder", "docs", "youtube", "dropbox", "onedrive", "url", "invalid"]

DROPBOX_HOSTS = ("dropbox.com", "dropboxusercontent.com")
ONEDRIVE_HOSTS = ("1drv.ms", "onedrive.live.com", "sharepoint.com")
# pages where people post a video, not a file anyone can download: named for what they are
SOCIAL_HOSTS: dict[str, str] = {
    "facebook.com": "Facebook", "fb.watch": "Facebook", "fb.com": "Facebook",
    "instagram.com": "Instagram", "tiktok.com": "TikTok", "x.com": "X (Twitter)",
    "twitter.com": "X (Twitter)", "photos.google.com": "Google Photos",
    "photos.app.goo.gl": "Google Photos", "wa.me": "WhatsApp", "whatsapp.com": "WhatsApp",
    "t.me": "Telegram",
}  # fmt: skip
SERVICE_NAMES: dict[str, str] = {
    "drive": "Google Drive",
    "youtube": "YouTube",
    "dropbox": "Dropbox",
    "onedrive": "OneDrive/SharePoint",
    "url": "https",
}

_DRIVE_HOWTO_ID = (
    "Cara membuat link Google Drive: unggah berkas video ke Google Drive, klik kanan "
    'berkas > Bagikan, ubah Akses umum menjadi "Siapa saja yang memiliki link", klik Salin '
    "link, lalu kirim link itu (bentuknya https://drive.google.com/file/d/.../view)."
)
_DRIVE_HOWTO_EN = (
    "To make one: upload the video file to Google Drive, right-click it > Share, set "
    'General access to "Anyone with the link", click Copy link and send that link (it '
    "looks like https://drive.google.com/file/d/.../view)."
)

i18n.register(
    {
        "source.drive_only": {
            "id": "Kompetisi ini meminta link Google Drive, sedangkan {link} adalah link "
            "{what}. " + _DRIVE_HOWTO_ID,
            "en": "This competition asks for a Google Drive link, and {link} is a {what} "
            "link. " + _DRIVE_HOWTO_EN,
        },
        "source.not_allowed": {
            "id": "Kompetisi ini hanya menerima video yang disimpan di {allowed}, sedangkan "
            "{link} adalah link {what}. Minta instansi menyimpan videonya di salah satu "
            "tempat itu dan mengirim link yang dapat dibuka siapa saja.",
            "en": "This competition accepts only videos stored on {allowed}, and {link} is a "
            "{what} link. Ask the agency to store the video on one of those and send a link "
            "anyone can open.",
        },
        "link.not_a_link_any": {
            "id": "Isi kolom link ({link}) bukan sebuah link. Kirim link video yang dapat "
            "dibuka siapa saja, disimpan di {allowed}.",
            "en": "The link column ({link}) holds no link. Send a link to the video that "
            "anyone can open, stored on {allowed}.",
        },
        "link.social": {
            "id": "Link {link} adalah halaman {what}, bukan berkas video yang dapat diunduh. "
            "Unggah berkas videonya ke tempat penyimpanan yang diterima kompetisi (mis. "
            "Google Drive), lalu kirim link berkas itu yang dapat dibuka siapa saja.",
            "en": "The link {link} is a {what} page, not a video file anyone can download. "
            "Upload the video file to a storage the competition accepts (e.g. Google "
            "Drive), then send that file's link anyone can open.",
        },
        "link.unreadable": {
            "id": "Link {link} tidak dapat dibaca sebagai alamat web (rusak atau salah ketik). "
            "Salin ulang link lengkapnya lalu kirim lagi.",
            "en": "The link {link} cannot be read as a web address (damaged or mistyped). "
            "Copy the whole link again and send it.",
        },
        "link.dropbox_folder": {
            "id": "Link Dropbox {link} menunjuk ke folder, bukan berkas video. Buka berkas "
            "videonya di Dropbox, klik Bagikan > Salin link, lalu kirim link berkas itu.",
            "en": "The Dropbox link {link} points at a folder, not a video file. Open the "
            "video file in Dropbox, click Share > Copy link and send that file's link.",
        },
    }
)


class SourceLink(BaseModel):
    """A classified link (what ``kipp check-link`` prints)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: LinkKind
    source: SourceKind | None  # the service, also for an unusable link of it
    url: str  # the link as cleaned, with its scheme
    sent: str = ""  # the link as the agency wrote it (what messages quote; links.as_sent)
    file_id: str | None = None  # Drive
    resource_key: str | None = None  # Drive
    video_id: str | None = None  # YouTube
    download_url: str | None = None  # Dropbox, OneDrive, url: where the bytes are asked for
    message_key: str | None = None  # what the agency must change, when not usable

    @property
    def usable(self) -> bool:
        return self.kind not in ("docs", "invalid")

    @property
    def identity(self) -> tuple[str, str]:
        """What makes two links of one cell the same file: kind and id (else the URL)."""
        return self.kind, self.file_id or self.video_id or self.url

    @property
    def quoted(self) -> str:
        """The link as messages quote it: as the agency sent it, never a link it did not."""
        return self.sent or self.url

    def message(self, lang: str = "id") -> str | None:
        if self.message_key is None:
            return None
        return i18n.message(self.message_key, lang, **self.params)

    @property
    def params(self) -> dict[str, str]:
        """The message's parameters: the link as sent, and what site it is on."""
        what = social_name(urlsplit(self.url).hostname or "") or ""
        return {"link": self.quoted, "what": what}


def _on(host: str, domains: tuple[str, ...]) -> bool:
    return any(host == d or host.endswith("." + d) for d in domains)


def classify(text: str) -> SourceLink:
    """Classify what an agency pasted (paste junk, chat formatting and the sentence
    around the link are tolerated); ``sent`` keeps the link as written.  A link no URL
    parser can read (``https://[::1``, a port of 99999) is ``invalid`` with
    ``link.unreadable``, never an exception: one cell never stops the batch."""
    try:
        link = _classify(text)
    except ValueError:  # urllib: "Invalid IPv6 URL", "Port out of range"
        pasted = printable(" ".join(text.split()))[:300]
        return SourceLink(kind="invalid", source=None, url=pasted, message_key="link.unreadable")
    sent = links.as_sent(text)
    return link.model_copy(update={"sent": sent}) if sent else link


def _classify(text: str) -> SourceLink:
    drive = links.parse(text)
    if drive.kind != "not_drive":
        kind: LinkKind = drive.kind
        pasted_no_link = drive.message_key in ("link.not_a_link", "link.empty")
        return SourceLink(
            kind=kind,
            source=None if pasted_no_link else "drive",
            url=drive.url,
            file_id=drive.file_id,
            resource_key=drive.resource_key,
            message_key=drive.message_key,
        )
    url = drive.url
    host = (urlsplit(url).hostname or "").lower()
    found = youtube_video(url)
    if found is not None:
        video_id, key = found
        if video_id is None:
            return SourceLink(kind="invalid", source="youtube", url=url, message_key=key)
        return SourceLink(kind="youtube", source="youtube", url=url, video_id=video_id)
    if _on(host, DROPBOX_HOSTS):
        return _dropbox(url)
    if _on(host, ONEDRIVE_HOSTS):
        return SourceLink(
            kind="onedrive", source="onedrive", url=url, download_url=onedrive_download_url(url)
        )
    if social_name(host) is not None:
        return SourceLink(kind="invalid", source="url", url=url, message_key="link.social")
    return SourceLink(kind="url", source="url", url=url, download_url=url)


def social_name(host: str) -> str | None:
    """ "Facebook" for a Facebook host (``SOCIAL_HOSTS``): a post, not a video file."""
    return next((name for h, name in SOCIAL_HOSTS.items() if _on(host.lower(), (h,))), None)


def looks_like_link(text: str) -> bool:
    """A URL of any site (Drive, YouTube, Dropbox...), as opposed to a local path or a
    sentence with no link in it."""
    lowered = text.strip().strip("<>\"'").lower()
    return (
        "google.com" in lowered
        or lowered.startswith(("drive.", "docs."))
        or re.search(r"https?://|(^|\s)www\.|youtu\.?be", text, re.IGNORECASE) is not None
    )


def read_cell(text: str, limit: int | None = None) -> tuple[SourceLink, ...]:
    """Every link of a registry cell (the first ``limit`` of them, ``[sources]
    max_links_per_cell``), classified once, in order; the same file twice counts once.
    A Google Forms "File upload" answer holds several links separated by ", ".  One link
    (or a cell that only looks like one) gives ``(classify(text),)``; a local path or a
    cell with no link gives ``()``."""
    if not text.strip() or not looks_like_link(text):
        return ()
    several = links.urls(text)
    if len(several) < 2:
        return (classify(text),)
    out: dict[tuple[str, str], SourceLink] = {}
    for url in several:
        if limit is not None and len(out) >= limit:
            break
        link = classify(url)
        out.setdefault(link.identity, link)
    return tuple(out.values())


def links_in(text: str) -> int:
    """How many links a cell holds (``read_cell`` reads the first ``limit`` of them)."""
    return len(links.urls(text)) if looks_like_link(text) else 0


class Chosen(BaseModel):
    """The links of a cell kipp fetches (one service: several only for Drive, a Forms
    answer) and the cell's links of other services, left unjudged."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    links: tuple[SourceLink, ...]
    ignored: tuple[SourceLink, ...] = ()

    @property
    def first(self) -> SourceLink:
        return self.links[0]


def choose(cell: tuple[SourceLink, ...], config: Config) -> Chosen:
    """The service of the cell's first usable link the competition accepts, with every
    link of the cell of that service (Drive: the resolver looks each up).

    Raises:
        LinkError: no usable accepted link: the first link's refusal, either
            ``source.drive_only`` / ``source.not_allowed`` (the competition does not
            accept its service) or what the agency must change in it (``link.docs``,
            ``link.cut``, ``link.no_id``...).
    """
    if not cell:
        raise ValueError("choose() needs at least one link (read_cell gave none)")
    accepted = [
        link for link in cell if link.source is None or link.source in config.sources.allowed
    ]
    service = next((link.source for link in accepted if link.usable), None)
    if service is None:
        allowed_or_raise(cell[0], config)
        if cell[0].source is None and cell[0].message_key != "link.unreadable":
            raise not_a_link(cell[0].url, config)  # words, not a link
        raise LinkError(cell[0].message_key or "link.no_id", **cell[0].params)
    return Chosen(
        links=tuple(link for link in cell if link.source == service),
        ignored=tuple(link for link in cell if link.source != service),
    )


def _dropbox(url: str) -> SourceLink:
    path = urlsplit(url).path
    if path.startswith(("/sh/", "/scl/fo/")):
        return SourceLink(
            kind="invalid", source="dropbox", url=url, message_key="link.dropbox_folder"
        )
    return SourceLink(kind="dropbox", source="dropbox", url=url, download_url=dropbox_direct(url))


def dropbox_direct(url: str) -> str:
    """A Dropbox share link as a direct download: ``dl=1`` (``raw=1`` and ``dl=0``
    dropped), every other parameter (``rlkey``, ``st``) kept in its place."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)]
    kept = [(k, v) for k, v in query if k.lower() not in ("dl", "raw")]
    return urlunsplit(parts._replace(query=urlencode([*kept, ("dl", "1")]), fragment=""))


def onedrive_download_url(url: str) -> str:
    """SharePoint (``…sharepoint.com/:v:/…``) and onedrive.live.com links with
    ``download=1``; a 1drv.ms short link as it is (its redirects lead to the file)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if host == "1drv.ms":
        return url
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)]
    kept = [(k, v) for k, v in query if k.lower() != "download"]
    return urlunsplit(parts._replace(query=urlencode([*kept, ("download", "1")]), fragment=""))


def allowed_or_raise(link: SourceLink, config: Config) -> None:
    """LinkError (``fetch.access``, fail) when the competition does not accept the
    link's service; the message says which services it does accept."""
    allowed = config.sources.allowed
    if link.source is None or link.source in allowed:
        return
    host = _host(link.url)
    what = SERVICE_NAMES[link.source] if link.source != "url" else social_name(host) or host
    if allowed == ("drive",):
        raise LinkError("source.drive_only", link=link.quoted, what=what)
    names = ", ".join(SERVICE_NAMES[a] for a in allowed)
    raise LinkError("source.not_allowed", link=link.quoted, what=what, allowed=names)


def not_a_link(text: str, config: Config) -> LinkError:
    """LinkError for a cell of words instead of a link (``belum ada``, ``menyusul``):
    asks for a Drive link when the competition accepts only Drive (``link.not_a_link``,
    ``link.empty``), else for a link of any accepted service (``link.not_a_link_any``)."""
    pasted = " ".join(text.split())
    if config.sources.allowed == ("drive",) or not pasted:
        return LinkError("link.not_a_link" if pasted else "link.empty", link=pasted)
    names = ", ".join(SERVICE_NAMES[a] for a in config.sources.allowed)
    return LinkError("link.not_a_link_any", link=pasted, allowed=names)


def _host(url: str) -> str:
    return (urlsplit(url).hostname or url).removeprefix("www.")


def rewrite(url: str, hosts: Mapping[str, str]) -> str:
    """``url`` with its scheme and host replaced by the local base ``hosts`` maps its
    host to (``FetchContext.hosts``, $KIPP_SOURCE_HOSTS); unchanged otherwise."""
    parts = urlsplit(url)
    base = hosts.get((parts.hostname or "").lower())
    if not base:
        return url
    scheme, _, netloc = base.partition("://")
    return urlunsplit(parts._replace(scheme=scheme, netloc=netloc.rstrip("/")))
