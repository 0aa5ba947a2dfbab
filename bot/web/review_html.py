"""HTML for the review pages. Every value from a user or the database goes through `e()`
(html.escape); the pages load only /static/review.css and no script."""
from __future__ import annotations

import html
from datetime import datetime, timezone
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple
from urllib.parse import urlencode

from bot.coach.persona import MOOD_SCALE
from bot.coach.scoring import BANDS, band
from bot.storage.models import DIMENSIONS, OUTCOMES

SHORT = {"ownership": "Own", "flexibility": "Flex"}


def e(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def when(value: Optional[datetime]) -> str:
    return "–" if value is None else value.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M")


def score_badge(dimension: str, value: Optional[int], original: Optional[int] = None) -> str:
    if value is None:
        return f'<span class="badge">{SHORT[dimension]} –</span>'
    title = f"{dimension} {value} ({band(value)})"
    extra = ""
    if original is not None and original != value:
        title += f", machine scored {original} ({band(original)})"
        extra = f' <s class="machine" title="the machine\'s score">{original}</s>'
    return f'<span class="badge {band(value)}" title="{e(title)}">{SHORT[dimension]} {value}{extra}</span>'


def page(title: str, body: str, *, lead: Optional[str] = None, csrf: str = "", active: str = "") -> str:
    nav = ""
    if lead:
        links = "".join(
            f'<a href="{href}"{" aria-current=page" if key == active else ""}>{label}</a>'
            for key, href, label in (("sessions", "/review", "Sessions"), ("trainees", "/review/trainees", "Trainees"),
                                     ("agreement", "/review/agreement", "Agreement")))
        nav = (f'<nav aria-label="Review">{links}</nav><div class="who">Signed in as <strong id="lead-name">{e(lead)}'
               f'</strong><form method="post" action="/review/signout">{csrf_field(csrf)}'
               f'<button type="submit" id="signout">Sign out</button></form></div>')
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<title>{e(title)} · Coach review</title><link rel="icon" href="/static/favicon.svg">'
            f'<link rel="stylesheet" href="/static/review.css"></head><body>'
            f'<header class="top"><span class="brand">Coach review</span>{nav}</header>'
            f'<main id="main">{body}</main></body></html>')


def csrf_field(token: str) -> str:
    return f'<input type="hidden" name="csrf" value="{e(token)}">' if token else ""


def alert(message: Optional[str], kind: str = "error") -> str:
    return f'<p class="alert {kind}" role="alert" id="alert">{e(message)}</p>' if message else ""


def sign_in_page(message: Optional[str] = None, name: str = "") -> str:
    body = (f'<section class="card narrow"><h1>Team lead sign-in</h1>{alert(message)}'
            f'<form method="post" action="/review/signin" class="stack">'
            f'<label>Name <input name="name" id="name" autocomplete="username" required value="{e(name)}"></label>'
            f'<label>Password <input name="password" id="password" type="password" autocomplete="current-password" '
            f'required></label><button type="submit" class="primary" id="signin">Sign in</button></form>'
            f'<p class="muted small">Accounts are made with <code>python -m bot users add --role lead NAME</code>. '
            f'Trainees practise at <a href="/">the chat</a>.</p></section>')
    return page("Sign in", body)


def message_page(title: str, message: str, lead: Optional[str] = None, csrf: str = "") -> str:
    return page(title, f'<section class="card"><h1>{e(title)}</h1>{alert(message)}'
                       f'<p><a href="/review">Back to the sessions</a></p></section>', lead=lead, csrf=csrf)


# --- the session list ---------------------------------------------------------------------------
LIST_COLUMNS = (("trainee", "Trainee"), ("scenario", "Scenario"), ("started_at", "Date"), ("turns", "Turns"),
                ("outcome", "Outcome"), ("ownership", "Ownership"), ("flexibility", "Flexibility"))


