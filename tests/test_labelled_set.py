"""The labelled sets are well formed, the held-out set is frozen, and the scorer keeps its
measured agreement with them (figures: `make nlu-report`, docs/nlu.md)."""
from __future__ import annotations

import pytest

from bot.coach.labelled import example_files, load_examples
from tests.conftest import project_file
from tests.labelled import (
    CHECKSUMS,
    DEV,
    DEV_FILES,
    DIMENSIONS,
    MOVES,
    SECOND_RATER,
    LabelError,
    Labelled,
    checksum_problems,
    heldout_files,
    load,
    load_dev,
    load_heldout,
    load_second_ratings,
    rating_key,
)
from tests.nlu_report import Result, agreement, measure_dev, measure_heldout, render

CASES = {"denied-iphone", "nine-weeks", "unpaid-outage", "move-and-upgrade", "friday-data-line"}
# Regression floors, not targets: a little under what docs/nlu.md reports, so a change that
# makes the reading worse fails here. The held-out set is only measured, never tuned on.
# (Dev intent F1 went from 0.74 to 0.73 when the seventh blind batch, read at 0.38, joined it;
# the eighth, read at 0.34 / 80.0 % / 77.0 %, took dev to 0.723 / 92.8 % / 93.0 % before round 8.
# Round 8 measured dev 0.731 / 94.2 / 94.0 and held-out 0.875 / 94.8 / 92.9, docs/nlu.md; the
# ninth batch, read at 0.294 / 78.0 % / 74.0 %, took dev to 0.718 / 92.9 % / 92.3 %; round 10
# measured dev 0.718 / 93.5 / 93.5 and held-out 0.875 / 94.8 / 93.1; the tenth batch, read at
# 0.520 / 81.5 % / 84.5 %, took dev to 0.711 / 92.6 % / 92.8 %; the eleventh, read at
# 0.293 / 83.0 % / 76.0 %, to 0.702 / 91.9 % / 91.6 %; the twelfth, read after round 11 at
# 0.337 / 77.5 % / 82.0 %, to 0.698 / 91.3 % / 91.7 %; round 12 and its training examples
# measured dev 0.709 / 91.5 / 91.9 and held-out 0.882 / 94.8 / 93.1; the thirteenth, read at
# 0.708 / 82.0 % / 86.0 %, took dev to 0.709 / 90.9 % / 91.6 %; round 13 to 0.709 / 91.6 / 91.9;
# its 221 training examples measured dev 0.722 / 91.7 / 91.8 and held-out 0.874 / 94.6 / 92.7; the
# fourteenth batch, read at 0.758 / 82.5 % / 83.5 %, took dev to 0.724 / 91.1 % / 91.3 %; the
# nineteenth, a trap batch read at 0.608 / 80.0 % / 79.0 %, took dev from 0.723 / 91.7 / 91.4 to
# 0.717 / 91.1 % / 90.8 %; rounds 19 and 20 to 0.717 / 91.8 / 90.9; the twentieth, read at
# 0.527 / 79.0 % / 77.0 %, to 0.708 / 91.2 % / 90.3 %; rounds 21 and 22 and the twenty-first (read
# at 0.772 / 93.4 % / 90.4 %) to 0.711 / 91.4 % / 90.6 %; the band check, its estimates from fits
# that did not see the reply, took ownership to dev 91.1 % and held-out 94.0 %, docs/nlu.md; the
# twenty-second, a trap batch read at 0.625 / 83.5 % / 80.5 %, took dev to 0.708 / 90.8 % / 90.2 %;
# the twenty-third and twenty-fourth, trap batches read at 0.668 / 82.5 % / 83.5 % and 0.641 /
# 91.0 % / 77.9 %, to 0.705 / 90.5 % / 89.4 %; the hand-off rule to 89.5 %; the scored band doubted
# by the band check took ownership to dev 90.9 % and held-out 95.2 %; the twenty-fifth to
# twenty-seventh, representative batches read at 0.721 / 96.0 % / 85.0 %, 0.762 / 93.0 % / 85.5 %
# and 0.786 / 90.8 % / 88.8 %, took dev to 0.712 / 91.1 % / 89.2 %; the play-through and the
# ownership words of batches 28 and 29 to 91.3 %; the twenty-eighth and twenty-ninth, ownership
# borders read at 0.698 / 90.5 % / 84.0 % and (second-language English) 0.673 / 85.0 % / 87.5 %,
# to 0.710 / 91.3 % / 89.0 %, and 89.1 % after two of their flexibility misses were mended; the
# thirtieth, ownership in words that usually mean the opposite, read at 0.689 / 91.0 % / 83.0 %,
# to 0.710 / 91.4 % / 88.9 %; the thirty-first (plain mid-call replies, proposals put as questions)
# and thirty-second (a representative class), read at 0.541 / 81.0 % / 84.6 % and 0.680 / 93.9 % /
# 93.4 %, to 0.707 / 91.2 % / 89.0 %; the thirty-third (whole calls reply by reply) and
# thirty-fourth (second-language chat), read after the third play-through's fixes at 0.571 /
# 94.9 % / 91.4 % and 0.711 / 76.5 % / 89.0 %, to 0.704 / 91.2 % / 89.1 %; the thirty-fifth (earlier
# agents' words recalled) and thirty-sixth (speech typed as said), read at 0.534 / 89.5 % / 83.0 %
# and 0.745 / 97.0 % / 88.0 %, to 0.702 / 91.5 % / 89.2 %; the thirty-seventh (a representative class)
# and thirty-eighth (options named but not offered), read at 0.828 / 97.5 % / 91.9 % and 0.358 /
# 94.0 % / 82.4 %, to 0.701 / 91.6 % / 89.7 %; the intent floor is 0.69 from here, a little under it;
# the thirty-ninth to forty-second (owning words that look low, a whole call's talk, flexibility at its
# borders, unusual voices), read at 0.499 / 90.9 % / 85.8 %, 0.630 / 89.8 % / 89.8 %, 0.601 / 91.8 % /
# 89.7 % and 0.810 / 92.4 % / 89.8 %, and the forty-third and forty-fourth (a representative class,
# mixed replies), read after stop 36's scoring rounds at 0.618 / 87.4 % / 86.9 % and 0.485 / 89.0 % /
# 86.5 %, to 0.695 / 92.1 % / 90.5 %; the forty-fifth to forty-eighth (owning words that look low
# again, a representative class, flexibility at both ends with no neutral label, second-language
# chat), read at 0.404 / 92.8 % / 88.7 %, 0.585 / 95.0 % / 88.5 %, 0.349 / 89.4 % / 83.3 % and
# 0.655 / 95.5 % / 90.0 %, to 0.687 / 92.3 % / 90.3 %; the intent floor is 0.68 from here; the
# forty-ninth (a representative class) and fiftieth (the end of the call, offers split over two
# turns), read after stop 37's rounds at 0.641 / 90.9 % / 87.9 % and 0.497 / 87.4 % / 87.4 %; the
# fifty-first (ownership through other people) and fifty-second (ownership in unexpected shapes),
# read at 0.403 / 89.1 % / 78.9 % and 0.446 / 95.9 % / 94.6 %, to 0.682 / 92.5 % / 90.3 %; the
# fifty-third (ownership in fragments, reassuring negatives) and fifty-fifth (second-language and
# veteran agents), read at 0.569 / 88.8 % / 87.5 % and 0.618 / 88.8 % / 85.6 %, to 0.679 / 92.5 % /
# 90.3 %: the intent floor is 0.67 from here. Only the dev set grew harder; the held-out floor stays.
# Stop 39's eight batches (57, 59-64: caveats, long replies, others' words, short answers, numbers,
# a furious customer, scripts), read at intent F1 0.310, 0.473, 0.636, 0.572, 0.642, 0.507 and 0.474,
# took dev to 0.669 / 92.5 % / 90.4 % (12381 replies): the intent floor is 0.66 from here.
# Stop 40's eight (65, 66, 68-73: courteous stonewalling, the end of the call, corrections,
# questions, the agent's own limits, hand-overs, answers to direct questions, the unreasonable
# demand), read at intent F1 0.560, 0.468, 0.431, 0.452, 0.619, 0.501, 0.408 and 0.447, took dev to
# 0.660 / 92.7 % / 90.6 % (13652 replies): the intent floor is 0.65 from here.
# Stop 44's four (90, 91, 93, 94: hand-offs, limits beside offers, short and off-script replies,
# long replies mixing moves), read at intent F1 0.478, 0.611, 0.436 and 0.361, took dev to 0.647 /
# 92.2 % / 90.5 % (16714 replies): the intent floor is 0.64 from here; the held-out floor stays.
# Stop 45's four (95-98: relayed news, money, options from outside the script, openings and
# wrap-ups), read at intent F1 0.522, 0.589, 0.315 and 0.555, took dev to 0.644 / 92.3 % / 90.3 %
# (17510 replies), above the floor: it stays. Stop 46's four (99, 100, 102, 103: commitments in
# other words, the size of what is offered, terse agents, where the remedy is), read at 0.530,
# 0.377, 0.714 and 0.493, left dev at 0.644 / 92.2 % / 90.2 % (18297 replies): it stays. Stop 47's
# four (104-107: two moves pulling opposite ways, long replies, idioms, a representative class),
# read at 0.153 (104 names the first move said as the main one, not the decisive one: either move
# 0.592), 0.672, 0.711 and 0.677, took dev to 0.6404 / 92.2 % / 90.2 % (19090 replies): the intent
# floor is 0.63 from here, so that a floor 0.0004 below the figure does not fail on rounding.
# Stop 48's five (108-112: managers and hand-offs, owning words that sound negative, short replies,
# a representative cohort, questions and choices put to the customer), read at 0.470 (either move
# 0.651), 0.705, 0.810, 0.637 and 0.546, took dev to 0.643 / 91.9 % / 90.0 % (20071 replies): the
# floors stay. Stop 49's three (115-117: relayed answers, choices and corrections; who does the work;
# many voices, long and mixed replies), read at 0.394, 0.643 and 0.673, took dev to 0.642 / 91.8 % /
# 89.9 % (20651 replies, 20 repeated word for word left out): the floors stay. Stop 50's two (119-120:
# strong commitments in the words of a wall; summaries, relayed news, two-part steps and questions
# with an edge), read at 0.658 and 0.487, took dev to 0.643 / 91.9 % / 90.0 % (21039 replies, 12
# repeated word for word left out): the floors stay. Stop 51's two (122-123: hand-overs the agent
# stays on and ownership in odd grammar; corrections, take-backs, partial and short answers), read at
# 0.602 and 0.427, took dev to 0.644 / 91.8 % / 90.0 % (21434 replies, 5 repeated word for word left
# out): the floors stay. Stop 52's two (125-126: reports of what others did, hesitant agents and
# openings that name the desk; amounts, dates and corrections in every kind of English), read at
# 0.511 and 0.628, took dev to 0.644 / 91.8 % / 90.0 % (21823 replies, 11 repeated word for word
# left out): the floors stay. Stop 53's two (128-129: work put on the customer, history recalled,
# promises of notes and messages; short follow-ups, who said yes, replies that do three things), read
# at 0.624 and 0.634, took dev to 0.645 / 91.7 % / 90.1 % (22214 replies, 9 repeated word for word
# left out, read by the model retrained with stop 53's examples): the floors stay. Stop 54's two
# (131-132: each dimension on its own, offers fetched elsewhere and owned steps beside a flat no;
# short replies and small talk), read at 0.611 and 0.704, took dev to 0.646 / 91.7 % / 90.0 % (22601
# replies, 13 repeated word for word left out, read by the model retrained with stop 54's examples):
# the floors stay. Stop 55's two (134-135: owning replies in every wording beside words that usually
# push away; relays, regrets and short answers to the customer's questions), read at 0.677 and 0.517,
# took dev to 0.647 / 91.8 % / 90.1 % (22990 replies, 11 repeated word for word left out, read by the
# model retrained with stop 55's examples): the floors stay. Then 136-137 (pushing away in polite
# words; chat typists and second-language trainees), read at 0.715 and 0.807, took dev to 0.649 /
# 91.8 % / 90.2 % (23389 replies, 1 repeated word for word left out): the floors stay. Stop 56's
# four (139-142: flexibility read two steps wrong; late in the call; ownership 0 or 1 in neutral
# words; terse replies and corrections), read at 0.714, 0.788, 0.730 and 0.808, took dev to 0.655 /
# 91.6 % / 90.2 % (24173 replies, 16 repeated word for word left out, read by the model retrained
# with stop 56's examples): the floors stay. Stop 57's two (144-145: ownership 2 beside words that
# sound like hiding; references back and second-language idioms), read at 0.733 and 0.820, took dev
# to 0.657 / 91.8 % / 90.1 % (24573 replies, none repeated word for word, read by the model
# retrained with stop 57's examples): the floors stay. Stop 58's two (147-148: corrections and
# short answers to the customer's questions; work someone else carries out, and its owning
# mirrors), read at 0.749 and 0.736, took dev to 0.660 / 92.0 % / 90.1 % (24968 replies, 5
# repeated word for word left out, read by the model retrained with stop 58's examples): the
# floors stay. Stop 59's two (150-151: the end of the call, recaps and closes; changes within one
# reply and work named for others), read at 0.760 and 0.836, took dev to 0.662 / 92.0 % / 90.2 %
# (25362 replies, 6 repeated word for word left out, read by the model retrained with stop 59's
# examples): the floors stay. Stop 60's two (153-154: explaining how things work; checking questions
# and second-language English), read at 0.828 and 0.818, took dev to 0.665 / 92.0 % / 90.2 % (25756
# replies, 6 repeated word for word left out, read by the model retrained with stop 60's examples):
# the floors stay. Stop 61's two (156-157: replies after the customer turned an offer down;
# hand-offs, things fetched elsewhere and the agent's own number), read at 0.859 and 0.828, took dev
# to 0.670 / 92.1 % / 90.2 % (26154 replies, 2 repeated word for word left out, read by the model
# retrained with stop 61's examples): the floors stay. Stop 62's four (159-160: one part granted and
# another refused or sent elsewhere, plain noes; keeping the customer, choices of times and recaps;
# 161-162: offers fetched elsewhere and advice said kindly; questions that hold a promise, kind words
# that carry a no), read at 0.761, 0.869, 0.772 and 0.726, took dev to 0.674 / 92.2 % / 90.4 % (26933
# replies, 21 repeated word for word left out, read by the model retrained with stop 62's examples):
# the floors stay. Stop 63's two (164: shrugs such as "nothing I can do", "my hands are tied", "out of
# my control", alone and beside an own step, and commitments in chat spelling; 165: split replies and
# escalations carried or handed off), read at 0.576 and 0.511, took dev to 0.674 / 92.2 % / 90.4 %
# (27329 replies, 4 repeated word for word left out, read by the model retrained with stop 63's
# examples): the floors stay. Then 166 (what is beyond authority declined beside a real offer; check
# questions and short turns at the end of the call), read at 0.449, took dev to 0.674 / 92.2 % /
# 90.4 % (27529 replies): the floors stay. Stop 64's two (168: self-corrections, offers bettered and
# recaps that add or take back; 169: offers and commitments put as questions or on a condition, kind
# words beside a rule), read at 0.599 and 0.665, took dev to 0.674 / 92.2 % / 90.5 % (27927 replies,
# 2 repeated word for word left out, read by the model retrained with stop 64's examples): the floors
# stay. Then 170-171 (the end of the call: closes, recaps after "that's all", last-minute additions;
# an angry customer who threatens to leave), read at 0.444 and 0.583, took dev to 0.673 / 92.2 % /
# 90.4 % (28323 replies, 4 repeated word for word left out): the floors stay. Stop 65's four (173:
# either/or offers, the pick confirmed, bare confirmations, gestures beyond the request; 174: recaps and
# confirmations with details, offers on a condition; 175: offers with strings attached or at the wrong
# time; 176: short replies mid-call, hedged offers), read at 0.606, 0.475, 0.683 and 0.579, took dev to
# 0.673 / 92.2 % / 90.3 % (29102 replies, 21 repeated word for word left out, read by the model
# retrained with them and stop 65's examples): the floors stay.)
DEV_FLOOR = {"intent_f1": 0.63, "ownership": 0.90, "flexibility": 0.88}
HELDOUT_FLOOR = {"intent_f1": 0.87, "ownership": 0.95, "flexibility": 0.92}


