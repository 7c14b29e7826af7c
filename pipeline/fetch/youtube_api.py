"""YouTube Data API v3: one video's facts (``videos.list``) before anything is downloaded.

    client = connect()                       # None when there are no credentials at all
    with client:
        video = client.video("dQw4w9WgXcQ", link=...)   # YouTubeVideo, or None: no item

Credentials, first found wins: ``api_key=``, $KIPP_YOUTUBE_API_KEY (YouTube's own key),
``credentials=`` (the key file of ``kipp --credentials``, the one Drive uses),
$KIPP_DRIVE_API_KEY (one Google Cloud key can serve both APIs), then the key file of
$GOOGLE_APPLICATION_CREDENTIALS; a service account is given the scope youtube.readonly.
The key travels in the ``X-Goog-Api-Key`` header, never in a URL, so
it cannot reach logs, errors or reports.  $KIPP_YOUTUBE_ENDPOINT=http://127.0.0.1:PORT
sends every call to ``http://127.0.0.1:PORT/youtube/v3/...`` (the local stand-in,
``fixtures/youtube_server.py``).  The client is built from the static discovery document
google-api-python-client ships: no network is needed to build it.

Failures: 403 ``quotaExceeded`` -> QuotaExceeded (error); 429, 5xx and network errors are
retried under kipp's one policy (``pipeline.retry``), then TransientFetchError (error);
a bad key or token -> CredentialsError (exit 2).
"""

from __future__ import annotations

import logging
import os
import threading
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Literal

import httplib2
from google.auth import exceptions as auth_exceptions
from google_auth_httplib2 import AuthorizedHttp
from googleapiclient.discovery import build
from googleapiclient.errors import HttpError
from pydantic import BaseModel, ConfigDict, Field

from pipeline import i18n
from pipeline.errors import CredentialsError, PipelineError, QuotaExceeded, TransientFetchError
from pipeline.fetch.drive_client import _ApiKeyHttp, load_key_file
from pipeline.fetch.drive_errors import is_transient as _network_or_busy
from pipeline.models import Line
from pipeline.retry import RetryPolicy

log = logging.getLogger(__name__)

SCOPES = ("https://www.googleapis.com/auth/youtube.readonly",)
PARTS = "contentDetails,status,snippet"
QUOTA_REASONS = {"quotaExceeded", "dailyLimitExceeded"}
AUTH_REASONS = {"keyInvalid", "keyExpired", "forbidden", "accessNotConfigured", "authError"}

i18n.register(
    {
        "youtube.quota": {
            "id": "Kuota YouTube Data API kipp untuk hari ini habis saat memeriksa {link}. "
            "Jalankan lagi besok (kuota diatur ulang tengah malam waktu Pasifik).",
            "en": "kipp's YouTube Data API quota for today ran out while checking {link}. "
            "Run again tomorrow (the quota resets at midnight Pacific time).",
        },
        "youtube.bad_answer": {
            "id": "YouTube Data API memberi jawaban yang tidak dapat dibaca kipp saat memeriksa "
            "{link}. Jalankan lagi nanti (kipp rerun); bila terulang, periksa "
            "KIPP_YOUTUBE_ENDPOINT atau jaringan (proksi, halaman login Wi-Fi).",
            "en": "The YouTube Data API gave an answer kipp cannot read while checking {link}. "
            "Run again later (kipp rerun); if it repeats, check KIPP_YOUTUBE_ENDPOINT or the "
            "network (a proxy, a Wi-Fi sign-in page).",
        },
        "youtube.unreachable": {
            "id": "YouTube tidak dapat dihubungi saat memeriksa {link} (setelah {attempts} "
            "kali mencoba). Jalankan lagi nanti (kipp rerun).",
            "en": "YouTube could not be reached while checking {link} (after {attempts} "
            "attempts). Run again later (kipp rerun).",
        },
    }
)


# ------------------------------------------------------------------ the facts
class _Api(BaseModel):
    """API JSON at the edge: frozen; unknown fields ignored (YouTube adds fields)."""

    model_config = ConfigDict(frozen=True, extra="ignore", populate_by_name=True)


