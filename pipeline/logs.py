"""Where log records go: the console (warnings, more with -v) and a rotating file in
OUT/.kipp/kipp.log (everything from INFO, so a scheduled run can be read afterwards)."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

CONSOLE_FORMAT = "%(levelname)s %(name)s: %(message)s"
FILE_FORMAT = "%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s"
MAX_BYTES = 5 * 2**20
BACKUPS = 5


def setup(verbose: int, log_file: Path | None = None) -> None:
    """Replace the root logger's handlers: console by ``verbose``, file at INFO/DEBUG."""
    console_level = (
        (logging.WARNING, logging.INFO)[min(verbose, 1)] if verbose < 2 else logging.DEBUG
    )
    root = logging.getLogger()
    for handler in root.handlers[:]:
        root.removeHandler(handler)
        handler.close()
    console = logging.StreamHandler()
    console.setFormatter(logging.Formatter(CONSOLE_FORMAT))
    console.setLevel(console_level)
    root.addHandler(console)
    level = console_level
    if log_file is not None:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        file = logging.handlers.RotatingFileHandler(
            log_file, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
        )
        file.setFormatter(logging.Formatter(FILE_FORMAT))
        file.setLevel(logging.DEBUG if verbose >= 2 else logging.INFO)
        root.addHandler(file)
        level = min(level, file.level)
    root.setLevel(level)
