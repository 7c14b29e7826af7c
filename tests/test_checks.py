from __future__ import annotations

from datetime import UTC, datetime

import pytest

from pipeline.checks import Facts, judge
from pipeline.errors import (
    AccessDenied,
    NotAVideo,
    ProbeError,
    QuotaExceeded,
    TransientFetchError,
)
from pipeline.models import (
    Analysis,
    AudioStream,
    CheckStatus,
    Decision,
    Entry,
    Fetched,
    ProbeResult,
    RegistryNote,
    Section,
    Segment,
    SourceFacts,
    Verdict,
    VideoStream,
)

ENTRY = Entry(
    entry_id="dinas-kesehatan",
    agency="Dinas Kesehatan",
    agency_canonical="Dinas Kesehatan",
    innovation_type="Pelayanan Publik",
    link="x.mp4",
    row=2,
)


def _probe(duration=90.0, *, width=1280, height=720, audio=True, container="mp4", codec="h264"):
    return ProbeResult(
        duration_s=duration,
        container=container,
        format_name="mov,mp4",
        video=VideoStream(
            codec=codec,
            width=width,
            height=height,
            coded_width=width,
            coded_height=height,
            fps=25.0,
            r_fps=25.0,
        ),
        audio=AudioStream(codec="aac", channels=2, sample_rate=48000) if audio else None,
    )


def _fetched(kind="drive", modified="2024-05-31T10:00:00+08:00"):
    return Fetched(
        path="/tmp/x.mp4",
        source=SourceFacts(  # type: ignore[arg-type]
            kind=kind,
            name="x.mp4",
            size=10,
            md5="0" * 32,
            modified_time=datetime.fromisoformat(modified) if modified else None,
        ),
    )


def _facts(config, lang="id", **kw):
    base = dict(
        entry=ENTRY,
        config=config,
        lang=lang,
        fetched=_fetched(),
        probe=_probe(),
        analysis=Analysis(decode_ok=True),
    )
    base.update(kw)
    return Facts(**base)


def _status(j, check_id):
    return next(c for c in j.checks if c.id == check_id).status


@pytest.mark.parametrize(
    ("duration", "min_status", "max_status"),
    [
        (60.0, "pass", "pass"),
        (59.999, "fail", "pass"),
        (59.9996, "pass", "pass"),  # shown to the millisecond: 60.000
        (120.0, "pass", "pass"),
        (120.001, "pass", "fail"),
        (30.0, "fail", "pass"),
        (150.0, "pass", "fail"),
    ],
)
def test_duration_bounds_are_inclusive_to_the_millisecond(config, duration, min_status, max_status):
    j = judge(_facts(config, probe=_probe(duration)))
    assert _status(j, "duration.min") == min_status
    assert _status(j, "duration.max") == max_status
    assert j.verdict == (Verdict.PASS if "fail" not in (min_status, max_status) else Verdict.FAIL)


def test_duration_message_shows_exact_figures(config):
    j = judge(_facts(config, probe=_probe(59.999)))
    c = next(c for c in j.checks if c.id == "duration.min")
    assert c.message == "Durasi 59,999 detik kurang dari batas minimal 60,000 detik."
    assert (c.value, c.expected) == (59.999, ">= 60.000")
    assert j.reason == "Tidak lolos: Durasi 59,999 detik kurang dari batas minimal 60,000 detik."
    en = judge(_facts(config, lang="en", probe=_probe(59.999)))
    assert en.reason == "Fail: Duration 59.999 s is shorter than the minimum of 60.000 s."


def test_format_rules_of_a_competition_that_sets_them(config):
    """A list in the config is a rule: outside it fails, named for what the bytes are."""
    strict = config.model_copy(
        update={"format": config.format.model_copy(
            update={"containers": ("mp4",), "video_codecs": ("h264",)})}
    )  # fmt: skip
    j = judge(_facts(strict, probe=_probe(container="avi", codec="wmv2")))
    assert _status(j, "container.allowed") == "fail"
    assert _status(j, "video.codec.allowed") == "fail"
    assert _status(j, "video.resolution.min") == "skip"  # no rule in 2024
    assert j.reason == (
        "Tidak lolos: Berkas x.mp4 sebenarnya berformat AVI, bukan seperti namanya. Format "
        "berkas AVI tidak diizinkan; yang diizinkan: MP4. Minta instansi mengekspor ulang "
        "video sebagai MP4 (video H.264, suara AAC). (dan 1 masalah lain)"
    )


