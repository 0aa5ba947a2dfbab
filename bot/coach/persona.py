"""The customer: mood, patience and needs per session, and what they say next.

The state is a `CustomerState` (bot/coach/state.py; stored with the transcript as JSON), and
every function here is deterministic: the same state, reply and seed give the same line, so a
session can be replayed, while different sessions (different seeds) read differently.
"""
from __future__ import annotations

import dataclasses
import difflib
import random
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bot.coach.scenarios import EMAIL_ADDRESS, MOODS, Fact, Need, Scenario
from bot.coach.scoring import (
    CHECKS_UNDERSTANDING,
    CLAUSE_BREAK,
    DESCRIPTION_FILLER,
    GRANTED,
    MAKE_THAT,
    NEGATIVE_MOVES,
    NO_NEGATIVE_MEANT,
    SIZE_UNITS,
    TIME_IN_WORDS,
    WORKING_KINDS,
    ReplyScore,
    Rubric,
    SessionRules,
    SessionTally,
    a_time_alone,
    band,
    checked_summary,
    default_rubric,
    put_as_a_choice,
    put_right_at,
    relays_a_deed,
    relays_news,
    reports_a_check,
    says_goodbye,
    session_rules,
    sizes_named,
    undoes_a_goodbye,
)
from bot.coach.state import MOOD_SCALE, SATISFIED, START_MOOD, START_PATIENCE, CustomerState, LowReply, Promise

# Patience (START_PATIENCE, 12): a neutral reply costs 2, a question for the facts 1 and a greeting
# nothing (QA round 16: a greeting, sympathy and three identity questions, and the customer hung up
# at the seventh reply), a deflecting or rigid reply 3, and a reply that owns the problem or offers
# something gives 1 back. The customer never leaves unwarned: when patience runs out before the
# case's threat (`test` line) was said, they say it and give one more reply (QA round 13); after an
# answer to a question it waits for the next reply, up to WARNING_WAITS_UNTIL replies without
# progress. So a trainee who only sympathises hears the threat at the sixth reply and loses the
# customer at the seventh however polite (one who only asks questions, by the thirteenth); a
# stonewaller, threatened early, within 4.
NEUTRAL_COST = 2
QUESTION_COST = 1
WARNING_WAITS_UNTIL = 8  # replies in a row without progress, after which the warning follows even an answer
LOW_COST = 3
GOOD_GAIN = 1
TEST_LINE_PATIENCE = 7
STALL_FOR_FRUSTRATION = 2
POLICY_MOVES = {"cite_policy", "explain_procedure", "refuse"}
REFUSING_KINDS = frozenset({"policy", "refusal", "futility", "deflection", "blame"})
# Cue kinds that name what the agent means to do ("Shall I send the router today?").
_NAMES_SOMETHING = frozenset({"offer", "exception", "scenario_offer", "commitment", "time", "contact", "done",
                              "escalation", "entity:callback_time"})


# --- one coherent message -------------------------------------------------------------------
# Each customer turn is one message: a reaction and at most one question or demand, never both
# sides of the dialogue. Lines are combined (an accepted offer and what is still open, a reaction
# and a frustration) by these rules, whatever the case file says, so they hold for any case.
# A sentence ends at . ? or ! (perhaps with a closing quote) before a space: not inside "advies.nl".
_SENTENCE_END = re.compile(r"(?:(?<=[.?!])|(?<=[.?!]['\"\u2019\u201d]))\s+")
# A sentence that asks the agent for something without a question mark.
_DEMAND = re.compile(
    r"^(?:(?:please|so|then|now|and|just|right|fine|okay|ok),? )?(?:put|send|email|e-mail|give|tell me(?! more)|"
    r"confirm|get|write|show|call|ring|text|let me know|make sure|stop|don'?t|say|ask|spell|fix|check|book|read|"
    r"listen|prove|explain|keep)\b|\bplease\b|^i(?:'d| would) like\b|^i (?:want|need) (?!to\b)", re.I)
# A short acknowledgement ("Good.", "Right, that's a start."): after a question it would answer it.
_ACK = re.compile(r"^(?:good|right|fine|okay|ok|alright|yes|thank you|thanks|great)\b", re.I)
# Words that a line's opening echo ("Call back later?", "Another department.") may hold without
# the trainee having said them.
_ECHO_STOP = frozenset("""a an the my your our me you i it its it's that that's this is are was be to of in on at
for and or but so just again even oh well yes no not really exactly when who what why how which where hold excuse
hello hi right fine good okay ok sorry thank thanks stop another other else more now then there here too all one
won't can can't will do does did try sure maybe like what's who's with us them they he she we i'm you're you've
i've don't didn't see into""".split())
# A sentence that puts an option to the customer to take or leave ("Which would you prefer?",
# "Shall I send it?", "Would a technician on the 14th suit you?"); not a hedge ("Maybe we could?").
_PUT_TO_CUSTOMER = re.compile(
    r"\b(?:(?:which|what)(?: one)? (?:would|do) you (?:prefer|like|want|choose|rather)|would you (?:like|prefer|want)|"
    r"do you want|shall i|should i|how about|what about|do(?:es)? (?:that|this|either|one of those) (?:work|suit|sound|help)|how does (?:that|this) sound|"
    r"is (?:that|this) (?:ok|okay|alright|all right|acceptable|fine)|can i (?:go ahead|do that|book|set|put|send|arrange)|"
    r"would [^?]{0,60}\b(?:suit you|work for you|help|be (?:ok|okay|alright|all right|good|fine)))\b"
    r"[^?]*\?\W*$", re.I)
# An option left to the customer to take: "if that helps", "you could switch to...".
_LEFT_TO_TAKE = re.compile(r"\b(?:if (?:that|it|this) (?:helps|would help|works|suits you)|if you(?:'d)? (?:like|want|wish|prefer)|"
                           r"you could (?:switch|move|have|get|take|go)|you can (?:have|get|take))\b", re.I)
_HEDGED = re.compile(r"\b(?:maybe|might|may|perhaps|possibly|possibility|not sure|could look|look at)\b", re.I)
_SUBJECTS = frozenset("i i'm i've i'd you you're you've we he she they it it's that that's this there so then now and "
                      "but no yes what who when how why".split())


def _sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(text.strip()) if s]


def _is_question(sentence: str) -> bool:
    return sentence.rstrip("'\"\u2019\u201d ").endswith("?")


def is_ask(sentence: str) -> bool:
    """A question or a demand to the agent ("Yes, please." is consent, not a demand: one_ask kept
    only "Put that in the confirmation." of the router's "Yes, please. And it won't cost extra?
    Put that in the confirmation.", and the customer never said yes)."""
    if _CONSENT.match(sentence):
        return False
    return _is_question(sentence) or bool(_DEMAND.search(sentence.lstrip("'\"\u2018\u201c")))


_CONSENT = re.compile(r"(?:yes|yeah|ok|okay|sure|go ahead)[,!]? please[.!]*$", re.I)


def _is_ack(sentence: str) -> bool:
    return not _is_question(sentence) and len(sentence.split()) <= 4 and bool(_ACK.match(sentence))


def one_ask(text: str) -> str:
    """`text` with at most one question or demand, and no acknowledgement right after a question
    (the customer would be answering themselves). The one kept is the last of three words or more,
    the one the customer waits on ("My fault? ... Which part of that is mine?"), or else the first
    ("When exactly? Tonight? Tomorrow?")."""
    sentences = _sentences(text)
    asks = [i for i, sentence in enumerate(sentences) if is_ask(sentence)]
    full = [i for i in asks if len(sentences[i].split()) >= 3]
    keep = full[-1] if full else (asks[0] if asks else None)
    kept: list[str] = []
    for index, sentence in enumerate(sentences):
        if (index in asks and index != keep) or (kept and _is_question(kept[-1]) and _is_ack(sentence)):
            continue
        kept.append(sentence)
    return " ".join(kept)


def _reaction(text: str) -> str:
    """Only what `text` says, none of what it asks."""
    return " ".join(s for s in _sentences(text) if not is_ask(s))


def _after(first: str, second: str) -> str:
    """`second` said after `first`, as one message: its opening acknowledgements ("Good.") go, as
    do its questions and demands when `first` already asks something."""
    rest = _sentences(second)
    while first and rest and _is_ack(rest[0]):
        rest.pop(0)
    if any(is_ask(sentence) for sentence in _sentences(first)):
        rest = [sentence for sentence in rest if not is_ask(sentence)]
    return one_ask(" ".join(part for part in (first, " ".join(rest)) if part))


def answers_unsaid(line: str, said: str) -> bool:
    """Does `line` open by echoing words the trainee did not say ("Call back later?" after "another
    department handles that", "Pay for the assignment?" after six months' credit)? An echo is a
    short opening (at most four words) that is a question, or a fragment without a subject."""
    sentences = _sentences(line)
    if not sentences:
        return False
    words = re.findall(r"[a-z][a-z'-]*[a-z]|[a-z]", sentences[0].lower().replace("\u2019", "'"))
    if len(words) > 4 or (not _is_question(sentences[0]) and words and words[0] in _SUBJECTS):
        return False
    # A word counts as said when a word of the reply begins with its first five letters (or the
    # whole of a shorter one): "wait" in "waiting", not "someone" in "something" (QA round 46:
    # "Someone. Who, and by which date?" after "I could perhaps credit something?").
    said_words = re.findall(r"[a-z]+", said.lower())
    return any(not _word_said(w, said_words) for w in words if w not in _ECHO_STOP and len(w) >= 3)


def _word_said(word: str, said_words: Sequence[str]) -> bool:
    """A word of the reply begins with `word`'s first five letters (or the whole of a shorter one)."""
    return any(s.startswith(word[:5]) for s in said_words)


# Words a line quotes in single quotes ("I've heard enough 'Monday'", "a time, not a 'soon'"); not an
# apostrophe inside a word ("I've", "We'll").
_QUOTED_WORDS = re.compile(r"(?<![a-z])'([^'.!?]{2,40})'(?![a-z])", re.I)


def quotes_unsaid(line: str, said: str) -> bool:
    """Does `line` quote words the trainee did not say ("I've heard enough 'Monday'" when nobody said
    Monday; play-through 57: 4 lines quoted "Monday" or "soon", never said)?"""
    said_words = re.findall(r"[a-z]+", said.lower())
    return any(not _word_said(w, said_words)
               for quote in _QUOTED_WORDS.findall(line) for w in re.findall(r"[a-z]+", quote.lower()) if len(w) >= 3)


# The kinds of hand-off a `deflected` line answers, each as (what in the line names it, what in the
# trainee's words makes it). A line naming none of them ("So I'm to sort it out myself?") answers
# any hand-off; one naming a kind answers only a reply that made it (QA round 7: "I don't want to be
# put through again" after "You can do that online", "Another department will only send me back to
# you" after "Call back in three weeks").
_HAND_OFF_KINDS: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...] = (
    (re.compile(r"\b(?:manager|director)\b", re.I),
     re.compile(r"\b(?:manager|supervisor|boss|director|team ?lead(?:er)?|senior|superior|higher up|escalat\w*)\b", re.I)),
    (re.compile(r"\bcall back\b|\blater\b|\btomorrow\b|\bafter the move\b|\bcall you back\b", re.I),
     re.compile(r"\b(?:call|ring|phone|try|contact)(?: us| me)? (?:again|back)\b|\blater\b|\btomorrow\b|\btmrw\b|"
                r"\bnext (?:week|month|monday)\b|\bin (?:a|an|a few|\w+|\d+) (?:days?|weeks?|hours?|months?)\b|"
                r"\bafter the move\b|\bmonday\b|\bwait\b", re.I)),
    (re.compile(r"\bput through\b|\bpass(?:ed)? (?:me )?on\b|\btransfer|\bstart again with someone\b|\bsend me to\b", re.I),
     re.compile(r"\btransfer|\bput (?:you )?through\b|\bconnect you\b|\bpass(?:ing)? (?:you|it|this|your)\b|"
                r"\bsend(?:ing)? you\b|\bforward|\bhand (?:you|it|this) (?:over|on)\b|"
                r"\b(?:call|contact|ring|phone|speak to|talk to|email|e-mail|mail|ask|try) (?:them|the|our|a|another|their)\b", re.I)),
    (re.compile(r"\bcancel", re.I), re.compile(r"\bcancel", re.I)),
    (re.compile(r"\bdepartment\b|\bdata division\b|\bTV people\b|\bsales\b|\bfault line\b|"
                r"\b(?:someone|somebody|anyone) else\b", re.I),
     re.compile(r"\bdepartments?\b|\bteams?\b|\bcolleagues?\b|\bsomeone\b|\bsomebody\b|\bsales\b|\bshop\b|\bstore\b|"
                r"\bdivision\b|\bplanning\b|\bretention\b|\binstallers?\b|\btechnical\b|\bkpn\b|\bcomplaints\b|"
                r"\bsupport\b|\bdesk\b|\bfault line\b|\bmoves\b|\bthey\b|\bthem\b|\btheir\b|\bmanager\b|"
                r"\bnot (?:my|our|up to me)\b|\bout of my hands\b|\b(?:my|our) hands are tied\b|\btransfer|"
                r"\bput (?:you )?through\b|\bpass", re.I)),
)


def fits_hand_off(line: str, said: str) -> bool:
    """May the customer answer the trainee's `said` with the `deflected` line `line`? Only if
    every kind of hand-off the line names was made by the trainee's words ("Cancel and ask sales
    for a new subscription?" needs both the cancelling and another party)."""
    return all(made.search(said) for names, made in _HAND_OFF_KINDS if names.search(line))


def session_seed(conversation_id: str, started: str = "") -> int:
    """A stable seed per session: replays read the same, two sessions read differently."""
    return zlib.crc32(f"{conversation_id}|{started}".encode())


def new_state(scenario: Scenario, seed: int) -> CustomerState:
    return CustomerState(scenario=scenario.id, seed=seed, mood=START_MOOD, patience=START_PATIENCE)


@dataclass(frozen=True)
class Reaction:
    """What the customer says after a trainee reply, and how they feel now."""

    text: str
    mood: str
    kind: str
    outcome: str | None = None


def _rng(state: CustomerState) -> random.Random:
    return random.Random(state.seed * 1009 + state.turn)


def _line_key(line: str) -> str:
    """What `used` keeps of a line said: 8 hex digits, not its text, so the state stays small."""
    return f"{zlib.crc32(line.encode('utf-8')):08x}"


def _said(state: CustomerState, line: str) -> bool:
    # A state saved before the keys holds the lines themselves.
    return _line_key(line) in state.used or line in state.used


def _mark_said(state: CustomerState, line: str) -> None:
    state.used.append(_line_key(line))


def _accept_line(state: CustomerState, rng: random.Random, lines: Sequence[str], said: str) -> str | None:
    """A fresh accept line for what `said` offered. A line taking a number given ("I'll save it", "A
    number that reaches a person") only when the reply gives one: a dated call-back alone meets the
    same offer (QA round 8: "I'll save it" after "I'll text you by four")."""
    if not _GIVES_A_NUMBER.search(said):
        lines = [line for line in lines if not _ABOUT_A_NUMBER.search(line)] or lines
    return _pick(state, rng, lines)


_ABOUT_A_NUMBER = re.compile(r"\b(?:save it|a number that)\b", re.I)
_GIVES_A_NUMBER = re.compile(r"\d{3}|\b(?:number|line|extension|ext)\b", re.I)


def _pick(state: CustomerState, rng: random.Random, candidates: Sequence[str],
          said: str | None = None, unfit: re.Pattern[str] | None = None) -> str | None:
    """A line not yet said in this session, or None when every candidate was used. `said`: the
    trainee's words, when the line answers them; a line echoing other words is not said. `unfit`:
    lines it matches do not answer this reply."""
    fresh = [line for line in candidates if not _said(state, line)
             and not (said is not None and (answers_unsaid(line, said) or quotes_unsaid(line, said)))
             and not (unfit is not None and unfit.search(line))]
    if not fresh:
        return None
    line = rng.choice(fresh)
    _mark_said(state, line)
    return line


def _say(state: CustomerState, rng: random.Random, scenario: Scenario, kind: str,
         ordered: bool = False, said: str | None = None, unfit: re.Pattern[str] | None = None) -> str:
    """A fresh line of `kind`; when those are used up, a fresh line for the current mood or a
    neighbouring one. Only if every line of the file was said does a line repeat. `said`: the
    trainee's words the line answers (a line echoing words not said is skipped)."""
    candidates = scenario.lines.get(kind) or scenario.mood_lines.get(kind) or ()
    if ordered:
        fresh = [line for line in candidates if not _said(state, line)]
        if fresh:
            _mark_said(state, fresh[0])
            return fresh[0]
    else:
        line = _pick(state, rng, candidates, said, unfit)
        if line:
            return line
    mood_order = sorted(MOODS, key=lambda m: abs(MOODS.index(m) - _mood_index(state.mood, cap=True)))
    for mood in mood_order:
        line = _pick(state, rng, scenario.mood_lines[mood], unfit=unfit)
        if line:
            return line
    everything = [line for lines in scenario.lines.values() for line in lines]
    return rng.choice(list(candidates) or everything)


def _mood_index(mood: str, cap: bool = False) -> int:
    index = MOOD_SCALE.index(mood)
    return min(index, len(MOODS) - 1) if cap else index


def _shift_mood(state: CustomerState, steps: int) -> None:
    index = min(max(_mood_index(state.mood) + steps, 0), len(MOODS) - 1)
    state.mood = MOODS[index]


def opening(state: CustomerState, scenario: Scenario) -> str:
    return _say(state, _rng(state), scenario, "opening")


def _open_needs(state: CustomerState, scenario: Scenario) -> list[str]:
    return [need.id for need in scenario.needs if need.id not in state.met]


def nothing_done_yet(state: CustomerState, scenario: Scenario, opening_replies: int, said: str = "") -> bool:
    """Whether a close now would close the call with nothing done (scoring guide, ownership 0):
    past the opening, nothing has been met or floated for the customer; or they already brought
    back what is still open at a goodbye (QA round 16: "Goodbye then." after "Thanks for calling,
    goodbye." was answered "Who follows this up, and when?" scored neutral, and the churned call's
    scorecard read high/high). A goodbye (`said`) ends the call whenever it comes: "Hi." then
    "Bye." closes it with nothing done (QA round 26: 50/50, as a goodbye in the opening)."""
    if _GOODBYE.search(said):
        opening_replies = 0
    if state.goodbyes >= 1 and _open_needs(state, scenario):
        # (Also after a gesture that met no need: "I'm waiving the installation fee" ... "Anything
        # else?" ... "Have a good move, goodbye." closed over both needs at 50/50, and the churned
        # call's card read 74/100; QA round 42, 2 of 2.)
        return True
    # (What only waits for someone's yes is not done either: "I'm asking my team leader" ... "She
    # said no, sorry." ... "Bye.", QA round 34: 12 of 12 scored 50, not "closed with nothing done".)
    if state.turn >= opening_replies and not state.met and not set(state.pending) - set(state.awaiting):
        # (Nor after a gesture that meets no need, "I'll credit the 50 euro for the month billed
        # too early" then "Anything else?": QA round 20 scored that close 35, "nothing done".)
        best = _tally(state).best
        return best is None or "high" not in (band(best.ownership), band(best.flexibility))
    return state.goodbyes >= 1 and bool(_open_needs(state, scenario))


def all_needs_met(state: CustomerState, scenario: Scenario) -> bool:
    """Every need of the customer's is met: what the agent says now closes a call whose work is done."""
    return bool(state.met) and not _open_needs(state, scenario)


def _needs_served(scenario: Scenario, offer_ids: Sequence[str]) -> list[str]:
    return [need.id for need in scenario.needs if set(need.met_by) & set(offer_ids)]


# What an agent asks to find the customer's file: their number, address, birth date, name.
_ASKS_WHO = re.compile(r"\b(your|the) (customer|account|client) (number|id|no|nr)\b|\baccount holder\b|"
                       r"\b(right|correct|exact) spelling\b|"
                       # ...and whether what the agent just sent arrived ("I'm sending a test mail now. Did it arrive?").
                       r"\b(did it (arrive|come through)|has it (arrived|come through)|did you (get|receive) it)\b|\b(postcode|post code|postal code|"
                       r"zip( code)?|house number|date of birth|birth ?date|birthday|full name)\b|"
                       r"\b(your|ur|the|what|which) ((new|home|office|postal|e-?mail|correct|right) ){0,2}(address|adress|adres)\b|"
                       # "whats ur correct email?" (QA round 22).
                       r"\b(your|ur) (correct |right |exact )?e-?mail(?= *\?)|"
                       # "Which email should be on the account?", "Give me the right e-mail" (QA round 23).
                       r"\b(which|what) e-?mail\b|\b(the|your|ur) (right|correct|exact) e-?mail\b|"
                       # "Can you spell it for me?", "give me your email and I'll fix it right now", "the
                       # spelling of your email address", "the best number to reach you on" (QA round 50:
                       # 6 calls where the reply also did something, and the detail was never given).
                       r"\bspell (it|that)\b|\bspell(ing of)? (your|ur|the) (e-?mail|email address|address)\b|"
                       r"(?:(?<=give me )|(?<=send me )|(?<=tell me )|(?<=text me ))(your|ur|the) (e-?mail|email address|mobile|(phone |mobile |contact )?number)\b|"
                       r"\b(best|right|good) (mobile |phone |contact )?number (to|for|i can|we can|on which)\b|"
                       # ...and the move's date or where they are, after an offer in the same reply: "I put the
                       # move and the TV in one order. When do you move?" (QA round 25: 5 of 6 were skipped).
                       r"\bwhen (do|will|are|r) (you|u) (move|moving)\b|\bwhen (you|u) move\b|\bwhen'?s the (big day|move)\b|"
                       r"\bwhich day (do )?(you|u) move\b|\bwhere are (you|u) now\b")
# A request for a fact said without a question mark: "can i have your date of birth for
# security", "I need your postcode and house number to find your file".
_ASKS_FOR = re.compile(r"\b(can|could|may) (i|you) (have|get|give me|tell me|confirm|spell)\b|\bi('ll| will)? need (your|the)\b|"
                       r"\b(please )?(confirm|give me|tell me|say me|spell) (your|the)\b|\bwhat'?s your\b|"
                       # The detail asked again, bare: "Your email address, please", "lol no i meant ur
                       # email adress" (QA round 21: three such asks in a row were not answered).
                       r"\bi (meant|mean) (your|ur|the)\b|\b(your|ur) ([\w@-]+ ){0,2}[\w@-]+,? (please|pls|plz)\b", re.I)


