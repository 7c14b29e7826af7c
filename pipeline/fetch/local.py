"""Local files named in the registry (a path, absolute or relative to the registry).

A local link must lead (symlinks followed) into the registry's folder or one of the
config's ``[fetch] local_folders``: ``/etc/passwd``, a symlink to it or
``/proc/self/environ`` is refused before anything opens it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from pipeline import i18n
from pipeline.errors import LinkError
from pipeline.fsutil import is_sidecar, md5_of
from pipeline.models import Fetched, SourceFacts

_PATH_LIKE = re.compile(r"[/\\]|\.[A-Za-z0-9]{2,4}$")


def looks_like_path(text: str) -> bool:
    """A file path (a folder separator, or a name with an extension: ``video.mp4``), as
    opposed to words an agency wrote instead of a link (``belum ada``, ``menyusul``,
    ``-``)."""
    return _PATH_LIKE.search(text.strip()) is not None


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
        "fetch.local_outside": {
            "id": "Link {link} menunjuk ke luar folder registri: kipp hanya membaca video di "
            "folder registri (atau folder pada [fetch] local_folders di konfigurasi). Salin "
            "videonya ke folder registri dan tulis nama berkasnya di kolom link.",
            "en": "Link {link} points outside the registry's folder: kipp reads videos only "
            "from the registry's folder (or a folder in the config's [fetch] local_folders). "
            "Copy the video into the registry's folder and put its file name in the link column.",
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


def sidecars_of(path: Path, folders: Sequence[Path] = ()) -> tuple[Path, ...]:
    """.srt/.vtt files beside ``path`` named like it (only those inside ``folders``,
    symlinks followed, when folders are given)."""
    found = []
    for sibling in sorted(path.parent.glob(f"{path.stem}*")):
        named = is_sidecar(sibling) and sibling.is_file()
        if named and (not folders or inside(sibling, folders)):
            found.append(sibling)
    return tuple(found)


def inside(path: Path, folders: Sequence[Path]) -> bool:
    """``path``, every symlink followed, lies in one of ``folders``.  Nothing is opened."""
    real = path.resolve()
    return any(real.is_relative_to(folder.resolve()) for folder in folders)


def fetch(link: str, *, base: Path, allowed: Sequence[Path] = ()) -> Fetched:
    """The local file ``link`` names (relative to ``base``, the registry's folder), only
    inside ``base`` or ``allowed``; raises LinkError (outside, missing, not a file).
    Messages name the path as the registry wrote it, never the folder kipp resolved it in."""
    path, written, folders = resolve(link, base), link.strip(), [base, *allowed]
    if not inside(path, folders):
        raise LinkError("fetch.local_outside", link=written)
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
        modified_time=_mtime(stat.st_mtime),
    )
    return Fetched(path=path.resolve(), source=source, sidecars=sidecars_of(path, folders))


def _mtime(seconds: float) -> datetime | None:
    """A file's modification time; None for one no calendar holds (year 10000 and on: a
    copied file's date is the agency's, and must not stop the batch)."""
    try:
        return datetime.fromtimestamp(seconds, tz=UTC)
    except (OverflowError, ValueError, OSError):
        return None
