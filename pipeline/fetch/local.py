"""Local files named in the registry (a path, absolute or relative to the registry)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from pipeline import i18n
from pipeline.errors import LinkError
from pipeline.fsutil import is_sidecar, md5_of
from pipeline.models import Fetched, SourceFacts

i18n.register(
    {
        "fetch.local_missing": {
            "id": "Berkas {path} tidak ditemukan: periksa jalur pada kolom link di registri.",
            "en": "File {path} does not exist: check the path in the registry's link column.",
        },
        "fetch.local_not_file": {
            "id": "{path} bukan berkas (mungkin folder): isi kolom link dengan jalur berkas video.",
            "en": "{path} is not a file (a folder?): put the video file's path in the link column.",
        },
        "fetch.local_unreadable": {
            "id": "Berkas {path} tidak dapat dibaca ({reason}): periksa izin berkas.",
            "en": "File {path} cannot be read ({reason}): check its permissions.",
        },
    }
)


def resolve(link: str, base: Path) -> Path:
    text = link.strip().strip("<>\"'")
    if text.startswith("file://"):
        text = text[len("file://") :]
    path = Path(text).expanduser()
    return path if path.is_absolute() else (base / path)


def sidecars_of(path: Path) -> tuple[Path, ...]:
    found = []
    for sibling in sorted(path.parent.glob(f"{path.stem}*")):
        if is_sidecar(sibling) and sibling.is_file():
            found.append(sibling)
    return tuple(found)


def fetch(link: str, *, base: Path) -> Fetched:
    """Messages name the path as the registry wrote it (relative to its folder), never
    the folder kipp resolved it in."""
    path, written = resolve(link, base), link.strip()
    if not path.exists():
        raise LinkError("fetch.local_missing", path=written)
    if not path.is_file():
        raise LinkError("fetch.local_not_file", path=written)
    try:
        stat = path.stat()
        md5 = md5_of(path).hexdigest()
    except OSError as exc:
        raise LinkError("fetch.local_unreadable", path=written, reason=exc.strerror) from exc
    source = SourceFacts(
        kind="local",
        name=path.name,
        size=stat.st_size,
        md5=md5,
        modified_time=datetime.fromtimestamp(stat.st_mtime, tz=UTC),
    )
    return Fetched(path=path.resolve(), source=source, sidecars=sidecars_of(path))
