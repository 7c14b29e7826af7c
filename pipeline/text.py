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


# M:SS / H:MM:SS (a decimal part after the seconds: "0:59.5", "00:12,5"), or the same
# with dots as officers (and kipp's own "23.59") write times: "1.05", "1.02.03"
_COLON = re.compile(r"^(?:(\d+):)?(\d+):(\d{1,2}(?:[.,]\d+)?)$")
_DOTS = re.compile(r"^(?:(\d+)\.)?(\d+)\.(\d{2})$")
_BARE = re.compile(r"^(\d+)(?:,(\d+))?$")  # "45", "65,5": a number alone (decimal comma)


class ClockError(ValueError):
    """``text`` is not a position in a video.  ``out_of_range``: shaped like one but its
    seconds (or, after hours, its minutes) pass 59.  ``bare``: a number alone ("45"),
    seconds or minutes? ``suggestion`` is the clock it would be as seconds ("0:45")."""

    def __init__(self, text: str, *, out_of_range: bool = False, bare: bool = False) -> None:
        super().__init__(text)
        self.text = text
        self.out_of_range = out_of_range
        self.bare = bare
        m = _BARE.match(text.strip()) if bare else None
        whole, part = (int(m[1]), m[2]) if m else (0, None)
        self.seconds = float(f"{whole}.{part}") if part else float(whole)
        minutes, secs = divmod(whole, 60)
        self.suggestion = f"{minutes}:{secs:02d}{',' + part if part else ''}" if m else ""


def parse_clock(text: str) -> float:
    """A position in a video, in seconds, as officers write it: '1:05', '01:05' and
    '1.05' are one minute five (65.0); '1:02:03' and '1.02.03' -> 3723.0; '0:59,5' ->
    59.5.  Refused (ClockError): '1:75' (a clock never shows 75 seconds: 1:57? 1:15?),
    and a bare number ('45': seconds or minutes? ``bare``, with the ``suggestion``
    '0:45').  The one reader of ``--at``, the registry's declared times and the web app."""
    value = text.strip()
    if _BARE.match(value):
        raise ClockError(text, bare=True)
    m = _COLON.match(value) or _DOTS.match(value)
    if m is None:
        raise ClockError(text)
    hours, minutes = int(m.group(1) or 0), int(m.group(2))
    seconds = float(m.group(3).replace(",", "."))
    if seconds >= 60 or (m.group(1) is not None and minutes >= 60):
        raise ClockError(text, out_of_range=True)
    return hours * 3600 + minutes * 60 + seconds
