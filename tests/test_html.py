"""The report pages' content without a browser: timeline, contact sheet, decisions,
deadline state, earlier versions, and how values and rules are shown."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from pipeline.config import Config
from pipeline.models import (
    Analysis,
    Check,
    CheckStatus,
    Decision,
    Evidence,
    Frame,
    ProbeSummary,
    Report,
    Section,
    Segment,
    SourceFacts,
    Summary,
    SummaryItem,
    Verdict,
)
from pipeline.report.html import render_entry, render_index, show, timeline

NOW = datetime(2024, 6, 1, 2, 0, tzinfo=UTC)
JPEG = bytes.fromhex("ffd8ffe000104a46494600010100000100010000ffd9")  # tiny, enough for a src


def make_report(tmp_path: Path, **changes: object) -> Report:
    thumb = tmp_path / "thumbs" / "000012500.jpg"
    thumb.parent.mkdir(parents=True, exist_ok=True)
    thumb.write_bytes(JPEG)
    decision = Decision(
        entry_id="dinsos",
        section_id="petunjuk_teknis",
        present=True,
        at_s=70.0,
        by="Ibu Maria",
        note="terlihat di layar",
        decided_at=NOW,
        stale=True,
    )
    base = dict(
        agency="Dinas Sosial",
        entry_id="dinsos",
        link="https://drive.google.com/file/d/1AbC/view",
        title="Bansos Tepat Sasaran",
        innovation_type="Pelayanan Publik",
        verdict=Verdict.NEEDS_REVIEW,
        reason="Perlu ditinjau: bagian petunjuk teknis.",
        checks=(
            Check(
                id="duration.max",
                status=CheckStatus.PASS,
                message="ok",
                value=90.5,
                expected="<= 120.000",
            ),
            Check(
                id="container.allowed",
                status=CheckStatus.PASS,
                message="ok",
                value="mp4",
                expected=["mp4", "mov"],
            ),
            Check(
                id="deadline.modified_after",
                status=CheckStatus.FAIL,
                message="late",
                value="2024-06-01T01:00:00Z",
                expected="2024-05-31T23:59:59+08:00",
            ),
        ),
        sections=(
            Section(
                id="masalah",
                label="Masalah",
                present=True,
                start_s=10.0,
                end_s=25.0,
                evidence=(Evidence(source="ocr", start_s=12.5, text="MASALAH <i>"),),
            ),
            Section(id="petunjuk_teknis", label="Petunjuk teknis", present=None, decision=decision),
        ),
        probe=ProbeSummary(duration_s=100.0, container="mp4", video=None, audio=None),
        source=SourceFacts(
            kind="drive",
            file_id="1AbC",
            name="video final.mp4",
            size=10,
            md5="abc",
            modified_time=datetime(2024, 6, 1, 1, 0, tzinfo=UTC),
        ),
        analysis=Analysis(
            decode_ok=True,
            black=(Segment(start_s=0, end_s=3),),
            silent=(Segment(start_s=50, end_s=60),),
            thumbnails=(Frame(at_s=12.5, path=thumb),),
        ),
        language="id",
        competition="KIPP 2024",
        validated_at=NOW,
        tool_version="0.1.0",
        version=2,
    )
    return Report.model_validate({**base, **changes})


def test_timeline_places_sections_decisions_and_signals(tmp_path: Path) -> None:
    tl = timeline(make_report(tmp_path), "id")
    assert tl is not None and tl["total"] == 100.0
    rows = {r["id"]: r["bars"] for r in tl["rows"]}
    assert [(b["left"], b["width"]) for b in rows["sections"]] == [
        ("10.00", "15.00"),
        ("70.00", "2.50"),
    ]
    assert rows["black"][0]["span"] == "0:00–0:03" and rows["silent"][0]["left"] == "50.00"
    assert rows["frozen"] == []
    assert [t["text"] for t in tl["ticks"]][:3] == ["0:00", "0:10", "0:20"]
    assert timeline(make_report(tmp_path, probe=None, analysis=None), "id") is None


def test_entry_page_content(tmp_path: Path, config: Config) -> None:
    folder = tmp_path / "out" / "dinsos"
    (folder / "history").mkdir(parents=True)
    for n, verdict in ((1, "fail"), (2, "needs_review")):
        data = {"version": n, "verdict": verdict, "validated_at": "2024-05-31T10:00:00Z"}
        (folder / "history" / f"v{n:04d}.json").write_text(json.dumps(data))
    media = tmp_path / "cache" / "video final #2.mp4"
    media.parent.mkdir()
    media.write_bytes(b"x")
    html = render_entry(make_report(tmp_path), config, folder, media)
    assert 'src="../../cache/video%20final%20%232.mp4"' in html
    assert "data:image/jpeg;base64," in html and ">0:12</figcaption>" in html
    assert '<span id="reason">Bagian petunjuk teknis.</span>' in html
    assert "Ibu Maria" in html and "berkas berubah sejak keputusan ini" in html
    assert 'id="deadline-state">SETELAH batas waktu' in html
    assert "1 Juni 2024 09.00 WITA" in html  # modified time in WITA
    assert "90,5" in html and "&lt;= 120,000" in html and "mp4, mov" in html
    assert 'data-at="12.5">0:12</button>: “MASALAH &lt;i&gt;”' in html  # click to seek
    assert 'href="history/v0001.json"' in html and "v2</a> (versi ini)" in html
    assert "https://drive.google.com/file/d/1AbC/view</code>" in html  # shown, not fetched


def test_entry_page_without_media_or_analysis(tmp_path: Path, config: Config) -> None:
    report = make_report(tmp_path, analysis=None, probe=None, source=None, sections=())
    html = render_entry(report, config, tmp_path / "x", tmp_path / "missing.mp4")
    assert 'id="novideo"' in html and "<video" not in html
    assert "Video belum dianalisis." in html


def test_show_values_and_rules(config: Config) -> None:
    assert show(None, "id") == ""
    assert show(True, "id") == "ya" and show(False, "en") == "no"
    assert show(59.0, "id") == "59" and show(120.25, "id") == "120,25" and show(1.5, "en") == "1.5"
    assert show(">= 60.000", "id") == ">= 60,000"
    assert show({"w": 1280, "h": 720}, "en") == "w: 1280, h: 720"
    assert show("2024-05-31T23:59:59+08:00", "id", config) == "31 Mei 2024 23.59 WITA"
    assert show("2024-05-31T15:59:59Z", "en", config) == "31 May 2024 23:59 WITA"


def test_rules_in_report_json_words_read_as_words_and_dates(config: Config) -> None:
    """report.json keeps ``present``, ``<= <ISO deadline>``, ``short side >= 720``, ``no
    decode errors``; the page's rule column says them in its language, times in WITA."""
    deadline = "<= 2024-05-31T23:59:00+08:00"
    assert show(deadline, "id", config) == "paling lambat 31 Mei 2024 23.59 WITA"
    assert show(deadline, "en", config) == "by 31 May 2024 23:59 WITA"
    assert show("present", "id") == "harus ada" and show("present", "en") == "must be present"
    assert show("short side >= 720", "id") == "sisi pendek minimal 720 piksel"
    assert show("short side >= 720", "en") == "short side at least 720 pixels"
    assert show("no decode errors", "id") == "tanpa galat dekode"
    assert show(["mp4", "mov"], "id") == "mp4, mov"  # names stay as they are


