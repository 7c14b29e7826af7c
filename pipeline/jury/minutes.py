"""The jury's berita acara (fpdf2, as pipeline.report.pdf): nominations and winners.

    write_minutes(tally, config, out, lang, now) -> [Path]
        OUT/berita-acara-nominasi.pdf    the first round's ranking and the nominees
        OUT/berita-acara-pemenang.pdf    the final ranking, the winners, the favourite

Each holds the competition and the date in words, how scores were combined
(normalisation, weights), the ranking with every juror's score, mean, median and
spread, the recusals by name ("Kepala BAPPEDA tidak menilai BAPPEDA"), the ties and how
the declared rule broke them, the favourite with its counts and the two counters, and
the jurors by role with signature lines, the honorary judge last.  While any score or
count is missing every page carries a large DRAF / DRAFT mark.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from fpdf.enums import XPos, YPos
from fpdf.errors import FPDFException

from pipeline import formatting, i18n
from pipeline.errors import PdfError
from pipeline.fsutil import write_atomic
from pipeline.jury import say
from pipeline.jury.files import recusal_text
from pipeline.jury.ranking import TieNote
from pipeline.jury.results import FavouriteResult, RoundResult, Tally
from pipeline.jury.rules import Judging
from pipeline.jury.words import role_word
from pipeline.report.pdf import MinutesPdf

if TYPE_CHECKING:
    from pipeline.config import Config

NOMINATION_PDF = "berita-acara-nominasi.pdf"
WINNERS_PDF = "berita-acara-pemenang.pdf"

i18n.register(
    {
        "minutes.title": {"id": "BERITA ACARA", "en": "OFFICIAL MINUTES"},
        "minutes.nomination": {
            "id": "PENETAPAN NOMINASI",
            "en": "DETERMINATION OF THE NOMINEES",
        },
        "minutes.winners": {"id": "PENETAPAN PEMENANG", "en": "DETERMINATION OF THE WINNERS"},
        "minutes.draft": {"id": "DRAF", "en": "DRAFT"},
        "minutes.draft_note": {
            "id": "DRAF: belum semua nilai atau hitungan masuk; berita acara ini belum dapat "
            "ditandatangani.",
            "en": "DRAFT: some scores or counts are still missing; these minutes cannot be "
            "signed yet.",
        },
        "minutes.opening": {
            "id": "Pada hari ini {day}, tanggal {date}, Dewan Juri {competition} telah "
            "menilai entri yang lolos validasi, dengan hasil sebagai berikut.",
            "en": "On {day}, {date}, the jury of {competition} scored the entries that passed "
            "validation, with the following results.",
        },
        "minutes.how": {
            "id": "Nilai setiap juri adalah jumlah nilai kriteria dikali bobotnya (skala 0–100); "
            "nilai entri adalah {how}. Median dan selisih (tertinggi dikurangi terendah) "
            "ditampilkan di sampingnya.",
            "en": "Each juror's score is the sum of the criteria's scores times their weights "
            "(0–100); an entry's score is the {how}. The median and the spread (highest minus "
            "lowest) are shown beside it.",
        },
        "minutes.recusals": {"id": "Juri yang tidak menilai:", "en": "Recusals:"},
        "minutes.nominees": {"id": "Ditetapkan sebagai nominasi:", "en": "Nominees:"},
        "minutes.winners_list": {"id": "Ditetapkan sebagai pemenang:", "en": "Winners:"},
        "minutes.none_yet": {"id": "Belum dapat ditetapkan.", "en": "Not determined yet."},
        "minutes.favourite_counters": {
            "id": "Dihitung oleh {counters} secara terpisah.",
            "en": "Counted separately by {counters}.",
        },
        "minutes.jury": {"id": "DEWAN JURI", "en": "THE JURY"},
        "minutes.closing": {
            "id": "Demikian berita acara ini dibuat dengan sebenarnya untuk dipergunakan "
            "sebagaimana mestinya.",
            "en": "These minutes were drawn up truthfully, to be used as appropriate.",
        },
        "minutes.footer": {
            "id": "Dibuat oleh kipp pada {at} · halaman {page}/{{nb}}",
            "en": "Made by kipp at {at} · page {page}/{{nb}}",
        },
    }
)


def _m(key: str, lang: str, **params: object) -> str:
    return i18n.message(f"minutes.{key}", lang, **params)


class _Draft(MinutesPdf):
    """The berita acara's page, with a DRAF mark across every page while ``draft``."""

    def __init__(self, footer_text: str, draft: str | None) -> None:
        super().__init__(footer_text)
        self.draft = draft

    def header(self) -> None:
        if not self.draft:
            return
        self.set_font(self.family, "B", 90)
        self.set_text_color(225, 225, 225)
        with self.rotation(45, self.w / 2, self.h / 2):
            self.text(self.w / 2 - 45, self.h / 2 + 12, self.draft)
        self.set_text_color(0)


