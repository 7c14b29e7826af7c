"""Report stage: a judged entry -> report.json + report.html; all entries -> summary.

    build_report(...) -> Report
    write_entry(report, out) -> Path            OUT/<slug>/report.json, report.html,
                                                OUT/<slug>/history/v0001.json, ...
    summarize(reports, config, lang, now) -> Summary
    write_summary(summary, reports, out)        OUT/summary.json, summary.csv, index.html,
                                                OUT/berita-acara.pdf

Every file is written atomically; a rerun adds a history version, never erases one.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from pipeline import __version__
from pipeline.config import Config
from pipeline.errors import DiskError
from pipeline.formatting import csv_decimal
from pipeline.fsutil import write_atomic
from pipeline.media.duration import note as duration_note
from pipeline.models import (
    Analysis,
    CheckStatus,
    DuplicateMatch,
    Entry,
    Fetched,
    Judgement,
    ProbeResult,
    ProbeSummary,
    Report,
    SourceFacts,
    Summary,
    SummaryItem,
    Transcript,
    Verdict,
)
from pipeline.report.html import render_entry, render_index
from pipeline.report.notices import CSV_NAME as NOTICES_CSV
from pipeline.report.notices import Notice, notices_csv

HISTORY = "history"
PDF_NAME = "berita-acara.pdf"  # the official summary for the jury (pipeline.report.pdf)
# superseded registry rows a report lists (the latest ones); the store's Entry keeps them
# all: 100,000 rows of one agency made a 10.7 MB report.json in every version
SUPERSEDED_SHOWN = 5
VERSION_FILE = re.compile(r"^v(\d{4,})\.json$")


def probe_summary(p: ProbeResult | None, lang: str = "id") -> ProbeSummary | None:
    if p is None:
        return None
    video = p.video.model_dump(mode="json") if p.video else None
    audio = p.audio.model_dump(mode="json") if p.audio else None
    return ProbeSummary(
        duration_s=round(p.duration_s, 3),
        container=p.container,
        video=video,
        audio=audio,
        timing=p.timing,
        timing_note=duration_note(p.timing, lang),
    )


def build_report(
    *,
    entry: Entry,
    judgement: Judgement,
    fetched: Fetched | None,
    probe: ProbeResult | None,
    analysis: Analysis | None,
    config: Config,
    lang: str,
    validated_at: datetime,
    version: int = 1,
    source: SourceFacts | None = None,
    speech: Transcript | None = None,
    duplicates: tuple[DuplicateMatch, ...] = (),
) -> Report:
    """``source`` stands in for ``fetched.source`` when the fetch failed after Drive
    described the file (the report still shows what Drive said)."""
    return Report(
        agency=entry.agency,
        entry_id=entry.entry_id,
        link=entry.link,
        title=entry.title,
        innovation_type=entry.innovation_type,
        submitted_at=entry.submitted_at,
        verdict=judgement.verdict,
        reason=judgement.reason,
        checks=judgement.checks,
        sections=judgement.sections,
        probe=probe_summary(probe, lang),
        source=fetched.source if fetched else source,
        superseded=entry.superseded[-SUPERSEDED_SHOWN:],  # the store keeps every row
        superseded_total=len(entry.superseded),
        analysis=analysis,
        speech=speech,
        duplicates=duplicates,
        language=lang,
        competition=config.competition.name,
        validated_at=validated_at,
        tool_version=__version__,
        version=version,
    )


def entry_dir(out: Path, entry_id: str) -> Path:
    return out / entry_id


def report_json(report: Report) -> str:
    return json.dumps(report.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"


def write_entry(
    report: Report,
    out: Path,
    config: Config,
    media: Path | None = None,
    notice: Notice | None = None,
    judging: dict[str, Any] | None = None,
) -> Path:
    """Write one entry's report files (the page shows ``notice`` and, for officers, its
    ``judging`` block); returns report.json's path."""
    folder = entry_dir(out, report.entry_id)
    text = report_json(report)
    history = folder / HISTORY / f"v{report.version:04d}.json"
    if not history.exists():  # a version, once written, is never overwritten
        write_atomic(history, text)
    page = render_entry(report, config, folder, media, notice, judging)
    write_atomic(folder / "report.html", page)
    return write_atomic(folder / "report.json", text)


