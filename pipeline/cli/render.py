"""What the commands show: the counts and paths after a run, the JSON of a run."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from rich.markup import escape

from pipeline.cli import words
from pipeline.cli.workspace import echo, out
from pipeline.models import Report, Verdict
from pipeline.progress import VERDICT_STYLE
from pipeline.registry.columns import ColumnMap, ColumnUse
from pipeline.report import NOTICES_CSV, PDF_NAME, summarize, write_summary
from pipeline.report.notices import stored_notices
from pipeline.runner import Env
from pipeline.session import RunResult, outcome_json, summary_is_current


def styled(verdict: Verdict | str, lang: str) -> str:
    """A verdict in its colour, as officers read it ("Tidak lolos" / "Fail")."""
    v = Verdict(verdict)
    return f"[{VERDICT_STYLE[v]}]{escape(words.verdict(v, lang))}[/]"


def finish(
    env: Env,
    reports: Sequence[Report],
    shown: Sequence[Report],
    quiet: bool = False,
    changed: bool = True,
) -> int:
    """Write the summary files (unless nothing changed) and, with [judging], the judging
    page (an entry whose verdict changed after scoring is flagged at once), show the
    table; the exit code for ``shown`` (0 every one passed, else 1)."""
    summary = summarize(reports, env.config, env.lang, env.clock())
    if changed or not summary_is_current(env.out, reports):
        notices = stored_notices(env.store, [r.entry_id for r in reports])
        write_summary(summary, reports, env.out, env.config, notices)
    if env.config.judging is not None:  # a verdict changed after scoring is flagged at once
        from pipeline.report.judging_pages import write_judging  # openpyxl: only here

        write_judging(env.store, env.config, env.out, env.lang, env.clock())
    if not quiet:
        lang = env.view_lang or env.lang  # the officer's way of reading; the files keep env.lang
        counts = ", ".join(f"{words.count(k, lang)} {v}" for k, v in summary.counts.items())
        out.print(words.say("summary.counts", lang, n=len(reports), counts=counts), markup=False)
        out.print(paths_line(env.out, summary.counts, lang), markup=False)
    return 0 if all(r.verdict is Verdict.PASS for r in shown) else 1


def paths_line(out_dir: Path, counts: dict[str, int], lang: str) -> str:
    """Where to look next: the index, the berita acara and the notices to send."""
    notices = sum(n for v, n in counts.items() if v != Verdict.PASS.value)
    say = words.say
    return (
        f"{say('summary.index', lang)} {out_dir / 'index.html'}  "
        f"{say('summary.pdf', lang)} {out_dir / PDF_NAME}  "
        f"{say('summary.notices', lang, n=notices)} {out_dir / NOTICES_CSV}"
    )


def run_json(result: RunResult, out_dir: Path, code: int) -> None:
    body = {"run_id": result.run_id, "exit_code": code, **result.stats}
    body["index"] = str(out_dir / "index.html")
    body["results"] = [outcome_json(o, out_dir) for o in result.outcomes]
    echo(json.dumps(body, ensure_ascii=False))


def _role(use: ColumnUse, lang: str) -> str:
    if use.role.startswith("declared:"):
        return words.say("columns.role.declared", lang, section=use.role.split(":", 1)[1])
    return words.say(f"columns.role.{use.role}", lang)


def _headers(use: ColumnUse) -> str:
    return " + ".join(f"'{h}'" for h in use.headers)


def column_lines(columns: ColumnMap, lang: str, *, mapping: bool) -> list[str]:
    """Which registry column is used for what (``mapping``: on a folder's first run),
    then a warning for each column read twice (merged per row) and each contact-like
    column no role took."""
    lines = []
    if mapping:
        uses = "; ".join(
            words.say("columns.use", lang, role=_role(u, lang), headers=_headers(u))
            for u in columns.uses
        )
        lines.append(words.say("columns", lang, uses=uses))
    for u in columns.repeated:
        headers = " / ".join(dict.fromkeys(f"'{h}'" for h in u.headers))
        positions = ", ".join(str(p) for p in u.positions)
        lines.append(words.say("columns.repeated", lang, headers=headers, role=_role(u, lang),
                               n=len(u.positions), positions=positions))  # fmt: skip
    lines += [words.say("columns.unused_contact", lang, header=h) for h in columns.unused_contacts]
    return lines
