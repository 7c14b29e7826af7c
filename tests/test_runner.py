"""The staged runner on real sample media with a real store: reuse, force, changes,
per-entry errors, overlap of the stages, and repairing files after a crash."""

from __future__ import annotations

import json
import shutil
import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from pipeline.errors import ToolMissing
from pipeline.models import Entry, Section
from pipeline.registry import load_registry
from pipeline.runner import Env, run_batch, validate
from pipeline.session import open_work
from pipeline.staged import Stage, run_stages
from pipeline.store import Store

NOW = datetime(2024, 5, 31, 12, 0, tzinfo=UTC)
VIDEOS = {
    "Dinas Sosial": "valid_90",
    "Kecamatan Airmadidi": "short_59",
    "Dinas Pendidikan": "exact_60",
    "Badan Pendapatan Daerah": "text_as_mp4",
}


def write_registry(folder: Path, make_media, videos: dict[str, str] = VIDEOS) -> Path:
    (folder / "v").mkdir(parents=True, exist_ok=True)
    rows = []
    for agency, name in videos.items():
        src = make_media(name)
        dst = folder / "v" / f"{agency.replace(' ', '_')}{src.suffix}"
        shutil.copyfile(src, dst)
        rows.append(f"{agency},Pelayanan Publik,v/{dst.name}")
    path = folder / "r.csv"
    path.write_text("Nama Instansi,Jenis Inovasi,Link Video\n" + "\n".join(rows) + "\n", "utf-8")
    return path


def all_found(entry, fetched, probe, config, *, workdir, frames_dir=None, speech=None):
    """Content stand-in: every checklist section found (the content stage has its own tests)."""
    return tuple(
        Section(id=s.id, label=s.label, required=s.required, present=True) for s in config.sections
    )


@pytest.fixture
def world(tmp_path, make_media, config) -> Iterator[tuple[Env, list[Entry]]]:
    registry = write_registry(tmp_path, make_media)
    out = tmp_path / "out"
    with Store.open(out) as store:
        env = Env(
            config=config,
            out=out,
            lang="en",
            cache_dir=out / ".kipp" / "cache",
            store=store,
            clock=lambda: NOW,
            find_sections=all_found,
        )
        yield env, load_registry(registry, config)


def versions(env: Env, entry_id: str) -> list[str]:
    return sorted(p.name for p in (env.out / entry_id / "history").iterdir())


def test_an_unchanged_second_run_reuses_everything_and_adds_no_version(world):
    env, entries = world
    first = run_batch(entries, env, analysis_workers=2)
    assert [o.status for o in first] == ["new"] * 4
    assert "analysis" in first[0].seconds and first[0].reused == ()
    assert first[3].report.verdict.value == "fail"  # text file: stops at probe
    second = run_batch(entries, env, analysis_workers=2)
    assert [o.status for o in second] == ["unchanged"] * 4
    for o in second[:3]:
        assert set(o.seconds) == {"fetch"}  # only the (local: md5) fetch ran
        assert set(o.reused) == {"probe", "analysis", "speech", "content"}
        assert o.report == first[second.index(o)].report
    assert versions(env, "dinas-sosial") == ["v0001.json"]


def test_force_redoes_every_stage_and_adds_a_version(world):
    env, entries = world
    run_batch(entries, env)
    forced = run_batch(entries, env, force=True)
    assert all(o.status == "updated" and o.report.version == 2 for o in forced)
    assert set(forced[0].seconds) == {"fetch", "probe", "analysis", "speech", "content"}
    assert versions(env, "dinas-sosial") == ["v0001.json", "v0002.json"]


def test_a_changed_file_is_analysed_again_and_only_it(world, make_media):
    env, entries = world
    run_batch(entries, env)
    path = next(e for e in entries if e.agency == "Kecamatan Airmadidi").link
    shutil.copyfile(make_media("valid_90"), env.out.parent / path)  # the agency fixed it
    again = {o.entry.agency: o for o in run_batch(entries, env)}
    fixed = again["Kecamatan Airmadidi"]
    assert fixed.status == "updated" and fixed.report.verdict.value == "pass"
    assert "analysis" in fixed.seconds and fixed.report.version == 2
    assert again["Dinas Sosial"].status == "unchanged"