def write_minutes(tally: Tally, config: Config, out: Path, lang: str, now: datetime) -> list[Path]:
    """Write both berita acara to ``out`` (atomically) and return their paths.  Raises
    PdfError when the PDF library refuses (kipp's own failure)."""
    judging = config.judging
    assert judging is not None
    first = next((r for r in tally.rounds if (judging.round(r.round_id) or _no).advance), None)
    paths = [
        _write(
            out / NOMINATION_PDF,
            config,
            lang,
            now,
            "nomination",
            tally.draft if first is None else not first.complete,
            lambda pdf: _nomination(pdf, first, config, judging, lang),
        ),
        _write(
            out / WINNERS_PDF,
            config,
            lang,
            now,
            "winners",
            tally.draft,
            lambda pdf: _winners(pdf, tally, config, judging, lang),
        ),
    ]
    return paths


class _No:
    advance = None


_no = _No()


def _write(
    path: Path,
    config: Config,
    lang: str,
    now: datetime,
    kind: str,
    draft: bool,
    body: Callable[[MinutesPdf], None],
) -> Path:
    zone = config.deadline.timezone
    footer = _m("footer", lang, at=formatting.stamp(now, zone), page="{page}")
    pdf = _Draft(footer, _m("draft", lang) if draft else None)
    pdf.set_title(f"{_m('title', lang)} {_m(kind, lang)} – {config.competition.name}")
    pdf.set_author(config.competition.organiser)
    try:
        pdf.add_page()
        _heading(pdf, config, lang, now, kind, draft)
        body(pdf)
        _signatures(pdf, config, lang, now)
        data = bytes(pdf.output())
    except (FPDFException, ValueError, KeyError, IndexError) as exc:
        raise PdfError(
            f"The berita acara {path} could not be made ({type(exc).__name__}: {exc}). Run "
            "again; if it repeats, report this line."
        ) from exc
    return write_atomic(path, data)


