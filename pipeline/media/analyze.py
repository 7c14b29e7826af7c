"""Analyze stage: ONE ffmpeg pass per video yields everything frame-level.

    analyze(path, probe, config, workdir) -> Analysis

The pass decodes the first video stream that is not cover art (``0:V:0``) and the
first audio stream once, and feeds them to

    video -> split -> blackdetect, freezedetect                   -> null
                   -> select(every 2 s + scene changes), <=1280 px -> frames/<ms:09d>.jpg
                                    -> select(~12 spread), 320 px -> thumbs/<ms:09d>.jpg
                   -> fps=1, 64x64 grey                           -> prints/frames.gray
    audio -> silencedetect, ebur128 (integrated LUFS, true peak)   -> null
          -> 11025 Hz mono                                         -> prints/sound.fp

The two ``prints`` outputs are the video's fingerprint (``pipeline.media.fingerprint``).

Frames are named by their media time in milliseconds (``000012500.jpg`` = 12.5 s);
the content stage reads them for on-screen text instead of decoding again.

ffmpeg runs with ``-loglevel repeat+level+info`` so every log line carries its level:
integrity needs exit 0 AND no decoding error: a line at level error or above (a
truncated MP4 decodes with exit 0 while printing "partial file" errors), except the
complaints of kipp's own outputs about the timestamps ffmpeg hands them
(``muxer_complaint``): a variable-frame-rate file (a screen recording's still opening
then 60 fps bursts) makes ffmpeg guess a low rate, frames then share a tick and the
null muxer prints "non monotonically increasing dts" for frames that all decoded.  The
detect filters only report through the log, so each has one
parser below (ffprobe cannot give these); ``-progress`` on stdout says how far the
decoder got.
"""

from __future__ import annotations

import errno
import logging
import os
import re
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ffmpeg

from pipeline import i18n
from pipeline.config import Config
from pipeline.errors import AnalysisError, DiskError
from pipeline.fsutil import disk_fault, list_frames, writing
from pipeline.media import fingerprint
from pipeline.media.decode_progress import DecodeProgress, ProgressCallback
from pipeline.models import Analysis, Frame, ProbeResult, Segment
from pipeline.tools import BAD_ANSWER, MEDIA_INPUT_OPTIONS, ToolTimeout, excerpt, run

log = logging.getLogger(__name__)

MAX_ERROR_LINES = 5
FRAME_EVERY_S = 2.0  # one frame every 2 s of media time ...
SCENE_THRESHOLD = 0.4  # ... plus one at each scene change (select's scene score)
SCENE_MIN_GAP_S = 0.5  # but never two frames closer than this
FRAME_MAX_WIDTH = 1280
THUMB_COUNT = 12  # contact sheet size (at most), spread over the duration
MAX_FRAMES = 150  # sampled frames per entry at most (5 minutes at FRAME_EVERY_S); a longer
# span spreads them wider, and scene changes never push the count past it
DECODE_MARGIN_S = 30.0  # a file longer than duration.max_s is decoded this far past the limit
THUMB_WIDTH = 320
BLACK_PIXEL_THRESHOLD = 0.10  # blackdetect pix_th: luma below 10 % counts as black
FREEZE_NOISE = "-60dB"  # freezedetect: frames closer than this are "the same"
SILENCE_NOISE = "-50dB"  # silencedetect: quieter than this is silence
ERROR_LEVELS = frozenset({"error", "fatal", "panic"})
# kipp's own outputs in the pass (build_command): the detect filters' null sink and the
# frames' image2 writer.  Both are AVFMT_NOTIMESTAMPS muxers: libavformat's
# compute_muxer_pkt_fields logs its timestamp complaint at error level and the packet is
# written anyway (ffmpeg 5.1 and 7.1 alike; the CLI's own "Non-monotonous DTS" fixer in
# fftools/ffmpeg_mux.c skips such muxers, and only warns elsewhere).
OUTPUT_MUXERS = frozenset({"null", "image2"})
_TIMESTAMP_COMPLAINT = re.compile(
    r"non monotonically increasing dts|non-monoton\w* dts|invalid dts|pts \(?-?\d+\)? < dts",
    re.IGNORECASE,
)

