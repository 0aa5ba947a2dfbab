"""The labelled trainee replies: the dev set (for tuning) and the frozen held-out set (never).

Both follow shared/scoring-guide.md: each reply has its case, the move it makes (`intent`, and
`also` when it makes a second one) and a band per dimension, 0 (low), 1 (neutral) or 2 (high).

- `tests/data/dev_replies*.yml`: the dev set; tune the scorer and the NLU on it.
  `dev_replies.yml` was written by the project (some of its writers had seen the training
  data); `dev_replies_blind.yml` was written like the held-out set, blind to the training data.
- `tests/data/heldout/*.yml`: written by helpers who saw the scoring guide and the case
  material but not the training data (docs/nlu.md). Frozen: `tests/data/heldout/SHA256SUMS`
  holds their checksums and `load_heldout` refuses files that changed. Only aggregate figures
  are ever printed for it (`make nlu-report`), never its misses.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.coach.scenarios import load_yaml

DATA = Path(__file__).resolve().parent / "data"
DEV_FILES = ("dev_replies.yml", "dev_replies_blind.yml", "dev_replies_blind2.yml", "dev_replies_blind3.yml",
             "dev_replies_blind4.yml", "dev_replies_blind5.yml", "dev_replies_blind6.yml",
             "dev_replies_blind7.yml", "dev_replies_blind8.yml", "dev_replies_blind9.yml",
             "dev_replies_blind10.yml", "dev_replies_blind11.yml", "dev_replies_blind12.yml",
             "dev_replies_blind13.yml", "dev_replies_blind14.yml", "dev_replies_blind15.yml",
             "dev_replies_blind16.yml", "dev_replies_blind17.yml", "dev_replies_blind18.yml",
             "dev_replies_blind19.yml", "dev_replies_blind20.yml", "dev_replies_blind21.yml")
HELDOUT = DATA / "heldout"
CHECKSUMS = HELDOUT / "SHA256SUMS"
MOVES = ("greet", "empathise", "apologise", "ask_details", "explain_procedure", "cite_policy", "refuse",
         "deflect", "blame_customer", "take_ownership", "commit_next_step", "offer_alternative",
         "make_exception", "escalate_for_customer", "close")
DIMENSIONS = ("ownership", "flexibility")
BANDS = ("low", "neutral", "high")  # 0, 1, 2
# libyaml's safe loader when PyYAML has it (the same data, ~10x faster on these ~900 replies).


class LabelError(ValueError):
    pass


@dataclass(frozen=True)
class Labelled:
    case: str
    text: str
    intent: str
    also: str | None
    ownership: int
    flexibility: int
    why: str = ""

    @property
    def moves(self) -> tuple[str, ...]:
        return (self.intent, self.also) if self.also else (self.intent,)


def load(path: Path) -> list[Labelled]:
    """One labelled file; errors name the file, the item and the field."""
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise LabelError(f"{path}: cannot be read: {error}") from None
    if not isinstance(data, dict) or not isinstance(data.get("replies"), list):
        raise LabelError(f"{path}: replies: expected a list of labelled replies")
    out = []
    for index, item in enumerate(data["replies"]):
        where = f"{path}: replies[{index}]"
        if not isinstance(item, dict):
            raise LabelError(f"{where}: expected a mapping")
        for key in ("case", "text", "intent", "ownership", "flexibility"):
            if key not in item:
                raise LabelError(f"{where}.{key}: missing")
        for key in ("intent", "also"):
            if item.get(key) is not None and item[key] not in MOVES:
                raise LabelError(f"{where}.{key}: {item[key]!r} is not one of the moves")
        for key in DIMENSIONS:
            if item[key] not in (0, 1, 2):
                raise LabelError(f"{where}.{key}: expected 0, 1 or 2, got {item[key]!r}")
        out.append(Labelled(str(item["case"]), str(item["text"]), item["intent"], item.get("also"),
                            item["ownership"], item["flexibility"], str(item.get("why", ""))))
    return out


def load_dev() -> list[Labelled]:
    return [reply for name in DEV_FILES for reply in load(DATA / name)]


def heldout_files() -> list[Path]:
    return sorted(HELDOUT.glob("*.yml"))


def checksum_problems() -> list[str]:
    """Files of the held-out set that differ from the recorded checksums (empty when frozen)."""
    recorded = {}
    for line in CHECKSUMS.read_text(encoding="utf-8").splitlines():
        if line.strip():
            digest, name = line.split(maxsplit=1)
            recorded[name.lstrip("*")] = digest
    problems = []
    present = {p.name: p for p in heldout_files()}
    for name, digest in recorded.items():
        if name not in present:
            problems.append(f"{name}: missing")
        elif hashlib.sha256(present[name].read_bytes()).hexdigest() != digest:
            problems.append(f"{name}: changed since it was frozen")
    problems += [f"{name}: not in {CHECKSUMS.name}" for name in present if name not in recorded]
    return problems


def load_heldout() -> list[Labelled]:
    problems = checksum_problems()
    if problems:
        raise LabelError("The frozen held-out set does not match its checksums: " + "; ".join(problems))
    return [reply for path in heldout_files() for reply in load(path)]
