"""What the review pages make of the stored data: each trainee's outcomes per scenario and weakest
cue types, and how often the leads agree with the machine. Presentation only: the reads are
bot/storage/review_queries.py (and the TranscriptStore's own).

Agreement: for every scored trainee reply in a reviewed session and each dimension, the
machine's score (the `old_score` of the first override, else the reply's score) against the
final one (the reply's score now). A lead "disagrees" when the final score is in another band
(bot.coach.scoring.BANDS) than the machine's; agreement = replies without such a move / replies.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.coach.scoring import BANDS, band
from bot.storage import review_queries as queries
from bot.storage.models import DIMENSIONS, OUTCOMES
from bot.storage.records import ProgressPoint
from bot.storage.store import OPEN, TranscriptStore

ALL = "all scenarios"
AGREEMENT_COLUMNS = ("scenario", "dimension", "reviewed_replies", "overridden", "crossed_band",
                     "machine_too_high", "machine_too_low", "agreement")
WEAKEST_CUES = 5


def outcomes_per_scenario(progress: Sequence[ProgressPoint]) -> list[dict[str, Any]]:
    """From TranscriptStore.trainee_progress: per scenario, sessions and how each ended."""
    table: dict[str, dict[str, Any]] = {}
    for session in progress:
        row = table.setdefault(session["scenario"], {"scenario": session["scenario"], "sessions": 0,
                                                     **dict.fromkeys(OUTCOMES + (OPEN,), 0)})
        row["sessions"] += 1
        row[session["outcome"] or OPEN] += 1
    return sorted(table.values(), key=lambda r: r["scenario"])


def weakest_cues(store: TranscriptStore, trainee_id: int, limit: int = WEAKEST_CUES) -> list[dict[str, Any]]:
    """The cue types that cost this trainee most (summed effect on both dimensions), with how
    often they came up and one phrase they used; only kinds that cost points."""
    rows = queries.reply_cues(store, trainee_id)
    kinds: dict[str, dict[str, Any]] = {}
    for cues in rows:
        for cue in cues:
            if not isinstance(cue, dict):
                continue
            effect = int(cue.get("ownership") or 0) + int(cue.get("flexibility") or 0)
            entry = kinds.setdefault(str(cue.get("kind") or "?"), {
                "kind": str(cue.get("kind") or "?"), "label": str(cue.get("label") or ""), "count": 0,
                "effect": 0, "example": str(cue.get("phrase") or "")})
            entry["count"] += 1
            entry["effect"] += effect
    costly = [k for k in kinds.values() if k["effect"] < 0]
    return sorted(costly, key=lambda k: (k["effect"], -k["count"]))[:limit]


def _empty_cell(scenario: str, dimension: str) -> dict[str, Any]:
    return {"scenario": scenario, "dimension": dimension, "reviewed_replies": 0, "overridden": 0,
            "crossed_band": 0, "machine_too_high": 0, "machine_too_low": 0, "agreement": None}


def agreement(store: TranscriptStore) -> list[dict[str, Any]]:
    """Per dimension for all scenarios, then per scenario and dimension: see the module doc."""
    order = list(BANDS)
    cells: dict[tuple, dict[str, Any]] = {}
    for reply in queries.reviewed_replies(store):
        for dimension in DIMENSIONS:
            final = reply["scores"][dimension]
            original = reply["machine"].get(dimension, final)
            if final is None or original is None:
                continue
            for scenario in (ALL, reply["scenario"]):
                cell = cells.setdefault((scenario, dimension), _empty_cell(scenario, dimension))
                cell["reviewed_replies"] += 1
                if dimension in reply["machine"]:
                    cell["overridden"] += 1
                moved = order.index(band(final)) - order.index(band(original))
                if moved:
                    cell["crossed_band"] += 1
                    cell["machine_too_high" if moved < 0 else "machine_too_low"] += 1
    for cell in cells.values():
        cell["agreement"] = round(1 - cell["crossed_band"] / cell["reviewed_replies"], 3)
    for dimension in DIMENSIONS:
        cells.setdefault((ALL, dimension), _empty_cell(ALL, dimension))
    return sorted(cells.values(), key=lambda c: (c["scenario"] != ALL, c["scenario"], DIMENSIONS.index(c["dimension"])))
