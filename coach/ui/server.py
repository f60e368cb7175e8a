"""The web server: our own sign-in in front of the Gradio app, served by uvicorn.

With accounts, `/login` (GET the form, POST the name and password) starts a sign-in session kept in the
store (coach.access.sign_in_sessions) and hands the browser an HttpOnly, SameSite=Lax cookie; Gradio is
mounted with an `auth_dependency` that maps that cookie to the user name, so `gr.Request.username` and every
role and cohort check work as before, in any app process on the database. `/logout` ends the session and
serves a page that clears the browser's storage. The trainee page (/) and the trainer page (/trainer)
send a browser that is not signed in to /login; Gradio's API answers 401.

Without accounts (local single-user mode, loopback only) there is no sign-in at all.

Sign-in requests are bounded before anything is stored or hashed: a 4 KB body, a rate per client address
and per account name, and a gate on the password hash (coach.access.sign_in_limits). Every request body is
bounded too (MAX_REQUEST_BYTES).
"""

from __future__ import annotations

import asyncio
import os
import threading
import warnings
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any
from urllib.parse import parse_qs, urlsplit

import gradio as gr
import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from gradio.routes import App
from starlette.concurrency import run_in_threadpool
from starlette.routing import Mount
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from coach.access.accounts import MAX_USERNAME_CHARS, Accounts, normalise_username
from coach.access.sign_in_limits import Busy, HashGate, RateLimiter, SignInLimits
from coach.access.sign_in_sessions import SessionPolicy, SignInSessions
from coach.config import Settings
from coach.engine import Engine
from coach.ui.app import build_app
from coach.ui.loop_bookkeeping import checks_on_loop
from coach.ui.page_cache import PageCache
from coach.ui.session_state import LeanStateHolder
from coach.ui.sign_in_page import sign_in_page, signed_out_page
from coach.ui.theme import launch_style

COOKIE = "coach_session"
PAGES = ("/", "/trainer")  # the pages a browser opens; anything else is Gradio's API and assets
MAX_SIGN_IN_BYTES = 4096  # a name, a password and the page to return to, with room to spare
MAX_REQUEST_BYTES = 2 * 1024 * 1024  # no event of the app sends more than a few kilobytes
REFUSED = "That name and password did not match an active account, or the name is locked for a while."
TOO_MANY = "Too many sign-in attempts: wait a minute, then try again."
BUSY = "Sign-in is busy: try again in a moment."


