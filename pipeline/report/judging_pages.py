"""Writing the judging page, and each entry page's judging block, from the store.

    write_judging(store, config, out, lang, now) -> Path | None
        OUT/penjurian.html from the store's current tally (None: the config has no
        [judging]); then every entry page whose judging block changed is written again
    render_judging(tally, progress, config, lang, *, files, now) -> str

Called by every command that changes what the jury sees (``kipp jury import``,
``conflict``, ``tie``, ``reopen``, ``favourite-import``, ``minutes``) and at the end of
``kipp run`` / ``rerun`` / ``review`` (a verdict that changes after scoring is flagged on
the page at once).  An entry page is written again only when its block differs from the
one it shows (a digest in the page's head, ``kipp-judging``), with the report, notice
and video the page had: the store's latest report, its stored notice and the file its
fetch result names.
"""

from __future__ import annotations

import logging
import re
from datetime import datetime
from pathlib import Path

from pipeline.config import Config
from pipeline.fsutil import write_atomic
from pipeline.jury.progress import Progress, progress_of
from pipeline.jury.results import Tally
from pipeline.jury.tally import tally as compute_tally
from pipeline.models import Fetched
from pipeline.report import entry_dir
from pipeline.report.html import ENV, render_entry
from pipeline.report.judging import (
    PAGE,
    entry_judging,
    existing_files,
    judging_context,
    judging_digest,
)
from pipeline.report.notices import stored_notices
from pipeline.store import Store

log = logging.getLogger(__name__)
_MARK = re.compile(rb'<meta name="kipp-judging" content="([0-9a-f]*)">')


def render_judging(
    result: Tally,
    progress: Progress,
    config: Config,
    lang: str,
    *,
    files: list[str],
    now: datetime,
) -> str:
    """OUT/penjurian.html (see ``pipeline.report.judging``)."""
    context = judging_context(result, progress, config, lang, files=files, now=now)
    return ENV.get_template("judging.html").render(**context)


def write_judging(store: Store, config: Config, out: Path, lang: str, now: datetime) -> Path | None:
    """Write OUT/penjurian.html and refresh the entry pages' judging blocks (see the
    module docstring); None when the config has no [judging].  Raises DiskError (a full
    or read-only OUT), kipp's own failure."""
    judging = config.judging
    if judging is None:
        return None
    result = compute_tally(store, judging)
    progress = progress_of(result, judging, store)
    html = render_judging(result, progress, config, lang, files=existing_files(out), now=now)
    path = write_atomic(out / PAGE, html)
    ids = {e.entry_id for r in result.rounds for e in r.entries}
    for entry_id in sorted(ids):
        refresh_entry_page(store, config, out, result, entry_id)
    return path


def refresh_entry_page(
    store: Store, config: Config, out: Path, result: Tally, entry_id: str
) -> Path | None:
    """Write the entry's report.html again when its judging block changed; the path when
    written, None when it shows the block already or has no stored report."""
    latest = store.latest_report(entry_id)
    if latest is None:
        return None
    report, keys = latest
    block = entry_judging(result, config, entry_id, report.language)
    page = entry_dir(out, entry_id) / "report.html"
    if _shown(page) == judging_digest(block):
        return None
    notices = stored_notices(store, [entry_id])
    media = _media(store, entry_id, keys)
    html = render_entry(report, config, page.parent, media, notices[0] if notices else None, block)
    return write_atomic(page, html)


def _shown(page: Path) -> str | None:
    """The digest of the judging block ``page`` shows ("" for none; None: no page)."""
    try:
        with page.open("rb") as f:
            head = f.read(4096)
    except OSError:
        return None
    found = _MARK.search(head)
    return found.group(1).decode() if found else ""


def _media(store: Store, entry_id: str, keys: dict[str, str]) -> Path | None:
    """The video the latest report was judged from, as its stored fetch result names it."""
    key = keys.get("fetch") or keys.get("source")
    text = store.get_result(entry_id, "fetch", key) if key else None
    if text is None:
        return None
    try:
        return Fetched.model_validate_json(text).path
    except ValueError:
        log.warning("%s: its stored fetch result cannot be read; the page links no video", entry_id)
        return None
