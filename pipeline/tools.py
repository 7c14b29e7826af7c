"""The one place kipp runs external programs (ffprobe, ffmpeg, tesseract).

Argument lists only (never a shell), a timeout on every call, the command logged
with ``shlex.join``, stderr kept in the error.  Binaries are looked up lazily
($FFPROBE / $FFMPEG / $TESSERACT, then PATH); a missing one is a ToolMissing with
the command that installs it.

A fetched file is an agency's, so untrusted: every ffmpeg/ffprobe call opens it through
``media_input(path)`` (or ``MEDIA_INPUT_OPTIONS``), which lets the tool open that one
file and nothing else.  ``-protocol_whitelist file`` alone is not enough (a 113-byte HLS
playlist named ``video.mp4`` lists ``file:///any/other.mp4``, and ``file`` is allowed);
``-format_whitelist`` allows only demuxers that read their one input: playlist and
reference demuxers (hls, dash, concat, image2's patterns, imf, sdp/rtsp, vobsub's
``.sub``, webm_dash_manifest) are refused before they open anything.  The MOV demuxer
opens external tracks (``dref`` aliases) only with ``-enable_drefs 1``, off by default
and never set by kipp.  Tested on crafted files with the real ffmpeg
(tests/test_media_guard.py).
"""

from __future__ import annotations

import logging
import os
import shlex
import shutil
import subprocess
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline import i18n
from pipeline.errors import ToolMissing

log = logging.getLogger(__name__)

BAD_ANSWER = "tool.bad_answer"  # the message key of an answer kipp cannot parse
i18n.register(
    {
        "tool.missing": {
            "id": "{tool} diperlukan tetapi tidak ditemukan (tidak ada di PATH). Pasang "
            "dengan: {install}",
            "en": "{tool} is needed but was not found (not on PATH). Install it with: {install}",
        },
        "tool.missing_override": {
            "id": "{tool} diperlukan tetapi tidak ditemukan ({var}={value} bukan program "
            "yang dapat dijalankan). Pasang dengan: {install}",
            "en": "{tool} is needed but was not found ({var}={value} is not an executable). "
            "Install it with: {install}",
        },
        "tool.not_started": {
            "id": "{tool} tidak dapat dijalankan: {reason}",
            "en": "{tool} could not be started: {reason}",
        },
        BAD_ANSWER: {
            "id": "kipp tidak dapat membaca jawaban {tool} untuk berkas {name}; jalankan lagi. "
            "Bila terulang, periksa instalasi {tool}.",
            "en": "kipp could not read the tool's answer ({tool} on {name}); run again. If it "
            "repeats, check the {tool} install.",
        },
    }
)

_INSTALL = {
    "ffprobe": "sudo apt-get install -y --no-install-recommends ffmpeg",
    "ffmpeg": "sudo apt-get install -y --no-install-recommends ffmpeg",
    "tesseract": "sudo apt-get install -y tesseract-ocr tesseract-ocr-ind tesseract-ocr-eng",
}


# The demuxers kipp lets ffmpeg/ffprobe use on fetched media, as ``ffmpeg -demuxers``
# names them (a demuxer whose name lists several, "mov,mp4,m4a,3gp,3g2,mj2", is allowed
# by any of them).  Video containers the competitions' entries come in (phones, cameras,
# editors, screen recorders, old exports), raw video streams, the sound-only and still
# image formats the probe names for what they are; each reads its one input only.
MEDIA_DEMUXERS = (
    # video containers
    "mov", "matroska", "avi", "mpegts", "mpeg", "mpegvideo", "flv", "live_flv", "asf",
    "ogg", "mxf", "dv", "rm", "nut", "wtv", "ivf", "obu",
    # raw video streams
    "h264", "hevc", "m4v", "vc1", "mjpeg",
    # sound only (named as such by the probe)
    "mp3", "aac", "wav", "flac", "amr", "amrnb", "amrwb", "ac3", "eac3", "caf", "w64",
    # single still images (named as such by the probe)
    "png_pipe", "jpeg_pipe", "webp_pipe", "bmp_pipe", "tiff_pipe", "gif",
)  # fmt: skip
MEDIA_INPUT_OPTIONS = {
    "protocol_whitelist": "file",
    "format_whitelist": ",".join(MEDIA_DEMUXERS),
}


