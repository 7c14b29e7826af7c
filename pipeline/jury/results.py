"""The tally's results, as models: what every output (terminal, JSON, pages, workbook,
minutes) reads.  Computed once in ``pipeline.jury.tally`` and ``pipeline.jury.favourite``.

    Tally
    ├── rounds: RoundResult (entries in rank order: EntryResult), nominees, ties
    ├── final: FinalResult (FinalEntry in rank order), winners: Winner
    └── favourite: FavouriteResult | None

Scores are on 0-100 (``pipeline.jury.rules``); ``None`` where nothing counts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from pydantic import Field

from pipeline.jury.entries import Flag, Recusal
from pipeline.jury.ranking import TieNote
from pipeline.jury.records import ScoreTrace
from pipeline.models import Model

# counted; recused (own agency or a declared conflict); missing (nothing entered); draft
# (entered in the browser, not handed in); partial (some criterion left empty)
CellState = Literal["counted", "recused", "missing", "draft", "partial"]


@dataclass(frozen=True, slots=True)
class JurorCell:
    """One juror's part in an entry's result: ``score`` (their weighted score, normalised
    when the round uses z-scores; None: recused or not scored), ``raw`` (before
    normalisation), the values per criterion and where they came from (act, who, when,
    which sheet or session).  A frozen dataclass (pydantic serialises it inside the
    models): a large round has one per juror and entry, 60,000 in bench/tally."""

    juror_id: str
    score: float | None = None
    raw: float | None = None
    values: Mapping[str, float | None] = field(default_factory=dict)
    state: CellState = "missing"
    trace: ScoreTrace | None = None


class EntryResult(Model):
    """One entry in one round: the mean over the jurors whose score counts, the median,
    the spread (max - min: where the jury disagrees), each juror's cell, the rank and how
    a tie was broken, and what changed since it was scored (``flags``)."""

    entry_id: str
    agency: str
    title: str = ""
    mean: float | None = None
    median: float | None = None
    spread: float | None = None
    criteria: dict[str, float] = Field(default_factory=dict)  # mean points per criterion
    jurors: tuple[JurorCell, ...] = ()
    recused: tuple[str, ...] = ()  # juror ids
    missing: tuple[str, ...] = ()  # juror ids whose counted score is still missing
    rank: int | None = None
    tie_broken_by: str | None = None
    tied: bool = False
    flags: tuple[Flag, ...] = ()


class RoundResult(Model):
    round_id: str
    label: str
    normalisation: Literal["mean", "zscore"]
    entries: tuple[EntryResult, ...]  # rank order; unranked (no score yet) last
    ties: tuple[TieNote, ...] = ()
    nominees: tuple[str, ...] = ()  # entry ids the round advances (rank order)
    cut_tied: bool = False  # a tie no rule broke sits at the cut: more advance than declared
    complete: bool = False  # every counted score is in and handed in
    recusals: tuple[Recusal, ...] = ()


class FinalEntry(Model):
    entry_id: str
    agency: str
    title: str = ""
    total: float | None = None
    rounds: dict[str, float | None] = Field(default_factory=dict)  # round id -> mean
    favourite_points: float | None = None  # when the favourite is blended in
    rank: int | None = None
    tie_broken_by: str | None = None
    tied: bool = False
    flags: tuple[Flag, ...] = ()


class Winner(Model):
    """``place``: the config's name of the award (``places[position]``, "Juara I")."""

    place: str
    position: int
    entry_id: str
    agency: str
    total: float
    tied: bool = False  # shares its place with another entry no rule separated


class FinalResult(Model):
    entries: tuple[FinalEntry, ...]
    ties: tuple[TieNote, ...] = ()
    winners: tuple[Winner, ...] = ()
    complete: bool = False


class CountCell(Model):
    counter: str
    reactions: int | None
    comments: int | None
    counted_at: str | None = None
    screenshot: str = ""


class FavouriteEntry(Model):
    entry_id: str
    agency: str
    post_link: str = ""
    counts: tuple[CountCell, ...] = ()
    agreed: bool = False
    reactions: int | None = None
    comments: int | None = None
    total: float | None = None
    rank: int | None = None
    tie_broken_by: str | None = None
    tied: bool = False


class FavouriteResult(Model):
    """The public favourite from the counters' latest sheets: ``recount`` lists the entries
    whose counts differ (never averaged) or are missing; the ``winner`` is named only when
    every count agrees."""

    label: str
    counters: tuple[str, ...]
    entries: tuple[FavouriteEntry, ...]
    recount: tuple[str, ...] = ()  # entry ids
    winner: str | None = None
    tied: tuple[str, ...] = ()  # entries sharing first place, no rule broke it
    ties: tuple[TieNote, ...] = ()
    pending: str | None = None  # why no winner yet: "counters", "recount", "tie"


class Tally(Model):
    """The whole judging state.  ``draft``: some score is missing or not handed in, or the
    favourite awaits a count: the minutes carry a DRAFT mark."""

    normalisation: Literal["mean", "zscore"]
    rounds: tuple[RoundResult, ...]
    final: FinalResult
    favourite: FavouriteResult | None = None
    draft: bool = True

    def round(self, round_id: str) -> RoundResult | None:
        return next((r for r in self.rounds if r.round_id == round_id), None)
