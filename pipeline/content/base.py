"""What every evidence source shares: the job it works on and the snippets it returns.

An evidence source turns one entry's file into timed text (``Snippet``): chapter
titles, subtitle cues, on-screen text.  The stage matches every snippet's text against
the checklist; a source that already knows the section (declared timestamps) sets
``section_id`` instead.  Speech is matched word by word on the runner's stored
transcript (``heard.spoken_snippets``), so its snippets come with ``section_id`` and
``score`` set.  A new source is one more class with ``name`` and ``snippets``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from pipeline.config import Config
from pipeline.models import Entry, EvidenceKind, Fetched, ProbeResult


@dataclass(frozen=True)
class Job:
    """One entry's inputs to section detection."""

    entry: Entry
    fetched: Fetched
    probe: ProbeResult
    config: Config
    workdir: Path
    frames_dir: Path | None = None


@dataclass(frozen=True)
class Snippet:
    source: EvidenceKind
    start_s: float | None
    end_s: float | None
    text: str
    section_id: str | None = None  # set when the source itself names the section
    score: float | None = None  # speech: how close the heard words are to the phrase (0-1)


class EvidenceSource(Protocol):
    name: EvidenceKind

    def snippets(self, job: Job) -> list[Snippet]:
        """Timed text found in ``job``'s file; raises ContentError when it cannot run."""
        ...
