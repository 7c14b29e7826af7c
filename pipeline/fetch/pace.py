"""A download's time budget: a whole-transfer deadline and a minimum rate.

    budget = Budget.from_config(config.fetch)     # [fetch] deadline_s, min_rate_kbps,
    budget.feed(len(chunk))                       #         rate_window_s
    budget.read_timeout(60.0) -> seconds          # a socket read never outlives the deadline

A per-read timeout alone never stops a server that trickles a byte a second: every read
returns in time, and the download, the run and the folder lock never end.  A Budget
raises TooSlow when the whole transfer passed ``deadline_s`` (counted from its first
request, retries included), or when the last ``rate_window_s`` seconds brought fewer
than ``min_rate_kbps`` KiB a second.  The web fetcher checks it on every socket read
(headers included, ``pipeline.fetch.netguard``), Drive on every chunk, yt-dlp on every
progress report.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from pipeline import i18n
from pipeline.config import Fetch
from pipeline.errors import TransientFetchError

i18n.register(
    {
        "fetch.deadline": {
            "id": "Unduhan {link} tidak selesai dalam {limit} detik (batas [fetch] deadline_s "
            "di konfigurasi). Jalankan lagi nanti (kipp rerun); bila terulang, minta instansi "
            "menyimpan videonya di layanan lain atau naikkan batas itu.",
            "en": "The download of {link} did not finish within {limit} s (the config's "
            "[fetch] deadline_s). Run again later (kipp rerun); if it repeats, ask the agency "
            "to store the video elsewhere, or raise that limit.",
        },
        "fetch.too_slow": {
            "id": "Unduhan {link} terlalu lambat: kurang dari {limit} KiB/detik selama "
            "{window} detik (batas [fetch] min_rate_kbps di konfigurasi). Jalankan lagi nanti "
            "(kipp rerun); bila terulang, minta instansi menyimpan videonya di layanan lain.",
            "en": "The download of {link} is too slow: under {limit} KiB/s for {window} s (the "
            "config's [fetch] min_rate_kbps). Run again later (kipp rerun); if it repeats, "
            "ask the agency to store the video elsewhere.",
        },
    }
)


class TooSlow(Exception):
    """The transfer broke its budget: ``kind`` is ``deadline`` or ``rate``."""

    def __init__(self, kind: Literal["deadline", "rate"], limit: float, window: float) -> None:
        super().__init__(f"{kind}: limit {limit:g} (window {window:g} s)")
        self.kind, self.limit, self.window = kind, limit, window

    def as_fetch_error(self, **params: Any) -> TransientFetchError:
        """The entry's error (``error``: try again later), naming the link and the key."""
        key = "fetch.deadline" if self.kind == "deadline" else "fetch.too_slow"
        return TransientFetchError(
            key, limit=f"{self.limit:g}", window=f"{self.window:g}", **params
        )


@dataclass
class Budget:
    """Deadline (s) and minimum rate (bytes/s over ``window_s``) of one download.
    ``clock``: monotonic seconds (a test hands its own)."""

    deadline_s: float
    min_rate: float  # bytes per second; 0: no minimum
    window_s: float
    clock: Callable[[], float] = time.monotonic
    _start: float = field(init=False)
    _marks: deque[tuple[float, int]] = field(init=False)
    _total: int = field(init=False, default=0)

    def __post_init__(self) -> None:
        self._start = self.clock()
        self._marks = deque([(self._start, 0)])

    @classmethod
    def from_config(cls, fetch: Fetch) -> Budget:
        return cls(fetch.deadline_s, fetch.min_rate_kbps * 1024, fetch.rate_window_s)

    def feed(self, nbytes: int) -> None:
        """``nbytes`` more arrived (0: a read with nothing).  Raises TooSlow."""
        now = self.clock()
        self._total += nbytes
        if now - self._start > self.deadline_s:
            raise TooSlow("deadline", self.deadline_s, self.window_s)
        if now - self._marks[-1][0] >= 1.0:  # one mark a second at most
            self._marks.append((now, self._total))
        while len(self._marks) > 1 and now - self._marks[1][0] >= self.window_s:
            self._marks.popleft()  # keep one mark at least a window old
        since, then = self._marks[0]
        slow = self.min_rate and (self._total - then) < self.min_rate * (now - since)
        if slow and now - since >= self.window_s:
            raise TooSlow("rate", self.min_rate / 1024, self.window_s)

    def read_timeout(self, timeout: float | None) -> float:
        """The timeout for the next read: ``timeout`` cut to what is left of the deadline
        (raises TooSlow when nothing is left)."""
        left = self.deadline_s - (self.clock() - self._start)
        if left <= 0:
            raise TooSlow("deadline", self.deadline_s, self.window_s)
        return left if timeout is None else min(timeout, left)
