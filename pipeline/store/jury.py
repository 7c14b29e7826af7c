"""The jury's tables in the store: projections of the ``jury.*`` acts, and their readers.

    store.score_rows(round_id)        each juror's current row per entry, with its trace
    store.score_history(round_id)     every row ever entered, oldest first (the audit)
    store.handed_in(round_id)         juror id -> True (handed in) / False (reopened)
    store.sheet_versions(juror, rnd)  how many sheets of the juror's round were imported
    store.conflicts()                 every declared conflict, oldest first (withdrawn ones
                                      marked)
    store.tie_orders()                scope -> the honorary judge's latest order
    store.counts()                    counter -> their latest counting sheet
    store.validated()                 every entry's latest report facts (eligibility)

``Store`` mixes ``JuryTables`` in, so this module is loaded (and its projections
registered) before any store replays its journal.  Tables: schema migration 5.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from contextlib import AbstractContextManager
from datetime import datetime
from typing import Any, Protocol

from pipeline.jury.records import (
    CONFLICT,
    COUNT,
    SCORES,
    SUBMIT,
    TIE,
    WITHDRAW,
    Conflict,
    Count,
    Scores,
    ScoreTrace,
    StoredRow,
    Submit,
    Tie,
    Withdrawal,
)
from pipeline.models import Model, Verdict
from pipeline.store.journal import Act, projects


class _Db(Protocol):
    def _tx(self) -> AbstractContextManager[sqlite3.Connection]: ...

    def _all(self, sql: str, params: Sequence[Any] = ()) -> list[Any]: ...


class Validated(Model):
    """An entry's latest validation, as the jury needs it: its verdict now, the report
    version and the file (md5) that verdict is about, and the agency it belongs to
    (``agency_canonical``: the config's name, for recusal)."""

    entry_id: str
    agency: str
    agency_canonical: str | None = None
    title: str = ""
    innovation_type: str = ""
    link: str = ""
    verdict: Verdict
    version: int
    source_md5: str | None = None


class ConflictRow(Model):
    """A declared conflict; ``withdrawn_at`` set when it was withdrawn (then it no longer
    recuses the juror), with who withdrew it and why."""

    juror_id: str
    entry_id: str
    reason: str
    at: datetime
    by: str
    withdrawn_at: datetime | None = None
    withdrawn_by: str | None = None
    withdrawn_reason: str | None = None

    @property
    def standing(self) -> bool:
        return self.withdrawn_at is None


@projects(SCORES)
def _apply_scores(db: sqlite3.Connection, act: Act) -> None:
    scores = Scores.model_validate(act.payload)
    trace = ScoreTrace(
        act_id=act.act_id, at=act.at, by=act.by, address=act.address, source=scores.source
    ).model_dump_json()
    db.executemany(
        "INSERT INTO jury_scores (act_id, juror_id, round_id, entry_id, values_json, file_md5, "
        "trace_json) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (
                act.act_id,
                scores.juror_id,
                scores.round_id,
                entry_id,
                json.dumps(row),
                scores.files.get(entry_id),
                trace,
            )
            for entry_id, row in scores.rows.items()
        ],
    )
    if scores.submitted:
        _hand_in(db, act, scores.juror_id, scores.round_id, True)


@projects(SUBMIT)
def _apply_submit(db: sqlite3.Connection, act: Act) -> None:
    submit = Submit.model_validate(act.payload)
    _hand_in(db, act, submit.juror_id, submit.round_id, submit.submitted)


def _hand_in(db: sqlite3.Connection, act: Act, juror: str, round_id: str, done: bool) -> None:
    db.execute(
        "INSERT INTO jury_submissions (act_id, juror_id, round_id, submitted, at, by) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (act.act_id, juror, round_id, int(done), act.at.isoformat(), act.by),
    )


@projects(CONFLICT)
def _apply_conflict(db: sqlite3.Connection, act: Act) -> None:
    c = Conflict.model_validate(act.payload)
    db.execute(
        "INSERT INTO jury_conflicts (act_id, juror_id, entry_id, reason, at, by) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (act.act_id, c.juror_id, c.entry_id, c.reason, act.at.isoformat(), act.by),
    )


@projects(WITHDRAW)
def _apply_withdraw(db: sqlite3.Connection, act: Act) -> None:
    """Every standing declaration of the pair is marked withdrawn (none is deleted)."""
    w = Withdrawal.model_validate(act.payload)
    db.execute(
        "UPDATE jury_conflicts SET withdrawn_at=?, withdrawn_by=?, withdrawn_reason=? "
        "WHERE juror_id=? AND entry_id=? AND withdrawn_at IS NULL",
        (act.at.isoformat(), act.by, w.reason, w.juror_id, w.entry_id),
    )


@projects(TIE)
def _apply_tie(db: sqlite3.Connection, act: Act) -> None:
    tie = Tie.model_validate(act.payload)
    db.execute(
        "INSERT INTO jury_ties (act_id, scope, tie_json, at, by) VALUES (?, ?, ?, ?, ?)",
        (act.act_id, tie.scope, tie.model_dump_json(), act.at.isoformat(), act.by),
    )


