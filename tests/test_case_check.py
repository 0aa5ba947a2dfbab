"""The case checker: every shipped case plays as intended, and each kind of broken case file is
caught with its file and field. Needs no model: the scripted trainees carry their moves."""
from __future__ import annotations

import copy
import subprocess
import sys

import pytest

from bot.coach.case_check import (
    POLITE_RIGID,
    RIGID_REPLIES,
    STONEWALL_LIMIT,
    STONEWALLING,
    check_folder,
    good_script,
    play,
)
from tests.conftest import PROJECT_ROOT, SCENARIOS_DIR, shipped_case_data, yaml_text
from tests.conftest import SHIPPED_CASES as SHIPPED


def test_the_shipped_cases_pass():
    report = check_folder(SCENARIOS_DIR)
    assert report.ok, report.problems
    assert sorted(report.checked) == SHIPPED


@pytest.mark.parametrize("case", SHIPPED)
def test_each_case_is_won_lost_and_not_won_by_politeness(library, case):
    scenario = library.get(case)
    outcome, _, _ = play(scenario, good_script(scenario))
    assert outcome == "resolved"
    outcome, used, _ = play(scenario, STONEWALLING[:STONEWALL_LIMIT])
    assert outcome == "churned" and used <= STONEWALL_LIMIT
    outcome, _, scores = play(scenario, [POLITE_RIGID[i % len(POLITE_RIGID)] for i in range(RIGID_REPLIES)])
    assert outcome != "resolved"
    assert not any(s.offers for s in scores)


def _case(name="nine-weeks"):
    return shipped_case_data(name)


def _one(mutate, name="nine-weeks"):
    """A folder holding one case file, changed by `mutate`."""
    def files():
        data = _case(name)
        mutate(data)
        return {f"{name}.yml": data}
    return files


def _add_pattern(pattern, offer=0):
    return _one(lambda d: d["offers"][offer]["patterns"].append(pattern))


def _shared_example(data):
    # offers[1] also learns offers[0]'s way of saying it: their examples no longer tell them apart.
    data["offers"][1]["patterns"] += data["offers"][0]["patterns"]
    data["offers"][1]["examples"].append(data["offers"][0]["examples"][0])


def _unmeetable(data):
    # The only offer that meets needs[0] is only ever said as withheld ("I can't ...").
    offer_id = data["needs"][0]["met_by"][0]
    data["needs"][0]["met_by"] = [offer_id]
    offer = next(o for o in data["offers"] if o["id"] == offer_id)
    offer["examples"] = ["I can't " + offer["examples"][0][len("I'll "):]]


def _two_cases(change):
    def files():
        other = _case("unpaid-outage")
        change(other)
        return {"nine-weeks.yml": _case("nine-weeks"), "unpaid-outage.yml": other}
    return files


def _same_id():
    return {"nine-weeks.yml": _case("nine-weeks"), "nine-weeks.yaml": _case("nine-weeks")}


BROKEN = [
    ("an offer's example matches another offer", _one(_shared_example),
     "nine-weeks.yml: offers[1].examples[", "also matches offers[0]"),
    ("a need no offer can meet", _one(_unmeetable), "nine-weeks.yml: needs[0].met_by:", "can never be met"),
    ("the good trainee cannot win", _one(_unmeetable), "nine-weeks.yml: needs:", "did not resolve the case"),
    ("a stonewall reads as an offer", _add_pattern(r"\bdepartment\b"),
     "nine-weeks.yml: offers[0].patterns[", "reads the stonewalling reply"),
    ("an apology reads as an offer", _add_pattern(r"\bsorry\b"),
     "nine-weeks.yml: offers[0].patterns[", "reads the polite but rigid reply"),
    ("a pattern that matches every reply", _add_pattern(".*"),
     "nine-weeks.yml: offers[0].patterns[", "'.*' matches an empty reply"),
    ("a pattern that matches ordinary talk", _add_pattern(r"\bunderstand\b"),
     "nine-weeks.yml: offers[0].patterns[", "matches the ordinary reply 'I understand.'"),
    ("a pattern that hangs on a long reply", _add_pattern("(a+)+b"),
     "nine-weeks.yml: offers[0].patterns[", "'(a+)+b' did not finish"),
    ("an alias shared by two cases", _two_cases(lambda d: d["aliases"].append("isdn")),
     "unpaid-outage.yml: aliases[", "'isdn' is also"),
    ("an alias that is another case's id", _two_cases(lambda d: d["aliases"].append("nine-weeks")),
     "unpaid-outage.yml: aliases[", "'nine-weeks' is also"),
    ("two files with the same id", _same_id, "nine-weeks.yaml: id:", "'nine-weeks' is also the id of"),
]


@pytest.mark.parametrize("label, files, where, message", BROKEN, ids=[b[0] for b in BROKEN])
def test_each_broken_case_is_caught_with_file_and_field(tmp_path, label, files, where, message):
    for name, data in files().items():
        (tmp_path / name).write_text(yaml_text(copy.deepcopy(data), sort_keys=False))
    report = check_folder(tmp_path)
    assert not report.ok
    assert any(where in p and message in p for p in report.problems), report.problems


def test_a_customer_who_does_not_leave_is_reported(monkeypatch):
    # The scorer and the persona make any case's customer leave a stonewaller (a pattern that
    # misreads a refusal is caught above); if a change ever kept them on the line, this says so.
    import bot.coach.case_check as case_check

    monkeypatch.setattr(case_check, "STONEWALLING", (("I am taking this on myself and I will call you back today before five.", "commit_next_step"),) * STONEWALL_LIMIT)
    report = check_folder(SCENARIOS_DIR)
    assert any("nine-weeks.yml: offers: a stonewalling trainee" in p and "ended still open" in p
               for p in report.problems), report.problems


@pytest.mark.server  # runs `python -m bot` twice
def test_make_check_scenarios_fails_with_the_problems(tmp_path):
    data = _case()
    data["offers"][0]["patterns"].append(".*")
    (tmp_path / "nine-weeks.yml").write_text(yaml_text(data, sort_keys=False))
    env = {"SCENARIOS_DIR": str(tmp_path), "PATH": "/usr/bin:/bin", "RASA_TELEMETRY_ENABLED": "false"}
    failed = subprocess.run([sys.executable, "-m", "bot", "scenarios", "check"], cwd=PROJECT_ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert failed.returncode != 0
    assert "nine-weeks.yml: offers[0].patterns[" in failed.stderr + failed.stdout
    assert "Traceback" not in failed.stderr
    passed = subprocess.run([sys.executable, "-m", "bot", "scenarios", "check"], cwd=PROJECT_ROOT,
                            env={**env, "SCENARIOS_DIR": str(SCENARIOS_DIR)}, capture_output=True, text=True,
                            timeout=120)
    assert passed.returncode == 0, passed.stderr
    assert "scenarios checked and played" in passed.stdout
