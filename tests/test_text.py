"""The shared text helpers: one fold, one MM:SS reader, one HTML sniff (filekind), and that each
former copy now answers the same."""

from __future__ import annotations

import pytest

from pipeline.content.match import normalize
from pipeline.errors import UsageError
from pipeline.media.filekind import looks_like_html
from pipeline.registry import parse_position
from pipeline.review import parse_clock as review_clock
from pipeline.text import ClockError, fold, parse_clock


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("01:23", 83.0), ("1:02:03", 3723.0), ("75:00", 4500.0), ("125:30", 7530.0),
     ("00:12,5", 12.5), (" 0:59.5 ", 59.5),
     # as officers write times (and kipp writes "23.59"): all one minute five
     ("1:05", 65.0), ("01:05", 65.0), ("1.05", 65.0), ("1.02.03", 3723.0), ("23.59", 1439.0)],
)  # fmt: skip
def test_a_clock_reads_the_same_for_the_registry_and_the_review(text, seconds):
    assert parse_clock(text) == seconds
    assert parse_position(text) == seconds
    assert review_clock(text) == seconds


@pytest.mark.parametrize(("text", "offer"), [("45", "0:45"), ("83", "1:23"), ("0", "0:00")])
def test_a_bare_number_is_refused_with_the_clock_it_would_be(text, offer):
    """'45': seconds or minutes?  The officer's --at is refused with '0:45' offered; an
    agency's declared cell in the registry reads as seconds (its column says so)."""
    with pytest.raises(ClockError) as info:
        parse_clock(text)
    assert info.value.bare and info.value.suggestion == offer
    with pytest.raises(UsageError) as usage:
        review_clock(text)
    assert usage.value.render("id") == (
        f"--at {text}: detik atau menit? Tulis --at {offer} untuk {text} detik "
        f"(atau --at {text}:00 untuk {text} menit)."
    )
    assert usage.value.render("en").startswith(
        f"--at {text}: seconds or minutes? Write --at {offer}"
    )
    assert parse_position(text) == float(text)


@pytest.mark.parametrize("text", ["1:75", "0:60", "1:60:00", "2:03:61"])
def test_a_field_past_59_is_a_typo_everywhere(text):
    """'1:75' could be 1:57 or 1:15: no reader guesses 135 s."""
    with pytest.raises(ClockError) as info:
        parse_clock(text)
    assert info.value.out_of_range
    assert parse_position(text) is None
    with pytest.raises(UsageError, match=r"go up to 59 \(M:SS"):
        review_clock(text)


@pytest.mark.parametrize("text", ["", "abc", "1:2:3:4", "-1:00", "1::2", "1.5", "8.3.5"])
def test_not_a_clock(text):
    with pytest.raises(ClockError) as info:
        parse_clock(text)
    assert not info.value.out_of_range
    assert parse_position(text) is None


def test_one_fold_for_names_and_evidence():
    text = "  Pétunjuk\tTEKNIS!! (Juknis) Straße "
    assert fold(text) == normalize(text) == "petunjuk teknis juknis strasse"


@pytest.mark.parametrize(
    ("head", "html"),
    [(b"<!DOCTYPE html><html>", True), (b"\xef\xbb\xbf\n  <HTML lang=en>", True),
     (b"<?xml version='1.0'?>", True), (b"  <meta charset=utf-8><html>", True),
     (b"\x00\x00\x00\x20ftypisom", False), (b"Video inovasi kami", False), (b"", False)],
)  # fmt: skip
def test_html_sniff(head, html):
    assert looks_like_html(head) is html
