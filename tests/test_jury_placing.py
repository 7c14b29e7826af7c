"""`kipp jury sheets` / `favourite-sheets` never overwrite a sheet a person may have filled
where it lies: the same sheet is left as it is, any other file stays untouched and the
new sheet goes beside it as "<name> (2).xlsx"."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from fixtures.jury_demo import fill_counts
from pipeline.config import load_config
from pipeline.jury.count_sheets import make_count_sheets
from pipeline.jury.files import make_sheets
from pipeline.jury.placing import copy_path
from pipeline.jury.scoring import declare_conflict
from pipeline.models import Verdict
from pipeline.store import Store
from tests.jury_support import config_file, fill_sheet, report, seed


@pytest.fixture
def work(tmp_path: Path):
    config = load_config(config_file(tmp_path))
    out = tmp_path / "out"
    with Store.open(out) as store:
        seed(store)
        yield store, config, out


def states(placed) -> list[tuple[str, str, str | None, str | None]]:
    return [(p.path.name, p.state, p.kept.name if p.kept else None, p.kept_holds) for p in placed]


def test_the_same_sheet_again_is_left_as_it_is(work):
    store, config, out = work
    first = make_sheets(store, config, out, round_id="video")
    before = {p.path: p.path.read_bytes() for p in first}
    again = make_sheets(store, config, out, round_id="video")
    assert states(again) == [(f"j{n}.xlsx", "unchanged", None, None) for n in (1, 2, 3)]
    assert {p.path: p.path.read_bytes() for p in again} == before  # not even rewritten


def test_a_filled_sheet_is_kept_and_the_new_one_goes_beside_it(work):
    store, config, out = work
    make_sheets(store, config, out, round_id="video")
    filled = fill_sheet(out / "penilaian" / "video" / "j2.xlsx", {"a": (90, 5)})
    kept = filled.read_bytes()
    placed = make_sheets(store, config, out, round_id="video")
    assert states(placed) == [
        ("j1.xlsx", "unchanged", None, None),
        ("j2 (2).xlsx", "beside", "j2.xlsx", "filled"),
        ("j3.xlsx", "unchanged", None, None),
    ]
    assert filled.read_bytes() == kept  # the juror's values are where they were
    blank = load_workbook(copy_path(filled, 2)).worksheets[0]
    assert [blank.cell(6, c).value for c in (1, 6, 7)] == ["c", None, None]
    third = make_sheets(store, config, out, round_id="video")  # (2) is this very sheet
    assert states(third)[1] == ("j2 (2).xlsx", "unchanged", None, None)


def test_a_note_a_person_typed_counts_as_filled(work):
    store, config, out = work
    make_sheets(store, config, out, round_id="video")
    path = out / "penilaian" / "video" / "j3.xlsx"
    book = load_workbook(path)
    book.worksheets[0]["H7"] = "nanti dinilai"  # entry a's note
    book.save(path)
    assert states(make_sheets(store, config, out, round_id="video"))[2] == (
        "j3 (2).xlsx",
        "beside",
        "j3.xlsx",
        "filled",
    )


def test_a_sheet_made_for_another_entry_list_or_recusal_is_kept(work):
    store, config, out = work
    make_sheets(store, config, out, round_id="video")
    store.add_report("e", report("e", "Dinas Sosial", Verdict.PASS, version=2), keys={},
                     run_id=None)  # fmt: skip
    placed = make_sheets(store, config, out, round_id="video")
    assert states(placed) == [
        (f"j{n} (2).xlsx", "beside", f"j{n}.xlsx", "changed") for n in (1, 2, 3)
    ]
    declare_conflict(store, config.judging, "j3", "e", "Kerabat", by="Juri Tiga")
    again = make_sheets(store, config, out, round_id="video")
    assert states(again) == [
        ("j1 (2).xlsx", "unchanged", None, None),
        ("j2 (2).xlsx", "unchanged", None, None),
        ("j3 (3).xlsx", "beside", "j3.xlsx", "changed"),  # (2) lacks the new recusal
    ]


def test_a_file_that_is_no_kipp_sheet_is_never_touched(work):
    store, config, out = work
    path = out / "penilaian" / "video" / "j1.xlsx"
    path.parent.mkdir(parents=True)
    path.write_text("catatan juri, bukan lembar kipp", "utf-8")
    placed = make_sheets(store, config, out, round_id="video")
    assert states(placed)[0] == ("j1 (2).xlsx", "beside", "j1.xlsx", "foreign")
    assert path.read_text("utf-8") == "catatan juri, bukan lembar kipp"


def test_a_filled_counting_sheet_is_kept(work):
    store, config, out = work
    first = make_count_sheets(store, config, out)
    assert states(make_count_sheets(store, config, out)) == [
        ("penghitung-1.xlsx", "unchanged", None, None),
        ("penghitung-2.xlsx", "unchanged", None, None),
    ]
    fill_counts(out)
    counted = [p.path.read_bytes() for p in first]
    assert states(make_count_sheets(store, config, out)) == [
        ("penghitung-1 (2).xlsx", "beside", "penghitung-1.xlsx", "filled"),
        ("penghitung-2 (2).xlsx", "beside", "penghitung-2.xlsx", "filled"),
    ]
    assert [p.path.read_bytes() for p in first] == counted
