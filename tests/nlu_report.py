"""How well the trained model and the scorer read trainee replies (`make nlu-report`).

Prints, for the dev set and the frozen held-out set side by side (tests/labelled.py):
intent macro F1 over the 15 moves (strict: the labelled main move; "either move": a reply
labelled with two moves may be read as either; the move read is the one the coach acts on mid-case,
the best move in the NLU's ranking, and the NLU's top intent as such, control intents included,
is shown on its own line), band accuracy per dimension, how many replies
were two bands off (a 0 scored 2 or a 2 scored 0), and how many readings were unsure. Band
figures count only replies whose case has a scenario file (the scorer needs its offers).
`--misses` is the tuning view: the dev set's figures and misses only; the held-out set is not read.

It also prints how often two raters agree: a second rater banded a random dev sample and the
whole held-out set blind to the first labels (tests/data/second_rater/). Their agreement is the
ceiling a scorer can be held to; the scorer is compared with each rater, and with the replies
both raters band alike. Held-out figures stay aggregates.

The band check (rasa_adapters/band_estimator.py) learns from the dev set, so the model's own
estimates would flatter the dev figures. Here every reply's estimate comes from a fit that did not
see it: the dev set's from five folds of whole files (each file estimated by a fit on the other
folds), a single dev file's (`--only`) from a fit on the rest, and the held-out set's from a fit
on the dev set without the few replies it repeats word for word.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.labelled import (
    BANDS,
    DEV,
    DEV_FILES,
    DIMENSIONS,
    MOVES,
    SECOND_RATER,
    Labelled,
    folded,
    load,
    load_dev,
    load_heldout,
    load_second_ratings,
    rating_key,
)

TARGETS = {"intent_f1": 0.85, "band_accuracy": 0.90, "two_off": 0}
BAND_INDEX = {name: index for index, name in enumerate(BANDS)}

Parse = Callable[[list[str]], list[Mapping[str, Any]]]


@dataclass
class Result:
    total: int = 0
    scored: int = 0
    intent_f1: float = 0.0
    intent_f1_either: float = 0.0
    intent_f1_raw: float = 0.0  # the NLU's top intent as such, control intents included
    accuracy: dict[str, float] = field(default_factory=dict)
    two_off: dict[str, int] = field(default_factory=dict)
    confusion: dict[str, Counter] = field(default_factory=dict)
    unsure: int = 0
    misses: list[dict[str, Any]] = field(default_factory=list)
    replies: list[Labelled] = field(default_factory=list)
    got: list[dict[str, int] | None] = field(default_factory=list)  # per reply; None without a scenario

    def figures(self) -> dict[str, Any]:
        return {"replies": self.total, "replies_with_bands": self.scored, "intent_macro_f1": round(self.intent_f1, 4),
                "intent_macro_f1_either_move": round(self.intent_f1_either, 4),
                "intent_macro_f1_nlu_top_intent": round(self.intent_f1_raw, 4),
                "band_accuracy": {d: round(a, 4) for d, a in self.accuracy.items()},
                "two_bands_off": self.two_off, "unsure": self.unsure}


def macro_f1(truth: Sequence[str], predicted: Sequence[str]) -> float:
    """Macro F1 over the 15 moves; a reading outside them (a control intent) is simply wrong."""
    from sklearn.metrics import f1_score

    return float(f1_score(list(truth), list(predicted), labels=list(MOVES), average="macro", zero_division=0))


Bands = list[dict[str, dict[str, float]]]
FOLDS = 5


def unseen_bands(train: Sequence[Labelled], replies: Sequence[Labelled], config_file: Path) -> Bands | None:
    """The band check's estimate for each reply from a fit on `train` without any reply in
    `replies` (None when config.yml has no band check)."""
    from rasa_adapters.band_estimator import configured

    config = configured(config_file)
    return None if config is None else _unseen(config, train, replies)


def _unseen(config: dict[str, Any], train: Sequence[Labelled], replies: Sequence[Labelled]) -> Bands:
    from rasa_adapters.band_estimator import estimate, fit

    if not replies:
        return []
    seen = {folded(r.text) for r in replies}
    return estimate(fit(config, [r for r in train if folded(r.text) not in seen]), [r.text for r in replies])


def cross_fitted_bands(files: Sequence[Sequence[Labelled]], config_file: Path) -> Bands | None:
    """The dev set's estimates, file by file, each from a fit on the other folds of files."""
    from rasa_adapters.band_estimator import configured

    config = configured(config_file)
    if config is None:
        return None
    folds = [[reply for index, replies in enumerate(files) if index % FOLDS == fold for reply in replies]
             for fold in range(FOLDS)]
    by_fold = []
    for fold, held in enumerate(folds):
        rest = [reply for other, replies in enumerate(folds) if other != fold for reply in replies]
        by_fold.append(iter(_unseen(config, rest, held)))
    # Each fold's estimates come in its files' order, so taking them file by file lines them up.
    return [next(by_fold[index % FOLDS]) for index, replies in enumerate(files) for _ in replies]


