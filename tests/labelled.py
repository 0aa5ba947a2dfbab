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
- `tests/data/second_rater/*.yml`: a second rater's bands, given blind to the first labels, for a
  random dev sample and for the whole held-out set, keyed by `rating_key` (no text is repeated).
  They measure how often two raters who follow the guide agree; nothing is tuned on them.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import yaml

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
             "dev_replies_blind22.yml", "dev_replies_blind23.yml", "dev_replies_blind24.yml",
             "dev_replies_blind25.yml", "dev_replies_blind26.yml", "dev_replies_blind27.yml",
             "dev_replies_blind28.yml", "dev_replies_blind29.yml", "dev_replies_blind30.yml",
             "dev_replies_blind31.yml", "dev_replies_blind32.yml", "dev_replies_blind33.yml",
             "dev_replies_blind34.yml", "dev_replies_blind35.yml", "dev_replies_blind36.yml",
             "dev_replies_blind37.yml", "dev_replies_blind38.yml", "dev_replies_blind39.yml",
             "dev_replies_blind40.yml", "dev_replies_blind41.yml", "dev_replies_blind42.yml",
             "dev_replies_blind43.yml", "dev_replies_blind44.yml", "dev_replies_blind45.yml",
             "dev_replies_blind46.yml", "dev_replies_blind47.yml", "dev_replies_blind48.yml",
             "dev_replies_blind49.yml", "dev_replies_blind50.yml", "dev_replies_blind51.yml",
             "dev_replies_blind52.yml", "dev_replies_blind53.yml", "dev_replies_blind55.yml",
             "dev_replies_blind56.yml", "dev_replies_blind57.yml", "dev_replies_blind59.yml",
             "dev_replies_blind60.yml", "dev_replies_blind61.yml", "dev_replies_blind62.yml",
             "dev_replies_blind63.yml", "dev_replies_blind64.yml", "dev_replies_blind65.yml",
             "dev_replies_blind66.yml", "dev_replies_blind68.yml", "dev_replies_blind69.yml",
             "dev_replies_blind70.yml", "dev_replies_blind71.yml", "dev_replies_blind72.yml",
             "dev_replies_blind73.yml", "dev_replies_blind74.yml", "dev_replies_blind75.yml",
             "dev_replies_blind76.yml", "dev_replies_blind77.yml", "dev_replies_blind78.yml",
             "dev_replies_blind80.yml", "dev_replies_blind81.yml",
             "dev_replies_blind83.yml", "dev_replies_blind84.yml",
             "dev_replies_blind85.yml", "dev_replies_blind86.yml", "dev_replies_blind88.yml",
             "dev_replies_blind89.yml", "dev_replies_blind90.yml", "dev_replies_blind91.yml",
             "dev_replies_blind93.yml", "dev_replies_blind94.yml", "dev_replies_blind95.yml",
             "dev_replies_blind96.yml", "dev_replies_blind97.yml", "dev_replies_blind98.yml",
             "dev_replies_blind99.yml", "dev_replies_blind100.yml", "dev_replies_blind102.yml",
             "dev_replies_blind103.yml", "dev_replies_blind104.yml", "dev_replies_blind105.yml",
             "dev_replies_blind106.yml", "dev_replies_blind107.yml", "dev_replies_blind108.yml",
             "dev_replies_blind109.yml", "dev_replies_blind110.yml", "dev_replies_blind111.yml",
             "dev_replies_blind112.yml", "dev_replies_blind115.yml", "dev_replies_blind116.yml",
             "dev_replies_blind117.yml", "dev_replies_blind119.yml", "dev_replies_blind120.yml",
             "dev_replies_blind122.yml", "dev_replies_blind123.yml", "dev_replies_blind125.yml",
             "dev_replies_blind126.yml", "dev_replies_blind128.yml", "dev_replies_blind129.yml",
             "dev_replies_blind131.yml", "dev_replies_blind132.yml", "dev_replies_blind134.yml",
             "dev_replies_blind135.yml", "dev_replies_blind136.yml", "dev_replies_blind137.yml",
             "dev_replies_blind139.yml", "dev_replies_blind140.yml", "dev_replies_blind141.yml",
             "dev_replies_blind142.yml", "dev_replies_blind144.yml", "dev_replies_blind145.yml",
             "dev_replies_blind147.yml", "dev_replies_blind148.yml", "dev_replies_blind150.yml",
             "dev_replies_blind151.yml", "dev_replies_blind153.yml", "dev_replies_blind154.yml",
             "dev_replies_blind156.yml", "dev_replies_blind157.yml",
             "dev_replies_blind159.yml", "dev_replies_blind160.yml", "dev_replies_blind161.yml",
             "dev_replies_blind162.yml", "dev_replies_blind164.yml",
             "dev_replies_blind165.yml", "dev_replies_blind166.yml", "dev_replies_blind168.yml",
             "dev_replies_blind169.yml", "dev_replies_blind170.yml", "dev_replies_blind171.yml",
             "dev_replies_blind173.yml", "dev_replies_blind174.yml", "dev_replies_blind175.yml", "dev_replies_blind176.yml")
HELDOUT = DATA / "heldout"
CHECKSUMS = HELDOUT / "SHA256SUMS"
SECOND_RATER = DATA / "second_rater"
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


def folded(text: str) -> str:
    """A reply's text with whitespace and case folded: how two copies of one reply are told apart."""
    return " ".join(text.casefold().split())


def rating_key(case: str, text: str) -> str:
    """A reply's key in the second rater's files: its case and its folded text, hashed."""
    return hashlib.sha256(f"{case}\n{folded(text)}".encode()).hexdigest()[:16]


def load_second_ratings(path: Path) -> dict[str, dict[str, int]]:
    """A second rater's bands by `rating_key`; errors name the file, the item and the field."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise LabelError(f"{path}: cannot be read: {error}") from error
    items = data.get("ratings") if isinstance(data, dict) else None
    if not isinstance(items, list) or not items:
        raise LabelError(f"{path}: needs a non-empty `ratings:` list")
    out: dict[str, dict[str, int]] = {}
    for number, item in enumerate(items, 1):
        where = f"{path}: rating {number}"
        if not isinstance(item, dict) or not isinstance(item.get("key"), str):
            raise LabelError(f"{where}: `key` must be a text (tests.labelled.rating_key)")
        if item["key"] in out:
            raise LabelError(f"{where}: key {item['key']} is rated twice")
        for dim in DIMENSIONS:
            if item.get(dim) not in (0, 1, 2):
                raise LabelError(f"{where}: `{dim}` must be 0, 1 or 2, not {item.get(dim)!r}")
        out[item["key"]] = {dim: item[dim] for dim in DIMENSIONS}
    return out
