"""What jurors and officers enter: scores, hand-ins, conflicts, the honorary judge's tie order.

    round_entries(store, judging, round_id)        the entries a round scores (Validated)
    record_scores(store, judging, juror, round, scores, *, by, address, source)
    submit_round(store, judging, juror, round, *, by, address)
    reopen_round(store, judging, juror, round, *, by, address)
    declare_conflict(store, judging, juror, entry, reason, *, by, address)
    withdraw_conflict(store, judging, juror, entry, reason, *, by, address)
    decide_tie(store, judging, scope, order, *, by, address)
    visible_rows(store, judging, juror, round)      what a juror may see of a round

The CLI (``kipp jury import``) and the web app (``kipp serve``) call these same
functions.  Each checks everything first and raises one ``InputRejected`` listing every
problem (message keys in ``pipeline.jury.texts``): then nothing was stored.  What is
stored is an act (``pipeline.jury.records``), journal first (``Store.record``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from pipeline.errors import InputRejected
from pipeline.jury import texts as _texts  # noqa: F401  (registers the messages)
from pipeline.jury.entries import agency_of, recusals
from pipeline.jury.records import (
    CONFLICT,
    SCORES,
    SUBMIT,
    TIE,
    WITHDRAW,
    Conflict,
    Scores,
    ScoreSource,
    StoredRow,
    Submit,
    Tie,
    Withdrawal,
)
from pipeline.jury.rules import Criterion, Judging, Juror, Round
from pipeline.store.journal import Act
from pipeline.store.jury import Validated

if TYPE_CHECKING:
    from pipeline.store import Store

Problem = tuple[str, dict[str, Any]]
# where a value sits, for messages: (entry id, criterion id) -> "juri-sekda.xlsx, sel D7"
Locate = Callable[[str, str | None], str]
EPSILON = 1e-9


def _now() -> datetime:
    return datetime.now(UTC)


def round_entries(store: Store, judging: Judging, round_id: str) -> list[Validated]:
    """The entries ``round_id`` scores now, by agency name: every eligible entry, or the
    nominees of the round it follows (from the current tally of that round)."""
    from pipeline.jury.tally import tally

    round_ = _round(judging, round_id)
    validated = store.validated()
    if round_.source_round is None:
        chosen = [v for v in validated if v.verdict == "pass"]
    else:
        found = tally(store, judging).round(round_.source_round)
        ids = set(found.nominees) if found else set()
        chosen = [v for v in validated if v.entry_id in ids]
    return sorted(chosen, key=lambda v: (agency_of(v).casefold(), v.entry_id))


def _round(judging: Judging, round_id: str) -> Round:
    found = judging.round(round_id)
    if found is None:
        known = ", ".join(r.id for r in judging.rounds)
        raise InputRejected([("jury.bad.round_unknown", {"round": round_id, "known": known})])
    return found


def _juror(judging: Judging, juror_id: str, round_: Round) -> Juror:
    found = judging.juror(juror_id)
    if found is None:
        known = ", ".join(j.id for j in judging.jurors)
        raise InputRejected([("jury.bad.juror_unknown", {"juror": juror_id, "known": known})])
    if found not in judging.scorers(round_):
        raise InputRejected(
            [("jury.bad.not_scorer", {"juror": found.label, "round": round_.label})]
        )
    return found


def _where(entry: Validated | None, entry_id: str, criterion: str | None) -> str:
    name = agency_of(entry) if entry else entry_id
    return f"{name}, {criterion}" if criterion else name


def check_value(criterion: Criterion, value: Any, where: str) -> Problem | None:
    """The problem with ``value`` for ``criterion`` (None: a fine value or an empty cell)."""
    if value is None:
        return None
    low, high = criterion.scale_min, criterion.scale_max
    scale = {
        "where": where,
        "criterion": criterion.id,
        "low": plain_number(low),
        "high": plain_number(high),
    }
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return "jury.bad.not_a_number", {**scale, "value": str(value)}
    if value < low - EPSILON or value > high + EPSILON:
        return "jury.bad.out_of_range", {**scale, "value": plain_number(value)}
    if criterion.step > 0:
        steps = (value - low) / criterion.step
        if abs(steps - round(steps)) > 1e-6:
            return "jury.bad.off_step", {
                **scale,
                "value": plain_number(value),
                "step": plain_number(criterion.step),
            }
    return None


def plain_number(value: float) -> str:
    """A number as a person writes it: 3, not 3.0; 2.5 stays."""
    return str(int(value)) if float(value).is_integer() else str(value)


def check_scores(
    store: Store,
    judging: Judging,
    juror_id: str,
    round_id: str,
    scores: Mapping[str, Mapping[str, Any]],
    *,
    browser: bool,
    locate: Locate | None = None,
) -> tuple[list[Problem], dict[str, Validated]]:
    """Every problem with ``scores`` (entry id -> criterion id -> value) for this juror and
    round, and the round's entries by id.  A juror's own agency (or a declared conflict)
    must be left empty; in the browser a handed-in round takes no more changes."""
    round_ = _round(judging, round_id)
    juror = _juror(judging, juror_id, round_)
    entries = {v.entry_id: v for v in round_entries(store, judging, round_id)}
    out = recusals(judging, entries.values(), store.conflicts())
    problems: list[Problem] = []
    if browser and store.handed_in(round_id).get(juror_id):
        problems.append(("jury.bad.handed_in", {"juror": juror.label, "round": round_.label}))
    for entry_id, row in scores.items():
        entry = entries.get(entry_id)
        place = locate or (lambda e, c: _where(entries.get(e), e, c))
        if entry is None:
            problems.append(
                (
                    "jury.bad.entry_not_in_round",
                    {"where": place(entry_id, None), "round": round_.label},
                )
            )
            continue
        for criterion_id, value in row.items():
            criterion = round_.criterion(criterion_id)
            if criterion is None:
                problems.append(
                    (
                        "jury.bad.criterion_unknown",
                        {
                            "where": place(entry_id, criterion_id),
                            "known": ", ".join(c.id for c in round_.criteria),
                        },
                    )
                )
            elif (
                found := check_value(criterion, value, place(entry_id, criterion_id))
            ) is not None:
                problems.append(found)
        recusal = out.get((juror_id, entry_id))
        if recusal is not None and any(v is not None for v in row.values()):
            problems.append(
                (
                    "jury.bad.recused",
                    {
                        "where": place(entry_id, None),
                        "juror": juror.label,
                        "agency": agency_of(entry),
                    },
                )
            )
    return problems, entries


def record_scores(
    store: Store,
    judging: Judging,
    juror_id: str,
    round_id: str,
    scores: Mapping[str, Mapping[str, Any]],
    *,
    by: str,
    address: str = "cli",
    source: ScoreSource,
    submit: bool = False,
    locate: Locate | None = None,
    now: datetime | None = None,
) -> Act:
    """Store a juror's scores for some entries of a round, checked first.

    Args:
        scores: entry id -> criterion id -> value (a number on the criterion's scale; None
            leaves it empty).  Each entry's row replaces the juror's earlier one.
        by: who entered them (the juror in the browser, the officer importing a sheet).
        address: ``cli`` or the browser's address.
        source: the sheet (name, sha256, version) or the browser session.
        submit: hand the round in with these (a sheet import always does).
        locate: (entry id, criterion id) -> where the value sits, for messages.

    Returns the recorded act.  Raises InputRejected listing every problem (nothing
    stored): unknown round, juror or criterion, a juror who does not score the round, an
    entry not in the round, a value that is not a number, out of range or off the
    scale's step, a value for an entry the juror is recused from, or a browser change
    after the round was handed in."""
    problems, entries = check_scores(
        store, judging, juror_id, round_id, scores, browser=source.kind == "browser", locate=locate
    )
    if problems:
        raise InputRejected(problems)
    payload = Scores(
        juror_id=juror_id,
        round_id=round_id,
        rows={
            e: {c: None if v is None else float(v) for c, v in row.items()}
            for e, row in scores.items()
        },
        source=source,
        submitted=submit or source.kind == "sheet",
        files={e: entries[e].source_md5 for e in scores},
    )
    act = Act(
        kind=SCORES,
        at=now or _now(),
        by=by,
        address=address,
        payload=payload.model_dump(mode="json"),
    )
    return store.record(act)


def missing_scores(store: Store, judging: Judging, juror_id: str, round_id: str) -> list[Validated]:
    """The round's entries the juror still has to score completely (recusals excluded)."""
    round_ = _round(judging, round_id)
    entries = round_entries(store, judging, round_id)
    out = recusals(judging, entries, store.conflicts())
    rows = {r.entry_id: r for r in store.score_rows(round_id) if r.juror_id == juror_id}
    needed = [c.id for c in round_.criteria]
    return [
        e
        for e in entries
        if (juror_id, e.entry_id) not in out
        and (e.entry_id not in rows or any(rows[e.entry_id].values.get(c) is None for c in needed))
    ]


