"""The benchmark's own logic: percentiles, the targets, the bare project, the trainee loop.

The bench itself runs in `make test` as `make bench-short`; these tests check the parts whose
mistakes would give wrong figures without failing.
"""
from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import yaml

from bench import bare
from bench.__main__ import checks, highest_level_held, table
from bench.trainees import Load, RestTrainee, percentile, run_load, summary
from bot.config import PROJECT_ROOT

PERCENTILES = [
    ([], 50, None),
    ([7.0], 99, 7.0),
    ([1, 2, 3, 4], 50, 2),
    ([1, 2, 3, 4], 51, 3),
    (list(range(1, 101)), 95, 95),
    (list(range(1, 101)), 99, 99),
    ([5, 1, 4, 2, 3], 100, 5),
]


@pytest.mark.parametrize("values, pct, expected", PERCENTILES)
def test_nearest_rank_percentile(values, pct, expected):
    assert percentile(values, pct) == expected


def figures(**over):
    base = {"ratio_rest_p50_1": 1.2, "latency": {"20": {"ours_rest": {"p95_ms": 250.0}}},
            "train": {"ours_cold_s": 45.0}, "scorer": {"replies_per_s": 210.0}, "memory": {"total_mib": 1800.0},
            "long_call": {"ratio_60_to_2": 1.1}, "capacity": {"held": 200}}
    base.update(over)
    return base


@pytest.mark.parametrize("over, target, met", [
    ({}, None, True),
    ({"ratio_rest_p50_1": 1.3}, "REST p50 ours / bare at 1 trainee", False),
    ({"latency": {"20": {"ours_rest": {"p95_ms": 301.0}}}}, "REST p95 at 20 trainees", False),
    ({"train": {"ours_cold_s": 60.5}}, "cold rasa train", False),
    ({"scorer": {"replies_per_s": 199.9}}, "scorer throughput", False),
    ({"memory": {"total_mib": 2600.0}}, "all processes resident", False),
    ({"long_call": {"ratio_60_to_2": 1.21}}, "long call: reply 60 / reply 2 (p50 of 10)", False),
    ({"capacity": {"held": 100}}, "trainees held at web p95 <= 500 ms, no error", False),
    ({"train": {}}, "cold rasa train", None),
])
def test_targets(over, target, met):
    results = {c["target"]: c["met"] for c in checks(figures(**over))}
    if target is None:
        assert all(results.values())
    else:
        assert results[target] is met
        assert all(v for k, v in results.items() if k != target)
    assert "targets:" in table({**figures(**over), "mode": "short", "machine": {"cpus": 2},
                                "load": {"seconds_per_level": 8, "think_s": [1, 3]},
                                "targets": checks(figures(**over))})


def _level(p95, errors=0, turns=100):
    return {"p95_ms": p95, "errors": errors, "turns": turns}


@pytest.mark.parametrize("levels, held", [
    ({"50": _level(120.0), "100": _level(300.0), "200": _level(480.0)}, 200),
    ({"50": _level(120.0), "100": _level(300.0), "200": _level(900.0)}, 100),
    ({"50": _level(120.0), "100": _level(300.0, errors=1), "200": _level(400.0)}, 50),  # a level that failed ends it
    ({"200": _level(100.0), "50": _level(600.0), "100": _level(100.0)}, 0),  # by size, not by order given
    ({"50": _level(None, turns=0)}, 0),
    ({}, 0),
])
def test_the_floor_held_is_the_last_level_before_the_first_that_failed(levels, held):
    assert highest_level_held(levels, 500.0) == held


def test_capacity_trainees_sit_down_over_the_first_think_time(fake_rasa):
    run_load(lambda i, rng: RestTrainee(f"s{i}", {"a": ["one"]}, rng, fake_rasa),
             Load(20, 0.2, (0.0, 0.4), staggered=True), 3)
    # With up to 0.4 s before sitting down and 0.2 s of load, about half never start.
    assert 0 < len({b["sender"] for b in FakeRasa.received}) < 20


def test_bare_project_has_our_nlu_and_no_custom_action(tmp_path):
    project = bare.write_project(PROJECT_ROOT, tmp_path / "bare")
    config = yaml.safe_load((project / "config.yml").read_text())
    ours = yaml.safe_load((PROJECT_ROOT / "config.yml").read_text())
    # The same pipeline, the band check's examples named from our folder (it trains elsewhere).
    assert config["pipeline"] == [{**c, "examples": str(PROJECT_ROOT / c["examples"])} if "examples" in c else c
                                  for c in ours["pipeline"]]
    assert any("examples" in c for c in config["pipeline"])
    assert config["assistant_id"] == bare.ASSISTANT_ID != ours["assistant_id"]
    domain = yaml.safe_load((project / "domain.yml").read_text())
    assert set(domain["intents"]) == set(bare.intents(PROJECT_ROOT / "domain.yml"))
    assert "actions" not in domain and "slots" not in domain
    rules = yaml.safe_load((project / "data" / "rules.yml").read_text())["rules"]
    assert {r["steps"][1]["action"] for r in rules} == set(domain["responses"])
    assert "action_customer_reply" not in (project / "config.yml").read_text()
    assert sorted(p.name for p in (project / "data" / "nlu").iterdir()) == \
        sorted(p.name for p in (PROJECT_ROOT / "data" / "nlu").iterdir())


@pytest.fixture
def fake_rasa():
    """The URL of a FakeRasa on loopback, its record of requests cleared."""
    FakeRasa.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeRasa)
    # A short poll: shutdown() waits for the serving loop to notice, up to one interval.
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


class FakeRasa(BaseHTTPRequestHandler):
    """Answers like the REST channel; the customer leaves on the third reply."""

    received = []

    def do_POST(self):  # noqa: N802 - http.server's name
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        FakeRasa.received.append(body)
        replies = sum(1 for b in FakeRasa.received if b["sender"] == body["sender"]
                      and not b["message"].startswith("/"))
        answer = [{"text": "Hm."}]
        if not body["message"].startswith("/") and replies % 3 == 0:
            answer.append({"custom": {"scorecard": {}}})
        data = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


def test_trainees_wait_for_answers_and_start_again_after_the_scorecard(fake_rasa):
    scripts = {"a": ["one", "two", "three", "four"], "b": ["five"]}
    result = run_load(lambda i, rng: RestTrainee(f"t{i}", scripts, rng, fake_rasa), Load(2, 0.4, (0.0, 0.01)), 1)
    stats = summary(result)
    assert stats["errors"] == 0 and stats["turns"] == len(result.latencies_ms) > 4
    assert stats["sessions"] >= 2
    for sender in ("t0", "t1"):
        sent = [b["message"] for b in FakeRasa.received if b["sender"] == sender]
        starts = [m for m in sent if m.startswith("/start_scenario")]
        # Case "a" ends by the scorecard at the third reply: no /end_session after it.
        assert "four" not in sent and starts


def test_the_bare_trainee_asks_for_a_new_rasa_session_before_each_case(fake_rasa):
    run_load(lambda i, rng: RestTrainee(f"b{i}", {"a": ["one", "two", "three"]}, rng, fake_rasa,
                                        new_session_per_case=True), Load(1, 0.3, (0.0, 0.01)), 1)
    sent = [b["message"] for b in FakeRasa.received]
    starts = [i for i, m in enumerate(sent) if m.startswith("/start_scenario")]
    assert starts and all(i > 0 and sent[i - 1] == "/session_start" for i in starts)
