"""What the jury's people enter, as the journal's act payloads (``pipeline.store.journal``).

    jury.scores     a juror's scores for some entries of a round (a sheet or the browser)
    jury.submit     a juror hands in a round (``submitted``) or an officer reopens it
    jury.conflict   a juror declares a conflict of interest with an entry, with a reason
    jury.conflict.withdraw   that declaration withdrawn, with a reason (it stays on record)
    jury.tie        the honorary judge's order for entries the declared rule left tied
    jury.count      one officer's count of the public favourite (a counting sheet)

Each payload is a model here; ``pipeline.store.jury`` projects them into the store's
``jury_*`` tables.  Nothing is ever rewritten: a juror's later scores for an entry replace
the earlier ones in the tally, and both stay in the journal and in ``jury_scores``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from pydantic import Field

from pipeline.models import Model

SCORES = "jury.scores"
SUBMIT = "jury.submit"
CONFLICT = "jury.conflict"
WITHDRAW = "jury.conflict.withdraw"
TIE = "jury.tie"
COUNT = "jury.count"

# criterion id -> value; None: the juror left the cell empty (not scored yet)
Row = dict[str, float | None]


class ScoreSource(Model):
    """Where scores came from: a sheet (``name``: its file name, ``sha256`` of its bytes,
    ``version``: the juror's how-many-th sheet of the round) or the browser (``name``:
    the session's address)."""

    kind: Literal["sheet", "browser"]
    name: str
    sha256: str | None = None
    version: int | None = None


class Scores(Model):
    """``rows``: entry id -> that entry's values; each row replaces the juror's earlier row
    for the entry.  ``submitted``: the round is handed in with these (a sheet always is).
    ``files``: entry id -> the md5 of the entry's file the juror scored (its validation
    report's), so a file changed later is flagged."""

    juror_id: str
    round_id: str
    rows: dict[str, Row]
    source: ScoreSource
    submitted: bool = False
    files: dict[str, str | None] = Field(default_factory=dict)  # entry id -> md5 scored


class Submit(Model):
    """``submitted`` True: the juror hands in the round (their scores count, others' become
    visible to them); False: an officer reopens it for changes."""

    juror_id: str
    round_id: str
    submitted: bool = True


class Conflict(Model):
    """A conflict of interest a juror declared with one entry; their score never counts for
    it.  (A juror's own agency needs no declaration: the rules recuse them.)"""

    juror_id: str
    entry_id: str
    reason: str = Field(min_length=1)


class Withdrawal(Model):
    """A juror's declared conflict with an entry withdrawn (declared by mistake, or the
    reason no longer holds): their score for it counts again.  The declaration is not
    erased: it stays in the journal and in the store, marked withdrawn with ``reason``."""

    juror_id: str
    entry_id: str
    reason: str = Field(min_length=1)


class Tie(Model):
    """The honorary judge's decision on entries the declared tie-break left tied:
    ``order`` best first.  ``scope``: ``round:<id>``, ``final`` or ``favourite``."""

    scope: str
    order: tuple[str, ...] = Field(min_length=2)
    note: str = ""


class CountRow(Model):
    """One line of a counting sheet: an entry's post and what the counter saw on it."""

    entry_id: str
    agency: str
    post_link: str = ""
    reactions: int | None = Field(default=None, ge=0)
    comments: int | None = Field(default=None, ge=0)
    counted_at: datetime | None = None
    screenshot: str = ""


class Count(Model):
    """One counter's sheet of the public favourite (``counter``: the officer who counted;
    ``name``/``sha256``: the sheet file).  A counter's later sheet replaces their earlier
    one (a recount)."""

    counter: str
    name: str
    sha256: str
    rows: tuple[CountRow, ...]


class ScoreTrace(Model):
    """Where one stored row of scores came from: the act, who entered it, when, and from
    which sheet (file name, sha256, version) or browser session (address)."""

    act_id: str
    at: datetime
    by: str
    address: str
    source: ScoreSource


@dataclass(frozen=True, slots=True)
class StoredRow:
    """A juror's current values for one entry of a round, with their trace.

    A frozen dataclass rather than a model: a large round loads 60,000 of them per tally
    (bench/tally), each already validated when its act was recorded; a slotted dataclass
    costs a fraction of a pydantic model's construction and memory."""

    juror_id: str
    round_id: str
    entry_id: str
    values: Row
    trace: ScoreTrace
    file_md5: str | None = None  # the entry's file when it was scored