def _line(pdf: MinutesPdf, text: str, size: int = 10, style: str = "", align: str = "L") -> None:
    pdf.set_font(pdf.family, style, size)
    pdf.multi_cell(0, 5, pdf.text_of(text), align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _heading(
    pdf: MinutesPdf, config: Config, lang: str, now: datetime, kind: str, draft: bool
) -> None:
    _line(pdf, _m("title", lang), 14, "B", "C")
    _line(pdf, _m(kind, lang), 12, "B", "C")
    _line(pdf, config.competition.name, 11, "B", "C")
    _line(pdf, config.competition.organiser, 9, "", "C")
    pdf.ln(3)
    when = formatting.day_date(now, config.deadline.timezone, lang)
    _line(pdf, _m("opening", lang, competition=config.competition.name, **when))
    judging = config.judging
    assert judging is not None
    how = say.normalisation(judging.normalisation, lang)
    _line(pdf, _m("how", lang, how=how))
    if draft:
        pdf.set_text_color(170, 0, 0)
        _line(pdf, _m("draft_note", lang), 10, "B")
        pdf.set_text_color(0)
    pdf.ln(2)


def _table(pdf: MinutesPdf, rows: list[list[str]], widths: tuple[float, ...]) -> None:
    from fpdf import FontFace

    pdf.set_font(pdf.family, "", 8)
    head = FontFace(emphasis="BOLD", fill_color=(225, 225, 225))
    with pdf.table(col_widths=widths, headings_style=head, line_height=4.2, padding=1) as table:
        for cells in rows:
            row = table.row()
            for cell in cells:
                row.cell(pdf.text_of(cell, 160))
    pdf.ln(2)


def _round_table(pdf: MinutesPdf, r: RoundResult, judging: Judging, lang: str) -> None:
    round_ = judging.round(r.round_id)
    assert round_ is not None
    jurors = [j for j in judging.scorers(round_)]
    head = [
        "#",
        "Instansi" if lang == "id" else "Agency",
        *(j.id for j in jurors),
        "Rata-rata" if lang == "id" else "Mean",
        "Median",
        "Selisih" if lang == "id" else "Spread",
    ]
    rows = [head]
    for e in r.entries:
        cells = {c.juror_id: c for c in e.jurors}
        rank = "–" if e.rank is None else f"{e.rank}{'=' if e.tied else ''}"
        rows.append(
            [
                rank,
                e.agency,
                *(
                    "x" if cells[j.id].state == "recused" else say.score(cells[j.id].score, lang)
                    for j in jurors
                ),
                say.score(e.mean, lang),
                say.score(e.median, lang),
                say.score(e.spread, lang),
            ]
        )
    left = 174 - 8 - 15 * (len(jurors) + 3)
    _table(pdf, rows, (8, max(left, 30), *(15,) * (len(jurors) + 3)))


def _recusals(pdf: MinutesPdf, r: RoundResult, config: Config, lang: str) -> None:
    if not r.recusals:
        return
    names = {e.entry_id: e.agency for e in r.entries}
    _line(pdf, _m("recusals", lang), 10, "B")
    for x in r.recusals:
        agency = _canonical(config, names.get(x.entry_id, x.entry_id))
        _line(
            pdf,
            "– "
            + recusal_text(config, x, agency, lang, short=True)
            + (f" ({x.reason})" if x.reason else ""),
        )


def _canonical(config: Config, agency: str) -> str:
    found = next((a.name for a in config.agencies if agency in (a.name, *a.aliases)), agency)
    return found


def _ties(
    pdf: MinutesPdf, ties: Sequence[TieNote], names: dict[str, str], judging: Judging, lang: str
) -> None:
    from pipeline.jury.lines import tie_lines

    for text in tie_lines(ties, names, judging, lang):
        _line(pdf, text)


def _nomination(
    pdf: MinutesPdf, r: RoundResult | None, config: Config, judging: Judging, lang: str
) -> None:
    if r is None:
        _line(pdf, _m("none_yet", lang))
        return
    round_ = judging.round(r.round_id)
    assert round_ is not None
    _line(pdf, say.round_label(round_, lang), 11, "B")
    _round_table(pdf, r, judging, lang)
    _recusals(pdf, r, config, lang)
    _ties(pdf, r.ties, {e.entry_id: e.agency for e in r.entries}, judging, lang)
    _line(pdf, _m("nominees", lang), 10, "B")
    names = {e.entry_id: e.agency for e in r.entries}
    if not r.nominees:
        _line(pdf, _m("none_yet", lang))
    for n, entry_id in enumerate(r.nominees, 1):
        _line(pdf, f"{n}. {names[entry_id]}")


def _winners(pdf: MinutesPdf, tally: Tally, config: Config, judging: Judging, lang: str) -> None:
    for r in tally.rounds:
        round_ = judging.round(r.round_id)
        if round_ is None or not r.entries:
            continue
        _line(pdf, say.round_label(round_, lang), 11, "B")
        _round_table(pdf, r, judging, lang)
        _recusals(pdf, r, config, lang)
    final = tally.final
    rows = [
        [
            "#",
            "Instansi" if lang == "id" else "Agency",
            *judging.final.combine,
            "Nilai akhir" if lang == "id" else "Total",
        ]
    ]
    for e in final.entries:
        rank = "–" if e.rank is None else f"{e.rank}{'=' if e.tied else ''}"
        rows.append(
            [
                rank,
                e.agency,
                *(say.score(e.rounds.get(c), lang) for c in judging.final.combine),
                say.score(e.total, lang),
            ]
        )
    weights = " + ".join(f"{c} {say.score(w, lang)}" for c, w in judging.final.combine.items())
    _line(pdf, f"{'Peringkat akhir' if lang == 'id' else 'Final ranking'} ({weights})", 11, "B")
    _table(pdf, rows, (8, 90, *(20,) * len(judging.final.combine), 20))
    _ties(pdf, final.ties, {e.entry_id: e.agency for e in final.entries}, judging, lang)
    _line(pdf, _m("winners_list", lang), 10, "B")
    if not final.winners:
        _line(pdf, _m("none_yet", lang))
    for w in final.winners:
        _line(pdf, f"{say.place(judging, w, lang)}: {w.agency} ({say.score(w.total, lang)})")
    if tally.favourite is not None:
        _favourite(pdf, tally.favourite, lang)


def _favourite(pdf: MinutesPdf, fav: FavouriteResult, lang: str) -> None:
    from pipeline.jury.lines import favourite_lines

    pdf.ln(2)
    lines = favourite_lines(fav, lang)
    _line(pdf, lines[0], 10, "B")
    for text in lines[1:]:
        _line(pdf, text.strip())
    if fav.counters:
        _line(
            pdf,
            _m(
                "favourite_counters",
                lang,
                counters=" dan ".join(fav.counters) if lang == "id" else " and ".join(fav.counters),
            ),
        )


def _signatures(pdf: MinutesPdf, config: Config, lang: str, now: datetime) -> None:
    judging = config.judging
    assert judging is not None
    pdf.ln(2)
    _line(pdf, _m("closing", lang))
    if pdf.get_y() + 22 + 13 * len(judging.jurors) > pdf.h - pdf.b_margin:
        pdf.add_page()
    pdf.ln(4)
    when = formatting.day_date(now, config.deadline.timezone, lang)
    _line(
        pdf,
        f"{config.competition.region or config.competition.organiser}, {when['date']}",
        10,
        "",
        "R",
    )
    _line(pdf, _m("jury", lang), 10, "B", "C")
    jurors = judging.signatories()
    rows = [
        [
            "No",
            "Jabatan" if lang == "id" else "Role",
            "Nama" if lang == "id" else "Name",
            "Tanda tangan" if lang == "id" else "Signature",
        ]
    ]
    for n, j in enumerate(jurors, 1):
        role = role_word(j.role, lang)
        who = f"{j.name}\n{j.title}" if j.title else j.name
        rows.append(
            [
                str(n),
                role,
                who,
                f"\n\n{'          ' if n % 2 == 0 else ''}{n}. ......................",
            ]
        )
    _table(pdf, rows, (8, 34, 70, 62))
