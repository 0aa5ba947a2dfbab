"""The fault test of `make run-cluster` (bot/ops/cluster.py; `make test-cluster`, a few minutes).

Two Rasa servers, two action servers and two web processes behind nginx, on a throwaway PostgreSQL
(tests/pg_server.py) with the cluster's own Redis lock store. Twenty simulated trainees sign in
through nginx and play whole cases over the web API (the scripted calls of tests/calls.py, each
reply tagged with its trainee, so a turn stored in the wrong conversation shows) while one Rasa
server is killed (SIGKILL, mid-turn when it can be) and started again, and then one action server.

A trainee does what the chat page does: a reply that fails is sent again with the same key after a
moment, a failed start or end is clicked again. Then the stored sessions (bot/storage) must hold
exactly what each trainee was answered: no turn lost, none stored twice, none in another's
conversation, every case started once and ended.
"""
from __future__ import annotations

import http.cookiejar
import json
import os
import random
import re
import shutil
import signal
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from typing import Any

import pytest

from bot.coach.commands import start_payload
from bot.coach.roleplay import NO_CALL, SESSION_GONE
from bot.config import PROJECT_ROOT, load_settings
from bot.ops.cluster import Cluster, ClusterPorts, find_binary
from bot.storage import TranscriptStore, migrate
from bot.storage.shared import MAX_FAILURES
from bot.storage.users import UserStore
from tests import pg_server
from tests.calls import OWNING, script
from tests.conftest import free_port, free_ports
from tests.fake_slack import FakeSlack, button_click, dm_event, next_id, send, slack_env

TRAINEES = 20
CASES = sorted(OWNING)
THINK = (0.5, 2.0)  # seconds between the customer's answer and the trainee's next message
RESEND_PAUSE = 1.0  # what a person waits before clicking again after "not answering"
MAX_SENDS = 40  # per message: a message still failing after this many tries is lost
REQUEST_TIMEOUT = 60.0
TAG = re.compile(r" \(ref (t\d\d)-\d+-\d+\)$")


@dataclass
class Case:
    scenario: str
    replies: list[str] = field(default_factory=list)  # every reply the trainee was answered, in order
    answers: list[str] = field(default_factory=list)  # what the customer said to each (for a failure's message)
    ended: bool = False


@dataclass
class Trainee:
    """One person in a browser, talking to nginx's front port."""

    name: str
    url: str
    rng: random.Random
    cases: list[Case] = field(default_factory=list)
    resends: int = 0
    lost: list[str] = field(default_factory=list)

    def __post_init__(self):
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def post(self, path: str, body: dict[str, Any]) -> dict[str, Any] | None:
        """The answer's turn, sending again (the same body, so the same key) while it fails."""
        for _ in range(MAX_SENDS):
            request = urllib.request.Request(f"{self.url}{path}", json.dumps(body).encode(),
                                             {"Content-Type": "application/json"})
            try:
                with self.opener.open(request, timeout=REQUEST_TIMEOUT) as response:
                    return json.loads(response.read())
            except (urllib.error.URLError, OSError) as error:
                if isinstance(error, urllib.error.HTTPError) and error.code not in (502, 503, 504):
                    self.lost.append(f"{path} {body}: HTTP {error.code} {error.read()[:200]!r}")
                    return None
                self.resends += 1
                time.sleep(RESEND_PAUSE)
        self.lost.append(f"{path} {body}: no answer after {MAX_SENDS} sends")
        return None

    def play(self, stop: threading.Event, busy: list[int], lock: threading.Lock) -> None:
        def send(path, body):
            with lock:
                busy[0] += 1
            try:
                return self.post(path, body)
            finally:
                with lock:
                    busy[0] -= 1

        if send("/api/signin", {"name": self.name}) is None:
            return
        number = int(self.name[1:])
        while not stop.is_set() and not self.lost:
            scenario = CASES[(number + len(self.cases)) % len(CASES)]
            call = ("owning", "stonewalling")[(number + len(self.cases)) % 2]
            answer = send("/api/start", {"scenario": scenario})
            if answer is None:
                return
            case = Case(scenario)
            self.cases.append(case)
            for i, line in enumerate(script(call, scenario), 1):
                time.sleep(self.rng.uniform(*THINK))
                text = f"{line} (ref {self.name}-{len(self.cases)}-{i})"
                answer = send("/api/chat", {"message": text, "key": f"{self.name}-{len(self.cases)}-{i}"})
                if answer is None:
                    return
                case.replies.append(text)
                case.answers.append(" / ".join(m.get("text") or json.dumps(m.get("custom"))[:80]
                                               for m in answer["turn"]["messages"])[:160])
                # A reply that ended the case on a server that died is resent: it gets the same
                # scorecard (RolePlay._answered), not "session gone" or "no call in progress".
                if any((m.get("text") or "").startswith((SESSION_GONE[:40], NO_CALL[:40]))
                       for m in answer["turn"]["messages"]):
                    self.lost.append(f"{text!r} was answered {answer['turn']['messages'][0].get('text')!r}")
                    return
                if any("scorecard" in (m.get("custom") or {}) for m in answer["turn"]["messages"]):
                    case.ended = True
                    break
            if not case.ended:
                case.ended = send("/api/end", {}) is not None


