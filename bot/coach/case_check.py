"""The case checker: play every scenario file before a trainee does.

`load_scenarios` checks that a file is well formed. This module checks that the case works:
its offers are told apart, every need can be met, its patterns neither match every reply nor
hang on a long one, and three scripted trainees get the outcome a team lead would expect:

- a good trainee, built from the case's own offer examples, resolves the case;
- a stonewalling trainee makes the customer leave within six replies;
- a polite but rigid trainee (sorry, but the rules) does not resolve it.

The scripted trainees are scored by the real rubric and answered by the real persona, with
the move each scripted reply makes given as the NLU's reading: the checker tests the case
file, not the model, so it needs no trained model and runs in seconds.

Plain Python: imports only the coach's own modules (no Rasa, no storage). Every problem names
the file and the field, like the loader's.
"""
from __future__ import annotations

import multiprocessing
import re
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.coach import persona
from bot.coach.roleplay import MAX_REPLY_CHARS
from bot.coach.scenarios import Offer, Pattern, Scenario, ScenarioError, ScenarioLibrary, display_path, load_scenarios
from bot.coach.scoring import ReplyScore, Rubric, default_rubric, score_reply

STONEWALL_LIMIT = 6  # the stonewalled customer leaves within this many replies
RIGID_REPLIES = 10  # the polite but rigid trainee gets this many replies to (not) resolve it
PATTERN_SECONDS = 0.25  # the most one pattern may take on one long reply

# Replies that say nothing about any case: an offer or over-promise pattern that matches one of
# them would fire on ordinary talk.
ORDINARY_REPLIES: tuple[str, ...] = (
    "",
    "Okay.",
    "Hello, how can I help you today?",
    "I understand.",
    "Could you tell me a bit more about that?",
    "Let me have a look.",
    "Thank you for calling, have a nice day.",
)

# The scripted trainees. Each reply carries the move a team lead would name (scoring guide).
STONEWALLING: tuple[tuple[str, str], ...] = (
    ("That's our policy and I can't change it.", "cite_policy"),
    ("No, that's not possible.", "refuse"),
    ("You'll have to call another department for that.", "deflect"),
    ("Rules are rules, I'm afraid.", "cite_policy"),
    ("There's nothing I can do, you should have read the terms.", "blame_customer"),
    ("Like I said, no.", "refuse"),
)
POLITE_RIGID: tuple[tuple[str, str], ...] = (
    ("I'm really sorry to hear that, I understand how frustrating this is.", "empathise"),
    ("I do apologise, but the rules don't allow it.", "cite_policy"),
    ("I understand completely. Unfortunately that's how the procedure works.", "cite_policy"),
    ("I'm sorry, I wish I could help, but it isn't possible.", "refuse"),
)
GOOD_OPENING = ("Good morning, you're speaking with Sam. I'm sorry about all this: tell me what happened.",
                "apologise")
GOOD_COMMITMENT = ("I'll put that in writing for you today, and I'll call you back tomorrow before ten "
                   "to confirm it's done. You have my direct number.", "commit_next_step")
GOOD_CLOSING = ("Thank you for bearing with me. Goodbye.", "close")


@dataclass(frozen=True)
class CheckReport:
    """What the checker found: the cases it played and every problem, 'file: field: message'."""

    checked: tuple[str, ...]
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def check_folder(directory: Path, rubric: Rubric | None = None) -> CheckReport:
    """Load the folder (the loader's problems come first, and stop there) and check each case."""
    try:
        library = load_scenarios(directory)
    except ScenarioError as error:
        return CheckReport((), tuple(error.problems))
    return check_library(library, rubric)


def check_library(library: ScenarioLibrary, rubric: Rubric | None = None) -> CheckReport:
    rubric = rubric or default_rubric()
    problems: list[str] = []
    for scenario in library:
        where = display_path(scenario.source)
        found = [*_offers_told_apart(scenario), *_needs_can_be_met(scenario, rubric),
                 *_patterns_are_specific(scenario), *_patterns_are_fast(scenario), *_play(scenario, rubric)]
        problems.extend(dict.fromkeys(f"{where}: {field}: {message}" for field, message in found))
    return CheckReport(tuple(library.ids()), tuple(problems))


# --- offers and needs -------------------------------------------------------------------------
def _offer_lists(scenario: Scenario) -> Iterator[tuple[str, int, Offer]]:
    for key, offers in (("offers", scenario.offers), ("over_promises", scenario.over_promises)):
        for index, offer in enumerate(offers):
            yield key, index, offer


