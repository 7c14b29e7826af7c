"""The official PDF summary, in the style of a berita acara (official minutes).

    write_pdf(summary, config, path, lang) -> path

Title, competition and organiser, the date in words, the table of entries and
verdicts (headings repeat on every page), the counts per verdict, a closing
sentence, and a signature table for the jury: from ``[[judging.jurors]]`` when the
config has a ``[judging]`` part (by role, name and office, the honorary judge left out:
``Judging.signatories``, the list the jury's own minutes sign from), else from the older
``competition.jury`` lines ("Ketua: Sekretaris Daerah" -> role "Ketua", name "Sekretaris
Daerah").

Built with fpdf2: pure Python, actively released, cell text is plain text (an agency
called ``<script>`` or ``<b>`` is printed as written, never parsed as markup), and
tables with repeated headings are built in.  Text uses DejaVu Sans from the system
(Debian: fonts-dejavu-core) so any Latin, Greek or Cyrillic name prints; without it
the core Helvetica font is used and characters outside Latin-1 print as "?".
The file is written as ``name.part`` and renamed, so a crash never leaves half a PDF.

A table row must fit on one page (fpdf2 refuses taller rows), so each cell is cut to
``CELL_LIMITS`` characters with "…" (a 1,800-character title, a 10 KB agency name);
the reports and index.html keep the full text.  A PDF that still cannot be made
raises ``PdfError`` (kipp's own failure, exit 3), never a bare library error.
"""

from __future__ import annotations

import logging
from pathlib import Path

from fpdf import FPDF, FontFace
from fpdf.enums import TableCellFillMode, XPos, YPos
from fpdf.errors import FPDFException

from pipeline import formatting, i18n
from pipeline.config import Config
from pipeline.errors import PdfError
from pipeline.fsutil import write_atomic
from pipeline.media.duration import ORIGIN_MARK
from pipeline.models import Summary, SummaryItem, Verdict

log = logging.getLogger(__name__)

FONT_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/local/share/fonts"),
)
# longest text per table cell (characters): at 8 pt in these columns a cell of this
# size is under 25 lines, so a row always fits on an A4 page
CELL_LIMITS = {"agency": 160, "title": 240, "reason": 320, "jury": 120}
VERDICT_ORDER = (Verdict.PASS, Verdict.FAIL, Verdict.NEEDS_REVIEW, Verdict.ERROR)

i18n.register(
    {
        "pdf.title": {"id": "BERITA ACARA", "en": "OFFICIAL MINUTES"},
        "pdf.subtitle": {
            "id": "HASIL VALIDASI VIDEO PESERTA",
            "en": "RESULTS OF THE VALIDATION OF ENTRY VIDEOS",
        },
        "pdf.opening": {
            "id": "Pada hari ini {day}, tanggal {date}, pukul {time} {zone}, telah dilakukan "
            "validasi berkas video peserta {competition} yang diselenggarakan oleh "
            "{organiser}, dengan hasil sebagai berikut:",
            "en": "On {day}, {date}, at {time} {zone}, the entry videos of {competition}, "
            "organised by {organiser}, were validated with the following results:",
        },
        "pdf.col.no": {"id": "No", "en": "No"},
        "pdf.col.agency": {"id": "Instansi", "en": "Agency"},
        "pdf.col.title": {"id": "Judul / jenis inovasi", "en": "Innovation title / type"},
        "pdf.col.duration": {"id": "Durasi", "en": "Duration"},
        "pdf.col.verdict": {"id": "Hasil", "en": "Verdict"},
        "pdf.col.reason": {"id": "Keterangan", "en": "Reason"},
        "pdf.counts": {
            "id": "Jumlah peserta: {total}. {parts}.",
            "en": "Entries: {total}. {parts}.",
        },
        "pdf.empty": {"id": "Belum ada peserta.", "en": "No entries yet."},
        "pdf.closing": {
            "id": "Demikian berita acara ini dibuat dengan sebenarnya untuk dipergunakan "
            "sebagaimana mestinya.",
            "en": "These minutes were drawn up truthfully, to be used as appropriate.",
        },
        "pdf.jury": {"id": "TIM JURI", "en": "THE JURY"},
        "pdf.col.role": {"id": "Jabatan", "en": "Role"},
        "pdf.col.name": {"id": "Nama", "en": "Name"},
        "pdf.col.signature": {"id": "Tanda tangan", "en": "Signature"},
        "pdf.footer": {
            "id": "Dibuat oleh kipp {version} pada {at} · halaman {page}/{{nb}}",
            "en": "Made by kipp {version} at {at} · page {page}/{{nb}}",
        },
    }
)


