"""The HTTP steps of the web fetcher (``pipeline.fetch.web``).

    httpx.Client(event_hooks={"response": [judge_redirect]}, max_redirects=MAX_REDIRECTS)
    same_file(http, link, cached_path) -> bool         # first and last MiB compared

Each redirect is judged before httpx follows it (``judge_redirect``, a response hook):
only ``http`` and ``https`` (a ``file:``, ``ftp:`` or ``data:`` Location raises
BadRedirect naming its scheme); more than ``MAX_REDIRECTS`` is httpx's TooManyRedirects;
each hop's host is vetted where its connection opens (``pipeline.fetch.netguard``).

A server can keep its ETag and Last-Modified while the bytes change.  The web fetcher
reuses a copy only when the validators and the size agree; when the validator is weak
(a ``W/`` ETag, or Last-Modified alone) ``same_file`` also asks for the first and the
last MiB (two Range requests, 2 MiB instead of the whole file) and compares them byte for
byte.  A server that cannot answer a Range request, or any difference: download again.
"""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import httpx

from pipeline.fetch.sources import SourceLink

log = logging.getLogger(__name__)

MIB = 1 << 20
MAX_REDIRECTS = 10


class BadRedirect(Exception):
    """A Location kipp does not follow: ``target`` is its scheme ("file:") or "?"."""

    def __init__(self, target: str) -> None:
        super().__init__(f"redirect to {target}")
        self.target = target


def next_url(current: str, location: str) -> str:
    """The absolute URL a Location names; BadRedirect when it is not http(s) or no URL."""
    try:
        target = urljoin(current, location.strip())
        scheme = urlsplit(target).scheme.lower()
    except ValueError as exc:
        raise BadRedirect("?") from exc
    if scheme not in ("http", "https"):
        raise BadRedirect(f"{scheme[:20]}:" if scheme else "?")
    try:
        httpx.URL(target)
    except httpx.InvalidURL as exc:
        raise BadRedirect(f"{scheme}:") from exc
    return target


def judge_redirect(response: httpx.Response) -> None:
    """httpx's response hook: a redirect's Location is checked before it is followed."""
    if response.has_redirect_location:
        next_url(str(response.url), response.headers["location"])


def _ask(http: httpx.Client, url: str, span: str, limit: int) -> bytes | None:
    with http.stream("GET", url, headers={"Range": f"bytes={span}"}) as response:
        if response.status_code != 206:
            return None
        got = b""
        for chunk in response.iter_raw():
            got += chunk
            if len(got) > limit:
                return None
        return got


def same_file(http: httpx.Client, link: SourceLink, path: Path) -> bool:
    """The server's first and last MiB of ``link`` are the cached file's (``path``)."""
    assert link.download_url is not None
    size = path.stat().st_size
    span = min(MIB, size)
    with path.open("rb") as fh:
        head = fh.read(span)
        fh.seek(size - span)
        tail = fh.read(span)
    try:
        first = _ask(http, link.download_url, f"0-{span - 1}", span)
        last = _ask(http, link.download_url, f"-{span}", span)
    except (httpx.HTTPError, BadRedirect) as exc:
        log.info("%s: could not compare with the cached copy (%s)", link.url, exc)
        return False
    if first == head and last == tail:
        return True
    log.warning("%s: validators unchanged but the bytes differ: fetched again", link.url)
    return False