# A question about the customer's problem itself ("What's the problem exactly?", "what happened?",
# "How can I help?"): answered with what they called about, not "No idea, I'd have to look it up"
# (QA round 8).
_ASKS_THE_PROBLEM = re.compile(
    # (And "what's the case?", QA round 46: "No idea, I'm afraid".)
    r"\b(?:what(?:'s|s| is| seems to be| exactly is)(?: the| your)? (?:problem|issue|matter|trouble|complaint|case|story|situation)\b(?! (?:number|reference|ref|id|no)\b)|"
    r"what (?:exactly )?(?:happened|went wrong|is going on|'s going on|is wrong|'s wrong|is the matter|'s the matter)|"
    # "What is it about?", "Please tell me, which is the problem?" (QA round 50: "I'd have to check
    # my papers. Is it really relevant?", 4 of 4).
    r"what(?:'s| is) (?:it|this|this call|the call) (?:all )?about|which is (?:the|your) (?:problem|issue)|"
    r"what(?:'s| has) (?:exactly )?happened|"
    r"what(?:'s|s| is) (?:exactly )?(?:going on|wrong|the matter)|"
    # "What's up?", "what do u need?", "what did you say the problem was?" (QA round 26: 7 of 7 were
    # answered "Not something I keep in my head").
    r"what(?:'s|s| is) up|what (?:do|did) (?:you|u) (?:need|want)(?= *\?| *$| today| from (?:us|me))|"
    r"what did (?:you|u) say (?:the|your) (?:problem|issue|trouble) (?:was|is)|"
    # What the customer wants from the call: "What would a good outcome look like for you?".
    r"what (?:would|does) (?:a good|the right|the best|an ideal) (?:outcome|result|solution|resolution)|"
    r"how (?:can|may|could) (?:i|we) help|what can (?:i|we) do for you|what (?:exactly )?(?:do you need|are you calling about|"
    r"can i help (?:you )?with)|tell me (?:more|what happened|what'?s wrong|about (?:it|the problem|the issue|your problem)))\b", re.I)
# A question about what the customer wants from the call: "What would make this right for you?",
# "What would make you stay with us?", "What outcome are you hoping for?", "What's still open for
# you?": answered with what they still need, not "No idea, check your screen" (QA round 17: 6 of 8).
_ASKS_WHAT_THEY_WANT = re.compile(
    r"\bwhat (?:would|could|will|might) (?:make|help|it take|fix|solve|settle)\b|"
    # "What would put this right for you?", "What was the one thing you asked for?" (QA round 55: "Hm.
    # No." and "No idea. Can't you see that on your side?").
    r"\bwhat (?:would|could|will|might) put (?:this|it|things|that) right\b|"
    r"\bwhat (?:was|is|were) (?:the )?(?:one |main |first )?things? (?:you|u) (?:asked|wanted|called|rang)(?: us)? (?:for|about)\b|"
    r"\bwhat did (?:you|u) (?:ask|want) (?:us |me )?for\b|"
    r"\bwhat (?:outcome|result|solution|resolution) (?:are|were|would|do) you\b|"
    r"\bwhat (?:are|were) (?:you|u) (?:hoping|looking|expecting|after|wanting)\b|"
    r"\bwhat(?:'s| is) (?:still )?(?:open|outstanding|left to (?:do|sort|fix))\b|"
    # "What else is still open?", "what exactly is still open for you?", "What's left?", "Ok, what else
    # do you need?", "And what else?" (play-through 38: 10 of 14 got "I don't know that offhand").
    r"\bwhat (?:else|exactly) (?:is |'s )?(?:still )?(?:open|outstanding|left)\b|\bwhat(?:'s| is) left\b|"
    r"\bwhat else (?:do|can|would|should) (?:you|u|i|we) (?:need|want|like|do)\b|^\W*(?:(?:and|ok|okay|so|right),? )?what else\W*$|"
    # (Play-through 62: "What else is still bothering you?" got "I honestly don't know", 2 of 2.)
    r"\bwhat (?:else )?(?:is |'s )?(?:still )?(?:bothering|worrying|troubling|bugging) (?:you|u)\b|"
    r"\bwhat (?:do|would) (?:you|u) (?:want|expect|need|like) (?:from|of) (?:us|me|this call|today)\b|"
    # "what is it you'd actually like from us?" (QA round 51: "I honestly don't know").
    r"\bwhat (?:is it|exactly) (?:you|u)(?:'d| would)? (?:actually |really )?(?:want|like|need|expect)\b|"
    r"\bwhat can (?:i|we) do to (?:make|put|keep|fix|help)\b|"
    r"\banything (?:i|we) (?:can|could) do (?:that would|to) (?:make|keep|change|help)\b|"
    # "What would you propose?", "What exception would help you most?", "whats the most urgent"
    # (QA round 24: 9 such questions got "No idea" or "I don't know").
    r"\bwhat (?:would|do) (?:you|u) (?:propose|suggest)\b|"
    r"\bwhat (?:exception|option|gesture|solution|fix|outcome) (?:would|could|will|might) (?:help|suit|work for)\b|"
    r"\b(?:what|which)(?:'s|s| is)? (?:the )?(?:most (?:urgent|important|pressing)|main (?:thing|problem|issue))\b|"
    r"\bwhat matters (?:most|to you)\b|"
    # "So what would you consider fair?", "Any questions?", "Are there any options you'd like?", "What
    # options would suit you?" (QA round 45: 6 of 10 got "I don't know that offhand").
    r"\bwhat (?:would|do) (?:you|u) (?:consider|think is|call|see as) (?:fair|reasonable|right|acceptable)\b|"
    r"^\W*(?:(?:and|ok|okay|so|right),? )?(?:any|got any|do you have any|have you got any) (?:other |more |further )?questions\b|"
    r"\bany options? (?:you'?d|you would|that you'?d) (?:like|want|prefer)\b|"
    r"\bwhat options? (?:would|do|could|might) (?:suit|help|work for)\b", re.I)
# A yes-or-no question about how the customer would like it done, nothing listed to pick from:
# "Would email be best for you?", "Is within the hour all right?", "Could someone be at the office at
# nine to take the delivery?": yes, go ahead (QA round 24: "No idea. Surely you have that on your screen?").
# "That ok?", "that alright 4 u?" (play-through 62: "Understanding is free."); short chat checks as the
# whole message, "k?", "ok 4 u?", "fair?", "sound fair?", "we ok so far?" (play-through 63: answered as
# questions for facts, 14 of about 55).
_SHORT_CHECK = (r"(?:^|[.!] )\W*(?:(?:so|and|ok|okay|right),? )?(?:is )?(?:that|this) (?:ok|okay|alright|all right|fine)"
                r"(?: (?:for|4|with|w) (?:you|u))?\s*\?\s*$|"
                r"^\W*(?:(?:so|and|ok|okay|right),? )?(?:(?:is )?(?:that|this|it|we|all|everything) )?(?:k|ok|okay|clear|fair|"
                r"happy|good|alright|all right|fine|sounds? (?:fair|good|ok|okay|right))(?: so far)?"
                r"(?: (?:4|for|with|w) (?:you|u))?\s*\?+\s*$")
_ASKS_IF_IT_SUITS = re.compile(
    r"^(?:[^?]*[.!,] )?(?:would|is|does|will|could|can) [^?]{0,60}\b(?:best|easiest|all right|alright|ok|okay|fine|"
    r"suit(?:s)? (?:you|u)|work(?:s)? (?:for|4) (?:you|u)|convenient|good for you|acceptable|agreeable|sound(?:s)? (?:good|fair|right))\b"
    r"[^?]{0,20}\?\s*$|"
    r"\b(?:could|can|will) (?:someone|somebody|anyone|you) be (?:there|at|home|in|around)\b[^?]*\?\s*$|"
    # "Happy with that?" (QA round 41: answered with a fact, 2 of 2).
    r"(?:^|[.!] )\W*(?:(?:are|is) you )?(?:happy|ok|okay|alright|all right|good) with (?:that|this|it|all (?:of )?that)\s*\?\s*$|"
    + _SHORT_CHECK, re.I)
# ...about what was just said, "Is that acceptable?", "Does that work for you?": before any fact its
# words could name (play-through 37: "I'm a marketer. Your funnel is enormous...", 5 of 5).
_ABOUT_WHAT_WAS_SAID = re.compile(r"(?:^|[.!] )\W*(?:(?:so|and|ok|okay|right),? )?(?:would|is|does|will) "
                                  r"(?:that|this|it|all (?:of )?that|everything)\b[^.!?]{0,30}\?\s*$|"
                                  r"\bwith (?:that|this|it|all (?:of )?that)\s*\?\s*$|" + _SHORT_CHECK, re.I)
# A check that what was just done helped: "Is that better?", "Does that help?", "Is it working now?".
_CHECKS_IT_HELPED = re.compile(r"(?:^|[.!] )\W*(?:(?:so|and|ok|okay|right),? )?(?:is|does|did) (?:that|this|it) "
                               r"(?:any )?(?:better|help|helps|working|work now)\b[^.!?]{0,20}\?\s*$|"
                               # "OK?" on its own (play-through 40: "Couldn't tell you").
                               r"^\W*(?:ok|okay|alright|all right|good|fine)\s*\?+\s*$|"
                               # "Stop me when you're happy." (QA round 41: 3 of 3 heard as blame).
                               r"\bstop me (?:when|once|if|as soon as) (?:you'?re|you are) (?:happy|satisfied|done|sold|content)\b",
                               re.I)
# The agent asks what has been agreed so far: "So what have we agreed?", "What did I promise you at
# the start?", "Can you tell me what I've arranged for you?" (QA round 17: 9 of 9 got another fact,
# "I'd have to dig that up", or an old complaint).
_ASKS_WHAT_AGREED = re.compile(
    r"\bwhat (?:have|did|had) (?:we|i) (?:agree|agreed|promise|promised|arrange|arranged|offer|offered|sort|sorted|book|booked)\b|"
    r"\bwhat (?:i'?ve|we'?ve|i have|we have) (?:agreed|arranged|promised|sorted|booked|offered|done for you)\b|"
    r"\bwhat(?:'s| is| has) been (?:agreed|arranged|promised|sorted)\b|\bremind me what\b|\bwhat did we (?:say|settle)\b", re.I)


def _agreed(state: CustomerState, rng: random.Random, scenario: Scenario) -> str:
    """What has been agreed so far, in the customer's words: the needs met, by their descriptions,
    or nothing yet."""
    met = [scenario.need(n).description for n in state.met]
    if not met:
        return _say(state, rng, scenario, "nothing_agreed")
    agreed = met[0] if len(met) == 1 else ", ".join(met[:-1]) + " and " + met[-1]
    line = _pick(state, rng, scenario.lines["agreed"])
    return line.replace("{agreed}", agreed) if line else _say(state, rng, scenario, "nothing_agreed")


# A clause that opens with a question word: "- what's the order number?" (not "Can I put you on
# hold while I pull up your account?", a hold asked for).
_WH_CLAUSE = re.compile(r"(?:^|[-\u2013,;:]\s*)(?:what|which|when|where|who|how (?:long|many|much|old))\b", re.I)
# The trainee taking leave: "goodbye", "bye now", "have a nice day", "take care".
# ("cya", "see ya": QA round 45, "cya" after every need was met was not heard as a goodbye.)
_GOODBYE = re.compile(r"\b(?:good ?-?bye|bye(?: now| then| bye)?|cya|see ya|laters|have an? (?:nice|good|great|lovely|pleasant|wonderful|fantastic|brilliant) "
                      r"(?:day|evening|weekend|one|afternoon|morning)|take care|all the best|"
                      # Second-language trainees' own farewells (QA round 52).
                      r"tot ziens|doei|ma'?a ?(?:as-?)?salama|auf wiedersehen|tsch[uü]ss|g[uü]le g[uü]le|ho[sş][cç]a ?kal(?:ın)?|au revoir|adi[oó]s)\b",
                      re.I)
# What a goodbye says of a call in which nothing was done ("Nothing's changed", "So I'm back where
# I started": QA round 26 heard the latter after the one-order exception was granted).
_NOTHING = re.compile(r"\bnothing\b|\bback where I started\b", re.I)
# Small talk: the weather, the day, the packing (not "How's the new office?": the case's facts answer it).
_SMALL_TALK = re.compile(r"\b(?:weather|how are you(?: doing)?(?: today)?\?|how'?s your day|busy day|(?:much|lot of) packing|"
                         r"weekend plans|lovely day|nice day for it)\b", re.I)
# Another team's no, passed on as the answer: "they say Monday", "he said it's not possible".
_RELAYED_NO = re.compile(r"\b(?:they|he|she|the [\w-]+(?: [\w-]+)?) (?:say|says|said|told me|tell me)(?: that)?,? "
                         r"(?:it'?(?:ll| will) be |it'?s |it is |it'?s going to be )?(?:only )?(?:monday|next week|not possible|"
                         r"impossible|no\b|not before|(?:they|he|she) (?:can'?t|cannot|won'?t)|it can'?t|nothing can)", re.I)
# The agent checking the line: "Hello? Are you still there?", "Can you hear me now?".
# (Also "Still there?" alone, QA round 32: answered as a question about the facts, 7 of 7.)
_LINE_CHECK = re.compile(r"\b(?:are (?:you|u) still there|(?:you|u) still there|are (?:you|u) there|can (?:you|u) (?:still )?hear me|"
                         r"still with me|did i lose you|have i lost you|is the line ok)\b|^\W*(?:hello\W+)?still there\W*\?", re.I)
# Words that greet, or introduce the agent: "Hi", "Good afternoon", "Thanks for calling", "my name is".
_GREETS = re.compile(r"\b(?:hi|hello|hey|good (?:morning|afternoon|evening|day)|welcome|thanks? (?:you )?for "
                     r"(?:calling|call|holding|waiting)|my name(?:'s| is)|speaking|you'?re through to)\b", re.I)
_GREETING_FIRST = re.compile(r"^(?:(?:yes|right|well),? )?(?:hello|hi|good (?:morning|afternoon|evening))[.!,]\s+", re.I)
# An open question typed without its question mark: "hey its jamal what seems to be the problem",
# "sorry what's going on with your line".
_OPEN_QUESTION = re.compile(r"\b(what|how|when|where|which|who|why)('s| is| are| was| were| seems?| happened| do| does| did|"
                            r" can| could| would)\b", re.I)


def _ranked(facts: Sequence[Fact], words: str) -> list[Fact]:
    """`facts` by how many of their keywords `words` holds, most first (the file's order breaks
    ties). A keyword inside a longer one that `words` also holds does not count of its own: "email
    address" names the customer's details, not "email" and "address" the account login ("wat is ur
    emal address?", QA round 8)."""
    counted = _counted(facts, words)
    return sorted(facts, key=lambda f: -sum(k in counted for k in f.keywords))


def _counted(facts: Sequence[Fact], words: str) -> set[str]:
    """The keywords of `facts` that `words` holds, less those inside a longer one it holds."""
    held = {k for fact in facts for k in fact.keywords if k in words}
    return {k for k in held if not any(k != longer and k in longer for longer in held)}


def _named_in(scenario: Scenario, phrase: str) -> list[Fact]:
    """The facts a phrase such as "your customer number" names, best first."""
    return _ranked([f for f in scenario.facts if any(k in phrase for k in f.keywords)], phrase)


def _requests_something(text: str) -> bool:
    """A question (in any sentence: "First your email: what's the right address? I'll correct it
    while we talk", QA round 21), or a request for a fact said without its question mark."""
    return any(_is_question(sentence) for sentence in _sentences(text)) or bool(_ASKS_FOR.search(text))


def _who_answer(state: CustomerState, rng: random.Random, scenario: Scenario, lowered: str) -> str | None:
    """The answers to two details asked together ("your customer number and date of birth"), one
    after the other; None when the question names fewer than two (the caller answers one)."""
    wanted: list[Fact] = []
    for named in _ASKS_WHO.finditer(lowered):
        ranked = _named_in(scenario, named.group(0))
        if ranked and ranked[0] not in wanted:
            wanted.append(ranked[0])
    return _both_answered(state, rng, wanted)


def _both_answered(state: CustomerState, rng: random.Random, wanted: Sequence[Fact]) -> str | None:
    """The answers of the first two facts asked about, one after the other; None when fewer than two
    were asked about (the caller answers one)."""
    if len(wanted) < 2:
        return None
    answers = [answer for fact in wanted[:2] if (answer := _pick(state, rng, fact.answers))]
    return " ".join(answers) if len(answers) == 2 else None


def _one_typo_apart(word: str, keyword: str) -> bool:
    """`word` is `keyword` with one letter wrong, missing, added, or two side by side swapped."""
    if abs(len(word) - len(keyword)) > 1 or word == keyword:
        return False
    if len(word) == len(keyword):
        diff = [i for i, (a, b) in enumerate(zip(word, keyword, strict=True)) if a != b]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and word[diff[0]] == keyword[diff[1]] and word[diff[1]] == keyword[diff[0]])
    short, long = (word, keyword) if len(word) < len(keyword) else (keyword, word)
    return any(long[:i] + long[i + 1:] == short for i in range(len(long)))


def _typos_mended(scenario: Scenario, text: str) -> str:
    """`text` with each word of four letters or more that is one typo from one of the case's fact
    keywords of five or more written as the keyword ("can u confirm ur emial adress?": email,
    address)."""
    keywords = {k for fact in scenario.facts for k in fact.keywords if " " not in k and len(k) >= 5}
    in_order = sorted(keywords)

    def mended(match: re.Match[str]) -> str:
        word = match.group(0)
        if len(word) < 4 or word.lower() in keywords:
            return word
        return next((k for k in in_order if _one_typo_apart(word.lower(), k)), word)

    # (Not a part of a hyphenated word: "mail" of "e-mail" is no typo of "email", QA round 21.)
    return re.sub(r"(?<![\w-])[A-Za-z]+(?![\w-])", mended, text)


_EMAIL = re.compile(r"\be-?mail\b", re.I)
_EMAIL_ADDRESS = re.compile(r"\be-?mail (?:address|adress)\b", re.I)
_AN_ADDRESS = re.compile(r"\b(the|your) (correct |right )?address\b", re.I)


def _two_questions_answer(state: CustomerState, rng: random.Random, scenario: Scenario,
                          questions: Sequence[str]) -> str | None:
    """Two questions about two different facts ("Did you get the confirmation in writing? And did
    anyone call you after your letter?"): both answered, in order (QA round 11: the second half
    went unanswered). None when fewer than two facts are asked about."""
    wanted: list[Fact] = []
    for question in questions:
        lowered = question.lower()
        ranked = _ranked(scenario.facts, lowered)
        if ranked and any(k in lowered for k in ranked[0].keywords) and ranked[0] not in wanted:
            wanted.append(ranked[0])
    return _both_answered(state, rng, wanted)


# What the customer says before a fact already given, when asked for it again.
ASKED_AGAIN = "As I said:"
# The trainee asking for what was just said once more: "Can you spell that?", "Say that again?".
_ASKS_IT_AGAIN = re.compile(r"\b(?:spell|repeat) (?:that|it|this)\b|\bsay (?:that|it) again\b|"
                            r"\bhow (?:do you|is that|is it) spelt\b|\bhow (?:do you|is that|is it) spelled\b", re.I)


# The agent answering "who?" with themselves: "Me. Right now.", "I do. Now, while we talk.", "That'll be me".
_ME_ANSWER = re.compile(r"^\W*(?:(?:it'?s|that'?s|that'?ll be|it'?ll be|that will be|that'?d be|that would be|it'?d be) )?"
                        r"(?:me|i do|i will|myself)\b(?=\s*[,.!:;-]|\s*$)",
                        re.I)
# What the case's named-contact offer answers to: the agent, with a time ("Me, tomorrow at 9").
_ME_WITH_A_TIME = "Me, tomorrow at 9."
# A customer's line that asks who takes it on: "Who fixes that?", "who is on this?".
_ASKS_WHO_TAKES_IT = re.compile(r"\bwho(?:'s| is| will| is going to)? (?:\w+ ){0,2}?(?:fix|fixes|sort|sorts|handle|handles|does|deal|deals|"
                       r"take|takes|look|looks|chase|chases|is on|keeps)\b[^?]*\?", re.I)


# The agent asking whether the customer needs anything more: "Anything else you need from me?", "Is
# there anything else I can do for you?", and without the question mark that chat leaves off ("Is
# there anything more I can help", QA round 50), but not "I can't do anything more".
# (Also a recap checked for gaps: "Let me recap: router before 6, my call at 7. Did I miss anything?",
# "Is that everything?", "Are we all good?", QA round 51: "When will it be sorted?" after it.)
_ANYTHING_ELSE_FOR_THEM = re.compile(r"\b(?:anything|something) (?:else|more)\b[^?]*\?|"
                                     r"(?:^|[.!,]\s*|\b(?:is|was) there )anything (?:else|more)\b[^.!?]*$|"
                                     r"\b(?:did|have) i (?:miss(?:ed)?|forget|forgotten|leave out|left out) (?:anything|something)\b|"
                                     r"\b(?:is|was) that (?:everything|all)\b[^.!?]*(?:\?|$)|\bare we (?:all )?(?:good|done|set|sorted)\b[^.!?]*(?:\?|$)",
                                     re.I)


def _who_was_asked(state: CustomerState, scenario: Scenario) -> list[str]:
    """The open needs whose still-open line asking who takes it on the customer said last turn."""
    recent = set(state.used[-3:])
    return [need.id for need in scenario.needs if need.id not in state.met
            and any(_line_key(line) in recent and _ASKS_WHO_TAKES_IT.search(line) for line in need.still_open)]


# A deed done to "it" or "both", said as done: "fixed it", "sorted both just now", "I've reset it".
_DONE_TO_IT = re.compile(r"\b(?:fixed|sorted|corrected|reset|repaired|unlocked|updated|changed|done|solved|resolved) "
                         r"(?:it|them|both|that|those)\b(?! (?:for|with) (?:the|your) )", re.I)


def _need_just_raised(state: CustomerState, scenario: Scenario) -> str | None:
    """The one open need whose still-open line the customer said last turn, if there is one."""
    last = state.used[-1:] if state.used else []
    raised = [need.id for need in scenario.needs if need.id not in state.met
              and any(_line_key(line) in last for line in need.still_open)]
    return raised[0] if len(raised) == 1 else None


def _last_fact_said(state: CustomerState, scenario: Scenario) -> str | None:
    """The fact answer the customer said last in this call, if any."""
    answers = {_line_key(answer): answer for fact in scenario.facts for answer in fact.answers}
    for key in reversed(state.used):
        if key in answers:
            return answers[key]
    return None


# The agent's own name said ("..., my name is Sanne. How can I help?"): no question for the customer's
# (play-through 39: 3 of 3 such openings got the customer's name, email and phone number).
_OWN_NAME = re.compile(r"\bmy name(?:'s| is)\s+[\w'-]+", re.I)


