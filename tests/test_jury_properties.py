"""Properties of the tally (hypothesis): the order of jurors and entries does not matter,
a recused score never counts, weights are applied once, equal totals are ties unless the
declared rule breaks them."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.jury.ranking import Step, order
from pipeline.jury.records import ScoreSource, ScoreTrace, StoredRow
from pipeline.jury.rules import Judging
from pipeline.jury.tally import Inputs, compute, weighted
from pipeline.models import Verdict
from pipeline.store.jury import Validated
from tests.jury_support import NOW, RULES

TRACE = ScoreTrace(
    act_id="x", at=NOW, by="t", address="cli", source=ScoreSource(kind="sheet", name="s.xlsx")
)
JURORS = ("j1", "j2", "j3")
BAPPEDA = "Badan Perencanaan Pembangunan Daerah"  # j1 leads it
RULES_ONE_ROUND = {
    **RULES,
    "rounds": [RULES["rounds"][0]],
    "final": {"combine": {"video": 1}, "tie_break": []},
    "honorary": "signs",
}
value = st.integers(min_value=1, max_value=100)
stars = st.integers(min_value=1, max_value=5)
# entry -> juror -> (isi, tampilan)
grids = st.dictionaries(
    st.sampled_from(["a", "b", "c", "d", "e", "f"]),
    st.fixed_dictionaries({j: st.tuples(value, stars) for j in JURORS}),
    min_size=1,
)


def _inputs(grid, *, rules=None, entry_order=None, row_order=None) -> Inputs:
    rules = rules or Judging.model_validate(RULES_ONE_ROUND)
    ids = entry_order or sorted(grid)
    entries = [
        Validated(
            entry_id=e,
            agency=BAPPEDA if e == "c" else f"Dinas {e}",
            agency_canonical=BAPPEDA if e == "c" else None,
            verdict=Verdict.PASS,
            version=1,
        )
        for e in ids
    ]
    rows = [
        StoredRow(
            juror_id=j,
            round_id="video",
            entry_id=e,
            values={"isi": v[0], "tampilan": v[1]},
            trace=TRACE,
        )
        for e in ids
        for j, v in grid[e].items()
    ]
    if row_order is not None:
        rows = [rows[i % len(rows)] for i in row_order] if row_order else rows
    return Inputs(
        judging=rules,
        entries=entries,
        rows={"video": rows},
        handed_in={"video": dict.fromkeys(JURORS, True)},
    )


def _summary(tally) -> dict:
    video = tally.rounds[0]
    return {
        e.entry_id: (
            e.mean,
            e.median,
            e.spread,
            e.rank,
            e.tied,
            {c.juror_id: c.score for c in e.jurors},
        )
        for e in video.entries
    }


@settings(max_examples=60, deadline=None)
@given(grids, st.randoms(use_true_random=False))
def test_the_order_of_jurors_and_entries_does_not_matter(grid, rnd):
    first = _summary(compute(_inputs(grid)))
    ids = sorted(grid)
    rnd.shuffle(ids)
    jurors = [dict(j) for j in RULES_ONE_ROUND["jurors"]]
    rnd.shuffle(jurors)
    rules = Judging.model_validate({**RULES_ONE_ROUND, "jurors": jurors})
    shuffled = _inputs(grid, rules=rules, entry_order=ids)
    rows = list(shuffled.rows["video"])
    rnd.shuffle(rows)
    again = Inputs(
        judging=rules, entries=shuffled.entries, rows={"video": rows}, handed_in=shuffled.handed_in
    )
    assert _summary(compute(again)) == first


@settings(max_examples=60, deadline=None)
@given(grids, value, stars)
def test_a_recused_score_never_counts(grid, isi, tampilan):
    grid = {**grid, "c": {"j1": (1, 1), "j2": (50, 3), "j3": (60, 4)}}  # j1 leads BAPPEDA
    before = _summary(compute(_inputs(grid)))["c"]
    changed = {**grid, "c": {**grid["c"], "j1": (isi, tampilan)}}
    after = _summary(compute(_inputs(changed)))["c"]
    # j2: (3 x 50 + 60) / 4 = 52.5; j3: (3 x 60 + 80) / 4 = 65
    assert before[:3] == after[:3] == (58.75, 58.75, 12.5)
    assert before[5]["j1"] is None and after[5]["j1"] is None


@settings(max_examples=100, deadline=None)
@given(value, stars, st.floats(min_value=0.01, max_value=1000), st.floats(0.01, 1000))
def test_weights_are_applied_once(isi, tampilan, w1, w2):
    rules = {**RULES_ONE_ROUND}
    crit = RULES_ONE_ROUND["rounds"][0]["criteria"]
    video = Judging.model_validate(
        {
            **rules,
            "rounds": [
                {
                    **rules["rounds"][0],
                    "criteria": [{**crit[0], "weight": w1}, {**crit[1], "weight": w2}],
                }
            ],
        }
    ).rounds[0]
    scaled = Judging.model_validate(
        {
            **rules,
            "rounds": [
                {
                    **rules["rounds"][0],
                    "criteria": [{**crit[0], "weight": w1 * 7}, {**crit[1], "weight": w2 * 7}],
                }
            ],
        }
    ).rounds[0]
    got = weighted(video, {"isi": isi, "tampilan": tampilan})
    expected = (w1 * isi + w2 * tampilan * 20) / (w1 + w2)
    assert abs(got - expected) < 1e-9
    assert abs(weighted(scaled, {"isi": isi, "tampilan": tampilan}) - got) < 1e-9
    assert min(isi, tampilan * 20) - 1e-9 <= got <= max(isi, tampilan * 20) + 1e-9


@settings(max_examples=100, deadline=None)
@given(
    st.dictionaries(
        st.text("abcdefgh", min_size=1, max_size=3), st.integers(0, 4).map(float), min_size=1
    ),
    st.dictionaries(st.text("abcdefgh", min_size=1, max_size=3), st.integers(0, 2).map(float)),
)
def test_equal_totals_are_ties_unless_the_rule_breaks_them(totals, criterion):
    plain = order(totals)
    for p in plain.placed:
        equal = [e for e, v in totals.items() if v == totals[p.entry_id]]
        assert p.tied == (len(equal) > 1) and p.tie_broken_by is None
        assert p.rank == 1 + sum(v > totals[p.entry_id] for v in totals.values())
    broken = order(totals, [Step("criterion:video.isi", criterion.get)]).rank_of()
    for a in totals:
        for b in totals:
            if a == b or totals[a] != totals[b]:
                continue
            ca, cb = criterion.get(a), criterion.get(b)
            group = [e for e, v in totals.items() if v == totals[a]]
            speaks = all(criterion.get(e) is not None for e in group)
            if speaks and ca != cb:
                assert (broken[a].rank < broken[b].rank) == (ca > cb)
                assert broken[a].tie_broken_by == "criterion:video.isi" or broken[a].tied
            elif not speaks:
                assert broken[a].tied and broken[a].rank == broken[b].rank
