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


def find_entry(query: str, entries: Sequence[Entry]) -> Entry:
    """The entry an officer means by ``query``: report folder name, agency name as in the
    registry or config, or one of the agency's short forms (case and accents ignored)."""
    q = fold(query)
    for e in entries:
        names = (e.entry_id, e.agency, e.agency_canonical or "", *e.agency_aliases)
        if q and q in {fold(n) for n in names if n}:
            return e
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
