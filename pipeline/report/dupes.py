"""The duplicates on the pages: each match with its figures and frames of both videos side
by side (``entry.html``), and every pair once in the index (``index.html``)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pipeline import i18n
from pipeline.checks.duplicates import decided, describe
from pipeline.fsutil import list_frames
from pipeline.models import DuplicateMatch, Report

FRAME_PAIRS = 3  # frames shown from each side of a match on the entry's page


def moments(
    m: DuplicateMatch, duration_s: float | None, count: int = FRAME_PAIRS
) -> list[tuple[float, float]]:
    """(this entry's second, the other's second) to show: spread over the longest picture
    span (else sound span), or over the whole video for an identical file or a title."""
    span = next((s for s in m.spans if s.signal == "picture"), None) or next(iter(m.spans), None)
    if span is not None:
        a0, a1, b0 = span.start_s, span.end_s, span.other_start_s
    elif m.identical and duration_s:
        a0, a1, b0 = 0.0, duration_s, 0.0
    else:
        return []
    step = (a1 - a0) / (count + 1)
    return [(a0 + step * k, b0 + step * k) for k in range(1, count + 1)]


def _nearest(folder: Path | None, at: float) -> dict[str, Any] | None:
    from pipeline.report.html import inline_frame  # html renders with these rows

    frames = list_frames(folder) if folder is not None else ()
    if not frames:
        return None
    frame = min(frames, key=lambda f: abs(f.at_s - at))
    return inline_frame(frame.at_s, frame.path)


def _row(report: Report, m: DuplicateMatch, lang: str, count: int) -> dict[str, Any]:
    duration = report.probe.duration_s if report.probe else None
    frames = [
        {"here": _nearest(m.frames_dir, a), "there": _nearest(m.other_frames_dir, b),
         "at": i18n.clock(a), "other_at": i18n.clock(b)}
        for a, b in moments(m, duration, count)
    ]  # fmt: skip
    same = decided(m)
    return {
        "agency": report.agency,
        "entry_id": report.entry_id,
        "other": m.other,
        "other_agency": m.other_agency,
        "href": None if m.earlier else f"../{m.other}/report.html",
        "text": describe(m, lang),
        "decided": None if same is None else ("same" if same else "different"),
        "frames": [f for f in frames if f["here"] or f["there"]],
    }


def duplicate_rows(report: Report, lang: str) -> list[dict[str, Any]]:
    """One row per match of the entry, with FRAME_PAIRS frame pairs."""
    return [_row(report, m, lang, FRAME_PAIRS) for m in report.duplicates]


def index_rows(reports: Sequence[Report], lang: str) -> list[dict[str, Any]]:
    """Every pair once (an earlier round's always), with one frame pair."""
    out = []
    for report in reports:
        for m in report.duplicates:
            if m.earlier or report.entry_id < m.other:
                out.append(_row(report, m, lang, 1))
    return out
