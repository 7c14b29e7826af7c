"""Reading a registry file: bytes -> text -> rows, whatever program exported it.

    rows = read_registry_file(path)        # list[list[str]]

- Size: a file over ``MAX_REGISTRY_MB`` is refused before it is read (a registry of a
  few hundred agencies is a few hundred KB; 50 MB is a video or an archive).
- Binary: a ZIP (.xlsx), an OLE2 (.xls) or a PDF, or a text mostly made of control
  characters, is refused with the export steps.
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

from pipeline.errors import RegistryError

log = logging.getLogger(__name__)

MAX_REGISTRY_MB = 50
SAMPLE_LINES = 50
DELIMITERS = ",;\t|"
_BINARY_MAGIC = {b"PK\x03\x04": "an .xlsx", b"\xd0\xcf\x11\xe0": "an .xls", b"%PDF": "a PDF"}
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
            raise RegistryError(
                f"Registry {path} is {size / 2**20:.1f} MB, over the {MAX_REGISTRY_MB} MB a "
                "registry can be (a few hundred rows are a few hundred KB): it is not the "
                "response export. Download the Google Forms response sheet as CSV (File > "
                "Download > CSV) and pass that file."
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise RegistryError(
            f"Registry {path} does not exist: pass --registry with the CSV exported from the "
            "Google Forms response sheet (File > Download > CSV)."
        ) from None
    except IsADirectoryError:
        raise RegistryError(
            f"Registry {path} is a folder: pass the CSV file in it that was exported from the "
            "Google Forms response sheet (--registry FOLDER/FILE.csv)."
        ) from None
    except OSError as exc:
        raise RegistryError(
            f"Registry {path} cannot be read ({exc.strerror}): give the user running kipp "
            "read access to it, or copy it to a folder of that user."
        ) from exc
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


def decode(raw: bytes, path: Path) -> str:
    """The registry's text, its encoding found by BOM and content (module doc)."""
    kind = next((k for magic, k in _BINARY_MAGIC.items() if raw.startswith(magic)), None)
    if kind is None:
        text = _decode_text(raw, path)
        sample = text[:4096]
        if sample and len(CONTROL.findall(sample)) > len(sample) // 10:
            kind = "binary data"
        else:
            return text
    raise RegistryError(
        f"Registry {path} is not a CSV text file (it holds {kind}): in Excel or Sheets "
        "use File > Save as / Download > CSV."
    )


def _decode_text(raw: bytes, path: Path) -> str:
    encoding = next((enc for bom, enc in _BOMS if raw.startswith(bom)), None)
    if encoding is None:
        encoding = _utf16_without_bom(raw[:4096])
    if encoding is not None:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError as exc:
            raise RegistryError(
                f"Registry {path} starts like {encoding.upper()} text but byte {exc.start} "
                "does not decode: export it again as CSV UTF-8 (File > Download > CSV)."
            ) from exc
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
