"""Finding entries and their latest reports by what an officer types."""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping, Sequence
from pathlib import Path

from pydantic import ValidationError
from rapidfuzz import fuzz, process

from pipeline import i18n
from pipeline.errors import UsageError
from pipeline.models import Entry, Report
from pipeline.text import fold

log = logging.getLogger(__name__)


def _names(e: Entry) -> set[str]:
    return {
        fold(n) for n in (e.entry_id, e.agency, e.agency_canonical or "", *e.agency_aliases) if n
    }


def _has_words(name: str, words: list[str]) -> bool:
    """Every word of the query is a whole word of ``name`` ("perikanan" in "dinas perikanan")."""
    have = set(name.split())
    return bool(words) and all(w in have for w in words)


def find_entry(query: str, entries: Sequence[Entry]) -> Entry:
    """The entry an officer means by ``query``: its report folder name, the agency name as
    in the registry or config, or one of its short forms (case and accents ignored); else
    the one entry whose name starts with it ("Dinas Kes") or holds every word of it
    ("Perikanan" for Dinas Perikanan, "Likupang Timur" for the kecamatan).
    Raises UsageError when none matches (naming the closest) or several do (listing them)."""
    q = fold(query)
    for e in entries:
        if q and q in _names(e):
            return e
    words = q.split()
    found = [
        e for e in entries if q and any(n.startswith(q) or _has_words(n, words) for n in _names(e))
    ]
    if len(found) == 1:
        return found[0]
    if found:
        listed = "; ".join(f"'{e.agency}' ({e.entry_id})" for e in found)
        raise UsageError(key="select.several", query=query, listed=listed)
    choices = {e.entry_id: e.agency for e in entries}
    close = process.extract(query, choices, scorer=fuzz.WRatio, limit=3)
    hint = "; ".join(f"'{name}' ({key})" for name, _, key in close) or "-"
    raise UsageError(key="select.none", query=query, hint=hint)


i18n.register(
    {
        "select.several": {
            "id": "'{query}' cocok dengan beberapa instansi: {listed}. Ketik lebih banyak dari "
            "namanya, atau beri nama folder laporannya.",
            "en": "'{query}' matches several agencies: {listed}. Type more of the name, or give "
            "the report folder name.",
        },
        "select.none": {
            "id": "Tidak ada entri di registri yang cocok dengan '{query}'. Yang terdekat: "
            "{hint}. Beri nama instansi seperti di registri, singkatannya, atau nama folder "
            "laporannya.",
            "en": "No entry in the registry matches '{query}'. Closest: {hint}. Give the agency "
            "name as in the registry, a short form, or its report folder name.",
        },
    }
)


def latest_reports(
    entries: Sequence[Entry], out: Path, fresh: Mapping[str, Report]
) -> list[Report]:
    """Each entry's newest report: the fresh one, else OUT/<slug>/report.json if any."""
    reports = []
    for e in entries:
        if e.entry_id in fresh:
            reports.append(fresh[e.entry_id])
            continue
        path = out / e.entry_id / "report.json"
        try:
            reports.append(Report.model_validate(json.loads(path.read_text("utf-8"))))
        except FileNotFoundError:
            continue
        except (OSError, ValueError, ValidationError) as exc:
            log.warning("ignoring unreadable earlier report %s: %s", path, exc)
    return reports
