"""Google Drive fetch stage: a link -> metadata -> the video in the cache.

    client = connect()                       # None when no credentials at all
    with client:
        fetched = fetch(entry, FetchContext(config, cache_dir, drive=client))

Before downloading, ``files.get`` asks for only the fields kipp uses; a shortcut is
followed; a folder gives its video (several: the newest, with a note naming the
others; none: fail); Docs editor files, trashed files, files whose download the
owner disabled and files over the size cap fail; a duration Drive already knows
that is clearly out of range fails at once (``DurationRejected``, nothing
downloaded).  A cell with several links (a Google Forms "File upload" answer) gives
the video among them (``pipeline.fetch.drive_resolve``).  The cache is keyed by file
id + md5Checksum, so an unchanged file is never downloaded twice.  Subtitles
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
    DurationRejected,
    EntryError,
    FetchError,
    LinkError,
    WrongSource,
)
from pipeline.fetch import FetchContext
from pipeline.fetch.download import Target, download, probe_download
from pipeline.fetch.drive_client import DriveClient, connect, load_key_file
from pipeline.fetch.drive_meta import (
    FILE_FIELDS,
    duration_s,
    get_metadata,
    is_video,
    list_folder,
    modified,
    params_of,
)
from pipeline.fetch.drive_resolve import resolve, resolve_cell
from pipeline.fetch.links import DriveLink, parse, parse_all
from pipeline.filekind import from_mime
from pipeline.fsutil import is_sidecar
from pipeline.models import Entry, Fetched, RegistryNote, SourceFacts

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

GOOGLE_APPS = "application/vnd.google-apps."
DURATION_MARGIN_S = 1.0  # Drive's figure is rounded: reject early only when clearly out

i18n.register(
    {
        "drive.docs_file": {
            "id": "Berkas Google Drive {file_id} ({link}) adalah dokumen Google ({mime}), "
            "bukan video. Minta instansi mengunggah berkas video (MP4) dan mengirim link "
            "berkas video tersebut.",
            "en": "The Google Drive file {file_id} ({link}) is a Google document ({mime}), "
            "not a video. Ask the agency to upload the video file (MP4) and send its link.",
        },
        "drive.duration_min": {
            "id": "Menurut Google Drive, video {name} berdurasi {duration_s:g} detik, kurang "
            "dari batas minimal {limit_s:g} detik (angka dari metadata Google Drive; berkas "
            "tidak diunduh). Minta instansi mengirim video dengan durasi sesuai ketentuan.",
            "en": "Google Drive says the video {name} lasts {duration_s:g} s, under the "
            "minimum of {limit_s:g} s (figure from Google Drive's metadata; not downloaded). "
            "Ask the agency for a video of the allowed length.",
        },
        "drive.duration_max": {
            "id": "Menurut Google Drive, video {name} berdurasi {duration_s:g} detik, lebih "
            "dari batas maksimal {limit_s:g} detik (angka dari metadata Google Drive; berkas "
            "tidak diunduh). Minta instansi mengirim video dengan durasi sesuai ketentuan.",
            "en": "Google Drive says the video {name} lasts {duration_s:g} s, over the "
            "maximum of {limit_s:g} s (figure from Google Drive's metadata; not downloaded). "
            "Ask the agency for a video of the allowed length.",
        },
    }
)


def vet(meta: dict[str, Any], link: str) -> None:
    """Refuse a trashed file, a Google Docs editor file, a file Drive's mimeType names as
    an archive, document, image, audio file or web page, and one whose owner disabled
    downloading."""
    mime = str(meta.get("mimeType", ""))
    if meta.get("trashed"):
        raise AccessDenied("drive.trashed", **params_of(meta, link))
    if mime.startswith(GOOGLE_APPS):
        raise WrongSource("drive.docs_file", mime=mime, **params_of(meta, link))
    if (kind := from_mime(mime)) is not None:  # Drive knows it is no video: not downloaded
        name = str(meta.get("name", meta.get("id")))
        raise WrongSource(kind.message_key, name=name, what=kind.label, **params_of(meta, link))
    if (meta.get("capabilities") or {}).get("canDownload") is False:
        raise AccessDenied("drive.no_download", **params_of(meta, link))


def check_duration(meta: dict[str, Any], ctx: FetchContext) -> None:
    seconds = duration_s(meta)
    rule = ctx.config.duration
    if seconds is None:
        return
    name = meta.get("name", meta.get("id"))
    if rule.min_s is not None and seconds < rule.min_s - DURATION_MARGIN_S:
        raise DurationRejected(
            "drive.duration_min",
            check_id="duration.min",
            name=name,
            duration_s=seconds,
            limit_s=rule.min_s,
            source="drive",
            value=round(seconds, 3),
            expected=f">= {rule.min_s:.3f}",
        )
    if rule.max_s is not None and seconds > rule.max_s + DURATION_MARGIN_S:
        raise DurationRejected(
            "drive.duration_max",
            check_id="duration.max",
            name=name,
            duration_s=seconds,
            limit_s=rule.max_s,
            source="drive",
            value=round(seconds, 3),
            expected=f"<= {rule.max_s:.3f}",
        )


def cache_path(cache_dir: Path, meta: dict[str, Any]) -> Path:
    """``<cache>/drive/<id>-<md5><suffix>``: a changed file gets a new name."""
    suffix = PurePath(str(meta.get("name", ""))).suffix.lower()
    suffix = suffix if re.fullmatch(r"\.[a-z0-9]{1,5}", suffix) else ""
    version = meta.get("md5Checksum") or re.sub(r"\W", "", str(meta.get("modifiedTime", "")))
    return cache_dir / "drive" / f"{meta['id']}-{version}{suffix}"


def ensure_local(
    client: DriveClient, meta: dict[str, Any], ctx: FetchContext, *, link: str
) -> Path:
    """The cached copy of a file, downloaded unless the same version is already there."""
    dest = cache_path(ctx.cache_dir, meta)
    size = int(meta["size"]) if meta.get("size") not in (None, "") else None
    max_bytes = int(ctx.config.fetch.max_size_mb * 2**20)
    if size is not None and size > max_bytes:
        raise WrongSource(
            "drive.too_large",
            size_mb=size / 2**20,
            max_mb=ctx.config.fetch.max_size_mb,
            **params_of(meta, link),
        )
    with _file_lock(dest):  # two entries with the same link share one download
        if dest.is_file() and (size is None or dest.stat().st_size == size):
            log.info(
                "%s unchanged (md5 %s): using the cached copy", meta["id"], meta.get("md5Checksum")
            )
            return dest
        for stale in dest.parent.glob(f"{meta['id']}-*"):
            if not stale.name.startswith(dest.name):
                log.info("removing an older version from the cache: %s", stale.name)
                stale.unlink(missing_ok=True)
        return download(client, _target(meta, link, max_bytes=max_bytes), dest)


def _target(meta: dict[str, Any], link: str, *, max_bytes: int) -> Target:
    return Target(
        file_id=meta["id"],
        resource_key=meta.get("resourceKey"),
        size=int(meta["size"]) if meta.get("size") not in (None, "") else None,
        md5=meta.get("md5Checksum"),
        link=link,
        max_bytes=max_bytes,
        name=str(meta.get("name", "")),
    )


_LOCKS: dict[Path, threading.Lock] = {}
_LOCKS_GUARD = threading.Lock()


def _file_lock(dest: Path) -> threading.Lock:
    with _LOCKS_GUARD:
        return _LOCKS.setdefault(dest, threading.Lock())


def sidecars(
    client: DriveClient,
    meta: dict[str, Any],
    ctx: FetchContext,
    *,
    link: str,
    children: list[dict[str, Any]] | None,
) -> tuple[Path, ...]:
    """Subtitle files (fsutil.is_sidecar) in the video's Drive folder whose name starts
    with the video's name (or every one, when the folder holds only this video).
    Best effort."""
    if children is None:
        parents = meta.get("parents") or []
        if not parents:
            return ()
        try:
            children = list_folder(client, parents[0], None, link=link)
        except EntryError as exc:
            log.info("cannot list the folder of %s for subtitles: %s", meta["id"], exc)
            return ()
    subs = [c for c in children if is_sidecar(str(c.get("name", "")))]
    stem = PurePath(str(meta.get("name", ""))).stem.lower()
    named = [s for s in subs if str(s.get("name", "")).lower().startswith(stem)]
    lone_video = sum(1 for c in children if is_video(c)) == 1
    found: list[Path] = []
    for sub in named or (subs if lone_video else []):
        try:
            found.append(ensure_local(client, sub, ctx, link=link))
        except EntryError as exc:
            log.warning("subtitle %s of %s not fetched: %s", sub.get("name"), meta["id"], exc)
    return tuple(found)


def source_facts(
    meta: dict[str, Any], link: DriveLink, notes: tuple[RegistryNote, ...]
) -> SourceFacts:
    return SourceFacts(
        kind="drive",
        file_id=meta["id"],
        resource_key=meta.get("resourceKey")
        or (link.resource_key if meta["id"] == link.file_id else None),
        name=str(meta.get("name", meta["id"])),
        size=int(meta["size"]) if meta.get("size") not in (None, "") else None,
        md5=meta.get("md5Checksum"),
        mime_type=meta.get("mimeType"),
        modified_time=modified(meta),
        drive_duration_s=duration_s(meta),
        notes=notes,
    )


def fetch(entry: Entry, ctx: FetchContext) -> Fetched:
    """The fetch stage for a Drive link: metadata, early checks, cached download.  A
    failure ``ctx.remembered`` holds for this version of the file is raised again
    without downloading."""
    client: DriveClient | None = ctx.drive
    found = parse_all(entry.link)
    if client is None:
        raise LinkError("fetch.drive_unavailable", link=found[0].url or entry.link)
    meta, notes, children, link = resolve_cell(client, found)
    facts = source_facts(meta, link, notes)
    if ctx.remembered is not None and (known := ctx.remembered(facts)) is not None:
        log.info("%s unchanged since it failed (%s): not fetched again", meta["id"], known.key)
        known.source_facts = facts
        raise known
    try:
        vet(meta, link.url)
        check_duration(meta, ctx)
        path = ensure_local(client, meta, ctx, link=link.url)
    except FetchError as exc:
        exc.source_facts = facts  # the report can still show what Drive said
        raise
    subs = sidecars(client, meta, ctx, link=link.url, children=children)
    return Fetched(path=path, source=facts, sidecars=subs)


def check_link(text: str, client: DriveClient | None) -> dict[str, Any]:
    """What ``kipp check-link`` shows: the classification and, with a client, the
    Drive metadata of the file (or of a folder's chosen video) and whether it can be
    downloaded (its first KiB is fetched: quota, permissions and HTML pages show)."""
    link = parse(text)
    out: dict[str, Any] = {
        "kind": link.kind,
        "file_id": link.file_id,
        "resource_key": link.resource_key,
        "url": link.url,
        "message": link.message("id"),
        "message_en": link.message("en"),
    }
    if client is None or not link.usable:
        return out
    try:
        meta, notes, _children, link = resolve_cell(client, parse_all(text))
        facts = source_facts(meta, link, notes)
        out["metadata"] = facts.model_dump(mode="json", exclude={"kind", "notes"})
        if notes:
            out["message"] = i18n.message(notes[0].code, "id", **notes[0].params)
            out["message_en"] = i18n.message(notes[0].code, "en", **notes[0].params)
        vet(meta, link.url)
        if facts.size != 0:
            probe_download(client, _target(meta, link.url, max_bytes=2**63))
    except EntryError as exc:
        out.update(
            can_download=False,
            error=type(exc).__name__,
            outcome=exc.outcome,
            message=exc.render("id"),
            message_en=exc.render("en"),
        )
        return out
    out["can_download"] = True
    return out
