"""Slack's side of the webhook, as plain Python: signatures (slack_sdk's SignatureVerifier),
which requests to play, and the key that tells a retry from a new request (`dedupe_key`; which
keys were seen is kept in the database, bot.storage.shared.SeenEvents, for every Rasa server).

The Rasa channel (`channels/slack/channel.py`) asks these functions what to do with a request;
nothing here imports Rasa or talks to the network, so every rule is unit tested on its own.
"""
from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

from slack_sdk.signature import Clock, SignatureVerifier

# Slack's own rule, applied by SignatureVerifier: a request more than five minutes old may be a
# replay. Named here only to say so in the log and in the tests.
MAX_REQUEST_AGE = 5 * 60


def verifier(secret: str, clock: Clock | None = None) -> SignatureVerifier | None:
    """slack_sdk's checker for our signing secret; None without one (then every request is refused)."""
    if not secret or not secret.strip():
        return None
    return SignatureVerifier(secret, clock or Clock())


def signature_problem(checker: SignatureVerifier | None, timestamp: str | None, body: bytes,
                      given: str | None) -> str | None:
    """Why the request is not from Slack, or None when it is. Checked before anything is read.

    SignatureVerifier decides (v0 HMAC-SHA256 over `v0:{timestamp}:{raw body}`, timestamp at most
    5 minutes off); what is checked before it only keeps its exceptions out and names the reason.
    """
    if checker is None:
        return "no signing secret configured (SLACK_SIGNING_SECRET): every Slack request is refused"
    if not timestamp or not given:
        return "missing X-Slack-Signature or X-Slack-Request-Timestamp"
    try:
        sent = int(timestamp)
    except ValueError:
        return f"bad X-Slack-Request-Timestamp {timestamp[:20]!r}"
    try:
        valid = checker.is_valid(body=body, timestamp=timestamp, signature=given)
    except (TypeError, ValueError):  # a body that is not UTF-8, a signature that is not ASCII
        valid = False
    if valid:
        return None
    if abs(checker.clock.now() - sent) > MAX_REQUEST_AGE:
        return "stale request (timestamp more than 5 minutes from now)"
    return "signature does not match"


@dataclass(frozen=True)
class Incoming:
    """What a verified Slack request asks for.

    kind: "challenge" (answer `challenge`), "message" (play `text` from `user` in `channel`),
    or "ignore" (answer 200 and do nothing; `reason` says why, for the debug log).
    """

    kind: str
    reason: str = ""
    challenge: str = ""
    user: str = ""
    channel: str = ""
    text: str = ""
    dedupe_key: str = ""


def _ignore(reason: str) -> Incoming:
    return Incoming("ignore", reason=reason)


def parse_request(content_type: str, body: bytes) -> Incoming:
    """Decide what to do with a request whose signature was verified."""
    if content_type.startswith("application/x-www-form-urlencoded"):
        form = parse_qs(body.decode("utf-8", "replace"))
        try:
            payload = json.loads(form.get("payload", [""])[0])
        except ValueError:
            return _ignore("form without a JSON payload")
        return _interaction(payload) if isinstance(payload, dict) else _ignore("payload is not an object")
    try:
        envelope = json.loads(body)
    except ValueError:
        return _ignore("body is not JSON")
    if not isinstance(envelope, dict):
        return _ignore("body is not a JSON object")
    if envelope.get("type") == "url_verification":
        return Incoming("challenge", challenge=str(envelope.get("challenge", "")))
    if envelope.get("type") != "event_callback":
        return _ignore(f"envelope type {envelope.get('type')!r}")
    return _event(envelope)


def _event(envelope: dict[str, Any]) -> Incoming:
    event = envelope.get("event") or {}
    if event.get("type") != "message":
        return _ignore(f"event type {event.get('type')!r}")
    # Bots (ourselves included), edits, deletions, joins and every other subtype are not replies.
    if event.get("bot_id") or event.get("subtype"):
        return _ignore(f"bot message or subtype {event.get('subtype')!r}")
    if event.get("channel_type") != "im":
        return _ignore("not a direct message")
    user, channel, text = event.get("user"), event.get("channel"), event.get("text")
    if not user or not channel or not isinstance(text, str) or not text.strip():
        return _ignore("message without user, channel or text")
    event_id = envelope.get("event_id") or f"{channel}:{event.get('ts')}"
    return Incoming("message", user=user, channel=channel, text=incoming_text(text),
                    dedupe_key=f"event:{event_id}")


def _interaction(payload: dict[str, Any]) -> Incoming:
    if payload.get("type") != "block_actions":
        return _ignore(f"interaction type {payload.get('type')!r}")
    actions = payload.get("actions") or []
    action = actions[0] if actions else {}
    value = action.get("value") if action.get("type") == "button" else None
    user = (payload.get("user") or {}).get("id")
    channel = (payload.get("channel") or {}).get("id") or ""
    if not value or not user:
        return _ignore("not a button with a value")
    if (payload.get("container") or {}).get("type") == "message" and not channel.startswith("D"):
        return _ignore("button outside a direct message")
    # Each click has its own action_ts (and trigger_id); a repeated delivery has the same ones.
    key = f"{action.get('action_ts') or ''}:{payload.get('trigger_id') or ''}"
    return Incoming("message", user=user, channel=channel, text=value, dedupe_key=f"click:{user}:{key}")


_LINK = re.compile(r"<((?:https?|mailto):[^|>]*)(?:\|([^>]*))?>")
_MENTION = re.compile(r"<[@#!][^>]*>")


def incoming_text(text: str) -> str:
    """A DM as the trainee typed it: links shown as their label, Slack's escaping undone."""
    text = _LINK.sub(lambda m: m.group(2) or m.group(1), text)
    text = _MENTION.sub("", text)
    return html.unescape(text).strip()
