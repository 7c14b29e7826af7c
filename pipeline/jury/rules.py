"""The judging rules as data: the ``[judging]`` part of a competition config.

    [judging]                       normalisation, the honorary judge's role
    [[judging.jurors]]              id, name, title, role, the agency each leads
    [[judging.rounds]]              criteria (scale, weight), scorers, who enters, who advances
    [judging.final]                 how the rounds combine, the places, the tie-break
    [judging.favourite]             the public favourite: what counts, cut-off, award

Everything is declared before scoring starts; nothing here is improvised later (the
tie-break and the honorary judge's role included).  Figures and their sources:

- a round's score is each criterion's value as a share of its scale's maximum, times
  100, weighted by the declared weights (divided by their sum): always 0-100, so a pass
  mark such as KemenPANRB 2025's 85 reads on it directly;
- the final combines rounds by declared weights (70 substance / 30 presentation and
  interview in KIPP Sulsel 2022);
- criteria names: KemenPANRB's kebaruan, kebermanfaatan, keberlanjutan, replikasi,
  dampak; PermenPANRB 7/2021's kebermanfaatan, orisinalitas, keberlanjutan,
  replikabilitas.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Role = Literal["chair", "secretary", "member", "honorary"]
HonoraryRole = Literal["signs", "ties", "scores"]
Normalisation = Literal["mean", "zscore"]
ROLE_ORDER: tuple[Role, ...] = ("chair", "secretary", "member", "honorary")


class _Rule(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


def _slug_id(value: str, what: str) -> str:
    if not value or not all(c.isalnum() or c in "_-" for c in value) or not value.isascii():
        raise ValueError(f"{what} id {value!r} must be ASCII letters, digits, - and _ only")
    return value


class Juror(_Rule):
    """One member of the jury.  ``agency``: the config's name of the agency the juror leads
    (``[[agencies]] name``): their score for that agency's entry never counts."""

    id: str
    name: str
    title: str = ""  # the office, e.g. "Sekretaris Daerah"
    role: Role
    agency: str | None = None

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        return _slug_id(value, "juror")

    @property
    def label(self) -> str:
        """How outputs name the juror: the office when known ("Kepala BAPPEDA"), else the name."""
        return self.title or self.name


class Criterion(_Rule):
    """One scored criterion: values from ``scale_min`` to ``scale_max`` (whole numbers when
    ``step`` is 1), weighed by ``weight`` against the round's other criteria."""

    id: str
    label: str
    label_en: str = ""
    description: str = ""
    scale_min: float = 1
    scale_max: float = 100
    step: float = 1  # 1: whole numbers only; 0.5: halves; 0: any number in range
    weight: float = Field(gt=0)

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        return _slug_id(value, "criterion")

    @model_validator(mode="after")
    def _scale(self) -> Criterion:
        if self.scale_min >= self.scale_max:
            raise ValueError(
                f"criterion {self.id}: scale_min ({self.scale_min}) must be below scale_max "
                f"({self.scale_max})"
            )
        if self.scale_max <= 0 or self.step < 0:
            raise ValueError(f"criterion {self.id}: scale_max must be above 0 and step at least 0")
        return self

    def points(self, value: float) -> float:
        """``value`` as a share of the scale's maximum, times 100 (80 of 100: 80; 4 of 5: 80)."""
        return value / self.scale_max * 100.0


class Advance(_Rule):
    """Who goes on after a round: the ``top`` N of its ranking, or every entry at or above
    ``pass_mark`` (0-100); exactly one of them."""

    top: int | None = Field(default=None, ge=1)
    pass_mark: float | None = Field(default=None, ge=0, le=100)

    @model_validator(mode="after")
    def _one(self) -> Advance:
        if (self.top is None) == (self.pass_mark is None):
            raise ValueError("give exactly one of top (how many advance) or pass_mark (0-100)")
        return self


