"""The customer: state transitions, needs, lines that never repeat, outcomes, scorecard."""
from __future__ import annotations

import dataclasses
import re

import pytest

from bot.coach import persona
from bot.coach.scenarios import MOODS
from bot.coach.scoring import ReplyScore, _best_key, band, score_reply
from bot.coach.state import MOOD_SCALE, CustomerState
from tests.conftest import SHIPPED_CASES as SCENARIOS
from tests.test_scoring import SURE, ranking

STONEWALL = [
    ("Rules are rules, I'm afraid.", "cite_policy"),
    ("That's the procedure, there is nothing I can do.", "cite_policy"),
    ("You'll have to call back in three weeks.", "deflect"),
    ("You're seeing it the wrong way, sir.", "cite_policy"),
    ("Another department handles that.", "deflect"),
    ("Procedures are procedures.", "cite_policy"),
]
POLITE = [
    ("I'm really sorry to hear that.", "empathise"),
    ("I understand how annoying that must be.", "empathise"),
    ("My apologies for the trouble.", "empathise"),
    ("That sounds really frustrating.", "empathise"),
    ("I hear you, and I'm sorry.", "empathise"),
    ("I completely understand.", "empathise"),
    ("I'm sorry about all of this.", "empathise"),
]


def start(library, scenario_id, seed=1):
    scenario = library.get(scenario_id)
    state = persona.new_state(scenario, seed)
    return scenario, state, persona.opening(state, scenario)


def say(state, scenario, text, move):
    return persona.react(state, scenario, score_reply(text, SURE[move], [], scenario))


def owning_replies(scenario):
    """For each need, a committed reply using the first example of its first offer."""
    return [f"{scenario.offer(need.met_by[0]).examples[0]} I'll do it today and confirm it to you."
            for need in scenario.needs]


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_stonewalling_trainee_loses_the_customer(library, scenario_id):
    scenario, state, _ = start(library, scenario_id)
    for number, (text, move) in enumerate(STONEWALL, start=1):  # noqa: B007 - read after the loop
        reaction = say(state, scenario, text, move)
        if reaction.outcome:
            break
    assert reaction.outcome == "churned" and number <= 4
    assert reaction.text in scenario.goodbye_lines["churned"]


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_polite_trainee_who_never_commits_is_warned_then_churns_within_seven(library, scenario_id):
    """The sixth stalling reply would use up the customer's patience: they threaten once instead
    (QA round 13: 9 calls ended without a warning), and the seventh loses them."""
    scenario, state, _ = start(library, scenario_id)
    reactions = [say(state, scenario, text, move) for text, move in POLITE[:7]]
    assert [r.outcome for r in reactions] == [None] * 6 + ["churned"], reactions
    assert any(line in reactions[5].text for line in scenario.lines["test"]), reactions[5]


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_a_trainee_who_only_asks_questions_is_warned_then_loses_the_customer(library, scenario_id):
    """The warning waits while the customer answers questions, but not for ever."""
    scenario, state, _ = start(library, scenario_id)
    questions = [f"Could you tell me about the {fact.keywords[0]}?" for fact in scenario.facts] * 3
    reactions = []
    for question in questions[:14]:
        reactions.append(say(state, scenario, question, "ask"))
        if reactions[-1].outcome:
            break
    assert reactions[-1].outcome == "churned" and len(reactions) <= 13, [(r.kind, r.text) for r in reactions]
    assert any(line in reactions[-2].text for line in scenario.lines["test"]), reactions[-2]


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_a_greeting_and_identity_questions_do_not_use_up_the_patience_for_an_offer(library, scenario_id):
    """QA round 16: a greeting, sympathy, three identity questions and more sympathy, and the
    customer hung up on "Let me take this on personally." before the offer came."""
    scenario, state, _ = start(library, scenario_id)
    opening = [("Good afternoon, Jan speaking.", "greet"), ("I'm sorry to hear that.", "empathise"),
               ("Can I have your customer number?", "ask"), ("Can I have your date of birth?", "ask"),
               ("And your postcode?", "ask"), ("I completely understand your frustration.", "empathise"),
               ("Let me take this on personally.", "ownership")]
    reactions = [say(state, scenario, text, move) for text, move in opening]
    assert all(r.outcome is None for r in reactions), [(r.kind, r.text) for r in reactions]
    assert not any(line in r.text for r in reactions for line in scenario.lines["test"]), reactions


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_the_scorecard_of_a_call_not_resolved_says_what_was_still_open(library, scenario_id):
    """QA round 13: a churned call with high scores said nothing of why the customer left."""
    scenario, state, _ = start(library, scenario_id)
    for text, move in POLITE:
        if say(state, scenario, text, move).outcome:
            break
    card = persona.scorecard(state, scenario)
    assert card["outcome"] == "churned" and card["still_open"] == [n.description for n in scenario.needs]
    assert "Still open when the call ended: " + "; ".join(card["still_open"]) in persona.scorecard_text(card, scenario)
    assert "your weakest reply counts 3 times" in card["counted"]


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_the_warning_is_given_once_and_an_owning_reply_turns_it_round(library, scenario_id):
    scenario, state, _ = start(library, scenario_id)
    for text, move in POLITE[:6]:
        say(state, scenario, text, move)
    assert state.test_used and state.patience == 1
    assert say(state, scenario, "This is mine now. I'll chase it myself and ring you tomorrow at ten.",
               "ownership").outcome is None
    assert say(state, scenario, "Rules are rules, I'm afraid.", "cite_policy").outcome == "churned"


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_owning_flexible_trainee_resolves_and_closes_the_call(library, scenario_id):
    """Every need met, the customer asks whether that is everything and leaves the goodbye to the
    trainee (QA round 7: 16 of 18 resolved calls ended before the agent could close)."""
    scenario, state, _ = start(library, scenario_id)
    reactions = [say(state, scenario, text, "commit") for text in owning_replies(scenario)]
    assert reactions[-1].kind == "anything_else" and reactions[-1].outcome is None, [(r.kind, r.text) for r in reactions]
    assert reactions[-1].text in scenario.lines["anything_else"] or reactions[-1].text.endswith(
        tuple(scenario.lines["anything_else"])), reactions[-1]
    assert reactions[0].kind == "accept"
    assert reactions[-1].mood == persona.SATISFIED
    goodbye = say(state, scenario, "You'll have it all in writing today. Thanks for your patience, goodbye.", "close")
    assert goodbye.outcome == "resolved" and goodbye.mood == persona.SATISFIED
    assert goodbye.text in scenario.goodbye_lines["resolved"], goodbye
    assert state.turn == len(reactions) + 1


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_each_need_recognised_by_each_of_its_offers(library, scenario_id):
    scenario = library.get(scenario_id)
    for need in scenario.needs:
        for offer_id in need.met_by:
            for example in scenario.offer(offer_id).examples:
                score = score_reply(example, SURE["offer"], [], scenario)
                assert offer_id in score.offers, (offer_id, example)
                assert not score.over_promise, (offer_id, example)


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_floated_offer_waits_for_a_commitment(library, scenario_id):
    scenario, state, _ = start(library, scenario_id)
    need = scenario.needs[0]
    floated = ReplyScore(text="Maybe we could look at that option?", ownership=52, flexibility=70, cues=(),
                         reason="r", over_promise=False, move="offer_alternative", offers=(need.met_by[0],))
    reaction = persona.react(state, scenario, floated)
    assert reaction.kind == "vague_promise" and need.id in state.pending and need.id not in state.met
    say(state, scenario, "Yes. I'll arrange that for you today and email the confirmation.", "commit")
    assert need.id in state.met


@pytest.mark.parametrize("scenario_id, wrong, right", [
    # Play-through 66: 0 of 4 misspelt addresses noticed, and the card quoted them as agreed.
    ("denied-iphone", "Done, I've changed it to bas@hoekstra-advice.nl and reset your login, try it now.",
     "Sorry, my typo: it's bas@hoekstra-advies.nl now, exactly as you spelled it."),
    ("denied-iphone", "I've now saved b.hoekstra@gmail.com on your account and your login works again.",
     "My mistake. bas@hoekstra-advies.nl it is, saved."),
    ("move-and-upgrade", "One order for the move and the TV, and the confirmation goes to jasper.kuiper@ziggo-mail.nl today.",
     "Sorry, jasper.kuipers@ziggo-mail.nl, with the s. Both parts in one confirmation, today."),
])
def test_an_email_address_typed_wrong_is_noticed_and_meets_nothing_until_put_right(library, scenario_id, wrong, right):
    scenario, state, _ = start(library, scenario_id)
    met_before = list(state.met)
    reaction = say(state, scenario, wrong, "commit")
    assert reaction.kind == "wrong_email", reaction
    assert scenario.customer_email in reaction.text and wrong.split("@")[1].split()[0].rstrip(".,")[:8] in reaction.text
    assert state.met == met_before and not state.pending
    assert state.misspelt, state
    best = persona.scorecard(state, scenario)["best"]
    assert best is None or best["text"] != wrong
    reaction = say(state, scenario, right, "commit")
    assert reaction.kind != "wrong_email" and set(state.met) > set(met_before), (reaction, state.met)
    assert not state.misspelt


def test_a_credit_said_without_its_unit_is_the_goodwill_credit(library):
    """Play-through 67: after "I've credited you 150" the customer still said he had had a form letter (3 of 3)."""
    scenario, state, _ = start(library, "unpaid-outage")
    say(state, scenario, "I've credited you 150 for the outage.", "exception")
    assert any("goodwill_credit" in scenario.need(n).met_by for n in state.met), state.met


@pytest.mark.parametrize("scenario_id, priced, free", [
    # Play-through 67: 9 of 10 such offers accepted, and the card listed the need as agreed.
    ("friday-data-line", "I can send a 4G router tonight, as long as you take out a 24-month mobile data subscription "
     "with it.", "Forget the subscription: the 4G router goes out by courier tonight, free, no strings."),
    ("move-and-upgrade", "I'll put the move and the TV upgrade in one order, as long as you extend your contract by a "
     "year.", "No strings: I'm putting the move and the TV upgrade in one order now."),
])
def test_a_gesture_the_customer_pays_for_is_turned_down_and_the_need_stays_open(library, scenario_id, priced, free):
    scenario, state, _ = start(library, scenario_id)
    reaction = say(state, scenario, priced, "offer")
    assert reaction.kind == "costly" and not state.met, (reaction, state.met)
    assert reaction.text in [persona.one_ask(line) for line in scenario.lines["costly"]]
    say(state, scenario, free, "commit")
    assert state.met, state


def test_a_fair_condition_or_another_need_met_beside_a_priced_gesture_still_counts(library):
    scenario, state, _ = start(library, "friday-data-line")
    say(state, scenario, "Courier today, by nine, free, as long as someone's there to sign for it.", "offer")
    assert "office_online" in state.met
    scenario, state, _ = start(library, "friday-data-line")
    say(state, scenario, "I'm calling the data division myself right now and I'll ring you at 8 tonight. A 4G router I "
                         "can send as long as you take out a 24-month data subscription.", "commit")
    assert "someone_on_it" in state.met and "office_online" not in state.met, state.met


@pytest.mark.parametrize("scenario_id, text", [
    # Play-through 67: each ended the call resolved once every need was met (3 of 3).
    ("friday-data-line", "I'm not going to end the call before you've got my direct number: 020 555 0142."),
    ("move-and-upgrade", "I'll close this case myself once the technician has been, not before."),
    ("denied-iphone", "I won't end the call until you've checked the login works."),
])
def test_saying_the_call_will_not_end_yet_does_not_end_it(library, scenario_id, text):
    scenario, state = all_met(library, scenario_id)
    reaction = say(state, scenario, text, "commit")
    assert reaction.outcome is None, reaction


def test_the_address_put_right_in_few_words_keeps_what_the_reply_booked(library):
    """Play-through 67 (q67-048): "Apologies, .nl, fixed." did not put it right, and the on-call
    technician booked beside the wrong address was lost."""
    scenario, state, _ = start(library, "friday-data-line")
    say(state, scenario, "I'm booking the on-call technician as an exception for tomorrow morning, and I'll send the "
                         "booking to karin@dekkerbureau.com.", "exception")
    assert "office_online" not in state.met and state.misspelt
    reaction = say(state, scenario, "Apologies, .nl, fixed.", "commit")
    assert "office_online" in state.met and not state.misspelt, (reaction, state.met)


def test_a_wrong_address_after_the_right_one_opens_the_need_again(library):
    """Play-through 67: the customer said it was wrong, and the call still closed resolved (3 of 3)."""
    scenario, state, _ = start(library, "denied-iphone")
    say(state, scenario, "I've changed it to bas@hoekstra-advies.nl and reset your login, try it now.", "commit")
    assert "account_fixed" in state.met
    reaction = say(state, scenario, "So your email on the account is now bas@hoekstra-advise.nl, all set.", "commit")
    assert reaction.kind == "wrong_email" and "account_fixed" not in state.met, (reaction, state.met)
    say(state, scenario, "Sorry, my typo: bas@hoekstra-advies.nl, as you said.", "commit")
    assert "account_fixed" in state.met


@pytest.mark.parametrize("scenario_id, text", [
    # Guards: the customer's own address; the agent's own address to write to.
    ("denied-iphone", "I've changed it to bas@hoekstra-advies.nl and reset your login, try it now."),
    ("nine-weeks", "If anything goes wrong, email me directly at ilse.devries@provider.nl and I'll pick it up."),
    ("friday-data-line", "You can reach me at m.jansen@provider.nl tonight; I'm ringing the data division now."),
    # Play-through 67: another address altogether is no misspelling of his (3 of 3 read as one).
    ("denied-iphone", "I'm resetting your login now; send a screenshot of the error to helpdesk@provider.nl if it fails."),
])
def test_the_customers_own_address_or_the_agents_is_no_misspelling(library, scenario_id, text):
    scenario, state, _ = start(library, scenario_id)
    reaction = say(state, scenario, text, "commit")
    assert reaction.kind != "wrong_email" and not state.misspelt, reaction


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_a_need_still_open_is_said_in_the_customers_words(library, scenario_id):
    """After the first need is met, the customer raises the second in its own words (the case
    file's still_open), not by reading out its description, which names the answer."""
    scenario, state, _ = start(library, scenario_id)
    first, second = scenario.needs[0], scenario.needs[1]
    assert second.still_open, f"{scenario_id}: give needs[1] still_open lines"
    reaction = say(state, scenario, owning_replies(scenario)[0], "commit")
    assert first.id in state.met and reaction.kind == "accept"
    assert any(line in reaction.text for line in second.still_open), reaction.text
    assert second.description not in reaction.text


@pytest.mark.parametrize("question", ["Which would you prefer?", "Would you like that?", "Shall I set that up?",
                                      "How about that one?", "Does that work for you?", "Would that one suit you?",
                                      "Would that help? I can have it done tonight.",
                                      "He can be there between 8 and 10."])  # floated with its time
@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_an_option_put_to_the_customer_is_taken_and_waits_for_a_commitment(library, scenario_id, question):
    scenario, state, _ = start(library, scenario_id)
    need = scenario.needs[0]
    offer = scenario.offer(need.met_by[0])
    put = ReplyScore(text=f"I can't do the first thing, but there is this option. {question}", ownership=52,
                     flexibility=70, cues=(), reason="r", over_promise=False, move="offer_alternative",
                     offers=(offer.id,))
    reaction = persona.react(state, scenario, put)
    assert reaction.kind == "choice" and reaction.text == persona.one_ask(reaction.text)
    assert any(reaction.text in (line, persona.one_ask(line)) for line in offer.accept), reaction.text
    assert need.id in state.pending and need.id not in state.met  # taken, not yet done
    say(state, scenario, "Good. I'll arrange that for you today and email the confirmation.", "commit")
    assert need.id in state.met


@pytest.mark.parametrize("scenario_id, question, move", [
    ("move-and-upgrade", "Would you like the technician in the morning or the afternoon on moving day?", "offer"),
    ("nine-weeks", "Would an internet stick or a 4G router work better for you for the weeks without a line?", "offer"),
    ("denied-iphone", "Shall I do the email first, or the phone first?", "ask"),
])
def test_a_choice_within_one_offer_is_answered_with_a_pick(library, scenario_id, question, move):
    """QA round 17: 10 of 12 either/or offers went unanswered as a choice ("morning or afternoon?"
    got "Send me the appointment in writing"; "email first, or the phone first?" got "Come again?")."""
    scenario, state, _ = start(library, scenario_id)
    reaction = say(state, scenario, question, move)
    assert reaction.kind in {"choice", "picked"}, reaction
    assert reaction.text.startswith(scenario.lines["picked"]), reaction


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_of_two_options_put_the_one_for_a_need_still_open_is_taken(library, scenario_id):
    scenario, state, _ = start(library, scenario_id)
    first, second = scenario.needs[0], scenario.needs[1]
    state.met.append(first.id)
    both = ReplyScore(text="I can do either of these. Which would you prefer?", ownership=52, flexibility=70, cues=(),
                      reason="r", over_promise=False, move="offer_alternative",
                      offers=(first.met_by[0], second.met_by[0]))
    reaction = persona.react(state, scenario, both)
    taken = scenario.offer(second.met_by[0]).accept
    assert reaction.kind == "choice" and any(reaction.text in (line, persona.one_ask(line)) for line in taken), reaction


@pytest.mark.parametrize("question", ["The morning of the 14th, between 8 and 12. Shall I book it?",
                                      "Want me to put that through?", "Shall I?"])
@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_the_agent_asking_leave_to_act_gets_a_yes_and_the_floated_offer_waits(library, scenario_id, question):
    scenario, state, _ = start(library, scenario_id)
    need = scenario.needs[0]
    state.pending.append(need.id)  # an offer for it was floated earlier
    state.stalls = 5  # the yes comes alone, no frustration beside it
    score = score_reply(question, SURE["offer"], [], scenario)
    assert not score.unsure and any(cue.kind == "go_ahead" for cue in score.cues), score
    reaction = persona.react(state, scenario, score)
    assert reaction.kind == "go_ahead" and reaction.outcome is None
    assert any(reaction.text in (line, persona.one_ask(line)) for line in scenario.lines["go_ahead"]), reaction.text
    assert need.id in state.pending and need.id not in state.met  # met once the agent commits


@pytest.mark.parametrize("text, move, kind", [
    ("hang on", "commit", "on_hold"),
    ("one sec please", "deflect", "on_hold"),
    ("Can I put you on hold for a minute while I pull up your account?", "offer", "on_hold"),
    ("ok let me check", "commit", "on_hold"),
    # Play-through 37: what is looked at named at more length (5 of 5 not scored, "Come again?").
    ("Let me check the list of couriers.", "commit", "on_hold"),
    ("Let me look at the options for tonight.", "ownership", "on_hold"),
    ("Let me list the options I have for you.", "ownership", "on_hold"),
    ("hmm, let me think about the options", "ask", "on_hold"),
    ("Fine. So that's the whole story, is that right?", "explain", "confirmed"),
    # QA round 5: a choice between options that are not the case's offers is made.
    ("Morning or afternoon, which do you prefer?", "ask", "picked"),
    ("Does Wednesday or Thursday suit you better?", "ask", "picked"),
    # QA round 6: chosen before any fact the words name ("morning" answered with the moving date).
    ("Would you prefer morning or afternoon?", "ask", "picked"),
])
@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_the_agent_working_the_call_is_answered_in_kind(library, scenario_id, text, move, kind):
    """A hold is waited for, a check back with no fact to answer it is confirmed: never "what do
    you mean?", and nothing added to the one ask."""
    scenario, state, _ = start(library, scenario_id)
    state.stalls = 5
    score = score_reply(text, SURE[move], [], scenario)
    reaction = persona.react(state, scenario, score)
    assert reaction.kind == kind, (reaction, score.cues)
    assert any(reaction.text in (line, persona.one_ask(line)) for line in scenario.lines[kind]), reaction.text


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_a_hold_is_waited_for_even_at_the_end_of_patience(library, scenario_id):
    """Play-through, stop 34: "ok let me check" was the reply that made the customer hang up. A
    hold costs patience but is never the last straw; the next stalling reply is."""
    scenario, state, _ = start(library, scenario_id)
    state.patience, state.test_used = 1, True  # (already warned)
    hold = score_reply("ok let me check", SURE["commit"], [], scenario)
    reaction = persona.react(state, scenario, hold)
    assert reaction.outcome is None and reaction.kind == "on_hold", reaction
    assert state.patience == 1
    stall = score_reply("As I said, that is the procedure.", SURE["cite_policy"], [], scenario)
    assert persona.react(state, scenario, stall).outcome == "churned"


@pytest.mark.parametrize("question, topic", [
    ("Can you tell me your customer number please?", "customer_number"),
    ("whats your customer number", "customer_number"),
    ("What's your date of birth?", "birth"),
    ("Sorry, I need your postcode and house number to find your file.", "address"),
    ("Hi, you're speaking with Emma. What's the new address?", "address"),
])
@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_the_customer_says_who_they_are_when_asked(library, scenario_id, question, topic):
    """QA round 5: "What's your date of birth?" got "I'd have to dig that up", a customer number
    the case's phone number. Whoever the customer is, they know it."""
    scenario, state, _ = start(library, scenario_id)
    # (The customer who is moving gives the new address when asked for it.)
    topics = {topic, "new_address"} if "new address" in question else {topic}
    answers = [persona.one_ask(a) for f in scenario.facts if f.topic in topics for a in f.answers]
    reaction = persona.react(state, scenario, score_reply(question, SURE["ask"], [], scenario))
    assert reaction.kind == "fact" and reaction.text in answers, reaction


@pytest.mark.parametrize("question", ["What would make this right for you?", "What would make you stay with us?",
                                      "Is there anything I could do that would make you reconsider?",
                                      "What outcome are you hoping for today?", "What would help you most tonight?",
                                      "What's still open for you?", "What would you propose?",
                                      "What exception would help you most?",
                                      # Play-through 38: 10 of 14 got "I don't know that offhand".
                                      "What else is still open?", "Ok, what else do you need?", "What's left?",
                                      "And what else?", "Before I do anything: what exactly is still open for you?",
                                      # QA round 55: "Hm. No." and "No idea. Can't you see that on your side?".
                                      "Tell me, what would put this right for you?",
                                      "Hello. What was the one thing you asked for?"])
@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_asked_what_they_want_the_customer_says_what_they_still_need(library, scenario_id, question):
    """QA round 17: 6 of 8 got "No idea. Surely you have that on your screen?"."""
    scenario, state, _ = start(library, scenario_id)
    reaction = persona.react(state, scenario, score_reply(question, SURE["ask"], [], scenario))
    first = scenario.needs[0]
    assert reaction.kind == "still_open", reaction
    assert any(reaction.text == persona.one_ask(line) for line in first.still_open), reaction


@pytest.mark.parametrize("scenario_id", SCENARIOS)
@pytest.mark.parametrize("question", ["Can I take your surname?", "Can I take your surname please?"])
def test_asked_to_give_their_name_the_customer_gives_it(library, scenario_id, question):
    """QA round 17: "Can I take your surname?" was heard as the agent asking leave to act ("I don't
    follow. Will I get the promotion or not?")."""
    scenario, state, _ = start(library, scenario_id)
    reaction = persona.react(state, scenario, score_reply(question, SURE["ask"], [], scenario))
    answers = [persona.one_ask(a) for f in scenario.facts if f.topic == "identity" for a in f.answers]
    assert reaction.kind == "fact" and reaction.text in answers, reaction


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_a_hold_that_asks_a_detail_gets_the_detail(library, scenario_id):
    """QA round 17: "One moment, I'm checking the order - what's the order number?" got "I'll
    hold", the question ignored. (A hold asked as a question is still only a hold: above.)"""
    scenario, state, _ = start(library, scenario_id)
    reaction = persona.react(state, scenario, score_reply(
        "One moment, I'm pulling up your file - what's your customer number?", SURE["ask"], [], scenario))
    assert reaction.kind == "fact" and any(ch.isdigit() for ch in reaction.text), reaction


@pytest.mark.parametrize("text", ["hey its jamal what seems to be the problem", "sorry what's going on with your line"])
@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_an_unsure_open_question_without_its_question_mark_is_still_one(library, scenario_id, text):
    """QA round 5: typed as said, with no "?", it got "I didn't catch that"."""
    scenario, state, _ = start(library, scenario_id)
    guess = ReplyScore(text=text, ownership=50, flexibility=50, cues=(), reason="r", over_promise=False,
                       move="ask_details", unsure=True)
    assert persona.react(state, scenario, guess).kind in {"fact", "still_open"}


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_two_details_asked_together_are_both_given(library, scenario_id):
    """QA round 6: "your customer number and date of birth" got the number only."""
    scenario, state, _ = start(library, scenario_id)
    reaction = persona.react(state, scenario, score_reply(
        "before we start can you give me your customer number and date of birth please", SURE["ask"], [], scenario))
    number, birth = (next(f for f in scenario.facts if f.topic == t) for t in ("customer_number", "birth"))
    assert reaction.kind == "fact", reaction
    assert any(a in reaction.text for a in number.answers) and any(a in reaction.text for a in birth.answers), reaction


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_the_detail_asked_for_in_the_reply_that_resolves_the_call_is_given(library, scenario_id):
    """QA round 6: "...I'll correct it while we're on the phone. Can you spell your email address?"
    ended the call without the address."""
    scenario, state, _ = start(library, scenario_id)
    state.met = [need.id for need in scenario.needs[1:]]
    last = scenario.needs[0]
    offer = next(o for o in scenario.offers if o.id in last.met_by)
    reply = f"{offer.examples[0]} Can you confirm your date of birth for the record?"
    reaction = persona.react(state, scenario, score_reply(reply, SURE["commit"], [], scenario))
    birth = next(f for f in scenario.facts if f.topic == "birth")
    assert reaction.kind == "anything_else" and reaction.outcome is None, (reply, reaction)
    assert any(reaction.text.startswith(a) for a in birth.answers), reaction


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_a_request_for_a_fact_read_unsure_is_still_answered(library, scenario_id):
    scenario, state, _ = start(library, scenario_id)
    guess = ReplyScore(text="good afternoon can i have your date of birth for security", ownership=50, flexibility=50,
                       cues=(), reason="r", over_promise=False, move="greet", unsure=True)
    reaction = persona.react(state, scenario, guess)
    birth = next(f for f in scenario.facts if f.topic == "birth")
    assert reaction.kind == "fact" and reaction.text in [persona.one_ask(a) for a in birth.answers], reaction


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_a_choice_after_an_offer_was_floated_takes_it(library, scenario_id):
    """QA round 5: "Router or credit, which one would you like?" after both were floated got
    "When exactly?"; the customer takes what was floated (still pending until the agent commits)."""
    scenario, state, _ = start(library, scenario_id)
    need = scenario.needs[0]
    state.pending.append(need.id)
    reaction = persona.react(state, scenario, score_reply("This one or the other, which would you like?", SURE["ask"],
                                                          [], scenario))
    accepts = [persona.one_ask(a) for o in scenario.offers if o.id in need.met_by for a in o.accept]
    assert reaction.kind == "choice" and reaction.text in accepts, reaction
    assert need.id in state.pending and need.id not in state.met


def test_of_two_offers_put_as_a_choice_the_first_named_is_taken(library):
    """QA round 6: "24 months with the iPhone included, or 40 % off on the 18?" was answered with
    whichever offer the case file lists first."""
    scenario, state, _ = start(library, "denied-iphone")
    for text, first in [("So which one: 24 months with the iPhone included, or 18 months with 40% off the phone?",
                         "plan_24_months"),
                        ("So which one: 40% off the phone on your 18 months, or 24 months with the iPhone included?",
                         "device_discount")]:
        fresh = persona.new_state(scenario, 1)
        reaction = persona.react(fresh, scenario, score_reply(text, SURE["offer"], [], scenario))
        assert reaction.kind == "choice", reaction
        # (Its accept line, after "The first one." when the line does not name it: play-through 55.)
        assert any(reaction.text == persona.one_ask(a) or (reaction.text.startswith("The first")
                                                           and a.split(". ")[-1] in reaction.text)
                   for a in scenario.offer(first).accept), (text, reaction)


def test_a_question_with_or_that_is_no_choice_is_not_answered_as_one(library):
    scenario, state, _ = start(library, "unpaid-outage")
    reaction = persona.react(state, scenario, score_reply("Was that for a day or two?", SURE["ask"], [], scenario))
    assert reaction.kind != "picked", reaction


def test_an_offer_put_as_a_question_is_not_the_best_reply_beside_a_deed(library):
    """QA round 22: "Best reply" went to "Would a credit of three months, 150 euros, help as a
    gesture?" (59/100) over the agent's own contact and call-back (95/51)."""
    scenario, state, _ = start(library, "unpaid-outage")
    asked = score_reply("Would a credit of three months, 150 euros, help as a gesture?", SURE["offer"], [], scenario)
    deed = score_reply("Me, Sanne de Wit, direct line 020 555 0101, and I'll call you on Monday at 10.", SURE["commit"],
                       [], scenario)
    assert asked.ownership + asked.flexibility > deed.ownership + deed.flexibility, (asked, deed)
    for reply in (asked, deed):
        persona.react(state, scenario, reply)
    persona.end_by_trainee(state, scenario)
    assert persona.scorecard(state, scenario)["best"]["text"] == deed.text


def test_an_offer_put_as_a_question_is_still_the_best_reply_beside_nothing_high(library):
    scenario, state, _ = start(library, "unpaid-outage")
    asked = score_reply("Would a credit of three months, 150 euros, help as a gesture?", SURE["offer"], [], scenario)
    for reply in (score_reply("Good afternoon, Sanne speaking.", SURE["greet"], [], scenario), asked):
        persona.react(state, scenario, reply)
    persona.end_by_trainee(state, scenario)
    assert persona.scorecard(state, scenario)["best"]["text"] == asked.text


