"""A juror's score sheet (.xlsx, openpyxl): one per juror and round.

    write_sheet(path, sheet: SheetSpec, lang) -> path
    sheet_path(out, round_id, juror_id)         OUT/penilaian/<round>/<juror-slug>.xlsx
    holds_sheet(path, sheet, lang) -> Holding   what a file already there holds

The first worksheet ("Penilaian") holds the juror's name and the round, the criteria's
labels with their scale and weight (row 4), then one header row (row 5: ``entry_id``,
agency, title, page, video, one column per criterion id, note) and one row per entry of
the round, with a link to its report page and its video.  Each criterion column only
takes numbers on its scale (data validation); a row the juror must not score (their own
agency, a declared conflict) is greyed, locked and says why.  The sheet is protected but
for the score and note cells.  The second worksheet ("Bobot") shows the weights,
protected; a hidden third ("kipp") keeps what the sheet was made from (juror, round,
entries, weights, and a digest of all it shows), so an import can tell a changed weight
or entry list, and ``kipp jury sheets`` a sheet already there from the one it would
write (``pipeline.jury.placing``: a filled or differing sheet is never overwritten).

Text from the registry (agency names, titles) is always written as text, never as a
formula; a video link becomes a hyperlink only when it is an http(s) address.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from datetime import datetime
from io import BytesIO
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from pipeline import i18n
from pipeline.fsutil import write_atomic
from pipeline.jury import words as _words  # noqa: F401  (registers the sheet's words)
from pipeline.jury.placing import Holding
from pipeline.jury.rules import Criterion, Juror, Round
from pipeline.models import Model
from pipeline.text import slug

FORMAT = 1  # the hidden "kipp" worksheet's layout version
SCORES_TITLE = "Penilaian"
WEIGHTS_TITLE = "Bobot"
META_TITLE = "kipp"
HEADER_ROW = 5  # the row of entry_id and the criterion ids
FIXED = ("entry_id", "agency", "title", "page", "video")  # columns before the criteria
# what openpyxl raises for a file that is no readable workbook
UNREADABLE = (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError)
GREY = PatternFill("solid", fgColor="D9D9D9")
HEAD = PatternFill("solid", fgColor="E8EEF7")


class SheetRow(Model):
    """One entry on a sheet: ``page`` is its report page relative to the sheet,
    ``recused`` why the juror leaves it empty (None: the juror scores it)."""

    entry_id: str
    agency: str
    title: str = ""
    page: str = ""
    video: str = ""
    recused: str | None = None


class SheetSpec(Model):
    competition_id: str
    competition: str
    juror: Juror
    round: Round
    rows: tuple[SheetRow, ...]
    made_at: datetime


def sheet_path(out: Path, round_id: str, juror_id: str) -> Path:
    """Where ``kipp jury sheets`` writes a juror's sheet of a round."""
    return out / "penilaian" / round_id / f"{slug(juror_id)}.xlsx"


def _w(key: str, lang: str, **params: object) -> str:
    return i18n.message(f"jury.sheet.{key}", lang, **params)


def text(cell: Cell, value: str) -> Cell:
    """Put ``value`` in ``cell`` as text: a registry value starting with "=" stays text."""
    cell.value = value
    cell.data_type = "s"
    return cell


def criterion_label(criterion: Criterion, lang: str) -> str:
    label = criterion.label_en if lang == "en" and criterion.label_en else criterion.label
    return _w(
        "criterion",
        lang,
        label=label,
        low=_num(criterion.scale_min),
        high=_num(criterion.scale_max),
        weight=_num(criterion.weight),
    )


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def write_sheet(path: Path, sheet: SheetSpec, lang: str) -> Path:
    """Write the juror's sheet to ``path`` (atomically) and return it."""
    book = Workbook()
    scores = book.active
    assert scores is not None
    scores.title = SCORES_TITLE
    _scores(scores, sheet, lang)
    _weights(book.create_sheet(WEIGHTS_TITLE), sheet.round, lang)
    _meta(book.create_sheet(META_TITLE), sheet, digest(sheet, lang))
    data = BytesIO()
    book.save(data)
    write_atomic(path, data.getvalue())
    return path


