"""What a file is when it is not a video: from Drive's mimeType, or from its first bytes.

    from_mime("application/zip") -> Kind("archive", "ZIP")
    from_head(b"PK\\x03\\x04...")  -> Kind("archive", "ZIP") (or "document", "Word (DOCX)")
    looks_like_html(head)         -> True for a web page (Google's sign-in/warning pages)
    kind.message_key              -> "file.archive", ... (its message takes name and what)

Magic bytes are read by ``filetype`` (no dependencies; it also tells Word, Excel and
PowerPoint files from a plain ZIP by their first entries); web pages, which it does
not know, by the HTML markers here.  A kind that can hold a video (``video/*``, and
the audio types of containers that may carry a picture: ``audio/webm``, ``audio/mp4``,
``audio/ogg``) is None: the probe decides.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import filetype

from pipeline import i18n

KindName = Literal["archive", "document", "image", "audio", "web_page"]

HTML_MARKERS = (b"<!doctype html", b"<html", b"<head", b"<?xml")
SNIFF_BYTES = 8192  # what filetype reads

_OOXML = "application/vnd.openxmlformats-officedocument."
_MIMES: dict[str, tuple[KindName, str]] = {
    "application/zip": ("archive", "ZIP"),
    "application/x-zip-compressed": ("archive", "ZIP"),
    "application/x-rar-compressed": ("archive", "RAR"),
    "application/vnd.rar": ("archive", "RAR"),
    "application/x-rar": ("archive", "RAR"),
    "application/x-7z-compressed": ("archive", "7z"),
    "application/gzip": ("archive", "gzip"),
    "application/x-gzip": ("archive", "gzip"),
    "application/x-tar": ("archive", "TAR"),
    "application/x-bzip2": ("archive", "bzip2"),
    "application/x-xz": ("archive", "xz"),
    "application/pdf": ("document", "PDF"),
    "application/msword": ("document", "Word (DOC)"),
    _OOXML + "wordprocessingml.document": ("document", "Word (DOCX)"),
    "application/vnd.ms-excel": ("document", "Excel (XLS)"),
    _OOXML + "spreadsheetml.sheet": ("document", "Excel (XLSX)"),
    "application/vnd.ms-powerpoint": ("document", "PowerPoint (PPT)"),
    _OOXML + "presentationml.presentation": ("document", "PowerPoint (PPTX)"),
    "application/vnd.oasis.opendocument.text": ("document", "OpenDocument (ODT)"),
    "application/vnd.oasis.opendocument.spreadsheet": ("document", "OpenDocument (ODS)"),
    "application/vnd.oasis.opendocument.presentation": ("document", "OpenDocument (ODP)"),
    "application/rtf": ("document", "RTF"),
    "text/plain": ("document", "TXT"),
    "text/csv": ("document", "CSV"),
    "text/html": ("web_page", "HTML"),
    "application/xhtml+xml": ("web_page", "HTML"),
}
_AUDIO_LABELS = {"mpeg": "MP3", "mp3": "MP3", "x-wav": "WAV", "wav": "WAV", "x-m4a": "M4A"}
# containers that may carry a picture although their type says audio: the probe decides
_MAY_HOLD_VIDEO = {"audio/webm", "audio/mp4", "audio/ogg", "audio/x-matroska", "audio/3gpp"}


_FIX_ID = "unggah berkas videonya sendiri lalu bagikan link berkas video tersebut."
_FIX_EN = "upload the video file itself and share its link."
i18n.register(
    {
        "file.archive": {
            "id": f"Link mengarah ke arsip {{what}} ({{name}}), bukan video: {_FIX_ID}",
            "en": f"The link leads to a {{what}} archive ({{name}}), not a video: {_FIX_EN}",
        },
        "file.document": {
            "id": f"Link mengarah ke dokumen ({{what}}: {{name}}), bukan video: {_FIX_ID}",
            "en": f"The link leads to a document ({{what}}: {{name}}), not a video: {_FIX_EN}",
        },
        "file.image": {
            "id": f"Link mengarah ke gambar ({{what}}: {{name}}), bukan video: {_FIX_ID}",
            "en": f"The link leads to an image ({{what}}: {{name}}), not a video: {_FIX_EN}",
        },
        "file.audio": {
            "id": f"Link mengarah ke berkas audio ({{what}}: {{name}}) tanpa gambar: {_FIX_ID}",
            "en": "The link leads to an audio file ({what}: {name}) with no picture: " + _FIX_EN,
        },
        "file.web_page": {
            "id": f"Link mengarah ke halaman web ({{name}}), bukan berkas video: {_FIX_ID}",
            "en": f"The link leads to a web page ({{name}}), not a video file: {_FIX_EN}",
        },
    }
)


@dataclass(frozen=True)
class Kind:
    name: KindName
    label: str  # what people call it: "ZIP", "Word (DOCX)", "JPEG", "MP3"

    @property
    def message_key(self) -> str:
        return f"file.{self.name}"


def from_mime(mime: str | None) -> Kind | None:
    """The kind a MIME type names; None for video, unknown or ambiguous types."""
    mime = (mime or "").split(";", 1)[0].strip().lower()
    if mime in _MIMES:
        return Kind(*_MIMES[mime])
    major, _, minor = mime.partition("/")
    if major == "image":
        label = minor.removeprefix("x-").split("+", 1)[0].upper()
        return Kind("image", "JPEG" if label == "JPG" else label)
    if major == "audio" and mime not in _MAY_HOLD_VIDEO:
        return Kind("audio", _AUDIO_LABELS.get(minor, minor.removeprefix("x-").upper()))
    return None


def looks_like_html(head: bytes) -> bool:
    """An HTML (or XML) page: its first non-blank bytes, after a UTF-8 BOM."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return text.startswith(HTML_MARKERS) or b"<html" in text[:1024]


def from_head(head: bytes) -> Kind | None:
    """The kind a file's first bytes (``SNIFF_BYTES`` of them) show; None for a video or
    for bytes nothing recognises."""
    if looks_like_html(head):
        return Kind("web_page", "HTML")
    guess = filetype.guess(head[:SNIFF_BYTES]) if head else None
    return from_mime(guess.mime) if guess is not None else None
