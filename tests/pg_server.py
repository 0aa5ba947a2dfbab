"""A PostgreSQL server for the storage tests.

`TEST_POSTGRES_URL` set: that server is used (it must be reachable, or the tests fail).
Otherwise a throwaway cluster is made: `initdb` into a temporary folder, `pg_ctl start` on a
free loopback port with its unix socket in that folder, fsync off; it is stopped and deleted
when the last user releases it, or at exit. PostgreSQL refuses to run as root, so as root the
cluster runs as the `postgres` user (else `nobody`) through `runuser`.

The binaries are looked for in `PG_BIN`, then /usr/lib/postgresql/<newest>/bin, then PATH.
When none can be started, the PostgreSQL tests are skipped with the reason, unless
`REQUIRE_POSTGRES=1` (CI), which turns that into a failure.

Each test gets its own schema (`fresh_database_url`), so tests never see each other's rows
and the database user needs no right to create databases.
"""
from __future__ import annotations

import atexit
import os
import pwd
import re
import secrets
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path
from urllib.parse import quote

from bot.ops.launcher import free_port

START_TIMEOUT = 60


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL server for the tests; the message says why."""


def required() -> bool:
    return os.environ.get("REQUIRE_POSTGRES", "").strip().lower() in {"1", "true", "yes"}


def find_bin_dir() -> Path | None:
    explicit = os.environ.get("PG_BIN", "").strip()
    candidates: list[Path] = [Path(explicit)] if explicit else []

    def version(path: Path) -> tuple[int, ...]:
        return tuple(int(p) for p in re.findall(r"\d+", path.parent.name)) or (0,)

    candidates += sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=version, reverse=True)
    on_path = shutil.which("initdb")
    if on_path:
        candidates.append(Path(on_path).parent)
    for directory in candidates:
        if all((directory / tool).is_file() for tool in ("initdb", "pg_ctl", "postgres")):
            return directory
    return None


class ThrowawayCluster:
    """initdb + pg_ctl in a temporary folder; `url` is a superuser URL with a password."""

    user = "coach_test"

    def __init__(self, bin_dir: Path):
        self.bin_dir = bin_dir
        self.password = secrets.token_hex(12)
        self.root: Path | None = None
        self.port: int | None = None
        self.url: str | None = None
        self._run_as: str | None = None

    def _command(self, *args: str) -> list[str]:
        command = [str(self.bin_dir / args[0]), *args[1:]]
        return ["runuser", "-u", self._run_as, "--", *command] if self._run_as else command

    def _run(self, *args: str, timeout: int = START_TIMEOUT) -> subprocess.CompletedProcess:
        return subprocess.run(self._command(*args), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True, timeout=timeout, cwd=str(self.root))

    def _owner(self) -> pwd.struct_passwd | None:
        if os.geteuid() != 0:
            return None
        if not shutil.which("runuser"):
            raise PostgresUnavailable("running as root and `runuser` is missing; PostgreSQL refuses to run as root")
        for name in ("postgres", "nobody"):
            try:
                return pwd.getpwnam(name)
            except KeyError:
                continue
        raise PostgresUnavailable("running as root and there is no `postgres` (or `nobody`) user to run PostgreSQL as")

    def start(self) -> str:
        owner = self._owner()
        self.root = Path(tempfile.mkdtemp(prefix="coach-pg-"))
        self.root.chmod(0o700)
        if owner is not None:
            self._run_as = owner.pw_name
            os.chown(self.root, owner.pw_uid, owner.pw_gid)
        pwfile = self.root / "pwfile"
        pwfile.write_text(self.password + "\n")
        if owner is not None:
            os.chown(pwfile, owner.pw_uid, owner.pw_gid)
        try:
            done = self._run("initdb", "-D", str(self.root / "data"), "-U", self.user, "--pwfile", str(pwfile),
                             "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--no-locale",
                             "--no-sync")
        except (OSError, subprocess.TimeoutExpired) as error:
            self._remove()
            raise PostgresUnavailable(f"initdb could not run: {error}") from None
        if done.returncode != 0:
            self._remove()
            raise PostgresUnavailable(f"initdb failed: {done.stdout.strip()[-500:]}")
        last = ""
        for _ in range(3):  # the free port may be taken between looking and starting
            self.port = free_port()
            options = (f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off "
                       "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
            try:
                done = self._run("pg_ctl", "-D", str(self.root / "data"), "-l", str(self.root / "log"),
                                 "-w", "-t", str(START_TIMEOUT), "-o", options, "start",
                                 timeout=START_TIMEOUT + 10)
            except (OSError, subprocess.TimeoutExpired) as error:
                last = str(error)
                continue
            if done.returncode == 0:
                self.url = (f"postgresql://{self.user}:{quote(self.password)}@127.0.0.1:{self.port}/postgres")
                return self.url
            last = self._log_tail() or done.stdout.strip()
        self.stop()
        raise PostgresUnavailable(f"pg_ctl start failed: {last[-500:]}")

    def _log_tail(self) -> str:
        try:
            return (self.root / "log").read_text(errors="replace").strip()[-500:]
        except OSError:
            return ""

    def stop(self) -> None:
        if self.root is None:
            return
        if (self.root / "data" / "postmaster.pid").exists():
            try:
                self._run("pg_ctl", "-D", str(self.root / "data"), "-m", "fast", "-w", "-t", "30", "stop", timeout=40)
            except (OSError, subprocess.TimeoutExpired):
                self._run("pg_ctl", "-D", str(self.root / "data"), "-m", "immediate", "stop", timeout=20)
        self._remove()

    def _remove(self) -> None:
        if self.root is not None:
            shutil.rmtree(self.root, ignore_errors=True)
            self.root = None


# --- one server per test run, shared by every module that asks ----------------------------------
_lock = threading.Lock()
_state = {"url": None, "cluster": None, "error": None, "users": 0}


def _check(url: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(url, future=True, connect_args={"connect_timeout": 5})
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    finally:
        engine.dispose()


def acquire() -> str:
    """The admin URL of the test server (started on first use). Raises PostgresUnavailable."""
    with _lock:
        if _state["url"] is None and _state["error"] is None and not _state.get("broken"):
            external = os.environ.get("TEST_POSTGRES_URL", "").strip()
            if external:
                try:
                    _check(external)
                except Exception as error:  # set but unusable: a broken setup, not a reason to skip
                    from bot.config import redact_url

                    reason = str(getattr(error, "orig", error)).strip().splitlines()[0]
                    _state["broken"] = f"TEST_POSTGRES_URL ({redact_url(external)}) is set but not reachable: {reason}"
                else:
                    _state["url"] = external
            else:
                bin_dir = find_bin_dir()
                if bin_dir is None:
                    _state["error"] = ("no PostgreSQL server binaries (initdb, pg_ctl, postgres) found in PG_BIN, "
                                       "/usr/lib/postgresql/*/bin or PATH; install postgresql or set "
                                       "TEST_POSTGRES_URL")
                else:
                    cluster = ThrowawayCluster(bin_dir)
                    try:
                        _state["url"] = cluster.start()
                        _state["cluster"] = cluster
                        atexit.register(_stop)
                    except PostgresUnavailable as error:
                        _state["error"] = f"could not start a throwaway PostgreSQL from {bin_dir}: {error}"
        if _state.get("broken"):
            raise RuntimeError(_state["broken"])
        if _state["error"] is not None:
            raise PostgresUnavailable(_state["error"])
        _state["users"] += 1
        return _state["url"]


def release() -> None:
    """One user is done; the throwaway cluster stops when none is left."""
    with _lock:
        _state["users"] = max(0, _state["users"] - 1)
        if _state["users"] == 0:
            _stop_locked()


def _stop() -> None:
    with _lock:
        _stop_locked()


def _stop_locked() -> None:
    cluster = _state["cluster"]
    if cluster is not None:
        _state["cluster"] = None
        _state["url"] = None
        cluster.stop()


def fresh_database_url(admin_url: str) -> tuple[str, str]:
    """(URL whose default schema is a new empty one, schema name): one per test."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    schema = f"t_{secrets.token_hex(6)}"
    engine = create_engine(admin_url, future=True, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    finally:
        engine.dispose()
    url = make_url(admin_url).update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False), schema


