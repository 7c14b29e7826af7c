"""The one retry policy: bounded attempts, waits scaled to zero in tests."""

from __future__ import annotations

import pytest

from pipeline.retry import RetryPolicy


class Flaky(Exception):
    pass


def test_retries_transient_failures_then_succeeds() -> None:
    calls = []

    def fn() -> str:
        calls.append(1)
        if len(calls) < 3:
            raise Flaky
        return "ok"

    assert (
        RetryPolicy(attempts=3, wait_scale=0).call(fn, transient=lambda e: isinstance(e, Flaky))
        == "ok"
    )
    assert len(calls) == 3


def test_gives_up_after_the_bound_and_reraises_the_last_error() -> None:
    calls = []

    def fn() -> None:
        calls.append(1)
        raise Flaky(len(calls))

    with pytest.raises(Flaky, match="5"):
        RetryPolicy(attempts=5, wait_scale=0).call(fn, transient=lambda e: True)


def test_other_errors_are_not_retried() -> None:
    calls = []

    def fn() -> None:
        calls.append(1)
        raise ValueError

    with pytest.raises(ValueError):
        RetryPolicy(wait_scale=0).call(fn, transient=lambda e: isinstance(e, Flaky))
    assert calls == [1]


def test_wait_scale_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIPP_RETRY_WAIT_SCALE", "0")
    assert RetryPolicy().wait_scale == 0
    monkeypatch.setenv("KIPP_RETRY_WAIT_SCALE", "0.5")
    assert RetryPolicy().wait_scale == 0.5
    monkeypatch.delenv("KIPP_RETRY_WAIT_SCALE")
    assert RetryPolicy().wait_scale == 1.0
