"""Registry stage: the submission list (CSV from Google Forms / Sheets / Excel) -> entries.

    open_registry(source, config, drive) -> RegistryRead  entries + which column is what
    read_registry(source, config, drive) -> list[Entry]   a CSV / .xlsx path or a Sheets link
    load_registry(path, config) -> list[Entry]
    parse_rows(rows, config, source=...) -> list[Entry]

Reading the file (size cap, encodings, delimiter, .xlsx) is ``pipeline.registry.file``;
which column holds what (forgiving headers, repeated columns merged per row) is
``pipeline.registry.columns``; the timestamp column's day/month order is
``pipeline.registry.dates``.  Here: blank lines,
extra columns, control characters in a cell (removed; the row gets a note), the same
agency twice (the latest timestamp wins; earlier rows are kept as ``superseded``),
agencies and innovation types outside the config's lists (warnings).  An unreadable or
headerless registry is a RegistryError (exit 2).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict
from rapidfuzz import fuzz

from pipeline import i18n
from pipeline.config import Agency, Competition, Config
from pipeline.errors import RegistryError
from pipeline.models import Entry, RegistryNote, SupersededRow
from pipeline.registry.columns import ColumnMap, match_columns
from pipeline.registry.dates import ColumnDates, decide_order, parse_stamp, read_other_way
from pipeline.registry.file import CONTROL, read_registry_file
from pipeline.text import ClockError, fold, parse_clock, printable, unique_slug

log = logging.getLogger(__name__)

FUZZY_AGENCY = 90  # rapidfuzz ratio (0-100) above which a name counts as a config agency
# the administrative words of a region's name, and their short forms
ADMIN_WORDS = {"kabupaten": ("kabupaten", "kab", "pemkab"), "kota": ("kota", "pemkot")}

i18n.register(
    {
        "registry.agency_unknown": {
            "id": "Nama instansi '{agency}' tidak ada dalam daftar peserta konfigurasi; "
            "periksa ejaannya atau tambahkan instansi itu ke konfigurasi.",
            "en": "Agency '{agency}' is not in the config's participant list; check the "
            "spelling or add the agency to the config.",
        },
        "registry.agency_missing": {
            "id": "Baris {row} registri tidak berisi nama instansi; lengkapi kolom '{column}'.",
            "en": "Registry row {row} has no agency name; fill in column '{column}'.",
        },
        "registry.type_unknown": {
            "id": "Jenis inovasi '{value}' bukan salah satu dari: {allowed}.",
            "en": "Innovation type '{value}' is not one of: {allowed}.",
        },
        "registry.timestamp_unreadable": {
            "id": "Stempel waktu '{value}' di baris {row} tidak dapat dibaca; urutan kiriman "
            "mengikuti urutan baris.",
            "en": "Timestamp '{value}' in row {row} cannot be read; submissions are ordered "
            "by row instead.",
        },
        "registry.date_order_assumed": {
            "id": "Stempel waktu '{value}' dibaca sebagai {read_as} (urutan {order}). Tidak ada "
            "tanggal di kolom itu dengan hari di atas 12 yang memastikan urutan hari/bulan, "
            "jadi dipakai urutan lokal registri ({locale}); jika ekspornya berlokal lain, "
            "atur 'locale' di bagian [registry] konfigurasi.",
            "en": "Timestamp '{value}' was read as {read_as} (order {order}). No date in that "
            "column has a day above 12 to settle day/month, so the registry locale's order "
            "({locale}) was used; if the export has another locale, set 'locale' under "
            "[registry] in the config.",
        },
        "registry.empty": {
            "id": "Registri {registry} kosong: ekspor lagi jawaban formulirnya.",
            "en": "Registry {registry} is empty: export the responses again.",
        },
        "registry.control_chars": {
            "id": "Baris {row} registri berisi karakter kontrol tersembunyi di kolom {columns}; "
            "kipp membuangnya. Periksa isi baris itu di lembar jawaban.",
            "en": "Registry row {row} holds hidden control characters in column(s) {columns}; "
            "kipp removed them. Check that row in the response sheet.",
        },
    }
)


SHEET_PREFIXES = ("http://", "https://", "docs.google.com")


class RegistryRead(BaseModel):
    """A registry as read: its entries (the latest row per agency) and which column was
    used for what (``pipeline.registry.columns.ColumnMap``)."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    entries: tuple[Entry, ...]
    columns: ColumnMap