def test_no_format_rule_accepts_what_decodes_and_warns_where_browsers_cannot(config):
    """KIPP 2024 sets no format rule: an AVI with WMV video passes with two warnings."""
    j = judge(_facts(config, probe=_probe(container="avi", codec="wmv2")))
    assert _status(j, "container.allowed") == "warn"
    assert _status(j, "video.codec.allowed") == "warn"
    assert j.verdict is Verdict.PASS
    c = next(c for c in j.checks if c.id == "container.allowed")
    assert c.message.startswith("Berkas x.mp4 sebenarnya berformat AVI, bukan seperti namanya. ")
    assert "Kompetisi ini tidak membatasi format, jadi video tetap diterima" in c.message
    assert (c.value, c.expected) == ("avi", "plays in a browser")


def test_camera_mov_with_pcm_sound_passes_2024(config):
    """A camera-original QuickTime MOV with PCM sound: no rule against it, browsers play it."""
    probe = _probe(container="mov").model_copy(
        update={"audio": AudioStream(codec="pcm_s16le", channels=2, sample_rate=48000)}
    )
    j = judge(_facts(config, probe=probe))
    assert _status(j, "container.allowed") == "pass"
    assert _status(j, "audio.codec.allowed") == "pass"
    assert j.verdict is Verdict.PASS
    c = next(c for c in j.checks if c.id == "audio.codec.allowed")
    assert c.message == (
        "Kodek audio PCM (uncompressed): kompetisi ini menerima berkas apa pun yang dapat "
        "didekode, dan peramban dapat memutarnya."
    )


def test_sound_a_browser_cannot_play_is_a_warning(config):
    probe = _probe().model_copy(update={"audio": AudioStream(codec="ac3", channels=6)})
    j = judge(_facts(config, lang="en", probe=probe))
    c = next(c for c in j.checks if c.id == "audio.codec.allowed")
    assert c.status is CheckStatus.WARN and j.verdict is Verdict.PASS
    assert c.message.startswith("Browsers may not play AC-3 (Dolby Digital) sound")


def test_audio_required(config):
    """No sound: a warning where the rules do not require it (KIPP 2024), a failure
    where they do."""
    j = judge(_facts(config, probe=_probe(audio=False)))
    assert _status(j, "audio.present") == "warn" and j.verdict is Verdict.PASS
    needs_sound = config.model_copy(
        update={"format": config.format.model_copy(update={"audio_required": True})}
    )
    j = judge(_facts(needs_sound, probe=_probe(audio=False)))
    assert _status(j, "audio.present") == "fail"
    assert j.verdict is Verdict.FAIL


@pytest.mark.parametrize(
    ("w", "h", "status"),
    [(1280, 720, "pass"), (720, 1280, "pass"), (1280, 719, "fail"), (640, 360, "fail")],
)
def test_resolution_rule_of_2025(config_2025, w, h, status):
    j = judge(_facts(config_2025, probe=_probe(width=w, height=h)))
    assert _status(j, "video.resolution.min") == status


def test_subtitles_expected_in_2025(config_2025):
    j = judge(_facts(config_2025))
    assert _status(j, "subtitles.present") == "warn"


@pytest.mark.parametrize(
    ("modified", "status"),
    [
        ("2024-05-31T23:59:59+08:00", "pass"),
        ("2024-05-31T16:00:00+00:00", "fail"),  # 00:00 WITA on 1 June
        ("2024-05-31T15:59:59+00:00", "pass"),
        ("9999-12-31T23:59:59+00:00", "warn"),  # overflows in WITA: no date to judge
    ],
)
def test_deadline_is_timezone_aware(config, modified, status):
    j = judge(_facts(config, fetched=_fetched(modified=modified)))
    assert _status(j, "deadline.modified_after") == status


