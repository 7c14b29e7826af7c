"""YouTube entries: Data API facts decide before any download (the local stand-in,
fixtures/youtube_server.py, driven by the real google-api-python-client); yt-dlp
downloads a direct media URL from the same stand-in."""

from __future__ import annotations

import gc
import json
import logging
import warnings
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from fixtures.youtube_server import YouTubeServer
from pipeline.config import Config
from pipeline.errors import (
    AccessDenied,
    CredentialsError,
    DiskError,
    DurationRejected,
    EntryError,
    FetchError,
    QuotaExceeded,
    SourceRejected,
    TransientFetchError,
    WrongSource,
)
from pipeline.fetch import FetchContext, fetch
from pipeline.fetch.youtube import cache_path
from pipeline.fetch.youtube_api import YouTubeClient, connect
from pipeline.models import CheckStatus, Entry
from pipeline.retry import RetryPolicy
from pipeline.runner import Env, validate
from tests.conftest import CONFIG_2024, kipp

KEY = "AIzaSy-kipp-test-SECRET-0123456789"
IN_2024 = datetime(2024, 5, 20, tzinfo=UTC)  # published before KIPP 2024's deadline
VID = "AbCdEfGhIj0"
ENV = (
    "KIPP_YOUTUBE_API_KEY",
    "KIPP_YOUTUBE_ENDPOINT",
    "KIPP_DRIVE_API_KEY",
    "GOOGLE_APPLICATION_CREDENTIALS",
    "KIPP_SOURCE_HOSTS",
)


@pytest.fixture
def yt(monkeypatch: pytest.MonkeyPatch) -> Iterator[YouTubeServer]:
    for name in ENV:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("KIPP_RETRY_WAIT_SCALE", "0")  # kipp's one policy, without the waits
    with YouTubeServer(api_keys={KEY}) as server:
        yield server


@pytest.fixture
def client(yt: YouTubeServer) -> Iterator[YouTubeClient]:
    made = connect(api_key=KEY, endpoint=yt.endpoint, retry=RetryPolicy(attempts=3, wait_scale=0))
    assert made is not None
    with made:
        yield made


def allow_youtube(config: Config) -> Config:
    sources = config.sources.model_copy(update={"allowed": ("drive", "youtube")})
    return config.model_copy(update={"sources": sources})


def ctx(config: Config, tmp_path: Path, client: YouTubeClient, yt: YouTubeServer) -> FetchContext:
    return FetchContext(
        allow_youtube(config),
        tmp_path / "cache",
        youtube=client,
        hosts={"www.youtube.com": yt.endpoint},
    )


def entry(link: str) -> Entry:
    return Entry(entry_id="dinas-kesehatan", agency="Dinas Kesehatan", link=link, row=2)


# ------------------------------------------------------------- facts decide
FACT_CASES = [
    # (facts, error class, message key, check id, outcome, words of the Indonesian message)
    ({"privacy": "private"}, AccessDenied, "youtube.not_found", "fetch.access", "fail",
     "Publik atau Tidak publik"),
    ({"upload_status": "uploaded"}, TransientFetchError, "youtube.processing", "fetch.access",
     "error", "status unggahan: uploaded"),
    ({"live": "live"}, WrongSource, "youtube.live", "fetch.access", "fail",
     "siaran langsung"),
    ({"live": "upcoming", "duration": "P0D"}, WrongSource, "youtube.upcoming", "fetch.access",
     "fail", "tayangan perdana (Premiere)"),
    ({"duration": "PT5M1S"}, DurationRejected, "youtube.duration_max", "duration.max", "fail",
     "berdurasi 301 detik, lebih dari batas maksimal 300 detik"),
    ({"duration": "PT1H"}, DurationRejected, "youtube.duration_max", "duration.max", "fail",
     "berdurasi 3600 detik"),
    ({"definition": "sd"}, SourceRejected, "youtube.sd", "video.resolution.min", "fail",
     "minimal 720p"),
    # published a day after the national round's deadline (2025-06-30 23:59:59 WIB)
    ({"published_at": datetime(2025, 7, 1, 17, tzinfo=UTC)}, SourceRejected,
     "youtube.published_late", "deadline.modified_after", "fail", "sesudah batas waktu"),
]  # fmt: skip


