"""Chapter titles in the file (from the probe) as evidence."""

from __future__ import annotations

from pipeline.content.base import Job, Snippet
from pipeline.models import EvidenceKind


class Chapters:
    name: EvidenceKind = "chapter"

    def snippets(self, job: Job) -> list[Snippet]:
        return [
            Snippet(self.name, ch.start_s, ch.end_s, ch.title)
            for ch in job.probe.chapters
            if ch.title.strip()
        ]
