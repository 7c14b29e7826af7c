"""The competition's rules as data: TOML files loaded into models.

    load_config(path) -> Config        find_config("kipp-minut-2024") -> Path

The shipped configs are package data (``pipeline/configs/*.toml``, installed with kipp;
``config/`` at the repo top links to them), found by name from anywhere:
``--config kipp-minut-2024``.  A bad file stops the command (ConfigError, exit 2) with
the file, the key and the fix, in the officer's language. Everything a later year or
another region changes lives here, not in code.
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
import tomllib
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from pipeline import i18n
from pipeline.errors import ConfigError
from pipeline.jury.rules import Judging, check_agencies

Severity = Literal["fail", "warn", "off"]
SourceKind = Literal["drive", "youtube", "dropbox", "onedrive", "url"]
SectionRole = Literal["agency", "innovation_type"]


class Conf(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Competition(Conf):
    id: str
    name: str
    organiser: str
    region: str = ""  # "Kabupaten Minahasa Utara": registry names are matched without it
    region_aliases: tuple[str, ...] = ()  # the region's short forms, e.g. "Minut"
    language: Literal["id", "en"] = "id"
    # "role: name" lines for the validation minutes' signature block, in configs without a
    # [judging] part; with one, the minutes sign from [[judging.jurors]] (one list)
    jury: tuple[str, ...] = ()


class Deadline(Conf):
    at: datetime  # naive local time, interpreted in `timezone`
    timezone: str = "Asia/Makassar"
    severity: Severity = "fail"

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(
                f"unknown timezone {value!r}; use an IANA name such as 'Asia/Makassar' (WITA)"
            ) from exc
        return value

    @property
    def aware(self) -> datetime:
        if self.at.tzinfo is not None:
            return self.at
        return self.at.replace(tzinfo=ZoneInfo(self.timezone))


class Milestone(Conf):
    date: str
    label: str


class DurationRule(Conf):
    min_s: float | None = None
    max_s: float | None = None

    @model_validator(mode="after")
    def _ordered(self) -> DurationRule:
        if self.min_s is not None and self.max_s is not None and self.min_s > self.max_s:
            raise ValueError(f"min_s ({self.min_s}) is greater than max_s ({self.max_s})")
        return self


class FormatRule(Conf):
    """Format rules, only where the competition's text sets one.  An empty list (the
    default) is no rule: any file ffmpeg decodes is accepted, and a container or codec
    the jury's browser cannot play is said with ``browser_severity`` (a warning;
    ``pipeline.media.playable`` holds what plays).  A list names what is allowed
    (ffprobe's names: ``mp4``, ``h264``, ``aac``...); anything else fails."""

    containers: tuple[str, ...] = ()
    video_codecs: tuple[str, ...] = ()
    audio_codecs: tuple[str, ...] = ()
    audio_required: bool = False  # no sound: a warning unless the rules require sound
    min_short_side: int | None = None  # 720 for "at least 720p"; None = no rule
    resolution_severity: Severity = "fail"
    vfr_severity: Severity = "off"
    browser_severity: Severity = "warn"  # no rule, and the browser cannot play it


class SubtitleRule(Conf):
    """National 2025: subtitles where a regional or foreign language is spoken.
    kipp cannot hear the language, so it can only ask for review."""

    expected: bool = False
    severity: Severity = "warn"
    # subtitle files read beside a video (a Drive folder, the local folder): how many,
    # how large each, how many cues each (a 2-minute video's SRT is ~5 KB, ~40 cues;
    # 300 files or one 53 MB file of a million cues took minutes and 1.26 GB)
    max_files: int = Field(5, ge=0)
    max_file_kb: float = Field(512.0, gt=0)
    max_cues: int = Field(5000, ge=1)


class SignalRule(Conf):
    severity: Severity = "warn"
    min_s: float = 2.0  # a segment shorter than this is ignored
    max_total_s: float = 10.0  # more than this in total triggers the severity


class Signals(Conf):
    black: SignalRule = SignalRule()
    frozen: SignalRule = SignalRule()
    silent: SignalRule = SignalRule(max_total_s=20.0)
    loudness_min_lufs: float | None = None
    loudness_severity: Severity = "off"


class Section(Conf):
    id: str
    label: str
    label_en: str = ""
    description: str = ""
    keywords: tuple[str, ...] = ()
    required: bool = True
    # what the content stage matches beyond the keywords: "agency" (the entry's own agency
    # names) or "innovation_type" (config innovation_types; the type seen is reported)
    role: SectionRole | None = None

    @field_validator("id")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not value or not all(c.isalnum() or c == "_" for c in value):
            raise ValueError(f"section id {value!r} must be letters, digits and _ only")
        return value


class Agency(Conf):
    name: str
    aliases: tuple[str, ...] = ()
    kind: str = ""


class RegistryColumns(Conf):
    timestamp: tuple[str, ...] = ("Timestamp", "Stempel waktu", "Cap waktu")
    agency: tuple[str, ...] = ("Nama Instansi",)
    title: tuple[str, ...] = ("Judul Inovasi",)
    innovation_type: tuple[str, ...] = ("Jenis Inovasi",)
    link: tuple[str, ...] = ("Link Video",)
    # optional contacts for the notices (pesan.txt, wa.me links)
    email: tuple[str, ...] = ("Email", "E-mail", "Alamat Email", "Alamat E-mail")
    phone: tuple[str, ...] = ("No. WhatsApp", "Nomor WhatsApp", "WhatsApp", "No. HP", "Nomor HP",
                              "No HP", "Telepon", "No. Telepon")  # fmt: skip
    # optional "where does section X start" columns: section id -> header names
    declared: dict[str, tuple[str, ...]] = Field(default_factory=dict)


class Registry(Conf):
    columns: RegistryColumns = RegistryColumns()
    timestamp_formats: tuple[str, ...] = (
        "%d/%m/%Y %H:%M:%S",
        "%d/%m/%Y %H.%M.%S",
        "%d/%m/%Y %H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
        "%m/%d/%Y %H:%M:%S",
    )
    # the export's locale (Google Sheets: File > Settings > Locale): decides day/month
    # order when no timestamp in the column has a day above 12
    locale: str = "id_ID"

    @field_validator("locale")
    @classmethod
    def _known_locale(cls, value: str) -> str:
        from babel import Locale, UnknownLocaleError  # loaded only when a config is read

        try:
            Locale.parse(value)
        except (UnknownLocaleError, ValueError, TypeError) as exc:
            raise ValueError(f"unknown locale {value!r}: use e.g. id_ID or en_US") from exc
        return value


class Fetch(Conf):
    """How kipp fetches an agency's file (README "Keamanan" lists them with their use)."""

    max_size_mb: float = Field(2048.0, gt=0)
    timeout_s: float = Field(60.0, gt=0)  # one socket read or connect
    # a whole download (every retry included) and its least rate over rate_window_s:
    # a server trickling a byte a second is stopped, not waited on forever
    deadline_s: float = Field(3600.0, gt=0)
    min_rate_kbps: float = Field(16.0, ge=0)  # KiB/s; 0: no minimum
    rate_window_s: float = Field(120.0, gt=0)
    # addresses (or networks, "10.20.0.0/16") kipp may connect to although they are not
    # public: loopback, private and link-local addresses are refused otherwise, for the
    # link and every redirect (the local stand-ins of tests and the demo: "127.0.0.1")
    allow_addresses: tuple[str, ...] = ()
    # folders besides the registry's own that local links may point into (relative to
    # this config file's folder); anything else is refused without being opened
    local_folders: tuple[Path, ...] = ()

    @field_validator("allow_addresses")
    @classmethod
    def _networks(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for item in value:
            try:
                ipaddress.ip_network(item, strict=False)
            except ValueError as exc:
                raise ValueError(
                    f"{item!r} is not an IP address or network (e.g. 127.0.0.1, 10.20.0.0/16)"
                ) from exc
        return value


class Sources(Conf):
    """Where an entry's video may be stored (the competition's rule): ``drive`` (Google
    Drive), ``youtube``, ``dropbox``, ``onedrive`` (OneDrive and SharePoint) and ``url``
    (any other https address).  A local path in the registry is always allowed: it is
    the officer's own copy.  KIPP 2024 North Minahasa: Drive only; national KIPP 2025:
    "cloud storage or YouTube"."""

    allowed: tuple[SourceKind, ...] = ("drive",)
    # links of one registry cell kipp reads (a Forms upload answer holds two or three);
    # the rest are named in the report, not asked for (2,000 links were 2,002 requests)
    max_links_per_cell: int = Field(10, ge=1)

    @field_validator("allowed")
    @classmethod
    def _some(cls, value: tuple[SourceKind, ...]) -> tuple[SourceKind, ...]:
        if not value:
            raise ValueError("list at least one of drive, youtube, dropbox, onedrive, url")
        repeated = sorted({v for v in value if value.count(v) > 1})
        if repeated:
            raise ValueError(f"sources repeat: {', '.join(repeated)}")
        return value


class Tools(Conf):
    probe_timeout_s: float = 30.0
    decode_timeout_s: float = 600.0


class Notices(Conf):
    """The notice for each agency whose entry did not pass (OUT/<folder>/pesan.txt).
    ``after_deadline`` is what the committee decided for entries still not valid once
    the deadline passed; ``{deadline}`` is replaced by the deadline in words."""

    after_deadline: str = (
        "Batas waktu pengiriman ({deadline}) sudah lewat; panitia akan menyampaikan "
        "keputusan tentang video ini."
    )
    after_deadline_en: str = (
        "The deadline ({deadline}) has passed; the committee will let you know its decision "
        "on this video."
    )
    sender: str = ""  # the signature; default: the organiser


SPEECH_MODELS = (
    "tiny", "tiny.en", "base", "base.en", "small", "small.en", "distil-small.en", "medium",
    "medium.en", "distil-medium.en", "large-v1", "large-v2", "large-v3", "large",
    "distil-large-v2", "distil-large-v3", "large-v3-turbo", "turbo",
)  # fmt: skip  # faster-whisper's own model names (faster_whisper.available_models())


class Speech(Conf):
    """Speech evidence (optional extra ``kipp[speech]``); $KIPP_SPEECH_MODEL overrides
    ``model``.  See pipeline/content/speech_model.py for where each kind is loaded from."""

    model: str = "base"  # "off" | a faster-whisper name | a hub repo "org/name" | a folder

    @field_validator("model")
    @classmethod
    def _known_model(cls, value: str) -> str:
        value = value.strip()
        looks_like_path = value.startswith((".", "/", "~")) or value.count("/") > 1
        repo = value.count("/") == 1 and all(value.split("/"))
        if value == "off" or value in SPEECH_MODELS or looks_like_path or repo:
            return value
        raise ValueError(
            f"unknown speech model {value!r}: use 'base' (bundled), 'small' (better, needs the "
            "model hub once), another faster-whisper name, a model folder, or 'off'"
        )


class Duplicates(Conf):
    """The same video twice (``pipeline.duplicates``): figures from Meta's vPDQ
    (distance 31 of 256 bits, share 80 %), AcoustID-style sound alignment, and the
    registry's titles.  A match is a ``warn`` until an officer decides; ``identical``
    may make byte-identical files (same md5) a ``fail``."""

    enabled: bool = True
    distance: int = Field(31, ge=0, le=31)  # PDQ bits within which two frames are the same
    share: float = Field(0.8, gt=0, le=1)  # of one video's distinct frames found in the other
    segment_s: float = Field(20.0, gt=0)  # or a shared stretch this long ...
    segment_frames: int = Field(5, ge=1)  # ... holding this many distinct frames
    sound_share: float = Field(0.8, gt=0, le=1)  # of one video's sound heard in the other
    sound_segment_s: float = Field(15.0, gt=0)  # or a shared stretch of sound this long
    title_similarity: float = Field(90.0, ge=0, le=100)  # rapidfuzz token_sort_ratio, 0-100
    identical: Literal["warn", "fail"] = "warn"
    # other work folders (earlier rounds; relative to this config file's folder), read only
    earlier: tuple[Path, ...] = ()


class Config(Conf):
    competition: Competition
    deadline: Deadline
    timeline: tuple[Milestone, ...] = ()
    duration: DurationRule = DurationRule()
    format: FormatRule = FormatRule()
    subtitles: SubtitleRule = SubtitleRule()
    signals: Signals = Signals()
    sections: tuple[Section, ...] = ()
    innovation_types: tuple[str, ...] = ()
    agencies: tuple[Agency, ...] = ()
    registry: Registry = Registry()
    fetch: Fetch = Fetch()
    sources: Sources = Sources()
    tools: Tools = Tools()
    notices: Notices = Notices()
    speech: Speech = Speech()
    duplicates: Duplicates = Duplicates()
    judging: Judging | None = None  # the jury's rules (pipeline.jury.rules); None: no jury yet
    source_path: Path | None = None
    # sha256 of the validation rules (the file without [judging]): decides when stored
    # results are stale, so confirming a juror's name decodes nothing again
    digest: str = ""

    @model_validator(mode="after")
    def _unique_sections(self) -> Config:
        ids = [s.id for s in self.sections]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"section ids repeat: {', '.join(dupes)}")
        roles = [s.role for s in self.sections if s.role]
        if twice := sorted({r for r in roles if roles.count(r) > 1}):
            raise ValueError(f"section role given to more than one section: {', '.join(twice)}")
        if self.judging is not None:
            check_agencies(self.judging, {a.name: a.aliases for a in self.agencies})
            if self.competition.jury:
                raise ValueError(
                    "competition.jury repeats [[judging.jurors]]: remove competition.jury "
                    "(every berita acara signs from [[judging.jurors]])"
                )
        return self

    def section(self, section_id: str) -> Section | None:
        return next((s for s in self.sections if s.id == section_id), None)

    def section_with_role(self, role: SectionRole) -> Section | None:
        """The checklist section playing ``role`` (``[[sections]] role = ...``), if any."""
        return next((s for s in self.sections if s.role == role), None)


SHIPPED = "configs"  # the package folder of the shipped configs


def shipped_configs() -> dict[str, Path]:
    """The configs installed with kipp: name (``kipp-minut-2024``) -> file."""
    folder = Path(str(resources.files("pipeline").joinpath(SHIPPED)))
    return {p.stem: p for p in sorted(folder.glob("*.toml"))}


def find_config(value: str | Path) -> Path:
    """``--config`` as given: a file that exists, or the name of a shipped config
    (``kipp-minut-2024`` or ``kipp-minut-2024.toml``, from any folder); else the path as
    given (``load_config`` then names the shipped ones)."""
    path = Path(value)
    if path.exists() or len(path.parts) > 1:
        return path
    return shipped_configs().get(path.name.removesuffix(".toml"), path)


def load_config(path: Path | str) -> Config:
    """Read and validate one competition config file (a path, or a shipped config's
    name: ``find_config``).  Raises ConfigError (exit 2) naming the file and the fix."""
    path = find_config(path)
    shipped = shipped_configs()
    names = ", ".join(shipped)
    where = str(next(iter(shipped.values())).parent) if shipped else "?"
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(key="config.missing", path=str(path), names=names, where=where,
                          example=next(iter(shipped), "kipp-minut-2024")) from None  # fmt: skip
    except IsADirectoryError:
        raise ConfigError(key="config.folder", path=str(path), names=names) from None
    except OSError as exc:
        raise ConfigError(key="config.unreadable", path=str(path), reason=exc.strerror) from exc
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(key="config.not_toml", path=str(path), reason=str(exc)) from exc
    for key in ("source_path", "digest"):
        if key in data:
            raise ConfigError(key="config.kipp_key", path=str(path), name=key)
    try:
        return Config.model_validate({**data, "source_path": path, "digest": _digest(raw, data)})
    except ValidationError as exc:
        raise ConfigError(key="config.invalid", path=str(path), n=exc.error_count(),
                          problems=_explain(exc)) from exc  # fmt: skip


def _digest(raw: bytes, data: dict[str, object]) -> str:
    """sha256 of the file's bytes; for a file with a ``[judging]`` part, of the rest of its
    data (canonical JSON), so the jury's rules never make validation results stale."""
    if "judging" not in data:
        return hashlib.sha256(raw).hexdigest()
    rest = {k: v for k, v in data.items() if k != "judging"}
    text = json.dumps(rest, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _explain(exc: ValidationError) -> str:
    """pydantic's problems, one line each: the key and its fix (in English: the keys and
    values are the TOML file's own)."""
    lines = []
    for err in exc.errors():
        key = ".".join(str(p) for p in err["loc"]) or "(top level)"
        kind = err["type"]
        if kind == "extra_forbidden":
            fix = "unknown key: remove it or check its spelling against README 'Configuration'"
        elif kind == "missing":
            fix = "required key is missing: add it"
        else:
            fix = err["msg"].removeprefix("Value error, ")
            if "input" in err and not isinstance(err["input"], dict):
                fix += f" (got {err['input']!r})"
        lines.append(f"  - {key}: {fix}")
    return "\n".join(lines)


i18n.register(
    {
        "config.missing": {
            "id": "Berkas konfigurasi {path} tidak ada. Konfigurasi bawaan kipp: {names} "
            "(di {where}); beri --config dengan namanya (mis. --config {example}) atau "
            "dengan jalur berkas TOML Anda sendiri.",
            "en": "Config file {path} does not exist. kipp's shipped configs: {names} (in "
            "{where}); pass --config with a name (e.g. --config {example}) or the path of "
            "your own TOML file.",
        },
        "config.folder": {
            "id": "Berkas konfigurasi {path} adalah folder: beri --config dengan salah satu "
            "berkas TOML di dalamnya, atau nama konfigurasi bawaan ({names}).",
            "en": "Config file {path} is a folder: pass one of the TOML files in it with "
            "--config, or the name of a shipped config ({names}).",
        },
        "config.unreadable": {
            "id": "Berkas konfigurasi {path} tidak dapat dibaca ({reason}): beri pengguna yang "
            "menjalankan kipp izin baca.",
            "en": "Config file {path} cannot be read ({reason}): give the user running kipp "
            "read access to it.",
        },
        "config.not_toml": {
            "id": "Berkas konfigurasi {path} bukan TOML yang sah: {reason}. Perbaiki penulisannya.",
            "en": "Config file {path} is not valid TOML: {reason}. Fix the syntax.",
        },
        "config.kipp_key": {
            "id": "Berkas konfigurasi {path}: kunci '{name}' diisi oleh kipp; hapus kunci itu.",
            "en": "Config file {path}: key '{name}' is set by kipp; remove it.",
        },
        "config.invalid": {
            "id": "Berkas konfigurasi {path} punya {n} masalah:\n{problems}",
            "en": "Config file {path} has {n} problem(s):\n{problems}",
        },
    }
)