def _font_files() -> tuple[Path, Path] | None:
    for folder in FONT_DIRS:
        regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
        if regular.is_file() and bold.is_file():
            return regular, bold
    return None


class _Minutes(FPDF):
    def __init__(self, footer_text: str) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.footer_text = footer_text
        fonts = _font_files()
        if fonts:
            self.add_font("body", "", str(fonts[0]))
            self.add_font("body", "B", str(fonts[1]))
            self.family = "body"
        else:
            log.warning("DejaVu Sans not found (apt-get install fonts-dejavu-core): "
                        "the PDF uses Helvetica and prints non-Latin-1 letters as '?'")  # fmt: skip
            self.family = "helvetica"
        self.set_margins(18, 15, 18)
        self.set_auto_page_break(auto=True, margin=16)

    def text_of(self, value: str, limit: int | None = None) -> str:
        """``value`` as this font can print it, cut to ``limit`` characters."""
        if limit is not None and len(value) > limit:
            value = value[: limit - 1].rstrip() + "…"
        if self.family == "body":
            return value
        return value.encode("latin-1", "replace").decode("latin-1")

    def footer(self) -> None:
        self.set_y(-11)
        self.set_font(self.family, "", 7)
        self.set_text_color(110)
        text = self.footer_text.replace("{page}", str(self.page_no()))  # {nb}: fpdf fills it
        self.cell(0, 5, self.text_of(text), align="C")


MinutesPdf = _Minutes  # the berita acara's page (fonts, margins, footer): pipeline.jury.minutes


def _when(summary: Summary, config: Config, lang: str) -> dict[str, str]:
    return formatting.day_date(summary.generated_at, config.deadline.timezone, lang)


def _jury(config: Config, lang: str) -> list[tuple[str, str]]:
    """(role, name) per signature line (see the module docstring)."""
    if config.judging is not None:
        from pipeline.jury.words import role_word

        return [
            (role_word(j.role, lang), f"{j.name}\n{j.title}" if j.title else j.name)
            for j in config.judging.signatories(honorary=False)
        ]
    rows = []
    for line in config.competition.jury:
        role, sep, name = line.partition(":")
        rows.append((role.strip(), name.strip()) if sep else ("", line.strip()))
    return rows


def _duration(item: SummaryItem, lang: str) -> str:
    """M:SS,s (1:01,0): minutes for the eye, a tenth of a second for the rule; the
    source's own figure (nothing measured) is marked with its name: ``0:30,0 (Drive)``."""
    if item.duration_s is None:
        return "–"
    mark = ORIGIN_MARK[item.duration_source] if item.duration_source else ""
    text = formatting.clock_tenths(item.duration_s, lang)
    return f"{text}\n({mark})" if mark else text


