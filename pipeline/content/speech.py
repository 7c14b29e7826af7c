"""Speech as evidence: what the narrator says, transcribed offline with timestamps.

    transcribe(path, probe, config) -> Transcript        (the runner stores it per media
                                                         md5, model and settings)
    spoken_snippets(transcript, matcher) -> [Snippet]    sections heard, one per match

Engine: faster-whisper (optional extra ``kipp[speech]``), model from
``speech_model`` (default: the bundled Whisper base).  Settings, measured on the
labelled narrated clips (fixtures/narrated.py, see GOTCHAS "Speech"):

- ``language="id"`` forced: automatic detection called espeak Indonesian Thai or Latin.
- ``word_timestamps=True``: words start within 0.5 s of the truth, segments up to 6 s early,
  so evidence times come from the matched words.
- int8 on CPU, one thread per core; ``beam_size=1``: half the time of beam 5 on a 20 s
  clip, and every labelled section found with it (tests/test_speech.py).
- ``condition_on_previous_text=False`` and ``unloop``: a run can get stuck repeating a word.
- No ``initial_prompt``: one listing the checklist phrases made the model recite it as if
  spoken, a false claim of every section.
- ``vad_filter=False``: on the phone-quality clip (300-3400 Hz, 8 kHz) the filter lost the
  problem (3 of 4 sections heard against 4 of 4 without it).  Silero VAD is used only as a
  gate: audio with no voice at all (music, tones, silence) is not transcribed and gives
  nothing.

Speech is presence evidence only: a section heard is found at the time its words start;
a section not heard stays open for the officer, never failed.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol

import numpy as np
from rapidfuzz.distance import Levenshtein

from pipeline import i18n
from pipeline.config import Config
from pipeline.content import match, speech_model
from pipeline.content.base import Snippet
from pipeline.errors import ContentError
from pipeline.models import ProbeResult, SpeechStatus, SpokenLine, SpokenWord, Transcript
from pipeline.tools import ToolTimeout, media_input, run

log = logging.getLogger(__name__)

i18n.register(
    {
        "content.audio_failed": {
            "id": "ffmpeg tidak dapat mengambil suara dari {path} untuk mendengar narasi: "
            "periksa apakah video dapat diputar dengan suaranya, lalu ulangi.",
            "en": "ffmpeg could not take the sound of {path} to hear the narration: check "
            "that the video plays with sound, then run again.",
        },
        "content.audio_timeout": {
            "id": "Pengambilan suara dari {path} melebihi {timeout} detik: ulangi, atau "
            "naikkan tools.decode_timeout_s di konfigurasi.",
            "en": "Taking the sound of {path} took longer than {timeout} s: run again, or "
            "raise tools.decode_timeout_s in the config.",
        },
    }
)

RATE = 16000  # Whisper's input: 16 kHz mono
SETTINGS: dict[str, Any] = {
    "language": "id",
    "word_timestamps": True,
    "beam_size": 1,
    # greedy only: faster-whisper's default falls back to sampling at temperatures 0.2-1.0
    # when a window decodes badly, so the same file gave other words on another run (the
    # demo's "Betunjuk teknis" came back once as "Betunjuk faknis")
    "temperature": 0.0,
    "condition_on_previous_text": False,
    "vad_filter": False,
    "initial_prompt": None,
}
COMPUTE_TYPE = "int8"
VOICE_GATE = 0.5  # Silero VAD threshold for "is anyone speaking at all"
MIN_VOICE_S = 1.0  # less voice than this in the whole file: not transcribed
MAX_REPEAT = 3  # the same word more often in a row is a decoding loop: the rest is dropped
CONTEXT_WORDS = 4  # words of context kept around a match in the evidence text
# A heard phrase must keep this share of the phrase's letters (Levenshtein similarity of
# the compact forms).  Measured on the labelled narrated set over six music-bed seeds:
# every true match scored >= 0.80; a misheard "pata -tala" taken for "tata cara" scored
# 0.55 and was a false claim of petunjuk_teknis.
MIN_SCORE = 0.75
CACHE_VERSION = 1  # bump when the transcript's shape or the settings' meaning changes


def settings_key(config: Config) -> dict[str, Any]:
    """What decides a stored transcript besides the media's md5 (the runner's key)."""
    asked = speech_model.choice(config)
    wheels = speech_model.WHEEL_VERSION if asked == speech_model.BASE else None
    return {"model": asked, "wheels": wheels, "compute_type": COMPUTE_TYPE,
            "gate": [VOICE_GATE, MIN_VOICE_S], "settings": SETTINGS,
            "version": CACHE_VERSION}  # fmt: skip


def extract_audio(path: os.PathLike[str] | str, *, timeout: float) -> np.ndarray:
    """The first audio stream of ``path`` as float32 samples at 16 kHz mono (one ffmpeg
    run, video not decoded).  Raises ContentError when ffmpeg fails or times out."""
    name = os.path.basename(path)
    args = ["ffmpeg", "-nostdin", "-hide_banner", "-v", "error", *media_input(path), "-map",
            "0:a:0", "-vn", "-ac", "1", "-ar", str(RATE), "-f", "s16le", "-"]  # fmt: skip
    try:
        result = run(args, timeout=timeout)
    except ToolTimeout as exc:
        raise ContentError("content.audio_timeout", path=name, timeout=f"{timeout:g}") from exc
    if result.returncode != 0:
        raise ContentError(
            "content.audio_failed",
            path=name,
            detail=result.stderr_text.strip()[-300:] or f"exit {result.returncode}",
        )
    pcm = np.frombuffer(result.stdout[: len(result.stdout) // 2 * 2], dtype=np.int16)
    return pcm.astype(np.float32) / 32768.0


def voice_seconds(audio: np.ndarray) -> float:
    """Seconds Silero VAD (shipped with faster-whisper) hears as voice."""
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    spans = get_speech_timestamps(audio, VadOptions(threshold=VOICE_GATE))
    return sum(s["end"] - s["start"] for s in spans) / RATE


@lru_cache(maxsize=2)
def _load(load: str, offline: bool) -> Any:
    from faster_whisper import WhisperModel

    return WhisperModel(load, device="cpu", compute_type=COMPUTE_TYPE,
                        cpu_threads=os.cpu_count() or 1, local_files_only=offline)  # fmt: skip


def model_source(config: Config) -> speech_model.ModelSource:
    """The model asked for and where it comes from (cheap: nothing is loaded).  Raises
    ModelUnavailable with the reason (no extra, ``off``, no such folder, damaged wheels)."""
    if importlib.util.find_spec("faster_whisper") is None:
        raise speech_model.ModelUnavailable(
            "faster-whisper is not installed: pip install 'kipp[speech]'"
        )
    return speech_model.resolve(speech_model.choice(config))


def load_model(source: speech_model.ModelSource) -> Any:
    """The Whisper model, loaded once per process; ModelUnavailable when faster-whisper
    cannot load it (a broken folder, a hub that cannot be reached)."""
    try:
        return _load(source.load, source.offline)
    except Exception as exc:  # CTranslate2/hub errors have no common base
        detail = str(exc).replace(source.load, source.name)[:200]
        raise speech_model.ModelUnavailable(
            f"the speech model {source.name} cannot be loaded ({type(exc).__name__}: "
            f"{detail}): check [speech] model / {speech_model.ENV}"
        ) from exc


def transcribe(path: os.PathLike[str] | str, probe: ProbeResult, config: Config) -> Transcript:
    """What is said in ``path``.  Never raises for a missing extra or model (status
    ``unavailable``); raises ContentError when ffmpeg cannot read the audio."""
    asked = speech_model.display(speech_model.choice(config))
    started = time.perf_counter()
    try:
        source = model_source(config)
    except speech_model.ModelUnavailable as exc:
        return _unavailable(asked, exc)
    facts: dict[str, Any] = {"model": source.name, "origin": source.origin}
    if probe.audio is None:
        return Transcript(status=SpeechStatus.NO_SPEECH, reason="no audio stream", **facts)
    audio = extract_audio(path, timeout=config.tools.decode_timeout_s)
    audio_s = audio.size / RATE
    voice = voice_seconds(audio)
    if voice < MIN_VOICE_S:
        return Transcript(status=SpeechStatus.NO_SPEECH, audio_s=audio_s,
                          seconds=time.perf_counter() - started,
                          reason=f"no voice heard ({voice:.1f} s)", **facts)  # fmt: skip
    try:
        model = load_model(source)
    except speech_model.ModelUnavailable as exc:
        return _unavailable(asked, exc)
    segments, _ = model.transcribe(audio, **SETTINGS)
    lines, words = _collect(segments, started, limit=config.tools.decode_timeout_s)
    return Transcript(status=SpeechStatus.HEARD, audio_s=audio_s, lines=lines,
                      words=unloop(words), seconds=time.perf_counter() - started,
                      **facts)  # fmt: skip


def _unavailable(asked: str, exc: Exception) -> Transcript:
    log.info("speech evidence unavailable: %s", exc)
    return Transcript(status=SpeechStatus.UNAVAILABLE, model=asked, reason=str(exc))


def _collect(
    segments: Any, started: float, *, limit: float
) -> tuple[tuple[SpokenLine, ...], tuple[SpokenWord, ...]]:
    lines: list[SpokenLine] = []
    words: list[SpokenWord] = []
    for seg in segments:  # a generator: the decoding happens here
        lines.append(SpokenLine(start_s=round(seg.start, 2), end_s=round(seg.end, 2),
                                text=seg.text.strip()))  # fmt: skip
        words += [
            SpokenWord(start_s=round(w.start, 2), end_s=round(w.end, 2), text=w.word.strip())
            for w in seg.words or ()
            if w.word.strip()
        ]
        if time.perf_counter() - started > limit:
            log.warning("transcription stopped after %.0f s at %.0f s of audio", limit, seg.end)
            break
    return tuple(lines), tuple(words)


def unloop(words: Sequence[SpokenWord]) -> tuple[SpokenWord, ...]:
    """``words`` without runs of one word beyond ``MAX_REPEAT`` (a decoding loop)."""
    out: list[SpokenWord] = []
    run_len = 0
    for w in words:
        same = bool(out) and match.normalize(out[-1].text) == match.normalize(w.text)
        run_len = run_len + 1 if same else 1
        if run_len <= MAX_REPEAT:
            out.append(w)
    return tuple(out)


# ---------------------------------------------------------------------- matching
class Matcher(Protocol):
    """What ``SectionMatcher`` (pipeline.content) offers: phrases per section, and the
    phrases masked first (the competition's name, the innovation's title)."""

    phrases: dict[str, tuple[match.Phrase, ...]]
    blockers: tuple[match.Phrase, ...]


@dataclass(frozen=True)
class _Token:
    text: str  # normalised, one word
    word: int  # index of the spoken word it came from


def _tokens(words: Sequence[SpokenWord]) -> list[_Token]:
    return [_Token(t, i) for i, w in enumerate(words) for t in match.words(w.text)]


def spoken_snippets(transcript: Transcript | None, matcher: Matcher) -> list[Snippet]:
    """One Snippet per section phrase heard: started when its first word starts, with the
    words heard around it and the similarity score (``section_id`` set)."""
    if transcript is None or not transcript.words:
        return []
    words = transcript.words
    tokens = _tokens(words)
    raw = [t.text for t in tokens]
    blocked: set[int] = set()
    for p in matcher.blockers:
        for i, j in match.spans(p, raw):
            blocked.update(range(i, j))
    kept = [k for k in range(len(tokens)) if k not in blocked]
    found: list[Snippet] = []
    for sid, phrases in matcher.phrases.items():
        # the agency's name counts even inside the innovation's title (as on screen)
        index = list(range(len(tokens))) if sid == "nama_instansi" else kept
        ws = [raw[k] for k in index]
        for p in phrases:
            for i, j in match.spans(p, ws):
                first, last = tokens[index[i]].word, tokens[index[j - 1]].word
                heard = "".join(ws[i:j])
                score = Levenshtein.normalized_similarity(p.compact, heard)
                if score < MIN_SCORE:
                    continue
                found.append(_snippet(words, first, last, sid, round(score, 2)))
    return found


def _snippet(words: Sequence[SpokenWord], first: int, last: int, sid: str, score: float) -> Snippet:
    lo, hi = max(0, first - CONTEXT_WORDS), min(len(words), last + 1 + CONTEXT_WORDS)
    text = " ".join(w.text for w in words[lo:hi])
    return Snippet("speech", words[first].start_s, words[last].end_s, text, section_id=sid,
                   score=score)  # fmt: skip
