"""`kipp check-link` for the kinds beyond Drive, in process (click's CliRunner), with the
YouTube facts from the local stand-in (fixtures/youtube_server.py)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from fixtures.youtube_server import YouTubeServer
from pipeline.cli import main
from tests.conftest import CONFIG_2024, CONFIG_2025

VID = "AbCdEfGhIj0"
ENV = ("KIPP_YOUTUBE_API_KEY", "KIPP_YOUTUBE_ENDPOINT", "KIPP_DRIVE_API_KEY",
       "KIPP_DRIVE_ENDPOINT", "GOOGLE_APPLICATION_CREDENTIALS")  # fmt: skip


@pytest.fixture
def yt(monkeypatch: pytest.MonkeyPatch, tmp_path) -> Iterator[YouTubeServer]:
    for name in ENV:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CLOUDSDK_CONFIG", str(tmp_path / "gcloud-empty"))
    with YouTubeServer() as server:
        yield server


def check(*args: str, env: dict[str, str] | None = None) -> Result:
    """`kipp check-link` under the national 2025 rules (every service accepted) unless
    the arguments name another config."""
    rules = () if "--config" in args else ("--config", str(CONFIG_2025))
    return CliRunner().invoke(
        main,
        ["check-link", *rules, *args],
        prog_name="kipp",
        env={"COLUMNS": "200", **(env or {})},
    )


@pytest.mark.parametrize(
    ("link", "kind", "extra", "code"),
    [
        (f"https://youtu.be/{VID}?si=x", "youtube", {"video_id": VID}, 0),
        ("https://www.youtube.com/@dinkesminut", "invalid", {"source": "youtube"}, 1),
        ("https://www.dropbox.com/s/abc/v.mp4?dl=0", "dropbox",
         {"download_url": "https://www.dropbox.com/s/abc/v.mp4?dl=1"}, 0),
        ("https://1drv.ms/v/s!AbC", "onedrive", {"download_url": "https://1drv.ms/v/s!AbC"}, 0),
        ("https://media.minut.go.id/v.mp4", "url",
         {"download_url": "https://media.minut.go.id/v.mp4"}, 0),
        ("belum ada link", "invalid", {}, 1),
    ],
)  # fmt: skip
def test_kinds_without_credentials(
    yt: YouTubeServer, link: str, kind: str, extra: dict, code: int
) -> None:
    result = check(link, "--json")
    data = json.loads(result.output)
    assert (result.exit_code, data["kind"]) == (code, kind)
    assert {k: data[k] for k in extra} == extra
    assert "facts" not in data


def test_the_competitions_services_decide_as_in_a_run(yt: YouTubeServer) -> None:
    """The 2024 rules accept Drive links only: a YouTube link is refused with the run's
    message and its facts are not asked for; a cell holding a YouTube link and then a
    Drive link is checked by its Drive link."""
    yt.add_video(VID, title="Posyandu Digital", duration="PT1M30S")
    env = {"KIPP_YOUTUBE_API_KEY": "k", "KIPP_YOUTUBE_ENDPOINT": yt.endpoint}
    result = check("--config", str(CONFIG_2024), f"https://youtu.be/{VID}", "--json", env=env)
    data = json.loads(result.output)
    assert (result.exit_code, data["kind"], data["can_download"]) == (1, "youtube", False)
    assert data["message"].startswith("Kompetisi ini meminta link Google Drive, sedangkan")
    assert "facts" not in data and yt.api_calls() == []
    drive = "https://drive.google.com/file/d/1AbCdEfGhIjKlMnOpQrStUvWxYz/view"
    result = check("--config", str(CONFIG_2024), f"https://youtu.be/{VID}, {drive}", "--json")
    data = json.loads(result.output)
    assert (result.exit_code, data["kind"], data["file_id"]) == (
        0, "file", "1AbCdEfGhIjKlMnOpQrStUvWxYz")  # fmt: skip
    assert (data["ignored"], data["checked"]) == ([f"https://youtu.be/{VID}"], False)
    result = check("--config", str(CONFIG_2024), f"https://youtu.be/{VID}, {drive}")
    assert result.output.splitlines() == [
        "kind: file",
        "file_id: 1AbCdEfGhIjKlMnOpQrStUvWxYz",
        f"tidak dinilai (layanan lain): https://youtu.be/{VID}",
        "(berkasnya sendiri belum diperiksa: kipp tidak punya akses Google Drive; beri "
        "--credentials KEY.json atau atur KIPP_DRIVE_API_KEY)",
    ]
    result = check(f"https://youtu.be/{VID}, {drive}", "--lang", "en")  # 2025: YouTube first
    assert result.output.splitlines() == [
        "kind: youtube",
        f"video_id: {VID}",
        f"not judged (another service): {drive}",
        "(the video itself was not checked: kipp has no YouTube Data API access; pass "
        "--credentials KEY.json or set KIPP_YOUTUBE_API_KEY)",
    ]


def test_takes_the_same_workspace_options_as_every_command(tmp_path: Path) -> None:
    """DESIGN: every command takes run's --config/--registry/--out, so an officer can
    copy the batch command and change only the verb."""
    link = "https://drive.google.com/file/d/1AbCdEfGhIjKlMnOpQrStUvWxYz/view"
    result = check("--config", "config/kipp-minut-2024.toml", "--registry",
                   str(tmp_path / "pendaftaran.csv"), "--out", str(tmp_path / "out"),
                   "--lang", "en", "--json", link)  # fmt: skip
    data = json.loads(result.output)
    assert (result.exit_code, data["kind"], data["file_id"]) == (
        0, "file", "1AbCdEfGhIjKlMnOpQrStUvWxYz")  # fmt: skip


def test_youtube_facts_with_a_key(yt: YouTubeServer) -> None:
    yt.add_video(VID, title="Posyandu Digital", duration="PT4M10S", caption=True)
    yt.add_video("Pr1vAte0000", privacy="private")
    yt.add_video("Premiere000", live="upcoming", duration="P0D")
    env = {"KIPP_YOUTUBE_API_KEY": "k", "KIPP_YOUTUBE_ENDPOINT": yt.endpoint}
    result = check(f"https://www.youtube.com/watch?v={VID}&t=5", "--json", env=env)
    data = json.loads(result.output)
    assert result.exit_code == 0 and data["can_download"] is True
    assert data["facts"] == {
        "title": "Posyandu Digital",
        "channel": "Pemkab",
        "published_at": "2025-06-20T03:00:00+00:00",
        "duration_s": 250.0,
        "definition": "hd",
        "captions": True,
        "upload_status": "processed",
        "privacy_status": "public",
        "live_broadcast_content": "none",
    }
    result = check("https://youtu.be/Pr1vAte0000", "--json", env=env)
    data = json.loads(result.output)
    assert (result.exit_code, data["can_download"], data["facts"]) == (1, False, None)
    assert "Publik atau Tidak publik" in data["message"]
    result = check("https://www.youtube.com/live/Premiere000", "--lang", "en", env=env)
    assert result.exit_code == 1
    assert result.output.splitlines()[:2] == ["kind: youtube", "video_id: Premiere000"]
    assert "is a Premiere or scheduled broadcast that has not started" in result.output


def test_youtube_facts_with_the_credentials_option(yt: YouTubeServer, tmp_path: Path) -> None:
    """`--credentials KEY.json` alone (no YouTube variable): its service account asks the
    Data API, as in `kipp run`."""
    key_file = tmp_path / "kipp-sa.json"
    key_file.write_text(json.dumps(yt.add_service_account()), encoding="utf-8")
    yt.add_video(VID, title="Layanan A/B Terpadu", duration="PT1M30S")
    result = check(
        f"https://youtu.be/{VID}", "--credentials", str(key_file), "--json",
        env={"KIPP_YOUTUBE_ENDPOINT": yt.endpoint},
    )  # fmt: skip
    data = json.loads(result.output)
    assert result.exit_code == 0 and data["can_download"] is True
    assert (data["facts"]["title"], data["facts"]["duration_s"]) == ("Layanan A/B Terpadu", 90.0)
    assert yt.api_calls()[-1]["headers"]["authorization"].startswith("Bearer ya29.local-")


def test_demo_youtube_entries_are_judged_from_their_facts(tmp_path, run_kipp) -> None:
    """The demo's national-2025 YouTube entries through the real `kipp run`: each gets its
    verdict and failing check from the Data API facts alone, nothing downloaded."""
    from fixtures.samples import YOUTUBE, write_youtube_registry
    from tests.conftest import CONFIG_2025

    registry = write_youtube_registry(tmp_path)
    with YouTubeServer() as server:
        for sample in YOUTUBE:
            server.add_video(sample.video_id, **sample.facts)
        env = {"KIPP_YOUTUBE_ENDPOINT": server.endpoint, "KIPP_YOUTUBE_API_KEY": "demo"}
        out = tmp_path / "out"
        args = ("--config", str(CONFIG_2025), "--registry", str(registry), "--out", str(out))
        result = run_kipp("run", *args, env=env)
        assert server.bodies("/watch") == [] and len(server.api_calls()) == 3
    assert result.returncode == 1, result.stderr
    summary = json.loads((out / "summary.json").read_text("utf-8"))
    got = {e["agency"]: (e["verdict"], e["failed_checks"][0]) for e in summary["entries"]}
    assert got == {s.agency: (s.verdict, s.failing) for s in YOUTUBE}
    report = json.loads((out / "dinas-kesehatan" / "report.json").read_text("utf-8"))
    check = next(c for c in report["checks"] if c["id"] == "duration.max")
    assert (check["value"], check["expected"]) == (450.0, "<= 300.000")
    assert report["source"]["kind"] == "youtube" and report["source"]["file_id"] == "KiPpLong001"
