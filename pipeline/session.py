"""What each command does with the work folder, below the CLI.

    with open_work(out, wait=0, what="kipp run") as store:   lock, store, .part cleanup, repair
        result = run_logged(entries, env, ...)                 a logged batch run (kipp run)
        result = rerun_logged(entry, env)                      one entry, forced (kipp rerun)
        outcome = review_entry(entry, env, section_id, ...)      decision + re-judge (kipp review)

Every command that adds a report version does it inside a logged run (``_logged``): the
run log (``runs``, ``run_entries``) is what ``kipp status`` reads.

One writer at a time per work folder (RunLock); readers (status, history) open the
store without the lock, which WAL allows while a run writes.
"""

from __future__ import annotations

import contextlib
import json
import logging
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

from pipeline.duplicates.decide import decide as decide_pair
from pipeline.duplicates.refresh import earlier_rounds, prepare, rejudge
from pipeline.errors import OwnWorkError
from pipeline.models import CheckStatus, Entry, Report, Verdict
from pipeline.report.repair import repair_reports
from pipeline.review import check_within, decide
from pipeline.runner import (
    Env,
    EventSink,
    Outcome,
    OutcomeStatus,
    Work,
    analysis_stage,
    fetch_stage,
    judge_stage,
    run_batch,
    stored_work,
    with_run,
)
from pipeline.store import RunLock, Store, kipp_dir
from pipeline.store.journal import JOURNAL_NAME

log = logging.getLogger(__name__)
STORE_NAME = "kipp.sqlite"
SEARCH_DEPTH = 2  # folders below a start looked at for a work folder
SEARCH_LIMIT = 200  # folders looked at in all, at most


def is_work_folder(out: Path) -> bool:
    """Whether ``out`` holds what a kipp run leaves: its store (``OUT/.kipp/kipp.sqlite``)
    or, when the store was moved aside, its journal of acts (rebuilt from on next run)."""
    folder = kipp_dir(out)
    return (folder / STORE_NAME).is_file() or (folder / JOURNAL_NAME).is_file()


def work_folders_near(*starts: Path, limit: int = 5) -> list[Path]:
    """Work folders (``is_work_folder``) at or up to SEARCH_DEPTH levels below each of
    ``starts`` (the current folder, the registry's folder), nearest first, at most
    ``limit``; hidden folders are skipped and no more than SEARCH_LIMIT folders are read."""
    found: list[Path] = []
    seen: set[Path] = set()
    budget = SEARCH_LIMIT
    level = [s for s in starts if s.is_dir()]
    for _ in range(SEARCH_DEPTH + 1):
        below: list[Path] = []
        for folder in level:
            real = folder.resolve()
            if real in seen or budget <= 0:
                continue
            seen.add(real)
            budget -= 1
            if is_work_folder(folder):
                found.append(folder)
            with contextlib.suppress(OSError):
                below += sorted(
                    p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")
                )
        level = below
    return found[:limit]


@contextmanager
def open_work(out: Path, *, wait: float = 0.0, what: str = "kipp") -> Iterator[Store]:
    """The work folder's store, for writing: waits up to ``wait`` s for another run.
    Opening repairs the report files once: they are projections of the store
    (``pipeline.report.repair``); the store itself is a projection of the report history
    and the journal of acts (``pipeline.store.acts``), replayed when it was rebuilt."""
    with RunLock(kipp_dir(out) / "lock", wait=wait, what=what):
        remove_parts(out)
        with Store.open(out) as store:
            repair_reports(out, store)
            store.adopt_history(store.reports_with_decisions())
            yield store


def remove_parts(out: Path) -> list[Path]:
    """Half-written report files (``*.part``) a killed run left in report folders."""
    found = [p for p in out.glob("*/*.part")] + list(out.glob("*/history/*.part"))
    found += list(out.glob("*.part"))
    for p in found:
        log.info("removing %s, left by an interrupted run", p)
        p.unlink(missing_ok=True)
    return found


@dataclass(frozen=True)
class RunResult:
    run_id: int
    outcomes: list[Outcome]
    stats: dict[str, Any]


RunCommand = Literal["run", "rerun", "review"]  # the command a run-log row records


def run_logged(
    entries: Sequence[Entry],
    env: Env,
    *,
    force: bool = False,
    fetch_workers: int = 4,
    analysis_workers: int | None = None,
    on_done: Callable[[Outcome], None] | None = None,
    on_event: EventSink | None = None,
) -> RunResult:
    """A batch (``kipp run``): every entry through the staged workers, recorded in the run log."""

    earlier = earlier_rounds(env.config)  # a bad [duplicates] earlier stops before any work

    def batch(env: Env) -> list[Outcome]:
        changed: set[str] = set()

        def compare(works: list[Work]) -> None:
            changed.update(prepare(env, works, earlier))

        outcomes = run_batch(
            entries,
            env,
            fetch_workers=fetch_workers,
            analysis_workers=analysis_workers,
            force=force,
            on_done=on_done,
            on_event=on_event,
            before_judge=compare,
        )
        rejudge(env, changed - {e.entry_id for e in entries})  # the pairs' other sides
        return outcomes

    return _logged(env, "run", batch)


