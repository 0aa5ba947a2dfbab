"""The transcript commands, run as a user runs them (a subprocess), on SQLite and PostgreSQL."""
from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone

import pytest

from bot.config import PROJECT_ROOT
from bot.storage import TranscriptStore, migrate
from tests import pg_server

# The lead switches this to `python -m bot` once add_commands is wired into bot/__main__.py.
COMMAND = [sys.executable, "-m", "bot"]


def run(url, *args, timeout=60, **env):
    # The tracker store next to the test database, never the project's own var/tracker.db
    # (a purge deletes old Rasa events too).
    tracker = url.replace(".db", "-tracker.db") if url.startswith("sqlite") else url
    environment = {**os.environ, "DATABASE_URL": url, "TRACKER_STORE_URL": tracker, "DB_CONNECT_TIMEOUT": "2",
                   "PYTHONWARNINGS": "ignore", **env}
    done = subprocess.run([*COMMAND, *args], cwd=PROJECT_ROOT, env=environment, capture_output=True,
                          text=True, timeout=timeout)
    assert "Traceback" not in done.stderr, done.stderr
    return done


def one_line_error(done, code):
    assert done.returncode == code, (done.returncode, done.stdout, done.stderr)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    return lines[0]


@pytest.fixture
def seeded(empty_db):
    """Five sessions over five days (an open one included), with a review."""
    migrate(empty_db)
    now = {"t": datetime.now(timezone.utc) - timedelta(days=10)}
    ids = []
    with TranscriptStore(empty_db, clock=lambda: now["t"]) as store:
        for day, (who, name, scenario, outcome) in enumerate([
                ("U1", "Anna Smith", "outage", "resolved"), ("U2", "Bob Jones", "billing", "churned"),
                ("U1", "Anna Smith", "billing", "abandoned"), ("w-cara", "Cara Müller", "outage", "resolved"),
                ("U2", "Bob Jones", "outage", None)]):
            now["t"] = datetime.now(timezone.utc) - timedelta(days=10 - 2 * day)
            session_id = store.start_session(channel="slack" if who.startswith("U") else "web", external_id=who,
                                             trainee_name=name, scenario_id=scenario, conversation_id=f"c{day}",
                                             rubric_version=1, opening_text="Hello, I'm cross — €30 gone!",
                                             mood="annoyed")
            store.record_exchange(session_id, trainee_text="I'll sort it, promise.",
                                  score={"ownership": 60 + day, "flexibility": 40 + day,
                                         "cues": [{"phrase": "I'll sort it", "kind": "ownership",
                                                   "label": "takes ownership", "ownership": 12, "flexibility": 0}],
                                         "reason": "Owns it.", "over_promise": day == 1},
                                  customer_text="Fine.", mood="calm")
            if outcome:
                store.end_session(session_id, outcome=outcome, ownership=60 + day, flexibility=40 + day,
                                  goodbye_text="Bye.", mood="calm")
            ids.append(session_id)
        store.add_review(ids[0], author="coach", comment="Well handled.")
    return empty_db, ids


def test_db_upgrade_and_check(empty_db):
    done = run(empty_db, "db", "check")
    assert "no transcript tables yet" in one_line_error(done, 1) and "db upgrade" in done.stderr
    done = run(empty_db, "db", "upgrade")
    assert done.returncode == 0, done.stderr
    assert "upgraded from empty to revision 0009" in done.stdout
    done = run(empty_db, "db", "upgrade")
    assert done.returncode == 0 and "up to date (revision 0009)" in done.stdout
    done = run(empty_db, "db", "check")
    assert done.returncode == 0 and "up to date (revision 0009)" in done.stdout


