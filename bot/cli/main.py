"""`python -m bot ...`: the product's commands.

Every failure a user can cause ends in a one-line message and a non-zero exit, never a
traceback: 2 for bad input or configuration, 1 for something down or failing.
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import time
from collections.abc import Sequence
from dataclasses import replace

from bot.config import ConfigError, get_settings, rasa_environment, redact_url

EXIT_BAD_INPUT = 2
EXIT_FAILED = 1


class CommandError(Exception):
    def __init__(self, message: str, code: int = EXIT_FAILED):
        super().__init__(message)
        self.code = code


def _library(settings):
    from bot.coach.scenarios import ScenarioError, load_scenarios

    try:
        return load_scenarios(settings.scenarios_dir)
    except ScenarioError as error:
        raise CommandError("Scenario files have problems:\n  " + "\n  ".join(error.problems),
                           EXIT_BAD_INPUT) from None


def cmd_scenarios(args) -> int:
    settings = get_settings()
    library = _library(settings)
    if args.action == "check":
        from bot.coach.case_check import check_library, format_report

        report = check_library(library)
        if not report.ok:
            raise CommandError("Scenario files have problems:\n  " + "\n  ".join(report.problems), EXIT_BAD_INPUT)
        print(format_report(report))
    else:
        for scenario in library:
            print(f"{scenario.id}\t{scenario.title}\t{scenario.summary}")
    return 0


def _check_databases(settings) -> None:
    from bot.storage.engine import DatabaseUnavailable, check_database

    try:
        check_database(settings.database_url, settings.db_connect_timeout, "transcript database")
        check_database(settings.tracker_store_url, settings.db_connect_timeout, "tracker store database")
    except DatabaseUnavailable as error:
        raise CommandError(str(error)) from None


def _migrate(settings) -> None:
    from bot.storage import DatabaseUnavailable, migrate

    try:
        migrate(settings.database_url, connect_timeout=settings.db_connect_timeout)
    except DatabaseUnavailable as error:
        raise CommandError(str(error)) from None


def cmd_check_db(args) -> int:
    settings = get_settings()
    _check_databases(settings)
    print(f"Database reachable: {redact_url(settings.database_url)}")
    print(f"Tracker store reachable: {redact_url(settings.tracker_store_url)}")
    return 0


def cmd_train(args) -> int:
    from bot.ops.training import model_path, train

    settings = get_settings()
    started = time.monotonic()
    try:
        trained = train(settings, force=args.force)
    except RuntimeError as error:
        raise CommandError(str(error)) from None
    if trained:
        print(f"Trained {model_path(settings)} in {time.monotonic() - started:.1f} s")
    else:
        print(f"Model is up to date: {model_path(settings)}")
    return 0


def cmd_rasa(args) -> int:
    """Run `rasa` with the variables endpoints.yml needs, derived from .env."""
    from bot.ops.training import rasa_command

    settings = get_settings()
    env = {**os.environ, **rasa_environment(settings)}
    os.chdir(settings.root)
    command = rasa_command(*args.rasa_args)
    os.execve(command[0], command, env)
    return 0  # not reached


def _accounts_hint(settings) -> str:
    """How many accounts there are, or the one command that makes the first."""
    from bot.storage.store import TranscriptStore
    from bot.storage.users import UserStore

    first = ".venv/bin/python -m bot users add --role lead NAME"
    try:
        store = TranscriptStore(settings.database_url, connect_timeout=settings.db_connect_timeout)
        try:
            count = len(UserStore(store).list())
        finally:
            store.close()
    except Exception:  # noqa: BLE001 - only a hint; the servers are up either way
        return f"make one with {first}"
    if not count:
        return f"none yet, make yours with {first}"
    return f"{count} account{'s' * (count != 1)}; trainees: users add|invite|import, see README"


def cmd_run(args) -> int:
    from bot.ops.launcher import Stack, StartError
    from bot.ops.training import train
    from bot.web.settings import web_settings

    settings = get_settings()
    replicas = None if args.replicas is None else (args.replicas or settings.cluster_replicas)
    web_settings(settings)  # a sign-in set-up the web process would refuse: said now, nothing started
    cluster = _cluster(settings, replicas) if replicas is not None else None
    library = _library(settings)
    print(f"Scenarios: {', '.join(library.ids())}")
    _check_databases(settings)
    _migrate(settings)
    print(f"Database: {redact_url(settings.database_url)} (tables up to date)")
    try:
        if train(settings):
            print("Model trained.")
        else:
            print("Model is up to date.")
    except RuntimeError as error:
        raise CommandError(str(error)) from None
    stack = cluster or Stack(settings, log_dir=settings.var_dir / "logs")
    stopping = {"flag": False}

    def _stop(signum, frame):
        stopping["flag"] = True

    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    if cluster is None:
        print("Starting the action server, the Rasa server and the web process (logs in var/logs/) ...",
              flush=True)
    else:
        print(f"Starting Redis, {replicas} action servers, {replicas} Rasa servers, {replicas} web processes "
              "and nginx (logs in var/logs/, configuration in var/cluster/) ...", flush=True)
    try:
        stack.start()
    except StartError as error:
        raise CommandError(str(error)) from None
    web_url = settings.web_url if cluster is None else cluster.url
    if settings.trainee_sign_in == "password":
        print(f"Trainee chat:   {web_url}/  (sign in with an account: {_accounts_hint(settings)})")
    else:
        print(f"Trainee chat:   {web_url}/  (sign in with a name: TRAINEE_SIGN_IN=name)")
    print(f"Review pages:   {web_url}/review  (lead accounts)")
    if cluster is None:
        print(f"Rasa server:    {settings.rasa_url}  (REST: POST {settings.rasa_url}/webhooks/rest/webhook "
              "with the X-Coach-Secret header, see README)")
        print(f"Action server:  http://{settings.action_host}:{settings.action_port}/health")
    else:
        ports = cluster.ports
        print(f"Rasa servers:   127.0.0.1:{', '.join(map(str, ports.rasa))}  (through nginx: 127.0.0.1:{ports.rasa_front})")
        print(f"Action servers: 127.0.0.1:{', '.join(map(str, ports.actions))}  "
              f"(through nginx: 127.0.0.1:{ports.action_front})")
        print(f"Web processes:  127.0.0.1:{', '.join(map(str, ports.web))}  (through nginx: {web_url})")
        print(f"Lock store:     {redact_url(cluster.redis_url)}")
    print("Ready. Press Ctrl-C to stop.", flush=True)
    try:
        while not stopping["flag"]:
            # A cluster starts a stopped replica again; one server alone has nothing to fall back on.
            dead = stack.first_exited() if cluster is None else cluster.supervise()
            if dead is not None:
                stack.stop()
                raise CommandError(f"{dead.name} stopped unexpectedly (exit {dead.exited()}); "
                                   f"see {dead.log_path}")
            time.sleep(0.5)
    finally:
        stack.stop()
    print("Stopped.")
    return 0


def _cluster(settings, replicas: int):
    """The cluster for `run --replicas N`, or a one-line message on what is missing (checked
    before anything is migrated, trained or started)."""
    from bot.ops.cluster import Cluster, ClusterError, require_postgresql
    from bot.web.settings import web_settings

    try:
        require_postgresql(settings)
        # The front door is nginx on PROXY_HOST: name-only sign-in is refused there as on RASA_HOST.
        web_settings(replace(settings, rasa_host=settings.proxy_host))
        return Cluster(settings, replicas)
    except ClusterError as error:
        raise CommandError(str(error), EXIT_BAD_INPUT) from None


def cmd_score(args) -> int:
    from bot.ops.score_pool import PoolError, score_in_pool
    from bot.ops.training import model_path

    settings = get_settings()
    library = _library(settings)
    scenario = library.get(args.scenario)
    if scenario is None:
        raise CommandError(f"Unknown scenario {args.scenario!r}; choose one of: {', '.join(library.ids())}",
                           EXIT_BAD_INPUT)
    if args.jobs < 1:  # what was typed is checked before what is installed
        raise CommandError("--jobs must be 1 or more", EXIT_BAD_INPUT)
    model = model_path(settings)
    if not model.exists():
        raise CommandError(f"No trained model at {model}; run `make train` (or `make run`) first.")
    began = time.perf_counter()
    clock = {"loaded": began}
    replies = 0
    if args.jobs == 1:
        results = _score_stream(sys.stdin, model, scenario, clock)
    else:  # all of stdin first: the replies are shared out among the workers
        texts = [line.strip() for line in sys.stdin if line.strip()]
        results = score_in_pool(texts, model, settings.scenarios_dir, scenario.id, args.jobs,
                                loaded=lambda: clock.update(loaded=time.perf_counter()))
    try:
        for out in results:
            print(json.dumps(out, ensure_ascii=False), flush=not args.stats)
            replies += 1
    except PoolError as error:
        raise CommandError(str(error)) from None
    if args.stats:  # for the benchmark: throughput without the model load
        seconds = time.perf_counter() - clock["loaded"]
        print(json.dumps({"replies": replies, "jobs": args.jobs, "load_s": round(clock["loaded"] - began, 3),
                          "seconds": round(seconds, 3),
                          "replies_per_s": round(replies / seconds, 1) if seconds else None}),
              file=sys.stderr)
    return 0


def _score_stream(lines, model, scenario, clock):
    """Score each line as it arrives (one process), so `score` can sit at the end of a pipe."""
    from bot.ops.score_pool import score_line
    from rasa_adapters.nlu import NluParser

    parser = NluParser(model)
    clock["loaded"] = time.perf_counter()
    try:
        for line in lines:
            text = line.strip()
            if not text:
                continue
            yield score_line(text, parser.parse(text), scenario)
    finally:
        parser.close()


def build_parser() -> argparse.ArgumentParser:
    from bot.cli.storage import OneLineParser, add_commands  # usage errors: one line, exit 2

    parser = OneLineParser(prog="python -m bot", description="Call-centre coaching bot.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=OneLineParser)

    run = commands.add_parser("run", help="check, train if stale, start every process")
    run.add_argument("--replicas", type=int, nargs="?", const=0, metavar="N",
                     help="several servers behind nginx (make run-cluster): N Rasa servers, action servers "
                          "and web processes, a Redis lock store; N defaults to CLUSTER_REPLICAS; needs "
                          "PostgreSQL (docs/deploy.md)")
    run.set_defaults(func=cmd_run)

    train = commands.add_parser("train", help="train the model if its inputs changed")
    train.add_argument("--force", action="store_true", help="train even when up to date")
    train.set_defaults(func=cmd_train)

    rasa = commands.add_parser("rasa", help="run rasa with the settings from .env")
    rasa.add_argument("rasa_args", nargs=argparse.REMAINDER)
    rasa.set_defaults(func=cmd_rasa)

    scenarios = commands.add_parser("scenarios", help="check or list the scenario files")
    scenarios.add_argument("action", choices=["check", "list"])
    scenarios.set_defaults(func=cmd_scenarios)

    check_db = commands.add_parser("check-db", help="check that the databases are reachable")
    check_db.set_defaults(func=cmd_check_db)

    score = commands.add_parser("score", help="score replies read from stdin, one per line")
    score.add_argument("--scenario", required=True, help="scenario id")
    score.add_argument("--jobs", type=int, default=1,
                       help="score on N processes (reads all of stdin first; output keeps its order)")
    score.add_argument("--stats", action="store_true",
                       help="print replies per second (model load excluded) to stderr at the end")
    score.set_defaults(func=cmd_score)

    add_commands(commands)  # sessions list|show|export|purge, db upgrade|check
    from bot.cli.users import add_commands as add_user_commands

    add_user_commands(commands)  # users add|list|passwd|remove
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except ConfigError as error:
        print(f"Configuration error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except CommandError as error:
        print(f"Error: {error}", file=sys.stderr)
        return error.code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
