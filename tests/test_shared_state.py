"""The state every process shares (bot/storage/shared.py), on SQLite and on a real PostgreSQL.

Each "process" is a TranscriptStore of its own over one database (its own engine and
connections, as a second Rasa server or web process would have): what one of them saw, the
other sees. Concurrency: threads that each hold their own store offer the same thing at once.
"""
from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest

from bot.storage import DatabaseUnavailable, TranscriptStore, migrate
from bot.storage.shared import SEEN_TTL, SWEEP_EVERY, SeenEvents, SignInThrottle, SlackNames
from tests.conftest import free_port
from tests.test_storage import Clock

THREADS = 8


@pytest.fixture
def db_url(empty_db):
    migrate(empty_db)
    return empty_db


@pytest.fixture
def two(db_url):
    """Two independent stores ("processes") on one database, reading one clock the test moves."""
    clock = Clock()
    stores = [TranscriptStore(db_url, connect_timeout=5, clock=clock) for _ in range(2)]
    yield stores, clock
    for store in stores:
        store.close()


def together(db_url: str, clock, work, count: int = THREADS) -> list:
    """`work(store, number)` in `count` threads at once, each with a store of its own."""
    stores = [TranscriptStore(db_url, connect_timeout=5, clock=clock) for _ in range(count)]
    start = threading.Barrier(count)

    def run(number):
        start.wait()
        return work(stores[number], number)
    try:
        with ThreadPoolExecutor(max_workers=count) as pool:
            return list(pool.map(run, range(count)))
    finally:
        for store in stores:
            store.close()


# --- Slack: received event ids ------------------------------------------------------------------------
def test_an_event_seen_by_one_process_is_a_retry_for_the_other(two):
    (first, second), clock = two
    one, other = SeenEvents(first), SeenEvents(second)
    assert one.first_time("event:Ev001")
    assert not other.first_time("event:Ev001"), "the retry reached the other server: dropped"
    assert not one.first_time("event:Ev001")
    assert other.first_time("event:Ev002") and not one.first_time("event:Ev002")
    assert other.first_time("click:U1:1700000000.1:T1"), "keys are compared whole"


def test_seen_events_expire_after_the_ttl_and_are_swept(two):
    (first, second), clock = two
    one, other = SeenEvents(first), SeenEvents(second)
    assert one.first_time("event:old")
    clock.advance(seconds=SEEN_TTL.total_seconds() - 1)
    assert not other.first_time("event:old"), "still within the TTL"
    clock.advance(seconds=2)
    assert other.first_time("event:old"), "an expired row counts as new, swept or not"
    assert not one.first_time("event:old"), "and is remembered again from now"
    for number in range(5):
        assert one.first_time(f"event:{number}")
    assert one.count() == 6
    clock.advance(seconds=SEEN_TTL.total_seconds() + SWEEP_EVERY.total_seconds() + 1)
    assert one.first_time("event:new")  # due for a sweep: everything older than the TTL goes
    assert one.count() == 1


@pytest.mark.parametrize("keys", [1, 3])
def test_of_many_processes_offering_one_event_at_once_exactly_one_wins(db_url, keys):
    clock = Clock()
    won = together(db_url, clock, lambda store, number: (number % keys,
                                                         SeenEvents(store).first_time(f"event:race-{number % keys}")))
    for key in range(keys):
        assert [w for k, w in won if k == key].count(True) == 1, won


def test_an_empty_key_is_refused(two):
    (first, _), _ = two
    with pytest.raises(ValueError, match="must not be empty"):
        SeenEvents(first).first_time("")


# --- Slack: display names ------------------------------------------------------------------------------
def test_a_display_name_looked_up_by_one_process_is_known_to_the_other_for_a_day(two):
    (first, second), clock = two
    assert SlackNames(second).get("U1") is None
    SlackNames(first).put("U1", "Noor de Vries")
    assert SlackNames(second).get("U1") == "Noor de Vries"
    SlackNames(second).put("U1", "Noor Jansen")  # renamed: the newer lookup wins
    assert SlackNames(first).get("U1") == "Noor Jansen"
    clock.advance(days=1, seconds=1)
    assert SlackNames(first).get("U1") is None, "a day old: asked again"


# --- the sign-in throttle ------------------------------------------------------------------------------
def test_failures_made_through_two_processes_add_up(two):
    (first, second), clock = two
    one, other = SignInThrottle(first, "review", max_failures=4), SignInThrottle(second, "review", max_failures=4)
    assert [one.attempt("Lena", "1.2.3.4"), other.attempt("Lena", "5.6.7.8"),
            one.attempt("lena", "9.9.9.9"), other.attempt("LENA", "1.2.3.5")] == [0, 0, 0, 0]
    assert other.attempt("Lena", "1.1.1.1") > 0 and one.attempt("Lena", "1.1.1.1") > 0, "the name is blocked"
    assert SignInThrottle(first, "chat", max_failures=4).attempt("Lena", "1.1.1.1") == 0, "scopes count apart"


