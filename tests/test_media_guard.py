"""Every ffmpeg/ffprobe call on fetched media opens the given file and nothing else
(``pipeline.tools.media_input``): crafted files that point at other files, run through
kipp's real commands with the real ffmpeg.

Each crafted file is first shown to work as an attack (plain ffprobe opens the other
file), then kipp's probe, packet measure, analysis pass, frame sampling, speech audio
and subtitle extraction are run on it.  The other file is a FIFO: opening it for
reading is what is detected (``OpenSpy``), so no byte of it needs to be decoded."""

from __future__ import annotations

import contextlib
import os
import struct
import subprocess
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from pipeline.config import Config
from pipeline.content import frames, speech, subtitles
from pipeline.errors import ContentError, NotAVideo
from pipeline.media import analyze, probe
from pipeline.media.duration import packets_command
from pipeline.tools import run


class OpenSpy:
    """A FIFO at ``path``: ``opened`` is set when any process opens it for reading."""

    def __init__(self, path: Path) -> None:
        self.path = path
        os.mkfifo(path)
        self.opened = threading.Event()
        self._closing = False
        self._thread = threading.Thread(target=self._wait, daemon=True)
        self._thread.start()

    def _wait(self) -> None:
        fd = os.open(self.path, os.O_WRONLY)  # blocks until a reader opens the FIFO
        if not self._closing:
            self.opened.set()
        os.close(fd)

    def close(self) -> None:
        self._closing = True
        if not self.opened.is_set():  # release the writer
            fd = os.open(self.path, os.O_RDONLY | os.O_NONBLOCK)
            self._thread.join(5)
            os.close(fd)
        self._thread.join(5)


# ----------------------------------------------------------------- crafted files
def _hls(folder: Path) -> Path:
    """The issue's 113-byte kind: an HLS playlist named video.mp4 naming a local file."""
    path = folder / "video.mp4"
    path.write_text(
        "#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\n"
        f"file://{folder / 'any.mp4'}\n#EXT-X-ENDLIST\n"
    )
    return path


def _concat(folder: Path) -> Path:
    path = folder / "video.mp4"
    path.write_text("ffconcat version 1.0\nfile any.mp4\n")
    return path


def _image2(folder: Path) -> Path:
    """An image2 pattern: ``frame%d.png`` reads frame0.png, frame1.png ... beside it."""
    path = folder / "frame%d.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n")
    return path


def _atom(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", 8 + len(body)) + kind + body


def _alis(name: bytes) -> bytes:
    """A QuickTime alias record (``dref`` entry) naming ``name`` one level up/down."""
    body = b"\0" * 50 + bytes([len(name)]) + name.ljust(63, b"\0") + b"\0" * 16
    body += struct.pack(">hh", 1, 1) + b"\0" * 16
    path = b"/" + name + (b"\0" if len(name) % 2 == 0 else b"")
    body += struct.pack(">hh", 2, len(b"/" + name)) + path + struct.pack(">hh", -1, 0)
    return _atom(b"alis", b"\0\0\0\0" + body)


def _with_dref(data: bytes, name: bytes) -> bytes:
    """``data`` (a MOV, moov after mdat) with every track's data reference an alias."""
    out, i = b"", 0
    while i < len(data):
        size, kind = struct.unpack(">I4s", data[i : i + 8])
        box = data[i : i + size]
        if kind in (b"moov", b"trak", b"mdia", b"minf", b"dinf"):
            box = _atom(kind, _with_dref(box[8:], name))
        elif kind == b"dref":
            box = _atom(b"dref", b"\0\0\0\0" + struct.pack(">I", 1) + _alis(name))
        out, i = out + box, i + size
    return out


def _dref(folder: Path) -> Path:
    """A MOV whose video track's data lives in another file (a ``dref`` alias)."""
    base = folder / "base.mov"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=64x36:rate=2",
         "-t", "2", "-c:v", "mpeg4", str(base)],
        check=True,
    )  # fmt: skip
    path = folder / "video.mov"
    path.write_bytes(_with_dref(base.read_bytes(), b"any.mp4"))
    return path


CRAFTED: dict[str, tuple[Callable[[Path], Path], str, tuple[str, ...]]] = {
    # name: (maker, the file it reaches, the plain ffprobe options that reach it)
    "hls": (_hls, "any.mp4", ()),
    "concat": (_concat, "any.mp4", ()),
    "image2": (_image2, "frame0.png", ()),
    "mov_dref": (_dref, "any.mp4", ("-enable_drefs", "1")),
}


@pytest.fixture(params=sorted(CRAFTED))
def crafted(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Path, OpenSpy]]:
    maker, target, _ = CRAFTED[request.param]
    path = maker(tmp_path)
    spy = OpenSpy(tmp_path / target)
    yield path, spy
    spy.close()


def plain_ffprobe(path: Path, *options: str) -> None:
    subprocess.run(
        ["ffprobe", "-v", "quiet", *options, "-show_streams", path.name],
        cwd=path.parent, timeout=30, check=False, capture_output=True,
    )  # fmt: skip


