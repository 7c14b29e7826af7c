"""Usage and config errors of `kipp`, in process (click's CliRunner), with the exact text.

The end-to-end runs (real media, the real `python -m pipeline` process) are in test_cli.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import pipeline
from pipeline.cli import main
from pipeline.config import ConfigError, load_config
from pipeline.store import Store
from tests.conftest import CONFIG_2024

HEADER = "Timestamp,Nama Instansi,Judul Inovasi,Jenis Inovasi,Link Video\n"


def invoke(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(
        main, list(args), prog_name="kipp", env={"COLUMNS": "200", **(env or {})}
    )


@pytest.fixture
def registry(tmp_path: Path) -> Path:
    path = tmp_path / "r.csv"
    path.write_text(HEADER + "31/05/2024 10:00:00,Dinas Sosial,X,Y,tidak/ada.mp4\n", "utf-8")
    return path


def test_no_registry_names_the_option_and_the_variable(tmp_path):
    result = invoke("run", "--out", str(tmp_path / "o"), env={"KIPP_REGISTRY": ""})
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "kipp: galat: Registri belum diberikan: beri --registry BERKAS.csv (atau atur "
        "KIPP_REGISTRY).\n"
    )
    english = invoke("run", "--out", str(tmp_path / "o"), "--lang", "en",
                     env={"KIPP_REGISTRY": ""})  # fmt: skip
    assert english.stderr == (
        "kipp: error: No registry given: pass --registry FILE.csv (or set KIPP_REGISTRY).\n"
    )


def test_registry_from_the_environment_is_used(tmp_path):
    missing = tmp_path / "none.csv"
    result = invoke("run", "--out", str(tmp_path / "o"), "--lang", "en",
                    env={"KIPP_REGISTRY": str(missing)})  # fmt: skip
    assert result.exit_code == 2
    assert result.stderr == (
        f"kipp: error: Registry {missing} does not exist: pass --registry with the form's "
        "responses as a CSV or .xlsx file (export the Google Forms response sheet as CSV "
        "(File > Download > CSV)).\n"
    )


def test_missing_config_file(tmp_path, registry):
    config = tmp_path / "none.toml"
    result = invoke("run", "--config", str(config), "--registry", str(registry),
                    "--out", str(tmp_path / "o"))  # fmt: skip
    assert result.exit_code == 2
    shipped = Path(pipeline.__file__).parent / "configs"
    assert result.stderr == (
        f"kipp: galat: Berkas konfigurasi {config} tidak ada. Konfigurasi bawaan kipp: "
        f"kipp-minut-2024, kipp-nasional-2025 (di {shipped}); beri --config dengan namanya "
        "(mis. --config kipp-minut-2024) atau dengan jalur berkas TOML Anda sendiri.\n"
    )


def test_registry_with_a_header_only(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_text(HEADER, "utf-8")
    result = invoke("run", "--registry", str(empty), "--out", str(tmp_path / "o"))
    assert result.exit_code == 2
    assert result.stderr == (
        f"kipp: galat: Registri {empty} punya baris judul tetapi tanpa entri: belum ada "
        "instansi yang menjawab, atau ini bukan lembar jawaban. Ekspor lagi jawaban formulir "
        "(File > Download > CSV).\n"
    )


def test_a_folder_given_as_registry_or_config_says_to_pass_the_file(tmp_path, registry):
    result = invoke("run", "--registry", str(tmp_path), "--out", str(tmp_path / "o"))
    assert result.exit_code == 2
    assert result.stderr == (
        f"kipp: galat: Registri {tmp_path} adalah folder: beri berkas CSV atau .xlsx di "
        "dalamnya (--registry FOLDER/BERKAS.csv).\n"
    )
    result = invoke("run", "--config", str(tmp_path), "--registry", str(registry))
    assert result.exit_code == 2 and f"'{tmp_path}' is a directory" in result.stderr  # click's
    with pytest.raises(ConfigError) as caught:  # the library call says it the same way
        load_config(tmp_path)
    assert str(caught.value) == (
        f"Config file {tmp_path} is a folder: pass one of the TOML files in it with --config, "
        "or the name of a shipped config (kipp-minut-2024, kipp-nasional-2025)."
    )


def test_until_without_every(tmp_path, registry):
    result = invoke("run", "--registry", str(registry), "--out", str(tmp_path / "o"),
                    "--until", "2024-05-31T23:59")  # fmt: skip
    assert result.exit_code == 2
    assert result.stderr == (
        "kipp: galat: --until hanya bersama --every (mis. --every 30m --until 2024-05-31T23:59).\n"
    )


def test_every_that_is_not_an_interval(tmp_path, registry):
    result = invoke("run", "--registry", str(registry), "--out", str(tmp_path / "o"),
                    "--every", "soon")  # fmt: skip
    assert result.exit_code == 2
    assert result.stderr == (
        "kipp: galat: --every 'soon' bukan selang waktu: tulis mis. 30m, 2h atau 90s.\n"
    )


def test_review_without_present_or_absent(tmp_path, registry):
    where = ("--registry", str(registry), "--out", str(tmp_path / "o"))
    result = invoke("review", "Dinas Sosial", *where, "--section", "masalah", "--by", "Rina")
    assert result.exit_code == 2
    assert result.stderr == (
        "kipp: galat: Sebutkan apa yang dilihat petugas: --present --at M:SS, atau --absent.\n"
    )


def work_folder(path: Path) -> Path:
    """A folder a kipp run wrote (its store), with nothing judged yet."""
    Store.open(path).close()
    return path


def test_history_of_an_unknown_agency_names_the_closest(tmp_path, registry):
    out = work_folder(tmp_path / "o")
    result = invoke("history", "Dinas Kelautan", "--config", str(CONFIG_2024),
                    "--registry", str(registry), "--out", str(out), "--lang", "en")  # fmt: skip
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "kipp: error: No entry in the registry matches 'Dinas Kelautan'. Closest: "
        "'Dinas Sosial' (dinas-sosial)"
    )


def test_history_before_any_entry_was_judged(tmp_path, registry):
    result = invoke("history", "Dinas Sosial", "--registry", str(registry),
                    "--out", str(work_folder(tmp_path / "o")))  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "Dinas Sosial belum punya laporan: jalankan kipp run atau kipp rerun.\n"


@pytest.mark.parametrize("command", [("status",), ("history", "Sosial"), ("notices",),
                                     ("review", "Sosial", "--section", "masalah", "--absent",
                                      "--by", "Rina")])  # fmt: skip
def test_reading_commands_refuse_a_folder_no_run_wrote(tmp_path, registry, monkeypatch, command):
    """``kipp status`` without --out in the wrong folder: exit 2, nothing created, and the
    work folders found nearby named (issue 22)."""
    monkeypatch.chdir(tmp_path)
    result = invoke(*command, "--registry", str(registry))
    assert result.exit_code == 2
    assert result.stderr == (
        "kipp: galat: reports bukan folder kerja kipp: belum ada kipp run yang menulis di sana "
        "(tidak ada reports/.kipp). Jalankan kipp run --out reports dulu, atau beri --out "
        "dengan folder yang ditulis sebuah run.\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.csv"]  # no ./reports made
    work_folder(tmp_path / "arsip" / "hasil-2024")
    found = invoke(*command, "--registry", str(registry), "--lang", "en")
    assert found.exit_code == 2
    assert found.stderr == (
        "kipp: error: reports is not a kipp work folder: no kipp run wrote there. kipp work "
        "folders found: arsip/hasil-2024; pass --out with one of them (e.g. --out "
        "arsip/hasil-2024).\n"
    )
    assert not (tmp_path / "reports").exists()


def test_unknown_option_is_clicks_usage_error_in_the_officers_language(tmp_path):
    result = invoke("status", "--registy", "r.csv")
    assert result.exit_code == 2
    assert result.stderr == (
        "Cara pakai: kipp status [OPTIONS]\nCoba 'kipp status --help' untuk bantuan.\n\n"
        "Galat: Opsi '--registy' tidak ada. Maksud Anda '--registry'?\n"
    )
    english = invoke("status", "--registy", "r.csv", "--lang", "en")
    assert english.exit_code == 2
    assert english.stderr == (
        "Usage: kipp status [OPTIONS]\nTry 'kipp status --help' for help.\n\n"
        "Error: No such option '--registy'. Did you mean '--registry'?\n"
    )


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("rerun",), "Galat: Argumen 'AGENCY' belum diberikan."),
        (("stats",), "Galat: Perintah 'stats' tidak ada. Maksud Anda 'status'?"),
        (("run", "--workers", "0"),
         "Galat: Nilai tidak sah untuk '--workers': 0 is not in the range 1<=x<=64."),
        (("run", "--lang", "fr"), "Galat: Nilai tidak sah untuk '--lang': 'fr' is not one of "
         "'id', 'en'."),
    ],
)  # fmt: skip
def test_clicks_other_usage_errors_are_said_in_bahasa_indonesia(args, said):
    result = invoke(*args)
    assert result.exit_code == 2
    assert result.stderr.rstrip("\n").endswith(said), result.stderr
