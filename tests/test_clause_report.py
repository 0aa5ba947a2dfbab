import pytest

from tests.clause_report import RULES, last_sentence


@pytest.mark.parametrize("text, last", [
    ("Our rules say weekdays only. I've booked the Saturday engineer for 9am.", "I've booked the Saturday engineer for 9am."),
    ("No. Sorry. I'll ring you back today!", "I'll ring you back today!"),
    ("One sentence, but with a turn.", None),
    ("Procedure says no. Fine.", None),  # a one-word last sentence is not read alone
    ("Is that it? Shall I put it through now?", "Shall I put it through now?"),
])
def test_the_last_sentence_is_read_alone_only_when_there_are_two(text, last):
    assert last_sentence(text) == last


@pytest.mark.parametrize("name, whole, last, band", [
    ("whole reply only (today)", 0, 2, 0),
    ("last sentence holds a far band at neutral", 0, 2, 1),
    ("last sentence holds a far band at neutral", 2, 0, 1),
    ("last sentence holds a far band at neutral", 1, 2, 1),
    ("last sentence lifts a low band to neutral", 2, 0, 2),
    ("last sentence decides a far band", 2, 0, 0),
    ("last sentence decides a far band", 1, 0, 1),
])
def test_each_way_of_combining_moves_only_what_it_says(name, whole, last, band):
    assert RULES[name](whole, last) == band
