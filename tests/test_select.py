"""Finding the entry an officer means (``kipp rerun AGENCY``): exact names, short forms,
folder names, and a unique start of a name (issue 11); an ambiguous start lists them."""

from __future__ import annotations

import pytest

from pipeline.errors import UsageError
from pipeline.models import Entry
from pipeline.registry.select import find_entry

ENTRIES = [
    Entry(entry_id="dinas-kesehatan", agency="Dinas Kesehatan", link="", row=2),
    Entry(
        entry_id="dinas-kependudukan-dan-pencatatan-sipil",
        agency="Dinas Kependudukan dan Pencatatan Sipil",
        agency_aliases=("Disdukcapil",),
        link="",
        row=3,
    ),
    Entry(entry_id="kecamatan-wori", agency="Kecamatan Wori", link="", row=4),
]


@pytest.mark.parametrize(
    ("query", "entry_id"),
    [
        ("Dinas Kesehatan", "dinas-kesehatan"),
        ("disdukcapil", "dinas-kependudukan-dan-pencatatan-sipil"),
        ("kecamatan-wori", "kecamatan-wori"),
        ("Kecamatan W", "kecamatan-wori"),  # a unique start of a name
        ("dinas kes", "dinas-kesehatan"),
        ("Disduk", "dinas-kependudukan-dan-pencatatan-sipil"),  # start of a short form
    ],
)
def test_find_entry(query: str, entry_id: str) -> None:
    assert find_entry(query, ENTRIES).entry_id == entry_id


def test_an_ambiguous_start_lists_the_candidates() -> None:
    with pytest.raises(UsageError) as caught:
        find_entry("Dinas Ke", ENTRIES)
    assert str(caught.value) == (
        "'Dinas Ke' is the start of several agencies' names: 'Dinas Kesehatan' "
        "(dinas-kesehatan); 'Dinas Kependudukan dan Pencatatan Sipil' "
        "(dinas-kependudukan-dan-pencatatan-sipil). Type more of the name, or give the "
        "report folder name."
    )


def test_no_match_still_says_so() -> None:
    with pytest.raises(UsageError, match="No entry in the registry matches 'Dinas Kelautan'"):
        find_entry("Dinas Kelautan", ENTRIES)
