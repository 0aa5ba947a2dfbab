"""The scorer agrees with our labelled replies at least 85 % of the time on each dimension."""
from __future__ import annotations

from tests.score_report import BANDS, DIMENSIONS, FLOOR, evaluate, load_labelled, render


def test_labelled_set_is_well_formed():
    replies = load_labelled()
    assert len(replies) >= 150
    assert len({r["text"] for r in replies}) == len(replies)
    for reply in replies:
        assert reply["scenario"] in {"denied-iphone", "nine-weeks", "unpaid-outage"}
        assert reply["ownership"] in BANDS and reply["flexibility"] in BANDS


def test_band_accuracy_meets_the_floor(nlu, library):
    result = evaluate(nlu, library, load_labelled())
    print(render(result, show_misses=False))
    for dim in DIMENSIONS:
        assert result["accuracy"][dim] >= FLOOR, render(result)