def rerun_logged(
    entry: Entry, env: Env, *, on_done: Callable[[Outcome], None] | None = None
) -> RunResult:
    """One entry again, every stage forced (``kipp rerun``), recorded in the run log."""

    earlier = earlier_rounds(env.config)

    def one(env: Env) -> list[Outcome]:
        work = analysis_stage(fetch_stage(Work(index=0, entry=entry, force=True), env), env)
        changed = prepare(env, [work], earlier)  # compared with the others' stored prints
        outcome = judge_stage(work, env)
        rejudge(env, changed - {entry.entry_id})
        if on_done:
            on_done(outcome)
        return [outcome]

    return _logged(env, "rerun", one)


def _logged(env: Env, command: RunCommand, body: Callable[[Env], list[Outcome]]) -> RunResult:
    run_id = env.store.begin_run(command, env.clock())
    started = time.perf_counter()
    try:
        outcomes = body(with_run(env, run_id))
    except BaseException:
        with contextlib.suppress(OwnWorkError):  # the disk that stopped the run may refuse it
            env.store.finish_run(run_id, env.clock(), {}, status="failed")
        raise
    stats = run_stats(outcomes, time.perf_counter() - started)
    env.store.finish_run(run_id, env.clock(), stats)
    log.info("run %d (%s) done: %s", run_id, command, stats)
    return RunResult(run_id, outcomes, stats)


def run_stats(outcomes: Sequence[Outcome], wall_s: float) -> dict[str, Any]:
    stages = ("fetch", "probe", "analysis", "content")
    return {
        "entries": len(outcomes),
        "verdicts": {v.value: sum(o.report.verdict is v for o in outcomes) for v in Verdict},
        "ran": {s: sum(s in o.seconds for o in outcomes) for s in stages},
        "reused": {s: sum(s in o.reused for o in outcomes) for s in stages[1:]},
        "new_versions": sum(o.status is not OutcomeStatus.UNCHANGED for o in outcomes),
        "unchanged": sum(o.status is OutcomeStatus.UNCHANGED for o in outcomes),
        "bytes_downloaded": sum(o.downloaded for o in outcomes),
        "stage_seconds": round(sum(sum(o.seconds.values()) for o in outcomes), 3),
        "wall_s": round(wall_s, 3),
    }


def summary_is_current(out: Path, reports: Sequence[Report]) -> bool:
    """OUT/summary.json already lists these entries with these verdicts (so an unchanged
    run need not write the summary, index and PDF again)."""
    try:
        listed = json.loads((out / "summary.json").read_text("utf-8"))["entries"]
        had = [(e["entry_id"], e["verdict"], e["reason"]) for e in listed]
    except (OSError, ValueError, KeyError, TypeError):
        return False
    return had == [(r.entry_id, r.verdict.value, r.reason) for r in reports]


def outcome_json(o: Outcome, out: Path) -> dict[str, Any]:
    r = o.report
    return {
        "agency": r.agency,
        "entry_id": r.entry_id,
        "verdict": r.verdict.value,
        "failed_checks": [c.id for c in r.checks if c.status is CheckStatus.FAIL],
        "version": r.version,
        "status": o.status.value,
        "report": str(o.report_path.relative_to(out)) if o.report_path.is_relative_to(out) else "",
    }


def review_entry(
    entry: Entry,
    env: Env,
    section_id: str,
    *,
    present: bool,
    at: str | None,
    by: str,
    note: str = "",
) -> Outcome:
    """Record an officer's decision on one section and judge the entry again from its
    stored results, as a run of the run log (command "review"); the decision is tied to
    the file of the latest report.  Raises UsageError (nothing recorded, no run logged)
    for an unknown section, a bad ``at`` or an entry with no stored fetch result."""
    decision = decide(
        entry, env.config, section_id, present=present, at=at, by=by, note=note,
        now=env.clock(), source_md5=None,
    )  # fmt: skip
    work = stored_work(entry, env)  # before recording: never decide on an unchecked entry
    check_within(decision, work.probed.duration_s if work.probed else None, entry.agency, at)
    md5 = work.fetched.source.md5 if work.fetched else None
    decision = decision.model_copy(update={"source_md5": md5})

    def judged(env: Env) -> list[Outcome]:
        env.store.add_decision(decision)
        log.info("%s: %s decided present=%s on %s", entry.agency, by, present, section_id)
        return [judge_stage(work, env)]

    return _logged(env, "review", judged).outcomes[0]


def review_duplicate(
    entry: Entry, env: Env, other: str, *, same: bool, by: str, note: str = ""
) -> list[Outcome]:
    """Record an officer's decision on a matching pair (``pipeline.duplicates.decide``) and
    judge both entries again (the other only when it is of this round), as a run of the
    run log (command "review").  Raises UsageError (nothing recorded) when kipp found no
    such match."""
    work = replace(stored_work(entry, env), force=False)  # never decide on an unchecked entry
    decide_pair(env.store, entry.entry_id, other, same=same, by=by, note=note, now=env.clock())
    log.info("%s: %s decided same=%s on the match with %s", entry.agency, by, same, other)

    def judged(env: Env) -> list[Outcome]:
        return [judge_stage(work, env), *rejudge(env, {other} - {entry.entry_id})]

    return _logged(env, "review", judged).outcomes
