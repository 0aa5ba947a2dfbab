"""The review pages for team leads under /review: sessions, transcripts, overrides, progress,
agreement and exports. Server-rendered HTML with plain forms, no script: Jinja2 templates in
bot/web/templates/review/ with autoescape on (bot/web/review_pages.py sets them up).

Every /review path except the sign-in needs a lead's cookie (bot/web/review_auth.py) whose account
still exists: without one a page redirects to the sign-in and anything else (exports, the chart,
every POST) answers 401. POSTs also need this site's Origin (when sent) and the form's CSRF token.

  GET  /review                         the session list (filters in the query string)
  GET  /review/export.csv|.json        the filtered list (CSV: one row per turn; JSON: whole sessions)
  GET  /review/sessions/{id}           a transcript       GET /review/sessions/{id}/export.csv|.json
  POST /review/sessions/{id}/comment   {turn_id?, comment}
  POST /review/sessions/{id}/override  {turn_id?, dimension, score, reason}
  POST /review/sessions/{id}/reviewed  {reviewed: yes|no}
  GET  /review/trainees                GET /review/trainees/{id}   GET /review/trainees/{id}/chart.svg
  GET  /review/agreement               GET /review/agreement.csv|.json
  GET|POST /review/signin              POST /review/signout
"""
from __future__ import annotations

import asyncio
import csv
import io
import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ParamSpec, TypeVar

from aiohttp import web

from bot.coach.scenarios import ScenarioLibrary
from bot.coach.scoring import BANDS
from bot.storage import review_queries as queries
from bot.storage.errors import DatabaseUnavailable
from bot.storage.export import _json_default, to_json, write_csv
from bot.storage.models import DIMENSIONS, OUTCOMES
from bot.storage.records import TraineeRecord
from bot.storage.shared import SignInThrottle
from bot.storage.store import OPEN, TranscriptStore
from bot.storage.users import UserStore
from bot.web import review_data as data
from bot.web.auth import PublicSite
from bot.web.review_auth import (
    LEAD_COOKIE,
    LEAD_MAX_AGE,
    Lead,
    LeadSigner,
    run_hashing,
    throttled_message,
)
from bot.web.review_chart import progress_svg
from bot.web.review_pages import render, review_index, setup_templates

logger = logging.getLogger(__name__)

MAX_NOTE_CHARS = 4000
PER_PAGE_DEFAULT = 25
LEAD = "lead"
CSRF = "csrf"
FORM = "form"
NOT_SIGNED_IN = "Sign in as a team lead first (at /review/signin)."
BAD_CREDENTIALS = "That name and password do not match a team lead's account."
THROTTLED_THEN = "or ask whoever runs the coach to set a new password (python -m bot users passwd NAME)."
DONE = {"comment": "Comment added.", "override": "Score overridden; the machine's score stays visible.",
        "reviewed": "Marked reviewed.", "unreviewed": "Marked not reviewed."}


@dataclass
class ReviewContext:
    store: TranscriptStore
    users: UserStore
    signer: LeadSigner
    throttle: SignInThrottle
    library: ScenarioLibrary
    site: PublicSite


REVIEW = web.AppKey("review", ReviewContext)


def _page(request: web.Request, template: str, title: str, status: int = 200, active: str = "",
          **context: Any) -> web.Response:
    """A review page from its template; the layout gets the signed-in lead, the CSRF token and
    which part of the site (sessions, trainees, agreement) to mark in the menu."""
    lead = request.get(LEAD)
    return render(request, template, {"title": title, "lead": lead.name if lead else None,
                                      "csrf": request.get(CSRF, ""), "active": active, **context}, status)


def _problem(request: web.Request, status: int, title: str, message: str) -> web.Response:
    return _page(request, "message.html", title, status, message=message)


def _sign_in_page(request: web.Request, message: str | None = None, name: str = "", status: int = 200):
    return _page(request, "signin.html", "Sign in", status, message=message, name=name)