def _fact_answer(state: CustomerState, rng: random.Random, scenario: Scenario, text: str) -> str | None:
    """The answer of the fact the reply asks about: the facts its questions name first ("A move day
    with no data line is a nightmare. Is anyone at the office able to work?" asks about the
    staff, not the line), then those anywhere in it. A keyword typed with one typo counts (QA
    rounds 7 and 8: "can u confirm ur emial adress?")."""
    text = _OWN_NAME.sub("", _typos_mended(scenario, text))
    if _EMAIL.search(text) and not _EMAIL_ADDRESS.search(text):
        # "I'm fixing the email now, can you give me the address?": the email address, not the street.
        text = _AN_ADDRESS.sub(lambda m: f"{m.group(1)} {m.group(2) or ''}email address", text)
    asked = [s for s in _sentences(text) if _is_question(s)]
    both = _two_questions_answer(state, rng, scenario, asked)
    if both:
        return both
    questions = " ".join(asked)
    if _asks_what_nobody_told(scenario, questions or text):
        return None
    for scope in (questions, text) if questions and questions != text else (text,):
        lowered = scope.lower()
        who = _who_answer(state, rng, scenario, lowered)
        if who:
            return who
        named = _ASKS_WHO.search(lowered)
        if named:
            # "What's the new address you're moving to?", "your customer number": the facts that
            # say who and where the customer is, not the move or the phone number the other
            # words of the question also name (ranked by the words of that phrase alone).
            ranked = _named_in(scenario, named.group(0)) or _ranked(scenario.facts, named.group(0))
        else:
            ranked = _ranked(scenario.facts, lowered)
        if ranked and any(k in lowered for k in ranked[0].keywords):
            # Another fact the question names, once this one's answers were said; not one it
            # names only inside a longer keyword (QA round 21: "Sorry, I meant your email
            # address", asked a third time, got the street: "address" of "email address").
            counted = _counted(scenario.facts, lowered)
            return (_pick(state, rng, ranked[0].answers)
                    or _pick(state, rng, [a for f in ranked[1:] if any(k in counted for k in f.keywords)
                                          for a in f.answers])
                    # Asked again once every answer was said: said again, not "I don't know" (QA
                    # round 16: "what is you name sir?" after two questions for the name).
                    or f"{ASKED_AGAIN} {one_ask(ranked[0].answers[0])}")
    if _ASKS_IT_AGAIN.search(text):
        # "Can you spell that?" after the new address: the fact given last, again (QA round 26: 3
        # of 4 got the old address or "I don't know"); a fact whose keywords name it came first.
        last = _last_fact_said(state, scenario)
        if last:
            return f"{ASKED_AGAIN} {one_ask(last)}"
    return None


# "What floor is the new office on?", "Which colour is the router?": the thing asked for, named
# right after "what" or "which" (not "what is", "which of"; not "what time": a time that suits).
_WHAT_THING = re.compile(r"\b(?:what|which)\s+(?!(?:is|are|was|were|do|does|did|can|could|would|will|should|has|have|"
                         r"had|of|about|else|exactly|happened|if|you|i|we|they|it|he|she|kind|sort|type|a|an|the|"
                         r"time|day|date|way|number|one|ones)\b)([a-z]{3,})\b", re.I)


def _asks_what_nobody_told(scenario: Scenario, text: str) -> bool:
    """The question names a thing none of the case's facts is about, while another word of it
    ("the new office") would pick a fact: the customer does not know, rather than answering with
    the fact that shares a word (QA rounds 13 and 14: "What floor is the new office on?" got the
    story of the move)."""
    asked = _WHAT_THING.search(text)
    if asked is None:
        return False
    thing = asked.group(1).lower()
    return not any(thing in keyword.split() or keyword.startswith(thing) for fact in scenario.facts
                   for keyword in fact.keywords)


# The model reply once every need was met, for a case file without `next_step_reply`.
DEFAULT_NEXT_STEP_REPLY = ("I'll keep this with me: I'll email you today what we agreed, and I'll call you "
                           "tomorrow at 10 to check that everything works.")


def model_reply(state: CustomerState, scenario: Scenario, score: ReplyScore) -> dict[str, str] | None:
    """For a reply scored low (40 or less) on a dimension, what would have served that moment,
    from the case file; None for any other reply (and for an unsure reading, which is not scored).

    `state` is the customer's state before the reply. While a need is open (one the trainee only
    floated first, then the file's order), the first example of an offer that meets it: within
    authority by definition, and written as a clear commitment (docs/scenarios.md). A reply low
    on flexibility can also be shown a gesture the case allows that meets no need (the one the
    reply spoke of first: "the terms don't allow waiving the fee" gets the fee waived). Once every
    need was met, the case's `next_step_reply`: owning the rest with a dated next step.
    A model reply already shown for an earlier low reply of the call gives way to the next one
    that fits (QA round 20: in a rigid call the scorecard repeated one sentence four times).
    """
    if score.unsure or not (band(score.ownership) == "low" or band(score.flexibility) == "low"):
        return None
    open_needs = _open_needs(state, scenario)
    ordered = [n for n in state.pending if n in open_needs] + [n for n in open_needs if n not in state.pending]
    fitting: list[dict[str, str]] = []
    for need_id in ordered:
        need = scenario.need(need_id)
        fitting.extend({"text": examples[0], "why": f"Meets what the customer still needs: {need.description}."}
                       for examples in (scenario.offer(offer_id).examples for offer_id in need.met_by) if examples)
    next_step = {"text": scenario.next_step_reply or DEFAULT_NEXT_STEP_REPLY,
                 "why": "Every need was met: own the rest of the problem and name a dated next step."}
    if band(score.flexibility) == "low":
        gestures = sorted((offer for offer in scenario.offers
                           if not _needs_served(scenario, [offer.id]) and offer.counts_as_flexibility and offer.examples),
                          key=lambda offer: offer.match(score.text) is None)  # the one spoken of first
        fitting.extend({"text": offer.examples[0], "why": f"Gives what the agent may instead of a no: {offer.description}."}
                       for offer in gestures)
    if not open_needs:
        fitting.append(next_step)
    shown = {low.model_reply.get("text") for low in state.low}
    return next((model for model in fitting if model["text"] not in shown), fitting[0] if fitting else next_step)


def _tally(state: CustomerState) -> SessionTally:
    """The state's tally (a state saved before tallies was summed once when read: state.py)."""
    return SessionTally(state.tally)


