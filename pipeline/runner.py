"""The runner: drives every entry through the stages, remembers each result in the store,
and never lets one entry stop the batch.

    run_batch(entries, env, fetch_workers=4, analysis_workers=cores) -> list[Outcome]
        fetch (I/O, 4 at once) -> analysis = probe + analyze + content (CPU, one per core)
        -> report (one writer: judge, number the version in the store, write the files)
    validate(entry, env) -> Outcome          one entry through every stage, forced
    rejudge(entry, env) -> Outcome           judge again from stored results (after a review)

Every stage result is stored under a key made of the inputs that decide it (the
source's md5 / Drive metadata, the tool version, the config digest), so an unchanged
entry reuses its results and a run killed at any point resumes where it stopped.
A new report version is written only when the judged report differs from the latest
(or when forced).  A per-entry EntryError becomes that entry's report; any other
exception inside an entry is logged and reported as ``error`` with its type.  Usage
errors (missing ffprobe, bad credentials) stop the batch.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from pydantic import TypeAdapter

from pipeline import __version__, i18n
from pipeline.analyze import analyze
from pipeline.checks import Facts, judge
from pipeline.config import Config
from pipeline.errors import EntryError, UsageError
from pipeline.fetch import FetchContext, fetch
from pipeline.models import Analysis, Entry, Fetched, ProbeResult, Report, Section, SourceFacts
from pipeline.probe import probe
from pipeline.report import HISTORY, build_report, entry_dir, next_version, write_entry
from pipeline.review import apply_decisions
from pipeline.staged import Stage, run_stages
from pipeline.store import Store

log = logging.getLogger(__name__)
T = TypeVar("T")

i18n.register(
    {
        "runner.internal": {
            "id": "Galat internal kipp saat memeriksa entri ini ({kind}: {text}). Laporkan ke "
            "pengelola kipp beserta log, lalu jalankan 'kipp rerun' untuk entri ini.",
            "en": "Internal kipp error while checking this entry ({kind}: {text}). Report it "
            "to the kipp maintainers with the log, then run 'kipp rerun' for this entry.",
        }
    }
)

SectionFinder = Callable[..., tuple[Section, ...]]
EventSink = Callable[[str, "Work"], None]
_SECTIONS: TypeAdapter[tuple[Section, ...] | None] = TypeAdapter(tuple[Section, ...] | None)


class InternalError(EntryError):
    outcome = "error"


@dataclass(frozen=True)
class Env:
    """The outside world of one run."""

    config: Config
    out: Path
    lang: str
    cache_dir: Path
    store: Store
    drive: Any = None
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    find_sections: SectionFinder | None = None  # None: pipeline.content when installed
    run_id: int | None = None

    @property
    def workdir(self) -> Path:
        return self.cache_dir / "work"


@dataclass
class Work:
    """One entry on its way through the stages (owned by one stage at a time)."""

    index: int
    entry: Entry
    force: bool = False
    fetched: Fetched | None = None
    probe: ProbeResult | None = None
    analysis: Analysis | None = None
    sections: tuple[Section, ...] | None = None
    error: EntryError | None = None
    keys: dict[str, str] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)  # stages that ran, not reused
    reused: list[str] = field(default_factory=list)
    downloaded: int = 0


@dataclass(frozen=True)
class Outcome:
    entry: Entry
    report: Report
    report_path: Path
    media: Path | None
    status: str = "updated"  # new | updated | unchanged (no new version)
    seconds: dict[str, float] = field(default_factory=dict)
    reused: tuple[str, ...] = ()
    downloaded: int = 0


# ----------------------------------------------------------------------- keys
def digest(inputs: dict[str, Any]) -> str:
    text = json.dumps(inputs, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def source_inputs(source: SourceFacts, link: str) -> dict[str, Any]:
    """What decides whether a fetched file is the same: the link and the file's identity
    (local: size + mtime + md5; Drive: id + md5 + modifiedTime + size from files.get)."""
    return {
        "link": link.strip(),
        "kind": source.kind,
        "file_id": source.file_id,
        "size": source.size,
        "md5": source.md5,
        "modified_time": source.modified_time.isoformat() if source.modified_time else None,
    }


def _guard(work: Work, what: Callable[[], None]) -> None:
    """Run one stage of one entry; its problems become the entry's error."""
    try:
        what()
    except EntryError as exc:
        log.info("%s: %s", work.entry.agency, exc)
        work.error = exc
    except UsageError:
        raise
    except Exception as exc:  # one entry's bug must not stop the batch
        log.exception("unexpected failure on entry %s (%s)", work.entry.entry_id, work.entry.agency)
        work.error = InternalError("runner.internal", kind=type(exc).__name__, text=str(exc)[:200])


