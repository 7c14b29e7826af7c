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
    assert lines[0] == "[1/17] Dinas Kependudukan dan Pencatatan Sipil: pass"
    assert "[4/17] Kecamatan Airmadidi: fail (duration.min)" in lines
    assert "[17/17] Kecamatan Wori: fail (fetch.access)" in lines
    assert lines[-1].startswith("17 entries: pass 7, fail 10, needs_review 0, error 0. Index: ")
    assert result.stderr == ""


def test_superseded_submission_is_named(sample_run):
    _, out, _ = sample_run
    report = json.loads((out / "dinas-kesehatan" / "report.json").read_text("utf-8"))
    assert report["verdict"] == "pass"
    assert [s["row"] for s in report["superseded"]] == [2]
    assert report["probe"]["duration_s"] == 60.0


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
    assert len(summary["entries"]) == 17  # the index still lists every entry


def test_rerun_unknown_agency_is_a_usage_error(sample_run):
    registry, out, _ = sample_run
    result = kipp("rerun", "Dinas Kelautan", "--registry", str(registry), "--out", str(out))
    assert result.returncode == 2
    assert result.stderr.startswith(
        "kipp: error: No entry in the registry matches 'Dinas Kelautan'. Closest:"
    )


def test_all_pass_exits_zero_and_english_reports(tmp_path, make_media):
    video = make_media("valid_90")
    registry = tmp_path / "r.csv"
    registry.write_text(
        f"Timestamp,Nama Instansi,Judul Inovasi,Jenis Inovasi,Link Video\n"
        f"31/05/2024 10:00:00,Dinas Sosial,X,Pelayanan Publik,{video}\n",
        "utf-8",
    )
    result = kipp("run", "--registry", str(registry), "--out", str(tmp_path / "o"), "--lang", "en")
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads((tmp_path / "o" / "dinas-sosial" / "report.json").read_text("utf-8"))
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
