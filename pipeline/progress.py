"""What the CLI shows while a batch runs.

On a terminal: a live display with each stage's count, the bytes downloaded and the
time left, and one line per finished entry above it.  Elsewhere (cron, CI, a pipe):
only the lines, in registry order, one per entry and never longer than the width:

    [3/17] Kecamatan Airmadidi: fail (duration.min) – Durasi 59,000 detik kurang dari b…
"""

from __future__ import annotations

import threading
import time
from types import TracebackType

from rich import filesize
from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from pipeline import i18n
from pipeline.models import CheckStatus, Entry, Report, Verdict
from pipeline.runner import EventKind, Outcome, StageName, Work

VERDICT_STYLE = {
    Verdict.PASS: "green",
    Verdict.FAIL: "red",
    Verdict.NEEDS_REVIEW: "yellow",
    Verdict.ERROR: "magenta",
}
STAGES = ("fetch", "analysis", "judge")

i18n.register(
    {  # the live display's labels: Bahasa Indonesia by default, English with --lang en
        "progress.stage.fetch": {"id": "unduh", "en": "fetch"},
        "progress.stage.analysis": {"id": "analisis", "en": "analysis"},
        "progress.stage.judge": {"id": "penilaian", "en": "judge"},
        "progress.running": {"id": "{n} berjalan", "en": "{n} running"},
        "progress.downloaded": {"id": "{size} diunduh", "en": "{size} downloaded"},
        "progress.decode": {"id": "dekode {share}", "en": "decode {share}"},
    }
)


def line(done: int, total: int, r: Report, width: int | None = None) -> Text:
    """``[6/19] Kecamatan Airmadidi: fail (duration.min) – Durasi 59,000 detik kurang…``:
    the verdict, the first failing check (the first open section for needs_review) and a
    short reason, cut to ``width`` cells (None: whole).  A pass shows no reason."""
    first, reason = first_problem(r)
    text = Text(f"[{done}/{total}] {r.agency}: ")
    text.append(r.verdict.value, style=VERDICT_STYLE[r.verdict])
    if first:
        text.append(f" ({first})")
    if reason and r.verdict is not Verdict.PASS:
        text.append(f" – {reason}")
    if width is not None:
        text.truncate(max(width, 20), overflow="ellipsis")
    return text


WARN = CheckStatus.WARN


def first_problem(r: Report) -> tuple[str, str]:
    """The id of the check an officer looks at first and its sentence: the first failing
    check; for needs_review the first open section; for error the reason."""
    failed = [c for c in r.checks if c.status is CheckStatus.FAIL]
    if failed:
        return failed[0].id, failed[0].message
    if r.verdict is Verdict.NEEDS_REVIEW:
        open_ = [c.id for c in r.checks if c.id.startswith("section.") and c.status is WARN]
        return (open_[0] if open_ else ""), r.reason
    return "", r.reason


class BatchProgress:
    """``on_event`` and ``on_done`` for run_batch; a context manager around the run."""

    def __init__(
        self,
        console: Console,
        total: int,
        *,
        quiet: bool = False,
        full: bool = False,
        lang: str = "id",
    ) -> None:
        self.console = console
        self.lang = lang  # the labels' language (the officer's --lang)
        self.total = total
        self.quiet = quiet
        self.full = full  # -v: the whole reason, not cut to the width
        self.done = 0
        self.live = console.is_terminal and not quiet
        self._lock = threading.Lock()
        self._active = dict.fromkeys(STAGES, 0)
        self._finished = dict.fromkeys(STAGES, 0)
        self._bytes = 0
        self._progress = Progress(
            TextColumn("{task.description:<9.30}"),
            BarColumn(),
            TextColumn("{task.fields[count]}"),
            TextColumn("{task.fields[note]}"),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=console,
            transient=True,
            disable=not self.live,
        )
        self._tasks: dict[str, TaskID] = {
            s: self._progress.add_task(
                self._say(f"stage.{s}"), total=total, note="", count=f"0/{total}"
            )
            for s in STAGES
        }
        self._running: dict[tuple[str, str], tuple[TaskID, float]] = {}  # (entry, stage)

    @property
    def display(self) -> Progress:
        """The live display (rich Progress; disabled when not on a terminal)."""
        return self._progress

    def __enter__(self) -> BatchProgress:
        self._progress.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._progress.stop()

    def on_event(self, kind: EventKind, work: Work) -> None:
        stage, _, phase = kind.partition(":")
        with self._lock:
            if phase == "start":
                self._active[stage] += 1
            else:
                self._active[stage] -= 1
                self._finished[stage] += 1
                self._bytes += work.downloaded if stage == "fetch" else 0
                self._forget(work.entry.entry_id, stage)
            running = self._active[stage]
            note = self._say("running", n=running) if running else ""
            if stage == "fetch":
                size = filesize.decimal(self._bytes)
                note = f"{note}  {self._say('downloaded', size=size)}".strip()
            done = self._finished[stage]
            count = f"{done}/{self.total}"
            self._progress.update(self._tasks[stage], completed=done, note=note, count=count)

    def on_progress(self, entry: Entry, stage: StageName, value: float) -> None:
        """A running decode's share of the duration, or a download's bytes so far: one
        row per running entry under its stage's row (only on a terminal)."""
        if not self.live:
            return
        with self._lock:
            key = (entry.entry_id, stage)
            if key not in self._running:
                total = 1.0 if stage == "analysis" else None
                task = self._progress.add_task(f"  {entry.agency}", total=total, note="", count="")
                self._running[key] = (task, time.monotonic())
            task, started = self._running[key]
            if stage == "analysis":
                note = self._say("decode", share=f"{value:.0%}")
                self._progress.update(task, completed=value, note=note)
            else:
                rate = value / max(time.monotonic() - started, 1e-3)
                note = f"{filesize.decimal(int(value))}  {filesize.decimal(int(rate))}/s"
                self._progress.update(task, note=note)

    def _say(self, key: str, **params: object) -> str:
        return i18n.message(f"progress.{key}", self.lang, **params)

    def _forget(self, entry_id: str, stage: str) -> None:
        found = self._running.pop((entry_id, stage), None)
        if found is not None:
            self._progress.remove_task(found[0])

    def on_done(self, outcome: Outcome) -> None:
        self.done += 1
        if not self.quiet:
            width = None if self.full else self.console.width
            self.console.print(line(self.done, self.total, outcome.shown, width), soft_wrap=True)