i18n.register(
    {
        "analyze.timeout": {
            "id": "Dekode penuh {path} melebihi {timeout} detik: naikkan "
            "tools.decode_timeout_s di konfigurasi, atau coba lagi dengan 'kipp rerun' "
            "(selama berkas dan konfigurasi sama, kipp tidak mendekodenya lagi).",
            "en": "Decoding {path} took longer than {timeout} s: raise "
            "tools.decode_timeout_s in the config, or try again with 'kipp rerun' (while "
            "the file and config stay the same, kipp does not decode it again).",
        },
        "analyze.workdir": {
            "id": "Folder kerja {path} tidak dapat ditulis ({reason}): periksa ruang disk "
            "dan izin folder, lalu ulangi.",
            "en": "The work folder {path} cannot be written ({reason}): check free disk "
            "space and folder permissions, then try again.",
        },
    }
)


# ----------------------------------------------------------------------- command
# Built with ffmpeg-python's public graph API (it escapes each filter argument for the
# filtergraph); the compiled argument list runs through pipeline.tools.run, with its
# timeout, never through ffmpeg-python's own runner (which has none).
def decode_limit(probe: ProbeResult, config: Config) -> float | None:
    """Seconds of media to decode: all (None) unless the probed duration already breaks
    ``duration.max_s``; then the limit plus DECODE_MARGIN_S, so integrity and the contact
    sheet still come from real frames while a 10-hour file costs about a 2-minute one."""
    max_s = config.duration.max_s
    if max_s is None or probe.duration_s <= max_s:
        return None
    return max_s + DECODE_MARGIN_S


def frame_step(span_s: float) -> float:
    """Seconds between sampled frames over ``span_s`` of media: FRAME_EVERY_S, wider
    when that would give more than MAX_FRAMES."""
    return max(FRAME_EVERY_S, span_s / MAX_FRAMES)


def frame_select(
    video: ffmpeg.nodes.FilterableStream, step: float = FRAME_EVERY_S
) -> ffmpeg.nodes.FilterableStream:
    """The frames contract, shared with content.frames.sample: one frame every ``step``
    s (FRAME_EVERY_S) of media time plus one at each scene change (never two closer
    than ``SCENE_MIN_GAP_S``), at most MAX_FRAMES, at most ``FRAME_MAX_WIDTH`` px wide,
    timestamps in ms."""
    every = f"gte(floor(t/{step:g})-floor(prev_selected_t/{step:g}),1)"
    scene = f"gt(scene,{SCENE_THRESHOLD:g})*gte(t-prev_selected_t,{SCENE_MIN_GAP_S:g})"
    cap = f"lt(selected_n,{MAX_FRAMES})"
    return (
        video.filter("select", f"(isnan(prev_selected_t)+{every}+{scene})*{cap}")
        .filter("scale", f"min(iw,{FRAME_MAX_WIDTH})", -2)
        .filter("settb", "1/1000")
    )


def frames_output(frames: ffmpeg.nodes.FilterableStream, folder: Path, quality: int) -> Any:
    """JPEGs named by their media time in ms (``000012500.jpg`` = 12.5 s)."""
    pattern = str(folder.resolve()).replace("%", "%%") + "/%09d.jpg"
    return frames.output(
        pattern, f="image2", fps_mode="passthrough", enc_time_base="1/1000", frame_pts=1,
        **{"q:v": quality},
    )  # fmt: skip


def source(path: Path, **options: Any) -> ffmpeg.nodes.FilterableStream:
    """``path`` as ffmpeg's input, as ``file:`` so it is never read as an option or
    another protocol; ``options`` go before ``-i`` (``None`` = a flag)."""
    guard = MEDIA_INPUT_OPTIONS  # this one file only (pipeline.tools)
    return ffmpeg.input(
        f"file:{path.resolve()}", nostdin=None, hide_banner=None, **guard, **options
    )