def test_the_last_need_met_beside_an_over_promise_is_not_taken_as_fair(library):
    """QA round 55: "Me: Tim, direct line ..., I'll call you Friday at 10. And, to be fair to you, we'll
    also cover the value of the assignment you lost." got "That sounds fair. Is that everything?" and
    the call ended resolved, the customer expecting the damages."""
    scenario, state, _ = start(library, "unpaid-outage")
    say(state, scenario, "I'll credit you three months, 150 euros, today.", "exception")
    mood = state.mood
    reaction = say(state, scenario, "Me: Tim, direct line 020 555 6060, I'll call you Friday at 10. And, to be fair "
                                    "to you, we'll also cover the value of the assignment you lost.", "commit")
    assert reaction.kind == "over_promise" and reaction.mood == mood, reaction
    assert any(line.split(". ")[-1] in reaction.text for line in scenario.lines["over_promise"]), reaction


def test_an_over_promise_is_never_the_best_reply(library):
    """QA round 6: a churned call's "Best reply" was "I will personally make sure we pay you for the
    assignment", the one thing the case says the agent may not promise."""
    scenario, state, _ = start(library, "unpaid-outage")
    promise = score_reply("I will personally make sure we pay you for the assignment you lost, today.", SURE["commit"],
                          [], scenario)
    assert promise.over_promise and band(promise.ownership) == "high", promise
    persona.react(state, scenario, promise)
    persona.react(state, scenario, score_reply("I'll call you back tomorrow at 10.", SURE["commit"], [], scenario))
    persona.end_by_trainee(state, scenario)
    card = persona.scorecard(state, scenario)
    assert card["best"]["text"] == "I'll call you back tomorrow at 10.", card["best"]
    # ...and the card names it, whichever tips were chosen (play-through 54: it said nothing of it).
    assert card["over_promised"] == {"text": promise.text, "promise": "paying for the lost assignment (business damages)"}
    assert (f'Beyond your authority: "{promise.text}" promised paying for the lost assignment (business damages).'
            in persona.scorecard_text(card, scenario))
    assert "beyond the agent's authority" in card["counted"]


def test_a_step_put_to_the_customer_is_not_answered_as_a_fact_question(library):
    """QA round 2: "I'll send it by courier tonight, ok?" got the customer's own router ("Our router
    is plugged in..."), a fact the word "router" keys."""
    scenario, state, _ = start(library, "friday-data-line")
    state.met.append("office_online")  # the router was agreed already
    score = score_reply("Sorry, I meant a 4G router for internet. I'll send it by courier tonight, ok?", SURE["offer"],
                        [], scenario)
    reaction = persona.react(state, scenario, score)
    assert reaction.kind != "fact", reaction


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_an_unsure_open_question_no_fact_answers_gets_what_they_called_about(library, scenario_id):
    scenario, state, _ = start(library, scenario_id)
    guess = ReplyScore(text="Oh no, that doesn't sound good. What happened?", ownership=50, flexibility=50, cues=(),
                       reason="r", over_promise=False, move="empathise", unsure=True)
    reaction = persona.react(state, scenario, guess)
    if reaction.kind != "fact":  # a case whose facts answer "what happened" answers it
        # Early in the call, the story again (QA round 12), else the first need still open.
        story = [persona.one_ask(persona._GREETING_FIRST.sub("", line)) for line in scenario.lines["opening"]]
        assert reaction.kind == "still_open", reaction
        assert reaction.text in story or any(reaction.text in (line, persona.one_ask(line))
                                             for line in scenario.needs[0].still_open), reaction


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_an_unsure_reading_of_another_teams_no_passed_on_is_the_no(library, scenario_id):
    """QA round 54: "Ok I'm back. I've just spoken to the data division: they say Monday." was read
    too unsurely to score, and the customer said "I'm not following"; the words plainly pass a no on."""
    scenario, state, _ = start(library, scenario_id)
    mood = state.mood
    guess = ReplyScore(text="Ok I'm back. I've just spoken to the data division: they say Monday.", ownership=50,
                       flexibility=50, cues=(), reason="r", over_promise=False, move="deflect", unsure=True)
    reaction = persona.react(state, scenario, guess)
    assert reaction.kind == "refused" and state.mood == mood and not state.met, reaction


def test_an_acknowledgement_is_no_sympathy(library):
    scenario, state, _ = start(library, "unpaid-outage")
    reaction = persona.react(state, scenario, score_reply("Right.", ranking(("empathise", 0.6), ("greet", 0.4)), [],
                                                          scenario))
    assert reaction.kind != "empathy_only", reaction


@pytest.mark.parametrize("ack", ["Hmm.", "Ok.", "Right.", "Uh-huh.", "Mm-hm.", "I see."])
@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_a_bare_acknowledgement_brings_back_what_is_open(library, scenario_id, ack):
    """QA round 36: "Hmm." got "Right. That's more like it.", "Ok." "Okay. Not bad. Continue." (8
    of 13): nothing was said, so the customer says again what they still need."""
    scenario, state, _ = start(library, scenario_id)
    reaction = persona.react(state, scenario, score_reply(ack, ranking(("empathise", 0.6), ("greet", 0.4)), [],
                                                          scenario))
    assert reaction.kind == "still_open", reaction
    assert any(reaction.text in (line, persona.one_ask(line)) for need in scenario.needs for line in need.still_open), \
        reaction


@pytest.mark.parametrize("question", ["Which option do you prefer?", "Which one would you like?",
                                      "So which of the two works best for you?"])
@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_which_option_after_options_is_answered_with_a_pick(library, scenario_id, question):
    """QA round 36: after the options, "Which option do you prefer?" got "Couldn't tell you" (2 of 4)."""
    scenario, state, _ = start(library, scenario_id)
    first, second = [o for o in scenario.offers if o.counts_as_flexibility][:2]
    say(state, scenario, f"{first.examples[0]} Or else: {second.examples[0]}", "offer")
    reaction = say(state, scenario, question, "ask")
    assert reaction.kind in {"choice", "picked"}, reaction


def test_which_option_with_nothing_offered_yet_is_no_pick(library):
    scenario, state, _ = start(library, "nine-weeks")
    assert say(state, scenario, "Which option do you prefer?", "ask").kind not in {"choice", "picked"}


def test_a_can_t_that_is_not_the_agent_s_is_not_answered_as_a_refusal(library):
    """QA play-through: "...a backup SIM on a second network so this can't happen to you again"
    got "Fine, that's the procedure"."""
    scenario, state, _ = start(library, "unpaid-outage")
    text = ("I'd like you to stay. I can also give you a backup SIM on a second network so this can't happen "
            "to you again.")
    score = score_reply(text, SURE["offer"], [], scenario)
    assert any(c.kind == "refusal" and not (c.ownership or c.flexibility) for c in score.cues)  # set aside
    reaction = persona.react(state, scenario, score)
    assert reaction.kind not in {"procedure", "refused", "policy_repeated"}, reaction


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_leave_asked_with_nothing_floated_or_named_is_asked_back(library, scenario_id):
    scenario, state, _ = start(library, scenario_id)
    reaction = say(state, scenario, "Shall I book it?", "offer")
    assert reaction.kind == "unclear", reaction  # book what?
    dated = say(state, scenario, "The morning of the 14th, between 8 and 12. Shall I book it?", "offer")
    assert dated.kind == "go_ahead", dated


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_leave_asked_to_pass_the_customer_on_is_no_go_ahead(library, scenario_id):
    scenario, state, _ = start(library, scenario_id)
    reaction = say(state, scenario, "Shall I transfer you to another department?", "deflect")
    assert reaction.kind != "go_ahead", reaction


@pytest.mark.parametrize("closing", ["Is there anything else I can help you with?", "Anything else?",
                                     "Thank you for calling, have a nice day."])
@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_a_call_closed_with_a_need_open_brings_the_need_back(library, scenario_id, closing):
    scenario, state, _ = start(library, scenario_id)
    state.stalls = 5  # a stalled call: still one ask, the need's, and no frustration beside it
    reaction = say(state, scenario, closing, "close")
    first = scenario.needs[0]
    assert reaction.kind == "still_open" and reaction.outcome is None
    assert any(reaction.text in (line, persona.one_ask(line)) for line in first.still_open), reaction.text


@pytest.mark.parametrize("greeting", ["Hi, good afternoon.", "Hi, thanks for calling.",
                                      "Customer service, good afternoon, Ellen speaking."])
@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_a_greeting_is_not_the_calls_first_goodbye(library, scenario_id, greeting):
    """Play-through 39: 8 of 8 calls that opened this way ended at the trainee's first close."""
    scenario, state, _ = start(library, scenario_id)
    say(state, scenario, greeting, "greet")
    reaction = say(state, scenario, "Anything else?", "close")
    assert reaction.kind == "still_open" and reaction.outcome is None, reaction


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_a_refusal_closed_with_anything_else_is_answered_as_the_refusal(library, scenario_id):
    scenario, state, _ = start(library, scenario_id)
    reaction = say(state, scenario, "I can't do that, those are the rules. Anything else?", "cite_policy")
    assert reaction.kind in {"procedure", "refused", "policy_repeated"}, reaction


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_repeated_policy_is_thrown_back_in_order(library, scenario_id):
    scenario, state, _ = start(library, scenario_id)
    state.patience = 100  # keep them on the line to hear every repetition
    first = say(state, scenario, "Those are the rules.", "cite_policy")
    assert first.kind == "procedure"
    repeats = [say(state, scenario, "Rules are rules.", "cite_policy") for _ in range(3)]
    assert [r.kind for r in repeats] == ["policy_repeated"] * 3
    said = [r.text.split(" ")[0:4] for r in repeats]
    expected = [line.split(" ")[0:4] for line in scenario.lines["policy_repeated"][:3]]
    assert said == expected


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_vague_promise_gets_when_exactly(library, scenario_id):
    scenario, state, _ = start(library, scenario_id)
    reaction = say(state, scenario, "Someone will look into it.", "ownership")
    assert reaction.kind == "vague_promise"
    assert reaction.text.split(" ")[0] in {line.split(" ")[0] for line in scenario.lines["vague_promise"]}


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_questions_about_the_facts_are_answered(library, scenario_id):
    scenario, state, _ = start(library, scenario_id)
    fact = scenario.facts[0]
    reaction = say(state, scenario, f"Can you tell me about the {fact.keywords[0]}?", "ask")
    assert reaction.kind == "fact"
    assert any(reaction.text.startswith(answer) for f in scenario.facts for answer in f.answers)


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_over_promise_makes_the_customer_wary(library, scenario_id):
    scenario, state, _ = start(library, scenario_id)
    reaction = say(state, scenario, scenario.over_promises[0].examples[0], "exception")
    assert reaction.kind == "over_promise" and state.met == []


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_no_line_is_said_twice_and_test_line_at_most_once(library, scenario_id):
    scenario, state, opening = start(library, scenario_id, seed=7)
    moves = [POLITE[0], STONEWALL[0], ("When did this start?", "ask"), ("I'll sort it out.", "ownership"),
             STONEWALL[2], ("What is your account number?", "ask"), POLITE[1], STONEWALL[3],
             ("Hello, this is Sam.", "ask"), ("Someone will look into it.", "ownership")] * 3
    texts = [opening]
    for text, move in moves:
        state.patience = 100
        texts.append(say(state, scenario, text, move).text)
    assert len(state.used) == len(set(state.used))
    assert len(texts) == len(set(texts))
    assert sum(persona._said(state, line) for line in scenario.lines["test"]) <= 1


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_two_sessions_read_differently(library, scenario_id):
    def session(seed):
        scenario, state, opening = start(library, scenario_id, seed)
        return [opening] + [say(state, scenario, text, move).text for text, move in POLITE[:4]]

    assert session(1) != session(2)
    assert session(1) == session(1)


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_mood_follows_the_trainee(library, scenario_id):
    scenario, state, _ = start(library, scenario_id)
    assert state.mood == persona.START_MOOD
    down = say(state, scenario, *STONEWALL[0])
    assert MOODS.index(down.mood) < MOODS.index(persona.START_MOOD)
    up = say(state, scenario, "I'll personally sort this out for you, leave it with me.", "ownership")
    assert MOODS.index(up.mood) > MOODS.index(down.mood)


def test_ending_the_call(library):
    scenario, state, _ = start(library, "nine-weeks")
    reaction = persona.end_by_trainee(state, scenario)
    assert reaction.outcome == "abandoned" and reaction.text in scenario.goodbye_lines["abandoned"]
    with pytest.raises(ValueError):
        persona.react(state, scenario, score_reply("hello", SURE["ask"]))


def test_scorecard_has_every_field(library):
    scenario, state, _ = start(library, "unpaid-outage")
    say(state, scenario, *STONEWALL[0])
    say(state, scenario, "I'll call you back tomorrow at 10 with an answer.", "commit")
    persona.end_by_trainee(state, scenario)
    card = persona.scorecard(state, scenario)
    assert set(card) == {"scenario", "outcome", "ownership", "flexibility", "turns", "unscored", "best", "worst",
                         "tip", "tips", "over_promise", "over_promised", "stronger_replies", "agreed", "still_open",
                         "counted"}
    assert card["tip"] == card["tips"][0] and 1 <= len(card["tips"]) <= 3 and card["over_promise"] is False
    assert card["over_promised"] is None and "Beyond your authority" not in persona.scorecard_text(card, scenario)
    # How the numbers came about, with the rubric's own settings (QA round 5), on every channel.
    assert "3 times" in card["counted"] and "10 points" in card["counted"], card["counted"]
    # QA round 9: a churned call of neutral replies showed "Ownership 40 (low)" with no word why.
    assert "at most 40 on ownership" in card["counted"], card["counted"]
    assert card["counted"] in persona.scorecard_text(card, scenario)
    assert card["outcome"] == "abandoned" and card["turns"] == 2
    assert card["best"]["text"].startswith("I'll call you back") and card["worst"]["text"] == STONEWALL[0][0]
    text = persona.scorecard_text(card, scenario)
    assert ("Tip:" if len(card["tips"]) == 1 else "Tips:") in text and all(tip in text for tip in card["tips"])


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_an_unsure_reading_is_asked_about_and_changes_nothing(library, scenario_id):
    scenario, state, _ = start(library, scenario_id)
    before = {k: getattr(state, k) for k in ("mood", "patience", "met", "pending", "stalls")}
    guess = score_reply("mm right so", [{"name": "refuse", "confidence": 0.3}, {"name": "greet", "confidence": 0.2}],
                        [], scenario)
    assert guess.unsure
    reaction = persona.react(state, scenario, guess)
    assert reaction.kind == "unclear" and reaction.text in scenario.lines["unclear"]
    assert {k: getattr(state, k) for k in before} == before and state.turn == 1


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_a_question_the_model_doubts_is_scored_as_a_question_and_answered(library, scenario_id):
    """A friendly opener with a plain question ("Hi, sorry you were passed around. When is the
    move?") read with low confidence is answered, not met with "what do you mean?", and scored as
    the neutral question it is, not "not scored: unclear" (QA round 22: 11 of 24 replies not
    scored were greetings or plain questions)."""
    scenario, state, _ = start(library, scenario_id)
    fact = scenario.facts[0]
    guess = score_reply(f"hi there, small world. so, the {fact.keywords[0]}?",
                        [{"name": "greet", "confidence": 0.3}, {"name": "refuse", "confidence": 0.2}], [], scenario)
    assert not guess.unsure and guess.move == "ask_details", guess
    assert band(guess.ownership) == band(guess.flexibility) == "neutral"
    reaction = persona.react(state, scenario, guess)
    assert reaction.kind == "fact" and reaction.text in fact.answers, reaction


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_the_fact_asked_about_is_answered_not_one_mentioned_before(library, scenario_id):
    """"A move day with no data line is a nightmare. Is anyone at the office able to work?" asks
    about the staff; the data line is only mentioned."""
    scenario, state, _ = start(library, scenario_id)
    mentioned, asked = scenario.facts[0], scenario.facts[1]
    text = f"Oh, the {mentioned.keywords[0]}, I'm sorry, that sounds awful. And the {asked.keywords[0]}?"
    reaction = say(state, scenario, text, "ask")
    assert reaction.kind == "fact" and reaction.text in asked.answers, reaction


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_blame_after_a_rule_is_heard_as_blame_not_as_the_rule_again(library, scenario_id):
    scenario, state, _ = start(library, scenario_id)
    state.patience = 100
    say(state, scenario, "Rules are rules, I'm afraid.", "cite_policy")
    reaction = say(state, scenario, "We already made a gesture for you. I think you're simply seeing it the wrong way, "
                   "and the terms are the terms.", "blame")
    assert reaction.kind == "blamed", reaction


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_a_conditional_in_a_refusal_is_not_pinned_down_as_a_promise(library, scenario_id):
    """"If you want ..." is a hedge cue, but beside a refusal nothing was floated: the customer
    answers the refusal, not "when exactly?"."""
    scenario, state, _ = start(library, scenario_id)
    text = "I can't do anything about it, and neither can my manager. If you want more, you'd have to go to a shop."
    score = score_reply(text, SURE["deflect"], [], scenario)
    assert "hedge" in {cue.kind for cue in score.cues} and not score.offers
    reaction = persona.react(state, scenario, score)
    assert reaction.kind in {"refused", "procedure", "deflected"}, reaction


# --- a stronger reply (issue 16, part 3) --------------------------------------------------------------
LOW = ("Rules are rules, I'm afraid.", "cite_policy")


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_a_low_reply_gets_the_first_open_needs_first_example(library, scenario_id):
    scenario, state, _ = start(library, scenario_id)
    score = score_reply(LOW[0], SURE[LOW[1]], [], scenario)
    model = persona.model_reply(state, scenario, score)
    first = scenario.needs[0]
    assert model == {"text": scenario.offer(first.met_by[0]).examples[0],
                     "why": f"Meets what the customer still needs: {first.description}."}
    assert not any(promise.match(model["text"]) for promise in scenario.over_promises)  # within authority


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_a_floated_need_comes_first_then_the_files_order(library, scenario_id):
    scenario, state, _ = start(library, scenario_id)
    last = scenario.needs[-1]
    state.pending = [last.id]
    model = persona.model_reply(state, scenario, score_reply(LOW[0], SURE[LOW[1]], [], scenario))
    assert model["text"] == scenario.offer(last.met_by[0]).examples[0]
    state.pending, state.met = [], [n.id for n in scenario.needs[:-1]]
    model = persona.model_reply(state, scenario, score_reply(LOW[0], SURE[LOW[1]], [], scenario))
    assert model["text"] == scenario.offer(last.met_by[0]).examples[0]


@pytest.mark.parametrize("scenario_id", SCENARIOS)
@pytest.mark.parametrize("from_file", [True, False], ids=["next_step_reply", "default"])
def test_once_every_need_is_met_the_model_owns_the_rest_with_a_date(library, scenario_id, from_file):
    scenario, state, _ = start(library, scenario_id)
    if not from_file:
        scenario = dataclasses.replace(scenario, next_step_reply="")
    state.met = [n.id for n in scenario.needs]
    # Low on ownership only: a gesture would not answer it (one low on flexibility, below).
    low_ownership = dataclasses.replace(score_reply(LOW[0], SURE[LOW[1]], [], scenario),
                                        ownership=20, flexibility=50)
    model = persona.model_reply(state, scenario, low_ownership)
    assert model["text"] == (scenario.next_step_reply if from_file else persona.DEFAULT_NEXT_STEP_REPLY)
    assert model["text"].startswith("I") and re.search(r"\b(today|tomorrow|monday|tuesday|wednesday|thursday|"
                                                       r"friday|within the hour|day after)\b", model["text"], re.I)


def gestures(scenario):
    """The case's offers within authority that meet no need (a credit, a fee waived)."""
    meeting = {offer_id for need in scenario.needs for offer_id in need.met_by}
    return [offer for offer in scenario.offers if offer.id not in meeting and offer.counts_as_flexibility]


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_a_reply_low_on_flexibility_once_every_need_is_met_is_shown_a_gesture(library, scenario_id):
    """QA round 20: "Sorry, the terms don't allow waiving the fee." after every need was met got
    "I'll handle the rest myself...", not the fee waived."""
    scenario, state, _ = start(library, scenario_id)
    state.met = [n.id for n in scenario.needs]
    model = persona.model_reply(state, scenario, score_reply(LOW[0], SURE[LOW[1]], [], scenario))
    offered = gestures(scenario)
    assert model["text"] == (offered[0].examples[0] if offered else scenario.next_step_reply)


def test_the_gesture_the_reply_spoke_of_comes_first(library):
    scenario, state, _ = start(library, "nine-weeks")
    state.met = [n.id for n in scenario.needs]
    score = score_reply("We can't credit the first month, sorry.", SURE["refuse"], [], scenario)
    assert band(score.flexibility) == "low"
    assert [g.id for g in gestures(scenario)][0] != "credit_first_month"  # not first by the file's order
    assert persona.model_reply(state, scenario, score)["text"] == scenario.offer("credit_first_month").examples[0]


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_low_replies_in_one_call_are_shown_different_stronger_replies(library, scenario_id):
    """QA round 20: in a rigid call the scorecard showed one model sentence three or four times."""
    scenario, state, _ = start(library, scenario_id)
    shown = []
    for text, move in (LOW, ("That's not our department, you'll have to call the shop.", "deflect"),
                       ("Our policy doesn't allow that, I'm afraid.", "cite_policy")):
        if state.outcome:
            break
        score = score_reply(text, SURE[move], [], scenario)
        model = persona.model_reply(state, scenario, score)
        persona.react(state, scenario, score, model)
        shown.append(model["text"])
    assert len(shown) >= 2 and len(set(shown)) == len(shown), shown


def test_once_every_fitting_reply_was_shown_the_first_comes_again(library):
    scenario, state, _ = start(library, "friday-data-line")  # no gesture beside the needs' offers
    state.met = [scenario.needs[0].id]
    open_need = scenario.needs[1]
    score = score_reply(LOW[0], SURE[LOW[1]], [], scenario)
    first = persona.model_reply(state, scenario, score)
    for _ in open_need.met_by:
        model = persona.model_reply(state, scenario, score)
        persona.react(state, scenario, score, model)
        if state.outcome:
            break
    assert persona.model_reply(state, scenario, score)["text"] == first["text"] or state.outcome


@pytest.mark.parametrize("text, move", [("I'll sort this out myself today and call you at 4.",
                                                   "commit"),
                                        ("Sorry, what did you say?", "unsure")])
def test_no_model_reply_for_a_good_or_unsure_reply(library, text, move):
    scenario, state, _ = start(library, "nine-weeks")
    ranking = [{"name": "greet", "confidence": 0.2}] if move == "unsure" else SURE[move]
    score = score_reply(text, ranking, [], scenario)
    assert score.unsure or min(score.ownership, score.flexibility) > 40
    assert persona.model_reply(state, scenario, score) is None


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_the_scorecard_shows_the_worst_reply_with_its_model_reply(library, scenario_id):
    scenario, state, _ = start(library, scenario_id)
    worst = score_reply(LOW[0], SURE[LOW[1]], [], scenario)
    model = persona.model_reply(state, scenario, worst)
    persona.react(state, scenario, worst, model)
    good = owning_replies(scenario)[0]
    better = score_reply(good, SURE["commit"], [], scenario)
    persona.react(state, scenario, better, persona.model_reply(state, scenario, better))
    card = persona.scorecard(state, scenario)
    assert card["worst"]["text"] == LOW[0] and card["worst"]["model_reply"] == model
    assert "model_reply" not in card["best"]
    assert [(low["text"], low["model_reply"]) for low in card["stronger_replies"]] == [(LOW[0], model)]
    assert f'Stronger: "{model["text"]}"' in persona.scorecard_text(card, scenario)


def test_of_two_offers_put_as_a_choice_the_customer_says_which(library):
    """Play-through 55: "... 24-month plan with a new iPhone, or ... 50 percent off a new iPhone. Which
    would you prefer?" got "Yes. Do it." and the agent had to ask again (2 calls)."""
    scenario = library.get("denied-iphone")
    choice = ("I can move you to the 24-month plan with a new iPhone, or keep your 18 months and give you 50 "
              "percent off a new iPhone. Which would you prefer?")
    for seed in range(1, 9):  # whichever accept line comes up
        state = persona.new_state(scenario, seed)
        persona.opening(state, scenario)
        reaction = say(state, scenario, choice, "offer")
        assert reaction.kind == "choice", reaction
        said_which = reaction.text.startswith("The first") or scenario.offer("plan_24_months").match(reaction.text)
        assert said_which, reaction


@pytest.mark.parametrize("correction, move, reopened, quoted", [
    # Play-through 55: the technician moved to the day after the move, and the call ended resolved (3
    # calls); the customer quotes the words back.
    ("Sorry, one correction: the technician can't come on the 14th, it'll be the 15th, the day after your move.",
     "commit", True, True),
    ("Sorry, small correction: not the 14th, the 15th. The technician comes the 15th.", "explain", True, True),
    ("not the 14th sorry, the 15th! my mistake, tech comes the 15th", "explain", True, True),
    # Play-through 56: the technician given the day after the move, beside the moving day named, made
    # the moving-day offer and the call ended resolved ("The technician on the 14th, good"; 2 calls).
    ("Sorry, wait: the moving day is the 14th, but the technician can only come the 15th. I've booked him for "
     "the 15th, 8 to 10.", "offer", True, False),
    ("No, sorry, to be clear: the 15th, not the 14th. Moving day the 14th, technician the 15th.", "refuse", True,
     False),
    # Guards: the agent's own later step is no delay of the technician, beside the moving day said again too.
    ("And I'll call you on the 15th to check everything works.", "commit", False, False),
    ("So: moving day the 14th, technician the 14th, 8 to 12. I'll ring you on the 15th to check it all works.",
     "close", False, False),
])
def test_a_later_day_for_the_technician_opens_the_need_again(library, correction, move, reopened, quoted):
    scenario, state, _ = start(library, "move-and-upgrade")
    say(state, scenario, "And I've booked the technician for Thursday the 14th, your moving day, 8 to 12.", "commit")
    assert "working_on_moving_day" in state.met
    reaction = say(state, scenario, correction, move)
    assert ("working_on_moving_day" not in state.met) is reopened, reaction
    assert (reaction.kind == "weakened") is quoted, reaction
    if reopened:  # ... and no moving-day offer is made by it
        assert "moving_day_technician" not in score_reply(correction, SURE[move], [], scenario).offers


def test_the_amount_given_instead_is_the_promise_not_the_one_refused(library):
    """QA round 55 (replayed): "I can't do 50 percent off the iPhone, it's 30 percent off, and I'm
    putting that on your account now", then the recap "you have 30 percent off": heard as a cut from 50."""
    scenario, state, _ = start(library, "denied-iphone")
    say(state, scenario, "I can't do 50 percent off the iPhone, it's 30 percent off, and I'm putting that on your "
                         "account now.", "exception")
    assert "new_phone" in state.met and state.promised["new_phone"].percent == 30, state.promised
    reaction = say(state, scenario, "To be clear: you have 30 percent off a new iPhone, on your account now.", "offer")
    assert "new_phone" in state.met and reaction.kind != "weakened", reaction


@pytest.mark.parametrize("first", [
    # Play-through 56: an over-promise put right in the same reply was kept as the promise, so the
    # correct recap "three months' credit" was heard as a cut from six ("Which is it?", 2 calls).
    "I'll credit six months of your subscription. Wait, no, three months is the most I can do, so I'm putting "
    "three months' credit on your account today.",
    "I'll credit 6 months of your subscription. Wait, no, 3 months is the most I can do, so I'm putting 3 months' "
    "credit, 150 euro, on your account today.",
])
def test_the_amount_put_right_at_once_is_the_promise(library, first):
    scenario, state, _ = start(library, "unpaid-outage")
    say(state, scenario, first, "exception")
    assert "goodwill_gesture" in state.met and state.promised["goodwill_gesture"].months == 3, state.promised
    reaction = say(state, scenario, "So: three months' credit on your account today. Anything else?", "close")
    assert "goodwill_gesture" in state.met and reaction.kind != "weakened", reaction


@pytest.mark.parametrize("case, floated, floated_move, yes, need", [
    # Play-through 56: the customer's "Can you email me that today?" about what was floated, answered
    # yes with a time beside an offer for another need, left it floated ("You floated it. Is it
    # happening, and when?", 4 of 4).
    ("nine-weeks", "Would it help if I reserved the laptop against today's date?", "offer",
     "Yes, by email today with the order date. And for the weeks without line, a 4G router at no cost, courier "
     "tomorrow.", "laptop_guaranteed"),
    ("unpaid-outage", "Would a goodwill credit of three months, 150 euro, help?", "offer",
     "Yes, I'll email the confirmation within the hour. And next time you call me directly: 020 555 0198, Kim.",
     "goodwill_gesture"),
])
def test_a_yes_with_a_time_to_what_was_floated_confirms_it(library, case, floated, floated_move, yes, need):
    scenario, state, _ = start(library, case)
    say(state, scenario, floated, floated_move)
    assert need in state.pending and need not in state.met, state
    say(state, scenario, yes, "commit")
    assert need in state.met and need not in state.pending, state


def test_an_option_put_as_a_choice_by_its_noun_is_floated_not_met(library):
    """Play-through 56: "the fee or the technician?" beside a step of the agent's own."""
    scenario, state, _ = start(library, "move-and-upgrade")
    say(state, scenario, "I'm putting the move and the TV in one order now. And the fee or the technician?", "commit")
    assert "one_order" in state.met and "working_on_moving_day" in state.pending, state
    assert "working_on_moving_day" not in state.met, state


