"""The tally on the worked example (tests/jury_support.py): exact values, recusal, ties,
the declared tie-break, z-scores, flags after a verdict change, and a store rebuilt from
its journal giving every score back."""

from __future__ import annotations

import shutil

import pytest

from pipeline.jury.ranking import Step, order
from pipeline.jury.scoring import decide_tie
from pipeline.jury.tally import tally, weighted, zscores
from pipeline.models import Verdict
from pipeline.store import Store
from tests.jury_support import NOW, judging, report, score_interview, score_video, seed


@pytest.fixture
def scored():
    store = Store.memory()
    rules = judging()
    seed(store)
    score_video(store, rules)
    score_interview(store, rules)
    yield store, rules
    store.close()


def test_each_jurors_weighted_score_is_on_0_to_100_with_the_weights_applied_once():
    video = judging().round("video")
    # isi 80 of 100 -> 80 points (weight 3); tampilan 4 of 5 -> 80 points (weight 1)
    assert weighted(video, {"isi": 80, "tampilan": 4}) == 80.0
    assert weighted(video, {"isi": 70, "tampilan": 5}) == 77.5  # (3 x 70 + 100) / 4
    assert weighted(video, {"isi": 70, "tampilan": None}) is None


def test_the_worked_example_exactly(scored):
    store, rules = scored
    result = tally(store, rules)
    video = result.round("video")
    got = [(e.entry_id, e.rank, e.tied) for e in video.entries]
    assert got == [("b", 1, False), ("c", 2, False), ("a", 3, True), ("d", 3, True)]
    b, c, a, d = video.entries
    assert [cell.score for cell in b.jurors] == [77.5, 83.75, 96.25]
    assert b.mean == pytest.approx(257.5 / 3) and b.median == 83.75 and b.spread == 18.75
    # j1 leads BAPPEDA: recused, the mean is over the other two
    assert c.recused == ("j1",) and c.jurors[0].score is None and c.jurors[0].state == "recused"
    assert (c.mean, c.median, c.spread) == (84.5, 84.5, 3.0)
    assert (a.mean, a.median, a.spread) == (80.0, 80.0, 25.0)
    assert (d.mean, d.median, d.spread) == (80.0, 71.25, 31.25)
    assert a.criteria == {"isi": 80.0, "tampilan": 80.0}
    assert video.nominees == ("b", "c") and video.complete
    tie = video.ties[0]
    assert tie.entries == ("a", "d") and tie.steps == () and tie.unbroken == (("a", "d"),)
    interview = result.round("wawancara")
    assert [(e.entry_id, e.mean) for e in interview.entries] == [("b", 80.0), ("c", 75.0)]
    final = result.final
    assert [(e.entry_id, e.rank) for e in final.entries] == [("b", 1), ("c", 2)]
    assert final.entries[0].total == pytest.approx(0.7 * 257.5 / 3 + 0.3 * 80)  # 84.0833...
    assert final.entries[1].total == pytest.approx(0.7 * 84.5 + 0.3 * 75)  # 81.65
    assert [(w.place, w.entry_id) for w in final.winners] == [("Juara I", "b"), ("Juara II", "c")]
    assert not result.draft


def test_the_honorary_judge_breaks_only_the_tie_the_declared_steps_left(scored):
    store, rules = scored
    decide_tie(store, rules, "round:video", ["d", "a"], by="Petugas", note="Bupati", now=NOW)
    video = tally(store, rules).round("video")
    assert [(e.entry_id, e.rank, e.tie_broken_by) for e in video.entries[2:]] == [
        ("d", 3, "honorary"),
        ("a", 4, "honorary"),
    ]
    assert video.ties[0].steps == ("honorary",) and video.ties[0].unbroken == ()


