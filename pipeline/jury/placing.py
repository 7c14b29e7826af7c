"""Where a sheet kipp makes goes, without ever overwriting one a person may have filled.

    place(path, holds) -> Placing      where to write, or that the sheet is there already

Jurors and officers often fill a sheet where it lies (``OUT/penilaian/...``).  So a sheet
is written to ``path`` only when nothing is there.  A file already at ``path`` that holds
exactly the sheet kipp would write now, with nothing entered, is left as it is
(``unchanged``).  Any other file there (scores or notes entered, made for another entry
list or other weights, another language, not a kipp sheet at all) is never touched: the
new sheet goes beside it as ``name (2).xlsx``, ``name (3).xlsx``, ... (the first that is
free, or that holds this very sheet), the way a browser names a second download.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Literal

from pipeline.models import Model

# what a file already at a sheet's place holds: this very sheet with nothing entered;
# entries kipp never wrote (scores, notes, counts); another sheet (other entries, weights,
# language); or no sheet kipp can read
Holding = Literal["same", "filled", "changed", "foreign"]
MAX_COPIES = 999


class Placing(Model):
    """``path``: where the sheet is (to be) written.  ``state``: ``new`` (write it there),
    ``unchanged`` (it is there already: leave it), ``beside`` (write it there, next to
    ``kept``, the differing file left as it is, which held ``kept_holds``)."""

    path: Path
    state: Literal["new", "unchanged", "beside"]
    kept: Path | None = None
    kept_holds: Holding | None = None


def copy_path(path: Path, n: int) -> Path:
    """``penilaian/video/sekda.xlsx`` -> ``penilaian/video/sekda (2).xlsx`` for ``n`` 2."""
    return path.with_name(f"{path.stem} ({n}){path.suffix}")


def place(path: Path, holds: Callable[[Path], Holding]) -> Placing:
    """Where the sheet meant for ``path`` goes (see the module docstring); ``holds``
    reads a file already there.  Raises nothing: an unreadable file counts as
    ``foreign`` for ``holds`` to say."""
    if not path.exists():
        return Placing(path=path, state="new")
    first = holds(path)
    if first == "same":
        return Placing(path=path, state="unchanged")
    for n in range(2, MAX_COPIES + 1):
        candidate = copy_path(path, n)
        if not candidate.exists():
            return Placing(path=candidate, state="beside", kept=path, kept_holds=first)
        if holds(candidate) == "same":  # made beside it before: said then
            return Placing(path=candidate, state="unchanged")
    raise AssertionError(f"{MAX_COPIES} copies of {path} already")  # pragma: no cover