def submit_round(
    store: Store,
    judging: Judging,
    juror_id: str,
    round_id: str,
    *,
    by: str,
    address: str = "cli",
    now: datetime | None = None,
) -> Act:
    """Hand in the juror's round: their scores count from now on and they may see the
    others' handed-in scores.  Raises InputRejected when an entry is still unscored
    (each named) or the round was handed in already."""
    round_ = _round(judging, round_id)
    juror = _juror(judging, juror_id, round_)
    problems: list[Problem] = []
    if store.handed_in(round_id).get(juror_id):
        problems.append(("jury.bad.handed_in", {"juror": juror.label, "round": round_.label}))
    for entry in missing_scores(store, judging, juror_id, round_id):
        problems.append(("jury.bad.unscored", {"where": agency_of(entry), "juror": juror.label}))
    if problems:
        raise InputRejected(problems)
    payload = Submit(juror_id=juror_id, round_id=round_id, submitted=True)
    return store.record(
        Act(
            kind=SUBMIT,
            at=now or _now(),
            by=by,
            address=address,
            payload=payload.model_dump(mode="json"),
        )
    )


def reopen_round(
    store: Store,
    judging: Judging,
    juror_id: str,
    round_id: str,
    *,
    by: str,
    address: str = "cli",
    now: datetime | None = None,
) -> Act:
    """An officer reopens a juror's handed-in round for changes (their scores stop
    counting until handed in again)."""
    round_ = _round(judging, round_id)
    _juror(judging, juror_id, round_)
    payload = Submit(juror_id=juror_id, round_id=round_id, submitted=False)
    return store.record(
        Act(
            kind=SUBMIT,
            at=now or _now(),
            by=by,
            address=address,
            payload=payload.model_dump(mode="json"),
        )
    )


