"""One role-play turn at a time: start a case, answer a trainee reply, end the call.

Plain Python. The Rasa actions hand in the parsed message and the customer's slot (read with
`state.read_slot`) and send out what comes back; the same calls serve any other front end.
"""
from __future__ import annotations

import copy
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from bot.coach import commands, persona
from bot.coach.scenarios import ScenarioLibrary
from bot.coach.scoring import Rubric, default_rubric, score_reply
from bot.coach.state import BadCustomerState, CustomerState, SentMessage, SessionHandle

logger = logging.getLogger(__name__)

# Outside a role-play the NLU's reading of a plain-language request decides (commands.py
# decides during one): what each control intent asks for.
CONTROL_INTENTS = {"start_scenario": commands.SWITCH, "list_scenarios": commands.LIST,
                   "end_session": commands.END}
MAX_REPLY_CHARS = 2000
NOT_SAVED = ("Your reply could not be saved (the transcript database is not available), so the "
             "customer did not hear it. Nothing you said before is lost: send it again in a moment.")
NOT_A_COMMAND = ("{text} is not a command here, so the customer did not hear it. During a case, "
                 "write to the customer in your own words; to stop, say \"end the role-play\".")
NO_CALL = "No call is in progress (a call that ended shows its scorecard above). Pick a case to start one."
SESSION_GONE = ("This practice session is no longer stored (it was deleted or ended elsewhere), so "
                "the call is over and nothing more can be added to it. Pick a case to start a new one.")
STATE_UNREADABLE = ("This practice session's stored state could not be read, so the call is over and "
                    "nothing more can be added to it. Pick a case to start a new one.")
NOT_STARTED = ("The case could not be started (the transcript database is not available). "
               "Try again in a moment.")
RETRY_EXAM = ("This is an exam run: replies cannot be taken back. Nothing changed; the customer is "
              "waiting for your next reply.")
RETRY_NONE = ("There is no reply to take back: only your last reply can be taken back, once, and only "
              "while the call goes on. Nothing changed.")
RETRY_NO_CASE = ("There is no reply to take back: no call is going on (after the scorecard a call's "
                 "replies stand). Pick a case to start one.")
RETRY_NOT_SAVED = ("Your reply could not be taken back (the transcript database is not available). "
                   "Nothing changed: try again in a moment.")
END_NOT_SAVED = ("The call could not be ended because the transcript database is not available. "
                 "Nothing is lost: try again in a moment.")
TAKEN_BACK = ("You took back your reply: \"{text}\" The customer is back where they were before it: "
              "answer again.")


class TranscriptRecorder(Protocol):
    """What the role-play needs from storage (bot.storage.TranscriptStore provides it)."""

    def start_session(self, *, channel: str, external_id: str, trainee_name: str, scenario_id: str,
                      conversation_id: str, rubric_version: int, opening_text: str, mood: str,
                      state: CustomerState | None = None) -> int: ...

    def record_exchange(self, session_id: int, *, trainee_text: str, score: dict[str, Any] | None,
                        customer_text: str, mood: str, end: dict[str, Any] | None = None,
                        state: CustomerState | None = None) -> Any: ...

    def retract_last_exchange(self, session_id: int, *, state: CustomerState) -> Any: ...

    def load_state(self, session_id: int, conversation_id: str) -> CustomerState:
        """The stored state, with its session id; BadCustomerState when the stored value is none."""
        ...

    def find_started(self, conversation_id: str, key: str) -> CustomerState | None: ...

    def find_answered(self, conversation_id: str, key: str) -> list[SentMessage] | None:
        """What was sent for the reply with `key` that ended one of this conversation's sessions."""
        ...

    def end_session(self, session_id: int, *, outcome: str, ownership: int | None,
                    flexibility: int | None, goodbye_text: str | None = None,
                    mood: str | None = None) -> bool: ...


# Replies that open a call: a goodbye-like line among them ("thanks for calling, I'm Jan") closes nothing.
OPENING_REPLIES = 2


