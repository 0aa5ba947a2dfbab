"""Processes for the bench: resident memory from /proc, timed commands, model loading."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path

from bot.config import PROJECT_ROOT


def _children(pid: int) -> list[int]:
    try:
        tasks = Path(f"/proc/{pid}/task").iterdir()
        found: list[int] = []
        for task in tasks:
            text = (task / "children").read_text().split()
            found += [int(child) for child in text]
        return found
    except OSError:
        return []


def rss_mib(pid: int) -> float:
    """Resident memory of a process and all its descendants, in MiB (VmRSS from /proc)."""
    total_kib, todo, seen = 0, [pid], set()
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total_kib += int(line.split()[1])
                    break
        except OSError:
            continue
        todo += _children(current)
    return round(total_kib / 1024, 1)


def timed(command: list[str], cwd: Path, env: Mapping[str, str], log: Path,
          timeout: float) -> float:
    """Run a command to its end; its wall time in seconds. Output goes to `log`."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "wb") as out:
        began = time.perf_counter()
        result = subprocess.run(command, cwd=cwd, env=dict(env), stdout=out, stderr=subprocess.STDOUT,
                                timeout=timeout)
        elapsed = time.perf_counter() - began
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command[:4])} ... failed (exit {result.returncode}); see {log}")
    return elapsed


LOAD_SCRIPT = """
import asyncio, json, logging, sys, time
logging.disable(logging.WARNING)
from rasa.core.agent import Agent
began = time.perf_counter()
agent = Agent.load(sys.argv[1])
asyncio.run(agent.parse_message("hello"))
print(json.dumps({"load_s": time.perf_counter() - began}))
"""


def model_load_seconds(model: Path, cwd: Path, env: Mapping[str, str], timeout: float = 600) -> float:
    """Agent.load plus a first parse, in a fresh process (imports not counted)."""
    result = subprocess.run([sys.executable, "-c", LOAD_SCRIPT, str(model)], cwd=cwd, env=dict(env),
                            capture_output=True, text=True, timeout=timeout)
    if result.returncode != 0:
        raise RuntimeError(f"loading {model} failed: {result.stderr.strip().splitlines()[-1:]}")
    import json

    return json.loads(result.stdout.strip().splitlines()[-1])["load_s"]


def file_size_kib(path: Path | None) -> float | None:
    """An SQLite database's size with its journal files, in KiB."""
    if path is None or not path.exists():
        return None
    total = sum(os.path.getsize(p) for p in (path, Path(f"{path}-wal"), Path(f"{path}-journal")) if p.exists())
    return round(total / 1024, 1)


def environment(extra: dict[str, str]) -> dict[str, str]:
    # The bare project trains and runs in its own folder, but its pipeline is ours: our intent
    # classifier (rasa_adapters/move_classifier.py) must be importable from there.
    path = os.pathsep.join(p for p in (str(PROJECT_ROOT), os.environ.get("PYTHONPATH", "")) if p)
    return {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "3",
            "PYTHONUNBUFFERED": "1", "PYTHONPATH": path, **extra}
