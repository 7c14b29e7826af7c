"""The `kipp` command: parse arguments, load config, call the library, render.

Exit codes: 0 every entry passed, 1 at least one did not (fail / needs_review /
error), 2 usage or config error, 3 kipp could not do its own work (a full or read-only
disk, an internal failure).
"""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import os
import sys
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.table import Table

from pipeline import __version__, i18n, logs, schedule
from pipeline.config import Config, load_config
from pipeline.errors import OwnWorkError, StoreBusy, UsageError
from pipeline.models import Entry, Report, Verdict
from pipeline.progress import VERDICT_STYLE, BatchProgress, line
from pipeline.registry import load_registry, parse_rows
from pipeline.report import summarize, write_summary
from pipeline.runner import Env
from pipeline.select import find_entry, latest_reports
from pipeline.session import (
    RunResult,
    open_work,
    outcome_json,
    review_entry,
    run_logged,
    summary_is_current,
)
from pipeline.store import Store, kipp_dir
from pipeline.tools import find

F = TypeVar("F", bound=Callable[..., Any])
EXIT_OWN_WORK = 3  # kipp could not do its own work (DESIGN's contract; README "Exit codes")
log = logging.getLogger(__name__)
DEFAULT_CONFIG = "config/kipp-minut-2024.toml"
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def common_options(fn: F) -> F:
    """--config, --registry, --out, --lang, -v: the same on every command."""
    options = [
        click.option(
            "--config",
            "config_path",
            type=click.Path(path_type=Path, dir_okay=False),
            default=DEFAULT_CONFIG,
            envvar="KIPP_CONFIG",
            show_default=True,
            help="Competition rules (TOML). Env: KIPP_CONFIG.",
        ),
        click.option(
            "--registry",
            "registry_path",
            envvar="KIPP_REGISTRY",
            help="Submission registry: a CSV file (Google Forms export) or a Google Sheets "
            "link. Env: KIPP_REGISTRY.",
        ),
        click.option(
            "--out",
            "out_dir",
            type=click.Path(path_type=Path, file_okay=False),
            default="reports",
            envvar="KIPP_OUT",
            show_default=True,
            help="Report folder; the store and download cache live in OUT/.kipp. Env: KIPP_OUT.",
        ),
        click.option(
            "--lang",
            type=click.Choice(i18n.LANGUAGES),
            default=None,
            help="Report language (default: the config's, normally 'id').",
        ),
        click.option(
            "--credentials",
            type=click.Path(path_type=Path, dir_okay=False),
            default=None,
            help="Google service account key (JSON) for Drive links and Sheets registries. "
            "Else GOOGLE_APPLICATION_CREDENTIALS, KIPP_DRIVE_API_KEY or gcloud's default "
            "credentials are used.",
        ),
        click.option("-v", "--verbose", count=True, help="More log output (-vv for debug)."),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


def handle_usage_errors(fn: F) -> F:
    """Usage errors exit 2; kipp's own failures (a full or read-only disk, a bug) exit
    EXIT_OWN_WORK, never 0 or 1 (which speak of the entries), with one line."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except UsageError as exc:
            err.print(f"kipp: error: {exc}", markup=False)
            sys.exit(2)
        except OwnWorkError as exc:
            err.print(f"kipp: error: {exc}", markup=False)
            sys.exit(EXIT_OWN_WORK)
        except Exception as exc:
            log.exception("internal failure")  # the traceback goes to OUT/.kipp/kipp.log
            err.print(
                f"kipp: internal error ({type(exc).__name__}: {exc}). Run the command "
                "again; if it repeats, report this line with OUT/.kipp/kipp.log.",
                markup=False,
            )
            sys.exit(EXIT_OWN_WORK)

    return wrapper  # type: ignore[return-value]


def _wait_option(fn: F) -> F:
    return click.option(
        "--wait",
        type=click.FloatRange(0),
        default=0,
        show_default=True,
        help="Seconds to wait while another kipp command works in OUT; then exit 2.",
    )(fn)


def _setup_logging(verbose: int, out_dir: Path | None = None) -> None:
    logs.setup(verbose, kipp_dir(out_dir) / "kipp.log" if out_dir else None)


def _drive(credentials: Path | None, config: Config | None = None) -> Any:
    """A Drive client when credentials are found (closed on exit), else None."""
    from pipeline.fetch.drive import connect  # the Google client loads only when needed

    timeout = config.fetch.timeout_s if config else 60.0
    client = connect(credentials=credentials, timeout=timeout)
    return client if client is not None else contextlib.nullcontext()


def _entries(config_path: Path, registry: str | None, credentials: Path | None) -> list[Entry]:
    """The registry's entries, for commands that only read (status, history)."""
    config = load_config(config_path)
    with _drive(credentials, config) as drive:
        return _load(config, registry, drive)


def _load(config: Config, registry: str | None, drive: Any) -> list[Entry]:
    if not registry:
        raise UsageError("No registry given: pass --registry FILE.csv (or set KIPP_REGISTRY).")
    if registry.startswith(("http://", "https://", "docs.google.com")):
        from pipeline.fetch import sheets

        rows = sheets.read_rows(registry, drive)
        return parse_rows(rows, config, source=registry)
    return load_registry(Path(registry), config)


def _env(
    config: Config,
    out_dir: Path,
    lang: str | None,
    store: Store,
    drive: Any = None,
    *,
    tools: bool = True,
) -> Env:
    if tools:
        find("ffprobe")  # fail early, with the install command, before any entry runs
        find("ffmpeg")
    return Env(
        config=config,
        out=out_dir,
        lang=lang or config.competition.language,
        cache_dir=kipp_dir(out_dir) / "cache",
        store=store,
        drive=drive,
    )


def _table(reports: Sequence[Report], lang: str) -> Table:
    table = Table(title=i18n.message("label.index_title", lang))
    for col in ("agency", "verdict", "duration", "reason"):
        table.add_column(i18n.message(f"label.{col}", lang))
    for r in reports:
        duration = i18n.seconds(r.probe.duration_s, lang) if r.probe else "-"
        verdict = f"[{VERDICT_STYLE[r.verdict]}]{r.verdict.value}[/]"
        table.add_row(r.agency, verdict, duration, r.reason)
    return table


def _finish(
    env: Env,
    reports: Sequence[Report],
    shown: Sequence[Report],
    quiet: bool = False,
    changed: bool = True,
) -> int:
    """Write the summary files (unless nothing changed), show the table; the exit code
    for ``shown``."""
    summary = summarize(reports, env.config, env.lang, env.clock())
    if changed or not summary_is_current(env.out, reports):
        write_summary(summary, reports, env.out, env.config)
    if not quiet:
        out.print(_table(shown, env.lang))
        counts = ", ".join(f"{k} {v}" for k, v in summary.counts.items())
        out.print(f"{len(reports)} entries: {counts}. Index: {env.out / 'index.html'}")
    return 0 if all(r.verdict is Verdict.PASS for r in shown) else 1


def _json(result: RunResult, out_dir: Path, code: int) -> None:
    body = {"run_id": result.run_id, "exit_code": code, **result.stats}
    body["index"] = str(out_dir / "index.html")
    body["results"] = [outcome_json(o, out_dir) for o in result.outcomes]
    click.echo(json.dumps(body, ensure_ascii=False))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kipp")
def main() -> None:
    """kipp: validate competition video entries before the jury meets."""


@main.command()
@common_options
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
@_wait_option
@handle_usage_errors
def run(
    config_path: Path,
    registry_path: str | None,
    out_dir: Path,
    lang: str | None,
    credentials: Path | None,
    verbose: int,
    workers: int,
    fetch_workers: int,
    force: bool,
    every: str | None,
    until: str | None,
    json_out: bool,
    wait: float,
) -> None:
    """Validate every entry of the registry and write the reports."""
    _setup_logging(verbose, out_dir)

    def once() -> int:
        config = load_config(config_path)
        with (
            _drive(credentials, config) as drive,
            open_work(out_dir, wait=wait, what="kipp run") as store,
        ):
            entries = _load(config, registry_path, drive)
            if not entries:
                raise UsageError(f"Registry {registry_path} has a header but no entries.")
            env = _env(config, out_dir, lang, store, drive)
            with BatchProgress(out, len(entries), quiet=json_out) as progress:
                result = run_logged(
                    entries, env, command="run", force=force, fetch_workers=fetch_workers,
                    analysis_workers=workers, on_done=progress.on_done, on_event=progress.on_event,
                )  # fmt: skip
            reports = [o.report for o in result.outcomes]
            changed = result.stats["new_versions"] > 0
            code = _finish(env, reports, reports, quiet=json_out, changed=changed)
        if json_out:
            _json(result, out_dir, code)
        return code

    if every is None:
        if until is not None:
            raise UsageError(
                "--until goes with --every (e.g. --every 30m --until 2024-05-31T23:59)."
            )
        sys.exit(once())
    interval = schedule.parse_every(every)
    deadline_zone = load_config(config_path).deadline
    last = schedule.parse_until(until, deadline_zone.timezone) if until else deadline_zone.aware
    codes: list[int] = []

    def scheduled() -> None:
        try:
            codes.append(once())
        except StoreBusy as exc:  # a rerun or review holds the folder: try at the next tick
            err.print(f"kipp: skipped this run: {exc}", markup=False)
            codes.append(2)

    schedule.repeat(scheduled, every=interval, until=last, clock=lambda: datetime.now(UTC),
                    sleep=time.sleep)  # fmt: skip
    sys.exit(codes[-1])


@main.command()
@click.argument("agency")
@common_options
@_wait_option
@handle_usage_errors
def rerun(
    agency: str,
    config_path: Path,
    registry_path: str | None,
    out_dir: Path,
    lang: str | None,
    credentials: Path | None,
    verbose: int,
    wait: float,
) -> None:
    """Validate one entry again, every stage (AGENCY: name, short form or report folder)."""
    _setup_logging(verbose, out_dir)
    config = load_config(config_path)
    with (
        _drive(credentials, config) as drive,
        open_work(out_dir, wait=wait, what="kipp rerun") as store,
    ):
        entries = _load(config, registry_path, drive)
        entry = find_entry(agency, entries)
        env = _env(config, out_dir, lang, store, drive)
        progress = BatchProgress(out, 1)
        report = (
            run_logged([entry], env, command="rerun", on_done=progress.on_done).outcomes[0].report
        )
        reports = latest_reports(entries, out_dir, {entry.entry_id: report})
        sys.exit(_finish(env, reports, [report]))


@main.command()
@click.argument("agency")
@common_options
@click.option("--section", "section_id", required=True, help="Checklist section id, e.g. masalah.")
@click.option(
    "--present/--absent",
    "present",
    default=None,
    help="The officer saw the section (give --at) or did not.",
)
@click.option("--at", "at", help="With --present: where it starts, MM:SS.")
@click.option("--by", "by", required=True, help="The officer's name.")
@click.option("--note", default="", help="Why, in a few words (shown in the report).")
@_wait_option
@handle_usage_errors
def review(
    agency: str,
    config_path: Path,
    registry_path: str | None,
    out_dir: Path,
    lang: str | None,
    credentials: Path | None,
    verbose: int,
    section_id: str,
    present: bool | None,
    at: str | None,
    by: str,
    note: str,
    wait: float,
) -> None:
    """Record an officer's decision on one section, then judge the entry again."""
    _setup_logging(verbose, out_dir)
    if present is None:
        raise UsageError("Say what the officer saw: --present --at MM:SS, or --absent.")
    config = load_config(config_path)
    with (
        _drive(credentials, config) as drive,
        open_work(out_dir, wait=wait, what="kipp review") as store,
    ):
        entries = _load(config, registry_path, drive)
        entry = find_entry(agency, entries)
        env = _env(config, out_dir, lang, store, tools=False)
        outcome = review_entry(entry, env, section_id, present=present, at=at, by=by, note=note)
        seen = f"present at {at}" if present else "absent"
        out.print(f"Recorded: {entry.agency}, section {section_id} {seen}, by {by}.", markup=False)
        out.print(f"Report version {outcome.report.version}: {outcome.report_path}", markup=False)
        out.print(line(1, 1, outcome.report))
        reports = latest_reports(entries, out_dir, {entry.entry_id: outcome.report})
        sys.exit(_finish(env, reports, [outcome.report]))


@main.command()
@common_options
@click.option("--json", "json_out", is_flag=True, help="Print a JSON list on stdout instead.")
@handle_usage_errors
def status(
    config_path: Path,
    registry_path: str | None,
    out_dir: Path,
    lang: str | None,
    credentials: Path | None,
    verbose: int,
    json_out: bool,
) -> None:
    """Each entry's latest verdict, when it was checked, and what changed since the run before."""
    _setup_logging(verbose)
    entries = _entries(config_path, registry_path, credentials)
    with Store.open(out_dir) as store:
        rows = store.status([e.entry_id for e in entries])
        runs = store.runs(limit=1)
    if json_out:
        click.echo(json.dumps([r.as_json(e.agency) for e, r in zip(entries, rows, strict=True)]))
        return
    table = Table(title=f"kipp status: {out_dir}")
    for col in ("agency", "verdict", "version", "checked", "changed since the run before"):
        table.add_column(col)
    for e, row in zip(entries, rows, strict=True):
        if row.last is None:
            table.add_row(e.agency, "-", "-", "not checked yet", "")
            continue
        verdict = f"[{VERDICT_STYLE[Verdict(row.last.verdict)]}]{row.last.verdict}[/]"
        when = row.last.at.replace("T", " ")
        table.add_row(
            e.agency, verdict, f"v{row.last.version}", when, ", ".join(row.changes()) or "-"
        )
    out.print(table)
    if runs:
        r = runs[0]
        out.print(f"Last run: #{r['id']} {r['command']}, started {r['started_at']}, {r['status']}.")


@main.command()
@click.argument("agency")
@common_options
@handle_usage_errors
def history(
    agency: str,
    config_path: Path,
    registry_path: str | None,
    out_dir: Path,
    lang: str | None,
    credentials: Path | None,
    verbose: int,
) -> None:
    """Every report version of one entry, oldest first (files in OUT/<folder>/history)."""
    _setup_logging(verbose)
    entry = find_entry(agency, _entries(config_path, registry_path, credentials))
    with Store.open(out_dir) as store:
        rows = store.reports(entry.entry_id)
    if not rows:
        out.print(f"{entry.agency} has no report yet: run kipp run or kipp rerun.", markup=False)
        return
    table = Table(title=f"{entry.agency} ({entry.entry_id})")
    for col in ("version", "validated", "verdict", "tool", "reason"):
        table.add_column(col)
    for r in rows:
        verdict = f"[{VERDICT_STYLE[Verdict(r.verdict)]}]{r.verdict}[/]"
        table.add_row(
            f"v{r.version}", r.validated_at.replace("T", " "), verdict, r.tool_version, r.reason
        )
    out.print(table)
    out.print(f"Files: {out_dir / entry.entry_id / 'history'}", markup=False)


@main.command("check-link")
@click.argument("url")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON object.")
@click.option(
    "--credentials",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Service account key (JSON); without any credentials only the link's form is checked.",
)
@click.option("--lang", type=click.Choice(i18n.LANGUAGES), default="id", show_default=True)
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
@handle_usage_errors
def check_link(url: str, as_json: bool, credentials: Path | None, lang: str, verbose: int) -> None:
    """Classify a submitted link and, with credentials, check the Drive file behind it.
    Exit 0 for a usable file or folder link, 1 otherwise."""
    from pipeline.fetch.drive import check_link as check

    _setup_logging(verbose)
    with _drive(credentials) as drive:
        result = check(url, drive)
    ok = result["kind"] in ("file", "folder") and result.get("can_download") is not False
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        _show_link(result, lang)
    sys.exit(0 if ok else 1)


def _show_link(result: dict[str, Any], lang: str) -> None:
    out.print(f"kind: {result['kind']}", markup=False)
    for key in ("file_id", "resource_key"):
        if result.get(key):
            out.print(f"{key}: {result[key]}", markup=False)
    for key, value in (result.get("metadata") or {}).items():
        if value is not None:
            out.print(f"{key}: {value}", markup=False)
    if "can_download" in result:
        out.print(f"can_download: {str(result['can_download']).lower()}", markup=False)
    message = result.get("message_en" if lang == "en" else "message")
    if message:
        out.print(message, markup=False)


if __name__ == "__main__":  # pragma: no cover
    main()
