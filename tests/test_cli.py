"""The real `kipp` command, end to end on the built-in sample entries."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fixtures.samples import expected, write_registry
from tests.conftest import CONFIG_2024, ROOT, kipp


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("samples")
    registry = write_registry(folder)
    out = folder / "out"
    result = kipp(
        "run", "--config", str(CONFIG_2024), "--registry", str(registry), "--out", str(out),
        env={"COLUMNS": "80"},
    )  # fmt: skip
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


MAPPING = (
    "Kolom registri: stempel waktu = 'Stempel waktu'; instansi = 'Nama Instansi'; judul = "
    "'Judul Inovasi'; jenis inovasi = 'Jenis Inovasi'; link video = 'Link Video'."
)


def entry_lines(stdout: str) -> list[str]:
    """The run's output without the column mapping a work folder's first run prints."""
    lines = stdout.splitlines()
    return lines[1:] if lines and lines[0].startswith("Kolom registri:") else lines


def test_progress_lines_and_summary_text(sample_run):
    _, _, result = sample_run
    assert result.stdout.splitlines()[0] == MAPPING  # the folder's first run says it once
    lines = entry_lines(result.stdout)
    assert lines[0] == "[1/21] Dinas Kependudukan dan Pencatatan Sipil: pass"
    assert lines[5] == (
        "[6/21] Kecamatan Airmadidi: fail (duration.min) – Durasi 59,000 detik kurang da…"
    )
    assert lines[4].startswith("[5/21] Dinas Pendidikan: needs_review (section.petunjuk_teknis) ")
    assert lines[18].startswith("[19/21] Kecamatan Wori: fail (fetch.access) – ")
    assert lines[19] == "[20/21] Dinas Perikanan: pass"  # narrated and captioned
    assert lines[20].startswith("[21/21] Inspektorat Daerah: needs_review (section.masalah) ")
    assert lines[-2] == "21 entri: lolos 5, tidak lolos 10, perlu ditinjau 6, galat 0."
    assert re.fullmatch(r"Indeks: .+index\.html  PDF: .+berita-acara\.pdf  "
                        r"Pesan \(16\): .+pesan-instansi\.csv", lines[-1])  # fmt: skip
    assert result.stderr == ""


def test_a_batch_at_80_columns_prints_one_line_per_entry(sample_run):
    _, _, result = sample_run
    lines = entry_lines(result.stdout)
    assert len(lines) == 21 + 2  # one per entry, then the counts and the paths
    assert all(len(ln) <= 80 for ln in lines[:21]), [ln for ln in lines if len(ln) > 80]
    assert [ln.split("]")[0] for ln in lines[:21]] == [f"[{i}/21" for i in range(1, 22)]


def test_notices_prints_the_notice_written_for_one_agency_or_all(sample_run):
    registry, out, _ = sample_run
    common = ["--registry", str(registry), "--out", str(out)]
    one = kipp("notices", "Kec. Airmadidi", *common)
    assert one.returncode == 0, one.stderr
    lines = one.stdout.splitlines()
    assert lines[0] == "── Kecamatan Airmadidi (Tidak lolos)"
    text = (out / "kecamatan-airmadidi" / "pesan.txt").read_text("utf-8")
    assert "\n".join(lines[1:]).startswith(text.rstrip("\n"))
    assert "- Durasi video 0:59, minimal 1:00. Perpanjang video hingga minimal 1:00, lalu " in text
    everyone = kipp("notices", *common).stdout.splitlines()
    assert sum(ln.startswith("── ") for ln in everyone) == 16  # 10 fail + 6 needs_review
    assert everyone[-1].startswith("16 pesan; berkas: ")
    passed = kipp("notices", "Disdukcapil", *common)
    assert passed.stdout.startswith(
        "Tidak ada pesan untuk Dinas Kependudukan dan Pencatatan Sipil: "
    )
    text = (out / "pesan-instansi.csv").read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert rows[0] == ["agency", "verdict", "message", "contact"] and len(rows) == 1 + 16
    assert ["Kecamatan Airmadidi", "fail", airmadidi_notice(out)] in [r[:3] for r in rows]


def airmadidi_notice(out: Path) -> str:
    return (out / "kecamatan-airmadidi" / "pesan.txt").read_text("utf-8")


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
    assert result.stdout.splitlines()[0].startswith(
        "[1/1] Kecamatan Airmadidi: fail (duration.min) – Durasi 59,000 detik kurang dari "
    )
    history = sorted(p.name for p in (out / "kecamatan-airmadidi" / "history").iterdir())
    assert history == ["v0001.json", "v0002.json"]
    summary = json.loads((out / "summary.json").read_text("utf-8"))
    assert len(summary["entries"]) == 21  # the index still lists every entry


def test_rerun_unknown_agency_is_a_usage_error(sample_run):
    registry, out, _ = sample_run
    result = kipp("rerun", "Dinas Kelautan", "--registry", str(registry), "--out", str(out))
    assert result.returncode == 2
    assert result.stderr.startswith(
        "kipp: galat: Tidak ada entri di registri yang cocok dengan 'Dinas Kelautan'. Yang "
        "terdekat:"
    )
    several = kipp("rerun", "Kecamatan", "--registry", str(registry), "--out", str(out),
                   "--lang", "en")  # fmt: skip
    assert several.returncode == 2
    assert several.stderr.startswith("kipp: error: 'Kecamatan' matches several agencies: ")


def test_an_agency_by_any_word_of_its_name(sample_run):
    registry, out, _ = sample_run
    result = kipp("history", "Perikanan", "--registry", str(registry), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "Dinas Perikanan" in result.stdout and "│ v1" in result.stdout


def test_all_pass_exits_zero_and_english_reports(tmp_path):
    from fixtures import content_videos

    # all four sections on screen; beside the registry (local links stay in its folder)
    video = shutil.copy(content_videos.build("lower_thirds_busy"), tmp_path)
    registry = tmp_path / "r.csv"
    registry.write_text(
        f"Timestamp,Nama Instansi,Judul Inovasi,Jenis Inovasi,Link Video\n"
        f"31/05/2024 10:00:00,Disdukcapil,X,Tata Kelola Pemerintahan,{video}\n",
        "utf-8",
    )
    out = tmp_path / "o"
    result = kipp("run", "--registry", str(registry), "--out", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    folder = out / "dinas-kependudukan-dan-pencatatan-sipil"
    kept = (folder / "report.json", folder / "report.html", out / "index.html", out / "summary.csv")
    written = {p.name: p.read_bytes() for p in kept}
    report = json.loads((folder / "report.json").read_text("utf-8"))
    assert report["reason"] == "Semua pemeriksaan lolos." and report["language"] == "id"
    # --lang is a way of reading (issue 22): the terminal speaks English, nothing stored
    # is rewritten and no version is added
    english = kipp("run", "--registry", str(registry), "--out", str(out), "--lang", "en")
    assert english.returncode == 0, english.stderr
    assert entry_lines(english.stdout)[0] == "[1/1] Disdukcapil: pass"
    assert entry_lines(english.stdout)[1] == ("1 entries: pass 1, fail 0, needs_review 0, error 0.")
    assert {p.name: p.read_bytes() for p in kept} == written
    assert sorted(p.name for p in (folder / "history").iterdir()) == ["v0001.json"]


def test_registry_where_every_entry_is_broken(tmp_path, make_media):
    rows = [
        "Kecamatan Wori,,",
        f"Dinas Sosial,{shutil.copy(make_media('text_as_mp4'), tmp_path)},",
        f"Dinas Lingkungan Hidup,{shutil.copy(make_media('zero_bytes'), tmp_path)},",
        "Dinas Perikanan,tidak/ada.mp4,",
        f"Dinas Pertanian,{tmp_path},",
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
    assert verdicts == {  # a local path kipp cannot use is the officer's row: error
        "Kecamatan Wori": "fail", "Dinas Sosial": "fail", "Dinas Lingkungan Hidup": "fail",
        "Dinas Perikanan": "error", "Dinas Pertanian": "error",
    }  # fmt: skip
    perikanan = json.loads((out / "dinas-perikanan" / "report.json").read_text())
    assert (
        "tidak/ada.mp4 tidak ditemukan di folder registri: periksa baris 5 registri"
        in (perikanan["reason"])
    )
    assert not (out / "dinas-perikanan" / "pesan.txt").exists()
    assert "Traceback" not in result.stdout + result.stderr


def test_drive_links_without_drive_access_stop_the_run_before_judging(
    tmp_path, make_media, clean_drive_env
):
    """kipp started without Drive access: its own setup, never the agency's fault. The
    run stops at once with one line naming the Drive entries and the fix (exit 2);
    nothing is judged, no notice is written; a rerun of a Drive entry stops the same way,
    one of a local file runs."""
    drive = "https://drive.google.com/file/d/1AbCdEfGhIjKlMnOpQrSt/view?usp=sharing"
    video = shutil.copy(make_media("valid_90"), tmp_path)
    registry = tmp_path / "r.csv"
    registry.write_text(
        "Nama Instansi,Link Video\n"
        f"Dinas Sosial,{video}\nDinas Kesehatan,{drive}\n"
        f"Dinas Perikanan,https://youtu.be/AbCdEfGhIj0 {drive}\n",  # Drive chosen (2024)
        "utf-8",
    )
    out = tmp_path / "o"
    result = kipp("run", "--registry", str(registry), "--out", str(out), "--lang", "en")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "kipp: error: 2 of 3 entries have Google Drive links (Dinas Kesehatan, Dinas "
        "Perikanan) and kipp has no Drive access: pass --credentials KEY.json (a service "
        'account key) or set KIPP_DRIVE_API_KEY (README, "Google Drive access"). Nothing '
        "was judged."
    ]
    assert not list(out.glob("*/report.json")) and not list(out.glob("*/pesan.txt"))
    result = kipp("rerun", "Dinas Kesehatan", "--registry", str(registry), "--out", str(out))
    assert result.returncode == 2
    assert result.stderr.startswith(
        "kipp: galat: Link Dinas Kesehatan adalah link Google Drive dan kipp tidak punya "
        "akses Drive"
    )
    assert not (out / "dinas-kesehatan").exists()
    result = kipp("rerun", "Dinas Sosial", "--registry", str(registry), "--out", str(out))
    assert result.returncode == 1, result.stderr  # a local file needs no Drive access
    report = json.loads((out / "dinas-sosial" / "report.json").read_text("utf-8"))
    assert report["verdict"] == "needs_review"  # judged: no section shows in a test pattern


def test_bad_config_exit_2_names_file_and_key(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(CONFIG_2024.read_text("utf-8").replace("max_s = 120", "max_s = 'dua'"), "utf-8")
    result = kipp("run", "--config", str(bad), "--registry", "x.csv", "--lang", "en")
    assert result.returncode == 2
    assert result.stderr.startswith(f"kipp: error: Config file {bad} has 1 problem(s):")
    assert "duration.max_s" in result.stderr


def test_missing_registry_exit_2(tmp_path):
    result = kipp("run", "--registry", str(tmp_path / "none.csv"))
    assert result.returncode == 2
    assert "none.csv tidak ada: beri --registry" in result.stderr


def test_registry_over_50_mb_exit_2(tmp_path):
    big = tmp_path / "responses.csv"
    with big.open("wb") as f:  # sparse: no 50 MB written
        f.truncate(60 * 2**20)
    result = kipp("run", "--registry", str(big), "--out", str(tmp_path / "o"))
    assert result.returncode == 2
    assert f"Registri {big} berukuran 60.0 MB, melebihi 50 MB" in result.stderr
    assert "File > Download > CSV" in result.stderr


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
    assert "ffprobe diperlukan tetapi tidak ditemukan" in result.stderr
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


# ------------------------------------------------------------------ store, status, schedule
def _registry(folder: Path, make_media, names: dict[str, str]) -> Path:
    from tests.test_runner import write_registry

    return write_registry(folder, make_media, names)


THREE = {"Dinas Sosial": "valid_90", "Kecamatan Airmadidi": "short_59", "PUD Klabat": "exact_60"}


def test_second_run_reuses_everything_and_status_and_history_say_what_changed(tmp_path, make_media):
    registry = _registry(tmp_path, make_media, THREE)
    out = tmp_path / "out"
    common = ["--registry", str(registry), "--out", str(out)]
    first = kipp("run", *common, "--json")
    assert first.returncode == 1, first.stderr
    summary = json.loads(first.stdout)
    assert summary["ran"]["analysis"] == 3 and summary["new_versions"] == 3
    assert [r["status"] for r in summary["results"]] == ["new"] * 3
    written = (out / "summary.json").stat().st_mtime_ns
    second = json.loads(kipp("run", *common, "--json").stdout)
    assert (out / "summary.json").stat().st_mtime_ns == written  # nothing to write again
    assert second["ran"] == {"fetch": 3, "probe": 0, "analysis": 0, "content": 0}
    assert second["unchanged"] == 3 and second["bytes_downloaded"] == 0
    assert second["verdicts"]["fail"] == 1 and second["verdicts"]["error"] == 0
    shutil.copyfile(make_media("valid_90"), tmp_path / "v" / "Kecamatan_Airmadidi.mp4")
    kipp("run", *common)
    status = kipp("status", *common)
    assert status.returncode == 0, status.stderr
    rows = {ln.split("│")[1].strip(): ln for ln in status.stdout.splitlines() if ln.count("│") > 3}
    assert re.search(
        r"berkas berubah, hasil Tidak lolos -> (Lolos|Perlu ditinjau)", rows["Kecamatan Airmadidi"]
    )
    assert " v2 " in rows["Kecamatan Airmadidi"]
    # Airmadidi's new file is Dinas Sosial's, byte for byte: Sosial's page now says so
    assert " v2 " in rows["Dinas Sosial"]
    sosial = json.loads((out / "dinas-sosial" / "report.json").read_text("utf-8"))
    assert "kecamatan-airmadidi" in next(
        c["value"] for c in sosial["checks"] if c["id"] == "duplicate.video"
    )
    assert rows["Dinas Sosial"].rstrip(" │").endswith("-")
    assert status.stdout.splitlines()[-1].startswith("Run terakhir: #3 run, mulai ")
    listed = {e["agency"]: e for e in json.loads(kipp("status", *common, "--json").stdout)}
    assert listed["Kecamatan Airmadidi"]["version"] == 2
    assert listed["Kecamatan Airmadidi"]["changes"][0] == "changed file"
    assert listed["PUD Klabat"]["changes"] == []
    history = kipp("history", "Kec. Airmadidi", *common)
    assert history.returncode == 0
    assert [ln.split("│")[1].strip() for ln in history.stdout.splitlines() if "│ v" in ln] == [
        "v1",
        "v2",
    ]
    assert "│ Tidak lolos" in history.stdout
    assert (out / ".kipp" / "kipp.log").read_text("utf-8").count("run ") >= 3


def test_a_second_run_on_a_busy_folder_exits_2(tmp_path, make_media):
    from pipeline.store import RunLock

    registry = _registry(tmp_path, make_media, {"Dinas Sosial": "valid_90"})
    out = tmp_path / "out"
    with RunLock(out / ".kipp" / "lock", what="kipp run (test)"):
        busy = kipp("run", "--registry", str(registry), "--out", str(out), "--wait", "0.3")
    assert busy.returncode == 2
    assert busy.stderr.splitlines()[-1].startswith(
        f"kipp: galat: Perintah kipp lain sedang bekerja di {out} (sudah ditunggu 0.3 detik): pid "
    )
    assert not (out / "dinas-sosial").exists()
    assert kipp("run", "--registry", str(registry), "--out", str(out)).returncode in (0, 1)


def test_every_until_a_past_time_runs_once(tmp_path, make_media):
    registry = _registry(tmp_path, make_media, {"Dinas Sosial": "valid_90"})
    common = ["--registry", str(registry), "--out", str(tmp_path / "out")]
    result = kipp("run", *common, "--every", "30m", "--until", "2024-05-31T23:59", "--json")
    assert result.returncode in (0, 1), result.stderr
    assert len(result.stdout.splitlines()) == 1 and json.loads(result.stdout)["entries"] == 1
    bad = kipp("run", *common, "--every", "soon")
    assert bad.returncode == 2 and "tulis mis. 30m, 2h atau 90s" in bad.stderr
    alone = kipp("run", *common, "--until", "2024-05-31T23:59")
    assert alone.returncode == 2 and "--until hanya bersama --every" in alone.stderr


def _slow_ffmpeg(folder: Path) -> Path:
    """A stand-in ffmpeg that waits a second before every real ffmpeg call."""
    script = folder / "slow-ffmpeg"
    script.write_text(f'#!/bin/sh\nsleep 1\nexec {shutil.which("ffmpeg")} "$@"\n', "utf-8")
    script.chmod(0o755)
    return script


def _count(db: Path, sql: str) -> int:
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
    except sqlite3.Error:
        return 0
    try:
        return int(con.execute(sql).fetchone()[0])
    except sqlite3.Error:
        return 0
    finally:
        con.close()


def test_killed_mid_analysis_the_next_run_finishes_without_redoing(tmp_path, make_media):
    names = {f"Kecamatan {n}": "valid_90" for n in ("Wori", "Dimembe", "Talawaan", "Kema")}
    names |= {"Dinas Sosial": "short_59", "PUD Klabat": "exact_60"}
    registry = _registry(tmp_path, make_media, names)
    out = tmp_path / "out"
    common = ["--registry", str(registry), "--out", str(out), "--workers", "2"]
    env = {**os.environ, "FFMPEG": str(_slow_ffmpeg(tmp_path)), "NO_COLOR": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "run", *common],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        start_new_session=True,
    )  # fmt: skip
    db = out / ".kipp" / "kipp.sqlite"
    done = "SELECT COUNT(*) FROM stage_results WHERE stage='analysis'"
    try:
        for _ in range(3000):
            if _count(db, done) >= 1 or proc.poll() is not None:
                break
            time.sleep(0.01)
        # the first run holds the folder: a second one is turned away, harmlessly
        busy = kipp("run", *common)
        assert busy.returncode == 2 and "Perintah kipp lain sedang bekerja" in busy.stderr
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # the whole run, ffmpeg children included
        proc.wait()
        proc.stderr.close()
    finished = _count(db, done)
    assert 1 <= finished < 6, "the kill came too late to be mid-analysis"
    rerun = kipp("run", *common, "--json")
    assert rerun.returncode == 1, rerun.stderr
    summary = json.loads(rerun.stdout)
    assert summary["ran"]["analysis"] == 6 - finished
    assert summary["reused"]["analysis"] == finished
    assert len(list(out.glob("*/report.json"))) == 6
    assert not list(out.rglob("*.part"))
    assert all(json.loads(p.read_text("utf-8"))["version"] == 1 for p in out.glob("*/report.json"))
    runs = _count(db, "SELECT COUNT(*) FROM runs WHERE status='interrupted'")
    assert runs == 1


@pytest.mark.parametrize("command", [["status"], ["history"], ["review"]])
def test_help_on_the_store_commands(command):
    result = kipp(*command, "--help")
    assert result.returncode == 0
    for option in ("--config", "--registry", "--out"):
        assert option in result.stdout


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
    result = kipp("check-link", "https://youtu.be/xyz", "--json")  # a cut YouTube link
    data = json.loads(result.stdout)
    assert result.returncode == 1 and (data["kind"], data["source"]) == ("invalid", "youtube")


def test_killed_mid_download_the_next_run_finishes(
    tmp_path, make_media, drive_server, clean_drive_env
):
    """Drive links through the local Drive server, trickling: the run is killed while a
    download is on the wire; the next run fetches again and finishes every entry."""
    from fixtures.drive_server import serve_dir

    videos = tmp_path / "videos"
    videos.mkdir()
    for name in ("valid_90", "exact_60", "short_59"):
        shutil.copyfile(make_media(name), videos / f"{name}.mp4")
    ids = serve_dir(drive_server, videos)
    rows = [
        f"Kecamatan {n},{drive_server.link(ids[f'{n}.mp4'])}"
        for n in ("valid_90", "exact_60", "short_59")
    ]
    registry = tmp_path / "r.csv"
    registry.write_text("Nama Instansi,Link Video\n" + "\n".join(rows) + "\n", "utf-8")
    out = tmp_path / "out"
    common = ["--registry", str(registry), "--out", str(out)]
    env = {**os.environ, "KIPP_DRIVE_ENDPOINT": drive_server.endpoint, "KIPP_DRIVE_API_KEY": "k"}
    drive_server.slow(50_000, times=None)  # ~6 s a file: time to kill mid-download
    proc = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "run", *common],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip
    try:
        for _ in range(3000):
            if drive_server.media_requests() or proc.poll() is not None:
                break
            time.sleep(0.01)
        time.sleep(0.3)  # bytes on the wire
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    assert drive_server.media_requests(), "the kill came before any download started"
    assert not list(out.glob("*/report.json")), "the kill came after the downloads"
    drive_server.clear_faults()
    rerun = kipp("run", *common, "--json", env=env)
    assert rerun.returncode == 1, rerun.stderr
    summary = json.loads(rerun.stdout)
    assert summary["ran"]["fetch"] == 3 and summary["bytes_downloaded"] > 0
    assert {r["agency"]: r["verdict"] for r in summary["results"]}["Kecamatan short_59"] == "fail"
    assert len(list(out.glob("*/report.json"))) == 3
    assert not list(out.rglob("*.part"))
    again = json.loads(kipp("run", *common, "--json", env=env).stdout)
    assert again["bytes_downloaded"] == 0 and again["ran"]["analysis"] == 0


def test_registry_as_a_google_sheet(tmp_path, drive_server, clean_drive_env, make_media):
    """The Forms response Sheet read through the Sheets API, its Drive links fetched."""
    from fixtures import content_videos

    video = drive_server.add_file("inovasi.mp4", content_videos.build("lower_thirds_busy"))
    bad = drive_server.add_file("catatan.mp4", make_media("text_as_mp4"))
    sheet = drive_server.add_sheet(
        [
            ["Stempel waktu", "Nama Instansi", "Judul Inovasi", "Jenis Inovasi", "Link Video"],
            [
                "31/05/2024 10:00:00",
                "Disdukcapil",
                "SIDUKCAPIL",
                "Tata Kelola Pemerintahan",
                f"https://drive.google.com/file/d/{video}/view?usp=sharing",
            ],
            [
                "31/05/2024 11:00:00",
                "Dinas Sosial",
                "Bansos",
                "Pelayanan Publik",
                f"https://drive.google.com/open?id={bad}",
            ],
        ]
    )
    env = {"KIPP_DRIVE_ENDPOINT": drive_server.endpoint, "KIPP_DRIVE_API_KEY": "k"}
    url = f"https://docs.google.com/spreadsheets/d/{sheet}/edit#gid=0"
    result = kipp("run", "--registry", url, "--out", str(tmp_path / "o"), env=env)
    assert result.returncode == 1, result.stderr
    lines = entry_lines(result.stdout)
    assert lines[0] == "[1/2] Disdukcapil: pass"
    assert lines[1].startswith("[2/2] Dinas Sosial: fail (file.is_video) – ")
    no_creds = kipp("run", "--registry", url, "--out", str(tmp_path / "o2"))
    assert no_creds.returncode == 2
    assert "adalah Google Sheet tetapi kipp tidak punya kredensial Google" in no_creds.stderr
