"""Stage results as data: a stage's value with the key that makes it valid, its seconds
and whether it was reused.

    get_or_compute(env, entry_id, stage, inputs, adapter, compute, ...) -> StageResult[T]
    record(env, entry_id, stage, inputs, adapter, value, seconds) -> StageResult[T]

A stage whose computation fails raises StageFailed: the entry's error with a
StageResult of value None, so the seconds it cost still count.  Some failures are as
lasting as a result (REMEMBERED: a decode that ran past the timeout does so again for the
same file under the same config) and are stored under the same key, as ``<stage>_failed``,
and raised again instead of recomputed while the inputs stay the same (not when forced).

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
from pipeline.store import Store

log = logging.getLogger(__name__)

T = TypeVar("T")
# the stages whose results the store keeps; "fetch_failed": a fetch that failed for a
# reason in the file itself, kept under the file's version like a fetch
# (pipeline.runner.stages), not one of the stages a report is judged from
StoredStage = Literal["fetch", "probe", "analysis", "speech", "content", "fetch_failed"]
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
        text = self.store.get_result(self.entry_id, stage, key) if self.reuse else None
        if text is None:
            return None
        try:
            return adapter.validate_json(text)
        except ValueError as exc:
            log.info("stored %s result of %s unreadable, redoing: %s", stage, self.label, exc)
            return None

    def remember(
        self,
        stage: StoredStage,
        key: str,
        inputs: dict[str, Any],
        error: EntryError,
        seconds: float,
    ) -> None:
        text = json.dumps({"key": error.key, "params": error.params})
        self.store.put_result(self.entry_id, f"{stage}_failed", key, inputs=inputs,
                              result_json=text, seconds=seconds, now=self.now())  # fmt: skip

    def remembered(self, stage: StoredStage, key: str) -> EntryError | None:
        """The failure stored for these inputs, raised again (None when forced)."""
        text = self.store.get_result(self.entry_id, f"{stage}_failed", key) if self.reuse else None
        if text is None:
            return None
        known = json.loads(text)
        if known.get("key") not in REMEMBERED:
            return None
        log.info("%s: %s unchanged, its earlier %s reused", self.label, stage, known["key"])
        return REMEMBERED[known["key"]](known["key"], **known.get("params", {}))


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
    if (known := cache.remembered(stage, key)) is not None:
        raise StageFailed(known, StageResult(stage=stage, value=None, key=key, reused=True))
    started = time.perf_counter()
    try:
        value = compute()
    except EntryError as exc:
        seconds = time.perf_counter() - started  # spent, even though it failed
        if exc.key in REMEMBERED:
            cache.remember(stage, key, inputs, exc, seconds)
        failed = StageResult(stage=stage, value=None, key=key, seconds=seconds)
        raise StageFailed(exc, failed) from exc
    return record(cache, stage, inputs, adapter, value, time.perf_counter() - started)
