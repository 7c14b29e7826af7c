"""HTML pages rendered with Jinja2 (autoescaped: registry and file text stays text).

    render_entry(report, config, folder, media) -> str    OUT/<slug>/report.html
    render_index(summary, reports, config)      -> str    OUT/index.html

The pages are single static files that work offline from a USB stick: CSS and JS
are inlined, thumbnails are embedded as data: URIs, the video is a relative link
to the fetched file, and nothing is loaded from the network.  Scripts only read
``data-`` attributes and set ``textContent``: text from the registry never
becomes markup.
"""

from __future__ import annotations

import base64
import io
import json
import logging
import os
import re
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

from jinja2 import Environment, PackageLoader, select_autoescape
from PIL import Image

from pipeline import formatting, i18n
from pipeline.config import Config
from pipeline.fsutil import list_frames
from pipeline.media.duration import ORIGIN_MARK, stated_note
from pipeline.models import Analysis, Report, SectionState, Segment, Summary
from pipeline.report.dupes import duplicate_rows, index_rows
from pipeline.report.labels import labels
from pipeline.report.notices import Notice

log = logging.getLogger(__name__)

ENV = Environment(
    loader=PackageLoader("pipeline", "report/templates"),
    autoescape=select_autoescape(["html"], default=True),
    trim_blocks=True,
    lstrip_blocks=True,
)
ENV.filters["clock"] = i18n.clock

PAGE_LABELS = {
    "timeline": ("Lini waktu", "Timeline"),
    "contact_sheet": ("Cuplikan gambar", "Contact sheet"),
    "duplicates": ("Video yang sama di entri lain", "The same video in other entries"),
    "here": ("Di sini", "Here"),
    "there": ("Di sana", "There"),
    "black": ("Layar hitam", "Black screen"),
    "frozen": ("Gambar membeku", "Frozen picture"),
    "silent": ("Tanpa suara", "Silence"),
    "play_at": ("putar dari", "play from"),
    "no_video": ("Berkas video tidak tersedia di komputer ini.", "The video file is not here."),
    "versions": ("Versi laporan sebelumnya", "Earlier report versions"),
    "current": ("versi ini", "this version"),
    "decisions": ("Keputusan peninjauan", "Review decisions"),
    "by": ("Oleh", "By"),
    "decided_at": ("Waktu", "When"),
    "note": ("Catatan", "Note"),
    "stale": ("berkas berubah sejak keputusan ini", "the file changed since this decision"),
    "no_decisions": ("Belum ada keputusan petugas.", "No officer decisions yet."),
    "before_deadline": ("sebelum batas waktu", "before the deadline"),
    "after_deadline": ("SETELAH batas waktu", "AFTER the deadline"),
    "loudness": ("Kenyaringan", "Loudness"),
    "decode_errors": ("Galat dekode", "Decode errors"),
    "filter": ("Cari instansi atau judul", "Search agency or title"),
    "all": ("Semua", "All"),
    "shown": ("ditampilkan", "shown"),
    "summary_csv": ("Unduh summary.csv (Excel)", "Download summary.csv (Excel)"),
    "summary_pdf": ("Berita acara (PDF)", "Official minutes (PDF)"),
    "judging_page": (
        "Penjurian (nilai juri, nominasi, pemenang)",
        "Judging (scores, nominees, winners)",
    ),
    "yes": ("ya", "yes"),
    "no": ("tidak", "no"),
    "sort_hint": ("klik judul kolom untuk mengurutkan", "click a column heading to sort"),
    "not_analyzed": ("Video belum dianalisis.", "The video was not analysed."),
    "notice": ("Pesan untuk instansi", "Notice for the agency"),
    "notice_hint": (
        "Siap dikirim lewat WhatsApp atau e-mail; kipp tidak mengirim apa pun.",
        "Ready to send by WhatsApp or e-mail; kipp never sends anything.",
    ),
    "contact": ("Kontak", "Contact"),
    "copy_notice": ("Salin pesan", "Copy the notice"),
    "copied": ("Tersalin", "Copied"),
    "send_wa": ("Kirim lewat WhatsApp", "Send by WhatsApp"),
    "speech": ("Narasi (ucapan)", "Speech"),
    "transcript": ("Transkrip narasi", "Transcript of the narration"),
    "lines": ("baris", "lines"),
    "loop_dropped": (
        "kata berulang (pengulangan mesin pengenal, bukan ucapan) tidak ditampilkan",
        "repeated words (a recognition loop, not speech) not shown",
    ),
    "later_pass": ("putaran pengenalan", "recognition pass"),
    "no_speech": ("Tidak terdengar suara orang berbicara.", "No voice was heard."),
    "speech_unavailable": (
        "Bukti ucapan tidak tersedia (pengenal suara tidak terpasang): bagian yang hanya "
        "diucapkan perlu diperiksa petugas.",
        "Speech evidence unavailable (no speech model): sections that are only said need "
        "an officer's look.",
    ),
    "speech_model": ("Pengenal suara", "Speech model"),
    "gap_frames": (
        "Cuplikan di bagian video tanpa temuan (untuk peninjauan)",
        "Frames from the parts with no findings (for review)",
    ),
}
i18n.register({f"page.{k}": {"id": v[0], "en": v[1]} for k, v in PAGE_LABELS.items()})
TRACKS = ("black", "frozen", "silent")


