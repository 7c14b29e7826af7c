"""The one-pass analysis on real ffmpeg-generated media, and its log parsers."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from fixtures.media import build
from pipeline.config import Config, Tools, load_config
from pipeline.errors import AnalysisError
from pipeline.media.analyze import (
    analyze,
    build_command,
    decode_errors,
    parse_black,
    parse_frozen,
    parse_log,
    parse_loudness,
    parse_progress,
    parse_silent,
)
from pipeline.models import AudioStream, ProbeResult, VideoStream

ROOT = Path(__file__).resolve().parent.parent

# 20 s, 160x90 @ 10 fps, lossless so frozen frames are bit-identical:
#   video  0-3 s black | 3-9 s moving | 9-14 s one frame held (frozen) | 14-20 s moving
#   audio  0-6 s tone  | 6-11 s digital silence | 11-20 s tone
SIGNALS_CMD = [
    "ffmpeg", "-nostdin", "-v", "error", "-y",
    "-f", "lavfi", "-i", "color=black:s=160x90:r=10:d=3",
    "-f", "lavfi", "-i", "testsrc2=s=160x90:r=10:d=6",
    "-f", "lavfi", "-i", "testsrc2=s=160x90:r=10:d=0.1,loop=loop=49:size=1",
    "-f", "lavfi", "-i", "testsrc2=s=160x90:r=10:d=6",
    "-f", "lavfi", "-i", "sine=f=440:sample_rate=32000:d=6",
    "-f", "lavfi", "-i", "anullsrc=r=32000:cl=mono:d=5",
    "-f", "lavfi", "-i", "sine=f=440:sample_rate=32000:d=9",
    "-filter_complex",
    "[0:v][1:v][2:v][3:v]concat=n=4:v=1:a=0,format=yuv420p[v];"
    "[4:a][5:a][6:a]concat=n=3:v=0:a=1[a]",
    "-map", "[v]", "-map", "[a]", "-c:v", "libx264", "-preset", "ultrafast", "-qp", "0",
    "-c:a", "aac", "-b:a", "48k",
]  # fmt: skip


@pytest.fixture(scope="module")
def config() -> Config:
    return load_config(ROOT / "config" / "kipp-minut-2024.toml")


@pytest.fixture(scope="module")
def signals_mp4(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("media") / "signals.mp4"
    subprocess.run([*SIGNALS_CMD, str(out)], check=True, timeout=120)
    return out


def probe_of(path: Path) -> ProbeResult:
    """A ProbeResult straight from ffprobe (the probe stage is not under test here)."""
    raw = subprocess.run(
        ["ffprobe", "-v", "error", "-of", "json", "-show_format", "-show_streams", str(path)],
        check=True,
        capture_output=True,
        timeout=30,
    ).stdout
    data = json.loads(raw)
    video = audio = None
    for s in data["streams"]:
        if s["codec_type"] == "video" and video is None:
            video = VideoStream(
                codec=s["codec_name"],
                width=s["width"],
                height=s["height"],
                coded_width=s["width"],
                coded_height=s["height"],
            )
        elif s["codec_type"] == "audio" and audio is None:
            audio = AudioStream(codec=s["codec_name"])
    return ProbeResult(
        duration_s=float(data["format"]["duration"]),
        container="mp4",
        format_name=data["format"]["format_name"],
        video=video,
        audio=audio,
    )


def near(value: float, expected: float, tol: float = 0.35) -> bool:
    return abs(value - expected) <= tol


# ------------------------------------------------------------------- full pass
def test_signals_found_in_one_pass(signals_mp4: Path, config: Config, tmp_path: Path) -> None:
    a = analyze(signals_mp4, probe_of(signals_mp4), config, tmp_path)
    assert a.decode_ok, a.decode_errors
    assert a.decode_errors == ()
    assert a.decoded_s is not None and near(a.decoded_s, 20.0)
    assert len(a.black) == 1 and near(a.black[0].start_s, 0) and near(a.black[0].end_s, 3)
    # the black opening is also frozen; the held frame is the second freeze
    assert any(near(s.start_s, 9) and near(s.end_s, 14) for s in a.frozen), a.frozen
    assert len(a.silent) == 1, a.silent
    assert near(a.silent[0].start_s, 6) and near(a.silent[0].end_s, 11)
    assert a.loudness_lufs is not None and -40 < a.loudness_lufs < -5
    assert a.true_peak_db is not None and -30 < a.true_peak_db <= 1


def test_frames_named_by_milliseconds(signals_mp4: Path, config: Config, tmp_path: Path) -> None:
    a = analyze(signals_mp4, probe_of(signals_mp4), config, tmp_path)
    assert a.frames_dir == tmp_path / "frames"
    names = sorted(p.name for p in a.frames_dir.iterdir())
    times = [int(n.removesuffix(".jpg")) for n in names]
    assert all(len(n) == len("000012500.jpg") for n in names)
    assert times[0] == 0
    for mark in range(0, 20_000, 2_000):  # one frame in every 2 s window
        assert any(mark <= t < mark + 2_000 for t in times), (mark, times)
    assert 3_000 in times  # the cut from black to the test pattern is a scene change
    assert not list(tmp_path.glob("*.part"))
    assert 6 <= len(a.thumbnails) <= 12
    assert [t.at_s for t in a.thumbnails] == sorted(t.at_s for t in a.thumbnails)
    assert all(t.path.parent == tmp_path / "thumbs" and t.path.is_file() for t in a.thumbnails)


def test_rerun_replaces_frames(signals_mp4: Path, config: Config, tmp_path: Path) -> None:
    (tmp_path / "frames").mkdir()
    (tmp_path / "frames" / "999999999.jpg").write_bytes(b"stale")
    a = analyze(signals_mp4, probe_of(signals_mp4), config, tmp_path)
    assert a.frames_dir is not None and not (a.frames_dir / "999999999.jpg").exists()


def test_frames_at_most_1280_wide(config: Config, tmp_path: Path) -> None:
    src = tmp_path / "hd.mp4"
    subprocess.run(
        [
            "ffmpeg",
            "-nostdin",
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "testsrc2=s=1920x1080:r=2:d=3",
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            "-pix_fmt",
            "yuv420p",
            str(src),
        ],
        check=True,
        timeout=60,
    )
    a = analyze(src, probe_of(src), config, tmp_path / "work")
    assert a.frames_dir is not None
    first = sorted(a.frames_dir.iterdir())[0]
    size = subprocess.run(
        [
            "ffprobe",
            "-v",
            "error",
            "-of",
            "csv=p=0",
            "-show_entries",
            "stream=width,height",
            str(first),
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    assert size == "1280,720"


def test_valid_file_is_clean(config: Config, tmp_path: Path) -> None:
    path = build("valid_90")
    a = analyze(path, probe_of(path), config, tmp_path)
    assert a.decode_ok and a.decode_errors == ()
    assert a.decoded_s is not None and near(a.decoded_s, 90, 0.6)
    assert a.black == () and a.silent == ()


def test_truncated_mp4_fails_integrity(config: Config, tmp_path: Path) -> None:
    path = build("truncated_mp4")
    a = analyze(path, probe_of(path), config, tmp_path)
    assert not a.decode_ok
    assert 1 <= len(a.decode_errors) <= 6
    assert any("partial file" in e or "Invalid data" in e for e in a.decode_errors)
    assert not any("0x" in e.split("]")[0] for e in a.decode_errors)  # addresses stripped
    assert a.decoded_s is not None and a.decoded_s < 60
    assert a.frames_dir is not None and any(a.frames_dir.iterdir())  # what decoded is kept


def test_no_audio_stream(config: Config, tmp_path: Path) -> None:
    path = build("no_audio")
    a = analyze(path, probe_of(path), config, tmp_path)
    assert a.decode_ok
    assert a.silent == () and a.loudness_lufs is None and a.true_peak_db is None
    assert a.frames_dir is not None and any(a.frames_dir.iterdir())


def test_no_video_stream(config: Config, tmp_path: Path) -> None:
    path = build("audio_only")
    a = analyze(path, probe_of(path), config, tmp_path)
    assert a.decode_ok, a.decode_errors
    assert a.frames_dir is None and a.thumbnails == ()
    assert a.black == () and a.frozen == ()
    assert a.loudness_lufs is not None
    assert not any(tmp_path.iterdir())


def test_timeout_is_an_analysis_error(config: Config, tmp_path: Path) -> None:
    slow = config.model_copy(update={"tools": Tools(decode_timeout_s=0.001)})
    path = build("valid_90")
    with pytest.raises(AnalysisError) as info:
        analyze(path, probe_of(path), slow, tmp_path)
    assert info.value.key == "analyze.timeout"
    assert "tools.decode_timeout_s" in info.value.render("id")


def test_one_ffmpeg_process_with_every_filter(config: Config, tmp_path: Path) -> None:
    path = build("valid_90")
    cmd = build_command(path, probe_of(path), config, tmp_path / "f", tmp_path / "t")
    assert cmd[0] == "ffmpeg" and cmd.count("-i") == 1
    graph = cmd[cmd.index("-filter_complex") + 1]
    for name in ("blackdetect", "freezedetect", "silencedetect", "ebur128=", "select"):
        assert name in graph
    # ffmpeg-python writes a filter's options sorted by name: framelog=verbose:peak=true
    assert re.search(r"ebur128=[^;\[]*peak=true", graph), graph


# ---------------------------------------------------------------------- parsers
LOG = """\
[info] Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'x.mp4':
[Parsed_ebur128_10 @ 0x56424ca56cc0] [info] Summary:
  Integrated loudness:
    I:         -70.0 LUFS
  True peak:
    Peak:       -inf dBFS
