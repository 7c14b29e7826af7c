"""The one retry policy of kipp: exponential backoff with jitter, bounded attempts
and bounded total time.  Only transient failures are retried (the caller says
which); everything else goes straight through.

    policy = RetryPolicy()                 # 6 attempts, 1 s .. 30 s waits, 180 s in all
    policy.call(fn, transient=is_transient)

Tests make the waits zero with ``RetryPolicy(wait_scale=0)`` or, for whole
commands, the environment variable ``KIPP_RETRY_WAIT_SCALE=0``.  Nothing is patched.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception,
    stop_after_attempt,
    stop_after_delay,
    wait_random_exponential,
)

log = logging.getLogger(__name__)

T = TypeVar("T")
WAIT_SCALE_ENV = "KIPP_RETRY_WAIT_SCALE"


def _env_scale() -> float:
    raw = os.environ.get(WAIT_SCALE_ENV, "").strip()
    if not raw:
        return 1.0
    try:
        return max(0.0, float(raw))
    except ValueError:
        log.warning("%s=%r is not a number; using 1", WAIT_SCALE_ENV, raw)
        return 1.0


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to retry a transient failure.

    Waits are random in [0, min(max_wait_s, first_wait_s * 2**n)] ("full jitter"),
    multiplied by ``wait_scale``; the retries stop after ``attempts`` tries or once
    ``total_s`` seconds have passed since the first try, whichever comes first.
    """

    attempts: int = 6
    first_wait_s: float = 1.0
    max_wait_s: float = 30.0
    total_s: float = 180.0
    wait_scale: float = field(default_factory=_env_scale)

    def retrying(
        self,
        transient: Callable[[BaseException], bool],
        describe: Callable[[BaseException], str] = lambda exc: type(exc).__name__,
    ) -> Retrying:
        scale = self.wait_scale
        wait = wait_random_exponential(multiplier=self.first_wait_s, max=self.max_wait_s)

        def scaled_wait(state: RetryCallState) -> float:
            return float(wait(state)) * scale

        return Retrying(
            retry=retry_if_exception(transient),
            stop=stop_after_attempt(max(1, self.attempts)) | stop_after_delay(self.total_s),
            wait=scaled_wait,
            before_sleep=lambda state: _log_retry(state, describe),
            reraise=True,
        )

    def call(
        self,
        fn: Callable[[], T],
        *,
        transient: Callable[[BaseException], bool],
        describe: Callable[[BaseException], str] = lambda exc: type(exc).__name__,
    ) -> T:
        """Run ``fn``; retry it while it raises an exception ``transient`` accepts.
        The last exception is re-raised unchanged when the retries run out.
        ``describe`` renders a failure for the log (it must leave out secrets)."""
        return self.retrying(transient, describe)(fn)


def _log_retry(state: RetryCallState, describe: Callable[[BaseException], str]) -> None:
    exc = state.outcome.exception() if state.outcome else None
    wait = state.next_action.sleep if state.next_action else 0.0
    what = describe(exc) if exc is not None else "?"
    log.info("attempt %d failed (%s); retrying in %.1f s", state.attempt_number, what, wait)
