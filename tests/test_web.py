"""Dropbox, OneDrive / SharePoint and plain https links streamed with httpx from a local
server (fixtures/web_server.py): redirect chains, sign-in pages, dropped connections.
The service hosts reach 127.0.0.1 through ``FetchContext.hosts`` (no patching)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from fixtures.web_server import WebServer
from pipeline.config import Config
from pipeline.errors import (
    AccessDenied,
    DiskError,
    EntryError,
    TransientFetchError,
    WrongSource,
)
from pipeline.fetch import FetchContext, fetch
from pipeline.fetch.sources import classify
from pipeline.fetch.web import cache_path
from pipeline.models import Entry
from tests.conftest import allow_loopback

HOSTS = ("www.dropbox.com", "1drv.ms", "onedrive.live.com", "pemkab-my.sharepoint.com",
         "media.minut.go.id")  # fmt: skip


@pytest.fixture
def web(monkeypatch: pytest.MonkeyPatch) -> Iterator[WebServer]:
    monkeypatch.setenv("KIPP_RETRY_WAIT_SCALE", "0")
    with WebServer() as server:
        yield server


@pytest.fixture
def media(make_media: Callable[[str], Path]) -> bytes:
    return make_media("valid_90").read_bytes()


def ctx(config_2025: Config, tmp_path: Path, web: WebServer, **kw: object) -> FetchContext:
    """The 2025 rules with the stand-in's 127.0.0.1 allowed ([fetch] allow_addresses)."""
    return FetchContext(
        allow_loopback(config_2025),
        tmp_path / "cache",
        hosts=dict.fromkeys(HOSTS, web.endpoint),
        **kw,
    )  # type: ignore[arg-type]


def entry(link: str) -> Entry:
    return Entry(entry_id="dinas-kesehatan", agency="Dinas Kesehatan", link=link, row=2)


def test_dropbox_link_is_fetched_as_direct_download(
    web: WebServer, media: bytes, config_2025: Config, tmp_path: Path
) -> None:
    web.add_file("/scl/fi/x1y2z3/inovasi.mp4", media)
    link = "https://www.dropbox.com/scl/fi/x1y2z3/inovasi.mp4?rlkey=k9k9&dl=0"
    fetched = fetch(entry(link), ctx(config_2025, tmp_path, web))
    assert fetched.path.read_bytes() == media
    (req,) = web.bodies("/scl/fi/x1y2z3/inovasi.mp4")
    assert req["query"] == "rlkey=k9k9&dl=1"
    source = fetched.source
    assert (source.kind, source.name, source.size) == ("dropbox", "inovasi.mp4", len(media))
    assert source.mime_type == "video/mp4" and source.md5 is not None


def test_onedrive_short_link_follows_its_redirect_chain(
    web: WebServer, media: bytes, config_2025: Config, tmp_path: Path
) -> None:
    web.add_redirect("/v/s!AbCdEf", "https://onedrive.live.com/redir?resid=A1&authkey=K")
    web.add_redirect("/redir", "https://pemkab-my.sharepoint.com/personal/x/video.mp4?dl=y")
    web.add_file("/personal/x/video.mp4", media)
    seen: list[tuple[int, int | None]] = []
    context = ctx(config_2025, tmp_path, web, on_progress=lambda d, t: seen.append((d, t)))
    fetched = fetch(entry("https://1drv.ms/v/s!AbCdEf"), context)
    assert fetched.path.read_bytes() == media and fetched.source.kind == "onedrive"
    assert [r["path"] for r in web.requests] == ["/v/s!AbCdEf", "/redir", "/personal/x/video.mp4"]
    assert seen[-1] == (len(media), len(media))


def test_sharepoint_link_asks_for_the_download(
    web: WebServer, media: bytes, config_2025: Config, tmp_path: Path
) -> None:
    web.add_file("/:v:/g/personal/bri_da/EaBcD", media)
    link = "https://pemkab-my.sharepoint.com/:v:/g/personal/bri_da/EaBcD?e=Xy12"
    fetch(entry(link), ctx(config_2025, tmp_path, web))
    assert web.bodies("/:v:/g/personal/bri_da/EaBcD")[0]["query"] == "e=Xy12&download=1"


