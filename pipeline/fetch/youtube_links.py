"""YouTube link forms -> the video's id, or why the link is not a video's own link.

    youtube_video("https://youtu.be/dQw4w9WgXcQ?si=x")         -> ("dQw4w9WgXcQ", None)
    youtube_video("https://www.youtube.com/@dinkesminut")      -> (None, "link.youtube_not_video")
    youtube_video("https://example.org/x")                      -> None   (not YouTube)

Video forms (any of the hosts ``youtube.com``, ``www.``, ``m.``, ``music.``,
``youtube-nocookie.com``, ``youtu.be``; extra parameters such as ``si=``, ``t=``,
``list=``, ``feature=``, ``pp=`` are ignored):

    youtube.com/watch?v=ID      youtu.be/ID      youtube.com/shorts/ID
    youtube.com/live/ID         youtube.com/embed/ID      youtube.com/v/ID

A channel (``/@name``, ``/channel/``, ``/c/``, ``/user/``), a playlist
(``/playlist?list=``), a search (``/results?search_query=``) or the home page is not a
video: the agency is asked for the video's own link.  An id that is not 11 characters of
``A-Z a-z 0-9 _ -`` means the link was cut or mistyped.  The text is expected already
cleaned of paste junk by ``pipeline.fetch.links.clean``.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from pipeline import i18n

YOUTUBE_HOSTS = ("youtube.com", "youtube-nocookie.com", "youtu.be")
_VIDEO_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_PATH_FORMS = ("shorts", "live", "embed", "v", "e")

i18n.register(
    {
        "link.youtube_not_video": {
            "id": "Link YouTube {link} bukan link sebuah video (melainkan kanal, playlist, "
            "atau hasil pencarian). Buka videonya di YouTube, klik Bagikan > Salin, lalu "
            "kirim link video itu (bentuknya https://youtu.be/... atau "
            "https://www.youtube.com/watch?v=...).",
            "en": "The YouTube link {link} is not a video's link (it is a channel, a playlist "
            "or a search). Open the video on YouTube, click Share > Copy and send that link "
            "(it looks like https://youtu.be/... or https://www.youtube.com/watch?v=...).",
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
    elif segments[:1] == ["watch"]:
        candidate = next(iter(query.get("v", [])), None)
    elif len(segments) >= 2 and segments[0] in _PATH_FORMS:
        candidate = segments[1]
    else:
        return None, "link.youtube_not_video"  # channel, playlist, search, home page
    if candidate is None:
        return None, "link.youtube_not_video"
    candidate = candidate.strip()
    if not _VIDEO_ID.match(candidate):
        return None, "link.youtube_cut"
    return candidate, None
