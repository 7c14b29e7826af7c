"""Writing files so that a crash never leaves a half file that looks whole."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

from pipeline.models import Frame


def write_atomic(path: Path, data: bytes | str) -> Path:
    """Write ``data`` to ``path.part``, flush it to disk, then rename over ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_name(path.name + ".part")
    raw = data.encode("utf-8") if isinstance(data, str) else data
    with part.open("wb") as fh:
        fh.write(raw)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(part, path)
    return path


def md5_of(path: Path, digest: Any | None = None, chunk: int = 1 << 20) -> Any:
    """The md5 of ``path``'s bytes (added to ``digest`` when given, to continue one);
    call ``.hexdigest()`` on the result."""
    digest = digest or hashlib.md5(usedforsecurity=False)
    with path.open("rb") as fh:
        while block := fh.read(chunk):
            digest.update(block)
    return digest


def list_frames(folder: Path) -> tuple[Frame, ...]:
    """The sampled frames of ``folder`` in time order.  The contract between the
    analysis pass (which writes them), the content stage and the report pages: one JPEG
    per frame named by its media time in milliseconds, ``000012500.jpg`` = 12.5 s;
    other files are ignored."""
    if not folder.is_dir():
        return ()
    frames = [
        Frame(at_s=int(p.stem) / 1000, path=p)
        for p in folder.glob("*.jpg")
        if p.stem.isdigit() and len(p.stem) == 9
    ]
    return tuple(sorted(frames, key=lambda f: f.at_s))


# Subtitle files read beside a video (local folder or the video's Drive folder): the
# formats pysubs2 reads (pipeline.content.subtitles).
SIDECAR_SUFFIXES = (".srt", ".vtt", ".ass", ".ssa")


def is_sidecar(name: str | Path) -> bool:
    """``name`` is a subtitle file kipp reads (by its suffix, any case)."""
    return Path(name).suffix.lower() in SIDECAR_SUFFIXES