def test_a_best_reply_taken_back_later_says_so_on_the_scorecard(library):
    """QA round 55: "Best reply" was "I'm moving you to the 24-month plan ... with a new iPhone
    included", withdrawn two replies later, and the card said nothing of it (4 calls)."""
    scenario, state, _ = start(library, "denied-iphone")
    best = "I'm moving you to the 24-month plan at 50 euros with a new iPhone included, starting today."
    say(state, scenario, best, "commit")
    back = "Sorry, I can't do the iPhone on the 24-month plan after all."
    say(state, scenario, back, "refuse")
    persona.end_by_trainee(state, scenario)
    card = persona.scorecard(state, scenario)
    assert card["best"]["text"] == best and card["best"]["taken_back_by"] == back, card["best"]
    assert f'(Later taken back: "{back}")' in persona.scorecard_text(card, scenario)
    # The state keeps it across a save.
    assert CustomerState.from_slot(state.to_slot()).best_taken_back == state.best_taken_back


def test_a_best_reply_not_taken_back_has_no_such_note(library):
    scenario, state, _ = start(library, "denied-iphone")
    say(state, scenario, "I'm moving you to the 24-month plan at 50 euros with a new iPhone included, starting today.",
        "commit")
    say(state, scenario, "Sorry, I can't credit the early month, that's billing's rule.", "refuse")
    persona.end_by_trainee(state, scenario)
    card = persona.scorecard(state, scenario)
    assert "taken_back_by" not in card["best"] and "Later taken back" not in persona.scorecard_text(card, scenario)


def test_a_call_of_only_high_replies_shows_no_worst_reply(library):
    scenario, state, _ = start(library, "nine-weeks")
    for text, move in (("I'll send you a 4G router today, free, for the weeks without a line.", "offer"),
                       ("As an exception I'm registering your order today, and I'll call KPN myself.", "exception")):
        reply = score_reply(text, SURE[move], [], scenario)
        assert band(reply.ownership) == band(reply.flexibility) == "high", (text, reply)
        persona.react(state, scenario, reply, persona.model_reply(state, scenario, reply))
    card = persona.scorecard(state, scenario)
    # The lower of two replies high on both dimensions is nothing to learn from.
    assert card["best"] is not None and card["worst"] is None
    assert "Worst reply" not in persona.scorecard_text(card, scenario)


def test_scorecard_holds_up_only_decisive_replies_and_counts_every_reply(library):
    """A greeting at 51/50 is neither the best nor the worst reply; a reply not scored is still
    one the trainee typed (the QA play-through: "resolved after 3 replies" for 8 typed)."""
    scenario, state, _ = start(library, "nine-weeks")
    persona.react(state, scenario, score_reply("Good afternoon, Tele2 sales, Linda speaking.", ranking(("greet", 0.9))))
    say(state, scenario, "I'm sorry to hear that.", "empathise")
    guess = score_reply("the thing with the box", ranking(("greet", 0.3), ("offer_alternative", 0.3), ("refuse", 0.3)), [],
                        scenario)
    assert guess.unsure
    persona.react(state, scenario, guess)
    persona.end_by_trainee(state, scenario)
    card = persona.scorecard(state, scenario)
    assert card["best"] is None and card["worst"] is None
    assert card["turns"] == 3 and card["unscored"] == 1
    text = persona.scorecard_text(card, scenario)
    assert "after 3 replies (1 not scored" in text and "Best reply" not in text and "Worst reply" not in text


# Every reply scored 40 or less on a dimension, not only the worst one (issue 16).
LOW_AND_NOT = [
    (LOW[0], "cite_policy", True),
    ("Can you tell me when it started?", "ask", False),
    ("That's not our department, you'll have to call the shop.", "deflect", True),
    ("Our policy doesn't allow that, I'm afraid.", "cite_policy", True),
]


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_the_scorecard_gives_every_low_reply_its_stronger_reply(library, scenario_id):
    scenario, state, _ = start(library, scenario_id)
    expected = []
    for text, move, low in LOW_AND_NOT:
        if state.outcome:
            break
        score = score_reply(text, SURE[move], [], scenario)
        assert (band(score.ownership) == "low" or band(score.flexibility) == "low") is low, text
        model = persona.model_reply(state, scenario, score)
        assert (model is not None) is low
        persona.react(state, scenario, score, model)
        if low:
            expected.append((text, score.ownership, score.flexibility, model))
    card = persona.scorecard(state, scenario)
    assert [(s["text"], s["ownership"], s["flexibility"], s["model_reply"]) for s in card["stronger_replies"]] \
        == expected and len(expected) >= 2
    text = persona.scorecard_text(card, scenario)
    assert all(f'You said: "{said}"' in text and f'Stronger: "{model["text"]}"' in text
               for said, _, _, model in expected)


def test_a_scorecard_saved_before_the_list_still_shows_the_worst_replys_stronger_reply(library):
    scenario = library.get("nine-weeks")
    worst = {"text": "No.", "ownership": 20, "flexibility": 20, "reason": "refuses",
             "model_reply": {"text": "I'll book the engineer today.", "why": "Meets a need."}}
    card = {"scenario": scenario.id, "outcome": "churned", "ownership": 20, "flexibility": 20, "turns": 1,
            "best": None, "worst": worst, "tip": "Offer something.", "tips": ["Offer something."]}
    assert 'A stronger reply: "I\'ll book the engineer today."' in persona.scorecard_text(card, scenario)


def test_the_roleplay_sends_and_stores_the_model_reply_with_the_score(library):
    from bot.coach.roleplay import Message, RolePlay

    stored = []

    class Recorder:
        def record_exchange(self, session_id, **kwargs):
            stored.append(kwargs["score"])

    play = RolePlay(library, recorder=Recorder())
    scenario, state, _ = start(library, "nine-weeks")
    state.session_id = 1
    turn = play.reply(Message(LOW[0], "cite_policy", 0.95, SURE["cite_policy"]), state)
    [score] = [m.payload["score"] for m in turn.messages if m.payload and "score" in m.payload]
    first = scenario.needs[0]
    assert score["model_reply"]["text"] == scenario.offer(first.met_by[0]).examples[0]
    assert stored == [score]


# QA round 7: questions answered as asked.
def test_two_options_about_their_own_situation_are_a_fact_question(library):
    scenario, state, _ = start(library, "nine-weeks")
    reaction = say(state, scenario, "ok so just to check, which line do you have now, ISDN or analog?", "ask")
    isdn = next(f for f in scenario.facts if "isdn" in f.keywords)
    assert reaction.kind == "fact" and reaction.text in isdn.answers, reaction


@pytest.mark.parametrize("scenario_id", SCENARIOS)
@pytest.mark.parametrize("move", ["ask", "empathise"])
def test_the_request_summed_up_is_confirmed_not_answered_with_a_fact(library, scenario_id, move):
    scenario, state, _ = start(library, scenario_id)
    reaction = say(state, scenario, "So to recap, you want this sorted at your new address by the 14th?", move)
    assert reaction.kind == "confirmed", reaction


def test_the_address_asked_for_is_the_address_not_the_story_of_the_move(library):
    """QA round 7: "Which address should the courier go to, the new office?" got "We moved today..."."""
    scenario, state, _ = start(library, "friday-data-line")
    reaction = say(state, scenario, "Which address should the courier go to, the new office?", "ask")
    address = next(f for f in scenario.facts if f.topic == "address")
    assert reaction.kind == "fact" and reaction.text in address.answers, reaction


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_a_close_the_model_cannot_read_still_ends_the_resolved_call(library, scenario_id):
    scenario, state, _ = start(library, scenario_id)
    for text in owning_replies(scenario):
        say(state, scenario, text, "commit")
    guess = score_reply("cheers then, all the best", ranking(("greet", 0.3), ("offer_alternative", 0.3),
                                                              ("refuse", 0.3)), [], scenario)
    assert guess.unsure
    reaction = persona.react(state, scenario, guess)
    assert reaction.outcome == "resolved" and reaction.text in scenario.goodbye_lines["resolved"], reaction


@pytest.mark.parametrize("text, answered_as_the_rule", [
    ("I'm not going to tell you rules are rules. Let me look at what retention can do for you.", False),
    ("Rules are rules, I'm afraid.", True),
])
def test_a_rule_set_aside_is_not_answered_as_the_rule(library, text, answered_as_the_rule):
    """QA round 7: the rule named only to disown it got "Yes, I've heard that. Rules are made by people"."""
    scenario, state, _ = start(library, "denied-iphone")
    reaction = say(state, scenario, text, "cite_policy")
    assert (reaction.kind in {"procedure", "policy_repeated"}) is answered_as_the_rule, reaction


# (hand-off the trainee made, a `deflected` line that names a different one) - QA round 7.
HAND_OFF_FITS = [
    ("You can do that online.", "I don't want to be put through again. You picked up, so keep it.", False),
    ("Nothing I can do, sorry.", "Please don't transfer me. Last time that took twenty minutes.", False),
    ("Call back in three weeks.", "Another department will only send me back to you. Deal with it yourself.", False),
    ("Call back in three weeks.", "The manager again. Is there ever a manager?", False),
    ("Another department handles that.", "Cancel and ask sales for a new subscription? That's a loop.", False),
    ("I'll transfer you to sales.", "I don't want to be put through again. You picked up, so keep it.", True),
    ("You'll have to take it up with my manager.", "If your manager has to decide, put your manager on the line.", True),
    ("Please call back tomorrow.", "Call back tomorrow? Who answers on a Saturday, exactly?", True),
    ("Another department handles that.", "Another department. Of course. And in a week they'll send me back to you.", True),
    ("You can do that online.", "So it's down to me to sort out? I called you so that you would.", True),
]


@pytest.mark.parametrize(("said", "line", "fits"), HAND_OFF_FITS)
def test_a_deflected_line_answers_the_hand_off_made(said, line, fits):
    assert persona.fits_hand_off(line, said) is fits


@pytest.mark.parametrize("scenario_id", SCENARIOS)
@pytest.mark.parametrize("said", ["You can do that online.", "Nothing I can do, sorry.", "Call back in three weeks."])
def test_the_customer_objects_only_to_the_hand_off_made(library, scenario_id, said):
    """Not "I don't want to be put through again" when nobody was put through (QA round 7)."""
    scenario = library.get(scenario_id)
    for seed in range(8):
        state = persona.new_state(scenario, seed)
        reaction = say(state, scenario, said, "deflect")
        assert persona.fits_hand_off(reaction.text, said), (seed, reaction)
        assert reaction.outcome is None


@pytest.mark.parametrize("scenario_id", SCENARIOS)
@pytest.mark.parametrize("mood", ["furious", "angry", "frustrated"])
def test_a_strong_reply_is_not_answered_with_weariness(library, scenario_id, mood):
    """After "This is mine now..." the customer is wary at worst, not "I'm tired of it, frankly"
    (QA round 7): the line answers the reply, not the call so far."""
    scenario = library.get(scenario_id)
    for seed in range(4):
        state = persona.new_state(scenario, seed)
        state.mood = mood
        reaction = say(state, scenario, "This is mine now. I'll chase it myself and ring you tomorrow at ten.", "ownership")
        if reaction.kind == "mood":
            assert reaction.text in scenario.mood_lines["wary"] + scenario.mood_lines["calm"], (seed, reaction)


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_a_second_different_no_is_not_called_a_repetition(library, scenario_id):
    """The first line for a second rule or refusal fits one in other words ("It's out of my
    hands" after "Those are the rules"): it names the no, not the words (QA round 7)."""
    scenario = library.get(scenario_id)
    state = persona.new_state(scenario, 1)
    state.patience = 100
    say(state, scenario, "Those are the rules.", "cite_policy")
    second = say(state, scenario, "I can't change that, the system won't let me.", "cite_policy")
    assert second.kind == "policy_repeated"
    assert not re.search(r"\b(?:said|told me|mentioned)\b[^.]*\balready\b", second.text), second


def all_met(library, scenario_id):
    scenario, state, _ = start(library, scenario_id)
    for text in owning_replies(scenario):
        say(state, scenario, text, "commit")
    assert not persona._open_needs(state, scenario) and state.outcome is None
    return scenario, state


@pytest.mark.parametrize("scenario_id", SCENARIOS)
@pytest.mark.parametrize("hold", ["Please wait one moment.", "Just a moment, let me check.", "Hang on a sec.",
                                  "Let me have a think.", "Let me think about what else I can do."])
def test_a_hold_after_is_that_everything_does_not_end_the_call(library, scenario_id, hold):
    """QA round 8: "Please wait one moment." after the customer asked whether that was everything
    ended the call, and what the agent still had to give was never said."""
    scenario, state = all_met(library, scenario_id)
    reaction = persona.react(state, scenario, score_reply(hold, ranking(("ask_details", 0.9)), [], scenario))
    assert reaction.outcome is None and reaction.kind == "on_hold", reaction
    goodbye = say(state, scenario, "That's all sorted then. Thanks for your patience, goodbye.", "close")
    assert goodbye.outcome == "resolved"


@pytest.mark.parametrize("scenario_id", SCENARIOS)
@pytest.mark.parametrize("summary, move", [
    ("So to sum up: it's all in writing today and I ring you tomorrow before ten.", "commit"),
    ("You can reach me directly on 020 555 0142, ask for Sam.", "commit"),
    ("Just so you know, I'll also note all of this on your file.", "commit"),
])
def test_after_is_that_everything_the_agent_summarises_and_still_gets_to_close(library, scenario_id, summary, move):
    """QA round 16: 8 of 9 resolved calls ended on the trainee's summary or direct number, and the
    goodbye they had ready was never said. The customer has nothing more and waits for the close;
    the goodbye ends the call, and a second reply that does not close ends it all the same."""
    scenario, state = all_met(library, scenario_id)
    reaction = say(state, scenario, summary, move)
    assert reaction.outcome is None and reaction.kind == "said_all", reaction
    assert reaction.text in scenario.lines["said_all"] and state.said_all, reaction
    goodbye = say(state, scenario, "Thanks for your patience. Goodbye.", "close")
    assert goodbye.outcome == "resolved" and goodbye.text in scenario.goodbye_lines["resolved"], goodbye
    scenario, state = all_met(library, scenario_id)
    say(state, scenario, summary, move)
    assert say(state, scenario, summary.replace("So", "Again").replace("Just", "And"), move).outcome == "resolved"


@pytest.mark.parametrize("scenario_id, taken_back, need", [
    ("denied-iphone", "Actually, sorry, I've just checked and I can't do the iPhone after all. Migration rules.", "new_phone"),
    ("move-and-upgrade", "Sorry, I meant he comes on the Saturday after, moving day is full.", "working_on_moving_day"),
    ("nine-weeks", "I'm sorry, I can't reserve the laptop promotion after all.", "laptop_guaranteed"),
    ("unpaid-outage", "I'm afraid the credit isn't possible after all.", "goodwill_gesture"),
    ("friday-data-line", "Bad news, the courier can't bring the router tonight after all.", "office_online"),
    ("nine-weeks", "Sorry, I meant once the ISDN is cancelled, not today.", "laptop_guaranteed"),  # QA round 18
    # QA round 28: 6 of 10 calls with a take-back in other words still ended resolved.
    ("nine-weeks", "I was wrong about the router, I'm afraid, we don't have any in stock.", "work_in_gap"),
    ("move-and-upgrade", "Sorry, I need to correct myself: the technician can't come on moving day.",
     "working_on_moving_day"),
    ("move-and-upgrade", "Sorry, scratch that, planning tells me moving day is fully booked.", "working_on_moving_day"),
    ("unpaid-outage", "Forget the credit, I'm afraid, my team leader just told me it's not allowed.", "goodwill_gesture"),
    ("friday-data-line", "Scratch that, the courier doesn't run on Fridays.", "office_online"),
    ("denied-iphone", "I have to take back the discount on the handset, sorry.", "new_phone"),
    ("nine-weeks", "The router isn't free after all; it's 10 euro a month for the gap.", "work_in_gap"),  # QA round 30
    ("denied-iphone", "Hmm, actually I meant the 24-month plan without the phone, not with it.", "new_phone"),  # QA round 43
])
def test_what_met_a_need_taken_back_opens_it_again(library, scenario_id, taken_back, need):
    """QA round 17: 3 of 3 take-backs were thanked ("A new phone and an account that works") and
    the call ended resolved with every need met."""
    scenario, state = all_met(library, scenario_id)
    reaction = say(state, scenario, taken_back, "refuse")
    assert reaction.outcome is None and need not in state.met, reaction
    assert reaction.kind not in {"anything_else", "said_all", "accept"}, reaction
    assert say(state, scenario, "Thanks for calling, goodbye.", "close").outcome != "resolved"


@pytest.mark.parametrize("scenario_id, text, need, met", [
    ("nine-weeks", "My manager said yes to the laptop.", "laptop_guaranteed", True),
    ("move-and-upgrade", "Good news: planning said yes to the technician on your moving day.", "working_on_moving_day",
     True),
    ("nine-weeks", "Marketing never said yes to the laptop, I'm afraid.", "laptop_guaranteed", False),
    ("nine-weeks", "Marketing hasn't said yes to the laptop yet.", "laptop_guaranteed", False),
    ("nine-weeks", "Did marketing say yes to the laptop?", "laptop_guaranteed", False),
])
def test_a_yes_relayed_in_the_needs_own_words_meets_it(library, scenario_id, text, need, met):
    """Play-through 39: 4 of 4 yeses that did not repeat the offer's words went unheard ("You're not
    hearing me")."""
    scenario, state, _ = start(library, scenario_id)
    say(state, scenario, text, "explain")
    assert (need in state.met) is met, state


def test_a_deed_done_by_another_team_and_passed_on_meets_the_need(library):
    """Held at 59 on ownership since play-through 39, "Billing put the credit on" is the credit given,
    not floated (the replay: "You mentioned a goodwill gesture. Is that decided now, or still a maybe?")."""
    scenario, state, _ = start(library, "unpaid-outage")
    say(state, scenario, "Billing put the credit on this morning: three months of your subscription, 150 euros.",
        "exception")
    assert "goodwill_gesture" in state.met, state


@pytest.mark.parametrize("scenario_id, swap, need", [
    ("nine-weeks", "Scratch that, a stick is too slow for your work: I'm sending a 4G router instead, tomorrow, free.",
     "work_in_gap"),
    ("denied-iphone", "Actually, scratch that, better for you: I'm putting you on the 24-month plan with the new iPhone "
     "included, same 50 euros a month.", "new_phone"),
])
def test_what_is_scratched_for_something_better_keeps_the_need_met(library, scenario_id, swap, need):
    """Play-through 39: 5 of 14 such corrections left the need open, and the customer asked for
    what had just been given."""
    scenario, state = all_met(library, scenario_id)
    reaction = say(state, scenario, swap, "offer")
    assert need in state.met and reaction.outcome is None, reaction
    assert say(state, scenario, "Thanks for calling, goodbye.", "close").outcome == "resolved"


@pytest.mark.parametrize("correction", ["sorry, I meant the router goes out Thursday, not today.",
                                        "Sorry, I meant the stick ships tomorrow, not today."])
def test_the_gaps_router_put_to_another_day_leaves_the_laptop_met(library, correction):
    """QA round 54: "I meant ... not today" about the router took back the laptop reservation (2 of 2),
    and "what have we agreed?" got "Nothing"."""
    scenario, state = all_met(library, "nine-weeks")
    reaction = say(state, scenario, correction, "commit")
    assert "laptop_guaranteed" in state.met and reaction.kind != "still_open", (reaction, state)
    say(state, scenario, "I meant the laptop from the date of the order, not today.", "commit")
    assert "laptop_guaranteed" not in state.met  # (the laptop's own date put back still takes it back)


def test_one_offer_put_right_to_another_is_offered_again(library):
    """Play-through 40: "I misspoke: it's a stick, not a router" left the need open (2 of 2), and the
    customer asked how to work in the meantime; now the stick is offered, to be pinned down."""
    scenario, state = all_met(library, "nine-weeks")
    reaction = say(state, scenario, "Sorry, I misspoke earlier: it's a mobile internet stick, not a router, same thing, "
                                    "free of charge.", "offer")
    assert "work_in_gap" in state.met + state.pending, reaction
    assert reaction.text not in [persona.one_ask(line) for line in scenario.need("work_in_gap").still_open], reaction


@pytest.mark.parametrize("text, unsure", [
    ("Sorry, scratch that, moving day is fully booked.", True),
    # (Since QA round 29 scored as news passed on, neutral; the take-back is read either way.)
    ("Sorry, scratch that, planning tells me moving day is fully booked.", False),
])
def test_a_take_back_the_model_cannot_read_still_opens_the_need_and_is_answered_about_it(library, text, unsure):
    """QA round 28: "Sorry, scratch that, planning tells me moving day is fully booked" was not
    scored, the customer thanked the agent and the call ended resolved."""
    scenario, state = all_met(library, "move-and-upgrade")
    guess = ranking(("offer_alternative", 0.3), ("deflect", 0.25), ("explain_procedure", 0.25), ("take_ownership", 0.2))
    score = score_reply(text, guess, [], scenario)
    assert score.unsure is unsure and not score.offers, score
    reaction = persona.react(state, scenario, score)
    assert "working_on_moving_day" not in state.met and reaction.outcome is None, reaction
    assert reaction.text in [persona.one_ask(line) for line in scenario.need("working_on_moving_day").still_open], reaction


def test_a_take_back_heard_as_a_no_is_answered_about_what_was_taken_back(library):
    """QA round 28: the router taken back was answered "You're saying no to a laptop that's printed
    in your own leaflet": the objection named another need's words."""
    scenario, state = all_met(library, "nine-weeks")
    reaction = say(state, scenario, "I was wrong about the router, I'm afraid, we don't have any in stock.", "refuse")
    assert reaction.text in [persona.one_ask(line) for line in scenario.need("work_in_gap").still_open], reaction


# QA round 29: 4 of 4 recaps that said a promise smaller, vaguer or handed on ended resolved with
# "Keep it up: you owned the problem". (promise, what weakens it, the need, the words quoted back)
WEAKENED = [
    ("denied-iphone", "I'm moving you to the 24-month plan with the new iPhone today, and fixing your login and email "
     "while we talk.", "So to recap: you're on the 24-month plan with the new iPhone, and I'll ask IT to look at your "
     "login sometime next week.", "account_fixed", "I'll ask IT to look at your login sometime next week"),
    ("nine-weeks", "I'm reserving the laptop promotion against today's order date in writing now, and I'm sending you a "
     "free 4G router for the gap, it goes out tomorrow.", "So to sum up: the laptop is reserved in writing, and I'll "
     "see whether a router is possible.", "work_in_gap", "I'll see whether a router is possible"),
    ("unpaid-outage", "I'm crediting three months, 150 euro, today, and I'll be your contact from now on; I'll call you "
     "Monday at 9.", "So to wrap up: one month, 50 euro, is credited, and someone from the account team will be in "
     "touch.", "goodwill_gesture", "one month"),  # (the months cut first: "one month" after three)
    ("friday-data-line", "I'm sending a 4G router by courier tonight, and I'll call the data division myself and ring "
     "you at 8 with their answer.", "So just to recap: a router is on its way, and the data division will call you on "
     "Monday morning.", "someone_on_it", "the data division will call you on Monday morning"),
    # QA round 30: 14 of 14 calls whose promise was walked back this way ended resolved.
    ("friday-data-line", "And I'm sending a 4G router by courier to your new office tonight.",
     "Update: the courier can't do tonight; the router will come Monday.", "office_online", "the router will come Monday"),
    ("move-and-upgrade", "I'm putting the move and the TV upgrade in one order now, and I'm booking the technician for "
     "the 14th.", "The technician will be the 21st, not the 14th, that's the first slot.", "working_on_moving_day",
     "The technician will be the 21st"),
    ("nine-weeks", "I'm reserving the laptop promotion against today's order date and emailing you the written "
     "guarantee now.", "About the laptop: I've passed it on to marketing, they'll decide.", "laptop_guaranteed",
     "I've passed it on to marketing"),
    ("unpaid-outage", "I'm crediting three months, 150 euro, today.",
     "The credit: let me see what my manager says; maybe we can do something.", "goodwill_gesture",
     "let me see what my manager says"),
    ("unpaid-outage", "I'm your contact from now on; I'll call you Monday at 9.",
     "Actually, your account manager will call you instead, sometime next week.", "follow_up_person",
     "your account manager will call you instead"),
    ("nine-weeks", "And I'm sending you a free 4G router for the gap; it goes out tomorrow.",
     "About the router: it'll probably be next week rather than tomorrow, and there may be a small fee.", "work_in_gap",
     "it'll probably be next week rather than tomorrow"),
    ("move-and-upgrade", "I'm putting the move and the TV upgrade in one order.",
     "Actually the TV department has to add the upgrade after the move; I'll pass it on to them.", "one_order",
     "Actually the TV department has to add the upgrade after the move"),
    # Play-through 38: the amount cut in a reply that names no need (1 of 2 went unnoticed, and the
    # call ended resolved).
    ("unpaid-outage", "I'm crediting three months, 150 euro, today.", "Sorry, I said 150 before, but it can only be 50 "
     "euros.", "goodwill_gesture", "Sorry, I said 150 before, but it can only be 50 euros"),
    ("unpaid-outage", "I'm crediting three months, 150 euro, today.", "My mistake, the maximum I can do is 50 euros.",
     "goodwill_gesture", "My mistake, the maximum I can do is 50 euros"),
    ("unpaid-outage", "I'm crediting three months, 150 euro, today.", "Correction: 50 euros, not 150.",
     "goodwill_gesture", "Correction: 50 euros, not 150"),
    ("unpaid-outage", "I'm crediting three months, 150 euro, today.", "Sorry, it can only be 50eur.",
     "goodwill_gesture", "Sorry, it can only be 50eur"),
    # QA round 42: cuts in months or percent went unnoticed (3 of 3).
    ("unpaid-outage", "I'll credit three months of your subscription today as a goodwill gesture.",
     "Actually, I need to correct myself: it's two months, not three.", "goodwill_gesture",
     "Actually, I need to correct myself: it's two months, not three"),
    # (The new amount is the case's discount put right, so the customer quotes it alone: QA round 54.)
    ("denied-iphone", "I'll give you a 50 percent discount on a new iPhone today.", "Actually, make that 25 percent, I can't do 50.",
     "new_phone", "make that 25 percent"),
    # QA round 43: the time said in a clause of its own was not kept, so a later one weakened nothing.
    ("nine-weeks", "I'll send you a 4G router for the gap, free, tomorrow.", "Sorry, I meant the router next month, not "
     "tomorrow.", "work_in_gap", "I meant the router next month"),
]


@pytest.mark.parametrize("scenario_id, promise, weaker, need, quoted", WEAKENED)
def test_a_promise_said_again_weaker_opens_the_need_and_is_quoted_back(library, scenario_id, promise, weaker, need,
                                                                     quoted):
    scenario, state, _ = start(library, scenario_id)
    say(state, scenario, promise, "commit")
    assert need in state.met and state.promised[need].owned, state
    mood = state.mood
    reaction = say(state, scenario, weaker, "offer")
    assert need not in state.met and reaction.outcome is None, reaction
    assert reaction.kind == "weakened" and f'"{quoted}"' in reaction.text, reaction
    assert MOOD_SCALE.index(state.mood) <= MOOD_SCALE.index(mood), (mood, state.mood)
    assert say(state, scenario, "Thanks for calling, goodbye.", "close").outcome != "resolved"


@pytest.mark.parametrize("scenario_id, promise, again", [
    # The same promise said again, or more, or with the agent's own step beside a hand-off.
    ("unpaid-outage", "I'm crediting three months, 150 euro, today, and I'll be your contact from now on.",
     "So to recap: 150 euro credited today, and I'm your contact."),
    ("unpaid-outage", "I'm crediting 100 euro today as a goodwill gesture.", "Actually, let's make it the full 150 euro credit."),
    # More, not less; and a contract's length is no months of credit.
    ("denied-iphone", "I'll give you a 30 percent discount on a new iPhone today.", "Actually, make that 50 percent."),
    ("denied-iphone", "I'm putting you on the 24-month plan with a new iPhone today.",
     "So the 24 months replace your 18 months, and the phone ships tomorrow."),
    ("friday-data-line", "I'm sending a 4G router by courier tonight, and I'll call the data division myself and ring "
     "you at 8 with their answer.", "To recap: the router comes tonight, the data division will call you too, and I'll "
     "ring you at 8 myself."),
    ("nine-weeks", "I'm sending you a free 4G router for the gap, it goes out tomorrow.",
     "Shall I see whether I can get the router out today instead?"),  # a question weakens nothing
    ("nine-weeks", "I'm sending you a free 4G router for the gap, it goes out tomorrow.",
     "The router goes out tomorrow, and the courier might ring before he comes."),  # a hedge on something else
    # QA round 30's calls that kept their promise: more given for the need, another need's time, a
    # hedge on something not promised, the agent's own new time.
    ("friday-data-line", "I'm sending a 4G router by courier tonight, free of charge.",
     "I'm booking the on-call technician for tomorrow morning as an exception."),
    ("nine-weeks", "I'm reserving the laptop promotion against today's order date, in writing, by email today.",
     "So to sum up: laptop reserved in writing, and I'll call you Thursday at 10 about the KPN date."),
    ("friday-data-line", "I'm also sending a 4G router by courier tonight.",
     "I can't promise the line works tonight, but you'll have the router and my direct number, 010-555 2211."),
    ("unpaid-outage", "I'm your contact from now on; I'll call you tomorrow at 10 with the answer.",
     "I'm your contact from now on; I'll call you Monday at 9."),
    # A delivery detail is no delay (QA round 31: "the phone ships tomorrow" read as the promise made
    # smaller, 3 of 3).
    ("denied-iphone", "I'm moving you to the 24-month plan with the new iPhone today.", "The phone ships tomorrow."),
    # A comma inside an amount or a colon inside a time joins, it does not split (guards: the recap's
    # clauses come from the scorer's clause breaks since stop 47).
    ("unpaid-outage", "I'm crediting 137,50 euro today as a goodwill gesture.", "To recap: 137,50 euro credited today."),
    ("unpaid-outage", "I'm crediting 150 euro today, and I'll call you tomorrow at 9:30 to confirm.",
     "Recap: 150 euro credited today; I call you tomorrow at 9:30."),
    # An amount that is a price, or no smaller than the one promised (guards for the cut above).
    ("unpaid-outage", "I'm crediting three months, 150 euro, today.", "Your plan is only 50 euros a month, so that's "
     "three months back."),
    ("unpaid-outage", "I'm crediting three months, 150 euro, today.", "That's the maximum: 150 euros, on your next bill."),
])
def test_a_promise_said_again_as_strong_keeps_the_need_met(library, scenario_id, promise, again):
    scenario, state, _ = start(library, scenario_id)
    say(state, scenario, promise, "commit")
    met = list(state.met)
    assert met, state
    reaction = say(state, scenario, again, "commit")
    assert all(need in state.met for need in met) and reaction.kind != "weakened", reaction


