"""The web process over HTTP: sign-in, the proxy to Rasa, validation, errors, the kept history.

The web app runs on a real port with a fake Rasa REST webhook next to it (same event loop, in a
background thread), so these tests need no trained model and run in a second.
"""
from __future__ import annotations

import asyncio
import json
import threading
from pathlib import Path
from typing import Any

import pytest
import requests
from aiohttp import web

from bot.coach.scenarios import MOODS
from bot.config import PROJECT_ROOT, load_settings
from bot.storage.history import ChatHistory, HistoryUnavailable
from bot.web.app import MAX_MESSAGE_CHARS, STATIC_DIR, create_app
from bot.web.auth import COOKIE_NAME
from bot.web.settings import WebSettings
from tests.conftest import free_port

NOT_SAVED_TEXT = "Your reply could not be saved (the transcript database is not available)."


class Loop:
    """An event loop in a thread that serves aiohttp apps on real ports."""

    def __init__(self):
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.runners: list[web.AppRunner] = []

    def run(self, coroutine):
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(30)

    def serve(self, app: web.Application, port: int) -> str:
        async def start():
            runner = web.AppRunner(app)
            await runner.setup()
            await web.TCPSite(runner, "127.0.0.1", port).start()
            return runner
        self.runners.append(self.run(start()))
        return f"http://127.0.0.1:{port}"

    def close(self):
        for runner in reversed(self.runners):
            self.run(runner.cleanup())

        async def cancel_the_rest():  # e.g. the fake Rasa still sleeping for the timeout test
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
        self.run(cancel_the_rest())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)


class FakeRasa:
    """Answers like our Rasa server over the REST channel; records who sent what."""

    def __init__(self):
        self.received: list[dict[str, Any]] = []
        self.status = 200
        self.failures: list[str] = []  # the next requests' faults: "502", "500", "hang up", "empty"
        self.app = web.Application()
        self.app.router.add_post("/webhooks/rest/webhook", self.webhook)

    async def webhook(self, request: web.Request) -> web.StreamResponse:
        body = await request.json()
        self.received.append(body)
        fault = self.failures.pop(0) if self.failures else None
        if fault == "hang up":  # the server died with the request read (a killed Rasa server)
            request.transport.close()
            return web.Response()
        if fault == "empty":  # the action server died: Rasa sends no messages
            return web.json_response([])
        if fault is not None:
            return web.json_response({"error": "boom"}, status=int(fault))
        if self.status != 200:
            return web.json_response({"error": "boom"}, status=self.status)
        message, sender = body["message"], body["sender"]
        if message.startswith("/start_scenario"):
            scenario = json.loads(message[len("/start_scenario"):])["scenario"]
            return web.json_response([
                {"recipient_id": sender, "text": "You are the agent. Erik is on the line."},
                {"recipient_id": sender, "custom": {"scenario": {"id": scenario, "title": "Nine weeks",
                                                                 "customer": "Erik", "situation": "..."}}},
                {"recipient_id": sender, "text": "Nine weeks! Nine!"},
                {"recipient_id": sender, "custom": {"mood": "angry"}},
            ])
        if message == "/end_session":
            return web.json_response([
                {"recipient_id": sender, "text": "Fine. Goodbye."},
                {"recipient_id": sender, "custom": {"mood": "angry"}},
                {"recipient_id": sender, "text": "Scorecard: Nine weeks"},
                {"recipient_id": sender, "text": "Tip: own it."},
                {"recipient_id": sender, "custom": {"scorecard": {
                    "scenario": "nine-weeks", "outcome": "abandoned", "ownership": 50, "flexibility": 45,
                    "turns": 1, "best": None, "worst": None, "tip": "Own it."}}},
            ])
        if message == "/retry_reply":
            if sender.endswith("nothing"):  # the role-play has no reply to take back
                return web.json_response([{"recipient_id": sender, "text": "There is no reply to take back."},
                                          {"recipient_id": sender, "custom": {"refused": "retry"}}])
            return web.json_response([{"recipient_id": sender, "text": 'You took back your reply: "No."'},
                                      {"recipient_id": sender, "custom": {"retracted": {"text": "No.",
                                                                                        "mood": "angry"}}}])
        if "db-down" in message:
            return web.json_response([{"recipient_id": sender, "text": NOT_SAVED_TEXT},
                                      {"recipient_id": sender, "custom": {"error": "not_saved"}}])
        if "silence" in message:
            return web.json_response([])
        if "slow" in message:
            await asyncio.sleep(3)
        return web.json_response([
            {"recipient_id": sender, "text": "You said: " + message},
            {"recipient_id": sender, "custom": {"score": {"ownership": 64, "flexibility": 51, "cues": [],
                                                          "reason": "Takes it on", "over_promise": False},
                                                "mood": "wary"}},
        ])


