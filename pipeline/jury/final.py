"""The final ranking and the winners: the rounds combined by the declared weights.

    final_result(judging, rounds, entries, favourite, steps) -> FinalResult

The final holds the entries of every round ``[judging.final] combine`` names (the
nominees, when a round scores another's nominees); its total is the weighted mean of
those means (70 video / 30 interview, say).
With ``[judging.favourite] award = "blend"`` the total becomes (1 - b) x total + b x the
favourite's points (its count as a share of the highest agreed count, x 100), and waits
for agreed counts.  Places ("Juara I", ...) go down the ranking; entries still tied
share a place; an entry no longer eligible is ranked, flagged and never placed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from pipeline.jury.entries import Flag
from pipeline.jury.ranking import Step, order
from pipeline.jury.results import FavouriteResult, FinalEntry, FinalResult, RoundResult, Winner
from pipeline.jury.rules import Judging
from pipeline.store.jury import Validated


def final_result(
    judging: Judging,
    rounds: Mapping[str, RoundResult],
    entries: Mapping[str, Validated],
    favourite: FavouriteResult | None,
    steps: Sequence[Step],
) -> FinalResult:
    """The final ranking and winners (see the module docstring)."""
    combine = judging.final.combine
    means: dict[str, dict[str, float | None]] = {}
    marks: dict[str, set[Flag]] = {}
    inside = set.intersection(*({r.entry_id for r in rounds[c].entries} for c in combine))
    for round_id in combine:
        for r in rounds[round_id].entries:
            if r.entry_id in inside:
                means.setdefault(r.entry_id, {})[round_id] = r.mean
                marks.setdefault(r.entry_id, set()).update(r.flags)
    blend = _blend(judging, favourite)
    rows: dict[str, FinalEntry] = {}
    for entry_id, by_round in means.items():
        total = None
        if all(by_round.get(r) is not None for r in combine):
            total = sum(w * (by_round[r] or 0.0) for r, w in combine.items()) / sum(
                combine.values()
            )
        points = blend[1].get(entry_id) if blend else None
        if blend and total is not None:
            total = (1 - blend[0]) * total + blend[0] * points if points is not None else None
        found = entries.get(entry_id)
        rows[entry_id] = FinalEntry(
            entry_id=entry_id,
            agency=found.agency if found else entry_id,
            title=found.title if found else "",
            total=total,
            rounds=by_round,
            favourite_points=points,
            flags=tuple(sorted(marks.get(entry_id, ()))),
        )
    ranking = order({e: r.total for e, r in rows.items() if r.total is not None}, steps)
    ranked = [
        rows[p.entry_id].model_copy(
            update={"rank": p.rank, "tie_broken_by": p.tie_broken_by, "tied": p.tied}
        )
        for p in ranking.placed
    ]
    ranked += [r for r in rows.values() if r.total is None]
    complete = (
        all(rounds[r].complete for r in combine)
        and bool(ranked)
        and all(r.total is not None for r in ranked)
    )
    return FinalResult(
        entries=tuple(ranked),
        ties=ranking.ties,
        winners=_winners(judging, ranked),
        complete=complete,
    )


def _blend(
    judging: Judging, favourite: FavouriteResult | None
) -> tuple[float, dict[str, float]] | None:
    """(blend weight, entry id -> favourite points) when the favourite is blended in."""
    rule = judging.favourite
    if rule is None or rule.award != "blend":
        return None
    totals = {e.entry_id: e.total for e in favourite.entries} if favourite else {}
    agreed = {e: t for e, t in totals.items() if t is not None}
    top = max(agreed.values(), default=0.0)
    if favourite is None or favourite.recount or top <= 0:
        return rule.blend_weight, {}
    return rule.blend_weight, {e: t / top * 100.0 for e, t in agreed.items()}


def _winners(judging: Judging, ranked: Sequence[FinalEntry]) -> tuple[Winner, ...]:
    places = judging.final.places
    can = [r for r in ranked if r.rank is not None and "not_eligible" not in r.flags]
    winners: list[Winner] = []
    for n, r in enumerate(can):
        shares = bool(winners) and can[n - 1].rank == r.rank
        index = winners[-1].position if shares else len(winners)
        if index >= len(places):
            break
        winners.append(
            Winner(
                place=places[index],
                position=index,
                entry_id=r.entry_id,
                agency=r.agency,
                total=r.total or 0.0,
                tied=r.tied,
            )
        )
    return tuple(winners)
