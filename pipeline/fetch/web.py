"""Dropbox, OneDrive / SharePoint and plain https links: the file streamed with httpx.

    fetch(link, ctx) -> Fetched

The link's ``download_url`` (``pipeline.fetch.sources``: Dropbox ``dl=1`` with ``rlkey``
kept, SharePoint / onedrive.live.com ``download=1``) is fetched following redirects (a
1drv.ms short link goes through several).  Bytes go to ``<dest>.part``; a dropped
connection or a busy server (429, 5xx) is retried under kipp's one policy
(``pipeline.retry``) and the next attempt asks only for the missing bytes (``Range``).
Checks: a sign-in or consent page (HTML) instead of a file -> "the link is not shared
publicly" (fail); 401/403 -> the same; 404/410 -> not found (fail); first bytes of an
archive or a document -> fail (files are judged by their bytes: the type a server claims,
Dropbox's ``application/binary`` say, is only a hint for the message); more than ``[fetch]
max_size_mb`` -> fail; fewer bytes than announced -> retried.  A full or unwritable cache
folder (ENOSPC, EFBIG, EROFS, EACCES) is kipp's own trouble, not the link's: DiskError
naming the folder (the run stops, exit 3), the ``.part`` removed; the next run downloads
afresh.

Hostile servers (README "Keamanan"): every connection, the link's and each redirect's, goes
only to a public address (``pipeline.fetch.netguard``; ``[fetch] allow_addresses`` for the
officer's own); a redirect to ``file:``, ``ftp:``, ``data:`` or round in a loop is refused
(fail); the whole download has a deadline and a least rate (``pipeline.fetch.pace``); the
body is asked for and read as it is (``Accept-Encoding: identity``, raw bytes): a server
that compresses it anyway (``Content-Encoding: gzip, gzip``, 6.7 KB that would inflate to
4 GiB) is refused, so the size cap counts the bytes written.  Headers are parsed at the
edge (``pipeline.fetch.web_headers``): a Last-Modified in the year 9999 is no date.

Cache: ``<cache>/web/<sha256 of the link>.<ext>`` with its validators (ETag,
Last-Modified, size) beside it in ``.json``: while the server answers the same validators
and the same size the body is not downloaded again; with only a weak validator (``W/``
ETag, Last-Modified alone) the first and last MiB are asked for and compared too.
``FetchContext.hosts`` ($KIPP_SOURCE_HOSTS) sends a service's host to a local stand-in,
redirects included.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
from pathlib import Path
from typing import Any

import httpx

from pipeline import __version__, i18n
from pipeline.errors import AccessDenied, DiskError, FetchError, TransientFetchError, WrongSource
from pipeline.fetch import FetchContext, Progress
from pipeline.fetch import web_headers as hdr
from pipeline.fetch.netguard import AddressPolicy, Refused, Transport
from pipeline.fetch.pace import Budget, TooSlow
from pipeline.fetch.sources import SourceLink, rewrite
from pipeline.fetch.web_http import MAX_REDIRECTS, BadRedirect, judge_redirect, same_file
from pipeline.fsutil import md5_of, write_atomic, writing
from pipeline.media.filekind import from_head, looks_like_html
from pipeline.models import Fetched, SourceFacts
from pipeline.retry import RetryPolicy

log = logging.getLogger(__name__)

i18n.register(
    {
        "web.not_public": {
            "id": "Link {link} tidak dibagikan untuk umum: yang terbuka adalah halaman masuk "
            "atau izin akses, bukan berkas video. Minta instansi mengatur berbagi link menjadi "
            '"Siapa saja yang memiliki link dapat melihat" lalu mengirim link itu lagi.',
            "en": "The link {link} is not shared publicly: it opens a sign-in or consent page, "
            'not the video file. Ask the agency to share it as "Anyone with the link can view" '
            "and send the link again.",
        },
        "web.not_found": {
            "id": "Link {link} tidak ditemukan (HTTP {status}): berkas sudah dihapus atau link "
            "salah. Minta instansi mengirim link berkas video yang benar.",
            "en": "The link {link} was not found (HTTP {status}): the file was deleted or the "
            "link is wrong. Ask the agency for the right link to the video file.",
        },
        "web.not_video": {
            "id": "Link {link} tidak berisi berkas video (jenis isi: {type}). Minta instansi "
            "mengirim link langsung ke berkas videonya (MP4).",
            "en": "The link {link} does not hold a video file (content type: {type}). Ask the "
            "agency for a link to the video file itself (MP4).",
        },
        "web.private_address": {
            "id": "Link {link} mengarah ke alamat jaringan lokal atau internal ({host}), yang "
            "tidak dibuka kipp. Minta instansi mengirim link publik ke berkas videonya.",
            "en": "The link {link} leads to a local or internal network address ({host}), "
            "which kipp does not open. Ask the agency for a public link to the video file.",
        },
        "web.bad_redirect": {
            "id": "Link {link} dialihkan ke alamat yang bukan http/https ({target}), yang "
            "tidak dibuka kipp. Minta instansi mengirim link langsung ke berkas videonya.",
            "en": "The link {link} redirects to an address that is not http/https ({target}), "
            "which kipp does not open. Ask the agency for a direct link to the video file.",
        },
        "web.redirect_loop": {
            "id": "Link {link} dialihkan terus-menerus (lebih dari {max} kali) tanpa sampai ke "
            "berkas. Minta instansi mengirim link langsung ke berkas videonya.",
            "en": "The link {link} keeps redirecting (more than {max} times) without reaching "
            "a file. Ask the agency for a direct link to the video file.",
        },
        "web.encoded": {
            "id": "Server link {link} mengirim berkas dalam bentuk terkompresi ({encoding}), "
            "padahal kipp memintanya apa adanya. Minta instansi menyimpan videonya di layanan "
            "lain atau mengirim link langsung ke berkasnya.",
            "en": "The server of {link} sent the file compressed ({encoding}) although kipp "
            "asked for it as it is. Ask the agency to store the video elsewhere or send a "
            "direct link to the file.",
        },
        "web.too_large": {
            "id": "Berkas di {link} berukuran lebih dari batas {max_mb:.1f} MB. Minta instansi "
            "mengompres video (mis. 1080p, H.264) lalu mengunggah ulang.",
            "en": "The file at {link} is larger than the {max_mb:.1f} MB limit. Ask the agency "
            "to compress the video (e.g. 1080p H.264) and upload it again.",
        },
        "web.unreachable": {
            "id": "Link {link} tidak dapat diunduh setelah {attempts} kali mencoba. "
            "Jalankan lagi nanti (kipp rerun); unduhan dilanjutkan dari bagian yang sudah ada.",
            "en": "The link {link} could not be downloaded after {attempts} "
            "attempts. Run again later (kipp rerun); it continues from what is on disk.",
        },
    }
)


class _Retry(Exception):
    """A transient failure: busy server, dropped connection, short body."""


class _HostMap(httpx.BaseTransport):
    """Sends requests for mapped hosts to their local base (redirects included)."""

    def __init__(self, inner: httpx.BaseTransport, hosts: dict[str, str]) -> None:
        self.inner, self.hosts = inner, hosts

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        mapped = rewrite(str(request.url), self.hosts)
        if mapped != str(request.url):
            request.url = httpx.URL(mapped)
            request.headers["Host"] = request.url.netloc.decode("ascii")
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


def client(ctx: FetchContext, budget: Budget | None = None) -> httpx.Client:
    """An httpx client whose every connection is vetted (``netguard``) and paced by
    ``budget``; no proxy from the environment; bodies asked for uncompressed."""
    guarded = Transport(AddressPolicy.from_config(ctx.config.fetch), budget)
    return httpx.Client(
        follow_redirects=True,
        max_redirects=MAX_REDIRECTS,
        event_hooks={"response": [judge_redirect]},  # file:, ftp:, data: refused
        timeout=httpx.Timeout(ctx.config.fetch.timeout_s),
        transport=_HostMap(guarded, dict(ctx.hosts)),
        trust_env=False,
        headers={"User-Agent": f"kipp/{__version__}", "Accept-Encoding": "identity"},
    )


def cache_path(cache_dir: Path, link: SourceLink) -> Path:
    digest = hashlib.sha256(link.url.encode()).hexdigest()[:24]
    return cache_dir / "web" / digest


def fetch(link: SourceLink, ctx: FetchContext) -> Fetched:
    """Stream the link's file into the cache (or reuse it); its facts for the report."""
    assert link.download_url is not None
    base = cache_path(ctx.cache_dir, link)
    budget = Budget.from_config(ctx.config.fetch)
    with client(ctx, budget) as http:
        path, meta = Download(http, link, base, ctx).run()
    return Fetched(path=path, source=_facts(link, path, meta))


