"""The review pages over HTTP: who may see what, sign-in and its throttle, the list and its
filters, transcripts, comments and overrides, progress, agreement, exports, escaping.

The web app runs on a real port (tests.test_web_http.Loop) over a seeded SQLite database
(tests/review_seed.py); no Rasa is needed.
"""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from urllib.parse import urlencode

import pytest
import requests
from markupsafe import escape

from bot.coach.state import CustomerState
from bot.config import PROJECT_ROOT, load_settings
from bot.storage import TranscriptStore
from bot.storage.shared import MAX_FAILURES
from bot.storage.users import UserStore
from bot.web.app import create_app
from bot.web.auth import COOKIE_NAME, Signer, Trainee, load_secret
from bot.web.review_auth import LEAD_COOKIE
from bot.web.settings import WebSettings
from tests.conftest import free_ports
from tests.review_seed import LEAD, LEAD_PASSWORD, XSS_NAME, XSS_TEXT, seed
from tests.test_web_http import Loop

SECRET = "review-test-secret"


@pytest.fixture(scope="module")
def loop():
    running = Loop()
    yield running
    running.close()


def serve(loop, tmp: Path, url: str, **extra: str) -> str:
    rasa_port, web_port = free_ports(2)  # nothing listens on the Rasa port
    settings = load_settings({"DATABASE_URL": url, "RASA_HOST": "127.0.0.1", "RASA_PORT": str(rasa_port),
                              "SCENARIOS_DIR": str(PROJECT_ROOT / "data" / "scenarios"), **extra}, root=tmp)
    return loop.serve(create_app(settings, options=WebSettings(team_access_code="", web_secret=SECRET)), web_port)


@pytest.fixture(scope="module")
def shared(loop, tmp_path_factory):
    """One seeded server for the tests that only read."""
    tmp = tmp_path_factory.mktemp("review-shared")
    seeded = seed(f"sqlite:///{tmp / 'coach.db'}")
    seeded.base = serve(loop, tmp, seeded.url)
    return seeded


@pytest.fixture
def fresh(loop, tmp_path):
    """A seeded server of its own, for the tests that write."""
    seeded = seed(f"sqlite:///{tmp_path / 'coach.db'}")
    seeded.base = serve(loop, tmp_path, seeded.url)
    return seeded


def lead_session(base: str, name: str = LEAD, password: str = LEAD_PASSWORD) -> requests.Session:
    session = requests.Session()
    response = session.post(f"{base}/review/signin", data={"name": name, "password": password})
    assert response.status_code == 200 and response.url.endswith("/review"), response.text
    return session


