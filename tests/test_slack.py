"""Slack end to end: signed Events API and interactivity requests to the real Rasa server's Slack
webhook, the real action server and model, and a fake Slack Web API on loopback (tests/fake_slack.py)
that records what the bot posts. One stack for the module: starting Rasa takes ~20 s.
"""
from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import Any

import pytest

from bot.coach.commands import END_PAYLOAD, start_payload
from bot.storage import TranscriptStore
from tests.calls import CALLS, OWNING, ended_as_expected, script
from tests.conftest import SHIPPED_CASES, free_port
from tests.e2e import start_stack
from tests.fake_slack import SECRET, FakeSlack, button_click, dm_event, next_id, send, slack_env, slack_signature

JSON = "application/json"
FORM = "application/x-www-form-urlencoded"
OWNING_NINE_WEEKS = OWNING["nine-weeks"]


@pytest.fixture(scope="module")
def slack():
    fake = FakeSlack(names={}).start(free_port())
    yield fake
    fake.stop()


@pytest.fixture(scope="module")
def stack(tmp_path_factory, slack):
    stack = start_stack(tmp_path_factory.mktemp("slack"), **slack_env(slack))
    yield stack
    stack.stop()


@pytest.fixture(scope="module")
def store(stack):
    store = TranscriptStore(stack.settings.database_url)
    yield store
    store.close()


@pytest.fixture()
def webhook(stack):
    return f"{stack.settings.rasa_url}/webhooks/slack/webhook"


