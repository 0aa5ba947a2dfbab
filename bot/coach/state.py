"""The customer's state in one role-play session, typed, and its JSON form.

`CustomerState` is what `persona` and `roleplay` work on, by attribute. Its JSON form
(`to_slot`, `from_slot`) is what the Rasa `customer` slot holds when no server stores the state,
and what the transcript database keeps while a session is open (coach_sessions.state): the same
keys the state had when it was a plain dict, so trackers and rows stored before still load.
While the server stores the state, the slot holds only a `SessionHandle`.

`from_slot` accepts what older code stored (missing keys get their starting values; a state kept
before tallies, with every reply's score in `scores`, is summed once) and raises
`BadCustomerState`, naming the key, for anything else, so no caller has to guess.
"""
from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from bot.coach.scenarios import MOODS
from bot.coach.scoring import SIZE_UNITS, ReplyScore, SessionTally

SATISFIED = "satisfied"
MOOD_SCALE = MOODS + (SATISFIED,)
START_MOOD = "angry"
START_PATIENCE = 12  # what each reply costs or gives back: persona.py


class BadCustomerState(ValueError):
    """A slot or stored value that is not a customer state; the message names the key."""


@dataclass(frozen=True)
class SentMessage:
    """One message of the answer last sent (a resend of the same reply gets it again)."""

    text: str | None
    payload: dict[str, Any] | None = None


@dataclass(frozen=True)
class LowReply:
    """A reply scored 40 or less on a dimension, with what would have served then (the
    scorecard's "stronger_replies", in order)."""

    turn: int
    text: str
    ownership: int
    flexibility: int
    reason: str
    model_reply: dict[str, str]

    def as_dict(self) -> dict[str, Any]:
        return {"turn": self.turn, "text": self.text, "ownership": self.ownership,
                "flexibility": self.flexibility, "reason": self.reason, "model_reply": dict(self.model_reply)}


@dataclass(frozen=True)
class Promise:
    """What met a need, as the agent said it: the largest amount in euros and the latest time said
    of it (None when none was), and whether the agent committed to it personally (ownership high).
    A later reply that says it smaller, later, vaguer or handed on opens the need again
    (persona._weakened)."""

    euros: float | None = None
    owned: bool = False
    by: tuple[int, int] | None = None  # how far off the latest time said of it is (persona._when)
    # The largest percentage and number of months said of it ("50 percent off", "three months'
    # credit"): a cut in either opens it again as one in euros does (QA round 42: 3 of 3 unnoticed).
    percent: float | None = None
    months: float | None = None
    # The reply that met it, word for word: the scorecard's "Agreed" (play-throughs 56 and 57: no card
    # said what was agreed). None in states stored before stop 61.
    said: str | None = None

    def widened(self, more: Promise) -> Promise:
        """This promise with what `more` said of the same need: the larger amounts, the later time
        (and the words that met it, which `more` only adds to)."""
        def larger(a: float | None, b: float | None) -> float | None:
            return max((x for x in (a, b) if x is not None), default=None)
        return Promise(euros=larger(self.euros, more.euros), owned=self.owned or more.owned,
                       by=max((b for b in (self.by, more.by) if b), default=None),
                       percent=larger(self.percent, more.percent), months=larger(self.months, more.months),
                       said=self.said or more.said)

    def sizes(self) -> dict[str, float]:
        """The amounts promised, by unit (SIZE_UNITS, the fields of the same names)."""
        return {unit: getattr(self, unit) for unit in SIZE_UNITS if getattr(self, unit) is not None}

    def as_dict(self) -> dict[str, Any]:
        return {"euros": self.euros, "owned": self.owned, "by": None if self.by is None else list(self.by),
                "percent": self.percent, "months": self.months, "said": self.said}


@dataclass
class RetryPoint:
    """What taking the last reply back restores: the state before it (without the lines said,
    whose count stands for them since they only grow) and the reply's text."""

    text: str
    state: CustomerState
    used: int  # how many lines had been said before the reply