def react(state: CustomerState, scenario: Scenario, score: ReplyScore,
          model: dict[str, str] | None = None) -> Reaction:
    """Update `state` for one scored trainee reply and return the customer's answer. `model`:
    the reply's model reply (model_reply), kept for the scorecard when it is the worst reply."""
    if state.outcome:
        raise ValueError("this session has ended; start a new one")
    # What met a need, taken back ("I can't do the iPhone after all"): the need is open again, and
    # a call whose needs were all met is no longer closing (QA round 17: 3 of 3 take-backs were
    # thanked, and the call ended resolved with "A new phone and an account that works").
    # (Read by its words, however unsure the model: "Sorry, scratch that, planning tells me moving
    # day is fully booked" was not scored, and the call ended resolved, QA round 28.)
    reopened = _withdrawn(state, scenario, score)
    # Said again smaller, vaguer or handed on ("I'll see whether a router is possible" after the
    # router was sent, 50 euro after 150, "the data division will call you" after "I'll ring you at
    # 8"): open again too, and the customer quotes what changed (QA round 29: 4 of 4 recaps that
    # did so ended resolved, "Keep it up: you owned the problem").
    times_before = {subject: list(times) for subject, times in state.times_said.items()}
    note_times_said(state, scenario, score.text)
    weakened = {need: said for need, said in _weakened(state, scenario, score).items() if need not in reopened}
    reopened += list(weakened)
    # What the reply before checked back ("Correct me if I'm wrong, but that's the login and email
    # still to do?") is what this one may take on as a whole ("I'm fixing both now"); what this
    # reply checks back, the next may (play-through 36: the account stayed open, the call was lost).
    checked_before, state.recapped = state.recapped, _checked_back_needs(state, scenario, score)
    if reopened:
        state.met = [n for n in state.met if n not in reopened]
        state.reopened += [n for n in reopened if n not in state.reopened]
        state.said_all = False
        # (What a recap cut, moved or took back keeps its promise, for the agent to put right; a
        # correction said as one, "the router arrives Thursday" after "tomorrow", is met again on its
        # new terms.)
        if _recap_start(score.text) < 0:
            for need_id in reopened:
                state.promised.pop(need_id, None)
    # "Sorry, 50 percent, as agreed.", "Sorry, my mistake: Friday at 11, as booked.", "Sorry, the 14th,
    # as booked.": what a recap cut or moved, put back as it was promised, is met again on its first
    # terms, however unsure the reading (play-throughs 58 and 59: 5 of 8 and 3 of 5 such corrections got
    # the need's "still open" line, as if nothing had been offered).
    # (Low for being a goodbye with the need open is no bar: "My mistake, 150 euros as promised. Goodbye."
    # puts it right and closes; play-through 65: 2 of 2 ended abandoned.)
    put_right = [] if (reopened or score.over_promise
                       or (not score.unsure and band(score.ownership) == "low" and not _takes_leave(score))) \
        else _put_right(state, scenario, score)
    if put_right:
        state.best_taken_back = None  # (the best reply's terms stand again: no "Later taken back" on the card)
    # An email address typed back wrong ("I've changed it to bas@hoekstra-advice.nl"): the customer
    # says so, and the reply meets nothing; the reply that types it right meets what it would have
    # (play-through 66: 0 of 4 noticed, and the card quoted the wrong address as agreed).
    misspelt = misspelt_email(scenario, score.text)
    # (Put right in few words too: "Apologies, .nl, fixed.", play-through 67.)
    if state.misspelt and not misspelt and not score.over_promise and (
            scenario.customer_email.lower() in score.text.lower() or _PUT_RIGHT_WORDS.search(score.text)):
        put_right += [n for n in state.misspelt if n not in state.met and n not in put_right]
        state.misspelt = []
    # Every need was met on the reply before: the customer asked whether that is everything, and
    # this reply (a goodbye, a last detail, "anything else?") is the agent's close, even one the
    # model could not read with confidence ("cheers, all the best"). It counts as any reply does.
    closing = not _open_needs(state, scenario)
    state.turn += 1
    tally = _tally(state)
    tally.add(score, may_be_best=not weakened and not misspelt)
    state.tally = tally.as_dict()
    if tally.worst is score:  # the scorecard's worst reply, with its model reply (if low)
        state.worst_model = model
    best = tally.best
    if reopened and best is not None and best is not score and set(_needs_served(scenario, best.offers)) & set(reopened):
        # The best reply's promise, taken back or cut by this one: the scorecard says so (QA round 55:
        # "Best reply" was the 24-month plan withdrawn two replies later, 4 calls).
        state.best_taken_back = {"best": best.text, "by": score.text}
    if model is not None:  # every low reply, with what would have served, for the scorecard
        state.low.append(LowReply(turn=state.turn, text=score.text, ownership=score.ownership,
                                  flexibility=score.flexibility, reason=score.reason, model_reply=dict(model)))
    rng = _rng(state)
    if misspelt:
        would_meet = _needs_served(scenario, score.offers) + [
            need.id for need in scenario.needs if need.words and need.words.search(score.text)]
        # (A need met with the address typed right is open again: play-through 67, 3 of 3 closed resolved.)
        state.met = [n for n in state.met if n not in would_meet]
        state.misspelt = list(dict.fromkeys(state.misspelt + would_meet))
        correction = _say(state, rng, scenario, "wrong_email")
        return Reaction(correction.replace("{said}", misspelt).replace("{email}", scenario.customer_email),
                        state.mood, "wrong_email")
    if score.unsure and reopened:
        # The model could not read it, but its words plainly take back what met a need: the
        # customer says what is open again, not "is that a yes or a no?".
        line = _reopened_line(state, rng, scenario, reopened[0], weakened)
        if line:
            return Reaction(one_ask(line), state.mood, "still_open")
    # ("Deal.", "Both, then.", "Option one." with an option floated: the words are plain whatever the
    # model read, and they take it; QA round 51: 9 such replies got "I don't follow".)
    picks_floated = bool(state.pending) and not set(state.pending) <= set(state.awaiting) and bool(_AFFIRMS.match(score.text))
    if score.unsure and not closing and not picks_floated and not put_right:
        # A guess is not acted on: mood, patience and needs stay. A question the case's facts
        # answer ("Hi Mr Kuipers, sorry you were passed around. When is the move?") is answered;
        # another question ("Oh no, that doesn't sound good. What happened?") gets what they
        # called about, not "is that a yes or a no?"; anything else, the customer asks what the
        # trainee means.
        if _is_recap(score.text):
            # "So to recap, you want the move and the TV upgrade on the 14th?": yes, and the point.
            return Reaction(one_ask(_say(state, rng, scenario, "confirmed")), state.mood, "confirmed")
        if _relays_a_no(scenario, score):
            # "Ok I'm back. I've just spoken to the data division: they say Monday.": another team's
            # no passed on is plain whatever the model read (QA round 54: "I'm not following").
            return Reaction(_say(state, rng, scenario, "refused", said=score.text), state.mood, "refused")
        if _OPEN_PREFERENCE.search(score.text):
            # "When would suit you for a call back?": the customer answers, whatever the model read.
            kind, line = _open_preference(state, rng, scenario, score.text)
            return Reaction(line, state.mood, kind)
        asked = _requests_something(score.text) or bool(_OPEN_QUESTION.search(score.text))
        if asked and _ASKS_WHAT_AGREED.search(score.text):
            return Reaction(one_ask(_agreed(state, rng, scenario)), state.mood, "recap")
        if _LINE_CHECK.search(score.text):
            return Reaction(_still_there(state, rng, scenario), state.mood, "still_open")
        brought_back = _need_brought_back(state, rng, scenario) if asked and _ends_on_what_they_want(score.text) else None
        if brought_back:
            return Reaction(brought_back, state.mood, "still_open")
        answer = _fact_answer(state, rng, scenario, score.text) if asked else None
        if answer:
            return Reaction(answer, state.mood, "fact")
        if asked and _ASKS_WHAT_THEY_WANT.search(score.text):
            brought_back = _need_brought_back(state, rng, scenario)
        elif asked and _ASKS_THE_PROBLEM.search(score.text):
            brought_back = _the_story(state, rng, scenario)  # "What can I do for you?" (QA round 12)
        else:
            brought_back = _need_brought_back(state, rng, scenario) if asked else None
        if brought_back:
            return Reaction(brought_back, state.mood, "still_open")
        return Reaction(_say(state, rng, scenario, "unclear"), state.mood, "unclear")
    own, flex = band(score.ownership), band(score.flexibility)
    credible = own == "high" and not score.over_promise and not _relays_a_no(scenario, score)

    # Needs: an offer the agent commits to meets them; one that is only floated waits for a
    # commitment ("when exactly?"), which a later owning reply gives.
    # (What this reply weakens it does not meet again: "one month back, 50 euro" names the credit.)
    pending_before = list(state.pending)
    fetched = _fetched_elsewhere(scenario, score)
    served = [n for n in _needs_served(scenario, [o for o in score.offers if o not in fetched])
              if n not in state.met and n not in weakened]
    # A gesture on a condition the customer pays for ("a router tonight, as long as you take out a
    # 24-month data subscription"): a sale, not what they asked for; they say so, and the need stays
    # open (play-through 67: 9 of 10 accepted, and the card listed the need as agreed).
    if any(cue.kind == "costly_condition" for cue in score.cues) and "costly" in scenario.lines:
        priced = _needs_served(scenario, [o for o in score.offers if scenario.offer(o).counts_as_flexibility])
        if priced and not [n for n in served if n not in priced]:
            return Reaction(one_ask(_say(state, rng, scenario, "costly")), state.mood, "costly")
        served = [n for n in served if n not in priced]
    if not served and _yes_relayed(score, own):
        # "My manager said yes to the laptop", "Planning said yes to moving day": the yes names what
        # it is for in the need's own words, not the offer's (play-through 39: 4 of 4 unheard, "You're
        # not hearing me").
        served = [need.id for need in scenario.needs if need.id not in state.met and need.id not in weakened
                  and need.words and need.words.search(score.text)]
    if own != "low" and not score.over_promise and _ME_ANSWER.match(score.text):
        # "Who fixes that?" answered "Me. Right now.", "I do. Now, while we talk.": the need whose
        # line asked who takes it on is taken on (QA round 45: 3 of 3 left the account open, and the
        # customer raised it again at the goodbye).
        asked_who = [n for n in _who_was_asked(state, scenario) if n not in served and n not in weakened]
        # "Me." alone, then "Thursday, ten.": the named contact floated, its time to follow (QA round
        # 46: 6 of 8 such answers split over two replies left the follow-up open).
        contact = [n for n in _needs_served(scenario, [o.id for o in scenario.offers if o.match(_ME_WITH_A_TIME)])
                   if n not in state.met and n not in served and n not in weakened]
        served += asked_who or contact
    done_to_raised = False
    if (not served and not score.offers and own != "low" and not score.over_promise and not score.unsure
            and _DONE_TO_IT.search(score.text)):
        # "ok, fixed it.", "I just fixed it a minute ago. Try logging in now." right after the customer
        # raised what is still open ("I still can't get into my own account"): the deed is done to
        # that need, when the agent's own deed meets it (an account fixed), not an option (a router)
        # (QA round 53: 5 calls ended abandoned with the login fixed in these words).
        # (Done, however the band check holds the words: it is no promise to pin down.)
        raised = _need_just_raised(state, scenario)
        if raised and raised not in weakened and not any(scenario.offer(o).counts_as_flexibility
                                                         for o in scenario.need(raised).met_by):
            served.append(raised)
            done_to_raised = True
    if credible and _takes_on_what_was_checked(score):
        served += [n for n in checked_before if n not in state.met and n not in served and n not in reopened]
    newly_met: list[str] = []
    # What was floated before is confirmed by this reply unless it names another need's offer only
    # ("Let me see what retention can do" ... "I'm resetting your login now": the phone is still
    # only floated; QA round 20 heard "That's what I called for"; "Would a 4G router help?" then "I
    # could give you my direct number?" is no yes to the router, QA round 26).
    # Put to someone to approve ("I'm asking my manager to approve three months' credit; I'll call
    # you at 10 with the answer"): it waits for the yes, which only the yes, or the offer made
    # outright, gives (QA round 30: 6 of 7 such calls ended resolved before any answer came).
    # (Only what is an option: the agent's own call-back or contact beside the ask is the agent's
    # doing, not put to anyone; QA round 33: "...I'm asking my manager now and I'll call you at 3"
    # had the customer wait for a yes on the named person.)
    put_to_approve = not score.over_promise and own != "low" and bool(_FOR_APPROVAL.search(score.text))
    options = [offer.id for offer in scenario.offers if offer.counts_as_flexibility and (
        offer.id in score.offers or (put_to_approve and offer.match(score.text)))]
    # "I'm asking my manager whether I can reserve the laptop promotion in writing": the offer named,
    # not made, waits for the yes all the same (QA round 33: the yes met nothing).
    for_approval = ([n for n in _needs_served(scenario, options) if n not in state.met and n not in weakened]
                    if put_to_approve else [])
    if for_approval:
        served = [n for n in served if n not in for_approval]
        state.awaiting += [n for n in for_approval if n not in state.awaiting]
        state.pending += [n for n in for_approval if n not in state.pending]
    # An offer asked ("Shall I send you a 4G router tonight?") floats it, however sure the reading:
    # the customer's yes, and the agent's doing it, meet the need (QA round 31: 3 of 3 such
    # questions counted as done once the model read them high).
    # Sent elsewhere to fetch it ("the business desk can arrange a backup SIM; give them a call"):
    # nothing of the agent's is floated, and nothing is thanked for (QA round 31: 15 of 17 such
    # replies got "Good. Send me the confirmation with your name on it").
    sent_elsewhere = own == "low" and any(cue.kind == "deflection" for cue in score.cues)
    named = list(served)
    offered_in_question = [n for n in served if _asked_only(scenario, score, n)]
    served = [n for n in served if n not in offered_in_question]
    approved = bool(_APPROVED.search(score.text))
    if state.awaiting and not approved and not for_approval and default_rubric().decider_no.search(score.text):
        # "She said no, sorry.": what waited for the yes is open again, not floated.
        state.pending = [n for n in state.pending if n not in state.awaiting]
        state.awaiting = []
    # (What awaits a yes is not confirmed by any owning reply, as a floated offer is.)
    waiting = [n for n in state.pending if n in state.awaiting and not approved and n not in served]
    # (Also a deed said of a pending need in its own words beside another step: "Done, it's credited.
    # I'm also giving you my direct number" confirms the credit floated; QA round 44: 2 of 4 such
    # calls ended abandoned over "Is that decided now, or still a maybe?".)
    confirms = (not named or bool(set(named) & set(state.pending))
                or (_carries_out(score) and any(_about(scenario, scenario.need(n), score.text) for n in state.pending))
                # "I'm sending it now. And I'm the one chasing the data division": the one thing
                # floated, done as "it", beside a step for another need (QA round 45: the router
                # stayed "floated" and the call ended abandoned).
                or (len(state.pending) == 1 and not state.awaiting and _carries_out(score)
                    and bool(_DEED_ON_IT.match(score.text)))
                # "Yes, by email today with the order date. And for the weeks without line, a 4G
                # router": the customer's "Can you email me that today?" about what was floated,
                # answered yes with a time, beside an offer for another need (play-through 56: "You
                # floated it. Is it happening?" after it, 4 of 4).
                or (bool(_YES_OPENS.match(score.text)) and not state.awaiting
                    and bool(TIME_IN_WORDS.search(_sentences(score.text)[0]))))
    if credible or _granted(score, served) or done_to_raised:
        newly_met = served + ([n for n in state.pending if n not in served and n not in waiting] if confirms else [])
        state.pending = waiting if confirms else [n for n in state.pending if n not in served]
    elif (score.over_promise and served and own == "high" and _carries_out(score)
          and not _relays_a_no(scenario, score)):
        # "I'll give you the TV package free for a year, and I'm putting the move and the TV upgrade in
        # one order now": what lies within the agent's authority, done, meets its need; the
        # over-promise beside it is judged on its own (QA round 44: 4 of 4 asked "is it happening?").
        newly_met = list(served)
        state.pending = [n for n in state.pending if n not in served]
    else:
        if (state.pending and own != "low" and not score.over_promise and confirms
                and (_carries_out(score) or _AFFIRMS.match(score.text)
                     # "8 pm.": the customer's "when?" about what was floated, answered (QA round 27).
                     or a_time_alone(score.cues)
                     # "Tomorrow. Yes.", "Delivery tomorrow, and yes, email confirmation today": the
                     # customer's "when?" and "will you confirm it?" answered at once (QA rounds 48
                     # and 49: "was it just a suggestion?" after it, 3 of 3).
                     or (bool(_YES_WORD.search(score.text)) and bool(TIME_IN_WORDS.search(score.text)))
                     # "It'll be with you Thursday, 8 to 12.", "The technician will be there.": what was
                     # floated, said to be on its way (QA round 41: 4 calls ended abandoned over it).
                     or any(cue.kind == "confirms" for cue in score.cues))):
            # "3 months free, want it?" ... "cool done.": what was floated is done, in words too
            # plain to score high ("ok sending it today"); the customer hears it done (QA round 8:
            # "So far, nothing" after every item was given). (Not an over-promise: "And we'll pay
            # you for the assignment you lost, of course" is no yes to the credit floated before
            # it; QA round 18: "I think that covers it".)
            newly_met, state.pending = [n for n in state.pending if n not in waiting], waiting
        # (Not what the customer is sent elsewhere to fetch: "the business desk can arrange a backup
        # SIM; give them a call" floats nothing of the agent's; QA round 30: 8 cards said "You
        # floated a way to meet ... but never said you would do it".)
        if not sent_elsewhere:
            state.pending += [n for n in served if n not in state.pending and n not in newly_met]
    if approved and own != "low" and not score.over_promise:
        # "Good news: my manager approved it": what waited for the yes is met, whatever else the
        # reply names (QA round 31: the approved iPhone stayed open in 2 of 2 calls).
        newly_met += [n for n in state.pending if n in state.awaiting and n not in newly_met]
        state.pending = [n for n in state.pending if n not in newly_met]
    state.pending += [n for n in offered_in_question if n not in state.pending and n not in state.met and n not in newly_met]
    state.floated.update({n: score.text for n in state.pending if n not in pending_before})
    state.awaiting = [n for n in state.awaiting if n not in newly_met]
    newly_met += [n for n in put_right if n not in newly_met]
    state.met += [n for n in newly_met if n not in state.met]
    state.reopened = [n for n in state.reopened if n not in state.met]
    for need_id in newly_met:
        if need_id in put_right and need_id in state.promised:  # (its first terms stand)
            continue
        floated = state.floated.pop(need_id, None)
        if floated and need_id not in named and floated != score.text:
            # Floated before, confirmed in words that do not name it ("Shall I waive the fee?" ... "Great,
            # then that's all done"): the card's "Agreed" quotes both (play-through 64: the confirmation alone).
            said = f"{floated} … {score.text.strip()}"
            promise = promise_of(scenario, scenario.need(need_id), said, owned=own == "high")
            state.promised[need_id] = dataclasses.replace(promise, said=said)
        else:
            state.promised[need_id] = promise_of(scenario, scenario.need(need_id), score.text, owned=own == "high")
    topped = _amount_topped(state, scenario, score.text)
    bettered_needs: list[str] = []
    for need_id in dict.fromkeys(_needs_served(scenario, score.offers) + topped):
        if need_id not in state.promised or need_id in newly_met or need_id in weakened:
            continue
        before, more = state.promised[need_id], promise_of(scenario, scenario.need(need_id), score.text, owned=True)
        if need_id in topped and not more.sizes():  # the amount said with no need named: "make it 40 euros"
            named_sizes = sizes_named(score.text)
            more = dataclasses.replace(more, euros=max(named_sizes["euros"], default=None),
                                       percent=max(named_sizes["percent"], default=None),
                                       months=max(named_sizes["months"], default=None))
        # "Actually, let me do better: make it 40 euros", done or offered (stop 63: the card's "Agreed"
        # quoted the first terms alone).
        bettered = ((credible or flex == "high" or need_id in topped) and not score.over_promise
                    and _bettered(before, more))
        if credible or bettered:
            # More given for a need already met ("and the on-call technician tomorrow morning" after
            # the router tonight): what a recap may say of it grows with it.
            state.promised[need_id] = before.widened(more)
        if bettered:
            bettered_needs.append(need_id)
        if bettered and before.said and score.text.strip() not in before.said:
            # The card's "Agreed" quotes the better terms beside the first ones.
            state.promised[need_id] = dataclasses.replace(state.promised[need_id],
                                                          said=f"{before.said} … {score.text.strip()}")

    if ([n for n in newly_met if n not in put_right] or bettered_needs) and not weakened:
        tally.met_a_need(score)  # (the card's best reply: one that met a need first)
        state.tally = tally.as_dict()

    # Mood and patience.
    progress = bool(newly_met) or credible or flex == "high"
    if score.over_promise:
        steps = 0
    elif newly_met:
        steps = 2
    elif own == "high" or flex == "high":
        steps = 1
    elif own == "low" or flex == "low":
        steps = -1
    else:
        steps = 0
    if weakened and not newly_met:
        steps = -1  # a promise made smaller calms nobody, however well the rest of it scores
    _shift_mood(state, steps)
    if own == "high" or flex == "high":
        state.patience = min(state.patience + GOOD_GAIN, START_PATIENCE)
        state.stalls = 0
    else:
        if own == "low" or flex == "low":
            state.patience -= LOW_COST
        elif score.move == "greet" and not score.cues:
            pass  # "Good afternoon, Jan speaking.": the call has only begun
        else:
            state.patience -= QUESTION_COST if _asks_facts(score) else NEUTRAL_COST
        state.stalls += 1
        if state.patience < 1 and state.stalls == 1 and own != "low" and flex != "low":
            # A neutral reply ("Anything else?") straight after one that made progress: the
            # customer who just said "That's the first real step today" does not walk out on it
            # (QA round 8: churned, with a high/high scorecard); one more reply decides.
            state.patience = 1
        if _only_holds(score) and state.patience < 1:
            # "one moment, I'm checking": a customer put on hold waits, even at the end of their
            # patience; what the agent says when they come back decides whether they stay. (The
            # hold still costs patience, so holds in a row leave no margin.)
            state.patience = 1

    # "Spell your email for me and I'll correct it while we're on the phone": what was asked for
    # comes first, so the agent is not left without it.
    # (A typo counts: "I correct the email adress, please tell me the correct one", QA round 11.)
    asks_who = _requests_something(score.text) and bool(_ASKS_WHO.search(_typos_mended(scenario, score.text).lower()))
    asks_to_stay = asks_whether_they_stay(scenario, score.text)
    if closing and (not _closes(score) or asks_to_stay or (_takes_back(score) and not _restates_agreed(state, score))):
        # Every need was met, but the agent carries on rather than closing (QA rounds 8 and 9: a
        # hold, a question, one more offer, even taking the router back, after "is that
        # everything?" ended the call as resolved): the customer waits, answers, takes it or
        # objects, and the close is still the agent's to make.
        if _takes_back(score):
            # "Actually, routers aren't allowed for moves": what was given is taken back, or more
            # is promised than may be: answered as any such reply is, and the call goes on.
            kind, line = _choose_line(state, rng, scenario, score, newly_met, served)
            return Reaction(one_ask(line), state.mood, kind)
        state.mood = SATISFIED
        if _only_holds(score):
            return Reaction(one_ask(_say(state, rng, scenario, "on_hold")), SATISFIED, "on_hold")
        if asks_to_stay:
            # "We're not quite done - will you be staying with us?": yes, and the close is still the
            # agent's (play-through 60: the customer said goodbye and the call ended resolved).
            return Reaction(_say(state, rng, scenario, "stay_yes"), SATISFIED, "stay_yes")
        # One more offer is an option or gesture that meets no need (a credit on top), or any offer
        # put as a question ("Would you consider staying if I add a retention discount?"); what was
        # given, or the agent's contact ("you have my direct number"), confirms the call and closes it.
        extra = [offer for offer in score.offers
                 if (not _needs_served(scenario, [offer]) or _is_question(score.text))
                 and scenario.offer(offer).counts_as_flexibility]
        if extra and band(score.ownership) != "low":
            accept = _accept_line(state, rng, scenario.offer(extra[0]).accept, score.text)
            wrap = _say(state, rng, scenario, "anything_else")
            return Reaction(_after(_reaction(accept), wrap) if accept else wrap, SATISFIED, "anything_else")
        if _ANYTHING_ELSE_FOR_THEM.search(score.text):
            if state.said_all and not asks_who:
                # Asked again once they said that's all: the customer takes it as the close (QA round 50).
                state.outcome = "resolved"
                return Reaction(_goodbye(state, rng, scenario, "resolved"), SATISFIED, "resolved", "resolved")
            # "Anything else you need from me?" once every need is met: no, that's all (QA round 45:
            # 3 of 5 got the request recited again, as if it were still open).
            state.said_all = True
            return Reaction(one_ask(_say(state, rng, scenario, "said_all")), SATISFIED, "said_all")
        if _is_question(score.text) or _SMALL_TALK.search(score.text):
            # A question the case file answers gets its answer; any other ("Sorry, could you repeat
            # that?"), or small talk, gets the customer's question again: is that everything?
            kind, line = _choose_line(state, rng, scenario, score, newly_met, served)
            if kind in _ANSWERS_A_QUESTION:
                return Reaction(one_ask(line), SATISFIED, kind)
            wrap_kind = "said_all" if state.said_all else "anything_else"
            return Reaction(one_ask(_say(state, rng, scenario, wrap_kind)), SATISFIED, wrap_kind)
    if closing:
        state.mood = SATISFIED
        if state.said_all and not says_goodbye(score.text, _GOODBYE):
            # Once the customer said that's all, a reply that still betters the terms ("No wait, make it
            # 30 euro, not 20"), says a time ("Sorry, not Saturday morning: Monday at ten") or could not
            # be read ("erm") is answered, and the close stays the agent's (play-through 64: 14 of 60
            # resolved calls ended on such a reply; one broken off is waited for, below).
            if bettered_needs:
                need = scenario.need(bettered_needs[0])
                better = next((o for o in score.offers if need.id in _needs_served(scenario, [o])), need.met_by[0])
                thanks = _reaction(_accept_line(state, rng, scenario.offer(better).accept, score.text) or "")
                wrap = _say(state, rng, scenario, "said_all")
                if thanks and not all(_is_ack(sentence) for sentence in _sentences(thanks)):
                    wrap = _after(thanks, wrap)
                return Reaction(wrap, SATISFIED, "said_all")
            if state.times_said != times_before or (score.unsure and not _takes_leave(score)):
                return Reaction(_say(state, rng, scenario, "said_all"), SATISFIED, "said_all")
        given = _fact_answer(state, rng, scenario, score.text) if asks_who else None
        carries_on = not state.said_all or "hold" in {cue.kind for cue in score.cues}
        # "Is there anything else I can do for you?" answers the customer's "is that everything?"
        # with a question: they say that's all and the goodbye stays the agent's (QA round 50: the
        # call ended on 4 such questions and not on 3 others, so the trainee's goodbye after it got
        # the case list). Asked again once they said so, it is the close.
        # (Only as the reply's last words: "Is that everything? Then thank you for your patience, and
        # good luck with the new business." answers itself and is the close, QA round 51 replayed.)
        asks_anything_else = (bool(_ANYTHING_ELSE_FOR_THEM.search((_sentences(score.text) or [""])[-1]))
                              and not says_goodbye(score.text, _GOODBYE))
        if _BREAKS_OFF.search(score.text) and not _takes_leave(score):
            # "oh and", "So just to": the customer waits for the rest, before or after saying that's all
            # (play-throughs 64 and 65: the call ended, or it was answered as said).
            return Reaction(one_ask(_say(state, rng, scenario, "on_hold")), SATISFIED, "on_hold")
        if carries_on and (not _closes(score) or asks_anything_else):
            # The agent carries on after "is that everything?" (a summary, a direct number, a time
            # for the check-back call): the customer has nothing more and leaves the close to the
            # agent (QA round 16: 8 of 9 resolved calls ended on the trainee's summary, and the
            # goodbye they had ready was never said). Once that is said, a hold is still waited
            # through (QA round 19: "One moment, I'm trying the on-call technician" ended the
            # call); any other reply ends the call.
            state.said_all = True
            said = _say(state, rng, scenario, "said_all")
            return Reaction(f"{given} {said}" if given else said, SATISFIED, "said_all")
        # The agent's close after everything was met: the in-character goodbye.
        state.outcome = "resolved"
        goodbye = _goodbye(state, rng, scenario, "resolved")
        return Reaction(f"{given} {goodbye}" if given else goodbye, SATISFIED, "resolved", "resolved")
    if not _open_needs(state, scenario):
        if says_goodbye(score.text, _GOODBYE) and _closes(score) and not _is_question(score.text):
            # The last need met and the goodbye in one reply ("So: one order, technician on the
            # 14th, fee waived. Have a great move, goodbye!"): the call ends resolved, not "Do you
            # need anything else from me?" (QA round 18: 3 of 5 such goodbyes were ignored).
            state.mood = SATISFIED
            state.outcome = "resolved"
            return Reaction(_goodbye(state, rng, scenario, "resolved"), SATISFIED, "resolved", "resolved")
        # Every need met: accept what was just offered and ask whether that is everything, so the
        # trainee closes the call (a dated call-back, a direct number, a goodbye) rather than the
        # customer hanging up on them. What the accept line asks ("Can you send a test email
        # now?") would be crowded out by the question, so only its reaction is said.
        offer_id = _meeting_offer(scenario, score, newly_met)
        accept = _accept_line(state, rng, scenario.offer(offer_id).accept, score.text) if offer_id else None
        if score.over_promise:
            # The last need met beside a promise beyond authority ("Me: Tim, direct line ..., I'll
            # call you Friday at 10. And we'll also cover the value of the assignment you lost"):
            # the customer doubts the promise, not "That sounds fair. Is that everything?" (QA
            # round 55: the call ended resolved on it, the customer expecting the damages).
            # (Not satisfied yet: the mood stays where it was.)
            doubt = _say(state, rng, scenario, "over_promise", said=score.text)
            return Reaction(one_ask(_after(_reaction(accept), doubt) if accept else doubt), state.mood, "over_promise")
        state.mood = SATISFIED
        wrap = _say(state, rng, scenario, "anything_else")
        given = _fact_answer(state, rng, scenario, score.text) if asks_who else None
        said = _after(_reaction(accept or ""), wrap) if accept else wrap
        if _is_choice(score.text):
            # "The technician comes on the 14th. Morning or afternoon?": picked before "is that
            # everything?" (play-through 57: the choice went unanswered, 2 calls).
            said = _after(_say(state, rng, scenario, "picked"), said)
        return Reaction(f"{given} {said}" if given else said, SATISFIED, "anything_else")
    last_chance = state.patience <= 0 and not state.test_used
    if last_chance:
        # Never without a warning (QA round 13: 9 calls ended on a polite question or a reply that
        # owned the problem): the customer's threat, once, and one more reply to turn it round.
        state.patience = 1
    if state.patience <= 0:
        state.outcome = "churned"
        state.mood = "furious"
        return Reaction(one_ask(_goodbye(state, rng, scenario, "churned")), "furious", "churned", "churned")

    # (Not a goodbye whose recap cuts or misstates what was met, "So to recap: ... the technician comes
    # on the 16th. Goodbye!": the customer objects to the words, as to any such cut; play-through 57.)
    if _takes_leave(score) and not score.offers and _open_needs(state, scenario) and not weakened:
        # A goodbye while what they called about is still open: the customer brings it back once;
        # at the second, they give up and hang up (QA round 8: three goodbyes in a row and the call
        # went on, answered "Thank you, that helps"). The customer leaves, as when their patience
        # runs out: free text never ends the call as the trainee's own end (issue 14), and an
        # agent who says goodbye twice with nothing done, or to an angry customer, has lost them.
        state.goodbyes += 1
        # A goodbye that is itself the no ("Sorry, that's the procedure. Goodbye.") ends the call
        # at once (QA round 21: the trainee had to say goodbye twice after a flat no); a goodbye low
        # only for closing with nothing done is brought back once, as any first goodbye is.
        # ("I can't do that, those are the rules. Anything else?" is answered as the refusal: the
        # agent asked, and did not leave.)
        said_no = says_goodbye(score.text, _GOODBYE) and (
            flex == "low" or (own == "low" and (bool({cue.kind for cue in score.cues} & REFUSING_KINDS)
                                                or score.move in NEGATIVE_MOVES)))
        if said_no or (state.goodbyes > 1 and not (state.met or state.pending)) or (
                state.goodbyes > 1 and state.mood in ("furious", "angry")):
            state.outcome = "churned"
            state.mood = "furious"
            return Reaction(one_ask(_goodbye(state, rng, scenario, "churned")), "furious", "churned", "churned")
        if state.goodbyes > 1:
            # Hung up on with something given or agreed and the customer no longer angry: the call
            # is left open, the customer not lost (QA round 26: "Fifteen years, gone" after a
            # discount the customer had taken, a credit and the email fixed).
            state.outcome = "abandoned"
            return Reaction(one_ask(_goodbye(state, rng, scenario, "abandoned")), state.mood, "goodbye", "abandoned")
    kind, line = _choose_line(state, rng, scenario, score, newly_met,
                              [] if sent_elsewhere else served + offered_in_question, for_approval)
    if for_approval and not newly_met and kind not in _OBJECTS:
        # The answer is not in yet: the customer waits for it ("Fine, ask. But I want a yes or a
        # no."), neither "thank you" nor "is it done?" (QA round 33: 8 of 10 heard as floated or done).
        awaiting = _pick(state, rng, scenario.lines["awaiting"])
        if awaiting:
            kind, line = "awaiting", one_ask(awaiting.replace("{need}", scenario.need(for_approval[0]).description))
    if reopened and not newly_met:
        # Taken back in words too mild to be heard as a no ("Sorry, I meant the Saturday after,
        # moving day is full"): the customer says what is open again, not "Thank you. That helps."
        # Heard as a no, the objection is about what was taken back, not another need's words
        # (QA round 28: the router withdrawn, answered "You're saying no to a laptop...").
        kind = "weakened" if reopened[0] in weakened else kind if kind in _OBJECTS else "still_open"
        line = one_ask(_reopened_line(state, rng, scenario, reopened[0], weakened) or line)
    # (An answer stays on its topic, as in _maybe_extra: the warning waits for the next reply, which
    # still finds patience at its end; but not for ever, or a trainee who only asks questions would
    # never be warned nor lose the customer.)
    if last_chance and (kind not in _ANSWERS_A_QUESTION or state.stalls >= WARNING_WAITS_UNTIL):
        warning = _pick(state, rng, scenario.lines["test"])
        state.test_used = True
        if warning:
            return Reaction(_after(_reaction(line), warning), state.mood, kind)
    if asks_who and kind != "fact":
        # "OK I'm fixing the email now, can you give me the address?": the deed is answered and
        # the detail given, so the agent is not left without it (QA round 12: 3 of 3 unanswered).
        given = _fact_answer(state, rng, scenario, score.text)
        if given:
            line = f"{given} {line}"
    provoked = own == "low" or flex == "low"
    extra_kind, extra = _maybe_extra(state, rng, scenario, progress, provoked, kind, line)
    if extra_kind == "test":
        line = _after(_reaction(line), extra)  # the threat is what the customer waits on now
    elif extra:
        line = _after(line, extra)
    else:
        line = one_ask(line)
    return Reaction(line, state.mood, kind)


def _meeting_offer(scenario: Scenario, score: ReplyScore, newly_met: Sequence[str]) -> str | None:
    """The offer in this reply that met one of the needs just met."""
    return next((o for o in score.offers if set(_needs_served(scenario, [o])) & set(newly_met)), None)


def _still_open(state: CustomerState, rng: random.Random, scenario: Scenario, need_id: str,
                asked: Sequence[str] = ()) -> str | None:
    """What the customer says about a need still open: for one just put to someone to approve
    (`asked`), an `awaiting` line; for one the agent only floated an option for, a `pending` line
    asking whether it is happening (QA round 11: "That still leaves weeks with no internet" after
    the router was offered and taken); else the need's own words when the case file gives them
    (they do not name the answer), else a `partial` line naming its description."""
    need = scenario.need(need_id)
    if need_id in asked:
        awaiting = _pick(state, rng, scenario.lines["awaiting"])
        if awaiting:
            return awaiting.replace("{need}", need.description)
    if need_id in state.pending:
        pending = _pick(state, rng, scenario.lines["pending"])
        if pending:
            return pending.replace("{need}", need.description)
    own = _pick(state, rng, need.still_open)
    if own:
        return own
    partial = _pick(state, rng, scenario.lines["partial"])
    return partial.replace("{need}", need.description) if partial else None


def _still_there(state: CustomerState, rng: random.Random, scenario: Scenario) -> str:
    """"Hello? Are you still there?": a `line_check` line, then what is still open, if anything."""
    here = _pick(state, rng, scenario.lines["line_check"]) or ""
    brought_back = _need_brought_back(state, rng, scenario)
    return f"{here} {brought_back}".strip() if brought_back else here


def _the_story(state: CustomerState, rng: random.Random, scenario: Scenario) -> str | None:
    """Asked what the problem is: early in the call, the story told again (a fresh opening line,
    without its hello); once something was offered, what is still open."""
    told = None if state.met or state.pending else _pick(state, rng, scenario.lines["opening"])
    told = _GREETING_FIRST.sub("", told) if told else None
    return one_ask(told) if told else _need_brought_back(state, rng, scenario)


def _need_brought_back(state: CustomerState, rng: random.Random, scenario: Scenario) -> str | None:
    """The first open need raised again in the customer's words (one ask), or None: one taken back or
    cut first, as what the customer has in mind."""
    open_needs = _open_needs(state, scenario)
    open_needs = [n for n in open_needs if n in state.reopened] + [n for n in open_needs if n not in state.reopened]
    line = _still_open(state, rng, scenario, open_needs[0]) if open_needs else None
    return one_ask(line) if line else None


def _names_a_number(text: str) -> bool:
    """A date, a time, an amount or a reference: "the 14th, between 8 and 12", "Ref 4471"."""
    return any(ch.isdigit() for ch in text)


def _asks_facts(score: ReplyScore) -> bool:
    """A question about the facts, whatever move the model saw: a question with no cue that
    commits, offers, refuses or passes the problem on (empathy and fairness may come with it)."""
    kinds = {cue.kind for cue in score.cues if cue.ownership or cue.flexibility}
    is_question = score.move == "ask_details" or score.text.rstrip().endswith("?") or bool(_ASKS_FOR.search(score.text))
    return is_question and not score.offers and not score.over_promise and kinds <= {"empathy", "reasonable"}


# A question that asks the customer to choose: "Morning or afternoon?", "Does Wednesday or Thursday
# suit you better?" (not "...or not?", "a day or two?").
_CHOICE_WORDS = re.compile(r"\b(which|rather|prefer|better|suits?|choose|either|(would|do) (you|u) (like|want)|shall (i|we)|"
                           r"should (i|we|it))\b", re.I)
_OR = re.compile(r"\w,? \bor\b (?!not\b|something\b|anything\b|so\b|no\b|what\b|two\b|more\b|less\b)\w", re.I)


def _is_choice(text: str) -> bool:
    """The reply asks the customer to choose between options, in its last question."""
    questions = [s for s in _sentences(text) if _is_question(s)]
    if not questions:
        return False
    last = questions[-1]
    sentences = _sentences(text)
    if not _OR.search(last) and _WHICH_OF_THEM.search(last) and last in sentences and sentences.index(last) > 0:
        # "... in the morning or in the afternoon on the 14th? Which do you prefer?", "For the
        # technician: the 14th, or the 13th. Which do you prefer?": the options in the sentence
        # before (play-through 57: 3 calls got no pick).
        return bool(_OR.search(sentences[sentences.index(last) - 1]))
    return bool(_OR.search(last)) and (bool(_CHOICE_WORDS.search(last)) or len(last.split()) <= 7)


def _named_at(scenario: Scenario, offer_id: str, text: str) -> int:
    """Where the reply names the case's offer (its length when it does not)."""
    phrase = scenario.offer(offer_id).match(text)
    at = text.lower().find(phrase.lower()) if phrase else -1
    return at if at >= 0 else len(text)


# A choice put as what the customer would like, not what is so: "morning or afternoon, which do you
# prefer?", "router or credit, what suits you?".
_PREFERENCE = re.compile(r"\b(prefer|preference|rather|suits?|want|like|fancy|works? (best|better)|would you|shall i|"
                         r"should i|do you need|happy with|pick|choose)\b", re.I)


# A pick that says which: "The first one.", "The first." (not "Whichever is sooner").
_FIRST_ONE = re.compile(r"\W*the first\b", re.I)


