"""Officer review: decisions on checklist sections, kept apart from machine evidence.

    decide(entry, config, section_id, present=..., at="01:23", by=..., ...) -> Decision
    apply_decisions(sections, decisions, md5) -> sections with their decisions attached

A decision holds for the file the officer looked at (its md5); when the file changes
the decision stays in the store but is marked stale, and the section is open again.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from pipeline.config import Config
from pipeline.errors import UsageError
from pipeline.models import Decision, Entry, Section
from pipeline.text import ClockError
from pipeline.text import parse_clock as clock


def parse_clock(text: str) -> float:
    """``--at``: '01:23' -> 83.0 (see ``pipeline.text.parse_clock``); raises UsageError."""
    try:
        return clock(text)
    except ClockError as exc:
        if exc.out_of_range:
            raise UsageError(f"--at {text!r}: seconds and minutes go up to 59 (MM:SS).") from None
        raise UsageError(
            f"--at {text!r} is not a time in the video: write MM:SS, e.g. --at 01:23."
        ) from None


def decide(
    entry: Entry,
    config: Config,
    section_id: str,
    *,
    present: bool,
    at: str | None,
    by: str,
    note: str,
    now: datetime,
    source_md5: str | None,
) -> Decision:
    """An officer's decision, checked: a known section, a time only with --present."""
    ids = [s.id for s in config.sections]
    if section_id not in ids:
        raise UsageError(
            f"Unknown section '{section_id}' for {config.competition.name}: "
            f"use one of {', '.join(ids)}."
        )
    if present and at is None:
        raise UsageError("--present needs --at MM:SS: where in the video the section is shown.")
    if not present and at is not None:
        raise UsageError("--at goes with --present only: an absent section has no time.")
    if not by.strip():
        raise UsageError("--by needs the officer's name.")
    return Decision(
        entry_id=entry.entry_id,
        section_id=section_id,
        present=present,
        at_s=parse_clock(at) if at is not None else None,
        by=by.strip(),
        note=note.strip(),
        decided_at=now,
        source_md5=source_md5,
    )


def check_within(
    decision: Decision, duration_s: float | None, agency: str, written: str | None = None
) -> None:
    """Raise UsageError when ``--at`` (as ``written``) lies past the end of the video
    (``duration_s``, its probed length)."""
    at = decision.at_s
    if at is None or duration_s is None or at <= duration_s:
        return
    raise UsageError(
        f"--at {written or mm_ss(at)} is past the end of the video of {agency}, which lasts "
        f"{mm_ss(duration_s)} ({duration_s:.3f} s): give a time within the video."
    )


def mm_ss(seconds: float) -> str:
    """83.0 -> '01:23'; 3723 -> '1:02:03' (whole seconds, as --at is written)."""
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def apply_decisions(
    sections: tuple[Section, ...] | None,
    decisions: Mapping[str, Decision],
    md5: str | None,
) -> tuple[Section, ...] | None:
    """Attach each section's latest decision; stale when made on another file."""
    if sections is None:
        return None
    out = []
    for s in sections:
        d = decisions.get(s.id)
        if d is not None and not d.stale and md5 and d.source_md5 and d.source_md5 != md5:
            d = d.model_copy(update={"stale": True})
        out.append(s.model_copy(update={"decision": d}) if d is not None else s)
    return tuple(out)
