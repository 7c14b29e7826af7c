"""Answers of the tools kipp parses that cannot be read (issue 11): kipp's problem, so
verdict ``error`` ("kipp could not read the tool's answer; run again"), never ``fail``
("upload again").  The tools are real executables set through $FFPROBE / $FFMPEG."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from pipeline.config import Config
from pipeline.errors import AnalysisError, ProbeError
from pipeline.media.analyze import analyze
from pipeline.media.probe import probe
from pipeline.registry import load_registry
from pipeline.runner import Env, validate
from pipeline.store import Store
from tests.test_runner import NOW, all_found, write_registry


def fake_tool(folder: Path, name: str, stdout: str, code: int = 0) -> Path:
    script = folder / name
    script.write_text(f"#!/bin/sh\ncat <<'EOF'\n{stdout}\nEOF\nexit {code}\n", "utf-8")
    script.chmod(0o755)
    return script


@pytest.mark.parametrize(
    "answer",
    [
        "this is not JSON {",
        "[1, 2, 3]",
        '{"streams": "none"}',
        '{"format": {}, "streams": [1]}',
        "",
    ],
)
def test_ffprobe_exit_0_with_unreadable_json_is_an_error(
    answer: str, tmp_path: Path, make_media: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FFPROBE", str(fake_tool(tmp_path, "ffprobe", answer)))
    with pytest.raises(ProbeError) as caught:
        probe(make_media("black_90"), name="video.mp4")
    assert type(caught.value) is ProbeError and caught.value.outcome == "error"
    assert caught.value.render("en") == (
        "kipp could not read the tool's answer (ffprobe on video.mp4); run again. If it "
        "repeats, check the ffprobe install."
    )


def test_ffmpeg_exit_0_without_its_progress_report_is_an_error(
    tmp_path: Path,
    make_media: Callable[[str], Path],
    config: Config,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A decode pass that says nothing is not a clean decode."""
    video = make_media("black_90")
    facts = probe(video)
    monkeypatch.setenv("FFMPEG", str(fake_tool(tmp_path, "ffmpeg", "garbage")))
    with pytest.raises(AnalysisError) as caught:
        analyze(video, facts, config, tmp_path / "work")
    assert caught.value.key == "tool.bad_answer" and caught.value.outcome == "error"
    assert not list((tmp_path / "work").iterdir())  # no frames.part left


def test_the_entry_gets_verdict_error_not_fail(
    tmp_path: Path,
    make_media: Callable[[str], Path],
    config: Config,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    registry = write_registry(tmp_path, make_media, {"Dinas Sosial": "black_90"})
    [entry] = load_registry(registry, config)
    monkeypatch.setenv("FFPROBE", str(fake_tool(tmp_path, "ffprobe", "{ broken")))
    with Store.open(tmp_path / "out") as store:
        env = Env(config=config, out=tmp_path / "out", lang="id", cache_dir=tmp_path / "c",
                  store=store, clock=lambda: NOW, find_sections=all_found)  # fmt: skip
        report = validate(entry, env).report
    assert report.verdict.value == "error"
    [check] = [c for c in report.checks if c.id == "file.is_video"]
    assert check.status.value == "skip"
    assert check.message == (
        "kipp tidak dapat membaca jawaban ffprobe untuk berkas Dinas_Sosial.mp4; jalankan lagi. "
        "Bila "
        "terulang, periksa instalasi ffprobe."
    )
