"""Writing files so that a crash never leaves a half file that looks whole, and the one
translation of a full or read-only disk into ``DiskError``."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pipeline import i18n
from pipeline.errors import DiskError
from pipeline.models import Frame

i18n.register(
    {
        "disk.full": {
            "id": "{folder} penuh ({reason}): kosongkan ruang disk, lalu jalankan lagi.",
            "en": "{folder} is full ({reason}): free space, then run again.",
        },
        "disk.read_only": {
            "id": "{folder} tidak dapat ditulis ({reason}): buat folder itu dapat ditulis "
            "(atau pilih --out lain), lalu jalankan lagi.",
            "en": "{folder} cannot be written ({reason}): make it writable (or choose "
            "another --out), then run again.",
        },
    }
)

FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})
READONLY_ERRNOS = frozenset({errno.EROFS, errno.EACCES, errno.EPERM})
# sqlite3's primary result codes (the low byte of ``sqlite_errorcode``)
_SQLITE_FULL = {13}  # SQLITE_FULL
_SQLITE_UNWRITABLE = {8, 10, 14}  # SQLITE_READONLY, SQLITE_IOERR, SQLITE_CANTOPEN


def disk_fault(exc: BaseException, folder: Path) -> DiskError | None:
    """``exc`` as a DiskError naming ``folder`` when it means "full" (ENOSPC, EDQUOT,
    EFBIG, SQLITE_FULL) or "cannot be written" (EROFS, EACCES, EPERM, SQLITE_READONLY,
    SQLITE_IOERR, SQLITE_CANTOPEN); None for any other error."""
    if isinstance(exc, OSError) and exc.errno in FULL_ERRNOS | READONLY_ERRNOS:
        reason = exc.strerror or errno.errorcode.get(exc.errno or 0, str(exc))
        return DiskError(folder, full=exc.errno in FULL_ERRNOS, reason=reason)
    if isinstance(exc, sqlite3.Error):
        code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF
        if code in _SQLITE_FULL | _SQLITE_UNWRITABLE:
            return DiskError(folder, full=code in _SQLITE_FULL, reason=str(exc))
    return None


@contextlib.contextmanager
def writing(folder: Path) -> Iterator[None]:
    """Translate a full or unwritable disk met inside the block into DiskError(folder);
    any other error passes unchanged."""
    try:
        yield
    except (OSError, sqlite3.Error) as exc:
        fault = disk_fault(exc, folder)
        if fault is None:
            raise
        raise fault from exc


def write_atomic(path: Path, data: bytes | str) -> Path:
    """Write ``data`` to ``path.part``, flush it to disk, then rename over ``path``.

    Raises DiskError (naming the folder) on a full or unwritable disk; the ``.part``
    file is removed first, so no half file stays behind."""
    part = path.with_name(path.name + ".part")
    raw = data.encode("utf-8") if isinstance(data, str) else data
    with writing(path.parent):
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with part.open("wb") as fh:
                fh.write(raw)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(part, path)
        except BaseException:
            with contextlib.suppress(OSError):
                part.unlink(missing_ok=True)
            raise
    return path


def md5_of(path: Path, digest: Any | None = None, chunk: int = 1 << 20) -> Any:
    """The md5 of ``path``'s bytes (added to ``digest`` when given, to continue one);
    call ``.hexdigest()`` on the result."""
    digest = digest or hashlib.md5(usedforsecurity=False)
    with path.open("rb") as fh:
        while block := fh.read(chunk):
            digest.update(block)
    return digest


def list_frames(folder: Path) -> tuple[Frame, ...]:
    """The sampled frames of ``folder`` in time order.  The contract between the
    analysis pass (which writes them), the content stage and the report pages: one JPEG
    per frame named by its media time in milliseconds, ``000012500.jpg`` = 12.5 s;
    other files are ignored."""
    if not folder.is_dir():
        return ()
    frames = [
        Frame(at_s=int(p.stem) / 1000, path=p)
        for p in folder.glob("*.jpg")
        if p.stem.isdigit() and len(p.stem) == 9
    ]
    return tuple(sorted(frames, key=lambda f: f.at_s))


# Subtitle files read beside a video (local folder or the video's Drive folder): the
# formats pysubs2 reads (pipeline.content.subtitles).
SIDECAR_SUFFIXES = (".srt", ".vtt", ".ass", ".ssa")


def is_sidecar(name: str | Path) -> bool:
    """``name`` is a subtitle file kipp reads (by its suffix, any case)."""
    return Path(name).suffix.lower() in SIDECAR_SUFFIXES
