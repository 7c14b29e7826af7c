"""`kipp notices [AGENCY]`: the notices to send to agencies whose entry did not pass."""

from __future__ import annotations

import click

from pipeline.cli.words import say, verdict
from pipeline.cli.workspace import Workspace, out, pass_workspace, usage_errors, workspace_options
from pipeline.registry.select import find_entry
from pipeline.report.notices import CSV_NAME, NOTICE_FILE, notices_in


@click.command()
@click.argument("agency", required=False)
@workspace_options
@pass_workspace
@usage_errors
def notices(ws: Workspace, agency: str | None) -> None:
    """Print the notice of every entry that did not pass (or of AGENCY), as written by the
    last run to OUT/<folder>/pesan.txt (all of them: OUT/pesan-instansi.csv); with --lang,
    in that language (built again from the report each notice was written from)."""
    ws.require_store()  # a reading command never makes a work folder
    ws.start_logging(to_file=False)
    entries = ws.entries()
    if agency:
        entries = [find_entry(agency, entries)]
    lang = ws.language
    with ws.reading() as store:
        found = notices_in(store, entries, ws.config, ws.lang)
    if not found:
        who = entries[0].agency if agency else say("notices.anyone", lang)
        out.print(say("notices.none", lang, who=who), markup=False)
        return
    for n in found:
        rule = f"── {n.agency} ({verdict(n.verdict, lang)})"
        if n.contact:
            rule += f" · {n.contact}"
        out.print(rule, markup=False)
        out.print(n.text, markup=False)
        if n.wa_link:
            out.print(f"WhatsApp: {n.wa_link}", markup=False, soft_wrap=True)
            out.print()
    files = f"{ws.out}/<folder>/{NOTICE_FILE}, {ws.out / CSV_NAME}"
    out.print(say("notices.count", lang, n=len(found)), files, markup=False)