class Trainee:
    """One Slack user in their DM with the bot."""

    def __init__(self, slack: FakeSlack, webhook: str, name: str = ""):
        self.slack, self.webhook = slack, webhook
        self.user, self.channel = next_id("U"), next_id("D")
        if name:
            slack.names[self.user] = name

    def posts(self) -> list[dict[str, Any]]:
        return self.slack.posts(self.channel)

    def say(self, text: str, until: Callable[[list[dict[str, Any]]], bool], **headers: str) -> list[dict[str, Any]]:
        """Send a DM; return the posts it produced once `until(new posts)` holds."""
        before = len(self.posts())
        answer = send(self.webhook, dm_event(self.user, text, self.channel), JSON, extra_headers=headers)
        assert answer.status == 200, answer
        return self.wait(before, until)

    def click(self, value: str, until: Callable[[list[dict[str, Any]]], bool]) -> list[dict[str, Any]]:
        before = len(self.posts())
        answer = send(self.webhook, button_click(self.user, self.channel, value), FORM)
        assert answer.status == 200, answer
        return self.wait(before, until)

    def wait(self, before: int, until: Callable[[list[dict[str, Any]]], bool], timeout: float = 60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            new = self.posts()[before:]
            if new and until(new):
                return self.settled(before)
            time.sleep(0.1)
        pytest.fail(f"the bot did not post what was expected; posted: {self.posts()[before:]}")

    def settled(self, before: int, quiet: float = 1.0) -> list[dict[str, Any]]:
        """The posts since `before` once nothing new has come for `quiet` seconds (the turn is done)."""
        seen, since = len(self.posts()), time.monotonic()
        while time.monotonic() - since < quiet:
            time.sleep(0.1)
            if len(self.posts()) != seen:
                seen, since = len(self.posts()), time.monotonic()
        return self.posts()[before:]


def blocks(post: dict[str, Any]) -> list[dict[str, Any]]:
    value = post.get("blocks")
    return json.loads(value) if isinstance(value, str) else (value or [])


def block_texts(post: dict[str, Any]) -> str:
    out = []
    for block in blocks(post):
        if isinstance(block.get("text"), dict):
            out.append(block["text"]["text"])
        out += [f["text"] for f in block.get("fields", []) + block.get("elements", []) if "text" in f
                and isinstance(f["text"], str)]
    return "\n".join(out)


def buttons(post: dict[str, Any]) -> list[dict[str, Any]]:
    return [b["accessory"] for b in blocks(post) if b.get("accessory", {}).get("type") == "button"]


def has_scorecard(posts):
    return any(b["type"] == "header" and b["text"]["text"].startswith("Scorecard") for p in posts for b in blocks(p))


def has_buttons(posts):
    return any(buttons(p) for p in posts)


def count(n):
    return lambda posts: len(posts) >= n


def sessions_of(store, user):
    return store.list_sessions(trainee=user, channel="slack")["items"]


def test_url_verification_answers_the_challenge(webhook):
    body = json.dumps({"token": "x", "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
                       "type": "url_verification"}).encode()
    answer = send(webhook, body, JSON)
    assert answer.status == 200
    assert json.loads(answer.body) == {"challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"}


def test_a_whole_case_from_greeting_to_scorecard(slack, webhook, store, library):
    trainee = Trainee(slack, webhook, name="Noor de Vries")
    greeting = trainee.say("hi", has_buttons)
    assert len(greeting) == 1
    offered = {b["value"] for b in buttons(greeting[0])}
    assert offered == {start_payload(s) for s in SHIPPED_CASES}

    case = library.get("nine-weeks")
    started = trainee.click(start_payload("nine-weeks"), count(2))
    assert len(started) == 2
    assert block_texts(started[0]).startswith(f"*{case.title}*")
    assert "Ownership" not in block_texts(started[1]), "the opening line has no score"

    scorecard, sent = None, []
    for reply in OWNING_NINE_WEEKS:
        posts = trainee.say(reply, count(1))
        sent.append(reply)
        line = posts[0]
        assert "Ownership" in block_texts(line) and "Flexibility" in block_texts(line), line  # live scores on
        if has_scorecard(posts):
            assert len(posts) == 2
            scorecard = posts[-1]
            break
        assert len(posts) == 1
    assert scorecard is not None, "the owning trainee resolves the case"
    card = block_texts(scorecard)
    assert "Outcome" in card and "resolved" in card and "Tip" in card
    assert blocks(scorecard)[0]["text"]["text"] == f"Scorecard: {case.title}"

    [session] = sessions_of(store, trainee.user)
    assert session["channel"] == "slack" and session["scenario"] == "nine-weeks"
    assert session["outcome"] == "resolved" and session["trainee"] == "Noor de Vries"
    stored = store.get_session(session["id"])
    assert [t["text"] for t in stored["turns"] if t["speaker"] == "trainee"] == sent
    assert all(t["ownership"] is not None for t in stored["turns"] if t["speaker"] == "trainee")
    assert len(slack.calls_to("users.info")) >= 1
    assert [c.params["user"] for c in slack.calls_to("users.info")].count(trainee.user) == 1, "looked up once"


@pytest.mark.parametrize("case, call", [(case, call) for case in SHIPPED_CASES for call in CALLS])
def test_every_case_ends_as_expected_on_slack(slack, webhook, store, case, call):
    """The calls of tests/calls.py: the owning one resolves, the stonewalling one loses the
    customer, the polite but rigid one does not resolve (ended by the trainee if still on)."""
    trainee = Trainee(slack, webhook, name=f"Slack {case} {call}")
    trainee.click(start_payload(case), count(2))
    for reply in script(call, case):
        if has_scorecard(trainee.say(reply, count(1))):
            break
    else:
        trainee.say("end the role-play", has_scorecard)
    [session] = sessions_of(store, trainee.user)
    assert session["scenario"] == case
    assert ended_as_expected(call, session["outcome"]), [block_texts(p) for p in trainee.posts()]


def test_typing_a_case_name_starts_it_and_the_end_call_button_gives_the_scorecard(slack, webhook, store):
    trainee = Trainee(slack, webhook, name="Sam Jansen")
    started = trainee.say("start the iPhone case", count(2))
    assert any("iPhone" in block_texts(p) for p in started), started
    [line] = trainee.say("Good morning, you're speaking with Sam. How can I help?", count(1))
    # Live scores on: the answer to a scored reply also offers to take it back.
    [end, retry] = [e for b in blocks(line) if b["type"] == "actions" for e in b["elements"]]
    assert end["text"]["text"] == "End call"
    assert (retry["text"]["text"], retry["value"]) == ("Try that reply again", "/retry_reply")
    ended = trainee.click(end["value"], has_scorecard)
    assert "ended by you" in block_texts(ended[-1])
    [session] = sessions_of(store, trainee.user)
    assert session["scenario"] == "denied-iphone" and session["outcome"] == "abandoned"


def test_the_try_again_button_takes_the_last_reply_back_and_the_scorecard_shows_a_stronger_reply(
        slack, webhook, store):
    trainee = Trainee(slack, webhook, name="Tess Again")
    trainee.click(start_payload("nine-weeks"), count(2))
    [line] = trainee.say("Procedures are procedures.", count(1))
    [retry] = [e for b in blocks(line) if b["type"] == "actions" for e in b["elements"] if e["action_id"] == "retry_reply"]
    [taken] = trainee.click(retry["value"], count(1))
    assert 'You took back your reply: "Procedures are procedures."' in block_texts(taken)
    trainee.say("Rules are rules, I'm afraid.", count(1))
    ended = trainee.click(END_PAYLOAD, has_scorecard)
    card = block_texts(ended[-1])
    assert "A stronger reply" in card and "Rules are rules" in card
    [session] = sessions_of(store, trainee.user)
    turns = [t for t in store.get_session(session["id"])["turns"] if t["speaker"] == "trainee"]
    assert [(t["text"], t["retracted_at"] is not None) for t in turns] == [
        ("Procedures are procedures.", True), ("Rules are rules, I'm afraid.", False)]


@pytest.mark.parametrize("reason", ["http_timeout", "http_error", "connection_failed", "too_many_requests",
                                    "unknown_error"])
def test_a_retry_never_plays_the_turn_twice(slack, webhook, store, reason):
    trainee = Trainee(slack, webhook, name="Retry Tester")
    trainee.click(start_payload("unpaid-outage"), count(2))
    event_id = next_id("EvRetry")
    body = dm_event(trainee.user, "I'm sorry to hear that, let me look into it.", trainee.channel, event_id)
    before = len(trainee.posts())
    assert send(webhook, body, JSON).status == 200
    trainee.wait(before, count(1))
    for number in (1, 2, 3):
        answer = send(webhook, body, JSON, extra_headers={"X-Slack-Retry-Num": str(number),
                                                          "X-Slack-Retry-Reason": reason})
        assert answer.status == 200
    time.sleep(2)
    assert len(trainee.posts()) == before + 1, "the retries posted nothing"
    [session] = sessions_of(store, trainee.user)
    trainee_turns = [t for t in store.get_session(session["id"])["turns"] if t["speaker"] == "trainee"]
    assert len(trainee_turns) == 1


def test_a_repeated_button_click_starts_one_session(slack, webhook, store):
    trainee = Trainee(slack, webhook)
    body = button_click(trainee.user, trainee.channel, start_payload("denied-iphone"))
    before = len(trainee.posts())
    for _ in range(2):
        assert send(webhook, body, FORM).status == 200
    trainee.wait(before, count(2))
    time.sleep(2)
    assert len(trainee.posts()) == before + 2
    [session] = sessions_of(store, trainee.user)
    assert session["trainee"] == trainee.user, "users.info failed (unknown user): the id is the name"


@pytest.mark.parametrize("signing", [
    {"secret": "not-our-secret"},
    {"age": 6 * 60},
    {"age": -6 * 60},
    {"sign": False},
], ids=["wrong secret", "stale", "from the future", "unsigned"])
@pytest.mark.parametrize("kind", ["message", "click", "challenge"])
def test_a_bad_signature_is_refused_and_nothing_happens(slack, webhook, store, signing, kind):
    trainee = Trainee(slack, webhook)
    if kind == "message":
        body, content_type = dm_event(trainee.user, "start the iPhone case", trainee.channel), JSON
    elif kind == "click":
        body, content_type = button_click(trainee.user, trainee.channel, start_payload("nine-weeks")), FORM
    else:
        body, content_type = json.dumps({"type": "url_verification", "challenge": "abc"}).encode(), JSON
    if "age" in signing:  # relative to now, not to when the tests were collected
        signing = {"timestamp": int(time.time()) - signing["age"]}
    answer = send(webhook, body, content_type, **signing)
    assert answer.status == 401 and b"abc" not in answer.body
    time.sleep(1.5)
    assert trainee.posts() == [] and sessions_of(store, trainee.user) == []


def test_a_tampered_body_is_refused(slack, webhook, store):
    trainee = Trainee(slack, webhook)
    body = dm_event(trainee.user, "start the iPhone case", trainee.channel)
    stamp = str(int(time.time()))
    request = urllib.request.Request(webhook, body.replace(b"iPhone", b"outage"), method="POST", headers={
        "Content-Type": JSON, "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": slack_signature(SECRET, stamp, body)})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)
    assert refused.value.code == 401
    time.sleep(1.5)
    assert trainee.posts() == [] and sessions_of(store, trainee.user) == []