def declare_conflict(
    store: Store,
    judging: Judging,
    juror_id: str,
    entry_id: str,
    reason: str,
    *,
    by: str,
    address: str = "cli",
    now: datetime | None = None,
) -> Act:
    """Record a conflict of interest a juror declares with an entry (their score for it
    never counts, in every round).  Raises InputRejected for an unknown juror or entry,
    or an empty reason."""
    problems: list[Problem] = []
    if judging.juror(juror_id) is None:
        known = ", ".join(j.id for j in judging.jurors)
        problems.append(("jury.bad.juror_unknown", {"juror": juror_id, "known": known}))
    if entry_id not in {v.entry_id for v in store.validated()}:
        problems.append(("jury.bad.entry_unknown", {"entry": entry_id}))
    if not reason.strip():
        problems.append(("jury.bad.no_reason", {}))
    if problems:
        raise InputRejected(problems)
    payload = Conflict(juror_id=juror_id, entry_id=entry_id, reason=reason.strip())
    act = Act(
        kind=CONFLICT,
        at=now or _now(),
        by=by,
        address=address,
        entry_id=entry_id,
        payload=payload.model_dump(mode="json"),
    )
    return store.record(act)


def withdraw_conflict(
    store: Store,
    judging: Judging,
    juror_id: str,
    entry_id: str,
    reason: str,
    *,
    by: str,
    address: str = "cli",
    now: datetime | None = None,
) -> Act:
    """Withdraw a conflict the juror declared with an entry (their score for it counts
    again).  The declaration stays on record, marked withdrawn with ``reason``.  Raises
    InputRejected for an unknown juror, an empty reason, or no standing declaration of
    the pair (a juror's own agency is the rules', never withdrawn)."""
    juror = judging.juror(juror_id)
    problems: list[Problem] = []
    if juror is None:
        known = ", ".join(j.id for j in judging.jurors)
        problems.append(("jury.bad.juror_unknown", {"juror": juror_id, "known": known}))
    if not reason.strip():
        problems.append(("jury.bad.no_withdraw_reason", {}))
    standing = [c for c in store.conflicts() if (c.juror_id, c.entry_id) == (juror_id, entry_id)]
    if juror is not None and not any(c.standing for c in standing):
        entry = next((v for v in store.validated() if v.entry_id == entry_id), None)
        own = entry is not None and juror.agency is not None and agency_of(entry) == juror.agency
        key = "jury.bad.own_agency_conflict" if own else "jury.bad.no_conflict"
        problems.append((key, {"juror": juror.label, "entry": entry_id}))
    if problems:
        raise InputRejected(problems)
    payload = Withdrawal(juror_id=juror_id, entry_id=entry_id, reason=reason.strip())
    act = Act(
        kind=WITHDRAW,
        at=now or _now(),
        by=by,
        address=address,
        entry_id=entry_id,
        payload=payload.model_dump(mode="json"),
    )
    return store.record(act)


