"""Probe stage: ffprobe JSON -> ProbeResult.

    probe(path, timeout=...) -> ProbeResult      raises NotAVideo / ProbeError

ffmpeg-python's ``ffmpeg.probe`` has no timeout, so the same command it builds is
written out here and run through ``pipeline.tools.run`` (argument list, timeout,
logged).  A file ffprobe cannot read, or one with no real video stream, is sniffed so
the message says what it actually is (empty, HTML page, PDF, an archive or office
document, text, MP4 with no index, audio only, image).
"""

from __future__ import annotations

import json
import logging
import re
from fractions import Fraction
from pathlib import Path
from typing import Any

from pipeline import i18n
from pipeline.errors import NotAVideo, ProbeError
from pipeline.media import filekind
from pipeline.media.duration import Measure, measure_packets, timing
from pipeline.media.playable import container_of
from pipeline.models import AudioStream, Chapter, ProbeResult, SubtitleStream, VideoStream
from pipeline.tools import BAD_ANSWER, ToolTimeout, excerpt, media_input, run

log = logging.getLogger(__name__)

IMAGE_CODECS = {"png", "mjpeg", "bmp", "gif", "webp", "tiff", "jpegls", "jpeg2000"}

_REUPLOAD_ID = "Minta instansi mengunggah ulang berkas video aslinya ke Google Drive."
_REUPLOAD_EN = "Ask the agency to upload the original video file to Google Drive again."
i18n.register(
    {
        "probe.empty": {
            "id": f"Berkas {{name}} kosong (0 byte). {_REUPLOAD_ID}",
            "en": f"File {{name}} is empty (0 bytes). {_REUPLOAD_EN}",
        },
        "probe.html": {
            "id": "Berkas {name} adalah halaman web (HTML), bukan video; biasanya halaman "
            "masuk atau peringatan Google Drive. Pastikan link dibagikan kepada "
            "'siapa saja yang memiliki link' dan mengarah ke berkas videonya.",
            "en": "File {name} is a web page (HTML), not a video; usually a Google Drive "
            "sign-in or warning page. Make sure the link is shared with 'anyone with the "
            "link' and points to the video file itself.",
        },
        "probe.pdf": {
            "id": f"Berkas {{name}} adalah dokumen PDF, bukan video. {_REUPLOAD_ID}",
            "en": f"File {{name}} is a PDF document, not a video. {_REUPLOAD_EN}",
        },
        "probe.text": {
            "id": f"Berkas {{name}} berisi teks, bukan video. {_REUPLOAD_ID}",
            "en": f"File {{name}} holds text, not video. {_REUPLOAD_EN}",
        },
        "probe.no_index": {
            "id": "Berkas {name} tidak dapat dibaca sebagai video; kemungkinan unggahan "
            f"terpotong atau berkas rusak. {_REUPLOAD_ID}",
            "en": "File {name} cannot be read as a video; the upload was probably cut short "
            f"or the file is damaged. {_REUPLOAD_EN}",
        },
        "probe.audio_only": {
            "id": "Berkas {name} hanya berisi audio ({codec}), tanpa gambar video. " + _REUPLOAD_ID,
            "en": f"File {{name}} holds only audio ({{codec}}), no video picture. {_REUPLOAD_EN}",
        },
        "probe.still_image": {
            "id": f"Berkas {{name}} adalah gambar diam ({{codec}}), bukan video. {_REUPLOAD_ID}",
            "en": f"File {{name}} is a still image ({{codec}}), not a video. {_REUPLOAD_EN}",
        },
        "probe.refers_elsewhere": {
            "id": "Berkas {name} bukan video melainkan {format}: daftar putar atau rujukan yang "
            "menunjuk ke berkas lain. kipp hanya membuka berkas yang dikirim. " + _REUPLOAD_ID,
            "en": "File {name} is not a video but {format}: a playlist or reference that points "
            "at other files. kipp opens only the file that was sent. " + _REUPLOAD_EN,
        },
        "probe.no_duration": {
            "id": f"Durasi berkas {{name}} tidak dapat dibaca. {_REUPLOAD_ID}",
            "en": f"The duration of {{name}} cannot be read. {_REUPLOAD_EN}",
        },
        "probe.timeout": {
            "id": "ffprobe tidak selesai membaca {name} dalam {timeout} detik: ulangi nanti, "
            "atau naikkan tools.probe_timeout_s di konfigurasi.",
            "en": "ffprobe did not finish reading {name} within {timeout} s: try again later, "
            "or raise tools.probe_timeout_s in the config.",
        },
        "probe.unreadable": {
            "id": "Berkas {name} tidak dapat dibuka: {reason}. Periksa izin berkas.",
            "en": "File {name} cannot be opened: {reason}. Check its permissions.",
        },
    }
)


