"""The review pages' reads that are not the TranscriptStore's own: trainees with their session
counts, one trainee, override counts per session, a trainee's scored cues, and the reviewed
replies with the machine's original scores (what the agreement figures are computed from).

Queries only: what the pages make of them (the weakest cue types, the agreement table) is
bot/web/review_data.py. Each runs in one read transaction of the store (`TranscriptStore.transaction`),
so a database that is down raises the store's DatabaseUnavailable with its advice.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, select

from bot.storage.models import DIMENSIONS, reviews, sessions, trainees, turns
from bot.storage.records import ReviewedReply, TraineeRecord, TraineeSummary
from bot.storage.store import TranscriptStore

__all__ = ["list_trainees", "get_trainee", "override_counts", "reply_cues", "reviewed_replies"]


def list_trainees(store: TranscriptStore) -> list[TraineeSummary]:
    """Every trainee with their number of sessions and the latest, by name (case-blind), then id."""
    with store.transaction() as s:
        rows = s.execute(
            select(trainees.c.id, trainees.c.name, trainees.c.channel, func.count(sessions.c.id).label("sessions"),
                   func.max(sessions.c.started_at).label("latest"))
            .select_from(trainees.outerjoin(sessions, sessions.c.trainee_id == trainees.c.id))
            .group_by(trainees.c.id, trainees.c.name, trainees.c.channel)
            .order_by(func.lower(trainees.c.name), trainees.c.id)).all()
    return [TraineeSummary(id=r.id, name=r.name, channel=r.channel, sessions=r.sessions, latest=r.latest)
            for r in rows]


def get_trainee(store: TranscriptStore, trainee_id: int) -> TraineeRecord | None:
    with store.transaction() as s:
        row = s.execute(select(trainees).where(trainees.c.id == trainee_id)).first()
    if row is None:
        return None
    return TraineeRecord(id=row.id, name=row.name, channel=row.channel, external_id=row.external_id,
                         created_at=row.created_at)


def override_counts(store: TranscriptStore, session_ids: Iterable[int]) -> dict[int, int]:
    """Per session id given, how many score overrides the leads made (sessions without any: absent)."""
    ids = [int(i) for i in session_ids]
    if not ids:
        return {}
    with store.transaction() as s:
        rows = s.execute(select(reviews.c.session_id, func.count()).where(
            reviews.c.session_id.in_(ids), reviews.c.kind == "override").group_by(reviews.c.session_id)).all()
    return {r[0]: r[1] for r in rows}


def reply_cues(store: TranscriptStore, trainee_id: int) -> list[list[Any]]:
    """The scorer's cues of each of the trainee's replies that has some, as stored (a list of cue
    dicts each); a value that is not a JSON list is left out."""
    with store.transaction() as s:
        rows = s.execute(
            select(turns.c.cues).select_from(turns.join(sessions, sessions.c.id == turns.c.session_id))
            .where(sessions.c.trainee_id == trainee_id, turns.c.speaker == "trainee", turns.c.cues.is_not(None))
        ).scalars().all()
    found = []
    for raw in rows:
        try:
            cues = json.loads(raw)
        except ValueError:
            continue
        if isinstance(cues, list):
            found.append(cues)
    return found


def reviewed_replies(store: TranscriptStore) -> list[ReviewedReply]:
    """Every trainee reply in a reviewed session, with its score now and, per dimension a lead
    overrode, the machine's score (the `old_score` of the first override on it)."""
    with store.transaction() as s:
        replies = s.execute(
            select(turns.c.id, sessions.c.scenario_id, turns.c.ownership, turns.c.flexibility)
            .select_from(turns.join(sessions, sessions.c.id == turns.c.session_id))
            .where(sessions.c.reviewed.is_(True), turns.c.speaker == "trainee")).all()
        overrides = s.execute(
            select(reviews.c.turn_id, reviews.c.dimension, reviews.c.old_score)
            .where(reviews.c.kind == "override", reviews.c.turn_id.is_not(None))
            .order_by(reviews.c.created_at, reviews.c.id)).all()
    machine: dict[int, dict[str, int | None]] = {}
    for o in overrides:
        machine.setdefault(o.turn_id, {}).setdefault(o.dimension, o.old_score)  # the first kept the original
    return [ReviewedReply(turn_id=r.id, scenario=r.scenario_id,
                          scores={d: getattr(r, d) for d in DIMENSIONS}, machine=machine.get(r.id, {}))
            for r in replies]
