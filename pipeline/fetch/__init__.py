"""Fetch stage: an entry's link -> a local file plus the facts of its source.

    fetch(entry, ctx) -> Fetched

A link is a Google Drive URL (``pipeline.fetch.drive``), a YouTube video
(``pipeline.fetch.youtube``: Data API facts first, then yt-dlp), a Dropbox, OneDrive /
SharePoint or any other https URL (``pipeline.fetch.web``), or a local file path
(``pipeline.fetch.local``; relative paths resolve against the registry's folder).  Which
services a competition accepts is its ``[sources] allowed`` list
(``pipeline.fetch.sources``); a local path is always accepted.

$KIPP_SOURCE_HOSTS maps service hosts to a local base URL for tests and the demo, e.g.
``www.youtube.com=http://127.0.0.1:8766,www.dropbox.com=http://127.0.0.1:8766``: every
request (and redirect) to such a host goes to the base instead.
"""

from __future__ import annotations

import importlib
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline import i18n
from pipeline.config import Config
from pipeline.errors import FetchError, LinkError, NoSourceAccess
from pipeline.fetch import local, sources
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


HOSTS_ENV = "KIPP_SOURCE_HOSTS"
Progress = Callable[[int, int | None], None]  # (bytes so far, total bytes or None)


def hosts_from_env() -> dict[str, str]:
    """$KIPP_SOURCE_HOSTS as {host: base URL}; empty when unset."""
    out: dict[str, str] = {}
    for item in os.environ.get(HOSTS_ENV, "").split(","):
        host, sep, base = item.strip().partition("=")
        if sep and host.strip() and base.strip():
            out[host.strip().lower()] = base.strip().rstrip("/")
    return out


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
    youtube: Any = None  # a pipeline.fetch.youtube client; None: made from the environment
    hosts: Mapping[str, str] = field(default_factory=hosts_from_env)  # host -> local base
    on_progress: Progress | None = None  # download progress of this entry
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
    """The entry's file on local disk and the facts of its source.

    Returns:
        Fetched: ``path`` (the local file, or the cached Drive download), ``source``
        (SourceFacts: kind, Drive id, name, size in bytes, md5, modifiedTime, Drive's
        duration in seconds) and ``sidecars`` (subtitle files beside the video).

    Raises:
        LinkError: no link, or one kipp cannot use (YouTube, a Docs file, a cut link).
        FetchError (AccessDenied, WrongSource, QuotaExceeded, TransientFetchError,
            DurationRejected): the file could not be fetched; carries ``source_facts``
            when Drive described the file first.
        CredentialsError: Drive credentials unusable (stops the batch).
    """
    link = entry.link.strip()
    if not link:
        raise LinkError("fetch.no_link", agency=entry.agency)
    if is_drive_link(link) or is_web_link(link):
        parsed = sources.classify(link)
        sources.allowed_or_raise(parsed, ctx.config)  # "this competition asks for Drive"
        if not parsed.usable:  # a Docs file, a cut link, a channel: say what to change
            raise LinkError(parsed.message_key or "link.no_id", link=parsed.url or link)
        if parsed.source != "drive":
            module = "youtube" if parsed.source == "youtube" else "web"
            other = importlib.import_module(f"pipeline.fetch.{module}")  # loaded when needed
            result: Fetched = other.fetch(entry, parsed, ctx)
            return result
        if ctx.drive is None:
            raise NoSourceAccess("fetch.drive_unavailable", link=parsed.url)
        drive = importlib.import_module("pipeline.fetch.drive")  # loaded only when needed
        fetched: Fetched = drive.fetch(entry, ctx)
        return fetched
    base = entry.registry_path.parent if entry.registry_path else Path.cwd()
    config_dir = ctx.config.source_path.parent if ctx.config.source_path else Path.cwd()
    allowed = [config_dir / folder for folder in ctx.config.fetch.local_folders]
    return local.fetch(link, base=base, allowed=allowed)