def evaluate(parse: Parse, library, replies: Sequence[Labelled], bands: Bands | None = None) -> Result:
    """`bands`: the band check's estimate per reply, in place of the model's (see the docstring)."""
    from bot.coach.roleplay import Message
    from bot.coach.scoring import band, score_reply

    result = Result(total=len(replies), confusion={d: Counter() for d in DIMENSIONS},
                    two_off={d: 0 for d in DIMENSIONS}, replies=list(replies))
    truth, either, predicted, raw = [], [], [], []
    correct = Counter()
    parses = parse([r.text for r in replies])
    if bands is not None:
        parses = [{**parsed, "bands": estimate} for parsed, estimate in zip(parses, bands, strict=True)]
    for reply, parsed in zip(replies, parses, strict=True):
        message = Message.from_parse(parsed)
        scenario = library.get(reply.case)
        score = score_reply(reply.text, message.intent_ranking, message.entities, scenario, bands=message.bands)
        # The move the coach acts on mid-case (cue, customer line, scorecard): the best move in
        # the NLU's ranking. Control intents do not steer during a case (bot/coach/commands.py),
        # so "let me look at what retention can do" read as list_scenarios is still scored and
        # answered as the move ranked next; that move is what is measured.
        truth.append(reply.intent)
        predicted.append(score.move)
        raw.append(message.intent)
        either.append(score.move if score.move in reply.moves else reply.intent)
        result.unsure += score.unsure
        if scenario is None:
            result.got.append(None)
            continue
        result.scored += 1
        got = {"ownership": BAND_INDEX[band(score.ownership)], "flexibility": BAND_INDEX[band(score.flexibility)]}
        result.got.append(got)
        for dim in DIMENSIONS:
            want = getattr(reply, dim)
            result.confusion[dim][(want, got[dim])] += 1
            correct[dim] += want == got[dim]
            result.two_off[dim] += abs(want - got[dim]) == 2
        if any(got[d] != getattr(reply, d) for d in DIMENSIONS) or score.move not in reply.moves:
            result.misses.append({"reply": reply, "got": got, "score": score, "intent": score.move,
                                  "confidence": message.confidence})
    result.intent_f1 = macro_f1(truth, predicted)
    result.intent_f1_either = macro_f1(either, predicted)
    result.intent_f1_raw = macro_f1(truth, raw)
    result.accuracy = {d: correct[d] / result.scored if result.scored else 0.0 for d in DIMENSIONS}
    return result


def measure_dev(parse: Parse, library, config_file: Path) -> Result:
    files = [load(DEV / name) for name in DEV_FILES]
    return evaluate(parse, library, [r for replies in files for r in replies], cross_fitted_bands(files, config_file))


def measure_heldout(parse: Parse, library, config_file: Path) -> Result:
    replies = load_heldout()
    return evaluate(parse, library, replies, unseen_bands(load_dev(), replies, config_file))


@dataclass
class Agreement:
    """Two raters and the scorer on the replies a second rater banded, per dimension."""
    rated: int = 0
    raters_agree: dict[str, float] = field(default_factory=dict)
    raters_two_apart: dict[str, int] = field(default_factory=dict)
    scorer_vs_first: dict[str, float] = field(default_factory=dict)
    scorer_vs_second: dict[str, float] = field(default_factory=dict)
    alike: dict[str, int] = field(default_factory=dict)  # replies both raters band alike
    scorer_on_alike: dict[str, float] = field(default_factory=dict)
    scorer_two_off_on_alike: dict[str, int] = field(default_factory=dict)

    def figures(self) -> dict[str, Any]:
        def rounded(x: float | int) -> float | int:
            return round(x, 4) if isinstance(x, float) else x

        return {k: {d: rounded(x) for d, x in v.items()} if isinstance(v, dict) else v for k, v in vars(self).items()}