# An acknowledgement that agrees ("Yes.", "Sure.", "Of course."), not one that only listens ("Hmm.").
_AGREES = re.compile(r"\W*(?:yes|yeah|yep|sure|of course|certainly|fine|absolutely|will do)\b", re.I)


# The customer's request summed up and put back as a question.
_RECAP = re.compile(r"^\W*(?:(?:ok(?:ay)?|right|alright|so|just|and)[,.]? )*(?:to recap|to sum up|to summari[sz]e|"
                    rf"let me (?:recap|sum up|summari[sz]e)|(?:so )?(?:you|u)(?:'d| would)? (?:want|like|need)|{CHECKS_UNDERSTANDING})\b",
                    re.I)
# "What time suits you best for the courier?": a choice with the options left to the customer.
_OPEN_PREFERENCE = re.compile(r"\b(?:what|which) (?:time|day|date|slot|moment|address)\b[^.?!]{0,30}\b(?:suits?|works?|"
                              r"would you like|do you prefer|would you prefer|is best|is good)\b|"
                              r"\bwhen (?:suits|works|would suit|would work|is good|is best)(?: best)?(?: for)? you\b", re.I)


# What takes on, as a whole, what the reply before checked back: "both", "all of that", "everything";
# with no offer named, "it" or "that" too ("I'm sorting that for you right now").
_ALL_OF_IT = r"both|all (?:of )?(?:it|that|this|those|them|three|two)|them all|everything|the lot|each of them"
_BOTH = re.compile(rf"\b(?:{_ALL_OF_IT})\b", re.I)
_THEM_ALL = re.compile(rf"\b(?:{_ALL_OF_IT}|those|them|that|it)\b", re.I)


def _suits_them(state: CustomerState, rng: random.Random, scenario: Scenario) -> tuple[str, str]:
    """"Does that work for you?" with nothing in the reply to say yes to: go ahead with what was floated
    and waits for the agent's word; with nothing floated, what is still open, else a plain yes (play-
    through 61: "Yes, go ahead" 13 of 13 times, after stonewalling and with every need met too)."""
    if state.pending:
        return "go_ahead", one_ask(_say(state, rng, scenario, "go_ahead"))
    brought_back = _need_brought_back(state, rng, scenario)
    if brought_back and state.met:
        # What was given suits them, and what is still open comes with it (q61-039: "Yes. Email me the
        # details." with the main request still refused).
        return "go_ahead", _after(_reaction(_say(state, rng, scenario, "go_ahead")), brought_back)
    if brought_back:
        return "still_open", brought_back
    return "ack", one_ask(_say(state, rng, scenario, "calm"))


def _checked_back_needs(state: CustomerState, scenario: Scenario, score: ReplyScore) -> list[str]:
    """The open needs a reply that checks the customer's story or request back names, when it
    offers nothing itself ("So you want the move and the TV upgrade together, is that right?")."""
    if score.offers or not _is_recap(score.text):
        return []
    return [need.id for need in scenario.needs if need.id not in state.met and _about(scenario, need, score.text)]


def _takes_on_what_was_checked(score: ReplyScore) -> bool:
    """The reply does what was just checked back: "I'm fixing both now", "I'll do both today: ...",
    or, naming no offer of its own, "I'm sorting that for you right now" (not a call-back about it,
    "I'll call you back at 5 about it")."""
    doing = [cue for cue in score.cues if cue.ownership > 0 and cue.kind in {"commitment", "done"}
             and not _GETS_BACK.search(cue.phrase)]
    # ("I'm doing both right now, you'll have it in writing by 5": "both" takes on all of it, whatever
    # else the reply names; play-through 38: 2 of 2 met only the need named.)
    return bool(doing) and (bool(_BOTH.search(score.text)) or (not score.offers and bool(_THEM_ALL.search(score.text))))


_GETS_BACK = re.compile(r"\b(?:call|calling|ring|ringing|phone|get back|come back|contact|e-?mail|text|update|let you know|"
                        r"write)\b", re.I)


def _is_recap(text: str) -> bool:
    # (Or the customer's story checked back as a whole: "...and nobody here has asked why you're
    # leaving. Is that it?", "Correct me if I'm wrong: you'd sign for 24 months...?", QA round 36.)
    return text.rstrip().endswith("?") and (bool(_RECAP.search(text)) or checked_summary(text))


def _open_preference(state: CustomerState, rng: random.Random, scenario: Scenario, text: str) -> tuple[str, str]:
    """"When would suit you for a call back?", "What time suits you best for the courier?": no
    options were listed, so the case's fact answers (a time that suits them) where it has one;
    else they pick in words that name nothing (QA rounds 10 and 11: "The first one." to a
    question that listed none)."""
    answer = _fact_answer(state, rng, scenario, text)
    if answer:
        return "fact", answer
    return "picked", one_ask(_say(state, rng, scenario, "picked"))


# "Which option do you prefer?" after the options were floated or given in a reply before (QA round
# 36: 2 of 4 such questions went unanswered; replayed, one got "Couldn't tell you").
_WHICH_OF_THEM = re.compile(r"(?:\bwhich\b|\bwhat option\b)[^.?!]{0,40}\b(?:prefer|rather|like|want|suits?|choose|pick|"
                            r"go for|works? (?:best|better))\b[^.?!]*\?\s*$", re.I)


def _choice_line(state: CustomerState, rng: random.Random, scenario: Scenario, score: ReplyScore,
                 kinds: set[str], served: list[str]) -> tuple[str, str] | None:
    """The customer's choice when the reply asks them to choose ("Morning or afternoon, which do
    you prefer?", "Router or credit, which one would you like?"), else None. An offer of the case
    in the words is taken with its accept line (`served`, by the caller's own branch); what was
    floated before is taken the same way (pending until the agent commits); with nothing floated,
    they pick in words that name nothing (a `picked` line)."""
    if served or score.over_promise or kinds & REFUSING_KINDS:
        return None
    if not _is_choice(score.text) and not ((state.pending or state.met) and _WHICH_OF_THEM.search(score.text)):
        if _OPEN_PREFERENCE.search(score.text):
            return _open_preference(state, rng, scenario, score.text)
        return None
    floated = next((o for o in scenario.offers if state.pending
                    and state.pending[0] in _needs_served(scenario, [o.id])), None)
    taken = _accept_line(state, rng, floated.accept, score.text) if floated else None
    if taken:
        return "choice", one_ask(taken)
    return "picked", one_ask(_say(state, rng, scenario, "picked"))


# What answers a question the agent asks after every need was met, without ending the call.
_ANSWERS_A_QUESTION = frozenset({"fact", "choice", "picked", "go_ahead", "confirmed", "recap"})


def _withdrawn(state: CustomerState, scenario: Scenario, score: ReplyScore) -> list[str]:
    """The needs met earlier that this reply takes back: its words match the need's `withdrawn_by`,
    it is no question ("Can you not do moving day?"), and it does not meet the need again beside
    ("I can't do the free iPhone after all, but 50 % off I can"); or, naming no need ("Scratch that,
    I can't do that after all"), the need met last."""
    if _is_question(score.text):
        return []
    reopened = []
    for need in scenario.needs:
        if need.id not in state.met:
            continue
        spans = [found.span() for found in (pattern.search(score.text) for pattern in need.withdrawn_by) if found]
        if spans and not (band(score.flexibility) != "low" and _offered_again(scenario, score, need, spans)):
            reopened.append(need.id)
    if (not reopened and state.met and band(score.flexibility) == "low" and _TAKEN_BACK_UNNAMED.search(score.text)
            and not _names_an_extra(scenario, score.text)):
        # "Scratch that, I can't do that after all" names no need: it takes back the one met last
        # (QA round 44: 4 of 4 such take-backs left the need met, and 3 calls ended resolved).
        # (Not "Sorry, forget the credit, I can't do that after all": the gesture it names met no
        # need, and the need met last stays met; QA round 47: 4 of 5 reopened it.)
        reopened.append(state.met[-1])
    return reopened


def _names_an_extra(scenario: Scenario, text: str) -> bool:
    """The reply names a gesture of the case that meets no need ("the credit", "the fee waiver",
    "the backup SIM"): an offer matched, or its description's first words."""
    for offer in scenario.offers:
        if _needs_served(scenario, [offer.id]):
            continue
        if offer.match(text) or _EXTRA_NAMED.search(text) and any(
                word in text.lower() for word in _key_words(offer.description)):
            return True
    return False


# "Forget the credit", "scratch the fee thing", "the backup SIM, I can't do that".
_EXTRA_NAMED = re.compile(r"\b(?:forget|scratch|about|drop|cancel) (?:the|that|my|your)\b|\bthe [\w-]+(?: [\w-]+)?,", re.I)


def _key_words(description: str) -> list[str]:
    """The nouns a gesture is named by: "a goodwill credit of up to three months" -> credit, goodwill, ..."""
    return [w for w in re.findall(r"[a-z]{4,}", description.lower()) if w not in DESCRIPTION_FILLER]


# A take-back that names only "that" or "it": what was just given.
_TAKEN_BACK_UNNAMED = re.compile(
    r"\b(?:scratch that|forget (?:what i (?:said|offered)|that|it)|i take (?:that|it) back|ignore (?:what i said|that)|"
    r"i (?:misspoke|was wrong))\b[^.;!?]{0,40}(?:\b(?:can'?t|cannot|won'?t|not (?:possible|allowed|available|happening))\b|n't\b)|"
    r"\b(?:can'?t|cannot|won'?t be able to) (?:do|give|offer|manage|arrange) (?:that|it|this)\b[^.;!?]{0,15}\b(?:after all|anymore|any more|any longer)\b|"
    r"\b(?:that'?s|it'?s|that is|it is) not (?:possible|allowed|happening|available) (?:after all|anymore|any more)\b", re.I)


# What says a promise vaguer than it was made: a hedge on the thing itself ("the router will
# probably be next week", "marketing decides whether it's honoured", "when she has time").
_WEAKER = re.compile(r"\b(?:see (?:whether|if)|let me see|look into|try (?:to|and)|hopefully|some ?time|at some point|"
                     r"if (?:it'?s |that'?s |it is |that is )?(?:possible|doable)|no promises|(?:can'?t|cannot|can not) promise|"
                     r"might|maybe|perhaps|possibly|probably|may (?:be|have|need|not)|should be able|"
                     r"(?:decide|decides|see|sees|check|checks|will tell us) (?:whether|if)|"
                     r"when (?:she|he|they|someone|somebody) (?:has|have|gets?|finds?) (?:time|a moment|round to it)|"
                     r"later(?! today| tonight| this))\b", re.I)
# What hands a need on: the agent asks someone else to do it or passes it on, or someone else will.
_HANDED_ON = re.compile(r"\bi(?:'ll| will| can| could) (?:ask|get|have|let) (?:it|the [\w-]+(?: [\w-]+)?|someone|somebody|"
                        r"a colleague|my colleague|them)\b[^.;!?]{0,30}?\bto\b|"
                        r"\b(?:pass(?:ed|ing)?|hand(?:ed|ing)?|forward(?:ed|ing)?) (?:it|this|that|them|your \w+)(?: on| over)? to\b|"
                        r"\b(?:someone|somebody|a colleague|the [\w-]+ (?:team|department|division|desk)|they|"
                        r"(?:your|the|an?) (?:account manager|manager|colleague|team leader|supervisor))"
                        r"(?: from [\w -]{1,30}?)? (?:will|'ll|is going to|are going to|has to|have to|must|decides?) "
                        r"(?:call|ring|contact|email|be in touch|get (?:back|in touch)|look|sort|handle|deal|follow|add|decide|whether)",
                        re.I)
# The agent's own step in the same sentence keeps a hand-off beside it carried ("the engineer will
# call you to set a time, and I'll ring you at five to check"); passing it on is no step.
_OWN_STEP = re.compile(r"\b(?:i(?:'ll| will|'m going to| am going to)|i'm|i am|i've|i have)\s+(?:personally\s+|also\s+|then\s+)?"
                       r"(?!(?:afraid|sorry|not|ask|get|have|let|see|try|look|been told|pass\w*|hand\w*|forward\w*|"
                       r"noted|logged|put)\b)\w+", re.I)
# How far off a time is, roughly: the same day, tomorrow, this week (a weekday, a date), next week,
# later still. A promise said again for a later time is a weaker one ("the router will come Monday"
# after "tonight"; "the 21st, not the 14th"); said again for more help ("I'll ring you again
# Monday") it is not.
_WHEN = (
    (0, re.compile(r"\b(?:now|right away|straight away|immediately|while we (?:talk|speak)|today|tonight|"
                   r"this (?:morning|afternoon|evening)|within the hour|same day)\b", re.I)),
    (1, re.compile(r"\btomorrow\b", re.I)),
    (2, re.compile(r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|this week|(?:the |this )?weekend|"
                   r"(?:the )?(\d{1,2})(?:st|nd|rd|th))\b", re.I)),
    (3, re.compile(r"\b(?:next week|in a week|a week from)\b", re.I)),
    (4, re.compile(r"\b(?:next month|in (?:a few|two|three|four|\d+) weeks|weeks from now)\b", re.I)),
)
# What says a time is a delay, not a detail ("the phone ships tomorrow" after "I'm moving you to the
# plan today" is delivery; QA round 31: 3 of 3 read as a promise made smaller).
_DELAYED = re.compile(r"\b(?:only|not until|until|rather than|instead of|not (?:the|on|at|before|tonight|today|tomorrow|this)|"
                      r"can'?t|cannot|won'?t|isn'?t|aren'?t|delay\w*|postpon\w*|push\w* (?:back|to)|moved to|earliest|"
                      r"first (?:slot|available|possible)|after all|any ?more|no longer|update|correction|actually)\b", re.I)
_AGAIN = re.compile(r"\b(?:again|also|too|as well|another|follow[- ]?up|check (?:in|back|on)|to check)\b", re.I)


# A first-person step that ends on a polite tag: "I'll reset it now, ok?", "I'm booking the 14th, if
# that works for you?" (its tag is what makes it a question, not the step).
_TAGGED_STEP = re.compile(r",? (?:ok|okay|alright|all right|right|yes|yeah|fine|is that (?:ok|okay|alright|all right|fine)|"
                          r"if (?:that'?s|that is) (?:ok|okay|alright|all right|fine)(?: with you)?|"
                          r"if that works(?: for you)?|does that work(?: for you)?|sounds? good)\s*\?+\s*$", re.I)
_FIRST_PERSON_STEP = re.compile(r"\W*(?:(?:and|so|ok|okay|right|also|then),? )*(?:i'?ll|i will|i'?m|i am|we'?ll|we will|ill|im)\b", re.I)


def _untagged(sentence: str) -> str:
    """A first-person step said with a polite tag, without it: "I'll reset it now, ok?" -> "I'll reset it now."."""
    return _TAGGED_STEP.sub(".", sentence) if _FIRST_PERSON_STEP.match(sentence) else sentence


def _asked_only(scenario: Scenario, score: ReplyScore, need_id: str) -> bool:
    """The reply's offers for the need are all said in questions ("Shall I send it tonight?")."""
    # (Or named by its noun in a choice: "And the fee or the technician?", play-through 56.)
    said = [phrase for offer_id in score.offers if offer_id in scenario.need(need_id).met_by
            for phrase in [scenario.offer(offer_id).match(score.text) or put_as_a_choice(scenario, score.text, offer_id)]
            if phrase]
    # (A commitment with a polite tag is said, not asked: "I'll move you to the 24-month plan today,
    # ok?", "... if that works for you?"; QA round 47: 8 of 8 left floated, and the calls were lost.)
    sentences = [_untagged(sentence) for sentence in _sentences(score.text)]
    return bool(said) and all(any(phrase in sentence and _is_question(sentence) for sentence in sentences)
                              and not any(phrase in sentence and not _is_question(sentence) for sentence in sentences)
                              for phrase in said)


def _about(scenario: Scenario, need: Need, sentence: str) -> bool:
    """The sentence names the need's subject or an offer that meets it."""
    return bool((need.words and need.words.search(sentence))
                or any(scenario.offer(offer_id).match(sentence) for offer_id in need.met_by))


# A clause that goes on about what the one before it named: "someone will look at *it* next week".
_REFERS_BACK = re.compile(r"\b(?:it|that|this|them|one)\b", re.I)


def _its_clauses(scenario: Scenario, need: Need, text: str) -> list[tuple[str, bool]]:
    """The clauses of `text` said of `need`, each with whether it names it. In a sentence about
    the need: a clause that names it; a short one naming no other need ("one month back, 50 euro,
    is credited"); and one naming no need that goes on from one that does, after a heading ("The
    credit: let me see what my manager says") or referring back ("about the iPhone: I put in a
    request, and someone will look at it next week"). Not another need's ("the laptop is
    reserved, and I'll see whether a router is possible": the router's), nor one that only stands
    beside it ("the router goes out tomorrow, and the courier might ring first")."""
    others = [other for other in scenario.needs if other.id != need.id]
    found = []
    for sentence in _sentences(text):
        if not _about(scenario, need, sentence):
            continue
        clauses = [c.strip(" .!") for c in CLAUSE_BREAK.split(sentence) if c and c.strip(" .!")]
        names = [_about(scenario, need, clause) for clause in clauses]
        heading = False  # the last clause to name a need named this one, and nothing more
        going_on = False  # ... named this one
        for clause, its in zip(clauses, names, strict=True):
            elsewhere = not its and any(_about(scenario, other, clause) for other in others)
            if its:
                found.append((clause, True))
            elif not elsewhere and (len(clause.split()) <= 3 or heading or (going_on and _REFERS_BACK.search(clause))):
                found.append((clause, False))
            if its or elsewhere:
                going_on, heading = its, its and len(clause.split()) <= 4
        if not any(names):  # named only across its clauses ("one month, 50 euro, is credited")
            found.extend((clause, False) for clause in clauses if (clause, False) not in found
                         and not any(_about(scenario, other, clause) for other in others))
    return found


def _when(clause: str) -> tuple[int, int] | None:
    """How far off the latest time the clause names is (_WHEN's rank, and a date's day), or None."""
    found = [(rank, int(match.group(1)) if match.lastindex and match.group(1) else 0)
             for rank, pattern in _WHEN for match in pattern.finditer(clause)]
    return max(found) if found else None


def _later(when: tuple[int, int], than: tuple[int, int]) -> bool:
    return when[0] > than[0] or (when[0] == than[0] == 2 and when[1] > than[1] > 0)


def promise_of(scenario: Scenario, need: Need, text: str, owned: bool) -> Promise:
    """How `text` promised `need`: the largest amount and the latest time said of it, and whether
    the agent committed personally. What the agent can do instead, after a no ("I can't do 50
    percent off the iPhone, it's 30 percent off"), or what it puts right at once ("I'll credit six
    months. Wait, no, three months is the most I can do"), is what was promised, not the amount
    refused or said wrong (QA round 55: the recap "30 percent off" was then heard as a cut from 50;
    play-through 56: "three months' credit" as a cut from six, 2 calls)."""
    instead = put_right_at(text)
    clauses = (_its_clauses(scenario, need, text[instead:]) if instead >= 0 else []) or _its_clauses(scenario, need, text)
    sizes: dict[str, list[float]] = {unit: [] for unit in SIZE_UNITS}
    for clause, _ in clauses:
        for unit, found in sizes_named(clause).items():
            sizes[unit] += found
    times = [when for when in (_when(clause) for clause, names in clauses if names) if when]
    if not times:
        # The time in a short clause of its own beside the need: "I'll send you a 4G router for the
        # gap, free, tomorrow" (QA round 43: "I meant the router next month" then weakened nothing).
        times = [when for when in (_when(clause) for clause, names in clauses if not names) if when]
    largest = {unit: max(found) if found else None for unit, found in sizes.items()}
    return Promise(euros=largest["euros"], owned=owned, by=max(times) if times else None,
                   percent=largest["percent"], months=largest["months"], said=text)


# Said of an offer that replaces or tops one made before ("Actually no, better: a router instead of the
# stick", "make it 40 euros", "on top of that").
_BETTER_OFFER = re.compile(r"\b(?:better|instead|upgrade|upgrading|rather|on top|in addition|extra|make (?:it|that)|"
                           r"bump (?:it|that) up|scratch that|even more)\b", re.I)


def _bettered(before: Promise, more: Promise) -> bool:
    """Whether `more` gives more than `before` promised: a larger amount in any unit, or an offer said
    to replace or top the one before."""
    larger = any(size > before.sizes().get(unit, 0) for unit, size in more.sizes().items())
    return larger or bool(more.said and _BETTER_OFFER.search(more.said))


_TAGGED_CHECK = re.compile(r"(?:^|[,\s])(?:right|correct|ok|okay|yes|yeah|is that (?:right|correct|ok|okay))\s*\?+\s*$", re.I)


def _weakened(state: CustomerState, scenario: Scenario, score: ReplyScore) -> dict[str, str]:
    """The needs met earlier that this reply says again in weaker terms, each with the words that
    do: a hedge on it ("the laptop is reserved, and I'll see whether a router is possible"), a
    smaller amount than was promised for it ("one month back, 50 euro" after 150), a later time
    ("the router will come Monday" after "tonight"), or, for what the agent had promised
    personally, the need handed to someone else with no step of the agent's in the sentence ("the
    data division will call you Monday" after "I'll ring you at 8"). A question ("Shall I see
    whether...?") weakens nothing; a question after what does is left aside ("Almost: the credit
    is one month back, 50 euro. Is that everything for you?", QA round 52: unnoticed, resolved)."""
    text = " ".join(sentence for sentence in _sentences(score.text) if not _is_question(sentence))
    # (A recap put as a check keeps its times: "... technician on Wednesday the 3rd between 8 and 12.
    # Correct?", play-through 60: "Exactly right.")
    checked = " ".join(sentence for sentence in _sentences(score.text)
                       if not _is_question(sentence) or _TAGGED_CHECK.search(sentence))
    if not checked.strip():
        return {}
    stated = bool(text.strip())  # anything said besides questions
    weakened: dict[str, str] = {}
    for need in scenario.needs:
        promise = state.promised.get(need.id)
        if need.id not in state.met or promise is None or not stated:
            continue
        said = _weaker_clause(scenario, need, text, promise) or _misstated(scenario, need, text, promise)
        if said:
            weakened[need.id] = said
    return weakened or _recap_moves_a_time(state, scenario, checked) or (_amount_cut(state, scenario, text) if stated else {})


# What sums up the call: "So to recap: ...", "Just to confirm: ...", "So: ..." (a recap of terms).
_SUMMING_UP = re.compile(r"\b(?:to recap|let me recap|quick recap|to sum (?:it )?up|to summari[sz]e|to wrap (?:it |this )?up|"
                         r"(?:just )?to (?:confirm|check|double-check|be clear|be sure|make sure)\b(?! (?:whether|if|with)\b)|"
                         r"in short|recap:|summary:|so:)", re.I)