@pytest.fixture(scope="module")
def loop():
    running = Loop()
    yield running
    running.close()


@pytest.fixture(scope="module")
def rasa(loop):
    fake = FakeRasa()
    port = free_port()
    loop.serve(fake.app, port)
    fake.port = port
    return fake


@pytest.fixture(autouse=True)
def rasa_ok(rasa):
    rasa.status = 200
    rasa.failures.clear()
    rasa.received.clear()


def settings_for(tmp: Path, rasa_port: int, **extra: str):
    return load_settings({
        "RASA_HOST": "127.0.0.1",
        "RASA_PORT": str(rasa_port),
        "DATABASE_URL": f"sqlite:///{tmp / 'coach.db'}",
        "SCENARIOS_DIR": str(PROJECT_ROOT / "data" / "scenarios"),
        **extra,
    }, root=tmp)


@pytest.fixture
def start_web(loop, rasa, tmp_path, migrated_sqlite):
    # tmp_path/coach.db, migrated (the web history is a table of the migrations, revision 0009).
    def start(code: str = "", secret: str = "test-secret", rasa_port: int | None = None,
              timeout: float = 10.0, history: ChatHistory | None = None, sign_in: str = "name",
              **extra: str) -> str:
        settings = settings_for(tmp_path, rasa_port or rasa.port, **extra)
        app = create_app(settings, options=WebSettings(team_access_code=code, web_secret=secret,
                                                       trainee_sign_in=sign_in),
                         rasa_timeout=timeout, history=history)
        return loop.serve(app, free_port())
    return start


def signed_in(base: str, name: str = "Alice", code: str | None = None) -> requests.Session:
    session = requests.Session()
    response = session.post(f"{base}/api/signin", json={"name": name, "code": code})
    assert response.status_code == 200, response.text
    return session


def history(session: requests.Session, base: str) -> list[dict[str, Any]]:
    response = session.get(f"{base}/api/history")
    assert response.status_code == 200, response.text
    return response.json()["turns"]


# --- the page and the health check ----------------------------------------------------------
def test_health_page_and_static_files(start_web):
    base = start_web()
    assert requests.get(f"{base}/health").json() == {"status": "ok"}
    page = requests.get(f"{base}/")
    assert page.status_code == 200 and "text/html" in page.headers["Content-Type"]
    assert "/static/chat.js" in page.text and "/static/chat.css" in page.text
    assert "default-src 'self'" in page.headers["Content-Security-Policy"]
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    for name in ("chat.js", "chat.css", "favicon.svg"):
        assert requests.get(f"{base}/static/{name}").status_code == 200
    # No CDN, no build step: nothing loaded from elsewhere.
    for name in ("index.html", "chat.js", "chat.css"):
        text = (STATIC_DIR / name).read_text()
        assert "http://" not in text.replace("http://www.w3.org", "") and "https://" not in text, name
    # The score bands and the moods come from the server (/api/me, from bot/coach), not the page.
    script = (STATIC_DIR / "chat.js").read_text()
    assert not any(mood in script for mood in MOODS) and "<= 40" not in script and ">= 60" not in script
    assert "<i>" not in (STATIC_DIR / "index.html").read_text(), "the mood meter's bars are one per mood, from /api/me"


