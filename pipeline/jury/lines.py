"""The jury's results as lines of text in the officer's language (keys ``jury.say.*``),
built from the library's models: what `kipp jury progress` / `kipp jury tally` print and
the minutes repeat."""

from __future__ import annotations

from collections.abc import Sequence

from pipeline import i18n
from pipeline.config import Config
from pipeline.jury import say
from pipeline.jury.files import recusal_text
from pipeline.jury.progress import Progress, RoundProgress
from pipeline.jury.ranking import TieNote
from pipeline.jury.results import FavouriteResult, FinalResult, RoundResult, Tally
from pipeline.jury.rules import Judging

i18n.register(
    {
        "jury.say.round": {
            "id": "Babak {label} ({id}): {n} entri; {state}.",
            "en": "Round {label} ({id}): {n} entries; {state}.",
        },
        "jury.say.complete": {"id": "lengkap", "en": "complete"},
        "jury.say.incomplete": {"id": "belum lengkap", "en": "not complete"},
        "jury.say.no_entries": {
            "id": "belum ada entri (menunggu hasil validasi atau nominasi)",
            "en": "no entries yet (waiting for validation or nominations)",
        },
        "jury.say.juror": {
            "id": "{juror}: {scored} dari {total} dinilai{handed}",
            "en": "{juror}: {scored} of {total} scored{handed}",
        },
        "jury.say.handed_in": {"id": ", diserahkan", "en": ", handed in"},
        "jury.say.drafts": {
            "id": "; draf belum diserahkan: {n}",
            "en": "; drafts not handed in: {n}",
        },
        "jury.say.missing": {"id": "; belum: {names}", "en": "; missing: {names}"},
        "jury.say.recused": {"id": "; tidak menilai: {names}", "en": "; does not score: {names}"},
        "jury.say.entry_missing": {
            "id": "  {agency}: menunggu nilai {jurors}",
            "en": "  {agency}: waiting for {jurors}",
        },
        "jury.say.head.rank": {"id": "Peringkat", "en": "Rank"},
        "jury.say.head.agency": {"id": "Instansi", "en": "Agency"},
        "jury.say.head.mean": {"id": "Rata-rata", "en": "Mean"},
        "jury.say.head.median": {"id": "Median", "en": "Median"},
        "jury.say.head.spread": {"id": "Selisih", "en": "Spread"},
        "jury.say.head.total": {"id": "Nilai akhir", "en": "Total"},
        "jury.say.normalised": {"id": "Nilai: {how}.", "en": "Scores: {how}."},
        "jury.say.recusals": {"id": "Tidak menilai: {list}.", "en": "Recused: {list}."},
        "jury.say.tie_broken": {
            "id": "Seri {entries} ({total}): dipecah dengan {steps}.",
            "en": "Tie {entries} ({total}): broken by {steps}.",
        },
        "jury.say.tie_open": {
            "id": "Seri {entries} ({total}): tidak terpecahkan oleh aturan; tetap seri.",
            "en": "Tie {entries} ({total}): the rule does not break it; it stays a tie.",
        },
        "jury.say.nominees": {"id": "Nominasi ({n}): {list}.", "en": "Nominees ({n}): {list}."},
        "jury.say.cut_tied": {
            "id": "Seri di batas nominasi: semua yang seri ikut maju.",
            "en": "A tie sits at the cut: every tied entry advances.",
        },
        "jury.say.final": {"id": "Peringkat akhir ({how}):", "en": "Final ranking ({how}):"},
        "jury.say.winners": {"id": "Pemenang: {list}.", "en": "Winners: {list}."},
        "jury.say.no_winners": {
            "id": "Pemenang belum dapat ditetapkan: nilai belum lengkap.",
            "en": "No winners yet: scores are missing.",
        },
        "jury.say.flagged": {
            "id": "Perhatian: {agency} – {what}.",
            "en": "Note: {agency} – {what}.",
        },
        "jury.say.draft": {
            "id": "DRAF: ada nilai atau hitungan yang belum masuk.",
            "en": "DRAFT: some scores or counts are still missing.",
        },
        "jury.say.favourite": {
            "id": "{label}: {winner}.",
            "en": "{label}: {winner}.",
        },
        "jury.say.fav.counts": {
            "id": "  {agency}: {reactions} reaksi, {comments} komentar = {total}",
            "en": "  {agency}: {reactions} reactions, {comments} comments = {total}",
        },
        "jury.say.fav.pending.counters": {
            "id": "menunggu hitungan kedua petugas (kipp jury favourite-import)",
            "en": "waiting for both officers' counts (kipp jury favourite-import)",
        },
        "jury.say.fav.pending.recount": {
            "id": "hitung ulang dulu: {list}",
            "en": "recount first: {list}",
        },
        "jury.say.fav.pending.tie": {
            "id": "seri, tidak terpecahkan oleh aturan: {list}",
            "en": "a tie the rule does not break: {list}",
        },
        "jury.say.fav.mismatch": {
            "id": "  Hitung ulang {agency}: {counts}",
            "en": "  Recount {agency}: {counts}",
        },
        "jury.say.fav.cell": {
            "id": "{counter} {reactions} reaksi/{comments} komentar",
            "en": "{counter} {reactions} reactions/{comments} comments",
        },
    }
)


