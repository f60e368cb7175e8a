"""The trainer's review in a real browser: sign in, filter, open a transcript, comment, override a grade,
download PDF and CSV exports (and read them), and see the cohort view; a trainee signing in is refused."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from app_fixtures import serve_app
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader
from review_fixtures import FAST_HASHER, HOSTILE, PASSWORD, START, good, make_cohort, play, poor

from coach.access.accounts import Accounts, LoginPolicy
from coach.backends import build_engine
from coach.config import Settings
from coach.store import Store
from coach.trainer.exports import NOTICE

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def trainer_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, str]]:
    """The app with accounts and sign-in, holding sessions of amy, ben (March) and cat (April)."""
    tmp = tmp_path_factory.mktemp("trainer-e2e")
    store = Store(f"sqlite:///{tmp / 't.db'}")
    make_cohort(store)
    play(store, "amy", [good(), poor()], persona="fearful", started=START)
    play(store, "amy", [good()], persona="paranoid", started=START.replace(day=3))
    play(store, "ben", [poor(text=f"Calm down. {HOSTILE}")], persona="fearful", started=START.replace(day=4))
    play(store, "cat", [good()], persona="fearful", started=START.replace(day=5))
    settings = Settings(data_dir=tmp)
    accounts = Accounts(store, hasher=FAST_HASHER, policy=LoginPolicy(failure_delay=0))
    engine = build_engine(settings, backend="offline", store=store)
    demo, url = serve_app(engine, settings, accounts=accounts)
    yield store, url
    demo.close()
    store.close()


@pytest.fixture
def trainer_page(browser: Browser, trainer_app: tuple[Store, str], dialogs: list[str]) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.set_default_timeout(20_000)
    yield page
    context.close()


def sign_in(page: Page, url: str, name: str, password: str = PASSWORD) -> None:
    page.goto(url + "trainer")
    page.get_by_label("User name").fill(name)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def choose(page: Page, label: str, option: str) -> None:
    page.get_by_role("combobox", name=label, exact=True).click()
    page.get_by_role("option", name=option, exact=True).click()


def expect_sessions(page: Page, count: int) -> None:
    """The session table lists `count` sessions (its grid counts the header row too)."""
    expect(page.locator("#sessions [role=grid]")).to_have_attribute("aria-rowcount", str(count + 1))


def download(page: Page, button: str, tmp: Path) -> Path:
    page.click(button)
    link = page.locator("#download a").first
    expect(link).to_be_visible()
    with page.expect_download() as info:
        link.click()
    path = tmp / info.value.suggested_filename
    info.value.save_as(path)
    return path


def test_a_trainer_reviews_a_session_end_to_end(
    trainer_page: Page, trainer_app: tuple[Store, str], tmp_path: Path, screenshots: Path, dialogs: list[str]
) -> None:
    page, (_, url) = trainer_page, trainer_app
    sign_in(page, url, "tess")
    expect(page.locator("#trainer-whoami")).to_contain_text("Signed in as tess (trainer), cohort march")
    expect(page.locator("#trainer-notice")).to_contain_text(NOTICE)

    # Filter: amy's sessions with the fearful persona; cat (another cohort) never appears.
    page.click("#find")
    expect_sessions(page, 3)
    expect(page.locator("#sessions")).not_to_contain_text("cat")
    choose(page, "Trainee", "amy")
    choose(page, "Persona", "fearful")
    page.click("#find")
    expect(page.locator("#trainer-notice")).to_contain_text("1 session found.")
    expect_sessions(page, 1)

    page.click("#open")
    report = page.locator("#report")
    expect(report).to_contain_text("Practice session report: fearful, amy")
    expect(report.locator("svg.agitation-chart")).to_be_visible()
    expect(report).to_contain_text("Grade (offline)")

    page.get_by_label("Comment", exact=True).fill(f"Lovely first line. {HOSTILE}")
    page.click("#add-comment")
    expect(page.locator("#trainer-notice")).to_contain_text("Comment saved.")
    expect(report).to_contain_text(f"Lovely first line. {HOSTILE}")

    choose(page, "Trainee turn", "4. Trainee: Calm down, there's nothing to be scared of.")
    expect(page.get_by_role("combobox", name="Tone (1-5)")).to_have_value("2")
    choose(page, "Tone (1-5)", "1")
    page.get_by_label("Reason").fill("Dismissive: tells her how to feel.")
    page.click("#save-override")
    expect(page.locator("#trainer-notice")).to_contain_text(
        "Override saved. Differs from the machine on: tone."
    )
    expect(report).to_contain_text("Trainer (tess)")
    report.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshots / "trainer-review.png"), full_page=False)

    pdf = download(page, "#export-pdf", tmp_path)
    assert pdf.suffix == ".pdf" and pdf.read_bytes().startswith(b"%PDF-")
    text = "".join("".join(p.extract_text().split()) for p in PdfReader(pdf).pages)
    for expected in (NOTICE, "Lovely first line.", "Dismissive: tells her how to feel.", HOSTILE):
        assert "".join(expected.split()) in text, expected

    table = download(page, "#export-csv", tmp_path)
    rows = list(csv.reader(io.StringIO(table.read_text(encoding="utf-8"))))
    assert rows[0] == [f"# {NOTICE}"]
    records = [dict(zip(rows[1], r, strict=True)) for r in rows[2:]]
    turns = [r for r in records if r["turn_id"]]
    assert [t["speaker"] for t in turns] == ["patient", "staff", "patient", "staff", "patient"]
    assert [r["comments"] for r in records if not r["turn_id"]] == [f"tess: Lovely first line. {HOSTILE}"]
    assert (turns[3]["machine_tone"], turns[3]["trainer_tone"]) == ("2", "1")

    choose(page, "Trainee", "Any trainee")
    page.click("#show-cohort")
    cohort = page.locator("#cohort")
    expect(cohort.locator("section.trainee")).to_have_count(2)
    expect(cohort).to_contain_text("amy")
    expect(cohort).not_to_contain_text("cat")
    expect(cohort.locator("svg.spark").first).to_be_visible()
    expect(page.locator("#agreement")).to_contain_text("Reviewed turns")
    assert dialogs == [], "no script from a comment or a turn ever ran"


def test_a_trainee_signing_in_sees_no_sessions(trainer_page: Page, trainer_app: tuple[Store, str]) -> None:
    page, (_, url) = trainer_page, trainer_app
    sign_in(page, url, "amy")
    expect(page.locator("#trainer-notice")).to_contain_text(
        "Only trainers and admins can use the trainer view."
    )
    page.click("#find")
    expect(page.locator("#trainer-notice")).to_contain_text("Only trainers and admins")
    expect_sessions(page, 0)


def test_a_wrong_password_keeps_the_page_shut(trainer_page: Page, trainer_app: tuple[Store, str]) -> None:
    page, (_, url) = trainer_page, trainer_app
    page.goto(url + "trainer")
    expect(page.get_by_text("After 5 failed attempts a name is locked")).to_be_visible()
    sign_in(page, url, "tess", "not the password")
    expect(page.get_by_role("alert")).to_contain_text("did not match an active account")
    expect(page.locator("#find")).to_have_count(0)
