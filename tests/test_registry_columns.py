"""Registry columns without editing the config (pipeline/registry/columns.py): headers
matched forgivingly, the same question twice merged per row, contacts never dropped
silently, and Excel workbooks read directly."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from pipeline.errors import RegistryError
from pipeline.registry import load_registry, open_registry
from pipeline.registry.columns import header_key, match_columns

DRIVE = "https://drive.google.com/file/d/{}/view"


def _csv(tmp_path: Path, header: list[str], *rows: list[str]) -> Path:
    path = tmp_path / "r.csv"
    lines = [";".join(header), *(";".join(r) for r in rows)]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def test_header_keys_fold_case_spaces_notes_and_marks():
    assert header_key("Link Video (Google Drive)") == "link video"
    assert header_key("  LINK   VIDEO  ") == "link video"
    assert header_key("Nama Instansi [wajib] *") == "nama instansi"
    assert header_key("E-mail:") == "e mail"


def test_the_same_question_twice_is_merged_per_row(tmp_path, config):
    """The committee deleted and re-added 'Link Video': early rows fill one column, later
    rows the other; every entry keeps its link and the map names both columns."""
    path = _csv(
        tmp_path,
        ["Stempel waktu", "Nama Instansi", "Judul Inovasi", "Link Video", "Jenis Inovasi",
         "Link Video"],
        ["30/05/2024 08:00:00", "Dinas Sosial", "A", DRIVE.format("early"), "Pelayanan Publik",
         ""],
        ["31/05/2024 09:00:00", "Dinas Kesehatan", "B", "", "Pelayanan Publik",
         DRIVE.format("late")],
    )  # fmt: skip
    read = open_registry(path, config)
    assert {e.agency: e.link for e in read.entries} == {
        "Dinas Sosial": DRIVE.format("early"),
        "Dinas Kesehatan": DRIVE.format("late"),
    }
    [link] = read.columns.repeated
    assert (link.role, link.headers, link.positions) == (
        "link",
        ("Link Video", "Link Video"),
        (4, 6),
    )


@pytest.mark.parametrize(
    "second",
    ["Link Video ", "link video", "LINK VIDEO", "Link Video (Google Drive)"],
)
def test_siblings_of_a_repeated_header_merge_too(tmp_path, config, second):
    path = _csv(
        tmp_path,
        ["Nama Instansi", "Link Video", second],
        ["Dinas Sosial", "", DRIVE.format("x")],
    )
    [e] = load_registry(path, config)
    assert e.link == DRIVE.format("x")


def test_reordered_columns_read_the_same(tmp_path, config):
    path = _csv(
        tmp_path,
        ["Link Video", "Jenis Inovasi", "Judul Inovasi", "Nama Instansi", "Stempel waktu"],
        [DRIVE.format("a"), "Pelayanan Publik", "Judul", "Dinas Sosial", "31/05/2024 10:00:00"],
    )
    [e] = load_registry(path, config)
    assert (e.agency, e.link, e.title, e.innovation_type) == (
        "Dinas Sosial", DRIVE.format("a"), "Judul", "Pelayanan Publik")  # fmt: skip
    assert e.submitted_at is not None and e.submitted_at.hour == 10


def test_indonesian_and_forgiving_names_without_config(tmp_path, config):
    """None of these headers is in the config: synonyms, suffixes and case find them."""
    path = _csv(
        tmp_path,
        ["Cap Waktu", "NAMA PERANGKAT DAERAH", "Nama Inovasi", "Kategori Inovasi",
         "Tautan Video (Google Drive)", "Alamat Surel", "Nomor WhatsApp Narahubung"],
        ["31/05/2024 10:00:00", "Dinas Sosial", "Bansos", "Pelayanan Publik",
         DRIVE.format("b"), "sosial@minut.go.id", "0812-3456-7890"],
    )  # fmt: skip
    read = open_registry(path, config)
    [e] = read.entries
    assert (e.agency, e.title, e.innovation_type, e.link) == (
        "Dinas Sosial", "Bansos", "Pelayanan Publik", DRIVE.format("b"))  # fmt: skip
    assert (e.email, e.phone) == ("sosial@minut.go.id", "0812-3456-7890")
    used = {u.role: u.headers for u in read.columns.uses}
    assert used["phone"] == ("Nomor WhatsApp Narahubung",)
    assert used["timestamp"] == ("Cap Waktu",)
    assert read.columns.unused_contacts == ()


def test_an_unused_contact_column_is_named(tmp_path, config):
    """A second phone-like column that no role took is named, never dropped silently."""
    header = ["Nama Instansi", "Link Video", "No. WhatsApp", "Email Kepala Dinas",
              "Alamat Email", "HP Narahubung Cadangan"]  # fmt: skip
    columns = match_columns(header, config, "r.csv")
    assert columns.unused_contacts == ("Email Kepala Dinas", "HP Narahubung Cadangan")


def test_a_missing_link_column_names_the_headers_and_the_names_tried(tmp_path, config):
    path = _csv(tmp_path, ["Nama Instansi", "Judul"], ["Dinas Sosial", "x"])
    with pytest.raises(RegistryError) as info:
        load_registry(path, config)
    assert info.value.render("en") == (
        f"Registry {path} has no header row with the needed columns (link: Link Video). Its "
        "first row is: 'Nama Instansi', 'Judul'. Export the sheet with its header row, or map "
        "your column names under [registry.columns] in the config."
    )
    assert info.value.render("id").startswith(f"Registri {path} tidak punya baris judul")


def test_an_xlsx_registry_is_read_directly(tmp_path, config):
    """Officers keep Excel files: dates, whole numbers and hyperlinked words read right."""
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Stempel waktu", "Nama Instansi", "Judul Inovasi", "Jenis Inovasi",
                  "Link Video", "No. WhatsApp"])  # fmt: skip
    sheet.append([datetime(2024, 5, 31, 10, 0, 0), "Dinas Sosial", "Bansos", "Pelayanan Publik",
                  DRIVE.format("x"), 6281234567890])  # fmt: skip
    sheet.append([datetime(2024, 5, 30, 9, 0, 0), "Dinas Kesehatan", "Posyandu",
                  "Pelayanan Publik", "Video", None])  # fmt: skip
    sheet["E3"].hyperlink = DRIVE.format("y")
    path = tmp_path / "pendaftaran.xlsx"
    book.save(path)
    entries = {e.agency: e for e in load_registry(path, config)}
    sosial, kesehatan = entries["Dinas Sosial"], entries["Dinas Kesehatan"]
    assert sosial.link == DRIVE.format("x") and sosial.phone == "6281234567890"
    assert sosial.submitted_at is not None
    assert sosial.submitted_at.isoformat() == "2024-05-31T10:00:00+08:00"
    assert kesehatan.link == DRIVE.format("y")  # the word "Video" linked to the file
