"""TranscriptStore: sessions, turns, scores and reviews of the role-plays.

Synchronous (callers in an event loop run it in a thread). Every write is one transaction: it
is stored whole or not at all. A database that is down or unreachable raises
DatabaseUnavailable with the URL minus its password and what to do.
"""
from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from sqlalchemy import delete, exists, func, insert, or_, select, text, update
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import (
    DBAPIError,
    IntegrityError,
    InterfaceError,
    OperationalError,
    ProgrammingError,
    SQLAlchemyError,
)
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm import Session

from bot.coach.scoring import BANDS
from bot.coach.state import BadCustomerState, CustomerState, SentMessage
from bot.config import redact_url
from bot.storage.engine import make_engine, writer
from bot.storage.errors import DatabaseUnavailable, SessionEnded, SessionNotFound, first_line
from bot.storage.models import DIMENSIONS, OUTCOMES, REVIEW_KINDS, reviews, sessions, trainees, turns, utcnow
from bot.storage.records import (
    ExportRow,
    LeadColumns,
    ProgressPoint,
    ReviewRecord,
    SessionPage,
    SessionRecord,
    SessionSummary,
    TraineeRecord,
    TurnRecord,
)

logger = logging.getLogger(__name__)

SORT_KEYS = {
    "started_at": sessions.c.started_at,
    "ended_at": sessions.c.ended_at,
    "id": sessions.c.id,
    "trainee": trainees.c.name,
    "scenario": sessions.c.scenario_id,
    "channel": sessions.c.channel,
    "outcome": sessions.c.outcome,
    "ownership": sessions.c.ownership,
    "flexibility": sessions.c.flexibility,
}
OPEN = "open"  # the outcome filter for sessions not ended yet
MAX_PER_PAGE = 1000
_SEQ_RETRIES = 5
_MISSING_SCHEMA = re.compile(r"no such table|relation .* does not exist|undefinedtable", re.I)

DateLike = date | datetime | str | None


def as_utc(value: DateLike, *, end_of_day: bool = False) -> datetime | None:
    """A date filter in UTC. A plain date means its first moment, or with end_of_day the next day's."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        raw = value.strip()
        try:
            value = (date.fromisoformat(raw) if len(raw) == 10
                     else datetime.fromisoformat(raw.replace("Z", "+00:00")))
        except ValueError:
            raise ValueError(f"not a date: {raw!r} (expected YYYY-MM-DD or YYYY-MM-DDTHH:MM)") from None
    if isinstance(value, datetime):
        return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)
    start = datetime.combine(value, time(0), tzinfo=timezone.utc)
    return start + timedelta(days=1) if end_of_day else start


def _cues_json(cues: Any) -> str | None:
    if cues is None:
        return None
    return json.dumps(list(cues), ensure_ascii=False)


def _cues_decode(raw: str | None) -> list[Any]:
    if not raw:
        return []
    try:
        return json.loads(raw)
    except ValueError:
        return []


def _int_or_none(value: Any) -> int | None:
    return None if value is None else int(value)


def _score_columns(score: Any) -> dict[str, Any]:
    if score is None:
        return {}
    if hasattr(score, "payload"):  # a bot.coach.scoring.ReplyScore
        score = score.payload()
    # An unsure reading (the customer asked what was meant) is not a score: stored without
    # numbers, like in the session score, so the review pages, the exports and the agreement
    # figures never count a guess; its reason says why, and a lead may still score it.
    guess = bool(score.get("unsure"))
    return {
        "ownership": None if guess or score.get("ownership") is None else int(score["ownership"]),
        "flexibility": None if guess or score.get("flexibility") is None else int(score["flexibility"]),
        "cues": _cues_json(score.get("cues") or []),
        "reason": score.get("reason"),
        "over_promise": None if score.get("over_promise") is None else bool(score["over_promise"]),
        "model_reply": _model_json(score.get("model_reply")),
    }


def _model_json(model: Any) -> str | None:
    """A low reply's model reply as stored: JSON {"text", "why"}, or NULL."""
    if not isinstance(model, Mapping) or not model.get("text"):
        return None
    return json.dumps({"text": str(model["text"]), "why": str(model.get("why") or "")}, ensure_ascii=False)