@pytest.mark.parametrize("name", sorted(CRAFTED))
def test_each_crafted_file_reaches_another_file_without_the_guard(
    name: str, tmp_path: Path
) -> None:
    maker, target, options = CRAFTED[name]
    path = maker(tmp_path)
    spy = OpenSpy(tmp_path / target)
    try:
        plain_ffprobe(path, *options)
        assert spy.opened.wait(5), f"{name}: plain ffprobe did not open {target}"
    finally:
        spy.close()


def test_the_probe_opens_nothing_else_and_says_what_the_file_is(
    crafted: tuple[Path, OpenSpy],
) -> None:
    path, spy = crafted
    try:
        probed = probe.probe(path, timeout=30)
    except NotAVideo as exc:
        if exc.key == "probe.refers_elsewhere":
            assert exc.render("en").startswith(f"File {path.name} is not a video but ")
            assert "kipp opens only the file that was sent" in exc.render("en")
    else:  # the dref MOV probes (its stream is described in its own moov)
        assert probed.video is not None and path.suffix == ".mov"
    run(packets_command(path), timeout=30)
    assert not spy.opened.is_set()


def test_decoding_sampling_and_extraction_open_nothing_else(
    crafted: tuple[Path, OpenSpy], config: Config, tmp_path: Path, make_media: Callable[[str], Path]
) -> None:
    path, spy = crafted
    shape = probe.probe(make_media("valid_90"), timeout=30)  # as if the probe had passed
    analyze.analyze(path, shape, config, tmp_path / "work")
    for extract in (
        lambda: frames.sample(path, tmp_path / "frames", timeout=30),
        lambda: speech.extract_audio(path, timeout=30),
        lambda: subtitles.stream_srt(path, 0),
    ):
        with contextlib.suppress(ContentError):  # what matters is what was opened
            extract()
    assert not spy.opened.is_set()


def test_the_hls_playlist_is_named_for_what_it_is(tmp_path: Path) -> None:
    path = _hls(tmp_path)
    (tmp_path / "any.mp4").write_bytes(b"")
    with pytest.raises(NotAVideo) as caught:
        probe.probe(path, timeout=30)
    assert caught.value.key == "probe.refers_elsewhere"
    assert caught.value.render("id").startswith(
        "Berkas video.mp4 bukan video melainkan HLS (M3U8): daftar putar atau rujukan"
    )


# -------------------------------------------------- legitimate containers still probe
LEGIT = {  # suffix: encoder arguments (64x36, 2 fps, 1 s; sound where the container has it)
    ".mp4": ("-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac"),
    ".mov": ("-c:v", "libx264", "-preset", "ultrafast", "-c:a", "pcm_s16le"),
    ".mkv": ("-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac"),
    ".webm": ("-c:v", "libvpx", "-deadline", "realtime", "-c:a", "libopus"),
    ".avi": ("-c:v", "mpeg4", "-c:a", "mp3"),
    ".3gp": ("-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac"),
    ".ts": ("-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac"),
    ".flv": ("-c:v", "flv", "-c:a", "mp3", "-ar", "44100"),
    ".wmv": ("-c:v", "wmv2", "-c:a", "wmav2"),
    ".mpg": ("-c:v", "mpeg2video", "-c:a", "mp2"),
    ".ogv": ("-c:v", "libtheora", "-c:a", "libvorbis"),
    ".m4v": ("-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac"),
}
CONTAINER = {
    ".mp4": "mp4", ".mov": "mov", ".mkv": "mkv", ".webm": "webm", ".avi": "avi",
    ".3gp": "3gp", ".ts": "ts", ".flv": "flv", ".wmv": "wmv", ".mpg": "mpeg",
    ".ogv": "ogg", ".m4v": "mp4"}  # fmt: skip


@pytest.fixture(scope="module")
def legit_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("legit")
    made = {}
    for suffix, codecs in LEGIT.items():
        out = folder / f"entry{suffix}"
        subprocess.run(
            ["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=64x36:rate=2",
             "-f", "lavfi", "-i", "sine=sample_rate=32000", "-t", "1", "-pix_fmt", "yuv420p",
             *codecs, str(out)],
            check=True, timeout=60,
        )  # fmt: skip
        made[suffix] = out
    return made


@pytest.mark.parametrize("suffix", sorted(LEGIT))
def test_every_accepted_container_still_probes_and_decodes(
    suffix: str, legit_files: dict[str, Path], config: Config, tmp_path: Path
) -> None:
    path = legit_files[suffix]
    probed = probe.probe(path, timeout=30)
    assert probed.container == CONTAINER[suffix]
    assert probed.video is not None and probed.audio is not None
    assert 0.9 <= probed.duration_s <= 1.6  # 1 s of sound, 2 fps pictures
    analysis = analyze.analyze(path, probed, config, tmp_path / "work")
    assert analysis.decode_ok, analysis.decode_errors
