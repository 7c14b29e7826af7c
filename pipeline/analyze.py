"""Analyze stage: a full decode of the file.

    analyze(path, probe, config, workdir) -> Analysis

Integrity needs exit 0 AND an empty ``-v error`` stderr: a truncated MP4 decodes
with exit 0 while printing "partial file" errors.
"""

from __future__ import annotations

import logging
from pathlib import Path

import ffmpeg

from pipeline import i18n
from pipeline.config import Config
from pipeline.errors import AnalysisError
from pipeline.models import Analysis, ProbeResult
from pipeline.tools import ToolTimeout, run

log = logging.getLogger(__name__)
MAX_ERROR_LINES = 5

i18n.register(
    {
        "analyze.timeout": {
            "id": "Dekode penuh {path} melebihi {timeout} detik: ulangi, atau naikkan "
            "tools.decode_timeout_s di konfigurasi.",
            "en": "Decoding {path} took longer than {timeout} s: try again, or raise "
            "tools.decode_timeout_s in the config.",
        },
    }
)


def decode_command(path: Path) -> list[str]:
    stream = ffmpeg.input(str(path)).output("-", f="null")
    return list(stream.global_args("-nostdin", "-hide_banner", "-v", "error").compile())


def analyze(path: Path, probe: ProbeResult, config: Config, workdir: Path) -> Analysis:
    timeout = config.tools.decode_timeout_s
    try:
        result = run(decode_command(path), timeout=timeout)
    except ToolTimeout as exc:
        raise AnalysisError("analyze.timeout", path=path.name, timeout=f"{timeout:g}") from exc
    lines = [ln.strip() for ln in result.stderr_text.splitlines() if ln.strip()]
    ok = result.returncode == 0 and not lines
    if not ok and not lines:
        lines = [f"ffmpeg exited with code {result.returncode}"]
    return Analysis(decode_ok=ok, decode_errors=tuple(lines[:MAX_ERROR_LINES]))
