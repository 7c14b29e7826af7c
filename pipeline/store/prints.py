"""Fingerprints and duplicate matches in the store (mixed into ``Store``).

store.put_fingerprint(entry_id, key, md5, fp, now)   the analysis pass's fingerprint
store.has_fingerprint(entry_id, key)
store.set_duplicate_matches({entry_id: matches})      the round's, replaced after a run
store.duplicate_matches(entry_id)                     one entry's, with decisions attached
round_prints(db)                                      every entry's latest fingerprint
                                                      (also on another round's store,
                                                      opened read-only)
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from pipeline.models import DuplicateDecision, DuplicateMatch, Entry, Fingerprint
from pipeline.store.journal import Act, projects

DUPLICATE_DECISION = "duplicate_decision"


class _Db(Protocol):
    def _tx(self) -> AbstractContextManager[sqlite3.Connection]: ...

    def _all(self, sql: str, params: Sequence[Any] = ()) -> list[Any]: ...


@dataclass(frozen=True)
class StoredPrint:
    """One entry's latest report as the duplicate finder needs it."""

    entry: Entry
    md5: str | None
    frames_dir: Path | None
    fingerprint: Fingerprint | None


_ROUND = """
    SELECT e.entry_json, r.report_json, f.version, f.frame_step_s, f.frames, f.quality,
           f.sound_step_s, f.sound
    FROM entries e
    JOIN reports r ON r.entry_id = e.entry_id
         AND r.version = (SELECT MAX(version) FROM reports WHERE entry_id = e.entry_id)
    LEFT JOIN fingerprints f ON f.entry_id = e.entry_id
         AND f.key = json_extract(r.keys_json, '$.analysis')
    ORDER BY e.entry_id
"""


def round_prints(db: sqlite3.Connection) -> list[StoredPrint]:
    """Every entry of a store with its latest report's file md5, frames folder and the
    fingerprint made under that report's analysis key (None when there is none).
    Raises sqlite3.Error on a store without the tables (older than schema 5)."""
    out = []
    for entry_json, report_json, version, fstep, frames, quality, sstep, snd in db.execute(_ROUND):
        report = json.loads(report_json)
        analysis = report.get("analysis") or {}
        fp = None
        if version is not None:
            fp = Fingerprint(version=version, frame_step_s=fstep, frames=frames,
                             quality=quality, sound_step_s=sstep, sound=snd)  # fmt: skip
        folder = analysis.get("frames_dir")
        out.append(
            StoredPrint(
                entry=Entry.model_validate_json(entry_json),
                md5=(report.get("source") or {}).get("md5"),
                frames_dir=Path(folder) if folder else None,
                fingerprint=fp,
            )
        )
    return out


@projects(DUPLICATE_DECISION)
def _apply_duplicate_decision(db: sqlite3.Connection, act: Act) -> None:
    decision = DuplicateDecision.model_validate(act.payload)
    db.execute(
        "INSERT INTO duplicate_decisions (entry_id, other, decision_json) VALUES (?, ?, ?)",
        (decision.entry_id, decision.other, decision.model_dump_json()),
    )


class Prints:
    """The store's side of fingerprints and duplicates."""

    def put_fingerprint(
        self: _Db, entry_id: str, key: str, md5: str | None, fp: Fingerprint, now: datetime
    ) -> None:
        """Keep ``fp`` under the entry's analysis key (replacing one made before)."""
        with self._tx() as db:
            db.execute(
                "INSERT OR REPLACE INTO fingerprints (entry_id, key, md5, version, "
                "frame_step_s, frames, quality, sound_step_s, sound, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (entry_id, key, md5, fp.version, fp.frame_step_s, fp.frames, fp.quality,
                 fp.sound_step_s, fp.sound, now.isoformat(timespec="seconds")),
            )  # fmt: skip

    def has_fingerprint(self: _Db, entry_id: str, key: str, version: int) -> bool:
        rows = self._all(
            "SELECT 1 FROM fingerprints WHERE entry_id=? AND key=? AND version=?",
            (entry_id, key, version),
        )
        return bool(rows)

    def fingerprint(self: _Db, entry_id: str, key: str) -> Fingerprint | None:
        """The fingerprint kept under the entry's analysis key, if any."""
        rows = self._all(
            "SELECT version, frame_step_s, frames, quality, sound_step_s, sound "
            "FROM fingerprints WHERE entry_id=? AND key=?",
            (entry_id, key),
        )
        if not rows:
            return None
        version, fstep, frames, quality, sstep, snd = rows[0]
        return Fingerprint(version=version, frame_step_s=fstep, frames=frames, quality=quality,
                           sound_step_s=sstep, sound=snd)  # fmt: skip

    def round_entries(self: _Db) -> dict[str, Entry]:
        """Every entry the store has seen, by id (its latest registry row)."""
        rows = self._all("SELECT entry_json FROM entries ORDER BY entry_id")
        return {e.entry_id: e for e in (Entry.model_validate_json(r[0]) for r in rows)}

    def round_prints(self: _Db) -> list[StoredPrint]:
        with self._tx() as db:
            return round_prints(db)

    def set_duplicate_matches(
        self: _Db, matches: Mapping[str, Sequence[DuplicateMatch]]
    ) -> set[str]:
        """Replace the round's matches (decisions left out: they are attached when read);
        returns the entries whose matches changed."""
        with self._tx() as db:
            old: dict[str, set[str]] = {}
            for entry_id, text in db.execute("SELECT entry_id, match_json FROM duplicate_matches"):
                old.setdefault(entry_id, set()).add(text)
            new = {
                e: {m.model_copy(update={"decision": None}).model_dump_json() for m in ms}
                for e, ms in matches.items()
                if ms
            }
            db.execute("DELETE FROM duplicate_matches")
            for entry_id, texts in new.items():
                for text in texts:
                    other = json.loads(text)["other"]
                    db.execute(
                        "INSERT OR REPLACE INTO duplicate_matches (entry_id, other, match_json) "
                        "VALUES (?, ?, ?)",
                        (entry_id, other, text),
                    )
        return {e for e in old.keys() | new.keys() if old.get(e) != new.get(e)}

    def duplicate_matches(self: _Db, entry_id: str) -> tuple[DuplicateMatch, ...]:
        """The entry's matches, each with the latest officer decision on the pair."""
        rows = self._all(
            "SELECT match_json FROM duplicate_matches WHERE entry_id=? ORDER BY other",
            (entry_id,),
        )
        out = []
        for (text,) in rows:
            match = DuplicateMatch.model_validate_json(text)
            decision = Prints.duplicate_decision(self, entry_id, match.other)
            out.append(match.model_copy(update={"decision": decision}))
        return tuple(out)

    def duplicate_decision(self: _Db, entry_id: str, other: str) -> DuplicateDecision | None:
        """The latest decision on the pair, whichever of its two entries it was made on."""
        rows = self._all(
            "SELECT decision_json FROM duplicate_decisions WHERE (entry_id=? AND other=?) "
            "OR (entry_id=? AND other=?) ORDER BY id DESC LIMIT 1",
            (entry_id, other, other, entry_id),
        )
        return DuplicateDecision.model_validate_json(rows[0][0]) if rows else None