def _cached(
    work: Work,
    env: Env,
    stage: str,
    inputs: dict[str, Any],
    adapter: TypeAdapter[T],
    compute: Callable[[], T],
    usable: Callable[[T], bool] = lambda _: True,
) -> T:
    """The stage's stored result for these inputs, else compute and store it."""
    key = digest({"stage": stage, **inputs})
    work.keys[stage] = key
    if not work.force and (text := env.store.get_result(work.entry.entry_id, stage, key)):
        try:
            value = adapter.validate_json(text)
        except ValueError as exc:
            log.info(
                "stored %s result of %s unreadable, redoing: %s", stage, work.entry.agency, exc
            )
        else:
            if usable(value):
                work.reused.append(stage)
                return value
    started = time.perf_counter()
    value = compute()
    seconds = time.perf_counter() - started
    work.seconds[stage] = seconds
    env.store.put_result(
        work.entry.entry_id,
        stage,
        key,
        inputs=inputs,
        result_json=adapter.dump_json(value).decode("utf-8"),
        seconds=seconds,
        now=env.clock(),
    )
    return value


# --------------------------------------------------------------------- stages
def fetch_stage(work: Work, env: Env) -> Work:
    """Fetch the file (Drive: metadata first; the download cache keeps unchanged files)."""

    def run() -> None:
        started, wall = time.perf_counter(), time.time()
        ctx = FetchContext(env.config, env.cache_dir / "downloads", env.drive)
        work.fetched = fetched = fetch(work.entry, ctx)
        work.seconds["fetch"] = time.perf_counter() - started
        work.downloaded = downloaded_bytes(fetched, since=wall)
        inputs = source_inputs(fetched.source, work.entry.link)
        work.keys["source"] = key = digest(inputs)
        env.store.put_result(
            work.entry.entry_id,
            "fetch",
            key,
            inputs=inputs,
            result_json=fetched.model_dump_json(),
            seconds=work.seconds["fetch"],
            now=env.clock(),
        )

    _guard(work, run)
    return work


def downloaded_bytes(fetched: Fetched, *, since: float) -> int:
    """Bytes this fetch downloaded: a Drive file written into the cache during it."""
    if fetched.source.kind == "local":
        return 0
    try:
        stat = fetched.path.stat()
    except OSError:
        return 0
    return stat.st_size if stat.st_mtime >= since - 1 else 0


def analysis_stage(work: Work, env: Env) -> Work:
    """probe + analyze (full decode) + content, each reused when its inputs are unchanged."""
    if work.error is not None or work.fetched is None:
        return work
    fetched, source = work.fetched, work.keys["source"]
    base = {"source": source, "tool": __version__}
    config = {**base, "config": env.config.digest}
    workdir = env.workdir / work.entry.entry_id

    def run() -> None:
        work.probe = p = _cached(
            work, env, "probe", base, TypeAdapter(ProbeResult),
            lambda: probe(fetched.path, timeout=env.config.tools.probe_timeout_s),
        )  # fmt: skip
        work.analysis = a = _cached(
            work, env, "analysis", config, TypeAdapter(Analysis),
            lambda: analyze(fetched.path, p, env.config, workdir),
            usable=lambda a: a.frames_dir is None or a.frames_dir.is_dir(),
        )  # fmt: skip
        inputs = {**config, "entry": _content_inputs(work.entry, fetched)}
        work.sections = _cached(
            work, env, "content", inputs, _SECTIONS,
            lambda: compute_sections(work.entry, fetched, p, a, env),
        )  # fmt: skip

    _guard(work, run)
    return work