@pytest.mark.parametrize("scenario_id, asked, need, meanwhile, yes", [
    ("unpaid-outage", "I'm asking my manager to approve three months' credit, 150 euro; I'll call you tomorrow at 10 "
     "with the answer.", "goodwill_gesture", "I'm your contact from now on; I'll call you Monday at 9.",
     "Good news: my manager approved it, the 150 euro credit is on your account."),
    ("move-and-upgrade", "I'm asking my team lead, Joost, to approve the move and upgrade in one order; I'll call you at "
     "4 with the answer.", "one_order", "I'm booking the technician for the morning of the 14th myself.",
     "I'm putting the move and the upgrade in one order now."),
    ("friday-data-line", "I'm asking my manager, Esther, to approve a 4G router by courier; I'll call you at 7 with her "
     "answer.", "office_online", "I'll call you back at 7 myself.", "She's approved it: the 4G router goes out by courier "
     "tonight."),
    # The yes without the offer's words (QA round 31: the approved iPhone stayed open).
    ("unpaid-outage", "I'm asking my manager to approve three months' credit, 150 euro; I'll call you tomorrow at 10 "
     "with the answer.", "goodwill_gesture", "I'm your contact from now on.", "Good news: my manager approved it."),
    # Asked in plainer words, and a yes that only refers back (QA round 33: 5 of 5 left the need open).
    ("denied-iphone", "I'm asking my manager about the 24-month plan with the new iPhone now.", "new_phone",
     "I'm fixing your login while we wait.", "Good news, my manager said yes."),
    ("nine-weeks", "I'm asking my manager whether I can reserve the laptop promotion in writing.", "laptop_guaranteed",
     "Bear with me.", "She said yes."),
    ("friday-data-line", "I'm asking my supervisor about the on-call technician tonight.", "office_online",
     "Still holding, sorry.", "He said yes, he's booked for 8 tomorrow morning."),
    # A team named bare (QA round 54: the call resolved on the request, 2 of 2).
    ("unpaid-outage", "I've asked account management to approve a goodwill credit for you, and I'll call you at 4 "
     "with their answer.", "goodwill_gesture", "I'm your contact from now on.",
     "Account management approved it: 150 euro credit, on your next bill."),
])
def test_an_option_put_to_someone_to_approve_waits_for_the_yes(library, scenario_id, asked, need, meanwhile, yes):
    """QA round 30: 6 of 7 calls whose option was put to a manager to approve ended resolved before
    any answer came ("That's a fair deal for both of us"). The customer waits for the answer (QA
    round 33: 8 of 10 asked whether it was done, or thanked the agent for it)."""
    scenario, state, _ = start(library, scenario_id)
    reaction = say(state, scenario, asked, "commit")
    assert need not in state.met and need in state.pending and need in state.awaiting, state
    waits = [line.replace("{need}", scenario.need(need).description) for line in scenario.lines["awaiting"]]
    assert any(line in reaction.text for line in waits), reaction  # beside the thanks for a contact given
    say(state, scenario, meanwhile, "commit")
    assert need not in state.met and need in state.awaiting, state
    say(state, scenario, yes, "commit")
    assert need in state.met and need not in state.awaiting and need not in state.pending, state


@pytest.mark.parametrize("answer", ["Sorry, I asked my team lead and yes, I can give you two months' credit. I'm putting it "
                                    "on your account now.",
                                    "I checked with my manager and yes: three months' credit, 150 euro, it's on your "
                                    "account now."])
def test_the_deciders_yes_told_with_the_offer_is_no_question_put(library, answer):
    """QA round 51: "I asked my team lead and yes, I can give you two months' credit" got "Very well,
    ask. I'll wait for the answer", as if the agent had only now put it to them."""
    scenario, state, _ = start(library, "unpaid-outage")
    say(state, scenario, answer, "exception")
    assert "goodwill_gesture" in state.met and not state.awaiting, state


@pytest.mark.parametrize("no", ["She said no, sorry.", "My team leader turned it down, I'm afraid."])
def test_the_deciders_no_leaves_nothing_waiting(library, no):
    """QA round 34: asked, refused, then "Bye." scored 50, not "closed with nothing done" (12 of 12)."""
    scenario, state, _ = start(library, "move-and-upgrade")
    say(state, scenario, "I'm asking my team leader now whether I can put the move and the upgrade in one order.",
        "commit")
    assert "one_order" in state.awaiting and persona.nothing_done_yet(state, scenario, 1)
    say(state, scenario, no, "refuse")
    assert "one_order" not in state.pending and not state.awaiting, state
    assert persona.nothing_done_yet(state, scenario, 1)


def test_a_promise_kept_in_the_slot_survives_the_round_trip(library):
    scenario, state, _ = start(library, "unpaid-outage")
    say(state, scenario, "I'm crediting three months, 150 euro, today, and I'll be your contact from now on.", "commit")
    again = CustomerState.from_slot(state.to_slot())
    assert again.promised == state.promised and again.promised["goodwill_gesture"].euros == 150
    assert say(again, scenario, "So: one month back, 50 euro.", "offer").kind == "weakened"


@pytest.mark.parametrize("cut", ["Almost: the credit is one month back, 50 euro, that's what I can do. Is that everything "
                                 "for you?",
                                 "So: one month back, 50 euro. Anything else?"])
def test_a_cut_followed_by_a_question_is_still_heard(library, cut):
    """QA round 52: "Almost: the credit is one month back, 50 euro, ... Is that everything for you?"
    after 150 was committed went unnoticed, and the call resolved 100/100."""
    scenario, state, _ = start(library, "unpaid-outage")
    say(state, scenario, "I'm putting a goodwill credit of 150 euros on your account today.", "exception")
    assert "goodwill_gesture" in state.met
    reaction = say(state, scenario, cut, "offer")
    assert reaction.kind == "weakened" and "goodwill_gesture" not in state.met, reaction


def test_a_question_alone_weakens_nothing(library):
    scenario, state, _ = start(library, "unpaid-outage")
    say(state, scenario, "I'm putting a goodwill credit of 150 euros on your account today.", "exception")
    say(state, scenario, "Shall I see whether I can do a bit less, 50 euro?", "offer")
    assert "goodwill_gesture" in state.met, state


# Play-through 36: "Correct me if I'm wrong, but that's the login and email still to do?" then "I'm
# fixing both now." left the account open, and the call ended abandoned.
@pytest.mark.parametrize("scenario_id, recap, taken_on, needs", [
    ("denied-iphone", "Correct me if I'm wrong, but that's the login and email still to do?", "I'm fixing both now.",
     {"account_fixed"}),
    ("move-and-upgrade", "So you want the move and the digital TV upgrade together, is that right?",
     "I'm booking all of that now, confirmation by email within the hour.", {"one_order"}),
    ("friday-data-line", "Let me check I've understood: twelve people need a connection tonight, a router or an "
     "engineer, is that it?", "I'm sorting that for you right now.", {"office_online"}),
    # Play-through 38: "both" beside one of them named meets both (2 of 2 met only the one named).
    ("unpaid-outage", "So what's open is a gesture for the outage and a named person who follows up, correct?",
     "I'll do both today: I'm sorting it right now and I'll call you Thursday at 10.",
     {"goodwill_gesture", "follow_up_person"}),
])
def test_what_a_checked_summary_named_is_taken_on_by_the_next_reply(library, scenario_id, recap, taken_on, needs):
    scenario, state, _ = start(library, scenario_id)
    say(state, scenario, recap, "ask")
    assert not state.met, state
    say(state, scenario, taken_on, "commit")
    assert set(state.met) == needs, state.met


@pytest.mark.parametrize("recap, between, then", [
    # A call-back is no doing of what was checked back.
    ("Correct me if I'm wrong, but that's the login and email still to do?", None, "I'll call you back at 5 about it."),
    # The summary counts for the reply after it only.
    ("Correct me if I'm wrong, but that's the login and email still to do?", "Can I have your customer number?",
     "I'm fixing both now."),
])
def test_a_checked_summary_is_taken_on_only_by_doing_it_next(library, recap, between, then):
    scenario, state, _ = start(library, "denied-iphone")
    say(state, scenario, recap, "ask")
    if between:
        say(state, scenario, between, "ask")
    say(state, scenario, then, "commit")
    assert "account_fixed" not in state.met, state.met


@pytest.mark.parametrize("scenario_id, reply", [
    ("unpaid-outage", "Forget the form letter, I'm putting a goodwill credit of three months through today."),
    ("unpaid-outage", "Forget the queue, I'll be your contact from now on, my direct number is 020 555 0142."),
    ("denied-iphone", "Sorry, I meant Thursday at two for the call, not Wednesday."),  # the same help, another day
    ("move-and-upgrade", "Can you not do moving day?"),  # a question takes nothing back
    ("move-and-upgrade", "I'm doing the move and upgrade in one go, fee's off, done."),  # another clause's "off"
    ("denied-iphone", "I can't do the free iPhone on the 18-month plan after all, but 50% off the new iPhone I can do right now."),
])
def test_a_correction_that_keeps_the_help_opens_nothing(library, scenario_id, reply):
    scenario, state = all_met(library, scenario_id)
    say(state, scenario, reply, "commit")
    assert not persona._open_needs(state, scenario), state.met


@pytest.mark.parametrize("question", ["So what have we agreed so far?", "Can you tell me what I've arranged for you today?",
                                      "What did I promise you at the start of this call?"])
@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_asked_what_was_agreed_the_customer_says_it(library, scenario_id, question):
    """QA round 17: 9 of 9 recap questions got another fact, "I'd have to dig that up" or an old
    complaint. Before anything is met: nothing yet; once everything is: every need met, in order."""
    scenario, state, _ = start(library, scenario_id)
    early = say(state, scenario, question, "ask")
    assert early.kind == "recap" and early.text in [persona.one_ask(l) for l in scenario.lines["nothing_agreed"]], early
    scenario, state = all_met(library, scenario_id)
    late = say(state, scenario, question, "ask")
    assert late.kind == "recap" and late.outcome is None, late
    descriptions = [scenario.need(n).description for n in state.met]
    assert all(d in late.text for d in descriptions) and late.text.index(descriptions[0]) < late.text.index(
        descriptions[-1]), late


@pytest.mark.parametrize("reply, topic", [
    ("let me fix the email too - whats the right spelling?", "email"),
    ("I'm sending a test mail now. Did it arrive?", "test_email"),
])
def test_a_detail_asked_beside_a_deed_is_given(library, reply, topic):
    """QA round 18: the spelling asked for beside the fix, and whether the test mail arrived, went
    unanswered."""
    scenario, state, _ = start(library, "denied-iphone")
    reaction = say(state, scenario, reply, "commit")
    answers = [a for f in scenario.facts if f.topic == topic for a in f.answers]
    assert any(reaction.text.startswith(a.split(". ")[0]) for a in answers), reaction  # (its first sentence)


@pytest.mark.parametrize("scenario_id, floated, on_its_way", [
    ("nine-weeks", "And a 4G router for the gap, free.", "It'll be with you Thursday, 8 to 12."),
    ("friday-data-line", "Shall I book the on-call technician for tonight?", "The technician will be there."),
])
def test_what_was_floated_said_to_be_on_its_way_is_met(library, scenario_id, floated, on_its_way):
    """QA round 41: after "It'll be with you Thursday, 8 to 12." the goodbye got "You mentioned a way to
    work... Is that actually arranged now?", and 4 such calls ended abandoned."""
    scenario, state, _ = start(library, scenario_id)
    say(state, scenario, floated, "offer")
    assert state.pending, state
    pending = list(state.pending)
    persona.react(state, scenario, score_reply(on_its_way, ranking(("explain_procedure", 0.3), ("commit_next_step", 0.25)),
                                               [], scenario))
    assert set(pending) <= set(state.met), state


@pytest.mark.parametrize("deed", ["ok, fixed it.", "I did, I just fixed it a minute ago. Try logging in now.",
                                  "Fixed both just now."])
def test_a_deed_done_to_it_meets_the_need_just_raised(library, deed):
    """QA round 53: "Fixed it." right after "I still can't get into my own account..." was thanked, but
    the need stayed open and 5 calls ended abandoned at the goodbye. Words the band check holds
    neutral, as it did these."""
    scenario, state, _ = start(library, "denied-iphone")
    say(state, scenario, "I'm moving you to the 24-month plan with the new iPhone today, confirmation by email.",
        "commit")
    raised = persona._need_just_raised(state, scenario)
    assert raised == "account_fixed", state.used
    persona.react(state, scenario, dataclasses.replace(score_reply(deed, SURE["commit"], [], scenario), ownership=59))
    assert "account_fixed" in state.met, state


def test_a_deed_done_to_it_meets_nothing_unraised(library):
    scenario, state, _ = start(library, "denied-iphone")
    say(state, scenario, "Fixed it.", "commit")
    assert not state.met, state


@pytest.mark.parametrize("goodbye", ["No sir, that's all. Thank you for staying with us. Goodbye!", "Nope. Happy moving!",
                                     "Nothing, that's all. Tot ziens!", "No, that's everything. Auf Wiedersehen!"])
@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_no_to_is_that_everything_with_a_goodbye_ends_the_call(library, scenario_id, goodbye):
    """QA round 52: 9 calls heard "No sir, that's all. Goodbye!" as a refusal ("Fine, that's the rule")
    and did not end; "Tot ziens!" did not end the call."""
    scenario, state = all_met(library, scenario_id)
    reaction = persona.react(state, scenario, score_reply(goodbye, ranking(("refuse", 0.6), ("close", 0.3)), [], scenario,
                                                          all_met=True))
    assert reaction.outcome == "resolved", reaction


@pytest.mark.parametrize("scenario_id, floated", [
    ("unpaid-outage", "What I can do: a goodwill credit of three months, a backup SIM on another network, or both. "
     "What would you like?"),
    ("denied-iphone", "I can offer you two things: the 24-month plan with the new iPhone, or 50% off the phone on your "
     "current plan. Which one?"),
    ("move-and-upgrade", "I could put the move and the TV upgrade in one order, would that work?"),
])
@pytest.mark.parametrize("pick", ["Deal.", "Both.", "Both, then.", "Option one.", "Okay, the first one.", "Yes, that.",
                                  "Let's do that.", "The one then.",
                                  # Play-through 66: "sure thing" was not scored, and "I don't follow" (3 of 3).
                                  "sure thing", "Sure thing!", "You got it.", "Consider it done."])
def test_a_floated_option_picked_in_plain_words_is_taken(library, scenario_id, floated, pick):
    """QA round 51: "Deal.", "Both.", "Option one." after an option was floated got "I don't follow"
    (9 replies), and 3 calls ended abandoned over "was it just a suggestion?". Words the model
    cannot read, as it could not these."""
    scenario, state, _ = start(library, scenario_id)
    say(state, scenario, floated, "offer")
    pending = list(state.pending)
    assert pending and not state.met, state
    reaction = persona.react(state, scenario, score_reply(pick, ranking(("close", 0.2), ("greet", 0.18)), [], scenario))
    assert set(pending) <= set(state.met) and reaction.kind != "unclear", (reaction, state)


@pytest.mark.parametrize("text", ["The rules are the rules then.", "Fine.", "the credit then?"])
def test_words_that_pick_nothing_leave_the_floated_option_floated(library, text):
    scenario, state, _ = start(library, "unpaid-outage")
    say(state, scenario, "A goodwill credit of three months, would that help?", "offer")
    pending = list(state.pending)
    persona.react(state, scenario, score_reply(text, ranking(("close", 0.2), ("greet", 0.18)), [], scenario))
    assert state.pending == pending and not state.met, state


@pytest.mark.parametrize("text, ends", [
    # QA round 42: a time or a fact the model cannot read ended the call as resolved (6 of 6).
    ("Between 8 and 12.", False), ("Before nine.", False), ("It'll be on your next invoice.", False),
    # Unclear words of a goodbye still close it.
    ("cheers, all the best", True),
])
def test_an_unclear_time_after_is_that_everything_carries_the_call_on(library, text, ends):
    scenario, state = all_met(library, "move-and-upgrade")
    score = score_reply(text, ranking(("commit_next_step", 0.2), ("explain_procedure", 0.18)), [], scenario)
    reaction = persona.react(state, scenario, score)
    assert (reaction.outcome == "resolved") == ends, reaction


def test_a_team_asked_whether_is_no_hand_off(library):
    """QA round 42: "I'll ask planning whether the technician can come on the 14th." got "So I have to
    sort it out myself?" (2 of 2); asking "my manager" the same worked 4 of 4."""
    scenario, state, _ = start(library, "move-and-upgrade")
    reaction = persona.react(state, scenario, score_reply("I'll ask planning whether the technician can come on the 14th.",
                                                          ranking(("deflect", 0.38), ("escalate_for_customer", 0.3)),
                                                          [], scenario))
    assert reaction.kind not in {"deflected", "unclear"}, reaction


def test_a_commitment_to_something_else_does_not_meet_what_was_only_floated(library):
    """QA round 20: "Let me see what retention can do for you." then "I'm resetting your login and
    fixing the email now." got "That's what I called for", and the call ended resolved with the
    phone never addressed."""
    scenario, state, _ = start(library, "denied-iphone")
    say(state, scenario, "Let me see what retention can do for you.", "offer")
    assert state.pending == ["new_phone"], state.pending
    say(state, scenario, "I'm resetting your login and fixing the email now, it'll be done in two minutes.", "commit")
    assert "account_fixed" in state.met and "new_phone" not in state.met and state.pending == ["new_phone"], state


def test_an_apology_with_the_agents_own_step_is_not_answered_as_mere_sympathy(library):
    """QA round 19: "I am very sorry for this. I call now myself the data division, you stay on line
    please." got "I don't need you to understand. I need the data line." """
    scenario, state, _ = start(library, "friday-data-line")
    reaction = persona.react(state, scenario, score_reply(
        "I am very sorry for this. I call now myself the data division, you stay on line please.",
        ranking(("apologise", 0.9)), [], scenario))
    assert reaction.kind != "empathy_only", reaction
    assert reaction.text not in scenario.lines["empathy_only"], reaction


def test_an_over_promise_after_a_floated_offer_is_no_yes_to_it(library):
    """QA round 18: "And we'll pay you for the assignment you lost, of course." after a floated
    credit got "I think that covers it. Anything else I need to do?"."""
    scenario, state, _ = start(library, "unpaid-outage")
    say(state, scenario, "I'll escalate it to your business account manager myself and call you back Thursday "
        "before 12 with their answer.", "commit")
    say(state, scenario, "I'd also like to give you a goodwill credit. Would you prefer one month now, or three "
        "months if you withdraw the cancellation?", "offer")
    assert state.pending, state
    reaction = say(state, scenario, "And we'll pay you for the assignment you lost, of course.", "commit")
    assert reaction.kind == "over_promise" and persona._open_needs(state, scenario), reaction


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_the_last_need_met_with_the_goodbye_in_the_same_reply_ends_the_call(library, scenario_id):
    """QA round 18: "So: one order, technician on the 14th, fee waived. Have a great move, goodbye!"
    got "Do you need anything else from me?" (3 of 5 such goodbyes)."""
    scenario, state, _ = start(library, scenario_id)
    *first, last = owning_replies(scenario)
    for text in first:
        say(state, scenario, text, "commit")
    reaction = say(state, scenario, f"{last} Thanks for your patience, goodbye!", "commit")
    assert reaction.outcome == "resolved" and reaction.text in scenario.goodbye_lines["resolved"], reaction


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_after_all_is_said_a_hold_is_waited_through_and_the_goodbye_ends_it(library, scenario_id):
    """QA round 19: once the customer had said it needed nothing more, "One moment, I'm trying the
    on-call technician" ended the call."""
    scenario, state = all_met(library, scenario_id)
    assert say(state, scenario, "So to sum up: it's all in writing today.", "commit").kind == "said_all"
    for reply in ("One moment, let me check one thing.", "One moment, I'm trying the on-call team."):
        reaction = say(state, scenario, reply, "commit")
        assert reaction.outcome is None, (reply, reaction)
    assert say(state, scenario, "Thanks for your patience. Goodbye.", "close").outcome == "resolved"


@pytest.mark.parametrize("reply", ["I'll close this case by Friday, after I've called you on Thursday at 10 to confirm.",
                                   "I'll close the case once the technician's been, and I'll call you on the 15th."])
@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_closing_the_case_later_is_no_goodbye(library, scenario_id, reply):
    """QA round 36: "I'll close this case by Friday" (a remark the README says stays a reply) ended
    the call as the agent's goodbye (2 of 2)."""
    scenario, state = all_met(library, scenario_id)
    assert say(state, scenario, reply, "commit").outcome is None
    assert say(state, scenario, "Thanks for your patience. Goodbye.", "close").outcome == "resolved"


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_one_more_offer_after_is_that_everything_is_taken_not_hung_up_on(library, scenario_id):
    """A gesture on top (a credit no need asked for) is taken; the agent's close still ends it."""
    scenario, state = all_met(library, scenario_id)
    extras = [o for o in scenario.offers if o.counts_as_flexibility and not persona._needs_served(scenario, [o.id])]
    if not extras:
        pytest.skip(f"{scenario_id} has no offer beyond its needs")
    reaction = say(state, scenario, f"{extras[0].examples[0]} I'll do it today and confirm it to you.", "commit")
    assert reaction.outcome is None and reaction.kind == "anything_else", reaction
    assert say(state, scenario, "Goodbye, and thanks for calling.", "close").outcome == "resolved"


@pytest.mark.parametrize("scenario_id", SCENARIOS)
@pytest.mark.parametrize("question", ["What's the problem exactly?", "ok what is the problem exactly", "So what happened?",
                                      "How can I help you today?",
                                      # QA round 26: "Not something I keep in my head" to all of these.
                                      "What's up?", "hi, what do u need?",
                                      "Hi, sorry, what did you say the problem was?",
                                      # QA round 46: "No idea, I'm afraid. Our IT man set it all up".
                                      "Hello, what's the case?"])
def test_asked_what_the_problem_is_the_customer_tells_it(library, scenario_id, question):
    """Not "No idea, I'd have to look it up" (QA round 8): early in the call the story again,
    without a second hello."""
    scenario, state, _ = start(library, scenario_id)
    reaction = say(state, scenario, question, "ask")
    assert reaction.kind in {"still_open", "fact"}, reaction  # (the case's own fact of what happened)
    assert not re.match(r"(?:yes, )?(?:hello|hi|good (?:morning|afternoon|evening))\b", reaction.text, re.I), reaction


@pytest.mark.parametrize("check, move", [("Is that better?", "ask"), ("Does that help?", "ask"),
                                         ("Ok, is it working now?", "ask"), ("OK?", "ask"),
                                         # QA round 41: heard as blame (3 of 3), or answered with a fact (5 of 5).
                                         ("Stop me when you're happy.", "blame")])
def test_a_check_that_it_helped_gets_what_is_still_open(library, check, move):
    """Play-through 39: 3 of 6 got "I can't tell you that off the top of my head"."""
    scenario, state, _ = start(library, "denied-iphone")
    say(state, scenario, "I've fixed your login and corrected your email just now.", "commit")
    reaction = say(state, scenario, check, move)
    assert reaction.kind == "still_open", reaction


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_a_check_once_everything_is_met_gets_no_fact(library, scenario_id):
    """Play-through 40: "Is that better?" with every need met got the director's letter recited."""
    scenario, state = all_met(library, scenario_id)
    reaction = say(state, scenario, "Is that better?", "ask")
    assert reaction.kind in {"anything_else", "said_all"} and reaction.outcome is None, reaction


def test_a_second_plain_explanation_is_no_repeated_no(library):
    """Play-through 39: after two explanations held neutral, 4 of 5 customers said "So it's still
    no." when nothing had been refused; a rule given twice still is one."""
    scenario, state, _ = start(library, "friday-data-line")
    first = say(state, scenario, "The data division's order is still open, which is why the fault line couldn't see it as "
                                 "a fault.", "explain")
    second = say(state, scenario, "The data division plans those orders on weekdays, and the fault line only sees lines "
                                  "that are live.", "explain")
    assert "policy_repeated" not in {first.kind, second.kind}, (first, second)
    say(state, scenario, "Those are the rules, I'm afraid.", "cite_policy")
    assert say(state, scenario, "The procedure is the procedure.", "cite_policy").kind == "policy_repeated"


@pytest.mark.parametrize("scenario_id", SCENARIOS)
@pytest.mark.parametrize("opening", ["Good morning, you're through to Mobile Customer Service, my name is Sanne. How can "
                                     "I help?", "Hi, my name is Joost, what can I do for you?"])
def test_the_agents_own_name_asks_nothing_of_the_customers(library, scenario_id, opening):
    """Play-through 39: 3 of 3 such openings got the customer's name, email and phone number."""
    scenario, state, _ = start(library, scenario_id)
    identity = [fact for fact in scenario.facts if "your name" in fact.keywords]
    reaction = say(state, scenario, opening, "greet")
    assert identity and not any(reaction.text.startswith(answer[:20]) for fact in identity for answer in fact.answers), reaction
    asked = say(state, scenario, "Can I have your name, please?", "ask")
    assert any(asked.text.startswith(answer[:20]) for fact in identity for answer in fact.answers), asked


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_asked_for_the_customer_number_the_customer_gives_it(library, scenario_id):
    """"Can I take your customer number?" is a question, not a step put to the customer ("is
    that an offer or an explanation?", QA round 8)."""
    scenario, state, _ = start(library, scenario_id)
    reaction = say(state, scenario, "Can I take your customer number?", "ask")
    assert reaction.kind == "fact" and any(ch.isdigit() for ch in reaction.text), reaction


@pytest.mark.parametrize("scenario_id", SCENARIOS)
@pytest.mark.parametrize("question, wanted, not_wanted", [
    # QA round 11: a number to call back on got the phone's faults or "I don't follow"; an email
    # address got a name and a birth date too.
    ("Can I get a phone number where I can reach you during the day?", r"\b06 \d{4} \d{4}\b", r"\bborn\b"),
    ("What's a good phone number to reach you on?", r"\b06 \d{4} \d{4}\b", r"\bborn\b"),
    ("What's your email so I can send the confirmation?", r"@", r"\bborn\b"),
])
def test_asked_for_their_phone_or_email_the_customer_gives_it(library, scenario_id, question, wanted, not_wanted):
    scenario, state, _ = start(library, scenario_id)
    reaction = say(state, scenario, question, "ask")
    assert reaction.kind == "fact" and re.search(wanted, reaction.text) and not re.search(not_wanted, reaction.text), reaction


@pytest.mark.parametrize("scenario_id", SCENARIOS)
@pytest.mark.parametrize("question", ["Whats going on?", "What's going on exactly?",
                                      "What would a good outcome look like for you?"])
def test_asked_whats_going_on_the_customer_tells_the_story(library, scenario_id, question):
    """QA round 11: "Not a clue, sorry. I'm an insurance adviser, not a telecom engineer."."""
    scenario, state, _ = start(library, scenario_id)
    reaction = say(state, scenario, question, "ask")
    assert reaction.kind in {"still_open", "fact"} and reaction.text not in scenario.lines["question_unknown"], reaction


@pytest.mark.parametrize("scenario_id", SCENARIOS)
@pytest.mark.parametrize("question, move", [
    ("No, nothing. Can I ask, what would make you withdraw the cancellation?", "ask"),
    ("What would help you most for those weeks?", "ask"),
    ("What would make you stay with us", "ask"),
    ("what would help you most with the phone and the bill?", "empathise"),
])
def test_asked_what_would_help_the_customer_says_what_is_open_not_a_fact(library, scenario_id, question, move):
    """QA round 53: "what would make you withdraw the cancellation?" got the cancellation's date,
    "What would help you most for those weeks?" the colleague's nine weeks: facts the words name,
    where the question asks what they still need."""
    scenario, state, _ = start(library, scenario_id)
    reaction = say(state, scenario, question, move)
    assert reaction.kind == "still_open", reaction
    assert any(reaction.text in (line, persona.one_ask(line)) for need in scenario.needs for line in need.still_open), \
        reaction


