"""rasa_adapters/tracker_store.py: the SQL tracker store that remembers how many of a tracker's
events are stored stores exactly what Rasa's own does, without the count query on each save."""
from __future__ import annotations

import asyncio

import pytest
from rasa.core.tracker_store import SQLTrackerStore, TrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig
from sqlalchemy import event

from rasa_adapters.tracker_store import CountingSQLTrackerStore

DOMAIN = Domain.from_yaml("version: '3.1'\nslots:\n  customer:\n    type: any\n    mappings: []\n")


def _turn(text, number):
    return [UserUttered(text, timestamp=number), SlotSet("customer", {"turn": number}, timestamp=number + 0.1),
            ActionExecuted("action_listen", timestamp=number + 0.2)]


async def _play(store, steps):
    """Each step: events appended to the tracker retrieved fresh ("turn"), or to the same object
    saved again ("again"), or a session rolled over inside the turn ("rollover")."""
    tracker = None
    await store.save(DialogueStateTracker.from_events("kim", [SessionStarted(timestamp=1.0)], DOMAIN.slots))
    for number, step in enumerate(steps, start=2):
        if step != "again":
            tracker = await store.retrieve("kim")
        events = _turn(f"reply {number}", number * 10)
        if step == "rollover":
            events = [ActionExecuted("action_session_start", timestamp=number * 10 - 1),
                      SessionStarted(timestamp=number * 10 - 0.5), *events]
        for e in events:
            tracker.update(e)
        await store.save(tracker)
    return [(row.type_name, row.timestamp, row.data) for row in _rows(store)]


def _rows(store):
    with store.session_scope() as session:
        return session.query(store.SQLEvent).order_by(store.SQLEvent.id).all()


@pytest.mark.parametrize("steps", [
    ["turn", "turn", "turn"],
    ["turn", "rollover", "turn", "turn"],
    ["turn", "again", "turn"],
    ["rollover", "again"],
], ids=["turns", "a session rolled over mid-turn", "one tracker saved twice", "saved twice after a rollover"])
def test_it_stores_exactly_what_rasas_sql_tracker_store_stores(tmp_path, steps):
    ours = CountingSQLTrackerStore(DOMAIN, dialect="sqlite", db=str(tmp_path / "ours.db"))
    rasas = SQLTrackerStore(DOMAIN, dialect="sqlite", db=str(tmp_path / "rasa.db"))
    stored = asyncio.run(_play(ours, steps))
    if steps[-2:] == ["rollover", "again"]:
        # Rasa's count then reads the new session only and stores the turn's events twice; ours does not.
        assert len(stored) == 1 + 2 + 3 + 3
        assert len(set(stored)) == len(stored)
    else:
        assert stored == asyncio.run(_play(rasas, steps))


def test_a_retrieved_trackers_save_runs_no_count_query(tmp_path):
    store = CountingSQLTrackerStore(DOMAIN, dialect="sqlite", db=str(tmp_path / "ours.db"))
    statements = []
    event.listen(store.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))

    async def turn():
        tracker = await store.retrieve("kim")
        for e in _turn("hello", 50):
            tracker.update(e)
        statements.clear()
        await store.save(tracker)

    asyncio.run(store.save(DialogueStateTracker.from_events("kim", [SessionStarted(timestamp=1.0)], DOMAIN.slots)))
    asyncio.run(turn())
    assert not [s for s in statements if "count(" in s.lower()], statements
    assert sum(s.lstrip().upper().startswith("INSERT") for s in statements) == 3


def test_endpoints_yml_builds_it_and_a_wrong_path_would_not_pass_silently(tmp_path):
    import yaml

    from bot.config import PROJECT_ROOT

    config = yaml.safe_load((PROJECT_ROOT / "endpoints.yml").read_text())["tracker_store"]
    assert config["type"] == "rasa_adapters.tracker_store.CountingSQLTrackerStore"
    store = TrackerStore.create(EndpointConfig(url=f"sqlite:///{tmp_path / 'tracker.db'}", type=config["type"]), DOMAIN)
    inner = getattr(store, "_tracker_store", store)
    inner = getattr(inner, "_tracker_store", inner)
    assert isinstance(inner, CountingSQLTrackerStore)
