from __future__ import annotations

import subprocess

import pytest

from pipeline.errors import NotAVideo, ToolMissing
from pipeline.media.playable import container_of
from pipeline.media.probe import probe


@pytest.mark.parametrize(
    ("sample", "container", "codec", "size", "duration"),
    [
        ("valid_90", "mp4", "h264", (96, 54), 90.0),
        ("exact_60", "mp4", "h264", (96, 54), 60.0),
        ("hevc_mkv", "mkv", "hevc", (96, 54), 90.032),
        ("vp9_webm", "webm", "vp9", (96, 54), 90.008),
        ("portrait_rotated", "mp4", "h264", (54, 96), 90.0),
    ],
)
def test_probe_facts(make_media, sample, container, codec, size, duration):
    p = probe(make_media(sample))
    assert p.container == container
    assert p.video is not None and p.video.codec == codec
    assert (p.video.width, p.video.height) == size
    assert round(p.duration_s, 3) == duration
    assert p.stream_counts["video"] == 1


def test_rotation_swaps_display_size(make_media):
    v = probe(make_media("portrait_rotated")).video
    assert v is not None
    assert (v.coded_width, v.coded_height, v.rotation) == (96, 54, 90)


def test_vfr_and_audio(make_media):
    p = probe(make_media("vfr"))
    assert p.video is not None and p.video.vfr and p.video.r_fps != p.video.fps
    assert p.audio is not None and p.audio.codec == "aac" and p.audio.sample_rate == 32000
    assert not probe(make_media("valid_90")).video.vfr
    assert probe(make_media("no_audio")).audio is None


def test_chapters_and_subtitle_streams(tmp_path, make_media):
    meta = tmp_path / "chapters.txt"
    meta.write_text(
        ";FFMETADATA1\n[CHAPTER]\nTIMEBASE=1/1000\nSTART=0\nEND=30000\ntitle=Masalah\n"
        "[CHAPTER]\nTIMEBASE=1/1000\nSTART=30000\nEND=90000\ntitle=Petunjuk Teknis\n",
        "utf-8",
    )
    srt = tmp_path / "s.srt"
    srt.write_text("1\n00:00:01,000 --> 00:00:04,000\nDinas Kesehatan\n", "utf-8")
    out = tmp_path / "with_chapters.mp4"
    subprocess.run(
        [
            "ffmpeg",
            "-v",
            "error",
            "-i",
            str(make_media("valid_90")),
            "-i",
            str(meta),
            "-i",
            str(srt),
            "-map",
            "0",
            "-map",
            "2",
            "-map_metadata",
            "1",
            "-c",
            "copy",
            "-c:s",
            "mov_text",
            "-metadata:s:s:0",
            "language=ind",
            str(out),
        ],
        check=True,
    )
    p = probe(out)
    assert [(c.title, c.start_s, c.end_s) for c in p.chapters] == [
        ("Masalah", 0.0, 30.0),
        ("Petunjuk Teknis", 30.0, 90.0),
    ]
    assert [(s.codec, s.language) for s in p.subtitles] == [("mov_text", "ind")]
    # MP4 chapters add a data stream (bin_data): streams are counted by type
    assert p.stream_counts == {"video": 1, "audio": 1, "subtitle": 1, "data": 1}


@pytest.mark.parametrize(
    ("sample", "key", "words"),
    [
        ("text_as_mp4", "probe.text", "berisi teks, bukan video"),
        ("html_as_mp4", "probe.html", "halaman web (HTML)"),
        ("pdf_as_mp4", "probe.pdf", "dokumen PDF"),
        ("zero_bytes", "probe.empty", "kosong (0 byte)"),
        ("truncated_noindex", "probe.no_index", "moov atom not found"),
        ("audio_only", "probe.audio_only", "hanya berisi audio (aac)"),
        ("still_image", "probe.still_image", "gambar diam (png)"),
    ],
)
def test_not_a_video_says_what_it_is(make_media, sample, key, words):
    path = make_media(sample)
    with pytest.raises(NotAVideo) as exc:
        probe(path)
    assert exc.value.key == key
    text = exc.value.render("id")
    assert words in text and path.name in text
    assert "Traceback" not in text
    assert exc.value.render("en") != text


def test_truncated_mp4_with_front_index_still_probes(make_media):
    # GOTCHAS: probing passes; only the decode pass finds the damage
    assert round(probe(make_media("truncated_mp4")).duration_s) == 90


def test_missing_ffprobe_names_the_install_command(make_media, monkeypatch):
    monkeypatch.setenv("FFPROBE", "/nonexistent/ffprobe")
    with pytest.raises(ToolMissing, match="apt-get install -y --no-install-recommends ffmpeg"):
        probe(make_media("valid_90"))


def test_container_names_come_from_the_bytes():
    mp4_family = "mov,mp4,m4a,3gp,3g2,mj2"
    assert container_of(mp4_family, brand="qt  ") == "mov"
    assert container_of(mp4_family, brand=None) == "mov"  # no ftyp: old QuickTime
    assert container_of(mp4_family, brand="isom") == "mp4"
    assert container_of(mp4_family, brand="3gp4") == "3gp"
    webm_head = bytes.fromhex("1a45dfa39f4286810142f7810142f2810442f381084282847765626d")
    mkv_head = webm_head.replace(bytes.fromhex("847765626d"), b"\x88matroska")
    assert container_of("matroska,webm", webm_head) == "webm"
    assert container_of("matroska,webm", mkv_head) == "mkv"
    assert container_of("avi") == "avi"
    assert container_of("asf") == "wmv"


def test_a_name_that_lies_does_not_decide_the_container(make_media, tmp_path):
    """An MKV named .mp4 is Matroska; a QuickTime file named .mp4 is QuickTime."""
    lying = tmp_path / "video.mp4"
    lying.write_bytes(make_media("mkv_90").read_bytes())
    assert probe(lying).container == "mkv"
    webm_named_mkv = tmp_path / "video.mkv"
    webm_named_mkv.write_bytes(make_media("vp9_webm").read_bytes())
    assert probe(webm_named_mkv).container == "webm"
    mov_named_mp4 = tmp_path / "kamera.mp4"
    mov_named_mp4.write_bytes(make_media("vfr_phone").read_bytes())
    assert probe(mov_named_mp4).container == "mov"