def test_a_new_config_redoes_analysis_but_not_probe(world):
    env, entries = world
    run_batch(entries, env)
    changed = replace(env, config=env.config.model_copy(update={"digest": "other"}))
    o = run_batch(entries[:1], changed)[0]
    assert "analysis" in o.seconds and "probe" in o.reused


@pytest.mark.allow_error_logs
def test_an_unexpected_bug_is_that_entrys_error_and_the_batch_goes_on(world, caplog):
    env, entries = world

    def broken(entry, *args, **kwargs):
        if entry.agency == "Dinas Sosial":
            raise RuntimeError("boom")
        return ()

    outcomes = run_batch(entries, replace(env, find_sections=broken))
    assert outcomes[0].report.verdict.value == "error"
    assert (
        "Internal kipp error" in outcomes[0].report.reason and "boom" in outcomes[0].report.reason
    )
    assert outcomes[2].report.verdict.value == "pass"
    assert [r for r in caplog.records if r.levelname == "ERROR"]


def test_a_usage_error_stops_the_batch(world):
    env, entries = world

    def missing(*args, **kwargs):
        raise ToolMissing("tesseract is needed but was not found")

    with pytest.raises(ToolMissing):
        run_batch(entries, replace(env, find_sections=missing))


def test_sections_from_the_content_call_site_reach_the_report(world):
    env, entries = world

    def finder(entry, fetched, probe, config, *, workdir, frames_dir=None, speech=None):
        return tuple(
            Section(id=s.id, label=s.label, required=s.required, present=s.id != "masalah")
            for s in config.sections
        )

    report = validate(entries[0], replace(env, find_sections=finder)).report
    assert report.verdict.value == "needs_review"
    assert [s.id for s in report.sections if not s.present] == ["masalah"]


def test_missing_report_files_are_written_again_without_a_new_version(world):
    env, entries = world
    run_batch(entries[:1], env)
    folder = env.out / "dinas-sosial"
    (folder / "report.json").unlink()
    (folder / "history" / "v0001.json").unlink()
    o = run_batch(entries[:1], env)[0]
    assert o.status == "unchanged" and o.report.version == 1
    assert json.loads((folder / "report.json").read_text("utf-8"))["version"] == 1
    assert versions(env, "dinas-sosial") == ["v0001.json"]


def test_history_files_from_before_the_store_are_never_overwritten(world):
    env, entries = world
    old = env.out / "dinas-sosial" / "history" / "v0003.json"
    old.parent.mkdir(parents=True)
    old.write_text("{}", "utf-8")
    with open_work(env.out) as store:  # opening the work folder repairs it once
        o = run_batch(entries[:1], replace(env, store=store))[0]
    assert o.report.version == 4 and old.read_text("utf-8") == "{}"


def test_opening_the_work_folder_rewrites_history_files_from_the_store(world):
    env, entries = world
    run_batch(entries[:1], env)
    run_batch(entries[:1], env, force=True)
    folder = env.out / "dinas-sosial"
    kept = (folder / "history" / "v0002.json").read_text("utf-8")
    (folder / "history" / "v0002.json").unlink()
    (folder / "report.json").unlink()
    with open_work(env.out):
        pass
    assert versions(env, "dinas-sosial") == ["v0001.json", "v0002.json"]
    assert (folder / "history" / "v0002.json").read_text("utf-8") == kept
    assert (folder / "report.json").read_text("utf-8") == kept


