"""Small text helpers shared by stages: normalisation, safe slugs, positions (MM:SS),
text that is safe to print (``printable``)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NON_WORD = re.compile(r"[^0-9a-z]+")
# bidirectional controls (Unicode TR9): an RTL override makes "pass.mp4" show backwards
BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# a whole escape sequence (CSI, OSC, other ESC x), so no "[2J" is left behind
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]|\x9b[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b.?"
)
_LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")


def printable(text: str, *, keep_newlines: bool = False) -> str:
    """``text`` safe for a terminal or a log line: control characters (C0, DEL, C1: the
    ESC of clear-screen and window-title sequences, the ``\\r`` that overwrites a line)
    and bidi controls (U+202E...) removed; tabs and line breaks become spaces (with
    ``keep_newlines``, ``\\n`` stays and other breaks become ``\\n``).  Anything from
    outside (a Drive or Content-Disposition name, a YouTube title, a registry cell) is
    passed through this where it is printed or logged."""
    if text.isascii() and text.isprintable():
        return text
    text = _ESCAPES.sub("", text.replace("\r\n", "\n"))
    out = []
    for char in text:
        if char in _LINE_BREAKS or char == "\t":
            out.append("\n" if keep_newlines and char != "\t" else " ")
        elif char in BIDI or unicodedata.category(char) == "Cc":
            continue
        else:
            out.append(char)
    return "".join(out)


@lru_cache(maxsize=4096)  # a registry's names, folded again for every row and alias
def fold(text: str) -> str:
    """Lower case, accents removed, punctuation -> space, spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_NON_WORD.sub(" ", ascii_text.casefold()).split())


def slug(text: str, *, max_len: int = 60) -> str:
    """A safe file name: ascii letters, digits and '-', never empty, never '.' or '..'."""
    value = fold(text).replace(" ", "-")[:max_len].strip("-")
    return value or "instansi"


def unique_slug(text: str, taken: set[str]) -> str:
    base = slug(text)
    candidate, n = base, 2
    while candidate in taken:
        candidate = f"{base}-{n}"
        n += 1
    taken.add(candidate)
    return candidate


_CLOCK = re.compile(r"^(?:(\d+):)?(\d+):(\d{1,2}(?:[.,]\d+)?)$|^(\d+(?:[.,]\d+)?)$")


class ClockError(ValueError):
    """``text`` is not a position in a video; ``out_of_range`` when it is shaped like one
    but its seconds (or, after hours, its minutes) pass 59."""

    def __init__(self, text: str, *, out_of_range: bool = False) -> None:
        super().__init__(text)
        self.text = text
        self.out_of_range = out_of_range


def parse_clock(text: str) -> float:
    """A position in a video, in seconds: '01:23' -> 83.0, '1:02:03' -> 3723.0, '83' or
    '83,5' (plain seconds) -> 83.0 / 83.5; a decimal comma or point.  '1:75' is refused,
    not read as 135 s: a clock never shows 75 seconds, so it is a typo (1:57? 1:15?) an
    officer must fix.  Raises ClockError."""
    m = _CLOCK.match(text.strip())
    if m is None:
        raise ClockError(text)
    if m.group(4) is not None:
        return float(m.group(4).replace(",", "."))
    hours, minutes = int(m.group(1) or 0), int(m.group(2))
    seconds = float(m.group(3).replace(",", "."))
    if seconds >= 60 or (m.group(1) is not None and minutes >= 60):
        raise ClockError(text, out_of_range=True)
    return hours * 3600 + minutes * 60 + seconds
