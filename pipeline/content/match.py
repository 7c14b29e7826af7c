"""Text normalisation and fuzzy phrase matching for section detection.

Text from chapters, subtitles and OCR is compared with the config's keywords and
the agency's names after ``normalize``: accents stripped, case folded, anything
that is not a letter or digit turned into a space.  A phrase matches a run of
words when their letters, spaces removed, are within a few edits of the phrase's
letters ("Petunjuk  Teknis", "PETUNJUKTEKNIS" and "Petunjuk Tekms" all match
"petunjuk teknis"); up to ``AFFIX`` extra letters around it are allowed so that
Indonesian affixes ("kendalanya", "menghambat") still match.  Short phrases
(acronyms such as "DKP") must match a whole word exactly.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

from rapidfuzz.distance import Levenshtein

from pipeline.text import fold

AFFIX = 4  # extra letters allowed around a phrase inside the matched words
_PAREN = re.compile(r"\([^)]*\)")


normalize = fold  # lower case, no accents, letters and digits separated by single spaces


def words(text: str) -> list[str]:
    return normalize(text).split()


# Sounds Whisper base writes one for the other in espeak Indonesian (GOTCHAS, issue 18:
# "tari" for "dari", "Betunjuk", "inofasi", "Lankah", "renkap" for "lengkap", "Yannis"
# for "jenis"): folded alike on both sides before speech is matched.
_DIGRAPHS = (("ng", "n"), ("ny", "n"), ("ch", "c"), ("kh", "k"), ("sy", "s"))
_ALIKE = str.maketrans("dbgvzrj", "tpkfsly")


def sounds(word: str) -> str:
    """``word`` (normalised) with the sounds Whisper confuses folded together:
    "langkah" and "lankah" -> "lankah", "dari" and "tari" -> "tali"."""
    for pair, one in _DIGRAPHS:
        word = word.replace(pair, one)
    return word.translate(_ALIKE)


def max_edits(length: int) -> int:
    """Edits (OCR slips) tolerated in a phrase of ``length`` letters."""
    if length <= 4:
        return 0
    if length <= 7:
        return 1
    if length <= 12:
        return 2
    return length // 6


@dataclass(frozen=True)
class Phrase:
    """A keyword or name, prepared for matching; ``value`` is what a match reports."""

    value: str
    compact: str
    n_words: int
    exact: bool = False  # matched letter for letter (a short name: "Diknas" is not "dinas")

    @cached_property
    def edits(self) -> int:
        return 0 if self.exact else max_edits(len(self.compact))


def phrase(text: str, value: str | None = None, *, exact: bool = False) -> Phrase | None:
    ws = words(text)
    if not ws:
        return None
    return Phrase(value=value if value is not None else text, compact="".join(ws),
                  n_words=len(ws), exact=exact)  # fmt: skip


def phrases(texts: Iterable[str]) -> tuple[Phrase, ...]:
    seen: dict[str, Phrase] = {}
    for text in texts:
        p = phrase(text)
        if p is not None and p.compact not in seen:
            seen[p.compact] = p
    return tuple(seen.values())


def _close(p: Phrase, window: Sequence[str]) -> bool:
    joined = "".join(window)
    surplus = len(joined) - len(p.compact)
    # letters may be missing (text cut at the frame's edge: "Pelayan" of "Pelayanan"),
    # but a window that does not even start like the phrase may miss one letter at most,
    # or a cut word ("amatan" of "Kecamatan") would read as "hambatan"
    missing = p.edits if joined[:1] == p.compact[:1] else min(1, p.edits)
    if surplus < -missing or surplus > AFFIX + p.edits:
        return False
    if p.edits == 0:
        return joined == p.compact
    if surplus <= p.edits:
        return Levenshtein.distance(p.compact, joined, score_cutoff=p.edits) <= p.edits
    # longer than the phrase: try the phrase against every trim of at most AFFIX letters
    # (never a whole word: that word would simply not belong to the match); a trim is
    # within p.edits only if the whole window is within p.edits + surplus
    bound = p.edits + surplus
    if Levenshtein.distance(p.compact, joined, score_cutoff=bound) > bound:
        return False
    for head in range(min(surplus, len(window[0]) - 1) + 1):
        for tail in range(min(surplus - head, len(window[-1]) - 1) + 1):
            if head + tail < surplus - p.edits:
                continue
            part = joined[head : len(joined) - tail]
            if Levenshtein.distance(p.compact, part, score_cutoff=p.edits) <= p.edits:
                return True
    return False


def spans(p: Phrase, ws: Sequence[str]) -> list[tuple[int, int]]:
    """Word ranges [i, j) of ``ws`` that match ``p`` (non-overlapping, left to right)."""
    found: list[tuple[int, int]] = []
    i = 0
    while i < len(ws):
        hit = None
        sizes = [1] if p.edits == 0 else range(max(1, p.n_words - 1), p.n_words + 2)
        for size in sizes:
            if i + size <= len(ws) and _close(p, ws[i : i + size]):
                hit = (i, i + size)
                break
        if hit:
            hit = _tighten(p, ws, *hit)
            found.append(hit)
            i = hit[1]
        else:
            i += 1
    return found


def _tighten(p: Phrase, ws: Sequence[str], i: int, j: int) -> tuple[int, int]:
    """Drop edge words the match does not need (the edit allowance may absorb them)."""
    while j - i > 1 and _close(p, ws[i + 1 : j]):
        i += 1
    while j - i > 1 and _close(p, ws[i : j - 1]):
        j -= 1
    return i, j


GRAM = 3  # letters per gram of the pre-filter


def grams(ws: Sequence[str]) -> set[str]:
    """The letter trigrams of ``ws`` joined without spaces (every window's letters are a
    run of them)."""
    text = "".join(ws)
    return {text[k : k + GRAM] for k in range(len(text) - GRAM + 1)}


def may_occur(p: Phrase, present: set[str]) -> bool:
    """False when ``p`` cannot match anywhere in a text of trigrams ``present``: letters
    within ``p.edits`` edits of the phrase keep at least ``len - 2 - 3 * edits`` of its
    trigrams (the q-gram lemma), so most phrases are ruled out without a window tried."""
    need = len(p.compact) - GRAM + 1 - GRAM * p.edits
    if need <= 0:
        return True
    have = sum(p.compact[k : k + GRAM] in present for k in range(len(p.compact) - GRAM + 1))
    return have >= need


def mask(ws: Sequence[str], blockers: Iterable[Phrase]) -> list[str]:
    """``ws`` without the words that match any blocker (e.g. the competition's name)."""
    out = list(ws)
    present = grams(out)
    for p in blockers:
        if not may_occur(p, present):
            continue
        found = spans(p, out)
        for i, j in reversed(found):
            del out[i:j]
        if found:  # words now side by side make new trigrams
            present = grams(out)
    return out


def first_match(candidates: Iterable[Phrase], ws: Sequence[str]) -> Phrase | None:
    """The first candidate (in the order given) found in ``ws``."""
    present = grams(ws)
    for p in candidates:
        if may_occur(p, present) and spans(p, ws):
            return p
    return None


def acronym(name: str) -> str | None:
    """Initials of the capitalised words ("Badan Penanggulangan Bencana Daerah" -> "BPBD")."""
    caps = [w for w in _PAREN.sub(" ", name).split() if w[:1].isupper()]
    letters = "".join(w[0] for w in caps)
    return letters if len(letters) >= 3 else None
