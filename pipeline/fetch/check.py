"""``kipp check-link``: what a submitted link is and, with credentials, what its service
says about it.

    check_link(text, drive=client_or_None, youtube=client_or_None) -> dict (JSON-ready)

Kinds: ``file``, ``folder``, ``docs`` (Drive: with a Drive client, its metadata and
whether the first KiB can be downloaded), ``youtube`` (``video_id``; with a YouTube
client, the Data API facts and whether they let kipp download it), ``dropbox``,
``onedrive``, ``url`` (``download_url``: where the bytes will be asked for) and
``invalid``.  ``usable(result)`` is what the exit code says (0 usable, 1 otherwise).
"""

from __future__ import annotations

from typing import Any

from pipeline.errors import EntryError
from pipeline.fetch import sources

USABLE = ("file", "folder", "youtube", "dropbox", "onedrive", "url")


def check_link(text: str, *, drive: Any = None, youtube: Any = None) -> dict[str, Any]:
    link = sources.classify(text)
    if link.source in (None, "drive"):
        from pipeline.fetch.drive import check_link as drive_check

        result: dict[str, Any] = drive_check(text, drive)
        return result
    out: dict[str, Any] = {
        "kind": link.kind,
        "source": link.source,
        "url": link.url,
        "message": link.message("id"),
        "message_en": link.message("en"),
    }
    if link.video_id:
        out["video_id"] = link.video_id
    if link.download_url:
        out["download_url"] = link.download_url
    if link.kind == "youtube" and youtube is not None:
        from pipeline.fetch.youtube import check_facts

        out.update(check_facts(link, youtube))
    return out


def refusal(exc: EntryError) -> dict[str, Any]:
    """The fields a check-link result gains when its service refuses the download (Drive
    and YouTube alike): ``can_download`` false, the error class, its outcome and message."""
    return {
        "can_download": False,
        "error": type(exc).__name__,
        "outcome": exc.outcome,
        "message": exc.render("id"),
        "message_en": exc.render("en"),
    }


def usable(result: dict[str, Any]) -> bool:
    return result["kind"] in USABLE and result.get("can_download") is not False
