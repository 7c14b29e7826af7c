"""Report files as projections of the store, repaired once when the work folder opens.

    repair_reports(out, store)   history files newer than the store imported into it
                                 (an unreadable one's number reserved); missing
                                 history/vNNNN.json and a stale report.json rewritten

The store numbers report versions (``Store.add_report``); ``OUT/<entry>/history/`` and
``OUT/<entry>/report.json`` are copies of its rows.  A work folder whose store was moved
away (and rebuilt) keeps its history files: their versions are imported, so numbering
continues after them and no file is ever overwritten.  report.html is left to the next
judging of the entry (it needs the config and the media).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from pipeline.fsutil import write_atomic
from pipeline.models import Report
from pipeline.report import HISTORY, VERSION_FILE, entry_dir, report_json
from pipeline.store import Store

log = logging.getLogger(__name__)


@dataclass
class Repair:
    """What ``repair_reports`` did: history files imported into the store and files
    written from it (paths under OUT)."""

    imported: list[Path] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)


def repair_reports(out: Path, store: Store) -> Repair:
    """Make the store and OUT's report files agree (the store wins).

    Errors: DiskError from writing a file.  An unreadable history file stays on disk,
    untouched, with a warning; its number is reserved so it is never overwritten."""
    done = Repair()
    tops = store.top_versions()
    for history in sorted(out.glob(f"*/{HISTORY}")):
        done.imported += _import_newer(history, tops.get(history.parent.name, 0), store)
    for entry_id in store.top_versions():
        done.written += _rewrite_missing(out, entry_id, store)
    return done


def _import_newer(history: Path, top: int, store: Store) -> list[Path]:
    found = []
    entry_id = history.parent.name
    for path in sorted(history.iterdir()):
        m = VERSION_FILE.match(path.name)
        if not m or (number := int(m.group(1))) <= top:
            continue
        report = _read(path)
        if report is None or report.entry_id != entry_id or report.version != number:
            log.warning("%s/%s is not a readable report of that entry and version; its "
                        "number stays taken, the file untouched", entry_id, path.name)  # fmt: skip
            store.reserve_versions(entry_id, number)
            continue
        store.import_report(report)
        log.info("imported %s/%s into the store", entry_id, path.name)
        found.append(path)
    return found


def _read(path: Path) -> Report | None:
    try:
        return Report.model_validate_json(path.read_bytes())
    except (OSError, ValidationError):
        return None


def _rewrite_missing(out: Path, entry_id: str, store: Store) -> list[Path]:
    folder = entry_dir(out, entry_id)
    written = []
    rows = store.reports(entry_id)
    for row in rows:
        path = folder / HISTORY / f"v{row.version:04d}.json"
        if not path.is_file() and (text := _text(store, entry_id, row.version)):
            written.append(_write(path, text))
    current = folder / "report.json"
    top = rows[-1].version if rows else 0
    if top and _version_of(current) != top and (text := _text(store, entry_id, top)):
        written.append(_write(current, text))
    return written


def _text(store: Store, entry_id: str, version: int) -> str | None:
    raw = store.report_json(entry_id, version)
    return report_json(Report.model_validate_json(raw)) if raw else None


def _write(path: Path, text: str) -> Path:
    log.info("rewriting %s from the store", path)
    return write_atomic(path, text)


def _version_of(path: Path) -> int | None:
    try:
        version = json.loads(path.read_text("utf-8")).get("version")
    except (OSError, ValueError, AttributeError):
        return None
    return version if isinstance(version, int) else None
