"""Registry stage: the submission list (CSV from Google Forms / Sheets / Excel) -> entries.

    read_registry(source, config, drive) -> list[Entry]   a CSV path or a Google Sheets link
    load_registry(path, config) -> list[Entry]
    parse_rows(rows, config, source=...) -> list[Entry]

Handles a UTF-8 BOM, ';' or ',' delimiters, Indonesian timestamps, blank lines, extra
columns, the same agency twice (the latest timestamp wins; earlier rows are kept as
``superseded``), agencies and innovation types outside the config's lists (warnings).
An unreadable or headerless registry is a RegistryError (exit 2).
"""

from __future__ import annotations

import csv
import io
import logging
import re
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from pipeline import i18n
from pipeline.config import Agency, Config
from pipeline.errors import RegistryError
from pipeline.models import Entry, RegistryNote, SupersededRow
from pipeline.text import fold, unique_slug

log = logging.getLogger(__name__)

FUZZY_AGENCY = 90  # rapidfuzz ratio (0-100) above which a name counts as a config agency
_REGION_WORDS = re.compile(r"\b(kabupaten|kab|minahasa utara|minut|pemkab)\b")

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
    }
)


SHEET_PREFIXES = ("http://", "https://", "docs.google.com")


def read_registry(source: str | Path, config: Config, drive: Any = None) -> list[Entry]:
    """The entries of a registry given as users give it (``--registry``): a link (a Google
    Sheet, read through ``drive``, a DriveClient or None) or else a CSV file path.
    Raises RegistryError (a UsageError: exit 2) when it cannot be read."""
    if isinstance(source, str) and source.startswith(SHEET_PREFIXES):
        from pipeline.fetch import sheets  # the Google client loads only for a Sheet

        return parse_rows(sheets.read_rows(source, drive), config, source=source)
    return load_registry(Path(source), config)


def load_registry(path: Path, config: Config) -> list[Entry]:
    """Read a registry CSV file (see module doc)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise RegistryError(
            f"Registry {path} does not exist: pass --registry with the CSV exported from the "
            "Google Forms response sheet (File > Download > CSV)."
        ) from None
    except OSError as exc:
        raise RegistryError(f"Registry {path} cannot be read: {exc.strerror}.") from exc
    return parse_rows(read_csv(raw, path), config, source=path)


def read_csv(raw: bytes, path: Path) -> list[list[str]]:
    if b"\x00" in raw[:4096]:
        raise RegistryError(
            f"Registry {path} is not a CSV text file (it holds binary data; an .xlsx?): "
            "in Excel or Sheets use File > Save as / Download > CSV."
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", "replace")
        log.warning("registry %s is not UTF-8; read as Windows-1252", path)
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    delimiter = max((";", ",", "\t"), key=first.count) if first else ","
    return [row for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]


def parse_rows(rows: Sequence[Sequence[str]], config: Config, *, source: Path | str) -> list[Entry]:
    cleaned = [(i + 1, [c.strip() for c in r]) for i, r in enumerate(rows)]
    cleaned = [(n, r) for n, r in cleaned if any(r)]
    if not cleaned:
        raise RegistryError(f"Registry {source} is empty: export the responses again.")
    _, header = cleaned[0]
    cols = _columns(header, config, source)
    registry_path = Path(source) if isinstance(source, Path) else None
    candidates = [_entry(n, row, cols, config, registry_path) for n, row in cleaned[1:] if any(row)]
    return _latest_per_agency(candidates)


def _columns(header: list[str], config: Config, source: Path | str) -> dict[str, int]:
    folded = {fold(h): i for i, h in reversed(list(enumerate(header)))}
    names = config.registry.columns
    wanted: dict[str, tuple[str, ...]] = {
        "timestamp": names.timestamp,
        "agency": names.agency,
        "title": names.title,
        "innovation_type": names.innovation_type,
        "link": names.link,
    }
    wanted.update({f"declared:{k}": v for k, v in names.declared.items()})
    cols: dict[str, int] = {}
    for key, options in wanted.items():
        found = next((folded[fold(n)] for n in options if fold(n) in folded), None)
        if found is not None:
            cols[key] = found
    missing = [k for k in ("agency", "link") if k not in cols]
    if missing:
        want = "; ".join(f"{k}: {' / '.join(wanted[k])}" for k in missing)
        raise RegistryError(
            f"Registry {source} has no header row with the needed columns ({want}). "
            f"Its first row is: {', '.join(header)[:200]}. Export the sheet with its header "
            "row, or map your column names under [registry.columns] in the config."
        )
    return cols


def _cell(row: list[str], cols: dict[str, int], key: str) -> str:
    i = cols.get(key)
    return row[i].strip() if i is not None and i < len(row) else ""


def _entry(
    n: int, row: list[str], cols: dict[str, int], config: Config, registry_path: Path | None
) -> Entry:
    notes: list[RegistryNote] = []
    agency_raw = " ".join(_cell(row, cols, "agency").split())
    if not agency_raw:
        column = config.registry.columns.agency[0]
        notes.append(
            RegistryNote(code="registry.agency_missing", params={"row": n, "column": column})
        )
        agency_raw = f"(baris {n})"
    match = match_agency(agency_raw, config.agencies)
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
    stamp = parse_timestamp(stamp_text, config)
    if stamp_text and stamp is None:
        notes.append(
            RegistryNote(
                code="registry.timestamp_unreadable", params={"value": stamp_text, "row": n}
            )
        )
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


def match_agency(name: str, agencies: Sequence[Agency]) -> Agency | None:
    """The config agency this registry name means: exact after folding, else fuzzy."""
    target = _REGION_WORDS.sub(" ", fold(name))
    target = " ".join(target.split())
    best: tuple[float, Agency | None] = (0.0, None)
    for agency in agencies:
        for option in (agency.name, *agency.aliases):
            folded = " ".join(_REGION_WORDS.sub(" ", fold(option)).split())
            if folded == target:
                return agency
        # typos: only against full names; short forms are too close to each other
        score = fuzz.ratio(" ".join(_REGION_WORDS.sub(" ", fold(agency.name)).split()), target)
        if score > best[0]:
            best = (score, agency)
    return best[1] if best[0] >= FUZZY_AGENCY else None


def _match_type(value: str, allowed: Sequence[str]) -> str | None:
    folded = fold(value)
    for option in allowed:
        if fold(option) == folded or (folded and fuzz.ratio(fold(option), folded) >= 90):
            return option
    return None


def parse_timestamp(text: str, config: Config) -> datetime | None:
    """A registry timestamp in the deadline's timezone (forms record local time)."""
    if not text:
        return None
    for fmt in config.registry.timestamp_formats:
        try:
            naive = datetime.strptime(text.strip(), fmt)
        except ValueError:
            continue
        return naive.replace(tzinfo=config.deadline.aware.tzinfo)
    return None


def parse_position(text: str) -> float | None:
    """'1:05', '01:02:03', '65', '65,5' -> seconds; anything else -> None."""
    text = text.strip().replace(",", ".")
    if not text:
        return None
    try:
        parts = [float(p) for p in text.split(":")]
    except ValueError:
        return None
    if len(parts) > 3 or any(p < 0 for p in parts):
        return None
    seconds = 0.0
    for p in parts:
        seconds = seconds * 60 + p
    return seconds
