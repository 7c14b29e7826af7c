"""After a run: the round's matches found again, stored, and both entries of every pair
that changed judged again (a new report version only when the report changed).

    earlier = earlier_rounds(config)      read-only stores of [duplicates] earlier (at start)
    outcomes = refresh(env, earlier)      the entries judged again
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import replace
from pathlib import Path

from pipeline.config import Config
from pipeline.duplicates.match import Video
from pipeline.duplicates.round import find
from pipeline.errors import UsageError
from pipeline.models import Entry
from pipeline.runner import Env, Outcome, judge_stage, stored_work
from pipeline.store import kipp_dir
from pipeline.store.prints import StoredPrint, round_prints

log = logging.getLogger(__name__)


def _video(p: StoredPrint, ref: str, earlier: str | None = None) -> Video:
    return Video.of(ref, p.entry.agency, p.entry.title, md5=p.md5, fingerprint=p.fingerprint,
                    earlier=earlier, frames_dir=p.frames_dir)  # fmt: skip


def earlier_rounds(config: Config) -> list[Video]:
    """The videos of every ``[duplicates] earlier`` work folder, read from its store opened
    read-only (``mode=ro``: never written, never migrated).

    Raises:
        UsageError: a folder with no kipp store, or one older than fingerprints."""
    base = config.source_path.parent if config.source_path else Path.cwd()
    out: list[Video] = []
    for folder in config.duplicates.earlier:
        root = folder if folder.is_absolute() else base / folder
        path = kipp_dir(root) / "kipp.sqlite"
        if not path.is_file():
            raise UsageError(
                f"[duplicates] earlier names {root}, which holds no kipp store "
                f"(.kipp/kipp.sqlite): give the report folder (--out) of that round."
            )
        try:
            with sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True) as db:
                prints = round_prints(db)
        except sqlite3.Error as exc:
            raise UsageError(
                f"The store of the earlier round {root} cannot be read for duplicates ({exc}): "
                "it may come from a kipp without fingerprints; run 'kipp run' on that round "
                "once with this kipp, or remove it from [duplicates] earlier."
            ) from exc
        label = root.resolve().name
        out += [_video(p, f"{label}#{p.entry.entry_id}", label) for p in prints]
        log.info("duplicates: %d entries of the earlier round %s", len(prints), root)
    return out


def refresh(env: Env, earlier: list[Video]) -> list[Outcome]:
    """Find the round's matches from the store, keep them, and judge again every entry
    whose matches changed (both sides of a new, changed or vanished pair)."""
    if not env.config.duplicates.enabled:
        return []
    stored = env.store.round_prints()
    videos = [_video(p, p.entry.entry_id) for p in stored]
    matches = find(videos, earlier, env.config.duplicates)
    changed = env.store.set_duplicate_matches(matches)
    entries: dict[str, Entry] = {p.entry.entry_id: p.entry for p in stored}
    out = []
    for entry_id in sorted(changed):
        if entry_id not in entries:
            continue
        try:
            work = replace(stored_work(entries[entry_id], env), force=False)
        except UsageError:  # nothing fetched: judged again on its next run
            log.info("duplicates: %s has no stored results to judge again", entry_id)
            continue
        out.append(judge_stage(work, env))
    return out