def test_index_lists_every_entry_with_filters(config: Config) -> None:
    items = tuple(
        SummaryItem(
            agency=a,
            entry_id=f"e{n}",
            title="T",
            innovation_type=t,
            verdict=v,
            reason="r",
            duration_s=d,
            sections_found=2,
            sections_required=4,
            warnings=1,
            failed_checks=(),
            report=f"e{n}/report.json",
        )
        for n, (a, t, v, d) in enumerate(
            [
                ("<script>alert(1)</script>", "Pelayanan Publik", Verdict.FAIL, 59.0),
                ("Dinas Kesehatan", "Inovasi lainnya", Verdict.PASS, None),
            ]
        )
    )
    summary = Summary(
        competition="KIPP",
        generated_at=NOW,
        language="id",
        tool_version="0.1.0",
        counts={"pass": 1, "fail": 1},
        entries=items,
    )
    html = render_index(summary, [], config, pdf_href="berita-acara.pdf")
    assert html.count('<tr data-verdict="') == 2
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html
    assert '<option value="Inovasi lainnya">' in html and 'href="berita-acara.pdf"' in html
    assert 'data-sort="59.0">0:59</td>' in html and 'data-sort="-1">–</td>' in html
    assert "http" not in html.replace("kipp", "")  # nothing fetched from a network


