"""The `kipp` command: parse arguments, open the workspace, call the library, render.

    pipeline/cli/
        workspace.py   Workspace (config, Drive client, OUT, registry, language, store),
                       the shared options, usage errors -> exit 2
        render.py      verdict table, summary line, run JSON
        run.py         kipp run, kipp rerun
        review.py      kipp review
        records.py     kipp status, kipp history
        notices.py     kipp notices
        link.py        kipp check-link
        jury.py        kipp jury ... (the jury's half: pipeline.jury)
        clicktext.py   click's own usage errors in the officer's language

A new command: a module here with a ``@click.command()`` taking ``ws: Workspace`` through
``@pass_workspace``, added to ``main`` below.

Exit codes: 0 every entry passed, 1 at least one did not (fail / needs_review /
error), 2 usage or config error, 3 kipp could not do its own work (a full or read-only
disk, an internal failure).
"""

from __future__ import annotations

import click

from pipeline import __version__
from pipeline.cli.clicktext import KippGroup
from pipeline.cli.jury import jury
from pipeline.cli.link import check_link
from pipeline.cli.notices import notices
from pipeline.cli.records import history, status
from pipeline.cli.review import review
from pipeline.cli.run import rerun, run
from pipeline.cli.workspace import Workspace

__all__ = ["Workspace", "main"]


@click.group(cls=KippGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kipp")
@click.pass_context
def main(ctx: click.Context) -> None:
    """kipp: validate competition video entries before the jury meets."""
    ws = ctx.ensure_object(Workspace)
    ctx.call_on_close(ws.close)


for command in (run, rerun, review, status, history, notices, check_link, jury):
    main.add_command(command)