def test_a_try_is_counted_before_it_is_checked_and_old_counts_are_swept(two):
    (first, second), clock = two
    throttle = SignInThrottle(first, "review", max_failures=2, window=timedelta(seconds=60))
    assert throttle.attempt("Lena", "1.2.3.4") == 0 and throttle.attempt("Lena", "1.2.3.4") == 0
    assert throttle.attempt("Lena", "1.2.3.4") > 0  # two tries in flight: the third waits
    throttle.succeeded("Lena", "1.2.3.4")
    assert throttle.attempt("Lena", "5.6.7.8") == 0
    for number in range(40):
        throttle.attempt(f"name {number}", f"10.0.0.{number}")
    assert throttle.tracked() > 80
    clock.advance(seconds=SWEEP_EVERY.total_seconds() + 1)
    throttle.attempt("again", "9.9.9.9")
    assert throttle.tracked() == 2, "names and addresses nobody tries again are forgotten"


def test_throttle_forgets_failures_after_the_window(two):
    (first, second), clock = two
    throttle = SignInThrottle(first, "review", max_failures=2, window=timedelta(seconds=60))
    other = SignInThrottle(second, "review", max_failures=2, window=timedelta(seconds=60))
    throttle.failed("Lena", "1.2.3.4")
    assert other.retry_after("lena", "5.6.7.8") == 0
    other.failed("LENA", "5.6.7.8")
    assert throttle.retry_after("Lena", "9.9.9.9") == 61  # name blocked, whatever the address
    assert throttle.retry_after("Other", "9.9.9.9") == 0
    clock.advance(seconds=61)
    assert throttle.retry_after("Lena", "9.9.9.9") == 0
    throttle.failed("x", "1.1.1.1")
    other.failed("y", "1.1.1.1")
    assert throttle.retry_after("z", "1.1.1.1") > 0  # address blocked, whatever the name
    other.succeeded("x")
    assert throttle.retry_after("z", "1.1.1.1") > 0  # a success for one name does not clear the address


@pytest.mark.parametrize("name_of, address_of", [
    pytest.param(lambda n: "Lena", lambda n: f"10.0.0.{n}", id="one name, many addresses"),
    pytest.param(lambda n: f"name {n}", lambda n: "6.6.6.6", id="many names, one address"),
])
def test_parallel_guesses_in_many_processes_cannot_race_past_the_throttle(db_url, name_of, address_of):
    clock = Clock()
    allowed = 3
    waits = together(db_url, clock, lambda store, n: SignInThrottle(store, "chat", max_failures=allowed)
                     .attempt(name_of(n), address_of(n)))
    assert waits.count(0) == allowed, waits


def test_a_throttle_scope_is_a_short_name(two):
    (first, _), _ = two
    with pytest.raises(ValueError, match="scope"):
        SignInThrottle(first, "")


def test_names_are_not_stored_as_typed(two):
    from sqlalchemy import select

    from bot.storage.models import signin_failures

    (first, _), _ = two
    SignInThrottle(first, "chat").attempt("my password 123", "1.2.3.4")
    with first.transaction() as s:
        keys = s.execute(select(signin_failures.c.key)).scalars().all()
    assert len(keys) == 2 and not any("password" in key or "1.2.3.4" in key for key in keys)


# --- a database that is down --------------------------------------------------------------------------
CALLS = {
    "seen event": lambda store: SeenEvents(store).first_time("event:x"),
    "name": lambda store: SlackNames(store).get("U1"),
    "keep a name": lambda store: SlackNames(store).put("U1", "Noor"),
    "throttle": lambda store: SignInThrottle(store, "chat").attempt("Lena", "1.2.3.4"),
    "success": lambda store: SignInThrottle(store, "chat").succeeded("Lena", "1.2.3.4"),
}


@pytest.mark.parametrize("call", list(CALLS))
def test_a_database_that_is_down_is_a_clear_error_soon(call):
    url = f"postgresql://coach:hunter2@127.0.0.1:{free_port()}/coach"
    started = time.monotonic()
    with TranscriptStore(url, connect_timeout=1) as store, pytest.raises(DatabaseUnavailable) as caught:
        CALLS[call](store)
    assert time.monotonic() - started < 5
    message = str(caught.value)
    assert "is not available" in message and "Start the database server" in message and "hunter2" not in message


@pytest.mark.parametrize("call", list(CALLS))
def test_tables_not_made_yet_say_how_to_make_them(call, tmp_path):
    with TranscriptStore(f"sqlite:///{tmp_path / 'empty.db'}") as store, pytest.raises(DatabaseUnavailable) as caught:
        CALLS[call](store)
    assert "python -m bot db upgrade" in str(caught.value)