class Snippet(_Api):
    published_at: datetime = Field(alias="publishedAt")
    title: Line = ""  # the uploader's words: one line, no escape codes
    channel_title: Line = Field("", alias="channelTitle")
    live_broadcast_content: Literal["none", "live", "upcoming"] = Field(
        "none", alias="liveBroadcastContent"
    )


class ContentDetails(_Api):
    duration: timedelta  # ISO 8601 ("PT4M13S"; "P0D" before a premiere)
    definition: Literal["hd", "sd"] = "hd"
    caption: bool = False  # the API sends the strings "true" / "false"


class Status(_Api):
    upload_status: str = Field(alias="uploadStatus")  # processed | uploaded | failed | ...
    privacy_status: str = Field("public", alias="privacyStatus")


class YouTubeVideo(_Api):
    """One ``videos.list`` item with the parts contentDetails, status and snippet."""

    id: str
    snippet: Snippet
    content_details: ContentDetails = Field(alias="contentDetails")
    status: Status

    @property
    def duration_s(self) -> float:
        return self.content_details.duration.total_seconds()


# ------------------------------------------------------------------ the client
class YouTubeClient:
    """videos.list through one set of credentials; one connection per thread."""

    def __init__(
        self,
        *,
        api_key: str | None = None,
        credentials: Any = None,
        endpoint: str | None = None,
        timeout: float = 60.0,
        retry: RetryPolicy | None = None,
    ) -> None:
        self._api_key = api_key
        self._credentials = credentials
        self.endpoint = endpoint.rstrip("/") if endpoint else None
        self.timeout = timeout
        self.retry = retry or RetryPolicy()
        self._local = threading.local()
        self._opened: list[Any] = []
        self._lock = threading.Lock()

    def __repr__(self) -> str:  # never shows the key or the token
        auth = "api_key" if self._api_key else "credentials"
        return f"YouTubeClient(auth={auth}, endpoint={self.endpoint or 'google'})"

    def _service(self) -> Any:
        service = getattr(self._local, "service", None)
        if service is None:
            if self._credentials is not None:
                http: Any = AuthorizedHttp(
                    self._credentials, http=httplib2.Http(timeout=self.timeout)
                )
            else:
                assert self._api_key is not None
                http = _ApiKeyHttp(self._api_key, self.timeout)
            options = {"api_endpoint": f"{self.endpoint}/"} if self.endpoint else None
            service = build(
                "youtube",
                "v3",
                http=http,
                cache_discovery=False,
                static_discovery=True,
                client_options=options,
            )
            self._local.service = service
            with self._lock:
                self._opened.append(service)
        return service

    def video(self, video_id: str, *, link: str) -> YouTubeVideo | None:
        """The video's facts; None when YouTube gives no item (private, deleted, wrong id)."""
        request = self._service().videos().list(part=PARTS, id=video_id, maxResults=1)
        try:
            answer = self.retry.call(
                lambda: request.execute(num_retries=0), transient=is_transient, describe=describe
            )
        except PipelineError:
            raise
        except ValueError as exc:  # the client's JSON parser on an HTML page, say
            log.warning("YouTube answer for %s is not JSON: %s", link, str(exc)[:300])
            raise TransientFetchError("youtube.bad_answer", link=link) from exc
        except Exception as exc:
            if not (is_transient(exc) or isinstance(exc, (HttpError, *_AUTH_ERRORS))):
                raise
            raise translate(exc, link=link, attempts=self.retry.attempts) from exc
        return _first_video(answer, link)

    def close(self) -> None:
        with self._lock:
            opened, self._opened = self._opened, []
        for service in opened:
            service.close()

    def __enter__(self) -> YouTubeClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_AUTH_ERRORS = (auth_exceptions.GoogleAuthError, httplib2.HttpLib2Error)


def _first_video(answer: object, link: str) -> YouTubeVideo | None:
    """``videos.list``'s answer at the edge: its first item as a YouTubeVideo, None for
    no item; TransientFetchError (``youtube.bad_answer``) for anything else (an HTML page
    or a list where the object should be: never a traceback)."""
    items = answer.get("items", []) if isinstance(answer, dict) else None
    try:
        if not isinstance(items, list):
            raise ValueError(f"no items list in {type(answer).__name__}")
        return YouTubeVideo.model_validate(items[0]) if items else None
    except ValueError as exc:  # pydantic's ValidationError is one
        log.warning("YouTube answer for %s not understood: %s", link, str(exc)[:300])
        raise TransientFetchError("youtube.bad_answer", link=link) from exc