def summarize(reports: Sequence[Report], config: Config, lang: str, now: datetime) -> Summary:
    """One line per report (verdict, duration in seconds and whose figure it is, from
    ``Report.duration``: the probe's, else the source's own for an entry decided before
    any download; sections found = those whose ``state`` is found or decided present, of
    the required ones) and the verdict counts."""
    counts = {v.value: 0 for v in Verdict}
    items = []
    for r in reports:
        counts[r.verdict.value] += 1
        required = [s for s in r.sections if s.required]
        seconds, origin = r.duration or (None, None)
        items.append(
            SummaryItem(
                agency=r.agency,
                entry_id=r.entry_id,
                title=r.title,
                innovation_type=r.innovation_type,
                verdict=r.verdict,
                reason=r.reason,
                duration_s=seconds,
                duration_source=origin,
                sections_found=sum(1 for s in required if s.counts_as_found),
                sections_required=len(required) or sum(1 for s in config.sections if s.required),
                warnings=sum(1 for c in r.checks if c.status is CheckStatus.WARN),
                failed_checks=tuple(c.id for c in r.checks if c.status is CheckStatus.FAIL),
                report=f"{r.entry_id}/report.json",
            )
        )
    return Summary(
        competition=config.competition.name,
        generated_at=now,
        language=lang,
        tool_version=__version__,
        counts=counts,
        entries=tuple(items),
    )


CSV_COLUMNS = (
    "agency",
    "entry_id",
    "title",
    "innovation_type",
    "verdict",
    "reason",
    "duration_s",
    "sections_found",
    "sections_required",
    "warnings",
    "failed_checks",
    "report",
    "duration_source",  # last: the columns before it keep their places
)


def summary_csv(summary: Summary) -> str:
    """';'-separated, decimal comma, UTF-8 with BOM: what Excel set to Indonesian opens
    as columns with the accents intact (its list separator is ';', its decimal mark ',')."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for item in summary.entries:
        row = item.model_dump(mode="json")
        row["failed_checks"] = " ".join(item.failed_checks)
        if item.duration_s is not None:
            row["duration_s"] = csv_decimal(item.duration_s)
        writer.writerow([excel_cell(row[c]) for c in CSV_COLUMNS])
    return "\ufeff" + buf.getvalue()


def excel_cell(value: object) -> str:
    """Text as Excel shows it: a cell starting with = + - @ (an agency name typed like a
    formula) gets a leading apostrophe so Excel never runs it."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def write_summary(
    summary: Summary,
    reports: Sequence[Report],
    out: Path,
    config: Config,
    notices: Sequence[Notice] = (),
) -> None:
    """OUT/summary.json, summary.csv and index.html (with each notice's wa.me link), the
    PDF, then pesan-instansi.csv (one row per ``notices``), each written atomically: the
    index depends on neither.  Raises DiskError (a full or read-only OUT; for the notices
    file, naming that file: a folder in its place, a file an officer holds open) or
    PdfError, kipp's own failures, once everything else is written."""
    data = json.dumps(summary.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"
    write_atomic(out / "summary.json", data)
    write_atomic(out / "summary.csv", summary_csv(summary))
    index = render_index(summary, reports, config, pdf_href=PDF_NAME, notices=notices)
    write_atomic(out / "index.html", index)
    from pipeline.report.pdf import write_pdf  # fpdf costs ~0.6 s to import: only here

    try:
        write_pdf(summary, config, out / PDF_NAME, summary.language)
    finally:  # the notices file is written even when the PDF library refused
        write_notices_csv(out / NOTICES_CSV, notices)


def write_notices_csv(path: Path, notices: Sequence[Notice]) -> None:
    """OUT/pesan-instansi.csv; DiskError naming the file when it cannot be written."""
    try:
        write_atomic(path, notices_csv(notices))
    except DiskError as exc:
        raise DiskError(path, full=exc.full, reason=exc.reason) from exc
    except OSError as exc:  # a folder where the file should be, say
        raise DiskError(path, full=False, reason=exc.strerror or str(exc)) from exc
