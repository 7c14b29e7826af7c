"""The same innovation title sent by two agencies (KemenPANRB's selection drops proposals
that share a title), from the registry, fuzzy-matched.

    alike(videos, now, threshold) -> {(i, j): score}

Titles are compared case-folded, without punctuation, word order ignored (rapidfuzz
``token_sort_ratio``, 0-100); only pairs of different agencies count, at least one of them
of this round (the first ``now`` videos).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

import numpy as np
from rapidfuzz import fuzz, process

MIN_CHARS = 8  # shorter titles ("Aplikasi") say too little


class Titled(Protocol):
    @property
    def agency(self) -> str: ...

    @property
    def title(self) -> str: ...


def normal(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.casefold()).split())


def alike(videos: Sequence[Titled], now: int, threshold: float) -> dict[tuple[int, int], float]:
    """Pairs (i < j) whose titles score at least ``threshold``."""
    names = [normal(v.title) for v in videos]
    usable = [i for i, t in enumerate(names) if len(t) >= MIN_CHARS]
    if len(usable) < 2:
        return {}
    scores = process.cdist([names[i] for i in usable], [names[i] for i in usable],
                           scorer=fuzz.token_sort_ratio, score_cutoff=threshold)  # fmt: skip
    out = {}
    for a, b in zip(*np.nonzero(scores), strict=True):
        i, j = usable[int(a)], usable[int(b)]
        if i < j and i < now and normal(videos[i].agency) != normal(videos[j].agency):
            out[(i, j)] = float(scores[a, b])
    return out
