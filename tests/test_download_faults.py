"""Download faults of issue 11, against the real Drive v3 server on 127.0.0.1: a 403
leaves no empty ``.part``; a server announcing more bytes than it sends gets a message
saying so; file ids and md5s from the server are checked before they name a file."""

from __future__ import annotations

import pytest

from fixtures.drive_server import DriveServer
from pipeline.errors import AccessDenied, FetchError, TransientFetchError
from pipeline.fetch import FetchContext, fetch
from tests.test_drive import CONTENT, add_video, entry


def test_a_403_on_download_leaves_no_empty_part(
    drive_server: DriveServer, fetch_ctx: FetchContext
) -> None:
    fid = add_video(drive_server)
    drive_server.forbid(fid, "cannotDownloadFile", on="media")
    with pytest.raises(AccessDenied):
        fetch(entry(drive_server.link(fid)), fetch_ctx)
    cache = fetch_ctx.cache_dir / "drive"
    assert not cache.exists() or list(cache.iterdir()) == []


def test_a_server_announcing_more_bytes_than_it_sends(
    drive_server: DriveServer, fetch_ctx: FetchContext
) -> None:
    fid = add_video(drive_server)
    drive_server.announce_more(fid, 1000)
    with pytest.raises(TransientFetchError) as caught:
        fetch(entry(drive_server.link(fid)), fetch_ctx)
    assert caught.value.key == "drive.short" and caught.value.outcome == "error"
    link = drive_server.link(fid)
    assert caught.value.render("en") == (
        f"Google Drive announced {len(CONTENT) + 1000} bytes for {fid} ({link}) but sent "
        f"{len(CONTENT)}: the file may still be uploading or be damaged on Drive. Run again "
        "later; if it repeats, ask the agency to upload the video again."
    )
    assert "416" not in caught.value.render("id")
    assert list((fetch_ctx.cache_dir / "drive").iterdir()) == []


@pytest.mark.parametrize(
    ("field", "value"),
    [("id", "../../../escape"), ("id", "a/b"), ("md5", "../../x"), ("md5", "zz\x00")],
)
def test_server_ids_and_md5s_are_checked_before_naming_a_file(
    field: str, value: str, drive_server: DriveServer, fetch_ctx: FetchContext
) -> None:
    fid = add_video(drive_server, **({"md5": value} if field == "md5" else {}))
    if field == "id":
        drive_server.files[fid].id = value  # files.get answers with this id
    with pytest.raises(FetchError) as caught:
        fetch(entry(drive_server.link(fid)), fetch_ctx)
    assert caught.value.key == "drive.bad_answer" and caught.value.outcome == "error"
    assert drive_server.media_requests() == []  # nothing downloaded, nothing written
    assert not (fetch_ctx.cache_dir / "drive").exists()
    assert not list(fetch_ctx.cache_dir.parent.rglob("escape*"))
