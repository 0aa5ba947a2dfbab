"""The transcript store, on SQLite and on a real PostgreSQL server (see tests/pg_server.py)."""
from __future__ import annotations

import io
import json
import socket
import threading
import time
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import create_engine, event, inspect, select, text
from sqlalchemy.exc import OperationalError

from bot.coach.scoring import Cue, ReplyScore
from bot.coach.state import BadCustomerState, CustomerState
from bot.storage import DatabaseUnavailable, SessionEnded, SessionNotFound, TranscriptStore, migrate
from bot.storage.export import CSV_COLUMNS, read_csv_rows, to_json, write_csv
from bot.storage.migrate import alembic_config, current_revision, head_revision, schema_status
from bot.storage.models import TABLE_NAMES, metadata, turns
from bot.storage.records import (
    ExportRow,
    ProgressPoint,
    ReviewRecord,
    SessionPage,
    SessionRecord,
    SessionSummary,
    TraineeRecord,
    TraineeRef,
    TurnRecord,
)
from tests import pg_server

HEAD = "0009"  # the newest revision in migrations/versions/
T0 = datetime(2025, 3, 1, 9, 0, tzinfo=timezone.utc)


# --- fixtures: empty_db is each kind of database, empty (from tests/pg_server.py) ---------------------------
class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime = T0):
        self.now = now
        self._lock = threading.Lock()

    def __call__(self) -> datetime:
        with self._lock:
            return self.now

    def advance(self, **delta) -> datetime:
        with self._lock:
            self.now += timedelta(**delta)
            return self.now


@pytest.fixture
def db_url(empty_db, request):
    """empty_db, migrated. On SQLite: a copy of the database migrated once per run (conftest.py's
    migrated_sqlite, the same file name); the migrations themselves are tested below on both kinds."""
    if empty_db.startswith("sqlite"):
        return request.getfixturevalue("migrated_sqlite")
    migrate(empty_db)
    return empty_db


@pytest.fixture
def store(db_url):
    with TranscriptStore(db_url, connect_timeout=5) as s:
        yield s


@pytest.fixture
def clocked(db_url):
    clock = Clock()
    with TranscriptStore(db_url, connect_timeout=5, clock=clock) as s:
        yield s, clock


def score(own=70, flex=55, over=False, reason="Takes ownership."):
    return ReplyScore(text="", ownership=own, flexibility=flex,
                      cues=(Cue("I'll sort it", "ownership", "takes ownership", 12, 0),
                            Cue("a temporary router", "offer", "offers an alternative", 2, 14)),
                      reason=reason, over_promise=over, move="take_ownership").payload()


def start(store, external_id="U100", name="Anna Smith", scenario="outage", channel="slack", opening="Hello?"):
    return store.start_session(channel=channel, external_id=external_id, trainee_name=name, scenario_id=scenario,
                               conversation_id=f"conv-{external_id}", rubric_version=3, opening_text=opening,
                               mood="annoyed")


# --- schema -----------------------------------------------------------------------------------------