[swscaler @ 0x5642] [swscaler @ 0x5643] [warning] deprecated pixel format used
[freezedetect @ 0x56424ce467c0] [info] lavfi.freezedetect.freeze_start: 0
[Parsed_blackdetect_1 @ 0x56424ce45b40] [info] black_start:0 black_end:3 black_duration:3
[freezedetect @ 0x56424ce467c0] [info] lavfi.freezedetect.freeze_duration: 3
[freezedetect @ 0x56424ce467c0] [info] lavfi.freezedetect.freeze_end: 3
[silencedetect @ 0x56424ce4d7c0] [info] silence_start: 4
[silencedetect @ 0x56424ce4d7c0] [info] silence_end: 8.00003 | silence_duration: 4.00003
[blackdetect @ 0x1] [info] black_start:17.5 black_end:20 black_duration:2.5
[aac @ 0x557aacca4e40] [error] Input buffer exhausted before END element found
[error] Error while decoding stream #0:1: Invalid data found when processing input
[freezedetect @ 0x56424ce467c0] [info] lavfi.freezedetect.freeze_start: 7.6
[silencedetect @ 0x56424ce4d7c0] [info] silence_start: -0.0213
[Parsed_ebur128_10 @ 0x56424ce4e280] [info] Summary:

  Integrated loudness:
    I:         -21.9 LUFS
    Threshold: -32.0 LUFS

  True peak:
    Peak:      -12.7 dBFS
