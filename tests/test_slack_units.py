"""The Slack rules without a server: signatures, which requests are played, dedupe, Block Kit."""
from __future__ import annotations

import asyncio
import json
import os
import time
import urllib.parse

import pytest
from slack_sdk.signature import Clock

from bot.coach import commands
from bot.coach.commands import start_payload
from bot.config import load_settings, rasa_environment
from channels.slack.events import MAX_REQUEST_AGE, incoming_text, parse_request, signature_problem, verifier
from channels.slack.format import escape, slack_messages
from tests.fake_slack import button_click, dm_event
from tests.fake_slack import slack_signature as sign

NOW = 1_700_000_000.0
SECRET = "s3cret"


# --- signatures (slack_sdk's SignatureVerifier decides; signature_problem names the reason) -----
class FixedClock(Clock):
    def __init__(self, at: float = NOW):
        self.at = at

    def now(self) -> float:
        return self.at


CHECKER = verifier(SECRET, FixedClock())


def test_the_verifier_signs_like_slacks_documented_example():
    # https://api.slack.com/authentication/verifying-requests-from-slack (the worked example): the
    # tests' own signer (tests/fake_slack.py) and slack_sdk's verifier both follow it.
    body = (b"token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V"
            b"&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text="
            b"&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
            b"&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c")
    expected = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"
    assert sign("8f742231b10e8888abcd99yyyzzz85a5", "1531420618", body) == expected
    example = verifier("8f742231b10e8888abcd99yyyzzz85a5", FixedClock(1531420618))
    assert signature_problem(example, "1531420618", body, expected) is None


@pytest.mark.parametrize("stamp, given, problem", [
    (str(int(NOW)), None, None),
    (str(int(NOW) - MAX_REQUEST_AGE), None, None),
    (str(int(NOW) - MAX_REQUEST_AGE - 1), None, "stale"),
    (str(int(NOW) + MAX_REQUEST_AGE + 1), None, "stale"),
    ("yesterday", None, "bad X-Slack-Request-Timestamp"),
    ("", None, "missing"),
    (str(int(NOW)), "", "missing"),
    (str(int(NOW)), "v0=" + "0" * 64, "does not match"),
    (str(int(NOW)), "v1=whatever", "does not match"),
    (str(int(NOW)), "v0=\u00e9t\u00e9", "does not match"),  # not ASCII: hmac.compare_digest would raise
])
def test_signature_problem(stamp, given, problem):
    body = b'{"type":"event_callback"}'
    given = sign(SECRET, stamp or "0", body) if given is None else given
    found = signature_problem(CHECKER, stamp, body, given)
    assert (found is None) if problem is None else (problem in found)


@pytest.mark.parametrize("secret", ["", "   "])
def test_without_a_signing_secret_every_request_is_refused(secret):
    assert verifier(secret) is None
    stamp = str(int(time.time()))
    body = b'{"type":"event_callback"}'
    assert "no signing secret" in signature_problem(verifier(secret), stamp, body, sign(secret, stamp, body))


def test_a_changed_body_or_another_secret_does_not_match():
    stamp = str(int(NOW))
    given = sign(SECRET, stamp, b'{"text":"a"}')
    assert "does not match" in signature_problem(CHECKER, stamp, b'{"text":"b"}', given)
    assert "does not match" in signature_problem(CHECKER, stamp, b'{"text":"a"}', sign("other", stamp, b'{"text":"a"}'))
    assert "does not match" in signature_problem(CHECKER, stamp, b"\xff\xfe not UTF-8", given)


# --- which requests are played -----------------------------------------------------------------
def test_a_dm_is_played_with_its_event_id():
    incoming = parse_request("application/json", dm_event("U1", "Hello &amp; welcome", "D1", event_id="Ev9"))
    assert (incoming.kind, incoming.user, incoming.channel, incoming.text, incoming.dedupe_key) == \
        ("message", "U1", "D1", "Hello & welcome", "event:Ev9")


