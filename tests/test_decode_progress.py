"""Live decode progress: ffmpeg's -progress output read while the decode runs
(pipeline.media.decode_progress through tools.run's streaming mode)."""

from __future__ import annotations

from pathlib import Path

import pytest

from fixtures.media import build
from pipeline.config import Config, Tools
from pipeline.errors import AnalysisError
from pipeline.media.analyze import analyze
from pipeline.media.decode_progress import DecodeProgress
from pipeline.tools import ToolTimeout, run
from tests.test_analyze import probe_of


def test_a_real_decode_read_while_it_runs_gives_growing_percentages() -> None:
    """``-re`` holds the decode to real time (2 s), so progress blocks arrive during it
    on any machine (every 0.1 s)."""
    shares: list[float] = []
    reader = DecodeProgress(2.0, shares.append)
    source = ["-re", "-f", "lavfi", "-i", "testsrc2=size=64x36:rate=10", "-t", "2"]
    cmd = ["ffmpeg", "-nostdin", "-hide_banner", *source, "-progress", "pipe:1",
           "-stats_period", "0.1", "-f", "null", "-"]  # fmt: skip
    assert run(cmd, timeout=60, on_stdout=reader.feed).returncode == 0
    assert len(shares) >= 5, shares
    assert shares == sorted(set(shares))  # strictly growing
    assert 0.0 < shares[0] < 0.5 and shares[-1] == 1.0


def test_the_analysis_pass_reports_its_progress_and_its_facts_do_not_change(
    config: Config, tmp_path: Path
) -> None:
    path = build("valid_90")
    shares: list[float] = []
    streamed = analyze(path, probe_of(path), config, tmp_path / "a", on_progress=shares.append)
    assert shares and shares == sorted(set(shares)) and shares[-1] == 1.0
    plain = analyze(path, probe_of(path), config, tmp_path / "b")
    assert (streamed.decode_ok, streamed.decoded_s) == (plain.decode_ok, plain.decoded_s)
    assert streamed.decoded_s == pytest.approx(90.0, abs=0.6)


def test_the_streaming_runner_gives_every_line_and_keeps_stderr() -> None:
    seen: list[str] = []
    source = ["-f", "lavfi", "-i", "testsrc2=size=64x36:rate=5", "-t", "6"]
    cmd = ["ffmpeg", "-nostdin", "-hide_banner", *source, "-progress", "pipe:1",
           "-stats_period", "0.05", "-f", "null", "-"]  # fmt: skip
    result = run(cmd, timeout=60, on_stdout=seen.append)
    assert result.returncode == 0
    assert seen[-1] == "progress=end"
    assert "\n".join(seen) + "\n" == result.stdout.decode()
    assert "testsrc2" in result.stderr_text  # stderr drained, not lost
    times = [int(v) for k, _, v in (ln.partition("=") for ln in seen) if k == "out_time_us"]
    assert times == sorted(times) and times[-1] >= 5_800_000


def test_the_streaming_runner_keeps_the_timeout(config: Config, tmp_path: Path) -> None:
    endless = ["ffmpeg", "-nostdin", "-f", "lavfi", "-re", "-i", "anullsrc", "-f", "null", "-"]
    with pytest.raises(ToolTimeout):
        run(endless, timeout=0.5, on_stdout=lambda line: None)
    slow = config.model_copy(update={"tools": Tools(decode_timeout_s=0.001)})
    path = build("valid_90")
    with pytest.raises(AnalysisError) as info:
        analyze(path, probe_of(path), slow, tmp_path, on_progress=lambda share: None)
    assert info.value.key == "analyze.timeout"


def test_the_reader_ignores_what_is_not_progress_and_reports_each_step_once() -> None:
    shares: list[float] = []
    reader = DecodeProgress(10.0, shares.append, step=0.1)
    for line in ["frame=1", "out_time_us=N/A", "out_time_us=500000", "out_time_us=1000000",
                 "out_time_us=1100000", "out_time_us=2500000", "progress=continue",
                 "out_time_us=2400000", "progress=end"]:  # fmt: skip
        reader.feed(line)
    assert shares == [0.05, 0.25, 1.0]
    unknown: list[float] = []
    no_duration = DecodeProgress(None, unknown.append)
    no_duration.feed("out_time_us=4000000")
    no_duration.feed("progress=end")
    assert unknown == [1.0] and no_duration.reached_s == 4.0
