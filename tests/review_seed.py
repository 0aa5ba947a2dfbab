"""A transcript database with a few played sessions and a team lead, for the review page tests."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

from bot.storage import TranscriptStore, migrate
from bot.storage.users import UserStore

LEAD, LEAD_PASSWORD = "Lena Lead", "lead password 1"
XSS_NAME = '<script>alert("x")</script> Eve'
XSS_TEXT = '<img src=x onerror=alert(1)> I\'ll sort it, leave it with me.'

OWN_CUE = {"phrase": "leave it with me", "kind": "ownership", "label": "takes the problem on", "ownership": 22,
           "flexibility": 0}
POLICY_CUE = {"phrase": "rules are rules", "kind": "policy", "label": "hides behind the policy", "ownership": -18,
              "flexibility": -20}


def seed(url: str) -> SimpleNamespace:
    """Three trainees (one named with a script tag), five sessions over five days, one lead."""
    migrate(url)
    clock = {"t": datetime.now(timezone.utc)}
    ids = {}
    with TranscriptStore(url, clock=lambda: clock["t"]) as store:
        plays = [  # who, name, scenario, reply, score, outcome, session scores
            ("web:sam", "Sam Trainee", "nine-weeks", "Rules are rules, sorry.", (30, 28), POLICY_CUE, "churned", (30, 28)),
            ("web:sam", "Sam Trainee", "nine-weeks", "Leave it with me, I'll call you at 10.", (74, 52), OWN_CUE,
             "resolved", (74, 52)),
            ("web:eve", XSS_NAME, "denied-iphone", XSS_TEXT, (70, 55), OWN_CUE, "resolved", (70, 55)),
            ("web:sam", "Sam Trainee", "unpaid-outage", "Rules are rules.", (35, 30), POLICY_CUE, "abandoned", (35, 30)),
            ("U0KIM", "Kim Other", "denied-iphone", "I see.", (50, 50), None, None, None),
        ]
        for day, (who, name, scenario, reply, (own, flex), cue, outcome, final) in enumerate(plays):
            clock["t"] = datetime.now(timezone.utc) - timedelta(days=5 - day, minutes=1)
            sid = store.start_session(channel="slack" if who.startswith("U") else "web", external_id=who, trainee_name=name, scenario_id=scenario,
                                      conversation_id=f"conv-{day}", rubric_version=1,
                                      opening_text="Nine weeks without a line!", mood="angry")
            end = None if outcome is None else {"outcome": outcome, "ownership": final[0], "flexibility": final[1]}
            store.record_exchange(sid, trainee_text=reply,
                                  score={"ownership": own, "flexibility": flex, "cues": [cue] if cue else [],
                                         "reason": "Takes it on" if own >= 60 else "Hides behind the rules",
                                         "over_promise": day == 2},
                                  customer_text="Hm. We'll see.", mood="wary" if own >= 60 else "furious", end=end)
            ids[day] = sid
        UserStore(store).add(LEAD, LEAD_PASSWORD, role="lead")
        sam = store.find_trainee("web", "web:sam")["id"]
        eve = store.find_trainee("web", "web:eve")["id"]
    return SimpleNamespace(url=url, sessions=ids, sam=sam, eve=eve)
