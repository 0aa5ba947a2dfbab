"""The lock store in `endpoints.yml` for several Rasa servers (`make run-cluster`): Rasa's Redis
ticket lock, with two of its faults mended.

Rasa 3.6 serves a conversation's messages in ticket order: a server issues a ticket that expires
after `TICKET_LOCK_LIFETIME` seconds (so that a server killed mid-turn does not hold the
conversation for ever) and polls once a second until its ticket is the first one left.

1. **A waiting ticket expires too.** When a server dies holding ticket 0 and the message is sent
   again to another server within a second, that server's ticket 1 expires about a second after
   ticket 0 does. Unless one of its polls falls in that window it never sees ticket 1 served: once
   both have expired the lock's first ticket is "0", never 1, and the turn waits until its
   request is cancelled (the cluster fault test saw 30 s waits, then a start stored twice and
   turns answered but not stored, tests/test_cluster.py). Here a server renews its own ticket at
   every poll: only the tickets of a server that stopped polling (a dead one) run out.
2. **Read-modify-write without a transaction.** Rasa reads the lock, changes it and writes it
   back; two servers doing so at once for one conversation lose one change (a ticket issued, or
   one finished). Here every change is one Redis transaction (WATCH / MULTI, tried again if the
   lock changed in between).

Everything else (the key names, the ticket format, `TICKET_LOCK_LIFETIME`) is Rasa's, so servers
with and without this class could share a Redis.
"""
from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from typing import Any

import redis
from rasa.core.lock import Ticket, TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig


class RenewingRedisLockStore(RedisLockStore):
    """`RedisLockStore` whose waiting tickets are renewed and whose changes are atomic."""

    def __init__(self, endpoint_config: EndpointConfig | None = None, lifetime: float = LOCK_LIFETIME,
                 **kwargs: Any) -> None:
        # Rasa builds a store named by its module path with `endpoint_config=` alone.
        if endpoint_config is not None:
            kwargs = {"host": endpoint_config.url or "localhost", **endpoint_config.kwargs, **kwargs}
        self.lifetime = lifetime
        super().__init__(**kwargs)

    # --- one change, in one transaction -------------------------------------------------------
    def _change(self, conversation_id: str, change: Callable[[TicketLock], Any], create: bool = False) -> Any:
        """Apply `change` to the stored lock atomically and return what it returned; None (and
        nothing written) when there is no lock and `create` is false. An emptied lock is deleted."""
        key = self.key_prefix + conversation_id
        with self.red.pipeline() as pipe:
            while True:
                try:
                    pipe.watch(key)
                    raw = pipe.get(key)
                    if raw:
                        lock = TicketLock.from_dict(json.loads(raw))
                    elif create:
                        lock = self.create_lock(conversation_id)
                    else:
                        pipe.unwatch()
                        return None
                    result = change(lock)
                    pipe.multi()
                    if lock.tickets:
                        pipe.set(key, lock.dumps())
                    else:
                        pipe.delete(key)
                    pipe.execute()
                    return result
                except redis.WatchError:
                    continue  # another server changed it in between: read it again

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        try:
            number: int = self._change(conversation_id, lambda lock: lock.issue_ticket(lock_lifetime), create=True)
        except redis.RedisError as error:
            raise LockError(f"Error while acquiring lock. Error:\n{error}") from error
        return number

    def finish_serving(self, conversation_id: str, ticket_number: int) -> None:
        self._change(conversation_id, lambda lock: lock.remove_ticket_for(ticket_number))

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        # Removing the last ticket deletes the lock in the same transaction (`_change`).
        self.finish_serving(conversation_id, ticket_number)

    def renew(self, conversation_id: str, ticket_number: int) -> None:
        """Keep `ticket_number` alive for another lifetime: its server is still waiting. A ticket
        that ran out in a pause longer than a lifetime is put back in its place."""
        expires = time.time() + self.lifetime

        def renew(lock: TicketLock) -> None:
            for ticket in lock.tickets:
                if ticket.number == ticket_number:
                    ticket.expires = expires
                    break
            else:
                lock.tickets.append(Ticket(ticket_number, expires))
                lock.tickets = type(lock.tickets)(sorted(lock.tickets, key=lambda t: t.number))
            lock.remove_expired_tickets()

        self._change(conversation_id, renew)

    async def _acquire_lock(self, conversation_id: str, ticket: int, wait_time_in_seconds: float) -> TicketLock:
        while True:
            lock = self.get_lock(conversation_id)
            if not lock:  # deleted: every ticket ran out or was finished, ours too
                break
            if not lock.is_locked(ticket):
                return lock
            self.renew(conversation_id, ticket)
            await asyncio.sleep(wait_time_in_seconds)
        raise LockError(f"Could not acquire lock for conversation_id '{conversation_id}'.")
