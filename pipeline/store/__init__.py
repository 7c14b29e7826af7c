"""The store: what kipp remembers between runs, in one SQLite file (WAL) per work folder.

    store = Store.open(out)                  OUT/.kipp/kipp.sqlite, migrated to the latest schema
    store.get_result(entry_id, stage, key)   a stage's stored result for exactly these inputs
    store.add_report(entry_id, report, ...)  the next report version, numbered by the store
    store.record(act)                        what a person entered (journal first): acts.py
    store.add_decision(decision)             an officer's review decision (a recorded act)
    store.score_rows(round_id) ...           the jury's tables (pipeline.store.jury)
    store.begin_run(...) / finish_run(...)   the run log; record_run_entry() what a run saw

Stage results are keyed by a digest of the inputs that decide them (source md5 or
Drive metadata, tool version, config digest), so a result is reused only for the
same inputs.  Report versions and decisions are only ever added.  Every method is
one transaction; one connection is shared by the runner's threads under a lock.
"""

from __future__ import annotations

import contextlib
import json
import logging
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from pipeline import i18n
from pipeline.errors import UsageError
from pipeline.fsutil import writing
from pipeline.models import Entry, Report
from pipeline.store.acts import Acts
from pipeline.store.journal import JOURNAL_NAME, Act, Journal
from pipeline.store.jury import JuryTables
from pipeline.store.lock import RunLock
from pipeline.store.prints import Prints
from pipeline.store.rows import NoticeRow, ReportRow, RunEntry, StatusRow
from pipeline.store.schema import BUSY_TIMEOUT_S, SCHEMA_VERSION, migrate, use_wal

__all__ = [
    "SCHEMA_VERSION",
    "Act",
    "NoticeRow",
    "ReportRow",
    "RunLock",
    "StatusRow",
    "Store",
    "kipp_dir",
]

log = logging.getLogger(__name__)


def kipp_dir(out: Path) -> Path:
    """OUT/.kipp: the store, the lock, the log and the download cache."""
    return out / ".kipp"


def _iso(dt: datetime) -> str:
    return dt.isoformat(timespec="seconds")


