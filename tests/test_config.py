from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

import pipeline
from pipeline.config import load_config, shipped_configs
from pipeline.errors import ConfigError
from tests.conftest import CONFIG_2024


def test_kipp_2024_rules(config):
    assert config.competition.id == "kipp-minut-2024"
    assert config.deadline.aware.utcoffset() == timedelta(hours=8)  # WITA
    assert config.deadline.aware.isoformat() == "2024-05-31T23:59:59+08:00"
    assert (config.duration.min_s, config.duration.max_s) == (60, 120)
    # the announcement sets no format, sound or resolution rule: none in the config
    fmt = config.format
    assert (fmt.containers, fmt.video_codecs, fmt.audio_codecs) == ((), (), ())
    assert not fmt.audio_required and fmt.min_short_side is None
    assert fmt.browser_severity == "warn"
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
    with pytest.raises(ConfigError, match=r"does not exist\. kipp's shipped configs"):
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


def test_national_2025_rules(config_2025):
    """Only the guidance's rules: at most 5 minutes, 720p, subtitles asked for review,
    cloud storage or YouTube; no format, sound or innovation-type rule."""
    c = config_2025
    assert (c.duration.min_s, c.duration.max_s) == (None, 300)
    assert (c.format.min_short_side, c.format.resolution_severity) == (720, "fail")
    assert (c.format.containers, c.format.video_codecs, c.format.audio_codecs) == ((), (), ())
    assert not c.format.audio_required
    assert (c.subtitles.expected, c.subtitles.severity) == (True, "warn")
    assert set(c.sources.allowed) == {"drive", "youtube", "dropbox", "onedrive", "url"}
    assert [s.id for s in c.sections] == ["gagasan", "pelaksanaan", "dampak", "testimoni"]
    assert c.innovation_types == ()


@pytest.mark.parametrize("name", ["kipp-minut-2024.toml", "kipp-nasional-2025.toml"])
def test_every_shipped_rule_says_where_it_comes_from(name):
    """Each table of a shipped config that sets a rule has a comment above or beside it
    (the source's words, or why it is no rule)."""
    lines = (Path(CONFIG_2024).parent / name).read_text(encoding="utf-8").splitlines()
    rules = ("[deadline]", "[duration]", "[format]", "[subtitles]", "[sources]", "[signals]")
    for table in rules:
        at = next(i for i, line in enumerate(lines) if line.startswith(table))
        assert "#" in lines[at] or lines[at - 1].startswith("#"), (name, table)


def test_shipped_configs_are_package_data_found_by_name(tmp_path, monkeypatch):
    """``--config kipp-minut-2024`` works from any folder: the shipped configs install
    with the package; config/ at the repo top links to the same files (one copy)."""
    monkeypatch.chdir(tmp_path)
    shipped = shipped_configs()
    assert set(shipped) == {"kipp-minut-2024", "kipp-nasional-2025"}
    assert all(p.parent == Path(pipeline.__file__).parent / "configs" for p in shipped.values())
    by_name = load_config("kipp-minut-2024")
    assert by_name.competition.id == "kipp-minut-2024"
    assert load_config("kipp-nasional-2025.toml").competition.id == "kipp-nasional-2025"
    assert by_name.digest == load_config(CONFIG_2024).digest  # the repo's config/ is the same
    assert CONFIG_2024.resolve() == shipped["kipp-minut-2024"].resolve()


def test_a_config_that_cannot_be_found_names_the_shipped_ones(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # outside the clone: config/kipp-minut-2024.toml is not here
    with pytest.raises(ConfigError) as caught:
        load_config(Path("config/kipp-minut-2024.toml"))
    where = Path(pipeline.__file__).parent / "configs"
    assert caught.value.render("en") == (
        "Config file config/kipp-minut-2024.toml does not exist. kipp's shipped configs: "
        f"kipp-minut-2024, kipp-nasional-2025 (in {where}); pass --config with a name (e.g. "
        "--config kipp-minut-2024) or the path of your own TOML file."
    )
