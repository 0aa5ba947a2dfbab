"""The review pages in a real headless Chromium, against `python -m bot.web` on a seeded database.

A team lead is created with the real command (`python -m bot users add --role lead`), signs in,
filters the list, opens a transcript, comments, overrides a score with a reason, sees the change
in the list and the agreement figures, looks at a trainee's chart and downloads the CSV.
Screenshots: results/review-*.png. No Rasa is needed: the sessions are seeded through the store.
"""
from __future__ import annotations

import csv
import os
import subprocess
import sys

import pytest

from bot.config import PROJECT_ROOT
from tests.conftest import free_ports
from tests.e2e import start_web_process
from tests.review_seed import seed
from tests.test_web_browser import CHROMIUM, CHROMIUM_ARGS, RESULTS

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium is not installed at /usr/bin/chromium "
                                "(apt-get install chromium); CI installs it")
playwright_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright (requirements-dev.txt)")
expect = playwright_api.expect

LEAD, PASSWORD = "Rita Reviewer", "browser lead password"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("review-browser")
    seeded = seed(f"sqlite:///{tmp / 'coach.db'}")
    port, rasa_port = free_ports(2)
    env = {**os.environ, "DATABASE_URL": seeded.url, "RASA_HOST": "127.0.0.1", "RASA_PORT": str(rasa_port),
           "WEB_PORT": str(port), "WEB_SECRET": "review-browser-secret", "TEAM_ACCESS_CODE": "",
           "RASA_TELEMETRY_ENABLED": "false", "PYTHONWARNINGS": "ignore"}
    added = subprocess.run([sys.executable, "-m", "bot", "users", "add", "--role", "lead", LEAD], cwd=PROJECT_ROOT,
                           env=env, input=PASSWORD + "\n", capture_output=True, text=True, timeout=60)
    assert added.returncode == 0, added.stderr
    service = start_web_process("web-review", port, env, tmp / "logs")
    seeded.base = service.url
    yield seeded
    service.stop()


@pytest.fixture(scope="module")
def page():
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
        tab = context.new_page()
        tab.set_default_timeout(30_000)
        errors = []
        tab.on("pageerror", lambda error: errors.append(str(error)))
        tab.on("dialog", lambda dialog: errors.append("dialog: " + dialog.message))  # an alert() would be XSS
        yield tab
        context.close()
        browser.close()
        assert errors == [], errors