def media_input(path: os.PathLike[str] | str) -> list[str]:
    """The input arguments of an ffmpeg/ffprobe call on a fetched file: the whitelists
    (``MEDIA_INPUT_OPTIONS``, see the module doc) then ``-i file:<absolute path>`` (never
    read as an option or another protocol).  A file that needs another demuxer or another
    file fails to open (exit 1, "Format not on whitelist" in stderr)."""
    options = [arg for key, value in MEDIA_INPUT_OPTIONS.items() for arg in (f"-{key}", value)]
    return [*options, "-i", f"file:{Path(path).resolve()}"]


def find(tool: str) -> str:
    """Absolute path of ``tool``: $TOOL (upper case) wins, then PATH."""
    override = os.environ.get(tool.upper())
    candidate = override or shutil.which(tool)
    if candidate and (shutil.which(candidate) or os.access(candidate, os.X_OK)):
        return candidate
    how = _INSTALL.get(tool, "your package manager")
    if override:
        raise ToolMissing(key="tool.missing_override", tool=tool, var=f"${tool.upper()}",
                          value=repr(override), install=how)  # fmt: skip
    raise ToolMissing(key="tool.missing", tool=tool, install=how)


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


def run(
    args: Sequence[str],
    *,
    timeout: float,
    stdin: bytes | None = None,
    on_stdout: Callable[[str], None] | None = None,
) -> Result:
    """Run ``args`` (args[0] is a tool name resolved with ``find``).

    Returns whatever the process exits with; callers decide what a non-zero exit
    means.  Raises ToolMissing or ToolTimeout (the process is killed first).
    ``on_stdout`` (streaming mode) gets each stdout line, without its newline, while the
    process runs (ffmpeg's ``-progress pipe:1``); the timeout is the same.
    """
    argv = [find(args[0]), *args[1:]]
    log.debug("run: %s", shlex.join(argv))
    if on_stdout is not None:
        return _streaming(argv, timeout, stdin, on_stdout)
    try:
        proc = subprocess.run(argv, input=stdin, capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired as exc:
        raise ToolTimeout(argv, timeout) from exc
    except FileNotFoundError as exc:  # vanished between find() and exec
        raise ToolMissing(key="tool.not_started", tool=args[0], reason=str(exc)) from exc
    return Result(tuple(argv), proc.returncode, proc.stdout, proc.stderr)


def _streaming(
    argv: list[str], timeout: float, stdin: bytes | None, on_line: Callable[[str], None]
) -> Result:
    """``run`` reading stdout line by line while stderr drains in a thread; a timer kills
    the process at ``timeout`` (a silent process cannot block the reader)."""
    try:
        proc = subprocess.Popen(
            argv,
            stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
    except FileNotFoundError as exc:
        raise ToolMissing(key="tool.not_started", tool=argv[0], reason=str(exc)) from exc
    assert proc.stdout is not None and proc.stderr is not None
    stdout, stderr = proc.stdout, proc.stderr
    err_chunks: list[bytes] = []
    drain = threading.Thread(target=lambda: err_chunks.append(stderr.read()), daemon=True)
    drain.start()
    timed_out = threading.Event()

    def kill() -> None:
        timed_out.set()
        proc.kill()

    timer = threading.Timer(timeout, kill)
    timer.start()
    out_lines: list[bytes] = []
    try:
        if stdin is not None and proc.stdin is not None:
            proc.stdin.write(stdin)
            proc.stdin.close()
        for raw in stdout:
            out_lines.append(raw)
            on_line(raw.decode("utf-8", "replace").rstrip("\r\n"))
        proc.wait()
    except BaseException:
        proc.kill()
        proc.wait()
        raise
    finally:
        timer.cancel()
        drain.join()
        stdout.close()
        stderr.close()
    if timed_out.is_set():
        raise ToolTimeout(argv, timeout)
    return Result(tuple(argv), proc.returncode, b"".join(out_lines), b"".join(err_chunks))
