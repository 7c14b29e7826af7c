"""Finding the entry an officer means (``kipp rerun AGENCY``): exact names, short forms,
folder names, a unique start of a name (issue 11) and any word of a name or short form
(issue 22: "Perikanan" finds Dinas Perikanan); an ambiguous query lists the candidates."""

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
    Entry(
        entry_id="dinas-perikanan",
        agency="Dinas Perikanan",
        agency_aliases=("Diskan",),
        link="",
        row=5,
    ),
    Entry(
        entry_id="rsud-maria-walanda-maramis",
        agency="RSUD Maria Walanda Maramis",
        agency_aliases=("RSUD MWM", "RSUD Minut"),
        link="",
        row=6,
    ),
    Entry(entry_id="kecamatan-likupang-timur", agency="Kecamatan Likupang Timur", link="", row=7),
    Entry(entry_id="kecamatan-likupang-barat", agency="Kecamatan Likupang Barat", link="", row=8),
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
        ("Perikanan", "dinas-perikanan"),  # any word of the name
        ("perikanan", "dinas-perikanan"),
        ("MWM", "rsud-maria-walanda-maramis"),  # a word of a short form
        ("Walanda", "rsud-maria-walanda-maramis"),
        ("Likupang Timur", "kecamatan-likupang-timur"),  # every word, in any place
        ("timur likupang", "kecamatan-likupang-timur"),
        ("Pencatatan Sipil", "dinas-kependudukan-dan-pencatatan-sipil"),
    ],
)
def test_find_entry(query: str, entry_id: str) -> None:
    assert find_entry(query, ENTRIES).entry_id == entry_id


def test_an_ambiguous_start_lists_the_candidates() -> None:
    with pytest.raises(UsageError) as caught:
        find_entry("Dinas Ke", ENTRIES)
    assert caught.value.render("en") == (
        "'Dinas Ke' matches several agencies: 'Dinas Kesehatan' "
        "(dinas-kesehatan); 'Dinas Kependudukan dan Pencatatan Sipil' "
        "(dinas-kependudukan-dan-pencatatan-sipil). Type more of the name, or give the "
        "report folder name."
    )


def test_a_word_of_several_names_lists_the_candidates_in_the_officers_language() -> None:
    with pytest.raises(UsageError) as caught:
        find_entry("Likupang", ENTRIES)
    assert caught.value.render("id") == (
        "'Likupang' cocok dengan beberapa instansi: 'Kecamatan Likupang Timur' "
        "(kecamatan-likupang-timur); 'Kecamatan Likupang Barat' (kecamatan-likupang-barat). "
        "Ketik lebih banyak dari namanya, atau beri nama folder laporannya."
    )


def test_no_match_still_says_so() -> None:
    with pytest.raises(UsageError, match="No entry in the registry matches 'Dinas Kelautan'"):
        find_entry("Dinas Kelautan", ENTRIES)
