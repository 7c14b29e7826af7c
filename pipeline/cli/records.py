"""`kipp status` and `kipp history`: what the store remembers, read without the lock."""

from __future__ import annotations

import json

import click
from rich.table import Table

from pipeline.cli.render import styled
from pipeline.cli.workspace import Workspace, out, pass_workspace, usage_errors, workspace_options
from pipeline.select import find_entry


@click.command()
@workspace_options
@click.option("--json", "json_out", is_flag=True, help="Print a JSON list on stdout instead.")
@pass_workspace
@usage_errors
def status(ws: Workspace, json_out: bool) -> None:
    """Each entry's latest verdict, when it was checked, and what changed since the run before."""
    ws.start_logging(to_file=False)
    entries = ws.entries()
    with ws.reading() as store:
        rows = store.status([e.entry_id for e in entries])
        runs = store.runs(limit=1)
    if json_out:
        click.echo(json.dumps([r.as_json(e.agency) for e, r in zip(entries, rows, strict=True)]))
        return
    table = Table(title=f"kipp status: {ws.out}")
    for col in ("agency", "verdict", "version", "checked", "changed since the run before"):
        table.add_column(col)
    for e, row in zip(entries, rows, strict=True):
        if row.last is None:
            table.add_row(e.agency, "-", "-", "not checked yet", "")
            continue
        when = row.last.at.replace("T", " ")
        changes = ", ".join(row.changes()) or "-"
        table.add_row(e.agency, styled(row.last.verdict), f"v{row.last.version}", when, changes)
    out.print(table)
    if runs:
        r = runs[0]
        out.print(f"Last run: #{r['id']} {r['command']}, started {r['started_at']}, {r['status']}.")


@click.command()
@click.argument("agency")
@workspace_options
@pass_workspace
@usage_errors
def history(ws: Workspace, agency: str) -> None:
    """Every report version of one entry, oldest first (files in OUT/<folder>/history)."""
    ws.start_logging(to_file=False)
    entry = find_entry(agency, ws.entries())
    with ws.reading() as store:
        rows = store.reports(entry.entry_id)
    if not rows:
        out.print(f"{entry.agency} has no report yet: run kipp run or kipp rerun.", markup=False)
        return
    table = Table(title=f"{entry.agency} ({entry.entry_id})")
    for col in ("version", "validated", "verdict", "tool", "reason"):
        table.add_column(col)
    for r in rows:
        when = r.validated_at.replace("T", " ")
        table.add_row(f"v{r.version}", when, styled(r.verdict), r.tool_version, r.reason)
    out.print(table)
    out.print(f"Files: {ws.out / entry.entry_id / 'history'}", markup=False)
