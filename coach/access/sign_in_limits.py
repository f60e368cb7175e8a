"""Keeping a flood of sign-in attempts from blocking everyone: per-key rate limits and a bounded gate for
the slow password hash.

Argon2 spends ~50 ms of CPU and 64 MiB of memory per check on purpose; 300 at once took a server from
200 to 600 MB and made a real sign-in wait 41 s. So each client address and each account name gets a
token bucket (a burst, then a steady rate), one address has at most `per_address_at_once` attempt in
progress (a person signs in once at a time; a flood from one client then cannot queue ahead of others),
and at most `workers` checks run at once with at most `waiting` queued behind them; anything beyond is
refused at once, before it is stored or hashed. The
limits live in the process: they bound what one process spends, and the account lockout (in the store)
bounds guessing across processes.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")


class Busy(RuntimeError):
    """Too many sign-ins at once: the caller should answer 'try again in a moment'."""


@dataclass(frozen=True)
class SignInLimits:
    """The sign-in flood limits of one app process (defaults fit a ward's worth of people at shift change)."""

    per_address: int = 20  # attempts in a burst from one client address
    per_address_per_minute: float = 20.0
    per_address_at_once: int = 1  # attempts in progress from one client address (a person makes one)
    per_account: int = 10  # attempts in a burst on one account name (the lockout comes after 5 failures)
    per_account_per_minute: float = 10.0
    workers: int = 2  # password checks at once (each is CPU- and memory-hungry by design)
    waiting: int = 32  # checks queued behind them before new ones are refused
    tracked_keys: int = 10_000  # addresses/names remembered; the least recently seen are forgotten


class RateLimiter:
    """Token buckets by key: `burst` attempts at once, refilled at `per_minute`; memory bounded by
    `max_keys`."""

    def __init__(
        self, burst: int, per_minute: float, max_keys: int, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.burst = burst
        self.rate = per_minute / 60.0
        self.max_keys = max_keys
        self._clock = clock
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()  # key -> (tokens, when)

    def allow(self, key: str) -> bool:
        """Take one token for `key`; False when its bucket is empty (the attempt should be refused)."""
        now = self._clock()
        tokens, when = self._buckets.pop(key, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - when) * self.rate)
        allowed = tokens >= 1.0
        self._buckets[key] = (tokens - 1.0 if allowed else tokens, now)
        while len(self._buckets) > self.max_keys:
            self._buckets.popitem(last=False)
        return allowed


class HashGate:
    """Runs password checks on `workers` threads of its own, with at most `waiting` queued; more raise
    Busy at once. Its own threads, so that a flood cannot take the threads the rest of the app runs on."""

    def __init__(self, workers: int, waiting: int) -> None:
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="sign-in")
        self._capacity = workers + waiting
        self._admitted = 0

    async def run(self, check: Callable[[], T]) -> T:
        if self._admitted >= self._capacity:
            raise Busy("too many sign-ins at once")
        self._admitted += 1  # the event loop is one thread, so this count needs no lock
        try:
            return await asyncio.get_running_loop().run_in_executor(self._executor, check)
        finally:
            self._admitted -= 1
