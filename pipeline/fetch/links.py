"""Link intake: whatever an agency pasted -> a classified Google Drive link.

    parse("  <https://drive.google.com/file/d/1AbC.../view?usp=sharing>. ") -> DriveLink
    urls("https://drive.google.com/open?id=A, https://drive.google.com/open?id=B")
        -> [url, url]                 # a Google Forms "File upload" answer (read_cell in
                                      # pipeline.fetch.sources classifies each)

On drive.google.com, docs.google.com and drive.usercontent.google.com the id is found
wherever it sits (``drive_id``): the segment after ``/d/`` or ``/folders/``, else an
``id=`` parameter; ``/u/N/`` and Workspace ``/a/<domain>/`` parts are ignored.  So
``file/d/ID/view``, ``open?id=ID``, ``uc?id=ID``, ``drive/u/1/folders/ID``,
``embeddedfolderview?id=ID``, ``#folders/ID`` and shapes not yet seen all work.
``docs.google.com/{document,spreadsheets,presentation,forms,drawings}/...`` -> docs.

``resourcekey=`` is kept.  Around the link people paste spaces, line breaks, ``<>``,
quotes, brackets, trailing punctuation, the sentence it sits in ("Link video kami:
https://... terima kasih") and chat formatting (WhatsApp's ``*bold*``, ``_italic_``,
``~strike~`` and ```` ```mono``` ````); all of it is removed.  A marker is taken off the
end of a link only when the same marker opens it, so a Drive id ending in ``_`` stays
whole.  ``as_sent`` is the link as the agency wrote it (no scheme added): what messages
quote, never a link it did not send.  Kinds: ``file``, ``folder``,
``docs`` (a Google Docs/Sheets/Slides link: not a video), ``not_drive`` (YouTube or
any other site) and ``invalid`` (empty, no id, or cut off).  Every kind but
file/folder carries the message key telling the agency what to change.
"""

from __future__ import annotations

import re
from typing import Literal
from urllib.parse import parse_qs, urlsplit

from pydantic import BaseModel, ConfigDict

from pipeline import i18n

LinkKind = Literal["file", "folder", "docs", "not_drive", "invalid"]

_ID = re.compile(r"^[A-Za-z0-9_-]+$")
_KEY = re.compile(r"^[A-Za-z0-9_.-]{1,200}$")  # a resourcekey ("0-AbC..."), nothing else
MIN_ID_LENGTH = 10  # real ids are 19-44 characters; shorter means the link was cut
_QUOTES = "\"'`<>()[]{}«»“”‘’"
_TRAILING = ".,;:!?" + _QUOTES
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]+")
_HOST_RE = re.compile(  # any subdomain (www., m., music., studio.) belongs to the link
    r"(?<![A-Za-z0-9-])(?:https?:/+)?(?:[a-z0-9-]+\.)*(?:drive\.usercontent\.google\.com"
    r"|drive\.google\.com|docs\.google\.com|youtube(?:-nocookie)?\.com|youtu\.be)(?:[/?]\S*)?",
    re.IGNORECASE,
)
_MARKERS = "*_~`"  # chat formatting: WhatsApp bold, italic, strike, monospace
_URL_START = re.compile(
    r"^(?:https?:/|www\.|(?:drive|docs|drive\.usercontent)\.google\.com)", re.IGNORECASE
)
_ANY_URL = re.compile(r"(?:https?://|www\.)\S+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)+/\S*", re.IGNORECASE)
DOCS_KINDS = ("document", "spreadsheets", "presentation", "forms", "drawings")
DRIVE_HOSTS = ("drive.google.com", "docs.google.com", "drive.usercontent.google.com")

