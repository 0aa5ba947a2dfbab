"""State that every process must agree on, kept in the database instead of in one process's memory.

With several Rasa servers and web processes behind one proxy (issue 19), a Slack retry may reach
another Rasa server than the first delivery, and a guesser's sign-ins may be spread over every
web process. So these live in coach_* tables (revision 0008), one implementation for one process
or many, on SQLite (the default: its write transactions start with BEGIN IMMEDIATE, so they are
serialised anyway) and on PostgreSQL:

- `SeenEvents`: Slack event ids and button clicks already received. `first_time` is one
  INSERT … ON CONFLICT on the key (the primary key), which only one process can win; a row older
  than the TTL counts as new again (the same statement refreshes it), and such rows are swept
  now and then.
- `SlackNames`: users.info's display name per Slack user, asked again once a day old.
- `SignInThrottle`: failed sign-ins per name and per address in a sliding window. `attempt`
  checks and counts in one transaction; on PostgreSQL that transaction first takes an advisory
  lock per key (`pg_advisory_xact_lock`, released at commit), so parallel guesses sent to two
  processes cannot both pass the check. Names are stored only as a SHA-256 of the key.

What is *not* here, and why: revoked sign-ins are already in the database (coach_users'
token_version, raised by a sign-out or a password change); a trainee's turns are already
serialised across processes by the session row lock (SELECT … FOR UPDATE) and the unique
(session_id, seq) with retry in store.py, see bot/web/app.py for the web process's own lock.

Every call may raise DatabaseUnavailable (with the URL minus its password and what to do), after
at most the connect timeout; callers turn it into a clear message.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from sqlalchemy import delete, func, insert, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.storage.models import seen_events, signin_failures, slack_names
from bot.storage.store import TranscriptStore

# Slack retries an event three times within about an hour; ids are remembered a bit longer.
SEEN_TTL = timedelta(hours=2)
NAME_TTL = timedelta(days=1)
MAX_FAILURES = 5
WINDOW = timedelta(minutes=15)
SWEEP_EVERY = timedelta(minutes=5)  # per process: how often old rows are deleted
MAX_KEY_CHARS = 300  # coach_seen_events.key
# pg_advisory_xact_lock(class, key): the class keeps our locks apart from anybody else's.
_LOCK_CLASS = int.from_bytes(b"coac", "big")


class _Sweeper:
    """Deletes rows that have expired, at most once every SWEEP_EVERY per instance."""

    def __init__(self):
        self._next: datetime | None = None

    def due(self, now: datetime) -> bool:
        if self._next is not None and now < self._next:
            return False
        self._next = now + SWEEP_EVERY
        return True


def _dialect(s: Session) -> str:
    return s.get_bind().dialect.name


def _upsert(dialect: str):
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as upsert
    else:
        from sqlalchemy.dialects.sqlite import insert as upsert
    return upsert


class SeenEvents:
    """Slack event ids and button clicks already received, in coach_seen_events (see the module doc)."""

    def __init__(self, store: TranscriptStore, ttl: timedelta = SEEN_TTL):
        self.store, self.ttl = store, ttl
        self._sweeper = _Sweeper()

    def first_time(self, key: str) -> bool:
        """True for the first delivery of `key` in any process (and remembers it), False for a
        repeat within the TTL. Atomic: of N processes offering the same key at once, one wins."""
        if not key:
            raise ValueError("a dedupe key must not be empty")
        key = key[:MAX_KEY_CHARS]
        now = self.store.clock()
        cutoff = now - self.ttl
        with self.store.transaction(write=True) as s:
            dialect = _dialect(s)
            if dialect in ("postgresql", "sqlite"):
                statement = _upsert(dialect)(seen_events).values(key=key, seen_at=now)
                # A row from an earlier delivery counts only within the TTL: an expired one not
                # swept yet is taken over by this delivery, in the same statement.
                statement = statement.on_conflict_do_update(
                    index_elements=["key"], set_={"seen_at": statement.excluded.seen_at},
                    where=seen_events.c.seen_at < cutoff)
                won = s.execute(statement).rowcount == 1
            else:  # any other backend: the primary key decides, then an expired row is taken over
                try:
                    with s.begin_nested():
                        s.execute(insert(seen_events).values(key=key, seen_at=now))
                    won = True
                except IntegrityError:
                    won = s.execute(update(seen_events).where(seen_events.c.key == key,
                                                              seen_events.c.seen_at < cutoff)
                                    .values(seen_at=now)).rowcount == 1
            if self._sweeper.due(now):
                s.execute(delete(seen_events).where(seen_events.c.seen_at < cutoff))
        return won

    def count(self) -> int:
        """How many keys are stored (expired ones not swept yet included), for the tests."""
        with self.store.transaction() as s:
            return s.execute(select(func.count()).select_from(seen_events)).scalar_one()


class SlackNames:
    """Slack users' display names, shared by every Rasa server (coach_slack_names)."""

    def __init__(self, store: TranscriptStore, ttl: timedelta = NAME_TTL):
        self.store, self.ttl = store, ttl
        self._sweeper = _Sweeper()

    def get(self, user: str) -> str | None:
        """The name looked up less than `ttl` ago, or None (then ask users.info and `put` it)."""
        cutoff = self.store.clock() - self.ttl
        with self.store.transaction() as s:
            return s.execute(select(slack_names.c.name).where(
                slack_names.c.user_id == user, slack_names.c.fetched_at >= cutoff)).scalar()

    def put(self, user: str, name: str) -> None:
        now = self.store.clock()
        values = {"user_id": user, "name": name[:200], "fetched_at": now}
        with self.store.transaction(write=True) as s:
            dialect = _dialect(s)
            if dialect in ("postgresql", "sqlite"):
                statement = _upsert(dialect)(slack_names).values(**values)
                s.execute(statement.on_conflict_do_update(
                    index_elements=["user_id"],
                    set_={"name": statement.excluded.name, "fetched_at": statement.excluded.fetched_at}))
            else:
                s.execute(delete(slack_names).where(slack_names.c.user_id == user))
                s.execute(insert(slack_names).values(**values))
            if self._sweeper.due(now):
                s.execute(delete(slack_names).where(slack_names.c.fetched_at < now - self.ttl))


