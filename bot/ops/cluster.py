"""Several servers on one machine: `make run-cluster` (`python -m bot run --replicas N`).

N Rasa servers share the PostgreSQL tracker store and a Redis lock store (so two messages of one
conversation are never handled at once, whichever server each reaches); N action servers and N web
processes; nginx in front. Redis and nginx are private instances from the Debian packages
(`redis-server`, `nginx`): their own configuration, data, pid and log files under var/, listening
on 127.0.0.1 (nginx's front door on PROXY_HOST). The system services are not used.

The addresses keep the single-server ones: nginx takes WEB_PORT (the chat, the review pages and
Slack's webhook), RASA_PORT (the web processes' way to the Rasa servers) and ACTION_PORT (the Rasa
servers' way to the action servers); replica i (1..N) listens on each of those plus i. So a Rasa
server or an action server that dies is simply skipped: nginx sends new requests to the others
(a refused connection is tried on the next server, which is always safe), and the web process
sends a reply again only when that cannot store it twice (bot/web/app.py, RasaClient).

PostgreSQL is required, not started: the transcripts and Rasa's conversations of a cluster are the
team's real data and belong in a database someone backs up, which the same layout on several
machines needs anyway (docs/deploy.md); several Rasa servers writing one SQLite file would lock.
The fault test starts a throwaway one (tests/pg_server.py).
"""
from __future__ import annotations

import os
import shutil
import socket
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from bot.config import Settings, rasa_environment, redact_url
from bot.ops.launcher import HEALTH_TIMEOUT, Service, StartError, wait_until_healthy
from bot.ops.training import model_path, rasa_server_command

DEFAULT_REDIS_PORT = 6380  # not 6379: a system Redis may be there
MAX_REPLICAS = 16
# Rasa's ticket lock on a conversation lives this long (seconds, TICKET_LOCK_LIFETIME). A Rasa
# server killed mid-turn leaves its ticket in Redis; the next message of that conversation waits
# for it to expire. Rasa's default is 60 s, longer than the web process waits (30 s); a turn takes
# well under a second, so 10 s is ample and a trainee whose server died waits at most that.
LOCK_LIFETIME_S = 10
LOOPBACK = "127.0.0.1"
RESTART_WINDOW_S = 60.0  # a replica that stops again this soon after a restart stops the cluster
PACKAGES = {"nginx": ("nginx", ("/usr/sbin/nginx",)), "redis-server": ("redis-server", ("/usr/bin/redis-server",))}


class ClusterError(RuntimeError):
    """The cluster cannot start with these settings or on this machine; the message says why."""


@dataclass(frozen=True)
class ClusterPorts:
    front: int  # nginx: the chat, the review pages, Slack's webhook (WEB_PORT)
    rasa_front: int  # nginx to the Rasa servers, for the web processes (RASA_PORT)
    action_front: int  # nginx to the action servers, for the Rasa servers (ACTION_PORT)
    rasa: tuple[int, ...]
    actions: tuple[int, ...]
    web: tuple[int, ...]
    redis: int = DEFAULT_REDIS_PORT

    @classmethod
    def from_settings(cls, settings: Settings, replicas: int) -> ClusterPorts:
        """The front ports are the single-server ones; replica i listens on each plus i."""
        def after(port: int) -> tuple[int, ...]:
            return tuple(port + i for i in range(1, replicas + 1))
        return cls(settings.web_port, settings.rasa_port, settings.action_port,
                   after(settings.rasa_port), after(settings.action_port), after(settings.web_port))

    def check(self) -> None:
        every = [self.front, self.rasa_front, self.action_front, *self.rasa, *self.actions, *self.web, self.redis]
        clash = sorted({p for p in every if every.count(p) > 1})
        if clash:
            raise ClusterError(f"The cluster's ports overlap ({', '.join(map(str, clash))}): set RASA_PORT, "
                               f"ACTION_PORT and WEB_PORT further apart than the number of replicas.")
        high = [p for p in every if p > 65535]
        if high:
            raise ClusterError(f"Port {high[0]} is above 65535: choose lower RASA_PORT, ACTION_PORT or WEB_PORT.")


def find_binary(package: str) -> str:
    """The binary of a Debian package, or ClusterError naming the package to install."""
    name, places = PACKAGES[package]
    for place in places:
        if os.access(place, os.X_OK):
            return place
    found = shutil.which(name)
    if found:
        return found
    raise ClusterError(f"make run-cluster needs {name}, which is not installed: "
                       f"apt-get install {' '.join(PACKAGES)} (Debian packages), or see docs/deploy.md.")


def require_postgresql(settings: Settings) -> None:
    for variable, url in (("DATABASE_URL", settings.database_url), ("TRACKER_STORE_URL", settings.tracker_store_url)):
        if not url.startswith("postgresql"):
            raise ClusterError(
                f"make run-cluster needs PostgreSQL: several Rasa servers share one conversation store and "
                f"the transcripts, which one SQLite file cannot be ({variable} is {redact_url(url)}). "
                f"Set DATABASE_URL=postgresql://USER:PASSWORD@HOST/DB in .env (TRACKER_STORE_URL follows it); "
                f"on this machine: apt-get install postgresql, then createuser and createdb (docs/deploy.md).")