def build_command(
    path: Path,
    probe: ProbeResult,
    config: Config,
    frames_dir: Path,
    thumbs_dir: Path,
    prints_dir: Path | None = None,
) -> list[str]:
    """The one ffmpeg pass (see module doc) as an argument list: detect filters to a null
    output first, then the frames and thumbnails folders, then the fingerprint's files
    into ``prints_dir`` (none when None)."""
    limit_s = decode_limit(probe, config)
    limit = {"t": f"{limit_s:g}"} if limit_s is not None else {}  # the decoder stops there
    inp = source(path, nostats=None, loglevel="repeat+level+info", progress="pipe:1", **limit)
    sig = config.signals
    nulls: list[Any] = []
    files: list[Any] = []
    if probe.video is not None:
        span = min(probe.duration_s, limit_s) if limit_s is not None else probe.duration_s
        step = frame_step(span)
        # at most THUMB_COUNT, picked from the sampled frames: a gap a hair under span/12
        thumb_gap = max(step, span / THUMB_COUNT) - 0.05
        video = inp["V:0"].split()
        if prints_dir is not None:
            files.append(fingerprint.picture_output(video[2], prints_dir))
        nulls.append(
            video[0]
            .filter("blackdetect", d=f"{sig.black.min_s:g}", pix_th=f"{BLACK_PIXEL_THRESHOLD:g}")
            .filter("freezedetect", n=FREEZE_NOISE, d=f"{sig.frozen.min_s:g}")
        )
        frames = frame_select(video[1], step).split()
        thumbs = (
            frames[1]
            .filter("select", f"isnan(prev_selected_t)+gte(t-prev_selected_t,{thumb_gap:.3f})")
            .filter("scale", THUMB_WIDTH, -2)
        )
        files += [frames_output(frames[0], frames_dir, 3), frames_output(thumbs, thumbs_dir, 5)]
    if probe.audio is not None:
        audio = inp["a:0"]
        if prints_dir is not None and fingerprint.sound_supported():
            both = audio.asplit()
            audio = both[0]
            files.append(fingerprint.sound_output(both[1], prints_dir))
        nulls.append(
            audio.filter("silencedetect", n=SILENCE_NOISE, d=f"{sig.silent.min_s:g}").filter(
                "ebur128", peak="true", framelog="verbose"
            )
        )
    if not nulls:  # neither stream known: plain decode of whatever is there
        return list(ffmpeg.output(inp, "-", f="null", map="0").compile())
    return list(ffmpeg.merge_outputs(ffmpeg.output(*nulls, "-", f="null"), *files).compile())


# ------------------------------------------------------------------------ parsing
@dataclass(frozen=True)
class LogLine:
    """One line of ffmpeg's stderr, split into its level, filter context and text."""

    level: str  # info, warning, error, ... ("" when ffmpeg printed none)
    context: str  # e.g. "Parsed_blackdetect_1 @ 0x55d0" or ""
    text: str


_LINE = re.compile(r"^(?:\[(?P<ctx>[^\]]+ @ [^\]]+)\] )*(?:\[(?P<level>[a-z]+)\] )?(?P<text>.*)$")
_LEVELS = frozenset(
    {"quiet", "panic", "fatal", "error", "warning", "info", "verbose", "debug", "trace"}
)


def parse_log(stderr: str) -> list[LogLine]:
    """Split ``-loglevel level+info`` stderr into lines with their level.

    A line with no level tag continues the message before it (ebur128's summary
    spans several lines) and inherits its level and context."""
    lines: list[LogLine] = []
    level, context = "", ""
    for raw in stderr.splitlines():
        if not raw.strip():
            continue
        m = _LINE.match(raw)
        assert m is not None  # the pattern matches any line
        if m["level"] in _LEVELS:
            level, context = m["level"], m["ctx"] or ""
            lines.append(LogLine(level, context, m["text"].strip()))
        else:
            lines.append(LogLine(level, context, raw.strip()))
    return lines


_ADDRESS = re.compile(r" @ 0x[0-9a-f]+")


def muxer_complaint(line: LogLine) -> bool:
    """An output muxer of kipp's pass (OUTPUT_MUXERS) complaining about the timestamps
    ffmpeg gave it (``[null @ 0x..] Application provided invalid, non monotonically
    increasing dts to muxer in stream 0: 40 >= 40``): about ffmpeg's guessed frame rate
    for a variable-frame-rate file, never about decoding it."""
    muxer = line.context.split(" @ ", 1)[0].rsplit("/", 1)[-1]  # "null", "out#0/null"
    return muxer in OUTPUT_MUXERS and _TIMESTAMP_COMPLAINT.search(line.text) is not None


def decode_errors(lines: Iterable[LogLine]) -> list[str]:
    """Every line at level error or above, as ``[context] text`` without addresses,
    except the output muxers' timestamp complaints (``muxer_complaint``)."""
    out = []
    for ln in lines:
        if ln.level in ERROR_LEVELS and not muxer_complaint(ln):
            ctx = _ADDRESS.sub("", ln.context)
            out.append(f"[{ctx}] {ln.text}" if ctx else ln.text)
    return out


def _of(lines: Iterable[LogLine], filter_name: str) -> list[str]:
    return [ln.text for ln in lines if ln.level == "info" and filter_name in ln.context]