@pytest.fixture(scope="module")
def cluster(postgres_admin_url, tmp_path_factory):
    try:
        find_binary("nginx")
        find_binary("redis-server")
    except Exception as error:
        pg_server.skip_or_fail(error)
    tmp = tmp_path_factory.mktemp("cluster")
    url, schema = pg_server.fresh_database_url(postgres_admin_url)
    slack = FakeSlack(names={}).start(free_port())
    settings = load_settings({**os.environ, "DATABASE_URL": url, "TRACKER_STORE_URL": "", "LOCK_STORE_URL": "",
                              "TRAINEE_SIGN_IN": "name", "INTERNAL_SECRET": "cluster-test", "WEB_SECRET": "cluster-test",
                              "PROXY_HOST": "127.0.0.1", "TRUSTED_PROXIES": "", **slack_env(slack)})
    migrate(settings.database_url)
    front, rasa_front, action_front, rasa_a, rasa_b, action_a, action_b, web_a, web_b, redis = free_ports(10)
    ports = ClusterPorts(front=front, rasa_front=rasa_front, action_front=action_front, rasa=(rasa_a, rasa_b),
                         actions=(action_a, action_b), web=(web_a, web_b), redis=redis)
    logs = PROJECT_ROOT / "results" / "cluster-test"  # kept after the run (CI keeps results/)
    shutil.rmtree(logs, ignore_errors=True)
    running = Cluster(settings, 2, log_dir=logs, ports=ports, run_dir=tmp / "run")
    began = time.monotonic()
    running.start()
    running.timings = {"start_s": round(time.monotonic() - began, 1)}
    running.slack = slack
    yield running
    running.stop()
    slack.stop()
    pg_server.drop_schema(postgres_admin_url, schema)


def kill(cluster: Cluster, name: str) -> None:
    service = cluster.service(name)
    os.killpg(service.process.pid, signal.SIGKILL)
    service.process.wait(10)


def wait_for(condition, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.05)


def test_servers_die_under_load_and_no_turn_is_lost_or_doubled(cluster):
    timings = cluster.timings
    stop, lock, busy = threading.Event(), threading.Lock(), [0]
    trainees = [Trainee(f"t{i:02d}", cluster.url, random.Random(i)) for i in range(TRAINEES)]
    threads = [threading.Thread(target=t.play, args=(stop, busy, lock), daemon=True) for t in trainees]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    time.sleep(8)  # everyone is playing
    for name, settle in (("Rasa server 1", 5.0), ("action server 1", 5.0)):
        wait_for(lambda: busy[0] >= 4, 10)  # mid-turn for some trainees, when it can be
        kill(cluster, name)
        down = time.monotonic()
        time.sleep(3)  # the others carry the load meanwhile
        cluster.restart(name)
        timings[f"{name} down to answering again_s"] = round(time.monotonic() - down, 1)
        time.sleep(settle)
    stop.set()  # each trainee finishes the case in hand
    for thread in threads:
        thread.join(240)
    timings["load_s"] = round(time.monotonic() - began, 1)
    assert not any(thread.is_alive() for thread in threads), "a trainee is still waiting for an answer"

    lost = [f"{t.name}: {problem}" for t in trainees for problem in t.lost]
    assert not lost, f"messages lost: {lost[:5]}"
    store = TranscriptStore(cluster.settings.database_url)
    try:
        stored = store.export_sessions()
    finally:
        store.close()
    by_trainee: dict[str, list[dict[str, Any]]] = {}
    for session in stored:
        by_trainee.setdefault(session["trainee"]["name"], []).append(session)
    for trainee in trainees:
        sessions = by_trainee.get(trainee.name, [])
        # Every case started once (a start sent again finds its session), in the order played.
        assert [s["scenario"] for s in sessions] == [c.scenario for c in trainee.cases], (
            trainee.name, [(s["id"], s["scenario"], s["outcome"], len(s["turns"])) for s in sessions],
            [(c.scenario, len(c.replies), c.ended) for c in trainee.cases])
        for session, case in zip(sessions, trainee.cases, strict=True):
            said = [t["text"] for t in session["turns"] if t["speaker"] == "trainee"]
            # No turn lost, none stored twice, none of anyone else's (each reply names its trainee).
            assert said == case.replies, _where_stored(stored, trainee.name, session["id"], case)
            assert {TAG.search(text)[1] for text in said} <= {trainee.name}
            assert session["conversation_id"] == f"web:{trainee.name}"
            assert case.ended and session["outcome"] is not None, (trainee.name, session["id"])
            # The opening, one answer per reply, and a goodbye when the trainee ended the call.
            speakers = [t["speaker"] for t in session["turns"]]
            assert speakers in (["customer"] + ["trainee", "customer"] * len(said),
                                ["customer"] + ["trainee", "customer"] * len(said) + ["customer"]), speakers

    replies = sum(len(c.replies) for t in trainees for c in t.cases)
    timings.update(trainees=TRAINEES, cases=sum(len(t.cases) for t in trainees), replies=replies,
                   trainee_resends=sum(t.resends for t in trainees), web_resends=_web_resends(cluster))
    print(f"\ncluster fault test: {json.dumps(timings)}")
    assert replies >= TRAINEES * 3, "the load was too light to show anything"