def test_alembic_command_line_finds_the_url(empty_db, tmp_path):
    alembic = [sys.executable, "-m", "alembic", "-c", str(PROJECT_ROOT / "alembic.ini")]
    env = {**os.environ}
    env.pop("DATABASE_URL", None)
    done = subprocess.run([*alembic, "-x", f"url={empty_db}", "upgrade", "head"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    done = subprocess.run([*alembic, "current"], cwd=tmp_path, env={**env, "DATABASE_URL": empty_db},
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "0009 (head)" in done.stdout, done.stderr


def test_sessions_list(seeded):
    url, ids = seeded
    done = run(url, "sessions", "list")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].split()[:3] == ["ID", "STARTED", "(UTC)"]
    assert [line.split()[0] for line in lines[1:6]] == [str(i) for i in reversed(ids)]
    assert "Cara Müller" in done.stdout and "open" in lines[1] and lines[-1] == "Page 1 of 1 (5 sessions)."
    done = run(url, "sessions", "list", "--trainee", "U1", "--json")
    listed = json.loads(done.stdout)
    assert [i["id"] for i in listed["items"]] == [ids[2], ids[0]] and listed["total"] == 2
    assert listed["items"][1]["reviewed"] is True
    done = run(url, "sessions", "list", "--outcome", "resolved", "--scenario", "outage", "--json")
    assert [i["id"] for i in json.loads(done.stdout)["items"]] == [ids[3], ids[0]]
    day = (datetime.now(timezone.utc) - timedelta(days=6)).date().isoformat()
    done = run(url, "sessions", "list", "--from", day, "--to", day, "--json")
    assert [i["id"] for i in json.loads(done.stdout)["items"]] == [ids[2]]
    done = run(url, "sessions", "list", "--per-page", "2", "--page", "2")
    assert done.stdout.splitlines()[-1] == "Page 2 of 3 (5 sessions)."
    assert [line.split()[0] for line in done.stdout.splitlines()[1:3]] == [str(ids[2]), str(ids[1])]
    done = run(url, "sessions", "list", "--trainee", "nobody")
    assert done.returncode == 0 and done.stdout.strip() == "No sessions match."


def test_sessions_show(seeded):
    url, ids = seeded
    done = run(url, "sessions", "show", str(ids[0]))
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert f"Session {ids[0]}: outage on slack, trainee Anna Smith (slack:U1)" in out
    assert "resolved; ownership 60, flexibility 40" in out
    assert "1 customer [annoyed] Hello, I'm cross — €30 gone!" in out
    assert "2 trainee  [own 60 flex 40] I'll sort it, promise." in out
    assert "why: Owns it." in out and 'cue: "I\'ll sort it" takes ownership (ownership +12, flexibility +0)' in out
    assert "coach: comment: Well handled." in out
    shown = json.loads(run(url, "sessions", "show", str(ids[1]), "--json").stdout)["sessions"][0]
    assert shown["id"] == ids[1] and len(shown["turns"]) == 4 and shown["turns"][1]["over_promise"] is True


def test_sessions_export(seeded, tmp_path):
    url, ids = seeded
    target = tmp_path / "out.csv"
    done = run(url, "sessions", "export", "--format", "csv", "--output", str(target))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"Exported 19 turns to {target}"
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with a BOM, so spreadsheets read the € and ü right
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 19 and rows[0]["session_id"] == str(ids[0]) and rows[0]["seq"] == "1"
    assert rows[0]["text"] == "Hello, I'm cross — €30 gone!" and rows[0]["trainee"] == "Anna Smith"
    assert rows[1]["ownership"] == "60" and json.loads(rows[1]["cues"])[0]["label"] == "takes ownership"
    assert {r["trainee"] for r in rows} == {"Anna Smith", "Bob Jones", "Cara Müller"}
    assert not list(tmp_path.glob(".out.csv.*"))  # no temporary file left

    done = run(url, "sessions", "export", "--format", "json", "--scenario", "outage")
    exported = json.loads(done.stdout)
    assert [s["id"] for s in exported["sessions"]] == [ids[0], ids[3], ids[4]]
    assert exported["sessions"][0]["reviews"][0]["comment"] == "Well handled."
    done = run(url, "sessions", "export", "--id", str(ids[1]))  # CSV on stdout by default
    assert done.returncode == 0
    assert [r["session_id"] for r in csv.DictReader(io.StringIO(done.stdout))] == [str(ids[1])] * 4


def test_sessions_purge(seeded):
    url, ids = seeded
    done = run(url, "sessions", "purge", "--older-than", "5d")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Dry run: 3 sessions started before ") and "--yes" in done.stdout
    assert json.loads(run(url, "sessions", "list", "--json").stdout)["total"] == 5
    done = run(url, "sessions", "purge", "--older-than", "1w", "--yes")
    assert done.returncode == 0 and done.stdout.startswith("Deleted 2 sessions started before ")
    remaining = json.loads(run(url, "sessions", "list", "--json").stdout)
    assert [i["id"] for i in remaining["items"]] == [ids[4], ids[3], ids[2]]
    done = run(url, "sessions", "purge", "--older-than", "12h")
    assert "Dry run: 3 sessions" in done.stdout


BAD_INPUT = [
    ["sessions", "list", "--outcome", "won"],
    ["sessions", "list", "--from", "yesterday"],
    ["sessions", "list", "--page", "0"],
    ["sessions", "list", "--per-page", "lots"],
    ["sessions", "list", "--sort", "password"],
    ["sessions", "list", "--from", "2025-03-05", "--to", "2025-03-01"],
    ["sessions", "list", "--bogus"],
    ["sessions", "show", "abc"],
    ["sessions", "show", "999999"],
    ["sessions", "show"],
    ["sessions", "export", "--format", "xml"],
    ["sessions", "export", "--output", "/nonexistent-folder/x.csv"],
    ["sessions", "purge", "--older-than", "180"],
    ["sessions", "purge", "--older-than", "0d"],
    ["sessions", "purge", "--older-than", "6 months"],
    ["sessions", "purge"],
    ["sessions", "frobnicate"],
    ["sessions"],
    ["db"],
    [],
]


@pytest.mark.parametrize("args", BAD_INPUT, ids=lambda a: " ".join(a) or "nothing")
def test_bad_input_is_one_line_and_exit_2(tmp_path, args):
    url = f"sqlite:///{tmp_path / 'coach.db'}"
    migrate(url)
    line = one_line_error(run(url, *args), 2)
    assert line.startswith(("Error:", "Configuration error:"))


def test_bad_configuration_is_exit_2(tmp_path):
    url = f"sqlite:///{tmp_path / 'coach.db'}"
    line = one_line_error(run(url, "sessions", "list", DB_CONNECT_TIMEOUT="soon"), 2)
    assert "DB_CONNECT_TIMEOUT" in line


@pytest.mark.parametrize("args", [["sessions", "list"], ["sessions", "show", "1"], ["sessions", "export"],
                                  ["sessions", "purge", "--older-than", "180d", "--yes"], ["db", "check"],
                                  ["db", "upgrade"]], ids=" ".join)
def test_database_down_is_one_line_and_exit_1(args):
    url = f"postgresql://coach:s3cret-pw@127.0.0.1:{pg_server.free_port()}/coach"
    started = time.monotonic()
    line = one_line_error(run(url, *args), 1)
    assert time.monotonic() - started < 20
    assert "s3cret-pw" not in line and "postgresql://coach:***@127.0.0.1" in line
    assert "DATABASE_URL" in line