@pytest.mark.parametrize("event", [
    {"bot_id": "B0001", "subtype": "bot_message"},
    {"bot_id": "B0001"},
    {"subtype": "message_changed"},
    {"subtype": "message_deleted"},
    {"subtype": "channel_join"},
    {"channel_type": "channel"},
    {"channel_type": "mpim"},
], ids=["bot_message", "bot_id", "edit", "delete", "join", "public channel", "group DM"])
def test_bots_edits_joins_and_other_channels_are_ignored(slack, webhook, store, event):
    trainee = Trainee(slack, webhook)
    answer = send(webhook, dm_event(trainee.user, "start the iPhone case", trainee.channel, **event), JSON)
    assert answer.status == 200
    time.sleep(1.5)
    assert trainee.posts() == [] and sessions_of(store, trainee.user) == []


def test_a_failed_post_is_retried_and_the_turn_is_stored(slack, webhook, store):
    trainee = Trainee(slack, webhook)
    trainee.click(start_payload("nine-weeks"), count(2))
    slack.fail_next_posts(1, status=500, error="internal_error")
    slack.fail_next_posts(1, status=429, error="ratelimited", retry_after=1)
    line = trainee.say("That's not right, and I'll take care of it myself.", count(1))
    assert len(line) == 1
    failed = [c for c in slack.calls_to("chat.postMessage") if c.answered != 200]
    assert [c.answered for c in failed][-2:] == [500, 429]
    [session] = sessions_of(store, trainee.user)
    assert [t["speaker"] for t in store.get_session(session["id"])["turns"]] == ["customer", "trainee", "customer"]


def test_a_post_that_keeps_failing_is_given_up_but_the_turn_is_stored(slack, webhook, store):
    trainee = Trainee(slack, webhook)
    trainee.click(start_payload("nine-weeks"), count(2))
    slack.fail_next_posts(4, status=503, error="service_unavailable")
    before = len(slack.calls_to("chat.postMessage"))
    send(webhook, dm_event(trainee.user, "I'll take care of it myself.", trainee.channel), JSON)
    deadline = time.monotonic() + 30
    while len(slack.calls_to("chat.postMessage")) < before + 4 and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(1)
    assert len(slack.calls_to("chat.postMessage")) == before + 4, "four attempts, then it gives up"
    [session] = sessions_of(store, trainee.user)
    assert [t["speaker"] for t in store.get_session(session["id"])["turns"]] == ["customer", "trainee", "customer"]
    # and the next message gets through again
    trainee.say("I'll send you a 4G router at no cost.", count(1))
