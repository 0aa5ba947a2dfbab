"""Score many replies on several processes (`python -m bot score --jobs N`).

Parsing (the model) is what costs; one process keeps one core busy. Each worker loads the
model once; the replies are handed out in chunks, each parsed in one batch, and come back in
their input order. Workers
are spawned (not forked) so no TensorFlow state is shared, and each uses one TensorFlow
thread, so N workers on N cores do not fight over them.
"""
from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

LOAD_TIMEOUT = 900.0
CHUNK = 64  # replies a worker parses in one go (rasa_adapters/nlu.py parse_many)

_worker: dict[str, Any] = {}


class PoolError(RuntimeError):
    pass


def _load(model: str, scenarios_dir: str, scenario_id: str, barrier: threading.Barrier) -> None:
    try:
        from bot.coach.scenarios import load_scenarios
        from rasa_adapters.nlu import NluParser

        _worker["parser"] = NluParser(Path(model))
        _worker["scenario"] = load_scenarios(Path(scenarios_dir)).get(scenario_id)
    except BaseException:
        barrier.abort()  # the parent stops waiting and reports it
        raise
    barrier.wait(LOAD_TIMEOUT)


def score_line(text: str, parsed: dict[str, Any], scenario: Any) -> dict[str, Any]:
    """One output line of `python -m bot score`: the reply and its score, from its NLU parse."""
    from bot.coach.roleplay import Message
    from bot.coach.scoring import score_reply

    message = Message.from_parse(parsed)
    score = score_reply(text, message.intent_ranking, message.entities, scenario, bands=message.bands)
    return {"text": text, **score.payload()}


def _score_chunk(texts: list[str]) -> list[dict[str, Any]]:
    parsed = _worker["parser"].parse_many(texts)
    return [score_line(text, data, _worker["scenario"]) for text, data in zip(texts, parsed, strict=True)]


def score_in_pool(texts: list[str], model: Path, scenarios_dir: Path, scenario_id: str, jobs: int,
                  loaded: Callable[[], None] | None = None) -> Iterator[dict[str, Any]]:
    """Yield one result per text, in order. `loaded` is called once every worker has its model."""
    os.environ.setdefault("TF_NUM_INTRAOP_THREADS", "1")
    os.environ.setdefault("TF_NUM_INTEROP_THREADS", "1")
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(jobs + 1)
    with context.Pool(jobs, initializer=_load,
                      initargs=(str(model), str(scenarios_dir), scenario_id, barrier)) as pool:
        try:
            barrier.wait(LOAD_TIMEOUT)
        except threading.BrokenBarrierError:
            pool.terminate()
            raise PoolError("a scoring worker could not load the model; run with --jobs 1 to see why") from None
        if loaded is not None:
            loaded()
        size = max(1, min(CHUNK, -(-len(texts) // (jobs * 2))))  # a few chunks per worker at least
        chunks = [texts[i:i + size] for i in range(0, len(texts), size)]
        for results in pool.imap(_score_chunk, chunks):
            yield from results
