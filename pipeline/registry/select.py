"""Finding entries and their latest reports by what an officer types."""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping, Sequence
from pathlib import Path

from pydantic import ValidationError
from rapidfuzz import fuzz, process

from pipeline.errors import UsageError
from pipeline.models import Entry, Report
from pipeline.text import fold

log = logging.getLogger(__name__)


def _names(e: Entry) -> set[str]:
    return {
        fold(n) for n in (e.entry_id, e.agency, e.agency_canonical or "", *e.agency_aliases) if n
    }


def find_entry(query: str, entries: Sequence[Entry]) -> Entry:
    """The entry an officer means by ``query``: report folder name, agency name as in the
    registry or config, or one of the agency's short forms (case and accents ignored),
    else the one entry whose name starts with it ("Dinas Kes" for Dinas Kesehatan).
    Raises UsageError when none matches, or several start with it (naming them)."""
    q = fold(query)
    for e in entries:
        if q and q in _names(e):
            return e
    starting = [e for e in entries if q and any(n.startswith(q) for n in _names(e))]
    if len(starting) == 1:
        return starting[0]
    if starting:
        listed = "; ".join(f"'{e.agency}' ({e.entry_id})" for e in starting)
        raise UsageError(
            f"'{query}' is the start of several agencies' names: {listed}. "
            "Type more of the name, or give the report folder name."
        )
    choices = {e.entry_id: e.agency for e in entries}
    close = process.extract(query, choices, scorer=fuzz.WRatio, limit=3)
    hint = "; ".join(f"'{name}' ({key})" for name, _, key in close) or "none"
    raise UsageError(
        f"No entry in the registry matches '{query}'. Closest: {hint}. "
        "Give the agency name as in the registry, or its report folder name."
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
