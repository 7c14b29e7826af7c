"""One pair of videos against the competition's rule (``[duplicates]`` in the config).

    Video.of(...)                        a video as the finder sees it (prints made once)
    pair(a, b, rule) -> (match for a, match for b) | None

The pair matches when any of these holds:
- identical: the same md5 (byte for byte the same file); named without decoding;
- picture (vPDQ): ``share`` of one side's distinct frames within ``distance`` of the
  other's, or a span of ``segment_s`` holding ``segment_frames`` distinct frames;
- sound: ``sound_share`` of one side's sound content (at least MIN_SOUND_S of it) heard in
  the other, or a shared stretch of ``sound_segment_s``;
- title: the registry's titles alike (``titles``), for two different agencies.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pipeline.config import Duplicates
from pipeline.duplicates import picture, sound
from pipeline.duplicates.picture import PictureMatch, Pictures, Span
from pipeline.duplicates.sound import SoundMatch, Sounds
from pipeline.media.fingerprint import VERSION
from pipeline.models import DuplicateMatch, Fingerprint, MatchSpan

MIN_SOUND_S = 10.0  # a share of less sound than this says nothing


@dataclass(frozen=True)
class Video:
    """One entry's video: ``ref`` is its entry id in this round, ``<round>#<entry id>``
    in an earlier one."""

    ref: str
    agency: str
    title: str
    md5: str | None
    earlier: str | None
    frames_dir: Path | None
    pictures: Pictures | None
    sounds: Sounds | None

    @classmethod
    def of(
        cls,
        ref: str,
        agency: str,
        title: str = "",
        *,
        md5: str | None = None,
        fingerprint: Fingerprint | None = None,
        earlier: str | None = None,
        frames_dir: Path | None = None,
    ) -> Video:
        usable = fingerprint is not None and fingerprint.version == VERSION
        return cls(
            ref, agency, title, md5, earlier, frames_dir,
            Pictures.of(fingerprint) if usable and fingerprint else None,
            Sounds.of(fingerprint) if usable and fingerprint else None,
        )  # fmt: skip


def pair(
    a: Video, b: Video, rule: Duplicates, title_score: float | None = None
) -> tuple[DuplicateMatch, DuplicateMatch] | None:
    """The two sides' matches (``a``'s view, ``b``'s view), or None for no match."""
    identical = a.md5 is not None and a.md5 == b.md5
    pm = sm = None
    if not identical and a.pictures is not None and b.pictures is not None:
        pm = picture.compare(a.pictures, b.pictures, rule.distance)
    if not identical and a.sounds is not None and b.sounds is not None:
        sm = sound.compare(a.sounds, b.sounds)
    seen = pm is not None and _picture_match(pm, rule)
    heard = sm is not None and _sound_match(sm, rule)
    titled = title_score is not None and title_score >= rule.title_similarity
    if not (identical or seen or heard or titled):
        return None
    spans_a = _spans(pm, sm, seen, heard)
    left = _side(a, b, identical, seen, heard, titled, title_score, pm, sm, spans_a)
    right = _side(b, a, identical, seen, heard, titled, title_score,
                  _flip_picture(pm), _flip_sound(sm), tuple(_flip(s) for s in spans_a))  # fmt: skip
    return left, right


def _picture_match(m: PictureMatch, rule: Duplicates) -> bool:
    if max(m.share, m.other_share) >= rule.share:
        return True
    return any(s.end_s - s.start_s >= rule.segment_s and s.frames >= rule.segment_frames
               for s in m.spans)  # fmt: skip


def _sound_match(m: SoundMatch, rule: Duplicates) -> bool:
    sides = ((m.share, m.content_s), (m.other_share, m.other_content_s))
    if any(share >= rule.sound_share and s >= MIN_SOUND_S for share, s in sides):
        return True
    return any(s.end_s - s.start_s >= rule.sound_segment_s for s in m.spans)


def _spans(
    pm: PictureMatch | None, sm: SoundMatch | None, seen: bool, heard: bool
) -> tuple[MatchSpan, ...]:
    out = []
    if seen and pm is not None:
        out += [_span("picture", s) for s in pm.spans]
    if heard and sm is not None:
        out += [_span("sound", s) for s in sm.spans]
    return tuple(_apart(out))


def _apart(spans: list[MatchSpan]) -> list[MatchSpan]:
    """Longest first; a span that covers over half of a longer one of the same signal on
    either side is a repeat inside the video (a loop, a refrain), not another stretch."""
    kept: list[MatchSpan] = []
    for s in sorted(spans, key=lambda s: s.end_s - s.start_s, reverse=True):
        if not any(k.signal == s.signal and (_half(s.start_s, s.end_s, k.start_s, k.end_s)
                   or _half(s.other_start_s, s.other_end_s, k.other_start_s, k.other_end_s))
                   for k in kept):  # fmt: skip
            kept.append(s)
    return kept


def _half(a0: float, a1: float, b0: float, b1: float) -> bool:
    return min(a1, b1) - max(a0, b0) > 0.5 * (a1 - a0)


def _span(signal: Literal["picture", "sound"], s: Span) -> MatchSpan:
    return MatchSpan(
        signal=signal,
        start_s=round(s.start_s, 1),
        end_s=round(s.end_s, 1),
        other_start_s=round(s.other_start_s, 1),
        other_end_s=round(s.other_end_s, 1),
    )


def _flip(s: MatchSpan) -> MatchSpan:
    return MatchSpan(signal=s.signal, start_s=s.other_start_s, end_s=s.other_end_s,
                     other_start_s=s.start_s, other_end_s=s.end_s)  # fmt: skip


def _flip_picture(m: PictureMatch | None) -> PictureMatch | None:
    if m is None:
        return None
    return PictureMatch(m.other_share, m.share, m.other_frames, m.frames, ())


def _flip_sound(m: SoundMatch | None) -> SoundMatch | None:
    if m is None:
        return None
    return SoundMatch(m.other_share, m.share, m.other_content_s, m.content_s, ())


def _side(
    me: Video,
    other: Video,
    identical: bool,
    seen: bool,
    heard: bool,
    titled: bool,
    title_score: float | None,
    pm: PictureMatch | None,
    sm: SoundMatch | None,
    spans: tuple[MatchSpan, ...],
) -> DuplicateMatch:
    return DuplicateMatch(
        other=other.ref,
        other_agency=other.agency,
        other_title=other.title,
        earlier=other.earlier,
        md5=me.md5,
        other_md5=other.md5,
        identical=identical,
        picture=seen,
        sound=heard,
        title=titled,
        picture_share=round(pm.share, 3) if pm else None,
        other_picture_share=round(pm.other_share, 3) if pm else None,
        sound_share=round(sm.share, 3) if sm else None,
        other_sound_share=round(sm.other_share, 3) if sm else None,
        title_score=round(title_score, 1) if title_score is not None else None,
        spans=spans,
        frames_dir=me.frames_dir,
        other_frames_dir=other.frames_dir,
    )
