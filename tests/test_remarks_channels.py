"""Every remark in tests/data/remarks.yml, said mid-case through each channel's real code path
(the trained model, the Rasa and action servers): REST, the web process and a signed Slack DM.
None lists the cases, ends the call or switches it; the customer answers each one. A case the
customer ends by leaving (churned), by being satisfied (resolved) or by hanging up after the
trainee's second goodbye with something still open (abandoned: "Have a nice day, sir." then "Bye
bye!") is started again; each of those comes with the reply's score, which a command ending the
call never has.
"""
from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

import pytest
import requests
import yaml

from bot.coach.commands import END_PAYLOAD, start_payload
from bot.storage import TranscriptStore
from tests.conftest import free_port, project_file
from tests.e2e import RestClient, start_stack
from tests.fake_slack import FakeSlack, dm_event, next_id, send, slack_env

REMARKS: list[str] = yaml.safe_load(project_file("tests", "data", "remarks.yml").read_text())["remarks"]
CASE = "unpaid-outage"


@pytest.fixture(scope="module")
def slack():
    fake = FakeSlack(names={}).start(free_port())
    yield fake
    fake.stop()


@pytest.fixture(scope="module")
def stack(tmp_path_factory, slack):
    stack = start_stack(tmp_path_factory.mktemp("remarks"), with_web=True, **slack_env(slack))
    yield stack
    stack.stop()


@pytest.fixture(scope="module")
def store(stack):
    store = TranscriptStore(stack.settings.database_url)
    yield store
    store.close()


def customs(messages: list[dict[str, Any]], key: str) -> list[Any]:
    return [m["custom"][key] for m in messages if isinstance(m.get("custom"), dict) and key in m["custom"]]


def play_all(say: Callable[[str], list[dict[str, Any]]], start: Callable[[], None]) -> dict[str, int]:
    """Say every remark mid-case; fail on anything but a customer's answer. Returns counts."""
    start()
    seen = {"answered": 0, "restarted": 0}
    for text in REMARKS:
        messages = say(text)
        assert not customs(messages, "scenarios"), f"listed the cases: {text!r}"
        assert not customs(messages, "scenario"), f"switched the case: {text!r}"
        assert customs(messages, "score"), f"no answer from the customer: {text!r} -> {messages}"
        seen["answered"] += 1
        cards = customs(messages, "scorecard")
        if cards:
            assert cards[0]["outcome"] in {"churned", "resolved", "abandoned"}, f"ended the call: {text!r}"
            seen["restarted"] += 1
            start()
    return seen


def test_over_rest(stack):
    client = RestClient(stack.settings, f"remarks-{next_id('r')}")
    seen = play_all(client.send, lambda: client.send(start_payload(CASE)))
    assert seen["answered"] == len(REMARKS)


def test_through_the_web_process(stack):
    base = stack.settings.web_url
    session = requests.Session()
    assert session.post(f"{base}/api/signin", json={"name": f"Remarks {next_id('w')}"}).ok

    def post(path: str, body: dict[str, Any]) -> list[dict[str, Any]]:
        answer = session.post(f"{base}{path}", json=body, timeout=60)
        assert answer.status_code == 200, answer.text
        return answer.json()["turn"]["messages"]

    seen = play_all(lambda text: post("/api/chat", {"message": text}),
                    lambda: post("/api/start", {"scenario": CASE}))
    assert seen["answered"] == len(REMARKS)
    assert post("/api/end", {})[-1]["custom"]["scorecard"]["outcome"] == "abandoned"


class SlackDm:
    """One trainee's DM; what the bot posts is read back from the fake Slack as messages with a
    `custom` payload reconstructed from the stored transcript and the Block Kit posts."""

    def __init__(self, slack: FakeSlack, webhook: str, store: TranscriptStore):
        self.slack, self.webhook, self.store = slack, webhook, store
        self.user, self.channel = next_id("U"), next_id("D")

    def _send(self, text: str) -> list[dict[str, Any]]:
        before = len(self.slack.posts(self.channel))
        assert send(self.webhook, dm_event(self.user, text, self.channel), "application/json").status == 200
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            posts = self.slack.posts(self.channel)[before:]
            if posts:
                return posts
            time.sleep(0.05)
        pytest.fail(f"nothing posted for {text!r}")

    def latest_session(self) -> dict[str, Any] | None:
        items = self.store.list_sessions(trainee=self.user, channel="slack")["items"]
        return items[0] if items else None

    def start(self) -> None:
        sessions = len(self.store.list_sessions(trainee=self.user, channel="slack")["items"])
        posts = len(self.slack.posts(self.channel))
        assert send(self.webhook, dm_event(self.user, start_payload(CASE), self.channel),
                    "application/json").status == 200
        deadline = time.monotonic() + 30
        # Started once the new session is stored and its two posts (the case, the opening) are out.
        while (len(self.store.list_sessions(trainee=self.user, channel="slack")["items"]) == sessions
               or len(self.slack.posts(self.channel)) < posts + 2):
            assert time.monotonic() < deadline, "the case did not start"
            time.sleep(0.05)
        time.sleep(0.3)  # a scorecard from the case before may still be on its way

    def say(self, text: str) -> list[dict[str, Any]]:
        """Send a remark; once the transcript holds it and the customer's answer (or the bot
        posted something else: a list, another case), read what was posted for it."""
        before = len(self.slack.posts(self.channel))
        opened = self.latest_session()
        assert send(self.webhook, dm_event(self.user, text, self.channel), "application/json").status == 200
        deadline = time.monotonic() + 60
        while True:
            assert time.monotonic() < deadline, f"no answer to {text!r}"
            session = self.latest_session()
            if session["id"] != opened["id"]:
                break  # a new case was started: the test fails on it below
            # The turns and the outcome from one read: the turn that ends a call ends it too.
            session = self.store.get_session(session["id"])
            turns = session["turns"]
            said = [t["text"] for t in turns if t["speaker"] == "trainee"]
            if said and said[-1] == text and turns[-1]["speaker"] == "customer":
                break
            if any(self._buttons(post) for post in self.slack.posts(self.channel)[before:]):
                break
            time.sleep(0.05)
        while len(self.slack.posts(self.channel)) == before and time.monotonic() < deadline:
            time.sleep(0.05)  # the turn is stored before it is posted
        posts = self.slack.posts(self.channel)[before:]
        messages: list[dict[str, Any]] = [{"text": p.get("text"), "custom": {}} for p in posts]
        if any(self._buttons(p) for p in posts):
            messages[0]["custom"]["scenarios"] = True
        if session["id"] != opened["id"]:
            messages[0]["custom"]["scenario"] = True
        elif said and said[-1] == text:
            messages[0]["custom"]["score"] = True  # the reply was scored and the customer answered
            if session["outcome"]:
                messages.append({"custom": {"scorecard": {"outcome": session["outcome"]}}})
        return messages

    @staticmethod
    def _buttons(post: dict[str, Any]) -> bool:
        blocks = post.get("blocks")
        blocks = json.loads(blocks) if isinstance(blocks, str) else (blocks or [])
        return any(b.get("accessory", {}).get("type") == "button" for b in blocks)


def test_in_a_slack_dm(stack, slack, store):
    dm = SlackDm(slack, f"{stack.settings.rasa_url}/webhooks/slack/webhook", store)
    seen = play_all(dm.say, dm.start)
    assert seen["answered"] == len(REMARKS)
    posts_before = len(slack.posts(dm.channel))
    dm._send(END_PAYLOAD)
    assert len(slack.posts(dm.channel)) > posts_before