def test_deadline_skipped_for_local_files(config):
    j = judge(_facts(config, fetched=_fetched(kind="local")))
    assert _status(j, "deadline.modified_after") == "skip"
    assert j.verdict is Verdict.PASS


def test_integrity_failure_says_what_to_do_and_keeps_the_decoder_lines_as_its_value(config):
    """The agency reads where playback stops and what to do; ffmpeg's own lines are the
    measured value (the report's technical column), never the sentence or the reason."""
    lines = ("[aac] Input buffer exhausted", "stream 1, offset 0x332e9: partial file")
    bad = Analysis(decode_ok=False, decode_errors=lines, decoded_s=43.0)
    for lang, sentence in (
        ("id", "Video rusak: berkas tidak dapat diputar sampai selesai (pemutaran terhenti "
         "karena galat pada 0:43 dari 1:30). Minta instansi mengekspor ulang video dari "
         "aplikasi penyuntingnya, lalu mengunggahnya kembali."),
        ("en", "The video is damaged: the file cannot be played to the end (playback stops "
         "with errors at 0:43 of 1:30). Ask the agency to export the video again from its "
         "editing app, then upload it again."),
    ):  # fmt: skip
        j = judge(_facts(config, lang, analysis=bad))
        c = next(c for c in j.checks if c.id == "integrity.decode")
        assert (c.status, c.message, c.value) == (CheckStatus.FAIL, sentence, list(lines))
        assert j.verdict is Verdict.FAIL and sentence in j.reason
        assert "partial file" not in j.reason and "[aac]" not in j.reason
    unknown = judge(_facts(config, analysis=bad.model_copy(update={"decoded_s": None})))
    assert unknown.reason.endswith(
        "Video rusak: berkas tidak dapat diputar sampai selesai tanpa galat. Minta instansi "
        "mengekspor ulang video dari aplikasi penyuntingnya, lalu mengunggahnya kembali."
    )


def test_a_tools_words_stay_out_of_the_sentence_and_the_reason(config):
    """An error's detail (ffprobe's "moov atom not found", an HTTP status) is the check's
    value; the message and the reason are the translated sentence alone."""
    err = NotAVideo("probe.no_index", name="v.mp4", detail="moov atom not found")
    j = judge(_facts(config, "en", probe=None, analysis=None, error=err))
    c = next(c for c in j.checks if c.id == "file.is_video")
    assert c.message == (
        "File v.mp4 cannot be read as a video; the upload was probably cut short or the file "
        "is damaged. Ask the agency to upload the original video file to Google Drive again."
    )
    assert c.value == "moov atom not found" and "moov" not in j.reason
    assert err.render("en").endswith("Google Drive again. (moov atom not found)")  # logs
    kipps = ProbeError("probe.timeout", name="v.mp4", timeout="30", detail="killed after 30 s")
    j = judge(_facts(config, "en", probe=None, analysis=None, error=kipps))
    assert j.verdict is Verdict.ERROR and "killed" not in j.reason


def test_fail_vs_error_outcomes(config):
    denied = AccessDenied("fetch.no_link", agency="Dinas Kesehatan")
    j = judge(_facts(config, fetched=None, probe=None, analysis=None, error=denied))
    assert j.verdict is Verdict.FAIL and _status(j, "fetch.access") == "fail"
    assert _status(j, "duration.min") == "skip"
    quota = QuotaExceeded("fetch.no_link", agency="Dinas Kesehatan")
    j = judge(_facts(config, fetched=None, probe=None, analysis=None, error=quota))
    assert j.verdict is Verdict.ERROR
    assert j.reason.startswith("Pemeriksaan belum selesai:")


def test_signals_warn_by_default(config):
    a = Analysis(decode_ok=True, black=(Segment(start_s=0, end_s=12.5),))
    j = judge(_facts(config, analysis=a))
    c = next(c for c in j.checks if c.id == "signal.black")
    assert c.status is CheckStatus.WARN and c.value == 12.5 and "0:00-0:12" in c.message
    assert j.verdict is Verdict.PASS and j.reason == "Semua syarat terpenuhi, dengan 1 peringatan."


