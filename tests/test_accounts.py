"""Accounts: adding and changing users, signing in with a lockout, who may read whose sessions, the
launcher's refusal to serve in the open without accounts, the m002 migration, and `coach users`."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from argon2 import PasswordHasher
from hand_clock import Clock
from review_fixtures import FAST_HASHER, PASSWORD
from sqlalchemy import event, insert, inspect
from typer.testing import CliRunner

from coach.access.accounts import (
    LOCAL_USER,
    USERS_NOTICED_WITHIN_S,
    AccessDenied,
    AccountError,
    Accounts,
    LoginPolicy,
    Role,
    UnknownUser,
    is_loopback,
    require_accounts_for,
    users,
)
from coach.access.sign_in_sessions import SignInSessions
from coach.access.users_cli import app as users_app
from coach.config import get_settings
from coach.migrations import MIGRATIONS
from coach.store import Store


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def accounts(store: Store, clock: Clock) -> Accounts:
    return Accounts(store, hasher=FAST_HASHER, policy=LoginPolicy(failure_delay=0), clock=clock)


# --------------------------------------------------------------------------- managing users


def test_added_users_are_listed_by_name_and_keep_no_plain_password(accounts: Accounts, store: Store) -> None:
    accounts.add("Zoe", PASSWORD, role=Role.trainer, cohort="  March intake ")
    accounts.add("amy", PASSWORD)
    listed = accounts.list()
    assert [(u.username, u.role, u.cohort) for u in listed] == [
        ("amy", Role.trainee, None),
        ("zoe", Role.trainer, "March intake"),
    ]
    with store.engine.connect() as conn:
        stored = conn.exec_driver_sql("SELECT password_hash FROM users").scalars().all()
    assert all(h.startswith("$argon2id$") and PASSWORD not in h for h in stored)


@pytest.mark.parametrize(
    ("name", "password", "problem"),
    [
        ("amy", PASSWORD, "already exists"),
        ("AMY", PASSWORD, "already exists"),
        ("bad name", PASSWORD, "not allowed"),
        ("<script>", PASSWORD, "not allowed"),
        ("local", PASSWORD, "reserved"),
        ("bea", "short", "too short"),
    ],
)
def test_bad_names_and_passwords_are_refused(
    accounts: Accounts, name: str, password: str, problem: str
) -> None:
    accounts.add("amy", PASSWORD)
    with pytest.raises(AccountError, match=problem):
        accounts.add(name, password)
    assert [u.username for u in accounts.list()] == ["amy"]


def test_role_cohort_password_and_disabling_can_change(accounts: Accounts) -> None:
    accounts.add("amy", PASSWORD)
    assert accounts.set_role("amy", "trainer").role is Role.trainer
    assert accounts.set_cohort("amy", "ward 4").cohort == "ward 4"
    assert accounts.set_cohort("amy", "").cohort is None
    accounts.set_password("amy", "another long password")
    assert accounts.authenticate("amy", PASSWORD) is None
    assert accounts.authenticate("amy", "another long password") is not None
    assert accounts.disable("amy").disabled
    assert accounts.authenticate("amy", "another long password") is None
    assert not accounts.enable("amy").disabled
    with pytest.raises(UnknownUser, match="nobody"):
        accounts.set_role("nobody", Role.admin)


# --------------------------------------------------------------------------- signing in


def test_sign_in_needs_the_right_password_and_ignores_name_case(accounts: Accounts) -> None:
    accounts.add("amy", PASSWORD)
    assert accounts.authenticate(" AMY ", PASSWORD).username == "amy"
    assert accounts.authenticate("amy", PASSWORD + "x") is None
    assert accounts.authenticate("amy", "") is None


def test_repeated_failures_lock_the_name_even_for_the_right_password(
    accounts: Accounts, clock: Clock
) -> None:
    accounts.add("amy", PASSWORD)
    for _ in range(accounts.policy.max_failures):
        assert accounts.authenticate("amy", "guess guess guess") is None
        clock.advance(seconds=10)
    assert accounts.locked("amy")
    assert accounts.authenticate("amy", PASSWORD) is None

    clock.advance(minutes=14)
    assert accounts.authenticate("amy", PASSWORD) is None, "still inside the lockout"
    clock.advance(minutes=2)
    assert accounts.authenticate("amy", PASSWORD).username == "amy"
    assert not accounts.locked("amy")


def test_a_successful_sign_in_resets_the_failure_count(accounts: Accounts) -> None:
    accounts.add("amy", PASSWORD)
    for _ in range(accounts.policy.max_failures - 1):
        accounts.authenticate("amy", "wrong password")
    assert accounts.authenticate("amy", PASSWORD) is not None
    for _ in range(accounts.policy.max_failures - 1):
        accounts.authenticate("amy", "wrong password")
    assert accounts.authenticate("amy", PASSWORD) is not None


def test_unknown_names_get_the_same_answer_and_the_same_lockout(accounts: Accounts) -> None:
    accounts.add("amy", PASSWORD)
    answers = [accounts.authenticate(name, "wrong password") for name in ("amy", "nobody", "amy", "nobody")]
    assert answers == [None, None, None, None]
    for _ in range(3):
        accounts.authenticate("nobody", "wrong password")
        accounts.authenticate("amy", "wrong password")
    assert accounts.locked("amy") and accounts.locked("nobody")


def test_failures_count_across_app_processes(store: Store, clock: Clock) -> None:
    first = Accounts(store, hasher=FAST_HASHER, clock=clock)
    first.add("amy", PASSWORD)
    with Store(store.url) as other_process:
        second = Accounts(other_process, hasher=FAST_HASHER, clock=clock)
        for attempt in range(first.policy.max_failures):
            (first if attempt % 2 else second).authenticate("amy", "wrong password")
        assert second.authenticate("amy", PASSWORD) is None
        assert first.locked("amy")


def test_an_old_hash_is_upgraded_at_sign_in(store: Store, clock: Clock) -> None:
    Accounts(store, hasher=FAST_HASHER, clock=clock).add("amy", PASSWORD)
    stronger = PasswordHasher(time_cost=2, memory_cost=16, parallelism=1)
    assert Accounts(store, hasher=stronger, clock=clock).authenticate("amy", PASSWORD) is not None
    with store.engine.connect() as conn:
        stored = conn.exec_driver_sql("SELECT password_hash FROM users").scalar_one()
    assert not stronger.check_needs_rehash(stored)


# --------------------------------------------------------------------------- access


@pytest.fixture
def cohort(accounts: Accounts) -> Accounts:
    for name, role, group in [
        ("amy", Role.trainee, "march"),
        ("ben", Role.trainee, "march"),
        ("cat", Role.trainee, "april"),
        ("tess", Role.trainer, "march"),
        ("tom", Role.trainer, None),
        ("ada", Role.admin, None),
    ]:
        accounts.add(name, PASSWORD, role=role, cohort=group)
    return accounts


def test_each_role_reads_what_the_access_rules_say(cohort: Accounts) -> None:
    assert cohort.readable_trainees(cohort.get("amy")) == {"amy"}
    assert cohort.readable_trainees(cohort.get("tess")) == {"tess", "amy", "ben"}
    assert cohort.readable_trainees(cohort.get("tom")) == {"tom"}
    assert cohort.readable_trainees(cohort.get("ada")) is None
    assert cohort.can_read(cohort.get("ada"), "someone from before accounts")
    assert not cohort.can_read(cohort.get("tess"), "cat")
    assert not cohort.can_read(cohort.disable("tess"), "amy")


def test_the_viewer_comes_from_the_signed_in_name(accounts: Accounts) -> None:
    assert accounts.viewer(None) == LOCAL_USER, "no accounts yet: local single-user mode"
    accounts.add("amy", PASSWORD)
    with pytest.raises(AccessDenied, match="restart"):
        accounts.viewer(None)
    assert accounts.viewer("Amy").username == "amy"
    accounts.disable("amy")
    with pytest.raises(AccessDenied, match="not active"):
        accounts.viewer("amy")
    with pytest.raises(AccessDenied, match="not active"):
        accounts.viewer("ghost")


def _statements(store: Store) -> list[str]:
    """Every statement the store's engine runs from now on (a list that grows)."""
    ran: list[str] = []
    event.listen(store.engine, "before_cursor_execute", lambda *args: ran.append(args[2]))
    return ran


