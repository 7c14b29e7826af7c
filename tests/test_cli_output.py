"""What officers read in the terminal and the log after a run: the language of tables and
notices, the reason given for a damaged file, a closed pipe, the log's contents."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import CONFIG_2024, ROOT, kipp
from tests.test_runner import write_registry

ENTRIES = {
    "Dinas Sosial": "valid_90",
    "Kecamatan Airmadidi": "short_59",
    "Badan Pendapatan Daerah": "truncated_mp4",
}


@pytest.fixture(scope="module")
def three(tmp_path_factory, make_media) -> tuple[list[str], Path, str]:
    """One run (PDF included) on a passing, a too-short and a damaged entry, and one whose
    link leads nowhere: the shared ``--config/--registry/--out`` options, OUT and what the
    run printed."""
    folder = tmp_path_factory.mktemp("three")
    registry = write_registry(folder, make_media, ENTRIES)
    with registry.open("a", encoding="utf-8") as csv:  # an answer without a link
        csv.write("Kecamatan Wori,Pelayanan Publik,\n")
    out = folder / "out"
    common = ["--config", str(CONFIG_2024), "--registry", str(registry), "--out", str(out)]
    result = kipp("run", *common)
    assert result.returncode == 1, result.stderr
    assert (out / "berita-acara.pdf").is_file()
    return common, out, result.stdout


def test_the_log_keeps_kipps_info_and_only_warnings_of_other_libraries(three):
    _, out, _ = three
    lines = (out / ".kipp" / "kipp.log").read_text("utf-8").splitlines()
    assert any(" INFO MainThread pipeline." in ln for ln in lines)  # kipp's own INFO stays
    foreign_info = [ln for ln in lines if re.search(r" (INFO|DEBUG) \S+ (?!pipeline\b)", ln)]
    assert foreign_info == []  # fontTools wrote ~70 "... pruned" INFO lines per PDF before
    assert not any("fontTools" in ln for ln in lines)


def test_a_damaged_file_gets_a_sentence_not_ffmpegs_words(three):
    """The demo's "Badan Pendapatan Daerah" (an MP4 cut short): the index's reason says what
    is wrong and what to do; ffmpeg's lines stay the check's measured value."""
    _, out, _ = three
    summary = json.loads((out / "summary.json").read_text("utf-8"))
    item = next(e for e in summary["entries"] if e["agency"] == "Badan Pendapatan Daerah")
    assert item["reason"] == (
        "Tidak lolos: Video rusak: berkas tidak dapat diputar sampai selesai (pemutaran "
        "terhenti karena galat pada 0:43 dari 1:30). Minta instansi mengekspor ulang video "
        "dari aplikasi penyuntingnya, lalu mengunggahnya kembali."
    )
    report = json.loads((out / item["entry_id"] / "report.json").read_text("utf-8"))
    check = next(c for c in report["checks"] if c["id"] == "integrity.decode")
    assert any("partial file" in line for line in check["value"])
    index = (out / "index.html").read_text("utf-8")
    assert "partial file" not in index and "[aac]" not in index


def _header(stdout: str) -> list[str]:
    line = next(ln for ln in stdout.splitlines() if ln.startswith("┃"))
    return [cell.strip() for cell in line.strip("┃").split("┃")]


def _rows(stdout: str) -> dict[str, list[str]]:
    rows = [ln for ln in stdout.splitlines() if ln.startswith("│")]
    cells = [[c.strip() for c in ln.strip("│").split("│")] for ln in rows]
    return {c[0]: c for c in cells if c[0]}


def test_status_and_history_speak_indonesian_by_default_and_english_when_asked(three):
    common, _, _ = three
    status = kipp("status", *common)
    assert status.returncode == 0, status.stderr
    assert _header(status.stdout) == [
        "Instansi", "Hasil", "Versi", "Diperiksa", "Pesan", "Berubah sejak run sebelumnya",
    ]  # fmt: skip
    row = _rows(status.stdout)["Kecamatan Airmadidi"]
    assert (row[1], row[2], row[5]) == ("Tidak lolos", "v1", "entri baru")
    assert row[4].startswith("ditulis ") and row[4].endswith(" WITA")
    assert re.fullmatch(r"Run terakhir: #1 run, mulai \S+ \S+ WITA, selesai\.",
                        status.stdout.splitlines()[-1])  # fmt: skip
    english = kipp("status", *common, "--lang", "en")
    assert _header(english.stdout) == [
        "Agency", "Verdict", "Version", "Checked", "Notice", "Changed since the run before",
    ]  # fmt: skip
    row = _rows(english.stdout)["Kecamatan Airmadidi"]
    assert (row[1], row[5]) == ("Fail", "new entry") and row[4].startswith("written ")
    assert english.stdout.splitlines()[-1].startswith("Last run: #1 run, started ")
    history = kipp("history", "Kecamatan Airmadidi", *common)
    assert _header(history.stdout) == ["Versi", "Diperiksa pada", "Hasil", "Versi kipp", "Alasan"]
    assert history.stdout.splitlines()[-1].startswith("Berkas: ")
    history_en = kipp("history", "Kecamatan Airmadidi", *common, "--lang", "en")
    assert _header(history_en.stdout) == [
        "Version",
        "Validated",
        "Verdict",
        "kipp version",
        "Reason",
    ]
    assert _rows(history_en.stdout)["v1"][2] == "Fail"
    assert history_en.stdout.splitlines()[-1].startswith("Files: ")


def test_the_run_ends_with_its_counts_and_paths_in_the_run_language(three):
    _, out, stdout = three
    lines = stdout.splitlines()
    assert lines[-2] == "4 entri: lolos 0, tidak lolos 3, perlu ditinjau 1, galat 0."
    assert lines[-1] == (
        f"Indeks: {out / 'index.html'}  PDF: {out / 'berita-acara.pdf'}  "
        f"Pesan (4): {out / 'pesan-instansi.csv'}"
    )


def test_notices_print_in_the_language_asked(three):
    """Stored in the run's language (Indonesian), printed in English with --lang en: built
    again from the report each notice was written from, with the same figures."""
    common, out, _ = three
    default = kipp("notices", "Kec. Airmadidi", *common)
    stored = (out / "kecamatan-airmadidi" / "pesan.txt").read_text("utf-8")
    assert default.stdout.splitlines()[0] == "── Kecamatan Airmadidi (Tidak lolos)"
    assert "\n".join(default.stdout.splitlines()[1:]).startswith(stored.rstrip("\n"))
    english = kipp("notices", "Kec. Airmadidi", *common, "--lang", "en")
    assert english.returncode == 0, english.stderr
    lines = english.stdout.splitlines()
    assert lines[:2] == ["── Kecamatan Airmadidi (Fail)", "Dear Kecamatan Airmadidi,"]
    assert "What to fix:" in lines
    assert (
        "- Video length 0:59, at least 1:00. Make the video at least 1:00 long, then upload "
        "it again." in lines
    )
    assert '- We did not find the part "Agency name" in the video.' in lines
    assert "Kind regards," in lines and lines[-1].startswith("1 notice(s); files: ")
    assert not {"Yth.", "Durasi", "Bagian", "Hormat"} & set(english.stdout.split())
    # a fetch failure's notice text in the language asked, never the officer's columns
    wori = kipp("notices", "Kecamatan Wori", *common, "--lang", "en").stdout.splitlines()
    assert (
        "- Your entry has no video link. Send the Google Drive link of your video (in Google "
        "Drive: right-click the video > Share > Copy link)." in wori
    )
    assert kipp("notices", *common, "--lang", "id").stdout == kipp("notices", *common).stdout
    review = kipp("notices", "Dinas Sosial", *common, "--lang", "en")  # needs_review
    assert review.stdout.startswith("── Dinas Sosial (Needs review)\nDear Dinas Sosial,")


def test_a_run_piped_into_a_reader_that_stops_still_finishes(tmp_path, make_media):
    """``kipp run | head -1``: once the reader is gone the output is dropped (stdout onto
    the null device) and the run goes on: every report, the summary and the store are
    written, the exit code is the entries' (1: they fail), stderr stays empty.  Before,
    rich exited with 1 on the next line mid-run (the run stopped, marked failed)."""
    registry = write_registry(tmp_path, make_media, {"Kecamatan Airmadidi": "short_59"})
    rows = registry.read_text("utf-8").splitlines()
    rows.insert(1, "Kecamatan Wori,Pelayanan Publik,")  # no link: judged first, at once
    registry.write_text("\n".join(rows) + "\n", "utf-8")
    out = tmp_path / "out"
    args = ["run", "--config", str(CONFIG_2024), "--registry", str(registry), "--out", str(out)]
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1", "PYTHONUNBUFFERED": "1"}
    with (tmp_path / "stderr").open("w+") as stderr:
        proc = subprocess.Popen([sys.executable, "-m", "pipeline", *args], cwd=ROOT, env=env,
                                stdout=subprocess.PIPE, stderr=stderr, text=True)  # fmt: skip
        assert proc.stdout is not None
        mapping = proc.stdout.readline()  # the folder's first run says its columns
        first = proc.stdout.readline()
        proc.stdout.close()  # the reader stops, as head does
        code = proc.wait(timeout=120)
        stderr.seek(0)
        assert (code, stderr.read()) == (1, "")
    assert mapping.startswith("Kolom registri: instansi = 'Nama Instansi'")
    assert first.startswith("[1/2] Kecamatan Wori: fail (fetch.access)")
    log = (out / ".kipp" / "kipp.log").read_text("utf-8")
    assert "stdout was closed by its reader" in log  # the pipe did break mid-run
    summary = json.loads((out / "summary.json").read_text("utf-8"))
    assert [e["verdict"] for e in summary["entries"]] == ["fail", "fail"]
    assert (out / "kecamatan-airmadidi" / "pesan.txt").is_file()
    with sqlite3.connect(out / ".kipp" / "kipp.sqlite") as db:
        assert db.execute("SELECT status FROM runs").fetchall() == [("done",)]


def test_the_agency_pages_rule_column_is_words_and_local_dates(three):
    _, out, _ = three
    rules = _rules(out / "kecamatan-airmadidi" / "report.html")
    assert rules["section.masalah"] == "harus ada"
    assert rules["deadline.modified_after"] == "31 Mei 2024 23.59 WITA"
    assert rules["duration.min"] == "&gt;= 60,000"
    assert _rules(out / "badan-pendapatan-daerah" / "report.html")["integrity.decode"] == (
        "tanpa galat dekode"
    )
    assert not [r for r in rules.values() if re.search(r"\d{4}-\d\d-\d\dT|present", r)]


def _rules(page: Path) -> dict[str, str]:
    """check id -> the rule column's cell of the page's checks table."""
    rows = re.findall(r'<tr data-check="([^"]+)".*?</td>\s*<td>.*?</td><td>(.*?)</td><td>(.*?)'
                      r"</td></tr>", page.read_text("utf-8"), flags=re.S)  # fmt: skip
    return {check: rule for check, _, rule in rows}


def test_a_run_read_in_english_rewrites_nothing_and_adds_no_version(three):
    """``--lang`` is a way of reading (issue 22): the lines, counts and reasons in English;
    reports, pages, the PDF and every pesan.txt stay as written; no version is added."""
    common, out, _ = three
    files = sorted(p for p in out.rglob("*") if p.is_file() and ".kipp" not in p.parts)
    before = {p: p.read_bytes() for p in files}
    english = kipp("run", *common, "--lang", "en")
    assert english.returncode == 1, english.stderr
    lines = english.stdout.splitlines()
    airmadidi = next(ln for ln in lines if "Kecamatan Airmadidi" in ln)
    assert "fail (duration.min) – Duration 59.000 s is shorter than the minimum" in airmadidi
    assert lines[-2] == "4 entries: pass 0, fail 3, needs_review 1, error 0."
    after = sorted(p for p in out.rglob("*") if p.is_file() and ".kipp" not in p.parts)
    assert after == files
    assert {p: p.read_bytes() for p in after} == before
    assert json.loads((out / "kecamatan-airmadidi" / "report.json").read_text())["version"] == 1
