"""The judging stage: attach review decisions, judge, add a report version when the
report changed, and make sure its files are on disk."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from pipeline.checks import Facts, judge
from pipeline.errors import FetchError
from pipeline.models import Report
from pipeline.report import HISTORY, build_report, entry_dir, next_version, write_entry
from pipeline.review import apply_decisions
from pipeline.runner.work import Env, Outcome, OutcomeStatus, Work

log = logging.getLogger(__name__)


def judge_stage(work: Work, env: Env) -> Outcome:
    """Judge the entry from its stage results and the officer's decisions, then add a
    report version when the report changed (or is forced).

    Returns the Outcome: the report (new, or the unchanged latest), its report.json path,
    and what each stage cost (``seconds``) or reused.  Errors of the store (sqlite) and of
    writing the files propagate: they are kipp's own, not the entry's."""
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
        probe=work.probed,
        analysis=work.analysed,
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
            probe=work.probed,
            analysis=work.analysed,
            speech=work.transcript.facts() if work.transcript else None,
            config=env.config,
            lang=env.lang,
            validated_at=now,
            version=version,
            source=work.error.source_facts if isinstance(work.error, FetchError) else None,
        )

    latest = store.latest_report(entry.entry_id)
    if latest is not None and not work.force and _same(build(latest[0].version), latest[0]):
        report, status = latest[0], OutcomeStatus.UNCHANGED
    else:
        floor = next_version(env.out, entry.entry_id) - 1  # history files never overwritten
        report = store.add_report(
            entry.entry_id, build, keys=work.keys, run_id=env.run_id, floor=floor
        )
        status = OutcomeStatus.NEW if latest is None else OutcomeStatus.UPDATED
    media = work.fetched.path if work.fetched else None
    path = ensure_files(report, env, media)
    store.touch_entry(entry, now)
    if env.run_id is not None:
        store.record_run_entry(
            env.run_id,
            entry.entry_id,
            link=entry.link,
            source_key=work.keys.get("fetch"),
            verdict=report.verdict.value,
            version=report.version,
            outcome=status.value,
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
