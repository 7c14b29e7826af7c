"""Rules about the file itself: duration, format, audio, integrity, quality signals."""

from __future__ import annotations

from pipeline import formatting, i18n
from pipeline.checks.context import Facts, on_breach
from pipeline.checks.duration_rule import within
from pipeline.config import SignalRule
from pipeline.media import playable
from pipeline.media.duration import note, picture_s
from pipeline.models import Check, CheckStatus, Segment

PASS, FAIL, WARN, SKIP = CheckStatus.PASS, CheckStatus.FAIL, CheckStatus.WARN, CheckStatus.SKIP
BROWSER_RULE = "plays in a browser"  # report.json's rule when the competition sets no list


def is_video(f: Facts) -> Check:
    if (c := f.error_check("file.is_video")) is not None:
        return c
    if f.probe is None or f.probe.video is None:
        return f.not_reached("file.is_video")
    v = f.probe.video
    return f.check(
        "file.is_video",
        PASS,
        "check.is_video.ok",
        value=f.probe.container,
        container=f.probe.container,
        codec=v.codec,
        width=v.width,
        height=v.height,
    )


def duration(f: Facts) -> list[Check]:
    rule = f.config.duration
    out = []
    for bound, limit in (("min", rule.min_s), ("max", rule.max_s)):
        check_id = f"duration.{bound}"
        early = f.error_check(check_id)
        if early is not None:
            out.append(early)
            continue
        if limit is None:
            out.append(f.check(check_id, SKIP, "check.no_rule"))
            continue
        if f.probe is None:
            out.append(f.not_reached(check_id))
            continue
        out.append(_duration_check(f, bound, limit))
    return out


def _duration_check(f: Facts, bound: str, limit: float) -> Check:
    """What is presented, end minus start; the minimum is judged on the picture when it
    ends clearly before the sound (a music bed exported past the last clip).  The
    message says which figure was used and why (``pipeline.media.duration.note``)."""
    assert f.probe is not None
    picture = picture_s(f.probe.timing) if bound == "min" else None
    value = round(picture if picture is not None else f.probe.duration_s, 3)  # to the ms
    ok = within("min" if bound == "min" else "max", value, limit)  # the same rule as early
    what = "picture" if picture is not None else bound
    check = f.check(
        f"duration.{bound}",
        PASS if ok else FAIL,
        f"check.duration.{what}.{'ok' if ok else 'fail'}",
        value=value,
        expected=f"{'>=' if bound == 'min' else '<='} {limit:.3f}",
        limit=i18n.seconds(limit, f.lang),
        measured=i18n.seconds(value, f.lang),
    )
    said = note(f.probe.timing, f.lang)
    return check.model_copy(update={"message": f"{check.message} {said}"}) if said else check


def _format(f: Facts, check_id: str, kind: playable.Kind, value: str) -> Check:
    """The competition's list for ``kind`` when it sets one (outside it: fail); no list:
    any file ffmpeg decodes passes, with ``browser_severity`` where the jury's browser
    cannot play it.  Named for what the bytes are ("QuickTime (MOV)"), and the file's
    name is said when it claims another container."""
    rule = f.config.format
    allowed = {"container": rule.containers, "video_codec": rule.video_codecs,
               "audio_codec": rule.audio_codecs}[kind]  # fmt: skip
    if allowed:
        ok = value in allowed
        status, key = (PASS, "check.allowed.ok") if ok else (FAIL, "check.allowed.fail")
    else:
        ok = playable.plays(kind, value)
        status = PASS if ok else on_breach(rule.browser_severity)
        key = "check.format.any" if ok else f"check.format.browser.{kind}"
    check = f.check(
        check_id,
        status,
        key,
        value=value,
        expected=list(allowed) if allowed else BROWSER_RULE,
        what=f.say(f"what.{kind}"),
        measured=playable.label(value),
        allowed=", ".join(playable.label(a) for a in allowed),
    )
    named = f.fetched.source.name if f.fetched is not None else ""
    if kind == "container" and not ok and playable.name_lies(named, value):
        said = f.say("check.format.named", name=named, measured=playable.label(value))
        return check.model_copy(update={"message": f"{said} {check.message}"})
    return check


def format_rules(f: Facts) -> list[Check]:
    ids = ["container.allowed", "video.codec.allowed", "video.resolution.min", "audio.present"]
    if f.probe is None or f.probe.video is None:  # a source's own facts may decide one
        return [f.error_check(i) or f.not_reached(i) for i in ids]
    rule, p, v = f.config.format, f.probe, f.probe.video
    checks = [
        _format(f, "container.allowed", "container", p.container),
        _format(f, "video.codec.allowed", "video_codec", v.codec),
    ]
    short = min(v.width, v.height)
    if rule.min_short_side is None:
        checks.append(
            f.check("video.resolution.min", SKIP, "check.no_rule", value=f"{v.width}x{v.height}")
        )
    else:
        ok = short >= rule.min_short_side
        checks.append(
            f.check(
                "video.resolution.min",
                PASS if ok else on_breach(rule.resolution_severity),
                f"check.resolution.{'ok' if ok else 'fail'}",
                value=f"{v.width}x{v.height}",
                expected=f"short side >= {rule.min_short_side}",
                width=v.width,
                height=v.height,
                short=short,
                min=rule.min_short_side,
            )
        )
    checks += audio(f)
    if rule.vfr_severity != "off":
        checks.append(
            f.check(
                "video.frame_rate.constant",
                on_breach(rule.vfr_severity) if v.vfr else PASS,
                "check.vfr.warn" if v.vfr else "check.vfr.ok",
                value={"avg": v.fps, "nominal": v.r_fps},
                fps=v.fps,
                r_fps=v.r_fps,
            )
        )
    return checks


