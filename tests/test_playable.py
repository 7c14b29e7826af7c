"""What a file really is and whether the jury's browser plays it (pipeline.media.playable).

The table is checked against the browser itself: each kind below is made with ffmpeg
(1 s, 96x54) and played in Debian's headless Chromium (no GPU); the picture counts as
shown when the video element decoded video bytes, the sound when it decoded audio bytes.
HEVC is left out: whether it shows depends on a hardware decoder, not on Chromium.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from pipeline.media import playable
from tests.test_browser import FLAGS


def test_labels_name_what_people_call_them() -> None:
    assert playable.label("mov") == "QuickTime (MOV)"
    assert playable.label("pcm_s24le") == "PCM (uncompressed)"
    assert playable.label("hevc") == "HEVC (H.265)"
    assert playable.label("wmv") == "Windows Media (WMV/ASF)"
    assert playable.label("dvvideo") == "dvvideo"  # ffprobe's own name when kipp has none
    assert playable.label("cook") == "COOK"


def test_a_name_lies_only_across_families() -> None:
    assert playable.name_lies("video.mp4", "mkv")
    assert playable.name_lies("Video Final.MP4", "avi")
    assert not playable.name_lies("kamera.mp4", "mov")  # one family: the same players open it
    assert not playable.name_lies("video.mkv", "mkv")
    assert not playable.name_lies("video", "avi")  # no extension claims nothing
    assert playable.named_as("a.WEBM") == "webm" and playable.named_as("a.txt") is None


def test_the_table() -> None:
    assert playable.plays("container", "mov") and not playable.plays("container", "avi")
    assert playable.plays("video_codec", "h264") and not playable.plays("video_codec", "hevc")
    assert playable.plays("audio_codec", "pcm_s16be") and not playable.plays("audio_codec", "ac3")


# name -> (ffmpeg output arguments, container opens, picture shown, sound heard)
KINDS: dict[str, tuple[tuple[str, ...], bool, bool, bool]] = {
    "mp4_h264_aac.mp4": (("-c:v", "libx264", "-c:a", "aac"), True, True, True),
    "mov_h264_pcm.mov": (("-c:v", "libx264", "-c:a", "pcm_s16le"), True, True, True),
    "mkv_h264_flac.mkv": (("-c:v", "libx264", "-c:a", "flac"), True, True, True),
    "webm_vp9_opus.webm": (("-c:v", "libvpx-vp9", "-c:a", "libopus"), True, True, True),
    "mp4_mpeg4_aac.mp4": (("-c:v", "mpeg4", "-c:a", "aac"), True, False, True),
    "mp4_h264_ac3.mp4": (("-c:v", "libx264", "-c:a", "ac3"), True, True, False),
    "avi_h264_mp3.avi": (("-c:v", "libx264", "-c:a", "libmp3lame"), False, False, False),
    "ts_h264_aac.ts": (("-c:v", "libx264", "-c:a", "aac"), False, False, False),
}
CODECS = {"libx264": "h264", "libvpx-vp9": "vp9", "mpeg4": "mpeg4", "libopus": "opus",
          "libmp3lame": "mp3"}  # fmt: skip
CONTAINERS = {"mp4": "mp4", "mov": "mov", "mkv": "mkv", "webm": "webm", "avi": "avi", "ts": "ts"}
CHROMIUM = os.environ.get("KIPP_CHROMIUM") or shutil.which("chromium")

PLAY = """async (url) => {
  const v = document.createElement('video'); v.muted = true; v.src = url;
  document.body.appendChild(v);
  const opened = await new Promise(ok => { v.onerror = () => ok(false);
    v.onloadeddata = () => ok(true); setTimeout(() => ok(false), 5000); });
  if (!opened) { v.remove(); return [false, 0, 0]; }
  await v.play(); await new Promise(ok => setTimeout(ok, 600));
  const seen = [true, v.webkitVideoDecodedByteCount, v.webkitAudioDecodedByteCount];
  v.remove(); return seen; }"""


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed")
def test_the_table_is_what_the_browser_plays(tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    for name, (args, *_) in KINDS.items():
        subprocess.run(
            ["ffmpeg", "-nostdin", "-v", "error", "-y",
             "-f", "lavfi", "-i", "testsrc2=size=96x54:rate=10",
             "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
             "-t", "1", "-pix_fmt", "yuv420p", *args, str(tmp_path / name)],
            check=True, timeout=60,
        )  # fmt: skip
    (tmp_path / "index.html").write_text("<html><body></body></html>")
    seen = {}
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM, args=[*FLAGS, "--autoplay-policy=no-user-gesture-required"]
        )
        page = browser.new_page()
        page.goto((tmp_path / "index.html").as_uri())
        for name in KINDS:
            opened, video, audio = page.evaluate(PLAY, (tmp_path / name).as_uri())
            seen[name] = (opened, video > 0, audio > 0)
        browser.close()
    for name, (args, *browser_says) in KINDS.items():
        assert seen[name] == tuple(browser_says), name
        container = CONTAINERS[name.rsplit(".", 1)[1]]
        vcodec, acodec = args[1], args[3]
        table = (
            playable.plays("container", container),
            playable.plays("container", container)
            and playable.plays("video_codec", CODECS.get(vcodec, vcodec)),
            playable.plays("container", container)
            and playable.plays("audio_codec", CODECS.get(acodec, acodec)),
        )
        assert table == seen[name], name
