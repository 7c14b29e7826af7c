"""The public favourite's counting sheets: one per counter, filled by hand at the cut-off.

    make_count_sheets(store, config, out, lang) -> [Placing]
        OUT/penilaian/favorit/penghitung-N.xlsx (never over a filled or differing one)
    import_count(store, config, path, *, by) -> Count        checked whole, then stored

Columns (row 4 is the header): entry_id, agency, post_link, reactions, comments,
counted_at, counted_by, screenshot.  One row per eligible entry.  The counter writes
the post's link, what the post shows at the cut-off, when they counted (local time of
the deadline's zone), their name and the screenshot's file name.  A sheet is refused
whole, naming the cell: a count that is not a whole number of 0 or more, a row left
empty, a time before the cut-off or not a time, a sheet with no counter's name or two
names, rows removed, added or repeated.  The counter's later sheet replaces their
earlier one (a recount); both stay in the journal.
"""

from __future__ import annotations

import functools
import hashlib
import json
from datetime import datetime
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation

from pipeline import i18n
from pipeline.errors import InputRejected
from pipeline.fsutil import write_atomic
from pipeline.jury import count_texts as _texts  # noqa: F401  (registers the messages)
from pipeline.jury.entries import agency_of, eligible
from pipeline.jury.files import judging_of
from pipeline.jury.placing import Holding, Placing, place
from pipeline.jury.records import COUNT, Count, CountRow
from pipeline.jury.sheets import UNREADABLE, text
from pipeline.store.journal import Act

if TYPE_CHECKING:
    from pipeline.config import Config
    from pipeline.jury.rules import Favourite
    from pipeline.store import Store
    from pipeline.store.jury import Validated

COLUMNS = (
    "entry_id",
    "agency",
    "post_link",
    "reactions",
    "comments",
    "counted_at",
    "counted_by",
    "screenshot",
)
HEADER_ROW = 4
META = "kipp"
Problem = tuple[str, dict[str, Any]]


def count_folder(out: Path) -> Path:
    return out / "penilaian" / "favorit"


def make_count_sheets(
    store: Store, config: Config, out: Path, *, lang: str = "id"
) -> list[Placing]:
    """One counting sheet per counter the config asks for, listing every eligible entry.
    A file already at a sheet's place is never overwritten: left as it is when it holds
    this very sheet with nothing counted, else the sheet goes beside it as
    ``penghitung-N (2).xlsx`` (``pipeline.jury.placing``)."""
    rule = judging_of(config).favourite
    if rule is None:
        raise InputRejected([("jury.count.bad.no_favourite", {})])
    entries = sorted(eligible(store.validated()), key=lambda e: agency_of(e).casefold())
    if not entries:
        return []
    placed = []
    for n in range(1, rule.counters + 1):
        shown = {
            "competition": config.competition.id,
            "label": rule.label,
            "cut_off": rule.cut_off.isoformat(),
            "counter": n,
            "lang": lang,
            "entries": [(e.entry_id, agency_of(e)) for e in entries],
        }
        made_from = hashlib.sha256(json.dumps(shown, sort_keys=True).encode()).hexdigest()
        placing = place(
            count_folder(out) / f"penghitung-{n}.xlsx",
            functools.partial(holds_count, digest=made_from),
        )
        if placing.state != "unchanged":
            write_atomic(placing.path, _book(config, rule, entries, made_from, lang))
        placed.append(placing)
    return placed