def open_registry(source: str | Path, config: Config, drive: Any = None) -> RegistryRead:
    """The registry given as users give it (``--registry``): a link (a Google Sheet, read
    through ``drive``, a DriveClient or None) or else a CSV or .xlsx file path.
    Raises RegistryError (a UsageError: exit 2) when it cannot be read."""
    if isinstance(source, str) and source.startswith(SHEET_PREFIXES):
        from pipeline.fetch import sheets  # the Google client loads only for a Sheet

        return parse_table(sheets.read_rows(source, drive), config, source=source)
    return parse_table(read_registry_file(Path(source)), config, source=Path(source))


def read_registry(source: str | Path, config: Config, drive: Any = None) -> list[Entry]:
    """``open_registry``'s entries."""
    return list(open_registry(source, config, drive).entries)


def load_registry(path: Path, config: Config) -> list[Entry]:
    """Read a registry file (see ``pipeline.registry.file`` and the module doc).

    Raises:
        RegistryError: the file cannot be used as a registry (exit 2).
    """
    return parse_rows(read_registry_file(path), config, source=path)


def parse_rows(rows: Sequence[Sequence[str]], config: Config, *, source: Path | str) -> list[Entry]:
    """``parse_table``'s entries."""
    return list(parse_table(rows, config, source=source).entries)


def parse_table(
    rows: Sequence[Sequence[str]], config: Config, *, source: Path | str
) -> RegistryRead:
    """Entries from a registry's rows (header first), the latest row per agency, and the
    column map.

    Raises:
        RegistryError: no rows, or no header with the agency and link columns.
    """
    cleaned = [(i + 1, [c.strip() for c in r]) for i, r in enumerate(rows)]
    cleaned = [(n, r) for n, r in cleaned if any(r)]
    if not cleaned:
        raise RegistryError(key="registry.empty", registry=str(source))
    _, header = cleaned[0]
    header = [CONTROL.sub("", h).strip() for h in header]
    columns = match_columns(header, config, source)
    cols = columns.indexes()
    registry_path = Path(source) if isinstance(source, Path) else None
    data = [(n, *_without_controls(row, header)) for n, row in cleaned[1:]]
    dates = decide_order(
        [_cell(row, cols, "timestamp") for _, row, _ in data],
        config.registry.timestamp_formats,
        locale=config.registry.locale,
    )
    candidates = [
        _entry(n, row, cols, config, registry_path, dates, flagged)
        for n, row, flagged in data
        if any(row)
    ]
    return RegistryRead(entries=tuple(_latest_per_agency(candidates)), columns=columns)


def _without_controls(row: list[str], header: list[str]) -> tuple[list[str], list[str]]:
    """The row with control characters removed, and the columns that held some."""
    flagged = [
        header[i] if i < len(header) and header[i] else str(i + 1)
        for i, cell in enumerate(row)
        if CONTROL.search(cell)
    ]
    if not flagged:
        return row, []
    return [CONTROL.sub("", c).strip() for c in row], flagged


def _cell(row: list[str], cols: dict[str, tuple[int, ...]], key: str) -> str:
    """The row's value for ``key``: the first non-empty of its columns (a question asked
    twice is merged per row), on one line: line breaks and tabs as spaces, bidi controls
    removed (a title's newline must not forge a line in a notice or on the terminal)."""
    for i in cols.get(key, ()):
        if i < len(row) and (value := printable(row[i]).strip()):
            return value
    return ""


def _entry(
    n: int,
    row: list[str],
    cols: dict[str, tuple[int, ...]],
    config: Config,
    registry_path: Path | None,
    dates: ColumnDates,
    flagged: list[str],
) -> Entry:
    notes: list[RegistryNote] = []
    if flagged:
        columns = ", ".join(f"'{c}'" for c in flagged)
        notes.append(
            RegistryNote(code="registry.control_chars", params={"row": n, "columns": columns})
        )
    agency_raw = " ".join(_cell(row, cols, "agency").split())
    if not agency_raw:
        column = config.registry.columns.agency[0]
        notes.append(
            RegistryNote(code="registry.agency_missing", params={"row": n, "column": column})
        )
        agency_raw = f"(baris {n})"
    match = match_agency(agency_raw, config)
    if match is None and not agency_raw.startswith("(baris"):
        notes.append(RegistryNote(code="registry.agency_unknown", params={"agency": agency_raw}))
    kind = _cell(row, cols, "innovation_type")
    canonical_type = _match_type(kind, config.innovation_types)
    if kind and config.innovation_types and canonical_type is None:
        allowed = ", ".join(config.innovation_types)
        notes.append(
            RegistryNote(code="registry.type_unknown", params={"value": kind, "allowed": allowed})
        )
    stamp_text = _cell(row, cols, "timestamp")
    stamp = _stamp(stamp_text, n, dates, config.deadline.aware.tzinfo, notes)
    declared = {
        key.split(":", 1)[1]: sec
        for key in cols
        if key.startswith("declared:")
        and (sec := parse_position(_cell(row, cols, key))) is not None
    }
    return Entry(
        entry_id="",
        agency=agency_raw,
        agency_canonical=match.name if match else None,
        agency_aliases=match.aliases if match else (),
        title=_cell(row, cols, "title"),
        innovation_type=canonical_type or kind,
        link=_cell(row, cols, "link"),
        submitted_at=stamp,
        row=n,
        registry_path=registry_path,
        declared=declared,
        email=_cell(row, cols, "email"),
        phone=_cell(row, cols, "phone"),
        notes=tuple(notes),
    )


