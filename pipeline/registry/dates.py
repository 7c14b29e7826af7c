"""The timestamp column of a registry: one day/month order for the whole column.

    order = decide_order(values, formats, locale="id_ID")   # ColumnDates
    parse_stamp("5/30/2024 16:03:11", order, tz)             # datetime | None

A Google Forms export writes timestamps in the sheet's locale: ``31/05/2024 14:05:09``
(Indonesia) or ``5/30/2024 16:03:11`` (US).  ``5/6/2024`` alone is 5 June or 6 May, so
the order is decided per column from all its values: one value whose day is above 12
settles it (``5/30/2024`` can only be month/day).  When no value settles it, the
registry's locale decides (Babel's short date pattern: ``id`` is d/M, ``en_US`` M/d) and
the entries whose date reads differently the other way carry a note saying which
order was assumed.  Year-first formats (``2024-05-31``) have no such question.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, tzinfo
from typing import Literal

from pydantic import BaseModel, ConfigDict

log = logging.getLogger(__name__)

Order = Literal["D/M/Y", "M/D/Y"]


class ColumnDates(BaseModel):
    """The decision for one timestamp column."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    order: Order
    formats: tuple[str, ...]  # strptime formats, in the config's priority, for `order`
    other_formats: tuple[str, ...]  # the same with day and month swapped
    settled_by: str | None = None  # the value that settled the order; None: assumed
    locale: str  # the registry locale the assumption came from


def day_first(locale: str) -> bool:
    """True when the locale writes the day before the month (Babel's short date
    pattern: ``id`` ``d/M/yy`` -> True, ``en_US`` ``M/d/yy`` -> False).

    Raises:
        babel.UnknownLocaleError: an unknown locale (the config validates it first).
    """
    from babel.dates import get_date_format

    pattern = str(get_date_format("short", locale=locale).pattern)
    return pattern.find("d") < pattern.find("M")


def _order_of(fmt: str) -> Order | None:
    """D/M/Y or M/D/Y for a format with day, month and a trailing year; None otherwise."""
    d, m, y = fmt.find("%d"), fmt.find("%m"), fmt.find("%Y")
    if min(d, m) < 0 or (0 <= y < max(d, m)):
        return None
    return "D/M/Y" if d < m else "M/D/Y"


def _swap(fmt: str) -> str:
    return fmt.replace("%d", "\0").replace("%m", "%d").replace("\0", "%m")


def formats_for(order: Order, formats: Sequence[str]) -> tuple[str, ...]:
    """The config's formats with every day/month format turned to ``order``."""
    out: list[str] = []
    for fmt in formats:
        turned = fmt if _order_of(fmt) in (None, order) else _swap(fmt)
        if turned not in out:
            out.append(turned)
    return tuple(out)


def _read(text: str, formats: Sequence[str]) -> datetime | None:
    for fmt in formats:
        try:
            return datetime.strptime(text.strip(), fmt)
        except ValueError:
            continue
    return None


def decide_order(values: Sequence[str], formats: Sequence[str], *, locale: str) -> ColumnDates:
    """One order for the column (see module doc).  A column whose values settle both
    ways (a mixed export) takes the order more values settle, ties to the locale."""
    dmy, mdy = formats_for("D/M/Y", formats), formats_for("M/D/Y", formats)
    only: dict[Order, list[str]] = {"D/M/Y": [], "M/D/Y": []}
    for value in values:
        if not value.strip():
            continue
        as_dmy, as_mdy = _read(value, dmy), _read(value, mdy)
        if as_dmy is not None and as_mdy is None:
            only["D/M/Y"].append(value)
        elif as_mdy is not None and as_dmy is None:
            only["M/D/Y"].append(value)
    local: Order = "D/M/Y" if day_first(locale) else "M/D/Y"
    other: Order = "M/D/Y" if local == "D/M/Y" else "D/M/Y"
    order = other if len(only[other]) > len(only[local]) else local
    if only["D/M/Y"] and only["M/D/Y"]:
        log.warning(
            "registry timestamps settle both day/month orders (%s; %s): reading %s",
            only["D/M/Y"][0],
            only["M/D/Y"][0],
            order,
        )
    settled = only[order][0] if only[order] else None
    return ColumnDates(
        order=order,
        formats=dmy if order == "D/M/Y" else mdy,
        other_formats=mdy if order == "D/M/Y" else dmy,
        settled_by=settled,
        locale=locale,
    )


def parse_stamp(text: str, column: ColumnDates, tz: tzinfo) -> datetime | None:
    """A registry timestamp read with the column's order, in ``tz`` (forms record
    local time); None when no format reads it."""
    if not text.strip():
        return None
    naive = _read(text, column.formats)
    return naive.replace(tzinfo=tz) if naive is not None else None


def read_other_way(text: str, column: ColumnDates) -> datetime | None:
    """The same text read with day and month swapped (None when that is not a date)."""
    return _read(text, column.other_formats) if text.strip() else None
