"""The Google Drive client: credentials, endpoint, per-thread connections, retries.

    client = connect()                       # None when no credentials at all
    with client:
        meta = client.execute(client.files.get(fileId=...), file_id=..., link=...)

Credentials, first found wins: ``credentials=`` (a JSON key file), ``api_key=``,
$GOOGLE_APPLICATION_CREDENTIALS, $KIPP_DRIVE_API_KEY, then application default
credentials from ``gcloud auth application-default login``.  The API key travels in
the ``X-Goog-Api-Key`` header, never in a URL, so it cannot leak into logs or errors.
$KIPP_DRIVE_ENDPOINT=http://127.0.0.1:PORT sends every call to PORT (the local
Drive server in fixtures/).
"""

from __future__ import annotations

import json
import logging
import os
import threading
from pathlib import Path
from typing import Any

import httplib2
from google.auth import credentials as auth_credentials
from google.auth import exceptions as auth_exceptions
from google.oauth2 import credentials as user_credentials
from google.oauth2 import service_account
from google_auth_httplib2 import AuthorizedHttp
from googleapiclient.discovery import build

from pipeline import i18n
from pipeline.errors import CredentialsError, PipelineError
from pipeline.fetch import drive_errors
from pipeline.retry import RetryPolicy

log = logging.getLogger(__name__)

SCOPES = (
    "https://www.googleapis.com/auth/drive.readonly",
    "https://www.googleapis.com/auth/spreadsheets.readonly",
)
DEFAULT_CHUNK = 8 << 20


class _ApiKeyHttp(httplib2.Http):
    """httplib2 that adds the API key as a header to every request."""

    def __init__(self, api_key: str, timeout: float) -> None:
        super().__init__(timeout=timeout)
        self._api_key = api_key

    def request(
        self,
        uri: str,
        method: str = "GET",
        body: Any = None,
        headers: dict[str, str] | None = None,
        *args: Any,
        **kwargs: Any,
    ) -> Any:
        headers = {**(headers or {}), "x-goog-api-key": self._api_key}
        return super().request(uri, method, body, headers, *args, **kwargs)


class DriveClient:
    """Drive v3 (and Sheets v4) through one set of credentials.

    Each thread gets its own httplib2 connection and service objects (httplib2 is
    not thread-safe); ``close()`` closes all of them.  ``service_account_email`` is
    the address agencies share files with (None for an API key)."""

    def __init__(
        self,
        *,
        credentials: auth_credentials.Credentials | None = None,
        api_key: str | None = None,
        endpoint: str | None = None,
        timeout: float = 60.0,
        retry: RetryPolicy | None = None,
        chunk_size: int = DEFAULT_CHUNK,
        service_account_email: str | None = None,
        auth_kind: str = "api_key",
    ) -> None:
        self._credentials = credentials
        self._api_key = api_key
        self.endpoint = endpoint.rstrip("/") if endpoint else None
        self.timeout = timeout
        self.retry = retry or RetryPolicy()
        self.chunk_size = chunk_size
        self.service_account_email = service_account_email
        self.auth_kind = auth_kind
        self._local = threading.local()
        self._opened: list[Any] = []
        self._lock = threading.Lock()
        self._closed = False

    def __repr__(self) -> str:  # never shows the key or the token
        return f"DriveClient(auth={self.auth_kind}, endpoint={self.endpoint or 'google'})"

    def _http(self) -> Any:
        if self._credentials is not None:
            return AuthorizedHttp(self._credentials, http=httplib2.Http(timeout=self.timeout))
        assert self._api_key is not None
        return _ApiKeyHttp(self._api_key, self.timeout)

    def _service(self, name: str, version: str, path: str) -> Any:
        cache = self._local.__dict__.setdefault("services", {})
        if name not in cache:
            if self._closed:
                raise RuntimeError("DriveClient used after close()")
            options = {"api_endpoint": f"{self.endpoint}/{path}"} if self.endpoint else None
            service = build(
                name,
                version,
                http=self._http(),
                cache_discovery=False,
                static_discovery=True,
                client_options=options,
            )
            with self._lock:
                self._opened.append(service)
            cache[name] = service
        return cache[name]

    @property
    def files(self) -> Any:
        """The ``files`` collection of Drive v3 for this thread."""
        return self._service("drive", "v3", "drive/v3/").files()

    @property
    def sheets(self) -> Any:
        return self._service("sheets", "v4", "")

    def execute(self, request: Any, *, file_id: str | None, link: str) -> Any:
        """Run one API request under the retry policy; failures become kipp errors."""
        return self.call(lambda: request.execute(num_retries=0), file_id=file_id, link=link)

    def call(self, fn: Any, *, file_id: str | None, link: str) -> Any:
        try:
            return self.retry.call(
                fn, transient=drive_errors.is_transient, describe=drive_errors.describe
            )
        except PipelineError:
            raise
        except Exception as exc:
            if not _is_foreign(exc):
                raise
            raise drive_errors.translate(
                exc,
                file_id=file_id,
                link=link,
                email=self.service_account_email,
                attempts=self.retry.attempts,
            ) from exc

    def close(self) -> None:
        with self._lock:
            self._closed = True
            opened, self._opened = self._opened, []
        for service in opened:
            service.close()

    def __enter__(self) -> DriveClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _is_foreign(exc: BaseException) -> bool:
    return drive_errors.is_transient(exc) or isinstance(
        exc, drive_errors.HttpError | auth_exceptions.GoogleAuthError | httplib2.HttpLib2Error
    )