_NUM = r"(-?\d+(?:\.\d+)?(?:e[-+]?\d+)?)"
_BLACK = re.compile(rf"black_start:\s*{_NUM}\s+black_end:\s*{_NUM}")


def parse_black(lines: Sequence[LogLine]) -> tuple[Segment, ...]:
    """blackdetect prints ``black_start:0 black_end:3 black_duration:3`` per segment."""
    segs = []
    for text in _of(lines, "blackdetect"):
        m = _BLACK.search(text)
        if m:
            segs.append(Segment(start_s=float(m[1]), end_s=float(m[2])))
    return tuple(segs)


def _pairs(events: list[tuple[str, float]], end_s: float | None) -> tuple[Segment, ...]:
    """Pair start/end events; a start never closed runs to ``end_s``."""
    segs: list[Segment] = []
    start: float | None = None
    for kind, t in events:
        if kind == "start":
            start = max(t, 0.0) if start is None else start  # audio priming: -0.02 s
        elif start is not None:
            segs.append(Segment(start_s=start, end_s=max(t, start)))
            start = None
    if start is not None and end_s is not None and end_s > start:
        segs.append(Segment(start_s=start, end_s=end_s))
    return tuple(segs)


_FREEZE = re.compile(rf"freeze_(start|end):\s*{_NUM}")


def parse_frozen(lines: Sequence[LogLine], end_s: float | None) -> tuple[Segment, ...]:
    """freezedetect prints ``lavfi.freezedetect.freeze_start: 7.6`` and ``..._end: 9``;
    a freeze lasting to the end of the video gets no end line."""
    events = [(m[1], float(m[2])) for t in _of(lines, "freezedetect") if (m := _FREEZE.search(t))]
    return _pairs(events, end_s)


_SILENCE = re.compile(rf"silence_(start|end):\s*{_NUM}")


def parse_silent(lines: Sequence[LogLine], end_s: float | None) -> tuple[Segment, ...]:
    """silencedetect prints ``silence_start: 4`` and ``silence_end: 8 | silence_duration: 4``."""
    events = [(m[1], float(m[2])) for t in _of(lines, "silencedetect") if (m := _SILENCE.search(t))]
    return _pairs(events, end_s)


_LUFS = re.compile(r"^I:\s*(-?\d+(?:\.\d+)?|-inf)\s*LUFS")
_PEAK = re.compile(r"^Peak:\s*(-?\d+(?:\.\d+)?|-?inf)\s*dBFS")


def parse_loudness(lines: Sequence[LogLine]) -> tuple[float | None, float | None]:
    """ebur128's last summary: (integrated LUFS, true peak dBFS).

    ffmpeg may configure the graph twice and print an empty summary first, so the
    last one wins.  Silence (-70 LUFS gate, -inf peak) gives None for that value."""
    summary: list[str] = []
    for ln in lines:
        if "ebur128" in ln.context and ln.level == "info":
            if ln.text.startswith("Summary:"):
                summary = []
            summary.append(ln.text)
    lufs = peak = None
    for text in summary:
        if m := _LUFS.match(text):
            lufs = None if "inf" in m[1] or float(m[1]) <= -70.0 else float(m[1])
        elif m := _PEAK.match(text):
            peak = None if "inf" in m[1] else float(m[1])
    return lufs, peak


def _finished(stdout: str) -> bool:
    """``-progress`` ends every run that reached its end with ``progress=end``."""
    return re.search(r"^progress=end$", stdout, flags=re.MULTILINE) is not None


def parse_progress(stdout: str) -> float | None:
    """The last ``out_time_us`` of ``-progress``: media time the decoder reached."""
    values = re.findall(r"^out_time_us=(\d+)$", stdout, flags=re.MULTILINE)
    return int(values[-1]) / 1e6 if values else None


# ------------------------------------------------------------------------- stage
def _fresh_dirs(workdir: Path) -> tuple[Path, Path, Path]:
    frames, thumbs = workdir / "frames.part", workdir / "thumbs.part"
    prints = workdir / "prints.part"  # the fingerprint's files, read once the pass ends
    try:
        for folder in (frames, thumbs, prints):
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
    except OSError as exc:
        raise disk_fault(exc, workdir) or AnalysisError(
            "analyze.workdir", path=str(workdir), reason=exc.strerror
        ) from exc
    return frames, thumbs, prints


def _drop(*parts: Path) -> None:
    for part in parts:
        shutil.rmtree(part, ignore_errors=True)


