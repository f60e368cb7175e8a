"""The pages' HTML kept in memory, so a page load does not have Gradio build the page again.

Gradio builds a page's HTML for every request: the whole page config deep-copied, its root URL written
through every component, and the API info prepared (about 15 ms of CPU for the trainee page's 226 KB,
measured on a shared machine), while the result is the same for every request that agrees on what it is
built from: the path and query, the address the page was asked at (the Host and forwarded headers, the
scheme, the root path), who is signed in (the sign-in cookie) and the encoding the browser accepts.
Other cookies are left out of the key: behind `make serve-multi` every browser carries its own routing
cookie, which would otherwise make every browser's first page a rebuild.
"""

from __future__ import annotations

from collections import OrderedDict

from starlette.requests import cookie_parser
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Request headers the page does not depend on. Every other header is part of the key, so a header not
# foreseen here costs a rebuild, never someone else's page.
UNUSED_HEADERS = frozenset(
    {
        b"accept",
        b"accept-language",
        b"cache-control",
        b"connection",
        b"dnt",
        b"if-modified-since",
        b"if-none-match",
        b"pragma",
        b"priority",
        b"referer",
        b"upgrade-insecure-requests",
        b"user-agent",
    }
)
# Pages kept (signed in, one a sign-in; about 230 KB each, so at most about 30 MB), least recently used
# dropped first.
MAX_PAGES = 128

Key = tuple[object, ...]


def page_key(scope: Scope, cookies: frozenset[str]) -> Key:
    """What a page's HTML is built from (see the module's docstring); of the cookies, those named."""
    headers = []
    for name, value in scope["headers"]:
        if name == b"cookie":
            sent = cookie_parser(value.decode("latin-1"))
            headers.append((name, repr(sorted((k, v) for k, v in sent.items() if k in cookies)).encode()))
        elif name not in UNUSED_HEADERS and not name.startswith(b"sec-"):
            headers.append((name, value))
    return (
        scope["path"],
        scope["query_string"],
        scope.get("scheme"),
        scope.get("server"),
        scope.get("root_path"),
        tuple(sorted(headers)),
    )


class PageCache:
    """Answers GET for `paths` from memory once the app has answered the same key with 200 and no
    cookie set; everything else goes to the app. `cookies`: the cookies the page depends on."""

    def __init__(
        self, app: ASGIApp, paths: frozenset[str], cookies: frozenset[str], size: int = MAX_PAGES
    ) -> None:
        self.app = app
        self.paths = paths
        self.cookies = cookies
        self.size = size
        self._pages: OrderedDict[Key, tuple[Message, bytes]] = OrderedDict()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or scope["path"] not in self.paths:
            await self.app(scope, receive, send)
            return
        key = page_key(scope, self.cookies)
        kept = self._pages.get(key)
        if kept is not None:
            self._pages.move_to_end(key)
            start, body = kept
            await send(start)
            await send({"type": "http.response.body", "body": body})
            return
        sent: list[Message] = []

        async def keep(message: Message) -> None:
            sent.append(message)
            await send(message)

        await self.app(scope, receive, keep)
        self._keep(key, sent)

    def _keep(self, key: Key, sent: list[Message]) -> None:
        if not sent or sent[0]["type"] != "http.response.start" or sent[0]["status"] != 200:
            return
        if any(name.lower() == b"set-cookie" for name, _ in sent[0].get("headers", [])):
            return
        parts = sent[1:]
        if not parts or parts[-1].get("more_body", False):
            return  # not answered whole
        self._pages[key] = (sent[0], b"".join(part.get("body", b"") for part in parts))
        while len(self._pages) > self.size:
            self._pages.popitem(last=False)
