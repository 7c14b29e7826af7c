"""Escape codes from outside never reach a terminal or kipp.log: a registry cell, a Drive
or Content-Disposition file name or a YouTube title holding clear-screen, window-title,
``\\r`` or newline line forgeries, or an RTL override (pipeline.text.printable at the
model edge, the Rich consoles and the log formatter)."""

from __future__ import annotations

import json
import logging
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from fixtures.youtube_server import YouTubeServer
from pipeline.fetch import web_headers
from pipeline.logs import SafeFormatter
from pipeline.models import Entry, SourceFacts
from pipeline.text import printable
from tests.conftest import CONFIG_2024, kipp
from tests.test_check_link import ENV, check

HOSTILE = "\x1b[2J\x1b]0;dimiliki\x07Inovasi\r[9/9] Dinas Palsu: pass\n[8/9] X\u202egnp.exe"


def clean(text: str) -> None:
    """No escape, carriage return, bidi control, nor a forged progress line."""
    assert not any(c in text for c in "\x1b\x07\r\x9b\u202e\u2066")
    assert not any(line.startswith(("[9/9] Dinas Palsu", "[8/9] X")) for line in text.splitlines())


def test_printable_removes_every_sequence_and_keeps_the_words() -> None:
    assert printable(HOSTILE) == "Inovasi [9/9] Dinas Palsu: pass [8/9] Xgnp.exe"
    assert printable("Dinas Kesehatan") == "Dinas Kesehatan"
    assert printable("baris 1\nbaris 2\r\n", keep_newlines=True) == "baris 1\nbaris 2\n"


def test_outside_names_are_one_clean_line_as_they_enter_a_model() -> None:
    facts = SourceFacts(kind="drive", name=HOSTILE)
    entry = Entry(entry_id="x", agency=HOSTILE, title=HOSTILE, row=2)
    for text in (facts.name, entry.agency, entry.title):
        clean(text)
        assert "\n" not in text


def test_a_content_disposition_name_is_cleaned_at_the_edge() -> None:
    header = {"content-disposition": 'attachment; filename="a\x1b[2Jb\u202e4pm.exe"'}
    assert web_headers.file_name(header, "https://x/y") == "ab4pm.exe"
    star = {"content-disposition": "attachment; filename*=UTF-8''a%1B%5D0%3Bt%07b%0D.mp4"}
    assert web_headers.file_name(star, "https://x/y") == "a b .mp4".replace(" ", "", 1)


def test_the_log_formatter_keeps_one_record_on_one_line() -> None:
    record = logging.LogRecord("pipeline.x", logging.WARNING, __file__, 1, "%s", (HOSTILE,), None)
    line = SafeFormatter("%(levelname)s %(message)s").format(record)
    clean(line)
    assert "\n" not in line
    try:
        raise ValueError(HOSTILE)
    except ValueError:
        record.exc_info = sys.exc_info()
    with_traceback = SafeFormatter("%(message)s").format(record)
    clean(with_traceback)
    assert "\n| Traceback (most recent call last):\n|   File " in with_traceback


@pytest.fixture
def yt(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> YouTubeServer:  # type: ignore[misc]
    for name in ENV:
        monkeypatch.delenv(name, raising=False)
    with YouTubeServer() as server:
        yield server


def test_check_link_prints_a_youtube_title_safely(yt: YouTubeServer) -> None:
    yt.add_video("AbCdEfGhIj0", title=HOSTILE, channel=HOSTILE)
    env = {"KIPP_YOUTUBE_API_KEY": "k", "KIPP_YOUTUBE_ENDPOINT": yt.endpoint}
    shown = check("https://youtu.be/AbCdEfGhIj0", env=env)
    clean(shown.output)
    assert "title: Inovasi [9/9] Dinas Palsu: pass [8/9] Xgnp.exe" in shown.output
    as_json = check("https://youtu.be/AbCdEfGhIj0", "--json", env=env)
    assert "\u202e" not in as_json.output
    assert json.loads(as_json.output)["facts"]["title"] == printable(HOSTILE)


def test_run_status_history_and_the_log_stay_clean(
    tmp_path: Path, make_media: Callable[[str], Path]
) -> None:
    """A registry whose agency and title cells hold the sequences, through `kipp run`,
    `status` and `history`, and OUT/.kipp/kipp.log."""
    shutil.copy(make_media("black_90"), tmp_path / "video.mp4")
    registry = tmp_path / "pendaftaran.csv"
    agency = "Dinas Kesehatan\u202e\n[9/9] Dinas Palsu: pass"
    registry.write_text(
        "Timestamp,Nama Instansi,Judul Inovasi,Jenis Inovasi,Link Video\n"
        f'31/05/2024 10:00:00,"{agency}","{HOSTILE}",Pelayanan Publik,video.mp4\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    common = ("--config", str(CONFIG_2024), "--registry", str(registry), "--out", str(out))
    for args in (
        ("run", *common),
        ("status", *common),
        ("history", "dinas-kesehatan-9-9-dinas-palsu-pass", *common),
    ):
        result = kipp(*args)
        assert result.returncode in (0, 1), result.stderr
        clean(result.stdout + result.stderr)
    clean((out / ".kipp" / "kipp.log").read_text("utf-8"))
    report = json.loads((out / "dinas-kesehatan-9-9-dinas-palsu-pass" / "report.json").read_text())
    assert report["agency"] == "Dinas Kesehatan [9/9] Dinas Palsu: pass"
