"""Shared fixtures: sample media (built once, cached), configs, the CLI, log hygiene."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from fixtures import media
from fixtures.drive_server import DriveServer
from pipeline.config import Config, load_config
from pipeline.fetch import FetchContext
from pipeline.fetch.drive import DriveClient, connect
from pipeline.retry import RetryPolicy

ROOT = Path(__file__).resolve().parent.parent
CONFIG_2024 = ROOT / "config" / "kipp-minut-2024.toml"
CONFIG_2025 = ROOT / "config" / "kipp-nasional-2025.toml"


def check_link(text: str, client: DriveClient | None) -> dict[str, Any]:
    """``kipp check-link``'s library call (the text read once, then checked) under the
    2024 rules, whose competition accepts Drive links only."""
    from pipeline.fetch.check import check_link as check
    from pipeline.fetch.check import read

    return check(read(text), load_config(CONFIG_2024), drive=client)


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


def allow_loopback(config: Config) -> Config:
    """``config`` with ``[fetch] allow_addresses = ["127.0.0.1"]``: the local stand-ins'
    address, which kipp refuses for an agency's link otherwise (pipeline.fetch.netguard)."""
    fetch = config.fetch.model_copy(update={"allow_addresses": ("127.0.0.1",)})
    return config.model_copy(update={"fetch": fetch})


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


# --- Drive server fixtures ---
# A real Drive v3 server on 127.0.0.1 (fixtures/drive_server.py) and a real
# google-api-python-client pointed at it.  Retries keep their count but wait 0 s.
DRIVE_ENV = (
    "GOOGLE_APPLICATION_CREDENTIALS",
    "KIPP_DRIVE_API_KEY",
    "KIPP_DRIVE_ENDPOINT",
    "KIPP_RETRY_WAIT_SCALE",
)
TEST_RETRY = RetryPolicy(attempts=4, wait_scale=0)


@pytest.fixture
def clean_drive_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No Drive credentials from the machine: env vars unset, no gcloud ADC file."""
    for name in DRIVE_ENV:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CLOUDSDK_CONFIG", str(tmp_path / "gcloud-empty"))


@pytest.fixture
def drive_server() -> Iterator[DriveServer]:
    with DriveServer() as server:
        yield server


@pytest.fixture
def drive_client(drive_server: DriveServer, clean_drive_env: None) -> Iterator[DriveClient]:
    """An API-key client (64 KiB chunks, so small files take several requests)."""
    client = connect(
        api_key="test-key",
        endpoint=drive_server.endpoint,
        retry=TEST_RETRY,
        chunk_size=64 * 1024,
    )
    assert client is not None
    with client:
        yield client


@pytest.fixture
def kipp_config(config: Config) -> Config:
    return config


@pytest.fixture
def fetch_ctx(drive_client: DriveClient, kipp_config: Config, tmp_path: Path) -> FetchContext:
    return FetchContext(config=kipp_config, cache_dir=tmp_path / "cache", drive=drive_client)


# --- end Drive server fixtures ---
