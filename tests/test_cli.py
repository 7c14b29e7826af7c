"""The real `kipp` command, end to end on the built-in sample entries."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fixtures.samples import expected, write_registry
from tests.conftest import CONFIG_2024, kipp


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("samples")
    registry = write_registry(folder)
    out = folder / "out"
    result = kipp(
        "run", "--config", str(CONFIG_2024), "--registry", str(registry), "--out", str(out)
    )
    return registry, out, result


def test_every_sample_gets_its_verdict_and_failing_check(sample_run):
    _, out, result = sample_run
    assert result.returncode == 1, result.stderr
    summary = json.loads((out / "summary.json").read_text("utf-8"))
    got = {e["agency"]: e for e in summary["entries"]}
    want = expected()
    assert set(got) == set(want)
    for agency, sample in want.items():
        entry = got[agency]
        assert entry["verdict"] == sample.verdict, (agency, entry["reason"])
        failing = entry["failed_checks"]
        assert (failing[0] if failing else None) == sample.failing, (agency, failing)
        assert (out / entry["entry_id"] / "report.json").is_file()
        assert (out / entry["entry_id"] / "report.html").is_file()
    for name in ("summary.json", "summary.csv", "index.html"):
        assert (out / name).is_file()
    assert not list(out.rglob("*.part"))


def test_progress_lines_and_summary_text(sample_run):
    _, _, result = sample_run
    lines = result.stdout.splitlines()
    assert lines[0] == "[1/19] Dinas Kependudukan dan Pencatatan Sipil: pass"
    assert "[6/19] Kecamatan Airmadidi: fail (duration.min)" in lines
    assert "[5/19] Dinas Pendidikan: needs_review" in lines
    assert "[19/19] Kecamatan Wori: fail (fetch.access)" in lines
    assert lines[-1].startswith("19 entries: pass 4, fail 10, needs_review 5, error 0. Index: ")
    assert result.stderr == ""


def test_superseded_submission_is_named(sample_run):
    _, out, _ = sample_run
    report = json.loads((out / "dinas-kesehatan" / "report.json").read_text("utf-8"))
    assert report["verdict"] == "pass"
    assert [s["row"] for s in report["superseded"]] == [2]
    assert report["probe"]["duration_s"] == 90.0


def test_rerun_adds_a_version(sample_run):
    registry, out, _ = sample_run
    result = kipp(
        "rerun",
        "Kec. Airmadidi",
        "--config",
        str(CONFIG_2024),
        "--registry",
        str(registry),
        "--out",
        str(out),
    )
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == "[1/1] Kecamatan Airmadidi: fail (duration.min)"
    history = sorted(p.name for p in (out / "kecamatan-airmadidi" / "history").iterdir())
    assert history == ["v0001.json", "v0002.json"]
    summary = json.loads((out / "summary.json").read_text("utf-8"))
    assert len(summary["entries"]) == 19  # the index still lists every entry


def test_rerun_unknown_agency_is_a_usage_error(sample_run):
    registry, out, _ = sample_run
    result = kipp("rerun", "Dinas Kelautan", "--registry", str(registry), "--out", str(out))
    assert result.returncode == 2
    assert result.stderr.startswith(
        "kipp: error: No entry in the registry matches 'Dinas Kelautan'. Closest:"
    )


def test_all_pass_exits_zero_and_english_reports(tmp_path):
    from fixtures import content_videos

    video = content_videos.build("lower_thirds_busy")  # all four sections on screen
    registry = tmp_path / "r.csv"
    registry.write_text(
        f"Timestamp,Nama Instansi,Judul Inovasi,Jenis Inovasi,Link Video\n"
        f"31/05/2024 10:00:00,Disdukcapil,X,Tata Kelola Pemerintahan,{video}\n",
        "utf-8",
    )
    result = kipp("run", "--registry", str(registry), "--out", str(tmp_path / "o"), "--lang", "en")
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(
        (tmp_path / "o" / "dinas-kependudukan-dan-pencatatan-sipil" / "report.json").read_text(
            "utf-8"
        )
    )
    assert report["reason"] == "Every check passed." and report["language"] == "en"


def test_registry_where_every_entry_is_broken(tmp_path, make_media):
    rows = [
        "Kecamatan Wori,,",
        f"Dinas Sosial,{make_media('text_as_mp4')},",
        f"Dinas Lingkungan Hidup,{make_media('zero_bytes')},",
        "Dinas Perikanan,tidak/ada.mp4,",
        f"Dinas Pertanian,{tmp_path},",
        "Dinas Kesehatan,https://drive.google.com/file/d/1AbCdEfGhIjKlMnOp/view?usp=sharing,",
    ]
    registry = tmp_path / "r.csv"
    registry.write_text("Nama Instansi,Link Video,x\n" + "\n".join(rows) + "\n", "utf-8")
    out = tmp_path / "o"
    result = kipp("run", "--registry", str(registry), "--out", str(out))
    assert result.returncode == 1
    reports = sorted(out.glob("*/report.json"))
    assert len(reports) == len(rows)
    verdicts = {
        json.loads(p.read_text())["agency"]: json.loads(p.read_text())["verdict"] for p in reports
    }
    assert set(verdicts.values()) == {"fail"}
    perikanan = json.loads((out / "dinas-perikanan" / "report.json").read_text())
    assert "tidak/ada.mp4 tidak ditemukan: periksa jalur" in perikanan["reason"]
    assert "Traceback" not in result.stdout + result.stderr


def test_bad_config_exit_2_names_file_and_key(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(CONFIG_2024.read_text("utf-8").replace("max_s = 120", "max_s = 'dua'"), "utf-8")
    result = kipp("run", "--config", str(bad), "--registry", "x.csv")
    assert result.returncode == 2
    assert result.stderr.startswith(f"kipp: error: Config file {bad} has 1 problem(s):")
    assert "duration.max_s" in result.stderr


def test_missing_registry_exit_2(tmp_path):
    result = kipp("run", "--registry", str(tmp_path / "none.csv"))
    assert result.returncode == 2
    assert "does not exist: pass --registry" in result.stderr


def test_missing_ffprobe_exit_2_with_install_command(tmp_path, make_media):
    registry = tmp_path / "r.csv"
    registry.write_text(
        f"Nama Instansi,Link Video\nDinas Sosial,{make_media('valid_90')}\n", "utf-8"
    )
    result = kipp(
        "run",
        "--registry",
        str(registry),
        "--out",
        str(tmp_path / "o"),
        env={"FFPROBE": str(tmp_path / "no-ffprobe")},
    )
    assert result.returncode == 2
    assert "ffprobe is needed but was not found" in result.stderr
    assert "apt-get install -y --no-install-recommends ffmpeg" in result.stderr


@pytest.mark.parametrize("command", [[], ["run"], ["rerun"]])
def test_help_on_every_command(command):
    result = kipp(*command, "--help")
    assert result.returncode == 0
    assert "Usage: python -m pipeline" in result.stdout
    if command:
        for option in ("--config", "--registry", "--out", "--lang"):
            assert option in result.stdout


def test_readme_starts_with_the_two_commands():
    text = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")
    head = text.split("## ", 2)[:2]
    assert "bash scripts/demo" in "".join(head) and "bash scripts/test" in "".join(head)


def test_samples_through_google_drive_links(tmp_path, drive_server, clean_drive_env):
    """The demo's path: Drive share links, fetched by the real client from the local server."""
    from datetime import datetime

    from fixtures.drive_server import serve_dir
    from fixtures.samples import drive_link

    registry = write_registry(tmp_path, link_for=drive_link)
    serve_dir(
        drive_server,
        tmp_path / "videos",
        modified_time=datetime.fromisoformat("2024-05-30T10:00:00+08:00"),
    )
    out = tmp_path / "out"
    env = {"KIPP_DRIVE_ENDPOINT": drive_server.endpoint, "KIPP_DRIVE_API_KEY": "demo"}
    result = kipp("run", "--registry", str(registry), "--out", str(out), env=env)
    assert result.returncode == 1, result.stderr
    summary = json.loads((out / "summary.json").read_text("utf-8"))
    got = {
        e["agency"]: (e["verdict"], (e["failed_checks"] or [None])[0]) for e in summary["entries"]
    }
    assert got == {a: (s.verdict, s.failing) for a, s in expected().items()}
    report = json.loads((out / "dinas-sosial" / "report.json").read_text("utf-8"))
    assert report["source"]["kind"] == "drive" and report["source"]["name"] == "text_as_mp4.mp4"
    assert "Berkas text_as_mp4.mp4 berisi teks" in report["reason"]
    deadline = next(
        c
        for c in json.loads((out / "dinas-kesehatan" / "report.json").read_text())["checks"]
        if c["id"] == "deadline.modified_after"
    )
    assert deadline["status"] == "pass" and deadline["value"].startswith("2024-05-30T10:00:00")


