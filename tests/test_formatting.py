"""Numbers, durations and times in Indonesian and English (pipeline.formatting, Babel)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from pipeline import formatting as fmt

ZONE = "Asia/Makassar"


def test_numbers_use_the_language_s_decimal_mark_and_no_grouping():
    assert fmt.number(58.25, "id") == "58,25"
    assert fmt.number(58.0, "id") == "58"
    assert fmt.number(1234.5678, "en") == "1234.568"
    assert fmt.fixed(59.999, "id") == "59,999"
    assert fmt.seconds(60, "id") == "60,000 detik"
    assert fmt.seconds(60, "en") == "60.000 s"
    assert fmt.seconds(None, "id") == "?"
    assert fmt.csv_decimal(1234.5) == "1234,500"


@pytest.mark.parametrize(
    ("value", "limit", "lang", "want"),
    [
        (58.2, 60, "id", ("0:58", "1:00")),
        (59.9995, 60, "id", ("0:59", "1:00")),  # cut, never rounded up to the limit
        (120.96, 120, "id", ("2:00,9", "2:00")),
        (120.04, 120, "en", ("2:00.04", "2:00")),
        (120.0, 120, "id", ("2:00", "2:00")),
        (3725.0, 3600, "id", ("1:02:05", "1:00:00")),
    ],
)
def test_a_duration_against_its_limit_is_shown_precisely_enough_to_differ(value, limit, lang, want):
    assert fmt.clock_against(value, limit, lang) == want


def test_times_are_local_with_the_zone_name_in_both_languages():
    utc = datetime(2024, 5, 31, 15, 59, 30, tzinfo=UTC)
    assert fmt.when(utc, ZONE, "id") == "31 Mei 2024 23.59 WITA"
    assert fmt.when(utc, ZONE, "en") == "31 May 2024 23:59 WITA"
    assert fmt.when(utc.replace(tzinfo=None), ZONE, "id") == "31 Mei 2024 23.59 WITA"  # naive=UTC
    assert fmt.when(None, ZONE, "id") == ""
    assert fmt.day_date(utc, ZONE, "id") == {
        "day": "Jumat", "date": "31 Mei 2024", "time": "23.59", "zone": "WITA",
    }  # fmt: skip
    assert fmt.day_date(utc, ZONE, "en")["day"] == "Friday"
    assert fmt.stamp(utc, ZONE) == "2024-05-31 23:59 WITA"
    assert fmt.clock_tenths(61.04, "id") == "1:01,0"
