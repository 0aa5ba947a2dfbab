"""Trust boundaries (issue 15), one test per defect, each failing on the code before its fix.

So far: the action server. It listens on loopback by default and refuses every call without
the internal secret that the Rasa server sends (rasa_adapters/action_server.py), so nobody can
post a made-up tracker to score, store or end another trainee's session.
"""
from __future__ import annotations

import json
import os
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from bot.config import PROJECT_ROOT, load_settings, rasa_environment
from bot.ops.launcher import Service, free_port, wait_until_healthy
from bot.storage import TranscriptStore, migrate

SECRET = "test-internal-secret"


@pytest.fixture(scope="module")
def action_server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("actions")
    settings = load_settings({"ACTION_PORT": str(free_port()), "INTERNAL_SECRET": SECRET,
                              "DATABASE_URL": f"sqlite:///{tmp / 'coach.db'}",
                              "TRACKER_STORE_URL": f"sqlite:///{tmp / 'tracker.db'}"})
    migrate(settings.database_url)
    service = Service("action server", [sys.executable, "-m", "rasa_adapters.action_server"],
                      f"http://{settings.action_host}:{settings.action_port}/health", tmp / "actions.log")
    service.start(PROJECT_ROOT, {**os.environ, **rasa_environment(settings)})
    try:
        wait_until_healthy([service], 60)
        yield settings
    finally:
        service.stop()


