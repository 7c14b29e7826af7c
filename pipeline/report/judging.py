"""The judging page (OUT/penjurian.html) and each entry page's judging block, for officers.

    judging_context(tally, progress, config, lang, *, files, now) -> dict   penjurian.html
    entry_judging(tally, config, entry_id, lang) -> dict | None   the block on report.html
    judging_digest(block) -> str          what an entry page's head records of its block

Both read the tally's models (``pipeline.jury.results``) and say them with the jury's
own words (``pipeline.jury.say``, ``pipeline.jury.lines``), so the page, the terminal
and the minutes agree.  The page shows: what changed since scoring (flagged entries
first), who has scored what and what is missing, each round's ranking with every
juror's score (a recused juror's cell names why: "Kepala BAPPEDA tidak menilai
BAPPEDA"), mean, median and spread, the ties and how the declared rule broke them, the
nominees, the final ranking and the winners, and the public favourite with both counts.
Figures show two decimals; the exact value, and for a juror's score where it came from
(sheet and version or browser session, who entered it, when), are in the cell's title.

Officers only: ``kipp serve`` gives the entry block to officers, never to a juror or an
agency, and an agency's notice (pesan.txt) never holds a score (tests/test_notices.py).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from pipeline import formatting
from pipeline.config import Config
from pipeline.jury import lines, say
from pipeline.jury.progress import Progress, RoundProgress
from pipeline.jury.results import EntryResult, JurorCell, RoundResult, Tally
from pipeline.jury.rules import Judging
from pipeline.report.judging_words import WORDS, word

PAGE = "penjurian.html"
# the jury's files the page links to when they exist (written by `kipp jury minutes`)
FILES = (
    "berita-acara-nominasi.pdf",
    "berita-acara-pemenang.pdf",
    "rekap-penilaian.xlsx",
    "pengumuman.txt",
)


def _judging(config: Config) -> Judging:
    assert config.judging is not None
    return config.judging


def judging_context(
    tally: Tally,
    progress: Progress,
    config: Config,
    lang: str,
    *,
    files: Sequence[str] = (),
    now: datetime,
) -> dict[str, Any]:
    """What judging.html shows (see the module docstring); ``files``: which of ``FILES``
    exist beside the page."""
    judging = _judging(config)
    return {
        "J": {k: word(k, lang) for k in WORDS},
        "lang": lang,
        "competition": config.competition.name,
        "organiser": config.competition.organiser,
        "generated": formatting.when(now, config.deadline.timezone, lang),
        "draft": tally.draft,
        "normalisation": say.normalisation(tally.normalisation, lang),
        "files": list(files),
        "flagged": _flagged(tally, lang),
        "progress": [_progress(r, judging, lang) for r in progress.rounds],
        "rounds": [_round(r, config, lang) for r in tally.rounds],
        "final": _final(tally, judging, lang),
        "favourite": _favourite(tally, lang),
    }


def _href(entry_id: str) -> str:
    return f"{entry_id}/report.html"


def _flagged(tally: Tally, lang: str) -> list[dict[str, str]]:
    """Each entry whose verdict or file changed after it was scored, once, with every
    change in words."""
    seen: dict[str, dict[str, str]] = {}
    for r in tally.rounds:
        for e in r.entries:
            for f in e.flags:
                found = seen.setdefault(
                    e.entry_id, {"agency": e.agency, "href": _href(e.entry_id), "what": ""}
                )
                said = say.flag(f, lang)
                if said not in found["what"]:
                    found["what"] = f"{found['what']}; {said}" if found["what"] else said
    return list(seen.values())


def _progress(r: RoundProgress, judging: Judging, lang: str) -> dict[str, Any]:
    names = {e.entry_id: e.agency for e in r.per_entry}
    labels = {j.id: j.label for j in judging.jurors}
    round_ = judging.round(r.round_id)
    return {
        "id": r.round_id,
        "label": say.round_label(round_, lang) if round_ else r.label,
        "entries": r.entries,
        "complete": r.complete,
        "jurors": [
            {
                "label": j.label,
                "scored": j.scored,
                "total": j.total,
                "handed_in": j.handed_in,
                "draft": [names[e] for e in j.draft],
                "missing": [names[e] for e in j.missing],
                "recused": [names[e] for e in j.recused],
            }
            for j in r.jurors
        ],
        "waiting": [
            {"agency": e.agency, "jurors": [labels.get(j, j) for j in e.missing]}
            for e in r.per_entry
            if e.missing
        ],
    }


def _round(r: RoundResult, config: Config, lang: str) -> dict[str, Any]:
    judging = _judging(config)
    round_ = judging.round(r.round_id)
    assert round_ is not None
    scorers = judging.scorers(round_)
    why = _recused_why(r, config, lang)
    names = {e.entry_id: e.agency for e in r.entries}
    return {
        "id": r.round_id,
        "label": say.round_label(round_, lang),
        "complete": r.complete,
        "scorers": [{"id": j.id, "label": j.label} for j in scorers],
        "rows": [
            _row(e, [j.id for j in scorers], r, why, config.deadline.timezone, lang)
            for e in r.entries
        ],
        "recusals": lines.recusal_sentences(r, config, lang),
        "ties": lines.tie_lines(r.ties, names, judging, lang),
        "advances": round_.advance is not None,
        "nominees": [names[e] for e in r.nominees],
        "cut_tied": r.cut_tied,
    }


def _recused_why(r: RoundResult, config: Config, lang: str) -> dict[tuple[str, str], str]:
    """(juror, entry) -> the recusal in words, for the cell's title."""
    sentences = lines.recusal_sentences(r, config, lang)
    return {(x.juror_id, x.entry_id): s for x, s in zip(r.recusals, sentences, strict=True)}


