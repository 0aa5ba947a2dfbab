"""docs/rubric.md and the scorer agree: the move table, every example, the session score's settings
and worked examples, and the tips."""
from __future__ import annotations

import re

import pytest

from bot.coach.roleplay import Message
from bot.coach.scoring import TIP_ASKS, Cue, ReplyScore, band, default_rubric, score_reply, score_session
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


TIPS = table_after("| key | when | not when | tip |")


def test_tips_match_rubric_file():
    rubric = default_rubric()
    assert {row[0]: _plain(row[3]) for row in TIPS} == {key: _plain(text) for key, text in rubric.tips.items()}


def test_tips_say_when_they_are_not_given_and_rank_ties_as_the_code_does():
    assert {row[0]: row[2].strip("`") for row in TIPS} == dict(TIP_ASKS)
    assert [row[0] for row in TIPS if row[0] != "well_done"] == list(default_rubric().session.tip_order)


def test_session_settings_match_rubric_file():
    documented = {row[0]: int(row[1]) for row in table_after("| setting | value |")}
    session = default_rubric().session
    assert documented == {name: getattr(session, name) for name in documented}
    assert set(documented) == {f for f in session.__dataclass_fields__ if f != "tip_order"}


def _replies(spec: str):
    """"96/97 commit_next_step dated; 91/45 make_exception over:free_iphone_current_plan" as replies."""
    replies = []
    for part in spec.split(";"):
        words = part.split()
        own, flex = (int(n) for n in words[0].split("/"))
        flags = words[2:]
        over = tuple(w[len("over:"):] for w in flags if w.startswith("over:"))
        cues = (Cue("today", "time", "names a time", 8, 0),) if "dated" in flags else ()
        replies.append(ReplyScore(text=part.strip(), ownership=own, flexibility=flex, cues=cues, reason="",
                                  over_promise=bool(over), move=words[1], over_promises=over))
    return replies


def _ids(cell: str):
    return [i.strip() for i in cell.split(",") if i.strip()]


WORKED = table_after("| call | case | replies | needs met |")


@pytest.mark.parametrize("call, case, replies, met, floated, own, flex, tips", WORKED, ids=[w[0] for w in WORKED])
def test_documented_session(library, call, case, replies, met, floated, own, flex, tips):
    scenario = library.get(case)  # the shipped case files, parsed once per run (tests/conftest.py)
    session = score_session(_replies(replies), scenario=scenario, met=_ids(met), pending=_ids(floated))
    assert (session.ownership, session.flexibility, list(session.tip_keys)) == (int(own), int(flex), _ids(tips))


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
