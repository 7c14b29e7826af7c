"""The picture half of a fingerprint compared as Meta's vPDQ does.

    prints = Pictures.of(fingerprint)               quality-filtered, pruned PDQ hashes
    compare(a, b, rule) -> PictureMatch             shares of distinct frames, aligned spans

vPDQ (ThreatExchange ``vpdq/README.md``): hash one frame a second with PDQ, drop frames
below a quality (50), prune a frame within a small distance of the last one kept, and call
two videos the same when at least a share (80 %) of one video's frames lie within a
distance (31 of 256 bits) of some frame of the other.  The share is taken of each side,
so a short video inside a longer one matches from its own side.  kipp adds the times: the
matched frames that keep one time offset form a *span* (A's from-to beside B's), and a
span of at least ``segment_s`` holding ``segment_frames`` distinct frames is a match too
(a 40 s clip of another entry inside a 2-minute video is under 80 % on both sides).  A
still picture (colour bars, a title card) is one distinct frame however long it lasts,
so shared bars never make a span.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from pipeline.models import Fingerprint

QUALITY = 50  # vPDQ's quality tolerance: flatter frames (black, fades) are not compared
DISTANCE = 31  # vPDQ's distance tolerance, bits of 256
PRUNE = 8  # a frame within this many bits of the last kept one adds nothing new
OFFSET_SLACK_S = 2.0  # matched frames within this much of one offset belong to one span
GAP_S = 6.0  # a span continues over a gap this long with no matched frame
MAX_SPANS = 4
MIN_SPAN_FRAMES = 3  # fewer matched frames at one offset: a chance likeness, not shown


@dataclass(frozen=True)
class Pictures:
    """One video's distinct frames: ``hashes`` (n, 4) uint64, ``starts``/``ends`` the
    seconds each stands for (until the next distinct frame or a skipped one)."""

    hashes: np.ndarray
    starts: np.ndarray
    ends: np.ndarray

    @classmethod
    def of(cls, fp: Fingerprint) -> Pictures:
        raw = np.frombuffer(fp.frames, np.uint64).reshape(-1, 4)
        quality = np.frombuffer(fp.quality, np.uint8)[: len(raw)]
        step = fp.frame_step_s
        keep: list[int] = []
        ends: list[float] = []
        last: np.ndarray | None = None
        for i in range(len(raw)):
            if quality[i] < QUALITY:
                last = None  # a flat frame ends the stretch the last kept frame stood for
                continue
            if last is not None and _bits(raw[i], last) <= PRUNE:
                ends[-1] = (i + 1) * step
                continue
            keep.append(i)
            ends.append((i + 1) * step)
            last = raw[i]
        index = np.asarray(keep, dtype=np.int64)
        return cls(raw[index], index * step, np.asarray(ends, dtype=np.float64))

    def __len__(self) -> int:
        return len(self.hashes)


def _bits(a: np.ndarray, b: np.ndarray) -> int:
    return int(np.bitwise_count(a ^ b).sum())


def distances(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Hamming distances (len(a), len(b)) between two sets of 256-bit hashes (n, 4)."""
    return np.bitwise_count(a[:, None, :] ^ b[None, :, :]).sum(axis=2, dtype=np.int32)


@dataclass(frozen=True)
class Span:
    """Matched stretch: A's seconds beside B's, and how many distinct frames of A it holds."""

    start_s: float
    end_s: float
    other_start_s: float
    other_end_s: float
    frames: int


@dataclass(frozen=True)
class PictureMatch:
    share: float  # of A's distinct frames found in B (0-1)
    other_share: float  # of B's distinct frames found in A
    frames: int  # A's distinct frames
    other_frames: int
    spans: tuple[Span, ...]


def compare(a: Pictures, b: Pictures, distance: int = DISTANCE) -> PictureMatch:
    """vPDQ's two shares for a pair of videos, and the spans of frames matched at one
    time offset (longest first)."""
    if not len(a) or not len(b):
        return PictureMatch(0.0, 0.0, len(a), len(b), ())
    close = distances(a.hashes, b.hashes) <= distance
    share = float(close.any(axis=1).mean())
    other_share = float(close.any(axis=0).mean())
    return PictureMatch(share, other_share, len(a), len(b), spans(a, b, close))


def spans(a: Pictures, b: Pictures, close: np.ndarray) -> tuple[Span, ...]:
    """Group matched frame pairs by time offset (B's start minus A's, whole seconds), the
    offset most of A's frames agree on (within OFFSET_SLACK_S) first, and cut each group
    where A has a gap longer than GAP_S."""
    ia, ib = np.nonzero(close)
    offsets = np.rint(b.starts[ib] - a.starts[ia]).astype(np.int64)
    left = np.ones(len(ia), dtype=bool)
    out: list[Span] = []
    while left.any() and len(out) < MAX_SPANS:
        best = _best_offset(offsets[left], ia[left])
        chosen = left & (np.abs(offsets - best) <= OFFSET_SLACK_S)
        left &= ~chosen
        out += _runs(a, np.unique(ia[chosen]), float(best))
    out.sort(key=lambda s: s.end_s - s.start_s, reverse=True)
    kept = [s for s in out if s.frames >= MIN_SPAN_FRAMES] or out[:1]
    return tuple(kept[:MAX_SPANS])


def _best_offset(offsets: np.ndarray, frames: np.ndarray) -> int:
    """The offset with the most distinct A frames within OFFSET_SLACK_S of it."""
    pairs = np.unique(np.stack([offsets, frames]), axis=1)
    values, counts = np.unique(pairs[0], return_counts=True)
    total = np.concatenate([[0], np.cumsum(counts)])
    lo = np.searchsorted(values, values - OFFSET_SLACK_S, "left")
    hi = np.searchsorted(values, values + OFFSET_SLACK_S, "right")
    return int(values[int(np.argmax(total[hi] - total[lo]))])


def _runs(a: Pictures, frames: np.ndarray, offset: float) -> list[Span]:
    runs: list[list[int]] = [[int(frames[0])]]
    for i in frames[1:]:
        if a.starts[i] - a.ends[runs[-1][-1]] > GAP_S:
            runs.append([])
        runs[-1].append(int(i))
    return [
        Span(
            start_s=float(a.starts[r[0]]),
            end_s=float(a.ends[r[-1]]),
            other_start_s=max(0.0, float(a.starts[r[0]]) + offset),
            other_end_s=float(a.ends[r[-1]]) + offset,
            frames=len(r),
        )
        for r in runs
    ]
