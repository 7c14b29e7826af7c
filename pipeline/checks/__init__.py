"""Checks stage: every stage's result -> checks, section verdicts and the verdict.

    judge(facts) -> Judgement

Verdict: ``fail`` when a check fails (the agency must fix something); else ``error``
when kipp could not finish the entry; else ``needs_review`` when a required section
was neither found nor decided by an officer; else ``pass``.
"""

from __future__ import annotations

from pipeline.checks import entry as entry_rules
from pipeline.checks import media, messages  # noqa: F401  (registers the texts)
from pipeline.checks.context import Facts
from pipeline.checks.duplicates import duplicates
from pipeline.models import Check, CheckStatus, Judgement, Verdict

__all__ = ["Facts", "judge"]

# a pass needs these to have run and passed
ESSENTIAL = ("fetch.access", "file.is_video", "integrity.decode")


def judge(f: Facts) -> Judgement:
    """Every rule on what the stages found -> the Judgement: ``checks`` (stable ids,
    status pass / fail / warn / skip, measured value and rule), the sections (their
    ``state``), the verdict and its one-sentence reason (see the module docstring for
    the order).  Pure: reads ``f`` only, raises nothing for a bad entry."""
    checks: list[Check] = [
        *entry_rules.registry(f),
        entry_rules.fetch_access(f),
        *entry_rules.source_notes(f),
        entry_rules.deadline(f),
        media.is_video(f),
        *media.duration(f),
        *media.format_rules(f),
        media.integrity(f),
        *media.signals(f),
        *media.subtitles(f),
        *entry_rules.sections(f),
        *duplicates(f),
    ]
    open_sections = entry_rules.open_sections(f)
    failed = [c for c in checks if c.status is CheckStatus.FAIL]
    warned = [c for c in checks if c.status is CheckStatus.WARN]
    if failed:
        verdict = Verdict.FAIL
        key = "reason.fail_more" if len(failed) > 1 else "reason.fail"
        reason = f.say(key, first=failed[0].message, n=len(failed) - 1)
    elif f.error is not None:
        verdict = Verdict.ERROR
        reason = f.say("reason.error", first=f.error.render(f.lang, detail=False))
    elif unfinished := [
        c.id for c in checks if c.id in ESSENTIAL and c.status is not CheckStatus.PASS
    ]:
        verdict = Verdict.ERROR  # never a pass on checks that did not run
        reason = f.say("reason.incomplete", checks=", ".join(unfinished))
    elif open_sections:
        verdict = Verdict.NEEDS_REVIEW
        labels = ", ".join(f"'{s.label or s.id}'" for s in open_sections)
        reason = f.say("reason.review", sections=labels)
    else:
        verdict = Verdict.PASS
        reason = f.say("reason.pass_warn", n=len(warned)) if warned else f.say("reason.pass")
    return Judgement(
        verdict=verdict, reason=reason, checks=tuple(checks), sections=f.sections or ()
    )
