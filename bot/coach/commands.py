"""The few messages that steer the exercise itself while a case is being played.

During a role-play everything the trainee writes is a reply to the customer, whatever the NLU
makes of it ("Before we finish, is there anything else?" is a question to the customer, not a
request to end the call). Only these end, list or switch (README.md, section "During a case:
only commands steer"):

- the payloads the buttons send: `/end_session`, `/list_scenarios`, `/start_scenario{...}`;
- a short message that is nothing but a command naming the exercise: "end the role-play",
  "stop the practice", "which scenarios are there?", "switch to another case", "start the
  outage case";
- in practice mode, taking the last reply back to answer again: the `/retry_reply` payload
  ("Try that reply again" button), or "try that reply again", "take back my last reply" (the
  word "reply" must be there: "let me try again to explain" is said to the customer).

A command must be the whole message (give or take "please", "ok", "can we"), so the same
words inside a sentence to the customer ("let me close this case by Friday", "the worst-case
scenario is a week") never steer anything. Plain Python, no Rasa.
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass

END, LIST, SWITCH, RETRY = "end", "list", "switch", "retry"
# The payloads (Rasa's "/intent{entities}" syntax) and the command each one is.
PAYLOAD_INTENTS = {"end_session": END, "list_scenarios": LIST, "start_scenario": SWITCH, "retry_reply": RETRY}
END_PAYLOAD = "/end_session"
LIST_PAYLOAD = "/list_scenarios"
RETRY_PAYLOAD = "/retry_reply"


def start_payload(scenario_id: str) -> str:
    """What a case's button sends: the start_scenario payload with the case's id."""
    return "/start_scenario" + json.dumps({"scenario": scenario_id}, separators=(",", ":"))


@dataclass(frozen=True)
class Command:
    kind: str  # END, LIST, SWITCH or RETRY
    scenario: str | None = None  # SWITCH: the case asked for, as typed or as its id


_PAYLOAD = re.compile(r"^/(\w+)\s*(\{.*\})?\s*$", re.S)

# What may stand around a command without making it a sentence to the customer.
_PREFIX = (r"(?:(?:ok(?:ay)?|right|so|hey|coach|please|yes|sorry|actually|now) )*"
           r"(?:(?:can|could|may|shall) (?:we|i|you) (?:please )?|i(?:'d| would) like to |i want to |"
           r"i wanna |let'?s |let me |i(?:'d| would) rather |time to |we should |please )?")
_SUFFIX = r"(?:\s+(?:please|now|thanks|thank you|instead|for now|for today))*"

_EXERCISE = (r"(?:role[- ]?play(?:ing)?|practi[cs]e(?: session| call| run)?|exercise|simulation|"
             r"training(?: session)?|scenario|session|practice case)")
_THE = r"(?:(?:the|this|my|our|that) )?"
_END = re.compile(
    rf"(?:(?:end|stop|finish|quit|exit|abort|cancel|close|leave|wrap up|terminate) {_THE}{_EXERCISE}"
    rf"|i'?m (?:done|finished) with {_THE}{_EXERCISE}"
    rf"|{_EXERCISE} (?:over|done|end)|end (?:the |this )?call"
    rf"|end (?:the )?call (?:and )?(?:show|give) (?:me )?(?:the|my) scorecard)")
_CASES = r"(?:(?:practi[cs]e |training |role[- ]?play )?(?:scenarios|cases|exercises)|role[- ]?plays)"
_PLAY = r"(?:practi[cs]e|do|play|try)"
_LIST = re.compile(
    rf"(?:(?:list|show(?: me)?|see|view|give me)(?: all)?(?: of)? {_THE}(?:list of (?:the )?)?"
    rf"(?:(?:available|other|possible) )?{_CASES}"
    rf"(?: (?:available|there are|you have|i can {_PLAY}))?"
    rf"|(?:which|what) (?:other )?{_CASES} (?:are there|are available|can i {_PLAY}|"
    rf"do you have|do we have|have you got)(?: to {_PLAY})?"
    rf"|(?:the )?(?:case|scenario) (?:list|menu)|back to the (?:case|scenario) (?:list|menu))")
_OTHER = r"(?:another|a different|the next|the other|a new|some other|a fresh)"
_KIND = r"(?:case|scenario|customer|role[- ]?play|exercise)"
_SWITCH_ANY = re.compile(
    rf"(?:(?:switch|change|move|go|skip) (?:over )?(?:to )?{_OTHER} {_KIND}"
    rf"|(?:switch|change|skip) (?:the )?(?:case|scenario|customer|role[- ]?play)"
    rf"|(?:next|another|different|new) (?:scenario|role[- ]?play|practice case)"
    rf"|(?:next|another|different) (?:case|customer)"
    rf"|(?:start|play|try|do|give me|pick|choose) {_OTHER} (?:scenario|role[- ]?play|practice case)"
    rf"|(?:start|play|try|practi[cs]e|give me|pick|choose) (?:another|a different|the next|some other) "
    rf"(?:case|customer))")
_SWITCH_NAMED = re.compile(
    r"(?:(?:switch|change|move|go) (?:over )?to|start|play|practi[cs]e|try|do|load|run|begin|give me|"
    r"pick|choose|i(?:'ll| will) take) (?:the |a |an )?(?P<name>[\w' -]{1,40}?) "
    r"(?:case|scenario|role[- ]?play|customer|one)")
_MY_REPLY = r"(?:my|that|the|this)(?: last| previous)? reply"
_RETRY = re.compile(
    rf"(?:(?:try|do|say|write) (?:that|my|the|this)(?: last)? reply again"
    rf"|(?:retry|redo|undo|retract|take back) {_MY_REPLY}|take {_MY_REPLY} back)")

_PUNCTUATION = re.compile(r"[^\w\s'-]+")


def _plain(text: str) -> str:
    """Lower case, punctuation gone: a command is judged by its words alone."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u2013", "-").lower()
    return " ".join(_PUNCTUATION.sub(" ", text).split()).strip("'- ")