# ------------------------------------------------------------------- connect
def connect(
    *,
    credentials: Path | None = None,
    api_key: str | None = None,
    endpoint: str | None = None,
    timeout: float = 60.0,
    retry: RetryPolicy | None = None,
    chunk_size: int = DEFAULT_CHUNK,
) -> DriveClient | None:
    """A Drive client from the first credentials found, or None when there are none."""
    endpoint = endpoint or os.environ.get("KIPP_DRIVE_ENDPOINT") or None
    options: dict[str, Any] = {
        "endpoint": endpoint,
        "timeout": timeout,
        "retry": retry,
        "chunk_size": chunk_size,
    }
    if credentials is None and api_key is None:
        env_file = os.environ.get("GOOGLE_APPLICATION_CREDENTIALS", "").strip()
        credentials = Path(env_file) if env_file else None
        api_key = os.environ.get("KIPP_DRIVE_API_KEY", "").strip() or None
    if credentials is not None:
        creds, email, kind = load_key_file(credentials)
        log.info("Drive access with %s credentials from %s", kind, credentials)
        return DriveClient(
            credentials=creds, service_account_email=email, auth_kind=kind, **options
        )
    if api_key:
        log.info("Drive access with an API key (files shared with anyone with the link)")
        return DriveClient(api_key=api_key, auth_kind="api_key", **options)
    adc = _gcloud_adc_path()
    if adc is not None:
        creds, email, kind = load_key_file(adc)
        log.info("Drive access with application default credentials (%s)", adc)
        return DriveClient(
            credentials=creds, service_account_email=email, auth_kind=kind, **options
        )
    log.info("no Drive credentials found; Drive links cannot be fetched")
    return None


def _gcloud_adc_path() -> Path | None:
    """gcloud's application default credentials file, when it exists.  (The metadata
    server of a Google Cloud VM is not probed: kipp runs on office machines.)"""
    config = os.environ.get("CLOUDSDK_CONFIG") or str(Path.home() / ".config" / "gcloud")
    path = Path(config) / "application_default_credentials.json"
    return path if path.is_file() else None


def load_key_file(path: Path) -> tuple[auth_credentials.Credentials, str | None, str]:
    """Credentials from a service-account key or an authorized-user file."""
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CredentialsError(key="credentials.missing", path=str(path)) from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise CredentialsError(key="credentials.unreadable", path=str(path),
                               error=type(exc).__name__) from None  # fmt: skip
    kind = info.get("type") if isinstance(info, dict) else None
    try:
        if kind == "service_account":
            creds = service_account.Credentials.from_service_account_info(info, scopes=SCOPES)
            return creds, creds.service_account_email, "service_account"
        if kind == "authorized_user":
            user = user_credentials.Credentials.from_authorized_user_info(info, scopes=SCOPES)
            return user, None, "authorized_user"
    except (ValueError, KeyError, TypeError) as exc:
        # the message of these errors can quote key material: name only the field
        raise CredentialsError(key="credentials.invalid", path=str(path), kind=kind,
                               error=type(exc).__name__) from None  # fmt: skip
    raise CredentialsError(key="credentials.kind", path=str(path), kind=repr(kind))


_FIX_ID = (
    "Unduh kunci JSON baru untuk service account (Google Cloud console > IAM > Service "
    "accounts > Keys > Add key > JSON) dan berikan dengan --credentials atau "
    "GOOGLE_APPLICATION_CREDENTIALS."
)
_FIX_EN = (
    "Download a new JSON key for the service account (Google Cloud console > IAM > Service "
    "accounts > Keys > Add key > JSON) and pass it with --credentials or "
    "GOOGLE_APPLICATION_CREDENTIALS."
)
i18n.register(
    {
        "credentials.missing": {
            "id": "Berkas kredensial {path} tidak ada. " + _FIX_ID,
            "en": "Credentials file {path} does not exist. " + _FIX_EN,
        },
        "credentials.unreadable": {
            "id": "Berkas kredensial {path} tidak dapat dibaca sebagai berkas kunci JSON "
            "({error}). " + _FIX_ID,
            "en": "Credentials file {path} cannot be read as a JSON key file ({error}). " + _FIX_EN,
        },
        "credentials.invalid": {
            "id": "Berkas kredensial {path} bukan kunci {kind} yang sah ({error}). " + _FIX_ID,
            "en": "Credentials file {path} is not a valid {kind} key ({error}). " + _FIX_EN,
        },
        "credentials.kind": {
            "id": "Berkas kredensial {path} berjenis {kind}; kipp memerlukan kunci "
            "'service_account' (atau berkas 'authorized_user' dari gcloud). " + _FIX_ID,
            "en": "Credentials file {path} has type {kind}; kipp needs a 'service_account' key "
            "(or an 'authorized_user' file from gcloud). " + _FIX_EN,
        },
    },
    terminal=True,
)
