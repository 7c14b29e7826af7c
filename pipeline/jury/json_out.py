"""``kipp jury tally --json``: the tally as JSON (the contract others rely on).

    {"normalisation": "mean", "draft": false,
     "rounds": [{"round_id", "label", "complete", "normalisation",
                 "entries": [{"entry_id", "agency", "mean", "median", "spread",
                              "jurors": {juror id: weighted score | null (recused or missing)},
                              "recused": [juror id], "missing": [juror id], "rank",
                              "tie_broken_by", "tied", "flags", "criteria"}],  # rank order
                 "ties": [...], "nominees": [entry id], "cut_tied"}],
     "nominees": {round id: [entry id]},
     "final": {"complete", "entries": [{"entry_id", "agency", "total", "rounds", "rank",
                                         "tie_broken_by", "tied", "flags"}], "ties": [...]},
     "winners": [{"place", "entry_id", "agency", "total", "tied"}],
     "favourite": null | {"label", "counters", "winner", "pending", "recount", "entries"}}

Scores are exact (not rounded); the terminal shows two decimals.
"""

from __future__ import annotations

from typing import Any

from pipeline.jury.results import EntryResult, RoundResult, Tally
from pipeline.jury.rules import Judging


def _entry(e: EntryResult) -> dict[str, Any]:
    return {
        "entry_id": e.entry_id,
        "agency": e.agency,
        "mean": e.mean,
        "median": e.median,
        "spread": e.spread,
        "jurors": {c.juror_id: c.score for c in e.jurors},
        "recused": list(e.recused),
        "missing": list(e.missing),
        "rank": e.rank,
        "tie_broken_by": e.tie_broken_by,
        "tied": e.tied,
        "flags": list(e.flags),
        "criteria": e.criteria,
    }


def _advances(judging: Judging, result: RoundResult) -> bool:
    found = judging.round(result.round_id)
    return found is not None and found.advance is not None


def tally_json(tally: Tally, judging: Judging) -> dict[str, Any]:
    """The tally as the JSON object above."""
    rounds = [
        {
            "round_id": r.round_id,
            "label": r.label,
            "complete": r.complete,
            "normalisation": r.normalisation,
            "entries": [_entry(e) for e in r.entries],
            "ties": [t.model_dump(mode="json") for t in r.ties],
            "nominees": list(r.nominees),
            "cut_tied": r.cut_tied,
        }
        for r in tally.rounds
    ]
    final = tally.final.model_dump(mode="json", exclude={"winners"})
    favourite = None
    if tally.favourite is not None:
        favourite = tally.favourite.model_dump(mode="json")
    return {
        "normalisation": tally.normalisation,
        "draft": tally.draft,
        "rounds": rounds,
        "nominees": {r.round_id: list(r.nominees) for r in tally.rounds if _advances(judging, r)},
        "final": final,
        "winners": [w.model_dump(mode="json", exclude={"position"}) for w in tally.final.winners],
        "favourite": favourite,
    }