class Round(_Rule):
    """One round of scoring.  ``entries``: ``eligible`` (every entry that passed
    validation) or ``nominees:<round>`` (those another round advanced).  ``scorers``: the
    jurors who score it (empty: every juror but an honorary one who only signs or decides
    ties)."""

    id: str
    label: str
    label_en: str = ""
    entries: str = "eligible"
    scorers: tuple[str, ...] = ()
    criteria: tuple[Criterion, ...]
    advance: Advance | None = None

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        return _slug_id(value, "round")

    @model_validator(mode="after")
    def _criteria(self) -> Round:
        if not self.criteria:
            raise ValueError(f"round {self.id}: list at least one [[judging.rounds.criteria]]")
        ids = [c.id for c in self.criteria]
        if twice := sorted({i for i in ids if ids.count(i) > 1}):
            raise ValueError(f"round {self.id}: criterion ids repeat: {', '.join(twice)}")
        if self.entries != "eligible" and not self.entries.startswith("nominees:"):
            raise ValueError(
                f"round {self.id}: entries must be 'eligible' or 'nominees:<round id>' "
                f"(got {self.entries!r})"
            )
        return self

    @property
    def source_round(self) -> str | None:
        """The round whose nominees this round scores; None: every eligible entry."""
        return self.entries.removeprefix("nominees:") if self.entries != "eligible" else None

    def criterion(self, criterion_id: str) -> Criterion | None:
        return next((c for c in self.criteria if c.id == criterion_id), None)

    @property
    def weight_sum(self) -> float:
        return sum(c.weight for c in self.criteria)


TieStep = str  # "round:<id>" | "criterion:<round>.<criterion>" | "median" | "honorary"


class Final(_Rule):
    """The final ranking: ``combine`` maps round ids to weights (the winners are ranked on
    the weighted mean of their round means); ``places`` names the awards in order
    ("Juara I", ...); ``tie_break`` is the declared order of steps for equal totals."""

    combine: dict[str, float]
    places: tuple[str, ...] = ("Juara I", "Juara II", "Juara III")
    places_en: tuple[str, ...] = ()
    tie_break: tuple[TieStep, ...] = ()

    @field_validator("combine")
    @classmethod
    def _weights(cls, value: dict[str, float]) -> dict[str, float]:
        if not value or any(w <= 0 for w in value.values()):
            raise ValueError("combine: give each round of the final a weight above 0")
        return value


class Favourite(_Rule):
    """The public favourite (the Pemkab's Facebook group in KIPP 2024): a post's
    ``reactions`` and ``comments`` counts weighed into one figure, counted at ``cut_off``
    (local time of the deadline's zone) by two officers independently.  ``award``:
    ``separate`` (its own award) or ``blend`` (``blend_weight`` of the final ranking, the
    counts as a share of the highest)."""

    label: str = "Inovasi Terfavorit"
    label_en: str = "Public favourite"
    reactions: float = Field(default=1.0, ge=0)
    comments: float = Field(default=1.0, ge=0)
    cut_off: datetime
    counters: int = Field(default=2, ge=2)
    award: Literal["separate", "blend"] = "separate"
    blend_weight: float = Field(default=0.0, ge=0, lt=1)
    tie_break: tuple[Literal["comments", "reactions", "honorary"], ...] = ()

    @model_validator(mode="after")
    def _blend(self) -> Favourite:
        if self.reactions == 0 and self.comments == 0:
            raise ValueError("favourite: reactions and comments cannot both weigh 0")
        if self.award == "blend" and self.blend_weight == 0:
            raise ValueError("favourite: award = 'blend' needs blend_weight above 0 (e.g. 0.1)")
        return self


class Judging(_Rule):
    """The ``[judging]`` part of a competition config (see the module docstring).
    ``assumptions`` lists, in words, what the committee still has to confirm."""

    normalisation: Normalisation = "mean"
    honorary: HonoraryRole = "signs"
    jurors: tuple[Juror, ...]
    rounds: tuple[Round, ...]
    final: Final
    favourite: Favourite | None = None
    assumptions: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> Judging:
        _check_jurors(self)
        _check_rounds(self)
        _check_final(self)
        return self

    def juror(self, juror_id: str) -> Juror | None:
        return next((j for j in self.jurors if j.id == juror_id), None)

    def round(self, round_id: str) -> Round | None:
        return next((r for r in self.rounds if r.id == round_id), None)

    def scorers(self, round_: Round) -> tuple[Juror, ...]:
        """The jurors who score ``round_``, in the config's order."""
        if round_.scorers:
            return tuple(j for j in self.jurors if j.id in round_.scorers)
        return tuple(j for j in self.jurors if j.role != "honorary" or self.honorary == "scores")

    def signatories(self, *, honorary: bool = True) -> tuple[Juror, ...]:
        """The jurors who sign, by role (chair, secretary, members, then the honorary
        judge unless ``honorary`` is False), in the config's order within a role: the
        one list every berita acara signs from."""
        ranked = sorted(self.jurors, key=lambda j: ROLE_ORDER.index(j.role))
        return tuple(j for j in ranked if honorary or j.role != "honorary")

    @property
    def honorary_judge(self) -> Juror | None:
        return next((j for j in self.jurors if j.role == "honorary"), None)


