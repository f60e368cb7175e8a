"""Real-browser fixtures: the app served on loopback (offline backend, a fresh SQLite store) and Debian's
chromium driven by Playwright. Screenshots of the main screens go to docs/screenshots/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

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
