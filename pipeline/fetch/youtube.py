"""YouTube fetch stage: the video's facts from the Data API, the rules they already
decide, then (only when they pass) the download with yt-dlp into the cache.

    fetch(link, ctx) -> Fetched

Decided from ``videos.list`` before anything is downloaded (issue 13's table):

    no item (private, deleted, wrong id)       AccessDenied         fail  "Public or Unlisted"
    uploadStatus not "processed"               TransientFetchError  error "try again later"
    liveBroadcastContent "live" / "upcoming"   WrongSource          fail
    duration outside [duration] min_s / max_s  DurationRejected     fail  (duration.min / .max)
    definition "sd" where 720p is the rule     SourceRejected       fail  (video.resolution.min)
                                               when [format] resolution_severity = "fail"
    publishedAt after the [deadline]           SourceRejected       fail  (deadline.modified_after)
                                               when [deadline] severity = "fail"
    publishedAt                                  SourceFacts.modified_time: the deadline check
    caption                                      SourceFacts.captions (shown as a fact)

The cache keeps ``<cache>/youtube/<id>-<facts>.mp4`` where ``<facts>`` is a digest of
the duration, definition and publishedAt: the same facts again reuse the file.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import Any

from pipeline import i18n
from pipeline.checks.duration_rule import Bound, within
from pipeline.errors import (
    AccessDenied,
    DurationRejected,
    FetchError,
    SourceRejected,
    TransientFetchError,
    WrongSource,
)
from pipeline.fetch import FetchContext
from pipeline.fetch import youtube_api as api
from pipeline.fetch.check import refusal
from pipeline.fetch.pace import Budget
from pipeline.fetch.sources import SourceLink, rewrite
from pipeline.fetch.youtube_api import YouTubeVideo
from pipeline.fsutil import md5_of
from pipeline.models import Fetched, SourceFacts

log = logging.getLogger(__name__)

WATCH = "https://www.youtube.com/watch?v={id}"

i18n.register(
    {
        "youtube.no_access": {
            "id": "Link YouTube {link} belum dapat diperiksa: kipp berjalan tanpa akses YouTube "
            "Data API. Isi KIPP_YOUTUBE_API_KEY (atau kunci API Drive), atau berikan kunci "
            "akun layanan dengan --credentials, lalu jalankan lagi.",
            "en": "The YouTube link {link} cannot be checked: kipp runs without YouTube Data "
            "API access. Set KIPP_YOUTUBE_API_KEY (or the Drive API key), or give a service "
            "account key with --credentials, and run again.",
        },
        "youtube.published_late": {
            "id": "Video YouTube {name} diterbitkan {published}, sesudah batas waktu "
            "{deadline}: tidak diunduh.",
            "en": "YouTube video {name} was published {published}, after the deadline "
            "{deadline}: not downloaded.",
        },
        "youtube.not_found": {
            "id": "Video YouTube {video_id} ({link}) tidak dapat dibuka: videonya Pribadi "
            "(Private), sudah dihapus, atau link-nya salah. Minta instansi membuka YouTube "
            "Studio > Konten, mengatur Visibilitas video menjadi Publik atau Tidak publik "
            "(Unlisted), lalu mengirim link video itu.",
            "en": "The YouTube video {video_id} ({link}) cannot be opened: it is private, "
            "deleted, or the link is wrong. Ask the agency to open YouTube Studio > Content, "
            "set the video's Visibility to Public or Unlisted, and send its link.",
        },
        "youtube.processing": {
            "id": "YouTube belum selesai memproses video {video_id} ({link}) (status unggahan: "
            "{status}). Jalankan lagi nanti (kipp rerun).",
            "en": "YouTube has not finished processing the video {video_id} ({link}) (upload "
            "status: {status}). Run again later (kipp rerun).",
        },
        "youtube.live": {
            "id": "Video YouTube {video_id} ({link}) adalah siaran langsung yang masih "
            "berlangsung, bukan video yang sudah jadi. Minta instansi mengirim link video "
            "setelah siarannya selesai, atau mengunggah videonya.",
            "en": "The YouTube video {video_id} ({link}) is a live broadcast still running, "
            "not a finished video. Ask the agency to send its link once the broadcast has "
            "ended, or to upload the video.",
        },
        "youtube.upcoming": {
            "id": "Video YouTube {video_id} ({link}) adalah tayangan perdana (Premiere) atau "
            "siaran terjadwal yang belum dimulai, jadi belum dapat diperiksa. Minta instansi "
            "mengunggahnya sebagai video biasa (Publik atau Tidak publik) sebelum batas waktu.",
            "en": "The YouTube video {video_id} ({link}) is a Premiere or scheduled broadcast "
            "that has not started, so it cannot be checked. Ask the agency to upload it as a "
            "normal video (Public or Unlisted) before the deadline.",
        },
        "youtube.duration_min": {
            "id": "Menurut YouTube, video {name} berdurasi {duration_s:g} detik, kurang dari "
            "batas minimal {limit_s:g} detik (angka dari YouTube Data API; video tidak "
            "diunduh). Minta instansi mengirim video dengan durasi sesuai ketentuan.",
            "en": "YouTube says the video {name} lasts {duration_s:g} s, under the minimum of "
            "{limit_s:g} s (figure from the YouTube Data API; not downloaded). Ask the agency "
            "for a video of the allowed length.",
        },
        "youtube.duration_max": {
            "id": "Menurut YouTube, video {name} berdurasi {duration_s:g} detik, lebih dari "
            "batas maksimal {limit_s:g} detik (angka dari YouTube Data API; video tidak "
            "diunduh). Minta instansi mengirim video dengan durasi sesuai ketentuan.",
            "en": "YouTube says the video {name} lasts {duration_s:g} s, over the maximum of "
            "{limit_s:g} s (figure from the YouTube Data API; not downloaded). Ask the agency "
            "for a video of the allowed length.",
        },
        "youtube.sd": {
            "id": "Menurut YouTube, video {name} hanya tersedia dalam definisi standar (SD, "
            "di bawah 720p), sedangkan ketentuan meminta minimal {min}p (video tidak "
            "diunduh). Minta instansi mengunggah ulang video beresolusi minimal 720p.",
            "en": "YouTube says the video {name} is standard definition only (SD, under "
            "720p) where the rules ask for at least {min}p (not downloaded). Ask the agency "
            "to upload the video again at 720p or more.",
        },
    }
)


def source_facts(video: YouTubeVideo, path: Path | None = None) -> SourceFacts:
    """What the report shows about the video (size and md5: of the downloaded file)."""
    return SourceFacts(
        kind="youtube",
        file_id=video.id,
        name=video.snippet.title or video.id,
        size=path.stat().st_size if path is not None else None,
        md5=md5_of(path).hexdigest() if path is not None else None,
        mime_type="video/mp4" if path is not None and path.suffix == ".mp4" else None,
        modified_time=video.snippet.published_at,
        youtube_duration_s=video.duration_s or None,  # "P0D": a premiere states none yet
        definition=video.content_details.definition,
        captions=video.content_details.caption,
    )


def judge_access(video: YouTubeVideo | None, link: SourceLink) -> YouTubeVideo:
    """Raise when the video cannot be had at all: no item, not processed, live/upcoming."""
    params: dict[str, Any] = {"video_id": link.video_id, "link": link.url}
    if video is None:
        raise AccessDenied("youtube.not_found", **params)
    if video.status.upload_status != "processed":
        raise TransientFetchError("youtube.processing", status=video.status.upload_status, **params)
    live = video.snippet.live_broadcast_content
    if live in ("live", "upcoming"):
        raise WrongSource(f"youtube.{live}", **params)
    return video


def judge_facts(video: YouTubeVideo | None, link: SourceLink, ctx: FetchContext) -> YouTubeVideo:
    """Raise what the facts already decide; return the video when a download may go on."""
    video = judge_access(video, link)
    _duration(video, ctx)
    _published(video, ctx)
    rule = ctx.config.format
    if (
        video.content_details.definition == "sd"
        and (rule.min_short_side or 0) >= 720
        and rule.resolution_severity == "fail"
    ):
        raise SourceRejected(
            "youtube.sd",
            check_id="video.resolution.min",
            name=_name(video),
            min=rule.min_short_side,
            value="sd (YouTube)",
            expected=f"short side >= {rule.min_short_side}",
        )
    return video


def _name(video: YouTubeVideo) -> str:
    return f"{video.snippet.title} ({video.id})" if video.snippet.title else video.id


def _duration(video: YouTubeVideo, ctx: FetchContext) -> None:
    seconds, rule = video.duration_s, ctx.config.duration
    bounds: tuple[tuple[Bound, float | None], ...] = (("min", rule.min_s), ("max", rule.max_s))
    for bound, limit in bounds:
        if limit is None:
            continue
        if not within(bound, seconds, limit):  # YouTube states whole seconds: no margin
            raise DurationRejected(
                f"youtube.duration_{bound}",
                check_id=f"duration.{bound}",
                name=_name(video),
                duration_s=seconds,
                limit_s=limit,
                source="youtube",
                value=round(seconds, 3),
                expected=f"{'>=' if bound == 'min' else '<='} {limit:.3f}",
            )


def _published(video: YouTubeVideo, ctx: FetchContext) -> None:
    """A video YouTube says was published after the deadline fails before any download
    (``deadline.modified_after``, judged by ``pipeline.checks.entry.deadline`` on the same
    publishedAt), when the deadline's severity is ``fail``."""
    rule = ctx.config.deadline
    published = video.snippet.published_at
    if rule.severity == "fail" and published is not None and published > rule.aware:
        raise SourceRejected(
            "youtube.published_late",
            check_id="deadline.modified_after",
            name=_name(video),
            published=published.isoformat(),
            deadline=rule.aware.isoformat(),
            value=published.isoformat(),
            expected=f"<= {rule.aware.isoformat()}",
        )