def decide_tie(
    store: Store,
    judging: Judging,
    scope: str,
    order: Sequence[str],
    *,
    by: str,
    note: str = "",
    address: str = "cli",
    now: datetime | None = None,
) -> Act:
    """Record the honorary judge's order (best first) for entries the declared rule left
    tied in ``scope`` (``round:<id>``, ``final`` or ``favourite``).  Only when the config
    declares it (``honorary = "ties"`` and a ``honorary`` tie-break step): never
    improvised.  Raises InputRejected otherwise, or for an unknown scope or entry."""
    problems: list[Problem] = []
    steps = (
        judging.final.tie_break
        if scope != "favourite"
        else (judging.favourite.tie_break if judging.favourite else ())
    )
    if judging.honorary != "ties" or "honorary" not in steps:
        problems.append(("jury.bad.tie_not_declared", {"scope": scope}))
    scopes = {"final", "favourite", *(f"round:{r.id}" for r in judging.rounds)}
    if scope not in scopes:
        problems.append(
            ("jury.bad.scope_unknown", {"scope": scope, "known": ", ".join(sorted(scopes))})
        )
    known = {v.entry_id for v in store.validated()}
    problems += [("jury.bad.entry_unknown", {"entry": e}) for e in order if e not in known]
    if len(set(order)) < 2:
        problems.append(("jury.bad.tie_order", {}))
    if problems:
        raise InputRejected(problems)
    payload = Tie(scope=scope, order=tuple(order), note=note)
    return store.record(
        Act(
            kind=TIE,
            at=now or _now(),
            by=by,
            address=address,
            payload=payload.model_dump(mode="json"),
        )
    )


def visible_rows(store: Store, judging: Judging, juror_id: str, round_id: str) -> list[StoredRow]:
    """What a juror may see of a round: only their own rows until they hand it in, then
    every juror's handed-in rows too (pretalx's rule: reviewers never see others' scores
    before their own are in)."""
    _round(judging, round_id)
    rows = store.score_rows(round_id)
    handed = store.handed_in(round_id)
    if not handed.get(juror_id):
        return [r for r in rows if r.juror_id == juror_id]
    return [r for r in rows if r.juror_id == juror_id or handed.get(r.juror_id)]
