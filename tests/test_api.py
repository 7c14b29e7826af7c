"""The library entry point: pipeline.validate(path, config) -> Report."""

from __future__ import annotations

import json

import pytest

import pipeline
from fixtures.youtube_server import YouTubeServer
from pipeline.config import Config
from pipeline.fetch.youtube_api import connect
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
    """A path that leads nowhere is the caller's to fix (issue 22): ``error``, not the
    agency's ``fail``."""
    report = pipeline.validate(tmp_path / "nope.mp4", config)
    assert report.verdict is Verdict.ERROR and report.language == "id"
    access = next(c for c in report.checks if c.id == "fetch.access")
    assert access.status is CheckStatus.SKIP and "nope.mp4" in access.message


def test_validate_a_youtube_link_with_a_client_from_a_key_file(
    tmp_path, config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A YouTube client made from a service-account key file (no YouTube variable set)
    serves the library call: the Data API's 6 minutes fail duration.max, nothing downloaded."""
    for name in ("KIPP_YOUTUBE_API_KEY", "KIPP_DRIVE_API_KEY", "GOOGLE_APPLICATION_CREDENTIALS"):
        monkeypatch.delenv(name, raising=False)
    rules = config.model_copy(
        update={"sources": config.sources.model_copy(update={"allowed": ("youtube",)})}
    )
    with YouTubeServer() as yt:
        key_file = tmp_path / "kipp-sa.json"
        key_file.write_text(json.dumps(yt.add_service_account()), encoding="utf-8")
        link = yt.add_video("AbCdEfGhIj0", title="Layanan A/B Terpadu", duration="PT6M")
        with connect(credentials=key_file, endpoint=yt.endpoint) as client:  # type: ignore[union-attr]
            report = pipeline.validate(link, rules, agency="Dinas Sosial", youtube=client)
        assert not yt.bodies("/watch")
    check = next(c for c in report.checks if c.id == "duration.max")
    assert (report.verdict, check.status, check.value) == (Verdict.FAIL, CheckStatus.FAIL, 360.0)
    assert report.source is not None and report.source.name == "Layanan A/B Terpadu"
