"""The bot's messages as Slack messages (text + Block Kit), as plain Python.

A message from the role-play is a text with an optional custom payload (see README): the scenario
list (`scenarios`), a case starting (`scenario`), a customer line (`mood`, with `score` after a
reply), or the end (`scorecard`). `slack_messages` turns one into the keyword arguments of
`chat.postMessage` (without `channel`). Every piece of text that can come from a trainee or a case
file is escaped for Slack's mrkdwn, so nobody can inject mentions (`<!channel>`) or links.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.coach.commands import END_PAYLOAD, RETRY_PAYLOAD, start_payload
from bot.coach.scoring import band

# Block Kit limits (https://api.slack.com/reference/block-kit/blocks).
SECTION_TEXT_MAX = 3000
BUTTON_TEXT_MAX = 75
FALLBACK_TEXT_MAX = 3000
# A message takes at most 50 blocks; the rest of the scorecard uses at most 9 of them.
MAX_STRONGER_REPLIES = 40
BAND_EMOJI = {"low": ":red_circle:", "neutral": ":large_yellow_circle:", "high": ":large_green_circle:"}
OUTCOME_LABEL = {"resolved": "resolved :white_check_mark:", "churned": "the customer left :x:",
                 "abandoned": "ended by you"}


def escape(text: Any) -> str:
    """Slack's required escaping for text it would otherwise parse (&, <, >)."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _fallback(text: str) -> str:
    """The `text` beside the blocks: shown in notifications, and parsed like mrkdwn too."""
    return _cut(escape(text), FALLBACK_TEXT_MAX)


