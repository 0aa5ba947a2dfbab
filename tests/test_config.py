"""The settings are declared once (bot/config.py); the README's table and `.env.example` say the
same, so neither can drift from the code."""
from __future__ import annotations

import re
import shutil

import pytest

from bot.config import PROJECT_ROOT, REDIS_LOCK_STORE, ConfigError, declared_settings, load_settings, rasa_environment

SETTINGS = declared_settings()


def readme_settings_table():
    """{variable: (default cell, meaning cell)} from the table under README.md's Configuration."""
    text = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Configuration\n", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        match = re.fullmatch(r"\| `(\w+)` \| (.*?) \| (.*) \|", line)
        if match:
            assert match[1] not in rows, f"README lists {match[1]} twice"
            rows[match[1]] = (match[2], match[3])
    return rows


def readme_default(item) -> str:
    """How the README's default column writes a declared default."""
    if item.default:
        return f"`{item.default}`"
    return f"empty: {item.default_note}" if item.default_note else "empty"


def env_example_lines():
    """{variable: value} of every line of `.env.example` that sets one (comments aside)."""
    found = {}
    for line in (PROJECT_ROOT / ".env.example").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, value = line.partition("=")
            assert name not in found, f".env.example sets {name} twice"
            found[name.strip()] = value.strip()
    return found


def test_the_readme_table_lists_exactly_the_declared_settings():
    rows = readme_settings_table()
    assert list(rows) == [item.env for item in SETTINGS]


@pytest.mark.parametrize("item", SETTINGS, ids=lambda item: item.env)
def test_the_readme_row_has_the_declared_default_and_meaning(item):
    default, meaning = readme_settings_table()[item.env]
    assert default == readme_default(item)
    assert meaning == item.help


def test_env_example_sets_every_declared_setting_to_its_default():
    assert env_example_lines() == {item.env: item.default for item in SETTINGS}


def test_env_example_as_dotenv_gives_the_defaults(tmp_path):
    plain = tmp_path / "plain"
    with_example = tmp_path / "with-example"
    for root in (plain, with_example):
        (root / "var").mkdir(parents=True)
        (root / "var" / "internal_secret").write_text("same")
    shutil.copy(PROJECT_ROOT / ".env.example", with_example / ".env")
    ours = rasa_environment(load_settings({}, root=with_example))
    defaults = rasa_environment(load_settings({}, root=plain))
    assert {k: v.replace(str(with_example), "ROOT") for k, v in ours.items()} == \
        {k: v.replace(str(plain), "ROOT") for k, v in defaults.items()}


def test_every_setting_reaches_child_processes_and_reads_back(tmp_path):
    settings = load_settings({"DATABASE_URL": "postgresql://u:p@db/coach", "RASA_PORT": "6000",
                              "SHOW_LIVE_SCORES": "no", "TRAINEE_SIGN_IN": "Name", "SCENARIOS_DIR": "cases",
                              "PUBLIC_URL": "https://Coach.Example.com", "INTERNAL_SECRET": "s"}, root=tmp_path)
    env = rasa_environment(settings)
    assert {item.env for item in SETTINGS} <= set(env)
    assert load_settings(env, root=tmp_path) == settings
    assert (env["TRACKER_STORE_URL"], env["SHOW_LIVE_SCORES"], env["TRAINEE_SIGN_IN"], env["SCENARIOS_DIR"]) == \
        ("postgresql://u:p@db/coach", "false", "name", str(tmp_path / "cases"))


def test_the_environment_wins_over_dotenv(tmp_path):
    (tmp_path / ".env").write_text("RASA_PORT=6001\nWEB_PORT=6002\nINTERNAL_SECRET=s\n")
    settings = load_settings({"WEB_PORT": "7002"}, root=tmp_path)
    assert (settings.rasa_port, settings.web_port) == (6001, 7002)


@pytest.mark.parametrize("env, message", [
    ({"RASA_PORT": "x"}, "RASA_PORT must be a whole number, got 'x'"),
    ({"WEB_PORT": "70000"}, "WEB_PORT must be a port number between 1 and 65535, got 70000"),
    ({"DB_CONNECT_TIMEOUT": "1.5"}, "DB_CONNECT_TIMEOUT must be a whole number, got '1.5'"),
    ({"SHOW_LIVE_SCORES": "Maybe"}, "SHOW_LIVE_SCORES must be true or false, got 'maybe'"),
    ({"TRAINEE_SIGN_IN": " Open "}, "TRAINEE_SIGN_IN must be password or name, got 'Open'"),
    ({"LOCK_STORE_URL": "localhost:6379"},
     "LOCK_STORE_URL must be like redis://127.0.0.1:6379/0 (host, port, database number), got 'localhost:6379'"),
    ({"LOCK_STORE_URL": "redis://:pw@cache:70000/0"},
     "LOCK_STORE_URL must be like redis://127.0.0.1:6379/0 (host, port, database number), "
     "got 'redis://:***@cache:70000/0'"),
    ({"LOCK_STORE_URL": "redis://cache/one"},
     "LOCK_STORE_URL must be like redis://127.0.0.1:6379/0 (host, port, database number), got 'redis://cache/one'"),
])
def test_a_bad_value_names_its_variable_and_writes_no_secret(tmp_path, env, message):
    with pytest.raises(ConfigError, match=f"^{re.escape(message)}$"):
        load_settings(env, root=tmp_path)
    assert not (tmp_path / "var" / "internal_secret").exists()


def test_settings_and_their_declarations_agree():
    from dataclasses import fields

    from bot.config import Settings
    assert [f.name for f in fields(Settings)] == ["root"] + [item.field for item in SETTINGS]
    assert all(item.help and item.env.isupper() for item in SETTINGS)


@pytest.mark.parametrize("url, expected", [
    # One Rasa server (make run): Rasa's in-memory lock store; the other variables are set all the same
    # (endpoints.yml names them, and one unset ${VAR} breaks the whole file).
    ("", {"LOCK_STORE_TYPE": "in_memory", "LOCK_STORE_HOST": "localhost", "LOCK_STORE_PORT": "6379",
          "LOCK_STORE_DB": "0", "LOCK_STORE_PASSWORD": ""}),
    ("redis://127.0.0.1:6380/0", {"LOCK_STORE_TYPE": REDIS_LOCK_STORE, "LOCK_STORE_HOST": "127.0.0.1", "LOCK_STORE_PORT": "6380",
                                  "LOCK_STORE_DB": "0", "LOCK_STORE_PASSWORD": ""}),
    ("redis://:s%40cret@cache.internal/3", {"LOCK_STORE_TYPE": REDIS_LOCK_STORE, "LOCK_STORE_HOST": "cache.internal",
                                            "LOCK_STORE_PORT": "6379", "LOCK_STORE_DB": "3",
                                            "LOCK_STORE_PASSWORD": "s@cret"}),
])
def test_the_lock_store_variables_of_endpoints_yml(tmp_path, url, expected):
    from bot.config import lock_store_environment

    assert lock_store_environment(url) == expected
    env = rasa_environment(load_settings({"INTERNAL_SECRET": "s"}, root=tmp_path), url)
    assert {k: env[k] for k in expected} == expected
