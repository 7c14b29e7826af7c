"""Stages as worker threads joined by bounded queues.

    run_stages(items, [Stage("fetch", fetch, 4), Stage("analysis", analyze, 2),
                       Stage("report", report, 1)], on_result)

Each item moves to the next stage as soon as its current stage ends, so I/O-bound
and CPU-bound stages overlap.  The queue in front of a stage holds at most twice
its workers, so a fast stage cannot pile up work (downloads on disk) ahead of a
slow one.  ``on_result`` runs in the calling thread, in completion order.

A stage function should handle the item's own problems itself; anything it raises
aborts the whole run: the workers stop taking new items and the first exception is
raised to the caller once every thread has ended.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)
_STOP = object()


@dataclass(frozen=True)
class Stage:
    name: str
    fn: Callable[[Any], Any]
    workers: int = 1


class _Run:
    def __init__(self, stages: Sequence[Stage]) -> None:
        self.stages = stages
        self.queues: list[queue.Queue[Any]] = [
            queue.Queue(maxsize=max(1, 2 * s.workers)) for s in stages
        ]
        self.results: queue.Queue[Any] = queue.Queue()
        self.abort = threading.Event()
        self.failure: BaseException | None = None
        self._lock = threading.Lock()

    def fail(self, exc: BaseException) -> None:
        with self._lock:
            if self.failure is None:
                self.failure = exc
        self.abort.set()

    def worker(self, index: int) -> None:
        stage, inbox = self.stages[index], self.queues[index]
        outbox = self.queues[index + 1] if index + 1 < len(self.stages) else self.results
        while (item := inbox.get()) is not _STOP:
            if self.abort.is_set():
                continue  # drain: keep taking items so nobody blocks on a full queue
            try:
                result = stage.fn(item)
            except BaseException as exc:  # handed to the caller
                log.debug("stage %s failed; stopping the run", stage.name, exc_info=True)
                self.fail(exc)
                continue
            outbox.put(result)


def run_stages(
    items: Iterable[Any], stages: Sequence[Stage], on_result: Callable[[Any], None]
) -> None:
    run = _Run(stages)
    pools = []
    for index, stage in enumerate(stages):
        threads = [
            threading.Thread(target=run.worker, args=(index,), name=f"kipp-{stage.name}-{n}",
                             daemon=True)
            for n in range(max(1, stage.workers))
        ]  # fmt: skip
        for t in threads:
            t.start()
        pools.append(threads)
    feeder = threading.Thread(target=_feed, args=(run, items, len(pools[0])), daemon=True)
    feeder.start()
    try:
        _collect(run, pools, on_result)
    except BaseException as exc:  # Ctrl-C or on_result failing: stop the workers too
        run.fail(exc)
        raise
    if run.failure is not None:
        raise run.failure


def _feed(run: _Run, items: Iterable[Any], workers: int) -> None:
    try:
        for item in items:
            if run.abort.is_set():
                break
            run.queues[0].put(item)
    finally:
        for _ in range(workers):
            run.queues[0].put(_STOP)


def _collect(
    run: _Run, pools: list[list[threading.Thread]], on_result: Callable[[Any], None]
) -> None:
    """Pass results on as they come; close each stage once the one before it ended."""
    for index, threads in enumerate(pools):
        while any(t.is_alive() for t in threads):
            _drain(run, on_result, timeout=0.05)
        nxt = run.queues[index + 1] if index + 1 < len(pools) else None
        if nxt is not None:
            for _ in pools[index + 1]:
                nxt.put(_STOP)
    _drain(run, on_result, timeout=0)


def _drain(run: _Run, on_result: Callable[[Any], None], *, timeout: float) -> None:
    try:
        result = run.results.get(timeout=timeout) if timeout else run.results.get_nowait()
    except queue.Empty:
        return
    if not run.abort.is_set():
        on_result(result)
    while True:
        try:
            result = run.results.get_nowait()
        except queue.Empty:
            return
        if not run.abort.is_set():
            on_result(result)