def _scores(ws: Worksheet, sheet: SheetSpec, lang: str) -> None:
    round_, juror = sheet.round, sheet.juror
    text(ws.cell(1, 1), _w("title", lang, competition=sheet.competition)).font = Font(
        bold=True, size=13
    )
    text(ws.cell(2, 1), _w("juror", lang))
    text(ws.cell(2, 2), f"{juror.name} ({juror.id})").font = Font(bold=True)
    text(ws.cell(3, 1), _w("round", lang))
    label = round_.label_en if lang == "en" and round_.label_en else round_.label
    text(ws.cell(3, 2), f"{label} ({round_.id})").font = Font(bold=True)
    text(ws.cell(2, 4), _w("how", lang))
    first = len(FIXED) + 1
    for n, criterion in enumerate(round_.criteria):
        cell = text(ws.cell(4, first + n), criterion_label(criterion, lang))
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    heads = [*FIXED, *(c.id for c in round_.criteria), "note"]
    for col, head in enumerate(heads, start=1):
        cell = text(ws.cell(HEADER_ROW, col), head)
        cell.font, cell.fill = Font(bold=True), HEAD
    for n, row in enumerate(sheet.rows, start=HEADER_ROW + 1):
        _row(ws, n, row, round_, lang)
    _validation(ws, round_, len(sheet.rows), lang)
    for col, width in zip(range(1, first), (22, 34, 34, 10, 10), strict=True):
        ws.column_dimensions[get_column_letter(col)].width = width
    for n in range(len(round_.criteria)):
        ws.column_dimensions[get_column_letter(first + n)].width = 16
    ws.column_dimensions[get_column_letter(first + len(round_.criteria))].width = 40
    ws.row_dimensions[4].height = 48
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, first)
    ws.protection.sheet = True  # only the score and note cells can be changed


def _row(ws: Worksheet, n: int, row: SheetRow, round_: Round, lang: str) -> None:
    text(ws.cell(n, 1), row.entry_id)
    text(ws.cell(n, 2), row.agency)
    text(ws.cell(n, 3), row.title)
    if row.page:
        page = text(ws.cell(n, 4), _w("open", lang))
        page.hyperlink, page.style = row.page, "Hyperlink"
    if row.video.startswith(("https://", "http://")):
        video = text(ws.cell(n, 5), _w("watch", lang))
        video.hyperlink, video.style = row.video, "Hyperlink"
    first = len(FIXED) + 1
    for col in range(first, first + len(round_.criteria)):
        cell = ws.cell(n, col)
        if row.recused is None:
            cell.protection = Protection(locked=False)
        else:
            cell.fill = GREY
    note = ws.cell(n, first + len(round_.criteria))
    if row.recused is not None:
        text(note, row.recused).fill = GREY
    else:
        note.protection = Protection(locked=False)


def _validation(ws: Worksheet, round_: Round, rows: int, lang: str) -> None:
    if not rows:
        return
    first = len(FIXED) + 1
    for n, c in enumerate(round_.criteria):
        whole = c.step == 1 and float(c.scale_min).is_integer()
        rule = DataValidation(
            type="whole" if whole else "decimal",
            operator="between",
            formula1=_num(c.scale_min),
            formula2=_num(c.scale_max),
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=c.id,
            error=_w("invalid", lang, low=_num(c.scale_min), high=_num(c.scale_max)),
        )
        col = get_column_letter(first + n)
        rule.add(f"{col}{HEADER_ROW + 1}:{col}{HEADER_ROW + rows}")
        ws.add_data_validation(rule)


