"""The one place kipp runs external programs (ffprobe, ffmpeg, tesseract).

Argument lists only (never a shell), a timeout on every call, the command logged
with ``shlex.join``, stderr kept in the error.  Binaries are looked up lazily
($FFPROBE / $FFMPEG / $TESSERACT, then PATH); a missing one is a ToolMissing with
the command that installs it.
"""

from __future__ import annotations

import logging
import os
import shlex
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline import i18n
from pipeline.errors import ToolMissing

log = logging.getLogger(__name__)

BAD_ANSWER = "tool.bad_answer"  # the message key of an answer kipp cannot parse
i18n.register(
    {
        BAD_ANSWER: {
            "id": "kipp tidak dapat membaca jawaban {tool} untuk berkas {name}; jalankan lagi. "
            "Bila terulang, periksa instalasi {tool}.",
            "en": "kipp could not read the tool's answer ({tool} on {name}); run again. If it "
            "repeats, check the {tool} install.",
        }
    }
)

_INSTALL = {
    "ffprobe": "sudo apt-get install -y --no-install-recommends ffmpeg",
    "ffmpeg": "sudo apt-get install -y --no-install-recommends ffmpeg",
    "tesseract": "sudo apt-get install -y tesseract-ocr tesseract-ocr-ind tesseract-ocr-eng",
}


def find(tool: str) -> str:
    """Absolute path of ``tool``: $TOOL (upper case) wins, then PATH."""
    override = os.environ.get(tool.upper())
    candidate = override or shutil.which(tool)
    if candidate and (shutil.which(candidate) or os.access(candidate, os.X_OK)):
        return candidate
    where = f"${tool.upper()}={override!r} is not an executable" if override else "not on PATH"
    raise ToolMissing(
        f"{tool} is needed but was not found ({where}). Install it with: "
        f"{_INSTALL.get(tool, 'your package manager')}"
    )


@dataclass(frozen=True)
class Result:
    args: tuple[str, ...]
    returncode: int
    stdout: bytes
    stderr: bytes

    @property
    def stderr_text(self) -> str:
        return self.stderr.decode("utf-8", "replace")


def excerpt(raw: bytes, size: int = 80) -> str:
    """The start of a tool's output, for a log line about an answer kipp cannot read."""
    text = raw.decode("utf-8", "replace").strip()
    return repr(text[:size] + "…" if len(text) > size else text or "(no output)")


class ToolTimeout(Exception):
    def __init__(self, args: Sequence[str], timeout: float) -> None:
        super().__init__(f"{shlex.join(args)} ran longer than {timeout:g} s")
        self.args_list = tuple(args)
        self.timeout = timeout


def run(args: Sequence[str], *, timeout: float, stdin: bytes | None = None) -> Result:
    """Run ``args`` (args[0] is a tool name resolved with ``find``).

    Returns whatever the process exits with; callers decide what a non-zero exit
    means.  Raises ToolMissing or ToolTimeout (the process is killed first).
    """
    argv = [find(args[0]), *args[1:]]
    log.debug("run: %s", shlex.join(argv))
    try:
        proc = subprocess.run(argv, input=stdin, capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired as exc:
        raise ToolTimeout(argv, timeout) from exc
    except FileNotFoundError as exc:  # vanished between find() and exec
        raise ToolMissing(f"{args[0]} could not be started: {exc}") from exc
    return Result(tuple(argv), proc.returncode, proc.stdout, proc.stderr)