def test_a_declared_criterion_breaks_a_tie_before_the_honorary_judge():
    means = {"x": 80.0, "y": 80.0, "z": 90.0}
    isi = {"x": 70.0, "y": 85.0, "z": 90.0}
    ranking = order(
        means, [Step("round:wawancara", lambda e: None), Step("criterion:video.isi", isi.get)]
    )
    assert [(p.entry_id, p.rank, p.tie_broken_by) for p in ranking.placed] == [
        ("z", 1, None),
        ("y", 2, "criterion:video.isi"),
        ("x", 3, "criterion:video.isi"),
    ]


def test_scores_wait_until_the_round_is_handed_in_and_missing_ones_make_a_draft(scored):
    _, rules = scored
    from pipeline.jury.records import ScoreSource
    from pipeline.jury.scoring import record_scores

    store2 = Store.memory()
    seed(store2)
    browser = ScoreSource(kind="browser", name="127.0.0.1")
    record_scores(
        store2,
        rules,
        "j2",
        "video",
        {"a": {"isi": 90, "tampilan": 5}},
        by="Juri Dua",
        address="127.0.0.1",
        source=browser,
        now=NOW,
    )
    video = tally(store2, rules).round("video")
    a = next(e for e in video.entries if e.entry_id == "a")
    assert a.mean is None and a.jurors[1].state == "draft" and a.missing == ("j1", "j2", "j3")
    assert tally(store2, rules).draft


def test_a_verdict_changed_after_scoring_is_flagged_and_its_scores_kept(scored):
    store, rules = scored
    store.add_report("b", report("b", "Dinas B", Verdict.FAIL, md5="m1"), keys={}, run_id=None)
    result = tally(store, rules)
    b = next(e for e in result.round("video").entries if e.entry_id == "b")
    assert b.flags == ("not_eligible", "file_changed")
    assert b.mean == pytest.approx(257.5 / 3)  # kept
    assert result.round("video").nominees == ("c", "a", "d")  # never advances; the tie at the cut
    assert result.round("video").cut_tied
    assert "b" not in [w.entry_id for w in result.final.winners]


def test_zscores_standardise_each_juror_then_rescale_to_the_pooled_spread():
    raw = {("j1", "a"): 60.0, ("j1", "b"): 80.0, ("j2", "a"): 90.0, ("j2", "b"): 94.0}
    out = zscores(raw)
    # pooled mean 81, pooled sd sqrt(((21^2)+(1^2)+(9^2)+(13^2))/4) = sqrt(173)
    sd = 173**0.5
    assert out["j1", "a"] == pytest.approx(81 - sd) and out["j2", "a"] == pytest.approx(81 - sd)
    assert out["j1", "b"] == pytest.approx(81 + sd) and out["j2", "b"] == pytest.approx(81 + sd)


def test_zscore_normalisation_is_said_and_used(scored):
    store, _ = scored
    rules = judging(normalisation="zscore")
    result = tally(store, rules)
    assert result.normalisation == "zscore" and result.round("video").normalisation == "zscore"
    b = result.round("video").entries[0]
    assert b.jurors[0].raw == 77.5 and b.jurors[0].score != 77.5


def test_a_store_rebuilt_from_nothing_gets_every_score_back_from_the_journal(tmp_path):
    rules = judging()
    with Store.open(tmp_path) as store:
        seed(store)
        score_video(store, rules)
        score_interview(store, rules)
        decide_tie(store, rules, "round:video", ["d", "a"], by="Petugas", now=NOW)
        before = tally(store, rules)
        reports = [(e, store.report_json(e)) for e in store.entry_ids()]
    shutil.move(tmp_path / ".kipp" / "kipp.sqlite", tmp_path / "damaged.sqlite")
    for name in ("kipp.sqlite-wal", "kipp.sqlite-shm"):
        (tmp_path / ".kipp" / name).unlink(missing_ok=True)
    with Store.open(tmp_path) as store:  # the journal is replayed on opening
        seed(store)  # the next run writes the reports again
        assert len(store.score_rows("video")) == 12 and len(store.score_rows("wawancara")) == 6
        after = tally(store, rules)
    assert reports and after == before