def nginx_config(ports: ClusterPorts, proxy_host: str, run_dir: Path, log_dir: Path) -> str:
    """nginx in front: the web processes and Slack's webhook on the front port; the Rasa and
    action servers behind two loopback ports. A server that refuses the connection is skipped
    for 5 s and the request goes to the next one (nginx never sends a POST that reached a server
    to another: that is the web process's call, bot/web/app.py). nginx adds the address it saw
    to X-Forwarded-For, which the web processes believe from 127.0.0.1 and TRUSTED_PROXIES."""
    def upstream(name: str, ports_: tuple[int, ...]) -> str:
        servers = "\n".join(f"        server {LOOPBACK}:{p} max_fails=1 fail_timeout=5s;" for p in ports_)
        return f"    upstream {name} {{\n{servers}\n    }}\n"

    def listen(host: str, port: int) -> str:
        return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"

    temp = run_dir / "nginx-temp"
    proxied = ("            proxy_set_header Host $http_host;\n"
               "            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n"
               "            proxy_set_header X-Forwarded-Proto $scheme;\n"
               "            proxy_next_upstream error timeout;\n")
    return f"""# Made by bot/ops/cluster.py for `make run-cluster`; rewritten at each start.
worker_processes 1;
pid {run_dir}/nginx.pid;
error_log {log_dir}/nginx-error.log warn;
daemon off;
events {{
    worker_connections 1024;
}}
http {{
    access_log off;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    # Bodies and answers stay in memory: nginx's workers run as another user, who may not write
    # under var/ (or a test's private folder), and nothing here is large.
    client_max_body_size 1m;
    client_body_buffer_size 1m;
    proxy_max_temp_file_size 0;
    proxy_buffers 16 64k;
    server_tokens off;
{upstream("coach_web", ports.web)}{upstream("coach_rasa", ports.rasa)}{upstream("coach_actions", ports.actions)}
    # The front door: trainees' browsers, the team leads, Slack.
    server {{
        listen {listen(proxy_host, ports.front)};
        location / {{
            proxy_pass http://coach_web;
{proxied}        }}
        location /webhooks/slack/ {{
            proxy_pass http://coach_rasa;
{proxied}        }}
    }}
    # The web processes' way to the Rasa servers (the REST channel; loopback only).
    server {{
        listen {LOOPBACK}:{ports.rasa_front};
        location / {{
            proxy_pass http://coach_rasa;
            proxy_read_timeout 60s;
{proxied}        }}
    }}
    # The Rasa servers' way to the action servers (loopback only); Rasa sends the conversation.
    server {{
        listen {LOOPBACK}:{ports.action_front};
        client_max_body_size 16m;
        client_body_buffer_size 16m;
        location / {{
            proxy_pass http://coach_actions;
            proxy_read_timeout 60s;
{proxied}        }}
    }}
}}
"""


def redis_config(port: int, run_dir: Path, log_dir: Path) -> str:
    """A private Redis for the lock store only: loopback, nothing saved to disk (a lock outlives
    no restart it should)."""
    data = run_dir / "redis"
    return (f"# Made by bot/ops/cluster.py for `make run-cluster`; rewritten at each start.\n"
            f"bind {LOOPBACK}\nport {port}\nprotected-mode yes\ndaemonize no\n"
            f"dir {data}\npidfile {run_dir}/redis.pid\nlogfile {log_dir}/redis.log\n"
            f"save \"\"\nappendonly no\n")


@dataclass
class RedisService(Service):
    """A Service whose health check is Redis's PING rather than an HTTP GET."""

    port: int = DEFAULT_REDIS_PORT

    def healthy(self) -> bool:
        try:
            with socket.create_connection((LOOPBACK, self.port), timeout=2) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False


