"""Signing in and out in a real browser (findings 4 and 6): the pages ask for the app's own sign-in form, a
trainee plays a session, signs out, and the browser keeps nothing (local and session storage empty) and is
back on the sign-in page; the trainer page has the same control."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from app_fixtures import serve_app
from playwright.sync_api import Browser, Page, expect
from review_fixtures import FAST_HASHER, PASSWORD

from coach.access.accounts import Accounts, LoginPolicy, Role
from coach.backends import build_engine
from coach.config import Settings
from coach.store import Store

pytestmark = pytest.mark.e2e

CALM = "I can see you're frightened. Would you like to sit in the quiet lounge, or talk here?"
STORED = "localStorage.length + sessionStorage.length"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("sign-in-e2e")
    store = Store(f"sqlite:///{tmp / 't.db'}")
    accounts = Accounts(store, hasher=FAST_HASHER, policy=LoginPolicy(failure_delay=0))
    accounts.add("amy", PASSWORD)
    accounts.add("tess", PASSWORD, role=Role.trainer, cohort="march")
    settings = Settings(data_dir=tmp)
    served, url = serve_app(
        build_engine(settings, backend="offline", store=store), settings, accounts=accounts
    )
    yield url
    served.close()
    store.close()


@pytest.fixture
def page(browser: Browser, site: str) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="light")
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    context.close()


def sign_in(page: Page, name: str) -> None:
    expect(page.get_by_role("heading", name="De-escalation practice")).to_be_visible()
    page.get_by_label("User name").fill(name)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_sign_in_play_sign_out_leaves_nothing_in_the_browser(page: Page, site: str) -> None:
    page.goto(site)
    expect(page).to_have_url(f"{site}login")
    sign_in(page, "AMY")
    expect(page).to_have_url(site)
    expect(page.locator("#account")).to_contain_text("Signed in as amy")

    page.click("#choose-fearful")
    expect(page.get_by_label("Your name or initials")).to_have_value("amy")
    page.click("#start")
    page.get_by_label("What you say").fill(CALM)
    page.get_by_label("What you say").press("Enter")
    expect(page.locator("#chat .message-row")).to_have_count(3)
    assert page.evaluate(STORED) > 0, "the page keeps its session in the browser while signed in"

    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(f"{site}login")
    assert page.evaluate(STORED) == 0, "signing out leaves nothing of the session on a shared PC"
    assert not [c for c in page.context.cookies() if c["name"] == "coach_session"]

    page.goto(site)
    expect(page).to_have_url(f"{site}login")


def test_the_trainer_page_signs_in_to_itself_and_out_again(page: Page, site: str) -> None:
    page.goto(f"{site}trainer")
    expect(page).to_have_url(f"{site}login?next=/trainer")
    sign_in(page, "tess")
    expect(page).to_have_url(f"{site}trainer")
    expect(page.locator("#trainer-whoami")).to_contain_text("Signed in as tess (trainer)")
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(f"{site}login")
    assert page.evaluate(STORED) == 0