def _sections(config, present):
    return tuple(
        Section(
            id=s.id,
            label=s.label,
            required=s.required,
            present=True if s.id in present else None,
            start_s=1.0 if s.id in present else None,
        )
        for s in config.sections
    )


def test_sections_missing_means_review_then_decisions_close_it(config):
    secs = _sections(config, {"masalah", "jenis_inovasi", "nama_instansi"})
    j = judge(_facts(config, sections=secs))
    assert j.verdict is Verdict.NEEDS_REVIEW
    assert "'Petunjuk teknis pemanfaatan inovasi'" in j.reason
    now = datetime(2024, 6, 1, tzinfo=UTC)
    decided = tuple(
        s
        if s.present
        else s.model_copy(
            update={
                "decision": Decision(
                    entry_id=ENTRY.entry_id,
                    section_id=s.id,
                    present=ok,
                    at_s=70.0,
                    by="Lidya",
                    decided_at=now,
                )
            }
        )
        for s in secs
        for ok in [True]
    )
    assert judge(_facts(config, sections=decided)).verdict is Verdict.PASS
    absent = tuple(
        s
        if s.present
        else s.model_copy(
            update={
                "decision": Decision(
                    entry_id=ENTRY.entry_id,
                    section_id=s.id,
                    present=False,
                    by="Lidya",
                    decided_at=now,
                )
            }
        )
        for s in secs
    )
    assert judge(_facts(config, sections=absent)).verdict is Verdict.FAIL


def test_registry_warnings_surface_as_checks(config):
    from pipeline.models import RegistryNote

    e = ENTRY.model_copy(
        update={
            "agency_canonical": None,
            "notes": (RegistryNote(code="registry.agency_unknown", params={"agency": "Dinas X"}),),
        }
    )
    j = judge(_facts(config, entry=e))
    c = next(c for c in j.checks if c.id == "registry.agency")
    assert c.status is CheckStatus.WARN and "Dinas X" in c.message
    assert j.verdict is Verdict.PASS


def test_black_time_is_not_counted_again_as_frozen(config):
    a = Analysis(
        decode_ok=True,
        black=(Segment(start_s=0, end_s=8),),
        frozen=(Segment(start_s=0, end_s=9), Segment(start_s=20, end_s=23)),
    )
    j = judge(_facts(config, analysis=a))
    frozen = next(c for c in j.checks if c.id == "signal.frozen")
    black = next(c for c in j.checks if c.id == "signal.black")
    # 0-8 s is black; of the frozen 0-9 s only 8-9 s (shorter than min_s 2 s) is left, + 3 s
    assert (black.value, frozen.value) == (8.0, 3.0)
    assert frozen.status is CheckStatus.PASS


@pytest.mark.parametrize(
    ("code", "params", "check_id", "value"),
    [
        (
            "registry.date_order_assumed",
            {
                "value": "05/06/2024 10:00:00",
                "read_as": "2024-06-05 10:00:00",
                "order": "D/M/Y",
                "locale": "id_ID",
            },
            "registry.timestamp",
            "05/06/2024 10:00:00",
        ),
        (
            "registry.control_chars",
            {"row": 4, "columns": "'Judul Inovasi'"},
            "registry.row",
            "'Judul Inovasi'",
        ),
    ],
)
def test_registry_notes_become_warnings_that_keep_a_pass(config, code, params, check_id, value):
    entry = ENTRY.model_copy(update={"notes": (RegistryNote(code=code, params=params),)})
    j = judge(_facts(config, entry=entry))
    [check] = [c for c in j.checks if c.id == check_id]
    assert (check.status, check.value) == (CheckStatus.WARN, value)
    if code == "registry.date_order_assumed":
        assert "dibaca sebagai 2024-06-05 10:00:00 (urutan D/M/Y)" in check.message
        assert "(id_ID)" in check.message
    else:
        assert check.message.startswith("Baris 4 registri berisi karakter kontrol")
    assert j.verdict == judge(_facts(config)).verdict