def test_a_history_file_newer_than_the_store_is_imported_once(world):
    env, entries = world
    run_batch(entries[:1], env)
    folder = env.out / "dinas-sosial"
    first = json.loads((folder / "history" / "v0001.json").read_text("utf-8"))
    newer = folder / "history" / "v0005.json"  # written by a store that was moved away
    newer.write_text(json.dumps({**first, "version": 5, "reason": "from before"}), "utf-8")
    with open_work(env.out) as store:
        assert [r.version for r in store.reports("dinas-sosial")] == [1, 5]
        o = run_batch(entries[:1], replace(env, store=store), force=True)[0]
    with open_work(env.out) as store:  # a second opening imports nothing again
        assert [r.version for r in store.reports("dinas-sosial")] == [1, 5, 6]
    assert o.report.version == 6
    assert json.loads(newer.read_text("utf-8"))["reason"] == "from before"
    assert versions(env, "dinas-sosial") == ["v0001.json", "v0005.json", "v0006.json"]


def test_stages_overlap_a_fetch_waits_for_an_analysis_to_start():
    """Item 1's fetch cannot finish until item 0's analysis started: passes only when an
    entry moves on as soon as its fetch ends while other fetches still run."""
    analysing = threading.Event()

    def fetch(i: int) -> int:
        if i == 1:
            assert analysing.wait(10), "analysis never started while a fetch was running"
        return i

    def analyse(i: int) -> int:
        analysing.set()
        return i * 10

    got: list[int] = []
    run_stages(range(4), [Stage("fetch", fetch, 2), Stage("analysis", analyse, 1)], got.append)
    assert sorted(got) == [0, 10, 20, 30]


def test_a_failing_stage_stops_the_run_and_raises_its_error():
    def fetch(i: int) -> int:
        if i == 3:
            raise ToolMissing("ffmpeg is needed")
        return i

    got: list[int] = []
    with pytest.raises(ToolMissing):
        run_stages(
            range(50), [Stage("fetch", fetch, 2), Stage("report", lambda i: i, 1)], got.append
        )
    assert len(got) < 50


def test_library_use_needs_no_store(tmp_path, make_media, config):
    """Env without a store (as stage tests build it): a throwaway one, versions from files."""
    registry = write_registry(tmp_path, make_media, {"Dinas Sosial": "valid_90"})
    (entry,) = load_registry(registry, config)
    out = tmp_path / "out"
    env = Env(
        config=config, out=out, lang="id", cache_dir=tmp_path / "cache", find_sections=all_found
    )
    assert validate(entry, env).report.version == 1
    fresh = Env(
        config=config, out=out, lang="id", cache_dir=tmp_path / "cache", find_sections=all_found
    )
    assert validate(entry, fresh).report.version == 2
    env.store.close()
    fresh.store.close()


def test_a_stage_result_says_its_key_seconds_and_reuse() -> None:
    """get_or_compute hands back the value with what makes it valid, as data."""
    from pydantic import TypeAdapter

    from pipeline.runner.results import Cache, get_or_compute, stage_key

    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return 42

    adapter = TypeAdapter(int)
    with Store.memory() as store:
        cache = Cache(store, "dinas-sosial", "Dinas Sosial", lambda: NOW)
        inputs = {"source": "abc", "tool": "1"}
        first = get_or_compute(cache, "probe", inputs, adapter, compute)
        again = get_or_compute(cache, "probe", inputs, adapter, compute)
        other = get_or_compute(cache, "probe", {**inputs, "tool": "2"}, adapter, compute)
        forced = get_or_compute(replace(cache, reuse=False), "probe", inputs, adapter, compute)
    assert (first.value, first.reused, first.key) == (42, False, stage_key("probe", inputs))
    assert (again.value, again.reused, again.seconds, again.key) == (42, True, 0.0, first.key)
    assert other.key != first.key and not other.reused
    assert not forced.reused and forced.key == first.key
    assert len(calls) == 3


