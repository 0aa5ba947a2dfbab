"""Trainee accounts in the chat (issue 15): password sign-in by default, invites, throttling,
sessions that end, and name-only sign-in only where a team turns it on and it is safe.

Each attack here worked on the main before accounts existed, where a name alone signed anyone
in as anyone: signing in as another trainee, guessing without limit, a copied cookie that
outlived sign-out.
"""
from __future__ import annotations

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from multidict import CIMultiDict

from bot.config import PROJECT_ROOT, ConfigError, load_settings
from bot.storage.store import TranscriptStore
from bot.storage.users import UserStore
from bot.web.auth import COOKIE_NAME, InviteTokens, PublicSite, Signer, Trainee, invite_link
from bot.web.settings import web_settings
from tests.test_web_http import loop, rasa, rasa_ok, settings_for, start_web  # noqa: F401 - fixtures

PASSWORD = "correct horse 1"
SECRET = "test-secret"  # start_web's default web secret


@pytest.fixture
def accounts(migrated_sqlite):
    """The account store on the database start_web's app uses (settings_for: tmp/coach.db)."""
    url = migrated_sqlite
    store = TranscriptStore(url)
    yield UserStore(store)
    store.close()


@pytest.fixture
def web(start_web, accounts):  # noqa: F811 - the fixture imported above
    return start_web(sign_in="password")


def sign_in(base: str, name: str, password: str = PASSWORD, **extra) -> requests.Response:
    session = requests.Session()
    response = session.post(f"{base}/api/signin", json={"name": name, "password": password, **extra})
    response.session = session  # type: ignore[attr-defined]
    return response


def test_a_name_alone_no_longer_signs_in_and_the_page_is_told_to_ask_for_a_password(web, accounts):
    accounts.add("Alice", PASSWORD, role="trainee")
    response = requests.post(f"{web}/api/signin", json={"name": "Alice"})
    assert response.status_code == 400 and response.json()["error"] == "Enter your password."
    assert response.json()["password_required"] is True
    assert requests.get(f"{web}/api/me").json()["password_required"] is True  # the 401 says so too


def test_signing_in_as_another_trainee_needs_their_password(web, accounts):
    accounts.add("Alice", PASSWORD, role="trainee")
    accounts.add("Mallory", "mallory's own pw", role="trainee")
    for name, password in (("Alice", "mallory's own pw"), ("alice", "wrong password"), ("Nobody", PASSWORD)):
        refused = sign_in(web, name, password)
        assert refused.status_code == 401, (name, refused.text)
        assert "do not match" in refused.json()["error"] and COOKIE_NAME not in refused.cookies
    ok = sign_in(web, "ALICE ", PASSWORD)  # the name without case, as leads' names
    assert ok.status_code == 200 and ok.json() == {"name": "Alice"}
    assert ok.session.get(f"{web}/api/me").json()["name"] == "Alice"


def test_a_lead_account_practises_too(web, accounts):
    accounts.add("Lena Lead", PASSWORD, role="lead")
    assert sign_in(web, "lena lead").status_code == 200


def test_parallel_guesses_cannot_pass_the_throttle(web, accounts):
    accounts.add("Alice", PASSWORD, role="trainee")
    with ThreadPoolExecutor(max_workers=12) as pool:
        codes = list(pool.map(lambda i: sign_in(web, "Alice", f"guess number {i}").status_code, range(24)))
    assert codes.count(401) <= 5 and codes.count(429) >= 19, codes
    throttled = sign_in(web, "Alice", PASSWORD)  # even the right password waits now
    assert throttled.status_code == 429 and "Wait" in throttled.json()["error"]


def test_parallel_guesses_spread_over_two_web_processes_cannot_pass_the_throttle(start_web, accounts):  # noqa: F811
    """Two web apps on one database, as two processes behind a proxy: the count is shared."""
    accounts.add("Alice", PASSWORD, role="trainee")
    bases = [start_web(sign_in="password") for _ in range(2)]
    with ThreadPoolExecutor(max_workers=12) as pool:
        codes = list(pool.map(lambda i: sign_in(bases[i % 2], "Alice", f"guess number {i}").status_code, range(24)))
    assert codes.count(401) <= 5 and codes.count(429) >= 19, codes
    for base in bases:
        assert sign_in(base, "Alice", PASSWORD).status_code == 429


