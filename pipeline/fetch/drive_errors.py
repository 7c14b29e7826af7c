"""Drive failures -> kipp's error tree, with the messages officers and agencies read.

``translate`` is the one place where googleapiclient's ``HttpError``, google-auth's
``RefreshError`` and network errors become ``pipeline.errors`` classes:

    404 notFound                                     -> AccessDenied   (fail)
    403 insufficientFilePermissions / cannotDownloadFile / canDownload false
                                                     -> AccessDenied   (fail)
    403 downloadQuotaExceeded                        -> QuotaExceeded  (error)
    429, 5xx, rateLimitExceeded, userRateLimitExceeded, reset, timeout
                                                     -> TransientFetchError (error),
                                                        after the retry policy gave up
    401 / authError / keyInvalid / RefreshError      -> CredentialsError (exit 2)

``is_transient`` tells the retry policy which failures are worth another try.
Messages never contain credentials: only the file id, the link and the service
account's e-mail address (which agencies need to share the file with).
"""

from __future__ import annotations

import http.client
import re
import socket
from typing import Any

import httplib2
from google.auth import exceptions as auth_exceptions
from googleapiclient.errors import HttpError

from pipeline import i18n
from pipeline.errors import (
    AccessDenied,
    CredentialsError,
    FetchError,
    PipelineError,
    QuotaExceeded,
    TransientFetchError,
)

TRANSIENT_STATUS = {429, 500, 502, 503, 504}
TRANSIENT_REASONS = {"rateLimitExceeded", "userRateLimitExceeded", "backendError", "internalError"}
NO_DOWNLOAD_REASONS = {"insufficientFilePermissions", "cannotDownloadFile", "forbidden"}
AUTH_REASONS = {
    "authError",
    "keyInvalid",
    "keyExpired",
    "unregisteredCaller",
    "accessNotConfigured",
}

_SHARE_ID = 'bagikan sebagai "Siapa saja yang memiliki link" (Pelihat)'
_SHARE_EN = 'share it as "Anyone with the link" (Viewer)'

i18n.register(
    {
        "drive.not_found": {
            "id": "Berkas Google Drive {file_id} ({link}) tidak dapat dibuka: belum dibagikan "
            "atau sudah dihapus. Minta instansi membuka berkas di Google Drive, klik Bagikan, "
            "lalu " + _SHARE_ID + "{share_id}.",
            "en": "The Google Drive file {file_id} ({link}) cannot be opened: it is not shared "
            "or was deleted. Ask the agency to open it in Google Drive, click Share and "
            + _SHARE_EN
            + "{share_en}.",
        },
        "drive.no_download": {
            "id": "Pemilik berkas Google Drive {file_id} ({link}) menonaktifkan unduhan. Minta "
            'instansi membuka Bagikan > ikon roda gigi dan mencentang "Pelihat dan pemberi '
            'komentar dapat melihat opsi untuk mendownload", atau mengunggah salinan baru.',
            "en": "The owner of the Google Drive file {file_id} ({link}) disabled downloading. "
            'Ask the agency to open Share > gear icon and tick "Viewers and commenters can see '
            'the option to download", or to upload a new copy.',
        },
        "drive.trashed": {
            "id": "Berkas Google Drive {file_id} ({link}) ada di Sampah. Minta instansi "
            "memulihkannya dari Sampah atau mengirim link berkas yang baru.",
            "en": "The Google Drive file {file_id} ({link}) is in the trash. Ask the agency to "
            "restore it or to send a new link.",
        },
        "drive.quota": {
            "id": "Google membatasi unduhan berkas {file_id} ({link}) karena kuota unduhan "
            "berkas ini habis. Coba lagi beberapa jam kemudian (kipp rerun), atau minta "
            "instansi mengunggah salinan baru dan mengirim link salinan itu.",
            "en": "Google limits downloads of the file {file_id} ({link}): its download quota "
            "is used up. Try again in a few hours (kipp rerun), or ask the agency to upload a "
            "fresh copy and send that link.",
        },
        "drive.transient": {
            "id": "Google Drive tidak menjawab dengan baik untuk berkas {file_id} ({link}) "
            "setelah {attempts} percobaan. Ini gangguan sementara: jalankan lagi nanti "
            "(kipp rerun).",
            "en": "Google Drive kept failing for the file {file_id} ({link}) after {attempts} "
            "attempts. This is temporary: run again later (kipp rerun).",
        },
        "drive.http": {
            "id": "Google Drive menolak permintaan untuk berkas {file_id} ({link}) dengan kode "
            "{status}. Periksa link dan pembagian berkas, lalu jalankan lagi.",
            "en": "Google Drive refused the request for the file {file_id} ({link}) with "
            "status {status}. Check the link and the file's sharing, then run again.",
        },
        "drive.share_sa": {
            "id": " atau bagikan ke alamat {email} sebagai Pelihat",
            "en": " or share it with {email} as Viewer",
        },
    }
)


