"""The judging stage: attach review decisions, judge, add a report version when the
report changed, and make sure its files are on disk."""

from __future__ import annotations

import json
import logging
import sqlite3
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from pipeline.checks import Facts, judge
from pipeline.errors import FetchError, OwnWorkError, UsageError
from pipeline.models import Report
from pipeline.report import HISTORY, build_report, entry_dir, write_entry
from pipeline.report.notices import Notice, build_notice, write_notice
from pipeline.review import apply_decisions
from pipeline.runner.work import Env, InternalError, Outcome, OutcomeStatus, Work

log = logging.getLogger(__name__)


def judge_stage(work: Work, env: Env) -> Outcome:
    """Judge the entry from its stage results and the officer's decisions, then add a
    report version when the report changed (or is forced).

    Returns the Outcome: the report (new, or the unchanged latest), its report.json path,
    and what each stage cost (``seconds``) or reused.  Errors of the store (sqlite) and of
    writing the files propagate: they are kipp's own, not the entry's.  Any other
    exception judging one entry (a value from outside no rule expected) is that entry's
    ``error`` (``runner.internal``, the traceback in kipp.log), judged from nothing else:
    the batch goes on."""
    try:
        return _judge(work, env)
    except (UsageError, OwnWorkError, OSError, sqlite3.Error):
        raise
    except Exception as exc:
        if isinstance(work.error, InternalError) and work.fetch is None:
            raise  # judging the bare error failed too: kipp itself is broken
        log.exception("unexpected failure judging entry %s (%s)", work.entry.entry_id,
                      work.entry.agency)  # fmt: skip
        error = InternalError("runner.internal", kind=type(exc).__name__, text=str(exc)[:200])
        bare = Work(index=work.index, entry=work.entry, force=True, error=error)
        return _judge(bare, env)


def _judge(work: Work, env: Env) -> Outcome:
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
        duplicates=store.duplicate_matches(entry.entry_id),
    )
    now = env.clock()
    fresh = _report(work, env, facts, env.lang, now)  # its version is the store's to give
    latest = store.latest_report(entry.entry_id)
    if latest is not None and not work.force and _same(fresh, latest[0]):
        report, status = latest[0], OutcomeStatus.UNCHANGED
    else:
        report = store.add_report(entry.entry_id, fresh, keys=work.keys, run_id=env.run_id)
        status = OutcomeStatus.NEW if latest is None else OutcomeStatus.UPDATED
    media = work.fetched.path if work.fetched else None
    notice, changed = notice_stage(report, work, env, now)
    path = ensure_files(report, env, media, notice, rewrite=changed)
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
    view = None
    if env.view_lang and env.view_lang != report.language:  # a way of reading, never stored
        view = _report(work, env, replace(facts, lang=env.view_lang), env.view_lang, now)
        view = view.model_copy(update={"version": report.version,
                                       "validated_at": report.validated_at})  # fmt: skip
    return Outcome(
        entry=entry,
        report=report,
        report_path=path,
        media=media,
        status=status,
        seconds=dict(work.seconds),
        reused=tuple(work.reused),
        downloaded=work.downloaded,
        view=view,
    )


def _report(work: Work, env: Env, facts: Facts, lang: str, now: datetime) -> Report:
    """The entry judged on ``facts`` as a report in ``lang``."""
    return build_report(
        entry=work.entry,
        judgement=judge(facts),
        fetched=work.fetched,
        probe=work.probed,
        analysis=work.analysed,
        speech=work.transcript.facts() if work.transcript else None,
        config=env.config,
        lang=lang,
        validated_at=now,
        source=work.error.source_facts if isinstance(work.error, FetchError) else None,
        duplicates=facts.duplicates,
    )


def notice_stage(report: Report, work: Work, env: Env, now: datetime) -> tuple[Notice | None, bool]:
    """The agency's notice for ``report`` (None for a pass): OUT/<folder>/pesan.txt written
    or removed, and remembered in the store when it changed; True when the file changed."""
    entry = work.entry
    notice = build_notice(report, entry, env.config, now)
    changed = write_notice(entry_dir(env.out, entry.entry_id), notice)
    env.store.record_notice(
        entry.entry_id, notice_json=notice.model_dump_json() if notice else None,
        version=report.version, verdict=report.verdict.value, link=entry.link,
        source_key=work.keys.get("fetch"), now=now,
    )  # fmt: skip
    return notice, changed


_VOLATILE = {"validated_at", "version"}


def _same(fresh: Report, stored: Report) -> bool:
    return fresh.model_dump(exclude=_VOLATILE) == stored.model_dump(exclude=_VOLATILE)


def ensure_files(
    report: Report,
    env: Env,
    media: Path | None,
    notice: Notice | None = None,
    *,
    rewrite: bool = False,
) -> Path:
    """The report's files on disk: written unless this very version is already there
    (the store numbers versions first, so a crash in between is repaired here) and its
    notice is unchanged (``rewrite``: the page shows the notice)."""
    folder = entry_dir(env.out, report.entry_id)
    current = folder / "report.json"
    history = folder / HISTORY / f"v{report.version:04d}.json"
    if history.is_file() and current.is_file() and not rewrite:
        try:
            if json.loads(current.read_text("utf-8")).get("version") == report.version:
                return current
        except (OSError, ValueError):
            pass
    return write_entry(report, env.out, env.config, media, notice)