def probe_command(path: Path) -> list[str]:
    """The command ``ffmpeg.probe(path, v="error", show_chapters=None)`` builds (format,
    streams and chapters as JSON, errors only), run here under a timeout."""
    args = ["ffprobe", "-show_format", "-show_streams", "-of", "json"]
    return [*args, "-show_chapters", "-v", "error", *media_input(path)]


def probe(path: Path, *, timeout: float = 30.0, name: str | None = None) -> ProbeResult:
    """``name`` is how messages call the file (the Drive name of a cached download)."""
    name = name or path.name
    try:
        head = _head(path)
    except OSError as exc:
        raise ProbeError("probe.unreadable", name=name, reason=exc.strerror) from exc
    if not head:
        raise NotAVideo("probe.empty", name=name)
    try:
        result = run(probe_command(path), timeout=timeout)
    except ToolTimeout as exc:
        raise ProbeError("probe.timeout", name=name, timeout=f"{timeout:g}") from exc
    # ffprobe names its input (file:/abs/path, tools.media_input): say the file's name
    stderr = result.stderr_text.replace(f"file:{path.resolve()}", name).replace(str(path), name)
    if result.returncode != 0:
        raise _sniff(name, head, stderr)
    data = _json(result.stdout)
    if data is None:  # exit 0 but no ffprobe JSON: kipp's tool, not the agency's file
        log.warning("ffprobe gave no readable JSON for %s: %s", name, excerpt(result.stdout))
        raise ProbeError(BAD_ANSWER, tool="ffprobe", name=name)
    if not data["streams"]:
        raise _sniff(name, head, stderr)
    return parse(data, name=name, head=head, measure=lambda: measure_packets(path, timeout=timeout))


def _head(path: Path, size: int = filekind.SNIFF_BYTES) -> bytes:
    with path.open("rb") as fh:
        return fh.read(size)


def _json(raw: bytes) -> dict[str, Any] | None:
    """ffprobe's answer: an object with a ``format`` object and a ``streams`` list of
    objects (what ``-show_format -show_streams -of json`` always prints); None else."""
    try:
        value = json.loads(raw.decode("utf-8", "replace"))
    except json.JSONDecodeError:
        return None
    if not isinstance(value, dict) or not isinstance(value.get("format"), dict):
        return None
    streams, chapters = value.get("streams"), value.get("chapters", [])
    if not isinstance(streams, list) or not all(isinstance(s, dict) for s in streams):
        return None
    if not isinstance(chapters, list) or not all(isinstance(c, dict) for c in chapters):
        return None
    return value


_REFERRING = {"hls": "HLS (M3U8)", "dash": "DASH (MPD)", "concat": "ffconcat"}
_REFUSED = re.compile(r"\[(\w+) @ [^]]*\] Format not on whitelist")


def _sniff(name: str, head: bytes, stderr: str) -> NotAVideo:
    """What a file ffprobe cannot read is, from its first bytes (``pipeline.media.filekind``)."""
    kind = filekind.from_head(head)
    if kind is not None and kind.name == "web_page":
        return NotAVideo("probe.html", name=name)
    if kind is not None and kind.label == "PDF":
        return NotAVideo("probe.pdf", name=name)
    if kind is not None:
        return NotAVideo(kind.message_key, name=name, what=kind.label)
    if (refused := _REFUSED.search(stderr)) is not None:  # pipeline.tools.MEDIA_DEMUXERS
        what = _REFERRING.get(refused[1], refused[1])
        return NotAVideo("probe.refers_elsewhere", name=name, format=what)
    try:
        text = head[:512].decode("utf-8")
        if text.isprintable() or all(c.isprintable() or c in "\r\n\t" for c in text):
            return NotAVideo("probe.text", name=name)
    except UnicodeDecodeError:
        pass
    lines = [ln for ln in stderr.splitlines() if ln.strip()]
    # ffprobe's own words ("moov atom not found") are the technical detail, not the sentence
    detail = lines[0].split("] ", 1)[-1].strip() if lines else "unknown format"
    return NotAVideo("probe.no_index", name=name, detail=detail)


