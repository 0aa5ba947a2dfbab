"""Band accuracy of the scorer on our labelled replies (`make score-report`).

The bands in tests/data/labelled_replies.yml were decided from docs/rubric.md before the scorer
was run on them. Prints accuracy per dimension, the confusion between bands, and the misses.
"""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import Dict, List

import yaml

BANDS = ("low", "neutral", "high")
DIMENSIONS = ("ownership", "flexibility")
LABELLED = Path(__file__).resolve().parent / "data" / "labelled_replies.yml"
FLOOR = 0.85


def load_labelled(path: Path = LABELLED) -> List[Dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["replies"]


def evaluate(parser, library, replies: List[Dict]) -> Dict:
    from bot.coach.roleplay import Message
    from bot.coach.scoring import band, score_reply

    confusion = {d: Counter() for d in DIMENSIONS}
    misses = []
    for item in replies:
        message = Message.from_parse(parser.parse(item["text"]))
        score = score_reply(item["text"], message.intent_ranking, message.entities,
                            library.get(item["scenario"]))
        got = {"ownership": band(score.ownership), "flexibility": band(score.flexibility)}
        for dim in DIMENSIONS:
            confusion[dim][(item[dim], got[dim])] += 1
        if any(got[d] != item[d] for d in DIMENSIONS):
            misses.append((item, got, score, message.intent))
    accuracy = {d: sum(n for (want, got), n in confusion[d].items() if want == got) / len(replies)
                for d in DIMENSIONS}
    return {"accuracy": accuracy, "confusion": confusion, "misses": misses, "total": len(replies)}


def render(result: Dict, show_misses: bool = True) -> str:
    out = [f"Scorer band accuracy on {result['total']} labelled replies (floor {FLOOR:.0%}):"]
    for dim in DIMENSIONS:
        out.append(f"  {dim:<12} {result['accuracy'][dim]:.1%}")
    for dim in DIMENSIONS:
        out.append(f"\nConfusion, {dim} (rows: label, columns: scorer)")
        out.append("  " + " " * 9 + "".join(f"{b:>9}" for b in BANDS))
        for want in BANDS:
            out.append(f"  {want:<9}" + "".join(f"{result['confusion'][dim][(want, got)]:>9}" for got in BANDS))
    if show_misses and result["misses"]:
        out.append(f"\nMisses ({len(result['misses'])}):")
        for item, got, score, intent in result["misses"]:
            out.append(f"  [{item['scenario']}] {item['text']!r}\n    label own={item['ownership']} "
                       f"flex={item['flexibility']}; scored {score.ownership}/{score.flexibility} "
                       f"({got['ownership']}/{got['flexibility']}), intent {intent}; {score.reason}")
    return "\n".join(out)


def main() -> int:
    from bot.config import get_settings
    from bot.coach.scenarios import load_scenarios
    from bot.ops.training import model_path
    from rasa_adapters.nlu import NluParser

    settings = get_settings()
    parser = NluParser(model_path(settings))
    result = evaluate(parser, load_scenarios(settings.scenarios_dir), load_labelled())
    print(render(result, show_misses="--quiet" not in sys.argv))
    return 0 if all(a >= FLOOR for a in result["accuracy"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