def agreement(result: Result, second: Mapping[str, Mapping[str, int]]) -> Agreement:
    """Compare the labels (the first rater), a second rater and the scorer, reply by reply."""
    rows = [(reply, second[key], got) for reply, got in zip(result.replies, result.got, strict=True)
            if got is not None and (key := rating_key(reply.case, reply.text)) in second]
    out = Agreement(rated=len(rows))
    if not rows:
        return out
    for dim in DIMENSIONS:
        first_second = [(getattr(r, dim), s[dim]) for r, s, _ in rows]
        out.raters_agree[dim] = sum(a == b for a, b in first_second) / len(rows)
        out.raters_two_apart[dim] = sum(abs(a - b) == 2 for a, b in first_second)
        out.scorer_vs_first[dim] = sum(getattr(r, dim) == g[dim] for r, _, g in rows) / len(rows)
        out.scorer_vs_second[dim] = sum(s[dim] == g[dim] for _, s, g in rows) / len(rows)
        alike = [(getattr(r, dim), g[dim]) for r, s, g in rows if getattr(r, dim) == s[dim]]
        out.alike[dim] = len(alike)
        out.scorer_on_alike[dim] = sum(a == g for a, g in alike) / len(alike) if alike else 0.0
        out.scorer_two_off_on_alike[dim] = sum(abs(a - g) == 2 for a, g in alike)
    return out


def render_agreement(dev: Agreement, heldout: Agreement) -> str:
    def pct(x: float) -> str:
        return f"{x:.1%}"

    out = ["\nTwo raters: a second rater banded these replies blind to the labels (tests/data/second_rater/)",
           f"{'':<40}{f'dev sample ({dev.rated})':>20}{f'held-out ({heldout.rated})':>18}"]
    for dim in DIMENSIONS:
        rows = [(f"{dim}: raters agree", pct(dev.raters_agree.get(dim, 0)), pct(heldout.raters_agree.get(dim, 0))),
                ("  raters two bands apart", str(dev.raters_two_apart.get(dim, 0)),
                 str(heldout.raters_two_apart.get(dim, 0))),
                ("  scorer agrees with the labels", pct(dev.scorer_vs_first.get(dim, 0)),
                 pct(heldout.scorer_vs_first.get(dim, 0))),
                ("  scorer agrees with the second rater", pct(dev.scorer_vs_second.get(dim, 0)),
                 pct(heldout.scorer_vs_second.get(dim, 0))),
                ("  where raters agree: scorer agrees", pct(dev.scorer_on_alike.get(dim, 0)),
                 pct(heldout.scorer_on_alike.get(dim, 0))),
                ("  where raters agree: two bands off", str(dev.scorer_two_off_on_alike.get(dim, 0)),
                 str(heldout.scorer_two_off_on_alike.get(dim, 0)))]
        out += [f"{label:<40}{a:>20}{b:>18}" for label, a, b in rows]
    return "\n".join(out)


def meets_targets(result: Result) -> dict[str, bool]:
    return {"intent_f1": result.intent_f1 >= TARGETS["intent_f1"],
            **{f"{d}_accuracy": result.accuracy[d] >= TARGETS["band_accuracy"] for d in DIMENSIONS},
            "two_off": sum(result.two_off.values()) <= TARGETS["two_off"]}


