"""docs/rubric.md and the scorer agree: the move table, the tips and every example."""
from __future__ import annotations

import re

import pytest

from bot.coach.roleplay import Message
from bot.coach.scoring import band, default_rubric, score_reply
from tests.conftest import project_file

DOC = project_file("docs", "rubric.md").read_text(encoding="utf-8")


def table_after(heading_text: str):
    """Rows (as cell lists) of the first markdown table after a line containing heading_text."""
    lines = DOC[DOC.index(heading_text):].splitlines()
    rows, started = [], False
    for line in lines:
        stripped = line.strip()
        if stripped.startswith("|"):
            started = True
            cells = [c.strip() for c in stripped.strip("|").split("|")]
            if not set("".join(cells)) <= set("-: "):
                rows.append(cells)
        elif started:
            break
    return rows[1:]  # without the header


def test_move_table_matches_rubric_file():
    moves = default_rubric().moves
    documented = {row[0]: (int(row[1]), int(row[2])) for row in table_after("| move (intent) |")}
    expected = {name: (m["ownership"], m["flexibility"]) for name, m in moves.items() if name != "nlu_fallback"}
    assert documented == expected


def _plain(text: str) -> str:
    return re.sub(r"[*\"\\]", "", text).strip()


def test_tips_match_rubric_file():
    tips = {_plain(t) for t in default_rubric().tips.values()}
    documented = [_plain(row[1]) for row in table_after("| when | tip |")]
    assert documented and all(tip in tips for tip in documented)
    assert len(documented) == len(tips)


EXAMPLES = table_after("| reply | scenario | ownership | flexibility |")


@pytest.mark.parametrize("reply, scenario_id, own, flex", EXAMPLES, ids=[e[0][:40] for e in EXAMPLES])
def test_documented_example(nlu, library, reply, scenario_id, own, flex):
    message = Message.from_parse(nlu.parse(reply))
    score = score_reply(reply, message.intent_ranking, message.entities, library.get(scenario_id))
    assert (band(score.ownership), band(score.flexibility)) == (own, flex), (message.intent, score)


def test_documented_over_promise_is_flagged(nlu, library):
    reply = EXAMPLES[-1][0]
    message = Message.from_parse(nlu.parse(reply))
    assert score_reply(reply, message.intent_ranking, message.entities, library.get("denied-iphone")).over_promise
