"""Sign-in for the review pages: a team lead's cookie, CSRF tokens and the sign-in throttle.

The lead cookie (`coach_review`) is signed like the trainee's (bot/web/auth.py: HMAC-SHA256 with
WEB_SECRET or var/web_secret) but with a key derived for this purpose and a payload with the
role, so a trainee's `coach_session` token can never pass as a lead's, even if copied into this
cookie. Each request also checks that the account still exists with the lead role and that the
cookie carries the account's current token version, so `users remove`, a sign-out and a
password change (`users passwd`) end the lead's cookies at once, copies included.

The throttle is bot.storage.shared.SignInThrottle, in the database, so every web process counts
the same failures: after 5 failed sign-ins for one name, or from one address, within 15
minutes, further tries are refused with 429 until the oldest failure is 15 minutes old. A try is
counted as a failure before the password hash is computed (`attempt` checks and counts in one
transaction, holding the name's and the address's locks), so guesses sent in parallel, to one
process or to several, cannot all pass the check; a success takes its own count back. Counts
older than the window are swept, also for names nobody tries again. The review pages count in
scope "review", the chat's sign-in in scope "chat".
"""
from __future__ import annotations

import asyncio
import functools
import hmac
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

from bot.web.auth import SignedTokens

# Password hashes (scrypt, about 50 ms of CPU each) run on their own two threads: a burst of
# sign-in guesses queues here instead of filling the thread pool the chat and the review
# pages use for the database.
_HASH_POOL = ThreadPoolExecutor(max_workers=2, thread_name_prefix="password-hash")


async def run_hashing(function: Callable[..., T], *args: Any) -> T:
    """Run `function` (a sign-in or a password change: it computes a hash) on the hash pool."""
    return await asyncio.get_running_loop().run_in_executor(_HASH_POOL, functools.partial(function, *args))

T = TypeVar("T")

LEAD_COOKIE = "coach_review"
LEAD_MAX_AGE = 12 * 3600  # a working day: leads see every trainee's data


@dataclass(frozen=True)
class Lead:
    name: str
    role: str
    version: int = 0  # the account's token version when the cookie was issued


class LeadSigner:
    """A lead's session token ({"lead", "role"}) under a key only leads' cookies use."""

    def __init__(self, secret: bytes):
        self._tokens = SignedTokens(secret, b"coach-review-session|lead", LEAD_MAX_AGE)

    def issue(self, lead: Lead, now: float | None = None) -> str:
        return self._tokens.issue({"lead": lead.name, "role": lead.role, "v": lead.version}, now)

    def verify(self, token: str | None, now: float | None = None) -> Lead | None:
        payload = self._tokens.verify(token, now)
        if payload is None or payload.get("role") != "lead" or not isinstance(payload.get("lead"), str) \
                or not isinstance(payload.get("v"), int):
            return None
        return Lead(payload["lead"], payload["role"], payload["v"])

    def csrf_token(self, cookie: str) -> str:
        """The token every review form sends back: tied to this sign-in, unknown to other sites."""
        return self._tokens.mac(b"csrf|" + cookie.encode("ascii", "replace"))

    def check_csrf(self, cookie: str, token: object) -> bool:
        return isinstance(token, str) and hmac.compare_digest(token.encode("ascii", "replace"),
                                                              self.csrf_token(cookie).encode("ascii"))


def throttled_message(wait: int, then: str) -> str:
    """What a throttled sign-in is told: the minutes to wait (rounded up), then `then`."""
    minutes = -(-wait // 60)
    return (f"Too many failed sign-ins for this name or from this address. Wait {minutes} "
            f"minute{'s' * (minutes != 1)} and try again, {then}")