def render(dev: Result, heldout: Result) -> str:
    def pct(x: float) -> str:
        return f"{x:.1%}"

    rows = [
        ("replies (with bands)", f"{dev.total} ({dev.scored})", f"{heldout.total} ({heldout.scored})", ""),
        ("intent macro F1", f"{dev.intent_f1:.3f}", f"{heldout.intent_f1:.3f}", f">= {TARGETS['intent_f1']}"),
        ("  either move counts", f"{dev.intent_f1_either:.3f}", f"{heldout.intent_f1_either:.3f}", ""),
        ("  NLU top intent as such", f"{dev.intent_f1_raw:.3f}", f"{heldout.intent_f1_raw:.3f}", ""),
        *[(f"{d} band accuracy", pct(dev.accuracy[d]), pct(heldout.accuracy[d]),
           f">= {TARGETS['band_accuracy']:.0%}") for d in DIMENSIONS],
        *[(f"{d}: two bands off", str(dev.two_off[d]), str(heldout.two_off[d]), "0") for d in DIMENSIONS],
        ("unsure readings", str(dev.unsure), str(heldout.unsure), ""),
    ]
    out = [f"{'':<26}{'dev (tuned on)':>16}{'held-out (frozen)':>20}   target (held-out)"]
    out += [f"{label:<26}{a:>16}{b:>20}   {t}" for label, a, b, t in rows]
    for dim in DIMENSIONS:
        out.append(f"\nHeld-out confusion, {dim} (rows: label, columns: scorer)")
        out.append(" " * 11 + "".join(f"{b:>9}" for b in BANDS))
        for want in range(3):
            out.append(f"  {BANDS[want]:<9}" + "".join(f"{heldout.confusion[dim][(want, got)]:>9}" for got in range(3)))
    met = meets_targets(heldout)
    out.append("\nHeld-out targets: " + ", ".join(f"{k} {'met' if ok else 'MISSED'}" for k, ok in met.items()))
    return "\n".join(out)


def render_dev(dev: Result) -> str:
    rows = [("replies (with bands)", f"{dev.total} ({dev.scored})"), ("intent macro F1", f"{dev.intent_f1:.3f}"),
            ("  either move counts", f"{dev.intent_f1_either:.3f}"),
            *[(f"{d} band accuracy", f"{dev.accuracy[d]:.1%}") for d in DIMENSIONS],
            *[(f"{d}: two bands off", str(dev.two_off[d])) for d in DIMENSIONS],
            ("unsure readings", str(dev.unsure))]
    return "\n".join([f"{'':<26}{'dev (tuned on)':>16}"] + [f"{label:<26}{value:>16}" for label, value in rows])


def render_misses(result: Result) -> str:
    out = [f"\nDev misses ({len(result.misses)}):"]
    for miss in result.misses:
        reply, got, score = miss["reply"], miss["got"], miss["score"]
        out.append(f"  [{reply.case}] {reply.text!r}\n    label {'/'.join(reply.moves)} {reply.ownership}/"
                   f"{reply.flexibility}; read {miss['intent']} ({miss['confidence']:.2f}) "
                   f"{score.ownership}/{score.flexibility} -> {got['ownership']}/{got['flexibility']}; {score.reason}")
    return "\n".join(out)


def model_parser(model: Path) -> Parse:
    from rasa_adapters.nlu import NluParser

    return NluParser(model).parse_many


def main(argv: Sequence[str] = ()) -> int:
    from bot.coach.scenarios import load_scenarios
    from bot.config import get_settings
    from bot.ops.training import model_path

    parser = argparse.ArgumentParser(prog="make nlu-report", description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path, help="a trained model (default: the current one)")
    parser.add_argument("--misses", action="store_true", help="list the dev set's misses")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--only", metavar="FILE", choices=DEV_FILES,
                        help="one dev file alone, with its misses (a new blind batch, before tuning on it)")
    args = parser.parse_args(list(argv))
    settings = get_settings()
    parse = model_parser(args.model or model_path(settings))
    library = load_scenarios(settings.scenarios_dir)
    config_file = settings.root / "config.yml"
    if args.only:
        only = load(DEV / args.only)
        rest = [r for name in DEV_FILES if name != args.only for r in load(DEV / name)]
        batch = evaluate(parse, library, only, unseen_bands(rest, only, config_file))
        print(render_dev(batch).replace("dev (tuned on)", f"{args.only:>16}", 1))
        print(render_misses(batch))
        return 0
    dev = measure_dev(parse, library, config_file)
    if args.misses:
        # The tuning view: the dev set only. The held-out set is not even read, so nothing of
        # it can steer a change made from this list.
        print(render_dev(dev))
        print(render_misses(dev))
        return 0
    heldout = measure_heldout(parse, library, config_file)
    print(render(dev, heldout))
    raters = {"dev": agreement(dev, load_second_ratings(SECOND_RATER / "dev_sample.yml")),
              "heldout": agreement(heldout, load_second_ratings(SECOND_RATER / "heldout.yml"))}
    print(render_agreement(raters["dev"], raters["heldout"]))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"dev": dev.figures(), "heldout": heldout.figures(),
                                         "targets_met": meets_targets(heldout),
                                         "two_raters": {k: a.figures() for k, a in raters.items()}}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
