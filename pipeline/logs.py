"""Where log records go: the console (warnings, more with -v) and a rotating file in
OUT/.kipp/kipp.log (kipp's own records from INFO, so a scheduled run can be read afterwards).

Other libraries' records (fontTools subsetting the PDF's font, faster-whisper, the Google
client) reach the console and the file from WARNING only, unless -vv asks for everything:
fontTools alone writes ~70 INFO lines per PDF.

A log file that cannot be written (full disk, read-only folder) goes quiet after its
first failure instead of printing "--- Logging error ---" and a traceback for every
record: the command's own message says what is wrong with the folder.

Every record is one line whatever it quotes (``SafeFormatter``): a file name, a title or
a server's words with escape codes, ``\r`` or a newline cannot clear the screen, set the
window title or forge a line of the log; a traceback keeps its own lines."""

from __future__ import annotations

import contextlib
import logging
import logging.handlers
from pathlib import Path
from typing import Any

from pipeline.fsutil import writing
from pipeline.text import printable

CONSOLE_FORMAT = "%(levelname)s %(name)s: %(message)s"
FILE_FORMAT = "%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s"
MAX_BYTES = 5 * 2**20
BACKUPS = 5


class SafeFormatter(logging.Formatter):
    """The message on one line with control and bidi characters removed; a traceback's
    lines kept, cleaned the same way and each marked ``| `` (an exception's text with a
    newline cannot start a line of its own)."""

    def formatMessage(self, record: logging.LogRecord) -> str:
        return printable(super().formatMessage(record))

    def formatException(self, ei: Any) -> str:
        return _block(super().formatException(ei))

    def formatStack(self, stack_info: str) -> str:
        return _block(super().formatStack(stack_info))


def _block(text: str) -> str:
    return "\n".join("| " + line for line in printable(text, keep_newlines=True).splitlines())


class _QuietFile(logging.handlers.RotatingFileHandler):
    """The rotating log file, silenced for good by its first write failure."""

    broken = False

    def emit(self, record: logging.LogRecord) -> None:
        if not self.broken:
            super().emit(record)

    def handleError(self, record: logging.LogRecord) -> None:
        self.broken = True

    def flush(self) -> None:
        with contextlib.suppress(OSError):
            super().flush()

    def close(self) -> None:
        with contextlib.suppress(OSError):  # the buffered tail cannot reach a full disk
            super().close()


_OURS = "_kipp"  # attribute marking the handlers setup() added
_saved_level: list[int] = []
OWN = "pipeline"  # kipp's loggers: logging.getLogger(__name__) under the package
# foreign loggers known to be chatty at INFO, held at WARNING so their records are not even made
QUIET = ("fontTools", "fpdf", "faster_whisper", "googleapiclient", "PIL")
_saved_foreign: dict[str, int] = {}


def own_or_warning(record: logging.LogRecord) -> bool:
    """Keep kipp's own records, and other libraries' from WARNING up."""
    name = record.name
    return record.levelno >= logging.WARNING or name == OWN or name.startswith(OWN + ".")


def setup(verbose: int, log_file: Path | None = None) -> None:
    """Replace kipp's root handlers: console by ``verbose``, file at INFO/DEBUG.
    Handlers someone else added (a test's log capture) stay."""
    console_level = (
        (logging.WARNING, logging.INFO)[min(verbose, 1)] if verbose < 2 else logging.DEBUG
    )
    root = logging.getLogger()
    teardown()
    _saved_level.append(root.level)
    if verbose < 2:
        _quiet_foreign()
    console = logging.StreamHandler()
    console.setFormatter(SafeFormatter(CONSOLE_FORMAT))
    console.setLevel(console_level)
    _add(root, console, verbose)
    level = console_level
    if log_file is not None:
        with writing(log_file.parent.parent):  # OUT full or read-only: DiskError, exit 3
            log_file.parent.mkdir(parents=True, exist_ok=True)
            file = _QuietFile(log_file, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
        file.setFormatter(SafeFormatter(FILE_FORMAT))
        file.setLevel(logging.DEBUG if verbose >= 2 else logging.INFO)
        _add(root, file, verbose)
        level = min(level, file.level)
    root.setLevel(level)


def teardown() -> None:
    """Remove and close the handlers setup() added; the root level goes back."""
    root = logging.getLogger()
    for handler in root.handlers[:]:
        if getattr(handler, _OURS, False):
            root.removeHandler(handler)
            handler.close()
    if _saved_level:
        root.setLevel(_saved_level.pop())
    while _saved_foreign:
        name, level = _saved_foreign.popitem()
        logging.getLogger(name).setLevel(level)


def _quiet_foreign() -> None:
    for name in QUIET:
        logger = logging.getLogger(name)
        _saved_foreign.setdefault(name, logger.level)
        logger.setLevel(logging.WARNING)


def _add(root: logging.Logger, handler: logging.Handler, verbose: int) -> None:
    setattr(handler, _OURS, True)
    if verbose < 2:
        handler.addFilter(own_or_warning)
    root.addHandler(handler)
