"""Decoding loops taken out of a transcript, and marked where they were.

    repeats(keys) -> [bool]                         which items are a loop's extra copies
    unloop(words) -> (kept words, dropped flags)    on one decoding pass's words
    shown_lines(pairs) -> (SpokenLine, ...)         the lines officers read, loops marked

Whisper can get stuck repeating what it just wrote: one word ("yang yang yang ..."), or a
few ("dan kebangan, dan kebangan, ..." for 30 s: issue 18, a two-word loop that a
one-word rule let through).  A run of the same n words (n <= ``MAX_N``) back to back more
than ``MAX_COPIES`` times is a loop: its first copies are kept, the rest dropped.  Two
copies are left alone: Indonesian doubles words ("langkah-langkah", "tata-tata").  A
line whose words were dropped says how many (``SpokenLine.dropped``); the page shows
that count, never the loop as speech.
"""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.content import match
from pipeline.models import SpokenLine, SpokenWord

MAX_N = 8  # longest repeated phrase looked for, in words
MAX_COPIES = 2  # back-to-back copies kept; a third is a loop


def repeats(keys: Sequence[str]) -> list[bool]:
    """For each item of ``keys``, whether it is an extra copy in a loop: scanning left to
    right, the shortest phrase of ``n <= MAX_N`` items that starts here and repeats more
    than ``MAX_COPIES`` times back to back keeps ``MAX_COPIES`` copies; the rest (whole
    copies only) are flagged."""
    dropped = [False] * len(keys)
    i = 0
    while i < len(keys):
        for n in range(1, MAX_N + 1):
            copies = 1
            while keys[i + copies * n : i + (copies + 1) * n] == keys[i : i + n]:
                copies += 1
            if copies > MAX_COPIES:
                keep_end = i + MAX_COPIES * n
                end = i + copies * n
                dropped[keep_end:end] = [True] * (end - keep_end)
                i = end
                break
        else:
            i += 1
    return dropped


def unloop(words: Sequence[SpokenWord]) -> tuple[tuple[SpokenWord, ...], list[bool]]:
    """``words`` without the extra copies of any loop (compared as ``match.normalize``
    folds them: case and punctuation ignored), and the flag of each word given."""
    flags = repeats([match.normalize(w.text) for w in words])
    return tuple(w for w, gone in zip(words, flags, strict=True) if not gone), flags


def line_of(start_s: float, end_s: float, words: Sequence[SpokenWord], flags: Sequence[bool],
            attempt: int = 1) -> SpokenLine:  # fmt: skip
    """One segment as officers read it: its kept words, and how many were dropped."""
    kept = [w.text for w, gone in zip(words, flags, strict=True) if not gone]
    return SpokenLine(start_s=start_s, end_s=end_s, text=" ".join(kept),
                      dropped=sum(flags), attempt=attempt)  # fmt: skip


def shown_lines(passes: Sequence[Sequence[SpokenLine]]) -> tuple[SpokenLine, ...]:
    """The lines of the first pass, then those of each later pass that fall where no line
    shown so far was heard (a sentence the first pass missed), in time order."""
    shown: list[SpokenLine] = []
    for lines in passes:
        taken = [(s.start_s, s.end_s) for s in shown]
        shown += [
            line
            for line in lines
            if not any(line.start_s < end and start < line.end_s for start, end in taken)
        ]
    return tuple(sorted(shown, key=lambda s: s.start_s))
