"""Evidence sources and the frames contract, on real sample videos."""

from __future__ import annotations

import itertools
import logging
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from pipeline import i18n
from pipeline.config import Config
from pipeline.content import Job, Snippet, find_sections
from pipeline.content import frames as framing
from pipeline.content.chapters import Chapters
from pipeline.content.declared import Declared
from pipeline.content.ocr import LoadedEngine, Ocr, ProcessEngine, frame_text, tessdata
from pipeline.content.subtitles import Subtitles, parse_srt
from pipeline.errors import ContentError, ToolMissing
from pipeline.media.analyze import analyze
from pipeline.models import Fetched, SourceFacts
from tests.content_support import LABELS, entry, fetched, probe


def job(config: Config, name: str, tmp_path: Path, **kw: object) -> Job:
    fx = kw.pop("fetched", None) or fetched(name)
    assert isinstance(fx, Fetched)
    agency, declared, _, _ = LABELS[name]
    return Job(entry(config, agency, declared=declared), fx, probe(fetched(name).path), config,
               tmp_path, **kw)  # type: ignore[arg-type]  # fmt: skip


def test_parse_srt_strips_tags_and_joins_lines() -> None:
    text = ("1\r\n00:00:01,500 --> 00:00:04,000\r\n<i>Masalah</i> {\\an8}utama\r\nkami\r\n\r\n"
            "2\r\n00:01:02.250 --> 00:01:05.000\r\nTerima kasih\r\n")  # fmt: skip
    assert parse_srt(text) == [
        Snippet("subtitle", 1.5, 4.0, "Masalah utama kami"),
        Snippet("subtitle", 62.25, 65.0, "Terima kasih"),
    ]


def test_embedded_mov_text_and_ass_streams_are_read(config: Config, tmp_path: Path) -> None:
    mp4 = Subtitles().snippets(job(config, "subtitles_only", tmp_path))
    assert mp4[0].start_s == 2.0 and "Dinas Sosial" in mp4[0].text
    mkv = Subtitles().snippets(job(config, "ass_in_mkv", tmp_path))
    assert [round(c.start_s or 0) for c in mkv] == [12, 40, 70]


def test_vtt_sidecar_is_read_and_a_broken_one_skipped(
    config: Config, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    vtt = tmp_path / "video.vtt"
    vtt.write_text("WEBVTT\n\n00:00:03.000 --> 00:00:06.000\nPetunjuk teknis aplikasi\n",
                   encoding="utf-8")  # fmt: skip
    broken = tmp_path / "video.srt"
    broken.write_bytes(b"\x00\x01 not subtitles")
    fx = Fetched(path=fetched("no_text").path, source=SourceFacts(kind="local", name="v.mp4"),
                 sidecars=(vtt, broken))  # fmt: skip
    with caplog.at_level(logging.WARNING):
        cues = Subtitles().snippets(job(config, "no_text", tmp_path, fetched=fx))
    assert cues == [Snippet("subtitle", 3.0, 6.0, "Petunjuk teknis aplikasi")]
    assert any("video.srt" in r.getMessage() for r in caplog.records)


def test_sidecars_are_limited_in_count_size_and_cues(
    config: Config, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """[subtitles] max_files, max_file_kb and max_cues: a folder of many files, one huge
    file, and a file of many cues cost what the limits allow, each skip logged."""

    def srt(n: int, text: str) -> str:
        return "".join(f"{i + 1}\n00:00:{i % 60:02d},000 --> 00:00:{i % 60:02d},500\n{text}\n\n"
                       for i in range(n))  # fmt: skip

    files = []
    for n in range(7):  # 7 files: the first 5 read
        path = tmp_path / f"video.{n}.srt"
        path.write_text(srt(1, f"berkas {n}"), encoding="utf-8")
        files.append(path)
    files[1].write_text(srt(30_000, "x" * 10), encoding="utf-8")  # ~1 MB: skipped unread
    files[2].write_text(srt(40, "banyak"), encoding="utf-8")  # 40 cues: 10 kept
    rule = config.subtitles.model_copy(update={"max_cues": 10})
    limited = config.model_copy(update={"subtitles": rule})
    fx = Fetched(path=fetched("no_text").path, source=SourceFacts(kind="local", name="v.mp4"),
                 sidecars=tuple(files))  # fmt: skip
    with caplog.at_level(logging.WARNING):
        cues = Subtitles().snippets(job(limited, "no_text", tmp_path, fetched=fx))
    texts = [c.text for c in cues]
    assert sorted(set(texts)) == ["banyak", "berkas 0", "berkas 3", "berkas 4"]
    assert texts.count("banyak") == 10
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert "max_files" in logged and "max_file_kb" in logged and "max_cues" in logged


def test_chapters_and_declared(config: Config, tmp_path: Path) -> None:
    chapters = Chapters().snippets(job(config, "chapters_only", tmp_path))
    assert [c.text for c in chapters][:2] == ["Pembukaan - Dinas Perhubungan",
                                              "Masalah layanan angkutan"]  # fmt: skip
    declared = Declared().snippets(job(config, "no_text", tmp_path))
    assert [(d.section_id, d.start_s) for d in declared] == [("masalah", 20.0),
                                                             ("petunjuk_teknis", 61.5)]  # fmt: skip


def test_sampler_writes_the_frames_contract(tmp_path: Path) -> None:
    wide = tmp_path / "wide.mp4"
    subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=5",
                    "-t", "7", "-c:v", "libx264", "-preset", "ultrafast", str(wide)],
                   check=True, timeout=120)  # fmt: skip
    frames = framing.sample(wide, tmp_path / "frames", timeout=120)
    names = [f.path.name for f in frames]
    assert names[:2] == ["000000000.jpg", "000002000.jpg"]
    assert all(len(n) == 13 for n in names)
    gaps = [b.at_s - a.at_s for a, b in itertools.pairwise(frames)]
    assert max(gaps) <= 2.0 + 1e-9
    with Image.open(frames[0].path) as im:
        assert im.size == (1280, 720)


