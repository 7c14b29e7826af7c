"""Recording scores, hand-ins, conflicts and tie decisions: every problem listed at once,
in Bahasa Indonesia and English, and nothing stored when there is one."""

from __future__ import annotations

from datetime import timedelta

import pytest

from pipeline.errors import InputRejected
from pipeline.jury.records import ScoreSource
from pipeline.jury.scoring import (
    decide_tie,
    declare_conflict,
    missing_scores,
    record_scores,
    reopen_round,
    round_entries,
    submit_round,
    visible_rows,
    withdraw_conflict,
)
from pipeline.jury.tally import tally
from pipeline.store import Store
from tests.jury_support import NOW, judging, score_video, seed

HOUR = timedelta(hours=1)

BROWSER = ScoreSource(kind="browser", name="127.0.0.1")


@pytest.fixture
def store():
    with Store.memory() as s:
        seed(s)
        yield s


def rejected(fn, *args, **kwargs) -> InputRejected:
    with pytest.raises(InputRejected) as caught:
        fn(*args, **kwargs)
    return caught.value


def test_only_entries_that_passed_are_in_the_first_round(store):
    assert [e.entry_id for e in round_entries(store, judging(), "video")] == ["c", "a", "b", "d"]
    assert round_entries(store, judging(), "wawancara") == []  # nobody nominated yet


def test_every_problem_is_listed_and_nothing_is_stored(store):
    scores = {
        "a": {"isi": 101, "tampilan": "empat"},
        "e": {"isi": 50, "tampilan": 3},  # failed validation
        "b": {"isi": 80.5, "gaya": 3},  # off the step; no such criterion
        "c": {"isi": 60, "tampilan": 3},  # j1 leads BAPPEDA
    }
    exc = rejected(
        record_scores,
        store,
        judging(),
        "j1",
        "video",
        scores,
        by="Juri Satu",
        address="127.0.0.1",
        source=BROWSER,
        now=NOW,
    )
    assert exc.lines("id") == [
        "Dinas Kesehatan, isi: 101 di luar skala 1–100: isi angka dalam skala itu.",
        "Dinas Kesehatan, tampilan: 'empat' bukan angka: isi angka 1–5.",
        "e: entri ini tidak dinilai pada babak Video (tidak lolos validasi atau tidak masuk "
        "nominasi): hapus barisnya, atau buat lembar baru dengan kipp jury sheets.",
        "Dinas Perhubungan, isi: 80.5 tidak sesuai langkah skala (1): isi kelipatan 1 dari 1.",
        "Dinas Perhubungan, gaya: kriteria ini tidak ada di babak ini; kriteria yang ada: isi, tampilan.",
        "Badan Perencanaan Pembangunan Daerah: Kepala BAPPEDA tidak menilai Badan Perencanaan Pembangunan Daerah (instansi sendiri atau konflik "
        "kepentingan yang dinyatakan): kosongkan nilainya.",
    ]
    assert (
        exc.lines("en")[0]
        == "Dinas Kesehatan, isi: 101 is outside the scale 1–100: enter a number on it."
    )
    assert store.acts() == [] and store.score_rows("video") == []
    assert store.journal.read() == []


@pytest.mark.parametrize(
    ("juror", "round_id", "line"),
    [
        ("j9", "video", "Juror 'j9' is not in the config's [judging]: use one of j1, j2, j3, hon."),
        (
            "hon",
            "video",
            "Bupati does not score round Video (see that round's scorers in the config).",
        ),
        (
            "j1",
            "final",
            "Round 'final' is not in the config's [judging]: use one of video, wawancara.",
        ),
    ],
)
def test_a_wrong_juror_or_round_is_refused(store, juror, round_id, line):
    exc = rejected(record_scores, store, judging(), juror, round_id, {}, by="x", source=BROWSER)
    assert exc.lines("en") == [line] and store.acts() == []


def test_a_juror_sees_only_their_own_scores_until_they_hand_in(store):
    rules = judging()
    score_video(store, rules, {"j2": {"a": (90, 5), "b": (85, 4), "c": (88, 4), "d": (100, 5)}})
    for e in "abd":
        record_scores(
            store,
            rules,
            "j1",
            "video",
            {e: {"isi": 70, "tampilan": 3}},
            by="Juri Satu",
            address="127.0.0.1",
            source=BROWSER,
            now=NOW,
        )
    assert {r.juror_id for r in visible_rows(store, rules, "j1", "video")} == {"j1"}
    submit_round(store, rules, "j1", "video", by="Juri Satu", address="127.0.0.1", now=NOW)
    assert {r.juror_id for r in visible_rows(store, rules, "j1", "video")} == {"j1", "j2"}
    exc = rejected(
        record_scores,
        store,
        rules,
        "j1",
        "video",
        {"a": {"isi": 71}},
        by="Juri Satu",
        source=BROWSER,
    )
    assert exc.lines("en") == [
        "Kepala BAPPEDA has handed in round Video: scores cannot be changed here any more; "
        "ask an officer to reopen it (kipp jury reopen)."
    ]
    reopen_round(store, rules, "j1", "video", by="Petugas", now=NOW)
    record_scores(
        store,
        rules,
        "j1",
        "video",
        {"a": {"isi": 71, "tampilan": 3}},
        by="Juri Satu",
        source=BROWSER,
        now=NOW,
    )
    a = next(e for e in tally(store, rules).round("video").entries if e.entry_id == "a")
    assert a.jurors[0].state == "draft" and a.jurors[0].values == {"isi": 71.0, "tampilan": 3.0}


