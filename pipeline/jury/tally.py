"""The tally: from each juror's cells to the round rankings, the nominees and the winners.

    compute(inputs) -> Tally        pure: the same inputs give the same tally, in any order
    tally(store, judging) -> Tally  the store's current scores, counts and decisions

Per entry and round (``pipeline.jury.rules`` for the scale):
1. each juror's weighted score: sum of weight x points over the criteria, divided by the
   sum of the weights (points: the value as a share of its scale's maximum, x 100);
   only rows with every criterion filled, handed in, by a juror who scores the round and
   is not recused from the entry (own agency, declared conflict) count;
2. ``normalisation = "zscore"`` (for jurors who score different subsets): each juror's
   scores become z = (x - their mean) / their standard deviation (population; 0 when
   they gave one value), then pooled mean + z x pooled standard deviation of every
   counted score of the round, kept within 0-100.  ``mean`` (the default) leaves them;
3. the entry's mean, median and spread (max - min) over the counted scores.

The round ranks on the mean with the declared tie-break (``pipeline.jury.ranking``);
once every counted score is in and handed in, it advances its top N or every mean at or
above its pass mark (nobody before: no sheet of the next round goes out on half the
scores); entries no longer eligible are ranked and flagged but never advance.  The final
ranks the entries scored in every round it combines, on the weighted mean of their round
means (``pipeline.jury.final``).
"""

from __future__ import annotations

import functools
import gc
import statistics
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from pipeline.jury.entries import Recusal, eligible, flags, recusals
from pipeline.jury.favourite import favourite_result
from pipeline.jury.final import final_result
from pipeline.jury.ranking import Ranking, Step, order
from pipeline.jury.records import Count, StoredRow, Tie
from pipeline.jury.results import CellState, EntryResult, JurorCell, RoundResult, Tally
from pipeline.jury.rules import Judging, Round
from pipeline.store.jury import ConflictRow, Validated


@dataclass(frozen=True)
class Inputs:
    """What the tally reads: the rules, every validated entry (latest report), each
    round's current rows, who handed in which round, the declared conflicts, the
    honorary judge's tie decisions and the favourite's counts (counter -> sheet)."""

    judging: Judging
    entries: Sequence[Validated]
    rows: Mapping[str, Sequence[StoredRow]]  # round id -> current rows
    handed_in: Mapping[str, Mapping[str, bool]] = field(default_factory=dict)
    conflicts: Sequence[ConflictRow] = ()
    ties: Mapping[str, Tie] = field(default_factory=dict)
    counts: Mapping[str, Count] = field(default_factory=dict)


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """The cycle collector paused while the tally builds its rows and cells.

    A large round (bench/tally: 60,000 rows) allocates hundreds of thousands of small,
    acyclic objects; each allocation burst sets off the collector, which walks every
    tracked object of the process again: a quarter of the tally's time.  Reference
    counting still frees them; the collector is switched back on after (only if it was
    on: a nested or concurrent tally never leaves it off)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def tally(store: object, judging: Judging) -> Tally:
    """The tally of ``store``'s current scores (``pipeline.store.Store``)."""
    from pipeline.store import Store

    assert isinstance(store, Store)
    with _no_cycle_collection():
        inputs = Inputs(
            judging=judging,
            entries=store.validated(),
            rows={r.id: store.score_rows(r.id) for r in judging.rounds},
            handed_in={r.id: store.handed_in(r.id) for r in judging.rounds},
            conflicts=store.conflicts(),
            ties=store.tie_orders(),
            counts={c: sheet for c, (sheet, _) in store.counts().items()},
        )
        return compute(inputs)


def compute(inputs: Inputs) -> Tally:
    """The whole tally from ``inputs`` (see the module docstring)."""
    with _no_cycle_collection():
        return _compute(inputs)


def _compute(inputs: Inputs) -> Tally:
    judging = inputs.judging
    by_id = {e.entry_id: e for e in inputs.entries}
    recused = recusals(judging, inputs.entries, inputs.conflicts)
    done: dict[str, RoundResult] = {}
    for round_ in judging.rounds:
        ids = round_entry_ids(judging, round_, inputs.entries, done)
        done[round_.id] = _round(inputs, round_, ids, by_id, recused, done)
    fav = (
        favourite_result(judging, inputs.entries, inputs.counts, inputs.ties.get("favourite"))
        if judging.favourite is not None
        else None
    )
    steps = _steps(judging, "final", {}, done, inputs.ties.get("final"))
    final = final_result(judging, done, by_id, fav, steps)
    draft = not all(r.complete for r in done.values()) or not final.complete
    draft = draft or (fav is not None and fav.winner is None)
    return Tally(
        normalisation=judging.normalisation,
        rounds=tuple(done.values()),
        final=final,
        favourite=fav,
        draft=draft,
    )