def post(url: str, body: dict, headers: dict[str, str] | None = None) -> tuple[int, dict]:
    request = urllib.request.Request(url, json.dumps(body).encode(), {"Content-Type": "application/json",
                                                                      **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def forged_end_of(session_id: int, sender: str) -> dict:
    """What an attacker posts: a made-up tracker that ends someone's session as resolved."""
    state = {"scenario": "nine-weeks", "seed": 1, "mood": "calm", "patience": 12, "met": ["laptop", "gap"],
             "pending": [], "used": [], "policy_count": 0, "stalls": 0, "test_used": False, "turn": 3,
             "scores": [], "outcome": None, "session_id": session_id}
    latest = {"text": "/end_session", "intent": {"name": "end_session", "confidence": 1.0},
              "intent_ranking": [], "entities": [], "message_id": "forged"}
    return {"next_action": "action_end_session", "sender_id": sender, "version": "3.6.21", "domain": {},
            "tracker": {"sender_id": sender, "slots": {"customer": state, "active_scenario": "nine-weeks"},
                        "latest_message": latest, "events": [], "paused": False, "followup_action": None,
                        "active_loop": {}, "latest_action_name": "action_listen"}}


@pytest.mark.parametrize("headers", [None, {"X-Coach-Secret": ""}, {"X-Coach-Secret": "guess"},
                                     {"X-Coach-Secret": SECRET + "x"}])
def test_a_forged_action_call_is_refused_and_changes_nothing(action_server, headers):
    store = TranscriptStore(action_server.database_url)
    session_id = store.start_session(channel="rest", external_id="victim", trainee_name="victim",
                                     scenario_id="nine-weeks", conversation_id="victim", rubric_version=1,
                                     opening_text="Well?", mood="angry")
    status, body = post(action_server.action_endpoint_url, forged_end_of(session_id, "victim"), headers)
    assert status == 401 and "error" in body
    stored = store.get_session(session_id)
    assert stored["ended_at"] is None and stored["outcome"] is None and len(stored["turns"]) == 1
    store.close()


def test_with_the_secret_the_call_goes_through(action_server):
    store = TranscriptStore(action_server.database_url)
    session_id = store.start_session(channel="rest", external_id="owner", trainee_name="owner",
                                     scenario_id="nine-weeks", conversation_id="owner", rubric_version=1,
                                     opening_text="Well?", mood="angry")
    status, _ = post(action_server.action_endpoint_url, forged_end_of(session_id, "owner"),
                     {"X-Coach-Secret": SECRET})
    assert status == 200
    store.close()


def test_the_health_check_stays_open(action_server):
    with urllib.request.urlopen(action_server.action_endpoint_url.replace("/webhook", "/health"), timeout=10) as r:
        assert r.status == 200


def _listening_addresses(port: int):
    """Local addresses with a socket listening on `port`, from /proc (no traffic sent)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        path = Path(table)
        if not path.exists():
            continue
        for line in path.read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.rsplit(":", 1)
            if int(hex_port, 16) == port and state == "0A":  # LISTEN
                found.add(address)
    return found


def test_the_action_server_listens_on_loopback_only(action_server):
    assert action_server.action_host == "127.0.0.1"
    assert _listening_addresses(action_server.action_port) == {"0100007F"}  # 127.0.0.1


def test_action_host_and_secret_are_settings():
    settings = load_settings({"ACTION_HOST": "10.1.2.3", "INTERNAL_SECRET": "s3cret"})
    assert settings.action_endpoint_url.startswith("http://10.1.2.3:")
    assert rasa_environment(settings)["INTERNAL_SECRET"] == "s3cret"


def test_the_generated_secret_is_private_and_kept(tmp_path):
    first = load_settings({}, root=tmp_path).internal_secret
    path = tmp_path / "var" / "internal_secret"
    assert len(first) >= 32 and path.stat().st_mode & 0o777 == 0o600
    assert load_settings({}, root=tmp_path).internal_secret == first


# --- database files are private (0600): they hold transcripts and the leads' password hashes ----
def test_a_new_sqlite_database_is_created_private(tmp_path):
    from bot.storage.engine import check_database

    migrate(f"sqlite:///{tmp_path / 'coach.db'}")
    check_database(f"sqlite:///{tmp_path / 'tracker.db'}")  # before Rasa's tracker store makes it
    for name in ("coach.db", "tracker.db"):
        assert (tmp_path / name).stat().st_mode & 0o777 == 0o600, name


def test_an_existing_world_readable_database_is_made_private(tmp_path):
    path = tmp_path / "coach.db"
    migrate(f"sqlite:///{path}")
    path.chmod(0o644)
    TranscriptStore(f"sqlite:///{path}").close()
    migrate(f"sqlite:///{path}")
    assert path.stat().st_mode & 0o777 == 0o600


# --- a purge leaves the words nowhere: our tables, the web history, Rasa's tracker ---------------
def _every_row(url: str):
    from sqlalchemy import MetaData, create_engine, select

    engine = create_engine(url, future=True)
    metadata = MetaData()
    metadata.reflect(engine)
    with engine.connect() as connection:
        for table in metadata.sorted_tables:
            for row in connection.execute(select(table)):
                yield table.name, " ".join(str(value) for value in row)
    engine.dispose()


def test_a_purge_removes_the_words_from_every_table_and_rasas_tracker(tmp_path):
    import asyncio
    from datetime import datetime, timedelta, timezone

    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    from bot.storage.history import ChatHistory
    from bot.storage.purge import purge_message_text

    phrase = "purple elephant in the server room"
    coach, tracker = f"sqlite:///{tmp_path / 'coach.db'}", f"sqlite:///{tmp_path / 'tracker.db'}"
    migrate(coach)
    store = TranscriptStore(coach)
    session = store.start_session(channel="rest", external_id="web:kim", trainee_name="Kim", scenario_id="nine-weeks",
                                  conversation_id="web:kim", rubric_version=1, opening_text="Well?", mood="angry")
    store.record_exchange(session, trainee_text=phrase, score=None, customer_text="What?", mood="angry")
    ChatHistory(coach).append("kim", {"trainee": phrase, "messages": []})
    rasa_store = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(tmp_path / "tracker.db"))
    asyncio.run(rasa_store.save(DialogueStateTracker.from_events("web:kim", [UserUttered(phrase)])))
    assert any(phrase in row for url in (coach, tracker) for _, row in _every_row(url))

    tomorrow = datetime.now(timezone.utc) + timedelta(days=1)  # the purge, run a day later
    assert TranscriptStore(coach, clock=lambda: tomorrow).purge(timedelta(hours=1), dry_run=False) == 1
    counts = purge_message_text(coach, tracker, tomorrow - timedelta(hours=1), dry_run=False)
    assert counts == {"web history turns": 1, "Rasa tracker events": 1}
    left = [(url, table) for url in (coach, tracker) for table, row in _every_row(url) if phrase in row]
    assert left == [], left


def test_purge_counts_first_and_treats_missing_tables_as_empty(tmp_path):
    from datetime import datetime, timezone

    from bot.storage.purge import purge_message_text

    empty = f"sqlite:///{tmp_path / 'empty.db'}"
    assert purge_message_text(empty, empty, datetime.now(timezone.utc)) == {"web history turns": 0,
                                                                            "Rasa tracker events": 0}
