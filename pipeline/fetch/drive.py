"""Google Drive fetch stage: a link -> metadata -> the video in the cache.

    client = connect()                       # None when no credentials at all
    with client:
        fetched = fetch(links, FetchContext(config, cache_dir, drive=client))

``links`` are the cell's Drive links as ``pipeline.fetch.sources.read_cell`` classified
them (the fetch stage reads the cell once).  Before downloading, ``files.get`` asks
for only the fields kipp uses; a shortcut is followed; a folder gives its video
(several: the newest, with a note naming the others; none: fail); Docs editor
files, trashed files, files whose download the owner disabled and files over the
size cap fail; a duration Drive already knows
that is clearly out of range fails at once (``ctx.before_download``: the duration
rule of ``pipeline.checks.duration_rule`` on Drive's figure; nothing downloaded).
A cell with several links (a Google Forms "File upload" answer) gives the
video among them (``pipeline.fetch.drive_resolve``).  The cache is keyed by file id +
md5Checksum, so an unchanged file is never downloaded twice.  Subtitles
(.srt/.vtt/.ass/.ssa) beside the video in its Drive folder are fetched too.
"""

from __future__ import annotations

import logging
import re
import threading
from pathlib import Path, PurePath
from typing import Any

from pipeline import i18n
from pipeline.errors import (
    AccessDenied,
    EntryError,
    FetchError,
    NoSourceAccess,
    WrongSource,
)
from pipeline.fetch import FetchContext
from pipeline.fetch.check import described, refusal
from pipeline.fetch.download import Target, download, probe_download
from pipeline.fetch.drive_client import DriveClient, connect, load_key_file
from pipeline.fetch.drive_file import FILE_FIELDS, GOOGLE_APPS, DriveFile
from pipeline.fetch.drive_meta import get_metadata, list_folder
from pipeline.fetch.drive_resolve import resolve, resolve_cell
from pipeline.fetch.pace import Budget
from pipeline.fetch.sources import SourceLink
from pipeline.fsutil import is_sidecar
from pipeline.media.filekind import from_mime
from pipeline.models import Fetched, RegistryNote, SourceFacts

log = logging.getLogger(__name__)

__all__ = [
    "FILE_FIELDS",
    "DriveClient",
    "check_link",
    "connect",
    "fetch",
    "get_metadata",
    "list_folder",
    "load_key_file",
    "resolve",
]


i18n.register(
    {
        "drive.bad_answer": {
            "id": "Google Drive menjawab dengan id atau md5 berkas yang tidak wajar untuk "
            "{link}; kipp tidak mengunduhnya. Jalankan lagi nanti; bila terulang, laporkan "
            "ke pengelola kipp.",
            "en": "Google Drive answered with a file id or md5 kipp cannot use for {link}; "
            "nothing was downloaded. Run again later; if it repeats, report it to the kipp "
            "maintainers.",
        },
        "drive.docs_file": {
            "id": "Berkas Google Drive {file_id} ({link}) adalah dokumen Google ({mime}), "
            "bukan video. Minta instansi mengunggah berkas video (MP4) dan mengirim link "
            "berkas video tersebut.",
            "en": "The Google Drive file {file_id} ({link}) is a Google document ({mime}), "
            "not a video. Ask the agency to upload the video file (MP4) and send its link.",
        },
    }
)


def vet(meta: DriveFile, link: str) -> None:
    """Refuse a trashed file, a Google Docs editor file, a file Drive's mimeType names as
    an archive, document, image, audio file or web page, and one whose owner disabled
    downloading."""
    mime = meta.mime_type
    if meta.trashed:
        raise AccessDenied("drive.trashed", **meta.params(link))
    if mime.startswith(GOOGLE_APPS):
        raise WrongSource("drive.docs_file", mime=mime, **meta.params(link))
    if (kind := from_mime(mime)) is not None:  # Drive knows it is no video: not downloaded
        raise WrongSource(kind.message_key, name=meta.label, what=kind.label, **meta.params(link))
    if not meta.can_download:
        raise AccessDenied("drive.no_download", **meta.params(link))