def cache_path(cache_dir: Path, video: YouTubeVideo) -> Path:
    """``<cache>/youtube/<id>-<digest of the facts that change with the content>.mp4``."""
    facts = "|".join(
        (
            str(video.duration_s),
            video.content_details.definition,
            video.snippet.published_at.isoformat(),
        )
    )
    version = hashlib.sha256(facts.encode()).hexdigest()[:12]
    return cache_dir / "youtube" / f"{video.id}-{version}.mp4"


def _look_up(link: SourceLink, ctx: FetchContext) -> YouTubeVideo | None:
    assert link.video_id is not None
    if ctx.youtube is not None:
        found: YouTubeVideo | None = ctx.youtube.video(link.video_id, link=link.url)
        return found
    client = api.connect(timeout=ctx.config.fetch.timeout_s)
    if client is None:
        raise FetchError("youtube.no_access", link=link.url)
    with client:
        return client.video(link.video_id, link=link.url)


def ensure_local(video: YouTubeVideo, link: SourceLink, ctx: FetchContext) -> Path:
    """The cached download of the video, made with yt-dlp unless already there."""
    dest = cache_path(ctx.cache_dir, video)
    if dest.is_file():
        log.info("%s: facts unchanged, using the cached copy", video.id)
        return dest
    for stale in dest.parent.glob(f"{video.id}-*.mp4"):
        log.info("removing an older version from the cache: %s", stale.name)
        stale.unlink(missing_ok=True)
    from pipeline.fetch import ytdl  # yt-dlp loads only when a video is downloaded

    url = WATCH.format(id=video.id)
    local = rewrite(url, ctx.hosts)
    return ytdl.download(
        local,
        dest,
        video_id=video.id,
        link=link.url,
        timeout_s=ctx.config.fetch.timeout_s,
        max_bytes=int(ctx.config.fetch.max_size_mb * 2**20),
        on_progress=ctx.on_progress,
        extractor="Youtube" if local == url else "Generic",  # a stand-in serves plain media
        budget=Budget.from_config(ctx.config.fetch),
    )


