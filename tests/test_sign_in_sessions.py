"""Finding 4: sign-in sessions end. Idle and absolute expiry, sign-out, revocation on password change,
role change and disable, one session set per account whatever the case of the name; the store keeps
only token hashes. On SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hand_clock import Clock
from review_fixtures import FAST_HASHER, PASSWORD

from coach.access.accounts import Accounts, Role
from coach.access.sign_in_sessions import KEEP_ENDED, SessionPolicy, SignInSessions, sign_in_sessions
from coach.config import Settings
from coach.store import Store


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 3, 2, 7, 30, tzinfo=UTC))


@pytest.fixture
def sessions(store: Store, clock: Clock) -> SignInSessions:
    return SignInSessions(
        store, SessionPolicy(idle=timedelta(minutes=30), lifetime=timedelta(hours=12)), clock=clock
    )


def test_a_session_left_alone_for_the_idle_time_ends(sessions: SignInSessions, clock: Clock) -> None:
    token = sessions.start("amy")
    clock.advance(minutes=29)
    assert sessions.user(token) == "amy"
    clock.advance(minutes=29)
    assert sessions.user(token) == "amy", "the request at 29 minutes kept it alive"
    clock.advance(minutes=30)
    assert sessions.user(token) is None
    assert sessions.live("amy") == 0


def test_a_busy_session_still_ends_at_the_end_of_the_shift(sessions: SignInSessions, clock: Clock) -> None:
    token = sessions.start("amy")
    for _ in range(12 * 4 - 1):
        clock.advance(minutes=15)
        assert sessions.user(token) == "amy"
    clock.advance(minutes=15)
    assert sessions.user(token) is None, "12 hours after sign-in, however busy"


def test_sign_out_ends_one_session_and_leaves_the_others(sessions: SignInSessions) -> None:
    ward_pc, office_pc = sessions.start("amy"), sessions.start("amy")
    sessions.end(ward_pc)
    assert sessions.user(ward_pc) is None and sessions.user(office_pc) == "amy"
    sessions.end("no such token")
    sessions.end(None)


def test_unknown_forged_and_oversized_tokens_are_nobody(sessions: SignInSessions) -> None:
    sessions.start("amy")
    for token in (None, "", "x" * 43, "' OR 1=1 --", "t" * 10_000):
        assert sessions.user(token) is None


def test_the_store_keeps_only_the_tokens_hash(sessions: SignInSessions, store: Store) -> None:
    token = sessions.start("amy")
    with store.reading() as conn:
        (row,) = conn.execute(sign_in_sessions.select()).all()
    assert token not in tuple(str(value) for value in row) and len(row.token_hash) == 64


def test_ended_sessions_are_deleted_after_a_week(
    sessions: SignInSessions, store: Store, clock: Clock
) -> None:
    sessions.end(sessions.start("amy"))
    clock.advance(days=KEEP_ENDED.days + 1)
    sessions.start("ben")
    with store.reading() as conn:
        assert [r.username for r in conn.execute(sign_in_sessions.select())] == ["ben"]


@pytest.mark.parametrize(
    ("change", "ends"),
    [
        (lambda a: a.set_password("AMY", "a new long passphrase"), True),
        (lambda a: a.set_role("Amy", Role.trainer), True),
        (lambda a: a.set_role("amy", Role.trainee), False),
        (lambda a: a.disable("amy"), True),
        (lambda a: a.set_cohort("amy", "april"), False),
    ],
    ids=["password", "role", "same-role", "disable", "cohort"],
)
def test_account_changes_that_take_rights_away_end_every_session(
    store: Store,
    clock: Clock,
    sessions: SignInSessions,
    change,
    ends: bool,
) -> None:
    accounts = Accounts(store, hasher=FAST_HASHER, clock=clock)
    accounts.add("amy", PASSWORD)
    tokens = [
        sessions.start(accounts.authenticate(name, PASSWORD).username) for name in ("AMY", "amy", " Amy")
    ]
    assert sessions.live("amy") == 3, "one account, one set of sessions, whatever the case typed"
    change(accounts)
    assert [sessions.user(t) for t in tokens] == ([None] * 3 if ends else ["amy"] * 3)


def test_settings_set_the_idle_time_and_the_lifetime() -> None:
    default = SessionPolicy.from_settings(Settings())
    assert default == SessionPolicy(idle=timedelta(minutes=30), lifetime=timedelta(hours=12))
    custom = SessionPolicy.from_settings(Settings(session_idle_minutes=5, session_hours=8))
    assert custom == SessionPolicy(idle=timedelta(minutes=5), lifetime=timedelta(hours=8))