@pytest.mark.parametrize("question", ["Why did you cancel?", "why are you leaving us?", "What made you cancel?",
                                      "Can I ask the reason for leaving?"])
def test_asked_why_he_cancelled_the_customer_gives_the_reason_not_the_date(library, question):
    """QA round 53: "Why did you cancel?" got "The cancellation is confirmed for January 2013"."""
    scenario, state, _ = start(library, "unpaid-outage")
    reaction = say(state, scenario, question, "ask")
    assert reaction.kind == "fact" and "2013" not in reaction.text and re.search(r"letter", reaction.text), reaction


@pytest.mark.parametrize("question", ["new adres?", "What's your new address please?", "Where are you moving to?"])
def test_asked_for_the_new_address_the_customer_gives_the_new_one(library, question):
    scenario, state, _ = start(library, "move-and-upgrade")
    reaction = say(state, scenario, question, "ask")
    assert "Merelstraat 21" in reaction.text, reaction


def floated(library, scenario_id, also_examples=False):
    """A call in which an option for the case's first need was floated, not committed to: the
    scenario, the state and the need (the test is skipped when nothing said only floats it)."""
    need = next(need for need in library.get(scenario_id).needs if need.met_by)
    offers = [library.get(scenario_id).offer(offer_id) for offer_id in need.met_by]
    floats = [f"How about {o.description}?" for o in offers] + [f"One option might be to {o.description}, maybe?" for o in offers]
    for said in floats + ([e for o in offers for e in o.examples] if also_examples else []):
        scenario, state, _ = start(library, scenario_id)
        say(state, scenario, said, "offer")
        if need.id in state.pending:
            return scenario, state, need  # floated, not yet committed to
    pytest.skip(f"nothing said of {need.id} only floats it")


@pytest.mark.parametrize("scenario_id", SCENARIOS)
@pytest.mark.parametrize("then", ["Leave it with me, then.", "cool done."])
def test_an_offer_floated_then_done_in_plain_words_meets_the_need(library, scenario_id, then):
    """"3 months free, want it?" then "cool done.": the customer hears it done, though the words
    score no higher than neutral (QA round 8: "So far, nothing" after every item was given)."""
    scenario, state, need = floated(library, scenario_id, also_examples=True)
    done = persona.react(state, scenario, score_reply(then, ranking(("close", 0.9)), [], scenario))
    assert need.id in state.met and done.outcome is None, (done, state)


@pytest.mark.parametrize("scenario_id", SCENARIOS)
@pytest.mark.parametrize("then", ["Anything else I can do for you?", "Hello? Are you still there?"])
def test_an_offer_floated_and_never_committed_is_brought_back_as_such(library, scenario_id, then):
    """QA round 11: "a 4G router could come..." then "Anything else?": the customer asked whether
    it is happening, not "That still leaves weeks with no internet", as if nothing was offered."""
    scenario, state, need = floated(library, scenario_id)
    reaction = say(state, scenario, then, "close")
    pending = [line.replace("{need}", need.description) for line in scenario.lines["pending"]]
    assert any(line in reaction.text for line in pending), reaction


SUMMARIES = {
    "denied-iphone": "So you migrated your number, you're on 18 months, and the phone you have is the old 3GS. Is that right?",
    "nine-weeks": "So the connection takes nine weeks, which leaves you offline while you work from home. Is that right?",
    "unpaid-outage": "So the network was down most of the day and you missed the client's call that afternoon. Correct?",
    "move-and-upgrade": "So three departments told you moving and upgrading at once is impossible. Correct?",
    "friday-data-line": "So the phone lines were moved today but the data line wasn't, and the fault line said Monday. Right?",
}


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_a_summary_checked_back_is_confirmed(library, scenario_id):
    """Not answered with a fact its words name ("ISDN, with KPN, for years"), QA round 8."""
    scenario, state, _ = start(library, scenario_id)
    reaction = say(state, scenario, SUMMARIES[scenario_id], "ask")
    assert reaction.kind == "confirmed" and reaction.text, reaction


@pytest.mark.parametrize("scenario_id", SCENARIOS)
@pytest.mark.parametrize("question", ["When would suit you for a call back?", "What time suits you best?",
                                      "Sure, what time suits you best for the visit?"])
def test_asked_when_suits_them_the_customer_names_a_time(library, scenario_id, question):
    """QA rounds 10 and 11: "The first one. The sooner I'm reachable, the better." to a question
    that listed no options."""
    scenario, state, _ = start(library, scenario_id)
    answers = [persona.one_ask(a) for f in scenario.facts if f.topic == "availability" for a in f.answers]
    reaction = say(state, scenario, question, "ask")
    assert reaction.kind == "fact" and reaction.text in answers, reaction


@pytest.mark.parametrize("scenario_id, question", [
    ("friday-data-line", "What colour is the new office?"),
    ("move-and-upgrade", "What colour is the new house?"),
    ("nine-weeks", "Which browser does your laptop use?"),
])
def test_a_thing_no_fact_is_about_is_not_known_not_a_fact_sharing_a_word(library, scenario_id, question):
    """QA rounds 13 and 14: "What floor is the new office on?" got the story of the move."""
    scenario, state, _ = start(library, scenario_id)
    reaction = say(state, scenario, question, "ask")
    assert reaction.kind == "question_unknown", reaction


@pytest.mark.parametrize("scenario_id, question, topic", [
    ("friday-data-line", "What address is the new office?", "address"),
    ("move-and-upgrade", "What package do you have now?", "subscription"),
    ("friday-data-line", "What kind of business do you run?", "business"),
    # QA round 15: the floor is in the address ("second floor"); the router, not the move; a ticket.
    ("friday-data-line", "What floor is the new office on?", "address"),
    ("friday-data-line", "Where exactly is the new office?", "address"),
    ("friday-data-line", "Is the router at the new office plugged in?", "equipment"),
    ("friday-data-line", "Did anyone give you a ticket number?", "ticket"),
    ("unpaid-outage", "Do you have a ticket number for the complaint?", "ticket"),
    # QA round 16: the customer knows its own surname and company.
    ("nine-weeks", "Can you spell your surname for me?", "identity"),
    ("denied-iphone", "Who's calling, please?", "identity"),
    ("friday-data-line", "What's the name of your company?", "company_name"),
    ("unpaid-outage", "What's your company called?", "company_name"),
    # QA round 17: the technician who came today, the first call, the order not yet placed, the
    # ISDN contract, what was lost, how long a customer.
    ("friday-data-line", "What time did the technician come today?", "technician_today"),
    ("friday-data-line", "When did you first report the problem today?", "calls_today"),
    ("nine-weeks", "When did you place the order?", "order"),
    ("nine-weeks", "When does your ISDN contract end?", "isdn_contract"),
    ("unpaid-outage", "Did you lose a lot?", "loss"),
    ("unpaid-outage", "Can I ask what the outage cost you?", "loss"),  # QA round 19
    ("unpaid-outage", "How long are you customer by us?", "loyalty"),
])
def test_a_thing_a_fact_is_about_is_answered_with_it(library, scenario_id, question, topic):
    scenario, state, _ = start(library, scenario_id)
    answers = [persona.one_ask(a) for f in scenario.facts if f.topic == topic for a in f.answers]
    reaction = say(state, scenario, question, "ask")
    assert reaction.kind == "fact" and reaction.text in answers, (reaction, answers)


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_two_questions_about_two_facts_get_both_answers(library, scenario_id):
    """QA round 11: of "...? And ...?" only one half was answered."""
    scenario, state, _ = start(library, scenario_id)
    email, time = (next(f for f in scenario.facts if f.topic == topic) for topic in ("email", "availability"))
    reaction = say(state, scenario, "What's your email? And when would suit you for a call back?", "ask")
    assert reaction.kind == "fact", reaction
    assert any(a in reaction.text for a in email.answers) and any(a in reaction.text for a in time.answers), reaction


def test_a_detail_asked_with_a_typo_in_the_reply_that_resolves_the_call_is_given(library):
    """QA round 11: "...I correct the email adress, please tell me the correct one." got "That
    sounds like everything", with no address."""
    scenario, state, _ = start(library, "denied-iphone")
    say(state, scenario, "I can move you to the 24-month plan with the new iPhone. Shall I?", "offer")
    reaction = say(state, scenario, "Ok I make this now. Also I correct the email adress, please tell me the "
                   "correct one.", "commit")
    assert "@hoekstra-advies.nl" in reaction.text, reaction


@pytest.mark.parametrize("reply", ["OK I'm fixing the email now, can you give me the address?",
                                   "For the account I fix now the email, please say me the correct address."])
def test_the_email_asked_for_beside_the_deed_is_given(library, reply):
    """QA round 12: the deed was answered and the address never given (3 of 3), or the street given."""
    scenario, state, _ = start(library, "denied-iphone")
    reaction = say(state, scenario, reply, "commit")
    assert "@hoekstra-advies.nl" in reaction.text and "Vinkenstraat" not in reaction.text, reaction


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_a_hold_that_names_what_the_agent_looks_up_is_a_hold(library, scenario_id):
    """QA round 12: "One moment please, I'm pulling up the order." read as the procedure explained."""
    scenario, state, _ = start(library, scenario_id)
    reaction = say(state, scenario, "One moment please, I'm pulling up the order.", "explain")
    assert reaction.kind == "on_hold", reaction


@pytest.mark.parametrize("scenario_id, before, correction", [
    ("friday-data-line", "I'm sending a 4G router by courier, it'll be with you by eight tonight.", "Sorry, I meant by nine, not eight."),
    ("nine-weeks", "I'll email you the confirmation within the hour.", "Sorry, I meant within two hours, not one."),
])
def test_a_correction_of_the_agents_own_words_is_not_heard_as_a_refusal(library, scenario_id, before, correction):
    """QA round 12: "Your Saturday colleague was very sympathetic too. Then she told me no."."""
    scenario, state, _ = start(library, scenario_id)
    say(state, scenario, before, "commit")
    reaction = say(state, scenario, correction, "refuse")
    assert reaction.kind not in {"refused", "policy_repeated", "empathy_only", "unclear"}, reaction


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_an_unsure_what_can_i_do_for_you_gets_the_story(library, scenario_id):
    """QA round 12: read unsure, "What can I do for you?" got "That still leaves the phone" before
    anything had been done."""
    scenario, state, _ = start(library, scenario_id)
    guess = ReplyScore(text="What can I do for you?", ownership=50, flexibility=50, cues=(), reason="r",
                       over_promise=False, move="ask_details", unsure=True)
    reaction = persona.react(state, scenario, guess)
    story = [persona.one_ask(persona._GREETING_FIRST.sub("", line)) for line in scenario.lines["opening"]]
    assert reaction.kind == "still_open" and reaction.text in story, reaction


@pytest.mark.parametrize("scenario_id, question, wanted", [
    # QA round 12: a specific number asked for got a story.
    ("nine-weeks", "Can you confirm the phone number of the ISDN line?", "0318 64 22 90"),
    ("unpaid-outage", "Which number was affected?", "06 1844 9032"),
    # QA round 13: asked as "can I call you on", not heard as leave to call.
    ("nine-weeks", "What number can I call you on?", "06 2290 4416"),
])
def test_a_specific_number_asked_for_is_given(library, scenario_id, question, wanted):
    scenario, state, _ = start(library, scenario_id)
    reaction = say(state, scenario, question, "ask")
    assert reaction.kind == "fact" and wanted in reaction.text, reaction


@pytest.mark.parametrize("question", ["Which day does KPN cut off the ISDN line?",
                                      "How many clients call you on a normal day?"])
def test_a_question_about_something_else_gets_no_phone_number(library, question):
    """QA round 13: both were answered with a phone number."""
    scenario, state, _ = start(library, "nine-weeks")
    reaction = say(state, scenario, question, "ask")
    assert not re.search(r"\b0\d{2,3} \d", reaction.text), reaction


RECAPS = {
    "move-and-upgrade": "Just so I have it right: moving on the 14th, and you want digital TV at the new address?",
    "friday-data-line": "Just to confirm: you moved today, the phones work, the data line doesn't?",
    "denied-iphone": "So to check I got it: you want 24 months with a new iPhone instead of 18 months, right?",
    "nine-weeks": "Just to confirm: you want the laptop promotion kept and a way to work until the line is in?",
    "unpaid-outage": "So to check I understood you: the network was down and you missed the client, right?",
}
# QA round 12: chat shorthand, and "understood" with nothing after it.
MORE_RECAPS = [("move-and-upgrade", "so u want to move adn upgrade at teh same time right?", "ask"),
               ("move-and-upgrade", "Just to check I've understood: the move is on the 14th, and you'd like one technician "
                                    "visit for both?", "ask"),
               # QA round 36: the story with its noes, and the request, checked back; read as blame, an offer.
               ("unpaid-outage", "So you couldn't be reached for hours, your client couldn't get hold of you and went "
                                 "elsewhere, and nobody here has asked why you're leaving. Is that it?", "blame"),
               ("denied-iphone", "Correct me if I'm wrong: you'd sign for 24 months if you got the new iPhone?", "offer")]


@pytest.mark.parametrize("scenario_id, recap, model", MORE_RECAPS)
def test_a_recap_in_shorthand_is_confirmed(library, scenario_id, recap, model):
    scenario, state, _ = start(library, scenario_id)
    reaction = say(state, scenario, recap, model)
    assert reaction.kind == "confirmed", reaction


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_a_recap_in_other_words_is_confirmed(library, scenario_id):
    """QA round 11: "Just so I have it right: moving on the 14th...?" got the old address; a case's
    offer named as what the customer asked for ("you want 24 months with a new iPhone") is no offer."""
    scenario, state, _ = start(library, scenario_id)
    reaction = say(state, scenario, RECAPS[scenario_id], "ask")
    assert reaction.kind == "confirmed" and reaction.text, reaction


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_a_second_goodbye_with_a_need_open_loses_the_customer(library, scenario_id):
    """QA round 8: three goodbyes in a row and the call went on. The first brings the need back;
    at the second the customer gives up and hangs up."""
    scenario, state, _ = start(library, scenario_id)
    first = say(state, scenario, "Thank you for calling, goodbye.", "close")
    assert first.outcome is None and first.kind == "still_open", first
    second = say(state, scenario, "Bye now.", "close")
    assert second.outcome == "churned" and second.text in [persona.one_ask(line) for line in scenario.goodbye_lines["churned"]]


@pytest.mark.parametrize("scenario_id, question", [("move-and-upgrade", "Hello, what's the new address?"),
                                                   ("friday-data-line", "What's the address of the new office?")])
@pytest.mark.parametrize("again", ["Can you spell that?", "Could you spell that for me please?", "Sorry, say that again?"])
def test_asked_to_spell_what_was_just_said_the_customer_says_it_again(library, scenario_id, question, again):
    """QA round 26: "Can you spell that?" after the new address got the old address, "I don't know"
    or "I'm a marketer, not a network engineer" (3 of 4)."""
    scenario, state, _ = start(library, scenario_id)
    given = say(state, scenario, question, "ask")
    assert given.kind == "fact", given
    repeated = say(state, scenario, again, "ask")
    assert repeated.text == f"{persona.ASKED_AGAIN} {persona.one_ask(given.text)}", repeated


@pytest.mark.parametrize("scenario_id, text, need, granted", [
    ("denied-iphone", "Retention confirmed you can have the 24-month plan with a new iPhone.", "new_phone", True),
    ("unpaid-outage", "The business team confirmed a goodwill credit of three months on your account.",
     "goodwill_gesture", True),
    # Not asked, nor refused.
    ("denied-iphone", "Has retention confirmed you can have the 24-month plan with a new iPhone?", "new_phone", False),
    ("denied-iphone", "Retention confirmed you can't have the 24-month plan with a new iPhone.", "new_phone", False),
])
def test_the_option_reported_granted_by_whoever_decides_meets_the_need(library, scenario_id, text, need, granted):
    """QA round 27: 7 of 16 such replies left the need open (the scorer holds a relayed yes neutral on
    ownership), and at the close the customer asked whether it was decided."""
    scenario, state, _ = start(library, scenario_id)
    reply = score_reply(text, SURE["offer"], [], scenario)
    persona.react(state, scenario, dataclasses.replace(reply, ownership=59))
    assert (need in state.met) is granted, (state, reply)


def test_the_time_asked_for_what_was_floated_is_the_commitment(library):
    """QA round 27: "Would a 4G router help?" ... "What time?" ... "8 pm." was not scored, and the
    router stayed floated."""
    scenario, state, _ = start(library, "friday-data-line")
    say(state, scenario, "Would a 4G router help you over the weekend?", "offer")
    assert state.pending == ["office_online"], state
    persona.react(state, scenario, score_reply("8 pm.", ranking(("empathise", 0.3), ("deflect", 0.2)), [], scenario))
    assert state.met == ["office_online"] and not state.pending, state


def test_another_needs_option_floated_is_no_yes_to_the_first(library):
    """QA round 26 (2 of 2): "Would a 4G router help you over the weekend?", then "I could give you
    my direct number?": the card counted the router as given."""
    scenario, state, _ = start(library, "friday-data-line")
    say(state, scenario, "Would a 4G router help you over the weekend?", "offer")
    assert state.pending == ["office_online"] and not state.met, state
    # (As the model read it: held neutral on ownership, so not the credible commitment that would
    # confirm what it names only.)
    number = score_reply("I could give you my direct number?", SURE["offer"], [], scenario)
    persona.react(state, scenario, dataclasses.replace(number, ownership=59))
    assert "office_online" not in state.met and "office_online" in state.pending, state


@pytest.mark.parametrize("scenario_id", SCENARIOS)
@pytest.mark.parametrize("first_close", ["Thank you for calling, goodbye.", "Anything else?",
                                         "Is there anything else I can help you with?",
                                         # Play-through 37: left open (3 of 7).
                                         "anythin else?", "Have a wonderful day!"])
def test_a_second_goodbye_after_something_was_given_leaves_the_call_open(library, scenario_id, first_close):
    """QA round 26: a discount the customer took, a credit and the email fixed, then two goodbyes:
    "Fifteen years, gone" (churned). The customer is left with the rest open, not lost. "Anything
    else?" is the agent's first close as a goodbye is (QA round 35: "anything else?" then "bye" left
    the call open in 6 of 6)."""
    scenario, state, _ = start(library, scenario_id)
    say(state, scenario, owning_replies(scenario)[0], "commit")
    assert state.met and persona._open_needs(state, scenario)
    assert say(state, scenario, first_close, "close").outcome is None
    second = say(state, scenario, "Bye now.", "close")
    assert second.outcome == "abandoned" and state.outcome == "abandoned", second
    assert second.text in [persona.one_ask(line) for line in scenario.goodbye_lines["abandoned"]], second


@pytest.mark.parametrize("scenario_id", SCENARIOS)
@pytest.mark.parametrize(("text", "move"), [("Sorry, nothing more I can do. Goodbye.", "close"),
                                            ("That's the procedure, sir. Goodbye.", "cite_policy")])
def test_a_goodbye_that_is_itself_the_no_ends_the_call_at_once(library, scenario_id, text, move):
    """QA round 21: after "Sorry, that's the procedure. Goodbye." the customer brought the need
    back, and the trainee had to say goodbye a second time."""
    scenario, state, _ = start(library, scenario_id)
    reaction = say(state, scenario, text, move)
    assert reaction.outcome == "churned" and state.outcome == "churned", reaction


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_left_with_one_need_met_the_customer_does_not_say_nothing_was_done(library, scenario_id):
    scenario, state, _ = start(library, scenario_id)
    say(state, scenario, owning_replies(scenario)[0], "commit")
    assert state.met
    for seed in range(6):
        trial = dataclasses.replace(state, seed=seed, used=list(state.used), met=list(state.met))
        ended = persona.end_by_trainee(trial, scenario)
        assert ended.outcome == "abandoned", ended
        # (QA round 26: "So I'm back where I started" after the one-order exception was granted.)
        assert not re.search(r"nothing|back where i started", ended.text.lower()), ended


def test_left_with_the_phone_given_the_goodbye_does_not_ask_for_it(library):
    """QA round 26: "Wait, we're not done. My phone still..." in 4 of 4 calls in which the phone was
    given and only the account was open."""
    scenario, state, _ = start(library, "denied-iphone")
    say(state, scenario, "I'll move you to the 24-month plan with the new iPhone included, starting today.", "commit")
    assert state.met == ["new_phone"], state.met
    for seed in range(12):
        trial = dataclasses.replace(state, seed=seed, used=list(state.used), met=list(state.met))
        assert "phone" not in persona.end_by_trainee(trial, scenario).text.lower()


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_the_customer_does_not_walk_out_on_the_reply_after_progress(library, scenario_id):
    """QA round 8: "That's the first real step today", then "Anything else?" and the customer
    churned, with a high/high scorecard. One more reply decides."""
    scenario, state, _ = start(library, scenario_id)
    state.patience, state.test_used = 0, True  # (already warned)
    say(state, scenario, "This is mine now. I'll chase it myself and ring you tomorrow at ten.", "ownership")
    after = say(state, scenario, "Okay. Anything else?", "close")
    assert after.outcome is None, after
    assert say(state, scenario, "Rules are rules, I'm afraid.", "cite_policy").outcome == "churned"


@pytest.mark.parametrize("scenario_id", ["friday-data-line", "unpaid-outage"])
def test_a_call_back_without_a_number_is_not_taken_as_a_number(library, scenario_id):
    """QA round 8: "I'll save it" after "I'll chase the engineer myself and text you by four"."""
    for seed in range(8):
        scenario, state, _ = start(library, scenario_id, seed)
        reaction = say(state, scenario, "I'll chase it myself and text you by four.", "commit")
        assert not re.search(r"\bsave it\b|\ba number that\b", reaction.text, re.I), (seed, reaction)


@pytest.mark.parametrize("question", ["can u confirm ur emial adress?", "wat is ur emal address?", "whats your e-mail adress?"])
def test_a_fact_question_with_a_typo_is_answered(library, question):
    """QA rounds 7 and 8: "can u confirm ur emial adress?" got "No idea, I'd have to look it up"."""
    scenario, state, _ = start(library, "denied-iphone")
    reaction = say(state, scenario, question, "ask")
    assert reaction.kind == "fact" and "@" in reaction.text, reaction


GUESS = ranking(("greet", 0.3), ("offer_alternative", 0.3), ("refuse", 0.3))  # a reading the coach is unsure of


@pytest.mark.parametrize(("text", "move"), [
    ("So what's the correct address? Then I fix it right now.", "ask"),
    ("Then let me change something. First your email: what's the right address? I'll correct it while we talk.", "commit"),
    ("lol no i meant ur email adress", None),
    ("ur EMAIL adress pls, like the @ one", None),
    ("Your email address, please, the one that keeps being misspelled.", None),
    # QA round 22.
    ("Let's fix that now. What's the correct email address?", "commit"),
    ("I'll fix the email. Sure, but I need the address first: what is it exactly?", "commit"),
    ("lol ok, login + email: whats ur correct email?", "commit"),
    ("Let's start with the email. Could you spell it for me?", "ask"),
    # QA round 23.
    ("Which email should be on the account?", "ask"),
    ("Give me the right e-mail and I'll correct it now.", "commit"),
])
def test_the_email_is_given_however_it_is_asked_for(library, text, move):
    """QA round 21: "the correct address" got the street, a question before a commitment went
    unanswered, and three asks in a row for the email were "not scored" and not answered."""
    scenario, state, _ = start(library, "denied-iphone")
    score = score_reply(text, SURE[move] if move else GUESS, [], scenario)
    assert score.unsure is (move is None)
    reaction = persona.react(state, scenario, score)
    assert "@" in reaction.text and "Vinkenstraat" not in reaction.text, reaction


def test_an_identity_check_of_the_address_still_gets_the_street(library):
    scenario, state, _ = start(library, "denied-iphone")
    assert "Vinkenstraat" in say(state, scenario, "Can you confirm your address for security?", "ask").text


@pytest.mark.parametrize("text", ["Sorry, I meant your email address.",
                                  "sorry! i mean your e-mail adres, so i can change it in the system"])
def test_the_email_asked_again_is_said_again_not_another_fact(library, text):
    """QA round 21: once both email answers were said, "your email address" got the street
    ("address") and "your e-mail adres" the login story ("mail" mended to "email")."""
    scenario, state, _ = start(library, "denied-iphone")
    for _ in range(2):
        assert "@" in say(state, scenario, "What's your email address?", "ask").text
    reaction = persona.react(state, scenario, score_reply(text, GUESS, [], scenario))
    assert reaction.text.startswith(persona.ASKED_AGAIN) and "@" in reaction.text, reaction


@pytest.mark.parametrize(("word", "keyword", "apart"), [
    ("emial", "email", True), ("adress", "address", True), ("addresss", "address", True), ("emails", "email", True),
    ("email", "email", False), ("enail", "email", True), ("ameil", "email", False), ("router", "route", True),
])
def test_one_typo_apart(word, keyword, apart):
    assert persona._one_typo_apart(word, keyword) is apart


@pytest.mark.parametrize(("scenario_id", "text"), [
    ("friday-data-line", "That should never have happened, honestly."),
    ("nine-weeks", "Nine weeks is not reasonable, I agree. No one should have to go that long without a line."),
])
def test_siding_with_the_customer_read_as_blame_is_not_answered_as_blame(library, scenario_id, text):
    """QA round 9: "That should never have happened" read as blame got "I didn't design your
    order system"."""
    scenario, state, _ = start(library, scenario_id)
    reaction = say(state, scenario, text, "blame")
    assert reaction.kind not in {"blamed", "refused", "procedure", "policy_repeated"}, reaction


@pytest.mark.parametrize("scenario_id", SCENARIOS)
@pytest.mark.parametrize(("text", "move"), [
    ("Actually, sorry, I just checked: that's not allowed, that's the procedure.", "cite_policy"),
    ("Sorry, could you repeat that?", "ask"),
    # QA round 14: a stonewall whose words end the talk is no close either.
    ("Honestly, they say it's a Monday job and there's nothing more I can do, that's how their process works.",
     "deflect"),
])
def test_after_is_that_everything_a_takeback_or_a_question_does_not_end_the_call(library, scenario_id, text, move):
    """QA round 9: "routers aren't allowed for moves, that's the procedure" after "anything else?"
    got "That's all I asked. Goodbye.", resolved; so did "Sorry, could you repeat that?"."""
    scenario, state = all_met(library, scenario_id)
    reaction = say(state, scenario, text, move)
    assert reaction.outcome is None, reaction
    assert say(state, scenario, "That's everything, then. Thanks for your patience, goodbye.", "close").outcome == "resolved"


def test_the_email_asked_for_beside_the_last_deed_is_given(library):
    """QA round 14: "And I'll fix your login right now. What email address should it be?" met the
    last need and got "Is there anything else you need from me?", no address."""
    scenario, state, _ = start(library, "denied-iphone")
    last = "And I'll fix your login right now. What email address should it be?"
    served = persona._needs_served(scenario, score_reply(last, SURE["commit"], [], scenario).offers)
    for need, text in zip(scenario.needs, owning_replies(scenario), strict=True):
        if need.id not in served:
            say(state, scenario, text, "commit")
    assert persona._open_needs(state, scenario) == list(served)
    reaction = say(state, scenario, last, "commit")
    emails = [a for f in scenario.facts if f.topic == "email" for a in f.answers]
    assert any(reaction.text.startswith(persona.one_ask(a)) or reaction.text.startswith(a) for a in emails), reaction


def test_a_second_language_hold_to_ask_a_colleague_is_waited_for(library):
    """QA round 15: "ok wait. i check with my colleague." got "I didn't catch that"."""
    scenario, state, _ = start(library, "move-and-upgrade")
    unsure = ranking(("deflect", 0.24), ("commit_next_step", 0.16), ("take_ownership", 0.1))
    reaction = persona.react(state, scenario, score_reply("ok wait. i check with my colleague.", unsure, [], scenario))
    assert reaction.kind == "on_hold", reaction


@pytest.mark.parametrize("scenario_id, text, need", [
    ("denied-iphone", "I'll escalate your iPhone request to retention myself and call you back tomorrow at 11 with "
     "their answer.", "new_phone"),
    ("unpaid-outage", "I'm your contact from now on, I'll ring you on Thursday at ten to confirm everything.",
     "follow_up_person"),
    # QA round 24: "I still don't know who's chasing this or when I hear from anyone."
    ("friday-data-line", "Sorry. I'll call you back myself at 8 tonight, and I'm sending a 4G router now.",
     "someone_on_it"),
    # QA round 25: the terse trainee's call churned after this.
    ("friday-data-line", "Me. I keep after them. 8 pm call.", "someone_on_it"),
])
def test_a_carried_follow_up_meets_the_need_it_answers(library, scenario_id, text, need):
    """QA round 15: after these the customer asked again who follows it up, and churned at the goodbye."""
    scenario, state, _ = start(library, scenario_id)
    say(state, scenario, text, "commit")
    assert need in state.met, state


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_a_detail_asked_for_again_is_given_again(library, scenario_id):
    """QA round 16: the third question for the name got "I honestly don't know" (both answers said)."""
    scenario, state, _ = start(library, scenario_id)
    identity = next(f for f in scenario.facts if f.topic == "identity")
    reactions = [say(state, scenario, question, "ask") for question in
                 ["Could I get your full name?", "Who am I speaking to?", "And your name again, please?"]]
    assert all(r.kind == "fact" for r in reactions), reactions
    assert reactions[2].text == f"{persona.ASKED_AGAIN} {persona.one_ask(identity.answers[0])}", reactions[2]


