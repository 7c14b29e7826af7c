"""On-screen text made cheaper: frames with no text-like region are not read, large
frames are read smaller, and frames are read on several threads with the same result."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from fixtures import content_videos
from pipeline.content import frames as framing
from pipeline.content import ocr

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"


def _card(text: str, size: tuple[int, int] = (1280, 720), font_px: int = 28) -> Image.Image:
    """A dark frame with one lower-third line of ``text`` (or none)."""
    im = Image.new("RGB", size, (26, 34, 56))
    if text:
        ImageDraw.Draw(im).text((40, size[1] - 90), text, fill=(255, 255, 255),
                                font=ImageFont.truetype(FONT, font_px))  # fmt: skip
    return im


def test_text_like_refuses_plain_and_soft_pictures_only():
    assert ocr.text_like(_card("Dinas Kesehatan"))
    assert ocr.text_like(_card("Petunjuk teknis", size=(480, 270), font_px=18))
    assert not ocr.text_like(_card(""))
    ramp = np.tile(np.linspace(0, 255, 1280, dtype=np.uint8), (720, 1))
    soft = Image.fromarray(np.stack([ramp, ramp[::-1], ramp], axis=2))
    assert not ocr.text_like(soft.filter(ImageFilter.GaussianBlur(4)))
    yellow_on_light = Image.new("RGB", (640, 360), (242, 239, 230))
    ImageDraw.Draw(yellow_on_light).text((20, 280), "Pelayanan Publik", fill=(250, 210, 0),
                                         font=ImageFont.truetype(FONT, 24))  # fmt: skip
    assert ocr.text_like(yellow_on_light)  # little grey contrast, plenty in blue


def test_large_frames_are_read_at_the_ocr_width():
    pictures = ocr.versions(_card("Dinas Kesehatan", size=(1920, 1080)))
    assert {p.width for p, _ in pictures} == {ocr.OCR_MAX_WIDTH}
    assert ocr.versions(_card("x", size=(480, 270)))[0][0].width == 960  # small: upscaled


def test_threads_read_every_frame_in_order(tmp_path: Path):
    frames = framing.sample(content_videos.build("cards_dark"), tmp_path, timeout=600)[:8]
    paths = [f.path for f in frames]
    one = ocr.Ocr(workers=1).read_all(paths)
    assert ocr.Ocr(workers=2).read_all(paths) == one
    assert any("kesehatan" in t.lower() for t in one) and "" in one  # text cards and plain frames
