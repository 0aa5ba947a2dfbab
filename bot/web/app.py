"""The web process: the trainee's chat page and a small JSON API in front of Rasa.

The browser signs in with an account's name and password (or a name alone where the team turned
that on, TRAINEE_SIGN_IN=name; and the team's access code when TEAM_ACCESS_CODE is set) and
then only ever talks to this process. Every message goes to Rasa's REST channel with the sender
`web:<name>` taken from the signed cookie, never from the browser. What comes back is grouped
into a turn (the trainee's message and the messages it produced, with their payloads), kept in
the `web_chat_history` table for reloads, and returned to the page.

Endpoints (all JSON; everything under /api/ except sign-in and invites needs the session cookie):
  GET  /                 the chat page        GET  /health          {"status": "ok"}
  GET  /invite#<token>   the chat page, asking an invited trainee for a first password
  POST /api/signin       {"name", "password", "code"}                POST /api/signout
  POST /api/invite       {"token", "password"}: set the password, signed in
  GET  /api/me           who is signed in and the page's options (the score bands, the moods)
  GET  /api/scenarios    the cases to pick    GET  /api/history     this trainee's turns
  POST /api/start        {"scenario": id}     POST /api/chat        {"message": text}
  POST /api/end          POST /api/retry       take the last reply back (practice mode only)
The team leads' review pages under /review are in bot/web/review.py.

Several web processes (issue 19): what they must agree on is in the database. Sign-ins end on
every process at once (the account's token version, coach_users), failed sign-ins are counted in
bot.storage.shared.SignInThrottle. The per-trainee lock (`_lock`) stays in the process, on
purpose: it queues one trainee's messages inside one process so that they reach Rasa one at a
time and their turns are kept in the order they were played. Across processes nothing it guards
can be broken: Rasa's lock store (Redis in a cluster) plays one conversation's messages one at a
time, the action server writes a trainee's turns under the session's row lock (SELECT … FOR
UPDATE) with a unique (session_id, seq) and a retry (bot/storage/store.py), a resent reply is
recognised by its key in the session state, and the chat history takes whole turns, one INSERT
each, never read-modify-write. Two messages of one trainee sent at the same moment to two
processes (two tabs) are both played, in the order Rasa took them; only the history of the page
may list those two turns the other way round. A lock across processes (a PostgreSQL advisory
lock) would hold a database connection for the whole Rasa round trip, up to RASA_TIMEOUT, for
every message in flight, to fix only that: not worth it.
"""
from __future__ import annotations

import asyncio
import copy
import json
import logging
import re
import uuid
import weakref
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web

from bot.coach.commands import END_PAYLOAD, RETRY_PAYLOAD, start_payload
from bot.coach.roleplay import MAX_REPLY_CHARS
from bot.coach.scenarios import MOODS, ScenarioLibrary, load_scenarios
from bot.coach.scoring import BANDS
from bot.config import Settings
from bot.storage.errors import DatabaseUnavailable
from bot.storage.history import ChatHistory, HistoryUnavailable
from bot.storage.shared import SignInThrottle
from bot.storage.store import TranscriptStore
from bot.storage.users import AccountError, UserStore
from bot.web.auth import (
    COOKIE_NAME,
    MAX_AGE,
    InviteTokens,
    PublicSite,
    Signer,
    SignInError,
    Trainee,
    check_access_code,
    load_secret,
    normalise_name,
)
from bot.web.review import require_lead, setup_review
from bot.web.review_auth import run_hashing, throttled_message
from bot.web.settings import WebSettings, web_settings

logger = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).resolve().parent / "static"
MAX_MESSAGE_CHARS = MAX_REPLY_CHARS  # the role-play's own limit, so both say the same number
MAX_BODY_BYTES = 64 * 1024
RASA_TIMEOUT = 30.0

NOT_ANSWERING = ("The practice server is not answering (the Rasa server or the action server may be "
                 "down). Nothing you said is lost: try again in a moment.")
TOO_SLOW = ("The practice server is not answering: it took more than {seconds:.0f} seconds. "
            "Nothing you said is lost: try again in a moment.")
NO_REPLY = ("The practice server is not answering: the customer did not reply (the action server "
            "may be down). Nothing you said is lost: try again in a moment.")
NOT_STORED = ("The customer answered, but this page could not store the conversation (the database "
              "is not available), so a reload may not show this turn.")
