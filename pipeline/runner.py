"""The runner: drives every entry through the stages and never lets one stop the batch.

    validate(entry, env) -> Outcome          fetch -> probe -> analyze -> judge -> report
    run_batch(entries, env, workers=N, on_done=callback) -> list[Outcome]

A per-entry EntryError becomes that entry's report; any other exception inside an
entry is logged and reported as ``error`` with its type, so a batch always yields one
report per entry.  Usage errors (missing ffprobe, bad credentials) stop the batch.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pipeline import i18n
from pipeline.analyze import analyze
from pipeline.checks import Facts, judge
from pipeline.config import Config
from pipeline.content import find_sections
from pipeline.errors import EntryError, UsageError
from pipeline.fetch import FetchContext, fetch
from pipeline.models import Analysis, Entry, Fetched, ProbeResult, Report, Section
from pipeline.probe import probe
from pipeline.report import build_report, next_version, write_entry

log = logging.getLogger(__name__)

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


class InternalError(EntryError):
    outcome = "error"


@dataclass(frozen=True)
class Env:
    """The outside world of one run."""

    config: Config
    out: Path
    lang: str
    cache_dir: Path
    drive: Any = None
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))

    @property
    def workdir(self) -> Path:
        return self.cache_dir / "work"


@dataclass(frozen=True)
class Outcome:
    entry: Entry
    report: Report
    report_path: Path
    media: Path | None


def validate(entry: Entry, env: Env) -> Outcome:
    fetched: Fetched | None = None
    probed: ProbeResult | None = None
    analysis: Analysis | None = None
    sections: tuple[Section, ...] | None = None
    error: EntryError | None = None
    try:
        fetched = fetch(entry, FetchContext(env.config, env.cache_dir / "downloads", env.drive))
        probed = probe(
            fetched.path, timeout=env.config.tools.probe_timeout_s, name=fetched.source.name
        )
        workdir = env.workdir / entry.entry_id
        analysis = analyze(fetched.path, probed, env.config, workdir)
        sections = find_sections(
            entry, fetched, probed, env.config, workdir=workdir, frames_dir=analysis.frames_dir
        )
    except EntryError as exc:
        log.info("%s: %s", entry.agency, exc)
        error = exc
    except UsageError:
        raise
    except Exception as exc:  # one entry's bug must not stop the batch
        log.exception("unexpected failure on entry %s (%s)", entry.entry_id, entry.agency)
        error = InternalError("runner.internal", kind=type(exc).__name__, text=str(exc)[:200])
    facts = Facts(
        entry=entry,
        config=env.config,
        lang=env.lang,
        fetched=fetched,
        probe=probed,
        analysis=analysis,
        sections=sections,
        error=error,
    )
    judgement = judge(facts)
    report = build_report(
        entry=entry,
        judgement=judgement,
        fetched=fetched,
        probe=probed,
        analysis=analysis,
        config=env.config,
        lang=env.lang,
        validated_at=env.clock(),
        version=next_version(env.out, entry.entry_id),
        source=getattr(error, "source_facts", None),
    )
    media = fetched.path if fetched else None
    path = write_entry(report, env.out, env.config, media)
    return Outcome(entry=entry, report=report, report_path=path, media=media)


def run_batch(
    entries: Sequence[Entry],
    env: Env,
    *,
    workers: int = 2,
    on_done: Callable[[Outcome], None] | None = None,
) -> list[Outcome]:
    """Validate every entry, ``workers`` at a time; results in registry order."""
    results: dict[str, Outcome] = {}
    with ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="kipp") as pool:
        futures = {pool.submit(validate, e, env): e for e in entries}
        for future in futures:
            outcome = future.result()
            results[outcome.entry.entry_id] = outcome
            if on_done:
                on_done(outcome)
    return [results[e.entry_id] for e in entries]
