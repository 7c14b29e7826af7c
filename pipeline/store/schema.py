"""The store's schema: ordered migrations, each run once, in its own transaction.

The connection is in autocommit mode (``isolation_level=None``); transactions are explicit.

    use_wal(db)                 switches a new store to WAL, waiting for another opener
    migrate(db) -> int          brings any older store up to SCHEMA_VERSION

``schema_version`` holds one row: the number of migrations applied.  A migration is
only ever appended, never edited: stores in the field were built by the old ones.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Callable

from pipeline import i18n
from pipeline.errors import UsageError

log = logging.getLogger(__name__)


def _script(db: sqlite3.Connection, sql: str) -> None:
    """Run ``sql`` statement by statement inside the caller's transaction
    (``executescript`` would commit first)."""
    for statement in sql.split(";"):
        if statement.strip():
            db.execute(statement)


def _v1(db: sqlite3.Connection) -> None:
    """Entries, stage results, report versions, review decisions, the run log."""
    _script(
        db,
        """
        CREATE TABLE entries (
            entry_id   TEXT PRIMARY KEY,
            agency     TEXT NOT NULL,
            link       TEXT NOT NULL,
            first_seen TEXT NOT NULL,
            last_seen  TEXT NOT NULL,
            entry_json TEXT NOT NULL
        );
        CREATE TABLE stage_results (
            entry_id    TEXT NOT NULL,
            stage       TEXT NOT NULL,          -- fetch, probe, analysis, content
            key         TEXT NOT NULL,          -- digest of the inputs that decide it
            inputs_json TEXT NOT NULL,          -- those inputs, for people
            result_json TEXT NOT NULL,
            seconds     REAL NOT NULL,
            created_at  TEXT NOT NULL,
            PRIMARY KEY (entry_id, stage, key)
        );
        CREATE TABLE reports (
            entry_id     TEXT NOT NULL,
            version      INTEGER NOT NULL,
            verdict      TEXT NOT NULL,
            reason       TEXT NOT NULL,
            validated_at TEXT NOT NULL,
            tool_version TEXT NOT NULL,
            run_id       INTEGER,
            keys_json    TEXT NOT NULL,         -- the stage results it was judged from
            report_json  TEXT NOT NULL,
            PRIMARY KEY (entry_id, version)
        );
        CREATE TABLE decisions (
            id            INTEGER PRIMARY KEY AUTOINCREMENT,
            entry_id      TEXT NOT NULL,
            section_id    TEXT NOT NULL,
            decided_at    TEXT NOT NULL,
            decision_json TEXT NOT NULL
        );
        CREATE INDEX decisions_entry ON decisions (entry_id, section_id);
        CREATE TABLE runs (
            id          INTEGER PRIMARY KEY AUTOINCREMENT,
            command     TEXT NOT NULL,
            started_at  TEXT NOT NULL,
            finished_at TEXT,
            status      TEXT NOT NULL,          -- running, done, interrupted, failed
            stats_json  TEXT NOT NULL DEFAULT '{}'
        );
        """,
    )


def _v2(db: sqlite3.Connection) -> None:
    """What each run saw of each entry, so `kipp status` can say what changed; filled
    from the report versions already stored."""
    _script(
        db,
        """
        CREATE TABLE run_entries (
            run_id     INTEGER NOT NULL,
            entry_id   TEXT NOT NULL,
            link       TEXT NOT NULL,
            source_key TEXT,
            verdict    TEXT NOT NULL,
            version    INTEGER NOT NULL,
            outcome    TEXT NOT NULL,           -- new, updated, unchanged
            at         TEXT NOT NULL,
            PRIMARY KEY (run_id, entry_id)
        );
        INSERT INTO run_entries (run_id, entry_id, link, source_key, verdict, version, outcome, at)
            SELECT COALESCE(r.run_id, -r.version), r.entry_id,
                   COALESCE(json_extract(r.report_json, '$.link'), ''),
                   json_extract(r.keys_json, '$.source'), r.verdict, r.version,
                   'updated', r.validated_at
            FROM reports r;
        """,
    )


def _v3_notices(db: sqlite3.Connection) -> None:
    """Every notice written for an agency (OUT/<folder>/pesan.txt), and when: a row with
    ``notice_json`` NULL records that the entry passed and its pesan.txt was removed."""
    db.execute(
        """
        CREATE TABLE notices (
            id          INTEGER PRIMARY KEY AUTOINCREMENT,
            entry_id    TEXT NOT NULL,
            version     INTEGER NOT NULL,       -- report version it was written from
            verdict     TEXT NOT NULL,
            link        TEXT NOT NULL,
            source_key  TEXT,                   -- the file it was about
            written_at  TEXT NOT NULL,
            notice_json TEXT                    -- NULL: removed (the entry passed)
        )
        """
    )
    db.execute("CREATE INDEX notices_entry ON notices (entry_id, id)")


def _v4_acts(db: sqlite3.Connection) -> None:
    """Every act a person entered (``pipeline.store.journal``), in the order the store
    applied them; the journal file beside the store is their source of truth."""
    db.execute(
        """
        CREATE TABLE acts (
            seq      INTEGER PRIMARY KEY AUTOINCREMENT,
            act_id   TEXT NOT NULL UNIQUE,
            kind     TEXT NOT NULL,          -- decision, notice_sent, ...
            entry_id TEXT,
            at       TEXT NOT NULL,
            by       TEXT NOT NULL,
            address  TEXT NOT NULL,
            act_json TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX acts_entry ON acts (entry_id, seq)")


def _v5_jury(db: sqlite3.Connection) -> None:
    """The jury's half (``pipeline.store.jury``): scores per juror, round and entry (the
    latest row counts), hand-ins, declared conflicts, the honorary judge's tie decisions,
    the public favourite's counts.  All projections of the journal's ``jury.*`` acts."""
    _script(
        db,
        """
        CREATE TABLE jury_scores (
            seq         INTEGER PRIMARY KEY AUTOINCREMENT,
            act_id      TEXT NOT NULL,
            juror_id    TEXT NOT NULL,
            round_id    TEXT NOT NULL,
            entry_id    TEXT NOT NULL,
            values_json TEXT NOT NULL,          -- criterion id -> value (null: empty)
            file_md5    TEXT,                   -- the entry's file when it was scored
            trace_json  TEXT NOT NULL           -- who, when, from which sheet or session
        );
        CREATE INDEX jury_scores_key ON jury_scores (round_id, juror_id, entry_id, seq);
        CREATE TABLE jury_submissions (
            seq       INTEGER PRIMARY KEY AUTOINCREMENT,
            act_id    TEXT NOT NULL,
            juror_id  TEXT NOT NULL,
            round_id  TEXT NOT NULL,
            submitted INTEGER NOT NULL,         -- 1 handed in, 0 reopened
            at        TEXT NOT NULL,
            by        TEXT NOT NULL
        );
        CREATE TABLE jury_conflicts (
            seq      INTEGER PRIMARY KEY AUTOINCREMENT,
            act_id   TEXT NOT NULL,
            juror_id TEXT NOT NULL,
            entry_id TEXT NOT NULL,
            reason   TEXT NOT NULL,
            at       TEXT NOT NULL,
            by       TEXT NOT NULL
        );
        CREATE TABLE jury_ties (
            seq      INTEGER PRIMARY KEY AUTOINCREMENT,
            act_id   TEXT NOT NULL,
            scope    TEXT NOT NULL,             -- round:<id>, final, favourite
            tie_json TEXT NOT NULL,
            at       TEXT NOT NULL,
            by       TEXT NOT NULL
        );
        CREATE TABLE jury_counts (
            seq        INTEGER PRIMARY KEY AUTOINCREMENT,
            act_id     TEXT NOT NULL,
            counter    TEXT NOT NULL,
            count_json TEXT NOT NULL,           -- the whole sheet (pipeline.jury.records.Count)
            at         TEXT NOT NULL,
            by         TEXT NOT NULL
        );
        """,
    )


def _v6_jury_withdrawn(db: sqlite3.Connection) -> None:
    """A declared conflict withdrawn (``jury.conflict.withdraw``): when, by whom and why,
    beside the declaration, which stays."""
    _script(
        db,
        """
        ALTER TABLE jury_conflicts ADD COLUMN withdrawn_at TEXT;
        ALTER TABLE jury_conflicts ADD COLUMN withdrawn_by TEXT;
        ALTER TABLE jury_conflicts ADD COLUMN withdrawn_reason TEXT
        """,
    )


def _v7_fingerprints(db: sqlite3.Connection) -> None:
    """Each analysed file's fingerprint (``pipeline.media.fingerprint``), under the analysis
    key it was made with; and the round's duplicate matches, computed again after every
    run (``pipeline.duplicates``): a pair of an entry and another entry of this round or
    of an earlier round's store."""
    _script(
        db,
        """
        CREATE TABLE fingerprints (
            entry_id     TEXT NOT NULL,
            key          TEXT NOT NULL,         -- the analysis stage key
            md5          TEXT,                  -- the file's, when its source gave one
            version      INTEGER NOT NULL,      -- fingerprint.VERSION it was made with
            frame_step_s REAL NOT NULL,
            frames       BLOB NOT NULL,         -- PDQ hashes, 32 bytes a frame
            quality      BLOB NOT NULL,         -- PDQ quality, one byte a frame
            sound_step_s REAL NOT NULL,
            sound        BLOB NOT NULL,         -- Chromaprint raw items, uint32 LE
            created_at   TEXT NOT NULL,
            PRIMARY KEY (entry_id, key)
        );
        CREATE TABLE duplicate_matches (
            entry_id   TEXT NOT NULL,
            other      TEXT NOT NULL,           -- entry id, or "<earlier folder>#<entry id>"
            match_json TEXT NOT NULL,           -- pipeline.models.DuplicateMatch
            PRIMARY KEY (entry_id, other)
        );
        CREATE TABLE duplicate_decisions (
            id            INTEGER PRIMARY KEY AUTOINCREMENT,
            entry_id      TEXT NOT NULL,
            other         TEXT NOT NULL,
            decision_json TEXT NOT NULL
        );
        CREATE INDEX duplicate_decisions_pair ON duplicate_decisions (entry_id, other)
        """,
    )


Migration = tuple[str, Callable[[sqlite3.Connection], None]]
# (name, step): version N of a store has the first N applied; only ever appended
MIGRATIONS: tuple[Migration, ...] = (
    ("entries, stage results, reports, decisions, runs", _v1),
    ("run entries", _v2),
    ("notices", _v3_notices),
    ("acts", _v4_acts),
    ("jury", _v5_jury),
    ("jury conflicts withdrawn", _v6_jury_withdrawn),
    ("fingerprints and duplicate matches", _v7_fingerprints),
)
SCHEMA_VERSION = len(MIGRATIONS)


BUSY_TIMEOUT_S = 30.0  # how long an opener waits for another connection's lock


def use_wal(
    db: sqlite3.Connection,
    *,
    wait_s: float = BUSY_TIMEOUT_S,
    sleep: Callable[[float], None] = time.sleep,
    monotonic: Callable[[], float] = time.monotonic,
) -> str:
    """Put the store in WAL mode; returns the journal mode (``memory`` for ``:memory:``).

    Switching a new file to WAL needs it alone.  When another connection holds its
    write lock meanwhile (another process opening the same new store is switching it
    at that moment), SQLite refuses at once with SQLITE_BUSY: the switch already holds
    a read lock, and waiting could deadlock, so SQLite does not call the busy handler
    (https://sqlite.org/c3ref/busy_handler.html) and the connection's ``timeout`` does
    not help.  Try again every 20 ms for up to ``wait_s`` seconds, then let the
    sqlite3.OperationalError through.  Once the file is in WAL the pragma only reads."""
    give_up = monotonic() + wait_s
    while True:
        try:
            return str(db.execute("PRAGMA journal_mode=WAL").fetchone()[0])
        except sqlite3.OperationalError as exc:
            busy = exc.sqlite_errorcode & 0xFF == sqlite3.SQLITE_BUSY  # or BUSY_RECOVERY...
            if not busy or monotonic() >= give_up:
                raise
            sleep(0.02)


def current_version(db: sqlite3.Connection) -> int:
    row = db.execute(
        "SELECT name FROM sqlite_master WHERE type='table' AND name='schema_version'"
    ).fetchone()
    if row is None:
        return 0
    found = db.execute("SELECT version FROM schema_version").fetchone()
    return int(found[0]) if found else 0


def migrate(db: sqlite3.Connection, *, upto: int = SCHEMA_VERSION, where: str = "") -> int:
    """Apply the migrations the store lacks (up to ``upto``); returns the version.  The
    version is read again inside each transaction, so two processes opening a new store
    at once do not both migrate it."""
    while True:
        db.execute("BEGIN IMMEDIATE")  # one transaction per migration: all or nothing
        try:
            version = current_version(db)
            if version > SCHEMA_VERSION:
                raise UsageError(key="store.newer", path=where, version=version,
                                 known=SCHEMA_VERSION)  # fmt: skip
            if version >= upto:
                db.execute("COMMIT")
                return version
            name, step = MIGRATIONS[version]
            log.info("store %s: migrating schema to version %d (%s)", where, version + 1, name)
            db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            step(db)
            db.execute("DELETE FROM schema_version")
            db.execute("INSERT INTO schema_version (version) VALUES (?)", (version + 1,))
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")


i18n.register(
    {
        "store.newer": {
            "id": "Penyimpanan {path} memakai skema versi {version}, lebih baru daripada yang "
            "dikenal kipp ini ({known}): perbarui kipp dulu (pip install -U kipp).",
            "en": "The store {path} has schema version {version}, newer than this kipp knows "
            "({known}): upgrade kipp (pip install -U kipp) first.",
        },
    }
)