def _s(key: str, lang: str, **params: object) -> str:
    return i18n.message(f"jury.say.{key}", lang, **params)


def columns(rows: Sequence[Sequence[str]], right: Sequence[bool]) -> list[str]:
    """Rows of cells as aligned lines (two spaces between columns)."""
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [
            c.rjust(w) if r else c.ljust(w) for c, w, r in zip(row, widths, right, strict=True)
        ]
        lines.append("  ".join(cells).rstrip())
    return lines


def progress_lines(progress: Progress, judging: Judging, lang: str) -> list[str]:
    lines: list[str] = []
    for r in progress.rounds:
        lines += _round_progress(r, judging, lang)
    return lines


def _round_progress(r: RoundProgress, judging: Judging, lang: str) -> list[str]:
    round_ = judging.round(r.round_id)
    assert round_ is not None
    state = (
        _s("complete" if r.complete else "incomplete", lang)
        if r.entries
        else _s("no_entries", lang)
    )
    lines = [
        _s(
            "round",
            lang,
            label=say.round_label(round_, lang),
            id=r.round_id,
            n=r.entries,
            state=state,
        )
    ]
    names = {e.entry_id: e.agency for e in r.per_entry}
    for j in r.jurors:
        text = "  " + _s(
            "juror",
            lang,
            juror=j.label,
            scored=j.scored,
            total=j.total,
            handed=_s("handed_in", lang) if j.handed_in else "",
        )
        if j.draft:
            text += _s("drafts", lang, n=len(j.draft))
        if j.missing:
            text += _s("missing", lang, names=", ".join(names[e] for e in j.missing))
        if j.recused:
            text += _s("recused", lang, names=", ".join(names[e] for e in j.recused))
        lines.append(text)
    labels = {j.id: j.label for j in judging.jurors}
    for e in r.per_entry:
        if e.missing:
            who = ", ".join(labels.get(j, j) for j in e.missing)
            lines.append(_s("entry_missing", lang, agency=e.agency, jurors=who))
    return lines


def tally_lines(tally: Tally, config: Config, judging: Judging, lang: str) -> list[str]:
    lines = [_s("normalised", lang, how=say.normalisation(tally.normalisation, lang))]
    for r in tally.rounds:
        lines += ["", *round_lines(r, config, judging, lang)]
    lines += ["", *final_lines(tally.final, judging, lang)]
    if tally.favourite is not None:
        lines += ["", *favourite_lines(tally.favourite, lang)]
    if tally.draft:
        lines += ["", _s("draft", lang)]
    return lines


def round_lines(r: RoundResult, config: Config, judging: Judging, lang: str) -> list[str]:
    round_ = judging.round(r.round_id)
    assert round_ is not None
    state = (
        _s("complete" if r.complete else "incomplete", lang)
        if r.entries
        else _s("no_entries", lang)
    )
    lines = [
        _s(
            "round",
            lang,
            label=say.round_label(round_, lang),
            id=r.round_id,
            n=len(r.entries),
            state=state,
        )
    ]
    if not r.entries:
        return lines
    scorers = [j.id for j in judging.scorers(round_)]
    head = [_s(f"head.{k}", lang) for k in ("rank", "agency", "mean", "median", "spread")]
    rows = [head + scorers]
    for e in r.entries:
        rank = "–" if e.rank is None else f"{e.rank}{'=' if e.tied else ''}"
        cells = {c.juror_id: c for c in e.jurors}
        rows.append(
            [
                rank,
                e.agency,
                say.score(e.mean, lang),
                say.score(e.median, lang),
                say.score(e.spread, lang),
            ]
            + [_cell(cells.get(j), lang) for j in scorers]
        )
    lines += ["  " + line for line in columns(rows, [True, False] + [True] * (3 + len(scorers)))]
    if r.recusals:
        lines.append(_s("recusals", lang, list="; ".join(recusal_sentences(r, config, lang))))
    lines += tie_lines(r.ties, {e.entry_id: e.agency for e in r.entries}, judging, lang)
    lines += flag_lines([(e.agency, e.flags) for e in r.entries], lang)
    if round_.advance is not None:
        names = {e.entry_id: e.agency for e in r.entries}
        lines.append(
            _s(
                "nominees",
                lang,
                n=len(r.nominees),
                list=", ".join(names[e] for e in r.nominees) or "–",
            )
        )
        if r.cut_tied:
            lines.append(_s("cut_tied", lang))
    return lines