def _latest_per_agency(candidates: list[Entry]) -> list[Entry]:
    groups: dict[str, list[Entry]] = {}
    for e in candidates:
        groups.setdefault(fold(e.agency_canonical or e.agency), []).append(e)
    taken: set[str] = set()
    entries = []
    for group in groups.values():
        group.sort(
            key=lambda e: (e.submitted_at is not None, e.submitted_at or datetime.min, e.row)
        )
        latest, earlier = group[-1], group[:-1]
        superseded = tuple(
            SupersededRow(row=e.row, submitted_at=e.submitted_at, link=e.link) for e in earlier
        )
        entry_id = unique_slug(latest.agency_canonical or latest.agency, taken)
        entries.append(latest.model_copy(update={"entry_id": entry_id, "superseded": superseded}))
    entries.sort(key=lambda e: e.row)
    return entries


def region_words(competition: Competition) -> re.Pattern[str]:
    """The words naming the competition's region, matched on folded text: the region
    (``competition.region``, "Kabupaten Minahasa Utara"), its name without the
    administrative word ("minahasa utara"), that word's forms ("kab", "pemkab") and the
    config's short forms (``competition.region_aliases``, "Minut")."""
    region = fold(competition.region)
    head, _, rest = region.partition(" ")
    words = {*ADMIN_WORDS.get(head, ()), rest if head in ADMIN_WORDS else region}
    words |= {fold(a) for a in competition.region_aliases}
    alternatives = "|".join(re.escape(w) for w in sorted(words - {""}, key=len, reverse=True))
    return re.compile(rf"\b({alternatives})\b") if alternatives else re.compile(r"(?!x)x")


def match_agency(name: str, config: Config) -> Agency | None:
    """The config agency this registry name means: exact after folding (without the
    region's words, see ``region_words``), else fuzzy (rapidfuzz ratio >= FUZZY_AGENCY)."""
    words = region_words(config.competition)

    def bare(text: str) -> str:
        return " ".join(words.sub(" ", fold(text)).split())

    target = bare(name)
    best: tuple[float, Agency | None] = (0.0, None)
    for agency in config.agencies:
        for option in (agency.name, *agency.aliases):
            if bare(option) == target:
                return agency
        # typos: only against full names; short forms are too close to each other
        score = fuzz.ratio(bare(agency.name), target)
        if score > best[0]:
            best = (score, agency)
    return best[1] if best[0] >= FUZZY_AGENCY else None


def _match_type(value: str, allowed: Sequence[str]) -> str | None:
    folded = fold(value)
    for option in allowed:
        if fold(option) == folded or (folded and fuzz.ratio(fold(option), folded) >= 90):
            return option
    return None


def _stamp(
    text: str, row: int, dates: ColumnDates, tz: tzinfo | None, notes: list[RegistryNote]
) -> datetime | None:
    """The row's timestamp; a note when it cannot be read or when its day/month order
    was assumed and the other order gives another date."""
    if not text:
        return None
    stamp = parse_stamp(text, dates, tz) if tz is not None else None
    if stamp is None:
        notes.append(
            RegistryNote(code="registry.timestamp_unreadable", params={"value": text, "row": row})
        )
    elif dates.settled_by is None and read_other_way(text, dates) not in (
        None,
        stamp.replace(tzinfo=None),
    ):
        params = {
            "value": text,
            "read_as": stamp.strftime("%Y-%m-%d %H:%M:%S"),
            "order": dates.order,
            "locale": dates.locale,
        }
        notes.append(RegistryNote(code="registry.date_order_assumed", params=params))
    return stamp


def parse_position(text: str) -> float | None:
    """A declared start ('1:05', '1.05', '01:02:03') in seconds (``pipeline.text.
    parse_clock``); a bare number an agency typed ('65') is seconds; None for an empty or
    unreadable cell, '1:75' included."""
    try:
        return parse_clock(text)
    except ClockError as exc:
        return exc.seconds if exc.bare else None
