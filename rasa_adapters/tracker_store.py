"""The tracker store in `endpoints.yml`: Rasa's SQL tracker store without its count on every save.

Rasa 3.6's `SQLTrackerStore.save` finds which of a tracker's events are new by counting, in the
database, the events of the conversation's latest session (an ORM query with a sub-query for the
latest `SessionStarted`): 12 % of the Rasa server's time per turn (docs/performance.md). The
tracker it saves was loaded by the same store at the start of the turn, under the conversation's
lock, so the number of stored events is already known: the events it was loaded with, and after
a save all of its events. This store remembers that number per tracker object (by a weak
reference: the entry goes when the tracker does; trackers compare by value, so they cannot be
dictionary keys themselves) and falls back to Rasa's count for a tracker it did not load or save itself
(a new conversation, another server's object) or one whose history is capped.

Everything else, the `events` table, the URL and the other settings, is Rasa's own.
"""
from __future__ import annotations

import functools
import itertools
import weakref
from collections.abc import Iterator
from typing import Any

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.trackers import DialogueStateTracker


class CountingSQLTrackerStore(SQLTrackerStore):
    """`SQLTrackerStore`, remembering how many of a tracker's events are stored."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._stored: dict[int, tuple[weakref.ref[DialogueStateTracker], int]] = {}

    def _remember(self, tracker: DialogueStateTracker) -> None:
        if tracker.events.maxlen is not None:  # a capped history drops events: len() would not count them
            return
        key = id(tracker)
        self._stored[key] = (weakref.ref(tracker, functools.partial(self._forget, key)), len(tracker.events))

    def _forget(self, key: int, _gone: object) -> None:
        self._stored.pop(key, None)

    def _stored_count(self, tracker: DialogueStateTracker) -> int | None:
        reference, count = self._stored.get(id(tracker), (None, 0))
        return count if reference is not None and reference() is tracker else None

    async def _retrieve(self, sender_id: str, fetch_events_from_all_sessions: bool) -> DialogueStateTracker | None:
        tracker = await super()._retrieve(sender_id, fetch_events_from_all_sessions)
        if tracker is not None and not fetch_events_from_all_sessions:  # Rasa counts the latest session
            self._remember(tracker)
        return tracker

    def _additional_events(self, session: Any, tracker: DialogueStateTracker) -> Iterator:
        stored = self._stored_count(tracker)
        if stored is None:
            return super()._additional_events(session, tracker)
        return itertools.islice(tracker.events, stored, len(tracker.events))

    async def save(self, tracker: DialogueStateTracker) -> None:
        await super().save(tracker)
        self._remember(tracker)  # only after the commit: a failed save leaves the events to store
