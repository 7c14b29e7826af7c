"""The store: schema upgrades, stage results, report versions, decisions, the run lock."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from pipeline.errors import StoreBusy, UsageError
from pipeline.models import Decision, Report, Verdict
from pipeline.store import SCHEMA_VERSION, RunLock, Store
from pipeline.store.schema import current_version, use_wal

NOW = datetime(2024, 5, 31, 10, 0, tzinfo=UTC)


def report(version: int, verdict: Verdict = Verdict.PASS, entry_id: str = "dinas-sosial") -> Report:
    return Report(
        agency="Dinas Sosial",
        entry_id=entry_id,
        link="videos/a.mp4",
        verdict=verdict,
        reason="ok",
        checks=(),
        sections=(),
        probe=None,
        source=None,
        language="id",
        competition="KIPP",
        validated_at=NOW,
        tool_version="0.1.0",
        version=version,
    )


def decision(section: str, md5: str, present: bool = True, minutes: int = 0) -> Decision:
    return Decision(
        entry_id="dinas-sosial",
        section_id=section,
        present=present,
        at_s=12.0 if present else None,
        by="Ibu Ani",
        decided_at=NOW + timedelta(minutes=minutes),
        source_md5=md5,
    )


def test_a_new_store_has_the_latest_schema_in_wal_mode(tmp_path):
    with Store(tmp_path / "kipp.sqlite") as store:
        assert store.version == SCHEMA_VERSION == 7
    db = sqlite3.connect(tmp_path / "kipp.sqlite")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert current_version(db) == 7
    db.close()


def test_upgrade_from_v1_keeps_reports_and_fills_the_run_log(tmp_path):
    path = tmp_path / "kipp.sqlite"
    with Store(path, upto=1) as old:
        assert old.version == 1
        run = old.begin_run("run", NOW)
        old.add_report("dinas-sosial", report(1), keys={"source": "s1"}, run_id=run)
        old.add_report("dinas-sosial", report(1, Verdict.FAIL), keys={"source": "s2"}, run_id=None)
    with Store(path) as store:
        assert store.version == SCHEMA_VERSION
        assert [r.version for r in store.reports("dinas-sosial")] == [1, 2]
        (row,) = store.status(["dinas-sosial"])
        assert row.last is not None and row.before is not None
        assert (row.before.verdict, row.last.verdict) == ("pass", "fail")
        assert row.changes() == ["changed file", "verdict pass -> fail"]


def test_a_store_newer_than_the_code_is_refused(tmp_path):
    path = tmp_path / "kipp.sqlite"
    Store(path).close()
    db = sqlite3.connect(path)
    db.execute("UPDATE schema_version SET version = 99")
    db.commit()
    db.close()
    with pytest.raises(UsageError, match="schema version 99, newer than this kipp knows"):
        Store(path)


def test_a_damaged_store_says_how_to_recover(tmp_path):
    path = tmp_path / "kipp.sqlite"
    path.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(UsageError, match="move it away: kipp rebuilds it"):
        Store(path)


def test_report_versions_only_grow_and_respect_history_files(tmp_path):
    with Store(tmp_path / "s.sqlite") as store:
        first = store.add_report("dinas-sosial", report(1), keys={}, run_id=None)
        store.reserve_versions("dinas-sosial", 5)  # a history file the store cannot read
        later = store.add_report("dinas-sosial", report(1), keys={}, run_id=None)
        other = store.add_report("dinas-kesehatan", report(1), keys={}, run_id=None)
        assert (first.version, later.version, other.version) == (1, 6, 1)
        assert [r.version for r in store.reports("dinas-sosial")] == [1, 6]
        assert '"version":1' in (store.report_json("dinas-sosial", 1) or "")
        latest = store.latest_report("dinas-sosial")
        assert latest is not None and latest[0].version == 6


def test_stage_results_are_found_only_under_their_key(tmp_path):
    with Store(tmp_path / "s.sqlite") as store:
        store.put_result(
            "e", "probe", "k1", inputs={"md5": "a"}, result_json='{"x": 1}', seconds=0.1, now=NOW
        )
        assert store.get_result("e", "probe", "k1") == '{"x": 1}'
        assert store.get_result("e", "probe", "k2") is None
        assert store.get_result("e", "analysis", "k1") is None


def test_latest_decision_per_section_and_stale_marking(tmp_path):
    with Store(tmp_path / "s.sqlite") as store:
        store.add_decision(decision("masalah", "md5-a", present=False))
        store.add_decision(decision("masalah", "md5-a", present=True, minutes=5))
        store.add_decision(decision("petunjuk_teknis", "md5-a"))
        got = store.decisions("dinas-sosial")
        assert set(got) == {"masalah", "petunjuk_teknis"} and got["masalah"].present
        assert store.mark_stale("dinas-sosial", "md5-a") == []
        marked = store.mark_stale("dinas-sosial", "md5-b")
        assert len(marked) == 3 and all(d.stale for d in marked)
        assert all(d.stale for d in store.decisions("dinas-sosial").values())


def test_runs_left_running_are_marked_interrupted(tmp_path):
    with Store(tmp_path / "s.sqlite") as store:
        killed = store.begin_run("run", NOW)
        second = store.begin_run("run", NOW)
        store.finish_run(second, NOW, {"entries": 3})
        runs = {r["id"]: r for r in store.runs()}
        assert runs[killed]["status"] == "interrupted"
        assert runs[second]["status"] == "done" and runs[second]["stats"] == {"entries": 3}


def test_the_lock_refuses_a_second_holder_with_who_holds_it(tmp_path):
    path = tmp_path / ".kipp" / "lock"
    with RunLock(path, what="kipp run"):
        with pytest.raises(StoreBusy) as busy:
            RunLock(path).acquire()
        text = str(busy.value)
        assert text.startswith(f"Another kipp command is working in {tmp_path}: pid ")
        assert "kipp run" in text and "pass --wait SECONDS" in text
    with RunLock(path):  # released: free again
        pass


def test_the_lock_waits_then_gives_up(tmp_path, caplog):
    path = tmp_path / "lock"
    now = [0.0]

    def sleep(s: float) -> None:
        now[0] += s

    with RunLock(path):
        waiting = RunLock(path, wait=3, sleep=sleep, monotonic=lambda: now[0])
        with pytest.raises(StoreBusy, match=r"\(waited 3 s\)"):
            waiting.acquire()
    assert now[0] >= 3
    assert "busy" in caplog.text


def test_two_processes_opening_a_new_store_at_once_migrate_it_once(tmp_path):
    import subprocess
    import sys

    code = "import sys; from pathlib import Path; from pipeline.store import Store; " \
        "Store(Path(sys.argv[1])).close()"  # fmt: skip
    path = tmp_path / "kipp.sqlite"
    procs = [
        subprocess.Popen([sys.executable, "-c", code, str(path)], stderr=subprocess.PIPE)
        for _ in range(4)
    ]
    for p in procs:
        _, stderr = p.communicate(timeout=60)
        assert p.returncode == 0, stderr.decode()
    with Store(path) as store:
        assert store.version == SCHEMA_VERSION


def test_opening_a_new_store_waits_while_another_opener_switches_it_to_wal(tmp_path):
    """The cause of the test above's one flake: while another connection holds a new
    file's write lock (a second process opening the same new store, mid-switch), SQLite
    refuses the switch to WAL at once, whatever the busy timeout.  use_wal waits for the
    other opener to finish, and gives up after its wait."""
    path = tmp_path / "kipp.sqlite"
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    db = sqlite3.connect(path, timeout=30, isolation_level=None)
    with pytest.raises(sqlite3.OperationalError, match="database is locked"):
        db.execute("PRAGMA journal_mode=WAL")  # how the store opened it before: refused
    clock = iter([0.0, 0.5, 1.5])
    with pytest.raises(sqlite3.OperationalError, match="database is locked"):
        use_wal(db, wait_s=1.0, sleep=lambda s: None, monotonic=lambda: next(clock))
    slept: list[float] = []

    def sleep(seconds: float) -> None:  # the other opener finishes while this one waits
        slept.append(seconds)
        other.execute("COMMIT")

    assert use_wal(db, sleep=sleep) == "wal"
    assert slept == [0.02]
    db.close()
    other.close()
    with Store(path) as store:
        assert store.version == SCHEMA_VERSION


def test_notices_are_only_added_and_say_when_the_entry_changed_since(tmp_path):
    with Store(tmp_path / "kipp.sqlite") as store:
        common = {"version": 1, "verdict": "fail", "link": "L", "source_key": "s1", "now": NOW}
        assert store.record_notice("dinas-sosial", notice_json='{"t": 1}', **common)
        assert not store.record_notice("dinas-sosial", notice_json='{"t": 1}', **common)
        run = store.begin_run("run", NOW)
        store.record_run_entry(run, "dinas-sosial", link="L", source_key="s1", verdict="fail",
                               version=1, outcome="new", at=NOW)  # fmt: skip
        (row,) = store.status(["dinas-sosial"])
        notice = store.notices(["dinas-sosial"])["dinas-sosial"]
        assert (notice.written_at, notice.changed_since(row.last)) == (NOW.isoformat(), False)
        store.record_run_entry(run + 1, "dinas-sosial", link="L", source_key="s2",
                               verdict="fail", version=2, outcome="updated", at=NOW)  # fmt: skip
        (row,) = store.status(["dinas-sosial"])
        assert notice.changed_since(row.last)  # the agency uploaded another file
        assert store.record_notice("dinas-sosial", notice_json=None, **common)  # it passed
        assert store.notices(["dinas-sosial"])["dinas-sosial"].notice_json is None
        assert len(store._all("SELECT id FROM notices")) == 2  # history kept