i18n.register(
    {
        "link.docs": {
            "id": "Link {link} adalah dokumen Google Docs/Sheets/Slides, bukan berkas video. "
            "Unggah berkas video (MP4) ke Google Drive lalu kirim link berkas video tersebut.",
            "en": "The link {link} is a Google Docs/Sheets/Slides document, not a video file. "
            "Upload the video file (MP4) to Google Drive and send that file's link.",
        },
        "link.youtube": {
            "id": "Link {link} adalah link YouTube, bukan Google Drive. Unggah berkas video "
            'ke Google Drive, bagikan sebagai "Siapa saja yang memiliki link", lalu kirim '
            "link Drive tersebut.",
            "en": "The link {link} is a YouTube link, not Google Drive. Upload the video file "
            'to Google Drive, share it as "Anyone with the link" and send that Drive link.',
        },
        "link.not_drive": {
            "id": "Link {link} bukan link Google Drive. Unggah berkas video ke Google Drive, "
            'bagikan sebagai "Siapa saja yang memiliki link", lalu kirim link Drive tersebut.',
            "en": "The link {link} is not a Google Drive link. Upload the video to Google Drive, "
            'share it as "Anyone with the link" and send that Drive link.',
        },
        "link.no_id": {
            "id": "Link Google Drive {link} tidak menunjuk ke berkas atau folder tertentu. "
            "Di Google Drive, klik kanan berkas video, pilih Bagikan > Salin link, lalu kirim "
            "link itu (bentuknya https://drive.google.com/file/d/.../view).",
            "en": "The Google Drive link {link} does not point at a file or folder. In Google "
            "Drive, right-click the video, choose Share > Copy link and send that link "
            "(it looks like https://drive.google.com/file/d/.../view).",
        },
        "link.cut": {
            "id": "Link Google Drive {link} terpotong atau salah ketik (ID berkas tidak "
            "lengkap). Salin ulang link lengkapnya dari Google Drive (Bagikan > Salin link).",
            "en": "The Google Drive link {link} is cut off or mistyped (incomplete file id). "
            "Copy the whole link again from Google Drive (Share > Copy link).",
        },
        "link.not_a_link": {
            "id": "Isi kolom link ({link}) bukan sebuah link. Kirim link Google Drive berkas "
            "video (Bagikan > Salin link).",
            "en": "The link column ({link}) holds no link. Send the video's Google Drive link "
            "(Share > Copy link).",
        },
        "link.empty": {
            "id": "Kolom link kosong atau tidak berisi link. Kirim link Google Drive berkas "
            "video (Bagikan > Salin link).",
            "en": "The link is empty or holds no link. Send the video's Google Drive link "
            "(Share > Copy link).",
        },
    }
)