@pytest.mark.parametrize("where", ["page", "redirect", "forbidden", "html_as_video"])
def test_a_sign_in_page_means_not_shared_publicly(
    web: WebServer, config_2025: Config, tmp_path: Path, where: str
) -> None:
    if where == "page":
        web.add_page("/s/abc/video.mp4")
    elif where == "redirect":  # OneDrive sends a private file to its sign-in page
        web.add_redirect("/s/abc/video.mp4", "https://onedrive.live.com/login?ru=x")
        web.add_page("/login")
    elif where == "forbidden":
        web.add_page("/s/abc/video.mp4", status=403)
    else:  # an HTML body announced as a video
        web.add_file("/s/abc/video.mp4", b"<!DOCTYPE html><html><body>Sign in</body></html>")
    with pytest.raises(AccessDenied) as caught:
        fetch(entry("https://www.dropbox.com/s/abc/video.mp4"), ctx(config_2025, tmp_path, web))
    assert (caught.value.key, caught.value.outcome) == ("web.not_public", "fail")
    assert caught.value.render("id").startswith(
        "Link https://www.dropbox.com/s/abc/video.mp4 tidak dibagikan untuk umum"
    )
    assert "not shared publicly" in caught.value.render("en")


def test_dropped_connection_resumes_with_range(
    web: WebServer, media: bytes, config_2025: Config, tmp_path: Path
) -> None:
    web.add_file("/inovasi/video.mp4", media)
    web.drop_after(100_000, path="/inovasi/video.mp4", times=2)
    fetched = fetch(
        entry("https://media.minut.go.id/inovasi/video.mp4"), ctx(config_2025, tmp_path, web)
    )
    assert fetched.path.read_bytes() == media and fetched.source.kind == "url"
    assert [r["range"] for r in web.bodies("/inovasi/video.mp4")] == [
        None,
        "bytes=100000-",
        "bytes=200000-",
    ]


def test_server_without_range_restarts_then_the_cache_serves_unchanged_files(
    web: WebServer, media: bytes, config_2025: Config, tmp_path: Path
) -> None:
    web.add_file("/v.mp4", media, ranges=False, last_modified=datetime(2025, 6, 1, 2, tzinfo=UTC))
    web.drop_after(50_000, path="/v.mp4")
    context = ctx(config_2025, tmp_path, web)
    first = fetch(entry("https://media.minut.go.id/v.mp4"), context)
    assert first.path.read_bytes() == media
    assert [r["range"] for r in web.bodies("/v.mp4")] == [None, "bytes=50000-"]  # sent whole
    assert first.source.modified_time == datetime(2025, 6, 1, 2, tzinfo=UTC)  # the deadline's
    os.utime(first.path, (1, 1))
    again = fetch(entry("https://media.minut.go.id/v.mp4"), context)  # same ETag: kept
    assert again.path == first.path and again.path.stat().st_mtime == 1
    assert again.source == first.source
    web.add_file("/v.mp4", media[:-10])  # replaced on the server: a new ETag
    changed = fetch(entry("https://media.minut.go.id/v.mp4"), context)
    assert changed.path.read_bytes() == media[:-10]


@pytest.mark.parametrize(
    ("setup", "cls", "key"),
    [
        (lambda w: w.add_file("/v.mp4", b"%PDF-1.7\n" + bytes(300), content_type="video/mp4"),
         WrongSource, "web.not_video"),
        (lambda w: None, AccessDenied, "web.not_found"),
        (lambda w: (w.add_file("/v.mp4", b"x" * 10), w.fail_then_ok(status=503, times=99)),
         TransientFetchError, "web.unreachable"),
    ],
)  # fmt: skip
def test_other_faults(
    web: WebServer,
    config_2025: Config,
    tmp_path: Path,
    setup: Callable[[WebServer], object],
    cls: type[EntryError],
    key: str,
) -> None:
    setup(web)
    with pytest.raises(cls) as caught:
        fetch(entry("https://media.minut.go.id/v.mp4"), ctx(config_2025, tmp_path, web))
    assert caught.value.key == key


def test_size_cap(web: WebServer, media: bytes, config_2025: Config, tmp_path: Path) -> None:
    small = config_2025.model_copy(
        update={"fetch": config_2025.fetch.model_copy(update={"max_size_mb": 0.1})}
    )
    web.add_file("/v.mp4", media)
    with pytest.raises(WrongSource) as caught:
        fetch(entry("https://media.minut.go.id/v.mp4"), ctx(small, tmp_path, web))
    assert caught.value.key == "web.too_large" and "0.1 MB" in caught.value.render("en")
    assert not list((tmp_path / "cache" / "web").glob("*.part"))


