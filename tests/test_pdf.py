"""The berita acara PDF, checked by rendering it with poppler (pdftoppm, pdftotext)."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PIL import Image

from pipeline.config import Config, load_config
from pipeline.errors import ConfigError
from pipeline.models import Summary, SummaryItem, Verdict
from pipeline.report.pdf import write_pdf

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(
    not (shutil.which("pdftoppm") and shutil.which("pdftotext")),
    reason="poppler-utils is not installed (apt-get install -y poppler-utils)",
)

SCRIPT_AGENCY = "<script>alert(1)</script>"
DOTS = "." * 36  # a signature line
AGENCIES = [
    ("Dinas Kesehatan", Verdict.PASS, "Semua pemeriksaan lolos."),
    ("<script>alert(1)</script>", Verdict.FAIL, "Durasi 59,000 detik < 60 detik."),
    (
        "Kecamatan Likupang Timur – Désa Ñandú",
        Verdict.NEEDS_REVIEW,
        "Bagian masalah tidak ditemukan.",
    ),
    ("RSUD Maria Walanda Maramis <b>bold</b>", Verdict.ERROR, "Unduhan gagal: kuota Drive habis."),
    ("Dinas Pariwisata Şişli Ἀθῆναι Москва", Verdict.PASS, "Semua pemeriksaan lolos."),
]


def item(n: int, agency: str, verdict: Verdict, reason: str) -> SummaryItem:
    return SummaryItem(
        agency=agency,
        entry_id=f"e{n}",
        title=f"Inovasi nomor {n}",
        innovation_type="Pelayanan Publik",
        verdict=verdict,
        reason=reason,
        duration_s=60.0 + n,
        sections_found=3,
        sections_required=4,
        warnings=n % 2,
        failed_checks=(),
        report=f"e{n}/report.json",
    )


def summary_of(items: list[SummaryItem]) -> Summary:
    counts = {v.value: sum(1 for i in items if i.verdict == v) for v in Verdict}
    return Summary(
        competition="kipp-minut-2024",
        generated_at=datetime(2024, 6, 1, 2, 30, tzinfo=UTC),  # Sabtu 10.30 WITA
        language="id",
        tool_version="0.1.0",
        counts=counts,
        entries=tuple(items),
    )


@pytest.fixture(scope="module")
def config() -> Config:
    return load_config(ROOT / "config" / "kipp-minut-2024.toml")


def pdftext(path: Path) -> str:
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    return re.sub(r"\s+", " ", out)


def rows_of(path: Path) -> list[str]:
    """The PDF's text line by line as laid out, runs of spaces made one: a table row reads
    left to right."""
    out = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    return [re.sub(r"\s+", " ", line).strip() for line in out.splitlines()]


def render(path: Path, out: Path, page: int = 1) -> Image.Image:
    prefix = out / f"page{page}"
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "50",
            "-png",
            "-f",
            str(page),
            "-l",
            str(page),
            "-singlefile",
            str(path),
            str(prefix),
        ],
        check=True,
        timeout=60,
    )
    with Image.open(prefix.with_suffix(".png")) as img:
        return img.convert("L")


def darkest(img: Image.Image) -> int:
    low, _ = img.getextrema()
    assert isinstance(low, int)
    return low


def pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True)
    return int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.MULTILINE)[1])  # type: ignore[index]


def test_every_agency_is_printed_as_text(config: Config, tmp_path: Path) -> None:
    summary = summary_of([item(n, *row) for n, row in enumerate(AGENCIES, 1)])
    out = write_pdf(summary, config, tmp_path / "berita-acara.pdf", "id")
    assert out == tmp_path / "berita-acara.pdf"
    assert not list(tmp_path.glob("*.part"))
    text = pdftext(out)
    for agency, _, reason in AGENCIES:
        assert agency in text, agency
        assert reason in text
    for words in (
        "BERITA ACARA",
        "Kompetisi Inovasi Pelayanan Publik (KIPP) 2024",
        "Sabtu, tanggal 1 Juni 2024, pukul 10.30 WITA",
        "Tidak lolos",
        "Perlu ditinjau",
        "Jumlah peserta: 5",
        "Lolos: 2",
        "TIM JURI",
        "Ketua",
        "Sekretaris Daerah",
        "Staf Khusus Bupati",
        "Kepala BAPPEDA",
        "Kabupaten Minahasa Utara, 1 Juni 2024",
        "1:01,0",
        "pada 2024-06-01 10:30 WITA",
    ):
        assert words in text, words
    assert pages(out) == 1


def test_page_image_is_drawn(config: Config, tmp_path: Path) -> None:
    summary = summary_of([item(n, *row) for n, row in enumerate(AGENCIES, 1)])
    out = write_pdf(summary, config, tmp_path / "ba.pdf", "id")
    img = render(out, tmp_path)
    width, height = img.size
    assert abs(width - 413) <= 1 and abs(height - 585) <= 1  # A4 at 50 dpi
    hist = img.histogram()
    dark = sum(hist[:128]) / (width * height)
    assert 0.01 < dark < 0.3  # text and table lines, not blank, not a black page
    top, bottom = img.crop((0, 0, width, height // 8)), img.crop((0, height // 2, width, height))
    assert darkest(top) < 100  # the title is at the top
    assert darkest(bottom) < 100  # the signature table is below the middle


def test_many_entries_run_over_pages_and_english(config: Config, tmp_path: Path) -> None:
    items = [item(n, f"Instansi nomor {n:02d}", Verdict.PASS, "ok") for n in range(1, 61)]
    out = write_pdf(summary_of(items), config, tmp_path / "long.pdf", "en")
    assert pages(out) >= 2
    text = pdftext(out)
    assert all(f"Instansi nomor {n:02d}" in text for n in range(1, 61))
    assert text.count("Innovation title / type") >= 2  # headings repeat on each page
    assert "OFFICIAL MINUTES" in text and "Entries: 60" in text and "page 2/" in text
    render(out, tmp_path, page=pages(out))


def test_no_entries_and_rewrite(config: Config, tmp_path: Path) -> None:
    target = tmp_path / "ba.pdf"
    target.write_bytes(b"old")
    write_pdf(summary_of([]), config, target, "id")
    assert target.read_bytes().startswith(b"%PDF-")
    assert "Belum ada peserta." in pdftext(target)


def test_without_dejavu_falls_back_to_helvetica(
    config: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("pipeline.report.pdf.FONT_DIRS", (tmp_path / "no-fonts",))
    summary = summary_of([item(n, *row) for n, row in enumerate(AGENCIES, 1)])
    text = pdftext(write_pdf(summary, config, tmp_path / "ba.pdf", "id"))
    assert SCRIPT_AGENCY in text and "Désa Ñandú" in text  # Latin-1 still prints
    assert "Москва" not in text and "Dinas Pariwisata Şi" not in text  # beyond it: "?"


def test_long_cells_are_shortened_so_every_row_fits(config: Config, tmp_path: Path) -> None:
    """Issue 11: a 1,800-character title or a 10 KB agency name made fpdf2 refuse the row
    ("too high"); the PDF cuts cells with "…" (reports keep the full text)."""
    title = ("Inovasi pelayanan terpadu berbasis aplikasi daring " * 36)[:1800]
    agency = "Dinas " + "Kependudukan dan Pencatatan Sipil " * 300  # ~10 KB
    rows = [item(1, agency, Verdict.PASS, "Semua pemeriksaan lolos."), item(2, *AGENCIES[0])]
    rows[0] = rows[0].model_copy(update={"title": title, "reason": "Alasan " * 400})
    out = write_pdf(summary_of(rows), config, tmp_path / "berita-acara.pdf", "id")
    text = pdftext(out)
    assert "Dinas Kependudukan dan Pencatatan Sipil Kependudukan" in text
    assert "Inovasi pelayanan terpadu berbasis" in text
    assert text.count("…") >= 3  # agency, title, reason: each cut
    assert "Dinas Kesehatan" in text and "Jumlah peserta: 2" in text
    assert pages(out) <= 3
    assert not list(tmp_path.glob("*.part"))


def test_a_duration_from_the_source_is_marked_with_its_name(config: Config, tmp_path: Path) -> None:
    """An entry decided before any download shows the duration its source states,
    marked (Drive) / (YouTube); a measured one carries no mark."""
    measured = item(1, "Dinas Kesehatan", Verdict.PASS, "Semua pemeriksaan lolos.")
    drive = item(2, "Dinas Pertanian", Verdict.FAIL, "Durasi menurut Google Drive 30 detik.")
    drive = drive.model_copy(update={"duration_s": 30.0, "duration_source": "drive"})
    tube = item(3, "Dinas Pariwisata", Verdict.FAIL, "Durasi menurut YouTube 450 detik.")
    tube = tube.model_copy(update={"duration_s": 450.0, "duration_source": "youtube"})
    text = pdftext(
        write_pdf(summary_of([measured, drive, tube]), config, tmp_path / "ba.pdf", "id")
    )
    assert "1:01,0 Lolos" in text
    # the mark is the cell's second line (pdftotext reads the verdict cell between them)
    assert "0:30,0 Tidak lolos (Drive)" in text and "7:30,0 Tidak lolos (YouTube)" in text
    assert text.count("(Drive)") == 1 and text.count("(YouTube)") == 1


def test_the_jury_signs_from_judging_one_list(config: Config, tmp_path: Path) -> None:
    """The shipped config has [judging]: the jurors sign by role, name and office (the
    honorary judge signs the jury's own minutes, not this one); competition.jury is gone."""
    assert config.judging is not None and config.competition.jury == ()
    summary = summary_of([item(1, *AGENCIES[0])])
    rows = rows_of(write_pdf(summary, config, tmp_path / "berita-acara.pdf", "en"))
    signed = [line for line in rows[rows.index("THE JURY") :] if line]
    assert signed[:-1] == [
        "THE JURY",
        "No Role Name Signature",
        *("Ir. Novly G. Wowiling, M.Si", "1 Chair", "Sekretaris Daerah", "1. " + DOTS),
        *("Dr. Magdalena Wullur, SE., MM", "2 Secretary", "Akademisi Unsrat, Staf Khusus Bupati"),
        "2. " + DOTS,
        *("Hanny T. Tambani, S.Sos., M.Si", "3 Member", "Kepala BAPPEDA", "3. " + DOTS),
        *("Drs. Robby Parengkuan", "4 Member", "Kepala Dinas Kominfo dan Persandian"),
        "4. " + DOTS,
    ]  # the honorary judge (Joune Ganda) signs the jury's own minutes, not this one


def test_a_config_without_judging_still_signs_from_its_jury_lines(
    config: Config, tmp_path: Path
) -> None:
    old = config.model_copy(
        update={
            "judging": None,
            "competition": config.competition.model_copy(
                update={"jury": ("Ketua: Sekretaris Daerah", "Anggota: Kepala BAPPEDA")}
            ),
        }
    )
    summary = summary_of([item(1, *AGENCIES[0])])
    rows = rows_of(write_pdf(summary, old, tmp_path / "berita-acara.pdf", "id"))
    signed = rows[rows.index("TIM JURI") :]
    assert [line for line in signed if line[:2] in ("1 ", "2 ", "3 ")] == [
        "1 Ketua Sekretaris Daerah",
        "2 Anggota Kepala BAPPEDA",
    ]


def test_a_config_with_judging_and_jury_lines_is_refused(tmp_path: Path) -> None:
    shipped = (ROOT / "config" / "kipp-minut-2024.toml").read_text("utf-8")
    path = tmp_path / "both.toml"
    path.write_text(
        shipped.replace('language = "id" ', 'jury = ["Ketua: Sekda"]\nlanguage = "id" ')
    )
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert str(caught.value) == (
        f"Config file {path} has 1 problem(s):\n  - (top level): competition.jury repeats "
        "[[judging.jurors]]: remove competition.jury (every berita acara signs from "
        "[[judging.jurors]])"
    )