def _offers_told_apart(scenario: Scenario) -> Iterator[tuple[str, str]]:
    """Each example of an offer matches that offer and no other offer or over-promise.

    (An over-promise's example may also match an offer: "I'll refund all your bills" is a
    credit gone too far, and the scorer lets the over-promise win.)
    """
    everything = list(_offer_lists(scenario))
    for key, index, offer in everything[:len(scenario.offers)]:
        for number, example in enumerate(offer.examples):
            for other_key, other_index, other in everything:
                if other is not offer and other.match(example):
                    yield (f"{key}[{index}].examples[{number}]",
                           f"{example!r} also matches {other_key}[{other_index}] ({other.id}): "
                           "make the patterns of one of them narrower")


def _needs_can_be_met(scenario: Scenario, rubric: Rubric) -> Iterator[tuple[str, str]]:
    """Some offer that meets each need is recognised in its own example, made as a commitment."""
    for index, need in enumerate(scenario.needs):
        if not any(offer_id in score_reply(example, _reading("make_exception"), (), scenario, rubric).offers
                   for offer_id in need.met_by for example in scenario.offer(offer_id).examples):
            yield (f"needs[{index}].met_by",
                   f"no example of {', '.join(need.met_by)} is recognised as that offer when scored "
                   f"(a negation such as \"can't\" or \"won't\" before it withholds it), so "
                   f"{need.id!r} can never be met")


# --- patterns -----------------------------------------------------------------------------
def _patterns(scenario: Scenario) -> Iterator[tuple[str, Pattern]]:
    for key, index, offer in _offer_lists(scenario):
        for number, pattern in enumerate(offer.patterns):
            yield f"{key}[{index}].patterns[{number}]", pattern
    for index, need in enumerate(scenario.needs):
        for number, pattern in enumerate(need.withdrawn_by):
            yield f"needs[{index}].withdrawn_by[{number}]", pattern


def _patterns_are_specific(scenario: Scenario) -> Iterator[tuple[str, str]]:
    for field, pattern in _patterns(scenario):
        hit = next((reply for reply in ORDINARY_REPLIES if pattern.search(reply)), None)
        if hit is not None:
            what = "an empty reply" if not hit else f"the ordinary reply {hit!r}"
            yield field, f"{pattern.source!r} matches {what}, so it matches almost every reply"


