"""Reading a registry file: bytes -> text -> rows, whatever program exported it.

    rows = read_registry_file(path)        # list[list[str]]

- Size: a file over ``MAX_REGISTRY_MB`` is refused before it is read (a registry of a
  few hundred agencies is a few hundred KB; 50 MB is a video or an archive).
- Excel: an .xlsx (a ZIP with ``xl/workbook.xml``) is read directly with openpyxl: the
  first sheet, dates as ``YYYY-MM-DD HH:MM:SS``, whole numbers without ``.0``, and a cell
  whose text is not a link but which is hyperlinked reads as its link target.
- Binary: an OLE2 (.xls, Excel 97-2003), another ZIP or a PDF, or a text mostly made of
  control characters, is refused with the export steps.
- Encoding, by BOM and content: UTF-8 with a BOM, UTF-16 LE/BE with a BOM (Excel's
  "Unicode text", tab-separated), UTF-16 without one (NULs in every other byte), UTF-8,
  and otherwise Windows-1252 (Excel's "CSV" on Windows).
- Delimiter: ``csv.Sniffer`` over the first lines (``,`` ``;`` tab ``|``), kept only when
  the header line holds it; else the one the header line holds most (the old rule).
  Only the delimiter is taken from the sniffer; quoting stays the CSV standard's.

Control characters inside cells are left in place: ``registry.parse_rows`` removes
them and flags the row (one stray NUL must not cost the whole registry).  A cell may be
as long as the file (the csv module's own 131,072-character field limit is raised to
``MAX_REGISTRY_MB``): one agency's 200 KB cell is that row's business, never the batch's.
"""

from __future__ import annotations

import codecs
import csv
import io
import logging
import re
from pathlib import Path

from pipeline import i18n
from pipeline.errors import RegistryError

log = logging.getLogger(__name__)

MAX_REGISTRY_MB = 50
SAMPLE_LINES = 50
DELIMITERS = ",;\t|"
_BINARY_MAGIC = {
    b"PK\x03\x04": ("arsip ZIP", "a ZIP archive"),
    b"\xd0\xcf\x11\xe0": ("berkas Excel 97-2003 (.xls)", "an Excel 97-2003 file (.xls)"),
    b"%PDF": ("dokumen PDF", "a PDF document"),
}
_ZIP = b"PK\x03\x04"
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def read_registry_file(path: Path) -> list[list[str]]:
    """The rows of a registry file (see module doc).

    Raises:
        RegistryError: missing, unreadable, over ``MAX_REGISTRY_MB``, binary, or
            undecodable; the message names the file and the fix.
    """
    try:
        size = path.stat().st_size
        if size > MAX_REGISTRY_MB * 2**20:
            raise RegistryError(key="registry.too_big", registry=str(path),
                                mb=f"{size / 2**20:.1f}", max=MAX_REGISTRY_MB)  # fmt: skip
        raw = path.read_bytes()
    except FileNotFoundError:
        raise RegistryError(key="registry.missing", registry=str(path)) from None
    except IsADirectoryError:
        raise RegistryError(key="registry.folder", registry=str(path)) from None
    except OSError as exc:
        raise RegistryError(key="registry.unreadable", registry=str(path),
                            reason=exc.strerror) from exc  # fmt: skip
    if raw.startswith(_ZIP) and b"xl/workbook.xml" in raw:
        return read_xlsx(raw, path)
    text = decode(raw, path)
    if csv.field_size_limit() < MAX_REGISTRY_MB * 2**20:  # the module's limit is global
        csv.field_size_limit(MAX_REGISTRY_MB * 2**20)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter(text))
    try:
        return [list(row) for row in reader]
    except csv.Error as exc:
        raise RegistryError(
            f"Registry {path} cannot be read as CSV at line {reader.line_num} ({exc}): "
            "export the Google Forms response sheet again (File > Download > CSV)."
        ) from exc


