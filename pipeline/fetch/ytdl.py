"""Download one video with yt-dlp (as a library) into kipp's cache.

    download(url, dest, timeout_s=60, max_bytes=..., on_progress=None) -> dest

Format: the best video of at most 1080p plus the best audio, merged by ffmpeg into MP4
(or the best single file of at most 1080p).  yt-dlp's own retries are off: a dropped
connection or a busy server is retried by kipp's one policy (``pipeline.retry``), and
each new attempt continues yt-dlp's ``.part`` file where it stopped.  Bytes go to
``dest``'s folder ``<dest>.parts/`` and the finished file is moved to ``dest`` with
``os.replace``.  yt-dlp's progress hook feeds ``on_progress(bytes_so_far, total)`` and
the download's Budget (``pipeline.fetch.pace``: deadline and least rate; past it,
TransientFetchError ``fetch.deadline`` / ``fetch.too_slow``).
A full or unwritable cache folder (yt-dlp's "unable to write data: [Errno 28] ...") is
kipp's own trouble, never the video's: DiskError naming the folder, not retried, the
``.parts/`` folder removed (the next run starts afresh).

Proven only against the local stand-in (a direct media URL through yt-dlp's generic
extractor): youtube.com itself cannot be reached from kipp's test machines.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pipeline import i18n
from pipeline.errors import AccessDenied, DiskError, TransientFetchError, WrongSource
from pipeline.fetch.pace import Budget, TooSlow
from pipeline.fsutil import FULL_ERRNOS, READONLY_ERRNOS, disk_fault, writing
from pipeline.retry import RetryPolicy

log = logging.getLogger(__name__)

FORMAT = "bv*[height<=1080]+ba/b[height<=1080]/bv*+ba/b"
TRANSIENT_WORDS = ("timed out", "connection", "bytes read", "http error 5", "http error 429")

i18n.register(
    {
        "ytdl.failed": {
            "id": "Video {video_id} ({link}) tidak dapat diunduh dari YouTube. Jalankan lagi "
            "nanti (kipp rerun).",
            "en": "The video {video_id} ({link}) could not be downloaded from YouTube. Run "
            "again later (kipp rerun).",
        },
        "ytdl.unavailable": {
            "id": "YouTube menolak mengunduh video {video_id} ({link}). Minta "
            "instansi memastikan videonya Publik atau Tidak publik (Unlisted), tanpa batasan "
            "usia atau wilayah.",
            "en": "YouTube refused the download of {video_id} ({link}). Ask the "
            "agency to make sure the video is Public or Unlisted, with no age or region limit.",
        },
        "ytdl.too_large": {
            "id": "Video {video_id} ({link}) lebih besar dari batas {max_mb:.1f} MB.",
            "en": "The video {video_id} ({link}) is larger than the {max_mb:.1f} MB limit.",
        },
    }
)

Progress = Callable[[int, int | None], None]


class _Log:
    """yt-dlp's messages into kipp's log (warnings stay warnings; errors are raised
    by yt-dlp as DownloadError and translated here, so they are logged at INFO)."""

    def debug(self, msg: str) -> None:
        log.debug("yt-dlp: %s", msg)

    def info(self, msg: str) -> None:
        log.debug("yt-dlp: %s", msg)

    def warning(self, msg: str) -> None:
        log.info("yt-dlp warning: %s", msg)

    def error(self, msg: str) -> None:
        log.info("yt-dlp: %s", msg)


def options(parts: Path, *, timeout_s: float, max_bytes: int, hook: Any) -> dict[str, Any]:
    """yt-dlp's options for one download (public so the README can show them)."""
    return {
        "format": FORMAT,
        "merge_output_format": "mp4",
        "outtmpl": str(parts / "video.%(ext)s"),
        "noplaylist": True,
        "continuedl": True,
        "retries": 0,
        "fragment_retries": 0,
        "extractor_retries": 0,
        "file_access_retries": 0,
        "socket_timeout": timeout_s,
        "max_filesize": max_bytes,
        "cachedir": False,
        "noprogress": True,
        "quiet": True,
        "no_warnings": False,
        "logger": _Log(),
        "progress_hooks": [hook],
        "overwrites": False,
    }