class DriveLink(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: LinkKind
    file_id: str | None = None
    resource_key: str | None = None
    url: str  # the link as cleaned (what the message quotes)
    message_key: str | None = None  # what the agency must change, when not file/folder

    @property
    def usable(self) -> bool:
        return self.kind in ("file", "folder")

    def message(self, lang: str = "id") -> str | None:
        if self.message_key is None:
            return None
        return i18n.message(self.message_key, lang, link=self.url)


def as_sent(text: str) -> str:
    """The link inside what was pasted, as the agency wrote it: wrapping characters,
    chat markers and the sentence around it removed, a link broken over lines joined
    again; no scheme added ("" when there is no link)."""
    joined = _join_broken(text or "")
    found = _HOST_RE.search(joined) or _ANY_URL.search(joined)
    if not found:
        return ""
    candidate = found.group(0)
    opened = joined[: found.start()]
    while candidate and candidate[0] in _QUOTES + _MARKERS:  # "*https://..." in one word
        opened, candidate = opened + candidate[0], candidate[1:]
    for closer in (">", '"', "'", "”", "’", "»", ")", "]"):
        # a closing quote glued to more text: "<link>," or "link\"dan ..."
        head, sep, _ = candidate.partition(closer)
        if closer == "]" and "[" in head:  # an IPv6 address: https://[2001:db8::1]/v.mp4
            continue
        if sep and head:
            candidate = head
    candidate = candidate.rstrip(_TRAILING)
    # "*link*", "_*link*_": closing markers only where the same ones opened the link
    opening = opened[len(opened.rstrip(_MARKERS)) :]
    k = len(opening)
    while k and not candidate.endswith(opening[-k:][::-1]):
        k -= 1
    return candidate[: len(candidate) - k].rstrip(_TRAILING) if k else candidate


def clean(text: str) -> str:
    """The link inside what was pasted (``as_sent``), with its scheme: ``https://``."""
    candidate = as_sent(text)
    if re.match(r"^https?:/+", candidate, re.IGNORECASE):
        return re.sub(r"^https?:/+", "https://", candidate, flags=re.IGNORECASE)
    return "https://" + candidate if candidate else ""


_URL_CHARS = re.compile(r"^[A-Za-z0-9._~:/?#\[\]@!$&'()*+,;=%-]+$")


def _join_broken(text: str) -> str:
    """Words of ``text`` with a URL's pieces glued back: a piece is glued to the one
    before when it is made of URL characters and one of them starts or ends with
    ``/ ? & =`` or the piece holds a ``/`` or ``=`` (so "... /view" and "usp= sharing"
    rejoin, while "terima kasih" after a link stays apart)."""
    text = re.sub(r"([,;])(?=https?://)", r"\1 ", _INVISIBLE.sub("", text))
    words = text.split()
    out: list[str] = []
    for word in words:
        prev = out[-1] if out else ""
        in_url = bool(_HOST_RE.search(prev) or _ANY_URL.search(prev))
        glue = (
            in_url
            and not _URL_START.match(word)  # a second link in the same cell
            and _URL_CHARS.match(word)
            and (
                prev.endswith(("/", "?", "&", "="))
                or word.startswith(("/", "?", "&", "="))
                or "/" in word
                or "=" in word
            )
        )
        if glue:
            out[-1] = prev + word
        else:
            out.append(word)
    return " ".join(out)


def urls(text: str) -> list[str]:
    """Every link in a cell, cleaned, in order (a Forms upload answer holds several,
    separated by ", ")."""
    found = []
    for word in _join_broken(text or "").split():
        if _HOST_RE.search(word) or _ANY_URL.search(word):
            url = clean(word)
            if url and url not in found:
                found.append(url)
    return found


def parse(text: str) -> DriveLink:
    url = clean(text)
    if not url:
        pasted = " ".join((text or "").split())
        key = "link.not_a_link" if pasted else "link.empty"
        return DriveLink(kind="invalid", url=pasted, message_key=key)
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    query = parse_qs(parts.query)
    resource_key = _first(query, "resourcekey")
    if resource_key is not None and not _KEY.match(resource_key):
        resource_key = None  # control characters would reach a request header: not a key
    if host not in DRIVE_HOSTS:
        if host.endswith(("youtube.com", "youtu.be")):
            return DriveLink(kind="not_drive", url=url, message_key="link.youtube")
        return DriveLink(kind="not_drive", url=url, message_key="link.not_drive")
    path = parts.path + ("#" + parts.fragment if parts.fragment else "")
    kind, file_id = drive_id(path, query, docs_host=host == "docs.google.com")
    if kind == "invalid" or file_id is None:
        return DriveLink(kind="invalid", url=url, message_key="link.no_id")
    if not _ID.match(file_id) or len(file_id) < MIN_ID_LENGTH:
        return DriveLink(kind="invalid", url=url, message_key="link.cut")
    docs_key = "link.docs" if kind == "docs" else None
    return DriveLink(
        kind=kind, file_id=file_id, resource_key=resource_key, url=url, message_key=docs_key
    )


def _first(query: dict[str, list[str]], name: str) -> str | None:
    for key, values in query.items():
        if key.lower() == name and values and values[0].strip():
            return values[0].strip()
    return None


def drive_id(
    path: str, query: dict[str, list[str]], *, docs_host: bool
) -> tuple[LinkKind, str | None]:
    """The kind and id a Drive/Docs URL carries, wherever the id sits.

    Args:
        path: the URL's path, with its ``#fragment`` appended (old ``#folders/ID`` links).
        query: the parsed query string.
        docs_host: True for docs.google.com (its editor kinds are documents, not files).
    Returns:
        ``("docs", id)`` for a Docs/Sheets/Slides/Forms/Drawings editor URL,
        ``("folder", id)`` for the segment after ``folders`` or an ``id=`` on a path that
        names a folder view (``folderview``, ``embeddedfolderview``), ``("file", id)`` for
        the segment after ``d`` or any other ``id=``; ``("invalid", None)`` when the URL
        carries no id (``/drive/my-drive``).  The id is not validated here.
    Account (``/u/N/``) and Workspace domain (``/a/<domain>/``) parts are ignored, so
    new shapes that keep Drive's id conventions work without a new rule.
    """
    segs = _strip_account([s for s in re.split(r"[/#]", path) if s])
    query_id = _first(query, "id")
    if docs_host and any(s in DOCS_KINDS for s in segs):
        return "docs", _after(segs, "d") or query_id
    if "folders" in segs:
        return "folder", _after(segs, "folders")
    if "d" in segs:
        return "file", _after(segs, "d")
    if query_id:
        return ("folder" if any("folder" in s.lower() for s in segs) else "file"), query_id
    return "invalid", None


def _strip_account(segments: list[str]) -> list[str]:
    """Drop ``u/N`` account parts (/file/u/0/d/ID, /drive/u/1/folders/ID) and a
    leading Workspace ``a/<domain>`` (/a/minut.go.id/file/d/ID)."""
    if len(segments) >= 2 and segments[0] == "a":
        segments = segments[2:]
    out: list[str] = []
    skip = False
    for i, seg in enumerate(segments):
        if skip:
            skip = False
            continue
        if seg == "u" and i + 1 < len(segments) and segments[i + 1].isdigit():
            skip = True
            continue
        out.append(seg)
    return out


def _after(segments: list[str], marker: str) -> str | None:
    """The segment after ``marker`` (skipping the ``e`` of published ``/d/e/ID`` URLs)."""
    if marker in segments:
        rest = segments[segments.index(marker) + 1 :]
        if rest[:1] == ["e"] and len(rest) > 1:
            rest = rest[1:]
        return rest[0] if rest else None
    return None