def _book(
    config: Config, rule: Favourite, entries: list[Validated], made_from: str, lang: str
) -> bytes:
    """The counting sheet's bytes (see the module docstring)."""
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "Hitungan"
    text(
        ws.cell(1, 1),
        i18n.message(
            "jury.count.title", lang, label=rule.label, competition=config.competition.name
        ),
    ).font = Font(bold=True)
    text(
        ws.cell(2, 1),
        i18n.message("jury.count.how", lang, cutoff=rule.cut_off.strftime("%d-%m-%Y %H:%M")),
    )
    for col, head in enumerate(COLUMNS, start=1):
        cell = text(ws.cell(HEADER_ROW, col), head)
        cell.font, cell.fill = Font(bold=True), PatternFill("solid", fgColor="E8EEF7")
    for row, e in enumerate(entries, start=HEADER_ROW + 1):
        text(ws.cell(row, 1), e.entry_id)
        text(ws.cell(row, 2), agency_of(e))
        for col in range(3, len(COLUMNS) + 1):
            ws.cell(row, col).protection = Protection(locked=False)
    counts = DataValidation(
        type="whole",
        operator="greaterThanOrEqual",
        formula1="0",
        allow_blank=True,
        showErrorMessage=True,
    )
    counts.add(f"D{HEADER_ROW + 1}:E{HEADER_ROW + len(entries)}")
    ws.add_data_validation(counts)
    for letter, width in zip("ABCDEFGH", (22, 34, 40, 10, 10, 18, 20, 24), strict=True):
        ws.column_dimensions[letter].width = width
    ws.protection.sheet = True
    meta = book.create_sheet(META)
    pairs = (("kind", "count"), ("competition", config.competition.id), ("digest", made_from))
    for r, (k, v) in enumerate(pairs, 1):
        text(meta.cell(r, 1), k)
        text(meta.cell(r, 2), v)
    meta.sheet_state = "veryHidden"
    data = BytesIO()
    book.save(data)
    return data.getvalue()


def holds_count(path: Path, digest: str) -> Holding:
    """What the file at ``path`` holds against the counting sheet of ``digest``:
    ``filled`` (anything in a counter's columns), ``same``, ``changed`` (another counting
    sheet: other entries, cut-off or language) or ``foreign``."""
    try:
        book = load_workbook(BytesIO(path.read_bytes()), read_only=True, data_only=True)
    except UNREADABLE:
        return "foreign"
    try:
        if META not in book.sheetnames:
            return "foreign"
        meta = {k: v for k, v, *_ in book[META].iter_rows(max_col=2, values_only=True) if k}
        if meta.get("kind") != "count":
            return "foreign"
        rows = book.worksheets[0].iter_rows(min_row=HEADER_ROW + 1, values_only=True)
        if any(v not in (None, "") for row in rows for v in row[2 : len(COLUMNS)]):
            return "filled"
        return "same" if meta.get("digest") == digest else "changed"
    finally:
        book.close()


def read_count(path: Path, config: Config, entry_ids: list[str]) -> tuple[Count, list[Problem]]:
    """The counting sheet at ``path`` and every problem with it (see the module docstring)."""
    name = path.name
    try:
        data = path.read_bytes()
        book = load_workbook(BytesIO(data), data_only=True)
    except UNREADABLE as exc:
        raise InputRejected([("jury.sheet.bad.not_xlsx", {"file": name})]) from exc
    if META not in book.sheetnames:
        raise InputRejected([("jury.count.bad.not_kipp", {"file": name})])
    meta = {str(k): v for k, v in book[META].iter_rows(max_col=2, values_only=True)}
    problems: list[Problem] = []
    if meta.get("kind") != "count" or meta.get("competition") != config.competition.id:
        problems.append(("jury.count.bad.other", {"file": name}))
    ws = book.worksheets[0]
    heads = [
        str(c or "").strip()
        for c in next(ws.iter_rows(min_row=HEADER_ROW, max_row=HEADER_ROW, values_only=True), ())
    ]
    if heads[: len(COLUMNS)] != list(COLUMNS):
        raise InputRejected([("jury.count.bad.header", {"file": name, "row": HEADER_ROW})])
    rule = judging_of(config).favourite
    assert rule is not None
    rows: list[CountRow] = []
    names: set[str] = set()
    seen: set[str] = set()
    for n, values in enumerate(
        ws.iter_rows(min_row=HEADER_ROW + 1, max_col=len(COLUMNS), values_only=True),
        start=HEADER_ROW + 1,
    ):
        cells = dict(zip(COLUMNS, values, strict=False))
        entry = str(cells.get("entry_id") or "").strip()
        if not entry:
            continue
        if entry in seen or entry not in entry_ids:
            key = "repeated" if entry in seen else "extra"
            problems.append((f"jury.count.bad.{key}", {"where": f"{name}, A{n}", "entry": entry}))
            continue
        seen.add(entry)
        row, found = _row(cells, entry, lambda col, n=n: f"{name}, {col}{n}", rule.cut_off)
        problems += found
        if row is not None:
            rows.append(row)
        if cells.get("counted_by"):
            names.add(str(cells["counted_by"]).strip())
    problems += [
        ("jury.count.bad.missing", {"file": name, "entry": e}) for e in entry_ids if e not in seen
    ]
    if len(names) != 1:
        problems.append(
            ("jury.count.bad.counter", {"file": name, "names": ", ".join(sorted(names)) or "-"})
        )
    counter = next(iter(names)) if len(names) == 1 else ""
    sha = hashlib.sha256(data).hexdigest()
    return Count(counter=counter, name=name, sha256=sha, rows=tuple(rows)), problems


