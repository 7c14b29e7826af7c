"""Small text helpers shared by stages: normalisation and safe slugs."""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^0-9a-z]+")


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
