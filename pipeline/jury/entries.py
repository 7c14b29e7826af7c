"""Which entries the jury scores, and which jurors may not score which entry.

    eligible(validated)                     entries whose latest verdict is pass
    recusals(judging, entries, conflicts)   (juror, entry) -> why the juror's score never counts
    flags(entry, rows)                      what changed since an entry was scored

Only entries that passed validation are eligible, including those that passed on an
officer's decision (their latest report's verdict is pass).  An entry scored while it was
eligible keeps its scores when its verdict changes (a new file, a late upload): every
output flags it instead (``flags``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Literal

from pipeline.jury.records import StoredRow
from pipeline.jury.rules import Judging
from pipeline.models import Model, Verdict
from pipeline.store.jury import ConflictRow, Validated

Flag = Literal["not_eligible", "file_changed"]


class Recusal(Model):
    """A juror whose score never counts for an entry: ``own_agency`` (the juror leads the
    entry's agency: "Kepala BAPPEDA tidak menilai BAPPEDA") or ``declared`` (a conflict the
    juror declared, with ``reason``)."""

    juror_id: str
    entry_id: str
    why: Literal["own_agency", "declared"]
    reason: str = ""


def eligible(validated: Iterable[Validated]) -> list[Validated]:
    """The entries whose latest verdict is pass, in the order given."""
    return [v for v in validated if v.verdict == Verdict.PASS]


def agency_of(entry: Validated) -> str:
    """The agency an entry belongs to, as the config names it (else as the registry wrote it)."""
    return entry.agency_canonical or entry.agency


def recusals(
    judging: Judging, entries: Iterable[Validated], conflicts: Sequence[ConflictRow] = ()
) -> dict[tuple[str, str], Recusal]:
    """(juror id, entry id) -> the recusal, for every juror who leads an entry's agency and
    every conflict declared and not withdrawn (the first declaration of a pair is kept)."""
    found: dict[tuple[str, str], Recusal] = {}
    leads = {j.agency: j.id for j in judging.jurors if j.agency}
    for entry in entries:
        juror = leads.get(agency_of(entry))
        if juror is not None:
            found[juror, entry.entry_id] = Recusal(
                juror_id=juror, entry_id=entry.entry_id, why="own_agency"
            )
    for c in conflicts:
        if not c.standing:
            continue
        found.setdefault(
            (c.juror_id, c.entry_id),
            Recusal(juror_id=c.juror_id, entry_id=c.entry_id, why="declared", reason=c.reason),
        )
    return found


def flags(entry: Validated | None, rows: Iterable[StoredRow]) -> tuple[Flag, ...]:
    """What changed since the entry was scored: ``not_eligible`` (its verdict is no longer
    pass, or it has no report now), ``file_changed`` (a juror scored another file than the
    one its latest report is about)."""
    out: list[Flag] = []
    if entry is None or entry.verdict != Verdict.PASS:
        out.append("not_eligible")
    if (
        entry is not None
        and entry.source_md5
        and any(r.file_md5 and r.file_md5 != entry.source_md5 for r in rows)
    ):
        out.append("file_changed")
    return tuple(out)
