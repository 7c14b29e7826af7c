"""Every sentence an agency can be sent is in its own voice: no report sentence written
for the officer ("Minta instansi…", "Baris registri…") ever reaches a notice."""

from __future__ import annotations

import importlib
import pkgutil
import re
import string
from datetime import UTC, datetime

import pytest

import pipeline
from pipeline import i18n
from pipeline.config import Config
from pipeline.fetch.local import ROW_KEYS
from pipeline.models import Check, CheckStatus, Entry, Report, Verdict
from pipeline.report.notices import build_notice

NOW = datetime(2024, 5, 31, 4, 0, tzinfo=UTC)
OFFICER = re.compile(r"minta instansi|ask the agency|baris registri|registry row", re.I)
# words of kipp's own records, never in a notice (the officer's folders and columns)
RECORDS = re.compile(r"registri|registry|local_folders|kolom link|link column", re.I)
# the check a message key reaches a notice through (first prefix that matches);
# every other key is a fetch error (``fetch.access``)
CHECK_OF = (
    ("probe.", "file.is_video"),
    ("check.decode.", "integrity.decode"),
    ("check.allowed.", "video.codec.allowed"),
    ("check.duration.", "duration.min"),
    ("drive.duration_min", "duration.min"),
    ("youtube.duration_min", "duration.min"),
    ("drive.duration_max", "duration.max"),
    ("youtube.duration_max", "duration.max"),
    ("youtube.sd", "video.resolution.min"),
    ("drive.folder_several", "fetch.source"),
    ("drive.cell_", "fetch.source"),
    ("source.cell_", "fetch.source"),
    ("registry.", "registry.row"),
    ("content.", "content.subtitles"),
)


def officer_keys() -> list[str]:
    """Every registered key whose report sentence speaks to the officer; all of pipeline
    is imported first, so every module has registered its texts.  The registry row's own
    errors (a local path kipp cannot use: ``ROW_KEYS``) reach no notice at all."""
    for mod in pkgutil.walk_packages(pipeline.__path__, "pipeline."):
        if not mod.name.endswith("__main__"):
            importlib.import_module(mod.name)
    keys = {k for k, t in i18n.catalog().items() if any(OFFICER.search(v) for v in t.values())}
    return sorted(keys - ROW_KEYS)


def failing(key: str) -> Check:
    """``key`` as the failing check that carries it: an error's check keeps the
    message's parameters (a figure per field), a judged check (``check.…``) its value."""
    check_id = next((c for prefix, c in CHECK_OF if key.startswith(prefix)), "fetch.access")
    if key.startswith("check."):
        return Check(id=check_id, status=CheckStatus.FAIL, message=i18n.template(key, "id") or "",
                     key=key, value=50.0 if "duration" in key else "hevc",
                     expected=["h264"])  # fmt: skip
    fields = {
        name: 12.5 if spec else f"x{name}"
        for lang in ("id", "en")
        for _, name, spec, _ in string.Formatter().parse(i18n.template(key, lang) or "")
        if name
    }
    message = i18n.message(key, "id", **fields)
    return Check(id=check_id, status=CheckStatus.FAIL, message=message, key=key, params=fields)


def report(check: Check, lang: str) -> Report:
    return Report(
        agency="Kecamatan Wori", entry_id="kecamatan-wori", link="", verdict=Verdict.FAIL,
        reason=check.message, checks=(check,), sections=(), probe=None, source=None,
        language=lang, competition="KIPP", validated_at=NOW, tool_version="0.1.0",
    )  # fmt: skip


def test_the_officers_sentences_are_all_found() -> None:
    keys = officer_keys()
    assert {"fetch.no_link", "youtube.not_found", "youtube.upcoming", "probe.empty"} <= set(keys)
    assert len(keys) >= 40  # the sweep below is not vacuous


@pytest.mark.parametrize("lang", ["id", "en"])
def test_no_officer_sentence_reaches_a_notice(config: Config, lang: str) -> None:
    entry = Entry(entry_id="kecamatan-wori", agency="Kecamatan Wori", link="", row=2)
    leaks = {}
    for key in officer_keys():
        notice = build_notice(report(failing(key), lang), entry, config, NOW)
        assert notice is not None
        (item,) = [line for line in notice.text.splitlines() if line.startswith("- ")]
        words = OFFICER.search(notice.text) or RECORDS.search(notice.text)
        if words or "{" in notice.text or "notice." in notice.text:
            leaks[key] = item
    assert leaks == {}


@pytest.mark.parametrize("key", sorted(ROW_KEYS))
def test_the_officers_own_row_reaches_no_notice(config: Config, key: str) -> None:
    """A local path kipp cannot use is the officer's row: verdict error, nothing to send."""
    entry = Entry(entry_id="kecamatan-wori", agency="Kecamatan Wori", link="", row=2)
    check = failing(key).model_copy(update={"status": CheckStatus.SKIP})
    errored = report(check, "id").model_copy(update={"verdict": Verdict.ERROR})
    assert build_notice(errored, entry, config, NOW) is None


def test_every_thing_to_fix_says_what_and_how_in_both_languages() -> None:
    officer_keys()
    catalog = i18n.catalog()
    whats = [k.removeprefix("notice.what.") for k in catalog if k.startswith("notice.what.")]
    for name in whats:
        for part in ("what", "how"):
            texts = catalog.get(f"notice.{part}.{name}", {})
            assert texts.get("id") and texts.get("en"), f"notice.{part}.{name}"
