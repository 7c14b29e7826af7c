"""The rows the store's readers return (plain data, no database access)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ReportRow:
    entry_id: str
    version: int
    verdict: str
    reason: str
    validated_at: str
    tool_version: str
    run_id: int | None
    keys: dict[str, str]


@dataclass(frozen=True)
class RunEntry:
    run_id: int
    link: str
    source_key: str | None
    verdict: str
    version: int
    outcome: str
    at: str


@dataclass(frozen=True)
class NoticeRow:
    """The latest notice of one entry (``notice_json`` None: removed when it passed)."""

    entry_id: str
    version: int
    verdict: str
    link: str
    source_key: str | None
    written_at: str
    notice_json: str | None

    def changed_since(self, last: RunEntry | None) -> bool:
        """The entry's link or file changed after this notice was written (the agency
        may have acted on it)."""
        return last is not None and (last.link, last.source_key) != (self.link, self.source_key)


@dataclass(frozen=True)
class StatusRow:
    entry_id: str
    last: RunEntry | None
    before: RunEntry | None

    def as_json(self, agency: str) -> dict[str, Any]:
        last = self.last
        return {
            "agency": agency,
            "entry_id": self.entry_id,
            "verdict": last.verdict if last else None,
            "version": last.version if last else None,
            "checked_at": last.at if last else None,
            "changes": self.changes(),
        }

    def changes(self) -> list[str]:
        """What changed since the run before, as ``kipp status --json`` lists it: "new
        entry", "new link", "changed file", "verdict fail -> pass"."""
        return [_CHANGE_WORDS[code].format(**params) for code, params in self.change_codes()]

    def change_codes(self) -> list[tuple[str, dict[str, str]]]:
        """The same as (code, params): ``new_entry``, ``new_link``, ``changed_file``,
        ``verdict`` with ``before``/``after`` verdict values (the terminal translates them)."""
        if self.last is None:
            return []
        if self.before is None:
            return [("new_entry", {})]
        out: list[tuple[str, dict[str, str]]] = []
        if self.last.link != self.before.link:
            out.append(("new_link", {}))
        elif self.last.source_key != self.before.source_key:
            out.append(("changed_file", {}))
        if self.last.verdict != self.before.verdict:
            out.append(("verdict", {"before": self.before.verdict, "after": self.last.verdict}))
        return out


_CHANGE_WORDS = {
    "new_entry": "new entry",
    "new_link": "new link",
    "changed_file": "changed file",
    "verdict": "verdict {before} -> {after}",
}