def csrf_of(page: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


def trainee_turn(page: str) -> str:
    return re.search(r'name="turn_id" value="(\d+)"', page).group(1)


# --- who may see what ------------------------------------------------------------------------------
def routes(s):
    sid, tid = s.sessions[0], s.sam
    return [
        ("GET", "/review"), ("GET", "/review?scenario=nine-weeks"), ("GET", f"/review/sessions/{sid}"),
        ("GET", "/review/trainees"), ("GET", f"/review/trainees/{tid}"), ("GET", "/review/agreement"),
        ("GET", "/review/export.csv"), ("GET", "/review/export.json"), ("GET", f"/review/sessions/{sid}/export.csv"),
        ("GET", f"/review/sessions/{sid}/export.json"), ("GET", f"/review/trainees/{tid}/chart.svg"),
        ("GET", "/review/agreement.csv"), ("GET", "/review/agreement.json"),
        ("POST", f"/review/sessions/{sid}/comment"), ("POST", f"/review/sessions/{sid}/override"),
        ("POST", f"/review/sessions/{sid}/reviewed"), ("POST", "/review/signout"),
    ]


def trainee_token() -> str:
    return Signer(load_secret(SECRET, Path("/nonexistent")), "").issue(Trainee("Sam Trainee"))


CALLERS = {
    "signed out": {},
    "trainee cookie": {COOKIE_NAME: None},
    "trainee token as a lead cookie": {LEAD_COOKIE: None},
    "forged lead cookie": {LEAD_COOKIE: "eyJsZWFkIjoiTGVuYSBMZWFkIiwicm9sZSI6ImxlYWQiLCJpYXQiOjE3MDAwMDAwMDB9.AAAA"},
}


@pytest.mark.parametrize("caller", list(CALLERS))
def test_everyone_but_a_lead_is_refused_everywhere(shared, caller):
    cookies = {k: v or trainee_token() for k, v in CALLERS[caller].items()}
    data = {"comment": "hijack", "dimension": "ownership", "score": "0", "reason": "x", "reviewed": "yes"}
    for method, path in routes(shared):
        response = requests.request(method, shared.base + path, cookies=cookies, data=data, allow_redirects=False)
        is_page = method == "GET" and path.rsplit(".", 1)[-1] not in ("csv", "json", "svg")
        if is_page:
            assert (response.status_code, response.headers.get("Location")) == (303, "/review/signin"), path
        else:
            assert response.status_code == 401 and "Sign in as a team lead" in response.text, path
        assert "Sam Trainee" not in response.text and "Rules are rules" not in response.text, path
    with TranscriptStore(shared.url) as store:
        assert store.get_session(shared.sessions[0])["reviews"] == []  # nothing was written


def test_the_trainee_api_still_answers_only_about_the_trainee(shared):
    # A lead's cookie is scoped to /review and is no trainee sign-in: /api/ stays closed to it.
    lead = lead_session(shared.base)
    assert lead.get(f"{shared.base}/api/history", cookies={LEAD_COOKIE: lead.cookies[LEAD_COOKIE]}).status_code == 401


def test_removing_an_account_ends_its_sign_in(fresh):
    lead = lead_session(fresh.base)
    assert lead.get(f"{fresh.base}/review").status_code == 200
    with TranscriptStore(fresh.url) as store:
        UserStore(store).remove(LEAD)
    response = lead.get(f"{fresh.base}/review", allow_redirects=False)
    assert response.status_code == 303 and response.headers["Location"] == "/review/signin"
    assert lead.get(f"{fresh.base}/review/export.csv").status_code == 401


# --- sign-in -------------------------------------------------------------------------------------
def test_sign_in_page_cookie_and_sign_out(shared):
    page = requests.get(f"{shared.base}/review/signin")
    assert page.status_code == 200 and 'name="password"' in page.text and "<script" not in page.text
    assert "default-src 'self'" in page.headers["Content-Security-Policy"]
    session = requests.Session()
    response = session.post(f"{shared.base}/review/signin", data={"name": "lena LEAD", "password": LEAD_PASSWORD},
                            allow_redirects=False)
    assert response.status_code == 303 and response.headers["Location"] == "/review"
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith(LEAD_COOKIE + "=") and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert "Path=/review" in cookie
    listing = session.get(f"{shared.base}/review")
    assert listing.status_code == 200 and "Lena Lead" in listing.text
    assert listing.headers["Cache-Control"] == "no-store"
    out = session.post(f"{shared.base}/review/signout", data={"csrf": csrf_of(listing.text)}, allow_redirects=False)
    assert out.status_code == 303 and out.headers["Location"] == "/review/signin"
    assert session.get(f"{shared.base}/review", allow_redirects=False).status_code == 303


@pytest.mark.parametrize("form,status,message", [
    ({"name": LEAD, "password": "wrong password"}, 401, "do not match a team lead"),
    ({"name": "Nobody", "password": LEAD_PASSWORD}, 401, "do not match a team lead"),
    ({"name": "Sam Trainee", "password": ""}, 400, "Enter your name and your password"),
    ({}, 400, "Enter your name and your password"),
])
def test_bad_sign_ins(shared, form, status, message):
    response = requests.post(f"{shared.base}/review/signin", data=form, allow_redirects=False)
    assert response.status_code == status and message in response.text
    assert LEAD_COOKIE not in response.headers.get("Set-Cookie", "")


def test_sign_in_is_throttled_after_repeated_failures(fresh):
    for _ in range(MAX_FAILURES):
        assert requests.post(f"{fresh.base}/review/signin", data={"name": LEAD, "password": "guess"}).status_code == 401
    blocked = requests.post(f"{fresh.base}/review/signin", data={"name": LEAD, "password": LEAD_PASSWORD},
                            allow_redirects=False)
    assert blocked.status_code == 429 and "Too many failed sign-ins" in blocked.text and "Wait 15 minutes" in blocked.text
    # The address is throttled too: guessing other names from it does not help.
    assert requests.post(f"{fresh.base}/review/signin", data={"name": "Other", "password": "x"}).status_code == 429


def test_parallel_guesses_cannot_race_past_the_throttle(fresh):
    """Each guess costs a scrypt hash on a worker thread; before, all of them passed the check
    before the first failure was counted."""
    from concurrent.futures import ThreadPoolExecutor

    def guess(number):
        return requests.post(f"{fresh.base}/review/signin", data={"name": LEAD, "password": f"guess {number}"},
                             allow_redirects=False).status_code

    with ThreadPoolExecutor(max_workers=12) as pool:
        answers = list(pool.map(guess, range(12)))
    assert answers.count(401) <= MAX_FAILURES and answers.count(429) >= 12 - MAX_FAILURES, answers


def test_the_throttle_holds_across_two_web_processes(loop, tmp_path, empty_db):
    """Two web apps (as two processes behind one proxy) on one database, SQLite and PostgreSQL:
    the failures sent to either count for both (bot/storage/shared.py keeps them)."""
    seeded = seed(empty_db)
    bases = [serve(loop, tmp_path, seeded.url) for _ in range(2)]
    for number in range(MAX_FAILURES):
        answer = requests.post(f"{bases[number % 2]}/review/signin", data={"name": LEAD, "password": "guess"})
        assert answer.status_code == 401
    for base in bases:
        blocked = requests.post(f"{base}/review/signin", data={"name": LEAD, "password": LEAD_PASSWORD},
                                allow_redirects=False)
        assert blocked.status_code == 429 and "Too many failed sign-ins" in blocked.text


def test_database_without_tables_is_a_clear_503(loop, tmp_path):
    base = serve(loop, tmp_path, f"sqlite:///{tmp_path / 'empty.db'}")
    response = requests.post(f"{base}/review/signin", data={"name": LEAD, "password": LEAD_PASSWORD})
    assert response.status_code == 503 and "python -m bot db upgrade" in response.text
    assert "Traceback" not in response.text


# --- the list --------------------------------------------------------------------------------------
def listed(session, base, query=""):
    response = session.get(f"{base}/review{query}")
    assert response.status_code == 200, response.text
    return [int(i) for i in re.findall(r'<tr data-session="(\d+)"', response.text)], response.text


@pytest.mark.parametrize("query,expected", [
    ("", [4, 3, 2, 1, 0]),
    ("?trainee=sam", [3, 1, 0]),
    ("?scenario=denied-iphone", [4, 2]),
    ("?outcome=resolved", [2, 1]),
    ("?outcome=open", [4]),
    ("?ownership_band=low", [3, 0]),
    ("?flexibility_band=neutral", [2, 1]),  # an open session has no session score yet
    ("?ownership_band=high&scenario=nine-weeks", [1]),
    ("?reviewed=no", [4, 3, 2, 1, 0]),
    ("?channel=slack", [4]),
    ("?channel=web&scenario=denied-iphone", [2]),
    ("?reviewed=yes", []),
    ("?sort=ownership", [0, 3, 2, 1, 4]),  # no score (open) last
    ("?sort=-flexibility", [2, 1, 3, 0, 4]),
    ("?per_page=2", [4, 3]),
    ("?per_page=2&page=3", [0]),
])
def test_list_filters_sort_and_pages(shared, query, expected):
    found, text = listed(lead_session(shared.base), shared.base, query)
    assert found == [shared.sessions[i] for i in expected]
    assert "<strong>" in text and "session" in text


def test_list_counts_columns_and_date_range(shared):
    lead = lead_session(shared.base)
    _, text = listed(lead, shared.base, "?trainee=sam")
    assert re.search(r'<p id="counts"><strong>3</strong> sessions match · resolved 1 · churned 1 · abandoned 1 · '
                     r'open 0 · reviewed 0</p>', text)
    for column in ("Trainee", "Scenario", "Date", "Turns", "Outcome", "Ownership", "Flexibility", "Reviewed"):
        assert f">{column}" in text
    with TranscriptStore(shared.url) as store:
        days = sorted(s["started_at"].date().isoformat() for s in store.list_sessions()["items"])
    found, _ = listed(lead, shared.base, f"?from={days[1]}&to={days[2]}")
    assert found == [shared.sessions[2], shared.sessions[1]]
    assert "Page 3 of 3" in listed(lead, shared.base, "?per_page=2&page=3")[1]


def test_the_scenario_filter_offers_every_case(shared, library):
    _, text = listed(lead_session(shared.base), shared.base, "")
    offered = re.findall(r'<option value="([a-z0-9-]+)"', text.split('name="scenario"', 1)[1].split("</select>", 1)[0])
    assert offered == library.ids()


@pytest.mark.parametrize("query,message", [
    ("?outcome=won", "The outcome must be one of"),
    ("?ownership_band=top", "A band must be one of low, neutral, high"),
    ("?reviewed=maybe", "Reviewed must be yes, no or any"),
    ("?channel=%3Cscript%3E", "The channel is a name like rest or slack"),
    ("?from=yesterday", "not a date"),
    ("?from=2026-02-01&to=2026-01-01", "the end date is before the start date"),
    ("?sort=password_hash", "sort must be one of"),
    ("?page=0", "Page must be a whole number"),
    ("?page=%C2%B2", "Page must be a whole number"),  # "²": isdigit() said yes, int() said 500
    ("?per_page=5000", "Per page must be a whole number from 1 to 100"),
])
def test_bad_filters_say_what_is_wrong(shared, query, message):
    response = lead_session(shared.base).get(f"{shared.base}/review{query}")
    assert response.status_code == 400 and message in response.text and 'id="filters"' in response.text


# --- pages show what they should, escaped, without secrets ----------------------------------------
def test_transcript_shows_scores_cues_reason_flags_and_mood(shared):
    page = lead_session(shared.base).get(f"{shared.base}/review/sessions/{shared.sessions[1]}").text
    assert 'class="badge high"' in page and "Own 74" in page and "Flex 52" in page
    assert '<mark class="cue up" title="takes the problem on: ownership +22, flexibility +0">Leave it with me</mark>' in page
    assert "Takes it on" in page and 'id="mood-line"' in page and "angry, wary" in page
    policy = lead_session(shared.base).get(f"{shared.base}/review/sessions/{shared.sessions[0]}").text
    assert '<mark class="cue down"' in policy and ">Rules are rules</mark>" in policy
    flagged = lead_session(shared.base).get(f"{shared.base}/review/sessions/{shared.sessions[2]}").text
    assert "over-promise" in flagged


@pytest.mark.parametrize("path", ["/review", "/review/sessions/{eve_session}", "/review/trainees",
                                  "/review/trainees/{eve}", "/review?trainee=eve"])
def test_user_text_is_escaped_and_no_hash_is_shown(shared, path):
    page = lead_session(shared.base).get(shared.base + path.format(eve_session=shared.sessions[2], eve=shared.eve))
    assert page.status_code == 200
    assert shown_as_text(XSS_NAME, page.text)
    assert "<script" not in page.text and "<img src=x" not in page.text
    if "/sessions/" in path:  # the reply, up to the cue phrase the page marks
        assert shown_as_text(XSS_TEXT.split("leave it")[0], page.text)
    assert "scrypt$" not in page.text and "password_hash" not in page.text


def shown_as_text(text: str, page: str) -> bool:
    """The text is in the page as text: escaped by Jinja2's autoescape (MarkupSafe writes
    <, >, &, " and ' as &lt; &gt; &amp; &#34; &#39;)."""
    return str(escape(text)) in page


XSS_NOTE = '<script>alert("note")</script> it\'s "fine" & <img src=x onerror=alert(2)>'
XSS_LEAD = '<b onmouseover="alert(3)">Lead\'s</b> "Q"'


def test_comments_reasons_lead_names_and_filters_are_escaped(fresh):
    """What a lead types (a comment, an override's reason, their name) and what the URL carries
    comes back as text on the list, the transcript and the progress page, never as markup."""
    with TranscriptStore(fresh.url) as store:
        UserStore(store).add(XSS_LEAD, "xss lead password", role="lead")
    lead = lead_session(fresh.base, XSS_LEAD, "xss lead password")
    sid = fresh.sessions[2]  # Eve's, whose name is a script tag
    page = lead.get(f"{fresh.base}/review/sessions/{sid}").text
    assert lead.post(f"{fresh.base}/review/sessions/{sid}/comment", data={
        "csrf": csrf_of(page), "turn_id": trainee_turn(page), "comment": XSS_NOTE}).status_code == 200
    assert lead.post(f"{fresh.base}/review/sessions/{sid}/override", data={
        "csrf": csrf_of(page), "dimension": "flexibility", "score": "20", "reason": XSS_NOTE}).status_code == 200
    hostile = '"><script>alert(4)</script>'
    pages = {"transcript": f"/review/sessions/{sid}", "list": "/review",
             "filtered list": "/review?" + urlencode({"trainee": hostile, "channel": ""}),
             "progress": f"/review/trainees/{fresh.eve}"}
    for what, path in pages.items():
        response = lead.get(fresh.base + path)
        text = response.text
        assert response.status_code == 200, what
        assert "<script" not in text and "<img src=x" not in text and "<b onmouseover" not in text, what
        assert shown_as_text(XSS_LEAD, text), what  # "Signed in as"
        if what != "filtered list":
            assert shown_as_text(XSS_NAME, text), what
    transcript = lead.get(fresh.base + pages["transcript"]).text
    assert transcript.count(str(escape(XSS_NOTE))) == 2  # the comment and the override's reason
    assert f'<li class="review comment">{escape(XSS_LEAD)}, ' in transcript
    assert f'value="{escape(hostile)}"' in lead.get(fresh.base + pages["filtered list"]).text


def test_every_review_template_is_autoescaped_and_marks_nothing_safe():
    from aiohttp import web

    from bot.web.review_pages import TEMPLATES_DIR, setup_templates

    env = setup_templates(web.Application())
    templates = sorted(TEMPLATES_DIR.glob("review/*.html"))
    assert len(templates) >= 8 and (TEMPLATES_DIR / "review" / "base.html") in templates
    for template in templates:
        name = template.relative_to(TEMPLATES_DIR).as_posix()
        assert env.autoescape(name) is True, name
        source = template.read_text(encoding="utf-8")
        assert not re.search(r"\|\s*safe\b|autoescape\s+false|Markup", source), name
    assert env.autoescape("anything.txt") is True and env.autoescape(None) is True
    assert env.from_string("{{ x }}").render(x='<a href="x">') == "&lt;a href=&#34;x&#34;&gt;"


def test_exports_never_carry_a_password_hash(shared):
    lead = lead_session(shared.base)
    for path in ("/review/export.csv", "/review/export.json", "/review/agreement.csv", "/review/agreement.json",
                 f"/review/sessions/{shared.sessions[0]}/export.json"):
        response = lead.get(shared.base + path)
        assert response.status_code == 200 and "scrypt" not in response.text, path
        assert "attachment" in response.headers["Content-Disposition"], path


@pytest.mark.parametrize("path", ["/review/sessions/999", "/review/sessions/abc", "/review/trainees/999",
                                  "/review/trainees/x1", "/review/sessions/%C2%B2", "/review/trainees/%C2%B2"])
def test_unknown_pages_are_404(shared, path):
    response = lead_session(shared.base).get(shared.base + path)
    assert response.status_code == 404 and "There is no" in response.text


def test_unknown_exports_are_404(shared):
    lead = lead_session(shared.base)
    assert lead.get(f"{shared.base}/review/sessions/999/export.csv").status_code == 404
    assert lead.get(f"{shared.base}/review/trainees/999/chart.svg").status_code == 404


def test_progress_chart_outcomes_and_weakest_cues(shared):
    lead = lead_session(shared.base)
    page = lead.get(f"{shared.base}/review/trainees/{shared.sam}").text
    assert f'src="/review/trainees/{shared.sam}/chart.svg"' in page
    outcomes = re.search(r'<table id="outcomes">.*?</table>', page).group(0)
    assert "<td>nine-weeks</td><td>2</td><td>1</td><td>1</td><td>0</td><td>0</td>" in outcomes
    assert "<td>unpaid-outage</td><td>1</td><td>0</td><td>0</td><td>1</td><td>0</td>" in outcomes
    weakest = re.search(r'<table id="weakest">.*?</table>', page).group(0)
    assert "hides behind the policy" in weakest and "<td>2</td><td>-76</td>" in weakest
    assert "takes the problem on" not in weakest  # it helped: not a weakness
    chart = lead.get(f"{shared.base}/review/trainees/{shared.sam}/chart.svg")
    assert chart.headers["Content-Type"] == "image/svg+xml" and chart.text.lstrip().startswith("<?xml")
    assert "<svg" in chart.text and "ownership" in chart.text and "flexibility" in chart.text


def test_filtered_exports(shared):
    lead = lead_session(shared.base)
    rows = list(csv.DictReader(io.StringIO(lead.get(f"{shared.base}/review/export.csv?scenario=denied-iphone").text)))
    assert {r["session_id"] for r in rows} == {str(shared.sessions[2]), str(shared.sessions[4])}
    assert {r["trainee"] for r in rows} == {XSS_NAME, "Kim Other"}
    document = lead.get(f"{shared.base}/review/export.json?trainee=sam&outcome=resolved").json()
    assert document["format"] == "coach-transcripts" and [s["id"] for s in document["sessions"]] == [shared.sessions[1]]
    one = lead.get(f"{shared.base}/review/sessions/{shared.sessions[0]}/export.csv")
    assert 'filename="session-' in one.headers["Content-Disposition"]
    assert {r["session_id"] for r in csv.DictReader(io.StringIO(one.text))} == {str(shared.sessions[0])}
    assert lead.get(f"{shared.base}/review/export.csv?outcome=won").status_code == 400


# --- writing: comments, overrides, reviewed --------------------------------------------------------
def test_override_shows_in_transcript_list_agreement_and_export(fresh):
    lead = lead_session(fresh.base)
    sid = fresh.sessions[1]
    page = lead.get(f"{fresh.base}/review/sessions/{sid}").text
    turn = trainee_turn(page)
    done = lead.post(f"{fresh.base}/review/sessions/{sid}/override",
                     data={"csrf": csrf_of(page), "turn_id": turn, "dimension": "ownership", "score": "35",
                           "reason": "A promise to call is not <b>owning</b> it"}, allow_redirects=False)
    assert done.status_code == 303 and done.headers["Location"] == f"/review/sessions/{sid}?done=override#turn-{turn}"
    page = lead.get(f"{fresh.base}/review/sessions/{sid}?done=override").text
    assert "Own 35" in page and '<s class="machine" title="the machine\'s score">74</s>' in page
    assert "A promise to call is not &lt;b&gt;owning&lt;/b&gt; it" in page and "Lena Lead" in page
    assert "Score overridden" in page and ">reviewed<" in page
    _, listing = listed(lead, fresh.base, "?reviewed=yes")
    assert f'<tr data-session="{sid}">' in listing and "yes · 1 override" in listing
    agreement = {(r["scenario"], r["dimension"]): r for r in lead.get(f"{fresh.base}/review/agreement.json").json()["rows"]}
    assert agreement[("all scenarios", "ownership")] == {
        "scenario": "all scenarios", "dimension": "ownership", "reviewed_replies": 1, "overridden": 1,
        "crossed_band": 1, "machine_too_high": 1, "machine_too_low": 0, "agreement": 0.0}
    assert agreement[("nine-weeks", "flexibility")]["agreement"] == 1.0
    assert "<td>nine-weeks</td><td>ownership</td><td>1</td><td>1</td><td>1</td><td>1</td><td>0</td>" \
           '<td class="rate">0 %</td>' in lead.get(f"{fresh.base}/review/agreement").text
    rows = list(csv.DictReader(io.StringIO(lead.get(f"{fresh.base}/review/agreement.csv").text)))
    assert rows[0] == {"scenario": "all scenarios", "dimension": "ownership", "reviewed_replies": "1",
                       "overridden": "1", "crossed_band": "1", "machine_too_high": "1", "machine_too_low": "0",
                       "agreement": "0.0"}
    exported = list(csv.DictReader(io.StringIO(lead.get(f"{fresh.base}/review/sessions/{sid}/export.csv").text)))
    assert [r["ownership"] for r in exported if r["speaker"] == "trainee"] == ["35"]
    reviews = lead.get(f"{fresh.base}/review/sessions/{sid}/export.json").json()["sessions"][0]["reviews"]
    assert reviews[0]["old_score"] == 74 and reviews[0]["new_score"] == 35 and reviews[0]["author"] == LEAD


def test_a_second_override_within_the_band_keeps_the_machine_score(fresh):
    lead = lead_session(fresh.base)
    sid = fresh.sessions[1]
    for score in ("35", "65"):
        page = lead.get(f"{fresh.base}/review/sessions/{sid}").text
        lead.post(f"{fresh.base}/review/sessions/{sid}/override", data={
            "csrf": csrf_of(page), "turn_id": trainee_turn(page), "dimension": "ownership", "score": score,
            "reason": "second thoughts"})
    page = lead.get(f"{fresh.base}/review/sessions/{sid}").text
    assert "Own 65" in page and ">74</s>" in page
    row = lead.get(f"{fresh.base}/review/agreement.json").json()["rows"][0]
    assert (row["overridden"], row["crossed_band"], row["agreement"]) == (1, 0, 1.0)  # 74 → 65: still high


def test_session_override_changes_the_list_and_comment_and_reviewed(fresh):
    lead = lead_session(fresh.base)
    sid = fresh.sessions[0]
    page = lead.get(f"{fresh.base}/review/sessions/{sid}").text
    assert lead.post(f"{fresh.base}/review/sessions/{sid}/override", data={
        "csrf": csrf_of(page), "dimension": "flexibility", "score": "45", "reason": "offered a callback"}).status_code == 200
    _, listing = listed(lead, fresh.base, "?trainee=sam&sort=started_at")
    first_row = re.search(rf'<tr data-session="{sid}">.*?</tr>', listing).group(0)
    assert "Flex 45" in first_row and "yes · 1 override" in first_row
    turn = trainee_turn(page)
    response = lead.post(f"{fresh.base}/review/sessions/{sid}/comment",
                         data={"csrf": csrf_of(page), "turn_id": turn, "comment": "Try: 'I'll sort it <now>'"})
    assert response.status_code == 200 and "Comment added." in response.text
    assert shown_as_text("Try: 'I'll sort it <now>'", response.text)
    unmark = lead.post(f"{fresh.base}/review/sessions/{sid}/reviewed", data={"csrf": csrf_of(page), "reviewed": "no"})
    assert "Marked not reviewed." in unmark.text and ">not reviewed<" in unmark.text
    mark = lead.post(f"{fresh.base}/review/sessions/{sid}/reviewed", data={"csrf": csrf_of(page), "reviewed": "yes"})
    assert "Marked reviewed." in mark.text


def customer_turn(url, sid):
    with TranscriptStore(url) as store:
        return next(t["id"] for t in store.get_session(sid)["turns"] if t["speaker"] == "customer")


@pytest.mark.parametrize("action,form,message", [
    ("override", {"dimension": "ownership", "score": "40", "reason": "  "}, "Write the reason for the override first."),
    ("override", {"dimension": "ownership", "score": "40"}, "Write the reason for the override first."),
    ("override", {"dimension": "empathy", "score": "40", "reason": "x"}, "Choose the score to override"),
    ("override", {"dimension": "ownership", "score": "101", "reason": "x"}, "a whole number from 0 to 100"),
    ("override", {"dimension": "ownership", "score": "-3", "reason": "x"}, "a whole number from 0 to 100"),
    ("override", {"dimension": "ownership", "score": "40", "reason": "x" * 4001}, "under 4,000 characters"),
    ("override", {"turn_id": "CUSTOMER", "dimension": "ownership", "score": "40", "reason": "x"},
     "That reply is not part of this session."),
    ("override", {"turn_id": "99999", "dimension": "ownership", "score": "40", "reason": "x"},
     "That reply is not part of this session."),
    ("comment", {"comment": ""}, "Write a comment first."),
    ("reviewed", {"reviewed": "perhaps"}, "Say whether the session is reviewed"),
])
def test_bad_review_input_is_refused_and_changes_nothing(fresh, action, form, message):
    lead = lead_session(fresh.base)
    sid = fresh.sessions[1]
    page = lead.get(f"{fresh.base}/review/sessions/{sid}").text
    if form.get("turn_id") == "CUSTOMER":
        form = {**form, "turn_id": str(customer_turn(fresh.url, sid))}
    response = lead.post(f"{fresh.base}/review/sessions/{sid}/{action}", data={"csrf": csrf_of(page), **form})
    assert response.status_code == 400 and message in response.text
    with TranscriptStore(fresh.url) as store:
        session = store.get_session(sid)
    assert session["reviews"] == [] and not session["reviewed"]


@pytest.mark.parametrize("headers,csrf,message", [
    ({}, None, "This form has expired"),
    ({}, "not-the-token", "This form has expired"),
    ({"Origin": "http://evil.example"}, "ok", "Requests from other sites are not accepted."),
])
def test_forms_need_the_token_and_this_site(fresh, headers, csrf, message):
    lead = lead_session(fresh.base)
    sid = fresh.sessions[1]
    page = lead.get(f"{fresh.base}/review/sessions/{sid}").text
    form = {"comment": "hello"}
    if csrf:
        form["csrf"] = csrf_of(page) if csrf == "ok" else csrf
    response = lead.post(f"{fresh.base}/review/sessions/{sid}/comment", data=form, headers=headers)
    assert response.status_code == 403 and message in response.text
    with TranscriptStore(fresh.url) as store:
        assert store.get_session(sid)["reviews"] == []


def test_review_post_to_unknown_session_is_404(fresh):
    lead = lead_session(fresh.base)
    page = lead.get(f"{fresh.base}/review").text
    response = lead.post(f"{fresh.base}/review/sessions/999/comment", data={"csrf": csrf_of(page), "comment": "x"})
    assert response.status_code == 404 and "There is no session 999" in response.text


def test_the_stylesheet_is_served_and_nothing_comes_from_elsewhere(shared):
    from bot.web.app import STATIC_DIR

    assert requests.get(f"{shared.base}/static/review.css").status_code == 200
    text = (STATIC_DIR / "review.css").read_text()
    assert "http://" not in text and "https://" not in text and "@import" not in text
    page = lead_session(shared.base).get(f"{shared.base}/review").text
    assert not re.search(r'(src|href)="(https?:)?//', page)  # every link and asset is on this server


def test_behind_a_tls_proxy_the_lead_cookie_is_secure_and_only_the_public_origin_may_post(loop, tmp_path):
    """The proxy talks plain HTTP to us: before PUBLIC_URL the cookie lost Secure."""
    seeded = seed(f"sqlite:///{tmp_path / 'coach.db'}")
    base = serve(loop, tmp_path, seeded.url, PUBLIC_URL="https://coach.example.com")
    signin = f"{base}/review/signin"
    form = {"name": LEAD, "password": LEAD_PASSWORD}
    answer = requests.post(signin, data=form, headers={"Origin": "https://coach.example.com"}, allow_redirects=False)
    assert answer.status_code == 303
    cookie = answer.headers["Set-Cookie"]
    assert cookie.startswith(LEAD_COOKIE) and "Secure" in cookie
    for origin in ("http://coach.example.com", "https://evil.example.com", base):
        refused = requests.post(signin, data=form, headers={"Origin": origin}, allow_redirects=False)
        assert refused.status_code == 403, origin


# --- ending a lead's cookies, and names beyond ASCII (issue 15) ----------------------------------
def _copied_cookie(base: str) -> str:
    answer = requests.post(f"{base}/review/signin", data={"name": LEAD, "password": LEAD_PASSWORD},
                           allow_redirects=False)
    assert answer.status_code == 303
    return answer.cookies[LEAD_COOKIE]


def _with_cookie(base: str, cookie: str) -> int:
    return requests.get(f"{base}/review", cookies={LEAD_COOKIE: cookie}, allow_redirects=False).status_code


def test_signing_out_ends_every_copy_of_the_cookie(fresh):
    copy = _copied_cookie(fresh.base)
    session = lead_session(fresh.base)
    assert _with_cookie(fresh.base, copy) == 200
    listing = session.get(f"{fresh.base}/review")
    session.post(f"{fresh.base}/review/signout", data={"csrf": csrf_of(listing.text)}, allow_redirects=False)
    assert _with_cookie(fresh.base, copy) == 303, "a copied cookie outlived the sign-out"


def test_a_password_change_ends_the_cookies_issued_before(fresh):
    copy = _copied_cookie(fresh.base)
    store = TranscriptStore(fresh.url)
    UserStore(store).set_password(LEAD, "a brand new password")
    store.close()
    assert _with_cookie(fresh.base, copy) == 303
    assert lead_session(fresh.base, password="a brand new password")


@pytest.mark.parametrize("typed", ["Émile Lefèvre", "émile lefèvre", "ÉMILE LEFÈVRE"])
def test_a_lead_named_with_accents_signs_in_however_it_is_typed(fresh, typed):
    store = TranscriptStore(fresh.url)
    UserStore(store).add("Émile Lefèvre", "accents are fine")
    store.close()
    answer = requests.post(f"{fresh.base}/review/signin", data={"name": typed, "password": "accents are fine"},
                           allow_redirects=False)
    assert answer.status_code == 303, answer.text


# --- a stronger reply and a reply taken back (issue 16) ------------------------------------------------
MODEL = {"text": "<b>I'll</b> reserve the laptop offer & email it to you today.",
         "why": "Meets what the customer still needs: the laptop promotion."}


def played_with_model_reply(url: str) -> int:
    with TranscriptStore(url) as store:
        sid = store.start_session(channel="web", external_id="web:sam", trainee_name="Sam Trainee",
                                  scenario_id="nine-weeks", conversation_id="conv-model", rubric_version=1,
                                  opening_text="Nine weeks!", mood="angry")
        store.record_exchange(sid, trainee_text="Rules are rules.", customer_text="So you won't.", mood="furious",
                              score={"ownership": 20, "flexibility": 15, "cues": [], "reason": "Hides",
                                     "over_promise": False, "model_reply": MODEL})
        store.record_exchange(sid, trainee_text="Leave it with me.", customer_text="Fine.", mood="wary",
                              score={"ownership": 70, "flexibility": 50, "cues": [], "reason": "Owns",
                                     "over_promise": False})
    return sid


def test_transcript_shows_a_low_replys_model_reply_escaped(fresh):
    sid = played_with_model_reply(fresh.url)
    page = lead_session(fresh.base).get(f"{fresh.base}/review/sessions/{sid}").text
    assert page.count('class="model-reply"') == 1  # only the low reply has one
    assert f"<strong>A stronger reply:</strong> <q>{escape(MODEL['text'])}</q>" in page
    assert shown_as_text(MODEL["why"], page) and "<b>I'll</b>" not in page
    low, good = page.index("Rules are rules."), page.index("Leave it with me.")
    assert low < page.index('class="model-reply"') < good  # next to the reply it belongs to


def test_transcript_shows_a_reply_taken_back_struck_through_and_labelled(fresh):
    sid = played_with_model_reply(fresh.url)
    with TranscriptStore(fresh.url) as store:
        assert store.retract_last_exchange(sid, state=CustomerState("nine-weeks", turn=1)) == 4
        store.record_exchange(sid, trainee_text="I'll reserve the laptop offer today.", customer_text="Good.",
                              mood="calm", score={"ownership": 80, "flexibility": 70, "cues": [], "reason": "Owns",
                                                  "over_promise": False})
    lead = lead_session(fresh.base)
    page = lead.get(f"{fresh.base}/review/sessions/{sid}").text
    taken = re.findall(r'<li class="turn (trainee|customer) taken-back" id="turn-\d+"><div class="bubble">'
                       r'<span class="flag taken-back-label"[^>]*>taken back</span>', page)
    assert taken == ["trainee", "customer"]  # the reply taken back and the answer to it, both kept
    assert page.index("Leave it with me.") < page.index("I&#39;ll reserve the laptop offer today.")
    assert page.count("taken-back-label") == 2 and 'class="model-reply"' in page  # the low reply's model reply stays
    csv_text = lead.get(f"{fresh.base}/review/sessions/{sid}/export.csv").text
    rows = list(csv.DictReader(io.StringIO(csv_text.lstrip("\ufeff"))))
    assert [bool(r["retracted_at"]) for r in rows] == [False, False, False, True, True, False, False]
    assert "Leave it with me." in [r["text"] for r in rows if r["retracted_at"]]
