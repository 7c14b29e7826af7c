"""Stage results as data: a stage's value with the key that makes it valid, its seconds
and whether it was reused.

    get_or_compute(env, entry_id, stage, inputs, adapter, compute, ...) -> StageResult[T]
    record(env, entry_id, stage, inputs, adapter, value, seconds) -> StageResult[T]

A stage whose computation fails raises StageFailed: the entry's error with a
StageResult of value None, so the seconds it cost still count.  Some failures are as
lasting as a result and are remembered (``Cache.remember``/``Cache.recall``): stored as
a RememberedFailure in the ``<stage>_failed`` row under the key a result of the same
inputs has, and raised again instead of recomputed while the inputs stay the same (not
when forced).  Which ones: REMEMBERED here (a decode that ran past the timeout does so
again for the same file under the same config), and in the fetch stage a failure in the
file itself (``WrongSource``, keyed by the file's version, recalled by the fetch once
Drive's metadata is known: ``pipeline.runner.stages``).

The key is the digest of the stage's inputs (what decides its result: the source's
identity, the tool version, the config digest, ...), so a stored result is valid
exactly while its inputs stay the same.  The stage names are the store's names:
fetch, probe, analysis, speech (the transcript), content.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, Literal, TypeVar

from pydantic import TypeAdapter

from pipeline.errors import AnalysisError, EntryError
from pipeline.models import RememberedFailure
from pipeline.store import Store

log = logging.getLogger(__name__)

T = TypeVar("T")
_FAILURE = TypeAdapter(RememberedFailure)
# the stages whose results the store keeps (a remembered failure of one: "<stage>_failed")
StoredStage = Literal["fetch", "probe", "analysis", "speech", "content"]
STAGE_NAMES: tuple[StoredStage, ...] = ("fetch", "probe", "analysis", "speech", "content")
# message key -> error class of failures remembered like results (the analysis key holds
# the config digest, so a raised tools.decode_timeout_s decodes again)
REMEMBERED: dict[str, type[EntryError]] = {"analyze.timeout": AnalysisError}


@dataclass(frozen=True)
class StageResult(Generic[T]):
    """One stage's result for one entry.

    ``key``: digest of the inputs it was computed from (32 hex characters);
    ``seconds``: wall time of the computation (0.0 when reused); ``reused``: taken from
    the store instead of computed."""

    stage: StoredStage
    value: T
    key: str
    seconds: float = 0.0
    reused: bool = False


class StageFailed(Exception):
    """A stage's computation raised ``error`` (or a remembered one was reused);
    ``result`` holds the stage, key and seconds spent, with value None."""

    def __init__(self, error: EntryError, result: StageResult[None]) -> None:
        super().__init__(str(error))
        self.error, self.result = error, result


def digest(inputs: dict[str, Any]) -> str:
    """32 hex characters of the sha256 of the inputs as sorted JSON."""
    text = json.dumps(inputs, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def stage_key(stage: StoredStage, inputs: dict[str, Any]) -> str:
    """The key a stage's result is stored under.  The fetch key is the digest of the
    source's identity alone (stores on disk hold fetch results, and every later key is
    made from it, under that key)."""
    return digest(inputs) if stage == "fetch" else digest({"stage": stage, **inputs})


@dataclass(frozen=True)
class Cache:
    """Where stage results live for one entry: the store, the clock, and whether a
    stored result may be reused (False: ``kipp rerun``, forced)."""

    store: Store
    entry_id: str
    label: str  # the agency, for the log
    now: Callable[[], Any]
    reuse: bool = True

    def get(self, stage: StoredStage, key: str, adapter: TypeAdapter[T]) -> T | None:
        """The stored result of ``stage`` under ``key``; None when there is none, it is
        unreadable or the run is forced."""
        return self._read(stage, key, adapter)

    def remember(
        self, stage: StoredStage, inputs: dict[str, Any], error: EntryError, seconds: float
    ) -> None:
        """Keep ``error`` as the outcome of ``stage`` for ``inputs``: a RememberedFailure
        in the ``<stage>_failed`` row, under the key a result would have
        (``stage_key(stage, inputs)``), with the ``seconds`` the attempt cost."""
        failure = RememberedFailure(key=error.key, params=error.params, detail=error.detail)
        log.info("%s: %s failed (%s), remembered for these inputs", self.label, stage, error.key)
        self.store.put_result(self.entry_id, f"{stage}_failed", stage_key(stage, inputs),
                              inputs=inputs, result_json=failure.model_dump_json(),
                              seconds=seconds, now=self.now())  # fmt: skip

    def recall(self, stage: StoredStage, inputs: dict[str, Any]) -> RememberedFailure | None:
        """The failure ``remember`` kept for these very inputs; None when there is none or
        the run is forced.  The caller rebuilds the error from it.  A fetch failure stored
        before fetch and analysis failures shared this rule was keyed
        ``digest({"stage": "fetch_failed", **inputs})``; it is still found."""
        row = f"{stage}_failed"
        known = self._read(row, stage_key(stage, inputs), _FAILURE)
        if known is None and stage == "fetch":  # kept by a kipp before the one rule: read only
            known = self._read(row, digest({"stage": row, **inputs}), _FAILURE)
        if known is not None:
            log.info("%s: %s unchanged, its earlier %s reused", self.label, stage, known.key)
        return known

    def _read(self, row: str, key: str, adapter: TypeAdapter[T]) -> T | None:
        text = self.store.get_result(self.entry_id, row, key) if self.reuse else None
        if text is None:
            return None
        try:
            return adapter.validate_json(text)
        except ValueError as exc:
            log.info("stored %s result of %s unreadable, redoing: %s", row, self.label, exc)
            return None


def record(
    cache: Cache,
    stage: StoredStage,
    inputs: dict[str, Any],
    adapter: TypeAdapter[T],
    value: T,
    seconds: float,
) -> StageResult[T]:
    """Store a computed value under the key of its inputs; returns it as a StageResult."""
    key = stage_key(stage, inputs)
    log.info("%s: %s done in %.2f s", cache.label, stage, seconds)
    cache.store.put_result(
        cache.entry_id,
        stage,
        key,
        inputs=inputs,
        result_json=adapter.dump_json(value).decode("utf-8"),
        seconds=seconds,
        now=cache.now(),
    )
    return StageResult(stage=stage, value=value, key=key, seconds=seconds)


def get_or_compute(
    cache: Cache,
    stage: StoredStage,
    inputs: dict[str, Any],
    adapter: TypeAdapter[T],
    compute: Callable[[], T],
    usable: Callable[[T], bool] = lambda _: True,
) -> StageResult[T]:
    """The stage's stored result for these inputs when there is a usable one, else
    ``compute()`` stored under the inputs' key.  An EntryError from ``compute`` (or a
    remembered one) raises StageFailed; other errors propagate."""
    key = stage_key(stage, inputs)
    stored = cache.get(stage, key, adapter)
    if stored is not None and usable(stored):
        log.info("%s: %s unchanged, stored result reused", cache.label, stage)
        return StageResult(stage=stage, value=stored, key=key, reused=True)
    if (known := cache.recall(stage, inputs)) is not None and known.key in REMEMBERED:
        error = REMEMBERED[known.key](known.key, detail=known.detail, **known.params)
        raise StageFailed(error, StageResult(stage=stage, value=None, key=key, reused=True))
    started = time.perf_counter()
    try:
        value = compute()
    except EntryError as exc:
        seconds = time.perf_counter() - started  # spent, even though it failed
        if exc.key in REMEMBERED:
            cache.remember(stage, inputs, exc, seconds)
        failed = StageResult(stage=stage, value=None, key=key, seconds=seconds)
        raise StageFailed(exc, failed) from exc
    return record(cache, stage, inputs, adapter, value, time.perf_counter() - started)