def audio(f: Facts) -> list[Check]:
    assert f.probe is not None
    rule, a = f.config.format, f.probe.audio
    if a is None:
        status = FAIL if rule.audio_required else WARN
        key = "check.audio.missing" if rule.audio_required else "check.audio.optional"
        return [f.check("audio.present", status, key, value=False, expected=rule.audio_required)]
    present = f.check(
        "audio.present",
        PASS,
        "check.audio.ok",
        value=True,
        expected=rule.audio_required,
        codec=a.codec,
        channels=a.channels,
        rate=a.sample_rate,
    )
    return [present, _format(f, "audio.codec.allowed", "audio_codec", a.codec)]


def integrity(f: Facts) -> Check:
    if (c := f.error_check("integrity.decode")) is not None:
        return c
    if f.analysis is None:
        return f.not_reached("integrity.decode")
    a = f.analysis
    if a.decode_ok and a.decode_limit_s is not None:  # over-long: only the start decoded
        return f.check("integrity.decode", PASS, "check.decode.ok_part", value=True,
                       seconds=f"{a.decode_limit_s:g}")  # fmt: skip
    if a.decode_ok:
        return f.check("integrity.decode", PASS, "check.decode.ok", value=True)
    # ffmpeg's own lines are the measured value (the report's technical column), never
    # the sentence: the agency reads what is wrong and what to do
    duration = f.probe.duration_s if f.probe is not None else None
    facts = {"value": list(a.decode_errors), "expected": "no decode errors"}
    if a.decoded_s is not None and duration:
        at, of = formatting.clock(a.decoded_s), formatting.clock(duration)
        return f.check("integrity.decode", FAIL, "check.decode.fail_at", at=at, duration=of,
                       **facts)  # fmt: skip
    return f.check("integrity.decode", FAIL, "check.decode.fail", **facts)


def signals(f: Facts) -> list[Check]:
    cfg = f.config.signals
    out = []
    for name, rule in (("black", cfg.black), ("frozen", cfg.frozen), ("silent", cfg.silent)):
        if rule.severity == "off":
            continue
        check_id = f"signal.{name}"
        if f.analysis is None:
            out.append(f.not_reached(check_id))
            continue
        segments: tuple[Segment, ...] = getattr(f.analysis, name)
        if name == "frozen":  # a black stretch is also a still picture: count it once
            segments = _minus(segments, f.analysis.black)
        out.append(_signal(f, check_id, name, rule, segments))
    if cfg.loudness_min_lufs is not None and cfg.loudness_severity != "off":
        out.append(_loudness(f, cfg.loudness_min_lufs, cfg.loudness_severity))
    return out


def _minus(segments: tuple[Segment, ...], cut: tuple[Segment, ...]) -> tuple[Segment, ...]:
    """``segments`` with the time covered by ``cut`` removed."""
    pieces = list(segments)
    for c in cut:
        kept = []
        for s in pieces:
            if c.end_s <= s.start_s or c.start_s >= s.end_s:
                kept.append(s)
                continue
            if s.start_s < c.start_s:
                kept.append(Segment(start_s=s.start_s, end_s=c.start_s))
            if c.end_s < s.end_s:
                kept.append(Segment(start_s=c.end_s, end_s=s.end_s))
        pieces = kept
    return tuple(pieces)


def _signal(
    f: Facts, check_id: str, name: str, rule: SignalRule, segments: tuple[Segment, ...]
) -> Check:
    long = [s for s in segments if s.end_s - s.start_s >= rule.min_s]
    total = round(sum(s.end_s - s.start_s for s in long), 3)
    over = total > rule.max_total_s
    where = ", ".join(f"{i18n.clock(s.start_s)}-{i18n.clock(s.end_s)}" for s in long[:5])
    return f.check(
        check_id,
        on_breach(rule.severity) if over else PASS,
        "check.signal.over" if over else "check.signal.ok",
        value=total,
        expected=f"<= {rule.max_total_s:.3f}",
        what=f.say(f"what.{name}"),
        total=i18n.seconds(total, f.lang),
        limit=i18n.seconds(rule.max_total_s, f.lang),
        where=where,
    )


def _loudness(f: Facts, minimum: float, severity: str) -> Check:
    lufs = f.analysis.loudness_lufs if f.analysis else None
    if lufs is None:
        return f.check("audio.loudness", SKIP, "check.signal.unmeasured")
    low = lufs < minimum
    return f.check(
        "audio.loudness",
        on_breach(severity) if low else PASS,  # type: ignore[arg-type]
        "check.loudness.low" if low else "check.loudness.ok",
        value=lufs,
        expected=f">= {minimum}",
        lufs=f"{lufs:.1f}",
        min=f"{minimum:.1f}",
    )


def subtitles(f: Facts) -> list[Check]:
    rule = f.config.subtitles
    if not rule.expected:
        return []
    if f.probe is None:
        return [f.not_reached("subtitles.present")]
    found = [f"{s.codec}" for s in f.probe.subtitles]
    if f.fetched:
        found += [p.name for p in f.fetched.sidecars]
    if found:
        return [
            f.check(
                "subtitles.present", PASS, "check.subtitles.ok", value=found, found=", ".join(found)
            )
        ]
    return [
        f.check("subtitles.present", on_breach(rule.severity), "check.subtitles.missing", value=[])
    ]
