"""kipp: validates video entries of public-service innovation competitions.

    from pipeline import validate
    report = validate("video.mp4", "config/kipp-minut-2024.toml")   # -> models.Report

See ``pipeline.api.validate`` for the arguments; the stages are the subpackages
(fetch, probe, analyze, content, checks, report) driven by ``pipeline.runner``.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pipeline.config import Config
    from pipeline.models import Report

__all__ = ["__version__", "validate"]

try:
    __version__ = version("kipp")
except PackageNotFoundError:  # running from a source tree without install
    __version__ = "0.0.0+src"


def validate(
    source: str | Path,
    config: Config | str | Path,
    *,
    agency: str | None = None,
    lang: str | None = None,
    out: Path | None = None,
    drive: Any = None,
    youtube: Any = None,
) -> Report:
    """One video (path, Drive or YouTube link) judged by one competition's rules -> its
    Report.  Arguments, units and errors: ``pipeline.api.validate`` (loaded only when
    called)."""
    from pipeline.api import validate as run

    return run(source, config, agency=agency, lang=lang, out=out, drive=drive, youtube=youtube)
