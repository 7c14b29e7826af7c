"""The journal: every act a person entered, append-only, in a file beside the store.

    OUT/.kipp/journal.jsonl     one JSON object a line: an ``Act``

An officer's review decision, a notice marked sent, a juror's scores, a count of the
public favourite, an account: each is an ``Act``.  ``Store.record(act)`` appends it here
first (flushed to disk), then applies it to the store's tables in one transaction.  The
store is a projection: when ``kipp.sqlite`` is damaged and moved aside, the next opening
replays this file into the new store (``Store.sync_journal``), so nothing a person
entered is lost.  Nothing here is ever rewritten or removed: an undo is an act too.

Each act kind has one projection (``projection(kind)``), registered by the module that
owns the kind's table; the projection must accept the same act at most once (the store
guards that by ``act_id``).

A line a crash cut short (kill -9, a full disk mid-write) is skipped with a warning when
read; the next append starts on a new line, so one damaged line never damages another.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError

from pipeline.fsutil import writing
from pipeline.models import Model

log = logging.getLogger(__name__)

JOURNAL_NAME = "journal.jsonl"


class Act(Model):
    """One thing a person entered: who, when, from where, what.

    ``kind`` names the projection that applies it (``decision``, ``notice_sent``, ...);
    ``payload`` is the kind's own model as JSON; ``entry_id`` the entry it is about, if
    any; ``address`` where it came from (``cli``, or the browser's address under
    ``kipp serve``)."""

    act_id: str = Field(default_factory=lambda: uuid.uuid4().hex)
    kind: str
    at: datetime
    by: str
    address: str = "cli"
    entry_id: str | None = None
    payload: dict[str, Any] = Field(default_factory=dict)


Projection = Callable[[sqlite3.Connection, Act], None]
_PROJECTIONS: dict[str, Projection] = {}


def projects(kind: str) -> Callable[[Projection], Projection]:
    """Register the function that applies acts of ``kind`` to the store's tables (inside
    the store's transaction)."""

    def register(fn: Projection) -> Projection:
        _PROJECTIONS[kind] = fn
        return fn

    return register


def projection(kind: str) -> Projection | None:
    """The registered projection of ``kind``; None for a kind this kipp does not know (a
    newer kipp's act: kept in the journal and the store's ``acts``, applied by nothing)."""
    return _PROJECTIONS.get(kind)


class Journal:
    """The append-only file of acts; ``path`` None keeps them in memory (a store that
    lives as long as the process)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._memory: list[Act] = []

    def append(self, act: Act) -> None:
        """Write ``act`` as one line and flush it to disk before returning.  Raises
        DiskError (naming the folder) on a full or unwritable disk: the act is then not
        recorded anywhere."""
        if self.path is None:
            self._memory.append(act)
            return
        line = act.model_dump_json().encode("utf-8") + b"\n"
        with writing(self.path.parent), self._locked() as fd:
            size = os.fstat(fd).st_size
            if size and os.pread(fd, 1, size - 1) != b"\n":
                line = b"\n" + line  # a crash cut the last line short: start a new one
            os.write(fd, line)
            os.fsync(fd)

    def read(self) -> list[Act]:
        """Every readable act, in the order written; damaged lines are skipped (logged)."""
        if self.path is None:
            return list(self._memory)
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return []
        acts = []
        for number, text in enumerate(raw.split(b"\n"), start=1):
            if not text.strip():
                continue
            try:
                acts.append(Act.model_validate(json.loads(text)))
            except (ValueError, ValidationError) as exc:
                log.warning("%s line %d is damaged and skipped: %s", self.path, number, exc)
        return acts

    def exists(self) -> bool:
        """The journal was started (a memory journal always is)."""
        return self.path is None or self.path.exists()

    def touch(self) -> None:
        """Start the journal with no act in it (a work folder with nothing to adopt)."""
        if self.path is not None:
            with writing(self.path.parent), self._locked():
                pass

    @contextlib.contextmanager
    def _locked(self) -> Iterator[int]:
        assert self.path is not None
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)  # kipp serve and kipp run may both append
            yield fd
        finally:
            os.close(fd)  # releases the lock