def test_a_frustration_does_not_say_again_what_the_line_said():
    """QA round 14: "I didn't make my plan start a month early. Your company did that. Also, my plan
    started a month before it should have." """
    assert persona._same_grievance("I didn't make my plan start a month early. Your company did that.",
                                   "Also, my plan started a month before it should have.")
    assert not persona._same_grievance("So now I'm the problem. That's a new one, even for your company.",
                                       "Also, my plan started a month before it should have.")


@pytest.mark.parametrize("scenario_id", SCENARIOS)
@pytest.mark.parametrize("yes", ["Yes.", "Sure, will do.", "Of course."])
def test_a_bare_yes_to_the_customer_taking_an_offer_meets_the_need(library, scenario_id, yes):
    """QA round 9: "...a free 4G router, if you want?" -> "Put that in the email, please." -> "Yes."
    and the customer still asked how they would work in the meantime."""
    scenario, state, need = floated(library, scenario_id)
    persona.react(state, scenario, score_reply(yes, ranking(("close", 0.9)), [], scenario))
    assert need.id in state.met, state


@pytest.mark.parametrize("scenario_id", SCENARIOS)
@pytest.mark.parametrize(("said", "met"), [("ok", False), ("Okay.", False), ("right", False), ("ok, will do", True),
                                           ("okay, done", True)])
def test_a_bare_ok_to_is_it_arranged_is_no_yes(library, scenario_id, said, met):
    """QA round 21: "Is that actually arranged now, or still just an idea?" -> "ok" -> the call
    ended resolved, "met what the customer needed"."""
    scenario, state, need = floated(library, scenario_id)
    persona.react(state, scenario, score_reply(said, ranking(("close", 0.9)), [], scenario))
    assert (need.id in state.met) is met, state


@pytest.mark.parametrize(("scenario_id", "question", "topic"), [
    ("move-and-upgrade", "What's your current package?", "subscription"),
    ("nine-weeks", "What date does KPN cancel your ISDN?", "timeline"),
])
def test_a_fact_question_gets_the_fact_it_asks_for(library, scenario_id, question, topic):
    """QA round 9: "What's your current package?" got the digital TV he wants to order."""
    scenario, state, _ = start(library, scenario_id)
    reaction = say(state, scenario, question, "ask")
    fact = next(f for f in scenario.facts if f.topic == topic)
    assert reaction.kind == "fact" and reaction.text in fact.answers, reaction


@pytest.mark.parametrize("scenario_id", SCENARIOS)
@pytest.mark.parametrize("check", ["Hello? Are you still there?", "Still there?", "Can you still hear me?"])
def test_a_line_check_is_answered_with_what_is_still_open(library, scenario_id, check):
    """QA round 9: "Hello? Are you still there?" got "I'd have to look that up"; round 32: "Still
    there?" got "I couldn't tell you. Can we stay with the point?" (7 of 7)."""
    scenario, state, _ = start(library, scenario_id)
    reaction = say(state, scenario, check, "ask")
    assert reaction.kind == "still_open" and reaction.text not in scenario.lines["question_unknown"], reaction
    # Rounds 10 and 11: first that they are still there.
    assert any(reaction.text.startswith(line) for line in scenario.lines["line_check"]), reaction


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_an_unsure_line_check_is_answered_too(library, scenario_id):
    scenario, state, _ = start(library, scenario_id)
    guess = ReplyScore(text="hello?? u still there", ownership=50, flexibility=50, cues=(), reason="r",
                       over_promise=False, move="greet", unsure=True)
    reaction = persona.react(state, scenario, guess)
    assert any(reaction.text.startswith(line) for line in scenario.lines["line_check"]), reaction


@pytest.mark.parametrize("text", ["There might be a discount on the handset if that helps.",
                                  "You could switch to a 24-month plan with the new iPhone."])
def test_an_option_left_to_the_customer_is_taken_not_asked_when(library, text):
    """QA round 9: both got "When exactly, on which day and at what time?"."""
    scenario, state, _ = start(library, "denied-iphone")
    reaction = say(state, scenario, text, "offer")
    assert reaction.kind == "choice" and state.pending, reaction


@pytest.mark.parametrize("text, move", [
    ("Have you got much packing left?", "ask"), ("Lovely weather for a move, isn't it?", "ask"),
    # QA round 14: "Correct." to a greeting's small talk ending "isn't it?", read as a fact checked back.
    ("Hi! Tele2, Emma speaking, how are you today? Lovely weather, isn't it?", "greet"),
])
def test_small_talk_is_steered_back_to_what_is_open(library, text, move):
    """QA round 9: "Not off the top of my head. Isn't that on your screen?" and the moving date."""
    scenario, state, _ = start(library, "move-and-upgrade")
    reaction = say(state, scenario, text, move)
    assert reaction.kind == "still_open", reaction


@pytest.mark.parametrize(("scenario_id", "text", "move"), [
    ("denied-iphone", "I can give you a discount on a new phone.", "offer"),
])
def test_a_plain_offer_is_taken_not_asked_when(library, scenario_id, text, move):
    """QA round 10: "I can give you a discount on a new phone." -> "When exactly, on which day and
    at what time?"."""
    scenario, state, _ = start(library, scenario_id)
    reaction = say(state, scenario, text, move)
    assert reaction.kind == "choice" and state.pending, reaction


@pytest.mark.parametrize(("text", "move", "not_kind"), [
    ("Ok.", "blame", "blamed"),
    ("The confirmation is in the post today.", "explain", "procedure"),
    # Play-through 39: not knowing got "Don't put this on me" and "That's a no".
    ("I don't know, honestly.", "blame", "blamed"),
    ("I'm not sure.", "refuse", "refused"),
])
def test_a_negative_reading_no_word_makes_is_not_answered_as_such(library, text, move, not_kind):
    """QA round 10: "Ok." got "Don't put this on me"; "The confirmation is in the post" got
    "That's your procedure"."""
    scenario, state, _ = start(library, "denied-iphone")
    reaction = say(state, scenario, text, move)
    assert reaction.kind != not_kind, reaction


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_after_is_that_everything_small_talk_or_an_unread_question_does_not_end_the_call(library, scenario_id):
    scenario, state = all_met(library, scenario_id)
    assert say(state, scenario, "Great weather today by the way, shame you're stuck indoors.", "close").outcome is None
    unread = persona.react(state, scenario, score_reply("Is correct now. You can login?", ranking(("close", 0.3), ("ask_details", 0.3)),
                                                        [], scenario))
    assert unread.outcome is None, unread


@pytest.mark.parametrize("question", ["How does that sound?", "Whats the problem"])
def test_how_does_that_sound_and_whats_the_problem(library, question):
    """QA round 10: both got "No idea. Surely you have that on your screen?"."""
    scenario, state, _ = start(library, "unpaid-outage")
    if question.startswith("How"):
        say(state, scenario, "Would a three-month goodwill credit help?", "offer")
    reaction = say(state, scenario, question, "ask")
    assert reaction.text not in scenario.lines["question_unknown"], reaction


@pytest.mark.parametrize("text", ["I have called the data division, they say Monday.",
                                  "I spoke to the data team, they said it is not possible before Monday."])
def test_another_teams_no_passed_on_is_heard_as_a_no(library, text):
    """QA round 10: "I've called the data division, they say Monday." got "Thank you. Someone on
    the inside, finally."."""
    scenario, state, _ = start(library, "friday-data-line")
    reaction = say(state, scenario, text, "commit")
    assert reaction.kind == "refused", reaction


@pytest.mark.parametrize(("said", "gives"), [
    ("You have my direct number.", True), ("Ring me on my direct line.", True), ("Call me on 020 555 0142.", True),
    ("I'll text you by four.", False), ("I'll check online next week.", False),
])
def test_what_counts_as_giving_a_number(said, gives):
    """A number or the word for one ("my direct line"); not "text" or "online" (the words inside
    them are not the word)."""
    assert bool(persona._GIVES_A_NUMBER.search(said)) is gives


# QA round 21: real commitments, terse or in a second language, met no need, so the customer
# asked again and churned after everything was done.
@pytest.mark.parametrize(("scenario_id", "need_id", "text", "move"), [
    ("friday-data-line", "someone_on_it", "i am sorry. i call now the data division myself, please wait one moment",
     "commit"),
    ("friday-data-line", "someone_on_it", "me, Karim, i am chasing. i call you 8 o'clock tonight.", "commit"),
    ("move-and-upgrade", "working_on_moving_day", "Technician, 14th, 8-12. Fee waived.", "exception"),
    ("unpaid-outage", "follow_up_person", "yes, i send email today. i am also your contact, my number 020 444 1212, "
     "i call you friday", "commit"),
    ("unpaid-outage", "follow_up_person", "Yes, I'll confirm it in writing today. I'll also be your contact: "
     "020 999 1000, and I'll call you Monday at 11.", "commit"),
    # QA round 23: a terse trainee churned with everything given.
    ("unpaid-outage", "follow_up_person", "Me. Ruben. 020 777 8888. Call you Friday 10.", "commit"),
    ("unpaid-outage", "goodwill_gesture", "Credit. 150 euro. Today.", "exception"),
])
def test_a_terse_or_second_language_commitment_meets_the_need(library, scenario_id, need_id, text, move):
    scenario, state, _ = start(library, scenario_id)
    score = score_reply(text, SURE[move], [], scenario)
    assert band(score.ownership) == "high", score
    persona.react(state, scenario, score)
    assert need_id in state.met, (score.offers, state.met)


def test_another_teams_yes_relayed_is_pinned_down_not_answered_as_a_hand_off(library):
    """QA rounds 20 and 21: "The data division says they'll release it tonight." got "If the data
    division has to do it, call them now. I'll hold." and became the call's worst reply."""
    scenario, state, _ = start(library, "friday-data-line")
    score = score_reply("The data division says they'll release it tonight.", SURE["deflect"], [], scenario)
    assert band(score.ownership) == "neutral", score
    reaction = persona.react(state, scenario, score)
    assert reaction.kind == "vague_promise", reaction


def test_another_teams_no_relayed_meets_no_need(library):
    """QA round 22: "I've spoken to your account manager. She says she can't do anything about
    compensation" met the need for a person who follows up ("A named account manager, good")."""
    scenario, state, _ = start(library, "unpaid-outage")
    text = "I've spoken to your account manager. She says she can't do anything about compensation, it's force majeure."
    reaction = persona.react(state, scenario, score_reply(text, SURE["commit"], [], scenario))
    assert not state.met and reaction.kind == "refused", (state.met, reaction)


@pytest.mark.parametrize(("question", "says"), [
    ("I see. And have you already cancelled the ISDN line with KPN?", ("Not yet", "No.")),
    ("Did you sign the Tele2 order already?", ("no order",)),
])
def test_a_yes_or_no_question_about_the_isdn_and_the_order_is_answered(library, question, says):
    """QA rounds 21 and 22: both got "ISDN, with KPN, for years"."""
    scenario, state, _ = start(library, "nine-weeks")
    reaction = say(state, scenario, question, "ask")
    assert any(word in reaction.text for word in says), reaction


@pytest.mark.parametrize("text, move", [
    # QA round 24: the self-correcting trainee gave the technician three times; the call churned
    # with "Still open: a technician on moving day".
    ("Sorry, correction: the technician comes on the 14th, your moving day, not the 15th.", "refuse"),
    ("As I said, the technician comes on Thursday the 14th, your moving day. Goodbye.", "close"),
    ("Yes. I got the date wrong before, that's fixed now: the technician installs internet, phone and TV at the "
     "new house on Thursday the 14th, the day you move in.", "commit"),
])
def test_the_moving_day_technician_put_right_or_said_again_meets_the_need(library, text, move):
    scenario, state, _ = start(library, "move-and-upgrade")
    say(state, scenario, text, move)
    assert "working_on_moving_day" in state.met, state.met


@pytest.mark.parametrize("scenario_id", SCENARIOS)
@pytest.mark.parametrize("text", ["I'm taking this to my supervisor myself and I stay your contact; I'll call you back "
                                  "this afternoon at three.",
                                  "Leave it with me, I'll ring you back at four."])
def test_a_reply_naming_who_does_it_and_when_is_not_asked_who_makes_sure(library, scenario_id, text):
    """QA round 24: "Hm. And who makes sure it actually happens?" after 6 such replies."""
    for seed in range(12):
        scenario, state, _ = start(library, scenario_id, seed=seed)
        reaction = say(state, scenario, text, "commit")
        assert not re.search(r"\bwho(?:'s| is)? (?:makes? sure|chasing|keeps? after)", reaction.text, re.I), reaction


@pytest.mark.parametrize("scenario_id", SCENARIOS)
@pytest.mark.parametrize("question", ["Would email be best for you?", "Is within the hour all right?",
                                      "Could someone be at the office at nine to take the delivery?",
                                      "ok im listening whats the most urgent"])
def test_asked_what_suits_them_or_matters_most_the_customer_never_says_no_idea(library, scenario_id, question):
    """QA round 24: 9 such questions got "No idea. Surely you have that on your screen?" or "I don't
    know". The customer says yes, what matters most, or the fact the question names."""
    scenario, state, _ = start(library, scenario_id)
    reaction = persona.react(state, scenario, score_reply(question, SURE["ask"], [], scenario))
    assert reaction.kind in {"go_ahead", "still_open", "fact"}, reaction


@pytest.mark.parametrize("scenario_id", SCENARIOS)
@pytest.mark.parametrize("question", ["Is that acceptable?", "Does that work for you?", "Does that sound ok?",
                                      "Is that alright with you?",
                                      # QA round 41: "I can't tell you that off the top of my head" (2 of 2).
                                      "Happy with that?", "Are you happy with that?"])
def test_asked_whether_what_was_given_suits_them_the_customer_says_yes(library, scenario_id, question):
    """Play-through 37: after an offer, "Is that acceptable?" and "Does that work for you?" got a
    fact ("I'm a marketer. Your funnel is enormous...") or "I don't know that offhand" (5 of 5)."""
    scenario, state, _ = start(library, scenario_id)
    say(state, scenario, owning_replies(scenario)[0], "commit")
    reaction = persona.react(state, scenario, score_reply(question, SURE["ask"], [], scenario))
    assert reaction.kind == "go_ahead", reaction


@pytest.mark.parametrize("scenario_id, text", [
    ("denied-iphone", "I understand you're unhappy, but the migration rules are clear."),
    ("unpaid-outage", "I understand you're disappointed, but the terms are what they are."),
])
def test_understanding_then_the_rule_is_answered_as_the_rule(library, scenario_id, text):
    """Play-through 38: answered "Sorry is a start..." as if the agent had only apologised (2 of 3)."""
    scenario, state, _ = start(library, scenario_id)
    reaction = say(state, scenario, text, "cite_policy")
    assert reaction.kind in {"procedure", "refused", "policy_repeated"}, reaction


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_how_the_call_is_scored_is_said_last_and_only_where_the_numbers_could_puzzle(library, scenario_id):
    """QA rounds 23 and 24: the paragraph stood before the replies on 41 of 41 and 50 of 50 cards."""
    scenario, state, _ = start(library, scenario_id)
    for text in owning_replies(scenario):
        say(state, scenario, text, "commit")
    say(state, scenario, "You'll have it all in writing today. Thanks for your patience, goodbye.", "close")
    clean = persona.scorecard(state, scenario)
    assert clean["outcome"] == "resolved" and clean["counted"]  # kept in the card's data
    assert clean["counted"] not in persona.scorecard_text(clean, scenario)
    scenario, state, _ = start(library, scenario_id)
    say(state, scenario, *STONEWALL[0])
    persona.end_by_trainee(state, scenario)
    card = persona.scorecard(state, scenario)
    assert persona.scorecard_text(card, scenario).endswith(card["counted"])


@pytest.mark.parametrize("scenario_id, text, topic", [
    # QA round 25: a fact asked at the end of an offer was skipped (5 of 6).
    ("move-and-upgrade", "I put the move and the digital TV in one order, no cancel needed. When you move?", "move"),
    ("move-and-upgrade", "I've put the move and the TV in one order. When do you move?", "move"),
    ("nine-weeks", "I'm reserving the laptop against today's date. What email should I send it to?", "email"),
])
def test_a_fact_asked_after_an_offer_in_the_same_reply_is_given(library, scenario_id, text, topic):
    scenario, state, _ = start(library, scenario_id)
    reaction = say(state, scenario, text, "commit")
    answers = [a for f in scenario.facts if f.topic == topic for a in f.answers]
    assert any(reaction.text.startswith(a) for a in answers), reaction


def test_a_call_ended_before_the_yes_is_told_so_on_the_card(library):
    scenario, state, _ = start(library, "unpaid-outage")
    say(state, scenario, "I'm asking my manager to approve three months' credit, 150 euro; I'll call you tomorrow at 10 "
                         "with the answer.", "commit")
    card = persona.scorecard(state, scenario)
    assert any("to someone to approve" in tip and "a goodwill gesture" in tip for tip in card["tips"]), card["tips"]
    assert not any("You floated" in tip for tip in card["tips"]), card["tips"]


@pytest.mark.parametrize("scenario_id, text", [
    ("unpaid-outage", "I can give you the address of the business desk; they handle account managers."),
    ("unpaid-outage", "A backup SIM on a second network is something the business desk can arrange; give them a call."),
    ("unpaid-outage", "The business desk can give you a goodwill credit; call them."),
])
def test_what_the_customer_is_sent_elsewhere_to_fetch_is_not_floated(library, scenario_id, text):
    """QA round 30: 8 cards told a trainee who had sent the customer elsewhere "You floated a way to
    meet ... but never said you would do it"."""
    scenario, state, _ = start(library, scenario_id)
    reaction = say(state, scenario, text, "deflect")
    assert not state.pending and not state.met, state
    # (Nor thanked for: QA round 31, 15 of 17 got "Good. Send me the confirmation".)
    assert reaction.kind != "accept", reaction


@pytest.mark.parametrize("scenario_id, question, need", [
    ("friday-data-line", "Shall I send you a 4G router by courier tonight?", "office_online"),
    ("denied-iphone", "Shall I fix your login and email now?", "account_fixed"),
])
def test_an_offer_asked_floats_it_however_sure_the_reading(library, scenario_id, question, need):
    """QA round 31: "Shall I send you a 4G router by courier tonight?" read 86 on ownership counted the
    router as sent (3 of 3); the customer's yes and the agent's doing it meet the need."""
    scenario, state, _ = start(library, scenario_id)
    say(state, scenario, question, "commit")
    assert need in state.pending and need not in state.met, state
    say(state, scenario, "Done, it's on its way.", "commit")
    assert need in state.met, state


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_a_slide_into_procedure_before_the_goodbye_is_quoted_back(library, scenario_id):
    """QA round 32: every need met, then "That's the procedure, I'm afraid." and "Bye": 6 of 6 got
    a warm thank-you ("That's service"). The call still ends resolved, with the words quoted back."""
    scenario, state, _ = start(library, scenario_id)
    for text in owning_replies(scenario):
        say(state, scenario, text, "commit")
    slide = score_reply("For anything else you'll have to call the general number, that's the procedure.",
                        SURE["deflect"], [], scenario)
    persona.react(state, scenario, slide, persona.model_reply(state, scenario, slide))  # as the role-play does
    goodbye = say(state, scenario, "Thanks for calling, goodbye.", "close")
    assert goodbye.outcome == "resolved", goodbye
    assert goodbye.text not in scenario.goodbye_lines["resolved"] and "that's the procedure" in goodbye.text, goodbye
    # Without the slide, the warm goodbye as before.
    scenario, state, _ = start(library, scenario_id)
    for text in owning_replies(scenario):
        say(state, scenario, text, "commit")
    assert say(state, scenario, "Thanks for calling, goodbye.", "close").text in scenario.goodbye_lines["resolved"]


@pytest.mark.parametrize("scenario_id, text, offer_id", [
    # QA round 32: "one" for the thing named before it met no need (5 of 5); "a router" did.
    ("nine-weeks", "Normally a router for the gap isn't part of the offer, but in your case I'm sending one free.",
     "mobile_internet"),
    ("friday-data-line", "A router isn't normally included, but I'm sending one to your office tonight.", None),
])
def test_one_for_the_thing_named_before_meets_its_need(library, scenario_id, text, offer_id):
    scenario, state, _ = start(library, scenario_id)
    score = score_reply(text, SURE["offer"], [], scenario)
    assert score.offers, score
    offer_id = offer_id or score.offers[0]
    need = next(n for n in scenario.needs if offer_id in n.met_by)
    persona.react(state, scenario, score)
    assert need.id in state.met, state


@pytest.mark.parametrize("scenario_id, text, need", [
    ("move-and-upgrade", "No, sorry, I was wrong earlier: one order, move and TV together, I'm doing it now.", "one_order"),
    ("unpaid-outage", "Let me correct myself: I'll credit three months of your subscription today.", "goodwill_gesture"),
    ("nine-weeks", "Actually I was wrong, I can send the router, it goes out tomorrow.", "work_in_gap"),
    ("unpaid-outage", "Let me correct myself: I'll credit three months of your subscription today after all.",
     "goodwill_gesture"),
    ("unpaid-outage", "Let me correct myself: the credit stands, it goes on today.", "goodwill_gesture"),
])
def test_an_offer_after_a_correction_meets_the_need(library, scenario_id, text, need):
    """QA round 43: 7 of 7 offers that opened on a correction ("Let me correct myself:", "Actually I
    was wrong") went unheard, and the customer asked for what was just given. A correction takes
    back only with a no after it (test_what_met_a_need_taken_back_opens_it_again)."""
    scenario, state, _ = start(library, scenario_id)
    say(state, scenario, text, "offer")
    assert need in state.met, state


@pytest.mark.parametrize("scenario_id, offer, taken_back, need", [
    ("nine-weeks", "I'll reserve the laptop promotion against today's date and email it to you tonight.",
     "Scratch that, I can't do that after all.", "laptop_guaranteed"),
    ("move-and-upgrade", "I'm putting the move and the TV upgrade in one order now.",
     "Scratch that, that's not possible after all.", "one_order"),
    ("unpaid-outage", "I'm crediting three months of your subscription today.",
     "Forget what I said, I can't do that after all.", "goodwill_gesture"),
])
def test_a_take_back_that_names_no_need_opens_the_one_met_last(library, scenario_id, offer, taken_back, need):
    """QA round 44: 4 of 4 take-backs that said only "that" left the need met, and 3 calls ended
    resolved."""
    scenario, state, _ = start(library, scenario_id)
    say(state, scenario, offer, "commit")
    assert need in state.met, state
    reaction = say(state, scenario, taken_back, "refuse")
    assert need not in state.met and reaction.outcome is None, reaction


def test_a_deed_said_in_the_pending_needs_words_beside_another_step_confirms_it(library):
    """QA round 44: "Done, it's credited. I'm also giving you my direct number ..." after the credit
    was floated left it floated, 2 of 4 ("Is that decided now, or still a maybe?")."""
    scenario, state, _ = start(library, "unpaid-outage")
    say(state, scenario, "I could credit three months of your subscription as a goodwill gesture. Would that help?", "offer")
    assert "goodwill_gesture" in state.pending and "goodwill_gesture" not in state.met, state
    say(state, scenario, "Done, it's credited. I'm also giving you my direct number, 020 555 0142, and I'll call you "
        "Monday at 10.", "commit")
    assert "goodwill_gesture" in state.met, state


def test_what_is_within_authority_done_beside_an_over_promise_meets_its_need(library):
    """QA round 44: 4 of 4 firm offers said beside an over-promise stayed floated ("is it happening?")."""
    scenario, state, _ = start(library, "move-and-upgrade")
    say(state, scenario, "I'll give you the TV package free for a year, and I'm putting the move and the TV upgrade in "
        "one order now.", "commit")
    assert "one_order" in state.met, state


@pytest.mark.parametrize("scenario_id", SCENARIOS)
@pytest.mark.parametrize("answer", ["No.", "Nope.", "No, that's all.", "no thanks"])
def test_a_no_to_is_that_everything_answers_it_and_refuses_nothing(library, scenario_id, answer):
    """QA round 45: "Do you need anything else from me?" "No." was read as a refusal, 6 of 8: the
    customer heard a no ("Not even a 'but here's what I can do'?") and the scorecard's worst reply
    was the answer. Once every need is met, a bare no answers the customer's question."""
    scenario, state = all_met(library, scenario_id)
    score = score_reply(answer, SURE["refuse"], [], scenario, all_met=persona.all_needs_met(state, scenario))
    assert (band(score.ownership), band(score.flexibility)) == ("neutral", "neutral"), score
    reaction = persona.react(state, scenario, score)
    assert reaction.kind in {"said_all", "resolved"} and state.mood == "satisfied", reaction
    # With a need still open, the same no is a no.
    scenario, state, _ = start(library, scenario_id)
    score = score_reply(answer, SURE["refuse"], [], scenario, all_met=persona.all_needs_met(state, scenario))
    assert band(score.flexibility) == "low", score


@pytest.mark.parametrize("scenario_id", SCENARIOS)
@pytest.mark.parametrize("text, kind", [("cya", "closing"), ("np", "ack")])
def test_chat_goodbyes_and_thanks_answered_are_read(library, scenario_id, text, kind):
    """QA round 45: "np" and "cya" were not scored ("I'm not sure what you're telling me") and the
    call went on; "cya" once every need is met ends it."""
    scenario, state = all_met(library, scenario_id)
    score = score_reply(text, ranking(("empathise", 0.16), ("blame_customer", 0.15)), [], scenario, all_met=True)
    assert not score.unsure and kind in {cue.kind for cue in score.cues}, score
    if kind == "closing":
        assert persona.react(state, scenario, score).outcome == "resolved"


@pytest.mark.parametrize("answer, move", [("Me. Right now.", "ownership"), ("I do. Now, while we talk.", "commit")])
def test_who_fixes_that_answered_me_takes_that_need_on(library, answer, move):
    """QA round 45: "Who fixes that?" (the account) answered "Me. Right now." met nothing, 3 of 3, and
    the customer raised the login again at the goodbye."""
    scenario, state, _ = start(library, "denied-iphone")
    persona._mark_said(state, "And the account. Four attempts, and I still can't log in. Who fixes that?")
    say(state, scenario, answer, move)
    assert "account_fixed" in state.met, state
    # Not when no one asked who.
    scenario, state, _ = start(library, "denied-iphone")
    say(state, scenario, answer, move)
    assert "account_fixed" not in state.met, state


@pytest.mark.parametrize("scenario_id", SCENARIOS)
@pytest.mark.parametrize("question", ["Anything else you need from me today?", "Is there anything more I can do for you?"])
def test_anything_else_for_you_once_every_need_is_met_is_answered_no(library, scenario_id, question):
    """QA round 45: "Anything else you need from me?" after every need was met got the customer's
    request recited again, as if it were still open (3 of 5)."""
    scenario, state = all_met(library, scenario_id)
    reaction = persona.react(state, scenario, score_reply(question, SURE["ask"], [], scenario, all_met=True))
    assert reaction.kind in {"said_all", "resolved"} and reaction.outcome in {None, "resolved"}, reaction
    assert reaction.text in scenario.lines["said_all"] or reaction.outcome == "resolved", reaction


@pytest.mark.parametrize("scenario_id", SCENARIOS)
@pytest.mark.parametrize("question", ["Is there anything else I can do for you?", "anything else?",
                                      "Is there anything more I can help",
                                      # QA round 51: "When will it be sorted?" after such a recap.
                                      "Let me recap: it's all booked and confirmed by mail. Did I miss anything?",
                                      "Is that everything?", "Are we all good?",
                                      "So to recap: it's all sorted and confirmed by mail. Anything else?"])
def test_anything_else_after_is_that_everything_leaves_the_goodbye_to_the_agent(library, scenario_id, question):
    """QA round 50: asked as the close once every need was met, "anything else?" ended 4 calls (the
    trainee's goodbye after it got the case list) and not 3 others. The customer says that's all;
    the agent's goodbye ends the call, and so does the same question asked again."""
    for then in ["Thanks for calling, have a good day.", question]:
        scenario, state = all_met(library, scenario_id)
        reaction = say(state, scenario, question, "close")
        assert reaction.kind == "said_all" and reaction.outcome is None, reaction
        assert reaction.text in scenario.lines["said_all"] and state.said_all, reaction
        assert say(state, scenario, then, "close").outcome == "resolved", then


@pytest.mark.parametrize("scenario_id", SCENARIOS)
@pytest.mark.parametrize("close", ["Is that everything? Then thank you for your patience, and good luck with the new "
                                   "business.",
                                   "Was there something more? If not, I wish you success with your company."])
def test_anything_else_answered_by_the_agent_in_the_same_reply_is_the_close(library, scenario_id, close):
    """QA round 51 replayed: the question answered by the agent's own wish after it ended the call, as
    a close does; it does not wait for another goodbye."""
    scenario, state = all_met(library, scenario_id)
    assert say(state, scenario, close, "close").outcome == "resolved"


@pytest.mark.parametrize("scenario_id", SCENARIOS)
@pytest.mark.parametrize("question", ["So what would you consider fair?", "Any questions?",
                                      "Are there any options you'd like?", "What options would suit you for now?"])
def test_asked_what_they_would_find_fair_the_customer_says_what_is_open(library, scenario_id, question):
    """QA round 45: "So what would you consider fair?", "Any questions?" got "I don't know that
    offhand", 6 of 10, from a customer who came for something."""
    scenario, state, _ = start(library, scenario_id)
    reaction = say(state, scenario, question, "ask")
    assert reaction.kind == "still_open", reaction


