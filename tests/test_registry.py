from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from pipeline.errors import RegistryError
from pipeline.registry import load_registry, match_agency, parse_position
from pipeline.text import slug

HEADER_ID = "Stempel waktu,Nama Instansi,Judul Inovasi,Jenis Inovasi,Link Video"


def _reg(tmp_path: Path, text: str, *, encoding: str = "utf-8", name: str = "r.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_google_forms_indonesian_export(tmp_path, config):
    path = _reg(
        tmp_path,
        HEADER_ID + "\n31/05/2024 14:05:09,Disdukcapil,SIDUKCAPIL,Pelayanan Publik,"
        "https://drive.google.com/file/d/abc/view\n",
    )
    [e] = load_registry(path, config)
    assert e.agency == "Disdukcapil"
    assert e.agency_canonical == "Dinas Kependudukan dan Pencatatan Sipil"
    assert e.entry_id == "dinas-kependudukan-dan-pencatatan-sipil"
    assert e.submitted_at.isoformat() == "2024-05-31T14:05:09+08:00"
    assert e.link == "https://drive.google.com/file/d/abc/view"
    assert e.notes == ()


def test_excel_semicolon_bom_blank_lines_extra_columns(tmp_path, config):
    text = (
        "Timestamp;Alamat email;Nama Instansi;Judul Inovasi;Jenis Inovasi;Link Video;Catatan\n"
        "\n"
        "30/05/2024 08:00:00;a@minut.go.id;Dinas Kesehatan;Posyandu;Pelayanan Publik;v.mp4;x\n"
        ";;;;;;\n"
        "31/05/2024 09:30:00;b@minut.go.id;RSUD MWM;Antrean;pelayanan  publik;w.mp4;\n"
    )
    path = _reg(tmp_path, "\ufeff" + text)
    entries = load_registry(path, config)
    assert [e.agency_canonical for e in entries] == [
        "Dinas Kesehatan",
        "RSUD Maria Walanda Maramis",
    ]
    assert entries[1].innovation_type == "Pelayanan Publik"  # matched, canonical spelling
    assert [e.row for e in entries] == [3, 5]
    assert entries[0].registry_path == path


def test_same_agency_twice_latest_wins_earlier_superseded(tmp_path, config):
    path = _reg(
        tmp_path,
        HEADER_ID + "\n"
        "31/05/2024 10:00:00,Dinas Kesehatan,B,Pelayanan Publik,new.mp4\n"
        "30/05/2024 10:00:00,Dinkes,A,Pelayanan Publik,old.mp4\n",
    )
    [e] = load_registry(path, config)
    assert e.link == "new.mp4" and e.row == 2
    assert [(s.row, s.link) for s in e.superseded] == [(3, "old.mp4")]
    assert e.superseded[0].submitted_at == datetime.fromisoformat("2024-05-30T10:00:00+08:00")


def test_warnings_for_unknown_agency_type_and_timestamp(tmp_path, config):
    path = _reg(
        tmp_path,
        HEADER_ID + "\nkemarin sore,Dinas Antah Berantah,X,Inovasi Super,x.mp4\n",
    )
    [e] = load_registry(path, config)
    codes = [n.code for n in e.notes]
    assert codes == [
        "registry.agency_unknown",
        "registry.type_unknown",
        "registry.timestamp_unreadable",
    ]
    assert e.agency_canonical is None and e.submitted_at is None


def test_missing_link_and_missing_agency_stay_entries(tmp_path, config):
    path = _reg(
        tmp_path,
        HEADER_ID + "\n31/05/2024 10:00:00,Kecamatan Wori,X,Pelayanan Publik,\n"
        "31/05/2024 11:00:00,,Y,Pelayanan Publik,y.mp4\n",
    )
    entries = load_registry(path, config)
    assert [e.link for e in entries] == ["", "y.mp4"]
    assert entries[1].agency == "(baris 3)"
    assert entries[1].notes[0].code == "registry.agency_missing"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "is empty"),
        ("\n\n", "is empty"),
        ("just,some,words\n1,2,3\n", "has no header row with the needed columns"),
        ("Nama Instansi,Judul\nDinkes,x\n", "link: Link Video"),
    ],
)
def test_unusable_registry(tmp_path, config, content, message):
    path = _reg(tmp_path, content)
    with pytest.raises(RegistryError, match=message) as exc:
        load_registry(path, config)
    assert str(path) in str(exc.value)