def _model_decode(raw: str | None) -> dict[str, str] | None:
    if not raw:
        return None
    try:
        model = json.loads(raw)
    except ValueError:
        return None
    return model if isinstance(model, dict) and model.get("text") else None


def _lead_columns(reviews: list[ReviewRecord]) -> dict[int, LeadColumns]:
    """Per turn id: the machine's score where a lead overrode it, and the leads' notes in order.

    An override replaces the turn's score itself (add_review); the first override of a
    dimension remembers what the machine gave.
    """
    columns: dict[int, LeadColumns] = {}
    for review in reviews:  # oldest first
        if review["turn_id"] is None:
            continue
        turn = columns.setdefault(review["turn_id"], {})
        if review["kind"] == "override" and review["dimension"] == "ownership":
            turn.setdefault("machine_ownership", review["old_score"])
        elif review["kind"] == "override" and review["dimension"] == "flexibility":
            turn.setdefault("machine_flexibility", review["old_score"])
        if review["comment"]:
            note = f"{review['author']}: {review['comment']}"
            turn["lead_notes"] = f"{turn['lead_notes']} | {note}" if turn.get("lead_notes") else note
    return columns


class TranscriptStore:
    """Reads and writes the coach_* tables of one database."""

    def __init__(self, database_url: str, *, connect_timeout: int | None = None,
                 clock: Callable[[], datetime] = utcnow, engine: Engine | None = None):
        self.database_url = database_url
        self.clock = clock
        self.engine = engine if engine is not None else make_engine(database_url, connect_timeout)
        self._writer = writer(self.engine)
        try:
            self._password = make_url(database_url).password
        except Exception:
            self._password = None

    # --- plumbing -------------------------------------------------------------------------
    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> TranscriptStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def redacted_url(self) -> str:
        return redact_url(self.database_url)

    def _unavailable(self, error: BaseException) -> DatabaseUnavailable:
        reason = first_line(error, self._password)
        if _MISSING_SCHEMA.search(reason):
            return DatabaseUnavailable(
                f"The transcript database at {self.redacted_url} has no transcript tables ({reason}). "
                "Create them with `python -m bot db upgrade`.")
        if self.engine.dialect.name == "sqlite":
            advice = "Check that the file and its folder can be written, or correct DATABASE_URL in .env"
        else:
            advice = "Start the database server, or correct DATABASE_URL in .env, then try again"
        return DatabaseUnavailable(
            f"The transcript database at {self.redacted_url} is not available: {reason}. {advice}.")

    @contextmanager
    def _session(self, write: bool) -> Iterator[Session]:
        """One transaction: committed at the end of the block, rolled back on any error."""
        session = Session(self._writer if write else self.engine, future=True)
        try:
            with session.begin():
                yield session
        except (OperationalError, InterfaceError, PoolTimeout) as error:
            raise self._unavailable(error) from None
        except ProgrammingError as error:
            if _MISSING_SCHEMA.search(str(error.orig)):
                raise self._unavailable(error) from None
            raise
        except DBAPIError as error:
            if error.connection_invalidated:
                raise self._unavailable(error) from None
            raise
        finally:
            session.close()

    def transaction(self, write: bool = False):
        """One transaction on this database, for the other coach_* tables' modules (bot/storage/users.py):
        the same errors (DatabaseUnavailable with advice) as the store's own reads and writes."""
        return self._session(write)

    def check_connection(self) -> None:
        """Connect once (with the short timeout); DatabaseUnavailable says what is wrong."""
        try:
            with self.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except SQLAlchemyError as error:
            raise self._unavailable(error) from None

    # --- writes -----------------------------------------------------------------------------
    def _trainee_id(self, s: Session, channel: str, external_id: str, name: str, now: datetime) -> int:
        values = {"channel": channel, "external_id": external_id, "name": name, "created_at": now}
        dialect = s.get_bind().dialect.name
        if dialect in ("postgresql", "sqlite"):
            if dialect == "postgresql":
                from sqlalchemy.dialects.postgresql import insert as upsert
            else:
                from sqlalchemy.dialects.sqlite import insert as upsert
            statement = upsert(trainees).values(**values)
            s.execute(statement.on_conflict_do_update(index_elements=["channel", "external_id"],
                                                      set_={"name": statement.excluded.name}))
        else:  # any other backend: look, then insert; a concurrent insert makes us look again
            found = s.execute(select(trainees.c.id).where(trainees.c.channel == channel,
                                                          trainees.c.external_id == external_id)).scalar()
            if found is not None:
                s.execute(update(trainees).where(trainees.c.id == found).values(name=name))
                return found
            try:
                with s.begin_nested():
                    s.execute(insert(trainees).values(**values))
            except IntegrityError:
                pass
        return s.execute(select(trainees.c.id).where(trainees.c.channel == channel,
                                                     trainees.c.external_id == external_id)).scalar_one()

    def start_session(self, *, channel: str, external_id: str, trainee_name: str, scenario_id: str,
                      conversation_id: str, rubric_version: int, opening_text: str,
                      mood: str | None, state: CustomerState | None = None) -> int:
        """Upsert the trainee, open a session and store the customer's opening line as turn 1."""
        for name, value in (("channel", channel), ("external_id", external_id), ("scenario_id", scenario_id)):
            if not value or not str(value).strip():
                raise ValueError(f"{name} must not be empty")
        now = self.clock()
        with self._session(write=True) as s:
            trainee_id = self._trainee_id(s, channel, str(external_id), trainee_name or str(external_id), now)
            session_id = s.execute(insert(sessions).values(
                trainee_id=trainee_id, scenario_id=scenario_id, channel=channel,
                conversation_id=conversation_id or "", started_at=now, rubric_version=int(rubric_version),
                reviewed=False, state=_state_json(state))).inserted_primary_key[0]
            s.execute(insert(turns).values(session_id=session_id, seq=1, speaker="customer",
                                           text=opening_text or "", created_at=now, mood=mood))
        return int(session_id)

    def load_state(self, session_id: int, conversation_id: str) -> CustomerState:
        """The role-play state of an open session that belongs to this conversation.

        SessionNotFound when there is no such session (purged), or it was started in another
        conversation; SessionEnded when it has ended; BadCustomerState when what is stored is
        not a customer state (the message names the key)."""
        with self._session(write=False) as s:
            row = s.execute(select(sessions.c.conversation_id, sessions.c.ended_at, sessions.c.state)
                            .where(sessions.c.id == int(session_id))).first()
        if row is None:
            raise SessionNotFound(f"no transcript session {session_id}")
        if row.conversation_id != (conversation_id or ""):
            raise SessionNotFound(f"transcript session {session_id} belongs to another conversation")
        if row.ended_at is not None or not row.state:
            raise SessionEnded(f"transcript session {session_id} has ended")
        try:
            stored = json.loads(row.state)
        except ValueError as error:
            raise BadCustomerState(f"transcript session {session_id}: the stored state is not JSON: {error}") from None
        state = CustomerState.from_slot(stored)
        state.session_id = int(session_id)
        return state

    def find_started(self, conversation_id: str, key: str) -> CustomerState | None:
        """The state of this conversation's open session whose start carried `key` (a start sent
        again after its answer was lost), or None. Only the newest few open sessions are looked at."""
        for session_id, state in self._newest_states(conversation_id, ended=False):
            if key and state.last_key == key:
                state.session_id = session_id
                return state
        return None

    def find_answered(self, conversation_id: str, key: str) -> list[SentMessage] | None:
        """What was sent for the reply with `key` that ended one of this conversation's sessions (a
        resend after its answer was lost), or None. Only the newest few ended sessions are looked at."""
        if not key:
            return None
        for _, state in self._newest_states(conversation_id, ended=True):
            if state.last_key == key and state.last_answer:
                return list(state.last_answer)
        return None

    def _newest_states(self, conversation_id: str, *, ended: bool) -> list[tuple[int, CustomerState]]:
        """The stored states of this conversation's newest three open sessions, or of the newest
        three ended ones that kept a state, newest first, with their ids. A value that is no state
        is passed over (no key can be found in it)."""
        which = (sessions.c.ended_at.is_not(None), sessions.c.state.is_not(None)) if ended else (sessions.c.ended_at.is_(None),)
        with self._session(write=False) as s:
            rows = s.execute(select(sessions.c.id, sessions.c.state)
                             .where(sessions.c.conversation_id == (conversation_id or ""), *which)
                             .order_by(sessions.c.id.desc()).limit(3)).all()
        states = []
        for row in rows:
            try:
                if row.state:
                    states.append((int(row.id), CustomerState.from_slot(json.loads(row.state))))
            except (ValueError, BadCustomerState):
                continue
        return states

    def _lock_session(self, s: Session, session_id: int):
        """The session row, locked until commit (PostgreSQL; SQLite holds the write lock already)."""
        row = s.execute(select(sessions.c.id, sessions.c.ended_at).where(sessions.c.id == session_id)
                        .with_for_update()).first()
        if row is None:
            raise SessionNotFound(f"no transcript session {session_id}")
        return row

    @staticmethod
    def _next_seq(s: Session, session_id: int) -> int:
        return s.execute(select(func.coalesce(func.max(turns.c.seq), 0))
                         .where(turns.c.session_id == session_id)).scalar_one() + 1

    def _retry_seq(self, work: Callable[[], Any]) -> Any:
        """Run a write again if another writer took the same seq (unique constraint) first."""
        for attempt in range(_SEQ_RETRIES):
            try:
                return work()
            except IntegrityError as error:
                if attempt == _SEQ_RETRIES - 1 or "seq" not in str(error.orig).lower():
                    raise
                logger.warning("turn number taken concurrently, retrying: %s", first_line(error, self._password))

    def record_exchange(self, session_id: int, *, trainee_text: str, score: Mapping[str, Any] | None,
                        customer_text: str, mood: str | None,
                        end: Mapping[str, Any] | None = None,
                        state: CustomerState | None = None) -> tuple[int, int]:
        """Store the trainee's reply (with its scores) and the customer's answer; returns their seqs.

        With `end={"outcome": ..., "ownership": ..., "flexibility": ...}` the session is closed in
        the same transaction (the customer's answer is then its last line).
        """
        if end is not None and end.get("outcome") not in OUTCOMES:
            raise ValueError(f"outcome must be one of {', '.join(OUTCOMES)}, got {end.get('outcome')!r}")

        def work() -> tuple[int, int]:
            now = self.clock()
            with self._session(write=True) as s:
                row = self._lock_session(s, session_id)
                if row.ended_at is not None:
                    raise SessionEnded(f"transcript session {session_id} has ended")
                seq = self._next_seq(s, session_id)
                s.execute(insert(turns).values(session_id=session_id, seq=seq, speaker="trainee",
                                               text=trainee_text or "", created_at=now, **_score_columns(score)))
                s.execute(insert(turns).values(session_id=session_id, seq=seq + 1, speaker="customer",
                                               text=customer_text or "", created_at=now, mood=mood))
                if end is not None:
                    # An ended session keeps only what was sent for the reply that ended it, by its
                    # key, so a resend of that reply gets the same answer (find_answered).
                    kept = None if state is None or not state.last_key else _state_json(CustomerState(
                        state.scenario, last_key=state.last_key, last_answer=state.last_answer))
                    s.execute(update(sessions).where(sessions.c.id == session_id).values(
                        ended_at=now, outcome=end["outcome"], ownership=_int_or_none(end.get("ownership")),
                        flexibility=_int_or_none(end.get("flexibility")), state=kept))
                elif state is not None:  # the customer's new state, with the turn that made it
                    s.execute(update(sessions).where(sessions.c.id == session_id).values(
                        state=_state_json(state)))
            return seq, seq + 1
        return self._retry_seq(work)

    def retract_last_exchange(self, session_id: int, *, state: CustomerState) -> int | None:
        """Mark the last trainee reply that stands, and the customer's answer to it, as taken back,
        and store the customer's state from before it, in one transaction. Returns the reply's seq,
        or None (nothing written) when no reply stands. Raises SessionEnded after the end."""
        def work() -> int | None:
            now = self.clock()
            with self._session(write=True) as s:
                row = self._lock_session(s, session_id)
                if row.ended_at is not None:
                    raise SessionEnded(f"transcript session {session_id} has ended")
                seq = s.execute(select(func.max(turns.c.seq)).where(
                    turns.c.session_id == session_id, turns.c.speaker == "trainee",
                    turns.c.retracted_at.is_(None))).scalar_one()
                if seq is None:
                    return None
                s.execute(update(turns).where(turns.c.session_id == session_id, turns.c.seq >= seq,
                                              turns.c.retracted_at.is_(None)).values(retracted_at=now))
                s.execute(update(sessions).where(sessions.c.id == session_id).values(state=_state_json(state)))
            return seq
        return work()

    def end_session(self, session_id: int, *, outcome: str, ownership: int | None,
                    flexibility: int | None, goodbye_text: str | None = None,
                    mood: str | None = None) -> bool:
        """Store the goodbye line (if any) and close the session. False if it had already ended."""
        if outcome not in OUTCOMES:
            raise ValueError(f"outcome must be one of {', '.join(OUTCOMES)}, got {outcome!r}")

        def work() -> bool:
            now = self.clock()
            with self._session(write=True) as s:
                row = self._lock_session(s, session_id)
                if row.ended_at is not None:
                    return False
                if goodbye_text:
                    s.execute(insert(turns).values(session_id=session_id, seq=self._next_seq(s, session_id),
                                                   speaker="customer", text=goodbye_text, created_at=now,
                                                   mood=mood))
                s.execute(update(sessions).where(sessions.c.id == session_id).values(
                    ended_at=now, outcome=outcome, ownership=_int_or_none(ownership),
                    flexibility=_int_or_none(flexibility), state=None))
            return True
        return self._retry_seq(work)

    def add_review(self, session_id: int, *, author: str, kind: str = "comment", comment: str | None = None,
                   turn_id: int | None = None, dimension: str | None = None,
                   new_score: int | None = None) -> int:
        """A reviewer's comment, or a score override (the old score is kept in the review record and
        the new one replaces it on the turn, or on the session when no turn is given). Marks the
        session reviewed."""
        if kind not in REVIEW_KINDS:
            raise ValueError(f"kind must be one of {', '.join(REVIEW_KINDS)}, got {kind!r}")
        if not author or not author.strip():
            raise ValueError("author must not be empty")
        if kind == "override":
            if dimension not in DIMENSIONS:
                raise ValueError(f"an override needs a dimension: {' or '.join(DIMENSIONS)}")
            if new_score is None or not 0 <= int(new_score) <= 100:
                raise ValueError("an override needs a new score between 0 and 100")
            new_score = int(new_score)  # checked above: an override always has one
        elif not comment:
            raise ValueError("a comment needs text")
        now = self.clock()
        with self._session(write=True) as s:
            self._lock_session(s, session_id)
            old_score = None
            if turn_id is not None:
                target = turns
                row = s.execute(select(turns).where(turns.c.id == turn_id, turns.c.session_id == session_id)).first()
                if row is None:
                    raise ValueError(f"turn {turn_id} is not part of session {session_id}")
            else:
                target = sessions
                row = s.execute(select(sessions).where(sessions.c.id == session_id)).first()
            if kind == "override":
                old_score = row._mapping[dimension]
                key = turn_id if turn_id is not None else session_id
                s.execute(update(target).where(target.c.id == key).values({dimension: new_score}))
            review_id = s.execute(insert(reviews).values(
                session_id=session_id, turn_id=turn_id, kind=kind, dimension=dimension, old_score=old_score,
                new_score=None if new_score is None else int(new_score), comment=comment, author=author,
                created_at=now)).inserted_primary_key[0]
            s.execute(update(sessions).where(sessions.c.id == session_id).values(reviewed=True))
        return int(review_id)

    def set_reviewed(self, session_id: int, reviewed: bool = True) -> None:
        with self._session(write=True) as s:
            self._lock_session(s, session_id)
            s.execute(update(sessions).where(sessions.c.id == session_id).values(reviewed=bool(reviewed)))

    # --- reads ------------------------------------------------------------------------------
    @staticmethod
    def _turn_count():
        return (select(func.count(turns.c.id)).where(turns.c.session_id == sessions.c.id)
                .scalar_subquery().label("turns"))

    def _filters(self, *, trainee: int | str | None = None, scenario: str | None = None,
                 outcome: str | None = None, date_from: DateLike = None, date_to: DateLike = None,
                 channel: str | None = None, session_ids: Iterable[int] | None = None,
                 ownership_band: str | None = None, flexibility_band: str | None = None,
                 reviewed: bool | None = None) -> list:
        clauses = []
        for dimension, wanted in (("ownership", ownership_band), ("flexibility", flexibility_band)):
            if wanted:
                if wanted not in BANDS:
                    raise ValueError(f"a {dimension} band must be one of {', '.join(BANDS)}, got {wanted!r}")
                low, high = BANDS[wanted]
                clauses.append(sessions.c[dimension].between(low, high))
        if reviewed is not None:
            clauses.append(sessions.c.reviewed.is_(bool(reviewed)))
        if trainee is not None and str(trainee).strip() != "":
            value = str(trainee).strip()
            match = [trainees.c.external_id == value,
                     func.lower(trainees.c.name).contains(value.lower(), autoescape=True)]
            if isinstance(trainee, int) or (value.isascii() and value.isdigit() and len(value) < 12):
                match.append(trainees.c.id == int(value))
            clauses.append(or_(*match))
        if scenario:
            clauses.append(sessions.c.scenario_id == scenario)
        if outcome:
            if outcome == OPEN:
                clauses.append(sessions.c.outcome.is_(None))
            elif outcome in OUTCOMES:
                clauses.append(sessions.c.outcome == outcome)
            else:
                raise ValueError(f"outcome must be one of {', '.join(OUTCOMES + (OPEN,))}, got {outcome!r}")
        start, end = as_utc(date_from), as_utc(date_to, end_of_day=True)
        if start is not None and end is not None and end <= start:
            raise ValueError("the end date is before the start date")
        if start is not None:
            clauses.append(sessions.c.started_at >= start)
        if end is not None:
            clauses.append(sessions.c.started_at < end if _is_day(date_to) else sessions.c.started_at <= end)
        if channel:
            clauses.append(sessions.c.channel == channel)
        if session_ids is not None:
            clauses.append(sessions.c.id.in_([int(i) for i in session_ids]))
        return clauses

    @staticmethod
    def _order(sort: str):
        descending = sort.startswith("-")
        key = sort.lstrip("-+")
        if key not in SORT_KEYS and key != "turns":
            raise ValueError(f"sort must be one of {', '.join(sorted([*SORT_KEYS, 'turns']))} "
                             f"(with - for descending), got {sort!r}")
        column = SORT_KEYS.get(key)
        if column is None:
            column = (select(func.count(turns.c.id)).where(turns.c.session_id == sessions.c.id)
                      .scalar_subquery())
        tie = sessions.c.id.desc() if descending else sessions.c.id.asc()
        # Empty values last either way, on every backend.
        return [column.is_(None), column.desc() if descending else column.asc(), tie]

    def list_sessions(self, *, trainee: int | str | None = None, scenario: str | None = None,
                      outcome: str | None = None, date_from: DateLike = None, date_to: DateLike = None,
                      channel: str | None = None, page: int = 1, per_page: int = 50,
                      sort: str = "-started_at", ownership_band: str | None = None,
                      flexibility_band: str | None = None, reviewed: bool | None = None) -> SessionPage:
        """One page of sessions, newest first by default, with the total that match."""
        page, per_page = int(page), int(per_page)
        if page < 1:
            raise ValueError(f"page must be 1 or more, got {page}")
        if not 1 <= per_page <= MAX_PER_PAGE:
            raise ValueError(f"per_page must be between 1 and {MAX_PER_PAGE}, got {per_page}")
        clauses = self._filters(trainee=trainee, scenario=scenario, outcome=outcome, date_from=date_from,
                                date_to=date_to, channel=channel, ownership_band=ownership_band,
                                flexibility_band=flexibility_band, reviewed=reviewed)
        order = self._order(sort)
        joined = sessions.join(trainees, trainees.c.id == sessions.c.trainee_id)
        with self._session(write=False) as s:
            total = s.execute(select(func.count()).select_from(joined).where(*clauses)).scalar_one()
            rows = s.execute(
                select(sessions, trainees.c.name.label("trainee"), trainees.c.external_id,
                       self._turn_count())
                .select_from(joined).where(*clauses).order_by(*order)
                .limit(per_page).offset((page - 1) * per_page)).all()
        return {"items": [self._summary(r._mapping) for r in rows], "total": total, "page": page,
                "per_page": per_page}

    @staticmethod
    def _summary(m: Mapping[str, Any]) -> SessionSummary:
        return {
            "id": m["id"], "trainee": m["trainee"], "trainee_id": m["trainee_id"],
            "external_id": m["external_id"], "scenario": m["scenario_id"], "channel": m["channel"],
            "conversation_id": m["conversation_id"], "started_at": m["started_at"], "ended_at": m["ended_at"],
            "turns": m["turns"], "outcome": m["outcome"], "ownership": m["ownership"],
            "flexibility": m["flexibility"], "rubric_version": m["rubric_version"], "reviewed": bool(m["reviewed"]),
        }

    @staticmethod
    def _turn(m: Mapping[str, Any]) -> TurnRecord:
        return {
            "id": m["id"], "seq": m["seq"], "speaker": m["speaker"], "text": m["text"],
            "created_at": m["created_at"], "ownership": m["ownership"], "flexibility": m["flexibility"],
            "cues": _cues_decode(m["cues"]), "reason": m["reason"],
            "over_promise": None if m["over_promise"] is None else bool(m["over_promise"]), "mood": m["mood"],
            "model_reply": _model_decode(m["model_reply"]),
            "retracted_at": m["retracted_at"],  # taken back by the trainee (and its answer); None: stands
        }

    @staticmethod
    def _review(m: Mapping[str, Any]) -> ReviewRecord:
        return {"id": m["id"], "turn_id": m["turn_id"], "kind": m["kind"], "dimension": m["dimension"],
                "old_score": m["old_score"], "new_score": m["new_score"], "comment": m["comment"],
                "author": m["author"], "created_at": m["created_at"]}

    def _full_sessions(self, s: Session, clauses: list) -> list[SessionRecord]:
        rows = s.execute(
            select(sessions, trainees.c.name.label("trainee"), trainees.c.external_id,
                   trainees.c.channel.label("trainee_channel"))
            .select_from(sessions.join(trainees, trainees.c.id == sessions.c.trainee_id))
            .where(*clauses).order_by(sessions.c.started_at, sessions.c.id)).all()
        found: dict[int, SessionRecord] = {}
        for r in rows:
            m = r._mapping
            found[m["id"]] = {
                "id": m["id"], "scenario": m["scenario_id"], "channel": m["channel"],
                "conversation_id": m["conversation_id"], "started_at": m["started_at"], "ended_at": m["ended_at"],
                "outcome": m["outcome"], "ownership": m["ownership"], "flexibility": m["flexibility"],
                "rubric_version": m["rubric_version"], "reviewed": bool(m["reviewed"]),
                "trainee": {"id": m["trainee_id"], "name": m["trainee"], "channel": m["trainee_channel"],
                            "external_id": m["external_id"]},
                "turns": [], "reviews": [],
            }
        ids = list(found)
        for chunk in (ids[i:i + 500] for i in range(0, len(ids), 500)):
            for r in s.execute(select(turns).where(turns.c.session_id.in_(chunk))
                               .order_by(turns.c.session_id, turns.c.seq)):
                found[r.session_id]["turns"].append(self._turn(r._mapping))
            for r in s.execute(select(reviews).where(reviews.c.session_id.in_(chunk))
                               .order_by(reviews.c.created_at, reviews.c.id)):
                found[r.session_id]["reviews"].append(self._review(r._mapping))
        return list(found.values())

    def get_session(self, session_id: int) -> SessionRecord | None:
        """The session, its trainee, all its turns in order and its review records; None if unknown."""
        with self._session(write=False) as s:
            found = self._full_sessions(s, [sessions.c.id == int(session_id)])
        return found[0] if found else None

    def export_sessions(self, session_ids: Iterable[int] | None = None, **filters: Any) -> list[SessionRecord]:
        """Whole sessions (as get_session returns them), oldest first, for a JSON export."""
        clauses = self._filters(session_ids=session_ids, **filters)
        with self._session(write=False) as s:
            return self._full_sessions(s, clauses)

    def export_rows(self, session_ids: Iterable[int] | None = None, **filters: Any) -> list[ExportRow]:
        """One flat row per turn, with its session's columns, for a CSV export."""
        rows: list[ExportRow] = []
        for session in self.export_sessions(session_ids, **filters):
            lead = _lead_columns(session["reviews"])
            for turn in session["turns"]:
                row: ExportRow = {
                    "session_id": session["id"], "trainee": session["trainee"]["name"],
                    "external_id": session["trainee"]["external_id"], "channel": session["channel"],
                    "scenario": session["scenario"], "conversation_id": session["conversation_id"],
                    "started_at": session["started_at"], "ended_at": session["ended_at"],
                    "outcome": session["outcome"], "session_ownership": session["ownership"],
                    "session_flexibility": session["flexibility"], "rubric_version": session["rubric_version"],
                    "reviewed": session["reviewed"],
                    "seq": turn["seq"], "speaker": turn["speaker"], "text": turn["text"],
                    "turn_at": turn["created_at"], "ownership": turn["ownership"],
                    "flexibility": turn["flexibility"], "over_promise": turn["over_promise"],
                    "reason": turn["reason"], "cues": turn["cues"], "mood": turn["mood"],
                    "model_reply": (turn["model_reply"] or {}).get("text"),
                    "retracted_at": turn["retracted_at"],
                }
                row.update(lead.get(turn["id"], {}))
                rows.append(row)
        return rows

    def trainee_progress(self, trainee: int | str, *, channel: str | None = None) -> list[ProgressPoint]:
        """Every session of one trainee (by id, or by external id), oldest first."""
        if isinstance(trainee, int):
            who = [trainees.c.id == trainee]
        else:
            who = [trainees.c.external_id == str(trainee)]
            if channel:
                who.append(trainees.c.channel == channel)
        with self._session(write=False) as s:
            rows = s.execute(
                select(sessions.c.id, sessions.c.started_at, sessions.c.ended_at, sessions.c.scenario_id,
                       sessions.c.outcome, sessions.c.ownership, sessions.c.flexibility)
                .select_from(sessions.join(trainees, trainees.c.id == sessions.c.trainee_id))
                .where(*who).order_by(sessions.c.started_at, sessions.c.id)).all()
        return [{"session_id": r.id, "date": r.started_at, "ended_at": r.ended_at, "scenario": r.scenario_id,
                 "outcome": r.outcome, "ownership": r.ownership, "flexibility": r.flexibility} for r in rows]

    def find_trainee(self, channel: str, external_id: str) -> TraineeRecord | None:
        with self._session(write=False) as s:
            row = s.execute(select(trainees).where(trainees.c.channel == channel,
                                                   trainees.c.external_id == external_id)).first()
        if row is None:
            return None
        return {"id": row.id, "name": row.name, "channel": row.channel, "external_id": row.external_id,
                "created_at": row.created_at}

    # --- retention ---------------------------------------------------------------------------
    def purge(self, older_than: timedelta, dry_run: bool = True) -> int:
        """Sessions started before now − older_than, with their turns and reviews: how many there
        are (dry run) or were deleted. Trainees left without any session are deleted too."""
        if not isinstance(older_than, timedelta) or older_than <= timedelta(0):
            raise ValueError("older_than must be a positive duration")
        cutoff = self.clock() - older_than
        old = select(sessions.c.id).where(sessions.c.started_at < cutoff)
        with self._session(write=not dry_run) as s:
            count = s.execute(select(func.count()).select_from(old.subquery())).scalar_one()
            if dry_run or not count:
                return count
            s.execute(delete(reviews).where(reviews.c.session_id.in_(old)))
            s.execute(delete(turns).where(turns.c.session_id.in_(old)))
            s.execute(delete(sessions).where(sessions.c.started_at < cutoff))
            try:  # a trainee who started a new session meanwhile stays (the foreign key says so)
                with s.begin_nested():
                    s.execute(delete(trainees).where(~exists().where(sessions.c.trainee_id == trainees.c.id)))
            except IntegrityError:
                logger.info("purge: a trainee started a session meanwhile; trainees kept")
        return count

    def purge_cutoff(self, older_than: timedelta) -> datetime:
        return self.clock() - older_than


def _state_json(state: CustomerState | None) -> str | None:
    """The role-play state as stored: its JSON form, without the session id (the row is that)."""
    if state is None:
        return None
    return json.dumps({k: v for k, v in state.to_slot().items() if k != "session_id"}, ensure_ascii=False)


def _is_day(value: DateLike) -> bool:
    """A filter given as a whole day (a date, or a string without a time)."""
    if isinstance(value, datetime):
        return False
    if isinstance(value, date):
        return True
    return isinstance(value, str) and len(value.strip()) == 10
