"""What the CLI shows while a batch runs.

On a terminal: a live display with each stage's count, the bytes downloaded and the
time left, and one line per finished entry above it.  Elsewhere (cron, CI, a pipe):
only the lines, in registry order, exactly

    [3/17] Kecamatan Airmadidi: fail (duration.min)
"""

from __future__ import annotations

import threading
from types import TracebackType

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from pipeline.models import CheckStatus, Report, Verdict
from pipeline.runner import EventKind, Outcome, Work

VERDICT_STYLE = {
    Verdict.PASS: "green",
    Verdict.FAIL: "red",
    Verdict.NEEDS_REVIEW: "yellow",
    Verdict.ERROR: "magenta",
}
STAGES = ("fetch", "analysis", "judge")


def line(done: int, total: int, r: Report) -> str:
    failed = " ".join(c.id for c in r.checks if c.status is CheckStatus.FAIL)
    return f"[{done}/{total}] {r.agency}: [{VERDICT_STYLE[r.verdict]}]{r.verdict.value}[/]" + (
        f" ({failed})" if failed else ""
    )


def _size(n: int) -> str:
    value = float(n)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{n} B"


class BatchProgress:
    """``on_event`` and ``on_done`` for run_batch; a context manager around the run."""

    def __init__(self, console: Console, total: int, *, quiet: bool = False) -> None:
        self.console = console
        self.total = total
        self.quiet = quiet
        self.done = 0
        self.live = console.is_terminal and not quiet
        self._lock = threading.Lock()
        self._active = dict.fromkeys(STAGES, 0)
        self._finished = dict.fromkeys(STAGES, 0)
        self._bytes = 0
        self._progress = Progress(
            TextColumn("{task.description:<9}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[note]}"),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=console,
            transient=True,
            disable=not self.live,
        )
        self._tasks: dict[str, TaskID] = {
            s: self._progress.add_task(s, total=total, note="") for s in STAGES
        }

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
            note = f"{self._active[stage]} running" if self._active[stage] else ""
            if stage == "fetch":
                note = f"{note}  {_size(self._bytes)} downloaded".strip()
            self._progress.update(self._tasks[stage], completed=self._finished[stage], note=note)

    def on_done(self, outcome: Outcome) -> None:
        self.done += 1
        if not self.quiet:
            self.console.print(line(self.done, self.total, outcome.report))