@projects(COUNT)
def _apply_count(db: sqlite3.Connection, act: Act) -> None:
    count = Count.model_validate(act.payload)
    db.execute(
        "INSERT INTO jury_counts (act_id, counter, count_json, at, by) VALUES (?, ?, ?, ?, ?)",
        (act.act_id, count.counter, count.model_dump_json(), act.at.isoformat(), act.by),
    )


class JuryTables:
    """The store's jury readers (mixed into ``Store``); see the module docstring."""

    def score_rows(self: _Db, round_id: str) -> list[StoredRow]:
        """Each juror's current (latest) row per entry of ``round_id``, by juror then entry."""
        rows = self._all(
            "SELECT juror_id, entry_id, values_json, file_md5, act_id, MAX(seq) "
            "FROM jury_scores WHERE round_id=? GROUP BY juror_id, entry_id "
            "ORDER BY juror_id, entry_id",
            (round_id,),
        )  # SQLite takes the bare columns from the row holding MAX(seq)
        return _stored(self, round_id, rows)

    def score_history(self: _Db, round_id: str) -> list[StoredRow]:
        """Every row of ``round_id`` ever entered, oldest first (earlier versions included)."""
        rows = self._all(
            "SELECT juror_id, entry_id, values_json, file_md5, act_id FROM jury_scores "
            "WHERE round_id=? ORDER BY seq",
            (round_id,),
        )
        return _stored(self, round_id, rows)

    def handed_in(self: _Db, round_id: str) -> dict[str, bool]:
        """Juror id -> whether their round stands handed in (the latest hand-in or reopening)."""
        rows = self._all(
            "SELECT juror_id, submitted FROM jury_submissions WHERE round_id=? ORDER BY seq",
            (round_id,),
        )
        return {juror: bool(done) for juror, done in rows}

    def sheet_versions(self: _Db, juror_id: str, round_id: str) -> int:
        """How many sheets of the juror's round were imported so far."""
        rows = self._all(
            "SELECT COUNT(DISTINCT act_id) FROM jury_scores WHERE juror_id=? AND round_id=? "
            "AND json_extract(trace_json, '$.source.kind')='sheet'",
            (juror_id, round_id),
        )
        return int(rows[0][0])

    def conflicts(self: _Db) -> list[ConflictRow]:
        """Every conflict a juror declared, oldest first; a withdrawn one says when, by
        whom and why (``ConflictRow.standing``: not withdrawn)."""
        keys = (
            "juror_id",
            "entry_id",
            "reason",
            "at",
            "by",
            "withdrawn_at",
            "withdrawn_by",
            "withdrawn_reason",
        )
        rows = self._all(f"SELECT {', '.join(keys)} FROM jury_conflicts ORDER BY seq")
        return [ConflictRow.model_validate(dict(zip(keys, r, strict=True))) for r in rows]

    def tie_orders(self: _Db) -> dict[str, Tie]:
        """Scope -> the honorary judge's latest decision on it."""
        rows = self._all("SELECT scope, tie_json FROM jury_ties ORDER BY seq")
        return {scope: Tie.model_validate_json(text) for scope, text in rows}

    def counts(self: _Db) -> dict[str, tuple[Count, datetime]]:
        """Counter -> their latest counting sheet and when it was imported."""
        rows = self._all("SELECT counter, count_json, at FROM jury_counts ORDER BY seq")
        return {c: (Count.model_validate_json(t), datetime.fromisoformat(at)) for c, t, at in rows}

    def validated(self: _Db) -> list[Validated]:
        """Every entry with a report: its latest verdict and what it is about, by entry id."""
        rows = self._all(
            "SELECT r.entry_id, json_extract(r.report_json, '$.agency'), "
            "json_extract(e.entry_json, '$.agency_canonical'), "
            "json_extract(r.report_json, '$.title'), "
            "json_extract(r.report_json, '$.innovation_type'), "
            "json_extract(r.report_json, '$.link'), r.verdict, r.version, "
            "json_extract(r.report_json, '$.source.md5') "
            "FROM reports r LEFT JOIN entries e ON e.entry_id = r.entry_id "
            "WHERE r.version = (SELECT MAX(version) FROM reports x WHERE x.entry_id = r.entry_id) "
            "ORDER BY r.entry_id"
        )
        keys = (
            "entry_id",
            "agency",
            "agency_canonical",
            "title",
            "innovation_type",
            "link",
            "verdict",
            "version",
            "source_md5",
        )
        return [
            Validated.model_validate({k: v for k, v in zip(keys, r, strict=True) if v is not None})
            for r in rows
        ]


def _stored(db: _Db, round_id: str, rows: Sequence[Sequence[Any]]) -> list[StoredRow]:
    """Stored rows (juror, entry, values JSON, md5, act id) as ``StoredRow``s, built
    without validating again what the projection wrote: the values in one JSON parse,
    each act's trace parsed once (60,000 rows of a large round load in a fraction of a
    second, bench/tally)."""
    values = json.loads("[" + ",".join(r[2] for r in rows) + "]")
    traces = {
        act: ScoreTrace.model_validate_json(text)
        for act, text in db._all(
            "SELECT act_id, trace_json FROM jury_scores WHERE round_id=? GROUP BY act_id",
            (round_id,),
        )
    }
    return [
        StoredRow(r[0], round_id, r[1], v, traces[r[4]], r[3])
        for r, v in zip(rows, values, strict=True)
    ]
