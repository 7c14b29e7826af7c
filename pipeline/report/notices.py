"""Notices: the ready-to-send message for each agency whose entry did not pass.

    build_notice(report, entry, config, now) -> Notice | None     None for a pass
    write_notice(folder, notice) -> bool                          OUT/<folder>/pesan.txt
    notices_csv(notices) -> str                                   OUT/pesan-instansi.csv
    wa_number("0812-3456-7890") -> "6281234567890"                 for wa.me links

A notice holds the agency's name and the innovation's title, the verdict in plain
words, each thing to fix on its own line with the exact figure and how to fix it,
the deadline from the config (or, once it passed, what the committee decided:
``[notices] after_deadline``) and the link the agency sent.  It never holds a path, a
check id or a tool's error text.  kipp never sends anything: officers paste the text
into WhatsApp or an e-mail (the pages offer a copy button and a prefilled wa.me link).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

from pydantic import BaseModel, ConfigDict

from pipeline import formatting, i18n
from pipeline.config import Config
from pipeline.fetch import local
from pipeline.fetch.sources import looks_like_link
from pipeline.fsutil import write_atomic
from pipeline.media import playable
from pipeline.models import Check, CheckStatus, Entry, Report, Section, SectionState, Verdict
from pipeline.report import notice_fixes, notice_texts  # noqa: F401  (registers the texts)
from pipeline.store import Store

NOTICE_FILE = "pesan.txt"
CSV_NAME = "pesan-instansi.csv"
CSV_COLUMNS = ("agency", "verdict", "message", "contact")
_FORMAT = {
    "container.allowed": "container",
    "video.codec.allowed": "video_codec",
    "audio.codec.allowed": "audio_codec",
}


class Notice(BaseModel):
    """One agency's notice, as written to pesan.txt."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    entry_id: str
    agency: str
    verdict: Verdict
    version: int  # the report version it was written from
    text: str
    email: str = ""
    phone: str = ""  # as in the registry; ``wa_link`` normalises it

    @property
    def contact(self) -> str:
        return ", ".join(c for c in (self.email, self.phone) if c)

    @property
    def wa_link(self) -> str | None:
        """``https://wa.me/628…?text=…`` with the message prefilled, when a phone is known."""
        number = wa_number(self.phone)
        return f"https://wa.me/{number}?text={quote(self.text, safe='')}" if number else None


def wa_number(phone: str) -> str | None:
    """A phone number as wa.me wants it: digits with the country code (Indonesian
    ``08…`` / ``8…`` become ``628…``); None when it cannot be a phone number."""
    digits = re.sub(r"\D", "", phone)
    if digits.startswith("0"):
        digits = "62" + digits.lstrip("0")
    elif digits.startswith("8"):
        digits = "62" + digits
    return digits if 10 <= len(digits) <= 15 else None


# ----------------------------------------------------------------------- build
def build_notice(report: Report, entry: Entry, config: Config, now: datetime) -> Notice | None:
    """The notice for ``report`` (None when it passed), in the report's language;
    ``now`` decides between the deadline and the committee's after-deadline text."""
    if report.verdict is Verdict.PASS or officers_own(report):
        return None
    lang = report.language
    say = _sayer(lang)
    video = say("notice.titled", title=report.title) if report.title else say("notice.your_video")
    lines = [say("notice.greeting", agency=report.agency), ""]
    lines.append(say("notice.thanks", competition=config.competition.name) + " ")
    lines[-1] += say(f"notice.verdict.{report.verdict.value}", video=video)
    items = fix_items(report, config) if report.verdict is not Verdict.ERROR else []
    if items:
        lines += ["", say(f"notice.heading.{report.verdict.value}")]
        lines += item_lines(items)
    if report.verdict is not Verdict.ERROR:
        lines += ["", deadline_sentence(report.verdict, config, now, lang)]
    if looks_like_link(report.link):  # never a local path
        lines += ["", say("notice.link", link=report.link.strip())]
    sender = config.notices.sender or config.competition.organiser
    lines += ["", say("notice.closing"), sender]
    return Notice(
        entry_id=report.entry_id, agency=report.agency, verdict=report.verdict,
        version=report.version, text="\n".join(lines) + "\n", email=entry.email,
        phone=entry.phone,
    )  # fmt: skip


def officers_own(report: Report) -> bool:
    """The entry stopped on the officer's own registry row (a local path kipp cannot use,
    ``pipeline.fetch.local.ROW_KEYS``): the officer fixes it; the agency is told nothing."""
    return any(c.key in local.ROW_KEYS for c in report.checks)


