"""Frames for on-screen text: sampling with ffmpeg, listing, and dropping repeats.

Frames contract: the analysis pass's (``pipeline.media.analyze.frame_select``), so frames
sampled here and frames the analysis pass wrote are the same: a folder of JPEGs named
``<milliseconds:09d>.jpg`` (``000012500.jpg`` = 12.5 s), one every
``analyze.FRAME_EVERY_S`` of media time plus scene changes (``analyze.SCENE_THRESHOLD``),
at most ``analyze.FRAME_MAX_WIDTH`` pixels wide.  ``sample`` writes such a folder with
one ffmpeg run, when the analysis pass gave none.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from PIL import Image

from pipeline.errors import ContentError
from pipeline.fsutil import list_frames
from pipeline.media.analyze import frame_select, frames_output, source
from pipeline.models import Frame
from pipeline.tools import ToolTimeout, run

log = logging.getLogger(__name__)

FRAMES_PER_MINUTE = 40  # at most this many distinct frames are read per minute of video
_THUMB = (128, 72)
_PIXEL_DELTA = 24  # grey levels: a pixel "changed" when it moved more than this
_CHANGED_SHARE = 0.002  # a frame is new when more than this share of pixels changed


def sample_command(path: Path, out_dir: Path) -> list[str]:
    """``ffmpeg -v error -i file:IN -filter_complex [0:V:0]select=...,scale=...,settb=...
    -f image2 ... DIR/%09d.jpg`` (the frames contract, see module doc)."""
    frames = frame_select(source(path, v="error")["V:0"])
    return list(frames_output(frames, out_dir, 3).compile())


def sample(path: Path, out_dir: Path, *, timeout: float) -> list[Frame]:
    """Decode ``path`` once and write its sampled frames into ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("*.jpg"):
        old.unlink()
    try:
        result = run(sample_command(path, out_dir), timeout=timeout)
    except ToolTimeout as exc:
        raise ContentError(
            "content.sample_timeout", path=path.name, timeout=f"{timeout:g}"
        ) from exc
    if result.returncode != 0:
        raise ContentError(
            "content.sample_failed",
            path=path.name,
            detail=result.stderr_text.strip()[-300:] or f"exit {result.returncode}",
        )
    return list(list_frames(out_dir))


def thumbnail(path: Path) -> np.ndarray:
    try:
        with Image.open(path) as im:
            im.draft("L", (_THUMB[0] * 2, _THUMB[1] * 2))
            small = im.convert("L").resize(_THUMB, Image.Resampling.BILINEAR)
    except OSError as exc:
        raise ContentError("content.frame_unreadable", path=str(path), detail=str(exc)) from exc
    return np.asarray(small, dtype=np.int16)


def changed(a: np.ndarray, b: np.ndarray) -> bool:
    share = float(np.count_nonzero(np.abs(a - b) > _PIXEL_DELTA)) / a.size
    return share > _CHANGED_SHARE


def distinct(frames: Sequence[Frame], duration_s: float) -> list[Frame]:
    """Frames that differ from the last one kept, thinned evenly to the per-minute bound."""
    kept: list[Frame] = []
    last: np.ndarray | None = None
    for frame in frames:
        thumb = thumbnail(frame.path)
        if last is None or changed(thumb, last):
            kept.append(frame)
            last = thumb
    bound = max(FRAMES_PER_MINUTE, math.ceil(FRAMES_PER_MINUTE * duration_s / 60.0))
    if len(kept) > bound:
        log.info("%d distinct frames, reading %d evenly spaced", len(kept), bound)
        step = len(kept) / bound
        kept = [kept[int(i * step)] for i in range(bound)]
    return kept
