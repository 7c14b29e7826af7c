"""What the runner passes between its stages: the run's outside world (Env), one
entry on its way (Work) and what comes out (Outcome)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any, Literal

from pydantic import TypeAdapter

from pipeline import i18n
from pipeline.config import Config
from pipeline.errors import EntryError
from pipeline.models import Analysis, Entry, Fetched, ProbeResult, Report, Section, Transcript
from pipeline.report.repair import repair_reports
from pipeline.runner.results import StageResult
from pipeline.store import Store

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
StageName = Literal["fetch", "analysis", "judge"]  # the runner's stages, in order
# what run_batch tells ``on_event`` (progress display) as an entry enters and leaves a stage
EventKind = Literal[
    "fetch:start", "fetch:done", "analysis:start", "analysis:done", "judge:start", "judge:done"
]
EventSink = Callable[[EventKind, "Work"], None]
# live progress of a running stage: (entry, stage, value); analysis: the share of the
# duration decoded (0.0-1.0); fetch: the bytes downloaded so far
ProgressSink = Callable[[Entry, StageName, float], None]
_SECTIONS: TypeAdapter[tuple[Section, ...] | None] = TypeAdapter(tuple[Section, ...] | None)


class InternalError(EntryError):
    outcome = "error"


@dataclass(frozen=True)
class Env:
    """The outside world of one run.  ``lang`` is the language reports are stored and
    written in (the competition's); ``view_lang`` is the officer's way of reading this
    run (``--lang``): the outcome then also carries the report in it (``Outcome.view``),
    never stored, so a language is never a new report version."""

    config: Config
    out: Path
    lang: str
    cache_dir: Path
    store: Store = field(default_factory=Store.memory)  # a throwaway one for library use
    drive: Any = None
    youtube: Any = None  # a YouTubeClient (kipp --credentials); None: from the environment
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    find_sections: SectionFinder | None = None  # None: pipeline.content when installed
    run_id: int | None = None
    progress: ProgressSink | None = None  # live progress (the CLI's display), None: none
    view_lang: str | None = None  # the officer's reading language, when not ``lang``

    def __post_init__(self) -> None:
        # a throwaway store (library use) opens the work folder too: it learns the
        # versions already in OUT's history files, so numbering continues after them
        if self.store.path == Path(":memory:") and not self.store.top_versions():
            repair_reports(self.out, self.store)

    @property
    def workdir(self) -> Path:
        return self.cache_dir / "work"


@dataclass(frozen=True)
class Work:
    """One entry on its way through the stages: each stage returns a new Work with its
    StageResult (or the entry's error) added; nothing is changed in place."""

    index: int
    entry: Entry
    force: bool = False
    fetch: StageResult[Fetched] | None = None
    probe: StageResult[ProbeResult] | None = None
    analysis: StageResult[Analysis] | None = None
    speech: StageResult[Transcript] | None = None
    content: StageResult[tuple[Section, ...] | None] | None = None
    error: EntryError | None = None
    failed: StageResult[None] | None = None  # the stage that raised ``error``: its cost
    downloaded: int = 0  # bytes this run downloaded for the entry

    @property
    def fetched(self) -> Fetched | None:
        return self.fetch.value if self.fetch else None

    @property
    def probed(self) -> ProbeResult | None:
        return self.probe.value if self.probe else None

    @property
    def analysed(self) -> Analysis | None:
        return self.analysis.value if self.analysis else None

    @property
    def sections(self) -> tuple[Section, ...] | None:
        return self.content.value if self.content else None

    @property
    def transcript(self) -> Transcript | None:
        return self.speech.value if self.speech else None

    @property
    def results(self) -> tuple[StageResult[Any], ...]:
        found = (self.fetch, self.probe, self.analysis, self.speech, self.content, self.failed)
        return tuple(r for r in found if r)

    @property
    def keys(self) -> dict[str, str]:
        """Stage name -> key of the result this entry's report is judged from."""
        return {r.stage: r.key for r in self.results}

    @property
    def seconds(self) -> dict[str, float]:
        """Stages computed in this run (not reused) -> their seconds."""
        return {r.stage: r.seconds for r in self.results if not r.reused}

    @property
    def reused(self) -> tuple[str, ...]:
        return tuple(r.stage for r in self.results if r.reused)


class OutcomeStatus(StrEnum):
    """What judging an entry added to its history (the run log's ``outcome``)."""

    NEW = "new"  # its first report version
    UPDATED = "updated"  # a new version (the report changed, or the run was forced)
    UNCHANGED = "unchanged"  # the same as the latest version: no new version written


@dataclass(frozen=True)
class Outcome:
    entry: Entry
    report: Report
    report_path: Path
    media: Path | None
    status: OutcomeStatus = OutcomeStatus.UPDATED
    seconds: dict[str, float] = field(default_factory=dict)
    reused: tuple[str, ...] = ()
    downloaded: int = 0
    view: Report | None = None  # the report in the officer's reading language (Env.view_lang)

    @property
    def shown(self) -> Report:
        """The report as the officer reads it: ``view`` when one was made, else ``report``."""
        return self.view or self.report
