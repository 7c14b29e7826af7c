"""`kipp jury ...` in process (click's CliRunner) with exact output: sheets, import (stored,
the same file again, refused with one line per problem and nothing stored), progress,
tally (terminal and --json), conflict, tie, the favourite's sheets and import."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from openpyxl import load_workbook

from fixtures.jury_demo import fill_counts
from pipeline.cli import main
from pipeline.store import Store
from tests.jury_support import INTERVIEW, VIDEO, config_file, fill_sheet, seed


def invoke(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), prog_name="kipp", env={"COLUMNS": "200"})


@pytest.fixture
def work(tmp_path: Path) -> tuple[list[str], Path]:
    out = tmp_path / "out"
    with Store.open(out) as store:
        seed(store)
    return ["--config", str(config_file(tmp_path)), "--out", str(out)], out


def sheets_filled(common: list[str], out: Path, round_id: str, values: dict) -> list[Path]:
    result = invoke("jury", "sheets", "--round", round_id, *common)
    assert result.exit_code == 0, result.output
    paths = []
    for juror, rows in values.items():
        rows = {e: v if isinstance(v, tuple) else (v,) for e, v in rows.items()}
        paths.append(fill_sheet(out / "penilaian" / round_id / f"{juror}.xlsx", rows))
    return paths


def test_sheets_are_written_per_juror_with_the_contract_header(work):
    common, out = work
    result = invoke("jury", "sheets", *common)
    assert result.exit_code == 0
    folder = out / "penilaian" / "video"
    assert result.stdout == (
        f"3 lembar penilaian:\n  {folder / 'j1.xlsx'}\n  {folder / 'j2.xlsx'}\n"
        f"  {folder / 'j3.xlsx'}\n"
    )
    ws = load_workbook(folder / "j1.xlsx").worksheets[0]
    assert [c.value for c in ws[5]] == ["entry_id", "agency", "title", "page", "video", "isi",
                                        "tampilan", "note"]  # fmt: skip
    assert [r[0].value for r in ws.iter_rows(min_row=6)] == ["c", "a", "b", "d"]
    assert ws["H6"].value == (
        "Tidak dinilai: Kepala BAPPEDA tidak menilai BAPPEDA (instansi sendiri)."
    )
    assert ws["D7"].hyperlink.target == "../../a/report.html"
    assert ws["F4"].value == "Isi (1–100, bobot 3)" and ws.protection.sheet
    rules = {
        str(dv.sqref): (dv.type, dv.formula1, dv.formula2)
        for dv in ws.data_validations.dataValidation
    }
    assert rules == {"F6:F9": ("whole", "1", "100"), "G6:G9": ("whole", "1", "5")}


def test_sheets_never_overwrite_one_filled_in_place(work):
    common, out = work
    (filled,) = sheets_filled(common, out, "video", {"j2": {"a": (90, 5)}})
    result = invoke("jury", "sheets", "--round", "video", *common)
    assert result.exit_code == 0
    folder = out / "penilaian" / "video"
    assert result.stdout == (
        "3 lembar penilaian:\n"
        f"  {folder / 'j1.xlsx'} (sudah ada, sama; tidak ditulis ulang)\n"
        f"  {folder / 'j2 (2).xlsx'} (j2.xlsx sudah berisi isian: tidak ditimpa)\n"
        f"  {folder / 'j3.xlsx'} (sudah ada, sama; tidak ditulis ulang)\n"
    )
    assert load_workbook(filled).worksheets[0]["F7"].value == 90  # the juror's value stays
    english = invoke("jury", "sheets", "--round", "video", *common, "--lang", "en")
    assert english.stdout == (
        "3 score sheet(s):\n"
        f"  {folder / 'j1 (2).xlsx'} (j1.xlsx was made for another entry list, weights or "
        "language: not overwritten)\n"
        f"  {folder / 'j2 (3).xlsx'} (j2.xlsx has entries in it: not overwritten)\n"
        f"  {folder / 'j3 (2).xlsx'} (j3.xlsx was made for another entry list, weights or "
        "language: not overwritten)\n"
    )


def test_import_stores_each_sheet_once_and_the_tally_follows(work):
    common, out = work
    paths = sheets_filled(common, out, "video", VIDEO)
    result = invoke("jury", "import", *map(str, paths), *common, "--by", "Petugas")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "j1.xlsx: nilai Kepala BAPPEDA, babak video, disimpan sebagai versi 1 (4 entri).\n"
        "j2.xlsx: nilai Juri Dua, babak video, disimpan sebagai versi 1 (4 entri).\n"
        "j3.xlsx: nilai Juri Tiga, babak video, disimpan sebagai versi 1 (4 entri).\n"
    )
    again = invoke("jury", "import", str(paths[0]), *common, "--by", "Petugas")
    assert again.stdout == "j1.xlsx: sudah diimpor sebagai versi 1; tidak ada yang berubah.\n"
    assert (out / "penjurian.html").is_file()  # the judging page follows every import
    tally = invoke("jury", "tally", *common)
    assert tally.exit_code == 0
    assert tally.stdout.split("\n\n")[1] == (
        "Babak Video (video): 4 entri; lengkap.\n"
        "  Peringkat  Instansi                              Rata-rata  Median  Selisih     j1      j2     j3\n"
        "          1  Dinas Perhubungan                         85,83   83,75    18,75  77,50   83,75  96,25\n"
        "          2  Badan Perencanaan Pembangunan Daerah      84,50   84,50     3,00      x   86,00  83,00\n"
        "         3=  Dinas Kesehatan                           80,00   80,00    25,00  80,00   92,50  67,50\n"
        "         3=  Dinas Perikanan                           80,00   71,25    31,25  71,25  100,00  68,75\n"
        "Tidak menilai: Kepala BAPPEDA tidak menilai BAPPEDA.\n"
        "Seri Dinas Kesehatan, Dinas Perikanan (80,00): tidak terpecahkan oleh aturan; tetap seri.\n"
        "Nominasi (2): Dinas Perhubungan, Badan Perencanaan Pembangunan Daerah."
    )  # fmt: skip


def test_a_bad_sheet_says_every_problem_by_cell_and_stores_nothing(work):
    common, out = work
    (path,) = sheets_filled(common, out, "video", {"j2": {"a": (101, 4), "b": ("80a", 4)}})
    book = load_workbook(path)
    book["Bobot"]["F2"] = 5
    book.save(path)
    result = invoke("jury", "import", str(path), *common, "--by", "Petugas")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "j2.xlsx: tidak disimpan (3 masalah):\n"
        "  j2.xlsx, sel Bobot!F2: bobot isi diubah (5; yang ditetapkan 3): kembalikan bobotnya, "
        "bobot tidak diubah di lembar.\n"
        "  j2.xlsx, sel F7: 101 di luar skala 1–100: isi angka dalam skala itu.\n"
        "  j2.xlsx, sel F8: '80a' bukan angka: isi angka 1–100.\n"
    )
    with Store.open(out) as store:
        assert store.acts() == [] and store.score_rows("video") == []


def test_progress_names_what_is_missing_per_juror_and_entry(work):
    common, out = work
    paths = sheets_filled(common, out, "video", {"j1": VIDEO["j1"]})
    assert invoke("jury", "import", str(paths[0]), *common, "--by", "Petugas").exit_code == 0
    result = invoke("jury", "progress", *common, "--lang", "en")
    assert result.stdout == (
        "Round Video (video): 4 entries; not complete.\n"
        "  Kepala BAPPEDA: 3 of 3 scored, handed in; does not score: Badan Perencanaan "
        "Pembangunan Daerah\n"
        "  Juri Dua: 0 of 4 scored; missing: Badan Perencanaan Pembangunan Daerah, Dinas "
        "Kesehatan, Dinas Perhubungan, Dinas Perikanan\n"
        "  Juri Tiga: 0 of 4 scored; missing: Badan Perencanaan Pembangunan Daerah, Dinas "
        "Kesehatan, Dinas Perhubungan, Dinas Perikanan\n"
        "  Badan Perencanaan Pembangunan Daerah: waiting for Juri Dua, Juri Tiga\n"
        "  Dinas Kesehatan: waiting for Juri Dua, Juri Tiga\n"
        "  Dinas Perhubungan: waiting for Juri Dua, Juri Tiga\n"
        "  Dinas Perikanan: waiting for Juri Dua, Juri Tiga\n"
        "Round Wawancara (wawancara): 0 entries; no entries yet (waiting for validation or "
        "nominations).\n"
        "  Kepala BAPPEDA: 0 of 0 scored\n"
        "  Juri Dua: 0 of 0 scored\n"
        "  Juri Tiga: 0 of 0 scored\n"
    )


def test_the_whole_judging_to_the_winners_and_the_json_contract(work):
    common, out = work
    for path in sheets_filled(common, out, "video", VIDEO):
        assert invoke("jury", "import", str(path), *common, "--by", "Petugas").exit_code == 0
    interview = {j: {e: (v,) for e, v in rows.items()} for j, rows in INTERVIEW.items()}
    for path in sheets_filled(common, out, "wawancara", interview):
        assert invoke("jury", "import", str(path), *common, "--by", "Petugas").exit_code == 0
    tie = invoke("jury", "tie", "round:video", "d", "a", *common, "--by", "Petugas",
                 "--note", "Diputuskan Bupati")  # fmt: skip
    assert tie.stdout == "Dicatat.\n"
    result = invoke("jury", "tally", "--json", *common)
    data = json.loads(result.stdout)
    video = data["rounds"][0]
    assert [(e["entry_id"], e["rank"], e["tie_broken_by"]) for e in video["entries"]] == [
        ("b", 1, None), ("c", 2, None), ("d", 3, "honorary"), ("a", 4, "honorary")]  # fmt: skip
    c = video["entries"][1]
    assert c["jurors"] == {"j1": None, "j2": 86.0, "j3": 83.0} and c["recused"] == ["j1"]
    assert (c["mean"], c["median"], c["spread"]) == (84.5, 84.5, 3.0)
    assert data["nominees"] == {"video": ["b", "c"]}
    assert [(w["place"], w["entry_id"]) for w in data["winners"]] == [
        ("Juara I", "b"), ("Juara II", "c")]  # fmt: skip
    assert data["favourite"]["pending"] == "counters" and data["draft"] is True
    text = invoke("jury", "tally", *common).stdout
    assert (
        "Seri Dinas Kesehatan, Dinas Perikanan (80,00): dipecah dengan keputusan juri kehormatan."
        in text
    )
    assert (
        "Pemenang: Juara I: Dinas Perhubungan (84,08); Juara II: Badan Perencanaan Pembangunan Daerah (81,65)."
        in text
    )


def test_a_tie_decision_is_refused_when_the_rules_do_not_declare_it(work, tmp_path):
    common, _ = work
    config = Path(common[1])
    config.write_text(config.read_text("utf-8").replace('honorary = "ties"', 'honorary = "signs"')
                      .replace(', "honorary"]', "]"), "utf-8")  # fmt: skip
    result = invoke("jury", "tie", "final", "b", "c", *common, "--by", "Petugas", "--lang", "en")
    assert result.exit_code == 2
    assert result.stderr == (
        "kipp: error: The rules do not leave ties to the honorary judge (final): a tie is broken "
        "only by the tie_break steps the config declares.\n"
    )


def test_a_declared_conflict_is_recorded_and_refused_without_a_known_entry(work):
    common, out = work
    ok = invoke("jury", "conflict", "j2", "a", "--reason", "Kerabat", *common, "--by", "Juri Dua")
    assert (ok.exit_code, ok.stdout) == (0, "Dicatat.\n")
    bad = invoke("jury", "conflict", "j2", "zz", "--reason", "x", *common, "--by", "Juri Dua")
    assert bad.exit_code == 2
    assert bad.stderr == (
        "kipp: galat: Entri 'zz' tidak dikenal: pakai nama folder laporannya (entry_id).\n"
    )
    with Store.open(out) as store:
        assert [(c.juror_id, c.entry_id, c.reason) for c in store.conflicts()] == [
            ("j2", "a", "Kerabat")]  # fmt: skip


def test_a_declared_conflict_is_withdrawn_and_stays_on_record(work):
    common, out = work
    declare = ("jury", "conflict", "j2", "a", *common, "--by", "Juri Dua")
    assert invoke(*declare, "--reason", "Kerabat").stdout == "Dicatat.\n"
    withdraw = invoke(*declare, "--withdraw", "--reason", "Dinyatakan keliru")
    assert (withdraw.exit_code, withdraw.stdout) == (0, "Dicatat.\n")
    again = invoke(*declare, "--withdraw", "--reason", "Dinyatakan keliru", "--lang", "en")
    assert again.exit_code == 2
    assert again.stderr == (
        "kipp: error: Juri Dua has no standing conflict with entry 'a' (never declared, or "
        "already withdrawn): nothing to withdraw.\n"
    )
    with Store.open(out) as store:
        (c,) = store.conflicts()
        assert (c.reason, c.standing, c.withdrawn_by, c.withdrawn_reason) == (
            "Kerabat", False, "Juri Dua", "Dinyatakan keliru")  # fmt: skip


def test_reopen_makes_a_handed_in_round_a_draft_again(work):
    common, out = work
    (path,) = sheets_filled(common, out, "video", {"j2": VIDEO["j2"]})
    assert invoke("jury", "import", str(path), *common, "--by", "Petugas").exit_code == 0
    result = invoke("jury", "reopen", "j2", "video", *common, "--by", "Petugas")
    assert (result.exit_code, result.stdout) == (0, "Dicatat.\n")
    progress = invoke("jury", "progress", *common).stdout.splitlines()
    assert progress[2] == "  Juri Dua: 0 dari 4 dinilai; draf belum diserahkan: 4"
    bad = invoke("jury", "reopen", "j9", "video", *common, "--by", "Petugas", "--lang", "en")
    assert bad.exit_code == 2
    assert bad.stderr == (
        "kipp: error: Juror 'j9' is not in the config's [judging]: use one of j1, j2, j3, hon.\n"
    )


def test_the_favourite_sheets_and_counts_with_a_mismatch_to_recount(work):
    common, out = work
    sheets = invoke("jury", "favourite-sheets", *common)
    folder = out / "penilaian" / "favorit"
    assert sheets.stdout == (
        f"2 lembar hitungan:\n  {folder / 'penghitung-1.xlsx'}\n  {folder / 'penghitung-2.xlsx'}\n"
    )
    fill_counts(out)  # counter 2 misreads the first post
    paths = [str(folder / f"penghitung-{n}.xlsx") for n in (1, 2)]
    result = invoke("jury", "favourite-import", *paths, *common, "--by", "Petugas")
    assert result.exit_code == 0
    assert result.stdout == (
        "penghitung-1.xlsx: hitungan Ani Rumengan disimpan (4 entri).\n"
        "penghitung-2.xlsx: hitungan Budi Lumintang disimpan (4 entri).\n"
        "Inovasi Terfavorit: hitung ulang dulu: Badan Perencanaan Pembangunan Daerah.\n"
        "  Dinas Perikanan: 183 reaksi, 86 komentar = 269\n"
        "  Dinas Kesehatan: 150 reaksi, 39 komentar = 189\n"
        "  Dinas Perhubungan: 122 reaksi, 52 komentar = 174\n"
        "  Hitung ulang Badan Perencanaan Pembangunan Daerah: Ani Rumengan 189 reaksi/93 "
        "komentar; Budi Lumintang 199 reaksi/93 komentar\n"
    )
    fill_counts(out, misread=False)  # the recount
    again = invoke("jury", "favourite-import", paths[1], *common, "--by", "Petugas")
    assert again.stdout.splitlines()[:2] == [
        "penghitung-2.xlsx: hitungan Budi Lumintang disimpan (4 entri).",
        "Inovasi Terfavorit: Badan Perencanaan Pembangunan Daerah.",
    ]


def test_minutes_list_their_files_with_the_draft_mark_while_scores_are_missing(work):
    common, out = work
    for path in sheets_filled(common, out, "video", VIDEO):
        assert invoke("jury", "import", str(path), *common, "--by", "Petugas").exit_code == 0
    result = invoke("jury", "minutes", *common, "--lang", "en")
    assert result.exit_code == 0
    names = ("berita-acara-nominasi.pdf", "berita-acara-pemenang.pdf", "rekap-penilaian.xlsx",
             "pengumuman.txt", "penjurian.html")  # fmt: skip
    assert result.stdout == (
        "DRAFT: some scores or counts are still missing.\nFiles:\n"
        + "".join(f"  {out / name}\n" for name in names)
    )
    assert all((out / name).is_file() for name in names)
