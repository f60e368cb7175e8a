"""The trainee's roleplay in a real browser: choose, brief, play with a stance, rewind, end, debrief,
summary; typed HTML stays text; bad input gets an inline message; a reload carries on; narrow screens."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator

import pytest
from playwright.sync_api import Browser, Page, Route, expect

from coach.engine import Engine
from coach.models import Speaker
from coach.patient.base import Patient, PatientContext, PatientReply

pytestmark = pytest.mark.e2e

HOSTILE = "<img src=x onerror=alert(1)><script>alert(2)</script>"
CALM = "I can see you're frightened. Would you like to sit in the quiet lounge, or talk here?"


def messages(page: Page):
    return page.locator("#chat .message-row")


def start(page: Page, persona: str = "fearful", intention: str = "") -> None:
    page.click(f"#choose-{persona}")
    expect(page.locator(".briefing")).to_be_visible()
    page.get_by_label("Your name or initials").fill("e2e trainee")
    if intention:
        page.get_by_label("Your intention").fill(intention)
    page.click("#start")
    expect(messages(page)).to_have_count(1)


def say(page: Page, text: str, expected_messages: int) -> None:
    """Type a line and press Enter; wait until the patient has answered and Send is back."""
    page.get_by_label("What you say").fill(text)
    page.get_by_label("What you say").press("Enter")
    expect(messages(page)).to_have_count(expected_messages)
    expect(page.locator("#send")).to_be_enabled()


def test_a_scenario_from_briefing_to_summary(page: Page, served: tuple[Engine, str]) -> None:
    engine = served[0]
    # Scenario choice: one card per persona, with who, situation and difficulty.
    expect(page.locator(".persona-card")).to_have_count(len(engine.personas))
    expect(page.locator(".persona-card .badge").first).to_be_visible()

    page.click("#choose-fearful")
    briefing = page.locator(".briefing")
    for heading in (
        "On the ward",
        "Care-plan notes",
        "Triggers",
        "Early signs",
        "What helps",
        "What to avoid",
    ):
        expect(briefing.get_by_text(heading, exact=True)).to_be_visible()
    page.get_by_label("Your name or initials").fill("e2e trainee")
    page.get_by_label("Your intention").fill("keep my distance and my no brief")

    page.click("#start")
    expect(messages(page)).to_have_count(1)
    expect(page.locator("#chat .bot-row em").first).to_be_visible()  # nonverbal cues as stage directions
    expect(page.locator(".scenario-head")).to_contain_text("keep my distance and my no brief")
    cues_before = page.inner_text("#agitation")
    assert not re.search(r"\d", cues_before), "the trainee sees the band and cues, not the number"

    page.get_by_label("Two arm's lengths or more").check()
    page.get_by_label("Quiet").check()
    page.get_by_label("Step back").check()
    say(page, CALM, 3)
    expect(page.locator("#chat .user-row").last).to_contain_text("two arm's lengths away")
    expect(page.locator("#chat .user-row").last).to_contain_text("steps back")
    expect(page.locator("#feedback .chip").first).to_contain_text("Tone")
    expect(page.locator("#feedback .chip")).to_have_count(5)
    cues_after = page.inner_text("#agitation")
    assert cues_after != cues_before, "the agitation indicator shows the new cues"
    expect(page.get_by_label("Step back")).not_to_be_checked()  # actions are for one turn only

    say(page, "Let me explain what's happening and what happens next, if that's all right.", 5)

    page.click("#undo")
    expect(messages(page)).to_have_count(3)

    page.get_by_text("Rewind and compare").click()
    page.get_by_role("combobox", name="Go back to the patient's line").click()
    page.get_by_role("option").first.click()
    page.click("#rewind-btn")
    expect(messages(page)).to_have_count(1)
    say(page, "Hello Nadia, I'm the nurse in charge today. I'll stay over here.", 3)
    expect(page.locator("table.branches tbody tr")).to_have_count(2)

    page.click("#end")
    debrief = page.locator("#debrief")
    expect(debrief).to_be_visible()
    expect(page.locator("#composer")).to_be_hidden()
    page.click("#undo-ended")  # until the debrief is written, the ending can be taken back
    expect(page.locator("#composer")).to_be_visible()
    expect(messages(page)).to_have_count(1)
    say(page, "Nadia, I'm the nurse in charge. I'll stay over here. What happened last night?", 3)
    say(page, "That sounds frightening. Would you like to sit in the quiet lounge, or talk here?", 5)
    page.click("#end")
    expect(debrief.locator("ol.prompts li").first).to_be_visible()
    page.get_by_label("Your debrief").fill(
        "She was frightened after last night. I kept two arm's lengths away and explained what happens "
        "next. I would check for harm, record the triggers in the notes and update the care plan."
    )
    page.click("#submit-debrief")
    card = page.locator(".summary-card")
    expect(card).to_be_visible()
    for part in ("Averages", "Agitation", "A strength", "One thing to work on", "Your intention", "Debrief"):
        expect(card.get_by_role("heading", name=part)).to_be_visible()
    expect(card).to_contain_text("keep my distance and my no brief")
    expect(card.locator("svg.agitation-chart")).to_be_visible()

    session = engine.store.list_sessions(trainee="e2e trainee", limit=1)[0]
    assert engine.store.get_debrief(session.id) is not None
    staff = [t for t in engine.store.all_turns(session.id) if t.speaker is Speaker.staff]
    assert len(staff) == 5  # the undone and the rewound-over turns stay in the transcript


def test_typed_html_is_shown_as_text_and_never_runs(page: Page, dialogs: list[str]) -> None:
    start(page)
    say(page, HOSTILE, 3)
    staff_bubble = page.locator("#chat .user-row").last
    expect(staff_bubble).to_contain_text(HOSTILE)
    assert page.locator("#chat img").count() == 0
    assert page.locator("#chat script").count() == 0
    page.wait_for_timeout(500)  # an onerror handler would have fired by now
    assert dialogs == []


AS_TYPED = [
    "See https://example.org/a_b?c=1 and www.example.com, or mail me@example.com.",
    "It costs $$x^2$$ and $5 - 3 * 2 = -1$, [a](b) *not bold* `no code` # no heading",
]


@pytest.mark.parametrize("line", AS_TYPED)
def test_a_line_is_shown_exactly_as_typed_no_links_no_maths(page: Page, line: str) -> None:
    """Finding 12: a URL became a backslash-escaped link and $$x^2$$ rendered as maths."""
    start(page)
    say(page, line, 3)
    staff_bubble = page.locator("#chat .user-row").last
    expect(staff_bubble).to_contain_text(line)
    assert "\\" not in staff_bubble.inner_text()
    assert staff_bubble.locator("a, .katex, code, strong, em, h1").count() == 0


def test_bad_input_gets_an_inline_message_and_is_not_a_turn(page: Page) -> None:
    start(page)
    page.get_by_label("What you say").press("Enter")
    expect(page.locator("#turn-notice [role=alert]")).to_contain_text("empty")
    page.get_by_label("What you say").fill("x" * 2001)
    page.click("#send")
    expect(page.locator("#turn-notice [role=alert]")).to_contain_text("2,001 characters")
    expect(messages(page)).to_have_count(1)


class DroppedOnce:
    """A patient whose first reply fails mid-stream, as a dropped model connection would."""

    name = "dropped-once"

    def __init__(self, inner: Patient) -> None:
        self.inner = inner
        self.failed = False

    async def stream(self, ctx: PatientContext) -> AsyncIterator[str | PatientReply]:
        if not self.failed:
            self.failed = True
            yield "I—"
            raise ConnectionError("provider down")
        async for item in self.inner.stream(ctx):
            yield item


def test_a_backend_failure_shows_retry_and_the_session_continues(
    page: Page, served: tuple[Engine, str]
) -> None:
    engine = served[0]
    working = engine.patient
    start(page)
    engine.patient = DroppedOnce(working)
    try:
        page.get_by_label("What you say").fill(CALM)
        page.click("#send")
        expect(page.locator("#turn-notice [role=alert]")).to_contain_text("retry")
        expect(page.locator("#retry")).to_be_visible()
        expect(page.locator("#continue-offline")).to_be_visible()
        expect(page.locator("#send")).to_be_disabled()
        page.click("#retry")
        expect(messages(page)).to_have_count(3)
        expect(page.locator("#retry")).to_be_hidden()
    finally:
        engine.patient = working
    say(page, "Thank you for telling me.", 5)


def test_a_reload_carries_on_the_same_session(page: Page) -> None:
    start(page)
    say(page, CALM, 3)
    page.reload()
    expect(messages(page)).to_have_count(3)
    expect(page.locator("#feedback .chip").first).to_be_visible()
    say(page, "Would a cup of tea help while we talk?", 5)


def test_low_anxiety_mode_hides_scores_until_the_summary(page: Page) -> None:
    page.click("#choose-refused-request")
    page.get_by_label("Your name or initials").fill("e2e trainee")
    page.get_by_label("Low-anxiety mode: hide scores until the end").check()
    page.click("#start")
    expect(messages(page)).to_have_count(1)
    say(page, CALM, 3)
    expect(page.locator("#feedback")).to_contain_text("Scores are hidden")
    expect(page.locator("#feedback .chip")).to_have_count(0)
    page.click("#end")
    page.click("#skip-debrief")
    page.get_by_text("Every turn and its grade").click()
    expect(page.locator(".summary-card .turn-grades .chip").first).to_be_visible()


def test_the_conversation_fits_a_narrow_screen(page: Page) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    start(page, "withdrawn")
    say(page, "Hi Beth. I'll sit over here. No rush at all.", 3)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"the page scrolls sideways by {overflow}px"
    expect(page.get_by_label("What you say")).to_be_visible()
    expect(page.locator("#send")).to_be_visible()


def test_a_card_chosen_while_the_page_is_still_loading_stays_chosen(
    browser: Browser, served: tuple[Engine, str]
) -> None:
    """The page-load event (resume) may answer after a quick first click; it must not undo the click."""
    context = browser.new_context()
    page = context.new_page()
    held: list[Route] = []

    def hold_resume(route: Route) -> None:
        body = json.loads(route.request.post_data or "{}")
        # resume is the one load event with inputs (the session id and the draft)
        if len(body.get("data", [])) == 2 and not held:
            held.append(route)
        else:
            route.continue_()

    page.route("**/gradio_api/queue/join*", hold_resume)
    page.goto(served[1])
    page.wait_for_selector("#choose")
    page.click("#choose-fearful")
    expect(page.locator(".briefing")).to_be_visible(timeout=20_000)
    assert held, "the page-load event was not seen"
    held[0].continue_()
    page.wait_for_timeout(1500)
    expect(page.locator(".briefing")).to_be_visible()
    context.close()