def _download(body: str, filename: str, content_type: str) -> web.Response:
    return web.Response(text=body, content_type=content_type, charset="utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{filename}"'})


P = ParamSpec("P")
T = TypeVar("T")


async def _run(function: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    return await asyncio.to_thread(function, *args, **kwargs)


def _is_review(path: str) -> bool:
    return path == "/review" or path.startswith("/review/")


def _same_site(request: web.Request) -> bool:
    return request.app[REVIEW].site.same_origin(request)


@web.middleware
async def require_lead(request: web.Request, handler):
    if not _is_review(request.path):
        return await handler(request)
    context = request.app[REVIEW]
    try:
        if request.method == "POST" and not _same_site(request):
            return web.Response(status=403, text="Requests from other sites are not accepted.")
        if request.path != "/review/signin":
            token = request.cookies.get(LEAD_COOKIE, "")
            claim = context.signer.verify(token)
            user = await _run(context.users.get, claim.name) if claim else None
            if claim is None or user is None or user.role != "lead" or claim.version != user.token_version:
                if request.method == "GET" and request.path.rsplit(".", 1)[-1] not in ("csv", "json", "svg"):
                    redirect = web.HTTPSeeOther("/review/signin")
                    if token:
                        redirect.del_cookie(LEAD_COOKIE, path="/review")
                    raise redirect
                return web.Response(status=401, text=NOT_SIGNED_IN)
            request[LEAD] = Lead(user.name, user.role)
            request[CSRF] = context.signer.csrf_token(token)
            if request.method == "POST":
                request[FORM] = await request.post()
                if not context.signer.check_csrf(token, request[FORM].get("csrf")):
                    return web.Response(status=403, text="This form has expired: reload the page and try again.")
        response = await handler(request)
    except web.HTTPException:
        raise
    except DatabaseUnavailable as error:
        logger.error("review page %s: %s", request.path, error)
        response = _problem(request, 503, "Database not available", str(error))
    except Exception:  # never a traceback in the page; the log has it
        logger.exception("error in %s %s", request.method, request.path)
        response = _problem(request, 500, "Something went wrong",
                            "Something went wrong on the review server; nothing was changed. Try again in a moment.")
    response.headers["Cache-Control"] = "no-store"  # other trainees' data: never kept by a browser or proxy
    # With "no-referrer" a browser sends `Origin: null` on our own forms; "same-origin" lets the
    # Origin check above see this site's origin, and still tells other sites nothing.
    response.headers["Referrer-Policy"] = "same-origin"
    return response


# --- sign-in ------------------------------------------------------------------------------------
async def sign_in_form(request: web.Request) -> web.Response:
    if request.app[REVIEW].signer.verify(request.cookies.get(LEAD_COOKIE)):
        raise web.HTTPSeeOther("/review")
    return _sign_in_page(request)


async def sign_in(request: web.Request) -> web.Response:
    context = request.app[REVIEW]
    form = await request.post()
    name = str(form.get("name") or "").strip()
    password = str(form.get("password") or "")
    address = context.site.client_address(request)
    if not name or not password:
        return _sign_in_page(request, "Enter your name and your password.", name, 400)
    # Counted before the hash is computed: parallel guesses (to any web process) cannot all pass
    # the check. A database that is down: require_lead answers 503 with the reason.
    wait = await _run(context.throttle.attempt, name, address)
    if wait:
        return _sign_in_page(request, throttled_message(wait, THROTTLED_THEN), name, 429)
    user = await run_hashing(context.users.authenticate, name, password)
    if user is None or user.role != "lead":
        return _sign_in_page(request, BAD_CREDENTIALS, name, 401)
    await _run(context.throttle.succeeded, name, address)
    redirect = web.HTTPSeeOther("/review")
    redirect.set_cookie(LEAD_COOKIE, context.signer.issue(Lead(user.name, user.role, user.token_version)),
                        max_age=LEAD_MAX_AGE,
                        path="/review", httponly=True, samesite="Strict",
                        secure=context.site.secure(request))
    raise redirect


async def sign_out(request: web.Request) -> web.Response:
    # Every cookie of this lead ends, not only this browser's (a copied cookie included).
    await _run(request.app[REVIEW].users.end_sessions, request[LEAD].name)
    redirect = web.HTTPSeeOther("/review/signin")
    redirect.del_cookie(LEAD_COOKIE, path="/review")
    raise redirect


# --- the list and its exports ----------------------------------------------------------------------
class BadQuery(ValueError):
    pass


def _filters(query) -> dict[str, Any]:
    reviewed = query.get("reviewed", "")
    if reviewed not in ("", "yes", "no"):
        raise BadQuery("Reviewed must be yes, no or any.")
    for key in ("ownership_band", "flexibility_band"):
        if query.get(key) and query[key] not in BANDS:
            raise BadQuery(f"A band must be one of {', '.join(BANDS)}.")
    outcome = query.get("outcome") or None
    if outcome and outcome not in OUTCOMES + (OPEN,):
        raise BadQuery(f"The outcome must be one of {', '.join(OUTCOMES + (OPEN,))}.")
    channel = query.get("channel") or None
    if channel and not CHANNEL_NAME.fullmatch(channel):
        raise BadQuery("The channel is a name like rest or slack.")
    return {"trainee": query.get("trainee") or None, "scenario": query.get("scenario") or None, "outcome": outcome,
            "channel": channel,
            "date_from": query.get("from") or None, "date_to": query.get("to") or None,
            "ownership_band": query.get("ownership_band") or None,
            "flexibility_band": query.get("flexibility_band") or None,
            "reviewed": None if not reviewed else reviewed == "yes"}


ASCII_NUMBER = re.compile(r"[0-9]{1,12}")


def _ascii_number(raw: str) -> bool:
    """Digits 0-9 only: str.isdigit() also takes "²", which int() refuses (a 500 before)."""
    return bool(ASCII_NUMBER.fullmatch(raw))


def _whole(query, name: str, default: int, most: int) -> int:
    raw = query.get(name) or str(default)
    if not _ascii_number(raw) or not 1 <= int(raw) <= most:
        raise BadQuery(f"{name.replace('_', ' ').capitalize()} must be a whole number from 1 to {most}.")
    return int(raw)


# A Rasa channel's name (rest, slack, ...): the web chat reaches Rasa through its REST channel.
CHANNEL_NAME = re.compile(r"[a-z][a-z0-9_-]{0,49}")


def _scenario_options(request: web.Request):
    return [(s.id, s.title) for s in request.app[REVIEW].library]


def _listing(store: TranscriptStore, filters: dict[str, Any], page: int, per_page: int, sort: str):
    result = store.list_sessions(page=page, per_page=per_page, sort=sort, **filters)
    counts = {}
    for outcome in OUTCOMES + (OPEN,):
        counts[outcome] = store.list_sessions(per_page=1, **{**filters, "outcome": outcome})["total"]
    counts["reviewed"] = store.list_sessions(per_page=1, **{**filters, "reviewed": True})["total"]
    return result, counts, queries.override_counts(store, [i["id"] for i in result["items"]])


async def session_list(request: web.Request) -> web.Response:
    query = dict(request.query)
    try:
        filters = _filters(query)
        page = _whole(query, "page", 1, 100_000)
        per_page = _whole(query, "per_page", PER_PAGE_DEFAULT, 100)
        result, counts, overrides = await _run(_listing, request.app[REVIEW].store, filters, page, per_page,
                                               query.get("sort") or "-started_at")
    except ValueError as error:  # BadQuery, and the store's checks of dates and sort keys
        return _page(request, "sessions.html", "Sessions", 400, "sessions", query=query, result={}, counts={},
                     overrides={}, scenarios=_scenario_options(request), error=str(error))
    return _page(request, "sessions.html", "Sessions", 200, "sessions", query=query, result=result, counts=counts,
                 overrides=overrides, scenarios=_scenario_options(request), error=None)


async def export_list(request: web.Request) -> web.Response:
    fmt = request.match_info["fmt"]
    try:
        filters = _filters(dict(request.query))
        return await _export(request.app[REVIEW].store, fmt, "sessions", filters)
    except ValueError as error:
        return web.Response(status=400, text=str(error))


async def _export(store: TranscriptStore, fmt: str, name: str, filters: dict[str, Any]) -> web.Response:
    if fmt == "csv":
        rows = await _run(store.export_rows, **filters)
        out = io.StringIO()
        write_csv(rows, out)
        return _download(out.getvalue(), f"{name}.csv", "text/csv")
    found = await _run(store.export_sessions, **filters)
    return _download(to_json(found), f"{name}.json", "application/json")


# --- one session --------------------------------------------------------------------------------
def _session_id(request: web.Request) -> int:
    raw = request.match_info["id"]
    if not _ascii_number(raw) or int(raw) > 2 ** 31:
        raise web.HTTPNotFound()
    return int(raw)


async def _transcript(request: web.Request, session_id: int, status: int = 200, error: str | None = None):
    session = await _run(request.app[REVIEW].store.get_session, session_id)
    if session is None:
        return _problem(request, 404, "No such session", f"There is no session {session_id}.")
    scenario = request.app[REVIEW].library.get(session["scenario"])
    by_turn, original = review_index(session["reviews"])
    return _page(request, "transcript.html", f"Session {session_id}", status, "sessions", session=session,
                 scenario_title=scenario.title if scenario else session["scenario"], by_turn=by_turn,
                 original=original, notice=DONE.get(request.query.get("done", "")), error=error)


async def show_session(request: web.Request) -> web.Response:
    try:
        return await _transcript(request, _session_id(request))
    except web.HTTPNotFound:
        return _problem(request, 404, "No such session", "There is no such session.")


async def export_session(request: web.Request) -> web.Response:
    session_id = _session_id(request)
    store = request.app[REVIEW].store
    if await _run(store.get_session, session_id) is None:
        return web.Response(status=404, text=f"There is no session {session_id}.")
    return await _export(store, request.match_info["fmt"], f"session-{session_id}", {"session_ids": [session_id]})


def _turn_id(form, session: dict[str, Any]) -> int | None:
    raw = str(form.get("turn_id") or "").strip()
    if not raw:
        return None
    turn = next((t for t in session["turns"] if str(t["id"]) == raw), None)
    if turn is None or turn["speaker"] != "trainee":
        raise BadQuery("That reply is not part of this session.")
    return turn["id"]


def _note(form, field: str, what: str) -> str:
    text = str(form.get(field) or "").strip()
    if not text:
        raise BadQuery(f"Write {what} first.")
    if len(text) > MAX_NOTE_CHARS:
        raise BadQuery(f"Keep {what} under {MAX_NOTE_CHARS:,} characters ({len(text):,} now).")
    return text


async def _review_action(request: web.Request, act) -> web.Response:
    session_id = _session_id(request)
    store = request.app[REVIEW].store
    session = await _run(store.get_session, session_id)
    if session is None:
        return _problem(request, 404, "No such session", f"There is no session {session_id}.")
    try:
        done, anchor = await act(store, session, request[FORM], request[LEAD].name)
    except BadQuery as error:
        return await _transcript(request, session_id, status=400, error=str(error))
    raise web.HTTPSeeOther(f"/review/sessions/{session_id}?done={done}{anchor}")


async def comment(request: web.Request) -> web.Response:
    async def act(store, session, form, author):
        turn_id = _turn_id(form, session)
        text = _note(form, "comment", "a comment")
        await _run(store.add_review, session["id"], author=author, kind="comment", comment=text, turn_id=turn_id)
        return "comment", f"#turn-{turn_id}" if turn_id else ""
    return await _review_action(request, act)


async def override(request: web.Request) -> web.Response:
    async def act(store, session, form, author):
        turn_id = _turn_id(form, session)
        dimension = form.get("dimension")
        if dimension not in DIMENSIONS:
            raise BadQuery(f"Choose the score to override: {' or '.join(DIMENSIONS)}.")
        raw = str(form.get("score") or "").strip()
        if not _ascii_number(raw) or not 0 <= int(raw) <= 100:
            raise BadQuery("The new score must be a whole number from 0 to 100.")
        reason = _note(form, "reason", "the reason for the override")
        await _run(store.add_review, session["id"], author=author, kind="override", turn_id=turn_id,
                   dimension=dimension, new_score=int(raw), comment=reason)
        return "override", f"#turn-{turn_id}" if turn_id else ""
    return await _review_action(request, act)


async def mark_reviewed(request: web.Request) -> web.Response:
    async def act(store, session, form, author):
        value = form.get("reviewed")
        if value not in ("yes", "no"):
            raise BadQuery("Say whether the session is reviewed: yes or no.")
        await _run(store.set_reviewed, session["id"], value == "yes")
        return ("reviewed" if value == "yes" else "unreviewed"), ""
    return await _review_action(request, act)


# --- trainees -----------------------------------------------------------------------------------
async def trainee_list(request: web.Request) -> web.Response:
    items = await _run(queries.list_trainees, request.app[REVIEW].store)
    return _page(request, "trainees.html", "Trainees", active="trainees", trainees=items)


async def _trainee(request: web.Request) -> TraineeRecord | None:
    raw = request.match_info["id"]
    if not _ascii_number(raw) or int(raw) > 2 ** 31:
        return None
    return await _run(queries.get_trainee, request.app[REVIEW].store, int(raw))


async def trainee_progress(request: web.Request) -> web.Response:
    trainee = await _trainee(request)
    if trainee is None:
        return _problem(request, 404, "No such trainee", "There is no such trainee.")
    store = request.app[REVIEW].store
    sessions = await _run(store.trainee_progress, int(trainee["id"]))
    weakest = await _run(data.weakest_cues, store, int(trainee["id"]))
    return _page(request, "progress.html", f"Progress of {trainee['name']}", active="trainees", trainee=trainee,
                 sessions=sessions, outcomes=data.outcomes_per_scenario(sessions), weakest=weakest)


async def trainee_chart(request: web.Request) -> web.Response:
    trainee = await _trainee(request)
    if trainee is None:
        return web.Response(status=404, text="There is no such trainee.")
    sessions = await _run(request.app[REVIEW].store.trainee_progress, int(trainee["id"]))
    svg = await _run(progress_svg, sessions)
    return web.Response(body=svg, content_type="image/svg+xml")


# --- agreement ----------------------------------------------------------------------------------
async def agreement_page(request: web.Request) -> web.Response:
    cells = await _run(data.agreement, request.app[REVIEW].store)
    return _page(request, "agreement.html", "Agreement", active="agreement", cells=cells)


async def agreement_export(request: web.Request) -> web.Response:
    cells = await _run(data.agreement, request.app[REVIEW].store)
    if request.match_info["fmt"] == "json":
        document = {"bands": BANDS, "rows": cells}
        return _download(json.dumps(document, default=_json_default, indent=2), "agreement.json", "application/json")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(data.AGREEMENT_COLUMNS)
    for cell in cells:
        writer.writerow(["" if cell[c] is None else cell[c] for c in data.AGREEMENT_COLUMNS])
    return _download(out.getvalue(), "agreement.csv", "text/csv")


def setup_review(app: web.Application, store: TranscriptStore, secret: bytes, library: ScenarioLibrary,
                 throttle: SignInThrottle | None = None, site: PublicSite | None = None) -> None:
    """Add the review routes to the web app (its middlewares must include require_lead)."""
    app[REVIEW] = ReviewContext(store=store, users=UserStore(store), signer=LeadSigner(secret),
                                throttle=throttle or SignInThrottle(store, "review"), library=library, site=site or PublicSite())
    setup_templates(app)
    add = app.router
    add.add_get("/review", session_list)
    add.add_get("/review/signin", sign_in_form)
    add.add_post("/review/signin", sign_in)
    add.add_post("/review/signout", sign_out)
    add.add_get(r"/review/export.{fmt:csv|json}", export_list)
    add.add_get("/review/sessions/{id}", show_session)
    add.add_get(r"/review/sessions/{id}/export.{fmt:csv|json}", export_session)
    add.add_post("/review/sessions/{id}/comment", comment)
    add.add_post("/review/sessions/{id}/override", override)
    add.add_post("/review/sessions/{id}/reviewed", mark_reviewed)
    add.add_get("/review/trainees", trainee_list)
    add.add_get("/review/trainees/{id}", trainee_progress)
    add.add_get("/review/trainees/{id}/chart.svg", trainee_chart)
    add.add_get("/review/agreement", agreement_page)
    add.add_get(r"/review/agreement.{fmt:csv|json}", agreement_export)