def share_hint(email: str | None) -> dict[str, Any]:
    if not email:
        return {"share_id": "", "share_en": ""}
    return {
        "share_id": i18n.message("drive.share_sa", "id", email=email),
        "share_en": i18n.message("drive.share_sa", "en", email=email),
    }


def reason_of(exc: HttpError) -> str:
    details = exc.error_details
    if isinstance(details, list):
        for item in details:
            if isinstance(item, dict) and item.get("reason"):
                return str(item["reason"])
    return ""


def is_transient(exc: BaseException) -> bool:
    if isinstance(exc, HttpError):
        return exc.resp.status in TRANSIENT_STATUS or reason_of(exc) in TRANSIENT_REASONS
    if isinstance(exc, httplib2.ServerNotFoundError):
        return False
    return isinstance(
        exc,
        OSError
        | http.client.HTTPException
        | httplib2.HttpLib2Error
        | auth_exceptions.TransportError
        | socket.timeout,
    )


_SECRET = re.compile(r"(key=|access_token=|Bearer\s+)[^&\s\"']+", re.IGNORECASE)


def redact(text: str) -> str:
    return _SECRET.sub(r"\1<hidden>", text)


def describe(exc: BaseException) -> str:
    """A failure in one line for logs, without secrets."""
    if isinstance(exc, HttpError):
        return f"HTTP {exc.resp.status} {reason_of(exc) or exc.reason}"
    return redact(f"{type(exc).__name__}: {exc}")


def translate(
    exc: BaseException,
    *,
    file_id: str | None,
    link: str,
    email: str | None = None,
    attempts: int = 1,
) -> PipelineError:
    """The kipp error for a Drive failure (the caller raises it ``from exc``)."""
    params: dict[str, Any] = {"file_id": file_id or "?", "link": link}
    if isinstance(exc, auth_exceptions.RefreshError):
        return credentials_error("Drive's token service refused kipp's key", link)
    if not isinstance(exc, HttpError):
        if is_transient(exc):
            return TransientFetchError(
                "drive.transient", attempts=attempts, detail=describe(exc), **params
            )
        return FetchError("drive.http", status=type(exc).__name__, detail=describe(exc), **params)
    status, reason = exc.resp.status, reason_of(exc)
    if status == 401 or reason in AUTH_REASONS:
        return credentials_error(f"Drive answered HTTP {status} {reason or exc.reason}", link)
    if status == 404 or reason == "notFound":
        return AccessDenied("drive.not_found", **params, **share_hint(email))
    if reason == "downloadQuotaExceeded":
        return QuotaExceeded("drive.quota", detail=f"HTTP {status} {reason}", **params)
    if is_transient(exc):
        return TransientFetchError(
            "drive.transient", attempts=attempts, detail=f"HTTP {status} {reason}", **params
        )
    if status == 403 and (reason in NO_DOWNLOAD_REASONS or not reason):
        return AccessDenied("drive.no_download", detail=f"HTTP 403 {reason}", **params)
    return FetchError("drive.http", status=status, detail=f"HTTP {status} {reason}", **params)


def credentials_error(what: str, link: str) -> CredentialsError:
    return CredentialsError(key="credentials.refused", what=what, link=link)


i18n.register(
    {
        "credentials.refused": {
            "id": "{what} saat membaca {link}. Perbaiki kredensial Drive: beri --credentials "
            "dengan berkas kunci JSON service account (atau atur GOOGLE_APPLICATION_CREDENTIALS), "
            "atau isi KIPP_DRIVE_API_KEY dengan kunci API yang mengaktifkan Google Drive API; "
            "pastikan kuncinya tidak dicabut dan Drive API (serta Sheets API untuk registri "
            "Sheet) aktif di proyek Google Cloud-nya.",
            "en": "{what} while reading {link}. Fix the Drive credentials: pass --credentials "
            "with a service-account JSON key file (or set GOOGLE_APPLICATION_CREDENTIALS), or "
            "set KIPP_DRIVE_API_KEY to an API key with the Google Drive API enabled; check that "
            "the key is not revoked and that the Drive API (and Sheets API for a Sheet "
            "registry) is enabled in its Google Cloud project.",
        },
    },
    terminal=True,
)