@pytest.mark.parametrize("event, reason", [
    ({"bot_id": "B1"}, "bot"),
    ({"subtype": "bot_message"}, "subtype"),
    ({"subtype": "message_changed"}, "subtype"),
    ({"subtype": "message_deleted"}, "subtype"),
    ({"subtype": "channel_join"}, "subtype"),
    ({"subtype": "file_share"}, "subtype"),
    ({"channel_type": "channel"}, "not a direct message"),
    ({"type": "app_mention"}, "event type"),
    ({"text": "   "}, "without"),
    ({"user": ""}, "without"),
])
def test_what_is_not_a_trainee_dm_is_ignored(event, reason):
    event = dict(event)
    text, user = event.pop("text", "hi"), event.pop("user", "U1")
    incoming = parse_request("application/json", dm_event(user, text, "D1", **event))
    assert incoming.kind == "ignore" and reason in incoming.reason


@pytest.mark.parametrize("body, reason", [
    (b"not json", "not JSON"),
    (b"[1]", "not a JSON object"),
    (b'{"type":"app_rate_limited"}', "envelope type"),
])
def test_odd_bodies_are_ignored(body, reason):
    incoming = parse_request("application/json", body)
    assert incoming.kind == "ignore" and reason in incoming.reason


def test_url_verification_gives_the_challenge():
    incoming = parse_request("application/json", b'{"type":"url_verification","challenge":"c4"}')
    assert (incoming.kind, incoming.challenge) == ("challenge", "c4")


def test_a_button_click_is_played_as_its_value_and_keyed_by_its_action():
    body = button_click("U1", "D1", start_payload("nine-weeks"), action_ts="1700000000.1")
    first = parse_request("application/x-www-form-urlencoded", body)
    assert (first.kind, first.user, first.channel, first.text) == \
        ("message", "U1", "D1", '/start_scenario{"scenario":"nine-weeks"}')
    assert first.dedupe_key.startswith("click:U1:1700000000.1:")
    assert parse_request("application/x-www-form-urlencoded", body).dedupe_key == first.dedupe_key
    other = parse_request("application/x-www-form-urlencoded",
                          button_click("U1", "D1", start_payload("nine-weeks"), action_ts="1700000009.9"))
    assert other.dedupe_key != first.dedupe_key


def _form(payload):
    return urllib.parse.urlencode({"payload": json.dumps(payload)}).encode()


@pytest.mark.parametrize("body, reason", [
    (b"payload=nonsense", "without a JSON payload"),
    (_form({"type": "view_submission"}), "interaction type"),
    (_form({"type": "block_actions", "user": {"id": "U1"}, "channel": {"id": "D1"},
            "actions": [{"type": "static_select", "selected_option": {"value": "x"}}]}), "not a button"),
    (_form({"type": "block_actions", "user": {"id": "U1"}, "channel": {"id": "C1"}, "container": {"type": "message"},
            "actions": [{"type": "button", "value": "/start_scenario"}]}), "outside a direct message"),
])
def test_other_interactions_are_ignored(body, reason):
    incoming = parse_request("application/x-www-form-urlencoded", body)
    assert incoming.kind == "ignore" and reason in incoming.reason


@pytest.mark.parametrize("raw, typed", [
    ("I&#39;ll call you &lt;today&gt; &amp; tomorrow", "I'll call you <today> & tomorrow"),
    ("see <https://example.com/a|example.com/a>", "see example.com/a"),
    ("mail <mailto:a@b.nl|a@b.nl>", "mail a@b.nl"),
    ("<@UBOT> start the iPhone case", "start the iPhone case"),
    ("plain", "plain"),
])
def test_incoming_text_is_what_the_trainee_typed(raw, typed):
    assert incoming_text(raw) == typed


# --- Block Kit -------------------------------------------------------------------------------
SCENARIOS = [{"id": "nine-weeks", "title": "Nine weeks offline", "summary": "No line <at all> & no laptop",
              "customer": "Ingrid"},
             {"id": "denied-iphone", "title": "The denied iPhone", "summary": "Migration rules", "customer": "Yusuf"}]
