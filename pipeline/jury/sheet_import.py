"""Import a juror's filled score sheet: everything checked first, nothing stored on any error.

    read_sheet(path) -> Filled                     what the sheet holds (or InputRejected)
    import_sheet(store, judging, competition_id, path, *, by, juror=None, round_id=None)

Checks, each naming the file, the cell and what to do: a file that is no readable .xlsx
or was not made by ``kipp jury sheets``; a sheet of another competition, juror or round
(``juror``/``round_id``: what the officer expects, when given); a header or criterion
column removed; a value that is text, out of the scale or off its step; an entry's row
removed, added or repeated; an entry list that changed since the sheet was made (an
entry passed or failed since: make a new sheet); a weight changed in the sheet, or in the
config since the sheet was made.  Then the scores are stored as the juror's next sheet
version (``record_scores``); the earlier versions stay.  The same file again is not
stored twice (``ImportResult.same_as``).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from pydantic import Field

from pipeline.errors import InputRejected
from pipeline.jury import sheet_texts as _texts  # noqa: F401  (registers the messages)
from pipeline.jury.records import ScoreSource
from pipeline.jury.rules import Judging
from pipeline.jury.scoring import (
    Problem,
    check_scores,
    plain_number,
    record_scores,
    round_entries,
)
from pipeline.jury.sheets import FIXED, META_TITLE, SCORES_TITLE, UNREADABLE, WEIGHTS_TITLE
from pipeline.models import Model

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from pipeline.store import Store

MAX_BYTES = 20 * 1024 * 1024  # a sheet of 3,000 entries is ~300 KB


class Filled(Model):
    """What a filled sheet holds: its file (name, sha256), what it was made from (the
    hidden worksheet), its rows (entry id -> criterion id -> the cell's value, as read)
    and where each sits (``cells``: "entry/criterion" -> "D7"; ``rows_at``: entry -> row)."""

    name: str
    sha256: str
    competition: str = ""
    juror_id: str = ""
    round_id: str = ""
    made_entries: tuple[str, ...] = ()
    made_weights: dict[str, float] = Field(default_factory=dict)
    shown_weights: dict[str, tuple[str, Any]] = Field(default_factory=dict)  # id -> (cell, value)
    columns: tuple[str, ...] = ()
    rows: dict[str, dict[str, Any]] = Field(default_factory=dict)
    cells: dict[str, str] = Field(default_factory=dict)
    rows_at: dict[str, int] = Field(default_factory=dict)
    repeated: tuple[tuple[str, str], ...] = ()  # (entry, cell) of rows given twice
    problems: tuple[tuple[str, dict[str, Any]], ...] = ()


class ImportResult(Model):
    juror_id: str
    round_id: str
    version: int
    rows: int
    act_id: str | None = None
    same_as: int | None = None  # the file was imported before as this version


def read_sheet(path: Path) -> Filled:
    """Read ``path`` as a kipp score sheet.  Raises InputRejected when it is no readable
    .xlsx or was not made by ``kipp jury sheets``; other problems are kept in
    ``Filled.problems`` for ``import_sheet`` to report with the rest."""
    name = path.name
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputRejected(
            [("jury.sheet.bad.unreadable", {"file": name, "reason": exc.strerror or str(exc)})]
        ) from exc
    if len(data) > MAX_BYTES:
        raise InputRejected([("jury.sheet.bad.too_big", {"file": name, "mb": len(data) // 2**20})])
    from io import BytesIO

    try:
        book = load_workbook(BytesIO(data), data_only=True, read_only=False)
    except UNREADABLE as exc:
        raise InputRejected([("jury.sheet.bad.not_xlsx", {"file": name})]) from exc
    if META_TITLE not in book.sheetnames or SCORES_TITLE not in book.sheetnames:
        raise InputRejected([("jury.sheet.bad.not_kipp", {"file": name})])
    filled = _meta(book[META_TITLE], name, hashlib.sha256(data).hexdigest())
    filled = _weights(book[WEIGHTS_TITLE], filled) if WEIGHTS_TITLE in book.sheetnames else filled
    return _scores(book.worksheets[0], filled)


def _meta(ws: Worksheet, name: str, sha256: str) -> Filled:
    values: dict[str, Any] = {}
    weights: dict[str, float] = {}
    entries: list[str] = []
    part = ""
    for key, value in ws.iter_rows(min_col=1, max_col=2, values_only=True):
        if key in ("weights", "entries"):
            part = str(key)
        elif part == "weights" and key is not None and isinstance(value, int | float):
            weights[str(key)] = float(value)
        elif part == "entries" and key is not None:
            entries.append(str(key))
        elif key is not None and not part:
            values[str(key)] = value
    return Filled(
        name=name,
        sha256=sha256,
        competition=str(values.get("competition") or ""),
        juror_id=str(values.get("juror") or ""),
        round_id=str(values.get("round") or ""),
        made_entries=tuple(entries),
        made_weights=weights,
    )


def _weights(ws: Worksheet, filled: Filled) -> Filled:
    shown = {}
    for n, row in enumerate(ws.iter_rows(min_row=2, max_col=6, values_only=True), start=2):
        if row[0] is not None and row[0] != "" and len(row) >= 6:
            shown[str(row[0])] = (f"{WEIGHTS_TITLE}!F{n}", row[5])
    return filled.model_copy(update={"shown_weights": shown})


def _scores(ws: Worksheet, filled: Filled) -> Filled:
    header_row, heads = _header(ws)
    if header_row is None:
        return filled.model_copy(
            update={"problems": (("jury.sheet.bad.no_header", {"file": filled.name}),)}
        )
    first = {h: n for n, h in reversed(list(enumerate(heads)))}
    rows: dict[str, dict[str, Any]] = {}
    cells: dict[str, str] = {}
    rows_at: dict[str, int] = {}
    repeated: list[tuple[str, str]] = []
    criteria = [h for h in heads if h and h not in FIXED and h != "note"]
    for n, row in enumerate(
        ws.iter_rows(min_row=header_row + 1, values_only=True), start=header_row + 1
    ):
        entry = row[first["entry_id"]] if first["entry_id"] < len(row) else None
        if entry is None or str(entry).strip() == "":
            continue
        entry = str(entry).strip()
        if entry in rows:
            repeated.append((entry, f"A{n}"))
            continue
        rows[entry] = {c: row[first[c]] if first[c] < len(row) else None for c in criteria}
        rows_at[entry] = n
        for c in criteria:
            cells[f"{entry}/{c}"] = f"{get_column_letter(first[c] + 1)}{n}"
    return filled.model_copy(
        update={
            "columns": tuple(criteria),
            "rows": rows,
            "cells": cells,
            "rows_at": rows_at,
            "repeated": tuple(repeated),
        }
    )


def _header(ws: Worksheet) -> tuple[int | None, list[str]]:
    for n, row in enumerate(ws.iter_rows(min_row=1, max_row=12, values_only=True), start=1):
        heads = ["" if v is None else str(v).strip() for v in row]
        if "entry_id" in heads:
            return n, heads
    return None, []


def check_sheet(
    store: Store,
    judging: Judging,
    competition_id: str,
    filled: Filled,
    *,
    juror: str | None = None,
    round_id: str | None = None,
) -> list[Problem]:
    """Every problem with ``filled`` (see the module docstring), values included."""
    problems: list[Problem] = list(filled.problems)
    f = filled.name
    if filled.competition != competition_id:
        problems.append(
            (
                "jury.sheet.bad.competition",
                {"file": f, "found": filled.competition, "expected": competition_id},
            )
        )
    if juror is not None and filled.juror_id != juror:
        problems.append(
            ("jury.sheet.bad.juror", {"file": f, "found": filled.juror_id, "expected": juror})
        )
    if round_id is not None and filled.round_id != round_id:
        problems.append(
            ("jury.sheet.bad.round", {"file": f, "found": filled.round_id, "expected": round_id})
        )
    round_ = judging.round(filled.round_id)
    if judging.juror(filled.juror_id) is None or round_ is None or problems:
        if judging.juror(filled.juror_id) is None:
            problems.append(("jury.sheet.bad.juror_unknown", {"file": f, "found": filled.juror_id}))
        if round_ is None:
            problems.append(("jury.sheet.bad.round_unknown", {"file": f, "found": filled.round_id}))
        return problems
    problems += _structure(filled, judging, store)
    problems += _weights_changed(filled, judging)
    scores = {
        e: {c: v for c, v in row.items() if round_.criterion(c)}
        for e, row in filled.rows.items()
        if e in set(filled.made_entries)
    }
    found, _ = check_scores(
        store,
        judging,
        filled.juror_id,
        filled.round_id,
        scores,
        browser=False,
        locate=_locator(filled),
    )
    return problems + found


def _locator(filled: Filled) -> Any:
    def locate(entry_id: str, criterion: str | None) -> str:
        if criterion is None:
            return f"{filled.name}, sel A{filled.rows_at.get(entry_id, '?')} ({entry_id})"
        return f"{filled.name}, sel {filled.cells.get(f'{entry_id}/{criterion}', '?')}"

    return locate


def _structure(filled: Filled, judging: Judging, store: Store) -> list[Problem]:
    f = filled.name
    round_ = judging.round(filled.round_id)
    assert round_ is not None
    out: list[Problem] = []
    for c in round_.criteria:
        if c.id not in filled.columns:
            out.append(("jury.sheet.bad.column_missing", {"file": f, "criterion": c.id}))
    made = list(filled.made_entries)
    for entry in made:
        if entry not in filled.rows:
            out.append(("jury.sheet.bad.missing_entry", {"file": f, "entry": entry}))
    for entry, at in filled.rows_at.items():
        if entry not in made:
            out.append(
                ("jury.sheet.bad.extra_entry", {"file": f, "cell": f"A{at}", "entry": entry})
            )
    out += [
        ("jury.sheet.bad.repeated_entry", {"file": f, "cell": cell, "entry": entry})
        for entry, cell in filled.repeated
    ]
    now = [e.entry_id for e in round_entries(store, judging, filled.round_id)]
    added, removed = sorted(set(now) - set(made)), sorted(set(made) - set(now))
    if added or removed:
        out.append(
            (
                "jury.sheet.bad.list_changed",
                {"file": f, "added": ", ".join(added) or "-", "removed": ", ".join(removed) or "-"},
            )
        )
    return out


def _weights_changed(filled: Filled, judging: Judging) -> list[Problem]:
    round_ = judging.round(filled.round_id)
    assert round_ is not None
    out: list[Problem] = []
    for c in round_.criteria:
        cell, shown = filled.shown_weights.get(c.id, (f"{WEIGHTS_TITLE}!F?", None))
        if not isinstance(shown, int | float) or abs(float(shown) - c.weight) > 1e-9:
            out.append(
                (
                    "jury.sheet.bad.weight_changed",
                    {
                        "file": filled.name,
                        "cell": cell,
                        "criterion": c.id,
                        "found": shown
                        if not isinstance(shown, int | float)
                        else plain_number(shown),
                        "declared": plain_number(c.weight),
                    },
                )
            )
        made = filled.made_weights.get(c.id)
        if made is not None and abs(made - c.weight) > 1e-9:
            out.append(
                (
                    "jury.sheet.bad.weights_since",
                    {
                        "file": filled.name,
                        "criterion": c.id,
                        "made": plain_number(made),
                        "declared": plain_number(c.weight),
                    },
                )
            )
    return out


def import_sheet(
    store: Store,
    judging: Judging,
    competition_id: str,
    path: Path,
    *,
    by: str,
    juror: str | None = None,
    round_id: str | None = None,
) -> ImportResult:
    """Check the filled sheet at ``path`` and store its scores as the juror's next version
    (handed in).  Raises InputRejected listing every problem: then nothing was stored."""
    filled = read_sheet(path)
    problems = check_sheet(store, judging, competition_id, filled, juror=juror, round_id=round_id)
    if problems:
        raise InputRejected(problems)
    earlier = _same_file(store, filled)
    if earlier is not None:
        return ImportResult(
            juror_id=filled.juror_id,
            round_id=filled.round_id,
            version=earlier,
            rows=len(filled.rows),
            same_as=earlier,
        )
    version = store.sheet_versions(filled.juror_id, filled.round_id) + 1
    source = ScoreSource(kind="sheet", name=filled.name, sha256=filled.sha256, version=version)
    act = record_scores(
        store,
        judging,
        filled.juror_id,
        filled.round_id,
        {e: filled.rows[e] for e in filled.made_entries},
        by=by,
        source=source,
        submit=True,
        locate=_locator(filled),
    )
    return ImportResult(
        juror_id=filled.juror_id,
        round_id=filled.round_id,
        version=version,
        rows=len(filled.made_entries),
        act_id=act.act_id,
    )


def _same_file(store: Store, filled: Filled) -> int | None:
    for row in store.score_history(filled.round_id):
        source = row.trace.source
        if row.juror_id == filled.juror_id and source.sha256 == filled.sha256 and source.version:
            return source.version
    return None
