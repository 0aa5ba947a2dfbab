"""How the review pages are rendered: Jinja2 templates in bot/web/templates/review/ through
aiohttp-jinja2, with autoescape on, so every value from a user or the database is escaped by
Jinja2 (MarkupSafe) and never by hand. The pages load only /static/review.css and no script.

This module sets the template environment up and holds the few calculations the templates need
(links, where the cue phrases sit in a reply, the mood line's coordinates); none of it makes
markup: the markup is all in the templates.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import aiohttp_jinja2
import jinja2
from aiohttp import web

from bot.coach.persona import MOOD_SCALE
from bot.coach.scoring import BANDS, band
from bot.storage.models import DIMENSIONS, OUTCOMES

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
TEMPLATES = web.AppKey("review_templates", jinja2.Environment)

BAND_OPTIONS = [("", "any")] + [(name, f"{name} ({low}–{high})") for name, (low, high) in BANDS.items()]
OUTCOME_OPTIONS = [("", "any")] + [(outcome, outcome) for outcome in OUTCOMES] + [("open", "open")]


def when(value: datetime | None) -> str:
    return "–" if value is None else value.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M")


def list_link(query: Mapping[str, str], base: str = "/review", **changes: Any) -> str:
    """A link to the session list (or an export) with the query changed; empty values dropped."""
    merged = {k: v for k, v in {**query, **{k: str(v) for k, v in changes.items()}}.items() if v not in ("", None)}
    return base + "?" + urlencode(merged) if merged else base


def cue_parts(text: str, cues: Iterable[Any]) -> list[dict[str, Any]]:
    """The reply cut into parts, in order: plain text, and each cue phrase found in it (its first
    match, when it overlaps no other) with the direction and title its <mark> shows."""
    spans: list[tuple[int, int, Mapping[str, Any]]] = []
    lowered = text.lower()
    for cue in cues or ():
        if not isinstance(cue, dict) or not cue.get("phrase"):
            continue
        start = lowered.find(str(cue["phrase"]).lower())
        if start < 0:
            continue
        end = start + len(str(cue["phrase"]))
        if all(end <= s or start >= t for s, t, _ in spans):
            spans.append((start, end, cue))
    parts: list[dict[str, Any]] = []
    at = 0
    for start, end, cue in sorted(spans, key=lambda s: s[0]):
        ownership, flexibility = int(cue.get("ownership") or 0), int(cue.get("flexibility") or 0)
        title = f'{cue.get("label") or cue.get("kind")}: ownership {ownership:+}, flexibility {flexibility:+}'
        parts.append({"text": text[at:start], "cue": None})
        parts.append({"text": text[start:end],
                      "cue": {"direction": "up" if ownership + flexibility >= 0 else "down", "title": title}})
        at = end
    parts.append({"text": text[at:], "cue": None})
    return [p for p in parts if p["text"] or p["cue"]]


def mood_chart(turns: Sequence[Mapping[str, Any]]) -> dict[str, Any] | None:
    """Where the customer's moods go on the mood line (macros.html draws it); None without any."""
    moods = [(t["seq"], MOOD_SCALE.index(t["mood"])) for t in turns
             if t["speaker"] == "customer" and t.get("mood") in MOOD_SCALE]
    if not moods:
        return None
    width, height, left, pad = 640, 150, 70, 12
    top = len(MOOD_SCALE) - 1
    first, last = moods[0][0], max(moods[-1][0], moods[0][0] + 1)

    def x(seq: int) -> float:
        return left + (seq - first) / (last - first) * (width - left - pad)

    def y(level: int) -> float:
        return pad + (top - level) / top * (height - 2 * pad)

    return {"width": width, "height": height, "left": left, "right": width - pad,
            "grid": [{"mood": mood, "y": y(level)} for level, mood in enumerate(MOOD_SCALE)],
            "points": [{"seq": seq, "mood": MOOD_SCALE[level], "x": x(seq), "y": y(level)} for seq, level in moods]}


def review_index(reviews: Iterable[Mapping[str, Any]]):
    """The reviews per turn (None: the whole session), and the machine's score before the first
    override of each (turn, dimension)."""
    by_turn: dict[int | None, list[Mapping[str, Any]]] = {}
    original: dict[tuple[int | None, str], int] = {}
    for review in reviews:
        by_turn.setdefault(review["turn_id"], []).append(review)
        if review["kind"] == "override":
            original.setdefault((review["turn_id"], review["dimension"]), review["old_score"])
    return by_turn, original


def _blank_none(value: Any) -> Any:
    """{{ None }} shows nothing (not "None"), as an empty cell or field."""
    return "" if value is None else value


def setup_templates(app: web.Application) -> jinja2.Environment:
    filters: dict[str, Callable[..., str]] = {"when": when, "band": band}
    env = aiohttp_jinja2.setup(
        app, app_key=TEMPLATES, default_helpers=False,
        loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR)),
        # On for .html and for anything else too: nothing here is rendered without escaping.
        autoescape=jinja2.select_autoescape(enabled_extensions=("html",), default_for_string=True, default=True),
        undefined=jinja2.StrictUndefined, finalize=_blank_none, trim_blocks=True, lstrip_blocks=True,
        filters=filters)
    env.globals.pop("app", None)  # aiohttp-jinja2 adds the app; no template needs it
    env.globals.update(DIMENSIONS=DIMENSIONS, BAND_OPTIONS=BAND_OPTIONS, OUTCOME_OPTIONS=OUTCOME_OPTIONS,
                       link=list_link, cue_parts=cue_parts, mood_chart=mood_chart)
    return env


def render(request: web.Request, template: str, context: Mapping[str, Any], status: int = 200) -> web.Response:
    return aiohttp_jinja2.render_template(f"review/{template}", request, context, app_key=TEMPLATES, status=status)
