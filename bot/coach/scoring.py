"""Score a trainee's reply on ownership and flexibility, and a session from its replies.

Plain Python: the caller passes the NLU result (intent ranking and entities) it already has,
so the live bot (an action) and `python -m bot score` run exactly this code. The rubric's
numbers and phrases live in `bot/coach/rubric.yml`; docs/rubric.md explains them.
"""
from __future__ import annotations

import difflib
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import yaml

from bot.coach.literals import Prefiltered
from bot.coach.scenarios import Offer, Scenario, load_yaml

RUBRIC_PATH = Path(__file__).with_name("rubric.yml")
DIMENSIONS = ("ownership", "flexibility")
NEGATIVE_KINDS = frozenset({"policy", "refusal", "deflection", "blame", "futility"})
NEUTRAL_MOVES = frozenset({"greet", "empathise", "apologise", "ask_details", "close", "nlu_fallback"})
# Markers of the agent working the call, nothing more: a hold, an acknowledgement, a check back.
WORKING_KINDS = frozenset({"hold", "ack", "check_back", "correction", "not_knowing"})
# What turns a hedge into a commitment. Not a time on its own: it needs a cue beside it, and
# beside an option only ("could be an option to get a 4G box to you this afternoon, if that
# works?") it dates the option, it commits the agent to nothing.
CONCRETE_KINDS = frozenset({"ownership", "commitment", "contact", "escalation", "done"})
# What makes ownership concrete: an action the agent will carry out, a time, staying the contact.
# "done": the thing already done, said without "I'll" ("Done. Fee waived.", "it's reserved").
STEP_KINDS = frozenset({"commitment", "time", "contact", "escalation", "done", "entity:callback_time",
                        "entity:direct_contact"})
# Cues that offer the customer something: what sets a rule aside.
FLEXIBLE_KINDS = frozenset({"offer", "exception"})
# Cues where the agent does something themselves (not passing it on).
AGENT_ACTS = frozenset({"ownership", "commitment", "offer", "exception", "escalation", "contact"})
NEGATIVE_MOVES = frozenset({"cite_policy", "refuse", "deflect", "blame_customer"})
# With no negative word beside them, these leave a negative reading of the model nothing to take
# away: the agent sides with the customer, gives the contact, reports a deed, or corrects what they
# said ("Sorry, I meant by nine, not eight": the "not" is the agent's own slip, QA round 12).
NO_NEGATIVE_MEANT = frozenset({"reasonable", "contact", "done", "correction", "confirms"})
# And, for one negative move, words that are plainly not it: a hedge refuses nothing ("Perhaps
# something can be done about the fee", QA round 23), nor does keeping hold of the problem ("I won't
# stop until your line is switched over", QA round 36). (Not a goodbye beside a blame reading: the
# blame's words may be ones no cue knows, "Maybe you shouldn't rely on an iPhone. Well, have a
# good day".)
# Nor does the agent's own step pass anything on ("Please hold, I'm going to ring the data
# division", QA round 24: the call's worst reply at 59/36 "Passes the problem on"), unless the step
# is to send the customer elsewhere (_SENDS_ELSEWHERE: "I'll get you the number for retention").
# Nor does a vague promise blame anyone ("I think it should be fine probably", "Someone should call you
# back": QA round 42, 4 of 7 read as blame).
NOTHING_OF_THE_MOVE: Mapping[str, frozenset[str]] = {"refuse": frozenset({"hedge", "closing", "ownership"}),
                                                       "deflect": frozenset({"commitment"}),
                                                       "blame_customer": frozenset({"vague", "commitment", "done", "exception", "ownership"})}
_SENDS_ELSEWHERE = re.compile(r"\b(numbers?|address|queue|website|web ?site|form|someone from|somebody from|through to|"
                              r"back to|(they|he|she)(?:'ll| will)? (?:take it from here|explain|handle))\b",
                              re.I)
# Moves that explain, refuse or hand off: a case's offer they name is only named, unless a cue
# makes it (an offer, an exception, a conditional offer, something the agent does).
# (Not deflect: "our shop can do the half-price iPhone" is a real offer the customer fetches
# elsewhere, flexibility 2 and ownership 0 in the scoring guide.)
NAMING_MOVES = (NEGATIVE_MOVES - {"deflect"}) | {"explain_procedure"}
# "done" too: a case's offer said as already done ("the installation fee has come off the order",
# "one order, booked.") is made, however the model read the reply.
# "correction" too: "Sorry, correction: the technician comes on the 14th, not the 15th" restates
# what the agent gives, put right (QA round 24: the call churned with the technician "still open").
MAKES_OFFER = AGENT_ACTS | {"hedge", "done", "correction"}
# What the agent cannot do, said of their own hands ("my hands are tied", "out of my hands").
_POWERLESS = re.compile(r"\bhands (?:are |were )?(?:tied|bound)\b|\b(?:out of|not in) (?:my|our) hands\b|"
                        r"\b(?:out of|beyond|outside|not in) my control\b|\bno control over\b", re.I)
# After a "but", what turns the reply: something the agent does or has already done ("No
# guarantees tonight. But the 4G box is in a courier van as we speak").
TURNS = AGENT_ACTS | {"done"}
# Beside an offer the customer fetches elsewhere, the hand-off and what says why the agent does
# not do it themselves ("I can't book it", "that's how it goes") cost ownership, not flexibility.
HAND_OFF_REASONS = frozenset({"deflection", "refusal", "policy"})
# Moves after which an entity (a router, a credit, a call-back time) is evidence of an offer.
OFFER_MOVES = frozenset({"offer_alternative", "make_exception", "commit_next_step", "take_ownership",
                         "escalate_for_customer"})
# The NLU entities that name something offered or promised, and what they add as evidence.
ENTITY_EFFECTS: Mapping[str, tuple[int, int]] = {
    "plan_change": (2, 6),
    "credit": (2, 6),
    "temporary_connection": (2, 6),
    "promotion_guarantee": (4, 6),
    "callback_time": (6, 0),
    "direct_contact": (6, 0),
    "escalation": (4, 0),
}
TOP_INTENTS = 3
# "The policy says no, but I can...": what comes before the last "but" counts for less.
BEFORE_CONTRAST_WEIGHT = 0.3
_AMOUNT = re.compile(r"(?:€|eur(?:os?)?)\s*(\d+(?:[.,]\d+)?)|(\d+(?:[.,]\d+)?)\s*(?:€|eur(?:os?)?\b|quid)", re.I)
# "I'm putting 300 euro on your account" credits as much as "a 300 euro credit".
# (And "I'm crediting 120 euro", QA round 29: the verb's forms too.)
_MONEY_WORDS = re.compile(r"\b(credit\w*|refund\w*|compensat\w*|back|off|discount\w*|pay|reimburse\w*|"
                          r"on your (account|bill))\b", re.I)
# An amount that is a device's price or taken off it, not money credited: "The new iPhone costs 600
# euro; I'm taking 300 off", "150 euro off the new iPhone" (QA round 29: read as credits above the
# limit; a discount on the device is the case's own offer, with its own limit).
_DEVICE = re.compile(r"\b(iphone|phone|handset|device|laptop|mobile)s?\b", re.I)
_PRICE_BEFORE = re.compile(r"\b(costs?|costing|priced at|price (is|of)|retails? (at|for)|worth)\s+(about |around |roughly )?$", re.I)
_OFF_AFTER = re.compile(r"\s*(euros?\s*)?off\b", re.I)


UNSURE_REASON = "Not scored: the wording was unclear, so the customer answered only what was plain, or asked what you meant"

# The rubric's bands (docs/rubric.md): the lowest and highest score of each, in order.
BANDS: dict[str, tuple[int, int]] = {"low": (0, 40), "neutral": (41, 59), "high": (60, 100)}
UNSURE_SCORE = sum(BANDS["neutral"]) // 2  # the middle of the neutral band


def band(score: int) -> str:
    """The rubric's band for a 0–100 score."""
    if score <= BANDS["low"][1]:
        return "low"
    if score >= BANDS["high"][0]:
        return "high"
    return "neutral"


class RubricError(ValueError):
    pass


@dataclass(frozen=True)
class CuePattern:
    """One entry of a cue's `patterns:` list: its regex (word lists expanded) and a reply it matches."""

    regex: re.Pattern[str]
    example: str


@dataclass(frozen=True)
class CueRule:
    kind: str
    label: str
    regex: re.Pattern[str]  # the cue's patterns as one alternation, in their order
    ownership: int
    flexibility: int
    needs_kind: frozenset
    patterns: tuple[CuePattern, ...] = ()
    # The alternation run pattern by pattern, only those whose words the reply has (the same
    # matches, several times faster: bot/coach/literals.py).
    matcher: Prefiltered | None = None
    # An option in the same sentence as this cue is the customer's to find, not the agent's:
    # "You could use your wife's laptop in the meantime" (rubric.yml `withholds_options`).
    withholds_options: bool = False
    # Kinds beside which this cue does not count: "Compensation is handled by account management" is
    # a hand-off, but not beside the agent's own step ("..., so I'm taking it to them myself and I'll
    # call you at 4"), wherever that stands in the reply (rubric.yml `without_kind`).
    without_kind: frozenset = frozenset()

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        """The cue's matches in `text`, as `regex.finditer` finds them."""
        if self.matcher is None:
            return self.regex.finditer(text, pos, endpos)
        return self.matcher.finditer(text, pos, endpos)

    def search(self, text: str) -> re.Match[str] | None:
        return next(self.finditer(text), None)


@dataclass(frozen=True)
class BandCheck:
    """When the band check (a learnt reading of how team leads band replies like this one) holds a
    far score at the near edge of the neutral band: when it is more than `opposite_above` sure of
    the opposite far band, or (if set) less than `scored_below` sure of the far band scored."""

    opposite_above: float
    scored_below: float | None = None


@dataclass(frozen=True)
class Rubric:
    version: int
    moves: Mapping[str, Mapping[str, Any]]
    cues: tuple[CueRule, ...]
    negation: re.Pattern[str]
    offer_negation: re.Pattern[str]
    contrast: re.Pattern[str]
    # A sentence that sets the rule stated before it aside ("I've overridden that"): it turns the
    # reply from its start, as a contrast word does.
    set_aside: re.Pattern[str]
    # An offer cue's phrase that only says when ("in the meantime"): no offer next to a hand-off.
    only_when: re.Pattern[str]
    # Words that refuse an amount named later in the same sentence ("I can't give you ... 480 euros").
    refused_in_sentence: re.Pattern[str]
    # What stands just before a "can't" that is not the agent's ("your business can't", "sales can't").
    not_the_agent: re.Pattern[str]
    # The customer told to go and do it ("Call them and they'll send one"): a case's offer read
    # as a hand-off is fetched elsewhere only with these words.
    told_to_go: re.Pattern[str]
    # The next contact promised by somebody else ("they'll call you Monday"): the time named is
    # theirs, so it does not lift a vague promise to ownership.
    theirs_next: re.Pattern[str]
    # After something beyond authority in its sentence, the agent declines to promise it ("isn't
    # mine to give, so I won't promise it"): named, not promised.
    declined_promise: re.Pattern[str]
    # Whoever decides said no ("my supervisor turned it down", "...and he said no").
    decider_no: re.Pattern[str]
    caps: Mapping[str, Any]
    worst_weight: int
    tips: Mapping[str, str]
    # Below this confidence in its best move, with no cue and no offer to go on, the model's
    # reading is a guess: the customer asks what the trainee means and the reply is not counted.
    unsure_below: float = 0.0
    session: SessionRules | None = None  # how a session is judged (rubric.yml `session:`)
    # Per dimension, when the band check holds a far score at the edge of the neutral band
    # (rubric.yml `band_check:`, `_band_check`).
    band_check: Mapping[str, BandCheck] = field(default_factory=dict)


# `{name}` in a pattern: a word list of rubric.yml's `words:`.
_WORD_LIST = re.compile(r"\{([A-Za-z_]\w*)\}")
# A word list inside a negative look-behind, "(?<!\b{own_call} )": one look-behind per word.
_LOOK_BEHIND = re.compile(r"\(\?<!([^(){}]*)\{([A-Za-z_]\w*)\}([^(){}]*)\)")


def _word_lists(path: Path, data: Any) -> tuple[dict[str, list[str]], set[str]]:
    """rubric.yml's `words:`: name -> its words (each a word, a phrase or a short pattern), and the
    names other lists' words use. A word may name another list as {name}, so a phrase many lists
    need is written once ("make sure" the team knows: not the agent's step, whichever list asks)."""
    if data is None:
        return {}, set()
    if not isinstance(data, Mapping):
        raise RubricError(f"{path}: words: expected a mapping of word lists")
    for name, words in data.items():
        where = f"words.{name}"
        if not isinstance(name, str) or not _WORD_LIST.fullmatch(f"{{{name}}}"):
            raise RubricError(f"{path}: {where}: a word list's name is letters, digits and _")
        if not isinstance(words, list) or not words:
            raise RubricError(f"{path}: {where}: expected a non-empty list of words")
        for index, word in enumerate(words):
            if not isinstance(word, str) or not word:
                hint = " (quote a word YAML reads as true or false: 'on', 'no')" if isinstance(word, bool) else ""
                raise RubricError(f"{path}: {where}[{index}]: expected a word, got {word!r}{hint}")
    lists: dict[str, list[str]] = {}
    named: set[str] = set()

    def expand(name: str, chain: tuple[str, ...]) -> list[str]:
        if name not in lists:
            expanded = []
            for index, word in enumerate(data[name]):

                def inner(match: re.Match[str], index: int = index) -> str:
                    other = match[1]
                    at = f"words.{name}[{index}]"
                    if other not in data:
                        raise RubricError(f"{path}: {at}: unknown word list '{other}'")
                    if other == name or other in chain:
                        circle = " -> ".join((*chain, name, other)[list((*chain, name)).index(other):])
                        raise RubricError(f"{path}: {at}: a word list names itself: {circle}")
                    named.add(other)
                    return "(?:" + "|".join(expand(other, (*chain, name))) + ")"

                word = _WORD_LIST.sub(inner, word)
                try:
                    re.compile(word, re.I)
                except re.error as error:
                    raise RubricError(f"{path}: words.{name}[{index}]: not a valid regular expression ({error})") from None
                expanded.append(word)
            lists[name] = expanded
        return lists[name]

    for name in data:
        expand(name, ())
    return lists, named


def _regex(path: Path, where: str, text: Any, lists: Mapping[str, list[str]], used: set[str]) -> re.Pattern[str]:
    """Compile one pattern of rubric.yml with its word lists expanded; errors name the field."""
    if not isinstance(text, str) or not text:
        raise RubricError(f"{path}: {where}: expected a regular expression")

    def words(name: str) -> list[str]:
        if name not in lists:
            raise RubricError(f"{path}: {where}: unknown word list '{name}'")
        used.add(name)
        return lists[name]

    expanded = _LOOK_BEHIND.sub(lambda m: "".join(f"(?<!{m[1]}{word}{m[3]})" for word in words(m[2])), text)
    expanded = _WORD_LIST.sub(lambda m: "(?:" + "|".join(words(m[1])) + ")", expanded)
    try:
        return re.compile(expanded, re.I)
    except re.error as error:
        raise RubricError(f"{path}: {where}: not a valid regular expression ({error})") from None


def _cue_patterns(path: Path, where: str, entries: Any, lists: Mapping[str, list[str]],
                  used: set[str]) -> tuple[CuePattern, ...]:
    """A cue's `patterns:`: each a regex and an example reply it matches."""
    if not isinstance(entries, list) or not entries:
        raise RubricError(f"{path}: {where}: expected a non-empty list of {{match, example}}")
    patterns = []
    for index, entry in enumerate(entries):
        at = f"{where}[{index}]"
        if not isinstance(entry, Mapping):
            raise RubricError(f"{path}: {at}: expected {{match, example}}")
        regex = _regex(path, f"{at}.match", entry.get("match"), lists, used)
        example = entry.get("example")
        if not isinstance(example, str) or not example.strip():
            raise RubricError(f"{path}: {at}.example: expected a reply the pattern matches")
        if not regex.search(normalise(example)):
            raise RubricError(f"{path}: {at}.example: {example!r} does not match the pattern")
        patterns.append(CuePattern(regex, example))
    return tuple(patterns)


