"""Fetch stage: an entry's link -> a local file plus the facts of its source.

    fetch(entry, ctx) -> Fetched

A link is a Google Drive URL (``pipeline.fetch.drive``) or a local file path
(``pipeline.fetch.local``; relative paths resolve against the registry's folder).
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline import i18n
from pipeline.config import Config
from pipeline.errors import FetchError, LinkError
from pipeline.fetch import links, local
from pipeline.models import Entry, Fetched, SourceFacts

i18n.register(
    {
        "fetch.no_link": {
            "id": "Baris registri untuk {agency} tidak berisi link video: minta instansi "
            "mengirim link Google Drive videonya.",
            "en": "The registry row for {agency} has no video link: ask the agency to send "
            "its Google Drive link.",
        },
        "fetch.drive_unavailable": {
            "id": "Link Google Drive {link} belum dapat diunduh: kipp belum dijalankan dengan "
            "akses Google Drive. Jalankan lagi dengan kredensial Drive.",
            "en": "The Google Drive link {link} cannot be fetched: kipp runs without Drive "
            "access. Run again with Drive credentials.",
        },
    }
)


@dataclass(frozen=True)
class FetchContext:
    """The outside world of the fetch stage.  ``screen``: the rules judged on a
    source's own facts before its download (default: the duration rule,
    ``pipeline.checks.duration_rule.before_download``); it raises to refuse."""

    config: Config
    cache_dir: Path
    drive: Any = None  # a pipeline.fetch.drive client, when Drive access is set up
    extra: dict[str, Any] = field(default_factory=dict)
    # the failure remembered for this very version of the file (same Drive metadata), if
    # any, built with the facts it is given: raised instead of downloading again (the
    # runner's store; None: always fetch)
    remembered: Callable[[SourceFacts], FetchError | None] | None = None
    screen: Callable[[SourceFacts, Config], None] | None = None

    def before_download(self, source: SourceFacts) -> None:
        if self.screen is not None:
            return self.screen(source, self.config)
        from pipeline.checks.duration_rule import before_download  # the rules live in checks

        before_download(source, self.config)


def is_drive_link(link: str) -> bool:
    text = link.strip().strip("<>\"'").lower()
    return "google.com" in text or text.startswith(("drive.", "docs."))


def is_web_link(link: str) -> bool:
    """A URL of any site (YouTube, Dropbox...): never a local path."""
    return re.search(r"https?://|(^|\s)www\.|youtu\.?be", link, re.IGNORECASE) is not None


def fetch(entry: Entry, ctx: FetchContext) -> Fetched:
    link = entry.link.strip()
    if not link:
        raise LinkError("fetch.no_link", agency=entry.agency)
    if is_drive_link(link) or is_web_link(link):
        parsed = links.parse(link)
        if not parsed.usable:  # YouTube, a Docs file, a cut link: say what to change
            raise LinkError(parsed.message_key or "link.no_id", link=parsed.url or link)
        if ctx.drive is None:
            raise LinkError("fetch.drive_unavailable", link=parsed.url)
        drive = importlib.import_module("pipeline.fetch.drive")  # loaded only when needed
        fetched: Fetched = drive.fetch(entry, ctx)
        return fetched
    base = entry.registry_path.parent if entry.registry_path else Path.cwd()
    return local.fetch(link, base=base)