def _select(name: str, label: str, options: Sequence[Tuple[str, str]], chosen: str) -> str:
    opts = "".join(f'<option value="{e(v)}"{" selected" if v == chosen else ""}>{e(t)}</option>' for v, t in options)
    return f'<label>{label} <select name="{name}" id="f-{name}">{opts}</select></label>'


def filter_form(query: Mapping[str, str], scenarios: Sequence[Tuple[str, str]]) -> str:
    q = lambda key: query.get(key, "")  # noqa: E731
    bands = [("", "any")] + [(b, f"{b} ({lo}–{hi})") for b, (lo, hi) in BANDS.items()]
    return (
        '<form method="get" action="/review" class="filters" id="filters">'
        f'<label>Trainee <input name="trainee" id="f-trainee" value="{e(q("trainee"))}" placeholder="name or id"></label>'
        + _select("scenario", "Scenario", [("", "any")] + list(scenarios), q("scenario"))
        + _select("channel", "Channel", [("", "any"), ("rest", "web chat / REST"), ("slack", "Slack")], q("channel"))
        + _select("outcome", "Outcome", [("", "any")] + [(o, o) for o in OUTCOMES] + [("open", "open")], q("outcome"))
        + f'<label>From <input type="date" name="from" id="f-from" value="{e(q("from"))}"></label>'
        + f'<label>To <input type="date" name="to" id="f-to" value="{e(q("to"))}"></label>'
        + _select("ownership_band", "Ownership band", bands, q("ownership_band"))
        + _select("flexibility_band", "Flexibility band", bands, q("flexibility_band"))
        + _select("reviewed", "Reviewed", [("", "any"), ("yes", "yes"), ("no", "no")], q("reviewed"))
        + _select("per_page", "Per page", [(n, n) for n in ("25", "50", "100")], q("per_page") or "25")
        + f'<input type="hidden" name="sort" value="{e(q("sort"))}">'
        '<div class="actions"><button type="submit" class="primary" id="apply">Apply</button>'
        '<a href="/review">Clear</a></div></form>')


def _link(query: Mapping[str, str], base: str = "/review", **changes: Any) -> str:
    merged = {k: v for k, v in {**query, **{k: str(v) for k, v in changes.items()}}.items() if v not in ("", None)}
    return base + "?" + urlencode(merged) if merged else base