def _misstated(scenario: Scenario, need: Need, text: str, promise: Promise) -> str | None:
    """The clause of a recap that gives `need` other terms than were promised: another date ("the
    technician comes on the 16th" after the 14th) or only other amounts ("50 percent off" after 30;
    a smaller one is a cut, _weaker_clause) (play-through 57: 8 of 8 such recaps ended the call
    resolved, and the card said nothing)."""
    summing_up = _SUMMING_UP.search(text)
    if not summing_up:
        return None
    for clause, names in _its_clauses(scenario, need, text[summing_up.end():]):
        if not names:
            continue
        when = _when(clause)
        other_date = (promise.by is not None and when is not None and promise.by[0] == when[0] == 2
                      and promise.by[1] > 0 and when[1] > 0 and when[1] != promise.by[1])
        said = sizes_named(clause)
        other_amount = any(said[unit] and size not in said[unit] for unit, size in promise.sizes().items())
        if other_date or other_amount:
            return clause
    return None


# A call to the customer said to be made, and when: "I'll call you Friday at 11", "retention calls
# you Thursday at 10", "book their call to you for Thursday at 10", "one correction on the call-back".
_CALL_SAID = re.compile(r"\b(?:call|ring|phone)(?:s|ing)?\s+(?:you|u)\b|\bcall[- ]?backs?\b|\bget(?:s|ting)? back to (?:you|u)\b|"
                        r"\b(?:their|my|our|his|her) call\b", re.I)
_WEEKDAY = re.compile(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.I)
_HOUR_WORDS = "one two three four five six seven eight nine ten eleven twelve".split()
_CLOCK = re.compile(r"\b(?:at|by|before|around|about|from|after|between)\s+(\d{1,2}|" + "|".join(_HOUR_WORDS) + r")(?:[:.](\d\d))?\b"
                    r"(?!\s*(?:st|nd|rd|th|%|percent|euros?|months?|days?|weeks?|hours?|minutes?|mins?)\b)|"
                    r"\b(\d{1,2})(?:[:.](\d\d))?\s*(?:am|pm|a\.m\.|p\.m\.|o'?clock)|\b(\d{1,2})[:.](\d\d)\b|"
                    # A slot: "8 to 12", "13-17" (play-through 60: "from 13 to 17" after "8 to 12" went unnoticed).
                    r"\b(\d{1,2})(?:[:.](\d\d))?\s*(?:-|–|to|till|until)\s*\d{1,2}(?:[:.]\d\d)?\b"
                    r"(?!\s*(?:st|nd|rd|th|%|percent|euros?|months?|days?|weeks?|years?|hours?|minutes?)\b)", re.I)
# The day said relative to today: "tonight at 19:00", "tomorrow at 19:00" (play-through 60: unnoticed).
_RELATIVE_DAY = re.compile(r"\b(?:(today|tonight|this (?:morning|afternoon|evening))|(tomorrow))\b", re.I)
# What says a time was moved, not added: "Sorry, one change: I can't call Thursday, I'll call you
# Friday at 11 instead."
_TIME_MOVED = re.compile(r"\b(?:instead|correction|full|fully booked|booked up|change[ds]?|can'?t|cannot|moved?|not|actually|rather|make (?:it|that)|after all)\b", re.I)


def _day_and_hour(text: str, last: bool = False, relative_day: bool = False) -> str | None:
    """The weekday and the hour `text` names first (or last), as "friday|11", "|9", "thursday|"; None
    when it names neither. `relative_day`: a call's day said relative to today counts as its day
    ("~tomorrow"; not a need's: "I'm putting you on the plan today ... the phone ships tomorrow")."""
    days = [match.group(1).lower() for match in _WEEKDAY.finditer(text)]
    relative = list(_RELATIVE_DAY.finditer(text)) if relative_day else []
    if not days and len(relative) == 1:
        # (Only one such day said: "it goes out today and arrives tomorrow" names no one day.)
        days = ["~today" if relative[0].group(1) else "~tomorrow"]
    hours = []
    for match in _CLOCK.finditer(text):
        hour, minutes = next((match.group(i), match.group(i + 1)) for i in (1, 3, 5, 7) if match.group(i))
        number = str(_HOUR_WORDS.index(hour.lower()) + 1) if hour.lower() in _HOUR_WORDS else str(int(hour))
        hours.append(number if minutes in (None, "00") else f"{number}:{minutes}")
    pick = -1 if last else 0
    if not days and not hours:
        return None
    return f"{days[pick] if days else ''}|{hours[pick] if hours else ''}"


def _call_times(text: str) -> list[str]:
    """The times `text` says calls to the customer are made at (_day_and_hour's form): in each
    sentence that says a call is made, the time after its last word of the call ("I can't call at 8,
    I'll call you at 9": 9), else the last one in the sentence ("On Friday at 11 retention calls you")."""
    found = []
    for sentence in _sentences(text):
        calls = list(_CALL_SAID.finditer(sentence))
        if calls:
            when = _day_and_hour(sentence[calls[-1].end():], relative_day=True) or _day_and_hour(sentence, last=True, relative_day=True)
            if when and when not in found:
                found.append(when)
    return found


def _same_time(one: str, other: str) -> bool:
    """No part both name differs: "friday|11" and "|11" are the same time, "friday|11" and "thursday|" not;
    a weekday and a day said relative to today ("~tomorrow") are not compared."""
    return all(not a or not b or a == b or a.startswith("~") != b.startswith("~")
               for a, b in zip(one.split("|"), other.split("|"), strict=True))


def _said_times(scenario: Scenario, text: str) -> list[tuple[str | None, str, bool, str]]:
    """The weekdays and hours `text` says, sentence by sentence, as (what it says them of, the time,
    whether the sentence moves it, the sentence): "call" for a call (_call_times); the need a sentence is about,
    or each need in the clauses that name it ("the router comes Tuesday": Tuesday, the router's
    need); None for a time said of nothing named ("8 is full - he'll come at 10"). A sentence that
    moves a time ("instead", "can't", "correction") gives the last time it says, the one moved to."""
    found: list[tuple[str | None, str, bool, str]] = []
    for sentence in _sentences(text):
        moved = bool(_TIME_MOVED.search(sentence))
        call = bool(_CALL_SAID.search(sentence))
        if call:
            found += [("call", when, moved, sentence) for when in _call_times(sentence)]
        about = [need for need in scenario.needs if _about(scenario, need, sentence)]
        if len(about) <= 1 and not call:
            # A sentence about one need (or none): its time is that need's ("The phone ships tomorrow,
            # delivery Thursday between 9 and 1").
            whens = [(about[0].id if about else None, _day_and_hour(sentence, last=moved))]
        else:
            # (Each need's clauses together: "the technician comes on your moving day, the 14th, between 8 and 12".)
            whens = [(need.id, _day_and_hour(" ".join(clause for clause, _ in clauses)))
                     for need in about if (clauses := [(c, n) for c, n in _its_clauses(scenario, need, sentence)
                                                       if not _CALL_SAID.search(c)]) and any(n for _, n in clauses)]
        found += [(subject, when, moved, sentence) for subject, when in whens if when]
    return found


def _times_by_subject(scenario: Scenario, text: str) -> dict[str, list[str]]:
    """The times `text` says of calls and needs (_said_times), by what it says them of."""
    found: dict[str, list[str]] = {}
    for subject, when, _, _ in _said_times(scenario, text):
        if subject is not None and when not in found.setdefault(subject, []):
            found[subject].append(when)
    return found


# What says a reply goes over the terms before the goodbye, beside _SUMMING_UP: "So retention calls you
# Wednesday at 10 ...", a goodbye after the terms ("... and I call you at 5. Goodbye.").
_SO_OPENING = re.compile(r"^\W*(?:(?:ok|okay|right|great|perfect|good|alright|fine),?\s+)?so,?\s+(?!(?:sorry|that'?s all|is there)\b)", re.I)
_SIGNS_OFF = re.compile(r"\b(?:good ?bye|bye|have a (?:good|nice|great|lovely) \w+|take care|speak soon|talk soon)\b", re.I)


def _recap_start(text: str) -> int:
    """Where the terms a recap goes over begin, or -1 when the reply is no recap: after "to recap",
    "just to confirm", "so:"; or, in a reply that moves no time ("instead", "can't"), from its start
    when it opens with "So" or signs off."""
    summing_up = _SUMMING_UP.search(text)
    if summing_up:
        return summing_up.end()
    if (_SO_OPENING.match(text) or _SIGNS_OFF.search(text)) and not _TIME_MOVED.search(text):
        return 0
    return -1


def note_times_said(state: CustomerState, scenario: Scenario, text: str) -> None:
    """Keep the weekdays and hours the agent said, for a recap to be held to: one said as moved ("I
    can't call at 8, I'll call you at 9", "the router comes Wednesday instead") replaces the time it
    moves; one said besides is added; one picked from those put as a choice ("Monday at 9 then,
    booked" after "Monday at 9 or Tuesday at 2?") leaves only it. A recap adds none (it is what is
    held to them). Noted before the reply's recap is checked."""
    start = _recap_start(text)
    if start >= 0:
        # Only what goes before the recap: "Small change: I'll call you on Friday at 10, not Thursday.
        # So: ... my call on Friday at 10" (play-through 56: the recap of the move heard as one).
        text = text[:start]
    last_subject = None
    picked: list[str] = []  # times said of nothing named, not moved: "Monday at 9 then, booked."
    for subject, when, moved, sentence in _said_times(scenario, text):
        if subject is None and not moved:
            picked.append(when)
        if subject is None and moved:
            # A time moved with nothing named ("Hmm, sorry, 8 is full - he'll come at 10"): of what the
            # reply named before it, else of the one thing a time was said of.
            timed = [said for said, times in state.times_said.items() if times]
            subject = last_subject or (timed[0] if len(timed) == 1 else None)
        if subject is None:
            continue
        last_subject = subject
        kept = state.times_said.setdefault(subject, [])
        if moved and any(not _same_time(said, when) for said in kept):
            kept[:] = [said for said in kept if _same_time(said, when)]
            # What was agreed is now said at the moved time: the card's "Agreed" quotes the move too
            # (play-through 59: the superseded time, about 11 cards).
            moved_need = subject if subject != "call" else _call_need(state, scenario, sentence)
            promise = state.promised.get(moved_need) if moved_need in state.met else None
            if moved_need and promise is not None and promise.said and sentence.strip() not in promise.said:
                state.promised[moved_need] = dataclasses.replace(promise, said=f"{promise.said} … {sentence.strip()}")
        if when not in kept:
            kept.append(when)
    for picked_time in picked:
        for kept in state.times_said.values():
            chosen = [said for said in kept if _same_time(said, picked_time)]
            if len(kept) > 1 and chosen and len(chosen) < len(kept):
                kept[:] = chosen


def _call_need(state: CustomerState, scenario: Scenario, sentence: str) -> str | None:
    """The met need a call in `sentence` is part of: of those whose words named a call, the one the
    sentence is about, else the last met."""
    with_a_call = [need_id for need_id in state.met
                   if need_id in state.promised and _CALL_SAID.search(state.promised[need_id].said or "")]
    about = [need_id for need_id in with_a_call if _about(scenario, scenario.need(need_id), sentence)]
    if with_a_call:
        return (about or with_a_call)[-1]
    # Else the met need that asks for a call-back or a follow-up, met by other words ("I'm calling the
    # data division myself", then "I'll ring you back tomorrow at 9": play-through 61, q61-011).
    asks_for_calls = [need_id for need_id in state.met if _ASKS_FOR_CALLS.search(scenario.need(need_id).description)]
    return asks_for_calls[-1] if asks_for_calls else None


_ASKS_FOR_CALLS = re.compile(r"\bcalls? me\b|\bfollows? (?:this |it )?up\b|\bcontact\b", re.I)


def _recap_moves_a_time(state: CustomerState, scenario: Scenario, text: str) -> dict[str, str]:
    """A recap that gives a call or a met need another weekday or hour than any the agent said of it
    ("So: router tonight, and I'll call you at 8" after "I can't call at 8, I'll call you at 9"; "So
    retention calls you Wednesday at 10" after "Tuesday at 10 then, booked"): the need is open again,
    with the clause quoted. A call opens the met need whose words named a call, the one the sentence
    is about first (play-throughs 57 and 58: 3 of 3 and 36 of 37 such recaps ended resolved)."""
    start = _recap_start(text)
    if start < 0 or not state.times_said:
        return {}
    for sentence in _sentences(text[start:]):
        if _AGAIN.search(sentence):
            continue  # another call besides ("I'll call you Friday at 9 to check"), not the one moved
        for subject, times in _times_by_subject(scenario, sentence).items():
            kept = state.times_said.get(subject)
            if not kept or all(any(_same_time(when, said) for said in kept) for when in times):
                continue
            need_id = _call_need(state, scenario, sentence) if subject == "call" else subject if subject in state.met else None
            if need_id is None:
                continue
            # Quoted: the clause that says the time ("I'll call you Thursday at 10"), not the recap's others.
            said = next((clause for clause in CLAUSE_BREAK.split(sentence)
                         if clause and (set(_call_times(clause)) & set(times) if subject == "call"
                                        else any(_day_and_hour(clause) == when for when in times))), sentence)
            return {need_id: said.strip(" :;,.-")}
    return {}


# The agent's own step on what the customer picks up: "You can pick up a 4G router at our shop today,
# I'll reserve it for you" (play-through 57: the need met, as it should be).
_SET_ASIDE_FOR_THEM = re.compile(r"\b(?:i'?ll|i will|i'?ve|i have|i'?m)\s+(?:reserv\w*|hold\w*|put\w* aside|set\w* aside|book\w*|order\w*)"
                                 r"\s+(?:it|one|them|that)\b", re.I)


# Where a reply's clauses part: sentence ends, a contrast ("..., but ...", "though") and dashes.
_CLAUSES = re.compile(r"(?<=[.;!?])\s+|\s*(?:[,;:]\s*|\s+)(?:but|though|however)\b|\s*[\u2014\u2013]\s*|\s+-\s+", re.I)


def _fetched_elsewhere(scenario: Scenario, score: ReplyScore) -> set[str]:
    """The offers the reply names in a sentence that sends the customer elsewhere for them ("For the
    iPhone, please call retention on 0800-1234, they'll do the 24-month deal", "For the nine weeks, buy
    a prepaid 4G stick in any shop"), beside a step of the agent's own: the customer is to fetch them,
    so they meet nothing (play-through 59: 3 calls ended resolved with the need sent elsewhere). Not
    one the agent sets aside for the customer to pick up ("..., I'll reserve it for you")."""
    sent = [cue.phrase.lower() for cue in score.cues if cue.kind == "deflection"]
    if not sent:
        return set()
    fetched = set()
    for offer_id in score.offers:
        phrase = scenario.offer(offer_id).match(score.text)
        if not phrase:
            continue
        # (Clause by clause: "I'm sending it by courier tonight; the shop has your SIM too" sends only the SIM,
        # and "My hands are tied on the iPhone, but I'll fix your login myself" nothing: play-through 61.)
        sentence = next((one for one in _CLAUSES.split(score.text) if phrase in one), "").lower()
        if any(where in sentence for where in sent) and not _SET_ASIDE_FOR_THEM.search(sentence):
            fetched.add(offer_id)
    return fetched


# The agent saying a slip is put right: "Apologies, .nl, fixed.", "my typo", "corrected now".
_PUT_RIGHT_WORDS = re.compile(r"\b(?:fixed|corrected|changed|updated|typo|my (?:mistake|bad|slip)|sorry|apologies|"
                              r"oops|noted)\b", re.I)
# The agent's own address, given to write to ("email me at", "my address is").
_AGENTS_OWN = re.compile(r"\b(?:me(?: directly| personally| straight| anytime)?|my(?: own| direct| personal)?(?: e-?mail)?(?: address)?(?: is)?|reach me(?: on| at)?)"
                         r"[\s:,]+(?:at |on |to )?$", re.I)


def misspelt_email(scenario: Scenario, text: str) -> str | None:
    """An email address the reply types for the customer's (`customer.email`) and gets wrong: one
    that shares a name with the customer's ("b.hoekstra@gmail.com") or is most of it ("...-advice.nl"),
    not another address altogether ("helpdesk@provider.nl", play-through 67) nor the agent's own
    given to write to ("email me at ...")."""
    right = scenario.customer_email.lower()
    if not right:
        return None
    names = {name for name in re.split(r"[^a-z]+", right) if len(name) >= 4}
    for match in EMAIL_ADDRESS.finditer(text):
        address = match.group(0).rstrip(".")
        typed = address.lower()
        if typed == right or _AGENTS_OWN.search(text, max(match.start() - 40, 0), match.start()):
            continue
        if names & set(re.split(r"[^a-z]+", typed)) or difflib.SequenceMatcher(None, typed, right).ratio() >= 0.75:
            return address
    return None


def _put_right(state: CustomerState, scenario: Scenario, score: ReplyScore) -> list[str]:
    """The needs a recap cut, moved or took back (their promise kept) that this reply says again on
    the terms first promised, and on no others: the amounts ("Sorry, 50 percent, as agreed"), the
    weekdays and hours ("Sorry, my mistake: Friday at 11, as booked") or the date ("Sorry, the 14th,
    as booked"). A question puts nothing right."""
    text = " ".join(sentence for sentence in _sentences(score.text) if not _is_question(sentence))
    said = sizes_named(text)
    whens = [when for sentence in _sentences(text) if (when := _day_and_hour(sentence))]
    back = []
    for need_id in state.reopened:
        promise = state.promised.get(need_id)
        if need_id in state.met or promise is None:
            continue
        sizes = promise.sizes()
        same_size = any(said[unit] and all(amount == size for amount in said[unit]) for unit, size in sizes.items())
        other_size = any(said[unit] and any(amount != size for amount in said[unit]) for unit, size in sizes.items())
        kept = state.times_said.get(need_id, []) + (
            state.times_said.get("call", []) if _CALL_SAID.search(promise.said or "") else [])
        same_time = bool(kept and whens) and all(any(_same_time(when, k) for k in kept) for when in whens)
        # The date first promised, said again ("Sorry, the 14th, as booked").
        dates = [int(day) for day in re.findall(r"\b(\d{1,2})(?:st|nd|rd|th)\b", text)]
        same_date = bool(promise.by and promise.by[0] == 2 and promise.by[1] > 0 and dates
                         and all(day == promise.by[1] for day in dates))
        if (same_size and not other_size and (not whens or same_time)) or (
                (same_time or same_date) and not any(said.values()) and not (dates and not same_date)):
            back.append(need_id)
    return back


# An amount said as a limit: "it can only be 50 euros", "the maximum I can do is 50", "50 euros, not
# 150"; not a price ("your plan is only 50 euros a month").
_AS_A_LIMIT = re.compile(r"\b(?:only|just|max(?:imum)?|at most|no more than|up to)\s+(?:be\s+)?(?:€\s?)?(?:\d|(?:one|two|three|four|five|six)\b)|"
                         r"\b(?:max(?:imum)?|most|limit)\b[^.;!?]{0,25}\b(?:is|are|'s)\s+(?:€\s?)?\d|"
                         r"\b(?:\d|one|two|three|four|five|six)[^.;!?]{0,12}, not (?:€\s?)?(?:\d|(?:one|two|three|four|five|six)\b)|"
                         # "Actually, make that 25 percent, I can't do 50" (QA round 42).
                         + MAKE_THAT.pattern, re.I)
_A_PRICE = re.compile(r"\b(?:a|per|each|every) month\b|\bmonthly\b|\bfees?\b|\bprices?\b|\bcosts?\b|\bbills?\b", re.I)


def _promised_in(state: CustomerState, scenario: Scenario, unit: str) -> list[tuple[Need, float]]:
    """The met needs promised with an amount in `unit`, each with that amount."""
    promised: list[tuple[Need, float]] = []
    for need in scenario.needs:
        promise = state.promised.get(need.id)
        size = promise.sizes().get(unit) if promise is not None else None
        if need.id in state.met and size is not None:
            promised.append((need, size))
    return promised


def _amount_topped(state: CustomerState, scenario: Scenario, text: str) -> list[str]:
    """The one met need promised in a unit that a reply naming no need says a larger amount of ("Actually,
    let me do better: make it 40 euros" after a credit of 20): the amount is of that need."""
    if any(_about(scenario, need, text) for need in scenario.needs):
        return []
    said = sizes_named(text)
    for unit in SIZE_UNITS:
        promised = _promised_in(state, scenario, unit)
        if len(promised) == 1 and not (unit == "euros" and _A_PRICE.search(text)) \
                and any(amount > promised[0][1] for amount in said[unit]):
            return [promised[0][0].id]
    return []


def _amount_cut(state: CustomerState, scenario: Scenario, text: str) -> dict[str, str]:
    """A smaller amount said as a limit in a reply that names no need ("Sorry, I said 150 before,
    but it can only be 50 euros", "two months, not three", "make that 25 percent, I can't do 50"):
    the cut of the one met need promised in that unit (play-through 38: 1 of 2 such cuts went
    unnoticed and the call ended resolved; QA round 42: 3 of 3 in months or percent)."""
    if any(_about(scenario, need, text) for need in scenario.needs):
        return {}
    limits = [(sentence, sizes_named(sentence)) for sentence in _sentences(text) if _AS_A_LIMIT.search(sentence)]
    for unit in SIZE_UNITS:
        promised = _promised_in(state, scenario, unit)
        if len(promised) != 1:
            continue
        need, size = promised[0]
        for sentence, said in limits:
            if not (unit == "euros" and _A_PRICE.search(sentence)) and any(amount < size for amount in said[unit]):
                return {need.id: sentence}
    return {}


def _weaker_clause(scenario: Scenario, need: Need, text: str, promise: Promise) -> str | None:
    own_step = [sentence for sentence in _sentences(text) if _OWN_STEP.search(sentence)]
    for clause, names in _its_clauses(scenario, need, text):
        handed_on = promise.owned and not any(clause in sentence for sentence in own_step) and _HANDED_ON.search(clause)
        # (An amount said alone after the need counts: "one month back, 50 euro, and ...". A time
        # counts said of the need itself, not by the agent's own new step: "I'll call you Monday
        # at 9" after "tomorrow at 10" is a change, not a hedge.)
        said = sizes_named(clause)
        smaller = ((names or len(clause.split()) <= 3)
                   and any(amount < size for unit, size in promise.sizes().items() for amount in said[unit]))
        when = _when(clause) if names else None
        later = (promise.by is not None and when is not None and _later(when, promise.by)
                 and not _AGAIN.search(clause) and not _OWN_STEP.search(clause)
                 and any(clause in sentence and _DELAYED.search(sentence) for sentence in _sentences(text)))
        if _WEAKER.search(clause) or handed_on or smaller or later:
            return clause
    # A later date said of it as a correction across the sentence's clauses: "Sorry, small
    # correction: not the 14th, the 15th." (play-through 55: 3 calls ended resolved with the
    # technician the day after the move). Not the agent's own new step ("I'll call you the 15th").
    if promise.by is not None:
        for sentence in _sentences(text):
            when = _when(sentence)
            if (when is not None and _later(when, promise.by) and _about(scenario, need, sentence)
                    and _DELAYED.search(sentence) and not _AGAIN.search(sentence) and not _OWN_STEP.search(sentence)):
                return sentence.strip()
    return None


def _quoted(said: str) -> str:
    """The trainee's words as the customer quotes them back: at most 90 characters, without the
    closing stop (the line goes on after the quote: "... \"That's the procedure\"? ...")."""
    said = said.strip().rstrip(".!")
    return said if len(said) <= 90 else said[:87].rsplit(" ", 1)[0] + "..."


