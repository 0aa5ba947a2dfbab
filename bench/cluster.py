"""The cluster against one server at the same load (issue 19): `make bench-cluster`.

One run, side by side on this machine: the same training floor (N simulated trainees through the
web, thinking 8–20 s between replies, as `make bench`'s capacity step) first against one stack as
`make run` starts it, then against `make run-cluster`'s layout (R Rasa servers, R action servers,
R web processes behind nginx, a Redis lock store). Both on PostgreSQL, each on a fresh schema of
a throwaway server (tests/pg_server.py), so the only difference is the layout. Prints p50/p95/p99,
turns per second and errors for each, and writes results/bench-cluster.json.

On one machine the cluster shares the same cores: it shows what the layout costs or gains here
(nginx, a lock in Redis, more processes), not what more machines would give (docs/deploy.md).
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import yaml

from bench.__main__ import CAPACITY_THINK, REPLIES, SEED
from bench.procs import environment
from bench.trainees import Load, WebTrainee, run_load, summary
from bot.config import PROJECT_ROOT, load_settings
from bot.ops.cluster import Cluster
from bot.ops.launcher import Stack, free_ports
from bot.storage import migrate
from tests import pg_server


def settings_for(database_url: str, secret: str):
    rasa_port, action_port, web_port = free_ports(3)
    return load_settings(environment({
        "RASA_HOST": "127.0.0.1", "RASA_PORT": str(rasa_port), "ACTION_PORT": str(action_port),
        "WEB_PORT": str(web_port), "DATABASE_URL": database_url, "TRACKER_STORE_URL": "",
        "LOCK_STORE_URL": "", "TEAM_ACCESS_CODE": "", "WEB_SECRET": secret, "INTERNAL_SECRET": secret,
        "SHOW_LIVE_SCORES": "true", "TRAINEE_SIGN_IN": "name", "PROXY_HOST": "127.0.0.1",
    }))


def floor(url: str, trainees: int, seconds: float, scripts: dict, label: str) -> dict[str, Any]:
    load = Load(trainees, seconds, CAPACITY_THINK, staggered=True)
    figures = summary(run_load(lambda i, rng: WebTrainee(f"bench-{label}-{i}", scripts, rng, url),
                               load, SEED + trainees))
    figures["turns_per_s"] = round(figures["turns"] / seconds, 1)
    return figures


def measure(name: str, start: Callable[[Any], Any], url_of: Callable[[Any], str], admin_url: str,
            trainees: int, seconds: float, scripts: dict, log: Callable[[str], None]) -> dict[str, Any]:
    url, schema = pg_server.fresh_database_url(admin_url)
    running = None
    try:
        settings = settings_for(url, f"bench-{name}")
        migrate(settings.database_url)
        began = time.monotonic()
        running = start(settings)
        up = round(time.monotonic() - began, 1)
        log(f"{name}: up in {up} s; {trainees} trainees for {seconds:.0f} s ...")
        figures = floor(url_of(running), trainees, seconds, scripts, name)
        figures["start_s"] = up
        log(f"  p50 {figures['p50_ms']} ms, p95 {figures['p95_ms']} ms, p99 {figures['p99_ms']} ms, "
            f"{figures['turns_per_s']} turns/s, {figures['errors']} errors")
        return figures
    finally:
        if running is not None:
            running.stop()
        pg_server.drop_schema(admin_url, schema)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.cluster", description=__doc__.splitlines()[0])
    parser.add_argument("--trainees", type=int, default=100, help="trainees at once (default 100)")
    parser.add_argument("--seconds", type=float, default=90.0, help="seconds of load for each layout")
    parser.add_argument("--replicas", type=int, default=2, help="servers of each kind in the cluster")
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "results", help="where the JSON goes")
    args = parser.parse_args(argv)
    scripts = yaml.safe_load(REPLIES.read_text())
    scratch = Path(tempfile.mkdtemp(prefix="coach-bench-cluster-"))
    try:
        admin_url = pg_server.acquire()
    except Exception as error:  # no PostgreSQL binaries: say what is missing
        print(f"bench-cluster needs PostgreSQL (apt-get install postgresql): {error}", file=sys.stderr)
        return 2
    try:
        one = measure("one server", lambda s: _started(Stack(s, log_dir=scratch / "one", with_web=True)),
                      lambda stack: stack.settings.web_url, admin_url, args.trainees, args.seconds, scripts, print)
        cluster = measure(f"{args.replicas} of each behind nginx",
                          lambda s: _started(Cluster(s, args.replicas, log_dir=scratch / "cluster",
                                                     run_dir=scratch / "run")),
                          lambda c: c.url, admin_url, args.trainees, args.seconds, scripts, print)
    finally:
        pg_server.release()
        shutil.rmtree(scratch, ignore_errors=True)
    figures = {"when": datetime.now(timezone.utc).isoformat(timespec="seconds"), "trainees": args.trainees,
               "seconds": args.seconds, "think_s": list(CAPACITY_THINK), "replicas": args.replicas,
               "one": one, "cluster": cluster}
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "bench-cluster.json").write_text(json.dumps(figures, indent=2))
    print(f"\n{args.trainees} trainees, think {CAPACITY_THINK[0]:g}-{CAPACITY_THINK[1]:g} s, "
          f"{args.seconds:.0f} s each (p50/p95/p99 ms, turns/s, errors):")
    for label, f in (("one server", one), (f"cluster ({args.replicas} of each)", cluster)):
        print(f"  {label:<22} {f['p50_ms']}/{f['p95_ms']}/{f['p99_ms']}  {f['turns_per_s']}  {f['errors']}")
    if one["p95_ms"] and cluster["p95_ms"]:
        print(f"  cluster / one at p95: {cluster['p95_ms'] / one['p95_ms']:.2f}x")
    return 0


def _started(layout):
    layout.start()
    return layout


if __name__ == "__main__":
    sys.exit(main())
