"""Declared timestamps: registry columns where the agency says where a section starts.

A declaration is a claim, not a finding: the stage shows it as evidence and as the
place to look, but it does not by itself make a section present.
"""

from __future__ import annotations

from pipeline.content.base import Job, Snippet
from pipeline.models import EvidenceKind


class Declared:
    name: EvidenceKind = "declared"

    def snippets(self, job: Job) -> list[Snippet]:
        known = {s.id for s in job.config.sections}
        return [
            Snippet(self.name, float(at), None, f"{section_id} @ {at:g} s", section_id=section_id)
            for section_id, at in sorted(job.entry.declared.items(), key=lambda kv: kv[1])
            if section_id in known and at >= 0
        ]