_SAFE_ID = re.compile(r"[A-Za-z0-9_-]{1,200}")  # Drive ids: letters, digits, - and _
_MD5 = re.compile(r"[0-9a-fA-F]{32}")


def cache_path(cache_dir: Path, meta: DriveFile, *, link: str = "") -> Path:
    """``<cache>/drive/<id>-<md5><suffix>``: a changed file gets a new name.  An id or
    md5 from the server that could not safely name a file (``../``, ``/``, odd
    characters) raises FetchError before anything is written."""
    if not _SAFE_ID.fullmatch(meta.id) or (meta.md5 is not None and not _MD5.fullmatch(meta.md5)):
        raise FetchError("drive.bad_answer", link=link)
    suffix = PurePath(meta.name).suffix.lower()
    suffix = suffix if re.fullmatch(r"\.[a-z0-9]{1,5}", suffix) else ""
    stamp = meta.modified_time.isoformat() if meta.modified_time else ""
    version = meta.md5 or re.sub(r"\W", "", stamp)
    return cache_dir / "drive" / f"{meta.id}-{version}{suffix}"


def ensure_local(client: DriveClient, meta: DriveFile, ctx: FetchContext, *, link: str) -> Path:
    """The cached copy of a file, downloaded unless the same version is already there."""
    dest = cache_path(ctx.cache_dir, meta, link=link)
    size = meta.size
    max_bytes = int(ctx.config.fetch.max_size_mb * 2**20)
    if size is not None and size > max_bytes:
        raise WrongSource(
            "drive.too_large",
            size_mb=size / 2**20,
            max_mb=ctx.config.fetch.max_size_mb,
            **meta.params(link),
        )
    with _file_lock(dest):  # two entries with the same link share one download
        if dest.is_file() and (size is None or dest.stat().st_size == size):
            log.info("%s unchanged (md5 %s): using the cached copy", meta.id, meta.md5)
            return dest
        for stale in dest.parent.glob(f"{meta.id}-*"):
            if not stale.name.startswith(dest.name):
                log.info("removing an older version from the cache: %s", stale.name)
                stale.unlink(missing_ok=True)
        target = _target(meta, link, max_bytes=max_bytes)
        budget = Budget.from_config(ctx.config.fetch)
        return download(client, target, dest, on_progress=ctx.on_progress, budget=budget)


def _target(meta: DriveFile, link: str, *, max_bytes: int) -> Target:
    return Target(
        file_id=meta.id,
        resource_key=meta.resource_key,
        size=meta.size,
        md5=meta.md5,
        link=link,
        max_bytes=max_bytes,
        name=meta.name,
    )


_LOCKS: dict[Path, threading.Lock] = {}
_LOCKS_GUARD = threading.Lock()


def _file_lock(dest: Path) -> threading.Lock:
    with _LOCKS_GUARD:
        return _LOCKS.setdefault(dest, threading.Lock())


