"""The entry's agency name, matched on what distinguishes it from every other participant.

    AgencyNames(entry, config).spans(words) -> [(i, j, score)]   own-name hits in ``words``
    AgencyNames(entry, config).found(words) -> bool

Every participant's name shares words with the others: "Dinas", "Badan", "Kecamatan",
"Kabupaten", "Daerah" (``GENERIC``) and the region's name ("Minahasa Utara", "Minut").
A fuzzy match on the whole name lets those shared words carry it: "Kecamatan kami" is two
edits from "Kecamatan Kema", within a 13-letter name's budget.  So (issue 18, measured on
espeak narration heard by Whisper base: claims for another agency 3/95 -> 0/95, no recall
lost):

- a name made only of shared words is never matched (there is nothing of its own to hear);
- a one-word name of at most ``EXACT_LETTERS`` letters ("Diknas", "Dinkes", "DKP") matches
  a heard word exactly: "Diknas" is one edit from any spoken "dinas";
- in a longer name, the edits that fall on its distinctive words stay within those
  words' own budget (``match.max_edits`` of their letters): "Kecamatan Kema" needs "kema";
- a heard name closer to another participant's name in the config (its name or short
  forms) is that participant's, never this entry's evidence.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from pipeline.config import Config
from pipeline.content import match
from pipeline.models import Entry

# words every participant's name may share: never evidence on their own
GENERIC = frozenset(
    {"dinas", "badan", "kantor", "kecamatan", "kec", "camat", "kabupaten", "kab", "kota",
     "provinsi", "prov", "daerah", "pemerintah", "pemkab"}
)  # fmt: skip
EXACT_LETTERS = 7  # a one-word name this short must be heard exactly
ADMIN_WORDS = frozenset({"kab", "kabupaten", "kota", "provinsi", "prov"})


@dataclass(frozen=True)
class Name:
    """One way of writing a participant's name, prepared: ``own`` marks its distinctive
    letters in ``phrase.compact`` (one flag per letter)."""

    phrase: match.Phrase
    own: tuple[bool, ...]
    exact: bool

    @property
    def budget(self) -> int:
        """Edits allowed on the distinctive letters."""
        return match.max_edits(sum(self.own))


def shared_words(config: Config) -> frozenset[str]:
    """``GENERIC`` plus the words of the region's name and its short forms."""
    region = match.words(" ".join((config.competition.region, *config.competition.region_aliases)))
    return GENERIC | {w for w in region if w not in ADMIN_WORDS} | ADMIN_WORDS


def prepare(
    texts: Iterable[str], shared: frozenset[str], fold: Callable[[str], str] | None = None
) -> tuple[Name, ...]:
    """The usable names among ``texts`` (deduplicated), each word passed through
    ``fold`` (speech: ``match.sounds``); a name of shared words only is left out."""
    fold = fold or (lambda w: w)
    shared = frozenset(fold(w) for w in shared)
    out: dict[str, Name] = {}
    for text in texts:
        ws = [fold(w) for w in match.words(text)]
        if not ws or "".join(ws) in out or all(w in shared for w in ws):
            continue
        own = tuple(w not in shared for w in ws for _ in w)
        exact = len(ws) == 1 and len(ws[0]) <= EXACT_LETTERS
        p = match.Phrase(value=text, compact="".join(ws), n_words=len(ws), exact=exact)
        out[p.compact] = Name(p, own, exact)
    return tuple(out.values())


def own_edits(name: Name, heard: str) -> int:
    """Edits of the best alignment of ``name`` to ``heard`` that touch its distinctive
    letters (an insertion counts when it falls inside or beside a distinctive letter;
    letters added before or after the name are affixes, never counted)."""
    count = 0
    size = len(name.own)
    for op in Levenshtein.editops(name.phrase.compact, heard):
        tag, src = op.tag, op.src_pos
        if tag == "insert":
            if src in (0, size):
                continue
            touches = name.own[src - 1] or name.own[src]
        else:
            touches = name.own[src]
        count += touches
    return count


def agency_names(entry: Entry, config: Config) -> list[str]:
    """The entry's agency as it may appear on screen or be said: registry and canonical
    names, short forms, initials, and each name cut before the region ("Dinas Kesehatan
    Kab. Minut" -> "Dinas Kesehatan")."""
    names = [n for n in (entry.agency, entry.agency_canonical, *entry.agency_aliases) if n]
    region = [w for w in match.words(config.competition.region) if w not in ADMIN_WORDS]
    cuts = ADMIN_WORDS | set(region[:1])
    out: list[str] = []
    for name in names:
        out.append(name)
        ws = match.words(name)
        head = next((ws[:i] for i, w in enumerate(ws) if w in cuts), ws)
        if 2 <= len(head) < len(ws):
            out.append(" ".join(head))
    initials = match.acronym(entry.agency_canonical or entry.agency)
    return [*out, initials] if initials else out


class AgencyNames:
    """The entry's own names and every other participant's, for one entry."""

    def __init__(
        self, entry: Entry, config: Config, fold: Callable[[str], str] | None = None
    ) -> None:
        shared = shared_words(config)
        self.names = prepare(agency_names(entry, config), shared, fold)
        mine = {match.normalize(n) for n in (entry.agency, entry.agency_canonical) if n}
        rivals = [
            text
            for a in config.agencies
            if match.normalize(a.name) not in mine
            for text in (a.name, *a.aliases)
        ]
        own = {n.phrase.compact for n in self.names}
        self.rivals = tuple(r for r in prepare(rivals, shared, fold) if r.phrase.compact not in own)

    def spans(self, ws: Sequence[str]) -> list[tuple[int, int, float]]:
        """Word ranges [i, j) of ``ws`` that are this entry's name, with the similarity
        of the heard letters to the name (0-1), left to right."""
        found: dict[int, tuple[int, int, float]] = {}
        present = match.grams(ws)
        for name in self.names:
            if not match.may_occur(name.phrase, present):
                continue
            for i, j in self._hits(name, ws):
                heard = "".join(ws[i:j])
                score = Levenshtein.normalized_similarity(name.phrase.compact, heard)
                if self._rival_closer(heard, score):
                    continue
                if i not in found or found[i][2] < score:
                    found[i] = (i, j, round(score, 2))
        return [found[i] for i in sorted(found)]

    def found(self, ws: Sequence[str]) -> bool:
        return bool(self.spans(ws))

    @staticmethod
    def _hits(name: Name, ws: Sequence[str]) -> list[tuple[int, int]]:
        return [
            (i, j)
            for i, j in match.spans(name.phrase, ws)
            if own_edits(name, "".join(ws[i:j])) <= name.budget
        ]

    def _rival_closer(self, heard: str, score: float) -> bool:
        return any(
            Levenshtein.normalized_similarity(r.phrase.compact, heard) > score for r in self.rivals
        )
