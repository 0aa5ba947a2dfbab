"""Start the real servers (trained model, action server) on free ports, and talk REST to them."""
from __future__ import annotations

import json
import os
import sys
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from bot.config import PROJECT_ROOT, Settings, load_settings
from bot.ops.launcher import Service, Stack, StartError, wait_until_healthy
from bot.storage import migrate
from tests.conftest import free_ports


def start_web_process(name: str, port: int, env: dict[str, str], log_dir: Path, host: str = "127.0.0.1",
                      timeout: float = 60) -> Service:
    """`python -m bot.web` with this environment on this port, once it answers /health."""
    service = Service(name, [sys.executable, "-m", "bot.web"], f"http://{host}:{port}/health",
                      log_dir / f"{name}.log")
    service.start(PROJECT_ROOT, env)
    try:
        wait_until_healthy([service], timeout)
    except StartError as error:
        service.stop()
        pytest.fail(f"the web process did not start: {error}")
    service.url = f"http://{host}:{port}"
    return service


def stack_settings(tmp: Path, **extra: str) -> Settings:
    env = dict(os.environ)
    rasa_port, action_port, web_port = free_ports(3)
    env.update({
        "RASA_PORT": str(rasa_port),
        "ACTION_PORT": str(action_port),
        "WEB_PORT": str(web_port),
        "DATABASE_URL": f"sqlite:///{tmp / 'coach.db'}",
        "TRACKER_STORE_URL": f"sqlite:///{tmp / 'tracker.db'}",
        # Scripted trainees sign in with a name (loopback only); accounts: tests/test_accounts.py.
        "TRAINEE_SIGN_IN": "name",
        **extra,
    })
    return load_settings(env)


def start_stack(tmp: Path, with_web: bool = False, **extra: str) -> Stack:
    """The Rasa and action servers (and the web process when asked) on free ports."""
    settings = stack_settings(tmp, **extra)
    migrate(settings.database_url)  # as `make run` does
    stack = Stack(settings, log_dir=tmp / "logs", with_web=with_web)
    stack.start()
    return stack


class RestClient:
    def __init__(self, settings: Settings, sender: str):
        self.url = f"{settings.rasa_url}/webhooks/rest/webhook"
        self.sender = sender
        self.secret = settings.internal_secret  # as our web process sends it (channels/rest.py)

    def send(self, text: str, **body_extra: Any) -> list[dict[str, Any]]:
        body = json.dumps({"sender": self.sender, "message": text, **body_extra}).encode()
        request = urllib.request.Request(self.url, body, {"Content-Type": "application/json",
                                                          "X-Coach-Secret": self.secret})
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read())


def texts(messages: list[dict[str, Any]]) -> list[str]:
    return [m["text"] for m in messages if m.get("text")]


def customs(messages: list[dict[str, Any]], key: str) -> list[Any]:
    return [m["custom"][key] for m in messages if isinstance(m.get("custom"), dict) and key in m["custom"]]
