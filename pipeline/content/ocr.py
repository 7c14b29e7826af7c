"""On-screen text as evidence: tesseract (Indonesian + English) on distinct frames.

Each frame (upscaled twice when narrower than ``UPSCALE_BELOW``) is read in up to
three versions: the grey picture with layout analysis (psm 3: title cards, boxed
and inverted lower thirds), and continuous maps of white and of yellow ink read as
sparse text (psm 11: light text drawn straight over a busy picture, where
tesseract's own binarisation fails).  Words under ``MIN_CONFIDENCE`` are dropped.

Engines: ``LoadedEngine`` keeps one tesseract in memory for all frames of an
entry (tesserocr) and is the default: measured with bench/content on the labelled
samples it takes 0.14 s a frame against 0.49 s for ``ProcessEngine``, which starts
the tesseract program per picture and loads the eng+ind models every time.  The
process engine stays as the fallback where tesserocr cannot be installed.

Cost (the largest after the decode, see bench/speech): frames wider than
``OCR_MAX_WIDTH`` are read at that width; a frame with no text-like region (no run of
sharp-edged blocks, ``text_like``, on a quarter-size decode) is not read at all; and
frames are read on ``workers`` threads, one engine each (tesserocr releases the GIL).
"""

from __future__ import annotations

import io
import logging
import os
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Literal, Protocol

import numpy as np
from PIL import Image

from pipeline import i18n
from pipeline.content import frames as framing
from pipeline.content.base import Job, Snippet
from pipeline.errors import ContentError, ToolMissing
from pipeline.fsutil import list_frames
from pipeline.models import EvidenceKind, Frame
from pipeline.text import fold
from pipeline.tools import ToolTimeout, run

log = logging.getLogger(__name__)

LANGS = ("eng", "ind")  # `ind` alone misreads words that eng+ind gets right (GOTCHAS)
PSM_AUTO = 3  # page layout analysis: finds boxed and inverted text on plain pictures
PSM_SPARSE = 11  # sparse text: words scattered over a colour map
MIN_CONFIDENCE = 45.0
GRAY_PSM = PSM_AUTO
UPSCALE_BELOW = 600  # frames narrower than this are read at twice their size
OCR_MAX_WIDTH = 960  # frames wider than this are read at this width
GATE_WIDTH = 320  # text_like looks at a frame this wide (JPEG decoded at reduced scale)
GATE_EDGE = 40  # a pixel is on a sharp edge when a colour channel jumps more than this
GATE_BLOCK = (8, 8)  # rows x columns of a block (at GATE_WIDTH)
GATE_DENSE = 6  # edge pixels that make a block "busy"
GATE_RUN = 3  # busy blocks side by side that look like a line of text
TIMEOUT_S = 30.0
EngineKind = Literal["loaded", "process"]
Line = list[tuple[str, float]]  # words with their confidence (0-100)


@dataclass(frozen=True)
class Tessdata:
    path: str
    langs: frozenset[str]


@cache
def tessdata() -> Tessdata:
    """Where tesseract's language data lives; ToolMissing without tesseract, eng or ind."""
    result = run(["tesseract", "--list-langs"], timeout=TIMEOUT_S)
    text = (result.stdout + result.stderr).decode("utf-8", "replace")
    m = re.search(r'languages in "([^"]+)"', text)
    langs = frozenset(ln.strip() for ln in text.splitlines()[1:] if ln.strip().isidentifier())
    missing = [lang for lang in LANGS if lang not in langs]
    if result.returncode != 0 or not m or missing:
        raise ToolMissing(key="ocr.no_language", langs=", ".join(missing) or "?")
    return Tessdata(m[1], langs)


class OcrEngine(Protocol):
    def read(self, image: Image.Image, psm: int) -> list[Line]: ...

    def close(self) -> None: ...