def test_it_done_beside_a_step_for_another_need_confirms_what_was_floated(library):
    """QA round 45: "Shall I send it?" "Yes, go ahead." then "I'm sending it now. And I'm the one chasing
    the data division: I'll call you at nine." left the router floated, and the call ended abandoned."""
    scenario, state, _ = start(library, "friday-data-line")
    say(state, scenario, "I could send a 4G router by courier tonight. Shall I send it?", "offer")
    floated = list(state.pending)
    assert floated and not set(floated) & set(state.met), state
    say(state, scenario, "I'm sending it now. And I'm the one chasing the data division: I'll call you at nine.", "commit")
    assert set(floated) <= set(state.met), state


def test_a_reply_read_as_a_greeting_mid_call_with_no_word_that_greets_gets_no_greeting(library):
    """QA round 45: "I do appreciate how important this is for you." read as a greeting in the sixth
    reply got "Good afternoon. I'll keep it short ...", 2 of 2."""
    scenario, state, _ = start(library, "friday-data-line")
    for text in ["Good afternoon, you're through to business support.", "I can hear this is urgent."]:
        say(state, scenario, text, "greet" if "afternoon" in text else "empathise")
    reaction = say(state, scenario, "I do appreciate how important this is for you.", "greet")
    assert reaction.kind != "greeting" and reaction.text not in scenario.lines["greeting"], reaction


@pytest.mark.parametrize("scenario_id, text, need", [
    ("denied-iphone", "I asked my team lead about the 24-month plan with a new iPhone; I'll have her answer in a few minutes.",
     "new_phone"),
    ("denied-iphone", "I put your request for the iPhone on 24 months to my manager. I'll have her answer in two minutes.",
     "new_phone"),
])
def test_an_offer_put_to_a_manager_in_the_past_waits_for_the_answer(library, scenario_id, text, need):
    """QA round 46: put to a manager in the past tense, 4 of 4 were answered as empathy or as floated,
    not as waiting for the answer; the yes that came back then met the need."""
    scenario, state, _ = start(library, scenario_id)
    persona.react(state, scenario, score_reply(text, ranking(("escalate_for_customer", 0.9)), [], scenario))
    assert need in state.awaiting and need not in state.met, state
    say(state, scenario, "She said yes.", "commit")
    assert need in state.met, state


@pytest.mark.parametrize("scenario_id", ["unpaid-outage", "friday-data-line"])  # the cases with a contact need
@pytest.mark.parametrize("me, when", [("Me.", "Thursday, ten."),
                                      # QA round 47: 4 of 8 such pairs failed.
                                      ("That'd be me.", "Tomorrow at nine."), ("I will.", "At nine tomorrow morning."),
                                      ("me", "thu 10am")])
def test_me_then_the_time_in_the_next_reply_names_the_contact(library, scenario_id, me, when):
    """QA round 46: "Me." then "Thursday, ten." left the follow-up open, 6 of 8, and the customer asked
    at the goodbye who follows it up."""
    scenario, state, _ = start(library, scenario_id)
    contact = [need.id for need in scenario.needs
               if any(scenario.offer(o).match("Me, tomorrow at 9.") for o in need.met_by)]
    assert contact
    persona.react(state, scenario, score_reply(me, ranking(("empathise", 0.4), ("take_ownership", 0.3)), [], scenario))
    assert not set(contact) & set(state.met), state
    persona.react(state, scenario, score_reply(when, ranking(("commit_next_step", 0.3), ("greet", 0.2)), [], scenario))
    assert set(contact) <= set(state.met), state


@pytest.mark.parametrize("scenario_id, text", [
    ("move-and-upgrade", "I've just spoken to planning."),
    ("move-and-upgrade", "I asked planning whether the technician can come on the 14th."),
    ("friday-data-line", "I've just spoken to the data division."),
])
def test_a_check_reported_with_its_answer_to_come_is_waited_for(library, scenario_id, text):
    """QA round 46: 5 of 7 such replies were answered as a rule or a hand-off ("I've heard the process
    three times today", "So I have to sort it out myself?")."""
    scenario, state, _ = start(library, scenario_id)
    reaction = persona.react(state, scenario, score_reply(text, ranking(("explain_procedure", 0.2), ("deflect", 0.18)), [],
                                                          scenario))
    # (Or, asked of a team that decides, the customer waits for its answer: "awaiting".)
    assert reaction.kind in {"on_hold", "awaiting"}, reaction


@pytest.mark.parametrize("check, line, said, unsaid", [
    # QA round 46: "Someone. Who, and by which date?" after "Maybe... I could perhaps credit something?".
    (persona.answers_unsaid, "Someone. Who, and by which date?", "Maybe... I could perhaps credit something?", True),
    (persona.answers_unsaid, "Someone. Who, and by which date?", "Someone will call you.", False),
    (persona.answers_unsaid, "Call back later?", "You'll have to wait and call back later.", False),
    (persona.answers_unsaid, "Wait?", "I'm waiting on planning.", False),
    # Play-through 57: lines quoting words nobody said ("I've heard enough 'Monday'", "not a 'soon'").
    (persona.quotes_unsaid, "I've heard enough 'Monday'. We'll take our business elsewhere.",
     "Sorry, that's not my department.", True),
    (persona.quotes_unsaid, "I need a time, not a 'soon'. My staff need to know.", "We'll sort it out for you.", True),
    (persona.quotes_unsaid, "I've heard enough 'Monday'. We'll take our business elsewhere.",
     "The data division does it on Monday.", False),
    (persona.quotes_unsaid, "I need a time, not a 'soon'. My staff need to know.", "Someone will call you soon.", False),
    # Apostrophes inside words are no quotes.
    (persona.quotes_unsaid, "That's it. I'm done with your company. You'll hear from us.", "", False),
])
def test_a_line_echoing_or_quoting_words_needs_them_said(check, line, said, unsaid):
    assert check(line, said) is unsaid


@pytest.mark.parametrize("text, need", [
    ("I'll move you to the 24-month plan with the new iPhone today, ok?", "new_phone"),
    ("And I'll fix your login and the email spelling right now, is that alright?", "account_fixed"),
    ("I'll move you to the 24-month plan with the new iPhone today, if that works for you?", "new_phone"),
])
def test_a_commitment_with_a_polite_tag_is_made_not_floated(library, text, need):
    """QA round 47: a commitment ending "ok?" or "if that's ok?" was taken as floated, 8 of 8, and the
    calls were lost ("You floated it, but I haven't heard you say it's done")."""
    scenario, state, _ = start(library, "denied-iphone")
    say(state, scenario, text, "commit")
    assert need in state.met, state
    # Asked as a question, it still waits for the customer's yes.
    scenario, state, _ = start(library, "denied-iphone")
    say(state, scenario, "Shall I move you to the 24-month plan with the new iPhone today?", "offer")
    assert "new_phone" not in state.met, state


@pytest.mark.parametrize("scenario_id, need_offer, extra, taken_back", [
    ("nine-weeks", "I'm reserving the laptop promotion against today's order date, in writing, today.",
     "And I'm crediting your first month, 40 euros, today.", "Sorry, forget the credit, I can't do that after all."),
    ("move-and-upgrade", "I'm booking the technician for your moving day, the 14th, 8 to 12.",
     "And I'm waiving the 49 euro installation fee for you.", "Actually, forget the fee waiver, I can't do that after all."),
])
def test_taking_back_a_gesture_that_met_no_need_leaves_the_needs_met(library, scenario_id, need_offer, extra, taken_back):
    """QA round 47: "Sorry, forget the credit, I can't do that after all." reopened the need met last (the
    laptop, the moving-day technician), 4 of 5."""
    scenario, state, _ = start(library, scenario_id)
    say(state, scenario, need_offer, "commit")
    met = list(state.met)
    assert met, state
    say(state, scenario, extra, "exception")
    say(state, scenario, taken_back, "refuse")
    assert set(met) <= set(state.met), state


def test_a_terse_router_for_the_gap_meets_the_need(library):
    """QA round 47: "Router for the gap. Free. Ships tomorrow." left the gap open, 3 of 3, and the calls
    were lost."""
    scenario, state, _ = start(library, "nine-weeks")
    say(state, scenario, "Router for the gap. Free. Ships tomorrow.", "offer")
    assert "work_in_gap" in state.met, state


@pytest.mark.parametrize("scenario_id", SCENARIOS)
@pytest.mark.parametrize("words", [
    "I won't say goodbye until we've sorted this.",
    "I'm not going to say goodbye until you have what you need.",
    "Again: no goodbye from me until this is sorted.",
    "I'll be honest, I was about to say goodbye, but no. Let me see what I can do.",
])
def test_a_goodbye_said_not_to_be_one_is_no_goodbye(library, scenario_id, words):
    """QA round 48: "I won't say goodbye until we've sorted this" read as the agent's close with
    nothing done; said twice, the customer hung up."""
    scenario, state, _ = start(library, scenario_id)
    for move in ("close", "close"):
        reaction = say(state, scenario, words, move)
        assert reaction.outcome is None, reaction
    assert state.goodbyes == 0
    assert "closing" not in {cue.kind for cue in score_reply(words, SURE["close"], [], scenario).cues}


@pytest.mark.parametrize("scenario_id", SCENARIOS)
@pytest.mark.parametrize("words, with_the_last_need", [
    # QA round 48: with the last need met in the same reply, "Sorry, not a goodbye. I'm putting the
    # move and the digital TV upgrade in one order now" ended the call as resolved; the customer asks
    # whether that is everything, and the trainee closes.
    ("Sorry, not a goodbye.", True),
    ("Sorry, scratch my goodbye.", True),
    ("I take back what I said: I'm not saying bye yet.", True),
    # QA round 49: held off, said before, or undone after it was said, once every need was met (9
    # calls ended, the question unanswered).
    ("Nothing from my side. I'll hold off on goodbye for one second though: is that the right address?", False),
    ("Nearly. Before I say goodbye: is there a number I can reach you on today?", False),
    ("That's everything. Oh and, goodbye is not quite right yet: does Thursday morning suit you?", False),
    ("No thanks. Goodbye. Hmm, actually, not goodbye, sorry: what time suits you?", False),
    ("We are. Goodbye! Actually, hold on, not goodbye: I'll ring you at nine with an update.", False),
    ("Yes. Goodbye! - no, sorry, I take that back for a second: what's the postcode?", False),
])
def test_a_goodbye_taken_back_held_off_or_undone_does_not_end_the_call(library, scenario_id, words,
                                                                       with_the_last_need):
    scenario, state, _ = start(library, scenario_id)
    *first, last = owning_replies(scenario)
    for text in first:
        say(state, scenario, text, "commit")
    if with_the_last_need:
        reaction = say(state, scenario, f"{words} {last}", "commit")
        assert reaction.kind == "anything_else", reaction
    else:
        say(state, scenario, last, "commit")
        reaction = say(state, scenario, words, "close")
    assert reaction.outcome is None, reaction
    # Guard: a goodbye that is one still ends it.
    assert say(state, scenario, "Thanks for your patience, goodbye!", "close").outcome == "resolved"




@pytest.mark.parametrize("answer", ["Tomorrow. Yes.", "Delivery tomorrow, and yes, email confirmation today."])
def test_a_time_and_a_yes_confirm_what_was_floated(library, answer):
    """QA rounds 48 and 49: the customer asked "When will the phone be delivered, and will you confirm
    that by email?" about the plan floated as a question; "Tomorrow. Yes." left it floated, and the
    customer asked later "was it just a suggestion?" (3 of 3)."""
    scenario, state, _ = start(library, "denied-iphone")
    say(state, scenario, "I can do the 24-month plan with the new iPhone, same 50 a month. Want it?", "offer")
    assert state.pending, state
    floated = list(state.pending)
    say(state, scenario, answer, "commit")
    assert set(floated) <= set(state.met) and not state.pending, state


def test_a_call_of_one_reply_says_one_reply(library):
    """QA round 49: "churned after 1 replies" on the scorecard."""
    scenario, state, _ = start(library, "unpaid-outage")
    reaction = say(state, scenario, "Those are the rules, I'm afraid. Goodbye.", "cite_policy")
    assert reaction.outcome == "churned", reaction
    text = persona.scorecard_text(persona.scorecard(state, scenario), scenario)
    assert re.search(r"after 1 reply\b", text) and "1 replies" not in text, text


@pytest.mark.parametrize("goodbye", ["Until seven then!", "nope thats all. laters!",
                                     # QA round 54: the call stayed open after each.
                                     "Okay, I'll hang up now.", "done. cya"])
def test_until_then_and_laters_close_a_met_call(library, goodbye):
    """QA round 49: not heard as goodbyes, and the customer kept waiting after every need was met."""
    scenario, state, _ = start(library, "friday-data-line")
    for text in owning_replies(scenario):
        say(state, scenario, text, "commit")
    # (Read, as the model may, as a step rather than a close.)
    reading = ranking(("commit_next_step", 0.5), ("close", 0.2))
    assert persona.react(state, scenario, score_reply(goodbye, reading, [], scenario)).outcome == "resolved"


@pytest.mark.parametrize("scenario_id", SCENARIOS)
@pytest.mark.parametrize(("question", "move"), [
    ("What is it about?", "ask"), ("Please tell me, which is the problem?", "ask"),
    # QA round 51: the address, "Hello. Fine. Can we get to the line?", "I honestly don't know".
    ("Hi, you're speaking with Iris. Congratulations on the new house! What can I do for you?", "greet"),
    ("Hello, Noor here. Tell me what happened.", "greet"),
    ("Hello. Before anything: what is it you'd actually like from us?", "ask"),
    # QA round 55: sympathy that ends on it ("Sorry doesn't make my phone work", 2 of 2), and a fact its
    # words name ("... you moved your number over": the phone number).
    ("I'm sorry to hear that. Tell me what happened.", "empathise"),
    ("Good morning, I'm sorry to hear that. Tell me what happened.", "empathise"),
    ("Hello, I understand you were refused the new iPhone when you moved your number over. Tell me what happened.",
     "ask"),
])
def test_a_question_about_the_problem_gets_the_problem(library, scenario_id, question, move):
    """QA round 50: answered "I'd have to check my papers. Is it really relevant?" (4 of 4)."""
    scenario, state, _ = start(library, scenario_id)
    reaction = say(state, scenario, question, move)
    assert "check my papers" not in reaction.text and "Not a clue" not in reaction.text, reaction
    assert reaction.kind not in {"fact", "question_unknown", "unclear", "greeting", "empathy_only"}, reaction


@pytest.mark.parametrize("asked", ["I'm correcting your email now. Can you spell it for me?",
                                   "Let me sort that too, give me your email and I'll fix it right now."])
def test_the_detail_asked_beside_a_step_is_given(library, asked):
    """QA round 50: with a step in the same reply, the customer never gave the email address (6 calls)."""
    scenario, state, _ = start(library, "denied-iphone")
    *first, _last = owning_replies(scenario)
    for text in first:
        say(state, scenario, text, "commit")
    reaction = say(state, scenario, asked, "commit")
    assert "@" in reaction.text, reaction


_ROUTER_CUT = [
    ("I'm sorry, Mr van Dam, that's on us. I'm reserving the laptop promotion against today's order date and I'll "
     "email you that in writing this afternoon.", "commit"),
    ("For the gap I'll send you a 4G router at no cost, it goes out by courier tomorrow.", "commit"),
    ("One correction: the courier can't do tomorrow, the router arrives Thursday. I've booked it already.", "commit"),
]


@pytest.mark.parametrize("reply, move, met_again", [
    # Play-through 56: the recap after the router was moved named it by its day ("router on Thursday at
    # no cost") and was not heard as the router; the customer said "Fine" and raised it at the goodbye.
    ("I understand. So: laptop reserved against today's date in writing this afternoon, router on Thursday at no "
     "cost. Anything else?", "close", True),
    # ... and a recap that leaves it out, or a warm reply that does not meet it, gets it brought back
    # at once, not "Fine. I appreciate you taking it seriously." (6 calls).
    ("I understand. Your laptop stays reserved against today's date, in writing this afternoon. Anything else?",
     "close", False),
    ("I hear you, and I'm taking this seriously. I'm not letting this one go.", "ownership", False),
])
def test_a_need_cut_is_met_again_or_brought_back_not_thanked(library, reply, move, met_again):
    scenario, state, _ = start(library, "nine-weeks")
    for text, said_as in _ROUTER_CUT:
        say(state, scenario, text, said_as)
    assert "work_in_gap" not in state.met, state
    reaction = say(state, scenario, reply, move)
    assert ("work_in_gap" in state.met) is met_again, reaction
    if not met_again:
        assert reaction.kind == "still_open", reaction


def test_a_need_raised_again_and_answered_warmly_without_it_is_raised_once_more(library):
    """Play-through 56: "And on moving day?" answered with the day after it, "I've booked him myself",
    got "Thank you. That helps.", and the next "Anything else?" lost the call."""
    scenario, state, _ = start(library, "move-and-upgrade")
    say(state, scenario, "I'm putting the move and the TV upgrade in one order now, and I'm waiving the 49 euro "
                         "installation fee.", "commit")
    raised = say(state, scenario, "Is there anything else I can do for you?", "close")
    assert raised.kind == "still_open" and "working_on_moving_day" not in state.met, raised
    reaction = say(state, scenario, "I told you: the technician connects everything on the 15th between 8 and 10. "
                                    "I've booked him myself.", "commit")
    assert reaction.kind == "still_open" and "working_on_moving_day" not in state.met, reaction


def test_the_scorecard_says_what_was_agreed_in_the_words_that_agreed_it(library):
    """Play-throughs 56 and 57: no scorecard said what was agreed, so a team lead could not tell what
    the trainee had promised, least of all where a promise was cut and given again (79 of 79 cards)."""
    scenario, state, _ = start(library, "nine-weeks")
    laptop = ("I'm reserving the laptop promotion against today's order date and I'll email you that in writing "
              "this afternoon.")
    again = "With the 4G router. I've booked it, it arrives Thursday, and it costs you nothing."
    for text in (laptop, "For the gap I'll send you a 4G router at no cost, it goes out by courier tomorrow.",
                 "One correction: the courier can't do tomorrow, the router arrives Thursday. I've booked it already.",
                 again):
        say(state, scenario, text, "commit")
    persona.end_by_trainee(state, scenario)
    card = persona.scorecard(state, scenario)
    assert card["agreed"] == [{"need": scenario.need("laptop_guaranteed").description, "said": laptop},
                              {"need": scenario.need("work_in_gap").description, "said": again}], card["agreed"]
    text = persona.scorecard_text(card, scenario)
    assert "Agreed:" in text and f'- {scenario.need("work_in_gap").description}: "{again}"' in text, text


def test_what_was_taken_back_is_not_on_the_scorecard_as_agreed(library):
    scenario, state, _ = start(library, "nine-weeks")
    say(state, scenario, "I'll send you a 4G router today, free, for the weeks without a line.", "commit")
    say(state, scenario, "Sorry, I can't send the router after all.", "refuse")
    persona.end_by_trainee(state, scenario)
    card = persona.scorecard(state, scenario)
    assert card["agreed"] == [] and "Agreed:" not in persona.scorecard_text(card, scenario), card


@pytest.mark.parametrize("case, given, recap, need, misstated", [
    # Play-through 57: a recap that gave a need met before other terms than were promised ended the call
    # resolved (8 of 8): another date, a larger amount.
    ("move-and-upgrade", "I'm putting the move and the TV upgrade in one order, and I'm booking the technician for "
     "the morning of the 14th, your moving day.",
     "No, that's it. So to recap: one order for the move and the TV, and the technician comes on the 16th between "
     "8 and 12. Goodbye!", "working_on_moving_day", True),
    ("denied-iphone", "I can't do 50 percent off the iPhone, it's 30 percent off, and I'm putting that on your "
     "account now.", "So to recap: 50 percent off the new iPhone, on your account now. Anything else?", "new_phone",
     True),
    # Guards: the same terms said again, and a recap that says nothing of the need's terms.
    ("move-and-upgrade", "I'm booking the technician for the morning of the 14th, your moving day.",
     "So to recap: the technician comes on the 14th, your moving day, between 8 and 12. Anything else?",
     "working_on_moving_day", False),
    ("denied-iphone", "I can't do 50 percent off the iPhone, it's 30 percent off, and I'm putting that on your "
     "account now.", "So to recap: 30 percent off the new iPhone, and the confirmation by email. Anything else?",
     "new_phone", False),
])
def test_a_recap_with_other_terms_than_were_promised_opens_the_need_again(library, case, given, recap, need,
                                                                           misstated):
    scenario, state, _ = start(library, case)
    say(state, scenario, given, "commit")
    assert need in state.met, state
    reaction = say(state, scenario, recap, "close")
    assert (need not in state.met) is misstated, reaction
    assert (reaction.kind == "weakened") is misstated and reaction.outcome is None, reaction


@pytest.mark.parametrize("move", ["close", "explain"])
def test_a_misstated_recap_with_a_goodbye_is_objected_to_not_hung_up_on(library, move):
    """Play-through 57 (replayed): the recap "... the technician comes on the 16th ... Goodbye!" after the
    14th was won back, with a close said once before, ended the call as the customer giving up."""
    scenario, state, _ = start(library, "move-and-upgrade")
    say(state, scenario, "I'm putting the move and the TV upgrade in one order.", "commit")
    say(state, scenario, "Is there anything else I can help you with?", "close")
    say(state, scenario, "I'm booking the technician for the 14th between 8 and 12, your moving day.", "commit")
    assert {"one_order", "working_on_moving_day"} <= set(state.met), state
    reaction = say(state, scenario, "No, that's it. So to recap: one order for the move and the TV, and the "
                                    "technician comes on the 16th between 8 and 12. Goodbye!", move)
    assert reaction.outcome is None and reaction.kind == "weakened", reaction


@pytest.mark.parametrize("text", [
    # Play-through 57: leave asked to do what the customer asked for got "I'm not sure what you're telling
    # me" (2 calls); the option is floated and taken.
    "Hello Mr Kuipers. Is it okay if I put the move and the TV upgrade in one order?",
    "Is it okay if everything goes in that one order?",
])
def test_leave_asked_for_the_step_the_customer_wants_floats_it(library, text):
    scenario, state, _ = start(library, "move-and-upgrade")
    reaction = say(state, scenario, text, "offer")
    assert "one_order" in state.pending and "one_order" not in state.met, (state, reaction)
    assert reaction.kind not in {"unclear", "question_unknown", "fact"}, reaction


@pytest.mark.parametrize("before, text", [
    # Play-through 57: a choice asked beside what was done got no pick (3 calls; one ended resolved with
    # no technician date ever chosen), also with the options in the sentence before "Which do you prefer?".
    (None, "I'm putting the move and the TV upgrade in one order now. For the technician: the 14th, or the 13th so "
           "it's ready before you arrive. Which do you prefer?"),
    ("I'm putting the move and the TV upgrade in one order now.",
     "The technician comes on the 14th, your moving day. Do you want him in the morning or the afternoon?"),
    ("I'm putting the move and the TV upgrade in one order now.",
     "I'm booking the technician for the 14th, your moving day, in the morning or in the afternoon? Which do you "
     "prefer?"),
])
def test_a_choice_asked_beside_what_was_done_gets_a_pick(library, before, text):
    scenario, state, _ = start(library, "move-and-upgrade")
    if before:
        say(state, scenario, before, "commit")
    reaction = say(state, scenario, text, "commit")
    assert any(line in reaction.text for line in scenario.lines["picked"]), reaction


def test_a_reply_low_on_a_dimension_is_not_the_best_reply(library):
    """Play-through 57: "...can't go in one order, that's how our system works. But I'll personally make
    sure the move goes through on the 14th." (95/0) was the best reply of a churned call."""
    scenario, state, _ = start(library, "move-and-upgrade")
    rigid = ("I'm afraid a move and an upgrade can't go in one order, that's how our system works. But I'll "
             "personally make sure the move goes through on the 14th.")
    say(state, scenario, rigid, "cite_policy")
    persona.end_by_trainee(state, scenario)
    assert persona.scorecard(state, scenario)["best"] is None
    # ... and a reply high on one and low on none ranks first, whatever came before it.
    scenario, state, _ = start(library, "move-and-upgrade")
    say(state, scenario, rigid, "cite_policy")
    owned = "I'll ring planning myself now and call you back at 3 with a date."
    say(state, scenario, owned, "commit")
    persona.end_by_trainee(state, scenario)
    assert persona.scorecard(state, scenario)["best"]["text"] == owned


def test_the_customer_does_not_leave_on_words_nobody_said(library):
    scenario = library.get("friday-data-line")
    for seed in range(1, 30):  # whichever churn line comes up
        state = persona.new_state(scenario, seed)
        persona.opening(state, scenario)
        for _ in range(12):
            reaction = say(state, scenario, "Sorry, that's not my department.", "deflect")
            if reaction.outcome:
                break
        assert reaction.outcome == "churned" and "'Monday'" not in reaction.text, reaction


def test_a_goodbye_that_recaps_the_escalation_already_carried_closes_the_call(library):
    """Play-through 57: "No, that's all. Retention calls you Thursday at 10. Bye." after "I'll escalate the
    iPhone to retention myself; they'll call you Thursday at 10" was heard as a hand-off (35), and the
    call did not close (q57-083; in q57-102 it did)."""
    scenario, state, _ = start(library, "denied-iphone")
    say(state, scenario, "I'm fixing your login and email right now, and I'll escalate the iPhone to retention "
                         "myself; they'll call you Thursday at 10.", "commit")
    assert not persona._open_needs(state, scenario), state
    reaction = say(state, scenario, "No, that's all. Retention calls you Thursday at 10. Bye.", "deflect")
    assert reaction.outcome == "resolved", reaction
    # Guard: a hand-off not said before is no recap.
    scenario, state, _ = start(library, "denied-iphone")
    say(state, scenario, "I'm fixing your login and email right now, and I'll escalate the iPhone to retention "
                         "myself; they'll call you Thursday at 10.", "commit")
    reaction = say(state, scenario, "No, that's all. The shop can sort out the phone for you. Bye.", "deflect")
    assert reaction.outcome != "resolved", reaction


def test_another_teams_no_beside_an_exception_typed_in_chat_is_no_relayed_no(library):
    """Play-through 57: "ok im back. they say monday. but i book the on call technician as exception 2nite"
    (68/90) was answered as the data division's no alone ("You're telling me a company your size...")."""
    scenario, state, _ = start(library, "friday-data-line")
    reaction = say(state, scenario, "ok im back. they say monday. but i book the on call technician as exception "
                                    "2nite", "exception")
    assert reaction.kind != "refused" and "office_online" in state.met, (reaction, state)


# Play-throughs 57 and 58: a recap that gives a call or a met need another weekday or hour than the
# agent said went unnoticed (3 of 3 and 36 of 37 ended resolved). (replies before, the recap, the words
# quoted back)
TIME_MOVED_IN_RECAP = [
    ("friday-data-line", ["Good evening. I'm sending a 4G router by courier tonight, and I'll call you at 8 with an "
                          "update on the data division.", "Sorry, small correction: I can't call at 8, I'll call you at 9."],
     "Right. So: router tonight, and I'll call you at 8. Bye.", "I'll call you at 8"),
    ("unpaid-outage", ["I'm crediting three months of your plan, 150 euros, and I'm your contact: I'll call you "
                       "Thursday at 10 to check it's on your invoice.",
                       "Sorry, one change: I can't call Thursday, I'll call you Friday at 11 instead."],
     "So to recap: 150 euros credited, and I'll call you Thursday at 10. Goodbye Mr Mulder.",
     "I'll call you Thursday at 10"),
    # The time picked from a choice, and the recap opening with "So" and signing off.
    ("unpaid-outage", ["I'll escalate this to your business account manager myself. She can call you Monday at 9 or "
                       "Tuesday at 2. Which do you prefer?",
                       "Monday at 9 then, booked. And as a goodwill gesture I'm crediting you two months' subscription today."],
     "So the account manager calls you Tuesday at 9 and the two months' credit is on your account. Goodbye.",
     "So the account manager calls you Tuesday at 9"),
    # A need's own weekday ("the router ... arrives Tuesday").
    ("nine-weeks", ["I'm reserving the laptop promotion against today's order date in writing now.",
                    "For the weeks without a line I'm sending you a free 4G router, it arrives Tuesday between 8 and 12."],
     "So to recap: the laptop is reserved, and the router comes Wednesday between 8 and 12. Goodbye!",
     "the router comes Wednesday between 8"),  # (quoted up to the clause break, "and")
    # A need's time in the same sentence as a call (play-through 58, q58-014).
    ("nine-weeks", ["I'm reserving the laptop promotion against today's order date in writing now.",
                    "For the weeks without a line I'm sending you a free 4G router, it arrives Tuesday between 8 and 12.",
                    "I'm also your single point of contact: I'll call you every Friday at 11 until you're connected."],
     "So to recap: the laptop is reserved, the router comes Wednesday between 8 and 12, and I call you Fridays at 11. "
     "Goodbye!", "the router comes Wednesday between 8"),
    # Play-through 60: a call's "tonight" made "tomorrow", a slot moved, a recap put as a check.
    ("friday-data-line", ["I'm sending a 4G router by courier tonight, and I'll call you tonight at 19:00 with an update "
                          "on the data division."],
     "So: router tonight, and I'll call you back tomorrow at 19:00. Bye.", "I'll call you back tomorrow at 19:00"),
    ("move-and-upgrade", ["I'm putting the move and the TV upgrade in one order now, and the technician comes on your "
                          "moving day, the 14th, between 8 and 12."],
     "To recap: one order, technician on the 14th from 13 to 17. Bye.", "technician on the 14th from 13 to 17"),
    ("unpaid-outage", ["I'm crediting three months of your plan, 150 euros, and I'm your contact: I'll call you "
                       "Tuesday at 10 to check it's on your invoice."],
     "So: 150 euros credited, and I'll call you Wednesday at 10, correct?", "I'll call you Wednesday at 10"),
    # Play-through 61 (q61-011): the call said after its need was met by other words ("I'm calling the data
    # division myself"), then a weekday moved in the recap: the need that asks for call-backs opens.
    ("friday-data-line", ["That sounds like a rotten Friday. I'm calling the data division myself right now and I'll stay "
                          "on it.", "I'll ring you back tomorrow at 9, Saturday, with where it stands. Here's my direct "
                          "line: 020-5557788.", "And a 4G router goes out by courier this afternoon so you can work tonight."],
     "Recap: router this afternoon, I ring you Monday morning at 9. Are we good?", "I ring you Monday morning at 9"),
]


