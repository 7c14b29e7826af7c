"""The library entry point: pipeline.validate(path, config) -> Report."""

from __future__ import annotations

import json

import pipeline
from pipeline.models import CheckStatus, Verdict
from tests.conftest import CONFIG_2024


def test_validate_one_short_video_as_a_library(make_media, tmp_path):
    """A 59 s video (ffmpeg testsrc2 + sine, 96x54, 2 fps) fails duration.min by its exact
    figure; the report files land in ``out``; nothing is printed."""
    report = pipeline.validate(make_media("short_59"), CONFIG_2024, agency="Dinas Sosial",
                               lang="en", out=tmp_path / "out")  # fmt: skip
    assert report.verdict is Verdict.FAIL and report.agency == "Dinas Sosial"
    check = next(c for c in report.checks if c.id == "duration.min")
    assert (check.status, check.value, check.expected) == (CheckStatus.FAIL, 59.0, ">= 60.000")
    assert report.probe is not None and report.probe.duration_s == 59.0
    saved = json.loads((tmp_path / "out" / "dinas-sosial" / "report.json").read_text("utf-8"))
    assert saved["verdict"] == "fail" and saved["language"] == "en"


def test_validate_reports_a_missing_file_instead_of_raising(tmp_path, config):
    report = pipeline.validate(tmp_path / "nope.mp4", config)
    assert report.verdict is Verdict.FAIL and report.language == "id"
    access = next(c for c in report.checks if c.id == "fetch.access")
    assert access.status is CheckStatus.FAIL and "nope.mp4" in access.message