"""


def test_parse_log_levels_and_continuations() -> None:
    lines = parse_log(LOG)
    assert lines[0].level == "info" and lines[0].context == ""
    assert lines[2].text == "Integrated loudness:" and "ebur128" in lines[2].context
    warn = next(ln for ln in lines if ln.level == "warning")
    assert warn.context == "swscaler @ 0x5643" and warn.text.startswith("deprecated")


def test_parse_detect_filters() -> None:
    lines = parse_log(LOG)
    assert [(s.start_s, s.end_s) for s in parse_black(lines)] == [(0, 3), (17.5, 20)]
    assert [(s.start_s, s.end_s) for s in parse_frozen(lines, 11.0)] == [(0, 3), (7.6, 11)]
    assert [(s.start_s, s.end_s) for s in parse_frozen(lines, None)] == [(0, 3)]
    assert [(s.start_s, s.end_s) for s in parse_silent(lines, 12.0)] == [
        (4, 8.00003), (0.0, 12.0)]  # fmt: skip


def test_parse_loudness_takes_the_last_summary() -> None:
    assert parse_loudness(parse_log(LOG)) == (-21.9, -12.7)
    first_only = LOG.split("[silencedetect @ 0x56424ce4d7c0] [info] silence_start: -")[0]
    assert parse_loudness(parse_log(first_only)) == (None, None)
    assert parse_loudness([]) == (None, None)


def test_decode_errors_keep_context_without_address() -> None:
    assert decode_errors(parse_log(LOG)) == [
        "[aac] Input buffer exhausted before END element found",
        "Error while decoding stream #0:1: Invalid data found when processing input",
    ]


def test_parse_progress() -> None:
    text = "frame=1\nout_time_us=33333\nprogress=continue\nout_time_us=11008000\nprogress=end\n"
    assert parse_progress(text) == 11.008
    assert parse_progress("") is None


def test_awkward_file_and_folder_names(config: Config, tmp_path: Path) -> None:
    folder = tmp_path / "kerja 100% #1"
    folder.mkdir()
    src = folder / "-video akhir 50% #2.mp4"
    shutil.copy(build("valid_90"), src)
    a = analyze(src, probe_of(src), config, folder / "work 10%")
    assert a.decode_ok, a.decode_errors
    assert a.frames_dir is not None and (a.frames_dir / "000000000.jpg").is_file()


# ------------------------------------------------------- variable frame rate (issue 22)
# What ffmpeg 5.1 prints for a screen recording (fixtures/media_vfr.py: vfr_screen) with
# the pass's -loglevel repeat+level+info; 7.1's libavformat logs the same complaint from
# compute_muxer_pkt_fields, and its CLI names the muxer "out#0/null" in its own lines.
VFR_LOG = """\
[null @ 0x55d21da5a4c0] [error] Application provided invalid, non monotonically increasing dts to muxer in stream 0: 40 >= 40
[out#0/null @ 0x55d21da5a4c0] [error] Application provided invalid, non monotonically increasing dts to muxer in stream 0: 41 >= 41
[image2 @ 0x55d21da5b000] [error] pts (12) < dts (13) in stream 0
[h264 @ 0x55d21da5c000] [error] error while decoding MB 3 2, bytestream -5
[mov,mp4,m4a,3gp,3g2,mj2 @ 0x55d21da5d000] [error] stream 1, offset 0x2a3f: partial file
"""  # noqa: E501


def test_output_muxer_timestamp_complaints_are_not_decode_errors() -> None:
    assert decode_errors(parse_log(VFR_LOG)) == [
        "[h264] error while decoding MB 3 2, bytestream -5",
        "[mov,mp4,m4a,3gp,3g2,mj2] stream 1, offset 0x2a3f: partial file",
    ]


@pytest.mark.parametrize("name", ["vfr_screen", "vfr_phone", "vfr_whatsapp", "vfr_capcut"])
def test_variable_frame_rate_recordings_are_whole(
    name: str, config: Config, tmp_path: Path
) -> None:
    """Every frame of a VFR recording decodes: integrity passes (the screen recording
    and the CapCut-like join make ffmpeg 5.1's null muxer complain; not an error)."""
    path = build(name)
    a = analyze(path, probe_of(path), config, tmp_path)
    assert a.decode_ok, a.decode_errors
    assert a.decode_errors == ()
    assert a.decoded_s is not None and near(a.decoded_s, 90, 0.6)


def test_cut_off_screen_recording_still_fails(config: Config, tmp_path: Path) -> None:
    """The same screen recording cut in half (its index at the front, so it still
    probes) fails integrity: the judgement ignores muxer complaints only."""
    whole = tmp_path / "whole.mp4"
    subprocess.run(
        ["ffmpeg", "-nostdin", "-v", "error", "-i", str(build("vfr_screen")), "-c", "copy",
         "-movflags", "+faststart", str(whole)],
        check=True, timeout=60,
    )  # fmt: skip
    cut = tmp_path / "cut.mp4"
    data = whole.read_bytes()
    cut.write_bytes(data[: len(data) // 2])
    a = analyze(cut, probe_of(cut), config, tmp_path / "work")
    assert not a.decode_ok
    assert a.decode_errors and not any("monotonically" in e for e in a.decode_errors)
    assert a.decoded_s is not None and a.decoded_s < 80
