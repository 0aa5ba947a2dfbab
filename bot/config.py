"""Settings: the one place that reads the environment and `.env`.

Everything else asks `get_settings()`. Each setting is declared once, as a field of `Settings`:
its type (the annotation), its environment variable, its default as written in `.env` and its
help text (`setting(...)`). That one declaration drives reading and checking the value
(`load_settings`), the variables handed to child processes (`settings_environment`) and the
settings table in README.md and `.env.example` (tests/test_config.py keeps them equal).

Rasa does not read `.env` itself, and an unset `${VAR}` in `endpoints.yml` breaks the whole
file, so `rasa_environment()` derives every variable those files use and the launchers pass it
to the Rasa processes.
"""
from __future__ import annotations

import ipaddress
import os
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, Literal, NewType, get_args, get_origin, get_type_hints

from dotenv import dotenv_values

PROJECT_ROOT = Path(__file__).resolve().parent.parent


DEFAULT_SLACK_API_URL = "https://slack.com/api/"

# Types of settings beyond str, int, bool, Path and Literal[...] (one of a few words):
Port = NewType("Port", int)  # a TCP port, 1-65535
DatabaseUrl = NewType("DatabaseUrl", str)  # an SQLAlchemy URL; a relative sqlite:/// path is under the project
Origin = NewType("Origin", str)  # scheme://host[:port], or "" when unset
RedisUrl = NewType("RedisUrl", str)  # redis://[:password@]host[:port][/db], or "" when unset
Addresses = NewType("Addresses", tuple)  # IP addresses, written comma-separated; () when unset


class ConfigError(ValueError):
    """A setting has a value the product cannot use; the message names the variable."""


@dataclass(frozen=True)
class Setting:
    """How one field of `Settings` is read: from `env`, `default` when unset or blank."""

    env: str  # the environment variable (and `.env` line)
    default: str  # as written in `.env`; "" means empty (or made by `derive`, see `default_note`)
    help: str  # what it means: the README's settings table shows exactly this
    default_note: str = ""  # what an empty default means, when it means more than "empty"
    # The value when the variable is empty, from the settings read before it and the project root.
    derive: Callable[[dict[str, Any], Path], str] | None = None


def setting(env: str, default: str, help: str, *, default_note: str = "",
            derive: Callable[[dict[str, Any], Path], str] | None = None) -> Any:
    """Declare a `Settings` field read from the environment variable `env`."""
    return field(metadata={"setting": Setting(env, default, help, default_note, derive)})


def _sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def _resolve_sqlite_path(url: str, root: Path) -> str:
    """Make `sqlite:///var/x.db` relative to the project root, not the working directory."""
    prefix = "sqlite:///"
    if url.startswith(prefix) and not url[len(prefix):].startswith("/"):
        return _sqlite_url(root / url[len(prefix):])
    return url


def _default_tracker_store(values: dict[str, Any], root: Path) -> str:
    """Rasa's tracker store: its own SQLite file, or the same PostgreSQL database as ours."""
    database_url = values["database_url"]
    return _sqlite_url(root / "var" / "tracker.db") if database_url.startswith("sqlite") else database_url


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


def _generated_internal_secret(values: dict[str, Any], root: Path) -> str:
    return _stored_secret(root / "var" / "internal_secret")


def is_loopback(host: str) -> bool:
    """Only this machine can reach a port bound to `host`."""
    host = host.strip().strip("[]").lower()
    return host in ("localhost", "::1") or host.startswith("127.")