@dataclass
class CustomerState:
    scenario: str
    seed: int = 0
    mood: str = START_MOOD
    patience: int = START_PATIENCE
    met: list[str] = field(default_factory=list)  # needs met, by id
    pending: list[str] = field(default_factory=list)  # needs an offer was floated for, awaiting a commitment
    used: list[str] = field(default_factory=list)  # lines said (8-hex-digit keys; older states hold the text)
    policy_count: int = 0
    stalls: int = 0  # replies in a row that made no progress
    test_used: bool = False  # the case's test line (a threat), said at most once
    turn: int = 0  # trainee replies so far
    tally: dict[str, Any] = field(default_factory=lambda: SessionTally().as_dict())  # SessionTally.as_dict()
    outcome: str | None = None
    worst_model: dict[str, str] | None = None  # the model reply of the scorecard's worst reply
    low: list[LowReply] = field(default_factory=list)  # every low reply that stands, in order
    session_id: int | None = None  # the stored session, when the server keeps the state
    retry: RetryPoint | None = None
    retried_turn: int | None = None  # a reply replacing a taken-back one cannot be taken back
    last_key: str | None = None  # the sender's key of the last reply answered...
    last_answer: list[SentMessage] | None = None  # ...and what was sent for it
    goodbyes: int = 0  # the trainee's goodbyes while a need was still open
    said_all: bool = False  # every need met, the customer said it has nothing more and waits for the close
    promised: dict[str, Promise] = field(default_factory=dict)  # need id -> how what met it was said
    awaiting: list[str] = field(default_factory=list)  # pending needs put to someone to approve
    recapped: list[str] = field(default_factory=list)  # open needs the last reply checked back, by id
    reopened: list[str] = field(default_factory=list)  # needs met, then taken back or cut, and open since
    # The weekdays and hours the agent said, by what they were said of ("call" for a call to the customer,
    # else a need's id): "friday|11", "|9" (persona.note_times_said). A recap that moves one is held to
    # them (play-throughs 57 and 58: 3 of 3 and 36 of 37 went unnoticed).
    times_said: dict[str, list[str]] = field(default_factory=dict)
    # The scorecard's best reply, when a later reply took back what it gave: {"best": its words, "by":
    # the words that took it back} (kept only while that reply stays the best).
    best_taken_back: dict[str, str] | None = None
    # The words that floated each pending need ("Shall I waive the 49 euro fee?"): the scorecard's "Agreed"
    # quotes them when a later "Great, that's all done" confirms it (play-through 64).
    floated: dict[str, str] = field(default_factory=dict)
    # The needs a reply would have met but for an email address typed wrong ("I've changed it to
    # bas@hoekstra-advice.nl"): the reply that gives the right address meets them (play-through 66).
    misspelt: list[str] = field(default_factory=list)

    # --- the JSON form -------------------------------------------------------------------
    def to_slot(self) -> dict[str, Any]:
        """A JSON-able dict with the keys the state has always had; the optional ones (from
        `worst_model` on) only when set."""
        return self._slot(exclude=())

    def _slot(self, exclude: tuple[str, ...]) -> dict[str, Any]:
        slot: dict[str, Any] = {
            "scenario": self.scenario, "seed": self.seed, "mood": self.mood, "patience": self.patience,
            "met": list(self.met), "pending": list(self.pending), "used": list(self.used),
            "policy_count": self.policy_count, "stalls": self.stalls, "test_used": self.test_used,
            "turn": self.turn, "tally": copy.deepcopy(self.tally), "outcome": self.outcome,
        }
        optional = {
            "worst_model": None if self.worst_model is None else dict(self.worst_model),
            "low": [low.as_dict() for low in self.low] or None,
            "session_id": self.session_id,
            "retry": None if self.retry is None else {
                "text": self.retry.text, "used": self.retry.used,
                "state": self.retry.state._slot(exclude=_NOT_IN_RETRY)},
            "retried_turn": self.retried_turn,
            "last_key": self.last_key,
            "goodbyes": self.goodbyes or None,
            "said_all": self.said_all or None,
            "promised": {need: promise.as_dict() for need, promise in self.promised.items()} or None,
            "awaiting": list(self.awaiting) or None,
            "recapped": list(self.recapped) or None,
            "reopened": list(self.reopened) or None,
            "times_said": {subject: list(times) for subject, times in self.times_said.items()} or None,
            "best_taken_back": None if self.best_taken_back is None else dict(self.best_taken_back),
            "floated": dict(self.floated) or None,
            "misspelt": list(self.misspelt) or None,
            "last_answer": None if self.last_answer is None else [
                {"text": m.text, "payload": copy.deepcopy(m.payload)} for m in self.last_answer],
        }
        slot.update({key: value for key, value in optional.items() if value is not None})
        return {key: value for key, value in slot.items() if key not in exclude}

    @classmethod
    def from_slot(cls, value: object) -> CustomerState:
        """The state a `to_slot` dict (or an older one) describes; BadCustomerState otherwise."""
        if not isinstance(value, Mapping):
            raise BadCustomerState(f"a customer state is a mapping, not {type(value).__name__}")
        data = _Reader(value)
        tally = data.get("tally", Mapping, None)
        if tally is None:
            # A state saved before tallies keeps every reply's score: summed once, here.
            scores = data.get("scores", list, [])
            try:
                tally = SessionTally.of(ReplyScore.from_dict(s) for s in scores).as_dict()
            except (TypeError, ValueError, KeyError, AttributeError) as error:
                raise BadCustomerState(f"scores: not a list of reply scores ({error})") from None
        mood = data.get("mood", str, START_MOOD)
        if mood not in MOOD_SCALE:
            raise BadCustomerState(f"mood: {mood!r} is none of {', '.join(MOOD_SCALE)}")
        retry = data.get("retry", Mapping, None)
        return cls(
            scenario=data.required("scenario", str),
            seed=data.get("seed", int, 0),
            mood=mood,
            patience=data.get("patience", int, START_PATIENCE),
            met=data.strings("met"),
            pending=data.strings("pending"),
            used=data.strings("used"),
            policy_count=data.get("policy_count", int, 0),
            stalls=data.get("stalls", int, 0),
            test_used=data.get("test_used", bool, False),
            turn=data.get("turn", int, 0),
            tally=copy.deepcopy(dict(tally)),
            outcome=data.get("outcome", str, None),
            worst_model=_strings_map(data.get("worst_model", Mapping, None), "worst_model"),
            low=_low_replies(data.get("low", list, [])),
            session_id=data.get("session_id", int, None),
            retry=None if retry is None else _retry_point(retry),
            retried_turn=data.get("retried_turn", int, None),
            last_key=data.get("last_key", str, None),
            last_answer=_sent_messages(data.get("last_answer", list, None)),
            goodbyes=data.get("goodbyes", int, 0),
            said_all=data.get("said_all", bool, False),
            promised=_promises(data.get("promised", Mapping, {})),
            awaiting=data.strings("awaiting"),
            recapped=data.strings("recapped"),
            reopened=data.strings("reopened"),
            times_said=_strings_lists(data.get("times_said", Mapping, {}), "times_said"),
            best_taken_back=_strings_map(data.get("best_taken_back", Mapping, None), "best_taken_back"),
            floated=_strings_map(data.get("floated", Mapping, {}), "floated") or {},
            misspelt=data.strings("misspelt"),
        )

    # --- what taking a reply back keeps ----------------------------------------------------
    def retry_point(self, text: str) -> RetryPoint:
        """What taking the reply `text` back restores: this state, as it is before the reply."""
        before = replace(copy.deepcopy(self), retry=None, session_id=None, retried_turn=None, used=[])
        return RetryPoint(text=text, state=before, used=len(self.used))

    def handle(self) -> SessionHandle:
        """What the Rasa slot keeps while the server stores this state."""
        if self.session_id is None:
            raise ValueError("a state no server stores has no handle")
        return SessionHandle(session_id=self.session_id, scenario=self.scenario, turn=self.turn)


