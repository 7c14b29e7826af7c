"""Which pairs of videos of a round are worth comparing, without comparing all pairs.

    picture_pairs(hashes, owners, distance) -> set of (i, j)    owners of frames within distance
    sound_pairs(keys, owners) -> set of (i, j)                  owners of items aligned often

Picture: a multi-index on hash chunks (Norouzi, Punjani and Fleet, "Fast search in Hamming
space with multi-index hashing", CVPR 2012).  Cut the 256-bit PDQ hash into 16 chunks of 16
bits: two hashes within 31 bits differ in at most one bit in some chunk (pigeonhole:
16 chunks x 2 bits > 31).  So for each chunk and each of its bits, frames whose chunk is
equal once that bit is masked are grouped by sorting, and only pairs inside a group are
measured on all 256 bits.  No pair within ``distance`` (<= 31) is missed; the test suite
checks it against brute force.

Sound: Chromaprint items of the same recording agree exactly in their top bits at one
time offset; items are grouped by key, and owners that share at least ``sound.MIN_HITS``
keys at one offset are paired (a candidate filter: ``compare`` decides).
"""

from __future__ import annotations

import numpy as np

from pipeline.duplicates import sound
from pipeline.duplicates.picture import DISTANCE

CHUNKS = 16  # 16 chunks of 16 bits: radius 1 in one of them covers 31 bits in all
BIG_GROUP = 64  # groups larger than this are measured as a block


def picture_pairs(
    hashes: np.ndarray, owners: np.ndarray, distance: int = DISTANCE
) -> set[tuple[int, int]]:
    """Pairs of owners (i < j) with a frame each within ``distance`` bits.

    Args:
        hashes: (n, 4) uint64, the distinct frames of every video of the round.
        owners: (n,) int, the video each frame belongs to.
    Raises:
        ValueError: ``distance`` above 31, which the chunking does not cover."""
    if distance > 2 * CHUNKS - 1:
        raise ValueError(f"the index covers distances up to {2 * CHUNKS - 1}, not {distance}")
    if len(hashes) < 2:
        return set()
    chunks = hashes.view(np.uint16).reshape(len(hashes), CHUNKS).astype(np.int64)
    found: set[tuple[int, int]] = set()
    for c in range(CHUNKS):
        for bit in range(16):
            keys = chunks[:, c] & ~(1 << bit)
            found |= _grouped(keys, hashes, owners, distance)
    return found


def _grouped(
    keys: np.ndarray, hashes: np.ndarray, owners: np.ndarray, distance: int
) -> set[tuple[int, int]]:
    order = np.argsort(keys, kind="stable")
    sk = keys[order]
    starts = np.flatnonzero(np.r_[True, sk[1:] != sk[:-1]])
    sizes = np.diff(np.r_[starts, len(sk)])
    found: set[tuple[int, int]] = set()
    small = np.repeat(sizes <= BIG_GROUP, sizes)  # per sorted position
    for shift in range(1, min(BIG_GROUP, int(sizes.max()))):
        same = (sk[shift:] == sk[:-shift]) & small[shift:]
        p, q = order[:-shift][same], order[shift:][same]
        found |= _verified(p, q, hashes, owners, distance)
    for start, size in zip(starts[sizes > BIG_GROUP], sizes[sizes > BIG_GROUP], strict=True):
        members = order[start : start + size]
        p, q = np.triu_indices(size, 1)
        found |= _verified(members[p], members[q], hashes, owners, distance)
    return found


def _verified(
    p: np.ndarray, q: np.ndarray, hashes: np.ndarray, owners: np.ndarray, distance: int
) -> set[tuple[int, int]]:
    other = owners[p] != owners[q]
    p, q = p[other], q[other]
    if not p.size:
        return set()
    near = np.bitwise_count(hashes[p] ^ hashes[q]).sum(axis=1) <= distance
    a, b = owners[p[near]], owners[q[near]]
    return set(zip(np.minimum(a, b).tolist(), np.maximum(a, b).tolist(), strict=True))


def sound_pairs(
    keys: np.ndarray, positions: np.ndarray, owners: np.ndarray
) -> set[tuple[int, int]]:
    """Pairs of owners (i < j) whose content items share at least ``sound.MIN_HITS``
    alignment keys at one time offset (``keys`` from ``Sounds.keys``, -1 = no content;
    ``positions`` each item's index in its own print)."""
    use = keys >= 0
    keys, positions, owners = keys[use], positions[use], owners[use]
    order = np.lexsort((positions, owners, keys))
    sk, sp, so = keys[order], positions[order], owners[order]
    starts = np.flatnonzero(np.r_[True, sk[1:] != sk[:-1]])
    sizes = np.diff(np.r_[starts, len(sk)])
    common = np.repeat(sizes > sound.COMMON * 4, sizes)
    hits: list[np.ndarray] = []
    for shift in range(1, min(sound.COMMON * 4, int(sizes.max(initial=1)))):
        same = (sk[shift:] == sk[:-shift]) & ~common[shift:] & (so[shift:] != so[:-shift])
        a, b = so[:-shift][same], so[shift:][same]
        offset = sp[shift:][same] - sp[:-shift][same]
        hits.append(np.stack([a, b, offset], axis=1))
    if not hits:
        return set()
    triples = np.concatenate(hits)
    if not len(triples):
        return set()
    rows, counts = np.unique(triples, axis=0, return_counts=True)
    strong = rows[counts >= sound.MIN_HITS]
    return {(int(min(a, b)), int(max(a, b))) for a, b, _ in strong}
