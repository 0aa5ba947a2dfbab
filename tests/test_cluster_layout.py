"""`make run-cluster` without starting anything: its ports, what it refuses, the nginx and Redis
configurations it writes (bot/ops/cluster.py). The fault test that starts it: tests/test_cluster.py."""
from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from bot.config import REDIS_LOCK_STORE, load_settings
from bot.ops.cluster import (
    Cluster,
    ClusterError,
    ClusterPorts,
    find_binary,
    nginx_config,
    redis_config,
    require_postgresql,
)

PG = "postgresql://coach:pw@db.internal/coach"


def settings(tmp_path, **env):
    return load_settings({"DATABASE_URL": PG, "INTERNAL_SECRET": "s", **env}, root=tmp_path)


def test_the_front_keeps_the_single_server_ports_and_replicas_take_the_next_ones(tmp_path):
    ports = ClusterPorts.from_settings(settings(tmp_path), 3)
    assert (ports.front, ports.rasa_front, ports.action_front) == (8000, 5005, 5055)
    assert (ports.rasa, ports.actions, ports.web) == ((5006, 5007, 5008), (5056, 5057, 5058), (8001, 8002, 8003))


@pytest.mark.parametrize("env, replicas, message", [
    ({"DATABASE_URL": "sqlite:///var/coach.db"}, 2, "make run-cluster needs PostgreSQL"),
    ({"TRACKER_STORE_URL": "sqlite:///var/tracker.db"}, 2, "TRACKER_STORE_URL is sqlite:///"),
    ({}, 0, "--replicas must be between 1 and 16, got 0"),
    ({}, 17, "--replicas must be between 1 and 16, got 17"),
    ({"RASA_PORT": "5005", "ACTION_PORT": "5007"}, 2, "The cluster's ports overlap (5007)"),
    ({"WEB_PORT": "65535"}, 2, "Port 65536 is above 65535"),
])
def test_what_the_cluster_refuses_is_said_in_one_line(tmp_path, env, replicas, message):
    s = settings(tmp_path, **env)
    with pytest.raises(ClusterError) as raised:
        require_postgresql(s)
        Cluster(s, replicas)
    assert message in str(raised.value) and "\n" not in str(raised.value)


def test_a_missing_debian_package_is_named(monkeypatch):
    monkeypatch.setattr("bot.ops.cluster.PACKAGES", {"nginx": ("no-such-nginx", ("/nonexistent/nginx",)),
                                                     "redis-server": ("redis-server", ())})
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(ClusterError, match=r"needs no-such-nginx, which is not installed: apt-get install nginx "
                                           r"redis-server"):
        find_binary("nginx")


def test_a_configured_redis_is_used_and_none_is_started(tmp_path):
    cluster = Cluster(settings(tmp_path, LOCK_STORE_URL="redis://cache.internal:6379/2"), 2)
    assert cluster.redis_url == "redis://cache.internal:6379/2"
    assert "Redis" not in [s.name for s in cluster.services]
    own = Cluster(settings(tmp_path), 2)
    assert own.redis_url == "redis://127.0.0.1:6380/0" and own.services[0].name == "Redis"


def test_the_web_processes_believe_their_nginx_and_the_load_balancer_in_front(tmp_path):
    cluster = Cluster(settings(tmp_path, TRUSTED_PROXIES="10.0.0.2, 127.0.0.1"), 2)
    assert {cluster.service(f"web process {i}").env["TRUSTED_PROXIES"] for i in (1, 2)} == {"127.0.0.1,10.0.0.2"}


def test_each_process_gets_its_own_port_and_the_shared_redis(tmp_path):
    cluster = Cluster(settings(tmp_path), 2)
    env = {s.name: s.env for s in cluster.services}
    assert [env[f"Rasa server {i}"]["RASA_PORT"] for i in (1, 2)] == ["5006", "5007"]
    # The Rasa servers reach the action servers through nginx; the web processes reach Rasa through it.
    assert {env[f"Rasa server {i}"]["ACTION_ENDPOINT_URL"] for i in (1, 2)} == {"http://127.0.0.1:5055/webhook"}
    assert [env[f"web process {i}"]["WEB_PORT"] for i in (1, 2)] == ["8001", "8002"]
    assert {env[f"web process {i}"]["RASA_PORT"] for i in (1, 2)} == {"5005"}
    assert {env[f"web process {i}"]["TRUSTED_PROXIES"] for i in (1, 2)} == {"127.0.0.1"}
    assert [env[f"action server {i}"]["ACTION_PORT"] for i in (1, 2)] == ["5056", "5057"]
    assert {e["LOCK_STORE_TYPE"] for e in env.values() if e} == {REDIS_LOCK_STORE}
    assert cluster.environment()["TICKET_LOCK_LIFETIME"] == "10"


def test_nginx_and_redis_configurations(tmp_path):
    ports = ClusterPorts.from_settings(settings(tmp_path), 2)
    text = nginx_config(ports, "0.0.0.0", tmp_path / "run", tmp_path / "logs")
    assert "listen 0.0.0.0:8000;" in text and "listen 127.0.0.1:5005;" in text and "listen 127.0.0.1:5055;" in text
    for port in (*ports.rasa, *ports.actions, *ports.web):
        assert f"server 127.0.0.1:{port} max_fails=1 fail_timeout=5s;" in text
    assert "location /webhooks/slack/" in text
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in text
    assert "non_idempotent" not in text  # nginx never sends a POST that reached a server to another
    redis = redis_config(6380, tmp_path / "run", tmp_path / "logs")
    assert "bind 127.0.0.1\nport 6380\n" in redis and 'save ""' in redis


@pytest.mark.skipif(shutil.which("nginx") is None and not os.path.exists("/usr/sbin/nginx"),
                    reason="nginx is not installed (apt-get install nginx)")
def test_nginx_accepts_the_configuration(tmp_path):
    cluster = Cluster(settings(tmp_path, LOCK_STORE_URL="redis://127.0.0.1:6380/0"), 2)
    cluster.log_dir = tmp_path / "logs"
    cluster.write_configs()
    done = subprocess.run([find_binary("nginx"), "-t", "-p", str(cluster.run_dir), "-c",
                           str(cluster.run_dir / "nginx.conf"), "-e", str(tmp_path / "logs" / "nginx-error.log")],
                          capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr


def test_ports_taken_together_for_a_test_cluster_differ_and_are_free():
    """CI once gave the fault test's front and an action server the same port: ports asked for one
    by one can come back twice once the first socket is released. free_ports holds them all."""
    import socket

    from bot.ops.launcher import free_ports

    ports = free_ports(200)
    assert len(set(ports)) == 200
    for port in ports[:10]:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", port))