def _added_elsewhere(store: Store, name: str) -> None:
    """An account written by another process (`coach users add`): straight to the table, not through
    any Accounts of this one."""
    row = {"username": name, "password_hash": "x", "role": "admin", "disabled": False}
    with store.writing() as conn:
        conn.execute(insert(users).values(**row, created_at=datetime.now(UTC)))


def test_without_sign_in_the_check_for_accounts_is_kept_a_few_seconds(store: Store) -> None:
    now = [1000.0]
    accounts = Accounts(store, hasher=FAST_HASHER, monotonic=lambda: now[0])
    assert accounts.viewer(None) == LOCAL_USER
    ran = _statements(store)
    assert accounts.viewer(None) == LOCAL_USER
    assert ran == [], "the kept answer: no round trip to the database"
    _added_elsewhere(store, "ada")
    now[0] += USERS_NOTICED_WITHIN_S - 0.5
    assert accounts.viewer(None) == LOCAL_USER, "another process's account, within the window"
    now[0] += 0.5
    with pytest.raises(AccessDenied, match="restart"):
        accounts.viewer(None)
    assert accounts.has_users(), "has_users itself always asks the database"


def test_an_account_added_or_enabled_in_this_process_is_seen_at_once(store: Store) -> None:
    accounts = Accounts(store, hasher=FAST_HASHER, monotonic=lambda: 1000.0)  # the clock never moves
    other = Accounts(store, hasher=FAST_HASHER)  # another part of this process: the users CLI, a test
    assert accounts.viewer(None) == LOCAL_USER
    other.add("ada", PASSWORD, role=Role.admin)
    with pytest.raises(AccessDenied, match="restart"):
        accounts.viewer(None)
    other.disable("ada")
    assert accounts.viewer(None) == LOCAL_USER
    other.enable("ada")
    with pytest.raises(AccessDenied, match="restart"):
        accounts.viewer(None)