def sidecars(
    client: DriveClient,
    meta: DriveFile,
    ctx: FetchContext,
    *,
    link: str,
    children: list[DriveFile] | None,
) -> tuple[Path, ...]:
    """Subtitle files (fsutil.is_sidecar) in the video's Drive folder whose name starts
    with the video's name (or every one, when the folder holds only this video): at most
    ``[subtitles] max_files`` of them, each at most ``max_file_kb`` by Drive's size (the
    rest are not downloaded).  Best effort."""
    if children is None:
        if not meta.parents:
            return ()
        try:
            children = list_folder(client, meta.parents[0], None, link=link)
        except EntryError as exc:
            log.info("cannot list the folder of %s for subtitles: %s", meta.id, exc)
            return ()
    subs = [c for c in children if is_sidecar(c.name)]
    stem = PurePath(meta.name).stem.lower()
    named = [s for s in subs if s.name.lower().startswith(stem)]
    lone_video = sum(1 for c in children if c.is_video) == 1
    rule = ctx.config.subtitles
    chosen = sorted(named or (subs if lone_video else []), key=lambda c: c.name)
    small = [s for s in chosen if (s.size or 0) <= rule.max_file_kb * 1024]
    if len(small) < len(chosen) or len(small) > rule.max_files:
        log.warning("%s: %d subtitle files, %d small enough; reading %d ([subtitles] limits)",
                    meta.id, len(chosen), len(small), min(len(small), rule.max_files))  # fmt: skip
    found: list[Path] = []
    for sub in small[: rule.max_files]:
        try:
            found.append(ensure_local(client, sub, ctx, link=link))
        except EntryError as exc:
            log.warning("subtitle %s of %s not fetched: %s", sub.name, meta.id, exc)
    return tuple(found)


def source_facts(meta: DriveFile, link: SourceLink, notes: tuple[RegistryNote, ...]) -> SourceFacts:
    """What Drive says about the file, as the report shows it."""
    return SourceFacts(
        kind="drive",
        file_id=meta.id,
        resource_key=meta.resource_key or (link.resource_key if meta.id == link.file_id else None),
        name=meta.label,
        size=meta.size,
        md5=meta.md5,
        mime_type=meta.mime_type or None,
        modified_time=meta.modified_time,
        drive_duration_s=meta.duration_s,
        notes=notes,
    )


def fetch(links: tuple[SourceLink, ...], ctx: FetchContext) -> Fetched:
    """The fetch stage for a cell's Drive links: metadata, early checks, cached
    download.  A failure ``ctx.remembered`` holds for this version of the file is
    raised again without downloading.

    Raises:
        NoSourceAccess: no Drive client.  LinkError, FetchError: see ``pipeline.fetch``.
    """
    client: DriveClient | None = ctx.drive
    if client is None:
        raise NoSourceAccess("fetch.drive_unavailable", link=links[0].url)
    meta, notes, children, link = resolve_cell(client, links)
    facts = source_facts(meta, link, notes)
    if ctx.remembered is not None and (known := ctx.remembered(facts)) is not None:
        log.info("%s unchanged since it failed (%s): not fetched again", meta.id, known.key)
        raise known  # built with these facts (see FetchContext.remembered)
    try:
        vet(meta, link.url)
        ctx.before_download(facts)  # rules judged on Drive's own figures (duration)
        path = ensure_local(client, meta, ctx, link=link.url)
    except FetchError as exc:
        raise exc.with_facts(facts) from exc  # the report can still show what Drive said
    subs = sidecars(client, meta, ctx, link=link.url, children=children)
    return Fetched(path=path, source=facts, sidecars=subs)


def check_link(links: tuple[SourceLink, ...], client: DriveClient | None) -> dict[str, Any]:
    """What ``kipp check-link`` shows for a cell's Drive links: the first one's
    classification and, with a client, the Drive metadata of the file (or of a
    folder's chosen video) and whether it can be downloaded (its first KiB is fetched:
    quota, permissions and HTML pages show)."""
    link = links[0]
    out = described(link)
    if client is None or not link.usable:
        return out
    try:
        meta, notes, _children, link = resolve_cell(client, links)
        facts = source_facts(meta, link, notes)
        out["metadata"] = facts.model_dump(mode="json", exclude={"kind", "notes"})
        if notes:
            out["message"] = i18n.message(notes[0].code, "id", **notes[0].params)
            out["message_en"] = i18n.message(notes[0].code, "en", **notes[0].params)
        vet(meta, link.url)
        if facts.size != 0:
            probe_download(client, _target(meta, link.url, max_bytes=2**63))
    except EntryError as exc:
        out.update(refusal(exc))
        return out
    out["can_download"] = True
    return out