def test_binary_and_missing_registry(tmp_path, config):
    xlsx = tmp_path / "r.xlsx"
    xlsx.write_bytes(b"PK\x03\x04\x00\x00binary")
    with pytest.raises(RegistryError, match=r"not a CSV text file.*Download > CSV"):
        load_registry(xlsx, config)
    with pytest.raises(RegistryError, match="does not exist"):
        load_registry(tmp_path / "missing.csv", config)


def test_windows_1252_registry_is_read(tmp_path, config):
    path = _reg(
        tmp_path,
        HEADER_ID + "\n31/05/2024 10:00:00,Dinas Sosial,Café Inovasi,Pelayanan Publik,x.mp4\n",
        encoding="cp1252",
    )
    [e] = load_registry(path, config)
    assert e.title == "Café Inovasi"


def test_agency_matching_is_not_too_loose(config):
    assert (
        match_agency("Kecamatan Likupang Barat", config.agencies).name == "Kecamatan Likupang Barat"
    )
    assert match_agency("kec. likupang  timur", config.agencies).name == "Kecamatan Likupang Timur"
    assert (
        match_agency("Dinas Kesehatan Kabupaten Minahasa Utara", config.agencies).name
        == "Dinas Kesehatan"
    )
    assert match_agency("Dinas Kesehatn", config.agencies).name == "Dinas Kesehatan"  # typo
    assert match_agency("Dinas", config.agencies) is None
    assert match_agency("Dinas Kelautan", config.agencies) is None


def test_declared_section_columns(tmp_path, config):
    cols = config.registry.columns.model_copy(update={"declared": {"masalah": ("Menit Masalah",)}})
    cfg = config.model_copy(
        update={"registry": config.registry.model_copy(update={"columns": cols})}
    )
    path = _reg(
        tmp_path,
        HEADER_ID + ",Menit Masalah\n31/05/2024 10:00:00,Dinkes,X,Pelayanan Publik,x.mp4,1:05\n",
    )
    [e] = load_registry(path, cfg)
    assert e.declared == {"masalah": 65.0}


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("1:05", 65.0), ("01:02:03", 3723.0), ("65,5", 65.5), ("", None), ("abc", None)],
)
def test_parse_position(text, seconds):
    assert parse_position(text) == seconds


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Dinas PU/PR", "dinas-pu-pr"),
        ("../../etc/passwd", "etc-passwd"),
        ("..", "instansi"),
        ("Kecamatan Wori", "kecamatan-wori"),
        ("Dínas Śosial ✓", "dinas-sosial"),
        ("<script>alert(1)</script>", "script-alert-1-script"),
        ("", "instansi"),
    ],
)
def test_slug_is_a_safe_file_name(name, expected):
    assert slug(name) == expected


def test_unique_slugs_for_colliding_names(tmp_path, config):
    long = "Unit Pelaksana Teknis Daerah Pengelolaan Sarana dan Prasarana Wilayah"
    path = _reg(
        tmp_path,
        HEADER_ID + f"\n31/05/2024 10:00:00,{long} I,A,Pelayanan Publik,a.mp4\n"
        f"31/05/2024 10:00:00,{long} II,B,Pelayanan Publik,b.mp4\n"
        "31/05/2024 10:00:00,Dinas X/Y,C,Pelayanan Publik,c.mp4\n"
        "31/05/2024 11:00:00,Dinas X.Y,D,Pelayanan Publik,d.mp4\n",
    )
    entries = load_registry(path, config)
    base = slug(long)
    assert [e.entry_id for e in entries] == [base, f"{base}-2", "dinas-x-y"]
    assert entries[2].link == "d.mp4"  # same name once folded: the later row wins