def test_check_link_json_and_exit_codes(drive_server, clean_drive_env, make_media):
    fid = drive_server.add_file("video.mp4", make_media("valid_90"))
    link = f" <https://drive.google.com/file/d/{fid}/view?usp=sharing>. "
    result = kipp("check-link", link, "--json")
    assert result.returncode == 0
    data = json.loads(result.stdout)
    assert (data["kind"], data["file_id"], data["resource_key"]) == ("file", fid, None)
    env = {"KIPP_DRIVE_ENDPOINT": drive_server.endpoint, "KIPP_DRIVE_API_KEY": "k"}
    result = kipp("check-link", link, "--json", env=env)
    data = json.loads(result.stdout)
    assert result.returncode == 0 and data["can_download"] is True
    assert data["metadata"]["name"] == "video.mp4"
    drive_server.not_found(fid)
    result = kipp("check-link", link, "--json", env=env)
    data = json.loads(result.stdout)
    assert result.returncode == 1 and data["can_download"] is False
    assert data["outcome"] == "fail" and fid in data["message"]
    result = kipp("check-link", "https://docs.google.com/document/d/1AbCdEfGhIjKlMnOp/edit")
    assert result.returncode == 1
    assert result.stdout.startswith("kind: docs\n")
    result = kipp("check-link", "https://youtu.be/xyz", "--json")
    assert result.returncode == 1 and json.loads(result.stdout)["kind"] == "not_drive"
