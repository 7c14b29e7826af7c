"""The round compared once its entries are analysed, before they are judged.

    earlier = earlier_rounds(config)          read-only stores of [duplicates] earlier (at start)
    changed = prepare(env, works, earlier)    matches found and stored; entries whose changed
    outcomes = rejudge(env, changed - batch)  the others of those pairs, judged again

The batch's entries come from their Works (this run's fetch and analysis); every other
entry of the work folder from its latest report, so a rerun of one entry is compared with
the others' stored fingerprints.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path

from pipeline.config import Config
from pipeline.duplicates.match import Video
from pipeline.duplicates.round import find
from pipeline.errors import FetchError, UsageError
from pipeline.runner import Env, Outcome, Work, judge_stage, stored_work
from pipeline.store import Store, kipp_dir
from pipeline.store.prints import StoredPrint, round_prints

log = logging.getLogger(__name__)


def _stored(p: StoredPrint, ref: str, earlier: str | None = None) -> Video:
    return Video.of(ref, p.entry.agency, p.entry.title, md5=p.md5, fingerprint=p.fingerprint,
                    earlier=earlier, frames_dir=p.frames_dir)  # fmt: skip


def _batch(store: Store, work: Work) -> Video:
    source = work.fetched.source if work.fetched else None
    if source is None and isinstance(work.error, FetchError):
        source = work.error.source_facts  # Drive described the file: its md5 names a copy
    fp = store.fingerprint(work.entry.entry_id, work.analysis.key) if work.analysis else None
    entry, frames = work.entry, work.analysed.frames_dir if work.analysed else None
    md5 = source.md5 if source else None
    return Video.of(entry.entry_id, entry.agency, entry.title, md5=md5, fingerprint=fp,
                    frames_dir=frames)  # fmt: skip


def earlier_rounds(config: Config) -> list[Video]:
    """The videos of every ``[duplicates] earlier`` work folder, read from its store opened
    read-only (``mode=ro``: never written, never migrated).

    Raises:
        UsageError: a folder with no kipp store, or one older than fingerprints."""
    if not config.duplicates.enabled:
        return []
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
        out += [_stored(p, f"{label}#{p.entry.entry_id}", label) for p in prints]
        log.info("duplicates: %d entries of the earlier round %s", len(prints), root)
    return out


def prepare(env: Env, works: Sequence[Work], earlier: Sequence[Video]) -> set[str]:
    """Compare the round (``works`` and every other entry of the store) and keep the
    matches; returns the entries whose matches changed."""
    if not env.config.duplicates.enabled:
        return set()
    mine = {w.entry.entry_id for w in works}
    videos = [_batch(env.store, w) for w in works]
    videos += [_stored(p, p.entry.entry_id) for p in env.store.round_prints()
               if p.entry.entry_id not in mine]  # fmt: skip
    return env.store.set_duplicate_matches(find(videos, earlier, env.config.duplicates))


def rejudge(env: Env, entry_ids: Iterable[str]) -> list[Outcome]:
    """Judge these stored entries again (a new version only when the report changed)."""
    known = env.store.round_entries()
    out = []
    for entry_id in sorted(entry_ids):
        if entry_id not in known:
            continue
        try:
            work = replace(stored_work(known[entry_id], env), force=False)
        except UsageError:  # nothing fetched: judged again on its next run
            log.info("duplicates: %s has no stored results to judge again", entry_id)
            continue
        out.append(judge_stage(work, env))
    return out
