"""The scorer's rules, with the NLU result given, so each rule is tested on its own."""
from __future__ import annotations

import dataclasses
import json
import re

import pytest

from bot.coach.scoring import (
    TIP_ASKS,
    BandCheck,
    Cue,
    ReplyScore,
    SessionTally,
    _words_hold_the_band,
    band,
    default_rubric,
    load_rubric,
    score_reply,
    score_session,
)


def ranking(*pairs):
    return [{"name": name, "confidence": conf} for name, conf in pairs]


SURE = {
    "cite_policy": ranking(("cite_policy", 0.95), ("refuse", 0.03)),
    "deflect": ranking(("deflect", 0.95), ("refuse", 0.03)),
    "empathise": ranking(("empathise", 0.95), ("apologise", 0.03)),
    "offer": ranking(("offer_alternative", 0.9), ("make_exception", 0.05)),
    "commit": ranking(("commit_next_step", 0.9), ("take_ownership", 0.05)),
    "ownership": ranking(("take_ownership", 0.9), ("commit_next_step", 0.05)),
    "exception": ranking(("make_exception", 0.9), ("offer_alternative", 0.05)),
    "ask": ranking(("ask_details", 0.95), ("greet", 0.02)),
    "greet": ranking(("greet", 0.95), ("ask_details", 0.02)),
    "explain": ranking(("explain_procedure", 0.95), ("cite_policy", 0.02)),
    "blame": ranking(("blame_customer", 0.95), ("deflect", 0.03)),
    "close": ranking(("close", 0.9), ("refuse", 0.05)),
    "refuse": ranking(("refuse", 0.9), ("cite_policy", 0.05)),
    # The model torn between the two halves of a mixed reply.
    "policy or offer": ranking(("cite_policy", 0.37), ("offer_alternative", 0.36), ("make_exception", 0.13)),
    # The model unsure between a hand-off and neutral moves (QA round 15: "Like I said, the
    # department calls you Monday morning" was not scored).
    "unsure deflect": ranking(("deflect", 0.33), ("ask_details", 0.15), ("empathise", 0.14)),
    # The model reading a no before a short offer as a refusal.
    "refuse, some offer": ranking(("refuse", 0.73), ("make_exception", 0.15), ("offer_alternative", 0.05)),
}

CASES = [
    # (label, text, move, scenario, ownership band, flexibility band, over_promise)
    # The scoring guide: a rule given as the answer is rigid, but it does not push the problem away.
    ("policy", "Rules are rules, sir.", "cite_policy", None, "neutral", "low", False),
    ("negated policy", "I won't tell you rules are rules; let me see what I can offer.", "offer", None,
     "neutral", "high", False),
    # Nobody pays what is named: refused, not over-promised (batch 42).
    ("nobody pays: no over-promise", "The outage hit everyone. We don't compensate for that, and nor do I pay for "
     "lost jobs.", "cite_policy", "unpaid-outage", "neutral", "low", False),
    # Play-through 61: what the agent does not pay, named before or after "we don't pay" / "I won't do",
    # beside a gesture made (3 of 10 such wordings were on the card as beyond authority).
    ("we don't pay what is named", "We don't pay for the lost assignment, that's business damages. But I'm crediting "
     "three months of your subscription today as a goodwill gesture.", "exception", "unpaid-outage", "high", "high",
     False),
    ("named, then we don't pay", "The compensation for the lost client we don't pay, but ill put 3 months credit on ur "
     "account today ok", "exception", "unpaid-outage", "high", "high", False),
    ("named, then I won't do", "Paying damages I won't do. Giving you a backup SIM on a second network I will, it "
     "ships today.", "offer", "unpaid-outage", "high", "high", False),
    # Batch 164: the agent's own step with an offer, then a shrug at something else.
    ("own step, then a shrug at something else", "I'll knock 50% off a new iPhone for you today. Beyond that, my hands "
     "are tied.", "exception", "denied-iphone", "high", "high", False),
    ("own step, then a shrug at another part", "I'm sending you a 4G router tomorrow at no cost so you can keep "
     "working in the gap. The KPN cancellation timing, honestly, is out of my hands.", "offer", "nine-weeks", "high",
     "high", False),
    ("out of my control", "When KPN switches off the ISDN is out of my control, I'm afraid.", "deflect",
     "nine-weeks", "low", "low", False),
    ("no control over it", "Installation dates are set by the technicians' planning, I've no control over that.",
     "deflect", "move-and-upgrade", "low", "low", False),
    # Chat and second-language commitments (batch 164, play-through 61: 59 and 53, "taking it on needs a
    # concrete step").
    ("chat: will do it now", "wil do the credit of the first month now, 40 euro", "exception", "nine-weeks", "high",
     "high", False),
    ("chat: in writting", "the laptop, i will put it in writting for you today", "commit", "nine-weeks", "high", "high",
     False),
    ("second language: I do it myself", "the credit for the early month I do myself now, 50 euro", "exception",
     "denied-iphone", "high", "high", False),
    # Play-through 62: a shrug or "I won't promise you" at what is beyond authority, beside an offer
    # made (6 of 6 and 2 of 2 on the card as promised).
    ("hands tied on what is beyond authority", "My hands are tied on a free year of TV, but I'll put the move and the "
     "digital TV upgrade in one single order for you today.", "offer", "move-and-upgrade", "high", "high", False),
    ("I won't promise you that", "A free year of TV I won't promise you, I'd be lying. But the installation fee I'm "
     "waiving now.", "exception", "move-and-upgrade", "high", "high", False),
    ("own step, then another part handed off after but", "I'm putting you on the 24-month plan with a new iPhone "
     "today, but the early start date is not my department.", "offer", "denied-iphone", "high", "high", False),
    ("the fix declined, the router by a time made", "To be clear: no guarantee on tonight, I can't give that. The "
     "router by 6 is certain, I'm ordering it now.", "commit", "friday-data-line", "high", "high", False),
    # Batch 166: what is beyond authority declined in other words, and another part handed off in a sentence
    # of its own after the agent's step.
    ("declined: more than I can sign off", "Three months free is more than I can sign off. What I can do is credit "
     "the 50 euro you were billed too early.", "offer", "denied-iphone", "neutral", "high", False),
    ("declined: not something I'm able to offer", "Cancelling without fees isn't something I'm able to offer, but I "
     "can take 50% off a new iPhone if you'd rather stay on the 18 months.", "offer", "denied-iphone", "neutral",
     "high", False),
    ("own step, then the other part is not my department", "I'm reserving the laptop for you right now. The delivery "
     "date is not my department though, that's installation planning.", "exception", "nine-weeks", "high", "high",
     False),
    # Play-through 63: the offer named, then the agent's no to it; a grant, then another part handed off.
    ("the offer named, then I won't", "A router for the gap I won't send, logistics handles that, but I'm crediting "
     "your first month, 40 euro, today.", "exception", "nine-weeks", "high", "high", False),
    ("a grant, then a part handed off though", "the 150 euro credit is certain, I'm booking it today. A business "
     "account manager though is not my department", "exception", "unpaid-outage", "high", "high", False),
    ("declined: isn't on the table either", "I'll move you to the 24-month plan with the iPhone today, and cancelling "
     "without fees isn't on the table either.", "offer", "denied-iphone", "high", "high", False),
    ("paying for it is an over-promise", "I'll pay you for the lost assignment myself, today.", "commit",
     "unpaid-outage", "high", "neutral", True),
    # QA round 26: the fix made sure of by nine was the card's best reply.
    ("a fix made sure of is an over-promise", "I'll make sure it's all working by 9 pm.", "commit",
     "friday-data-line", "high", "neutral", True),
    ("the offer closed to talk is rigid", "That's the maximum, take it or leave it.", "ownership", "unpaid-outage",
     "neutral", "low", False),
    # Closing the call with nothing done is deflecting (scoring guide), however it is said (batch 40).
    ("closed: nothing further to add", "I'll close this chat now as there's nothing further I can add on the "
     "handset. Have a lovely evening!", "close", "denied-iphone", "low", "neutral", False),
    ("closed: been through this", "We've been through this, there's nothing to add. Have a good day.", "close",
     "unpaid-outage", "low", "neutral", False),
    ("not closed: nothing more for the customer to do", "Nothing more for you to do: I've booked the technician "
     "for Thursday. Have a good day.", "close", "move-and-upgrade", "high", "neutral", False),
    # An option offered is flexibility; ownership needs a personal commitment (scoring guide).
    ("mixed: offer after but", "The policy says no, but I can send you a 4G router for the gap.",
     "offer", "nine-weeks", "neutral", "high", False),
    ("mixed, model unsure: the part after but decides", "The policy says no, but I can send you a 4G "
     "router for the weeks without a line.", "policy or offer", "nine-weeks", "neutral", "high", False),
    ("mixed: commitment after but", "The policy says no, but I'll send you a 4G router today.",
     "offer", "nine-weeks", "high", "high", False),
    ("mixed, still negative after but", "I hear you, but the policy says no and rules are rules.",
     "policy or offer", "nine-weeks", "neutral", "low", False),
    ("empathy alone", "I'm so sorry, that must have been really frustrating.", "empathise", None,
     "neutral", "neutral", False),
    ("vague promise", "Someone will look into it soon.", "ownership", None, "neutral", "neutral", False),
    ("concrete commitment", "I'll call you back tomorrow at 10 with the answer.", "commit", None,
     "high", "neutral", False),
    ("time without commitment", "Call back in three weeks.", "deflect", None, "low", "low", False),
    # Deflection is the customer told to call back; the agent calling back passes nothing on.
    # An escalation the agent carries is not passing the problem on, even if the manager is away.
    ("carried escalation", "My supervisor is away today, so I'll take it to her myself on Monday morning "
     "and call you by noon.", "commit", None, "high", "neutral", False),
    ("the agent calls back", "Good morning, I'm calling back about your order as promised.", "ask", None,
     "neutral", "neutral", False),
    ("hedge", "I might be able to look at a discount, no promises.", "offer", None, "neutral", "high", False),
    ("over-promise", "I'll give you a free iPhone and you keep your 18-month plan.", "exception",
     "denied-iphone", "high", "neutral", True),
    ("credit above the limit", "I'll credit you 250 euros for the trouble.", "exception", "denied-iphone",
     "high", "neutral", True),
    ("credit within the limit", "I'll credit you 50 euros for the month billed too early.", "exception",
     "denied-iphone", "high", "high", False),
    # What the rule does not stop is no negation of the offer after it.
    ("what the rule doesn't stop", "Policy says no free device. What it doesn't stop is 50% off the new iPhone, "
     "and I'll put that on your order myself today.", "offer", "denied-iphone", "high", "high", False),
    ("the reservation written", "Officially the terms say the promotion is only sure on the day of the order, that "
     "is the text. But I write your reservation today myself and send it to you signed with my name.", "commit",
     "nine-weeks", "high", "high", False),
    ("negated offer is no offer", "I can't send you a 4G router, sorry.", "cite_policy", "nine-weeks",
     "neutral", "low", False),
    # Typed fast, the negation still counts: "doesnt" before the case's offer names it as not done.
    ("negated offer, no apostrophe", "ok. honestly the system doesnt really let me do a move and an upgrade "
     "together, thats why they told you to cancel and re-sign. let me see what's possible", "explain",
     "move-and-upgrade", "neutral", "neutral", False),
    ("question", "When did the outage start?", "ask", None, "neutral", "neutral", False),
    # The case's offer for the customer to get from their own provider is no offer of ours.
    ("the offer from their own provider", "For the gap I'm afraid there's nothing, you'd have to sort out a "
     "mobile hotspot with your own phone provider.", "deflect", "nine-weeks", "low", "low", False),
    # The rule checked with the customer is a question for facts, not the rule hidden behind.
    ("the rule asked back", "So the leaflet offer is for analogue lines only, is that why they asked you to "
     "cancel ISDN first?", "explain", "nine-weeks", "neutral", "neutral", False),
    ("the rule stated", "The leaflet offer is for analogue lines only, that's why you cancel ISDN first.",
     "explain", "nine-weeks", "neutral", "low", False),
    ("the rule checked back after it", "yes, i see. you want have the laptop but procedure say first cancel ISDN. "
     "is correct?", "explain", "nine-weeks", "neutral", "neutral", False),
    # "Can't" in sympathy is no refusal (scoring guide: empathy with neither refusal nor offer).
    ("sympathy with can't", "Two weeks without a phone can't have been easy.", "empathise", None,
     "neutral", "neutral", False),
    # The scoring guide: explaining a procedure or a date is neutral unless the agent hides
    # behind the rule; the procedure given as the answer, or a restriction, is rigid.
    ("factual explanation", "Your final bill arrives in the first week of February.", "explain", None,
     "neutral", "neutral", False),
    ("procedure as the answer", "You port the number first, then we open the account. That's how it works.",
     "explain", None, "neutral", "low", False),
    ("restriction as the answer", "Loyalty handsets are for contract renewals only.", "explain", None,
     "neutral", "low", False),
    # Naming the case's offer while explaining the rule is not offering it; "an option is…" is.
    ("offer named, not made", "The 24-month plan with the iPhone is for new sign-ups, the device is not "
     "listed for a migration.", "explain", "denied-iphone", "neutral", "neutral", False),
    ("offer made inside an explanation", "An option is that I extend you to 24 months with the iPhone "
     "included.", "explain", "denied-iphone", "neutral", "high", False),
    # An offer that is the subject of a restriction or a refusal is named, not made (scoring guide:
    # a refusal with no alternative is rigid); a condition the customer can meet keeps the offer.
    ("offer restricted", "The backup SIM is only available on new contracts.", "offer", "unpaid-outage",
     "neutral", "low", False),
    ("offer refused", "A loan router for the gap, that's not something we do.", "explain", "nine-weeks",
     "neutral", "low", False),
    ("offer with a condition", "I can send you a backup SIM, only if you keep the business plan.", "offer",
     "unpaid-outage", "neutral", "high", False),
    ("the customer's can't", "I'll send you a backup SIM so an outage can't cut you off again.", "offer",
     "unpaid-outage", "high", "high", False),
    # A real offer the customer must fetch elsewhere: ownership 0, flexibility 2 (scoring guide).
    ("offer fetched in the shop", "You could pick up a backup SIM at a T-Mobile shop, they set it up "
     "for free.", "deflect", "unpaid-outage", "low", "high", False),
    # Fetched beside the hand-off: why the agent does not do it themselves costs ownership only,
    # and an explanation that names the offer there still makes it.
    ("fetched, and why not from here", "Retention has a three-months-free offer for cases like yours. You'll "
     "need to call them though, I can't book it.", "exception", "unpaid-outage", "low", "high", False),
    ("fetched in the web shop, read as a procedure", "In the web shop there's a form for it. Fill that in and "
     "the installation fee is waived automatically.", "explain", "move-and-upgrade", "low", "high", False),
    # No hand-off words the rubric knows, but the model reads a deflection and the offer is there.
    ("fetched, read as a deflection", "The data division has an emergency courier for 4G routers. Call them "
     "and they'll send one out.", "deflect", "friday-data-line", "low", "high", False),
    ("told to do it, read as a deflection", "Your ISDN is a KPN matter, please contact KPN.", "deflect",
     "nine-weeks", "low", "low", False),
    ("fetched, you'd book it with them", "You could have the engineer on moving day, the planning department "
     "arranges that, you'd book it with them online.", "deflect", "move-and-upgrade", "low", "high", False),
    # A deflect reading alone sends no one anywhere: the offer made or done with nobody told to go
    # and get it is not fetched elsewhere (the reading does not take ownership to the far band).
    ("misread as a deflection: router on me", "ok, router by courier today, on me", "deflect", "friday-data-line",
     "neutral", "high", False),
    ("misread as a deflection: done", "The first month is free as an apology for the wait, and the laptop is "
     "reserved in your name.", "deflect", "nine-weeks", "high", "high", False),
    # The request asked back and refused in the next sentence is no offer.
    ("request asked back, then refused", "Waiving the installation fee? I'm not allowed to do that.",
     "policy or offer", "move-and-upgrade", "neutral", "low", False),
    ("request asked back, then offered", "A discount on the iPhone? I can't do 50 %, but 30 % off the handset "
     "I can give you today.", "exception", "denied-iphone", "high", "high", False),
    # A time that only dates a hedged option is no commitment (scoring guide: ownership 1).
    ("hedged option with a time", "Could be an option to get a 4G box to you this afternoon, if that works "
     "for you?", "offer", "friday-data-line", "neutral", "high", False),
    # Somebody else's offer the customer goes to get: the shop that sells it, "you'd need to ring
    # them", "order it yourself"; the agent's "I can't book it" beside that says why, it keeps
    # the offer (scoring guide: ownership 0, flexibility 2).
    ("the shop sells it", "If you'd rather keep the 18 months, the business shop on Main Street sells the "
     "iPhone at a reduced price, they can sort it today.", "offer", "denied-iphone", "low", "high", False),
    ("ring them yourself, I can't set it up", "There is a 24-month plan with a new iPhone you could move to, "
     "but I can't set that up from here, you'd have to ring the retention department yourself.", "offer",
     "denied-iphone", "low", "high", False),
    ("order it yourself", "You can order a backup SIM on a second network yourself through the business "
     "portal, it's free.", "offer", "unpaid-outage", "low", "high", False),
    ("their offer, not mine", "If you withdraw the cancellation with retention, they'll give you two months on "
     "the house. It's their offer though, not mine to book.", "exception", "unpaid-outage", "low", "high", False),
    ("sent to the shop, nothing offered", "For a new phone you'd best pop into one of our shops.", "deflect",
     "denied-iphone", "low", "low", False),
    # The agent passing it on is a vague promise (scoring guide: "I'll forward this to the team").
    ("agent passes it on", "I'll forward your letter to the complaints team.", "deflect", None,
     "neutral", "neutral", False),
    # A personal commitment is ownership even without a time (scoring guide: "this one's mine now").
    ("carried personally", "This one's mine now, I'll handle it personally.", "ownership", None,
     "high", "neutral", False),
    ("bare take-on", "Leave it with me.", "ownership", None, "neutral", "neutral", False),
    ("plain present", "i escalate this to my team leader now and i call you back today before 5", "commit",
     None, "high", "neutral", False),
    # Closing the call on the rule is deflecting; a goodbye alone is neutral (scoring guide).
    ("closed on the rule", "Sorry, that's simply how migrations work. Anything else I can help with?",
     "cite_policy", None, "low", "low", False),
    ("goodbye alone", "Thanks for calling, have a good day.", "empathise", None, "neutral", "neutral", False),
    # "your problem" is blame only when the reply makes it the customer's (QA round 8, batch 45);
    # pulling up the account is working the call, not yet a step (QA round 12).
    ("I see your problem", "Hi, Lars here. I see your problem. I'm pulling up your account now.", "ownership", None,
     "neutral", "neutral", False),
    ("won't be your problem", "The promotion ending isn't going to be your problem. I've locked it to your order date.",
     "ownership", "nine-weeks", "high", "high", False),
    ("outages are your problem", "Network outages are your problem, not ours.", "empathise", "unpaid-outage",
     "low", "low", False),
    # Batches 46 and 47: the answer foretold takes the escalation back; the standard way or what the
    # customer already has, "offered", is the rule; a gesture made before the call is not offered.
    ("he will say the same", "I will escalate your complaint to my manager today and call you back friday with "
     "his answer, but i tell you now he will say the same: migration rules.", "commit", "denied-iphone",
     "low", "low", False),
    ("I already know the answer", "I can check with my supervisor but I already know the answer, one order at a time.",
     "commit", "move-and-upgrade", "low", "low", False),
    ("offer is the standard process", "What I can offer you is the standard order process, which is honestly the "
     "quickest route there is.", "offer", "nine-weeks", "neutral", "low", False),
    ("the same plan you already chose", "what I can offer is the same 50 euro fixed plan you already chose, it's "
     "actually one of our best rates", "offer", "denied-iphone", "neutral", "low", False),
    ("a gesture already allowed", "The handset promotion is reserved for new customers. As a gesture, we have "
     "already allowed you to move from a variable to a fixed rate.", "cite_policy", "denied-iphone", "neutral", "low", False),
    # The agent's own step, then a hand-off of another part of the request, named as such: the step
    # stands (dev: both read low on ownership, labelled high).
    ("another part: for the upgrade", "I'm booking the move for you today. For the upgrade you'll have to phone "
     "the TV department separately after you've moved.", "commit", "move-and-upgrade", "high", "low", False),
    ("another part: the laptop though", "I'm sending you a router for the gap today. The laptop though, that's "
     "marketing, you'd have to ask them.", "commit", "nine-weeks", "high", "high", False),
    # Making sure a message reaches another team passes it on, no step of the agent's own (dev).
    ("make sure it reaches you", "I'll make sure the router reaches you tonight.", "commit", "friday-data-line",
     "high", "neutral", False),
    # The customer's request named as what a hand-off is about is not an offer fetched elsewhere (batch 49).
    ("for the laptop guarantee, speak to sales", "For the laptop guarantee you'd really need to speak to the sales "
     "department, they're the ones who run the promotions.", "deflect", "nine-weeks", "low", "low", False),
    ("for a combined order, try a shop", "For a combined order you could try asking in one of our shops, they may "
     "have more options there.", "deflect", "move-and-upgrade", "low", "low", False),
    ("marked as answered, goodbye", "Thanks for your time. I've read your complaint and I'll mark it as answered by "
     "the director's letter. Goodbye.", "close", "unpaid-outage", "low", "neutral", False),
    # Siding with the customer, or giving the agent's own number, read as a negative move that no
    # word makes: the reading takes nothing away (QA round 9).
    ("should never have happened", "That should never have happened, honestly.", "blame", "friday-data-line",
     "neutral", "neutral", False),
    ("not reasonable, I agree", "Nine weeks is not reasonable, I agree. No one should have to go that long without "
     "a line.", "cite_policy", "nine-weeks", "neutral", "neutral", False),
    ("force majeure or not", "Force majeure or not, you deserve better than a form letter.", "cite_policy",
     "unpaid-outage", "neutral", "neutral", False),
    # Play-through 39: "someone will be in touch" is a vague promise, neutral on both (5 of 5 read
    # rigid); someone from data is friday-data-line's own wall (dev 0/0).
    ("someone will be in touch", "Someone from the TV team will be in touch.", "deflect", "move-and-upgrade",
     "neutral", "neutral", False),
    ("guard: someone from data", "Someone from data will be in touch after the weekend.", "deflect",
     "friday-data-line", "low", "low", False),
    # Play-through 39: nothing named for the gap, or a date said in place of another, offers nothing
    # (3 of 4 and 2 of 2 read high).
    ("we'll see what we can do for the gap", "We'll see what we can do for the gap.", "ownership", "nine-weeks",
     "neutral", "neutral", False),
    ("instead of October", "The reason your plan started early is that the migration was processed on the first "
     "working day of September instead of October.", "explain", "denied-iphone", "neutral", "neutral", False),
    ("guard: something for the gap, named", "Maybe we can give something for the gap, a stick or so.", "offer",
     "nine-weeks", "neutral", "high", False),
    # Play-through 40: the director's letter said to stand (not scored); a second-language call made.
    ("the letter from the director stands", "I'm afraid the letter from the director stands.", "explain",
     "unpaid-outage", "neutral", "low", False),
    ("I make call and I stay with it", "I make call to data division for you and I stay with it", "deflect",
     "friday-data-line", "high", "neutral", False),
    # Play-through 40: a price said in passing offers nothing (4 of 5 read high).
    ("a price in passing", "It'll be 50 euros a month, the same as now.", "exception", "denied-iphone", "neutral",
     "neutral", False),
    ("guard: the offer at its price", "I'm moving you to the 24-month plan at 50 euros a month with the new iPhone.",
     "offer", "denied-iphone", "high", "high", False),
    # Play-through 40: what the customer was told before, reported as such (5 of 11 read low); not
    # another team's answer relayed now (dev: low).
    ("told you before", "I see my colleague already told you migration rules are migration rules, and the manager "
     "said the same.", "cite_policy", "denied-iphone", "neutral", "neutral", False),
    ("guard: told me now", "The TV team told me you'll have to call them separately for the upgrade once the move is "
     "done.", "deflect", "move-and-upgrade", "low", "low", False),
    # Play-through 39: the rule named to disown it or set it aside (6 of 6 read as hiding behind it).
    ("forget the force majeure line", "Forget the force majeure line, that's not how I want to treat you.",
     "cite_policy", "unpaid-outage", "neutral", "neutral", False),
    ("the small print isn't the point", "The small print isn't the point here; you were badly let down.",
     "cite_policy", "unpaid-outage", "neutral", "neutral", False),
    ("whatever the rules say", "Whatever the migration rules say, you're a 15-year customer.", "cite_policy",
     "denied-iphone", "neutral", "neutral", False),
    ("a quoted rule disowned", "\"Migration rules are migration rules\" is not an answer I'd accept either.",
     "cite_policy", "denied-iphone", "neutral", "neutral", False),
    ("guard: the rule as the answer", "The migration rules say no device, I'm afraid.", "cite_policy",
     "denied-iphone", "neutral", "low", False),
    ("my direct number, read as a hand-off", "Here's my direct number: 020 555 7788. Call me directly whenever you "
     "need.", "deflect", "unpaid-outage", "high", "neutral", False),
    # A transfer passes the problem on, whatever the model read (QA round 8: "Greets the customer").
    ("put you through", "Hi, Joost here. Let me put you through to the data division.", "ask", "friday-data-line",
     "low", "low", False),
    ("transferring you", "I'm transferring you to moves now, they'll do the address change.", "commit",
     "move-and-upgrade", "low", "low", False),
    # What departments told the customer, checked back, is no refusal of the agent's (QA round 8).
    ("departments told you", "So you want to move and upgrade at once, and three departments told you that's "
     "impossible. Correct?", "ask", "move-and-upgrade", "neutral", "neutral", False),
    # Deeds in second-language English and with "also" (QA round 8), read as the neutral move.
    ("all is finish", "Okay, all is finish. You receive email confirmation.", "close", "move-and-upgrade",
     "high", "neutral", False),
    ("now I call, I stay with them", "Now I call the data department, I stay with them until is fixed.", "close",
     "friday-data-line", "high", "neutral", False),
    ("the technician I book", "The technician of the night I book. I message you at seven.", "close",
     "friday-data-line", "high", "neutral", False),
    ("I've also fixed", "I've also fixed your email and reset your login while we talked.", "close", "denied-iphone",
     "high", "neutral", False),
    # Chat deeds: "cool done.", "ok sending it today" (QA round 8), whatever the model read.
    ("cool done", "cool done. thanks for waiting", "close", "unpaid-outage", "high", "neutral", False),
    ("ok sending it today", "ok sending it today, u get it in 2 days", "close", "unpaid-outage", "high", "neutral", False),
    # The no that answers the customer's "anything else I need to do?" refuses nothing (QA round 8).
    ("no, that's everything", "No, that's everything. Thanks for your patience and goodbye.", "close", None,
     "neutral", "neutral", False),
    ("no, nothing else needed", "No, nothing else needed from you. Goodbye!", "close", None, "neutral", "neutral", False),
    ("no, you don't need to", "No, you don't need to do anything else. Have a nice day.", "close", None,
     "neutral", "neutral", False),
    # Nor "no thanks" to the customer's "anything else?" (QA round 21: 6 of 6 scored 35-41, "refuses").
    ("no thanks, goodbye", "No thanks, goodbye.", "close", None, "neutral", "neutral", False),
    ("no thanks, that's all", "No thanks, that's all. Bye.", "close", None, "neutral", "neutral", False),
    ("no, is all, bye bye", "no, is all. thank you, bye bye", "close", None, "neutral", "neutral", False),
    ("no thank you, goodbye", "no thank you. goodbye mister Mulder", "close", None, "neutral", "neutral", False),
    ("no, sorry still refuses", "No, sorry. Goodbye.", "close", None, "low", "low", False),
    # QA round 22: other answers to "anything else?", and a "no" that corrects the agent's last words.
    ("no, nothing, bye", "No, nothing. Bye!", "close", None, "neutral", "neutral", False),
    # QA round 23: more such closes, and the plan kept with the phone given anyway.
    ("no, nothing, have a good weekend", "No, nothing. Have a good weekend!", "close", None, "neutral", "neutral", False),
    ("no, you're all set", "No, you're all set, nothing else to do. Goodbye!", "close", None, "neutral", "neutral",
     False),
    ("keep your 18 months, free iPhone", "You can keep your 18 months and I'll send you a free iPhone anyway.",
     "exception", "denied-iphone", "high", "neutral", True),
    ("stay on 18 months, iPhone at no cost", "Stay on 18 months, and I'll throw in a new iPhone at no cost.",
     "exception", "denied-iphone", "high", "neutral", True),
    ("18 months, 50% off, not free", "if u want to stay on the 18 months i can give 50% off a new iphone, not free "
     "but its a big chunk", "offer", "denied-iphone", "neutral", "high", False),
    ("no, sorry, your email", "No, sorry, your email address, please.", "ask", None, "neutral", "neutral", False),
    # Batch 86: formal, blunt and British voices.
    ("I shall", "I shall personally review your case today and write to you by Friday with a concrete proposal.",
     "commit", "unpaid-outage", "high", "neutral", False),
    ("this is the process", "The systems do not allow a move and upgrade in one order. First the move, after the "
     "upgrade. This is the process.", "explain", "move-and-upgrade", "neutral", "low", False),
    ("only available until", "I regret to inform you that technician visits are only available until 18:00 on "
     "weekdays.", "explain", "friday-data-line", "neutral", "low", False),
    ("nothing will change", "I'll look into it but honestly nothing will change, the rules are the rules.",
     "cite_policy", "denied-iphone", "low", "low", False),
    ("like everyone else", "Sir, with respect, the procedure exists for a reason, you just need to follow it like "
     "everyone else.", "cite_policy", "move-and-upgrade", "low", "low", False),
    ("after all these years", "That's not on, being told to cancel after all these years. Leave it with me - I'll sort "
     "the move and the upgrade together and ring you tomorrow morning.", "commit", "move-and-upgrade", "high",
     "high", False),
    # Batch 85: the customer told to go elsewhere.
    ("other providers", "Its the rules for number migration mate, cant change them, if you dont like it theres other "
     "providers.", "cite_policy", "denied-iphone", "low", "low", False),
    # Batch 83: a hedge, a refusal, a hand-off to the weekend's end in other words.
    ("not sure the laptop", "I'm not sure the laptop can be held, I'll have to check with marketing.", "refuse",
     "nine-weeks", "neutral", "neutral", False),
    ("aren't something I can pay", "Business damages aren't something I can pay. I'll brief your business account "
     "manager myself and check in with you Thursday.", "commit", "unpaid-outage", "high", "low", False),
    ("best is to wait for Monday", "Honestly, best is to wait for Monday, nothing happens at the weekend.", "refuse",
     "friday-data-line", "low", "low", False),
    # Batch 84: deeds told before the goodbye, and a question of fact that is no blame.
    ("laptop tied to today's date", "Alright. I've updated your order so the laptop is tied to today's date, and "
     "I've put myself down as your contact. Have a good evening.", "exception", "nine-weeks", "high", "high", False),
    ("move and TV now linked", "Thanks for waiting. I've updated the order: your address change and the digital TV "
     "are now linked, confirmation in your mail tonight. Anything else?", "commit", "move-and-upgrade", "high",
     "high", False),
    ("I've also put a credit on", "No, you're all set, I've also put a 50 euro credit on for the early start. Take "
     "care!", "exception", "denied-iphone", "high", "high", False),
    ("I fixed it just now", "ok so recap: plan stays 18 mnths, but I fixed your email just now. anything else?",
     "close", "denied-iphone", "high", "neutral", False),
    ("it's only, asked", "Just so I understand, the phones are working, right? So it's only the data line?",
     "ask", "friday-data-line", "neutral", "neutral", False),
    # QA round 25: second-language "No," closes (5 of 13 scored as refusals).
    ("no, that is all", "No, that is all. Have a nice day, Mr van Dam.", "refuse", "nine-weeks", "neutral",
     "neutral", False),
    ("no, nothing. I send", "No, nothing. I send you the confirmation in email today. Good bye!", "refuse",
     "move-and-upgrade", "high", "neutral", False),
    ("no, I call you", "No, I call you at 8. Bye.", "refuse", "friday-data-line", "high", "neutral", False),
    ("no, that's it", "No, that's it. Enjoy the new phone!", "refuse", "denied-iphone", "neutral", "neutral", False),
    ("guard: no, we will not pay", "No, we will not pay for the job you lost.", "refuse", "unpaid-outage", "neutral",
     "low", False),
    ("won't be able to", "I won't be able to do anything before Monday. Have a good weekend.", "refuse",
     "friday-data-line", "low", "low", False),
    # QA round 23: a correction of what the agent asked, scored 44/17 "Refuses without an alternative".
    ("no, I meant the email", "No, I meant the email, not the street. What should it be?", "refuse", "denied-iphone",
     "neutral", "neutral", False),
    ("free, no strings", "I'll just give you the new iPhone on your current plan, free, no strings.", "exception",
     "denied-iphone", "high", "neutral", True),
    ("taken back", "I'll check, but the answer will be no.", "commit", None, "low", "low", False),
    # Scoring guide: "I've logged it" is a vague promise; the customer's own insurance deflects.
    ("logged", "I've put a note on your file.", "ownership", None, "neutral", "neutral", False),
    ("own insurance", "Your business insurance might cover the lost assignment, have you tried them?",
     "deflect", "unpaid-outage", "low", "low", False),
    ("the contract, not blame", "What you signed is 18 months with no device. Those are the terms.",
     "cite_policy", None, "neutral", "low", False),
    # Scoring guide: an owned action next to a flat refusal of the main request is 2/0.
    ("refusal stands beside an owned action", "I can't do a free iPhone on 18 months, but I'm fixing your "
     "email address right now.", "commit", "denied-iphone", "high", "low", False),
    ("a no said as a thing beside an owned action", "Sorry, I know. The iPhone is a no, full stop. I'm getting "
     "your account login working now, give me two minutes.", "commit", "denied-iphone", "high", "low", False),
    ("trailing though", "Sorry, no device on migrations. I've sorted your login though, try it now.",
     "commit", "denied-iphone", "high", "low", False),
    ("someone will", "Someone will call you about the laptop in due course.", "deflect", None,
     "neutral", "neutral", False),
    # Setting the rule aside is an exception (scoring guide): the rule before it costs nothing.
    ("rule set aside", "The procedure says we can't book it yet. I'm setting that aside: I'm booking your "
     "order today.", "policy or offer", None, "high", "high", False),
    ("no offer I can give", "I hear you, but there's no discount I can give you.", "empathise", None,
     "neutral", "neutral", False),
    # Waving the rule away ("forget that:") or acting "anyway" sets it aside; it takes nothing back.
    ("rule waved away", "Rules say Monday. Forget that: router by courier now, and I'll ring you at eight "
     "to check it works.", "commit", "friday-data-line", "high", "high", False),
    ("help taken back", "I'll look into it, but forget it, nothing will change.", "commit", None,
     "low", "low", False),
    ("sent anyway", "Normally the on-call team is for faults only, but it's our mistake, so I'm sending them "
     "anyway.", "exception", "friday-data-line", "high", "high", False),
    # Told to get someone else to do it: passed on; "in the meantime" alone offers nothing.
    ("someone else sets it up", "You'd need to get your IT supplier to set something up in the meantime.",
     "deflect", "friday-data-line", "low", "low", False),
    # An amount above the limit that the agent refuses is no over-promise.
    ("amount refused", "I can't give you anything back on the 480 euros.", "cite_policy", "unpaid-outage",
     "neutral", "low", False),
    ("amount promised", "No worries, I'll credit you 480 euros today.", "exception", "unpaid-outage", "high",
     "neutral", True),
    # "I can set ..." after the refusal is the agent's offer (a case's offer named there counts).
    ("an offer after the refusal", "I can't combine them in the old system, no. But I can set the upgrade to "
     "start the day after the move, no cancelling needed.", "cite_policy", "move-and-upgrade", "neutral", "high",
     False),
    # A restriction or refusal said in other words still withholds the case's offer it names, so
    # an owned step beside it is ownership 2, flexibility 0 (scoring guide).
    ("restricted to others, then an owned step", "The 24-month device deal is for new customers only and "
     "you won't get it. I'll email you that decision personally before eight tonight.", "commit",
     "denied-iphone", "high", "low", False),
    ("isn't possible after the offer", "I'll escalate it, but moving and upgrading together isn't possible. "
     "Call back next week.", "deflect", "move-and-upgrade", "low", "low", False),
    # Acting "anyway" after the rule, a few words on, and "I'm waiving" set the rule aside.
    ("the rule, then acting anyway", "Policy says they are separate orders. I'm putting them in one order "
     "anyway and I'm waiving the installation fee. Confirmation within ten minutes.", "cite_policy",
     "move-and-upgrade", "high", "high", False),
    # Terse but concrete: the offer under way, a time, the agent's own number (scoring guide: 2/2).
    ("terse: router on the courier, a time, my number", "router's on the courier. eta 7pm. my number's in "
     "the text.", "offer", "friday-data-line", "high", "high", False),
    # Done on the spot said in passing, with no verb of the agent's, is a step (scoring guide:
    # doing it on the spot counts); so is "I'll have it <done>".
    ("done in passing: the credit's on", "Fine, the credit's on now, two months.", "exception", "unpaid-outage",
     "high", "high", False),
    ("the agent has it done", "I'll have the credit applied before we hang up.", "commit", "unpaid-outage",
     "high", "neutral", False),
    # What follows "then", "once", "if" is not done yet: the customer re-signs first.
    # (The cancel-and-re-sign procedure given as the answer is rigid: flexibility low, as the dev
    # set labels it: "So yeah, cancel the current one and sign up fresh at the new place".)
    ("sorted only after the customer re-signs", "Cancel the old contract and sign up again, then everything is "
     "sorted.", "explain", "move-and-upgrade", "neutral", "low", False),
    # An option said impersonally commits nobody, even with a time: flexibility, not ownership.
    ("an option said impersonally, with a time", "A loan router could be sent out today.", "offer",
     "friday-data-line", "neutral", "high", False),
    # Done on the spot after a "but" turns the reply like an offer does; a colon ends the clause
    # of "won't", so the offer after it is made.
    ("a no, then done on the spot", "No promises on the line tonight. But you won't be offline: the 4G router "
     "is on its way to you as we speak.", "policy or offer", "friday-data-line", "high", "high", False),
    ("rule set aside: them", "The terms say no, but this time I'm setting them aside: one month off your bill, "
     "done.", "policy or offer", "unpaid-outage", "high", "high", False),
    # Gone above the agent is out of their hands, not done.
    ("gone above the agent", "The decision has gone above me now.", "explain", None, "low", "low", False),
    # An owned step beside a refusal said without "no" or "can't": ownership 2, flexibility 0.
    ("an owned step, though the no stands", "I'll keep you posted myself, though a refund isn't on the table.",
     "ownership", "unpaid-outage", "high", "low", False),
    # A real offer the customer must take along elsewhere: ownership 0, flexibility 2 (scoring guide).
    ("a real offer, the customer takes it along", "You can have half off a new handset, just take this "
     "reference number along with you.", "offer", "denied-iphone", "low", "high", False),
    ("done: that's the credit applied", "That's the credit applied, one month.", "exception", "unpaid-outage",
     "high", "high", False),
    ("on it, the action without I'm", "on it, fixing the email spelling now", "ownership", "denied-iphone",
     "high", "neutral", False),
    # The procedure as the answer: another division does it.
    ("handled by a separate division", "Data line moves are handled by a separate division.", "explain",
     "friday-data-line", "neutral", "low", False),
    ("arrangeable, impersonally", "A loan router might be arrangeable for tonight.", "offer", "friday-data-line",
     "neutral", "high", False),
    # A personal promise and the problem made the agent's own are ownership (scoring guide: a
    # personal, concrete commitment); a promise that the answer stays the same takes help back.
    ("the problem made the agent's own", "Right, the outage is my problem now.", "ownership", "unpaid-outage",
     "high", "neutral", False),
    ("a personal promise", "I promise the confirmation email goes out to you.", "commit", None, "high", "neutral",
     False),
    ("a guarantee of the same answer", "I can ask again, but it'll be the same answer, I guarantee it.", "offer",
     "move-and-upgrade", "low", "low", False),
    # The rigid route as advice, the rule as a category: the procedure given as the answer.
    ("advice to take the rigid route", "My advice would be to cancel and sign up again at the new address.",
     "explain", "move-and-upgrade", "neutral", "low", False),
    ("the rule as a category", "A migration counts as an existing customer here.", "explain", "denied-iphone",
     "neutral", "low", False),
    # Passed on by the agent to a team: a vague promise (ownership 1), not the customer sent away.
    ("passed on to the relevant team", "I'll pass your letter on to the relevant team.", "deflect", None,
     "neutral", "neutral", False),
    # Quoting what the customer was told is no blame of theirs.
    ("told to stop nagging", "I'm sorry you were told to stop nagging, that's not okay.", "empathise", None,
     "neutral", "neutral", False),
    # Round 8: the words hold the band against the model's reading alone (docs/rubric.md).
    ("a dated commitment after blame", "You're overreacting. I'll call you at five.", "blame", None,
     "neutral", "low", False),
    # The last of the agent's steps decides, not the first: "I'll take" comes before the hand-off
    # words, "ring you back by four" after them. (High since QA round 24: no word passes anything on,
    # so the hand-off reading takes nothing away; the guide: an escalation the agent carries is 2.)
    ("a step after the hand-off, read as one", "I'll take it up with my manager today and ring you back by four.",
     "deflect", None, "high", "neutral", False),
    ("an offer after the rule", "Rules are rules. What's possible is a loan router.", "cite_policy", None,
     "neutral", "neutral", False),
    ("an offer taken back by the rule after it", "A loan router is doable, but no, rules are rules.", "cite_policy",
     None, "neutral", "low", False),
    ("an offer, then the customer told to fetch it", "You'll have to sort the cancellation out with KPN.", "deflect",
     "nine-weeks", "low", "low", False),
    # A case's offer after the turn is made, whatever the model read; a hand-off before it is taken back.
    ("the process named, then set aside", "Cancelling and signing up again is what the process says. I won't "
     "make you do that, one combined order is fine.", "policy or offer", "move-and-upgrade", "neutral", "high", False),
    ("a hand-off taken back", "Ordinarily we'd tell you to call back in three weeks. I'm not doing that: the "
     "laptop is reserved for you from today.", "deflect", "nine-weeks", "high", "high", False),
    ("the rule not lived by", "The system says cancel first; that's the system. You don't have to live by it: "
     "sign today and I'll set the start against your cancellation date.", "explain", "nine-weeks", "high", "high",
     False),
    # "Can't" of the customer or the thing is no refusal; "it can't be" is; refused in the offer's phrase.
    ("the customer's can't", "Your business can't wait that long, so I'm booking the on-call engineer as a "
     "one-off tonight.", "exception", "friday-data-line", "high", "high", False),
    ("the thing can't be", "I'm sorry, that can't be done.", "cite_policy", None, "neutral", "low", False),
    ("refused in the offer's phrase", "I'll happily explain the procedure one more time so you can see why the "
     "laptop can't be guaranteed.", "exception", "nine-weeks", "low", "low", False),
    ("an escalation taken back", "I've escalated it to my manager, but he isn't in today and nobody else here can "
     "help you with it.", "commit", "nine-weeks", "low", "low", False),
    ("the terms sent to read yourself", "Happy to help! I'll send you the link to the terms and conditions so you "
     "can read the migration section yourself.", "cite_policy", "denied-iphone", "low", "low", False),
    # Blind8's one-band groups: chat-style "ill", the rule then the waiver, the offer somebody else's to give.
    ("chat: ill credit it now", "ok ill credit the 50 now", "exception", "denied-iphone", "high", "high", False),
    ("the terms, then waived", "Per our terms an installation fee applies to upgrades. In your case it shouldn't, "
     "I'm allowed to waive it, so consider it waived.", "policy or offer", "move-and-upgrade", "high", "high", False),
    ("exploring what is allowed", "Let me find out what I'm allowed to offer you to bridge those weeks.", "ownership",
     "nine-weeks", "neutral", "neutral", False),
    ("the offer somebody else's to give", "You could have a loan stick for the gap, but sales arranges those, not us, "
     "so you'll want to phone them.", "deflect", "nine-weeks", "low", "high", False),
    # A refusal before a "but" does not withhold the offer after it; chat's call-back and times.
    ("chat: a no, but an offer", "cant promise the laptop but free stick ok?", "exception", "nine-weeks",
     "neutral", "high", False),
    ("chat: mine now, call u at 4", "mine now, call u at 4", "commit", "denied-iphone", "high", "neutral", False),
    ("beyond what I can give, then within it", "A year of free TV is beyond what I can give, I'm afraid. Waiving "
     "the installation fee is well within it, if that helps.", "exception", "move-and-upgrade", "neutral", "high",
     False),
    # The step taken back by a later clause (scoring guide: "I'll look, but it won't change anything" is 0/0).
    ("a note, but the procedure won't change", "I'll make a note on your file, but the procedure won't change "
     "because of a note.", "ownership", "nine-weeks", "low", "low", False),
    ("a check, but never possible", "I'll check with my supervisor, but a move plus an upgrade has never been "
     "possible.", "commit", "move-and-upgrade", "low", "low", False),
    ("what's possible after a no", "No, the 18-month plan doesn't come with a phone. What's possible is taking half "
     "off the iPhone.", "policy or offer", "denied-iphone", "neutral", "high", False),
    # Round 10 (blind9): a no whose subject is the offer withholds it wherever it comes; a later
    # futility clause takes the step back; "no need to", "no fee" are no refusal of the customer.
    ("the offer won't happen", "Moving and upgrading together won't happen, the system simply doesn't allow it. "
     "The move itself I'm booking right now, and you'll have the confirmation tonight.", "commit",
     "move-and-upgrade", "high", "low", False),
    ("the offer just not on", "Tuesday at ten you'll get a call from me with the moving date, that's a promise. "
     "A combined order is just not on.", "commit", "move-and-upgrade", "high", "low", False),
    ("a try, but it'll bounce back", "I'll try to book both together, but it'll bounce back, it always does.",
     "ownership", "move-and-upgrade", "low", "low", False),
    ("a chase, but nothing before Monday", "I'll chase it, but honestly nothing's going to happen before Monday.",
     "commit", "friday-data-line", "low", "low", False),
    ("possible, but not through me", "Courier a router today? Possible, yes. That's ordered on the website though, "
     "not through me.", "offer", "friday-data-line", "low", "high", False),
    ("no need to ring back", "No need to ring back in three weeks hoping the offer's still on. I'm reserving it "
     "for you now.", "exception", "nine-weeks", "high", "high", False),
    ("the rule, then no fee", "The rules say the install fee applies to new TV customers. You aren't new, you're "
     "moving, so there's no fee, that's my decision.", "policy or offer", "move-and-upgrade", "neutral", "high",
     False),
    # A hand-off named, then carried by the agent with a concrete step of their own.
    ("a store, but I've booked the slot", "The SIM swap has to happen in a store, but I've booked you the 11:30 slot "
     "at the branch near you and I'll ring them beforehand.", "commit", "denied-iphone", "high", "neutral", False),
    ("a store, you book the slot", "The SIM swap has to happen in a store, you'll have to book a slot yourself.",
     "commit", "denied-iphone", "low", "low", False),
    # A no on the main request said after the thing ("the upgrade, no, ..."), in the future
    # ("there won't be compensation") or as power ("isn't in my power"); an option "is possible".
    ("the phone, no", "I've set a call with me for Monday at ten to check your account works. The phone you asked "
     "for, no, ported numbers don't get one.", "commit", "denied-iphone", "high", "low", False),
    ("not in my power, but", "A year of free TV isn't in my power, but I can take the installation fee off "
     "completely.", "policy or offer", "move-and-upgrade", "neutral", "high", False),
    ("a no, then an option is possible", "That's not what the migration policy gives a ported number, no. A "
     "discounted handset is possible, mind you, up to fifty percent off.", "cite_policy", "denied-iphone",
     "neutral", "high", False),
    # The customer handed to another team, or somebody else's number handed over.
    ("connect you to sales", "Let me connect you to sales, they can tell you which promotions are on at the "
     "moment.", "ask", "nine-weeks", "low", "low", False),
    ("pass on KPN's number", "What I can do for you is pass on KPN's business number, since the ISDN cancellation "
     "is theirs.", "offer", "nine-weeks", "low", "neutral", False),
    # An amount put on the account is a credit: above the case's limit it is an over-promise.
    ("300 euro on your account", "For all the hassle I'm putting 300 euro on your account right now, done.",
     "exception", "denied-iphone", "high", "neutral", True),
    # The case's offer after the turn from a no turns the reply, however few words make it.
    ("chat: no free phone, but 24m", "no free phone, but 24m w iphone ok?", "refuse, some offer", "denied-iphone",
     "neutral", "high", False),
    ("a lecture, then the offer", "As a business customer you really should have had a backup. That said, we can "
     "set you up with a second SIM on another network.", "blame", "unpaid-outage", "low", "neutral", False),
    # Round 11 (blind10): a later sentence that sets the rule aside turns the reply from its start,
    # as a contrast word does; not when the agent says they cannot.
    ("rule, then overridden", "Our rules say moves are handled by the data team on weekdays. I've overridden that "
     "and booked the Saturday on-call engineer for 9am.", "policy or offer", "friday-data-line", "high", "high",
     False),
    ("rule, then an exception made", "The procedure says no weekend visits. I'm making an exception and the "
     "engineer comes Saturday at nine.", "policy or offer", "friday-data-line", "high", "high", False),
    ("rule, then signed off by me", "Procedure says no laptop guarantee. The reservation is on your order with "
     "today's date, signed off by me.", "policy or offer", "nine-weeks", "high", "high", False),
    ("rule, and no override", "Our rules say moves are handled on weekdays, and I can't override that.",
     "policy or offer", "friday-data-line", "neutral", "low", False),
    # Later futility takes back an offer as it does a commitment.
    ("an offer, but they usually say no", "I'll ask promotions to reserve the laptop, but it's their call and they "
     "usually say no.", "offer", "nine-weeks", "low", "low", False),
    # Round 12 (blind11): the system or the other team foretold to reject it takes the offer back,
    # with or without a contrast word; the system's no alone is the rule, not futility.
    ("an offer, except the system won't take it", "I can absolutely put you on 24 months with the iPhone... except "
     "the system won't take it on a migrated number.", "offer", "denied-iphone", "low", "low", False),
    ("a try, but the system will reject it", "I'll try to get both in one order, but honestly the system will "
     "reject it.", "offer", "move-and-upgrade", "low", "low", False),
    ("a chase, though they never move", "I'll chase data ops for you, though on a Friday afternoon they never "
     "move.", "commit", "friday-data-line", "low", "low", False),
    # An offer with an instruction to go and get it is fetched elsewhere (scoring guide: ownership 0,
    # flexibility 2); a transfer to another team or queue is no step carried nor an offer.
    ("fill it in yourself", "Both in one order is possible now, the online form allows it. Just fill it in "
     "yourself tonight.", "ownership", "move-and-upgrade", "low", "high", False),
    ("pop into the shop for a gap router", "Pop into the shop in town and ask for a gap router, they'll give you "
     "one free.", "deflect", "nine-weeks", "low", "high", False),
    ("put you back through to sales", "I can put you back through to sales if you want to try your luck with "
     "another colleague.", "deflect", "nine-weeks", "low", "low", False),
    ("that's sales, not me, into their queue", "You can have the 24-month deal with the phone, but that's sales, "
     "not me. I'll pop you into their queue.", "deflect", "denied-iphone", "low", "high", False),
    ("not usual, but I can do them together", "it's not how its usually done but i can do them together for u",
     "refuse, some offer", "move-and-upgrade", "neutral", "high", False),
    # "That's fixed" is the rule said to be set; a repair "fixed now" is not.
    ("an owned step, then that's fixed", "I've booked your technician for moving day myself, confirmation text in "
     "five minutes. The digital TV has to be a separate order later though, that's fixed.", "explain",
     "move-and-upgrade", "high", "low", False),
    ("fixed now", "Your login, that's fixed now, I've reset it myself.", "commit", "denied-iphone", "high",
     "neutral", False),
    # An option in the conditional with only a time beside it commits the agent to nothing
    # (scoring guide: ownership 1); "doing it now" is the step that does.
    ("we could courier, today", "One thing we could do is courier a 4G router over today.", "offer",
     "friday-data-line", "neutral", "high", False),
    ("a router I can send, if", "There's a same-day 4G router I can send today, if that keeps you going till Monday.",
     "offer", "friday-data-line", "neutral", "high", False),
    ("the router I can send, doing it now", "i cant promise the kpn date. the router i can send, doing it now",
     "offer", "nine-weeks", "high", "high", False),
    # Another team's "can't" is not the agent refusing ("Sales can't change the promotion, so I went to marketing").
    ("sales can't, so I went to marketing", "Sales can't change the promotion, so I went to marketing, who own it. "
     "I'll get their yes in writing and post it to you today.", "commit", "nine-weeks", "high", "neutral", False),
    ("the system's no alone", "Sorry, the system won't accept a move and an upgrade in one order.", "cite_policy",
     "move-and-upgrade", "neutral", "low", False),
    # Someone else's chance next to a hand-off is no offer of the agent's; the agent's own hedge is.
    ("you might be able to, in a shop", "You might be able to pick up a mobile stick in a shop for the gap.",
     "offer", "nine-weeks", "low", "neutral", False),
    ("I might be able to", "I might be able to lend you a mobile internet stick for the gap.", "offer",
     "nine-weeks", "neutral", "high", False),
    # "Before we hang up", "in 5 min" date the step as "today" does.
    ("both arranged before we hang up", "I won't quote the small print at you. One month free plus a backup SIM, "
     "both arranged before we hang up.", "exception", "unpaid-outage", "high", "high", False),
    ("email coming in 5 min", "got it, router + laptop reserved, email coming in 5 min", "exception", "nine-weeks",
     "high", "high", False),
    # Done or under way without "I'll": "I've done it anyway", "credit is going on", "I'm calling you back".
    ("done it anyway", "One order for both isn't standard. I've done it anyway and waived the install fee.",
     "exception", "move-and-upgrade", "high", "high", False),
    ("credit going on regardless", "Nothing in the contract obliges us here. Three months' credit is going on "
     "regardless.", "exception", "unpaid-outage", "high", "high", False),
    ("then I'm calling you back", "I'll raise the misspelt email with IT and then I'm calling you back at 2 to "
     "confirm it's right.", "commit", "denied-iphone", "high", "neutral", False),
    ("chat: chasing it myself", "chasing the network report myself, yours by thurs", "explain", "unpaid-outage",
     "high", "neutral", False),
    # QA round 54: "Who fixes that?" answered "me. now." (59, where "Me. Right now." scored 94).
    ("chat: me. now.", "me. now.", "ownership", "friday-data-line", "high", "neutral", False),
    ("me. not now.", "me? not now.", "ownership", "friday-data-line", "neutral", "neutral", False),
    # Batch 147: the deed named, then "done" (59).
    ("chat: reset done", "yep, reset done. try now", "commit", "denied-iphone", "high", "neutral", False),
    ("asked: reset done?", "is the reset done on your side?", "ask", "denied-iphone", "neutral", "neutral", False),
    # QA round 53: "-ing" typed without its "i" is the same deed (59 where "emailing" scored 82).
    ("chat: emailng it now", "yes, emailng it now", "commit", "denied-iphone", "high", "neutral", False),
    # A rule or refusal, then an offer in a later sentence with no contrast word: the reply turns
    # there; not after a hand-off (the customer fetching it is still passed on).
    ("a refusal, then the offer unmarked", "We can't pay for the lost assignment. Three months free and a backup SIM "
     "we can do, and I'll set both up now.", "policy or offer", "unpaid-outage",
     "high", "high", False),
    ("a rule, then the router unmarked", "I can't promise it'll be fixed tonight. The router goes out by courier "
     "now, and the technician is on standby for the morning.", "refuse, some offer", "friday-data-line", "high",
     "high", False),
    ("a hand-off, then the offer", "In the web shop there's a 'moving with upgrade' form. Fill that in and the "
     "installation fee is waived automatically.", "deflect", "move-and-upgrade", "low", "high", False),
    # An over-promise named after a refusal earlier in its sentence is refused, not promised.
    ("can't pay, that's business damages", "We can't pay for the lost assignment, that's business damages. Three "
     "months free and a backup SIM we can do, and I'll set both up now.", "policy or offer", "unpaid-outage",
     "high", "high", False),
    # The case's offer said in the passive and fetched in a shop: flexibility kept, ownership low.
    ("combined if you go to a shop", "The upgrade can be combined with the move if you go into one of our shops, "
     "they have the tool for it.", "deflect", "move-and-upgrade", "low", "high", False),
    # Round 13 (blind13): ending the call is no step; an address handed over is no offer; "with no
    # small print" sets the rule aside; "the outcome will be the same" takes the step back; the
    # contact and the carrying said as agents say them ("u'll hear from me", "you'll have my call",
    # "it sits with me", "I am ...ing", "I have ... myself"); a letter named is no rule cited.
    ("ending the call is no step", "The manager's out and I can't approve it myself, so I'll wrap the call up "
     "here.", "deflect", "nine-weeks", "low", "low", False),
    ("I'll leave you to it", "As it stands you'd have to cancel and start over, so I'll leave you to it.", "deflect",
     "move-and-upgrade", "low", "low", False),
    ("a gesture with no small print", "Here's a gesture with no small print attached: a month's credit, on your "
     "account today.", "exception", "unpaid-outage", "high", "high", False),
    ("an address handed over", "I can give you the postal address of our complaints department.", "deflect",
     "unpaid-outage", "low", "low", False),
    ("the outcome will be the same", "I'll resubmit your complaint, though the outcome will be the same.",
     "ownership", "unpaid-outage", "low", "low", False),
    ("chat: u'll hear from me", "u'll hear from me by 5", "commit", "friday-data-line", "high", "neutral", False),
    ("you'll have my call", "I'm with the planners now; you'll have my call by four.", "commit", "move-and-upgrade",
     "high", "neutral", False),
    ("it sits with me", "Your complaint sits with me now, and my written answer reaches you by noon tomorrow.",
     "ownership", "unpaid-outage", "high", "neutral", False),
    ("I am merging", "I am merging both orders for you.", "exception", "move-and-upgrade", "high", "high", False),
    ("a no, I have asked them myself", "That's a no on the credit; I have asked the account manager myself to ring "
     "you.", "commit", "unpaid-outage", "high", "low", False),
    ("the letter named, not cited", "That force majeure letter wasn't mine, but I'm answering you now: a proper "
     "reply from me by Friday.", "commit", "unpaid-outage", "high", "neutral", False),
    # Then on batch 12 (measured as the verdict on round 12, then tuned on): a dated call is a step
    # ("I'm ringing you tomorrow at nine"); "Forget it, it's waived" forgets the rule, not the
    # help; the other team foretold not to work takes the step back; the fault line saying its
    # own rule is not the customer sent there; "not something I can do from here" next to a
    # hand-off says where, not no; an imperative to call the other provider is no offer.
    ("manager's out, I'm ringing you tomorrow", "The manager's out, fine, your case is in his inbox with my name on "
     "it and I'm ringing you tomorrow at nine.", "commit", "nine-weeks", "high", "neutral", False),
    ("forget it, it's waived", "There's normally a 49 euro installation charge. Forget it, it's waived.",
     "exception", "move-and-upgrade", "high", "high", False),
    ("they don't work weekends", "I'll chase the data team, but they don't work weekends.", "commit",
     "friday-data-line", "low", "low", False),
    ("it'll be Monday regardless", "I'll chase the data team, but it'll be Monday regardless.", "commit",
     "friday-data-line", "low", "low", False),
    ("the fault line says", "The fault line says it isn't a fault, that's their rule, not mine. Would a 4G router "
     "help for the weekend?", "offer", "friday-data-line", "neutral", "high", False),
    ("the shop can, not from here", "There's a device discount open to you, the shop can process it, it's not "
     "something I can do from here.", "offer", "denied-iphone", "low", "high", False),
    ("chat: call KPN for that", "call KPN for that pls", "deflect", "nine-weeks", "low", "low", False),
    # Batch 14: a transfer said in chat ("put u through") is still a transfer; "no need to worry
    # about..." before what the agent did is reassurance, not the customer dismissed; "ask again
    # when you're connected" sends the customer away for later.
    ("chat: put u through", "i'll put u through to the manager line", "commit", "nine-weeks", "low",
     "low", False),  # chat shorthand is read as the words it stands for (labelled 0/0)
    ("no need to worry about it, done", "No need to worry about the promotion ending, the laptop is reserved "
     "against your order date.", "exception", "nine-weeks", "high", "high", False),
    ("ask again when connected", "Whether there's a laptop left then, no idea, ask again when you're connected.",
     "explain", "nine-weeks", "low", "low", False),
    # Batch 15: the words agents use. A look taken is no deed, and the closing "anything else I
    # can help with today" names no time; the gesture told by its effect on the bill ("coming off
    # your bill", "on us", "at our expense", "cancelled on my side", "ok done", "I arrange it now")
    # is done; hindsight blames ("would have been sensible", "if you'd been", "was always going to
    # be risky"); the rule book named as the authority ("under the order rules", "set in the
    # tariff", "subject to availability"); the outcome foretold ("they'll tell you what I've told
    # you", "I wouldn't hold your breath", "the position remains unchanged").
    ("a look taken, then no", "I've taken a close look and the phone isn't on the table. Anything else I can "
     "help with today?", "close", "denied-iphone", "low", "low", False),
    ("coming off your bill", "Two months of the subscription are coming off your bill from the next one.",
     "exception", "unpaid-outage", "high", "high", False),
    ("on us", "The first month's on us, you won't be billed for it.", "exception", "nine-weeks", "high", "high",
     False),
    ("at our expense", "A loan phone at our expense, if that helps?", "ask", "unpaid-outage", "neutral", "high",
     False),
    ("cancelled on my side", "The early charge is cancelled on my side.", "exception", "denied-iphone", "high",
     "high", False),
    ("chat: ok done", "ok done, 24 months with the new iphone, same price", "exception", "denied-iphone", "high",
     "high", False),
    ("present for future", "Normally two orders, but I put it in one for you. I arrange it now.", "exception",
     "move-and-upgrade", "high", "high", False),
    ("hindsight: would have been sensible", "A spare mobile would have been sensible for a business like "
     "yours.", "offer", "unpaid-outage", "low", "neutral", False),
    ("hindsight: if you'd been", "If you'd been on a normal line this wouldn't have happened.", "ask",
     "nine-weeks", "low", "low", False),
    ("hindsight: always going to be risky", "A Friday move was always going to be risky.", "explain",
     "friday-data-line", "low", "low", False),
    ("under the rules", "Under the order rules only one change can be open.", "explain", "move-and-upgrade",
     "neutral", "low", False),
    ("subject to availability", "Promotions are subject to availability.", "ask", "nine-weeks", "neutral",
     "low", False),
    ("escalation foretold", "I'll pass it up if you want, but my manager will tell you what I've told you.",
     "commit", "denied-iphone", "low", "low", False),
    ("wouldn't hold your breath", "I can send it to complaints, but I wouldn't hold your breath.", "commit",
     "unpaid-outage", "low", "low", False),
    ("position remains unchanged", "Thanks for your loyalty. Our position on the outage remains unchanged.",
     "empathise", "unpaid-outage", "neutral", "low", False),
    ("what's gone wrong", "Hello, you're through to Kim. What's gone wrong with the phone?", "ask",
     "denied-iphone", "neutral", "neutral", False),
    ("a ticket raised", "I've raised a ticket with the data team.", "ownership", "friday-data-line", "neutral",
     "neutral", False),
    # Batch 16: the agent's sympathy is no blame ("you shouldn't have had to…"); what the agent has
    # done keeps a hand-off named before it from sending the customer away; an offer taken back
    # "after all" or refused "but not once…"; "so i made … and linked them myself" is done. And
    # what must stay as it was: a hyphen is no dash ("move-plus-upgrade through"), "gone above me"
    # is no deed, "ordered on the website" or "waived automatically" after a form is not done.
    ("sympathy: shouldn't have had to", "I'm sorry, you shouldn't have had to chase us three times.", "empathise",
     None, "neutral", "neutral", False),
    ("sympathy: shouldn't have to", "I'm sorry you were told to cancel; you shouldn't have to. When is the move?",
     "empathise", "move-and-upgrade", "neutral", "neutral", False),
    # The rule's scope is the policy, not blame (QA round 21: "blames the customer ('it's only')").
    ("it's only for new customers", "I can't give you a new iPhone, sorry, it's only for new customers.", "refuse",
     "denied-iphone", "neutral", "low", False),
    # The fault line's notes read are no hand-off (QA round 22: 41/29, the call's worst reply).
    ("what the fault line wrote", "Good evening, Nina speaking. I've just read what the fault line wrote.", "greet",
     "friday-data-line", "neutral", "neutral", False),
    # The agent's own mishap told for a laugh is no deed (batch 81: scored 91, two bands off).
    ("locked myself out haha", "Ugh, logins, don't get me started, I've locked myself out of ours twice this week "
     "haha. You could try the reset link on the website?", "ownership", "denied-iphone", "neutral", "neutral", False),
    # The customer's own call and the future's "can't" beside a deed (batch 76), and "will do" with a time.
    ("a client call again", "I'm sending a backup SIM on a second network to your office today, so an outage can't "
     "cost you a client call again.", "offer", "unpaid-outage", "high", "high", False),
    ("one outage can't", "I'm sending a second-network backup SIM by courier, so one outage can't cost you a client "
     "call again. You'll also get my direct number by SMS right now.", "commit", "unpaid-outage", "high", "high", False),
    ("will do, 4pm", "will do, 4pm", "commit", None, "high", "neutral", False),
    # An offer's words said not to be given (batch 77: read as the offer, two bands off).
    ("doesn't come with a phone", "A plan that wasn't taken out for 24 months doesn't come with a phone, that's just "
     "how migration works.", "cite_policy", "denied-iphone", "neutral", "low", False),
    ("isn't given by sales", "A laptop guarantee isn't given by sales, you'd have to ask the promotions department.",
     "deflect", "nine-weeks", "low", "low", False),
    ("get one from another provider", "If you want a backup SIM you'll have to get one from another provider.",
     "deflect", "unpaid-outage", "low", "low", False),
    # The scoring guide's own example of exploring (QA round 21: "not scored" in unpaid-outage).
    ("look at what retention can do", "Let me look at what retention can do.", "offer", "unpaid-outage", "neutral",
     "neutral", False),
    # Another team's yes relayed is no hand-off (QA rounds 20 and 21: 35, "Passes the problem on");
    # their call promised still is.
    ("relayed: they'll release it tonight", "The data division says they'll release it tonight.", "deflect",
     "friday-data-line", "neutral", "neutral", False),
    ("relayed: they'll review it", "The back office said they'll review it.", "deflect", None, "neutral", "neutral",
     False),
    # The "not" of a relative clause does not negate the rule after it (QA rounds 20 and 21: 50/50).
    ("a line that was not moved", "A line that was not moved is not a fault, I'm afraid.", "refuse",
     "friday-data-line", "neutral", "low", False),
    ("an order that doesn't exist", "An order that doesn't exist can't be sped up.", "refuse", "nine-weeks",
     "neutral", "low", False),
    # What would help, asked, offers nothing yet (QA rounds 20 and 21: 81 on flexibility); what
    # the agent could do, said, is an offer.
    ("anything I could do, asked", "Is there anything I could do that would make you reconsider?", "offer",
     "unpaid-outage", "neutral", "neutral", False),
    ("something, I'd have to ask", "Maybe we could do something about the fee, I'd have to ask.", "offer",
     "move-and-upgrade", "neutral", "neutral", False),
    ("a named gesture, I'd have to check", "Maybe the installation fee could be waived, I'd have to check.", "offer",
     "move-and-upgrade", "neutral", "high", False),
    ("what I could do is", "What I could do is put you down for the on-call technician tomorrow morning as an "
     "exception.", "offer", "friday-data-line", "neutral", "high", False),
    # What the agent lived through is small talk, not a deed (QA round 21: 87 on ownership).
    ("done that myself, total chaos", "Good evening! Oh, moving day on a Friday, I've done that myself, total chaos, "
     "boxes everywhere! How are you holding up?", "greet", "friday-data-line", "neutral", "neutral", False),
    ("done it before for a customer", "Well, a free mobile internet stick is something I'm allowed to send, and I've "
     "done it before for a customer in the same mess. Want one?", "offer", "nine-weeks", "neutral", "high", False),
    # The company's own system saying no is the agent's refusal, not the offer it names (QA round 21).
    ("the system can't", "I'm sorry, but the system can't do a move and an upgrade at the same time.", "refuse",
     "move-and-upgrade", "neutral", "low", False),
    ("the system can't, asked as a rule", "Sorry, the system can't take two order types at once.", "explain",
     "move-and-upgrade", "neutral", "low", False),
    ("a delivery: should have it this evening", "I've booked the 4G router by courier. You should have it this "
     "evening.", "offer", "friday-data-line", "high", "high", False),
    ("a hand-off named, then done", "The other operator decides the date. A 4G router goes out to you today, no "
     "cost.", "offer", "nine-weeks", "high", "high", False),
    ("taken back after all", "There's a 24-month deal with the phone! Sorry, I've checked, it's not open to "
     "migrated numbers after all.", "offer", "denied-iphone", "low", "low", False),
    ("possible, but not once", "A month's credit would normally be possible, but not once you've cancelled.",
     "exception", "unpaid-outage", "neutral", "neutral", False),
    ("chat: so i made and linked", "so i made two orders and linked them myself, one visit on moving day",
     "explain", "move-and-upgrade", "high", "high", False),
    ("a hyphen is no dash", "Our partner shop can put a move-plus-upgrade through in one go, but you'd have to go "
     "in person.", "offer", "move-and-upgrade", "low", "high", False),
    ("gone above me", "The director's letter is the last word, it's gone above me.", "cite_policy", None, "low",
     "low", False),
    ("ordered on the website", "A router today? Possible. That's ordered on the website though, not through me.",
     "offer", "friday-data-line", "low", "neutral", False),
    ("waived automatically after the form", "In the web shop there's a form. Fill that in and the installation "
     "fee is waived automatically.", "offer", "move-and-upgrade", "low", "high", False),
    # Batch 17: the next call promised by somebody else is theirs, time and all (an escalation
    # counts when the agent stays the contact); a rule's first match that does not count (a
    # transfer) leaves its later ones to count; "you'd owe", "as per the letter", "our SLA" cite
    # the rule; "I'm honouring the laptop" sets it aside; "shouting at me isn't…" lectures;
    # "I'm not able to", "nothing can be changed" refuse; "put it through to" is no deed.
    ("the next call theirs", "I've escalated it to the data team, they'll call you Monday morning.", "commit",
     "friday-data-line", "neutral", "neutral", False),
    ("a transfer first, the agent's own step after", "I'll put you through to billing, and I'll email you the "
     "summary tonight.", "commit", "unpaid-outage", "high", "neutral", False),
    ("you'd owe", "Cancel if you want, but you'd owe the termination fee.", "offer", "denied-iphone", "neutral",
     "low", False),
    ("honouring it past the rule", "The leaflet says analogue only, but I'm honouring the laptop for you.",
     "exception", "nine-weeks", "high", "high", False),
    ("shouting won't change it", "Sir, shouting at me isn't going to change anything.", "cite_policy", None, "low",
     "low", False),
    ("not able to", "I'm not able to reverse the cancellation.", "explain", None, "neutral", "low", False),
    ("nothing can be changed, goodbye", "So nothing can be changed on the plan, have a good day.", "close",
     "denied-iphone", "low", "low", False),
    ("as per the letter, goodbye", "As per the letter, your cancellation is effective in January. Goodbye.", "close",
     "unpaid-outage", "low", "low", False),
    ("our SLA", "Our SLA for relocations is five working days.", "explain", "friday-data-line", "neutral", "low",
     False),
    ("put it through to", "I'll put it through to the account manager, they should contact you.", "commit",
     "unpaid-outage", "neutral", "neutral", False),
    # Batch 18 (representative): sympathy is no blame ("you should have gotten a straight answer"),
    # nor is the customer's own call described ("why you're calling again") a hand-off; the fee
    # said to be charged cites the rule; "All sorted then:" is done; the cancel-and-re-sign
    # procedure and "I have explained you the procedure" before a goodbye close the call empty.
    ("sympathy: should have gotten", "Sorry, you should have gotten a straight answer the first time.", "empathise",
     "move-and-upgrade", "neutral", "neutral", False),
    ("the customer's call described", "I completely understand why you're calling again.", "empathise",
     "friday-data-line", "neutral", "neutral", False),
    ("charged the fee", "If you cancel now you'll be charged the termination fee.", "offer", "move-and-upgrade",
     "neutral", "low", False),
    ("all sorted then", "All sorted then: one order, and no installation fee.", "exception", "move-and-upgrade",
     "high", "high", False),
    ("you'll cancel and re-sign, bye", "So you'll cancel and sign up again at the new address. Bye.", "close",
     "move-and-upgrade", "low", "low", False),
    ("explained, goodbye", "I have explained you the procedure. Have a nice day.", "close", "nine-weeks", "low",
     "neutral", False),
    # Batch 19 (owning and low replies that name somebody else): a note made, a generic "are done
    # on working days only" and the customer's own cancellation processed are no deed; "they'll
    # take it from here" is theirs; their number given, "wrapping up" and "reading your notes"
    # are no step; "make sure the fault line knows" tells another team; "your best bet", "better
    # off with a provider", "who you want", "that's for X, not me" and "try again Monday" send the
    # customer elsewhere; "ask them for a goodwill review" is no gesture; the fault line or a
    # division named to explain who does what sends no one anywhere.
    # (With another team left to get in touch, it is a hand-off: dev "I've noted it on your file, and
    # the moves team will call you once the move is done" and "...the contracts department will get
    # back to you in due course" are 0/0.)
    ("a note made is no deed", "I've made a note of it on your file, and the data team will be in touch on Monday.", "deflect",
     "friday-data-line", "low", "low", False),
    ("done on working days only", "The service terms say moves are done on working days only, so it'll be Monday.", "cite_policy",
     "friday-data-line", "neutral", "low", False),
    ("your cancellation processed", "Your cancellation is processed as you asked, so I'll close the case. Goodbye.", "close",
     "unpaid-outage", "neutral", "neutral", False),
    ("they'll take it from here", "Passing it to the data division now; they'll take it from here.", "deflect",
     "friday-data-line", "low", "low", False),
    ("their direct number given", "I'm going to give you the retention team's direct number myself: 0800 4455, ask for Mark.", "deflect",
     "denied-iphone", "low", "low", False),
    # (Flexibility low since batch 72: the rules explained as the last word; dev labels the same
    # reply with "the migration rules" 0/0.)
    ("wrapping up", "I'm wrapping up this chat now, I've explained the rules. Have a nice day.", "close",
     "denied-iphone", "low", "low", False),
    ("make sure they know, give them a ring", "I'll make sure the fault line knows you'll call tonight, so just give them a ring after six.", "deflect",
     "friday-data-line", "low", "low", False),
    ("your best bet", "Your account manager is your best bet, so I'd email her tonight.", "deflect",
     "unpaid-outage", "low", "low", False),
    ("better off with a provider", "If you want the move and the upgrade in one go, you'd be better off with a provider who can.", "offer",
     "move-and-upgrade", "low", "high", False),
    ("ask them for a goodwill review", "The quickest route is to phone the business desk and ask them for a goodwill review.", "deflect",
     "unpaid-outage", "low", "low", False),
    ("who you want", "Really sorry, this is an ISDN question, so KPN's helpdesk is who you want.", "empathise",
     "nine-weeks", "low", "low", False),
    ("for the contracts team, not me", "The conditions apply to everyone; if you want to argue it, that's for the contracts team, not me.", "cite_policy",
     "denied-iphone", "low", "low", False),
    ("try again Monday", "I can't get an engineer out tonight, no. Try again Monday.", "cite_policy",
     "friday-data-line", "low", "low", False),
    ("the fault line explained", "The fault line only takes tickets for lines that worked and then broke.", "explain",
     "friday-data-line", "neutral", "neutral", False),
    ("sits with a different division", "Data lines sit with a different division, so the two moves were planned apart.", "explain",
     "friday-data-line", "neutral", "neutral", False),
    ("reading the notes", "Data lines sit with another team, but I'm reading through your notes now.", "ownership",
     "friday-data-line", "neutral", "neutral", False),
    ("guard: I'll take it from here", "I'll take it from here and ring you at six with the engineer's slot.", "ownership",
     "friday-data-line", "high", "neutral", False),
    ("guard: I'll make sure it's booked", "I'll make sure the engineer is booked for Monday and call you at nine to confirm.", "commit",
     "friday-data-line", "high", "neutral", False),
    ("guard: I'll try again with KPN", "I'll try again with KPN tomorrow and ring you by noon.", "commit",
     "nine-weeks", "high", "neutral", False),
    # Round 20 (the rest of batch 19): "please contact KPN first", "drop them an email", "pop in",
    # "you're welcome to write to the director again" send the customer elsewhere; "you can't
    # expect us to" blames; "I'm going to close this now" closes the call. (Not "you're free to go
    # wherever you like" after a cancellation given, nor the agent's own "I'll send them an email";
    # a "not us" before the full stop does not negate "Give them a call".)
    ("please contact KPN first", "The order can only go in once KPN confirms, that's procedure. Please contact KPN first.", "cite_policy",
     "nine-weeks", "low", "low", False),
    ("drop them an email", "I'm on your side, honestly, but laptops are marketing's, so drop them an email and they'll sort you.", "empathise",
     "nine-weeks", "low", "low", False),
    ("so pop in", "We lend mobile internet sticks for gaps like this; the accessories shop hands them out, so pop in with your order number.", "offer",
     "nine-weeks", "low", "high", False),
    ("you're welcome to write again", "There's no entitlement under the terms. If you disagree, you're welcome to write to the director again.", "cite_policy",
     "unpaid-outage", "low", "low", False),
    ("you can't expect us to", "Running a business on one mobile is a risk, so you can't really expect us to cover a missed call.", "cite_policy",
     "unpaid-outage", "low", "low", False),
    ("going to close this now", "I'm going to close this now; the director's letter is our final position. Thanks for your patience.", "exception",
     "unpaid-outage", "low", "neutral", False),
    ("easier to pop in", "Sorry about the runaround! The shop on the high street does upgrades, might be easier to pop in.", "empathise",
     "move-and-upgrade", "low", "low", False),
    ("guard: free to go wherever you like", "I'll cancel the contract without any fees, then you're free to go wherever you like.", "offer",
     "denied-iphone", "high", "neutral", True),
    ("guard: I'll send them an email", "That's a division issue, I'll send them an email.", "explain",
     "friday-data-line", "high", "neutral", False),
    ("guard: not us, then give them a call", "Your login is handled by the online team, not us. Give them a call.", "deflect",
     "denied-iphone", "low", "low", False),
    ("guard: close this chat and ring you", "I'll close this chat now and ring you at three with KPN's answer.", "commit",
     "nine-weeks", "high", "neutral", False),
    # Batch 20: what is beyond authority, named and declined in its sentence ("isn't mine to give,
    # so I won't promise it"), is no over-promise; promised, it still is.
    ("declined: not mine to give", "A year of free TV isn't mine to give, so I won't promise it, but I've waived the installation fee.",
     "exception", "move-and-upgrade", "high", "high", False),
    ("declined: not ours to pay", "Damages aren't ours to pay, I won't promise them; the backup SIM on the second network is set up for you now.",
     "offer", "unpaid-outage", "neutral", "high", False),
    ("guard: free TV promised", "I'll give you a year of free TV, and I've waived the installation fee.", "exception",
     "move-and-upgrade", "high", "neutral", True),
    # QA round 11: reassurance worded with no, not or won't, read by the model as a refusal or
    # blame, is neither; a plain no stays one.
    ("reassured: you won't be left", "Don't worry, you won't be left without data this weekend.", "refuse",
     "friday-data-line", "neutral", "neutral", False),
    ("reassured: I won't make you", "I won't make you cancel anything.", "refuse", "move-and-upgrade",
     "neutral", "neutral", False),
    ("reassured: nobody is going to tell you", "Let me be clear: nobody is going to tell you you're seeing it the "
     "wrong way today.", "blame", "denied-iphone", "neutral", "neutral", False),
    ("reassured: no fee will be charged", "No installation fee will be charged.", "exception", "move-and-upgrade",
     "neutral", "high", False),
    ("guard: no, we will not pay", "No, we will not pay for the job you lost.", "refuse", "unpaid-outage",
     "neutral", "low", False),
    ("guard: a line nobody moved", "I'll say straight away that a line nobody moved isn't something I can register "
     "as a fault.", "refuse", "friday-data-line", "neutral", "low", False),
    # QA round 11: the customer asked to withdraw the cancellation is offered nothing yet.
    ("guaranteed to work tonight", "Actually I can guarantee the line will work tonight.", "commit",
     "friday-data-line", "high", "neutral", True),
    ("asked to withdraw", "Would you consider withdrawing the cancellation?", "ask", "unpaid-outage",
     "neutral", "neutral", False),
    ("guard: the cancellation reversed", "I can reverse your cancellation and put you on a loyalty discount.", "offer",
     "unpaid-outage", "neutral", "high", False),
    # Batch 55: "is a non-starter", "above my pay grade" (after the wish asked back) decline it.
    ("declined: a non-starter", "If the free handset on eighteen months is a non-starter, there's half off the iPhone "
     "I can put against your account.", "offer", "denied-iphone", "neutral", "high", False),
    ("declined: above my pay grade", "Free TV for a year? I'd love to, but that's well above my pay grade. What I can "
     "do is waive the installation fee.", "offer", "move-and-upgrade", "neutral", "high", False),
    ("guard: asked back, then promised", "Free TV for a year? Sure, I'll add it to your order.", "exception",
     "move-and-upgrade", "high", "neutral", True),
    # Batch 56 (read forward): a repair reported after a dash is no rule; "it wasn't your fault" no
    # blame and its "No" no refusal; what is "out of my hands" is declined, not promised.
    ("repair after a dash", "Goodbye to the misspelled email - it's fixed. I changed it myself just now.", "commit",
     "denied-iphone", "high", "neutral", False),
    ("not your fault", "No, it wasn't your fault the client couldn't reach you. I'll personally ring you on "
     "Wednesday at 4.", "commit", "unpaid-outage", "high", "neutral", False),
    ("guard: your fault", "It was your fault the client couldn't reach you.", "blame", "unpaid-outage",
     "low", "low", False),
    ("declined: out of my hands", "Damages for the assignment are out of my hands, that's the honest answer. "
     "In my hands: a credit of one month's subscription, which I've just applied.", "exception", "unpaid-outage",
     "high", "high", False),
    # QA round 12: the agent correcting their own slip refuses nothing.
    ("corrected: not tomorrow", "Sorry, I meant the router goes out today, not tomorrow.", "refuse", "nine-weeks",
     "high", "neutral", False),
    ("corrected: not eight", "Sorry, I meant by nine, not eight.", "refuse", "friday-data-line",
     "neutral", "neutral", False),
    ("guard: not tomorrow, no", "The router goes out next week, not tomorrow.", "refuse", "nine-weeks",
     "neutral", "low", False),
    # QA round 12: what the agent is sorry about is no hand-off.
    ("sorry that you must call", "I am sorry that you must call five times.", "empathise", "denied-iphone",
     "neutral", "neutral", False),
    # QA round 13: a gesture said to stand while an over-promise is taken back is still offered,
    # no bare refusal; a decision that stands is a no. (Since QA round 48 and batch 142, whose labels
    # band such a restatement ownership 2: what the agent gave, said to hold, is their commitment.)
    ("the credit and the SIM stand", "Sorry, I got that wrong, I can't pay for the lost assignment, that's business "
     "damages. But the credit and the SIM stand.", "refuse", "unpaid-outage", "high", "high", False),
    ("guard: the decision stands", "The decision stands.", "refuse", "unpaid-outage", "neutral", "low", False),
    # QA round 48, batch 142: what still holds after an over-promise is taken back is restated, not
    # refused ("Forget the free TV, I can't do that after all. The one order stands" read 44/7).
    ("the one order stands", "Forget the free TV, I can't do that after all. The one order stands, confirmation by "
     "email today.", "commit", "move-and-upgrade", "high", "high", False),
    ("the 50 % off stands", "Forget the free iPhone on the 18-month plan, I can't promise that. The 50 % off the new "
     "phone stands.", "offer", "denied-iphone", "high", "high", False),
    ("the credit and the backup SIM stand", "Scratch paying for the lost assignment, I can't promise that. The 150 "
     "credit and the backup SIM stand.", "refuse", "unpaid-outage", "high", "high", False),
    # Guards: a rule, a decision or a date that stands is no offer of the agent's.
    ("guard: the director's decision stands", "I'm sorry, the director's decision stands. There's nothing more I can "
     "do.", "refuse", "unpaid-outage", "low", "low", False),
    ("guard: the migration rule still stands", "The migration rule still stands, I'm afraid.", "cite_policy",
     "denied-iphone", "neutral", "low", False),
    ("guard: the cancellation stands", "Your cancellation for 1 January 2013 stands, as per the letter.",
     "cite_policy", "unpaid-outage", "neutral", "low", False),
    # QA round 13: the company's name as the phone is answered greets; told to call it, it deflects.
    ("answered: KPN.", "KPN.", "deflect", "friday-data-line", "neutral", "neutral", False),
    ("answered: desk and name", "Good afternoon, T-Mobile business desk, this is Sanne, how can I help?", "deflect",
     "unpaid-outage", "neutral", "neutral", False),
    ("guard: call KPN", "Call KPN.", "deflect", "nine-weeks", "low", "low", False),
    # Batch 57 and QA round 14: an honest caveat beside the agent's own step refuses nothing; what
    # is asked for, refused, still is.
    ("caveat: can't guarantee tonight", "I'm calling the data division directly now and I'll stay on it until they "
     "give me a time. I can't guarantee it's fixed tonight, though.", "commit", "friday-data-line", "high", "neutral", False),
    ("caveat: can't promise today", "I'll chase it, but I can't promise today.", "commit", "nine-weeks",
     "high", "neutral", False),
    ("caveat: no guarantee", "No guarantee the account manager can do more than me, but I'm escalating to him now, "
     "I stay your contact, and I'll phone you Thursday at 11.", "commit", "unpaid-outage", "high", "neutral", False),
    ("caveat: can't alone", "I'm afraid I can't book the technician from here, but I'll walk the order over to "
     "planning myself and text you the slot by end of day.", "commit", "move-and-upgrade", "high", "neutral", False),
    ("caveat: the offer stands", "I'll put the move and the TV upgrade in one order today, but I can't promise the "
     "technician has a slot on the 14th.", "offer", "move-and-upgrade", "high", "high", False),
    ("caveat: can't say yet", "Let me see what's possible with the plan length, I can't say more yet.", "ownership",
     "denied-iphone", "neutral", "neutral", False),
    ("guard: no guarantee, nothing done", "No guarantee possible on the laptop, sorry.", "refuse", "nine-weeks",
     "neutral", "low", False),
    ("guard: can't promise a thing asked", "I can't give you the laptop, but I'm fixing your order date now.", "commit",
     "nine-weeks", "high", "low", False),
    # Batch 60: the rule asked back, then forgotten, takes nothing back; someone else's decision as
    # the answer and a close with nothing more to say are low; on the phone with dispatch next is a step.
    ("forget the rule asked back", '"Not according to the procedures", that\'s what you got on Saturday? Forget it. '
     "The laptop is yours: I've put the promotion on your order date, the letter is going out tonight.", "exception",
     "nine-weeks", "high", "high", False),
    ("can't go against his decision", "My manager already looked at this and said the same. I can't go against his "
     "decision.", "cite_policy", "denied-iphone", "low", "low", False),
    ("nothing more to say, goodbye", "Ok well, I've heard you, sir. I don't think there's more to say today, so thank "
     "you for calling and have a nice evening.", "close", "nine-weeks", "low", "neutral", False),
    ("find another provider", "Your cancellation is in the system for January. I hope you find a provider that "
     "suits you better. Goodbye.", "close", "unpaid-outage", "low", "low", False),
    ("on the phone with dispatch next", "Is 17:30 ok for an update call? I'll have the technician's ETA by then, I'm "
     "on the phone with dispatch straight after this.", "commit", "friday-data-line", "high", "neutral", False),
    # Batch 59 (long replies): a flat no about another part beside a deed is no take-back of the
    # deed; the small print "forgotten for a sec" is set aside; "but for you I do it" is the
    # exception; "is not supported" is the rule; "I wish I could do more" offers nothing.
    ("another part's no beside a deed", "I've just reset your online access and the password email is going out "
     "now. On the iPhone though, migration rules are migration rules and that won't change whatever we try.",
     "ownership", "denied-iphone", "high", "low", False),
    # Dev: the deed's need and the futile one's differ (the login, then the handset): no take-back,
    # though no "on the iPhone though" marks the turn.
    ("futile about another need", "Your login works again, I reset it while we talked. But retention won't give a "
     "phone on a migrated number, so asking them is pointless.", "ownership", "denied-iphone", "high", "low", False),
    # Batch 122: the turn ("though") is to another need, so the deed before it keeps its weight.
    ("a turn to another need", "Your email's been corrected by me just now. The iPhone, though, is a no on 18 "
     "months, and that won't change.", "refuse", "denied-iphone", "high", "low", False),
    ("guard: futile about the same need", "I'll reset your login today. But the login system is broken anyway, so "
     "it's pointless.", "commit", "denied-iphone", "low", "low", False),
    ("forget it for a sec", "Okay, so the small print stuff, forget it for a sec. I've just put a goodwill credit on "
     "your account, three months of your subscription.", "exception", "unpaid-outage", "high", "high", False),
    ("but for you I do it", "i book now the on call technician for saturday; normally we don't do this for a move "
     "but for you i do it.", "commit", "friday-data-line", "high", "high", False),
    ("is not supported", "Please be advised that a relocation request and a product upgrade must be submitted "
     "separately; a combined order is not supported.", "explain", "move-and-upgrade", "neutral", "low", False),
    ("I wish I could do more", "Your best bet is really to write to the complaints address and wait for them. I wish I "
     "could do more.", "deflect", "nine-weeks", "low", "low", False),
    # Batch 57: what is beyond authority declined beside a gesture made is no rigidity.
    ("declined beside a gesture", "The fee waiver I can do right now, and I have. The free year of TV I can't, "
     "sorry, that's not in my gift.", "refuse", "move-and-upgrade", "high", "high", False),
    ("guard: refused, nothing offered", "The free year of TV I can't, sorry, that's not in my gift.", "refuse",
     "move-and-upgrade", "neutral", "low", False),
    ("I'll be the one calling", "Even if the data division can't move it today, I'll be the one calling you Saturday "
     "morning at 9 with a plan.", "commit", "friday-data-line", "high", "neutral", False),
    ("move + upgrade together", "unfortunately i cant get a tech on sunday, but i've booked saturday 8-12 for the "
     "move + upgrade together, confirmation's on its way", "refuse, some offer", "move-and-upgrade", "high", "high", False),
    # Batch 57: the help belittled as it is named is taken back.
    ("taken back: not that it helps", "sure i'll log it, not that it helps, the terms say no compensation",
     "cite_policy", "unpaid-outage", "low", "low", False),
    ("taken back: don't expect anything", "I'll pass it on, but the director's decision is final, so don't expect "
     "anything different.", "commit", "unpaid-outage", "low", "low", False),
    ("guard: not that it's your fault", "I'll credit a month, not that it's your fault.", "exception",
     "unpaid-outage", "high", "high", False),
    # QA round 14: the process criticised is empathy; "that's how their process works" is the rule;
    # "nothing more I can do" is the agent's own even after what another team said.
    ("criticised: not how it should go", "Sorry to hear you've been bounced around, that's not how it should go.",
     "empathise", "move-and-upgrade", "neutral", "neutral", False),
    ("their process, adopted", "Right, I'm back. Honestly, the data division says it's a Monday job and there's "
     "nothing more I can do, that's how their process works.", "deflect", "friday-data-line", "low", "low", False),
    ("guard: what they said, reported", "The data division told you it's a Monday job, I know.", "empathise",
     "friday-data-line", "neutral", "neutral", False),
    ("a hold going on", "Still holding, sorry. Two more minutes.", "commit", "friday-data-line", "neutral", "neutral",
     False),
    ("asking them to move it now", "Ok, I have them. They say the order never reached them. I'm asking them to move "
     "it now.", "commit", "friday-data-line", "high", "neutral", False),
    ("a day of the month", "Right, I've had a word with the planners. The engineer's coming on the 12th, the day you "
     "get the keys.", "commit", "move-and-upgrade", "high", "high", False),
    ("own step apart from a vague one", "Great choice! I'm setting that up now. I'll also escalate your login problem "
     "to retention and they'll call you back Thursday before noon.", "commit", "denied-iphone", "high", "neutral", False),
    ("guard: only theirs next", "I've escalated it to retention and they'll call you back Thursday before noon.",
     "commit", "denied-iphone", "neutral", "neutral", False),
    # (Flexibility 2 since a hedge read as a refusal refuses nothing: the guide's "there might be a
    # discount" is an option in the conditional, and the dev set labels this reply 1/2.)
    ("might be able to, the agent's option", "I might be able to get a small credit approved, I'd have to ask.",
     "refuse", "unpaid-outage", "neutral", "high", False),
    # (Flexibility 2 since "so I'm ..." after the rule turns the reply, as its dev label 2/2 says.)
    ("worked round by hand", "The system won't let me tick both boxes, so I'm putting it through by hand with the "
     "back office right now. Stay on the line with me.", "ownership", "move-and-upgrade", "high", "high", False),
    ("a no asked back", "Not possible? It is. Order's been merged, did it while you were explaining.", "ownership",
     "move-and-upgrade", "high", "neutral", False),
    ("a try with an honest caveat", "I'll try to get the laptop reserved for you, but I can't promise it'll go "
     "through.", "refuse", "nine-weeks", "neutral", "high", False),
    ("gone home, ring Monday", "Tech's gone home, ring Monday.", "deflect", "friday-data-line", "low", "low", False),
    ("guard: the link has gone", "The login link has just gone to your email.", "commit", "denied-iphone", "high",
     "neutral", False),
    ("another team's number", "Phones and data are different divisions, I only do phones. Ring 0800 0407 for data.",
     "explain", "friday-data-line", "low", "low", False),
    ("their date, not mine", "Planning tells me the engineer slot is 23 April, that's their date, not mine, I can't "
     "move it.", "refuse", "nine-weeks", "low", "low", False),
    ("guard: their rule, set aside", "The fault line says it's not a fault, fine, that's their rule, not mine. Would a "
     "4G router tonight tide you over?", "offer", "friday-data-line", "high", "high", False),
    # QA round 15: what reaches the customer tonight, a gesture in second-language present, three
    # months said as what the agent can do.
    ("you'll get it tonight", "You'll get the written confirmation by email tonight.", "commit", "unpaid-outage",
     "high", "neutral", False),
    ("I also waive", "I also waive the instalation fee for you.", "exception", "move-and-upgrade", "high", "high",
     False),
    ("I can do three months", "Sorry, I overstepped: I can do three months, 150 euros, and it's done now.",
     "exception", "unpaid-outage", "high", "high", False),
    ("the department calls you", "Like I said, the department calls you Monday morning.", "unsure deflect",
     "friday-data-line", "low", "low", False),
    # QA round 16: short confirmations of an offer just accepted were read unsure.
    ("it will be dispatched today", "Excellent. It will be dispatched today.", "unsure deflect", "nine-weeks",
     "high", "neutral", False),
    ("booked between 8 and 12", "Morning it is, booked between 8 and 12.", "unsure deflect", "move-and-upgrade",
     "high", "neutral", False),
    ("on its way tomorrow", "Brill. On its way tomorrow.", "commit", "nine-weeks", "high", "neutral", False),
    ("I do it now", "ok I do it now.", "ownership", "denied-iphone", "high", "neutral", False),
    # QA round 16: a question about what another team did sends nobody there ("Why don't you call
    # them?" does); a hold put in words is no commitment; what is beyond authority declined beside
    # a carried escalation is exploring, not rigid.
    ("did the fault line", "Did the fault line give you a reference?", "unsure deflect", "friday-data-line",
     "neutral", "neutral", False),
    ("guard: why don't you call", "Why don't you call the fault line after six?", "unsure deflect",
     "friday-data-line", "low", "low", False),
    ("putting you on a short hold", "One moment please, I'm putting you on a short hold.", "commit",
     "friday-data-line", "neutral", "neutral", False),
    ("declined beside an escalation", "I can't give you a free iPhone on the 18-month plan. I'll escalate to retention "
     "myself and they'll call you Wednesday at two; I stay your contact.", "commit", "denied-iphone", "high",
     "neutral", False),
    # Batches 63 and 64: listening is no deed; the rule forgotten before "you'd lose" is set aside;
    # "one visit only" is what the agent arranged; the customer's threat waved away blames.
    ("I've listened, ending the call", "Sir, I've listened to you shout for five minutes. I'm going to end this call "
     "now.", "commit", "unpaid-outage", "neutral", "neutral", False),
    ("forget that, you'd lose", "Per KB-88 you'd normally cancel and re-sign. Forget that, you'd lose your history. "
     "I've created a single order for both and the install fee is waived, done.", "exception", "move-and-upgrade",
     "high", "high", False),
    ("one visit only", "I apply the installation fee waiver and I link the upgrade to the move order, so it is one "
     "visit only.", "exception", "move-and-upgrade", "neutral", "high", False),
    ("go ahead and post it", "Go ahead and post it on Twitter, it won't change the migration rules.", "cite_policy",
     "denied-iphone", "low", "low", False),
    ("all three now", "I'll do all three now. You'll get an email today with the details.", "commit",
     "unpaid-outage", "high", "neutral", False),
    # Batch 53: "stays a no" declines what it names.
    ("declined: stays a no", "The free iPhone on 18 months stays a no, that is the migration rule. What I did do: your "
     "email is corrected and the login reset, done while we talked.", "ownership", "denied-iphone", "high", "neutral", False),
    # Round 22 (batch 20): "that doesn't make it your problem" is no blame; hindsight ("if you'd
    # phoned", "that's always risky", "next time best to check") blames; "with them yourself",
    # "take that argument up with", "aren't my area" push the problem away; a note popped is no
    # deed and "that's all I can add" offers nothing.
    ("doesn't make it your problem", "IT runs the logins, but that doesn't make it your problem to chase: I've raised a ticket and I'll ring you at five.", "ownership",
     "denied-iphone", "high", "neutral", False),
    ("if you'd phoned", "Four teams is a lot, I know. But if you'd phoned moves and TV on the same day it would have been linked.", "empathise",
     "move-and-upgrade", "low", "low", False),
    ("that's always risky", "You moved on a Friday, and that's always risky with data lines.", "explain",
     "friday-data-line", "low", "low", False),
    ("next time best to check", "If the data line had been on the order it would have moved too. Next time best to check both are listed.", "explain",
     "friday-data-line", "low", "low", False),
    ("with them yourself", "Start dates belong to billing, so you'd need to dispute it with them yourself.", "cite_policy",
     "denied-iphone", "low", "low", False),
    ("take that argument up with", "The number is a matter for your old employer, so take that argument up with them.", "cite_policy",
     "denied-iphone", "low", "low", False),
    ("aren't my area", "So sorry, I only do moves; TV upgrades aren't my area.", "empathise",
     "move-and-upgrade", "low", "low", False),
    ("a note popped, all I can add", "I've popped a note on your account, and someone will phone you Monday. That's all I can add tonight.", "commit",
     "friday-data-line", "neutral", "neutral", False),
    ("guard: your own fault", "That's your own fault, I'm afraid.", "blame",
     "denied-iphone", "low", "low", False),
    ("guard: my area now", "This is my area now: I've booked the engineer and I'll ring you at six.", "ownership",
     "friday-data-line", "high", "neutral", False),
    # QA round 5: an over-promise taken back, then an option within authority; a no, then what
    # the agent can do instead, with no "but".
    ("over-promise withdrawn", "Actually, I shouldn't have promised that, the connection date depends on KPN. What I "
     "can do is send you a free 4G router for the weeks in between.", "offer", "nine-weeks", "neutral", "high", False),
    ("a no, then what I can do", "I can't do 300, I can do 150, plus a backup SIM on a second network.",
     "refuse, some offer", "unpaid-outage", "neutral", "high", False),
    # Batch 38: exploring is not offering, whatever the model reads; an over-promise taken back
    # after it is said is not promised.
    ("explored, not offered", "Let me see whether retention can do anything on the phone.", "offer",
     "denied-iphone", "neutral", "neutral", False),
    ("the agent asks, the customer goes nowhere", "Let me ask the moves team whether they can take the upgrade as well.",
     "deflect", "move-and-upgrade", "neutral", "neutral", False),
    ("the customer sent to ask", "Ring sales again in a few weeks and ask whether the laptop deal is still running.",
     "deflect", "nine-weeks", "low", "low", False),
    ("over-promise taken back after", "I'll guarantee you're connected by the 1st - sorry, I shouldn't say that, KPN "
     "controls the date. I'll coordinate the cancellation date with them myself and call you Friday.", "commit",
     "nine-weeks", "high", "high", False),
    # QA round 17 and batch 65: a note passed on to "the right team" sends the customer nowhere (a
    # vague promise, not rigid); the rule after "in the meantime" offers nothing; the agent's remit as
    # the answer is rigid; someone else deciding whether an exception is possible, or checking what
    # options there are, explores without offering; asked what would make them stay, nothing is offered.
    ("the right team hears", "I'll make sure the right team hears about this.", "commit", "friday-data-line",
     "neutral", "neutral", False),
    ("in the meantime, the procedure", "I'll make sure your comments about the transfers reach the customer "
     "experience team. In the meantime, the procedure is move first, then upgrade.", "explain", "move-and-upgrade",
     "neutral", "low", False),
    ("I can only log faults", "I understand, but I can only log faults, and this isn't one.", "refuse",
     "friday-data-line", "neutral", "low", False),
    ("they decide if an exception", "I'll forward this to my manager and they'll decide if an exception is possible.",
     "deflect", "move-and-upgrade", "neutral", "neutral", False),
    ("check what options", "Let me check what retention options we have for you.", "offer", "unpaid-outage",
     "neutral", "neutral", False),
    ("what would make you stay", "What would make you stay with us?", "ask", "unpaid-outage", "neutral", "neutral",
     False),
    # Batch 69, questions: the blame or the hand-off put as a question is still one; the rule
    # followed by "so what can I do?" gives up; what the notes do not show, and what someone
    # else may have done, are asked about; the other team held on the line and the credit put
    # on are the agent's deeds.
    ("why didn't you", "Why didn't you check the data line was included when you booked the move?", "ask",
     "friday-data-line", "low", "low", False),
    ("a reason you didn't", "Is there a reason you didn't ring us earlier in the week?", "ask", "friday-data-line",
     "low", "low", False),
    ("why the rush", "Why the rush? Move first, settle in, then upgrade.", "ask", "move-and-upgrade", "low", "low",
     False),
    ("have you tried cancelling", "Have you tried cancelling and then signing up again? That's what we usually "
     "advise.", "ask", "move-and-upgrade", "low", "low", False),
    ("so what can I do?", "Rules say data moves are booked separately, so what can I do?", "cite_policy",
     "friday-data-line", "low", "low", False),
    ("can't see it in the notes", "Did the last agent promise you a technician? I can't see that in the notes.",
     "ask", "move-and-upgrade", "neutral", "neutral", False),
    ("has anybody reserved", "Has anybody reserved the promotion for you yet, or was that left open?", "ask",
     "nine-weeks", "neutral", "neutral", False),
    ("on the other line", "I've got the data division on the other line now, stay with me.", "commit",
     "friday-data-line", "high", "neutral", False),
    ("put the credit on", "I'm taking this over. I'll put the credit on today and call you personally at half "
     "four.", "commit", "unpaid-outage", "high", "high", False),
    # Batch 68, corrections: what the agent said earlier, reported or taken back, is no offer now
    # (an offer made again after it is); "that someone is me" and "not going to call you, I am"
    # take it on; a hand-off taken back "after all" takes nothing back; "still stands" and "it's on
    # the account now" are done; the customer left to manage "until the line is connected" is not
    # carried, and "wait until ... then call us" sends them away.
    ("I said I'd send a router", "I'm sorry, I said I'd send you a 4G router for the gap, but they're out of stock. "
     "You'll have to manage until the line is connected.", "refuse", "nine-weeks", "neutral", "low", False),
    ("I said the fee would be waived", "Correction: I said the installation fee would be waived. I'm not able to "
     "waive it, sorry.", "refuse", "move-and-upgrade", "neutral", "low", False),
    ("take back the technician", "I need to take back the on-call technician. There isn't one free tonight.",
     "refuse", "friday-data-line", "neutral", "low", False),
    ("said 100, the credit is 50", "Sorry, I said I'd credit 100 for the early month, I misspoke. The credit is 50 "
     "euros for the early month. It's on the account now.", "exception", "denied-iphone", "high", "high", False),
    ("that someone is me", "Earlier I said someone would be in touch. That someone is me, Wednesday at 3.",
     "commit", "nine-weeks", "high", "neutral", False),
    ("not passing it on after all", "I'm not passing this to another department after all. I'm keeping it and "
     "I'll phone you Friday.", "commit", "move-and-upgrade", "high", "neutral", False),
    ("still stands", "To be clear, the fee waiver still stands even though the technician date moved.",
     "exception", "move-and-upgrade", "high", "high", False),
    ("wait, then call us", "Best just wait until the move is done and then call us about the TV.", "offer",
     "move-and-upgrade", "low", "neutral", False),
    # QA round 17: the agent's own earlier deed asked back is a question, nothing done now.
    ("what I've arranged, asked", "Can you tell me what I've arranged for you today?", "commit", "move-and-upgrade",
     "neutral", "neutral", False),
    ("what did I promise, asked", "What did I promise you at the start of this call?", "commit", "denied-iphone",
     "neutral", "neutral", False),
    ("how much did I credit, asked", "And how much did I credit you?", "ask", "denied-iphone", "neutral",
     "neutral", False),
    # QA round 17: small talk with "eventually" promises nothing; "I'm not sure I can promise"
    # commits to nothing; the line said to work by nine tonight is the over-promise of a fix.
    ("eventually, small talk", "Ha, I had an iPhone 3GS too, I dropped it in the bath eventually haha.", "empathise",
     "denied-iphone", "neutral", "neutral", False),
    ("not sure I can promise", "I'm not sure I can promise the laptop.", "refuse", "nine-weeks", "neutral", "low",
     False),
    ("the line will work by nine", "The technician will be there in an hour and the line will work by nine.",
     "commit", "friday-data-line", "neutral", "neutral", True),
    # QA round 18: a flat "not available for you" refuses the offer it names; "No wait, scratch
    # that", "No, hang on, I can do it after all" put the help back; an honest "I can't actually
    # promise a date" beside a dated call leaves the outcome open; "Procedure is that..." (no "the")
    # and "you need to cancel and sign up again" are the rule.
    ("not available for you", "A 24-month plan with the device is not available for you, sorry.", "refuse",
     "denied-iphone", "neutral", "low", False),
    ("no wait, scratch that", "No wait, scratch that - I've reserved it on today's date, confirmation goes out "
     "before 5.", "exception", "nine-weeks", "high", "high", False),
    ("can do it after all", "No, hang on, I can do it after all: I've put the move and the TV in one order.",
     "exception", "move-and-upgrade", "high", "high", False),
    ("can't actually promise, but I call", "Sorry, I can't actually promise a date, KPN controls that. But I'll "
     "call you every Monday at 9 with an update.", "commit", "nine-weeks", "high", "neutral", False),
    ("procedure is that", "I see. Procedure is that you first cancel ISDN, then sign up, then delivery time "
     "starts.", "explain", "nine-weeks", "neutral", "low", False),
    ("you need to cancel and sign up", "That is not possible. You need to cancel and sign up again as a new "
     "customer.", "refuse", "move-and-upgrade", "neutral", "low", False),
    # Batches 70 and 71, the agent's own limits and hand-overs: a warm transfer the agent briefs
    # first is no cold hand-off; "I only do phones", "have you tried writing to...", "billing won't
    # waive it", "my manager would kill me if I reserved a laptop", "I'm only allowed to log it",
    # "nothing left to do on my side" pass on or refuse; "I'll call back" is the agent's own call;
    # "I can't grab a manager, but I'm booking you a call-back" refuses nothing asked for.
    ("warm transfer, briefed first", "I'll put you through to the business desk and fill them in first so you "
     "don't have to start again.", "commit", "unpaid-outage", "high", "neutral", False),
    ("have you tried writing", "Have you tried writing to your account manager directly?", "ask", "unpaid-outage",
     "low", "low", False),
    ("I only do phones", "Phones and data are different divisions. I only do phones.", "explain",
     "friday-data-line", "low", "low", False),
    ("billing won't waive it", "The installation fee is standard and billing won't waive it.", "explain",
     "move-and-upgrade", "neutral", "low", False),
    ("would kill me if I reserved", "My manager would kill me if I reserved a laptop without his say-so. You'll "
     "need to speak to him when he's back.", "deflect", "nine-weeks", "low", "low", False),
    ("only allowed to log it", "I'm afraid I'm only allowed to log it, so I've logged it.", "explain",
     "friday-data-line", "neutral", "low", False),
    ("nothing left to do on my side", "You cancelled, so there's nothing left to do on my side. Have a good day.",
     "close", "unpaid-outage", "low", "low", False),
    ("I'll call back", "I'm calling the data division right now. Stay near your phone, I'll call back within 30 "
     "minutes.", "commit", "friday-data-line", "high", "neutral", False),
    ("can't grab a manager, but", "I'm on my own tonight so I can't grab a manager, but I'm booking you a call-back "
     "from retention for Thursday at 10.", "commit", "denied-iphone", "high", "neutral", False),
    # Batches 72 and 73 and QA round 19: the demand beyond authority named and answered no is no
    # promise of it ("Free TV for a year? No.", "Damages, no. But...", "is not an offer we have");
    # "I will." answering "Who is going to call me?" takes it on; not knowing when is no refusal;
    # "Talk to KPN" at a sentence's start sends the customer; "What do you expect from us?" asks;
    # "I'll keep you updated" with no time is vague; an escalation the agent carries beside the
    # declined damages is no rigidity; the data division's report-back is the agent's step.
    ("free TV? No.", "Free TV for a year? No. And moving and upgrading at the same time isn't possible anyway.",
     "refuse", "move-and-upgrade", "neutral", "low", False),
    ("damages, no. But", "Right. Damages, no. But I'm crediting your first month now and I'll be your one contact "
     "until you're connected.", "commit", "nine-weeks", "high", "high", False),
    ("not an offer we have", "I'm sorry, free TV for a year is not an offer we have.", "refuse", "move-and-upgrade",
     "neutral", "low", False),
    ("who will call? I will.", "Who is going to call me? I will. Tomorrow morning at 9, to confirm the moving date "
     "with you.", "commit", "move-and-upgrade", "high", "neutral", False),
    ("can't tell you when", "When exactly? Someone will look at it, I just can't tell you when.", "ask",
     "friday-data-line", "neutral", "neutral", False),
    ("talk to KPN, imperative", "Why can't you? Because that's not how the procedure works. Talk to KPN about your "
     "ISDN.", "explain", "nine-weeks", "neutral", "low", False),
    ("what do you expect from us", "What do you expect from us?", "ask", "unpaid-outage", "neutral", "neutral", False),
    ("keep you updated, no time", "I'll keep you updated.", "commit", "denied-iphone", "neutral", "neutral", False),
    ("damages declined, escalation carried", "I can't pay for the lost assignment itself, that's beyond what I may "
     "do, but I'm escalating your account to your business account manager, and I'll call you Thursday at 10.",
     "commit", "unpaid-outage", "high", "neutral", False),
    ("asked them to release it", "They tell me the order wasn't released. I've asked them to release it today.",
     "commit", "friday-data-line", "high", "neutral", False),
    ("that's standard", "The installation fee, I'm afraid that's standard.", "explain", "move-and-upgrade",
     "neutral", "low", False),  # QA round 20: read as a gesture
    # Play-through 37: the customer's calls back thanked or regretted, and the agent's own call-back
    # said briskly, are no hand-off (4 of 5 read "passes the problem on").
    ("thanks for calling us again", "Good afternoon Mr Mulder, and thank you for taking the time to call us again; "
     "I know from your letter how much this cost you.", "greet", "unpaid-outage", "neutral", "neutral", False),
    ("sorry you had to call back", "Sorry you had to call back so many times about this.", "empathise",
     "denied-iphone", "neutral", "neutral", False),
    ("call back: a time, from me", "Call back: 8pm, from me.", "commit", "friday-data-line", "high", "neutral", False),
    ("call back from me, promise", "I'm on the data division myself. Call back at 8 from me, promise.", "commit",
     "friday-data-line", "high", "neutral", False),
    # Play-through 37: the case closed as the end of the agent's own work is no refusal (2 of 2).
    ("case closed once it's done", "I'll reserve the laptop promotion against today's date, and the case is closed on "
     "my side once you have the confirmation email this afternoon.", "commit", "nine-weeks", "high", "high", False),
    ("guard: the case is closed", "The case is closed.", "explain", "nine-weeks", "neutral", "low", False),
    # Play-through 37: the end said with nothing else is a close with nothing done, whatever the
    # model read (3 of 3 not scored, or "Takes the problem on").
    ("we're done here, whatever", "Whatever. We're done here.", "ownership", "friday-data-line", "low", "neutral",
     False),
    ("we're done here, alone", "Then I think we're done here.", "close", "friday-data-line", "low", "neutral",
     False),
    # Play-through 37: "Also I book..." in the bare present is the agent's step (the call ended
    # abandoned, "You floated ... but never said you would do it").
    ("also I book", "Also I book technician for day of moving, 14th.", "offer", "move-and-upgrade", "high", "high",
     False),
    # Play-through 37: the agent as the named contact is ownership; correcting oneself carries nothing.
    ("your named contact", "And I'll be your named contact: direct number 020 555 1919.", "commit", "unpaid-outage",
     "high", "neutral", False),
    ("correct myself", "Sorry, I have to correct myself: I can only credit one month, 50 euros, not three.", "refuse",
     "unpaid-outage", "neutral", "high", False),
    # What the agent cannot do on their own, beside what they then do about it, is no wall (dev: 5
    # replies labelled flexibility 1 or 2 read 0; batch 123).
    ("can't on my own, then acts", "I can't waive the fee on my own, but I'll ask my supervisor and call you back "
     "before five today with her answer.", "commit", "move-and-upgrade", "high", "neutral", False),
    ("guard: can't overrule, nothing done", "The letter from our director is our position, I can't overrule it.",
     "cite_policy", "unpaid-outage", "neutral", "low", False),
    # Short answers to the customer's "when?" or "is it done?" (batch 123, play-through 37: not scored).
    ("already booked, a time", "Already booked, 19:30.", "commit", "friday-data-line", "high", "neutral", False),
    ("a time, from me", "Tonight, by email, from me.", "commit", "move-and-upgrade", "high", "neutral", False),
    # Batch 123: offers said briskly as done or granted.
    ("the fee's gone", "No free year, sorry, but the fee's gone.", "refuse, some offer", "move-and-upgrade", "high",
     "high", False),
    ("the fee's gone up is no deed", "The fee's gone up this year, sorry.", "empathise", "move-and-upgrade", "neutral",
     "neutral", False),
    ("the router's booked", "The router's booked, it'll be with you Thursday.", "close", "nine-weeks", "high", "high",
     False),
    ("yes, we can do that", "On the backup SIM: yes, we can do that for you. On the lost client, honestly, I don't "
     "know what to say.", "refuse", "unpaid-outage", "neutral", "high", False),
    # Play-through 37: what the customer will get from the agent, said plainly or tersely (59).
    ("you'll have the confirmation", "You'll have the written confirmation by email this afternoon.", "commit",
     "nine-weeks", "high", "neutral", False),
    ("confirmation: email, today", "Confirmation: email, today.", "commit", "nine-weeks", "high", "neutral", False),
    ("guard: you'll have to wait", "You'll have to wait for the confirmation.", "commit", "nine-weeks", "neutral",
     "neutral", False),
    # Play-through 38: an offer, then past a "but" a no about something else, keeps the offer (10 of
    # 11 lost it); a no that refers back to the offer still takes it back.
    ("offer, but a no about something else", "I'll give you 50% off a new iPhone today, but I can't credit the early "
     "month, sorry.", "refuse", "denied-iphone", "high", "high", False),
    ("credit, but not the lost assignment", "I'm crediting three months, 150 euros, today, but I can't pay for the "
     "lost assignment.", "refuse", "unpaid-outage", "high", "high", False),
    ("router, but no damages", "I'll send you a free 4G router tomorrow, but I can't pay you damages for the weeks "
     "without a line.", "refuse", "nine-weeks", "high", "high", False),
    ("guard: offer, but a no to it", "I'll send you a free 4G router, but I can't do that before Monday.", "refuse",
     "nine-weeks", "high", "low", False),
    ("guard: begun, but the system won't let me", "I could waive the fee, but the system won't let me.", "refuse",
     "move-and-upgrade", "neutral", "low", False),
    # Play-through 39 and batch 125: another team's deed or yes passed on, with nothing of the
    # agent's own, is no step of theirs (6 of 6 and 8 of 8 read high); the offer still counts.
    ("relayed: IT reset your login", "IT reset your login this morning.", "commit", "denied-iphone", "neutral",
     "neutral", False),
    ("relayed: marketing said yes", "Marketing have said yes: the laptop is reserved for you against today's order "
     "date, and you'll have it in writing.", "exception", "nine-weeks", "neutral", "high", False),
    ("relayed: billing put the credit on", "Billing put the credit on this morning: three months of your "
     "subscription, 150 euros.", "exception", "unpaid-outage", "neutral", "high", False),
    ("guard: relayed and then the agent's deed", "Billing agreed to waive the installation fee, I've put it on the "
     "order.", "exception", "move-and-upgrade", "high", "high", False),
    ("guard: the agent's part in it", "Billing confirmed it to me: the credit's on, and you'll have the statement by "
     "email tonight.", "exception", "denied-iphone", "high", "high", False),
    ("guard: the agent's telegram", "Technician booked for your moving day, morning slot.", "commit",
     "move-and-upgrade", "high", "high", False),
    # Batch 126: the same with the no in a sentence of its own that names the other need, and the
    # most the agent can do said before a colon (read flexibility neutral, two bands off the label).
    ("offer, then a no about another need", "That's all I can do: your first month free. No laptop guarantee, the "
     "promo rules won't let me.", "exception", "nine-weeks", "neutral", "high", False),
    ("credit, then the handset declined", "I'm crediting 50 euros to your account as a gesture, that's done now. A "
     "free iPhone on a migration can't be done, I'm afraid.", "refuse", "denied-iphone", "high", "high", False),
    ("guard: no offer before the no", "I've checked it all for you. No laptop guarantee, the promo rules won't let "
     "me.", "refuse", "nine-weeks", "neutral", "low", False),
    ("guard: that's all I can do", "That's all I can do, bye.", "close", "friday-data-line", "low", "low", False),
    # Play-through 38: an over-promise named and said not possible is declined, not promised.
    ("declined: not possible, then the offer", "Cancelling without fees is not possible, but I'll move you to the "
     "24-month plan with a new iPhone today.", "refuse", "denied-iphone", "high", "high", False),
    ("declined: isnt posible", "sry, a free iphone on ur current plan isnt posible.", "refuse", "denied-iphone",
     "neutral", "low", False),
    # Play-through 38: told to go and read the contract is a lecture (3 of 4 held neutral).
    ("read your contract", "Read your contract.", "blame", "unpaid-outage", "low", "low", False),
    ("in your contract, have a look", "It's all in your contract, have a look.", "cite_policy", "unpaid-outage", "low",
     "low", False),
    ("guard: the agent checks the contract", "Let me check your contract and I'll call you back at 3.", "commit",
     "denied-iphone", "high", "neutral", False),
    # Play-through 38: a mistake owned up to, or a question whether anything was missed, is no deed.
    ("I made a mistake is no deed", "Sorry, I made an error earlier.", "ask", "unpaid-outage", "neutral", "neutral",
     False),
    ("I've missed is no deed", "Tell me if I've missed anything.", "ask", "unpaid-outage", "neutral", "neutral",
     False),
    # Play-through 38: asked, not offered (flexibility 71).
    ("what else is open for you", "What else is open for you?", "ask", "nine-weeks", "neutral", "neutral", False),
    ("guard: please call back after six", "Please call back after six.", "deflect", "friday-data-line", "low", "low",
     False),
    ("guard: you'll have to call back", "You'll have to call back on Monday.", "deflect", "friday-data-line", "low",
     "low", False),
]


# The high side of "the words hold the band": a high reading with only low words (no cue of the
# agent's own) is kept at most neutral; with a commitment or an offer after the low words it is not.
HOLDS = [
    ("rule alone, read high", [("policy", "rules are rules", 0, -26)], 70, 70, (70, 59)),
    ("hand-off alone, read high", [("deflection", "call the shop", -26, 0)], 70, 50, (59, 50)),
    ("offer after the rule", [("policy", "rules are rules", 0, -26), ("offer", "what's possible is", 0, 20)],
     70, 70, (70, 70)),
    ("commitment with a time, read low", [("commitment", "I'll call", 14, 0), ("time", "at five", 8, 0)], 30, 50,
     (41, 50)),
    ("a bare take-on, read low", [("ownership", "leave it with me", 10, 0)], 30, 50, (30, 50)),
    ("commitment, then the hand-off", [("commitment", "I'll call", 14, 0), ("time", "at five", 8, 0),
                                      ("deflection", "call the shop", -26, 0)], 30, 50, (30, 50)),
]


@pytest.mark.parametrize("label, cues, own, flex, held", HOLDS, ids=[h[0] for h in HOLDS])
def test_the_words_hold_the_band(label, cues, own, flex, held):
    text = " ".join(phrase for _, phrase, _, _ in cues)
    made = [Cue(phrase, kind, kind, o, f) for kind, phrase, o, f in cues]
    assert _words_hold_the_band(default_rubric(), text, {}, made, own, flex) == held


def test_a_shrug_at_the_step_just_handed_on_still_costs_ownership(library):
    """The guard beside batch 164's shrug at something else: "after this" points back at the step."""
    score = score_reply("I'm sending you a 4G router today. After this it's out of my hands.",
                        SURE["commit"], [], library.get("nine-weeks"))
    assert any(cue.kind == "deflection" and cue.ownership < 0 for cue in score.cues), score


@pytest.mark.parametrize("label, text, move, scenario_id, own, flex, over", CASES, ids=[c[0] for c in CASES])
def test_rules(library, label, text, move, scenario_id, own, flex, over):
    scenario = library.get(scenario_id) if scenario_id else None
    score = score_reply(text, SURE[move], [], scenario)
    assert (band(score.ownership), band(score.flexibility), score.over_promise) == (own, flex, over), score


def test_scores_are_bounded_integers(library):
    text = "Rules are rules, the policy says no, force majeure, call back later, don't nag, not possible."
    low = score_reply(text, SURE["cite_policy"], [], library.get("denied-iphone"))
    high = score_reply("As an exception I'll personally arrange it today, I can offer a discount, leave it "
                       "with me, my direct number is yours", SURE["exception"], [], library.get("denied-iphone"))
    for score in (low, high):
        assert isinstance(score.ownership, int) and 0 <= score.ownership <= 100
        assert isinstance(score.flexibility, int) and 0 <= score.flexibility <= 100
    assert low.ownership == 0 and high.ownership == 100


@pytest.mark.parametrize("text, move, scenario_id, starts", [
    # QA round 17: the reason opened with the model's move where the words say otherwise.
    # (Since QA round 45 the move itself is the deed: "Commits to a next step".)
    ("Moving day then. I'm booking him for the morning of the 14th.", "greet", "move-and-upgrade", "Commits to"),
    ("I guarantee it will be fixed tonight.", "refuse", "friday-data-line", "Promises what the agent may not give"),
    ("My name is Priya and my direct number is 020 555 0142, call me any time.", "explain", "unpaid-outage",
     "Stays the contact"),
])
def test_the_reason_opens_with_what_the_words_do_not_a_move_they_contradict(library, text, move, scenario_id,
                                                                            starts):
    score = score_reply(text, SURE[move], [], library.get(scenario_id))
    assert score.reason.startswith(starts), score.reason


def test_cues_and_reason_name_the_phrases():
    score = score_reply("Procedures are procedures.", SURE["cite_policy"])
    assert any(c.kind == "policy" and c.flexibility < 0 and "procedures" in c.phrase.lower() for c in score.cues)
    assert "Procedures are procedures" in score.reason
    payload = score.payload()
    assert set(payload) == {"ownership", "flexibility", "cues", "reason", "over_promise"}


@pytest.mark.parametrize("text, move, confidence, says", [
    ("hang on", "commit_next_step", 0.9, "Asks the customer to hold"),
    ("one sec please", "deflect", 0.3, "Asks the customer to hold"),
    ("one moment please, i look in the system", "cite_policy", 0.3, "Asks the customer to hold"),
    ("Can I put you on hold for a minute while I pull up your account?", "offer_alternative", 0.9,
     "Asks the customer to hold"),
    ("ok", "take_ownership", 0.9, "Acknowledges"),
    ("Sure.", "blame_customer", 0.3, "Acknowledges"),
    # QA round 35: two acknowledgements, answered as sympathy before; an open question, read as a hedge.
    ("Hmm, okay.", "empathise", 0.85, "Acknowledges"),
    ("Okay, right.", "empathise", 0.85, "Acknowledges"),
    ("What exactly would you like from us?", "ask_details", 0.98, "Asks for the facts"),
    ("Ha, anyway. So the phones work but the internet doesn't, right?", "make_exception", 0.9, "Checks what was said"),
    ("ok i am see your file now. you want the iphone yes?", "refuse", 0.3, "Checks what was said"),
    # Play-through 64: a date put right after the slip, not scored (4 of 4).
    ("Oh sorry, Thursday the 14th of course, not Tuesday.", "refuse", 0.3, "Corrects what the agent said"),
    ("Sorry, wrong date: Thursday the 14th, your moving day, not the 21st.", "explain_procedure", 0.3,
     "Corrects what the agent said"),
    ("Oh wait, you only get the keys on the 14th. Then it's Thursday the 14th, moving day itself, not the 13th.",
     "refuse", 0.3, "Corrects what the agent said"),
    ("Sorry, my slip: Thursday the 14th, moving day, as I said.", "apologise", 0.3, "Corrects what the agent said"),
    ("I said 100 just now; I mean 150, three full months.", "offer_alternative", 0.3, "Corrects what the agent said"),
])
def test_a_reply_that_only_works_the_call_is_neutral_whatever_the_move(text, move, confidence, says):
    """Whatever move the model guessed: only a negative move it is sure of still counts."""
    rest = (1 - confidence) / 2
    score = score_reply(text, ranking((move, confidence), ("greet", rest), ("close", rest)))
    assert not score.unsure
    assert band(score.ownership) == band(score.flexibility) == "neutral", score
    assert score.reason == says, score.reason


def test_the_agent_looking_into_it_is_not_reasoned_as_a_hand_off(library):
    """QA round 6: held neutral for asking on the customer's behalf, the reason still said "Passes
    the problem on"."""
    score = score_reply("Let me ask the moves team whether they can take the upgrade as well.", SURE["deflect"], [],
                        library.get("move-and-upgrade"))
    assert band(score.ownership) == "neutral" and score.reason.startswith("Looks into it for the customer"), score


def test_a_hold_beside_a_hand_off_the_model_is_sure_of_is_the_hand_off():
    score = score_reply("Transferring you to sales now, one moment.", ranking(("deflect", 0.65), ("greet", 0.35)))
    assert band(score.ownership) == "low", score
    assert score.reason.startswith("Passes the problem on"), score.reason  # not "Asks the customer to hold"


def test_the_reason_does_not_say_the_move_the_scores_contradict(library):
    done = "Done. One order: move plus digital TV, technician booked for the 14th between 8:00 and 12:00."
    score = score_reply(done, SURE["explain"], [], library.get("move-and-upgrade"))
    assert band(score.flexibility) == "high" and not score.reason.startswith("Explains the procedure"), score
    owned = "I'll ring the data team myself now and call you back at four with the engineer's slot."
    score = score_reply(owned, SURE["deflect"], [], library.get("friday-data-line"))
    assert band(score.ownership) == "high" and not score.reason.startswith("Passes the problem on"), score
    rigid = score_reply("Rules are rules.", SURE["cite_policy"])
    assert rigid.reason.startswith("Hides behind")  # where they agree, the move still leads


@pytest.mark.parametrize("text, move, says", [
    ("I understand how frustrating that is.", "empathise", "Shows understanding"),
    ("That's one for the fault line, they'll take it from here.", "deflect", "Passes the problem on"),
])
def test_a_cue_that_says_what_the_move_says_is_named_once(text, move, says):
    score = score_reply(text, ranking((move, 0.9)))
    assert score.reason.startswith(says)
    assert score.reason.casefold().count(says.casefold()) == 1, score.reason
    assert '("' in score.reason  # the words that decided it are still shown


@pytest.mark.parametrize("text, move, owns", [
    # A self-correction to the agent's own step takes back what came before, not the help.
    ("Provisioning will be in touch about the dates, actually no, I'll ring them myself now and get you a date.",
     "commit", True),
    ("I could look into the phone... actually no, forget that, migrations can't get the device deal.", "explain", False),
    # The step done in the agent's name.
    ("The router's been booked by me and it arrives tomorrow.", "commit", True),
    ("The review is open under my name, and I'm the one who calls you on Wednesday before 3.", "commit", True),
    ("Half price on a new handset is fine by me. Pop into the store and they'll sort it.", "deflect", False),
    # Second-language English: the step in the present tense, with its time or the agent's own hand.
    ("What time is the truck coming on Saturday? I book the technician after that myself, today.", "commit", True),
    ("The start date I correct now, and the 50 euro I credit while we talk.", "commit", True),
    ("that is for the complaints department, i transfer you now", "deflect", False),
    ("I understand you need it today, I know it is bad timing.", "empathise", False),
    ("I put you through to the data division now, they take it from here.", "deflect", False),
    # Chat shorthand and second-language English (batch 34): read as the words it stands for.
    ("i give u my direct nr, u call me, not general line. i call u back tomorow 11", "deflect", True),
    ("normally no technician in weekend, but i book the on call one for u, saturday 10am", "exception", True),
    ("ok this is my case now. i stay with u until ur email is correct in system", "commit", True),
    ("dont worry, i not let u wait until monday. router is ordered, tracking come by sms", "offer", True),
    ("ok i check now", "commit", False),
    ("You have my extension, 4412, and I check the order every morning until the technician is booked.", "commit",
     True),
    ("u have to call kpn for this", "deflect", False),
])
def test_ownership_in_the_words_trainees_use(text, move, owns):
    score = score_reply(text, SURE[move])
    assert (band(score.ownership) == "high") is owns, score


@pytest.mark.parametrize("text, offer", [
    ("We'll have you moved and on digital TV at the new place within ten days, my name is on the order.",
     "single_order"),
    ("The procedure says two orders, but that makes no sense for you, so I'm doing it as one.", "single_order"),
    ("no cancel needed sir. i combine both and send u confirmation mail today", "single_order"),
    ("You can get the installation fee back after the install.", "waive_installation_fee"),
    ("The morning of the 14th, 8 to 12, technician at the new address.", "moving_day_technician"),
    ("I'm asking my team leader to sign off the install fee waiver, and I'll come back to you before 6.",
     "waive_installation_fee"),
])
def test_the_move_cases_offers_in_other_words(library, text, offer):
    score = score_reply(text, SURE["commit"], [], library.get("move-and-upgrade"))
    assert offer in score.offers, score


@pytest.mark.parametrize("text", ["Let me look into combining them.",
                                  "Let me ask my supervisor if combining them is possible, one moment."])
def test_exploring_the_move_cases_offer_does_not_make_it(library, text):
    assert "single_order" not in score_reply(text, SURE["commit"], [], library.get("move-and-upgrade")).offers


@pytest.mark.parametrize("text, kind, present", [
    ("Well, good evening.", "closing", True),
    ("Rules are rules. Good evening.", "closing", True),
    ("Thank you for calling.", "closing", True),
    ("Good day to you.", "closing", True),
    # The same words open a call: a greeting, not a farewell.
    ("Good afternoon, thank you for calling, how can I help?", "closing", False),
    ("good evening, you're through to the fault line. whats the issue?", "closing", False),
    ("Good day, Mr Jansen. What happened with the line?", "closing", False),
    # Play-through 39: after a hello or the agent's desk, or before who is speaking (8 of 8 such
    # greetings counted as the call's first goodbye).
    ("Hi, good afternoon.", "closing", False),
    ("Hi, thanks for calling.", "closing", False),
    ("Customer service, good afternoon, Ellen speaking.", "closing", False),
    ("Mobile customer service, good day.", "closing", False),
    ("Thanks for calling Vodafone, my name is Sam.", "closing", False),
    ("Ok, thanks for calling.", "closing", True),
    ("All sorted then. Thanks for calling.", "closing", True),
    ("Would you like a 4G router for the weeks without a line?", "hedge", True),
    ("I could send a router, would you want that?", "hedge", True),
    # An open question about what the customer wants offers nothing to hedge.
    ("What would you like me to do?", "hedge", False),
    ("ok, how would you like to go forward with this?", "hedge", False),
    ("when would you like the new bundle to start?", "hedge", False),
    # Not a refusal: the customer's trouble asked about, a no to the no, a reassuring "no no".
    ("Can I ask, how long were you unable to make or receive calls that day?", "refusal", False),
    ("No, I'm not quoting the terms at you. What time was the client supposed to call?", "refusal", False),
    ("no no. I'm ordering the router for you now.", "refusal", False),
    ("No, sorry, that's not possible on a migration.", "refusal", True),
    ("no cancel needed sir, i do it as one order", "refusal", False),
    ("We are unable to refund it.", "refusal", True),
    # No option offered: the way out, a form.
    ("The best advice I can give is to cancel your subscription and sign up again as a new customer.", "offer", False),
    ("ok. well, if you want to cancel, I can send you the form.", "offer", False),
    ("I can send you a 4G router tomorrow.", "offer", True),
    # Chat without apostrophes: "i cant promise" commits to nothing.
    ("i cant promise it'll be fixed tonight", "commitment", False),
    ("i dont think it works tonight", "commitment", False),
    # "I can do nothing about it" passes the problem on as "I can't do anything" does.
    ("I understand, but I can do nothing about it. Nor can my manager.", "deflection", True),
    # The agent asking leave to act; not an open question about what the customer wants.
    ("The morning of the 14th, between 8 and 12. Shall I book it?", "go_ahead", True),
    ("Want me to put that through?", "go_ahead", True),
    ("A gesture, then: I can credit one month. Shall I?", "go_ahead", True),
    ("So you want me to reserve it today?", "go_ahead", True),
    ("What do you want me to do?", "go_ahead", False),
    ("How would you like me to send it?", "go_ahead", False),
    ("Congratulations on going independent! What can I do for you today?", "go_ahead", False),
    ("Do you want me to see whether anything's possible with the handset?", "go_ahead", False),
    ("What number can I call you on?", "go_ahead", False),
    # QA round 13: reports during the hold, and "Saved." after the email was typed.
    ("They've released it. I'm now asking when a technician can do it.", "done", True),
    ("They have refused it again.", "done", False),
    ("Still ringing, I'm not giving up.", "ownership", True),
    ("I've typed it letter by letter. Saved.", "done", True),
    ("Can I call you on Monday at 9 to go through the technician date?", "go_ahead", True),
    ("I'll book it for you.", "go_ahead", False),
    # The offer fetched online or by post, without "yourself".
    ("The backup SIM is free for you, you just order it from the business webshop.", "deflection", True),
    ("A goodwill credit can be requested through the business portal, under Disputes.", "deflection", True),
    ("You can get the installation fee back by sending the receipt to our refunds team.", "deflection", True),
    ("I'll order the backup SIM from the webshop for you now.", "deflection", False),
    # The agent's own desk in a greeting; where the customer's client went.
    ("Good evening, KPN fault line.", "deflection", False),
    ("KPN fault line, Joost speaking, how can I help?", "deflection", False),
    ("Good evening, fault line, how can I help?", "deflection", False),
    ("Fault line, Joost.", "deflection", False),
    # Play-through 39: a price is no time (3 of 3 lost the "Put a time" tip).
    ("I'm putting you on the 24-month plan at 50 euros a month.", "time", False),
    ("That's at 15 euros, on this bill.", "time", False),
    ("I'll call you at 5.", "time", True),
    # Play-through 40: sympathy typed fast, read as a refusal.
    ("sory to hear that, thats not ok", "reasonable", True),
    ("No, sorry, that's not on the table.", "reasonable", False),
    ("Hello, fault line.", "deflection", False),
    ("Just ring the fault line, please.", "deflection", True),
    ("Fault line, good evening. What's happened?", "deflection", False),
    ("Good evening. For that you ring the fault line, how can I help otherwise?", "deflection", True),
    ("I'm sorry, but a move isn't a fault, so it's one for the fault line on Monday.", "deflection", True),
    ("ok i understand. the network is down and your client is go to other company.", "deflection", False),
    ("Maybe another provider suits you better.", "deflection", True),
    # Working the call: a hold, an acknowledgement, a check back.
    ("Hang on to your receipts, I'll credit you.", "hold", False),
    ("one moment please, i look in the system", "hold", True),
    # Making sure a message reaches another team is no taking the problem on (dev); making sure
    # something reaches the customer is.
    ("Right, I'll make sure this gets to the right division first thing Monday.", "ownership", False),
    ("I'll make sure the router reaches you tonight.", "ownership", True),
    # "personally" is no step of its own: what follows it decides (dev).
    ("I will personally make sure your message is arriving to the data division tonight.", "commitment", False),
    ("I will personally make sure your message is arriving to the data division tonight.", "contact", False),
    ("I'm personally on it.", "contact", True),
    ("The installation cost, this one you don't pay, I remove it.", "commitment", True),
    # QA round 9: a deed said as its state; not what is only promised to be, nor a fixed rate.
    ("It's fixed now, you can log in.", "done", True),
    ("That's not how the procedure works, you first cancel ISDN yourself.", "deflection", True),
    ("yes its on the way by courier, arrives tonight before 9", "done", True),
    ("Don't worry, I'll make sure it's sorted.", "done", False),
    ("Your rate is fixed at 50 a month.", "done", False),
    ("That's not something our system allows in one order, I'm afraid.", "refusal", True),
    # QA round 9 and dev: "kk its ordered" is done; what should have been done is not.
    ("kk its ordered, arrives tmrw", "done", True),
    ("The data move should have been booked separately.", "done", False),
    # Stop 38 probes: a deed right after the agent's own question, "'s been", "on our side"; the
    # agent's number to ring; a cancellation that has been processed is no deed of the agent's.
    ("Your iPhone? Ordered. Arrives Thursday.", "done", True),
    ("Ordered? Not yet, I'm afraid.", "done", False),
    ("Right. That's been changed on our side now, the upgrade goes with the move.", "done", True),
    ("The cancellation's been processed and can't be reversed.", "done", False),
    ("Any trouble, you call me, Fleur, on 020 555 1234.", "contact", True),
    ("Call the shop on 020 555 1234.", "contact", False),
    # Batch 53: the agent's extension, the case "with me", a deed added, merged or set "by me", a
    # router "on the courier", a deed after a comma, a check dated before it; "no need to call again
    # about" what is done is no blame.
    ("Questions? Ring me, ext 508.", "contact", True),
    ("Ask for Noor, ext 3390, when you've read it.", "contact", True),
    ("Ask for the shop manager, he knows.", "contact", False),
    ("It's with me, Lotte, till the TV works in the new place.", "contact", True),
    ("Is it with me or with billing?", "contact", False),
    ("The upgrade has been added to the move.", "done", True),
    ("Your request has been added to the queue.", "done", False),
    ("Step 3 technician within 10 days: set, by me.", "contact", True),
    ("A 4G router is on the courier now.", "done", True),
    ("No, you won't be without data, I arranged it.", "done", True),
    ("It's noted on the combined order and Thursday I check it.", "commitment", True),
    ("no need to call again about the early month, its been credited already.", "blame", False),
    ("No need to call again.", "blame", True),
    # QA round 11: "It's been arranged", "the login works again".
    ("The 24 months then. It's been arranged, the phone ships tomorrow.", "done", True),
    ("the login works again, try now", "done", True),
    ("Does the login work again?", "done", False),
    ("And no, you will not be without internet: a 4g router is coming free of charge.", "done", True),
    ("When is the router coming?", "done", False),
    ("Also I rang KPN to sync the ISDN cancel date with ours.", "done", True),
    # QA round 11: second-language empathy; the agent on the line with the other team.
    ("Good day sir. I am understand you are not happy with the migration.", "empathy", True),
    ("Sorry. I try again. I call data division now, I stay on the line with them.", "contact", True),
    ("Stay on the line with the data division, they'll help you.", "contact", False),
    ("plan is moved to 24 months with new iphone", "done", True),
    # QA round 12: what the agent is sorry about is no hand-off; looking something up is no step.
    ("I'm sorry, you must call the shop for that.", "deflection", True),
    ("One moment please, I'm pulling up the order.", "commitment", False),
    ("One moment please, I'm pulling up the order.", "hold", True),
    ("I give credit of 50 euro for the month too early.", "commitment", True),
    ("I make one order for the moving and the digital TV.", "commitment", True),
    ("Can I give you a call back later?", "commitment", False),
    ("I get that, but the iPhone offer is for new customers.", "policy", True),
    ("The digital TV has to be a separate order later though, that's fixed.", "policy", True),
    ("Goodbye to the misspelled email - it's fixed.", "policy", False),
    ("Are you one of our new customers?", "policy", False),
    ("You could maybe talk to your account manager about it.", "deflection", True),
    ("I'm on the other line with the data division now.", "contact", True),
    ("Are you on the other line with the data division now?", "contact", False),
    ("The phone lines and the SDSL line are moved by two different divisions.", "done", False),
    # QA round 8: read as the procedure explained, and not read.
    ("Let me check your order in the system.", "hold", True),
    ("Let me check your account history.", "hold", True),
    ("Is that correct?", "check_back", True),
    ("Is that something you'd consider?", "check_back", False),
    # A delivery is no blame; what the customer should have done is.
    ("I'll send it today, you should have it Tuesday.", "blame", False),
    ("You should have told us about the move earlier.", "blame", True),
    # Owned after words that sound like a hand-off (batch 88); not the problem disowned.
    ("Not my division. My problem though. Calling them now.", "ownership", True),
    ("That's not my problem though.", "ownership", False),
    ("Technicians are scheduled by another team, but I'm the one booking it: the 14th.", "ownership", True),
    ("I can waive the install fee, and I just did.", "done", True),
    # Advised, not done (batch 88); the agent's own call is no hand-off.
    ("I'd suggest taking it up with your old employer's contract manager.", "deflection", True),
    ("Best thing is to ring the data division yourself first thing Monday.", "deflection", True),
    ("Best thing is that I ring the data division myself now.", "deflection", False),
    ("Me, Eva, on Monday at 9.", "ownership", True),  # QA round 27: 59, the named person left open
    # Deeds reported (batch 89).
    ("The fee waiver I mentioned has gone through; you won't see it on the bill.", "done", True),
    ("Your online account has been unlocked.", "done", True),
    # Offers taken back or turned down by the system (batch 89); not a fee taken off the bill.
    ("The retention offer I floated is off, I'm afraid.", "refusal", True),
    ("The installation fee is off your bill.", "refusal", False),
    ("The combined order I was hoping for: the system just rejected it.", "refusal", True),
    ("Compensation requests for outages are rejected automatically.", "refusal", True),
    # The no said as the outcome before a goodbye (batch 89); not a deed that changed nothing else.
    ("Nothing I can change today, I'm sorry. Is there anything else?", "refusal", True),
    ("Unfortunately nothing changed on the device side. Thanks for calling, bye.", "refusal", True),
    ("I couldn't get the laptop guaranteed today, I'm sorry. Goodbye.", "refusal", True),
    ("I've moved the date and nothing else changes on your order.", "refusal", False),
    # Guards (QA round 26): "it's done" reports a deed; not a deed of others', nor one to come.
    ("They agreed you can have the 24-month plan with a new iPhone, it's done.", "done", True),
    ("That's done by the shop, not us.", "done", False),
    ("I'll ring you when it's done.", "done", False),
    # The deal closed to talk in other words (batch 91); the customer's fear answered is no refusal (batch 90).
    ("Take the deal as it stands or leave it, sir.", "refusal", True),
    ("First of all, no, you don't need to cancel and sign up again.", "refusal", False),
    ("The phone you asked for, no, ported numbers don't get one.", "refusal", True),
    # Hand-offs in words the cues missed (batch 90); not the agent's own call, nor one for the agent.
    ("You'll have to take the compensation up with the business team directly, though.", "deflection", True),
    ("I'll take the compensation up with the business team myself this afternoon.", "deflection", False),
    ("That's one for retention, not me.", "deflection", True),
    ("That's one for me, not retention.", "deflection", False),
    ("Retention can put a backup SIM on your account; you'd just need to phone them yourself on 1400.", "deflection",
     True),
    ("I'll phone them myself on 1400 and put the backup SIM on your account.", "deflection", False),
    # Owned steps in chat style (batch 90); not the customer told to call, nor a time with no step.
    ("ok. escalating to acct mgr + calling u back 4pm", "commitment", True),
    ("asking planning now. back to u in 10 w/ a date", "commitment", True),
    ("I've blocked 15:30 in my diary to call you with her decision.", "commitment", True),
    ("Calling us back tomorrow is your best bet.", "commitment", False),
    ("I've blocked 15:30 in my diary to call you with her decision.", "time", True),
    ("It's 6:15, the technicians work until 18:00.", "time", False),
    # Asked of the customer (QA round 28); not the agent asking to call them.
    ("Would you mind calling the TV department for the upgrade part?", "deflection", True),
    ("Could you call KPN to get the date?", "deflection", True),
    ("Would you mind if I called KPN for you?", "deflection", False),
    # Leave asked to carry the step (QA round 28: answered as a question for facts); not leave to look.
    ("Would it be okay if I called planning myself and rang you back at 3 with a time for the technician?", "go_ahead",
     True),
    ("Would it be okay if I checked with planning first?", "go_ahead", False),
    # A transfer offered as a question hands the customer on (QA round 28: "A dated call-back, then").
    ("Can I put you through to our retention team?", "deflection", True),
    ("Can I put you on hold for a minute?", "deflection", False),
    # A formal no (QA round 28); not the customer's position.
    ("The promotion is valid while stocks last, and I am not in a position to give a guarantee.", "refusal", True),
    ("I'm unfortunately not in a position to waive the fee.", "refusal", True),
    ("You're not in a position to wait nine weeks, I understand.", "refusal", False),
    # The offer doubted or taken back on a second look (batch 94); not doubt about an objection, nor a step after it.
    ("Actually, no, sorry, I've just checked and we're not allowed to cancel on your behalf.", "futility", True),
    ("Actually, no, I've just checked and I'll book it myself now.", "futility", False),
    ("Although, thinking about it, I'm not sure it applies to migrated numbers.", "futility", True),
    ("I doubt the courier will pick it up now.", "futility", True),
    ("Though honestly, it may not go through.", "futility", True),
    ("Actually, sorry, the goodwill credit needs a manager. Put it in writing and they'll respond.", "deflection", True),
    ("I'll put it in writing and email it to you tonight.", "deflection", False),
    # What the customer should have done is blame; what they should now have, or should not have
    # had to do, is not (QA round 36: 7 of 9 deliveries and sympathies read as blame).
    ("You should have a new password by text.", "blame", False),
    ("Done. You should have a reset link in your inbox now.", "blame", False),
    ("Fair enough, there's no good reason you should have to cancel just to upgrade.", "blame", False),
    ("I apologise, you should have had a straight answer the first time.", "blame", False),
    ("You should've ordered the data move separately 6 weeks ago.", "blame", True),
    ("You should have kept a second phone for important calls, honestly.", "blame", True),
    ("As a business customer you really should have had a backup.", "blame", True),
    # The case closed later is no goodbye (QA round 36: "I'll close this case by Friday" ended the call).
    ("I'll close this case by Friday, after I've called you on Thursday at 10.", "closing", False),
    ("I'll close the case once the technician's been.", "closing", False),
    ("I'm going to close this now.", "closing", True),
    # Formal noes (batch 94).
    ("Your request for the laptop guarantee can unfortunately not be granted.", "refusal", True),
    ("We regret to inform you that the promotion applies to new subscriptions only.", "refusal", True),
])
def test_a_cue_is_read_only_where_its_words_mean_it(text, kind, present):
    score = score_reply(text, SURE["ask"])
    assert any(cue.kind == kind for cue in score.cues) is present, score.cues


@pytest.mark.parametrize("text, kind, counted", [
    # A negation does not reach over a full stop into the next sentence (batch 41).
    ("Different division, sir, data lines are not us. Ring the SDSL team.", "deflection", True),
    ("I'm not telling you to ring the SDSL team.", "deflection", False),
    # The answer given in advance takes the step back (batch 39).
    ("I'll look into the laptop, but I can already tell you the procedures won't allow it.", "futility", True),
    ("I'll check with my supervisor, but it's not going to be possible, I can tell you that now.", "futility", True),
    # The help just named, taken back (batch 44); a prediction of what someone will say is not a
    # report of what they said.
    ("Could I book the on-call technician? In theory. In practice they never agree on a Friday, so let's not bother.",
     "futility", True),
    ("I could send a 4G router by courier, but they usually take a day, so it won't help you today.", "futility", True),
    ("Best I can do is pass it to my manager, but he'll say the same thing, so don't get your hopes up.", "futility",
     True),
    ("kk ordered the stick, should be with you soon.", "done", True),
    # QA round 7: another provider as the way out passes the problem on; "no promises on a fix" and
    # a closing "but I can't promise" hedge, they refuse nothing; second-language English commits
    # in the present and says "I can not do nothing".
    ("you could always switch provider if you want", "deflection", True),
    ("If you're unhappy you're free to switch to another network.", "deflection", True),
    ("I'll order a backup SIM on another network for you today.", "deflection", False),
    ("also i can try to get the on-call tech out tonight as an exception, no promises on a fix tho", "refusal", False),
    ("I can ask the data team if maybe someone can come out, but I can't promise.", "refusal", False),
    ("No guarantee on the mini-laptop, I'm afraid.", "refusal", True),
    ("Also I give you the first month free for the waiting.", "commitment", True),
    ("So I put you through to sales now.", "commitment", False),
    ("I can not do nothing, also my manager can not.", "deflection", True),
    # The no said as news is a refusal (batch 40); an email fixed is done, a date fixed is not.
    ("I'm sorry it's not the answer you wanted. If there's nothing else I'll let you go.", "refusal", True),
    ("I know the handset isn't the answer you hoped for, but the email's fixed now at least.", "done", True),
    ("The date is fixed, I'm afraid.", "done", False),
    # The old agents' way out given as the answer is the rule hidden behind; refused, reported or
    # called senseless it is not (batch 40 and the dev set).
    ("Best thing is to cancel and sign up again, that's the only way.", "policy", True),
    ("Honestly, I'd cancel and come back as a new customer.", "policy", True),
    ("I'm not going to make you cancel and sign up again.", "policy", False),
    ("I get you, it makes no sense to cancel just to sign up again.", "policy", False),
    ("I see a colleague advised you to cancel and sign up again.", "policy", False),
    # The outcome left open is no refusal (batch 39): "can't promise X, but I'll...", "if the answer is no".
    ("I can't promise retention will say yes, but I will put it to them myself today.", "refusal", False),
    ("i call you tomorrow 10am with the answer, also if the answer is no", "refusal", False),
    ("I can't promise anything, the terms are clear.", "refusal", True),
    ("Even if I wanted to, I can't.", "refusal", True),
    # A negation's scope ends at "so" (batch 40); the agent's own call sets no rule aside (batch 39).
    ("Sorry, but it's not a fault so the fault line can't help.", "refusal", True),
    ("Can't do the iPhone, sorry. I'll ring you Thursday at 10 anyway.", "exception", False),
    ("One order isn't standard. I'm booking it as one anyway.", "exception", True),
    # "till it's fixed" is no rule; the agent taking it up with someone passes nothing on (batch 39).
    ("I'm on the phone to them now and I'll stay your contact till it's fixed.", "policy", False),
    ("I'll take it up with the business account manager myself this afternoon.", "deflection", False),
    ("Take it up with KPN.", "deflection", True),
    # Nobody there to help now passes the problem on (batches 39-42); somebody who is not a person
    # away does not.
    ("Nobody in today has the say on that one, I'm afraid.", "deflection", True),
    ("I'd love to help but there's nobody from the data team here, have a good weekend.", "deflection", True),
    ("Nobody in this company should be treated like that.", "deflection", False),
    # A goodbye, a condition and a delivery to the customer are no vague promise (batches 39, 40).
    ("I'll text you the moment the data team confirms. Thanks for staying calm, talk soon.", "vague", False),
    ("I'll forward it to you as soon as it lands, Thursday at the latest.", "vague", False),
    ("I'll forward it to the back office.", "vague", True),
    # Deeds said without "I" (batches 39, 40).
    ("Chased KPN just now, they're confirming the cancellation date by email.", "done", True),
    ("So that's your email corrected and the credit on its way.", "done", True),
    # A gesture the company made before this call is named, not offered (batches 41, 42); the
    # agent's own gesture in this call counts.
    ("Migration rules are migration rules, sir. We already gave you the fixed rate as a gesture.", "exception", False),
    ("We did already a gesture with the fixed rate, that is what the policy allow.", "exception", False),
    ("I've already credited it as a gesture.", "exception", True),
    # Chat-style deeds without "I'm", but not a transfer (batches 42, 39).
    ("crediting three months now", "done", True),
    ("Transferring you to sales now, one moment.", "done", False),
    # What someone else said, in quotation marks, is not the agent's own (batch 35).
    ("forget the 'not possible' u got from the other depts, im on it.", "refusal", False),
    ("I apologise for the 'don't nag' comment earlier, that was wrong.", "blame", False),
    ("You were told \u201ccall the fault line after six\u201d - not this time.", "deflection", False),
    ("No, sorry, that's not possible on a migration.", "refusal", True),
    ("Don't nag, it will be fine.", "blame", True),
    # The agent's own arrangement for their call is no rule.
    ("I'll ring you on weekdays only, next Tuesday at 10.", "policy", False),
    ("Laptop reserved, and I'll only ring you after 10am.", "policy", False),
    ("New customers only.", "policy", True),
    ("None of that is your problem, though. I'm moving you onto the 24-month terms now.", "blame", False),  # batch 99
    ("install fee is fee. everyone pay", "policy", True),  # batch 102
    # Steps in other words (dev): the call dated after a comma, "I will:", the deliverable in the inbox by a time.
    ("You're not calling back in three weeks; I'm calling you, on the 3rd at 9:30, with the date.", "commitment", True),
    ("The procedure won't promise you the laptop. I will: it's in your inbox within the hour.", "commitment", True),
    ("Reset link in your inbox within five minutes.", "commitment", True),
    ("I will not do that.", "commitment", False),
    # Stop 47 (dev): the step after a contrast word, the one doing it, the warm transfer stayed on.
    ("No compensation, I'm afraid. I will, however, personally email you the outage log by Friday.", "commitment", True),
    ("KPN controls the ISDN side, but I'm the one phoning them.", "ownership", True),
    ("I'm putting you through to retention myself and staying on the line until they answer.", "deflection", False),
    ("I'm putting you through to retention, please stay on the line.", "deflection", True),
    # QA round 55: the transfer after which the agent stays the contact (54 on ownership).
    ("I'm putting you through to the account manager myself and staying your contact.", "deflection", False),
    ("You'll just need to call billing yourself to request it.", "deflection", True),  # batch 104
    ("Normally that needs a complaint form, but there's no point making you fill one in.", "futility", False),  # b105
    ("I could ask billing, but there's no point.", "futility", True),
    # The agent as the fault line, and the customer spared a call, are no blame (dev).
    ("The fault line can't log this, so skip them; consider me your fault line.", "blame", False),
    ("No need to call the fault line tonight, I'm keeping it and I'll call you at 17:30.", "blame", False),
    ("It's your fault, frankly.", "blame", True),
    ("No need to panic.", "blame", True),
    ("Honestly, that is your problem, not ours.", "blame", True),
    ("From now you deal with me only; I'm calling you Monday at 10.", "policy", False),  # batch 99
    # A condition the agent plans for is no no (QA round 30); a no after the condition is one.
    ("If planning can't fit you in on the 14th, I'll book the first slot on the 13th.", "refusal", False),
    ("If Hans can't make it, I'll handle it myself; either way you hear from me tomorrow at 3.", "refusal", False),
    ("If you want the laptop, I can't guarantee it.", "refusal", True),
    # What another team did or should have done passes nothing on.
    ("I've logged it as urgent, which the fault line should have done.", "deflection", False),
    ("I'm sorry, but a move isn't a fault, so it's one for the fault line on Monday.", "deflection", True),
    # "Forget it." before the agent's own step dismisses what came before.
    ("The 'cancel and re-sign' advice would have cost you a fee. Forget it. I'm waiving the fee.", "futility", False),
    ("Sorry, I said I'd ask my manager, forget that. It's mine: I'll agree the ISDN date with KPN myself and ring you "
     "tomorrow at 11.", "futility", False),  # batch 147: 41/31
    ("Actually, forget I said that.", "futility", True),
    # Someone else's words reported; the same words repeated as the agent's own (QA round 5).
    ("right i see my colleagues told you moving and upgrading at once isnt possible i'm sorry about that",
     "refusal", False),
    ("As my colleague said, that's not how the procedure works.", "policy", True),
    ("You've been told by several people it doesn't work that way, so I'm not sure why we're going round again.",
     "policy", True),
    ("What did the fault line tell you?", "deflection", False),
    # Told in other words: advised, informed (QA round 35: 4 of 7 such recaps read rigid); "as you
    # were informed" repeats it as the agent's own.
    ("I see, and you were advised to cancel and sign up again.", "policy", False),
    ("So you were informed it isn't possible to move and upgrade at once.", "refusal", False),
    ("As you were informed, it isn't possible to move and upgrade at once.", "refusal", True),
    # Another team's answer passed on now is the agent's answer (batch 95, dev); what the customer
    # was told before, a letter's words, or a report checked back with a question are not.
    ("I'm really sorry, but the data team says weekend work isn't possible for a move.", "refusal", True),
    ("Thanks for your patience. I spoke to the back office and they say one order isn't possible. Sorry.",
     "refusal", True),
    ("I rang the moves desk; they said it's out of our hands until the new address is active.", "deflection", True),
    ("i asked the digital tv ppl, they said it's the system, it can't do two orders at once. sorry!!", "refusal", True),
    ("Right, so one colleague said three weeks and the next said it can't be done that way? That's really not on.",
     "refusal", False),
    ("you get a letter that just says force majeure, that's not nice at all.", "policy", False),
    ("Several departments said it can't be done and nobody said who would fix it. I will.", "refusal", False),
    ("For the iPhone question the shop can tell you more.", "deflection", True),
    # The customer left to help themselves with what is not ours (batch 97, QA round 29); the
    # agent's own step that lets them is no such thing.
    ("You could use your wife's laptop in the meantime.", "deflection", True),
    ("Try an internet café.", "deflection", True),
    ("Other providers do bundles on ISDN; perhaps one of those suits you better.", "deflection", True),
    ("If you really need internet, use your phone hotspot or go sit in a cafe.", "deflection", True),
    ("Just work from home over the weekend. Have a good one!", "deflection", True),
    ("I'm adding unlimited data to your SIMs tonight so you can use your phone as a hotspot.", "deflection", False),
    ("I'm sorry you had to work from a café all afternoon; I'm sending a 4G router by courier now.", "deflection",
     False),
    ("I'll borrow one from our stock room and courier it to you today.", "deflection", False),
    ("We do have 4G routers you can borrow for free in the meantime.", "deflection", False),
    ("I can send also a second SIM card from another network, for when our network is down again.", "deflection",
     False),
    ("You could also try resetting your login yourself with the 'forgot password' link.", "deflection", True),
    ("I'll try resetting your login myself while you wait.", "deflection", False),
    ("One option is a spare SIM with data, free until the line's up, you'd use your phone as a hotspot.", "deflection",
     False),
    # A fee kept with its amount named refuses (QA round 29: read as a gesture); a credit kept does not.
    ("The connection fee of 30 euro stays, I'm afraid; every new customer pays it.", "refusal", True),
    ("The 50 euro for the early month stays, I'm afraid; the billing cycle is correct.", "refusal", True),
    ("The credit of 150 euro stays on your account.", "refusal", False),
    ("You should have requested the upgrade before booking the move; now both fees apply.", "refusal", True),
    ("Your cancellation is confirmed, and the termination fee will be on your final bill.", "refusal", True),
    ("If you insist on doing both, you'll pay both fees. Is there anything else?", "refusal", True),
    ("I can do the upgrade as part of the move, but the installation fee still applies. Shall I go ahead?",
     "refusal", False),
    ("Sorry, scratch the 500, I'm not allowed to do that; only the 40 euro credit and the fee stand.", "offer", True),
    ("The 50 euro for the early month stays credited to you.", "refusal", False),
    # Something given to bridge the gap is an option of the agent's (batch 97, QA round 29).
    ("I'm sending you a loan phone tomorrow so your clients can reach you.", "offer", True),
    ("I've added unlimited data to all five of your business SIMs until Monday night.", "offer", True),
    ("I've set your number to divert to your office landline when it's unreachable.", "offer", True),
    ("The loan phone you had last year was returned late.", "offer", False),
    ("Sorry, that was too much: a free year I can't do, but the first month of TV is free.", "exception", True),
    ("So the first month is free, is that what they told you?", "exception", False),
    # The action now names its time (QA round 29: "put a time on your commitment" after it).
    ("I'm fixing your login and email now.", "time", True),
    # Out of the agent's hands (scoring guide: ownership 0).
    ("I'm sorry, my hands are tied.", "deflection", True),
    ("Well, I didn't make the system.", "deflection", True),
    # The gesture already made is thrown back, not offered; a deed the reply opens on is done.
    ("Well, we already gave you a gesture by letting you move to a fixed rate.", "exception", False),
    ("done its one order now the move and the digital tv together", "done", True),
    ("ill email you the confirmation today", "commitment", True),
    ("I'm sorry you were ill last week.", "commitment", False),
    ("good morning youre speaking with daan from sales how can i help you today", "commitment", False),
    # A rule named to disown it (QA round 5).
    ("A form letter about force majeure is not a fitting answer to a customer of eight years.", "policy", False),
    ("Force majeure is force majeure, I'm afraid.", "policy", True),
    # A no within the agent's power is a refusal, not the problem passed on; another's offer is.
    ("A free iPhone on the 18 months I can't do, that's not mine to give.", "deflection", False),
    ("A free iPhone on the 18 months I can't do, that's not mine to give.", "refusal", True),
    ("It's their offer though, not mine to book.", "deflection", True),
    # The agent judging how it went, and someone else's words reported (batch 38).
    ("I'm genuinely sorry, that's no way to treat someone who was trying to become a customer.", "refusal", False),
    ("That's no way, sorry.", "refusal", True),
    ("Being told you're looking at it wrong after all those years would wind me up too.", "blame", False),
    ("So if I understand you right: no network for most of the day, and the only answer you got was a form letter. "
     "Correct?", "refusal", False),
    # QA round 6: facts checked back are no blame; the customer's own call again is no hand-off;
    # "before I promise anything" promises nothing; a text sent now is done.
    ("So you signed 18 months at 50 euro. Have I got that right?", "blame", False),
    ("You signed for 18 months, that's the contract.", "blame", True),
    ("Good evening, you're speaking with Tom. Sorry you had to call again.", "deflection", False),
    ("Fair. Before I promise anything: you want a new phone, right?", "commitment", False),
    ("sure, sending it by sms now. courier is there before 9 tonight", "done", True),
    # QA round 6: a fault owned is no deed; a purpose is no offer; understanding is no step.
    ("right so i see the data line didnt move with you today thats on us not on you", "done", False),
    ("Your first month's on us.", "done", True),
    ("the line move is done by another department i cant see their system", "done", False),
    ("Which slot do you want, morning or afternoon, so I can put it in the email?", "offer", False),
    ("I can put you on the 24-month plan today.", "offer", True),
    ("I am understanding you lost a client, that is very bad.", "commitment", False),
    ("ok so i can call the data division myself now and i stay on the line with them for you", "commitment", True),
    ("You choose: morning or afternoon? I'll confirm it by email as soon as you pick.", "vague", False),
    ("I'll sort it soon.", "vague", True),
    ("no i didnt say you misunderstood sorry. what i mean is i will make sure you get the laptop", "refusal", False),
])
def test_a_cue_counts_only_as_the_agents_own_words(text, kind, counted):
    score = score_reply(text, SURE["ask"])
    assert any(c.kind == kind and (c.ownership or c.flexibility) for c in score.cues) is counted, score.cues


def test_quoted_words_alone_do_not_take_back_the_move_the_model_saw():
    """"I hear you... 'not possible' is not an answer" is no refusal; a ticket closed and the
    customer sent on stays what the model read, quotes or not."""
    heard = score_reply("I hear you. A move is stressful, and 'not possible' is not an answer anybody wants.",
                        SURE["cite_policy"])
    assert band(heard.flexibility) == "neutral" and "set them aside" in heard.reason, heard
    closed = score_reply("thx for contacting us, ticket closed as 'not possible', pls contact the correct dept",
                         SURE["deflect"])
    assert band(closed.ownership) == "low", closed


@pytest.mark.parametrize("scenario_id, text, offer, made", [
    # The customer sent to call KPN themselves is not the agent coordinating (batch 42).
    ("nine-weeks", "You'll wanna call KPN about the ISDN timing, that's really their ballgame.", "coordinate_cancellation",
     False),
    ("nine-weeks", "I'll call KPN today and line up the cancellation date with our delivery.", "coordinate_cancellation",
     True),
    # A recap checked at the end is the customer's wish said back, not an offer (QA round 7).
    ("denied-iphone", "Right, let me get this straight: you're on 18 months at 50 a month, and you'd sign for 24 "
     "months to get the new iPhone. Is that correct?", "plan_24_months", False),
    # A refusal typed fast or in second-language English withholds the offer (batch 39).
    ("move-and-upgrade", "Moving and upgrade together the system not accept, this is the rule.", "single_order", False),
    # A guarantee refused in the very phrase the offer's words stand in.
    ("nine-weeks", "About the laptop, I can't guarantee that. You'd have to call back in three weeks.",
     "reserve_promotion", False),
    ("nine-weeks", "no no. I'm ordering the router for you now, it'll be with you thursday.", "mobile_internet", True),
    # Given in passing or in shorthand (batch 88).
    ("unpaid-outage", "Credit done. 2 months. Email confirming in 10.", "goodwill_credit", True),
    ("unpaid-outage", "You'll get a call from me at 4 tomorrow with the credit confirmed.", "goodwill_credit", True),
    ("nine-weeks", "Stick ships today. Tracking by text tonight.", "mobile_internet", True),
    ("move-and-upgrade", "I've turned it into one moving order with the TV upgrade.", "single_order", True),
    # The customer's "who?" answered with the agent and a time (QA round 27).
    ("unpaid-outage", "Me, Eva, on Monday at 9.", "direct_number", True),
    ("move-and-upgrade", "That's me, Jan. Tomorrow at 10.", "personal_contact", True),
    ("unpaid-outage", "Me? No, billing will call you Monday.", "direct_number", False),
    # Reported done in few words (batch 89).
    ("friday-data-line", "ok router booked, i call u at 8. bye", "courier_router", True),
    ("friday-data-line", "The router I mentioned is in the van; the driver will call you before he arrives.",
     "courier_router", True),
    ("nine-weeks", "thx for waiting, the stick and the laptop are both arranged", "mobile_internet", True),
    ("nine-weeks", "Your order and the promotion are linked now.", "reserve_promotion", True),
    # Withdrawn by name, or not managed (batch 89).
    ("nine-weeks", "I couldn't get the laptop guaranteed today, I'm sorry. Goodbye.", "reserve_promotion", False),
    ("friday-data-line", "Scratch the on-call technician idea, he's unavailable.", "oncall_technician", False),
    ("move-and-upgrade", "I have to withdraw the moving-day slot I offered; the technician's diary is full that day.",
     "moving_day_technician", False),
    # The customer buying it themselves is no offer of ours; fetching ours is.
    ("nine-weeks", "You could buy a prepaid internet stick in any shop to bridge it.", "mobile_internet", False),
    ("nine-weeks", "You can pick up a free internet stick from us tomorrow, I'll have it ready.", "mobile_internet", True),
    # The outcome not promised; the offer stands. The offer itself not guaranteed is withheld.
    ("friday-data-line", "hmm ok. i could maybe get a technician out as an exception, but i cant promise it'll be "
     "fixed tonight", "oncall_technician", True),
    ("nine-weeks", "I could hold the laptop for you, but I can't guarantee it.", "reserve_promotion", False),
    ("move-and-upgrade", "I'm booking the tech for the 14th in the afternoon. fee's on us.", "moving_day_technician", True),
    ("move-and-upgrade", "I'm booking the tech for the 14th in the afternoon. fee's on us.", "waive_installation_fee",
     True),
    # The customer's request said back is no offer (QA round 5); said back, then made, is.
    ("move-and-upgrade", "Thanks. And you want the move and the digital TV upgrade together, correct?", "single_order",
     False),
    ("nine-weeks", "right so if i understand you correctly you want a guarantee that you still get the mini laptop "
     "after the nine weeks is that it", "reserve_promotion", False),
    ("denied-iphone", "You asked for 24 months, so you're on 24 months with the new phone as of today.",
     "plan_24_months", True),
    ("nine-weeks", "Would you like me to reserve the laptop promotion against today's order date?", "reserve_promotion",
     True),
    # Looked into or asked about is not offered (batch 38); offers in words the case files missed.
    ("friday-data-line", "Did anyone at two o'clock mention a 4G router to tide you over?", "courier_router", False),
    ("nine-weeks", "Let me check whether the laptop promotion can be held against your original order date.",
     "reserve_promotion", False),
    ("friday-data-line", "No, I can't get you a guaranteed fix tonight. But the router can be there tonight. Shall I?",
     "courier_router", True),
    ("friday-data-line", "Can't promise the line tonight. Can promise a router tonight.", "courier_router", True),
    ("move-and-upgrade", "We can't do a year's free TV, no. We can do the install for free.", "waive_installation_fee",
     True),
    ("denied-iphone", "No free phone on 18, no. Half off a new one though, that I can do right now.", "device_discount",
     True),
    # The agent naming themselves as the one who follows up (QA round 6: "who do I talk to next time?" after it).
    ("unpaid-outage", "That's me, Sophie. I'll check on the 1st of next month and call you if it isn't.", "direct_number",
     True),
    ("unpaid-outage", "I do. My name is Mark, I'll call you next Tuesday at 11.", "direct_number", True),
    ("move-and-upgrade", "both in 1 order, done. ref MU-40288", "single_order", True),
    # The customer's story checked back is no offer; the agent's own recap of what was done is (batch 37).
    ("denied-iphone", "Let me check I've understood: you're on 50 a month for 18 months, and you'd happily go to "
     "24 months if the new iPhone came with it?", "plan_24_months", False),
    ("nine-weeks", "When does the ISDN with KPN end, do you know the cancellation date?", "coordinate_cancellation",
     False),
    ("denied-iphone", "So to recap: 24-month plan with the iPhone from today, and I'm calling you Thursday at ten.",
     "plan_24_months", True),
    # What the customer would accept, checked back (QA round 6); said as the agent's offer, it is one.
    ("denied-iphone", "Right. So you signed 18 months at 50 euro, and you'd go to 24 months if you got a new iPhone. "
     "Have I got that right?", "plan_24_months", False),
    ("denied-iphone", "You'd go onto 24 months with the new iPhone, same 50 a month.", "plan_24_months", True),
    # The agent acting in between makes it the agent's offer, checked at the end or not.
    ("denied-iphone", "You'd go for it then, so I'm putting you on the 24-month plan with the new iPhone now, right?",
     "plan_24_months", True),
    # QA round 9: the longer plan committed to on its own, or with "the new handset"; the offer
    # summed up in "if I understand correctly ..." is the customer's story, not made.
    ("denied-iphone", "Right. I'm moving you onto the 24-month plan at 50 euro a month,", "plan_24_months", True),
    ("denied-iphone", "I'm not going to hide behind the contract: I'm putting you on the longer plan with the new "
     "handset today.", "plan_24_months", True),
    ("denied-iphone", "So if I understand correctly, you moved your 15-year number over, took the 18-month plan, "
     "and were refused the iPhone that new 24-month customers get, right?", "plan_24_months", False),
    ("nine-weeks", "I can put the laptop promotion on hold for you, would that help?", "reserve_promotion", True),
    # QA round 8: the cancellation stopped, the longer plan floated on its own.
    ("unpaid-outage", "I can stop the cancellation today.", "retention_offer", True),
    ("denied-iphone", "Would 24 months work for you instead of 18?", "plan_24_months", True),
    # QA round 11: a router given free in shorthand; the customer asked to withdraw the cancellation.
    ("nine-weeks", "Fine, router free.", "mobile_internet", True),
    ("unpaid-outage", "Would you consider withdrawing the cancellation?", "retention_offer", False),
    ("unpaid-outage", "Is there any chance you'd stay with us?", "retention_offer", False),
    ("unpaid-outage", "I'd like you to stay with us, so here's a loyalty discount.", "retention_offer", True),
    ("unpaid-outage", "I can reverse your cancellation today.", "retention_offer", True),
    # Batches 90 and 91: the offer in few words; not an order type named, nor a day of 24 hours.
    ("move-and-upgrade", "I'm messaging my team leader now to merge the two orders; hold on two minutes.",
     "single_order", True),
    ("move-and-upgrade", "Out of my hands, I'm afraid; combined orders just aren't something my team touches.",
     "single_order", False),
    ("denied-iphone", "no free phone on 18 months sorry. 50% off one tho, want it?", "device_discount", True),
    ("denied-iphone", "You're offering us six more months, so let's do the 24 and I'll send the phone out tomorrow.",
     "plan_24_months", True),
    ("denied-iphone", "Let's do the 24 hours first and see.", "plan_24_months", False),
    # Batch 96: a token gesture off an accessory is not the discount on the phone.
    ("denied-iphone", "I can offer you 10 percent off a phone case in our webshop.", "device_discount", False),
    ("denied-iphone", "I can offer you 10 percent off a phone, today.", "device_discount", True),
    # QA round 29: sold to the customer, not given.
    ("friday-data-line", "A 4G router by courier costs 35 euro, which you'd need to pay yourself.", "courier_router", False),
    ("friday-data-line", "A 4G router by courier is on its way to you, you pay nothing for it.", "courier_router", True),
    # QA round 28: the option escalated or asked about for a decision is not yet made; another made beside it is.
    ("nine-weeks", "I'm escalating the laptop guarantee to my manager myself; I'll call you tomorrow at 11 with the "
     "answer.", "reserve_promotion", False),
    ("denied-iphone", "I've asked my manager about the early month; she'll get back to you.", "credit_early_month", False),
    ("nine-weeks", "I'm escalating the laptop to my team leader myself, and while she decides, a mobile internet stick "
     "is going out to you free today.", "mobile_internet", True),
    ("nine-weeks", "I've escalated it and the laptop is reserved against today's date, in writing.", "reserve_promotion",
     True),
    # The customer asked to call KPN is no coordination offered (QA round 28, and dev).
    ("nine-weeks", "Would you mind calling KPN yourself to cancel the ISDN?", "coordinate_cancellation", False),
    ("nine-weeks", "I'd really recommend calling KPN yourself about the ISDN date.", "coordinate_cancellation", False),
    ("nine-weeks", "I'll be calling KPN myself about the ISDN date today.", "coordinate_cancellation", True),
    ("denied-iphone", "Can I put you through to our retention team?", "retention_callback", False),
    ("denied-iphone", "I'll escalate this to retention and they'll call you on Thursday at 10.", "retention_callback", True),
    # Retention named is no escalation with a call-back (QA round 29, dev).
    ("denied-iphone", "Retention says they can do the 24-month plan.", "retention_callback", False),
    ("denied-iphone", "Its not possible unless ur a new customer. maybe try the retention dept, number is on the website",
     "retention_callback", False),
    ("denied-iphone", "I'll get retention to ring you tomorrow before noon.", "retention_callback", True),
    ("unpaid-outage", "Can I put you through to your account manager?", "account_manager", False),
    # The transfer read in the scorer, whatever the team (case files had listed the forms one by one).
    ("denied-iphone", "I'm going to get you straight through to retention now.", "retention_callback", False),
    ("unpaid-outage", "Shall I connect you with an account manager?", "account_manager", False),
    ("denied-iphone", "I could put you through to retention, but better: I'll get retention to ring you on Thursday "
     "at 10 myself.", "retention_callback", True),
    # Batch 93: the option forgotten is taken back, not made; something else forgotten is not.
    ("friday-data-line", "Forget the on-call tech, my team lead said Monday.", "oncall_technician", False),
    ("friday-data-line", "The on-call tech is booked for tonight as an exception.", "oncall_technician", True),
    ("unpaid-outage", "Forget the form letter, I'm putting a goodwill credit through today.", "goodwill_credit", True),
    ("unpaid-outage", "I'll assign you a named account manager today, and she'll call you tomorrow at 10.",
     "account_manager", True),
    # QA round 30: the remedy named as another team's decision, the customer sent to them, is no
    # offer (9 of 12 read flexibility high); said to be there and fetched elsewhere, it is one.
    ("move-and-upgrade", "Waiving the installation fee is up to billing; you'll have to ask them.",
     "waive_installation_fee", False),
    ("unpaid-outage", "A goodwill credit is for the business desk to decide; please write to them.", "goodwill_credit",
     False),
    ("denied-iphone", "The 24-month plan with the new iPhone is something retention handles; you'll need to call them.",
     "plan_24_months", False),
    ("nine-weeks", "The laptop guarantee is something for my manager; he's not in today, so please call back on Monday.",
     "reserve_promotion", False),
    ("friday-data-line", "The on-call technician is booked through the fault line; you can ring them after six.",
     "oncall_technician", False),
    ("move-and-upgrade", "The installation fee can be waived for movers, but that's the moves team's decision, so ask "
     "them when you call.", "waive_installation_fee", True),
    ("move-and-upgrade", "Waiving the installation fee is up to billing, so I'm asking them myself and I'll ring you "
     "by four.", "waive_installation_fee", True),
    # A request put in for it is not the offer made (QA rounds 30 and 31, dev).
    ("nine-weeks", "I'll log your request for the laptop guarantee and sales will be in touch.", "reserve_promotion",
     False),
    ("nine-weeks", "I'm reserving the laptop for you against today's order date.", "reserve_promotion", True),
    # QA round 31: the agent's own fallback makes the offer its if-clause names; a plain "can't" does not.
    ("denied-iphone", "If IT can't fix your login today, I'll reset it myself tonight and text you by 8.", "fix_account",
     True),
    ("denied-iphone", "I can't fix your login today, I'm afraid.", "fix_account", False),
    # QA round 31: the offer named in what takes it back is not made (7 of 12 walk-backs read high).
    ("nine-weeks", "The router isn't free after all; it's 10 euro a month for the gap.", "mobile_internet", False),
    # Play-through 39: what the agent does in place of what they scratch is made (5 of 14 corrections
    # lost it, and the customer asked for it).
    ("nine-weeks", "Scratch that, a stick is too slow for your work: I'm sending a 4G router instead, tomorrow, free.",
     "mobile_internet", True),
    ("denied-iphone", "Actually, scratch that, better for you: I'm putting you on the 24-month plan with the new iPhone "
     "included, same 50 euros a month.", "plan_24_months", True),
    ("nine-weeks", "Scratch that, I'm afraid the 4G router isn't possible.", "mobile_internet", False),
    # QA round 53: with a colon and the agent's "I'm" before the offer's words (the laptop asked for again).
    ("nine-weeks", "Fair. Scratch that: I'm reserving the laptop promotion against today's order date myself, and "
     "I'll call you Thursday at 4 with the written confirmation.", "reserve_promotion", True),
    ("nine-weeks", "Scratch that: I can reserve the laptop promotion for you today.", "reserve_promotion", True),
    ("nine-weeks", "Scratch that: I'm not reserving the laptop promotion after all.", "reserve_promotion", False),
    # QA round 54: the new amount after the old one refused (read as a bare refusal, 12).
    ("denied-iphone", "Scratch that, I can't do 50, it's 30 percent off. Sorry.", "device_discount", True),
    ("denied-iphone", "Scratch that, I can't do 50.", "device_discount", False),
    # QA round 51: the deed in the present after "I take it back" (the reset lost, the call abandoned).
    ("denied-iphone", "Sorry, I take it back, I do it self: I reset your login now and I correct the e-mail address. "
     "Done.", "fix_account", True),
    ("denied-iphone", "I take it back: I reset your login now.", "fix_account", True),
    ("denied-iphone", "Scratch that, I can't reset your login after all.", "fix_account", False),
    # QA round 51: Dutch "laten vervallen" waives the fee (not scored, and the call ended on it)...
    ("move-and-upgrade", "Also the installation costs, I let them fall away, you don't pay.", "waive_installation_fee",
     True),
    ("move-and-upgrade", "I let the installation costs fall away.", "waive_installation_fee", True),
    ("move-and-upgrade", "The 49 euros installation I let fall, as a sorry for the runaround.", "waive_installation_fee",
     True),
    # ...and the fix someone else will make is not the agent's (thanked as the fix).
    ("denied-iphone", "The login and the email address: the back office will sort that out.", "fix_account", False),
    ("denied-iphone", "Your login: they'll reset it for you tomorrow.", "fix_account", False),
    # QA round 52: the system said not to support it (read as the one order, and thanked for it)...
    ("move-and-upgrade", "I'm sorry, but I'm afraid moving and upgrading at once isn't something our system supports.",
     "single_order", False),
    # QA round 54: the system said not to combine them (read as the one order, and the customer asked for it in writing).
    ("move-and-upgrade", "Sadly our system can't combine a move and an upgrade in one order.", "single_order", False),
    # ...and the reset told in few words (the account stayed "still broken").
    ("denied-iphone", "Corrected it. Reset link sent.", "fix_account", True),
    # QA round 51: the amount put right states the offer (read as a refusal, or not at all)...
    ("unpaid-outage", "What I said about the credit: make it two months, not one.", "goodwill_credit", True),
    ("unpaid-outage", "Sorry, make that three months, I've checked with my lead.", "goodwill_credit", True),
    ("unpaid-outage", "Oh wait, sorry, I can only do 50 euro, not 150.", "goodwill_credit", True),
    # ...but what is scratched is not made (dev).
    ("denied-iphone", "Scratch what I said about the discount, I got that wrong. There's nothing I can do on the "
     "handset, I'm afraid.", "device_discount", False),
    # QA round 51: the reset said as the link sent, or of "it" after the account is named.
    ("denied-iphone", "Sorry, typo on our side for years then. Corrected it now, and I've sent a reset link to that "
     "address.", "fix_account", True),
    ("denied-iphone", "Meanwhile, your account: I'm resetting it now.", "fix_account", True),
    # Play-through 39: the offer's first naming withheld, a later one past the turn made.
    ("move-and-upgrade", "I don't know the technician's schedule by heart, but I'll book him for your moving day "
     "right now, hold on.", "moving_day_technician", True),
    ("denied-iphone", "no free phone on 18m sry, but 50% off one, want it?", "device_discount", True),
    ("friday-data-line", "Our terms don't cover a courier router for moves, sorry, you'd have to pick up a dongle in a "
     "shop to tide you over.", "courier_router", False),
    # Play-through 40: typed fast (the calls were lost), and a colleague's "wasn't possible" (taken as
    # the laptop guaranteed).
    ("move-and-upgrade", "ill book the technicain for moving day", "moving_day_technician", True),
    ("move-and-upgrade", "ill put the move and the upgrade in 1 ordr today", "single_order", True),
    # QA round 41: "technician" typed other ways (the need stayed open, 2 of 3); not "technique".
    ("move-and-upgrade", "The technicien i book for thursday 14, the day of moving.", "moving_day_technician", True),
    ("move-and-upgrade", "the techincian i book for the 14th, moving day", "moving_day_technician", True),
    ("move-and-upgrade", "A new technique for moving day, I book it for you.", "moving_day_technician", False),
    ("nine-weeks", "My colleague told you it wasn't possible to guarantee the laptop.", "reserve_promotion", False),
    ("move-and-upgrade", "I'll book the technician for the day after your move.", "moving_day_technician", False),
    # Play-through 39: the on-call visit said as fact, and the fee waived in second-language English.
    ("friday-data-line", "The technician will be there at 8 tonight; the on-call team confirmed it to me a minute ago.",
     "oncall_technician", True),
    ("friday-data-line", "The technician will be there on Monday.", "oncall_technician", False),
    # QA round 41: a yes from planning with the visit, said without "there".
    ("friday-data-line", "Good news, planning said yes: the technician comes tomorrow 8 to 10.", "oncall_technician", True),
    ("friday-data-line", "The technician comes Monday, 8 to 10.", "oncall_technician", False),
    ("move-and-upgrade", "Also the installation fee I take away, you pay nothing for it.", "waive_installation_fee",
     True),
    ("move-and-upgrade", "I'll book the technician for the same day, your moving day.", "moving_day_technician", True),
    # QA round 31: another team's job, and sold to the customer, offer nothing.
    ("unpaid-outage", "Goodwill credits are normally the business desk's job.", "goodwill_credit", False),
    ("nine-weeks", "A 4G router for the gap is something our webshop sells; you can order one there.", "mobile_internet",
     False),
    # The offer's words as the subject of "not mine" (batch 103).
    ("nine-weeks", "Guarantees on promotions aren't my department. Customer relations handles that, by post only.",
     "reserve_promotion", False),
    # Terse (batch 102).
    ("unpaid-outage", "force majeure yes, but u loyal client, i give credit anyway", "goodwill_credit", True),
    ("nine-weeks", "procedure say cancel first, ok, but laptop stays for u, i write it on order", "reserve_promotion",
     True),
    # The agent as the contact in other words (QA round 30: 4 of 4 left the need open).
    ("unpaid-outage", "Your direct contact is me, Noor, on 020-555 8899; I'll call you Friday at 2.", "direct_number",
     True),
    ("unpaid-outage", "I am you contact now, I call you monday 9 oclock", "direct_number", True),
    ("friday-data-line", "Your contact is me from now on, Sem, and I'll call you at 8.", "direct_contact", True),
])
def test_the_cases_offers_made_or_refused(library, scenario_id, text, offer, made):
    score = score_reply(text, SURE["commit"], [], library.get(scenario_id))
    assert (offer in score.offers) is made, score


@pytest.mark.parametrize("text", ["Good news: the orders team confirmed the move and the TV upgrade are now on one order.",
                                  "Planning also confirmed the move and the TV upgrade are on one order now."])
def test_the_offer_said_as_the_state_now_is_made_however_the_model_read_it(library, text):
    """QA round 26: read as the procedure explained (49/48), and the customer asked for a person to
    put the two together."""
    score = score_reply(text, SURE["explain"], [], library.get("move-and-upgrade"))
    assert "single_order" in score.offers and band(score.ownership) == band(score.flexibility) == "high", score


@pytest.mark.parametrize("scenario_id, text", [
    ("nine-weeks", "You could use your wife's laptop in the meantime."),
    ("friday-data-line", "Buy a dongle at the electronics shop if it's that urgent."),
    ("move-and-upgrade", "You could get a satellite dish from another company in the meantime."),
    ("friday-data-line", "A café with Wi-Fi could do for a day or two."),
    ("nine-weeks", "If you need something in the meantime, you could get a prepaid internet stick from any electronics "
     "shop. Bye for now."),
    ("denied-iphone", "If you still want a new phone, you could always buy one outright somewhere else. Anything else?"),
])
def test_an_option_the_customer_finds_for_themselves_is_no_flexibility(library, scenario_id, text):
    """Batch 97 and QA round 29: read as the agent's option (flexibility 2, once as the case's 4G
    router); the scoring guide bands an offer that is really nothing 0."""
    score = score_reply(text, SURE["offer"], [], library.get(scenario_id))
    assert band(score.flexibility) == "low" and not score.offers, score


@pytest.mark.parametrize("scenario_id, text, over, offer", [
    # QA round 29: the money limits had worked the wrong way round.
    ("denied-iphone", "I'm crediting 120 euro for the early month and the trouble.", "credit_above_limit", None),
    # (The months counted, QA round 35, name it first: one credit, one over-promise.)
    ("nine-weeks", "I'm crediting your first two months, 80 euro.", "large_credit", None),
    ("nine-weeks", "I'm crediting 80 euro for the wait.", "credit_above_limit", None),
    ("denied-iphone", "I'm crediting 100 euro for the early month and the trouble.", None, "credit_early_month"),
    ("denied-iphone", "I'm giving you 60 percent off a new iPhone.", "large_discount", None),
    ("denied-iphone", "I'm giving you 50 percent off a new iPhone.", None, "device_discount"),
    # A discount in euros off the phone is the case's discount, not a credit.
    ("denied-iphone", "The new iPhone costs 600 euro; I'm taking 300 off, so you pay 300.", None, "device_discount"),
    ("denied-iphone", "I'm taking 150 euro off the new iPhone for you.", None, "device_discount"),
])
def test_money_is_held_to_the_cases_limits(library, scenario_id, text, over, offer):
    score = score_reply(text, SURE["offer"], [], library.get(scenario_id))
    assert score.over_promises == ((over,) if over else ()), score
    assert offer is None or offer in score.offers, score


def test_the_gesture_already_made_is_thrown_back_not_offered():
    score = score_reply("We already made a gesture by letting you move to a fixed rate. You're simply seeing it the "
                        "wrong way, sir.", SURE["blame"])
    kinds = {cue.kind for cue in score.cues}
    assert "exception" not in kinds and "blame" in kinds, score.cues


def test_the_agent_naming_their_own_desk_passes_nothing_on():
    own_desk = score_reply("good evening, you're through to the fault line. whats the issue?", SURE["ask"],
                           [], None)
    assert band(own_desk.ownership) == "neutral" and band(own_desk.flexibility) == "neutral", own_desk.reason
    for sent in ("Ring the fault line after six.", "I'm putting you through to the fault line now."):
        assert any(c.kind == "deflection" for c in score_reply(sent, SURE["deflect"]).cues), sent


def test_uncertain_model_lands_near_neutral():
    unsure = ranking(("cite_policy", 0.34), ("offer_alternative", 0.33), ("greet", 0.33))
    score = score_reply("hmm", unsure)
    assert band(score.ownership) == "neutral" and band(score.flexibility) == "neutral"


@pytest.mark.parametrize("text, confidence, unsure", [
    ("the thing with the box", 0.34, True),         # a guess with nothing in the text to go on
    ("the thing with the box", 0.80, False),        # the model is sure enough
    ("hmm", 0.34, False),                           # an acknowledgement, whatever the model's doubt
    ("Rules are rules.", 0.34, False),              # a cue decides, whatever the model's doubt
    ("I'll call you back at 10 today.", 0.3, False),
])
def test_a_guess_is_marked_unsure_and_says_so(text, confidence, unsure):
    rest = (1 - confidence) / 2
    score = score_reply(text, ranking(("cite_policy", confidence), ("greet", rest), ("offer_alternative", rest)))
    assert score.unsure is unsure
    assert ("unsure" in score.payload()) is unsure
    assert ("Not scored" in score.reason) is unsure


@pytest.mark.parametrize("text, guess, unsure, move", [
    # News passed on, nothing done with it: an explanation, neutral, not "unclear" (QA round 29).
    ("The planning team says nine weeks.", "deflect", False, "explain_procedure"),
    ("KPN told us the ISDN will be cancelled on the 1st.", "offer_alternative", False, "explain_procedure"),
    ("The data division confirmed the line move was never scheduled.", "apologise", False, "apologise"),
    # (Not when the model leans to a no: the news may be one; nor a question; nor no news.)
    ("Retention turned out to be busy because you've already cancelled.", "refuse", True, "refuse"),
    ("Can you tell me the date KPN gave you?", "deflect", False, "ask_details"),
    ("The thing with the box.", "deflect", True, "deflect"),
])
def test_news_passed_on_is_an_explanation_not_a_guess(text, guess, unsure, move):
    score = score_reply(text, ranking((guess, 0.3), ("greet", 0.12), ("make_exception", 0.11)))
    assert (score.unsure, score.move) == (unsure, move), score
    assert unsure or band(score.ownership) == band(score.flexibility) == "neutral"


def test_a_no_passed_on_in_words_is_no_guess():
    # The decider's no said ("Retention said no"): a refusal, however unsure the model (QA round 43).
    score = score_reply("Retention said no gesture because you've already cancelled.",
                        ranking(("refuse", 0.3), ("greet", 0.12), ("make_exception", 0.11)))
    assert not score.unsure and band(score.flexibility) == "low", score


@pytest.mark.parametrize("text, high", [
    # Another team's deed passed on is not the agent's own (QA round 29: 85 and 76 on ownership).
    ("IT tells me your login has been reset.", False),
    ("Billing says the installation fee is waived.", False),
    ("Billing says yes, so I've waived the installation fee.", True),
    ("Your login has been reset.", True),
])
def test_another_teams_deed_is_no_deed_of_the_agents(library, text, high):
    score = score_reply(text, SURE["exception"], [], library.get("move-and-upgrade"))
    assert (band(score.ownership) == "high") is high, score


@pytest.mark.parametrize("scenario_id, text, reading, own, flex", [
    # QA round 54: "Who is handling this?" answered with the agent's name and number, read as blame (2 of 2).
    ("friday-data-line", "me. tom, 020 555 8812.", ranking(("blame_customer", 0.16), ("commit_next_step", 0.1),
                                                           ("deflect", 0.08)), "high", "neutral"),
    # ...the agent's slip put right with the deed, read as a refusal (flexibility 20)...
    ("move-and-upgrade", "Sorry, no: the 14th it is, moving day, booked.", ranking(("refuse", 0.46),
                                                                                  ("commit_next_step", 0.26)), "high", "neutral"),
    # ...and a detail asked for after the customer's question answered "no" (flexibility 21).
    ("denied-iphone", "no, ur email adress pls", ranking(("ask_details", 0.5), ("refuse", 0.2)), "neutral", "neutral"),
    # (A no that refuses still does.)
    ("move-and-upgrade", "Sorry, no: that's not possible.", SURE["refuse"], "neutral", "low"),
])
def test_an_answer_read_as_blame_or_a_no_with_no_word_of_either(library, scenario_id, text, reading, own, flex):
    score = score_reply(text, reading, [], library.get(scenario_id))
    assert (band(score.ownership), band(score.flexibility)) == (own, flex), score


ESCALATES = ranking(("escalate_for_customer", 0.9), ("commit_next_step", 0.05))


@pytest.mark.parametrize("scenario_id, text, reading, flex", [
    # The agent's own slip put right ("sorry, no, I said ..."), read as a refusal (batch 151: 29).
    ("move-and-upgrade", "Technician's booked for the 14th - sorry, no, I said the 14th and clicked the 15th, fixing "
                         "it - there, Thursday the 14th, 8 to 12.", SURE["commit"], "high"),
    # Another team's no, passed on as where the agent's work began (batch 151: 32, 2 of 2)...
    ("denied-iphone", "Retention says they don't do devices on migrations. I'm not leaving it there: I've put it to "
                      "their team lead myself and I'll call you Thursday at 10 with their answer.",
     ESCALATES, "neutral"),
    ("unpaid-outage", "Customer care says the letter is final. I've gone past them to your business account "
                      "manager; I'm with him at three and I'll call you at half four.", ESCALATES, "neutral"),
    # (A no passed on beside a step that does not go past it stands: the guide's 2/0.)
    ("denied-iphone", "Retention says they don't do devices on migrations. I'll email you their answer by five.",
     ESCALATES, "low"),
    ("move-and-upgrade", "Sorry, no, that's not possible.", SURE["refuse"], "low"),
])
def test_a_no_the_agent_goes_past(library, scenario_id, text, reading, flex):
    score = score_reply(text, reading, [], library.get(scenario_id))
    assert band(score.flexibility) == flex, score


@pytest.mark.parametrize("scenario_id, text, reading, offer", [
    # What the agent can do instead, named after the no without a "but" (QA round 55: flexibility 25
    # to 45 and the customer heard "Still no, then", 4 of 4).
    ("denied-iphone", "I can't do 50 percent off the iPhone, it's 30 percent off, and I'm putting that on your "
                      "account now.", ranking(("make_exception", 0.75), ("refuse", 0.05)), "device_discount"),
    ("denied-iphone", "Scratch that, I can't do 50, it's 30 percent off.", ranking(("refuse", 0.73),
                                                                                   ("make_exception", 0.05)),
     "device_discount"),
    ("unpaid-outage", "Actually no, I can't do three, it's two months, 100 euros, credited today.",
     ranking(("refuse", 0.53), ("make_exception", 0.34)), "goodwill_credit"),
    # The offer put first, the agent's "I can" after it (batches 150 and 151).
    ("nine-weeks", "Damages I can't pay, but the first month, 40 euros, I'm crediting right now.", SURE["exception"],
     "credit_first_month"),
    ("move-and-upgrade", "I can't do a year's free TV, but the 49 euro installation fee I can drop.",
     ranking(("refuse", 0.53), ("offer_alternative", 0.34)), "waive_installation_fee"),
])
def test_an_amount_cut_beside_the_no_is_the_offer_made(library, scenario_id, text, reading, offer):
    score = score_reply(text, reading, [], library.get(scenario_id))
    assert offer in score.offers and band(score.flexibility) == "high", score


@pytest.mark.parametrize("text", [
    "I can't do 50 percent off the iPhone, sorry, it's not possible.",  # (no amount instead: a no)
    "I can't do 50 percent off. It's 18 months, that's the rule.",
])
def test_a_no_with_nothing_named_instead_stays_a_no(library, text):
    score = score_reply(text, SURE["refuse"], [], library.get("denied-iphone"))
    assert "device_discount" not in score.offers and band(score.flexibility) == "low", score


@pytest.mark.parametrize("text, reading, flex, offers", [
    # The repair said with what was done after it, read as a rule that is fixed (QA round 55: 76/25 and
    # 75/22, the call's worst reply with the "rules are rules" tip; the account stayed open).
    ("ok its fixed, typed it exactly bas@hoekstra-advies.nl. try login now?", SURE["ownership"], "neutral",
     ("fix_account",)),
    ("It's fixed, I typed it exactly: bas@hoekstra-advies.nl. Try logging in now?", SURE["commit"], "neutral",
     ("fix_account",)),
    # A second-language "I'm only asking" (QA round 55: 52/31, "hides behind the rules").
    ("Sorry, I mean I am asking only. Is correct you want to sign 24 month for the iPhone?", SURE["ask"], "neutral", ()),
    # The policy named as the answer, with no other word of it (QA round 55: 51/45, no cue).
    ("I understand. I'm afraid it's the policy, sir. Is there anything else I can do for you?", SURE["close"], "low",
     ()),
    ("It's company policy.", SURE["cite_policy"], "low", ()),
    # (The rule said to be set stands: "that's fixed" before the agent's own step; "in writing only".)
    ("The upgrade will have to be a separate order later; that's fixed. I'm booking your move right now.",
     SURE["commit"], "low", ()),
])
def test_a_repair_or_a_question_is_no_rule_and_the_policy_is(library, text, reading, flex, offers):
    score = score_reply(text, reading, [], library.get("denied-iphone"))
    assert band(score.flexibility) == flex and score.offers == offers, score


@pytest.mark.parametrize("scenario_id, text, reading, own", [
    # Someone else named as the one who takes the next step, and nothing of the agent's (QA round 55:
    # 75 to 91; batch 151 and play-through 54 band them 1, batch 148 band them 0).
    ("friday-data-line", "Hi Karin, I'm Joost. That's awful on moving day. The on-call technician will ring you "
                         "tonight.", SURE["commit"], "neutral"),
    ("friday-data-line", "hi! ok so the on-call tech wil call u tonite, promise", SURE["commit"], "neutral"),
    ("unpaid-outage", "Good afternoon. Your account manager, Ingrid de Vries, will ring you tomorrow at 10.",
     SURE["commit"], "neutral"),
    ("move-and-upgrade", "Field service will book the technician for Thursday the 14th, they'll text you the slot.",
     SURE["commit"], "neutral"),
    # (The agent's own arrangement, the deed done, and a delivery of the offer stay high.)
    ("friday-data-line", "I've booked the on-call technician for tonight and I'll ring you at nine to check he came.",
     SURE["commit"], "high"),
    ("move-and-upgrade", "The technician's booked for your moving day, morning slot, and he'll set up the TV box "
                         "while he's there.", SURE["commit"], "high"),
    ("friday-data-line", "Courier'll bring a 4G router by 7.", SURE["offer"], "high"),
    ("move-and-upgrade", "let's do it as one order. Field service will book the technician for Thursday.",
     SURE["commit"], "high"),  # ("let's" is the agent's part, play-through 55)
])
def test_someone_elses_next_step_is_not_the_agents_own(library, scenario_id, text, reading, own):
    score = score_reply(text, reading, [], library.get(scenario_id))
    assert band(score.ownership) == own, score


def test_im_not_leaving_it_there_turns_the_reply_as_but_does(library):
    """Dev: the no said first, then "So I'm not leaving it there - I'm switching you to 24 months
    today", was read as the refusal; the offer after the turn is the move."""
    score = score_reply("Unfortunately the 18-month plan doesn't come with a phone. So I'm not leaving it there - "
                        "I'm switching you to 24 months today and the iPhone ships tomorrow.",
                        ranking(("refuse", 0.38), ("offer_alternative", 0.21), ("commit_next_step", 0.16)), [],
                        library.get("denied-iphone"))
    assert score.move == "offer_alternative" and band(score.flexibility) == "high", score


@pytest.mark.parametrize("text, reading, own", [
    # The customer's "when?" answered with a time alone, read surely as the agent's step (QA round 53,
    # batch 147: 59, "taking it on needs a concrete step, a time or the contact").
    ("tomorrow 11:00. not a saturday morning, promise", SURE["commit"], "high"),
    ("Between 8 and 9 on the 14th. Yes, email too.", SURE["commit"], "high"),
    # Not an outcome promised, nor someone else's call (dev 1/1), nor a time read unsurely.
    ("You'll be sorted by Friday.", SURE["commit"], "neutral"),
    ("It'll be working tonight, guaranteed.", SURE["commit"], "neutral"),
    ("Wednesday between 9 and 11, Anouk from accounts will ring you.", SURE["commit"], "neutral"),
    ("Between 8 and 9 on the 14th.", ranking(("commit_next_step", 0.42), ("empathise", 0.33)), "neutral"),
])
def test_a_time_alone_read_surely_as_a_step_dates_it(library, text, reading, own):
    score = score_reply(text, reading, [], library.get("move-and-upgrade"))
    assert band(score.ownership) == own, score


EXPLAINED = ranking(("explain_procedure", 0.45), ("deflect", 0.35), ("cite_policy", 0.1))


@pytest.mark.parametrize("scenario_id, text, reading, own, flex", [
    # Another team named as the one who does it, neutrally or in the passive (batch 148 and QA round
    # 54: neutral or not scored, "The data division will keep after it and call you back" 66).
    ("unpaid-outage", "Compensation questions are handled by account management, sir.", EXPLAINED, "low", None),
    ("denied-iphone", "Billing can look at the start date.", EXPLAINED, "low", None),
    ("move-and-upgrade", "Planning sends you the technician's date by mail.", EXPLAINED, "low", None),
    ("friday-data-line", "The data division will keep after it and call you back.", SURE["commit"], "low", None),
    ("denied-iphone", "No, I can't change your plan. That's the contracts department.", SURE["refuse"], "low", None),
    ("nine-weeks", "No, I can't hold the promotion for you. Only the promotions team can do that.", SURE["refuse"],
     "low", None),
    ("nine-weeks", "Sorry about the Saturday call, that was the outbound team, not us.", ranking(("apologise", 0.6), ("deflect", 0.2)), "low", None),
    # An option the other team gives is still one, fetched elsewhere (scoring guide: 0/2).
    ("unpaid-outage", "The business desk can set you up with a backup SIM on a second network, they'll be in "
     "touch next week.", SURE["offer"], "low", "high"),
    # The agent's own step anywhere in the reply sets it aside (the owning mirrors).
    ("unpaid-outage", "Compensation is handled by account management, so I'm taking it to them myself and I'll "
     "call you at 4 with their answer.", ranking(("escalate_for_customer", 0.9), ("commit_next_step", 0.05)), "high", None),
    ("move-and-upgrade", "I've put the move and the TV upgrade into one order. Planning books the technician and "
     "I'll call you tomorrow at 10 with the slot.", SURE["commit"], "high", None),
    ("friday-data-line", "I'll personally call you back Monday morning at 9. Moves are handled by the data division.",
     SURE["commit"], "high", None),
    # Passive with what is done between (QA round 54: 77 and 59, "Commits to a next step").
    ("move-and-upgrade", "The technician will be booked for the 14th by planning.", SURE["commit"], "low", None),
    ("denied-iphone", "Your account will be fixed by IT support within the hour.", SURE["commit"], "low", None),
    # Not the agent's team said with its own work, nor "it'll be looked at" (scoring guide: 1).
    ("friday-data-line", "It'll be looked at by the department, hopefully today.", EXPLAINED, "neutral", None),
])
def test_another_team_named_as_the_one_who_does_it_is_a_hand_off(library, scenario_id, text, reading, own, flex):
    score = score_reply(text, reading, [], library.get(scenario_id))
    assert band(score.ownership) == own, score
    assert flex is None or band(score.flexibility) == flex, score


@pytest.mark.parametrize("readings, unsure", [
    # Split between the stonewalling moves: which one is a guess, that the trainee stonewalled is not.
    ((("blame_customer", 0.3), ("deflect", 0.25), ("greet", 0.2)), False),
    ((("cite_policy", 0.34), ("refuse", 0.33), ("greet", 0.33)), False),
    # Split between the neutral moves: something neutral was said, whichever it was.
    ((("greet", 0.3), ("apologise", 0.25), ("offer_alternative", 0.2)), False),
    # Split between a stonewall and something else: a guess.
    ((("blame_customer", 0.3), ("offer_alternative", 0.25), ("greet", 0.2)), True),
])
def test_a_kind_of_move_read_for_sure_is_no_guess(readings, unsure):
    score = score_reply("To be fair, a business like yours ought to have had a backup of its own.", ranking(*readings))
    assert score.unsure is unsure


@pytest.mark.parametrize("guess", [
    (("deflect", 0.45), ("greet", 0.30), ("offer_alternative", 0.25)),        # a low guess
    (("make_exception", 0.45), ("offer_alternative", 0.30), ("greet", 0.25)),  # a high guess
])
def test_a_guess_is_neutral_not_the_far_band_it_guessed(guess):
    """Nothing in the words to go on and the model unsure: the figures are the neutral middle
    (every channel shows "not scored"), not the band of the move it guessed."""
    score = score_reply("Right, the KPN side of things then.", ranking(*guess))
    assert score.unsure
    assert (score.ownership, score.flexibility) == (50, 50)


def test_unsure_replies_do_not_count_in_the_session():
    guess = ReplyScore(text="?", ownership=10, flexibility=10, cues=(), reason="r", over_promise=False,
                       move="refuse", unsure=True)
    assert score_session([_reply(80, 80), guess]).ownership == 80
    assert ReplyScore.from_dict(guess.as_dict()).unsure


def test_entities_add_evidence_only_for_positive_moves():
    entities = [{"entity": "temporary_connection", "value": "a 4G router"}]
    text = "I can lend you one of ours"
    plus = score_reply(text, SURE["offer"], entities)
    assert plus.flexibility > score_reply(text, SURE["offer"], []).flexibility
    negative = score_reply(text, SURE["deflect"], entities)
    assert negative.flexibility == score_reply(text, SURE["deflect"], []).flexibility


def _reply(own, flex, move="greet", dated=False, over=()):
    cues = (Cue("today", "time", "names a time", 8, 0),) if dated else ()
    return ReplyScore(text=f"{own}/{flex} {move}", ownership=own, flexibility=flex, cues=cues, reason="r",
                      over_promise=bool(over), move=move, over_promises=tuple(over))


OPENERS = [_reply(51, 50, "greet"), _reply(52, 50, "ask_details"), _reply(53, 50, "apologise"),
           _reply(50, 50, "close"), _reply(48, 44, "explain_procedure")]


@pytest.mark.parametrize("openers", [0, 2, 5])
def test_greetings_questions_and_apologies_do_not_dilute_the_session(openers):
    decisive = [_reply(96, 97, "commit_next_step", dated=True), _reply(90, 51, "commit_next_step", dated=True)]
    session = score_session(OPENERS[:openers] + decisive)
    assert (session.ownership, session.flexibility) == (score_session(decisive).ownership, 97)
    assert session.turns == openers + 2


def test_the_worst_decisive_reply_weighs_extra():
    """Only decisive replies count; the worst of them counts worst_weight (3) times."""
    session = score_session([_reply(80, 80, "commit_next_step"), _reply(80, 80, "commit_next_step"),
                             _reply(51, 50), _reply(20, 20, "deflect")])
    assert session.ownership == round((80 + 80 + 20 * 3) / 5) and session.flexibility == session.ownership
    assert session.best.ownership == 80 and session.worst.ownership == 20


def test_the_worst_reply_is_a_low_one_before_a_lower_total():
    """Play-through 54: a resolved call's only low reply (78/20) had a higher total than a
    neutral 45/45, and the scorecard named no worst reply at all."""
    replies = [_reply(51, 50, "greet"), _reply(45, 45, "ask_details"), _reply(78, 20, "refuse"),
               _reply(93, 79, "commit_next_step", dated=True), _reply(30, 45, "deflect")]
    assert score_session(replies[:4]).worst.flexibility == 20
    assert score_session(replies).worst.ownership == 30  # of two low replies, the lower total
    assert score_session(replies[:2]).worst.ownership == 45  # none low: the lowest total, as before


def test_nothing_decisive_is_neutral_but_nothing_done_is_not_ownership():
    session = score_session([_reply(51, 50), _reply(52, 50, "ask_details")])
    assert (session.ownership, session.flexibility) == (40, 50)


def test_needs_met_add_credit_and_an_over_promise_caps_flexibility(library):
    scenario = library.get("unpaid-outage")
    replies = [_reply(70, 70, "make_exception", dated=True)]
    assert score_session(replies, scenario=scenario).ownership == 70
    assert score_session(replies, scenario=scenario, met=["goodwill_gesture"]).ownership == 75
    assert score_session(replies, scenario=scenario, met=["goodwill_gesture", "follow_up_person"]).ownership == 80
    over = score_session(replies * 3 + [_reply(90, 45, "make_exception", over=("business_damages",))],
                         scenario=scenario, met=["goodwill_gesture", "follow_up_person"])
    assert over.flexibility == 59 and over.tip_keys[0] == "over_promise" and "lost assignment" in over.tip


def test_the_tally_does_not_grow_with_the_call():
    replies = [_reply(51, 50), _reply(20, 30, "deflect"), _reply(80, 70, "commit_next_step", dated=True),
               _reply(48, 20, "cite_policy"), _reply(90, 45, "make_exception", over=("x",))]
    short, long = SessionTally.of(replies), SessionTally.of(replies * 60)
    def shape(tally):  # the same fields and lists; only the numbers in them grow (in digits)
        return re.sub(r"\d+", "0", json.dumps(tally.as_dict()))

    assert shape(short) == shape(long)
    again = SessionTally(json.loads(json.dumps(long.as_dict())))
    assert again.session_score() == long.session_score()


def test_a_tally_stored_before_the_groups_is_still_read():
    """An old tally kept sums and the best and worst reply: those two count where decisive."""
    old = {"count": 4, "own_sum": 240, "flex_sum": 230, "own_min": 45, "flex_min": 30,
           "best": _reply(90, 80, "commit_next_step").as_dict(), "worst": _reply(45, 30, "cite_policy").as_dict(),
           "lowest_own_move": "cite_policy", "over_promise": False}
    session = SessionTally(old).session_score()
    assert (session.ownership, session.flexibility, session.turns) == (90, round((80 + 30 * 3) / 4), 4)
    assert session.tip_keys[0] == "rule_first"
    assert SessionTally({}).session_score().turns == 0


@pytest.mark.parametrize("replies, tips", [
    # (the replies, the tip keys in order; no case, so no need is named)
    ([_reply(80, 80, "commit_next_step", dated=True), _reply(75, 70, "make_exception", dated=True)], ["well_done"]),
    ([_reply(20, 60, "deflect")], ["deflection", "ownership_neutral"]),
    ([_reply(25, 30, "blame_customer"), _reply(70, 51, "commit_next_step", dated=True)],
     ["blame", "flexibility_neutral"]),
    ([_reply(48, 20, "cite_policy"), _reply(70, 70, "make_exception", dated=True)], ["rule_first"]),
    ([_reply(48, 20, "refuse"), _reply(70, 51, "commit_next_step", dated=True)], ["flexibility_low"]),
    ([_reply(50, 70, "offer_alternative")], ["ownership_neutral"]),
    ([_reply(70, 50, "commit_next_step")], ["flexibility_neutral", "no_time"]),
    # QA round 14: a deed done on the spot needs no time put on it.
    ([dataclasses.replace(_reply(70, 50, "commit_next_step"), cues=(Cue("I have booked", "done", "done", 16, 0),))],
     ["flexibility_neutral"]),
    # QA round 28: nor after a time given alone ("Tonight at 8.") or a deed held neutral.
    ([_reply(70, 50, "commit_next_step"),
      dataclasses.replace(_reply(52, 50, "commit_next_step"), cues=(Cue("Tonight at 8", "time", "names a time", 0, 0),))],
     ["flexibility_neutral"]),
    ([_reply(70, 50, "commit_next_step"),
      dataclasses.replace(_reply(59, 50, "commit_next_step"), cues=(Cue("it's booked", "done", "done", 16, 0),))],
     ["flexibility_neutral"]),
    ([_reply(90, 45, "make_exception", over=("x",)), _reply(70, 70, "make_exception", dated=True)],
     ["over_promise"]),
])
def test_tips_come_from_what_happened_ranked_by_what_they_would_add(replies, tips):
    session = score_session(replies)
    assert list(session.tip_keys) == tips
    rubric = default_rubric()
    assert session.tip == session.tips[0] and all(t in rubric.tips.values() or "{" not in t for t in session.tips)


def test_a_tip_names_the_open_need_and_an_offer_from_the_case(library):
    scenario = library.get("unpaid-outage")
    session = score_session([_reply(96, 97, "commit_next_step", dated=True)], scenario=scenario,
                            met=["goodwill_gesture"])
    assert session.tip_keys == ("unmet_need",)
    assert "a named person who follows this up" in session.tip and "account manager" in session.tip


def test_no_tip_asks_for_what_the_call_already_shows():
    """Whatever the call, a tip's ask (TIP_ASKS) is never something the replies show was done."""
    import itertools

    pool = [_reply(96, 97, "commit_next_step", dated=True), _reply(80, 51, "commit_next_step"),
            _reply(52, 70, "offer_alternative"), _reply(48, 20, "cite_policy"), _reply(20, 30, "deflect"),
            _reply(51, 50, "greet"), _reply(90, 45, "make_exception", over=("x",)), _reply(25, 30, "blame_customer")]
    for size in (1, 2, 3):
        for replies in itertools.permutations(pool, size):
            session = score_session(list(replies))
            done = set()
            if any(r.flexibility >= 60 for r in replies):
                done.add("option")
            if any(r.ownership >= 60 for r in replies):
                done.add("commitment")
            if any(r.ownership >= 60 and r.cues for r in replies):
                done.add("time")
            asked = {TIP_ASKS[key] for key in session.tip_keys}
            assert not asked & done, (replies, session.tip_keys)
            assert 1 <= len(session.tips) <= 3


def test_rubric_file_errors_name_the_field(tmp_path):
    bad = tmp_path / "rubric.yml"
    bad.write_text("version: 1\nmoves: {}\ncues:\n  - kind: x\n    label: y\n"
                   "    patterns: [{match: '(oops', example: oops}]\n"
                   "    ownership: 1\n    flexibility: 1\nnegations: x\ncontrast: y\ncaps: {}\n"
                   "session: {worst_weight: 2}\ntips: {}\n")
    with pytest.raises(ValueError, match=r"cues\[0\]\.patterns\[0\]\.match: not a valid regular expression"):
        load_rubric(bad)


# The band check (rubric.yml `band_check:`, docs/nlu.md): a far score is held at the near edge of
# the neutral band only when the band check is more than 0.5 sure of the other far band or less
# than 0.25 sure of the one scored (the shipped rubric's ownership); flexibility is not checked.
OWNED = "I'll ring the data department myself now and call you back by four with the engineer's slot."
RIGID = "That's the procedure, I'm afraid, there's nothing I can do about it."


def _estimate(low, neutral, high, dimension="ownership"):
    return {dimension: {"low": low, "neutral": neutral, "high": high}}


@pytest.mark.parametrize("text, move, bands, ownership_band, held", [
    (OWNED, "commit_next_step", None, "high", False),
    (OWNED, "commit_next_step", _estimate(0.45, 0.1, 0.45), "high", False),     # not sure enough
    (OWNED, "commit_next_step", _estimate(0.5, 0.1, 0.4), "high", False),       # the threshold itself
    (OWNED, "commit_next_step", _estimate(0.62, 0.3, 0.08), "neutral", True),   # held at 59
    (OWNED, "commit_next_step", _estimate(0.0, 0.7, 0.3), "high", False),       # neutral, high still likely
    (OWNED, "commit_next_step", _estimate(0.0, 0.75, 0.25), "high", False),     # scored_below itself
    (OWNED, "commit_next_step", _estimate(0.0, 0.95, 0.05), "neutral", True),   # high seldom: held at 59
    (OWNED, "commit_next_step", _estimate(0.9, 0.05, 0.05, "flexibility"), "high", False),  # not checked
    (OWNED, "commit_next_step", {"ownership": "low"}, "high", False),           # malformed: checks nothing
    (OWNED, "commit_next_step", {"ownership": {"low": "x"}}, "high", False),
    (RIGID, "cite_policy", _estimate(0.05, 0.3, 0.65), "neutral", True),        # held at 41
    (RIGID, "cite_policy", _estimate(0.9, 0.05, 0.05), "low", False),           # agrees
    (RIGID, "cite_policy", _estimate(0.1, 0.85, 0.05), "neutral", True),        # low seldom: held at 41
])
def test_the_band_check_holds_a_far_score_only_when_sure_of_the_other_far_band(text, move, bands, ownership_band, held):
    plain = score_reply(text, [{"name": move, "confidence": 0.9}])
    checked = score_reply(text, [{"name": move, "confidence": 0.9}], bands=bands)
    assert band(plain.ownership) == ("high" if text == OWNED else "low")
    assert band(checked.ownership) == ownership_band
    assert checked.flexibility == plain.flexibility
    assert ("counted as neutral on ownership, not" in checked.reason) is held
    assert not re.search(r"\d\.\d", checked.reason)  # no estimate's number in words a trainee reads
    if held:
        assert checked.ownership == (59 if text == OWNED else 41)
        assert "team leads" not in checked.reason  # coaching words, not a calibration note (QA round 18)
        # ...that say what would count (QA rounds 20-22: "replies worded like this are seldom rated high")
        assert ("say plainly what you will do and when" in checked.reason if text == OWNED
                else "could not be sure it pushes the problem away" in checked.reason), checked.reason
        assert "worded like this" not in checked.reason
    else:
        assert checked.ownership == plain.ownership


@pytest.mark.parametrize("text, move, scenario_id, held", [
    # The agent's own plain step to one of the case's offers (QA rounds 20 and 21: 59, neutral).
    ("I'll send a mobile stick.", "commit", "nine-weeks", False),
    ("i ship u a 4g router tomorrow no cost, so u can keep working from home meantime", "offer", "nine-weeks", False),
    # Not an offer asked about, a team's promise, an option named, or a step that is no gesture.
    ("I'll send you a mobile stick today, would that help?", "commit", "nine-weeks", True),
    ("We'll get a 4G router out to you today.", "commit", "nine-weeks", True),
    ("One option is a 4G router, I'll send it today.", "commit", "nine-weeks", True),
    ("I'll put in a request to get the email fixed, it usually takes a few days.", "commit", "denied-iphone", True),
    # A choice asked, then the dated step said (batch 83: held neutral for the question mark);
    # not the step itself asked.
    ("Would you prefer a 4G router or a USB stick? Either one I'll send out free today.", "offer", "nine-weeks",
     False),
    ("Would you rather have a credit of three months or a backup SIM? Pick one and I'll do it before we hang up.",
     "offer", "unpaid-outage", False),
    ("Could I send you a 4G router? I'll courier it today if you want.", "offer", "nine-weeks", True),
])
def test_a_plain_deed_is_not_held_for_being_seldom_rated_high(library, text, move, scenario_id, held):
    """A reply that commits the agent to one of the case's gestures keeps its high score unless
    the band check is sure of low; worded as seldom rated high is not enough."""
    seldom_high = _estimate(0.0, 0.8, 0.2)
    checked = score_reply(text, SURE[move], [], library.get(scenario_id), bands=seldom_high)
    plain = score_reply(text, SURE[move], [], library.get(scenario_id))
    assert band(plain.ownership) == "high", plain
    assert (checked.ownership == 59) is held, checked
    assert score_reply(text, SURE[move], [], library.get(scenario_id), bands=_estimate(0.8, 0.1, 0.1)).ownership \
        == 59  # sure of low: still held


@pytest.mark.parametrize("text, move, held", [
    # The customer blamed in the agent's words and nothing else (dev: 24 "why did/didn't you"
    # questions, all ownership 0; play-through 35: 6 of 17 held neutral).
    ("Why did you sign for 18 months if a new phone mattered that much to you?", "ask", False),
    ("Why didn't you tell us about the move earlier?", "ask", False),
    ("You agreed to 18 months when you migrated, so the iPhone was never on the table for you.", "blame", False),
    # Not beside the agent's own step, understanding or an offer.
    ("Why didn't you tell us earlier? I can credit a month for the trouble.", "ask", True),
    ("I understand, but why didn't you tell us about the move earlier?", "ask", True),
    ("I'm sorry, but why didn't you tell us about the move earlier?", "ask", True),
])
def test_plain_blame_is_not_held_for_being_seldom_rated_low(text, move, held):
    """A reply whose only words blame the customer keeps its low ownership unless the band check
    is sure of high; worded like a question for facts, as few low replies are, is not enough."""
    seldom_low = _estimate(0.2, 0.75, 0.05)
    plain = score_reply(text, SURE[move])
    checked = score_reply(text, SURE[move], bands=seldom_low)
    assert band(plain.ownership) == "low", plain
    assert (checked.ownership == 41) is held, checked
    if not held:
        assert checked.ownership == plain.ownership, checked
        assert score_reply(text, SURE[move], bands=_estimate(0.1, 0.3, 0.6)).ownership == 41  # sure of high


@pytest.mark.parametrize("scenario_id, text, move", [
    # Batch 174: held at 41 by the estimate, 3 of 3; dev labels 174 of 186 such replies ownership 0.
    ("unpaid-outage", "No gesture is possible under the business terms, sorry Mr Mulder. Anything else?", "refuse"),
    ("nine-weeks", "Sorry, I've been told the promotion can't be held for you. Have a nice day.", "refuse"),
    ("move-and-upgrade", "Those are the rules for moves I'm afraid. Thank you and goodbye.", "cite_policy"),
    ("unpaid-outage", "Sorry, compensation isn't possible under force majeure. Is there anything else today?", "close"),
    ("move-and-upgrade", "Not possible to do both, sorry. Anything else for today?", "refuse"),
    # Guard: no goodbye in its words, only the model's reading of a close.
    ("unpaid-outage", "Was there anything else on your mind, or shall we leave it there?", "close"),
])
def test_a_no_and_a_goodbye_in_one_reply_is_not_held_for_being_seldom_rated_low(library, scenario_id, text, move):
    """A no or the rule, then the goodbye: the reply's own words close the call with nothing done."""
    scenario = library.get(scenario_id)
    checked = score_reply(text, SURE[move], [], scenario, bands=_estimate(0.1, 0.8, 0.1))
    assert (checked.ownership <= 35) is ("leave it there" not in text), checked
    if "leave it there" in text:
        return
    assert score_reply(text, SURE[move], [], scenario, bands=_estimate(0.1, 0.3, 0.6)).ownership == 41  # sure of high


@pytest.mark.parametrize("text", ["Is there anything else I can help you with?", "ok. anything else?", "Bye."])
def test_a_close_in_a_call_with_nothing_done_is_not_held_for_being_seldom_rated_low(library, text):
    """Play-through 37: "Is there anything else I can help you with?" after stonewalling scored 41,
    "could not be sure", in 3 of 4 calls. The call, not the words, makes it a close with nothing
    done; how seldom such words alone are rated low says nothing of that."""
    scenario = library.get("nine-weeks")
    seldom_low = _estimate(0.1, 0.8, 0.1)
    assert band(score_reply(text, SURE["close"], [], scenario, bands=seldom_low).ownership) == "neutral"
    assert score_reply(text, SURE["close"], [], scenario, bands=seldom_low, nothing_done=True).ownership <= 35


def test_the_band_check_checks_only_the_dimensions_the_rubric_names():
    import dataclasses

    rubric = dataclasses.replace(default_rubric(), band_check={"flexibility": BandCheck(0.5)})
    text = "I can't offer anything on that, the terms are clear."
    plain = score_reply(text, [{"name": "refuse", "confidence": 0.9}], rubric=rubric)
    checked = score_reply(text, [{"name": "refuse", "confidence": 0.9}], rubric=rubric,
                          bands={"flexibility": {"low": 0.1, "neutral": 0.2, "high": 0.7},
                                 "ownership": {"low": 0.0, "neutral": 0.0, "high": 1.0}})
    assert band(plain.flexibility) == "low" and checked.flexibility == 41
    assert checked.ownership == plain.ownership


@pytest.mark.parametrize("typed, read", [
    ("i call u back tomorow 11", "i call you back tomorrow 11"),
    ("leave it w me, txt u b4 6 tonite", "leave it with me, text you before 6 tonight"),  # stop 47 (dev)
    # "one" for the thing named before it, after a verb of giving (QA round 32).
    ("A router for the gap: I'm sending you one free today.", "A router for the gap: I'm sending you a router free today."),
    ("Give me one moment.", "Give me one moment."),
    ("I'm sending one today.", "I'm sending one today."),  # nothing named before it
    ("A 4G router is something our webshop sells; you can order one there.",
     "A 4G router is something our webshop sells; you can order one there."),  # the customer's getting
    ("w/o a doubt", "w/o a doubt"),  # not a slash's half
    ("U can pick it up, pls show ur order nr", "you can pick it up, please show your order number"),
    ("Plan U-turn: the UR-2 router", "Plan U-turn: the UR-2 router"),  # only whole words
    ("you\u2019re   through", "you're through"),
    # QA round 26: typed fast, and second-language English reporting a deed.
    ("ill send u a 4g ruter tomorow", "i'll send you a 4g router tomorrow"),
    ("ok and tecnician comes on 14th", "ok and technician comes on 14th"),
    ("i have fix the email and reset your login", "i have fixed the email and reset your login"),
    ("We have already send it", "We have already sent it"),
    ("the fix I have in mind", "the fix I have in mind"),  # not a deed
    # In the passive (batch 89); not what the agent can do, nor a fact confirmed.
    ("the router is send with courier", "the router is sent with courier"),
    # QA round 27: typed fast on the case's key words.
    ("the laptop is garanteed for you", "the laptop is guaranteed for you"),
    ("the router for the gap is arrange, free", "the router for the gap is arranged, free"),
    ("I have make a credit of two month", "I have made a credit of two month"),
    ("What I can do is send a router today.", "What I can do is send a router today."),
    ("Your email is correct now.", "Your email is correct now."),
    # Play-through 37: typed fast on the words of the case's offers.
    ("ok ill put the move + the digtal tv in one oder rite now",
     "ok i'll put the move + the digital tv in one order right now"),
    ("as goodwil ill put 3 monts credit on ur acount", "as goodwill i'll put 3 months credit on your account"),
    ("hey mr mulder, realy sory abt the outage + that leter", "hey mr mulder, really sorry about the outage + that letter"),
    # QA round 53: "-ing" typed without its "i"; not a word that ends so ("long", "among", "Hong").
    ("yes, emailng it now", "yes, emailing it now"),
    ("sendng the router, bookng the tech", "sending the router, booking the tech"),
    ("a long wrong thing among young Hong Kong", "a long wrong thing among young Hong Kong"),
])
def test_chat_shorthand_is_read_as_the_words_it_stands_for(typed, read):
    from bot.coach.scoring import normalise

    assert normalise(typed) == read


@pytest.mark.parametrize("scenario_id, text, offer", [
    ("nine-weeks", "The laptop I reserve now for you on the date of today, you receive email with confirm this "
     "afternoon.", "reserve_promotion"),
    ("move-and-upgrade", "ok ill put the move + the digtal tv in one oder rite now", "single_order"),
    ("unpaid-outage", "ok as goodwil ill put 3 monts credit on ur acount today, 150 eur", "goodwill_credit"),
])
def test_a_second_language_or_typed_fast_offer_is_read(library, scenario_id, text, offer):
    """Play-through 37: 5 of 15 second-language and typo calls lost an offer, and the customer asked
    for what had just been given."""
    assert offer in score_reply(text, SURE["commit"], [], library.get(scenario_id)).offers


@pytest.mark.parametrize("text, offered", [
    # Play-through 38: the agent's follow-up, then their dated call (3 of 3 left the need open).
    ("I'll personally follow this up and call you on Thursday at 10.", True),
    ("I'll follow this up personally and ring you on Thursday at 10.", True),
    ("I'll ask my manager to call you on Monday.", False),
    ("I'll make sure they call you on Monday.", False),
])
def test_the_outage_follow_up_by_the_agent_in_other_words(library, text, offered):
    assert ("direct_number" in score_reply(text, SURE["commit"], [], library.get("unpaid-outage")).offers) is offered


@pytest.mark.parametrize("text, offered", [
    # Play-through 38: the technician by a pronoun, or the day corrected and booked (3 of 4 open).
    ("Sorry, I mean Thursday the 14th, your moving day. That's booked.", True),
    ("Ok, I'll book him for your moving day.", True),
    ("Moving day is fully booked, sorry.", False),
])
def test_the_moving_day_technician_in_other_words(library, text, offered):
    scenario = library.get("move-and-upgrade")
    assert ("moving_day_technician" in score_reply(text, SURE["commit"], [], scenario).offers) is offered


@pytest.mark.parametrize("text", [
    "I'm chasing it. I'll stay on with the data division and call you back at 6 tonight.",
    "I'll call at 6 as promised.",
])
def test_the_friday_call_back_in_other_words(library, text):
    assert "direct_contact" in score_reply(text, SURE["commit"], [], library.get("friday-data-line")).offers


def test_an_explored_option_read_as_an_offer_says_it_explores(library):
    """QA round 21: "Offers an alternative; looking into an option is not yet offering it". (Since QA
    round 45 a reply that is only the question asks for the facts, as the dev labels have it.)"""
    score = score_reply("Is there anything I could do today that would make the 18 months feel fairer to you?",
                        SURE["offer"], [], library.get("denied-iphone"))
    assert score.reason.startswith("Asks for the facts") and band(score.flexibility) == "neutral", score
    score = score_reply("Let me check whether retention can do anything about the 18 months for you.",
                        SURE["offer"], [], library.get("denied-iphone"))
    assert score.reason.startswith("Explores what might help") and band(score.flexibility) == "neutral", score


@pytest.mark.parametrize("text, relays", [
    ("The data division says they'll release it tonight.", True),
    ("I've spoken to the data division, they're releasing the order tonight.", False),  # no "says": the agent's report
    ("Billing confirmed they will credit the 50 euros.", True),
    ("KPN just confirmed they'll cancel the ISDN on the 1st.", True),  # QA round 26: 34/38, "Passes the problem on"
    ("The data division said they'll call you back Monday morning.", False),  # their call: a hand-off
    ("Retention say they'll be in touch.", False),
    ("My manager says it's not possible.", False),
])
def test_another_teams_yes_relayed_is_told_from_their_call(text, relays):
    from bot.coach.scoring import relays_a_deed
    assert relays_a_deed(text) is relays


def test_the_guides_exploring_example_is_scored_when_the_model_is_unsure():
    """QA round 21: "Let me look at what retention can do." read at 0.26 was not scored."""
    score = score_reply("Let me look at what retention can do.",
                        ranking(("offer_alternative", 0.26), ("take_ownership", 0.22), ("list_scenarios", 0.2)))
    assert not score.unsure and band(score.ownership) == band(score.flexibility) == "neutral", score


def test_the_rules_scope_is_no_blame(library):
    """QA round 21: "...it's only for new customers" was labelled "blames the customer ('it's only')"."""
    score = score_reply("I can't give you a new iPhone, sorry, it's only for new customers.", SURE["refuse"], [],
                        library.get("denied-iphone"))
    assert "blame" not in {cue.kind for cue in score.cues} and "blames" not in score.reason, score
    assert "blame" in {cue.kind for cue in score_reply("Relax, it's only two o'clock.", SURE["blame"]).cues}


def test_the_fee_said_to_be_standard_is_the_rule_in_any_word_order(library):
    """QA round 22: "The installation fee is standard, I'm afraid, 49 euros." read as make_exception
    scored 51/60, "Makes an exception or a gesture" (only round 20's word order was known)."""
    score = score_reply("The installation fee is standard, I'm afraid, 49 euros.",
                        ranking(("make_exception", 0.71), ("refuse", 0.13), ("cite_policy", 0.07)), [],
                        library.get("move-and-upgrade"))
    assert band(score.flexibility) == "low" and "policy" in {cue.kind for cue in score.cues}, score


@pytest.mark.parametrize("scenario_id, text, reading", [
    ("move-and-upgrade", "YES both in one order. tech 14th morning.",
     (("explain_procedure", 0.24), ("offer_alternative", 0.14), ("commit_next_step", 0.13))),
    ("move-and-upgrade", "sorry. i did put move + tv in 1 order. technician comes the 14th in the morning.",
     (("explain_procedure", 0.41), ("offer_alternative", 0.1), ("refuse", 0.08))),
    ("nine-weeks", "Router. Free. Ships today.", (("make_exception", 0.4), ("refuse", 0.08), ("offer_alternative", 0.08))),
    ("friday-data-line", "Router tonight. Courier. 9 pm.",
     (("offer_alternative", 0.23), ("make_exception", 0.23), ("commit_next_step", 0.13))),
])
def test_a_terse_reply_the_model_doubts_makes_the_offer_it_names(library, scenario_id, text, reading):
    """QA round 22: 4 of 7 terse replies were "not scored", and the customer asked again."""
    score = score_reply(text, ranking(*reading), [], library.get(scenario_id))
    assert not score.unsure and score.offers and band(score.flexibility) == "high", score


def test_a_rule_the_model_doubts_does_not_make_the_offer_it_names(library):
    score = score_reply("Sorry, our system won't take a move and an upgrade on one order.",
                        ranking(("explain_procedure", 0.3), ("refuse", 0.2), ("cite_policy", 0.2)), [],
                        library.get("move-and-upgrade"))
    assert band(score.flexibility) != "high", score


@pytest.mark.parametrize("text", ["I've read the fault line's notes.", "I've gone through the fault line's notes."])
def test_the_fault_lines_notes_read_are_no_hand_off(library, text):
    """QA round 23: "I've read the fault line's notes." scored 21/27 "passes the problem on"."""
    score = score_reply(text, SURE["explain"], [], library.get("friday-data-line"))
    assert "deflection" not in {cue.kind for cue in score.cues if cue.ownership or cue.flexibility}, score


def test_the_agents_own_moves_told_as_small_talk_are_no_deed(library):
    """QA round 23: "I've moved house three times myself, it's a nightmare!" scored 81 on ownership."""
    score = score_reply("I've moved house three times myself, it's a nightmare!",
                        ranking(("make_exception", 0.48), ("take_ownership", 0.25), ("empathise", 0.1)), [],
                        library.get("move-and-upgrade"))
    assert band(score.ownership) != "high" and not {"commitment", "contact"} & {c.kind for c in score.cues}, score


@pytest.mark.parametrize("text, scenario_id, flex, starts", [
    # QA round 23: hedges read as refusals were "Refuses without an alternative" at flexibility 38-42;
    # a hedge refuses nothing (scoring guide: vague or hedged promises are 1/1).
    ("Perhaps something can be done about the fee, I'm not certain.", "move-and-upgrade", "neutral", "Hedges"),
    ("Maybe, I don't know, possibly there's something for loyal customers, it depends.", "unpaid-outage",
     "neutral", "Hedges"),
    ("I think it might be possible to do both, I'll have to check.", "move-and-upgrade", "neutral", "Hedges"),
    # The words that do refuse still refuse (batch 70, which the hedge rule first read as a hedge).
    ("Sorry, nothing more can be done tonight.", "friday-data-line", "low", "Refuses"),
    ("Perhaps you misunderstood: that is not possible.", "move-and-upgrade", "low", "Refuses"),
])
def test_a_hedge_read_as_a_refusal_refuses_nothing(library, text, scenario_id, flex, starts):
    score = score_reply(text, SURE["refuse"], [], library.get(scenario_id))
    assert band(score.flexibility) == flex and score.reason.startswith(starts), score


@pytest.mark.parametrize("text", ["Tele2. Shoot.", "tele2, mark. wat can i do", "KPN. What can I do for you today",
                                  "KPN, go ahead.",
                                  # With the file at hand (QA round 43: 5 of 6 not scored).
                                  "Hi Mr Hoekstra, I've read your file.", "Hello Mr Kuipers, I have your file in front of me.",
                                  "Hi, I've read your notes."])
def test_the_phone_answered_with_the_companys_name_is_a_greeting_not_an_unclear_wording(text):
    """QA rounds 22 and 23: "Tele2. Shoot." was "Not scored" and the customer said "Come again?"."""
    score = score_reply(text, ranking(("blame_customer", 0.18), ("greet", 0.18), ("deflect", 0.09)))
    assert not score.unsure and score.move == "greet" and band(score.ownership) == band(score.flexibility) == "neutral"


@pytest.mark.parametrize("text, move", [
    ("Good afternoon, I'm Mark. Let me make sure I understand everything.", "greet"),
    ("evening karin, so sory abt today", "greet"),
    ("Good evening and thanks for holding.", "greet"),
    ("Good evening and thanks for calling, goodbye.", "close"),  # it takes leave
    ("Evening slot's booked, bye.", "close"),
])
def test_a_reply_read_as_a_close_that_opens_on_a_greeting_greets(text, move):
    """Play-through 37: "Closes the call" for an opening, 3 of 3; dev: 7 of 7 such replies are
    labelled greet."""
    assert score_reply(text, ranking(("close", 0.5), ("greet", 0.3))).move == move


@pytest.mark.parametrize("text, kind", [
    ("I can log a note on your account about the login problem.", "vague"),
    ("Good morning Mr van Dam, I'm Sandra. I've read what happened, and nine weeks without a line because of our "
     "procedure is not acceptable.", "reasonable"),
    ("hey mr mulder, realy sory abt the outage + that leter", "empathy"),
])
def test_plain_words_are_read_however_unsure_the_model(text, kind):
    """Play-through 37: not scored, and the customer asked what was meant."""
    score = score_reply(text, ranking(("deflect", 0.2), ("take_ownership", 0.18), ("apologise", 0.15)))
    assert not score.unsure and kind in {c.kind for c in score.cues}, score


@pytest.mark.parametrize("text", ["8 pm.", "The 14th.", "Monday.", "Morning, 8 to 12.", "tonight", "By Thursday at 10."])
def test_a_time_alone_answers_when_and_is_scored_neutral(text):
    """QA round 27: the customer's "What time?" answered "8 pm." was not scored (4 of 6) and the
    customer said "Come again?"; "Morning, 8 to 12." was a greeting."""
    score = score_reply(text, ranking(("empathise", 0.3), ("deflect", 0.2), ("greet", 0.2)))
    assert not score.unsure and score.reason.startswith("Names a time"), score
    assert band(score.ownership) == band(score.flexibility) == "neutral", score


@pytest.mark.parametrize("text", ["Good evening.", "Good evening!", "good evening, Mrs Dekker"])
def test_a_greeting_alone_read_as_a_close_is_a_greeting(text):
    """QA round 27: "Good evening." on the Friday evening case was read as a close (5 of 5), and the
    customer heard the trainee hang up."""
    score = score_reply(text, SURE["close"])
    assert score.move == "greet" and not any(cue.kind == "closing" for cue in score.cues), score


PLAY_THROUGH_24 = [
    # QA round 24. The customer's choice seen with him is no blame (5 of 5 wordings were).
    ("I can see why you chose our bundle, the laptop is a great deal.", "empathise", "nine-weeks", "neutral",
     "neutral", "Shows understanding"),
    ("You agreed to this, that's how it is.", "blame", "nine-weeks", "low", "low", "Puts the blame"),
    # An answer promised on an option is not the option given (it was thanked for as given).
    ("Tomorrow at 2 pm I'll call you with an answer on the 24-month plan with a new iPhone.", "commit",
     "denied-iphone", "high", "neutral", "Commits to a next step"),
    ("I'll come back to you tomorrow about waiving the installation fee.", "commit", "move-and-upgrade", "high",
     "neutral", "Commits to a next step"),
    ("I'll call you tomorrow at 11 to tell you whether the laptop can be reserved.", "commit", "nine-weeks", "high",
     "neutral", "Commits to a next step"),
    ("Can you hold? I'm checking with the on-call technician.", "commit", "friday-data-line", "neutral", "neutral",
     "Asks the customer to hold"),
    # The rule's "only guaranteed" guarantees nothing; "no need to cancel, I can do both" offers.
    ("I understand, sir. But the laptop is only guaranteed under the procedure.", "cite_policy", "nine-weeks", "neutral",
     "low", "Hides behind the policy"),
    ("No need to cancel, I can do both.", "refuse", "move-and-upgrade", "neutral", "high", "Offers what the agent"),
    # A dated "get back to you" commits; undated, it stays vague.
    ("I'll get back to you on Thursday.", "commit", None, "high", "neutral", "Commits to a next step"),
    ("I'll get back to you.", "commit", None, "neutral", "neutral", "Commits to a next step"),
    # British sympathy; the rule named to be set aside.
    ("Sorry you got woken up on a Saturday, that's not on. What can I sort out for you?", "apologise",
     "friday-data-line", "neutral", "neutral", "Apologises"),
    ("A combined order is just not on.", "refuse", "move-and-upgrade", "neutral", "low", "Refuses"),
    ("Force majeure is no answer to a loyal customer, and I won't use it.", "refuse", "unpaid-outage", "neutral",
     "neutral", "Uses negative words only to set them aside"),
    # The agent's own step read as a hand-off passes nothing on; the number of another team does.
    ("KPN, Bram. Monday morning is not a plan, agreed. Please hold for a moment, I'm going to ring the data "
     "division.", "deflect", "friday-data-line", "high", "neutral", "Commits to act"),
    ("I'll get you the number for retention, they decide about phones, alright?", "deflect", "denied-iphone",
     "neutral", "low", ""),
    # An offer to look into it, taken back (dev: it lost its low ownership once the check offered nothing).
    ("I can check with my supervisor but I already know the answer, one order at a time.", "refuse",
     "move-and-upgrade", "low", "low", "Refuses"),
]



@pytest.mark.parametrize("text, move", [
    ("I don't know, honestly.", "blame"),
    ("Maybe.", "blame"),
    ("I'm not sure.", "refuse"),
    ("No idea, sorry.", "refuse"),
    ("Hmm. I don't know.", "refuse"),
    ("I'm honestly not sure why they said that.", "refuse"),
    ("Maybe a technician can come, I don't know.", "blame"),
])
def test_not_knowing_puts_nothing_on_the_customer(text, move):
    """Play-through 39: 8 of 10 such replies were read as blame or a refusal, however sure the model."""
    score = score_reply(text, SURE[move])
    assert band(score.ownership) == band(score.flexibility) == "neutral" and score.reason == "Says they don't know", score


@pytest.mark.parametrize("text, move, own, flex", [
    # Guards: what goes with not knowing still counts.
    ("I don't know, it's not my department.", "deflect", "low", "low"),
    ("I don't know why you didn't call earlier.", "blame", "low", "low"),
    ("Not sure. Policy is policy.", "cite_policy", "neutral", "low"),
])
def test_not_knowing_beside_a_negative_keeps_it(text, move, own, flex):
    score = score_reply(text, SURE[move])
    assert (band(score.ownership), band(score.flexibility)) == (own, flex), score


def assert_read_as(library, scenario_id, text, reading, own, flex):
    """The reply scored in the case with the model's reading given: its bands as wanted ("not low":
    neutral or high)."""
    score = score_reply(text, reading, [], library.get(scenario_id))
    got = band(score.ownership), band(score.flexibility)
    assert all(b != "low" if want == "not low" else b == want for b, want in zip(got, (own, flex), strict=True)), score
    return score


# QA round 41 and batch 129: replies whose words were read for less, or for the opposite, of what
# they do. (scenario, text, model reading, ownership band, flexibility band)
READ_FOR_WHAT_THEY_DO = [
    # The customer spared a cost is no no (the free router's cost asked about: 4 of 6 read rigid).
    ("friday-data-line", "No, it won't cost you anything.", SURE["refuse"], "neutral", "high"),
    ("friday-data-line", "No cost to you, no.", SURE["refuse"], "neutral", "high"),
    ("friday-data-line", "No extra charge, no.", ranking(("refuse", 0.62), ("make_exception", 0.2)), "neutral", "high"),
    # (QA round 44: 5 of 11 read as a no, or as blame.)
    ("nine-weeks", "No, it costs you nothing.", SURE["refuse"], "neutral", "high"),
    ("friday-data-line", "No, none of this costs you anything.", ranking(("refuse", 0.33), ("make_exception", 0.2)),
     "neutral", "high"),
    ("nine-weeks", "It costs you nothing.", ranking(("blame_customer", 0.39), ("make_exception", 0.2)), "neutral", "high"),
    # A rule disowned in the words after it, in its sentence or the next.
    ("unpaid-outage", "Force majeure is not an answer I'm going to give you.", ranking(("refuse", 0.75), ("cite_policy", 0.1)),
     "neutral", "neutral"),
    ("denied-iphone", "I'm sorry: fifteen years with the same number and you're told rules are rules. That's not how it "
     "should go.", ranking(("cite_policy", 0.46), ("empathise", 0.3)), "neutral", "neutral"),
    ("denied-iphone", "Your colleague said migration rules are migration rules. I'm not going to say that.", SURE["cite_policy"],
     "neutral", "neutral"),
    # The offer said to be possible, with weight.
    ("move-and-upgrade", "Moving and upgrading at once is absolutely possible, and you don't need to cancel anything.",
     ranking(("refuse", 0.39), ("offer_alternative", 0.2)), "neutral", "high"),
    # The rule said as what is normal, set aside by the agent's own act (two bands off before).
    ("friday-data-line", "Normally the on-call engineer is for faults only, but a business without data all weekend is "
     "reason enough. I'm booking him now.", ranking(("make_exception", 0.58), ("cite_policy", 0.2)), "high", "not low"),
    # British understatement, with the model unsure of a negative move.
    ("unpaid-outage", "I do appreciate it's a bit of a nuisance.", ranking(("blame_customer", 0.35), ("empathise", 0.3)),
     "neutral", "neutral"),
    ("unpaid-outage", "I appreciate that's not ideal.", ranking(("refuse", 0.37), ("empathise", 0.3)), "neutral", "neutral"),
    # Checks that what was given suits the customer.
    ("friday-data-line", "Stop me when you're happy.", ranking(("blame_customer", 0.49), ("ask_details", 0.2)),
     "neutral", "neutral"),
    # Short confirmations of what was asked for or arranged.
    ("nine-weeks", "Yes, in writing.", ranking(("empathise", 0.23), ("commit_next_step", 0.2)), "high", "neutral"),
    ("nine-weeks", "In writing, yes.", ranking(("commit_next_step", 0.21), ("empathise", 0.2)), "high", "neutral"),
    ("friday-data-line", "The technician will be there.", ranking(("deflect", 0.61), ("commit_next_step", 0.2)),
     "not low", "neutral"),
    # The agent's own promise is no rule; "I'll do ... for you" is a step; a bare "let me think" is a hold.
    ("friday-data-line", "The case is closed on my side only when you're happy; I'll call you Thursday at 2.", SURE["commit"],
     "high", "neutral"),
    ("move-and-upgrade", "You don't need to cancel and sign up again: I'll do the move and the upgrade for you as one "
     "order.", ranking(("offer_alternative", 0.41), ("commit_next_step", 0.3)), "high", "high"),
    ("unpaid-outage", "Hmm, let me think.", ranking(("take_ownership", 0.41), ("ask_details", 0.2)), "neutral", "neutral"),
    # Batches 128 and 129: what the agent cannot see, said before their own step, refuses nothing; a
    # "no" to what is not needed is no no; "not charging you anything" spares a cost; "if you'd told
    # us sooner" blames.
    ("friday-data-line", "Different division, I can't see their orders, so I'll ring them for you now and call you back "
     "by half five.", ranking(("escalate_for_customer", 0.87), ("commit_next_step", 0.1)), "high", "neutral"),
    ("denied-iphone", "No engineer needed for the log-in, that's me: I'm resetting your account now, you'll get a text "
     "with a new password in two minutes.", SURE["commit"], "high", "neutral"),
    # (Since stop 55 "the 24 months is on" is the plan done, ownership high, as the dev label has it.)
    ("denied-iphone", "Right, the 24 months is on. And no, I'm not charging you anything for the switch.",
     ranking(("refuse", 0.45), ("make_exception", 0.3)), "high", "high"),
    ("move-and-upgrade", "If you'd told us about the move sooner, we could have planned it.",
     ranking(("offer_alternative", 0.65), ("blame_customer", 0.2)), "low", "not low"),
    # QA round 42: "it's free" after a "no"; the rules disowned before a "but"; a smaller amount put
    # right; brush-offs; self-service in the imperative; the customer's own phones as a hotspot.
    ("nine-weeks", "No, it's free.", SURE["refuse"], "neutral", "high"),
    ("denied-iphone", "No, nothing to pay.", ranking(("refuse", 0.97), ("make_exception", 0.01)), "neutral", "not low"),
    ("move-and-upgrade", "I don't make the rules, but I'm not going to let them stop this.",
     ranking(("take_ownership", 0.38), ("deflect", 0.2)), "neutral", "not low"),
    ("denied-iphone", "Honestly, I don't make the rules, but I think you're right.",
     ranking(("blame_customer", 0.30), ("empathise", 0.2)), "neutral", "neutral"),
    ("denied-iphone", "Actually, make that 25 percent, I can't do 50.", ranking(("refuse", 0.51), ("offer_alternative", 0.2)),
     "neutral", "neutral"),
    ("unpaid-outage", "Sorry, make it 50eur, I can't do 150.", ranking(("refuse", 0.51), ("offer_alternative", 0.2)),
     "neutral", "not low"),
    ("unpaid-outage", "Outages happen. Deal with it.", ranking(("take_ownership", 0.35), ("empathise", 0.2)), "low", "low"),
    ("unpaid-outage", "That's life, networks go down sometimes.", ranking(("empathise", 0.34), ("explain_procedure", 0.2)),
     "low", "low"),
    ("denied-iphone", "For your login, just reset it yourself on the website.", ranking(("deflect", 0.48), ("explain_procedure", 0.2)),
     "low", "low"),
    ("friday-data-line", "Hi. You can use your phones as a hotspot in the meantime.",
     ranking(("offer_alternative", 0.47), ("deflect", 0.2)), "low", "low"),
    # A vague promise blames nobody, whatever the model read (QA round 42: 4 of 7 "Puts the blame").
    ("nine-weeks", "I think it should be fine probably.", ranking(("blame_customer", 0.76), ("take_ownership", 0.1)),
     "neutral", "neutral"),
    ("friday-data-line", "Please stop ringing every half hour, it's still early and it'll probably be fine.",
     SURE["blame"], "low", "low"),
]


@pytest.mark.parametrize("scenario_id, text, reading, own, flex", READ_FOR_WHAT_THEY_DO)
def test_replies_are_read_for_what_their_words_do(library, scenario_id, text, reading, own, flex):
    assert not assert_read_as(library, scenario_id, text, reading, own, flex).unsure


@pytest.mark.parametrize("scenario_id, text, reading, own, flex", [
    # QA round 41 and batch 128: the case's fix left to the customer (scoring guide: ownership 0).
    ("denied-iphone", "For the login issue, you can reset your password on the website.",
     ranking(("deflect", 0.54), ("explain_procedure", 0.2)), "low", "low"),
    ("denied-iphone", "You can change the email address yourself under My Account > Settings.",
     ranking(("deflect", 0.48), ("explain_procedure", 0.2)), "low", "low"),
    ("move-and-upgrade", "Just cancel and sign up again at the new address, it's not hard.",
     ranking(("ask_details", 0.26), ("cite_policy", 0.2)), "low", "low"),
    ("move-and-upgrade", "Can't you just cancel and sign up again? It's honestly not that hard.",
     ranking(("empathise", 0.26), ("blame_customer", 0.2)), "low", "low"),
    # Guards: the agent's own step first; what the rule says, set aside by the agent.
    ("denied-iphone", "I'll reset your password now and you can log in yourself in two minutes.", SURE["commit"], "high",
     "neutral"),
    ("nine-weeks", "By the book you should cancel ISDN yourself. Honestly I'd rather line the date up with KPN for you.",
     SURE["offer"], "neutral", "high"),
])
def test_the_work_left_to_the_customer_is_pushed_back(library, scenario_id, text, reading, own, flex):
    assert_read_as(library, scenario_id, text, reading, own, flex)


# Exploring, noting or passing on is no option offered, and writing to another team is no step of
# the agent's own (scoring guide: "I've logged it" 1/1; exploring without offering is flexibility 1).
# QA round 41 and batches 128 and 129.
NOTED_OR_EXPLORED = [
    ("nine-weeks", "I've logged your request for the laptop guarantee.", ranking(("make_exception", 0.75), ("offer_alternative", 0.1)),
     "neutral", "neutral"),
    ("friday-data-line", "I've put a note on your file for Monday.", ranking(("make_exception", 0.41), ("take_ownership", 0.2)),
     "neutral", "neutral"),
    ("nine-weeks", "I'll email you a menu of options for the gap.", ranking(("commit_next_step", 0.45), ("offer_alternative", 0.3)),
     "high", "neutral"),
    ("move-and-upgrade", "I asked my manager whether we can do the move and the upgrade in one order.",
     ranking(("offer_alternative", 0.69), ("escalate_for_customer", 0.2)), "neutral", "neutral"),
    ("move-and-upgrade", "I've asked my team lead whether the installation fee can be waived.",
     ranking(("make_exception", 0.42), ("escalate_for_customer", 0.3)), "neutral", "neutral"),
    ("denied-iphone", "Let me check what retention can offer you, one moment.", ranking(("offer_alternative", 0.73), ("escalate_for_customer", 0.1)),
     "neutral", "neutral"),
    ("friday-data-line", "I've emailed the data division.", ranking(("take_ownership", 0.21), ("commit_next_step", 0.2)),
     "neutral", "neutral"),
]


@pytest.mark.parametrize("scenario_id, text, reading, own, flex", NOTED_OR_EXPLORED + [
    # Guards: an option beside the note, the agent's own step beside the email, an option named before "for the gap".
    ("friday-data-line", "I'll put a note on your file and send you a 4G router by courier tonight.", SURE["commit"], "high", "high"),
    ("friday-data-line", "I've emailed the data division and I'll call you back at 5 with their answer.", SURE["commit"], "high",
     "neutral"),
    ("nine-weeks", "Maybe we can give something for the gap, a stick or so, I must check with my colleague.", SURE["offer"],
     "neutral", "high"),
])
def test_a_note_a_pass_on_or_a_look_is_no_option(library, scenario_id, text, reading, own, flex):
    assert_read_as(library, scenario_id, text, reading, own, flex)


@pytest.mark.parametrize("scenario_id, text, reading, own, flex", [
    # Guards: a real no beside a price, a rule kept after "normally", a no beside the agent's
    # understanding, Monday's regular visit (the Friday case's wall).
    ("friday-data-line", "No. And the router costs 50 euros.", SURE["refuse"], "neutral", "low"),
    ("friday-data-line", "Normally that's for faults only, but I can't help you there.", SURE["refuse"], "low", "low"),
    ("unpaid-outage", "I appreciate that, but the answer is no.", SURE["refuse"], "neutral", "low"),
    ("friday-data-line", "The technician will be there on Monday.", SURE["refuse"], "neutral", "low"),
    ("denied-iphone", "Migration rules are migration rules. That's how it is.", SURE["cite_policy"], "neutral", "low"),
    ("denied-iphone", "For the phone you'd need to talk to retention, I can't see their offers. They handle devices.",
     SURE["deflect"], "low", "low"),
    # Guards (dev): the agent dealing with it, the fault owned, the agent's own reset.
    ("friday-data-line", "Listen, I'm not going to tell you to ring the fault line. I'll deal with it myself.",
     SURE["ownership"], "high", "neutral"),
    ("friday-data-line", "I'm sorry, the data line should have moved with the phones. That's on us.", SURE["empathise"],
     "neutral", "neutral"),
    ("denied-iphone", "I've just reset your online account password, the link is in your inbox now.", SURE["commit"],
     "high", "neutral"),
])
def test_what_still_refuses_beside_them_keeps_it(library, scenario_id, text, reading, own, flex):
    assert_read_as(library, scenario_id, text, reading, own, flex)


@pytest.mark.parametrize("text, move", [
    ("Sorry, correction: the technician comes on the 14th, not the 15th.", "refuse"),
    ("Correction: the technician comes on Thursday, not Friday.", "commit"),
    ("Sorry, I mean the router comes tonight, not tomorrow morning.", "refuse"),
    # The wrong day first (play-through 38).
    ("Sorry, not monday, tomorrow the technician can maybe look.", "refuse"),
    ("Oops, not Thursday, Friday. Friday at 8 the engineer comes.", "explain"),
])
def test_a_date_put_right_is_a_correction_not_a_refusal(text, move):
    """QA round 24: 4 of 7 such corrections were "Refuses without an alternative" or not scored."""
    score = score_reply(text, SURE[move])
    assert not score.unsure and "correction" in {c.kind for c in score.cues} and band(score.flexibility) != "low", score


@pytest.mark.parametrize("text, reading, says", [
    # QA round 24: British phrasing not scored, and the call's end read as a deed done.
    ("Course. Go on, I'm all ears.", (("make_exception", 0.29), ("take_ownership", 0.14), ("close", 0.1)),
     "Acknowledges"),
    ("Right, Monday's no good, I completely get that. Let me crack on with it.",
     (("empathise", 0.36), ("take_ownership", 0.31), ("refuse", 0.08)), "Acknowledges"),
    ("we are done thanks bye", (("close", 0.98),), "Closes the call"),
])
def test_british_phrasing_and_the_calls_end_are_read_for_what_they_do(text, reading, says):
    score = score_reply(text, ranking(*reading))
    assert not score.unsure and score.reason == says and band(score.ownership) == "neutral", score


@pytest.mark.parametrize("text, move, scenario_id, made", [
    # Begun and taken back in the same breath (dev: labelled as the refusal they end in).
    ("I could put the laptop promo on hold for you in writing... no, wait, sorry, I'm not allowed to.", "refuse",
     "nine-weeks", False),
    ("I was about to waive the installation fee, but no, that's not my call.", "refuse", "move-and-upgrade", False),
    ("I could put you on 24 months with a phone... actually no, forget that, migrations can't get the device deal.",
     "refuse", "denied-iphone", False),
    ("Scratch that, I thought I could credit the early month but billing has to do that, you'll have to call them.",
     "deflect", "denied-iphone", False),
    # Batch 100: taken back with "oh wait, not on", "although ... blocked", "in some cases, but not for".
    ("I could waive the fee... oh wait, not on an upgrade order. Sorry.", "offer", "move-and-upgrade", False),
    ("I could give you a month... although with the cancellation pending, credits are blocked. Sorry.", "offer",
     "unpaid-outage", False),
    ("The installation fee can be waived in some cases, but not for moves.", "offer", "move-and-upgrade", False),
    ("The installation fee can be waived in your case, and I'm doing it now.", "offer", "move-and-upgrade", True),
    # Batch 117: taken back with "ah no, wait", "hm, no", "oh, actually, sorry, I don't have the rights".
    ("I could maybe give you a discount on the iPhone, like thirty percent. Ah no, wait, for a migration this is "
     "blocked. So sorry, it is not possible.", "refuse", "denied-iphone", False),
    ("I could give you one month credit... hm, no, for Flex the goodwill is not possible. Sorry.", "refuse",
     "unpaid-outage", False),
    ("I can waive the installation fee... oh, actually, sorry, I don't have the rights for that. You'll need to pay it.",
     "refuse", "move-and-upgrade", False),
    ("I can waive the installation fee, oh and I'll book the technician for the 14th.", "offer", "move-and-upgrade", True),
    # Not an offer followed by what it brings: "I could put the laptop on hold, no problem."
    ("I could put the laptop promo on hold for you in writing, no problem at all.", "offer", "nine-weeks", True),
    # Batch 139: said to exist, or begun, and taken back with "not open to", "so that's not happening".
    ("There is a 24-month deal with the iPhone, yes, but it's not open to migrated numbers, sorry.", "offer",
     "denied-iphone", False),
    ("Normally I could send a 4G router, but the courier cut-off was five, so that's not happening today.", "offer",
     "friday-data-line", False),
    ("There's a 4G router we can courier over though, if you want it.", "offer", "friday-data-line", True),
    ("There is a 24-month deal with the iPhone, and it's open to you today.", "offer", "denied-iphone", True),
])
def test_an_offer_taken_back_at_once_is_not_made(library, text, move, scenario_id, made):
    score = score_reply(text, SURE[move], [], library.get(scenario_id))
    assert bool(score.offers) is made, score


@pytest.mark.parametrize("text, move, scenario_id, own_high", [
    # Batch 115: the agent's step taken back at once, with nothing of theirs after it.
    ("I'll escalate this to your account manager and call you back on Thursday. Actually, scratch that. It's quicker "
     "if you email him yourself, his address is on your contract.", "commit", "unpaid-outage", False),
    ("I'll text you my direct number. Oh wait, we're not allowed to give those out. Call the general line.", "commit",
     "friday-data-line", False),
    # Guard: scratched, then the agent's own step.
    ("No wait, scratch that - I've reserved it on today's date, confirmation goes out tonight.", "commit", "nine-weeks",
     True),
])
def test_a_step_scratched_at_once_is_not_taken_on(library, text, move, scenario_id, own_high):
    score = score_reply(text, SURE[move], [], library.get(scenario_id))
    assert (band(score.ownership) == "high") is own_high, score


@pytest.mark.parametrize("text, move, scenario_id, own_high", [
    # QA round 35: brisk deeds ("Fixed, you can log in now." 59/48; "It ships tomorrow." not scored),
    # whatever the model reads them as.
    ("Fixed, you can log in now.", "explain", "denied-iphone", True),
    ("Fixed. Try logging in now.", "explain", "denied-iphone", True),
    ("The router, then. It ships tomorrow.", "explain", "nine-weeks", True),
    # Play-through 38: a date put right in second-language English, the time first (read as a refusal).
    ("Sorry, not monday, tomorrow it leave.", "refuse", "friday-data-line", True),
    ("the router leaves today, by courier", "explain", "nine-weeks", True),
    # Guards: the question, and a dispatch with no time.
    ("Fixed? No, not yet.", "refuse", "denied-iphone", False),
    ("It ships when the line is live, not before.", "explain", "nine-weeks", False),
    ("Tomorrow it leaves? No, not yet.", "refuse", "friday-data-line", False),
    ("Sorry, not monday, tomorrow the technician can maybe look.", "refuse", "friday-data-line", False),
])
def test_a_brisk_deed_is_the_agents_step(library, text, move, scenario_id, own_high):
    score = score_reply(text, SURE[move], [], library.get(scenario_id))
    assert (band(score.ownership) == "high") is own_high, score


@pytest.mark.parametrize("text, move, scenario_id, over_promise", [
    # Batches 115 and 117: said wrong and put right at once; the promise put right is not made.
    ("I'll give you six months free. Sorry, three, three's my limit, and it's on your account from today.", "exception",
     "unpaid-outage", False),
    ("I'll credit you 150 euro for the hassle. Sorry, I mean 50, for the month you were billed too early, it's on your "
     "account now.", "exception", "denied-iphone", False),
    ("Free TV for the first year. Sorry, that's wrong, I can't do that. I can waive the installation fee though, "
     "that's off now.", "refuse", "move-and-upgrade", False),
    ("Your line will be live on the 15th, guaranteed. Sorry, I can't actually guarantee that, KPN controls the date.",
     "commit", "nine-weeks", False),
    # Batch 174: the slip named as one ("sorry, typo"), or the right number said as "it's".
    ("I'm taking 60% off the phone, sorry, typo, 50%. Half price, and I'm putting it through now.", "exception",
     "denied-iphone", False),
    ("Did I say five months free? Sorry, it's two, 100 euros, and that's what I've booked.", "commit",
     "unpaid-outage", False),
    # Guards: more on top is no correction; "I can't do it from here" after a promise fetched elsewhere
    # takes nothing back.
    ("I'll give you six months free, and two more if it happens again.", "exception", "unpaid-outage", True),
    ("I'll credit you 150 euro. Sorry, two more things: the router and the SIM.", "exception", "denied-iphone", True),
    ("Go to any of our shops, they will give you a free iPhone on your 18 months. I can't do it from here.", "deflect",
     "denied-iphone", True),
    # An amount raised past the limit in the same reply (batch 174, play-through 66: read as the
    # first amount, within authority): the unit is the amount's it raises, or its own.
    ("ok 50% off the handset then... actually you know what, make it 70, you've earned it. putting it through now",
     "exception", "denied-iphone", True),
    ("And I'll make it 100 euros, plus a free month of your data line.", "exception", "friday-data-line", True),
    ("I'll credit 30 euros for the hassle, no wait, make it 60, you've had nine weeks of this.", "exception",
     "nine-weeks", True),
    # The amount credited with no unit (batch 176: read within authority, 2 of 2).
    ("I've credited you 150 for all the hassle.", "exception", "denied-iphone", True),
    ("I've credited 300 as an apology.", "exception", "unpaid-outage", True),
    ("I'll credit 80 back on your next bill.", "exception", "nine-weeks", True),
    ("I've credited you 50 for the month billed early.", "exception", "denied-iphone", False),
    ("I'll credit it by the 14th, and I'll call you on the 15th.", "commit", "move-and-upgrade", False),
    # Guards: raised within the limit; lowered back under it; a number with no amount before it.
    ("I'll credit 30 euros, no, make it 40, that's a full month.", "exception", "nine-weeks", False),
    ("60% off the handset, no, make that 50, that's my limit.", "exception", "denied-iphone", False),
    ("I'll make it 14:00 then, and I'll call you myself.", "commit", "unpaid-outage", False),
])
def test_an_over_promise_put_right_raised_or_said_without_a_unit(library, text, move, scenario_id, over_promise):
    score = score_reply(text, SURE[move], [], library.get(scenario_id))
    assert score.over_promise is over_promise, score


@pytest.mark.parametrize("text, move, scenario_id, flexible", [
    # Batch 175 and play-through 66: an offer whose condition costs the customer a contract, a
    # subscription or a fee is a sale, not a gesture (labelled flexibility 1; read 2, 7 of 7).
    ("I'll waive the 49 euro installation fee, as long as you extend your contract by a year.", "exception",
     "move-and-upgrade", False),
    ("I can send a 4G router tonight, as long as you take out a 24-month mobile data subscription with it.", "offer",
     "friday-data-line", False),
    ("I can send a 4G router, free, but only if you pay the 49 euro courier fee.", "offer", "friday-data-line", False),
    ("A backup SIM is possible, but only as a second subscription at 25 a month.", "offer", "unpaid-outage", False),
    ("The iPhone's free if you add a second line for the business at 30 a month for two years.", "offer",
     "denied-iphone", False),
    ("I can guarantee the laptop if you take the bundle with the TV package, that's 15 euros a month extra.", "offer",
     "nine-weeks", False),
    # Guards: the case's own offer as the condition; a fair condition; staying with us.
    ("If you sign for 24 months today, I'll order the iPhone now and it ships tomorrow.", "commit", "denied-iphone", True),
    ("Fair point. If you sign for 24, the phone comes with it, same 50 euro.", "offer", "denied-iphone", True),
    ("Courier today, by nine, free, as long as someone's there to sign for it.", "offer", "friday-data-line", True),
    ("I'll credit 150 euros if you withdraw the cancellation and stay with us for at least another year.", "offer",
     "unpaid-outage", True),
])
def test_an_offer_on_a_condition_that_costs_the_customer_is_no_gesture(library, text, move, scenario_id, flexible):
    score = score_reply(text, SURE[move], [], library.get(scenario_id))
    assert (band(score.flexibility) == "high") is flexible, score
    if not flexible:
        assert band(score.flexibility) == "neutral" and any(c.kind == "costly_condition" for c in score.cues), score



@pytest.mark.parametrize("text, move, scenario_id, flexibility", [
    # QA round 35 and batch 115: the decider's yes, or an offer, with a condition is no rule hidden behind.
    ("She said yes, but only if the 24 months start from today.", "offer", "denied-iphone", "high"),
    ("My supervisor said yes, the laptop promotion is reserved for you, but only if you confirm by Friday.", "offer",
     "nine-weeks", "high"),
    ("I can put you on the 24-month plan with the iPhone, but only if you sign today.", "offer", "denied-iphone", "high"),
    # Guards: the rule given as the answer; a condition the customer cannot meet, on an option named.
    ("Sorry sir, according to the procedure the laptop is given only if the promotion is still valid on the day of "
     "the contract.", "cite_policy", "nine-weeks", "low"),
    ("The 4G router is on the list of things I can send, but only after your contract starts, so not for the gap.",
     "refuse", "nine-weeks", "low"),
])
def test_a_condition_on_what_is_granted_is_no_rule_hidden_behind(library, text, move, scenario_id, flexibility):
    score = score_reply(text, SURE[move], [], library.get(scenario_id))
    assert band(score.flexibility) == flexibility, score
    assert not any(c.kind == "policy" and c.flexibility < 0 for c in score.cues) is (flexibility == "high"), score


@pytest.mark.parametrize("text, move, scenario_id, refuses", [
    # QA round 35: a "can't" in a purpose after the agent's act is no refusal.
    ("I'm sending you a backup SIM on a second network, free, so a single outage can't cut you off again.", "offer",
     "unpaid-outage", False),
    ("I'll get a 4G router to you tonight, so your staff can't be stuck all weekend.", "offer", "friday-data-line",
     False),
    # Guard: the agent's own "so I can't".
    ("The courier's closed, so I can't send a router tonight.", "refuse", "friday-data-line", True),
])
def test_a_cant_in_a_purpose_is_no_refusal(library, text, move, scenario_id, refuses):
    score = score_reply(text, SURE[move], [], library.get(scenario_id))
    assert any(c.kind == "refusal" and c.flexibility < 0 for c in score.cues) is refuses, score


@pytest.mark.parametrize("text, scenario_id", [
    # QA round 35: the customer's request said back is not offered.
    ("You wrote to us asking for a goodwill credit and got a form letter back.", "unpaid-outage"),
    ("And for the gap you'd have liked a 4G router.", "friday-data-line"),
    ("You offered to go to 24 months if the new iPhone came with it.", "denied-iphone"),
    ("Let me check I understand: you'd happily go to 24 months with a new iPhone.", "denied-iphone"),
    # QA round 35: looked into, not offered (3 of 9 read as the offer and taken as booked).
    ("I'll look into combining the move and the upgrade.", "move-and-upgrade"),
    ("I'll look into getting the technician out on your moving day.", "move-and-upgrade"),
    ("I'll look into whether the laptop can be reserved.", "nine-weeks"),
])
def test_the_request_said_back_or_an_option_looked_into_makes_no_offer(library, text, scenario_id):
    score = score_reply(text, SURE["offer"], [], library.get(scenario_id))
    assert not score.offers, score


@pytest.mark.parametrize("text, scenario_id, model", [
    # QA round 36: the customer's story or request summed up and checked back (5 of 13 read as a
    # refusal, a hand-off, blame or an offer; the customer turned furious).
    ("So: you moved this morning, the phone lines work, the data line wasn't moved, and twelve people can't work. "
     "Is that right?", "friday-data-line", "empathise"),
    ("Let me sum up: the phones moved, the SDSL line didn't, nobody can open a file, and the fault line said they "
     "can't help because it isn't a fault. Have I got that right?", "friday-data-line", "empathise"),
    ("So you couldn't be reached for hours, your client couldn't get hold of you and went elsewhere, and nobody "
     "here has asked why you're leaving. Is that it?", "unpaid-outage", "blame"),
    ("Let me recap: your phone stutters, you can't log in, nobody can spell your email, and you were refused the "
     "iPhone a new customer gets. Correct?", "denied-iphone", "ask"),
    ("So to sum up, you can't switch without nine weeks offline and nobody would guarantee the laptop. Have I got "
     "that right?", "nine-weeks", "empathise"),
    ("Correct me if I'm wrong: you'd sign for 24 months if you got the new iPhone?", "denied-iphone", "offer"),
    ("What would it take for you to stay with us?", "unpaid-outage", "ask"),
    # QA round 43: what the customer was told, asked back in one question (2 of 2 read as a hand-off).
    ("And they said the department would call you back on Monday morning?", "friday-data-line", "deflect"),
    ("Planning told you the 14th was full?", "move-and-upgrade", "refuse"),
])
def test_the_customers_story_checked_back_is_a_question_for_the_facts(library, text, scenario_id, model):
    score = score_reply(text, SURE[model], [], library.get(scenario_id))
    assert score.move == "ask_details" and not score.offers, score
    assert (band(score.ownership), band(score.flexibility)) == ("neutral", "neutral"), score


@pytest.mark.parametrize("text, scenario_id, model, offered", [
    # Not when the agent acts, asks to, or offers in it, nor "right" as a word of the sentence.
    ("So you want the 24 months with the iPhone, right? I'm switching you to the 24-month plan with the new "
     "iPhone now.", "denied-iphone", "offer",
     True),
    ("So, to sum up: 18 months fixed, and you'd happily sign for 24. Shall I move you to the 24-month plan with "
     "the new iPhone?", "denied-iphone", "offer", True),
    ("Would a goodwill credit of three months' subscription go some way to putting this right?", "unpaid-outage",
     "offer", True),
    ("An option would be to put the move and the TV upgrade on the same order. Does that sound all right?",
     "move-and-upgrade", "offer", True),
])
def test_a_summary_with_the_agents_own_step_or_offer_is_not_only_checked_back(library, text, scenario_id, model,
                                                                             offered):
    score = score_reply(text, SURE[model], [], library.get(scenario_id))
    assert bool(score.offers) is offered and score.move != "ask_details", score


@pytest.mark.parametrize("text, scenario_id, model, ownership, flexibility, offered", [
    # QA round 36: commitments in words that read as a no or a rule.
    ("I won't stop until your line is switched over, that's a promise.", "friday-data-line", "refuse", "neutral",
     "neutral", False),
    ("I won't let this end with a form letter.", "unpaid-outage", "ownership", "neutral", "neutral", False),
    ("I'll end my shift only after I've called you at 9, that's a promise.", "friday-data-line", "commit", "high",
     "neutral", False),
    ("That's only after 24 months, those are the rules.", "denied-iphone", "cite_policy", "neutral", "low", False),
    # Second-language steps (QA round 36: the need stayed open, 3 calls abandoned).
    ("I book the technician for day of your moving, the 14.", "move-and-upgrade", "offer", "high", "high", True),
    ("I do the move and the TV in one order for you now.", "move-and-upgrade", "offer", "high", "high", True),
    # A real offer fetched elsewhere, "half off" after the handset (batch 120: read 0/0).
    ("The shop can sort you a handset at up to half off, just show them reference VF-2291.", "denied-iphone", "offer",
     "low", "high", True),
])
def test_stop_50s_readings(library, text, scenario_id, model, ownership, flexibility, offered):
    score = score_reply(text, SURE[model], [], library.get(scenario_id))
    assert (band(score.ownership), band(score.flexibility), bool(score.offers)) == (ownership, flexibility, offered), \
        score


def test_shall_i_do_it_asks_and_does_nothing_yet():
    """"I do the move ... now" is a second-language step; "Shall I do that now?" only asks (dev)."""
    asked = score_reply("I can credit three months. Shall I do that now?", SURE["offer"])
    assert not any(cue.kind == "commitment" and "do that now" in cue.phrase for cue in asked.cues), asked.cues
    done = score_reply("I do the move for you now.", SURE["offer"])
    assert any(cue.kind == "commitment" and "I do the move" in cue.phrase for cue in done.cues), done.cues


@pytest.mark.parametrize("text, scenario_id, over_promise", [
    # QA round 35: months of credit counted after the verb, beyond each case's limit.
    ("As an apology I'll credit your first three months.", "nine-weeks", True),
    ("I'll also refund three months of your bundle for the trouble.", "nine-weeks", True),
    ("And I'll credit you two months of your bundle for the runaround.", "move-and-upgrade", True),
    ("And I'll credit three months of your plan for the hassle.", "denied-iphone", True),
    # QA round 36: a year, or half of one, and months waived (4 of 6 not flagged).
    ("I'll refund a whole year of your subscription.", "unpaid-outage", True),
    ("And I'll refund you a full year.", "unpaid-outage", True),
    ("I'll give you the bundle free for half a year.", "nine-weeks", True),
    ("I'll waive three months of your SDSL subscription.", "friday-data-line", True),
    ("A year on us? No, but I'll credit your first month.", "denied-iphone", False),
    ("I'll credit your first month.", "nine-weeks", False),
    ("I'll credit the month you were billed too early, 50 euros.", "denied-iphone", False),
    ("I have to correct myself on the credit: I said two months, it's the first month I can credit, not two.",
     "nine-weeks", False),
])
def test_months_of_credit_beyond_the_limit_are_an_over_promise(library, text, scenario_id, over_promise):
    score = score_reply(text, SURE["exception"], [], library.get(scenario_id))
    assert score.over_promise is over_promise, score


@pytest.mark.parametrize("text, scenario_id, over_promise", [
    # Batch 139: "I'll make an exception and ..." beyond each case's limits read as flexibility high.
    ("I'll make an exception and cancel your contract without the fees, today.", "denied-iphone", True),
    ("I'll make an exception and guarantee you're online the day after KPN cuts the ISDN.", "nine-weeks", True),
    ("I'll make an exception and cover the fee your client would have paid you.", "unpaid-outage", True),
    ("I'll make an exception and reserve the laptop on today's order date.", "nine-weeks", False),
    ("I'll check the day after KPN cuts the ISDN that you're online, and ring you.", "nine-weeks", False),
])
def test_an_exception_beyond_the_limits_is_an_over_promise(library, text, scenario_id, over_promise):
    score = score_reply(text, SURE["exception"], [], library.get(scenario_id))
    assert score.over_promise is over_promise, score
    assert (band(score.flexibility) == "high") is not over_promise, score


@pytest.mark.parametrize("text, move, own_band", [
    # Batch 140: the agent's own call-back as agreed passes nothing on; knowing more later is no step.
    ("Good morning, this is Daan from Vodafone, calling back as agreed.", "greet", "neutral"),
    ("Try us again in about three weeks, we'll know then whether the laptop offer's still on.", "deflect", "low"),
    ("Best to ring back in a few weeks once the ISDN's gone, we'll know more then.", "deflect", "low"),
    ("Try calling us again tomorrow.", "deflect", "low"),
    ("I'll know by four and I'll ring you at five with the answer.", "commit", "high"),
])
def test_a_call_back_as_agreed_and_knowing_later_are_read_for_what_they_do(text, move, own_band):
    score = score_reply(text, SURE[move])
    assert band(score.ownership) == own_band, score


def test_passed_on_to_someone_who_decides_is_no_hand_off_on_flexibility(library):
    """Dev: "I will give your complaint to the account manager, he will decide" is labelled 1/1; the
    hand-off reading made it flexibility 0 though nobody sends the customer anywhere."""
    score = score_reply("I will give your complaint to the account manager, he will decide.", SURE["deflect"], [],
                        library.get("unpaid-outage"))
    assert band(score.flexibility) == "neutral" and score.reason.startswith("Commits to act"), score


PLAY_THROUGH_25 = [
    # QA round 25.
    # (The model's own readings of these, as QA round 25's play-through had them.)
    ("Ah, the email address! I can't fix it without it, silly me. What should it be?",
     (("ask_details", 0.26), ("take_ownership", 0.19), ("refuse", 0.11)), "denied-iphone", "neutral", "neutral",
     "Asks for the facts"),
    ("I can't do 1000. What I can do is 150 euros, three months, and it's on your account today.",
     (("make_exception", 0.31), ("offer_alternative", 0.27), ("refuse", 0.15)), "unpaid-outage", "high", "high", ""),
    ("You chose to stay with us for eight years, and I'm grateful.", "empathise", "unpaid-outage", "neutral",
     "neutral", ""),
    ("There's no need to cancel, I can handle both.", "refuse", "move-and-upgrade", "neutral", "high",
     "Offers what the agent may"),
    ("I'll look into a goodwill credit and ring you on Friday.", "commit", "unpaid-outage", "high", "neutral",
     "Commits to a next step"),
    ("I'll make sure the line works tonight, guaranteed.", "commit", "friday-data-line", "high", "neutral",
     "Commits to a next step, but promises what the agent may not give"),
    ("Cancel and sign up again is bad advice, I'm sorry you got it.", "blame", "move-and-upgrade", "neutral",
     "neutral", ""),
    ("I see the fault line couldn't help you.", "empathise", "unpaid-outage", "neutral", "neutral", ""),
    ("I'll, um, try to put you on the 24-month plan if the system lets me.", "offer", "denied-iphone", "neutral",
     "high", ""),
    # (Its "Me." answers "who?" itself since QA round 27: the problem taken on, first.)
    ("Me. I keep after them. 8 pm call.", "deflect", "friday-data-line", "high", "neutral", "Takes the problem on"),
    ("Don't worry, I'll get you a brand new iPhone today, no need to change anything on your plan.", "commit",
     "denied-iphone", "high", "neutral", "Commits to a next step, but promises"),
    ("I guarantee the line works tonight.", "commit", "friday-data-line", "high", "neutral",
     "Commits to a next step, but promises"),
    ("I'm not sure what I can do about the phone, but I can try.", "refuse", "denied-iphone", "neutral", "neutral",
     "Hedges"),
    ("I think the laptop might still be possible, but I'd have to check.", "refuse", "nine-weeks", "neutral",
     "neutral", "Hedges"),
    ("I might be able to do something for you, not sure yet.", "refuse", "unpaid-outage", "neutral", "neutral",
     "Hedges"),
]


@pytest.mark.parametrize("text, move, scenario_id, own, flex, starts", PLAY_THROUGH_24 + PLAY_THROUGH_25)
def test_play_throughs_24_and_25s_replies(library, text, move, scenario_id, own, flex, starts):
    """The replies QA rounds 24 and 25 found misread, with the model's reading: a move (sure) or
    the ranking the play-through had."""
    if isinstance(move, str):
        reading = SURE[move] if move in SURE else ranking((move, 0.9))
    else:
        reading = ranking(*move)
    score = score_reply(text, reading, [], library.get(scenario_id) if scenario_id else None)
    assert (band(score.ownership), band(score.flexibility)) == (own, flex) and score.reason.startswith(starts), score


@pytest.mark.parametrize("text, timed", [
    ("Leave it with me, I'll ring you back at four.", True),
    ("I'll call you at half five with the news.", True),
    ("Or keep your eighteen and take the handset at half price.", False),
    ("At one point they said Monday.", False),
])
def test_a_time_said_in_words_is_a_time(text, timed):
    """QA round 24: "I'll ring you back at four" named no time to the coach."""
    assert ("time" in {c.kind for c in score_reply(text, SURE["commit"]).cues}) is timed


def test_a_hand_on_with_their_dated_call_back_is_reasoned_by_whose_call_it_is(library):
    """QA round 27: a dated call-back by another team is not vague about when; whose call it is decides."""
    score = score_reply("I'll escalate this to retention; they'll call you on Thursday at 10.",
                        ranking(("escalate_for_customer", 0.9), ("deflect", 0.1)), [], library.get("unpaid-outage"))
    assert band(score.ownership) == "neutral", score
    assert "the next call is theirs" in score.reason and "vague" not in score.reason, score.reason


@pytest.mark.parametrize("scenario_id, text, flex", [
    # QA round 28: the agent's act after the rule, in the same sentence, turns it as "but" does (3 of 3 neutral).
    ("nine-weeks", "The procedure doesn't let me change the order, so I'll work around it: I'm reserving the laptop "
     "against today's order date and you'll have that in writing from me tonight.", "high"),
    ("denied-iphone", "Right, the system won't let me tick the new-device box on a migration, so I've rung my team "
     "leader and she's overriding it as we speak.", "high"),
    # Not the rule followed by a no.
    ("denied-iphone", "The rules are the rules, so I'm afraid I can't give you the phone.", "low"),
])
def test_the_rule_then_so_i_act_turns_the_reply(library, scenario_id, text, flex):
    score = score_reply(text, SURE["explain"], [], library.get(scenario_id))  # read as the procedure, as in QA
    assert band(score.flexibility) == flex, score


@pytest.mark.parametrize("text, held", [
    # QA round 28: "done" alone, with nothing offered, asked for or met yet, was the card's best reply.
    ("done", True),
    ("ok done!", True),
    ("All sorted.", True),
    ("Done, the installation fee is waived.", False),  # the deed is named
])
def test_a_bare_done_with_nothing_to_be_done_is_held_neutral(library, text, held):
    scenario = library.get("move-and-upgrade")
    alone = score_reply(text, SURE["commit"], [], scenario)
    in_an_empty_call = score_reply(text, SURE["commit"], [], scenario, nothing_done=True)
    assert band(alone.ownership) == "high", alone  # scored on its own, as the labelled sets are
    assert band(in_an_empty_call.ownership) == ("neutral" if held else "high"), in_an_empty_call


@pytest.mark.parametrize("scenario_id, text, flexibility", [
    # Batch 100: a token for the problem meets no need of the case; beside a no, the no stands.
    ("denied-iphone", "I can't change the handset rule. What I can do is send you a car charger free of charge.", "low"),
    ("unpaid-outage", "Force majeure means we can't compensate. I've applied a 10 euro goodwill credit instead.", "low"),
    ("nine-weeks", "What I can offer is a 5 euro voucher for our webshop.", "neutral"),
    ("nine-weeks", "I can't guarantee the laptop, but I can give you a 25 euro voucher.", "neutral"),  # QA round 31
    # A real gesture, or the case's own with an accessory beside it, stays one.
    ("unpaid-outage", "Force majeure means we can't compensate, but I've applied a 150 euro goodwill credit instead.",
     "high"),
    ("denied-iphone", "I'm moving you to the 24-month plan with the new iPhone today, and I'll add a free charger.", "high"),
])
def test_a_token_is_no_option(library, scenario_id, text, flexibility):
    score = score_reply(text, SURE["offer"], [], library.get(scenario_id))
    assert band(score.flexibility) == flexibility, score


@pytest.mark.parametrize("scenario_id, text, move, ownership", [
    # An owned, dated step beside a flat no of the main request is ownership 2 (scoring guide; dev).
    ("unpaid-outage", "I'll confirm the cancellation for January 2013 in writing today, myself. Compensation isn't "
     "possible though, force majeure applies.", "cite_policy", "high"),
    ("nine-weeks", "I'll get your ISDN cancellation date lined up with KPN myself and text you the date tonight, but the "
     "laptop guarantee is a no, the promotion rules don't allow it.", "cite_policy", "high"),
    # The step with a contrast word set off after "I will" (dev: read 1/0 for want of the step).
    ("unpaid-outage", "There won't be compensation, the terms are clear on that. I will, however, personally get the "
     "outage log for your number and email it to you by Friday.", "cite_policy", "high"),
    # The no in words no refusal cue knows, which the model reads (dev: read 1/0).
    ("unpaid-outage", "I'm keeping your file open on my desk and ringing you Friday at eleven. The lost assignment "
     "though, there's no money for that and there won't be.", "refuse", "high"),
    # The agent named as the next contact, or their line given (dev: read 1/0).
    ("nine-weeks", "A laptop promise isn't possible, sorry; your next call from us will be me, Thursday at two, with "
     "the cancellation date confirmed.", "refuse", "high"),
    ("nine-weeks", "From today you've got me direct, 070 338 2210 extension 5. Keeping the promotion open for you is "
     "the one thing I can't do.", "refuse", "high"),
    # What the agent can do, said to be done by the agent (dev: read 0/0 after "that bit's theirs").
    ("nine-weeks", "I can't tell you the exact day KPN will switch off the ISDN, that bit's theirs. What I can do is "
     "ring them myself to line the cancellation up with our install.", "deflect", "high"),
    # A look promised beside the rule is no owned step (dev: 0/0).
    ("move-and-upgrade", "I'll check again for you today, but the policy is clear: one product change per order, no "
     "exceptions.", "cite_policy", "neutral"),
])
def test_an_owned_step_beside_a_flat_no_is_ownership(library, scenario_id, text, move, ownership):
    moves = ranking((move, 0.5), ("commit_next_step", 0.3), ("refuse", 0.2))
    score = score_reply(text, moves, [], library.get(scenario_id))
    assert band(score.ownership) == ownership, score
    if ownership == "high":
        # Worded like few high replies is not enough to hold it neutral; sure of low still is
        # (dev: 3 replies labelled 2/0 or 2/2 were held at 59; stop 47).
        seldom_high = score_reply(text, moves, [], library.get(scenario_id), bands=_estimate(0.0, 0.8, 0.2))
        assert band(seldom_high.ownership) == "high", seldom_high
        assert score_reply(text, moves, [], library.get(scenario_id), bands=_estimate(0.8, 0.1, 0.1)).ownership == 59


@pytest.mark.parametrize("text", [
    # The no alone, or a deed the words only seem to name, stays held when the check doubts it.
    "Unfortunately your cancellation confirmation has been sent and it can't be reversed.",
    "Sorry for the mix-up between divisions, really. Procedure says moved lines are done Monday to Friday only.",
])
def test_a_no_beside_no_owned_step_is_still_held(library, text):
    score = score_reply(text, ranking(("refuse", 0.6), ("cite_policy", 0.4)), [], library.get("unpaid-outage"),
                        bands=_estimate(0.0, 0.8, 0.2))
    assert band(score.ownership) != "high", score


@pytest.mark.parametrize("scenario_id, text, ownership, flexibility", [
    # QA round 32: the customer put up to do it himself, as a suggestion, read as an offer (12 of 17).
    ("move-and-upgrade", "How about you cancel and sign up again? It's the quickest way round.", "not high", "not high"),
    ("nine-weeks", "How about giving us a ring in three weeks and we'll see where we are?", "not high", "not high"),
    ("friday-data-line", "How about giving the data division a ring on Monday?", "not high", "not high"),
    ("denied-iphone", "How about trying our webshop for a new iPhone?", "not high", "not high"),
    ("unpaid-outage", "How about writing to the director again?", "not high", "not high"),
    ("nine-weeks", "Alternatively, you could wait and sign up once the ISDN is cancelled.", "low", "not high"),
    ("move-and-upgrade", "Alternatively, you could move first and then call back after the move to request the upgrade.",
     "low", "not high"),
    ("denied-iphone", "Tell you what, why not pop into one of our shops? They might be able to do you a deal.", "low",
     "not high"),
    ("denied-iphone", "Your best bet would be one of our shops.", "low", "not high"),
    # The offer not made: "not something we normally ..." is a no (4 of 7 read as the offer).
    ("unpaid-outage", "A backup SIM on a second network is not something we normally give.", "not high", "not high"),
    ("friday-data-line", "Sending a 4G router by courier is not something we normally do.", "not high", "not high"),
    # The option said not to apply here is taken back (batch 104: read 1/2, labelled 1/0).
    ("denied-iphone", "There might be some discount on a handset, but honestly it won't apply to a migrated number, so "
     "I wouldn't count on it.", "not high", "low"),
    ("unpaid-outage", "There's sometimes a goodwill credit, but not for force majeure events, so it won't apply here.",
     "not high", "low"),
    # The agent's own option, suggested, is still one.
    ("nine-weeks", "How about a 4G router for the gap?", "not high", "high"),
    ("denied-iphone", "How about you keep your 18 months and I take half off a new iPhone?", "not high", "high"),
    ("denied-iphone", "How about going to 24 months then? On 24 the device is included.", "not high", "high"),
])
def test_a_suggestion_that_the_customer_go_and_do_it_is_no_option(library, scenario_id, text, ownership, flexibility):
    score = score_reply(text, SURE["offer"], [], library.get(scenario_id))
    for dimension, expected in (("ownership", ownership), ("flexibility", flexibility)):
        got = band(getattr(score, dimension))
        assert (got != "high") if expected == "not high" else (got == expected), (dimension, score)


@pytest.mark.parametrize("scenario_id, text, kind", [
    # QA round 32: plain call-centre sentences the cues did not know, not scored (11 of 12).
    ("nine-weeks", "Happy to put all that in writing for you tonight.", "commitment"),
    ("nine-weeks", "What I can do is make a note in your file that you asked about it.", "vague"),
    ("nine-weeks", "I wish I could do more, honestly.", "empathy"),
    ("nine-weeks", "The laptop, well, it depends what marketing decides, doesn't it.", "deflection"),
    ("denied-iphone", "I do see where you're coming from, but it is what it is.", "policy"),
])
def test_plain_call_centre_sentences_are_read(library, scenario_id, text, kind):
    unsure_model = ranking(("take_ownership", 0.2), ("empathise", 0.15), ("refuse", 0.1))
    score = score_reply(text, unsure_model, [], library.get(scenario_id))
    assert kind in {cue.kind for cue in score.cues} and not score.unsure, score


@pytest.mark.parametrize("scenario_id, text, model, ownership, flexibility", [
    # QA round 33: a call spared because the agent acts is no blame (8 of 8 read "blames the customer").
    ("move-and-upgrade", "No need to call us after the move: I'll ring you the day after at 10.", "commit", "high",
     "not low"),
    ("nine-weeks", "No need to call back, I'll email you the confirmation tonight.", "commit", "high", "not low"),
    ("friday-data-line", "It's only two o'clock, it'll be fine, no need to call again.", "blame", "low", "not high"),
    # The exception refused in its own words is a no, not the exception (3 of 3).
    ("move-and-upgrade", "I'm not going to make an exception for you.", "exception", "not high", "low"),
    ("move-and-upgrade", "I won't make an exception for a move.", "exception", "not high", "low"),
    ("move-and-upgrade", "I'm making an exception for you: both go in one order.", "exception", "not low", "high"),
    # The decider's no, reported, with the offer named: not the offer made (2 of 2 read as it).
    ("friday-data-line", "I asked my supervisor for the on-call technician tonight, and he said no, the data "
     "division only moves lines on working days.", "escalate", "not high", "low"),
    ("nine-weeks", "My supervisor turned down the laptop reservation.", "escalate", "not high", "low"),
    ("move-and-upgrade", "My team leader didn't approve one order for the move and the upgrade.", "offer", "not high",
     "low"),
    # ...but beside the agent's own next step it is relayed, not the agent's no (dev).
    ("denied-iphone", "My supervisor said no earlier, but that doesn't end it for me: I'm escalating it to retention "
     "and I'll call you Monday morning with the outcome.", "escalate", "high", "not low"),
    # Brisk pass-ons (5 of 5 not scored; batch 110).
    ("unpaid-outage", "IT's job.", "ownership", "low", "low"),
    ("nine-weeks", "Marketing's call.", "deflect", "low", "low"),
    ("unpaid-outage", "Account mgr's job, not mine.", "deflect", "low", "low"),
    ("unpaid-outage", "Not us, sorry.", "apologise", "low", "low"),
    ("friday-data-line", "That's my job.", "ownership", "not low", "not low"),
    # The customer's own choice asked back as the fault (batch 112: 6 of 6 read as questions).
    ("denied-iphone", "Why did you sign for 18 months if a new phone mattered that much to you?", "ask", "low",
     "not high"),
    ("nine-weeks", "Did you not read that the offer was only for analogue lines?", "ask", "low", "not high"),
    ("unpaid-outage", "What did you expect us to do about a network fault?", "ask", "low", "not high"),
    ("unpaid-outage", "May I ask why you decided to cancel?", "ask", "not low", "not low"),
    # A named team's call as the answer, nothing of the agent's (batch 108: read as the agent's escalation).
    ("denied-iphone", "Our retention team will call you back within five working days.", "escalate", "low", "not high"),
    ("nine-weeks", "A colleague from the back office will call you on Saturday to go through the procedure with you.",
     "deflect", "low", "not high"),
    # ...and "they" the same, when the reply is nothing else (play-through 50: 50/50 beside 6/15)...
    ("friday-data-line", "They'll call you back Monday morning.", "deflect", "low", "low"),
    ("friday-data-line", "they will get back to you after the weekend", "deflect", "low", "low"),
    # ...but not after a pass-on of the agent's (dev 1/1), nor beside the agent's own step.
    ("friday-data-line", "I've passed it on to the data division. They will contact you.", "escalate", "neutral",
     "not low"),
    ("friday-data-line", "They'll call you Monday morning, and I'll ring you at nine to check they did.", "commit",
     "not low", "not low"),
    # ...and a team named bare: its call, not the agent's (QA round 51: 74, and it met the need; dev 1/1)...
    ("denied-iphone", "And your login: retention will call you back Thursday.", "commit", "neutral", "not low"),
    ("unpaid-outage", "Retention will contact you about your cancellation.", "unsure deflect", "neutral", "not high"),
    # ...and "not my call", "not my decision", "not in my hands" pass it on (dev 13 of 16 such 0/0)...
    ("unpaid-outage", "Retention might call you before January, might not. Not my call.", "deflect", "low", "low"),
    ("nine-weeks", "I cannot promise the laptop, the promotion is from marketing, it is not my decision.", "refuse",
     "low", "low"),
    ("denied-iphone", "I understand your anger, my friend. But I must say honestly, this is not in my hands, the system "
     "does not allow this.", "policy or offer", "low", "low"),
    ("nine-weeks", "Good day. I would like to help you, but I have my hands tied by the system.", "unsure deflect",
     "low", "low"),
    # ...but not "my call to override it" beside an option (dev 1/2), nor tied hands beside the agent's
    # own offer (QA round 51: 35, "the customer is sent elsewhere to get it"; dev 2/2).
    ("unpaid-outage", "Force majeure, I know, it sounds like a cop-out. It's not my call to override it, but there "
     "might be room for a goodwill credit if you stay.", "offer", "not low", "high"),
    ("denied-iphone", "My hands are tied with the migration rules, but let me tell you what I can do: 50% off a new "
     "iPhone.", "offer", "not low", "high"),
    ("friday-data-line", "A fix tonight I cannot guarantee, that's not in my hands. What is in my hands is a courier "
     "router, on its way by 18:00, tracking by SMS.", "commit", "high", "high"),
    # QA round 51: the customer's day, the customer's words asked back and the agent's own hand-off
    # taken back read as a refusal or a hand-off (30, 30 and 31 on flexibility)...
    ("denied-iphone", "Good morning, Sanne speaking. I'm sorry to hear you've been going round in circles. What's "
     "going on?", "greet", "neutral", "neutral"),
    ("friday-data-line", "Hello. Fault line? No, this is customer service. How can I help you?", "greet", "neutral",
     "neutral"),
    ("unpaid-outage", "Sorry, no, I'll do it myself: I'll call you Wednesday at 2.", "commit", "high", "not low"),
    # ...not the talk ended, the customer sent to the fault line, or a no said to the customer.
    ("friday-data-line", "We are going round in circles.", "cite_policy", "not high", "low"),
    ("friday-data-line", "Have you tried the fault line?", "ask", "low", "low"),
    ("unpaid-outage", "Sorry, no, that's not possible.", "refuse", "not high", "low"),
    # QA round 51: what is done to "it" in second-language English is the agent's step.
    ("move-and-upgrade", "And the technician comes on the day of moving, I plan it.", "explain", "high", "high"),
    # Batch 145: second-language present-tense deeds after "but", "for you", what it is for (read neutral).
    ("friday-data-line", "A move is not a fault, yes, but I book the on-call technician anyway, as an exception.",
     "exception", "high", "high"),
    ("nine-weeks", "For the weeks without line I send you a 4G router, for free, then you can just work from home.",
     "offer", "high", "high"),
    ("unpaid-outage", "Normally there is nothing for outages, but for you I make an exception: two months credit.",
     "exception", "high", "high"),
    # QA round 53: a discount put right is still the discount, however sure the model of a no (46/35).
    ("denied-iphone", "Sorry, I have to correct that: it's 30 percent off the iPhone, not 50.", "refuse", "not low",
     "high"),
    # A complaint left to the customer to file (dev 5 of 5 0/0; not read by the model of stop 57).
    ("unpaid-outage", "You can always file a complaint in writing.", "unsure deflect", "low", "low"),
    # QA round 52: the deed in two words, the retention question, the agent's own step kept.
    ("denied-iphone", "Corrected it. Reset link sent.", "commit", "high", "not low"),
    ("unpaid-outage", "Hello. You're right, and I'm asking now: why did you leave us? What would have made you stay?",
     "ask", "neutral", "not low"),
    ("unpaid-outage", "Why did you leave it so late to complain?", "ask", "low", "not high"),
    ("friday-data-line", "Sorry, no: I'm still the one chasing the data division, and I'll call you on Monday at 9 "
     "myself.", "commit", "high", "not low"),
    # Batch 144: the customer put up to ring someone else as a try or the best course (dev 6 of 6 0/0).
    ("denied-iphone", "Ha, I'd be annoyed too. Maybe retention can do something, you could try calling them "
     "tomorrow.", "unsure deflect", "low", "low"),
    ("move-and-upgrade", "Upgrades and Moves use different systems, so it's best you ring Upgrades again after the "
     "move.", "explain", "low", "low"),
    ("friday-data-line", "It's best you call me back if it's not live by six.", "commit", "not low", "not low"),
    # The small print or force majeure said to be the company's failing, not hidden behind (dev; QA 50, 51).
    ("unpaid-outage", "You wrote a polite letter and got a form letter back quoting small print. I'd feel brushed off "
     "too.", "empathise", "neutral", "neutral"),
    ("unpaid-outage", "You've been with us for years and you deserve more than small print. I'll call your business "
     "account manager myself today and ring you back by 5.", "escalate", "high", "not low"),
    ("unpaid-outage", "Goedemiddag, sorry my English is not so good. I read your letter. This answer of force majeure "
     "is not nice, I am sorry for that.", "apologise", "neutral", "neutral"),
    ("unpaid-outage", "It's in the small print, and force majeure is force majeure.", "cite_policy", "not high", "low"),
    # ...not "someone will call you" after the agent logged it: a vague promise (dev 1/1).
    ("move-and-upgrade", "I'll log a request with planning and someone will call you.", "commit", "not low", "not low"),
    # ...nor "someone from <a team> will call you" (dev 1/1; batches 118 to 120, read 0/0 by the model).
    ("move-and-upgrade", "Someone from the TV team will call you to discuss the upgrade.", "deflect", "neutral",
     "neutral"),
    ("nine-weeks", "Someone from sales will call you back about the laptop.", "deflect", "neutral", "neutral"),
    # The old rule named to reject it (QA round 34: 5 of 6 read as hiding behind it).
    ("unpaid-outage", "A form letter quoting force majeure is not the answer you deserved.", "exception", "not low",
     "not low"),
    ("unpaid-outage", "The small print is not what I'm going to hide behind.", "cite_policy", "not low", "not low"),
])
def test_stop_48s_readings(library, scenario_id, text, model, ownership, flexibility):
    models = {**SURE, "escalate": ranking(("escalate_for_customer", 0.9), ("commit_next_step", 0.05)),
              "apologise": ranking(("apologise", 0.9), ("empathise", 0.05))}
    score = score_reply(text, models[model], [], library.get(scenario_id))
    for dimension, expected in (("ownership", ownership), ("flexibility", flexibility)):
        got = band(getattr(score, dimension))
        want = expected.removeprefix("not ")
        assert (got != want) if expected.startswith("not ") else (got == want), (dimension, score)


@pytest.mark.parametrize("scenario_id, text, kind", [
    # Apologies typed fast (QA round 33: 6 of 7 not scored).
    ("friday-data-line", "i am so sory for this, i understnad the phone is importent for your bussines", "empathy"),
    ("friday-data-line", "very sory, the move of data line is forgoten, this is our mistake", "empathy"),
    ("unpaid-outage", "so sory for the outage and the leter", "empathy"),
    # The one who decides asked, the answer not in yet: the customer holds (not scored before).
    ("move-and-upgrade", "Let me ask my team leader about doing the move and the TV in one order.", "hold"),
    # Chat, without "I" (batch 110).
    ("nine-weeks", "Will sort by 5.", "commitment"),
    ("nine-weeks", "Will call u Mon 11, stick's coming free too.", "commitment"),
    ("nine-weeks", "Taking it to the dept mgr, back to u by Weds.", "commitment"),
    # The deliverable dispatched, dated (QA round 34: 3 of 3 not counted).
    ("friday-data-line", "A 4G router goes out by courier now.", "commitment"),
    ("friday-data-line", "Good, it's going out now.", "commitment"),
    ("friday-data-line", "The router will go out by courier tonight.", "commitment"),
])
def test_stop_48s_plain_readings(library, scenario_id, text, kind):
    unsure_model = ranking(("apologise", 0.25), ("deflect", 0.2), ("commit_next_step", 0.15))
    score = score_reply(text, unsure_model, [], library.get(scenario_id))
    assert kind in {cue.kind for cue in score.cues} and not score.unsure, score


@pytest.mark.parametrize("text", ["Will that work for you by Friday?", "Will you be home on Thursday?",
                                  "Is the router going out today?", "The router can go out by courier today."])
def test_a_question_or_a_possibility_is_no_commitment(library, text):
    score = score_reply(text, SURE["ask"], [], library.get("nine-weeks"))
    assert "commitment" not in {cue.kind for cue in score.cues}, score


@pytest.mark.parametrize("scenario_id, text, offer", [
    # Brisk item lines (QA round 33: 7 of 12 not counted, and the card said to send what was sent).
    ("nine-weeks", "Router's on its way. Free.", "mobile_internet"),
    ("nine-weeks", "Stick's in the post. Free.", "mobile_internet"),
    ("unpaid-outage", "SIM's in the post.", "backup_sim"),
    ("unpaid-outage", "Sorted, credit's on. Three months.", "goodwill_credit"),
    ("denied-iphone", "Phone's on its way. 24 months.", "plan_24_months"),
    ("friday-data-line", "i send 4G ruoter by courrier now", "courier_router"),
    ("unpaid-outage", "I'm not leaving it at that: I can give one month, 50 euro, doing it now.", "goodwill_credit"),
    # The agent's own call, "myself" before the time (QA round 34: 3 of 3 left the named person open).
    ("unpaid-outage", "I'm Lieke, and I'll call you myself on Thursday at 10.", "direct_number"),
    # The agent as the one who rings (QA round 43: 4 of 4 left the follow-up open).
    ("unpaid-outage", "I'll be the one who rings you.", "direct_number"),
    ("friday-data-line", "I'll be the one who rings you, tomorrow at 9.", "direct_contact"),
    ("nine-weeks", "I'm the one who calls you back.", "single_contact"),
    ("unpaid-outage", "Me, personally.", "direct_number"),
    # Chat shorthand for the account manager (QA round 43: read as a hand-off, 2 of 2).
    ("unpaid-outage", "ur acc mgr will call u tmrw 10am", "account_manager"),
    ("unpaid-outage", "Your account mgr will call you tomorrow at 10.", "account_manager"),
    # The courier or the router with its time (batch 132: not scored, or neutral).
    ("friday-data-line", "Courier today, by 5.", "courier_router"),
    ("friday-data-line", "Router's with you by 5. The tech I'm still chasing.", "courier_router"),
    # What retention gives to keep him, fetched there (batch 132: 0/2 read 0/0).
    ("unpaid-outage", "Retention will knock 20% off for a year, just call them before January.", "retention_offer"),
])
def test_brisk_item_lines_make_the_offer(library, scenario_id, text, offer):
    score = score_reply(text, SURE["offer"], [], library.get(scenario_id))
    assert offer in score.offers, score


@pytest.mark.parametrize("scenario_id, text, offer", [
    # The agent's effort kept up is not the laptop reserved (QA round 34: met the need, 2 of 2).
    ("nine-weeks", "I'll keep pushing on the laptop and call you Friday.", "reserve_promotion"),
])
def test_effort_kept_up_is_not_the_offer(library, scenario_id, text, offer):
    assert offer not in score_reply(text, SURE["commit"], [], library.get(scenario_id)).offers


# Stop 54: replies in dev and play-through 43 whose words were read for less than they do.
# (scenario, text, model reading, ownership band, flexibility band)
READ_IN_STOP_54 = [
    # The offer named again after the turn, where its first naming began in the no ("iPhone ... 50 percent off").
    ("denied-iphone", "I can't give you a free iPhone on the 18-month plan, but I can take 50 percent off a new one "
     "today, and I'll send the order confirmation to your email right now.", SURE["commit"], "high", "high"),
    # A real offer the customer is sent, in the imperative, to fetch is ownership 0, flexibility 2 (guide's note).
    ("denied-iphone", "Ring retention on 0800 1200 and ask for the loyalty discount - they do up to 50% off a new "
     "handset for people in your spot.", SURE["offer"], "low", "high"),
    ("unpaid-outage", "Goodwill credits up to three months are possible, write to complaints and mention it.",
     SURE["offer"], "low", "high"),
    ("friday-data-line", "Our business shop in the centre keeps 4G routers for exactly this; pick one up before they "
     "shut at six.", SURE["offer"], "low", "high"),
    ("move-and-upgrade", "We can waive the installation fee, just mention it to the technician on the day.",
     SURE["exception"], "low", "high"),
    # The rule the customer was told, reported (QA round 43: 2 of 2 read as the agent's own rule);
    # said as the answer, it is still the rule.
    ("nine-weeks", "I'm sorry you were told procedures are procedures three times.",
     ranking(("cite_policy", 0.46), ("empathise", 0.3)), "neutral", "neutral"),
    ("nine-weeks", "Procedures are procedures.", SURE["cite_policy"], "neutral", "low"),
    # A no passed on is the agent's no, in the present and from the teams that decide (QA round 43: 4 of 4
    # neutral; batch 131), and it stands beside the agent's own step (the guide: 2/0) ...
    ("nine-weeks", "I asked my manager. He says no to the guarantee.", ranking(("explain_procedure", 0.33),
                                                                                ("refuse", 0.3)), "neutral", "low"),
    ("move-and-upgrade", "I've checked with planning. They say no, it has to be two separate orders.",
     SURE["explain"], "neutral", "low"),
    ("unpaid-outage", "I've discussed it with the director's office and they stand by the letter.", SURE["explain"],
     "not low", "low"),
    ("denied-iphone", "Retention came back: no new handset on this contract. I'll call you myself on Friday morning "
     "to go through the billing dates with you, as promised.", SURE["commit"], "high", "low"),
    # ... unless the agent's work turns it.
    ("nine-weeks", "The promotions team came back with a no on the laptop guarantee. I'm not leaving it there: I've "
     "taken it to the sales manager and I'll ring you tomorrow at ten.", SURE["commit"], "high", "not low"),
    ("denied-iphone", "My manager said no to the phone at first, so I went to her manager, and the 24-month upgrade "
     "is booked on your number. The handset arrives Thursday.", SURE["exception"], "high", "not low"),
    # The agent's own word put right into a no, and the earlier no stood by (QA round 43: neutral, or not scored).
    ("move-and-upgrade", "Sorry, I need to correct myself: the technician can't come this weekend.", SURE["refuse"],
     "neutral", "low"),
    ("unpaid-outage", "I can only repeat what the letter said.", ranking(("ask_details", 0.35), ("refuse", 0.3)),
     "neutral", "low"),
    ("unpaid-outage", "I'm afraid that's what they told me.", ranking(("refuse", 0.24), ("ask_details", 0.2)), "neutral", "low"),
    # The no said short beside the agent's own step is 2/0 by the guide (batch 131: 2/1) ...
    ("friday-data-line", "No, I'm not sending a technician tonight. I'll email you the ticket number in five minutes "
     "so you have it for Monday.", SURE["commit"], "high", "low"),
    ("friday-data-line", "Here's my direct number, 030 555 0187, and I'll ring you Monday at 8:30. Nothing's moving "
     "before then, though - no engineer tonight.", SURE["commit"], "high", "low"),
    ("move-and-upgrade", "Team leader says no combined order. I'll email you the reference number before I finish "
     "today so you can quote it to anyone.", SURE["commit"], "high", "low"),
    ("denied-iphone", "I'm resetting your online login right now, you'll get a text with a code in two minutes. On "
     "the phone, though: no. Migration customers don't get one.", SURE["commit"], "high", "low"),
    # ... but not sending the customer elsewhere, nor another form letter, is no no.
    ("unpaid-outage", "I'm not sending you another form letter. I'm calling you back at 15:30 today with a concrete "
     "offer to stay.", SURE["commit"], "high", "not low"),
    ("move-and-upgrade", "Right, I'm not sending you anywhere else. I'll sort this from start to finish and I'll be "
     "the one who calls you.", SURE["ownership"], "high", "not low"),
    # A look while the customer holds, a try at asking, an option looked for but not named (QA round 44:
    # 85 and 74 on ownership; 62 to 85 on flexibility).
    ("move-and-upgrade", "Hold on, I'll check what's planned for the 14th.", SURE["commit"], "neutral", "neutral"),
    ("move-and-upgrade", "Hang on, let me check what's booked.", SURE["ownership"], "neutral", "neutral"),
    ("friday-data-line", "Maybe we could look at a workaround of some sort.", ranking(("offer_alternative", 0.9)),
     "neutral", "neutral"),
    ("nine-weeks", "Is there another option you'd like for the weeks without a line?", SURE["offer"], "neutral", "neutral"),
    ("nine-weeks", "One option is we hold the promo for you based on today's date - would that work for you?",
     SURE["offer"], "neutral", "high"),
    # Regret as the no's lead-in, and the answer said to be the policy (QA round 44: neutral on flexibility).
    ("friday-data-line", "I'm really sorry, but the technician can't come before Monday.", SURE["refuse"], "neutral", "low"),
    ("unpaid-outage", "The letter you received reflects our policy, I'm sorry.", ranking(("empathise", 0.43), ("cite_policy", 0.3)),
     "neutral", "low"),
    # Shrugged off, low on both as blame is (QA round 44: read as sympathy or a question, 4 of 4); not
    # "whatever works for you".
    ("friday-data-line", "Yeah, whatever, go on.", ranking(("empathise", 0.35), ("ask_details", 0.2)), "low", "low"),
    ("unpaid-outage", "Mm, sure, whatever you say.", ranking(("ask_details", 0.29), ("empathise", 0.2)), "low", "low"),
    ("friday-data-line", "Yeah, what now.", SURE["empathise"], "low", "low"),
    ("move-and-upgrade", "Whatever works for you, I'll book it.", SURE["ownership"], "not low", "not low"),
    # The customer's "in writing?" said back, then the yes (batch 132: neutral).
    ("nine-weeks", "In writing? Yes. Email tonight, my name on it.", SURE["commit"], "high", "neutral"),
]


def test_putting_it_on_now_names_the_time(library):
    # QA round 43: the card asked for a time on "A credit then: three months, I'm putting it on now."
    score = score_reply("A credit then: three months, I'm putting it on now.", SURE["exception"], [],
                        library.get("unpaid-outage"))
    assert "time" in {cue.kind for cue in score.cues}, score


@pytest.mark.parametrize("scenario_id, text, reading, own, flex", READ_IN_STOP_54)
def test_stop_54s_readings(library, scenario_id, text, reading, own, flex):
    assert_read_as(library, scenario_id, text, reading, own, flex)


@pytest.mark.parametrize("text", ["its shipping tmrw", "its shipping 2nite", "booked."])
def test_a_deed_read_as_blame_with_no_word_of_blame_is_the_step(library, text):
    # QA round 43: "its shipping tmrw" typed on a phone was read as blame, 3 of 3, and the customer
    # answered "Don't put this on me".
    reading = ranking(("blame_customer", 0.22), ("commit_next_step", 0.2), ("deflect", 0.15))
    score = assert_read_as(library, "nine-weeks", text, reading, "high", "neutral")
    assert score.move == "commit_next_step", score


def test_what_the_agent_meant_is_no_step(library):
    # QA round 43: "I meant the router next month, not tomorrow" was read as a commitment (78/56).
    score = score_reply("Sorry, I meant the router next month, not tomorrow.", SURE["commit"], [], library.get("nine-weeks"))
    assert "commitment" not in {cue.kind for cue in score.cues}, score


@pytest.mark.parametrize("text, done", [
    # QA round 43: what a later check will find was read as done on the spot, 3 of 3.
    ("I'll call you on Thursday to check the phone has arrived.", False),
    ("I'll ring you Friday to check that the credit has gone through.", False),
    ("The credit has gone through.", True),
])
def test_what_a_check_to_come_will_find_is_not_done(library, text, done):
    score = score_reply(text, SURE["commit"], [], library.get("unpaid-outage"))
    assert any(cue.kind == "done" and cue.ownership for cue in score.cues) is done, score


def test_a_try_at_asking_offers_nothing(library):
    # QA round 44: "I could try to ask planning" read as an option (67 on flexibility).
    score = score_reply("I could try to ask planning about a technician.", ranking(("deflect", 0.47), ("offer_alternative", 0.3)),
                        [], library.get("move-and-upgrade"))
    assert band(score.flexibility) == "neutral" and not any(c.kind == "offer" and c.flexibility for c in score.cues), score


# Stop 55: deeds already done, said in the words trainees use (dev: read neutral), and what must stay
# as it is beside them. (scenario, text, model reading, ownership band, flexibility band)
READ_IN_STOP_55 = [
    # "I've already put ...": done on the spot (the guide: doing it on the spot counts).
    ("nine-weeks", "The first month's on the house. I've already put the credit on your account.", SURE["exception"],
     "high", "high"),
    # The agent had another team do it: done, and the agent's.
    ("nine-weeks", "I had our billing people credit the first month already, and the adjusted invoice comes from me.",
     SURE["exception"], "high", "high"),
    # Said without "I've": "Booked you the on-call tech", "tech tue 8-12 booked".
    ("friday-data-line", "Booked you the on-call tech as an exception, just confirmed, he's got your number and mine.",
     SURE["exception"], "high", "high"),
    ("move-and-upgrade", "tech tue 8-12 booked, confirm by mail now", SURE["commit"], "high", "neutral"),
    # The owned step beside a flat no (the guide's note: 2/0).
    ("unpaid-outage", "I'm writing you a personal reply today instead of another form letter, but I have to be straight "
     "with you: there won't be any compensation for the outage.", SURE["refuse"], "high", "low"),
    # The other team's no, overturned by the agent: the router is on the van.
    ("friday-data-line", "Logistics said same-day courier isn't possible after 3, so I asked their supervisor, and the "
     "router is on the 15:30 van. It should be with you in two hours.", SURE["offer"], "high", "high"),
    # Guards: a note is no deed, a deed asked about is not done, a form the customer fills in is theirs.
    ("nine-weeks", "I've already put a note on your file.", SURE["commit"], "neutral", "neutral"),
    ("move-and-upgrade", "tech booked for tuesday?", SURE["ask"], "neutral", "neutral"),
    ("move-and-upgrade", "Fill in the form online and the fee is waived.", SURE["exception"], "low", "high"),
]


@pytest.mark.parametrize("scenario_id, text, reading, own, flex", READ_IN_STOP_55)
def test_stop_55s_readings(library, scenario_id, text, reading, own, flex):
    assert_read_as(library, scenario_id, text, reading, own, flex)


# QA round 45: replies read for more, or less, than they say. (scenario, text, model reading, ownership, flexibility)
READ_IN_QA_ROUND_45 = [
    # An offer put to a manager is asked about, not made (4 of 5 read high, and the customer accepted it) ...
    ("unpaid-outage", "I asked my team lead about the three months' credit.", SURE["offer"], "neutral", "neutral"),
    ("denied-iphone", "I asked my manager about the 24-month plan with the iPhone.", SURE["offer"], "neutral", "neutral"),
    ("denied-iphone", "I put your request for the iPhone on 24 months to my manager while you were on hold.",
     SURE["commit"], "not low", "neutral"),
    # ... unless the agent then makes it.
    ("unpaid-outage", "I asked my team lead about it and I can give you three months' credit.", SURE["offer"],
     "not low", "high"),
    # An option asked about, none named (3 of 4 read high) ...
    ("friday-data-line", "Is there an option that would work for you?", SURE["offer"], "neutral", "neutral"),
    ("friday-data-line", "Would that help?", SURE["offer"], "neutral", "neutral"),
    # ... not one named in the question.
    ("nine-weeks", "Would it help if I agreed the ISDN end date with KPN myself?", SURE["offer"], "not low", "high"),
    # A deliverable with its time, said without "I'll" (2 of 2 held at 59).
    ("nine-weeks", "Written confirmation lands in your inbox within the hour.", SURE["commit"], "high", "neutral"),
    ("nine-weeks", "You'll have it in writing within the hour.", SURE["commit"], "high", "neutral"),
    ("nine-weeks", "You'll have it in writing from them next week.", SURE["deflect"], "low", "low"),
    # "That's on me now" as "This one's mine now"; the slip owned is no step.
    ("denied-iphone", "That's on me now.", SURE["ownership"], "high", "neutral"),
    ("denied-iphone", "Sorry, that's on me, I gave you the wrong number.", ranking(("apologise", 0.9)), "neutral", "neutral"),
    # The customer spared a cost, read as a no (2 of 4 heard as a refusal).
    ("unpaid-outage", "nope, costs u nothing", SURE["refuse"], "neutral", "high"),
    ("friday-data-line", "No cost.", SURE["refuse"], "neutral", "high"),
    # Chat "mths" (2 of 2 not scored).
    ("unpaid-outage", "3 mths credit, on ur acc by tmrw", SURE["offer"], "high", "high"),
    ("denied-iphone", "k, 24 mths w new iphone, starting 2day", SURE["offer"], "high", "high"),
    # A try is no step, whatever adverb stands before it.
    ("denied-iphone", "We'll definitely try to get something sorted for you.", SURE["ownership"], "neutral", "neutral"),
    ("denied-iphone", "We'll definitely call you at four.", SURE["commit"], "high", "neutral"),
]


@pytest.mark.parametrize("scenario_id, text, reading, own, flex", READ_IN_QA_ROUND_45)
def test_qa_round_45s_readings(library, scenario_id, text, reading, own, flex):
    assert_read_as(library, scenario_id, text, reading, own, flex)


@pytest.mark.parametrize("scenario_id, text", [
    # QA round 45: a check made, or when a team works, read unsure ("What are you actually saying?"), 7 of 9;
    # and an hour in words given as the time asked for ("Come again?"), 3 of 3.
    ("friday-data-line", "I've just spoken to the data division."),
    ("nine-weeks", "I checked with marketing about the laptop."),
    ("move-and-upgrade", "I asked planning whether the technician can come on the 14th."),
    ("friday-data-line", "The data division works Monday to Friday during office hours, I'm afraid."),
    ("friday-data-line", "Tonight, nine."),
    ("friday-data-line", "Nine tonight."),
    ("friday-data-line", "At nine."),
])
def test_plain_news_of_a_check_and_a_time_in_words_are_read_with_confidence(library, scenario_id, text):
    reading = ranking(("take_ownership", 0.18), ("blame_customer", 0.16), ("refuse", 0.15))
    score = score_reply(text, reading, [], library.get(scenario_id))
    assert not score.unsure and (band(score.ownership), band(score.flexibility)) == ("neutral", "neutral"), score


def test_a_check_beside_what_came_of_it_is_not_only_news(library):
    # The check said with what it led to stays as the model read it (here: unsure).
    reading = ranking(("deflect", 0.2), ("refuse", 0.18), ("explain_procedure", 0.15))
    score = score_reply("I spoke to the move team and the TV team and neither can help, so honestly it's best to cancel "
                        "and start fresh.", reading, [], library.get("move-and-upgrade"))
    assert "explain_procedure" != score.move or score.unsure, score


@pytest.mark.parametrize("text, kind", [
    # QA round 45: cues that said the wrong thing.
    ("Half price.", "time"),
    ("I'll stay on this till it's done.", "done"),
])
def test_words_that_only_look_like_a_cue_are_none(library, text, kind):
    score = score_reply(text, SURE["commit"], [], library.get("denied-iphone"))
    assert kind not in {cue.kind for cue in score.cues}, score


def test_a_step_being_done_now_needs_no_time_put_on_it():
    """QA round 45: "Put a time on your commitment" after "I'm resetting and correcting both now", 2 of 2."""
    now = dataclasses.replace(_reply(85, 51, "commit_next_step"), text="Your login and email: I'm resetting and correcting both now.")
    assert "no_time" not in score_session([now]).tip_keys
    later = dataclasses.replace(_reply(85, 51, "commit_next_step"), text="I'm going to reset and correct both.")
    assert "no_time" in score_session([later]).tip_keys


# Batches 134 and 135 (dev): short answers and relayed noes read for less than they say.
READ_IN_BATCHES_134_135 = [
    # The agent's own number given: the contact (3 of 3 not scored).
    ("nine-weeks", "Yes, 020 555 0177, ask for Priya. That's me.", SURE["deflect"], "high", "neutral"),
    ("friday-data-line", "Sure, 010 444 2290, straight to my desk.", SURE["deflect"], "high", "neutral"),
    ("unpaid-outage", "Yes. Mine, 06 1234 5678.", SURE["ownership"], "high", "neutral"),
    ("unpaid-outage", "Call the helpdesk on 020 555 0100.", SURE["deflect"], "low", "low"),
    # A no that spares a cost; "yes, in writing" with its time; the reasons in writing.
    ("unpaid-outage", "No, the backup SIM's free.", SURE["refuse"], "not low", "high"),
    ("unpaid-outage", "You're free to cancel.", SURE["refuse"], "neutral", "low"),
    # (QA round 45 replayed: "No, free." to "will it cost me anything?" read as a no.)
    ("friday-data-line", "No, free.", SURE["refuse"], "neutral", "not low"),
    ("nine-weeks", "In writing, yes, tonight.", SURE["commit"], "high", "neutral"),
    ("denied-iphone", "It's a no. You'll have why in writing tonight.", SURE["commit"], "high", "low"),
    ("unpaid-outage", "I will. Today.", ranking(("commit_next_step", 0.33), ("take_ownership", 0.2)), "high", "neutral"),
    # The manager's no, known or disagreed with, then taken further by the agent: no rigid reply ...
    ("denied-iphone", "I know my manager said no last week. I'm taking your 24-month proposal back to her myself this "
     "afternoon, and I'll call you at three with her answer.", SURE["commit"], "high", "neutral"),
    ("nine-weeks", "Honestly? My manager said no to the written guarantee. I don't agree with her, and I'm taking it to "
     "her boss today. I'll call you tomorrow at 11 with the answer, either way.", SURE["commit"], "high", "neutral"),
    # ... while the no beside a step of another kind stands (the guide: 2/0).
    ("nine-weeks", "My manager said no to the guarantee. I'll email you his reasons by five.", SURE["refuse"], "high", "low"),
]


@pytest.mark.parametrize("scenario_id, text, reading, own, flex", READ_IN_BATCHES_134_135)
def test_batch_134_and_135s_readings(library, scenario_id, text, reading, own, flex):
    assert_read_as(library, scenario_id, text, reading, own, flex)


def test_thanks_for_patience_read_as_blame_is_understanding(library):
    """QA round 45: "I really appreciate your patience." read as blame (0.60) scored 41/38, the call's
    worst reply; the understanding is the whole reply, so nothing in it blames."""
    score = score_reply("I really appreciate your patience.", ranking(("blame_customer", 0.6), ("empathise", 0.2)), [],
                        library.get("unpaid-outage"))
    assert score.move == "empathise" and band(score.flexibility) == "neutral", score
    # Beside words no cue knows, a sure blame reading still counts.
    score = score_reply("I really appreciate your patience, but you signed it.",
                        ranking(("blame_customer", 0.6), ("empathise", 0.2)), [], library.get("unpaid-outage"))
    assert score.move == "blame_customer", score


@pytest.mark.parametrize("text, move", [
    # QA round 45: a deed read as a greeting ("Greets the customer; commits to act"), and the
    # customer said hello back mid-call.
    ("I took your letter to the director of customer service this morning.", "commit_next_step"),
    ("Good morning, I've already fixed your login.", "greet"),
])
def test_a_deed_read_as_a_greeting_with_no_word_that_greets_is_the_deed(library, text, move):
    score = score_reply(text, ranking(("greet", 0.42), ("commit_next_step", 0.2)), [], library.get("unpaid-outage"))
    assert score.move == move, score


# QA round 46: short deeds held at 59 ("taking it on needs a concrete step"), and an apology for what
# another team did read as a hand-off. (scenario, text, model reading, ownership, flexibility)
READ_IN_QA_ROUND_46 = [
    ("denied-iphone", "Email and login fixed now.", SURE["commit"], "high", "neutral"),
    ("nine-weeks", "First month credited.", SURE["exception"], "high", "high"),
    ("denied-iphone", "Early month credited too.", SURE["exception"], "high", "high"),
    ("move-and-upgrade", "tech on moving day 14th 8-12 booked", SURE["commit"], "high", "high"),
    ("move-and-upgrade", "Technician I book on 14th, the day you move, morning time.", SURE["commit"], "high", "high"),
    ("friday-data-line", "I'm sorry the fault line sent you back and forth today.", ranking(("apologise", 0.94)),
     "neutral", "neutral"),
    ("denied-iphone", "My number: 020 555 0177. Direct.", ranking(("ask_details", 0.15), ("greet", 0.1)), "high", "neutral"),
    # Guards: a month offered in a question is not done; the fault line the customer is sent to is a hand-off.
    ("nine-weeks", "What would help you most while you're offline: the router, the first month credited, or both?",
     SURE["offer"], "neutral", "high"),
    ("friday-data-line", "You'll need to ring the fault line for that.", SURE["deflect"], "low", "low"),
]


@pytest.mark.parametrize("scenario_id, text, reading, own, flex", READ_IN_QA_ROUND_46)
def test_qa_round_46s_readings(library, scenario_id, text, reading, own, flex):
    assert_read_as(library, scenario_id, text, reading, own, flex)


@pytest.mark.parametrize("text", ["Tomorrow, first thing.", "First thing tomorrow.", "Within the hour."])
def test_a_time_alone_in_words_is_read(library, text):
    """QA round 46: not scored ("What does that mean for my laptop?"), 3 of 9 times given alone."""
    score = score_reply(text, ranking(("commit_next_step", 0.38), ("greet", 0.2)), [], library.get("nine-weeks"))
    assert not score.unsure and "time" in {cue.kind for cue in score.cues}, score


def test_a_close_the_call_makes_empty_is_not_held_by_the_band_check(library):
    """QA round 46: "Whatever. We're done here." after four stonewalls scored 41, held neutral by a band
    estimate that read "whatever" as in "I'll ring you at 8, whatever happens"."""
    bands = {"ownership": {"low": 0.36, "neutral": 0.1, "high": 0.54}}
    reading = ranking(("close", 0.57), ("take_ownership", 0.08))
    scenario = library.get("denied-iphone")
    in_the_call = score_reply("Whatever. We're done here.", reading, [], scenario, bands=bands, nothing_done=True)
    assert band(in_the_call.ownership) == "low" and band(in_the_call.flexibility) == "neutral", in_the_call
    # Scored on its own, the band check still holds a doubted far band.
    alone = score_reply("Whatever. We're done here.", reading, [], scenario, bands=bands)
    assert band(alone.ownership) == "neutral", alone


# Batch 136 (dev): hand-offs said as what the customer will want, and a deed the "so no" after it spares.
READ_IN_BATCH_136 = [
    ("move-and-upgrade", "I'm sorry you've been passed around. Unfortunately I'm not the right department for upgrades "
     "either, you'll want to try sales.", SURE["ownership"], "low", "low"),
    ("nine-weeks", "I totally get it, nine weeks is a long time. For the laptop you'd really need the promotions "
     "department, and the manager there is off today, sorry.", SURE["deflect"], "low", "low"),
    ("move-and-upgrade", "Moves are handled by the moving department and TV upgrades by sales. I'll give you both numbers.",
     SURE["deflect"], "low", "low"),
    ("nine-weeks", "Right, I've rung KPN and lined your ISDN end date up with our install on the 12th, so no gap. "
     "Anything else? No? Cheers, bye!", SURE["commit"], "high", "not low"),
    # Guards: what the customer will want from the agent; a "so no" that refuses.
    ("nine-weeks", "You'll want to ring me back on this number if the date slips.", SURE["commit"], "not low", "not low"),
    ("denied-iphone", "So no phone, I'm afraid.", SURE["refuse"], "neutral", "low"),
]


@pytest.mark.parametrize("scenario_id, text, reading, own, flex", READ_IN_BATCH_136)
def test_batch_136s_readings(library, scenario_id, text, reading, own, flex):
    assert_read_as(library, scenario_id, text, reading, own, flex)


# QA round 47. (scenario, text, model reading, ownership, flexibility)
READ_IN_QA_ROUND_47 = [
    # Small talk about the agent's own life is no step (4 of 4 read high) ...
    ("nine-weeks", "Morning! Oh I love those little mini-laptops, I've got one myself, perfect for working on the train.",
     SURE["greet"], "neutral", "neutral"),
    ("denied-iphone", "I've been a customer myself for ten years, so I get it.", SURE["empathise"], "neutral", "neutral"),
    ("friday-data-line", "Good morning! I work from home myself on Fridays, so I know the feeling.", SURE["greet"],
     "neutral", "neutral"),
    # ... while the agent's own step is.
    ("denied-iphone", "I'll call KPN myself.", SURE["commit"], "high", "neutral"),
    # The rule named to reject it is no rule hidden behind (3 of 3 read rigid).
    ("unpaid-outage", "You're right to be angry: a form letter about force majeure is not an answer to a loyal business "
     "customer who lost a client.", SURE["empathise"], "neutral", "not low"),
    ("unpaid-outage", "I'm not going to hide behind force majeure or the small print with you.", SURE["empathise"],
     "neutral", "not low"),
    ("unpaid-outage", "It's force majeure, it's in the small print.", SURE["cite_policy"], "neutral", "low"),
    # "I will." answers "who?".
    ("unpaid-outage", "I will.", ranking(("take_ownership", 0.26), ("commit_next_step", 0.2)), "neutral", "neutral"),
]


@pytest.mark.parametrize("scenario_id, text, reading, own, flex", READ_IN_QA_ROUND_47)
def test_qa_round_47s_readings(library, scenario_id, text, reading, own, flex):
    assert_read_as(library, scenario_id, text, reading, own, flex)


@pytest.mark.parametrize("text, move", [
    # QA round 47: what the customer needs, asked, read as a close with nothing done (35), 4 of 5.
    ("Is there anything you'd want in the meantime?", "ask_details"),
    ("Anything else you're worried about tonight?", "ask_details"),
    ("Is there anything else you'd like to raise before we finish?", "close"),
])
def test_what_the_customer_needs_asked_is_no_close(library, text, move):
    score = score_reply(text, ranking(("close", 0.5), ("ask_details", 0.2)), [], library.get("nine-weeks"), nothing_done=True)
    assert score.move == move, score
    if move == "ask_details":
        assert band(score.ownership) == "neutral", score


def test_i_will_alone_is_not_unsure(library):
    score = score_reply("I will.", ranking(("take_ownership", 0.26), ("commit_next_step", 0.2)), [], library.get("unpaid-outage"))
    assert not score.unsure, score


@pytest.mark.parametrize("text, scenario_id, made, flex_band", [
    # QA round 48: the system said not to support it read as the offer (59/65), and the customer took it.
    ("I'm sorry, our system doesn't support moving and upgrading in one order.", "move-and-upgrade", False, "low"),
    ("I'm sorry, but our system doesn't support a move and an upgrade in one order. That's simply how it is set up.",
     "move-and-upgrade", False, "low"),
    # Guards: said to support it, or a "but" after the no.
    ("Our system supports moving and upgrading in one order, so I'm doing that now.", "move-and-upgrade", True, "high"),
    ("The system doesn't usually allow it, but I'm putting the move and the TV upgrade in one order for you now.",
     "move-and-upgrade", True, "high"),
])
def test_an_offer_the_system_is_said_not_to_support_is_refused(library, text, scenario_id, made, flex_band):
    score = score_reply(text, SURE["empathise"], [], library.get(scenario_id))
    assert bool(score.offers) is made and band(score.flexibility) == flex_band, score


@pytest.mark.parametrize("text, refuses", [
    # QA round 48: "so it's back on my desk" answered "No, it's on mine." read as a refusal (100/31).
    ("No, it's on mine. The credit is booked today, and I'll call you Thursday at ten.", False),
    ("No, that's my job now. I'll ring you at five.", False),
    ("No, sorry.", True),
    ("No, it's not possible.", True),
])
def test_a_no_that_takes_it_on_is_no_refusal(text, refuses):
    score = score_reply(text, SURE["commit"])
    assert ("refusal" in {c.kind for c in score.cues if c.flexibility}) is refuses, score


@pytest.mark.parametrize("text, scenario_id", [
    # QA round 48: over-promises typed fast were not flagged ("stayed within your authority").
    ("hey karin, ill send u a 4g routr by courier tonite and i guarentee ur line will be fixd tonite", "friday-data-line"),
    ("morning. ill send u a 4g router tmrw, and i promis ur new line wil be live on the 3rd", "nine-weeks"),
])
def test_an_over_promise_typed_fast_is_flagged(library, text, scenario_id):
    score = score_reply(text, SURE["commit"], [], library.get(scenario_id))
    assert score.over_promise and score.offers, score


@pytest.mark.parametrize("text", [
    # QA round 49: a no that corrects the agent's own words, or answers "anything else?", refuses nothing.
    "Nope, nothing. Goodbye! Hang on, no, not goodbye yet. I want to check the new login works. Can you try it now?",
    "We're done, or, no, not quite. What time suits you best on Thursday?",
    "We are. Or, no, not quite: who should the courier ask for at the door?",
    "No sir, all is done. Goodbye and good luck with moving.",
    "No. Well, not goodbye just yet: I'll call you Thursday at 10 to confirm the date.",
    # Play-through 56: a no that opens a clarification ("Refuses ('No')", 16 on flexibility).
    "No, sorry, to be clear: the router comes Thursday, not Wednesday.",
    "No, small correction: it's the 15th.",
])
def test_a_no_that_corrects_the_agent_is_no_refusal(library, text):
    score = score_reply(text, SURE["close"], [], library.get("nine-weeks"), all_met=True)
    assert "refusal" not in {c.kind for c in score.cues} and band(score.flexibility) != "low", score


@pytest.mark.parametrize("text", [
    # QA round 52: "anything else?" answered no, the customer addressed and the goodbye after it (9 calls
    # read it as a refusal, 35/30, and the customer answered a rule nobody had cited).
    "No sir, that's all. Thank you for staying with us. Goodbye!",
    "No sir, that is everything. Have a nice day, goodbye.",
    "nope thats it, have a gud weekend!!",
    "Nope. Happy moving!",
    "Good. No, nothing. Ma'a salama, sir.",
])
@pytest.mark.parametrize("model", ["close", "refuse"])
def test_no_to_anything_else_with_a_goodbye_refuses_nothing(library, text, model):
    score = score_reply(text, SURE[model], [], library.get("unpaid-outage"), all_met=True)
    assert (band(score.ownership), band(score.flexibility)) == ("neutral", "neutral"), score


@pytest.mark.parametrize("text", ["No. And we can't do more, those are the rules. Bye.",
                                  "Nope, nothing else. You should have read the contract. Bye."])
def test_no_to_anything_else_beside_a_refusal_or_blame_still_counts(library, text):
    score = score_reply(text, SURE["refuse"], [], library.get("unpaid-outage"), all_met=True)
    assert band(score.flexibility) == "low" or band(score.ownership) == "low", score


@pytest.mark.parametrize("text, own_band", [
    # QA rounds 48 and 49: advice for next time at the close is a lecture (49/46, and the customer thanked them).
    ("For next time though, sir, you really should read the migration terms before agreeing to them. Bye.", "low"),
    ("That's all. A word of advice: next time check whether an offer fits your line before you cancel anything. Bye.",
     "low"),
    ("All sorted. But a tip for next time: book the data line move separately a week before the phones. Bye!", "low"),
    ("Please note that going forward you need to follow the procedure for any changes, OK? Bye!", "low"),
    # Guard: the agent's own number for next time.
    ("Next time, call me directly on 020 555 0155 and I'll sort it.", "high"),
])
def test_advice_for_next_time_is_a_lecture(text, own_band):
    score = score_reply(text, SURE["close"])
    assert band(score.ownership) == own_band, score


@pytest.mark.parametrize("text, scenario_id, flex_band", [
    # QA round 49: another company named as the one who has it, read as the case's offer (70-95) and thanked.
    ("I'm afraid combining a move with an upgrade isn't something our process supports. But you could switch to "
     "Ziggo, they do moves with TV in one go.", "move-and-upgrade", "low"),
    ("Sorry, nothing tonight. Or KPN's business shop in Utrecht sells 4G routers, they're open till nine on Fridays.",
     "friday-data-line", "low"),
    ("KPN can probably give you a temporary mobile line, it's worth asking them.", "nine-weeks", "low"),
    ("Your IT supplier might be able to rig up a temporary connection for you.", "friday-data-line", "low"),
    # Guards: the case's own offer, and the other company's date lined up by the agent.
    ("I'm sending you a 4G router by courier tonight, it'll be there by nine.", "friday-data-line", "high"),
    ("I can't promise when KPN will cut the ISDN, but I can coordinate the cancellation date with them so there's "
     "no gap on our side.", "nine-weeks", "high"),
])
def test_an_option_another_company_has_is_none_of_ours(library, text, scenario_id, flex_band):
    score = score_reply(text, SURE["offer"], [], library.get(scenario_id))
    assert band(score.flexibility) == flex_band, score


@pytest.mark.parametrize("text, scenario_id, reading, flex_band", [
    # QA round 49: the same for every customer is the rule hidden behind, and a supposed exception is
    # none (the model's own readings).
    ("I hear you. I'm sure you can appreciate that if we made an exception for you, we'd have to do it for everyone. "
     "Is there anything else I can help with?", "denied-iphone", (("close", 0.79), ("refuse", 0.07)), "low"),
    ("I do understand, sir. Rules are there for a reason though, and I have to treat every customer the same.",
     "nine-weeks", (("cite_policy", 0.41), ("empathise", 0.34)), "low"),
    ("I am sorry. Is rule. Goodbye sir.", "unpaid-outage", (("close", 0.71), ("apologise", 0.11)), "low"),
    # The terse credit within the limit is made (not scored, "what do you mean by that?").
    ("Credit, 150, today.", "unpaid-outage", (("make_exception", 0.33), ("commit_next_step", 0.14)), "high"),
    # Guard: an exception made.
    ("I'm making an exception for you: 24 months with the new iPhone, today.", "denied-iphone",
     (("make_exception", 0.9),), "high"),
])
def test_every_customer_the_same_and_a_terse_credit(library, text, scenario_id, reading, flex_band):
    score = score_reply(text, ranking(*reading), [], library.get(scenario_id))
    assert not score.unsure and band(score.flexibility) == flex_band, score


@pytest.mark.parametrize("text, scenario_id, made", [
    # QA round 49: the customer's state asked about is no offer ("is your online account working OK?" read as
    # the account fixed, and the customer said "Finally").
    ("Great. And is your online account working OK?", "denied-iphone", False),
    ("Did you get any of the laptop promise in writing from the first agent?", "nine-weeks", False),
    # Guards: an offer put as a question, and the agent's own step asked about, still name it.
    ("Do you want me to fix the log-in and the spelling of your email address now, while we talk?", "denied-iphone", True),
    ("Do you want the router sent to the new office or to your home?", "friday-data-line", True),
])
def test_the_customers_state_asked_about_is_no_offer(library, text, scenario_id, made):
    score = score_reply(text, SURE["ask"], [], library.get(scenario_id))
    assert bool(score.offers) is made, score


@pytest.mark.parametrize("text, move, scenario_id, own, flex, over_promise", [
    # QA round 50: a repair said before what was repaired hides behind nothing (89/25, "rules are rules").
    ("Yes, it's fixed: your email is corrected and your login reset.", "commit", "denied-iphone", "high", "neutral",
     False),
    ("It has to be a separate order later though, that's fixed.", "cite_policy", "move-and-upgrade", None, "low",
     False),
    # The over-promise said not to come: "can't come with" refuses it (QA round 50: flagged, capped at 59).
    ("The 18-month plan can't come with a free iPhone. But the 24-month plan with a new iPhone at the same 50 a month, "
     "I'm happy to switch you today.", "offer", "denied-iphone", "high", "high", False),
])
def test_a_repair_and_an_over_promise_refused_are_read_for_what_they_say(library, text, move, scenario_id, own, flex,
                                                                         over_promise):
    score = score_reply(text, SURE[move], [], library.get(scenario_id))
    assert (band(score.flexibility), score.over_promise) == (flex, over_promise), score
    assert own is None or band(score.ownership) == own, score


@pytest.mark.parametrize("text, scenario_id, move, flex_band, made", [
    # QA round 50: offers told by their effect on the bill, not taken as the case's offer (the customer
    # asked "what does that mean for me in practice?"), and a question about how the customer copes
    # read as an offer (52/75).
    ("Oh, and you won't see any installation charge on your bill, by the way.", "move-and-upgrade", "exception", "high",
     True),
    ("You'll see the first month at zero euro on your bill, that's on us.", "nine-weeks", "exception", "high", True),
    ("How will you work in the meantime?", "nine-weeks", "ask", "neutral", False),
    # Guard: an option for the gap is still one.
    ("A 4G stick for the time being, free.", "nine-weeks", "offer", "high", True),
])
def test_offers_by_their_effect_on_the_bill_and_questions_about_the_gap(library, text, scenario_id, move, flex_band,
                                                                         made):
    score = score_reply(text, SURE[move], [], library.get(scenario_id))
    assert band(score.flexibility) == flex_band and bool(score.offers) is made, score


@pytest.mark.parametrize("text, made", [
    # QA round 50: a correction upwards read as the credit taken back ("So far, nothing").
    ("Sorry, I got that wrong: it's three months' credit, not one. I'll ring you Friday at 2.", True),
    # Guard: taken back.
    ("Forget the credit, it's not possible after all.", False),
])
def test_a_credit_corrected_upwards_is_made(library, text, made):
    score = score_reply(text, SURE["commit"], [], library.get("unpaid-outage"))
    assert ("goodwill_credit" in score.offers) is made, score


@pytest.mark.parametrize("text, scenario_id, reading, flex_band", [
    # Play-through 55: the amount put first and called the most the agent can do, after a no or
    # after an over-promise taken back within the reply, read as a bare refusal (17 on flexibility).
    ("I can't do 100, 40 euros is the most I can do.", "nine-weeks", "refuse, some offer", "high"),
    ("Wait, no, sorry: 50 percent is as far as I can go on the handset.", "denied-iphone", "refuse, some offer", "high"),
    ("The most I can do is 50 percent off.", "denied-iphone", "refuse, some offer", "high"),
    # Guards: no amount is no offer; the most the agent can do named as a no.
    ("That's the most I can do, sorry.", "nine-weeks", "refuse", "low"),
    ("I can't do 100, that's not possible.", "nine-weeks", "refuse", "low"),
])
def test_an_amount_called_the_most_the_agent_can_do_is_offered(library, text, scenario_id, reading, flex_band):
    score = score_reply(text, SURE[reading], [], library.get(scenario_id))
    assert band(score.flexibility) == flex_band, score


@pytest.mark.parametrize("text, scenario_id, made", [
    # Batch 154, play-through 56: what the customer wants said back with a tag that checks it, most in
    # second-language English, read as the offer made (59/78, and the customer said "That's all I asked for").
    ("So you wish the new iPhone with the 24-month contract, yes?", "denied-iphone", False),
    ("So you want the new phone on the contract and then 24 months in place of 18, yes?", "denied-iphone", False),
    ("I understood you right that you'd pay the same 50 a month, only six months longer?", "denied-iphone", False),
    ("Let me see if I have it: business Flex plan, 50 a month, customer for eight years, yes?", "unpaid-outage", False),
    ("So for you it's solved when everything is one order and working on Thursday, yes?", "move-and-upgrade", False),
    # Guards: the agent's own step, or an offer asked, with the same tag.
    ("I send you the router tonight by courier, yes?", "friday-data-line", True),
    ("Do you want the new iPhone on 24 months, yes or no?", "denied-iphone", True),
    ("Would three months' credit on your Flex plan go some way to putting this right?", "unpaid-outage", True),
])
def test_what_the_customer_wants_checked_back_is_no_offer(library, text, scenario_id, made):
    score = score_reply(text, SURE["offer"], [], library.get(scenario_id))
    assert bool(score.offers) is made and (band(score.flexibility) == "high") is made, score


@pytest.mark.parametrize("text", [
    # Batch 154: the wish checked back, then refused, read as the over-promise given.
    "You ask compensation for the lost job, yes? That we don't do, no.",
    "So you want us to pay for the lost assignment, correct? That's not something we do.",
])
def test_an_over_promise_checked_back_then_refused_is_not_promised(library, text):
    score = score_reply(text, SURE["refuse"], [], library.get("unpaid-outage"))
    assert not score.over_promise and band(score.flexibility) == "low", score


@pytest.mark.parametrize("text, scenario_id, offer", [
    # Batches 150 and 153: the agent's own recap before "Anything else?" read as the customer's story
    # checked back, a question for the facts with its offers the customer's (52/50, or flexibility 1).
    ("So to sum up: one order, technician on the 14th, no installation fee, and the confirmation in your mail "
     "today. Anything else before I let you go?", "move-and-upgrade", "single_order"),
    ("Right, to sum up: laptop reserved on today's date, router on its way, first month credited, and I ring you "
     "Friday at 11. Anything else?", "nine-weeks", "reserve_promotion"),
])
def test_the_agents_recap_before_anything_else_makes_its_offers(library, text, scenario_id, offer):
    score = score_reply(text, SURE["close"], [], library.get(scenario_id))
    assert offer in score.offers and band(score.flexibility) == "high", score


def test_the_customers_story_checked_back_still_offers_nothing(library):
    text = "So to sum up: you'd go to 24 months if you got a new iPhone. Is that right?"
    score = score_reply(text, SURE["offer"], [], library.get("denied-iphone"))
    assert not score.offers and score.move == "ask_details", score


@pytest.mark.parametrize("text, reading, own_band", [
    # Batch 153, play-through 56: what reaches the customer, said of how the process goes, read as the
    # agent's own commitment (63 to 72 on ownership; dev labels them 1).
    ("Once an order is in you get an email confirmation within the hour, and a second one when the technician "
     "has been scheduled.", "explain", "neutral"),
    ("How the technician visit works: you get a letter with the date about ten days before, and on the day itself "
     "a text with a two-hour window.", "explain", "neutral"),
    ("One thing about the technician: you get a text the evening before, with a two-hour window.", "commit",
     "neutral"),
    # Guards: what the agent sends, and a plain promise of what the customer will have.
    ("You'll get a call the day before the move. From me, around 5, to check the technician's slot is still "
     "right.", "commit", "high"),
    ("You'll get the written confirmation by email this afternoon.", "commit", "high"),
])
def test_what_the_customer_gets_said_of_the_process_is_information(library, text, reading, own_band):
    score = score_reply(text, SURE[reading], [], library.get("move-and-upgrade"))
    assert band(score.ownership) == own_band, score


def test_offers_put_forward_and_asked_whether_they_suit_are_made(library):
    text = "So with the laptop held for you and a free stick for the gap, that works for you, yes?"
    score = score_reply(text, SURE["offer"], [], library.get("nine-weeks"))
    assert "reserve_promotion" in score.offers and band(score.flexibility) == "high", score


@pytest.mark.parametrize("text, scenario_id, reading, offers", [
    # Batch 154, play-through 56: two of the case's options put as a choice by their nouns, read as a
    # question for the facts (7 calls; the customer answered with a fact or not at all).
    ("Router or technician?", "friday-data-line", "ask", {"courier_router", "oncall_technician"}),
    ("For the weeks without a line: the credit or the router?", "nine-weeks", "offer",
     {"credit_first_month", "mobile_internet"}),
    ("Which do you prefer, the plan or the discount?", "denied-iphone", "ask", {"plan_24_months", "device_discount"}),
    # Guards: a choice of times, or of things that are no option of the case.
    ("Do you want it today or tomorrow?", "friday-data-line", "ask", set()),
    ("Is it the phone or the line that's down?", "friday-data-line", "ask", set()),
])
def test_two_options_put_as_a_choice_by_their_nouns_are_offered(library, text, scenario_id, reading, offers):
    score = score_reply(text, SURE[reading], [], library.get(scenario_id))
    assert set(score.offers) == offers and (band(score.flexibility) == "high") is bool(offers), score


@pytest.mark.parametrize("text, scenario_id, reading, own_band, flex_band", [
    # Play-through 56: what the customer asked for from the start is no blame (56 on ownership), and a
    # rule quoted as a line the agent knows is disowned, not hidden behind (49/13, the card's worst reply).
    ("Fair point. I'll move you onto the 24-month plan with a new iPhone included, which is what you offered in "
     "the first place, and I'll set it up today.", "denied-iphone", "offer", "high", "high"),
    ("Good morning! Oh, procedures are procedures, I know that line, I think they print it on our mugs. Sorry, bad "
     "joke. Tell me about the promotion, what did they promise you?", "nine-weeks", "cite_policy", "neutral",
     "neutral"),
    # Guards: the lecture, and the rule said as the answer.
    ("You shouldn't have ordered it in the first place.", "move-and-upgrade", "blame", "low", "low"),
    ("Procedures are procedures, I'm afraid.", "nine-weeks", "cite_policy", "neutral", "low"),
])
def test_the_customers_own_proposal_and_a_rule_quoted_as_a_known_line(library, text, scenario_id, reading,
                                                                       own_band, flex_band):
    score = score_reply(text, SURE[reading], [], library.get(scenario_id))
    assert (band(score.ownership), band(score.flexibility)) == (own_band, flex_band), score


@pytest.mark.parametrize("text, reading, flex_band", [
    # Play-through 56: rules given as the answer read neutral on flexibility (48/44, 51/43, 35/48).
    ("That is how it works with data lines, they are a separate division.", "explain", "low"),
    ("I'm afraid the advice was correct: a move and an upgrade are separate processes.", "cite_policy", "low"),
    ("I'm sorry, that is the procedure. Is there anything else?", "close", "low"),
    # Guard: a colleague right about a fact.
    ("My colleague was right that it's not a fault. I'll log it for the data team.", "deflect", "neutral"),
])
def test_a_rule_given_as_the_answer_in_plain_words_is_rigid(library, text, reading, flex_band):
    score = score_reply(text, SURE[reading], [], library.get("move-and-upgrade"))
    assert band(score.flexibility) == flex_band, score


@pytest.mark.parametrize("text, restated", [
    # Play-through 56 (replayed): "The one order stands: move and TV together." after "you get a text the
    # evening before" (now information) left the one order floated, and the call open.
    ("The one order stands: move and TV together.", True),
    # Guard: the advice given before, said to stand, is the rule (dev: 0/0).
    ("So the advice stands: cancel and sign up again. Anything else?", False),
])
def test_an_offer_said_to_stand_before_a_colon_is_restated(text, restated):
    score = score_reply(text, SURE["commit"], [], None)
    assert ("commitment" in {cue.kind for cue in score.cues if cue.ownership > 0}) is restated, score


@pytest.mark.parametrize("text, scenario_id, reading, own_band, flex_band", [
    # Batch 157: the agent's own mobile number given (read 59), and a fee waived in "forget it, I've
    # waived it" read as the help taken back (41/35).
    ("My name's Femke, this is my case now, and my work mobile is 06 1122 3344: you call me, not the fault line.",
     "friday-data-line", "ownership", "high", "neutral"),
    ("The 49 euro installation fee, forget it, I've waived it.", "move-and-upgrade", "exception", "high", "high"),
    # Batch 156: within this call is a time, and the call kept open till it is settled is carried (read 59).
    ("Right. This stops being a letter and becomes my job. I'll have something fair on the table before we end "
     "this call.", "unpaid-outage", "ownership", "high", "neutral"),
    ("Understood. The laptop question is mine from here, and I'm not ending this call until you know where you "
     "stand on it.", "nine-weeks", "ownership", "high", "neutral"),
    # Batches 156 and 157: the past as it would have gone is blame, no option (62 and 69 on flexibility),
    # and an offer said to be another team's is passed on, not offered (71).
    ("If you'd gone to the moving team first instead of sales, this wouldn't have happened.", "move-and-upgrade",
     "blame", "low", "low"),
    ("If you'd asked for the move and the upgrade in the same call the first time, it would've gone into one order.",
     "move-and-upgrade", "offer", "low", "neutral"),
    ("Retention offers are a different team, their number's 0800 0450, they're open till 8.", "unpaid-outage",
     "deflect", "low", "low"),
    # Guards: a polite "if you'd like", an offer made after the past, the rule forgotten, the call ended.
    ("If you'd like, I'll put the move and the TV upgrade in one order today.", "move-and-upgrade", "offer", "high",
     "high"),
    ("If you had called us first we would have booked it. Now I am putting it all in one order for you today.",
     "move-and-upgrade", "offer", "high", "high"),
    ("Forget it, that's how the process goes.", "move-and-upgrade", "cite_policy", "neutral", "low"),
    ("Retention offers are something I can set up for you right now: three months at half price.", "unpaid-outage",
     "offer", "high", "high"),
])
def test_a_contact_a_time_within_the_call_and_the_past_as_it_would_have_gone(library, text, scenario_id, reading,
                                                                             own_band, flex_band):
    score = score_reply(text, SURE[reading], [], library.get(scenario_id))
    assert (band(score.ownership), band(score.flexibility)) == (own_band, flex_band), score


@pytest.mark.parametrize("text, scenario_id, reading, flex_band", [
    # Play-through 57: the agent's own call moved to another time, read as a refusal (31 on flexibility,
    # the card's worst reply, 2 calls).
    ("Sorry, small correction: I can't call at 8, I'll call you at 9.", "friday-data-line", "commit", "neutral"),
    ("Sorry, small correction: I can't call at 10, I'll call you at 11.", "unpaid-outage", "commit", "neutral"),
    # Play-through 59: the agent's own call moved read as an option ("instead", 71).
    ("Actually, I can't call at 10 on Thursday, I have training. I'll call you at 2 in the afternoon instead, same "
     "day.", "unpaid-outage", "commit", "neutral"),
    # Play-through 60: the call moved from a weekday, "after all", read as the router taken back (35).
    ("And I'll send you a free 4G router for the gap. Oh, and I can't call Friday at 10 after all, I'm on training - "
     "I'll call you Friday at 14:00 instead.", "nine-weeks", "commit", "high"),
    # Play-through 60: the objection answered with the terms kept, read as a refusal (30, 22, 14).
    ("No, it is Friday at 11 now, Thursday I am not in the office. Friday at 11.", "unpaid-outage", "commit", "neutral"),
    ("No, it's 20:00 now, I have a meeting at 19:00. 20:00.", "friday-data-line", "commit", "neutral"),
    # Guards: the call refused and the customer handed on; a refusal of what was asked beside a call.
    ("I can't call you at 8, the data division will call you Monday.", "friday-data-line", "deflect", "low"),
    ("I can't give you a credit. I'll call you at 9 to explain.", "unpaid-outage", "refuse", "low"),
    ("No, it's not possible to do it tonight.", "friday-data-line", "refuse", "low"),
    # Play-through 57: no option left, said as the answer, read neutral (35/48); the customer asked to
    # stay read as the retention offer (63).
    ("Sorry, I don't have any other options for you. Have a nice weekend.", "nine-weeks", "close", "low"),
    ("Will you stay with us, then?", "unpaid-outage", "ask", "neutral"),
    # Guards: an option after the no; the retention offer made.
    ("I don't have any other options, but I can reserve the laptop for you today.", "nine-weeks", "offer", "high"),
    ("If you stay with us, I'll put you on a loyalty rate 20 percent below your plan.", "unpaid-outage", "offer",
     "high"),
])
def test_a_call_moved_refuses_nothing_no_option_left_is_rigid_asking_to_stay_offers_nothing(
        library, text, scenario_id, reading, flex_band):
    score = score_reply(text, SURE[reading], [], library.get(scenario_id))
    assert band(score.flexibility) == flex_band, score


@pytest.mark.parametrize("text, scenario_id, reading, flex_band", [
    # Batch 159: what was asked for named, then a bare no ("no chance", "no guarantee"), read as the
    # offer made (76 and 80 on flexibility).
    ("I'll own the data division side from here and call you by seven. The on-call tech, no chance.",
     "friday-data-line", "commit", "low"),
    ("Done, you're logged as my case and I'll ring you Tuesday at 11. The laptop stays as the leaflet says: no guarantee.",
     "nine-weeks", "commit", "low"),
    # Batches 159 and 160: the rule said, then not followed for this customer, read as hiding behind it
    # (28 and 18); this customer's set apart from the rest, read as a refusal (38).
    ("The procedure says cancel first, order after. I'm not doing it that way: I book your order today and time it "
     "with the KPN end date myself.", "nine-weeks", "commit", "high"),
    ("Procedure says cancel first, then order. I'm not doing it that way for you: the order goes in today, with "
     "delivery timed to the ISDN end date.", "nine-weeks", "explain", "high"),
    ("I can't guarantee the laptop for every customer, but yours I'll reserve against today's order date, and "
     "you'll have it in writing today.", "nine-weeks", "exception", "high"),
    # Play-through 58: a refusal that names what it refuses was listed as an over-promise (46/41).
    ("Sir, I'm not able to pay for the assignment you lost. That would be business damages.", "unpaid-outage",
     "refuse", "low"),
    # Guards: what the offer spares the customer; the customer's own way refused; the thing named as
    # what the agent does.
    ("A loan router, no deposit, I'll courier it today.", "friday-data-line", "commit", "high"),
    ("The on-call technician, no problem, I'll book him for tonight.", "friday-data-line", "commit", "high"),
    ("I'm not doing it that way, you have to cancel first.", "nine-weeks", "refuse", "low"),
])
def test_a_bare_no_to_what_was_named_the_rule_not_followed_and_a_refusal_named(library, text, scenario_id, reading,
                                                                             flex_band):
    score = score_reply(text, SURE[reading], [], library.get(scenario_id))
    assert band(score.flexibility) == flex_band, score
    assert not score.over_promise, score


@pytest.mark.parametrize("text, scenario_id, reading", [
    # Play-through 58: "not us" and "is the shop" after what was said first (45/12, 46/36, not scored).
    ("We can't pay business damages. Not us.", "unpaid-outage", "refuse"),
    ("We can do the move. TV is not us.", "move-and-upgrade", "refuse"),
    ("Like I said, TV is the shop.", "move-and-upgrade", "empathise"),
    # Dev: whose it is, said at the end ("not me").
    ("I can't change it, the computer decides, not me.", "move-and-upgrade", "refuse"),
])
def test_not_us_said_after_something_else_passes_the_problem_on(library, text, scenario_id, reading):
    score = score_reply(text, SURE[reading], [], library.get(scenario_id))
    assert band(score.ownership) == "low", score


@pytest.mark.parametrize("text, scenario_id, reading", [
    # Guards: "not me" that is no hand-off; the shop as a place the agent sends something to.
    ("I'll call you myself at 4, and it'll be me, not a colleague.", "friday-data-line", "commit"),
    ("I'm reserving the loan router for you at the shop on the high street, it's ready at 2.", "friday-data-line",
     "commit"),
])
def test_not_me_and_the_shop_that_pass_nothing_on(library, text, scenario_id, reading):
    score = score_reply(text, SURE[reading], [], library.get(scenario_id))
    assert band(score.ownership) == "high", score


@pytest.mark.parametrize("text, scenario_id, reading, flex_band", [
    # Play-through 59: "nobody can guarantee ..." read as the offer (58, 61), and the customer took it.
    ("I'm afraid nobody can guarantee the promotion in three weeks.", "nine-weeks", "refuse", "low"),
    ("Nobody here can guarantee the laptop promotion, I'm afraid.", "nine-weeks", "refuse", "low"),
    # Guard: the offer made after the "nobody".
    ("Nobody's taking it away from you: I'm reserving the laptop promotion against today's order date.", "nine-weeks",
     "commit", "high"),
])
def test_nobody_can_before_an_offer_refuses_it(library, text, scenario_id, reading, flex_band):
    score = score_reply(text, SURE[reading], [], library.get(scenario_id))
    assert band(score.flexibility) == flex_band, score


@pytest.mark.parametrize("text, scenario_id, reading, own_band, flex_band", [
    # Batch 161 and play-through 58: the rule's advice put as a suggestion, read as an option (57).
    ("maybe you could cancel and sign up again at the new address? that usually works, and it's quicker than it "
     "sounds!", "move-and-upgrade", "offer", "neutral", "low"),
    # Batch 161: the work left to the customer ("... yourself"), read as the offer made (71).
    ("You'd have to arrange the cancellation date with KPN yourself, we don't have any say in that.", "nine-weeks",
     "deflect", "low", "low"),
    # Batch 161: a real offer the customer takes the step for online or at a store: ownership 0,
    # flexibility 2 (read 43 to 59 on ownership).
    ("There's a 50% loyalty discount on the iPhone in our webshop, you'd just have to log in and claim it under My "
     "Offers.", "denied-iphone", "deflect", "low", "high"),
    ("If you stop by the business desk at any of our stores, they'll give you a backup SIM on a second network so this "
     "can't happen again.", "unpaid-outage", "offer", "low", "high"),
    # Guards: a thing of ours fetched "yourself" is still offered; a rule checked with the customer.
    ("Logistics say courier slots are gone for today, so you'd have to pick up a 4G router at one of our shops "
     "yourself.", "friday-data-line", "offer", "neutral", "high"),
    ("So the offer is for analogue lines only, is that why they asked you to cancel?", "nine-weeks", "ask",
     "neutral", "neutral"),
])
def test_advice_as_a_suggestion_work_left_to_the_customer_and_offers_taken_online(library, text, scenario_id, reading,
                                                                                 own_band, flex_band):
    score = score_reply(text, SURE[reading], [], library.get(scenario_id))
    assert (band(score.ownership), band(score.flexibility)) == (own_band, flex_band), score


@pytest.mark.parametrize("text, scenario_id, reading, flex_band", [
    # Stop 63's left list: an offer put in place of the one before, read as the help taken back (35/35).
    ("Actually no, better: a 4G router instead of the stick, faster for your work. It goes out today.", "nine-weeks",
     "offer", "high"),
    ("Actually no, wait, even better: the courier brings a 4G router tonight.", "friday-data-line", "offer", "high"),
    # Guards: "actually no" before no step of the agent's still takes the help back.
    ("I could send a router. Actually no, logistics won't allow it.", "friday-data-line", "offer", "not high"),
    ("Actually no.", "nine-weeks", "refuse", "not high"),
])
def test_an_offer_bettered_or_put_in_place_of_another_is_offered(library, text, scenario_id, reading, flex_band):
    score = score_reply(text, SURE[reading], [], library.get(scenario_id))
    assert (band(score.flexibility) == "high") == (flex_band == "high"), score


@pytest.mark.parametrize("text, scenario_id, reading, own_band, flex_band", [
    # Batch 168: the amount put right at once read as the over-promise (60 % off the phone).
    ("Correction, sorry: I wrote 60% off the phone, I meant 50. That's the max I'm allowed, and it's on your order now.",
     "denied-iphone", "commit", "high", "high"),
    # Batch 168: the case's offers in words the case file did not know.
    ("Sorry, typo: 7pm not 5pm, obviously, it's already past six. The courier will be at your new office by 7pm with "
     "the router.", "friday-data-line", "commit", "high", "high"),
    ("Quick change to what we agreed: I'll call you at 8 tomorrow instead of 9, before your people arrive. The router "
     "is still arriving tonight.", "friday-data-line", "commit", "high", "high"),
    ("Scratch the credit I mentioned, I can't do 150. What I can do is the 50 euros for the early month, and that's on "
     "your account now.", "denied-iphone", "offer", "high", "high"),
    ("Final recap, Karin: router with you by 20:30, technician Saturday 10:00, my number 020 555 0142, my call "
     "Saturday 9:00.", "friday-data-line", "commit", "high", "high"),
    ("Sorry, I put the old office on the courier slip. Corrected now: the router goes to your new office and the "
     "driver has the right address.", "friday-data-line", "commit", "high", "high"),
    ("ok correction, not 15 euro credit, 150. typo sorry!! its 3 months, booked on ur account now", "unpaid-outage",
     "commit", "high", "high"),
    ("Recap of our agreement: you withdraw the cancellation, I reverse it today and put 20% off your Flex plan from "
     "this month.", "unpaid-outage", "commit", "high", "high"),
    # Play-through 64: the credit said to stand after an over-promise taken back (72/31, the worst reply).
    ("Sorry, I overstepped there: I can't pay for the lost assignment, that's beyond what I'm allowed. The 150 euros "
     "and my call on Friday stand.", "unpaid-outage", "refuse", "high", "high"),
    # Play-through 64: "then" as "so" before what is done.
    ("Great, then that's all done.", "move-and-upgrade", "close", "high", "neutral"),
    # Guards: said wrong and not put right is still beyond authority; what follows a step is not done yet.
    ("I'll give you 60% off the phone.", "denied-iphone", "offer", "high", "neutral"),
    ("Cancel here and sign up fresh, then both are sorted.", "move-and-upgrade", "explain", "neutral", "neutral"),
])
def test_amounts_put_right_and_case_offers_in_other_words(library, text, scenario_id, reading, own_band, flex_band):
    score = score_reply(text, SURE[reading], [], library.get(scenario_id))
    assert (band(score.ownership), band(score.flexibility)) == (own_band, flex_band), score


@pytest.mark.parametrize("scenario_id, text, offer, offered", [
    # Play-through 64: the router "on Monday" in the case where Monday is too late (3 of 3 thanked).
    ("friday-data-line", "I'll courier a 4G router to you on Monday morning.", "courier_router", False),
    ("friday-data-line", "And I'm sending you a 4G router by courier first thing Monday.", "courier_router", False),
    # Guards: tonight beside Monday, and Monday in another sentence.
    ("friday-data-line", "Sorry, I got that wrong: the router goes out by courier tonight, not Monday.",
     "courier_router", True),
    ("friday-data-line", "A 4G router goes out by courier tonight. The line itself should move on Monday.",
     "courier_router", True),
    # Play-through 65: offers that come too late for what the customer needs them for (3 of 7 thanked).
    ("friday-data-line", "Karin, I'm booking the on-call technician for you as an exception; he'll be there Tuesday "
     "morning.", "oncall_technician", False),
    ("nine-weeks", "For your internet: I'll send you a mobile internet stick as soon as your new line is live, free of "
     "charge.", "mobile_internet", False),
    # Guards: in time, with a later call beside it.
    ("friday-data-line", "I'm booking the on-call technician for tomorrow morning as an exception, and I'll call you "
     "Monday.", "oncall_technician", True),
    ("nine-weeks", "I'll send you a mobile internet stick today, free, and it stays with you until your new line is "
     "live.", "mobile_internet", True),
])
def test_an_offer_too_late_for_the_need_is_not_made(library, scenario_id, text, offer, offered):
    score = score_reply(text, SURE["commit"], [], library.get(scenario_id))
    assert (offer in score.offers) == offered, score


@pytest.mark.parametrize("text, own_band", [
    # Play-through 65: another department's call made sure of read as the agent's own step (100, 4 of 5).
    ("I'll make sure the data department calls you back on Monday morning.", "low"),
    ("I'll make sure the data department calls you back first thing Monday morning, I've put a note on the file.",
     "not high"),
    # Guard: the agent's own step beside it.
    ("I'll personally make sure the data division calls you first thing Monday; I'll check it myself at nine and "
     "ring you.", "high"),
])
def test_another_teams_call_made_sure_of_is_no_step_of_the_agents(library, text, own_band):
    score = score_reply(text, SURE["commit"], [], library.get("friday-data-line"))
    assert (band(score.ownership) == own_band) if own_band != "not high" else band(score.ownership) != "high", score


@pytest.mark.parametrize("text", ["Perfect, done.", "Done, booked it."])
def test_a_short_deed_is_not_rigid_whatever_move_the_model_leant_to(text):
    """Play-through 65: "Perfect, done." read 63/40 (the model between taking it on, blame and a no), the
    call's worst reply, counted three times."""
    score = score_reply(text, ranking(("take_ownership", 0.18), ("blame_customer", 0.17), ("refuse", 0.16),
                                      ("cite_policy", 0.15)))
    assert band(score.flexibility) != "low", score