def long_inputs(scenario: Scenario) -> tuple[str, ...]:
    """Replies of the longest allowed length that make a badly written pattern backtrack."""
    words = " ".join(e for _, _, o in _offer_lists(scenario) for e in o.examples) or "word"
    return tuple((seed * (MAX_REPLY_CHARS // len(seed) + 1))[:MAX_REPLY_CHARS]
                 for seed in ("a", " ", "1", "ab ", words + " "))


def _time_patterns(sources: Sequence[str], inputs: Sequence[str], connection) -> None:
    """In a child process: report 'start' and then the seconds taken, pattern by pattern."""
    for number, source in enumerate(sources):
        connection.send(("start", number))
        regex = re.compile(source, re.IGNORECASE)
        began = time.perf_counter()
        for text in inputs:
            regex.search(text)
        connection.send(("done", time.perf_counter() - began))
    connection.close()


def _patterns_are_fast(scenario: Scenario) -> Iterator[tuple[str, str]]:
    """No pattern takes longer than PATTERN_SECONDS on the long replies.

    Python's re cannot be interrupted, so the patterns run in a child process that is killed
    when one takes too long (catastrophic backtracking would otherwise hang the checker too).
    """
    fields = [(field, pattern.source) for field, pattern in _patterns(scenario)]
    inputs = long_inputs(scenario)
    start = 0
    context = multiprocessing.get_context("fork")
    while start < len(fields):
        parent, child = context.Pipe(duplex=False)
        worker = context.Process(target=_time_patterns, args=([s for _, s in fields[start:]], inputs, child),
                                 daemon=True)
        worker.start()
        child.close()
        current: int | None = None
        try:
            while True:
                if not parent.poll(PATTERN_SECONDS * 4 if current is not None else 10):
                    break  # the pattern being timed hangs
                kind, value = parent.recv()
                if kind == "start":
                    current = start + value
                elif current is not None:
                    if value > PATTERN_SECONDS:
                        yield fields[current][0], _too_slow(fields[current][1], f"took {value:.2f} s")
                    current = None
        except EOFError:
            current = None  # the worker finished every pattern
        finally:
            worker.kill()
            worker.join()
            parent.close()
        if current is None:
            return
        yield fields[current][0], _too_slow(fields[current][1], f"did not finish in {PATTERN_SECONDS * 4:.0f} s")
        start = current + 1


def _too_slow(source: str, what: str) -> str:
    return (f"{source!r} {what} on a {MAX_REPLY_CHARS}-character reply (limit {PATTERN_SECONDS} s): "
            "avoid nested repeats such as (a+)+ or (.*)*")


# --- the scripted trainees -------------------------------------------------------------------
def _reading(move: str) -> list[dict[str, object]]:
    return [{"name": move, "confidence": 0.9}]


def good_script(scenario: Scenario) -> list[tuple[str, str]]:
    """A greeting, then per need the first example of an offer that meets it, made as a
    commitment, each followed by a dated commitment (a floated offer waits for one); then the
    goodbye (once everything is met the customer leaves the close to the agent)."""
    script = [GOOD_OPENING]
    for need in scenario.needs:
        offer = scenario.offer(need.met_by[0])
        move = "make_exception" if offer.counts_as_flexibility else "commit_next_step"
        script += [(offer.examples[0], move), GOOD_COMMITMENT]
    return script + [GOOD_CLOSING]


def play(scenario: Scenario, script: Sequence[tuple[str, str]], rubric: Rubric | None = None
         ) -> tuple[str | None, int, list[ReplyScore]]:
    """Play a script: (outcome, or None if the call is still on; replies used; their scores)."""
    rubric = rubric or default_rubric()
    state = persona.new_state(scenario, persona.session_seed(f"check:{scenario.id}"))
    persona.opening(state, scenario)
    scores: list[ReplyScore] = []
    for text, move in script:
        scores.append(score_reply(text, _reading(move), (), scenario, rubric))
        reaction = persona.react(state, scenario, scores[-1])
        if reaction.outcome:
            return reaction.outcome, len(scores), scores
    return None, len(scores), scores


def _misread_offers(scenario: Scenario, scores: Sequence[ReplyScore], trainee: str) -> Iterator[tuple[str, str]]:
    """A refusal or an apology that the scorer reads as one of the case's offers."""
    for score in scores:
        for offer_id in score.offers:
            index = next(i for i, o in enumerate(scenario.offers) if o.id == offer_id)
            number = next(n for n, p in enumerate(scenario.offers[index].patterns) if p.search(score.text))
            yield (f"offers[{index}].patterns[{number}]",
                   f"{scenario.offers[index].patterns[number].source!r} reads the {trainee} reply "
                   f"{score.text!r} as the offer {offer_id!r}")


def _play(scenario: Scenario, rubric: Rubric) -> Iterator[tuple[str, str]]:
    outcome, used, _ = play(scenario, good_script(scenario), rubric)
    if outcome != "resolved":
        yield ("needs", f"a good trainee who makes the first offer for every need (from its examples) "
               f"and commits to a date did not resolve the case: it ended {outcome or 'still open'} "
               f"after {used} replies")
    outcome, used, scores = play(scenario, STONEWALLING[:STONEWALL_LIMIT], rubric)
    yield from _misread_offers(scenario, scores, "stonewalling")
    if outcome != "churned":
        yield ("offers", f"a stonewalling trainee (the policy, no, another department) did not make the "
               f"customer leave within {STONEWALL_LIMIT} replies: the call ended {outcome or 'still open'}")
    rigid = [POLITE_RIGID[i % len(POLITE_RIGID)] for i in range(RIGID_REPLIES)]
    outcome, used, scores = play(scenario, rigid, rubric)
    yield from _misread_offers(scenario, scores, "polite but rigid")
    if outcome == "resolved":
        yield ("offers", f"a polite but rigid trainee (sorry, but the rules) resolved the case in {used} replies")


def format_report(report: CheckReport) -> str:
    if report.ok:
        return (f"{len(report.checked)} scenarios checked and played: {', '.join(report.checked)}. "
                "A good trainee resolves each, a stonewalling one loses the customer, a polite but "
                "rigid one does not resolve it.")
    return "\n".join([f"{len(report.problems)} problem(s):", *report.problems])