def _facts(link: SourceLink, path: Path, meta: dict[str, Any]) -> SourceFacts:
    return SourceFacts(
        kind=link.source or "url",
        name=meta.get("name") or path.name,
        size=path.stat().st_size,
        md5=md5_of(path).hexdigest(),
        mime_type=meta.get("type"),
        modified_time=hdr.http_date(meta.get("last_modified")),
    )


class Download:
    """One link into ``<base><ext>`` via ``.part``, under the retry policy."""

    def __init__(
        self,
        http: httpx.Client,
        link: SourceLink,
        base: Path,
        ctx: FetchContext,
        retry: RetryPolicy | None = None,
    ) -> None:
        self.http, self.link, self.base = http, link, base
        self.max_bytes = int(ctx.config.fetch.max_size_mb * 2**20)
        self.on_progress: Progress | None = ctx.on_progress
        self.retry = retry or RetryPolicy()
        self.part = base.with_name(base.name + ".part")
        self.meta_file = base.with_name(base.name + ".json")
        self.params: dict[str, Any] = {"link": link.url}

    def run(self) -> tuple[Path, dict[str, Any]]:
        """The file and its validators.  Raises DiskError (the cache folder is full or
        cannot be written: never retried, ``.part`` removed) or a FetchError."""
        try:
            httpx.URL(self.link.download_url or "")
        except httpx.InvalidURL as exc:  # urllib read it, httpx cannot: a port of 99999
            raise WrongSource("link.unreadable", **self.params) from exc
        try:
            with writing(self.base.parent):  # the files this download writes, and only them
                self.base.parent.mkdir(parents=True, exist_ok=True)
                return self.retry.call(self._attempt, transient=_transient, describe=_describe)
        except DiskError:
            with contextlib.suppress(OSError):
                self.part.unlink(missing_ok=True)  # frees the space; the next run starts afresh
            raise
        except Refused as exc:  # before any byte was sent: nothing of it is reported
            log.warning("%s: %s; not fetched", self.link.url, exc)
            raise WrongSource("web.private_address", host=exc.host, **self.params) from exc
        except TooSlow as exc:
            raise exc.as_fetch_error(**self.params) from exc
        except BadRedirect as exc:  # file:, ftp:, data:, or no URL at all
            raise WrongSource("web.bad_redirect", target=exc.target, **self.params) from exc
        except httpx.TooManyRedirects as exc:
            raise WrongSource("web.redirect_loop", max=MAX_REDIRECTS, **self.params) from exc
        except (_Retry, httpx.TransportError) as exc:
            raise TransientFetchError(
                "web.unreachable", detail=_describe(exc), attempts=self.retry.attempts,
                **self.params,
            ) from exc  # fmt: skip
        except OSError as exc:
            raise FetchError(
                "web.unreachable", detail=exc.strerror or str(exc), attempts=1, **self.params
            ) from exc

    def _attempt(self) -> tuple[Path, dict[str, Any]]:
        offset = self.part.stat().st_size if self.part.exists() else 0
        headers = {"Range": f"bytes={offset}-"} if offset else {}
        assert self.link.download_url is not None
        with self.http.stream("GET", self.link.download_url, headers=headers) as response:
            self._status(response)
            meta = self._meta(response)
            cached = self._cached(meta)
            if cached is not None:
                log.info("%s unchanged (%s): using the cached copy", self.link.url, meta)
                return cached, meta
            if response.status_code != 206 or not hdr.starts_at(response.headers, offset):
                offset = 0  # the server sent the whole file: start again
            total = hdr.total(response.headers, offset)
            if total is not None and total > self.max_bytes:
                raise self._too_large()
            self._body(response, offset, total)
        dest = self.base.with_suffix(hdr.suffix(meta.get("name")))
        os.replace(self.part, dest)
        write_atomic(self.meta_file, json.dumps({**meta, "path": dest.name}))
        return dest, meta

    def _too_large(self) -> WrongSource:
        return WrongSource("web.too_large", max_mb=self.max_bytes / 2**20, **self.params)

    def _status(self, response: httpx.Response) -> None:
        code = response.status_code
        if code in (429, 500, 502, 503, 504):
            raise _Retry(f"HTTP {code}")
        if code in (401, 403):
            raise AccessDenied("web.not_public", **self.params)
        if code in (404, 410):
            raise AccessDenied("web.not_found", status=code, **self.params)
        if code == 416:  # the .part is already whole or stale: start again
            self.part.unlink(missing_ok=True)
            raise _Retry("HTTP 416")
        if not 200 <= code < 300:
            raise AccessDenied("web.not_found", status=code, **self.params)
        encoding = response.headers.get("content-encoding", "").strip().lower()
        if encoding not in ("", "identity"):
            raise WrongSource("web.encoded", encoding=encoding[:40], **self.params)

    def _meta(self, response: httpx.Response) -> dict[str, Any]:
        return {
            "etag": response.headers.get("etag"),
            "last_modified": response.headers.get("last-modified"),
            "size": hdr.total(response.headers, 0 if response.status_code == 200 else None),
            "type": hdr.media_type(response.headers),
            "name": hdr.file_name(response.headers, str(response.url)),
        }

    def _cached(self, meta: dict[str, Any]) -> Path | None:
        """The cached file when the server's validators and size are the ones stored
        with it (with a weak validator, its first and last MiB too)."""
        try:
            stored = json.loads(self.meta_file.read_text("utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(stored, dict):
            return None
        same = (meta["etag"] or meta["last_modified"]) and all(
            stored.get(k) == meta[k] for k in ("etag", "last_modified")
        )
        path = self.base.with_name(str(stored.get("path", "")))
        if not same or not path.is_file():
            return None
        size = path.stat().st_size
        if meta["size"] != size:  # same validators, other bytes: the server's word is wrong
            log.warning("%s: same validators, size %s != %d: fetched again", self.link.url,
                        meta["size"], size)  # fmt: skip
            return None
        strong = bool(meta["etag"]) and not str(meta["etag"]).startswith("W/")
        return path if strong or same_file(self.http, self.link, path) else None

    def _body(self, response: httpx.Response, offset: int, total: int | None) -> None:
        got = offset
        with self.part.open("ab" if offset else "wb") as fh:
            for chunk in response.iter_raw():  # as it arrives, never inflated
                if got == 0:
                    self._sniff(chunk, response)
                got += len(chunk)
                if got > self.max_bytes:
                    fh.close()
                    self.part.unlink(missing_ok=True)
                    raise self._too_large()
                fh.write(chunk)
                if self.on_progress is not None:
                    self.on_progress(got, total)
        if total is not None and got < total:
            raise _Retry(f"{got} of {total} bytes")

    def _sniff(self, head: bytes, response: httpx.Response) -> None:
        """The first bytes decide, not the server's type: a web page (sign-in, consent)
        or an archive / document is refused before more is downloaded."""
        if looks_like_html(head[:1024]):
            raise AccessDenied("web.not_public", **self.params)
        kind = from_head(head)
        if kind is not None and kind.name in ("archive", "document"):
            claimed = hdr.media_type(response.headers)
            what = f"{kind.label}, {claimed}" if claimed else kind.label
            raise WrongSource("web.not_video", type=what, **self.params)


def _transient(exc: BaseException) -> bool:
    return isinstance(exc, _Retry | httpx.TransportError)


def _describe(exc: BaseException) -> str:
    return str(exc) if isinstance(exc, _Retry) else type(exc).__name__
