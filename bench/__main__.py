"""`python -m bench [--short]`: the benchmark behind `make bench` (docs/performance.md).

Starts the real stack on loopback (action server, Rasa server, web process; SQLite in a
scratch folder) and a bare Rasa baseline trained here, plays scripted role-plays from
simulated trainees at 1, 10 and 20 at once, and prints one table: turn latency through REST
(ours and bare, side by side, interleaved per level) and through the web process, cold
training, model load, `make run` start-up, scorer throughput, resident memory and database
growth. Writes the figures to results/bench-<mode>.json. Every loop is bounded; only
loopback is touched. Exit 1 when a request failed or a step broke, never for a missed
target (those are reported).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import yaml

from bench import bare
from bench.procs import environment, file_size_kib, model_load_seconds, rss_mib, timed
from bench.trainees import Load, RestTrainee, WebTrainee, run_load, summary
from bot.config import PROJECT_ROOT, load_settings
from bot.ops.launcher import Service, Stack, free_port, free_ports, wait_until_healthy
from bot.ops.training import model_path, rasa_command

REPLIES = Path(__file__).with_name("replies.yml")
SEED = 2026
SINGLE_TRAINEE_FACTOR = 3


@dataclass(frozen=True)
class Mode:
    name: str
    levels: tuple
    seconds: float
    think: tuple
    scorer_replies: int
    cold_train_ours: bool
    long_call_replies: int = 300
    capacity_levels: tuple = ()
    capacity_seconds: float = 0.0


# A training floor: trainees at a realistic pace, 8-20 s between the customer's answer and the
# next reply, through the web process as the chat page sends them.
CAPACITY_THINK = (8.0, 20.0)
CAPACITY_P95_MS = 500.0
FULL = Mode("full", (1, 10, 20), 40.0, (2.0, 6.0), 2000, True, 300, (50, 100, 200), 90.0)
# CI: a few seconds of load so the bench cannot rot; our model is the one `make test` trained.
SHORT = Mode("short", (1, 10, 20), 8.0, (1.0, 3.0), 300, False, 100, (50,), 30.0)
# The long call: one trainee, one reply that owns the problem without meeting a need (the
# customer stays), sent back to back; windows of 10 replies compared by their median.
LONG_CALL_REPLY = "I'll email you the full order history myself by four today."
LONG_CALL_WINDOW = 10

# The targets. name: (figure path, comparison, limit, unit)
TARGETS = {
    "REST p50 ours / bare at 1 trainee": ("ratio_rest_p50_1", "<=", 1.25, "x"),
    "REST p95 at 20 trainees": ("latency.20.ours_rest.p95_ms", "<=", 300.0, "ms"),
    "cold rasa train": ("train.ours_cold_s", "<=", 60.0, "s"),
    "long call: reply 60 / reply 2 (p50 of 10)": ("long_call.ratio_60_to_2", "<=", 1.2, "x"),
    "trainees held at web p95 <= 500 ms, no error": ("capacity.held", ">=", 200, "trainees"),
    "scorer throughput": ("scorer.replies_per_s", ">=", 200.0, "replies/s"),
    "all processes resident": ("memory.total_mib", "<=", 2560.0, "MiB"),
}


def highest_level_held(levels: dict[str, dict[str, Any]], p95_limit_ms: float) -> int:
    """The most trainees such that that level and every smaller one had turns, no error and a
    p95 within the limit (0 if the smallest failed)."""
    held = 0
    for level, figures in sorted(levels.items(), key=lambda item: int(item[0])):
        if not figures.get("turns") or figures.get("errors") or figures.get("p95_ms") is None \
                or figures["p95_ms"] > p95_limit_ms:
            break
        held = int(level)
    return held


def lookup(figures: dict[str, Any], path: str) -> Any:
    value: Any = figures
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def checks(figures: dict[str, Any]) -> list[dict[str, Any]]:
    """Each target with the measured value and whether it is met (None: not measured)."""
    out = []
    for name, (path, op, limit, unit) in TARGETS.items():
        value = lookup(figures, path)
        met = None if value is None else (value <= limit if op == "<=" else value >= limit)
        out.append({"target": name, "value": value, "limit": f"{op} {limit:g} {unit}", "met": met})
    return out


class Bench:
    def __init__(self, mode: Mode, scratch: Path, out_dir: Path, log: Callable[[str], None] = print):
        self.mode = mode
        self.scratch = scratch
        self.out_dir = out_dir
        self.log = log
        self.scripts = yaml.safe_load(REPLIES.read_text())
        self.figures: dict[str, Any] = {
            "mode": mode.name, "when": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                        "platform": platform.platform()},
            "load": {"levels": list(mode.levels), "seconds_per_level": mode.seconds,
                     "seconds_at_1_trainee": mode.seconds * SINGLE_TRAINEE_FACTOR,
                     "think_s": list(mode.think)},
        }
        self.failures: list[str] = []

    # --- settings and environment -------------------------------------------------------------
    def settings(self):
        data = self.scratch / "ours"
        data.mkdir(parents=True, exist_ok=True)
        rasa_port, action_port, web_port = free_ports(3)
        env = environment({
            "RASA_HOST": "127.0.0.1", "RASA_PORT": str(rasa_port), "ACTION_PORT": str(action_port),
            "WEB_PORT": str(web_port), "DATABASE_URL": f"sqlite:///{data / 'coach.db'}",
            "TRACKER_STORE_URL": f"sqlite:///{data / 'tracker.db'}", "TEAM_ACCESS_CODE": "",
            "WEB_SECRET": "bench-secret", "SHOW_LIVE_SCORES": "true",
            "TRAINEE_SIGN_IN": "name",  # scripted trainees, loopback only
        })
        return load_settings(env), env

    # --- steps -----------------------------------------------------------------------------------
    def train(self) -> None:
        cache = self.scratch / "rasa-cache"
        shutil.rmtree(cache, ignore_errors=True)
        env = environment({"RASA_CACHE_DIRECTORY": str(cache)})
        train = self.figures.setdefault("train", {})
        if self.mode.cold_train_ours:
            self.log("Cold training of our model (empty Rasa cache) ...")
            models = self.scratch / "ours-models"
            train["ours_cold_s"] = round(timed(
                [sys.executable, "-m", "bot", "train", "--force"], PROJECT_ROOT,
                {**env, "MODELS_DIR": str(models)}, self.scratch / "logs" / "train-ours.log", 900), 1)
            self.log(f"  {train['ours_cold_s']} s")
        shutil.rmtree(cache, ignore_errors=True)
        self.log("Cold training of the bare Rasa baseline ...")
        project = bare.write_project(PROJECT_ROOT, self.scratch / "bare")
        train["bare_cold_s"] = round(timed(
            rasa_command("train", "--fixed-model-name", "bare", "--out", "models"), project, env,
            self.scratch / "logs" / "train-bare.log", 900), 1)
        self.log(f"  {train['bare_cold_s']} s")

    def model_load(self, ours_model: Path) -> None:
        self.log("Model load (Agent.load and a first parse, in a fresh process) ...")
        env = environment({})
        self.figures["model_load_s"] = {
            "ours": round(model_load_seconds(ours_model, PROJECT_ROOT, env), 2),
            "bare": round(model_load_seconds(self.scratch / "bare" / "models" / "bare.tar.gz",
                                             self.scratch / "bare", env), 2),
        }
        self.log(f"  {self.figures['model_load_s']}")

    def startup(self) -> None:
        """`make run` from the command to its "Ready." line (every health check passed)."""
        self.log("Start-up of `make run` until every health check passes ...")
        _, env = self.settings()
        log = self.scratch / "logs" / "make-run.log"
        began = time.perf_counter()
        with open(log, "wb") as out:
            proc = subprocess.Popen(["make", "-s", "run"], cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE,
                                    stderr=out, start_new_session=True)
            ready = None
            try:
                deadline = time.monotonic() + 600
                for line in iter(proc.stdout.readline, b""):
                    out.write(line)
                    if line.startswith(b"Ready."):
                        ready = time.perf_counter() - began
                        break
                    if time.monotonic() > deadline:
                        break
            finally:
                os.killpg(proc.pid, signal.SIGINT)
                try:
                    proc.wait(timeout=60)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait()
        if ready is None:
            self.failures.append(f"make run did not print Ready.; see {log}")
        else:
            self.figures["startup_make_run_s"] = round(ready, 1)
            self.log(f"  {ready:.1f} s")

    def latency(self) -> None:
        settings, env = self.settings()
        from bot.storage import migrate

        migrate(settings.database_url)
        stack = Stack(settings, log_dir=self.scratch / "logs", with_web=True)
        bare_port = free_port()
        bare_rasa = Service("bare Rasa", rasa_command(
            "run", "--model", "models/bare.tar.gz", "--credentials", "credentials.yml",
            "--port", str(bare_port), "--interface", "127.0.0.1"),
            f"http://127.0.0.1:{bare_port}/", self.scratch / "logs" / "bare-rasa.log")
        self.log("Starting our stack and the bare Rasa server ...")
        try:
            stack.start()
            bare_rasa.start(self.scratch / "bare", environment({}))
            wait_until_healthy([bare_rasa], 300)
            bare_url = f"http://127.0.0.1:{bare_port}"
            targets = {
                "ours_rest": lambda i, rng: RestTrainee(f"bench-rest-{i}", self.scripts, rng, settings.rasa_url,
                                                        secret=settings.internal_secret),
                "bare_rest": lambda i, rng: RestTrainee(f"bench-bare-{i}", self.scripts, rng, bare_url,
                                                        new_session_per_case=True),
                "ours_web": lambda i, rng: WebTrainee(f"bench-web-{i}", self.scripts, rng, settings.web_url),
            }
            self.log("Warm-up ...")
            for make in targets.values():
                run_load(make, Load(1, 2.0, (0.0, 0.0)), SEED)
            results: dict[str, dict[str, Any]] = {}
            for level in self.mode.levels:
                # One trainee gives few turns in a level's time; the headline ratio needs more.
                seconds = self.mode.seconds * (SINGLE_TRAINEE_FACTOR if level == 1 else 1)
                load = Load(level, seconds, self.mode.think)
                for name, make in targets.items():  # interleaved: the machine is the same for all
                    self.log(f"{level:>3} trainees, {name:<9} for {load.seconds:.0f} s ...")
                    figures = summary(run_load(make, load, SEED + level))
                    results.setdefault(str(level), {})[name] = figures
                    self.log(f"      p50 {figures['p50_ms']} ms, p95 {figures['p95_ms']} ms, "
                             f"{figures['turns']} turns, {figures['errors']} errors")
                    if figures["errors"]:
                        self.failures.append(f"{name} at {level}: {figures['first_errors']}")
                    if not figures["turns"]:
                        self.failures.append(f"{name} at {level}: no turn measured")
            self.figures["latency"] = results
            ours, base = results["1"]["ours_rest"]["p50_ms"], results["1"]["bare_rest"]["p50_ms"]
            if ours and base:
                self.figures["ratio_rest_p50_1"] = round(ours / base, 2)
            self.figures["ratio_rest_p50"] = {
                level: round(r["ours_rest"]["p50_ms"] / r["bare_rest"]["p50_ms"], 2)
                for level, r in results.items() if r["ours_rest"]["p50_ms"] and r["bare_rest"]["p50_ms"]}
            memory = {svc.name: rss_mib(svc.process.pid) for svc in stack.services}
            memory["total_mib"] = round(sum(memory.values()), 1)
            memory["bare Rasa (not in the total)"] = rss_mib(bare_rasa.process.pid)
            self.figures["memory"] = memory
            self.long_call(settings)
            self.capacity(settings)
            self.database_growth(settings)
        finally:
            bare_rasa.stop()
            stack.stop()

    def long_call(self, settings) -> None:
        """One call of `long_call_replies` replies over our REST channel: does a reply late in a
        long call cost what an early one does? (The customer state is bounded; Rasa's tracker
        store still loads the conversation's events on every turn.)"""
        replies = self.mode.long_call_replies
        self.log(f"Long call: {replies} replies in one case, back to back ...")
        trainee = RestTrainee("bench-long-call", self.scripts, random.Random(SEED), settings.rasa_url,
                              secret=settings.internal_secret)
        trainee.start("nine-weeks")
        times: list[float] = []
        for number in range(1, replies + 1):
            started = time.perf_counter()
            answer = trainee.reply(LONG_CALL_REPLY)
            times.append((time.perf_counter() - started) * 1000)
            custom = [m.get("custom") or {} for m in answer]
            if not answer or any("scorecard" in c for c in custom):
                self.failures.append(f"long call: the call ended or went silent at reply {number}")
                return
        trainee.end()

        def window(first: int) -> float:  # replies first .. first+9 (1-based)
            return round(statistics.median(times[first - 1:first - 1 + LONG_CALL_WINDOW]), 1)

        late = min(60, replies - LONG_CALL_WINDOW + 1)
        figures = {"replies": replies, "p50_ms_replies_2_11": window(2), "p50_ms_replies_60_69": window(late),
                   f"p50_ms_last_{LONG_CALL_WINDOW}": window(replies - LONG_CALL_WINDOW + 1)}
        figures["ratio_60_to_2"] = round(figures["p50_ms_replies_60_69"] / figures["p50_ms_replies_2_11"], 2)
        figures["ratio_last_to_2"] = round(figures[f"p50_ms_last_{LONG_CALL_WINDOW}"] / figures["p50_ms_replies_2_11"], 2)
        self.figures["long_call"] = figures
        self.log(f"  {figures}")

    def capacity(self, settings) -> None:
        """A whole training floor on one machine: 50, 100 and 200 trainees at a typing pace,
        through the web process; the highest level whose p95 holds CAPACITY_P95_MS with no error.
        Errors here are measured, not bench failures: finding the limit is the point."""
        levels: dict[str, Any] = {}
        for level in self.mode.capacity_levels:
            load = Load(level, self.mode.capacity_seconds, CAPACITY_THINK, staggered=True)
            self.log(f"Capacity: {level} trainees through the web process for {load.seconds:.0f} s, "
                     f"think {CAPACITY_THINK[0]:g}-{CAPACITY_THINK[1]:g} s ...")
            figures = summary(run_load(lambda i, rng, level=level: WebTrainee(
                f"bench-floor-{level}-{i}", self.scripts, rng, settings.web_url), load, SEED + 7 * level))
            figures["turns_per_s"] = round(figures["turns"] / load.seconds, 1)
            levels[str(level)] = figures
            self.log(f"      p50 {figures['p50_ms']} ms, p95 {figures['p95_ms']} ms, p99 {figures['p99_ms']} ms, "
                     f"{figures['turns']} turns, {figures['errors']} errors")
        self.figures["capacity"] = {"think_s": list(CAPACITY_THINK), "seconds_per_level": self.mode.capacity_seconds,
                                    "p95_limit_ms": CAPACITY_P95_MS, "levels": levels,
                                    "held": highest_level_held(levels, CAPACITY_P95_MS)}

    def database_growth(self, settings) -> None:
        from sqlalchemy import create_engine, func, select

        from bot.storage.models import sessions

        engine = create_engine(settings.database_url, future=True)
        with engine.connect() as conn:
            count = conn.execute(select(func.count()).select_from(sessions)).scalar_one()
        engine.dispose()
        path = lambda url: Path(url[len("sqlite:///"):])  # noqa: E731 - the bench uses SQLite
        transcripts, tracker = file_size_kib(path(settings.database_url)), file_size_kib(path(settings.tracker_store_url))
        self.figures["database"] = {
            "sessions": count, "transcripts_kib": transcripts, "tracker_kib": tracker,
            "transcripts_kib_per_100_sessions": round(transcripts * 100 / count, 1) if count else None,
            "tracker_kib_per_100_sessions": round(tracker * 100 / count, 1) if count else None,
        }

    def scorer(self, model: Path) -> None:
        """`python -m bot score` on one process (full mode) and on one per CPU (the target)."""
        lines = [line for script in self.scripts.values() for line in script]
        replies = "\n".join(lines[i % len(lines)] for i in range(self.mode.scorer_replies)) + "\n"
        env = environment({"MODELS_DIR": str(model.parent)})
        cpus = os.cpu_count() or 1
        by_jobs: dict[str, Any] = {}
        for jobs in sorted({1, cpus} if self.mode.cold_train_ours else {cpus}):
            self.log(f"Scorer: {self.mode.scorer_replies} replies through `python -m bot score --jobs {jobs}` ...")
            result = subprocess.run([sys.executable, "-m", "bot", "score", "--scenario", "nine-weeks", "--stats",
                                     "--jobs", str(jobs)], input=replies, cwd=PROJECT_ROOT, env=env,
                                    capture_output=True, text=True, timeout=900)
            # Rasa may put a colour code before it: take the JSON from its first brace.
            stats = [line[line.index('{"replies"'):] for line in result.stderr.splitlines() if '{"replies"' in line]
            if result.returncode != 0 or not stats:
                self.failures.append(f"the scorer failed: {result.stderr.strip().splitlines()[-1:]}")
                return
            by_jobs[str(jobs)] = json.loads(stats[-1])
            self.log(f"  {by_jobs[str(jobs)]}")
        self.figures["scorer_by_jobs"] = by_jobs
        self.figures["scorer"] = by_jobs[str(cpus)]

    def run(self) -> int:
        ours_model = model_path(load_settings())
        if not ours_model.exists():
            self.log(f"No trained model at {ours_model}: run `make train` first (make bench does).")
            return 1
        steps = [self.train, lambda: self.model_load(ours_model), self.startup, self.latency,
                 lambda: self.scorer(ours_model)]
        for step in steps:
            try:
                step()
            except Exception as error:  # one broken step is reported; the others still run
                self.failures.append(f"{type(error).__name__}: {error}")
                self.log(f"  failed: {error}")
        self.figures["targets"] = checks(self.figures)
        self.figures["failures"] = self.failures
        self.out_dir.mkdir(parents=True, exist_ok=True)
        out = self.out_dir / f"bench-{self.mode.name}.json"
        out.write_text(json.dumps(self.figures, indent=2) + "\n")
        self.log(table(self.figures))
        self.log(f"Figures: {out}")
        return 1 if self.failures else 0


def _fmt(value: Any, unit: str = "") -> str:
    return "-" if value is None else f"{value}{unit}"


def _long_call_row(c: dict[str, Any]) -> str:
    return (f"long call ({_fmt(c.get('replies'))} replies): p50 of replies 2-11 {_fmt(c.get('p50_ms_replies_2_11'), ' ms')}, "
            f"60-69 {_fmt(c.get('p50_ms_replies_60_69'), ' ms')}, last 10 {_fmt(c.get('p50_ms_last_10'), ' ms')} "
            f"({_fmt(c.get('ratio_60_to_2'), 'x')} and {_fmt(c.get('ratio_last_to_2'), 'x')} of the first)")


def _capacity_row(c: dict[str, Any]) -> str:
    cells = [f"{level}: {v.get('p50_ms')}/{v.get('p95_ms')}/{v.get('p99_ms')} ms, {v.get('turns_per_s')} turns/s, "
             f"{v.get('errors')} errors" for level, v in (c.get("levels") or {}).items()]
    return (f"training floor (web, think {'-'.join(f'{t:g}' for t in c.get('think_s', []))} s, p50/p95/p99): "
            + ("; ".join(cells) or "-") + f"; held at p95 <= {_fmt(c.get('p95_limit_ms'), ' ms')}: "
            f"{_fmt(c.get('held'))} trainees")


def table(f: dict[str, Any]) -> str:
    rows = [f"\nBenchmark ({f['mode']}: {f['load']['seconds_per_level']:g} s per level "
            f"({f['load'].get('seconds_at_1_trainee', '-')} s at 1 trainee), think "
            f"{f['load']['think_s'][0]:g}-{f['load']['think_s'][1]:g} s, {f['machine']['cpus']} CPUs)",
            f"{'trainees':>8} | {'ours REST p50/p95/p99 ms':>26} | {'bare REST p50/p95/p99 ms':>26} | "
            f"{'ratio p50':>9} | {'ours web p50/p95/p99 ms':>25}"]
    for level, r in (f.get("latency") or {}).items():
        cell = lambda s: "/".join(_fmt(s.get(k)) for k in ("p50_ms", "p95_ms", "p99_ms"))  # noqa: E731
        ours, base, web = (cell(r.get(name) or {}) for name in ("ours_rest", "bare_rest", "ours_web"))
        rows.append(f"{level:>8} | {ours:>26} | {base:>26} | "
                    f"{_fmt((f.get('ratio_rest_p50') or {}).get(level), 'x'):>9} | {web:>25}")
    train, load = f.get("train", {}), f.get("model_load_s", {})
    rows += [
        f"cold train: ours {_fmt(train.get('ours_cold_s'), ' s')}, bare {_fmt(train.get('bare_cold_s'), ' s')}; "
        f"model load: ours {_fmt(load.get('ours'), ' s')}, bare {_fmt(load.get('bare'), ' s')}; "
        f"make run start-up {_fmt(f.get('startup_make_run_s'), ' s')}",
        f"scorer: {_fmt((f.get('scorer') or {}).get('replies_per_s'), ' replies/s')} "
        f"(model load {_fmt((f.get('scorer') or {}).get('load_s'), ' s')} excluded)",
        "memory (MiB): " + ", ".join(f"{k} {v}" for k, v in (f.get("memory") or {}).items()),
        _long_call_row(f.get("long_call") or {}),
        _capacity_row(f.get("capacity") or {}),
        "database per 100 sessions (KiB): transcripts "
        f"{_fmt((f.get('database') or {}).get('transcripts_kib_per_100_sessions'))}, Rasa tracker "
        f"{_fmt((f.get('database') or {}).get('tracker_kib_per_100_sessions'))}",
        "targets:",
    ]
    for check in f.get("targets", []):
        verdict = {True: "met", False: "MISSED", None: "not measured"}[check["met"]]
        rows.append(f"  {check['target']:<36} {_fmt(check['value']):>10}  ({check['limit']})  {verdict}")
    for failure in f.get("failures", []):
        rows.append(f"FAILED: {failure}")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--short", action="store_true", help="a few seconds of load per level (CI)")
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "results", help="where the JSON goes")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder (logs, databases)")
    args = parser.parse_args(argv)
    scratch = Path(tempfile.mkdtemp(prefix="coach-bench-"))
    try:
        return Bench(SHORT if args.short else FULL, scratch, args.out).run()
    except KeyboardInterrupt:
        return 130
    finally:
        if args.keep:
            print(f"Scratch kept: {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