def _section(mrkdwn: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": _cut(mrkdwn, SECTION_TEXT_MAX)}}


def _context(mrkdwn: str) -> dict[str, Any]:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": _cut(mrkdwn, SECTION_TEXT_MAX)}]}


def _quote(text: str) -> str:
    return "\n".join("> " + line for line in escape(text).splitlines() or [""])


def scenario_list(text: str, scenarios: list[Mapping[str, Any]]) -> dict[str, Any]:
    intro = text.splitlines()[0] if text else "Which case do you want to practise?"
    blocks: list[dict[str, Any]] = [_section(f"*{escape(intro)}*")]
    for case in scenarios:
        block = _section(f"*{escape(case.get('title', case['id']))}*\n{escape(case.get('summary', ''))}")
        block["accessory"] = {
            "type": "button",
            "text": {"type": "plain_text", "text": _cut(f"Start: {case.get('customer') or case['id']}",
                                                           BUTTON_TEXT_MAX)},
            "value": start_payload(case["id"]),
            "action_id": f"start_scenario:{case['id']}",
        }
        blocks.append(block)
    example = scenarios[0]["id"] if scenarios else "nine-weeks"
    blocks.append(_context(f"Or type it, for example _start the {escape(example)} case_."))
    return {"text": _fallback(text or intro), "blocks": blocks}


def end_call_button() -> dict[str, Any]:
    """The End call button under every customer line: it sends the `/end_session` payload, so
    ending never depends on how a typed sentence is read."""
    return {"type": "actions", "elements": [{
        "type": "button", "text": {"type": "plain_text", "text": "End call"},
        "value": END_PAYLOAD, "action_id": "end_session"}]}


def case_started(text: str, scenario: Mapping[str, Any]) -> dict[str, Any]:
    title = scenario.get("title") or scenario.get("id") or "Role-play"
    return {"text": _fallback(text),
            "blocks": [_section(f"*{escape(title)}*\n{escape(text)}"),
                       _context("Reply as the agent: everything you write goes to the customer. "
                                "Click *End call* or type _end the role-play_ to stop and get your scorecard.")]}


def score_line(score: Mapping[str, Any]) -> str:
    """One reply's score as a context line: both dimensions with their bands, the reason, cues."""
    if score.get("unsure"):
        return f":grey_question: Unclear: not scored\n{escape(score.get('reason', ''))}"
    parts = [f"{BAND_EMOJI[band(int(score['ownership']))]} Ownership *{int(score['ownership'])}*",
             f"{BAND_EMOJI[band(int(score['flexibility']))]} Flexibility *{int(score['flexibility'])}*"]
    if score.get("over_promise"):
        parts.append(":warning: Over-promise")
    line = "   ".join(parts)
    if score.get("reason"):
        line += f"\n{escape(score['reason'])}"
    cues = [f"“{escape(c.get('phrase', ''))}” ({escape(c.get('label', ''))})" for c in score.get("cues") or []]
    if cues:
        line += "\nCues: " + ", ".join(cues)
    return line


RETRY_BUTTON = {"type": "button", "text": {"type": "plain_text", "text": "Try that reply again"},
                "value": RETRY_PAYLOAD, "action_id": "retry_reply"}


def customer_line(text: str, score: Mapping[str, Any] | None, show_scores: bool) -> dict[str, Any]:
    blocks = [_section(escape(text))]
    buttons = end_call_button()
    if score and show_scores:
        blocks.append(_context(score_line(score)))
        # Practice mode: the answer to a scored reply offers to take that reply back.
        buttons["elements"].append(dict(RETRY_BUTTON))
    blocks.append(buttons)
    return {"text": _fallback(text), "blocks": blocks}


def scorecard(text: str, card: Mapping[str, Any]) -> dict[str, Any]:
    first = text.splitlines()[0] if text else "Scorecard"
    title = first if first.startswith("Scorecard") else f"Scorecard: {card.get('scenario', '')}"
    outcome = OUTCOME_LABEL.get(card.get("outcome", ""), escape(card.get("outcome", "")))
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": _cut(title, 150)}},
    ]
    if not first.startswith("Scorecard"):
        blocks.append(_context(escape(first)))
    blocks.append({"type": "section", "fields": [
        {"type": "mrkdwn", "text": f"*Ownership*\n{BAND_EMOJI[band(int(card['ownership']))]} "
                                   f"{int(card['ownership'])}/100 ({band(int(card['ownership']))})"},
        {"type": "mrkdwn", "text": f"*Flexibility*\n{BAND_EMOJI[band(int(card['flexibility']))]} "
                                   f"{int(card['flexibility'])}/100 ({band(int(card['flexibility']))})"},
        {"type": "mrkdwn", "text": f"*Outcome*\n{outcome}"},
        {"type": "mrkdwn", "text": f"*Replies*\n{int(card.get('turns') or 0)}"},
    ]})
    if card.get("counted"):  # how the two numbers came about (a card stored before it has none)
        blocks.append(_context(escape(str(card["counted"]))))
    lows = card.get("stronger_replies")
    for label in ("best", "worst"):
        reply = card.get(label)
        if reply:
            said = (f"*{label.capitalize()} reply* ({int(reply['ownership'])}/{int(reply['flexibility'])})\n"
                    f"{_quote(reply.get('text', ''))}\n{escape(reply.get('reason', ''))}")
            if lows is None:  # a card from before the list of low replies
                said += _stronger(reply.get("model_reply") or {})
            blocks.append(_section(said))
    for low in (lows or ())[:MAX_STRONGER_REPLIES]:
        blocks.append(_section(f"*You said* ({int(low['ownership'])}/{int(low['flexibility'])})\n"
                               f"{_quote(low.get('text', ''))}" + _stronger(low.get("model_reply") or {})))
    if lows and len(lows) > MAX_STRONGER_REPLIES:
        blocks.append(_context(f"{len(lows) - MAX_STRONGER_REPLIES} more low replies: "
                               "the web chat's scorecard shows every one."))
    tips = [tip for tip in (card.get("tips") or [card.get("tip")]) if tip]
    if len(tips) == 1:
        blocks.append(_section(f":bulb: *Tip:* {escape(tips[0])}"))
    elif tips:
        numbered = "\n".join(f"{number}. {escape(tip)}" for number, tip in enumerate(tips, start=1))
        blocks.append(_section(f":bulb: *Tips:*\n{numbered}"))
    blocks.append(_context("Say _hi_ or _which cases are there?_ to practise another case."))
    return {"text": _fallback(text or title), "blocks": blocks}


def _stronger(model: Mapping[str, Any]) -> str:
    """A low reply's stronger reply, as mrkdwn to add below it ("" when there is none)."""
    if not model.get("text"):
        return ""
    return (f"\n:bulb: *A stronger reply:*\n{_quote(model['text'])}"
            + (f"\n_{escape(model['why'])}_" if model.get("why") else ""))


def slack_messages(message: Mapping[str, Any], show_scores: bool) -> list[dict[str, Any]]:
    """One bot message (Rasa's `text` and `custom`) as `chat.postMessage` arguments."""
    text = message.get("text") or ""
    given = message.get("custom")
    custom: Mapping[str, Any] = given if isinstance(given, dict) else {}
    if custom.get("scorecard"):
        return [scorecard(text, custom["scorecard"])]
    if custom.get("scenarios") is not None:
        return [scenario_list(text, custom["scenarios"])]
    if custom.get("scenario"):
        return [case_started(text, custom["scenario"])]
    if text and ("mood" in custom or "score" in custom):
        return [customer_line(text, custom.get("score"), show_scores)]
    if text:
        return [{"text": _fallback(text), "blocks": [_section(escape(text))]}]
    return []  # a payload for other front ends only (nothing Slack can show)