@dataclass(frozen=True)
class Settings:
    root: Path
    database_url: DatabaseUrl = setting(
        "DATABASE_URL", "sqlite:///var/coach.db",
        "transcripts; PostgreSQL by URL (`postgresql://user:pass@host/db`)")
    tracker_store_url: DatabaseUrl = setting(
        "TRACKER_STORE_URL", "", "Rasa's conversation store",
        default_note="`sqlite:///var/tracker.db`, or `DATABASE_URL` when that is PostgreSQL",
        derive=_default_tracker_store)
    db_connect_timeout: int = setting(
        "DB_CONNECT_TIMEOUT", "5", "seconds to wait for a database before failing with a clear message")
    rasa_host: str = setting(
        "RASA_HOST", "localhost", "the interface the Rasa server and the web process listen on")
    rasa_port: Port = setting("RASA_PORT", "5005", "Rasa server (REST channel)")
    # Only the Rasa server calls the action server: loopback unless configured.
    action_host: str = setting(
        "ACTION_HOST", "127.0.0.1",
        "the interface the action server listens on (only the Rasa server calls it)")
    action_port: Port = setting("ACTION_PORT", "5055", "action server")
    # What our own processes show each other: the Rasa server to the action server (a header
    # on every action call). Set INTERNAL_SECRET on several machines; else made once in var/.
    internal_secret: str = setting(
        "INTERNAL_SECRET", "",
        "what the Rasa server shows the action server and the web process shows the REST channel "
        "([docs/security.md](docs/security.md))",
        default_note="generated once in `var/internal_secret`", derive=_generated_internal_secret)
    web_port: Port = setting("WEB_PORT", "8000", "web process (trainee chat, review pages)")
    scenarios_dir: Path = setting("SCENARIOS_DIR", "data/scenarios", "the case files")
    models_dir: Path = setting("MODELS_DIR", "models", "trained models")
    show_live_scores: bool = setting(
        "SHOW_LIVE_SCORES", "true", "show each reply's score live (`false` for an exam run)")
    # How trainees sign in to the chat: "password" (accounts a lead adds) or "name" (a name alone,
    # only where the team turns it on; refused on a web port other machines reach without a code).
    trainee_sign_in: Literal["password", "name"] = setting(
        "TRAINEE_SIGN_IN", "password",
        "how trainees sign in to the web chat: `password` (accounts a lead adds) or `name` (a name alone; "
        "refused on an address other machines reach unless `TEAM_ACCESS_CODE` is set)")
    team_access_code: str = setting(
        "TEAM_ACCESS_CODE", "", "when set, trainees need it to sign in to the web chat")
    # Where browsers reach the web process when a TLS proxy is in front ("https://coach.example.com"):
    # cookies are then Secure and POSTs must come from exactly this origin. "": the request decides.
    public_url: Origin = setting(
        "PUBLIC_URL", "",
        "behind a TLS proxy, the address browsers use (`https://coach.example.com`): cookies are `Secure` "
        "and POSTs must come from that origin")
    # The reverse proxies in front of the web process (nginx in `make run-cluster`): only from these
    # peers is X-Forwarded-For believed, so the sign-in throttle counts the real client's address.
    trusted_proxies: Addresses = setting(
        "TRUSTED_PROXIES", "",
        "addresses of reverse proxies in front of the web process (`127.0.0.1`); only their "
        "`X-Forwarded-For` names the client", default_note="no proxy, the connection's address is the client")
    # Empty: the web process keeps a generated one in var/web_secret (bot/web/auth.py).
    web_secret: str = setting(
        "WEB_SECRET", "", "signs the web sign-in cookie", default_note="generated once in `var/web_secret`")
    # The Slack channel (credentials.yml): empty when Slack is not set up, and then the channel
    # refuses every Slack request while the REST channel works as before.
    slack_bot_token: str = setting(
        "SLACK_BOT_TOKEN", "", "the Slack app's bot token (`xoxb-…`); see [Slack](#slack)")
    slack_signing_secret: str = setting(
        "SLACK_SIGNING_SECRET", "", "checks that requests come from Slack",
        default_note="Slack requests are refused")
    slack_api_url: str = setting(
        "SLACK_API_URL", DEFAULT_SLACK_API_URL, "Slack's Web API (the tests use a fake one)")
    # Several servers on one machine (`make run-cluster`, bot/ops/cluster.py; docs/deploy.md).
    cluster_replicas: int = setting(
        "CLUSTER_REPLICAS", "2",
        "how many Rasa servers, action servers and web processes `make run-cluster` starts "
        "(`python -m bot run --replicas N` says it once)")
    lock_store_url: RedisUrl = setting(
        "LOCK_STORE_URL", "",
        "the Redis the cluster's Rasa servers share for conversation locks (`redis://host:6379/0`)",
        default_note="`make run-cluster` starts its own on 127.0.0.1:6380 (data in `var/cluster/`); "
                     "`make run` keeps locks in memory")
    proxy_host: str = setting(
        "PROXY_HOST", "127.0.0.1",
        "the interface nginx listens on in `make run-cluster` (chat, review pages and Slack's webhook, "
        "on `WEB_PORT`)")

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


