"""Usage and config errors of `kipp`, in process (click's CliRunner), with the exact text.

The end-to-end runs (real media, the real `python -m pipeline` process) are in test_cli.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from pipeline.cli import main
from pipeline.config import ConfigError, load_config
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
        "kipp: error: No registry given: pass --registry FILE.csv (or set KIPP_REGISTRY).\n"
    )


def test_registry_from_the_environment_is_used(tmp_path):
    missing = tmp_path / "none.csv"
    result = invoke("status", "--out", str(tmp_path / "o"), env={"KIPP_REGISTRY": str(missing)})
    assert result.exit_code == 2
    assert result.stderr == (
        f"kipp: error: Registry {missing} does not exist: pass --registry with the CSV "
        "exported from the Google Forms response sheet (File > Download > CSV).\n"
    )


def test_missing_config_file(tmp_path, registry):
    config = tmp_path / "none.toml"
    result = invoke("run", "--config", str(config), "--registry", str(registry),
                    "--out", str(tmp_path / "o"))  # fmt: skip
    assert result.exit_code == 2
    assert result.stderr == (
        f"kipp: error: Config file {config} does not exist: pass --config with one of the "
        "files in config/ (for example config/kipp-minut-2024.toml).\n"
    )


def test_registry_with_a_header_only(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_text(HEADER, "utf-8")
    result = invoke("run", "--registry", str(empty), "--out", str(tmp_path / "o"))
    assert result.exit_code == 2
    assert result.stderr == (
        f"kipp: error: Registry {empty} has a header but no entries: no agency has answered "
        "yet, or it is not the response sheet. Export the form's responses again (File > "
        "Download > CSV).\n"
    )


def test_a_folder_given_as_registry_or_config_says_to_pass_the_file(tmp_path, registry):
    result = invoke("run", "--registry", str(tmp_path), "--out", str(tmp_path / "o"))
    assert result.exit_code == 2
    assert result.stderr == (
        f"kipp: error: Registry {tmp_path} is a folder: pass the CSV file in it that was "
        "exported from the Google Forms response sheet (--registry FOLDER/FILE.csv).\n"
    )
    result = invoke("run", "--config", str(tmp_path), "--registry", str(registry))
    assert result.exit_code == 2 and f"'{tmp_path}' is a directory" in result.stderr  # click's
    with pytest.raises(ConfigError) as caught:  # the library call says it the same way
        load_config(tmp_path)
    assert str(caught.value) == (
        f"Config file {tmp_path} is a folder: pass one of the TOML files in it with --config "
        "(for example config/kipp-minut-2024.toml)."
    )


def test_until_without_every(tmp_path, registry):
    result = invoke("run", "--registry", str(registry), "--out", str(tmp_path / "o"),
                    "--until", "2024-05-31T23:59")  # fmt: skip
    assert result.exit_code == 2
    assert result.stderr == (
        "kipp: error: --until goes with --every (e.g. --every 30m --until 2024-05-31T23:59).\n"
    )


def test_every_that_is_not_an_interval(tmp_path, registry):
    result = invoke("run", "--registry", str(registry), "--out", str(tmp_path / "o"),
                    "--every", "soon")  # fmt: skip
    assert result.exit_code == 2
    assert result.stderr == (
        "kipp: error: --every 'soon' is not an interval: write e.g. 30m, 2h or 90s.\n"
    )


def test_review_without_present_or_absent(tmp_path, registry):
    where = ("--registry", str(registry), "--out", str(tmp_path / "o"))
    result = invoke("review", "Dinas Sosial", *where, "--section", "masalah", "--by", "Rina")
    assert result.exit_code == 2
    assert result.stderr == (
        "kipp: error: Say what the officer saw: --present --at MM:SS, or --absent.\n"
    )


def test_history_of_an_unknown_agency_names_the_closest(tmp_path, registry):
    result = invoke("history", "Dinas Kelautan", "--config", str(CONFIG_2024),
                    "--registry", str(registry), "--out", str(tmp_path / "o"))  # fmt: skip
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "kipp: error: No entry in the registry matches 'Dinas Kelautan'. Closest: "
        "'Dinas Sosial' (dinas-sosial)"
    )


def test_history_before_any_run(tmp_path, registry):
    result = invoke("history", "Dinas Sosial", "--registry", str(registry),
                    "--out", str(tmp_path / "o"))  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "Dinas Sosial belum punya laporan: jalankan kipp run atau kipp rerun.\n"


def test_unknown_option_is_clicks_usage_error(tmp_path):
    result = invoke("status", "--registy", "r.csv")
    assert result.exit_code == 2
    assert result.stderr == (
        "Usage: kipp status [OPTIONS]\nTry 'kipp status --help' for help.\n\n"
        "Error: No such option '--registy'. Did you mean '--registry'?\n"
    )