def _whole(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    return re.fullmatch(_PREFIX + "(?:" + pattern.pattern + ")" + _SUFFIX, text)


def payload(text: str) -> Command | None:
    """The command a button's payload (or a typed `/…`) stands for, if it is one of ours."""
    match = _PAYLOAD.match(text.strip())
    if not match or match.group(1) not in PAYLOAD_INTENTS:
        return None
    kind = PAYLOAD_INTENTS[match.group(1)]
    scenario = None
    if kind == SWITCH and match.group(2):
        try:
            entities = json.loads(match.group(2))
        except ValueError:
            entities = {}
        value = entities.get("scenario") if isinstance(entities, dict) else None
        scenario = str(value) if value else None
    return Command(kind, scenario)


def is_payload(text: str) -> bool:
    """Anything that looks like a Rasa `/intent` payload, ours or not."""
    return bool(_PAYLOAD.match(text.strip()))


def parse(text: str, knows_case: Callable[[str], bool] = lambda name: False) -> Command | None:
    """The command this whole message is, or None when it is a reply to the customer.

    `knows_case(name)` says whether words such as "outage" name a case: "start the outage
    case" switches, "let's try the cheaper one" does not.
    """
    found = payload(text)
    if found is not None or is_payload(text):
        return found
    plain = _plain(text)
    if not plain or len(plain) > 80:
        return None
    if _whole(_END, plain):
        return Command(END)
    if _whole(_LIST, plain):
        return Command(LIST)
    if _whole(_RETRY, plain):
        return Command(RETRY)
    if _whole(_SWITCH_ANY, plain):
        return Command(SWITCH)
    named = _whole(_SWITCH_NAMED, plain)
    if named and knows_case(named.group("name")):
        return Command(SWITCH, named.group("name"))
    return None
