"""What the judge knows about one entry, and the helper that makes a Check."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pipeline import i18n
from pipeline.config import Config, Severity
from pipeline.errors import EntryError, SourceRejected
from pipeline.models import (
    Analysis,
    Check,
    CheckStatus,
    DuplicateMatch,
    Entry,
    Fetched,
    ProbeResult,
    Section,
    SourceFacts,
)


@dataclass(frozen=True)
class Facts:
    entry: Entry
    config: Config
    lang: str
    fetched: Fetched | None = None
    probe: ProbeResult | None = None
    analysis: Analysis | None = None
    sections: tuple[Section, ...] | None = None  # None: content stage did not run
    error: EntryError | None = None  # what stopped the entry, if anything
    duplicates: tuple[DuplicateMatch, ...] = ()  # the round's matches (pipeline.duplicates)

    @property
    def source(self) -> SourceFacts | None:
        """What the source said about the video: the fetched file's facts, or, for an
        entry its source's own facts already decided (``SourceRejected``: nothing was
        downloaded), the facts the error carries.  The rules that need only these
        (``fetch.access``, ``deadline.modified_after``) are judged on them."""
        if self.fetched is not None:
            return self.fetched.source
        if isinstance(self.error, SourceRejected):
            return self.error.source_facts
        return None

    def say(self, key: str, **params: Any) -> str:
        return i18n.message(key, self.lang, **params)

    def check(
        self,
        check_id: str,
        status: CheckStatus,
        key: str,
        *,
        value: Any = None,
        expected: Any = None,
        **params: Any,
    ) -> Check:
        return Check(
            id=check_id,
            status=status,
            message=self.say(key, **params),
            value=value,
            expected=expected,
            key=key,
        )

    def error_check(self, check_id: str) -> Check | None:
        """The failing check carrying ``error``'s message, when it belongs to ``check_id``."""
        err = self.error
        if err is None or err.check_id != check_id:
            return None
        status = CheckStatus.FAIL if err.outcome == "fail" else CheckStatus.SKIP
        detail = i18n.hide_paths(err.detail) if err.detail else None
        return Check(
            id=check_id,
            status=status,
            message=err.render(self.lang, detail=False),  # the tool's words: in ``value``
            value=err.params.get("value", detail),
            expected=err.params.get("expected"),
            key=err.key,
            params=_shown(err.params),  # raw facts (a name, a link): the notice in any language
        )

    def not_reached(self, check_id: str) -> Check:
        """A skipped check whose stage did not run; for an entry decided on its source's
        own facts (``SourceRejected``), the words say the file was not downloaded."""
        early = self.fetched is None and isinstance(self.error, SourceRejected)
        key = "check.not_downloaded" if early else "check.not_reached"
        return self.check(check_id, CheckStatus.SKIP, key)


def _shown(params: dict[str, Any]) -> dict[str, Any]:
    """A message's parameters as report.json keeps them: text with local paths cut,
    numbers as they are, anything else as its text."""
    kept: dict[str, Any] = {}
    for k, v in params.items():
        if isinstance(v, bool | int | float) or v is None:
            kept[k] = v
        else:
            kept[k] = i18n.hide_paths(str(v))
    return kept


def on_breach(severity: Severity) -> CheckStatus:
    """The status a broken rule gets under its configured severity."""
    return {"fail": CheckStatus.FAIL, "warn": CheckStatus.WARN, "off": CheckStatus.SKIP}[severity]
