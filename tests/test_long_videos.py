"""Over-long videos cost little (issue 11): once probe shows the file breaks
duration.max_s only the limit plus a margin is decoded (integrity and the contact sheet
still from real frames), the frames per entry are capped, and a decode timeout is
remembered for an unchanged file like any other outcome, its time counted."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from pipeline.config import Config, Tools
from pipeline.fsutil import list_frames
from pipeline.media.analyze import DECODE_MARGIN_S, MAX_FRAMES, analyze
from pipeline.media.probe import probe
from pipeline.registry import load_registry
from pipeline.runner import Env, run_batch, validate
from pipeline.session import run_stats
from pipeline.store import Store
from tests.test_runner import NOW, all_found, write_registry


def test_a_file_over_the_limit_is_decoded_only_to_the_limit_plus_a_margin(
    config: Config, tmp_path: Path, make_media: Callable[[str], Path]
) -> None:
    video = make_media("black_1200")  # 20 minutes; the rule is at most 2
    facts = probe(video)
    assert facts.duration_s == 1200.0 and config.duration.max_s == 120
    a = analyze(video, facts, config, tmp_path / "work")
    limit = 120 + DECODE_MARGIN_S
    assert a.decode_ok and a.decode_limit_s == limit
    assert a.decoded_s is not None and limit - 1.0 <= a.decoded_s <= limit
    frames = list_frames(a.frames_dir) if a.frames_dir else ()
    assert frames and max(f.at_s for f in frames) <= limit
    assert len(frames) == 75  # one every 2 s of the 150 s decoded
    assert 6 <= len(a.thumbnails) <= 12  # the contact sheet, from real frames


def test_frames_per_entry_are_capped_when_there_is_no_limit(
    config: Config, tmp_path: Path, make_media: Callable[[str], Path]
) -> None:
    unlimited = config.model_copy(
        update={"duration": config.duration.model_copy(update={"max_s": None})}
    )
    video = make_media("black_1200")
    a = analyze(video, probe(video), unlimited, tmp_path / "work")
    assert a.decode_limit_s is None and a.decoded_s is not None and a.decoded_s >= 1199
    frames = list_frames(a.frames_dir) if a.frames_dir else ()
    assert len(frames) <= MAX_FRAMES and max(f.at_s for f in frames) >= 1190  # spread over it
    assert len(a.thumbnails) <= 12


def test_integrity_says_only_the_start_was_decoded(
    config: Config, tmp_path: Path, make_media: Callable[[str], Path]
) -> None:
    registry = write_registry(tmp_path, make_media, {"Dinas Sosial": "black_1200"})
    [entry] = load_registry(registry, config)
    with Store.open(tmp_path / "out") as store:
        env = Env(config=config, out=tmp_path / "out", lang="en", cache_dir=tmp_path / "c",
                  store=store, clock=lambda: NOW, find_sections=all_found)  # fmt: skip
        report = validate(entry, env).report
    checks = {c.id: c for c in report.checks}
    assert report.verdict.value == "fail" and checks["duration.max"].status.value == "fail"
    assert checks["integrity.decode"].status.value == "pass"
    assert checks["integrity.decode"].message == (
        "The first 150 s decode without errors (the rest of the over-long video is not decoded)."
    )


def test_a_decode_timeout_is_remembered_and_its_time_counted(
    config: Config, tmp_path: Path, make_media: Callable[[str], Path]
) -> None:
    # as if the TOML said decode_timeout_s = 0.001 (another file: another digest)
    slow = config.model_copy(update={"tools": Tools(decode_timeout_s=0.001), "digest": "slow"})
    registry = write_registry(tmp_path, make_media, {"Dinas Sosial": "black_90"})
    entries = load_registry(registry, slow)
    with Store.open(tmp_path / "out") as store:
        env = Env(config=slow, out=tmp_path / "out", lang="en", cache_dir=tmp_path / "c",
                  store=store, clock=lambda: NOW, find_sections=all_found)  # fmt: skip
        [first] = run_batch(entries, env)
        assert first.report.verdict.value == "error"
        assert "Decoding Dinas_Sosial.mp4 took longer than 0.001 s" in first.report.reason
        assert first.seconds["analysis"] > 0 and run_stats([first], 1.0)["stage_seconds"] > 0
        [second] = run_batch(entries, env)  # unchanged file and config: not decoded again
        assert "analysis" not in second.seconds and "analysis" in second.reused
        assert second.report.verdict.value == "error" and second.status == "unchanged"
        assert second.report.reason == first.report.reason
        forced = validate(entries[0], env)  # kipp rerun tries again
        assert "analysis" in forced.seconds
        patient = replace(env, config=config)  # a raised decode_timeout_s: decoded again
        [third] = run_batch(load_registry(registry, config), patient)
        assert "analysis" in third.seconds and third.report.verdict.value != "error"
