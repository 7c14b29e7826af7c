"""The public favourite from the officers' independent counts.

    favourite_result(judging, entries, counts, tie) -> FavouriteResult

The Facebook Groups API was removed for all versions on 22 April 2024: no supported
way reads a group post's likes and comments, and scraping breaks Meta's terms.  So at
the cut-off two officers (``[judging.favourite] counters``) each count every post by
hand into a counting sheet (``pipeline.jury.count_sheets``); the latest sheet of each
counter counts.  An entry whose counts differ between counters, or that a counter left
empty, is listed for a recount: never averaged.  The favourite is named only when every
entry's counts agree: the highest ``reactions x w_r + comments x w_c``, ties broken by the
declared steps (``comments``, ``reactions``, ``honorary``).

Room is left, with no code yet, for reading a Facebook Page's posts through the Graph
API (``reactions.summary(total_count)``, ``comments.summary``), should a round move its
vote to a Page: such a reader would produce a ``Count`` like a counter's sheet.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from pipeline.jury.entries import eligible
from pipeline.jury.ranking import Step, order
from pipeline.jury.records import Count, CountRow, Tie
from pipeline.jury.results import CountCell, FavouriteEntry, FavouriteResult
from pipeline.jury.rules import Judging
from pipeline.store.jury import Validated


def favourite_result(
    judging: Judging,
    entries: Sequence[Validated],
    counts: Mapping[str, Count],
    tie: Tie | None,
) -> FavouriteResult | None:
    """The favourite as far as the counts allow (see the module docstring); None when the
    config declares no favourite."""
    rule = judging.favourite
    if rule is None:
        return None
    counters = tuple(sorted(counts))
    rows: dict[str, dict[str, CountRow]] = {}
    for counter, sheet in counts.items():
        for row in sheet.rows:
            rows.setdefault(row.entry_id, {})[counter] = row
    names = {e.entry_id: e.agency for e in entries}
    ids = [e.entry_id for e in eligible(entries)]
    ids += sorted(set(rows) - set(ids))
    enough = len(counters) >= rule.counters
    results = {e: _entry(e, names.get(e, e), rows.get(e, {}), counters, enough) for e in ids}
    results = {
        e: r.model_copy(update={"total": rule.reactions * r.reactions + rule.comments * r.comments})
        if r.agreed and r.reactions is not None and r.comments is not None
        else r
        for e, r in results.items()
    }
    recount = tuple(e for e, r in results.items() if enough and not r.agreed)
    steps = [_step(name, results, tie) for name in rule.tie_break]
    ranking = order(
        {e: r.total for e, r in results.items() if r.total is not None},
        [s for s in steps if s is not None],
    )
    ranked = [
        results[p.entry_id].model_copy(
            update={"rank": p.rank, "tie_broken_by": p.tie_broken_by, "tied": p.tied}
        )
        for p in ranking.placed
    ]
    ranked += [r for e, r in results.items() if r.total is None]
    first = [r.entry_id for r in ranked if r.rank == 1]
    pending = "counters" if not enough else "recount" if recount else None
    if pending is None and len(first) > 1:
        pending = "tie"
    winner = first[0] if pending is None and first else None
    return FavouriteResult(
        label=rule.label,
        counters=counters,
        entries=tuple(ranked),
        recount=recount,
        winner=winner,
        tied=tuple(first) if len(first) > 1 else (),
        ties=ranking.ties,
        pending=pending,
    )


def _entry(
    entry_id: str, agency: str, rows: Mapping[str, CountRow], counters: Sequence[str], enough: bool
) -> FavouriteEntry:
    cells = tuple(
        CountCell(
            counter=c,
            reactions=rows[c].reactions if c in rows else None,
            comments=rows[c].comments if c in rows else None,
            counted_at=_iso(rows[c]) if c in rows else None,
            screenshot=rows[c].screenshot if c in rows else "",
        )
        for c in counters
    )
    pairs = {(c.reactions, c.comments) for c in cells}
    filled = all(c.reactions is not None and c.comments is not None for c in cells)
    agreed = enough and filled and len(pairs) == 1
    link = next((r.post_link for r in rows.values() if r.post_link), "")
    reactions, comments = next(iter(pairs)) if agreed else (None, None)
    return FavouriteEntry(
        entry_id=entry_id,
        agency=agency,
        post_link=link,
        counts=cells,
        agreed=agreed,
        reactions=reactions,
        comments=comments,
    )


def _iso(row: CountRow) -> str | None:
    return row.counted_at.isoformat() if row.counted_at is not None else None


def _step(name: str, results: Mapping[str, FavouriteEntry], tie: Tie | None) -> Step | None:
    if name == "honorary":
        if tie is None:
            return None
        place = {e: -n for n, e in enumerate(tie.order)}
        return Step(name, lambda e: place.get(e))

    def key(entry_id: str) -> float | None:
        value = getattr(results[entry_id], name)
        return float(value) if value is not None else None

    return Step(name, key)
