"""HTML pages rendered with Jinja2 (autoescaped: registry and file text stays text)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from pipeline import i18n
from pipeline.config import Config
from pipeline.models import Report, Summary
from pipeline.report.labels import labels

_env = Environment(
    loader=PackageLoader("pipeline", "report/templates"),
    autoescape=select_autoescape(["html"], default=True),
    trim_blocks=True,
    lstrip_blocks=True,
)
_env.filters["clock"] = i18n.clock


def _common(lang: str, config: Config) -> dict[str, object]:
    return {
        "L": labels(lang),
        "lang": lang,
        "config": config,
        "verdict_label": lambda v: i18n.message(f"verdict.{v}", lang),
        "status_label": lambda s: i18n.message(f"status.{s}", lang),
        "seconds": lambda s: i18n.seconds(s, lang),
    }


def render_entry(report: Report, config: Config, folder: Path, media: Path | None) -> str:
    video_href = None
    if media is not None:
        video_href = Path(os.path.relpath(media, folder)).as_posix()
    return _env.get_template("entry.html").render(
        r=report, video_href=video_href, **_common(report.language, config)
    )


def render_index(summary: Summary, reports: Sequence[Report], config: Config) -> str:
    return _env.get_template("index.html").render(
        s=summary, reports=reports, **_common(summary.language, config)
    )
