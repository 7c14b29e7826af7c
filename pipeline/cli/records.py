"""`kipp status` and `kipp history`: what the store remembers, read without the lock."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import click
from rich.table import Table

from pipeline import formatting, i18n
from pipeline.cli.render import styled
from pipeline.cli.words import say, verdict
from pipeline.cli.workspace import (
    Workspace,
    echo,
    out,
    pass_workspace,
    usage_errors,
    workspace_options,
)
from pipeline.registry.select import find_entry
from pipeline.store import NoticeRow, StatusRow


@click.command()
@workspace_options
@click.option("--json", "json_out", is_flag=True, help="Print a JSON list on stdout instead.")
@pass_workspace
@usage_errors
def status(ws: Workspace, json_out: bool) -> None:
    """Each entry's latest verdict, when it was checked, and what changed since the run before."""
    ws.require_store()  # a reading command never makes a work folder
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
        echo(json.dumps(listed))
        return
    lang, when = ws.language, _when(ws)
    table = Table(title=f"kipp status: {ws.out}")
    for col in ("agency", "verdict", "version", "checked", "notice", "changes"):
        table.add_column(say(f"status.{col}", lang))
    for e, row in zip(entries, rows, strict=True):
        if row.last is None:
            table.add_row(e.agency, "-", "-", say("status.not_checked", lang), "-", "")
            continue
        changes = ", ".join(_change(code, params, lang) for code, params in row.change_codes())
        notice = _notice_text(notices.get(e.entry_id), row, when, lang)
        table.add_row(e.agency, styled(row.last.verdict, lang), f"v{row.last.version}",
                      when(row.last.at), notice, changes or "-")  # fmt: skip
    out.print(table)
    if runs:
        r = runs[0]
        state = r["status"]  # running, done, failed, interrupted
        state = say(f"run.{state}", lang) if i18n.has(f"cli.run.{state}") else state
        out.print(say("status.last_run", lang, id=r["id"], command=r["command"],
                      started=when(r["started_at"]), status=state), markup=False)  # fmt: skip


def _change(code: str, params: dict[str, str], lang: str) -> str:
    """One change since the run before, in ``lang`` (verdicts as words)."""
    if code == "verdict":
        params = {k: verdict(v, lang) for k, v in params.items()}
    return say(f"change.{code}", lang, **params)


def _when(ws: Workspace) -> Callable[[str], str]:
    """A stored ISO time as officers read it: local, with the zone's name (WITA)."""
    zone = ws.config.deadline.timezone
    return lambda iso: formatting.stamp(at, zone) if (at := formatting.parse_iso(iso)) else iso


def _notice_text(
    notice: NoticeRow | None, row: StatusRow, when: Callable[[str], str], lang: str
) -> str:
    if notice is None or notice.notice_json is None:
        return "-"
    changed = say("status.entry_changed", lang) if notice.changed_since(row.last) else ""
    return say("status.written", lang, when=when(notice.written_at)) + changed


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
    ws.require_store()  # a reading command never makes a work folder
    ws.start_logging(to_file=False)
    entry = find_entry(agency, ws.entries())
    with ws.reading() as store:
        rows = store.reports(entry.entry_id)
    lang = ws.language
    if not rows:
        out.print(say("history.none", lang, agency=entry.agency), markup=False)
        return
    table = Table(title=f"{entry.agency} ({entry.entry_id})")
    for col in ("version", "validated", "verdict", "tool", "reason"):
        table.add_column(say(f"history.{col}", lang))
    when = _when(ws)
    for r in rows:
        table.add_row(
            f"v{r.version}", when(r.validated_at), styled(r.verdict, lang), r.tool_version, r.reason
        )
    out.print(table)
    out.print(say("files", lang), ws.out / entry.entry_id / "history", markup=False)