def test_a_lead_reviews_a_session_end_to_end(server, page, tmp_path):
    RESULTS.mkdir(exist_ok=True)
    expect.set_options(timeout=30_000)
    # Signed out: the review page sends us to the sign-in; a wrong password is refused.
    page.goto(f"{server.base}/review")
    expect(page).to_have_url(f"{server.base}/review/signin")
    page.fill("#name", LEAD)
    page.fill("#password", "not the password")
    page.click("#signin")
    expect(page.locator("#alert")).to_contain_text("do not match a team lead")
    page.fill("#password", PASSWORD)
    page.click("#signin")
    expect(page.locator("#lead-name")).to_have_text(LEAD)
    rows = page.locator("#sessions tbody tr")
    expect(rows).to_have_count(5)
    expect(page.locator("#sessions")).to_contain_text('<script>alert("x")</script> Eve')  # shown as text
    page.screenshot(path=str(RESULTS / "review-list.png"), full_page=True)

    # Filter: Sam's sessions of the nine-weeks case.
    page.fill("#f-trainee", "sam")
    page.select_option("#f-scenario", "nine-weeks")
    page.click("#apply")
    expect(rows).to_have_count(2)
    expect(page.locator("#counts")).to_contain_text("2 sessions match")

    # Open the resolved one: the chat with scores, cues, reason and the mood line.
    page.locator("#sessions tbody tr", has_text="resolved").locator("td:nth-child(3) a").click()
    expect(page.locator("#chat mark.cue.up")).to_have_text("Leave it with me")
    expect(page.locator("#chat .turn.trainee .badge.high").first).to_contain_text("Own 74")
    expect(page.locator("#chat .reason")).to_have_text("Takes it on")
    expect(page.locator("#mood-line")).to_be_visible()

    # Comment on the reply.
    reply = page.locator("#chat .turn.trainee")
    reply.locator("summary").click()
    reply.locator("textarea[name=comment]").fill("Good: a time. Next time name who calls.")
    reply.locator(".comment-form button").click()
    expect(page.locator("#alert")).to_have_text("Comment added.")
    expect(reply.locator(".reviews")).to_contain_text("Good: a time. Next time name who calls.")

    # Override its ownership score; the reason is required (the browser will not send without it).
    reply.locator("summary").click()
    reply.locator("select[name=dimension]").select_option("ownership")
    reply.locator("input[name=score]").fill("35")
    reply.locator(".override-form button").click()
    expect(reply.locator("input[name=reason]")).to_have_js_property("validity.valid", False)
    reply.locator("input[name=reason]").fill("A promise to call back is not owning the problem.")
    reply.locator(".override-form button").click()
    expect(page.locator("#alert")).to_contain_text("Score overridden")
    expect(reply.locator(".badge.low")).to_contain_text("Own 35")
    expect(reply.locator("s.machine")).to_have_text("74")  # the machine's score stays visible
    expect(page.locator("#reviewed-state")).to_have_text("reviewed")
    page.screenshot(path=str(RESULTS / "review-transcript.png"), full_page=True)

    # The list shows it reviewed with its override.
    page.click("nav >> text=Sessions")
    page.select_option("#f-reviewed", "yes")
    page.click("#apply")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("yes · 1 override")

    # The agreement figures count the move from high to low.
    page.click("nav >> text=Agreement")
    total = page.locator("#agreement tr.total", has_text="ownership")
    expect(total).to_contain_text("0 %")
    expect(page.locator("#agreement tr", has_text="nine-weeks").first).to_contain_text("ownership")
    page.screenshot(path=str(RESULTS / "review-agreement.png"), full_page=True)

    # The trainee's progress: the chart is drawn, outcomes and weakest cue types listed.
    page.click("nav >> text=Trainees")
    page.click("text=Sam Trainee")
    chart = page.locator("#progress-chart")
    expect(chart).to_be_visible()
    expect(chart).not_to_have_js_property("naturalWidth", 0)  # the SVG loaded and was drawn
    expect(page.locator("#outcomes")).to_contain_text("unpaid-outage")
    expect(page.locator("#weakest")).to_contain_text("hides behind the policy")
    page.screenshot(path=str(RESULTS / "review-progress.png"), full_page=True)

    # Download the filtered list as CSV: the override is in it.
    page.goto(f"{server.base}/review?trainee=sam&scenario=nine-weeks")
    with page.expect_download() as info:
        page.click("#export-csv")
    download = info.value
    assert download.suggested_filename == "sessions.csv"
    saved = tmp_path / "sessions.csv"
    download.save_as(str(saved))
    with open(saved, newline="", encoding="utf-8") as handle:
        replies = [r for r in csv.DictReader(handle) if r["speaker"] == "trainee"]
    assert sorted(r["ownership"] for r in replies) == ["30", "35"]
    assert {r["reviewed"] for r in replies} == {"true", "false"}

    # Sign out: the review pages are closed again.
    page.click("#signout")
    expect(page).to_have_url(f"{server.base}/review/signin")
    page.goto(f"{server.base}/review/agreement")
    expect(page).to_have_url(f"{server.base}/review/signin")


def test_a_phone_width_transcript(server, page):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{server.base}/review/signin")
    page.fill("#name", LEAD)
    page.fill("#password", PASSWORD)
    page.click("#signin")
    page.goto(f"{server.base}/review/sessions/{server.sessions[2]}")
    expect(page.locator("h1")).to_contain_text("session")
    expect(page.locator("#trainee-link")).to_have_text('<script>alert("x")</script> Eve')
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 1, f"the page scrolls sideways on a phone ({width}px)"
    page.screenshot(path=str(RESULTS / "review-phone.png"), full_page=True)
