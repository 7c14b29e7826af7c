"""Sections heard in a transcript: the checklist's phrases matched word by word.

    spoken_snippets(transcript, matcher) -> [Snippet]   one per phrase heard
    open_required(transcript, matcher, required) -> set[str]   required ids not heard yet

Words of decoding pass 1 are evidence for every section; the words of a later pass
(``SpokenWord.attempt``) only for the sections no earlier pass heard: a later pass is
run to fill what is missing, never to add a second opinion on what was found.

A phrase counts when the heard letters keep ``MIN_SCORE`` of the phrase's letters
(Levenshtein similarity of the compact forms).  Issue 18's study on espeak narration:
hits scoring 0.75-0.80 were half wrong (10 true, 11 phantom, e.g. "tata -tata" read as
"tata cara"); every true hit of the labelled set scored >= 0.80.  The agency's name is
matched by ``names.AgencyNames`` (what distinguishes it from every other participant).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Protocol

from rapidfuzz.distance import Levenshtein

from pipeline.content import match
from pipeline.content.base import Snippet
from pipeline.content.names import EXACT_LETTERS, AgencyNames
from pipeline.models import SpokenWord, Transcript

MIN_SCORE = 0.80
# particles and possessives a short keyword may carry, folded as ``match.sounds`` does
PARTICLES = frozenset(map(match.sounds, ("nya", "lah", "kah", "pun", "ku", "mu")))
CONTEXT_WORDS = 4  # words of context kept around a match in the evidence text


class Matcher(Protocol):
    """What ``SectionMatcher`` (pipeline.content) offers: phrases per section, the phrases
    masked first (the competition's name, participants' names, the innovation's title),
    the agency's names as heard (``match.sounds`` folded)."""

    phrases: dict[str, tuple[match.Phrase, ...]]
    blockers: tuple[match.Phrase, ...]
    agency_id: str | None
    spoken_names: AgencyNames


def heard_as(p: match.Phrase) -> match.Phrase:
    """``p`` as speech is matched: its words folded by ``match.sounds``; a one-word
    phrase of at most ``names.EXACT_LETTERS`` letters is marked exact (``short_hits``)."""
    ws = [match.sounds(w) for w in match.words(p.value)]
    exact = p.exact or (len(ws) == 1 and len(ws[0]) <= EXACT_LETTERS)
    return match.Phrase(value=p.value, compact="".join(ws), n_words=len(ws), exact=exact)


def short_hits(p: match.Phrase, ws: Sequence[str]) -> list[tuple[int, int, float]]:
    """Words of ``ws`` that are the short one-word phrase ``p`` (folded): its letters, or
    one edit in its last two letters only ("kental", "Lankas" for "kendala", "langkah";
    never "manalah" for "masalah" nor "pantauan" for "panduan": one edit anywhere is too
    easy for Whisper to make); its exact letters may take a particle of ``PARTICLES``
    ("masalahnya"; not "-an": "kendaraan" folds to "kentala" + "an"), a slipped word
    none ("masyarakat", folded "masalakat", is not "masalah" + "at")."""
    c = p.compact
    out: list[tuple[int, int, float]] = []
    for i, w in enumerate(ws):
        if w == c:
            out.append((i, i + 1, 1.0))
        elif match.max_edits(len(c)) and w.startswith(c[:-2]):  # an acronym: exact only
            if w[: len(c)] == c and w[len(c) :] in PARTICLES:  # "masalahnya"
                out.append((i, i + 1, 1.0))
                continue
            # a slip, then nothing more: "masyarakat" is no "masalah" + "at"
            if abs(len(w) - len(c)) <= 1 and Levenshtein.distance(c, w) <= 1:
                out.append((i, i + 1, Levenshtein.normalized_similarity(c, w)))
    return out


@dataclass(frozen=True)
class _Token:
    text: str  # normalised, one word
    word: int  # index of the spoken word it came from


def spoken_snippets(transcript: Transcript | None, matcher: Matcher) -> list[Snippet]:
    """One Snippet per section phrase heard: started when its first word starts, with the
    words heard around it and the similarity score (``section_id`` set)."""
    if transcript is None or not transcript.words:
        return []
    found: list[Snippet] = []
    for attempt in sorted({w.attempt for w in transcript.words}):
        settled = {s.section_id for s in found}
        words = [w for w in transcript.words if w.attempt == attempt]
        found += [s for s in _heard(words, matcher) if s.section_id not in settled]
    return found


def open_required(transcript: Transcript, matcher: Matcher, required: Collection[str]) -> set[str]:
    """The ``required`` section ids no pass of ``transcript`` has heard yet."""
    return set(required) - {s.section_id for s in spoken_snippets(transcript, matcher)}


def _heard(words: Sequence[SpokenWord], matcher: Matcher) -> list[Snippet]:
    tokens = [_Token(match.sounds(t), i) for i, w in enumerate(words) for t in match.words(w.text)]
    raw = [t.text for t in tokens]
    blocked: set[int] = set()
    present = match.grams(raw)
    for p in map(heard_as, matcher.blockers):
        for i, j in match.spans(p, raw) if match.may_occur(p, present) else ():
            blocked.update(range(i, j))
    kept = [k for k in range(len(tokens)) if k not in blocked]
    found: list[Snippet] = []
    for sid, phrases in matcher.phrases.items():
        # the agency's name counts even inside the innovation's title
        index = list(range(len(tokens))) if sid == matcher.agency_id else kept
        ws = [raw[k] for k in index]
        present = match.grams(ws)
        hits: list[tuple[int, int, float]] = []
        for p in map(heard_as, phrases):
            if p.exact and p.n_words == 1:
                hits += short_hits(p, ws)
            elif match.may_occur(p, present):
                hits += [
                    (i, j, Levenshtein.normalized_similarity(p.compact, "".join(ws[i:j])))
                    for i, j in match.spans(p, ws)
                ]
        if sid == matcher.agency_id:
            hits += matcher.spoken_names.spans(ws)
        for i, j, score in hits:
            if score >= MIN_SCORE:
                first, last = tokens[index[i]].word, tokens[index[j - 1]].word
                found.append(_snippet(words, first, last, sid, round(score, 2)))
    return found


def _snippet(words: Sequence[SpokenWord], first: int, last: int, sid: str, score: float) -> Snippet:
    lo, hi = max(0, first - CONTEXT_WORDS), min(len(words), last + 1 + CONTEXT_WORDS)
    text = " ".join(w.text for w in words[lo:hi])
    return Snippet("speech", words[first].start_s, words[last].end_s, text, section_id=sid,
                   score=score)  # fmt: skip