class BodyLimit:
    """Refuses a request whose body is over `limit` bytes with 413, by its Content-Length or, for a
    chunked one, as soon as it has sent more: a big body is never read into memory whole."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.limit):
            await _too_large(scope, receive, send)
            return
        seen = 0

        async def bounded() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                raise _TooLarge
            return message

        try:
            await self.app(scope, bounded, send)
        except _TooLarge:
            await _too_large(scope, receive, send)


class _TooLarge(Exception):
    pass


async def _too_large(scope: Scope, receive: Receive, send: Send) -> None:
    await JSONResponse({"detail": "The request is too large."}, status_code=413)(scope, receive, send)


class PagesNeedSignIn:
    """Sends a browser that opens a page (/ or /trainer) without a live sign-in to the sign-in form."""

    def __init__(self, app: ASGIApp, current_user: Callable[[Request], Awaitable[str | None]]) -> None:
        self.app = app
        self.current_user = current_user

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] in ("GET", "HEAD"):
            page = _page_of(scope["path"])
            if page is not None and await self.current_user(Request(scope)) is None:
                target = "/login" if page == "/" else f"/login?next={page}"
                await RedirectResponse(target, status_code=303)(scope, receive, send)
                return
        await self.app(scope, receive, send)


def _page_of(path: str) -> str | None:
    page = path.rstrip("/") or "/"
    return page if page in PAGES else None


async def _read_body(request: Request, limit: int) -> bytes | None:
    """The body, or None once it passes `limit` bytes (the rest is never read)."""
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            return None
    return bytes(body)


def _same_origin(request: Request) -> bool:
    """False for a browser form posted from another site (login and logout CSRF)."""
    origin = request.headers.get("origin")
    if origin is None:  # not a browser's cross-site form: API clients and same-origin GETs send none
        return True
    host = request.headers.get("x-forwarded-host") or request.headers.get("host")
    return urlsplit(origin).netloc == host


@dataclass
class SignIn:
    """The sign-in routes and the cookie check of one app process."""

    accounts: Accounts
    sessions: SignInSessions
    limits: SignInLimits = field(default_factory=SignInLimits)

    def __post_init__(self) -> None:
        self.by_address = RateLimiter(
            self.limits.per_address, self.limits.per_address_per_minute, self.limits.tracked_keys
        )
        self.by_account = RateLimiter(
            self.limits.per_account, self.limits.per_account_per_minute, self.limits.tracked_keys
        )
        self.gate = HashGate(self.limits.workers, self.limits.waiting)
        self._in_progress: dict[str, int] = {}  # client address -> sign-ins being checked now

    async def current_user(self, request: Request) -> str | None:
        """Gradio's auth_dependency: the signed-in user name for the request's cookie, else None."""
        token = request.cookies.get(COOKIE)
        if not token:
            return None
        return await run_in_threadpool(self.sessions.user, token)

    def add_routes(self, app: FastAPI) -> None:
        app.add_api_route("/login", self.form, methods=["GET"], include_in_schema=False)
        app.add_api_route("/login", self.sign_in, methods=["POST"], include_in_schema=False)
        app.add_api_route("/logout", self.sign_out, methods=["GET", "POST"], include_in_schema=False)

    async def form(self, request: Request, next: str = "/") -> Response:
        if await self.current_user(request) is not None:
            return RedirectResponse(_page_of(next) or "/", status_code=303)
        return HTMLResponse(sign_in_page(next_path=_page_of(next) or "/"))

    async def sign_in(self, request: Request) -> Response:
        """POST /login with a form `username`, `password` (and `next`). A browser is sent on to the page;
        an API client (gradio_client's `auth=`) gets JSON and the cookie."""
        browser = "text/html" in request.headers.get("accept", "")
        if not _same_origin(request):
            return self._refuse(browser, 403, "Sign in from this app's own page.")
        client = request.client.host if request.client else "unknown"
        # The client's limits come before the body is even read: a flood from one client costs little.
        if self._in_progress.get(client, 0) >= self.limits.per_address_at_once or not self.by_address.allow(
            client
        ):
            return self._refuse(browser, 429, TOO_MANY)
        self._in_progress[client] = self._in_progress.get(client, 0) + 1
        try:
            return await self._check(request, browser)
        finally:
            left = self._in_progress.pop(client) - 1
            if left:
                self._in_progress[client] = left

    async def _check(self, request: Request, browser: bool) -> Response:
        body = await _read_body(request, MAX_SIGN_IN_BYTES)
        if body is None:
            return self._refuse(browser, 413, "That sign-in request is too large.")
        try:
            form = parse_qs(body.decode("utf-8", "replace"), max_num_fields=5)
        except ValueError:  # more fields than the form has
            return self._refuse(browser, 400, "That is not a sign-in form.")
        username, password = form.get("username", [""])[0], form.get("password", [""])[0]
        next_path = _page_of(form.get("next", ["/"])[0]) or "/"
        shown_name = username[: MAX_USERNAME_CHARS + 2]
        if not self.by_account.allow(normalise_username(shown_name)):
            return self._refuse(browser, 429, TOO_MANY, next_path, shown_name)
        try:
            user = await self.gate.run(partial(self.accounts.authenticate, username, password))
        except Busy:
            return self._refuse(browser, 503, BUSY, next_path, shown_name)
        if user is None:
            # Slows guessing; the client's attempt stays in progress meanwhile, so one client makes at
            # most one attempt a second.
            await asyncio.sleep(self.accounts.policy.failure_delay)
            return self._refuse(browser, 401, REFUSED, next_path, shown_name)
        token = await run_in_threadpool(self.sessions.start, user.username)
        response: Response = (
            RedirectResponse(next_path, status_code=303) if browser else JSONResponse({"success": True})
        )
        # No Max-Age: the cookie goes when the browser closes; the store ends it on time regardless.
        response.set_cookie(
            COOKIE, token, httponly=True, samesite="lax", secure=request.url.scheme == "https", path="/"
        )
        return response

    @staticmethod
    def _refuse(
        browser: bool, status: int, message: str, next_path: str = "/", username: str = ""
    ) -> Response:
        if browser:
            page = sign_in_page(next_path=next_path, error=message, username=username)
            return HTMLResponse(page, status_code=status)
        return JSONResponse({"detail": message}, status_code=status)

    async def sign_out(self, request: Request) -> Response:
        """End this browser's sign-in and clear what the site kept in its storage."""
        if request.method == "POST" and not _same_origin(request):
            return JSONResponse({"detail": "Sign out from this app's own page."}, status_code=403)
        await run_in_threadpool(self.sessions.end, request.cookies.get(COOKIE))
        response = HTMLResponse(signed_out_page(), headers={"Clear-Site-Data": '"storage", "cache"'})
        response.delete_cookie(COOKIE, path="/")
        return response


def build_server(
    engine: Engine,
    settings: Settings,
    *,
    accounts: Accounts | None = None,
    limits: SignInLimits | None = None,
) -> FastAPI:
    """The whole web app for `engine`: sign-in when the store has accounts, and the Gradio app."""
    accounts = accounts or Accounts(engine.store)
    signs_in = accounts.has_users()
    demo = build_app(engine, settings, signs_in=signs_in)
    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    auth: dict[str, Any] = {}
    # Innermost, so a page is served from memory only after the sign-in check in front of it.
    pages = frozenset({*PAGES, *(f"{page}/" for page in PAGES)})
    app.add_middleware(PageCache, paths=pages, cookies=frozenset({COOKIE}))
    if signs_in:
        sign_in = SignIn(
            accounts,
            SignInSessions(engine.store, SessionPolicy.from_settings(settings)),
            limits or SignInLimits(),
        )
        sign_in.add_routes(app)
        app.add_middleware(PagesNeedSignIn, current_user=sign_in.current_user)
        auth = {"auth_dependency": sign_in.current_user}
    app.add_middleware(BodyLimit, limit=MAX_REQUEST_BYTES)
    app.state.blocks = demo  # the mounted Gradio app, for tools and tests that read its config
    with warnings.catch_warnings():
        # Gradio warns that SSR is off for a multi-page app even when asked for it off, as here.
        warnings.filterwarnings("ignore", message="SSR mode is not supported with multi-page apps")
        # Gradio's run history would keep every trainee line and patient reply in the browser's storage.
        app = gr.mount_gradio_app(
            app, demo, path="/", run_history=False, ssr_mode=False, **auth, **launch_style()
        )
    for gradio_app in gradio_apps(app):
        # Before any request: every page's session state is created by this holder.
        holder = LeanStateHolder()
        holder.set_blocks(demo)
        gradio_app.state_holder = holder
        checks_on_loop(gradio_app)
    return app


def gradio_apps(app: FastAPI) -> list[App]:
    """The Gradio apps mounted in `app`."""
    return [route.app for route in app.routes if isinstance(route, Mount) and isinstance(route.app, App)]


def share_requested() -> bool:
    """Whether the environment asks Gradio for a public share link (GRADIO_SHARE)."""
    return os.environ.get("GRADIO_SHARE", "").strip().lower() not in ("", "0", "false", "no")


class Serving:
    """A server running on a thread, for tests and embedding: `url`, then `close()`."""

    def __init__(self, app: FastAPI, host: str, port: int) -> None:
        self.server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning"))
        self.url = f"http://{host}:{port}/"
        # The mounted Gradio apps, whose heartbeats wait on their stop event (not `Blocks.app`, which queue()
        # rebinds).
        self._gradio_apps = gradio_apps(app)
        self._thread = threading.Thread(target=self.server.run, name="coach-server", daemon=True)
        self._thread.start()
        while not self.server.started:
            if not self._thread.is_alive():
                raise RuntimeError(f"the server did not start on {host}:{port}")
            self._thread.join(0.02)

    def close(self) -> None:
        """Stops the server and waits for its thread. Gradio's session heartbeats (a browser's or a
        gradio_client's) are streams that end only when the app's stop event is set, and uvicorn waits for
        every open stream before it stops: the event is set first, on the server's own loop."""
        loop = self.server.servers[0].get_loop()
        for gradio_app in self._gradio_apps:
            loop.call_soon_threadsafe(gradio_app.stop_event.set)
        self.server.should_exit = True
        self._thread.join(10)
        if self._thread.is_alive():
            raise RuntimeError(f"the server on {self.url} did not stop within 10 s")
