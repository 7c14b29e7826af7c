"""`kipp run` (every entry, once or on a schedule) and `kipp rerun` (one entry, forced)."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime

import click

from pipeline import schedule
from pipeline.cli.render import column_lines, finish, run_json
from pipeline.cli.words import say
from pipeline.cli.workspace import (
    WAIT,
    Workspace,
    err,
    out,
    pass_workspace,
    usage_errors,
    workspace_options,
)
from pipeline.errors import StoreBusy, UsageError
from pipeline.progress import BatchProgress
from pipeline.registry.select import find_entry, latest_reports
from pipeline.session import rerun_logged, run_logged


@click.command()
@workspace_options
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=os.cpu_count() or 1,
    show_default="the number of cores",
    help="Entries analysed (decoded) at once.",
)
@click.option(
    "--fetch-workers",
    type=click.IntRange(1, 32),
    default=4,
    show_default=True,
    help="Downloads at once.",
)
@click.option("--force", is_flag=True, help="Redo every stage, even for unchanged entries.")
@click.option("--every", help="Repeat the run at this interval (30m, 2h) until --until.")
@click.option(
    "--until",
    help="With --every: last start, e.g. 2024-05-31T23:59 (default: "
    "the config's deadline; local time of the competition).",
)
@click.option("--json", "json_out", is_flag=True, help="Print a JSON summary on stdout instead.")
@WAIT
@pass_workspace
@usage_errors
def run(
    ws: Workspace,
    workers: int,
    fetch_workers: int,
    force: bool,
    every: str | None,
    until: str | None,
    json_out: bool,
    wait: float,
) -> None:
    """Validate every entry of the registry and write the reports."""
    ws.start_logging()

    def once() -> int:
        ws.reload()
        with ws.writing("kipp run", wait=wait) as store:
            entries = ws.entries()
            if not entries:
                raise UsageError(key="registry.no_entries", registry=str(ws.registry))
            env = ws.env(store, entries=entries)
            if not json_out and ws.columns is not None:  # the mapping on OUT's first run
                for text in column_lines(ws.columns, ws.language, mapping=not store.runs(1)):
                    out.print(text, markup=False)
            full = ws.verbose > 0
            with BatchProgress(
                out, len(entries), quiet=json_out, full=full, lang=ws.language
            ) as progress:
                env = replace(env, progress=progress.on_progress)  # live decode and download
                result = run_logged(
                    entries, env, force=force, fetch_workers=fetch_workers,
                    analysis_workers=workers, on_done=progress.on_done, on_event=progress.on_event,
                )  # fmt: skip
            reports = [o.report for o in result.outcomes]
            changed = result.stats["new_versions"] > 0
            code = finish(env, reports, reports, quiet=json_out, changed=changed)
        if json_out:
            run_json(result, ws.out, code)
        return code

    if every is None:
        if until is not None:
            raise UsageError(key="schedule.until_alone")
        sys.exit(once())
    sys.exit(_repeat(ws, once, every, until))


def _repeat(ws: Workspace, once: Callable[[], int], every: str, until: str | None) -> int:
    """``once`` at every ``every`` until ``until`` (default: the deadline); the last code."""
    interval = schedule.parse_every(every)
    deadline = ws.config.deadline
    last = schedule.parse_until(until, deadline.timezone) if until else deadline.aware
    codes: list[int] = []

    def scheduled() -> None:
        try:
            codes.append(once())
        except StoreBusy as exc:  # a rerun or review holds the folder: try at the next tick
            lang = ws.language
            err.print(say("skipped", lang, reason=exc.render(lang)), markup=False)
            codes.append(2)

    schedule.repeat(scheduled, every=interval, until=last, clock=lambda: datetime.now(UTC),
                    sleep=time.sleep)  # fmt: skip
    return codes[-1]


@click.command()
@click.argument("agency")
@workspace_options
@WAIT
@pass_workspace
@usage_errors
def rerun(ws: Workspace, agency: str, wait: float) -> None:
    """Validate one entry again, every stage (AGENCY: name, short form or report folder)."""
    ws.start_logging()
    with ws.writing("kipp rerun", wait=wait) as store:
        entries = ws.entries()
        entry = find_entry(agency, entries)
        env = ws.env(store, entries=[entry])
        with BatchProgress(out, 1, full=ws.verbose > 0, lang=ws.language) as progress:
            env = replace(env, progress=progress.on_progress)
            result = rerun_logged(entry, env, on_done=progress.on_done)
        report = result.outcomes[0].report
        reports = latest_reports(entries, ws.out, {entry.entry_id: report})
        sys.exit(finish(env, reports, [report]))
