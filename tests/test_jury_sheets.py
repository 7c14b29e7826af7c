"""A juror's sheet refused for each check: the message names the file, the cell and the fix,
and nothing is stored (no act, no score, no journal line)."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from pipeline.config import load_config
from pipeline.errors import InputRejected
from pipeline.jury.files import make_sheets
from pipeline.jury.sheet_import import import_sheet
from pipeline.models import Verdict
from pipeline.store import Store
from tests.jury_support import VIDEO, config_file, fill_sheet, report, seed


@pytest.fixture
def work(tmp_path: Path):
    config = load_config(config_file(tmp_path))
    out = tmp_path / "out"
    with Store.open(out) as store:
        seed(store)
        make_sheets(store, config, out, round_id="video")
        path = fill_sheet(out / "penilaian" / "video" / "j2.xlsx", VIDEO["j2"])
        yield store, config, path


def refused(store, config, path, **expect) -> list[str]:
    with pytest.raises(InputRejected) as caught:
        import_sheet(store, config.judging, config.competition.id, path, by="Petugas", **expect)
    assert store.acts() == [] and store.score_rows("video") == [] and store.journal.read() == []
    return caught.value.lines("en")


def edit(path: Path, change) -> None:
    book = load_workbook(path)
    change(book)
    book.save(path)


def test_a_sheet_of_another_juror_or_round_than_expected(work):
    store, config, path = work
    assert refused(store, config, path, juror="j3", round_id="wawancara") == [
        "j2.xlsx is juror 'j2''s sheet, not 'j3''s: import the right juror's sheet.",
        "j2.xlsx is a sheet of round 'video', not 'wawancara': import the right round's sheet.",
    ]


def test_a_sheet_of_another_competition_or_an_unknown_juror(work):
    store, config, path = work
    edit(path, lambda b: (b["kipp"].cell(2, 2).__setattr__("value", "kipp-lain-2023"),
                          b["kipp"].cell(3, 2).__setattr__("value", "j9")))  # fmt: skip
    assert refused(store, config, path) == [
        "j2.xlsx was made for competition 'kipp-lain-2023', not 'kipp-minut-2024': use this competition's sheet.",
        "j2.xlsx is for juror 'j9', who is not in the config's [judging]: make a new sheet with kipp jury sheets.",
    ]


def test_rows_removed_added_or_repeated(work):
    store, config, path = work

    def change(book):
        ws = book.worksheets[0]
        ws["A7"] = "zz"  # a's row now names an unknown entry: a is missing, zz is extra
        ws["A9"] = "b"  # d's row repeats b

    edit(path, change)
    assert refused(store, config, path) == [
        "j2.xlsx: the row of entry a is missing: put it back (copy it from a new sheet from kipp jury sheets).",
        "j2.xlsx: the row of entry d is missing: put it back (copy it from a new sheet from kipp jury sheets).",
        "j2.xlsx, cell A7: entry zz was not on this sheet: remove its row.",
        "j2.xlsx, cell A9: entry b appears twice: remove the repeated row.",
    ]


def test_an_entry_list_that_changed_since_the_sheet_was_made(work):
    store, config, path = work
    store.add_report("d", report("d", "Dinas Perikanan", Verdict.FAIL), keys={}, run_id=None)
    assert refused(store, config, path)[0] == (
        "j2.xlsx: the entry list changed since the sheet was made (new: -; gone: d): make a new "
        "sheet with kipp jury sheets and copy the scores."
    )


def test_a_criterion_column_or_the_header_removed(work):
    store, config, path = work
    edit(path, lambda b: b.worksheets[0].cell(5, 7).__setattr__("value", "tampilan2"))
    assert refused(store, config, path)[0] == (
        "j2.xlsx: the criterion column tampilan is missing from the header row: put it back."
    )
    edit(path, lambda b: b.worksheets[0].cell(5, 1).__setattr__("value", "nomor"))
    assert refused(store, config, path)[0] == (
        "j2.xlsx: the header row with entry_id is missing from the first worksheet: put it back "
        "(see a new sheet from kipp jury sheets)."
    )


def test_a_weight_changed_in_the_config_since_the_sheet_was_made(work, tmp_path):
    store, config, path = work
    changed = config.judging.model_copy(update={"rounds": (
        config.judging.rounds[0].model_copy(update={"criteria": (
            config.judging.rounds[0].criteria[0].model_copy(update={"weight": 4.0}),
            config.judging.rounds[0].criteria[1])}),
        config.judging.rounds[1])})  # fmt: skip
    with pytest.raises(InputRejected) as caught:
        import_sheet(store, changed, config.competition.id, path, by="Petugas")
    assert caught.value.lines("en") == [
        "j2.xlsx, cell Bobot!F2: the weight of isi was changed (3; declared 4): put it back; weights are not changed in the sheet.",
        "j2.xlsx: the config's weight of isi changed since the sheet was made (3 -> 4): make a new sheet with kipp jury sheets.",
    ]
    assert store.acts() == []


@pytest.mark.parametrize(
    ("content", "line"),
    [
        (b"entry_id,isi\na,80\n", "j2.xlsx is not a readable Excel file (.xlsx): save the sheet as an Excel Workbook (.xlsx) and import it again."),
        (None, "j2.xlsx was not made by kipp (its hidden 'kipp' sheet is missing): fill in the sheet kipp jury sheets made, not a copy in a new file."),
    ],
)  # fmt: skip
def test_a_file_that_is_no_sheet_of_kipps(work, content, line):
    store, config, path = work
    if content is None:
        edit(path, lambda b: b.remove(b["kipp"]))
    else:
        path.write_bytes(content)
    assert refused(store, config, path) == [line]
