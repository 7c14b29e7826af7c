"""Fetch stage: an entry's link -> a local file plus the facts of its source.

    fetch(entry, ctx) -> Fetched
    refused_link(entry, config) -> LinkError | None   a cell no service can help (no link)

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
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline import i18n
from pipeline.config import Config
from pipeline.errors import FetchError, LinkError, NoSourceAccess
from pipeline.fetch import local, sources
from pipeline.models import Entry, Fetched, RegistryNote, SourceFacts

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


def fetch(entry: Entry, ctx: FetchContext) -> Fetched:
    """The entry's file on local disk and the facts of its source.  The link cell is
    read here, once (``sources.read_cell``); the chosen service's module is handed the
    classified links.

    Returns:
        Fetched: ``path`` (the local file, or the cached download), ``source``
        (SourceFacts: kind, Drive id, name, size in bytes, md5, modifiedTime, the
        service's duration in seconds, notes) and ``sidecars`` (subtitle files beside
        the video).  Links of the cell of another service than the one fetched are named
        in a ``source.cell_ignored`` note.

    Raises:
        LinkError: no link, or one kipp cannot use (a Docs file, a cut link, a channel,
            a service the competition does not accept).
        FetchError (AccessDenied, WrongSource, QuotaExceeded, TransientFetchError,
            DurationRejected): the file could not be fetched; carries ``source_facts``
            when the service described the file first.
        NoSourceAccess: a Drive link while kipp runs without Drive access.
        CredentialsError: Drive credentials unusable (stops the batch).
    """
    chosen = chosen_links(entry, ctx.config)
    if chosen is None:
        base = entry.registry_path.parent if entry.registry_path else Path.cwd()
        config_dir = ctx.config.source_path.parent if ctx.config.source_path else Path.cwd()
        allowed = [config_dir / folder for folder in ctx.config.fetch.local_folders]
        return local.fetch(entry.link.strip(), base=base, allowed=allowed, row=entry.row)
    fetched = _fetch_chosen(chosen, ctx)
    notes: list[RegistryNote] = []
    if chosen.ignored:
        links = ", ".join(x.url for x in chosen.ignored)
        notes.append(RegistryNote(code="source.cell_ignored", params={"links": links}))
    limit = ctx.config.sources.max_links_per_cell
    if (found := sources.links_in(entry.link)) > limit:
        notes.append(RegistryNote(code="source.cell_limit", params={"found": found, "read": limit}))
    if not notes:
        return fetched
    facts = fetched.source.model_copy(update={"notes": (*fetched.source.notes, *notes)})
    return fetched.model_copy(update={"source": facts})


def chosen_links(entry: Entry, config: Config) -> sources.Chosen | None:
    """The links of the entry's link cell kipp fetches (``sources.choose``); None when
    the cell is a local path.  Nothing is asked of any service.

    Raises:
        LinkError: the cell has no link (``fetch.no_link``), words instead of one
            (``sources.not_a_link``), or no link of a service the competition accepts
            that kipp can use (``sources.choose``).
    """
    text = entry.link.strip()
    if not text:
        raise LinkError("fetch.no_link", agency=entry.agency)
    cell = sources.read_cell(text, config.sources.max_links_per_cell)
    if cell:
        return sources.choose(cell, config)
    if not local.looks_like_path(text):  # "belum ada", "menyusul", "-"
        raise sources.not_a_link(text, config)
    return None


def refused_link(entry: Entry, config: Config) -> LinkError | None:
    """Why the entry's link cell cannot be fetched at all, whatever the services answer
    (no link, a Docs file, a service the competition refuses...); None when it holds a
    link to try or a local path."""
    try:
        chosen_links(entry, config)
    except LinkError as exc:
        return exc
    return None


def drive_entries(entries: Sequence[Entry], config: Config) -> list[Entry]:
    """The entries whose link cell the fetch stage would take from Google Drive (read and
    chosen as ``fetch`` does; a cell the rules refuse is not one).  Asked only when kipp
    has no Drive access, so that a run stops before judging instead of giving every
    Drive entry an ``error``."""
    found = []
    for entry in entries:
        try:
            chosen = chosen_links(entry, config)
        except LinkError:
            continue
        if chosen is not None and chosen.first.source == "drive":
            found.append(entry)
    return found


def _fetch_chosen(chosen: sources.Chosen, ctx: FetchContext) -> Fetched:
    first = chosen.first
    if first.source != "drive":
        module = "youtube" if first.source == "youtube" else "web"
        other = importlib.import_module(f"pipeline.fetch.{module}")  # loaded when needed
        result: Fetched = other.fetch(first, ctx)
        return result
    if ctx.drive is None:
        raise NoSourceAccess("fetch.drive_unavailable", link=first.url)
    drive = importlib.import_module("pipeline.fetch.drive")  # loaded only when needed
    fetched: Fetched = drive.fetch(chosen.links, ctx)
    return fetched