def _content_inputs(entry: Entry, fetched: Fetched) -> dict[str, Any]:
    sidecars = []
    for path in fetched.sidecars:
        try:
            st = path.stat()
            sidecars.append([path.name, st.st_size, st.st_mtime_ns])
        except OSError:
            sidecars.append([path.name, None, None])
    return {
        "agency": [entry.agency, entry.agency_canonical, list(entry.agency_aliases)],
        "innovation_type": entry.innovation_type,
        "declared": entry.declared,
        "sidecars": sidecars,
    }


def compute_sections(
    entry: Entry, fetched: Fetched, probed: ProbeResult, analysis: Analysis, env: Env
) -> tuple[Section, ...] | None:
    """THE CONTENT STAGE CALL SITE: the checklist's sections found in the video, or None
    while no content stage is installed (pipeline.content)."""
    finder = env.find_sections or _installed_finder()
    if finder is None:
        return None
    return finder(
        entry,
        fetched,
        probed,
        env.config,
        workdir=env.workdir / entry.entry_id / "content",
        frames_dir=analysis.frames_dir,
    )


def _installed_finder() -> SectionFinder | None:
    try:
        from pipeline import content  # type: ignore[attr-defined]
    except ImportError:
        return None
    finder: SectionFinder | None = getattr(content, "find_sections", None)
    return finder


def report_stage(work: Work, env: Env) -> Outcome:
    """Judge, then add a report version when the report changed (or is forced)."""
    entry, store = work.entry, env.store
    md5 = work.fetched.source.md5 if work.fetched else None
    for d in store.mark_stale(entry.entry_id, md5):
        log.info("%s: the file changed; decision on %s is now stale", entry.agency, d.section_id)
    sections = apply_decisions(work.sections, store.decisions(entry.entry_id), md5)
    facts = Facts(
        entry=entry,
        config=env.config,
        lang=env.lang,
        fetched=work.fetched,
        probe=work.probe,
        analysis=work.analysis,
        sections=sections,
        error=work.error,
    )
    judgement = judge(facts)
    now = env.clock()

    def build(version: int) -> Report:
        return build_report(
            entry=entry,
            judgement=judgement,
            fetched=work.fetched,
            probe=work.probe,
            analysis=work.analysis,
            config=env.config,
            lang=env.lang,
            validated_at=now,
            version=version,
        )

    latest = store.latest_report(entry.entry_id)
    if latest is not None and not work.force and _same(build(latest[0].version), latest[0]):
        report, status = latest[0], "unchanged"
    else:
        floor = next_version(env.out, entry.entry_id) - 1  # history files never overwritten
        report = store.add_report(
            entry.entry_id, build, keys=work.keys, run_id=env.run_id, floor=floor
        )
        status = "new" if latest is None else "updated"
    media = work.fetched.path if work.fetched else None
    path = ensure_files(report, env, media)
    store.touch_entry(entry, now)
    if env.run_id is not None:
        store.record_run_entry(
            env.run_id,
            entry.entry_id,
            link=entry.link,
            source_key=work.keys.get("source"),
            verdict=report.verdict.value,
            version=report.version,
            outcome=status,
            at=now,
        )
    return Outcome(
        entry=entry,
        report=report,
        report_path=path,
        media=media,
        status=status,
        seconds=dict(work.seconds),
        reused=tuple(work.reused),
        downloaded=work.downloaded,
    )


_VOLATILE = {"validated_at", "version"}


def _same(fresh: Report, stored: Report) -> bool:
    return fresh.model_dump(exclude=_VOLATILE) == stored.model_dump(exclude=_VOLATILE)


