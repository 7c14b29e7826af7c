"""Subtitles as evidence: text streams in the file and subtitle files beside it.

    Subtitles().snippets(job) -> [Snippet("subtitle", start_s, end_s, text), ...]

Sidecars (.srt, .vtt, .ass, .ssa; ``fsutil.SIDECAR_SUFFIXES``) are parsed by pysubs2,
which tells the format from the content.  A text stream in the file (mov_text, subrip,
webvtt, ass/ssa) is extracted by one ffmpeg run as SubRip and parsed by pysubs2 too.
Bitmap subtitles (DVD, PGS) carry no text and are skipped.  A cue's text is its plain
text (markup such as ``<i>`` and ``{\\an8}`` removed), its lines joined by spaces.

Limits (``[subtitles]`` in the config): at most ``max_files`` sidecars are read, a file or
extracted stream over ``max_file_kb`` is skipped unread, and at most ``max_cues`` cues of
each are kept; each skip is logged.  (One 53 MB file of a million cues took 4-7 minutes
and 1.26 GB before.)
"""

from __future__ import annotations

import logging
from pathlib import Path

import pysubs2

from pipeline import i18n
from pipeline.config import SubtitleRule
from pipeline.content.base import Job, Snippet
from pipeline.errors import ContentError
from pipeline.fsutil import is_sidecar
from pipeline.models import EvidenceKind
from pipeline.tools import ToolTimeout, media_input, run

log = logging.getLogger(__name__)

TEXT_CODECS = {"mov_text", "subrip", "srt", "webvtt", "ass", "ssa", "text"}
TIMEOUT_S = 60.0

i18n.register(
    {
        "content.sidecar_unreadable": {
            "id": "Berkas subtitle {path} tidak dapat dibaca: kirim subtitle dalam format "
            "SRT, VTT, ASS atau SSA (UTF-8).",
            "en": "Subtitle file {path} cannot be read: send subtitles as SRT, VTT, ASS or "
            "SSA (UTF-8).",
        }
    }
)


def parse_text(
    text: str, source: EvidenceKind = "subtitle", *, fmt: str | None = None
) -> list[Snippet]:
    """Cues of a subtitle document (SubRip, WebVTT, ASS/SSA; ``fmt`` as pysubs2 names it,
    None: told from the content) as snippets, times in seconds.  Comments and drawings
    (ASS) and empty cues are left out.  Raises pysubs2.Pysubs2Error when it is none of them."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        return []
    cues: list[Snippet] = []
    for event in pysubs2.SSAFile.from_string(text, format_=fmt):
        if event.is_comment or event.is_drawing:
            continue
        body = " ".join(line.strip() for line in event.plaintext.splitlines() if line.strip())
        if body:
            cues.append(Snippet(source, event.start / 1000, event.end / 1000, body))
    return cues


def parse_srt(text: str, source: EvidenceKind = "subtitle") -> list[Snippet]:
    """Cues of a SubRip document (see ``parse_text``)."""
    return parse_text(text, source, fmt="srt")


def read_sidecar(path: Path, source: EvidenceKind = "subtitle") -> list[Snippet]:
    """Cues of a subtitle file (UTF-8, a BOM allowed).  Raises ContentError naming the
    file when it cannot be read or is not a subtitle format pysubs2 knows."""
    try:
        text = path.read_text("utf-8-sig", errors="replace")
        return parse_text(text, source)
    except OSError as exc:
        detail = exc.strerror or type(exc).__name__
        raise ContentError("content.sidecar_unreadable", path=path.name, detail=detail) from exc
    except (pysubs2.Pysubs2Error, ValueError) as exc:
        detail = str(exc)[:300]
        raise ContentError("content.sidecar_unreadable", path=path.name, detail=detail) from exc


def stream_srt(path: Path, stream: int) -> str:
    """The text subtitle stream ``stream`` of ``path`` as SubRip text, by ffmpeg."""
    args = ["ffmpeg", "-nostdin", "-hide_banner", "-v", "error", *media_input(path)]
    args += ["-map", f"0:{stream}", "-f", "srt", "-"]
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
            stream=stream,
            detail=result.stderr_text.strip()[-300:] or f"exit {result.returncode}",
        )
    return result.stdout.decode("utf-8", "replace")


def _limited(cues: list[Snippet], rule: SubtitleRule, what: str) -> list[Snippet]:
    if len(cues) > rule.max_cues:
        log.warning("%s: %d cues, the first %d kept ([subtitles] max_cues)", what, len(cues),
                    rule.max_cues)  # fmt: skip
    return cues[: rule.max_cues]


def _too_large(size: int, rule: SubtitleRule, what: str) -> bool:
    if size <= rule.max_file_kb * 1024:
        return False
    log.warning("%s: %d KB, over [subtitles] max_file_kb (%g): skipped", what, size // 1024,
                rule.max_file_kb)  # fmt: skip
    return True


class Subtitles:
    name: EvidenceKind = "subtitle"

    def snippets(self, job: Job) -> list[Snippet]:
        rule = job.config.subtitles
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
            text = stream_srt(job.fetched.path, sub.index)
            what = f"{job.fetched.path.name} stream {sub.index}"
            if not _too_large(len(text.encode()), rule, what):
                cues += _limited(parse_srt(text, self.name), rule, what)
        sidecars = [s for s in job.fetched.sidecars if is_sidecar(s)]
        if len(sidecars) > rule.max_files:
            log.warning("%s: %d subtitle files, the first %d read ([subtitles] max_files)",
                        job.entry.agency, len(sidecars), rule.max_files)  # fmt: skip
        for sidecar in sidecars[: rule.max_files]:
            try:
                if _too_large(sidecar.stat().st_size, rule, sidecar.name):
                    continue
                cues += _limited(read_sidecar(sidecar, self.name), rule, sidecar.name)
            except (ContentError, OSError) as exc:  # a broken sidecar must not sink the video
                log.warning("%s: subtitle file %s skipped: %s", job.entry.agency, sidecar, exc)
        return sorted(cues, key=lambda c: c.start_s or 0.0)