# --- sign-in ----------------------------------------------------------------------------------
@pytest.mark.parametrize("method,path", [
    ("GET", "/api/me"), ("GET", "/api/history"), ("GET", "/api/scenarios"),
    ("POST", "/api/chat"), ("POST", "/api/start"), ("POST", "/api/end"), ("POST", "/api/signout"),
])
def test_no_cookie_is_401_on_the_api(start_web, rasa, method, path):
    base = start_web()
    response = requests.request(method, f"{base}{path}", json={"message": "hi", "scenario": "nine-weeks"})
    assert response.status_code == 401
    assert response.json()["error"] == "Sign in first."
    assert rasa.received == []


def test_sign_in_without_access_code(start_web):
    base = start_web()
    session = requests.Session()
    response = session.post(f"{base}/api/signin", json={"name": "  Alice   van Dam "})
    assert response.status_code == 200 and response.json() == {"name": "Alice van Dam"}
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith(COOKIE_NAME + "=")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    me = session.get(f"{base}/api/me").json()
    assert me == {"name": "Alice van Dam", "show_live_scores": True, "max_chars": MAX_MESSAGE_CHARS,
                  "bands": {"low": [0, 40], "neutral": [41, 59], "high": [60, 100]},
                  "moods": ["furious", "angry", "frustrated", "wary", "calm"]}
    assert session.post(f"{base}/api/signout", json={}).status_code == 200
    assert session.get(f"{base}/api/me").status_code == 401


def test_sign_in_needs_a_name(start_web):
    base = start_web()
    for name in ("", "   ", None, "x" * 61):
        response = requests.post(f"{base}/api/signin", json={"name": name})
        assert response.status_code == 400 and response.json()["error"], name


def test_sign_in_with_access_code(start_web):
    base = start_web(code="team-42")
    assert requests.get(f"{base}/api/me").json()["code_required"] is True
    missing = requests.post(f"{base}/api/signin", json={"name": "Alice"})
    assert missing.status_code == 403 and "access code" in missing.json()["error"]
    wrong = requests.post(f"{base}/api/signin", json={"name": "Alice", "code": "team-41"})
    assert wrong.status_code == 403
    assert wrong.json()["error"] == "That access code is not right. Check it with your team lead and try again."
    assert COOKIE_NAME not in wrong.cookies
    session = signed_in(base, "Alice", code="team-42")
    assert session.get(f"{base}/api/me").json()["name"] == "Alice"


def test_a_cookie_from_another_code_or_tampered_is_refused(start_web):
    open_base, coded_base = start_web(), start_web(code="team-42")
    session = signed_in(open_base, "Alice")
    token = session.cookies[COOKIE_NAME]
    # Same secret, but the team code is part of the key: no sign-in across codes.
    assert requests.get(f"{coded_base}/api/me", cookies={COOKIE_NAME: token}).status_code == 401
    body, mac = token.split(".")
    forged = body[:-2] + ("AA" if body[-2:] != "AA" else "BB") + "." + mac
    assert requests.get(f"{open_base}/api/me", cookies={COOKIE_NAME: forged}).status_code == 401
    assert requests.get(f"{open_base}/api/me", cookies={COOKIE_NAME: "web:Mallory"}).status_code == 401


def test_generated_secret_is_kept_across_restarts(start_web, tmp_path):
    first = start_web(secret="")
    secret_file = tmp_path / "var" / "web_secret"
    assert secret_file.exists() and len(secret_file.read_text().strip()) == 64
    assert oct(secret_file.stat().st_mode & 0o777) == "0o600"
    token = signed_in(first, "Alice").cookies[COOKIE_NAME]
    second = start_web(secret="")  # a restart: a new app reading the same var/
    assert requests.get(f"{second}/api/me", cookies={COOKIE_NAME: token}).json()["name"] == "Alice"


def test_post_must_be_same_site_json(start_web):
    base = start_web()
    session = signed_in(base)
    form = session.post(f"{base}/api/chat", data={"message": "hello"})
    assert form.status_code == 415
    other = session.post(f"{base}/api/chat", json={"message": "hello"}, headers={"Origin": "https://evil.example"})
    assert other.status_code == 403


