"""The duration rule, judged on whichever figure is known first.

    within(bound, seconds, limit, margin=0.0) -> bool      the rule itself
    before_download(source, config) -> None                on the source's own figure

The rule (config ``[duration]``, KIPP 2024: at least 60 s, at most 120 s, inclusive) is
applied twice: before any download on the figure the source already states (Google
Drive's ``videoMediaMetadata.durationMillis``, kept as ``SourceFacts.drive_duration_s``),
and after the probe on the measured duration (``pipeline.checks.media.duration``).
Drive's figure is rounded, so before the download only a breach by more than
``EARLY_MARGIN_S`` rejects the entry; anything nearer is left to the probe.
"""

from __future__ import annotations

from typing import Literal

from pipeline import i18n
from pipeline.config import Config
from pipeline.errors import DurationRejected
from pipeline.models import SourceFacts

Bound = Literal["min", "max"]
EARLY_MARGIN_S = 1.0  # Drive's figure is rounded: reject early only when clearly out

i18n.register(
    {
        "drive.duration_min": {
            "id": "Menurut Google Drive, video {name} berdurasi {duration_s:g} detik, kurang "
            "dari batas minimal {limit_s:g} detik (angka dari metadata Google Drive; berkas "
            "tidak diunduh). Minta instansi mengirim video dengan durasi sesuai ketentuan.",
            "en": "Google Drive says the video {name} lasts {duration_s:g} s, under the "
            "minimum of {limit_s:g} s (figure from Google Drive's metadata; not downloaded). "
            "Ask the agency for a video of the allowed length.",
        },
        "drive.duration_max": {
            "id": "Menurut Google Drive, video {name} berdurasi {duration_s:g} detik, lebih "
            "dari batas maksimal {limit_s:g} detik (angka dari metadata Google Drive; berkas "
            "tidak diunduh). Minta instansi mengirim video dengan durasi sesuai ketentuan.",
            "en": "Google Drive says the video {name} lasts {duration_s:g} s, over the "
            "maximum of {limit_s:g} s (figure from Google Drive's metadata; not downloaded). "
            "Ask the agency for a video of the allowed length.",
        },
    }
)


def within(bound: Bound, seconds: float, limit: float, margin: float = 0.0) -> bool:
    """``seconds`` keeps the bound (inclusive), with ``margin`` seconds of tolerance."""
    return seconds >= limit - margin if bound == "min" else seconds <= limit + margin


def before_download(source: SourceFacts, config: Config) -> None:
    """Judge the duration on the figure the source states, before downloading.

    Args:
        source: the source's facts; ``drive_duration_s`` (seconds) may be None (unknown).
        config: its ``duration`` rule (``min_s`` / ``max_s`` in seconds, each optional).

    Raises:
        DurationRejected: the figure breaks a bound by more than ``EARLY_MARGIN_S``;
            ``check_id`` is ``duration.min`` or ``duration.max``, with the source's facts.
    """
    seconds, rule = source.drive_duration_s, config.duration
    if seconds is None:
        return
    bounds: tuple[tuple[Bound, float | None], ...] = (("min", rule.min_s), ("max", rule.max_s))
    for bound, limit in bounds:
        if limit is not None and not within(bound, seconds, limit, EARLY_MARGIN_S):
            raise DurationRejected(
                f"drive.duration_{bound}",
                check_id=f"duration.{bound}",
                source_facts=source,
                name=source.name,
                duration_s=seconds,
                limit_s=limit,
                value=round(seconds, 3),
                expected=f"{'>=' if bound == 'min' else '<='} {limit:.3f}",
                source="drive",  # where the figure comes from
            )
