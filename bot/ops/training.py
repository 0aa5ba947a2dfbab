"""Train the model only when its inputs changed.

The fingerprint covers what Rasa trains on (config, domain, NLU data, stories and rules, the
labelled replies the band check learns from, and our own components' code) and
not the scenario files, which are read at run time: adding a case needs no retraining.
"""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

from bot.config import Settings, rasa_environment

MODEL_NAME = "coach"


def training_inputs(root: Path) -> list[Path]:
    # The move classifier and the band check are our code inside the model (config.yml names
    # them; tfidf_store builds and stores both), and the band check learns from data/labelled/:
    # a change to any of them retrains.
    files = [root / "config.yml", root / "domain.yml", root / "rasa_adapters" / "move_classifier.py",
             root / "rasa_adapters" / "band_estimator.py", root / "rasa_adapters" / "tfidf_store.py",
             root / "bot" / "coach" / "labelled.py"]
    for folder in ("data/nlu", "data/stories", "data/labelled"):
        files += sorted(p for p in (root / folder).rglob("*") if p.is_file() and p.suffix in {".yml", ".yaml"})
    return files


def fingerprint(files: Iterable[Path], root: Path) -> str:
    digest = hashlib.sha256()
    for path in files:
        digest.update(str(path.relative_to(root)).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    # The Rasa version shapes the model too.
    digest.update(_rasa_version().encode())
    return digest.hexdigest()


def _rasa_version() -> str:
    try:
        from importlib.metadata import version
        return version("rasa")
    except Exception:  # not installed: the fingerprint still covers the data
        return "unknown"


def model_path(settings: Settings) -> Path:
    return settings.models_dir / f"{MODEL_NAME}.tar.gz"


def _stamp_path(settings: Settings) -> Path:
    return settings.models_dir / f"{MODEL_NAME}.fingerprint"


def is_stale(settings: Settings) -> bool:
    stamp = _stamp_path(settings)
    if not model_path(settings).exists() or not stamp.exists():
        return True
    current = fingerprint(training_inputs(settings.root), settings.root)
    return stamp.read_text().strip() != current


def rasa_command(*args: str) -> list[str]:
    """`rasa` from this interpreter's environment."""
    return [sys.executable, "-m", "rasa", *args]


def rasa_server_command(*args: str) -> list[str]:
    """`rasa` with our speed fix for serving (rasa_adapters/server.py); same arguments."""
    return [sys.executable, "-m", "rasa_adapters.server", *args]


def train(settings: Settings, force: bool = False, quiet: bool = False) -> bool:
    """Train when stale (or forced); return True when a model was trained."""
    if not force and not is_stale(settings):
        return False
    current = fingerprint(training_inputs(settings.root), settings.root)
    settings.models_dir.mkdir(parents=True, exist_ok=True)
    command = rasa_command(
        "train", "--data", "data/nlu", "data/stories", "--config", "config.yml", "--domain", "domain.yml",
        "--out", str(settings.models_dir), "--fixed-model-name", MODEL_NAME, "--force",
    )
    env = {**os.environ, **rasa_environment(settings)}
    result = subprocess.run(command, cwd=settings.root, env=env,
                            stdout=subprocess.DEVNULL if quiet else None)
    if result.returncode != 0:
        raise RuntimeError(f"rasa train failed (exit {result.returncode}); its output above says why")
    _stamp_path(settings).write_text(current + "\n")
    return True