# The retry point's state: the state before the reply, less what the outer state keeps.
_NOT_IN_RETRY = ("retry", "session_id", "retried_turn", "used")


@dataclass(frozen=True)
class SessionHandle:
    """The Rasa slot while the server stores the state (issue 15): which stored session, and for
    readers of the slot the case and the turn. Whatever else a slot naming a session carries is
    ignored: nobody can hand the action server a state of their own."""

    session_id: int
    scenario: str
    turn: int = 0

    def to_slot(self) -> dict[str, Any]:
        return {"session_id": self.session_id, "scenario": self.scenario, "turn": self.turn}

    @classmethod
    def from_slot(cls, value: Mapping[str, Any]) -> SessionHandle:
        data = _Reader(value)
        return cls(session_id=data.required("session_id", int), scenario=data.get("scenario", str, ""),
                   turn=data.get("turn", int, 0))


def read_slot(value: object) -> CustomerState | SessionHandle | None:
    """The Rasa `customer` slot: nothing (no case), a handle to a stored session (a slot naming a
    session id), or the state itself. BadCustomerState for anything else."""
    if value is None or (isinstance(value, Mapping) and not value):
        return None
    if isinstance(value, Mapping) and value.get("session_id") is not None:
        return SessionHandle.from_slot(value)
    return CustomerState.from_slot(value)