def test_remembered_failures_are_one_shape_under_their_stages_key() -> None:
    """A decode timeout and a fetch's wrong file are kept alike (Cache.remember): a
    RememberedFailure in the ``<stage>_failed`` row under the key a result of the same
    inputs has; recalled instead of computed again, not when forced.  Rows the earlier
    code wrote (an analysis failure without ``detail``, a fetch failure under its old
    key) are still recalled."""
    from pydantic import TypeAdapter

    from pipeline.errors import AnalysisError, WrongSource
    from pipeline.models import RememberedFailure
    from pipeline.runner.results import Cache, StageFailed, digest, get_or_compute, stage_key

    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        raise AnalysisError("analyze.timeout", path="a.mp4", timeout="0.001")

    adapter = TypeAdapter(int)
    inputs, older = {"source": "abc", "tool": "1"}, {"source": "def", "tool": "1"}
    with Store.memory() as store:
        cache = Cache(store, "dinas-sosial", "Dinas Sosial", lambda: NOW)
        with pytest.raises(StageFailed) as first:
            get_or_compute(cache, "analysis", inputs, adapter, compute)
        stored = store.get_result("dinas-sosial", "analysis_failed", stage_key("analysis", inputs))
        assert json.loads(stored or "") == {
            "key": "analyze.timeout",
            "params": {"path": "a.mp4", "timeout": "0.001"},
            "detail": None,
        }
        with pytest.raises(StageFailed) as again:
            get_or_compute(cache, "analysis", inputs, adapter, compute)
        assert len(calls) == 1 and not first.value.result.reused and again.value.result.reused
        assert (again.value.error.key, again.value.error.params) == (
            "analyze.timeout",
            {"path": "a.mp4", "timeout": "0.001"},
        )
        assert isinstance(again.value.error, AnalysisError)
        before = '{"key": "analyze.timeout", "params": {"timeout": "5"}}'  # no "detail"
        store.put_result("dinas-sosial", "analysis_failed", stage_key("analysis", older),
                         inputs=older, now=NOW, seconds=3.0, result_json=before)  # fmt: skip
        with pytest.raises(StageFailed) as earlier:
            get_or_compute(cache, "analysis", older, adapter, compute)
        assert earlier.value.error.params == {"timeout": "5"} and len(calls) == 1
        with pytest.raises(StageFailed):
            get_or_compute(replace(cache, reuse=False), "analysis", inputs, adapter, compute)
        assert len(calls) == 2  # forced: decoded again

        link = "https://drive.google.com/file/d/1kippA/view"
        params = {"file_id": "1kippA", "link": link}
        page = WrongSource("drive.html_page", detail="<!doc", **params)
        cache.remember("fetch", inputs, page, 0.0)
        wanted = RememberedFailure(key="drive.html_page", params=params, detail="<!doc")
        assert store.get_result("dinas-sosial", "fetch_failed", stage_key("fetch", inputs)) == (
            wanted.model_dump_json()
        )
        assert cache.recall("fetch", inputs) == wanted
        assert replace(cache, reuse=False).recall("fetch", inputs) is None
        old_key = digest({"stage": "fetch_failed", **older})  # as fetch failures were kept
        store.put_result("dinas-sosial", "fetch_failed", old_key, inputs=older, now=NOW,
                         seconds=0.0, result_json=wanted.model_dump_json())  # fmt: skip
        assert cache.recall("fetch", older) == wanted


@pytest.mark.allow_error_logs
def test_an_unexpected_failure_while_judging_is_that_entrys_error(world, caplog, monkeypatch):
    """The last resort: an exception judging one entry (a value from outside no rule
    expected, as a Last-Modified of year 9999 once was) is that entry's ``error`` with the
    traceback in the log; the other entries are judged and written as usual."""
    from pipeline.runner import judging

    env, entries = world
    real = judging.judge

    def judge_once_broken(facts):
        if facts.entry.agency == "Dinas Sosial" and facts.error is None:
            raise OverflowError("date value out of range")
        return real(facts)

    monkeypatch.setattr(judging, "judge", judge_once_broken)
    outcomes = run_batch(entries, env)
    assert outcomes[0].report.verdict.value == "error"
    assert "OverflowError: date value out of range" in outcomes[0].report.reason
    assert (env.out / outcomes[0].entry.entry_id / "report.json").is_file()
    assert [o.report.verdict.value for o in outcomes[1:]] == ["fail", "pass", "fail"]
    [logged] = [r for r in caplog.records if r.levelname == "ERROR"]
    assert logged.exc_info is not None and "Dinas Sosial" in logged.getMessage()
