"""The labelled trainee replies: the dev set (for tuning) and the frozen held-out set (never).

Both follow shared/scoring-guide.md: each reply has its case, the move it makes (`intent`, and
`also` when it makes a second one) and a band per dimension, 0 (low), 1 (neutral) or 2 (high).

- `data/labelled/dev_replies*.yml`: the dev set; tune the scorer and the NLU on it (the band
  check learns from it too, `rasa_adapters/band_estimator.py`).
  `dev_replies.yml` was written by the project (some of its writers had seen the training
  data); `dev_replies_blind.yml` was written like the held-out set, blind to the training data.
- `tests/data/heldout/*.yml`: written by helpers who saw the scoring guide and the case
  material but not the training data (docs/nlu.md). Frozen: `tests/data/heldout/SHA256SUMS`
  holds their checksums and `load_heldout` refuses files that changed. Only aggregate figures
  are ever printed for it (`make nlu-report`), never its misses.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from bot.coach.labelled import DIMENSIONS, MOVES, LabelError, Labelled, load  # noqa: F401  (the tests import them from here)

DATA = Path(__file__).resolve().parent / "data"
DEV = Path(__file__).resolve().parent.parent / "data" / "labelled"
DEV_FILES = ("dev_replies.yml", "dev_replies_blind.yml", "dev_replies_blind2.yml", "dev_replies_blind3.yml",
             "dev_replies_blind4.yml", "dev_replies_blind5.yml", "dev_replies_blind6.yml",
             "dev_replies_blind7.yml", "dev_replies_blind8.yml", "dev_replies_blind9.yml",
             "dev_replies_blind10.yml", "dev_replies_blind11.yml", "dev_replies_blind12.yml",
             "dev_replies_blind13.yml", "dev_replies_blind14.yml", "dev_replies_blind15.yml",
             "dev_replies_blind16.yml", "dev_replies_blind17.yml", "dev_replies_blind18.yml",
             "dev_replies_blind19.yml", "dev_replies_blind20.yml", "dev_replies_blind21.yml",
             "dev_replies_blind22.yml", "dev_replies_blind23.yml", "dev_replies_blind24.yml")
HELDOUT = DATA / "heldout"
CHECKSUMS = HELDOUT / "SHA256SUMS"
BANDS = ("low", "neutral", "high")  # 0, 1, 2



def load_dev() -> list[Labelled]:
    return [reply for name in DEV_FILES for reply in load(DEV / name)]


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