def guesses_from(base: str, forwarded_for: list[str]) -> list[int]:
    """One wrong guess for a different account per claimed client address."""
    return [requests.post(f"{base}/api/signin", json={"name": f"Nobody {n}", "password": "wrong guess"},
                          headers={"X-Forwarded-For": address}).status_code
            for n, address in enumerate(forwarded_for)]


SPOOFED = [f"203.0.113.{n}" for n in range(1, 8)]


def test_a_client_cannot_dodge_the_address_throttle_with_a_forwarded_header(start_web, accounts):  # noqa: F811
    """No proxy configured: X-Forwarded-For is the client's own claim and is ignored, so seven
    guesses under seven made-up addresses are still seven guesses from one address."""
    base = start_web(sign_in="password")
    assert guesses_from(base, SPOOFED) == [401] * 5 + [429] * 2


def test_behind_a_trusted_proxy_each_client_has_its_own_count(start_web, accounts):  # noqa: F811
    """nginx in front (TRUSTED_PROXIES=127.0.0.1): every request comes from 127.0.0.1, and the
    address nginx appends is the client's. One client's failures do not lock out the others;
    the same client is still counted, whatever it writes further left in the header."""
    base = start_web(sign_in="password", TRUSTED_PROXIES="127.0.0.1")
    assert guesses_from(base, SPOOFED) == [401] * 7
    same_client = [f"{spoof}, 198.51.100.9" for spoof in SPOOFED]
    assert guesses_from(base, same_client) == [401] * 5 + [429] * 2


class FakeRequest:
    def __init__(self, remote, forwarded=()):
        self.remote = remote
        self.headers = CIMultiDict(("X-Forwarded-For", value) for value in forwarded)


@pytest.mark.parametrize("trusted, remote, forwarded, client", [
    ((), "192.0.2.7", ["203.0.113.1"], "192.0.2.7"),                        # no proxy: the header is ignored
    (("127.0.0.1",), "192.0.2.7", ["203.0.113.1"], "192.0.2.7"),            # not from the proxy: ignored
    (("127.0.0.1",), "127.0.0.1", [], "127.0.0.1"),                         # the proxy itself, no header
    (("127.0.0.1",), "127.0.0.1", ["203.0.113.1"], "203.0.113.1"),          # what nginx appended
    (("127.0.0.1",), "127.0.0.1", ["6.6.6.6, 203.0.113.1"], "203.0.113.1"),  # the client's own claim skipped
    (("127.0.0.1", "10.0.0.2"), "127.0.0.1", ["203.0.113.1, 10.0.0.2"], "203.0.113.1"),  # two proxies
    (("127.0.0.1",), "127.0.0.1", ["6.6.6.6", "203.0.113.1"], "203.0.113.1"),  # two header lines
    (("127.0.0.1",), None, [], "?"),
])
def test_the_client_address_believes_only_trusted_proxies(trusted, remote, forwarded, client):
    assert PublicSite(trusted_proxies=trusted).client_address(FakeRequest(remote, forwarded)) == client


def test_password_hashes_run_on_their_own_threads_not_the_chats(web, accounts, monkeypatch):
    """A burst of guesses queues on the hash pool; the thread pool the chat uses for the
    database stays free (before, each guess took one of its threads for the scrypt time)."""
    import threading

    accounts.add("Alice", PASSWORD, role="trainee")
    seen = []
    original = UserStore.authenticate

    def spy(self, name, password):
        seen.append(threading.current_thread().name)
        return original(self, name, password)

    monkeypatch.setattr(UserStore, "authenticate", spy)
    assert sign_in(web, "Alice").status_code == 200
    assert sign_in(web, "Alice", "wrong password").status_code == 401
    assert len(seen) == 2 and all(name.startswith("password-hash") for name in seen), seen


@pytest.mark.parametrize("end", ["sign-out", "new password", "account removed"])
def test_a_copied_cookie_ends_with_the_session(web, accounts, end):
    accounts.add("Alice", PASSWORD, role="trainee")
    browser = sign_in(web, "Alice").session
    copy = requests.Session()
    copy.cookies.set(COOKIE_NAME, browser.cookies[COOKIE_NAME])
    assert copy.get(f"{web}/api/me").status_code == 200
    if end == "sign-out":
        assert browser.post(f"{web}/api/signout", json={}).status_code == 200
    elif end == "new password":
        accounts.set_password("Alice", "a brand new password")
    else:
        accounts.remove("Alice")
    assert copy.get(f"{web}/api/me").status_code == 401
    assert copy.get(f"{web}/api/history").status_code == 401