def _row(
    e: EntryResult,
    scorers: list[str],
    r: RoundResult,
    why: dict[tuple[str, str], str],
    zone: str,
    lang: str,
) -> dict[str, Any]:
    cells = {c.juror_id: c for c in e.jurors}
    return {
        "entry_id": e.entry_id,
        "agency": e.agency,
        "href": _href(e.entry_id),
        "rank": "–" if e.rank is None else f"{e.rank}{'=' if e.tied else ''}",
        "mean": _figure(e.mean, lang),
        "median": _figure(e.median, lang),
        "spread": _figure(e.spread, lang),
        "cells": [_cell(cells.get(j), why.get((j, e.entry_id)), zone, lang) for j in scorers],
        "tie_broken_by": e.tie_broken_by,
        "flags": [say.flag(f, lang) for f in e.flags],
        "nominee": e.entry_id in r.nominees,
    }


def _figure(value: float | None, lang: str) -> dict[str, str]:
    """A figure as people read it, and its exact value (the cell's title)."""
    return {"text": say.score(value, lang), "exact": "" if value is None else repr(value)}


def _cell(cell: JurorCell | None, why: str | None, zone: str, lang: str) -> dict[str, str]:
    """A juror's score in the ranking: the score (its trace in the title), "×" with the
    reason where recused, "…" for a draft or a partly filled row, "–" for nothing yet."""
    if cell is None or cell.state == "missing":
        return {"text": "–", "title": word("missing", lang), "state": "missing"}
    if cell.state == "recused":
        return {"text": "×", "title": why or word("recused", lang), "state": "recused"}
    if cell.state != "counted":
        key = "draft_cell" if cell.state == "draft" else "partial"
        return {"text": "…", "title": word(key, lang), "state": cell.state}
    return {
        "text": say.score(cell.score, lang),
        "title": _trace(cell, zone, lang),
        "state": "counted",
    }


def _trace(cell: JurorCell, zone: str, lang: str) -> str:
    """Where a score came from: "88.25 · j1.xlsx v2 · Petugas BRIDa · 3 Juni 2024 10.15 WITA"
    (before normalisation too, with z-scores)."""
    parts = [repr(cell.score)]
    if cell.raw is not None and cell.raw != cell.score:
        parts.append(f"raw {cell.raw!r}")
    if cell.trace is not None:
        source = cell.trace.source
        version = f" v{source.version}" if source.version else ""
        when = formatting.when(cell.trace.at, zone, lang)
        parts += [f"{source.name}{version}", cell.trace.by, when]
    return " · ".join(parts)


def _final(tally: Tally, judging: Judging, lang: str) -> dict[str, Any]:
    final = tally.final
    names = {e.entry_id: e.agency for e in final.entries}
    combined = [r.id for r in judging.rounds if r.id in judging.final.combine]
    return {
        "how": " + ".join(
            f"{say.round_label(r, lang)} {judging.final.combine[r.id]:g}"
            for r in judging.rounds
            if r.id in judging.final.combine
        ),
        "rounds": [say.round_label(r, lang) for r in judging.rounds if r.id in combined],
        "rows": [
            {
                "agency": e.agency,
                "href": _href(e.entry_id),
                "rank": "–" if e.rank is None else f"{e.rank}{'=' if e.tied else ''}",
                "total": _figure(e.total, lang),
                "rounds": [_figure(e.rounds.get(r), lang) for r in combined],
                "tie_broken_by": e.tie_broken_by,
                "flags": [say.flag(f, lang) for f in e.flags],
            }
            for e in final.entries
        ],
        "ties": lines.tie_lines(final.ties, names, judging, lang),
        "winners": [
            {
                "place": say.place(judging, w, lang),
                "agency": w.agency,
                "href": _href(w.entry_id),
                "total": say.score(w.total, lang),
                "tied": w.tied,
            }
            for w in final.winners
        ],
    }


