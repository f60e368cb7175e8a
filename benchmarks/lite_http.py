"""A browser's HTTP/1.1 for the load generator, on asyncio streams: kept-alive connections, cookies, and
an event stream read line by line.

The generator's own CPU shares the machine's cores with the servers it measures, so it is kept small:
httpx built an SSL context (certificates loaded, about 37 ms) for every trainee's client and spent about
0.4 ms in its own layers on every request (cProfile's wall clock at `--think-scale 0.1`, on a loaded
machine), where a plain-HTTP request here is a header written and a header read. What the server sees is
what it saw from httpx: the same methods, paths, JSON bodies and cookies, a connection kept alive
between requests, and an event stream closed by the client once the event it waits for has completed.

Plain HTTP only (the app on loopback, or nginx in front of it); responses must not be compressed (the
app compresses only paths with a file extension, which a page's API calls do not have).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncGenerator, AsyncIterator, Callable
from contextlib import aclosing, asynccontextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit

# A browser's headers, less what the app does not read; Accept-Encoding as a browser sends it.
HEADERS = "Accept: */*\r\nAccept-Encoding: gzip, deflate, br\r\nUser-Agent: coach-load\r\n"
Address = tuple[str, int]
# A connection that failed, or an answer cut short or too slow (TimeoutError is an OSError).
BROKEN = (OSError, EOFError, asyncio.LimitOverrunError)


class HttpError(RuntimeError):
    """A request that failed: no connection, a broken or timed-out answer, or an error status."""


@dataclass(frozen=True)
class Response:
    status: int
    headers: dict[str, str]  # names in lower case; repeated headers joined by "\n"
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)

    def ok(self) -> Response:
        if not 200 <= self.status < 300:
            raise HttpError(f"HTTP {self.status}: {self.body[:200]!r}")
        return self


@dataclass
class _Connection:
    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter
    body_read: bool = False  # the last response's body read to its end: the connection can be reused


class Browser:
    """One browser: its kept-alive connections and its cookies (a proxy that routes by cookie sends one
    browser to one process). `on_response` sees every response's status and headers (for diagnosis)."""

    def __init__(
        self, timeout_s: float = 120.0, on_response: Callable[[Response], None] | None = None
    ) -> None:
        self.timeout_s = timeout_s
        self.on_response = on_response
        self.cookies: dict[str, str] = {}
        self._idle: dict[Address, list[_Connection]] = {}

    async def __aenter__(self) -> Browser:
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        for connections in self._idle.values():
            for connection in connections:
                connection.writer.close()
        self._idle.clear()

    async def get(self, url: str, params: dict[str, str] | None = None) -> Response:
        async with self._exchange("GET", url, params, None) as (head, connection):
            return Response(head.status, head.headers, await _body(head.headers, connection))

    async def post(self, url: str, body: Any) -> Response:
        async with self._exchange("POST", url, None, json.dumps(body).encode()) as (head, connection):
            return Response(head.status, head.headers, await _body(head.headers, connection))

    @asynccontextmanager
    async def lines(self, url: str, params: dict[str, str]) -> AsyncIterator[AsyncIterator[bytes]]:
        """An event stream's lines, as they come (a line's end left off); leaving early closes it."""
        async with self._exchange("GET", url, params, None) as (head, connection):
            head.ok()
            # closed here when the caller leaves early, not later by the event loop's finalizer (a
            # task for every stream)
            async with aclosing(_lines(head.headers, connection)) as lines:
                yield lines

    @asynccontextmanager
    async def _exchange(
        self, method: str, url: str, params: dict[str, str] | None, body: bytes | None
    ) -> AsyncIterator[tuple[Response, _Connection]]:
        """A request sent and its status and headers read; the body is the caller's to read. The
        connection goes back to the idle ones only when the caller read the whole body."""
        parts = urlsplit(url)
        address = (parts.hostname or "127.0.0.1", parts.port or 80)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        if params:
            target += ("&" if "?" in target else "?") + urlencode(params)
        request = f"{method} {target} HTTP/1.1\r\nHost: {parts.netloc}\r\n{HEADERS}"
        if self.cookies:
            request += "Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()) + "\r\n"
        if body is not None:
            request += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
        sent = request.encode("latin-1") + b"\r\n" + (body or b"")
        connection: _Connection | None = None
        try:
            async with asyncio.timeout(self.timeout_s):
                connection, head = await self._send(address, sent)
                self._keep_cookies(head.headers.get("set-cookie"))
                if self.on_response is not None:
                    self.on_response(head)
                yield head, connection
        except BROKEN as exc:
            raise HttpError(f"{method} {target}: {type(exc).__name__}: {exc}") from exc
        finally:
            if connection is not None and connection.body_read and head.headers.get("connection") != "close":
                connection.body_read = False
                self._idle[address].append(connection)
            elif connection is not None:
                connection.writer.close()

    async def _send(self, address: Address, request: bytes) -> tuple[_Connection, Response]:
        """The request sent on a kept-alive connection, or on a new one when the server had closed it
        (as httpx does: uvicorn closes a connection idle for 5 s, shorter than a trainee's think time)."""
        idle = self._idle.setdefault(address, [])
        while idle:
            connection = idle.pop()
            if connection.reader.at_eof():
                connection.writer.close()
                continue
            try:
                connection.writer.write(request)
                return connection, _head(await connection.reader.readuntil(b"\r\n\r\n"))
            except (OSError, EOFError):  # closed as it was sent: a new one
                connection.writer.close()
        connection = _Connection(*await asyncio.open_connection(*address))
        connection.writer.write(request)
        return connection, _head(await connection.reader.readuntil(b"\r\n\r\n"))

    def _keep_cookies(self, set_cookie: str | None) -> None:
        for line in (set_cookie or "").split("\n"):
            name, _, value = line.split(";", 1)[0].partition("=")
            if name.strip():
                self.cookies[name.strip()] = value.strip()


