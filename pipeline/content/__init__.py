"""Content stage: find the checklist's sections in one entry's video.

    find_sections(entry, fetched, probe, config, *, workdir, frames_dir=None)
        -> tuple[Section, ...]   (one per config.sections item, in config order)

Evidence sources (one module each, see ``base.EvidenceSource``): chapter titles,
subtitles (streams and sidecars), on-screen text (OCR) and declared timestamps; what
the narrator says comes as the runner's stored transcript (``speech``).
Every snippet of text is matched against each section's keywords (``match``);
the section of role ``agency`` (config ``[[sections]] role``; KIPP: ``nama_instansi``)
matches the entry's own agency name, its canonical name and short forms, and the one of
role ``innovation_type`` (``jenis_inovasi``) records which innovation type was seen.

A section is present when a chapter, subtitle, on-screen text or speech shows it; its
start and end are those of the earliest occurrence.  A declared timestamp alone
does not make a section present (it is the agency's claim): it is kept as
evidence and as the place an officer should look.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from pathlib import Path

from pipeline import i18n
from pipeline.config import Config
from pipeline.content import match
from pipeline.content.base import EvidenceSource, Job, Snippet
from pipeline.content.chapters import Chapters
from pipeline.content.declared import Declared
from pipeline.content.heard import spoken_snippets
from pipeline.content.names import AgencyNames, agency_names, prepare, shared_words
from pipeline.content.ocr import Ocr
from pipeline.content.subtitles import Subtitles
from pipeline.models import Entry, Evidence, Fetched, ProbeResult, Section, Transcript

__all__ = [
    "EvidenceSource",
    "Job",
    "SectionMatcher",
    "Snippet",
    "agency_names",
    "default_sources",
    "find_sections",
]  # fmt: skip

log = logging.getLogger(__name__)

GAP_S = 4.0  # hits of one section from one source closer than this are one occurrence
MAX_EVIDENCE = 5  # occurrences kept per section and source
MAX_TEXT = 200  # characters of evidence text kept
TEXT_SOURCES = ("chapter", "subtitle", "ocr", "speech")

i18n.register(
    {
        "content.sample_failed": {
            "id": "ffmpeg tidak dapat mengambil cuplikan gambar dari {path} untuk membaca "
            "teks di layar: periksa apakah video dapat diputar, lalu ulangi.",
            "en": "ffmpeg could not take frames from {path} to read on-screen text: check "
            "that the video plays, then run again.",
        },
        "content.sample_timeout": {
            "id": "Pengambilan cuplikan gambar dari {path} melebihi {timeout} detik: ulangi, "
            "atau naikkan tools.decode_timeout_s di konfigurasi.",
            "en": "Taking frames from {path} took longer than {timeout} s: run again, or "
            "raise tools.decode_timeout_s in the config.",
        },
        "content.frame_unreadable": {
            "id": "Cuplikan gambar {path} tidak dapat dibaca: hapus folder cuplikan dan ulangi.",
            "en": "The frame {path} cannot be read: delete the frames folder and run again.",
        },
        "content.ocr_failed": {
            "id": "tesseract gagal membaca teks di layar: periksa instalasi tesseract-ocr "
            "(bahasa eng dan ind), lalu ulangi.",
            "en": "tesseract failed to read on-screen text: check the tesseract-ocr install "
            "(languages eng and ind), then run again.",
        },
        "content.subtitle_unreadable": {
            "id": "Subtitle {path} (stream {stream}) tidak dapat dibaca oleh ffmpeg: periksa "
            "berkas subtitle-nya, atau minta instansi mengirim ulang.",
            "en": "ffmpeg cannot read the subtitles in {path} (stream {stream}): check the "
            "subtitle file, or ask the agency to send it again.",
        },
        "content.subtitle_timeout": {
            "id": "Pembacaan subtitle {path} melebihi {timeout} detik: ulangi.",
            "en": "Reading the subtitles of {path} took longer than {timeout} s: run again.",
        },
    }
)


def default_sources() -> tuple[EvidenceSource, ...]:
    """The evidence sources read for every entry, in the order their findings are
    listed: chapters, subtitles, on-screen text (OCR), the registry's declared times.
    The speech transcript comes from its own stored stage."""
    return (Chapters(), Subtitles(), Ocr(), Declared())


def find_sections(
    entry: Entry,
    fetched: Fetched,
    probe: ProbeResult,
    config: Config,
    *,
    workdir: Path,
    frames_dir: Path | None = None,
    sources: Sequence[EvidenceSource] | None = None,
    speech: Transcript | None = None,
) -> tuple[Section, ...]:
    """One Section per checklist item of ``config``, with the evidence found for it;
    ``speech`` is the entry's stored transcript (the runner's speech stage), matched
    word by word."""
    job = Job(entry, fetched, probe, config, workdir, frames_dir)
    snippets: list[Snippet] = []
    for source in default_sources() if sources is None else sources:
        found = source.snippets(job)
        log.debug("%s: %d snippets from %s", entry.agency, len(found), source.name)
        snippets += found
    matcher = SectionMatcher(config, entry)
    heard = spoken_snippets(speech, matcher)
    log.debug("%s: %d sections heard in speech", entry.agency, len(heard))
    snippets += heard
    hits: dict[str, list[Snippet]] = {s.id: [] for s in config.sections}
    for snippet in snippets:
        ids = [snippet.section_id] if snippet.section_id else matcher.sections_in(snippet.text)
        for section_id in ids:
            if section_id in hits:
                hits[section_id].append(snippet)
    return tuple(
        _section(s.id, s.label, s.required, hits[s.id], matcher, s.role == "innovation_type")
        for s in config.sections
    )


class SectionMatcher:
    """Which checklist sections a piece of text shows, for one entry."""

    def __init__(self, config: Config, entry: Entry) -> None:
        self.types = match.phrases(config.innovation_types)
        self.blockers = _blockers(config, entry)
        self.phrases: dict[str, tuple[match.Phrase, ...]] = {}
        agency = config.section_with_role("agency")
        self.agency_id = agency.id if agency else None  # [[sections]] role = "agency"
        self.names = AgencyNames(entry, config)  # its names, on what distinguishes them
        self.spoken_names = AgencyNames(entry, config, fold=match.sounds)  # as heard
        for s in config.sections:
            texts = list(s.keywords)
            if s.role == "innovation_type":
                texts += config.innovation_types
            self.phrases[s.id] = match.phrases(texts)

    def words(self, text: str) -> list[str]:
        return match.mask(match.words(text), self.blockers)

    def sections_in(self, text: str) -> list[str]:
        raw = match.words(text)
        masked = match.mask(raw, self.blockers)
        return [
            sid
            for sid, ps in self.phrases.items()
            # the agency's name counts even inside the innovation's title
            if match.first_match(ps, raw if sid == self.agency_id else masked)
            or (sid == self.agency_id and self.names.found(raw))
        ]

    def innovation_type(self, text: str) -> str | None:
        found = match.first_match(self.types, self.words(text))
        return found.value if found else None


def _blockers(config: Config, entry: Entry) -> tuple[match.Phrase, ...]:
    """Phrases masked before matching keywords: the competition's own name ("Kompetisi
    Inovasi Pelayanan Publik" is not a type of innovation), every participant's name and
    short forms ("Dinas Ketahanan Pangan" is not "tantangan", a problem) and a long
    innovation title."""
    name = re.sub(r"\([^)]*\)|\d+", " ", config.competition.name)
    texts = [name]
    if len(match.words(entry.title)) >= 3:
        texts.append(entry.title)
    found = list(match.phrases(texts))
    names = [
        *agency_names(entry, config),
        *(t for a in config.agencies for t in (a.name, *a.aliases)),
    ]
    found += [n.phrase for n in prepare(names, shared_words(config))]
    # the longest first: a title or a full name is masked before a short form inside it
    return tuple(sorted(found, key=lambda p: -len(p.compact)))


def _occurrences(hits: list[Snippet]) -> list[Snippet]:
    """Hits of one source merged into occurrences (consecutive frames, adjacent cues)."""
    merged: list[Snippet] = []
    for hit in sorted(hits, key=lambda h: (h.source, h.start_s or 0.0)):
        prev = merged[-1] if merged else None
        start = hit.start_s or 0.0
        if (
            prev
            and prev.source == hit.source
            and start <= (prev.end_s or prev.start_s or 0) + GAP_S
        ):
            end = max(prev.end_s or 0.0, hit.end_s or start)
            score = max(prev.score or 0.0, hit.score or 0.0) if prev.score is not None else None
            merged[-1] = Snippet(prev.source, prev.start_s, end, prev.text, prev.section_id, score)
        else:
            merged.append(hit)
    return merged


def _clip(text: str) -> str:
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1].rstrip() + "…"


def _section(
    sid: str,
    label: str,
    required: bool,
    hits: list[Snippet],
    matcher: SectionMatcher,
    reports_type: bool,
) -> Section:
    occurrences = _occurrences(hits)
    kept: list[Snippet] = []
    for source in (*TEXT_SOURCES, "declared"):
        kept += [o for o in occurrences if o.source == source][:MAX_EVIDENCE]
    kept.sort(key=lambda o: o.start_s or 0.0)
    evidence = tuple(
        Evidence(
            source=o.source, start_s=o.start_s, end_s=o.end_s, text=_clip(o.text), score=o.score
        )
        for o in kept
    )
    shown = [o for o in kept if o.source != "declared"]
    found_value = None
    if reports_type:  # the section of role "innovation_type" says which type it saw
        found_value = next(
            filter(
                None,
                (
                    matcher.innovation_type(h.text)
                    # what the agency wrote (screen, captions) before what Whisper heard
                    for h in sorted(hits, key=lambda h: (h.source == "speech", h.start_s or 0))
                ),
            ),
            None,
        )
    if shown:
        first = shown[0]
        return Section(id=sid, label=label, required=required, present=True,
                       start_s=first.start_s, end_s=first.end_s, evidence=evidence,
                       found_value=found_value)  # fmt: skip
    declared = kept[0].start_s if kept else None
    return Section(id=sid, label=label, required=required, present=None, start_s=declared,
                   evidence=evidence, found_value=found_value)  # fmt: skip