def _weights(ws: Worksheet, round_: Round, lang: str) -> None:
    heads = ("criterion", "label", "description", "scale_min", "scale_max", "weight")
    for col, head in enumerate(heads, start=1):
        cell = text(ws.cell(1, col), head)
        cell.font, cell.fill = Font(bold=True), HEAD
    for n, c in enumerate(round_.criteria, start=2):
        label = c.label_en if lang == "en" and c.label_en else c.label
        for col, value in enumerate((c.id, label, c.description), start=1):
            text(ws.cell(n, col), value)
        for col, number in enumerate((c.scale_min, c.scale_max, c.weight), start=4):
            ws.cell(n, col).value = number
    text(ws.cell(len(round_.criteria) + 3, 1), _w("weights_note", lang))
    for letter, width in zip("ABCDEF", (18, 30, 60, 10, 10, 10), strict=True):
        ws.column_dimensions[letter].width = width
    ws.protection.sheet = True


def _meta(ws: Worksheet, sheet: SheetSpec, made_from: str) -> None:
    pairs = (
        ("format", FORMAT),
        ("competition", sheet.competition_id),
        ("juror", sheet.juror.id),
        ("round", sheet.round.id),
        ("made_at", sheet.made_at.isoformat()),
        ("digest", made_from),
    )
    for n, (key, value) in enumerate(pairs, start=1):
        text(ws.cell(n, 1), key)
        ws.cell(n, 2).value = value
    text(ws.cell(7, 1), "weights")
    for n, c in enumerate(sheet.round.criteria, start=8):
        text(ws.cell(n, 1), c.id)
        ws.cell(n, 2).value = c.weight
    start = 8 + len(sheet.round.criteria) + 1
    text(ws.cell(start, 1), "entries")
    for n, row in enumerate(sheet.rows, start=start + 1):
        text(ws.cell(n, 1), row.entry_id)
    ws.sheet_state = "veryHidden"
    ws.protection.sheet = True


def digest(sheet: SheetSpec, lang: str) -> str:
    """sha256 of everything the sheet shows (juror, round with its criteria and weights,
    each row with its recusal, the language), its making time left out."""
    shown = sheet.model_dump(mode="json", exclude={"made_at"})
    text = json.dumps({"format": FORMAT, "lang": lang, **shown}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def holds_sheet(path: Path, sheet: SheetSpec, lang: str) -> Holding:
    """What the file at ``path`` holds, against the sheet ``sheet`` would make now:
    ``filled`` (a score in a criterion column, or a note kipp did not write), ``same``
    (this very sheet, nothing entered), ``changed`` (another sheet of kipp's: other
    entries, weights, recusals or language) or ``foreign`` (no kipp sheet it can read)."""
    try:
        book = load_workbook(BytesIO(path.read_bytes()), read_only=True, data_only=True)
    except UNREADABLE:
        return "foreign"
    try:
        return _holds(book, sheet, lang)
    finally:
        book.close()


def _holds(book: Any, sheet: SheetSpec, lang: str) -> Holding:
    if META_TITLE not in book.sheetnames or SCORES_TITLE not in book.sheetnames:
        return "foreign"
    made = {k: v for k, v, *_ in book[META_TITLE].iter_rows(max_col=2, values_only=True) if k}
    same = made.get("digest") == digest(sheet, lang)
    expected = {r.entry_id: r.recused for r in sheet.rows} if same else {}
    rows = book[SCORES_TITLE].iter_rows(min_row=HEADER_ROW, values_only=True)
    heads = [str(h) if h is not None else "" for h in next(rows, ())]
    if "entry_id" not in heads:
        return "foreign"
    scores = [n for n, h in enumerate(heads) if h and h not in FIXED and h != "note"]
    note, entry = heads.index("note") if "note" in heads else None, heads.index("entry_id")
    for row in rows:
        cell = dict(enumerate(row))
        if any(cell.get(n) not in (None, "") for n in scores):
            return "filled"
        written = cell.get(note) if note is not None else None
        if same and written not in (None, "") and written != expected.get(str(cell.get(entry))):
            return "filled"
    return "same" if same else "changed"
