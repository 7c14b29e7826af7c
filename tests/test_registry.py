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
    with pytest.raises(RegistryError, match=r"not a CSV or .xlsx file.*Download > CSV"):
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
    assert match_agency("Kecamatan Likupang Barat", config).name == "Kecamatan Likupang Barat"
    assert match_agency("kec. likupang  timur", config).name == "Kecamatan Likupang Timur"
    assert (
        match_agency("Dinas Kesehatan Kabupaten Minahasa Utara", config).name == "Dinas Kesehatan"
    )
    assert match_agency("Dinas Kesehatn", config).name == "Dinas Kesehatan"  # typo
    assert match_agency("Dinas", config) is None
    assert match_agency("Dinas Kelautan", config) is None


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


# ------------------------------------------------- the timestamp column's day/month order
HEADER_EN = "Timestamp,Nama Instansi,Judul Inovasi,Jenis Inovasi,Link Video"


def _with_locale(config, locale: str):
    return config.model_copy(
        update={"registry": config.registry.model_copy(update={"locale": locale})}
    )


def test_us_export_is_read_month_first_because_a_day_above_12_settles_it(tmp_path, config):
    path = _reg(
        tmp_path,
        HEADER_EN + "\n"
        "5/6/2024 9:12:40,Dinas Kesehatan,A,Pelayanan Publik,old.mp4\n"
        "5/30/2024 16:03:11,Dinas Kesehatan,A,Pelayanan Publik,fixed.mp4\n"
        "5/31/2024 20:45:02,Kecamatan Wori,B,Pelayanan Publik,wori.mp4\n",
    )
    dinkes, wori = load_registry(path, config)  # the config's locale is id_ID (day first)
    assert (dinkes.link, dinkes.row) == ("fixed.mp4", 3)
    assert dinkes.submitted_at.isoformat() == "2024-05-30T16:03:11+08:00"
    [old] = dinkes.superseded
    assert (old.row, old.link) == (2, "old.mp4")
    assert old.submitted_at.isoformat() == "2024-05-06T09:12:40+08:00"  # 6 May, not 5 June
    assert wori.submitted_at.isoformat() == "2024-05-31T20:45:02+08:00"
    assert dinkes.notes == () and wori.notes == ()  # settled: nothing assumed


def test_indonesian_export_is_read_day_first_when_a_day_settles_it(tmp_path, config):
    path = _reg(
        tmp_path,
        HEADER_ID + "\n"
        "05/06/2024 10:00:00,Dinas Kesehatan,A,Pelayanan Publik,a.mp4\n"
        "31/05/2024 10:00:00,Kecamatan Wori,B,Pelayanan Publik,b.mp4\n",
    )
    dinkes, wori = load_registry(path, _with_locale(config, "en_US"))
    assert dinkes.submitted_at.isoformat() == "2024-06-05T10:00:00+08:00"  # locale not needed
    assert dinkes.notes == () and wori.notes == ()


AMBIGUOUS = (
    HEADER_ID + "\n"
    "05/06/2024 10:00:00,Dinas Kesehatan,A,Pelayanan Publik,first.mp4\n"
    "06/05/2024 10:00:00,Dinas Kesehatan,A,Pelayanan Publik,second.mp4\n"
    "07/07/2024 10:00:00,Kecamatan Wori,B,Pelayanan Publik,wori.mp4\n"
)


@pytest.mark.parametrize(
    ("locale", "link", "read_as", "order", "superseded_at"),
    [
        ("id_ID", "first.mp4", "2024-06-05 10:00:00", "D/M/Y", "2024-05-06T10:00:00+08:00"),
        ("en_US", "second.mp4", "2024-06-05 10:00:00", "M/D/Y", "2024-05-06T10:00:00+08:00"),
    ],
)
def test_when_nothing_settles_the_order_the_locale_decides_and_the_report_says_so(
    tmp_path, config, locale, link, read_as, order, superseded_at
):
    path = _reg(tmp_path, AMBIGUOUS)
    dinkes, wori = load_registry(path, _with_locale(config, locale))
    assert dinkes.link == link
    assert dinkes.submitted_at.strftime("%Y-%m-%d %H:%M:%S") == read_as
    assert dinkes.superseded[0].submitted_at.isoformat() == superseded_at
    [note] = dinkes.notes
    assert note.code == "registry.date_order_assumed"
    assert note.params == {
        "value": "05/06/2024 10:00:00" if locale == "id_ID" else "06/05/2024 10:00:00",
        "read_as": read_as,
        "order": order,
        "locale": locale,
    }
    assert wori.notes == ()  # 07/07 reads the same either way: nothing to say


def test_unknown_registry_locale_is_a_config_error(config):
    with pytest.raises(ValueError, match="unknown locale 'xx_YY'"):
        type(config.registry).model_validate({"locale": "xx_YY"})


