"""The scorer alone, cue prefilter on and off, side by side in one run.

`python -m bench.scorer_cues` scores every dev reply with `score_reply` (no NLU: each reply is
read as its labelled move at 0.9, so the figure is the scorer's own time), once with the
rubric's cues prefiltered (bot/coach/literals.py) and once running each cue's whole
alternation, alternating the two `--rounds` times. It prints the best replies/s of each, the
ratio, and whether every score was the same both ways. Needs no model.
"""
from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from collections.abc import Sequence

from bot.coach.scenarios import load_scenarios
from bot.coach.scoring import Rubric, default_rubric, score_reply
from bot.config import get_settings
from tests.labelled import load_dev


def _without_prefilter(rubric: Rubric) -> Rubric:
    return dataclasses.replace(rubric, cues=tuple(dataclasses.replace(c, matcher=None) for c in rubric.cues))


def _score_all(items: Sequence[tuple], rubric: Rubric) -> tuple[float, list[tuple]]:
    started = time.perf_counter()
    scores = [score_reply(text, ranking, (), scenario, rubric) for text, ranking, scenario in items]
    elapsed = time.perf_counter() - started
    return elapsed, [(s.ownership, s.flexibility, s.move, [c.as_dict() for c in s.cues]) for s in scores]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="runs of each, alternating (default 5)")
    args = parser.parse_args(argv)
    library = load_scenarios(get_settings().scenarios_dir)
    items = [(r.text, [{"name": r.intent, "confidence": 0.9}], library.get(r.case)) for r in load_dev()]
    prefiltered = default_rubric()
    whole = _without_prefilter(prefiltered)
    best = {"prefiltered": float("inf"), "whole": float("inf")}
    results: dict[str, list[tuple]] = {}
    for _ in range(max(args.rounds, 1)):
        for name, rubric in (("whole", whole), ("prefiltered", prefiltered)):
            elapsed, results[name] = _score_all(items, rubric)
            best[name] = min(best[name], elapsed)
    same = results["whole"] == results["prefiltered"]
    print(f"{len(items)} dev replies, best of {max(args.rounds, 1)} alternating runs each")
    for name in ("whole", "prefiltered"):
        print(f"  {name:<12} {len(items) / best[name]:8.1f} replies/s  ({best[name] * 1000 / len(items):.2f} ms per reply)")
    print(f"  ratio        {best['whole'] / best['prefiltered']:8.2f}x faster with the prefilter")
    print(f"  same scores  {'yes' if same else 'NO'}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
