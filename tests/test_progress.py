"""What a batch shows while it runs: live rows on a terminal, plain lines elsewhere."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from rich.console import Console

from pipeline.models import Check, CheckStatus, Entry, Report, Verdict
from pipeline.progress import BatchProgress
from pipeline.runner import Outcome, Work

AT = datetime(2024, 5, 31, 4, 0, tzinfo=UTC)


def outcome(i: int) -> Outcome:
    entry = Entry(entry_id=f"e{i}", agency=f"Dinas Nomor {i}", row=i + 2)
    check = Check(id="duration.min", status=CheckStatus.FAIL, message="Durasi " + "x" * 120)
    report = Report(
        agency=entry.agency, entry_id=entry.entry_id, link="", verdict=Verdict.FAIL,
        reason="Tidak lolos", checks=(check,), sections=(), probe=None, source=None,
        language="id", competition="KIPP", validated_at=AT, tool_version="0",
    )  # fmt: skip
    return Outcome(entry=entry, report=report, report_path=Path("r.json"), media=None)


def batch(console: Console, n: int) -> BatchProgress:
    with BatchProgress(console, n) as progress:
        for i in range(n):
            o = outcome(i)
            work = Work(index=i, entry=o.entry)
            for stage in ("fetch", "analysis"):
                progress.on_event(f"{stage}:start", work)
                for step in range(1, 11):  # a download's bytes, a decode's share
                    progress.on_progress(
                        o.entry, stage, step * 100_000 if stage == "fetch" else step / 10
                    )
                progress.on_event(f"{stage}:done", work)
            progress.on_done(o)
    return progress


def test_not_on_a_terminal_each_entry_is_one_line_cut_to_the_width():
    buf = io.StringIO()
    batch(Console(file=buf, width=80, highlight=False), 5)
    lines = buf.getvalue().splitlines()
    assert len(lines) == 5
    assert lines[0].startswith("[1/5] Dinas Nomor 0: fail (duration.min) – Durasi xxx")
    assert all(len(ln) == 80 and ln.endswith("…") for ln in lines)


@pytest.mark.parametrize(
    ("lang", "words"),
    [("id", ("unduh", "analisis", "penilaian", "1 berjalan", "dekode 42%")),
     ("en", ("fetch", "analysis", "judge", "1 running", "decode 42%"))],
)  # fmt: skip
def test_on_a_terminal_running_decodes_and_downloads_show_live(lang, words):
    """The live labels speak the officer's language: Bahasa Indonesia by default."""
    buf = io.StringIO()
    console = Console(file=buf, width=120, force_terminal=True, color_system=None)
    with BatchProgress(console, 2, lang=lang) as progress:
        entry = outcome(0).entry
        progress.on_event("analysis:start", Work(index=0, entry=entry))
        progress.on_progress(entry, "analysis", 0.42)
        progress.on_progress(outcome(1).entry, "fetch", 1_500_000)
        progress.display.refresh()
        shown = buf.getvalue()
    assert "Dinas Nomor 0" in shown and "Dinas Nomor 1" in shown and "1.5 MB" in shown
    assert all(w in shown for w in words), shown
