"""Duration is what the viewer gets (issue 9, part 1): end minus start of what is
presented, from the container header, the streams or the packets, and the report says
which figure it used and why.  Every fixture is built with ffmpeg (fixtures/media.py)."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace

import pytest

from pipeline.checks import Facts, judge
from pipeline.media.duration import measure_packets, parse_packets
from pipeline.media.probe import probe
from pipeline.models import (
    Analysis,
    CheckStatus,
    DurationReason,
    DurationSource,
    Entry,
    Span,
    Verdict,
)
from pipeline.registry import load_registry
from pipeline.runner import Env, run_batch
from pipeline.store import Store
from tests.test_runner import NOW, all_found

C, S, M = DurationSource.CONTAINER, DurationSource.STREAMS, DurationSource.MEASURED
AGREES, NONE, OFF = (
    DurationReason.AGREES,
    DurationReason.NO_HEADER,
    DurationReason.HEADER_DISAGREES,
)


@pytest.mark.parametrize(
    ("sample", "duration", "source", "reason", "header"),
    [
        # a browser recording: no duration in the header, no cues; measured from packets
        ("live_webm_90", 90.021, M, NONE, None),
        # unequal streams: the container is right about the whole (the picture is judged apart)
        ("picture_40_sound_90", 90.0, C, AGREES, 90.0),
        ("picture_90_sound_40", 90.0, C, AGREES, 90.0),
        # a 10 s start offset: MP4's header counts the leading empty edit, Matroska writes
        # its last timestamp; what is presented is still 90 s
        ("offset_mp4", 90.032, S, OFF, 100.0),
        ("offset_mkv", 90.048, M, OFF, 100.0),
        ("offset_ts", 90.032, C, AGREES, 90.032),  # MPEG-TS's header is end minus start
        # an edit list: the 5.2 s before the cut are in the file but never presented
        ("edit_list", 94.8, C, AGREES, 94.8),
        # a header that disagrees with its streams, either way
        ("header_30_mkv", 90.048, M, OFF, 30.0),
        ("header_300_mkv", 90.048, M, OFF, 300.0),
        ("mkv_90", 90.032, C, AGREES, 90.032),  # Matroska streams carry no duration: confirmed
    ],
)
def test_duration_is_end_minus_start_of_what_is_presented(
    make_media, sample, duration, source, reason, header
):
    p = probe(make_media(sample))
    assert p.timing is not None
    assert round(p.duration_s, 3) == duration
    assert (p.timing.source, p.timing.reason, p.timing.header_s) == (source, reason, header)


def test_picture_and_sound_spans_are_kept_apart(make_media):
    t = probe(make_media("picture_40_sound_90")).timing
    assert t is not None
    assert (t.video, t.audio) == (Span(start_s=0, end_s=40), Span(start_s=0, end_s=90))
    t = probe(make_media("offset_mp4")).timing
    assert t is not None and t.video == Span(start_s=10, end_s=100)
    assert (t.start_s, t.end_s) == (9.968, 100.0)


def test_packets_an_edit_list_discards_are_not_presented(make_media):
    spans = measure_packets(make_media("edit_list"), timeout=30)
    # the file holds video packets from -5.5 s (flag D); the picture starts at 0
    assert spans[0] == Span(start_s=0.0, end_s=94.799011)  # the mp4 track timescale
    assert spans[1] == Span(start_s=-0.016, end_s=94.8)  # the cut falls inside this packet


def test_packet_lines_are_read_by_key():
    text = (
        "stream_index=0|pts_time=-1.000000|duration_time=0.500000|flags=KD\n"
        "stream_index=0|pts_time=0.000000|duration_time=0.500000|flags=K_\n"
        "stream_index=0|pts_time=1.000000|duration_time=0.500000|flags=__|side_data|x=1\n"
        "stream_index=0|pts_time=0.500000|duration_time=0.500000|flags=__\n"
        "stream_index=1|pts_time=N/A|duration_time=N/A|flags=__\n"
    )
    assert parse_packets(text) == {0: Span(start_s=0.0, end_s=1.5)}


ENTRY = Entry(entry_id="dinas-sosial", agency="Dinas Sosial", link="x", row=2)


def _checks(config, make_media, sample, lang="en"):
    facts = Facts(
        entry=ENTRY,
        config=config,
        lang=lang,
        probe=probe(make_media(sample)),
        analysis=Analysis(decode_ok=True),
    )
    return {c.id: c for c in judge(facts).checks}


def test_forty_seconds_of_picture_fail_the_minimum_though_the_sound_runs_ninety(config, make_media):
    checks = _checks(config, make_media, "picture_40_sound_90")
    low, high = checks["duration.min"], checks["duration.max"]
    assert (low.status, low.value, low.expected) == (CheckStatus.FAIL, 40.0, ">= 60.000")
    assert low.message == (
        "The picture lasts only 40.000 s, shorter than the minimum of 60.000 s: the rest of "
        "the file is sound only. Ask the agency to export the video again with picture for "
        "its whole length. Duration from the container header, matching the file's streams. "
        "The picture ends at 0:40, the sound runs to 1:30."
    )
    assert (high.status, high.value) == (CheckStatus.PASS, 90.0)
    indonesian = _checks(config, make_media, "picture_40_sound_90", "id")["duration.min"]
    assert "Gambar berakhir di 0:40, suara berlanjut sampai 1:30." in indonesian.message


def test_sound_shorter_than_the_picture_is_said_but_the_picture_is_judged(config, make_media):
    checks = _checks(config, make_media, "picture_90_sound_40")
    low = checks["duration.min"]
    assert (low.status, low.value) == (CheckStatus.PASS, 90.0)
    assert low.message.endswith("The sound ends at 0:40, the picture runs to 1:30.")


def test_sound_running_past_the_maximum_fails_it_and_says_where_the_picture_ends(
    config, make_media
):
    checks = _checks(config, make_media, "picture_90_sound_130")
    low, high = checks["duration.min"], checks["duration.max"]
    assert (low.status, low.value) == (CheckStatus.PASS, 90.0)
    assert (high.status, high.value, high.expected) == (CheckStatus.FAIL, 130.0, "<= 120.000")
    assert high.message == (
        "Duration 130.000 s is longer than the maximum of 120.000 s. Duration from the "
        "container header, matching the file's streams. The picture ends at 1:30, the sound "
        "runs to 2:10."
    )


def test_a_live_webm_passes_on_its_measured_duration(config, make_media):
    checks = _checks(config, make_media, "live_webm_90")
    assert checks["file.is_video"].status is CheckStatus.PASS
    for cid in ("duration.min", "duration.max"):
        assert (checks[cid].status, checks[cid].value) == (CheckStatus.PASS, 90.021)
    assert checks["duration.min"].message == (
        "Duration 90.021 s meets the minimum of 60.000 s. Duration measured from the file's "
        "packet timestamps: the container header holds none (common for browser and screen "
        "recordings)."
    )


def test_a_header_that_says_30_s_does_not_fail_a_90_s_video(config, make_media):
    checks = _checks(config, make_media, "header_30_mkv")
    assert (checks["duration.min"].status, checks["duration.min"].value) == (
        CheckStatus.PASS,
        90.048,
    )
    assert "the container header says 30.000 s" in checks["duration.min"].message


def test_report_json_and_page_say_which_figure_and_why(tmp_path, make_media, config):
    """The whole run: a live WebM passes at 90 s (measured), the 40 s picture fails."""
    videos = {"Dinas Sosial": "live_webm_90", "Dinas Pendidikan": "picture_40_sound_90"}
    (tmp_path / "v").mkdir()
    rows = []
    for agency, sample in videos.items():
        src = make_media(sample)
        shutil.copyfile(src, tmp_path / "v" / f"{sample}{src.suffix}")
        rows.append(f"{agency},Pelayanan Publik,v/{sample}{src.suffix}")
    registry = tmp_path / "r.csv"
    registry.write_text("Nama Instansi,Jenis Inovasi,Link Video\n" + "\n".join(rows) + "\n")
    out = tmp_path / "out"
    with Store.open(out) as store:
        env = Env(config=config, out=out, lang="en", cache_dir=out / ".kipp" / "cache",
                  store=store, clock=lambda: NOW, find_sections=all_found)  # fmt: skip
        webm, mp4 = run_batch(load_registry(registry, config), replace(env), analysis_workers=2)
    assert (webm.report.verdict, mp4.report.verdict) == (Verdict.PASS, Verdict.FAIL)
    data = json.loads(webm.report_path.read_text("utf-8"))
    assert data["probe"]["duration_s"] == 90.021
    assert data["probe"]["timing"]["source"] == "measured"
    assert data["probe"]["timing"]["reason"] == "no_header"
    assert data["probe"]["timing"]["header_s"] is None
    page = webm.report_path.with_name("report.html").read_text("utf-8")
    assert "the container header holds none" in page
    data = json.loads(mp4.report_path.read_text("utf-8"))
    failed = [c for c in data["checks"] if c["status"] == "fail"]
    assert [(c["id"], c["value"]) for c in failed] == [("duration.min", 40.0)]
    assert data["probe"]["timing"]["video"] == {"start_s": 0.0, "end_s": 40.0}
    assert data["probe"]["timing"]["audio"] == {"start_s": 0.0, "end_s": 90.0}
    page = mp4.report_path.with_name("report.html").read_text("utf-8")
    assert "The picture ends at 0:40, the sound runs to 1:30." in page