def session_list(query: Mapping[str, str], result: Mapping[str, Any], counts: Mapping[str, int],
                 overrides: Mapping[int, int], scenarios: Sequence[Tuple[str, str]], error: Optional[str] = None) -> str:
    sort = query.get("sort") or "-started_at"
    head = ""
    for key, label in LIST_COLUMNS:
        descending = sort == "-" + key
        target = key if descending else "-" + key
        mark = " ▼" if descending else (" ▲" if sort == key else "")
        head += f'<th scope="col"><a href="{e(_link(query, sort=target, page=""))}">{label}{mark}</a></th>'
    head += '<th scope="col">Reviewed</th>'
    rows = ""
    for item in result.get("items", []):
        done = overrides.get(item["id"], 0)
        reviewed = ("yes" if item["reviewed"] else "no") + (f" · {done} override{'s' * (done != 1)}" if done else "")
        rows += (f'<tr data-session="{item["id"]}"><td><a href="/review/trainees/{item["trainee_id"]}">{e(item["trainee"])}'
                 f'</a> <span class="muted small">{e(item["channel"])}</span></td><td>{e(item["scenario"])}</td><td><a href="/review/sessions/{item["id"]}">'
                 f'{when(item["started_at"])}</a></td><td>{item["turns"]}</td><td>{e(item["outcome"] or "open")}</td>'
                 f'<td>{score_badge("ownership", item["ownership"])}</td>'
                 f'<td>{score_badge("flexibility", item["flexibility"])}</td>'
                 f'<td class="reviewed-{"yes" if item["reviewed"] else "no"}">{e(reviewed)}</td></tr>')
    total = result.get("total", 0)
    per_page = result.get("per_page", 25)
    page_no = result.get("page", 1)
    pages = max(1, -(-total // per_page))
    summary = (f'<p id="counts"><strong>{total}</strong> session{"s" * (total != 1)} match · '
               + " · ".join(f"{e(k)} {v}" for k, v in counts.items()) + "</p>")
    pager = '<nav class="pager" aria-label="Pages">'
    if page_no > 1:
        pager += f'<a href="{e(_link(query, page=page_no - 1))}" rel="prev">Previous</a>'
    pager += f'<span>Page {page_no} of {pages}</span>'
    if page_no < pages:
        pager += f'<a href="{e(_link(query, page=page_no + 1))}" rel="next">Next</a>'
    pager += "</nav>"
    exports = "".join(f'<a class="button" id="export-{fmt}" download '
                      f'href="{e(_link(query, f"/review/export.{fmt}", page="", per_page="", sort=""))}">{fmt.upper()}</a>'
                      for fmt in ("csv", "json"))
    table = (f'<table class="sessions" id="sessions"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'
             if rows else '<p class="muted" id="no-sessions">No sessions match these filters.</p>')
    return (f'<h1>Sessions</h1>{alert(error)}{filter_form(query, scenarios)}'
            f'<div class="bar">{summary}<span class="exports">Export the filtered list: {exports}</span></div>'
            f'{table}{pager}')


# --- one transcript -----------------------------------------------------------------------------
def highlight_cues(text: str, cues: Iterable[Any]) -> str:
    """The text, escaped, with each cue phrase found in it wrapped in <mark> (first match each)."""
    spans: List[Tuple[int, int, Mapping[str, Any]]] = []
    lowered = text.lower()
    for cue in cues:
        if not isinstance(cue, dict) or not cue.get("phrase"):
            continue
        start = lowered.find(str(cue["phrase"]).lower())
        if start < 0:
            continue
        end = start + len(str(cue["phrase"]))
        if all(end <= s or start >= t for s, t, _ in spans):
            spans.append((start, end, cue))
    out, at = [], 0
    for start, end, cue in sorted(spans, key=lambda s: s[0]):
        effect = int(cue.get("ownership") or 0) + int(cue.get("flexibility") or 0)
        title = (f'{cue.get("label") or cue.get("kind")}: ownership {int(cue.get("ownership") or 0):+}, '
                 f'flexibility {int(cue.get("flexibility") or 0):+}')
        out.append(e(text[at:start]))
        out.append(f'<mark class="cue {"up" if effect >= 0 else "down"}" title="{e(title)}">{e(text[start:end])}</mark>')
        at = end
    out.append(e(text[at:]))
    return "".join(out)


def mood_svg(turns: Sequence[Mapping[str, Any]]) -> str:
    """A line of the customer's mood over the session, drawn inline (no script, no styles)."""
    points = [(t["seq"], MOOD_SCALE.index(t["mood"])) for t in turns
              if t["speaker"] == "customer" and t.get("mood") in MOOD_SCALE]
    if not points:
        return '<p class="muted">No mood recorded.</p>'
    width, height, left, pad = 640, 150, 70, 12
    top = len(MOOD_SCALE) - 1
    first, last = points[0][0], max(points[-1][0], points[0][0] + 1)
    x = lambda seq: left + (seq - first) / (last - first) * (width - left - pad)  # noqa: E731
    y = lambda level: pad + (top - level) / top * (height - 2 * pad)  # noqa: E731
    grid = "".join(f'<line x1="{left}" x2="{width - pad}" y1="{y(i):.1f}" y2="{y(i):.1f}" stroke="#d6dbe3"/>'
                   f'<text x="{left - 6}" y="{y(i) + 4:.1f}" text-anchor="end" font-size="11" fill="#5b6472">{m}</text>'
                   for i, m in enumerate(MOOD_SCALE))
    line = " ".join(f"{x(s):.1f},{y(m):.1f}" for s, m in points)
    dots = "".join(f'<circle cx="{x(s):.1f}" cy="{y(m):.1f}" r="4" fill="#0b5d6b"><title>turn {s}: {MOOD_SCALE[m]}'
                   f'</title></circle>' for s, m in points)
    return (f'<svg class="mood" id="mood-line" viewBox="0 0 {width} {height}" role="img" '
            f'aria-label="The customer\'s mood over the session: {", ".join(MOOD_SCALE[m] for _, m in points)}">'
            f'{grid}<polyline points="{line}" fill="none" stroke="#0b5d6b" stroke-width="2"/>{dots}</svg>')


def _review_item(review: Mapping[str, Any]) -> str:
    if review["kind"] == "override":
        what = (f'<strong>override {e(review["dimension"])}</strong> {e(review["old_score"])} → '
                f'{e(review["new_score"])}')
    else:
        what = "<strong>comment</strong>"
    note = f': <span class="note">{e(review["comment"])}</span>' if review["comment"] else ""
    return f'<li class="review {e(review["kind"])}">{e(review["author"])}, {when(review["created_at"])}: {what}{note}</li>'


def _forms(session_id: int, csrf: str, turn_id: Optional[int], scores: Mapping[str, Optional[int]]) -> str:
    target = f'<input type="hidden" name="turn_id" value="{turn_id}">' if turn_id else ""
    suffix = f"-{turn_id}" if turn_id else "-session"
    dims = "".join(f'<option value="{d}">{d} (now {e(scores.get(d))})</option>' for d in DIMENSIONS)
    return (f'<details class="act"><summary>Comment or override</summary>'
            f'<form method="post" action="/review/sessions/{session_id}/comment" class="stack comment-form">'
            f'{csrf_field(csrf)}{target}<label>Comment <textarea name="comment" id="comment{suffix}" rows="2" '
            f'maxlength="4000" required></textarea></label><button type="submit">Add comment</button></form>'
            f'<form method="post" action="/review/sessions/{session_id}/override" class="stack override-form">'
            f'{csrf_field(csrf)}{target}<label>Score <select name="dimension" id="dimension{suffix}">{dims}</select></label>'
            f'<label>New score (0–100) <input type="number" name="score" id="score{suffix}" min="0" max="100" required>'
            f'</label><label>Reason (required) <input name="reason" id="reason{suffix}" maxlength="4000" required></label>'
            f'<button type="submit">Override</button></form></details>')


def transcript(session: Mapping[str, Any], csrf: str, scenario_title: str, notice: Optional[str] = None,
               error: Optional[str] = None) -> str:
    sid = session["id"]
    by_turn: Dict[Optional[int], List[Mapping[str, Any]]] = {}
    original: Dict[Tuple[Optional[int], str], int] = {}
    for review in session["reviews"]:
        by_turn.setdefault(review["turn_id"], []).append(review)
        if review["kind"] == "override":
            original.setdefault((review["turn_id"], review["dimension"]), review["old_score"])
    bubbles = ""
    for turn in session["turns"]:
        reviews = "".join(_review_item(r) for r in by_turn.get(turn["id"], []))
        reviews = f'<ul class="reviews">{reviews}</ul>' if reviews else ""
        if turn["speaker"] == "customer":
            mood = f'<span class="mood-tag">{e(turn["mood"])}</span>' if turn["mood"] else ""
            bubbles += (f'<li class="turn customer" id="turn-{turn["id"]}"><div class="bubble">{mood}'
                        f'<p>{e(turn["text"])}</p></div>{reviews}</li>')
            continue
        badges = "".join(score_badge(d, turn[d], original.get((turn["id"], d))) for d in DIMENSIONS)
        flag = ('<span class="flag" title="promises what the agent may not give">over-promise</span>'
                if turn["over_promise"] else "")
        reason = f'<p class="reason">{e(turn["reason"])}</p>' if turn["reason"] else ""
        bubbles += (f'<li class="turn trainee" id="turn-{turn["id"]}"><div class="bubble"><div class="scores">{badges}'
                    f'{flag}</div><p class="text">{highlight_cues(turn["text"], turn["cues"])}</p>{reason}</div>'
                    f'{reviews}{_forms(sid, csrf, turn["id"], turn)}</li>')
    trainee = session["trainee"]
    session_reviews = "".join(_review_item(r) for r in by_turn.get(None, []))
    reviewed = session["reviewed"]
    toggle = (f'<form method="post" action="/review/sessions/{sid}/reviewed" class="inline">{csrf_field(csrf)}'
              f'<input type="hidden" name="reviewed" value="{"no" if reviewed else "yes"}">'
              f'<button type="submit" id="mark-reviewed" class="{"" if reviewed else "primary"}">'
              f'{"Mark not reviewed" if reviewed else "Mark reviewed"}</button></form>')
    head = (f'<h1>{e(scenario_title)} <span class="muted">· session {sid}</span></h1>'
            f'<p class="meta">Trainee <a href="/review/trainees/{trainee["id"]}" id="trainee-link">{e(trainee["name"])}</a>'
            f' ({e(trainee["channel"])}) · started {when(session["started_at"])} UTC · '
            f'{e(session["outcome"] or "not ended")} · session '
            + "".join(score_badge(d, session[d], original.get((None, d))) for d in DIMENSIONS)
            + f' · <span id="reviewed-state">{"reviewed" if reviewed else "not reviewed"}</span></p>'
            f'<div class="bar">{toggle}<span class="exports">Export this session: '
            f'<a class="button" id="session-csv" href="/review/sessions/{sid}/export.csv" download>CSV</a>'
            f'<a class="button" href="/review/sessions/{sid}/export.json" download>JSON</a></span></div>')
    return (head + alert(error) + alert(notice, "ok")
            + f'<section class="card"><h2>Customer mood</h2>{mood_svg(session["turns"])}</section>'
            + f'<ol class="chat" id="chat">{bubbles}</ol>'
            + '<section class="card"><h2>Whole session</h2>'
            + (f'<ul class="reviews">{session_reviews}</ul>' if session_reviews else "")
            + _forms(sid, csrf, None, session) + '</section>')


# --- trainees and their progress ---------------------------------------------------------------
def trainee_list(items: Sequence[Mapping[str, Any]]) -> str:
    rows = "".join(f'<tr><td><a href="/review/trainees/{t["id"]}">{e(t["name"])}</a></td><td>{e(t["channel"])}</td>'
                   f'<td>{t["sessions"]}</td><td>{when(t["latest"])}</td></tr>' for t in items)
    if not rows:
        return '<h1>Trainees</h1><p class="muted">No trainee has played a case yet.</p>'
    return ('<h1>Trainees</h1><table class="sessions"><thead><tr><th scope="col">Trainee</th><th scope="col">Channel'
            '</th><th scope="col">Sessions</th><th scope="col">Latest</th></tr></thead>'
            f'<tbody>{rows}</tbody></table>')


def progress(trainee: Mapping[str, Any], sessions: Sequence[Mapping[str, Any]],
             outcomes: Sequence[Mapping[str, Any]], weakest: Sequence[Mapping[str, Any]]) -> str:
    tid = trainee["id"]
    outcome_rows = "".join(
        f'<tr><td>{e(o["scenario"])}</td><td>{o["sessions"]}</td><td>{o["resolved"]}</td><td>{o["churned"]}</td>'
        f'<td>{o["abandoned"]}</td><td>{o["open"]}</td></tr>' for o in outcomes)
    weak_rows = "".join(
        f'<tr><td>{e(w["label"] or w["kind"])} <span class="muted">({e(w["kind"])})</span></td><td>{w["count"]}</td>'
        f'<td>{w["effect"]:+}</td><td>“{e(w["example"])}”</td></tr>' for w in weakest)
    session_rows = "".join(
        f'<tr><td><a href="/review/sessions/{s["session_id"]}">{when(s["date"])}</a></td><td>{e(s["scenario"])}</td>'
        f'<td>{e(s["outcome"] or "open")}</td><td>{score_badge("ownership", s["ownership"])}</td>'
        f'<td>{score_badge("flexibility", s["flexibility"])}</td></tr>' for s in reversed(sessions))
    return (f'<h1>Progress: {e(trainee["name"])}</h1><p class="meta">{len(sessions)} session{"s" * (len(sessions) != 1)}'
            f' · <a href="/review?trainee={tid}">their sessions in the list</a></p>'
            f'<section class="card"><h2>Session scores over time</h2><img id="progress-chart" '
            f'src="/review/trainees/{tid}/chart.svg" alt="Ownership and flexibility of each ended session, oldest first"'
            f' width="750" height="320"></section>'
            f'<div class="two"><section class="card"><h2>Outcomes per scenario</h2><table id="outcomes"><thead><tr>'
            f'<th scope="col">Scenario</th><th scope="col">Sessions</th><th scope="col">Resolved</th>'
            f'<th scope="col">Churned</th><th scope="col">Abandoned</th><th scope="col">Open</th></tr></thead>'
            f'<tbody>{outcome_rows}</tbody></table></section>'
            f'<section class="card"><h2>Weakest cue types</h2>'
            + (f'<table id="weakest"><thead><tr><th scope="col">Cue type</th><th scope="col">Times</th>'
               f'<th scope="col">Points</th><th scope="col">For example</th></tr></thead><tbody>{weak_rows}</tbody></table>'
               if weak_rows else '<p class="muted" id="weakest">No cue has cost this trainee points yet.</p>')
            + f'</section></div><section class="card"><h2>Sessions</h2><table class="sessions"><thead><tr>'
            f'<th scope="col">Date</th><th scope="col">Scenario</th><th scope="col">Outcome</th>'
            f'<th scope="col">Ownership</th><th scope="col">Flexibility</th></tr></thead><tbody>{session_rows}'
            f'</tbody></table></section>')


# --- agreement ----------------------------------------------------------------------------------
def agreement_page(cells: Sequence[Mapping[str, Any]]) -> str:
    rows = ""
    for c in cells:
        rate = "–" if c["agreement"] is None else f'{c["agreement"] * 100:.0f} %'
        rows += (f'<tr class="{"total" if c["scenario"] == "all scenarios" else ""}"><td>{e(c["scenario"])}</td>'
                 f'<td>{e(c["dimension"])}</td><td>{c["reviewed_replies"]}</td><td>{c["overridden"]}</td>'
                 f'<td>{c["crossed_band"]}</td><td>{c["machine_too_high"]}</td><td>{c["machine_too_low"]}</td>'
                 f'<td class="rate">{rate}</td></tr>')
    return ('<h1>Leads and machine: agreement</h1><p class="meta">For every scored reply in a reviewed session: does '
            "the lead's final score sit in the same band (low 0–40, neutral 41–59, high 60–100) as the machine's? "
            'An override within a band counts as agreement. Low agreement shows where the scoring needs work.</p>'
            '<div class="bar"><span class="exports">Export: <a class="button" id="agreement-csv" '
            'href="/review/agreement.csv" download>CSV</a><a class="button" href="/review/agreement.json" download>'
            'JSON</a></span></div><table class="sessions" id="agreement"><thead><tr><th scope="col">Scenario</th>'
            '<th scope="col">Dimension</th><th scope="col">Reviewed replies</th><th scope="col">Overridden</th>'
            '<th scope="col">Moved to another band</th><th scope="col">Machine too high</th>'
            f'<th scope="col">Machine too low</th><th scope="col">Agreement</th></tr></thead><tbody>{rows}</tbody></table>')
