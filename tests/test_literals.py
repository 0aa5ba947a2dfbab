"""The cue prefilter: what a pattern's matches must contain, and the same matches as the alternation."""
import re

import pytest

from bot.coach.literals import Prefiltered, required
from bot.coach.scoring import default_rubric, normalise
from tests.labelled import load_dev


@pytest.mark.parametrize("pattern, strings", [
    (r"\bi'?ll call\b", {"i'll call", "ill call"}),
    # The rarest words win: every match ends in one of them.
    (r"\b(the )?([\w-]+ )?(cancellation|letter|decision) (still )?(stands|stays)\b", {"stands", "stays"}),
    (r"(?<!\bbe )\b(?:Booked|credited)\b", {"booked", "credited"}),  # lowered; look-behinds left out
    (r"\d+ (euros?|eur)", {" eur"}),  # "eur" is in "euros": the shorter is tested
    (r"(sorry|apolog(y|ise|ize))+ for", {" for"}),
    (r"\b\w+ing\b", {"ing"}),
    # Nothing worth testing: every pattern runs.
    (r"a|b", set()),
    (r"\b\w+\b", set()),
    (r"(x)?", set()),  # matches the empty string
    (r"(?:caf\u00e9|tea) now", {" now"}),  # a letter outside ASCII is not one to test
])
def test_required_strings(pattern, strings):
    assert required(pattern) == strings


def _found(matches):
    return [(m.start(), m.end(), m.group(0)) for m in matches]


def _texts():
    rubric = default_rubric()
    # Every tenth dev reply (all of them take a minute; the change was checked on all, see
    # bot/coach/literals.py) and every rubric example.
    texts = [normalise(r.text) for r in load_dev()[::10]] + [normalise(p.example) for c in rubric.cues for p in c.patterns]
    # Outside ASCII (re.I folds "\u017f" to "s", lowering does not) and in capitals.
    return texts + ["I'll \u017fort it today", "POLICY SAYS NO, SORRY", "Policy \u2019 says no \u20ac50"]


def test_each_cue_finds_what_its_whole_alternation_finds():
    """Dev replies and every rubric example, each cue: the same matches, in the same order,
    as the alternation run whole (also from an offset to an end, as the restriction check runs it)."""
    rubric = default_rubric()
    for text in _texts():
        for cue in rubric.cues:
            assert _found(cue.finditer(text)) == _found(cue.regex.finditer(text)), (cue.kind, text)
            middle = len(text) // 3
            assert (_found(cue.finditer(text, middle, len(text) - 2))
                    == _found(cue.regex.finditer(text, middle, len(text) - 2))), (cue.kind, text)
            found = cue.search(text)
            expected = cue.regex.search(text)
            assert (found and found.span()) == (expected and expected.span()), (cue.kind, text)


# Each row leaves one pattern out at least ("never"), so the merge runs, not the alternation.
CALLS = (r"\bcall them\b", r"\bcall you today\b", r"\bcall you\b", r"\bnever\b")


@pytest.mark.parametrize("patterns, text, expected", [
    # Two patterns match at the same place: the earlier pattern's match, as in the alternation.
    (CALLS, "we will call you today", [(8, 22, "call you today")]),
    # Matches of different patterns, left to right, each search going on from the last end.
    (CALLS, "call you today, then call them", [(0, 14, "call you today"), (21, 30, "call them")]),
    (CALLS, "nothing here", []),
    # A match that starts inside the last one is not the next: "bc" overlaps "ab".
    ((r"ab", r"bc", r"never"), "abc, abc", [(0, 2, "ab"), (5, 7, "ab")]),
])
def test_the_merge_keeps_the_alternations_order(patterns, text, expected):
    compiled = [re.compile(p, re.I) for p in patterns]
    alternation = re.compile("|".join(f"(?:{p})" for p in patterns), re.I)
    matcher = Prefiltered.build(alternation, compiled)
    assert all(matcher.needs)
    assert _found(matcher.finditer(text)) == expected == _found(alternation.finditer(text))


def test_a_pattern_that_can_match_anywhere_runs_the_whole_alternation():
    patterns = [re.compile(r"\bcall\b", re.I), re.compile(r"\w+", re.I)]
    alternation = re.compile(r"(?:\bcall\b)|(?:\w+)", re.I)
    assert Prefiltered.build(alternation, patterns).needs == ()


def test_strings_a_later_matcher_needs_are_tested_in_a_text_already_seen():
    """The strings found in a text are kept for the next cue; a matcher built after (a scenario
    loaded later) must not be told its strings are absent from a text seen before it existed."""
    text = "the zebracorn will ring you on quokkaday"
    first = [re.compile(r"\bzebracorn\b", re.I)]
    first_matcher = Prefiltered.build(re.compile(r"(?:\bzebracorn\b)", re.I), first)
    assert _found(first_matcher.finditer(text)) == [(4, 13, "zebracorn")]
    later = [re.compile(r"\bquokkaday\b", re.I), re.compile(r"\bnarwhalish\b", re.I)]
    later_matcher = Prefiltered.build(re.compile(r"(?:\bquokkaday\b)|(?:\bnarwhalish\b)", re.I), later)
    assert _found(later_matcher.finditer(text)) == [(31, 40, "quokkaday")]
