"""The scorecard judges the whole call as a team lead would, in every case file.

Calls are played with persona.react and score_reply, the move given as a sure NLU reading (as
tests/test_persona.py does), so no trained model is needed; the scorecard is persona.scorecard.
"""
from __future__ import annotations

import pytest

from bot.coach import persona
from bot.coach.scoring import TIP_ASKS, band, score_reply
from tests.conftest import SCENARIOS_DIR
from tests.test_scoring import SURE

CASES = sorted(path.stem for path in SCENARIOS_DIR.glob("*.yml"))
MOVES = dict(SURE, greet=[{"name": "greet", "confidence": 0.95}],
             apologise=[{"name": "apologise", "confidence": 0.95}],
             refuse=[{"name": "refuse", "confidence": 0.95}])

OPENERS = [("Good afternoon, you're speaking with Sam from customer service.", "greet"),
           ("Could you tell me what happened, from the start?", "ask"),
           ("I'm sorry you've had to call about this again.", "apologise"),
           ("When did this start?", "ask")]
RIGID = [("Rules are rules, I'm afraid.", "cite_policy"),
         ("That's the procedure, there is nothing I can do.", "cite_policy"),
         ("You'll have to call back in three weeks.", "deflect"),
         ("Another department handles that.", "deflect"),
         ("Procedures are procedures.", "cite_policy")]
POLITE_RIGID = [("I'm really sorry to hear that.", "empathise"),
                ("I understand, but I'm afraid that's the procedure.", "cite_policy"),
                ("I'm sorry, the terms don't allow that.", "cite_policy"),
                ("I do apologise, it's not possible.", "refuse"),
                ("I completely understand, but those are the rules.", "cite_policy"),
                ("I'm sorry, the policy says no.", "cite_policy")]
# The categories of TIP_ASKS a move does when it is a reply's best.
MOVE_DOES = {"offer_alternative": "option", "make_exception": "option", "take_ownership": "commitment",
             "commit_next_step": "commitment", "escalate_for_customer": "commitment"}


def good(scenario):
    """Each need met within authority by its first offer, committed to with a date."""
    return [(f"{scenario.offer(need.met_by[0]).examples[0]} I'll do it today and confirm it to you.", "commit")
            for need in scenario.needs]


def play(scenario, script, seed=1):
    state = persona.new_state(scenario, seed)
    persona.opening(state, scenario)
    scores = []
    for text, move in script:
        scores.append(score_reply(text, MOVES[move], [], scenario))
        if persona.react(state, scenario, scores[-1]).outcome:
            break
    else:
        persona.end_by_trainee(state, scenario)
    return persona.scorecard(state, scenario), scores, state


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("openers", [0, 2, 4])
def test_a_call_that_meets_every_need_within_authority_is_high_on_both(library, case, openers):
    scenario = library.get(case)
    for seed in (1, 2, 3):
        card, scores, _ = play(scenario, OPENERS[:openers] + good(scenario), seed)
        assert card["outcome"] == "resolved", (card, [(s.text, s.ownership, s.flexibility) for s in scores])
        assert card["ownership"] >= 60 and card["flexibility"] >= 60, card
        assert not card["over_promise"] and card["tip"] == card["tips"][0]
    # The openers change nothing: only the decisive replies count.
    assert (card["ownership"], card["flexibility"]) == (lambda c: (c["ownership"], c["flexibility"]))(
        play(scenario, good(scenario))[0])


@pytest.mark.parametrize("case", CASES)
def test_a_rigid_call_is_low_on_both(library, case):
    card, _, _ = play(library.get(case), RIGID)
    assert card["outcome"] == "churned"
    assert band(card["ownership"]) == "low" and band(card["flexibility"]) == "low", card


@pytest.mark.parametrize("case", CASES)
def test_a_polite_but_rigid_call_is_low_on_flexibility(library, case):
    card, _, _ = play(library.get(case), POLITE_RIGID)
    assert card["outcome"] != "resolved" and band(card["flexibility"]) == "low", card
    assert band(card["ownership"]) != "high", card


@pytest.mark.parametrize("case", CASES)
def test_an_over_promising_call_is_flagged_and_not_flexible(library, case):
    scenario = library.get(case)
    for promise in scenario.over_promises:
        card, scores, _ = play(scenario, [(promise.examples[0], "exception")] + good(scenario))
        assert scores[0].over_promise and card["over_promise"] is True, promise.id
        assert band(card["flexibility"]) != "high", card
        assert card["tips"][0].startswith("Stay within your authority"), card["tips"]


def calls(scenario):
    """Calls of every kind: good, good without a date, half done, floated, rigid, mixed."""
    first, rest = good(scenario)[0], good(scenario)[1:]
    undated = [(scenario.offer(need.met_by[0]).examples[0].split(",")[0].rstrip(".") + ".", "commit")
               for need in scenario.needs]
    floated = [(scenario.offer(need.met_by[0]).examples[-1], "offer") for need in scenario.needs]
    yield OPENERS[:2] + good(scenario)
    yield undated
    yield OPENERS[:3] + [first]
    yield floated
    yield [RIGID[0], first] + rest
    yield [RIGID[2]] + good(scenario)
    yield POLITE_RIGID[:3] + [first]
    yield [(scenario.over_promises[-1].examples[0], "exception"), first]
    yield RIGID
    yield POLITE_RIGID
    yield [("I'll take care of it, leave it with me.", "ownership"), ("Someone will look into it.", "ownership")]


@pytest.mark.parametrize("case", CASES)
def test_no_tip_repeats_the_best_replys_move_or_asks_for_what_was_done(library, case):
    scenario = library.get(case)
    for script in calls(scenario):
        card, scores, state = play(scenario, script)
        counted = [s for s in scores if not s.unsure]
        best = max(counted, key=lambda s: s.ownership + s.flexibility)
        done = {f"need:{need}" for need in state.met}
        if any(s.flexibility >= 60 and not s.over_promise for s in counted):
            done.add("option")
        if any(s.ownership >= 60 for s in counted):
            done.add("commitment")
        if any(s.ownership >= 60 and any(c.kind == "time" for c in s.cues) for s in counted):
            done.add("time")
        does = MOVE_DOES.get(best.move)  # the best reply's move, when it did what the move says
        if does == "option" and best.flexibility >= 60 and not best.over_promise or \
                does == "commitment" and best.ownership >= 60:
            done.add(does)
        assert 1 <= len(card["tips"]) <= 3 and card["tip"] == card["tips"][0]
        texts = " ".join(card["tips"])
        if "option" in done:
            assert "Add an option" not in texts and "Look for what you are allowed to give" not in texts, card
        if "commitment" in done:
            assert "Commit to a next step of your own" not in texts, card
        if "time" in done:
            assert "Put a time on your commitment" not in texts, card
        for need in scenario.needs:
            if need.id in state.met:
                assert need.description not in texts, (need.id, card["tips"])
        # Every tip is one of the rubric's, and none asks for a category the call shows.
        keys = _keys(card["tips"], scenario)
        assert not {TIP_ASKS[k] for k in keys} & done, (script, keys, done)


def _keys(tips, scenario):
    """The rubric keys of the scorecard's tips (the texts with the case's words filled in)."""
    from bot.coach.scoring import default_rubric

    keys = []
    for tip in tips:
        for key, text in default_rubric().tips.items():
            head = text.split("{")[0]
            if tip.startswith(head) and (("{" in text) or tip == text):
                keys.append(key)
                break
        else:
            raise AssertionError(f"not a rubric tip: {tip!r}")
    return keys
