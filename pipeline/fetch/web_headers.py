"""A web server's answer, parsed at the edge into typed values (``pipeline.fetch.web``).

    total(headers, offset) -> int | None         Content-Range's total, or offset + length
    starts_at(headers, offset) -> bool           the 206 continues at ``offset``
    file_name(headers, url) -> str               Content-Disposition's name, else the path's
    http_date(value) -> datetime | None          Last-Modified, None when not a real date
    media_type(headers) -> str | None            "video/mp4": a hint for messages only

Every header is the server's word, and the server is anyone's: a value that is not what
its RFC says is None (unknown), never an exception.  A date outside 1970-2200 (the year
9999 of a hostile Last-Modified) is no date; a size of more than 18 digits is no size; a
file name loses its folders and its control and bidi characters.
"""

from __future__ import annotations

import email.message
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from pipeline.text import printable

MAX_DIGITS = 18  # 10**18 bytes is an exabyte: a longer number is not a size
YEARS = (1970, 2200)
_RANGE = re.compile(r"bytes\s+(\d{1,18})-(\d{1,18})/(\d{1,18}|\*)\s*$", re.IGNORECASE)


def _digits(value: str | None) -> int | None:
    text = (value or "").strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) <= MAX_DIGITS else None


def total(headers: Mapping[str, str], offset: int | None) -> int | None:
    """The whole file's size in bytes: Content-Range's total, or ``offset`` +
    Content-Length (None: ``offset`` unknown, or no usable header)."""
    found = _RANGE.match(headers.get("content-range", "").strip())
    if found and found[3] != "*":
        return int(found[3])
    length = _digits(headers.get("content-length"))
    if length is not None and offset is not None:
        return offset + length
    return None


def starts_at(headers: Mapping[str, str], offset: int) -> bool:
    """A 206 whose Content-Range starts at ``offset`` ("bytes 100-999/1000")."""
    found = _RANGE.match(headers.get("content-range", "").strip())
    return found is not None and int(found[1]) == offset


def file_name(headers: Mapping[str, str], url: str) -> str:
    """Content-Disposition's file name (RFC 6266 / 2231), else the URL path's last part;
    folders, control and bidi characters removed; "video" when nothing is left."""
    name = ""
    header = headers.get("content-disposition")
    if header:
        msg = email.message.Message()
        try:
            msg["content-disposition"] = header
            name = str(msg.get_filename() or "")
        except (ValueError, LookupError, TypeError, IndexError):
            name = ""  # a header no mail parser can read: the URL's name instead
    if not name:
        name = unquote(urlsplit(url).path)
    name = printable(PurePosixPath(name.replace("\\", "/")).name).strip()
    return name[:200] or "video"


def http_date(value: str | None) -> datetime | None:
    """An HTTP date (RFC 9110) as an aware UTC datetime; None when missing, unreadable or
    outside 1970-2200 (a server's year 9999 is not a date kipp can compare)."""
    if not value or len(value) > 100:
        return None
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if parsed is None or not YEARS[0] <= parsed.year < YEARS[1]:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    try:
        return parsed.astimezone(UTC)
    except (OverflowError, ValueError):
        return None


def media_type(headers: Mapping[str, str]) -> str | None:
    """The type the server claims ("video/mp4"), lower case, parameters dropped; None when
    missing or malformed.  Only a hint for messages: files are judged by their bytes."""
    kind = headers.get("content-type", "").split(";")[0].strip().lower()
    return kind if re.fullmatch(r"[a-z0-9.+-]{1,60}/[a-z0-9.+-]{1,100}", kind) else None


def suffix(name: str | None) -> str:
    """The cached file's extension: the name's when short and alphanumeric, else .mp4."""
    found = PurePosixPath(str(name or "")).suffix.lower()
    return found if 1 < len(found) <= 6 and found[1:].isascii() and found[1:].isalnum() else ".mp4"