def item_lines(items: Sequence[tuple[str, str]]) -> list[str]:
    """``- what how`` per thing to fix; things fixed the same way (several sections not
    found) are listed one per line with their common fix once after them."""
    lines: list[str] = []
    for i, (what, how) in enumerate(items):
        shared = [h for _, h in items[max(i - 1, 0) : i + 2]].count(how) > 1
        if not shared:
            lines.append(f"- {what} {how}".rstrip())
            continue
        lines.append(f"- {what}")
        if i + 1 == len(items) or items[i + 1][1] != how:
            lines.append(f"  {how}")
    return lines


def _sayer(lang: str) -> Callable[..., str]:
    """i18n.message with text parameters kept exactly as the registry wrote them (the
    message layer cuts anything shaped like a path, e.g. the ``/b`` of ``</b>``)."""

    def say(key: str, **params: object) -> str:
        raw = {k: v for k, v in params.items() if isinstance(v, str)}
        text = i18n.message(key, lang, **{**params, **{k: f"\x00{k}\x00" for k in raw}})
        for k, v in raw.items():
            text = text.replace(f"\x00{k}\x00", v)
        return text

    return say


def deadline_sentence(verdict: Verdict, config: Config, now: datetime, lang: str) -> str:
    """ "Mohon kirim … paling lambat 31 Mei 2024 pukul 23.59 WITA …", or after the
    deadline the committee's text from ``[notices]``."""
    rule = config.deadline
    parts = formatting.day_date(rule.aware, rule.timezone, lang)
    deadline = i18n.message("notice.deadline.at", lang, **parts)
    if formatting.local(now, rule.timezone) > rule.aware:
        text = config.notices.after_deadline_en if lang == "en" else config.notices.after_deadline
        return text.replace("{deadline}", deadline)
    kind = "needs_review" if verdict is Verdict.NEEDS_REVIEW else "fail"
    return i18n.message(f"notice.deadline.{kind}", lang, deadline=deadline)


def fix_items(report: Report, config: Config) -> list[tuple[str, str]]:
    """(what, how) for each failing check, then each required section still open."""
    items = [_item(c, report, config) for c in report.checks if c.status is CheckStatus.FAIL]
    failed = {c.id for c in report.checks if c.status is CheckStatus.FAIL}
    for s in report.sections:
        if s.state is SectionState.OPEN and f"section.{s.id}" not in failed:
            items.append(_section_item(s, config, report.language, absent=False))
    return items


def _section_item(s: Section, config: Config, lang: str, *, absent: bool) -> tuple[str, str]:
    kind = "absent" if absent else "open"
    rule = config.section(s.id)
    label = (rule.label_en if rule and lang == "en" else "") or s.label or s.id
    return (
        i18n.message(f"notice.what.section.{kind}", lang, label=label),
        i18n.message(f"notice.how.section.{kind}", lang),
    )


def _item(c: Check, report: Report, config: Config) -> tuple[str, str]:
    lang = report.language

    def pair(name: str, **params: object) -> tuple[str, str]:
        return (
            i18n.message(f"notice.what.{name}", lang, **params),
            i18n.message(f"notice.how.{name}", lang, **params),
        )

    if c.id in ("duration.min", "duration.max"):
        limit = config.duration.min_s if c.id == "duration.min" else config.duration.max_s
        measured = c.value if isinstance(c.value, int | float) else _shown_duration(report)
        if limit is not None and measured is not None:
            shown, rule = formatting.clock_against(float(measured), limit, lang)
            return pair(c.id, measured=shown, limit=rule)
    if (by_key := _by_key(c, lang)) is not None:
        return by_key
    if c.id in _FORMAT:
        what = i18n.message(f"what.{_FORMAT[c.id]}", lang)
        allowed = c.expected if isinstance(c.expected, list) else []
        return pair("format", what=what, measured=playable.label(str(c.value)),
                    allowed=", ".join(playable.label(str(a)) for a in allowed))  # fmt: skip
    if c.key == "check.decode.fail_at" and (stop := _decode_stop(report)) is not None:
        return pair("integrity.decode_at", at=stop[0], duration=stop[1])
    if c.id == "video.resolution.min":
        return pair(c.id, measured=c.value, min=config.format.min_short_side)
    if c.id == "deadline.modified_after":
        zone = config.deadline.timezone
        modified = formatting.parse_iso(str(c.value))
        name = "deadline.published" if c.key == "check.deadline.published_late" else c.id
        return pair(name, modified=formatting.when(modified, zone, lang),
                    deadline=formatting.when(config.deadline.aware, zone, lang))  # fmt: skip
    if c.id.startswith("section."):
        s = next((s for s in report.sections if f"section.{s.id}" == c.id), None)
        if s is not None:
            return _section_item(s, config, lang, absent=True)
    if i18n.has(f"notice.what.{c.id}"):
        return pair(c.id)
    return _sentence(c, lang), ""  # a rule without its own notice text: the report's sentence