HISTORY_DOWN = ("Your conversation could not be loaded (the database is not available). "
                "Nothing is lost: reload the page in a moment.")

SETTINGS = web.AppKey("settings", Settings)
OPTIONS = web.AppKey("web_settings", WebSettings)
SIGNER = web.AppKey("signer", Signer)
LIBRARY = web.AppKey("library", ScenarioLibrary)
HISTORY = web.AppKey("history", ChatHistory)
RASA: web.AppKey[RasaClient] = web.AppKey("rasa")  # the class is defined below
LOCKS: web.AppKey[weakref.WeakValueDictionary[str, asyncio.Lock]] = web.AppKey("locks")
SITE = web.AppKey("site", PublicSite)
USERS = web.AppKey("users", UserStore)
INVITES = web.AppKey("invites", InviteTokens)
THROTTLE = web.AppKey("chat_throttle", SignInThrottle)
# The browser's id for one reply, kept when the same text is sent again (a resend after a time-out).
TURN_KEY = re.compile(r"[A-Za-z0-9-]{1,64}")
TRAINEE = "trainee"
PUBLIC_API = frozenset({"/api/signin", "/api/invite"})
ACCOUNTS_DOWN = "Sign-in is not possible right now (the database is not available). Try again in a moment."
BAD_CREDENTIALS = "That name and password do not match an account. Check them, or ask your team lead."
BAD_INVITE = ("This invite link does not work any more: it was used, replaced by a newer one, or is more "
              "than a week old. Ask your team lead for a new one.")


class RasaUnavailable(Exception):
    """Rasa could not be reached, timed out, or sent nothing back; the message is for the trainee."""


# A message is sent again (through nginx to another Rasa server, in a cluster) only when that is
# safe: the connection was refused, so nothing was sent; or the message carries the trainee's turn
# key, which the role-play answers once (a resend of the same key gets the same answer, stored
# once: bot/coach/roleplay.py). Commands without a key (start, end, take back) that reached a
# server which then died are not sent again: the trainee is told to try again.
RASA_ATTEMPTS = 3
RASA_RETRY_PAUSES = (0.5, 1.5)  # seconds before the second and third attempt
RETRY_STATUSES = frozenset({502, 503, 504})  # nginx: the Rasa server died or none answered


class _Unsent(Exception):
    """No connection to Rasa (nothing was sent)."""


class _Failed(Exception):
    """Sent, and the answer was lost (the server died, or the action server did)."""


class RasaClient:
    """POSTs to Rasa's REST webhook; one aiohttp session for the life of the app."""

    def __init__(self, base_url: str, timeout: float = RASA_TIMEOUT, secret: str = ""):
        self.url = f"{base_url.rstrip('/')}/webhooks/rest/webhook"
        self.timeout = timeout
        # The REST channel answers only requests with the internal secret (channels/rest.py).
        self.headers = {"X-Coach-Secret": secret}
        self._session: aiohttp.ClientSession | None = None

    async def open(self) -> None:
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=self.timeout),
                                              headers=self.headers)

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()

    async def send(self, sender: str, text: str, trainee_name: str = "", turn_key: str = "") -> list[dict[str, Any]]:
        assert self._session is not None, "RasaClient.open() was not called"
        metadata = {"trainee_name": trainee_name, **({"turn_key": turn_key} if turn_key else {})}
        body = {"sender": sender, "message": text, "metadata": metadata}
        for attempt in range(RASA_ATTEMPTS):
            try:
                return await self._post(body)
            except (_Unsent, _Failed) as error:
                safe = isinstance(error, _Unsent) or bool(turn_key)
                if not safe or attempt + 1 == RASA_ATTEMPTS:
                    raise RasaUnavailable(error.args[0]) from None
                logger.warning("sending %s again (attempt %d): %s", "the keyed reply" if turn_key else
                               "the unsent message", attempt + 2, error.args[1])
                await asyncio.sleep(RASA_RETRY_PAUSES[min(attempt, len(RASA_RETRY_PAUSES) - 1)])
        raise AssertionError("not reached")

    async def _post(self, body: dict[str, Any]) -> list[dict[str, Any]]:
        assert self._session is not None, "RasaClient.open() was not called"
        try:
            async with self._session.post(self.url, json=body) as response:
                if response.status != 200:
                    logger.error("Rasa answered %s to %s", response.status, self.url)
                    if response.status in RETRY_STATUSES:
                        raise _Failed(NOT_ANSWERING, f"HTTP {response.status}")
                    raise RasaUnavailable(NOT_ANSWERING)
                data = await response.json(content_type=None)
        except asyncio.TimeoutError:
            # Not sent again: the first may still be working (and holds the conversation's lock).
            logger.error("Rasa did not answer within %.0f s", self.timeout)
            raise RasaUnavailable(TOO_SLOW.format(seconds=self.timeout)) from None
        except aiohttp.ClientConnectorError as error:
            logger.error("Rasa at %s is not reachable: %s", self.url, error)
            raise _Unsent(NOT_ANSWERING, str(error)) from None
        except (aiohttp.ClientError, ValueError) as error:
            logger.error("Rasa at %s did not answer: %s", self.url, error)
            raise _Failed(NOT_ANSWERING, str(error) or type(error).__name__) from None
        if not isinstance(data, list) or not data:
            logger.error("Rasa sent no messages back (is the action server up?)")
            raise _Failed(NO_REPLY, "no messages")
        return data


