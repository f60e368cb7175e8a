"""A browser's page without a browser: the events a Gradio page sends, over its HTTP API (SSE included).

The page reads the app's /config and then does what the browser's client does with it: it keeps every
component's value, sends an event's inputs from those values (`POST /gradio_api/queue/join`), reads the
event's messages from the session's event stream (`GET /gradio_api/queue/data`) (an event off the
queue, `queue=False`: posts them and reads the answer, `POST /gradio_api/run/predict`), applies the
outputs, and then runs what follows, as the browser would: the `.then()` steps chained after the
event, and the `.change` events of every component whose value the outputs changed. So a page makes
exactly the events a real page makes for the same clicks and typing, whatever the app's wiring, and a
load generator built on it measures the app a browser meets (its follow-up events included), not
one route alone.

Not emulated: JavaScript-only steps (skipped: they cost the server nothing), file uploads, events run
concurrently (a page here sends one at a time) and `trigger_mode` beyond one run per change.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from typing import Any

from benchmarks.lite_http import Browser

API = "gradio_api"
ENDING = (b'"process_completed"', b'"close_stream"', b'"unexpected_error"')  # the messages a page waits for


class EventFailed(RuntimeError):
    """An event ended without success (a server error, a refused join, a closed stream)."""


@dataclass
class AppConfig:
    """What a page needs from /config: components (values, element ids) and the wiring of events."""

    values: dict[int, Any]
    elem_ids: dict[str, int]
    dependencies: list[dict[str, Any]]
    # The wiring indexed once: a page looks up its triggers on every event and every change.
    _triggers: dict[tuple[int | None, str], list[dict[str, Any]]] = field(init=False, repr=False)
    _chained: dict[int, list[dict[str, Any]]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._triggers, self._chained = {}, {}
        for d in self.dependencies:
            # (component, event) and (None, event): a dependency once per key, in config order
            for key in dict.fromkeys(k for t in d["targets"] for k in ((t[0], t[1]), (None, t[1]))):
                self._triggers.setdefault(key, []).append(d)
            if d.get("trigger_after") is not None:
                self._chained.setdefault(d["trigger_after"], []).append(d)

    @classmethod
    async def fetch(cls, client: Browser, url: str, page: str = "") -> AppConfig:
        """The config of one page of the app (`page`: its route, "" for the first)."""
        config = (await client.get(f"{url}config")).ok().json()
        # A multi-page app's config holds every page; a browser on one page runs only that page's events.
        ours = set(config["page"][page]["dependencies"]) if "page" in config else None
        values = {c["id"]: c.get("props", {}).get("value") for c in config["components"]}
        elem_ids = {
            c["props"]["elem_id"]: c["id"] for c in config["components"] if c.get("props", {}).get("elem_id")
        }
        dependencies = [d for d in config["dependencies"] if ours is None or d["id"] in ours]
        return cls(values, elem_ids, dependencies)

    def by_api_name(self, api_name: str) -> dict[str, Any]:
        return next(d for d in self.dependencies if d.get("api_name") == api_name)

    def triggered_by(self, component: int | None, event: str) -> list[dict[str, Any]]:
        """The events a trigger starts (component None: the page itself, e.g. "load")."""
        return self._triggers.get((component, event), [])

    def chained_after(self, dependency: dict[str, Any], succeeded: bool) -> list[dict[str, Any]]:
        chained = self._chained.get(dependency["id"], [])
        return [d for d in chained if succeeded or not d.get("trigger_only_on_success")]


@dataclass
class Page:
    """One open page (one Gradio session hash) of the app at `url`. `events` counts what it sent; `props`
    holds the other properties updates set (visible, interactive, ...), by component."""

    client: Browser
    url: str
    config: AppConfig
    values: dict[int, Any] = field(init=False)
    props: dict[int, dict[str, Any]] = field(default_factory=dict)
    session_hash: str = field(default_factory=lambda: uuid.uuid4().hex[:11])
    events: int = 0

    def __post_init__(self) -> None:
        self.values = dict(self.config.values)

    def value(self, elem_id: str) -> Any:
        return self.values[self.config.elem_ids[elem_id]]

    async def open(self) -> None:
        """Load the page as a browser does: the HTML, then the page's load events."""
        (await self.client.get(self.url)).ok()
        for dependency in self.config.triggered_by(None, "load"):
            await self.run(dependency)

    async def enter(self, elem_id: str, value: Any) -> None:
        """Type into a box or choose an option: its value, then its change events (a burst of
        keystrokes sends one)."""
        await self.set(self.config.elem_ids[elem_id], value)

    async def set(self, component: int, value: Any) -> None:
        if _same(self.values.get(component), value):
            return
        self.values[component] = value
        for dependency in self.config.triggered_by(component, "change"):
            await self.run(dependency)

    async def click(self, elem_id: str) -> None:
        component = self.config.elem_ids[elem_id]
        for dependency in self.config.triggered_by(component, "click"):
            await self.run(dependency, trigger=component)

    async def call(self, api_name: str) -> None:
        """Run an event by its API name, as its trigger would (its follow-ups included)."""
        await self.run(self.config.by_api_name(api_name))

    async def run(self, dependency: dict[str, Any], trigger: int | None = None) -> None:
        """One event and everything that follows it; raises EventFailed when it did not succeed."""
        if not dependency.get("backend_fn", True):
            succeeded = True  # a JavaScript-only step: nothing reaches the server
        else:
            output = await self._send(dependency, trigger)
            succeeded = output is not None
            changed = self._apply(dependency["outputs"], (output or {}).get("data") or [])
            changed += (output or {}).get("changed_state_ids") or []  # gr.State, kept on the server
            for component in changed:
                for follower in self.config.triggered_by(component, "change"):
                    await self.run(follower)
        for follower in self.config.chained_after(dependency, succeeded):
            await self.run(follower)
        if not succeeded:
            raise EventFailed(f"event {dependency.get('api_name') or dependency['id']} failed")

    async def _send(self, dependency: dict[str, Any], trigger: int | None) -> dict[str, Any] | None:
        """The event's output (its data, the gr.State it changed), or None when it failed."""
        self.events += 1
        body = {
            "data": [self.values.get(i) for i in dependency["inputs"]],
            "fn_index": dependency["id"],
            "session_hash": self.session_hash,
            "trigger_id": trigger,
            "event_data": None,
        }
        if dependency.get("queue") is False:  # off the queue: one request, answered in its response
            answered = await self.client.post(f"{self.url}{API}/run/predict", body)
            return answered.json() if answered.status == 200 else None
        joined = await self.client.post(f"{self.url}{API}/queue/join", body)
        if joined.status != 200:
            raise EventFailed(f"join refused: {joined.status} {joined.body[:200]!r}")
        event_id = joined.json()["event_id"]
        params = {"session_hash": self.session_hash}
        async with self.client.lines(f"{self.url}{API}/queue/data", params) as lines:
            async for line in lines:
                # Only the messages that end the wait are parsed (the queue's estimates and
                # heartbeats are most of a stream's lines).
                if not line.startswith(b"data:") or not any(m in line for m in ENDING):
                    continue
                message = json.loads(line[5:])
                if message.get("msg") == "process_completed" and message.get("event_id") == event_id:
                    return message["output"] if message.get("success") else None
                if message.get("msg") in ("close_stream", "unexpected_error"):
                    break
        raise EventFailed(f"the event stream closed before event {event_id} completed")

    def _apply(self, outputs: list[int], data: list[Any]) -> list[int]:
        """Store the outputs' new values; the components whose value changed."""
        changed = []
        for component, item in zip(outputs, data, strict=False):
            if isinstance(item, dict) and item.get("__type__") == "update":
                props = {k: v for k, v in item.items() if k not in ("__type__", "value")}
                self.props.setdefault(component, {}).update(props)
                if "value" not in item:
                    continue
                item = item["value"]
            if not _same(self.values.get(component), item):
                self.values[component] = item
                changed.append(component)
        return changed


def _same(old: Any, new: Any) -> bool:
    """Whether a component's value did not change; an empty box is empty whether null, "" or []."""
    return old == new or (not old and not new and old is not False and new is not False)