def _labels(lang: str) -> dict[str, str]:
    return {**labels(lang), **{k: i18n.message(f"page.{k}", lang) for k in PAGE_LABELS}}


def _number(value: float, lang: str, digits: int = 3) -> str:
    return formatting.number(value, lang, digits)


_RULE = re.compile(r"(?P<op><=|>=|<|>|=)(?P<sp> ?)(?P<num>-?\d+(\.(?P<frac>\d+))?)")
_ISO = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)?")
_BY = re.compile(rf"(?P<op><=|>=) (?P<iso>{_ISO.pattern})")  # deadline.modified_after
_SIDE = re.compile(r"short side >= (?P<px>\d+)")  # video.resolution.min
# rules report.json writes as plain words (its contract), said on the page in its language
_RULE_WORDS = {
    "present": "page.rule.present",
    "no decode errors": "page.rule.no_decode_errors",
    "plays in a browser": "page.rule.browser",
}
i18n.register(
    {
        "page.rule.present": {"id": "harus ada", "en": "must be present"},
        "page.rule.no_decode_errors": {"id": "tanpa galat dekode", "en": "no decode errors"},
        "page.rule.browser": {"id": "dapat diputar di peramban", "en": "plays in a browser"},
        "page.rule.by": {"id": "paling lambat {when}", "en": "by {when}"},
        "page.rule.from": {"id": "paling awal {when}", "en": "from {when}"},
        "page.rule.short_side": {
            "id": "sisi pendek minimal {px} piksel",
            "en": "short side at least {px} pixels",
        },
    }
)


def show(value: Any, lang: str, config: Config | None = None) -> str:
    """A check's value or rule as a short text: lists joined, booleans and report.json's
    rule words (``present``, ``short side >= 720``) in words, decimal comma in Indonesian,
    ISO times (``<= 2024-05-31T23:59:00+08:00``: "paling lambat 31 Mei 2024 23.59 WITA")
    in the competition's time zone."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return i18n.message("page.yes" if value else "page.no", lang)
    if isinstance(value, float | int):
        return _number(float(value), lang)
    if isinstance(value, list | tuple):
        return ", ".join(show(v, lang, config) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {show(v, lang, config)}" for k, v in value.items())
    if isinstance(value, datetime) and config is not None:
        return local_time(value, config, lang)
    text = str(value)
    if config is not None and _ISO.fullmatch(text):
        try:
            return local_time(datetime.fromisoformat(text), config, lang)
        except ValueError:
            return text
    if config is not None and (by := _BY.fullmatch(text)):
        try:
            when = local_time(datetime.fromisoformat(by["iso"]), config, lang)
        except ValueError:
            return text
        return i18n.message("page.rule.by" if by["op"] == "<=" else "page.rule.from", lang,
                            when=when)  # fmt: skip
    if side := _SIDE.fullmatch(text):
        return i18n.message("page.rule.short_side", lang, px=side["px"])
    if text in _RULE_WORDS:
        return i18n.message(_RULE_WORDS[text], lang)
    if rule := _RULE.fullmatch(text):
        digits = len(rule["frac"] or "")
        return f"{rule['op']}{rule['sp']}{formatting.fixed(float(rule['num']), lang, digits)}"
    return text


def local_time(value: datetime | None, config: Config, lang: str) -> str:
    """``31 Mei 2024 23.59 WITA`` in the competition's time zone."""
    return formatting.when(value, config.deadline.timezone, lang)