# --- the proxy ----------------------------------------------------------------------------------
def test_sender_is_never_taken_from_the_browser(start_web, rasa):
    base = start_web()
    session = signed_in(base, "Alice")
    response = session.post(f"{base}/api/chat?sender=mallory",
                            json={"message": "Hello there", "sender": "mallory", "sender_id": "mallory"})
    assert response.status_code == 200, response.text
    session.post(f"{base}/api/start", json={"scenario": "nine-weeks", "sender": "mallory"})
    session.post(f"{base}/api/end", json={"sender": "mallory"})
    assert [r["sender"] for r in rasa.received] == ["web:alice"] * 3
    assert set(rasa.received[0]) == {"sender", "message", "metadata"}
    # The name the sender id was made from, for the transcript (bot.coach.roleplay.Trainee.vouched).
    assert {r["metadata"]["trainee_name"] for r in rasa.received} == {"Alice"}


def test_play_a_case_and_reload_it(start_web, rasa):
    base = start_web()
    session = signed_in(base, "Alice")
    scenarios = session.get(f"{base}/api/scenarios").json()["scenarios"]
    assert {s["id"] for s in scenarios} >= {"denied-iphone", "nine-weeks", "unpaid-outage"}
    assert all(s["customer"] and s["summary"] and s["title"] for s in scenarios)

    unknown = session.post(f"{base}/api/start", json={"scenario": "no-such-case"})
    assert unknown.status_code == 400 and rasa.received == []
    started = session.post(f"{base}/api/start", json={"scenario": "nine-weeks"}).json()["turn"]
    assert rasa.received[-1]["message"] == '/start_scenario{"scenario":"nine-weeks"}'
    assert started["kind"] == "start" and started["trainee"] is None
    assert [m["custom"] for m in started["messages"]] == [
        {"scenario": {"id": "nine-weeks", "title": "Nine weeks", "customer": "Erik", "situation": "..."}},
        {"mood": "angry"}]
    reply = session.post(f"{base}/api/chat", json={"message": "  I'll sort it out myself.  "}).json()["turn"]
    assert reply["trainee"] == "I'll sort it out myself."
    assert reply["messages"] == [{"text": "You said: I'll sort it out myself.",
                                  "custom": {"score": {"ownership": 64, "flexibility": 51, "cues": [],
                                                       "reason": "Takes it on", "over_promise": False},
                                             "mood": "wary"}}]
    ended = session.post(f"{base}/api/end", json={}).json()["turn"]
    assert rasa.received[-1]["message"] == "/end_session"
    # Rasa splits the scorecard text at blank lines; the turn puts the parts back together.
    assert ended["messages"][1]["text"] == "Scorecard: Nine weeks\n\nTip: own it."
    assert ended["messages"][1]["custom"]["scorecard"]["outcome"] == "abandoned"

    # A reload (a new browser session with the same sign-in) gets the same turns back.
    again = requests.Session()
    again.cookies.update(session.cookies)
    assert history(again, base) == [started, reply, ended]


def test_each_trainee_sees_only_their_own_conversation(start_web, rasa):
    base = start_web()
    alice, bob = signed_in(base, "Alice"), signed_in(base, "Bob")
    alice.post(f"{base}/api/start", json={"scenario": "nine-weeks"})
    alice.post(f"{base}/api/chat", json={"message": "Alice's secret reply"})
    bob.post(f"{base}/api/start", json={"scenario": "denied-iphone"})
    assert len(history(alice, base)) == 2
    bob_turns = history(bob, base)
    assert len(bob_turns) == 1 and "Alice" not in json.dumps(bob_turns)
    assert {r["sender"] for r in rasa.received} == {"web:alice", "web:bob"}
    # The name is the identity, whatever its case or spacing.
    assert len(history(signed_in(base, " ALICE "), base)) == 2


def test_user_text_comes_back_as_data_not_markup(start_web):
    base = start_web()
    nasty = '<img src=x onerror="alert(1)"> & <script>alert("x")</script>'
    session = signed_in(base, '<b>Eve</b> "quoted"')
    assert session.get(f"{base}/api/me").json()["name"] == '<b>Eve</b> "quoted"'
    response = session.post(f"{base}/api/chat", json={"message": nasty})
    assert response.headers["Content-Type"].startswith("application/json")
    assert response.json()["turn"]["trainee"] == nasty
    assert history(session, base)[-1]["trainee"] == nasty
    # The page puts text in with textContent only.
    script = (STATIC_DIR / "chat.js").read_text()
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in script.replace("never innerHTML", ""), sink