class Cluster:
    """Redis (unless LOCK_STORE_URL names one), N action servers, N Rasa servers, N web processes
    and nginx, for one set of settings; started, watched and stopped together like `Stack`."""

    def __init__(self, settings: Settings, replicas: int, log_dir: Path | None = None,
                 ports: ClusterPorts | None = None, run_dir: Path | None = None) -> None:
        self.settings, self.replicas = settings, replicas
        s = settings
        if not 1 <= replicas <= MAX_REPLICAS:
            raise ClusterError(f"--replicas must be between 1 and {MAX_REPLICAS}, got {replicas}")
        self.ports: ClusterPorts = ports or ClusterPorts.from_settings(s, replicas)
        self.ports.check()
        self.run_dir: Path = run_dir or s.var_dir / "cluster"  # the generated configurations, pids, Redis's folder
        self.log_dir: Path = log_dir or s.var_dir / "logs"
        self._restarted: dict[str, float] = {}  # service name: when last restarted
        self.redis_url = s.lock_store_url or f"redis://{LOOPBACK}:{self.ports.redis}/0"
        logs, p = self.log_dir, self.ports
        self.services: list[Service] = []
        if not s.lock_store_url:
            self.services.append(RedisService(
                "Redis", [find_binary("redis-server"), str(self.run_dir / "redis.conf")], "",
                logs / "redis.out.log", port=p.redis))
        for i, port in enumerate(p.actions, 1):
            self.services.append(Service(
                f"action server {i}", [sys.executable, "-m", "rasa_adapters.action_server"],
                f"http://{LOOPBACK}:{port}/health", logs / f"actions-{i}.log",
                env=self._env(action_host=LOOPBACK, action_port=port)))
        for i, port in enumerate(p.rasa, 1):
            self.services.append(Service(
                f"Rasa server {i}",
                rasa_server_command("run", "--model", str(model_path(s)), "--endpoints", "endpoints.yml",
                                    "--credentials", "credentials.yml", "--port", str(port),
                                    "--interface", LOOPBACK),
                f"http://{LOOPBACK}:{port}/", logs / f"rasa-{i}.log",
                env=self._env(rasa_host=LOOPBACK, rasa_port=port, action_host=LOOPBACK,
                              action_port=p.action_front)))
        for i, port in enumerate(p.web, 1):
            self.services.append(Service(
                f"web process {i}", [sys.executable, "-m", "bot.web"], f"http://{LOOPBACK}:{port}/health",
                logs / f"web-{i}.log",
                env=self._env(rasa_host=LOOPBACK, rasa_port=p.rasa_front, web_port=port,
                              trusted_proxies=(LOOPBACK, *(a for a in s.trusted_proxies if a != LOOPBACK)))))
        self.services.append(Service(
            "nginx", [find_binary("nginx"), "-p", str(self.run_dir), "-c", str(self.run_dir / "nginx.conf"),
                      "-e", str(logs / "nginx-error.log")],
            f"http://{self.front_host}:{p.front}/health", logs / "nginx.out.log"))

    @property
    def front_host(self) -> str:
        host = self.settings.proxy_host
        if host in ("0.0.0.0", "::", ""):
            return LOOPBACK
        return f"[{host}]" if ":" in host else host

    @property
    def url(self) -> str:
        return f"http://{self.front_host}:{self.ports.front}"

    def _env(self, **changes: Any) -> dict[str, str]:
        """The variables that give one process its own ports (the rest as configured)."""
        return rasa_environment(replace(self.settings, **changes), self.redis_url)

    def environment(self) -> dict[str, str]:
        return {**os.environ, **rasa_environment(self.settings, self.redis_url), "PYTHONUNBUFFERED": "1",
                "TICKET_LOCK_LIFETIME": str(LOCK_LIFETIME_S)}

    def service(self, name: str) -> Service:
        return next(s for s in self.services if s.name == name)

    def write_configs(self) -> None:
        (self.run_dir / "redis").mkdir(parents=True, exist_ok=True)
        (self.run_dir / "nginx-temp").mkdir(parents=True, exist_ok=True)
        self.log_dir.mkdir(parents=True, exist_ok=True)
        (self.run_dir / "redis.conf").write_text(redis_config(self.ports.redis, self.run_dir, self.log_dir))
        (self.run_dir / "nginx.conf").write_text(
            nginx_config(self.ports, self.settings.proxy_host, self.run_dir, self.log_dir))

    def start(self, timeout: float = HEALTH_TIMEOUT) -> None:
        busy = [svc for svc in self.services if svc.healthy()]
        if busy:
            raise StartError(f"{busy[0].name}: something already answers at {busy[0].health_url or busy[0].name}; "
                             "stop it or choose other ports in .env")
        self.write_configs()
        env = self.environment()
        for service in self.services:
            service.start(self.settings.root, env)
        try:
            wait_until_healthy(self.services, timeout)
        except StartError:
            self.stop()
            raise

    def restart(self, name: str, timeout: float = HEALTH_TIMEOUT) -> None:
        """Start one stopped service again and wait until it answers (the fault test)."""
        service = self.service(name)
        service.stop()  # closes the log of a process that was killed
        service.start(self.settings.root, self.environment())
        wait_until_healthy([service], timeout)

    def first_exited(self) -> Service | None:
        return next((s for s in self.services if s.exited() is not None), None)

    def supervise(self, say=print) -> Service | None:
        """Start again a replica that stopped (the others carry its load meanwhile), and say so.
        Returns the service the cluster cannot do without: nginx or Redis stopped, or a replica
        stopped again within RESTART_WINDOW_S of its last restart (it would only keep failing)."""
        now = time.monotonic()
        for service in self.services:
            code = service.exited()
            if code is None:
                continue
            if service.name in ("nginx", "Redis") or now - self._restarted.get(service.name, -1e9) < RESTART_WINDOW_S:
                return service
            say(f"{service.name} stopped (exit {code}); starting it again (see {service.log_path})", flush=True)
            service.stop()
            service.start(self.settings.root, self.environment())
            self._restarted[service.name] = now
        return None

    def stop(self) -> None:
        for service in reversed(self.services):
            service.stop()
