"""The same video, or the same title, elsewhere: ``duplicate.video`` and ``duplicate.title``.

A match is a ``warn`` until an officer decides on the pair (``kipp review AGENCY
--duplicate OTHER --same|--different``): "different" passes, "same" fails.  The config's
``[duplicates] identical = "fail"`` fails byte-identical files without waiting.  A decision
taken on other files than the two compared now counts as none.
"""

from __future__ import annotations

from pipeline import i18n
from pipeline.checks.context import Facts
from pipeline.models import Check, CheckStatus, DuplicateMatch

i18n.register(
    {
        "check.duplicate.video": {
            "id": "Video yang sama ada pada entri lain: {matches}.",
            "en": "The same video is in another entry: {matches}.",
        },
        "check.duplicate.title": {
            "id": "Judul inovasi yang sama dikirim instansi lain: {matches}.",
            "en": "Another agency sent the same innovation title: {matches}.",
        },
        "check.duplicate.ask": {
            "id": " Petugas memutuskan: kipp review {entry} --duplicate {other} --same "
            "(video yang sama) atau --different (berbeda).",
            "en": " An officer decides: kipp review {entry} --duplicate {other} --same "
            "(the same video) or --different (not the same).",
        },
        "duplicate.identical": {
            "id": "berkas identik byte demi byte (md5 sama)",
            "en": "byte-identical file (same md5)",
        },
        "duplicate.picture": {
            "id": "gambar {share} / {other_share} frame sama",
            "en": "picture {share} / {other_share} of frames alike",
        },
        "duplicate.sound": {
            "id": "suara {share} / {other_share} sama",
            "en": "sound {share} / {other_share} alike",
        },
        # the agency's notice (its voice; never the other agency's name nor kipp's commands)
        "notice.what.duplicate.video": {
            "id": "Panitia mendapati video ini sama dengan video peserta lain.",
            "en": "The committee found this video to be the same as another entry's video.",
        },
        "notice.how.duplicate.video": {
            "id": "Kirim video yang dibuat instansi Anda sendiri untuk kompetisi ini; hubungi "
            "panitia bila ada kekeliruan.",
            "en": "Send a video your agency made for this competition; contact the committee "
            "if this is a mistake.",
        },
        "notice.what.duplicate.title": {
            "id": "Judul inovasi ini sama dengan judul yang dikirim instansi lain.",
            "en": "This innovation's title is the same as one another agency sent.",
        },
        "notice.how.duplicate.title": {
            "id": "Hubungi panitia untuk menjelaskan inovasi Anda.",
            "en": "Contact the committee to explain your innovation.",
        },
        "duplicate.span": {"id": "{a} di sini = {b} di sana", "en": "{a} here = {b} there"},
        "duplicate.title_score": {"id": "judul mirip {score}", "en": "titles {score} alike"},
        "duplicate.earlier": {"id": "putaran {round}", "en": "round {round}"},
        "duplicate.decided_same": {
            "id": "diputuskan SAMA oleh {by}",
            "en": "decided THE SAME by {by}",
        },
        "duplicate.decided_different": {
            "id": "diputuskan berbeda oleh {by}",
            "en": "decided different by {by}",
        },
    }
)


def duplicates(f: Facts) -> list[Check]:
    """``duplicate.video`` for the entries whose file, picture or sound match, and
    ``duplicate.title`` for the other agencies with the same title; nothing when none."""
    if not f.config.duplicates.enabled:
        return []
    out = []
    video = [m for m in f.duplicates if m.identical or m.picture or m.sound]
    if video:
        out.append(_check(f, "duplicate.video", "check.duplicate.video", video))
    titled = [m for m in f.duplicates if m.title and m not in video]
    if titled:
        out.append(_check(f, "duplicate.title", "check.duplicate.title", titled))
    return out


def decided(m: DuplicateMatch) -> bool | None:
    """The officer's finding on the pair (True: the same video), when it was made on these
    very files; None when undecided."""
    d = m.decision
    if d is None or set(d.md5s) != {m.md5, m.other_md5}:
        return None
    return d.same


def status(m: DuplicateMatch, identical_fails: bool) -> CheckStatus:
    same = decided(m)
    if same is not None:
        return CheckStatus.FAIL if same else CheckStatus.PASS
    return CheckStatus.FAIL if m.identical and identical_fails else CheckStatus.WARN


def _check(f: Facts, check_id: str, key: str, matches: list[DuplicateMatch]) -> Check:
    identical_fails = f.config.duplicates.identical == "fail"
    statuses = [status(m, identical_fails) for m in matches]
    worst = next(
        (s for s in (CheckStatus.FAIL, CheckStatus.WARN) if s in statuses), CheckStatus.PASS
    )
    message = f.say(key, matches="; ".join(describe(m, f.lang) for m in matches))
    if open_ := [m for m, s in zip(matches, statuses, strict=True) if s is CheckStatus.WARN]:
        message += f.say("check.duplicate.ask", entry=f.entry.entry_id, other=open_[0].other)
    return Check(
        id=check_id,
        status=worst,
        message=message,
        value=[m.other for m in matches],
        key=key,
    )


def describe(m: DuplicateMatch, lang: str) -> str:
    """``Dinas X (putaran 2024) — gambar 92 % / 88 % frame sama, 0:10-0:50 di sini = ...``"""
    who = m.other_agency
    if m.earlier:
        who += f" ({i18n.message('duplicate.earlier', lang, round=m.earlier)})"
    parts = []
    if m.identical:
        parts.append(i18n.message("duplicate.identical", lang))
    if m.picture:
        parts.append(i18n.message("duplicate.picture", lang, share=_pct(m.picture_share),
                                  other_share=_pct(m.other_picture_share)))  # fmt: skip
    if m.sound:
        parts.append(i18n.message("duplicate.sound", lang, share=_pct(m.sound_share),
                                  other_share=_pct(m.other_sound_share)))  # fmt: skip
    for span in m.spans[:2]:
        parts.append(i18n.message("duplicate.span", lang,
                                  a=f"{i18n.clock(span.start_s)}-{i18n.clock(span.end_s)}",
                                  b=f"{i18n.clock(span.other_start_s)}-"
                                    f"{i18n.clock(span.other_end_s)}"))  # fmt: skip
    if m.title and m.title_score is not None:
        parts.append(i18n.message("duplicate.title_score", lang, score=f"{m.title_score:.0f} %"))
    same = decided(m)
    if same is not None and m.decision is not None:
        key = "duplicate.decided_same" if same else "duplicate.decided_different"
        parts.append(i18n.message(key, lang, by=m.decision.by))
    return f"{who} ({', '.join(parts)})"


def _pct(share: float | None) -> str:
    return f"{round((share or 0.0) * 100):d} %"
