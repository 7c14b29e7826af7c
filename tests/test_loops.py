"""Decoding loops out of the transcript, marked where they were (pipeline/content/loops.py)."""

from __future__ import annotations

from pipeline.content import loops
from pipeline.models import SpokenLine, SpokenWord


def said(text: str, at: float = 0.0) -> list[SpokenWord]:
    return [
        SpokenWord(start_s=at + i, end_s=at + i + 0.5, text=w) for i, w in enumerate(text.split())
    ]


def test_a_two_word_loop_is_cut_after_two_copies():
    """Issue 18: "Dan kebangan, dan kebangan, ..." for 30 s got through a one-word rule."""
    words = said("Masalah kami " + "Dan kebangan, " * 20 + "antrean panjang.")
    kept, flags = loops.unloop(words)
    assert [w.text for w in kept] == ["Masalah", "kami", "Dan", "kebangan,", "Dan",
                                      "kebangan,", "antrean", "panjang."]  # fmt: skip
    assert sum(flags) == 36


def test_one_word_and_long_phrase_loops():
    kept, _ = loops.unloop(said("yang Yang yang, yang yang masalah"))
    assert [w.text for w in kept] == ["yang", "Yang", "masalah"]
    phrase = "warga cukup mendaftar lewat aplikasi di kantor "
    kept, flags = loops.unloop(said(phrase * 4 + "selesai"))
    assert len(kept) == 2 * 7 + 1 and sum(flags) == 14


def test_doubled_words_are_speech_not_loops():
    text = "langkah-langkah tata tata cara, dan dan kebangan kebangan"
    kept, flags = loops.unloop(said(text))
    assert not any(flags) and len(kept) == len(text.split())


def test_repeats_keeps_whole_copies_and_the_tail():
    assert loops.repeats(list("abababa")) == [False] * 4 + [True, True, False]
    assert loops.repeats([]) == []


def test_a_line_shows_kept_words_and_how_many_were_dropped():
    words = said("dan kebangan dan kebangan dan kebangan dan kebangan")
    _, flags = loops.unloop(words)
    line = loops.line_of(1.0, 9.0, words, flags, attempt=2)
    assert line.text == "dan kebangan dan kebangan" and line.dropped == 4 and line.attempt == 2


def test_later_passes_fill_only_where_nothing_was_shown():
    first = [SpokenLine(start_s=10, end_s=20, text="Masalah yang menghambat")]
    second = [SpokenLine(start_s=0, end_s=9, text="Kami dari Dinas Kesehatan", attempt=2),
              SpokenLine(start_s=9.5, end_s=19, text="Masalah yang", attempt=2)]  # fmt: skip
    shown = loops.shown_lines([first, second])
    assert [(s.start_s, s.attempt) for s in shown] == [(0, 2), (10, 1)]