# --- reading a mapping with the types checked ------------------------------------------------
class _Reader:
    def __init__(self, data: Mapping[str, Any], where: str = ""):
        self.data, self.where = data, where

    def _name(self, key: str) -> str:
        return f"{self.where}{key}"

    def get(self, key: str, kind: Any, default: Any) -> Any:
        value = self.data.get(key)
        if value is None:
            return default
        # A bool is an int to Python, but not a turn count; an int is no flag either.
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise BadCustomerState(f"{self._name(key)}: expected {getattr(kind, '__name__', kind)}, "
                                   f"got {type(value).__name__} {value!r:.60}")
        return value

    def required(self, key: str, kind: Any) -> Any:
        value = self.get(key, kind, None)
        if value is None:
            raise BadCustomerState(f"{self._name(key)}: missing")
        return value

    def strings(self, key: str) -> list[str]:
        values = self.get(key, list, [])
        if not all(isinstance(v, str) for v in values):
            raise BadCustomerState(f"{self._name(key)}: expected a list of strings")
        return list(values)


def _strings_lists(value: Mapping[str, Any], key: str) -> dict[str, list[str]]:
    if not all(isinstance(k, str) and isinstance(v, list) and all(isinstance(t, str) for t in v) for k, v in value.items()):
        raise BadCustomerState(f"{key}: expected lists of text")
    return {k: list(v) for k, v in value.items()}


def _strings_map(value: Mapping[str, Any] | None, key: str) -> dict[str, str] | None:
    if value is None:
        return None
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise BadCustomerState(f"{key}: expected text values")
    return dict(value)


def _low_replies(values: list[Any]) -> list[LowReply]:
    lows = []
    for index, item in enumerate(values):
        if not isinstance(item, Mapping):
            raise BadCustomerState(f"low[{index}]: expected a scored reply")
        data = _Reader(item, f"low[{index}].")
        lows.append(LowReply(turn=data.get("turn", int, 0), text=data.get("text", str, ""),
                             ownership=data.required("ownership", int), flexibility=data.required("flexibility", int),
                             reason=data.get("reason", str, ""),
                             model_reply=_strings_map(data.required("model_reply", Mapping), f"low[{index}].model_reply")
                             or {}))
    return lows


def _promises(value: Mapping[str, Any]) -> dict[str, Promise]:
    promises = {}
    for need, item in value.items():
        if not isinstance(item, Mapping):
            raise BadCustomerState(f"promised.{need}: expected a mapping")
        data = _Reader(item, f"promised.{need}.")
        sizes: dict[str, float | None] = {}
        for unit in SIZE_UNITS:  # (percent and months: absent in states stored before stop 53)
            size = item.get(unit)
            if size is not None and (isinstance(size, bool) or not isinstance(size, (int, float))):
                raise BadCustomerState(f"promised.{need}.{unit}: expected a number, got {type(size).__name__} {size!r:.60}")
            sizes[unit] = None if size is None else float(size)
        by = data.get("by", list, None)
        if by is not None and (len(by) != 2 or not all(isinstance(n, int) and not isinstance(n, bool) for n in by)):
            raise BadCustomerState(f"promised.{need}.by: expected two whole numbers, got {by!r:.60}")
        promises[str(need)] = Promise(euros=sizes["euros"], owned=data.get("owned", bool, False),
                                      by=None if by is None else (by[0], by[1]), percent=sizes["percent"],
                                      months=sizes["months"], said=data.get("said", str, None))
    return promises


def _retry_point(value: Mapping[str, Any]) -> RetryPoint:
    data = _Reader(value, "retry.")
    state = data.required("state", Mapping)
    try:
        before = CustomerState.from_slot(state)
    except BadCustomerState as error:
        raise BadCustomerState(f"retry.state.{error}") from None
    return RetryPoint(text=data.required("text", str), state=before, used=data.get("used", int, 0))


def _sent_messages(value: list[Any] | None) -> list[SentMessage] | None:
    if value is None:
        return None
    messages = []
    for index, item in enumerate(value):
        if not isinstance(item, Mapping):
            raise BadCustomerState(f"last_answer[{index}]: expected a message with text and payload")
        data = _Reader(item, f"last_answer[{index}].")
        messages.append(SentMessage(text=data.get("text", str, None), payload=data.get("payload", dict, None)))
    return messages

