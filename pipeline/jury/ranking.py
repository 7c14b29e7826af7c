"""A ranking with the declared tie-break: equal totals stay tied unless a step breaks them.

    order(values, steps) -> Ranking      ranks, ties, and which step broke each tie

Totals are equal when they agree to 9 decimals (float sums of the same scores in another
order differ in the last bits; no shown figure has more than 2 decimals).  The steps
are the config's ``tie_break`` in order; a step that cannot speak for every entry of a
tie (a round not scored yet, an honorary order that does not name them all) is skipped.
What no step breaks is reported as a tie: the entries share a rank, never ordered
silently (they are listed by entry id within it).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from pipeline.models import Model

PLACES = 9  # decimals to which two totals must agree to be equal


@dataclass(frozen=True)
class Step:
    """One declared tie-break step: ``name`` as the config writes it (``round:wawancara``),
    ``key``: entry id -> its figure for this step (higher first; None: the step cannot
    speak for that entry)."""

    name: str
    key: Callable[[str], float | None]


class Placed(Model):
    """One entry's place: ``rank`` (1 = best; entries still tied share it),
    ``tie_broken_by`` (the step that decided its place within a tie, None when it was not
    tied or is still tied) and ``tied`` (a tie no declared step broke)."""

    entry_id: str
    rank: int
    tie_broken_by: str | None = None
    tied: bool = False


class TieNote(Model):
    """Entries whose totals were equal, and what the declared rule did: the ``steps``
    that broke it (in order), and ``unbroken`` groups that remain tied."""

    entries: tuple[str, ...]
    total: float
    steps: tuple[str, ...] = ()
    unbroken: tuple[tuple[str, ...], ...] = ()


class Ranking(Model):
    placed: tuple[Placed, ...]  # best first
    ties: tuple[TieNote, ...] = ()

    def rank_of(self) -> dict[str, Placed]:
        return {p.entry_id: p for p in self.placed}


def _equal(value: float) -> float:
    return round(value, PLACES)


def _groups(ids: Sequence[str], key: Callable[[str], float]) -> list[list[str]]:
    """``ids`` split into groups of equal key, highest first, each sorted by id."""
    by: dict[float, list[str]] = {}
    for entry_id in ids:
        by.setdefault(_equal(key(entry_id)), []).append(entry_id)
    return [sorted(by[k]) for k in sorted(by, reverse=True)]


def _resolve(
    group: list[str], steps: Sequence[Step], used: list[str]
) -> list[tuple[list[str], str | None]]:
    """Break ``group`` with ``steps``: blocks best first, each (entries, the step that set
    them apart); a block of several entries is a tie no step broke."""
    for n, step in enumerate(steps):
        keys = {e: step.key(e) for e in group}
        if any(v is None for v in keys.values()):
            continue
        parts = _groups(group, lambda e, k=keys: k[e] or 0.0)  # type: ignore[misc]
        if len(parts) == 1:
            continue
        if step.name not in used:
            used.append(step.name)
        blocks: list[tuple[list[str], str | None]] = []
        for part in parts:
            if len(part) == 1:
                blocks.append((part, step.name))
            else:
                blocks.extend(_resolve(part, steps[n + 1 :], used))
        return blocks
    return [(group, None)]


def order(values: Mapping[str, float], steps: Sequence[Step] = ()) -> Ranking:
    """Rank ``values`` (entry id -> total, higher first), breaking equal totals with
    ``steps``; see the module docstring.  Ranks skip after a tie (1, 2, 2, 4)."""
    placed: list[Placed] = []
    ties: list[TieNote] = []
    for group in _groups(list(values), lambda e: values[e]):
        if len(group) == 1:
            placed.append(Placed(entry_id=group[0], rank=len(placed) + 1))
            continue
        used: list[str] = []
        blocks = _resolve(group, steps, used)
        for block, step in blocks:
            rank = len(placed) + 1
            for entry_id in block:
                tied = len(block) > 1
                placed.append(
                    Placed(
                        entry_id=entry_id,
                        rank=rank,
                        tie_broken_by=None if tied else step,
                        tied=tied,
                    )
                )
        unbroken = tuple(tuple(b) for b, _ in blocks if len(b) > 1)
        ties.append(
            TieNote(
                entries=tuple(group), total=values[group[0]], steps=tuple(used), unbroken=unbroken
            )
        )
    return Ranking(placed=tuple(placed), ties=tuple(ties))