def recusal_sentences(r: RoundResult, config: Config, lang: str) -> list[str]:
    """Each recusal of the round by name: "Kepala BAPPEDA tidak menilai BAPPEDA"."""
    agencies = {e.entry_id: e.agency for e in r.entries}
    return [
        recusal_text(config, x, _canonical(config, agencies[x.entry_id]), lang, short=True)
        for x in r.recusals
    ]


def _canonical(config: Config, agency: str) -> str:
    for a in config.agencies:
        if agency == a.name or agency in a.aliases:
            return a.name
    return agency


def _cell(cell: object, lang: str) -> str:
    from pipeline.jury.results import JurorCell

    if not isinstance(cell, JurorCell):
        return "–"
    if cell.state == "recused":
        return "x"
    if cell.state == "counted":
        return say.score(cell.score, lang)
    return "…" if cell.state in ("draft", "partial") else "–"


def tie_lines(
    ties: Sequence[TieNote], names: dict[str, str], judging: Judging, lang: str
) -> list[str]:
    lines = []
    for tie in ties:
        entries = ", ".join(names.get(e, e) for e in tie.entries)
        total = say.score(tie.total, lang)
        if tie.steps:
            steps = ", ".join(say.step(judging, s, lang) for s in tie.steps)
            lines.append(_s("tie_broken", lang, entries=entries, total=total, steps=steps))
        if tie.unbroken:
            for group in tie.unbroken:
                listed = ", ".join(names.get(e, e) for e in group)
                lines.append(_s("tie_open", lang, entries=listed, total=total))
    return lines


def flag_lines(items: Sequence[tuple[str, Sequence[str]]], lang: str) -> list[str]:
    """What changed since each (agency, flags) was scored: "Perhatian: … – …"."""
    return [
        _s("flagged", lang, agency=agency, what=say.flag(f, lang))
        for agency, flags in items
        for f in flags
    ]


def final_lines(final: FinalResult, judging: Judging, lang: str) -> list[str]:
    how = " + ".join(
        f"{rid} {say.score(w, lang).rstrip('0').rstrip(',.')}"
        for rid, w in judging.final.combine.items()
    )
    lines = [_s("final", lang, how=how)]
    if final.entries:
        rows = [
            [
                _s("head.rank", lang),
                _s("head.agency", lang),
                _s("head.total", lang),
                *judging.final.combine,
            ]
        ]
        for e in final.entries:
            rank = "–" if e.rank is None else f"{e.rank}{'=' if e.tied else ''}"
            rows.append(
                [
                    rank,
                    e.agency,
                    say.score(e.total, lang),
                    *(say.score(e.rounds.get(r), lang) for r in judging.final.combine),
                ]
            )
        lines += [
            "  " + x
            for x in columns(rows, [True, False, True] + [True] * len(judging.final.combine))
        ]
    lines += tie_lines(final.ties, {e.entry_id: e.agency for e in final.entries}, judging, lang)
    lines += flag_lines([(e.agency, e.flags) for e in final.entries], lang)
    if final.winners:
        listed = "; ".join(
            f"{say.place(judging, w, lang)}: {w.agency} ({say.score(w.total, lang)})"
            for w in final.winners
        )
        lines.append(_s("winners", lang, list=listed))
    else:
        lines.append(_s("no_winners", lang))
    return lines


def favourite_lines(fav: FavouriteResult, lang: str) -> list[str]:
    names = {e.entry_id: e.agency for e in fav.entries}
    if fav.winner is not None:
        winner = names[fav.winner]
    elif fav.pending == "recount":
        winner = _s("fav.pending.recount", lang, list=", ".join(names[e] for e in fav.recount))
    elif fav.pending == "tie":
        winner = _s("fav.pending.tie", lang, list=", ".join(names[e] for e in fav.tied))
    else:
        winner = _s("fav.pending.counters", lang)
    lines = [_s("favourite", lang, label=fav.label, winner=winner)]
    for e in fav.entries:
        if e.agreed:
            lines.append(
                _s(
                    "fav.counts",
                    lang,
                    agency=e.agency,
                    reactions=e.reactions,
                    comments=e.comments,
                    total=say.score(e.total, lang).split(",")[0].split(".")[0],
                )
            )
    for e in fav.entries:
        if e.entry_id in fav.recount:
            counts = "; ".join(
                _s(
                    "fav.cell",
                    lang,
                    counter=c.counter,
                    reactions=_n(c.reactions),
                    comments=_n(c.comments),
                )
                for c in e.counts
            )
            lines.append(_s("fav.mismatch", lang, agency=e.agency, counts=counts))
    return lines


def _n(value: int | None) -> str:
    return "–" if value is None else str(value)
