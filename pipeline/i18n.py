"""Report language: Bahasa Indonesia (``id``, the default) and English (``en``).

Every text an officer reads in a report is a message key with parameters.  Stages
register their own messages next to their code with ``register`` (a key asked for
before its module was loaded, e.g. a stored report's check judged in another process,
loads every kipp module once: ``_texts``); ``message`` renders one, with local paths
in its parameters cut to their last part (an agency never reads kipp's folders).  A
key missing in one language falls back to the other, and a missing key renders as the
key itself, so a report is never lost for a typo.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from pipeline import formatting

log = logging.getLogger(__name__)

LANGUAGES = ("id", "en")
_CATALOG: dict[str, dict[str, str]] = {}
_TERMINAL: set[str] = set()


def register(entries: dict[str, dict[str, str]], *, terminal: bool = False) -> None:
    """Add message keys; ``terminal``: texts only the officer reads in the terminal
    (usage errors), which may name kipp's own folders (``OUT/.kipp/kipp.log``)."""
    for key, texts in entries.items():
        if key in _CATALOG and _CATALOG[key] != texts:
            raise ValueError(f"message key {key!r} registered twice with different texts")
        _CATALOG[key] = texts
        if terminal:
            _TERMINAL.add(key)


def terminal_keys() -> frozenset[str]:
    """The keys registered as terminal-only (``register(..., terminal=True)``)."""
    return frozenset(_TERMINAL)


_LOADED_ALL = False


def _texts(key: str) -> dict[str, str] | None:
    """``key``'s texts by language.  A key not registered yet may belong to a module this
    process never imported (yt-dlp's messages, when a stored report is rendered again):
    every ``pipeline`` module is imported once, so each registers its texts."""
    global _LOADED_ALL
    if key not in _CATALOG and not _LOADED_ALL:
        _LOADED_ALL = True
        import importlib
        import pkgutil

        import pipeline

        for info in pkgutil.walk_packages(pipeline.__path__, "pipeline."):
            if info.name.endswith("__main__"):
                continue
            try:
                importlib.import_module(info.name)
            except ImportError as exc:  # an optional extra (speech) not installed
                log.debug("texts of %s not loaded: %s", info.name, exc)
    return _CATALOG.get(key)


def has(key: str) -> bool:
    """Whether ``key`` is registered now.  A miss is an answer here (a check with no
    notice text of its own), so it loads nothing: only rendering a key (``message``,
    ``template``) imports the modules it may live in."""
    return key in _CATALOG


def template(key: str, lang: str) -> str | None:
    """The text ``key`` renders from in ``lang`` (with its ``{fields}``); None: no such key."""
    texts = _texts(key)
    return None if texts is None else texts.get(lang) or texts.get("id") or texts.get("en")


def catalog() -> dict[str, dict[str, str]]:
    """Every registered key -> its texts by language (a copy; for tests and tools)."""
    return {key: dict(texts) for key, texts in _CATALOG.items()}


def message(key: str, lang: str = "id", /, **params: Any) -> str:
    texts = _texts(key)
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


def officer(key: str, lang: str = "id", /, **params: Any) -> str:
    """``key`` rendered for the officer's own terminal (usage errors, ``kipp: galat: ...``):
    like ``message`` but local paths are kept whole, since they are the officer's own
    files and folders and the message must name them."""
    texts = _texts(key)
    if texts is None:
        log.warning("no message for key %r", key)
        return key
    template = texts.get(lang) or texts.get("id") or texts.get("en") or key
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        log.warning("message %r lacks a parameter: %r", key, params)
        return template


# A path starts a word (the text's start, a space, a quote, an opening bracket, ``=``
# or ``:``): never inside ``</b>``, ``(PU)/PR`` or ``S1/D3``.  A URL is matched first and
# kept whole (its path and query may hold slashes: ``...?path=/Documents/v.mp4``).
_SEG = r"[^\s/\\'\"()<>\[\]{},;|]+"
_TOKEN = re.compile(
    r"(?P<url>[A-Za-z][A-Za-z0-9+.-]*://\S+)"
    r"|(?<![^\s'\"(\[{=:])(?P<path>"
    r"[A-Za-z]:\\[^\s'\"()<>,;|]+"  # C:\Users\Ani\video.mp4
    rf"|~/{_SEG}(?:/{_SEG})*/?"  # ~/kipp/x.mp4
    rf"|/{_SEG}(?:/{_SEG})+/?)"  # /etc/passwd, /srv/kipp/.kipp/cache/... (two parts or more)
)


def _cut(match: re.Match[str]) -> str:
    path = match["path"]
    if path is None:
        return match[0]  # a URL, kept whole
    return re.split(r"[/\\]", path.rstrip("/\\"))[-1]


def hide_paths(text: str) -> str:
    """``text`` with every local path cut to its last part: a message an agency reads
    never shows kipp's folders (``/srv/kipp/.kipp/cache/drive/1AbC-f3.zip`` -> ``1AbC-f3.zip``).

    Only absolute paths starting a word are paths (POSIX of two parts or more, ``~/``,
    ``C:\\``): URLs, dates, ``H.264/AAC``, ``S1/D3``, ``Layanan A/B``, ``(PU)/PR``,
    ``</b>``, ``/PNS`` and ``./v/a.mp4`` stay as written (registry values pass through
    here: agency names and titles keep their characters).  A value that starts a word
    with a slash and has two parts (``/KK/Akta``) cannot be told from a path and is cut.
    """
    return _TOKEN.sub(_cut, text)


# numbers and durations live in pipeline.formatting (Babel); these names stay for callers
seconds = formatting.seconds
clock = formatting.clock


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
