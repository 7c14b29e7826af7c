"""Local files named in the registry (a path, absolute or relative to the registry).

A local link must lead (symlinks followed) into the registry's folder or one of the
config's ``[fetch] local_folders``: ``/etc/passwd``, a symlink to it or
``/proc/self/environ`` is refused before anything opens it.

A local path in the registry is the officer's own copy of what the agency sent, so a
path kipp cannot use (a typo, a Windows path from another computer, outside the
allowed folders, a folder, no read permission) is the officer's row to fix:
RegistryRowError (verdict ``error``, "check registry row N"), and no notice goes to the
agency (``ROW_KEYS``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from pipeline import i18n
from pipeline.errors import RegistryRowError
from pipeline.fsutil import is_sidecar, md5_of
from pipeline.models import Fetched, SourceFacts

_PATH_LIKE = re.compile(r"[/\\]|\.[A-Za-z0-9]{2,4}$")


def looks_like_path(text: str) -> bool:
    """A file path (a folder separator, or a name with an extension: ``video.mp4``), as
    opposed to words an agency wrote instead of a link (``belum ada``, ``menyusul``,
    ``-``)."""
    return _PATH_LIKE.search(text.strip()) is not None


_WINDOWS = re.compile(r"^(?:[A-Za-z]:[\\/]|\\\\)")  # C:\Users\..., D:/..., \\server\share
_FIX_ID = "Ini isian petugas, bukan kesalahan instansi: tidak ada pesan untuk instansi."
_FIX_EN = "This is the officer's entry, not the agency's fault: no notice goes to the agency."
ROW_KEYS = frozenset({"fetch.local_missing", "fetch.local_windows", "fetch.local_outside",
                      "fetch.local_not_file", "fetch.local_unreadable"})  # fmt: skip

i18n.register(
    {
        "fetch.local_missing": {
            "id": "Berkas {path} tidak ditemukan di folder registri: periksa baris {row} "
            "registri (ejaan jalur pada kolom link). " + _FIX_ID,
            "en": "File {path} was not found in the registry's folder: check registry row "
            "{row} (the path's spelling in the link column). " + _FIX_EN,
        },
        "fetch.local_windows": {
            "id": "{path} adalah jalur Windows dari komputer lain; kipp membaca berkas di "
            "komputer ini. Salin videonya ke folder registri dan tulis nama berkasnya di "
            f"baris {{row}} registri. {_FIX_ID}",
            "en": "{path} is a Windows path from another computer; kipp reads files on this "
            "one. Copy the video into the registry's folder and put its file name in registry "
            f"row {{row}}. {_FIX_EN}",
        },
        "fetch.local_not_file": {
            "id": f"{{path}} bukan berkas (mungkin folder): periksa baris {{row}} registri dan "
            f"tulis jalur berkas videonya. {_FIX_ID}",
            "en": f"{{path}} is not a file (a folder?): check registry row {{row}} and put the "
            f"video file's path there. {_FIX_EN}",
        },
        "fetch.local_outside": {
            "id": "Link {link} di baris {row} registri menunjuk ke luar folder registri: kipp "
            "hanya membaca video di folder registri (atau folder pada [fetch] local_folders di "
            "konfigurasi). Salin videonya ke folder registri dan tulis nama berkasnya di "
            "baris itu. " + _FIX_ID,
            "en": "Link {link} in registry row {row} points outside the registry's folder: "
            "kipp reads videos only from the registry's folder (or a folder in the config's "
            "[fetch] local_folders). Copy the video into the registry's folder and put its "
            "file name in that row. " + _FIX_EN,
        },
        "fetch.local_unreadable": {
            "id": f"Berkas {{path}} di baris {{row}} registri tidak dapat dibaca ({{reason}}): "
            f"periksa izin berkas. {_FIX_ID}",
            "en": f"File {{path}} in registry row {{row}} cannot be read ({{reason}}): check its "
            f"permissions. {_FIX_EN}",
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


def fetch(link: str, *, base: Path, allowed: Sequence[Path] = (), row: int = 0) -> Fetched:
    """The local file ``link`` names (relative to ``base``, the registry's folder), only
    inside ``base`` or ``allowed``; raises RegistryRowError (a Windows path, outside,
    missing, not a file, unreadable) naming registry ``row``.  Messages name the path as
    the registry wrote it, never the folder kipp resolved it in."""
    path, written, folders = resolve(link, base), link.strip(), [base, *allowed]
    if _WINDOWS.match(written.strip("<>\"'")):
        raise RegistryRowError("fetch.local_windows", path=written, row=row)
    if not inside(path, folders):
        raise RegistryRowError("fetch.local_outside", link=written, row=row)
    if not path.exists():
        raise RegistryRowError("fetch.local_missing", path=written, row=row)
    if not path.is_file():
        raise RegistryRowError("fetch.local_not_file", path=written, row=row)
    try:
        stat = path.stat()
        md5 = md5_of(path).hexdigest()
    except OSError as exc:
        raise RegistryRowError("fetch.local_unreadable", path=written, row=row,
                               reason=exc.strerror) from exc  # fmt: skip
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