def assert_models_match_migrations(engine) -> None:
    """The tables the migrations made are the ones bot/storage/models.py declares."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={
            "compare_type": True, "include_name": lambda n, t, p: t != "table" or n in TABLE_NAMES})
        assert compare_metadata(context, metadata) == []

def test_migrations_build_the_schema_from_empty(empty_db):
    assert current_revision(empty_db) is None
    assert migrate(empty_db) == head_revision() == HEAD
    assert migrate(empty_db) == HEAD  # a second run changes nothing
    assert schema_status(empty_db) == (HEAD, HEAD)
    engine = create_engine(empty_db, future=True)
    try:
        found = inspect(engine)
        names = set(found.get_table_names())
        assert TABLE_NAMES | {"coach_alembic_version"} <= names
        assert "events" not in names and "alembic_version" not in names  # Rasa's and others' names left free
        session_indexes = {tuple(i["column_names"]) for i in found.get_indexes("coach_sessions")}
        assert {("trainee_id", "started_at"), ("scenario_id", "started_at"), ("started_at",),
                ("outcome", "started_at")} <= session_indexes
        uniques = {tuple(u["column_names"]) for u in found.get_unique_constraints("coach_turns")}
        assert ("session_id", "seq") in uniques
        assert ("channel", "external_id") in {tuple(u["column_names"])
                                             for u in found.get_unique_constraints("coach_trainees")}
        # The migration and bot/storage/models.py describe the same schema.

        assert_models_match_migrations(engine)
    finally:
        engine.dispose()


def test_downgrade_and_upgrade_again(empty_db):
    from alembic import command

    migrate(empty_db)
    command.downgrade(alembic_config(empty_db), "base")
    assert current_revision(empty_db) is None
    engine = create_engine(empty_db, future=True)
    try:
        assert not TABLE_NAMES & set(inspect(engine).get_table_names())
    finally:
        engine.dispose()
    assert migrate(empty_db) == HEAD


def test_leads_made_before_0003_get_their_folded_name_key(empty_db):
    from sqlalchemy import text

    from bot.storage.users import UserStore

    migrate(empty_db, revision="0002")
    engine = create_engine(empty_db, future=True)
    try:
        with engine.begin() as connection:
            connection.execute(text("INSERT INTO coach_users (name, role, password_hash, created_at) "
                                    "VALUES ('Émile', 'lead', 'x', CURRENT_TIMESTAMP)"))
    finally:
        engine.dispose()
    assert migrate(empty_db) == HEAD
    store = TranscriptStore(empty_db)
    user = UserStore(store).get("ÉMILE")
    store.close()
    assert user is not None and user.name == "Émile" and user.token_version == 0


def _old_web_history(url: str, trainee: str, turns_: list[dict]) -> None:
    """`web_chat_history` as the web process made it before revision 0009 (create_all with its
    own MetaData, bot/web/history.py), with rows in it."""
    from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, Text, insert

    old = MetaData()
    table = Table("web_chat_history", old,
                  Column("id", Integer, primary_key=True, autoincrement=True),
                  Column("trainee", String(200), nullable=False, index=True),
                  Column("turn", Text, nullable=False),
                  Column("created_at", DateTime(timezone=True), nullable=False))
    engine = create_engine(url, future=True)
    try:
        old.create_all(engine)
        with engine.begin() as connection:
            for turn in turns_:
                connection.execute(insert(table).values(trainee=trainee, turn=json.dumps(turn), created_at=T0))
    finally:
        engine.dispose()


@pytest.mark.parametrize("made_at", [None, "0008"], ids=["before-any-revision", "at-0008"])
def test_a_web_history_made_the_old_way_is_kept_by_0009(empty_db, made_at):

    from bot.storage.history import ChatHistory

    if made_at:
        migrate(empty_db, revision=made_at)
    kept = [{"kind": "start", "messages": []}, {"kind": "reply", "trainee": "hello", "messages": []}]
    _old_web_history(empty_db, "kim", kept)
    assert migrate(empty_db) == HEAD
    history = ChatHistory(empty_db)
    try:
        assert history.load("kim") == kept
        history.append("kim", {"kind": "end", "messages": []})
        assert [t["kind"] for t in history.load("kim")] == ["start", "reply", "end"]
    finally:
        history.close()
    engine = create_engine(empty_db, future=True)
    try:
        indexes = [i["column_names"] for i in inspect(engine).get_indexes("web_chat_history")]
        assert indexes == [["trainee"]]  # create_all's index, not made twice
        assert_models_match_migrations(engine)
    finally:
        engine.dispose()


def test_the_web_history_of_a_database_not_upgraded_says_what_to_run(empty_db):
    from bot.storage.history import ChatHistory, HistoryUnavailable

    migrate(empty_db, revision="0008")
    history = ChatHistory(empty_db)
    try:
        for call in (lambda: history.load("kim"), lambda: history.append("kim", {"messages": []})):
            with pytest.raises(HistoryUnavailable, match=r"python -m bot db upgrade"):
                call()
    finally:
        history.close()


# --- a role-play, stored and read back ------------------------------------------------------------------
def test_full_roleplay_is_stored_and_read_back(clocked):
    store, clock = clocked
    session_id = start(store, opening="My internet's been down for three days!")
    clock.advance(seconds=30)
    assert store.record_exchange(session_id, trainee_text="I'm sorry. I'll sort it out for you today.",
                                 score=score(72, 40), customer_text="Today? Really?", mood="wary") == (2, 3)
    clock.advance(seconds=30)
    assert store.record_exchange(session_id, trainee_text="I can send a temporary router — 4G, €0.",
                                 score=score(80, 75, over=True, reason="Offers, but promises too much."),
                                 customer_text="Okay, that helps.", mood="calm") == (4, 5)
    clock.advance(seconds=30)
    assert store.record_exchange(session_id, trainee_text="(unscored)", score=None,
                                 customer_text="Hm.", mood="calm") == (6, 7)
    clock.advance(seconds=30)
    assert store.end_session(session_id, outcome="resolved", ownership=76, flexibility=58,
                             goodbye_text="Thanks, bye!", mood="pleased") is True
    assert store.end_session(session_id, outcome="churned", ownership=1, flexibility=1) is False

    got = store.get_session(session_id)
    assert got["trainee"]["name"] == "Anna Smith" and got["trainee"]["external_id"] == "U100"
    assert got["trainee"]["channel"] == "slack" and got["channel"] == "slack"
    assert (got["scenario"], got["conversation_id"], got["rubric_version"]) == ("outage", "conv-U100", 3)
    assert (got["outcome"], got["ownership"], got["flexibility"], got["reviewed"]) == ("resolved", 76, 58, False)
    assert got["started_at"] == T0 and got["ended_at"] == T0 + timedelta(minutes=2)
    assert got["started_at"].tzinfo is not None and got["started_at"].utcoffset() == timedelta(0)
    assert [t["seq"] for t in got["turns"]] == [1, 2, 3, 4, 5, 6, 7, 8]
    assert [t["speaker"] for t in got["turns"]] == ["customer", "trainee", "customer", "trainee", "customer",
                                                    "trainee", "customer", "customer"]
    opening, first, _, second, reply, unscored, _, goodbye = got["turns"]
    assert opening["text"] == "My internet's been down for three days!" and opening["mood"] == "annoyed"
    assert (first["ownership"], first["flexibility"], first["over_promise"]) == (72, 40, False)
    assert first["cues"] == score()["cues"] and first["cues"][0]["phrase"] == "I'll sort it"
    assert first["reason"] == "Takes ownership."
    assert second["text"] == "I can send a temporary router — 4G, €0." and second["over_promise"] is True
    assert second["reason"] == "Offers, but promises too much."
    assert (reply["text"], reply["mood"]) == ("Okay, that helps.", "calm")
    assert unscored["ownership"] is None and unscored["cues"] == [] and unscored["over_promise"] is None
    assert (goodbye["text"], goodbye["mood"]) == ("Thanks, bye!", "pleased")
    assert goodbye["created_at"] == T0 + timedelta(minutes=2)
    assert got["reviews"] == []

    with pytest.raises(SessionEnded):
        store.record_exchange(session_id, trainee_text="x", score=None, customer_text="y", mood="calm")
    with pytest.raises(SessionNotFound):
        store.record_exchange(999999, trainee_text="x", score=None, customer_text="y", mood="calm")
    with pytest.raises(SessionNotFound):
        store.end_session(999999, outcome="resolved", ownership=1, flexibility=1)
    with pytest.raises(ValueError):
        store.end_session(session_id, outcome="won", ownership=1, flexibility=1)
    assert store.get_session(999999) is None


def test_trainee_is_upserted_and_a_reply_score_object_is_accepted(store):
    first = start(store, name="Anna")
    second = start(store, name="Anna Smith-Jones")  # renamed on Slack since
    other_channel = start(store, channel="web", name="Anna")
    a, b, c = (store.get_session(i)["trainee"] for i in (first, second, other_channel))
    assert a["id"] == b["id"] != c["id"]
    assert store.get_session(first)["trainee"]["name"] == "Anna Smith-Jones"
    reply = ReplyScore(text="t", ownership=61, flexibility=62, cues=(), reason="r", over_promise=False, move="m")
    store.record_exchange(first, trainee_text="t", score=reply, customer_text="c", mood="calm")
    assert store.get_session(first)["turns"][1]["ownership"] == 61
    assert store.end_session(first, outcome="abandoned", ownership=None, flexibility=None) is True
    assert store.get_session(first)["turns"][-1]["seq"] == 3  # no goodbye line given: none stored


def test_the_last_exchange_can_close_the_session_in_the_same_transaction(store):
    session_id = start(store)
    with pytest.raises(ValueError):
        store.record_exchange(session_id, trainee_text="t", score=None, customer_text="c", mood="m",
                              end={"outcome": "won"})
    assert store.record_exchange(session_id, trainee_text="Sorted.", score=score(), customer_text="Thanks!",
                                 mood="pleased", end={"outcome": "resolved", "ownership": 71,
                                                      "flexibility": 52}) == (2, 3)
    got = store.get_session(session_id)
    assert (got["outcome"], got["ownership"], got["flexibility"]) == ("resolved", 71, 52)
    assert got["ended_at"] is not None and len(got["turns"]) == 3
    assert store.end_session(session_id, outcome="resolved", ownership=71, flexibility=52) is False


def test_times_are_stored_in_utc(db_url):
    paris = timezone(timedelta(hours=2))
    with TranscriptStore(db_url, clock=lambda: datetime(2025, 6, 1, 14, 0, tzinfo=paris)) as store:
        session_id = start(store)
        got = store.get_session(session_id)
        assert got["started_at"] == datetime(2025, 6, 1, 12, 0, tzinfo=timezone.utc)
        assert got["started_at"].tzinfo == timezone.utc
        assert store.list_sessions(date_from="2025-06-01", date_to="2025-06-01")["total"] == 1
        assert store.list_sessions(date_from=datetime(2025, 6, 1, 12, 0, 1, tzinfo=timezone.utc))["total"] == 0
        assert store.list_sessions(date_to=datetime(2025, 6, 1, 13, 59, tzinfo=paris))["total"] == 0


# --- concurrency ------------------------------------------------------------------------------------------
def test_concurrent_sessions_never_lose_or_mix_turns(db_url):
    trainees, exchanges = 50, 4
    with TranscriptStore(db_url, connect_timeout=5) as store:
        barrier = threading.Barrier(trainees + 2)
        errors, ids = [], {}

        def play(who: str, tag: str):
            try:
                barrier.wait(timeout=60)
                session_id = start(store, external_id=who, name=who, opening=f"{tag} opening")
                ids[tag] = session_id
                for n in range(exchanges):
                    store.record_exchange(session_id, trainee_text=f"{tag} reply {n}", score=score(n, n),
                                          customer_text=f"{tag} answer {n}", mood="calm")
                store.end_session(session_id, outcome="resolved", ownership=50, flexibility=50,
                                  goodbye_text=f"{tag} bye", mood="calm")
            except Exception as error:  # reported below, with the thread it came from
                errors.append((tag, repr(error)))

        threads = [threading.Thread(target=play, args=(f"U{i}", f"s{i}")) for i in range(trainees)]
        # One trainee with two sessions at once (two browser tabs).
        threads += [threading.Thread(target=play, args=("U0", f"s0-tab{k}")) for k in (1, 2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=180)
        assert not [t for t in threads if t.is_alive()], "threads still running"
        assert errors == []
        assert len(set(ids.values())) == trainees + 2
        for tag, session_id in ids.items():
            got = store.get_session(session_id)
            expected = [f"{tag} opening"]
            for n in range(exchanges):
                expected += [f"{tag} reply {n}", f"{tag} answer {n}"]
            expected.append(f"{tag} bye")
            assert [t["text"] for t in got["turns"]] == expected, tag
            assert [t["seq"] for t in got["turns"]] == list(range(1, len(expected) + 1))
            assert [t["ownership"] for t in got["turns"][1::2]] == list(range(exchanges)) + [None]
        assert store.list_sessions(trainee="U0")["total"] == 3
        assert store.list_sessions(per_page=1000)["total"] == trainees + 2


def test_concurrent_writes_to_one_session_get_distinct_seqs(store):
    session_id = start(store)
    writers, each = 8, 5
    errors = []
    barrier = threading.Barrier(writers)

    def write(k: int):
        try:
            barrier.wait(timeout=30)
            for n in range(each):
                store.record_exchange(session_id, trainee_text=f"w{k}-{n}", score=None,
                                      customer_text=f"w{k}-{n} answer", mood="calm")
        except Exception as error:
            errors.append(repr(error))

    threads = [threading.Thread(target=write, args=(k,)) for k in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    got = store.get_session(session_id)["turns"]
    assert [t["seq"] for t in got] == list(range(1, 2 + 2 * writers * each))
    # Each exchange's two turns stay together, in order.
    for trainee_turn, customer_turn in zip(got[1::2], got[2::2], strict=True):
        assert customer_turn["text"] == trainee_turn["text"] + " answer"


# --- a failure in the middle writes nothing ----------------------------------------------------------------
def test_a_failure_mid_transaction_is_rolled_back(store):
    session_id = start(store)
    engine = store.engine
    fail = {"armed": True}

    def boom(conn, cursor, statement, parameters, context, executemany):
        if fail["armed"] and statement.lstrip().upper().startswith("INSERT INTO COACH_TURNS") \
                and "customer" in str(parameters):
            fail["armed"] = False
            raise OperationalError(statement, parameters, Exception("server closed the connection unexpectedly"))

    event.listen(engine, "before_cursor_execute", boom)
    try:
        with pytest.raises(DatabaseUnavailable) as caught:
            store.record_exchange(session_id, trainee_text="lost?", score=score(), customer_text="never",
                                  mood="calm")
    finally:
        event.remove(engine, "before_cursor_execute", boom)
    assert "server closed the connection" in str(caught.value)
    assert [t["text"] for t in store.get_session(session_id)["turns"]] == ["Hello?"]  # not the trainee's line
    assert store.record_exchange(session_id, trainee_text="again", score=None, customer_text="ok",
                                 mood="calm") == (2, 3)


# --- list, filters, paging, progress ------------------------------------------------------------------------
@pytest.fixture
def history(clocked):
    """12 sessions over 6 days: 3 trainees, 2 scenarios, 2 channels, every outcome."""
    store, clock = clocked
    plan = [  # (day, trainee, name, scenario, channel, outcome, ownership, flexibility)
        (0, "U1", "Anna Smith", "outage", "slack", "resolved", 70, 60),
        (0, "U2", "Bob Jones", "billing", "slack", "churned", 20, 30),
        (1, "U1", "Anna Smith", "billing", "slack", "abandoned", 45, 40),
        (1, "w-cara", "Cara O'Neil", "outage", "web", "resolved", 90, 80),
        (2, "U2", "Bob Jones", "outage", "slack", "resolved", 65, 55),
        (2, "U1", "Anna Smith", "outage", "slack", "resolved", 75, 65),
        (3, "w-cara", "Cara O'Neil", "billing", "web", "churned", 35, 25),
        (3, "U1", "Anna Smith", "billing", "slack", "resolved", 80, 70),
        (4, "U2", "Bob Jones", "billing", "slack", "abandoned", 40, 45),
        (4, "w-cara", "Cara O'Neil", "outage", "web", None, None, None),
        (5, "U1", "Anna Smith", "outage", "slack", None, None, None),
        (5, "U2", "Bob Jones", "outage", "slack", "resolved", 85, 75),
    ]
    ids = []
    for index, (day, who, name, scenario, channel, outcome, own, flex) in enumerate(plan):
        clock.now = T0 + timedelta(days=day, hours=index % 2)
        session_id = start(store, external_id=who, name=name, scenario=scenario, channel=channel)
        store.record_exchange(session_id, trainee_text="reply", score=score(own or 50, flex or 50),
                              customer_text="answer", mood="calm")
        if outcome:
            store.end_session(session_id, outcome=outcome, ownership=own, flexibility=flex)
        ids.append(session_id)
    return store, clock, ids


def test_list_filters(history):
    store, _, ids = history
    everything = store.list_sessions()
    assert everything["total"] == 12 and everything["page"] == 1 and everything["per_page"] == 50
    assert [i["id"] for i in everything["items"]] == ids[::-1]  # newest first
    item = everything["items"][-1]
    assert item["trainee"] == "Anna Smith" and item["scenario"] == "outage" and item["channel"] == "slack"
    assert (item["turns"], item["outcome"], item["ownership"], item["flexibility"], item["reviewed"]) == \
        (3, "resolved", 70, 60, False)
    assert item["started_at"] == T0 and item["ended_at"] == T0

    def ids_for(**filters):
        return sorted(i["id"] for i in store.list_sessions(per_page=100, **filters)["items"])

    assert ids_for(trainee="U1") == [ids[i] for i in (0, 2, 5, 7, 10)]
    assert ids_for(trainee="anna") == ids_for(trainee="U1")  # part of the name, any case
    assert ids_for(trainee="o'neil") == [ids[i] for i in (3, 6, 9)]
    trainee_id = store.get_session(ids[1])["trainee"]["id"]
    assert ids_for(trainee=trainee_id) == [ids[i] for i in (1, 4, 8, 11)]
    assert ids_for(trainee="nobody") == []
    assert ids_for(trainee="100%") == []  # a % is a character here, not a wildcard
    assert ids_for(scenario="billing") == [ids[i] for i in (1, 2, 6, 7, 8)]
    assert ids_for(outcome="resolved") == [ids[i] for i in (0, 3, 4, 5, 7, 11)]
    assert ids_for(outcome="open") == [ids[9], ids[10]]
    assert ids_for(channel="web") == [ids[i] for i in (3, 6, 9)]
    assert ids_for(date_from=date(2025, 3, 5)) == [ids[i] for i in (8, 9, 10, 11)]
    assert ids_for(date_to="2025-03-01") == [ids[0], ids[1]]  # the whole day
    assert ids_for(date_from="2025-03-02", date_to="2025-03-03") == [ids[i] for i in (2, 3, 4, 5)]
    assert ids_for(trainee="U1", scenario="outage", outcome="resolved") == [ids[0], ids[5]]
    for bad in ({"outcome": "won"}, {"date_from": "yesterday"}, {"page": 0}, {"per_page": 0},
                {"sort": "password"}, {"date_from": "2025-03-05", "date_to": "2025-03-01"}):
        with pytest.raises(ValueError):
            store.list_sessions(**bad)


def test_list_paging_and_sorting(history):
    store, _, ids = history
    pages = [store.list_sessions(page=n, per_page=5) for n in (1, 2, 3, 4)]
    assert [len(p["items"]) for p in pages] == [5, 5, 2, 0]
    assert all(p["total"] == 12 for p in pages)
    seen = [i["id"] for p in pages for i in p["items"]]
    assert seen == ids[::-1]
    by_own = [i["ownership"] for i in store.list_sessions(sort="ownership")["items"]]
    assert by_own == [20, 35, 40, 45, 65, 70, 75, 80, 85, 90, None, None]  # empty scores last
    by_own_desc = [i["ownership"] for i in store.list_sessions(sort="-ownership")["items"]]
    assert by_own_desc == [90, 85, 80, 75, 70, 65, 45, 40, 35, 20, None, None]
    assert [i["id"] for i in store.list_sessions(sort="started_at", per_page=3)["items"]] == ids[:3]
    names = [i["trainee"] for i in store.list_sessions(sort="trainee")["items"]]
    assert names == sorted(names)


def test_trainee_progress(history):
    store, _, ids = history
    progress = store.trainee_progress("U1")
    assert [p["session_id"] for p in progress] == [ids[i] for i in (0, 2, 5, 7, 10)]
    assert [p["date"] for p in progress] == sorted(p["date"] for p in progress)
    assert [(p["scenario"], p["outcome"], p["ownership"], p["flexibility"]) for p in progress] == [
        ("outage", "resolved", 70, 60), ("billing", "abandoned", 45, 40), ("outage", "resolved", 75, 65),
        ("billing", "resolved", 80, 70), ("outage", None, None, None)]
    trainee_id = store.get_session(ids[0])["trainee"]["id"]
    assert store.trainee_progress(trainee_id) == progress
    assert store.trainee_progress("U1", channel="web") == []
    assert store.trainee_progress("nobody") == []


def test_reviews_are_kept_with_the_session(history):
    store, _, ids = history
    session_id = ids[0]
    reply_turn = store.get_session(session_id)["turns"][1]
    store.add_review(session_id, author="coach@example.com", comment="Good ownership.")
    store.add_review(session_id, author="coach@example.com", kind="override", turn_id=reply_turn["id"],
                     dimension="flexibility", new_score=30, comment="No real offer here.")
    store.add_review(session_id, author="lead", kind="override", dimension="ownership", new_score=60)
    got = store.get_session(session_id)
    assert got["reviewed"] is True and got["ownership"] == 60
    assert got["turns"][1]["flexibility"] == 30
    kinds = [(r["kind"], r["dimension"], r["old_score"], r["new_score"], r["turn_id"]) for r in got["reviews"]]
    assert kinds == [("comment", None, None, None, None),
                     ("override", "flexibility", reply_turn["flexibility"], 30, reply_turn["id"]),
                     ("override", "ownership", 70, 60, None)]
    assert store.list_sessions(trainee="U1", sort="started_at")["items"][0]["reviewed"] is True
    # The CSV row of the overridden reply: the lead's score, the machine's, and the reason.
    row = next(r for r in store.export_rows([session_id]) if r["seq"] == reply_turn["seq"])
    assert (row["flexibility"], row["machine_flexibility"], row["lead_notes"]) == \
        (30, reply_turn["flexibility"], "coach@example.com: No real offer here.")
    assert "machine_ownership" not in row
    with pytest.raises(ValueError):
        store.add_review(session_id, author="x", kind="override", dimension="charm", new_score=10)
    with pytest.raises(ValueError):
        store.add_review(session_id, author="x", kind="override", turn_id=reply_turn["id"] + 10_000,
                         dimension="ownership", new_score=10)


# --- export -------------------------------------------------------------------------------------------------
def test_csv_export_round_trip(clocked):
    store, clock = clocked
    tricky = 'She said "no", then:\nline two, with a comma; and € signs — ünïcödé'
    session_id = start(store, name="=HYPERLINK(\"http://x\")", opening=tricky)
    store.record_exchange(session_id, trainee_text="-1 for me, +1 for you", score=score(),
                          customer_text="@everyone", mood="calm")
    store.end_session(session_id, outcome="resolved", ownership=70, flexibility=55, goodbye_text="Bye")
    start(store, external_id="U2", name="Other")  # not asked for

    rows = store.export_rows([session_id])
    assert len(rows) == 4 and [r["seq"] for r in rows] == [1, 2, 3, 4]
    out = io.StringIO()
    assert write_csv(rows, out) == 4
    lines = out.getvalue().splitlines()
    assert lines[0] == ",".join(CSV_COLUMNS)
    assert '"\'=HYPERLINK(""http://x"")"' in out.getvalue()  # a spreadsheet shows it, does not run it
    back = read_csv_rows(io.StringIO(out.getvalue()))
    assert len(back) == 4
    for original, read in zip(rows, back, strict=True):
        assert read["session_id"] == str(session_id)
        assert read["trainee"] == '=HYPERLINK("http://x")' and read["scenario"] == "outage"
        assert read["text"] == original["text"]
        assert read["speaker"] == original["speaker"] and read["seq"] == str(original["seq"])
        assert read["started_at"] == "2025-03-01 09:00:00" and read["outcome"] == "resolved"
        assert read["session_ownership"] == "70" and read["reviewed"] == "false"
    assert back[0]["text"] == tricky
    assert back[1]["text"] == "-1 for me, +1 for you" and back[2]["text"] == "@everyone"
    assert (back[1]["ownership"], back[1]["flexibility"], back[1]["over_promise"]) == ("70", "55", "false")
    assert json.loads(back[1]["cues"]) == score()["cues"]
    assert back[0]["ownership"] == "" and back[0]["mood"] == "annoyed"
    # Filters work for the export as for the list.
    assert {r["session_id"] for r in store.export_rows(trainee="U2")} == {session_id + 1}


def test_a_low_replys_model_reply_is_stored_with_its_score_and_exported(clocked):
    store, _ = clocked
    session_id = start(store)
    model = {"text": "=I'll send the router today.", "why": "Meets what the customer still needs: a line."}
    store.record_exchange(session_id, trainee_text="Rules are rules.", score={**score(20, 10), "model_reply": model},
                          customer_text="So you won't.", mood="angry")
    store.record_exchange(session_id, trainee_text="I'll sort it.", score=score(), customer_text="Good.", mood="calm")
    turns = store.get_session(session_id)["turns"]
    assert [t["model_reply"] for t in turns] == [None, model, None, None, None]
    out = io.StringIO()
    write_csv(store.export_rows([session_id]), out)
    back = read_csv_rows(io.StringIO(out.getvalue()))
    assert [r["model_reply"] for r in back] == ["", model["text"], "", "", ""]  # formula guard removed again
    assert "'=I'll send" in out.getvalue()
    assert json.loads(to_json(store.export_sessions([session_id])))["sessions"][0]["turns"][1]["model_reply"] == model


def test_a_reply_taken_back_stays_marked_with_its_answer_and_the_new_one_follows(clocked):
    store, clock = clocked
    session_id = start(store)
    store.record_exchange(session_id, trainee_text="I'll look.", score=score(), customer_text="Fine.", mood="wary")
    store.record_exchange(session_id, trainee_text="Rules are rules.", score=score(20, 10), customer_text="Hm!",
                          mood="furious", state=CustomerState("outage", turn=2))
    taken_at = clock.advance(seconds=30)
    assert store.retract_last_exchange(session_id, state=CustomerState("outage", turn=1, mood="wary")) == 4
    assert store.load_state(session_id, "conv-U100") == CustomerState("outage", turn=1, mood="wary",
                                                                      session_id=session_id)
    store.record_exchange(session_id, trainee_text="I'll send a router today.", score=score(), customer_text="Good.",
                          mood="calm")
    turns = store.get_session(session_id)["turns"]
    assert [(t["seq"], t["text"], t["retracted_at"]) for t in turns] == [
        (1, "Hello?", None), (2, "I'll look.", None), (3, "Fine.", None),
        (4, "Rules are rules.", taken_at), (5, "Hm!", taken_at),  # both versions kept, the first marked
        (6, "I'll send a router today.", None), (7, "Good.", None)]
    out = io.StringIO()
    write_csv(store.export_rows([session_id]), out)
    back = read_csv_rows(io.StringIO(out.getvalue()))
    assert [r["retracted_at"] for r in back] == ["", "", "", "2025-03-01 09:00:30", "2025-03-01 09:00:30", "", ""]
    exported = json.loads(to_json(store.export_sessions([session_id])))["sessions"][0]["turns"]
    assert [t["retracted_at"] is not None for t in exported] == [False, False, False, True, True, False, False]


@pytest.mark.parametrize("stored, names", [
    ('{"scenario": "outage", "turn": "two"}', "turn"),
    ('{"turn": 2}', "scenario"),
    ('[1, 2]', "mapping"),
    ('{"scenario": "outage", "mood": "euphoric"}', "mood"),
    ("not json {", "not JSON"),
])
def test_a_stored_state_that_is_no_customer_state_is_named_not_played(store, stored, names):
    session_id = start(store)
    with store.engine.begin() as connection:
        connection.execute(text("UPDATE coach_sessions SET state = :state WHERE id = :id"),
                           {"state": stored, "id": session_id})
    with pytest.raises(BadCustomerState, match=names):
        store.load_state(session_id, "conv-U100")


def test_taking_back_needs_a_reply_that_stands_and_an_open_session(store):
    session_id = start(store)
    assert store.retract_last_exchange(session_id, state=CustomerState("outage")) is None  # nothing to take back
    assert all(t["retracted_at"] is None for t in store.get_session(session_id)["turns"])
    store.record_exchange(session_id, trainee_text="No.", score=score(10, 10), customer_text="Bye.", mood="furious",
                          end={"outcome": "churned", "ownership": 10, "flexibility": 10})
    with pytest.raises(SessionEnded):
        store.retract_last_exchange(session_id, state=CustomerState("outage"))
    assert all(t["retracted_at"] is None for t in store.get_session(session_id)["turns"])


def test_json_export_round_trip(history):
    store, _, ids = history
    store.add_review(ids[3], author="coach", comment="Nice.")
    exported = json.loads(to_json(store.export_sessions(scenario="outage")))
    assert exported["format"] == "coach-transcripts" and exported["version"] == 1
    got = exported["sessions"]
    assert [s["id"] for s in got] == [ids[i] for i in (0, 3, 4, 5, 9, 10, 11)]
    for session in got:
        original = store.get_session(session["id"])
        assert datetime.fromisoformat(session["started_at"]) == original["started_at"]
        assert session["trainee"] == original["trainee"]
        assert [(t["seq"], t["speaker"], t["text"], t["ownership"], t["cues"], t["mood"]) for t in session["turns"]] \
            == [(t["seq"], t["speaker"], t["text"], t["ownership"], t["cues"], t["mood"]) for t in original["turns"]]
        assert len(session["reviews"]) == len(original["reviews"])
    assert got[1]["reviews"][0]["comment"] == "Nice."


# --- purge --------------------------------------------------------------------------------------------------
def test_purge_dry_run_then_for_real(history):
    store, clock, ids = history
    store.add_review(ids[0], author="coach", comment="old but reviewed")
    clock.now = T0 + timedelta(days=5, hours=12)  # sessions of days 0-1 are older than 4 days
    assert store.purge(timedelta(days=4), dry_run=True) == 4
    assert store.list_sessions()["total"] == 12  # a dry run deletes nothing
    assert store.purge(timedelta(days=4)) == 4  # dry run is the default
    assert store.purge(timedelta(days=4), dry_run=False) == 4
    assert store.list_sessions()["total"] == 8
    for old in ids[:4]:
        assert store.get_session(old) is None
    assert store.get_session(ids[4])["turns"]
    engine = store.engine
    with engine.connect() as connection:
        assert connection.execute(select(turns.c.id).where(turns.c.session_id.in_(ids[:4]))).all() == []
        assert connection.execute(text("SELECT COUNT(*) FROM coach_reviews")).scalar_one() == 0
    assert store.purge(timedelta(days=4), dry_run=False) == 0
    # A trainee with no session left is removed; the others stay.
    assert store.purge(timedelta(hours=1), dry_run=False) == 8
    with engine.connect() as connection:
        assert connection.execute(text("SELECT COUNT(*) FROM coach_trainees")).scalar_one() == 0
    with pytest.raises(ValueError):
        store.purge(timedelta(0))


# --- database down -------------------------------------------------------------------------------------------
def closed_port() -> int:
    return pg_server.free_port()  # free now, so nothing listens there


def test_unreachable_postgres_is_reported_without_password():
    url = f"postgresql://coach:s3cret-pw@127.0.0.1:{closed_port()}/coach"
    store = TranscriptStore(url, connect_timeout=2)
    started = time.monotonic()
    for attempt in (store.check_connection,
                    lambda: start(store),
                    lambda: store.record_exchange(1, trainee_text="x", score=None, customer_text="y", mood="m"),
                    lambda: store.end_session(1, outcome="resolved", ownership=1, flexibility=1),
                    lambda: store.list_sessions(),
                    lambda: store.purge(timedelta(days=1), dry_run=False)):
        with pytest.raises(DatabaseUnavailable) as caught:
            attempt()
        message = str(caught.value)
        assert "s3cret-pw" not in message
        assert "postgresql://coach:***@127.0.0.1" in message
        assert "not available" in message and "DATABASE_URL" in message
    assert time.monotonic() - started < 10
    with pytest.raises(DatabaseUnavailable) as caught:
        migrate(url, connect_timeout=2)
    assert "s3cret-pw" not in str(caught.value) and "***" in str(caught.value)


def test_a_server_that_never_answers_times_out():
    """A port that accepts the connection and then says nothing: the connect timeout ends it."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        port = silent.getsockname()[1]
        store = TranscriptStore(f"postgresql://coach:hunter2@127.0.0.1:{port}/coach", connect_timeout=2)
        started = time.monotonic()
        with pytest.raises(DatabaseUnavailable) as caught:
            store.check_connection()
        elapsed = time.monotonic() - started
    assert elapsed < 8, f"took {elapsed:.1f} s"
    assert "hunter2" not in str(caught.value) and f"127.0.0.1:{port}" in str(caught.value)