@pytest.mark.parametrize("scenario_id, before, recap, quoted", TIME_MOVED_IN_RECAP)
def test_a_recap_that_moves_a_time_opens_the_need_and_is_quoted_back(library, scenario_id, before, recap, quoted):
    scenario, state, _ = start(library, scenario_id)
    for text in before:
        say(state, scenario, text, "commit")
    met = list(state.met)
    reaction = say(state, scenario, recap, "close")
    assert reaction.kind == "weakened" and f'"{quoted}"' in reaction.text and reaction.outcome is None, reaction
    assert len(state.met) == len(met) - 1, (met, state.met)


@pytest.mark.parametrize("scenario_id, before, recap", [
    # Guards: the time said again as it was; the moved time recapped; a move said with the goodbye; two
    # calls, each recapped; a plain "So" reply that is no recap of a time.
    ("unpaid-outage", ["I'm crediting three months of your plan, 150 euros, and I'm your contact: I'll call you "
                       "Thursday at 10 to check it's on your invoice."],
     "So to recap: 150 euros credited, and I'll call you Thursday at 10. Goodbye."),
    ("unpaid-outage", ["I'm crediting three months of your plan, 150 euros, and I'm your contact: I'll call you "
                       "Thursday at 10 to check it's on your invoice.",
                       "Sorry, one change: I can't call Thursday, I'll call you Friday at 11 instead."],
     "So to recap: 150 euros credited, and I'll call you Friday at 11. Goodbye."),
    ("unpaid-outage", ["I'm crediting three months of your plan, 150 euros, and I'm your contact: I'll call you "
                       "Thursday at 10 to check it's on your invoice."],
     "Actually, I'll call you Friday at 11 instead, Thursday is full. Bye!"),
    ("denied-iphone", ["I'm moving you to the 24-month plan with the new iPhone today, and retention calls you "
                       "Thursday at 10 about the discount.",
                       "And I'm fixing your login and email now; I'll call you Friday at 9 to check it works."],
     "So to recap: retention calls you Thursday at 10, and I call you Friday at 9. Goodbye."),
    ("nine-weeks", ["I'm reserving the laptop promotion against today's order date in writing now.",
                    "For the weeks without a line I'm sending you a free 4G router, it arrives Tuesday between 8 and 12."],
     "So the laptop is reserved and the router comes Tuesday. Have a good day."),
    # Play-through 59: the hour moved with nothing named ("he'll come at 10", "I'll have him there at
    # 1"), then recapped; two offers for one need at two times, each recapped.
    ("move-and-upgrade", ["I'm putting the move and the TV upgrade in one order now, and I'll book the technician for "
                          "your moving day.", "Great. The technician will be there on moving day at 8. Hmm, sorry, 8 is "
                          "full - he'll come at 10."],
     "So: one order, technician on moving day at 10. Anything else?"),
    ("move-and-upgrade", ["I'm putting the move and the TV upgrade in one order now, and the technician comes on your "
                          "moving day at 9.", "Small correction: I can't get him there at 9, I'll have him there at 1 in "
                          "the afternoon instead."],
     "So: one order, technician on the 14th at 1, no fee. Goodbye."),
    ("friday-data-line", ["I'm sorry, that's a mess. I'm calling the data division myself right now, and a 4G router "
                          "is with you before 6 tonight.", "I'm also booking the on-call technician as an exception for "
                          "tomorrow morning at 9. I'll call you back at 5 today with an update."],
     "So to recap: router before 6 tonight, technician tomorrow at 9, and my call at 5. Anything else?"),
])
def test_a_recap_that_keeps_the_times_keeps_the_needs_met(library, scenario_id, before, recap):
    scenario, state, _ = start(library, scenario_id)
    for text in before:
        say(state, scenario, text, "commit")
    met = list(state.met)
    assert met, state
    reaction = say(state, scenario, recap, "close")
    assert reaction.kind != "weakened" and all(need in state.met for need in met), reaction


@pytest.mark.parametrize("scenario_id, promise, weaker, put_right", [
    # Play-through 58: a cut or a moved time put back in a short correction got the need's "still
    # open" line, as if nothing had been offered (5 of 8).
    ("denied-iphone", "Yes. I'll give you 50 percent off a new iPhone, starting today. I'm sorting it now.",
     "So that's 40 percent off the new iPhone. Have a great day.", "Sorry, 50 percent, as agreed."),
    ("unpaid-outage", "I'm crediting three months, 150 euros, to your account today as a goodwill gesture.",
     "So to recap: two months' credit, 100 euros. Goodbye.", "Sorry, three months, 150 euros, as I said."),
    ("unpaid-outage", "I'm crediting three months of your plan, 150 euros, and I'm your contact: I'll call you "
     "Friday at 11 to check it's on your invoice.", "So to recap: 150 euros credited, and I'll call you Thursday at 10. "
     "Goodbye.", "Sorry, my mistake: Friday at 11, as booked."),
    # Play-through 59: "%", a recap opened "So just to check", a date.
    ("denied-iphone", "OK, I checked. I can give you 50% off a new iPhone. I'll put it on your account now.",
     "ok, it's changed now. So just to check - 40% off the iPhone.", "Sorry, 50% off, as I said."),
    ("move-and-upgrade", "I'll put the move and the TV upgrade in one order right now, and book the technician for "
     "the 14th, your moving day.", "So to recap: one order for move and TV, technician on the 15th between 8 and 12. "
     "Anything else?", "Sorry, the 14th, as booked."),
])
def test_a_cut_or_a_moved_time_put_back_meets_the_need_again(library, scenario_id, promise, weaker, put_right):
    scenario, state, _ = start(library, scenario_id)
    say(state, scenario, promise, "commit")
    met = list(state.met)
    said = {need: state.promised[need].said for need in met}
    assert say(state, scenario, weaker, "close").kind == "weakened"
    reaction = say(state, scenario, put_right, "explain")
    assert sorted(state.met) == sorted(met) and reaction.kind != "still_open", reaction
    assert {need: state.promised[need].said for need in met} == said  # the card's "Agreed": the first words


@pytest.mark.parametrize("put_right", [
    # Guards: another amount, a question, the cut amount said again.
    "Sorry, 45 percent then.", "50 percent, is that right?", "Yes, 40 percent, as I said.",
])
def test_a_correction_on_other_terms_or_asked_puts_nothing_right(library, put_right):
    scenario, state, _ = start(library, "denied-iphone")
    say(state, scenario, "Yes. I'll give you 50 percent off a new iPhone, starting today. I'm sorting it now.", "commit")
    say(state, scenario, "So that's 40 percent off the new iPhone. Have a great day.", "close")
    say(state, scenario, put_right, "explain")
    assert "new_phone" not in state.met, state


def test_a_recap_the_customer_objected_to_is_not_the_best_reply(library):
    """Play-through 58: the recap that cut the credit, objected to by the customer, was the card's
    best reply (12 calls)."""
    scenario, state, _ = start(library, "unpaid-outage")
    promise = "I'm crediting three months, 150 euros, to your account today."
    say(state, scenario, promise, "commit")
    recap = ("So, to recap: as a goodwill gesture I'm crediting two months, 100 euros, and I'll call you Thursday at "
             "10 myself. Goodbye.")
    say(state, scenario, recap, "exception")
    assert "goodwill_gesture" not in state.met, state
    recap_score = score_reply(recap, SURE["exception"], [], scenario)
    promise_score = score_reply(promise, SURE["commit"], [], scenario)
    assert _best_key(recap_score) > _best_key(promise_score)  # it would have been the best
    persona.end_by_trainee(state, scenario)
    assert persona.scorecard(state, scenario)["best"]["text"] == promise


def test_a_cut_put_back_is_met_again_however_unsure_the_reading(library):
    """Play-through 59: "Sorry, three months, as agreed." was not scored, and the customer asked "Are
    you offering something or not?"."""
    scenario, state, _ = start(library, "unpaid-outage")
    say(state, scenario, "I'm crediting three months of your subscription today, 150 euros.", "commit")
    say(state, scenario, "So, to recap: two months credited today. Anything else?", "close")
    assert "goodwill_gesture" not in state.met
    guess = ReplyScore(text="Sorry, three months, as agreed.", ownership=50, flexibility=50, cues=(), reason="r",
                       over_promise=False, move="apologise", unsure=True)
    reaction = persona.react(state, scenario, guess)
    assert "goodwill_gesture" in state.met and reaction.kind != "unclear", reaction


@pytest.mark.parametrize("scenario_id, text, met, not_met", [
    # Play-through 59: an offer the customer is sent elsewhere to fetch, beside a step of the agent's
    # own, met its need, and the call ended resolved with the need sent elsewhere (3 calls).
    ("denied-iphone", "I'll reset your login and fix the email right now. For the iPhone, please call retention on "
     "0800-1234, they'll do the 24-month deal with the phone.", "account_fixed", "new_phone"),
    ("nine-weeks", "I'll reserve the laptop against today's order date in writing. For the nine weeks, buy a prepaid "
     "4G stick in any shop and we'll see about the costs later.", "laptop_guaranteed", "work_in_gap"),
])
def test_an_offer_sent_elsewhere_beside_an_own_step_meets_nothing(library, scenario_id, text, met, not_met):
    scenario, state, _ = start(library, scenario_id)
    say(state, scenario, text, "commit")
    assert met in state.met and not_met not in state.met and not_met not in state.pending, state


@pytest.mark.parametrize("scenario_id, text, need", [
    # Guards: the agent's own step at a shop, the offer beside the hand-off of something else.
    ("friday-data-line", "I've reserved a 4G router for you and I'm sending it by courier tonight; the shop on the "
     "high street has your SIM too if you want to pick that up.", "office_online"),
    ("nine-weeks", "I'm sending you a free 4G router today. For the KPN side, please call KPN yourself.", "work_in_gap"),
    # What the agent sets aside for the customer to pick up (play-through 57).
    ("friday-data-line", "Ms Dekker, this one's mine now. You can pick up a 4G router at our shop on the Kalverstraat "
     "today, I'll reserve it for you.", "office_online"),
    # Play-through 61: the agent's own step after a shrug about something else ("my hands are tied on
    # X, but ..."): the shrug's clause sends nothing of the step elsewhere (9 of 9 went unheard).
    ("denied-iphone", "My hands are tied on the iPhone, but I'll fix your email and login myself while we're on the "
     "phone.", "account_fixed"),
    ("nine-weeks", "My hands are tied on the written guarantee, but I'm sending you a 4G router free of charge "
     "tomorrow.", "work_in_gap"),
    ("friday-data-line", "It is what it is with the fault line, but a 4G router goes out by courier to you within the "
     "hour.", "office_online"),
    ("move-and-upgrade", "hello, not my department the tv, but i put move and tv upgrade in one order myself now",
     "one_order"),
    ("nine-weeks", "Out of my hands, the laptop guarantee \u2014 but I'm crediting your first month, 40 euro, today, "
     "and I'll send a 4G router free tomorrow.", "work_in_gap"),
    ("nine-weeks", "Nothing I can do about the procedure, but I'll reserve the laptop promotion against today's order "
     "date in writing, email tonight.", "laptop_guaranteed"),
    ("friday-data-line", "Nothing I can do about the line tonight, but I'm booking the on-call technician for you as an "
     "exception, right now.", "office_online"),
    # Play-through 62: the shrug after the grant (5 of 5 left the need open).
    ("denied-iphone", "I'm putting you on the 24-month plan with a new iPhone today, but the early start date is not my "
     "department.", "new_phone"),
])
def test_an_offer_of_the_agents_own_beside_a_hand_off_meets_its_need(library, scenario_id, text, need):
    scenario, state, _ = start(library, scenario_id)
    say(state, scenario, text, "commit")
    assert need in state.met, state


def test_the_card_quotes_a_moved_time_and_no_take_back_once_put_right(library):
    """Play-through 59: "Agreed" quoted the superseded time wherever a time was moved (about 11 cards),
    and "(Later taken back: ...)" stayed on a best reply whose terms were put right."""
    scenario, state, _ = start(library, "unpaid-outage")
    first = "I'm crediting three months of your plan, 150 euros, and I'm your contact: I'll call you Thursday at 10."
    move = "Sorry, one change: I can't call Thursday, I'll call you Friday at 11 instead."
    say(state, scenario, first, "commit")
    say(state, scenario, move, "commit")
    agreed = {item["need"]: item["said"] for item in persona.scorecard(state, scenario)["agreed"]}
    assert agreed[scenario.need("follow_up_person").description] == f"{first} … {move}", agreed
    say(state, scenario, "So to recap: two months, 100 euros, credited. Goodbye.", "close")
    say(state, scenario, "Sorry, three months, 150 euros, as I said.", "explain")
    persona.end_by_trainee(state, scenario)
    card = persona.scorecard(state, scenario)
    assert state.best_taken_back is None and "taken back" not in persona.scorecard_text(card, scenario), card


@pytest.mark.parametrize("scenario_id", SCENARIOS)
@pytest.mark.parametrize("question", ["Will you stay with us?", "So are you staying with us?",
                                      "Are you happy to stay with us on that basis?"])
def test_asked_whether_they_will_stay_the_customer_answers_it(library, scenario_id, question):
    """Play-throughs 58 and 59: "Will you stay with us?" was answered with a fact, "I don't know that
    offhand" or "That covers it" (10 calls)."""
    scenario, state, _ = start(library, scenario_id)
    reaction = say(state, scenario, question, "ask")
    assert reaction.kind == "stay_depends" and reaction.text.split(".")[0] + "." in " ".join(
        scenario.lines["stay_depends"]), reaction
    scenario, state = all_met(library, scenario_id)
    # (With every need met: yes, and the close stays the agent's; play-through 60: "We're not quite done -
    # will you be staying with us?" ended the call as resolved.)
    reaction = say(state, scenario, question, "ask")
    assert reaction.kind == "stay_yes" and reaction.outcome is None and state.outcome is None, reaction


def test_asked_to_stay_with_every_need_met_the_customer_says_yes(library):
    scenario, state, _ = start(library, "unpaid-outage")
    say(state, scenario, "I'm crediting three months, 150 euros, today, and I'm your contact: I'll call you Monday "
                         "at 9.", "commit")
    reaction = say(state, scenario, "So will you withdraw the cancellation?", "ask")
    assert reaction.kind == "stay_yes" and reaction.text in scenario.lines["stay_yes"], reaction


def test_a_case_file_without_the_stay_lines_answers_the_question_as_any_other(library):
    """The stay lines are optional: a case written before them still loads (tests/test_sixth_case.py)
    and the customer answers "Will you stay with us?" as they did before."""
    import dataclasses
    scenario = library.get("unpaid-outage")
    older = dataclasses.replace(scenario, lines={k: v for k, v in scenario.lines.items() if not k.startswith("stay_")})
    state = persona.new_state(older, 1)
    persona.opening(state, older)
    reaction = persona.react(state, older, score_reply("Will you stay with us?", SURE["ask"], [], older))
    assert reaction.kind not in {"stay_depends", "stay_yes"} and reaction.text, reaction


@pytest.mark.parametrize("scenario_id", SCENARIOS)
@pytest.mark.parametrize("question", ["Does that work for you?", "Is that ok for you?", "Would that suit you?",
                                      # Play-through 62: "No idea, I'd have to look it up", "Understanding is free."
                                      "would that suit u?", "does that work 4 u?", "That ok?",
                                      # Play-through 63: "Not a clue, sorry. I'm an insurance adviser..."
                                      "k?", "ok 4 u?", "fair?", "sound fair?", "we ok so far?"])
def test_asked_whether_it_suits_with_nothing_put_to_them_the_customer_says_what_is_open(library, scenario_id, question):
    """Play-through 61: "Does that work for you?" got "Yes, go ahead" 13 of 13 times: as the first reply,
    after stonewalling, with the main need open, and with every need met (then a new question)."""
    scenario, state, _ = start(library, scenario_id)
    reaction = say(state, scenario, question, "ask")
    assert reaction.kind == "still_open", reaction
    scenario, state = all_met(library, scenario_id)
    reaction = say(state, scenario, question, "ask")
    # (The customer's own wrap-up, "Anything else, or are we done?", leaves the close to the agent.)
    assert reaction.kind in {"anything_else", "said_all"} and reaction.outcome is None, reaction


def test_asked_whether_a_floated_offer_suits_the_customer_says_go_ahead(library):
    """The guard: an offer floated just before is what "Does that work for you?" asks about."""
    scenario, state, _ = start(library, "denied-iphone")
    say(state, scenario, "There might be 50% off a new iPhone for you.", "offer")
    assert state.pending, state
    assert say(state, scenario, "Does that work for you?", "ask").kind == "go_ahead"


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_asked_what_is_still_bothering_them_the_customer_names_what_is_open(library, scenario_id):
    """Play-through 62: "What else is still bothering you?" got "I honestly don't know" (2 of 2)."""
    scenario, state, _ = start(library, scenario_id)
    assert say(state, scenario, "What else is still bothering you?", "ask").kind == "still_open"


@pytest.mark.parametrize("case, first, better, need", [
    # Stop 63's left list: "Agreed" quoted the first terms after a better offer.
    ("unpaid-outage", "I'm so sorry. I'll credit you 20 euros on your next bill, I'm doing it now.",
     "Actually, let me do better: make it 40 euros, the full month.", "goodwill_gesture"),
    ("nine-weeks", "I'll send you a mobile internet stick for the gap, free, today.",
     "Actually no, better: a 4G router instead of the stick, faster for your work. It goes out today.", "work_in_gap"),
])
def test_the_scorecard_quotes_the_better_terms_beside_the_first(library, case, first, better, need):
    scenario, state, _ = start(library, case)
    say(state, scenario, first, "commit")
    say(state, scenario, better, "offer")
    persona.end_by_trainee(state, scenario)
    agreed = {item["need"]: item["said"] for item in persona.scorecard(state, scenario)["agreed"]}
    assert agreed[scenario.need(need).description] == f"{first} … {better}", agreed


def test_a_recap_of_the_first_amount_after_a_better_one_is_a_cut(library):
    scenario, state, _ = start(library, "unpaid-outage")
    say(state, scenario, "I'm so sorry. I'll credit you 20 euros on your next bill, I'm doing it now.", "commit")
    say(state, scenario, "Actually, let me do better: make it 40 euros, the full month.", "offer")
    reaction = say(state, scenario, "So: 20 euros credit on the bill.", "commit")
    assert reaction.kind == "weakened" and "goodwill_gesture" not in state.met, reaction
    reaction = say(state, scenario, "Sorry, 40 euros, as agreed.", "commit")
    assert "goodwill_gesture" in state.met, reaction
    # Guard: said again at the first amount with nothing better in between is no cut.
    scenario, state, _ = start(library, "unpaid-outage")
    say(state, scenario, "I'm so sorry. I'll credit you 20 euros on your next bill, I'm doing it now.", "commit")
    assert say(state, scenario, "So: 20 euros credit on the bill.", "commit").kind != "weakened"


def test_offers_put_as_questions_then_confirmed_as_done_are_agreed_in_the_words_that_floated_them(library):
    """Play-through 64: three "Shall I ...?" offers said yes to, then "Great, then that's all done.
    Anything else?": the customer asked whether any of it was done, and the call was lost (3 calls)."""
    scenario, state, _ = start(library, "move-and-upgrade")
    one_order = "Shall I put the move and the TV upgrade in one order for you right now?"
    moving_day = "Shall I book the technician for the 14th, the day you move?"
    for text in (one_order, moving_day, "Shall I waive the 49 euro installation fee?"):
        say(state, scenario, text, "offer")
    assert not state.met
    done = "Great, then that's all done. Anything else?"
    say(state, scenario, done, "close")
    assert set(state.met) == {"one_order", "working_on_moving_day"}, state
    reaction = say(state, scenario, "Bye Mr Kuipers.", "close")
    assert reaction.outcome == "resolved", reaction
    agreed = {item["need"]: item["said"] for item in persona.scorecard(state, scenario)["agreed"]}
    assert agreed == {scenario.need("one_order").description: f"{one_order} … {done}",
                      scenario.need("working_on_moving_day").description: f"{moving_day} … {done}"}, agreed


@pytest.mark.parametrize("case, given, correction, need", [
    # Play-through 64: a time put right on the agent's own call-back took the call back (3 of 3), and the
    # call was lost.
    ("unpaid-outage", "Mr Mulder, I'm crediting 150 euros, three months of your plan, to your account today, and "
     "I'm your contact from now on: I'll call you Thursday at ten to confirm.",
     "Hang on, let me correct that: I'll call you Thursday at eleven, not ten.", "follow_up_person"),
    ("friday-data-line", "Mrs Dekker, this is mine. I'm calling the data division myself and I'll ring you back at "
     "eight tonight; and I'm couriering a 4G router to your office tonight.",
     "Let me correct that: I'll ring you at half past eight, not eight, the data division closes its queue at eight.",
     "someone_on_it"),
    ("friday-data-line", "Mrs Dekker, I'm taking this on. I'm ringing the data division now and I'll call you back "
     "tomorrow, Saturday, at ten. And a 4G router goes out by courier tonight.",
     "Sorry, I got that wrong: my call is tomorrow at eleven, not ten.", "someone_on_it"),
])
def test_a_time_put_right_on_the_agents_own_step_keeps_it_met(library, case, given, correction, need):
    scenario, state, _ = start(library, case)
    say(state, scenario, given, "commit")
    assert need in state.met
    reaction = say(state, scenario, correction, "commit")
    assert need in state.met and reaction.kind != "still_open", reaction


@pytest.mark.parametrize("case, given, correction, need", [
    # Guards: a correction with a no after it still takes back what it names.
    ("unpaid-outage", "Mr Mulder, I'm crediting 150 euros, three months of your plan, to your account today, and "
     "I'm your contact from now on: I'll call you Thursday at ten to confirm.",
     "Sorry, I need to correct that: I can't call you myself after all.", "follow_up_person"),
    ("move-and-upgrade", "I'm putting the move and the TV upgrade in one order and I'm booking the technician for the "
     "morning of the 14th, your moving day.",
     "I need to correct myself: the technician can't come on the 14th.", "working_on_moving_day"),
])
def test_a_correction_with_a_no_still_takes_it_back(library, case, given, correction, need):
    scenario, state, _ = start(library, case)
    say(state, scenario, given, "commit")
    assert need in state.met
    say(state, scenario, correction, "refuse")
    assert need not in state.met, state


def _said_all(library, case, given):
    scenario, state, _ = start(library, case)
    say(state, scenario, given, "commit")
    assert say(state, scenario, "Anything else I can do?", "close").kind == "said_all" and state.said_all
    return scenario, state


OUTAGE_GIVEN = "I'm crediting 20 euros today, and I'm your contact from now on: I'll call you Thursday at ten."


@pytest.mark.parametrize("then, move, kind", [
    # Play-through 64: once the customer said that's all, the next reply ended the call whatever it
    # was (14 of 60 resolved calls), "No wait, make it 30 euro, not 20." and "oh and" among them.
    ("No wait, make it 30 euro, not 20.", "offer", "said_all"),
    ("Sorry, not Thursday: Friday at ten.", "commit", "said_all"),
    ("oh and", "empathise", "on_hold"),
    ("Let me just check one thing on my screen.", "commit", "on_hold"),
])
def test_after_thats_all_a_reply_that_still_changes_the_terms_is_answered(library, then, move, kind):
    scenario, state = _said_all(library, "unpaid-outage", OUTAGE_GIVEN)
    reaction = say(state, scenario, then, move)
    assert reaction.outcome is None and reaction.kind == kind, reaction
    assert say(state, scenario, "Thanks, goodbye!", "close").outcome == "resolved"


def test_after_thats_all_a_reply_that_could_not_be_read_is_answered(library):
    scenario, state = _said_all(library, "unpaid-outage", OUTAGE_GIVEN)
    guess = ReplyScore(text="erm", ownership=50, flexibility=50, cues=(), reason="r", over_promise=False,
                       move="greet", unsure=True)
    reaction = persona.react(state, scenario, guess)
    assert reaction.outcome is None and reaction.kind == "said_all", reaction
    # Guard: a goodbye the model could not read is still the close.
    goodbye = ReplyScore(text="cheers, all the best", ownership=50, flexibility=50, cues=(), reason="r",
                         over_promise=False, move="greet", unsure=True)
    assert persona.react(state, scenario, goodbye).outcome == "resolved"


@pytest.mark.parametrize("then", ["ok", "Thank you for your patience today.", "Your reference is 4471."])
def test_after_thats_all_a_plain_remark_is_still_taken_as_the_goodbye(library, then):
    scenario, state = _said_all(library, "unpaid-outage", OUTAGE_GIVEN)
    assert say(state, scenario, then, "close").outcome == "resolved"


def test_a_router_on_monday_does_not_get_the_office_online_before_monday(library):
    scenario, state, _ = start(library, "friday-data-line")
    reaction = say(state, scenario, "I'll courier a 4G router to you on Monday morning.", "commit")
    assert "office_online" not in state.met and reaction.kind != "accept", reaction
    say(state, scenario, "Sorry, I got that wrong: the router goes out by courier tonight, not Monday.", "commit")
    assert "office_online" in state.met


@pytest.mark.parametrize("monday", [
    # Play-through 66: "Monday morning" is the plan she called about (3 of 3 met the need).
    "I'll call you back with an update on Monday morning at 9.",
    "The data division opens Monday, so I'll call you back Monday morning first thing.",
    "I'll ring you at 9 on Monday with what the data division says.",
])
def test_a_call_back_on_monday_is_not_the_one_person_on_it_before_monday(library, monday):
    scenario, state, _ = start(library, "friday-data-line")
    say(state, scenario, monday, "commit")
    assert "someone_on_it" not in state.met, state.met
    # Guard: tonight, with Monday beside it.
    scenario, state, _ = start(library, "friday-data-line")
    say(state, scenario, "I'll call you back tonight at 8, and again on Monday morning at 9.", "commit")
    assert "someone_on_it" in state.met, state.met


def test_the_best_reply_is_one_that_met_a_need_before_a_gesture_nobody_asked_for(library):
    """Play-through 64: the fee waived (74/100) was the best reply over the reply that met both needs
    (95/74), 4 of 4."""
    scenario, state, _ = start(library, "move-and-upgrade")
    both = ("I'm putting the move and the TV upgrade in one order and booking the technician for the morning of the "
            "14th, your moving day.")
    say(state, scenario, both, "commit")
    say(state, scenario, "And I'm waiving the 49 euro installation fee, done.", "exception")
    card = persona.scorecard(state, scenario)
    assert card["best"]["text"] == both, card["best"]
    # Guard: with no need met, the higher reply is the best.
    scenario, state, _ = start(library, "move-and-upgrade")
    say(state, scenario, "I'll look into it and get back to you.", "commit")
    say(state, scenario, "I'm waiving the 49 euro installation fee, done.", "exception")
    assert persona.scorecard(state, scenario)["best"]["text"] == "I'm waiving the 49 euro installation fee, done."


@pytest.mark.parametrize("text", ["erm", "uh"])
def test_after_is_that_everything_words_that_could_not_be_read_do_not_end_the_call(library, text):
    """Play-through 65: "erm" as the first reply after "is that everything?" ended the call resolved (4 of 4)."""
    scenario, state = all_met(library, "nine-weeks")
    guess = ReplyScore(text=text, ownership=50, flexibility=50, cues=(), reason="r", over_promise=False,
                       move="greet", unsure=True)
    reaction = persona.react(state, scenario, guess)
    assert reaction.outcome is None, reaction
    assert say(state, scenario, "Thanks, goodbye!", "close").outcome == "resolved"


@pytest.mark.parametrize("text", ["oh and", "So just to"])
def test_after_is_that_everything_a_reply_broken_off_is_waited_for(library, text):
    scenario, state = all_met(library, "nine-weeks")
    reaction = say(state, scenario, text, "empathise")
    assert reaction.outcome is None and reaction.kind == "on_hold", reaction


def test_a_cut_put_right_with_a_goodbye_closes_the_call(library):
    """Play-through 65: "My mistake, 150 euros as promised. Goodbye." after a recap that cut the credit was
    scored low for closing with the need open, so it put nothing right, and the call ended abandoned (2 of 2)."""
    scenario, state, _ = start(library, "unpaid-outage")
    say(state, scenario, "Mr Mulder, that form letter was wrong. I'm crediting you 150 euros, three months, today, "
                         "and I'm your contact from now on: I'll call you Thursday at 2.", "commit")
    assert say(state, scenario, "To sum up: 120 euros credited today and I'll call you Thursday at 2. Goodbye.",
               "commit").kind == "weakened"
    closing = ReplyScore(text="My mistake, 150 euros as promised. Goodbye.", ownership=35, flexibility=52, cues=(),
                         reason="r", over_promise=False, move="close")
    reaction = persona.react(state, scenario, closing)
    assert reaction.outcome == "resolved" and "goodwill_gesture" in state.met, reaction