@pytest.mark.parametrize(("facts", "cls", "key", "check_id", "outcome", "words"), FACT_CASES)
def test_facts_decide_before_any_download(
    yt: YouTubeServer,
    client: YouTubeClient,
    config_2025: Config,
    tmp_path: Path,
    make_media: Callable[[str], Path],
    facts: dict,
    cls: type[EntryError],
    key: str,
    check_id: str,
    outcome: str,
    words: str,
) -> None:
    link = yt.add_video(VID, media=make_media("valid_90"), title="Posyandu Digital", **facts)
    with pytest.raises(cls) as caught:
        fetch(entry(link), ctx(config_2025, tmp_path, client, yt))
    err = caught.value
    assert (err.key, err.check_id, err.outcome) == (key, check_id, outcome)
    assert words in err.render("id")
    assert yt.bodies("/watch") == []  # nothing downloaded
    assert not (tmp_path / "cache" / "youtube").exists()
    assert [c["query"] for c in yt.api_calls()] == [
        f"part=contentDetails%2Cstatus%2Csnippet&id={VID}&maxResults=1&alt=json"
    ]


def test_too_long_video_report_shows_youtubes_figures(
    yt: YouTubeServer, config_2025: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    link = yt.add_video(VID, duration="PT7M30S", title="Inovasi Panjang", caption=True)
    monkeypatch.setenv("KIPP_YOUTUBE_API_KEY", KEY)
    monkeypatch.setenv("KIPP_YOUTUBE_ENDPOINT", yt.endpoint)
    out = validate(entry(link), Env(config_2025, tmp_path / "out", "id", tmp_path / "cache"))
    checks = {c.id: c for c in out.report.checks}
    assert out.report.verdict == "fail"
    assert checks["duration.max"].status == CheckStatus.FAIL
    assert (checks["duration.max"].value, checks["duration.max"].expected) == (450.0, "<= 300.000")
    assert checks["duration.max"].message.startswith(
        "Menurut YouTube, video Inovasi Panjang (AbCdEfGhIj0) berdurasi 450 detik"
    )
    source = out.report.source
    assert source is not None
    assert (source.kind, source.file_id, source.captions, source.definition) == (
        "youtube",
        VID,
        True,
        "hd",
    )
    assert source.modified_time == datetime(2025, 6, 20, 3, tzinfo=UTC)
    assert yt.bodies("/watch") == []


def test_notice_for_a_private_youtube_video_says_how_to_fix_it_on_youtube(
    yt: YouTubeServer, config_2025: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The notice for a link that is not a Drive sharing fault names the service and
    the fix in the agency's voice (never the officer's sentence, never the Drive sharing
    steps; the exact text: tests/test_notices.py)."""
    link = yt.add_video(VID, privacy="private", title="Inovasi Rahasia")
    monkeypatch.setenv("KIPP_YOUTUBE_API_KEY", KEY)
    monkeypatch.setenv("KIPP_YOUTUBE_ENDPOINT", yt.endpoint)
    out = validate(entry(link), Env(config_2025, tmp_path / "out", "id", tmp_path / "cache"))
    notice = (tmp_path / "out" / out.report_path.parent.name / "pesan.txt").read_text("utf-8")
    access = next(c for c in out.report.checks if c.id == "fetch.access")
    assert out.report.verdict == "fail" and access.message not in notice
    assert "Minta instansi" in access.message and "Minta instansi" not in notice
    assert "Publik atau Tidak publik" in notice
    assert "Google Drive" not in notice


def test_sd_is_judged_only_where_720p_is_the_rule(
    yt: YouTubeServer,
    client: YouTubeClient,
    config: Config,
    tmp_path: Path,
    make_media: Callable[[str], Path],
) -> None:
    link = yt.add_video(VID, published_at=IN_2024, definition="sd", media=make_media("valid_90"))
    fetched = fetch(entry(link), ctx(config, tmp_path, client, yt))  # 2024: no resolution rule
    assert fetched.source.definition == "sd" and fetched.path.is_file()


# ------------------------------------------------------------- the download
def test_download_resumes_reports_progress_and_is_cached(
    yt: YouTubeServer,
    client: YouTubeClient,
    config: Config,
    tmp_path: Path,
    make_media: Callable[[str], Path],
) -> None:
    media = make_media("valid_90")
    link = yt.add_video(VID, published_at=IN_2024, media=media, duration="PT1M30S", caption=True)
    yt.drop_after(100_000, path="/watch", skip=1)  # the extractor's look passes, the body drops
    seen: list[tuple[int, int | None]] = []
    context = FetchContext(
        allow_youtube(config),
        tmp_path / "cache",
        youtube=client,
        hosts={"www.youtube.com": yt.endpoint},
        on_progress=lambda done, total: seen.append((done, total)),
    )
    fetched = fetch(entry(link), context)
    assert fetched.path.read_bytes() == media.read_bytes()
    assert fetched.path.parent == tmp_path / "cache" / "youtube"
    assert fetched.path.name.startswith(f"{VID}-") and fetched.path.suffix == ".mp4"
    ranges = [r["range"] for r in yt.bodies("/watch")]
    assert ranges[-1] is not None and ranges[-1].startswith("bytes=")  # continued, not restarted
    assert int(ranges[-1].removeprefix("bytes=").rstrip("-")) > 0
    assert seen[-1] == (media.stat().st_size, media.stat().st_size)
    source = fetched.source
    assert (source.kind, source.size, source.captions) == ("youtube", media.stat().st_size, True)
    assert source.md5 is not None and len(source.md5) == 32
    # the same facts again: the cached file, nothing downloaded
    before = len(yt.bodies("/watch"))
    again = fetch(entry(link), context)
    assert again.path == fetched.path and len(yt.bodies("/watch")) == before
    # the video changed on YouTube (trimmed in Studio): a new download replaces the old
    yt.add_video(VID, published_at=IN_2024, media=media, duration="PT1M29S")
    changed = fetch(entry(link), context)
    assert changed.path != fetched.path and not fetched.path.exists()
    assert len(yt.bodies("/watch")) > before


def test_download_that_keeps_failing_is_an_error(
    yt: YouTubeServer,
    client: YouTubeClient,
    config: Config,
    tmp_path: Path,
    make_media: Callable[[str], Path],
) -> None:
    link = yt.add_video(VID, published_at=IN_2024, media=make_media("valid_90"))
    yt.fail_then_ok(status=503, times=20, path="/watch")
    with pytest.raises(TransientFetchError) as caught:
        fetch(entry(link), ctx(config, tmp_path, client, yt))
    assert caught.value.key == "ytdl.failed" and caught.value.outcome == "error"
    assert "503" in caught.value.render("en")


def test_a_trickling_download_is_stopped_by_its_deadline(
    yt: YouTubeServer,
    client: YouTubeClient,
    config: Config,
    tmp_path: Path,
    make_media: Callable[[str], Path],
) -> None:
    """yt-dlp's reads each return in time; the whole-transfer deadline ([fetch]
    deadline_s, heard through yt-dlp's progress hook) ends the download."""
    media = make_media("valid_90")
    link = yt.add_video(VID, media=media, published_at=IN_2024)
    yt.add_file(f"/watch?v={VID}", media, trickle_s=0.001)  # about 1 KB a second
    rules = config.fetch.model_copy(update={"deadline_s": 1.5})
    with warnings.catch_warnings():  # yt-dlp leaves the stopped response to the collector
        warnings.simplefilter("ignore", ResourceWarning)
        with pytest.raises(TransientFetchError) as caught:
            fetch(
                entry(link), ctx(config.model_copy(update={"fetch": rules}), tmp_path, client, yt)
            )
        error = caught.value
        del caught  # its traceback's frames hold the response
        gc.collect()
    assert error.key == "fetch.deadline" and error.outcome == "error"


def test_full_cache_disk_is_kipps_trouble_not_the_videos(
    yt: YouTubeServer,
    client: YouTubeClient,
    config: Config,
    tmp_path: Path,
    make_media: Callable[[str], Path],
) -> None:
    """yt-dlp's ``.part`` is a symlink to /dev/full: its write fails with ENOSPC ("unable
    to write data").  kipp's disk, not the agency's video: DiskError naming the cache
    folder (the run stops, exit 3), not retried, no ``.parts`` left; the next fetch works."""
    media = make_media("valid_90")
    link = yt.add_video(VID, published_at=IN_2024, media=media)
    context = ctx(config, tmp_path, client, yt)
    video = client.video(VID, link=link)
    assert video is not None
    dest = cache_path(context.cache_dir, video)
    parts = dest.with_name(dest.name + ".parts")
    parts.mkdir(parents=True)
    (parts / "video.mp4.part").symlink_to("/dev/full")
    with pytest.raises(DiskError) as caught:
        fetch(entry(link), context)
    assert caught.value.full and caught.value.folder == dest.parent
    assert str(caught.value) == (
        f"{dest.parent} is full (No space left on device): free space, then run again."
    )
    assert len(yt.bodies("/watch")) == 2  # the extractor's look and one download: no retry
    assert not parts.exists() and list(dest.parent.iterdir()) == []
    again = fetch(entry(link), context)
    assert again.path.read_bytes() == media.read_bytes()


# ---------------------------------------------------------- the API and keys
def test_api_busy_is_retried(
    yt: YouTubeServer, client: YouTubeClient, config_2025: Config, tmp_path: Path
) -> None:
    link = yt.add_video(VID, duration="PT6M")
    yt.api_fail(status=503, times=2)
    with pytest.raises(DurationRejected):
        fetch(entry(link), ctx(config_2025, tmp_path, client, yt))
    assert len(yt.api_calls()) == 3


def test_quota_exceeded_is_an_error(
    yt: YouTubeServer, client: YouTubeClient, config_2025: Config, tmp_path: Path
) -> None:
    link = yt.add_video(VID)
    yt.quota_exceeded()
    with pytest.raises(QuotaExceeded) as caught:
        fetch(entry(link), ctx(config_2025, tmp_path, client, yt))
    assert caught.value.outcome == "error" and "Kuota YouTube Data API" in caught.value.render("id")
    assert len(yt.api_calls()) == 1


def test_the_api_key_never_shows(
    yt: YouTubeServer,
    config_2025: Config,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    monkeypatch.setenv("KIPP_YOUTUBE_API_KEY", KEY)
    monkeypatch.setenv("KIPP_YOUTUBE_ENDPOINT", yt.endpoint)
    link = yt.add_video(VID)
    yt.api_fail(status=503, times=50)
    out = validate(entry(link), Env(config_2025, tmp_path / "out", "id", tmp_path / "cache"))
    assert out.report.verdict == "error"
    assert "YouTube tidak dapat dihubungi" in out.report.reason
    written = "".join(p.read_text("utf-8") for p in (tmp_path / "out").rglob("*.json"))
    assert written and KEY not in written
    assert KEY not in caplog.text and "keyInvalid" not in caplog.text
    assert all(r["headers"].get("x-goog-api-key") == KEY for r in yt.api_calls())
    assert all("key=" not in r["query"] for r in yt.api_calls())  # never in a URL
    with pytest.raises(CredentialsError) as caught:  # a wrong key: named, never shown
        bad = connect(api_key="AIzaSy-WRONG-" + KEY, endpoint=yt.endpoint)
        assert bad is not None
        with bad:
            bad.video(VID, link=link)
    assert KEY not in str(caught.value) and "KIPP_YOUTUBE_API_KEY" in str(caught.value)
    assert KEY not in repr(connect())


def test_credentials_come_from_the_environment(
    yt: YouTubeServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert connect() is None
    monkeypatch.setenv("KIPP_DRIVE_API_KEY", KEY)  # only the Drive key: it serves YouTube too
    monkeypatch.setenv("KIPP_YOUTUBE_ENDPOINT", yt.endpoint)
    link = yt.add_video(VID, title="Satu")
    with connect() as client:  # type: ignore[union-attr]
        video = client.video(VID, link=link)
    assert video is not None and video.snippet.title == "Satu"
    monkeypatch.delenv("KIPP_DRIVE_API_KEY")
    key_file = tmp_path / "sa.json"
    key_file.write_text(json.dumps(yt.add_service_account()))
    monkeypatch.setenv("GOOGLE_APPLICATION_CREDENTIALS", str(key_file))
    with connect() as client:  # type: ignore[union-attr]
        video = client.video(VID, link=link)
    assert video is not None and video.id == VID
    assert yt.api_calls()[-1]["headers"]["authorization"].startswith("Bearer ya29.local-")


def test_youtubes_own_key_then_the_credentials_file_then_the_drive_key(
    yt: YouTubeServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key_file = tmp_path / "kipp-sa.json"
    key_file.write_text(json.dumps(yt.add_service_account()), encoding="utf-8")
    monkeypatch.setenv("KIPP_YOUTUBE_ENDPOINT", yt.endpoint)
    link = yt.add_video(VID)
    for variable, sent in (("KIPP_YOUTUBE_API_KEY", "x-goog-api-key"),
                           ("KIPP_DRIVE_API_KEY", "authorization")):  # fmt: skip
        monkeypatch.setenv(variable, KEY)
        with connect(credentials=key_file) as client:  # type: ignore[union-attr]
            assert client.video(VID, link=link) is not None
        headers = yt.api_calls()[-1]["headers"]
        assert set(headers) & {"x-goog-api-key", "authorization"} == {sent}, variable
        monkeypatch.delenv(variable)


def test_kipp_run_credentials_reach_the_youtube_data_api(
    yt: YouTubeServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`kipp run --credentials KEY.json` with no YouTube variable set: the service account
    of the key file asks the Data API (a bearer token from its token endpoint), and its
    facts judge the entry before any download (6 minutes, over the 2024 maximum)."""
    monkeypatch.setenv("CLOUDSDK_CONFIG", str(tmp_path / "no-gcloud"))
    key_file = tmp_path / "kipp-sa.json"
    key_file.write_text(json.dumps(yt.add_service_account()), encoding="utf-8")
    link = yt.add_video(
        VID, title="Layanan A/B Terpadu", duration="PT6M",
        published_at=datetime(2024, 5, 20, tzinfo=UTC),
    )  # fmt: skip
    config = tmp_path / "kipp.toml"  # the 2024 rules, YouTube links allowed
    config.write_text(
        CONFIG_2024.read_text("utf-8").replace('allowed = ["drive"]', 'allowed = ["youtube"]'),
        encoding="utf-8",
    )
    registry = tmp_path / "registry.csv"
    registry.write_text(
        "Timestamp,Nama Instansi,Judul Inovasi,Jenis Inovasi,Link Video\n"
        f"31/05/2024 10:00:00,Dinas Kesehatan,Inovasi 1,Pelayanan Publik,{link}\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    args = ("--config", str(config), "--registry", str(registry), "--out", str(out))
    result = kipp("run", *args, "--credentials", str(key_file),
                  env={"KIPP_YOUTUBE_ENDPOINT": yt.endpoint})  # fmt: skip
    assert result.returncode == 1 and result.stderr == "", result.stderr
    report = json.loads((out / "dinas-kesehatan" / "report.json").read_text("utf-8"))
    assert report["verdict"] == "fail"
    assert report["source"]["name"] == "Layanan A/B Terpadu"
    assert report["source"]["modified_time"].startswith("2024-05-20T00:00:00")
    [duration] = [c for c in report["checks"] if c["id"] == "duration.max"]
    assert (duration["status"], duration["value"]) == ("fail", 360.0)
    assert "Layanan A/B Terpadu (AbCdEfGhIj0) berdurasi 360 detik" in duration["message"]
    [call] = yt.api_calls()
    assert call["headers"]["authorization"].startswith("Bearer ya29.local-")
    assert not yt.bodies("/watch")  # decided from the facts: nothing downloaded


def test_without_any_credentials_a_youtube_entry_is_an_error(
    yt: YouTubeServer, config_2025: Config, tmp_path: Path
) -> None:
    with pytest.raises(FetchError) as caught:
        fetch(entry(f"https://youtu.be/{VID}"), FetchContext(config_2025, tmp_path))
    assert caught.value.key == "youtube.no_access" and caught.value.outcome == "error"
    assert "KIPP_YOUTUBE_API_KEY" in caught.value.render("id")


def test_entry_decided_on_youtubes_facts_shows_youtubes_duration_and_judges_the_deadline(
    yt: YouTubeServer, config_2025: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nothing downloaded (YouTube states 450 s, over 300 s), yet the link was opened and
    YouTube gave publishedAt: fetch.access and the deadline are judged on those facts, the
    checks that need the file stay skipped, and the summary shows YouTube's 450 s."""
    from pipeline.report import summarize

    link = yt.add_video(VID, duration="PT7M30S", title="Inovasi Panjang")
    monkeypatch.setenv("KIPP_YOUTUBE_API_KEY", KEY)
    monkeypatch.setenv("KIPP_YOUTUBE_ENDPOINT", yt.endpoint)
    report = validate(
        entry(link), Env(config_2025, tmp_path / "out", "id", tmp_path / "cache")
    ).report
    checks = {c.id: c for c in report.checks}
    assert report.verdict == "fail" and yt.bodies("/watch") == []
    assert [c.id for c in report.checks if c.status is CheckStatus.FAIL] == ["duration.max"]
    access, deadline = checks["fetch.access"], checks["deadline.modified_after"]
    assert (access.status, access.value) == (CheckStatus.PASS, "youtube")
    assert access.message.startswith("Tautan dapat dibuka: Inovasi Panjang (data sumbernya")
    assert (deadline.status, deadline.value, deadline.expected) == (
        CheckStatus.PASS,
        "2025-06-20T10:00:00+07:00",
        "<= 2025-06-30T23:59:59+07:00",
    )
    assert (checks["file.is_video"].status, checks["file.is_video"].key) == (
        CheckStatus.SKIP,
        "check.not_downloaded",
    )
    assert report.source is not None and report.source.youtube_duration_s == 450.0
    (item,) = summarize([report], config_2025, "id", datetime(2025, 7, 1, tzinfo=UTC)).entries
    assert (item.duration_s, item.duration_source) == (450.0, "youtube")


def test_a_video_published_after_the_deadline_fails_the_deadline_from_youtubes_facts(
    yt: YouTubeServer, config_2025: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """publishedAt after the deadline: deadline.modified_after fails, nothing downloaded,
    no error; the notice says it was published late (issue 22)."""
    link = yt.add_video(VID, published_at=datetime(2025, 7, 1, 2, 30, tzinfo=UTC))
    monkeypatch.setenv("KIPP_YOUTUBE_API_KEY", KEY)
    monkeypatch.setenv("KIPP_YOUTUBE_ENDPOINT", yt.endpoint)
    out = tmp_path / "out"
    report = validate(entry(link), Env(config_2025, out, "id", tmp_path / "cache")).report
    assert report.verdict == "fail" and yt.bodies("/watch") == []
    assert [c.id for c in report.checks if c.status is CheckStatus.FAIL] == [
        "deadline.modified_after"
    ]
    deadline = next(c for c in report.checks if c.id == "deadline.modified_after")
    assert (deadline.value, deadline.expected) == (
        "2025-07-01T09:30:00+07:00", "<= 2025-06-30T23:59:59+07:00")  # fmt: skip
    assert deadline.message == (
        "Video diterbitkan di YouTube 1 Juli 2025 09.30 WIB, SETELAH batas waktu 30 Juni 2025 "
        "23.59 WIB: video ini belum ada saat pengumpulan ditutup."
    )
    notice = (out / "dinas-kesehatan" / "pesan.txt").read_text("utf-8")
    assert (
        "- Video diterbitkan di YouTube 1 Juli 2025 09.30 WIB, setelah batas waktu 30 Juni "
        "2025 23.59 WIB. Video yang diterbitkan setelah batas waktu tidak dapat diterima"
    ) in notice


def test_a_premiere_states_no_duration_so_the_summary_shows_none(
    yt: YouTubeServer, config_2025: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An upcoming premiere's "P0D" is no duration: the summary shows none, not 0 s
    (the demo's "Dinas Pariwisata" of the 2025 rules)."""
    from pipeline.report import summarize

    link = yt.add_video(VID, live="upcoming", duration="P0D", title="Segera Tayang")
    monkeypatch.setenv("KIPP_YOUTUBE_API_KEY", KEY)
    monkeypatch.setenv("KIPP_YOUTUBE_ENDPOINT", yt.endpoint)
    report = validate(
        entry(link), Env(config_2025, tmp_path / "out", "id", tmp_path / "cache")
    ).report
    assert report.verdict == "fail" and report.source is not None
    assert (report.source.youtube_duration_s, report.duration) == (None, None)
    (item,) = summarize([report], config_2025, "id", datetime(2025, 7, 1, tzinfo=UTC)).entries
    assert (item.duration_s, item.duration_source, item.failed_checks) == (
        None,
        None,
        ("fetch.access",),
    )


@pytest.mark.parametrize(
    ("body", "ctype"),
    [
        (b"<!DOCTYPE html><html><body>Wi-Fi login</body></html>", "text/html"),
        (b'{"items": [', "application/json"),
        (b'["items"]', "application/json"),
        (b'{"items": {"id": "x"}}', "application/json"),
        (b'{"items": [{"id": "AbCdEfGhIj0", "snippet": 5}]}', "application/json"),
        (b'{"items": [{"id": "AbCdEfGhIj0", "snippet": {"publishedAt": "9999-99-99"},'
         b' "contentDetails": {"duration": "P1Y"}, "status": {"uploadStatus": "x"}}]}',
         "application/json"),
    ],
)  # fmt: skip
def test_an_api_answer_kipp_cannot_read_is_that_entrys_error(
    yt: YouTubeServer, client: YouTubeClient, config_2025: Config, tmp_path: Path,
    body: bytes, ctype: str,
) -> None:  # fmt: skip
    """An HTML page, broken JSON or the wrong shape instead of videos.list's answer (a
    proxy, a Wi-Fi sign-in page): a clear per-entry error, never a traceback."""
    link = yt.add_video(VID)
    yt.api_answer(body, ctype)
    with pytest.raises(TransientFetchError) as caught:
        fetch(entry(link), ctx(config_2025, tmp_path, client, yt))
    assert caught.value.key == "youtube.bad_answer" and caught.value.outcome == "error"
    assert caught.value.render("en").startswith(
        f"The YouTube Data API gave an answer kipp cannot read while checking {link}."
    )
