"""Sections heard in a transcript, on fixed word lists (pipeline/content/heard.py): what
the matcher does with Whisper's spellings never depends on what a machine transcribes."""

from __future__ import annotations

from pipeline.config import Config
from pipeline.content import SectionMatcher, heard
from pipeline.models import SpeechStatus, SpokenWord, Transcript
from tests.content_support import entry


def transcript(*passes: tuple[float, str]) -> Transcript:
    """Words per pass: each (start second, text), attempt = position + 1."""
    words = [
        SpokenWord(start_s=at + i, end_s=at + i + 0.5, text=w, attempt=n)
        for n, (at, text) in enumerate(passes, start=1)
        for i, w in enumerate(text.split())
    ]
    return Transcript(status=SpeechStatus.HEARD, model="base", words=tuple(words))


def found(config: Config, t: Transcript, agency: str = "Dinas Kesehatan") -> set[tuple[str, float]]:
    matcher = SectionMatcher(config, entry(config, agency))
    return {(s.section_id, s.start_s) for s in heard.spoken_snippets(t, matcher)}  # type: ignore[misc]


def test_words_matched_with_spaces_and_hyphens_ignored(config):
    """Whisper's regular mishearings still match: split words, hyphenated pieces."""
    t = transcript((0, "Kami dinasker sehatan. Genisino vasi Betunjuk tek-nis ok"))
    assert found(config, t) == {("nama_instansi", 1.0), ("jenis_inovasi", 3.0),
                                ("petunjuk_teknis", 5.0)}  # fmt: skip


def test_a_weak_fuzzy_hit_is_not_evidence(config):
    """ "pata -tala" is near "tata cara" only by 0.55 of its letters: no claim; the real
    sections around it still match."""
    t = transcript((10, "Masalah yang menhambat, pelajanan, pata -tala, dan trean yang panjang."))
    assert found(config, t) == {("masalah", 10.0), ("masalah", 12.0)}


def test_a_hit_between_075_and_080_is_not_evidence(config):
    """Issue 18: hits scoring 0.75-0.80 were half wrong; MIN_SCORE is 0.80."""
    assert heard.MIN_SCORE == 0.80
    t = transcript((0, "kecamatan di membe"))  # "dimembe" over two windows: 1.0 and 0.75
    got = heard.spoken_snippets(t, SectionMatcher(config, entry(config, "Kecamatan Dimembe")))
    assert [s.score for s in got] == [1.0]


def test_other_agency_said_is_no_evidence(config):
    t = transcript((0, "Kami tari dinas ke sehatan. Masalah kami antrean."))
    assert found(config, t, "Dinas Pendidikan") == {("masalah", 5.0)}


def test_a_later_pass_adds_only_sections_still_open(config):
    """Pass 2 heard the agency (missed by pass 1) and the problem again: only the agency
    is taken from it; pass 3 adds nothing pass 2 found."""
    t = transcript(
        (10, "Masalah yang menghambat pelayanan"),
        (0, "Kami dari Dinas Kesehatan. Masalah yang menghambat"),
        (30, "Dinas Kesehatan petunjuk teknis"),
    )
    assert found(config, t) == {("masalah", 10.0), ("masalah", 12.0),
                                ("nama_instansi", 2.0), ("petunjuk_teknis", 32.0)}  # fmt: skip
    required = ["masalah", "jenis_inovasi", "nama_instansi", "petunjuk_teknis"]
    matcher = SectionMatcher(config, entry(config, "Dinas Kesehatan"))
    assert heard.open_required(t, matcher, required) == {"jenis_inovasi"}


def test_no_words_no_sections(config):
    matcher = SectionMatcher(config, entry(config, "Dinas Kesehatan"))
    assert heard.spoken_snippets(None, matcher) == []
    empty = Transcript(status=SpeechStatus.NO_SPEECH, model="base")
    assert heard.open_required(empty, matcher, ["masalah"]) == {"masalah"}