def _head(raw: bytes) -> Response:
    status_line, *lines = raw.decode("latin-1").split("\r\n")
    headers: dict[str, str] = {}
    for line in lines:
        if line:
            name, _, value = line.partition(":")
            name, value = name.strip().lower(), value.strip()
            headers[name] = f"{headers[name]}\n{value}" if name in headers else value
    if headers.get("content-encoding", "identity") != "identity":
        raise HttpError(f"a compressed answer ({headers['content-encoding']}): not read here")
    return Response(int(status_line.split(" ", 2)[1]), headers, b"")


async def _chunks(headers: dict[str, str], connection: _Connection) -> AsyncGenerator[bytes, None]:
    """The body's bytes as they come; the connection marked when the body was read to its end."""
    reader = connection.reader
    if headers.get("transfer-encoding", "").lower() == "chunked":
        while size := int((await reader.readuntil(b"\r\n")).split(b";", 1)[0], 16):
            yield (await reader.readexactly(size + 2))[:-2]
        while await reader.readuntil(b"\r\n") != b"\r\n":  # trailers
            pass
    elif "content-length" in headers:
        yield await reader.readexactly(int(headers["content-length"]))
    else:  # to the connection's end: it cannot be kept
        while chunk := await reader.read(65536):
            yield chunk
        return
    connection.body_read = True


async def _body(headers: dict[str, str], connection: _Connection) -> bytes:
    return b"".join([chunk async for chunk in _chunks(headers, connection)])


async def _lines(headers: dict[str, str], connection: _Connection) -> AsyncGenerator[bytes, None]:
    pending = b""
    async with aclosing(_chunks(headers, connection)) as chunks:
        async for chunk in chunks:
            *complete, pending = (pending + chunk).split(b"\n")
            for line in complete:
                yield line.rstrip(b"\r")
    if pending:
        yield pending
