"""The fetch and analysis stages of one entry, each result stored under the digest of
the inputs that decide it and reused while they stay the same."""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Callable
from typing import Any

from pydantic import TypeAdapter

from pipeline import __version__
from pipeline.analyze import analyze
from pipeline.errors import EntryError, UsageError
from pipeline.fetch import FetchContext, fetch
from pipeline.models import (
    Analysis,
    Entry,
    Fetched,
    ProbeResult,
    Section,
    SourceFacts,
    SpeechStatus,
    Transcript,
)
from pipeline.probe import probe
from pipeline.runner.work import _SECTIONS, Env, InternalError, T, Work

log = logging.getLogger(__name__)


# ----------------------------------------------------------------------- keys
def digest(inputs: dict[str, Any]) -> str:
    text = json.dumps(inputs, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def source_inputs(source: SourceFacts, link: str) -> dict[str, Any]:
    """What decides whether a fetched file is the same: the link and the file's identity
    (local: size + mtime + md5; Drive: id + md5 + modifiedTime + size from files.get)."""
    return {
        "link": link.strip(),
        "kind": source.kind,
        "file_id": source.file_id,
        "size": source.size,
        "md5": source.md5,
        "modified_time": source.modified_time.isoformat() if source.modified_time else None,
    }


def _guard(work: Work, what: Callable[[], None]) -> None:
    """Run one stage of one entry; its problems become the entry's error."""
    try:
        what()
    except EntryError as exc:
        log.info("%s: %s", work.entry.agency, exc)
        work.error = exc
    except UsageError:
        raise
    except Exception as exc:  # one entry's bug must not stop the batch
        log.exception("unexpected failure on entry %s (%s)", work.entry.entry_id, work.entry.agency)
        work.error = InternalError("runner.internal", kind=type(exc).__name__, text=str(exc)[:200])


def _cached(
    work: Work,
    env: Env,
    stage: str,
    inputs: dict[str, Any],
    adapter: TypeAdapter[T],
    compute: Callable[[], T],
    usable: Callable[[T], bool] = lambda _: True,
) -> T:
    """The stage's stored result for these inputs, else compute and store it."""
    key = digest({"stage": stage, **inputs})
    work.keys[stage] = key
    if not work.force and (text := env.store.get_result(work.entry.entry_id, stage, key)):
        try:
            value = adapter.validate_json(text)
        except ValueError as exc:
            log.info(
                "stored %s result of %s unreadable, redoing: %s", stage, work.entry.agency, exc
            )
        else:
            if usable(value):
                work.reused.append(stage)
                log.info("%s: %s unchanged, stored result reused", work.entry.agency, stage)
                return value
    started = time.perf_counter()
    value = compute()
    seconds = time.perf_counter() - started
    work.seconds[stage] = seconds
    log.info("%s: %s done in %.2f s", work.entry.agency, stage, seconds)
    env.store.put_result(
        work.entry.entry_id,
        stage,
        key,
        inputs=inputs,
        result_json=adapter.dump_json(value).decode("utf-8"),
        seconds=seconds,
        now=env.clock(),
    )
    return value


# --------------------------------------------------------------------- stages
def fetch_stage(work: Work, env: Env) -> Work:
    """Fetch the file (Drive: metadata first; the download cache keeps unchanged files)."""

    def run() -> None:
        started, wall = time.perf_counter(), time.time()
        ctx = FetchContext(env.config, env.cache_dir / "downloads", env.drive)
        work.fetched = fetched = fetch(work.entry, ctx)
        work.seconds["fetch"] = time.perf_counter() - started
        log.info("%s: fetched %s in %.2f s", work.entry.agency, fetched.source.name,
                 work.seconds["fetch"])  # fmt: skip
        work.downloaded = downloaded_bytes(fetched, since=wall)
        inputs = source_inputs(fetched.source, work.entry.link)
        work.keys["source"] = key = digest(inputs)
        env.store.put_result(
            work.entry.entry_id,
            "fetch",
            key,
            inputs=inputs,
            result_json=fetched.model_dump_json(),
            seconds=work.seconds["fetch"],
            now=env.clock(),
        )

    _guard(work, run)
    return work


def downloaded_bytes(fetched: Fetched, *, since: float) -> int:
    """Bytes this fetch downloaded: a Drive file written into the cache during it."""
    if fetched.source.kind == "local":
        return 0
    try:
        stat = fetched.path.stat()
    except OSError:
        return 0
    return stat.st_size if stat.st_mtime >= since - 1 else 0


def analysis_stage(work: Work, env: Env) -> Work:
    """probe + analyze (full decode) + content, each reused when its inputs are unchanged."""
    if work.error is not None or work.fetched is None:
        return work
    fetched, source = work.fetched, work.keys["source"]
    base = {"source": source, "tool": __version__}
    config = {**base, "config": env.config.digest}
    workdir = env.workdir / work.entry.entry_id

    def run() -> None:
        work.probe = p = _cached(
            work, env, "probe", base, TypeAdapter(ProbeResult),
            lambda: probe(
                fetched.path, timeout=env.config.tools.probe_timeout_s, name=fetched.source.name
            ),
            usable=lambda p: p.timing is not None,  # stored before duration provenance
        )  # fmt: skip
        work.analysis = a = _cached(
            work, env, "analysis", config, TypeAdapter(Analysis),
            lambda: analyze(fetched.path, p, env.config, workdir),
            usable=lambda a: a.frames_dir is None or a.frames_dir.is_dir(),
        )  # fmt: skip
        work.speech = t = speech_stage(work, env, fetched, p)
        inputs = {**config, "entry": _content_inputs(work.entry, fetched),
                  "speech": work.keys["speech"]}  # fmt: skip
        work.sections = _cached(
            work, env, "content", inputs, _SECTIONS,
            lambda: compute_sections(work.entry, fetched, p, a, env, t),
            usable=lambda found: found is not None,  # None: stored before content existed
        )  # fmt: skip

    _guard(work, run)
    return work


def speech_stage(work: Work, env: Env, fetched: Fetched, probed: ProbeResult) -> Transcript:
    """The transcript of the entry's audio, stored per media md5, model and settings (not
    the config or kipp version: a keyword change does not transcribe again).  An
    ``unavailable`` result (no extra, no model) is never reused."""
    from pipeline.content import speech  # numpy, and faster-whisper when transcribing

    inputs = {"md5": fetched.source.md5 or work.keys["source"], **speech.settings_key(env.config)}
    return _cached(
        work, env, "speech", inputs, TypeAdapter(Transcript),
        lambda: speech.transcribe(fetched.path, probed, env.config),
        usable=lambda t: t.status != SpeechStatus.UNAVAILABLE,
    )  # fmt: skip


def _content_inputs(entry: Entry, fetched: Fetched) -> dict[str, Any]:
    sidecars = []
    for path in fetched.sidecars:
        try:
            st = path.stat()
            sidecars.append([path.name, st.st_size, st.st_mtime_ns])
        except OSError:
            sidecars.append([path.name, None, None])
    return {
        "agency": [entry.agency, entry.agency_canonical, list(entry.agency_aliases)],
        "innovation_type": entry.innovation_type,
        "declared": entry.declared,
        "sidecars": sidecars,
    }


def compute_sections(
    entry: Entry,
    fetched: Fetched,
    probed: ProbeResult,
    analysis: Analysis,
    env: Env,
    speech: Transcript | None = None,
) -> tuple[Section, ...]:
    """THE CONTENT STAGE CALL SITE: the checklist's sections found in the video, read from
    the analysis pass's frames (``env.find_sections`` stands in for it in tests).  Review
    decisions are attached later, in the report stage, as they change without the file."""
    if env.find_sections is not None:
        finder = env.find_sections
    else:  # OCR brings numpy and tesseract: loaded on the first entry that needs it
        from pipeline.content import find_sections as finder
    return finder(
        entry,
        fetched,
        probed,
        env.config,
        workdir=env.workdir / entry.entry_id,
        frames_dir=analysis.frames_dir,
        speech=speech,
    )
