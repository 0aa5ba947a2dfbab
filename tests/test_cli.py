"""`python -m bot` commands a user runs: scoring from stdin, scenario checks, clear errors."""
from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import free_port, project_file

ROOT = project_file()


def bot(*args: str, stdin: str = "", **env: str) -> subprocess.CompletedProcess:
    import os

    environment = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", **env}
    return subprocess.run([sys.executable, "-m", "bot", *args], cwd=ROOT, input=stdin, text=True,
                          capture_output=True, env=environment, timeout=300)


def test_score_reads_replies_and_writes_json_lines(nlu):  # nlu: the model exists
    done = bot("score", "--scenario", "denied-iphone",
               stdin="Migration rules are migration rules.\n\nI'll fix it.\n")
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert [line["text"] for line in lines] == ["Migration rules are migration rules.", "I'll fix it."]
    assert set(lines[0]) == {"text", "ownership", "flexibility", "cues", "reason", "over_promise"}
    # The rule as the answer: rigid, but not deflecting (shared/scoring-guide.md).
    assert 40 < lines[0]["ownership"] < 60 and lines[0]["flexibility"] <= 40 and lines[1]["ownership"] >= 60


def test_score_unknown_scenario_lists_the_ids():
    done = bot("score", "--scenario", "nope", stdin="hello\n")
    assert done.returncode == 2
    assert "Unknown scenario 'nope'" in done.stderr and "nine-weeks" in done.stderr
    assert "Traceback" not in done.stderr


def test_score_without_a_model_names_the_fix(tmp_path):
    done = bot("score", "--scenario", "nine-weeks", stdin="hello\n", MODELS_DIR=str(tmp_path))
    assert done.returncode == 1 and "make train" in done.stderr and "Traceback" not in done.stderr


def test_database_down_is_a_clear_error_not_a_hang():
    url = f"postgresql://coach:secret@127.0.0.1:{free_port()}/coach"
    done = bot("check-db", DATABASE_URL=url, DB_CONNECT_TIMEOUT="2")
    assert done.returncode == 1
    assert "not reachable" in done.stderr and "secret" not in done.stderr and "Traceback" not in done.stderr


def test_bad_setting_is_named():
    done = bot("scenarios", "check", RASA_PORT="fifty")
    assert done.returncode == 2 and "RASA_PORT must be a whole number" in done.stderr


def test_scenarios_check():
    done = bot("scenarios", "check")
    assert done.returncode == 0 and "5 scenarios checked and played" in done.stdout


def test_score_on_two_processes_gives_the_same_lines_in_order(nlu):
    replies = "".join(f"{text}\n" for text in ["Rules are rules.", "I'll call you back by 4 today.",
                                                 "I can send you a 4G router.", "Sorry."] * 5)
    one = bot("score", "--scenario", "nine-weeks", stdin=replies)
    two = bot("score", "--scenario", "nine-weeks", "--jobs", "2", "--stats", stdin=replies)
    assert one.returncode == two.returncode == 0, two.stderr
    assert two.stdout == one.stdout and len(one.stdout.splitlines()) == 20
    stats = json.loads(two.stderr[two.stderr.index('{"replies"'):].splitlines()[0])
    assert stats["replies"] == 20 and stats["jobs"] == 2 and stats["replies_per_s"] > 0


def test_score_jobs_must_be_positive():
    done = bot("score", "--scenario", "nine-weeks", "--jobs", "0", stdin="hello\n")
    assert done.returncode == 2 and "--jobs must be 1 or more" in done.stderr and "Traceback" not in done.stderr