# ---------------------------------------------------------- encodings and dialects
TEXT_ROWS = [
    ["Stempel waktu", "Nama Instansi", "Judul Inovasi", "Jenis Inovasi", "Link Video"],
    ["31/05/2024 10:00:00", "Dinas Sosial", "Café Inovasi – “Sigap”", "Pelayanan Publik", "x.mp4"],
    ["31/05/2024 11:00:00", "Kecamatan Wori", "Layanan, Cepat", "Pelayanan Publik", "y.mp4"],
]


def _export(rows: list[list[str]], delimiter: str) -> str:
    def cell(c: str) -> str:
        return f'"{c}"' if delimiter in c or "," in c else c

    return "\r\n".join(delimiter.join(cell(c) for c in row) for row in rows) + "\r\n"


@pytest.mark.parametrize(
    ("name", "encoded"),
    [
        ("utf-8", lambda t: t.encode("utf-8")),
        ("utf-8 BOM", lambda t: b"\xef\xbb\xbf" + t.encode("utf-8")),
        ("utf-16 LE BOM (Excel Unicode text)", lambda t: b"\xff\xfe" + t.encode("utf-16-le")),
        ("utf-16 BE BOM", lambda t: b"\xfe\xff" + t.encode("utf-16-be")),
        ("utf-16 LE without BOM", lambda t: t.encode("utf-16-le")),
        ("windows-1252", lambda t: t.encode("cp1252")),
    ],
)
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_encodings_and_delimiters(tmp_path, config, name, encoded, delimiter):
    path = tmp_path / "r.csv"
    path.write_bytes(encoded(_export(TEXT_ROWS, delimiter)))
    sosial, wori = load_registry(path, config)
    assert sosial.title == "Café Inovasi – “Sigap”"
    assert wori.title == "Layanan, Cepat"
    assert (sosial.link, wori.link) == ("x.mp4", "y.mp4")
    assert sosial.notes == () and wori.notes == ()


def test_sniffer_sees_the_delimiter_the_header_count_would_miss(tmp_path, config):
    # the header holds more commas (inside quotes) than semicolons: counting picks ','
    path = _reg(
        tmp_path,
        'Stempel waktu;"Catatan (nama, jabatan, nomor, surel, alamat)";Nama Instansi;Link Video\n'
        '31/05/2024 10:00:00;"Budi, Kadis, 0812, b@x.id, Airmadidi";Dinas Sosial;x.mp4\n',
    )
    [e] = load_registry(path, config)
    assert (e.agency, e.link) == ("Dinas Sosial", "x.mp4")


def test_a_stray_nul_flags_its_row_not_the_file(tmp_path, config):
    path = _reg(
        tmp_path,
        HEADER_ID + "\n31/05/2024 10:00:00,Dinas Sosial,Sig\x00ap\x07,Pelayanan Publik,x.mp4\n"
        "31/05/2024 11:00:00,Kecamatan Wori,Cepat,Pelayanan Publik,y.mp4\n",
    )
    sosial, wori = load_registry(path, config)
    assert sosial.title == "Sigap"
    [note] = sosial.notes
    assert note.code == "registry.control_chars"
    assert note.params == {"row": 2, "columns": "'Judul Inovasi'"}
    assert wori.notes == ()


@pytest.mark.parametrize(
    ("content", "holds"),
    [
        (b"PK\x03\x04\x14\x00\x06\x00", "a ZIP archive"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an Excel 97-2003 file \\(.xls\\)"),
        (bytes(range(32)) * 40, "binary data"),
    ],
)
def test_binary_files_are_still_refused(tmp_path, config, content, holds):
    path = tmp_path / "r.csv"
    path.write_bytes(content)
    with pytest.raises(RegistryError, match=f"not a CSV or .xlsx file \\(it holds {holds}\\)"):
        load_registry(path, config)


def test_a_registry_over_50_mb_is_refused_unread(tmp_path, config):
    path = tmp_path / "big.csv"
    with path.open("wb") as f:  # sparse: nothing is written to disk
        f.truncate(50 * 2**20 + 1)
    with pytest.raises(RegistryError, match=r"is 50.0 MB, over the 50 MB a registry can be"):
        load_registry(path, config)


def test_a_cell_over_the_csv_modules_field_limit_is_that_rows_business(
    tmp_path: Path, config
) -> None:
    """131,073 characters in one cell stopped the csv module (exit 3, nothing judged)."""
    path = tmp_path / "pendaftaran.csv"
    huge, link = "x" * 131_073, f"https://drive.google.com/file/d/{'A' * 33}/view"
    path.write_text(
        "Timestamp,Nama Instansi,Judul Inovasi,Jenis Inovasi,Link Video\n"
        f"31/05/2024 10:00:00,Dinas Kesehatan,{huge},Pelayanan Publik,{link}\n"
        f"31/05/2024 11:00:00,Kecamatan Wori,Judul,Pelayanan Publik,{huge}\n",
        encoding="utf-8",
    )
    entries = load_registry(path, config)
    assert [e.agency for e in entries] == ["Dinas Kesehatan", "Kecamatan Wori"]
    assert len(entries[1].link) == 131_073
