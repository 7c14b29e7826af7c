"""Speech as evidence: what the narrator says, transcribed offline with timestamps.

    transcribe(path, probe, config, matcher=None) -> Transcript   (the runner stores it
                                                                    per media md5, model,
                                                                    settings and matcher)
    heard.spoken_snippets(transcript, matcher) -> [Snippet]       sections heard

Engine: faster-whisper (optional extra ``kipp[speech]``), model from ``speech_model``
(default: the bundled Whisper base), int8 on CPU.  What is read: the first audio stream,
at most ``audio_limit`` seconds (the competition's maximum plus the decode's margin, ``-t``
before ``-i``): a 10-hour upload costs what a 2-minute one does (issue 18: reading it all
cost 77 s and 8.7 GB).

Decoding passes (``PASSES``; issue 18's study, verified in bench/speech):

1. every voiced entry: Silero VAD, beam 1, temperature 0, no previous-text conditioning;
2. only while a required section is still open: VAD off and ``no_speech_threshold=None``
   (faster-whisper otherwise drops a 30-s window with ``no_speech_prob > 0.6`` and
   ``avg_logprob < -1``: whole sentences vanished, the first 30 s of a clip);
3. then, still open: beam 5.

A later pass adds evidence only for sections still open (``heard``).  Always:

- ``language="id"`` forced: automatic detection called espeak Indonesian Thai or Latin.
- ``word_timestamps=True``: words start within 0.5 s of the truth, segments up to 6 s
  early, so evidence times come from the matched words.
- temperature 0 only: faster-whisper's fallback to sampling made transcripts differ
  between runs (5 of 18 clips); greedy and beam at 0 were identical across runs and
  thread counts.
- No ``initial_prompt`` and no ``hotwords`` (not even the agency's name): the model
  recites them as speech (phantom sections, loops of "petunjuk teknis").
- Loops are taken out of every pass (``loops``) and marked on the lines officers read.
- Silero VAD is also a gate: audio with less than ``MIN_VOICE_S`` of voice (music, tones,
  silence) is not transcribed and gives nothing.

Speech is presence evidence only: a section heard is found at the time its words start;
a section not heard stays open for the officer, never failed.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import logging
import os
import time
from functools import lru_cache
from typing import Any

import numpy as np

from pipeline import i18n
from pipeline.config import Config
from pipeline.content import heard, loops, speech_model
from pipeline.content.heard import Matcher
from pipeline.errors import ContentError
from pipeline.media.analyze import DECODE_MARGIN_S
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
SETTINGS: dict[str, Any] = {  # every pass
    "language": "id",
    "word_timestamps": True,
    "temperature": 0.0,
    "condition_on_previous_text": False,
    "initial_prompt": None,
    "hotwords": None,
}
PASSES: tuple[dict[str, Any], ...] = (
    {"vad_filter": True, "beam_size": 1},
    {"vad_filter": False, "beam_size": 1, "no_speech_threshold": None},
    {"vad_filter": False, "beam_size": 5, "no_speech_threshold": None},
)
COMPUTE_TYPE = "int8"
VOICE_GATE = 0.5  # Silero VAD threshold for "is anyone speaking at all"
MIN_VOICE_S = 1.0  # less voice than this in the whole file: not transcribed
NO_MAX_S = 3600.0  # read limit when the competition sets no maximum duration
CACHE_VERSION = 2  # bump when the transcript's shape or the settings' meaning changes
MIN_SCORE = heard.MIN_SCORE


def audio_limit(config: Config) -> float:
    """Seconds of sound read: ``duration.max_s`` (else ``NO_MAX_S``) plus the decode's
    ``DECODE_MARGIN_S``; what lies past the maximum cannot count for the entry."""
    return (config.duration.max_s or NO_MAX_S) + DECODE_MARGIN_S


def settings_key(config: Config, matcher: Matcher | None = None) -> dict[str, Any]:
    """What decides a stored transcript besides the media's md5 (the runner's key): the
    model, the settings, the read limit and, since later passes run only while a required
    section is open, what the matcher listens for."""
    asked = speech_model.choice(config)
    wheels = speech_model.WHEEL_VERSION if asked == speech_model.BASE else None
    return {"model": asked, "wheels": wheels, "compute_type": COMPUTE_TYPE,
            "gate": [VOICE_GATE, MIN_VOICE_S], "settings": SETTINGS, "passes": PASSES,
            "limit_s": audio_limit(config), "listens": _listens(config, matcher),
            "version": CACHE_VERSION}  # fmt: skip


def _listens(config: Config, matcher: Matcher | None) -> str | None:
    if matcher is None:
        return None
    facts = {
        "required": sorted(s.id for s in config.sections if s.required),
        "phrases": {k: [p.compact for p in v] for k, v in sorted(matcher.phrases.items())},
        "blockers": [p.compact for p in matcher.blockers],
        "agency": matcher.agency_id,
        "names": [[n.phrase.compact, n.own, n.exact] for n in matcher.spoken_names.names],
        "rivals": [n.phrase.compact for n in matcher.spoken_names.rivals],
        "min_score": MIN_SCORE,
    }
    return hashlib.sha256(json.dumps(facts, sort_keys=True).encode()).hexdigest()[:16]


def extract_audio(
    path: os.PathLike[str] | str, *, timeout: float, limit_s: float | None = None
) -> np.ndarray:
    """The first audio stream of ``path`` as float32 samples at 16 kHz mono (one ffmpeg
    run, video not decoded), at most ``limit_s`` seconds of it (``-t`` before ``-i``:
    ffmpeg stops reading there).  Raises ContentError when ffmpeg fails or times out."""
    name = os.path.basename(path)
    cap = ["-t", f"{limit_s:g}"] if limit_s is not None else []
    args = ["ffmpeg", "-nostdin", "-hide_banner", "-v", "error", *cap, *media_input(path),
            "-map", "0:a:0", "-vn", "-ac", "1", "-ar", str(RATE), "-f", "s16le", "-"]  # fmt: skip
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


def transcribe(
    path: os.PathLike[str] | str,
    probe: ProbeResult,
    config: Config,
    matcher: Matcher | None = None,
) -> Transcript:
    """What is said in ``path``: pass 1 of ``PASSES``, then each next pass while a
    required section of ``config`` is still open for ``matcher`` (without a matcher, pass
    1 only).  Never raises for a missing extra or model (status ``unavailable``); raises
    ContentError when ffmpeg cannot read the audio."""
    asked = speech_model.display(speech_model.choice(config))
    started = time.perf_counter()
    try:
        source = model_source(config)
    except speech_model.ModelUnavailable as exc:
        return _unavailable(asked, exc)
    facts: dict[str, Any] = {"model": source.name, "origin": source.origin}
    if probe.audio is None:
        return Transcript(status=SpeechStatus.NO_SPEECH, reason="no audio stream", **facts)
    audio = extract_audio(path, timeout=config.tools.decode_timeout_s, limit_s=audio_limit(config))
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
    required = [s.id for s in config.sections if s.required]
    lines: list[tuple[SpokenLine, ...]] = []
    words: tuple[SpokenWord, ...] = ()
    for attempt, options in enumerate(PASSES, start=1):
        segments, _ = model.transcribe(audio, **SETTINGS, **options)
        got_lines, got_words = _collect(segments, attempt, started,
                                        limit=config.tools.decode_timeout_s)  # fmt: skip
        lines.append(got_lines)
        words += got_words
        so_far = Transcript(status=SpeechStatus.HEARD, words=words, **facts)
        if matcher is None or not heard.open_required(so_far, matcher, required):
            break
    return Transcript(status=SpeechStatus.HEARD, audio_s=audio_s, passes=len(lines),
                      lines=loops.shown_lines(lines), words=words,
                      seconds=time.perf_counter() - started, **facts)  # fmt: skip


def _unavailable(asked: str, exc: Exception) -> Transcript:
    log.info("speech evidence unavailable: %s", exc)
    return Transcript(status=SpeechStatus.UNAVAILABLE, model=asked, reason=str(exc))


def _collect(
    segments: Any, attempt: int, started: float, *, limit: float
) -> tuple[tuple[SpokenLine, ...], tuple[SpokenWord, ...]]:
    """One pass's segments as lines and words, loops taken out (across segments: a loop
    runs on from one window to the next)."""
    spans: list[tuple[float, float, int]] = []  # each segment's times and word count
    words: list[SpokenWord] = []
    for seg in segments:  # a generator: the decoding happens here
        said = [
            SpokenWord(
                start_s=round(w.start, 2),
                end_s=round(w.end, 2),
                text=w.word.strip(),
                attempt=attempt,
            )
            for w in seg.words or ()
            if w.word.strip()
        ]
        spans.append((round(seg.start, 2), round(seg.end, 2), len(said)))
        words += said
        if time.perf_counter() - started > limit:
            log.warning("transcription stopped after %.0f s at %.0f s of audio", limit, seg.end)
            break
    kept, flags = loops.unloop(words)
    lines: list[SpokenLine] = []
    at = 0
    for start, end, n in spans:
        line = loops.line_of(start, end, words[at : at + n], flags[at : at + n], attempt)
        at += n
        if line.text or line.dropped:
            lines.append(line)
    return tuple(lines), kept