@pytest.mark.parametrize("name, replies", [("dev", load_dev), ("held-out", load_heldout)])
def test_each_labelled_set_is_well_formed(name, replies):
    items = replies()
    assert len({(r.case, r.text) for r in items}) == len(items), "a reply is labelled twice"
    assert {r.case for r in items} <= CASES
    for move in MOVES:
        assert any(r.intent == move for r in items), f"{name}: no reply makes the move {move}"


def test_the_held_out_set_is_frozen_and_large_enough():
    assert CHECKSUMS.exists() and heldout_files()
    assert checksum_problems() == []
    replies = load_heldout()
    assert len(replies) >= 400
    assert {r.case for r in replies} == CASES


def test_a_changed_held_out_file_is_refused(tmp_path, monkeypatch):
    import tests.labelled as labelled

    copy = tmp_path / "heldout"
    copy.mkdir()
    for path in heldout_files():
        (copy / path.name).write_bytes(path.read_bytes())
    (copy / "SHA256SUMS").write_bytes(CHECKSUMS.read_bytes())
    monkeypatch.setattr(labelled, "HELDOUT", copy)
    monkeypatch.setattr(labelled, "CHECKSUMS", copy / "SHA256SUMS")
    assert labelled.load_heldout()
    first = sorted(copy.glob("*.yml"))[0]
    first.write_text(first.read_text().replace("ownership: 1", "ownership: 2", 1))
    with pytest.raises(LabelError, match="changed since it was frozen"):
        labelled.load_heldout()