class RecorderUnavailable(Exception):
    """Raised by a recorder when it cannot write; nothing was written."""


# The web process's sender ids (bot/web/auth.py Trainee.sender).
WEB_SENDER_PREFIX = "web:"


@dataclass(frozen=True)
class Trainee:
    """Who is playing, as the channel knows them."""

    channel: str
    external_id: str
    name: str

    @classmethod
    def vouched(cls, channel: str, sender_id: str, offered_name: str = "") -> Trainee:
        """The trainee as their channel vouches for them; the sender id stands in for a name.

        Slack sends the name it looked up (users.info). The web process sends the name its
        sender id `web:<name, case folded>` was made from, so only that name is taken there:
        anyone posting to Rasa's REST channel could pick a sender id, but not a different name.
        """
        offered = " ".join(str(offered_name or "").split())
        trusted = channel == "slack" or (
            sender_id.startswith(WEB_SENDER_PREFIX) and offered.casefold() == sender_id[len(WEB_SENDER_PREFIX):])
        return cls(channel=channel, external_id=sender_id, name=(offered if trusted else "") or sender_id)


@dataclass(frozen=True)
class Message:
    """A trainee's message as the NLU understood it."""

    text: str
    intent: str = ""
    confidence: float = 0.0
    intent_ranking: Sequence[Mapping[str, Any]] = ()
    entities: Sequence[Mapping[str, Any]] = ()
    # The band check's estimate, {dimension: {band: probability}} (rasa_adapters/band_estimator.py).
    bands: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    # The sender's own id for this message: the same key again is a resend (the web chat sends
    # one per reply and keeps it when the trainee sends the same text again after a time-out).
    turn_key: str = ""

    @classmethod
    def from_parse(cls, parsed: Mapping[str, Any]) -> Message:
        intent = parsed.get("intent") or {}
        given = parsed.get("metadata")
        metadata: Mapping[str, Any] = given if isinstance(given, Mapping) else {}
        return cls(
            text=parsed.get("text") or "",
            intent=intent.get("name") or "",
            confidence=float(intent.get("confidence") or 0.0),
            intent_ranking=tuple(parsed.get("intent_ranking") or ()),
            entities=tuple(parsed.get("entities") or ()),
            bands=bands if isinstance(bands := parsed.get("bands"), Mapping) else {},
            turn_key=str(metadata.get("turn_key") or "")[:64],
        )

    def entity(self, name: str) -> str | None:
        return next((str(e.get("value")) for e in self.entities if e.get("entity") == name), None)


@dataclass(frozen=True)
class Outgoing:
    text: str | None = None
    payload: dict[str, Any] | None = None


@dataclass
class Turn:
    """What to send, and the state to keep (None when no case is being played). From `respond`,
    the state is what the Rasa slot keeps: a handle when the server stores the state."""

    messages: list[Outgoing] = field(default_factory=list)
    scenario_id: str | None = None
    state: CustomerState | SessionHandle | None = None
    ended: dict[str, Any] | None = None  # the scorecard when the session ended
    new_case: bool = False  # a case started: nothing said before matters to the dialogue


