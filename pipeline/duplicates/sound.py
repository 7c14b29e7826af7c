"""The sound half of a fingerprint compared as AcoustID compares Chromaprint prints.

    sounds = Sounds.of(fingerprint)            items, and where the sound has content
    compare(a, b) -> SoundMatch                shares of content matched, aligned spans

Chromaprint gives one 32-bit item every ~0.124 s; the same recording, re-encoded, gives
items that differ in a few bits at the right time offset (AcoustID's matcher: align by
items that agree exactly, then count differing bits).  kipp aligns by the items' top 20
bits (``KEY_SHIFT``), tries the best-supported offsets, and marks where the bits differ
by at most MAX_BITS on average over a WINDOW (random sound differs in 16 of 32).  A steady
tone or silence gives the same item over and over: a stretch with fewer than
MIN_VARIETY distinct items in a window is no content, and never matches anything.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from pipeline.duplicates.picture import Span
from pipeline.models import Fingerprint

KEY_SHIFT = 12  # items are aligned by their top 32 - 12 = 20 bits
WINDOW = 16  # items (~2 s) averaged when judging bit errors and variety
MIN_VARIETY = 8  # distinct items a WINDOW needs to count as content
MAX_BITS = 10.0  # mean differing bits (of 32) in a WINDOW for "the same sound"
OFFSETS_TRIED = 3
MIN_HITS = 8  # exact key agreements an offset needs before it is tried
COMMON = 50  # a key found more often than this in one print aligns nothing


@dataclass(frozen=True)
class Sounds:
    """One video's Chromaprint items, where they have content, and their step (s)."""

    items: np.ndarray
    content: np.ndarray
    step_s: float

    @classmethod
    def of(cls, fp: Fingerprint) -> Sounds:
        items = np.frombuffer(fp.sound, "<u4").astype(np.uint32)
        return cls(items, content_mask(items), fp.sound_step_s)

    @property
    def content_s(self) -> float:
        return float(self.content.sum()) * self.step_s

    def keys(self) -> np.ndarray:
        """Alignment keys of the content items (-1 where there is no content)."""
        keys = (self.items >> KEY_SHIFT).astype(np.int64)
        keys[~self.content] = -1
        return keys


def content_mask(items: np.ndarray) -> np.ndarray:
    """Items inside a WINDOW holding at least MIN_VARIETY distinct items."""
    n = len(items)
    if n < WINDOW:
        return np.zeros(n, dtype=bool)
    windows = np.lib.stride_tricks.sliding_window_view(items, WINDOW)
    ordered = np.sort(windows, axis=1)
    variety = 1 + np.count_nonzero(np.diff(ordered, axis=1), axis=1)
    good = variety >= MIN_VARIETY
    mask = np.zeros(n, dtype=bool)
    for shift in range(WINDOW):  # an item has content when any window over it has
        mask[shift : shift + len(good)] |= good
    return mask


@dataclass(frozen=True)
class SoundMatch:
    share: float  # of A's content matched in B (0-1)
    other_share: float
    content_s: float  # A's seconds of content
    other_content_s: float
    spans: tuple[Span, ...]


def compare(a: Sounds, b: Sounds) -> SoundMatch:
    """Shares of each side's content heard in the other, and the matched spans."""
    matched_a = np.zeros(len(a.items), dtype=bool)
    matched_b = np.zeros(len(b.items), dtype=bool)
    found: list[Span] = []
    for offset in offsets(a, b):
        ia = _aligned(a, b, offset)
        if ia.size:
            matched_a[ia] = True
            matched_b[ia + offset] = True
            found += _runs(ia, offset, a.step_s)
    share = _share(matched_a, a.content)
    other = _share(matched_b, b.content)
    found.sort(key=lambda s: s.end_s - s.start_s, reverse=True)
    return SoundMatch(share, other, a.content_s, b.content_s, tuple(found[:4]))


def offsets(a: Sounds, b: Sounds) -> list[int]:
    """B's index minus A's for items whose keys agree, the best-supported first."""
    ka, kb = a.keys(), b.keys()
    kb_sorted = np.argsort(kb, kind="stable")
    sorted_keys = kb[kb_sorted]
    lo = np.searchsorted(sorted_keys, ka, "left")
    hi = np.searchsorted(sorted_keys, ka, "right")
    usable = (ka >= 0) & (hi > lo) & (hi - lo <= COMMON)
    idx = np.nonzero(usable)[0]
    if not idx.size:
        return []
    counts = hi[idx] - lo[idx]
    ia = np.repeat(idx, counts)
    starts = np.repeat(lo[idx], counts) + _ramp(counts)
    diffs = kb_sorted[starts] - ia
    values, hits = np.unique(diffs, return_counts=True)
    chosen: list[int] = []
    for k in np.argsort(-hits, kind="stable"):
        if hits[k] < MIN_HITS or len(chosen) == OFFSETS_TRIED:
            break
        if all(abs(int(values[k]) - c) > WINDOW for c in chosen):  # a neighbour: the same
            chosen.append(int(values[k]))
    return chosen


def _ramp(counts: np.ndarray) -> np.ndarray:
    """0..c-1 for each c in counts, concatenated."""
    ends = np.cumsum(counts)
    return np.arange(int(ends[-1])) - np.repeat(ends - counts, counts)


def _aligned(a: Sounds, b: Sounds, offset: int) -> np.ndarray:
    """A's indices whose WINDOW around them matches B's at ``offset`` (both content)."""
    start = max(0, -offset)
    stop = min(len(a.items), len(b.items) - offset)
    if stop - start < WINDOW:
        return np.zeros(0, dtype=np.int64)
    xa, xb = a.items[start:stop], b.items[start + offset : stop + offset]
    errors = np.bitwise_count(xa ^ xb).astype(np.float64)
    mean = np.convolve(errors, np.ones(WINDOW) / WINDOW, mode="same")
    both = a.content[start:stop] & b.content[start + offset : stop + offset]
    return np.nonzero((mean <= MAX_BITS) & both)[0] + start


def _runs(ia: np.ndarray, offset: int, step: float) -> list[Span]:
    cuts = np.nonzero(np.diff(ia) > WINDOW)[0] + 1
    out = []
    for run in np.split(ia, cuts):
        if len(run) < WINDOW:
            continue  # under 2 s: a chance agreement
        start, end = float(run[0]) * step, float(run[-1] + 1) * step
        out.append(Span(start, end, start + offset * step, end + offset * step, len(run)))
    return out


def _share(matched: np.ndarray, content: np.ndarray) -> float:
    total = int(content.sum())
    return float((matched & content).sum()) / total if total else 0.0
