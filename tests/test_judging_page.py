"""The judging page (OUT/penjurian.html) and the entry pages' judging block, parsed: the
worked example's progress, rankings with every juror's score, recusals by name, spread,
ties, nominees, winners and the favourite; an entry that failed after scoring flagged;
entry pages written again only when their block changed.  A real browser opens the page
once (tests/test_browser.py's Chromium)."""

from __future__ import annotations

from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest

from fixtures.jury_demo import fill_counts
from pipeline.config import Config, load_config
from pipeline.jury.count_sheets import import_count, make_count_sheets
from pipeline.jury.scoring import declare_conflict
from pipeline.models import Summary, Verdict
from pipeline.report.html import render_index
from pipeline.report.judging import PAGE
from pipeline.report.judging_pages import write_judging
from pipeline.store import Store
from tests.jury_support import config_file, report, score_interview, score_video, seed

NOW = datetime(2024, 6, 5, 2, 0, tzinfo=UTC)  # 5 June 2024 10.00 WITA


class Page(HTMLParser):
    """The parts of a page the tests read: each element's text by id, and each table's
    rows as (text, title) per cell."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.text: dict[str, str] = {}
        self.tables: dict[str, list[list[tuple[str, str]]]] = {}
        self._open: list[tuple[str, str | None]] = []  # (tag, id)
        self._buffers: dict[str, list[str]] = {}
        self._table: str | None = None
        self._cell: list[str] | None = None
        self._title = ""
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        for buffer in self._buffers.values():
            buffer.append(" ")  # elements read apart: "… (84,08) Juara II: …"
        if tag in ("meta", "br", "input", "link"):
            return
        self._open.append((tag, found.get("id")))
        if found.get("id"):
            self._buffers[found["id"] or ""] = []
        if tag == "table":
            self._table = found.get("id") or ""
            self.tables[self._table] = []
        elif tag == "tr" and self._table is not None:
            self.tables[self._table].append([])
        elif tag in ("td", "th") and self._table is not None:
            self._cell, self._title = [], found.get("title") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self._table is not None:
            self.tables[self._table][-1].append((_squash("".join(self._cell)), self._title))
            self._cell = None
        if tag == "table":
            self._table = None
        while self._open:
            open_tag, open_id = self._open.pop()
            if open_id:
                self.text[open_id] = _squash("".join(self._buffers.pop(open_id)))
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        for buffer in self._buffers.values():
            buffer.append(data)
        if self._cell is not None:
            self._cell.append(data)

    def rows(self, table: str) -> list[list[str]]:
        return [[text for text, _ in row] for row in self.tables[table]]


def _squash(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def work(tmp_path: Path):
    config = load_config(config_file(tmp_path))
    out = tmp_path / "out"
    with Store.open(out) as store:
        seed(store)
        yield store, config, out


def judged(store: Store, config: Config, out: Path) -> None:
    """The worked example judged to its winners, with the favourite counted twice alike."""
    assert config.judging is not None
    score_video(store, config.judging)
    score_interview(store, config.judging)
    declare_conflict(store, config.judging, "j2", "a", "Kerabat", by="Juri Dua", now=NOW)
    paths = [p.path for p in make_count_sheets(store, config, out)]
    fill_counts(out, misread=False)
    for path in paths:
        import_count(store, config, path, by="Petugas")


def page_of(out: Path, name: str = PAGE) -> Page:
    return Page((out / name).read_text("utf-8"))


TRACE = "Petugas · 1 Juni 2024 17.00 WITA"  # who entered the sheet's scores, when


def test_the_page_shows_each_round_the_final_and_the_favourite(work):
    store, config, out = work
    judged(store, config, out)
    assert write_judging(store, config, out, "id", NOW) == out / PAGE
    page = page_of(out)
    assert page.text["state"] == "Semua nilai dan hitungan sudah masuk."
    assert page.text["normalisation"] == "Rata-rata biasa (setiap juri menilai setiap entri)."
    assert page.rows("ranking-video") == [
        ["Peringkat", "Instansi", "Kepala BAPPEDA", "Juri Dua", "Juri Tiga", "Rata-rata",
         "Median", "Selisih"],
        ["1", "Dinas Perhubungan nominasi", "77,50", "83,75", "96,25", "85,83", "83,75", "18,75"],
        ["2", "Badan Perencanaan Pembangunan Daerah nominasi", "×", "86,00", "83,00", "84,50",
         "84,50", "3,00"],
        ["3", "Dinas Perikanan", "71,25", "100,00", "68,75", "80,00", "71,25", "31,25"],
        ["4", "Dinas Kesehatan", "80,00", "×", "67,50", "73,75", "73,75", "12,50"],
    ]  # fmt: skip
    cells = page.tables["ranking-video"]
    assert cells[1][2][1] == f"77.5 · j1.xlsx v1 · {TRACE}"  # where the score came from
    assert cells[1][5][1] == "85.83333333333333"  # the exact mean
    assert cells[2][2][1] == "Kepala BAPPEDA tidak menilai BAPPEDA"
    assert cells[4][3][1] == "Juri Dua tidak menilai Dinkes"  # a declared conflict
    assert page.text["recusals-video"] == (
        "Tidak menilai: Kepala BAPPEDA tidak menilai BAPPEDA; Juri Dua tidak menilai Dinkes."
    )
    assert page.text["nominees-video"] == (
        "Nominasi (2): Dinas Perhubungan, Badan Perencanaan Pembangunan Daerah."
    )
    assert page.rows("progress-video")[1:] == [
        ["Kepala BAPPEDA", "3/3", "ya", "–", "Badan Perencanaan Pembangunan Daerah"],
        ["Juri Dua", "3/3", "ya", "–", "Dinas Kesehatan"],
        ["Juri Tiga", "4/4", "ya", "–", "–"],
    ]
    assert page.rows("ranking-final") == [
        ["Peringkat", "Instansi", "Nilai akhir", "Video", "Wawancara"],
        ["1", "Dinas Perhubungan", "84,08", "85,83", "80,00"],
        ["2", "Badan Perencanaan Pembangunan Daerah", "81,65", "84,50", "75,00"],
    ]
    assert page.text["winner-list"] == (
        "Juara I: Dinas Perhubungan (84,08) Juara II: Badan Perencanaan Pembangunan Daerah (81,65)"
    )
    assert page.text["favourite-headline"] == (
        "Inovasi Terfavorit: Badan Perencanaan Pembangunan Daerah."
    )
    assert page.rows("favourite-counts")[:2] == [
        ["Peringkat", "Instansi", "Ani Rumengan", "Budi Lumintang", "Nilai akhir"],
        ["1", "Badan Perencanaan Pembangunan Daerah · unggahan", "189 / 93", "189 / 93", "282"],
    ]
    assert "flagged" not in page.text


def test_the_page_while_scores_are_missing_in_english(work):
    store, config, out = work
    assert config.judging is not None
    score_video(store, config.judging, {"j1": {"a": (80, 4), "b": (70, 5), "d": (75, 3)}})
    write_judging(store, config, out, "en", NOW)
    page = page_of(out)
    assert page.text["state"] == (
        "DRAFT: some scores or counts are still missing; the results may change."
    )
    assert page.rows("progress-video")[1:] == [
        ["Kepala BAPPEDA", "3/3", "yes", "–", "Badan Perencanaan Pembangunan Daerah"],
        ["Juri Dua", "0/4", "not yet",
         "Badan Perencanaan Pembangunan Daerah, Dinas Kesehatan, Dinas Perhubungan, "
         "Dinas Perikanan", "–"],
        ["Juri Tiga", "0/4", "not yet",
         "Badan Perencanaan Pembangunan Daerah, Dinas Kesehatan, Dinas Perhubungan, "
         "Dinas Perikanan", "–"],
    ]  # fmt: skip
    assert page.rows("ranking-video")[1] == [
        "1", "Dinas Kesehatan", "80.00", "–", "–", "80.00", "80.00", "0.00"]  # fmt: skip
    assert page.text["nominees-video"] == (
        "Nominees: The nominees are set once every score of this round is in."
    )
    assert page.text["round-wawancara"].startswith("Round Wawancara (wawancara)")


def test_an_entry_that_failed_after_scoring_is_flagged_and_never_nominated(work):
    store, config, out = work
    assert config.judging is not None
    score_video(store, config.judging)
    store.add_report("d", report("d", "Dinas Perikanan", Verdict.FAIL, md5="m9"), keys={},
                     run_id=None)  # fmt: skip
    write_judging(store, config, out, "id", NOW)
    page = page_of(out)
    assert page.text["flagged"] == (
        "Berubah sesudah dinilai Nilainya tetap disimpan; entri ini tidak maju dan tidak "
        "menang selama tidak lolos. Dinas Perikanan: hasil validasinya berubah sesudah "
        "dinilai: tidak lagi lolos; berkas videonya berganti sesudah dinilai"
    )
    row = next(r for r in page.rows("ranking-video") if r[1].startswith("Dinas Perikanan"))
    assert row[0] == "3=" and "nominasi" not in row[1] and "tidak lagi lolos" in row[1]
    assert row[2:5] == ["71,25", "100,00", "68,75"]  # its scores are kept
    assert page.text["nominees-video"] == (
        "Nominasi (2): Dinas Perhubungan, Badan Perencanaan Pembangunan Daerah."
    )
    entry = page_of(out, "d/report.html")
    assert "tidak lagi lolos" in entry.text["judging"]


def test_entry_pages_show_their_block_and_are_written_again_only_when_it_changes(work):
    store, config, out = work
    assert config.judging is not None
    score_video(store, config.judging)
    write_judging(store, config, out, "id", NOW)
    block = page_of(out, "c/report.html").text["judging"]
    assert block.startswith(
        "Penilaian juri Hanya untuk panitia dan petugas: nilai tidak pernah masuk ke pesan "
        "untuk instansi. · Seluruh penjurian →"
    )
    assert "Peringkat 2 dari 4 · Rata-rata 84,50 · Median 84,50 · Selisih 3,00" in block
    assert "Tidak menilai: Kepala BAPPEDA tidak menilai BAPPEDA." in block
    html = (out / "c" / "report.html").read_text("utf-8")
    assert 'href="../penjurian.html#video-c"' in html
    assert not (out / "e" / "report.html").exists()  # failed, never scored: no block to show
    pages = {e: (out / e / "report.html").stat().st_mtime_ns for e in "abcd"}
    write_judging(store, config, out, "id", NOW)
    assert {e: (out / e / "report.html").stat().st_mtime_ns for e in "abcd"} == pages
    declare_conflict(store, config.judging, "j3", "a", "Kerabat", by="Juri Tiga", now=NOW)
    write_judging(store, config, out, "id", NOW)
    again = {e: (out / e / "report.html").stat().st_mtime_ns for e in "abcd"}
    assert [e for e in "abcd" if again[e] != pages[e]] != []
    assert "Juri Tiga tidak menilai Dinkes" in page_of(out, "a/report.html").text["judging"]


def test_the_index_links_the_judging_page_when_the_config_has_judging(work):
    _, config, _ = work
    summary = Summary(competition="KIPP", generated_at=NOW, language="id",
                      tool_version="0.1.0", counts={}, entries=())  # fmt: skip
    assert 'href="penjurian.html"' in render_index(summary, [], config)
    bare = config.model_copy(update={"judging": None})
    assert "penjurian.html" not in render_index(summary, [], bare)
