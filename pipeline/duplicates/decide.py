"""An officer's decision on a pair of matching entries: the same video, or not.

    decision = decide(store, entry_id, other, same=True, by="Rina", now=now)

Like a section decision it is an act of the journal (``duplicate_decision``, projected
into ``duplicate_decisions``); it holds for the pair, whichever side it was taken on, while
both files stay the ones compared (``DuplicateDecision.md5s``).  ``kipp review AGENCY
--duplicate OTHER --same|--different`` and the web app both call this.
"""

from __future__ import annotations

from datetime import datetime

from pipeline.errors import UsageError
from pipeline.models import DuplicateDecision
from pipeline.store import Store
from pipeline.store.journal import Act
from pipeline.store.prints import DUPLICATE_DECISION


def decide(
    store: Store,
    entry_id: str,
    other: str,
    *,
    same: bool,
    by: str,
    now: datetime,
    note: str = "",
    address: str = "cli",
) -> DuplicateDecision:
    """Record that ``entry_id``'s video and ``other``'s are the same (``same``) or not.

    Raises:
        UsageError: kipp found no match between the two (nothing recorded); the message
        names the entry's matches, if any."""
    matches = store.duplicate_matches(entry_id)
    match = next((m for m in matches if m.other == other), None)
    if match is None:
        known = ", ".join(m.other for m in matches) or "none"
        raise UsageError(
            f"kipp found no match between {entry_id} and {other} (its matches: {known}); "
            "give one of them after --duplicate, or run 'kipp run' first."
        )
    if not by.strip():
        raise UsageError("Say who decides: --by NAME.")
    decision = DuplicateDecision(
        entry_id=entry_id, other=other, same=same, by=by.strip(), note=note, decided_at=now,
        md5s=(match.md5, match.other_md5),
    )  # fmt: skip
    store.record(
        Act(
            kind=DUPLICATE_DECISION,
            at=now,
            by=decision.by,
            address=address,
            entry_id=entry_id,
            payload=decision.model_dump(mode="json"),
        )
    )
    return decision
