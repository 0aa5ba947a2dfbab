"""bot.names: one check of a typed name, worded by each caller (web sign-in, lead accounts)."""
from __future__ import annotations

import pytest

from bot.names import MAX_NAME_CHARS, NAME_PROBLEMS
from bot.storage.users import ACCOUNT_NAME_PROBLEMS, AccountError, normalise_user_name
from bot.web.auth import SIGN_IN_NAME_PROBLEMS, SignInError, normalise_name

CALLERS = [(normalise_name, SignInError, SIGN_IN_NAME_PROBLEMS),
           (normalise_user_name, AccountError, ACCOUNT_NAME_PROBLEMS)]


@pytest.mark.parametrize("check, error, wording", CALLERS, ids=["sign-in", "account"])
@pytest.mark.parametrize("raw, problem", [
    ("", "empty"), ("   ", "empty"), (None, "empty"), (42, "empty"),
    ("Ann\u200bie", "characters"), ("Ann\x07", "characters"),
    ("x" * (MAX_NAME_CHARS + 1), "length"),
])
def test_each_problem_in_the_callers_words(check, error, wording, raw, problem):
    with pytest.raises(error) as caught:
        check(raw)
    assert str(caught.value) == wording[problem]


@pytest.mark.parametrize("check, error, wording", CALLERS, ids=["sign-in", "account"])
def test_good_names_are_tidied_and_every_problem_is_worded(check, error, wording):
    assert set(wording) == set(NAME_PROBLEMS)
    assert check("  Ann   de  Vries ") == "Ann de Vries"
    assert check("x" * MAX_NAME_CHARS) == "x" * MAX_NAME_CHARS
