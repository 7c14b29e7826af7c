"""What people entered, in the store: the journal's acts and their projections.

    store.record(act)               journal first (on disk), then the act and its projection
    store.acts(entry_id=None)       every act applied, oldest first (who, when, from where, what)
    store.add_decision(decision)    an officer's review decision, as a ``decision`` act
    store.decisions(entry_id)       the latest decision per section

The journal (``OUT/.kipp/journal.jsonl``, ``pipeline.store.journal``) is the source of
truth: opening a store replays the acts it lacks, so a store rebuilt from nothing (moved
aside when damaged) gets back every decision, notice marked sent, score and count.  A
store written before the journal existed hands its decisions to a new journal on first
opening; a work folder whose store was lost before that gets them from its report history
(``adopt_history``).
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Any, Protocol

from pipeline.models import Decision
from pipeline.store.journal import Act, Journal, projection, projects

log = logging.getLogger(__name__)

DECISION = "decision"


class _Db(Protocol):
    journal: Journal

    def _tx(self) -> AbstractContextManager[sqlite3.Connection]: ...

    def _all(self, sql: str, params: Sequence[Any] = ()) -> list[Any]: ...


def decision_act(decision: Decision, *, address: str = "cli") -> Act:
    """The journal's act for an officer's decision (its payload is the Decision's JSON)."""
    return Act(
        kind=DECISION,
        at=decision.decided_at,
        by=decision.by,
        address=address,
        entry_id=decision.entry_id,
        payload=decision.model_dump(mode="json"),
    )


@projects(DECISION)
def _apply_decision(db: sqlite3.Connection, act: Act) -> None:
    decision = Decision.model_validate(act.payload)
    db.execute(
        "INSERT INTO decisions (entry_id, section_id, decided_at, decision_json) "
        "VALUES (?, ?, ?, ?)",
        (decision.entry_id, decision.section_id, decision.decided_at.isoformat(),
         decision.model_dump_json()),
    )  # fmt: skip


class Acts:
    """The store's side of the journal (mixed into ``Store``)."""

    def record(self: _Db, act: Act) -> Act:
        """Keep ``act`` for good: append it to the journal (flushed), then store it and
        apply its projection in one transaction.  Raises DiskError when the journal cannot
        be written (nothing recorded); a store failure after that loses nothing, since the
        next opening replays the journal."""
        self.journal.append(act)
        with self._tx() as db:
            _apply(db, act)
        return act

    def acts(self: _Db, entry_id: str | None = None, kind: str | None = None) -> list[Act]:
        """The acts applied to this store, oldest first; only one entry's or one kind's
        when given."""
        rows = self._all(
            "SELECT act_json FROM acts WHERE (? IS NULL OR entry_id=?) AND (? IS NULL OR kind=?) "
            "ORDER BY seq",
            (entry_id, entry_id, kind, kind),
        )
        return [Act.model_validate_json(r[0]) for r in rows]

    def replay_journal(self: _Db) -> int:
        """Apply the journal's acts this store lacks, in the journal's order; returns how
        many.  A store from before the journal first hands its decisions to a new journal."""
        if not self.journal.exists():
            _seed_from_decisions(self)
        known = {r[0] for r in self._all("SELECT act_id FROM acts")}
        missing = [a for a in self.journal.read() if a.act_id not in known]
        if missing:
            with self._tx() as db:
                for act in missing:
                    _apply(db, act)
            log.info("store: %d act(s) replayed from the journal", len(missing))
        return len(missing)

    def adopt_history(self: _Db, reports: Iterator[str]) -> int:
        """A work folder with report history but no journal (its store was lost before
        kipp kept one): the officers' decisions found in ``reports`` (report JSON texts)
        become acts, then the journal exists; returns how many."""
        if self.journal.exists():
            return 0
        found: dict[str, Decision] = {}
        for text in reports:
            for section in json.loads(text).get("sections") or ():
                if section.get("decision"):
                    d = Decision.model_validate(section["decision"])
                    found[_decision_key(d)] = d.model_copy(update={"stale": False})
        acts = [_keyed(d) for d in sorted(found.values(), key=lambda d: d.decided_at)]
        for act in acts:
            Acts.record(self, act)
        self.journal.touch()
        return len(acts)

    def add_decision(self: _Db, decision: Decision, *, address: str = "cli") -> None:
        """Record an officer's decision; earlier ones stay (the latest per section counts)."""
        Acts.record(self, decision_act(decision, address=address))

    def decisions(self: _Db, entry_id: str) -> dict[str, Decision]:
        """The latest decision per section of one entry."""
        rows = self._all(
            "SELECT section_id, decision_json FROM decisions WHERE entry_id=? ORDER BY id",
            (entry_id,),
        )
        return {sid: Decision.model_validate_json(text) for sid, text in rows}

    def mark_stale(self: _Db, entry_id: str, md5: str | None) -> list[Decision]:
        """Mark the entry's decisions about another file than ``md5`` stale; returns them
        (a projection's flag: the acts themselves never change)."""
        if md5 is None:
            return []
        marked = []
        with self._tx() as db:
            rows = db.execute(
                "SELECT id, decision_json FROM decisions WHERE entry_id=?", (entry_id,)
            ).fetchall()
            for row_id, text in rows:
                d = Decision.model_validate_json(text)
                if not d.stale and d.source_md5 is not None and d.source_md5 != md5:
                    d = d.model_copy(update={"stale": True})
                    db.execute(
                        "UPDATE decisions SET decision_json=? WHERE id=?",
                        (d.model_dump_json(), row_id),
                    )
                    marked.append(d)
        return marked


def _apply(db: sqlite3.Connection, act: Act) -> None:
    """Store ``act`` once (by its id) and apply its projection; a kind this kipp does not
    know is kept, applied by nothing."""
    cur = db.execute(
        "INSERT OR IGNORE INTO acts (act_id, kind, entry_id, at, by, address, act_json) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (act.act_id, act.kind, act.entry_id, act.at.isoformat(), act.by, act.address,
         act.model_dump_json()),
    )  # fmt: skip
    apply = projection(act.kind)
    if cur.rowcount and apply is not None:
        apply(db, act)


def _decision_key(d: Decision) -> str:
    return f"{d.entry_id}\0{d.section_id}\0{d.decided_at.isoformat()}\0{d.by}"


def _keyed(d: Decision) -> Act:
    """A decision act whose id is derived from the decision itself, so seeding the same
    decision twice (two processes, a retry) records it once."""
    act = decision_act(d, address="history")
    digest = hashlib.sha256(_decision_key(d).encode()).hexdigest()[:32]
    return act.model_copy(update={"act_id": digest})


def _seed_from_decisions(store: _Db) -> None:
    rows = store._all("SELECT decision_json FROM decisions ORDER BY id")
    known = {r[0] for r in store._all("SELECT act_id FROM acts")}
    for (text,) in rows:
        act = _keyed(Decision.model_validate_json(text).model_copy(update={"stale": False}))
        if act.act_id not in known:
            store.journal.append(act)
            with store._tx() as db:
                db.execute(
                    "INSERT OR IGNORE INTO acts (act_id, kind, entry_id, at, by, address, "
                    "act_json) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (act.act_id, act.kind, act.entry_id, act.at.isoformat(), act.by,
                     act.address, act.model_dump_json()),
                )  # fmt: skip
    if rows:
        log.info("store: %d decision(s) from before the journal written to it", len(rows))