class Store(Acts, JuryTables, Prints):
    """The work folder's memory: one SQLite file (``OUT/.kipp/kipp.sqlite``), opened
    and migrated (``schema.MIGRATIONS``, a named, recorded list) on construction.

    Tables: stage_results (entry, stage, key -> result JSON, inputs, seconds),
    reports (entry, version -> Report JSON, verdict, stage keys), decisions, runs,
    run_entries, entries.  Times are stored as ISO 8601 text, durations in seconds.

    Raises:
        UsageError: the file is not a kipp store, or was written by a newer kipp.
        sqlite3.Error: the disk failed under it (kipp's own failure, never the entry's).
    """

    def __init__(self, path: Path, *, upto: int = SCHEMA_VERSION) -> None:
        self.path = path
        try:
            with writing(path.parent):  # a full or read-only disk: DiskError, not "damaged"
                path.parent.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(
                    path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
                )
                use_wal(db)  # waits, too, where SQLite refuses without the busy timeout
                db.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: safe against kill -9
                self.version = migrate(db, upto=upto, where=str(path))
        except sqlite3.DatabaseError as exc:
            raise UsageError(key="store.unreadable", path=str(path), reason=str(exc)) from exc
        self._db = db
        self._lock = threading.RLock()
        self._reserved: dict[str, int] = {}  # entry_id -> highest number held by a file
        memory = str(path) == ":memory:"
        self.journal = Journal(None if memory else path.parent / JOURNAL_NAME)
        if self.version >= 4:  # the acts table exists (a test may open an older schema)
            self.replay_journal()

    @classmethod
    def open(cls, out: Path) -> Store:
        """The store of work folder ``out`` (created when missing)."""
        return cls(kipp_dir(out) / "kipp.sqlite")

    @classmethod
    def memory(cls) -> Store:
        """A store that lives as long as the process (library use without a work folder)."""
        return cls(Path(":memory:"))

    def close(self) -> None:
        """Close the connection (committed work is already on disk)."""
        with self._lock:
            self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        """One transaction; a full or read-only disk raises DiskError (rolled back)."""
        with self._lock, writing(self.path.parent):
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
                self._db.execute("COMMIT")
            except BaseException:
                if self._db.in_transaction:
                    with contextlib.suppress(sqlite3.Error):
                        self._db.execute("ROLLBACK")
                raise

    def _all(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        with self._lock, writing(self.path.parent):
            return self._db.execute(sql, params).fetchall()

    # ----------------------------------------------------------------- runs
    def begin_run(self, command: str, now: datetime) -> int:
        """Log a new run; runs still marked running were killed (the caller holds the lock)."""
        with self._tx() as db:
            db.execute("UPDATE runs SET status='interrupted' WHERE status='running'")
            cur = db.execute(
                "INSERT INTO runs (command, started_at, status) VALUES (?, ?, 'running')",
                (command, _iso(now)),
            )
            return int(cur.lastrowid or 0)

    def finish_run(
        self, run_id: int, now: datetime, stats: dict[str, Any], status: str = "done"
    ) -> None:
        """Close run ``run_id``: its end time (UTC, stored ISO 8601), ``status``
        ("done" or "failed") and the counts of ``stats`` (JSON).  Raises
        DiskError when the store cannot be written."""
        with self._tx() as db:
            db.execute(
                "UPDATE runs SET finished_at=?, status=?, stats_json=? WHERE id=?",
                (_iso(now), status, json.dumps(stats), run_id),
            )

    def runs(self, limit: int = 20) -> list[dict[str, Any]]:
        """The newest ``limit`` runs, newest first: ``id``, ``command``,
        ``started_at``/``finished_at`` (ISO 8601 UTC strings, None while running),
        ``status`` and ``stats`` (the dict given to ``finish_run``)."""
        rows = self._all(
            "SELECT id, command, started_at, finished_at, status, stats_json FROM runs "
            "ORDER BY id DESC LIMIT ?",
            (limit,),
        )
        keys = ("id", "command", "started_at", "finished_at", "status")
        return [{**dict(zip(keys, r[:5], strict=True)), "stats": json.loads(r[5])} for r in rows]

    # -------------------------------------------------------------- entries
    def touch_entry(self, entry: Entry, now: datetime) -> None:
        """Record the registry row as seen at ``now``: its agency, link and whole
        ``Entry`` (JSON), keeping the first time it was seen.  DiskError on a write
        failure."""
        with self._tx() as db:
            db.execute(
                "INSERT INTO entries (entry_id, agency, link, first_seen, last_seen, entry_json) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (entry_id) DO UPDATE SET "
                "agency=excluded.agency, link=excluded.link, last_seen=excluded.last_seen, "
                "entry_json=excluded.entry_json",
                (entry.entry_id, entry.agency, entry.link, _iso(now), _iso(now),
                 entry.model_dump_json()),
            )  # fmt: skip

    # -------------------------------------------------------- stage results
    def get_result(self, entry_id: str, stage: str, key: str) -> str | None:
        """The JSON text of a stage result stored under exactly ``key`` (the digest of
        the stage's inputs, see ``pipeline.runner.results``); None when there is none."""
        rows = self._all(
            "SELECT result_json FROM stage_results WHERE entry_id=? AND stage=? AND key=?",
            (entry_id, stage, key),
        )
        return str(rows[0][0]) if rows else None

    def put_result(
        self,
        entry_id: str,
        stage: str,
        key: str,
        *,
        inputs: dict[str, Any],
        result_json: str,
        seconds: float,
        now: datetime,
    ) -> None:
        """Store (or replace) a stage result: ``inputs`` as sorted JSON for the record,
        ``result_json`` the model's JSON, ``seconds`` the wall time it took."""
        with self._tx() as db:
            db.execute(
                "INSERT OR REPLACE INTO stage_results "
                "(entry_id, stage, key, inputs_json, result_json, seconds, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (entry_id, stage, key, json.dumps(inputs, sort_keys=True), result_json,
                 seconds, _iso(now)),
            )  # fmt: skip

    # -------------------------------------------------------------- reports
    def add_report(
        self,
        entry_id: str,
        report: Report,
        *,
        keys: dict[str, str],
        run_id: int | None,
    ) -> Report:
        """Store ``report`` as the entry's next version and return it with that number.

        The store is the only numbering authority: the version is the entry's highest
        stored or reserved one + 1, assigned in the same transaction as the insert;
        ``report.version`` as given is ignored.  History files a store never saw are
        imported (or their numbers reserved) when the work folder is opened
        (``pipeline.report.repair``)."""
        with self._tx() as db:
            (top,) = db.execute(
                "SELECT COALESCE(MAX(version), 0) FROM reports WHERE entry_id=?", (entry_id,)
            ).fetchone()
            taken = max(int(top), self._reserved.get(entry_id, 0))
            report = report.model_copy(update={"version": taken + 1})
            self._insert_report(db, entry_id, report, keys, run_id)
        return report

    def reserve_versions(self, entry_id: str, upto: int) -> None:
        """Never number a new version of the entry at or below ``upto`` while this store is
        open: a file the store cannot read (a damaged history file) holds that number."""
        with self._lock:
            self._reserved[entry_id] = max(self._reserved.get(entry_id, 0), upto)

    def import_report(self, report: Report) -> None:
        """Store a report found on disk (a history file) under its own version number;
        a version already stored is left as it is."""
        with self._tx() as db:
            if not db.execute(
                "SELECT 1 FROM reports WHERE entry_id=? AND version=?",
                (report.entry_id, report.version),
            ).fetchone():
                self._insert_report(db, report.entry_id, report, {}, None)

    @staticmethod
    def _insert_report(
        db: sqlite3.Connection,
        entry_id: str,
        report: Report,
        keys: dict[str, str],
        run_id: int | None,
    ) -> None:
        db.execute(
            "INSERT INTO reports (entry_id, version, verdict, reason, validated_at, "
            "tool_version, run_id, keys_json, report_json) VALUES (?,?,?,?,?,?,?,?,?)",
            (entry_id, report.version, report.verdict.value, report.reason,
             _iso(report.validated_at), report.tool_version, run_id,
             json.dumps(keys, sort_keys=True), report.model_dump_json()),
        )  # fmt: skip

    def top_versions(self) -> dict[str, int]:
        """Each entry's highest stored report version: {entry_id: version}."""
        rows = self._all("SELECT entry_id, MAX(version) FROM reports GROUP BY entry_id")
        return {r[0]: int(r[1]) for r in rows}

    def reports(self, entry_id: str) -> list[ReportRow]:
        """Every stored version of the entry's report, oldest first (no report bodies)."""
        rows = self._all(
            "SELECT entry_id, version, verdict, reason, validated_at, tool_version, run_id, "
            "keys_json FROM reports WHERE entry_id=? ORDER BY version",
            (entry_id,),
        )
        return [
            ReportRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], keys=json.loads(r[7])) for r in rows
        ]

    def report_json(self, entry_id: str, version: int | None = None) -> str | None:
        """One version's report.json text (the latest when ``version`` is None)."""
        rows = self._all(
            "SELECT report_json FROM reports WHERE entry_id=? AND (? IS NULL OR version=?) "
            "ORDER BY version DESC LIMIT 1",
            (entry_id, version, version),
        )
        return str(rows[0][0]) if rows else None

    def reports_with_decisions(self) -> Iterator[str]:
        """The report JSON texts that carry an officer's decision on a section."""
        rows = self._all("SELECT report_json FROM reports WHERE report_json LIKE ?",
                         ('%"decision":{%',))  # fmt: skip
        return (str(r[0]) for r in rows)

    def latest_report(self, entry_id: str) -> tuple[Report, dict[str, str]] | None:
        """The newest version as a Report and its stage keys; None when there is none or
        it was written by a kipp whose report model differs."""
        rows = self._all(
            "SELECT report_json, keys_json FROM reports WHERE entry_id=? "
            "ORDER BY version DESC LIMIT 1",
            (entry_id,),
        )
        if not rows:
            return None
        try:
            return Report.model_validate_json(rows[0][0]), json.loads(rows[0][1])
        except ValueError as exc:
            log.info("stored report of %s not readable by this kipp: %s", entry_id, exc)
            return None

    # ---------------------------------------------------------- run entries
    def record_run_entry(
        self,
        run_id: int,
        entry_id: str,
        *,
        link: str,
        source_key: str | None,
        verdict: str,
        version: int,
        outcome: str,
        at: datetime,
    ) -> None:
        """What run ``run_id`` saw of an entry: the link, the fetch key (``source_key``,
        None when the fetch failed), the verdict, the report version and the outcome,
        at ``at`` (UTC).  Read back by ``status`` ("entry changed since").  DiskError on
        a write failure."""
        with self._tx() as db:
            db.execute(
                "INSERT OR REPLACE INTO run_entries "
                "(run_id, entry_id, link, source_key, verdict, version, outcome, at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (run_id, entry_id, link, source_key, verdict, version, outcome, _iso(at)),
            )

    def status(self, entry_ids: Sequence[str]) -> list[StatusRow]:
        """Per entry: what the latest run saw of it and what the run before saw."""
        out = []
        for entry_id in entry_ids:
            rows = self._all(
                "SELECT run_id, link, source_key, verdict, version, outcome, at "
                "FROM run_entries WHERE entry_id=? ORDER BY rowid DESC LIMIT 2",
                (entry_id,),
            )
            seen = [RunEntry(*r) for r in rows]
            out.append(StatusRow(entry_id, *[*seen, None, None][:2]))
        return out

    # -------------------------------------------------------------- notices
    def record_notice(
        self,
        entry_id: str,
        *,
        notice_json: str | None,
        version: int,
        verdict: str,
        link: str,
        source_key: str | None,
        now: datetime,
    ) -> bool:
        """Remember a notice written for the entry (``None``: its pesan.txt was removed,
        the entry passed), unless it is the same as the latest; True when recorded.
        Rows are only ever added: every notice ever sent stays here."""
        with self._tx() as db:
            last = db.execute(
                "SELECT notice_json FROM notices WHERE entry_id=? ORDER BY id DESC LIMIT 1",
                (entry_id,),
            ).fetchone()
            if (last is None and notice_json is None) or (last and last[0] == notice_json):
                return False
            db.execute(
                "INSERT INTO notices (entry_id, version, verdict, link, source_key, written_at, "
                "notice_json) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (entry_id, version, verdict, link, source_key, _iso(now), notice_json),
            )
        return True

    def notices(self, entry_ids: Sequence[str]) -> dict[str, NoticeRow]:
        """Each entry's latest notice row (including a removal), by entry id."""
        out = {}
        for entry_id in entry_ids:
            rows = self._all(
                "SELECT entry_id, version, verdict, link, source_key, written_at, notice_json "
                "FROM notices WHERE entry_id=? ORDER BY id DESC LIMIT 1",
                (entry_id,),
            )
            if rows:
                out[entry_id] = NoticeRow(*rows[0])
        return out

    def entry_ids(self) -> list[str]:
        """Every entry id the store has seen, sorted."""
        return [r[0] for r in self._all("SELECT entry_id FROM entries ORDER BY entry_id")]


i18n.register(
    {
        "store.unreadable": {
            "id": "Penyimpanan {path} tidak dapat dibuka ({reason}). Bila berkasnya rusak, "
            "pindahkan ke tempat lain: kipp membangunnya lagi pada run berikutnya (berkas "
            "laporan tetap ada).",
            "en": "The store {path} cannot be opened ({reason}). If the file is damaged, move "
            "it away: kipp rebuilds it on the next run (report files are kept).",
        },
    }
)
