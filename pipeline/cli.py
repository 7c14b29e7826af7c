"""The `kipp` command: parse arguments, load config, call the library, render.

Exit codes: 0 every entry passed, 1 at least one did not (fail / needs_review /
error), 2 usage or config error.
"""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.table import Table

from pipeline import __version__, i18n
from pipeline.config import Config, load_config
from pipeline.errors import UsageError
from pipeline.models import Entry, Report, Verdict
from pipeline.registry import load_registry, parse_rows
from pipeline.report import summarize, write_summary
from pipeline.runner import Env, Outcome, run_batch, validate
from pipeline.select import find_entry, latest_reports
from pipeline.tools import find

F = TypeVar("F", bound=Callable[..., Any])
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
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except UsageError as exc:
            err.print(f"kipp: error: {exc}", markup=False)
            sys.exit(2)

    return wrapper  # type: ignore[return-value]


def _setup_logging(verbose: int) -> None:
    level = logging.WARNING if verbose == 0 else logging.INFO if verbose == 1 else logging.DEBUG
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", force=True)


def _drive(credentials: Path | None, config: Config | None = None) -> Any:
    """A Drive client when credentials are found (closed on exit), else None."""
    from pipeline.fetch.drive import connect  # the Google client loads only when needed

    timeout = config.fetch.timeout_s if config else 60.0
    client = connect(credentials=credentials, timeout=timeout)
    return client if client is not None else contextlib.nullcontext()


def _load(config: Config, registry: str | None, drive: Any) -> list[Entry]:
    if not registry:
        raise UsageError("No registry given: pass --registry FILE.csv (or set KIPP_REGISTRY).")
    if registry.startswith(("http://", "https://", "docs.google.com")):
        from pipeline.fetch import sheets

        rows = sheets.read_rows(registry, drive)
        return parse_rows(rows, config, source=registry)
    return load_registry(Path(registry), config)


def _env(config: Config, out_dir: Path, lang: str | None, drive: Any) -> Env:
    find("ffprobe")  # fail early, with the install command, before any entry runs
    find("ffmpeg")
    return Env(
        config=config,
        out=out_dir,
        lang=lang or config.competition.language,
        cache_dir=out_dir / ".kipp" / "cache",
        drive=drive,
    )


VERDICT_STYLE = {
    Verdict.PASS: "green",
    Verdict.FAIL: "red",
    Verdict.NEEDS_REVIEW: "yellow",
    Verdict.ERROR: "magenta",
}


def _progress(total: int) -> Callable[[Outcome], None]:
    done = 0

    def show(outcome: Outcome) -> None:
        nonlocal done
        done += 1
        r = outcome.report
        failed = " ".join(c.id for c in r.checks if c.status.value == "fail")
        out.print(
            f"[{done}/{total}] {r.agency}: [{VERDICT_STYLE[r.verdict]}]{r.verdict.value}[/]"
            + (f" ({failed})" if failed else ""),
        )

    return show


def _table(reports: Sequence[Report], lang: str) -> Table:
    table = Table(title=i18n.message("label.index_title", lang))
    for col in ("agency", "verdict", "duration", "reason"):
        table.add_column(i18n.message(f"label.{col}", lang))
    for r in reports:
        duration = i18n.seconds(r.probe.duration_s, lang) if r.probe else "-"
        verdict = f"[{VERDICT_STYLE[r.verdict]}]{r.verdict.value}[/]"
        table.add_row(r.agency, verdict, duration, r.reason)
    return table


def _finish(env: Env, reports: Sequence[Report], shown: Sequence[Report]) -> None:
    summary = summarize(reports, env.config, env.lang, env.clock())
    write_summary(summary, reports, env.out, env.config)
    out.print(_table(shown, env.lang))
    counts = ", ".join(f"{k} {v}" for k, v in summary.counts.items())
    out.print(f"{len(reports)} entries: {counts}. Index: {env.out / 'index.html'}")
    sys.exit(0 if all(r.verdict is Verdict.PASS for r in shown) else 1)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kipp")
def main() -> None:
    """kipp: validate competition video entries before the jury meets."""


@main.command()
@common_options
@click.option(
    "--workers",
    type=click.IntRange(1, 32),
    default=2,
    show_default=True,
    help="Entries checked at once.",
)
@handle_usage_errors
def run(
    config_path: Path,
    registry_path: str | None,
    out_dir: Path,
    lang: str | None,
    credentials: Path | None,
    verbose: int,
    workers: int,
) -> None:
    """Validate every entry of the registry and write the reports."""
    _setup_logging(verbose)
    config = load_config(config_path)
    with _drive(credentials, config) as drive:
        entries = _load(config, registry_path, drive)
        env = _env(config, out_dir, lang, drive)
        if not entries:
            raise UsageError(f"Registry {registry_path} has a header but no entries.")
        outcomes = run_batch(entries, env, workers=workers, on_done=_progress(len(entries)))
    reports = [o.report for o in outcomes]
    _finish(env, reports, reports)


@main.command()
@click.argument("agency")
@common_options
@handle_usage_errors
def rerun(
    agency: str,
    config_path: Path,
    registry_path: str | None,
    out_dir: Path,
    lang: str | None,
    credentials: Path | None,
    verbose: int,
) -> None:
    """Validate one entry again (AGENCY: its name, short form or report folder name)."""
    _setup_logging(verbose)
    config = load_config(config_path)
    with _drive(credentials, config) as drive:
        entries = _load(config, registry_path, drive)
        env = _env(config, out_dir, lang, drive)
        entry = find_entry(agency, entries)
        outcome = validate(entry, env)
    _progress(1)(outcome)
    reports = latest_reports(entries, out_dir, {entry.entry_id: outcome.report})
    _finish(env, reports, [outcome.report])


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
