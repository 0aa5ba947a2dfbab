"""Rasa's REST channel, answering only our own web process.

Rasa's RestInput takes the sender, the channel (`input_channel`) and any metadata from the
request body, so whoever can reach it can speak as any trainee and claim to be Slack. Here every
POST must carry the internal secret (`X-Coach-Secret`, which only our processes know: the web
process sends it), and the channel is always "rest", whatever the body says. GET / (its health
check) stays open.
"""
from __future__ import annotations

import hmac
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request

SECRET_HEADER = "X-Coach-Secret"

logger = logging.getLogger(__name__)


class CoachRestInput(RestInput):
    """`credentials.yml`: `channels.rest.CoachRestInput: {secret: ${INTERNAL_SECRET}}`."""

    @classmethod
    def name(cls) -> str:
        return "rest"  # the same URL as Rasa's own: /webhooks/rest/webhook

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        return cls(str((credentials or {}).get("secret") or ""))

    def __init__(self, secret: str = "") -> None:
        self.secret = secret.encode("utf-8")
        if not secret:
            logger.warning("INTERNAL_SECRET is empty: the REST channel refuses every message")

    def _extract_input_channel(self, req: Request) -> str:
        return self.name()  # never what the body claims

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = super().blueprint(on_new_message)

        @webhook.middleware("request")
        async def only_our_web_process(request: Request):  # type: ignore[no-untyped-def]
            if request.method in {"GET", "HEAD"}:
                return None
            given = (request.headers.get(SECRET_HEADER) or "").encode("utf-8")
            if not self.secret or not hmac.compare_digest(given, self.secret):
                logger.warning("refused a REST message without the internal secret")
                return response.json({"error": "This channel only answers the coach's web process."},
                                     status=403)
            return None

        return webhook
