"""The jury's half of the competition: from the valid entries to the signed minutes.

    rules.py        the [judging] part of the config (jurors, rounds, criteria, tie-break)
    records.py      what people enter, as the journal's act payloads (jury.*)
    (pipeline/store/jury.py: their projections in the store, and the readers)
    entries.py      eligible entries, recusals, what changed since scoring
    scoring.py      record_scores, submit_round, declare_conflict, withdraw_conflict,
                    decide_tie, ...
    ranking.py      a ranking with the declared tie-break
    tally.py        each juror's weighted score -> mean, median, spread, rank, nominees
    final.py        the rounds combined, the winners
    favourite.py    the public favourite from two officers' counts
    progress.py     who has scored what, what is missing

The CLI (``kipp jury``) and the web app (``kipp serve``) call the same functions, which
this package exports (loaded on first use).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pipeline.jury.progress import Progress, progress
    from pipeline.jury.records import ScoreSource
    from pipeline.jury.results import Tally
    from pipeline.jury.rules import Judging
    from pipeline.jury.scoring import (
        decide_tie,
        declare_conflict,
        missing_scores,
        record_scores,
        reopen_round,
        round_entries,
        submit_round,
        visible_rows,
        withdraw_conflict,
    )
    from pipeline.jury.tally import compute, tally

_EXPORTS = {
    "Judging": "rules",
    "ScoreSource": "records",
    "Tally": "results",
    "Progress": "progress",
    "progress": "progress",
    "compute": "tally",
    "tally": "tally",
    "declare_conflict": "scoring",
    "decide_tie": "scoring",
    "missing_scores": "scoring",
    "record_scores": "scoring",
    "reopen_round": "scoring",
    "round_entries": "scoring",
    "submit_round": "scoring",
    "visible_rows": "scoring",
    "withdraw_conflict": "scoring",
}
__all__ = [
    "Judging",
    "Progress",
    "ScoreSource",
    "Tally",
    "compute",
    "decide_tie",
    "declare_conflict",
    "missing_scores",
    "progress",
    "record_scores",
    "reopen_round",
    "round_entries",
    "submit_round",
    "tally",
    "visible_rows",
    "withdraw_conflict",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'pipeline.jury' has no attribute {name!r}")
    return getattr(importlib.import_module(f"pipeline.jury.{module}"), name)