SCORE = {"ownership": 72, "flexibility": 35, "reason": "Takes it on, offers nothing",
         "cues": [{"phrase": "I'll <b>", "label": "ownership", "ownership": 20, "flexibility": 0}],
         "over_promise": False}
CARD = {"scenario": "nine-weeks", "outcome": "resolved", "ownership": 80, "flexibility": 65, "turns": 3,
        "best": {"text": "I'll fix it <!channel>", "ownership": 90, "flexibility": 70, "reason": "owns it"},
        "worst": None, "tip": "Offer the router earlier."}


def test_the_scenario_list_has_a_start_button_per_case():
    [post] = slack_messages({"text": "Which case?\n- ...", "custom": {"scenarios": SCENARIOS}}, True)
    accessories = [b["accessory"] for b in post["blocks"] if "accessory" in b]
    assert [a["value"] for a in accessories] == ['/start_scenario{"scenario":"nine-weeks"}',
                                                 '/start_scenario{"scenario":"denied-iphone"}']
    assert all(a["type"] == "button" and len(a["text"]["text"]) <= 75 for a in accessories)
    assert "No line &lt;at all&gt; &amp; no laptop" in json.dumps(post["blocks"])
    assert post["text"].startswith("Which case?")


@pytest.mark.parametrize("show, shown", [(True, True), (False, False)])
def test_a_customer_line_shows_the_score_only_when_live_scores_are_on(show, shown):
    [post] = slack_messages({"text": "Finally someone <listens>.", "custom": {"score": SCORE, "mood": "calm"}}, show)
    assert post["blocks"][0]["text"]["text"] == post["text"] == "Finally someone &lt;listens&gt;."
    context = [b for b in post["blocks"] if b["type"] == "context"]
    assert bool(context) is shown
    if shown:
        line = context[0]["elements"][0]["text"]
        assert "Ownership *72*" in line and "Flexibility *35*" in line and "I'll &lt;b&gt;" in line
        assert ":large_green_circle:" in line and ":red_circle:" in line


