"""The jury's files in the work folder, from the store and the config.

make_sheets(store, config, out, *, round_id=None, lang) -> [Placing]
    OUT/penilaian/<round>/<juror-slug>.xlsx for every juror who scores the round(s);
    never over a sheet already there that differs (``pipeline.jury.placing``)
recusal_text(config, recusal, agency, lang) -> "Kepala BAPPEDA tidak menilai BAPPEDA"
judging_of(config) -> Judging           the config's [judging] (UsageError without one)
"""

from __future__ import annotations

import functools
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline import i18n
from pipeline.errors import InputRejected
from pipeline.jury.entries import Recusal, agency_of, recusals
from pipeline.jury.placing import Placing, place
from pipeline.jury.rules import Judging
from pipeline.jury.scoring import round_entries
from pipeline.jury.sheets import SheetRow, SheetSpec, holds_sheet, sheet_path, write_sheet

if TYPE_CHECKING:
    from pipeline.config import Config
    from pipeline.store import Store


def judging_of(config: Config) -> Judging:
    """The config's ``[judging]``; InputRejected (exit 2) naming the file when it has none."""
    if config.judging is None:
        raise InputRejected([("jury.bad.no_judging", {"config": str(config.source_path or "")})])
    return config.judging


def agency_short(config: Config, name: str) -> str:
    """An agency as people say it: its first short form in the config (BAPPEDA), else its name."""
    found = next((a for a in config.agencies if a.name == name), None)
    return found.aliases[0] if found is not None and found.aliases else name


def recusal_text(
    config: Config, recusal: Recusal, agency: str, lang: str, *, short: bool = False
) -> str:
    """Why a juror does not score the entry of ``agency`` (its config name), by name:
    "Kepala BAPPEDA tidak menilai BAPPEDA" (``short``), else the sentence a sheet's row
    shows (with the declared reason)."""
    juror = judging_of(config).juror(recusal.juror_id)
    who = juror.label if juror is not None else recusal.juror_id
    key = "jury.recused.short" if short else f"jury.recused.{recusal.why}"
    return i18n.message(
        key, lang, juror=who, agency=agency_short(config, agency), reason=recusal.reason
    )


def make_sheets(
    store: Store,
    config: Config,
    out: Path,
    *,
    round_id: str | None = None,
    lang: str = "id",
    now: datetime | None = None,
) -> list[Placing]:
    """Write every scoring juror's sheet of ``round_id`` (every round that has entries when
    None) and say where each is.  A round whose entries are not known yet (no nominees)
    gets no sheet.  A file already at a sheet's place is never overwritten: left as it
    is when it holds this very sheet with nothing entered, else the sheet goes beside it
    as ``<juror> (2).xlsx`` (``pipeline.jury.placing``)."""
    judging = judging_of(config)
    rounds = [judging.round(round_id)] if round_id else list(judging.rounds)
    if rounds == [None]:
        known = ", ".join(r.id for r in judging.rounds)
        raise InputRejected([("jury.bad.round_unknown", {"round": round_id, "known": known})])
    conflicts = store.conflicts()
    written = []
    for round_ in rounds:
        assert round_ is not None
        entries = round_entries(store, judging, round_.id)
        if not entries:
            continue
        out_of = recusals(judging, entries, conflicts)
        folder = sheet_path(out, round_.id, "x").parent
        for juror in judging.scorers(round_):
            rows = tuple(
                SheetRow(
                    entry_id=e.entry_id,
                    agency=e.agency,
                    title=e.title,
                    page=_relative(out / e.entry_id / "report.html", folder),
                    video=e.link,
                    recused=_why(config, out_of.get((juror.id, e.entry_id)), agency_of(e), lang),
                )
                for e in entries
            )
            spec = SheetSpec(
                competition_id=config.competition.id,
                competition=config.competition.name,
                juror=juror,
                round=round_,
                rows=rows,
                made_at=now or datetime.now(UTC),
            )
            written.append(_write(sheet_path(out, round_.id, juror.id), spec, lang))
    return written


def _write(path: Path, spec: SheetSpec, lang: str) -> Placing:
    placing = place(path, functools.partial(holds_sheet, sheet=spec, lang=lang))
    if placing.state != "unchanged":
        write_sheet(placing.path, spec, lang)
    return placing


def _why(config: Config, recusal: Recusal | None, agency: str, lang: str) -> str | None:
    return None if recusal is None else recusal_text(config, recusal, agency, lang)


def _relative(target: Path, folder: Path) -> str:
    import os

    return Path(os.path.relpath(target, folder)).as_posix()
