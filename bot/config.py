"""Settings: the one place that reads the environment and `.env`.

Everything else asks `get_settings()`. Rasa does not read `.env` itself, and an unset `${VAR}`
in `endpoints.yml` breaks the whole file, so `rasa_environment()` derives every variable those
files use and the launchers pass it to the Rasa processes.
"""
from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, Mapping, Optional

from dotenv import dotenv_values

PROJECT_ROOT = Path(__file__).resolve().parent.parent


DEFAULT_SLACK_API_URL = "https://slack.com/api/"


class ConfigError(ValueError):
    """A setting has a value the product cannot use; the message names the variable."""


def _sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def _resolve_sqlite_path(url: str, root: Path) -> str:
    """Make `sqlite:///var/x.db` relative to the project root, not the working directory."""
    prefix = "sqlite:///"
    if url.startswith(prefix) and not url[len(prefix):].startswith("/"):
        return _sqlite_url(root / url[len(prefix):])
    return url


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, got {raw!r}") from None
    if not 0 < value < 65536 and name.endswith("_PORT"):
        raise ConfigError(f"{name} must be a port number between 1 and 65535, got {value}")
    return value


def _stored_secret(path: Path) -> str:
    """A random secret kept in `path` (0600), made on first use, so every process started from
    this folder shares it and a restart keeps it."""
    try:
        return path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(32)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first
        return path.read_text(encoding="ascii").strip()
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(value)
    return value


def _public_url(raw: str) -> str:
    """PUBLIC_URL as scheme://host[:port], or "" when unset; anything else is a ConfigError."""
    from urllib.parse import urlsplit

    raw = raw.strip()
    if not raw:
        return ""
    parts = urlsplit(raw)
    if parts.scheme not in {"http", "https"} or not parts.netloc or parts.path not in {"", "/"} \
            or parts.query or parts.fragment or "@" in parts.netloc:
        raise ConfigError(f"PUBLIC_URL must be like https://coach.example.com (scheme and host only), got {raw!r}")
    return f"{parts.scheme}://{parts.netloc.lower()}"


def _sign_in_mode(raw: str) -> str:
    mode = raw.strip().lower() or "password"
    if mode not in ("password", "name"):
        raise ConfigError(f"TRAINEE_SIGN_IN must be password or name, got {raw.strip()!r}")
    return mode


def is_loopback(host: str) -> bool:
    """Only this machine can reach a port bound to `host`."""
    host = host.strip().strip("[]").lower()
    return host in ("localhost", "::1") or host.startswith("127.")


def _bool(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = env.get(name, "").strip().lower()
    if not raw:
        return default
    if raw in {"1", "true", "yes", "on"}:
        return True
    if raw in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"{name} must be true or false, got {raw!r}")


@dataclass(frozen=True)
class Settings:
    root: Path
    database_url: str
    tracker_store_url: str
    rasa_host: str
    rasa_port: int
    action_port: int
    action_host: str
    web_port: int
    scenarios_dir: Path
    models_dir: Path
    show_live_scores: bool
    db_connect_timeout: int
    team_access_code: str = ""
    web_secret: str = ""
    slack_bot_token: str = ""
    slack_signing_secret: str = ""
    slack_api_url: str = DEFAULT_SLACK_API_URL
    # What our own processes show each other: the Rasa server to the action server (a header
    # on every action call). Set INTERNAL_SECRET on several machines; else made once in var/.
    internal_secret: str = ""
    # Where browsers reach the web process when a TLS proxy is in front ("https://coach.example.com"):
    # cookies are then Secure and POSTs must come from exactly this origin. "": the request decides.
    public_url: str = ""
    # How trainees sign in to the chat: "password" (accounts a lead adds) or "name" (a name alone,
    # only where the team turns it on; refused on a web port other machines reach without a code).
    trainee_sign_in: str = "password"

    @property
    def rasa_url(self) -> str:
        return f"http://{self.rasa_host}:{self.rasa_port}"

    @property
    def web_url(self) -> str:
        return f"http://{self.rasa_host}:{self.web_port}"

    @property
    def action_endpoint_url(self) -> str:
        return f"http://{self.action_host}:{self.action_port}/webhook"

    @property
    def var_dir(self) -> Path:
        return self.root / "var"


