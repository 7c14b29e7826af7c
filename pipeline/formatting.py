"""Numbers, durations and times as officers and agencies read them: the one place
that knows Indonesian and English conventions (Babel's CLDR data, not hand-written
month tables or decimal commas).

    number(58.25, "id")              "58,25"      up to 3 decimals, no grouping
    fixed(59.999, "id")              "59,999"     exactly ``digits`` decimals
    seconds(60, "id")                "60,000 detik" / "60.000 s"
    clock(65.4)                      "1:05"       a position in a video (M:SS or H:MM:SS)
    clock_tenths(60.04, "id")        "1:00,0"     minutes for the eye, tenths for the rule
    when(dt, "Asia/Makassar", "id")  "31 Mei 2024 23.59 WITA"
    day_date(dt, zone, "id")         {"day": "Jumat", "date": "31 Mei 2024", "time": "23.59",
                                      "zone": "WITA"}
    csv_decimal(58.25)               "58,250"     what Excel set to Indonesian reads

Times are shown in the competition's time zone (``config.deadline.timezone``) with
the zone's own abbreviation from tzdata (``WITA`` for Asia/Makassar); a naive time is
taken as UTC (how kipp stores them).  Log files keep ISO 8601 UTC.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from babel.numbers import format_decimal

LOCALES = {"id": "id_ID", "en": "en_GB"}
_TIME = {"id": "HH.mm", "en": "HH:mm"}  # 23.59 is the Indonesian way (PUEBI)
_UNIT = {"id": " detik", "en": " s"}


def _locale(lang: str) -> str:
    return LOCALES.get(lang, LOCALES["id"])


def number(value: float, lang: str, digits: int = 3) -> str:
    """``value`` with at most ``digits`` decimals (trailing zeros dropped), no grouping."""
    pattern = "0." + "#" * digits if digits else "0"
    return format_decimal(value, format=pattern, locale=_locale(lang))


def fixed(value: float, lang: str, digits: int = 3) -> str:
    """``value`` with exactly ``digits`` decimals, no grouping: ``59,999``."""
    pattern = "0." + "0" * digits if digits else "0"
    return format_decimal(value, format=pattern, locale=_locale(lang))


def seconds(value: float | None, lang: str = "id") -> str:
    """A duration in seconds to the millisecond: ``59,999 detik`` / ``59.999 s``."""
    if value is None:
        return "?"
    return fixed(value, lang) + _UNIT.get(lang, _UNIT["id"])


def clock(value: float | None) -> str:
    """A position in a video as M:SS (or H:MM:SS), seconds cut (never rounded up)."""
    if value is None:
        return "?"
    total = int(value)
    h, rest = divmod(total, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def clock_tenths(value: float, lang: str) -> str:
    """M:SS with a tenth of a second, ``1:01,0`` (the berita acara's duration column)."""
    minutes, secs = divmod(round(value, 1), 60)
    return f"{int(minutes)}:" + format_decimal(secs, format="00.0", locale=_locale(lang))


def clock_against(value: float, limit: float, lang: str) -> tuple[str, str]:
    """``value`` and ``limit`` as clocks precise enough to tell apart: ``("0:58", "1:00")``,
    but ``("2:00,4", "2:00")`` when the whole seconds are the same."""
    shown, rule = clock(value), clock(limit)
    if shown != rule or value == limit:
        return shown, rule
    mark, whole = ("," if lang == "id" else "."), int(value)
    for digits in (1, 2, 3):
        part = int(round((value - whole) * 10**digits, 6))  # cut, never rounded up
        if part:
            break
    return f"{shown}{mark}{part:0{digits}d}", rule


def local(value: datetime, zone: str) -> datetime:
    """``value`` in the time zone ``zone`` (a naive value is UTC)."""
    aware = value if value.tzinfo else value.replace(tzinfo=UTC)
    return aware.astimezone(ZoneInfo(zone))


def parse_iso(text: str) -> datetime | None:
    """An ISO 8601 time as stored by kipp, or None when ``text`` is not one."""
    try:
        return datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return None


def when(value: datetime | None, zone: str, lang: str) -> str:
    """``31 Mei 2024 23.59 WITA`` / ``31 May 2024 23:59 WITA``; "" for None."""
    if value is None:
        return ""
    at = local(value, zone)
    text = format_datetime(at, f"d MMMM y {_TIME.get(lang, _TIME['id'])}", locale=_locale(lang))
    return f"{text} {at.tzname() or zone}"


def day_date(value: datetime, zone: str, lang: str) -> dict[str, str]:
    """The parts of a date in words: day name, date, time (HH.mm / HH:mm), zone name."""
    at, loc = local(value, zone), _locale(lang)
    return {
        "day": format_datetime(at, "EEEE", locale=loc),
        "date": format_datetime(at, "d MMMM y", locale=loc),
        "time": format_datetime(at, _TIME.get(lang, _TIME["id"]), locale=loc),
        "zone": at.tzname() or zone,
    }


def stamp(value: datetime, zone: str) -> str:
    """A compact local time for footers and tables: ``2024-06-01 10:30 WITA``."""
    at = local(value, zone)
    return f"{at:%Y-%m-%d %H:%M} {at.tzname() or zone}"


def csv_decimal(value: float, digits: int = 3) -> str:
    """A number for ``;``-separated CSV opened by Excel set to Indonesian: ``58,250``."""
    return fixed(value, "id", digits)
