"""What the review pages show that the TranscriptStore does not already answer: trainees and their
weakest cue types, override counts per session, and how often the leads agree with the machine.

Agreement: for every scored trainee reply in a reviewed session and each dimension, the
machine's score (the `old_score` of the first override, else the reply's score) against the
final one (the reply's score now). A lead "disagrees" when the final score is in another band
(bot.coach.scoring.BANDS) than the machine's; agreement = replies without such a move / replies.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import func, select

from bot.coach.scoring import BANDS, band
from bot.storage.models import DIMENSIONS, OUTCOMES, reviews, sessions, trainees, turns
from bot.storage.records import ProgressPoint
from bot.storage.store import OPEN, TranscriptStore

ALL = "all scenarios"
AGREEMENT_COLUMNS = ("scenario", "dimension", "reviewed_replies", "overridden", "crossed_band",
                     "machine_too_high", "machine_too_low", "agreement")
WEAKEST_CUES = 5


def list_trainees(store: TranscriptStore) -> list[dict[str, Any]]:
    """Every trainee with their number of sessions and the latest, most recent first."""
    with store.transaction() as s:
        rows = s.execute(
            select(trainees.c.id, trainees.c.name, trainees.c.channel, func.count(sessions.c.id).label("sessions"),
                   func.max(sessions.c.started_at).label("latest"))
            .select_from(trainees.outerjoin(sessions, sessions.c.trainee_id == trainees.c.id))
            .group_by(trainees.c.id, trainees.c.name, trainees.c.channel)
            .order_by(func.lower(trainees.c.name), trainees.c.id)).all()
    return [dict(r._mapping) for r in rows]


def get_trainee(store: TranscriptStore, trainee_id: int) -> dict[str, Any] | None:
    with store.transaction() as s:
        row = s.execute(select(trainees).where(trainees.c.id == trainee_id)).first()
    return dict(row._mapping) if row else None


def override_counts(store: TranscriptStore, session_ids: Iterable[int]) -> dict[int, int]:
    ids = [int(i) for i in session_ids]
    if not ids:
        return {}
    with store.transaction() as s:
        rows = s.execute(select(reviews.c.session_id, func.count()).where(
            reviews.c.session_id.in_(ids), reviews.c.kind == "override").group_by(reviews.c.session_id)).all()
    return {r[0]: r[1] for r in rows}


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
    with store.transaction() as s:
        rows = s.execute(
            select(turns.c.cues).select_from(turns.join(sessions, sessions.c.id == turns.c.session_id))
            .where(sessions.c.trainee_id == trainee_id, turns.c.speaker == "trainee", turns.c.cues.is_not(None))
        ).scalars().all()
    kinds: dict[str, dict[str, Any]] = {}
    for raw in rows:
        try:
            cues = json.loads(raw)
        except ValueError:
            continue
        for cue in cues if isinstance(cues, list) else []:
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
    with store.transaction() as s:
        replies = s.execute(
            select(turns.c.id, sessions.c.scenario_id, turns.c.ownership, turns.c.flexibility)
            .select_from(turns.join(sessions, sessions.c.id == turns.c.session_id))
            .where(sessions.c.reviewed.is_(True), turns.c.speaker == "trainee")).all()
        overrides = s.execute(
            select(reviews.c.turn_id, reviews.c.dimension, reviews.c.old_score)
            .where(reviews.c.kind == "override", reviews.c.turn_id.is_not(None))
            .order_by(reviews.c.created_at, reviews.c.id)).all()
    machine: dict[tuple, int | None] = {}
    for o in overrides:
        machine.setdefault((o.turn_id, o.dimension), o.old_score)  # the first override kept the original
    order = list(BANDS)
    cells: dict[tuple, dict[str, Any]] = {}
    for reply in replies:
        for dimension in DIMENSIONS:
            final = getattr(reply, dimension)
            original = machine.get((reply.id, dimension), final)
            if final is None or original is None:
                continue
            for scenario in (ALL, reply.scenario_id):
                cell = cells.setdefault((scenario, dimension), _empty_cell(scenario, dimension))
                cell["reviewed_replies"] += 1
                if (reply.id, dimension) in machine:
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