# ------------------------------------------------------------------------ entry
def _duration(report: Report) -> float | None:
    if report.probe is not None and report.probe.duration_s > 0:
        return report.probe.duration_s
    if report.analysis is not None and report.analysis.decoded_s:
        return report.analysis.decoded_s
    return None


def _bar(start: float, end: float | None, total: float, label: str) -> dict[str, Any]:
    end = max(start, end if end is not None else start)
    left = min(max(start / total, 0.0), 1.0) * 100
    width = max(min(end / total, 1.0) * 100 - left, 0.6)  # always visible
    return {"left": f"{left:.2f}", "width": f"{width:.2f}", "label": label,
            "span": f"{i18n.clock(start)}–{i18n.clock(end)}", "start": start}  # fmt: skip


def timeline(report: Report, lang: str) -> dict[str, Any] | None:
    """Rows of bars (sections, black, frozen, silent) placed as % of the duration."""
    total = _duration(report)
    if not total:
        return None
    rows: list[dict[str, Any]] = []
    section_bars = []
    for s in report.sections:
        at = s.start_s
        if at is None and s.decision is not None and s.decision.present:
            at = s.decision.at_s  # even a stale one: where the officer saw it, on the old file
        if at is not None:
            section_bars.append(_bar(at, s.end_s if s.end_s is not None else at + total / 40,
                                     total, s.label or s.id))  # fmt: skip
    rows.append({"id": "sections", "label": i18n.message("label.sections", lang),
                 "bars": section_bars})  # fmt: skip
    a = report.analysis
    for track in TRACKS:
        segs: Sequence[Segment] = getattr(a, track) if a is not None else ()
        bars = [_bar(g.start_s, g.end_s, total, i18n.message(f"page.{track}", lang)) for g in segs]
        rows.append({"id": track, "label": i18n.message(f"page.{track}", lang), "bars": bars})
    step = next(s for s in (5, 10, 15, 30, 60, 120, 300, 600, 1e9) if total / s <= 10)
    ticks = [{"left": f"{t / total * 100:.2f}", "text": i18n.clock(t)}
             for t in _range(0.0, total, step)]  # fmt: skip
    return {"total": total, "rows": rows, "ticks": ticks}


def _range(start: float, stop: float, step: float) -> list[float]:
    out, t = [], start
    while t <= stop + 1e-9:
        out.append(t)
        t += step
    return out


def thumbnails(analysis: Analysis | None) -> list[dict[str, Any]]:
    """The contact sheet: each thumbnail inlined as a data: URI (the page stays one file)."""
    if analysis is None:
        return []
    out = []
    for frame in analysis.thumbnails:
        try:
            data = frame.path.read_bytes()
        except OSError:
            log.warning("thumbnail %s is gone; the contact sheet skips it", frame.path)
            continue
        uri = "data:image/jpeg;base64," + base64.b64encode(data).decode("ascii")
        out.append({"src": uri, "at": frame.at_s, "clock": i18n.clock(frame.at_s)})
    return out


GAP_FRAMES = 8  # at most this many frames shown from the parts with no findings
GAP_WIDTH = 320


def gaps(report: Report) -> list[tuple[float, float]]:
    """Stretches of the video that no found section covers, when a required section is
    still open: where an officer should look for what the machine did not see."""
    duration = _duration(report)
    if not duration or not any(s.state is SectionState.OPEN for s in report.sections):
        return []
    covered = sorted(
        (s.start_s, s.end_s if s.end_s is not None else s.start_s)
        for s in report.sections
        if s.present and s.start_s is not None
    )
    out, t = [], 0.0
    for start, end in covered:
        if start > t:
            out.append((t, start))
        t = max(t, end)
    if t < duration:
        out.append((t, duration))
    return out