class RolePlay:
    def __init__(self, library: ScenarioLibrary, rubric: Rubric | None = None,
                 recorder: TranscriptRecorder | None = None,
                 unavailable: tuple = (RecorderUnavailable,), gone: tuple = (), allow_retry: bool = True):
        self.library = library
        # Practice mode (SHOW_LIVE_SCORES=true): the last reply may be taken back, once. An exam
        # run (false) refuses it.
        self.allow_retry = allow_retry
        self.rubric = rubric or default_rubric()
        self.recorder = recorder
        # The exception types that mean "the database is down": the trainee is told to retry.
        self.unavailable = unavailable
        # ...and those that mean "this stored session takes no more turns" (purged, or ended
        # elsewhere): retrying cannot help, so the case ends here and the trainee starts anew.
        self.gone = gone

    # --- the scenario list -------------------------------------------------------------
    def scenario_list(self, intro: str = "Which case do you want to practise?") -> Outgoing:
        items = [{"id": s.id, "title": s.title, "summary": s.summary, "customer": s.customer_name}
                 for s in self.library]
        lines = [intro] + [f"- {s.title} ({s.id}): {s.summary}" for s in self.library]
        lines.append(f'Say "start" and the case, for example "start the {next(iter(self.library)).id} case".')
        return Outgoing("\n".join(lines), {"scenarios": items})

    def list_scenarios(self, state: CustomerState | None) -> Turn:
        return Turn([self.scenario_list()], *self._keep(state))

    @staticmethod
    def _keep(state: CustomerState | None) -> tuple[str | None, CustomerState | None]:
        if state is not None and not state.outcome:
            return state.scenario, state
        return None, None

    # --- one message, whatever the NLU made of it ----------------------------------------
    def respond(self, message: Message, trainee: Trainee, conversation_id: str,
                slot: CustomerState | SessionHandle | None, started_at: str = "") -> Turn:
        """Answer one trainee message: a command to the coach, or a reply to the customer.

        During a case only an explicit command (commands.py) ends, lists or switches; any other
        text is a reply to the customer, whatever intent the NLU gave it. Outside a case the
        NLU's reading of a plain-language request ("let me practise the outage one") is used.

        `slot` is what the dialogue keeps: with a recorder, a handle to the stored session whose
        state the server owns (loaded here, for this conversation only); without one, the state.
        The returned turn's state is again such a slot value.
        """
        try:
            state = self._load(slot, conversation_id)
        except (self.gone + (BadCustomerState,)) as error:
            command = commands.parse(message.text, self._knows_case)
            if not (command and command.kind == commands.SWITCH):
                return self._answered(message, conversation_id) or self._session_gone(error)
            state = None  # a new case was asked for: the old one is simply gone
        except self.unavailable as error:
            logger.error("could not load a session's state: %s", error)
            return Turn([Outgoing(NOT_SAVED, {"error": "not_saved"})], slot.scenario if slot else None, slot)
        if not self._playing(state):
            replayed = self._answered(message, conversation_id)
            if replayed is not None:
                return replayed
        turn = self._respond(message, trainee, conversation_id, state, started_at)
        if isinstance(turn.state, CustomerState):
            turn.state = self._slot(turn.state)
        return turn

    def _answered(self, message: Message, conversation_id: str) -> Turn | None:
        """The answer already sent for this reply, when it was the one that ended a call: a resend
        after the answer was lost on the way (its server died, a time-out) gets the customer's last
        line and the scorecard again, nothing scored or stored twice. None when it is no such resend."""
        if not message.turn_key or self.recorder is None:
            return None
        try:
            sent = self.recorder.find_answered(conversation_id, message.turn_key)
        except self.unavailable as error:
            logger.error("could not look for an answer already sent: %s", error)
            return None
        if not sent:
            return None
        return Turn([Outgoing(m.text, m.payload) for m in sent])

    def _load(self, slot: CustomerState | SessionHandle | None, conversation_id: str) -> CustomerState | None:
        if isinstance(slot, SessionHandle):
            # A slot naming a stored session is only ever a handle: only the server's state counts.
            if self.recorder is None:
                logger.warning("a slot names stored session %s, but nothing stores sessions here", slot.session_id)
                return None
            return self.recorder.load_state(slot.session_id, conversation_id)
        return slot  # no recorder (or nothing stored): the slot is the state itself

    def _slot(self, state: CustomerState) -> CustomerState | SessionHandle:
        """What the Rasa slot keeps: the session's handle when the server stores its state."""
        if self.recorder is not None and state.session_id is not None:
            return state.handle()
        return state

    def _respond(self, message: Message, trainee: Trainee, conversation_id: str,
                 state: CustomerState | None, started_at: str) -> Turn:
        command = commands.parse(message.text, self._knows_case)
        if command is None and self._playing(state):
            if commands.is_payload(message.text):
                # "/make_exception" typed by hand: a forced intent is never scored as that move.
                return Turn([Outgoing(NOT_A_COMMAND.format(text=message.text.strip()[:40]),
                                      {"error": "not_a_command"})], *self._keep(state))
            return self.reply(message, state)
        if command is None and message.intent in CONTROL_INTENTS:
            command = commands.Command(CONTROL_INTENTS[message.intent], message.entity("scenario"))
        if command is None:
            return self.reply(message, state)
        if command.kind == commands.END:
            return self.end(state)
        if command.kind == commands.LIST:
            return self.list_scenarios(state)
        if command.kind == commands.RETRY:
            return self.retry(state)
        named = command.scenario or message.entity("scenario")
        return self.start(named or message.text, trainee, conversation_id, state, started_at,
                          named=bool(named), key=message.turn_key)

    def _knows_case(self, name: str) -> bool:
        return (self.library.get(name) or self.library.find(name)) is not None

    @staticmethod
    def _playing(state: CustomerState | None) -> bool:
        return state is not None and not state.outcome

    # --- start ---------------------------------------------------------------------------
    def start(self, wanted: str | None, trainee: Trainee, conversation_id: str,
              state: CustomerState | None, started_at: str = "", named: bool = False, key: str = "") -> Turn:
        """Start the case `wanted` points to (an id, title or alias, or words holding one);
        `named`: `wanted` is a case name as given (a button's id), not a whole message; `key`:
        the sender's id for this start (the web process sends the same one again when the answer
        was lost, e.g. the Rasa server died after the case was stored: the same case, started once)."""
        again = self._started_with(key, conversation_id, state)
        if again is not None:
            return Turn([Outgoing(m.text, m.payload) for m in again.last_answer or ()],
                        again.scenario, again, new_case=True)
        scenario = self.library.get(wanted) or self.library.find(wanted)
        if scenario is None:
            intro = (f"I don't know a case called \"{wanted}\"." if named and wanted
                     else "Which case? Pick one of these.")
            return Turn([self.scenario_list(intro)], *self._keep(state))
        messages: list[Outgoing] = []
        ended = None
        if state is not None and not state.outcome:
            # A new start ends the case being played: abandoned, with its scorecard.
            previous = self.library.get(state.scenario)
            if previous is not None:
                finished = self.end(state)
                if finished.state is not None:  # could not be saved: keep playing the old case
                    return finished
                ended = finished.ended
                if ended is not None:  # None: the old session was no longer stored
                    messages.append(Outgoing(f"(The previous case, {previous.title}, ended: {ended['outcome']}.)",
                                             {"scorecard": ended}))
        new = persona.new_state(scenario, persona.session_seed(conversation_id, started_at))
        opening = persona.opening(new, scenario)
        answer = [Outgoing(
            f"You are the agent. {scenario.customer_name} is on the line. {scenario.situation}",
            {"scenario": {"id": scenario.id, "title": scenario.title, "customer": scenario.customer_name,
                          "situation": scenario.situation}}),
            Outgoing(opening, {"mood": new.mood})]
        if key:  # kept with the state until a keyed reply replaces it, so a resend gets this answer
            new.last_key = key
            new.last_answer = [SentMessage(m.text, m.payload) for m in answer]
        if self.recorder is not None:
            try:
                new.session_id = self.recorder.start_session(
                    channel=trainee.channel, external_id=trainee.external_id, trainee_name=trainee.name,
                    scenario_id=scenario.id, conversation_id=conversation_id,
                    rubric_version=self.rubric.version, opening_text=opening, mood=new.mood, state=new)
            except self.unavailable as error:
                logger.error("could not store a new session: %s", error)
                return Turn(messages + [Outgoing(NOT_STARTED)], None, None, ended=ended)
        return Turn(messages + answer, scenario.id, new, ended=ended, new_case=True)

    def _started_with(self, key: str, conversation_id: str, state: CustomerState | None) -> CustomerState | None:
        """The open session this start's key already started (its answer was lost), or None."""
        if not key:
            return None
        if state is not None and not state.outcome and state.last_key == key:
            return state
        if self.recorder is None:
            return None
        try:  # the dialogue may not have kept the new session's handle (its server died first)
            return self.recorder.find_started(conversation_id, key)
        except self.unavailable as error:
            logger.error("could not look for a session already started: %s", error)
            return None

    # --- a reply to the customer ------------------------------------------------------------
    def reply(self, message: Message, state: CustomerState | None) -> Turn:
        scenario = self.library.get(state.scenario) if state is not None and not state.outcome else None
        if state is None or scenario is None:
            return Turn([self.scenario_list(NO_CALL)])
        text = message.text.strip()
        if not text:
            return Turn([Outgoing("The customer is waiting: write what you say to them.")], scenario.id, state)
        if len(text) > MAX_REPLY_CHARS:
            return Turn([Outgoing(f"That reply is {len(text)} characters; keep it under {MAX_REPLY_CHARS}, "
                                  "as you would on the phone. Nothing was sent to the customer.")],
                        scenario.id, state)
        if message.turn_key and state.last_key == message.turn_key:
            # A resend of the reply just answered (its answer was lost on the way, e.g. a time-out):
            # the same answer again, nothing scored or stored twice.
            return Turn([Outgoing(m.text, m.payload) for m in state.last_answer or ()], scenario.id, state)
        # Work on a copy: if the turn cannot be saved, the state stays as it was.
        new = copy.deepcopy(state)
        new.retry = None
        if self.allow_retry and state.retried_turn != state.turn:
            # What taking this reply back restores (the customer and the session's tally as they
            # were). A reply that replaces a taken-back one keeps none: a moment is retried once.
            # The lines said only grow, so their count stands for them (the state stays small).
            new.retry = state.retry_point(text)
        new.retried_turn = None
        # "ok. anything else?" after three refusals closes the call with nothing done (scoring
        # guide); the same words after the router was booked do not, nor "Thank you for calling
        # KPN, my name is Jan." as the call opens; a second goodbye over what is still open does.
        nothing_done = persona.nothing_done_yet(state, scenario, OPENING_REPLIES, text)
        score = score_reply(text, message.intent_ranking, message.entities, scenario, self.rubric,
                            message.bands, nothing_done=nothing_done, all_met=persona.all_needs_met(state, scenario),
                            need_left_open=nothing_done and bool(state.met or state.pending or state.goodbyes))
        model = persona.model_reply(state, scenario, score)  # from the state before this reply
        payload = score.payload()
        if model is not None:
            payload["model_reply"] = model
        reaction = persona.react(new, scenario, score, model)
        card = persona.scorecard(new, scenario, self.rubric) if reaction.outcome else None
        messages = [Outgoing(reaction.text, {"score": payload, "mood": reaction.mood})]
        if card is not None:
            messages.append(Outgoing(persona.scorecard_text(card, scenario), {"scorecard": card}))
        if message.turn_key:  # kept with the state (an ended session's too), so a resend gets this same answer
            new.last_key = message.turn_key
            new.last_answer = [SentMessage(m.text, m.payload) for m in messages]
        refused = self._write("a reply", NOT_SAVED, scenario.id, state, lambda: self._record(
            new, trainee_text=text, score=payload, customer_text=reaction.text, mood=reaction.mood, card=card))
        if refused is not None:
            return refused
        if card is not None:
            return Turn(messages, None, None, ended=card)
        return Turn(messages, scenario.id, new)

    # --- take the last reply back ------------------------------------------------------------
    def retry(self, state: CustomerState | None) -> Turn:
        """Take back the last reply: the customer's state (mood, patience, needs, lines said) and
        the session's tally go back to before it; the stored reply and answer stay, marked taken
        back. Only the last reply, once, while the call goes on, and only in practice mode."""
        scenario = self.library.get(state.scenario) if state is not None and not state.outcome else None
        if state is None or scenario is None:
            return Turn([Outgoing(RETRY_NO_CASE, {"refused": "retry"})], *self._keep(state))
        if not self.allow_retry:
            return Turn([Outgoing(RETRY_EXAM, {"refused": "retry"})], scenario.id, state)
        taken = state.retry
        if taken is None:
            return Turn([Outgoing(RETRY_NONE, {"refused": "retry"})], scenario.id, state)
        restored = copy.deepcopy(taken.state)
        restored.used = list(state.used)[:taken.used]
        restored.retried_turn = restored.turn  # the reply that replaces it cannot be taken back
        if state.session_id is not None:
            restored.session_id = state.session_id
            if self.recorder is not None:
                recorder, session_id = self.recorder, state.session_id
                refused = self._write("a reply taken back", RETRY_NOT_SAVED, scenario.id, state,
                                      lambda: recorder.retract_last_exchange(session_id, state=restored))
                if refused is not None:
                    return refused
        text = taken.text
        shown = text if len(text) <= 80 else text[:79] + "…"
        return Turn([Outgoing(TAKEN_BACK.format(text=shown),
                              {"retracted": {"text": text, "mood": restored.mood}})], scenario.id, restored)

    # --- end ---------------------------------------------------------------------------------
    def end(self, state: CustomerState | None) -> Turn:
        scenario = self.library.get(state.scenario) if state is not None and not state.outcome else None
        if state is None or scenario is None:
            return Turn([self.scenario_list("There is no role-play to end. Pick a case to start one.")])
        new = copy.deepcopy(state)
        reaction = persona.end_by_trainee(new, scenario)
        card = persona.scorecard(new, scenario, self.rubric)
        refused = self._write("the end of a session", END_NOT_SAVED, scenario.id, state, lambda: self._record(
            new, trainee_text=None, score=None, customer_text=reaction.text, mood=reaction.mood, card=card))
        if refused is not None:
            return refused
        return Turn([Outgoing(reaction.text, {"mood": reaction.mood}),
                     Outgoing(persona.scorecard_text(card, scenario), {"scorecard": card})],
                    None, None, ended=card)

    def _session_gone(self, error: Exception) -> Turn:
        logger.warning("a stored session takes no more turns: %s", error)
        said = STATE_UNREADABLE if isinstance(error, BadCustomerState) else SESSION_GONE
        return Turn([Outgoing(said), self.scenario_list()])

    def _write(self, what: str, not_saved: str, scenario_id: str, state: CustomerState,
               write: Callable[[], None]) -> Turn | None:
        """Run one write to the store. None when it is stored; else the Turn to send instead:
        the session is gone, or the store is down (`not_saved`, and the state stays as it was)."""
        try:
            write()
        except self.gone as error:
            return self._session_gone(error)
        except self.unavailable as error:
            logger.error("could not store %s: %s", what, error)
            return Turn([Outgoing(not_saved, {"error": "not_saved"})], scenario_id, state)
        return None

    def _record(self, state: CustomerState, *, trainee_text: str | None, score: dict[str, Any] | None,
                customer_text: str, mood: str, card: dict[str, Any] | None) -> None:
        """Store the turn (and the end of the session) before anything is sent."""
        session_id = state.session_id
        if self.recorder is None or session_id is None:
            return
        end = None if card is None else {"outcome": card["outcome"], "ownership": card["ownership"],
                                         "flexibility": card["flexibility"]}
        if trainee_text is not None:
            # The last exchange and the end of the session in one transaction: a retry after a
            # failure cannot store the exchange twice.
            self.recorder.record_exchange(session_id, trainee_text=trainee_text, score=score,
                                          customer_text=customer_text, mood=mood, end=end, state=state)
        elif end is not None:
            self.recorder.end_session(session_id, goodbye_text=customer_text, mood=mood, **end)
