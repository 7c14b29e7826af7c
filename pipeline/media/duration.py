"""How long a video lasts for its viewer: end minus start of what is presented.

    timing(fmt, video, audio, measure) -> DurationFacts | None
    measure_packets(path, timeout=...) -> {stream index: Span}
    note(facts, lang) -> str            which figure, why, and unequal streams, in words
    stated_note(origin, lang) -> str    the same for the source's own figure (no file measured)
    ORIGIN_MARK[origin] -> str          its short mark in a table cell (Drive, YouTube)

Three figures can say it, and each is wrong somewhere (measured with ffmpeg 5.1,
tests/test_duration.py):
- the container header (ffprobe ``format.duration``): an MP4 counts a leading empty
  edit (``-output_ts_offset 10``: 100 s for 90 s of media), Matroska writes its last
  timestamp, a WebM written live (browser MediaRecorder, screen recorders) has none;
- the streams' own ``start_time`` + ``duration`` (Matroska has none);
- the packets' timestamps (``ffprobe -show_entries packet=...``: a demux pass, no
  decode), read only when the first two are missing or disagree.  Packets an edit
  list discards (flag ``D``) are not presented and are skipped.
The picture and the sound are measured apart: a music bed exported past the last clip
gives 40 s of picture in a 90 s file, and the checks judge the picture too.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pipeline import i18n
from pipeline.models import DurationFacts, DurationOrigin, DurationReason, DurationSource, Span
from pipeline.tools import ToolTimeout, media_input, run

log = logging.getLogger(__name__)

AGREE_S = 0.5  # two figures closer than this say the same (AAC priming is ~0.02 s)
UNEQUAL_S = 1.0  # picture and sound ending further apart than this are told apart

Measure = Callable[[], dict[int, Span]]

_HEADER_ID = "header berkas menyebut {header}, tidak sesuai dengan isinya"
_HEADER_EN = "the container header says {header}, which does not match what the file holds"
i18n.register(
    {
        "duration.container.agrees": {
            "id": "Durasi dari header berkas, sesuai dengan aliran video dan audionya.",
            "en": "Duration from the container header, matching the file's streams.",
        },
        "duration.container.unconfirmed": {
            "id": "Durasi dari header berkas (tidak ada angka lain untuk membandingkannya).",
            "en": "Duration from the container header (no other figure to compare it with).",
        },
        "duration.streams.no_header": {
            "id": "Durasi dari aliran video dan audio berkas: header berkas tidak memuat durasi.",
            "en": "Duration from the file's streams: the container header holds none.",
        },
        "duration.streams.header_disagrees": {
            "id": f"Durasi dari aliran video dan audio berkas: {_HEADER_ID}.",
            "en": f"Duration from the file's streams: {_HEADER_EN}.",
        },
        "duration.measured.no_header": {
            "id": "Durasi diukur dari stempel waktu paket berkas: header berkas tidak memuat "
            "durasi (umum pada rekaman browser dan perekam layar).",
            "en": "Duration measured from the file's packet timestamps: the container header "
            "holds none (common for browser and screen recordings).",
        },
        "duration.measured.header_disagrees": {
            "id": f"Durasi diukur dari stempel waktu paket berkas: {_HEADER_ID}.",
            "en": f"Duration measured from the file's packet timestamps: {_HEADER_EN}.",
        },
        "duration.stated.drive": {
            "id": "Durasi menurut metadata Google Drive (angka dari sumbernya, tidak diukur "
            "dari berkas).",
            "en": "Duration as Google Drive's metadata states it (the source's figure, not "
            "measured from the file).",
        },
        "duration.stated.youtube": {
            "id": "Durasi menurut YouTube Data API (angka dari sumbernya, tidak diukur dari "
            "berkas).",
            "en": "Duration as the YouTube Data API states it (the source's figure, not "
            "measured from the file).",
        },
        "duration.picture_short": {
            "id": "Gambar berakhir di {video_end}, suara berlanjut sampai {audio_end}.",
            "en": "The picture ends at {video_end}, the sound runs to {audio_end}.",
        },
        "duration.sound_short": {
            "id": "Suara berakhir di {audio_end}, gambar berlanjut sampai {video_end}.",
            "en": "The sound ends at {audio_end}, the picture runs to {video_end}.",
        },
    }
)


# ------------------------------------------------------------------ the figures
def stream_span(stream: dict[str, Any] | None) -> Span | None:
    """A stream's own span from ffprobe's ``start_time`` and ``duration``, when both exist."""
    if stream is None:
        return None
    start, length = _float(stream.get("start_time")), _float(stream.get("duration"))
    if start is None or length is None or length <= 0:
        return None
    return Span(start_s=start, end_s=start + length)


def presented(spans: list[Span | None]) -> Span | None:
    """From the earliest start to the latest end; None unless every stream has a span."""
    if not spans or any(s is None for s in spans):
        return None
    known = [s for s in spans if s is not None]
    return Span(start_s=min(s.start_s for s in known), end_s=max(s.end_s for s in known))


def timing(
    fmt: dict[str, Any],
    video: dict[str, Any] | None,
    audio: dict[str, Any] | None,
    measure: Measure,
) -> DurationFacts | None:
    """Which duration the viewer gets (see the module docstring); None when no figure
    exists at all.  ``video``/``audio`` are ffprobe stream dicts (``index`` is used to
    pick their packets); ``measure`` is called only when the figures disagree or miss."""
    header = _float(fmt.get("duration"))
    header = header if header and header > 0 else None
    kinds = {k: s for k, s in (("video", video), ("audio", audio)) if s is not None}
    own = {k: stream_span(s) for k, s in kinds.items()}
    streams = presented(list(own.values()))
    if header is not None and streams is not None and _near(header, streams.length_s):
        return _facts(DurationSource.CONTAINER, DurationReason.AGREES, streams, header, own, header)
    packets = measure()
    measured = {k: packets.get(int(s.get("index", -1))) for k, s in kinds.items()}
    found = presented(list(measured.values()))
    reason = DurationReason.NO_HEADER if header is None else DurationReason.HEADER_DISAGREES
    if found is None:  # packets unreadable: the best figure there is
        log.info("no packet timestamps to measure the duration with")
        if streams is not None:
            return _facts(DurationSource.STREAMS, reason, streams, header, own)
        if header is not None:
            start = _float(fmt.get("start_time")) or 0.0
            span = Span(start_s=start, end_s=start + header)
            return _facts(
                DurationSource.CONTAINER, DurationReason.UNCONFIRMED, span, header, own, header
            )
        return None
    spans = {k: own[k] or measured[k] for k in kinds}
    if header is not None and _near(header, found.length_s):
        return _facts(DurationSource.CONTAINER, DurationReason.AGREES, found, header, spans, header)
    if streams is not None and _near(streams.length_s, found.length_s):
        return _facts(DurationSource.STREAMS, reason, streams, header, spans)
    return _facts(DurationSource.MEASURED, reason, found, header, measured)


def _facts(
    source: DurationSource,
    reason: DurationReason,
    span: Span,
    header: float | None,
    spans: dict[str, Span | None],
    length: float | None = None,
) -> DurationFacts:
    return DurationFacts(
        source=source,
        reason=reason,
        start_s=span.start_s,
        end_s=span.start_s + length if length is not None else span.end_s,
        header_s=header,
        video=spans.get("video"),
        audio=spans.get("audio"),
    )


def _near(a: float, b: float) -> bool:
    return abs(a - b) <= AGREE_S


# ---------------------------------------------------------------------- packets
def packets_command(path: Path) -> list[str]:
    fields = "packet=stream_index,pts_time,duration_time,flags"
    args = ["ffprobe", "-v", "error", "-show_entries", fields, "-of", "compact=p=0"]
    return [*args, *media_input(path)]


def measure_packets(path: Path, *, timeout: float) -> dict[int, Span]:
    """Each stream's span from its packets: earliest pts to the latest pts + duration,
    leaving out the packets an edit list discards.  {} when ffprobe cannot say."""
    try:
        result = run(packets_command(path), timeout=timeout)
    except ToolTimeout:
        log.info("measuring the packets of %s took over %g s", path.name, timeout)
        return {}
    if result.returncode != 0:
        return {}
    return parse_packets(result.stdout.decode("utf-8", "replace"))


def parse_packets(text: str) -> dict[int, Span]:
    """``stream_index=0|pts_time=1.5|duration_time=0.5|flags=K_`` lines -> spans."""
    starts: dict[int, float] = {}
    ends: dict[int, float] = {}
    for line in text.splitlines():
        pairs = dict(p.split("=", 1) for p in line.split("|") if "=" in p)
        index, pts = _float(pairs.get("stream_index")), _float(pairs.get("pts_time"))
        if index is None or pts is None or "D" in pairs.get("flags", ""):
            continue
        i, end = int(index), pts + (_float(pairs.get("duration_time")) or 0.0)
        starts[i] = min(starts.get(i, pts), pts)
        ends[i] = max(ends.get(i, end), end)
    return {
        i: Span(start_s=round(starts[i], 6), end_s=round(ends[i], 6))
        for i in starts
        if ends[i] > starts[i]
    }


# ------------------------------------------------------------------------ words
def unequal(facts: DurationFacts) -> bool:
    v, a = facts.video, facts.audio
    return v is not None and a is not None and abs(v.end_s - a.end_s) > UNEQUAL_S


def picture_s(facts: DurationFacts | None) -> float | None:
    """How long the picture lasts, when it ends clearly before the sound."""
    if facts is None or facts.video is None or not unequal(facts):
        return None
    assert facts.audio is not None
    return facts.video.length_s if facts.video.end_s < facts.audio.end_s else None


def note(facts: DurationFacts | None, lang: str) -> str:
    """Which figure the duration is and why, then where picture and sound end when
    they end apart (positions from the start of what is presented, M:SS)."""
    if facts is None:
        return ""
    key = f"duration.{facts.source.value}.{facts.reason.value}"
    parts = [i18n.message(key, lang, header=i18n.seconds(facts.header_s, lang))]
    if unequal(facts):
        assert facts.video is not None and facts.audio is not None
        v_end = i18n.clock(facts.video.end_s - facts.start_s)
        a_end = i18n.clock(facts.audio.end_s - facts.start_s)
        which = "picture_short" if facts.video.end_s < facts.audio.end_s else "sound_short"
        parts.append(i18n.message(f"duration.{which}", lang, video_end=v_end, audio_end=a_end))
    return " ".join(parts)


# a duration not measured from the file, marked where a table shows it (proper names)
ORIGIN_MARK: dict[DurationOrigin, str] = {"file": "", "drive": "Drive", "youtube": "YouTube"}


def stated_note(origin: DurationOrigin | None, lang: str) -> str:
    """Whose figure a duration is when the file was not measured (``Report.duration``):
    Drive's or YouTube's own statement, in words; "" for the file's own (``note`` says
    which of the file's figures) or none."""
    return i18n.message(f"duration.stated.{origin}", lang) if origin in ("drive", "youtube") else ""


def _float(value: Any) -> float | None:
    try:
        return float(value) if value not in (None, "", "N/A") else None
    except (TypeError, ValueError):
        return None
