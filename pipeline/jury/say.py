"""The jury's results in words, as officers read them (terminal, pages, minutes, announcement):
Bahasa Indonesia by default, English with ``en``.  Figures with two decimals in the
language's style (85,83 / 85.83); the exact values are in ``kipp jury tally --json``.

    score(value, lang)                 "85,83" ("–" for none)
    step(judging, name, lang)          how a tie-break step reads ("nilai babak Tes wawancara")
    flag(name, lang)                   what changed since an entry was scored
    place(judging, winner, lang)       "Juara I" / "First place"
"""

from __future__ import annotations

from pipeline import formatting, i18n
from pipeline.jury.results import Winner
from pipeline.jury.rules import Judging, Round

i18n.register(
    {
        "jury.step.round": {"id": "nilai babak {label}", "en": "the {label} round's score"},
        "jury.step.criterion": {
            "id": "kriteria {label} (babak {round})",
            "en": "the {label} criterion ({round} round)",
        },
        "jury.step.median": {"id": "median nilai juri", "en": "the jurors' median"},
        "jury.step.honorary": {
            "id": "keputusan juri kehormatan",
            "en": "the honorary judge's decision",
        },
        "jury.step.comments": {"id": "jumlah komentar", "en": "the number of comments"},
        "jury.step.reactions": {"id": "jumlah reaksi", "en": "the number of reactions"},
        "jury.normalisation.mean": {
            "id": "rata-rata biasa (setiap juri menilai setiap entri)",
            "en": "plain mean (every juror scores every entry)",
        },
        "jury.normalisation.zscore": {
            "id": "skor-z per juri, diskalakan kembali ke 0–100",
            "en": "z-scores per juror, rescaled to 0–100",
        },
    }
)


def score(value: float | None, lang: str) -> str:
    """A score as people read it: two decimals (``85,83``); "–" when there is none."""
    return "–" if value is None else formatting.fixed(value, lang, 2)


def round_label(round_: Round, lang: str) -> str:
    return round_.label_en if lang == "en" and round_.label_en else round_.label


def step(judging: Judging, name: str, lang: str) -> str:
    """How a declared tie-break step reads: "nilai babak Tes wawancara"."""
    kind, _, arg = name.partition(":")
    if kind == "round":
        found = judging.round(arg)
        return i18n.message(
            "jury.step.round", lang, label=round_label(found, lang) if found else arg
        )
    if kind == "criterion":
        round_id, _, crit = arg.partition(".")
        found = judging.round(round_id)
        c = found.criterion(crit) if found else None
        label = (c.label_en if lang == "en" and c.label_en else c.label) if c else crit
        return i18n.message("jury.step.criterion", lang, label=label, round=round_id)
    return i18n.message(f"jury.step.{name}", lang)


def flag(name: str, lang: str) -> str:
    """What changed since an entry was scored, in words."""
    return i18n.message(f"jury.flag.{name}", lang)


def place(judging: Judging, winner: Winner, lang: str) -> str:
    """The award's name: the config's ``places`` (``places_en`` in English when given)."""
    names = judging.final.places_en if lang == "en" and judging.final.places_en else ()
    return names[winner.position] if winner.position < len(names) else winner.place


def normalisation(value: str, lang: str) -> str:
    return i18n.message(f"jury.normalisation.{value}", lang)
