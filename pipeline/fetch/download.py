"""Chunked, resumable, verified download of one Drive file into the cache.

    download(client, Target(...), dest) -> dest

Bytes go to ``dest.part`` in chunks of ``client.chunk_size`` (MediaIoBaseDownload,
one Range request each, so memory stays at about one chunk).  A dropped connection
is retried from the same chunk; a killed run leaves ``.part`` behind and the next
run continues from the bytes already on disk.  At the end the size and md5 are
checked against Drive's and the file is renamed into place with ``os.replace``.
A body that is an HTML page (Google's warning pages), an archive or a document is
refused at its first chunk (``pipeline.media.filekind``).  The download's Budget
(``pipeline.fetch.pace``: ``[fetch] deadline_s`` and ``min_rate_kbps``) is checked on
every chunk: past it, TransientFetchError (``fetch.deadline`` / ``fetch.too_slow``), the
``.part`` kept for the next run.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from googleapiclient.http import MediaIoBaseDownload

from pipeline import i18n
from pipeline.errors import DiskError, FetchError, TransientFetchError, WrongSource
from pipeline.fetch.drive_client import DriveClient
from pipeline.fetch.pace import Budget, TooSlow
from pipeline.fsutil import disk_fault, md5_of
from pipeline.media.filekind import Kind, from_head, looks_like_html

log = logging.getLogger(__name__)

i18n.register(
    {
        "drive.html_page": {
            "id": "Google Drive mengirim halaman web, bukan berkas video, untuk {file_id} "
            "({link}). Biasanya berkas terlalu besar untuk dipindai virus atau unduhan "
            "dibatasi: minta instansi mengunggah ulang videonya (MP4) dan mengirim link baru.",
            "en": "Google Drive sent a web page instead of the video for {file_id} ({link}). "
            "Usually the file is too large for the virus scan or downloads are limited: ask "
            "the agency to upload the video (MP4) again and send the new link.",
        },
        "drive.md5_mismatch": {
            "id": "Berkas {file_id} ({link}) terunduh rusak (md5 {got} tidak sama dengan "
            "{expected} dari Google Drive). Jalankan lagi (kipp rerun).",
            "en": "The download of {file_id} ({link}) is corrupt (md5 {got} differs from "
            "Google Drive's {expected}). Run again (kipp rerun).",
        },
        "drive.too_large": {
            "id": "Berkas {file_id} ({link}) berukuran {size_mb:.1f} MB, melebihi batas "
            "{max_mb:.1f} MB. Minta instansi mengompres video (mis. 1080p, H.264) lalu "
            "mengunggah ulang.",
            "en": "The file {file_id} ({link}) is {size_mb:.1f} MB, over the {max_mb:.1f} MB "
            "limit. Ask the agency to compress the video (e.g. 1080p H.264) and upload again.",
        },
        "drive.short": {
            "id": "Google Drive menyebut ukuran {file_id} ({link}) {expected} byte tetapi hanya "
            "mengirim {got}: berkas mungkin masih diunggah atau rusak di Drive. Jalankan lagi "
            "nanti; bila terulang, minta instansi mengunggah ulang videonya.",
            "en": "Google Drive announced {expected} bytes for {file_id} ({link}) but sent "
            "{got}: the file may still be uploading or be damaged on Drive. Run again later; "
            "if it repeats, ask the agency to upload the video again.",
        },
        "drive.incomplete": {
            "id": "Unduhan {file_id} ({link}) berhenti di {got} dari {expected} byte. "
            "Jalankan lagi (kipp rerun); unduhan dilanjutkan dari bagian yang sudah ada.",
            "en": "The download of {file_id} ({link}) stopped at {got} of {expected} bytes. "
            "Run again (kipp rerun); it continues from what is already on disk.",
        },
    }
)


@dataclass(frozen=True)
class Target:
    file_id: str
    resource_key: str | None
    size: int | None
    md5: str | None
    link: str
    max_bytes: int
    name: str = ""  # the file's Drive name, for messages


class _HtmlBody(Exception):
    """The first bytes of the body are an HTML page."""


class _NotVideo(Exception):
    """The first bytes of the body are an archive or a document."""

    def __init__(self, kind: Kind) -> None:
        super().__init__(kind.label)
        self.kind = kind


class _Writer:
    """Appends to the .part file, hashing as it goes; sniffs the very first bytes.

    Writing and hashing a chunk run in one worker thread (both release the GIL)
    while the next chunk arrives, so at most two chunks are in memory."""

    def __init__(
        self, fh: BinaryIO, digest: Any, *, sniff: bool, limit: int, pool: ThreadPoolExecutor
    ) -> None:
        self.fh, self.digest, self.sniff, self.limit = fh, digest, sniff, limit
        self.pool = pool
        self.pending: Future[None] | None = None
        self.written = 0
        self.on_bytes: Callable[[int], None] | None = None
        self.budget: Budget | None = None

    def write(self, data: bytes) -> int:
        if self.sniff and data:
            if looks_like_html(data[:1024]):
                raise _HtmlBody
            if (kind := never_video(data)) is not None:
                raise _NotVideo(kind)
            self.sniff = False
        if self.written + len(data) > self.limit:
            raise _TooLarge
        if self.budget is not None:
            self.budget.feed(len(data))
        self.finish()
        self.pending = self.pool.submit(self._sink, data)
        self.written += len(data)
        if self.on_bytes is not None:
            self.on_bytes(self.written)
        return len(data)

    def _sink(self, data: bytes) -> None:
        try:
            self.fh.write(data)
        except OSError as exc:  # disk full, permissions: not Drive's fault, not retried
            folder = Path(self.fh.name).parent
            raise _DiskError(
                disk_fault(exc, folder)
                or DiskError(folder, full=False, reason=exc.strerror or str(exc))
            ) from exc
        self.digest.update(data)

    def finish(self) -> None:
        """Wait for the chunk in flight (and raise its error, if any)."""
        if self.pending is not None:
            pending, self.pending = self.pending, None
            pending.result()


class _TooLarge(Exception):
    pass


class _DiskError(Exception):
    """Writing the cache failed (kept apart from OSError, which means network)."""

    def __init__(self, fault: DiskError) -> None:
        super().__init__(str(fault))
        self.fault = fault


class _ResumingDownload(MediaIoBaseDownload):
    """MediaIoBaseDownload that starts at byte ``start`` (its progress counter is
    private in googleapiclient; this is the only place that sets it)."""

    def __init__(self, fd: Any, request: Any, *, chunksize: int, start: int) -> None:
        super().__init__(fd, request, chunksize=chunksize)
        self._progress = start


def never_video(head: bytes) -> Kind | None:
    """An archive or a document by its first bytes: no use downloading the rest.  Images
    and audio are left to the probe, which reads them and says so."""
    kind = from_head(head)
    return kind if kind is not None and kind.name in ("archive", "document") else None


def download(
    client: DriveClient,
    target: Target,
    dest: Path,
    on_progress: Callable[[int, int | None], None] | None = None,
    budget: Budget | None = None,
) -> Path:
    """Fetch ``target`` into ``dest`` (via ``dest.part``); returns ``dest``.
    ``on_progress(bytes, total)`` hears the bytes on disk after each chunk (live progress;
    total: Drive's size, or None); ``budget``: the deadline and least rate, per chunk."""
    params: dict[str, Any] = {"file_id": target.file_id, "link": target.link}
    part = dest.with_name(dest.name + ".part")
    dest.parent.mkdir(parents=True, exist_ok=True)
    offset = part.stat().st_size if part.exists() else 0
    if target.size is not None and offset > target.size:
        part.unlink()
        offset = 0
    if offset:
        log.info("resuming %s at byte %d of %s", target.file_id, offset, target.size)
    digest = md5_of(part) if offset else hashlib.md5(usedforsecurity=False)
    writer: _Writer | None = None
    try:
        with part.open("ab") as fh, ThreadPoolExecutor(1, "kipp-md5") as pool:
            writer = _Writer(
                fh, digest, sniff=offset == 0, limit=target.max_bytes - offset, pool=pool
            )
            if on_progress is not None:
                writer.on_bytes = lambda n: on_progress(offset + n, target.size)
            writer.budget = budget
            try:
                _fetch_chunks(client, target, writer, offset)
            finally:
                writer.finish()
    except FetchError as exc:
        got = offset + (writer.written if writer else 0)
        if got == 0:  # refused before any byte: no empty .part left in the cache
            part.unlink(missing_ok=True)
        if exc.params.get("status") == 416 and got and target.size and got < target.size:
            part.unlink(missing_ok=True)  # Drive has fewer bytes than it said: start afresh
            raise TransientFetchError(
                "drive.short", got=got, expected=target.size, **params
            ) from exc
        raise
    except _HtmlBody:
        part.unlink(missing_ok=True)
        raise WrongSource("drive.html_page", **params) from None
    except _NotVideo as exc:
        part.unlink(missing_ok=True)
        kind = exc.kind
        raise WrongSource(kind.message_key, name=target.name, what=kind.label, **params) from None
    except _DiskError as exc:  # the whole run stops: kipp's disk, not the agency's file
        raise exc.fault from exc.__cause__
    except TooSlow as exc:  # the .part stays: the next run continues from it
        raise exc.as_fetch_error(**params) from exc
    except _TooLarge:
        part.unlink(missing_ok=True)
        raise WrongSource(
            "drive.too_large",
            size_mb=(offset + (writer.written if writer else 0)) / 2**20,
            max_mb=target.max_bytes / 2**20,
            **params,
        ) from None
    got = part.stat().st_size
    if target.size is not None and got != target.size:
        raise TransientFetchError("drive.incomplete", got=got, expected=target.size, **params)
    md5 = digest.hexdigest()
    if target.md5 and md5 != target.md5:
        part.unlink()
        raise TransientFetchError("drive.md5_mismatch", got=md5, expected=target.md5, **params)
    os.replace(part, dest)
    log.info("downloaded %s (%d bytes, md5 %s)", target.file_id, got, md5)
    return dest


def probe_download(client: DriveClient, target: Target, nbytes: int = 1024) -> None:
    """Fetch the first ``nbytes`` of a file: raises what a download would meet
    (no permission, quota, an HTML page instead of the video)."""
    request = _media_request(client, target)
    request.headers["Range"] = f"bytes=0-{nbytes - 1}"
    head = client.execute(request, file_id=target.file_id, link=target.link)
    if isinstance(head, bytes) and looks_like_html(head):
        raise WrongSource("drive.html_page", file_id=target.file_id, link=target.link)
    if isinstance(head, bytes) and (kind := never_video(head)) is not None:
        raise WrongSource(
            kind.message_key, name=target.name, what=kind.label, file_id=target.file_id,
            link=target.link,
        )  # fmt: skip


def _media_request(client: DriveClient, target: Target) -> Any:
    request = client.files.get_media(fileId=target.file_id, supportsAllDrives=True)
    if target.resource_key:
        request.headers["X-Goog-Drive-Resource-Keys"] = f"{target.file_id}/{target.resource_key}"
    return request


def _fetch_chunks(client: DriveClient, target: Target, writer: _Writer, offset: int) -> None:
    """Request chunks until Drive's size is reached.  A downloader that reports done
    early (a server without Content-Range) is replaced by one starting further on."""
    position = offset
    while target.size is None or position < target.size or position == 0:
        request = _media_request(client, target)
        downloader = _ResumingDownload(writer, request, chunksize=client.chunk_size, start=position)
        before = position
        done = False
        while not done:
            _status, done = client.call(
                downloader.next_chunk, file_id=target.file_id, link=target.link
            )
        position = offset + writer.written
        if target.size is None or position == before:
            return
