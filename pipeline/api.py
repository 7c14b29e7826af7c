"""kipp as a library: one video (a local file or a Google Drive link) through every
stage, judged by one competition's rules.

    from pipeline import validate
    report = validate("video.mp4", "config/kipp-minut-2024.toml")
    report.verdict            # Verdict.PASS / FAIL / NEEDS_REVIEW / ERROR
    report.checks             # every rule with its measured value and the rule

Nothing is printed and nothing is remembered between calls (an in-memory store);
the report files (report.json, report.html) are written under ``out`` when given.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from pipeline.config import Config, load_config
from pipeline.models import Entry, Report
from pipeline.store import Store
from pipeline.text import slug


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
    """Validate one video and return its report.

    Args:
        source: a local video path (absolute, or relative to the current folder) or a
            Google Drive link (needs ``drive``, a client from
            ``pipeline.fetch.drive.connect()``).
        config: a competition config, or the path of its TOML file.
        agency: the participant's name as the report shows it (default: the file name).
        lang: report language, "id" or "en" (default: the config's ``competition.language``).
        out: folder for the report files (default: a temporary folder, removed after).
        drive: a Drive client for Drive links; None for local files.
        youtube: a YouTube Data API client for YouTube links (from
            ``pipeline.fetch.youtube_api.connect(credentials=KEY.json)``); None: made from
            the environment ($KIPP_YOUTUBE_API_KEY...) when a YouTube link comes.

    Returns:
        The Report: ``verdict`` in {pass, fail, needs_review, error}, ``checks`` (id,
        status, message, value, expected; durations in seconds), ``sections``, the probe
        and source facts.  A problem with the video itself (unreadable, too short, not
        shared) is in the report, never raised.

    Raises:
        ConfigError: the config file is wrong (names the file and the key).
        ToolMissing: ffprobe / ffmpeg are not installed.
        CredentialsError: a Drive client whose credentials are unusable.
    """
    from pipeline.runner import Env
    from pipeline.runner import validate as run_one

    rules = config if isinstance(config, Config) else load_config(Path(config))
    link = str(source)
    name = agency or (Path(link).stem if "://" not in link else link)
    entry = Entry(entry_id=slug(name), agency=name, link=link, row=2)  # as one registry row
    with tempfile.TemporaryDirectory(prefix="kipp-") as tmp, Store.memory() as store:
        folder = out if out is not None else Path(tmp) / "out"
        env = Env(
            config=rules,
            out=folder,
            lang=lang or rules.competition.language,
            cache_dir=folder / ".kipp" / "cache",  # frames and downloads stay beside out
            store=store,
            drive=drive,
            youtube=youtube,
        )
        return run_one(entry, env).report
