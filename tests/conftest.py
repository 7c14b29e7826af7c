"""Shared pytest fixtures."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


# --- Drive server fixtures ---
# A real Drive v3 server on 127.0.0.1 (fixtures/drive_server.py) and a real
# google-api-python-client pointed at it.  Retries keep their count but wait 0 s.
from fixtures.drive_server import DriveServer  # noqa: E402
from pipeline.config import Config, load_config  # noqa: E402
from pipeline.fetch import FetchContext  # noqa: E402
from pipeline.fetch.drive import DriveClient, connect  # noqa: E402
from pipeline.retry import RetryPolicy  # noqa: E402

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
def kipp_config() -> Config:
    return load_config(ROOT / "config" / "kipp-minut-2024.toml")


@pytest.fixture
def fetch_ctx(drive_client: DriveClient, kipp_config: Config, tmp_path: Path) -> FetchContext:
    return FetchContext(config=kipp_config, cache_dir=tmp_path / "cache", drive=drive_client)


# --- end Drive server fixtures ---
