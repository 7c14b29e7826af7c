"""The fetch and analysis stages of one entry, each result stored under the digest of
the inputs that decide it and reused while they stay the same."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from pydantic import TypeAdapter

from pipeline import __version__
from pipeline.errors import EntryError, FetchError, OwnWorkError, UsageError, WrongSource
from pipeline.fetch import FetchContext, fetch
from pipeline.media import fingerprint
from pipeline.media.analyze import analyze
from pipeline.media.probe import probe
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
from pipeline.runner.results import (
    Cache,
    StageFailed,
    StoredStage,
    get_or_compute,
    record,
    stage_key,
)
from pipeline.runner.work import _SECTIONS, Env, InternalError, Work

_FETCHED = TypeAdapter(Fetched)
_PROBE = TypeAdapter(ProbeResult)
_ANALYSIS = TypeAdapter(Analysis)
_TRANSCRIPT = TypeAdapter(Transcript)

log = logging.getLogger(__name__)


# ----------------------------------------------------------------------- keys
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


def _guard(work: Work, step: Callable[[Work, Env], Work], env: Env) -> Work:
    """Run one step of one entry; its problems become the entry's error."""
    try:
        return step(work, env)
    except StageFailed as failed:  # the error, and what the attempt cost
        log.info("%s: %s", work.entry.agency, failed.error)
        return replace(work, error=failed.error, failed=failed.result)
    except EntryError as exc:
        log.info("%s: %s", work.entry.agency, exc)
        return replace(work, error=exc)
    except (UsageError, OwnWorkError):  # the whole run stops: a tool missing, a full disk
        raise
    except Exception as exc:  # one entry's bug must not stop the batch
        log.exception("unexpected failure on entry %s (%s)", work.entry.entry_id, work.entry.agency)
        error = InternalError("runner.internal", kind=type(exc).__name__, text=str(exc)[:200])
        return replace(work, error=error)


def _cache(work: Work, env: Env) -> Cache:
    return Cache(env.store, work.entry.entry_id, work.entry.agency, env.clock, not work.force)


# --------------------------------------------------------------------- stages
def fetch_stage(work: Work, env: Env) -> Work:
    """Fetch the file (Drive: metadata first; the download cache keeps unchanged files).
    The fetch always runs (its facts make the key of every later stage); its result is
    stored under the digest of ``source_inputs``."""
    return _guard(work, _fetch, env)


def _fetch(work: Work, env: Env) -> Work:
    started, wall = time.perf_counter(), time.time()
    cache, link = _cache(work, env), work.entry.link
    recalled: list[FetchError] = []

    def remembered(facts: SourceFacts) -> FetchError | None:
        error = _recall(cache, link, facts)
        if error is not None:
            recalled.append(error)  # raised again as it is: no need to store it again
        return error

    sink = env.progress
    downloaded = (lambda n, total: sink(work.entry, "fetch", float(n))) if sink else None
    ctx = FetchContext(
        env.config, env.cache_dir / "downloads", env.drive, remembered=remembered,
        on_progress=downloaded, youtube=env.youtube,
    )  # fmt: skip
    try:
        fetched = fetch(work.entry, ctx)
    except WrongSource as exc:
        if exc not in recalled:
            _remember(cache, link, exc)
        raise
    seconds = time.perf_counter() - started
    inputs = source_inputs(fetched.source, work.entry.link)
    result = record(_cache(work, env), "fetch", inputs, _FETCHED, fetched, seconds)
    return replace(work, fetch=result, downloaded=downloaded_bytes(fetched, since=wall))


def _recall(cache: Cache, link: str, facts: SourceFacts) -> FetchError | None:
    """The failure remembered for this very version of the file (same link, id, md5,
    modifiedTime, size), rebuilt with today's facts; None when there is none or the run
    is forced."""
    known = cache.recall("fetch", source_inputs(facts, link))
    if known is None:
        return None
    return WrongSource(known.key, source_facts=facts, detail=known.detail, **known.params)