def _heading(pdf: _Minutes, summary: Summary, config: Config, lang: str) -> None:
    pdf.set_font(pdf.family, "B", 14)
    for key in ("pdf.title", "pdf.subtitle"):
        pdf.cell(0, 7, i18n.message(key, lang), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(pdf.family, "B", 11)
    pdf.multi_cell(0, 6, pdf.text_of(config.competition.name), align="C",
                   new_x=XPos.LMARGIN, new_y=YPos.NEXT)  # fmt: skip
    pdf.set_font(pdf.family, "", 9)
    pdf.multi_cell(0, 5, pdf.text_of(config.competition.organiser), align="C",
                   new_x=XPos.LMARGIN, new_y=YPos.NEXT)  # fmt: skip
    pdf.ln(2)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
    pdf.ln(4)
    pdf.set_font(pdf.family, "", 10)
    opening = i18n.message(
        "pdf.opening", lang, competition=config.competition.name,
        organiser=config.competition.organiser, **_when(summary, config, lang),
    )  # fmt: skip
    pdf.multi_cell(0, 5, pdf.text_of(opening), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)


def _entries(pdf: _Minutes, summary: Summary, lang: str) -> None:
    if not summary.entries:
        pdf.multi_cell(0, 6, i18n.message("pdf.empty", lang), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        return
    cols = ("no", "agency", "title", "duration", "verdict", "reason")
    pdf.set_font(pdf.family, "", 8)
    head = FontFace(emphasis="BOLD", fill_color=(225, 225, 225))
    with pdf.table(
        col_widths=(7, 46, 40, 18, 22, 41), headings_style=head, line_height=4.2,
        text_align=("RIGHT", "LEFT", "LEFT", "RIGHT", "LEFT", "LEFT"), padding=1,
        cell_fill_color=(246, 246, 246), cell_fill_mode=TableCellFillMode.ROWS,
    ) as table:  # fmt: skip
        row = table.row()
        for col in cols:
            row.cell(i18n.message(f"pdf.col.{col}", lang))
        for n, item in enumerate(summary.entries, 1):
            title = pdf.text_of(item.title, CELL_LIMITS["title"])
            title += f"\n({pdf.text_of(item.innovation_type, 80)})" if item.innovation_type else ""
            values = (str(n), pdf.text_of(item.agency, CELL_LIMITS["agency"]), title,
                      _duration(item, lang), i18n.message(f"verdict.{item.verdict.value}", lang),
                      pdf.text_of(item.reason, CELL_LIMITS["reason"]))  # fmt: skip
            row = table.row()
            for value in values:
                row.cell(value)
    pdf.ln(3)
    parts = [
        f"{i18n.message(f'verdict.{v.value}', lang)}: {summary.counts.get(v.value, 0)}"
        for v in VERDICT_ORDER
    ]
    pdf.set_font(pdf.family, "", 10)
    counts = i18n.message("pdf.counts", lang, total=len(summary.entries), parts="; ".join(parts))
    pdf.multi_cell(0, 5, counts, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _signatures(pdf: _Minutes, summary: Summary, config: Config, lang: str) -> None:
    pdf.ln(2)
    pdf.multi_cell(0, 5, i18n.message("pdf.closing", lang), align="L",
                   new_x=XPos.LMARGIN, new_y=YPos.NEXT)  # fmt: skip
    jury = _jury(config, lang)
    needed = 22 + 13 * max(len(jury), 1)
    if pdf.get_y() + needed > pdf.h - pdf.b_margin:
        pdf.add_page()
    pdf.ln(5)
    when = _when(summary, config, lang)
    place = config.competition.region or config.competition.organiser
    pdf.cell(0, 5, pdf.text_of(f"{place}, {when['date']}"), align="R",
             new_x=XPos.LMARGIN, new_y=YPos.NEXT)  # fmt: skip
    pdf.set_font(pdf.family, "B", 10)
    pdf.cell(0, 7, i18n.message("pdf.jury", lang), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(pdf.family, "", 9)
    head = FontFace(emphasis="BOLD", fill_color=(225, 225, 225))
    with pdf.table(col_widths=(8, 34, 70, 62), headings_style=head, line_height=5,
                   padding=1) as table:  # fmt: skip
        row = table.row()
        for col in ("no", "role", "name", "signature"):
            row.cell(i18n.message(f"pdf.col.{col}", lang))
        for n, (role, name) in enumerate(jury or [("", "")], 1):
            row = table.row()
            sign = f"{n}. ...................................."
            right = n % 2 == 0  # signatures zig-zag like a paper berita acara
            for value in (str(n), role, name, f"\n\n{'          ' if right else ''}{sign}"):
                row.cell(pdf.text_of(value, CELL_LIMITS["jury"]))


def write_pdf(summary: Summary, config: Config, path: Path, lang: str) -> Path:
    """Write the berita acara for ``summary`` to ``path`` (atomically) and return it."""
    stamp = formatting.stamp(summary.generated_at, config.deadline.timezone)
    footer = i18n.message("pdf.footer", lang, version=summary.tool_version, at=stamp, page="{page}")
    pdf = _Minutes(footer)
    pdf.set_title(f"{i18n.message('pdf.title', lang)} – {config.competition.name}")
    pdf.set_author(config.competition.organiser)
    pdf.set_creator(f"kipp {summary.tool_version}")
    created = summary.generated_at
    pdf.set_creation_date(created if created.tzinfo else created.astimezone())
    try:
        pdf.add_page()
        _heading(pdf, summary, config, lang)
        _entries(pdf, summary, lang)
        _signatures(pdf, summary, config, lang)
        data = bytes(pdf.output())
    except (FPDFException, ValueError, KeyError, IndexError) as exc:  # what fpdf2 raises
        raise PdfError(
            f"The berita acara {path} could not be made ({type(exc).__name__}: {exc}); "
            "the reports, summary and index.html are written. Run again; if it repeats, "
            "report this line."
        ) from exc
    write_atomic(path, data)
    log.info("wrote %s (%d pages)", path, pdf.page_no())
    return path
