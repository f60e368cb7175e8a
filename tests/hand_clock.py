"""A clock the test moves by hand, for code that takes a `clock` callable (sign-in lockout, sessions)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


class Clock:
    """Returns `now` until the test advances it."""

    def __init__(self, start: datetime = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)
