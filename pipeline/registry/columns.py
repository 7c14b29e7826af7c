"""Which registry column holds what: header names matched forgivingly.

    match_columns(header, config, source) -> ColumnMap

A header is compared by its **key** (``header_key``): case, accents, punctuation and
spaces folded, a bracketed note dropped ("Link Video (Google Drive)", "Nama Instansi
[wajib]"), a trailing ``*`` or ``:`` dropped.  Each role (timestamp, agency, title,
innovation type, link, e-mail, phone, a declared section time) is matched, best first:

1. the config's own names for it (``[registry.columns]``), in its order;
2. kipp's built-in names in Bahasa Indonesia and English (``SYNONYMS``);
3. a built-in name of two words or more inside a longer header ("Nomor WhatsApp
   Narahubung" holds "nomor whatsapp").

A role takes every column matched at its best level: the same question twice (deleted
and re-added in Google Forms, or the same header with another case or trailing spaces)
is **merged per row**: a row's value is the first non-empty one (``ColumnMap.repeated``
names them for a warning).  Columns are found by header, never by position, so a
reordered export reads the same.  A column no role took whose header looks like a
phone or e-mail contact is named too (``unused_contacts``): kipp would otherwise drop
the numbers the notices' ``wa.me`` links need.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from pipeline import i18n
from pipeline.config import Config
from pipeline.errors import RegistryError
from pipeline.text import fold

ROLES = ("timestamp", "agency", "title", "innovation_type", "link", "email", "phone")
REQUIRED = ("agency", "link")

# kipp's own names for each role (folded), beyond the config's: Google Forms, Sheets and
# Excel exports in Bahasa Indonesia and English
SYNONYMS: dict[str, tuple[str, ...]] = {
    "timestamp": ("timestamp", "stempel waktu", "cap waktu", "waktu", "tanggal",
                  "waktu pengisian", "tanggal pengisian", "tanggal kirim", "submitted at"),
    "agency": ("nama instansi", "instansi", "asal instansi", "nama opd", "opd",
               "perangkat daerah", "nama perangkat daerah", "unit kerja", "nama unit kerja",
               "satuan kerja", "skpd", "nama skpd", "agency", "agency name"),
    "title": ("judul inovasi", "nama inovasi", "judul", "innovation title", "title"),
    "innovation_type": ("jenis inovasi", "kategori inovasi", "kategori", "jenis",
                        "innovation type", "type of innovation"),
    "link": ("link video", "tautan video", "url video", "alamat video", "link video inovasi",
             "link google drive", "link drive", "link", "tautan", "url", "video",
             "video link", "video url"),
    "email": ("email", "e mail", "alamat email", "alamat e mail", "surel", "alamat surel",
              "email narahubung", "email address"),
    "phone": ("no whatsapp", "nomor whatsapp", "whatsapp", "no wa", "nomor wa", "wa",
              "no hp", "nomor hp", "hp", "no handphone", "nomor handphone", "no telepon",
              "nomor telepon", "telepon", "no telp", "telp", "nomor kontak", "kontak",
              "phone", "phone number"),
}  # fmt: skip
CONTACT_WORDS = frozenset(
    {"whatsapp", "wa", "hp", "handphone", "ponsel", "telepon", "telp", "phone", "email", "mail",
     "surel", "kontak", "narahubung", "cp"}
)  # fmt: skip

_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]")


class ColumnUse(BaseModel):
    """The columns one role reads: ``headers`` as the file writes them, ``positions``
    1-based, in the order a row's value is taken (the first non-empty)."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    role: str  # one of ROLES, or "declared:<section id>"
    headers: tuple[str, ...]
    positions: tuple[int, ...]