def test_wrong_password_is_not_repeated(postgres_admin_url):
    from sqlalchemy.engine import make_url

    url = make_url(postgres_admin_url).set(password="wr0ng-passw0rd").render_as_string(hide_password=False)
    with pytest.raises(DatabaseUnavailable) as caught:
        TranscriptStore(url, connect_timeout=3).check_connection()
    assert "wr0ng-passw0rd" not in str(caught.value) and "***" in str(caught.value)
    assert "password authentication failed" in str(caught.value)


def test_unusable_sqlite_file_and_missing_tables(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(DatabaseUnavailable) as caught:
        TranscriptStore(f"sqlite:///{blocker}/coach.db", connect_timeout=1).check_connection()
    assert str(blocker) in str(caught.value)
    with pytest.raises(DatabaseUnavailable) as caught:
        TranscriptStore("not a url at all")
    assert "DATABASE_URL" in str(caught.value)
    empty = TranscriptStore(f"sqlite:///{tmp_path / 'empty.db'}")
    with pytest.raises(DatabaseUnavailable) as caught:
        start(empty)
    assert "db upgrade" in str(caught.value)


def test_an_unsure_reading_is_stored_without_numbers(tmp_path):
    """A guess is not scored as if it were certain (issue 14): the turn keeps its reason, no score."""
    url = f"sqlite:///{tmp_path / 'coach.db'}"
    migrate(url)
    store = TranscriptStore(url)
    session_id = store.start_session(channel="rest", external_id="u1", trainee_name="Una", scenario_id="nine-weeks",
                                     conversation_id="u1", rubric_version=1, opening_text="Hello.", mood="annoyed")
    guess = ReplyScore("Hmm.", 52, 50, (), "Could not be read with confidence", False, "empathise", unsure=True)
    sure = ReplyScore("Sorry.", 51, 50, (), "Apologises", False, "apologise")
    store.record_exchange(session_id, trainee_text="Hmm.", score=guess, customer_text="Meaning?", mood="annoyed")
    store.record_exchange(session_id, trainee_text="Sorry.", score=sure, customer_text="Fine.", mood="annoyed")
    replies = [t for t in store.get_session(session_id)["turns"] if t["speaker"] == "trainee"]
    assert [(t["ownership"], t["flexibility"]) for t in replies] == [(None, None), (51, 50)]
    assert replies[0]["reason"] == "Could not be read with confidence"
    store.close()


# --- the reads' types (bot/storage/records.py) ---------------------------------------------------------
def _declared(typed) -> tuple[frozenset, frozenset]:
    return typed.__required_keys__, typed.__required_keys__ | typed.__optional_keys__


def test_the_reads_return_the_keys_their_types_declare(store):
    session_id = start(store)
    store.record_exchange(session_id, trainee_text="I'll sort it.", score=score(), customer_text="Fine.", mood="calm")
    reply = store.get_session(session_id)["turns"][1]
    store.add_review(session_id, author="Lea", kind="override", dimension="ownership", new_score=90,
                     turn_id=reply["id"])
    store.add_review(session_id, author="Lea", comment="Good start.", turn_id=reply["id"])
    page = store.list_sessions()
    full = store.get_session(session_id)
    rows = store.export_rows([session_id])
    records = [(page, SessionPage), (page["items"][0], SessionSummary), (full, SessionRecord),
               (full["trainee"], TraineeRef), (full["reviews"][0], ReviewRecord), (rows[0], ExportRow),
               (store.trainee_progress(full["trainee"]["id"])[0], ProgressPoint),
               (store.find_trainee("slack", "U100"), TraineeRecord)]
    records += [(turn, TurnRecord) for turn in full["turns"]] + [(row, ExportRow) for row in rows]
    for record, typed in records:
        required, allowed = _declared(typed)
        assert required <= set(record) <= allowed, (typed.__name__, set(record) ^ allowed)
    # The reviewed reply's row carries the leads' columns, the others none.
    assert {"machine_ownership", "lead_notes"} <= set(rows[1]) and "lead_notes" not in rows[0]
    assert rows[1]["machine_ownership"] == 70 and rows[1]["lead_notes"] == "Lea: Good start."


def test_an_export_row_declares_exactly_the_csv_columns():
    assert _declared(ExportRow)[1] == set(CSV_COLUMNS)


# --- a start sent again (several Rasa servers, docs/deploy.md) ----------------------------------------
@pytest.mark.parametrize("case, found", [
    ("the open session of this conversation started with the key", True),
    ("another key", False),
    ("another conversation", False),
    ("the session has ended", False),
])
def test_find_started_finds_only_the_open_session_this_key_started(store, case, found):
    session_id = store.start_session(channel="web", external_id="web:kim", trainee_name="Kim", scenario_id="outage",
                                     conversation_id="web:kim", rubric_version=3, opening_text="Hello?", mood="annoyed",
                                     state=CustomerState("outage", last_key="s-1"))
    start(store, external_id="web:other")  # another trainee's session, no key
    if case == "the session has ended":
        store.end_session(session_id, outcome="abandoned", ownership=None, flexibility=None)
    conversation, key = {"another key": ("web:kim", "s-2"), "another conversation": ("web:lee", "s-1")}.get(
        case, ("web:kim", "s-1"))
    state = store.find_started(conversation, key)
    assert (state is not None) == found
    if found:
        assert state == CustomerState("outage", last_key="s-1", session_id=session_id)


def test_a_file_sqlite_engine_keeps_its_connections_between_sessions(tmp_path):
    # SQLAlchemy 1.4 opens a file database anew for every session unless told otherwise: a connect,
    # three PRAGMAs and a close on every turn (docs/performance.md, fix 7).
    from bot.storage.engine import make_engine, writer

    engine = make_engine(f"sqlite:///{tmp_path / 'coach.db'}")
    connects = []
    event.listen(engine, "connect", lambda *args: connects.append(1))
    for _ in range(3):
        with engine.connect() as connection:
            connection.execute(text("select 1"))
        with writer(engine).begin() as connection:
            connection.execute(text("create table if not exists t (x integer)"))
            connection.execute(text("insert into t values (1)"))
    assert len(connects) == 1
    with engine.connect() as connection:  # still WAL and foreign keys: the PRAGMAs ran on that one
        assert connection.execute(text("pragma journal_mode")).scalar() == "wal"
        assert connection.execute(text("pragma foreign_keys")).scalar() == 1
    engine.dispose()
