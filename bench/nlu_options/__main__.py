"""Compare NLU set-ups for reading trainee moves (`python -m bench.nlu_options`).

Each option is config.yml with its NLU pipeline changed (the `OPTIONS` below). For each one,
side by side in one run on this machine: a cold `rasa train nlu` (empty Rasa cache, timed),
intent macro F1 and band accuracy on the dev set and on the frozen held-out set (the same
evaluation as `make nlu-report`), and the per-message parse time (median and p95 of single
parses, as the Rasa server parses one message per turn). Prints a table and writes
results/nlu-options.json. The option is chosen on the dev figures; the held-out figures are
reported beside them (docs/nlu.md).
"""
from __future__ import annotations

import argparse
import copy
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "results" / "nlu-options.json"

_TOKENS = [{"name": "WhitespaceTokenizer"}, {"name": "RegexFeaturizer"}, {"name": "LexicalSyntacticFeaturizer"}]
_WORDS = {"name": "CountVectorsFeaturizer"}
_CHARS = {"name": "CountVectorsFeaturizer", "analyzer": "char_wb", "min_ngram": 2, "max_ngram": 4,
          "max_features": 6000}
_ENTITIES = [{"name": "RegexEntityExtractor", "use_lookup_tables": True, "use_regexes": True,
              "use_word_boundaries": True}, {"name": "EntitySynonymMapper"}]


def _diet(**changes: Any) -> dict[str, Any]:
    diet = {"name": "DIETClassifier", "epochs": 25, "number_of_transformer_layers": 1, "transformer_size": 128,
            "entity_recognition": False, "random_seed": 2026, "constrain_similarities": True,
            "model_confidence": "softmax"}
    diet.update(changes)
    return diet


def _tfidf(**changes: Any) -> dict[str, Any]:
    """Our classifier (rasa_adapters/move_classifier.py); it reads the text, needs no featurizer."""
    return {"name": "rasa_adapters.move_classifier.TfidfMoveClassifier", "word_ngrams": [1, 2],
            "char_ngrams": [2, 4], "max_char_features": 12000, "C": 10.0, "max_iter": 1000,
            "random_state": 2026, "ranking_length": 10, **changes}


def _logreg() -> dict[str, Any]:
    return {"name": "LogisticRegressionClassifier", "max_iter": 300, "solver": "lbfgs", "tol": 0.0001,
            "random_state": 2026, "ranking_length": 10}


OPTIONS: dict[str, dict[str, Any]] = {
    "config.yml as it is": {},
    "DIET, word 1-2-grams, char 1-5-grams": {"pipeline": _TOKENS + [
        {**_WORDS, "min_ngram": 1, "max_ngram": 2},
        {**_CHARS, "min_ngram": 1, "max_ngram": 5, "max_features": 12000},
        _diet()] + _ENTITIES},
    "DIET, no transformer, 40 epochs": {"pipeline": _TOKENS + [
        _WORDS, _CHARS, _diet(number_of_transformer_layers=0, epochs=40)] + _ENTITIES},
    "DIET, no transformer, 20 epochs": {"pipeline": _TOKENS + [
        _WORDS, _CHARS, _diet(number_of_transformer_layers=0, epochs=20)] + _ENTITIES},
    "TF-IDF logistic regression, C=3": {"pipeline": [{"name": "WhitespaceTokenizer"}, _tfidf(C=3.0)] + _ENTITIES},
    "TF-IDF logistic regression, char 2-5-grams, all": {"pipeline": [
        {"name": "WhitespaceTokenizer"}, _tfidf(char_ngrams=[2, 5], max_char_features=None)] + _ENTITIES},
    "Rasa's logistic regression (raw counts, C=1)": {"pipeline": _TOKENS + [
        {**_WORDS, "min_ngram": 1, "max_ngram": 2}, {**_CHARS, "max_features": 12000},
        _logreg()] + _ENTITIES},
    "logistic regression, word 1-3-grams, char 2-5-grams": {"pipeline": _TOKENS + [
        {**_WORDS, "min_ngram": 1, "max_ngram": 3}, {**_CHARS, "max_ngram": 5, "max_features": 20000},
        _logreg()] + _ENTITIES},
}


def option_config(name: str) -> dict[str, Any]:
    config = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))
    config = copy.deepcopy(config)
    config.update(OPTIONS[name])
    return config


def train(config: dict[str, Any], work: Path) -> float:
    """Cold `rasa train nlu` of this config into `work`; returns the seconds it took."""
    (work / "config.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2",
           "RASA_CACHE_DIRECTORY": str(work / "cache")}
    command = [sys.executable, "-m", "rasa", "train", "nlu", "--config", str(work / "config.yml"),
               "--nlu", str(ROOT / "data" / "nlu"), "--out", str(work), "--fixed-model-name", "option"]
    started = time.perf_counter()
    with (work / "train.log").open("w") as log:
        subprocess.run(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, check=True, timeout=1800)
    return time.perf_counter() - started


def parse_latency(parser, texts: list[str]) -> dict[str, float]:
    times = []
    for text in texts:
        started = time.perf_counter()
        parser.parse(text)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {"p50_ms": round(statistics.median(times), 2), "p95_ms": round(times[int(len(times) * 0.95) - 1], 2)}


def main(argv: list[str]) -> int:
    from bot.coach.scenarios import load_scenarios
    from bot.config import get_settings
    from rasa_adapters.nlu import NluParser
    from tests.labelled import load_dev, load_heldout
    from tests.nlu_report import evaluate

    parser = argparse.ArgumentParser(prog="python -m bench.nlu_options", description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", action="append", help="run only the options whose name contains this")
    args = parser.parse_args(argv)
    library = load_scenarios(get_settings().scenarios_dir)
    dev, heldout = load_dev(), load_heldout()
    names = [n for n in OPTIONS if not args.only or any(o.lower() in n.lower() for o in args.only)]
    figures: dict[str, Any] = {}
    for name in names:
        with tempfile.TemporaryDirectory(prefix="nlu-option-") as tmp:
            work = Path(tmp)
            print(f"{name}: training ...", flush=True)
            seconds = train(option_config(name), work)
            nlu = NluParser(work / "option.tar.gz")
            on_dev, on_heldout = evaluate(nlu.parse_many, library, dev), evaluate(nlu.parse_many, library, heldout)
            latency = parse_latency(nlu, [r.text for r in dev][:150])
            nlu.close()
        figures[name] = {"cold_train_nlu_s": round(seconds, 1), "parse": latency,
                         "dev": on_dev.figures(), "heldout": on_heldout.figures()}
        print(json.dumps(figures[name]), flush=True)
    header = (f"{'option':<44}{'train s':>8}{'parse p50':>10}{'F1 dev':>8}{'F1 held':>8}"
              f"{'own dev':>8}{'own held':>9}{'flex dev':>9}{'flex held':>10}")
    print("\n" + header)
    for name, f in figures.items():
        d, h = f["dev"], f["heldout"]
        print(f"{name:<44}{f['cold_train_nlu_s']:>8}{f['parse']['p50_ms']:>10}{d['intent_macro_f1']:>8.3f}"
              f"{h['intent_macro_f1']:>8.3f}{d['band_accuracy']['ownership']:>8.1%}{h['band_accuracy']['ownership']:>9.1%}"
              f"{d['band_accuracy']['flexibility']:>9.1%}{h['band_accuracy']['flexibility']:>10.1%}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
