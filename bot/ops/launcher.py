"""Start the product's processes, wait until they answer, stop them together.

Used by `make run` (`python -m bot run`), by the end-to-end tests and by the benchmark, so that
all three start exactly the same servers.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from bot.config import Settings, rasa_environment
from bot.ops.training import model_path, rasa_server_command

HEALTH_TIMEOUT = 240.0


class StartError(RuntimeError):
    pass


@dataclass
class Service:
    name: str
    command: list[str]
    health_url: str
    log_path: Path | None = None
    process: subprocess.Popen | None = None
    _log: BinaryIO | None = None
    env: dict[str, str] = field(default_factory=dict)  # this service's own variables, over the shared ones

    def start(self, cwd: Path, env: dict[str, str]) -> None:
        if self.log_path is not None:
            self.log_path.parent.mkdir(parents=True, exist_ok=True)
            self._log = open(self.log_path, "ab")
        self.process = subprocess.Popen(
            self.command, cwd=cwd, env={**env, **self.env}, start_new_session=True,
            stdout=self._log, stderr=subprocess.STDOUT if self._log is not None else None,
        )

    def healthy(self) -> bool:
        try:
            with urllib.request.urlopen(self.health_url, timeout=2) as response:
                return response.status == 200
        except (urllib.error.URLError, OSError):
            return False

    def exited(self) -> int | None:
        return None if self.process is None else self.process.poll()

    def stop(self, grace: float = 10.0) -> None:
        if self.process is None or self.process.poll() is not None:
            self._close_log()
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=grace)
        except ProcessLookupError:
            pass
        self._close_log()

    def _close_log(self) -> None:
        if self._log is not None:
            self._log.close()
            self._log = None


def free_port() -> int:
    """A TCP port on loopback that nothing listens on now (tests, the bench)."""
    return free_ports(1)[0]


def free_ports(count: int) -> list[int]:
    """`count` different TCP ports on loopback that nothing listens on now. Each socket stays bound
    until all are taken: ports asked for one by one may come back twice once the first is released
    (CI once gave the cluster test the same port for its front and an action server)."""
    sockets = [socket.socket() for _ in range(count)]
    try:
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


def wait_until_healthy(services: list[Service], timeout: float) -> None:
    """Return once every service answers its health URL; StartError naming the first that
    exited or did not answer in time (the services are left running: the caller stops them)."""
    deadline = time.monotonic() + timeout
    waiting = list(services)
    while waiting:
        for service in list(waiting):
            code = service.exited()
            if code is not None:
                where = f"; see {service.log_path}" if service.log_path else ""
                raise StartError(f"{service.name} exited with code {code} while starting{where}")
            if service.healthy():
                waiting.remove(service)
        if waiting and time.monotonic() > deadline:
            raise StartError(f"{waiting[0].name} did not answer at {waiting[0].health_url} "
                             f"within {timeout:.0f} s")
        if waiting:
            time.sleep(0.5)


@dataclass
class Stack:
    """The action server, the Rasa server and the web process for one set of settings."""

    settings: Settings
    log_dir: Path | None = None
    with_web: bool = True
    services: list[Service] = field(default_factory=list)

    def __post_init__(self) -> None:
        s = self.settings
        logs = self.log_dir
        self.services = [
            Service(
                "action server",
                [sys.executable, "-m", "rasa_adapters.action_server"],
                f"http://{s.action_host}:{s.action_port}/health",
                logs / "actions.log" if logs else None,
            ),
            Service(
                "Rasa server",
                rasa_server_command("run", "--model", str(model_path(s)), "--endpoints", "endpoints.yml",
                             "--credentials", "credentials.yml", "--port", str(s.rasa_port),
                             "--interface", s.rasa_host),
                f"http://{s.rasa_host}:{s.rasa_port}/",
                logs / "rasa.log" if logs else None,
            ),
        ]
        if self.with_web:
            self.services.append(Service(
                "web process", [sys.executable, "-m", "bot.web"], f"{s.web_url}/health",
                logs / "web.log" if logs else None,
            ))

    def environment(self) -> dict[str, str]:
        # The settings may not come from this process's environment (tests, the bench): the
        # children get them explicitly.
        return {**os.environ, **rasa_environment(self.settings), "PYTHONUNBUFFERED": "1"}

    def start(self, timeout: float = HEALTH_TIMEOUT) -> None:
        busy = [svc for svc in self.services if svc.healthy()]
        if busy:
            raise StartError(f"{busy[0].name}: something already answers at {busy[0].health_url}; "
                             "stop it or choose other ports in .env")
        env = self.environment()
        for service in self.services:
            service.start(self.settings.root, env)
        self.wait_healthy(timeout)

    def wait_healthy(self, timeout: float) -> None:
        try:
            wait_until_healthy(self.services, timeout)
        except StartError:
            self.stop()
            raise

    def first_exited(self) -> Service | None:
        return next((s for s in self.services if s.exited() is not None), None)

    def stop(self) -> None:
        for service in reversed(self.services):
            service.stop()
