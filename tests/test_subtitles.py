"""Subtitle files beside a video (SRT, WebVTT, ASS/SSA), read by pysubs2, and found by
the local fetch; the cue times and texts that become evidence."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest

from pipeline.config import Config
from pipeline.content import Job, Snippet
from pipeline.content.subtitles import Subtitles, parse_text, read_sidecar
from pipeline.errors import ContentError
from pipeline.fetch import local
from tests.content_support import entry, probe

SRT = (
    "\ufeff1\r\n00:00:01,500 --> 00:00:04,000\r\n<i>Masalah</i> layanan\r\nadministrasi\r\n\r\n"
    "2\r\n00:01:02,250 --> 00:01:05,000\r\n<b>Dinas Sosial</b>\r\n"
)
VTT = """WEBVTT

NOTE made by hand

intro
00:00:03.000 --> 00:00:06.000 align:start position:10%
Petunjuk teknis aplikasi

01:10.500 --> 01:12.000
<v Narator>Jenis inovasi:</v>
tata kelola
"""
ASS = r"""[Script Info]
ScriptType: v4.00+
PlayResX: 384
PlayResY: 288

[V4+ Styles]
Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding
Style: Default,Arial,20,&H00FFFFFF,&H000000FF,&H00000000,&H00000000,0,0,0,0,100,100,0,0,1,2,0,2,10,10,10,1

[Events]
Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text
Dialogue: 0,0:00:12.00,0:00:15.50,Default,,0,0,0,,{\an8}Masalah:\Nantrean panjang
Comment: 0,0:00:20.00,0:00:22.00,Default,,0,0,0,,catatan penyunting, bukan teks layar
Dialogue: 0,0:01:10.25,0:01:14.00,Default,,0,0,0,,{\b1}Petunjuk teknis{\b0} aplikasi
"""  # noqa: E501  (ASS lines are as long as the format makes them)


def test_srt_cues_with_tags_bom_and_windows_line_ends(tmp_path: Path) -> None:
    path = tmp_path / "video.srt"
    path.write_text(SRT, encoding="utf-8")
    assert read_sidecar(path) == [
        Snippet("subtitle", 1.5, 4.0, "Masalah layanan administrasi"),
        Snippet("subtitle", 62.25, 65.0, "Dinas Sosial"),
    ]


def test_vtt_cues_with_settings_identifiers_and_short_times(tmp_path: Path) -> None:
    path = tmp_path / "video.vtt"
    path.write_text(VTT, encoding="utf-8")
    assert read_sidecar(path) == [
        Snippet("subtitle", 3.0, 6.0, "Petunjuk teknis aplikasi"),
        Snippet("subtitle", 70.5, 72.0, "Jenis inovasi: tata kelola"),
    ]


@pytest.mark.parametrize("suffix", [".ass", ".ssa"])
def test_ass_dialogue_without_override_tags_or_comments(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"video{suffix}"
    path.write_text(ASS, encoding="utf-8")
    assert read_sidecar(path) == [
        Snippet("subtitle", 12.0, 15.5, "Masalah: antrean panjang"),
        Snippet("subtitle", 70.25, 74.0, "Petunjuk teknis aplikasi"),
    ]


def test_an_empty_document_has_no_cues_and_garbage_is_a_content_error(tmp_path: Path) -> None:
    assert parse_text("\r\n\n") == []
    path = tmp_path / "video.srt"
    path.write_bytes(b"\x00\x01 not subtitles")
    with pytest.raises(ContentError) as info:
        read_sidecar(path)
    assert info.value.key == "content.sidecar_unreadable"
    assert info.value.render("en") == (
        "Subtitle file video.srt cannot be read: send subtitles as SRT, VTT, ASS or SSA "
        "(UTF-8). (No suitable formats)"
    )
    assert str(tmp_path) not in info.value.render("id")


def test_every_kind_beside_a_local_video_becomes_evidence(
    config: Config, make_media, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    video = tmp_path / "inovasi.mp4"
    shutil.copy(make_media("valid_90"), video)
    (tmp_path / "inovasi.id.srt").write_text(SRT, encoding="utf-8")
    (tmp_path / "inovasi.vtt").write_text(VTT, encoding="utf-8")
    (tmp_path / "inovasi.ass").write_text(ASS, encoding="utf-8")
    (tmp_path / "inovasi.ssa").write_bytes(b"\x00\x01 broken")
    (tmp_path / "inovasi.txt").write_text("not a subtitle", encoding="utf-8")
    fetched = local.fetch(str(video), base=tmp_path)
    assert [p.name for p in fetched.sidecars] == [
        "inovasi.ass", "inovasi.id.srt", "inovasi.ssa", "inovasi.vtt",
    ]  # fmt: skip
    job = Job(entry(config, "Dinas Sosial"), fetched, probe(video), config, tmp_path / "work")
    with caplog.at_level(logging.WARNING):
        cues = Subtitles().snippets(job)
    assert [(c.start_s, c.text) for c in cues] == [
        (1.5, "Masalah layanan administrasi"),
        (3.0, "Petunjuk teknis aplikasi"),
        (12.0, "Masalah: antrean panjang"),
        (62.25, "Dinas Sosial"),
        (70.25, "Petunjuk teknis aplikasi"),
        (70.5, "Jenis inovasi: tata kelola"),
    ]
    assert any("inovasi.ssa skipped" in r.getMessage() for r in caplog.records)