def load_rubric(path: Path = RUBRIC_PATH) -> Rubric:
    """Read and check the rubric file; errors name the file and the field."""
    try:
        # libyaml's loader when it is there: the file is long and read at every start.
        data = load_yaml(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise RubricError(f"{path}: cannot be read: {error}") from None
    try:
        moves = {}
        for name, move in data["moves"].items():
            moves[name] = {d: int(move[d]) for d in DIMENSIONS} | {"says": str(move["says"])}
        lists, used = _word_lists(path, data.get("words"))
        cues = []
        cue_kinds = {cue.get("kind") for cue in data["cues"]} | {"scenario_offer"}
        for index, cue in enumerate(data["cues"]):
            where = f"cues[{index}]"
            if "pattern" in cue:
                raise RubricError(f"{path}: {where}.pattern: a cue has patterns: a list of {{match, example}}")
            patterns = _cue_patterns(path, f"{where}.patterns", cue.get("patterns"), lists, used)
            # One alternation, tried in the list's order: what the cue matches is what its first
            # pattern to match (at the leftmost place) matches.
            regex = re.compile("|".join(f"(?:{p.regex.pattern})" for p in patterns), re.I)
            withholds = cue.get("withholds_options", False)
            if not isinstance(withholds, bool):
                raise RubricError(f"{path}: {where}.withholds_options: expected true or false")
            for field in ("needs_kind", "without_kind"):
                named = cue.get(field, [])
                if not isinstance(named, list) or not all(isinstance(kind, str) for kind in named):
                    raise RubricError(f"{path}: {where}.{field}: expected a list of cue kinds")
                unknown = sorted(set(named) - cue_kinds)
                if unknown:
                    raise RubricError(f"{path}: {where}.{field}: not a cue kind: {', '.join(unknown)}")
            cues.append(CueRule(cue["kind"], cue["label"], regex, int(cue["ownership"]),
                                int(cue["flexibility"]), frozenset(cue.get("needs_kind", ())), patterns,
                                Prefiltered.build(regex, [p.regex for p in patterns]), withholds,
                                frozenset(cue.get("without_kind", ()))))
        rubric = Rubric(
            version=int(data["version"]),
            moves=moves,
            cues=tuple(cues),
            negation=_regex(path, "negations", data["negations"], lists, used),
            offer_negation=_regex(path, "offer_negations", data["offer_negations"], lists, used),
            contrast=_regex(path, "contrast", data["contrast"], lists, used),
            set_aside=_regex(path, "set_aside", data["set_aside"], lists, used),
            only_when=_regex(path, "only_when", data["only_when"], lists, used),
            refused_in_sentence=_regex(path, "refused_in_sentence", data["refused_in_sentence"], lists, used),
            not_the_agent=_regex(path, "not_the_agent", data["not_the_agent"], lists, used),
            told_to_go=_regex(path, "told_to_go", data["told_to_go"], lists, used),
            theirs_next=_regex(path, "theirs_next", data["theirs_next"], lists, used),
            declined_promise=_regex(path, "declined_promise", data["declined_promise"], lists, used),
            decider_no=_regex(path, "decider_no", data["decider_no"], lists, used),
            caps=dict(data["caps"]),
            worst_weight=int(data["session"]["worst_weight"]),
            tips=dict(data["tips"]),
            unsure_below=float(data["unsure_below"]),
            session=SessionRules.from_mapping(data["session"]),
            band_check=_band_check_thresholds(path, data.get("band_check")),
        )
        unused = sorted(set(lists) - used)
        if unused:
            raise RubricError(f"{path}: words: not used by any pattern: {', '.join(unused)}")
        missing = sorted((set(TIP_ASKS) | set(session_rules(rubric).tip_order)) - set(rubric.tips))
        if missing:
            raise RubricError(f"{path}: tips: missing {', '.join(missing)}")
        return rubric
    except (KeyError, TypeError, ValueError) as error:
        if isinstance(error, RubricError):
            raise
        raise RubricError(f"{path}: missing or malformed field: {error}") from None


def _band_check_thresholds(path: Path, data: Any) -> dict[str, BandCheck]:
    if data is None:
        return {}
    if not isinstance(data, Mapping):
        raise RubricError(f"{path}: band_check: expected a mapping of dimension: probability")
    out = {}
    for name, value in data.items():
        if name not in DIMENSIONS:
            raise RubricError(f"{path}: band_check.{name}: not a dimension (one of {', '.join(DIMENSIONS)})")
        fields = value if isinstance(value, Mapping) else {"opposite_above": value}
        unknown = sorted(set(fields) - {"opposite_above", "scored_below"})
        if unknown or "opposite_above" not in fields:
            raise RubricError(f"{path}: band_check.{name}: expected a probability, or opposite_above and "
                              f"optionally scored_below" + (f" (unknown: {', '.join(map(str, unknown))})" if unknown else ""))
        for key, probability in fields.items():
            if isinstance(probability, bool) or not isinstance(probability, (int, float)) or not 0 < probability < 1:
                where = name if fields is not value else f"{name}.{key}"
                raise RubricError(f"{path}: band_check.{where}: expected a probability between 0 and 1, got {probability!r}")
        below = fields.get("scored_below")
        out[str(name)] = BandCheck(float(fields["opposite_above"]), None if below is None else float(below))
    return out


@lru_cache(maxsize=1)
def default_rubric() -> Rubric:
    return load_rubric()


@dataclass(frozen=True)
class Cue:
    """A phrase that moved a score, and by how much on each dimension."""

    phrase: str
    kind: str
    label: str
    ownership: int
    flexibility: int

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class ReplyScore:
    text: str
    ownership: int
    flexibility: int
    cues: tuple[Cue, ...]
    reason: str
    over_promise: bool
    move: str
    offers: tuple[str, ...] = ()
    over_promises: tuple[str, ...] = ()
    unsure: bool = False  # a guess: asked about, not counted in the session

    def payload(self) -> dict[str, Any]:
        """The `score` custom payload every channel receives (`unsure` only when it is)."""
        payload = {
            "ownership": self.ownership,
            "flexibility": self.flexibility,
            "cues": [c.as_dict() for c in self.cues],
            "reason": self.reason,
            "over_promise": self.over_promise,
        }
        if self.unsure:
            payload["unsure"] = True
        return payload

    def as_dict(self) -> dict[str, Any]:
        return {"text": self.text, **self.payload(), "move": self.move,
                "offers": list(self.offers), "over_promises": list(self.over_promises)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ReplyScore:
        return cls(
            text=data.get("text", ""),
            ownership=int(data["ownership"]),
            flexibility=int(data["flexibility"]),
            cues=tuple(Cue(**c) for c in data.get("cues", ())),
            reason=data.get("reason", ""),
            over_promise=bool(data.get("over_promise", False)),
            unsure=bool(data.get("unsure", False)),
            move=data.get("move", ""),
            offers=tuple(data.get("offers", ())),
            over_promises=tuple(data.get("over_promises", ())),
        )


# Chat shorthand new hires type, read as the words the cues are written in ("i call u back
# tomorow 11" as "i call you back tomorrow 11"). Whole words only; the reply itself is kept as typed.
CHAT_WORDS: Mapping[str, str] = {
    "u": "you", "ur": "your", "pls": "please", "plz": "please", "thx": "thanks", "2day": "today",
    "tmrw": "tomorrow", "tmr": "tomorrow", "tomorow": "tomorrow", "tommorow": "tomorrow", "tommorrow": "tomorrow",
    "2moro": "tomorrow", "2morrow": "tomorrow", "nr": "number", "msg": "message", "acct": "account",
    # (Stop 47, dev: "leave the login w me, txt u by 6" was not scored.)
    "txt": "text", "rn": "right now", "b4": "before", "thru": "through", "tho": "though", "w": "with",
    "2nite": "tonight", "tonite": "tonight", "gimme": "give me", "cuz": "because", "bc": "because",
    # The case's things typed fast (QA round 26: "4g ruter tomorow", "tecnician comes on 14th").
    "ruter": "router", "rooter": "router", "tecnician": "technician", "technican": "technician",
    "techician": "technician", "techncian": "technician",
    "garantee": "guarantee", "garanteed": "guaranteed", "guarentee": "guarantee", "guarenteed": "guaranteed",
    "gaurantee": "guarantee", "gauranteed": "guaranteed", "instalation": "installation", "adress": "address",
    # (QA round 33: "i am so sory for this" 6 of 7 not scored; "i send 4G ruoter by courrier now".)
    "sory": "sorry", "sorr": "sorry", "soory": "sorry", "sorrry": "sorry", "ruoter": "router", "roter": "router",
    "routr": "router", "iphon": "iphone", "ipone": "iphone", "credt": "credit", "crdit": "credit",
    "courrier": "courier", "curier": "courier", "appologies": "apologies", "apologys": "apologies",
    # (Play-through 37: "ill put the move + the digtal tv in one oder rite now", "as goodwil ill put 3 monts
    # credit on ur acount": the offer was not read, and the customer asked for what was given.)
    "digtal": "digital", "digitl": "digital", "oder": "order", "odrer": "order", "goodwil": "goodwill",
    "godwill": "goodwill", "monts": "months", "mnths": "months", "acount": "account", "accout": "account",
    "rite": "right", "discout": "discount", "discont": "discount",
    # (Play-through 37: "anythin else?" then "thx bye" left the call open with a need still open.)
    "anythin": "anything", "anyting": "anything", "anythng": "anything",
    # (Play-through 37: "hey mr mulder, realy sory abt the outage + that leter" was not scored.)
    "realy": "really", "abt": "about", "leter": "letter", "sry": "sorry",
    # (Play-through 38: "free iphone on ur 18 month plan is not posible" read as the promise.)
    "posible": "possible", "possibel": "possible", "imposible": "impossible",
    # (Play-through 40: "ill book the technicain for moving day", "ill put the move and the upgrade in 1
    # ordr today": the offers were not read, and the calls were lost.)
    "technicain": "technician", "techinician": "technician", "technitian": "technician", "ordr": "order",
    "ordre": "order", "upgarde": "upgrade", "upgrde": "upgrade",
    # (QA round 43: "ur acc mgr will call u tmrw 10am" was read as a hand-off, and the named contact
    # stayed open, 2 of 2.)
    "mgr": "manager", "mngr": "manager", "acc": "account",
    # (QA round 45: "3 mths credit, on ur acc by tmrw" not scored, 2 of 2; "np" not scored and "cya"
    # not heard as a goodbye after every need was met.)
    "mths": "months", "mth": "month", "mnth": "month", "np": "no problem", "cya": "see you",
    # (QA round 48: "i guarentee ur line will be fixd tonite", "i promis ur new line wil be live on the
    # 3rd": the over-promises were not flagged, and the scorecard said "stayed within your authority".)
    "fixd": "fixed", "fixt": "fixed", "promis": "promise", "promiss": "promise", "promse": "promise",
    "wil": "will", "guarante": "guarantee", "garentee": "guarantee",
    # (Batch 164: "the laptop, i will put it in writting for you today": the offer was not read.)
    "writting": "writing", "writen": "written",
}
_CHAT_WORD = re.compile(r"(?<![\w'/-])(" + "|".join(map(re.escape, CHAT_WORDS)) + r")(?![\w'/-])", re.I)
# "technician" typed every way (QA round 41: "technicien", "techincian" left the need open, 2 of 3):
# a word of its letters near enough, more than a list can hold. (Not "technique", "technical".)
_NEAR_TECHNICIAN = re.compile(r"(?<![\w'/-])te[ch]{1,3}[a-z]{4,8}(?![\w'/-])", re.I)


def _technician(match: re.Match[str]) -> str:
    word = match.group(0)
    lowered = word.lower()
    if lowered in {"technician", "technicians"} or lowered.startswith(("technique", "technical", "technolog")):
        return word
    target = "technicians" if lowered.endswith("s") else "technician"
    return target if difflib.SequenceMatcher(None, lowered, target).ratio() >= 0.8 else word


# "-ing" typed without its "i" ("yes, emailng it now", "sendng the router", QA round 53: 59 where
# "emailing" scored 82). No English word ends in a consonant and "ng" as these do.
_ING_WITHOUT_I = re.compile(r"(?<![\w'/-])([a-z]{3,}[bcdfhklmprstvxz])ng(?![\w'/-])", re.I)


# Contractions typed without the apostrophe that no other word is spelled like ("ill email you the
# confirmation today"; "ill" only where it cannot mean sick: not "you were ill", "feeling ill").
NO_APOSTROPHE: Mapping[str, str] = {
    "ill": "i'll", "ive": "i've", "youll": "you'll", "youre": "you're", "youve": "you've", "theyll": "they'll",
    "theyre": "they're", "thats": "that's", "theres": "there's", "whats": "what's", "isnt": "isn't",
}
_NO_APOSTROPHE = re.compile(
    r"(?<![\w'/-])(?<!\bwere )(?<!\bwas )(?<!\bis )(?<!\bare )(?<!\bbeen )(?<!\bbe )(?<!\bfeel )(?<!\bfeeling )"
    r"(?<!\bfell )(?<!\bgot )(?<!\bvery )(?<!\bso )(?<!\btoo )(?<!\ban )(?<!\bseriously )(?<!\bfalls )"
    r"(" + "|".join(NO_APOSTROPHE) + r")(?![\w'/-])", re.I)


# Second-language English "i have fix the email and reset your login" read as the deed it reports
# (QA round 26: 59, "taking it on needs a concrete step", where "I have fixed" scored 86).
PARTICIPLES: Mapping[str, str] = {
    "fix": "fixed", "send": "sent", "book": "booked", "cancel": "cancelled", "order": "ordered", "credit": "credited",
    "waive": "waived", "change": "changed", "reserve": "reserved", "arrange": "arranged", "add": "added",
    "combine": "combined", "correct": "corrected", "update": "updated", "activate": "activated", "call": "called",
    "make": "made", "give": "given", "unlock": "unlocked",
}
_BARE_PERFECT = re.compile(r"\b((?:i|we) (?:have|'ve) (?:already |just |now )?)(" + "|".join(PARTICIPLES) + r")\b", re.I)
# ...and in the passive (batch 89): "the router is send with courier" (not "what I can do is send",
# nor "your email is correct", which may only confirm what is on file).
_BARE_PASSIVE = re.compile(r"\b((?<!do )(?<!thing )(?<!idea )(?<!plan )(?<!option )(?<!step )(?<!bet )(?<!way )"
                           r"(?<!suggestion )(?:is|are|was|were|has been|have been) (?:already |just |now )?)("
                           + "|".join(verb for verb in PARTICIPLES if verb != "correct") + r")\b", re.I)
# Formal English "I shall contact the data division personally" read as the "I will" it is (batch 86).
_SHALL = re.compile(r"\b(i|we) shall\b(?! (i|we)\b)", re.I)
# "I'll, um, try to put you on the 24-month plan" read without its "um" (QA round 25: the hedge was missed).
_FILLER = re.compile(r",?\s+(?:um+|uh+|erm+|er|hmm+)\b,?(?=\s)", re.I)


# "one" for the thing named before it in the reply (QA round 32: "A router isn't normally included,
# but I'm sending you one free today" met no need, 5 of 5): read as "a router", so the case's offer
# is seen; only after a verb of giving, and only a thing the cases offer.
_ITEM = re.compile(r"\b(?:4g router|router|(?:mobile |internet |usb |4g )?stick|(?:backup |spare |second )?sim(?: card)?|"
                   r"iphone|handset|laptop)\b", re.I)
# (Read after CHAT_WORDS: "u" is already "you".)
_ONE_GIVEN = re.compile(r"\b((?:send|sending|ship|shipping|courier|couriering|give|giving|get|getting|order|ordering|"
                        r"lend|lending|reserve|reserving|put|putting)(?: you)? )(?:(?:a )?(free|spare|new|loan) )?one\b"
                        r"(?! (?:of|more|day|month|week|thing|last|another|way|sec|second|moment|minute)\b)", re.I)


# (Not the customer's own getting: "the webshop sells it; you can order one there".)
_SOMEONE_ELSE_DOES = re.compile(r"\b(?:you|they|he|she)(?: (?:can|could|may|might|will|'ll|should|would|just|"
                                r"need to|have to|want to))* $", re.I)


def _one_named(plain: str) -> str:
    def named(match: re.Match[str]) -> str:
        items = _ITEM.findall(plain, 0, match.start())
        if not items or _SOMEONE_ELSE_DOES.search(plain, max(match.start() - 40, 0), match.start()):
            return match.group(0)
        return f"{match.group(1)}a {match.group(2) + ' ' if match.group(2) else ''}{items[-1]}"
    return _ONE_GIVEN.sub(named, plain)


def normalise(text: str) -> str:
    """One space between words, straight apostrophes, chat shorthand spelled out (CHAT_WORDS),
    contractions typed without the apostrophe given it back (NO_APOSTROPHE), "-ing" typed without its
    "i" given it back ("emailng"), "I shall" as "I will",
    a second-language bare verb after "have" or in the passive as its participle (PARTICIPLES),
    "one" given as the thing named before it ("a router ... sending you one" as "... a router")."""
    plain = " ".join(text.replace("\u2019", "'").replace("\u2018", "'").split())
    plain = _SHALL.sub(lambda m: f"{m.group(1)} will", plain)
    plain = _BARE_PERFECT.sub(lambda m: m.group(1) + PARTICIPLES[m.group(2).lower()], plain)
    plain = _BARE_PASSIVE.sub(lambda m: m.group(1) + PARTICIPLES[m.group(2).lower()], plain)
    plain = _FILLER.sub("", plain)
    plain = _CHAT_WORD.sub(lambda m: CHAT_WORDS[m.group(1).lower()], plain)
    plain = _NEAR_TECHNICIAN.sub(_technician, plain)
    plain = _ING_WITHOUT_I.sub(lambda m: m.group(1) + "ing", plain)
    return _one_named(_NO_APOSTROPHE.sub(lambda m: NO_APOSTROPHE[m.group(1).lower()], plain))


def _negated(rubric: Rubric, text: str, start: int) -> bool:
    return bool(rubric.negation.search(text[:start]))


_SENTENCE_END = re.compile(r"[.;!?](?:\s|$)")
_TRAILING_THOUGH = re.compile(r"though\s*(?:[,.!?]|$)|anyway\b", re.I)


# Where one clause ends and the next begins: a stop or comma followed by a space, and the joining
# word after it ("..., and", "; so"), or a joining word alone ("... but ..."). The scorer bounds a
# token's clause with it; the customer splits a recap with it to find which promise each clause
# says again. A comma inside a number or a time ("9:30", "1,5") joins, it does not split.
CLAUSE_BREAK = re.compile(r"[.;!?,:](?:\s+(?:and|but|while|plus|so|though|although)\b)?(?:\s+|$)"
                          r"|\s+(?:and|but|while|plus|though|although)\s+", re.I)


def _clause_start(text: str, position: int) -> int:
    """Where the clause holding `position` starts (-1: the first clause)."""
    ends = list(CLAUSE_BREAK.finditer(text, 0, position))
    return ends[-1].end() if ends else -1


def _sentence_start(text: str, position: int) -> int:
    """Where the sentence holding `position` starts (-1: the first sentence, no split)."""
    ends = list(_SENTENCE_END.finditer(text, 0, position))
    return ends[-1].end() if ends else -1


def _asked_then_done(clean: str, found: Mapping[str, tuple[Any, re.Match[str], float]], effective: set[str]) -> bool:
    """A choice asked beside a dated step that is said, not asked: "Would you prefer a 4G router or
    a USB stick? Either one I'll send out free today", "Pick one and I'll do it before we hang up"
    (batch 83: the band check held them neutral for the question mark). Not the step asked:
    "What if I sent a 4G router today?", "Shall I put it all on one order?"."""
    if "time" not in effective:
        return False
    for kind in ("commitment", "done"):
        if kind in found:
            end = _sentence_end(clean, found[kind][1].start())
            if end >= len(clean) or clean[end] != "?":
                return True
    return False


def _statements(text: str) -> str:
    """The reply without its questions: "Would you prefer a router or a stick?" asks a choice, its
    "would" hedges nothing said after it."""
    kept, start = [], 0
    for end in _SENTENCE_END.finditer(text):
        if text[end.start()] != "?":
            kept.append(text[start:end.end()])
        start = end.end()
    return "".join(kept) + text[start:]


def _sentence_end(text: str, position: int) -> int:
    """Where the sentence going on from `position` ends: its stop, or the end of the text."""
    end = _SENTENCE_END.search(text, position)
    return end.start() if end else len(text)


_CONDITION = re.compile(r"only (if|when|once|as long as) you\b", re.I)
# Whoever decides said yes: "Retention confirmed you can have the 24-month plan", "she said yes".
GRANTED = re.compile(r"\b(?:confirmed|approved|agreed|signed (?:it |that |this )?off|okayed|said yes|came back with a yes)\b",
                     re.I)
# A condition put on what is granted or offered: "She said yes, but only if the 24 months start from
# today", "I can put you on the 24-month plan, but only if you sign today".
_ONLY_IF = re.compile(r"only (?:if|when|once|as long as|after)\b", re.I)
# A "done" phrase in a clause that starts with these is what will follow, not what was done:
# "cancel here and sign up fresh, then both are sorted", "try us again once the ISDN is gone".
# So is one the agent only hopes for or will not promise: "I can't guarantee it's fixed tonight".
# (Not "Great, then that's all done": "then" as "so", searched up to the "done" phrase; play-through 64:
# the offers the customer had said yes to stayed floated, and the call was lost.)
_NOT_YET = re.compile(r"\b(then(?! that\s*$)|once|if|when|after|until|unless|as soon as|hope|hopefully|(can'?t|cannot|not) "
                      r"(promise|guarantee))\b[^.,;:!?]*$", re.I)
_CAN_NOT = re.compile(r"can'?t|cannot|can not|unable", re.I)
# A purpose after what the agent does: "a backup SIM, free, so a single outage can't cut you off
# again", "a 4G router tonight, so your staff can't be stuck all weekend" (QA round 35: read as a no).
_SO_THAT = re.compile(r"\bso(?: that)? (?!(?:i|we|i'?m|we'?re|i'?d|we'?d)\b)(?:[\w'-]+ ){1,4}$", re.I)
_AGENT_SUBJECT = re.compile(r"\b(i|we|i'?m|we'?re|i am|we are)( really| just| simply| honestly)? $", re.I)
# The outcome, not something asked for, is what the agent will not promise: "no guarantees on
# tonight", "no promises", "I can't guarantee it's fixed tonight", "can't promise he'll come
# today", "I can't say more yet" (not "I can't promise you a free iPhone": a thing refused).
_NO_GUARANTEE = re.compile(r"\s+(guarantees?|promises?)\b", re.I)
_OUTCOME_NOT_PROMISED = re.compile(
    r"\s+(?:(?:actually|honestly|truly|fully) )?(?:(?:promise|guarantee|swear)(?: you)?(?: that)?\s+(?:(?:it|he|she|they|that|this|we|you|the [\w-]+(?: [\w-]+)?)"
    r"(?:'ll|'s|'d| will| would| is| are| can| could| has| have| gets?| works?| goes| comes?| moves?| arrives?)\b"
    r"|anything|when|how|what|a fix|(?:an?|the) (?:exact |precise )?(?:date|time|outcome|result|timing|day)"
    r"|(?:it )?(?:today|tonight|tomorrow|this (?:week|weekend|evening|afternoon)|by \w+|on \w+day|quick|soon))\b"
    r"|(?:say|tell you)(?: anything| more| much)?(?: for (?:sure|certain))?(?: now| today)?\s*(?:[.,;!?]|$))", re.I)
_REFUSED_IN_PHRASE = re.compile(r"\b(can'?t|cannot|can not|won'?t|isn'?t|aren'?t) (be|guarantee|promise)\b|"
                                # "24 months doesn't come with a phone" (batch 77): the offer's words said not to.
                                r"\b(doesn'?t|does not|don'?t|do not|can'?t|cannot|won'?t) (come|go) with\b", re.I)
_PASSIVE = re.compile(r"\s+(be|have)\b", re.I)  # "it can't be combined": the agent's refusal all the same
# A question that only names what was asked for, with no one doing anything ("A credit for the
# first month?", "Waiving the installation fee?"): the customer's request asked back.
# A no straight after what is named: "Damages, no.", "Free TV for a year? No. ..." (from the words'
# end, or from the end of the question that asked them back).
_NO_TO_IT = re.compile(r"[\s,:;-]*(?:no(?! (?:problem|worries|question|questions|extension|need|trouble|bother|charge|cost|catch|strings|fuss|extra|fee)\b)|nope|nah|not (?:possible|happening|a chance)|absolutely not|i'?m afraid not|"
                       r"sorry,? no|that'?s a no)\b", re.I)
# What a thing is called, said of what went before: "That would be business damages", "that counts as
# compensation" (the words after it, up to the thing's own).
_NAMED_AS = re.compile(r"\W*(?:and |but |so )?(?:that|this|it|which)(?:'d| would| will)?\s*(?:'s|is|be|counts? as|falls? under|means?)\s+"
                       r"(?:a |an |the |called |classed as |what we call )?(?:[\w-]+ ){0,2}$", re.I)
# A no straight after an offer's words, ending its clause: "The on-call tech, no chance.", "A courier
# router? Not happening." (batch 159: read as the offer made). Not what the offer spares the customer
# ("a loan router, no deposit").
_NO_AFTER_OFFER = re.compile(r"[\s,:;-]*(?:no(?: chance| way| can do| go| dice)?|nope|nah|not (?:possible|happening|a chance|on the table)|"
                             r"absolutely not|i'?m afraid not|sorry,? no|that'?s a no)\s*(?:[.!;,]|$)", re.I)
_ECHO = re.compile(r"\s*(?:(?:so|and|oh|right|ok|okay|sorry),? )*(?:an?|the|some|free|[a-z]+ing)\b[^.;!?]*\?", re.I)
# Cues that, after an offer in the same sentence, refuse or restrict it.
RESTRICTING_KINDS = frozenset({"policy", "refusal"})
# The words before an offer's phrase that make it the topic of its sentence: "For the ", "As for a ".
_TOPIC_OF = re.compile(r"\s*(?:(?:and|but|now|so|ok|okay|right),? )?(?:for|as for|about|regarding|with) (?:a |an |the |your )?", re.I)
# "You might be able to pick up a stick in a shop", "your IT supplier may be able to": the chance
# is someone else's, so next to a hand-off the option is no offer of the agent's (not "I might be
# able to lend you a stick", the agent's own hedged offer).
_OTHERS_CHANCE = re.compile(r"\b(you|they|your [\w-]+|the [\w-]+|[\w-]+ shops?)( [\w-]+)? (might|may) (well )?be able to\b"
                            r"[^.;!?]*$", re.I)


# What follows "I'll pop", "I can put" when the customer is handed to another team or queue:
# "I'll pop you into their queue", "I can put you back through to sales". A transfer is no step
# the agent carries (nor an offer of theirs): the agent does not stay the contact.
_HANDED_OVER = re.compile(r" (you|u) (back |straight |right )?(through to|over to|in ?to (their|the|a|an|sales|[\w-]+'s)\b"
                          r"[^.;!?]{0,20}\bqueue)\b", re.I)


_CONDITIONAL = re.compile(r"\b(if|would|could|might)\b", re.I)
# Words that keep a terse reply the model doubts from reading as the offer made: a no, a rule's
# "only", a request or guarantee talked about rather than given.
_NOT_STATED_AS_DONE = re.compile(r"\b(not|no|only|never|request|requests|guarantee|guaranteed|theory|possible)\b|n't\b",
                                 re.I)
# Another team's yes, relayed: "the data division says they'll release it tonight", "they're
# releasing the order tonight" (not the next call promised by them: "they'll call you Monday").
_RELAYED_DEED = re.compile(
    r"\b(?:says?|said|told me|confirmed|agreed|promised)\b,?(?: that)?:? (?:they|he|she|it)(?:'ll| will|'re| are| is|'s)(?: going to)? "
    r"(?!(?:call|ring|phone|contact|e-?mail|text|get back|be in touch|come back|let you know)\b)"
    r"(?:releas|mov|send|book|do|fix|sort|switch|connect|activat|process|put|waive|credit|reserv|honou?r|deliver|ship|cancel|"
    r"expedit|prioriti[sz]|push|review|look (?:at|into)|check|investigat)\w*\b",
    re.I)


# News passed on from another team, a system or a check the agent made.
_NEWS = re.compile(r"\b(?:team|desk|department|division|planning|billing|kpn|manager|supervisor|colleagues?|system|"
                   r"they|he|she|retention|logistics|people|office|engineers?|technicians?|marketing|complaints|it|"
                   r"sales|moves|provisioning)\b[^.;!?]{0,20}?\b(?:says|said|tells (?:me|us)|told (?:me|us)|"
                   r"confirm(?:s|ed)|has confirmed|reckons?|reports?)\b|"
                   r"(?:^|[.;!] )i(?:'ve| have)? (?:just )?checked\b|\baccording to\b", re.I)


# A check the agent made with another team, said as the reply's opening: "I've just spoken to the data
# division.", "I checked with marketing about the laptop.", "I asked planning whether ...".
_CHECK_MADE = re.compile(r"\W*(?:(?:ok|okay|right|so|well),? )?(?:i(?:'ve| have)? )(?:just |already |now |also )?"
                         r"(?:spoken|spoke|talked|checked|asked|rung|rang|called|phoned|contacted|emailed|been on to|"
                         r"been in touch with|got hold of)\b(?: (?:to|with))? (?:the |my |our |a |your )?"
                         r"(?:[\w-]+ )?(?:team|desk|department|division|planning|billing|kpn|manager|supervisor|team ?lead(?:er)?|"
                         r"colleagues?|retention|logistics|marketing|sales|engineers?|technicians?|director|office|moves|"
                         r"provisioning|back office)\b"
                         # (The check alone, with what it was about: not "... and neither can help, so ...".)
                         r"(?:(?: (?:about|whether|if|on|regarding|for you|while you|just now|this morning|this afternoon|"
                         r"earlier|today)\b)(?:(?! and | but | so )[^.;!?])*)?[\s.!]*", re.I)
# When another team works: "The data division works Monday to Friday during office hours".
_TEAMS_HOURS = re.compile(r"\b(?:team|desk|department|division|planning|engineers?|technicians?|office|shop)s? (?:only )?"
                          r"(?:works?|is open|are open|operates?|runs?)\b[^.;!?]{0,40}\b(?:(?:mon|tues|wednes|thurs|fri|satur|sun)days?|"
                          r"weekdays?|weekends?|office hours|business hours|\d)", re.I)


def _another_teams_deed(text: str, start: int, end: int) -> bool:
    """The words at `start`..`end` follow news passed on in their sentence, with no word of the
    agent's own between or in them ("Planning says it's booked", not "Planning says yes, so I've
    booked it")."""
    begin = max(_sentence_start(text, start), 0)
    news = max(_NEWS.finditer(text, begin, start), key=lambda found: found.start(), default=None)
    # ("The orders team confirmed the move and the upgrade are now on one order": confirmed to the
    # agent who asked for it, the agent's deed, QA round 26.)
    return (news is not None and "confirm" not in news.group(0).lower()
            and not _FIRST_PERSON.search(text, news.end(), end))


# Another team's deed or yes, said as news at the start of a sentence: "Billing have put the credit
# on", "Marketing said yes", "Your account manager has approved a three-month credit", "IT reset your
# login this morning", "Our courier has picked up a 4G router for you". (Not "confirmed": confirmed
# to the agent who asked for it, as in `_another_teams_deed`.)
_RELAYED_NEWS = re.compile(
    r"(?:^|[.;!?:] )(?:good news[:,!.]* )?(?:(?:the |our |your )?(?:billing|marketing|retention|planning|logistics|finance|"
    r"provisioning|kpn|account manager|data division|back office)|(?-i:IT)|(?:the |our |your )[\w-]+ (?:team|people|department|"
    r"desk|division))(?: team| people| department| desk| division)? "
    r"(?:has |have |'ve |had |just |already )*(?:approved|agreed|okayed|said yes|signed (?:it |that )?off|put|"
    r"booked|sent|reset|credited|reserved|fixed|waived|taken|took|added|merged|combined|picked up|arranged|released|"
    r"moved|scheduled|given|granted|cleared)\b", re.I)
# The agent's own part: "I've applied it", "approved it for me", "I pushed and got you three".
_AGENTS_PART = re.compile(r"\b(?:i|i'?m|i'?ll|i'?ve|i'?d|me)\b", re.I)


def reports_a_check(text: str) -> bool:
    """The reply is only the check the agent made with another team, its answer not given yet: "I've
    just spoken to the data division.", "I asked planning whether the technician can come on the 14th"."""
    return bool(_CHECK_MADE.fullmatch(normalise(text)))


def relays_news(text: str) -> bool:
    """The reply passes on another team's deed or yes as news: "Billing put the credit on",
    "Marketing have said yes"."""
    return bool(_RELAYED_NEWS.search(text))


def _only_relayed(text: str) -> bool:
    """The reply passes on another team's deed or yes and says nothing of the agent's own part in
    it: no "I" or "me" anywhere ("My manager said yes" is the manager's yes)."""
    return relays_news(text) and not _AGENTS_PART.search(text)


# Someone else named as the one who will do the next step: "The on-call technician will ring you
# tonight", "Your account manager, Ingrid de Vries, will ring you tomorrow at 10", "ok so the on-call
# tech wil call u tonite" (QA round 55: 75 to 91 on ownership; batch 151 and play-through 54 band
# them 1, batch 148 band them 0: never the agent's own commitment).
_THEIR_NEXT_STEP = re.compile(
    r"(?:^|[.;!?:,] )(?:(?:ok(?:ay)?|so|right|and|then|also)[,!]? )*(?:the |our |your |a |an )?(?:on-?call |duty |field |local )?"
    r"(?:technician|tech|engineer|installer|field service|planning|billing|retention(?: team)?|account manager|"
    r"data division|back office|kpn|someone|somebody|a colleague|my colleague|[\w-]+ (?:team|desk|department|division))\b"
    r"[^.;!?]{0,40}?\b(?:will|wil|'ll|is going to|are going to)\b", re.I)
# What the agent says of themselves that does no part of the work: their name, that they hear or are sorry.
_NOT_A_PART = re.compile(r"\bi'?m (?-i:[A-Z])\w+\b|\bi (?:hear|understand|see|get) (?:you|that|it|why)\b|"
                         r"\bi'?m (?:so |really |very )?sorry\b|\bi (?:know|can imagine)\b", re.I)


_LETS = re.compile(r"\blet'?s\b|\blet us\b", re.I)


def _only_their_step(text: str) -> bool:
    """The reply names someone else's next step and nothing the agent does about it."""
    # ("let's do it as one order. Field service will book the technician for Thursday": "let's" is the
    # agent's part, play-through 55.)
    return (bool(_THEIR_NEXT_STEP.search(text)) and not _AGENTS_PART.search(_NOT_A_PART.sub(" ", text))
            and not _LETS.search(text))


def relays_a_deed(text: str) -> bool:
    """The reply relays another team's yes: what they will do, not that they will call."""
    return bool(_RELAYED_DEED.search(text))


# Words that keep an offer from being the agent's own plain deed: an option named, a maybe, the
# team's promise ("We'll get a 4G router out to you": batch 76 labels it ownership 1).
_NOT_PLAIN = re.compile(r"\b(options?|maybe|sometimes|possib\w*|we'?ll|we will|how it works)\b", re.I)
_THEIR_OWN = re.compile(r"\b(with|from|through|at|via|by) your own\b|"
                        # "...you'll have to get one from another provider" (batch 77).
                        r"\b(get|buy|order)( one| it| them)? (from|at|with) (another|a different|an?other|some other) "
                        r"(provider|operator|network|company|shop)\b", re.I)
# The customer paying for it in full, in the offer's sentence.
_CUSTOMER_PAYS = re.compile(r"\byou(?:'d| would| will|'ll)? (?:need to |have to |must |can )?pay (?:for (?:it|that|them) )?"
                            r"(?:yourself|in full|the full (?:price|amount|cost))\b|\bat your (?:own )?(?:cost|expense)\b|"
                            # "A 4G router for the gap is something our webshop sells" (QA round 31: 34/100).
                            r"\b(?:webshop|shop|store|we|they|it) sells?\b|\bfor sale\b", re.I)
# The customer buying it themselves, just before the offer's words in its sentence: "You could buy
# a prepaid internet stick in any shop" names the stick, offers nothing of ours.
# (Also told to: "Buy a dongle at the electronics shop if it's that urgent", batch 97.)
_BOUGHT_THEMSELVES = re.compile(r"(?:\byou(?:'d| could| can| might| may| should| just| always| simply)* (?:buy|purchase|"
                                r"get yourself)|^\s*(?:just |maybe |perhaps |then |so )?(?:buy|purchase|grab)) "
                                r"(?:an? |one |the |some |yourself )?(?:[\w-]+ ){0,2}$", re.I)


# An option looked into or asked about, before its words in the sentence, with nothing done in
# between: "let me see whether retention can do anything", "I'm just looking at whether a discount
# on the device is possible", "Did anyone at two o'clock mention a 4G router?".
_EXPLORING = (r"(\b(see|check|checking|look at|looking at|looking into|find out|ask|asking|asked|enquired|inquired|decide|decides)\b"
              r"[^.;:!?]{0,30}?\s(whether|if)\b|"
              # Put to a manager or a team, not yet given: "I asked my team lead about the three months'
              # credit", "I put your request for the iPhone on 24 months to my manager" (QA round 45:
              # 4 of 5 read as made, and the customer accepted it).
              r"\b(ask|asked|asking|check|checked|checking|spoke|spoken|speaking|talked|talking|raised it|enquired|inquired)"
              r"( with| to)? (my|the|our|a) (manager|team ?lead(er)?|supervisor|boss|director|retention|planning|sales|billing|"
              r"marketing|[\w-]+ (team|desk|department|division))( [\w-]+)? about\b"
              # (Only what the asking is about, not a later offer: "I asked him about it and I can give you ...".)
              r"(?=\s*(?:(?:the|a|an|your|putting|giving|doing|getting|offering|us|you|me)\s+){0,3}[\w'-]*\s*(?:[.;:!?]|$|(?:the|a|an|your)\b))|"
              r"\b(put|passed|sent|forwarded|took|taken|raised) (your|the|this) (request|question|proposal|case) for\b|"
              # "Let me check what retention options we have for you" (batch 65).
              r"\b(see|check|look at|look into|find out) (what|which) ([\w-]+ ){0,2}(options?|deals?|offers?)\b|"
              # "Let me look at what retention can do" (the scoring guide's example; QA round 21).
              r"\b(see|check|look at|look into|find out) what (?!we\b)([\w-]+ ){1,3}(can|could|might) (do|offer|be (possible|done|arranged))\b|"
              r"\bdo you (know|remember|have)\b|"
              # "I'll look into combining the move and the upgrade", "let me look into whether it can be
              # one order" (QA round 35: 3 of 9 read as the offer and taken as booked).
              r"\blook(ing)? into(?= (\w+ing|whether|if)\b|\s*$)|"
              # "Has anybody reserved the promotion for you yet?" (batch 69): asked about, not offered.
              r"(?:^|[.?!,;:] |\b(?:and|so|but|ok|okay|right) )(has|have|had) (anyone|anybody|someone|somebody|they|he|she|my colleagues?|the [\w' -]{1,30}?) (already |ever |actually |yet )?(?=[a-z]+ed\b|$)|"
              r"\bdid (anyone|anybody|someone|somebody|they|he|she|the [\w' -]{1,30}?)(?: [\w']+){0,4}?\s+(ever |at all |already )?"
              r"(mention|offer|say|tell|suggest|bring up|promise|talk about|give)\w*\b|"
              r"\byou (said|mentioned)\b|"
              # What would help, asked: "Is there anything I could do that would make you
              # reconsider?" (QA rounds 20 and 21: it scored 81 on flexibility), "What would help most?".
              # (And "What would it take for you to stay with us?", QA round 36: 59/74, "Email me the details".)
              r"\banything (else )?(i|we) (could|can|might) do\b(?=[^.;:!]*\?)|\bwhat (else )?(would|could|might) (help|work|make|it take)\b|"
              # "Maybe we could do something about the fee, I'd have to ask" (batch 75).
              r"\b(i'?d|i would|we'?d|i'?ll|i will) (have|need) to (check|ask|see|find out|look)\b|"
              # An answer promised on it, not the thing itself: "I'll call you with an answer on the
              # 24-month plan", "I'll come back to you tomorrow about waiving the fee", "to tell you
              # whether the laptop can be reserved", "I'm checking with the on-call technician"
              # (QA round 24: scored, and thanked for, as the offer made).
              r"\b(an? |the |their |my )?(answer|decision|news|update|word|verdict) (on|about|regarding)\b|"
              r"\b(tell|let) (you|u) (know )?(whether|if|about)\b|\babout whether\b|"
              r"\b(call|ring|phone|text|email|come back to|get back to) (you|u)( back)?\b[^.;:!?]{0,30}?\babout\b|"
              r"\b(checking|check|asking|ask) with (the|our|my)\b|"
              # "I'll look into a goodwill credit and ring you on Friday" (QA round 25: 82/100, thanked for).
              r"\b(look|looking) into (a|an|the|some|any|your)\b|"
              r"\b(asking|ask) (the|our|my) [\w-]+( [\w-]+)? (for|about)\b|"
              # "I can put in a request for the 24-month plan, and someone will look at it next
              # week" (QA rounds 30 and 31: 54/100, the plan as good as given).
              r"\b(put in|putting in|submit|submitting|submitted|raise|raising|raised|log|logging|logged|file|filing|filed) (a |the |your )?"
              r"(request|application|ticket|claim) (for|about)\b|"
              # The option itself escalated or asked about for a decision, just before its words (QA
              # round 28: "I'm escalating the laptop guarantee to my manager myself; I'll call you
              # tomorrow at 11 with the answer" scored as the laptop reserved, and the need met; "I've
              # asked my manager about the early month").
              # (Not the escalation that is the offer: "I'll escalate this to our retention team".)
              r"\b(escalat(e|es|ed|ing) (the|your)|(i'?ve|i have) asked (the|our|my) [\w-]+( [\w-]+)? about( the)?)\b"
              r"(?=(?:(?!\bto\b)[^.;:!?,]){0,25}$))"
              r"(?![^.;:!?]*\b(i'?ll|i'?m|i'?ve|i will|i have|so)\b)")
_EXPLORED = re.compile(_EXPLORING + r"[^.;:!?]*$", re.I)  # up to the offer's words
# A deed said with nothing named: "done", "ok done!", "all sorted", "it's done".
_BARE_DONE = re.compile(r"^\W*(?:(?:ok|okay|right|yes|yep|sure|there)\W+)*(?:all |it'?s |that'?s |consider it )?"
                        r"(?:done|sorted)\W*$", re.I)
# The agent's own act that follows from what came before: ", so I'm merging them", "so I am reserving".
_SO_I_ACT = re.compile(r"\bso (?:i'?m|i am|i'?ll|i will|i'?ve|i have)\b(?! (?:not|afraid|sorry|unable)\b)", re.I)
# The agent doing the looking into ("let me ask the moves team whether...", not "ring sales and ask whether").
_AGENT_ASKS = re.compile(r"\b(let me|i'?ll|i will|i'?m going to|i can|i could|i'?m just)\s+(just |quickly )?"
                         r"(see|check|look|ask|find out)\b[^.;:!?]{0,40}\b(whether|if)\b", re.I)
_EXPLORES = re.compile(_EXPLORING, re.I)  # anywhere in the reply
EXPLORED_CAP = "looking into an option is not yet offering it"
RELAYED_CAP = "owning it needs your own next step (a time you check, the contact you stay)"
ONLY_RELAYED_CAP = "another team's deed passed on is not your own step"
THEIR_STEP_CAP = "someone else's next step is not your own: say what you will do"
# What the customer wants or was told, said back: an offer's words after it in the sentence, with
# no agent of its own in between ("you want the move and the upgrade together"; not "you asked for
# 24 months, so you're on 24 months", "would you like me to reserve it?", "if you want a SIM...").
_REQUEST_RESTATED = re.compile(
    r"(?<!\bdo )(?<!\bdid )(?<!\bwould )(?<!\bif )(?<!\bwhen )(?<!\bin case )(?<!\bunless )(?<!\bwhatever )"
    r"\byou(?:'d| would| do| still| really| also)? (?:want(?:ed)?|like|need(?:ed)?|asked (?:for|about|if)|"
    r"(?:are|'re|were) asking (?:for|about)|proposed|suggested|requested|expected|hoped for|"
    r"(?:are|'re|were) hoping for|were (?:promised|offered|told|refused|denied|quoted)|"
    # QA round 35: "You wrote to us asking for a goodwill credit", "for the gap you'd have liked a 4G
    # router", "you offered to go to 24 months if the new iPhone came with it".
    r"wrote (?:to us |in )?(?:asking|to ask) (?:for|about)|have (?:liked|wanted|preferred)|offered to)\b"
    r"(?! (?:me|us)\b)(?![^.;:!?]*\b(?:i|i'?ll|i'?m|i'?ve|we|we'?ll|we'?re|we'?ve|let me|let's|so|then)\b)[^.;:!?]*$",
    re.I)


# What the customer would accept, said back and checked at the end of the reply: "and you'd go to
# 24 months if you got a new iPhone. Have I got that right?" (without the check it may be the
# agent's offer: "you'd go onto 24 months with the new iPhone").
_CHECKED_AT_END = re.compile(r"\b(right|correct|have i got (that|it|this) right|is that (right|correct|it|so)|yeah|yes)\s*\?\s*$",
                             re.I)
# The customer's story summed up and checked back as a whole, with nothing of the agent's in it: "So:
# you moved this morning, the phones work, the data line wasn't moved and twelve people can't work.
# Is that right?", "Correct me if I'm wrong: you'd sign for 24 months if you got the new iPhone?"
# (QA round 36: 5 of 13 such summaries read as a refusal, a hand-off, blame or an offer). Its
# noes, hand-offs and offers are the customer's, told back; an "I'll", "I'm ...ing", "I've ...ed",
# "I can" or "let me" other than the summing up makes it the agent's reply after all. (Not "right"
# as a word of the sentence: "Would three months' credit go some way to putting this right?")
_SUMMARY_OPENER = re.compile(r"\W*(?:(?:ok(?:ay)?|right|so|and|just),? )*(?:let me (?:recap|sum (?:it |that |this )?up|summari[sz]e|"
                             r"play (?:it|that|this) back|repeat (?:it|that|this) back|see if i (?:have|got|understood) (?:it|this|that|you))|"
                             # "I understood you right that you'd pay the same 50 a month, only six months longer?" (batch 154).
                             r"(?:if )?i (?:understood|understand|get|got|have) (?:you|it|that|this) (?:right|correctly)|"
                             r"(?:so )?to (?:recap|sum up|summari[sz]e)|"
                             r"(?:so )?if i(?:'ve| have) got (?:this|that|it|you) right|correct me if i'?m wrong|"
                             # What the customer was told, asked back in one question: "And they said the department would call
                             # you back on Monday morning?", "Planning told you the 14th was full?" (QA round 43:
                             # 2 of 2 read as a hand-off, 40/40, and the card's tip was "Don't pass the customer on").
                             r"(?:(?:they|he|she|someone|somebody|kpn|planning|retention|sales|billing|marketing|"
                             r"(?:the|your|my|our) [\w-]+(?: [\w-]+)?) (?:said|told you|promised(?: you)?|wrote)|"
                             r"(?:you were|you've been|you have been|you got) (?:told|promised))(?=[^.;!?]*\?\s*$)(?![^?]*\b(?:ok|okay|alright|fine)\s*\?\s*$))\b", re.I)
_STORY_CHECKED = re.compile(r"(?:(?:^|[,.;:!-]|\bthat(?:'s| is)?(?: about)?)\s*(?:right|correct|true)|\b(?:have i got (?:that|it|this|everything) right|"
                            r"(?:did|do) i (?:get|have) (?:that|it|this|everything)(?: right)?|"
                            r"is that (?:right|correct|it|so|about it|the story)|am i right))\s*\?\s*$", re.I)
_AGENT_IN_SUMMARY = re.compile(r"\b(?:i'?ll|i will|i'?m going to|i am going to|i'?m (?!sorry\b|afraid\b|not\b|right\b|wrong\b)\w+ing|"
                               r"i(?:'ve| have) (?!got (?:this|that|it|you|everything)\b|it\b)\w+(?:ed|en|t)\b|i can|i could|we can|we could|"
                               r"we'?ll|we will|let me (?!recap|sum|summari|play|repeat|check i|make sure i|get (?:this|that|it) straight|see if i (?:have|got|understood)\b)|"
                               # Nor the agent's go-ahead asked, nor a lecture: "Shall I move you to 24 months?",
                               # "You do know the terms say a move is a separate order, right?".
                               r"(?:shall|should|can|may) i|(?:would you like|do you want) me|you (?:do |did )?(?:know|realise|realize)\b)", re.I)


# What the customer wants or told, said back in the second person with a tag that checks it: "So you
# want the new phone on the contract and then 24 months in place of 18, yes?", "You ask compensation for
# the lost job, yes?", "So for you it's solved when everything is one order, yes?" (batch 154: 5 such
# checks, most in second-language English, read as the offer made or the over-promise given).
# (Not a lecture's "..., no?", nor "putting this right?", nor a question that asks, "Do you want the
# new iPhone on 24 months, yes or no?": dev.)
_TAG_CHECKED = re.compile(r"[,;:-]\s*(?:yes|yeah|yep|ja|correct|right|true)\s*\?\s*$", re.I)
_ASKS = re.compile(r"\W*(?:(?:so|and|ok|okay|right),?\s+)?(?:do|does|did|would|will|shall|can|could|should|may|might|is|are)\b", re.I)
_SAID_TO_YOU = re.compile(r"\b(?:you|your|u)\b", re.I)
# (Not the agent's own step asked about: "I send you the router tonight by courier, yes?")
# (Nor what the agent puts forward, asked whether it suits: "So with the laptop held for you and a free
# stick for the gap, that works for you, yes?", batch 154.)
_WORKS_FOR_YOU = re.compile(r"\b(?:that|this|it|which) (?:works|would work|suits|helps|is (?:ok|okay|fine|good))\b|"
                            r"\bhappy with\b|\b(?:ok|okay|fine|good) (?:for|with) you\b", re.I)
_SAID_OF_US = re.compile(r"\b(?:i|we|me|us|my|our)\b", re.I)


def _checked_back(sentence: str) -> bool:
    """One sentence that says back what the customer wants or told and asks whether it is right,
    with nothing of the agent's in it."""
    sentence = sentence.strip()
    if not sentence.endswith("?") or _AGENT_IN_SUMMARY.search(sentence):
        return False
    return bool(_SUMMARY_OPENER.match(sentence) or _STORY_CHECKED.search(sentence)
                or (_TAG_CHECKED.search(sentence) and _SAID_TO_YOU.search(sentence)
                    and not _SAID_OF_US.search(sentence) and not _ASKS.match(sentence)
                    and not _WORKS_FOR_YOU.search(sentence)))


def _in_a_check(text: str, at: int) -> bool:
    """The words at `at` are in a sentence that checks back what the customer wants ("You ask
    compensation for the lost job, yes? That we don't do, no.")."""
    start = max(_sentence_start(text, at), 0)
    return _checked_back(text[start:_sentence_end(text, at) + 1])


@lru_cache(maxsize=256)
def checked_summary(text: str) -> bool:
    """The whole reply is the customer's story or request summed up and checked back. Cached: it
    is asked of the same reply for each negative cue, each offer named, the move and the customer's
    answer (dev: 2.6 times a reply on average, up to 10)."""
    stripped = text.strip()
    if not stripped.endswith("?") or _AGENT_IN_SUMMARY.search(stripped):
        return False
    last = stripped[max(_sentence_start(stripped, len(stripped) - 1), 0):]
    if _ANYTHING_ELSE.search(last):
        # "So to sum up: one order, technician on the 14th, no installation fee, and the confirmation
        # in your mail today. Anything else before I let you go?": the agent's own recap before the
        # close, not the customer's story checked (batch 153: 52/50, "Asks for the facts").
        return False
    return bool(_SUMMARY_OPENER.match(stripped) or _checked_back(last))


_ANYTHING_ELSE = re.compile(r"\b(?:anything|something) (?:else|more)\b[^?]*\?\s*$", re.I)


# A gesture the company made before this call, named to close the matter: "We already gave you the
# fixed rate as a gesture", "we did already a gesture with the fixed rate". (Not the agent's own
# deed in this call: "I've already credited it as a gesture" is done, and counts.)
_GIVEN_BEFORE = re.compile(r"\b(?:we|they)(?: have|'ve)? (?:already|previously) (?:gave|given|made|did|done|offered|allowed|let|granted|moved|switched)\b|"
                           r"\b(?:we|they) (?:gave|made|did|offered)(?: you)? already\b|"
                           r"\byou (?:already|previously) (?:got|had|received)\b", re.I)
# What the agent said earlier in the call, reported before the offer's words in its sentence:
# "I said I'd send you a 4G router, but they're out of stock", "Correction: I said the installation
# fee would be waived", "I need to take back the on-call technician" (batch 68): said or taken
# back, not offered now (an offer made again after it still counts).
# (Not the offer said again: "As I said, the technician comes on the 14th" gives it now, QA round 24.)
# (Nor what it is about: "What I said about the credit: make it two months, not one", QA round 51;
# unless it is what is scratched: "Scratch what I said about the discount, I got that wrong", dev.)
_SAID_BEFORE = re.compile(r"(?<!\bas )(?<!\blike )\b(?:i|we) (?:said(?! about\b)|(?:(?<=scratch what i )|(?<=withdrawing what i )|"
                          r"(?<=withdraw what i )|(?<=forget what i )|(?<=ignore what i )|(?<=take back what i ))said|told you|promised(?: you)?|mentioned|offered(?: you)?|hinted at|suggested)"
                          # (Not a look promised: "I said I'd look at the discount. I've looked, and it
                          # won't change anything" takes back the help it named.)
                          r"(?!(?: that)? (?:i|we)(?:'d| would| will|'ll) (?:look|check|see|ask|find out|try)\b)"
                          r"(?: earlier| before| last time)?(?: that)?(?: (?:i|we)(?:'d| would| could| can| will|'ll)| you(?:'d| would)"
                          r"| the| a| an| it| your)?\b[^.;:!?]*$|"
                          r"\b(?:take|taking|took) back (?:the |my |that |your )?[^.;:!?]*$",
                          re.I)
# The offer named as what the agent may not do: "my manager would kill me if I reserved a laptop",
# "it's above my pay grade to reverse the cancellation" (batch 70).
_NOT_OURS_AFTER = re.compile(r"[^.;!?]{0,20}?\b(?:(?:isn'?t|aren'?t|is not|are not|(?:'s|'re) not) (?:my|our|for my|for our) "
                             r"(?:department|area|job|call|remit|team|desk|decision)|"
                             # "Retention offers are a different team, their number's 0800 0450" (batch 157: 71).
                             r"(?:is|are|'s|'re) (?:a |an )?(?:different|other|separate) (?:team|department|division|desk)s?(?:'s)?)\b", re.I)
# The agent's own call, moved to another time: "I can't call at 8, I'll call you at 9".
_OWN_CALL_MOVED = re.compile(r"(?:can'?t|cannot|can not|won'?t be able to)\s+(?:call|ring|phone|text|e-?mail|get back to|reach)\s+"
                             r"(?:you\s+)?(?:back\s+)?(?:at|on|by|before|tomorrow|tonight|today|this|\d|"
                             # "I can't call Friday at 10 after all, ... I'll call you Friday at 14:00 instead" (play-through 60).
                             r"(?:mon|tues|wednes|thurs|fri|satur|sun)day)", re.I)
_OWN_CALL_LATER = re.compile(r"\bi(?:'ll| will| can)\s+(?:call|ring|phone|text|e-?mail|get back to|reach)\b", re.I)
# Said of the past as it would have gone: "If you'd asked for both in the same call, it would've gone
# into one order", "If you'd gone to the moving team first instead of sales, this wouldn't have
# happened": blame, no option offered (batches 156 and 157: 62 and 69 on flexibility).
# (Not a thing of ours fetched: "you'd have to pick up a 4G router at one of our shops yourself" offers it.)
_YOU_HAVE_TO = re.compile(r"\byou(?:'d|'ll| will| would)? (?:have|need) to\b(?! (?:pick|collect|fetch|get|grab|come and get)\b)", re.I)
_YOURSELF = re.compile(r"\b(?:yourself|on your own|by yourself)\b", re.I)
_COUNTERFACTUAL = re.compile(r"\W*(?:and |but |well,? |honestly,? |look,? )?if (?:you|u)(?:'d| had)\b[^.!?;]*\b(?:would(?:'ve| have)|wouldn'?t have|would not have)\b",
                             re.I)


def _in_a_counterfactual(text: str, at: int) -> bool:
    """The sentence holding `at` says the past as it would have gone (_COUNTERFACTUAL)."""
    return bool(_COUNTERFACTUAL.match(text, max(_sentence_start(text, at), 0), _sentence_end(text, at)))

_NOT_MINE_TO_DO = re.compile(r"\b(?:(?:would|'d) (?:kill|sack|fire|murder|have my head)(?: me)? if (?:i|we)|above my pay ?grade(?: to)?|"
                             r"(?:isn't|is not|not) (?:up to me|my call) (?:to|whether)|"
                             # Withdrawn by name (batch 89): "Scratch the on-call technician idea, he's
                             # unavailable", "I have to withdraw the moving-day slot I offered".
                             r"scratch (?:the|that|my)|(?:have|need) to (?:withdraw|take back|pull) (?:the|that|my))"
                             # (Not what is offered in its place: "Scratch that, I can't do 50, it's 30
                             # percent off", QA round 54: read as a bare refusal.)
                             r"\b(?:(?!\bbut\b|\bit'?s\b|\bit is\b|\binstead\b)[^.;:!?])*$", re.I)
_WOULD_ACCEPT = re.compile(r"\byou(?:(?:'d| would)? (?:happily )?(?:go|switch|move|take|accept|sign(?: up)?(?: for)?|stay|agree to|be (?:happy|willing|ok|okay) "
                           r"(?:to|with))|(?:'re| are) willing to)\b"
                           r"(?![^.;:!?]*\b(?:i|i'?ll|i'?m|i'?ve|we'?ll|so|then)\b)[^.;:!?]*$", re.I)


# An outcome promised or someone else's call or word: no time of the agent's own step (score_reply,
# answered_with_a_time).
_OUTCOME_OR_THEIRS = re.compile(r"\bguarantee[ds]?\b|\b(?:will|'ll) be\b|\b(?:will|'ll) (?:ring|call|phone|contact|text)\b|"
                                r"\b(?:they|he|she|someone) (?:said|says|say|told)\b", re.I)


_NO_TO_IT_AFTER = re.compile(r"[\s,]*(?:i|we)(?: really| just| simply)? (?:won'?t|will not|can'?t|cannot|can not|don'?t|do not) "
                             r"(?:send|give|do|offer|book|arrange|provide|get|promise|guarantee)\b", re.I)


def _offer_withheld(rubric: Rubric, text: str, phrase: str, start: int,
                    handed_off: bool = False) -> bool:
    """"I can't send you a router" names the offer but does not make it; so does "the backup SIM
    is only available with new contracts": the offer is the subject of a refusal or a
    restriction later in the same sentence. ("A discount, but only if you stay 24 months" is a
    condition the customer can meet: still an offer.) `handed_off`: the reply sends the customer
    elsewhere, so the agent's "can't" after the offer says why they do not do it themselves
    ("retention gives a first month credit, you need to call them, I can't book it")."""
    negation = rubric.offer_negation.search(text[:start])
    if negation and rubric.contrast.search(text, negation.start(), start):
        negation = None  # "cant promise the laptop but free stick ok?": the "but" ends the refusal
    if (negation and _IF_CLAUSE.search(text, max(_sentence_start(text, start), 0), negation.start())
            and _THEN_I_WILL.match(text, start + len(phrase))):
        # "If IT can't fix your login today, I'll reset it myself tonight": the agent's own
        # fallback makes the offer the condition names (QA round 31: 3 of 3 left the need open).
        negation = None
    if handed_off and _OTHERS_CHANCE.search(text, max(_sentence_start(text, start), 0), start):
        return True
    if handed_off and _TOPIC_OF.fullmatch(text, max(_sentence_start(text, start), 0), start):
        # "For the laptop guarantee you'd need to speak to sales", "For a combined order you could
        # try one of our shops": the customer's request named as what the hand-off is about, not
        # an offer fetched elsewhere (batch 49).
        return True
    if negation or _REFUSED_IN_PHRASE.search(phrase):
        # "...so you can see why the laptop can't be guaranteed": refused in the very phrase.
        return True
    end = _SENTENCE_END.search(text, start + len(phrase))
    stop = end.start() if end else len(text)
    before = text[max(_sentence_start(text, start), 0):start]  # the offer's sentence up to its words
    if (_BOUGHT_THEMSELVES.search(before) or _GIVEN_BEFORE.search(before) or _SAID_BEFORE.search(before)
            or _NOT_MINE_TO_DO.search(before + phrase)):
        return True
    if _EXPLORED.search(before):
        # "Let me check whether the laptop promotion can be held", "did anyone mention a loan
        # router?": explored or asked about, not offered (scoring guide: exploring without
        # offering is flexibility 1).
        return True
    if (_REQUEST_RESTATED.search(before + phrase) or _summarised(text, start) or checked_summary(text)
            or _in_a_check(text, start)
            or (_CHECKED_AT_END.search(text) and _WOULD_ACCEPT.search(before + phrase))):
        # "So you want the move and the TV upgrade together, correct?", "you proposed 24 months
        # instead of 18": the customer's request said back, not the agent's offer.
        return True
    if _CUSTOMER_PAYS.search(text, max(_sentence_start(text, start), 0), stop):
        # "A 4G router by courier costs 35 euro, which you'd need to pay yourself": sold, not
        # given (QA round 29: answered "Good, that saves the weekend").
        return True
    if _in_a_counterfactual(text, start):
        return True
    if _YOU_HAVE_TO.search(before) and _YOURSELF.search(text, start + len(phrase), stop):
        # "You'd have to arrange the cancellation date with KPN yourself": the customer's to do, not
        # an option of ours (batch 161: 71 on flexibility).
        return True
    if _NO_TO_IT_AFTER.match(text, start + len(phrase)):
        # "A router for the gap I won't send, logistics handles that": the offer named, then the
        # agent's no to it (play-through 63: 3 of 4 on the card as agreed).
        return True
    if _NOT_OURS_AFTER.match(text, start + len(phrase)):
        # "Guarantees on promotions aren't my department": the offer's words as the subject of
        # "not mine", nothing offered (batch 103).
        return True
    if _THEIR_OWN.search(text, start + len(phrase), stop):
        # "...sort out a mobile hotspot with your own phone provider": the customer's to get
        # from someone else, not an option of ours.
        return True
    if end and text[end.start()] == "?" and _ECHO.match(text, max(_sentence_start(text, start), 0)):
        # "A 50% discount on the iPhone? No, that's not possible on your plan": the customer's
        # request asked back, then refused in the next sentence (unless that one turns, "but").
        following = _sentence_end(text, end.end())
        if not rubric.contrast.search(text, end.end(), following):
            stop = following
    for rule in rubric.cues:
        if rule.kind in RESTRICTING_KINDS:
            for match in rule.finditer(text, start, stop):
                if _negated(rubric, text, match.start()) or _CONDITION.match(text, match.start()):
                    continue
                if _CAN_NOT.match(match.group(0)) and _OUTCOME_NOT_PROMISED.match(text, match.end()):
                    # "a technician out as an exception, but i cant promise it'll be fixed tonight":
                    # the outcome is not promised; the offer stands.
                    continue
                turn = rubric.contrast.search(text, start + len(phrase), match.start())
                if (turn and _MAKES_IT.search(text, max(_sentence_start(text, start), 0), start)
                        and not _REFERS_BACK_NO.search(text, turn.start(), stop)
                        and phrase.lower() not in text[turn.start():stop].lower()):
                    # "I'll give you 50% off a new iPhone today, but I can't credit the early month":
                    # past the "but", a no about something else (play-through 38: 10 of 11).
                    continue
                if _CAN_NOT.match(match.group(0)) and (handed_off or not _AGENT_SUBJECT.search(text[:match.start()])):
                    # "a backup SIM so this can't happen again", "damages for the weeks you can't
                    # work": the customer's or the future's "can't", not the agent refusing.
                    continue
                return True
    return False


def _offered_beside(rubric: Rubric, found: Mapping[str, tuple[CueRule, re.Match[str], float]],
                    case_offers: Sequence[tuple[Any, str, int]]) -> bool:
    """An offer (a case's flexible offer or an offer cue) made next to the hand-off words, not
    inside them."""
    hand_off = found["deflection"][1]
    # "...get your IT supplier to set something up in the meantime": words that only say when
    # are no offer of the agent's, whatever the offer cue makes of them elsewhere.
    spans = [(m.start(), m.end()) for kind, (_, m, _) in found.items()
             if kind in FLEXIBLE_KINDS and not rubric.only_when.fullmatch(m.group(0))]
    for offer, phrase, start in case_offers:
        if offer.counts_as_flexibility:
            spans.append((start, start + len(phrase)))
    return any(end <= hand_off.start() or start >= hand_off.end() for start, end in spans)


def _base_figures(rubric: Rubric, move: str) -> tuple[float, float]:
    """The move's own ownership and flexibility, as the rubric gives them (rubric.yml `moves`)."""
    return float(rubric.moves[move]["ownership"]), float(rubric.moves[move]["flexibility"])


def _move_base(rubric: Rubric, intent_ranking: Sequence[Mapping[str, Any]],
               turned_positive: bool = False, neutral_deflect: Sequence[str] = (),
               neutral_negative: bool = False) -> tuple[str, float, float]:
    """Mix the bases of the top intents by confidence; an unsure model lands near neutral.

    `turned_positive`: the reply turns after a "but" from a negative start to something the
    agent does ("the policy says no, but I can send you a router"); the negative moves the
    model saw then weigh as little as the cues before the "but".
    """
    known = [(str(r.get("name")), float(r.get("confidence") or 0.0)) for r in intent_ranking
             if r.get("name") in rubric.moves][:TOP_INTENTS]
    if turned_positive and known and known[0][0] in NEGATIVE_MOVES:
        known = sorted(((name, conf * BEFORE_CONTRAST_WEIGHT if name in NEGATIVE_MOVES else conf)
                        for name, conf in known), key=lambda item: -item[1])
    total = sum(conf for _, conf in known)
    if not known or total <= 0:
        return "nlu_fallback", 50.0, 50.0

    def base(name: str, dim: str) -> float:
        # `neutral_deflect`: the dimensions in which a deflect reading counts as neutral (an
        # offer the customer fetches elsewhere costs no flexibility; the agent passing it on
        # sends the customer nowhere).
        # `neutral_negative`: no negative move the model saw is in the words at all.
        if (name == "deflect" and dim in neutral_deflect) or (neutral_negative and name in NEGATIVE_MOVES):
            return 50.0
        return float(rubric.moves[name][dim])

    own = sum(base(name, "ownership") * conf for name, conf in known) / total
    flex = sum(base(name, "flexibility") * conf for name, conf in known) / total
    return known[0][0], own, flex


def _top_confidence(rubric: Rubric, intent_ranking: Sequence[Mapping[str, Any]]) -> float:
    return max((float(r.get("confidence") or 0.0) for r in intent_ranking if r.get("name") in rubric.moves),
               default=0.0)


# Moves that, read together, say what kind of thing the trainee did even when which one is a guess.
_SURE_FAMILIES = (NEGATIVE_MOVES, NEUTRAL_MOVES - {"nlu_fallback"})


def _sure_of_the_kind(rubric: Rubric, intent_ranking: Sequence[Mapping[str, Any]]) -> bool:
    """The model's top readings, split within one family, together hold the unsure threshold's
    share: which move it is may be a guess, what kind of thing the trainee did is not. Split
    between refusing, citing the rule, deflecting and blaming, the trainee stonewalled ("To be
    fair, a business like yours ought to have had a backup"); between greeting, empathy, apology,
    a question and a goodbye, they said something neutral ("Hello Mr Hoekstra, sorry you've had to
    call five times"). (Split among the owning and flexible moves it stays a guess: measured on
    the dev set, reading those as sure moved as many bands the wrong way as the right one.)"""
    return any(sum(float(r.get("confidence") or 0.0) for r in intent_ranking if r.get("name") in family)
               >= rubric.unsure_below for family in _SURE_FAMILIES)


def euro_amounts(text: str) -> list[float]:
    """The amounts in euros the text names ("150 euro", "€50", "20 quid"), in order."""
    return [float((match.group(1) or match.group(2)).replace(",", ".")) for match in _AMOUNT.finditer(text)]


_PERCENT = re.compile(r"(\d+(?:[.,]\d+)?)\s*(?:%|percent\b|per cent\b)", re.I)
# Months of credit, not a contract's length ("18 months", "the 24-month plan"): six at most.
_MONTHS = re.compile(r"\b([1-6]|one|two|three|four|five|six)\s+months?\b", re.I)
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


# The units of an amount named (sizes_named) and promised (state.Promise, one field each).
SIZE_UNITS = ("euros", "percent", "months")


def sizes_named(text: str) -> dict[str, list[float]]:
    """The amounts the text names, by unit (SIZE_UNITS): euros, percent and months (of credit), in order."""
    return {"euros": euro_amounts(text),
            "percent": [float(m.group(1).replace(",", ".")) for m in _PERCENT.finditer(text)],
            "months": [float(_NUMBER_WORDS.get(m.group(1).lower()) or m.group(1)) for m in _MONTHS.finditer(text)]}


def _over_credit(text: str, limit: int) -> str | None:
    if not _MONEY_WORDS.search(text):
        return None
    device = _DEVICE.search(text) is not None
    for match in _AMOUNT.finditer(text):
        amount = float((match.group(1) or match.group(2)).replace(",", "."))
        if amount > limit and not (device and (_PRICE_BEFORE.search(text, max(match.start() - 30, 0), match.start())
                                               or _OFF_AFTER.match(text, match.end()))):
            return match.group(0)
    for match in _BARE_CREDIT.finditer(text):
        if float(match.group(1)) > limit:
            return match.group(0)
    return None


# An amount credited or refunded with no unit: "I've credited you 150", "I'll credit 80 back" (batch
# 176: read within authority, 2 of 2). Not a date, a percentage or months.
_BARE_CREDIT = re.compile(r"\b(?:credit(?:ed|ing)?|refund(?:ed|ing)?)\s+(?:you\s+|of\s+)?(\d{2,4})\b"
                          r"(?!\s*(?:%|percent|per cent|months?|weeks?|days?|years?|gb|mb|st|nd|rd|th)\b)(?![.,:]\d)", re.I)


# What keeps a band from going to the far side on the model's reading alone (docs/rubric.md,
# "The words hold the band"): a personal, concrete commitment for ownership, an offer that is
# made for flexibility; on the low side, what passes the problem on, refuses or hides behind
# the rule.
HOLDS_OWNERSHIP = frozenset({"ownership", "commitment", "done", "escalation", "contact"})
HOLDS_FLEXIBILITY = FLEXIBLE_KINDS | {"scenario_offer"}
# What carries a hand-off named before it: the agent's own step, call or commitment.
CARRIES = frozenset({"ownership", "commitment", "contact", "done"})
LOW_OWNERSHIP = frozenset({"deflection", "blame", "futility"})
# The agent's own steps, options and tries: beside one, what the agent cannot promise or do
# alone refuses nothing ("I'll try to get the laptop reserved, but I can't promise it'll go through").
ACTS = CARRIES | FLEXIBLE_KINDS | {"escalation", "hedge"}
LOW_FLEXIBILITY = frozenset({"policy", "refusal", "futility"})


def _cue_span(text: str, found: Mapping[str, tuple[CueRule, re.Match[str], float]], cue: Cue) -> tuple[int, int]:
    if cue.kind in found and found[cue.kind][1].group(0) == cue.phrase:
        return found[cue.kind][1].span()
    start = text.lower().find(cue.phrase.lower())
    return start, start + len(cue.phrase)


def _last(rubric: Rubric, text: str, found: Mapping[str, tuple[CueRule, re.Match[str], float]], cues: Sequence[Cue],
          dim: str, kinds: frozenset, sign: int, end: bool = False) -> int:
    """Where the last cue of `kinds` that moves `dim` in the direction of `sign` starts (or, with
    `end`, ends; -1: none). Words that only say when ("in the meantime") are no offer here."""
    return max((_cue_span(text, found, c)[end] for c in cues
                if c.kind in kinds and getattr(c, dim) * sign > 0
                and not (c.kind == "offer" and rubric.only_when.fullmatch(c.phrase))), default=-1)


def _last_carried(rubric: Rubric, text: str, found: Mapping[str, tuple[CueRule, re.Match[str], float]]) -> int:
    """Where the last of the agent's own steps starts, over every match of the owning kinds the
    reply has (`found` keeps a kind's first match only); -1: none. The same matches count as in
    `score_reply` (`_not_counted`: nothing "not yet" done, nothing handed over to another line)."""
    return max((match.start() for rule in rubric.cues if rule.kind in HOLDS_OWNERSHIP and rule.kind in found
                for match in rule.finditer(text) if _not_counted(rubric, text, rule, match, False) is None),
               default=-1)


def _words_hold_the_band(rubric: Rubric, text: str, found: Mapping[str, tuple[CueRule, re.Match[str], float]],
                         cues: Sequence[Cue], own: float, flex: float) -> tuple[float, float]:
    """The model's reading alone does not take a band to the far side when the reply's own words
    say the opposite and nothing later in them takes it back: a personal commitment with a step,
    a time or the contact keeps ownership at least neutral under a deflect reading; an offer
    made (not negated, not withheld) keeps flexibility at least neutral under a refuse or
    cite_policy reading; and the other way round, words that pass the problem on or refuse,
    with nothing the agent does or offers after them, keep a high reading from the band above."""
    low, high = BANDS["neutral"]
    kinds = {c.kind for c in cues}
    for dim, holds, lows in (("ownership", HOLDS_OWNERSHIP, LOW_OWNERSHIP),
                             ("flexibility", HOLDS_FLEXIBILITY, LOW_FLEXIBILITY)):
        value = own if dim == "ownership" else flex
        up = _last(rubric, text, found, cues, dim, holds, 1)
        # The end of the last low cue: "we already made a gesture" is the rule, not a gesture.
        down = _last(rubric, text, found, cues, dim, lows, -1, end=True)
        # Nor is what the customer is told to go and do an offer kept: "you'll have to sort the
        # cancellation out with KPN" (a hand-off costs flexibility only when it overlaps the offer).
        passed = _last(rubric, text, found, cues, dim, lows | {"deflection"}, -1, end=True)
        if dim == "ownership" and not (kinds & STEP_KINDS):
            up = -1  # a bare take-on is no concrete commitment
        if dim == "ownership" and value < low and 0 <= up < max(down, passed):
            # "I'll take it up with my manager today and ring you back by four": a kind's first
            # words may come before the hand-off and its later ones after it; the last decides.
            up = max(up, _last_carried(rubric, text, found))
        if value < low and up >= 0 and up >= max(down, passed):
            value = float(low)
        elif value > high and down >= 0 and up < 0:
            # High on the reading alone: nothing the agent does or offers, the words say low.
            value = float(high)
        own, flex = (value, flex) if dim == "ownership" else (own, value)
    return own, flex


# The words of a transfer just before the team or person it reaches: "Can I put you through to
# retention?", "I'll transfer you to your account manager" (QA round 28: answered as the case's
# escalation with a dated call-back, or as the named account manager who follows up).
_TRANSFERRED_TO = re.compile(r"\b(?:(?:put|putting|get|getting) (?:you|u) (?:back |straight |right )?(?:through|thru) to|"
                             r"transferr?(?:ing|ed)? (?:you|u)(?: back| over| straight)? to|"
                             r"connect(?:ing)? (?:you|u) (?:to|with))(?: (?:our|the|your|a|an))?\s*$", re.I)


def _case_offers(rubric: Rubric, clean: str, lowered: str, scenario: Scenario | None,
                 handed_off: bool) -> list[tuple[Offer, str, int]]:
    """The case's offers the reply makes and does not withhold: (offer, phrase, where it stands).
    `lowered` is `clean.lower()`, made once per reply."""
    if scenario is None:
        return []
    made = []
    for offer in scenario.offers:
        phrase = offer.match(clean)
        at = lowered.find(phrase.lower()) if phrase else -1
        while phrase and _TRANSFERRED_TO.search(clean[max(at - 60, 0):at]):
            # "Can I put you through to retention?": the team the offer names, reached by a
            # transfer, is no escalation the agent carries; a later mention may still be one.
            rest = at + len(phrase)
            phrase = offer.match(clean[rest:])
            at = rest + lowered[rest:].find(phrase.lower()) if phrase else -1
        if phrase:
            said_back = clean[max(_sentence_start(clean, at), 0):at + len(phrase)]
            if _offer_withheld(rubric, clean, phrase, at, handed_off) and (
                    _REQUEST_RESTATED.search(said_back) or _SAID_BEFORE.search(said_back[:len(said_back) - len(phrase)])):
                # "You asked for 24 months, so you're on 24 months with the new phone": the request
                # said back first, the offer made after it; "I said I'd credit 100, I misspoke: the
                # credit is 50" (what the agent said before, then the offer made now).
                rest = at + len(phrase)
                again = offer.match(clean[rest:])
                if again:
                    phrase, at = again, rest + lowered[rest:].find(again.lower())
            if _offer_withheld(rubric, clean, phrase, at, handed_off):
                # "I don't know the technician's schedule by heart, but I'll book him for your moving
                # day": the first words that name the offer are withheld; a later naming inside them
                # may make it (play-through 39: the moving-day technician booked went unnoticed).
                # (Only past a turn: "Our terms don't cover a courier router, sorry - you'd have to
                # pick up a dongle in a shop" names it again, withheld all the same.)
                # (Matched from the turn on: "I can't give you a free iPhone on the 18-month plan, but
                # I can take 50 percent off a new one today" names the discount from "iPhone" on, dev.)
                turn = rubric.contrast.search(clean, at)
                later = offer.match(clean[turn.end():]) if turn else None
                if turn and later:
                    phrase, at = later, turn.end() + lowered[turn.end():].find(later.lower())
                elif (instead := CAN_INSTEAD.search(clean, max(_sentence_start(clean, at), 0))) and instead.start(1) > at:
                    # "I can't do 50 percent off the iPhone, it's 30 percent off": what the agent can
                    # do instead, named after the no, is made (QA round 55).
                    later = offer.match(clean[instead.start(1):])
                    if later:
                        phrase, at = later, instead.start(1) + lowered[instead.start(1):].find(later.lower())
            if (not _offer_withheld(rubric, clean, phrase, at, handed_off) and not _taken_back_at_once(clean, at, phrase)
                    # "The on-call tech, no chance." (not a cue's own "No extra charge, no.")
                    and not _NO_AFTER_OFFER.match(clean, at + len(phrase))
                    and (offer.counts_as_flexibility or not _SOMEONE_ELSES.search(phrase))
                    and not _in_a_take_back(scenario, offer, clean, at) and not _decider_said_no(rubric, clean, at)
                    and not _STATE_ASKED.match(clean, max(_sentence_start(clean, at), 0), _sentence_end(clean, at) + 1)):
                made.append((offer, phrase, at))
    return made + _offers_to_choose(scenario, clean, [offer for offer, _, _ in made])


# Two of the case's options put to the customer to choose, each by the noun it is named by: "Router or
# technician?", "For the weeks without a line: the credit or the router?", "The plan or the discount?"
# (batch 154, play-through 56: 7 calls; read as a question for the facts, and the customer answered
# with a fact or not at all).
_CHOICE = re.compile(r"(?:^|[:;.!?,-]\s*|\b(?:then|so|now|tonight|today|and|but|also|which|what|prefer),?\s+)(?:the |a |an |your )?([\w-]+(?: [\w-]+)?)"
                     r",? or (?:the |a |an |your )?([\w-]+(?: [\w-]+)?)\s*\?", re.I)
# Words of an offer's description that name no gesture (persona.py's _key_words skips them too).
DESCRIPTION_FILLER = frozenset({"with", "from", "that", "this", "their", "your", "them", "what", "when", "month",
                                "months", "euro", "euros", "same", "first", "free", "gesture", "charge", "cost", "agent",
                                "customer"})
_NOT_A_NAME = DESCRIPTION_FILLER | {"book", "send", "move", "give", "take", "until", "work", "working", "tonight", "today",
                                    "days", "weekend", "line", "phone", "call", "able", "they", "date", "order"}


def _named_by(scenario: Scenario, words: str) -> list[Offer]:
    """The case's options whose description names them by the last word of `words` ("router", "the
    credit", "backup SIM")."""
    noun = words.lower().split()[-1].rstrip("s") if words.split() else ""
    if len(noun) < 3 or noun in _NOT_A_NAME:
        return []
    return [offer for offer in scenario.offers if offer.counts_as_flexibility
            and any(word.rstrip("s") == noun for word in re.findall(r"[a-z0-9-]+", offer.description.lower()))]


def put_as_a_choice(scenario: Scenario, text: str, offer_id: str) -> str | None:
    """The words of the choice that names the offer by its noun ("the fee or the technician"), or None."""
    found = _offers_to_choose(scenario, normalise(text), [])
    return next((phrase for offer, phrase, _ in found if offer.id == offer_id), None)


def _offers_to_choose(scenario: Scenario, clean: str, made: Sequence[Offer]) -> list[tuple[Offer, str, int]]:
    found: list[tuple[Offer, str, int]] = []
    for choice in _CHOICE.finditer(clean):
        first, second = _named_by(scenario, choice.group(1)), _named_by(scenario, choice.group(2))
        if not first or not second:
            continue
        for offer in (first[0], second[0]):
            if offer not in made and all(offer is not other for other, _, _ in found):
                found.append((offer, choice.group(0).strip(" :;.!?,-"), choice.start(1)))
    return found


# The offer's own words say someone else will do it: "The login and the email address: the back office
# will sort that out" (QA round 51: thanked as the fix, "Let's check it together"). A vague promise,
# not the case's offer. (Not a team the case's offer is about: "retention will call you"; nor an option,
# which is one whoever gives it: "Ring installations, they'll drop the installation fee", dev 0/2.)
_SOMEONE_ELSES = re.compile(r"\b(?:they|someone|somebody|a colleague|(?:the )?back office)(?:'ll| will| should| are going to| is going to)\b",
                            re.I)


# The customer's state asked about in a yes/no question: "And is your online account working OK?",
# "Does your login work now?" (QA round 49: read as the account fixed, and the customer said "Finally").
_STATE_ASKED = re.compile(r"\W*(?:(?:and|so|ok|okay|great|right|also|now|then|good)[,.!]?\s+)*"
                          r"(?!(?:do|does|did) (?:you|u) (?:want|need|prefer|like|mind|fancy|wish|agree)\b)"
                          # (Not leave asked for a step: "Is it okay if I put the move and the TV upgrade in
                          # one order?", play-through 57: "I'm not sure what you're telling me", 2 calls.)
                          r"(?!(?:is|would) (?:it|that) (?:be )?(?:ok|okay|alright|all right|fine)(?: with you)? if\b)"
                          r"(?:is|are|does|do|did|has|have|was|were) "
                          r"(?:your|the|you|it|that|everything)\b(?![^?]*\b(?:i|we)(?:'ll| will| can| could)\b)[^?]*\?\s*", re.I)


# The exception refused in its own words: "I'm not going to make an exception", "we won't make any exception".
_NO_EXCEPTION = re.compile(r"\bexceptions?\b", re.I)


def _decider_said_no(rubric: Rubric, clean: str, at: int) -> bool:
    """Whoever decides said no to it, in the offer's own sentence: "My supervisor turned down the
    laptop reservation", "I asked my supervisor for the on-call technician tonight, and he said no"
    (QA round 33: 2 of 2 read as the offer made, and the customer said "Thank you"). (Not an offer
    past a contrast: "My manager said no to a free year, but I'm waiving the fee".)"""
    for no in rubric.decider_no.finditer(clean, max(_sentence_start(clean, at), 0), _sentence_end(clean, at)):
        first, last = (no.end(), at) if no.end() <= at else (at, no.start())
        if not rubric.contrast.search(clean, first, last):
            return True
    return False


def _in_a_take_back(scenario: Scenario, offer: Offer, clean: str, at: int) -> bool:
    """The offer's words stand in what takes back a need it meets ("The router isn't free after
    all", "Forget the credit, I'm afraid": a need's `withdrawn_by`): named, not made (QA round 31:
    7 of 12 walk-backs read high on flexibility)."""
    for need in scenario.needs:
        if offer.id in need.met_by:
            for pattern in need.withdrawn_by:
                for found in pattern.regex.finditer(clean):
                    if found.start() <= at < found.end() + 1 and not _OFFERED_INSTEAD.search(clean, found.start(), at):
                        return True
    return False


# What the agent offers in place of what they take back, before the offer's words: "Sorry, I have
# to correct myself: I can only credit one month, 50 euros, not three" (play-through 37: read as
# the credit taken back, with nothing offered).
# (Also the agent's own deed in its place: "Scratch that, a stick is too slow: I'm sending a 4G router
# instead", "Actually, scratch that, better for you: I'm putting you on the 24-month plan",
# play-through 39: 5 of 14 corrections lost the new offer, and the customer asked for it.)
_OFFERED_INSTEAD = re.compile(r"\b(?:i|we)(?: can| will|'ll|'m| am|'ve| have)(?: only| still| just| now)? "
                              r"(?!not\b|afraid\b|sorry\b|been\b|got to\b|to\b)[a-z]+\b|"
                              # The deed in the present, as second-language English says it: "Sorry, I take
                              # it back, I do it self: I reset your login now" (QA round 51: the reset lost).
                              r"\b(?:i|we) (?:do|reset|fix|correct|put|send|book|sort|give|credit|waive|arrange|reserve|"
                              r"add|apply|change|update|make|unlock|restore)\b|"
                              # ...or the offer's own words are that deed ("I take it back: I reset your login").
                              r"\b(?:i|we)\s+$|"
                              # ...or said with its helper: "Scratch that: I'm reserving the laptop promotion
                              # ... myself" (QA round 53: read as the laptop taken back, and asked for again).
                              r"\b(?:i|we)(?:'m| am|'ll| will|'ve| have| can)(?: only| still| just| now| personally)?\s+$|"
                              r"\bthe (?:most|best|max\w*) (?:i|we) can\b|"
                              # "I misspoke: it's a mobile internet stick, not a router" (play-through 40).
                              r"\bit(?:'s| is) (?:a|an) (?!no\b|not\b)|"
                              # "Sorry, I got that wrong: it's three months' credit, not one" (QA round 50:
                              # the credit heard as taken back, "So far, nothing").
                              # (Searched up to the offer's words: "it's " right before them.)
                              r"\bit(?:'s| is)\s+$", re.I)


# An offer begun and taken back in the same breath: "I could put the laptop promo on hold for you
# in writing... no, wait, sorry, I'm not allowed to", "I was about to waive the installation fee,
# but no, that's not my call" (dev: labelled as the refusal they end in).
# (Batch 139: "There is a 24-month deal with the iPhone, yes, but it's not open to migrated numbers":
# an offer said to exist is begun as well.)
_BEGUN = re.compile(r"\b(?:(?:i|we) (?:could|can|might|was going to|was about to|were going to|was gonna)|"
                    r"there(?:'s| is| was| are| were))\b[^.;!?]*$", re.I)
# "Scratch that, I thought I could credit the early month but billing has to do that" (batch 85).
_THOUGHT_SO = re.compile(r"\bi (?:thought|believed|assumed) (?:i|we) (?:could|can|would be able to|might)\b[^.;!?]*$", re.I)
# (Batch 100: "I could waive the fee... oh wait, not on an upgrade order", "I could give you a
# month... although with the cancellation pending, credits are blocked", "The installation fee can
# be waived in some cases, but not for moves".)
_TAKEN_BACK_AT_ONCE = re.compile(r"^[^;!?]{0,80}?(?:\.\.\.|,|-|\.)\s*(?:(?:actually|wait|hmm|oh|sorry)[,.]?\s+)*"
                                 r"(?:(?:actually|but)[,.]?\s+no\b|no[,.]?\s+(?:wait|sorry|actually)\b|"
                                 # Batch 117: "…like thirty percent. Ah no, wait, …", "…one month credit... hm,
                                 # no, for Flex the goodwill is not possible", "…oh, actually, sorry, I don't
                                 # have the rights for that".
                                 r"(?:ah|oh|hm+|uh+|um+|erm?)[,.]?\s+no\b|"
                                 r"(?<=\s)(?:i|we) (?:don'?t|do not) have the (?:rights?|authority|permission|power)\b|"
                                 r"(?:but )?actually,? (?:i'?ve just (?:checked|seen)|i'?m not allowed|i can'?t|that'?s not)|"
                                 r"(?<=wait, )not (?:on|for|with|in) (?:an?|the|this|that|your)\b|(?<=wait )not (?:on|for|with|in) (?:an?|the|this|that|your)\b|"
                                 r"although\b[^.;!?]{0,60}\b(?:blocked|not (?:possible|allowed|available)|can'?t|cannot|won'?t)\b|"
                                 # Batch 139: "…4G router, but the courier cut-off was five, so that's not happening
                                 # today", "…yes, but it's not open to migrated numbers".
                                 r"(?:so|which means|meaning) (?:that'?s|it'?s|that is|it is) not (?:happening|going to happen|possible|an option)\b|"
                                 r"but (?:it'?s|that'?s|it is|that is|they'?re|they are) (?:only )?not (?:open|available|offered|valid) (?:to|for)\b|"
                                 r"(?:in (?:some|certain) cases,? )?but not (?:for|on|with|in) (?:you|yours|your|moves?|migrations?|"
                                 r"(?:an? |the |this |that )?[\w-]+ (?:orders?|customers?|contracts?|numbers?))\b)", re.I)
# The offer said of itself in the passive: "the installation fee can be waived in some cases".
_CAN_BE = re.compile(r"\b(?:can|could|may) be\b", re.I)


def _taken_back_at_once(clean: str, at: int, phrase: str, begun_within: bool = False) -> bool:
    """The offer `phrase` at `at` is begun ("I could ...", "... can be waived") and taken back in
    the same breath. `begun_within`: the phrase may hold the beginning itself ("I could give")."""
    begins = max(_sentence_start(clean, at), 0)
    begun_until = at + len(phrase) if begun_within else at
    return bool(_THOUGHT_SO.search(clean, begins, at)) or bool(
        (_BEGUN.search(clean, begins, begun_until) or _CAN_BE.search(phrase))
        and _TAKEN_BACK_AT_ONCE.search(clean[at + len(phrase):]))


def _follows_the_customers_step(text: str, found: Mapping[str, tuple[CueRule, re.Match[str], float]]) -> bool:
    """The "done" cue is joined by "and" to a hand-off that opens its sentence, the customer's step
    said in the imperative: "Fill in the form online and the fee is waived"."""
    deflection, done = found["deflection"][1], found["done"][1]
    sentence = _sentence_start(text, done.start())
    return (done.group(0).lower().startswith("and ") and deflection.end() <= done.start()
            and _sentence_start(text, deflection.start()) == sentence
            and not text[max(sentence, 0):deflection.start()].strip(" ,.;:!-"))


def _carried_after(found: Mapping[str, tuple[CueRule, re.Match[str], float]], end: int) -> bool:
    """A personal commitment with a step, a time or the contact of the agent's after `end`."""
    return (bool(set(found) & STEP_KINDS)
            and any(kind in CARRIES and match.start() >= end for kind, (_, match, _) in found.items()))


def _carried_before(found: Mapping[str, tuple[CueRule, re.Match[str], float]], begins: int) -> bool:
    """A personal commitment with a step, a time or the contact of the agent's before `begins`."""
    return (bool(set(found) & STEP_KINDS)
            and any(kind in CARRIES and match.end() <= begins for kind, (_, match, _) in found.items()))


# A sentence that turns to another part of the request: "For the upgrade, ...", "As for the
# laptop: ...", "The laptop though, ...".
_OTHER_PART = re.compile(r"\s*(?:(?:and|but|now),? )?(?:(?:for|as for|about|regarding|on) (?:the|your) [\w-]+(?: [\w-]+)?[,:]? |"
                         r"(?:the|your|an?) [\w-]+(?: [\w-]+){0,2} though\b|"
                         # "The delivery date is not my department though", "Paying for the assignment is not
                         # my department" (batch 166: after the agent's own step, read 41).
                         r"(?:(?:the|your) |paying (?:for )?(?:the |your )?)[\w-]+(?: [\w-]+)? (?:is|are)(?: not|n't) "
                         r"(?:my|our) (?:department|dept|area|call|decision|remit)\b)", re.I)


# A shrug at what the agent just did, not at something else: "It's out of my hands after this".
_SHRUG_AT_IT = re.compile(r"[^.!?]*\b(?:after (?:this|that)|from (?:here|now)|now that|any ?more|either)\b", re.I)


def _another_part(text: str, found: Mapping[str, tuple[CueRule, re.Match[str], float]], start: int) -> bool:
    """The hand-off at `start` is in a sentence (or a clause after "but") that turns to another part
    of the request, after words in which the agent commits to a step of their own."""
    begins = max(_sentence_start(text, start), 0)
    if not _OTHER_PART.match(text, begins):
        # Or a clause of its own after "but" that names the other part: "I'm putting you on the 24-month
        # plan today, but the early start date is not my department" (play-through 62: 5 of 5 read 41-50).
        turns = list(_BUT_THE.finditer(text, begins, start))
        if not turns:
            return False
        begins = turns[-1].start()
    return _carried_before(found, begins)


_BUT_THE = re.compile(r",?\s+(?:but|though|however),?\s+(?:(?:for|as for|about|regarding|on) )?(?:the|your) "
                      # (Not the request itself: "..., but the decision really sits with retention", dev 0/0.)
                      r"(?!(?:decision|call|choice|answer|rest|say|final|outcome|matter|issue|problem|request|"
                      r"question|thing|whole|complaint|case)\b)[\w-]+", re.I)


# An offer the agent makes, not one begun and dropped: "I'll give", "I'm sending", "I can put".
_MAKES_IT = re.compile(r"\b(?:i|we)(?:'ll| will|'m| am|'ve| have| can)\b", re.I)
# A no whose object refers back to what came before it: "but I can't do that", "but it won't work".
_REFERS_BACK_NO = re.compile(r"\b(?:it|that|this|them|one)\b|\b(?:let|allow) (?:me|us)\b", re.I)
_A_NO = re.compile(r"\b(?:can'?t|cannot|can not|won'?t|unable|not possible|isn'?t possible|no way)\b", re.I)


def _offers_a_no_leaves(scenario: Scenario, text: str, start: int, end: int) -> list[Offer]:
    """The case's offers the agent makes before `start` ("I'll give", "I'm sending") when the words
    from `start` to `end` hold a no and name none of them; none otherwise."""
    part = text[start:end]
    if not _A_NO.search(part) or not _MAKES_IT.search(text, 0, start):
        return []
    made = [offer for offer in scenario.offers if offer.counts_as_flexibility and offer.match(text[:start])]
    return [] if any(offer.match(part) for offer in made) else made


def _needs_named(scenario: Scenario, words: str) -> set[str]:
    """The case's needs whose own words `words` names."""
    return {need.id for need in scenario.needs if need.words and need.words.search(words)}


def _declines_another(scenario: Scenario | None, text: str, pivot: int) -> bool:
    """The words after the turn at `pivot`, to the end of its sentence, say no to something other than
    the case's offer the agent makes before it: they hold a no, name no offer made before, and
    refer back to nothing ("but I can't credit the early month", not "but I can't do that")."""
    if scenario is None:
        return False
    end = _sentence_end(text, pivot)
    return (bool(_offers_a_no_leaves(scenario, text, pivot, end))
            and not _REFERS_BACK_NO.search(text[pivot:end]))


def _declined_later(scenario: Scenario | None, text: str) -> int:
    """Where a later sentence starts that says no to another of the case's needs than the offer the
    agent makes before it, with no contrast word ("That's all I can do: your first month free. No
    laptop guarantee, the promo rules won't let me", batch 126): as `_declines_another` after a
    "but", except that the sentence must name the other need (its "won't let me" refers to that
    need, not back to the offer). -1: none."""
    if scenario is None:
        return -1
    for stop in _SENTENCE_END.finditer(text):
        start, end = stop.end(), _sentence_end(text, stop.end())
        made = _offers_a_no_leaves(scenario, text, start, end)
        if not made:
            continue
        made_ids = {offer.id for offer in made}
        before = _needs_named(scenario, text[:start]) | {need.id for need in scenario.needs if made_ids & set(need.met_by)}
        here = _needs_named(scenario, text[start:end])
        if here and not here & before:
            return start
    return -1


def _another_need(scenario: Scenario | None, before: str, part: str) -> bool:
    """`part` names only needs of the case that `before` does not: "Your login works again, I reset
    it while we talked." then "But retention won't give a phone on a migrated number, so asking them
    is pointless" (the login, then the handset)."""
    if scenario is None:
        return False
    earlier, here = _needs_named(scenario, before), _needs_named(scenario, part)
    return bool(earlier and here) and not earlier & here


# A short question after a statement that checks it back: "...procedure say first cancel ISDN. is
# correct?", "... Is that right?".
_CHECKED_BACK = re.compile(r"\s*((is|was) (that|this|it) |is |am i )?(right|correct|true|so)\s*\?", re.I)


# Words in quotation marks: "You were told 'call the fault line after six' - not this time",
# "I know 'nothing can be done' isn't an answer". An apostrophe inside a word ("don't") does not
# open or close one.
_QUOTED = re.compile(r"""(?<!\w)(["\u201c']|\u201e)((?:[^"\u201c\u201d'\u201e]|(?<=\w)'(?=\w))+?)["\u201d'](?!\w)""")


# The agent arranging their own call ("I'll ring you on weekdays only").
_OWN_CONTACT = re.compile(r"\bi(?:'ll| will)(?: only)? (?:ring|call|phone|text|email|contact) (?:you|u)\b", re.I)
# "...only after I've called you at 9": what the agent will have done first (QA round 36: "hides
# behind the rules").
_ONLY_AFTER = re.compile(r"only (?:after|when|once)", re.I)
_OWN_CONDITION = re.compile(r"\s*i(?:'ve| have) (?!not\b|been\b|got to\b|to\b)\w+|"
                            # "The case is closed on my side only when you're happy" (QA round 41: 24 on
                            # flexibility, "hides behind the rules").
                            r"\s*(?:you'?re|you are|you feel|it'?s|it is|everything'?s|everything is) (?:really |fully |completely )?"
                            r"(?:happy|satisfied|sorted|fixed|working|back online|connected|done)\b", re.I)
# What another team did, should have done or said, after its name.
_THEIR_DOING = re.compile(r"\s+(should(n'?t)? have|should'?ve|did|didn'?t|failed to|never|(was|were) supposed to|"
                          r"told you|said|(tell you|say)\b(?=[^.;!?]*\?)|"
                          # "I'm sorry the fault line sent you back and forth today" (QA round 46: 2 of 2 read
                          # as the agent passing the customer on, and the worst reply of a resolved call).
                          r"(sent|passed|pointed|bounced|transferred|referred|kept|had) (you|u)\b)\b", re.I)  # "What did the fault line tell you?"


# Someone else's words reported, up to a rule, refusal or hand-off later in the sentence: "my
# colleagues told you moving and upgrading at once isnt possible", "someone woke you up to tell you
# the same again" (not when the agent speaks in between: "they said no, but I can...").
_REPORTED = re.compile(
    r"\b(?:(?:colleagues?|agents?|someone|somebody|they|he|she|teams?|desks?|departments?|divisions?|shops?|director|letter)"
    r"\b[^.;:!?]{0,40}?\b(?<!'ll )(?<!will )(?<!would )(?<!'d )(?<!n't )(?<!not )(?:told|tell|telling|said|say|says|wrote|replied|answered|advised|"
    r"suggested|recommended)|"
    r"(?<!\bas )(?:you|u)(?: were| was| have been|'ve been| got| had been) (?:told|advised|informed)|\b(?:being|getting|to be) told)\b"
    r"(?![^.;:!?]*\b(?:i|i'?ll|i'?m|i'?ve|i'?d|but|however|though)\b)[^.;:!?]*$", re.I)
_SO = re.compile(r"\bso\b", re.I)
# A price a month: "50 euros a month", "€40 per month".
_A_MONTHLY_PRICE = re.compile(r"(?:€\s?\d+|\b\d+(?:[.,]\d+)?\s?(?:euros?|eur)\b)\s?(?:a|per|each|every|/)\s?month\b", re.I)
# Told to the customer before: "my colleague told you", "you were told", "said to you".
_TOLD_YOU = re.compile(r"\b(?:told|advised|informed) (?:you|u)\b|\b(?:you|u) (?:were|was|'ve been|have been|got) "
                       r"(?:told|advised|informed)\b|\bsaid to (?:you|u)\b", re.I)
# A no said back as a question of its own: "Not possible?", "Can't be done?" (dev).
_ECHOED_NO = re.compile(r"\s*(?:(?:so|oh|ok|okay|right),? )?[\w' -]{1,30}\?", re.I)
_OR_NOT = re.compile(r",?\s+or not\b", re.I)  # "Force majeure or not, ...": the rule set aside
# A bare no and what may follow it as an answer: "No.", "Nope, all good.", "No, that's all, thanks."
_ANSWERING_NO = re.compile(r"\W*(?:(?:ok(?:ay)?|good|great|right|perfect|fine)[\s,.!]+)?(?:no|nope|nah|nop|no no)\b"
                           r"(?:,? (?:sir|madam|ma'?am|mister|mr\.? [a-z]+|mrs\.? [a-z]+|meneer|mevrouw))?"
                           r"(?:[\s,.!-]*(?:(?:that'?s|that is|it'?s|thats) (?:all|it|everything)|"
                           r"nothing(?: else| more)?(?: needed| from (?:me|my side|us))?|(?:we'?re|we are|you'?re|you are) "
                           r"(?:done|good|all set|sorted|set)|all (?:good|done|set|sorted)|not at all|not really|"
                           r"(?:thanks?|thank you)(?: very much)?))*[\s,.!]*", re.I)
# A bare no beside the customer spared a cost: "No, it won't cost you anything", "No cost to you, no"
# (QA round 41: the free router's cost asked about, 4 of 6 read rigid and 6 of 6 heard as a no).
_BARE_NO = re.compile(r"(?:[a-z]+, )?no\W*", re.I)
_COSTS_NOTHING = re.compile(r"\b(?:(?:not|won'?t|will not) (?:be )?charg(?:e|ing) (?:you )?(?:anything|a thing|a cent|a penny|for)|"
                            r"(?:it'?s|it is|that'?s|that is) (?:all |completely |totally )?(?:free|on the house)|"
                            # "No, the backup SIM's free." (batch 135: read as a no).
                            r"\b[a-z]+(?:'s| is| are) (?:also |completely |totally )?free\b(?! (?:to|of (?!charge)))|"
                            # "No, free." (QA round 45 replayed: read as a refusal).
                            r"(?:^|[,.;:] ?)(?:all |completely |totally )?free(?: of charge)?\s*[.!]*$|"
                            r"nothing (?:extra|more|additional|to pay)|"
                            r"no (?:extra |additional )?(?:charges?|costs?|fees?)|(?:won'?t|will not|doesn'?t|does not) "
                            r"cost (?:you )?(?:anything|a thing|a penny|a cent|a euro|extra|any extra|more)|free of charge|"
                            r"at no (?:extra |additional )?(?:cost|charge)|"
                            # The rubric's gesture cue says the same (QA round 44: "No, it costs you nothing.").
                            r"(?:costs?|will cost) (?:you )?(?:nothing|not a (?:thing|penny|cent))|"
                            r"(?:none of (?:it|this|that)|nothing) (?:costs?|will cost) (?:you )?(?:anything|a thing|a penny|a cent|extra))\b", re.I)
# What the agent says of a rule or an answer given before: it was wrong, not good enough.
_CRITICISED = re.compile(r"\bi know (that|this) line\b|\bi'?ve heard (that|it) (one )?before\b|"  # "procedures are procedures, I know that line" (play-through 56)
                         r"\b(is|was|are|were)(n'?t| not) (a |an )?(fitting|good|proper|acceptable|fair|reasonable|real|"
                         r"decent|right) (answer|response|reply|way)\b|\bnot good enough\b|\b(was|is) (just |simply |plainly )?wrong\b|"
                         r"\bshouldn'?t have (been said|happened|told you|said that)\b|"
                         # "Force majeure is no answer to a loyal customer, and I won't use it", "a form letter
                         # about force majeure doesn't answer what you wrote" (QA round 24: 49/7, "hides").
                         r"\b(is|was|'s) no (answer|excuse|reason)\b|\bdoesn'?t answer\b|\b(is|was) (bad|poor|wrong|terrible) advice\b|"
                         r"\bi (won'?t|will not|am not going to|'m not going to) (use|hide behind|quote|cite) (it|that|this|them)\b|"
                         # "A form letter quoting force majeure is not the answer you deserved", "The small print is
                         # not what I'm going to hide behind" (QA round 34: 5 of 6 read as hiding behind it).
                         r"\b(is|was|'s)(n'?t| not) (the|an?) (answer|response|reply) you (deserved?|needed|were owed|should have had)\b|"
                         r"\b(is|'s)(n'?t| not) (something|what) (i'?m|i am) (going to|gonna) (hide behind|use|quote|lean on)\b|"
                         # "The small print isn't the point here", "... is not an answer I'd accept either", "Forget
                         # the force majeure line, that's not how I want to treat you" (play-through 39: 6 of 6
                         # read as hiding behind the rule).
                         r"\b(is|'s|are|'re)(n'?t| not) (the|an?) (point|issue)\b|"
                         r"\b(is|'s)(n'?t| not) (an?|the) (answer|response|reply) (i'?d|i would|i can|i'?m willing to) (accept|give|stand behind)\b|"
                         # "Force majeure is not an answer I'm going to give you", "... you're told rules are
                         # rules. That's not how it should go." (QA round 41: 59/9 and 51/14).
                         r"\b(is|'s)(n'?t| not) (an?|the) (answer|response|reply) (i'?m|i am) (going to|gonna) (give|accept)\b|"
                         r"\bnot how (it|this|that|things) (should|ought to) (go|be|work|have gone)\b|"
                         r"\bnot how (i|we) (want|ought|should|'?d like)( us| you| anyone)? to (treat|deal with|talk to|answer)\b",
                         re.I)
# The sentence after a rule or a no, disowning it: "Your colleague said migration rules are migration
# rules. I'm not going to say that." (QA round 41), "... you're told rules are rules. That's not how it
# should go."
_DISOWNED_NEXT = re.compile(r"[.!?;:]+\s*(?:and |but )?(?:(?:that'?s|that is|that was|this is)(?: just| simply)? (?:not how (?:it|this|that|things) "
                            r"(?:should|ought to) (?:go|be|work|have gone)|(?:plain )?wrong|not right|not good enough|not (?:fair|acceptable|ok|okay))\b|"
                            r"(?:i'?m|i am) not (?:going to|gonna) (?:say|tell you|use|repeat|hide behind) (?:that|it|this)\b|"
                            r"i (?:won'?t|will not|refuse to) (?:say|tell you|use|repeat|hide behind) (?:that|it|this)\b)", re.I)
# A no in words no cue knows ("the promotion just isn't available for number migrations"); not the
# understatement itself ("I appreciate that's not ideal").
_NO_IN_WORDS = re.compile(r"\b(?:no|never|nothing|nobody|only|cannot)\b|n'?t\b(?! (?:ideal|great|good|nice|fun|easy|pleasant)\b)|"
                          r"\bnot\b(?! (?:ideal|great|good|nice|fun|easy|pleasant|what you (?:wanted|needed|expected))\b)", re.I)
# A vague promise that is a note or a pass-on (not "soon", "probably", "in due course").
_NOTED_OR_PASSED = re.compile(r"\b(log|logged|note|noted|pass|forward|send|hand|emailed|e-mailed|mailed|messaged|written|notified|"
                              r"informed|pinged|alerted)\b", re.I)
# An amount put right: "Actually, make that 25 percent" (QA round 42), "make it 50eur". The persona
# reads the same words as a cut of what was promised (persona._AS_A_LIMIT).
MAKE_THAT = re.compile(r"\bmake (?:that|it) (?:€\s?)?(?:\d|(?:one|two|three|four|five|six|ten|twenty|fifty)\b)", re.I)
_NOT_MY_RULES = re.compile(r"\b(?:make|write) (?:the rules|them|the procedures?)\b|\brules (?:aren'?t|are not) mine\b", re.I)
_BUT_NEXT = re.compile(r"\s*[,;:-]?\s*(?:but|though|still|however)\b", re.I)
_NOT_THE_ONE = re.compile(r"\b(?:is|'s|are|'re)(?:n'?t| not) (?:an?|the) (?:answer|response|reply|thing|line|excuse) $|"
                          r"\b(?:is|'s)(?:n'?t| not) (?:something|what) $", re.I)
_NORMALLY = re.compile(r"\b(?:normally|usually|ordinarily|as a rule|officially|strictly speaking|on paper)\b", re.I)
_BUT_THEN = re.compile(r"[^.!?]{0,60}?\bbut\b(?![^.!?]{0,40}\b(?:not|no|can'?t|cannot|won'?t|unfortunately|sadly|afraid|only)\b)",
                       re.I)
# The rule set aside by the words before it in its sentence: "Forget the force majeure line",
# "Whatever the migration rules say, you're a 15-year customer", "regardless of the small print".
_ASIDE_BEFORE = re.compile(r"\b(?:forget(?: about)?|whatever|regardless of|never mind|leaving aside|setting aside)"
                           r"(?: the| that| your| what the| what)?(?: [\w-]+){0,2} $|"
                           # "..., whatever the terms technically say about force majeure".
                           r"\bwhatever (?:the )?(?:[\w-]+ ){1,3}says? (?:about )?$|"
                           # The rule as what a letter said, rejected: "a form letter about force majeure is not an
                           # answer"; or second in a rule the agent will not hide behind: "I'm not going to hide behind
                           # force majeure or the small print" (QA round 47: flexibility low, 3 of 3).
                           r"\b(?:letter|reply|answer|response|email|excuse) (?:about|citing|quoting|on|that says?) (?:the )?$|"
                           r"\b(?:not|never|won'?t|n't)\b[^.;!?]{0,30}\bhide behind\b[^.;!?]{1,40}\b(?:or|and|nor) (?:the |your |any )?$", re.I)
# (Also across a full stop: "I can't do 1000. What I can do is 150 euros", QA round 25.)
CAN_INSTEAD = re.compile(r"\b(?:can'?t|cannot|won'?t|not able to) (?:do|give|offer|pay|go (?:that far|to)|manage|stretch)\b"
                          r"[^.;!?]{0,40}?(?:[,;:.]| -) ((?:what |but )?(?:i|we) can (?:do|offer|give|manage)|"
                          r"[\w']+ (?:i|we) can\b|"  # "I can't go that far - three I can"
                          # "I can't do 50 percent off the iPhone, it's 30 percent off", "I can't do three,
                          # it's two months, 100 euros" (QA round 55, 4 of 4 read as a bare no).
                          r"(?:so |but )?(?:it'?s|it is|make it|that'?s|that is) (?:\d+|one|two|three|four|five|six|half|a (?:third|quarter))\b|"
                          # "I can't do 100, 40 euros is the most I can do" (play-through 55).
                          r"(?:\d+|one|two|three|half)\b[^.;!?,]{0,25}? (?:is|'s) (?:the (?:most|best|max\w*)|as far as) (?:i|we) can\b)",
                          re.I)
# "I'll guarantee you're connected by the 1st - sorry, I shouldn't say that, KPN controls the date."
_WITHDRAWN_AFTER = re.compile(r"\bshouldn'?t (say|promise|have said|have promised) (that|it|this)\b|\bi overstepped\b|"
                              r"\bscratch that\b|\bi take (that|it) back\b|\bcan'?t (actually |really )?(promise|guarantee) (that|it|this)( one)?\b|"
                              # Said wrong and put right at once (batches 115 and 117): "I'll give you six
                              # months free. Sorry, three, three's my limit", "…150 euro. Sorry, I mean 50",
                              # "Free TV for the first year. Sorry, that's wrong, I can't do that."
                              # (And the slip named, or the right number said as "it's": "60% off, sorry, typo,
                              # 50%", "Did I say five months? Sorry, it's two", batch 174.)
                              r"\b(sorry|oops|no|wait|correction)[,.!]? ((typo|my typo|my slip|wrong|my mistake)[,.!:]? )?"
                              r"((it'?s|it is|that'?s|that is|make (it|that)) )?(i mean|i meant|that'?s wrong|that'?s not right|my (mistake|bad)|i misspoke|"
                              r"(one|two|three|\d+)\b(?! (more|extra|on top)\b))|"
                              r"\b(sorry|no),? i can'?t (actually |really )?(do|give you|offer( you)?) (that|this)\b|"
                              # "I wrote 60% off the phone, I meant 50" (batch 168).
                              r"[,;] ?(i mean|i meant) (\d+|one|two|three|four|five|six)\b", re.I)


# An amount raised in the reply, "50% off the handset ... actually, make it 70", "I'll make it 100
# euros": the number, and its unit if it says one (else the unit of the amount before it).
_RAISED = re.compile(r"\bmak(?:e|ing) (?:it|that) (\d+(?:[.,]\d+)?)(?! ?(?:[:.]\d|am\b|pm\b|o'?clock\b|h\b))"
                     r"(?: ?(%|percent\b|per cent\b|euros?\b|eur\b|€))?", re.I)
_ANY_AMOUNT = re.compile(_PERCENT.pattern + "|" + _AMOUNT.pattern, re.I)


def _raised_beyond(clean: str, scenario: Scenario) -> tuple[str, str, str] | None:
    """An amount raised past what the agent may give, as (id, phrase, description): in euros, above
    the credit limit; in percent, the first amount said again at the new size is one of the case's
    over-promises ("make it 70" after "50% off the handset": "70% off the handset")."""
    for raised in _RAISED.finditer(clean):
        value, unit = float(raised.group(1).replace(",", ".")), (raised.group(2) or "").lower()
        before = [m for m in _ANY_AMOUNT.finditer(clean, 0, raised.start())]
        if not unit and not before:
            continue  # "make it 14" with no amount to raise: a time, a date, anything
        if unit in ("%", "percent", "per cent") or (not unit and before[-1].group(1)):
            if before and before[-1].group(1):
                first = before[-1]
                said_again = clean[:first.start()] + f"{raised.group(1)}%" + clean[first.end():raised.start()]
                for promise in scenario.over_promises:
                    if promise.match(said_again):
                        return promise.id, raised.group(0), promise.description
            continue
        if value > scenario.max_credit_eur:
            return "credit_above_limit", raised.group(0), f"a credit above the {scenario.max_credit_eur} euro limit"
    return None


# A condition the customer pays for: a contract extended or taken out, a subscription or a second
# line added, a fee paid, a monthly price on top ("as long as you extend your contract by a year",
# "but only as a second subscription at 25 a month", "that's 15 euros a month extra").
_COSTLY_CONDITION = re.compile(
    r"\b(?:as long as|so long as|only if|provided(?: that)?|on (?:the )?condition(?: that)?|if you|but only|tied to|"
    r"in exchange for|in return for)\b[^.;!?]{0,40}?\b(?:extend\w*|sign\w*(?: up)? (?:for|to|on)|take out|add\w*|"
    r"commit\w* to|lock\w* in|pay\w*|buy\w*|take(?! (?:your|it|this|that)\b))\b[^.;!?]{0,40}?\b(?:contract|subscription|second line|line|plan|"
    r"bundle|package|years?|months?|fee|a month|per month)\b|"
    r"\b(?:on|with|as|tied to|as part of)\s+(?:a|an)\s+(?:new|second|extra|additional|separate|\d+[- ]month|"
    r"two[- ]year|one[- ]year)\s+(?:[\w-]+\s+)?(?:contract|subscription)\b|"
    r"\b(?:that'?s|it'?s|at|for)\s+(?:€\s?)?\d+(?:[.,]\d+)?\s*(?:euros?\s*)?(?:a|per)\s+month\s+(?:extra|more|on top)\b",
    re.I)
COSTLY_CAP = "an offer the customer pays for is a sale, not a gesture"


def _costly_condition(clean: str, lowered: str, offers: Sequence[tuple[Offer, str]]) -> str | None:
    """The words of a condition that costs the customer, unless the condition is itself one of the
    case's offers ("if you sign for 24 months, the iPhone is yours": the longer plan is the offer)."""
    for match in _COSTLY_CONDITION.finditer(clean):
        end = _sentence_end(clean, match.end())
        if any(offer.counts_as_flexibility and (_overlaps(lowered, phrase, match.start(), end)
                                                or offer.match(clean[match.start():end]))
               for offer, phrase in offers):
            continue
        return match.group(0)
    return None


def _overlaps(lowered: str, phrase: str, start: int, end: int) -> bool:
    """The offer's phrase shares a character with `start`..`end`."""
    at = lowered.find(phrase.lower())
    return 0 <= at < end and at + len(phrase) > start


def put_right_at(text: str) -> int:
    """Where the reply goes on to what the agent gives instead of a no ("I can't do 50 percent off,
    it's 30 percent off") or puts right what it said wrong ("I'll credit six months. Wait, no, three
    months is the most I can do"): the start of the last such words, or -1."""
    instead = [found.start(1) for found in CAN_INSTEAD.finditer(text)]
    put_right = [found.start() for found in _WITHDRAWN_AFTER.finditer(text)]
    return max(instead + put_right, default=-1)


def _withdrawn_after(clean: str, end: int) -> bool:
    """What was promised up to `end` is taken back or put right in the rest of its sentence or the next."""
    return bool(_WITHDRAWN_AFTER.search(clean, end, _sentence_end(clean, _sentence_end(clean, end) + 1)))


_WITHDRAWN = re.compile(r"\b(shouldn'?t|should not|should never|can'?t|cannot|couldn'?t) have (promised|said|told you)\b|"
                        r"\bcorrect(ing)? (myself|that|what i said)\b", re.I)
# "As my colleague said, that's not how it works": the agent repeats it as their own.
_ENDORSED = re.compile(r"\b(?:as|like)\s+(?:(?:my|our|your|the|a|an|that|this)\s+)?[\w-]*\s*$", re.I)


# The agent checking they understood the customer: "if I understand you right", "let me get this
# straight". The customer hears it as a summary to confirm (persona.py's recap); the scorer does not
# count a rule or a refusal it sums up as the agent's own (_summarised).
CHECKS_UNDERSTANDING = (r"let me (?:check|make sure) (?:that )?i(?:'?ve)? (?:understood|understand|got (?:it|this|that))|if i (?:understand|understood|get) "
                        r"(?:(?:you|that|this|it)(?: correctly| right)?|correctly|right)|just (?:so|to check|to be sure) i'?ve got (?:it|this|that)|"
                        r"so you'?re saying|let me get (?:this|that|it) straight|"
                        # QA round 11: "Just so I have it right: ...?", "So to check I got it: ...", "Just to confirm: ...".
                        r"just (?:so|to check|to be sure) i (?:have|got|'ve got) (?:it|this|that|everything) right|"
                        r"(?:so )?to check i(?:'ve)? (?:got|have|understood)(?: (?:it|this|that|you))?(?: right| correctly)?|just to confirm")
# The customer's story summarised back to check it: "So if I understand you right: no network for
# most of the day...", "Let me check I've understood: ... you'd happily go to 24 months". (Not "to
# recap": what the agent did, summed up.)
_SUMMARY = re.compile(rf"\b(?:{CHECKS_UNDERSTANDING})\b", re.I)


# Nobody does what is named next: "Nobody compensates for a lost assignment", "nor do I pay for lost jobs".
_NOBODY_DOES = re.compile(r"\b(nobody|no one|no-one|nor do (i|we)|neither do (i|we))\b[^.,;!?]{0,15}$", re.I)
# "We don't pay for the lost assignment, that's business damages", "My hands are tied on a free year of
# TV": what is beyond authority named after the agent's own no to it, in the same sentence (play-
# throughs 61 and 62: on the card as promised).
_DECLINED_BEFORE = re.compile(r"(?:\b(?:we|i)(?: really| simply| just)? (?:don'?t|do not|won'?t|will not|never) "
                            r"(?:pay|compensate|cover|reimburse)|\bhands (?:are|were) (?:tied|bound) "
                            r"(?:on|with|about|over|regarding|when it comes to|as (?:to|for))|"
                            r"\b(?:out of|not in) (?:my|our) hands,? (?:on|with|about|when it comes to|as (?:to|for)))\b[^.;!?]*$", re.I)
# "I can't promise retention will say yes, but I'll put it to them myself today": the outcome is not
# promised, the agent's own step is; no request is refused.
_OUTCOME_OPEN = re.compile(r"\s+((actually|honestly|truly|fully) )?(promise|guarantee|say|decide|tell you|give you an? (date|time|answer))\b", re.I)
_BUT_I = re.compile(r"\bbut\s+(i|i'?ll|i'?m|i will|i am|i'?ve|i have)\b", re.I)
# "I can ask the data team if someone can come out, but I can't promise.": a hedge on what was just
# said, not a no to the customer.
_BUT_NO_PROMISE = re.compile(r"\bbut\s+(i\s+)?$", re.I)
_PROMISE_ENDS = re.compile(r"\s+promise(\s+(anything|it|that|you anything))?\s*([.!?]|$)", re.I)
# A refusal the agent only foresees as a possible answer: "i call you tomorrow with the answer, also
# if the answer is no", "if it's not possible I'll tell you" (not "even if I wanted to, I can't").
_IF_OUTCOME = re.compile(r"\b(if|whether)(\s+(the (answer|decision|result|outcome)|the ([\w-]+ )?(division|department|team|desk)|"
                         r"it|that|they|he|she)\b[^.,;:!?]{0,20})?\s*$",
                         re.I)


# The agent answering the phone with the company's name, and perhaps their own: "KPN.", "Tele2,
# Kevin speaking", "Good afternoon, T-Mobile business desk, this is Sanne" (QA round 13: "KPN." was
# read as sending the customer to KPN).
PROVIDERS = ("kpn", "tele2", "t-mobile", "tmobile", "odido", "ziggo", "vodafone", "vodafoneziggo", "xs4all",
             "simyo", "youfone", "lebara", "hollandsnieuwe")
_GREETING_WORDS = r"(?:hi|hello|hey|good (?:morning|afternoon|evening|day))"
# Any word that greets or thanks for the call, anywhere in the reply.
_GREETS_IN_WORDS = re.compile(rf"\b{_GREETING_WORDS}\b|\b(?:welcome|thanks? (?:you )?for (?:calling|your call|holding|waiting)|"
                              r"my name(?:'s| is)|speaking)\b", re.I)
_TIME_WORD = (r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|(?:mon|tue|tues|wed|weds|thu|thur|thurs|fri|sat|sun)\b|"
              r"tonight|tomorrow|today|morning|afternoon|evening|noon|midday|"
              r"\d{1,2}(?:st|nd|rd|th)|\d{1,2}(?:[:.]\d\d)?\s*(?:am|pm|h)?|"
              # (Not "Half price.": QA round 45, "names a time".)
              r"half (?:past )?(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2})\b|"
              r"(?:a )?quarter (?:past|to) \w+|"
              # "Tomorrow, first thing.", "Within the hour." (QA round 46: not scored, 3 of 9 times given alone).
              r"first thing|within (?:the|an|one|two|the next) hours?|in (?:an|one|two|half an) hours?|"
              # The hour in words: "Tonight, nine.", "Nine tonight.", "At nine." (QA round 45: 3 of 3 not scored).
              r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)(?: o'?clock| thirty| fifteen| forty-?five| ?(?:am|pm))?)")
# A time anywhere in the words: "Delivery tomorrow, and yes, email confirmation today" (persona.py).
TIME_IN_WORDS = re.compile(rf"\b{_TIME_WORD}", re.I)
_TIME_ANSWER = re.compile(rf"(?:(?:yes|ok|okay|sure|right)[,.!]?\s+)?(?:(?:on|at|by|before|from|around|this|next|the|in the)\s+)*"
                          rf"{_TIME_WORD}(?:[,\s]+(?:(?:on|at|by|before|from|to|till|until|-|and|the|in the|between)\s+)*"
                          rf"{_TIME_WORD})*\s*[.!]*"
                          # "Tomorrow. Yes.": the customer's "when?" and "will you confirm it?" answered
                          # (QA round 48: not read as a time, and the offer stayed "floated").
                          r"(?:\s*(?:and )?(?:yes|yep|yeah|sure)\s*[.!]*)?", re.I)
# A greeting and nothing else ("Good evening.", "Good evening, Mrs Dekker!"): read as a close by the
# model on the Friday evening case, the customer heard the trainee hang up (QA round 27, 5 of 5).
_OPENS_ON_A_GREETING = re.compile(rf"\W*(?:{_GREETING_WORDS}|morning|afternoon|evening)\b(?! (?:slot|appointment|visit)\b)", re.I)
_GREETING_ONLY = re.compile(rf"{_GREETING_WORDS}(?:,?\s+(?:sir|madam|(?:mr|mrs|ms|miss)\.?\s+[a-z-]+|[a-z-]+))?\s*[.!]*"
                            # With the file at hand: "Hi Mr Hoekstra, I've read your file.", "Hello, I have
                            # your file in front of me." (QA round 43: 5 of 6 not scored, and the customer
                            # said "I'm not following").
                            r"(?:[,.!]?\s*(?:i'?ve|i have) (?:read|got|looked at|looked through|gone through|pulled up|"
                            r"opened)? ?(?:your|the) (?:file|notes|case|letter|history|account|details)"
                            r"(?: here| in front of me| open| up)?\s*[.!]*)?", re.I)
_SALUTATION = re.compile(
    rf"(?:{_GREETING_WORDS}[,.!]?\s+)?(?:(?:thank you|thanks) for calling|welcome to|you'?re (?:through|speaking) to)?\s*"
    rf"(?:{'|'.join(map(re.escape, PROVIDERS))})(?:\s+(?:business|customer)?\s*(?:desk|service|support|helpdesk|care))?"
    rf"(?:[,.!:-]?\s+(?:this is |you'?re speaking (?:to|with) |my name is |i'?m )?(?!(?:no|not|never|nope|sorry)\b)"
    # (Also "tele2, mark. wat can i do", "Tele2. Shoot.": QA rounds 22 and 23 found them not scored.)
    rf"[a-z]+(?: speaking)?)?(?:[,.!]?\s+(?:{_GREETING_WORDS}|how (?:can|may) i help(?: you)?(?: today)?|"
    rf"wh?at can i do(?: for you)?(?: today)?|shoot|go ahead|tell me|yes))?\s*[.!?]*",
    re.I)


# Nothing known yet, whatever the agent does: "Let me see what's possible, I can't say more yet".
_NOT_SAID_YET = re.compile(r"\s+(say|tell you)( anything| more| much)?( for (sure|certain))? yet\b|"
                           # "I can't give you a time at the moment", "I just can't tell you when" (batch
                           # 72): the timing not known yet, nothing asked for refused.
                           r"\s+(give you|tell you) (a|an|the) (exact |precise )?(time|day)( (yet|right now|at the moment|just now))?\s*([.,;!]|$)|"
                           r"\s+(tell you|say) (exactly )?when\b", re.I)
# What the agent cannot do alone: "I can't move the line myself", "can't book it from here".
# ("I can't make that decision on my own", "I can't set up the combined order alone": dev, 2/1 and
# 2/2 read 2/0 beside the step the agent then takes.)
_NOT_ALONE = re.compile(r"[^.,;:!?]{0,40}?\b(myself|by myself|on my own|alone|from here|from my (side|end|desk)|on my (side|end))\b|"
                        # "I can't grab a manager, but I'm booking you a call-back" (batch 70).
                        r" (grab|get hold of|reach|find|get) (a|my|the) (manager|supervisor|team ?lead(er)?)\b|"
                        # "Different division, I can't see their orders, so I'll ring them for you now" (batch 128).
                        # (Not a reason for the hand-off: "I can't see their offers. They handle devices".)
                        r" (see|access|view|open|get into|look into) (their|the other|that|those|its|the [\w-]+ (team|division)'?s?)\b"
                        r"[^.;!?]{0,40}\b(so|but|and) (i'?ll|i will|i'?m|i am|let me)\b", re.I)


def _summarised(text: str, start: int) -> bool:
    """The words at `start` are part of a summary of the customer's story, in its sentence."""
    return bool(_SUMMARY.search(text, max(_sentence_start(text, start), 0), start))


# Words of the agent's own, even after what another team said: "the data division says it's a
# Monday job and there's nothing more I can do" (QA round 14).
_FIRST_PERSON = re.compile(r"\b(i|i'?m|i'?ll|i'?ve|i'?d|me|my)\b", re.I)


# Another team's answer passed on now, to the agent and not to the customer: "The data team says
# weekend work isn't possible", "They said the technician can't come tonight" (batch 95, dev: the
# agent gives it as the answer, a no; not "my colleagues told you ...", what the customer heard before).
# Said now ("says"), or said after the agent asked ("I rang the moves desk; they said ..."); not a
# letter's words, nor what several people said before ("one colleague said three weeks").
_RELAYED_ANSWER = re.compile(r"\b(?:says|say)\b(?!,? (?:to )?(?:you|u)\b)", re.I)
_ASKED_THEM = re.compile(r"\bi(?:'ve| have)? (?:just )?(?:spoke|spoken|talked|asked|checked|rang|rung|called|phoned|contacted|"
                         r"emailed|messaged|been on to|got hold of|put it to)\b", re.I)
_ANSWERED_ME = re.compile(r"\b(?:said|replied|answered|told me)\b(?!,? (?:to )?(?:you|u)\b)", re.I)
_LISTENER = re.compile(r"\b(?:you|u|your)\b", re.I)


def _relayed_answer(text: str, start: int) -> bool:
    """The words at `start` are another team's answer, passed on by the agent as the answer."""
    begin = max(_sentence_start(text, start), 0)
    found = _REPORTED.search(text, begin, start)
    if found is None or text[found.start():].lower().startswith(("letter", "director")) or (
            text[:_sentence_end(text, start)].rstrip().endswith("?")):
        return False
    relayed = _RELAYED_ANSWER.search(text, found.start(), start) or (
        _ANSWERED_ME.search(text, found.start(), start) if _ASKED_THEM.search(text, 0, found.start()) else None)
    return relayed is not None and not _LISTENER.search(text, found.start(), relayed.start())


def _reported(text: str, start: int) -> bool:
    """The words at `start` are someone else's, reported in the sentence before them."""
    begin = max(_sentence_start(text, start), 0)
    found = _REPORTED.search(text, begin, start)
    # "You've been told it doesn't work that way, so I'm not sure why...": built on, not reported.
    built_on = _SO.search(text, start, _sentence_end(text, start))
    return found is not None and not built_on and not _ENDORSED.search(text, begin, found.start())


def _quoted(text: str, start: int, end: int) -> bool:
    """The span start..end lies inside a quotation."""
    return any(m.start(2) <= start and end <= m.end(2) for m in _QUOTED.finditer(text))


# A question about what happened, not what to do: "Did the fault line...", "Who did you speak to...".
_WHAT_HAPPENED = re.compile(r"\s*(?:(?:and|so|ok|okay|right|sorry),? )*(?:did|who|what|when|which|where|was|were|had)\b"
                            r"(?![^.?!]*\b(?:should|could|would|can|will)\b)", re.I)


def _asked(text: str, position: int) -> bool:
    """The sentence around `position` is a question, or is checked back by the one after it."""
    end = _SENTENCE_END.search(text, position)
    if end is None:
        return False
    return text[end.start()] == "?" or bool(_CHECKED_BACK.match(text, end.end()))


def _outcome_left_open(clean: str, match: re.Match[str], begin: int, acts: Callable[[], bool]) -> bool:
    """A refusal's words say only that the outcome is open, not that anything asked for is
    refused: "I can't promise, but I'll ring you at five"; "if the answer is no"; and, beside a
    step of the agent's own (`acts()`), "No guarantees on tonight, but I've ordered the courier
    router", "I'm calling the data division now. I can't guarantee it's fixed tonight, though"
    (batch 57); "I can't say more yet" whatever is done."""
    start = max(_sentence_start(clean, begin), 0)
    if _IF_OUTCOME.search(clean, start, begin):
        return True
    if match.group(0).lower() == "no":
        return bool(_NO_GUARANTEE.match(clean, match.end())) and acts()
    if not _CAN_NOT.fullmatch(match.group(0)):
        return False
    return bool((_OUTCOME_OPEN.match(clean, match.end())
                 and _BUT_I.search(clean, match.end(), _sentence_end(clean, match.end())))
                or (_PROMISE_ENDS.match(clean, match.end()) and _BUT_NO_PROMISE.search(clean, start, begin))
                or _NOT_SAID_YET.match(clean, match.end())
                or (_OUTCOME_NOT_PROMISED.match(clean, match.end()) and acts()))


# A question about what the agent did or said earlier, with nothing done in it: "Can you tell me
# what I've arranged for you?", "What did I promise you at the start?", "How much did I credit?".
_RECAP_QUESTION = re.compile(r"\s*(?:(?:and|so|ok|okay|right|just),? )*(?:(?:can|could) you (?:tell|remind) me |remind me )?"
                             r"(?:what|which|how much|how many|when|where)\b(?: \w+){0,3}? (?:did i|have i|had i|i'?ve|i had|i have|"
                             r"did we|have we|we'?ve)\b[^.?!]*\?", re.I)


_LOOKS = re.compile(r"\b(?:check|look|see|try|ask|find out|investigate|query)\w*\b", re.I)
# After an if-clause's offer, the agent's own step: "... today, I'll reset it myself".
_THEN_I_WILL = re.compile(r"[^.;!?]{0,30}?,\s*(?:then\s+)?(?:i'?ll|i will|i'?m going to|i am going to)\b", re.I)
# The words from a clause's "if" up to a cue: "If Hans ", "even if planning ".
_IF_CLAUSE = re.compile(r"(?:^|[.;!?:,]\s+|\b(?:and|but|so)\s+)(?:even )?(?:if|in case|should|unless)\s+(?:[\w'-]+\s+){0,4}$", re.I)


# The decider's no as where the agent's work began, not its end: "...said no to the phone at first, so
# I went to her manager", "I'm not leaving it there: I've taken it to the sales manager".
_NOT_THE_END = re.compile(r"\b(?:at first|initially|so i (?:went|took|asked|escalated|pushed|rang|called)|"
                          r"(?:i'?m|i am) not (?:leaving|stopping|giving up|taking)|(?:doesn'?t|does not|won'?t) (?:end|stop) (?:it|there)|"
                          # "My manager said no. I don't agree with her, and I'm taking it to her boss today";
                          # "I know my manager said no last week. I'm taking your proposal back to her myself"
                          # (batches 134 and 135: read rigid).
                          r"i (?:don'?t|do not) agree(?: with (?:him|her|them|that|it))?|i know (?:my|the|your|our) [\w -]{2,25}(?:said|says|told you) no|"
                          r"(?:i'?m|i am) taking (?:it|this|that|your [\w-]+(?: [\w-]+)?) (?:back )?(?:to|up with) (?:him|her|them|his|her|their|the|my)|"
                          # "Customer care says the letter is final. I've gone past them to..." (batch 151).
                          r"(?:i'?ve|i have|i) (?:gone|went) (?:past|over|above) (?:them|him|her|that|their heads?|his head|her head))\b",
                          re.I)


# Another team's answer, passed on, up to the no in it: "Retention says they don't do devices on
# migrations", "Customer care says the letter is final" (batch 151).
_ANOTHERS_NO = re.compile(r"\b(?:retention|planning|billing|sales|care|support|(?:back )?office|(?:[\w-]+ )?(?:team|desk|"
                          r"department|division|manager|supervisor)|they|he|she)\b[^.;:!?]{0,20}\b(?:says?|said|told me)\b"
                          r"[^.;:!?]*$", re.I)


# A check to come, before what it will find: "... to check the phone has arrived", "to make sure the
# credit has gone through", "let me check what's booked".
_TO_CHECK = re.compile(r"\b(?:to|and|then|i'?ll|i will|let me|i'?m going to|i am going to) (?:check|make sure|see|confirm|verify|"
                       r"ensure|double-check|look at|find out)\b(?: that| if| whether| what| which)?[^.;!?]{0,40}$", re.I)
# What the customer needs or worries about, asked: "Is there anything you'd want in the meantime?".
_NEEDS_ASKED = re.compile(r"\W*(?:(?:and|so|ok|okay|right|now),? )?(?:is there |was there )?anything (?:"
                          r"(?:that )?(?:you'?d (?:want|need|like)|you (?:want|need|would like))|"
                          r"(?:else )?(?:you'?re (?:worried|concerned|unsure) about|that (?:worries|concerns) you))\b"
                          r"(?![^.!?]*\b(?:before we|to raise|to add)\b)[^.!?]*\?+\W*", re.I)
# An option asked about, none named: "Is there an option that would work for you?", "Would that help?".
_OPTION_ASKED = re.compile(r"\W*(?:(?:so|and|ok|okay|right|well),? )?(?:(?:(?:is|are) there|what|which|do you (?:have|see|want))\b"
                           r"[^.!?]*\b(?:options?|alternatives?|solutions?|workarounds?|something|anything)\b|"
                           r"(?:would|could|will) (?:that|this) (?:help|work|suit))[^.!?]*\?+\W*", re.I)
# An option in general words, looked for or asked about rather than named.
_VAGUE_OPTION = re.compile(r"another option|an alternative|a workaround|a solution", re.I)
_LOOKED_FOR = re.compile(r"\b(?:look(?:ing)? (?:at|for)|find(?:ing)?|think(?:ing)? (?:of|about|up)|come up with|work out)\b[^.;!?]{0,15}$", re.I)
_OF_SOME_SORT = re.compile(r"\s+of (?:some|any) (?:sort|kind)\b", re.I)
# The customer asked to hold in so many words (not "I'll ask planning whether ...", a hold too).
_HOLD_ON = re.compile(r"\b(?:hold|hang on|moment|sec|second|minute|bear with)\b", re.I)
# What makes a "can't" the agent's own no whatever its subject: the agent putting their own word
# right ("Sorry, I need to correct myself: the technician can't come this weekend"; QA round 43:
# "not the agent's", 50/50), or regret said as the no's lead-in ("I'm really sorry, but the
# technician can't come before Monday"; QA round 44: 51/50, and the customer heard sympathy alone).
_OWN_NO_LEAD_IN = re.compile(r"\b(?:correct myself|i was wrong|i got (?:that|it) wrong|scratch that|i misspoke|my mistake|"
                        r"(?:have|need) to take (?:that|it) back|i take (?:that|it) back|unfortunately|i'?m afraid)\b|"
                        r"\bsorry\b[^.;!?]{0,20}\bbut\b", re.I)


# A goodbye said not to be one, or taken back: "I won't say goodbye until we've sorted this", "no
# goodbye from me until this is sorted", "I was about to say goodbye, but no", "Sorry, scratch my
# goodbye", "Sorry, not a goodbye", "I'm not saying bye yet" (QA round 48: read as the agent's
# close, 7 of 7; two such made the customer hang up, and one ended a call as resolved). Also one
# held off or said before ("I'll hold off on goodbye for one second", "Before I say goodbye: ...",
# "I'd say goodbye now, but I won't just yet", "goodbye is not quite right yet": QA round 49, 9 calls
# ended with the trainee's question unanswered).
_NOT_A_GOODBYE = re.compile(
    r"\b(?:(?:won'?t|will not|not going to|not gonna|never|don'?t|do not|am not|'m not|not|rather not) (?:be )?(?:say(?:ing)?|wish(?:ing)? you) (?:a |my |our |the )?|"
    r"(?:(?:no|not|not a|not my|not the|scratch (?:my|that|the)|forget (?:my|that|the)|take back (?:my|that|the)|ignore (?:my|that|the)|"
    r"keep (?:that|the|my)|save (?:that|the|my)) |hold off (?:on|with) (?:the |my |saying )?|before (?:i|we) (?:say )?(?:a |my |our |the )?)|"
    r"(?:(?:was|were) (?:about|going) to|i'?d|i would|i will|i'?ll) say (?=(?:good ?-?bye|bye)\b[^.;!?]{0,25}\bbut\b))"
    r"(?:good ?-?bye|bye)s?\b|\b(?:good ?-?bye|bye) (?:is|'s) not\b", re.I)
# A goodbye undone after it is said: "We are. Goodbye! Actually, hold on, not goodbye: ...", "Yes.
# Goodbye! - no, sorry, I take that back for a second: ...", "Thanks Bas, bye! Oh wait, not bye yet"
# (QA round 49): every goodbye before it is void.
_GOODBYE_UNDONE = re.compile(r"\b(?:not (?:a |my )?(?:good ?-?)?bye|i take (?:that|it) back|scratch that|"
                             r"(?:hold|hang) on(?! to\b)[,.!:;\s-]|(?:oh,? )?wait[,.!:;-])", re.I)


# A supposition just before a cue: "if we made an exception", "if I gave you a discount".
_IF_WE = re.compile(r"\bif (?:we|i|they|you) (?:were to |ever |just )?$", re.I)


def _goodbye_void(text: str, start: int) -> bool:
    """The goodbye at `start` is said not to be one, or undone after it is said."""
    return (any(m.start() <= start < m.end() for m in _NOT_A_GOODBYE.finditer(text))
            or any(m.start() > start for m in _GOODBYE_UNDONE.finditer(text)))


def undoes_a_goodbye(text: str, goodbye: re.Pattern[str]) -> bool:
    """A goodbye in `text` is said not to be one, or undone after it is said."""
    return bool(_NOT_A_GOODBYE.search(text)) or any(_goodbye_void(text, found.start()) for found in goodbye.finditer(text))


def says_goodbye(text: str, goodbye: re.Pattern[str]) -> bool:
    """`goodbye` found in `text` where it is not void (_goodbye_void)."""
    return any(not _goodbye_void(text, found.start()) for found in goodbye.finditer(text))


# What reaches the customer said of the process: "you get", "you'll receive" at the cue's start.
_YOU_GET = re.compile(r"you(?:'ll| will)? (?:get|receive|have)\b", re.I)
_PROCESS_FRAME = re.compile(r"(?:^|[.!?;:,]\s*|\b(?:and|so|then)\s+)(?:once|when|after|as soon as|each time|every time|whenever)\b|"
                            r"\b(?:normally|usually|always|automatically|as standard|as a rule|standard)\b|"
                            r"\b(?:that'?s|this is|it'?s) (?:just )?how\b|\bthe (?:evening|day|night|morning|afternoon) before\b|"
                            r"\b(?:days?|hours?|weeks?) (?:before|beforehand|in advance)\b", re.I)
_FROM_ME = re.compile(r"\b(?:from me|myself|me personally|i(?:'ll| will) (?:send|call|ring|text|e-?mail|write))\b", re.I)
# The reply said to explain how things go: "How the technician visit works: ...", "Here's how it goes".
_HOW_IT_GOES = re.compile(r"\bhow (?:it|this|that|the [\w-]+(?: [\w-]+)?) (?:works|goes)\b|\bhere'?s (?:how|what happens)\b|"
                          r"\bthe way (?:it|this) (?:works|goes)\b", re.I)


# "No, it's Friday at 11 now", "No, it's 100 euro": a no that restates a time or an amount.
_NO_IT_IS_NOW = re.compile(r"\W*no,?\s+(?:it'?s|it is|that'?s|that is)\s+(?:(?:on|at|by|for)\s+)?(?:\d|(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|"
                           r"tonight\b|tomorrow\b|the \d)", re.I)


# A suggestion put as a question, for the customer to act on: "Maybe you could ...?", "Why don't you ...?"
_SUGGESTED = re.compile(r"\b(?:maybe|perhaps|why not|why don'?t you|have you tried|you could always|how about you)\b", re.I)


def _not_counted(rubric: Rubric, clean: str, rule: CueRule, match: re.Match[str],
                 handed_off: bool, acts: Callable[[], bool] = lambda: False) -> tuple[Cue | None, bool] | None:
    """None when a cue's match counts; otherwise the cue to show in its place (negated, not the
    agent's, a transfer, not offered; none for "then", "once": not done yet) and whether it is
    withheld (a transfer, an offer not made) rather than negated. `acts()`: the reply has a step
    of the agent's own somewhere (a commitment, a deed, the contact, an escalation carried, an
    option or a try); asked only of the few refusals it decides."""
    # (From the phrase's first word: a match that opens with the stop before it, ". router is
    # ordered", is in the next sentence, not in "wait until monday"; ". Ring the SDSL team" is not
    # negated by "data lines are not us".)
    begin = match.end() - len(match.group(0).lstrip(".:;,!?- "))
    if rule.kind == "exception" and _IF_WE.search(clean, max(_sentence_start(clean, begin), 0), begin):
        # "If we made an exception for you, we'd have to do it for everyone": supposed, not made (QA
        # round 49: 74 on flexibility for the rule it hides behind).
        return Cue(match.group(0), rule.kind, f"{rule.label} (supposed)", 0, 0), False
    if rule.kind == "closing" and _goodbye_void(clean, begin):
        # Not shown either: the customer's side reads any closing cue as the agent's close.
        return None, False
    if (rule.kind == "offer" and _VAGUE_OPTION.fullmatch(match.group(0).strip())
            and (_asked(clean, match.end()) or _LOOKED_FOR.search(clean, max(_sentence_start(clean, begin), 0), begin)
                 or _OF_SOME_SORT.match(clean, match.end()))):
        # "Is there another option you'd like?", "Maybe we could look at a workaround of some sort":
        # an option asked about or looked for, none named (QA round 44: 85 on flexibility).
        return Cue(match.group(0), rule.kind, f"{rule.label} (none named)", 0, 0), False
    if (rule.kind == "commitment" and _YOU_GET.match(clean, begin)
            and (_PROCESS_FRAME.search(clean, max(_sentence_start(clean, begin), 0), _sentence_end(clean, begin))
                 or _HOW_IT_GOES.search(clean, 0, begin))
            # (Not what the agent sends: "You'll get a call the day before the move. From me, around 5", dev.)
            and not _FROM_ME.search(clean, begin, _sentence_end(clean, _sentence_end(clean, begin) + 1))):
        # "Once the change is in, you get an email to confirm it", "you get a text the evening before
        # the technician comes, that's how our planning works": how the process goes, information,
        # not the agent's own step (batch 153, play-through 56: 63 to 72 on ownership; dev 1/1).
        return Cue(match.group(0), rule.kind, f"{rule.label} (how it goes)", 0, 0), False
    if rule.kind in FLEXIBLE_KINDS and _in_a_counterfactual(clean, begin):
        return Cue(match.group(0), rule.kind, f"{rule.label} (what would have been)", 0, 0), False
    if (rule.kind in {"refusal", "futility"} and _OWN_CALL_MOVED.match(clean, begin)
            and _OWN_CALL_LATER.search(clean, match.end())):
        # "Sorry, small correction: I can't call at 8, I'll call you at 9": the agent's own call
        # moved, nothing the customer asked for refused (play-through 57: 31 on flexibility, the
        # card's worst reply, 2 calls).
        return Cue(match.group(0), rule.kind, f"{rule.label} (the agent's own call moved)", 0, 0), False
    if rule.kind == "done" and _TO_CHECK.search(clean, max(_sentence_start(clean, begin), 0), begin):
        # "I'll call you on Thursday to check the phone has arrived": what a later check will see,
        # not done now (QA round 43: "done on the spot", 3 of 3).
        return Cue(match.group(0), rule.kind, f"{rule.label} (to be checked)", 0, 0), False
    if rule.kind == "done" and _another_teams_deed(clean, begin, match.end()):
        # "IT tells me your login has been reset", "Billing says the installation fee is waived":
        # done by another team and passed on, not done by the agent (QA round 29: 85 and 76 on
        # ownership, "done on the spot"; team lead: neutral).
        return Cue(match.group(0), rule.kind, f"{rule.label} (another team's)", 0, 0), True
    if rule.kind in CARRIES | FLEXIBLE_KINDS and _RECAP_QUESTION.match(clean, max(_sentence_start(clean, begin), 0)):
        # "Can you tell me what I've arranged for you today?", "What did I promise you?", "And how
        # much did I credit you?": the agent's own earlier deed asked back, nothing done now (QA
        # round 17: scored 76/50 and 52/75).
        return Cue(match.group(0), rule.kind, f"{rule.label} (asked back)", 0, 0), False
    if rule.kind == "commitment" and _NOT_THE_ONE.search(clean, max(_sentence_start(clean, begin), 0), begin):
        # "Force majeure is not an answer I'm going to give you": what the agent will not say, no step.
        return Cue(match.group(0), rule.kind, f"{rule.label} (what the agent won't do)", 0, 0), False
    if rule.kind in NEGATIVE_KINDS and _negated(rubric, clean, begin):
        return Cue(match.group(0), rule.kind, f"{rule.label} (negated)", 0, 0), False
    if rule.kind in NEGATIVE_KINDS and (_CRITICISED.search(clean, match.end(), _sentence_end(clean, match.end()))
                                        or _DISOWNED_NEXT.match(clean, _sentence_end(clean, match.end()))):
        # "A form letter about force majeure is not a fitting answer to a customer of eight
        # years": the agent names the rule to disown it (quoted or not: "\"Migration rules are
        # migration rules\" is not an answer I'd accept either", play-through 39).
        return Cue(match.group(0), rule.kind, f"{rule.label} (disowned)", 0, 0), False
    words_end = match.start() + len(match.group(0).rstrip(".:;,!?- "))
    if rule.kind in NEGATIVE_KINDS and begin < words_end and _quoted(clean, begin, words_end):
        # "Forget the 'not possible' you got from the other depts, I'm on it": what someone else
        # said, in quotation marks, is not the agent's own rule, refusal or hand-off.
        return Cue(match.group(0), rule.kind, f"{rule.label} (quoted)", 0, 0), False
    if rule.kind in NEGATIVE_KINDS and checked_summary(clean):
        # "Let me sum up: the phones moved, the SDSL line didn't, and the fault line said they can't
        # help. Have I got that right?": the customer's story told back (QA round 36).
        return Cue(match.group(0), rule.kind, f"{rule.label} (checked back)", 0, 0), False
    if rule.kind == "blame" and _CHECKED_AT_END.search(clean):
        # "So you signed 18 months at 50 euro, and you'd go to 24 months for a new iPhone. Have I got
        # that right?": the customer's facts checked back, no blame.
        return Cue(match.group(0), rule.kind, f"{rule.label} (checked back)", 0, 0), False
    relayed = rule.kind in NEGATIVE_KINDS - {"futility"} and _relayed_answer(clean, match.start())
    if (rule.kind in NEGATIVE_KINDS and not relayed
            and (_reported(clean, match.start()) or _summarised(clean, match.start()))
            and not _FIRST_PERSON.search(match.group(0))):
        # "i see my colleagues told you moving and upgrading at once isnt possible, i'm sorry":
        # what someone else said, reported, is not the agent's own either.
        return Cue(match.group(0), rule.kind, f"{rule.label} (reported)", 0, 0), False
    if (rule.kind == "refusal" and _IF_CLAUSE.search(clean, max(_sentence_start(clean, begin), 0), begin)
            and acts()):
        # "If planning can't fit you in on the 14th, I'll book the first slot on the 13th": a
        # condition the agent plans for, not a no (QA round 30: 3 of 9 read flexibility low).
        return Cue(match.group(0), rule.kind, f"{rule.label} (a condition the agent plans for)", 0, 0), False
    if rule.kind == "refusal" and _outcome_left_open(clean, match, begin, acts):
        return Cue(match.group(0), rule.kind, f"{rule.label} (the outcome left open)", 0, 0), False
    if (rule.kind == "refusal" and rubric.decider_no.fullmatch(match.group(0))
            and (rubric.contrast.search(clean, match.end()) or _NOT_THE_END.search(clean)) and acts()):
        # "My supervisor said no earlier, but that doesn't end it for me: I'm escalating it to
        # retention": the decider's no, relayed, then turned by what the agent does next (dev).
        # (Not a no that stands beside the agent's step: "He says no to the guarantee. I'll email
        # you his reasons by five" is a flat refusal next to an owned action, 2/0 by the guide.)
        return Cue(match.group(0), rule.kind, f"{rule.label} (the decider's, the agent acts)", 0, 0), False
    if (rule.kind in {"refusal", "futility"} and _NOT_THE_END.search(clean, match.end())
            and (relayed or _ANOTHERS_NO.search(clean, max(_sentence_start(clean, begin), 0), match.start()))
            and acts()):
        # "Retention says they don't do devices on migrations. I'm not leaving it there: I've put it
        # to their team lead myself", "Customer care says the letter is final. I've gone past them
        # ...": another team's no, passed on as where the agent's work began (batch 151: 32 on
        # flexibility, 2 of 2), as the decider's no above.
        return Cue(match.group(0), rule.kind, f"{rule.label} (another team's, the agent acts)", 0, 0), False
    if (rule.kind == "refusal" and _CAN_NOT.fullmatch(match.group(0)) and _NOT_ALONE.match(clean, match.end())
            and acts()):
        # "I can't move the line myself, that's the data division, but I've escalated it to
        # their duty manager", "I can't book the technician from here, but I'll walk the order
        # over to planning": what the agent cannot do alone, said beside what they do about it.
        return Cue(match.group(0), rule.kind, f"{rule.label} (not alone, the agent acts)", 0, 0), False
    if rule.kind == "done" and _NOT_YET.search(clean, max(_sentence_start(clean, begin), 0), begin):
        return None, False
    if rule.kind == "policy" and _ONLY_IF.fullmatch(match.group(0).strip()) and _granted_or_offered_before(
            rubric, clean, max(_sentence_start(clean, begin), 0), begin, bool(_CONDITION.match(clean, begin))):
        # "She said yes, but only if the 24 months start from today": the yes or the offer it is
        # put on stands, with a condition (batch 115 and QA round 35: 6 of 8 read rigid).
        return Cue(match.group(0), rule.kind, f"{rule.label} (a condition on what is granted)", 0, 0), False
    if rule.kind == "policy" and (_OWN_CONTACT.search(clean, max(_sentence_start(clean, begin), 0), match.end())
                                  or (_ONLY_AFTER.fullmatch(match.group(0).strip()) and _OWN_CONDITION.match(clean, match.end()))):
        # "I'll ring you on weekdays only", "I'll only ring you after 10am": the agent's own
        # arrangement for their call, not a rule hidden behind.
        return Cue(match.group(0), rule.kind, f"{rule.label} (the agent's own arrangement)", 0, 0), False
    if (rule.kind == "refusal" and _CAN_NOT.fullmatch(match.group(0))
            and MAKE_THAT.search(clean, max(_sentence_start(clean, begin), 0), begin)):
        # "Actually, make that 25 percent, I can't do 50": a smaller offer, not a flat no (QA round 42:
        # 2 of 2 read "Refuses without an alternative").
        return Cue(match.group(0), rule.kind, f"{rule.label} (an amount put right)", 0, 0), False
    if rule.kind == "deflection" and _NOT_MY_RULES.search(match.group(0)) and _BUT_NEXT.match(clean, match.end()):
        # "I don't make the rules, but I'm not going to let them stop this": the rule disowned,
        # nobody sent anywhere (QA round 42: 4 of 5 read low on both, "So it's back on my desk").
        return Cue(match.group(0), rule.kind, f"{rule.label} (set aside)", 0, 0), False
    if rule.kind == "deflection" and _THEIR_DOING.match(clean, match.end()):
        # "I've logged it as urgent, which the fault line should have done", "like the fault line
        # did": what another team did or failed to do, not the customer sent there.
        return Cue(match.group(0), rule.kind, f"{rule.label} (what they did)", 0, 0), False
    if rule.kind == "refusal" and _ECHOED_NO.fullmatch(clean, max(_sentence_start(clean, begin), 0),
                                                      _sentence_end(clean, match.end()) + 1):
        # "Not possible? It is. Order's been merged": the no the customer was given, asked back.
        return Cue(match.group(0), rule.kind, f"{rule.label} (asked back)", 0, 0), False
    if rule.kind == "policy" and _ASIDE_BEFORE.search(clean, max(_sentence_start(clean, begin), 0), begin):
        # "Whatever the migration rules say, you're a 15-year customer", "Forget the force majeure
        # line": the rule named to set it aside (play-through 39: flexibility 7 to 33).
        return Cue(match.group(0), rule.kind, f"{rule.label} (set aside)", 0, 0), False
    if (rule.kind == "refusal" and _BARE_NO.fullmatch(match.group(0).strip())
            and _COSTS_NOTHING.search(clean, max(_sentence_start(clean, begin), 0), _sentence_end(clean, match.end()))):
        return Cue(match.group(0), rule.kind, f"{rule.label} (the customer spared a cost)", 0, 0), False
    if (rule.kind == "policy" and _NORMALLY.search(clean, max(_sentence_start(clean, begin), 0), begin)
            and _BUT_THEN.match(clean, match.end()) and acts()):
        # "Normally the on-call engineer is for faults only, but a business without data all weekend
        # is reason enough. I'm booking him now": the rule said as what is normal, set aside by what
        # the agent does (batch 129: read as hiding behind it, two bands off).
        return Cue(match.group(0), rule.kind, f"{rule.label} (set aside)", 0, 0), False
    if rule.kind in {"policy", "refusal"} and _OR_NOT.match(clean, match.end()):
        # "Force majeure or not, you deserve better than a form letter": the rule set aside.
        return Cue(match.group(0), rule.kind, f"{rule.label} (set aside)", 0, 0), False
    if (rule.kind == "deflection" and _asked(clean, match.end())
            and _WHAT_HAPPENED.match(clean, max(_sentence_start(clean, begin), 0))):
        # "Did the fault line give you a reference?", "Who did you speak to at the fault line?":
        # a question for the facts about another team, nobody sent there (QA round 16).
        return Cue(match.group(0), rule.kind, f"{rule.label} (asked)", 0, 0), False
    if rule.kind == "refusal" and begin == 0 and _NO_IT_IS_NOW.match(clean):
        # "No, it is Friday at 11 now.", "No, it's 100 euro. That's what I can do today.": the customer's
        # objection answered with the terms the agent keeps to, nothing refused (play-through 60: 30,
        # 22 and 14 on flexibility, each the card's worst reply).
        return Cue(match.group(0), rule.kind, f"{rule.label} (the terms kept)", 0, 0), False
    if (rule.kind == "offer" and match.group(0).lower() == "instead"
            and _OWN_CALL_LATER.search(clean, max(_sentence_start(clean, begin), 0), begin)):
        # "I'll call you at 2 in the afternoon instead": the agent's own call moved, no option offered
        # (play-through 59: 71 on flexibility, and once the card's best reply).
        return Cue(match.group(0), rule.kind, f"{rule.label} (the agent's own call moved)", 0, 0), False
    if (rule.kind == "policy" and _asked(clean, match.end())
            and not _SUGGESTED.search(clean, max(_sentence_start(clean, begin), 0), begin)):
        # (Not the rule's advice put as a suggestion: "Maybe you could cancel and sign up again? That
        # usually works.", play-through 58 and batch 161: read as an option, 57.)
        # "So the offer is for analogue lines only, is that why they asked you to cancel?", "were
        # you waiting on your mobile only?": the rule checked with the customer, not hidden behind
        # (scoring guide: questions for facts are neutral).
        return Cue(match.group(0), rule.kind, f"{rule.label} (asked)", 0, 0), False
    if (rule.kind == "refusal" and _CAN_NOT.fullmatch(match.group(0)) and not relayed
            and ((rubric.not_the_agent.search(clean[:match.start()]) and not _PASSIVE.match(clean, match.end())
                  and not _OWN_NO_LEAD_IN.search(clean, max(_sentence_start(clean, begin), 0), begin))
                 or (_SO_THAT.search(clean, max(_sentence_start(clean, begin), 0), match.start()) and acts()))):
        # "Your business can't wait that long", "so this can't happen again": the customer's
        # or the future's "can't", not the agent refusing; nor one in the purpose of the agent's
        # act, passive or not ("a 4G router tonight, so your staff can't be stuck all weekend").
        return Cue(match.group(0), rule.kind, f"{rule.label} (not the agent's)", 0, 0), False
    if rule.kind in FLEXIBLE_KINDS | CARRIES and _HANDED_OVER.match(clean, match.end()):
        # "I can put you back through to sales", "I'll pop you into their queue": a transfer,
        # not an option of the agent's nor a step they carry.
        return Cue(match.group(0), rule.kind, f"{rule.label} (a transfer)", 0, 0), True
    if rule.kind == "exception" and _GIVEN_BEFORE.search(clean, match.end(), _sentence_end(clean, match.end())):
        # "As a gesture, we have already allowed you to move to a fixed rate": the gesture the
        # company made before the call, named to close the matter (batch 46).
        return Cue(match.group(0), rule.kind, f"{rule.label} (made before)", 0, 0), True
    if rule.kind in FLEXIBLE_KINDS and _offer_withheld(rubric, clean, match.group(0), match.start(), handed_off):
        # "Goodwill credits only apply to outages over 24 hours": named, not offered.
        return Cue(match.group(0), rule.kind, f"{rule.label} (not offered)", 0, 0), True
    return None


def _granted_or_offered_before(rubric: Rubric, clean: str, start: int, end: int, on_the_customer: bool) -> bool:
    """Whoever decides said yes between `start` and `end`, or, for a condition the customer can meet
    (`on_the_customer`: "only if you sign today"), the agent offers something there. ("The router is
    on the list of things I can send, but only after your contract starts" still withholds it.)"""
    part = clean[start:end]
    return bool(GRANTED.search(part)) or (on_the_customer and any(
        rule.kind in FLEXIBLE_KINDS and rule.search(part) for rule in rubric.cues))


def score_reply(
    text: str,
    intent_ranking: Sequence[Mapping[str, Any]] = (),
    entities: Iterable[Mapping[str, Any]] = (),
    scenario: Scenario | None = None,
    rubric: Rubric | None = None,
    bands: Mapping[str, Mapping[str, float]] | None = None,
    nothing_done: bool = False,
    all_met: bool = False,
    need_left_open: bool = False,
) -> ReplyScore:
    """Score one reply. `intent_ranking` is Rasa's list of {name, confidence}, best first;
    `bands` is the band check's estimate, {dimension: {band name: probability}} (`_band_check`);
    `nothing_done`: said during a call in which nothing has been done for the customer yet, so a
    bare goodbye or "anything else?" closes it with nothing done, and a bare "done" names no deed
    (a reply scored on its own, as the labelled sets are, cannot know that); `all_met`: said once
    every need of the customer's was met, so "that's everything from my side" ends a call whose
    work is done, not one with nothing done; `need_left_open`: `nothing_done` because the agent
    closes again over a need still open after something was done, which the reason says."""
    rubric = rubric or default_rubric()
    clean = normalise(text)

    contrasts = list(rubric.contrast.finditer(clean))
    pivot = contrasts[-1].start() if contrasts else -1
    if contrasts and _TRAILING_THOUGH.match(clean, contrasts[-1].start()):
        # "No device on migrations. I've sorted your login though": a "though" closing its
        # sentence turns the whole sentence, not what follows it; so does acting "anyway"
        # ("Policy says separate orders. I'm putting them in one order anyway").
        pivot = _sentence_start(clean, pivot)
    # "Our rules say weekdays. I've overridden that and booked Saturday": a later sentence that
    # sets the rule aside turns the reply from its start (not when it is refused, "I can't
    # override that", nor when it opens the reply, with nothing before it to turn from).
    # "I can't do 300, I can do 150, plus a backup SIM": what the agent can do, after the no in the
    # same sentence, turns it as a "but" would.
    instead = [m.start(1) for m in CAN_INSTEAD.finditer(clean)]
    if instead:
        pivot = max(pivot, instead[-1])
    aside = [m for m in rubric.set_aside.finditer(clean) if not rubric.offer_negation.search(clean[:m.start()])]
    if aside:
        pivot = max(pivot, _sentence_start(clean, aside[-1].start()))
    # "Your email's been corrected by me just now. The iPhone, though, is a no": the turn is to
    # another of the customer's needs, so it takes nothing from what comes before it (batch 122).
    # "I'll give you 50% off a new iPhone today, but I can't credit the early month": the "but"
    # turns to a no about something else, which takes nothing back from the offer made before it
    # (play-through 38: 10 of 11 such replies lost the offer; the no said first, 4 of 4 kept it).
    declines_another = pivot > 0 and _declines_another(scenario, clean, pivot)
    if pivot < 0 and (declined_at := _declined_later(scenario, clean)) > 0:
        pivot, declines_another = declined_at, True
    turns_elsewhere = declines_another or (
        pivot >= 0 and _another_need(scenario, clean[:pivot], clean[pivot:_sentence_end(clean, pivot)]))
    found: dict[str, tuple[CueRule, re.Match[str], float]] = {}
    negated: list[Cue] = []
    withheld: list[Cue] = []
    after_pivot = set()
    # Hand-off words anywhere in the reply: an offer next to them may be fetched elsewhere.
    # (Not a cue that only names who does it and gives way to the agent's own step: it sends the
    # customer nowhere to fetch an option.)
    handed_off = any(rule.kind == "deflection" and not rule.without_kind and rule.search(clean) for rule in rubric.cues)
    acts = cache(lambda: any(rule.kind in ACTS and rule.search(clean) for rule in rubric.cues))
    for rule in rubric.cues:
        # The first of a rule's matches that counts: "I'm putting you through to the account
        # manager, but I'm staying on the call, I'll introduce the case" is a transfer at its
        # first commitment and the agent's own step at its second. A match that does not count
        # is shown once per rule, with why (the first of them, as before).
        shown_one = False
        for match in rule.finditer(clean):
            skip = _not_counted(rubric, clean, rule, match, handed_off, acts)
            if skip is None:
                break
            shown, is_withheld = skip
            if shown and not shown_one:
                (withheld if is_withheld else negated).append(shown)
                shown_one = True
        else:
            continue
        weight = BEFORE_CONTRAST_WEIGHT if match.start() < pivot and not turns_elsewhere else 1.0
        if pivot >= 0 and match.start() >= pivot:
            after_pivot.add(rule.kind)
        if rule.kind not in found:
            found[rule.kind] = (rule, match, weight)
    for kind, (rule, match, _) in list(found.items()):
        if not rule.without_kind or kind not in found:
            continue  # (not found: the other team's words inside a cue set aside before)
        # (An own step inside the cue's words is the other team's: "The data division will keep
        # after it and call you back".)
        others = set(found) - {kind}
        inside = {other for other in others if match.start() <= found[other][1].start() < match.end()}
        if rule.without_kind & (others - inside):
            found.pop(kind)
        else:
            for other in inside & rule.without_kind:
                found.pop(other)
    # A cue that leaves the customer to help themselves: the options in its sentence are theirs to find.
    helper = next((rule_match for rule_match in found.values() if rule_match[0].withholds_options), None)
    # (A token withholds only its own clause: "the 24-month plan with the new iPhone, and I'll add a
    # free charger" still makes the case's offer.)
    part_start = _clause_start if helper is not None and helper[0].kind == "token" else _sentence_start
    for kind in FLEXIBLE_KINDS & set(found):
        # "You could use your wife's laptop in the meantime": the option is the customer's to find.
        if helper is not None and part_start(clean, found[kind][1].start()) == part_start(clean, helper[1].start()):
            rule, match, _ = found.pop(kind)
            withheld.append(Cue(match.group(0), kind, f"{rule.label} (the customer's to find)", 0, 0))
    for kind in FLEXIBLE_KINDS & set(found):
        # "I could waive the fee... oh wait, not on an upgrade order": begun and taken back in the
        # same breath, as the case's offers are (batch 100: read flexibility high on "waive").
        rule, match, _ = found[kind]
        if _taken_back_at_once(clean, match.start(), match.group(0), begun_within=True):
            found.pop(kind)
            withheld.append(Cue(match.group(0), kind, f"{rule.label} (taken back at once)", 0, 0))
    # A bare no once every need is met ("No.", "Nope, all good."): the customer's "is that everything?" answered.
    # (Also with the customer addressed and the goodbye after it: "No sir, that's all. Thank you for
    # staying with us. Goodbye!", "Nope. Happy moving!", QA round 52: 9 calls read it as a refusal,
    # 35/30, and the customer answered a rule nobody had cited. Nothing after it may refuse.)
    answered = _ANSWERING_NO.match(clean) if all_met else None
    answers_is_that_all = answered is not None and (answered.end() == len(clean) or (
        not (set(found) & (NEGATIVE_KINDS - {"refusal"}))
        and not any(next(rule.finditer(clean, answered.end()), None) for rule in rubric.cues if rule.kind == "refusal")))
    if answers_is_that_all and "refusal" in found:
        # "Do you need anything else from me?" "No." once every need was met: the customer's
        # question answered, nothing the customer asked for refused (QA round 45: 6 of 8 read
        # rigid, and the customer heard a refusal).
        rule, match, _ = found.pop("refusal")
        negated.append(Cue(match.group(0), "refusal", f"{rule.label} (the customer's question answered)", 0, 0))
    if "done" in found and "deflection" in found and _follows_the_customers_step(clean, found):
        # "Fill in the form online and the fee is waived": what is done follows the customer's
        # own step, the one they are sent to take; the agent has done nothing yet.
        rule, match, _ = found.pop("done")
        withheld.append(Cue(match.group(0), "done", f"{rule.label} (after the customer's step)", 0, 0))
    turned_positive = bool(after_pivot & TURNS) and not (after_pivot & NEGATIVE_KINDS)
    hand_off_taken_back = False
    # The case's offers the reply makes, each matched once, with where its phrase stands.
    lowered = clean.lower()
    case_offers = _case_offers(rubric, clean, lowered, scenario, handed_off)
    if helper is not None:
        # "You could get a prepaid internet stick from any electronics shop": the case's offer
        # named in what the customer is left to find is no offer of the agent's (batch 98).
        left_to_them = part_start(clean, helper[1].start())
        case_offers = [made for made in case_offers if part_start(clean, made[2]) != left_to_them]
    if pivot < 0:
        # "We can't pay for the lost work. Three months free and a backup SIM we can do": with no
        # contrast word, an offer in a later sentence than every rule or refusal turns the reply
        # from that sentence's start, as a "but" before it would (not after a hand-off, a blame
        # or a futility clause: those are not a rule the offer sets aside).
        last_negative = max((m.end() for kind, (_, m, _) in found.items() if kind in NEGATIVE_KINDS), default=-1)
        if last_negative >= 0 and not ({"deflection", "blame", "futility"} & set(found)):
            starts = [at for offer, _, at in case_offers if offer.counts_as_flexibility]
            starts += [m.start() for kind, (_, m, _) in found.items() if kind in FLEXIBLE_KINDS]
            turns = [begins for at in starts if (begins := _sentence_start(clean, at)) >= last_negative]
            # "The rule is that a move and an upgrade are two orders, so I am merging them into one
            # order": the agent's own act after the rule, in the same sentence, turns it as a "but"
            # would (QA round 28: 3 of 3 read neutral on flexibility; "..., but I am ..." read high).
            turns += [so.start() for so in _SO_I_ACT.finditer(clean)
                      if so.start() >= last_negative and any(at > so.start() for at in starts)]
            if turns:
                pivot = min(turns)
                found = {kind: (rule, match, BEFORE_CONTRAST_WEIGHT if match.start() < pivot else weight)
                         for kind, (rule, match, weight) in found.items()}
                after_pivot = {kind for kind, (_, match, _) in found.items() if match.start() >= pivot}
                turned_positive = bool(after_pivot & TURNS) and not (after_pivot & NEGATIVE_KINDS)
    offered_after = bool(after_pivot & FLEXIBLE_KINDS) or any(
        offer.counts_as_flexibility and at >= pivot for offer, _, at in case_offers)
    if (pivot >= 0 and offered_after and not (after_pivot & NEGATIVE_KINDS)
            and not ({"deflection", "blame"} & set(found))):
        # "no free phone, but 24m w iphone ok?": the case's offer after the turn from a no turns
        # the reply as an offer cue there does, however few words make it. (A lecture or a
        # hand-off before it is not taken back by the offer alone.)
        turned_positive = True
    if turned_positive and offered_after:
        # "The rule doesn't oblige us, but I'm waiving the fee": the rule was set aside; so is a
        # hand-off the agent takes back ("Ordinarily we'd tell you to call back. I'm not doing
        # that: the laptop is reserved for you").
        found = {kind: (rule, match, 0.0 if kind in NEGATIVE_KINDS and match.start() < pivot else weight)
                 for kind, (rule, match, weight) in found.items()}
        for kind in [k for k, (_, m, _) in found.items() if k in {"deflection", "blame"} and m.start() < pivot]:
            rule, match, _ = found.pop(kind)
            hand_off_taken_back = True
            negated.append(Cue(match.group(0), kind, f"{rule.label} (taken back)", 0, 0))
    elif turned_positive:
        # "I can't do a free iPhone, but I'm fixing your email right now": no option was given,
        # so the refusal stands (scoring guide: an owned action next to a flat refusal of the
        # main request is ownership 2, flexibility 0).
        found = {kind: (rule, match, 1.0 if kind in NEGATIVE_KINDS else weight)
                 for kind, (rule, match, weight) in found.items()}
    if "hand_on" in found and "deflection" in found and found["deflection"][1].start() > found["hand_on"][1].start():
        # "I'll pass your letter on to the relevant team": the team the agent passes it to,
        # not the customer sent there (a vague promise, scoring guide: ownership 1).
        _, where, _ = found.pop("deflection")
        negated.append(Cue(where.group(0), "deflection", "passes the problem on (where the agent passes it)", 0, 0))
    move, own, flex = _move_base(rubric, intent_ranking, turned_positive)
    cues: list[Cue] = []
    kinds = set(found)

    offers = [(offer, phrase) for offer, phrase, _ in case_offers]
    over_promises = []
    declined: list[tuple[int, int]] = []  # the sentences that name what is beyond authority, declined
    if scenario is not None:
        refusal = found["refusal"][1] if "refusal" in found else None
        for promise in scenario.over_promises:
            phrase = promise.match(clean)
            if not phrase:
                continue
            at = lowered.find(phrase.lower())
            # Where it is named; kept only if the loop below finds it declined, not promised.
            declined.append((max(_sentence_start(clean, at), 0), _sentence_end(clean, at + len(phrase))))
            if _offer_withheld(rubric, clean, phrase, at):
                continue
            if (_WITHDRAWN.search(clean, max(_sentence_start(clean, at), 0), at + len(phrase))
                    or _withdrawn_after(clean, at + len(phrase))):
                # "Actually, I shouldn't have promised that, the connection date depends on KPN":
                # the promise taken back.
                continue
            if _in_a_check(clean, at):
                # "You ask compensation for the lost job, yes? That we don't do, no.": the
                # customer's wish checked back, not promised (batch 154).
                continue
            if refusal is not None and refusal.start() < at and _NAMED_AS.search(clean, max(_sentence_start(clean, at), 0), at):
                # "I'm not able to pay for the assignment you lost. That would be business damages.":
                # what was refused, given its name, not promised (play-through 58: on the card as
                # beyond authority).
                continue
            if _NOBODY_DOES.search(clean, max(_sentence_start(clean, at), 0), at):
                # "Nobody compensates for a lost assignment", "and nor do I pay for lost jobs".
                continue
            declined_before = _DECLINED_BEFORE.search(clean, max(_sentence_start(clean, at), 0), at)
            if declined_before and not rubric.contrast.search(clean, declined_before.start(), at):
                # "We don't pay for the lost assignment, that's business damages", "My hands are tied on
                # a free year of TV, but ...": the agent's no, then what it refuses.
                continue
            end = _sentence_end(clean, at + len(phrase))
            if _NO_TO_IT.match(clean, at + len(phrase)) or (
                    clean[end:end + 1] == "?" and _NO_TO_IT.match(clean, end + 1)):
                # "Damages, no.", "Free TV for a year? No.", "Damages? Nope, you chose...": the demand
                # named and answered no, not promised (batch 73 read 5 such replies as the promise).
                continue
            if clean[end:end + 1] == "?":
                # The customer's wish asked back, then declined: "Free TV for a year? I'd love to,
                # but that's well above my pay grade."
                end = _sentence_end(clean, end + 1)
            if rubric.declined_promise.search(clean, at + len(phrase), end):
                # "Free TV for a year isn't mine to give, so I won't promise it": named and declined.
                continue
            if (refusal and _sentence_start(clean, at) <= refusal.start() < at
                    and not rubric.contrast.search(clean, refusal.end(), at)):
                # "We can't pay for the lost assignment, that's business damages": refused
                # earlier in its own sentence, past a comma, so not promised.
                continue
            declined.pop()
            over_promises.append((promise.id, phrase, promise.description))
        credit = _over_credit(clean, scenario.max_credit_eur)
        at_credit = clean.find(credit) if credit else -1
        # "I can't give you anything back on the 480 euros" names the amount and refuses it. (One
        # credit named twice, "crediting your first two months, 80 euro", is one over-promise.)
        if (credit and not rubric.refused_in_sentence.search(clean[:at_credit])
                and not any(_sentence_start(clean, lowered.find(phrase.lower())) == _sentence_start(clean, at_credit)
                            for _, phrase, _ in over_promises)
                and not _withdrawn_after(clean, at_credit + len(credit))):
            over_promises.append(("credit_above_limit", credit,
                                  f"a credit above the {scenario.max_credit_eur} euro limit"))
        raised = None if over_promises else _raised_beyond(clean, scenario)
        if raised and not _withdrawn_after(clean, clean.find(raised[1]) + len(raised[1])):
            over_promises.append(raised)
    move_stands = not (negated and not (kinds & NEGATIVE_KINDS))  # "I won't quote the rules at you"
    # "In the web shop there's a form: fill it in and the installation fee is waived": an offer
    # the customer fetches beside the hand-off words is made, whatever the model read it as.
    fetched_beside = "deflection" in found and "vague" not in kinds and _offered_beside(rubric, found, case_offers)
    turned_to_offer = pivot >= 0 and any(o.counts_as_flexibility and at >= pivot for o, _, at in case_offers)
    # (Only a reading the model is sure of names the offer without making it: "YES both in one
    # order. tech 14th morning." read at 0.24 as an explanation makes the offer; QA round 22 found
    # 4 of 7 terse replies "not scored".)
    read_surely = (_top_confidence(rubric, intent_ranking) >= rubric.unsure_below
                   or _sure_of_the_kind(rubric, intent_ranking) or move != "explain_procedure"
                   or bool(kinds & (NEGATIVE_KINDS | {"vague", "hand_on"})) or "?" in clean
                   or bool(_NOT_STATED_AS_DONE.search(clean)))
    if (offers and move in NAMING_MOVES and move_stands and not (kinds & MAKES_OFFER) and not fetched_beside
            and not turned_to_offer and read_surely):
        # "The free iPhone is tied to new 24-month sign-ups": read as an explanation, a rule or
        # a hand-off, with no phrase that offers, the reply names the case's offer but does not
        # make it (scoring guide: an option offered is flexibility, the rule explained is not).
        offers = []
    if offers:
        kinds.add("scenario_offer")

    # "tomorrow 11:00. not a saturday morning, promise", "Between 8 and 9 on the 14th. Yes, email too.":
    # the customer's "when?" answered with a time alone, read surely as the agent's step (QA round 53,
    # batch 147: 59, "taking it on needs ... a time"): the time dates that step.
    # (Not an outcome promised or someone else's call or word: "You'll be sorted by Friday", "It'll be
    # working tonight, guaranteed", "Wednesday between 9 and 11, Anouk from accounts will ring you"; dev
    # 1/1; "At one point they said Monday".)
    answered_with_a_time = (move == "commit_next_step" and _top_confidence(rubric, intent_ranking) >= rubric.unsure_below
                            and not kinds - {"time", "confirms"} and "?" not in clean
                            and not _OUTCOME_OR_THEIRS.search(clean))
    for kind, (rule, match, weight) in found.items():
        if rule.needs_kind and not (rule.needs_kind & (kinds - {kind})) and not (kind == "time" and answered_with_a_time):
            continue
        cues.append(Cue(match.group(0), kind, rule.label,
                        round(rule.ownership * weight), round(rule.flexibility * weight)))
    # "The manager is out, so I'll put it to her myself tomorrow and ring you by eleven": the agent
    # carries the escalation; "The SIM swap has to happen in a store, but I've booked you the
    # 11:30 slot and I'll ring them beforehand": the hand-off words name who else is involved and
    # the agent then carries it with a concrete step of their own. Either way the hand-off words
    # pass nothing on (scoring guide: an escalation counts as ownership when the agent carries it
    # and stays the contact).
    if any(c.kind == "escalation" for c in cues) or (
            "deflection" in found and _carried_after(found, found["deflection"][1].end())):
        cues = [Cue(c.phrase, c.kind, f"{c.label} (carried by the agent)", 0, 0) if c.kind == "deflection"
                else c for c in cues]
    elif "deflection" in found and _another_part(clean, found, found["deflection"][1].start()):
        # "I'm booking the move for you today. For the upgrade you'll have to phone the TV
        # department": the agent's own step stands, and the hand-off is of another part of the
        # request, named as such (scoring guide: label by the strongest move unless a later clause
        # takes it back). It still offers nothing for that part.
        cues = [Cue(c.phrase, c.kind, f"{c.label} (for another part)", 0, c.flexibility) if c.kind == "deflection"
                else c for c in cues]
    restricting = [c for c in cues if c.kind in RESTRICTING_KINDS]
    declined_beside_offer = (
        bool(restricting) and bool(declined) and not (kinds & {"deflection", "blame", "futility"})
        and (any(o.counts_as_flexibility for o, _ in offers) or bool(kinds & (FLEXIBLE_KINDS | {"escalation"})))
        and all(any(begin <= found[c.kind][1].start() < end for begin, end in declined) for c in restricting))
    if declines_another and not declined_beside_offer:
        cues = [Cue(c.phrase, c.kind, f"{c.label} (of something else, beside the offer)", c.ownership, 0)
                if c.kind in RESTRICTING_KINDS and c.kind in found and found[c.kind][1].start() >= pivot
                else c for c in cues]
    if declined_beside_offer:
        # "I'm putting a three-month credit through, though I'm afraid the lost assignment isn't
        # something I can pay", "The fee waiver I can do right now. The free year of TV I can't":
        # what is beyond the agent's authority declined beside a gesture made is no rigidity
        # (scoring guide: flexibility 0 is a refusal with no alternative; batch 57); nor beside an
        # escalation the agent carries ("I'll escalate to retention myself and they'll call you
        # Wednesday at two"): exploring, flexibility 1 (QA round 16).
        cues = [Cue(c.phrase, c.kind, f"{c.label} (beyond authority, declined)", c.ownership, 0)
                if c.kind in RESTRICTING_KINDS else c for c in cues]
    # "There's a discount on the handset, ask in the shop": the offer exists (flexibility), but
    # the agent hands the problem back to the customer (ownership).
    passed_on = bool(kinds & {"deflection", "blame"}) and not (kinds & TURNS)
    # "The data division has an emergency courier for 4G routers. Call them and they'll send one
    # out today": no hand-off words the rubric knows, but the model reads a deflection and the
    # case's offer is there: the same offer fetched elsewhere (flexibility kept, ownership low).
    # Only when the customer is told to go and do it, and nothing says the agent has done it: a
    # misreading alone ("router by courier today, on me" read as a deflection) sends no one
    # anywhere. (Nor when the hand-off words were taken back, "I'm not doing that: the laptop is
    # reserved".)
    read_as_hand_off = (move == "deflect" and "deflection" not in found and "vague" not in kinds
                        and not hand_off_taken_back and not (kinds & AGENT_ACTS)
                        and any(o.counts_as_flexibility for o, _ in offers))
    fetched_read = read_as_hand_off and "done" not in kinds and bool(rubric.told_to_go.search(clean))
    passed_on = passed_on or fetched_read
    # (The reply's one deflection cue is found["deflection"]'s match.)
    if "deflection" in found and _POWERLESS.search(found["deflection"][1].group(0)) and "blame" not in kinds:
        # "My hands are tied with the migration rules, but let me tell you what I can do: 50% off a
        # new iPhone": saying what the agent cannot do sends no one anywhere; the offer after it is
        # the agent's own (QA round 51: 35, "the customer is sent elsewhere to get it").
        # (Nor does it cost ownership: "A fix tonight I cannot guarantee, that's not in my hands. What
        # is in my hands is a courier router, on its way by 18:00", dev 2/2.)
        offered = {offer.id for offer, _ in offers}
        shrug = found["deflection"][1]
        begins = _sentence_start(clean, shrug.start())
        offered_after = passed_on and any(o.counts_as_flexibility and o.id in offered and at > shrug.end()
                                          for o, _, at in case_offers)
        # "I'll knock 50% off a new iPhone for you today. Beyond that, my hands are tied.": the agent's
        # own step with an offer in a sentence before, and the shrug at something else; not "It's out
        # of my hands after this" (batch 164: read 59 and 56, labelled 2/2).
        owned_before = (begins > 0 and not _SHRUG_AT_IT.match(clean, begins)
                        and any(o.counts_as_flexibility and o.id in offered and at < begins for o, _, at in case_offers)
                        and _carried_before(found, begins)
                        and any(kind in STEP_KINDS - CARRIES and match.end() <= begins
                                for kind, (_, match, _) in found.items()))
        if offered_after or owned_before:
            passed_on = False
            cues = [Cue(c.phrase, c.kind, c.label if offered_after else f"{c.label} (of something else)", 0,
                        c.flexibility) if c.kind == "deflection" else c for c in cues]
    if passed_on and "deflection" in kinds:
        # "Your business insurance might cover the lost assignment": named while sending the
        # customer elsewhere, nothing beyond authority is promised by the agent.
        over_promises = []
    if read_as_hand_off:
        # The offer is made whoever fetches it: the deflect reading takes no flexibility away.
        _, _, flex = _move_base(rubric, intent_ranking, turned_positive, neutral_deflect=("flexibility",))
    if fetched_beside:
        # "You could pick up a backup SIM at a T-Mobile shop": a real offer the customer must
        # fetch elsewhere is ownership 0 but flexibility 2 (scoring guide), so neither the
        # hand-off words nor a deflect reading take flexibility away; nor does what says why the
        # agent hands it on ("Retention has a three-months-free offer. You'll need to call them
        # though, I can't book it"; "order it yourself in the web shop, that's how it goes"): a
        # refusal or a rule that withheld the offer itself already left it out. (Not when the
        # customer is told to do it, "you'll have to sort the cancellation out with KPN", nor
        # when it is only hoped for, "we'll see whether the offer still stands".)
        cues = [Cue(c.phrase, c.kind, f"{c.label} (the offer stands)", c.ownership, 0)
                if c.kind in HAND_OFF_REASONS else c for c in cues]
        _, _, flex = _move_base(rubric, intent_ranking, turned_positive, neutral_deflect=("flexibility",))
    # "I'll forward your letter to the complaints team", "someone will call you about it in due
    # course": a vague promise (scoring guide: ownership 1, flexibility 1); nothing is refused.
    vague_promise = bool(kinds & {"hand_on", "vague"}) and not (kinds & NEGATIVE_KINDS)
    # "There. Router dispatched, the tracking code is in your email": done on the spot, with no
    # hand-off words.
    done_here = "done" in kinds and not (kinds & {"deflection", "blame", "vague", "hand_on"})
    # "Let me ask the moves team whether they can take the upgrade as well": the agent asks, the
    # customer is sent nowhere (scoring guide: exploring is neutral).
    asking = _AGENT_ASKS.search(clean) if "deflection" not in found else None
    if vague_promise or done_here or asking is not None:
        # Either way the customer is sent nowhere, so a deflect reading counts as neutral.
        _, own, flex = _move_base(rubric, intent_ranking, turned_positive,
                                  neutral_deflect=("ownership", "flexibility"))
    not_of_the_move = NOTHING_OF_THE_MOVE.get(move, frozenset()) if not _SENDS_ELSEWHERE.search(clean) else frozenset()
    # (A no that spares the customer a cost is no refusal: "No cost.", "nope, costs u nothing".)
    spared_a_cost = move == "refuse" and "exception" in kinds and bool(_COSTS_NOTHING.search(clean))
    not_in_words = (move in NEGATIVE_MOVES and not (kinds & NEGATIVE_KINDS)
                    and (bool(kinds & (NO_NEGATIVE_MEANT | not_of_the_move)) or spared_a_cost)
                    and not negated)
    if answers_is_that_all and move in NEGATIVE_MOVES and not (kinds & NEGATIVE_KINDS):
        # "Nope, all good." to "Is that everything?" once every need was met: the customer's
        # question answered, a step towards the close, nothing refused (QA round 45).
        move = "close"
        own, flex = _base_figures(rubric, move)
    elif not_in_words:
        # "Nine weeks is not reasonable, I agree", "Great, it's in the post today", "Here's my
        # direct number: call me directly": read as a refusal, the rule or a hand-off, but no word
        # of the reply refuses, cites a rule or passes anything on, and some word sides with the
        # customer or acts: the negative reading alone takes nothing away (QA round 9).
        _, own, flex = _move_base(rubric, intent_ranking, turned_positive, neutral_negative=True)
        if kinds <= {"confirms", "time"} or (move == "blame_customer" and kinds & {"commitment", "done"}
                                               and kinds <= {"commitment", "done", "time", "confirms", "contact"}):
            # "The technician will be there.": what was arranged, confirmed, whatever negative move
            # the model read (QA round 41: "Passes the problem on", and the customer heard a shrug);
            # "its shipping tmrw" read as blame, with no word of blame (QA round 43: 3 of 3, and the
            # customer answered "Don't put this on me").
            move = "commit_next_step"
        elif move == "blame_customer" and "ownership" in kinds and kinds <= {"ownership", "contact", "time", "confirms",
                                                                             "scenario_offer"}:
            # "me. tom, 020 555 8812." to "Who is handling this?" read as blame (QA round 54: 2 of
            # 2, "Don't put the problem on the customer"): the agent taking it on.
            move = "take_ownership"
        elif move in {"blame_customer", "refuse"} and kinds & {"exception"} and kinds <= {"exception", "offer", "time", "confirms"}:
            # "It costs you nothing." read as blame (QA round 44: "Don't put this on me"); "No cost.",
            # "nope, costs u nothing" read as a no (QA round 45: "You won't even try?", 2 of 4).
            move = "make_exception"
    # "KPN.": the company's name as the phone is answered greets; it sends nobody to KPN, and
    # however unsure the model, it is no unclear wording ("Tele2. Shoot.", QA round 23).
    stripped = clean.strip()
    answers_the_phone = not kinds - {"closing", "time"} and bool(_SALUTATION.fullmatch(stripped)
                                                                 or _GREETING_ONLY.fullmatch(stripped))
    if checked_summary(clean) and move not in {"ask_details", "greet"} and not kinds & (AGENT_ACTS | {"done"}):
        # The customer's story or request checked back is a question for the facts, whatever the
        # model leant to: a no, blame or an offer in it is the customer's (QA round 36: 5 of 13).
        move = "ask_details"
        own, flex = _base_figures(rubric, move)
    # "Good afternoon, I'm Mark. Let me make sure I understand everything.", "evening karin, so sory
    # abt today": read as a close, but the reply opens on a greeting and no word of it takes leave
    # (play-through 37: "Closes the call", 3 of 3; dev: 7 of 7 such replies are labelled greet).
    opens_on_a_greeting = (move == "close" and not kinds & {"closing", "ending"}
                           and bool(_OPENS_ON_A_GREETING.match(stripped)))
    if (answers_the_phone or opens_on_a_greeting) and move != "greet":
        move = "greet"
        own, flex = _base_figures(rubric, move)
    elif (move == "greet" and kinds & {"commitment", "done"} and not kinds & {"closing"}
          and not _GREETS_IN_WORDS.search(stripped)):
        # "I took your letter to the director of customer service this morning.": read as a
        # greeting, with no word that greets and a deed of the agent's (QA round 45: "Greets the
        # customer", and the customer said hello back mid-call). The move is the deed; its figures
        # stay as the words and the band check have them.
        move = "commit_next_step"
    # "8 pm.", "The 14th.", "Morning, 8 to 12.": a time alone answers the customer's "when?" (QA
    # round 27: 4 of 6 were not scored and the customer said "Come again?", one was a greeting).
    # Neutral on its own, as the scoring guide has it; the customer takes it as the time of what
    # was floated (persona).
    if not cues and not answers_the_phone and _TIME_ANSWER.fullmatch(stripped):
        # (As neutral as a question for facts: the answer to one.)
        move = "commit_next_step"
        own, flex = _base_figures(rubric, "ask_details")
        cues.append(Cue(clean.strip(" .!"), "time", "names a time", 0, 0))
    if move == "close" and not kinds & {"closing", "ending"} and _NEEDS_ASKED.fullmatch(stripped):
        # "Is there anything you'd want in the meantime?", "Anything else you're worried about
        # tonight?": what the customer needs, asked; no close (QA round 47: 35, "the call is closed
        # with nothing done", 4 of 5, and the customer turned furious).
        move = "ask_details"
        own, flex = _base_figures(rubric, move)
    if move in OFFER_MOVES and not {c.kind for c in cues} - {"hedge"} and not offers and _OPTION_ASKED.fullmatch(stripped):
        # "Is there an option that would work for you?", "Would that help?": an option asked about,
        # none named, whatever the model leant to (QA round 45: 66 on flexibility, 3 of 4, and the
        # scorecard's best reply in calls that offered nothing).
        move = "ask_details"
        own, flex = _base_figures(rubric, move)
    if "ending" in kinds and not kinds - {"ending", "ack", "empathy"} and move in OFFER_MOVES and not offers:
        # "Whatever. We're done here.": the end said with nothing else is a close, not the step or
        # the offer the model leant to (play-through 37: "Takes the problem on", or not scored).
        move = "close"
        own, flex = _base_figures(rubric, move)
    if declined_beside_offer or (declines_another and offers):
        _, own, flex = _move_base(rubric, intent_ranking, turned_positive, neutral_negative=True)
    if offers:
        offer, phrase = next(((o, p) for o, p in offers if o.counts_as_flexibility), offers[0])
        flexible = offer.counts_as_flexibility
        cues.append(Cue(phrase, "scenario_offer", f"offers what the agent may: {offer.description}",
                        8, 22 if flexible else 0))
    # Quoted words alone do not take back the move the model saw when nothing else is said beside
    # them ("ticket closed as 'not possible', pls contact the correct dept next time").
    # (Not a rule disowned: "Force majeure is no answer to a loyal customer, and I won't use it" is
    # the agent's own stance, QA round 24: 49/7 "hides behind the rules".)
    # (What the customer was told before, reported as such, sets it aside beside nothing else too: "I
    # see my colleague already told you migration rules are migration rules", play-through 40: 5 of
    # 11 read low; not another team's answer relayed now, "The TV team told me you'll have to call
    # them", which dev labels low.)
    told_before = bool(_TOLD_YOU.search(clean))
    only_quoted = all(c.label.endswith(("(quoted)", "(checked back)"))
                      or (c.label.endswith("(reported)") and not told_before) for c in negated)
    set_aside: Cue | None = None
    if (negated and not (kinds & NEGATIVE_KINDS) and move in NEGATIVE_MOVES
            and not (only_quoted and not kinds - {"closing", "ending"} and not clean.rstrip().endswith("?"))):
        # "I won't tell you rules are rules", "I know you've heard 'not possible' three times
        # now": the only negative words are negated or someone else's, so the negative move the
        # model saw is not there.
        own, flex = 50.0, 50.0
        set_aside = next((c for c in negated if c.kind in NEGATIVE_KINDS), negated[0])
    if move in OFFER_MOVES and not over_promises:
        seen_entities = set()
        for entity in entities:
            name = str(entity.get("entity") or "")
            if name in ENTITY_EFFECTS and name not in seen_entities and (kinds & AGENT_ACTS or offers):
                seen_entities.add(name)
                d_own, d_flex = ENTITY_EFFECTS[name]
                cues.append(Cue(str(entity.get("value", "")), f"entity:{name}",
                                f"names a {name.replace('_', ' ')}", d_own, d_flex))

    live = {c.kind for c in cues if c.ownership or c.flexibility}
    if (move in {"offer_alternative", "make_exception"} and not offers and not live - {"refusal"}
            and any(c.kind == "refusal" and (_NO_EXCEPTION.search(c.phrase) or rubric.decider_no.search(c.phrase))
                    for c in cues)):
        # "I'm not going to make an exception for you", "My team leader didn't approve one order":
        # a no with nothing offered beside it, whatever option the model read (QA round 33: 3 of 3
        # read as the exception, and the customer said "That sounds promising").
        move = "refuse"
        own, flex = _base_figures(rubric, move)
    own += sum(c.ownership for c in cues)
    flex += sum(c.flexibility for c in cues)
    effective = {c.kind for c in cues}
    capped: list[str] = []
    own, flex = _words_hold_the_band(rubric, clean, found, cues, own, flex)

    # (Not knowing, said with nothing else, puts nothing on the customer however sure the model is:
    # "I don't know, honestly." read as blame, play-through 39.)
    working = effective & WORKING_KINDS and effective <= WORKING_KINDS | {"empathy"} and (
        move not in NEGATIVE_MOVES or _top_confidence(rubric, intent_ranking) < rubric.unsure_below
        or effective <= {"not_knowing", "empathy"})
    # (Nor does understanding said with nothing else, when the model leans to a negative move it is
    # not sure of: "I do appreciate it's a bit of a nuisance" read as blame, "I appreciate that's not
    # ideal" as a refusal, QA round 41.)
    # (Only a short one-sentence reply: in a longer one the no may be in words no cue knows, "I'm
    # sorry, a transferred number keeps the length of the old contract, and a device isn't part of
    # that".)
    # (However sure the model, when the understanding is the whole reply: "I really appreciate your
    # patience." read as blame at 0.60, QA round 45.)
    said_whole = "empathy" in found and found["empathy"][1].group(0).strip(" .,!?").lower() == clean.strip(" .,!?").lower()
    understood = (effective == {"empathy"} and move in NEGATIVE_MOVES
                  and (_top_confidence(rubric, intent_ranking) < rubric.unsure_below or said_whole)
                  and len(clean.split()) <= 12 and _sentence_end(clean, 0) >= len(clean.rstrip(" .!"))
                  and not _NO_IN_WORDS.search(clean))
    if understood:
        move = "empathise"
    if (effective <= {"empathy", "hedge", "closing"} and move in NEUTRAL_MOVES) or working or understood:
        # Empathy alone, or the agent only working the call ("hang on", "ok", "..., is that
        # right?"): neutral whatever move the model guessed ("one sec please" read as a deflection),
        # unless it is sure of a negative one ("Transferring you to sales now, one moment.").
        low, high = rubric.caps["empathy_alone"]["low"], rubric.caps["empathy_alone"]["high"]
        own, flex = min(max(own, low), high), min(max(flex, low), high)
    concrete = bool(effective & CONCRETE_KINDS)
    # "I've escalated it to the data department, they'll call you Monday morning": the next call
    # is theirs, so the time is theirs too; an escalation counts only when the agent carries it
    # and stays the contact (scoring guide).
    theirs_next = ("vague" in effective and not (effective & {"contact", "done", "ownership"})
                   and bool(rubric.theirs_next.search(clean)))
    # "Great choice! I'm setting that up now. I'll also escalate your login problem to retention and
    # they'll call you back Thursday": the vague promise is one part; the agent's own step, in a
    # sentence of its own, stands (QA round 14).
    own_step_apart = ("commitment" in found and "vague" in found
                      and _sentence_start(clean, found["commitment"][1].start())
                      != _sentence_start(clean, found["vague"][1].start()))
    if ("vague" in effective and (theirs_next or not (effective & {"time", "ownership", "scenario_offer"}))
            and not own_step_apart):
        if own > rubric.caps["vague_ownership_max"]:
            own = rubric.caps["vague_ownership_max"]
            # "I'll escalate it to retention; they'll call you Thursday at 10" is not vague about
            # when: the reason says whose the next call is (QA round 27 read "vague" as wrong).
            capped.append("the next call is theirs: it is yours when you stay the contact"
                          if theirs_next else "a vague promise is not ownership")
    if ("vague" in effective and not offers and not (effective & FLEXIBLE_KINDS)
            and flex > BANDS["neutral"][1] and any(_NOTED_OR_PASSED.search(c.phrase) for c in cues if c.kind == "vague")):
        # "I've put a note on your file for Monday", "I've emailed the data division": a note or a
        # pass-on offers nothing, whatever option the model read (QA round 41: 60 on flexibility).
        flex = float(BANDS["neutral"][1])
        capped.append("a note or a pass-on is no option")
    # "One thing we could do is courier a 4G router over today", "a same-day router I can send,
    # if that keeps you going": an option in the conditional, dated at most, commits the agent
    # to nothing (scoring guide: ownership 1).
    offered_only = ("offer" in effective and not (effective & (STEP_KINDS - TIME_KINDS))
                    and bool(_CONDITIONAL.search(clean)))
    if (not (effective & STEP_KINDS) or offered_only) and own > rubric.caps["bare_ownership_max"]:
        own = rubric.caps["bare_ownership_max"]
        capped.append("taking it on needs a concrete step, a time or the contact")
    if "hedge" in effective and not concrete and own > rubric.caps["hedge_ownership_max"]:
        own = rubric.caps["hedge_ownership_max"]
        capped.append("a hedge is not yet a commitment")
    # "Is there another option you'd like?", "Maybe we could look at a workaround of some sort": an
    # option asked about or looked for, none named, whatever option the model read (QA round 44: 85).
    if (any(c.label.endswith("(none named)") for c in negated) and not any(c.flexibility > 0 for c in cues) and not offers
            and flex > BANDS["neutral"][1]):
        flex = float(BANDS["neutral"][1])
        capped.append("no option is named yet")
    # "Hold on, I'll check what's planned for the 14th.": a look while the customer holds is not yet
    # a step (the scoring guide's "let me see what's possible" is ownership 1; QA round 44: 85 and 74).
    carried = [match.group(0) for kind, (_, match, _) in found.items() if kind in CARRIES]
    if ("hold" in found and _HOLD_ON.search(found["hold"][1].group(0)) and carried and all(_LOOKS.search(words) for words in carried)
            and not effective & {"contact", "escalation", "done"} and own > rubric.caps["bare_ownership_max"]):
        own = rubric.caps["bare_ownership_max"]
        capped.append("a look while the customer holds is not yet a step")
    # (An offer that is no option, the escalation to retention, explored: "Let me check what retention
    # can offer you", QA round 41.)
    explored = (not any(o.counts_as_flexibility for o, _ in offers) and not (effective & FLEXIBLE_KINDS)
                and bool(_EXPLORES.search(clean))
                and flex > rubric.caps["explored_flexibility_max"])
    if explored:
        # "Let me see whether retention can do anything on the phone": the model may read an offer,
        # but nothing is offered yet (scoring guide: exploring without offering is flexibility 1).
        flex = rubric.caps["explored_flexibility_max"]
        capped.append(EXPLORED_CAP)
    if flex > BANDS["neutral"][1] and not offers and not (effective & FLEXIBLE_KINDS) and _A_MONTHLY_PRICE.search(clean):
        # "It'll be 50 euros a month, the same as now", "at 200 euros a month this shouldn't happen,
        # I agree": a price said in passing offers nothing, whatever option the model read
        # (play-through 40: 4 of 5 read high).
        flex = float(BANDS["neutral"][1])
        capped.append("a price is no option")
    if "token" in effective and not offers and not (effective & FLEXIBLE_KINDS):
        # "What I can do is send you a car charger": a token meets no need of the case (batch 100:
        # labelled flexibility 1 alone, 0 beside a no), whatever option the model read.
        most = rubric.caps["token_beside_no_flexibility_max" if effective & NEGATIVE_KINDS else "token_flexibility_max"]
        if flex > most:
            flex = most
            capped.append("a token is no option")
    costly = _costly_condition(clean, lowered, offers) if flex > BANDS["neutral"][1] else None
    if costly:
        # "I'll waive the fee, as long as you extend your contract by a year", "a backup SIM, but
        # only as a second subscription at 25 a month": the customer pays for it (batch 175 labels
        # such offers flexibility 1; play-through 66: 4 of 4 read 84 to 100).
        cues.append(Cue(costly, "costly_condition", "sets a condition that costs the customer", 0, 0))
        flex = min(flex, rubric.caps["costly_condition_flexibility_max"])
        capped.append(COSTLY_CAP)
    if over_promises:
        for _promise_id, phrase, description in over_promises:
            cues.append(Cue(phrase, "over_promise", f"beyond authority: {description}", 0, 0))
        bounds = rubric.caps["over_promise_flexibility"]
        flex = min(max(flex, bounds["low"]), bounds["high"])
        capped.append("an over-promise does not count as flexibility")
    if ((own < BANDS["neutral"][0] or flex < BANDS["neutral"][0]) and relays_a_deed(clean)
            and not effective & (NEGATIVE_KINDS | {"deflection"})):
        # "The data division says they'll release it tonight", "The back office said they'll
        # review it": the other team's yes relayed, not the customer sent to them (QA rounds 20
        # and 21: 35, "Passes the problem on"; batch 74 labels such news ownership 1).
        own, flex = max(own, float(BANDS["neutral"][0])), max(flex, float(BANDS["neutral"][0]))
        capped.append(RELAYED_CAP)
    if own > BANDS["neutral"][1] and _only_relayed(clean):
        # "IT reset your login this morning", "Marketing have said yes: the laptop is reserved for
        # you": another team's deed or yes passed on, with no part of the agent's own in the reply
        # (play-through 39: 6 of 6 read high with a time word; batch 125: 8 of 8; dev labels such
        # relays ownership 1). The offer still counts as flexibility.
        own = float(BANDS["neutral"][1])
        capped.append(ONLY_RELAYED_CAP)
    elif own > BANDS["neutral"][1] and "done" not in effective and _only_their_step(clean):
        # "The on-call technician will ring you tonight": the call is theirs; the agent who arranged
        # it says so ("I've booked him, and I'll ring you at nine to check"). The offer still counts.
        own = float(BANDS["neutral"][1])
        capped.append(THEIR_STEP_CAP)
    if passed_on and own > rubric.caps["passed_on_ownership_max"]:
        own = rubric.caps["passed_on_ownership_max"]
        capped.append("the customer is sent elsewhere to get it")
    # (Not "That's everything from my side. Goodbye!" once every need was met: play-through 37
    # scored it 35 in 3 of 3 calls, and the call went on.)
    ended_empty = effective & {"ending"} and not all_met
    closed_on = effective & {"refusal", "policy"} or ended_empty or {"vague", "closing"} <= effective or nothing_done
    # (The end said with nothing else, whatever the model read: "Migration rules. Nothing to do.")
    ends_alone = bool(ended_empty) and not effective - {"ending", "ack", "empathy"}
    closed_empty = bool((move == "close" or "closing" in effective or ends_alone) and closed_on
                        and not effective & STEP_KINDS)
    if closed_empty:
        # "There's nothing more I can do for you. Have a nice day."; "OK, I've noted everything.
        # Goodbye." (a note is no step, and the goodbye leaves the customer with nothing).
        own = min(own, rubric.caps["closed_empty_ownership_max"])
        # (What the call left open, when something was done: "Goodbye!" after the 24-month plan, with
        # the login still open; play-through 37: "nothing done" read as false on 4 of 4 cards.)
        capped.append("the call is closed with what the customer still needs left open" if need_left_open
                      else "the call is closed with nothing done")
    if nothing_done and _BARE_DONE.match(clean) and own > BANDS["neutral"][1]:
        # "done", in a call where nothing was offered, asked for or met yet: a deed nobody can name
        # (QA round 28: "done" alone was the scorecard's best reply, ownership 71, on 4 of 4 calls
        # of "ok", "sure", "np"). Scored alone, as the labelled sets are, it stays a deed.
        own = float(BANDS["neutral"][1])
        capped.append("nothing was offered or asked for yet: say what is done")
    # With no contrast word, a futility clause after everything the agent does or offers takes it
    # back all the same: "I can put you on 24 months with the iPhone... except the system won't
    # take it on a migrated number".
    # (An option looked into helps too, "I could look into a credit... no point"; searched for only
    # where there is a futility clause, not for every reply.)
    explored_at = [m.start() for m in _EXPLORES.finditer(clean)] if "futility" in found else []
    helped = ([m.start() for kind, (_, m, _) in found.items() if kind in TURNS] + [at for _, _, at in case_offers]
              + explored_at)
    futile_last = (pivot < 0 and "futility" in found and bool(helped)
                   and found["futility"][1].start() > max(helped))
    # (Not a futility clause about another part of the request: "I've just reset your online
    # access ... On the iPhone though, migration rules are migration rules and that won't change":
    # the deed stands beside a flat no, scoring guide: ownership 2, flexibility 0; batch 59.)
    # (Also an offer to look into it, taken back: "I can check with my supervisor but I already
    # know the answer".)
    futile_at = found["futility"][1].start() if "futility" in found else 0
    futile_sentence = max(_sentence_start(clean, futile_at), 0) if "futility" in found else 0
    if (("futility" in after_pivot or futile_last)
            and ((kinds - NEGATIVE_KINDS - {"empathy"}) or _EXPLORES.search(clean, 0, futile_at))
            and not _another_part(clean, found, futile_at)
            and not _another_need(scenario, clean[:futile_sentence], clean[futile_sentence:futile_at])):
        # "I'll look into it, but it won't change anything": the later clause takes it back.
        own, flex = min(own, rubric.caps["taken_back_max"]), min(flex, rubric.caps["taken_back_max"])
        capped.append("the help offered is taken back")

    # An owned step (a deed, a dated step or the agent as the contact) beside a flat no.
    owned_beside_no = bool(
        effective & CARRIES and effective & (TIME_KINDS | {"done", "contact"})
        and (effective & {"refusal", "policy"} or move in {"refuse", "cite_policy"})
        and not effective & {"deflection", "blame", "futility", "vague", "hedge", "closing", "escalation"}
        and not capped
        # (Not a look promised: "I'll check again for you today, but the policy is clear" is 0/0.)
        and not any(kind in CARRIES and _LOOKS.search(match.group(0)) for kind, (_, match, _) in found.items()))
    if owned_beside_no and BANDS["neutral"][0] <= own < BANDS["high"][0]:
        # "I'll be your contact all weekend, here's my mobile. The line won't move till Monday
        # though, that's the process": an owned, dated step beside a flat no of the main request
        # is ownership 2, flexibility 0 (scoring guide; dev: 2/0 replies read 1/0).
        own = float(BANDS["high"][0])
    ownership = int(round(min(max(own, 0), 100)))
    flexibility = int(round(min(max(flex, 0), 100)))
    if (flexibility < BANDS["neutral"][0] and effective & {"commitment", "done"} and not over_promises
            and effective <= {"commitment", "done", "ownership", "time", "ack", "closing", "confirms"}
            and len(clean.split()) <= 6):
        # "Perfect, done.": a short deed with nothing else in its words hides behind no rule, whatever
        # move the model leant to (play-through 65: 40 on flexibility, the call's worst reply).
        flexibility = BANDS["neutral"][0]
    # "I'll send a mobile stick", "I'm booking the technician for the 14th": the agent's own step
    # to one of the case's offers, with nothing hedged, refused or vague beside it. The band check
    # may still doubt it when it is sure of low, but not merely for being worded unlike most high
    # replies (QA rounds 20 and 21: "I'll send a mobile stick." 59, "I'll fix your email." 100).
    plain_deed = (bool(effective & {"commitment", "done"}) and not over_promises
                  and any(offer.counts_as_flexibility for offer, _ in offers)
                  and not effective & (NEGATIVE_KINDS | {"hedge", "vague", "deflection", "escalation"})
                  and ("?" not in clean or _asked_then_done(clean, found, effective))
                  and not _CONDITIONAL.search(_statements(clean)) and not _NOT_PLAIN.search(clean))
    # The agent's own step or the agent as the contact, said in words, beside the no:
    # worded like few high replies is no reason to doubt it ("I'll personally follow your move
    # through, but the upgrade can't be combined"; dev: 3 replies labelled 2 held at 59). Not a
    # deed alone ("your cancellation confirmation has been sent and can't be reversed": a fact).
    owned_step_beside_no = owned_beside_no and bool(effective & {"commitment", "ownership", "contact"}
                                                    and effective & (TIME_KINDS | {"contact"}))
    # "Why didn't you tell us about the move earlier?", "Why did you sign for 18 months if a new
    # phone mattered that much?": the customer blamed in the agent's own words, with nothing the
    # agent does or gives beside it. Worded like a question for facts, as few low replies are, is no
    # reason to doubt it (dev: 24 "why did/didn't/would you" questions, all labelled ownership 0;
    # play-through 35: 6 of 17 such questions held neutral).
    plain_blame = ("blame" in effective and not effective & (AGENT_ACTS | {"done", "empathy", "reasonable"})
                   and not offers)
    # A close in a call in which nothing has been done: the call makes it one, not its words, so
    # how seldom such words alone are rated low is no reason to doubt it (play-through 37: "Is
    # there anything else I can help you with?" after stonewalling held at 41 in 3 of 4 calls).
    closed_by_the_call = nothing_done and closed_empty
    # A no or the rule, then the goodbye, in one reply: "No gesture is possible under the terms.
    # Anything else?" closes the call with nothing done by its own words (dev: 174 of 186 such
    # replies labelled ownership 0; batch 174: 3 of 3 held at 41 by the estimate).
    # (Its goodbye in its words, not only the model's reading: "Was there anything else on your mind,
    # or shall we leave it there?" read as a close is no goodbye.)
    closed_on_a_no = closed_empty and "closing" in effective and bool(effective & {"refusal", "policy"})
    plain_band = ("high" if plain_deed or owned_step_beside_no
                  else "low" if plain_blame or closed_by_the_call or closed_on_a_no else None)
    # (A close the call makes empty is not checked against the words at all: "Whatever. We're done
    # here." after four stonewalls was held at 41 by an estimate that read "whatever" as in "I'll
    # ring you at 8, whatever happens"; QA round 46, 2 of 2.)
    ownership, flexibility = (ownership if closed_by_the_call
                              else _band_check(rubric, bands, "ownership", ownership, capped, plain_band),
                              _band_check(rubric, bands, "flexibility", flexibility, capped))
    all_cues = tuple(cues + negated + withheld)
    unsure = (bool(intent_ranking) and not cues and not negated and not withheld and not over_promises
              and not answers_the_phone and _top_confidence(rubric, intent_ranking) < rubric.unsure_below
              and not _sure_of_the_kind(rubric, intent_ranking))
    if unsure and clean.rstrip().endswith("?"):
        # "What can I do for you?", "Sorry. Problem?": a question and nothing the cues know is a
        # question, whatever the model guessed, and a question is neutral (scoring guide); it is
        # not "unclear" (QA round 22: 11 of 24 replies not scored were greetings or questions).
        unsure, move = False, "ask_details"
        ownership = int(rubric.moves[move]["ownership"])
        flexibility = int(rubric.moves[move]["flexibility"])
    if unsure and "?" not in clean and (move not in NEGATIVE_MOVES - {"deflect"} and _NEWS.search(clean)
                                        or _CHECK_MADE.fullmatch(clean) or _TEAMS_HOURS.search(clean)):
        # (Also the check the agent made, said with no news yet: "I've just spoken to the data
        # division.", "I asked planning whether the technician can come on the 14th."; and when a
        # team works: "The data division works Monday to Friday". QA round 45: 7 of 9 "what do you mean?".)
        # "The planning team says nine weeks.", "I checked, KPN has nothing before the 1st": news
        # passed on, with nothing the agent does with it, is an explanation and neutral (batch 95
        # labels it so), or the neutral move the model leant to ("Sorry, that's all they could
        # tell me"); it is not "unclear" (QA round 29: 5 of 21 such replies not scored). (Not when
        # the model leans to a no, a rule or blame: the news may be one, "Retention said no gesture".)
        unsure, move = False, move if move in NEUTRAL_MOVES - {"nlu_fallback"} else "explain_procedure"
        ownership = int(rubric.moves[move]["ownership"])
        flexibility = int(rubric.moves[move]["flexibility"])
    if unsure:
        # A guess is not scored as if it were certain (issue 14): every channel shows it as "not
        # scored" and the store keeps no numbers, so its figures are the neutral middle rather
        # than whichever far band the guessed move would have given.
        ownership = flexibility = UNSURE_SCORE
    return ReplyScore(
        text=text,
        ownership=ownership,
        flexibility=flexibility,
        cues=all_cues,
        reason=UNSURE_REASON if unsure else _reason(rubric, move, cues, capped, over_promises,
                                                    ownership, flexibility, set_aside,
                                                    asking.group(0) if asking is not None and move in PASSING_ON else None,
                                                    not_in_words),
        unsure=unsure,
        over_promise=bool(over_promises),
        move=move,
        offers=tuple(o.id for o, _ in offers),
        over_promises=tuple(p for p, _, _ in over_promises),
    )


# What the band check's reason tells the trainee, by dimension and the band it did not give.
BAND_CHECK_ADVICE = {
    # (Not "to count as high, name the step...": QA round 23 found it beside replies that name one.)
    ("ownership", "high"): "the coach could not be sure it is your own step: say plainly what you will do and when "
                           "(\"I'll ring them now and call you back within the hour\")",
    ("ownership", "low"): "the coach could not be sure it pushes the problem away or blames the customer",
    ("flexibility", "high"): "the coach could not be sure it is an option you give: name it plainly (\"I can send "
                             "you a 4G router today\")",
    ("flexibility", "low"): "the coach could not be sure it refuses",
}


def _band_check(rubric: Rubric, bands: Mapping[str, Mapping[str, float]] | None, dimension: str, score: int,
                capped: list[str], plain_band: str | None = None) -> int:
    """Hold a far score at the near edge of the neutral band when the band check doubts it.

    The cues and the move read a reply by its words; the band check (rasa_adapters/
    band_estimator.py) by how the team leads banded replies like it (data/labelled/). Where one
    says 0 and the other is more than `opposite_above` sure of 2 (or the other way round), or
    gives the far band scored less than `scored_below`, neither reading is trusted with a far
    band: a reply two bands off costs a trainee (or flatters one) far more than one a band off
    (docs/nlu.md, "The band check"). `plain_band`: the far band the reply's own words plainly
    give ("high": they commit the agent to one of the case's offers, or to a dated step beside a
    flat no; "low": they blame the customer and do nothing else); a score in it then stands
    unless the check is sure of the other far band.
    """
    check = rubric.band_check.get(dimension)
    estimate = (bands or {}).get(dimension)
    if check is None or not isinstance(estimate, Mapping):
        return score
    scored = band(score)
    other = {"high": "low", "low": "high"}.get(scored)
    if other is None:
        return score
    try:
        opposite, same = float(estimate.get(other) or 0.0), float(estimate.get(scored) or 0.0)
    except (TypeError, ValueError):  # a malformed estimate checks nothing
        return score
    if not (opposite > check.opposite_above
            or (check.scored_below is not None and same < check.scored_below and scored != plain_band)):
        return score
    # In words a trainee can use, saying what would count (QA rounds 18 to 22: "replies worded
    # like this are seldom rated high" read as a note about the model and said nothing of what to
    # change); the estimate's number means nothing to a trainee (docs/nlu.md says what it is).
    capped.insert(0, f"counted as neutral on {dimension}, not {scored}: {BAND_CHECK_ADVICE[(dimension, scored)]}")
    return BANDS["neutral"][1] if scored == "high" else BANDS["neutral"][0]


def a_time_alone(cues: Sequence[Cue]) -> bool:
    """The reply is a time and nothing else ("8 pm.", "The 14th."): the customer's "when?" answered,
    neutral on its own (score_reply gives it a time cue that weighs nothing)."""
    return bool(cues) and all(c.kind == "time" and not c.ownership and not c.flexibility for c in cues)


def _reason(rubric: Rubric, move: str, cues: Sequence[Cue], capped: Sequence[str],
            over_promises: Sequence[tuple[str, str, str]], ownership: int = 50, flexibility: int = 50,
            set_aside: Cue | None = None, asking: str | None = None, not_in_words: bool = False) -> str:
    """`not_in_words`: the negative move the model saw is in none of the reply's words, so the
    strongest cue leads the reason, not the move's own words."""
    says = rubric.moves.get(move, rubric.moves["nlu_fallback"])["says"]
    if move in {"offer_alternative", "make_exception"} and EXPLORED_CAP in capped and not (
            {c.kind for c in cues} & FLEXIBLE_KINDS):
        # "Is there anything I could do that would make you reconsider?" read as an offer: the
        # words explore, they offer nothing (QA round 21: "Offers an alternative; looking into an
        # option is not yet offering it").
        says = "Explores what might help"
    if move in PASSING_ON and RELAYED_CAP in capped:
        says = "Relays what the other team will do"
    if asking is not None:
        # "Let me ask the moves team whether they can take the upgrade as well", read as a
        # deflection: the agent asks, the customer is sent nowhere (held neutral for it).
        says = f"Looks into it for the customer (\"{asking}\"), passing nothing on"

    if set_aside is not None:
        # "I won't tell you rules are rules", "forget the 'not possible' you got": the negative
        # move the model saw was taken away; its words are named for what they are.
        how = set_aside.label.rsplit("(", 1)[-1].rstrip(")")  # negated, quoted, reported, disowned...
        says = f"Uses negative words only to set them aside (\"{set_aside.phrase.strip(' .,;:!?-')}\", {how})"
    kinds = {c.kind for c in cues}
    working = [c for c in cues if c.kind in WORKING_KINDS]
    if working and kinds <= WORKING_KINDS | {"empathy"} and band(ownership) == band(flexibility) == "neutral":
        # "hang on", "ok": what the words do, not the move the model guessed ("Passes the problem
        # on"); held neutral for it (a negative move the model is sure of keeps its own words).
        return _capitalised(working[0].label)
    if a_time_alone(cues):
        return f"Names a time (\"{cues[0].phrase}\")"
    if over_promises:
        if move in NEGATIVE_MOVES | RIGID_MOVES and not kinds & NEGATIVE_KINDS:
            # "I guarantee it will be fixed tonight" read as a refusal: the promise is what it says
            # (QA round 17: "Refuses without an alternative, but promises...").
            return f"Promises what the agent may not give: {over_promises[0][2]}"
        return f"{says}, but promises what the agent may not give: {over_promises[0][2]}"
    strongest = max(cues, key=lambda c: abs(c.ownership) + abs(c.flexibility), default=None)
    reason = says
    bands = {band(ownership), band(flexibility)}
    # The move's words where the scores say the opposite ("Explains the procedure as the answer" on
    # "Done. One order: move plus digital TV, technician booked for the 14th", 76/72): the
    # strongest cue leads instead. (Only the opposite far band: a neutral score keeps the move's
    # words, which say what held it back.)
    # (Nor a greeting, a close or a question where the words commit or offer: "Moving day then.
    # I'm booking him for the morning" is no greeting; nor the procedure where the words give the
    # agent's own number, QA round 17.)
    contradicted = (not_in_words or (move in PASSING_ON and band(ownership) == "high")
                    or (move in RIGID_MOVES and band(flexibility) == "high")
                    or (move in RIGID_MOVES and band(ownership) == "high" and not kinds & NEGATIVE_KINDS)
                    or (move in {"greet", "close", "ask_details"} and "high" in bands)
                    or (move in OFFER_MOVES and "high" not in bands and "low" in bands))
    if contradicted and strongest is not None and (strongest.ownership or strongest.flexibility):
        reason = f"{_capitalised(strongest.label)} (\"{strongest.phrase}\")"
    elif strongest is not None and (strongest.ownership or strongest.flexibility):
        # "Passes the problem on; passes the problem on" says it twice: name the words once.
        said = "" if strongest.label.casefold() == says.casefold() else f"; {strongest.label}"
        reason += f"{said} (\"{strongest.phrase}\")"
    if capped:
        reason += f"; {capped[0]}"
    return reason


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


# --- the session --------------------------------------------------------------------------------
# docs/rubric.md "The session score" explains this part; tests/test_rubric_doc.py checks the two agree.

# Where a reply counts on one dimension when it is decisive there: owning or flexible ("high"), an
# offer beyond authority ("over", flexibility only), or low because it passed the problem on
# ("passed_on"), hid behind a rule or refused ("rigid"), or for another reason ("low").
GROUPS = ("high", "over", "passed_on", "rigid", "low")
PASSING_ON = frozenset({"deflect", "blame_customer"})
RIGID_MOVES = frozenset({"cite_policy", "refuse", "explain_procedure"})
TIME_KINDS = frozenset({"time", "entity:callback_time"})
# What each tip asks the trainee to do (or stop doing). A tip is never given for something the
# call already shows: `SessionTally.done` names what was done, and `_tip_candidates` checks it.
TIP_ASKS: Mapping[str, str] = {
    "unmet_need": "need",               # meet the need named in the tip
    "pending_need": "need",             # commit to the option floated for that need
    "awaiting_need": "need",            # come back with the answer on what was put to someone to approve
    "over_promise": "within_authority",
    "deflection": "no_passing_on",
    "blame": "no_passing_on",
    "flexibility_low": "option",
    "rule_first": "no_rule",
    "ownership_neutral": "commitment",
    "no_time": "time",
    "flexibility_neutral": "option",
    "well_done": "",
}


@dataclass(frozen=True)
class SessionRules:
    """The session-level settings of rubric.yml (`session:`)."""

    worst_weight: int                  # the worst decisive reply counts this many times
    undecided: int                     # a dimension on which no reply was decisive
    needs_credit: int                  # added to both dimensions when every need was met (a share for some)
    nothing_done_ownership_max: int    # no need met and no reply owning the problem
    over_promise_flexibility_max: int  # any offer beyond authority
    max_tips: int
    fix_score: int                     # what a reply that fixes a tip's problem is taken to score
    tip_order: tuple[str, ...]         # ties between tips that would add as much

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> SessionRules:
        return cls(worst_weight=int(data["worst_weight"]), undecided=int(data["undecided"]),
                   needs_credit=int(data["needs_credit"]),
                   nothing_done_ownership_max=int(data["nothing_done_ownership_max"]),
                   over_promise_flexibility_max=int(data["over_promise_flexibility_max"]),
                   max_tips=int(data["max_tips"]), fix_score=int(data["fix_score"]),
                   tip_order=tuple(str(key) for key in data["tip_order"]))


def session_rules(rubric: Rubric) -> SessionRules:
    rules = rubric.session if rubric.session is not None else default_rubric().session
    if rules is None:  # rubric.yml's `session:` is required, so the default rubric always has it
        raise RubricError("the default rubric has no `session:` rules")
    return rules


def decisive_group(reply: ReplyScore, dim: str) -> str | None:
    """The group a reply counts in on `dim`, or None when it is not decisive there (neutral band).

    Greetings, questions, empathy, apologies, polite closes and neutral explanations are in the
    neutral band on both dimensions, so they never dilute the session score."""
    if dim == "flexibility" and reply.over_promise:
        return "over"
    value = reply.ownership if dim == "ownership" else reply.flexibility
    if band(value) == "high":
        return "high"
    if band(value) == "neutral":
        return None
    kinds = {c.kind for c in reply.cues if c.ownership or c.flexibility}
    if reply.move in PASSING_ON or kinds & {"deflection", "blame"}:
        return "passed_on"
    if reply.move in RIGID_MOVES or kinds & {"policy", "refusal"}:
        return "rigid"
    return "low"


# The agent's step being done as they speak: "I'm putting the move and the TV in one order now".
_DOING_IT_NOW = re.compile(r"\b(?:i'?m|i am|am)\b[^.;!?]{0,60}\b(?:now|right now|as we speak|while we(?:'re| are)? "
                           r"(?:talk|speak)\w*|straight away|immediately)\b", re.I)


def _dated(reply: ReplyScore) -> bool:
    """An owning reply that names when ("I'll call you back tomorrow at 10"), or says it is done
    on the spot ("I have booked the technician for the 14th"): no time left to put on it (QA round
    14 got "Put a time on your commitment" after deeds done in the call). So does a time given alone,
    the customer's "when?" answered ("Tonight at 8."), or a deed done held neutral (QA round 28: the
    tip came after both)."""
    if band(reply.ownership) == "high" and any(c.kind in TIME_KINDS | {"done"} and c.ownership for c in reply.cues):
        return True
    if band(reply.ownership) == "high" and _DOING_IT_NOW.search(reply.text):
        # "I'm resetting and correcting both now": being done as they speak (QA round 45: "Put a time
        # on your commitment" after it, 2 of 2).
        return True
    return band(reply.ownership) != "low" and not reply.unsure and (
        a_time_alone(reply.cues) or any(c.kind == "done" and c.ownership for c in reply.cues))


# A group is [count, sum, lowest score, the move of the (first) lowest reply].
Groups = dict[str, dict[str, list[Any]]]


def _add_to(groups: Groups, dim: str, name: str, value: int, move: str = "", count: int = 1) -> None:
    group = groups[dim].get(name)
    if group is None:
        groups[dim][name] = [count, value * count, value, move]
        return
    group[0] += count
    group[1] += value * count
    if value < group[2]:
        group[2], group[3] = value, move


def _raw_scores(groups: Groups, met: int, needs: int, over_promise: bool, rules: SessionRules) -> dict[str, float]:
    """The session score before rounding: per dimension the mean of the decisive replies with the
    worst counted `worst_weight` times (`undecided` when there are none), plus the share of the
    needs met times `needs_credit`; then the two caps."""
    scores: dict[str, float] = {}
    for dim in DIMENSIONS:
        parts = [g for g in groups[dim].values() if g[0]]
        if parts:
            count, total, lowest = sum(g[0] for g in parts), sum(g[1] for g in parts), min(g[2] for g in parts)
            extra = rules.worst_weight - 1
            value = (total + extra * lowest) / (count + extra)
        else:
            value = float(rules.undecided)
        if needs:
            value += rules.needs_credit * met / needs
        scores[dim] = value
    if not met and not groups["ownership"].get("high"):
        # Nothing committed to and nothing the customer needed was met: closed with nothing done.
        scores["ownership"] = min(scores["ownership"], rules.nothing_done_ownership_max)
    if over_promise:
        scores["flexibility"] = min(scores["flexibility"], rules.over_promise_flexibility_max)
    return scores


def _final(value: float) -> int:
    return int(round(min(max(value, 0), 100)))


@dataclass(frozen=True)
class SessionScore:
    ownership: int
    flexibility: int
    turns: int
    best: ReplyScore | None = None
    worst: ReplyScore | None = None
    tip: str = ""  # the first of `tips` (the scorecard's "tip", kept for older readers)
    extra: dict[str, Any] = field(default_factory=dict)
    tips: tuple[str, ...] = ()
    tip_keys: tuple[str, ...] = ()  # which rubric tip each of `tips` is (TIP_ASKS says what it asks)


def _worst_key(reply: ReplyScore) -> tuple[bool, int]:
    """How a reply ranks for the scorecard's worst reply (lowest first): one low on a dimension
    first, then the lower total. (Play-through 54: "Sorry, no: the 14th it is..." at 78/20 was the
    call's only low reply, but a neutral 45/45 had the lower total, so the card named no worst reply.)"""
    return ("low" not in (band(reply.ownership), band(reply.flexibility)), reply.ownership + reply.flexibility)


def _best_key(reply: ReplyScore, met: bool = False) -> tuple[bool, bool, bool, bool, int]:
    """How a reply ranks for the scorecard's best reply: one high on a dimension and low on none
    first (play-through 57: "...can't go in one order, that's how our system works. But I'll make
    sure the move goes through", 95/0, was the best reply of a churned call), then one high on a
    dimension, then one that met a need of the customer's (`met`; play-through 64: a gesture nobody
    asked for beat the reply that met both needs, 4 of 4), then a statement before a question, then
    the higher total."""
    bands = (band(reply.ownership), band(reply.flexibility))
    return ("high" in bands and "low" not in bands, "high" in bands, met, not reply.text.rstrip().endswith("?"),
            reply.ownership + reply.flexibility)


class SessionTally:
    """What the session score needs of the replies so far, in a size that does not grow with the
    call: per dimension and group (GROUPS) the count, sum and lowest score of the decisive replies;
    whether an owning reply named a time; the first over-promise (and its words); the best and worst reply
    (`_best_key`, `_worst_key`: the first one on a tie); the reply count, sums and minimums of
    every reply (for older readers). Kept in the customer's state turn by turn (a 300-reply call
    stores and saves as much as a 3-reply one); `score_session` uses it too, so both agree."""

    def __init__(self, data: Mapping[str, Any] | None = None):
        data = dict(data or {})
        self.count = int(data.get("count", 0))
        self.unsure = int(data.get("unsure", 0))  # replies not scored (unsure readings)
        self.sums = {"ownership": int(data.get("own_sum", 0)), "flexibility": int(data.get("flex_sum", 0))}
        self.mins: dict[str, int | None] = {"ownership": data.get("own_min"), "flexibility": data.get("flex_min")}
        self.best = ReplyScore.from_dict(data["best"]) if data.get("best") else None
        self.best_met = bool(data.get("best_met", False))  # the best reply met a need (_best_key)
        self.worst = ReplyScore.from_dict(data["worst"]) if data.get("worst") else None
        self.lowest_ownership_move = str(data.get("lowest_own_move", ""))
        self.over_promise = bool(data.get("over_promise", False))
        self.over_promise_id = str(data.get("over_promise_id") or "")
        self.over_promise_text = str(data.get("over_promise_text") or "")  # (a tally saved before it has none)
        self.dated = bool(data.get("dated", False))
        self.groups: Groups = {dim: {} for dim in DIMENSIONS}
        stored = data.get("groups")
        if isinstance(stored, Mapping):
            for dim in DIMENSIONS:
                for name, group in dict(stored.get(dim) or {}).items():
                    if name in GROUPS and group and int(group[0]):
                        self.groups[dim][name] = [int(group[0]), int(group[1]), int(group[2]),
                                                  str(group[3]) if len(group) > 3 else ""]
        elif self.count:
            # A tally saved before the groups kept every reply's sum but no reply's group: of its
            # replies only the best and the worst are known, and those count where they are decisive.
            for reply in (self.best, self.worst if self.worst != self.best else None):
                if reply is not None:
                    self._judge(reply)
            if self.over_promise and not self.groups["flexibility"].get("over"):
                _add_to(self.groups, "flexibility", "over", SessionTally._over_floor())

    @staticmethod
    def _over_floor() -> int:
        return default_rubric().caps["over_promise_flexibility"]["low"]

    @classmethod
    def of(cls, replies: Iterable[ReplyScore]) -> SessionTally:
        tally = cls()
        for reply in replies:
            tally.add(reply)
        return tally

    def add(self, reply: ReplyScore, may_be_best: bool = True) -> None:
        """Count `reply`. `may_be_best`: False for a reply the customer objected to as a promise cut
        or moved (play-through 58: the recap that changed the terms was the card's best reply, 12 calls)."""
        if reply.unsure:  # a guess is left out of the session score, only counted
            self.unsure += 1
            return
        self.count += 1
        # (An over-promise is no reply to hold up as the best: it promised what may not be given.
        # Nor is an offer put as a question while a reply that did something stands beside it: QA
        # round 22, "Would a credit of three months help?" at 59/100 over "Me. Sanne de Wit,
        # direct line..., I'll call you Monday" at 95/51.)
        if may_be_best and not reply.over_promise and (
                self.best is None or _best_key(reply) > _best_key(self.best, self.best_met)):
            self.best, self.best_met = reply, False
        if self.worst is None or _worst_key(reply) < _worst_key(self.worst):
            self.worst = reply
        if self.mins["ownership"] is None or reply.ownership < self.mins["ownership"]:
            self.lowest_ownership_move = reply.move
        for dim, value in (("ownership", reply.ownership), ("flexibility", reply.flexibility)):
            self.sums[dim] += value
            lowest = self.mins[dim]
            self.mins[dim] = value if lowest is None else min(lowest, value)
        if reply.over_promise and not self.over_promise_id:
            self.over_promise_id = reply.over_promises[0] if reply.over_promises else "over_promise"
            self.over_promise_text = reply.text
        self.over_promise = self.over_promise or reply.over_promise
        self._judge(reply)

    def met_a_need(self, reply: ReplyScore) -> None:
        """`reply`, counted last, met a need of the customer's (or bettered what met one): it ranks
        as the best reply above those that met none."""
        if reply.unsure or reply.over_promise:
            return
        if self.best == reply or self.best is None or _best_key(reply, True) > _best_key(self.best, self.best_met):
            self.best, self.best_met = reply, True

    def _judge(self, reply: ReplyScore) -> None:
        for dim in DIMENSIONS:
            name = decisive_group(reply, dim)
            if name:
                _add_to(self.groups, dim, name, reply.ownership if dim == "ownership" else reply.flexibility,
                        reply.move)
        self.dated = self.dated or _dated(reply)

    def as_dict(self) -> dict[str, Any]:
        return {"count": self.count, "unsure": self.unsure, "own_sum": self.sums["ownership"], "flex_sum": self.sums["flexibility"],
                "own_min": self.mins["ownership"], "flex_min": self.mins["flexibility"],
                "best": self.best.as_dict() if self.best else None, "best_met": self.best_met,
                "worst": self.worst.as_dict() if self.worst else None,
                "lowest_own_move": self.lowest_ownership_move, "over_promise": self.over_promise,
                "over_promise_id": self.over_promise_id, "over_promise_text": self.over_promise_text,
                "dated": self.dated,
                "groups": {dim: {name: list(group) for name, group in self.groups[dim].items()}
                           for dim in DIMENSIONS}}

    def decisive(self, dim: str, name: str) -> int:
        """How many replies were decisive on `dim` in group `name`."""
        group = self.groups[dim].get(name)
        return group[0] if group else 0

    def done(self, met: Sequence[str] = ()) -> frozenset:
        """What the call shows the trainee did, in TIP_ASKS's terms."""
        done = {f"need:{need}" for need in met}
        if self.decisive("flexibility", "high"):
            done.add("option")
        if self.decisive("ownership", "high"):
            done.add("commitment")
        if self.dated:
            done.add("time")
        if not self.over_promise:
            done.add("within_authority")
        if not (self.decisive("ownership", "passed_on") or self.decisive("flexibility", "passed_on")):
            done.add("no_passing_on")
        if not (self.decisive("ownership", "rigid") or self.decisive("flexibility", "rigid")):
            done.add("no_rule")
        return frozenset(done)

    def session_score(self, rubric: Rubric | None = None, scenario: Scenario | None = None,
                      met: Sequence[str] = (), pending: Sequence[str] = (),
                      awaiting: Sequence[str] = ()) -> SessionScore:
        """The session score (docs/rubric.md). `scenario`, `met`, `pending` and `awaiting`: the case
        and the ids of the needs met, only floated, and put to someone to approve by the end;
        without a case no need counts."""
        rubric = rubric or default_rubric()
        rules = session_rules(rubric)
        if not self.count:
            tip = rubric.tips["ownership_neutral"]
            return SessionScore(0, 0, 0, tip=tip, tips=(tip,), tip_keys=("ownership_neutral",))
        needs = len(scenario.needs) if scenario is not None else 0
        met = [n for n in met if scenario is not None and any(need.id == n for need in scenario.needs)]
        raw = _raw_scores(self.groups, len(met), needs, self.over_promise, rules)
        ranked = self._tip_candidates(rubric, rules, raw, scenario, met, pending, awaiting)
        chosen = ranked[:rules.max_tips] or [("well_done", rubric.tips["well_done"])]
        return SessionScore(_final(raw["ownership"]), _final(raw["flexibility"]), self.count, self.best,
                            self.worst, tip=chosen[0][1], tips=tuple(text for _, text in chosen),
                            tip_keys=tuple(key for key, _ in chosen))

    def _tip_candidates(self, rubric: Rubric, rules: SessionRules, raw: Mapping[str, float],
                        scenario: Scenario | None, met: Sequence[str],
                        pending: Sequence[str], awaiting: Sequence[str] = ()) -> list[tuple[str, str]]:
        """Every problem the call shows, as (tip key, text), ranked by how much the session score
        would have gained had that moment been a reply scoring `fix_score` (ties: `tip_order`)."""
        tips, fix = rubric.tips, rules.fix_score
        needs = len(scenario.needs) if scenario is not None else 0
        done = self.done(met)
        candidates: list[tuple[float, str, str]] = []

        def consider(key: str, text: str, groups: Groups, met_count: int = len(met),
                     over_promise: bool = self.over_promise) -> None:
            if TIP_ASKS[key] and TIP_ASKS[key] in done:
                return  # never ask for what the call already shows
            after = _raw_scores(groups, met_count, needs, over_promise, rules)
            candidates.append((sum(after[d] - raw[d] for d in DIMENSIONS), key, text))

        def copy_groups() -> Groups:
            return {dim: {name: list(g) for name, g in self.groups[dim].items()} for dim in DIMENSIONS}

        def replaced(name: str, main: str) -> Groups:
            """The group's replies fixed: on `main` they score fix_score, on the other they are neutral."""
            groups = copy_groups()
            for dim in DIMENSIONS:
                group = groups[dim].pop(name, None)
                if group and dim == main:
                    _add_to(groups, dim, "high", fix, count=group[0])
            return groups

        def added(*dims: str) -> Groups:
            groups = copy_groups()
            for dim in dims:
                _add_to(groups, dim, "high", fix)
            return groups

        if scenario is not None:
            for need in scenario.needs:
                if need.id in met:
                    continue
                if need.id in pending:
                    key = "awaiting_need" if need.id in awaiting else "pending_need"
                    consider(key, tips[key].replace("{need}", need.description), added("ownership"), len(met) + 1)
                    continue
                offer = scenario.offer(need.met_by[0])
                text = tips["unmet_need"].replace("{need}", need.description).replace("{offer}", offer.description)
                dims = ("ownership", "flexibility") if offer.counts_as_flexibility else ("ownership",)
                consider("unmet_need", text, added(*dims), len(met) + 1)
        if self.over_promise:
            consider("over_promise", tips["over_promise"].replace("{promise}", self.promised(scenario)),
                     replaced("over", "flexibility"), over_promise=False)
        passed_on = self.groups["ownership"].get("passed_on") or self.groups["flexibility"].get("passed_on")
        if passed_on:
            consider("blame" if passed_on[3] == "blame_customer" else "deflection", "",
                     replaced("passed_on", "ownership"))
        if self.groups["flexibility"].get("rigid") or self.groups["ownership"].get("rigid"):
            consider("rule_first" if "option" in done else "flexibility_low", "", replaced("rigid", "flexibility"))
        if "commitment" not in done:
            consider("ownership_neutral", "", added("ownership"))
        elif "time" not in done:
            consider("no_time", "", added("ownership"))
        if "option" not in done and not self.groups["flexibility"].get("rigid") and not self.over_promise:
            consider("flexibility_neutral", "", added("flexibility"))
        order = {key: index for index, key in enumerate(rules.tip_order)}
        candidates.sort(key=lambda c: (-round(c[0], 6), order.get(c[1], len(order))))
        return [(key, text or tips[key]) for _, key, text in candidates]

    def promised(self, scenario: Scenario | None) -> str:
        """What the first over-promise promised, in the case file's words."""
        if scenario is not None:
            for promise in scenario.over_promises:
                if promise.id == self.over_promise_id:
                    return promise.description
            if self.over_promise_id == "credit_above_limit":
                return f"a credit above the {scenario.max_credit_eur} euro limit"
        return "a promise beyond your authority"


def score_session(replies: Sequence[ReplyScore], rubric: Rubric | None = None,
                  scenario: Scenario | None = None, met: Sequence[str] = (),
                  pending: Sequence[str] = ()) -> SessionScore:
    """The session score of these replies (docs/rubric.md, "The session score").

    Replies the model could not read with confidence (`unsure`) are left out."""
    return SessionTally.of(replies).session_score(rubric, scenario, met, pending)
