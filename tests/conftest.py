"""Shared fixtures: sample media (built once, cached), configs, the CLI, log hygiene."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from fixtures import media
from pipeline.config import Config, load_config

ROOT = Path(__file__).resolve().parent.parent
CONFIG_2024 = ROOT / "config" / "kipp-minut-2024.toml"
CONFIG_2025 = ROOT / "config" / "kipp-nasional-2025.toml"


@pytest.fixture(scope="session")
def make_media() -> Callable[[str], Path]:
    """``make_media("valid_90")`` -> a cached sample (see fixtures/media.py for the ffmpeg
    command of each, e.g. ``ffmpeg -f lavfi -i testsrc2=size=96x54:rate=2 -f lavfi -i
    sine=frequency=440:sample_rate=32000 -t 90 -c:v libx264 -c:a aac out.mp4``)."""
    return media.build


@pytest.fixture(scope="session")
def config() -> Config:
    return load_config(CONFIG_2024)


@pytest.fixture(scope="session")
def config_2025() -> Config:
    return load_config(CONFIG_2025)


def kipp(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """Run the real `kipp` command (as `python -m pipeline`) and capture its output."""
    full_env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args],
        cwd=cwd or ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.fixture
def run_kipp() -> Callable[..., subprocess.CompletedProcess[str]]:
    return kipp


@pytest.fixture(autouse=True)
def _no_unexpected_error_logs(
    request: pytest.FixtureRequest, caplog: pytest.LogCaptureFixture
) -> Iterator[None]:
    """A test that logs at ERROR fails, unless marked ``allow_error_logs``."""
    caplog.set_level(logging.INFO)
    yield
    if request.node.get_closest_marker("allow_error_logs"):
        return
    errors = [r for r in caplog.get_records("call") if r.levelno >= logging.ERROR]
    assert not errors, f"unexpected ERROR logs: {[r.getMessage() for r in errors]}"
