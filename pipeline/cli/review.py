"""`kipp review`: an officer's decision on one section, then the entry judged again."""

from __future__ import annotations

import sys

import click

from pipeline.cli.render import finish
from pipeline.cli.words import say
from pipeline.cli.workspace import (
    WAIT,
    Workspace,
    out,
    pass_workspace,
    usage_errors,
    workspace_options,
)
from pipeline.errors import UsageError
from pipeline.progress import line
from pipeline.registry.select import find_entry, latest_reports
from pipeline.session import review_duplicate, review_entry


@click.command()
@click.argument("agency")
@workspace_options
@click.option("--section", "section_id", help="Checklist section id, e.g. masalah.")
@click.option(
    "--duplicate",
    "other",
    help="Instead of a section: the entry kipp found with the same video (its id, or "
    "ROUND#ID for an earlier round); give --same or --different.",
)
@click.option(
    "--same/--different",
    "same",
    default=None,
    help="With --duplicate: the two are the same video, or not.",
)
@click.option(
    "--present/--absent",
    "present",
    default=None,
    help="The officer saw the section (give --at) or did not.",
)
@click.option(
    "--at",
    "at",
    help="With --present: where it starts, M:SS (1:05, 01:05 and 1.05 are one minute five).",
)
@click.option("--by", "by", required=True, help="The officer's name.")
@click.option("--note", default="", help="Why, in a few words (shown in the report).")
@WAIT
@pass_workspace
@usage_errors
def review(
    ws: Workspace,
    agency: str,
    section_id: str | None,
    other: str | None,
    same: bool | None,
    present: bool | None,
    at: str | None,
    by: str,
    note: str,
    wait: float,
) -> None:
    """Record an officer's decision on one section (or on a duplicate match), then judge
    the entry (both entries) again."""
    if other is not None:
        ws.require_store()  # a reading command never makes a work folder
        ws.start_logging()
        _duplicate(ws, agency, other, same, by, note, wait, section_id)
        return
    if section_id is None:
        raise UsageError(key="review.say_about")
    if present is None:
        raise UsageError(key="review.say_what")
    ws.require_store()  # a reading command never makes a work folder
    ws.start_logging()
    with ws.writing("kipp review", wait=wait) as store:
        entries = ws.entries()
        entry = find_entry(agency, entries)
        env = ws.env(store, tools=False, drive=False)
        outcome = review_entry(entry, env, section_id, present=present, at=at, by=by, note=note)
        lang = ws.language
        seen = say("review.present", lang, at=at) if present else say("review.absent", lang)
        out.print(say("review.recorded", lang, agency=entry.agency, section=section_id,
                      seen=seen, by=by), markup=False)  # fmt: skip
        out.print(say("review.version", lang, version=outcome.report.version),
                  outcome.report_path, markup=False)  # fmt: skip
        width = None if ws.verbose else out.width
        out.print(line(1, 1, outcome.shown, width), soft_wrap=True)
        reports = latest_reports(entries, ws.out, {entry.entry_id: outcome.report})
        sys.exit(finish(env, reports, [outcome.report]))


def _duplicate(
    ws: Workspace,
    agency: str,
    other: str,
    same: bool | None,
    by: str,
    note: str,
    wait: float,
    section_id: str | None,
) -> None:
    if section_id is not None:
        raise UsageError("Give --section or --duplicate, not both: one decision at a time.")
    if same is None:
        raise UsageError("Say what the officer found: --same (the same video) or --different.")
    with ws.writing("kipp review", wait=wait) as store:
        entries = ws.entries()
        entry = find_entry(agency, entries)
        env = ws.env(store, tools=False, drive=False)
        outcomes = review_duplicate(entry, env, other, same=same, by=by, note=note)
        lang = ws.language
        key = "review.duplicate_same" if same else "review.duplicate_different"
        out.print(say(key, lang, agency=entry.agency, other=other, by=by), markup=False)
        width = None if ws.verbose else out.width
        for i, outcome in enumerate(outcomes, 1):
            out.print(line(i, len(outcomes), outcome.report, width), soft_wrap=True)
        mine = {o.entry.entry_id: o.report for o in outcomes}
        reports = latest_reports(entries, ws.out, mine)
        sys.exit(finish(env, reports, [o.report for o in outcomes]))
