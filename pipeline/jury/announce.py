"""The announcement, ready to publish (``OUT/pengumuman.txt``): the nominees, the winners and
the public favourite, by agency and innovation, without scores (scores stay with the
committee: an agency's notice or a public text never carries them)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from pipeline import i18n
from pipeline.fsutil import write_atomic
from pipeline.jury import say
from pipeline.jury.results import Tally

if TYPE_CHECKING:
    from pipeline.config import Config

ANNOUNCEMENT = "pengumuman.txt"

i18n.register(
    {
        "announce.title": {"id": "PENGUMUMAN", "en": "ANNOUNCEMENT"},
        "announce.intro": {
            "id": "Berdasarkan penilaian Dewan Juri {competition}, {organiser} mengumumkan:",
            "en": "Following the jury's assessment of {competition}, {organiser} announces:",
        },
        "announce.nominees": {"id": "Nominasi", "en": "Nominees"},
        "announce.winners": {"id": "Pemenang", "en": "Winners"},
        "announce.pending": {
            "id": "(belum ditetapkan: penilaian belum lengkap)",
            "en": "(not determined yet: scoring is not complete)",
        },
        "announce.thanks": {
            "id": "Selamat kepada para pemenang dan terima kasih kepada seluruh perangkat daerah "
            "yang telah berpartisipasi.",
            "en": "Congratulations to the winners, and thanks to every agency that took part.",
        },
    }
)


def announcement(tally: Tally, config: Config, lang: str) -> str:
    """The announcement's text (no score in it)."""
    judging = config.judging
    assert judging is not None
    a = lambda key, **p: i18n.message(f"announce.{key}", lang, **p)  # noqa: E731
    titles = {}
    for r in tally.rounds:
        titles.update({e.entry_id: e.title for e in r.entries})
    lines = [
        a("title"),
        "",
        a("intro", competition=config.competition.name, organiser=config.competition.organiser),
        "",
    ]
    for r in tally.rounds:
        round_ = judging.round(r.round_id)
        if round_ is None or round_.advance is None:
            continue
        names = {e.entry_id: e.agency for e in r.entries}
        lines.append(f"{a('nominees')} ({say.round_label(round_, lang)}):")
        lines += [
            f"  {n}. {names[e]} – {titles.get(e, '')}".rstrip(" –")
            for n, e in enumerate(r.nominees, 1)
        ] or [f"  {a('pending')}"]
        lines.append("")
    lines.append(f"{a('winners')}:")
    lines += [
        f"  {say.place(judging, w, lang)}: {w.agency} – {titles.get(w.entry_id, '')}".rstrip(" –")
        for w in tally.final.winners
    ] or [f"  {a('pending')}"]
    fav = tally.favourite
    if fav is not None:
        label = judging.favourite.label_en if lang == "en" and judging.favourite else fav.label
        names = {e.entry_id: e.agency for e in fav.entries}
        lines += [
            "",
            f"{label}:",
            f"  {names[fav.winner]} – {titles.get(fav.winner, '')}".rstrip(" –")
            if fav.winner
            else f"  {a('pending')}",
        ]
    lines += ["", a("thanks"), ""]
    return "\n".join(lines)


def write_announcement(tally: Tally, config: Config, out: Path, lang: str) -> Path:
    return write_atomic(out / ANNOUNCEMENT, announcement(tally, config, lang))