def test_every_customer_line_has_an_end_call_button_that_sends_the_end_command():
    [post] = slack_messages({"text": "Well?", "custom": {"mood": "angry"}}, False)
    [button] = [e for b in post["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert button["text"]["text"] == "End call" and button["type"] == "button"
    assert commands.parse(button["value"]) == commands.Command(commands.END)


@pytest.mark.parametrize("score, show, retry", [({"ownership": 20, "flexibility": 10}, True, True),
                                                ({"ownership": 20, "flexibility": 10}, False, False),
                                                (None, True, False)],
                         ids=["practice", "exam run", "no reply scored"])
def test_a_scored_replys_answer_offers_to_take_it_back_in_practice_mode(score, show, retry):
    [post] = slack_messages({"text": "Well?", "custom": {"mood": "angry", **({"score": score} if score else {})}}, show)
    buttons = [e for b in post["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert [b["text"]["text"] for b in buttons] == ["End call"] + (["Try that reply again"] if retry else [])
    if retry:
        assert commands.parse(buttons[1]["value"]) == commands.Command(commands.RETRY)
    assert not any("accessory" in b for b in post["blocks"])  # the case list's buttons are accessories


def test_the_scorecard_is_block_kit_with_escaped_replies():
    text = "Scorecard: Nine weeks offline\nOutcome: resolved after 3 replies"
    [post] = slack_messages({"text": text, "custom": {"scorecard": CARD}}, False)
    header, fields = post["blocks"][0], post["blocks"][1]
    assert header == {"type": "header", "text": {"type": "plain_text", "text": "Scorecard: Nine weeks offline"}}
    assert [f["text"].split("\n")[0] for f in fields["fields"]] == ["*Ownership*", "*Flexibility*", "*Outcome*",
                                                                   "*Replies*"]
    dumped = json.dumps(post["blocks"])
    assert "80/100 (high)" in dumped and "65/100 (high)" in dumped and "Offer the router earlier." in dumped
    assert "&lt;!channel&gt;" in dumped and "<!channel>" not in dumped
    assert "Worst reply" not in dumped
    assert post["text"] == text


def test_the_scorecard_says_how_the_call_was_scored_escaped():
    card = {**CARD, "counted": "only replies clearly high or low count <!channel>"}
    [post] = slack_messages({"text": "Scorecard: x", "custom": {"scorecard": card}}, False)
    assert post["blocks"][2]["type"] == "context", post["blocks"][2]
    dumped = json.dumps(post["blocks"])
    assert "only replies clearly high or low count &lt;!channel&gt;" in dumped and "<!channel>" not in dumped


def test_the_scorecard_shows_the_worst_replys_stronger_reply_escaped():
    worst = {"text": "Rules are rules.", "ownership": 20, "flexibility": 10, "reason": "cites the rule",
             "model_reply": {"text": "I'll reserve the laptop <!channel> & email it.", "why": "Meets <the> need."}}
    [post] = slack_messages({"text": "Scorecard: X", "custom": {"scorecard": dict(CARD, worst=worst)}}, False)
    [section] = [b["text"]["text"] for b in post["blocks"] if "Worst reply" in b.get("text", {}).get("text", "")]
    assert section.endswith(":bulb: *A stronger reply:*\n> I'll reserve the laptop &lt;!channel&gt; &amp; email it."
                            "\n_Meets &lt;the&gt; need._")
    assert "<!channel>" not in json.dumps(post["blocks"])


def test_the_scorecard_shows_every_low_reply_with_its_stronger_reply_escaped():
    lows = [{"text": f"No <{n}>.", "ownership": 20, "flexibility": 10, "reason": "refuses",
             "model_reply": {"text": f"I'll book it & confirm ({n}).", "why": "Meets a need."}} for n in (1, 2)]
    worst = dict(lows[1], text="No <2>.")
    card = dict(CARD, worst=worst, stronger_replies=lows)
    [post] = slack_messages({"text": "Scorecard: X", "custom": {"scorecard": card}}, False)
    said = [b["text"]["text"] for b in post["blocks"] if b.get("text", {}).get("text", "").startswith("*You said*")]
    assert said == [f"*You said* (20/10)\n> No &lt;{n}&gt;.\n:bulb: *A stronger reply:*\n"
                    f"> I'll book it &amp; confirm ({n}).\n_Meets a need._" for n in (1, 2)]
    [worst_block] = [b["text"]["text"] for b in post["blocks"] if "Worst reply" in b.get("text", {}).get("text", "")]
    assert "stronger" not in worst_block  # shown once, in the list


def test_a_long_list_of_low_replies_stays_within_slacks_block_limit():
    lows = [{"text": f"No {n}.", "ownership": 20, "flexibility": 10, "reason": "refuses",
             "model_reply": {"text": "I'll book it.", "why": "Meets a need."}} for n in range(60)]
    [post] = slack_messages({"text": "Scorecard: X", "custom": {"scorecard": dict(CARD, stronger_replies=lows)}},
                            False)
    assert len(post["blocks"]) <= 50
    assert "20 more low replies" in json.dumps(post["blocks"])


def test_the_scorecard_lists_the_tips_escaped():
    card = dict(CARD, tips=["Offer the router earlier.", "Don't say <!here> \"rules are rules\" & co."])
    [post] = slack_messages({"text": "Scorecard: Nine weeks offline", "custom": {"scorecard": card}}, False)
    [tips] = [b["text"]["text"] for b in post["blocks"] if "Tips" in b.get("text", {}).get("text", "")]
    assert tips == (':bulb: *Tips:*\n1. Offer the router earlier.\n'
                    '2. Don\'t say &lt;!here&gt; "rules are rules" &amp; co.')
    # A scorecard saved before the list (only "tip") still shows its one tip.
    [old] = slack_messages({"text": "Scorecard", "custom": {"scorecard": CARD}}, False)
    assert ":bulb: *Tip:* Offer the router earlier." in json.dumps(old["blocks"])


def test_a_scorecard_for_a_replaced_case_keeps_the_note():
    [post] = slack_messages({"text": "(The previous case, X, ended: abandoned.)", "custom": {"scorecard": CARD}}, True)
    assert post["blocks"][0]["text"]["text"] == "Scorecard: nine-weeks"
    assert "The previous case" in post["blocks"][1]["elements"][0]["text"]


@pytest.mark.parametrize("message, expected", [
    ({"text": "Could not save <x>", "custom": {"error": "not_saved"}}, "Could not save &lt;x&gt;"),
    ({"text": "plain"}, "plain"),
])
def test_other_texts_are_posted_escaped(message, expected):
    [post] = slack_messages(message, True)
    assert post["blocks"][0]["text"]["text"] == expected


def test_a_payload_without_text_for_slack_posts_nothing():
    assert slack_messages({"custom": {"mood": "angry"}}, True) == []


def test_escape():
    assert escape("a & <b> > c") == "a &amp; &lt;b&gt; &gt; c"


# --- configuration ---------------------------------------------------------------------------
def test_rasa_always_gets_every_slack_variable(tmp_path):
    env = rasa_environment(load_settings({}, root=tmp_path))
    assert {k: env[k] for k in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_API_URL", "SHOW_LIVE_SCORES")} == \
        {"SLACK_BOT_TOKEN": "", "SLACK_SIGNING_SECRET": "", "SLACK_API_URL": "https://slack.com/api/",
         "SHOW_LIVE_SCORES": "true"}
    env = rasa_environment(load_settings({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "abc",
                                          "SLACK_API_URL": "http://127.0.0.1:9/api/", "SHOW_LIVE_SCORES": "no"},
                                         root=tmp_path))
    assert (env["SLACK_BOT_TOKEN"], env["SLACK_SIGNING_SECRET"], env["SLACK_API_URL"], env["SHOW_LIVE_SCORES"]) == \
        ("xoxb-1", "abc", "http://127.0.0.1:9/api/", "false")


def test_credentials_file_uses_only_variables_rasa_gets(tmp_path):
    import re

    from bot.config import PROJECT_ROOT
    lines = (PROJECT_ROOT / "credentials.yml").read_text().splitlines()
    settings = "\n".join(line for line in lines if not line.lstrip().startswith("#"))
    used = set(re.findall(r"\$\{(\w+)\}", settings))
    assert used and used <= set(rasa_environment(load_settings({}, root=tmp_path)))


@pytest.mark.parametrize("value, shown", [("true", True), ("false", False), ("", True)])
def test_the_channel_reads_its_credentials(value, shown, migrated_sqlite):
    os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
    from channels.slack.channel import CoachSlackInput

    channel = CoachSlackInput.from_credentials({"slack_token": "xoxb-1", "slack_signing_secret": "",
                                                "slack_api_url": "http://127.0.0.1:9/api/",
                                                "show_live_scores": value or None,
                                                "database_url": migrated_sqlite})
    # No signing secret: the channel starts (Rasa's own would stop the server) and refuses requests.
    assert channel.name() == "slack" and channel.slack_signing_secret == ""
    assert channel.store.database_url == migrated_sqlite
    out = channel.get_output_channel("D1")
    assert out.show_scores is shown and out.client.base_url == "http://127.0.0.1:9/api/"


def test_the_name_is_looked_up_once_for_every_server_and_a_failure_is_not_remembered(migrated_sqlite):
    import asyncio

    from channels.slack.channel import CoachSlackInput
    from tests.conftest import free_port
    from tests.fake_slack import TOKEN, FakeSlack

    fake = FakeSlack(names={"U1": "Noor de Vries"}).start(free_port())
    try:
        # Two channels on one database, as two Rasa servers.
        servers = [CoachSlackInput(TOKEN, "secret", fake.url, database_url=migrated_sqlite) for _ in range(2)]

        async def look_up(channel):
            return await asyncio.gather(*(channel.display_name(u) for u in ["U1", "U1", "U1", "U2", "U2"]))
        assert asyncio.run(look_up(servers[0])) == ["Noor de Vries"] * 3 + ["U2"] * 2
        assert asyncio.run(look_up(servers[1])) == ["Noor de Vries"] * 3 + ["U2"] * 2
        asked = [c.params["user"] for c in fake.calls_to("users.info")]
        assert asked.count("U1") == 1, "asked once, then known to both servers"
        assert asked.count("U2") == 2, "unknown user: asked again next time"
    finally:
        fake.stop()


# --- retries reaching another Rasa server ----------------------------------------------------
class Request:
    """What the webhook reads of a Sanic request: the headers and the raw body."""

    def __init__(self, body: bytes, content_type: str, retry: int | None = None):
        from multidict import CIMultiDict

        stamp = str(int(time.time()))
        self.body = body
        self.headers = CIMultiDict({"Content-Type": content_type, "X-Slack-Request-Timestamp": stamp,
                                    "X-Slack-Signature": sign(SECRET, stamp, body)})
        if retry:
            self.headers.update({"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"})


def slack_servers(database_url: str, count: int = 2):
    """`count` Slack channels on one database, as that many Rasa servers; each with its webhook
    handler and the messages it played."""
    from channels.slack.channel import CoachSlackInput

    servers = []
    for _ in range(count):
        channel = CoachSlackInput("xoxb-1", SECRET, "http://127.0.0.1:9/api/", database_url=database_url)
        played: list = []

        async def on_new_message(message, played=played):
            played.append(message)
        blueprint = channel.blueprint(on_new_message)
        handler = next(r.handler for r in blueprint._future_routes if r.uri == "/webhook")
        servers.append((channel, handler, played))
    return servers


async def deliver(server, request):
    channel, handler, _ = server
    answer = await handler(request)
    await asyncio.gather(*channel.tasks)
    return answer


DELIVERIES = {
    "event": lambda: (dm_event("U1", "hello", "D1", event_id="Ev0TWO"), "application/json"),
    "button": lambda: (button_click("U1", "D1", "/start_scenario", action_ts="1700000000.000100"),
                       "application/x-www-form-urlencoded"),
}


@pytest.mark.parametrize("kind", list(DELIVERIES))
def test_a_retry_delivered_to_the_other_server_is_dropped(kind, migrated_sqlite):
    from bot.storage.shared import SlackNames

    first, second = slack_servers(migrated_sqlite)
    SlackNames(first[0].store).put("U1", "Noor de Vries")  # no users.info call in this test
    body, content_type = DELIVERIES[kind]()

    async def run():
        return (await deliver(first, Request(body, content_type)),
                await deliver(second, Request(body, content_type, retry=1)),
                await deliver(first, Request(body, content_type, retry=2)))
    answers = asyncio.run(run())
    assert [a.status for a in answers] == [200, 200, 200]
    assert [a.body for a in answers[1:]] == [b"already received"] * 2
    assert answers[1].headers.get("X-Slack-No-Retry") == "1"
    assert len(first[2]) == 1 and second[2] == [], "played once, by the server that got it first"
    assert first[2][0].metadata["trainee_name"] == "Noor de Vries"


def test_with_the_database_down_the_webhook_answers_503_and_slack_retries(tmp_path):
    # A database file that cannot be opened (its folder is a file): every query fails at once.
    (tmp_path / "a-file").write_text("")
    (server,) = slack_servers(f"sqlite:///{tmp_path / 'a-file' / 'coach.db'}", count=1)
    answer = asyncio.run(deliver(server, Request(dm_event("U1", "hello", "D1"), "application/json")))
    assert answer.status == 503 and b"database is not available" in answer.body and server[2] == []


# --- posting: slack_sdk's retry handlers -----------------------------------------------------
def test_the_web_client_retries_with_slack_sdks_handlers():
    from slack_sdk.http_retry.builtin_async_handlers import (
        AsyncConnectionErrorRetryHandler,
        AsyncRateLimitErrorRetryHandler,
        AsyncServerErrorRetryHandler,
    )

    from channels.slack.channel import POST_ATTEMPTS, web_client

    client = web_client("xoxb-1", "http://127.0.0.1:9/api/")
    assert client.base_url == "http://127.0.0.1:9/api/"
    assert [type(h) for h in client.retry_handlers] == [AsyncConnectionErrorRetryHandler,
                                                        AsyncRateLimitErrorRetryHandler, AsyncServerErrorRetryHandler]
    # One attempt count shared by the handlers: at most POST_ATTEMPTS tries, whatever went wrong.
    assert {h.max_retry_count for h in client.retry_handlers} == {POST_ATTEMPTS - 1}


@pytest.fixture()
def quick_retries(monkeypatch):
    """Retries without the waits: the backoff cut to 0.01 s, and without slack_sdk's random
    jitter (up to 1 s added to each backoff and to each Retry-After), which made these tests
    sleep ~1.5 s each. How many attempts are made, and what is retried, stay as they are."""
    from types import SimpleNamespace

    from slack_sdk.http_retry import builtin_async_handlers
    from slack_sdk.http_retry.jitter import RandomJitter

    monkeypatch.setattr("channels.slack.channel.POST_BACKOFF", 0.01)
    monkeypatch.setattr(RandomJitter, "recalculate", lambda self, duration: duration)
    monkeypatch.setattr(builtin_async_handlers, "random", SimpleNamespace(random=lambda: 0.0))


@pytest.fixture()
def fake_slack():
    from tests.conftest import free_port
    from tests.fake_slack import FakeSlack

    fake = FakeSlack().start(free_port())
    yield fake
    fake.stop()


def _post(fake_url, text="Hello"):
    import asyncio

    from channels.slack.channel import CoachSlackBot
    from tests.fake_slack import TOKEN

    return asyncio.run(CoachSlackBot(TOKEN, "D1", fake_url).post("D1", text=text))


def test_a_failed_post_is_retried_until_it_gets_through(quick_retries, fake_slack):
    fake_slack.fail_next_posts(1, status=500, error="internal_error")
    fake_slack.fail_next_posts(1, status=429, error="ratelimited", retry_after=0)
    fake_slack.fail_next_posts(1, status=503, error="service_unavailable")
    assert _post(fake_slack.url) is True
    assert [c.answered for c in fake_slack.calls_to("chat.postMessage")] == [500, 429, 503, 200]


def test_a_post_is_given_up_after_four_attempts(quick_retries, fake_slack, caplog):
    fake_slack.fail_next_posts(5, status=503, error="service_unavailable")
    assert _post(fake_slack.url) is False
    assert [c.answered for c in fake_slack.calls_to("chat.postMessage")] == [503] * 4
    assert "could not post to D1 (HTTP 503, service_unavailable)" in caplog.text


def test_a_client_error_is_not_retried(fake_slack):
    fake_slack.fail_next_posts(1, status=400, error="invalid_blocks")
    assert _post(fake_slack.url) is False
    assert [c.answered for c in fake_slack.calls_to("chat.postMessage")] == [400]


def test_an_unreachable_slack_is_tried_four_times_then_given_up(quick_retries, monkeypatch, caplog):
    import aiohttp

    from tests.conftest import free_port

    tries = []
    real = aiohttp.ClientSession._request

    async def counted(self, *args, **kwargs):
        tries.append(args[1])
        return await real(self, *args, **kwargs)
    monkeypatch.setattr(aiohttp.ClientSession, "_request", counted)
    assert _post(f"http://127.0.0.1:{free_port()}/api/") is False  # nothing listens there
    assert len(tries) == 4
    assert "ClientConnectorError" in caplog.text