def test_only_trainers_and_admins_review(cohort: Accounts) -> None:
    Accounts.require_reviewer(cohort.get("tess"), "comment")
    Accounts.require_reviewer(cohort.get("ada"), "comment")
    with pytest.raises(AccessDenied, match="Only trainers and admins can comment"):
        Accounts.require_reviewer(cohort.get("amy"), "comment")


# --------------------------------------------------------------------------- serving


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "localhost", "::1", "[::1]"])
def test_loopback_addresses_are_recognised(host: str) -> None:
    assert is_loopback(host)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "10.1.2.3", "192.168.0.5", "no-such-host.invalid"])
def test_other_addresses_are_not_loopback(host: str) -> None:
    assert not is_loopback(host)


def test_serving_in_the_open_needs_an_account(accounts: Accounts, store: Store) -> None:
    assert require_accounts_for("127.0.0.1", store) is None
    message = require_accounts_for("0.0.0.0", store)
    assert message is not None and "0.0.0.0" in message and "coach users add" in message
    accounts.add("ada", PASSWORD, role=Role.admin)
    assert require_accounts_for("0.0.0.0", store) is None
    accounts.disable("ada")
    assert require_accounts_for("0.0.0.0", store) is not None, "a disabled account cannot sign in"


# --------------------------------------------------------------------------- schema


def test_m002_upgrades_a_database_that_has_only_m001(database_url: str) -> None:
    with Store(database_url, migrations=MIGRATIONS[:1]) as old:
        assert old.migrations_applied == ["m001_initial"]
    with Store(database_url, migrations=MIGRATIONS[:2]) as upgraded:
        assert upgraded.migrations_applied == ["m002_accounts_reviews"]
        assert {"users", "login_attempts", "comments", "overrides"} <= set(
            inspect(upgraded.engine).get_table_names()
        )


# --------------------------------------------------------------------------- coach users


@pytest.fixture
def cli_db(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("COACH_DATABASE_URL", database_url)
    get_settings.cache_clear()
    yield database_url
    get_settings.cache_clear()


def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(users_app, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.slow
def test_coach_users_adds_lists_changes_and_disables(cli_db: str) -> None:
    assert run("list")[1].startswith("no accounts yet")
    code, out, _ = run("add", "Ada", "--role", "admin", "--password-stdin", stdin=PASSWORD + "\n")
    assert code == 0 and "ada" in out and "admin" in out
    assert (
        run("add", "tess", "--role", "trainer", "--cohort", "march", stdin=f"{PASSWORD}\n{PASSWORD}\n")[0]
        == 0
    )
    assert run("set-role", "tess", "admin")[0] == 0
    assert run("set-cohort", "ada", "april")[0] == 0
    assert run("disable", "tess")[0] == 0
    code, out, _ = run("list")
    assert code == 0
    lines = out.splitlines()[1:]
    assert lines[0].split() == ["ada", "admin", "april", "active"]
    assert lines[1].split() == ["tess", "admin", "march", "disabled"]
    with Store(cli_db) as store:
        assert Accounts(store).authenticate("ada", PASSWORD) is not None


def test_coach_users_errors_are_one_line_and_exit_1(cli_db: str) -> None:
    code, _, err = run("add", "amy", "--password-stdin", stdin="short\n")
    assert code == 1 and err.strip() == "error: the password is too short: use at least 10 characters"
    code, _, err = run("disable", "ghost")
    assert code == 1 and err.strip() == "error: no user named 'ghost'"
    code, _, err = run("set-role", "ghost", "emperor")
    assert code == 2 and "emperor" in err


def test_coach_users_shows_who_is_signed_in_and_signs_a_name_out_everywhere(cli_db: str) -> None:
    run("add", "amy", "--password-stdin", stdin=PASSWORD + "\n")
    with Store(cli_db) as store:
        sessions = SignInSessions(store)
        tokens = [sessions.start("amy"), sessions.start("amy")]
        code, out, _ = run("list")
        assert code == 0 and out.splitlines()[1].endswith("active (signed in on 2 browser(s))")
        assert run("sign-out", "AMY") == (0, "signed out 2 browser(s) of amy\n", "")
        assert [sessions.user(token) for token in tokens] == [None, None]
        assert run("list")[1].splitlines()[1].split() == ["amy", "trainee", "-", "active"]
    code, _, err = run("sign-out", "nobody")
    assert code == 1 and err.strip() == "error: no user named 'nobody'"
