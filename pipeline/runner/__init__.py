"""The runner: drives every entry through the stages, remembers each result in the store,
and never lets one entry stop the batch.

    run_batch(entries, env, fetch_workers=4, analysis_workers=cores) -> list[Outcome]
        fetch (I/O, 4 at once) -> analysis = probe + analyze + content (CPU, one per core)
        -> before_judge(every Work: the round compared) -> judge (in registry order:
        judge, number the version in the store, write the files)
    validate(entry, env) -> Outcome          one entry through every stage, forced
    stored_work(entry, env) -> Work          the stage results the latest report was judged
                                             from (``kipp review`` judges them again)

Every stage result is stored under a key made of the inputs that decide it (the
source's md5 / Drive metadata, the tool version, the config digest), so an unchanged
entry reuses its results and a run killed at any point resumes where it stopped.
A new report version is written only when the judged report differs from the latest
(or when forced).  A per-entry EntryError becomes that entry's report; any other
exception inside an entry is logged and reported as ``error`` with its type.  Usage
errors (missing ffprobe, bad credentials) stop the batch.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from pydantic import TypeAdapter

from pipeline import i18n
from pipeline.errors import UsageError
from pipeline.fetch import refused_link
from pipeline.models import Analysis, Entry, Fetched, ProbeResult, Transcript
from pipeline.runner.judging import ensure_files, judge_stage
from pipeline.runner.results import STAGE_NAMES, StageResult, digest
from pipeline.runner.stages import (
    analysis_stage,
    compute_sections,
    fetch_stage,
    source_inputs,
)
from pipeline.runner.work import (
    _SECTIONS,
    Env,
    EventKind,
    EventSink,
    InternalError,
    Outcome,
    OutcomeStatus,
    ProgressSink,
    SectionFinder,
    StageName,
    Work,
)
from pipeline.staged import Stage, run_stages

__all__ = [
    "Env",
    "EventKind",
    "EventSink",
    "InternalError",
    "Outcome",
    "OutcomeStatus",
    "ProgressSink",
    "SectionFinder",
    "StageName",
    "StageResult",
    "Work",
    "analysis_stage",
    "compute_sections",
    "digest",
    "ensure_files",
    "fetch_stage",
    "judge_stage",
    "run_batch",
    "source_inputs",
    "stored_work",
    "validate",
    "with_run",
]


# --------------------------------------------------------------------- driver
def validate(entry: Entry, env: Env, *, force: bool = True) -> Outcome:
    """One entry through every stage, in this thread (``kipp rerun``)."""
    work = Work(index=0, entry=entry, force=force)
    return judge_stage(analysis_stage(fetch_stage(work, env), env), env)


def run_batch(
    entries: Sequence[Entry],
    env: Env,
    *,
    fetch_workers: int = 4,
    analysis_workers: int | None = None,
    force: bool = False,
    on_done: Callable[[Outcome], None] | None = None,
    on_event: EventSink | None = None,
    before_judge: Callable[[list[Work]], None] | None = None,
) -> list[Outcome]:
    """Every entry through the staged workers (fetch, analysis), then ``before_judge`` with
    every entry's Work (the round compared as a whole: ``pipeline.duplicates``), then each
    judged in registry order (``on_done`` hears each).  A run killed before judging loses
    nothing: the next one reuses the stored stage results."""
    emit = on_event or (lambda kind, work: None)

    def stage(name: StageName, fn: Callable[[Work, Env], Any]) -> Callable[[Any], Any]:
        start, done = _EVENTS[name]

        def call(work: Work) -> Any:
            emit(start, work)
            result = fn(work, env)
            emit(done, work)
            return result

        return call

    stages = [
        Stage("fetch", stage("fetch", fetch_stage), fetch_workers),
        Stage(
            "analysis", stage("analysis", analysis_stage), analysis_workers or os.cpu_count() or 1
        ),
    ]
    analysed: dict[int, Work] = {}
    works = (Work(index=i, entry=e, force=force) for i, e in enumerate(entries))
    run_stages(works, stages, lambda work: analysed.__setitem__(work.index, work))
    ready = [analysed[i] for i in range(len(entries))]
    if before_judge is not None:
        before_judge(ready)
    judged = stage("judge", judge_stage)
    outcomes = []
    for work in ready:
        outcomes.append(judged(work))
        if on_done:
            on_done(outcomes[-1])
    return outcomes


_EVENTS: dict[StageName, tuple[EventKind, EventKind]] = {
    "fetch": ("fetch:start", "fetch:done"),
    "analysis": ("analysis:start", "analysis:done"),
    "judge": ("judge:start", "judge:done"),
}


def stored_work(entry: Entry, env: Env) -> Work:
    """The entry as its latest report saw it, rebuilt from the store (every result
    marked reused).  Raises UsageError when the entry has no stored fetch result."""
    latest = env.store.latest_report(entry.entry_id)
    keys = dict(latest[1]) if latest else {}
    if "source" in keys:  # reports stored before the fetch key was named "fetch"
        keys.setdefault("fetch", keys.pop("source"))
    adapters: dict[str, TypeAdapter[Any]] = {
        "fetch": TypeAdapter(Fetched),
        "probe": TypeAdapter(ProbeResult),
        "analysis": TypeAdapter(Analysis),
        "speech": TypeAdapter(Transcript),
        "content": _SECTIONS,
    }
    found: dict[str, StageResult[Any]] = {}
    for stage in STAGE_NAMES:
        key = keys.get(stage)
        text = env.store.get_result(entry.entry_id, stage, key) if key else None
        if key and text is not None:
            value = adapters[stage].validate_json(text)
            found[stage] = StageResult(stage=stage, value=value, key=key, reused=True)
    if "fetch" not in found:
        raise _nothing_stored(entry, env)
    return Work(
        index=0,
        entry=entry,
        force=True,
        fetch=found["fetch"],
        probe=found.get("probe"),
        analysis=found.get("analysis"),
        speech=found.get("speech"),
        content=found.get("content"),
    )


def _nothing_stored(entry: Entry, env: Env) -> UsageError:
    """Why an entry cannot be judged again, and what helps: a link cell no service can
    use needs a new link from the agency (a rerun would fetch nothing)."""
    refusal = refused_link(entry, env.config)
    if refusal is not None:
        return UsageError(key="review.nothing_yet", agency=entry.agency, why=refusal,
                          entry=entry.entry_id)  # fmt: skip
    return UsageError(key="review.no_results", agency=entry.agency, entry=entry.entry_id)


def with_run(env: Env, run_id: int) -> Env:
    """``env`` recording into run ``run_id`` of the store's run log (``Store.begin_run``)."""
    return replace(env, run_id=run_id)


i18n.register(
    {
        "review.nothing_yet": {
            "id": "{agency} belum punya apa pun untuk ditinjau: videonya belum pernah diambil. "
            "{why} Setelah registri berisi link yang dapat dipakai, 'kipp rerun {entry}' "
            "memeriksa videonya.",
            "en": "{agency} has nothing to review yet: no video was ever fetched for it. {why} "
            "Once the registry holds a usable link, 'kipp rerun {entry}' checks the video.",
        },
        "review.no_results": {
            "id": "{agency} belum punya hasil tersimpan untuk dinilai lagi (belum pernah "
            "diperiksa, atau berkasnya tidak dapat diambil): jalankan 'kipp rerun {entry}' dulu.",
            "en": "{agency} has no stored results to judge again (never checked, or its file "
            "could not be fetched): run 'kipp rerun {entry}' first.",
        },
    }
)