def _where_stored(stored: list[dict[str, Any]], name: str, session_id: int, case: Case) -> str:
    """A failure's message: each reply the trainee was answered with what they were told and which
    stored session, if any, holds it; and what the session holds that the trainee was not answered."""
    holders: dict[str, list[int]] = {}
    for session in stored:
        for turn in session["turns"]:
            if turn["speaker"] == "trainee":
                holders.setdefault(turn["text"], []).append(session["id"])
    lines = [f"{name}, session {session_id}: the replies answered, and the sessions that store each"]
    lines += [f"  {reply[-22:]} -> {holders.get(reply, [])}: {answer!r}"
              for reply, answer in zip(case.replies, case.answers, strict=True)]
    session = next(s for s in stored if s["id"] == session_id)
    extra = [t["text"][-22:] for t in session["turns"] if t["speaker"] == "trainee" and t["text"] not in case.replies]
    lines.append(f"  stored but not answered: {extra}")
    return "\n".join(lines)


def _web_resends(cluster: Cluster) -> int:
    """How often the web processes sent a message to Rasa again (bot/web/app.py RasaClient)."""
    return sum(path.read_text(errors="replace").count(" again (attempt ")
               for path in cluster.log_dir.glob("web-*.log"))


# --- what the processes share through the database (bot/storage/shared.py) ----------------------
def test_a_slack_retry_delivered_to_the_other_server_is_dropped(cluster):
    """Slack re-sends an event whose answer was slow; behind nginx the retry may reach the other
    Rasa server, which must not play the reply again."""
    slack, ports = cluster.slack, cluster.ports
    hooks = [f"http://127.0.0.1:{port}/webhooks/slack/webhook" for port in ports.rasa]
    user, channel = next_id("U"), next_id("D")
    assert send(hooks[0], button_click(user, channel, start_payload("nine-weeks")),
                "application/x-www-form-urlencoded").status == 200
    started = len(slack.wait_for_posts(2, channel))
    body = dm_event(user, "That's not right, and I'll take care of it myself.", channel, next_id("EvCluster"))
    assert send(hooks[0], body, "application/json").status == 200
    assert len(slack.wait_for_posts(started + 1, channel)) == started + 1
    retry = send(hooks[1], body, "application/json",
                 extra_headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"})
    assert retry.status == 200
    time.sleep(3)
    assert len(slack.posts(channel)) == started + 1, "the retry was answered again"
    store = TranscriptStore(cluster.settings.database_url)
    try:
        [session] = [s for s in store.export_sessions() if s["trainee"]["external_id"] == user]
    finally:
        store.close()
    assert [t["speaker"] for t in session["turns"]] == ["customer", "trainee", "customer"]


def test_the_lead_throttle_holds_across_web_processes(cluster):
    """Failed lead sign-ins sent to either web process count for both."""
    store = TranscriptStore(cluster.settings.database_url)
    try:
        UserStore(store).add("Lena Lead", "a-long-lead-password", role="lead")
    finally:
        store.close()
    bases = [f"http://127.0.0.1:{port}" for port in cluster.ports.web]

    def sign_in(base: str, password: str) -> int:
        form = urllib.parse.urlencode({"name": "Lena Lead", "password": password}).encode()
        request = urllib.request.Request(f"{base}/review/signin", form,
                                         {"Content-Type": "application/x-www-form-urlencoded"})
        try:
            with urllib.request.build_opener(_NoRedirect).open(request, timeout=30) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    assert [sign_in(bases[n % 2], "guess") for n in range(MAX_FAILURES)] == [401] * MAX_FAILURES
    assert [sign_in(base, "a-long-lead-password") for base in bases] == [429, 429]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
