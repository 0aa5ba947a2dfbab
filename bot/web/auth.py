"""Sign-in for the web chat: a trainee's name in a cookie signed with HMAC-SHA256.

Two ways in (TRAINEE_SIGN_IN, bot/config.py): with an account's password (the default: leads
add trainees, bot/storage/users.py), or, when a team turns it on, with a name alone. In the
first the cookie also carries the account's token version, checked on every request, so a
sign-out, a new password or a removed account ends every cookie of that person. Invite links
(`InviteTokens`) let a trainee set their own first password.

The cookie holds the name the trainee signed in with and when; the signature uses WEB_SECRET
(or a random secret generated once and kept in `var/web_secret`, so a restart keeps everyone
signed in) together with the team's access code, so changing TEAM_ACCESS_CODE signs everyone
out. The browser never chooses its Rasa sender id: it is derived here from the signed name.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from bot.coach.roleplay import WEB_SENDER_PREFIX
from bot.names import MAX_NAME_CHARS, tidy_name

COOKIE_NAME = "coach_session"
MAX_AGE = 14 * 24 * 3600  # seconds a sign-in lasts
SECRET_FILE = "web_secret"


class SignInError(ValueError):
    """The sign-in was refused; the message is meant for the trainee."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


SIGN_IN_MODES = ("password", "name")
INVITE_MAX_AGE = 7 * 24 * 3600  # seconds an invite link works


@dataclass(frozen=True)
class Trainee:
    name: str  # as the trainee wrote it (whitespace tidied), for display
    version: int | None = None  # the account's token version (password sign-in); None: name only

    @property
    def key(self) -> str:
        """The identity: the name without case, so "Sam" and "sam " are the same trainee."""
        return self.name.casefold()

    @property
    def sender(self) -> str:
        """The Rasa sender id for this trainee: always set here, never by the browser."""
        return WEB_SENDER_PREFIX + self.key


SIGN_IN_NAME_PROBLEMS = {
    "empty": "Enter your name to sign in.",
    "characters": "Your name contains characters that cannot be used; use letters, digits and spaces.",
    "length": f"Keep your name under {MAX_NAME_CHARS} characters.",
}


def normalise_name(raw: object) -> str:
    return tidy_name(raw, SIGN_IN_NAME_PROBLEMS, SignInError)


def check_access_code(given: object, expected: str) -> None:
    """Raise SignInError (403) unless the code matches; no code configured means none needed."""
    if not expected:
        return
    given = given.strip() if isinstance(given, str) else ""
    if not given:
        raise SignInError("Enter your team's access code (ask your team lead).", 403)
    if not hmac.compare_digest(given.encode(), expected.encode()):
        raise SignInError("That access code is not right. Check it with your team lead and try again.", 403)