def _reopened_line(state: CustomerState, rng: random.Random, scenario: Scenario, need_id: str,
                   weakened: dict[str, str]) -> str | None:
    """What the customer says of a need open again: the words that weakened it quoted back (a
    `weakened` line), else what is still open."""
    if need_id in weakened:
        line = _pick(state, rng, scenario.lines["weakened"])
        if line:
            return line.replace("{said}", _quoted(weakened[need_id]))
    return _still_open(state, rng, scenario, need_id)


def _offered_again(scenario: Scenario, score: ReplyScore, need: Need, spans: Sequence[tuple[int, int]]) -> bool:
    """The reply makes an offer that meets `need` outside the words that take it back: "... but 50 %
    off I can" does; "the technician can't come on moving day" names the offer only in taking it
    back (QA round 28: read as the offer made again, the need stayed met)."""
    for offer_id in score.offers:
        if offer_id not in need.met_by:
            continue
        phrase = scenario.offer(offer_id).match(score.text)
        at = score.text.find(phrase) if phrase else -1
        if at < 0 or not any(start <= at < end for start, end in spans):
            return True
    return False


# Lines that already object to what was said: a take-back answered with one stands.
_OBJECTS = frozenset({"refused", "procedure", "policy_repeated", "deflected", "blamed", "over_promise"})


# Words of a goodbye beside a recap: "No, that's all", "Bye", "Have a good day".
_GOODBYE_WORDS = frozenset("bye goodbye that's all thanks thank day evening weekend afternoon morning have good nice great "
                           "lovely take care cheers talk soon".split())


def _restates_agreed(state: CustomerState, score: ReplyScore) -> bool:
    """The reply, low only for passing something on, says again in the words that met a need what was
    agreed ("No, that's all. Retention calls you Thursday at 10. Bye." after "I'll escalate the iPhone
    to retention myself; they'll call you Thursday at 10"): a recap, not a hand-off (play-through 57:
    heard as one, and the call did not close). Every word of four letters or more is one the agreed
    words hold (its first five letters, less a plural s)."""
    kinds = {cue.kind for cue in score.cues if cue.ownership < 0 or cue.flexibility < 0}
    if score.over_promise or not kinds or not kinds <= {"deflection"}:
        return False
    agreed = {w.rstrip("s")[:5] for promise in state.promised.values() if promise.said
              for w in re.findall(r"[a-z]+", promise.said.lower())}
    words = [w for w in re.findall(r"[a-z']+", score.text.lower())
             if len(w) >= 4 and w not in _ECHO_STOP and w not in _GOODBYE_WORDS]
    return len(words) >= 2 and all(w.rstrip("s")[:5] in agreed for w in words)


def _takes_back(score: ReplyScore) -> bool:
    """After every need was met, the reply takes something back or promises too much: low on a
    dimension, or an over-promise. Not the agent's close, however it ends ("the data division says
    it's a Monday job and there's nothing more I can do" ended the call as resolved, QA round 14)."""
    return band(score.ownership) == "low" or band(score.flexibility) == "low" or score.over_promise


# A reply broken off before its point: "oh and", "Thanks, and...", "One more thing -".
_BREAKS_OFF = re.compile(r"(?:\b(?:and|also|oh|plus|but|to|one more thing)\W*|\.\.\.|…|\s-)\s*$", re.I)


def _closes(score: ReplyScore) -> bool:
    """The reply closes the call, or may: a goodbye, "anything else?", or words the model cannot
    read with confidence ("cheers, all the best"), which after "is that everything?" are the
    agent's close. Not a question without closing words ("Is correct now. You can login?"), nor
    small talk read as a close (QA round 10)."""
    return ((score.move == "close" and not _SMALL_TALK.search(score.text) and not _is_question(score.text)
             and not undoes_a_goodbye(score.text, _GOODBYE))
            # (Words with no goodbye in them are not: "erm", "uh"; play-through 65: 4 of 4 ended the call.)
            or (score.unsure and not _is_question(score.text) and not _CARRIES_ON.search(score.text)
                and _takes_leave(score))
            or any(cue.kind in {"closing", "ending"} for cue in score.cues))


# Words the model cannot read that carry the call on rather than close it: a time, an amount or a
# fact ("Between 8 and 12.", "Before nine.", "It'll be on your next invoice.": QA round 42, 6 of 6
# ended the call as resolved before the trainee's own close).
_CARRIES_ON = re.compile(r"\d|\b(?:before|after|between|until|by|at|on|around|from) (?:the |your |\d|one|two|three|four|five|six|"
                         r"seven|eight|nine|ten|eleven|twelve|noon|midday|monday|tuesday|wednesday|thursday|friday|"
                         r"saturday|sunday|tomorrow|tonight)|\b(?:it'?ll|it will|it is|it's|he'?ll|she'?ll) be\b|"
                         r"\b(?:invoice|bill|account|email|letter|courier|technician|router|credit)\b", re.I)


def _takes_leave(score: ReplyScore) -> bool:
    """A goodbye, or "anything else?": the agent closing the call, so a second such close with a
    need open ends it (QA round 35: "anything else?" then "bye" left the call open in 6 of 6)."""
    return says_goodbye(score.text, _GOODBYE) or any(cue.kind == "closing" for cue in score.cues)


def _relays_a_no(scenario: Scenario, score: ReplyScore) -> bool:
    """Another team's no passed on as the answer ("I've called the data division, they say Monday"),
    with no option of the agent's beside it: it meets no need, whatever was done to get it."""
    return (bool(_RELAYED_NO.search(score.text)) and not _is_question(score.text)
            and not any(scenario.offer(o).counts_as_flexibility for o in score.offers))


def _granted(score: ReplyScore, served: Sequence[str]) -> bool:
    """The case's option reported as granted by whoever decides ("Retention confirmed you can have
    the 24-month plan with the new iPhone", "Marketing approved the laptop reservation"): the customer
    has it, though the scorer holds the relayed yes neutral on ownership (QA round 27: 7 of 16 such
    replies left the need open, and the customer asked at the close whether it was decided)."""
    kinds = {cue.kind for cue in score.cues}
    return (bool(served) and not score.over_promise and band(score.ownership) != "low"
            and not kinds & REFUSING_KINDS and not _is_question(score.text)
            # (Or done by them: "Billing put the credit on this morning", held at 59 on ownership
            # since play-through 39, is the credit given, not floated.)
            and bool(GRANTED.search(score.text) or relays_news(score.text)))


# A yes relayed with a no beside it: "Marketing never said yes", "Marketing hasn't said yes yet".
_NOT_APPROVED = re.compile(r"(?:\b(?:not|never|no longer)\b|n't\b)[^.;!?]{0,15}$", re.I)


def _yes_relayed(score: ReplyScore, own: str) -> bool:
    """Whoever decides said yes, in a plain statement that refuses and passes on nothing."""
    yes = _APPROVED.search(score.text)
    return (yes is not None and own != "low" and not score.over_promise and not _is_question(score.text)
            and not _NOT_APPROVED.search(score.text, 0, yes.start())
            and not {cue.kind for cue in score.cues} & REFUSING_KINDS)


def _carries_out(score: ReplyScore) -> bool:
    """The reply does or commits to something itself, and refuses or passes on nothing."""
    kinds = {cue.kind for cue in score.cues if cue.ownership > 0}
    refusing = {cue.kind for cue in score.cues if cue.ownership < 0 or cue.flexibility < 0} & REFUSING_KINDS
    return bool(kinds & _CARRIED_OUT) and not refusing


_CARRIED_OUT = frozenset({"commitment", "done", "ownership", "contact"})
# The reply opens on a deed done to "it", the thing just floated: "I'm sending it now.", "Done it.",
# "Ok, booking it now".
_DEED_ON_IT = re.compile(r"\W*(?:(?:ok|okay|right|great|sure|yes|done)[,.!]? )?(?:i'?m |i am |i'?ll |i will |i'?ve |i have )?"
                         r"(?:just |now )?[a-z]+(?:ing|ed)? (?:it|that|them)\b(?: (?:out|off|over|through|in|on))?"
                         r"(?: (?:now|right now|today|tonight|as we speak|straight away))?\s*[.!]", re.I)
# A bare yes to the customer's "Put that in the email, please." after an offer they took (QA round 9).
# (Not a bare "ok" to "Is that actually arranged now, or still just an idea?": it says nothing is
# done, QA round 21; "ok, will do" does.)
# What puts an option to someone else to approve, and their yes.
# (Also a team named bare: "I've asked account management to approve a goodwill credit", QA round 54:
# the call resolved on the request, before any yes.)
_FOR_APPROVAL = re.compile(r"(?:\b(?:ask|asking|asked|get|getting|put|putting) (?:(?:the|our|my|your) [\w-]+(?: [\w-]+)?|"
                           r"account management|billing|retention|planning|marketing|sales|logistics|legal|finance|provisioning)"
                           r"(?:, [\w -]{1,25},)? "
                           r"(?:to (?:approve|sign off|authori[sz]e|agree to|ok|okay)|for (?:approval|sign-?off|the ok|the go-ahead))\b|"
                           r"\b(?:needs?|requires?) (?:my|the|our|a) [\w -]{1,25}?(?:'s)? (?:sign-?off|approval|ok|authori[sz]ation)\b|"
                           # Put to the one who decides in plainer words (QA round 33: "I'm asking my manager about
                           # the 24-month plan now", "Let me ask my team leader about doing the move and the TV in
                           # one order": 8 of 10 heard as floated or done, and the yes that came back met nothing).
                           # (And in the past, QA round 46: "I asked my team lead about the 24-month plan; I'll have her
                           # answer in a few minutes", "I put your request for the iPhone on 24 months to my manager",
                           # 4 of 4 answered as empathy or as floated.)
                           r"\b(?:ask|asking|asked|check with|checking with|checked with|run (?:it|this|that) by|running (?:it|this|that) by|"
                           r"ran (?:it|this|that) by|put (?:it|this|that) to|putting (?:it|this|that) to|take (?:it|this|that) to|"
                           r"taking (?:it|this|that) to|took (?:it|this|that) to|"
                           r"put (?:your|the) (?:request|question|case|proposal|[\w-]+ order)(?: for [^.;!?]{1,40}?)? to) "
                           r"(?:my|the|our) (?:manager|supervisor|team ?lead(?:er)?|tl|boss|department manager)\b(?! (?:for you|now)?\W*$)|"
                           # A team that decides, asked whether (QA round 42: "I'll ask planning whether the
                           # technician can come on the 14th" was heard as a hand-off, 2 of 2).
                           r"\b(?:ask|asking|asked|check with|checking with) (?:the )?(?:planning|retention|billing|logistics|the on-call team|"
                           r"dispatch|the data division|the [\w-]+ (?:team|desk|department))\b[^.!?]{0,20}\b(?:whether|if)\b)"
                           r"(?![^.;!?]*\b(?:she|he|they)(?:'s| is| has)? (?:signed|signing|approved|approving|agreed|said (?:yes|no))\b)", re.I)
_APPROVED = re.compile(r"\b(?:approved|signed (?:it )?off|(?:has|have|she|he|they) agreed|said yes|gave (?:me )?(?:the|her|his|their) "
                       r"(?:ok|okay|go-ahead|yes)|got (?:the|her|his|their) (?:ok|okay|go-ahead|yes|approval|sign-?off)|good news|"
                       # "I asked my team lead and yes, I can give you two months' credit" (QA round 51: the
                       # customer went on waiting for the answer just given).
                       r"(?:asked|checked with|spoke (?:to|with)) (?:my|the|our) (?:team ?lead(?:er)?|lead|manager|supervisor|boss|tl)"
                       r",? (?:and|and,) (?:yes|it'?s (?:a )?yes|(?:she|he)(?:'s| is| was) fine with it))\b", re.I)
_YES_WORD = re.compile(r"\b(?:yes|yep|yeah|yup)\b", re.I)
_YES_OPENS = re.compile(r"\W*(?:yes|yep|yeah|yup|sure|of course|absolutely|certainly|definitely)\b(?!,? but\b)", re.I)
# The floated option taken as said, or picked from those floated: "Deal.", "Both, then.", "Option one.",
# "Okay, the first one.", "The one order then.", "Yes, that." (QA round 51: 9 such replies got "I don't
# follow", and 3 calls ended abandoned over "was it just a suggestion?").
_PICKS = (r"(?:(?:it'?s a |done )?deal|agreed|both(?: of them)?(?:,? then)?|(?:the )?(?:first|second|other|last) one(?:,? then)?|"
          r"option (?:one|two|1|2|a|b)(?:,? then)?|(?:let'?s )?do (?:that|it|both)|go for (?:it|that|both)|that one|"
          r"the (?![\w' -]*\b(?:is|are|was|were|rules?|policy|terms)\b)[\w' -]{1,30}? (?:then|it is))")
_AFFIRMS = re.compile(r"^\W*(?:(?:yes|yep|yeah|yup|sure thing|sure|of course|certainly|absolutely|definitely|will do|no problem|"
                      r"you got it|consider it done)\b"
                      r"(?:[\s,.!]*(?:i will|i'll do that|will do|done|of course|sure|absolutely|that|" + _PICKS + r"))?|"
                      r"(?:ok(?:ay)?|right|alright|fine|great|perfect)\b[\s,.!]*(?:i will|i'll do that|will do|done|of course|sure|"
                      r"absolutely|" + _PICKS + r")|" + _PICKS + r")[\s.!]*$", re.I)


def _only_holds(score: ReplyScore) -> bool:
    """The reply puts the customer on hold and does nothing else the scorer counts ("hang on",
    "ok let me check", "one moment, I'll pull up your account")."""
    kinds = {cue.kind for cue in score.cues}
    return "hold" in kinds and kinds <= WORKING_KINDS | {"empathy"} and band(score.ownership) != "low"


# The agent asks whether the customer will stay, sign or withdraw the cancellation.
# (Not what it would take, "What would make you stay with us?": the customer says what they still need.)
_ASKS_WHAT_IT_TAKES = re.compile(r"\b(?:what|how|why|which)\b", re.I)
_ASKS_TO_STAY = re.compile(r"\byou\b[^.!?]{0,30}\b(?:stay|staying|remain|withdraw(?:ing)? (?:the|your) cancellation|"
                           r"become (?:our|a) customer|(?:still )?be (?:our|a) customer|sign (?:up )?with us)\b", re.I)


def asks_whether_they_stay(scenario: Scenario, text: str) -> bool:
    """A question whether the customer will stay, sign or withdraw the cancellation ("Will you stay with
    us?", "So are you staying with us?"), not what it would take, in a case whose file has the stay
    lines (both are optional: without them it is any other question)."""
    if not (scenario.lines.get("stay_depends") and scenario.lines.get("stay_yes")):
        return False
    return any(_is_question(q) and _ASKS_TO_STAY.search(q) and not _ASKS_WHAT_IT_TAKES.search(q) for q in _sentences(text))