def read_xlsx(raw: bytes, path: Path) -> list[list[str]]:
    """The first sheet of an Excel workbook as rows of text (module doc)."""
    import openpyxl  # loaded only for an Excel registry

    try:
        book = openpyxl.load_workbook(io.BytesIO(raw), data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
        raise RegistryError(key="registry.xlsx_unreadable", registry=str(path),
                            reason=type(exc).__name__) from exc  # fmt: skip
    sheet = book.worksheets[0]
    rows = [[_xlsx_text(cell) for cell in row] for row in sheet.iter_rows()]
    log.info("registry %s: sheet %r of %d, %d row(s)", path, sheet.title, len(book.worksheets),
             len(rows))  # fmt: skip
    return rows


def _xlsx_text(cell: object) -> str:
    from datetime import date, datetime, time

    value = getattr(cell, "value", None)
    link = getattr(getattr(cell, "hyperlink", None), "target", None)
    if value is None:
        text = ""
    elif isinstance(value, datetime):
        text = value.strftime("%Y-%m-%d %H:%M:%S")
    elif isinstance(value, date):
        text = value.strftime("%Y-%m-%d")
    elif isinstance(value, time):
        text = value.strftime("%H:%M:%S")
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    else:
        text = str(value)
    if link and "://" not in text:
        return str(link)  # a hyperlinked word ("Video") reads as the link it holds
    return text


def decode(raw: bytes, path: Path) -> str:
    """The registry's text, its encoding found by BOM and content (module doc)."""
    kind = next((k for magic, k in _BINARY_MAGIC.items() if raw.startswith(magic)), None)
    if kind is None:
        text = _decode_text(raw, path)
        sample = text[:4096]
        if sample and len(CONTROL.findall(sample)) > len(sample) // 10:
            kind = ("data biner", "binary data")
        else:
            return text
    raise RegistryError(key="registry.not_text", registry=str(path), kind_id=kind[0],
                        kind_en=kind[1])  # fmt: skip


def _decode_text(raw: bytes, path: Path) -> str:
    encoding = next((enc for bom, enc in _BOMS if raw.startswith(bom)), None)
    if encoding is None:
        encoding = _utf16_without_bom(raw[:4096])
    if encoding is not None:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError as exc:
            raise RegistryError(key="registry.bad_encoding", registry=str(path),
                                encoding=encoding.upper(), at=exc.start) from exc  # fmt: skip
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        log.warning("registry %s is not UTF-8; read as Windows-1252", path)
        return raw.decode("cp1252", "replace")


def _utf16_without_bom(sample: bytes) -> str | None:
    """UTF-16 LE/BE when NULs fill every other byte of the sample (ASCII text)."""
    pairs = len(sample) // 2
    if pairs < 8:
        return None
    high_le = sum(1 for i in range(1, 2 * pairs, 2) if sample[i] == 0)
    high_be = sum(1 for i in range(0, 2 * pairs, 2) if sample[i] == 0)
    if high_le > 0.7 * pairs and high_be < 0.1 * pairs:
        return "utf-16-le"
    if high_be > 0.7 * pairs and high_le < 0.1 * pairs:
        return "utf-16-be"
    return None


def delimiter(text: str) -> str:
    """The field delimiter (module doc); ``,`` for a text with no header line."""
    lines = [ln for ln in text.splitlines() if ln.strip()]
    header = lines[0] if lines else ""
    if not header:
        return ","
    sample = "\n".join(lines[:SAMPLE_LINES])
    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        sniffed = ""
    if sniffed and sniffed in header:
        return sniffed
    return max(DELIMITERS, key=header.count)


_EXPORT_ID = "ekspor lembar jawaban Google Forms sebagai CSV (File > Download > CSV)"
_EXPORT_EN = "export the Google Forms response sheet as CSV (File > Download > CSV)"
i18n.register(
    {
        "registry.too_big": {
            "id": f"Registri {{registry}} berukuran {{mb}} MB, melebihi {{max}} MB yang wajar "
            "untuk registri (ratusan baris hanya ratusan KB): ini bukan ekspor jawaban; "
            f"{_EXPORT_ID} lalu beri berkas itu.",
            "en": f"Registry {{registry}} is {{mb}} MB, over the {{max}} MB a registry can be "
            "(a few hundred rows are a few hundred KB): it is not the response export; "
            f"{_EXPORT_EN} and pass that file.",
        },
        "registry.missing": {
            "id": f"Registri {{registry}} tidak ada: beri --registry dengan berkas CSV atau "
            f".xlsx jawaban formulir ({_EXPORT_ID}).",
            "en": f"Registry {{registry}} does not exist: pass --registry with the form's "
            f"responses as a CSV or .xlsx file ({_EXPORT_EN}).",
        },
        "registry.folder": {
            "id": "Registri {registry} adalah folder: beri berkas CSV atau .xlsx di dalamnya "
            "(--registry FOLDER/BERKAS.csv).",
            "en": "Registry {registry} is a folder: pass the CSV or .xlsx file in it "
            "(--registry FOLDER/FILE.csv).",
        },
        "registry.unreadable": {
            "id": "Registri {registry} tidak dapat dibaca ({reason}): beri pengguna yang "
            "menjalankan kipp izin baca, atau salin ke folder pengguna itu.",
            "en": "Registry {registry} cannot be read ({reason}): give the user running kipp "
            "read access to it, or copy it to a folder of that user.",
        },
        "registry.not_text": {
            "id": "Registri {registry} bukan berkas CSV atau .xlsx (isinya {kind_id}): di "
            "Excel atau Sheets pakai File > Save as / Download > CSV atau .xlsx.",
            "en": "Registry {registry} is not a CSV or .xlsx file (it holds {kind_en}): in "
            "Excel or Sheets use File > Save as / Download > CSV or .xlsx.",
        },
        "registry.bad_encoding": {
            "id": "Registri {registry} tampak sebagai teks {encoding} tetapi bita ke-{at} tidak "
            "dapat dibaca: ekspor lagi sebagai CSV UTF-8 (File > Download > CSV).",
            "en": "Registry {registry} starts like {encoding} text but byte {at} does not "
            "decode: export it again as CSV UTF-8 (File > Download > CSV).",
        },
        "registry.xlsx_unreadable": {
            "id": "Registri {registry} tampak sebagai berkas Excel tetapi tidak dapat dibuka "
            "({reason}): simpan lagi dari Excel (.xlsx) atau ekspor sebagai CSV.",
            "en": "Registry {registry} looks like an Excel file but cannot be opened "
            "({reason}): save it again from Excel (.xlsx) or export it as CSV.",
        },
    }
)
