"""The public favourite: two officers' counting sheets, mismatches listed for a recount
(never averaged), the favourite once the counts agree, and bad sheets refused whole."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from fixtures.jury_demo import fill_counts
from pipeline.config import load_config
from pipeline.errors import InputRejected
from pipeline.jury.count_sheets import import_count, make_count_sheets
from pipeline.jury.tally import tally
from pipeline.store import Store
from tests.jury_support import config_file, seed


@pytest.fixture
def work(tmp_path: Path):
    config = load_config(config_file(tmp_path))
    out = tmp_path / "out"
    with Store.open(out) as store:
        seed(store)
        paths = [p.path for p in make_count_sheets(store, config, out)]
        yield store, config, out, paths


def test_a_mismatch_waits_for_a_recount_then_the_favourite_is_named(work):
    store, config, out, paths = work
    assert [p.name for p in paths] == ["penghitung-1.xlsx", "penghitung-2.xlsx"]
    fill_counts(out)
    for path in paths:
        import_count(store, config, path, by="Petugas")
    fav = tally(store, config.judging).favourite
    assert fav.recount == ("c",) and fav.winner is None and fav.pending == "recount"
    c = next(e for e in fav.entries if e.entry_id == "c")
    assert [(x.counter, x.reactions, x.comments) for x in c.counts] == [
        ("Ani Rumengan", 189, 93),
        ("Budi Lumintang", 199, 93),
    ]
    assert c.total is None  # never averaged
    fill_counts(out, misread=False)
    import_count(store, config, paths[1], by="Petugas")
    fav = tally(store, config.judging).favourite
    assert fav.recount == () and fav.winner == "c"
    assert [(e.entry_id, e.total) for e in fav.entries] == [
        ("c", 282.0),
        ("d", 269.0),
        ("a", 189.0),
        ("b", 174.0),
    ]


@pytest.mark.parametrize(
    ("cell", "value", "line"),
    [
        ("D5", -3, "penghitung-1.xlsx, D5: '-3' is not a whole number of 0 or more: enter the count shown."),
        ("E6", "banyak", "penghitung-1.xlsx, E6: 'banyak' is not a whole number of 0 or more: enter the count shown."),
        ("D7", None, "penghitung-1.xlsx, D7: reactions is empty: fill in the count (0 when there is none)."),
        ("F5", datetime(2024, 6, 4, 20, 0), "penghitung-1.xlsx, F5: counted at 04-06-2024 20:00, before the cut-off 04-06-2024 23:59: count again after the cut-off."),
        ("F6", "besok", "penghitung-1.xlsx, F6: the counting time 'besok' cannot be read: write it like 04-06-2024 23:59."),
        ("C5", "javascript:alert(1)", "penghitung-1.xlsx, C5: 'javascript:alert(1)' is not a post link (https://...): copy the post's link."),
        ("G6", "Orang Lain", "penghitung-1.xlsx: counted_by must hold one officer's name, the same on every row (found: Ani Rumengan, Orang Lain)."),
        ("A6", "zz", "penghitung-1.xlsx, A6: entry zz did not pass validation or is unknown: remove its row."),
    ],
)  # fmt: skip
def test_a_bad_counting_sheet_names_the_cell_and_stores_nothing(work, cell, value, line):
    store, config, out, paths = work
    fill_counts(out)
    book = load_workbook(paths[0])
    book.worksheets[0][cell].value = value
    book.save(paths[0])
    with pytest.raises(InputRejected) as caught:
        import_count(store, config, paths[0], by="Petugas")
    assert line in caught.value.lines("en")
    assert store.counts() == {} and store.acts() == []
