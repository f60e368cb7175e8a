"""Real-browser fixtures: the app served on loopback (offline backend, a fresh SQLite store) and Debian's
chromium driven by Playwright. Screenshots of the main screens go to docs/screenshots/.

Every browser test fails when the server logged an exception while it ran (`server_errors`): Gradio
prints a handler's traceback and carries on, so a broken event would otherwise pass unnoticed.
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from app_fixtures import serve_app
from playwright.sync_api import Browser, Page, expect, sync_playwright

from coach.backends import build_engine
from coach.config import Settings
from coach.engine import Engine
from coach.store import Store

ROOT = Path(__file__).resolve().parents[2]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SCREENSHOTS = ROOT / "docs" / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
# CI shares two cores between the app, the browser and the test: give assertions the same patience as
# page actions (set_default_timeout below) rather than Playwright's 5 s default.
expect.set_options(timeout=20_000)


class ServerErrors:
    """Tracebacks the app prints or logs: Gradio reports a failed event with traceback.print_exc() (or
    print_exception), uvicorn and asyncio log theirs at ERROR, and a dying thread goes to
    threading.excepthook. All are recorded here while the browser tests run (and still printed)."""

    def __init__(self) -> None:
        self.seen: list[str] = []
        self._lock = threading.Lock()

    def add(self, text: str) -> None:
        with self._lock:
            self.seen.append(text)

    def take(self) -> list[str]:
        with self._lock:
            seen, self.seen = self.seen, []
        return seen


class _ErrorLogHandler(logging.Handler):
    def __init__(self, errors: ServerErrors) -> None:
        super().__init__(level=logging.ERROR)
        self.errors = errors

    def emit(self, record: logging.LogRecord) -> None:
        self.errors.add(self.format(record))


@pytest.fixture(scope="session")
def server_error_log() -> Iterator[ServerErrors]:
    errors = ServerErrors()
    # print_exc() calls print_exception(), so wrapping the latter records both.
    originals = (traceback.print_exception, threading.excepthook)

    def print_exception(*args: Any, **kwargs: Any) -> None:
        errors.add("".join(traceback.format_exception(*args)))
        originals[0](*args, **kwargs)

    def excepthook(hook_args: threading.ExceptHookArgs) -> None:
        errors.add(f"thread {hook_args.thread}: {hook_args.exc_type.__name__}: {hook_args.exc_value}")
        originals[1](hook_args)

    handler = _ErrorLogHandler(errors)
    loggers = [logging.getLogger(), logging.getLogger("uvicorn")]  # uvicorn's does not propagate
    traceback.print_exception, threading.excepthook = print_exception, excepthook
    for logger in loggers:
        logger.addHandler(handler)
    yield errors
    for logger in loggers:
        logger.removeHandler(handler)
    traceback.print_exception, threading.excepthook = originals


@pytest.fixture(autouse=True)
def server_errors(server_error_log: ServerErrors) -> Iterator[ServerErrors]:
    """Fails the test when the server logged an exception while it ran (a teardown error names it)."""
    server_error_log.take()
    yield server_error_log
    seen = server_error_log.take()
    assert not seen, f"the server logged {len(seen)} exception(s) during the test:\n" + "\n".join(seen)


@pytest.fixture(scope="session")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Engine, str]]:
    """The app on a free loopback port, styled as `coach serve` styles it."""
    tmp = tmp_path_factory.mktemp("e2e")
    settings = Settings(data_dir=tmp)
    engine = build_engine(settings, backend="offline", store=Store(f"sqlite:///{tmp / 't.db'}"))
    demo, url = serve_app(engine, settings)
    yield engine, url
    demo.close()


# Module scope, not session: Playwright's sync API keeps an event loop running on the main thread while
# it is open, and tests outside tests/e2e that call asyncio.run() must not see it.
@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def dialogs() -> list[str]:
    """The message of every alert, confirm or prompt the page opens; none should ever open."""
    return []


@pytest.fixture
def page(browser: Browser, served: tuple[Engine, str], dialogs: list[str]) -> Iterator[Page]:
    """A fresh browser context (its own localStorage) on the app's first screen."""
    context = browser.new_context(viewport=DESKTOP, color_scheme="light")
    page = context.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.set_default_timeout(20_000)
    page.goto(served[1])
    page.wait_for_selector("#choose")
    yield page
    context.close()


@pytest.fixture
def screenshots(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """Where the browser tests save their screenshots: docs/screenshots/ with --update-screenshots, else a
    temporary folder, so that a test run leaves the checkout as it found it."""
    if not request.config.getoption("update_screenshots"):
        return tmp_path
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