def ensure_files(report: Report, env: Env, media: Path | None) -> Path:
    """The report's files on disk: written unless this very version is already there
    (the store numbers versions first, so a crash in between is repaired here)."""
    folder = entry_dir(env.out, report.entry_id)
    current = folder / "report.json"
    history = folder / HISTORY / f"v{report.version:04d}.json"
    if history.is_file() and current.is_file():
        try:
            if json.loads(current.read_text("utf-8")).get("version") == report.version:
                return current
        except (OSError, ValueError):
            pass
    return write_entry(report, env.out, env.config, media)


# --------------------------------------------------------------------- driver
def validate(entry: Entry, env: Env, *, force: bool = True) -> Outcome:
    """One entry through every stage, in this thread (``kipp rerun``)."""
    work = Work(index=0, entry=entry, force=force)
    return report_stage(analysis_stage(fetch_stage(work, env), env), env)


def run_batch(
    entries: Sequence[Entry],
    env: Env,
    *,
    fetch_workers: int = 4,
    analysis_workers: int | None = None,
    force: bool = False,
    on_done: Callable[[Outcome], None] | None = None,
    on_event: EventSink | None = None,
) -> list[Outcome]:
    """Every entry through the staged workers; results (and ``on_done``) in registry order."""
    emit = on_event or (lambda kind, work: None)

    def stage(name: str, fn: Callable[[Work, Env], Any]) -> Callable[[Any], Any]:
        def call(work: Work) -> Any:
            emit(f"{name}:start", work)
            result = fn(work, env)
            emit(f"{name}:done", work)
            return (work.index, result) if name == "report" else result

        return call

    stages = [
        Stage("fetch", stage("fetch", fetch_stage), fetch_workers),
        Stage(
            "analysis", stage("analysis", analysis_stage), analysis_workers or os.cpu_count() or 1
        ),
        Stage("report", stage("report", report_stage), 1),
    ]
    results: dict[int, Outcome] = {}
    released = 0

    def collect(done: tuple[int, Outcome]) -> None:
        nonlocal released
        results[done[0]] = done[1]
        while released in results:
            if on_done:
                on_done(results[released])
            released += 1

    works = (Work(index=i, entry=e, force=force) for i, e in enumerate(entries))
    run_stages(works, stages, collect)
    return [results[i] for i in range(len(entries))]


def rejudge(entry: Entry, env: Env) -> Outcome:
    """Judge an entry again from its stored stage results (no download, no decode) and
    add a report version: what ``kipp review`` does after recording a decision."""
    return report_stage(stored_work(entry, env), env)


def stored_work(entry: Entry, env: Env) -> Work:
    """The entry as its latest report saw it, rebuilt from the store."""
    latest = env.store.latest_report(entry.entry_id)
    keys = latest[1] if latest else {}
    work = Work(index=0, entry=entry, force=True, keys=dict(keys))
    stored: dict[str, tuple[str | None, TypeAdapter[Any]]] = {
        "fetch": (keys.get("source"), TypeAdapter(Fetched)),
        "probe": (keys.get("probe"), TypeAdapter(ProbeResult)),
        "analysis": (keys.get("analysis"), TypeAdapter(Analysis)),
        "content": (keys.get("content"), _SECTIONS),
    }
    found: dict[str, Any] = {}
    for stage, (key, adapter) in stored.items():
        text = env.store.get_result(entry.entry_id, stage, key) if key else None
        if text is not None:
            found[stage] = adapter.validate_json(text)
    if "fetch" not in found:
        raise UsageError(
            f"{entry.agency} has no stored results to judge again (never checked, or its "
            f"file could not be fetched): run 'kipp rerun {entry.entry_id}' first."
        )
    work.fetched, work.probe = found["fetch"], found.get("probe")
    work.analysis, work.sections = found.get("analysis"), found.get("content")
    work.reused = list(found)
    return work


def with_run(env: Env, run_id: int) -> Env:
    return replace(env, run_id=run_id)
