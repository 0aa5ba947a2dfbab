"""Parsing many replies at once (rasa_adapters/nlu.py parse_many, DIET batched) gives what
parsing them one at a time gives, so `python -m bot score --jobs N` scores exactly as the bot."""
from __future__ import annotations

import pytest
import yaml

from bot.coach.commands import END_PAYLOAD, start_payload
from tests.conftest import project_file


@pytest.fixture(scope="module")
def replies():
    data = yaml.safe_load(project_file("data", "labelled", "dev_replies.yml").read_text())
    texts = [r["text"] for r in data["replies"]]
    # Commands, an empty-ish reply and a long one go through the same graph.
    return texts + [start_payload("nine-weeks"), END_PAYLOAD, "ok", " ".join(texts[:6])]


def test_batched_parsing_matches_one_at_a_time(nlu, replies):
    together = nlu.parse_many(replies)
    assert len(together) == len(replies)
    for text, batched in zip(replies, together, strict=True):
        single = nlu.parse(text)
        assert batched["text"] == single["text"] == text
        assert batched["intent"]["name"] == single["intent"]["name"], text
        assert [r["name"] for r in batched["intent_ranking"][:3]] == [r["name"] for r in single["intent_ranking"][:3]]
        for b, s in zip(batched["intent_ranking"], single["intent_ranking"], strict=True):
            assert b["confidence"] == pytest.approx(s["confidence"], abs=1e-4), text
        assert [(e["entity"], e["value"]) for e in batched["entities"]] == \
            [(e["entity"], e["value"]) for e in single["entities"]]


def test_batches_smaller_and_larger_than_one_graph_run(nlu, replies):
    from rasa_adapters.nlu import BATCH

    assert len(replies) > BATCH  # more than one batch above, and a single text here
    assert nlu.parse_many(replies[:1])[0]["intent"]["name"] == nlu.parse(replies[0])["intent"]["name"]
    assert nlu.parse_many([]) == []
