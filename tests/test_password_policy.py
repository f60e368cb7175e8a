"""Finding 9: weak passwords are refused (NCSC / NIST SP 800-63B): too short, the user name or containing
it, one character or a short run repeated, one of the commonest; no composition rules. The deny-list file
is validated on load. `coach users` says what is wrong in one line."""

from __future__ import annotations

from pathlib import Path

import pytest
from review_fixtures import FAST_HASHER
from typer.testing import CliRunner

from coach.access.accounts import AccountError, Accounts
from coach.access.password_policy import (
    DENY_LIST,
    MIN_PASSWORD_CHARS,
    WeakPassword,
    check_password,
    load_deny_list,
)
from coach.access.users_cli import app as users_app
from coach.datafiles import DataFileError
from coach.store import Store


@pytest.mark.parametrize(
    ("password", "why"),
    [
        (" " * 10, "one character or a short run repeated"),
        ("a" * 10, "one character or a short run repeated"),
        ("ababababab", "one character or a short run repeated"),
        ("1234567890", "one of the most common"),
        ("Password123", "one of the most common"),
        ("QWERTYUIOP", "one of the most common"),
        ("tess.morgan", "must not contain the user name"),
        ("my name is TESS.MORGAN ok", "must not contain the user name"),
        ("short one", "too short"),
        ("x" * 1025, "too long"),
    ],
)
def test_weak_passwords_are_refused_with_a_reason(password: str, why: str) -> None:
    with pytest.raises(WeakPassword, match=why):
        check_password(password, "tess.morgan")


@pytest.mark.parametrize(
    "password", ["correct horse battery", "tea kettle on ward 7", "zebra-lamp-orchid", "all lower case words"]
)
def test_long_unrelated_words_pass_without_digits_capitals_or_symbols(password: str) -> None:
    assert check_password(password, "tess.morgan") == password


def test_the_shipped_deny_list_loads_and_holds_only_passwords_long_enough_to_matter() -> None:
    entries = load_deny_list()
    assert len(entries) >= 50 and "1234567890" in entries
    assert all(len(entry) >= MIN_PASSWORD_CHARS for entry in entries)
    assert DENY_LIST.name == "common_passwords.txt"


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("# only a comment\n", "the deny-list is empty"),
        ("qwertyuiop\nQwerty1234\n", "field 'line 2': 'Qwerty1234' must be lower case"),
        ("qwertyuiop\nabc\n", "field 'line 2': 'abc' is shorter than 10 characters"),
        ("qwertyuiop\nqwertyuiop\n", "field 'line 2': 'qwertyuiop' is listed twice"),
    ],
)
def test_a_bad_deny_list_is_refused_naming_the_file_and_line(
    tmp_path: Path, content: str, problem: str
) -> None:
    path = tmp_path / "common_passwords.txt"
    path.write_text(content)
    with pytest.raises(DataFileError) as refused:
        load_deny_list(path)
    assert str(refused.value).startswith(str(path)) and problem in str(refused.value)


def test_accounts_apply_the_policy_when_adding_and_changing_a_password(store: Store) -> None:
    accounts = Accounts(store, hasher=FAST_HASHER)
    with pytest.raises(AccountError, match="must not contain the user name"):
        accounts.add("Amy", "amy amy amy amy")
    accounts.add("amy", "correct horse battery")
    with pytest.raises(AccountError, match="one of the most common"):
        accounts.set_password("amy", "1234567890")
    assert accounts.authenticate("amy", "correct horse battery") is not None, "the old password still works"


def test_coach_users_says_what_is_wrong_in_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from coach.config import get_settings

    monkeypatch.setenv("COACH_DATA_DIR", str(tmp_path))
    get_settings.cache_clear()
    try:
        for password, message in (
            (
                "          ",
                "the password is one character or a short run repeated: use a few unrelated words",
            ),
            ("1234567890", "that password is one of the most common: use a few unrelated words"),
            ("ada is here ok", "the password must not contain the user name"),
        ):
            result = CliRunner().invoke(users_app, ["add", "ada", "--password-stdin"], input=password + "\n")
            assert result.exit_code == 1 and result.stderr.strip() == f"error: {message}"
    finally:
        get_settings.cache_clear()