class LoadedEngine:
    """One tesseract kept in memory for all frames of an entry (tesserocr)."""

    def __init__(self) -> None:
        import tesserocr

        self._tesserocr = tesserocr
        self._api = tesserocr.PyTessBaseAPI(
            path=tessdata().path, lang="+".join(LANGS), psm=tesserocr.PSM.SPARSE_TEXT
        )

    def read(self, image: Image.Image, psm: int) -> list[Line]:
        t = self._tesserocr
        self._api.SetPageSegMode(psm)
        self._api.SetImage(image)
        self._api.Recognize()
        lines: list[Line] = []
        current: Line = []
        iterator = self._api.GetIterator()
        if iterator is None:
            return lines
        for word in t.iterate_level(iterator, t.RIL.WORD):
            try:
                text = word.GetUTF8Text(t.RIL.WORD)
            except RuntimeError:  # an empty element
                text = ""
            if text:
                current.append((text, word.Confidence(t.RIL.WORD)))
            if word.IsAtFinalElement(t.RIL.TEXTLINE, t.RIL.WORD) and current:
                lines.append(current)
                current = []
        if current:
            lines.append(current)
        return lines

    def close(self) -> None:
        self._api.End()


class ProcessEngine:
    """The tesseract program, started once per image (TSV output)."""

    def read(self, image: Image.Image, psm: int) -> list[Line]:
        buf = io.BytesIO()
        image.save(buf, format="PNG")
        args = ["tesseract", "stdin", "stdout", "-l", "+".join(LANGS),
                "--psm", str(psm), "tsv"]  # fmt: skip
        try:
            result = run(args, timeout=TIMEOUT_S, stdin=buf.getvalue())
        except ToolTimeout as exc:
            raise ContentError("content.ocr_failed", detail=str(exc)) from exc
        if result.returncode != 0:
            raise ContentError("content.ocr_failed", detail=result.stderr_text.strip()[-300:])
        return parse_tsv(result.stdout.decode("utf-8", "replace"))

    def close(self) -> None:
        pass


def parse_tsv(text: str) -> list[Line]:
    lines: dict[tuple[str, ...], Line] = {}
    for row in text.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) == 12 and cols[0] == "5" and cols[11].strip():
            lines.setdefault(tuple(cols[1:5]), []).append((cols[11], float(cols[10])))
    return list(lines.values())


def open_engine(kind: EngineKind = "loaded") -> OcrEngine:
    tessdata()  # ToolMissing early, with the install command
    if kind == "loaded":
        try:
            return LoadedEngine()
        except ImportError:
            log.info("tesserocr is not installed: starting tesseract once per picture")
        except RuntimeError as exc:  # tesserocr's own tesseract refused the language data
            log.warning("tesserocr cannot load %s (%s): starting tesseract once per picture",
                        tessdata().path, exc)  # fmt: skip
    return ProcessEngine()


def versions(image: Image.Image) -> list[tuple[Image.Image, int]]:
    """The pictures tesseract reads for one frame (see the module docstring).

    The colour maps are continuous (not thresholded) so that thin, anti-aliased and
    chroma-subsampled strokes survive; tesseract binarises them itself.
    """
    rgb = image.convert("RGB")
    if rgb.width < UPSCALE_BELOW:
        rgb = rgb.resize((rgb.width * 2, rgb.height * 2), Image.Resampling.LANCZOS)
    elif rgb.width > OCR_MAX_WIDTH:
        height = round(rgb.height * OCR_MAX_WIDTH / rgb.width)
        rgb = rgb.resize((OCR_MAX_WIDTH, height), Image.Resampling.BILINEAR)
    px = np.asarray(rgb, dtype=np.int16)
    lo, hi = px.min(axis=2), px.max(axis=2)
    red_green = np.minimum(px[..., 0], px[..., 1])
    whiteness = np.clip((lo - (hi - lo)) * 1.5 - 100, 0, 255)
    yellowness = np.where(red_green > 120, np.clip((red_green - px[..., 2] - 30) * 3, 0, 255), 0)
    out = [(rgb.convert("L"), GRAY_PSM)]
    for ink in (whiteness, yellowness):
        share = float(np.count_nonzero(ink > 128)) / ink.size
        if 0.0005 < share < 0.35:  # some text-sized ink, not a whole bright background
            out.append((Image.fromarray((255 - ink).astype(np.uint8)), PSM_SPARSE))
    return out


