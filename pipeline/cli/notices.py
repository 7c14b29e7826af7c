"""`kipp notices [AGENCY]`: the notices to send to agencies whose entry did not pass."""

from __future__ import annotations

import click

from pipeline.cli.workspace import Workspace, out, pass_workspace, usage_errors, workspace_options
from pipeline.report.notices import CSV_NAME, NOTICE_FILE, stored_notices
from pipeline.select import find_entry


@click.command()
@click.argument("agency", required=False)
@workspace_options
@pass_workspace
@usage_errors
def notices(ws: Workspace, agency: str | None) -> None:
    """Print the notice of every entry that did not pass (or of AGENCY), as written by the
    last run to OUT/<folder>/pesan.txt (all of them: OUT/pesan-instansi.csv)."""
    ws.start_logging(to_file=False)
    entries = ws.entries()
    if agency:
        entries = [find_entry(agency, entries)]
    with ws.reading() as store:
        found = stored_notices(store, [e.entry_id for e in entries])
    if not found:
        who = entries[0].agency if agency else "any entry"
        out.print(f"No notice for {who}: every entry checked so far passed, or none was "
                  "checked yet (kipp run).", markup=False)  # fmt: skip
        return
    for n in found:
        rule = f"── {n.agency} ({n.verdict.value})"
        if n.contact:
            rule += f" · {n.contact}"
        out.print(rule, markup=False)
        out.print(n.text, markup=False)
        if n.wa_link:
            out.print(f"WhatsApp: {n.wa_link}", markup=False, soft_wrap=True)
            out.print()
    out.print(f"{len(found)} notice(s); files: {ws.out}/<folder>/{NOTICE_FILE}, "
              f"{ws.out / CSV_NAME}", markup=False)  # fmt: skip
