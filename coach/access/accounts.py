"""User accounts: roles, argon2 password hashes, sign-in with a lockout, and who may read which session.

Access (docs/trainers.md): a trainee reads only their own sessions (sessions.trainee is the user name); a
trainer reads their own and those of the trainees in their cohort; an admin reads every session.
Sign-in: after `max_failures` failed attempts in a row on one name within `window`, that name is locked
for `lockout` from the last failure, whatever password comes next. Each attempt takes its slot first, in
one transaction serialised per name across processes (an advisory lock on PostgreSQL, the database write
lock on SQLite): the lock state is read and the attempt recorded as a failure before the password is
checked, so parallel attempts cannot check more than `max_failures` passwords; the slow hash runs outside
the transaction and a match then marks the attempt as a success. Unknown names, disabled accounts and
locked names are checked against a dummy hash, so every refusal costs the same and reads the same.
Changing a password, a role or disabling an account ends that account's sign-in sessions.
Local single-user mode (no sign-in) is allowed only while no account exists and the app listens on a
loopback address; `require_accounts_for` is the launcher's check. A running app without sign-in refuses
every event once an account exists (`viewer`): one added or changed through this process at once, one
added by another process (`coach users add`) within USERS_NOTICED_WITHIN_S seconds, the time the answer to
"is there any account?" is kept, so that it is not a database round trip on every event.
"""

from __future__ import annotations

import ipaddress
import re
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from functools import cached_property
from typing import Any
from uuid import uuid4

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from pydantic import BaseModel, ConfigDict
from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    Index,
    MetaData,
    Table,
    Text,
    bindparam,
    delete,
    insert,
    select,
    text,
    update,
)

from coach.access.password_policy import MAX_PASSWORD_CHARS, WeakPassword, check_password
from coach.access.sign_in_sessions import revoke_all
from coach.models import utcnow
from coach.schema import UTCDateTime, as_utc
from coach.store import NotFound, Store

MAX_USERNAME_CHARS = 64
USERNAME_PATTERN = re.compile(rf"[a-z0-9][a-z0-9._-]{{0,{MAX_USERNAME_CHARS - 1}}}")
LOCAL_USERNAME = "local"
# PostgreSQL advisory locks taken per sign-in name live in this space (any fixed 32-bit number will do).
_SIGN_IN_LOCK_SPACE = 0x636F6163  # "coac"
USERS_NOTICED_WITHIN_S = 5.0  # how long `viewer` keeps the answer to "is there any account?" (see above)

metadata = MetaData()

