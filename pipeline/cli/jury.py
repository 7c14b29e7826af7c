"""`kipp jury ...`: the jury's half, from the valid entries to the minutes (pipeline.jury).

kipp jury sheets [--round ID]          OUT/penilaian/<round>/<juror>.xlsx (never over a
                                       filled or differing one: "<juror> (2).xlsx")
kipp jury import FILE... --by NAME     a juror's filled sheet(s): 0 stored, 2 refused
kipp jury progress                     who has scored what, what is missing
kipp jury tally [--json]               rankings, nominees, winners, the favourite
kipp jury conflict JUROR ENTRY --reason TEXT --by NAME [--withdraw]
kipp jury tie SCOPE ENTRY... --by NAME the honorary judge's order (when declared)
kipp jury reopen JUROR ROUND --by NAME
kipp jury favourite-sheets / favourite-import FILE... --by NAME
kipp jury minutes                      berita acara PDFs, rekap-penilaian.xlsx, announcement

Every command that changes the judging writes OUT/penjurian.html again (and the judging
block of each entry page whose block changed): pipeline.report.judging_pages.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path

import click

from pipeline import i18n
from pipeline.cli.workspace import (
    WAIT,
    Workspace,
    echo,
    err,
    out,
    pass_workspace,
    usage_errors,
    workspace_options,
)
from pipeline.errors import InputRejected
from pipeline.jury.announce import write_announcement
from pipeline.jury.count_sheets import import_count, make_count_sheets
from pipeline.jury.files import judging_of, make_sheets
from pipeline.jury.json_out import tally_json
from pipeline.jury.lines import favourite_lines, progress_lines, tally_lines
from pipeline.jury.minutes import write_minutes
from pipeline.jury.placing import Placing
from pipeline.jury.progress import progress_of
from pipeline.jury.scoring import decide_tie, declare_conflict, reopen_round, withdraw_conflict
from pipeline.jury.sheet_import import import_sheet
from pipeline.jury.tally import tally as compute_tally
from pipeline.jury.workbook import write_workbook
from pipeline.report.judging_pages import write_judging
from pipeline.store import Store

i18n.register(
    {
        "cli.jury.sheets.none": {
            "id": "Belum ada lembar yang bisa dibuat: belum ada entri yang lolos validasi (kipp "
            "run) atau belum ada nominasi untuk babak ini.",
            "en": "No sheet to make yet: no entry passed validation (kipp run), or this round "
            "has no nominees yet.",
        },
        "cli.jury.sheets.made": {"id": "{n} lembar penilaian:", "en": "{n} score sheet(s):"},
        "cli.jury.sheets.unchanged": {
            "id": "{path} (sudah ada, sama; tidak ditulis ulang)",
            "en": "{path} (already there, the same; left as it is)",
        },
        "cli.jury.sheets.beside.filled": {
            "id": "{path} ({kept} sudah berisi isian: tidak ditimpa)",
            "en": "{path} ({kept} has entries in it: not overwritten)",
        },
        "cli.jury.sheets.beside.changed": {
            "id": "{path} ({kept} dibuat untuk daftar entri, bobot atau bahasa lain: tidak "
            "ditimpa)",
            "en": "{path} ({kept} was made for another entry list, weights or language: not "
            "overwritten)",
        },
        "cli.jury.sheets.beside.foreign": {
            "id": "{path} ({kept} bukan lembar kipp yang terbaca: tidak ditimpa)",
            "en": "{path} ({kept} is no kipp sheet it can read: not overwritten)",
        },
        "cli.jury.import.stored": {
            "id": "{file}: nilai {juror}, babak {round}, disimpan sebagai versi {version} "
            "({rows} entri).",
            "en": "{file}: {juror}'s scores, round {round}, stored as version {version} "
            "({rows} entries).",
        },
        "cli.jury.import.same": {
            "id": "{file}: sudah diimpor sebagai versi {version}; tidak ada yang berubah.",
            "en": "{file}: already imported as version {version}; nothing changed.",
        },
        "cli.jury.import.refused": {
            "id": "{file}: tidak disimpan ({n} masalah):",
            "en": "{file}: nothing stored ({n} problem(s)):",
        },
        "cli.jury.recorded": {"id": "Dicatat.", "en": "Recorded."},
        "cli.jury.minutes.files": {"id": "Berkas:", "en": "Files:"},
        "cli.jury.count.made": {"id": "{n} lembar hitungan:", "en": "{n} counting sheet(s):"},
        "cli.jury.count.stored": {
            "id": "{file}: hitungan {counter} disimpan ({rows} entri).",
            "en": "{file}: {counter}'s count stored ({rows} entries).",
        },
    }
)

BY = click.option(
    "--by",
    "by",
    required=True,
    envvar="KIPP_OFFICER",
    help="Who enters it (the officer's name). Env: KIPP_OFFICER.",
)


def _page(ws: Workspace, store: Store) -> Path | None:
    """OUT/penjurian.html and the entry pages' judging blocks, after what changed them."""
    return write_judging(store, ws.config, ws.out, ws.language, datetime.now(UTC))