def _count(value: Any) -> int | None:
    """A count as a whole number of 0 or more; None when the cell holds anything else."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return int(value) if value >= 0 and value == int(value) else None


def _row(
    cells: dict[str, Any], entry: str, where: Any, cut_off: datetime
) -> tuple[CountRow | None, list[Problem]]:
    """One line of the sheet checked (``where(column letter)`` names a cell)."""
    problems: list[Problem] = []
    counts: dict[str, int] = {}
    for col, letter in (("reactions", "D"), ("comments", "E")):
        value = cells.get(col)
        number = _count(value)
        if value is None or value == "":
            problems.append(("jury.count.bad.empty", {"where": where(letter), "what": col}))
        elif number is None:
            problems.append(("jury.count.bad.count", {"where": where(letter), "value": str(value)}))
        else:
            counts[col] = number
    at = cells.get("counted_at")
    when = _when(at)
    stamp = "%d-%m-%Y %H:%M"
    if when is None:
        problems.append(("jury.count.bad.time", {"where": where("F"), "value": str(at or "")}))
    elif when < cut_off:
        problems.append(
            (
                "jury.count.bad.early",
                {
                    "where": where("F"),
                    "at": when.strftime(stamp),
                    "cutoff": cut_off.strftime(stamp),
                },
            )
        )
    link = str(cells.get("post_link") or "").strip()
    if link and not link.startswith(("https://", "http://")):
        problems.append(("jury.count.bad.link", {"where": where("C"), "value": link[:80]}))
    if problems:
        return None, problems
    return CountRow(
        entry_id=entry,
        agency=str(cells.get("agency") or ""),
        post_link=link,
        reactions=counts["reactions"],
        comments=counts["comments"],
        counted_at=when,
        screenshot=str(cells.get("screenshot") or "").strip(),
    ), []


def _when(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, str):
        for fmt in (
            "%Y-%m-%d %H:%M",
            "%Y-%m-%d %H:%M:%S",
            "%d-%m-%Y %H:%M",
            "%d/%m/%Y %H:%M",
            "%Y-%m-%dT%H:%M:%S",
            "%Y-%m-%dT%H:%M",
        ):
            try:
                return datetime.strptime(value.strip(), fmt)
            except ValueError:
                continue
    return None


def import_count(
    store: Store,
    config: Config,
    path: Path,
    *,
    by: str,
    address: str = "cli",
    now: datetime | None = None,
) -> Count:
    """Check the counting sheet at ``path`` and store it as its counter's latest count.
    Raises InputRejected listing every problem: then nothing was stored."""
    ids = [e.entry_id for e in eligible(store.validated())]
    count, problems = read_count(path, config, ids)
    if problems:
        raise InputRejected(problems)
    from datetime import UTC

    store.record(
        Act(
            kind=COUNT,
            at=now or datetime.now(UTC),
            by=by,
            address=address,
            payload=count.model_dump(mode="json"),
        )
    )
    return count