def _publish(part: Path) -> Path:
    """frames.part -> frames, replacing an earlier run's folder."""
    final = part.with_name(part.name.removesuffix(".part"))
    with writing(part.parent):
        shutil.rmtree(final, ignore_errors=True)
        os.replace(part, final)
    return final


_DISK_ERRNOS = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS)


def _disk_trouble(errors: Sequence[str], workdir: Path) -> DiskError | None:
    """ffmpeg could not write the frames (its error names the system's reason): kipp's
    disk, not a damaged video."""
    for code in _DISK_ERRNOS:
        reason = os.strerror(code)
        if any(reason in line for line in errors):
            return DiskError(workdir, full=code != errno.EROFS, reason=reason)
    return None


def analyze(
    path: Path,
    probe: ProbeResult,
    config: Config,
    workdir: Path,
    on_progress: ProgressCallback | None = None,
) -> Analysis:
    """The analysis pass: one full decode of ``path`` (ffmpeg, ``config.tools``'s
    decode timeout) that checks integrity and measures the quality signals.
    ``on_progress(share)`` hears how far the decode got while it runs (0.0-1.0 of the
    duration, from ffmpeg's ``-progress``).

    Returns:
        Analysis: ``decode_ok`` (exit 0 and no ``-v error`` output), the first decode
        errors, black / frozen / silent segments (seconds), loudness (LUFS) and true
        peak (dBFS), the sampled frames in ``workdir`` (``<ms:09d>.jpg``) and thumbnails,
        and the video's fingerprint (``pipeline.media.fingerprint``).

    Raises:
        AnalysisError: ffmpeg timed out or could not run.  ToolMissing: no ffmpeg.
    """
    timeout = config.tools.decode_timeout_s
    frames_part, thumbs_part, prints_part = _fresh_dirs(workdir)
    reader = DecodeProgress(probe.duration_s, on_progress).feed if on_progress else None
    try:
        command = build_command(path, probe, config, frames_part, thumbs_part, prints_part)
        result = run(command, timeout=timeout, on_stdout=reader)
    except ToolTimeout as exc:
        _drop(frames_part, thumbs_part, prints_part)
        raise AnalysisError("analyze.timeout", path=path.name, timeout=f"{timeout:g}") from exc
    progress = result.stdout.decode("utf-8", "replace")
    if result.returncode == 0 and not _finished(progress):  # not ffmpeg's answer
        _drop(frames_part, thumbs_part, prints_part)
        log.warning("ffmpeg gave no progress report for %s: %s", path.name, excerpt(result.stdout))
        raise AnalysisError(BAD_ANSWER, tool="ffmpeg", name=path.name)
    lines = parse_log(result.stderr_text)
    errors = decode_errors(lines)
    if fault := _disk_trouble(errors, workdir):
        _drop(frames_part, thumbs_part, prints_part)
        raise fault
    ok = result.returncode == 0 and not errors
    if result.returncode != 0 and not errors:
        errors = [f"ffmpeg exited with code {result.returncode}"]
    if len(errors) > MAX_ERROR_LINES:
        errors = [*errors[:MAX_ERROR_LINES], f"... {len(errors) - MAX_ERROR_LINES} more"]
    decoded = parse_progress(progress)
    limit_s = decode_limit(probe, config)
    end_s = decoded if decoded is not None else (limit_s or probe.duration_s)
    lufs, peak = parse_loudness(lines)
    frames_dir: Path | None = None
    thumbnails: tuple[Frame, ...] = ()
    if probe.video is not None:
        frames_dir = _publish(frames_part)
        thumbnails = list_frames(_publish(thumbs_part))
    else:
        _drop(frames_part, thumbs_part)
    prints = fingerprint.read(prints_part)
    _drop(prints_part)
    if complaints := sum(1 for ln in lines if ln.level in ERROR_LEVELS and muxer_complaint(ln)):
        log.info("%s: %d output timestamp complaints (variable frame rate)", path.name, complaints)
    log.info("analyzed %s: decode_ok=%s, %d error lines", path.name, ok, len(errors))
    return Analysis(
        decode_ok=ok,
        decode_errors=tuple(errors),
        decoded_s=decoded,
        decode_limit_s=limit_s,
        black=parse_black(lines),
        frozen=parse_frozen(lines, end_s),
        silent=parse_silent(lines, end_s),
        loudness_lufs=lufs,
        true_peak_db=peak,
        frames_dir=frames_dir,
        thumbnails=thumbnails,
        fingerprint=prints,
    )
