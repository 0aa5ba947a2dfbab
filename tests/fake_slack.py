"""A stand-in for Slack's Web API on loopback, plus helpers to send signed Events API requests.

The Rasa server's Slack channel is pointed at it with SLACK_API_URL. It answers like Slack
(`{"ok": true, ...}`), records every call, and can be told to fail the next posts.
"""
from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    answered: int  # the HTTP status the fake answered with


@dataclass
class FakeSlack:
    names: dict[str, str] = field(default_factory=dict)  # user id -> real name for users.info
    calls: list[Call] = field(default_factory=list)
    _failures: list[tuple[int, str, int | None]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._runner: web.AppRunner | None = None
        self.url = ""

    # --- control ------------------------------------------------------------------------
    def start(self, port: int) -> FakeSlack:
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._api)

        async def serve() -> web.AppRunner:
            runner = web.AppRunner(app)
            await runner.setup()
            await web.TCPSite(runner, "127.0.0.1", port).start()
            return runner

        self._thread.start()
        self._runner = asyncio.run_coroutine_threadsafe(serve(), self._loop).result(10)
        self.url = f"http://127.0.0.1:{port}/api/"
        return self

    def stop(self) -> None:
        if self._runner is not None:
            asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)

    def fail_next_posts(self, count: int, status: int = 500, error: str = "internal_error",
                        retry_after: int | None = None) -> None:
        """The next `count` chat.postMessage calls fail like Slack does under trouble."""
        with self._lock:
            self._failures.extend([(status, error, retry_after)] * count)

    def clear(self) -> None:
        with self._lock:
            self.calls.clear()
            self._failures.clear()

    def posts(self, channel: str | None = None, ok_only: bool = True) -> list[dict[str, Any]]:
        with self._lock:
            return [c.params for c in self.calls if c.method == "chat.postMessage"
                    and (not ok_only or c.answered == 200)
                    and (channel is None or c.params.get("channel") == channel)]

    def calls_to(self, method: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def wait_for_posts(self, count: int, channel: str | None = None, timeout: float = 60) -> list[dict[str, Any]]:
        """At least `count` successful posts (to `channel`), waiting for the bot to send them."""
        deadline = time.monotonic() + timeout
        while True:
            found = self.posts(channel)
            if len(found) >= count or time.monotonic() > deadline:
                return found
            time.sleep(0.1)

    # --- the API --------------------------------------------------------------------------
    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params: dict[str, Any] = dict(request.query)
        if request.body_exists:
            if request.content_type == "application/json":
                params.update(await request.json())
            else:
                params.update(dict(await request.post()))
        status, body, headers = 200, {"ok": True}, {}
        if request.headers.get("Authorization", "") != "Bearer xoxb-test-token":
            status, body = 200, {"ok": False, "error": "invalid_auth"}
        elif method == "chat.postMessage":
            with self._lock:
                failure = self._failures.pop(0) if self._failures else None
            if failure is not None:
                status, error, retry_after = failure
                body = {"ok": False, "error": error}
                if retry_after is not None:
                    headers["Retry-After"] = str(retry_after)
            else:
                body = {"ok": True, "channel": params.get("channel"), "ts": f"{time.time():.6f}",
                        "message": {"text": params.get("text"), "blocks": params.get("blocks")}}
        elif method == "users.info":
            user = params.get("user", "")
            if user in self.names:
                body = {"ok": True, "user": {"id": user, "name": user.lower(), "real_name": self.names[user],
                                             "profile": {"real_name": self.names[user], "display_name": ""}}}
            else:
                body = {"ok": False, "error": "user_not_found"}
        with self._lock:
            self.calls.append(Call(method, params, status))
        return web.json_response(body, status=status, headers=headers)


# --- the Events API side: what Slack sends to our webhook ---------------------------------------
SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
TOKEN = "xoxb-test-token"


def slack_signature(secret: str, timestamp: str, body: bytes) -> str:
    """X-Slack-Signature for `body` sent at `timestamp`, as Slack documents it: HMAC-SHA256 over
    `v0:{timestamp}:{raw body}`. Written out here, apart from the slack_sdk code that checks it, and
    able to sign with an empty key (which slack_sdk refuses) to show such requests are refused."""
    base = b"v0:" + timestamp.encode() + b":" + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


@dataclass
class Answer:
    status: int
    body: bytes
    headers: dict[str, str]


def send(url: str, body: bytes, content_type: str, secret: str = SECRET, timestamp: int | None = None,
         sign: bool = True, extra_headers: dict[str, str] | None = None) -> Answer:
    """POST `body` like Slack does: signed with `secret` at `timestamp` (now by default)."""
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    headers = {"Content-Type": content_type, "X-Slack-Request-Timestamp": stamp}
    if sign:
        headers["X-Slack-Signature"] = slack_signature(secret, stamp, body)
    headers.update(extra_headers or {})
    request = urllib.request.Request(url, body, headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return Answer(response.status, response.read(), dict(response.headers))
    except urllib.error.HTTPError as error:
        return Answer(error.code, error.read(), dict(error.headers))


_counter = [0]


def next_id(prefix: str) -> str:
    _counter[0] += 1
    return f"{prefix}{int(time.time() * 1000)}{_counter[0]}"


def dm_event(user: str, text: str, channel: str, event_id: str | None = None, **event: Any) -> bytes:
    """An Events API `message.im` callback, as Slack sends it."""
    message = {"type": "message", "channel_type": "im", "channel": channel, "user": user, "text": text,
               "ts": f"{time.time():.6f}", "client_msg_id": next_id("m-"), **event}
    message = {k: v for k, v in message.items() if v is not None}
    return json.dumps({
        "token": "verification-token-unused", "team_id": "T0001", "api_app_id": "A0001",
        "type": "event_callback", "event_id": event_id or next_id("Ev"), "event_time": int(time.time()),
        "event": message, "authorizations": [{"user_id": "UBOT", "is_bot": True}],
    }).encode()


def button_click(user: str, channel: str, value: str, action_ts: str | None = None) -> bytes:
    """An interactivity request: a Block Kit button clicked in the DM (form field `payload`)."""
    payload = {
        "type": "block_actions", "user": {"id": user, "username": user.lower(), "team_id": "T0001"},
        "api_app_id": "A0001", "container": {"type": "message", "channel_id": channel, "is_ephemeral": False},
        "trigger_id": next_id("trig-"), "channel": {"id": channel, "name": "directmessage"},
        "message": {"type": "message", "ts": f"{time.time():.6f}", "text": "Which case?"},
        "actions": [{"type": "button", "action_id": "start_scenario:x", "block_id": "b1",
                     "text": {"type": "plain_text", "text": "Start"}, "value": value,
                     "action_ts": action_ts or f"{time.time():.6f}"}],
    }
    return urllib.parse.urlencode({"payload": json.dumps(payload)}).encode()


def slack_env(fake: FakeSlack) -> dict[str, str]:
    """The settings that point a stack's Slack channel at this fake Slack, live scores on."""
    return {"SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": fake.url,
            "SHOW_LIVE_SCORES": "true"}