def test_full_cache_disk_is_kipps_trouble_not_the_links(
    web: WebServer, media: bytes, config_2025: Config, tmp_path: Path
) -> None:
    """The ``.part`` is a symlink to /dev/full: every write fails with ENOSPC.  That is
    kipp's disk, not the agency's link: DiskError naming the cache folder (the run stops,
    exit 3), not retried, no ``.part`` left; the next fetch downloads the whole file."""
    link = "https://media.minut.go.id/inovasi/video.mp4"
    web.add_file("/inovasi/video.mp4", media)
    context = ctx(config_2025, tmp_path, web)
    base = cache_path(context.cache_dir, classify(link))
    part = base.with_name(base.name + ".part")
    part.parent.mkdir(parents=True)
    part.symlink_to("/dev/full")
    with pytest.raises(DiskError) as caught:
        fetch(entry(link), context)
    assert caught.value.full and caught.value.folder == part.parent
    assert str(caught.value) == (
        f"{part.parent} is full (No space left on device): free space, then run again."
    )
    assert len(web.bodies("/inovasi/video.mp4")) == 1  # not retried
    assert not part.exists() and not part.is_symlink()
    again = fetch(entry(link), context)
    assert again.path.read_bytes() == media
    assert [r["range"] for r in web.bodies("/inovasi/video.mp4")] == [None, None]


@pytest.mark.parametrize("claimed", ["application/binary", "text/plain", "application/json", ""])
def test_files_are_judged_by_their_bytes_not_the_type_a_server_claims(
    web: WebServer, media: bytes, config_2025: Config, tmp_path: Path, claimed: str
) -> None:
    """Dropbox serves downloads as ``application/binary``: a video under any claimed type
    is fetched; the type is only a hint in a message about bytes that are not a video."""
    web.add_file("/scl/fi/a1/inovasi.mp4", media, content_type=claimed)
    link = "https://www.dropbox.com/scl/fi/a1/inovasi.mp4?rlkey=k1&dl=0"
    fetched = fetch(entry(link), ctx(config_2025, tmp_path, web))
    assert fetched.path.read_bytes() == media
    assert fetched.source.mime_type == (claimed or None)
    web.add_file("/scl/fi/a1/proposal.mp4", b"PK\x03\x04" + bytes(200), content_type=claimed)
    with pytest.raises(WrongSource) as caught:
        fetch(entry(link.replace("inovasi", "proposal")), ctx(config_2025, tmp_path, web))
    assert caught.value.key == "web.not_video"
    assert caught.value.params["type"] == ("ZIP, " + claimed if claimed else "ZIP")


@pytest.mark.parametrize(
    "validators",
    [{"ETag": 'W/"v1"'}, {"ETag": None, "Last-Modified": "Sat, 01 Jun 2024 02:00:00 GMT"}],
)
def test_a_server_that_keeps_its_validators_while_the_bytes_change_is_read_again(
    web: WebServer, media: bytes, config_2025: Config, tmp_path: Path,
    validators: dict[str, str | None],
) -> None:  # fmt: skip
    """Same validators: a new size is downloaded again; the same size with a weak
    validator (W/ ETag, Last-Modified alone) is compared by its first and last MiB."""
    link, context = "https://media.minut.go.id/v.mp4", ctx(config_2025, tmp_path, web)
    web.add_file("/v.mp4", media, headers=validators)
    first = fetch(entry(link), context)
    same = fetch(entry(link), context)  # unchanged: the first and last MiB, no download
    assert same.path == first.path and len(web.bodies("/v.mp4")) == 4
    assert [r["range"] for r in web.bodies("/v.mp4")][2:] == [
        f"bytes=0-{min(len(media), 1 << 20) - 1}",
        f"bytes=-{min(len(media), 1 << 20)}",
    ]
    longer = media + b"\0" * 10
    web.add_file("/v.mp4", longer, headers=validators)
    assert fetch(entry(link), context).path.read_bytes() == longer  # size differs
    changed = longer[:-5] + b"12345"  # same size, last bytes differ
    web.add_file("/v.mp4", changed, headers=validators)
    assert fetch(entry(link), context).path.read_bytes() == changed


@pytest.mark.parametrize(
    "last_modified",
    ["Fri, 31 Dec 9999 23:59:59 GMT", "Mon, 01 Jan 1900 00:00:00 GMT", "kemarin", "9" * 400],
)
def test_a_last_modified_that_is_no_real_date_is_no_date(
    web: WebServer, media: bytes, config_2025: Config, tmp_path: Path, last_modified: str
) -> None:
    """Year 9999 overflowed the deadline check (exit 3, no index, on every run): parsed at
    the edge, it is an unknown date and the entry is judged on the rest."""
    web.add_file("/v.mp4", media, headers={"Last-Modified": last_modified})
    fetched = fetch(entry("https://media.minut.go.id/v.mp4"), ctx(config_2025, tmp_path, web))
    assert fetched.source.modified_time is None and fetched.path.read_bytes() == media