class ColumnMap(BaseModel):
    """What each column is used for (``uses``), the roles read from several columns
    (``repeated``) and the contact-like columns no role took (``unused_contacts``)."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    uses: tuple[ColumnUse, ...]
    unused_contacts: tuple[str, ...] = ()

    @property
    def repeated(self) -> tuple[ColumnUse, ...]:
        return tuple(u for u in self.uses if len(u.positions) > 1)

    def indexes(self) -> dict[str, tuple[int, ...]]:
        """role -> 0-based column indexes, in reading order."""
        return {u.role: tuple(p - 1 for p in u.positions) for u in self.uses}


def header_key(text: str) -> str:
    """A header as compared: folded, a bracketed note and a trailing ``*``/``:`` dropped
    ("Link Video (Google Drive) *" -> "link video")."""
    return fold(_BRACKETS.sub(" ", text).strip().rstrip("*:").strip())


def _contains(header: str, name: str) -> bool:
    """``name`` (two words or more) as whole words inside ``header``."""
    return len(name.split()) >= 2 and f" {name} " in f" {header} "


def _level(key: str, own: Sequence[str], builtin: Sequence[str]) -> int | None:
    """How well a header key matches a role: 0 the config's name, 1 a built-in name,
    2 a built-in name inside it; None: no match."""
    if key in own:
        return 0
    if key in builtin:
        return 1
    if any(_contains(key, name) for name in builtin):
        return 2
    return None


def _wanted(config: Config) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """role -> (the config's folded names, the built-in ones)."""
    names = config.registry.columns
    own = {role: tuple(header_key(n) for n in getattr(names, role)) for role in ROLES}
    wanted = {role: (own[role], SYNONYMS[role]) for role in ROLES}
    for section, options in names.declared.items():
        wanted[f"declared:{section}"] = (tuple(header_key(n) for n in options), ())
    return wanted


def match_columns(header: Sequence[str], config: Config, source: Path | str) -> ColumnMap:
    """Which column holds what (module doc).

    Raises:
        RegistryError: no column for the agency or the link (exit 2), naming the
            headers found and the names tried.
    """
    keys = [header_key(h) for h in header]
    taken: set[int] = set()
    uses: list[ColumnUse] = []
    for role, (own, builtin) in _wanted(config).items():
        levels = {i: lv for i, k in enumerate(keys) if k and i not in taken
                  if (lv := _level(k, own, builtin)) is not None}  # fmt: skip
        if not levels:
            continue
        best = min(levels.values())
        picked = [i for i, lv in levels.items() if lv == best]
        if best == 0:  # the config's order of names decides which is read first
            picked.sort(key=lambda i: (own.index(keys[i]), i))
        taken.update(picked)
        uses.append(
            ColumnUse(
                role=role,
                headers=tuple(header[i].strip() for i in picked),
                positions=tuple(i + 1 for i in picked),
            )
        )
    found = {u.role for u in uses}
    if missing := [r for r in REQUIRED if r not in found]:
        _missing(missing, header, config, source)
    unused = tuple(
        header[i].strip()
        for i, k in enumerate(keys)
        if i not in taken and CONTACT_WORDS & set(k.split())
    )
    return ColumnMap(uses=tuple(uses), unused_contacts=unused)


def _missing(missing: list[str], header: Sequence[str], config: Config, source: object) -> None:
    names = config.registry.columns
    tried = "; ".join(f"{r}: {' / '.join(getattr(names, r))}" for r in missing)
    shown = ", ".join(f"'{h.strip()}'" for h in header if h.strip())[:300] or "-"
    raise RegistryError(key="registry.no_header", registry=str(source), wanted=tried,
                        header=shown)  # fmt: skip


i18n.register(
    {
        "registry.no_header": {
            "id": "Registri {registry} tidak punya baris judul dengan kolom yang diperlukan "
            "({wanted}). Baris pertamanya: {header}. Ekspor lembar itu beserta baris "
            "judulnya, atau tulis nama kolom Anda di [registry.columns] pada konfigurasi.",
            "en": "Registry {registry} has no header row with the needed columns ({wanted}). "
            "Its first row is: {header}. Export the sheet with its header row, or map your "
            "column names under [registry.columns] in the config.",
        },
    }
)
