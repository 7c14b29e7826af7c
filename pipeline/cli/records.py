"""`kipp status` and `kipp history`: what the store remembers, read without the lock."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import click
from rich.table import Table

from pipeline import formatting
from pipeline.cli.render import styled
from pipeline.cli.workspace import Workspace, out, pass_workspace, usage_errors, workspace_options
from pipeline.select import find_entry
from pipeline.store import NoticeRow, StatusRow


@click.command()
@workspace_options
@click.option("--json", "json_out", is_flag=True, help="Print a JSON list on stdout instead.")
@pass_workspace
@usage_errors
def status(ws: Workspace, json_out: bool) -> None:
    """Each entry's latest verdict, when it was checked, and what changed since the run before."""
    ws.start_logging(to_file=False)
    entries = ws.entries()
    ids = [e.entry_id for e in entries]
    with ws.reading() as store:
        rows, notices = store.status(ids), store.notices(ids)
        runs = store.runs(limit=1)
    if json_out:
        listed = [
            {**r.as_json(e.agency), "notice": _notice_json(notices.get(e.entry_id), r)}
            for e, r in zip(entries, rows, strict=True)
        ]
        click.echo(json.dumps(listed))
        return
    when = _when(ws)
    table = Table(title=f"kipp status: {ws.out}")
    columns = ("agency", "verdict", "version", "checked", "notice", "changed since the run before")
    for col in columns:
        table.add_column(col)
    for e, row in zip(entries, rows, strict=True):
        if row.last is None:
            table.add_row(e.agency, "-", "-", "not checked yet", "-", "")
            continue
        changes = ", ".join(row.changes()) or "-"
        notice = _notice_text(notices.get(e.entry_id), row, when)
        table.add_row(e.agency, styled(row.last.verdict), f"v{row.last.version}",
                      when(row.last.at), notice, changes)  # fmt: skip
    out.print(table)
    if runs:
        r = runs[0]
        started = when(r["started_at"])
        out.print(f"Last run: #{r['id']} {r['command']}, started {started}, {r['status']}.")


def _when(ws: Workspace) -> Callable[[str], str]:
    """A stored ISO time as officers read it: local, with the zone's name (WITA)."""
    zone = ws.config.deadline.timezone
    return lambda iso: formatting.stamp(at, zone) if (at := formatting.parse_iso(iso)) else iso


def _notice_text(notice: NoticeRow | None, row: StatusRow, when: Callable[[str], str]) -> str:
    if notice is None or notice.notice_json is None:
        return "-"
    changed = ", entry changed since" if notice.changed_since(row.last) else ""
    return f"written {when(notice.written_at)}{changed}"


def _notice_json(notice: NoticeRow | None, row: StatusRow) -> dict[str, Any] | None:
    if notice is None or notice.notice_json is None:
        return None
    return {"written_at": notice.written_at, "entry_changed_since": notice.changed_since(row.last)}


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
    when = _when(ws)
    for r in rows:
        table.add_row(
            f"v{r.version}", when(r.validated_at), styled(r.verdict), r.tool_version, r.reason
        )
    out.print(table)
    out.print(f"Files: {ws.out / entry.entry_id / 'history'}", markup=False)
