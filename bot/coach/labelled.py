"""Labelled trainee replies: a case, the move a reply makes and a team lead's band per dimension.

The files follow shared/scoring-guide.md, one `replies:` list each; every item has `case`,
`text`, `intent` (the main move), optionally `also` (a second move) and `why`, and `ownership`
and `flexibility` as 0 (low), 1 (neutral) or 2 (high). `data/labelled/` holds the dev set: the
scorer is tuned on it and the band check (`rasa_adapters/band_estimator.py`) learns from it. The
frozen held-out set (`tests/data/heldout/`) has the same form and is never learnt from:
`load_examples` refuses any file under a folder named `heldout`.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.coach.scenarios import load_yaml

MOVES = ("greet", "empathise", "apologise", "ask_details", "explain_procedure", "cite_policy", "refuse",
         "deflect", "blame_customer", "take_ownership", "commit_next_step", "offer_alternative",
         "make_exception", "escalate_for_customer", "close")
DIMENSIONS = ("ownership", "flexibility")
HELDOUT_FOLDER = "heldout"


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


def example_files(folder: Path) -> list[Path]:
    """The labelled files in `folder` (not below it), in name order."""
    return sorted(p for p in folder.glob("*.yml") if p.is_file())


def load_examples(paths: Iterable[Path]) -> list[Labelled]:
    """Replies to learn from; a held-out file is refused, so it can never be learnt from by mistake."""
    out = []
    for path in paths:
        if HELDOUT_FOLDER in Path(path).resolve().parts:
            raise LabelError(f"{path}: a held-out file is never learnt from")
        out += load(Path(path))
    return out
