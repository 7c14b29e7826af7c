"""Shared pieces of the jury tests: the worked example's rules, entries and scores.

The worked example (README "Penjurian" and the report of issue 21 give it in words):
four entries that passed validation (a Dinas Kesehatan, b Dinas Perhubungan, c BAPPEDA,
d Dinas Perikanan; e Dinas Sosial failed), three jurors (j1, Kepala BAPPEDA, leads c's
agency) and an honorary judge,
a video round of two criteria (isi: weight 3, scale 1-100; tampilan: weight 1, scale
1-5), the top two advance to an interview (one criterion, 1-100); the final is 70 video
/ 30 interview; ties go to the interview mean, then the isi criterion, then the
honorary judge.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

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
        {
            "id": "j1",
            "name": "Juri Satu",
            "title": "Kepala BAPPEDA",
            "role": "chair",
            "agency": "Badan Perencanaan Pembangunan Daerah",
        },
        {"id": "j2", "name": "Juri Dua", "role": "secretary"},
        {"id": "j3", "name": "Juri Tiga", "role": "member"},
        {"id": "hon", "name": "Bupati", "role": "honorary"},
    ],
    "rounds": [
        {
            "id": "video",
            "label": "Video",
            "advance": {"top": 2},
            "criteria": [
                {"id": "isi", "label": "Isi", "scale_min": 1, "scale_max": 100, "weight": 3},
                {
                    "id": "tampilan",
                    "label": "Tampilan",
                    "scale_min": 1,
                    "scale_max": 5,
                    "weight": 1,
                },
            ],
        },
        {
            "id": "wawancara",
            "label": "Wawancara",
            "entries": "nominees:video",
            "criteria": [
                {
                    "id": "jawaban",
                    "label": "Jawaban",
                    "scale_min": 1,
                    "scale_max": 100,
                    "weight": 1,
                },
            ],
        },
    ],
    "final": {
        "combine": {"video": 70, "wawancara": 30},
        "places": ["Juara I", "Juara II"],
        "tie_break": ["round:wawancara", "criterion:video.isi", "honorary"],
    },
}

# entry id -> (agency, verdict)
ENTRIES = {
    "a": ("Dinas Kesehatan", Verdict.PASS),
    "b": ("Dinas Perhubungan", Verdict.PASS),
    "c": ("Badan Perencanaan Pembangunan Daerah", Verdict.PASS),
    "d": ("Dinas Perikanan", Verdict.PASS),
    "e": ("Dinas Sosial", Verdict.FAIL),
}

VIDEO = {  # juror -> entry -> (isi, tampilan); j1 leads BAPPEDA (c): no row for c
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
        agency=agency,
        entry_id=entry_id,
        link=f"https://drive.google.com/file/d/{entry_id}/view",
        title=f"Inovasi {agency}",
        verdict=verdict,
        reason="ok",
        checks=(),
        sections=(),
        probe=None,
        source=SourceFacts(kind="drive", name=f"{entry_id}.mp4", md5=md5),
        language="id",
        competition="KIPP",
        validated_at=NOW,
        tool_version="0.1.0",
        version=version,
    )


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
        record_scores(
            store,
            rules,
            juror,
            "video",
            values,
            by="Petugas",
            source=sheet(f"{juror}.xlsx"),
            now=NOW,
        )


def score_interview(store: Store, rules: Judging, scores: dict = INTERVIEW) -> None:
    for juror, rows in scores.items():
        values: dict = {e: {"jawaban": v} for e, v in rows.items()}
        if juror == "j1":
            values["c"] = {"jawaban": None}
        record_scores(
            store,
            rules,
            juror,
            "wawancara",
            values,
            by="Petugas",
            source=sheet(f"{juror}-w.xlsx"),
            now=NOW,
        )


JUDGING_TOML = """
[judging]
normalisation = "mean"
honorary = "ties"
[[judging.jurors]]
id = "j1"
name = "Juri Satu"
title = "Kepala BAPPEDA"
role = "chair"
agency = "Badan Perencanaan Pembangunan Daerah"
[[judging.jurors]]
id = "j2"
name = "Juri Dua"
role = "secretary"
[[judging.jurors]]
id = "j3"
name = "Juri Tiga"
role = "member"
[[judging.jurors]]
id = "hon"
name = "Bupati"
role = "honorary"
[[judging.rounds]]
id = "video"
label = "Video"
advance = { top = 2 }
[[judging.rounds.criteria]]
id = "isi"
label = "Isi"
weight = 3
[[judging.rounds.criteria]]
id = "tampilan"
label = "Tampilan"
scale_min = 1
scale_max = 5
weight = 1
[[judging.rounds]]
id = "wawancara"
label = "Wawancara"
entries = "nominees:video"
[[judging.rounds.criteria]]
id = "jawaban"
label = "Jawaban"
weight = 1
[judging.final]
combine = { video = 70, wawancara = 30 }
places = ["Juara I", "Juara II"]
tie_break = ["round:wawancara", "criterion:video.isi", "honorary"]
[judging.favourite]
cut_off = 2024-06-04T23:59:00
tie_break = ["comments", "reactions", "honorary"]
"""


def config_file(folder: Path) -> Path:
    """The shipped KIPP 2024 config with the worked example's [judging] in place of its own."""
    shipped = (Path(__file__).parent.parent / "config" / "kipp-minut-2024.toml").read_text("utf-8")
    head = shipped.split("\n[judging]", 1)[0]
    path = folder / "kipp-test.toml"
    path.write_text(head + "\n" + JUDGING_TOML, "utf-8")
    return path


def fill_sheet(path: Path, values: dict[str, tuple[object, ...]]) -> Path:
    """Type ``values`` (entry id -> one value per criterion column, in order) into a juror's
    sheet as a juror would, and save it."""
    from openpyxl import load_workbook

    book = load_workbook(path)
    ws = book.worksheets[0]
    heads = [c.value for c in ws[5]]
    first = heads.index("entry_id")
    for row in ws.iter_rows(min_row=6):
        entry = row[first].value
        for n, value in enumerate(values.get(entry, ())):
            row[5 + n].value = value
    book.save(path)
    return path
