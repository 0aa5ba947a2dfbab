"""Accounts: team leads (the review pages, and the chat) and trainees (the chat).

A lead adds trainees with a password, or as an invitation: the account is made without a usable
password and the trainee sets one through an invite link (bot/web/auth.py signs the link with
the account's token version, so the link works once and a later one replaces it). Unless a team
turns name-only sign-in on, the chat signs trainees in with these accounts. A password is kept
only as `scrypt$N$r$p$<salt>$<hash>` (hashlib.scrypt, a random 16-byte salt per user); checking
a password compares in constant time and costs the same for an unknown name.
"""
from __future__ import annotations

import base64
import builtins
import hashlib
import hmac
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, insert, select, update

from bot.names import MAX_NAME_CHARS, tidy_name
from bot.storage.models import USER_ROLES, users
from bot.storage.store import TranscriptStore

SCRYPT_N, SCRYPT_R, SCRYPT_P, KEY_BYTES = 2 ** 14, 8, 1, 32
MIN_PASSWORD_CHARS = 8
MAX_PASSWORD_CHARS = 1024


class AccountError(ValueError):
    """A name, role or password that cannot be used; the message says why."""


@dataclass(frozen=True)
class User:
    id: int
    name: str
    role: str
    created_at: datetime
    token_version: int = 0  # in the lead's cookie; raised to end the cookies issued before


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str, salt: bytes | None = None) -> str:
    salt = salt or secrets.token_bytes(16)
    key = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=KEY_BYTES)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(key)}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, key = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(key)
        given = hashlib.scrypt(password.encode("utf-8"), salt=base64.b64decode(salt), n=int(n), r=int(r),
                               p=int(p), dklen=len(expected))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(given, expected)


# The stored "hash" of an invited account: no password matches it until the invite is used.
NO_PASSWORD = "!invited"

# Checked against when the name is unknown, so a wrong name takes as long as a wrong password.
_DUMMY_HASH = hash_password("not a password", salt=b"\0" * 16)


ACCOUNT_NAME_PROBLEMS = {
    "empty": "a name is needed",
    "characters": "the name contains characters that cannot be used; use letters, digits and spaces",
    "length": f"keep the name under {MAX_NAME_CHARS} characters",
}


def normalise_user_name(raw: object) -> str:
    return tidy_name(raw, ACCOUNT_NAME_PROBLEMS, AccountError)


def check_password_rules(password: str) -> None:
    if len(password) < MIN_PASSWORD_CHARS:
        raise AccountError(f"the password must have at least {MIN_PASSWORD_CHARS} characters")
    if len(password) > MAX_PASSWORD_CHARS:
        raise AccountError(f"the password must have at most {MAX_PASSWORD_CHARS} characters")


