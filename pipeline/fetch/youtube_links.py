"""YouTube link forms -> the video's id, or why the link is not a video's own link.

    youtube_video("https://youtu.be/dQw4w9WgXcQ?si=x")         -> ("dQw4w9WgXcQ", None)
    youtube_video("https://www.youtube.com/@dinkesminut")      -> (None, "link.youtube_not_video")
    youtube_video("https://example.org/x")                      -> None   (not YouTube)

Video forms (any of the hosts ``youtube.com``, ``www.``, ``m.``, ``music.``,
``youtube-nocookie.com``, ``youtu.be``; extra parameters such as ``si=``, ``t=``,
``list=``, ``feature=``, ``pp=`` are ignored):

    youtube.com/watch?v=ID      youtu.be/ID      youtube.com/shorts/ID
    youtube.com/live/ID         youtube.com/embed/ID      youtube.com/v/ID
    studio.youtube.com/video/ID/edit   (YouTube Studio: the owner's page of the video;
                                        its id is the video's, so it is read)

A channel (``/@name``, ``/channel/``, ``/c/``, ``/user/``), a playlist
(``/playlist?list=``), a search (``/results?search_query=``), a YouTube Studio page that
is not one video's, or the home page is not a video: each is named for what it is and
the agency is asked for the video's own link.  An id that is not 11 characters of
``A-Z a-z 0-9 _ -`` means the link was cut or mistyped (11 followed by a comma or other
punctuation glued to the next word still read: "…/dQw4w9WgXcQ,terima").  The text is
expected already cleaned of paste junk by ``pipeline.fetch.links.clean``.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from pipeline import i18n

YOUTUBE_HOSTS = ("youtube.com", "youtube-nocookie.com", "youtu.be")
_VIDEO_ID = re.compile(r"^[A-Za-z0-9_-]{11}(?![A-Za-z0-9_-])")
_PATH_FORMS = ("shorts", "live", "embed", "v", "e")

_SHARE_ID = (
    "Buka videonya di YouTube, klik Bagikan > Salin, lalu kirim link video itu (bentuknya "
    "https://youtu.be/... atau https://www.youtube.com/watch?v=...)."
)
_SHARE_EN = (
    "Open the video on YouTube, click Share > Copy and send that link (it looks like "
    "https://youtu.be/... or https://www.youtube.com/watch?v=...)."
)
i18n.register(
    {
        "link.youtube_not_video": {
            "id": "Link YouTube {link} adalah halaman YouTube, bukan link sebuah video. "
            + _SHARE_ID,
            "en": "The YouTube link {link} is a YouTube page, not a video's link. " + _SHARE_EN,
        },
        "link.youtube_channel": {
            "id": "Link YouTube {link} adalah halaman kanal, bukan link sebuah video. " + _SHARE_ID,
            "en": "The YouTube link {link} is a channel's page, not a video's link. " + _SHARE_EN,
        },
        "link.youtube_playlist": {
            "id": "Link YouTube {link} adalah playlist, bukan link sebuah video. " + _SHARE_ID,
            "en": "The YouTube link {link} is a playlist, not a video's link. " + _SHARE_EN,
        },
        "link.youtube_search": {
            "id": "Link YouTube {link} adalah hasil pencarian, bukan link sebuah video. "
            + _SHARE_ID,
            "en": "The YouTube link {link} is a search result, not a video's link. " + _SHARE_EN,
        },
        "link.youtube_studio": {
            "id": "Link {link} adalah halaman YouTube Studio (dasbor pemilik kanal), bukan link "
            "sebuah video, dan hanya pemiliknya yang dapat membukanya. " + _SHARE_ID,
            "en": "The link {link} is a YouTube Studio page (the channel owner's dashboard), "
            "not a video's link, and only its owner can open it. " + _SHARE_EN,
        },
        "link.youtube_cut": {
            "id": "Link YouTube {link} terpotong atau salah ketik (ID video harus 11 "
            "karakter). Salin ulang link lengkapnya dari YouTube (Bagikan > Salin).",
            "en": "The YouTube link {link} is cut off or mistyped (a video id has 11 "
            "characters). Copy the whole link again from YouTube (Share > Copy).",
        },
    }
)


def is_youtube_host(host: str) -> bool:
    host = host.lower()
    return any(host == h or host.endswith("." + h) for h in YOUTUBE_HOSTS)


def youtube_video(url: str) -> tuple[str | None, str | None] | None:
    """``(video_id, None)`` for a video's link, ``(None, message_key)`` for a YouTube
    link that is not one, ``None`` when ``url`` is not on YouTube at all."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if not is_youtube_host(host):
        return None
    segments = [s for s in parts.path.split("/") if s]
    query = parse_qs(parts.query)
    candidate: str | None
    if host.endswith("youtu.be"):
        candidate = segments[0] if segments else None
    elif host.startswith("studio.") and segments[:1] == ["video"] and len(segments) >= 2:
        candidate = segments[1]  # YouTube Studio's page of one video: its id
    elif segments[:1] == ["watch"]:
        candidate = next(iter(query.get("v", [])), None)
    elif len(segments) >= 2 and segments[0] in _PATH_FORMS:
        candidate = segments[1]
    else:
        return None, _not_video(host, segments)
    if candidate is None:
        return None, "link.youtube_playlist" if "list" in query else "link.youtube_not_video"
    m = _VIDEO_ID.match(candidate.strip())
    if m is None:
        return None, "link.youtube_cut"
    return m.group(0), None


def _not_video(host: str, segments: list[str]) -> str:
    """What a YouTube link that is no video's is: a Studio page, a channel, a playlist,
    a search, or another page (the home page, the feed)."""
    first = segments[0] if segments else ""
    if host.startswith("studio."):
        return "link.youtube_studio"
    if first.startswith("@") or first in ("channel", "c", "user"):
        return "link.youtube_channel"
    if first == "playlist":
        return "link.youtube_playlist"
    if first == "results":
        return "link.youtube_search"
    return "link.youtube_not_video"