def parse(
    data: dict[str, Any], *, name: str = "", head: bytes = b"", measure: Measure = lambda: {}
) -> ProbeResult:
    """ffprobe JSON (format + streams + chapters) -> ProbeResult; raises NotAVideo.
    The container is read from the bytes (``head``, the file's first bytes, and the
    ``ftyp`` brand ffprobe reports), never from the file's name.
    ``measure`` reads the packets' spans when the duration figures miss or disagree
    (``pipeline.media.duration``)."""
    fmt = data.get("format", {})
    streams = data.get("streams", [])
    counts: dict[str, int] = {}
    for s in streams:
        kind = s.get("codec_type", "unknown")
        counts[kind] = counts.get(kind, 0) + 1
    videos = [
        s
        for s in streams
        if s.get("codec_type") == "video" and not s.get("disposition", {}).get("attached_pic")
    ]
    audios = [s for s in streams if s.get("codec_type") == "audio"]
    if not videos:
        codec = audios[0].get("codec_name", "?") if audios else "?"
        raise NotAVideo("probe.audio_only", name=name, codec=codec)
    video = _video(videos[0])
    fmt_name = str(fmt.get("format_name", ""))
    if video.codec in IMAGE_CODECS and (
        fmt_name.endswith("_pipe") or fmt_name == "image2" or _float(fmt.get("duration")) is None
    ):
        raise NotAVideo("probe.still_image", name=name, codec=video.codec)
    facts = timing(fmt, videos[0], audios[0] if audios else None, measure)
    if facts is None:
        raise NotAVideo("probe.no_duration", name=name)
    return ProbeResult(
        duration_s=facts.length_s,
        timing=facts,
        container=container_of(fmt_name, head, (fmt.get("tags") or {}).get("major_brand")),
        format_name=fmt_name,
        size=_int(fmt.get("size")),
        bit_rate=_int(fmt.get("bit_rate")),
        video=video,
        audio=_audio(audios[0]) if audios else None,
        stream_counts=counts,
        chapters=tuple(_chapter(c) for c in data.get("chapters", [])),
        subtitles=tuple(
            SubtitleStream(
                index=int(s.get("index", 0)),
                codec=str(s.get("codec_name", "?")),
                language=(s.get("tags") or {}).get("language"),
            )
            for s in streams
            if s.get("codec_type") == "subtitle"
        ),
    )


def _video(s: dict[str, Any]) -> VideoStream:
    cw, ch = int(s.get("width") or 0), int(s.get("height") or 0)
    rotation = _rotation(s)
    w, h = (ch, cw) if rotation in (90, 270) else (cw, ch)
    fps, r_fps = _rate(s.get("avg_frame_rate")), _rate(s.get("r_frame_rate"))
    vfr = fps is not None and r_fps is not None and abs(fps - r_fps) > 0.01 * max(fps, r_fps)
    return VideoStream(
        codec=str(s.get("codec_name", "?")),
        profile=s.get("profile"),
        width=w,
        height=h,
        coded_width=cw,
        coded_height=ch,
        rotation=rotation,
        fps=fps,
        r_fps=r_fps,
        vfr=vfr,
        pix_fmt=s.get("pix_fmt"),
        duration_s=_float(s.get("duration")),
    )


def _rotation(s: dict[str, Any]) -> int:
    raw: Any = None
    for side in s.get("side_data_list", []) or []:
        if "rotation" in side:
            raw = side["rotation"]
    if raw is None:
        raw = (s.get("tags") or {}).get("rotate")
    value = _float(raw)
    return 0 if value is None else round(value) % 360


def _audio(s: dict[str, Any]) -> AudioStream:
    return AudioStream(
        codec=str(s.get("codec_name", "?")),
        channels=_int(s.get("channels")),
        sample_rate=_int(s.get("sample_rate")),
        duration_s=_float(s.get("duration")),
    )


def _chapter(c: dict[str, Any]) -> Chapter:
    return Chapter(
        start_s=_float(c.get("start_time")) or 0.0,
        end_s=_float(c.get("end_time")) or 0.0,
        title=str((c.get("tags") or {}).get("title", "")),
    )


def _rate(text: Any) -> float | None:
    try:
        value = Fraction(str(text))
    except (ValueError, ZeroDivisionError):
        return None
    return round(float(value), 3) if value > 0 else None


def _float(value: Any) -> float | None:
    try:
        return float(value) if value not in (None, "", "N/A") else None
    except (TypeError, ValueError):
        return None


def _int(value: Any) -> int | None:
    f = _float(value)
    return None if f is None else int(f)