# --- turns ---------------------------------------------------------------------------------
def build_turn(kind: str, trainee_text: str | None, messages: list[Any]) -> dict[str, Any]:
    """Group Rasa's REST messages: each payload closes the text parts sent before it.

    Rasa's REST channel sends an utterance's text (split at blank lines) and then its custom
    payload as a separate message; here they become one {"text", "custom"} again.
    """
    grouped: list[dict[str, Any]] = []
    pending: list[str] = []
    for message in messages:
        if not isinstance(message, dict):
            continue
        text = message.get("text")
        if isinstance(text, str) and text:
            pending.append(text)
        custom = message.get("custom")
        if isinstance(custom, dict) and custom:
            grouped.append({"text": "\n\n".join(pending) or None, "custom": custom})
            pending = []
    if pending:
        grouped.append({"text": "\n\n".join(pending), "custom": None})
    return {"kind": kind, "trainee": trainee_text, "at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "messages": grouped}


def _customs(turn: dict[str, Any], key: str) -> list[Any]:
    return [m["custom"][key] for m in turn["messages"] if m.get("custom") and key in m["custom"]]


def public_turn(turn: dict[str, Any], show_scores: bool) -> dict[str, Any]:
    """The turn as the page may see it: without live scores on an exam run."""
    if show_scores:
        return turn
    hidden = copy.deepcopy(turn)
    for message in hidden["messages"]:
        if message.get("custom"):
            message["custom"].pop("score", None)
    return hidden


# --- helpers -------------------------------------------------------------------------------
def _error(status: int, message: str, **extra: Any) -> web.Response:
    return web.json_response({"error": message, **extra}, status=status)


async def _json_body(request: web.Request) -> dict[str, Any]:
    try:
        body = await request.json()
    except ValueError:
        raise web.HTTPBadRequest(text=json.dumps({"error": "The request was not valid JSON."}),
                                 content_type="application/json") from None
    if not isinstance(body, dict):
        raise web.HTTPBadRequest(text=json.dumps({"error": "Send a JSON object."}),
                                 content_type="application/json")
    return body


def _lock(request: web.Request, trainee: Trainee) -> asyncio.Lock:
    """One lock per trainee while any of their messages is in flight, in this process (why no
    more is needed across processes: the module docstring). The map holds the locks weakly: a
    lock nobody waits on any more disappears, so the map does not grow with every name that
    ever signed in."""
    locks = request.app[LOCKS]
    lock = locks.get(trainee.key)
    if lock is None:
        lock = locks[trainee.key] = asyncio.Lock()
    return lock


def _show_scores(request: web.Request) -> bool:
    return request.app[SETTINGS].show_live_scores


# --- middlewares ---------------------------------------------------------------------------
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


@web.middleware
async def security_headers(request: web.Request, handler):
    try:
        response = await handler(request)
    except web.HTTPException as error:
        if not request.path.startswith("/api/"):
            raise
        # Errors raised as exceptions (ours, and aiohttp's 413/405/404) as JSON with a message.
        if error.content_type == "application/json" and error.text:
            message = json.loads(error.text).get("error") or error.reason
        elif error.status == 413:
            message = f"That message is far too long; a reply must stay under {MAX_MESSAGE_CHARS:,} characters."
        else:
            message = error.reason
        response = _error(error.status, message)
    except Exception:  # never a traceback in the page; the log has it
        if not request.path.startswith("/api/"):
            raise
        logger.exception("error in %s %s", request.method, request.path)
        response = _error(500, "Something went wrong on the practice page's server. Nothing you said "
                               "is lost: try again in a moment.")
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Cache-Control", "no-store" if request.path.startswith("/api/") else "no-cache")
    return response


@web.middleware
async def require_sign_in(request: web.Request, handler):
    if not request.path.startswith("/api/"):
        return await handler(request)
    if request.method == "POST":
        # A cross-site page cannot send JSON without a CORS preflight we never grant.
        if request.content_type != "application/json":
            return _error(415, "Send JSON (Content-Type: application/json).")
        if not request.app[SITE].same_origin(request):
            return _error(403, "Requests from other sites are not accepted.")
    if request.path in PUBLIC_API:
        return await handler(request)
    trainee = request.app[SIGNER].verify(request.cookies.get(COOKIE_NAME))
    if trainee is not None and trainee.version is not None:
        # An account's cookie holds while the account exists with the same token version.
        try:
            user = await asyncio.to_thread(request.app[USERS].get, trainee.name)
        except DatabaseUnavailable as error:
            logger.error("could not check a sign-in: %s", error)
            return _error(503, ACCOUNTS_DOWN)
        trainee = Trainee(user.name, user.token_version) \
            if user is not None and user.token_version == trainee.version else None
    if trainee is None:
        return _error(401, "Sign in first.", **_sign_in_needs(request))
    request[TRAINEE] = trainee
    return await handler(request)


def _sign_in_needs(request: web.Request) -> dict[str, bool]:
    """What the sign-in form must ask for (the page shows the fields these name)."""
    options = request.app[OPTIONS]
    return {"code_required": bool(options.team_access_code),
            "password_required": options.trainee_sign_in == "password"}


# --- handlers ------------------------------------------------------------------------------
async def index(request: web.Request) -> web.FileResponse:
    return web.FileResponse(STATIC_DIR / "index.html")


async def health(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


def _signed_in(request: web.Request, trainee: Trainee) -> web.Response:
    response = web.json_response({"name": trainee.name})
    response.set_cookie(COOKIE_NAME, request.app[SIGNER].issue(trainee), max_age=MAX_AGE, path="/",
                        httponly=True, samesite="Lax", secure=request.app[SITE].secure(request))
    return response


async def sign_in(request: web.Request) -> web.Response:
    body = await _json_body(request)
    needs = _sign_in_needs(request)
    try:
        name = normalise_name(body.get("name"))
        check_access_code(body.get("code"), request.app[OPTIONS].team_access_code)
    except SignInError as error:
        return _error(error.status, str(error), **needs)
    if not needs["password_required"]:
        return _signed_in(request, Trainee(name))
    password = body.get("password")
    if not isinstance(password, str) or not password:
        return _error(400, "Enter your password.", **needs)
    address = request.app[SITE].client_address(request)
    try:
        # Counted before the hash is computed: guesses sent in parallel, to this web process or
        # another, cannot all pass the check (the count is in the database).
        wait = await asyncio.to_thread(request.app[THROTTLE].attempt, name, address)
        if wait:
            return _error(429, throttled_message(wait, "or ask your team lead."), **needs)
        user = await run_hashing(request.app[USERS].authenticate, name, password)
        if user is None:
            return _error(401, BAD_CREDENTIALS, **needs)
        await asyncio.to_thread(request.app[THROTTLE].succeeded, name, address)
    except DatabaseUnavailable as error:
        logger.error("could not check a sign-in: %s", error)
        return _error(503, ACCOUNTS_DOWN, **needs)
    return _signed_in(request, Trainee(user.name, user.token_version))


async def accept_invite(request: web.Request) -> web.Response:
    """POST /api/invite {"token", "password"}: the invited trainee sets a password and is in."""
    body = await _json_body(request)
    if request.app[OPTIONS].trainee_sign_in != "password":
        return _error(400, "This team signs in with a name only: go to the start page and sign in there.")
    claim = request.app[INVITES].verify(body.get("token"))
    if claim is None:
        return _error(400, BAD_INVITE)
    password = body.get("password")
    if not isinstance(password, str) or not password:
        return _error(400, "Choose a password.")
    try:
        user = await run_hashing(request.app[USERS].accept_invite, claim[0], claim[1], password)
    except AccountError as error:
        return _error(400, f"Choose another password: {error}.")
    except DatabaseUnavailable as error:
        logger.error("could not accept an invite: %s", error)
        return _error(503, ACCOUNTS_DOWN)
    if user is None:
        return _error(400, BAD_INVITE)
    return _signed_in(request, Trainee(user.name, user.token_version))


async def sign_out(request: web.Request) -> web.Response:
    trainee: Trainee = request[TRAINEE]
    if trainee.version is not None:
        # Every cookie of this account ends, not only this browser's (a copied cookie included).
        try:
            await asyncio.to_thread(request.app[USERS].end_sessions, trainee.name)
        except DatabaseUnavailable as error:
            logger.error("could not end the sessions of a sign-out: %s", error)
            return _error(503, "You could not be signed out everywhere (the database is not available). "
                               "Try again in a moment.")
    response = web.json_response({"signed_out": True})
    response.del_cookie(COOKIE_NAME, path="/")
    return response


async def me(request: web.Request) -> web.Response:
    # The page draws score bands and the mood meter from these, defined once in bot/coach.
    return web.json_response({
        "name": request[TRAINEE].name,
        "show_live_scores": _show_scores(request),
        "max_chars": MAX_MESSAGE_CHARS,
        "bands": BANDS,
        "moods": list(MOODS),
    })


async def scenarios(request: web.Request) -> web.Response:
    return web.json_response({"scenarios": [
        {"id": s.id, "title": s.title, "summary": s.summary, "customer": s.customer_name}
        for s in request.app[LIBRARY]
    ]})


async def get_history(request: web.Request) -> web.Response:
    try:
        turns = await asyncio.to_thread(request.app[HISTORY].load, request[TRAINEE].key)
    except HistoryUnavailable as error:
        logger.error("could not load the web history: %s", error)
        return _error(503, HISTORY_DOWN)
    show = _show_scores(request)
    return web.json_response({"turns": [public_turn(t, show) for t in turns]})


async def start(request: web.Request) -> web.Response:
    body = await _json_body(request)
    scenario = request.app[LIBRARY].get(body.get("scenario") if isinstance(body.get("scenario"), str) else None)
    if scenario is None:
        return _error(400, "There is no such case. Pick one of the cases on the page.")
    # A key of its own, so that the start may be sent again if its answer is lost (the role-play
    # starts the case once: bot/coach/roleplay.py RolePlay.start).
    return await _exchange(request, "start", start_payload(scenario.id), None, turn_key=uuid.uuid4().hex)


async def end(request: web.Request) -> web.Response:
    # Ending is stored once whatever happens (an ended session takes no more turns), so the end may be
    # sent again too: a resend after the first one ended the case says the case has ended.
    return await _exchange(request, "end", END_PAYLOAD, None, turn_key=uuid.uuid4().hex)


RETRY_EXAM = ("This is an exam run: replies cannot be taken back. Nothing changed; the customer is "
              "waiting for your next reply.")


async def retry(request: web.Request) -> web.Response:
    """Take the last reply back (the role-play decides whether there is one to take back)."""
    if not _show_scores(request):
        return _error(409, RETRY_EXAM, code="retry_refused")
    return await _exchange(request, "retry", RETRY_PAYLOAD, None)


async def chat(request: web.Request) -> web.Response:
    body = await _json_body(request)
    message = body.get("message")
    if not isinstance(message, str):
        return _error(400, "Send your reply as text.")
    text = message.strip()
    if not text:
        return _error(400, "Your message is empty: write what you say to the customer first.")
    if len(text) > MAX_MESSAGE_CHARS:
        return _error(400, f"Your message is {len(text):,} characters; the limit is {MAX_MESSAGE_CHARS:,}. "
                           "Shorten it, as you would on the phone. Nothing was sent.", limit=MAX_MESSAGE_CHARS)
    if text.startswith("/"):
        return _error(400, 'A reply cannot start with "/" (that is how commands are sent). '
                           "Use the buttons to start or end a call.")
    key = body.get("key", "")
    if not isinstance(key, str) or (key and not TURN_KEY.fullmatch(key)):
        return _error(400, "The reply's key must be up to 64 letters, digits or dashes.")
    return await _exchange(request, "reply", text, text, turn_key=key)


async def _exchange(request: web.Request, kind: str, to_rasa: str, shown: str | None,
                    turn_key: str = "") -> web.Response:
    """Send one message to Rasa for the signed-in trainee; keep and return the turn."""
    trainee: Trainee = request[TRAINEE]
    show = _show_scores(request)
    async with _lock(request, trainee):  # one message at a time per trainee, in order
        try:
            messages = await request.app[RASA].send(trainee.sender, to_rasa, trainee.name, turn_key)
        except RasaUnavailable as error:
            return _error(503, str(error), code="not_answering")
        turn = build_turn(kind, shown, messages)
        for item in turn["messages"]:
            if (item.get("custom") or {}).get("error"):
                # Not saved by the action server: the customer did not hear it; keep nothing.
                return _error(503, item.get("text") or NOT_ANSWERING, code=item["custom"]["error"])
        refused = [item for item in turn["messages"] if (item.get("custom") or {}).get("refused")]
        if refused:  # nothing was taken back: say why, keep nothing
            return _error(409, refused[0].get("text") or RETRY_EXAM, code="retry_refused")
        failed = None
        if kind == "start" and not _customs(turn, "scenario"):
            # The case did not start (e.g. the transcript database is down). Keep only what
            # happened anyway (the previous case's scorecard), and say why.
            failed = " ".join(m["text"] for m in turn["messages"] if m["text"] and not m["custom"]) or NOT_ANSWERING
            turn["messages"] = [m for m in turn["messages"] if m["custom"]]
            if not turn["messages"]:
                return _error(503, failed, code="not_started")
        warning = None
        try:
            await asyncio.to_thread(request.app[HISTORY].append, trainee.key, turn)
        except HistoryUnavailable as error:
            logger.error("could not store a web turn: %s", error)
            warning = NOT_STORED
    payload: dict[str, Any] = {"turn": public_turn(turn, show)}
    if warning:
        payload["warning"] = warning
    if failed:
        return _error(503, failed, code="not_started", **payload)
    return web.json_response(payload)


# --- the application -------------------------------------------------------------------------
def create_app(settings: Settings, *, options: WebSettings | None = None,
               history: ChatHistory | None = None, library: ScenarioLibrary | None = None,
               rasa_timeout: float = RASA_TIMEOUT, store: TranscriptStore | None = None) -> web.Application:
    """The web application for these settings (scenario files are read here, once)."""
    options = options or web_settings(settings)
    app = web.Application(middlewares=[security_headers, require_sign_in, require_lead],
                          client_max_size=MAX_BODY_BYTES)
    secret = load_secret(options.web_secret, settings.var_dir)
    app[SETTINGS] = settings
    app[OPTIONS] = options
    app[SIGNER] = Signer(secret, options.team_access_code, options.trainee_sign_in)
    app[INVITES] = InviteTokens(secret)
    app[SITE] = PublicSite(settings.public_url, settings.trusted_proxies)
    app[LIBRARY] = library or load_scenarios(settings.scenarios_dir)
    # The team leads' review pages (/review), on the transcript database the action server writes.
    store = store or TranscriptStore(settings.database_url, connect_timeout=settings.db_connect_timeout)
    # Failed chat sign-ins, counted in the database so that every web process sees them.
    app[THROTTLE] = SignInThrottle(store, "chat")
    setup_review(app, store, secret, app[LIBRARY], site=app[SITE])
    app[USERS] = UserStore(store)
    app[HISTORY] = history or ChatHistory(settings.database_url, settings.db_connect_timeout)
    app[RASA] = RasaClient(settings.rasa_url, rasa_timeout, settings.internal_secret)
    app[LOCKS] = weakref.WeakValueDictionary()

    async def lifecycle(app: web.Application):
        await app[RASA].open()
        yield
        await app[RASA].close()
        app[HISTORY].close()
        store.close()

    app.cleanup_ctx.append(lifecycle)
    app.router.add_get("/", index)
    app.router.add_get("/invite", index)  # the page reads the token from the link's fragment
    app.router.add_get("/health", health)
    app.router.add_post("/api/signin", sign_in)
    app.router.add_post("/api/signout", sign_out)
    app.router.add_post("/api/invite", accept_invite)
    app.router.add_get("/api/me", me)
    app.router.add_get("/api/scenarios", scenarios)
    app.router.add_get("/api/history", get_history)
    app.router.add_post("/api/start", start)
    app.router.add_post("/api/chat", chat)
    app.router.add_post("/api/end", end)
    app.router.add_post("/api/retry", retry)
    app.router.add_static("/static/", STATIC_DIR, show_index=False)
    return app

