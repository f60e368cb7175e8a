"""Sign-in sessions kept in the store: what a signed-in browser's cookie stands for.

A sign-in hands the browser a random token; the store keeps only its SHA-256 with the user name and the
times, so every app process on the database recognises the browser (no sticky sessions for sign-in) and
a copy of the database cannot be replayed as cookies. A session ends when it is signed out or revoked
(password change, disable, role change), after `idle` without a request, or `lifetime` after sign-in,
whichever comes first.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Column, Connection, Index, MetaData, Table, Text, delete, insert, or_, select, update

from coach.config import Settings
from coach.models import utcnow
from coach.schema import UTCDateTime, as_utc
from coach.store import Store

metadata = MetaData()

sign_in_sessions = Table(
    "sign_in_sessions",
    metadata,
    Column("token_hash", Text, primary_key=True),
    Column("username", Text, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("last_seen_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
    Column("revoked_at", UTCDateTime),
    Index("ix_sign_in_sessions_user", "username"),
    Index("ix_sign_in_sessions_expires", "expires_at"),
)

TOKEN_BYTES = 32
MAX_TOKEN_CHARS = 100  # a cookie longer than any token we issue is refused before it is hashed
# last_seen_at is written at most this often per session: enough for idle expiry to the minute without a
# database write on every request of a busy page.
TOUCH_EVERY = timedelta(seconds=60)
# Ended sessions are kept this long for an admin's questions, then deleted.
KEEP_ENDED = timedelta(days=7)


@dataclass(frozen=True)
class SessionPolicy:
    """How long a sign-in lasts: a 12-hour ward shift at most, and half an hour left alone."""

    idle: timedelta = timedelta(minutes=30)
    lifetime: timedelta = timedelta(hours=12)

    @classmethod
    def from_settings(cls, settings: Settings) -> SessionPolicy:
        """COACH_SESSION_IDLE_MINUTES and COACH_SESSION_HOURS."""
        return cls(
            idle=timedelta(minutes=settings.session_idle_minutes),
            lifetime=timedelta(hours=settings.session_hours),
        )


def token_hash(token: str) -> str:
    # Tokens carry 256 random bits, so a fast hash is enough: nobody can guess one to match.
    return hashlib.sha256(token.encode()).hexdigest()


def revoke_all(conn: Connection, username: str, now: datetime) -> int:
    """End every live session of `username` inside the caller's transaction; returns how many."""
    query = (
        update(sign_in_sessions)
        .where(sign_in_sessions.c.username == username, sign_in_sessions.c.revoked_at.is_(None))
        .values(revoked_at=as_utc(now))
    )
    return conn.execute(query).rowcount


class SignInSessions:
    """The sign-in sessions of one store."""

    def __init__(
        self,
        store: Store,
        policy: SessionPolicy | None = None,
        *,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.store = store
        self.policy = policy or SessionPolicy()
        self._clock = clock

    def start(self, username: str) -> str:
        """A new session for `username` (already signed in and normalised); returns the browser's token."""
        token = secrets.token_urlsafe(TOKEN_BYTES)
        now = as_utc(self._clock())
        with self.store.writing() as conn:
            conn.execute(
                insert(sign_in_sessions).values(
                    token_hash=token_hash(token),
                    username=username,
                    created_at=now,
                    last_seen_at=now,
                    expires_at=now + self.policy.lifetime,
                    revoked_at=None,
                )
            )
            ended_before = now - KEEP_ENDED
            conn.execute(
                delete(sign_in_sessions).where(
                    or_(
                        sign_in_sessions.c.expires_at < ended_before,
                        sign_in_sessions.c.revoked_at < ended_before,
                        sign_in_sessions.c.last_seen_at < ended_before,
                    )
                )
            )
        return token

    def user(self, token: str | None) -> str | None:
        """The user name a live session's token stands for; None for a missing, unknown or ended one.

        Marks the session as seen (at most once a TOUCH_EVERY), which keeps it from going idle.
        """
        if not token or len(token) > MAX_TOKEN_CHARS:
            return None
        key = token_hash(token)
        now = as_utc(self._clock())
        with self.store.reading() as conn:
            row = conn.execute(select(sign_in_sessions).where(sign_in_sessions.c.token_hash == key)).first()
        if row is None or row.revoked_at is not None or now >= row.expires_at:
            return None
        if now - row.last_seen_at >= self.policy.idle:
            return None
        if now - row.last_seen_at >= TOUCH_EVERY:
            with self.store.writing() as conn:
                conn.execute(
                    update(sign_in_sessions)
                    .where(sign_in_sessions.c.token_hash == key, sign_in_sessions.c.revoked_at.is_(None))
                    .values(last_seen_at=now)
                )
        return row.username

    def end(self, token: str | None) -> None:
        """Sign out the session of `token` (nothing happens for an unknown one)."""
        if not token or len(token) > MAX_TOKEN_CHARS:
            return
        with self.store.writing() as conn:
            conn.execute(
                update(sign_in_sessions)
                .where(
                    sign_in_sessions.c.token_hash == token_hash(token),
                    sign_in_sessions.c.revoked_at.is_(None),
                )
                .values(revoked_at=as_utc(self._clock()))
            )

    def live(self, username: str) -> int:
        """How many sessions of `username` could still be used now (for `coach users list`)."""
        now = as_utc(self._clock())
        query = select(sign_in_sessions.c.token_hash).where(
            sign_in_sessions.c.username == username,
            sign_in_sessions.c.revoked_at.is_(None),
            sign_in_sessions.c.expires_at > now,
            sign_in_sessions.c.last_seen_at > now - self.policy.idle,
        )
        with self.store.reading() as conn:
            return len(conn.execute(query).all())
