"""Officer review: decisions recorded in the store, the entry judged again from stored
results, decisions kept while the file is unchanged and stale once it changed."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace

import pytest

from pipeline.errors import UsageError
from pipeline.models import Entry, Section
from pipeline.review import parse_clock
from pipeline.runner import run_batch, validate
from pipeline.session import rerun_logged, review_entry, run_logged
from pipeline.store import Store
from tests import test_runner
from tests.conftest import CONFIG_2024, kipp
from tests.test_runner import write_registry

world = test_runner.world  # the same fixture: sample entries, a real store


def finder(entry, fetched, probe, config, *, workdir, frames_dir=None, speech=None):
    """Content stand-in: every section found except 'masalah' (spoken, no captions)."""
    return tuple(
        Section(id=s.id, label=s.label, required=s.required, present=s.id != "masalah")
        for s in config.sections
    )


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("01:23", 83.0), ("0:05", 5.0), ("1:02:03", 3723.0), ("1.23", 83.0), ("00:12,5", 12.5)],
)
def test_parse_clock(text, seconds):
    assert parse_clock(text) == seconds


@pytest.mark.parametrize("text", ["1:75", "aa:bb", "", "1:2:3:4", "83"])
def test_parse_clock_refuses_nonsense(text):
    with pytest.raises(UsageError, match=r"M:SS|seconds or minutes"):
        parse_clock(text)


def test_review_decides_the_open_section_without_decoding_again(world):
    env, entries = world
    env = replace(env, find_sections=finder)
    first = run_batch(entries[:1], env)[0]
    assert first.report.verdict.value == "needs_review"
    outcome = review_entry(
        entries[0], env, "masalah", present=True, at="00:41", by="Ibu Ani", note="narrated"
    )
    assert outcome.seconds == {}  # judged from stored results: no fetch, probe or decode
    assert outcome.report.verdict.value == "pass" and outcome.report.version == 2
    masalah = next(s for s in outcome.report.sections if s.id == "masalah")
    assert masalah.present is False and masalah.evidence == ()  # machine evidence unchanged
    assert masalah.decision is not None
    assert (masalah.decision.at_s, masalah.decision.by) == (41.0, "Ibu Ani")
    check = next(c for c in outcome.report.checks if c.id == "section.masalah")
    assert check.status.value == "pass" and "Ibu Ani" in check.message
    saved = json.loads((env.out / "dinas-sosial" / "history" / "v0002.json").read_text("utf-8"))
    assert saved["sections"][0]["decision"]["by"] == "Ibu Ani"


def test_absent_decision_fails_the_entry(world):
    env, entries = world
    env = replace(env, find_sections=finder)
    run_batch(entries[:1], env)
    outcome = review_entry(entries[0], env, "masalah", present=False, at=None, by="Pak Budi")
    assert outcome.report.verdict.value == "fail"


def test_decisions_survive_a_rerun_and_go_stale_when_the_file_changes(world, make_media):
    env, entries = world
    env = replace(env, find_sections=finder)
    run_batch(entries, env)
    review_entry(entries[0], env, "masalah", present=True, at="00:10", by="Ibu Ani")
    kept = validate(entries[0], env).report
    assert kept.verdict.value == "pass" and kept.version == 3
    shutil.copyfile(make_media("exact_60"), env.out.parent / entries[0].link)
    changed = run_batch(entries, env)[0].report
    assert changed.verdict.value == "needs_review" and changed.version == 4
    decision = next(s for s in changed.sections if s.id == "masalah").decision
    assert decision is not None and decision.stale
    assert all(d.stale for d in env.store.decisions("dinas-sosial").values())


def test_review_refuses_unknown_sections_and_unchecked_entries(world):
    env, entries = world
    with pytest.raises(UsageError, match="run 'kipp rerun dinas-sosial' first"):
        review_entry(entries[0], env, "masalah", present=False, at=None, by="Ibu Ani")
    run_batch(entries[:1], env)
    with pytest.raises(UsageError, match="use one of masalah, jenis_inovasi"):
        review_entry(entries[0], env, "judul", present=False, at=None, by="Ibu Ani")
    with pytest.raises(UsageError, match="--present needs --at"):
        review_entry(entries[0], env, "masalah", present=True, at=None, by="Ibu Ani")
    assert env.store.decisions("dinas-sosial") == {}


def test_review_command_end_to_end(tmp_path):
    """The real content stage misses 'petunjuk_teknis' (the video has no such card); an
    officer saw it narrated at 01:05: the entry passes, judged from stored results."""
    from fixtures import content_videos

    video = shutil.copy(content_videos.build("light_serif_missing"), tmp_path)  # beside it
    registry = tmp_path / "r.csv"
    registry.write_text(
        f"Nama Instansi,Jenis Inovasi,Link Video\nDinas Pendidikan,Inovasi lainnya,{video}\n",
        "utf-8",
    )
    out = tmp_path / "out"
    common = ["--config", str(CONFIG_2024), "--registry", str(registry), "--out", str(out)]
    first = kipp("run", *common, "--json")
    assert json.loads(first.stdout)["results"][0]["verdict"] == "needs_review"
    result = kipp(
        "review", "Dinas Pendidikan", *common, "--section", "petunjuk_teknis", "--present",
        "--at", "01:05", "--by", "Ibu Ani", "--note", "dijelaskan lisan",
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[:3] == [
        "Dicatat: Dinas Pendidikan, bagian petunjuk_teknis ada pada 01:05, oleh Ibu Ani.",
        f"Laporan versi 2: {out / 'dinas-pendidikan' / 'report.json'}",
        "[1/1] Dinas Pendidikan: pass",
    ]
    report = json.loads((out / "dinas-pendidikan" / "report.json").read_text("utf-8"))
    section = next(s for s in report["sections"] if s["id"] == "petunjuk_teknis")
    assert not section["present"] and section["evidence"] == []  # the machine found nothing
    assert section["decision"]["by"] == "Ibu Ani" and section["decision"]["at_s"] == 65.0
    with Store.open(out) as store:
        (d,) = store.decisions("dinas-pendidikan").values()
        assert (d.note, d.stale) == ("dijelaskan lisan", False) and d.source_md5
        assert [r.version for r in store.reports("dinas-pendidikan")] == [1, 2]
    rerun = kipp("rerun", "Dinas Pendidikan", *common)  # same file: the decision holds
    assert rerun.returncode == 0 and "[1/1] Dinas Pendidikan: pass" in rerun.stdout
    absent = kipp(
        "review", "Dinas Pendidikan", *common, "--section", "petunjuk_teknis", "--absent",
        "--by", "Pak Budi",
    )  # fmt: skip
    assert (
        absent.returncode == 1
        and "[1/1] Dinas Pendidikan: fail (section.petunjuk_teknis)" in absent.stdout
    )


def test_review_command_usage_errors(tmp_path, make_media):
    registry = write_registry(tmp_path, make_media, {"Dinas Sosial": "valid_90"})
    Store.open(tmp_path / "out").close()  # a work folder: the review reads it
    common = ["--registry", str(registry), "--out", str(tmp_path / "out"), "--lang", "en"]
    bad_section = kipp("review", "Dinas Sosial", *common, "--section", "x", "--absent", "--by", "A")
    assert bad_section.returncode == 2
    assert bad_section.stderr.startswith("kipp: error: Unknown section 'x' for Kompetisi")
    assert "use one of masalah, jenis_inovasi, nama_instansi, petunjuk_teknis" in bad_section.stderr
    bad_agency = kipp("review", "Dinas Kelautan", *common, "--section", "masalah", "--absent",
                      "--by", "A")  # fmt: skip
    assert bad_agency.returncode == 2 and "No entry in the registry matches" in bad_agency.stderr
    undecided = kipp("review", "Dinas Sosial", *common, "--section", "masalah", "--by", "A")
    assert undecided.returncode == 2 and "--present --at M:SS, or --absent" in undecided.stderr
    bare = kipp("review", "Dinas Sosial", *common[:-2], "--section", "masalah", "--present",
                "--at", "45", "--by", "A")  # fmt: skip
    assert bare.returncode == 2
    assert bare.stderr == (
        "kipp: galat: --at 45: detik atau menit? Tulis --at 0:45 untuk 45 detik (atau --at "
        "45:00 untuk 45 menit).\n"
    )


def test_review_time_past_the_end_of_the_video_is_refused(world):
    """Issue 11: --at 99:59 on a 90 s video was stored and shown at 60:00."""
    env, entries = world
    env = replace(env, find_sections=finder)
    run_batch(entries[:1], env)
    with pytest.raises(UsageError) as caught:
        review_entry(entries[0], env, "masalah", present=True, at="99:59", by="Ibu Ani")
    assert caught.value.render("en") == (
        "--at 99:59 is past the end of the video of Dinas Sosial, which lasts 01:30 "
        "(90.000 s): give a time within the video."
    )
    assert env.store.decisions("dinas-sosial") == {}
    last = review_entry(entries[0], env, "masalah", present=True, at="01:30", by="Ibu Ani")
    assert last.report.verdict.value == "pass"  # the very end is still in the video


def test_review_command_past_the_end_exits_2(tmp_path, make_media):
    registry = write_registry(tmp_path, make_media, {"Dinas Sosial": "black_90"})
    common = ["--registry", str(registry), "--out", str(tmp_path / "out")]
    assert kipp("run", *common).returncode == 1
    late = kipp("review", "Dinas Sosial", *common, "--section", "masalah", "--present",
                "--at", "99:59", "--by", "A")  # fmt: skip
    assert late.returncode == 2
    assert late.stderr.strip() == (
        "kipp: galat: --at 99:59 melewati akhir video Dinas Sosial, yang berdurasi 01:30 "
        "(90.000 detik): beri waktu di dalam video."
    )
    written = kipp("review", "Dinas Sosial", *common, "--section", "masalah", "--present",
                   "--at", "1.05", "--by", "A")  # fmt: skip
    assert written.returncode == 1 and written.stderr == ""  # other sections still open
    with Store.open(tmp_path / "out") as store:
        assert store.decisions("dinas-sosial")["masalah"].at_s == 65.0  # one minute five


def test_a_stale_decision_counts_as_open_in_the_summary_and_on_the_page(world, make_media):
    """Issue 12's two bugs: once the file changed, the section decided present is open
    again everywhere, not only in the verdict: 3/4 found in summary.json, summary.csv and
    the index, and the agency page shows the frames from the parts with no findings."""
    from pipeline.models import SectionState
    from pipeline.report import summarize, write_summary

    env, entries = world
    env = replace(env, find_sections=finder)
    run_batch(entries[:1], env)
    review_entry(entries[0], env, "masalah", present=True, at="00:10", by="Ibu Ani")
    shutil.copyfile(make_media("exact_60"), env.out.parent / entries[0].link)
    changed = run_batch(entries[:1], env)[0].report
    masalah = next(s for s in changed.sections if s.id == "masalah")
    assert changed.verdict.value == "needs_review" and masalah.state is SectionState.OPEN
    summary = summarize([changed], env.config, "en", env.clock())
    write_summary(summary, [changed], env.out, env.config)
    (item,) = json.loads((env.out / "summary.json").read_text("utf-8"))["entries"]
    assert (item["sections_found"], item["sections_required"]) == (3, 4)
    csv_row = (env.out / "summary.csv").read_text("utf-8-sig").splitlines()[1].split(";")
    assert csv_row[7:9] == ["3", "4"]
    assert 'data-sort="3">3/4</td>' in (env.out / "index.html").read_text("utf-8")
    page = (env.out / "dinas-sosial" / "report.html").read_text("utf-8")
    assert 'id="gap-frames"' in page


@pytest.mark.parametrize(
    ("present", "required", "decided", "stale", "state"),
    [
        (True, True, None, False, "found"),
        (None, True, None, False, "open"),
        (False, False, None, False, "optional_missing"),
        (False, True, True, False, "decided_present"),
        (True, True, False, False, "decided_absent"),
        (None, True, True, True, "open"),  # the file changed: the decision no longer holds
        (True, True, False, True, "found"),
    ],
)
def test_section_state_is_one_computed_value(present, required, decided, stale, state):
    from datetime import UTC, datetime

    from pipeline.models import Decision, SectionState

    decision = None
    if decided is not None:
        decision = Decision(
            entry_id="e", section_id="masalah", present=decided, at_s=1.0 if decided else None,
            by="Ibu Ani", decided_at=datetime(2024, 6, 1, tzinfo=UTC), stale=stale,
        )  # fmt: skip
    s = Section(id="masalah", required=required, present=present, decision=decision)
    assert s.state is SectionState(state)
    assert s.counts_as_found == (state in ("found", "decided_present"))


def _status(env) -> tuple[list[str], str, dict]:
    """`kipp status` on the world's work folder: Dinas Sosial's table cells, the last
    line, and its `--json` item."""
    common = ["--registry", str(env.out.parent / "r.csv"), "--out", str(env.out)]
    table, listed = kipp("status", *common), kipp("status", *common, "--json")
    assert table.returncode == 0 and listed.returncode == 0, table.stderr + listed.stderr
    line = next(ln for ln in table.stdout.splitlines() if ln.startswith("│ Dinas Sosial "))
    item = next(i for i in json.loads(listed.stdout) if i["entry_id"] == "dinas-sosial")
    return [c.strip() for c in line.strip("│").split("│")], table.stdout.splitlines()[-1], item


def test_status_shows_the_version_a_review_wrote_pass_then_fail(world):
    """Issue 12 follow-up: a review is a run of the run log. `kipp status` showed v1
    "Perlu ditinjau" after a review had written v2; now it shows the review's version and
    verdict, what changed, and names the review as the last run."""
    env, entries = world
    env = replace(env, find_sections=finder)
    run_logged(entries[:1], env)
    passed = review_entry(entries[0], env, "masalah", present=True, at="00:41", by="Ibu Ani")
    assert (passed.report.verdict.value, passed.report.version) == ("pass", 2)
    row, last, item = _status(env)
    assert row == ["Dinas Sosial", "Lolos", "v2", "2024-05-31 20:00 WITA", "-",
                   "hasil Perlu ditinjau -> Lolos"]  # fmt: skip
    assert last == "Run terakhir: #2 review, mulai 2024-05-31 20:00 WITA, selesai."
    assert item == {
        "agency": "Dinas Sosial", "entry_id": "dinas-sosial", "verdict": "pass", "version": 2,
        "checked_at": "2024-05-31T12:00:00+00:00", "changes": ["verdict needs_review -> pass"],
        "notice": None,
    }  # fmt: skip
    failed = review_entry(entries[0], env, "masalah", present=False, at=None, by="Pak Budi")
    assert (failed.report.verdict.value, failed.report.version) == ("fail", 3)
    row, last, item = _status(env)
    assert row == ["Dinas Sosial", "Tidak lolos", "v3", "2024-05-31 20:00 WITA",
                   "ditulis 2024-05-31 20:00 WITA", "hasil Lolos -> Tidak lolos"]  # fmt: skip
    assert last == "Run terakhir: #3 review, mulai 2024-05-31 20:00 WITA, selesai."
    assert item == {
        "agency": "Dinas Sosial", "entry_id": "dinas-sosial", "verdict": "fail", "version": 3,
        "checked_at": "2024-05-31T12:00:00+00:00", "changes": ["verdict pass -> fail"],
        "notice": {"written_at": "2024-05-31T12:00:00+00:00", "entry_changed_since": False},
    }  # fmt: skip
    assert [(r["id"], r["command"], r["status"]) for r in env.store.runs()] == [
        (3, "review", "done"), (2, "review", "done"), (1, "run", "done"),
    ]  # fmt: skip
    assert [r.run_id for r in env.store.reports("dinas-sosial")] == [1, 2, 3]


def test_every_command_that_adds_a_version_logs_it(world):
    """The siblings of the review: run, rerun and review each leave the newest report
    version in the run log, the one `kipp status` reads."""
    env, entries = world
    env = replace(env, find_sections=finder)
    steps = [
        lambda: run_logged(entries[:1], env),
        lambda: rerun_logged(entries[0], env),
        lambda: review_entry(entries[0], env, "masalah", present=False, at=None, by="Pak Budi"),
    ]
    for number, step in enumerate(steps, start=1):
        step()
        (row,) = env.store.status(["dinas-sosial"])
        assert row.last is not None and row.last.run_id == number
        assert row.last.version == env.store.top_versions()["dinas-sosial"] == number


def test_review_of_an_entry_with_no_link_says_the_agency_must_send_one(tmp_path):
    """A registry row with no link was never fetched: `kipp rerun` cannot help, so the
    review says what does (and records nothing, logs no run)."""
    registry = tmp_path / "r.csv"
    registry.write_text(
        "Nama Instansi,Jenis Inovasi,Link Video\nKecamatan Wori,Pelayanan Publik,\n", "utf-8"
    )
    out = tmp_path / "out"
    common = ["--registry", str(registry), "--out", str(out)]
    assert kipp("run", *common).returncode == 1  # fetch.access: fail
    result = kipp("review", "Kecamatan Wori", *common, "--section", "masalah", "--absent",
                  "--by", "Pak Budi", "--lang", "en")  # fmt: skip
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.strip() == (
        "kipp: error: Kecamatan Wori has nothing to review yet: no video was ever fetched "
        "for it. The registry row for Kecamatan Wori has no video link: ask the agency to "
        "send its Google Drive link. Once the registry holds a usable link, "
        "'kipp rerun kecamatan-wori' checks the video."
    )
    with Store.open(out) as store:
        assert store.decisions("kecamatan-wori") == {}
        assert [r["command"] for r in store.runs()] == ["run"]


def test_review_of_an_unusable_link_names_the_link_to_replace(world):
    env, _ = world
    link = "https://docs.google.com/document/d/1AbCdEfGhIjKlMnOpQrStUv/edit"
    docs = Entry(entry_id="dinas-x", agency="Dinas X", row=2, link=link)
    with pytest.raises(UsageError) as caught:
        review_entry(docs, env, "masalah", present=False, at=None, by="Pak Budi")
    assert str(caught.value) == (
        f"Dinas X has nothing to review yet: no video was ever fetched for it. The link {link} "
        "is a Google Docs/Sheets/Slides document, not a video file. Upload the video file "
        "(MP4) to Google Drive and send that file's link. Once the registry holds a usable "
        "link, 'kipp rerun dinas-x' checks the video."
    )
    assert env.store.runs() == [] and env.store.decisions("dinas-x") == {}