def gap_frames(report: Report) -> list[dict[str, Any]]:
    """Up to GAP_FRAMES frames of the analysis pass spread over ``gaps``, shrunk and
    inlined like the contact sheet."""
    spans = gaps(report)
    folder = report.analysis.frames_dir if report.analysis else None
    if not spans or folder is None:
        return []
    inside = [
        (f.at_s, f.path) for f in list_frames(folder) if any(a <= f.at_s < b for a, b in spans)
    ]
    step = max(1, -(-len(inside) // GAP_FRAMES))
    return [f for f in (inline_frame(at, p) for at, p in inside[::step][:GAP_FRAMES]) if f]


def inline_frame(at: float, path: Path) -> dict[str, Any] | None:
    """A sampled frame shrunk to GAP_WIDTH and inlined: ``{src, at, clock}``; None when it
    cannot be read."""
    try:
        with Image.open(path) as img:
            img.thumbnail((GAP_WIDTH, GAP_WIDTH))
            buf = io.BytesIO()
            img.convert("RGB").save(buf, "JPEG", quality=70)
    except OSError:
        log.warning("frame %s cannot be read; the gap frames skip it", path)
        return None
    uri = "data:image/jpeg;base64," + base64.b64encode(buf.getvalue()).decode("ascii")
    return {"src": uri, "at": at, "clock": i18n.clock(at)}


def history(folder: Path, current: int) -> list[dict[str, Any]]:
    """Every version in OUT/<slug>/history/, newest first, with its verdict."""
    versions = []
    for path in sorted((folder / "history").glob("v*.json"), reverse=True):
        try:
            data = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError):
            log.warning("report version %s cannot be read; it is left out of the page", path)
            continue
        versions.append({
            "version": data.get("version"), "href": f"history/{path.name}",
            "verdict": data.get("verdict", ""), "validated_at": data.get("validated_at", ""),
            "current": data.get("version") == current,
        })  # fmt: skip
    return versions


def deadline_state(report: Report, config: Config) -> str | None:
    modified = report.source.modified_time if report.source else None
    if modified is None or report.source is None or report.source.kind == "local":
        return None
    aware = modified if modified.tzinfo else modified.replace(tzinfo=ZoneInfo("UTC"))
    return "before_deadline" if aware <= config.deadline.aware else "after_deadline"


def _common(lang: str, config: Config) -> dict[str, object]:
    return {
        "L": _labels(lang),
        "lang": lang,
        "config": config,
        "verdict_label": lambda v: i18n.message(f"verdict.{v}", lang),
        "status_label": lambda s: i18n.message(f"status.{s}", lang),
        "seconds": lambda s: i18n.seconds(s, lang),
        "show": lambda v: show(v, lang, config),
        "when": lambda dt: local_time(dt, config, lang),
        "number": lambda v, d=1: _number(v, lang, d),
        "stated_note": lambda origin: stated_note(origin, lang),  # the source's own figure
        "mark": ORIGIN_MARK,
    }


def render_entry(
    report: Report,
    config: Config,
    folder: Path,
    media: Path | None,
    notice: Notice | None = None,
    judging: dict[str, Any] | None = None,
) -> str:
    """The page of one entry (OUT/<slug>/report.html); ``judging``: its judging block
    (``pipeline.report.judging.entry_judging``), for officers' pages only."""
    from pipeline.report.judging import judging_digest

    video_href = None
    if media is not None and media.exists():
        video_href = quote(Path(os.path.relpath(media, folder)).as_posix())  # "#", "%", " "
    lang = report.language
    label = i18n.message(f"verdict.{report.verdict.value}", lang)
    reason = report.reason.removeprefix(f"{label}: ")  # the banner shows the label already
    return ENV.get_template("entry.html").render(
        r=report,
        reason=reason[:1].upper() + reason[1:],
        video_href=video_href,
        timeline=timeline(report, lang),
        thumbs=thumbnails(report.analysis),
        gap_thumbs=gap_frames(report),
        versions=history(folder, report.version),
        decisions=[s for s in report.sections if s.decision is not None],
        duplicates=duplicate_rows(report, lang),
        deadline_state=deadline_state(report, config),
        notice=notice,
        judging=judging,
        judging_digest=judging_digest(judging),
        **_common(lang, config),
    )


# ------------------------------------------------------------------------ index
def render_index(
    summary: Summary,
    reports: Sequence[Report],
    config: Config,
    pdf_href: str | None = None,
    notices: Sequence[Notice] = (),
) -> str:
    types = sorted({e.innovation_type for e in summary.entries if e.innovation_type})
    return ENV.get_template("index.html").render(
        s=summary, reports=reports, types=types, pdf_href=pdf_href,
        duplicates=index_rows(reports, summary.language),
        notices={n.entry_id: n for n in notices}, **_common(summary.language, config),
    )  # fmt: skip