def _choose_line(state: CustomerState, rng: random.Random, scenario: Scenario, score: ReplyScore,
                 newly_met: list[str], served: list[str], asked: Sequence[str] = ()):
    # A refusal or hand-off cue the scorer set aside ("so this can't happen to you again": not the
    # agent's "can't", weighed 0) is not what the customer hears.
    kinds = {cue.kind for cue in score.cues if cue.ownership or cue.flexibility or cue.kind not in REFUSING_KINDS}
    move = score.move
    if ((move in NEGATIVE_MOVES or move == "explain_procedure") and not kinds & REFUSING_KINDS
            and kinds & NO_NEGATIVE_MEANT):
        # "Nine weeks is not reasonable, I agree", "Here's my direct number", "The confirmation is
        # in the post": a negative reading that none of the words makes is not what the customer
        # hears (the scorer holds it neutral too); they hear the sympathy, the contact or the deed.
        move = "empathise" if "reasonable" in kinds else "take_ownership"
    elif (move in NEGATIVE_MOVES and kinds and kinds <= WORKING_KINDS | {"empathy"}
          and not default_rubric().contrast.search(score.text)):
        # "Ok." read as blame: an acknowledgement puts nothing on the customer (QA round 10: "Don't
        # put this on me"). (Not "I understand you're unhappy, but the migration rules are clear":
        # the rule after the "but" is what was said; play-through 38 heard "Sorry is a start", 2 of 3.)
        move = "ack"
    if score.over_promise:
        return "over_promise", _say(state, rng, scenario, "over_promise", said=score.text)
    if not newly_met and asks_whether_they_stay(scenario, score.text):
        # "Will you stay with us?", "So will you withdraw the cancellation?": it depends on what is still
        # open, or yes (play-throughs 58 and 59: answered with a fact, "I don't know that offhand", 10 calls).
        open_needs = _open_needs(state, scenario)
        depends = _say(state, rng, scenario, "stay_depends")
        still = _still_open(state, rng, scenario, open_needs[0]) if open_needs else None
        return ("stay_depends", _after(depends, still)) if still else ("stay_yes", _say(state, rng, scenario, "stay_yes"))
    if newly_met:
        offer_id = _meeting_offer(scenario, score, newly_met)
        accept = _accept_line(state, rng, scenario.offer(offer_id).accept, score.text) if offer_id else None
        still_open = _open_needs(state, scenario)
        # (What was just put to someone to approve first: "Right, I'll save your number. Fine, ask
        # about the goodwill gesture.")
        still_open = [n for n in asked if n in still_open] + [n for n in still_open if n not in asked]
        partial = _still_open(state, rng, scenario, still_open[0], asked) if still_open else None
        # A choice asked beside what was done ("I'm putting it in one order now. For the technician:
        # the 14th or the 13th, which do you prefer?"): the customer picks first (play-through 57: 3
        # calls, one resolved with no date ever chosen).
        pick = _say(state, rng, scenario, "picked") if _is_choice(score.text) else ""
        # The offer accepted, then what is still open: one demand, the open need's.
        accepted = _after(_reaction(accept or ""), partial) if partial else one_ask(accept or _say(state, rng, scenario, "calm"))
        if pick:
            accepted = _after(pick, accepted if partial else _reaction(accepted))
        return "accept", accepted
    besides_working = kinds - WORKING_KINDS - {"empathy"}  # what else the reply does
    if reports_a_check(score.text) and not served and not kinds & REFUSING_KINDS:
        # "I've just spoken to planning.", "I asked planning whether the technician can come on
        # the 14th.": the check made, its answer still to come; the customer waits for it, not
        # answers a rule or a hand-off (QA round 46: 5 of 7 heard "I've heard the process three
        # times today" or "So I have to sort it out myself?").
        return "on_hold", one_ask(_say(state, rng, scenario, "on_hold"))
    if "hold" in kinds and not besides_working - {"go_ahead"}:
        # "hang on", "ok let me check", "Can I put you on hold?": the customer waits; and answers
        # what the hold comes with ("One moment, I'm checking the order - what's the order
        # number?", QA round 17: "I'll hold", the question ignored).
        asks = any(_is_question(sentence) and _WH_CLAUSE.search(sentence) for sentence in _sentences(score.text))
        answer = _fact_answer(state, rng, scenario, score.text) if asks else None
        if answer:
            return "fact", answer
        return "on_hold", one_ask(_say(state, rng, scenario, "on_hold"))
    if ((move == "close" or ("closing" in kinds and move != "greet")) and not served
            and not kinds & (REFUSING_KINDS | {"ending"})):
        # "Is there anything else I can help you with?" while what they called about is still
        # open: the customer brings it back, in their own words. (Beside a refusal or the rule
        # the refusal is what they answer, below.) So does a recap that names only what was met
        # before ("So: laptop reserved in writing today. Anything else?" with the router cut to
        # Thursday; play-through 56: "Fine. I appreciate you taking it seriously.", 6 calls).
        brought_back = _need_brought_back(state, rng, scenario)
        if brought_back:
            return "still_open", brought_back
    # An offer of the case named in a summary of what the customer asked for ("So to check I got it:
    # you want 24 months with a new iPhone, right?") is no offer made, unless the scorer read one.
    offered = bool(score.offers) and (band(score.ownership) == "high" or band(score.flexibility) == "high")
    weighed = {cue.kind for cue in score.cues if cue.ownership or cue.flexibility} - WORKING_KINDS - {"empathy"}
    summed_up = not offered and not (weighed - {"scenario_offer"})
    if _is_recap(score.text) and summed_up:
        # The customer's request summed up and checked ("So to recap, you want ... on the 14th?"):
        # yes, and the point, not a fact the summary happens to name (QA round 7: the address).
        return "confirmed", one_ask(_say(state, rng, scenario, "confirmed"))
    if _ASKS_WHAT_AGREED.search(score.text) and _is_question(score.text) and not kinds & REFUSING_KINDS:
        # "So what have we agreed?": what was met so far, in the customer's words, or nothing yet.
        return "recap", one_ask(_agreed(state, rng, scenario))
    # (Not "Lovely weather, isn't it?": small talk, no fact checked back; QA round 14 heard "Correct.")
    checked_back = "check_back" in kinds and not _SMALL_TALK.search(score.text)
    if checked_back and summed_up and len(score.text.split()) >= 10:
        # "So the phones were moved but the data line wasn't, and three departments told you that's
        # impossible. Correct?": the story summed up and checked is confirmed, not answered with
        # a fact its words happen to name (QA round 8: 5 of 10 summaries).
        return "confirmed", one_ask(_say(state, rng, scenario, "confirmed"))
    if _relays_a_no(scenario, score):
        # "I've called the data division, they say Monday": the other team's no, passed on as the
        # answer, is the no the customer hears, not progress (QA round 10: "Thank you. Someone on
        # the inside, finally.").
        return "refused", _say(state, rng, scenario, "refused", said=score.text)
    if _SMALL_TALK.search(score.text) and not besides_working - {"empathy"} and not score.offers:
        # "Lovely weather for a move, isn't it?", "Have you got much packing left?": the customer
        # is not here to chat, and steers back to what is still open (QA round 9: the moving date,
        # "Not off the top of my head").
        brought_back = _need_brought_back(state, rng, scenario)
        if brought_back:
            return "still_open", brought_back
    if _asks_facts(score) and _is_choice(score.text) and not _PREFERENCE.search(score.text):
        # "which line do you have now, ISDN or analog?": two options named, but about their own
        # situation, not a preference; the case file's fact answers it (QA round 7).
        answer = _fact_answer(state, rng, scenario, score.text)
        if answer:
            return "fact", answer
    chosen = _choice_line(state, rng, scenario, score, kinds, served)
    if chosen:
        # "Would you prefer morning or afternoon?": the customer chooses, before any fact the
        # words name ("morning" is no question about when the move is).
        return chosen
    if _CHECKS_IT_HELPED.search(score.text) and not score.offers and not kinds & REFUSING_KINDS:
        # "Is that better?", "Does that help?" after what was done: yes, and what is still open
        # (play-through 39: 3 of 6 got "I can't tell you that off the top of my head").
        brought_back = _need_brought_back(state, rng, scenario)
        if brought_back:
            return "still_open", brought_back
        # (With nothing open, no fact either: the customer's "is that everything?" follows;
        # play-through 40 got the director's letter recited.)
        return "ack", one_ask(_say(state, rng, scenario, "calm"))
    if (_ASKS_IF_IT_SUITS.search(score.text) and _ABOUT_WHAT_WAS_SAID.search(score.text)
            and not score.offers and not kinds & REFUSING_KINDS):
        return _suits_them(state, rng, scenario)
    if _asks_facts(score) and _ends_on_what_they_want(score.text):
        brought_back = _need_brought_back(state, rng, scenario)
        if brought_back:
            return "still_open", brought_back
    if _asks_facts(score) and not _ends_on_the_open_question(score.text):
        answer = _fact_answer(state, rng, scenario, score.text)
        if answer:
            return "fact", answer
    if checked_back and not besides_working:
        # "So the phones work but the internet doesn't, right?" with no fact of the case file to
        # answer it: yes, and the point again.
        return "confirmed", one_ask(_say(state, rng, scenario, "confirmed"))
    said = score.text  # the lines below answer the trainee's words: none may echo others
    # (Or left to them to take: "There might be a discount on the handset if that helps", "You
    # could switch to a 24-month plan": QA round 9 heard "When exactly?" to both.)
    put = ("go_ahead" in kinds or any(_PUT_TO_CUSTOMER.search(s) for s in _sentences(said))
           or bool(_LEFT_TO_TAKE.search(said))
           # A plain offer of the case's ("I can give you a discount on a new phone", QA round 10:
           # "When exactly, on which day and at what time?"); a hedged one is still pinned down.
           or (bool(served) and "hedge" not in kinds and not _HEDGED.search(said)))
    # An option floated with its time ("...the on-call technician for tonight. He can be there
    # between 8 and 10.") is taken too: asking "when exactly?" would ignore the time just given.
    dated = "time" in kinds or _names_a_number(said)
    # (Only what an offer of this reply serves: "Me. Right now." takes on the need asked about
    # with no offer of its own to accept.)
    candidates = [o for o in score.offers if set(_needs_served(scenario, [o])) & set(served)]
    if candidates and (put or dated) and not score.over_promise:
        # An option put to the customer as a question ("...or 50 % off the phone. Which would you
        # prefer?") is taken, in the words of its accept line; the need is met once the agent
        # commits to it (it stays pending until then).
        # Of two options put as a choice ("24 months with the iPhone, or 40 % off on the 18?"), the
        # customer takes the one named first, so the accept line answers the choice.
        offer_id = min(candidates, key=lambda o: _named_at(scenario, o, said))
        taken = _accept_line(state, rng, scenario.offer(offer_id).accept, said)
        if taken and len(set(candidates)) == 1 and _is_choice(said):
            # One offer, and a choice within it ("the technician in the morning or the afternoon on
            # moving day?", "to your home or your office?"): the customer picks, then takes it
            # (QA round 17: 10 of 12 either/or offers went unanswered as a choice). Of two offers,
            # the accept line of the one taken says which.
            picked = _pick(state, rng, scenario.lines["picked"])
            return "choice", _after(picked, taken) if picked else one_ask(taken)
        if (taken and len(set(candidates)) > 1 and (_is_choice(said) or _WHICH_OF_THEM.search(said))
                and not scenario.offer(offer_id).match(taken)):
            # Two offers put as a choice ("the 24-month plan with the iPhone, or the 50 percent
            # discount?"): an accept line that does not name the one taken ("Yes. Do it.") says
            # which after a pick of the first (play-through 55: 2 calls, and the agent had to ask again).
            first = _pick(state, rng, [line for line in scenario.lines["picked"] if _FIRST_ONE.match(line)])
            if first:
                return "choice", _after(first, taken)
        if taken:
            return "choice", one_ask(taken)
    if (state.pending and not served and not kinds & REFUSING_KINDS
            and any(_PUT_TO_CUSTOMER.search(s) for s in _sentences(said))):
        # "How does that sound?" after an offer the customer took: yes, go ahead (QA round 10:
        # "No idea. Surely you have that on your screen?").
        return "go_ahead", one_ask(_say(state, rng, scenario, "go_ahead"))
    if "go_ahead" in kinds and not kinds & REFUSING_KINDS:
        # "Shall I book it?", "Want me to put that through?" with no offer of the case named: the
        # customer says yes, in words that name nothing (what "it" is may be anything); whatever
        # was floated stays pending until the agent commits. With nothing floated and nothing
        # named (no option, no step, no date or amount), they ask what is meant.
        named = bool(kinds & _NAMES_SOMETHING) or _names_a_number(said)
        if state.pending or named:
            return "go_ahead", one_ask(_say(state, rng, scenario, "go_ahead"))
        return "unclear", _say(state, rng, scenario, "unclear")
    # A hedge is a half-made offer, unless the reply refuses or passes the problem on: "If you want
    # a new phone you'd have to buy one at a shop" is no promise to be pinned down.
    hedged = "hedge" in kinds and band(score.ownership) != "high" and not kinds & REFUSING_KINDS
    # "The data division says they'll release it tonight": the other team's yes relayed is a
    # promise to pin down, not a hand-off ("call them now, I'll hold", QA rounds 20 and 21).
    relayed = relays_a_deed(score.text) and not kinds & (REFUSING_KINDS | {"deflection"})
    if served or "vague" in kinds or hedged or relayed:
        return "vague_promise", _say(state, rng, scenario, "vague_promise", said=said)
    if move == "blame_customer" and "blame" in kinds:
        # "We already made a gesture... you're simply seeing it the wrong way": the blame is what
        # the customer hears, not the rule beside it ("You said that already").
        return "blamed", _say(state, rng, scenario, "blamed", said=said)
    # "I'm not going to tell you rules are rules": the rule named only to set it aside is not the
    # rule given as the answer, whatever move the model read (QA round 7).
    set_aside = any(cue.kind in REFUSING_KINDS and not (cue.ownership or cue.flexibility) for cue in score.cues)
    if (move in POLICY_MOVES and not set_aside) or kinds & {"policy", "refusal"}:
        # (A plain explanation the scorer holds neutral is no no: it is answered as the procedure,
        # and a second one is not "So it's still no" when nothing was refused; play-through 39: 4 of 5.)
        if band(score.flexibility) == "low" or kinds & {"policy", "refusal"}:
            state.policy_count += 1
        if state.policy_count > 1:
            return "policy_repeated", _say(state, rng, scenario, "policy_repeated", ordered=True)
        return ("refused", _say(state, rng, scenario, "refused", said=said)) if move == "refuse" else \
            ("procedure", _say(state, rng, scenario, "procedure"))
    if move == "deflect" or "deflection" in kinds:
        # Only a line about the hand-off made ("put through again" needs a transfer); with none
        # left, a line of the mood, as when the kind's lines are used up.
        fitting = [line for line in scenario.lines["deflected"] if fits_hand_off(line, said)]
        return "deflected", _pick(state, rng, fitting, said) or _say(state, rng, scenario, _line_mood(state, score))
    if move == "blame_customer" or "blame" in kinds:
        return "blamed", _say(state, rng, scenario, "blamed", said=said)
    if move == "ask_details" or (score.text.rstrip().endswith("?") and not kinds & _NAMES_SOMETHING):
        # (Not "I'll send it by courier tonight, ok?": a step put to the customer, no question
        # about the facts; "router" in it is not the customer's router.)
        if _LINE_CHECK.search(score.text):
            # "Hello? Are you still there?": still there, and still waiting on what they called
            # about (QA round 9: "I'd have to look that up"; rounds 10 and 11: say so first).
            # Before the facts: "Still there?" asks none (QA round 32: "I couldn't tell you").
            return "still_open", _still_there(state, rng, scenario)
        if _ends_on_the_open_question(score.text):
            brought_back = _the_story(state, rng, scenario)
            if brought_back:
                return "still_open", brought_back
        answer = _fact_answer(state, rng, scenario, score.text)
        if answer:
            return "fact", answer
        if _ASKS_WHAT_THEY_WANT.search(score.text):
            brought_back = _need_brought_back(state, rng, scenario)
            if brought_back:
                return "still_open", brought_back
        if _ASKS_THE_PROBLEM.search(score.text):
            brought_back = _the_story(state, rng, scenario)
            if brought_back:
                return "still_open", brought_back
        if _ASKS_IF_IT_SUITS.search(score.text) and not kinds & REFUSING_KINDS:
            return _suits_them(state, rng, scenario)
        if move == "ask_details":
            return "question_unknown", _say(state, rng, scenario, "question_unknown")
    if (move == "greet" and _ASKS_THE_PROBLEM.search(score.text)) or (
            move in {"empathise", "apologise"} and _ends_on_the_open_question(score.text)):
        # "Hello, Noor here. Tell me what happened.": the greeting asks for the story (QA round 51:
        # "Hello. Fine. Can we get to the line?"); so does sympathy that ends on it, "I'm sorry to
        # hear that. Tell me what happened." (QA round 55: "Sorry doesn't make my phone work", 2 of 2).
        brought_back = _the_story(state, rng, scenario)
        if brought_back:
            return "still_open", brought_back
    if move == "greet" and (state.turn <= 1 or _GREETS.search(score.text)):
        # (Mid-call, only words that greet: "I do appreciate how important this is for you." read as
        # a greeting got "Good afternoon. I'll keep it short ...", QA round 45, 2 of 2.)
        return "greeting", _say(state, rng, scenario, "greeting")
    if kinds == {"ack"} and not _AGREES.match(score.text):
        # "Hmm.", "Ok.", "Right.", "Uh-huh.": nothing said yet, so the customer says again what is
        # still open, not "That's more like it." (QA round 36: 8 of 13 bare acknowledgements were
        # answered as if something had been offered). (A yes answers; "Sure." is taken as agreed.)
        brought_back = _need_brought_back(state, rng, scenario)
        if brought_back:
            return "still_open", brought_back
    if ((move in {"empathise", "apologise"} and not (kinds and kinds <= WORKING_KINDS)
         and not (kinds & _CARRIED_OUT and band(score.ownership) == "high")) or kinds == {"empathy"}):
        # (Not an apology with the agent's own step in it: "I am very sorry for this. I call now
        # myself the data division" got "I don't need you to understand", QA round 19.)
        # (Not "Right.", "ok": an acknowledgement is no sympathy to be answered with "Nice words".)
        return "empathy_only", _say(state, rng, scenario, "empathy_only")
    # "Who makes sure it actually happens?" asks what a reply naming the agent as the one who
    # does it and when has just said (QA round 24: 6 replies such as "I stay your contact; I'll
    # call you back this afternoon at three").
    # The scorer's cues say it: the agent's contact, or a step of theirs with its time.
    owner_named = "contact" in kinds or {"commitment", "time"} <= kinds
    left_open = _left_open(state, scenario) if not served else None
    line = _still_open(state, rng, scenario, left_open) if left_open else None
    if line:
        # What was taken back or cut, or what the customer just raised, answered warmly but not met
        # ("I told you: the technician comes on the 15th. I've booked him myself." to "And on moving
        # day?"): the customer says it is still open, not "Thank you. That helps." (play-through 56:
        # 6 calls, the need raised again only at the goodbye).
        return "still_open", one_ask(line)
    unfit = _ASKS_WHO_OWNS if owner_named else None
    return "mood", _say(state, rng, scenario, _line_mood(state, score), unfit=unfit)


def _left_open(state: CustomerState, scenario: Scenario) -> str | None:
    """The need the customer waits on: one met, then taken back or cut, and open since; else the one
    they raised on their last line."""
    open_needs = _open_needs(state, scenario)
    return next((n for n in state.reopened if n in open_needs), None) or _need_just_raised(state, scenario)


def _ends_on_the_open_question(text: str) -> bool:
    """The reply's last question asks for the story ("What can I do for you?"), so it comes before a
    fact its other words name ("Congratulations on the new house! What can I do for you?" got the
    new address, QA round 51; "... when you moved your number over. Tell me what happened." got the
    phone number, QA round 55: with no question mark, the last sentence)."""
    last = _last_question(text)
    return bool(_ASKS_THE_PROBLEM.search(last)) and not _ASKS_WHAT_THEY_WANT.search(last)


def _ends_on_what_they_want(text: str) -> bool:
    """The reply's last question asks what would help ("Can I ask, what would make you withdraw the
    cancellation?", "What would help you most for those weeks?"): what is still open comes before a
    fact its words name (QA round 53: the cancellation date, the colleague's nine weeks)."""
    return bool(_ASKS_WHAT_THEY_WANT.search(_last_question(text)))


def _last_question(text: str) -> str:
    """The reply's last sentence that is a question; with none, its last sentence ("what would help
    you most", "Tell me what happened." typed without a question mark)."""
    sentences = _sentences(text)
    return ([s for s in sentences if _is_question(s)] or sentences[-1:] or [""])[-1]


_ASKS_WHO_OWNS = re.compile(r"\bwho(?:'s| is)? (?:makes? sure|chasing|keeps? after|follows? (?:it|this) up|is on (?:it|this))\b",
                            re.I)


def _line_mood(state: CustomerState, score: ReplyScore) -> str:
    """The mood whose lines answer `score` when nothing more particular does. After a strong reply
    the customer is no better than wary, however low they started: "I'm tired of it, frankly"
    after "I'll escalate this to retention myself and call you back Thursday at 3" answers the
    call so far, not the reply (QA round 7)."""
    mood = state.mood if state.mood in MOODS else "calm"
    strong = "high" in (band(score.ownership), band(score.flexibility)) and not score.over_promise
    if strong and MOODS.index(mood) < MOODS.index("wary"):
        return "wary"
    return mood


def _maybe_extra(state: CustomerState, rng: random.Random, scenario: Scenario, progress: bool,
                 provoked: bool, kind: str, line: str = ""):
    """What the customer adds to the line: the test (a threat, once per session) when a low reply
    provoked it and patience runs low; the case's own frustrations when the talk stalls, but not
    one that says again what the line just said. Nothing after a reply that made progress, and
    nothing after a fact answer or a need brought back: it stays on its topic."""
    if progress or kind in {"fact", "question_unknown", "still_open", "go_ahead", "on_hold", "confirmed", "picked", "recap"}:
        return None, None
    if provoked and not state.test_used and state.patience <= TEST_LINE_PATIENCE:
        state.test_used = True
        return "test", _pick(state, rng, scenario.lines["test"])
    if state.stalls >= STALL_FOR_FRUSTRATION:
        # ("I didn't make my plan start a month early. Your company did that. Also, my plan
        # started a month before it should have": the same grievance twice, QA round 14.)
        fresh = [extra for extra in scenario.lines["frustrations"] if not _same_grievance(line, extra)]
        return "frustrations", _pick(state, rng, fresh)
    return None, None


_WORD = re.compile(r"[a-z']{4,}")
_ENDING = re.compile(r"(ed|ing|s)$")


def _same_grievance(line: str, other: str) -> bool:
    """Two lines share three words of four letters or more (their endings set aside)."""
    def words(text: str) -> set[str]:
        return {_ENDING.sub("", w) for w in _WORD.findall(text.lower())} - {"your", "that", "this", "with", "have"}
    return len(words(line) & words(other)) >= 3


def _goodbye(state: CustomerState, rng: random.Random, scenario: Scenario, outcome: str) -> str:
    late_low = state.low[-1] if outcome == "resolved" and state.low else None
    if late_low and late_low.turn >= state.turn - 1:
        # Every need met, then a no, a rule or a hand-off just before the goodbye ("That's the
        # procedure, I'm afraid." - "Bye"): not a warm thank-you, the words quoted back.
        line = _pick(state, rng, scenario.goodbye_lines["resolved_after_low"])
        if line:
            return line.replace("{said}", _quoted(late_low.text))
    lines: Sequence[str] = scenario.goodbye_lines[outcome]
    # (Not a line quoting words nobody said: "I've heard enough 'Monday'" after no Monday; what the
    # low replies said is what the customer leaves on. Play-through 57: 2 calls.)
    said = " ".join(low.text for low in state.low)
    lines = [line for line in lines if not quotes_unsaid(line, said)] or lines
    if state.met:
        # Left with a need open after another was met: not "nothing to show for it".
        lines = [line for line in lines if not _NOTHING.search(line)] or lines
    return _pick(state, rng, lines) or rng.choice(lines)


def end_by_trainee(state: CustomerState, scenario: Scenario) -> Reaction:
    """The trainee ends the call: resolved if every need was met, otherwise abandoned."""
    if state.outcome:
        raise ValueError("this session has already ended")
    state.turn += 1
    outcome = "resolved" if not _open_needs(state, scenario) else "abandoned"
    state.outcome = outcome
    return Reaction(_goodbye(state, _rng(state), scenario, outcome), state.mood, "goodbye", outcome)


def _decisive(reply: ReplyScore, wanted: str) -> bool:
    """`reply` is in the band `wanted` ("high" or "low") on at least one dimension."""
    return wanted in (band(reply.ownership), band(reply.flexibility))


def scorecard(state: CustomerState, scenario: Scenario, rubric: Rubric | None = None) -> dict[str, Any]:
    """The end-of-session summary, as the `scorecard` custom payload."""
    tally = _tally(state)
    session = tally.session_score(rubric or default_rubric(), scenario, state.met, state.pending, state.awaiting)

    def brief(reply: ReplyScore | None) -> dict[str, Any] | None:
        if reply is None:
            return None
        return {"text": reply.text, "ownership": reply.ownership,
                "flexibility": reply.flexibility, "reason": reply.reason}

    # Only a decisive reply is worth holding up: a "best reply" high on a dimension, a "worst
    # reply" low on one (a greeting at 51/50 teaches nothing either way).
    # (Not a reply low on the other dimension: a rule hidden behind beside an owned step teaches
    # nothing as the best of the call.)
    best = (brief(session.best) if session.best is not None and _decisive(session.best, "high")
            and not _decisive(session.best, "low") else None)
    worst = brief(session.worst) if session.worst is not None and _decisive(session.worst, "low") else None
    if worst is not None and state.worst_model:
        worst["model_reply"] = dict(state.worst_model)  # only a low reply has one
    taken_back = state.best_taken_back
    if best is not None and taken_back and taken_back.get("best") == best["text"]:
        best["taken_back_by"] = taken_back.get("by", "")  # what a later reply took back of it
    return {
        "scenario": scenario.id,
        "outcome": state.outcome or "abandoned",
        "ownership": session.ownership,
        "flexibility": session.flexibility,
        # Every reply the customer answered; "unscored" of them could not be read with confidence.
        "turns": session.turns + tally.unsure,
        "unscored": tally.unsure,
        "best": best,
        "worst": worst,
        "tip": session.tip,  # the first of "tips", for readers that know one tip
        "tips": list(session.tips),
        "over_promise": tally.over_promise,  # something was promised beyond authority
        # The first such promise, named (play-through 54: the card said nothing of it when its
        # tip was not among the three chosen): the reply's words and what it promised.
        "over_promised": {"text": tally.over_promise_text, "promise": tally.promised(scenario)}
        if tally.over_promise else None,
        # Every reply scored 40 or less on a dimension, in order, each with its stronger reply.
        "stronger_replies": [low.as_dict() for low in state.low],
        # What was agreed, need by need, in the words of the reply that met it (play-throughs 56 and
        # 57: no card said it, so a team lead could not tell what the trainee had promised).
        "agreed": [{"need": scenario.need(n).description, "said": state.promised[n].said}
                   for n in state.met if n in state.promised and state.promised[n].said],
        # What the customer still needed when the call ended without being resolved (QA round 13:
        # a churned call with high scores said nothing of why the customer left).
        "still_open": [] if state.outcome == "resolved" else [scenario.need(n).description
                                                              for n in _open_needs(state, scenario)],
        # How the two numbers came about (QA round 5: "Ownership 100/100" after a reply at 48/0
        # read as a contradiction): docs/rubric.md "The session score".
        "counted": _how_counted(session_rules(rubric or default_rubric())),
    }


def _how_counted(rules: SessionRules) -> str:
    return ("How the call is scored: only replies clearly high or low on a dimension count (greetings, "
            f"questions and apologies do not); your weakest reply counts {rules.worst_weight} times, so one "
            "rigid reply holds a score down even after you recover; a promise "
            "beyond the agent's authority counts against flexibility; each need of the customer's met adds "
            f"up to {rules.needs_credit} points; a call in which no reply owned the problem and no need was met "
            f"scores at most {rules.nothing_done_ownership_max} on ownership.")


def scorecard_text(card: dict[str, Any], scenario: Scenario) -> str:
    """The scorecard as plain text for channels that show no custom payloads."""
    lines = [
        f"Scorecard: {scenario.title}",
        f"Outcome: {card['outcome']} after {card['turns']} {'reply' if card['turns'] == 1 else 'replies'}"
        + (f" ({card['unscored']} not scored: the coach could not read "
           f"{'it' if card['unscored'] == 1 else 'them'} with confidence)" if card.get("unscored") else ""),
        f"Ownership {card['ownership']}/100 ({band(card['ownership'])}), "
        f"flexibility {card['flexibility']}/100 ({band(card['flexibility'])})",
    ]
    if card.get("agreed"):  # (a card stored before it has none)
        lines.append("Agreed:")
        lines += [f"- {item['need']}: \"{item['said']}\"" for item in card["agreed"]]
    if card.get("still_open"):  # (a card stored before it has none)
        lines.append("Still open when the call ended: " + "; ".join(card["still_open"]) + ".")
    lows = card.get("stronger_replies")
    for label in ("best", "worst"):
        reply = card.get(label)
        if reply:
            lines.append(f"{label.capitalize()} reply: \"{reply['text']}\" "
                         f"({reply['ownership']}/{reply['flexibility']}): {reply['reason']}")
            if reply.get("taken_back_by"):
                lines.append(f"(Later taken back: \"{reply['taken_back_by']}\")")
            if lows is None and reply.get("model_reply"):  # a card from before the list
                lines.append(f"A stronger reply: \"{reply['model_reply']['text']}\" ({reply['model_reply']['why']})")
    over = card.get("over_promised")  # (a card stored before it has none)
    if over:
        said = f"\"{over['text']}\" " if over.get("text") else ""
        lines.append(f"Beyond your authority: {said}promised {over['promise']}.")
    if lows:
        lines.append("Where a stronger reply was possible:")
        for low in lows:
            lines.append(f"- You said: \"{low['text']}\" ({low['ownership']}/{low['flexibility']}). "
                         f"Stronger: \"{low['model_reply']['text']}\" ({low['model_reply']['why']})")
    tips = card.get("tips") or [card["tip"]]
    if len(tips) == 1:
        lines.append(f"Tip: {tips[0]}")
    else:
        lines.append("Tips:")
        lines.extend(f"{number}. {tip}" for number, tip in enumerate(tips, start=1))
    if card.get("counted") and _numbers_need_explaining(card):  # (a card stored before it has none)
        lines.append(card["counted"])
    return "\n".join(lines)


def _numbers_need_explaining(card: dict[str, Any]) -> bool:
    """How the call is scored, said last and only where the numbers could puzzle: a low reply
    weighed extra, a promise beyond authority, replies not scored, a call not resolved (QA rounds
    23 and 24: the paragraph stood before the replies on 41 of 41 and 50 of 50 scorecards)."""
    return bool(card.get("worst") or card.get("stronger_replies") or card.get("over_promise")
                or card.get("unscored") or card.get("outcome") != "resolved")
