"""Precision and recall of section detection over the labelled sample videos.

The labels (``LABELS`` in tests/content_support.py) say, per video, which sections are
shown and when.  A detection counts as right when the section is labelled, its start lies between
``TOLERANCE_S`` before the labelled start and the labelled end, and its end within
``TOLERANCE_S`` of the labelled end: frames are sampled every 2 s, so on-screen
text is seen up to 2 s after it appears and its end is known to 2 s.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from pipeline.config import Config, load_config
from pipeline.content import find_sections
from pipeline.models import Section
from tests.content_support import LABELS, entry, fetched, probe

ROOT = Path(__file__).resolve().parent.parent
TOLERANCE_S = 2.5
MIN_RECALL = 0.95
MIN_PRECISION = 0.98


@pytest.fixture(scope="module")
def config() -> Config:
    return load_config(ROOT / "config" / "kipp-minut-2024.toml")


@pytest.fixture(scope="module")
def detected(
    config: Config, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, tuple[Section, ...]]:

    def run(name: str) -> tuple[Section, ...]:
        agency, declared, _, _ = LABELS[name]
        fx = fetched(name)
        return find_sections(entry(config, agency, declared=declared), fx, probe(fx.path),
                             config, workdir=tmp_path_factory.mktemp(name))  # fmt: skip

    with pytest.MonkeyPatch.context() as mp, ThreadPoolExecutor(max_workers=2) as pool:
        mp.setenv("OMP_THREAD_LIMIT", "1")  # two videos at once on two cores
        return dict(zip(LABELS, pool.map(run, LABELS), strict=True))


def score(detected: dict[str, tuple[Section, ...]]) -> tuple[int, int, int, list[str]]:
    tp = fp = fn = 0
    wrong: list[str] = []
    for name, sections in detected.items():
        expected = LABELS[name][2]
        for s in sections:
            span = expected.get(s.id)
            hit = s.present is True
            right = bool(hit and span and s.start_s is not None and s.end_s is not None
                         and span[0] - TOLERANCE_S <= s.start_s <= span[1]
                         and abs(s.end_s - span[1]) <= TOLERANCE_S)  # fmt: skip
            if right:
                tp += 1
            elif hit:
                fp += 1
                wrong.append(f"{name}/{s.id}: found at {s.start_s} ({s.evidence[0].text!r}), "
                             f"labelled {span}")  # fmt: skip
            if span and not right:
                fn += 1
                wrong.append(f"{name}/{s.id}: labelled {span}, not found")
    return tp, fp, fn, wrong


def test_precision_and_recall_over_the_labelled_set(
    detected: dict[str, tuple[Section, ...]],
) -> None:
    tp, fp, fn, wrong = score(detected)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    print(f"\nsections: tp={tp} fp={fp} fn={fn} precision={precision:.3f} recall={recall:.3f}")
    assert recall >= MIN_RECALL, wrong
    assert precision >= MIN_PRECISION, wrong


def test_every_section_in_config_order_with_evidence(
    config: Config, detected: dict[str, tuple[Section, ...]]
) -> None:
    for sections in detected.values():
        assert [s.id for s in sections] == [s.id for s in config.sections]
        for s in sections:
            if s.present:
                assert s.evidence and s.start_s is not None and s.end_s is not None
                assert s.end_s >= s.start_s
                assert {e.source for e in s.evidence} <= {"chapter", "subtitle", "ocr", "declared"}


def test_innovation_type_seen_is_never_wrong(detected: dict[str, tuple[Section, ...]]) -> None:
    seen = {name: next(s.found_value for s in secs if s.id == "jenis_inovasi")
            for name, secs in detected.items()}  # fmt: skip
    for name, value in seen.items():
        assert value in (None, LABELS[name][3]), name
    labelled = [n for n in LABELS if LABELS[n][3]]
    assert sum(1 for n in labelled if seen[n] == LABELS[n][3]) >= len(labelled) - 1


def test_abbreviated_agency_on_screen_matches_registry_name(
    detected: dict[str, tuple[Section, ...]],
) -> None:
    section = next(s for s in detected["lower_thirds_busy"] if s.id == "nama_instansi")
    assert section.present is True
    assert "DISDUKCAPIL" in section.evidence[0].text


def test_competition_name_is_not_a_type_of_innovation(
    detected: dict[str, tuple[Section, ...]],
) -> None:
    section = next(s for s in detected["competition_banner"] if s.id == "jenis_inovasi")
    assert section.present is None and section.evidence == ()


def test_declared_timestamps_are_evidence_not_proof(
    detected: dict[str, tuple[Section, ...]],
) -> None:
    by_id = {s.id: s for s in detected["no_text"]}
    assert by_id["masalah"].present is None
    assert by_id["masalah"].start_s == 20.0
    assert [(e.source, e.start_s) for e in by_id["masalah"].evidence] == [("declared", 20.0)]
    assert by_id["nama_instansi"].present is None and by_id["nama_instansi"].evidence == ()