def _by_key(c: Check, lang: str) -> tuple[str, str] | None:
    """The notice text of what happened (``notice.what.<key>``, pipeline.report.notice_fixes)
    with the check's figures; None without one, or when it needs figures a report
    written before checks kept them lacks."""
    key = c.key or ""
    if not i18n.has(f"notice.what.{key}"):
        return None
    texts = [i18n.template(f"notice.{part}.{key}", lang) or "" for part in ("what", "how")]
    if not c.params and any("{" in t for t in texts):
        return None
    return (
        i18n.message(f"notice.what.{key}", lang, **c.params),
        i18n.message(f"notice.how.{key}", lang, **c.params),
    )


def _sentence(c: Check, lang: str) -> str:
    """The check's message in ``lang``: its key rendered again with its parameters (a
    report written before checks kept them: the sentence as written when it needs any)."""
    template = i18n.template(c.key, lang) if c.key else None
    if template is None or (not c.params and "{" in template):
        return c.message
    return i18n.message(c.key or "", lang, **c.params)


def _decode_stop(report: Report) -> tuple[str, str] | None:
    """Where playback stopped and of how long ("0:45", "1:30"), as the check said it."""
    a, p = report.analysis, report.probe
    if a is None or a.decoded_s is None or p is None or not p.duration_s:
        return None
    return formatting.clock(a.decoded_s), formatting.clock(p.duration_s)


def _shown_duration(report: Report) -> float | None:
    """The duration the report shows (``Report.duration``: the probe's, else the source's)."""
    shown = report.duration
    return shown[0] if shown is not None else None


# ----------------------------------------------------------------------- files
def write_notice(folder: Path, notice: Notice | None) -> bool:
    """Write (or, for a pass, remove) OUT/<folder>/pesan.txt; True when it changed.
    The store keeps every notice ever written, so removing the file loses nothing."""
    path = folder / NOTICE_FILE
    if notice is None:
        if path.exists():
            path.unlink()
            return True
        return False
    try:
        if path.read_text("utf-8") == notice.text:
            return False
    except OSError:
        pass
    write_atomic(path, notice.text)
    return True


def notices_csv(notices: Sequence[Notice]) -> str:
    """One row per notice for mail merge, in summary.csv's dialect (';', CRLF, UTF-8 with
    BOM, no cell Excel would run as a formula)."""
    from pipeline.report import excel_cell

    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for n in notices:
        row = (n.agency, n.verdict.value, n.text, n.contact)
        writer.writerow([excel_cell(v) for v in row])
    return "\ufeff" + buf.getvalue()


def stored_notices(store: Store, entry_ids: Sequence[str]) -> list[Notice]:
    """The current notice of each entry (in ``entry_ids`` order) as the store has it;
    entries that passed (their notice removed) or never had one are left out."""
    rows = store.notices(entry_ids)
    return [
        Notice.model_validate_json(row.notice_json)
        for entry_id in entry_ids
        if (row := rows.get(entry_id)) is not None and row.notice_json is not None
    ]


def notices_in(
    store: Store, entries: Sequence[Entry], config: Config, lang: str | None
) -> list[Notice]:
    """The current notice of each of ``entries`` (as :func:`stored_notices`), in ``lang``.

    A notice is stored as the text written in its run's language; asked for in another
    one it is built again from the report version it was written from (report.json holds
    every figure and code a notice uses) at the time it was written, so the deadline or
    the committee's after-deadline text is the same.  ``lang`` None: as stored."""
    found = stored_notices(store, [e.entry_id for e in entries])
    if lang is None:
        return found
    rows = store.notices([n.entry_id for n in found])
    by_id = {e.entry_id: e for e in entries}
    return [_in_language(n, lang, store, by_id[n.entry_id], config, rows[n.entry_id].written_at)
            for n in found]  # fmt: skip


def _in_language(
    notice: Notice, lang: str, store: Store, entry: Entry, config: Config, written_at: str
) -> Notice:
    raw = store.report_json(notice.entry_id, notice.version)
    at = formatting.parse_iso(written_at)
    if raw is None or at is None:
        return notice
    report = Report.model_validate_json(raw)
    if report.language == lang:
        return notice
    again = build_notice(report.model_copy(update={"language": lang}), entry, config, at)
    return again or notice


def read_notice(folder: Path) -> str | None:
    try:
        return (folder / NOTICE_FILE).read_text("utf-8")
    except OSError:
        return None
