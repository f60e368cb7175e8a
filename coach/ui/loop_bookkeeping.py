"""Gradio's per-request bookkeeping run on the event loop where it is a few attribute reads, not handed
to a worker thread and back.

At a process's knee most of the hops to a worker thread did next to nothing there: FastAPI runs a sync
dependency on a worker thread, and Gradio's `login_check` (a comparison: is sign-in required, and is
there a user) guards every queue request, the join and the event stream of each event; Gradio's queue
hands the summary of its event timings to a worker thread after every event, where it is returned from
a cache 999 times in 1,000. Together about 4.5 hops a turn of about 9, each a wake-up of a worker
thread and of the loop, the interpreter lock changing hands twice, and a wait behind the loop's backlog
both ways (BENCHMARKS.md, "Why one process stops short of its core"). With an override in place FastAPI
describes an overridden dependency again on each request (about 36 us, measured), less than a hop.

Only what is known to do no I/O runs on the loop: `login_check` itself (the user it checks is resolved
by its own dependency, async in Gradio, before it runs), and the analytics summary only when it would
come from the cache; when it is due (pandas over the last events) it still runs on a worker thread.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import gradio.queueing
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from gradio.queueing import Queue
from gradio.routes import App

# Gradio's sync dependencies that only compare values already at hand.
CHEAP_CHECKS = frozenset({"login_check"})


def checks_on_loop(app: App) -> int:
    """`app` runs the CHEAP_CHECKS among its routes' dependencies on the loop, through FastAPI's
    dependency overrides (the routes of an included router are rebuilt from their declarations, so the
    override, not an edit of a route, is what every copy consults); returns how many were found (0 when
    Gradio has renamed them or made them async)."""
    for route in _api_routes(app.router):
        for call in _calls(route.dependant):
            if getattr(call, "__name__", None) in CHEAP_CHECKS and not inspect.iscoroutinefunction(call):
                app.dependency_overrides.setdefault(call, _on_loop(call))
    return sum(getattr(call, "__name__", None) in CHEAP_CHECKS for call in app.dependency_overrides)


def _api_routes(router: Any) -> Iterator[APIRoute]:
    for route in router.routes:
        if isinstance(route, APIRoute):
            yield route
        included = getattr(route, "original_router", None)  # FastAPI's record of an included router
        if included is not None:
            yield from _api_routes(included)


def _calls(dependant: Dependant) -> Iterator[Callable[..., Any]]:
    for sub in dependant.dependencies:
        if sub.call is not None:
            yield sub.call
        yield from _calls(sub)


def _on_loop(check: Callable[..., Any]) -> Callable[..., Awaitable[Any]]:
    """`check` as a coroutine function, which FastAPI awaits on the loop instead of sending to a worker
    thread; its parameters (its own dependencies) read from `check`'s signature."""

    async def on_loop(**values: Any) -> Any:
        return check(**values)

    on_loop.__name__ = on_loop.__qualname__ = f"{check.__name__}_on_loop"
    on_loop.__signature__ = inspect.signature(check)  # type: ignore[attr-defined]
    return on_loop


_hop = gradio.queueing.run_sync


async def _summary_on_loop_when_cached(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Gradio's queue's `run_sync`, which it uses for the analytics summary after every event: the
    summary taken from its cache on the loop, computed on a worker thread when due, anything else as
    before."""
    queue = getattr(func, "__self__", None)
    if isinstance(queue, Queue) and getattr(func, "__func__", None) is Queue.compute_analytics_summary:
        records = args[0] if args else kwargs.get("records")
        due = queue.events_recorded - queue.event_count_at_last_cache >= queue.ANAYLTICS_CACHE_FREQUENCY
        if not records or not due:
            return queue.cached_event_analytics_summary
    return await _hop(func, *args, **kwargs)


def summary_on_loop_when_cached() -> None:
    """Install the above in Gradio's queue module (once per process; idempotent)."""
    gradio.queueing.run_sync = _summary_on_loop_when_cached  # type: ignore[assignment]
