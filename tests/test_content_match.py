"""Text normalisation and fuzzy matching of keywords and agency names."""

from __future__ import annotations

import pytest

from pipeline.config import Config
from pipeline.content import SectionMatcher, agency_names
from pipeline.content.match import acronym, mask, normalize, phrase, phrases, spans, words
from tests.content_support import entry


def matches(keyword: str, text: str) -> bool:
    p = phrase(keyword)
    assert p is not None
    return bool(spans(p, words(text)))


def test_normalize_folds_case_accents_and_punctuation() -> None:
    assert normalize("  Pétunjuk\tTEKNIS!! (Juknis) ") == "petunjuk teknis juknis"


@pytest.mark.parametrize(
    "text",
    [
        "PETUNJUK TEKNIS",
        "petunjuk    teknis",
        "PetunjukTeknis",  # OCR lost the space
        "Petunj uk Teknis",  # OCR split a word
        "Petunjuk Tekms",  # OCR slip
        "Langkah 1 - Petunjuk teknis:",
    ],
)
def test_keyword_matches_despite_case_spacing_and_ocr_slips(text: str) -> None:
    assert matches("petunjuk teknis", text)


@pytest.mark.parametrize(
    ("keyword", "text"),
    [
        ("kendala", "Kendalanya, warga jauh dari kantor"),  # suffix -nya
        ("hambatan", "Hambatar utama"),  # tesseract -l ind slip (GOTCHAS)
        ("Dinas Kesehatan", "DINAS KESEHATAR KABUPATEN"),
    ],
)
def test_affixes_and_slips(keyword: str, text: str) -> None:
    assert matches(keyword, text)


@pytest.mark.parametrize(
    ("keyword", "text"),
    [
        ("Dinas Kesehatan", "Dinas Kependudukan dan Pencatatan Sipil"),
        ("pelayanan publik", "pelayanan yang cepat"),
        ("DKP", "DKPP Minahasa Utara"),  # short forms must match a whole word exactly
        ("PDAM", "PDAN"),
        ("masalah", "semua lancar"),
    ],
)
def test_no_match(keyword: str, text: str) -> None:
    assert not matches(keyword, text)


def test_mask_removes_a_blocking_phrase() -> None:
    blockers = phrases(["Kompetisi Inovasi Pelayanan Publik"])
    ws = mask(words("KIPP: Kompetisi Inovasi Pelayanan Publik 2024"), blockers)
    assert ws == ["kipp", "2024"]


def test_acronym_from_initials() -> None:
    assert acronym("Badan Penanggulangan Bencana Daerah") == "BPBD"
    assert acronym("Dinas Kependudukan dan Pencatatan Sipil") == "DKPS"
    assert acronym("Dinas Sosial") is None


def test_agency_names_include_short_forms_and_name_without_region(config: Config) -> None:
    e = entry(config, "Dinas Kependudukan dan Pencatatan Sipil")
    e = e.model_copy(update={"agency": "Dinas Kependudukan dan Pencatatan Sipil Kabupaten "
                                       "Minahasa Utara"})  # fmt: skip
    names = [normalize(n) for n in agency_names(e, config)]
    assert "disdukcapil" in names and "dukcapil" in names
    assert "dinas kependudukan dan pencatatan sipil" in names


def test_an_agency_unknown_to_config_matches_without_its_region(config: Config) -> None:
    e = entry(config, "Dinas Kesehatan Kab. Minut")
    assert e.agency_canonical is None
    m = SectionMatcher(config, e)
    assert m.sections_in("DINAS KESEHATAN") == ["nama_instansi"]
    assert m.sections_in("Dinas") == []


def test_matcher_finds_sections_and_innovation_type(config: Config) -> None:
    m = SectionMatcher(config, entry(config, "Dinas Kependudukan dan Pencatatan Sipil"))
    assert m.sections_in("DISDUKCAPIL MINUT") == ["nama_instansi"]
    assert m.sections_in("Kategori inovasi: Tata Kelola Pemerintahan") == ["jenis_inovasi"]
    assert m.innovation_type("Jenis Inovasi: PELAYANAN PUBL1K") == "Pelayanan Publik"
    assert m.sections_in("Kompetisi Inovasi Pelayanan Publik 2024") == []
    assert m.sections_in("Dinas Kesehatan") == []  # another agency's name


def test_title_masks_keywords_but_not_the_agency_name(config: Config) -> None:
    e = entry(config, "Dinas Kependudukan dan Pencatatan Sipil",
              title="Dukcapil Atasi Masalah Antrean")  # fmt: skip
    m = SectionMatcher(config, e)
    assert m.sections_in("DUKCAPIL ATASI MASALAH ANTREAN") == ["nama_instansi"]
    assert m.sections_in("Masalah: antrean panjang") == ["masalah"]


def test_a_cut_word_is_not_a_keyword_with_letters_dropped():
    from pipeline.content.match import phrase, spans, words

    hambatan = phrase("hambatan")
    assert hambatan is not None
    # "Kecamatan" cut by the frame edge reads "amatan": two letters short of "hambatan"
    assert spans(hambatan, words("Kecamatan Uinnwr / amatan Likupang Timur")) == []
    assert spans(hambatan, words("Hambatn layanan")) == [(0, 1)]  # one dropped letter
    assert spans(hambatan, words("HAMBATAN")) == [(0, 1)]
