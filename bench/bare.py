"""The bare Rasa baseline: our NLU pipeline and data, no custom actions, Rasa's defaults.

Written into a scratch folder and trained by the bench itself, so the ratio ours / bare is
measured on the same machine in the same run. Every intent gets a fixed response by a rule;
the tracker store is Rasa's default (in memory), as in a project that adds nothing.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import yaml

ASSISTANT_ID = "bare-baseline"


def intents(domain_file: Path) -> list[str]:
    domain = yaml.safe_load(domain_file.read_text())
    return [i if isinstance(i, str) else next(iter(i)) for i in domain.get("intents", [])]


def write_project(root: Path, target: Path) -> Path:
    """The bare project under `target`, from our config and NLU data; returns `target`."""
    if target.exists():
        shutil.rmtree(target)
    (target / "data").mkdir(parents=True)
    shutil.copytree(root / "data" / "nlu", target / "data" / "nlu")

    config = yaml.safe_load((root / "config.yml").read_text())
    config["assistant_id"] = ASSISTANT_ID
    for component in config.get("pipeline", []):
        if "examples" in component:
            # The band check learns from our labelled replies, named relative to our folder: the
            # bare project reads the same ones, so its NLU costs what ours does.
            component["examples"] = str(root / component["examples"])
    for policy in config.get("policies", []):
        if policy.get("name") == "RulePolicy":
            # Our fallback action is custom; the bare assistant has only Rasa's own.
            policy["core_fallback_action_name"] = "action_default_fallback"
    (target / "config.yml").write_text(yaml.safe_dump(config, sort_keys=False))

    names = intents(root / "domain.yml")
    domain = {
        "version": "3.1",
        "intents": names,
        "entities": yaml.safe_load((root / "domain.yml").read_text()).get("entities", []),
        "responses": {f"utter_{name}": [{"text": f"(bare answer to {name})"}] for name in names},
        "session_config": {"session_expiration_time": 60, "carry_over_slots_to_new_session": True},
    }
    (target / "domain.yml").write_text(yaml.safe_dump(domain, sort_keys=False))
    rules = {"version": "3.1", "rules": [
        {"rule": f"answer {name}", "steps": [{"intent": name}, {"action": f"utter_{name}"}]}
        for name in names
    ]}
    (target / "data" / "rules.yml").write_text(yaml.safe_dump(rules, sort_keys=False))
    (target / "credentials.yml").write_text("rest:\n")
    return target
