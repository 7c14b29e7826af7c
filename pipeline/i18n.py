"""Report language: Bahasa Indonesia (``id``, the default) and English (``en``).

Every text an officer reads in a report is a message key with parameters.  Stages
register their own messages next to their code with ``register``; ``message``
renders one, with local paths in its parameters cut to their last part (an agency
never reads kipp's folders).  A key missing in one language falls back to the other, and a
missing key renders as the key itself, so a report is never lost for a typo.
"""

from __future__ import annotations

import logging
import re
from typing import Any

log = logging.getLogger(__name__)

LANGUAGES = ("id", "en")
_CATALOG: dict[str, dict[str, str]] = {}


def register(entries: dict[str, dict[str, str]]) -> None:
    for key, texts in entries.items():
        if key in _CATALOG and _CATALOG[key] != texts:
            raise ValueError(f"message key {key!r} registered twice with different texts")
        _CATALOG[key] = texts


def has(key: str) -> bool:
    return key in _CATALOG


def catalog() -> dict[str, dict[str, str]]:
    """Every registered key -> its texts by language (a copy; for tests and tools)."""
    return {key: dict(texts) for key, texts in _CATALOG.items()}


def message(key: str, lang: str = "id", /, **params: Any) -> str:
    texts = _CATALOG.get(key)
    if texts is None:
        log.warning("no message for key %r", key)
        return key
    template = texts.get(lang) or texts.get("id") or texts.get("en") or key
    params = {k: hide_paths(v) if isinstance(v, str) else v for k, v in params.items()}
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        log.warning("message %r lacks a parameter: %r", key, params)
        return template


# an absolute local path (POSIX, home-relative or Windows) not inside a URL or a date
_LOCAL_PATH = re.compile(r"(?<![\w:/.~-])(?:~?/|[A-Za-z]:\\)[^\s'\"()<>,;|]+")


def hide_paths(text: str) -> str:
    """``text`` with every local path cut to its last part: a message an agency reads
    never shows kipp's folders (``/srv/kipp/.kipp/cache/drive/1AbC-f3.zip`` -> ``1AbC-f3.zip``).
    """
    return _LOCAL_PATH.sub(lambda m: re.split(r"[/\\]", m[0].rstrip("/\\"))[-1], text)


def seconds(value: float | None, lang: str = "id") -> str:
    """A duration shown to the millisecond, with the decimal mark of the language."""
    if value is None:
        return "?"
    text = f"{value:.3f}"
    return f"{text.replace('.', ',')} detik" if lang == "id" else f"{text} s"


def clock(value: float | None) -> str:
    """A position in a video as M:SS (or H:MM:SS)."""
    if value is None:
        return "?"
    total = int(value)
    h, rest = divmod(total, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


register(
    {
        "verdict.pass": {"id": "Lolos", "en": "Pass"},
        "verdict.fail": {"id": "Tidak lolos", "en": "Fail"},
        "verdict.needs_review": {"id": "Perlu ditinjau", "en": "Needs review"},
        "verdict.error": {"id": "Galat (ulangi nanti)", "en": "Error (try again)"},
        "status.pass": {"id": "lolos", "en": "pass"},
        "status.fail": {"id": "gagal", "en": "fail"},
        "status.warn": {"id": "peringatan", "en": "warning"},
        "status.skip": {"id": "dilewati", "en": "skipped"},
    }
)
