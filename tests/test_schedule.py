"""Repeated runs until a deadline, with a clock and a sleep of the test's own."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from pipeline.errors import UsageError
from pipeline.schedule import parse_every, parse_until, repeat

START = datetime(2024, 5, 31, 8, 0, tzinfo=UTC)


class FakeTime:
    def __init__(self, run_takes: float) -> None:
        self.now = START
        self.run_takes = run_takes
        self.starts: list[datetime] = []
        self.sleeps: list[float] = []

    def job(self) -> None:
        self.starts.append(self.now)
        self.now += timedelta(seconds=self.run_takes)

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += timedelta(seconds=seconds)


def test_runs_every_interval_until_the_deadline():
    t = FakeTime(run_takes=300)
    runs = repeat(t.job, every=1800, until=START + timedelta(hours=2), clock=lambda: t.now,
                  sleep=t.sleep)  # fmt: skip
    assert runs == 5
    assert [(s - START).total_seconds() / 60 for s in t.starts] == [0, 30, 60, 90, 120]
    assert t.sleeps == [1500] * 4


def test_a_run_longer_than_the_interval_is_followed_at_once():
    t = FakeTime(run_takes=2400)
    repeat(t.job, every=1800, until=START + timedelta(hours=1), clock=lambda: t.now, sleep=t.sleep)
    assert [(s - START).total_seconds() / 60 for s in t.starts] == [0, 40]
    assert t.sleeps == []


def test_a_deadline_already_past_runs_once():
    t = FakeTime(run_takes=10)
    assert repeat(t.job, every=60, until=START - timedelta(days=1), clock=lambda: t.now,
                  sleep=t.sleep) == 1  # fmt: skip


@pytest.mark.parametrize(
    ("text", "seconds"), [("30m", 1800), ("2h", 7200), ("90s", 90), ("15", 900)]
)
def test_parse_every(text, seconds):
    assert parse_every(text) == seconds


@pytest.mark.parametrize("text", ["", "0m", "soon", "-5m", "3w"])
def test_parse_every_refuses(text):
    with pytest.raises(UsageError, match="30m, 2h or 90s"):
        parse_every(text)


def test_parse_until_is_local_competition_time_unless_an_offset_is_given():
    wita = parse_until("2024-05-31T23:59", "Asia/Makassar")
    assert wita.utcoffset() == timedelta(hours=8)
    assert parse_until("2024-05-31T23:59+00:00", "Asia/Makassar").utcoffset() == timedelta(0)
    with pytest.raises(UsageError, match="2024-05-31T23:59"):
        parse_until("besok", "Asia/Makassar")
