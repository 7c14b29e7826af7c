from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from pipeline.config import load_config
from pipeline.errors import ConfigError
from tests.conftest import CONFIG_2024


def test_kipp_2024_rules(config):
    assert config.competition.id == "kipp-minut-2024"
    assert config.deadline.aware.utcoffset() == timedelta(hours=8)  # WITA
    assert config.deadline.aware.isoformat() == "2024-05-31T23:59:59+08:00"
    assert (config.duration.min_s, config.duration.max_s) == (60, 120)
    assert {"mp4", "mov", "mkv", "webm"} <= set(config.format.containers)
    assert {"h264", "hevc", "vp9", "av1", "mpeg4"} <= set(config.format.video_codecs)
    assert set(config.format.audio_codecs) == {"aac", "mp3", "opus"}
    assert config.format.audio_required and config.format.min_short_side is None
    assert [s.id for s in config.sections] == [
        "masalah",
        "jenis_inovasi",
        "nama_instansi",
        "petunjuk_teknis",
    ]
    assert config.innovation_types == (
        "Tata Kelola Pemerintahan",
        "Pelayanan Publik",
        "Inovasi lainnya",
    )
    names = {a.name for a in config.agencies}
    assert {"RSUD Maria Walanda Maramis", "PUD Klabat", "Kecamatan Wori"} <= names
    capil = next(a for a in config.agencies if a.name.startswith("Dinas Kependudukan"))
    assert "Disdukcapil" in capil.aliases
    assert config.competition.language == "id"
    assert len(config.digest) == 64


def test_national_2025_rules_are_data(config_2025):
    assert config_2025.duration.max_s == 300 and config_2025.duration.min_s is None
    assert config_2025.format.min_short_side == 720
    assert config_2025.subtitles.expected
    assert config_2025.deadline.aware.utcoffset() == timedelta(hours=7)


def _write(tmp_path: Path, text: str) -> Path:
    base = CONFIG_2024.read_text("utf-8")
    path = tmp_path / "bad.toml"
    path.write_text(base + "\n" + text if text.startswith("[") else text + "\n" + base, "utf-8")
    return path


@pytest.mark.parametrize(
    ("snippet", "key", "fix"),
    [
        ("colour = 'red'", "colour", "unknown key"),
        ("[tools]\nprobe_timeout_s = 'fast'", None, None),  # duplicate table: TOML error
    ],
)
def test_bad_config_names_file_and_key(tmp_path, snippet, key, fix):
    path = _write(tmp_path, snippet)
    with pytest.raises(ConfigError) as exc:
        load_config(path)
    assert str(path) in str(exc.value)
    if key:
        assert f"- {key}: {fix}" in str(exc.value)


def _replace(tmp_path: Path, old: str, new: str) -> Path:
    text = CONFIG_2024.read_text("utf-8")
    assert old in text
    path = tmp_path / "bad.toml"
    path.write_text(text.replace(old, new, 1), "utf-8")
    return path


def test_min_greater_than_max(tmp_path):
    path = _replace(tmp_path, "min_s = 60\nmax_s = 120", "min_s = 130\nmax_s = 120")
    with pytest.raises(ConfigError, match=r"duration: min_s \(130.0\) is greater than max_s"):
        load_config(path)


def test_wrong_type(tmp_path):
    path = _replace(tmp_path, "max_s = 120", "max_s = 'dua menit'")
    with pytest.raises(ConfigError, match=r"duration.max_s: .*'dua menit'"):
        load_config(path)


def test_bad_timezone(tmp_path):
    path = _replace(tmp_path, 'timezone = "Asia/Makassar"', 'timezone = "WITA"')
    with pytest.raises(ConfigError, match=r"deadline.timezone: unknown timezone 'WITA'"):
        load_config(path)


def test_missing_and_unparsable_files(tmp_path):
    with pytest.raises(ConfigError, match="does not exist: pass --config"):
        load_config(tmp_path / "nope.toml")
    broken = tmp_path / "broken.toml"
    broken.write_text("[competition\nname=", "utf-8")
    with pytest.raises(ConfigError, match="is not valid TOML"):
        load_config(broken)


def test_missing_required_section(tmp_path):
    path = tmp_path / "min.toml"
    path.write_text("[competition]\nid='x'\nname='x'\norganiser='x'\n", "utf-8")
    with pytest.raises(ConfigError, match="- deadline: required key is missing"):
        load_config(path)


def test_section_roles_come_from_the_config(config, tmp_path):
    assert config.section_with_role("agency").id == "nama_instansi"
    assert config.section_with_role("innovation_type").id == "jenis_inovasi"
    twice = _replace(tmp_path, 'role = "innovation_type"', 'role = "agency"')
    with pytest.raises(ConfigError, match="role given to more than one section: agency"):
        load_config(twice)
    unknown = _replace(tmp_path, 'role = "agency"', 'role = "judul"')
    with pytest.raises(ConfigError) as exc:
        load_config(unknown)
    assert "sections.2.role" in str(exc.value) and str(unknown) in str(exc.value)


def test_region_words_come_from_the_competition(config):
    from pipeline.registry import match_agency, region_words

    words = region_words(config.competition)
    assert words.sub("", "dinas sosial kabupaten minahasa utara").split() == ["dinas", "sosial"]
    assert words.sub("", "dinas sosial kab minut").split() == ["dinas", "sosial"]
    other = config.competition.model_copy(update={"region": "Kota Manado", "region_aliases": ()})
    assert region_words(other).sub("", "dinas sosial pemkot manado").split() == ["dinas", "sosial"]
    assert match_agency("Dinas Sosial Pemkab Minut", config).name == "Dinas Sosial"
