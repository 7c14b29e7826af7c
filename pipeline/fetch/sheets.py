"""A Google Sheet as the submission registry (the Google Forms response sheet).

    read_rows("https://docs.google.com/spreadsheets/d/ID/edit#gid=0", client)
        -> [["Timestamp", "Nama Instansi", ...], ["31/05/2024 10:00:00", ...], ...]

Sheets API v4 ``spreadsheets.values.get`` on the first sheet (a range without a
sheet name), through the Drive client's credentials and endpoint.  Rows come back
as strings, padded to the header's width.
"""

from __future__ import annotations

import logging

from pipeline import i18n
from pipeline.errors import EntryError, RegistryError
from pipeline.fetch.drive_client import DriveClient
from pipeline.fetch.links import parse

log = logging.getLogger(__name__)

FIRST_SHEET_RANGE = "A1:ZZ"


def sheet_id(url: str) -> str | None:
    link = parse(url)
    if link.kind == "docs" and "/spreadsheets/" in link.url:
        return link.file_id
    return None


def read_rows(url: str, client: DriveClient | None) -> list[list[str]]:
    """Header and data rows of the first sheet of the Google Sheet at ``url``."""
    spreadsheet = sheet_id(url)
    if spreadsheet is None:
        raise RegistryError(key="sheets.not_sheet", url=url)
    if client is None:
        raise RegistryError(key="sheets.no_access", url=url)
    request = (
        client.sheets.spreadsheets()
        .values()
        .get(
            spreadsheetId=spreadsheet,
            range=FIRST_SHEET_RANGE,
            valueRenderOption="FORMATTED_VALUE",
            majorDimension="ROWS",
        )
    )
    try:
        body = client.execute(request, file_id=spreadsheet, link=url)
    except EntryError as exc:
        raise RegistryError(key="sheets.unreadable", url=url, why=exc) from exc
    rows = [[str(cell) for cell in row] for row in body.get("values", [])]
    if not rows:
        raise RegistryError(key="sheets.empty", url=url)
    width = len(rows[0])
    log.info("read %d row(s) from the Sheet %s", len(rows) - 1, spreadsheet)
    return [row + [""] * (width - len(row)) for row in rows]


i18n.register(
    {
        "sheets.not_sheet": {
            "id": "{url} bukan link Google Sheets: beri link seperti "
            "https://docs.google.com/spreadsheets/d/ID/edit, atau berkas CSV/.xlsx.",
            "en": "{url} is not a Google Sheets link: pass a link like "
            "https://docs.google.com/spreadsheets/d/ID/edit, or a CSV/.xlsx file.",
        },
        "sheets.no_access": {
            "id": "Registri {url} adalah Google Sheet tetapi kipp tidak punya kredensial "
            "Google: beri --credentials KUNCI.json (bagikan Sheet ke service account itu) atau "
            "ekspor Sheet sebagai CSV (File > Download > CSV) lalu beri berkas itu.",
            "en": "The registry {url} is a Google Sheet but kipp has no Google credentials: "
            "pass --credentials KEY.json (share the Sheet with that service account) or "
            "export the Sheet as CSV (File > Download > CSV) and pass that file.",
        },
        "sheets.unreadable": {
            "id": "Sheet registri {url} tidak dapat dibaca: {why} Bagikan Sheet ke service "
            "account kipp (atau ke siapa saja yang memiliki link) atau ekspor sebagai CSV.",
            "en": "The registry Sheet {url} cannot be read: {why} Share the Sheet with kipp's "
            "service account (or as anyone with the link) or export it as CSV.",
        },
        "sheets.empty": {
            "id": "Sheet registri {url} kosong: lembar pertamanya tidak berisi baris.",
            "en": "The registry Sheet {url} is empty: its first sheet has no rows.",
        },
    },
    terminal=True,
)
