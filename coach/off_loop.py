"""Blocking store work called from async code, run on a worker thread so that the event loop stays free.

The web app runs its turn handlers on the process's one asyncio event loop, where Gradio also routes
every request: a database round trip made on the loop stops everything else the process does until
PostgreSQL (or SQLite's write lock) answers (BENCHMARKS.md, "Where a saturated process's event loop
goes"). Each call here is one hop to a worker thread and back, tens of microseconds of the loop's own
time, so a caller groups a step's statements into one call (one hop a step, not one a statement).

Cancellation stays where it was when the call ran on the loop: a task cancelled while its call runs is
cancelled once the call has returned (anyio's default), so a write is never left half-way with its
caller gone, and the caller sees what was written.

A store whose connection pool gives each thread a connection of its own (SQLite in memory, where each
connection is a database of its own) cannot be read from another thread: its calls run where they are
made, as before.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar, TypeVarTuple, Unpack

import anyio.to_thread
from sqlalchemy.pool import SingletonThreadPool

from coach.store import Store

Result = TypeVar("Result")
Args = TypeVarTuple("Args")


def shares_threads(store: Store) -> bool:
    """Whether the store's connections may be used from any thread (every file or server database)."""
    return not isinstance(store.engine.pool, SingletonThreadPool)


async def off_loop(store: Store, call: Callable[[Unpack[Args]], Result], *args: *Args) -> Result:
    """`call(*args)`, which uses `store`, on a worker thread; the loop runs other work meanwhile."""
    if not shares_threads(store):
        return call(*args)
    return await anyio.to_thread.run_sync(call, *args)