def test_a_name_only_cookie_does_not_pass_where_passwords_are_required(web, accounts):
    accounts.add("Alice", PASSWORD, role="trainee")
    forged = Signer(SECRET.encode(), "", mode="name").issue(Trainee("Alice"))
    session = requests.Session()
    session.cookies.set(COOKIE_NAME, forged)
    assert session.get(f"{web}/api/me").status_code == 401
    # Nor does an account cookie with a made-up version.
    stale = Signer(SECRET.encode(), "", mode="password").issue(Trainee("Alice", 41))
    session.cookies.set(COOKIE_NAME, stale)
    assert session.get(f"{web}/api/me").status_code == 401


def test_an_invite_link_sets_the_password_once(web, accounts):
    (user,) = accounts.add_many(["Bram"], None, role="trainee")
    assert not accounts.has_password("Bram")
    assert sign_in(web, "Bram", "").status_code == 400
    token = InviteTokens(SECRET.encode()).issue("Bram", user.token_version)
    assert invite_link("http://coach.example/", token) == f"http://coach.example/invite#{token}"
    page = requests.get(f"{web}/invite")
    assert page.status_code == 200 and 'id="invite-view"' in page.text

    weak = requests.post(f"{web}/api/invite", json={"token": token, "password": "short"})
    assert weak.status_code == 400 and "at least 8 characters" in weak.json()["error"]
    assert not accounts.has_password("Bram")  # nothing changed, the link still works

    browser = requests.Session()
    done = browser.post(f"{web}/api/invite", json={"token": token, "password": PASSWORD})
    assert done.status_code == 200 and done.json() == {"name": "Bram"}
    assert browser.get(f"{web}/api/me").json()["name"] == "Bram"  # signed in at once
    assert sign_in(web, "Bram").status_code == 200

    again = requests.post(f"{web}/api/invite", json={"token": token, "password": "someone else's"})
    assert again.status_code == 400 and "does not work any more" in again.json()["error"]
    assert sign_in(web, "Bram").status_code == 200  # the password was not changed by the replay


@pytest.mark.parametrize("token", ["", "not.a.token", None, 42,
                                   InviteTokens(b"another secret").issue("Bram", 0)])
def test_a_bad_invite_is_a_clear_400(web, accounts, token):
    accounts.add_many(["Bram"], None, role="trainee")
    answer = requests.post(f"{web}/api/invite", json={"token": token, "password": PASSWORD})
    assert answer.status_code == 400 and "Ask your team lead" in answer.json()["error"]
    assert not accounts.has_password("Bram")


@pytest.mark.parametrize("host, code, allowed", [
    ("127.0.0.1", "", True), ("localhost", "", True), ("::1", "", True),
    ("0.0.0.0", "", False), ("192.168.1.20", "", False), ("0.0.0.0", "team-code", True),
])
def test_name_only_sign_in_is_refused_where_other_machines_reach_the_port(tmp_path, host, code, allowed):
    settings = load_settings({"TRAINEE_SIGN_IN": "name", "RASA_HOST": host, "TEAM_ACCESS_CODE": code},
                             root=tmp_path)
    if allowed:
        assert web_settings(settings).trainee_sign_in == "name"
    else:
        with pytest.raises(ConfigError, match="TEAM_ACCESS_CODE"):
            web_settings(settings)
    # A password sign-in is fine anywhere.
    password = load_settings({"RASA_HOST": host}, root=tmp_path)
    assert password.trainee_sign_in == "password" and web_settings(password).trainee_sign_in == "password"


def test_an_unknown_sign_in_mode_is_a_configuration_error(tmp_path):
    with pytest.raises(ConfigError, match="TRAINEE_SIGN_IN must be password or name"):
        load_settings({"TRAINEE_SIGN_IN": "open"}, root=tmp_path)


