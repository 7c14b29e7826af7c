"""The journal of acts: what a person entered survives a store that is rebuilt."""

from __future__ import annotations

import json
import shutil
import sqlite3
from datetime import UTC, datetime

from pipeline.models import Decision
from pipeline.store import Store, kipp_dir
from pipeline.store.journal import Act, Journal
from tests.conftest import CONFIG_2024, kipp

AT = datetime(2024, 5, 31, 9, 30, tzinfo=UTC)


def _decision(section: str = "masalah", *, present: bool = True, by: str = "Ibu Ani") -> Decision:
    return Decision(
        entry_id="dinas-sosial", section_id=section, present=present,
        at_s=41.0 if present else None, by=by, decided_at=AT, source_md5="abc",
    )  # fmt: skip


def test_a_decision_is_journalled_before_it_is_stored(tmp_path):
    with Store(tmp_path / "kipp.sqlite") as store:
        store.add_decision(_decision())
        (act,) = store.acts()
        assert (act.kind, act.by, act.address, act.entry_id) == (
            "decision", "Ibu Ani", "cli", "dinas-sosial",
        )  # fmt: skip
        assert store.decisions("dinas-sosial")["masalah"].at_s == 41.0
    lines = (tmp_path / "journal.jsonl").read_text("utf-8").splitlines()
    assert [json.loads(line)["act_id"] for line in lines] == [act.act_id]


def test_a_rebuilt_store_gets_every_act_back_in_order(tmp_path):
    with Store(tmp_path / "kipp.sqlite") as store:
        store.add_decision(_decision(present=True))
        store.add_decision(_decision(present=False, by="Pak Budi"))  # the latest counts
        store.record(Act(kind="a_newer_kipps_kind", at=AT, by="x", payload={"n": 1}))
    (tmp_path / "kipp.sqlite").rename(tmp_path / "damaged.sqlite")
    for extra in ("kipp.sqlite-wal", "kipp.sqlite-shm"):
        (tmp_path / extra).unlink(missing_ok=True)
    with Store(tmp_path / "kipp.sqlite") as rebuilt:
        latest = rebuilt.decisions("dinas-sosial")["masalah"]
        assert (latest.present, latest.by) == (False, "Pak Budi")
        assert [a.kind for a in rebuilt.acts()] == ["decision", "decision", "a_newer_kipps_kind"]
        assert rebuilt.replay_journal() == 0  # nothing twice


def test_a_line_cut_short_by_a_crash_is_skipped_and_the_next_act_starts_a_new_line(
    tmp_path, caplog
):
    journal = Journal(tmp_path / "journal.jsonl")
    first = Act(kind="decision", at=AT, by="Ibu Ani")
    journal.append(first)
    with (tmp_path / "journal.jsonl").open("ab") as fh:
        fh.write(
            b'{"act_id": "half',
        )  # kill -9 mid-write
    second = Act(kind="decision", at=AT, by="Pak Budi")
    journal.append(second)
    assert [a.act_id for a in journal.read()] == [first.act_id, second.act_id]
    assert "line 2 is damaged and skipped" in caplog.text


def test_a_store_from_before_the_journal_hands_its_decisions_to_it(tmp_path):
    path = tmp_path / "kipp.sqlite"
    with Store(path, upto=3) as old:  # the schema kipp had before acts
        old._db.execute(
            "INSERT INTO decisions (entry_id, section_id, decided_at, decision_json) "
            "VALUES (?, ?, ?, ?)",
            ("dinas-sosial", "masalah", AT.isoformat(), _decision().model_dump_json()),
        )
    with Store(path) as store:  # migrated: the decision is now an act in the journal
        assert [a.kind for a in store.acts()] == ["decision"]
        assert len(store.decisions("dinas-sosial")) == 1
    path.unlink()
    with Store(path) as rebuilt:
        assert rebuilt.decisions("dinas-sosial")["masalah"].by == "Ibu Ani"