def _s(key: str, lang: str, **params: object) -> str:
    return i18n.message(f"cli.jury.{key}", lang, **params)


@click.group()
def jury() -> None:
    """The jury: score sheets, imports, progress, the tally, the favourite, the minutes."""


@jury.command()
@workspace_options
@click.option("--round", "round_id", help="Only this round (default: every round with entries).")
@WAIT
@pass_workspace
@usage_errors
def sheets(ws: Workspace, round_id: str | None, wait: float) -> None:
    """Write each juror's score sheet: OUT/penilaian/<round>/<juror>.xlsx.  A sheet
    already there is never overwritten: left as it is when it is the same, else the new
    one goes beside it as <juror> (2).xlsx."""
    ws.start_logging()
    lang = ws.language
    judging_of(ws.config)
    with ws.writing("kipp jury sheets", wait=wait) as store:
        placed = make_sheets(store, ws.config, ws.out, round_id=round_id, lang=lang)
    if not placed:
        out.print(_s("sheets.none", lang), markup=False)
        return
    out.print(_s("sheets.made", lang, n=len(placed)), markup=False)
    for placing in placed:
        out.print(f"  {_placed(placing, lang)}", markup=False)


def _placed(placing: Placing, lang: str) -> str:
    """A sheet's line: its path, and why it is not where it was meant to go."""
    if placing.state == "unchanged":
        return _s("sheets.unchanged", lang, path=placing.path)
    if placing.state == "beside" and placing.kept is not None:
        key = f"sheets.beside.{placing.kept_holds}"
        return _s(key, lang, path=placing.path, kept=placing.kept.name)
    return str(placing.path)