users = Table(
    "users",
    metadata,
    Column("username", Text, primary_key=True),
    Column("password_hash", Text, nullable=False),
    Column("role", Text, nullable=False),
    Column("cohort", Text),
    Column("disabled", Boolean, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Index("ix_users_cohort", "cohort"),
)

login_attempts = Table(
    "login_attempts",
    metadata,
    Column("id", Text, primary_key=True),
    Column("username", Text, nullable=False),
    Column("succeeded", Boolean, nullable=False),
    Column("attempted_at", UTCDateTime, nullable=False),
    Index("ix_login_attempts_user_time", "username", "attempted_at"),
)


# The two statements of the access check every web event makes (Accounts.viewer), built once: building a
# statement costs about as much as running it on SQLite (BENCHMARKS.md, "Server CPU a turn towards 15 ms").
_ANY_ENABLED_USER = select(users.c.username).where(users.c.disabled.is_(False)).limit(1)
_USER_NAMED = select(users).where(users.c.username == bindparam("username"))


class Role(StrEnum):
    trainee = "trainee"
    trainer = "trainer"
    admin = "admin"


REVIEWERS = frozenset({Role.trainer, Role.admin})


class User(BaseModel):
    """An account as the rest of the code sees it: never the password hash."""

    model_config = ConfigDict(frozen=True)

    username: str
    role: Role
    cohort: str | None = None
    disabled: bool = False
    created_at: datetime

    @property
    def reviews(self) -> bool:
        """May review others' sessions: comment, override grades, see the cohort."""
        return self.role in REVIEWERS


LOCAL_USER = User(username=LOCAL_USERNAME, role=Role.admin, created_at=datetime(2000, 1, 1, tzinfo=UTC))
"""The viewer in local single-user mode: one person at their own machine, who may see everything."""


class AccountError(ValueError):
    """A request about accounts that cannot be done; the message is one line for the user."""


class UnknownUser(NotFound):
    def __init__(self, username: str) -> None:
        super().__init__(f"no user named {username!r}")


class AccessDenied(PermissionError):
    """The viewer may not do this; the message is one line for the user."""


@dataclass(frozen=True)
class _UsersSeen:
    """An answer of has_users: what it was, when (monotonic seconds) and after how many account writes
    of this process."""

    exist: bool
    at: float
    writes: int


@dataclass(frozen=True)
class LoginPolicy:
    max_failures: int = 5
    window: timedelta = timedelta(minutes=15)
    lockout: timedelta = timedelta(minutes=15)
    failure_delay: float = 1.0  # seconds the web sign-in waits before saying no (slows guessing)


SIGN_IN_MESSAGE = (
    f"Sign in with your coach account. After {LoginPolicy.max_failures} failed attempts a name is locked "
    f"for {LoginPolicy.lockout.total_seconds() / 60:.0f} minutes; an admin manages accounts "
    "with `coach users`."
)
"""The line under the sign-in form (coach/ui/sign_in_page.py)."""


def normalise_username(username: str) -> str:
    """The stored form of a user name: stripped and lower-case."""
    return username.strip().lower()


def _valid_username(username: str) -> str:
    name = normalise_username(username)
    if not USERNAME_PATTERN.fullmatch(name):
        raise AccountError(
            f"user name {username!r} is not allowed: use 1-64 letters, digits, '.', '_' or '-', "
            "starting with a letter or digit"
        )
    if name == LOCAL_USERNAME:
        raise AccountError(f"'{LOCAL_USERNAME}' is reserved for local single-user mode; choose another name")
    return name


def _valid_password(password: str, username: str) -> str:
    try:
        return check_password(password, username)
    except WeakPassword as exc:
        raise AccountError(str(exc)) from None


def _valid_cohort(cohort: str | None) -> str | None:
    if cohort is None or not cohort.strip():
        return None
    cohort = cohort.strip()
    if len(cohort) > 120:
        raise AccountError("the cohort name is too long: use at most 120 characters")
    return cohort


def _user_from(row: Any) -> User:
    return User(
        username=row.username,
        role=Role(row.role),
        cohort=row.cohort,
        disabled=row.disabled,
        created_at=row.created_at,
    )


class Accounts:
    """The users of one store, their sign-in and what each may read."""

    # Account writes made through any Accounts of this process (added, enabled, disabled, changed): a
    # kept answer of has_users from before one of them is not used.
    _writes = 0

    def __init__(
        self,
        store: Store,
        *,
        hasher: PasswordHasher | None = None,
        policy: LoginPolicy | None = None,
        clock: Callable[[], datetime] = utcnow,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.store = store
        self.hasher = hasher or PasswordHasher()
        self.policy = policy or LoginPolicy()
        self._clock = clock
        self._monotonic = monotonic
        self._users_seen: _UsersSeen | None = None

    @staticmethod
    def _written() -> None:
        # Counted on the class, so that every Accounts of the process forgets its kept answer. Called
        # after the write commits: an answer read before the commit is always older than this count.
        Accounts._writes += 1

    @cached_property
    def _dummy_hash(self) -> str:
        return self.hasher.hash("a password nobody has")

    # ----------------------------------------------------------------------- managing users

    def add(
        self, username: str, password: str, role: Role | str = Role.trainee, cohort: str | None = None
    ) -> User:
        """Create an account; the name must be new."""
        name = _valid_username(username)
        row = {
            "username": name,
            "password_hash": self.hasher.hash(_valid_password(password, name)),
            "role": Role(role).value,
            "cohort": _valid_cohort(cohort),
            "disabled": False,
            "created_at": as_utc(self._clock()),
        }
        with self.store.writing() as conn:
            if conn.execute(select(users.c.username).where(users.c.username == name)).first():
                raise AccountError(f"a user named {name!r} already exists")
            conn.execute(insert(users).values(row))
        self._written()
        return self.get(name)

    def get(self, username: str) -> User:
        found = self.find(username)
        if found is None:
            raise UnknownUser(normalise_username(username))
        return found

    def find(self, username: str) -> User | None:
        with self.store.reading() as conn:
            row = conn.execute(_USER_NAMED, {"username": normalise_username(username)}).first()
        return None if row is None else _user_from(row)

    def list(self) -> list[User]:
        """Every account, by name."""
        with self.store.reading() as conn:
            return [_user_from(row) for row in conn.execute(select(users).order_by(users.c.username))]

    def has_users(self) -> bool:
        """Whether any enabled account exists (then the app asks everyone to sign in)."""
        with self.store.reading() as conn:
            return conn.execute(_ANY_ENABLED_USER).first() is not None

    def _has_users_lately(self) -> bool:
        """has_users, answered from the last answer while it is under USERS_NOTICED_WITHIN_S seconds old
        and no account was written through this process since."""
        now, writes = self._monotonic(), Accounts._writes  # both taken before the read (see _written)
        seen = self._users_seen
        if seen is not None and seen.writes == writes and 0 <= now - seen.at < USERS_NOTICED_WITHIN_S:
            return seen.exist
        exist = self.has_users()
        self._users_seen = _UsersSeen(exist, now, writes)
        return exist

    def set_role(self, username: str, role: Role | str) -> User:
        """Change the role; a real change signs the account out everywhere."""
        return self._update(username, role=Role(role).value)

    def set_cohort(self, username: str, cohort: str | None) -> User:
        return self._update(username, cohort=_valid_cohort(cohort))

    def set_password(self, username: str, password: str) -> User:
        """Set a new password (the policy applies) and sign the account out everywhere."""
        name = normalise_username(username)
        new_hash = self.hasher.hash(_valid_password(password, name))
        return self._update(name, sign_out=True, password_hash=new_hash)

    def disable(self, username: str) -> User:
        """Stop an account signing in or reading anything, and sign it out; its coaching sessions stay."""
        return self._update(username, disabled=True)

    def enable(self, username: str) -> User:
        return self._update(username, disabled=False)

    def sign_out_everywhere(self, username: str) -> int:
        """End every sign-in session of the account (a browser left signed in on a ward PC); how many."""
        name = normalise_username(username)
        with self.store.writing() as conn:
            if conn.execute(select(users.c.username).where(users.c.username == name)).first() is None:
                raise UnknownUser(name)
            return revoke_all(conn, name, self._clock())

    def _update(self, username: str, *, sign_out: bool = False, **values: Any) -> User:
        """Change the account's columns; end its sign-in sessions when `sign_out`, or when its role
        changes or it is disabled (a browser signed in before must not keep rights it has lost)."""
        name = normalise_username(username)
        with self.store.writing() as conn:
            before = conn.execute(select(users).where(users.c.username == name)).first()
            if before is None:
                raise UnknownUser(name)
            conn.execute(update(users).where(users.c.username == name).values(**values))
            if (
                sign_out
                or values.get("role", before.role) != before.role
                or (values.get("disabled") and not before.disabled)
            ):
                revoke_all(conn, name, self._clock())
        self._written()
        return self.get(name)

    # ----------------------------------------------------------------------- signing in

    def authenticate(self, username: str, password: str) -> User | None:
        """The user when the name and password match an enabled, unlocked account; else None.

        Every refusal looks the same to the caller: wrong password, unknown name, disabled, locked. A name
        or password too long to be anyone's is refused before anything is stored or hashed.
        """
        if len(username) > MAX_USERNAME_CHARS + 2 or len(password) > MAX_PASSWORD_CHARS:
            return None
        name = normalise_username(username)
        if not USERNAME_PATTERN.fullmatch(name):
            return None  # no account can have this name, so there is nothing to count against
        attempt, row = self._take_slot(name)
        usable = attempt is not None and row is not None and not row.disabled
        try:
            # An unusable name is still checked against a hash, so a refusal costs what a wrong password does.
            self.hasher.verify(row.password_hash if usable else self._dummy_hash, password)
            matched = usable
        except (VerificationError, InvalidHashError):
            matched = False
        if not matched:
            return None
        rehashed = self.hasher.hash(password) if self.hasher.check_needs_rehash(row.password_hash) else None
        with self.store.writing() as conn:
            conn.execute(update(login_attempts).where(login_attempts.c.id == attempt).values(succeeded=True))
            if rehashed is not None:
                conn.execute(
                    update(users)
                    .where(users.c.username == name, users.c.password_hash == row.password_hash)
                    .values(password_hash=rehashed)
                )
        return _user_from(row)

    def _take_slot(self, name: str) -> tuple[str | None, Any]:
        """One step per name across processes: read the lock state and, unless locked, record this
        attempt as a failure (a match marks it a success later). Returns the attempt's id (None when
        locked) and the account's row (None for an unknown name)."""
        now = as_utc(self._clock())
        with self.store.writing() as conn:
            if conn.dialect.name == "postgresql":
                # SQLite's writing() already holds the database write lock; PostgreSQL locks just this name.
                conn.execute(
                    text("SELECT pg_advisory_xact_lock(:space, hashtext(:name))"),
                    {"space": _SIGN_IN_LOCK_SPACE, "name": name},
                )
            row = conn.execute(select(users).where(users.c.username == name)).first()
            if self._locked(conn, name, now):
                return None, row  # attempts during a lockout are not counted, so it ends on time
            attempt = uuid4().hex
            conn.execute(
                insert(login_attempts).values(id=attempt, username=name, succeeded=False, attempted_at=now)
            )
            horizon = now - max(self.policy.window, self.policy.lockout)
            conn.execute(delete(login_attempts).where(login_attempts.c.attempted_at < horizon))
        return attempt, row

    def _locked(self, conn: Connection, name: str, now: datetime) -> bool:
        query = (
            select(login_attempts.c.succeeded, login_attempts.c.attempted_at)
            .where(
                login_attempts.c.username == name, login_attempts.c.attempted_at >= now - self.policy.window
            )
            .order_by(login_attempts.c.attempted_at.desc())
            .limit(self.policy.max_failures)
        )
        recent = conn.execute(query).all()
        if len(recent) < self.policy.max_failures or any(r.succeeded for r in recent):
            return False
        return now - recent[0].attempted_at < self.policy.lockout

    def locked(self, username: str) -> bool:
        """Whether the name is locked out now (for an admin's view; sign-in never says so)."""
        with self.store.reading() as conn:
            return self._locked(conn, normalise_username(username), as_utc(self._clock()))

    # ----------------------------------------------------------------------- access

    def viewer(self, username: str | None) -> User:
        """Who is asking, from the signed-in name (None when the app runs without sign-in).

        Raises AccessDenied when the name no longer has an enabled account, or when nobody signed in
        although accounts exist (the app was started before the first account: restart it). An account
        added by another process is noticed within USERS_NOTICED_WITHIN_S seconds (the module's docstring).
        """
        if username is None:
            if self._has_users_lately():
                raise AccessDenied(
                    "This app has user accounts: restart it so that it asks everyone to sign in."
                )
            return LOCAL_USER
        user = self.find(username)
        if user is None or user.disabled:
            raise AccessDenied("Your account is not active. Ask an admin.")
        return user

    def readable_trainees(self, viewer: User) -> frozenset[str] | None:
        """The trainee names whose sessions `viewer` may read; None means every session."""
        if viewer.disabled:
            return frozenset()
        if viewer.role is Role.admin:
            return None
        if viewer.role is Role.trainee or viewer.cohort is None:
            return frozenset({viewer.username})
        query = select(users.c.username).where(
            users.c.cohort == viewer.cohort, users.c.role == Role.trainee.value
        )
        with self.store.reading() as conn:
            return frozenset({viewer.username, *conn.execute(query).scalars()})

    def can_read(self, viewer: User, trainee: str) -> bool:
        """Whether `viewer` may read a session whose trainee is `trainee`."""
        readable = self.readable_trainees(viewer)
        return readable is None or trainee in readable

    @staticmethod
    def require_reviewer(viewer: User, doing: str) -> None:
        """Refuse `doing` (e.g. 'comment') unless the viewer is a trainer or an admin."""
        if not viewer.reviews:
            raise AccessDenied(f"Only trainers and admins can {doing}.")


def is_loopback(host: str) -> bool:
    """Whether `host` (an address or a name) reaches only this machine."""
    host = host.strip().strip("[]")
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, None)
    except OSError:
        return False
    return bool(infos) and all(ipaddress.ip_address(info[4][0]).is_loopback for info in infos)


def require_accounts_for(host: str, store: Store) -> str | None:
    """None when the app may serve on `host`; else the message to print before refusing to start.

    Without accounts there is no sign-in, and everyone who can reach the app reads every session: that
    is allowed only on a loopback address.
    """
    if is_loopback(host) or Accounts(store).has_users():
        return None
    return (
        f"refusing to serve on {host}: there are no user accounts, so anyone who can reach the app could "
        "read every session. Add an admin first (coach users add NAME --role admin), or listen on "
        "127.0.0.1 for local single-user use."
    )
