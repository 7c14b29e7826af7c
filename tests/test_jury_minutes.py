"""The minutes (berita acara PDFs with a DRAF mark while anything is missing), the audit
workbook (formulas an auditor can recompute) and the announcement (no scores)."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime

from openpyxl import load_workbook

from pipeline.config import load_config
from pipeline.jury.announce import announcement
from pipeline.jury.minutes import write_minutes
from pipeline.jury.tally import tally
from pipeline.jury.workbook import write_workbook
from pipeline.store import Store
from tests.jury_support import config_file, score_interview, score_video, seed

NOW = datetime(2024, 6, 5, 2, 0, tzinfo=UTC)


def _pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip


def test_minutes_say_who_scored_what_and_carry_a_draft_mark_while_incomplete(tmp_path):
    config = load_config(config_file(tmp_path))
    with Store.memory() as store:
        seed(store)
        score_video(store, config.judging)
        draft = tally(store, config.judging)
        score_interview(store, config.judging)
        done = tally(store, config.judging)
    nomination, winners = write_minutes(draft, config, tmp_path / "a", "id", NOW)
    text = _pdf_text(winners)
    assert "PENETAPAN PEMENANG" in text and "DRAF: belum semua nilai" in text
    assert "Kepala BAPPEDA tidak menilai BAPPEDA" in text
    nom = _pdf_text(nomination)
    assert "PENETAPAN NOMINASI" in nom and "1. Dinas Perhubungan" in nom
    assert "DRAF: belum semua nilai" not in nom  # the video round is complete
    _, winners = write_minutes(done, config, tmp_path / "b", "en", NOW)
    text = _pdf_text(winners)
    assert "DETERMINATION OF THE WINNERS" in text and "DRAFT: some scores" in text  # no counts yet
    assert "Juara I: Dinas Perhubungan (84.08)" in text and "Chair" in text
    assert "Honorary judge" in text and "Bupati" in text


def test_the_workbook_lets_an_auditor_recompute_each_weighted_score(tmp_path):
    config = load_config(config_file(tmp_path))
    with Store.memory() as store:
        seed(store)
        score_video(store, config.judging)
        result = tally(store, config.judging)
    ws = load_workbook(write_workbook(result, config.judging, tmp_path))["video"]
    assert [ws.cell(1, c).value for c in (4, 5)] == [3, 1]  # the weights
    row = next(r for r in ws.iter_rows(min_row=4) if r[0].value == "b" and r[2].value == "j1")
    assert [c.value for c in row[3:5]] == [70, 5]
    assert row[5].value == "=SUMPRODUCT($D$1:$E$1,D4:E4/$D$2:$E$2)/SUM($D$1:$E$1)*100".replace(
        "D4:E4", f"D{row[0].row}:E{row[0].row}"
    )
    assert row[6].value == "counted" and row[7].value == "Petugas"
    assert row[9].value == "sheet j1.xlsx v1"


def test_the_announcement_names_the_winners_and_no_score(tmp_path):
    config = load_config(config_file(tmp_path))
    with Store.memory() as store:
        seed(store)
        score_video(store, config.judging)
        score_interview(store, config.judging)
        text = announcement(tally(store, config.judging), config, "id")
    assert "  Juara I: Dinas Perhubungan – Inovasi Dinas Perhubungan" in text
    assert "84" not in text and "85,83" not in text