# --- validation ----------------------------------------------------------------------------------
@pytest.mark.parametrize("message,expected", [
    ("", "empty"), ("   \n\t ", "empty"), (None, "as text"),
    ("x" * (MAX_MESSAGE_CHARS + 1), "the limit is 2,000"),
    ("y" * 10_000, "Your message is 10,000 characters; the limit is 2,000"),
    ('/end_session', 'cannot start with "/"'),
])
def test_bad_messages_are_400_and_not_sent(start_web, rasa, message, expected):
    base = start_web()
    session = signed_in(base)
    response = session.post(f"{base}/api/chat", json={"message": message})
    assert response.status_code == 400
    assert expected in response.json()["error"]
    assert rasa.received == []
    assert history(session, base) == []


def test_a_reply_of_exactly_the_limit_is_sent(start_web, rasa):
    base = start_web()
    session = signed_in(base)
    assert session.post(f"{base}/api/chat", json={"message": "z" * MAX_MESSAGE_CHARS}).status_code == 200
    assert len(rasa.received) == 1


def test_a_huge_body_is_refused_with_a_message(start_web, rasa):
    base = start_web()
    session = signed_in(base)
    response = session.post(f"{base}/api/chat", json={"message": "x" * 200_000})
    assert response.status_code == 413 and "too long" in response.json()["error"]
    assert rasa.received == []


# --- when things are down -------------------------------------------------------------------------
def _played(base: str) -> requests.Session:
    session = signed_in(base, "Alice")
    assert session.post(f"{base}/api/start", json={"scenario": "nine-weeks"}).status_code == 200
    assert session.post(f"{base}/api/chat", json={"message": "I'm sorry, I'll fix it."}).status_code == 200
    return session


def test_rasa_down_is_503_and_nothing_is_lost(start_web):
    base = start_web()
    session = _played(base)
    before = history(session, base)
    down = start_web(rasa_port=free_port())  # the same history and secret, no Rasa listening
    for path, body in (("/api/chat", {"message": "Are you still there?"}),
                       ("/api/start", {"scenario": "denied-iphone"}), ("/api/end", {})):
        response = session.post(f"{down}{path}", json=body)
        assert response.status_code == 503, path
        assert response.json()["error"].startswith("The practice server is not answering"), path
    assert history(session, down) == before


@pytest.mark.parametrize("mode", ["error status", "no messages", "timeout"])
def test_rasa_failing_is_503_with_a_message(start_web, rasa, mode):
    base = start_web(timeout=1.0)
    session = _played(base)
    before = history(session, base)
    message = {"error status": "hello", "no messages": "silence please", "timeout": "slow down"}[mode]
    if mode == "error status":
        rasa.status = 500
    response = session.post(f"{base}/api/chat", json={"message": message})
    assert response.status_code == 503
    assert response.json()["error"].startswith("The practice server is not answering")
    assert history(session, base) == before


def test_a_reply_that_could_not_be_saved_is_503_and_not_kept(start_web):
    base = start_web()
    session = _played(base)
    before = history(session, base)
    response = session.post(f"{base}/api/chat", json={"message": "db-down test"})
    assert response.status_code == 503
    assert response.json() == {"error": NOT_SAVED_TEXT, "code": "not_saved"}
    assert history(session, base) == before


class DownHistory(ChatHistory):
    def append(self, trainee, turn):
        raise HistoryUnavailable("database is locked")

    def load(self, trainee, limit=400):
        raise HistoryUnavailable("database is locked")


def test_history_database_down_still_answers(start_web):
    # The turn still reaches the trainee, with a warning that a reload may not show it.
    base = start_web(history=DownHistory("sqlite://"))
    session = signed_in(base)
    response = session.post(f"{base}/api/chat", json={"message": "hello"})
    assert response.status_code == 200 and "could not store" in response.json()["warning"]
    loaded = session.get(f"{base}/api/history")
    assert loaded.status_code == 503 and "could not be loaded" in loaded.json()["error"]