def load_settings(environ: Optional[Mapping[str, str]] = None, root: Path = PROJECT_ROOT) -> Settings:
    """Build settings from `.env` overlaid by the real environment (the environment wins)."""
    env: Dict[str, str] = {
        key: value for key, value in dotenv_values(root / ".env").items() if value is not None
    }
    env.update(os.environ if environ is None else environ)

    database_url = _resolve_sqlite_path(
        env.get("DATABASE_URL", "").strip() or _sqlite_url(root / "var" / "coach.db"), root
    )
    default_tracker = (
        _sqlite_url(root / "var" / "tracker.db") if database_url.startswith("sqlite") else database_url
    )
    tracker_store_url = _resolve_sqlite_path(
        env.get("TRACKER_STORE_URL", "").strip() or default_tracker, root
    )
    scenarios_dir = Path(env.get("SCENARIOS_DIR", "").strip() or root / "data" / "scenarios")
    if not scenarios_dir.is_absolute():
        scenarios_dir = root / scenarios_dir
    models_dir = Path(env.get("MODELS_DIR", "").strip() or root / "models")
    if not models_dir.is_absolute():
        models_dir = root / models_dir
    return Settings(
        root=root,
        database_url=database_url,
        tracker_store_url=tracker_store_url,
        rasa_host=env.get("RASA_HOST", "").strip() or "localhost",
        rasa_port=_int(env, "RASA_PORT", 5005),
        action_port=_int(env, "ACTION_PORT", 5055),
        # Only the Rasa server calls the action server: loopback unless configured.
        action_host=env.get("ACTION_HOST", "").strip() or "127.0.0.1",
        web_port=_int(env, "WEB_PORT", 8000),
        scenarios_dir=scenarios_dir,
        models_dir=models_dir,
        show_live_scores=_bool(env, "SHOW_LIVE_SCORES", True),
        db_connect_timeout=_int(env, "DB_CONNECT_TIMEOUT", 5),
        team_access_code=env.get("TEAM_ACCESS_CODE", "").strip(),
        web_secret=env.get("WEB_SECRET", "").strip(),
        slack_bot_token=env.get("SLACK_BOT_TOKEN", "").strip(),
        slack_signing_secret=env.get("SLACK_SIGNING_SECRET", "").strip(),
        slack_api_url=env.get("SLACK_API_URL", "").strip() or DEFAULT_SLACK_API_URL,
        internal_secret=env.get("INTERNAL_SECRET", "").strip() or _stored_secret(root / "var" / "internal_secret"),
        public_url=_public_url(env.get("PUBLIC_URL", "")),
        trainee_sign_in=_sign_in_mode(env.get("TRAINEE_SIGN_IN", "")),
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return load_settings()


def settings_environment(settings: Settings) -> Dict[str, str]:
    """The variables that give a child process these same settings (tests and the bench build
    settings that are not in this process's environment)."""
    return {
        "DATABASE_URL": settings.database_url,
        "TRACKER_STORE_URL": settings.tracker_store_url,
        "DB_CONNECT_TIMEOUT": str(settings.db_connect_timeout),
        "RASA_HOST": settings.rasa_host,
        "RASA_PORT": str(settings.rasa_port),
        "ACTION_PORT": str(settings.action_port),
        "ACTION_HOST": settings.action_host,
        "INTERNAL_SECRET": settings.internal_secret,
        "WEB_PORT": str(settings.web_port),
        "SCENARIOS_DIR": str(settings.scenarios_dir),
        "MODELS_DIR": str(settings.models_dir),
        "SHOW_LIVE_SCORES": "true" if settings.show_live_scores else "false",
        "TEAM_ACCESS_CODE": settings.team_access_code,
        "WEB_SECRET": settings.web_secret,
        "PUBLIC_URL": settings.public_url,
        "TRAINEE_SIGN_IN": settings.trainee_sign_in,
        # The Slack channel (credentials.yml): empty when Slack is not set up, and then the
        # channel refuses every Slack request while the REST channel works as before.
        "SLACK_BOT_TOKEN": settings.slack_bot_token,
        "SLACK_SIGNING_SECRET": settings.slack_signing_secret,
        "SLACK_API_URL": settings.slack_api_url,
    }


def rasa_environment(settings: Settings) -> Dict[str, str]:
    """Every variable `endpoints.yml` and `credentials.yml` refer to, always set, and the
    settings themselves for the actions and the web process."""
    return {
        **settings_environment(settings),
        "ACTION_ENDPOINT_URL": settings.action_endpoint_url,
        # No internet here, and trainees' words are not ours to send anywhere.
        "RASA_TELEMETRY_ENABLED": "false",
    }


def redact_url(url: str) -> str:
    """The URL with its password replaced, for error messages and logs."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # an unparsable URL is reported as it is, minus anything after '@'
        return url.split("@")[-1]
