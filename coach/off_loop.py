"""Blocking store work called from async code, run on a worker thread so that the event loop stays free.

The web app runs its turn handlers on the process's one asyncio event loop, where Gradio also routes
every request: a database round trip made on the loop stops everything else the process does until
PostgreSQL (or SQLite's write lock) answers (BENCHMARKS.md, "Where a saturated process's event loop
goes"). Each call here is one hop to a worker thread and back, so a caller groups a step's statements
into one call (one hop a step, not one a statement).

The hop is the standard library's: a thread pool of the process's own and the loop's wake-up when the
call returns. anyio's `to_thread.run_sync`, used before, passes through the loop once more before it
hands the call over and takes a capacity limiter and a cancel scope each time; in an offline turn that
cost about 0.15 ms of CPU more than this hop (BENCHMARKS.md, "One hop made cheaper").

Cancellation stays where it was when the call ran on the loop: a task cancelled while its call runs is
cancelled once the call has returned, so a write is never left half-way with its caller gone, and the
caller sees what was written.

A store whose connection pool gives each thread a connection of its own (SQLite in memory, where each
connection is a database of its own) cannot be read from another thread: its calls run where they are
made, as before.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import TypeVar, TypeVarTuple, Unpack

from sqlalchemy.pool import SingletonThreadPool

from coach.store import Store

Result = TypeVar("Result")
Args = TypeVarTuple("Args")

# As many calls at once as anyio's default limit allowed before: on PostgreSQL each waits on its socket.
WORKERS = 40

_workers: ThreadPoolExecutor | None = None
_making = threading.Lock()


def _pool() -> ThreadPoolExecutor:
    """The process's worker threads, made on first use (threads start as calls need them)."""
    global _workers
    if _workers is None:
        with _making:
            if _workers is None:
                _workers = ThreadPoolExecutor(WORKERS, thread_name_prefix="coach-store")
    return _workers


def shares_threads(store: Store) -> bool:
    """Whether the store's connections may be used from any thread (every file or server database)."""
    return not isinstance(store.engine.pool, SingletonThreadPool)


async def off_loop(store: Store, call: Callable[[Unpack[Args]], Result], *args: *Args) -> Result:
    """`call(*args)`, which uses `store`, on a worker thread (in the caller's context variables); the loop
    runs other work meanwhile."""
    if not shares_threads(store):
        return call(*args)
    context = contextvars.copy_context()
    running = asyncio.get_running_loop().run_in_executor(_pool(), partial(context.run, call, *args))
    try:
        # Shielded: a cancellation reaches this task, not the call, which cannot be stopped once it runs.
        return await asyncio.shield(running)
    except asyncio.CancelledError:
        while not running.done():  # the call returns first, however often the task is cancelled meanwhile
            # What it returns or raises is no longer the caller's: the caller is cancelled all the same.
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await asyncio.shield(running)
        raise
