"""One turn at a time per session in this process, from the read a turn starts from until its staff line
is stored.

A turn reads the session, grades the line and stores it with a compare-and-set on the head it read
(coach.store), so two sends on one session can never chain staff under staff, whichever process they
reach. While the store was called on the event loop, one process ran that stretch of a turn without a
pause, so a second send on the same session read the session only after the first had stored its line,
and was answered in turn rather than refused as sent elsewhere. The store is now called off the loop
(coach.off_loop), and this lock keeps that order within a process; the compare-and-set still decides
between processes. The lock is let go at the turn's first event (its staff line stored, or the reply
replayed), so a model's reply streaming for seconds holds nobody up.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager


class TurnOrder:
    """A lock per session id, made when a turn of that session first asks and gone when none holds it."""

    def __init__(self) -> None:
        self._locks: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()

    @asynccontextmanager
    async def opening(self, session_id: str | None) -> AsyncIterator[Callable[[], None]]:
        """Wait for the session's earlier turn in this process to store its line, then hold the session
        until the returned callable is called (at the turn's first event) or the block ends."""
        key = str(session_id)
        lock = self._locks.get(key)
        if lock is None:
            lock = self._locks[key] = asyncio.Lock()
        await lock.acquire()
        held = True

        def release() -> None:
            nonlocal held
            if held:
                held = False
                lock.release()

        try:
            yield release
        finally:
            release()