def fetch(link: SourceLink, ctx: FetchContext) -> Fetched:
    """Facts, the rules they decide, then the cached download."""
    video = _look_up(link, ctx)
    facts = source_facts(video) if video is not None else None
    try:
        judge_facts(video, link, ctx)
        assert video is not None
        path = ensure_local(video, link, ctx)
    except FetchError as exc:
        if facts is None:
            raise
        raise exc.with_facts(facts) from exc  # the report still shows what YouTube said
    return Fetched(path=path, source=source_facts(video, path))


def check_facts(link: SourceLink, client: Any) -> dict[str, Any]:
    """What ``kipp check-link`` adds for a YouTube link: the facts (None: no item) and
    whether they let kipp download the video (the competition's rules are not applied:
    ``error``, ``outcome`` and the messages say why not)."""
    assert link.video_id is not None
    video: YouTubeVideo | None = client.video(link.video_id, link=link.url)
    out: dict[str, Any] = {"facts": None}
    if video is not None:
        out["facts"] = {
            "title": video.snippet.title,
            "channel": video.snippet.channel_title,
            "published_at": video.snippet.published_at.isoformat(),
            "duration_s": video.duration_s,
            "definition": video.content_details.definition,
            "captions": video.content_details.caption,
            "upload_status": video.status.upload_status,
            "privacy_status": video.status.privacy_status,
            "live_broadcast_content": video.snippet.live_broadcast_content,
        }
    try:
        judge_access(video, link)
    except FetchError as exc:
        out.update(refusal(exc))
        return out
    out["can_download"] = True
    return out