def _check_jurors(judging: Judging) -> None:
    ids = [j.id for j in judging.jurors]
    if not ids:
        raise ValueError("list the jurors: [[judging.jurors]] id, name, role")
    if twice := sorted({i for i in ids if ids.count(i) > 1}):
        raise ValueError(f"juror ids repeat: {', '.join(twice)}")
    roles = [j.role for j in judging.jurors]
    for role in ("chair", "honorary"):
        if roles.count(role) > 1:
            raise ValueError(f"more than one juror has role {role!r}")
    if judging.honorary != "signs" and "honorary" not in roles:
        raise ValueError(
            f"honorary = {judging.honorary!r} but no juror has role 'honorary': add one, or "
            "set honorary = 'signs'"
        )


def _check_rounds(judging: Judging) -> None:
    ids = [r.id for r in judging.rounds]
    if not ids:
        raise ValueError("list at least one round: [[judging.rounds]]")
    if twice := sorted({i for i in ids if ids.count(i) > 1}):
        raise ValueError(f"round ids repeat: {', '.join(twice)}")
    known = {j.id for j in judging.jurors}
    for n, round_ in enumerate(judging.rounds):
        if unknown := sorted(set(round_.scorers) - known):
            raise ValueError(f"round {round_.id}: scorers not among the jurors: {unknown}")
        source = round_.source_round
        if source is not None:
            earlier = judging.rounds[:n]
            before = next((r for r in earlier if r.id == source), None)
            if before is None or before.advance is None:
                raise ValueError(
                    f"round {round_.id}: entries = 'nominees:{source}' needs an earlier round "
                    f"{source!r} with an advance rule"
                )
        if not judging.scorers(round_):
            raise ValueError(f"round {round_.id}: nobody scores it")


def _check_final(judging: Judging) -> None:
    ids = {r.id for r in judging.rounds}
    if unknown := sorted(set(judging.final.combine) - ids):
        raise ValueError(f"final.combine names rounds that do not exist: {unknown}")
    for step in judging.final.tie_break:
        _check_step(judging, step)
    fav = judging.favourite
    uses_honorary = "honorary" in judging.final.tie_break or (
        fav is not None and "honorary" in fav.tie_break
    )
    if uses_honorary and judging.honorary != "ties":
        raise ValueError(
            "a tie_break ends with 'honorary' but [judging] honorary is not 'ties': declare "
            "honorary = 'ties', or remove that step"
        )


def _check_step(judging: Judging, step: str) -> None:
    kind, _, arg = step.partition(":")
    if step in ("median", "honorary"):
        return
    if kind == "round" and judging.round(arg) is not None:
        return
    if kind == "criterion":
        round_id, _, criterion_id = arg.partition(".")
        found = judging.round(round_id)
        if found is not None and found.criterion(criterion_id) is not None:
            return
    raise ValueError(
        f"final.tie_break step {step!r} is not one of 'round:<id>', "
        "'criterion:<round>.<criterion>', 'median', 'honorary' naming this config's rounds"
    )


def check_agencies(judging: Judging, agencies: dict[str, tuple[str, ...]]) -> None:
    """Each juror's ``agency`` must be one of the config's agency names (``agencies``: name
    -> aliases), so recusal matches the right entry; an alias is refused with the name to
    use.  Raises ValueError naming the juror."""
    for juror in judging.jurors:
        if juror.agency is None or juror.agency in agencies:
            continue
        name = next((n for n, aliases in agencies.items() if juror.agency in aliases), None)
        if name is not None:
            raise ValueError(
                f"[[judging.jurors]] {juror.id}: agency {juror.agency!r} is a short form; "
                f"write the config's name {name!r}"
            )
        raise ValueError(
            f"[[judging.jurors]] {juror.id}: agency {juror.agency!r} is not in [[agencies]]: "
            "use one of their names, so recusal finds the agency's entry"
        )
