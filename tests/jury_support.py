"""Shared pieces of the jury tests: the worked example's rules, entries and scores.

The worked example (README "Penjurian" and the report of issue 21 give it in words):
four entries that passed validation (A, B, C, D), three jurors (j1 leads C's agency),
a video round of two criteria (isi: weight 3, scale 1-100; tampilan: weight 1, scale
1-5), the top two advance to an interview (one criterion, 1-100); the final is 70 video
/ 30 interview; ties go to the interview mean, then the isi criterion, then the
honorary judge.
"""

from __future__ import annotations

from datetime import UTC, datetime

from pipeline.jury.records import ScoreSource
from pipeline.jury.rules import Judging
from pipeline.jury.scoring import record_scores
from pipeline.models import Entry, Report, SourceFacts, Verdict
from pipeline.store import Store

NOW = datetime(2024, 6, 1, 9, 0, tzinfo=UTC)

RULES = {
    "normalisation": "mean",
    "honorary": "ties",
    "jurors": [
        {"id": "j1", "name": "Juri Satu", "title": "Kepala Dinas C", "role": "chair",
         "agency": "Dinas C"},
        {"id": "j2", "name": "Juri Dua", "role": "secretary"},
        {"id": "j3", "name": "Juri Tiga", "role": "member"},
        {"id": "hon", "name": "Bupati", "role": "honorary"},
    ],
    "rounds": [
        {"id": "video", "label": "Video", "advance": {"top": 2}, "criteria": [
            {"id": "isi", "label": "Isi", "scale_min": 1, "scale_max": 100, "weight": 3},
            {"id": "tampilan", "label": "Tampilan", "scale_min": 1, "scale_max": 5, "weight": 1},
        ]},
        {"id": "wawancara", "label": "Wawancara", "entries": "nominees:video", "criteria": [
            {"id": "jawaban", "label": "Jawaban", "scale_min": 1, "scale_max": 100, "weight": 1},
        ]},
    ],
    "final": {"combine": {"video": 70, "wawancara": 30}, "places": ["Juara I", "Juara II"],
              "tie_break": ["round:wawancara", "criterion:video.isi", "honorary"]},
}  # fmt: skip

# entry id -> (agency, verdict)
ENTRIES = {
    "a": ("Dinas A", Verdict.PASS),
    "b": ("Dinas B", Verdict.PASS),
    "c": ("Dinas C", Verdict.PASS),
    "d": ("Dinas D", Verdict.PASS),
    "e": ("Dinas E", Verdict.FAIL),
}

VIDEO = {  # juror -> entry -> (isi, tampilan); j1 leads Dinas C: no row for c
    "j1": {"a": (80, 4), "b": (70, 5), "d": (75, 3)},
    "j2": {"a": (90, 5), "b": (85, 4), "c": (88, 4), "d": (100, 5)},
    "j3": {"a": (70, 3), "b": (95, 5), "c": (84, 4), "d": (65, 4)},
}
INTERVIEW = {"j1": {"b": 80}, "j2": {"b": 70, "c": 70}, "j3": {"b": 90, "c": 80}}


def judging(**changes: object) -> Judging:
    return Judging.model_validate({**RULES, **changes})


def report(
    entry_id: str, agency: str, verdict: Verdict, md5: str = "m0", version: int = 1
) -> Report:
    return Report(
        agency=agency, entry_id=entry_id, link=f"https://drive.google.com/file/d/{entry_id}/view",
        title=f"Inovasi {agency}", verdict=verdict, reason="ok", checks=(), sections=(),
        probe=None, source=SourceFacts(kind="drive", name=f"{entry_id}.mp4", md5=md5),
        language="id", competition="KIPP", validated_at=NOW, tool_version="0.1.0",
        version=version,
    )  # fmt: skip


def seed(store: Store, entries: dict[str, tuple[str, Verdict]] = ENTRIES) -> None:
    """The entries as a validation run leaves them: registry rows and a report each."""
    for n, (entry_id, (agency, verdict)) in enumerate(entries.items(), start=2):
        entry = Entry(entry_id=entry_id, agency=agency, agency_canonical=agency, row=n)
        store.touch_entry(entry, NOW)
        store.add_report(entry_id, report(entry_id, agency, verdict), keys={}, run_id=None)


def sheet(name: str) -> ScoreSource:
    return ScoreSource(kind="sheet", name=name, sha256="0" * 64, version=1)


def score_video(store: Store, rules: Judging, scores: dict = VIDEO) -> None:
    for juror, rows in scores.items():
        values = {e: {"isi": isi, "tampilan": t} for e, (isi, t) in rows.items()}
        if juror == "j1":
            values["c"] = {"isi": None, "tampilan": None}
        record_scores(store, rules, juror, "video", values, by="Petugas",
                      source=sheet(f"{juror}.xlsx"), now=NOW)  # fmt: skip


def score_interview(store: Store, rules: Judging, scores: dict = INTERVIEW) -> None:
    for juror, rows in scores.items():
        values: dict = {e: {"jawaban": v} for e, v in rows.items()}
        if juror == "j1":
            values["c"] = {"jawaban": None}
        record_scores(store, rules, juror, "wawancara", values, by="Petugas",
                      source=sheet(f"{juror}-w.xlsx"), now=NOW)  # fmt: skip