# --- reading a value of each type: (variable, stripped text or the default, project root) -> value
def _parse_str(name: str, raw: str, root: Path) -> str:
    return raw


def _parse_int(name: str, raw: str, root: Path) -> int:
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, got {raw!r}") from None


def _parse_port(name: str, raw: str, root: Path) -> int:
    value = _parse_int(name, raw, root)
    if not 0 < value < 65536:
        raise ConfigError(f"{name} must be a port number between 1 and 65535, got {value}")
    return value


def _parse_bool(name: str, raw: str, root: Path) -> bool:
    raw = raw.lower()
    if raw in {"1", "true", "yes", "on"}:
        return True
    if raw in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"{name} must be true or false, got {raw!r}")


def _parse_path(name: str, raw: str, root: Path) -> Path:
    path = Path(raw)
    return path if path.is_absolute() else root / path


def _parse_database_url(name: str, raw: str, root: Path) -> str:
    return _resolve_sqlite_path(raw, root)


def _parse_origin(name: str, raw: str, root: Path) -> str:
    """scheme://host[:port], or "" when unset; anything else is a ConfigError."""
    from urllib.parse import urlsplit

    if not raw:
        return ""
    parts = urlsplit(raw)
    if parts.scheme not in {"http", "https"} or not parts.netloc or parts.path not in {"", "/"} \
            or parts.query or parts.fragment or "@" in parts.netloc:
        raise ConfigError(f"{name} must be like https://coach.example.com (scheme and host only), got {raw!r}")
    return f"{parts.scheme}://{parts.netloc.lower()}"


def _parse_redis_url(name: str, raw: str, root: Path) -> str:
    """redis://[:password@]host[:port][/db], or "" when unset; anything else is a ConfigError."""
    from urllib.parse import urlsplit

    if not raw:
        return ""
    parts = urlsplit(raw)
    try:
        port = parts.port
    except ValueError:
        port = -1
    db = parts.path.lstrip("/")
    if parts.scheme != "redis" or not parts.hostname or port == -1 or not (db == "" or db.isdigit()) \
            or parts.query or parts.fragment:
        raise ConfigError(f"{name} must be like redis://127.0.0.1:6379/0 (host, port, database number), "
                          f"got {redact_url(raw)!r}")
    return raw


def _parse_choice(choices: tuple[str, ...]) -> Callable[[str, str, Path], str]:
    def parse(name: str, raw: str, root: Path) -> str:
        if raw.lower() not in choices:
            raise ConfigError(f"{name} must be {' or '.join(choices)}, got {raw!r}")
        return raw.lower()
    return parse


def _parse_addresses(name: str, raw: str, root: Path) -> tuple[str, ...]:
    found = []
    for part in (p.strip() for p in raw.split(",")):
        if not part:
            continue
        try:
            found.append(str(ipaddress.ip_address(part)))
        except ValueError:
            raise ConfigError(f"{name} must be IP addresses separated by commas, like 127.0.0.1, "
                              f"got {part!r}") from None
    return tuple(found)


_PARSERS: dict[Any, Callable[[str, str, Path], Any]] = {
    str: _parse_str, int: _parse_int, Port: _parse_port, bool: _parse_bool, Path: _parse_path,
    DatabaseUrl: _parse_database_url, Origin: _parse_origin, RedisUrl: _parse_redis_url,
    Addresses: _parse_addresses,
}