@pytest.mark.parametrize(
    ("code", "params", "status", "text"),
    [
        (
            "drive.folder_several",
            {"count": 2, "chosen": "Revisi/final.mp4", "others": "draft.mp4"},
            CheckStatus.WARN,
            "Folder berisi 2 video; yang dinilai adalah yang terbaru, Revisi/final.mp4. "
            "Video lain: draft.mp4.",
        ),
        (
            "drive.cell_several",
            {"count": 2, "chosen": "final.mp4", "others": "draft.mp4"},
            CheckStatus.WARN,
            "Kolom link berisi 2 video; yang dinilai adalah yang terbaru, final.mp4. "
            "Video lain: draft.mp4.",
        ),
        (
            "drive.cell_other_files",
            {"files": "proposal.pdf (application/pdf)"},
            CheckStatus.PASS,
            "Berkas lain di kolom link (bukan video, tidak dinilai): proposal.pdf "
            "(application/pdf).",
        ),
    ],
)
def test_source_notes_are_shown_as_fetch_source_checks(config, code, params, status, text):
    fetched = _fetched()
    source = fetched.source.model_copy(update={"notes": (RegistryNote(code=code, params=params),)})
    j = judge(_facts(config, fetched=fetched.model_copy(update={"source": source})))
    [check] = [c for c in j.checks if c.id == "fetch.source"]
    assert check.status == status
    assert check.message.startswith(text)
    assert j.verdict == judge(_facts(config)).verdict


def test_one_duration_rule_before_download_and_after_probe(config) -> None:
    """The rule on Drive's rounded figure (1 s margin) and on the probe's (exact), and the
    refusal carries the source's facts from its constructor."""
    from pipeline.checks.duration_rule import before_download, within
    from pipeline.errors import DurationRejected

    assert within("min", 60.0, 60.0) and not within("min", 59.999, 60.0)
    assert within("max", 120.0, 120.0) and not within("max", 120.001, 120.0)
    assert within("min", 59.5, 60.0, margin=1.0)
    drive = SourceFacts(kind="drive", file_id="1AbC", name="v.mp4", drive_duration_s=58.5)
    with pytest.raises(DurationRejected) as caught:
        before_download(drive, config)
    assert caught.value.check_id == "duration.min" and caught.value.source_facts == drive
    assert caught.value.params["value"] == 58.5 and caught.value.params["expected"] == ">= 60.000"
    before_download(drive.model_copy(update={"drive_duration_s": 59.5}), config)  # the probe's
    before_download(drive.model_copy(update={"drive_duration_s": None}), config)  # unknown


def test_a_downloaders_words_are_the_checks_value_not_the_reason(config):
    """yt-dlp's and the web server's own words (``Private video``, ``HTTP 503``) stay out
    of the sentence an agency reads (ytdl.unavailable is the agency's to fix)."""
    link = "https://youtu.be/AbCdEfGhIj0"
    refused = AccessDenied("ytdl.unavailable", detail="[youtube] AbCdEfGhIj0: Private video",
                           video_id="AbCdEfGhIj0", link=link)  # fmt: skip
    j = judge(_facts(config, "en", fetched=None, probe=None, analysis=None, error=refused))
    c = next(c for c in j.checks if c.id == "fetch.access")
    assert c.message == (
        f"YouTube refused the download of AbCdEfGhIj0 ({link}). Ask the agency to make sure "
        "the video is Public or Unlisted, with no age or region limit."
    )
    assert c.value == "[youtube] AbCdEfGhIj0: Private video" and "Private" not in j.reason
    busy = TransientFetchError("web.unreachable", detail="HTTP 503", link=link, attempts=3)
    j = judge(_facts(config, "en", fetched=None, probe=None, analysis=None, error=busy))
    assert j.verdict is Verdict.ERROR and "503" not in j.reason
    assert f"The link {link} could not be downloaded after 3 attempts." in j.reason
