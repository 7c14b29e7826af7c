"""Repeated runs until a deadline: ``kipp run --every 30m --until 2024-05-31T23:59``.

    repeat(job, every=1800, until=deadline, clock=now, sleep=time.sleep) -> runs done

The job runs at once, then every ``every`` seconds (counted from each start; a run
longer than that is followed at once by the next) while the next start is not past
``until``.  Clock and sleep are passed in, so tests need no waiting.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from pipeline import i18n
from pipeline.errors import UsageError

log = logging.getLogger(__name__)
_EVERY = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|sec|m|min|h|hr|d)?\s*$", re.IGNORECASE)
_UNIT = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hr": 3600, "d": 86400}


def parse_every(text: str) -> float:
    """'30m' -> 1800.0; units s, m, h, d (plain numbers are minutes)."""
    m = _EVERY.match(text)
    if m is None or float(m.group(1)) <= 0:
        raise UsageError(key="schedule.every", text=repr(text))
    return float(m.group(1)) * _UNIT[(m.group(2) or "m").lower()]


def parse_until(text: str, timezone: str) -> datetime:
    """An ISO date-time; without an offset it is local time in the competition's zone."""
    try:
        at = datetime.fromisoformat(text.strip())
    except ValueError as exc:
        raise UsageError(key="schedule.until", text=repr(text)) from exc
    return at if at.tzinfo else at.replace(tzinfo=ZoneInfo(timezone))


def repeat(
    job: Callable[[], object],
    *,
    every: float,
    until: datetime,
    clock: Callable[[], datetime],
    sleep: Callable[[float], None],
) -> int:
    runs = 0
    while True:
        started = clock()
        job()
        runs += 1
        next_at = started + timedelta(seconds=every)
        if next_at > until:
            log.info("next run would start %s, after %s: stopping", next_at, until)
            return runs
        wait = (next_at - clock()).total_seconds()
        log.info("run %d done; next at %s", runs, next_at.isoformat(timespec="seconds"))
        if wait > 0:
            sleep(wait)


i18n.register(
    {
        "schedule.every": {
            "id": "--every {text} bukan selang waktu: tulis mis. 30m, 2h atau 90s.",
            "en": "--every {text} is not an interval: write e.g. 30m, 2h or 90s.",
        },
        "schedule.until_alone": {
            "id": "--until hanya bersama --every (mis. --every 30m --until 2024-05-31T23:59).",
            "en": "--until goes with --every (e.g. --every 30m --until 2024-05-31T23:59).",
        },
        "schedule.until": {
            "id": "--until {text} bukan tanggal dan jam: tulis mis. 2024-05-31T23:59.",
            "en": "--until {text} is not a date and time: write e.g. 2024-05-31T23:59.",
        },
    }
)