@jury.command(name="import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
@workspace_options
@BY
@click.option("--juror", help="Refuse a sheet of another juror.")
@click.option("--round", "round_id", help="Refuse a sheet of another round.")
@WAIT
@pass_workspace
@usage_errors
def import_(
    ws: Workspace,
    files: tuple[Path, ...],
    by: str,
    juror: str | None,
    round_id: str | None,
    wait: float,
) -> None:
    """Import jurors' filled sheets.  Each sheet is checked whole: a sheet with any problem
    stores nothing (one line per problem; exit 2); the other sheets go on."""
    ws.start_logging()
    lang, config = ws.language, ws.config
    judging = judging_of(config)
    refused = 0
    with ws.writing("kipp jury import", wait=wait) as store:
        for path in files:
            try:
                done = import_sheet(
                    store,
                    judging,
                    config.competition.id,
                    path,
                    by=by,
                    juror=juror,
                    round_id=round_id,
                )
            except InputRejected as exc:
                refused += 1
                lines = exc.lines(lang)
                err.print(_s("import.refused", lang, file=path.name, n=len(lines)), markup=False)
                for line in lines:
                    err.print(f"  {line}", markup=False)
                continue
            who = judging.juror(done.juror_id)
            key = "import.same" if done.same_as else "import.stored"
            out.print(
                _s(
                    key,
                    lang,
                    file=path.name,
                    juror=who.label if who else done.juror_id,
                    round=done.round_id,
                    version=done.version,
                    rows=done.rows,
                ),
                markup=False,
            )
        _page(ws, store)
    if refused:
        sys.exit(2)


@jury.command()
@workspace_options
@pass_workspace
@usage_errors
def progress(ws: Workspace) -> None:
    """Who has scored what, and what is missing, per juror and per entry."""
    ws.start_logging(to_file=False)
    judging = judging_of(ws.config)
    with ws.reading() as store:
        found = progress_of(compute_tally(store, judging), judging, store)
    for line in progress_lines(found, judging, ws.language):
        out.print(line, markup=False)


@jury.command()
@workspace_options
@click.option("--json", "json_out", is_flag=True, help="Print the tally as JSON on stdout.")
@pass_workspace
@usage_errors
def tally(ws: Workspace, json_out: bool) -> None:
    """Each round's ranking (mean, median, spread, each juror's score, recusals, ties),
    the nominees, the winners and the public favourite."""
    ws.start_logging(to_file=False)
    judging = judging_of(ws.config)
    with ws.reading() as store:
        result = compute_tally(store, judging)
    if json_out:
        echo(json.dumps(tally_json(result, judging), ensure_ascii=False))
        return
    for line in tally_lines(result, ws.config, judging, ws.language):
        out.print(line, markup=False)


@jury.command()
@click.argument("juror_id", metavar="JUROR")
@click.argument("entry_id", metavar="ENTRY")
@workspace_options
@click.option(
    "--reason",
    required=True,
    help="Why the juror does not score this entry (or, with "
    "--withdraw, why the conflict no longer holds).",
)
@click.option(
    "--withdraw", is_flag=True, help="Withdraw the juror's declared conflict (it stays on record)."
)
@BY
@WAIT
@pass_workspace
@usage_errors
def conflict(
    ws: Workspace,
    juror_id: str,
    entry_id: str,
    reason: str,
    withdraw: bool,
    by: str,
    wait: float,
) -> None:
    """Record a conflict of interest a juror declares with an entry (report folder name),
    or with --withdraw take a declared one back: their score counts again."""
    ws.start_logging()
    judging = judging_of(ws.config)
    act = withdraw_conflict if withdraw else declare_conflict
    with ws.writing("kipp jury conflict", wait=wait) as store:
        act(store, judging, juror_id, entry_id, reason, by=by)
        _page(ws, store)
    out.print(_s("recorded", ws.language), markup=False)


@jury.command()
@click.argument("scope")
@click.argument("entries", nargs=-1, required=True)
@workspace_options
@click.option("--note", default="", help="How it was decided (shown in the minutes).")
@BY
@WAIT
@pass_workspace
@usage_errors
def tie(
    ws: Workspace, scope: str, entries: tuple[str, ...], note: str, by: str, wait: float
) -> None:
    """Record the honorary judge's order (best first) for entries the declared rule left
    tied; SCOPE is round:<id>, final or favourite.  Only when the config declares it."""
    ws.start_logging()
    judging = judging_of(ws.config)
    with ws.writing("kipp jury tie", wait=wait) as store:
        decide_tie(store, judging, scope, entries, by=by, note=note)
        _page(ws, store)
    out.print(_s("recorded", ws.language), markup=False)


@jury.command()
@click.argument("juror_id", metavar="JUROR")
@click.argument("round_id", metavar="ROUND")
@workspace_options
@BY
@WAIT
@pass_workspace
@usage_errors
def reopen(ws: Workspace, juror_id: str, round_id: str, by: str, wait: float) -> None:
    """Reopen a juror's handed-in round for changes in the browser."""
    ws.start_logging()
    judging = judging_of(ws.config)
    with ws.writing("kipp jury reopen", wait=wait) as store:
        reopen_round(store, judging, juror_id, round_id, by=by)
        _page(ws, store)
    out.print(_s("recorded", ws.language), markup=False)


@jury.command(name="favourite-sheets")
@workspace_options
@WAIT
@pass_workspace
@usage_errors
def favourite_sheets(ws: Workspace, wait: float) -> None:
    """Write one counting sheet per counter: OUT/penilaian/favorit/penghitung-N.xlsx
    (never over a filled or differing one: penghitung-N (2).xlsx)."""
    ws.start_logging()
    lang = ws.language
    with ws.writing("kipp jury favourite-sheets", wait=wait) as store:
        placed = make_count_sheets(store, ws.config, ws.out, lang=lang)
    if not placed:
        out.print(_s("sheets.none", lang), markup=False)
        return
    out.print(_s("count.made", lang, n=len(placed)), markup=False)
    for placing in placed:
        out.print(f"  {_placed(placing, lang)}", markup=False)


@jury.command(name="favourite-import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
@workspace_options
@BY
@WAIT
@pass_workspace
@usage_errors
def favourite_import(ws: Workspace, files: tuple[Path, ...], by: str, wait: float) -> None:
    """Import counters' filled counting sheets; a sheet with any problem stores nothing
    (one line per problem; exit 2), the others go on.  Then the favourite as it stands."""
    ws.start_logging()
    lang, config = ws.language, ws.config
    judging = judging_of(config)
    refused = 0
    with ws.writing("kipp jury favourite-import", wait=wait) as store:
        for path in files:
            try:
                count = import_count(store, config, path, by=by)
            except InputRejected as exc:
                refused += 1
                lines = exc.lines(lang)
                err.print(_s("import.refused", lang, file=path.name, n=len(lines)), markup=False)
                for line in lines:
                    err.print(f"  {line}", markup=False)
                continue
            out.print(
                _s(
                    "count.stored",
                    lang,
                    file=path.name,
                    counter=count.counter,
                    rows=len(count.rows),
                ),
                markup=False,
            )
        result = compute_tally(store, judging)
        _page(ws, store)
    if result.favourite is not None:
        for line in favourite_lines(result.favourite, lang):
            out.print(line, markup=False)
    if refused:
        sys.exit(2)


@jury.command()
@workspace_options
@WAIT
@pass_workspace
@usage_errors
def minutes(ws: Workspace, wait: float) -> None:
    """Write the berita acara of the nominations and of the winners (PDF, with a DRAF mark
    while a score or count is missing), rekap-penilaian.xlsx and pengumuman.txt."""
    ws.start_logging()
    lang, config = ws.language, ws.config
    judging = judging_of(config)
    with ws.writing("kipp jury minutes", wait=wait) as store:
        result = compute_tally(store, judging)
        now = datetime.now(UTC)
        paths = [
            *write_minutes(result, config, ws.out, lang, now),
            write_workbook(result, judging, ws.out),
            write_announcement(result, config, ws.out, lang),
        ]
        page = _page(ws, store)
    paths += [page] if page is not None else []
    for line in tally_lines(result, config, judging, lang)[-1:] if result.draft else []:
        out.print(line, markup=False)
    out.print(_s("minutes.files", lang), markup=False)
    for path in paths:
        out.print(f"  {path}", markup=False)