def download(
    url: str,
    dest: Path,
    *,
    video_id: str,
    link: str,
    timeout_s: float = 60.0,
    max_bytes: int = 2 << 30,
    on_progress: Progress | None = None,
    retry: RetryPolicy | None = None,
    extractor: str = "Youtube",
    budget: Budget | None = None,
) -> Path:
    """Download ``url`` into ``dest`` (its suffix becomes the real extension's); returns
    the path written.  ``extractor`` names yt-dlp's extractor (``Youtube``; ``Generic``
    for a direct media URL): yt-dlp need not try its 1,800 others.  Raises
    TransientFetchError (retries used up), AccessDenied (YouTube refuses: private, age
    or region limit) or WrongSource (over the cap)."""
    import yt_dlp  # loaded only when a YouTube entry is downloaded

    parts = dest.with_name(dest.name + ".parts")
    with writing(dest.parent):
        parts.mkdir(parents=True, exist_ok=True)
    params: dict[str, Any] = {"video_id": video_id, "link": link}

    seen = [0]  # bytes the budget has heard of

    def hook(status: dict[str, Any]) -> None:
        if status.get("status") not in ("downloading", "finished"):
            return
        got = int(status.get("downloaded_bytes") or 0)
        if budget is not None:
            budget.feed(max(got - seen[0], 0))
            seen[0] = got
        if on_progress is not None:
            total = status.get("total_bytes") or status.get("total_bytes_estimate")
            on_progress(got, int(total) if total else None)

    def attempt() -> Path:
        opts = options(parts, timeout_s=timeout_s, max_bytes=max_bytes, hook=hook)
        with yt_dlp.YoutubeDL(opts) as ydl:
            info = ydl.extract_info(url, download=True, ie_key=extractor)
        if info is None:
            raise yt_dlp.utils.DownloadError("no video information")
        done = [Path(d["filepath"]) for d in info.get("requested_downloads") or []]
        if not done or not done[0].is_file():
            raise WrongSource("ytdl.too_large", max_mb=max_bytes / 2**20, **params)
        return done[0]

    policy = retry or RetryPolicy()
    try:
        got = policy.call(attempt, transient=_transient, describe=_describe)
    except TooSlow as exc:  # yt-dlp's .part stays: the next run continues from it
        raise exc.as_fetch_error(**params) from exc
    except (yt_dlp.utils.YoutubeDLError, OSError) as exc:
        if (fault := disk_trouble(exc, dest.parent)) is not None:
            shutil.rmtree(parts, ignore_errors=True)  # frees the space; nothing half left
            raise fault from exc
        if not isinstance(exc, yt_dlp.utils.DownloadError):
            raise
        reason = _describe(exc)  # yt-dlp's words: the technical detail, never the sentence
        if _transient(exc):
            raise TransientFetchError("ytdl.failed", detail=reason, **params) from exc
        raise AccessDenied("ytdl.unavailable", detail=reason, **params) from exc
    final = dest.with_suffix(got.suffix or ".mp4")
    with writing(dest.parent):
        os.replace(got, final)
    shutil.rmtree(parts, ignore_errors=True)
    log.info("downloaded %s with yt-dlp (%d bytes)", video_id, final.stat().st_size)
    return final


_ERRNO = re.compile(r"\[Errno (\d+)\]")


def disk_trouble(exc: BaseException, folder: Path) -> DiskError | None:
    """A full or unwritable disk behind a yt-dlp failure, as DiskError(folder); None for
    any other failure.  Looked for in the error itself, in the one yt-dlp's DownloadError
    carries (``exc_info``: "unable to write data", "unable to open for writing"), in the
    OSError an UnavailableVideoError was raised from, and in an ``[Errno N]`` in yt-dlp's
    text (a post-processor's)."""
    inner = getattr(exc, "exc_info", None)
    for candidate in (exc, inner[1] if inner else None, exc.__context__):
        if candidate is not None and (fault := disk_fault(candidate, folder)) is not None:
            return fault
    found = _ERRNO.search(str(exc))
    code = int(found[1]) if found else 0
    if code in FULL_ERRNOS | READONLY_ERRNOS:
        return disk_fault(OSError(code, os.strerror(code)), folder)
    return None


def _transient(exc: BaseException) -> bool:
    import yt_dlp
    from yt_dlp.networking.exceptions import HTTPError, TransportError

    if not isinstance(exc, yt_dlp.utils.DownloadError) or disk_trouble(exc, Path()) is not None:
        return False
    cause = exc.exc_info[1] if exc.exc_info else None
    if isinstance(cause, HTTPError):
        return cause.status in (429, 500, 502, 503, 504)
    if isinstance(cause, TransportError | OSError | yt_dlp.utils.ContentTooShortError):
        return True
    text = str(exc).lower()
    return any(word in text for word in TRANSIENT_WORDS)


def _describe(exc: BaseException) -> str:
    text = str(exc).removeprefix("ERROR: ").strip()
    return text.splitlines()[0][:200] if text else type(exc).__name__
