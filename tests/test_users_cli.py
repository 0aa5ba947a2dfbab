"""`python -m bot users ...` run as a user runs it (a subprocess), on a fresh SQLite database."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest
from sqlalchemy import create_engine, select

from bot.config import PROJECT_ROOT
from bot.storage import TranscriptStore, migrate
from bot.storage.models import users
from bot.storage.users import UserStore, hash_password, verify_password

PASSWORD = "correct horse battery"


def run(url, *args, stdin="", **env):
    environment = {**os.environ, "DATABASE_URL": url, "DB_CONNECT_TIMEOUT": "2", "PYTHONWARNINGS": "ignore", **env}
    done = subprocess.run([sys.executable, "-m", "bot", *args], cwd=PROJECT_ROOT, env=environment, input=stdin,
                          capture_output=True, text=True, timeout=60)
    assert "Traceback" not in done.stderr, done.stderr
    return done


@pytest.fixture
def db(tmp_path):
    url = f"sqlite:///{tmp_path / 'coach.db'}"
    migrate(url)
    return url


def stored_hash(url, name):
    engine = create_engine(url, future=True)
    try:
        with engine.connect() as connection:
            return connection.execute(select(users.c.password_hash).where(users.c.name == name)).scalar()
    finally:
        engine.dispose()


@pytest.mark.parametrize("flag", [["--password-stdin"], []])  # stdin not a tty: read either way
def test_add_a_lead_with_the_password_on_stdin(db, flag):
    done = run(db, "users", "add", "--role", "lead", *flag, "Lena Lead", stdin=PASSWORD + "\n")
    assert done.returncode == 0, done.stderr
    assert "Added lead 'Lena Lead'" in done.stdout
    hashed = stored_hash(db, "Lena Lead")
    assert hashed.startswith("scrypt$") and PASSWORD not in hashed
    with TranscriptStore(db) as store:
        assert UserStore(store).authenticate("lena lead", PASSWORD).role == "lead"  # name without case
        assert UserStore(store).authenticate("Lena Lead", PASSWORD + "x") is None
    listing = run(db, "users", "list")
    assert listing.returncode == 0 and "Lena Lead\tlead" in listing.stdout
    assert "scrypt" not in listing.stdout and PASSWORD not in listing.stdout


@pytest.mark.parametrize("args,stdin,message", [
    (["users", "add", "--role", "lead", "Lena"], "short\n", "at least 8 characters"),
    (["users", "add", "--role", "lead", "Lena"], "", "no password on standard input"),
    (["users", "add", "--role", "lead", "   "], PASSWORD + "\n", "a name is needed"),
    (["users", "add", "--role", "boss", "Lena"], PASSWORD + "\n", "invalid choice: 'boss'"),
    (["users", "add", "Lena"], PASSWORD + "\n", "--role"),
    (["users", "add", "--role", "lead", "Lena", "--password", PASSWORD], "", "unrecognized arguments"),
    (["users", "passwd", "--password-stdin", "Nobody"], PASSWORD + "\n", "there is no user called 'Nobody'"),
    (["users", "remove", "Nobody"], "", "there is no user called 'Nobody'"),
    (["users"], "", "say which: add, invite, import, list, passwd, remove"),
])
def test_bad_input_is_one_line_and_exit_2(db, args, stdin, message):
    done = run(db, *args, stdin=stdin)
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert len(done.stderr.strip().splitlines()) == 1 and message in done.stderr, done.stderr
    assert stored_hash(db, "Lena") is None


def test_duplicate_name_passwd_and_remove(db):
    assert run(db, "users", "add", "--role", "lead", "Lena", stdin=PASSWORD + "\n").returncode == 0
    again = run(db, "users", "add", "--role", "lead", "LENA", stdin=PASSWORD + "\n")
    assert again.returncode == 2 and "already a user called 'LENA'" in again.stderr
    first = stored_hash(db, "Lena")
    changed = run(db, "users", "passwd", "--password-stdin", "lena", stdin="another long one\n")
    assert changed.returncode == 0, changed.stderr
    assert stored_hash(db, "Lena") != first and verify_password("another long one", stored_hash(db, "Lena"))
    removed = run(db, "users", "remove", "Lena")
    assert removed.returncode == 0 and stored_hash(db, "Lena") is None
    assert "No users yet" in run(db, "users", "list").stdout


def test_database_without_tables_says_what_to_do(tmp_path):
    done = run(f"sqlite:///{tmp_path / 'empty.db'}", "users", "list")
    assert done.returncode == 1 and "python -m bot db upgrade" in done.stderr


def test_hashes_are_salted_and_checked():
    one, two = hash_password(PASSWORD), hash_password(PASSWORD)
    assert one != two
    assert verify_password(PASSWORD, one) and verify_password(PASSWORD, two)
    assert not verify_password(PASSWORD.upper(), one)
    assert not verify_password(PASSWORD, "not-a-hash") and not verify_password(PASSWORD, "md5$x$y$z$a$b")
