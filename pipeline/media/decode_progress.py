"""How far a running decode got, from ffmpeg's ``-progress pipe:1`` output read while it
runs (``pipeline.tools.run(..., on_stdout=reader.feed)``).

ffmpeg writes blocks of ``key=value`` lines about twice a second, each ending with
``progress=continue`` (``progress=end`` after the last).  ``out_time_us`` is the media
time reached, in microseconds (``out_time_ms`` is, despite its name, the same number;
``N/A`` before the first frame).  A reader turns it into the share of the media's
duration (ffprobe's), 0.0 to 1.0, and calls back each time that share grows by at
least ``step``, and once with 1.0 at the end.
"""

from __future__ import annotations

from collections.abc import Callable

ProgressCallback = Callable[[float], None]


class DecodeProgress:
    """Feed it stdout lines; it calls ``on_fraction(share)`` with a growing share."""

    def __init__(
        self, duration_s: float | None, on_fraction: ProgressCallback, *, step: float = 0.01
    ) -> None:
        self.duration_s = duration_s if duration_s and duration_s > 0 else None
        self.on_fraction = on_fraction
        self.step = step
        self.reached_s = 0.0  # media time reached, seconds
        self.shown = -1.0  # the share last reported

    def feed(self, line: str) -> None:
        key, _, value = line.strip().partition("=")
        if key == "out_time_us" and value.isdigit():
            self.reached_s = max(self.reached_s, int(value) / 1e6)
            if self.duration_s is not None:
                self._report(min(self.reached_s / self.duration_s, 1.0))
        elif key == "progress" and value == "end":
            self._report(1.0)

    def _report(self, share: float) -> None:
        if share >= self.shown + self.step or (share == 1.0 and self.shown < 1.0):
            self.shown = share
            self.on_fraction(share)