def test_every_act_of_two_writers_is_kept(tmp_path):
    """kipp serve and kipp run append to one journal: both connections' acts stay."""
    path = tmp_path / "kipp.sqlite"
    with Store(path) as one, Store(path) as two:
        one.add_decision(_decision("masalah"))
        two.add_decision(_decision("petunjuk_teknis"))
        assert set(one.decisions("dinas-sosial")) == {"masalah", "petunjuk_teknis"}
    assert len(Journal(tmp_path / "journal.jsonl").read()) == 2


def test_a_rebuilt_store_keeps_the_review_and_the_notice_does_not_ask_again(tmp_path):
    """The red team's case: an officer confirmed a section, the store was moved aside as
    the README advises for a damaged one, and the next run forgot the decision (the
    entry went back to needs_review and its notice asked the agency again)."""
    from fixtures import content_videos

    video = shutil.copy(content_videos.build("light_serif_missing"), tmp_path)
    registry = tmp_path / "r.csv"
    registry.write_text(
        f"Nama Instansi,Jenis Inovasi,Link Video\nDinas Pendidikan,Inovasi lainnya,{video}\n",
        "utf-8",
    )
    out = tmp_path / "out"
    common = ["--config", str(CONFIG_2024), "--registry", str(registry), "--out", str(out)]
    assert json.loads(kipp("run", *common, "--json").stdout)["results"][0]["verdict"] == (
        "needs_review"
    )
    reviewed = kipp(
        "review", "Dinas Pendidikan", *common, "--section", "petunjuk_teknis", "--present",
        "--at", "01:05", "--by", "Ibu Ani",
    )  # fmt: skip
    assert reviewed.returncode == 0, reviewed.stdout + reviewed.stderr
    store = kipp_dir(out) / "kipp.sqlite"
    store.rename(store.with_name("kipp.sqlite.damaged"))
    for extra in ("kipp.sqlite-wal", "kipp.sqlite-shm"):
        (kipp_dir(out) / extra).unlink(missing_ok=True)
    again = kipp("run", *common, "--json")
    assert again.returncode == 0, again.stdout + again.stderr
    (result,) = json.loads(again.stdout)["results"]
    assert result["verdict"] == "pass"
    assert not (out / "dinas-pendidikan" / "pesan.txt").exists()
    report = json.loads((out / "dinas-pendidikan" / "report.json").read_text("utf-8"))
    section = next(s for s in report["sections"] if s["id"] == "petunjuk_teknis")
    assert (section["decision"]["by"], section["decision"]["at_s"]) == ("Ibu Ani", 65.0)


def test_a_store_lost_before_the_journal_existed_adopts_the_decisions_of_its_history(
    tmp_path,
):
    """A work folder from an older kipp whose store was moved aside: no journal, but its
    report history holds the officers' decisions; they become acts once."""
    from fixtures import content_videos

    video = shutil.copy(content_videos.build("light_serif_missing"), tmp_path)
    registry = tmp_path / "r.csv"
    registry.write_text(
        f"Nama Instansi,Jenis Inovasi,Link Video\nDinas Pendidikan,Inovasi lainnya,{video}\n",
        "utf-8",
    )
    out = tmp_path / "out"
    common = ["--config", str(CONFIG_2024), "--registry", str(registry), "--out", str(out)]
    kipp("run", *common)
    reviewed = kipp(
        "review", "Dinas Pendidikan", *common, "--section", "petunjuk_teknis", "--present",
        "--at", "01:05", "--by", "Ibu Ani",
    )  # fmt: skip
    assert reviewed.returncode == 0, reviewed.stdout + reviewed.stderr
    for name in ("kipp.sqlite", "kipp.sqlite-wal", "kipp.sqlite-shm", "journal.jsonl"):
        (kipp_dir(out) / name).unlink(missing_ok=True)  # as an older kipp left it
    again = kipp("run", *common, "--json")
    assert json.loads(again.stdout)["results"][0]["verdict"] == "pass", again.stderr
    with sqlite3.connect(kipp_dir(out) / "kipp.sqlite") as db:
        (count,) = db.execute("SELECT COUNT(*) FROM acts WHERE kind='decision'").fetchone()
    assert count == 1
    assert len(Journal(kipp_dir(out) / "journal.jsonl").read()) == 1
