"""``OUT/rekap-penilaian.xlsx``: every juror's cell, one worksheet per round, for an auditor.

Each worksheet lists one row per juror and entry: the entry, the juror, each criterion's
value, the juror's weighted score as a formula of those cells and the weights row above
(so it can be recomputed), whether it counts (``counted``, ``recused``, ``missing``...)
and where it came from (who entered it, when, which sheet and version or which browser
session).  Below, one row per entry: the mean as an AVERAGEIFS formula over the counted
rows, the median and spread as kipp computed them, the rank.  Text from the registry is
written as text, never as a formula.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from pipeline.fsutil import write_atomic
from pipeline.jury.results import RoundResult, Tally
from pipeline.jury.rules import Judging, Round
from pipeline.jury.sheets import text

WORKBOOK = "rekap-penilaian.xlsx"


def write_workbook(tally: Tally, judging: Judging, out: Path) -> Path:
    """Write the workbook to ``out/rekap-penilaian.xlsx`` (atomically) and return it."""
    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    for r in tally.rounds:
        round_ = judging.round(r.round_id)
        if round_ is not None:
            _sheet(book.create_sheet(r.round_id[:31]), r, round_)
    if not book.worksheets:
        book.create_sheet("kosong")
    data = BytesIO()
    book.save(data)
    return write_atomic(out / WORKBOOK, data.getvalue())


def _sheet(ws: Any, r: RoundResult, round_: Round) -> None:
    crit = [c.id for c in round_.criteria]
    heads = ["entry_id", "agency", "juror", *crit, "weighted", "state", "by", "at", "source"]
    text(ws.cell(1, 1), "weights")
    text(ws.cell(2, 1), "scale_max")
    for n, c in enumerate(round_.criteria, start=4):
        ws.cell(1, n).value = c.weight
        ws.cell(2, n).value = c.scale_max
    for col, head in enumerate(heads, start=1):
        text(ws.cell(3, col), head).font = Font(bold=True)
    row = 4
    last = get_column_letter(3 + len(crit))
    for e in r.entries:
        for cell in e.jurors:
            values = [cell.values.get(c) for c in crit]
            for col, name in enumerate((e.entry_id, e.agency, cell.juror_id), start=1):
                text(ws.cell(row, col), name)
            for col, number in enumerate(values, start=4):
                ws.cell(row, col).value = number
            if all(v is not None for v in values):
                ws.cell(row, 4 + len(crit)).value = (
                    f"=SUMPRODUCT($D$1:${last}$1,D{row}:{last}{row}/$D$2:${last}$2)"
                    f"/SUM($D$1:${last}$1)*100"
                )
            trace = cell.trace
            source = ""
            if trace is not None:
                s = trace.source
                source = f"{s.kind} {s.name}" + (f" v{s.version}" if s.version else "")
            extra = (
                cell.state,
                trace.by if trace else "",
                trace.at.isoformat() if trace else "",
                source,
            )
            for col, value in enumerate(extra, start=5 + len(crit)):
                text(ws.cell(row, col), value)
            row += 1
    detail_end = row - 1
    row += 1
    summary = ["entry_id", "agency", "mean", "median", "spread", "rank", "tied", "flags"]
    for col, head in enumerate(summary, start=1):
        text(ws.cell(row, col), head).font = Font(bold=True)
    weighted = get_column_letter(4 + len(crit))
    state = get_column_letter(5 + len(crit))
    for e in r.entries:
        row += 1
        text(ws.cell(row, 1), e.entry_id)
        text(ws.cell(row, 2), e.agency)
        if e.mean is not None and r.normalisation == "mean":
            ws.cell(row, 3).value = (
                f"=AVERAGEIFS(${weighted}$4:${weighted}${detail_end},$A$4:$A${detail_end},A{row},"
                f'${state}$4:${state}${detail_end},"counted")'
            )
        else:
            ws.cell(row, 3).value = e.mean
        ws.cell(row, 4).value = e.median
        ws.cell(row, 5).value = e.spread
        ws.cell(row, 6).value = e.rank
        text(ws.cell(row, 7), "yes" if e.tied else "")
        text(ws.cell(row, 8), ", ".join(e.flags))