def test_a_bad_label_names_the_file_and_the_field(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text("replies:\n  - {case: nine-weeks, text: hi, intent: greet, ownership: 3, flexibility: 1}\n")
    with pytest.raises(LabelError, match=r"bad.yml: replies\[0\].ownership: expected 0, 1 or 2"):
        load(bad)


def test_the_dev_set_is_every_file_in_data_labelled():
    # The band check learns from every file there (rasa_adapters/band_estimator.py); the reports
    # measure DEV_FILES: a batch added to one and not the other would be learnt from unmeasured.
    assert [p.name for p in example_files(DEV)] == sorted(DEV_FILES)


def test_a_held_out_file_is_never_learnt_from(tmp_path):
    with pytest.raises(LabelError, match="a held-out file is never learnt from"):
        load_examples([heldout_files()[0]])
    copy = tmp_path / "heldout" / "some.yml"
    copy.parent.mkdir()
    copy.write_bytes(heldout_files()[0].read_bytes())
    with pytest.raises(LabelError, match="never learnt from"):
        load_examples([copy])
    assert load_examples([DEV / DEV_FILES[0]]) == load(DEV / DEV_FILES[0])


def test_the_scorer_keeps_its_agreement_with_the_labelled_sets(nlu, library):
    # The band check's estimates from fits that did not see the reply (tests/nlu_report.py).
    config = project_file("config.yml")
    dev, heldout = measure_dev(nlu.parse_many, library, config), measure_heldout(nlu.parse_many, library, config)
    report = render(dev, heldout)
    print(report)
    for result, floor in ((dev, DEV_FLOOR), (heldout, HELDOUT_FLOOR)):
        assert result.intent_f1 >= floor["intent_f1"], report
        for dim in DIMENSIONS:
            assert result.accuracy[dim] >= floor[dim], report


def test_every_second_rating_names_a_labelled_reply():
    # A reply edited after it was rated would leave its second rating pointing at nothing.
    dev = {rating_key(r.case, r.text) for r in load_dev()}
    sample = load_second_ratings(SECOND_RATER / "dev_sample.yml")
    assert len(sample) >= 1000 and set(sample) <= dev
    heldout = load_second_ratings(SECOND_RATER / "heldout.yml")
    assert set(heldout) == {rating_key(r.case, r.text) for r in load_heldout()}


def test_the_rating_key_ignores_spacing_and_capitals_but_not_the_case():
    assert rating_key("nine-weeks", "I'll  ring you\nat four") == rating_key("nine-weeks", "i'll ring you at FOUR")
    assert rating_key("nine-weeks", "I'll ring you") != rating_key("unpaid-outage", "I'll ring you")


@pytest.mark.parametrize("item, message", [
    ("{key: 'a1', ownership: 3, flexibility: 1}", r"rating 1: `ownership` must be 0, 1 or 2, not 3"),
    ("{key: 'a1', ownership: 1}", r"rating 1: `flexibility` must be 0, 1 or 2, not None"),
    ("{key: 12345, ownership: 1, flexibility: 1}", r"rating 1: `key` must be a text"),
    ("{key: 'a1', ownership: 1, flexibility: 1}\n  - {key: 'a1', ownership: 2, flexibility: 1}",
     r"rating 2: key a1 is rated twice"),
])
def test_a_bad_second_rating_names_the_file_and_the_field(tmp_path, item, message):
    bad = tmp_path / "second.yml"
    bad.write_text(f"ratings:\n  - {item}\n")
    with pytest.raises(LabelError, match=r"second.yml: " + message):
        load_second_ratings(bad)


def test_agreement_sets_the_scorer_beside_two_raters():
    def reply(text: str, ownership: int) -> Labelled:
        return Labelled("nine-weeks", text, "greet", None, ownership, 1)

    replies = [reply("a", 2), reply("b", 0), reply("c", 1), reply("d", 2), reply("not rated", 0)]
    # The scorer: right on a, two bands off on b, right on c, one off on d; e had no scenario.
    got = [{"ownership": 2, "flexibility": 1}, {"ownership": 2, "flexibility": 1},
           {"ownership": 1, "flexibility": 1}, {"ownership": 1, "flexibility": 1}, None]
    second = {rating_key("nine-weeks", t): {"ownership": o, "flexibility": 1}
              for t, o in (("a", 2), ("b", 0), ("c", 0), ("d", 1))}
    second[rating_key("nine-weeks", "not rated")] = {"ownership": 0, "flexibility": 1}
    result = agreement(Result(replies=replies, got=got), second)
    assert result.rated == 4
    assert result.raters_agree["ownership"] == 0.5 and result.raters_two_apart["ownership"] == 0
    assert result.scorer_vs_first["ownership"] == 0.5 and result.scorer_vs_second["ownership"] == 0.5
    # Where the raters agree (a and b), the scorer is right once and two bands off once.
    assert result.alike["ownership"] == 2 and result.scorer_on_alike["ownership"] == 0.5
    assert result.scorer_two_off_on_alike["ownership"] == 1
    assert result.raters_agree["flexibility"] == 1.0 and result.scorer_on_alike["flexibility"] == 1.0
