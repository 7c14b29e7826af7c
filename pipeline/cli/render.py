"""What the commands show: the verdict table, the summary line, the JSON of a run."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import click
from rich.table import Table

from pipeline import i18n
from pipeline.cli.workspace import out
from pipeline.models import Report, Verdict
from pipeline.progress import VERDICT_STYLE
from pipeline.report import summarize, write_summary
from pipeline.runner import Env
from pipeline.session import RunResult, outcome_json, summary_is_current


def verdict_table(reports: Sequence[Report], lang: str) -> Table:
    table = Table(title=i18n.message("label.index_title", lang))
    for col in ("agency", "verdict", "duration", "reason"):
        table.add_column(i18n.message(f"label.{col}", lang))
    for r in reports:
        duration = i18n.seconds(r.probe.duration_s, lang) if r.probe else "-"
        table.add_row(r.agency, styled(r.verdict), duration, r.reason)
    return table


def styled(verdict: Verdict | str) -> str:
    v = Verdict(verdict)
    return f"[{VERDICT_STYLE[v]}]{v.value}[/]"


def finish(
    env: Env,
    reports: Sequence[Report],
    shown: Sequence[Report],
    quiet: bool = False,
    changed: bool = True,
) -> int:
    """Write the summary files (unless nothing changed), show the table; the exit code
    for ``shown`` (0 every one passed, else 1)."""
    summary = summarize(reports, env.config, env.lang, env.clock())
    if changed or not summary_is_current(env.out, reports):
        write_summary(summary, reports, env.out, env.config)
    if not quiet:
        out.print(verdict_table(shown, env.lang))
        counts = ", ".join(f"{k} {v}" for k, v in summary.counts.items())
        out.print(f"{len(reports)} entries: {counts}. Index: {env.out / 'index.html'}")
    return 0 if all(r.verdict is Verdict.PASS for r in shown) else 1


def run_json(result: RunResult, out_dir: Path, code: int) -> None:
    body = {"run_id": result.run_id, "exit_code": code, **result.stats}
    body["index"] = str(out_dir / "index.html")
    body["results"] = [outcome_json(o, out_dir) for o in result.outcomes]
    click.echo(json.dumps(body, ensure_ascii=False))
