"""What the runner passes between its stages: the run's outside world (Env), one
entry on its way (Work) and what comes out (Outcome)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from pydantic import TypeAdapter

from pipeline import i18n
from pipeline.config import Config
from pipeline.errors import EntryError
from pipeline.models import Analysis, Entry, Fetched, ProbeResult, Report, Section, Transcript
from pipeline.store import Store

T = TypeVar("T")

i18n.register(
    {
        "runner.internal": {
            "id": "Galat internal kipp saat memeriksa entri ini ({kind}: {text}). Laporkan ke "
            "pengelola kipp beserta log, lalu jalankan 'kipp rerun' untuk entri ini.",
            "en": "Internal kipp error while checking this entry ({kind}: {text}). Report it "
            "to the kipp maintainers with the log, then run 'kipp rerun' for this entry.",
        }
    }
)

SectionFinder = Callable[..., tuple[Section, ...]]
EventSink = Callable[[str, "Work"], None]
_SECTIONS: TypeAdapter[tuple[Section, ...] | None] = TypeAdapter(tuple[Section, ...] | None)


class InternalError(EntryError):
    outcome = "error"


@dataclass(frozen=True)
class Env:
    """The outside world of one run."""

    config: Config
    out: Path
    lang: str
    cache_dir: Path
    store: Store = field(default_factory=Store.memory)  # a throwaway one for library use
    drive: Any = None
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    find_sections: SectionFinder | None = None  # None: pipeline.content when installed
    run_id: int | None = None

    @property
    def workdir(self) -> Path:
        return self.cache_dir / "work"


@dataclass
class Work:
    """One entry on its way through the stages (owned by one stage at a time)."""

    index: int
    entry: Entry
    force: bool = False
    fetched: Fetched | None = None
    probe: ProbeResult | None = None
    analysis: Analysis | None = None
    speech: Transcript | None = None
    sections: tuple[Section, ...] | None = None
    error: EntryError | None = None
    keys: dict[str, str] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)  # stages that ran, not reused
    reused: list[str] = field(default_factory=list)
    downloaded: int = 0


@dataclass(frozen=True)
class Outcome:
    entry: Entry
    report: Report
    report_path: Path
    media: Path | None
    status: str = "updated"  # new | updated | unchanged (no new version)
    seconds: dict[str, float] = field(default_factory=dict)
    reused: tuple[str, ...] = ()
    downloaded: int = 0
