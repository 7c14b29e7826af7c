"""The [judging] part of the config: the shipped KIPP 2024 rules, and mistakes refused
with the key and the fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.config import load_config
from pipeline.errors import ConfigError
from tests.jury_support import RULES, judging

SHIPPED = Path("config/kipp-minut-2024.toml")


def test_the_shipped_config_declares_the_2024_jury_and_says_what_is_assumed():
    config = load_config(SHIPPED)
    rules = config.judging
    assert rules is not None
    assert [(j.id, j.role, j.agency) for j in rules.jurors] == [
        ("sekda", "chair", "Sekretariat Daerah"),
        ("wullur", "secretary", None),
        ("bappeda", "member", "Badan Perencanaan Pembangunan Daerah"),
        ("kominfo", "member", "Dinas Komunikasi, Informatika dan Persandian"),
        ("bupati", "honorary", None),
    ]
    names = {a.name for a in config.agencies}
    assert {j.agency for j in rules.jurors if j.agency} <= names  # recusal finds the entries
    assert [j.id for j in rules.scorers(rules.rounds[0])] == [
        "sekda",
        "wullur",
        "bappeda",
        "kominfo",
    ]
    assert [r.id for r in rules.rounds] == ["video", "wawancara"]
    assert rules.rounds[0].advance.top == 5 and rules.final.combine == {
        "video": 70,
        "wawancara": 30,
    }
    assert rules.honorary == "ties" and rules.favourite.counters == 2
    assert len(rules.assumptions) == 8


def test_the_judging_part_does_not_make_validation_results_stale(tmp_path):
    text = SHIPPED.read_text("utf-8")
    changed = tmp_path / "c.toml"
    changed.write_text(text.replace('name = "Drs. Robby Parengkuan"', 'name = "Robby P."'), "utf-8")
    assert load_config(changed).digest == load_config(SHIPPED).digest
    other = tmp_path / "d.toml"
    other.write_text(text.replace("min_s = 60", "min_s = 61"), "utf-8")
    assert load_config(other).digest != load_config(SHIPPED).digest


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        (
            'agency = "Badan Perencanaan Pembangunan Daerah"',
            'agency = "BAPPEDA"',
            "[[judging.jurors]] bappeda: agency 'BAPPEDA' is a short form; write the "
            "config's name 'Badan Perencanaan Pembangunan Daerah'",
        ),
        (
            'agency = "Sekretariat Daerah"',
            'agency = "Setda Kab"',
            "[[judging.jurors]] sekda: agency 'Setda Kab' is not in [[agencies]]: use one of "
            "their names, so recusal finds the agency's entry",
        ),
        (
            'honorary = "ties"',
            'honorary = "signs"',
            "a tie_break ends with 'honorary' but [judging] honorary is not 'ties'",
        ),
        (
            "advance = { top = 5 }",
            "advance = { top = 5, pass_mark = 85 }",
            "give exactly one of top (how many advance) or pass_mark (0-100)",
        ),
        (
            '"criterion:video.kebermanfaatan"',
            '"criterion:video.manfaat"',
            "final.tie_break step 'criterion:video.manfaat' is not one of",
        ),
        (
            "weight = 40",
            "weight = 0",
            "judging.rounds.1.criteria.0.weight: Input should be greater than 0",
        ),
    ],
)
def test_a_mistake_in_the_judging_part_names_the_key_and_the_fix(tmp_path, old, new, problem):
    path = tmp_path / "c.toml"
    text = SHIPPED.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert problem in str(caught.value)


def test_rounds_must_follow_a_round_that_advances_entries():
    rounds = [dict(RULES["rounds"][1]), dict(RULES["rounds"][0])]
    with pytest.raises(ValueError, match="needs an earlier round 'video' with an advance rule"):
        judging(rounds=rounds)