class SignInThrottle:
    """Failed sign-ins per name and per address in a sliding window, counted across processes.

    After `max_failures` failures for one name, or from one address, within `window`, further
    tries in this `scope` are refused until the oldest of them is `window` old. `attempt` counts
    a try as failed before the password hash is computed; `succeeded` takes it back.
    """

    def __init__(self, store: TranscriptStore, scope: str, max_failures: int = MAX_FAILURES,
                 window: timedelta = WINDOW):
        if not scope or len(scope) > 20:
            raise ValueError("a throttle scope is a short name such as 'chat' or 'review'")
        self.store, self.scope, self.max_failures, self.window = store, scope, max_failures, window
        self._sweeper = _Sweeper()

    @staticmethod
    def _keys(name: str, address: str) -> tuple[str, str]:
        return (hashlib.sha256(f"name:{name.strip().casefold()}".encode()).hexdigest(),
                hashlib.sha256(f"addr:{address}".encode()).hexdigest())

    @contextmanager
    def _locked(self, keys: tuple[str, ...]) -> Iterator[Session]:
        """A write transaction that holds these keys until it ends (PostgreSQL: advisory locks,
        taken in one order so two transactions never wait for each other; SQLite: BEGIN IMMEDIATE
        holds the whole database already)."""
        with self.store.transaction(write=True) as s:
            if _dialect(s) == "postgresql":
                for key in sorted(set(keys)):
                    s.execute(text("SELECT pg_advisory_xact_lock(:cls, :key)"),
                              {"cls": _LOCK_CLASS, "key": int.from_bytes(bytes.fromhex(key[:8]), "big", signed=True)})
            yield s

    def _wait(self, s: Session, keys: tuple[str, ...], now: datetime) -> int:
        """Seconds until a try is allowed (0: now), from the failures within the window."""
        wait = timedelta(0)
        for key in keys:
            rows = s.execute(select(func.count(), func.min(signin_failures.c.failed_at)).where(
                signin_failures.c.scope == self.scope, signin_failures.c.key == key,
                signin_failures.c.failed_at > now - self.window)).one()
            if rows[0] >= self.max_failures:
                wait = max(wait, rows[1] + self.window - now)
        seconds = wait.total_seconds()
        return int(seconds) + 1 if seconds > 0 else 0

    def _add(self, s: Session, keys: tuple[str, ...], now: datetime) -> None:
        s.execute(insert(signin_failures), [{"scope": self.scope, "key": key, "failed_at": now} for key in keys])

    def _sweep(self, s: Session, now: datetime) -> None:
        if self._sweeper.due(now):
            s.execute(delete(signin_failures).where(signin_failures.c.failed_at <= now - self.window))

    def retry_after(self, name: str, address: str) -> int:
        """Seconds until another try is allowed; 0 when it is allowed now."""
        now = self.store.clock()
        with self.store.transaction() as s:
            return self._wait(s, self._keys(name, address), now)

    def attempt(self, name: str, address: str) -> int:
        """Check and count one try at once: 0 and the try counted as failed until `succeeded`
        says otherwise, or the seconds to wait (nothing counted)."""
        keys = self._keys(name, address)
        now = self.store.clock()
        with self._locked(keys) as s:
            self._sweep(s, now)
            wait = self._wait(s, keys, now)
            if not wait:
                self._add(s, keys, now)
        return wait

    def failed(self, name: str, address: str) -> None:
        keys = self._keys(name, address)
        now = self.store.clock()
        with self._locked(keys) as s:
            self._add(s, keys, now)

    def succeeded(self, name: str, address: str = "") -> None:
        """The name's count is cleared; the address keeps its other failures, less this try."""
        name_key, address_key = self._keys(name, address)
        with self._locked((name_key, address_key)) as s:
            s.execute(delete(signin_failures).where(signin_failures.c.scope == self.scope,
                                                    signin_failures.c.key == name_key))
            if address:
                newest = s.execute(select(signin_failures.c.id).where(
                    signin_failures.c.scope == self.scope, signin_failures.c.key == address_key)
                    .order_by(signin_failures.c.id.desc()).limit(1)).scalar()
                if newest is not None:
                    s.execute(delete(signin_failures).where(signin_failures.c.id == newest))

    def tracked(self) -> int:
        """How many names and addresses have failures stored (expired ones not swept yet
        included), for the tests."""
        with self.store.transaction() as s:
            return s.execute(select(func.count(func.distinct(signin_failures.c.key))).where(
                signin_failures.c.scope == self.scope)).scalar_one()
