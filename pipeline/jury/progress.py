"""Who has scored what, and what is missing, per juror and per entry of each round.

progress(store, judging) -> Progress
progress_of(tally, judging) -> Progress     the same, from a tally already computed
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline.jury.results import RoundResult, Tally
from pipeline.jury.rules import Judging
from pipeline.models import Model

if TYPE_CHECKING:
    from pipeline.store import Store


class JurorProgress(Model):
    """One juror in one round: how many of its entries they scored completely, which are
    still missing or only partly filled, drafts not handed in, and the recusals."""

    juror_id: str
    label: str
    handed_in: bool
    total: int  # entries the juror scores (recusals excluded)
    scored: int  # counted
    draft: tuple[str, ...] = ()  # entered in the browser, not handed in yet
    missing: tuple[str, ...] = ()  # nothing entered, or some criterion empty
    recused: tuple[str, ...] = ()


class EntryProgress(Model):
    entry_id: str
    agency: str
    missing: tuple[str, ...] = ()  # juror ids whose counted score is missing
    recused: tuple[str, ...] = ()


class RoundProgress(Model):
    round_id: str
    label: str
    entries: int
    complete: bool
    jurors: tuple[JurorProgress, ...]
    per_entry: tuple[EntryProgress, ...]


class Progress(Model):
    rounds: tuple[RoundProgress, ...]

    @property
    def complete(self) -> bool:
        return all(r.complete for r in self.rounds)


def progress(store: Store, judging: Judging) -> Progress:
    """Each round's progress from the store's current scores (see ``progress_of``)."""
    from pipeline.jury.tally import tally

    return progress_of(tally(store, judging), judging, store)


def progress_of(result: Tally, judging: Judging, store: Store | None = None) -> Progress:
    """Each round's progress read from ``result`` (the juror cells' states); with
    ``store``, whether each juror's round stands handed in."""
    rounds = []
    for round_result in result.rounds:
        handed = store.handed_in(round_result.round_id) if store is not None else {}
        rounds.append(_round(round_result, judging, handed))
    return Progress(rounds=tuple(rounds))


def _round(result: RoundResult, judging: Judging, handed: dict[str, bool]) -> RoundProgress:
    round_ = judging.round(result.round_id)
    assert round_ is not None
    ordered = sorted(result.entries, key=lambda e: (e.agency.casefold(), e.entry_id))
    jurors = []
    for juror in judging.scorers(round_):
        cells = [(e.entry_id, c) for e in ordered for c in e.jurors if c.juror_id == juror.id]
        states: dict[str, list[str]] = {}
        for entry_id, cell in cells:
            states.setdefault(cell.state, []).append(entry_id)
        recused = tuple(states.get("recused", ()))
        jurors.append(
            JurorProgress(
                juror_id=juror.id,
                label=juror.label,
                handed_in=bool(handed.get(juror.id)),
                total=len(cells) - len(recused),
                scored=len(states.get("counted", ())),
                draft=tuple(states.get("draft", ())),
                missing=tuple(states.get("missing", []) + states.get("partial", [])),
                recused=recused,
            )
        )
    per_entry = tuple(
        EntryProgress(entry_id=e.entry_id, agency=e.agency, missing=e.missing, recused=e.recused)
        for e in ordered
    )
    return RoundProgress(
        round_id=result.round_id,
        label=result.label,
        entries=len(result.entries),
        complete=result.complete,
        jurors=tuple(jurors),
        per_entry=per_entry,
    )