class UserStore:
    """The coach_users table, in the transcript database. Names are matched without case."""

    def __init__(self, transcripts: TranscriptStore):
        self.transcripts = transcripts

    @staticmethod
    def _match(name: str):
        # Case-folded in Python: SQLite's lower() would leave "É" as it is.
        return users.c.name_key == str(name).strip().casefold()

    _COLUMNS = (users.c.id, users.c.name, users.c.role, users.c.created_at, users.c.token_version)

    @staticmethod
    def _user(row) -> User:
        return User(row.id, row.name, row.role, row.created_at, int(row.token_version or 0))

    def add(self, name: str, password: str | None, role: str = "lead") -> User:
        """Add one account; `password=None` makes an invited account (see NO_PASSWORD)."""
        return self.add_many([name], password, role)[0]

    def add_many(self, names: Sequence[str], password: str | None, role: str) -> builtins.list[User]:
        """Add every name or none: a bad or taken name raises AccountError naming it (with its
        position when there are several) and nothing is written."""
        if role not in USER_ROLES:
            raise AccountError(f"the role must be one of {', '.join(USER_ROLES)}, got {role!r}")
        tidy: list[str] = []
        seen = set()
        for position, raw in enumerate(names, 1):
            where = f"name {position} ({raw!r}): " if len(names) > 1 else ""
            try:
                name = normalise_user_name(raw)
            except AccountError as error:
                raise AccountError(f"{where}{error}") from None
            if name.casefold() in seen:
                raise AccountError(f"{where}{name!r} is in the list twice")
            seen.add(name.casefold())
            tidy.append(name)
        if password is not None:
            check_password_rules(password)
        hashed = NO_PASSWORD if password is None else hash_password(password)
        now = self.transcripts.clock()
        added: list[User] = []
        with self.transcripts.transaction(write=True) as s:
            for name in tidy:
                if s.execute(select(users.c.id).where(self._match(name))).first() is not None:
                    raise AccountError(f"there is already a user called {name!r}; nothing was added")
                new_id = s.execute(insert(users).values(name=name, name_key=name.casefold(), role=role,
                                                        password_hash=hashed, created_at=now)).inserted_primary_key[0]
                added.append(User(int(new_id), name, role, now))
        return added

    def accept_invite(self, name: str, version: int, password: str) -> User | None:
        """Set the password an invite link asks for; None when the link is used up (the account's
        token version moved on: the invite was used, replaced, or the password set otherwise)
        or the account is gone. Raises AccountError for a password that breaks the rules."""
        check_password_rules(password)
        hashed = hash_password(password)
        with self.transcripts.transaction(write=True) as s:
            changed = s.execute(update(users).where(self._match(name), users.c.token_version == version).values(
                password_hash=hashed, token_version=users.c.token_version + 1)).rowcount
            row = s.execute(select(*self._COLUMNS).where(self._match(name))).first() if changed else None
        return self._user(row) if row else None

    def invited(self) -> builtins.list[str]:
        """The names of the accounts still waiting for their invite to be used."""
        with self.transcripts.transaction() as s:
            return list(s.execute(select(users.c.name).where(users.c.password_hash == NO_PASSWORD)
                                  .order_by(users.c.name)).scalars())

    def has_password(self, name: str) -> bool:
        with self.transcripts.transaction() as s:
            stored = s.execute(select(users.c.password_hash).where(self._match(name))).scalar()
        return bool(stored) and stored != NO_PASSWORD

    def get(self, name: str) -> User | None:
        with self.transcripts.transaction() as s:
            row = s.execute(select(*self._COLUMNS).where(self._match(name))).first()
        return self._user(row) if row else None

    def list(self) -> builtins.list[User]:
        with self.transcripts.transaction() as s:
            rows = s.execute(select(*self._COLUMNS).order_by(users.c.name)).all()
        return [self._user(r) for r in rows]

    def authenticate(self, name: str, password: str) -> User | None:
        """The user when name and password match, else None (same work either way)."""
        with self.transcripts.transaction() as s:
            row = s.execute(select(users).where(self._match(name))).first()
        ok = verify_password(password, row.password_hash if row else _DUMMY_HASH)
        if not ok or row is None:
            return None
        return self._user(row)

    def set_password(self, name: str, password: str) -> None:
        check_password_rules(password)
        hashed = hash_password(password)
        with self.transcripts.transaction(write=True) as s:
            # A new password also ends every cookie issued with the old one.
            if s.execute(update(users).where(self._match(name)).values(
                    password_hash=hashed, token_version=users.c.token_version + 1)).rowcount == 0:
                raise AccountError(f"there is no user called {name!r}")

    def end_sessions(self, name: str) -> None:
        """Sign-out: every cookie this user holds stops working (the token version goes up)."""
        with self.transcripts.transaction(write=True) as s:
            s.execute(update(users).where(self._match(name)).values(token_version=users.c.token_version + 1))

    def remove(self, name: str) -> None:
        with self.transcripts.transaction(write=True) as s:
            if s.execute(delete(users).where(self._match(name))).rowcount == 0:
                raise AccountError(f"there is no user called {name!r}")
