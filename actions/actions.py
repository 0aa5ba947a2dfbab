"""Rasa actions: translate the tracker into `bot` calls and the result back into events.

All role-play logic lives in `bot.coach.roleplay`; the work runs in a thread so that a slow database
write never blocks the action server's event loop.
"""
from __future__ import annotations

import asyncio
import logging
from abc import ABC, abstractmethod
from functools import lru_cache
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, SessionStarted, SlotSet, UserUttered
from rasa_sdk.executor import CollectingDispatcher

from bot.coach.roleplay import Message, RolePlay, Trainee, Turn
from bot.coach.scenarios import load_scenarios
from bot.coach.state import BadCustomerState, CustomerState, SessionHandle, read_slot
from bot.config import get_settings
from bot.storage import DatabaseUnavailable, SessionEnded, SessionNotFound, TranscriptStore

logger = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def roleplay() -> RolePlay:
    # Loaded once per process; a bad scenario file stops the action server at its first use
    # with the file and field named (`make run` checks the files before starting anything).
    settings = get_settings()
    store = TranscriptStore(settings.database_url, connect_timeout=settings.db_connect_timeout)
    # Every turn is committed before the customer's reply is sent; when the database is down
    # the trainee is told to retry and the state is kept; when the stored session is gone
    # (purged, or ended elsewhere) the case ends and the trainee picks a new one.
    # Practice mode lets a trainee take back their last reply; an exam run (no live scores) does not.
    return RolePlay(load_scenarios(settings.scenarios_dir), recorder=store,
                    unavailable=(DatabaseUnavailable,), gone=(SessionEnded, SessionNotFound),
                    allow_retry=settings.show_live_scores)


def _message(tracker: Tracker) -> Message:
    return Message.from_parse(tracker.latest_message or {})


def _slot(tracker: Tracker) -> CustomerState | SessionHandle | None:
    """The `customer` slot: a handle to the stored session, the state itself, or nothing. A value
    that is none of these (a hand-made tracker, a slot from an incompatible version) starts afresh:
    the trainee is not in a case, and picks one."""
    try:
        return read_slot(tracker.get_slot("customer"))
    except BadCustomerState as error:
        logger.warning("the customer slot of %s could not be read, so no case is going on: %s",
                       tracker.sender_id, error)
        return None


def _trainee(tracker: Tracker) -> Trainee:
    # The sender id is the identity the channel vouches for (the web process and Slack set it);
    # a channel that knows a display name sends it as message metadata.
    metadata = (tracker.latest_message or {}).get("metadata") or {}
    return Trainee.vouched(tracker.get_latest_input_channel() or "rest", tracker.sender_id,
                           metadata.get("trainee_name") or "")


# Within a long call, a fresh Rasa session every this many replies (see below).
REPLIES_PER_RASA_SESSION = 10


def _fresh_conversation_session(tracker: Tracker, action_name: str) -> list[dict[str, Any]]:
    """A new Rasa conversation session holding just this message and this action.

    Rasa loads and replays a conversation's whole session on every turn, and featurises all of
    it for every prediction, so each turn got slower with every case a trainee played that day,
    and with every reply of a long call (docs/performance.md). The dialogue needs nothing from
    before but the slots this action sets right after these events: the customer's state is on
    the server, and the transcripts keep everything (bot/storage). Rasa's `events` table still
    keeps every event; it loads only those since the last session start.
    """
    latest = tracker.latest_message or {}
    return [
        SessionStarted(),
        ActionExecuted("action_session_start"),
        ActionExecuted("action_listen"),
        UserUttered(latest.get("text"), parse_data={k: v for k, v in latest.items() if k != "text"},
                    input_channel=tracker.get_latest_input_channel()),
        ActionExecuted(action_name),
    ]


def _send(dispatcher: CollectingDispatcher, turn: Turn) -> list[dict[str, Any]]:
    for out in turn.messages:
        dispatcher.utter_message(text=out.text, json_message=out.payload)
    customer = None if turn.state is None else turn.state.to_slot()
    return [SlotSet("active_scenario", turn.scenario_id), SlotSet("customer", customer)]


def _rolls_over(turn: Turn) -> bool:
    """A new case, or every REPLIES_PER_RASA_SESSION replies of one: a fresh Rasa session."""
    replies = 0 if turn.state is None else turn.state.turn
    return turn.new_case or (replies > 0 and replies % REPLIES_PER_RASA_SESSION == 0)


class _RolePlayAction(Action, ABC):
    """Hands the message to `RolePlay.respond` in a worker thread.

    The four actions differ only in name, which the rules pick by intent: during a case the
    role-play, not the intent, decides whether a message is a command (bot/coach/commands.py).
    Abstract, so the action server does not register it.
    """

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        turn = await asyncio.to_thread(self.turn, roleplay(), tracker)
        events = _send(dispatcher, turn)
        return _fresh_conversation_session(tracker, self.name()) + events if _rolls_over(turn) else events

    @staticmethod
    def turn(play: RolePlay, tracker: Tracker) -> Turn:
        started = str((tracker.latest_message or {}).get("message_id") or len(tracker.events))
        return play.respond(_message(tracker), _trainee(tracker), tracker.sender_id, _slot(tracker), started)

    @abstractmethod
    def name(self) -> str:
        """The action's name in domain.yml."""


class ActionStartScenario(_RolePlayAction):
    def name(self) -> str:
        return "action_start_scenario"


class ActionListScenarios(_RolePlayAction):
    def name(self) -> str:
        return "action_list_scenarios"


class ActionCustomerReply(_RolePlayAction):
    def name(self) -> str:
        return "action_customer_reply"


class ActionEndSession(_RolePlayAction):
    def name(self) -> str:
        return "action_end_session"
