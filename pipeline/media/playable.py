"""What a file really is, and whether a browser plays it (the jury watches in a browser).

    container_of(format_name, head, brand) -> "mp4" | "mov" | "3gp" | "mkv" | "webm" | ...
    plays(kind, value) -> bool          kind: "container" | "video_codec" | "audio_codec"
    label(value) -> "QuickTime (MOV)"   what people call a container or codec
    named_as(filename) -> "mp4" | None  the container a file's extension claims

The container is read from the file's bytes, never from its name: ffprobe calls MP4,
QuickTime and 3GP alike ``mov,mp4,m4a,3gp,3g2,mj2``, so the ``ftyp`` box's major brand
decides (``qt  `` QuickTime, ``3gp*``/``3g2*`` 3GP, any other brand MP4; no brand at all
is an old QuickTime file); Matroska and WebM share ``matroska,webm``, so the EBML
header's DocType decides.

What plays was measured with Debian's Chromium 156 (headless, no GPU), one 3-second
file per kind made by ffmpeg 5.1 (tests/test_playable.py plays the table's kinds again
in the same browser):

- opens MP4, QuickTime MOV, Matroska, WebM and 3GP; refuses AVI, Windows Media (ASF),
  Flash Video (FLV) and MPEG-TS;
- shows H.264, VP8, VP9 and AV1; no picture for HEVC (only with a hardware decoder,
  e.g. Chrome on recent Windows or macOS), MPEG-4 Part 2, H.263, Motion JPEG, ProRes;
- plays AAC, MP3, Opus, Vorbis, FLAC and PCM (16/24-bit, float, 8-bit); silent for
  AC-3 and ALAC.

A kind not in the table counts as not playable (a warning, never a failure on its own).
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Literal

Kind = Literal["container", "video_codec", "audio_codec"]

BROWSER_CONTAINERS = frozenset({"mp4", "mov", "mkv", "webm", "3gp"})
BROWSER_VIDEO = frozenset({"h264", "vp8", "vp9", "av1"})
BROWSER_AUDIO = frozenset({"aac", "mp3", "opus", "vorbis", "flac"})
_PCM = "pcm_"  # every PCM sample format measured plays (s16le/be, s24le/be, f32le, u8)

_LABELS = {
    # containers (pipeline.media.probe's short names)
    "mp4": "MP4",
    "mov": "QuickTime (MOV)",
    "3gp": "3GP",
    "mkv": "Matroska (MKV)",
    "webm": "WebM",
    "avi": "AVI",
    "wmv": "Windows Media (WMV/ASF)",
    "flv": "Flash Video (FLV)",
    "ts": "MPEG-TS",
    "mpeg": "MPEG-PS (VOB/MPG)",
    "ogg": "Ogg",
    # video codecs (ffprobe's codec_name)
    "h264": "H.264",
    "hevc": "HEVC (H.265)",
    "vp8": "VP8",
    "vp9": "VP9",
    "av1": "AV1",
    "mpeg4": "MPEG-4 Part 2",
    "h263": "H.263",
    "mjpeg": "Motion JPEG",
    "prores": "Apple ProRes",
    "mpeg2video": "MPEG-2",
    "mpeg1video": "MPEG-1",
    "wmv1": "Windows Media Video",
    "wmv2": "Windows Media Video",
    "wmv3": "Windows Media Video",
    "vc1": "VC-1",
    "theora": "Theora",
    "dnxhd": "Avid DNxHD",
    # audio codecs
    "aac": "AAC",
    "mp3": "MP3",
    "opus": "Opus",
    "vorbis": "Vorbis",
    "flac": "FLAC",
    "ac3": "AC-3 (Dolby Digital)",
    "eac3": "E-AC-3 (Dolby Digital Plus)",
    "alac": "Apple Lossless (ALAC)",
    "wmav1": "Windows Media Audio",
    "wmav2": "Windows Media Audio",
    "amr_nb": "AMR",
    "amr_wb": "AMR-WB",
}

# a file name's extension -> the container it claims
_EXTENSIONS = {
    ".mp4": "mp4", ".m4v": "mp4", ".mov": "mov", ".qt": "mov", ".3gp": "3gp", ".3g2": "3gp",
    ".mkv": "mkv", ".webm": "webm", ".avi": "avi", ".wmv": "wmv", ".asf": "wmv",
    ".flv": "flv", ".ts": "ts", ".mts": "ts", ".m2ts": "ts", ".mpg": "mpeg", ".mpeg": "mpeg",
    ".vob": "mpeg", ".ogv": "ogg", ".ogg": "ogg",
}  # fmt: skip

_FORMATS = (  # ffprobe format_name part -> short name (after the ambiguous families)
    ("avi", "avi"),
    ("flv", "flv"),
    ("mpegts", "ts"),
    ("mpeg", "mpeg"),
    ("asf", "wmv"),
    ("ogg", "ogg"),
)


def container_of(format_name: str, head: bytes = b"", brand: str | None = None) -> str:
    """The short container name from ffprobe's ``format_name``, the file's first bytes
    ``head`` (for Matroska's DocType) and the MP4 family's major ``brand`` (ffprobe's
    ``format.tags.major_brand``; None when the file has no ``ftyp`` box)."""
    parts = format_name.split(",")
    if "mov" in parts and "mp4" in parts:
        b = (brand or "").strip().lower()
        if not b or b == "qt":
            return "mov"
        return "3gp" if b.startswith("3g") else "mp4"
    if "matroska" in parts or "webm" in parts:
        return "webm" if _ebml_doctype(head) == "webm" else "mkv"
    for key, short in _FORMATS:
        if key in parts:
            return short
    return parts[0] if parts and parts[0] else "unknown"


def _ebml_doctype(head: bytes) -> str | None:
    """The DocType (EBML id 0x4282) of a Matroska/WebM header: ``webm`` or ``matroska``."""
    if not head.startswith(b"\x1a\x45\xdf\xa3"):
        return None
    at = head.find(b"\x42\x82", 4, 64)
    if at < 0 or at + 2 >= len(head):
        return None
    size_byte = head[at + 2]
    if not size_byte & 0x80:  # a one-byte size (what every muxer writes for a doctype)
        return None
    size = size_byte & 0x7F
    return head[at + 3 : at + 3 + size].decode("ascii", "replace").lower()


def plays(kind: Kind, value: str) -> bool:
    """Whether the browser plays this container / shows this video codec / plays this
    audio codec (the measured table in the module docstring)."""
    if kind == "container":
        return value in BROWSER_CONTAINERS
    if kind == "video_codec":
        return value in BROWSER_VIDEO
    return value in BROWSER_AUDIO or value.startswith(_PCM)


def label(value: str) -> str:
    """What people call a container or codec ("QuickTime (MOV)", "PCM (uncompressed)");
    ffprobe's own name when kipp has no better one."""
    if value.startswith(_PCM):
        return "PCM (uncompressed)"
    return _LABELS.get(value, value.upper() if len(value) <= 4 else value)


def named_as(filename: str) -> str | None:
    """The container a file name's extension claims (``video.mp4`` -> ``mp4``), or None
    for no or an unknown extension."""
    return _EXTENSIONS.get(PurePath(filename).suffix.lower())


def name_lies(filename: str, container: str) -> bool:
    """The name claims another container than the bytes are (``video.mp4`` that is
    Matroska).  MP4 / QuickTime / 3GP names of one another's files do not count: one
    family, the same players open them."""
    claimed = named_as(filename)
    family = {"mp4", "mov", "3gp"}
    if claimed is None or claimed == container:
        return False
    return not (claimed in family and container in family)
