"""A real HTTP server on loopback that speaks the OpenAI Chat Completions protocol, with scripted replies
and injected faults. Tests start it once per module; developers run it with `python -m coach.fakeopenai`
and point coach at it by base URL."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import random
import socket
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from coach.fakeopenai import protocol
from coach.fakeopenai.schema import minimal_instance, strict_schema_problem
from coach.fakeopenai.script import Fault, FaultKind, Json, RecordedRequest, Responder, Scripted, Text

LOOPBACK = ("127.0.0.1", "::1", "localhost")
DEFAULT_TEXT = "I don't know why nobody tells me anything in here.\n[cues: arms folded; looks at the door]"
RANDOM_FAULTS = (FaultKind.rate_limit, FaultKind.server_error, FaultKind.unavailable, FaultKind.truncated)
SSE = "text/event-stream"
JSON = "application/json"
BROKEN_BODY = b'{"id": "chatcmpl-broken", "object": "chat.completion", "choices": [{"message": '


class _Body:
    """An ASGI response written piece by piece, optionally pausing between pieces or cut off before the
    end. A cut response leaves the HTTP body incomplete, which the client sees as a dropped connection."""

    def __init__(self, status: int, media_type: str, pieces: list[bytes], pause: float, cut: bool) -> None:
        self.status = status
        self.pieces = pieces
        self.pause = pause
        self.cut = cut
        self.headers = [(b"content-type", media_type.encode())]
        if media_type == SSE:
            self.headers.append((b"cache-control", b"no-cache"))
        else:
            # A cut body promises more bytes than it sends, as a dropped connection would.
            length = sum(len(p) for p in pieces) * (2 if cut else 1)
            self.headers.append((b"content-length", str(length).encode()))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        gone = asyncio.Event()

        async def watch() -> None:
            while (await receive())["type"] != "http.disconnect":
                pass
            gone.set()

        # A client that timed out stops the stream at once, rather than at server shutdown.
        watcher = asyncio.create_task(watch())
        try:
            await send({"type": "http.response.start", "status": self.status, "headers": self.headers})
            for index, piece in enumerate(self.pieces):
                if index and self.pause:
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(gone.wait(), self.pause)
                if gone.is_set():
                    return
                await send({"type": "http.response.body", "body": piece, "more_body": True})
            if not self.cut:
                await send({"type": "http.response.body", "body": b"", "more_body": False})
        finally:
            watcher.cancel()


class FakeOpenAI:
    """The loopback OpenAI-compatible server.

    Replies come from, in order: a random fault (when `fault_rate` > 0), the queue that `push` fills,
    the `responder` callable, then the default rule (a minimal valid object for structured-output
    requests, else `default_text`). Every request is recorded in `requests`.
    """

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        latency: float = 0.0,
        chunk_latency: float = 0.0,
        fault_rate: float = 0.0,
        fault_kinds: Iterable[FaultKind] = RANDOM_FAULTS,
        retry_after: float = 1.0,
        seed: int = 0,
        responder: Responder | None = None,
        delay: Callable[[RecordedRequest], float] | None = None,
        alternating_roles: bool = False,
        no_json_schema: bool = False,
        default_text: str = DEFAULT_TEXT,
        models: Iterable[str] = ("fake-model",),
        log_level: str = "warning",
        api_key: str | None = None,
    ) -> None:
        if host not in LOOPBACK:
            raise ValueError(f"the fake OpenAI server serves loopback only, not {host!r}")
        if not 0.0 <= fault_rate <= 1.0:
            raise ValueError(f"fault_rate must be between 0 and 1, got {fault_rate}")
        self.host = host
        self.port = port
        self.latency = latency
        self.chunk_latency = chunk_latency
        self.fault_rate = fault_rate
        self.fault_kinds = tuple(fault_kinds)
        self.retry_after = retry_after
        self.responder = responder
        self.delay = delay  # extra seconds before answering a request, e.g. a slower grader
        # Local-server modes: a Mistral- or Gemma-style chat template (one leading system message, then
        # user and assistant strictly alternating from a user message), and a server without json_schema.
        self.alternating_roles = alternating_roles
        self.no_json_schema = no_json_schema
        self._as_constructed: dict[str, object] = {
            "delay": delay,
            "alternating_roles": alternating_roles,
            "no_json_schema": no_json_schema,
            "latency": latency,
            "chunk_latency": chunk_latency,
            "fault_rate": fault_rate,
            "responder": responder,
        }
        self.default_text = default_text
        self.models = tuple(models)
        self.api_key = api_key  # when set, any other bearer token gets 401, as a real provider would
        self._as_constructed["api_key"] = api_key
        self.log_level = log_level
        self._random = random.Random(seed)
        self._queue: deque[Scripted] = deque()
        self._requests: list[RecordedRequest] = []
        self._lock = threading.Lock()
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self.app = Starlette(
            routes=[
                Route("/v1/chat/completions", self._chat, methods=["POST"]),
                Route("/v1/models", self._models, methods=["GET"]),
            ]
        )

    # ----------------------------------------------------------------- scripting

    def push(self, *replies: Scripted | str | dict[str, Any]) -> None:
        """Queue replies for the next requests: a str is Text, a dict is Json."""
        with self._lock:
            for reply in replies:
                if isinstance(reply, str):
                    reply = Text(content=reply)
                elif isinstance(reply, dict):
                    reply = Json(data=reply)
                self._queue.append(reply)

    def reset(self) -> None:
        """Forget queued replies and recorded requests, and put latency, faults and the responder back
        as constructed (between tests)."""
        with self._lock:
            self._queue.clear()
            self._requests.clear()
            for name, value in self._as_constructed.items():
                setattr(self, name, value)

    @property
    def requests(self) -> list[RecordedRequest]:
        """Chat-completion requests received so far, oldest first."""
        with self._lock:
            return [r for r in self._requests if r.path.endswith("/chat/completions")]

    @property
    def pending(self) -> int:
        """How many queued replies are still unused."""
        with self._lock:
            return len(self._queue)

    @property
    def base_url(self) -> str:
        """The URL to give an OpenAI client as base_url (ends in /v1)."""
        if self._server is None:
            raise RuntimeError("the fake OpenAI server is not running")
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/v1"

    # ----------------------------------------------------------------- lifecycle

    def _config(self) -> uvicorn.Config:
        return uvicorn.Config(
            self.app,
            log_config=None,
            log_level=self.log_level,
            access_log=self.log_level in ("debug", "info"),
            lifespan="off",
            timeout_graceful_shutdown=1,
        )

    def _bind(self) -> socket.socket:
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        # IPPROTO_TCP lets uvicorn set TCP_NODELAY on accepted connections; without it each streamed
        # chunk can wait ~40 ms for Nagle's algorithm, which would distort every latency figure.
        sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.host, self.port))
        self.port = sock.getsockname()[1]
        return sock

    def start(self, timeout: float = 10.0) -> FakeOpenAI:
        """Start serving in a background thread; returns once the port accepts connections."""
        if self._server is not None:
            raise RuntimeError("the fake OpenAI server is already running")
        sock = self._bind()
        self._server = uvicorn.Server(self._config())
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [sock]}, name="fakeopenai", daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self._server = None
                raise RuntimeError(f"the fake OpenAI server did not start on {self.host}:{self.port}")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        """Stop serving; in-flight requests (a hang) are cancelled after a short grace period."""
        if self._server is None or self._thread is None:
            return
        self._server.should_exit = True
        self._thread.join(timeout=5)
        self._server = None
        self._thread = None

    def serve_forever(self, announce: Callable[[str], None] | None = None) -> None:
        """Serve in the calling thread until interrupted (the command-line entry); `announce` is called
        with the base URL once the port is bound."""
        sock = self._bind()
        self._server = uvicorn.Server(self._config())
        if announce is not None:
            announce(self.base_url)
        try:
            self._server.run(sockets=[sock])
        finally:
            self._server = None

    @classmethod
    @contextlib.contextmanager
    def running(cls, **options: Any) -> Iterator[FakeOpenAI]:
        """`with FakeOpenAI.running(latency=0.01) as fake: ... fake.base_url ...`"""
        server = cls(**options).start()
        try:
            yield server
        finally:
            server.stop()

    # ----------------------------------------------------------------- serving

    def _next(self, request: RecordedRequest) -> tuple[Scripted, str]:
        with self._lock:
            if self.fault_rate and self._random.random() < self.fault_rate:
                kind = self._random.choice(self.fault_kinds)
                return Fault(kind=kind), f"random-fault:{kind.value}"
            if self._queue:
                reply = self._queue.popleft()
                return reply, _describe(reply)
        if self.responder is not None:
            answered = self.responder(request)
            if answered is not None:
                return answered, "responder:" + _describe(answered)
        default = self._default(request)
        return default, "default:" + default.kind

    def _default(self, request: RecordedRequest) -> Text | Json:
        """A minimal valid object for structured output ({} in JSON mode), else the default text."""
        if request.structured == "json_object":
            return Json(data={})
        schema = request.output_schema
        if schema is not None:
            return Json(data=minimal_instance(schema))
        return Text(content=self.default_text)

    def _refused(self, http: Request) -> JSONResponse | None:
        if self.api_key is None or http.headers.get("authorization") == f"Bearer {self.api_key}":
            return None
        status, message, type_, code = protocol.ERRORS[FaultKind.unauthorized]
        return _error(status, message, type_, code)

    async def _models(self, http: Request) -> Response:
        self._record(RecordedRequest(method="GET", path=http.url.path, answered_with="models"))
        refused = self._refused(http)
        if refused is not None:
            return refused
        data = [{"id": m, "object": "model", "created": 0, "owned_by": "fakeopenai"} for m in self.models]
        return JSONResponse({"object": "list", "data": data})

    def _record(self, request: RecordedRequest) -> None:
        with self._lock:
            self._requests.append(request)

    async def _chat(self, http: Request) -> Response | _Body:
        refused = self._refused(http)
        if refused is not None:
            return refused
        try:
            body = json.loads(await http.body())
        except ValueError:
            return _error(400, "the request body is not valid JSON", "invalid_request_error")
        if not isinstance(body, dict) or not body.get("model") or not isinstance(body.get("messages"), list):
            return _error(
                400, "a chat completion needs 'model' and a list of 'messages'", "invalid_request_error"
            )
        request = RecordedRequest(
            method="POST", path=http.url.path, body=body, authorization=http.headers.get("authorization")
        )
        problem = _strict_problem(request)
        if problem:
            request.answered_with = "rejected:strict-schema"
            self._record(request)
            return _error(400, f"Invalid schema for response_format: {problem}", "invalid_request_error")
        if self.no_json_schema and request.structured == "json_schema":
            request.answered_with = "rejected:json_schema"
            self._record(request)
            return _error(400, "response_format type json_schema is not supported", "invalid_request_error")
        if self.alternating_roles and (problem := role_order_problem(request.messages)):
            request.answered_with = "rejected:roles"
            self._record(request)
            return _error(400, problem, "invalid_request_error")
        reply, described = self._next(request)
        request.answered_with = described
        self._record(request)
        pause = self.latency + (self.delay(request) if self.delay else 0.0)
        if pause:
            await asyncio.sleep(pause)
        if isinstance(reply, Fault):
            return await self._fault(http, request, reply)
        return self._answer(request, protocol.content_for(request, reply))

    def _answer(self, request: RecordedRequest, content: str, *, cut: bool = False) -> _Body:
        if request.stream:
            events = [protocol.sse(c) for c in protocol.chunks(request, content)]
            if cut:
                return _Body(200, SSE, events[: max(1, len(events) // 2)], self.chunk_latency, True)
            return _Body(200, SSE, [*events, protocol.sse("[DONE]")], self.chunk_latency, False)
        raw = json.dumps(protocol.completion(request, content)).encode()
        if cut:
            return _Body(200, JSON, [raw[: len(raw) // 2]], 0.0, True)
        return _Body(200, JSON, [raw], 0.0, False)

    async def _fault(self, http: Request, request: RecordedRequest, fault: Fault) -> Response | _Body:
        kind = fault.kind
        if kind in protocol.ERRORS:
            status, message, type_, code = protocol.ERRORS[kind]
            headers = {}
            retry_after = fault.retry_after
            if kind is FaultKind.rate_limit and retry_after is None:
                retry_after = self.retry_after
            if retry_after is not None:
                headers["retry-after"] = f"{retry_after:g}"
            return _error(status, message, type_, code, headers)
        if kind is FaultKind.hang:
            await _hang(http, fault.seconds)
            return _error(504, "the fake server hung on purpose", "server_error")
        if kind is FaultKind.malformed_body:
            if request.stream:
                first = protocol.sse(protocol.chunks(request, "")[0])
                pieces = [first, b'data: {"choices": [{"delta": \n\n', protocol.sse("[DONE]")]
                return _Body(200, SSE, pieces, 0.0, False)
            return _Body(200, JSON, [BROKEN_BODY], 0.0, False)
        if kind is FaultKind.truncated:
            text = protocol.content_for(request, self._default(request))
            return self._answer(request, text, cut=True)
        return self._answer(request, protocol.faulty_content(kind))


def role_order_problem(messages: list[dict[str, Any]]) -> str | None:
    """What a strict chat template (Mistral, Gemma) rejects: a system message after the first, a first
    turn that is not the user's, or two turns of one role in a row. None when the order is accepted."""
    roles = [m.get("role") for m in messages]
    if roles and roles[0] == "system":
        roles = roles[1:]
    if "system" in roles:
        return "Conversation roles must alternate user/assistant/user/assistant/... (system only first)"
    if not roles or roles[0] != "user":
        return "Conversation roles must alternate user/assistant/... and start with user"
    for before, after in itertools.pairwise(roles):
        if before == after:
            return "Conversation roles must alternate user/assistant/user/assistant/..."
    return None


def _strict_problem(request: RecordedRequest) -> str | None:
    """What OpenAI would reject in a strict json_schema or strict tool, as a real server would."""
    if request.structured == "json_schema":
        spec = (request.response_format or {}).get("json_schema", {})
    elif request.structured == "tool":
        spec = request.forced_tool or {}
    else:
        return None
    return (
        strict_schema_problem(spec.get("schema") or spec.get("parameters") or {})
        if spec.get("strict")
        else None
    )


async def _hang(http: Request, seconds: float) -> None:
    """Say nothing for `seconds`, or until the client gives up and disconnects."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not await http.is_disconnected():
        await asyncio.sleep(0.05)


def _describe(reply: Scripted) -> str:
    return f"fault:{reply.kind.value}" if isinstance(reply, Fault) else reply.kind


def _error(
    status: int, message: str, type_: str, code: str | None = None, headers: dict[str, str] | None = None
) -> JSONResponse:
    return JSONResponse(protocol.error_body(message, type_, code), status_code=status, headers=headers)
