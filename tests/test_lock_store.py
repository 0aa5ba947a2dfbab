"""The cluster's lock store (rasa_adapters/lock_store.py) on a real Redis (Debian's redis-server).

A Rasa server killed mid-turn leaves its ticket in Redis; the message sent again to another
server must be served once that ticket runs out, however the seconds fall. With Rasa's own Redis
lock store the waiting ticket ran out too, about as long after the dead one as it was issued
after it, and unless a poll fell in between, the turn waited for ever (the cluster fault test:
30 s, then a start stored twice, turns answered but not stored).
"""
from __future__ import annotations

import asyncio
import shutil
import socket
import subprocess
import time

import pytest

from tests.conftest import free_port

pytest.importorskip("rasa")

from rasa.core.lock_store import LockError, RedisLockStore  # noqa: E402

from rasa_adapters.lock_store import RenewingRedisLockStore  # noqa: E402

LIFETIME = 1.0  # seconds: short, so the test is too
POLL = 0.7  # a poll interval that steps over the 0.1 s in which Rasa's waiting ticket was served


@pytest.fixture(scope="module")
def redis_port(tmp_path_factory):
    binary = shutil.which("redis-server") or "/usr/sbin/redis-server"
    if not shutil.which(binary):
        pytest.skip("redis-server is not installed (apt-get install redis-server; .ci/run does)")
    port = free_port()
    process = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                                "--dir", str(tmp_path_factory.mktemp("redis"))],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    yield port
    process.terminate()
    process.wait(10)


def store(port: int) -> RenewingRedisLockStore:
    return RenewingRedisLockStore(host="127.0.0.1", port=port, db=0, key_prefix="test", lifetime=LIFETIME)


async def turn_after_a_dead_server(lock_store: RedisLockStore, conversation: str) -> float:
    """A ticket issued and never served nor finished (its server was killed), then, 0.1 s later,
    the message sent again to a live server: how long that one waited for the lock."""
    lock_store.issue_ticket(conversation, LIFETIME)  # the dead server's
    await asyncio.sleep(0.1)
    began = time.monotonic()
    async with lock_store.lock(conversation, lock_lifetime=LIFETIME, wait_time_in_seconds=POLL):
        return time.monotonic() - began


def test_a_message_sent_again_is_served_when_the_dead_servers_ticket_runs_out(redis_port):
    waited = asyncio.run(asyncio.wait_for(turn_after_a_dead_server(store(redis_port), "web:t05"), 10))
    assert LIFETIME - 0.2 < waited < LIFETIME + 2 * POLL, waited
    assert store(redis_port).get_lock("web:t05") is None  # finished: nothing left behind


def test_rasas_own_store_waits_for_ever_there(redis_port):
    """What the store mends (if Rasa fixes it, this fails and the class can go)."""
    rasa_store = RedisLockStore(host="127.0.0.1", port=redis_port, db=0, key_prefix="rasa")
    with pytest.raises((asyncio.TimeoutError, LockError)):
        asyncio.run(asyncio.wait_for(turn_after_a_dead_server(rasa_store, "web:t05"), 5))


def test_turns_of_one_conversation_are_served_in_order_across_servers(redis_port):
    """Two servers' stores on one Redis: the second message waits for the first to finish."""
    first, second, served = store(redis_port), store(redis_port), []

    async def play(lock_store, name, hold):
        async with lock_store.lock("web:t07", lock_lifetime=LIFETIME, wait_time_in_seconds=0.05):
            served.append(f"{name} in")
            await asyncio.sleep(hold)
            served.append(f"{name} out")

    async def both():
        one = asyncio.create_task(play(first, "one", 0.3))
        await asyncio.sleep(0.05)
        await asyncio.gather(one, play(second, "two", 0))

    asyncio.run(both())
    assert served == ["one in", "one out", "two in", "two out"]


def test_a_ticket_that_ran_out_while_waiting_is_put_back_in_its_place(redis_port):
    lock_store = store(redis_port)
    first = lock_store.issue_ticket("web:t09", 30)
    mine = lock_store.issue_ticket("web:t09", 0.01)
    last = lock_store.issue_ticket("web:t09", 30)
    time.sleep(0.05)  # mine ran out (a pause longer than a lifetime)
    lock_store.renew("web:t09", mine)
    assert [t.number for t in lock_store.get_lock("web:t09").tickets] == [first, mine, last]
    for ticket in (first, mine, last):
        lock_store.cleanup("web:t09", ticket)
    assert lock_store.get_lock("web:t09") is None


def test_built_from_endpoints_yml_as_rasa_builds_it(redis_port):
    from rasa.core.lock_store import LockStore
    from rasa.utils.endpoints import EndpointConfig

    built = LockStore.create(EndpointConfig(url="127.0.0.1", type="rasa_adapters.lock_store.RenewingRedisLockStore",
                                            port=str(redis_port), db="0", password="", key_prefix="coach"))
    assert isinstance(built, RenewingRedisLockStore)
    assert built.issue_ticket("web:t11") == 0 and built.get_lock("web:t11") is not None
    built.cleanup("web:t11", 0)