def _favourite(tally: Tally, lang: str) -> dict[str, Any] | None:
    fav = tally.favourite
    if fav is None:
        return None
    headline, *rest = lines.favourite_lines(fav, lang)
    return {
        "headline": headline,
        "winner": fav.winner,
        "counters": list(fav.counters),
        "rows": [
            {
                "agency": e.agency,
                "href": _href(e.entry_id),
                "post": e.post_link if e.post_link.startswith(("https://", "http://")) else "",
                "rank": "–" if e.rank is None else f"{e.rank}{'=' if e.tied else ''}",
                "counts": [
                    f"{_n(c.reactions)} / {_n(c.comments)}" for c in _by_counter(e, fav.counters)
                ],
                "agreed": e.agreed,
                "recount": e.entry_id in fav.recount,
                "total": "–" if e.total is None else f"{e.total:g}",
            }
            for e in fav.entries
        ],
        "recount": [line.strip() for line in rest if line.strip() and not _is_count(line)],
    }


def _by_counter(entry: Any, counters: Sequence[str]) -> list[Any]:
    found = {c.counter: c for c in entry.counts}
    return [found.get(name) or _NoCount() for name in counters]


class _NoCount:
    reactions = None
    comments = None


def _n(value: int | None) -> str:
    return "–" if value is None else str(value)


def _is_count(line: str) -> bool:
    return " = " in line


def entry_judging(tally: Tally, config: Config, entry_id: str, lang: str) -> dict[str, Any] | None:
    """The judging block of one entry's page, or None when no round holds it: per round
    its rank, mean, median, spread and each juror's score (recusals by name), whether it
    is a nominee, its final place, the favourite, and what changed since scoring."""
    judging = _judging(config)
    rounds = [_entry_round(r, entry_id, config, lang) for r in tally.rounds]
    found = [r for r in rounds if r is not None]
    if not found:
        return None
    winner = next((w for w in tally.final.winners if w.entry_id == entry_id), None)
    fav = tally.favourite
    return {
        "J": {k: word(k, lang) for k in WORDS},
        "page": f"../{PAGE}#{found[0]['id']}-{entry_id}",
        "draft": tally.draft,
        "rounds": found,
        "flags": [say.flag(f, lang) for f in _flags_of(tally, entry_id)],
        "place": say.place(judging, winner, lang) if winner else None,
        "favourite": fav.label if fav is not None and fav.winner == entry_id else None,
    }


def _entry_round(r: RoundResult, entry_id: str, config: Config, lang: str) -> dict[str, Any] | None:
    """One round of the entry block: the round's page context cut to this entry."""
    entry = next((e for e in r.entries if e.entry_id == entry_id), None)
    if entry is None:
        return None
    own = r.model_copy(
        update={
            "entries": (entry,),
            "recusals": tuple(x for x in r.recusals if x.entry_id == entry_id),
            "ties": tuple(t for t in r.ties if entry_id in t.entries),
            "nominees": tuple(n for n in r.nominees if n == entry_id),
        }
    )
    context = _round(own, config, lang)
    row = context["rows"][0]
    return {
        **context,
        "row": row,
        "of": len(r.entries),
        "jurors": list(zip(context["scorers"], row["cells"], strict=True)),
        "nominee": entry_id in r.nominees,
        "ties": lines.tie_lines(
            own.ties, {e.entry_id: e.agency for e in r.entries}, _judging(config), lang
        ),
    }


def _flags_of(tally: Tally, entry_id: str) -> list[str]:
    found: list[str] = []
    for r in tally.rounds:
        for e in r.entries:
            if e.entry_id == entry_id:
                found += [f for f in e.flags if f not in found]
    return found


def existing_files(out: Path) -> list[str]:
    """Which of the jury's files (``FILES``) are in ``out``."""
    return [name for name in FILES if (out / name).is_file()]


def judging_digest(block: dict[str, Any] | None) -> str:
    """A short digest of an entry's judging block ("" for none), kept in its page's head
    so the block is written again only when it changed."""
    if block is None:
        return ""
    text = json.dumps(block, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]
