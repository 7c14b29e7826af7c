"""Fingerprints of a video, made in the analysis pass (no second decode).

Two more outputs of the one ffmpeg command (``pipeline.media.analyze.build_command``):

    video -> fps=1, 64x64 grey (area average)  -> prints/frames.gray   (rawvideo, 4 KiB a second)
    audio -> 11025 Hz mono s16                 -> prints/sound.fp      (chromaprint muxer, raw)

``read(folder)`` then hashes each grey frame with Meta's PDQ (``pdqhash``: 256 bits and a
quality 0-100 per frame, frame ``i`` at ``i`` seconds) and reads Chromaprint's raw
fingerprint (one 32-bit item every 4096/3 samples at 11025 Hz, about 0.124 s; the
chromaprint muxer of Debian's ffmpeg, ``--enable-chromaprint``).  The picture print is
compared as Meta's vPDQ does, the sound print as AcoustID does (``pipeline.duplicates``).

PDQ downsamples any picture to 64x64 luminance before its DCT (Meta's hashing.pdf), so
handing it ffmpeg's 64x64 area average loses nothing it would keep; the aspect ratio is
dropped by PDQ itself.
"""

from __future__ import annotations

import functools
import logging
import re
from pathlib import Path
from typing import Any

import ffmpeg
import numpy as np

from pipeline.models import Fingerprint
from pipeline.tools import ToolTimeout, find, run

log = logging.getLogger(__name__)

FRAMES_FILE = "frames.gray"
SOUND_FILE = "sound.fp"
FRAME_RATE = 1  # frames a second hashed (vPDQ hashes "for example, 1 frame/second")
SIDE = 64  # PDQ's own working size
SOUND_RATE = 11025  # Chromaprint's own working rate: resampled once, by ffmpeg
SOUND_STEP_S = 4096 / 3 / SOUND_RATE  # Chromaprint (algorithm 1): one item per 1365.3 samples
VERSION = 1  # bump when the recipe above changes: prints of another version are not compared


def sound_supported() -> bool:
    """This ffmpeg has the chromaprint muxer (``ffmpeg -muxers``; Debian's is built with
    ``--enable-chromaprint``).  Without it the fingerprint has no sound part (logged once
    per ffmpeg) rather than the whole pass failing."""
    return _has_chromaprint(find("ffmpeg"))


@functools.cache
def _has_chromaprint(ffmpeg_path: str) -> bool:
    try:
        listed = run([ffmpeg_path, "-hide_banner", "-muxers"], timeout=30).stdout.decode()
    except ToolTimeout:
        listed = ""
    found = re.search(r"^\s*E\s+chromaprint\s", listed, flags=re.MULTILINE) is not None
    if not found:
        log.warning("this ffmpeg has no chromaprint muxer: fingerprints leave the sound out")
    return found


def picture_output(video: ffmpeg.nodes.FilterableStream, folder: Path) -> Any:
    """The video branch: one 64x64 grey frame a second, raw, into ``folder/frames.gray``."""
    frames = (
        video.filter("fps", FRAME_RATE)
        .filter("scale", SIDE, SIDE, flags="area")
        .filter("format", "gray")
    )
    return frames.output(str((folder / FRAMES_FILE).resolve()), f="rawvideo")


def sound_output(audio: ffmpeg.nodes.FilterableStream, folder: Path) -> Any:
    """The audio branch: Chromaprint's raw fingerprint into ``folder/sound.fp``."""
    mono = audio.filter("aresample", SOUND_RATE).filter(
        "aformat", sample_fmts="s16", channel_layouts="mono"
    )
    return mono.output(str((folder / SOUND_FILE).resolve()), f="chromaprint", fp_format="raw")


def read(folder: Path) -> Fingerprint:
    """The fingerprint of the files the analysis pass wrote into ``folder`` (either may be
    missing: a video with no sound, or no picture).

    Returns:
        Fingerprint: PDQ hashes (32 bytes a frame), their quality (0-100) and
        Chromaprint's items (little-endian uint32), with their steps in seconds."""
    import pdqhash  # compiled; loaded on the first entry that is hashed

    hashes: list[bytes] = []
    quality: list[int] = []
    grey = _file(folder / FRAMES_FILE)
    frame_bytes = SIDE * SIDE
    count = len(grey) // frame_bytes
    if count:
        planes = np.frombuffer(grey[: count * frame_bytes], np.uint8).reshape(count, SIDE, SIDE)
        for plane in planes:
            bits, q = pdqhash.compute(np.repeat(plane[:, :, None], 3, axis=2))
            hashes.append(np.packbits(bits.astype(np.uint8)).tobytes())
            quality.append(int(q))
    sound = _file(folder / SOUND_FILE)
    sound = sound[: len(sound) // 4 * 4]
    log.debug("fingerprint: %d frames, %d sound items", count, len(sound) // 4)
    return Fingerprint(
        version=VERSION,
        frame_step_s=1.0 / FRAME_RATE,
        frames=b"".join(hashes),
        quality=bytes(quality),
        sound_step_s=SOUND_STEP_S,
        sound=sound,
    )


def _file(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return b""