def test_handing_in_needs_every_entry_scored(store):
    rules = judging()
    record_scores(
        store,
        rules,
        "j3",
        "video",
        {"a": {"isi": 70, "tampilan": 3}, "b": {"isi": 9}},
        by="Juri Tiga",
        source=BROWSER,
        now=NOW,
    )
    assert [e.entry_id for e in missing_scores(store, rules, "j3", "video")] == ["c", "b", "d"]
    exc = rejected(submit_round, store, rules, "j3", "video", by="Juri Tiga")
    assert exc.lines("id") == [
        f"{x}: belum dinilai lengkap oleh Juri Tiga: isi semua kriterianya dulu."
        for x in ("Badan Perencanaan Pembangunan Daerah", "Dinas Perhubungan", "Dinas Perikanan")
    ]
    assert store.handed_in("video") == {}


def test_a_declared_conflict_recuses_the_juror_with_the_reason(store):
    rules = judging()
    score_video(store, rules)
    declare_conflict(
        store, rules, "j2", "a", "Istri juri bekerja di Dinas Kesehatan", by="Juri Dua", now=NOW
    )
    video = tally(store, rules).round("video")
    a = next(e for e in video.entries if e.entry_id == "a")
    assert a.recused == ("j2",) and a.mean == 73.75  # j1 80, j3 67.5
    assert [(r.juror_id, r.entry_id, r.why, r.reason) for r in video.recusals] == [
        ("j1", "c", "own_agency", ""),
        ("j2", "a", "declared", "Istri juri bekerja di Dinas Kesehatan"),
    ]
    exc = rejected(declare_conflict, store, rules, "j2", "zz", " ", by="x")
    assert exc.lines("en") == [
        "Entry 'zz' is unknown: use its report folder name (entry_id).",
        "Give the reason for the conflict of interest (--reason).",
    ]


def test_a_withdrawn_conflict_counts_the_score_again_and_stays_on_record(tmp_path):
    rules = judging()
    path = tmp_path / "kipp.sqlite"
    with Store(path) as store:
        seed(store)
        score_video(store, rules)
        declare_conflict(store, rules, "j2", "a", "Kerabat", by="Juri Dua", now=NOW)
        withdraw_conflict(
            store, rules, "j2", "a", "Dinyatakan keliru", by="Petugas", now=NOW + HOUR
        )
        video = tally(store, rules).round("video")
        a = next(e for e in video.entries if e.entry_id == "a")
        assert a.recused == () and a.mean == 80.0  # j1 80, j2 92.5, j3 67.5
        assert [r.why for r in video.recusals] == ["own_agency"]
        assert [a.kind for a in store.acts()][-2:] == ["jury.conflict", "jury.conflict.withdraw"]
    path.rename(tmp_path / "moved.sqlite")  # a store rebuilt from the journal agrees
    for extra in ("kipp.sqlite-wal", "kipp.sqlite-shm"):
        (tmp_path / extra).unlink(missing_ok=True)
    with Store(path) as rebuilt:
        (c,) = rebuilt.conflicts()
        assert (c.reason, c.by, c.standing) == ("Kerabat", "Juri Dua", False)
        assert (c.withdrawn_at, c.withdrawn_by, c.withdrawn_reason) == (
            NOW + HOUR,
            "Petugas",
            "Dinyatakan keliru",
        )


def test_only_a_standing_declared_conflict_can_be_withdrawn(store):
    rules = judging()
    declare_conflict(store, rules, "j2", "a", "Kerabat", by="Juri Dua", now=NOW)
    withdraw_conflict(store, rules, "j2", "a", "Keliru", by="Petugas", now=NOW)
    again = rejected(withdraw_conflict, store, rules, "j2", "a", "Keliru", by="Petugas")
    own = rejected(withdraw_conflict, store, rules, "j1", "c", "Ingin menilai", by="Petugas")
    bad = rejected(withdraw_conflict, store, rules, "j9", "a", " ", by="Petugas")
    assert again.lines("en") + own.lines("en") + bad.lines("en") == [
        "Juri Dua has no standing conflict with entry 'a' (never declared, or already "
        "withdrawn): nothing to withdraw.",
        "Kepala BAPPEDA leads the agency of entry 'c': the [judging] rules (the juror's "
        "agency) keep them from scoring it, not a declaration; it cannot be withdrawn.",
        "Juror 'j9' is not in the config's [judging]: use one of j1, j2, j3, hon.",
        "Give the reason the conflict is withdrawn (--reason).",
    ]
    assert [a.kind for a in store.acts()] == ["jury.conflict", "jury.conflict.withdraw"]


def test_a_tie_goes_to_the_honorary_judge_only_when_declared(store):
    rules = judging(honorary="signs", final={"combine": {"video": 1}})
    exc = rejected(decide_tie, store, rules, "round:video", ["a", "d"], by="x")
    assert exc.lines("en") == [
        "The rules do not leave ties to the honorary judge (round:video): a tie is broken only "
        "by the tie_break steps the config declares."
    ]
    assert store.tie_orders() == {}
