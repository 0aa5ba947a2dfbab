"""The Slack channel: trainees role-play in a direct message with the bot.

Registered in credentials.yml as `channels.slack.channel.CoachSlackInput`; the webhook is
POST /webhooks/slack/webhook (Events API and interactivity both). Compared with Rasa's SlackInput:

- the signature is checked before the body is read, and with no signing secret every request is
  refused (Rasa would refuse to start, taking the REST channel down with it);
- retries never play a message twice, whatever X-Slack-Retry-Reason says: event ids and button
  clicks are remembered in the database (bot.storage.shared.SeenEvents, `DATABASE_URL`), so a
  retry that reaches another Rasa server is dropped there too; with the database down the
  webhook answers 503 and Slack retries later;
- bot messages, edits, deletions, joins and anything outside a DM are ignored;
- the sender id is the Slack user id, the trainee's name is looked up with users.info once a
  day (kept in the database for every Rasa server, bot.storage.shared.SlackNames) and handed to
  the actions as message metadata (`trainee_name`), which store it;
- replies are Block Kit (channels.slack.format), posted by slack_sdk's AsyncWebClient with its
  retry handlers (`web_client`); a post that still fails is logged (the turn was stored by the
  action before anything is sent).
"""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.core.channels.slack import SlackBot, SlackInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.http_retry.builtin_interval_calculators import BackoffRetryIntervalCalculator
from slack_sdk.web.async_client import AsyncWebClient

from bot.config import DEFAULT_SLACK_API_URL
from bot.storage.errors import DatabaseUnavailable
from bot.storage.shared import SeenEvents, SlackNames
from bot.storage.store import TranscriptStore
from channels.slack.events import Incoming, parse_request, signature_problem, verifier
from channels.slack.format import escape, slack_messages

logger = logging.getLogger(__name__)

POST_ATTEMPTS = 4  # the first try and at most 3 retries, whatever went wrong (one count for all handlers)
POST_BACKOFF = 0.5  # seconds before the 2nd attempt, doubled each time, plus up to 1 s of jitter
DATABASE_DOWN = "The coach's database is not available; the message was not played. Slack will retry."


def retry_handlers() -> list[AsyncRetryHandler]:
    """slack_sdk's retry handlers for every Web API call: network errors (and timeouts), rate
    limits (429, waiting as long as Retry-After says) and server errors (500, 503)."""
    retries, backoff = POST_ATTEMPTS - 1, BackoffRetryIntervalCalculator(backoff_factor=POST_BACKOFF)
    network = AsyncConnectionErrorRetryHandler(
        max_retry_count=retries, interval_calculator=backoff,
        error_types=[aiohttp.ServerConnectionError, aiohttp.ClientOSError, asyncio.TimeoutError])
    return [network,
            AsyncRateLimitErrorRetryHandler(max_retry_count=retries),
            AsyncServerErrorRetryHandler(max_retry_count=retries, interval_calculator=backoff)]


def web_client(token: str, api_url: str) -> AsyncWebClient:
    """Slack's Web API client at `api_url` (SLACK_API_URL; the tests' fake Slack), retrying."""
    return AsyncWebClient(token, base_url=api_url, retry_handlers=retry_handlers())


def _settings_database_url() -> str:
    from bot.config import get_settings

    return get_settings().database_url


def _true(value: Any) -> bool:
    return str(value).strip().lower() in {"1", "true", "yes", "on"}


class CoachSlackBot(SlackBot):
    """Posts the bot's messages to one DM through a configurable Web API base URL."""

    def __init__(self, token: str, slack_channel: str | None, api_url: str = DEFAULT_SLACK_API_URL,
                 show_scores: bool = True) -> None:
        super().__init__(token, slack_channel)
        self.client = web_client(token, api_url or DEFAULT_SLACK_API_URL)
        self.show_scores = show_scores

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        # Text and custom payload together make one Slack message (Rasa would post them apart).
        for post in slack_messages(message, self.show_scores):
            await self.post(self.slack_channel or recipient_id, **post)

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self.post(self.slack_channel or recipient_id, text=escape(text))

    async def send_custom_json(self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any) -> None:
        for post in slack_messages({"custom": json_message}, self.show_scores):
            await self.post(self.slack_channel or recipient_id, **post)

    async def post(self, channel: str, **message: Any) -> bool:
        """chat.postMessage; the client's retry handlers retry it (see `retry_handlers`)."""
        try:
            await self.client.chat_postMessage(channel=channel, **message)
            return True
        except SlackApiError as error:
            code = error.response.get("error") if isinstance(error.response.data, dict) else None
            problem = f"HTTP {error.response.status_code}, {code or 'no error code'}"
        except (aiohttp.ClientError, asyncio.TimeoutError, OSError) as error:
            problem = f"{type(error).__name__}: {error}"
        logger.error("Slack: could not post to %s (%s), retries included; the turn is stored, "
                     "the trainee did not see this message", channel, problem)
        return False