def drop_schema(admin_url: str, schema: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(admin_url, future=True, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    finally:
        engine.dispose()


def skip_or_fail(error: Exception):
    """What a fixture does when there is no server: skip, or fail under REQUIRE_POSTGRES=1."""
    import pytest

    if required():
        pytest.fail(f"REQUIRE_POSTGRES=1 but {error}")
    pytest.skip(f"PostgreSQL tests skipped: {error}")


# --- pytest fixtures, registered for every test module by tests/conftest.py (pytest_plugins) -------------------------------------
try:
    import pytest
except ImportError:  # used outside pytest: the helpers above still work
    pytest = None

if pytest is not None:
    @pytest.fixture(scope="session")
    def postgres_admin_url():
        """The test server's admin URL; the PostgreSQL tests are skipped (or fail) without one."""
        try:
            url = acquire()
        except PostgresUnavailable as error:
            skip_or_fail(error)
        yield url
        release()

    @pytest.fixture(params=["sqlite", "postgresql"])
    def empty_db(request, tmp_path):
        """The URL of an empty database of each kind: a SQLite file, or a new PostgreSQL schema."""
        if request.param == "sqlite":
            yield f"sqlite:///{tmp_path / 'coach.db'}"
            return
        admin = request.getfixturevalue("postgres_admin_url")
        url, schema = fresh_database_url(admin)
        yield url
        drop_schema(admin, schema)