# --- exam runs --------------------------------------------------------------------------------------
def test_exam_run_hides_live_scores_but_keeps_the_scorecard(start_web):
    base = start_web(SHOW_LIVE_SCORES="false")
    session = signed_in(base)
    assert session.get(f"{base}/api/me").json()["show_live_scores"] is False
    session.post(f"{base}/api/start", json={"scenario": "nine-weeks"})
    reply = session.post(f"{base}/api/chat", json={"message": "I'll fix it."}).json()["turn"]
    assert reply["messages"][0]["custom"] == {"mood": "wary"}
    session.post(f"{base}/api/end", json={})
    turns = history(session, base)
    assert "score\"" not in json.dumps(turns).replace("scorecard\"", "")
    assert turns[-1]["messages"][-1]["custom"]["scorecard"]["ownership"] == 50


def test_exam_run_refuses_a_retry_without_asking_rasa(start_web, rasa):
    base = start_web(SHOW_LIVE_SCORES="false")
    session = signed_in(base)
    session.post(f"{base}/api/start", json={"scenario": "nine-weeks"})
    session.post(f"{base}/api/chat", json={"message": "No."})
    before, asked = history(session, base), len(rasa.received)
    refused = session.post(f"{base}/api/retry", json={})
    assert refused.status_code == 409 and "exam run" in refused.json()["error"]
    assert len(rasa.received) == asked and history(session, base) == before  # nothing changed


@pytest.mark.parametrize("name, status", [("Alice", 200), ("Nothing", 409)])
def test_retry_sends_the_command_and_keeps_only_what_was_taken_back(start_web, rasa, name, status):
    base = start_web()
    session = signed_in(base, name)
    session.post(f"{base}/api/start", json={"scenario": "nine-weeks"})
    session.post(f"{base}/api/chat", json={"message": "No."})
    before = history(session, base)
    answer = session.post(f"{base}/api/retry", json={})
    assert rasa.received[-1]["message"] == "/retry_reply" and answer.status_code == status
    if status == 200:
        turn = answer.json()["turn"]
        assert turn["kind"] == "retry" and turn["trainee"] is None
        assert turn["messages"][0]["custom"] == {"retracted": {"text": "No.", "mood": "angry"}}
        assert history(session, base)[-1]["kind"] == "retry"
    else:  # refused: a clear message, nothing kept
        assert answer.json()["error"] == "There is no reply to take back."
        assert history(session, base) == before


def test_the_per_trainee_locks_do_not_pile_up(tmp_path):
    """One lock per trainee while a message is in flight; before, one per name ever seen."""
    import gc
    from types import SimpleNamespace

    from bot.web.app import LOCKS, _lock

    app = create_app(settings_for(tmp_path, free_port()), options=WebSettings(team_access_code="", web_secret="s",
                                                                                              trainee_sign_in="name"))
    request = SimpleNamespace(app=app)
    held = _lock(request, SimpleNamespace(key="busy"))
    assert _lock(request, SimpleNamespace(key="busy")) is held  # the same trainee waits on it
    for number in range(500):
        _lock(request, SimpleNamespace(key=f"trainee {number}"))
    gc.collect()
    assert list(app[LOCKS].keys()) == ["busy"]


def test_behind_a_tls_proxy_the_trainee_cookie_is_secure_and_other_origins_are_refused(start_web):
    base = start_web(PUBLIC_URL="https://coach.example.com/")
    answer = requests.post(f"{base}/api/signin", json={"name": "Alice"}, headers={"Origin": "https://coach.example.com"})
    assert answer.status_code == 200 and "Secure" in answer.headers["Set-Cookie"]
    for origin in ("http://coach.example.com", "https://other.example.com", base):
        refused = requests.post(f"{base}/api/signin", json={"name": "Alice"}, headers={"Origin": origin})
        assert refused.status_code == 403, origin


def test_without_a_public_url_the_request_decides_as_before(start_web):
    base = start_web()
    answer = requests.post(f"{base}/api/signin", json={"name": "Alice"}, headers={"Origin": base})
    assert answer.status_code == 200 and "Secure" not in answer.headers["Set-Cookie"]


