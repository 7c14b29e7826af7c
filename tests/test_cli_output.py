"""What officers read in the terminal and the log after a run: the language of tables and
notices, the reason given for a damaged file, a closed pipe, the log's contents."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import CONFIG_2024, kipp
from tests.test_runner import write_registry

ENTRIES = {
    "Dinas Sosial": "valid_90",
    "Kecamatan Airmadidi": "short_59",
    "Badan Pendapatan Daerah": "truncated_mp4",
}


@pytest.fixture(scope="module")
def three(tmp_path_factory, make_media) -> tuple[list[str], Path]:
    """One run (PDF included) on a passing, a too-short and a damaged entry: the shared
    ``--config/--registry/--out`` options and OUT."""
    folder = tmp_path_factory.mktemp("three")
    registry = write_registry(folder, make_media, ENTRIES)
    out = folder / "out"
    common = ["--config", str(CONFIG_2024), "--registry", str(registry), "--out", str(out)]
    result = kipp("run", *common)
    assert result.returncode == 1, result.stderr
    assert (out / "berita-acara.pdf").is_file()
    return common, out


def test_the_log_keeps_kipps_info_and_only_warnings_of_other_libraries(three):
    _, out = three
    lines = (out / ".kipp" / "kipp.log").read_text("utf-8").splitlines()
    assert any(" INFO MainThread pipeline." in ln for ln in lines)  # kipp's own INFO stays
    foreign_info = [ln for ln in lines if re.search(r" (INFO|DEBUG) \S+ (?!pipeline\b)", ln)]
    assert foreign_info == []  # fontTools wrote ~70 "... pruned" INFO lines per PDF before
    assert not any("fontTools" in ln for ln in lines)


def test_a_damaged_file_gets_a_sentence_not_ffmpegs_words(three):
    """The demo's "Badan Pendapatan Daerah" (an MP4 cut short): the index's reason says what
    is wrong and what to do; ffmpeg's lines stay the check's measured value."""
    _, out = three
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