def load_secret(configured: str, var_dir: Path) -> bytes:
    """WEB_SECRET when set; else the secret in var/web_secret, created once with random bytes."""
    if configured:
        return configured.encode()
    path = Path(var_dir) / SECRET_FILE
    try:
        existing = path.read_text(encoding="ascii").strip()
        if existing:
            return existing.encode()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_hex(32)
    tmp = path.with_name(f".{SECRET_FILE}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(secret + "\n")
    try:
        os.link(tmp, path)  # fails if another process created it first: theirs wins
    except FileExistsError:
        secret = path.read_text(encoding="ascii").strip()
    finally:
        tmp.unlink(missing_ok=True)
    return secret.encode()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class SignedTokens:
    """Tokens base64(json payload with "iat").base64(hmac-sha256) under a key for one purpose.

    The purpose is part of the key, so a token issued for one cookie never verifies as another.
    """

    def __init__(self, secret: bytes, purpose: bytes, max_age: float):
        self._key = hmac.new(secret, purpose, hashlib.sha256).digest()
        self.max_age = max_age

    def mac(self, data: bytes) -> str:
        return _b64(hmac.new(self._key, data, hashlib.sha256).digest())

    def issue(self, payload: dict, now: float | None = None) -> str:
        payload = {**payload, "iat": int(time.time() if now is None else now)}
        body = _b64(json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode("utf-8"))
        return f"{body}.{self.mac(body.encode('ascii'))}"

    def verify(self, token: str | None, now: float | None = None) -> dict | None:
        """The payload of a genuine token that has not expired; None for anything else."""
        if not token or token.count(".") != 1:
            return None
        body, mac = token.split(".")
        try:
            if not hmac.compare_digest(mac.encode("ascii"), self.mac(body.encode("ascii")).encode("ascii")):
                return None
            payload = json.loads(_unb64(body))
            age = (time.time() if now is None else now) - int(payload["iat"])
        except (ValueError, KeyError, TypeError, UnicodeError):
            return None
        if not isinstance(payload, dict) or age > self.max_age or age < -300:
            return None
        return payload


class Signer:
    """The trainee's session token: their name (and, for an account, its token version), signed."""

    def __init__(self, secret: bytes, access_code: str = "", mode: str = "password"):
        # The access code and the sign-in mode are part of the key: a new team code signs
        # everyone out, and a name-only cookie never passes where a password is required.
        self.mode = mode
        self._tokens = SignedTokens(secret, f"coach-web-session|{mode}|".encode() + access_code.encode(), MAX_AGE)

    def issue(self, trainee: Trainee, now: float | None = None) -> str:
        payload: dict = {"name": trainee.name}
        if trainee.version is not None:
            payload["v"] = trainee.version
        return self._tokens.issue(payload, now)

    def verify(self, token: str | None, now: float | None = None) -> Trainee | None:
        payload = self._tokens.verify(token, now)
        if payload is None:
            return None
        version = payload.get("v")
        if self.mode == "password" and (not isinstance(version, int) or isinstance(version, bool)):
            return None
        try:
            return Trainee(normalise_name(payload.get("name")), version if self.mode == "password" else None)
        except SignInError:
            return None


class InviteTokens:
    """The token in an invite link: the account's name and token version, for INVITE_MAX_AGE.

    Setting the password raises the version, so a link works once; a newer link (which raises
    it too) replaces the older ones."""

    def __init__(self, secret: bytes):
        self._tokens = SignedTokens(secret, b"coach-invite", INVITE_MAX_AGE)

    def issue(self, name: str, version: int, now: float | None = None) -> str:
        return self._tokens.issue({"invite": name, "v": version}, now)

    def verify(self, token: object, now: float | None = None) -> tuple[str, int] | None:
        payload = self._tokens.verify(token if isinstance(token, str) else None, now)
        if payload is None or not isinstance(payload.get("invite"), str) or not isinstance(payload.get("v"), int):
            return None
        return payload["invite"], payload["v"]


def invite_link(base_url: str, token: str) -> str:
    """The link a lead hands out: the token in the fragment, which browsers never send to a
    server or in a Referer, so it stays out of access logs."""
    return f"{base_url.rstrip('/')}/invite#{token}"


@dataclass(frozen=True)
class PublicSite:
    """Where browsers reach the web process. Behind a TLS proxy (PUBLIC_URL set) the request
    itself is plain HTTP from the proxy, so the public URL decides whether cookies are Secure
    and which Origin a POST must come from; without it the request does."""

    url: str = ""  # "https://coach.example.com", or ""
    trusted_proxies: tuple[str, ...] = ()  # TRUSTED_PROXIES: peers whose X-Forwarded-For we believe

    def client_address(self, request) -> str:
        """Who sent the request, for the sign-in throttle. A header is only believed from a
        trusted proxy: walking X-Forwarded-For from the right (each proxy appends the address it
        saw), the first address that is not one of ours is the client; anything further left
        was written by the client and could say anything."""
        address = request.remote or "?"
        if address not in self.trusted_proxies:
            return address
        for hop in reversed(request.headers.getall("X-Forwarded-For", [])):
            for part in reversed(hop.split(",")):
                address = part.strip() or address
                if address not in self.trusted_proxies:
                    return address
        return address

    def secure(self, request) -> bool:  # an aiohttp request
        return self.url.startswith("https://") or bool(request.secure)

    def same_origin(self, request) -> bool:
        origin = request.headers.get("Origin")
        if not origin:
            return True  # not a cross-site browser request (forms and fetch send it)
        if self.url:
            return origin.rstrip("/").lower() == self.url
        return origin.split("://", 1)[-1] == request.host