class CoachSlackInput(SlackInput):
    """Events API and interactivity webhook for DMs with the bot (see the module docstring)."""

    @classmethod
    def name(cls) -> str:
        return "slack"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        if not credentials:
            cls.raise_missing_credentials_exception()  # raises: Rasa's message naming the channel
        settings = credentials or {}
        return cls(
            slack_token=settings.get("slack_token") or "",
            slack_signing_secret=settings.get("slack_signing_secret") or "",
            api_url=settings.get("slack_api_url") or DEFAULT_SLACK_API_URL,
            show_scores=_true(settings.get("show_live_scores") or "true"),
            database_url=settings.get("database_url") or _settings_database_url(),
        )

    def __init__(self, slack_token: str, slack_signing_secret: str = "", api_url: str = DEFAULT_SLACK_API_URL,
                 show_scores: bool = True, *, database_url: str) -> None:
        self.api_url = api_url
        self.show_scores = show_scores
        # Shared with every Rasa server on this database: received ids and display names.
        self.store = TranscriptStore(database_url)
        self.seen = SeenEvents(self.store)
        self.names = SlackNames(self.store)
        self._lookups: dict[str, asyncio.Future[str]] = {}
        self.tasks: set[asyncio.Task] = set()
        super().__init__(slack_token, slack_signing_secret=slack_signing_secret)
        self.verifier = verifier(self.slack_signing_secret)  # slack_sdk's; None: every request refused

    def _validate_credentials(self) -> None:
        # Rasa raises here, which stops the whole server; we keep REST working and refuse Slack.
        if not (self.slack_signing_secret or "").strip():
            logger.warning("Slack channel: SLACK_SIGNING_SECRET is not set, so every request to "
                           "/webhooks/slack/webhook is refused. Set it (and SLACK_BOT_TOKEN) in .env "
                           "to use Slack; see README.md, section Slack.")
        elif not self.slack_token:
            logger.warning("Slack channel: SLACK_BOT_TOKEN is not set; replies cannot be posted.")

    def get_output_channel(self, channel: str | None = None, thread_id: str | None = None) -> OutputChannel:
        return CoachSlackBot(self.slack_token, channel, self.api_url, self.show_scores)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint("coach_slack_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            problem = signature_problem(self.verifier,
                                        request.headers.get("X-Slack-Request-Timestamp"), request.body,
                                        request.headers.get("X-Slack-Signature"))
            if problem:
                logger.warning("Slack webhook: request refused: %s", problem)
                return response.text("Request refused: not signed by Slack with our signing secret.",
                                     status=401)
            incoming = parse_request(request.headers.get("content-type", ""), request.body)
            if incoming.kind == "challenge":
                return response.json({"challenge": incoming.challenge})
            if incoming.kind == "ignore":
                logger.debug("Slack webhook: ignored (%s)", incoming.reason)
                return response.text("ignored")
            try:
                first = await asyncio.to_thread(self.seen.first_time, incoming.dedupe_key)
            except DatabaseUnavailable as error:
                logger.error("Slack webhook: %s not played, the database is down: %s", incoming.dedupe_key, error)
                return response.text(DATABASE_DOWN, status=503)
            if not first:
                # Answered 200 so that Slack stops retrying; the first delivery is being played.
                logger.info("Slack webhook: %s already received (retry %s, reason %s); not played again",
                            incoming.dedupe_key, request.headers.get("X-Slack-Retry-Num", "-"),
                            request.headers.get("X-Slack-Retry-Reason", "-"))
                return response.text("already received", headers={"X-Slack-No-Retry": "1"})
            # Slack wants an answer within 3 s; the turn is played after answering.
            task = asyncio.create_task(self._play(incoming, on_new_message))
            self.tasks.add(task)
            task.add_done_callback(self.tasks.discard)
            return response.text("")

        return webhook

    async def _play(self, incoming: Incoming, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> None:
        try:
            name = await self.display_name(incoming.user)
            await on_new_message(UserMessage(
                incoming.text, self.get_output_channel(incoming.channel), incoming.user,
                input_channel=self.name(),
                metadata={"trainee_name": name, "slack_channel": incoming.channel}))
        except Exception:  # a background task: nobody else would see the error
            logger.exception("Slack: handling a message from %s failed", incoming.user)

    async def display_name(self, user: str) -> str:
        """The trainee's name: from the database when users.info was asked less than a day ago
        (by any Rasa server), else from users.info, then kept.

        Messages arriving while one lookup runs wait for that same lookup, in order, so a
        trainee's messages are not reordered by it.
        """
        lookup = self._lookups.get(user)
        if lookup is None:
            lookup = asyncio.ensure_future(self._name(user))
            self._lookups[user] = lookup
            lookup.add_done_callback(lambda _: self._lookups.pop(user, None))
        return await lookup

    async def _name(self, user: str) -> str:
        try:
            known = await asyncio.to_thread(self.names.get, user)
        except DatabaseUnavailable as error:
            logger.warning("Slack: the display name of %s cannot be read from the database (%s); "
                           "asking users.info", user, error)
            known = None
        return known or await self._look_up_name(user)

    async def _look_up_name(self, user: str) -> str:
        client = web_client(self.slack_token, self.api_url)
        try:
            found = (await client.users_info(user=user)).get("user") or {}
        except SlackApiError as error:
            problem = error.response.get("error") if isinstance(error.response.data, dict) else None
            return self._unnamed(user, f"HTTP {error.response.status_code}, {problem or 'no error code'}")
        except (aiohttp.ClientError, asyncio.TimeoutError, OSError) as error:
            return self._unnamed(user, f"{type(error).__name__}: {error}")
        profile = found.get("profile") or {}
        name = (profile.get("real_name") or profile.get("display_name") or found.get("real_name")
                or found.get("name") or user).strip() or user
        try:
            await asyncio.to_thread(self.names.put, user, name)
        except DatabaseUnavailable as error:
            logger.warning("Slack: the display name of %s was not kept (%s)", user, error)
        return name

    @staticmethod
    def _unnamed(user: str, problem: str) -> str:
        # Not remembered: the next message asks again.
        logger.warning("Slack: users.info for %s failed (%s); the user id stands in for the name", user, problem)
        return user
