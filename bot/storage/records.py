"""What the TranscriptStore's reads return, typed: the keys of each dict, and what each holds.

TypedDicts, not classes: the review pages' Jinja templates, the command line and the exports
read these by key (and JSON-encode them as they are), so a typed dict changes nothing for them,
while mypy checks every key a caller in bot/ reads. Times are timezone-aware UTC datetimes.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any, TypedDict


class SessionSummary(TypedDict):
    """One row of TranscriptStore.list_sessions."""

    id: int
    trainee: str  # the trainee's name
    trainee_id: int
    external_id: str
    scenario: str
    channel: str
    conversation_id: str
    started_at: datetime
    ended_at: datetime | None
    turns: int
    outcome: str | None  # None: still open
    ownership: int | None
    flexibility: int | None
    rubric_version: int
    reviewed: bool


class SessionPage(TypedDict):
    """TranscriptStore.list_sessions: one page, and how many sessions match in all."""

    items: list[SessionSummary]
    total: int
    page: int
    per_page: int


class TurnRecord(TypedDict):
    """One line of a transcript: the customer's, or the trainee's with its scores."""

    id: int
    seq: int
    speaker: str  # "customer" or "trainee"
    text: str
    created_at: datetime
    ownership: int | None
    flexibility: int | None
    cues: list[Any]  # the scorer's cues, as stored (JSON)
    reason: str | None
    over_promise: bool | None
    mood: str | None
    model_reply: dict[str, str] | None  # for a low reply: the stronger one, and why
    retracted_at: datetime | None  # taken back by the trainee (and its answer); None: stands


class ReviewRecord(TypedDict):
    """A lead's comment or score override."""

    id: int
    turn_id: int | None  # None: on the session
    kind: str  # "comment" or "override"
    dimension: str | None
    old_score: int | None
    new_score: int | None
    comment: str | None
    author: str
    created_at: datetime


class TraineeRef(TypedDict):
    id: int
    name: str
    channel: str
    external_id: str


class SessionRecord(TypedDict):
    """A whole session (TranscriptStore.get_session and export_sessions)."""

    id: int
    scenario: str
    channel: str
    conversation_id: str
    started_at: datetime
    ended_at: datetime | None
    outcome: str | None
    ownership: int | None
    flexibility: int | None
    rubric_version: int
    reviewed: bool
    trainee: TraineeRef
    turns: list[TurnRecord]
    reviews: list[ReviewRecord]


class LeadColumns(TypedDict, total=False):
    """Per turn, what the leads changed: the machine's score where one was overridden, and notes."""

    machine_ownership: int | None
    machine_flexibility: int | None
    lead_notes: str


class ExportRow(LeadColumns):
    """One CSV row (TranscriptStore.export_rows): a turn with its session's columns; the keys are
    export.CSV_COLUMNS."""

    session_id: int
    trainee: str
    external_id: str
    channel: str
    scenario: str
    conversation_id: str
    started_at: datetime
    ended_at: datetime | None
    outcome: str | None
    session_ownership: int | None
    session_flexibility: int | None
    rubric_version: int
    reviewed: bool
    seq: int
    speaker: str
    text: str
    turn_at: datetime
    ownership: int | None
    flexibility: int | None
    over_promise: bool | None
    reason: str | None
    cues: list[Any]
    mood: str | None
    model_reply: str | None  # the stronger reply's text
    retracted_at: datetime | None


class ProgressPoint(TypedDict):
    """One session of a trainee (TranscriptStore.trainee_progress), oldest first."""

    session_id: int
    date: datetime  # when it started
    ended_at: datetime | None
    scenario: str
    outcome: str | None
    ownership: int | None
    flexibility: int | None


class TraineeRecord(TypedDict):
    """A row of coach_trainees (TranscriptStore.find_trainee)."""

    id: int
    name: str
    channel: str
    external_id: str
    created_at: datetime


class TraineeSummary(TypedDict):
    """One row of review_queries.list_trainees."""

    id: int
    name: str
    channel: str
    sessions: int  # how many sessions they have had
    latest: datetime | None  # when the latest started; None: none yet


class ReviewedReply(TypedDict):
    """A trainee reply in a reviewed session (review_queries.reviewed_replies)."""

    turn_id: int
    scenario: str
    scores: dict[str, int | None]  # per dimension (models.DIMENSIONS): the score now, after any override
    machine: dict[str, int | None]  # per dimension a lead overrode: the machine's score before the first