def _reason(exc: HttpError) -> str:
    details = exc.error_details if isinstance(exc.error_details, list) else []
    for item in details:
        if isinstance(item, dict) and item.get("reason"):
            return str(item["reason"])
    return ""


def is_transient(exc: BaseException) -> bool:
    if isinstance(exc, HttpError):
        return exc.resp.status in (429, 500, 502, 503, 504) and _reason(exc) not in QUOTA_REASONS
    return _network_or_busy(exc)


def describe(exc: BaseException) -> str:
    """A failure for the log: the status and reason only (never a URL or a key)."""
    if isinstance(exc, HttpError):
        return f"HTTP {exc.resp.status} {_reason(exc)}".strip()
    return type(exc).__name__


def translate(exc: BaseException, *, link: str, attempts: int) -> PipelineError:
    if isinstance(exc, HttpError):
        status, reason = exc.resp.status, _reason(exc)
        if reason in QUOTA_REASONS:
            return QuotaExceeded("youtube.quota", link=link)
        if status in (400, 401, 403) or reason in AUTH_REASONS:
            return CredentialsError(key="youtube.credentials", status=status, reason=reason)
    if isinstance(exc, auth_exceptions.RefreshError):
        return CredentialsError(key="youtube.token_refused")
    return TransientFetchError("youtube.unreachable", link=link, attempts=attempts)


# ------------------------------------------------------------------- connect
def connect(
    *,
    api_key: str | None = None,
    credentials: Path | None = None,
    endpoint: str | None = None,
    timeout: float = 60.0,
    retry: RetryPolicy | None = None,
) -> YouTubeClient | None:
    """A YouTube client from the first credentials found (the order in the module's
    docstring), or None when there are none.  ``credentials``: a service-account or
    authorized-user JSON file (``kipp --credentials``); CredentialsError when unusable."""
    endpoint = endpoint or _env("KIPP_YOUTUBE_ENDPOINT")
    options: dict[str, Any] = {"endpoint": endpoint, "timeout": timeout, "retry": retry}
    api_key = api_key or _env("KIPP_YOUTUBE_API_KEY")
    if not api_key and credentials is None:
        api_key = _env("KIPP_DRIVE_API_KEY")
        env_file = _env("GOOGLE_APPLICATION_CREDENTIALS")
        credentials = Path(env_file) if env_file and not api_key else None
    if api_key:
        return YouTubeClient(api_key=api_key, **options)
    if credentials is not None:
        creds, _email, kind = load_key_file(credentials)
        if kind == "service_account":
            creds = creds.with_scopes(list(SCOPES))  # type: ignore[attr-defined]
        log.info("YouTube Data API with %s credentials from %s", kind, credentials)
        return YouTubeClient(credentials=creds, **options)
    return None


def _env(name: str) -> str | None:
    return os.environ.get(name, "").strip() or None


i18n.register(
    {
        "youtube.credentials": {
            "id": "YouTube Data API menolak kredensial kipp (HTTP {status} {reason}). Periksa "
            "KIPP_YOUTUBE_API_KEY (YouTube Data API v3 harus aktif di proyek Google Cloud-nya) "
            "atau kunci service account.",
            "en": "The YouTube Data API refused kipp's credentials (HTTP {status} {reason}). "
            "Check KIPP_YOUTUBE_API_KEY (the YouTube Data API v3 must be enabled for its "
            "Google Cloud project) or the service account key.",
        },
        "youtube.token_refused": {
            "id": "Token service account ditolak (RefreshError): unduh kunci JSON baru dan "
            "berikan dengan --credentials atau GOOGLE_APPLICATION_CREDENTIALS.",
            "en": "The service account's token was refused (RefreshError): download a new JSON "
            "key and pass it with --credentials or GOOGLE_APPLICATION_CREDENTIALS.",
        },
    },
    terminal=True,
)