@dataclass(frozen=True)
class DeclaredSetting:
    """One setting as declared: the `Settings` field, its type and how it is read."""

    field: str
    type: Any
    env: str
    default: str
    help: str
    default_note: str
    derive: Callable[[dict[str, Any], Path], str] | None

    def parse(self, raw: str, root: Path) -> Any:
        if get_origin(self.type) is Literal:
            return _parse_choice(get_args(self.type))(self.env, raw, root)
        return _PARSERS[self.type](self.env, raw, root)

    def to_env(self, value: Any) -> str:
        """The value as the environment variable that gives a child process the same setting."""
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, tuple):
            return ",".join(value)
        return str(value)


@cache
def declared_settings() -> tuple[DeclaredSetting, ...]:
    """Every setting, in the order `Settings` declares them."""
    types = get_type_hints(Settings, include_extras=True)
    return tuple(
        DeclaredSetting(item.name, types[item.name], **vars(item.metadata["setting"]))
        for item in fields(Settings) if "setting" in item.metadata
    )


def load_settings(environ: Mapping[str, str] | None = None, root: Path = PROJECT_ROOT) -> Settings:
    """Build settings from `.env` overlaid by the real environment (the environment wins)."""
    env: dict[str, str] = {
        key: value for key, value in dotenv_values(root / ".env").items() if value is not None
    }
    env.update(os.environ if environ is None else environ)

    values: dict[str, Any] = {}
    derived: list[tuple[DeclaredSetting, Callable[[dict[str, Any], Path], str]]] = []
    for item in declared_settings():
        raw = env.get(item.env, "").strip() or item.default
        if not raw and item.derive is not None:
            derived.append((item, item.derive))  # made once every other value has been read and checked
        else:
            values[item.field] = item.parse(raw, root)
    for item, derive in derived:
        values[item.field] = item.parse(derive(values, root), root)
    return Settings(root=root, **values)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return load_settings()


def settings_environment(settings: Settings) -> dict[str, str]:
    """The variables that give a child process these same settings (tests and the bench build
    settings that are not in this process's environment)."""
    return {item.env: item.to_env(getattr(settings, item.field)) for item in declared_settings()}


REDIS_LOCK_STORE = "rasa_adapters.lock_store.RenewingRedisLockStore"


def lock_store_environment(redis_url: str = "") -> dict[str, str]:
    """The `lock_store` variables of `endpoints.yml`: Rasa's in-memory lock store (one Rasa
    server: `make run`), or the Redis at `redis_url` that several Rasa servers share (the
    cluster), through `rasa_adapters.lock_store` (Rasa's Redis lock store, its waiting tickets
    renewed and its changes atomic). Rasa's `LockStore.create` reads `type`, then `url` as the
    Redis host and `port`, `db`, `password` as keyword arguments; the in-memory store ignores all
    but `type`."""
    if not redis_url:
        return {"LOCK_STORE_TYPE": "in_memory", "LOCK_STORE_HOST": "localhost", "LOCK_STORE_PORT": "6379",
                "LOCK_STORE_DB": "0", "LOCK_STORE_PASSWORD": ""}
    from urllib.parse import unquote, urlsplit

    parts = urlsplit(redis_url)
    return {"LOCK_STORE_TYPE": REDIS_LOCK_STORE, "LOCK_STORE_HOST": parts.hostname or "localhost",
            "LOCK_STORE_PORT": str(parts.port or 6379), "LOCK_STORE_DB": parts.path.lstrip("/") or "0",
            "LOCK_STORE_PASSWORD": unquote(parts.password or "")}


def rasa_environment(settings: Settings, lock_store_url: str = "") -> dict[str, str]:
    """Every variable `endpoints.yml` and `credentials.yml` refer to, always set, and the
    settings themselves for the actions and the web process. `lock_store_url`: the Redis the
    Rasa servers of a cluster share; empty (one Rasa server), locks stay in memory."""
    return {
        **settings_environment(settings),
        "ACTION_ENDPOINT_URL": settings.action_endpoint_url,
        **lock_store_environment(lock_store_url),
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