def test_repeated_frames_are_read_once(config: Config, tmp_path: Path) -> None:
    frames = framing.sample(fetched("cards_dark").path, tmp_path, timeout=120)
    kept = framing.distinct(frames, 90.0)
    assert len(frames) == 45
    assert len(kept) < 15  # six cards on a still background
    assert [f.at_s for f in kept][:3] == [0.0, 8.0, 10.0]  # card 0-6 s, nothing, card 10 s


def test_given_frames_are_used_without_decoding(config: Config, tmp_path: Path) -> None:
    frames_dir = tmp_path / "analysis-frames"
    framing.sample(fetched("cards_dark").path, frames_dir, timeout=120)
    (frames_dir / "notes.txt").write_text("ignored", encoding="utf-8")
    gone = Fetched(path=tmp_path / "deleted.mp4", source=SourceFacts(kind="local", name="x"))
    agency, _, expected, _ = LABELS["cards_dark"]
    sections = find_sections(entry(config, agency), gone, probe(fetched("cards_dark").path),
                             config, workdir=tmp_path / "work", frames_dir=frames_dir)  # fmt: skip
    assert {s.id: s.start_s for s in sections if s.present} == {
        k: float(v[0]) for k, v in expected.items()
    }
    assert not (tmp_path / "work" / "frames").exists()


def test_a_custom_source_plugs_in(config: Config, tmp_path: Path) -> None:
    class Speech:
        name = "speech"

        def snippets(self, job: Job) -> list[Snippet]:
            return [Snippet("speech", 40.0, 44.0, "petunjuk teknisnya begini")]

    agency, _, _, _ = LABELS["no_text"]
    fx = fetched("no_text")
    sections = find_sections(entry(config, agency), fx, probe(fx.path), config,
                             workdir=tmp_path, sources=[Speech()])  # fmt: skip
    found = {s.id: (s.present, s.start_s) for s in sections}
    assert found["petunjuk_teknis"] == (True, 40.0)
    assert found["masalah"] == (None, None)


def test_both_engines_read_a_title_card(tmp_path: Path) -> None:
    frames = framing.sample(fetched("cards_dark").path, tmp_path, timeout=120)
    card = next(f for f in frames if f.at_s == 60.0)
    for engine in (LoadedEngine(), ProcessEngine()):
        try:
            assert "Petunjuk Teknis" in frame_text(engine, card.path)
        finally:
            engine.close()


def test_missing_tesseract_is_tool_missing(
    config: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TESSERACT", str(tmp_path / "no-tesseract"))
    tessdata.cache_clear()
    try:
        with pytest.raises(ToolMissing, match="apt-get install"):
            Ocr().snippets(job(config, "cards_dark", tmp_path))
    finally:
        tessdata.cache_clear()


def test_an_unreadable_video_is_a_content_error(config: Config, tmp_path: Path) -> None:
    bad = tmp_path / "bad.mp4"
    bad.write_bytes(b"Video inovasi kami ada di Google Drive.\n")
    fx = Fetched(path=bad, source=SourceFacts(kind="local", name="bad.mp4"))
    with pytest.raises(ContentError) as err:
        Ocr().snippets(job(config, "cards_dark", tmp_path, fetched=fx))
    assert err.value.key == "content.sample_failed"
    assert "bad.mp4" in err.value.render("id") and i18n.has("content.sample_failed")
    assert err.value.render("id").startswith("ffmpeg tidak dapat")


def test_frames_from_the_analysis_pass_give_the_same_sections(
    config: Config, tmp_path: Path
) -> None:
    fx = fetched("lower_thirds_busy")
    pr = probe(fx.path)
    analysis = analyze(fx.path, pr, config, tmp_path / "analysis")
    assert analysis.frames_dir is not None
    agency, _, expected, _ = LABELS["lower_thirds_busy"]
    sections = find_sections(entry(config, agency), fx, pr, config, workdir=tmp_path / "work",
                             frames_dir=analysis.frames_dir)  # fmt: skip
    found = {s.id: s.start_s for s in sections if s.present}
    assert set(found) == set(expected)
    assert all(expected[k][0] - 2.5 <= v <= expected[k][1] for k, v in found.items())


def test_frames_read_per_video_are_bounded(tmp_path: Path) -> None:
    frames = framing.sample(fetched("lower_thirds_busy").path, tmp_path, timeout=120)
    assert len(framing.distinct(frames, 90.0)) == 45  # a moving picture: every frame differs
    bounded = framing.distinct(frames, 30.0)  # as if the same frames came from 30 s
    assert len(bounded) == framing.FRAMES_PER_MINUTE
    assert bounded[0].at_s == 0.0 and bounded[-1].at_s >= 80.0  # spread over the whole video


def test_another_competitions_checklist(config_2025: Config, tmp_path: Path) -> None:
    fx = fetched("cards_dark")
    sections = find_sections(entry(config_2025, "Dinas Kesehatan"), fx, probe(fx.path),
                             config_2025, workdir=tmp_path)  # fmt: skip
    by_id = {s.id: s for s in sections}
    assert list(by_id) == [s.id for s in config_2025.sections]
    # the cards name the problem behind the idea and the technical instructions (how it
    # runs); nothing about its impact or a beneficiary's testimony
    assert by_id["gagasan"].present and by_id["pelaksanaan"].present
    assert not by_id["dampak"].present and not by_id["testimoni"].present