def round_entry_ids(
    judging: Judging, round_: Round, entries: Sequence[Validated], done: Mapping[str, RoundResult]
) -> list[str]:
    """The entries ``round_`` scores: every eligible entry, or the nominees of its source
    round (``done`` holds the earlier rounds' results)."""
    source = round_.source_round
    if source is None:
        return [e.entry_id for e in eligible(entries)]
    earlier = done.get(source)
    return list(earlier.nominees) if earlier is not None else []


def _round(
    inputs: Inputs,
    round_: Round,
    ids: list[str],
    by_id: Mapping[str, Validated],
    recused: Mapping[tuple[str, str], Recusal],
    done: Mapping[str, RoundResult],
) -> RoundResult:
    judging = inputs.judging
    scorers = [j.id for j in judging.scorers(round_)]
    handed = inputs.handed_in.get(round_.id, {})
    counting = {j for j in scorers if handed.get(j)}
    factors = _factors(round_)
    cells: dict[str, dict[str, StoredRow]] = {}  # entry id -> juror id -> current row
    raw: dict[tuple[str, str], float] = {}
    for row in inputs.rows.get(round_.id, ()):
        cells.setdefault(row.entry_id, {})[row.juror_id] = row
        key = (row.juror_id, row.entry_id)
        if row.juror_id in counting and key not in recused:
            value = _weighted(factors, row.values)
            if value is not None:
                raw[key] = value
    ids = ids + sorted(set(cells) - set(ids))  # scored earlier, not in the round now: kept, flagged
    scores = zscores(raw) if judging.normalisation == "zscore" else raw
    results = {
        e: _entry(round_, e, by_id.get(e), scorers, cells.get(e, {}), handed, recused, raw, scores)
        for e in ids
    }
    ranking = order(
        {e: r.mean for e, r in results.items() if r.mean is not None},
        _steps(judging, round_.id, results, done, inputs.ties.get(f"round:{round_.id}")),
    )
    ranked = _placed(results, ranking)
    complete = bool(ids) and all(not r.missing for r in ranked)
    nominees, cut_tied = _advance(round_, ranked) if complete else ((), False)
    used = [r for (j, e), r in sorted(recused.items()) if e in results and j in scorers]
    return RoundResult(
        round_id=round_.id,
        label=round_.label,
        normalisation=judging.normalisation,
        entries=tuple(ranked),
        ties=ranking.ties,
        nominees=nominees,
        cut_tied=cut_tied,
        complete=complete,
        recusals=tuple(used),
    )


def weighted(round_: Round, values: Mapping[str, float | None]) -> float | None:
    """A juror's weighted score (0-100) from one row; None when a criterion is empty."""
    return _weighted(_factors(round_), values)


def _weighted(
    factors: Sequence[tuple[str, float]], values: Mapping[str, float | None]
) -> float | None:
    total = 0.0
    for criterion, factor in factors:
        value = values.get(criterion)
        if value is None:
            return None
        total += factor * value
    return total


@functools.lru_cache(maxsize=64)
def _factors(round_: Round) -> tuple[tuple[str, float], ...]:
    """Per criterion: weight / sum of weights x 100 / scale maximum (weights applied once)."""
    total = round_.weight_sum
    return tuple((c.id, c.weight / total * 100.0 / c.scale_max) for c in round_.criteria)


def zscores(raw: Mapping[tuple[str, str], float]) -> dict[tuple[str, str], float]:
    """Each juror's scores standardised, then rescaled to the round's pooled mean and
    standard deviation, within 0-100 (see the module docstring)."""
    if not raw:
        return {}
    pooled_mean = statistics.fmean(raw.values())
    pooled_sd = statistics.pstdev(raw.values())
    per: dict[str, list[float]] = {}
    for (juror, _), value in raw.items():
        per.setdefault(juror, []).append(value)
    stats = {j: (statistics.fmean(v), statistics.pstdev(v)) for j, v in per.items()}
    out = {}
    for (juror, entry_id), value in raw.items():
        mean, sd = stats[juror]
        z = (value - mean) / sd if sd > 0 else 0.0
        out[juror, entry_id] = min(100.0, max(0.0, pooled_mean + z * pooled_sd))
    return out