def text_like(image: Image.Image) -> bool:
    """Whether a frame may hold text: somewhere, ``GATE_RUN`` blocks side by side each
    with ``GATE_DENSE`` pixels on a sharp edge in any colour channel (letters are dense
    sharp edges in a row; sky, faces and soft gradients are not).  Lenient by design:
    a frame it passes is only read, one it refuses is never read."""
    small = image.convert("RGB")
    if small.width > GATE_WIDTH:
        small = small.resize((GATE_WIDTH, max(1, round(small.height * GATE_WIDTH / small.width))),
                             Image.Resampling.BILINEAR)  # fmt: skip
    px = np.asarray(small, dtype=np.int16)
    edges = np.asarray((np.abs(np.diff(px, axis=1)) > GATE_EDGE).any(axis=2))
    bh, bw = GATE_BLOCK
    h, w = edges.shape[0] // bh * bh, edges.shape[1] // bw * bw
    if not h or not w:
        return True
    counts: np.ndarray = edges[:h, :w].reshape(h // bh, bh, w // bw, bw).sum(axis=(1, 3))
    busy: np.ndarray = counts >= GATE_DENSE
    run: np.ndarray = busy[:, : busy.shape[1] - GATE_RUN + 1].copy()
    for k in range(1, GATE_RUN):
        run &= busy[:, k : busy.shape[1] - GATE_RUN + 1 + k]
    return bool(run.any())


def frame_text(engine: OcrEngine, path: Path) -> str:
    """The confident text lines of one frame, each line once ("" when the frame has no
    text-like region)."""
    try:
        with Image.open(path) as im:
            im.draft("RGB", (GATE_WIDTH, GATE_WIDTH))  # JPEG: decode at a reduced scale
            if not text_like(im):
                return ""
        with Image.open(path) as im:
            pictures = versions(im)
    except OSError as exc:
        raise ContentError("content.frame_unreadable", path=str(path), detail=str(exc)) from exc
    kept: list[str] = []
    seen: list[str] = []
    for picture, psm in pictures:
        for line in engine.read(picture, psm):
            text = " ".join(w for w, conf in line if conf >= MIN_CONFIDENCE).strip()
            key = fold(text)
            if len(key) >= 3 and not any(key in s for s in seen):
                kept.append(text)
                seen.append(key)
    return " / ".join(kept)


@dataclass
class OcrStats:
    frames_sampled: int = 0
    frames_read: int = 0
    seconds: float = 0.0


@dataclass
class Ocr:
    name: EvidenceKind = "ocr"
    engine: EngineKind = "loaded"
    workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    stats: OcrStats = field(default_factory=OcrStats)

    def frames(self, job: Job) -> list[Frame]:
        if job.frames_dir is not None:
            return list(list_frames(job.frames_dir))
        out = job.workdir / "frames"
        return framing.sample(job.fetched.path, out, timeout=job.config.tools.decode_timeout_s)

    def snippets(self, job: Job) -> list[Snippet]:
        started = time.perf_counter()
        sampled = self.frames(job)
        kept = framing.distinct(sampled, job.probe.duration_s)
        texts = self.read_all([f.path for f in kept])
        found: list[Snippet] = []
        for i, (frame, text) in enumerate(zip(kept, texts, strict=True)):
            end = kept[i + 1].at_s if i + 1 < len(kept) else job.probe.duration_s
            if text:
                found.append(Snippet(self.name, frame.at_s, max(end, frame.at_s), text))
        self.stats = OcrStats(len(sampled), len(kept), time.perf_counter() - started)
        log.info(
            "%s: OCR read %d of %d frames in %.1f s",
            job.entry.agency,
            len(kept),
            len(sampled),
            self.stats.seconds,
        )
        return found

    def read_all(self, paths: list[Path]) -> list[str]:
        """``frame_text`` of every path, in order, on up to ``workers`` threads (one
        engine per thread, all closed at the end)."""
        if not paths:
            return []
        local = threading.local()
        engines: list[OcrEngine] = []
        lock = threading.Lock()

        def read(path: Path) -> str:
            engine = getattr(local, "engine", None)
            if engine is None:
                engine = local.engine = open_engine(self.engine)
                with lock:
                    engines.append(engine)
            return frame_text(engine, path)

        try:
            with ThreadPoolExecutor(max(1, min(self.workers, len(paths)))) as pool:
                return list(pool.map(read, paths))
        finally:
            for engine in engines:
                engine.close()


i18n.register(
    {
        "ocr.no_language": {
            "id": "tesseract tidak punya data bahasa {langs}: pasang dengan: sudo apt-get "
            "install -y tesseract-ocr-eng tesseract-ocr-ind",
            "en": "tesseract has no language data for {langs}: install it with: sudo apt-get "
            "install -y tesseract-ocr-eng tesseract-ocr-ind",
        },
    }
)
