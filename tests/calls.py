"""The scripted calls every channel's end-to-end tests play, one set per shipped case.

For each case: an owning and flexible call that meets every need within six replies and closes
it (the customer asks whether that is everything and leaves the goodbye to the trainee), and the same
stonewalling and polite-but-rigid calls for all cases. REST (tests/test_e2e_rest.py), the web
chat in Chromium (tests/test_web_browser.py) and Slack (tests/test_slack.py) play these same
lines, so a case that plays on one channel and not on another shows up at once.
"""
from __future__ import annotations

STONEWALLING = [
    "Rules are rules, I'm afraid, there's nothing I can do.",
    "That is simply our procedure and I can't change it.",
    "You'll have to call back in a few weeks, someone else deals with that.",
    "According to the terms you signed, we're not obliged to do anything.",
    "You're seeing it the wrong way, sir.",
    "Our policy is clear on this.",
]
POLITE_RIGID = [
    "Good afternoon, I'm really sorry to hear about all this.",
    "I completely understand how frustrating that is.",
    "Unfortunately the policy doesn't allow that, I'm so sorry.",
    "I do apologise, but those are the rules we have to follow.",
    "I understand, I really do, but I'm not able to change the procedure.",
    "I'm sorry, there is really nothing more I can do.",
]
OWNING: dict[str, list[str]] = {
    "denied-iphone": [
        "I'm sorry about this, and I'll sort it out for you personally.",
        "I'll move you to the 24-month plan with the new iPhone included, starting today.",
        "And I'll fix your email address and your online account access right now, while we're on the phone.",
        "You'll have the confirmation of the new plan by email today. Thank you for your patience, goodbye.",
    ],
    "nine-weeks": [
        "That's not right, and I'll take care of it myself.",
        "I'll reserve the laptop promotion against today's order date and email you the confirmation in writing today.",
        "For the weeks without a line I'll send you a 4G router at no cost, it goes out tomorrow.",
        "You'll have both in writing today. Thanks for sticking with us, goodbye.",
    ],
    "unpaid-outage": [
        "You're right to be upset, and I'll make this right myself.",
        "As a goodwill gesture I'll credit three months of your subscription, today.",
        "I'll give you my direct number and I'll be your contact, I'll call you Thursday at 10 to check everything is in order.",
        "The credit shows on your next invoice. Thank you for staying with us, goodbye.",
    ],
    "move-and-upgrade": [
        "I'm sorry you were sent round in circles, I'll sort this out for you myself.",
        "I'll put the move and the digital TV upgrade together in one single order for you today.",
        "And I'll book the technician for your moving day, so everything works the day you arrive.",
        "The confirmation is on its way to your email. Good luck with the move, goodbye.",
    ],
    "friday-data-line": [
        "That's not acceptable, and I'm taking this on myself right now.",
        "I'll send a 4G router by courier to your new office today, so you can work this weekend.",
        "I'm calling the data division myself now, and I'll ring you back at half five on my direct number.",
        "Speak to you at half five then. Good luck tonight, goodbye.",
    ],
}
CALLS = {"owning": OWNING, "stonewalling": STONEWALLING, "polite_rigid": POLITE_RIGID}


def script(call: str, case: str) -> list[str]:
    lines = CALLS[call]
    return lines[case] if isinstance(lines, dict) else lines


def ended_as_expected(call: str, outcome: str) -> bool:
    """owning: resolved; stonewalling: the customer left; polite but rigid: not resolved."""
    return {"owning": outcome == "resolved", "stonewalling": outcome == "churned",
            "polite_rigid": outcome in {"churned", "abandoned"}}[call]