def _remember(cache: Cache, link: str, exc: WrongSource) -> None:
    """Keep a failure in the file itself (a web page, an archive, a document) under the
    file's version, like a successful fetch: the next run does not download it again.
    Only failures Drive described the file for (``source_facts``) can be keyed."""
    if exc.source_facts is not None:
        cache.remember("fetch", source_inputs(exc.source_facts, link), exc, 0.0)


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
    """probe + analyze (full decode) + speech + content, each reused while its inputs (the
    fetch key, the tool version, the config digest, the entry's registry facts; for
    speech the file's md5, the model and its settings) are unchanged.  A step that fails
    keeps the results of the steps before it."""
    for step in (_probe, _analysis, _speech, _content):
        if work.error is not None or work.fetch is None:
            break
        work = _guard(work, step, env)
    return work


def _inputs(work: Work, env: Env, stage: StoredStage) -> dict[str, Any]:
    """What decides each analysis step's result (its key is their digest)."""
    assert work.fetch is not None
    inputs: dict[str, Any] = {"fetch": work.fetch.key, "tool": __version__}
    if stage != "probe":
        inputs["config"] = env.config.digest
    if stage == "content":
        inputs["entry"] = _content_inputs(work.entry, work.fetch.value)
        inputs["speech"] = work.speech.key if work.speech else None
    return inputs


def _probe(work: Work, env: Env) -> Work:
    fetched, timeout = _fetched(work), env.config.tools.probe_timeout_s
    result = get_or_compute(
        _cache(work, env), "probe", _inputs(work, env, "probe"), _PROBE,
        lambda: probe(fetched.path, timeout=timeout, name=fetched.source.name),
        usable=lambda p: p.timing is not None,  # stored before duration provenance
    )  # fmt: skip
    return replace(work, probe=result)


def _analysis(work: Work, env: Env) -> Work:
    fetched, probed = _fetched(work), work.probed
    assert probed is not None
    workdir = env.workdir / work.entry.entry_id
    sink = env.progress
    decoded = (lambda share: sink(work.entry, "analysis", share)) if sink else None
    inputs = _inputs(work, env, "analysis")
    key, entry_id = stage_key("analysis", inputs), work.entry.entry_id

    def compute() -> Analysis:
        analysis = analyze(fetched.path, probed, env.config, workdir, decoded)
        if analysis.fingerprint is not None:  # kept apart: reports never carry it
            env.store.put_fingerprint(
                entry_id, key, fetched.source.md5, analysis.fingerprint, env.clock()
            )
        return analysis.model_copy(update={"fingerprint": None})  # as a reused one reads

    result = get_or_compute(
        _cache(work, env), "analysis", inputs, _ANALYSIS, compute,
        usable=lambda a: (a.frames_dir is None or a.frames_dir.is_dir())
        and env.store.has_fingerprint(entry_id, key, fingerprint.VERSION),
    )  # fmt: skip
    return replace(work, analysis=result)


def _speech(work: Work, env: Env) -> Work:
    """The transcript of the entry's audio, stored per media md5, model, settings and what
    the matcher listens for (not the whole config or kipp version).  An
    ``unavailable`` result (no extra, no model) is never reused."""
    from pipeline.content import SectionMatcher, speech  # numpy; faster-whisper when used

    fetched, probed = _fetched(work), work.probed
    assert probed is not None and work.fetch is not None
    matcher = SectionMatcher(env.config, work.entry)  # later passes only while sections are open
    inputs = {"md5": fetched.source.md5 or work.fetch.key,
              **speech.settings_key(env.config, matcher)}  # fmt: skip
    result = get_or_compute(
        _cache(work, env), "speech", inputs, _TRANSCRIPT,
        lambda: speech.transcribe(fetched.path, probed, env.config, matcher),
        usable=lambda t: t.status != SpeechStatus.UNAVAILABLE,
    )  # fmt: skip
    return replace(work, speech=result)


def _content(work: Work, env: Env) -> Work:
    fetched, probed, analysed = _fetched(work), work.probed, work.analysed
    assert probed is not None and analysed is not None
    heard = work.transcript
    result = get_or_compute(
        _cache(work, env), "content", _inputs(work, env, "content"), _SECTIONS,
        lambda: compute_sections(work.entry, fetched, probed, analysed, env, heard),
        usable=lambda found: found is not None,  # None: stored before content existed
    )  # fmt: skip
    return replace(work, content=result)


def _fetched(work: Work) -> Fetched:
    assert work.fetch is not None
    return work.fetch.value


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
