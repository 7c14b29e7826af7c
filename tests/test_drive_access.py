"""Drive credentials, check-link and the Sheets registry, against the local server.
Service-account keys are real RSA keys; the server's /token checks the RS256 JWT."""

from __future__ import annotations

import json
import logging
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from fixtures.drive_server import DriveServer
from pipeline.config import Config
from pipeline.errors import CredentialsError, RegistryError
from pipeline.fetch import FetchContext, fetch
from pipeline.fetch.drive import DriveClient, connect
from pipeline.fetch.sheets import read_rows
from pipeline.models import Entry
from pipeline.retry import RetryPolicy
from tests.conftest import check_link

NO_WAIT = RetryPolicy(attempts=3, wait_scale=0)
SECRET_KEY = "AIzaSy-SECRET-test-key-0123456789"


def entry(link: str) -> Entry:
    return Entry(entry_id="dinkes", agency="Dinas Kesehatan", link=link, row=2)


def key_file(tmp_path: Path, info: dict[str, object], name: str = "key.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(info))
    return path


# ------------------------------------------------------------------ connect
def test_no_credentials_at_all_gives_none(clean_drive_env: None) -> None:
    assert connect() is None


def test_api_key_from_the_environment(
    drive_server: DriveServer,
    clean_drive_env: None,
    monkeypatch: pytest.MonkeyPatch,
    kipp_config: Config,
    tmp_path: Path,
) -> None:
    monkeypatch.setenv("KIPP_DRIVE_API_KEY", "demo")
    monkeypatch.setenv("KIPP_DRIVE_ENDPOINT", drive_server.endpoint)
    fid = drive_server.add_file("v.mp4", b"\x00" * 1000)
    client = connect(retry=NO_WAIT)
    assert client is not None and client.auth_kind == "api_key"
    assert client.service_account_email is None
    with client:
        got = fetch(entry(drive_server.link(fid)), FetchContext(kipp_config, tmp_path, client))
    assert got.source.size == 1000
    assert {r["path"] for r in drive_server.requests} == {f"/drive/v3/files/{fid}"}


def test_service_account_key_from_the_environment(
    drive_server: DriveServer,
    clean_drive_env: None,
    monkeypatch: pytest.MonkeyPatch,
    kipp_config: Config,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    info = drive_server.add_service_account("kipp@brida-minut.iam.gserviceaccount.com")
    monkeypatch.setenv("GOOGLE_APPLICATION_CREDENTIALS", str(key_file(tmp_path, info)))
    fid = drive_server.add_file("v.mp4", b"\x01" * 2000)
    client = connect(endpoint=drive_server.endpoint, retry=NO_WAIT)
    assert client is not None
    assert client.service_account_email == "kipp@brida-minut.iam.gserviceaccount.com"
    with client:
        got = fetch(entry(drive_server.link(fid)), FetchContext(kipp_config, tmp_path, client))
    assert got.source.size == 2000
    assert [r["op"] for r in drive_server.requests][:2] == ["token", "get"]
    (token,) = drive_server.tokens
    assert token not in caplog.text and "PRIVATE KEY" not in caplog.text


def test_application_default_credentials_from_gcloud(
    drive_server: DriveServer,
    clean_drive_env: None,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    info = drive_server.add_service_account()
    gcloud = tmp_path / "gcloud"
    gcloud.mkdir()
    key_file(gcloud, info, "application_default_credentials.json")
    monkeypatch.setenv("CLOUDSDK_CONFIG", str(gcloud))
    client = connect(endpoint=drive_server.endpoint)
    assert client is not None and client.auth_kind == "service_account"
    client.close()


def test_not_shared_message_names_the_service_account(
    drive_server: DriveServer, clean_drive_env: None, kipp_config: Config, tmp_path: Path
) -> None:
    info = drive_server.add_service_account("kipp@brida-minut.iam.gserviceaccount.com")
    client = connect(credentials=key_file(tmp_path, info), endpoint=drive_server.endpoint)
    assert client is not None
    with client:
        link = DriveServer.link("1kippNotSharedWithAnyone000000000")
        with pytest.raises(Exception) as caught:
            fetch(entry(link), FetchContext(kipp_config, tmp_path, client))
    text = caught.value.render("id")  # type: ignore[attr-defined]
    assert "kipp@brida-minut.iam.gserviceaccount.com" in text and link in text


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (None, "does not exist"),
        ("{not json", "cannot be read as a JSON key file"),
        (json.dumps({"type": "external_account"}), "has type 'external_account'"),
        (
            json.dumps(
                {
                    "type": "service_account",
                    "client_email": "a@b.c",
                    "private_key": "-----BEGIN PRIVATE KEY-----\nSECRETMATERIAL\n"
                    "-----END PRIVATE KEY-----\n",
                    "token_uri": "http://127.0.0.1:9/t",
                }
            ),
            "is not a valid service_account key",
        ),
    ],
)
def test_bad_key_file_is_a_usage_error(
    content: str | None, says: str, tmp_path: Path, clean_drive_env: None
) -> None:
    path = tmp_path / "key.json"
    if content is not None:
        path.write_text(content)
    with pytest.raises(CredentialsError) as caught:
        connect(credentials=path)
    assert says in str(caught.value) and str(path) in str(caught.value)
    assert "--credentials" in str(caught.value)
    assert "SECRETMATERIAL" not in str(caught.value)


def test_key_the_token_service_refuses_is_a_usage_error(
    drive_server: DriveServer, clean_drive_env: None, kipp_config: Config, tmp_path: Path
) -> None:
    info = drive_server.add_service_account()
    drive_server.service_accounts.clear()  # the key was revoked
    client = connect(
        credentials=key_file(tmp_path, info), endpoint=drive_server.endpoint, retry=NO_WAIT
    )
    assert client is not None
    fid = drive_server.add_file("v.mp4", b"x" * 10)
    with client, pytest.raises(CredentialsError, match="Fix the Drive credentials"):
        fetch(entry(drive_server.link(fid)), FetchContext(kipp_config, tmp_path, client))


@pytest.mark.parametrize("status_reason", [(400, "keyInvalid"), (401, "authError")])
def test_rejected_api_key_is_a_usage_error_and_never_shown(
    status_reason: tuple[int, str],
    drive_server: DriveServer,
    clean_drive_env: None,
    kipp_config: Config,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    status, reason = status_reason
    drive_server.fail_then_ok(status=status, reason=reason, times=5)
    fid = drive_server.add_file("v.mp4", b"x" * 10)
    client = connect(api_key=SECRET_KEY, endpoint=drive_server.endpoint, retry=NO_WAIT)
    assert client is not None
    caplog.set_level(logging.DEBUG)
    with client, pytest.raises(CredentialsError) as caught:
        fetch(entry(drive_server.link(fid)), FetchContext(kipp_config, tmp_path, client))
    assert "KIPP_DRIVE_API_KEY" in str(caught.value)
    assert SECRET_KEY not in str(caught.value) and SECRET_KEY not in repr(client)
    assert SECRET_KEY not in caplog.text


def test_api_key_never_appears_in_urls_or_logs(
    drive_server: DriveServer,
    clean_drive_env: None,
    kipp_config: Config,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    fid = drive_server.add_file("v.mp4", os.urandom(5000))
    drive_server.fail_then_ok(status=503, times=1)
    drive_server.not_found("1kippMissingFile0000000000000000")
    client = connect(api_key=SECRET_KEY, endpoint=drive_server.endpoint, retry=NO_WAIT)
    assert client is not None
    with client:
        ctx = FetchContext(kipp_config, tmp_path, client)
        fetch(entry(drive_server.link(fid)), ctx)
        with pytest.raises(Exception) as caught:
            fetch(entry(DriveServer.link("1kippMissingFile0000000000000000")), ctx)
    assert SECRET_KEY not in str(caught.value) and SECRET_KEY not in caplog.text
    assert all("key" not in r["params"] for r in drive_server.requests)


# --------------------------------------------------------------- check-link
def test_check_link_without_credentials(clean_drive_env: None) -> None:
    out = check_link("https://youtu.be/abc", None)  # a cut YouTube link, 2024 rules: Drive only
    assert (out["kind"], out["source"], out["can_download"]) == ("invalid", "youtube", False)
    assert "YouTube" in out["message"] and "file_id" not in out
    out = check_link("https://drive.google.com/file/d/1AbCdEfGhIjKlMnOpQrStU/view", None)
    assert (out["kind"], out["file_id"], out["message"]) == ("file", "1AbCdEfGhIjKlMnOpQrStU", None)
    assert "metadata" not in out


def test_check_link_with_credentials_shows_metadata(
    drive_server: DriveServer, drive_client: DriveClient
) -> None:
    fid = drive_server.add_file("inovasi.mp4", b"v" * 1234, duration_ms=95_000)
    out = check_link(drive_server.link(fid), drive_client)
    assert out["can_download"] is True
    meta = out["metadata"]
    assert (meta["file_id"], meta["name"], meta["size"], meta["drive_duration_s"]) == (
        fid,
        "inovasi.mp4",
        1234,
        95.0,
    )
    assert meta["modified_time"] == "2024-05-30T02:00:00Z"
    json.dumps(out)  # --json prints it as is
    (probe,) = drive_server.media_requests()
    assert probe["range"] == "bytes=0-1023"


def test_check_link_reports_what_blocks_the_download(
    drive_server: DriveServer,
    drive_client: DriveClient,
) -> None:
    fid = drive_server.add_file("inovasi.mp4", b"v", can_download=False)
    out = check_link(drive_server.link(fid), drive_client)
    assert out["can_download"] is False and out["error"] == "AccessDenied"
    assert "menonaktifkan unduhan" in out["message"]
    assert out["metadata"]["name"] == "inovasi.mp4"


@pytest.mark.parametrize(
    ("switch", "error", "says"),
    [
        ("download_quota_exceeded", "QuotaExceeded", "kuota unduhan"),
        ("html_as_video", "WrongSource", "halaman web"),
    ],
)
def test_check_link_tries_the_first_bytes(
    switch: str, error: str, says: str, drive_server: DriveServer, drive_client: DriveClient
) -> None:
    fid = drive_server.add_file("inovasi.mp4", b"v" * 5000)
    getattr(drive_server, switch)(fid)
    out = check_link(drive_server.link(fid), drive_client)
    assert (out["can_download"], out["error"]) == (False, error)
    assert says in out["message"] and out["metadata"]["size"] == 5000


# ------------------------------------------------------------------- sheets
ROWS = [
    ["Timestamp", "Nama Instansi", "Judul Inovasi", "Jenis Inovasi", "Link Video"],
    [
        "31/05/2024 10:00:00",
        "Dinas Kesehatan",
        "SiSehat",
        "Pelayanan Publik",
        "https://drive.google.com/file/d/1AbCdEfGhIjKlMnOpQrStU/view",
    ],
    ["31/05/2024 11:00:00", "Dinas Sosial"],
]


def test_read_rows_from_a_sheet(drive_server: DriveServer, drive_client: DriveClient) -> None:
    sid = drive_server.add_sheet(ROWS)
    rows = read_rows(f"https://docs.google.com/spreadsheets/d/{sid}/edit#gid=0", drive_client)
    assert rows[:2] == ROWS[:2]
    assert rows[2] == ["31/05/2024 11:00:00", "Dinas Sosial", "", "", ""]
    (request,) = drive_server.requests
    assert request["path"].startswith(f"/v4/spreadsheets/{sid}/values/")


def test_read_rows_errors(drive_server: DriveServer, drive_client: DriveClient) -> None:
    with pytest.raises(RegistryError, match="not a Google Sheets link"):
        read_rows("https://drive.google.com/file/d/1AbCdEfGhIjKlMnOpQrStU/view", drive_client)
    with pytest.raises(RegistryError, match="no Google credentials"):
        read_rows("https://docs.google.com/spreadsheets/d/1AbCdEfGhIjKlMnOpQrStU/edit", None)
    with pytest.raises(RegistryError, match="cannot be read"):
        read_rows(
            "https://docs.google.com/spreadsheets/d/1kippNoSuchSheet000000/edit", drive_client
        )


def test_check_link_on_a_folder_names_the_chosen_video(
    drive_server: DriveServer, drive_client: DriveClient
) -> None:
    folder = drive_server.add_folder("KIPP")
    drive_server.add_file("lama.mp4", b"a" * 10, parents=(folder,))
    drive_server.add_file(
        "baru.mp4", b"b" * 10, parents=(folder,), modified_time=datetime(2024, 5, 31, tzinfo=UTC)
    )
    out = check_link(DriveServer.link(folder, folder=True), drive_client)
    assert (out["kind"], out["can_download"]) == ("folder", True)
    assert out["metadata"]["name"] == "baru.mp4"
    assert "lama.mp4" in out["message"] and "baru.mp4" in out["message"]
