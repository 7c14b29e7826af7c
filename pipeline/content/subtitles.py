"""Subtitles as evidence: text streams in the file and .srt/.vtt sidecars beside it.

Every text subtitle format ffmpeg reads (mov_text, subrip, webvtt, ass/ssa) is
converted to SubRip by ffmpeg and parsed here, so one small parser serves them all.
Bitmap subtitles (DVD, PGS) carry no text and are skipped.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from pipeline.content.base import Job, Snippet
from pipeline.errors import ContentError
from pipeline.tools import ToolTimeout, run

log = logging.getLogger(__name__)

TEXT_CODECS = {"mov_text", "subrip", "srt", "webvtt", "ass", "ssa", "text"}
SIDECAR_SUFFIXES = {".srt", ".vtt", ".ass", ".ssa"}
TIMEOUT_S = 60.0
_TIME = re.compile(r"(?P<a>\d+:\d{2}:\d{2}[,.]\d{1,3})\s*-->\s*(?P<b>\d+:\d{2}:\d{2}[,.]\d{1,3})")
_TAG = re.compile(r"<[^>]*>|\{[^}]*\}")


def _seconds(stamp: str) -> float:
    h, m, s = stamp.replace(",", ".").split(":")
    return int(h) * 3600 + int(m) * 60 + float(s)


def parse_srt(text: str, source: str = "subtitle") -> list[Snippet]:
    """Cues of a SubRip document as snippets (tags such as <i> and {\\an8} removed)."""
    cues: list[Snippet] = []
    for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n")):
        lines = block.strip().split("\n")
        for k, line in enumerate(lines):
            m = _TIME.search(line)
            if m:
                body = " ".join(_TAG.sub("", ln).strip() for ln in lines[k + 1 :]).strip()
                if body:
                    cues.append(Snippet(source, _seconds(m["a"]), _seconds(m["b"]), body))
                break
    return cues


def to_srt(path: Path, stream: int | None = None) -> str:
    """``path`` (or its stream ``stream``) converted to SubRip text by ffmpeg."""
    args = ["ffmpeg", "-nostdin", "-hide_banner", "-v", "error", "-i", str(path)]
    if stream is not None:
        args += ["-map", f"0:{stream}"]
    args += ["-f", "srt", "-"]
    try:
        result = run(args, timeout=TIMEOUT_S)
    except ToolTimeout as exc:
        raise ContentError(
            "content.subtitle_timeout", path=path.name, timeout=f"{TIMEOUT_S:g}"
        ) from exc
    if result.returncode != 0:
        raise ContentError(
            "content.subtitle_unreadable",
            path=path.name,
            stream="-" if stream is None else stream,
            detail=result.stderr_text.strip()[-300:] or f"exit {result.returncode}",
        )
    return result.stdout.decode("utf-8", "replace")


class Subtitles:
    name = "subtitle"

    def snippets(self, job: Job) -> list[Snippet]:
        cues: list[Snippet] = []
        for sub in job.probe.subtitles:
            if sub.codec not in TEXT_CODECS:
                log.info(
                    "%s: subtitle stream %d is %s (no text), skipped",
                    job.fetched.path.name,
                    sub.index,
                    sub.codec,
                )
                continue
            cues += parse_srt(to_srt(job.fetched.path, sub.index), self.name)
        for sidecar in job.fetched.sidecars:
            if sidecar.suffix.lower() not in SIDECAR_SUFFIXES:
                continue
            try:
                cues += parse_srt(to_srt(sidecar), self.name)
            except ContentError as exc:  # a broken sidecar must not sink a good video
                log.warning("%s: subtitle file %s skipped: %s", job.entry.agency, sidecar, exc)
        return sorted(cues, key=lambda c: c.start_s or 0.0)
