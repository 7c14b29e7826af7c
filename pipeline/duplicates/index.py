"""Which pairs of videos of a round are worth comparing, without comparing all pairs.

    picture_pairs(hashes, owners, distance) -> set of (i, j)    owners of frames within distance
    sound_pairs(keys, owners) -> set of (i, j)                  owners of items aligned often

Picture: a multi-index on hash chunks (Norouzi, Punjani and Fleet, "Fast search in Hamming
space with multi-index hashing", CVPR 2012).  Cut the 256-bit PDQ hash into 16 chunks of 16
bits: two hashes within 31 bits differ in at most one bit in some chunk (pigeonhole:
16 chunks x 2 bits > 31).  So for each chunk the frames are sorted by it, each frame
looks up the frames whose chunk equals its own or lies one bit away (a table of the
65,536 chunk values), and only those pairs are measured on all 256 bits.  No pair within
``distance`` (<= 31) is missed; the test suite checks it against brute force.

Sound: Chromaprint items of the same recording agree exactly in their top bits at one
time offset; items are grouped by key, and owners that share at least ``sound.MIN_HITS``
keys at one offset are paired (a candidate filter: ``compare`` decides).
"""

from __future__ import annotations

import numpy as np

from pipeline.duplicates import sound
from pipeline.duplicates.picture import DISTANCE

CHUNKS = 16  # 16 chunks of 16 bits: radius 1 in one of them covers 31 bits in all
BITS = 16


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
        p, q = _neighbours(chunks[:, c])
        found |= _verified(p, q, hashes, owners, distance)
    return found


def _neighbours(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs (p, q) whose 16-bit ``keys`` are equal (each pair once) or differ in
    exactly one bit (each such pair once: from the side whose bit is 0)."""
    order = np.argsort(keys, kind="stable")
    count = np.bincount(keys, minlength=1 << BITS)  # a table: every chunk value's run
    first = np.concatenate([[0], np.cumsum(count)[:-1]])
    rank = np.empty(len(keys), dtype=np.int64)
    rank[order] = np.arange(len(keys))  # each frame's place in the sorted order
    later = first[keys] + count[keys] - rank - 1  # equal keys after it in the run
    ps = [np.repeat(np.arange(len(keys)), later)]
    qs = [order[np.repeat(rank + 1, later) + _ramp(later)]]
    for bit in range(BITS):
        flipped = keys | (1 << bit)
        n = np.where((keys & (1 << bit)) == 0, count[flipped], 0)
        ps.append(np.repeat(np.arange(len(keys)), n))
        qs.append(order[np.repeat(first[flipped], n) + _ramp(n)])
    return np.concatenate(ps), np.concatenate(qs)


def _ramp(counts: np.ndarray) -> np.ndarray:
    """0..c-1 for each c in counts, concatenated."""
    ends = np.cumsum(counts)
    return np.arange(int(ends[-1]) if len(ends) else 0) - np.repeat(ends - counts, counts)


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


_OWNERS = 1 << 20  # videos in one comparison, at most
_HALF = 1 << 20  # sound items of one print, at most (36 hours): offsets fit in 21 bits


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
        offset = sp[shift:][same] - sp[:-shift][same] + _HALF  # 0 <= offset < 2 * _HALF
        hits.append((a * _OWNERS + b) * (2 * _HALF) + offset)
    if not hits:
        return set()
    codes, counts = np.unique(np.concatenate(hits), return_counts=True)
    strong = codes[counts >= sound.MIN_HITS] // (2 * _HALF)
    return {(int(c // _OWNERS), int(c % _OWNERS)) for c in strong}
