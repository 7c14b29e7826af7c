"""Officer review: decisions on checklist sections, kept apart from machine evidence.

    decide(entry, config, section_id, present=..., at="01:23", by=..., ...) -> Decision
    apply_decisions(sections, decisions, md5) -> sections with their decisions attached

A decision holds for the file the officer looked at (its md5); when the file changes
the decision stays in the store but is marked stale, and the section is open again.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from pipeline import i18n
from pipeline.config import Config
from pipeline.errors import UsageError
from pipeline.models import Decision, Entry, Section
from pipeline.text import ClockError
from pipeline.text import parse_clock as clock


def parse_clock(text: str) -> float:
    """``--at``: '01:23', '1:23' or '1.23' -> 83.0 (``pipeline.text.parse_clock``);
    raises UsageError naming the fix ('45' -> "write 0:45")."""
    try:
        return clock(text)
    except ClockError as exc:
        if exc.out_of_range:
            raise UsageError(key="review.at.range", text=text) from None
        if exc.bare:
            raise UsageError(key="review.at.bare", text=text, clock=exc.suggestion,
                             minutes=f"{text.strip()}:00") from None  # fmt: skip
        raise UsageError(key="review.at.unknown", text=text) from None


i18n.register(
    {
        "review.at.range": {
            "id": "--at {text}: detik dan menit paling banyak 59 (M:SS, mis. --at 1:05).",
            "en": "--at {text}: seconds and minutes go up to 59 (M:SS, e.g. --at 1:05).",
        },
        "review.at.bare": {
            "id": "--at {text}: detik atau menit? Tulis --at {clock} untuk {text} detik "
            "(atau --at {minutes} untuk {text} menit).",
            "en": "--at {text}: seconds or minutes? Write --at {clock} for {text} seconds "
            "(or --at {minutes} for {text} minutes).",
        },
        "review.say_about": {
            "id": "Sebutkan keputusan itu tentang apa: --section ID, atau --duplicate LAINNYA.",
            "en": "Say what the decision is about: --section ID, or --duplicate OTHER.",
        },
        "review.say_what": {
            "id": "Sebutkan apa yang dilihat petugas: --present --at M:SS, atau --absent.",
            "en": "Say what the officer saw: --present --at M:SS, or --absent.",
        },
        "review.section_unknown": {
            "id": "Bagian '{section}' tidak dikenal dalam {competition}: pakai salah satu "
            "dari {ids}.",
            "en": "Unknown section '{section}' for {competition}: use one of {ids}.",
        },
        "review.present_needs_at": {
            "id": "--present perlu --at M:SS: di mana bagian itu tampil dalam video.",
            "en": "--present needs --at M:SS: where in the video the section is shown.",
        },
        "review.at_needs_present": {
            "id": "--at hanya bersama --present: bagian yang tidak ada tidak punya waktu.",
            "en": "--at goes with --present only: an absent section has no time.",
        },
        "review.by_missing": {
            "id": "--by perlu nama petugas.",
            "en": "--by needs the officer's name.",
        },
        "review.at_past_end": {
            "id": "--at {at} melewati akhir video {agency}, yang berdurasi {length} ({seconds} "
            "detik): beri waktu di dalam video.",
            "en": "--at {at} is past the end of the video of {agency}, which lasts {length} "
            "({seconds} s): give a time within the video.",
        },
        "review.at.unknown": {
            "id": "--at {text} bukan waktu dalam video: tulis M:SS, mis. --at 1:05 "
            "(1:05, 01:05 dan 1.05 sama-sama satu menit lima detik).",
            "en": "--at {text} is not a time in the video: write M:SS, e.g. --at 1:05 "
            "(1:05, 01:05 and 1.05 are all one minute five).",
        },
    }
)


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
        raise UsageError(key="review.section_unknown", section=section_id,
                         competition=config.competition.name, ids=", ".join(ids))  # fmt: skip
    if present and at is None:
        raise UsageError(key="review.present_needs_at")
    if not present and at is not None:
        raise UsageError(key="review.at_needs_present")
    if not by.strip():
        raise UsageError(key="review.by_missing")
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
    raise UsageError(key="review.at_past_end", at=written or mm_ss(at), agency=agency,
                     length=mm_ss(duration_s), seconds=f"{duration_s:.3f}")  # fmt: skip


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
