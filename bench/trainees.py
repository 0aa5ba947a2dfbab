"""Simulated trainees: each plays the scripted cases one message at a time, waiting for the
customer's answer and "thinking" before the next message, as a person does.

A trainee talks either to Rasa's REST channel (ours or the bare baseline) or to the web
process (signed in with a cookie, as the browser does). Only reply turns are timed; starting
and ending a case are sent but not counted.
"""
from __future__ import annotations

import http.cookiejar
import json
import math
import random
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.coach.commands import END_PAYLOAD, start_payload

REQUEST_TIMEOUT = 60.0
# A bounded loop even when the servers answer instantly.
MAX_MESSAGES_PER_TRAINEE = 10_000


@dataclass(frozen=True)
class Load:
    trainees: int
    seconds: float
    think: tuple  # (min, max) seconds between the customer's answer and the next message
    # Trainees sit down over the first `think` maximum rather than all in the same second, as a
    # class does (the capacity levels); the latency levels start everyone at once.
    staggered: bool = False


@dataclass
class Result:
    latencies_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    sessions: int = 0


class Trainee:
    """One person at the keyboard. Subclasses say how a message travels."""

    def __init__(self, name: str, scripts: Mapping[str, Sequence[str]], rng: random.Random):
        self.name = name
        self.scripts = scripts
        self.rng = rng

    def start(self, scenario: str) -> list[dict[str, Any]]:
        raise NotImplementedError

    def reply(self, text: str) -> list[dict[str, Any]]:
        raise NotImplementedError

    def end(self) -> list[dict[str, Any]]:
        raise NotImplementedError

    def play(self, load: Load, deadline: float, result: Result, lock: threading.Lock) -> None:
        scenarios = sorted(self.scripts)
        case = self.rng.randrange(len(scenarios))
        sent = 0
        if load.staggered:
            time.sleep(self.rng.uniform(0, load.think[1]))
        while time.monotonic() < deadline and sent < MAX_MESSAGES_PER_TRAINEE:
            scenario = scenarios[case % len(scenarios)]
            case += 1
            try:
                self.start(scenario)
                ended = False
                for text in self.scripts[scenario]:
                    if time.monotonic() >= deadline:
                        break
                    time.sleep(self.rng.uniform(*load.think))
                    began = time.perf_counter()
                    messages = self.reply(text)
                    elapsed = (time.perf_counter() - began) * 1000
                    sent += 1
                    with lock:
                        result.latencies_ms.append(elapsed)
                    if not any(m.get("text") for m in messages):
                        raise RuntimeError(f"no customer line in the answer to {text!r}: {messages!r}")
                    if any("scorecard" in (m.get("custom") or {}) for m in messages):
                        ended = True
                        break
                if not ended:
                    self.end()
                with lock:
                    result.sessions += 1
            except Exception as error:  # counted and shown; the trainee carries on
                with lock:
                    result.errors.append(f"{self.name}: {type(error).__name__}: {error}")
                time.sleep(0.5)


def _post(opener: urllib.request.OpenerDirector, url: str, body: Mapping[str, Any],
          headers: Mapping[str, str] | None = None) -> Any:
    request = urllib.request.Request(url, json.dumps(body).encode(),
                                     {"Content-Type": "application/json", **(headers or {})})
    with opener.open(request, timeout=REQUEST_TIMEOUT) as response:
        return json.loads(response.read() or b"null")


class RestTrainee(Trainee):
    """Talks to a Rasa server's REST channel with its own sender id.

    `new_session_per_case`: send Rasa's built-in `/session_start` before each case. Our
    assistant starts a fresh Rasa session itself when a case starts (actions/actions.py); the
    bare baseline has no action to do it, so its trainee asks, and both then replay trackers
    of one case, not of everything played so far.
    """

    def __init__(self, name: str, scripts, rng, rasa_url: str, new_session_per_case: bool = False,
                 secret: str = ""):
        super().__init__(name, scripts, rng)
        self.url = f"{rasa_url}/webhooks/rest/webhook"
        self.opener = urllib.request.build_opener()
        self.new_session_per_case = new_session_per_case
        # Our REST channel answers only with the internal secret, as our web process sends it.
        self.headers = {"X-Coach-Secret": secret} if secret else {}

    def _send(self, text: str) -> list[dict[str, Any]]:
        return _post(self.opener, self.url, {"sender": self.name, "message": text}, self.headers) or []

    def start(self, scenario: str) -> list[dict[str, Any]]:
        if self.new_session_per_case:
            self._send("/session_start")
        return self._send(start_payload(scenario))

    def reply(self, text: str) -> list[dict[str, Any]]:
        return self._send(text)

    def end(self) -> list[dict[str, Any]]:
        return self._send(END_PAYLOAD)


class WebTrainee(Trainee):
    """Signs in to the web process and plays through its API, as the chat page does."""

    def __init__(self, name: str, scripts, rng, web_url: str, access_code: str = ""):
        super().__init__(name, scripts, rng)
        self.web_url = web_url
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        _post(self.opener, f"{web_url}/api/signin", {"name": name, "code": access_code})

    @staticmethod
    def _messages(turn: Any) -> list[dict[str, Any]]:
        return list((turn or {}).get("turn", turn or {}).get("messages") or [])

    def start(self, scenario: str) -> list[dict[str, Any]]:
        return self._messages(_post(self.opener, f"{self.web_url}/api/start", {"scenario": scenario}))

    def reply(self, text: str) -> list[dict[str, Any]]:
        return self._messages(_post(self.opener, f"{self.web_url}/api/chat", {"message": text}))

    def end(self) -> list[dict[str, Any]]:
        return self._messages(_post(self.opener, f"{self.web_url}/api/end", {}))


def run_load(make_trainee, load: Load, seed: int) -> Result:
    """`load.trainees` trainees at once for `load.seconds`; each waits for every answer."""
    result, lock = Result(), threading.Lock()
    trainees = [make_trainee(i, random.Random(seed * 1000 + i)) for i in range(load.trainees)]
    deadline = time.monotonic() + load.seconds
    threads = [threading.Thread(target=t.play, args=(load, deadline, result, lock), daemon=True)
               for t in trainees]
    for thread in threads:
        thread.start()
    for thread in threads:
        # A request can outlast the deadline by at most its timeout.
        thread.join(load.seconds + REQUEST_TIMEOUT * 2)
    return result


def percentile(values: Sequence[float], pct: float) -> float | None:
    """Nearest-rank percentile: the smallest value with at least pct % of values at or below it."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def summary(result: Result) -> dict[str, Any]:
    values = result.latencies_ms
    return {
        "turns": len(values),
        "sessions": result.sessions,
        "errors": len(result.errors),
        "first_errors": result.errors[:3],
        **{f"p{p}_ms": (round(percentile(values, p), 1) if values else None) for p in (50, 95, 99)},
    }
