"""The whole round compared: every entry against every other, and against earlier rounds.

    find(videos, earlier, rule, index=True) -> {entry ref: (DuplicateMatch, ...)}

Pairs worth comparing come from the identical md5s, the title index, and the frame and
sound indexes (``pipeline.duplicates.index``); with ``index=False`` every pair is compared
(the brute force the tests hold the index to).  Earlier rounds' videos are compared with
this round's only, never with each other.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from itertools import combinations

import numpy as np

from pipeline.config import Duplicates
from pipeline.duplicates import index, titles
from pipeline.duplicates.match import Video, pair
from pipeline.models import DuplicateMatch

log = logging.getLogger(__name__)


def find(
    videos: Sequence[Video],
    earlier: Sequence[Video] = (),
    rule: Duplicates | None = None,
    *,
    use_index: bool = True,
) -> dict[str, tuple[DuplicateMatch, ...]]:
    """Each video of this round (by ``ref``) -> its matches, strongest first."""
    rule = rule or Duplicates()
    every = [*videos, *earlier]
    now = len(videos)
    scores = titles.alike(every, now, rule.title_similarity)
    if use_index:
        candidates = _candidates(every, rule) | set(scores)
    else:
        candidates = set(combinations(range(len(every)), 2))
    found: dict[str, list[DuplicateMatch]] = {v.ref: [] for v in videos}
    for i, j in sorted(candidates):
        if i >= now and j >= now:
            continue  # two earlier videos: not this round's business
        result = pair(every[i], every[j], rule, scores.get((i, j)))
        if result is None:
            continue
        for side, me in ((result[0], every[i]), (result[1], every[j])):
            if me.ref in found:
                found[me.ref].append(side)
    log.info("duplicates: %d pairs compared, %d entries matched", len(candidates),
             sum(bool(m) for m in found.values()))  # fmt: skip
    return {ref: tuple(sorted(ms, key=_strength, reverse=True)) for ref, ms in found.items()}


def _strength(m: DuplicateMatch) -> tuple[bool, float]:
    shares = [s for s in (m.picture_share, m.other_picture_share, m.sound_share) if s]
    return m.identical, max(shares, default=0.0)


def _candidates(videos: Sequence[Video], rule: Duplicates) -> set[tuple[int, int]]:
    """Pairs (i < j) sharing an md5, a frame within ``rule.distance`` or aligned sound."""
    out: set[tuple[int, int]] = set()
    by_md5: dict[str, list[int]] = {}
    for i, v in enumerate(videos):
        if v.md5:
            by_md5.setdefault(v.md5, []).append(i)
    for same in by_md5.values():
        out |= set(combinations(same, 2))
    hashes, owners = [], []
    keys, positions, sound_owners = [], [], []
    for i, v in enumerate(videos):
        if v.pictures is not None and len(v.pictures):
            hashes.append(v.pictures.hashes)
            owners.append(np.full(len(v.pictures), i))
        if v.sounds is not None and len(v.sounds.items):
            keys.append(v.sounds.keys())
            positions.append(np.arange(len(v.sounds.items)))
            sound_owners.append(np.full(len(v.sounds.items), i))
    if hashes:
        out |= index.picture_pairs(np.concatenate(hashes), np.concatenate(owners), rule.distance)
    if keys:
        out |= index.sound_pairs(
            np.concatenate(keys), np.concatenate(positions), np.concatenate(sound_owners)
        )
    return out