@pytest.mark.parametrize("value", ["coach.example.com", "ftp://coach.example.com", "https://coach.example.com/app",
                                   "https://user:pw@coach.example.com", "https://"])
def test_a_bad_public_url_is_a_clear_configuration_error(value):
    from bot.config import ConfigError

    with pytest.raises(ConfigError, match="PUBLIC_URL must be like https://"):
        load_settings({"PUBLIC_URL": value})


def test_the_reply_key_goes_to_rasa_and_a_bad_one_is_refused(start_web, rasa):
    base = start_web()
    session = signed_in(base, "Keyed")
    session.post(f"{base}/api/start", json={"scenario": "nine-weeks"})
    answer = session.post(f"{base}/api/chat", json={"message": "I'll call you at ten.", "key": "3f2a-99"})
    assert answer.status_code == 200
    assert rasa.received[-1]["metadata"]["turn_key"] == "3f2a-99"
    for bad in ("has spaces", "x" * 65, 42, "<script>"):
        refused = session.post(f"{base}/api/chat", json={"message": "Hello?", "key": bad})
        assert refused.status_code == 400 and "key" in refused.json()["error"], bad


# --- a Rasa server or an action server dies (several servers behind nginx: docs/deploy.md) -----
@pytest.mark.parametrize("send, faults, sent, status", [
    # A keyed message is answered once by the role-play however often it arrives: sent again.
    ("keyed reply", ["502"], 2, 200),
    ("keyed reply", ["hang up"], 2, 200),
    ("keyed reply", ["empty"], 2, 200),
    ("keyed reply", ["502", "hang up"], 3, 200),
    ("keyed reply", ["502", "502", "502"], 3, 503),  # three attempts, then the trainee is told
    ("start", ["hang up"], 2, 200),  # the web process gives every start a key of its own
    ("end", ["502"], 2, 200),
    # Without a key the first may have been stored: not sent again, the trainee is told.
    ("reply without a key", ["502"], 1, 503),
    ("reply without a key", ["hang up"], 1, 503),
    ("take back", ["hang up"], 1, 503),
    # Rasa itself failed (not a proxy's word that the server is gone): not sent again.
    ("keyed reply", ["500"], 1, 503),
], ids=lambda value: value if isinstance(value, str) else None)
def test_a_message_is_sent_again_only_when_that_cannot_store_it_twice(start_web, rasa, monkeypatch,
                                                                        send, faults, sent, status):
    monkeypatch.setattr("bot.web.app.RASA_RETRY_PAUSES", (0.01,))
    base = start_web()
    session = signed_in(base, "Faulty")
    session.post(f"{base}/api/start", json={"scenario": "nine-weeks"})
    rasa.received.clear()
    rasa.failures[:] = faults
    path, body = {"keyed reply": ("chat", {"message": "I'll call you at ten.", "key": "k-7"}),
                  "reply without a key": ("chat", {"message": "I'll call you at ten."}),
                  "start": ("start", {"scenario": "nine-weeks"}), "end": ("end", {}),
                  "take back": ("retry", {})}[send]
    answer = session.post(f"{base}/api/{path}", json=body)
    assert (answer.status_code, len(rasa.received)) == (status, sent), answer.text
    assert len({json.dumps(r, sort_keys=True) for r in rasa.received}) == 1, "each attempt is the same message"
    if status == 503:
        assert "Nothing you said is lost" in answer.json()["error"]


def test_an_unreachable_rasa_is_tried_three_times_whatever_the_message(start_web, monkeypatch, caplog):
    """Nothing was sent when the connection is refused: always safe to try again."""
    monkeypatch.setattr("bot.web.app.RASA_RETRY_PAUSES", (0.01,))
    base = start_web(rasa_port=free_port())
    session = signed_in(base, "Alone")
    with caplog.at_level("WARNING", logger="bot.web.app"):
        answer = session.post(f"{base}/api/chat", json={"message": "Hello?"})
    assert answer.status_code == 503
    assert sum("sending the unsent message again" in r.getMessage() for r in caplog.records) == 2