def _entry(
    round_: Round,
    entry_id: str,
    entry: Validated | None,
    scorers: Sequence[str],
    cells: Mapping[str, StoredRow],
    handed: Mapping[str, bool],
    recused: Mapping[tuple[str, str], Recusal],
    raw: Mapping[tuple[str, str], float],
    scores: Mapping[tuple[str, str], float],
) -> EntryResult:
    """One entry's result: each scorer's cell, then mean, median and spread over the
    counted scores, and the mean points per criterion (for a ``criterion:`` tie-break)."""
    jurors, counted, missing, out_ = [], [], [], []
    sums = dict.fromkeys((c.id for c in round_.criteria), 0.0)
    for juror in scorers:
        row = cells.get(juror)
        key = (juror, entry_id)
        state = _state(key, row, handed, recused, raw)
        if state == "counted":
            counted.append(scores[key])
            values = row.values  # type: ignore[union-attr]
            for c in sums:
                sums[c] += values[c]  # type: ignore[operator]
        elif state == "recused":
            out_.append(juror)
        else:
            missing.append(juror)
        jurors.append(
            JurorCell(
                juror,
                scores.get(key),
                raw.get(key),
                row.values if row else {},
                state,
                row.trace if row else None,
            )
        )
    n = len(counted)
    return EntryResult.model_construct(
        entry_id=entry_id,
        agency=entry.agency if entry else entry_id,
        title=entry.title if entry else "",
        mean=statistics.fmean(counted) if n else None,
        median=statistics.median(counted) if n else None,
        spread=max(counted) - min(counted) if n else None,
        criteria={c.id: c.points(sums[c.id] / n) for c in round_.criteria} if n else {},
        jurors=tuple(jurors),
        recused=tuple(out_),
        missing=tuple(missing),
        flags=flags(entry, cells.values()),
    )


def _state(
    key: tuple[str, str],
    row: StoredRow | None,
    handed: Mapping[str, bool],
    recused: Mapping[tuple[str, str], Recusal],
    raw: Mapping[tuple[str, str], float],
) -> CellState:
    if key in recused:
        return "recused"
    if key in raw:
        return "counted"
    if row is None:
        return "missing"
    if not handed.get(key[0]):
        return "draft"
    return "partial"


def _steps(
    judging: Judging,
    scope: str,
    results: Mapping[str, EntryResult],
    done: Mapping[str, RoundResult],
    tie: Tie | None,
) -> list[Step]:
    """The declared tie-break as steps for the ranking of ``scope`` (a round id, or
    ``final``); a step about a round not scored yet speaks for no entry (skipped)."""

    def round_means(round_id: str) -> Mapping[str, EntryResult]:
        if round_id == scope:
            return results
        earlier = done.get(round_id)
        return {e.entry_id: e for e in earlier.entries} if earlier else {}

    steps = []
    for name in judging.final.tie_break:
        kind, _, arg = name.partition(":")
        if kind == "round":
            found = round_means(arg)
            steps.append(Step(name, lambda e, f=found: _get(f, e, "mean")))  # type: ignore[misc]
        elif kind == "criterion":
            round_id, _, crit = arg.partition(".")
            found = round_means(round_id)
            steps.append(Step(name, lambda e, f=found, c=crit: _criterion(f, e, c)))  # type: ignore[misc]
        elif name == "median" and scope != "final":
            steps.append(Step(name, lambda e: _get(results, e, "median")))
        elif name == "honorary" and tie is not None:
            place = {e: -n for n, e in enumerate(tie.order)}
            steps.append(Step(name, lambda e, p=place: p.get(e)))  # type: ignore[misc]
    return steps


def _get(results: Mapping[str, EntryResult], entry_id: str, what: str) -> float | None:
    found = results.get(entry_id)
    return getattr(found, what) if found is not None else None


def _criterion(results: Mapping[str, EntryResult], entry_id: str, crit: str) -> float | None:
    found = results.get(entry_id)
    return found.criteria.get(crit) if found is not None else None


def _placed(results: Mapping[str, EntryResult], ranking: Ranking) -> list[EntryResult]:
    ranked = [
        results[p.entry_id].model_copy(
            update={"rank": p.rank, "tie_broken_by": p.tie_broken_by, "tied": p.tied}
        )
        for p in ranking.placed
    ]
    placed = {p.entry_id for p in ranking.placed}
    return ranked + [r for e, r in results.items() if e not in placed]


def _advance(round_: Round, ranked: Sequence[EntryResult]) -> tuple[tuple[str, ...], bool]:
    """The entries ``round_`` advances (never one flagged not eligible), and whether a tie
    no rule broke sits at the cut (then all its entries advance)."""
    rule = round_.advance
    if rule is None:
        return (), False
    can = [r for r in ranked if r.rank is not None and "not_eligible" not in r.flags]
    if rule.pass_mark is not None:
        return tuple(r.entry_id for r in can if (r.mean or 0) >= rule.pass_mark), False
    top = rule.top or 0
    inside = can[:top]
    if len(can) <= top or not inside:
        return tuple(r.entry_id for r in inside), False
    last = inside[-1].rank
    extra = [r for r in can[top:] if r.rank == last]
    return tuple(r.entry_id for r in inside + extra), bool(extra)
