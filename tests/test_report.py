from __future__ import annotations

import csv
import json
import sqlite3
from datetime import UTC, datetime

import pytest

from pipeline.checks import Facts, judge
from pipeline.models import Entry
from pipeline.report import (
    build_report,
    summarize,
    summary_csv,
    write_entry,
    write_summary,
)
from pipeline.report.repair import repair_reports
from pipeline.store import Store

NOW = datetime(2024, 6, 1, 8, 0, tzinfo=UTC)


def _report(config, agency="<script>alert(1)</script>", version=1, entry_id=None):
    from pipeline.text import slug

    e = Entry(entry_id=entry_id or slug(agency), agency=agency, title="Judul <b>", link="", row=2)
    j = judge(Facts(entry=e, config=config, lang="id"))
    return build_report(
        entry=e,
        judgement=j,
        fetched=None,
        probe=None,
        analysis=None,
        config=config,
        lang="id",
        validated_at=NOW,
        version=version,
    )


def test_report_json_has_the_contract_fields(tmp_path, config):
    path = write_entry(_report(config), tmp_path, config)
    data = json.loads(path.read_text("utf-8"))
    for key in (
        "agency",
        "entry_id",
        "link",
        "verdict",
        "checks",
        "sections",
        "probe",
        "source",
        "validated_at",
        "tool_version",
    ):
        assert key in data
    assert {"id", "status", "message", "value", "expected"} <= set(data["checks"][0])
    assert path.parent.name == "script-alert-1-script"
    assert not list(tmp_path.rglob("*.part"))


def test_html_escapes_registry_text(tmp_path, config):
    r = _report(config)
    write_entry(r, tmp_path, config)
    summary = summarize([r], config, "id", NOW)
    write_summary(summary, [r], tmp_path, config)
    for page in (tmp_path / r.entry_id / "report.html", tmp_path / "index.html"):
        html = page.read_text("utf-8")
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Judul &lt;b&gt;" in (tmp_path / r.entry_id / "report.html").read_text("utf-8")


def test_history_keeps_every_version(tmp_path, config):
    first = _report(config, agency="Dinas Sosial")
    write_entry(first, tmp_path, config)
    with Store.memory() as store:  # the store numbers versions, after the history files
        repair_reports(tmp_path, store)
        second = store.add_report("dinas-sosial", _report(config, agency="Dinas Sosial"),
                                  keys={}, run_id=None)  # fmt: skip
    assert second.version == 2
    write_entry(second, tmp_path, config)
    history = sorted(p.name for p in (tmp_path / "dinas-sosial" / "history").iterdir())
    assert history == ["v0001.json", "v0002.json"]
    assert json.loads((tmp_path / "dinas-sosial" / "report.json").read_text())["version"] == 2


def test_summary_csv_opens_in_indonesian_excel(tmp_path, config):
    reports = [_report(config, agency=a) for a in ("Dinas Sosial", "Kecamatan Wori")]
    # no stage ran and nothing failed: never a pass
    assert [r.verdict.value for r in reports] == ["error", "error"]
    assert reports[0].reason.startswith("Pemeriksaan belum lengkap: fetch.access, file.is_video")
    summary = summarize(reports, config, "id", NOW)
    assert summary.counts == {"pass": 0, "fail": 0, "needs_review": 0, "error": 2}
    write_summary(summary, reports, tmp_path, config)
    raw = (tmp_path / "summary.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel keeps the accents
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))
    assert rows[0][:5] == ["agency", "entry_id", "title", "innovation_type", "verdict"]
    assert [r[0] for r in rows[1:]] == ["Dinas Sosial", "Kecamatan Wori"]
    data = json.loads((tmp_path / "summary.json").read_text("utf-8"))
    assert [e["verdict"] for e in data["entries"]] == ["error", "error"]


def test_summary_csv_never_hands_excel_a_formula(tmp_path, config):
    reports = [_report(config, agency=a) for a in ('=HYPERLINK("http://x")', "+62 Dinas", "@dinas")]
    text = summary_csv(summarize(reports, config, "id", NOW))
    rows = list(csv.reader(text.lstrip("\ufeff").splitlines(), delimiter=";"))
    assert [r[0] for r in rows[1:]] == ['\'=HYPERLINK("http://x")', "'+62 Dinas", "'@dinas"]


def test_thousands_of_rows_of_one_agency_are_summarised_in_the_report(tmp_path, config):
    """100,000 rows of one agency made a 10.7 MB report.json (in every version) and a 7 MB
    page: the report lists the latest 5 superseded rows and counts the rest; the store's
    Entry keeps every row.  (10,000 rows here: the same path, a tenth of the time.)"""
    from pipeline.registry import load_registry

    registry = tmp_path / "pendaftaran.csv"
    rows = [f"30/05/2024 10:{n // 60 % 60:02d}:{n % 60:02d},Dinas Kesehatan,v{n}.mp4"
            for n in range(10_000)]  # fmt: skip
    registry.write_text("Timestamp,Nama Instansi,Link Video\n" + "\n".join(rows) + "\n", "utf-8")
    [entry] = load_registry(registry, config)
    assert len(entry.superseded) == 9_999
    j = judge(Facts(entry=entry, config=config, lang="id"))
    report = build_report(entry=entry, judgement=j, fetched=None, probe=None, analysis=None,
                          config=config, lang="id", validated_at=NOW)  # fmt: skip
    assert (len(report.superseded), report.superseded_total) == (5, 9_999)
    path = write_entry(report, tmp_path / "out", config)
    assert path.stat().st_size < 50_000
    page = (path.parent / "report.html").read_text("utf-8")
    assert len(page) < 100_000 and "+ 9994 kiriman lebih lama" in page
    with Store.open(tmp_path / "out") as store:
        store.touch_entry(entry, NOW)
        path = store.path
    with sqlite3.connect(path) as db:
        [(stored,)] = db.execute("SELECT entry_json FROM entries").fetchall()
    assert len(json.loads(stored)["superseded"]) == 9_999


def test_a_notices_file_that_cannot_be_written_stops_nothing_else(tmp_path, config):
    """A folder where pesan-instansi.csv should be (or a file an officer holds open): the
    summary, index and PDF are written; the error names the file, not the folder."""
    from pipeline.errors import DiskError

    r = _report(config, agency="Dinas Kesehatan")
    write_entry(r, tmp_path, config)
    (tmp_path / "pesan-instansi.csv").mkdir()
    summary = summarize([r], config, "id", NOW)
    with pytest.raises(DiskError) as caught:
        write_summary(summary, [r], tmp_path, config)
    assert caught.value.folder == tmp_path / "pesan-instansi.csv"
    assert str(caught.value).startswith(f"{tmp_path / 'pesan-instansi.csv'} cannot be written")
    for name in ("summary.json", "summary.csv", "index.html", "berita-acara.pdf"):
        assert (tmp_path / name).is_file(), name