def test_the_web_process_will_not_start_with_name_only_sign_in_on_an_open_port(tmp_path):
    env = {"TRAINEE_SIGN_IN": "name", "RASA_HOST": "0.0.0.0", "TEAM_ACCESS_CODE": "",
           "DATABASE_URL": f"sqlite:///{tmp_path / 'c.db'}", "PATH": "/usr/bin:/bin", "PYTHONWARNINGS": "ignore"}
    done = subprocess.run([sys.executable, "-m", "bot.web"], cwd=PROJECT_ROOT, env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 2, done.stderr
    assert "Configuration problem" in done.stderr and "TEAM_ACCESS_CODE" in done.stderr
    assert "Traceback" not in done.stderr


# --- leads add trainees from the command line -----------------------------------------------
def run(db: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    env = {"DATABASE_URL": f"sqlite:///{db}", "PATH": "/usr/bin:/bin", "PYTHONWARNINGS": "ignore",
           "WEB_SECRET": SECRET, "PUBLIC_URL": "https://coach.example.com"}
    return subprocess.run([sys.executable, "-m", "bot", *args], cwd=PROJECT_ROOT, env=env, input=stdin,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "coach.db"
    assert run(path, "db", "upgrade").returncode == 0
    return path


def links(output: str) -> dict:
    return dict(line.split("\t") for line in output.splitlines() if "\t" in line)


def test_import_invites_every_name_in_a_csv_and_each_link_works_once(db, tmp_path):
    csv = tmp_path / "class.csv"
    csv.write_text("team,name\nA,Anna Jansen\n\nB,Émile\n", encoding="utf-8")
    done = run(db, "users", "import", str(csv))
    assert done.returncode == 0, done.stderr
    made = links(done.stdout)
    assert set(made) == {"Anna Jansen", "Émile"}
    assert all(link.startswith("https://coach.example.com/invite#") for link in made.values())
    store = TranscriptStore(f"sqlite:///{db}")
    try:
        users = UserStore(store)
        tokens = InviteTokens(SECRET.encode())
        name, version = tokens.verify(made["Émile"].split("#", 1)[1])
        assert users.accept_invite(name, version, PASSWORD).name == "Émile"
        assert users.accept_invite(name, version, "a second try") is None  # used
        assert users.authenticate("émile", PASSWORD).role == "trainee"
        # A new invite for Anna replaces the first link.
        first = tokens.verify(made["Anna Jansen"].split("#", 1)[1])
        again = run(db, "users", "invite", "Anna Jansen")
        assert again.returncode == 0, again.stderr
        assert users.accept_invite(*first, PASSWORD) is None
        assert users.accept_invite(*tokens.verify(links(again.stdout)["Anna Jansen"].split("#", 1)[1]), PASSWORD)
    finally:
        store.close()
    listing = run(db, "users", "list").stdout
    assert "trainee" in listing and "invited: no password yet" not in listing


@pytest.mark.parametrize("content, message", [
    ("name,team\nAnna,A\n,B\n", "line 3: no name"),
    ("name\nAnna\nanna\n", "in the list twice"),
    ("name\nAnna\nBad\u200bname\n", "characters that cannot be used"),
    ("name\nAnna\n" + "x" * 100 + "\n", "under 60 characters"),
    ("", "holds no names"),
])
def test_a_bad_csv_adds_nobody_and_says_where(db, tmp_path, content, message):
    csv = tmp_path / "class.csv"
    csv.write_text(content, encoding="utf-8")
    done = run(db, "users", "import", str(csv))
    assert done.returncode == 2 and message in done.stderr and "Traceback" not in done.stderr, done.stderr
    assert "Anna" not in run(db, "users", "list").stdout


def test_import_of_a_taken_name_adds_nobody(db, tmp_path):
    assert run(db, "users", "add", "--role", "trainee", "Anna", stdin=PASSWORD + "\n").returncode == 0
    csv = tmp_path / "class.csv"
    csv.write_text("Bram\nanna\n", encoding="utf-8")
    done = run(db, "users", "import", str(csv))
    assert done.returncode == 2 and "already a user called 'anna'" in done.stderr
    assert "Bram" not in run(db, "users", "list").stdout


def test_a_missing_csv_is_a_clear_error(db, tmp_path):
    done = run(db, "users", "import", str(tmp_path / "nope.csv"))
    assert done.returncode == 2 and "there is no file" in done.stderr


def test_a_lead_is_not_reinvited_as_a_trainee(db):
    assert run(db, "users", "add", "--role", "lead", "Lena", stdin=PASSWORD + "\n").returncode == 0
    done = run(db, "users", "invite", "Lena")
    assert done.returncode == 2 and "is a lead" in done.stderr