def test_entry_page_in_english(tmp_path: Path, config: Config) -> None:
    report = make_report(tmp_path, language="en", reason="Needs review: technical instructions.")
    html = render_entry(report, config, tmp_path / "x", None)
    assert '<html lang="en">' in html and "Contact sheet" in html and "Timeline" in html
    assert 'id="deadline-state">AFTER the deadline' in html
    assert '<span id="reason">Technical instructions.</span>' in html
    assert "1 June 2024 09:00 WITA" in html


def test_frames_around_the_gaps_when_a_section_is_open(tmp_path: Path, config: Config) -> None:
    from PIL import Image

    from pipeline.report.html import gap_frames, gaps

    frames = tmp_path / "frames"
    frames.mkdir()
    for at in range(0, 100, 2):  # the analysis pass's frames: every 2 s, <ms:09d>.jpg
        Image.new("RGB", (640, 360), (at, 0, 0)).save(frames / f"{at * 1000:09d}.jpg")
    open_section = Section(id="petunjuk_teknis", label="Petunjuk teknis", present=None)
    report = make_report(
        tmp_path,
        sections=(make_report(tmp_path).sections[0], open_section),
        analysis=Analysis(decode_ok=True, frames_dir=frames),
    )
    assert gaps(report) == [(0.0, 10.0), (25.0, 100.0)]  # masalah covers 10-25 s
    shown = gap_frames(report)
    assert 1 < len(shown) <= 8
    assert all(not 10 <= f["at"] < 25 for f in shown)
    assert shown[0]["clock"] == "0:00" and shown[0]["src"].startswith("data:image/jpeg;base64,")
    html = render_entry(report, config, tmp_path / "out" / "dinsos", None)
    assert 'id="gap-frames"' in html and "Cuplikan di bagian video tanpa temuan" in html
    stale = make_report(tmp_path, analysis=Analysis(decode_ok=True, frames_dir=frames))
    assert gaps(stale) == [(0.0, 10.0), (25.0, 100.0)]  # decided on another file: still open
    masalah, petunjuk = stale.sections
    assert petunjuk.decision is not None
    current = petunjuk.decision.model_copy(update={"stale": False})
    decided = stale.model_copy(
        update={"sections": (masalah, petunjuk.model_copy(update={"decision": current}))}
    )
    assert gap_frames(decided) == []  # the open section was decided: nothing to look for


def test_a_recognition_loop_is_marked_never_shown_as_speech(tmp_path: Path, config: Config) -> None:
    """The transcript shows a loop's first two copies and how many words were left out;
    a line heard by a later pass says so (issue 18: a 30-s loop shown verbatim)."""
    from pipeline.models import SpeechStatus, SpokenLine, Transcript

    lines = (
        SpokenLine(start_s=1.0, end_s=9.0, text="Dan kebangan, dan kebangan,", dropped=36),
        SpokenLine(start_s=12.0, end_s=15.0, text="Petunjuk teknis", attempt=2),
    )
    heard = Transcript(status=SpeechStatus.HEARD, model="base", passes=2, lines=lines)
    html = render_entry(make_report(tmp_path, speech=heard), config, tmp_path / "x", None)
    assert html.count("kebangan") == 2
    assert '<span class="muted" data-dropped="36">[… 36 kata berulang' in html
    assert 'data-attempt="2">(putaran pengenalan 2)</span>' in html
    english = make_report(tmp_path, speech=heard, language="en")
    assert "36 repeated words (a recognition loop, not speech) not shown" in render_entry(
        english, config, tmp_path / "x", None
    )
