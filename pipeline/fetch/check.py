"""``kipp check-link``: what a submitted link is and, with credentials, what its service
says about it.

    cell = read(text)                              # the links, classified once
    check_link(cell, config, drive=client_or_None, youtube=client_or_None) -> dict

The competition's ``[sources] allowed`` applies as in a run: a service it does not
accept gives ``can_download`` false and the same message the run's report would.

Kinds: ``file``, ``folder``, ``docs`` (Drive: with a Drive client, its metadata and
whether the first KiB can be downloaded), ``youtube`` (``video_id``; with a YouTube
client, the Data API facts and whether they let kipp download it), ``dropbox``,
``onedrive``, ``url`` (``download_url``: where the bytes will be asked for) and
``invalid``.  ``usable(result)`` is what the exit code says (0 usable, 1 otherwise).
"""

from __future__ import annotations

from typing import Any

from pipeline.config import Config
from pipeline.errors import EntryError, LinkError
from pipeline.fetch import sources
from pipeline.fetch.sources import SourceLink

USABLE = ("file", "folder", "youtube", "dropbox", "onedrive", "url")


def read(text: str) -> tuple[SourceLink, ...]:
    """The links of what was given to check, classified once (``sources.read_cell``);
    text with no link in it is one ``invalid`` link saying so."""
    return sources.read_cell(text) or (sources.classify(text),)


def check_link(
    cell: tuple[SourceLink, ...], config: Config, *, drive: Any = None, youtube: Any = None
) -> dict[str, Any]:
    """The result for a cell's links under ``config``'s rules (JSON-ready).  Keys:
    ``kind``, ``url``, ``message``/``message_en``, then per kind: Drive ``file_id``,
    ``resource_key``, ``metadata``; YouTube ``video_id``, ``facts``; others
    ``download_url``; ``checked`` (Drive, YouTube: whether the service itself was
    asked, which needs credentials); ``ignored`` (the cell's links of another service,
    not judged); and ``can_download`` with ``error``/``outcome`` when refused."""
    try:
        chosen = sources.choose(cell, config)
    except LinkError as exc:
        return {**described(cell[0]), **refusal(exc)}
    link = chosen.first
    if link.source in (None, "drive"):
        from pipeline.fetch.drive import check_link as drive_check

        out: dict[str, Any] = drive_check(chosen.links, drive)
        out["checked"] = drive is not None and link.usable
    else:
        out = described(link)
        if link.kind == "youtube":
            out["checked"] = youtube is not None
            if youtube is not None:
                from pipeline.fetch.youtube import check_facts

                out.update(check_facts(link, youtube))
    if chosen.ignored:  # as a run's source.cell_ignored note says
        out["ignored"] = [other.url for other in chosen.ignored]
    return out


def described(link: SourceLink) -> dict[str, Any]:
    """The fields every check-link result starts with: the link's kind, its ids (Drive:
    ``file_id``, ``resource_key``; else ``source``, ``video_id``, ``download_url``), the
    cleaned ``url`` and what the agency must change in it (``message``/``message_en``)."""
    if link.source in (None, "drive"):
        out: dict[str, Any] = {"kind": link.kind, "file_id": link.file_id,
                               "resource_key": link.resource_key}  # fmt: skip
    else:
        out = {"kind": link.kind, "source": link.source}
    out.update(url=link.url, message=link.message("id"), message_en=link.message("en"))
    if link.video_id:
        out["video_id"] = link.video_id
    if link.download_url:
        out["download_url"] = link.download_url
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
