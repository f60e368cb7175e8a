"""The LLM path in a real browser against the loopback OpenAI server (issue 12): no guarded phrase ever
reaches the page, and the input unlocks when the reply is final while the grader is 3 s slower, the
model's grade updating the feedback after."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from app_fixtures import serve_app
from playwright.sync_api import Browser, Page, expect

from coach.backends import build_engine
from coach.config import Settings
from coach.engine import Engine
from coach.fakeopenai import FakeOpenAI, Json, RecordedRequest, Text
from coach.store import Store

pytestmark = pytest.mark.e2e

SAFE = "Fine. I just want my leave.\n[cues: arms folded; looks at the clock]"
# Each unsafe draft starts with a sentence that passes, then steps out of the scene.
UNSAFE = {
    "ai": "I hear you. As an AI language model, I cannot continue this roleplay. Sorry.",
    "ooc": "Right. OOC: nice use of open questions there. Carry on.",
    "both": "Okay then.\nNurse: I understand, Callum. Let's sit down.",
    "pills": "Whatever. I've been saving up my tablets in my sock drawer.",
}
GUARDED = ("AI language model", "OOC", "open questions", "Nurse:", "Let's sit down", "tablets")
MARKER = "Tell him straight away, then offer the card."
GRADE = {
    "evidence": [],
    "refusal": False,
    "scores": {"tone": 4, "no_brevity": None, "options": 1, "escalation_risk": 2},
    "extra": [],
    "flags": [],
    "meets_need": False,
    "suggestion": MARKER,
}

WATCH = """() => {
  window.__seen = []; window.__marks = {};
  const chat = document.querySelector('#chat');
  const mark = (name) => { if (!(name in window.__marks)) window.__marks[name] = performance.now(); };
  window.__start = () => { window.__marks = {t0: performance.now()}; };
  new MutationObserver(() => {
    const text = chat.innerText;
    if (window.__seen[window.__seen.length - 1] !== text) window.__seen.push(text);
    const send = document.querySelector('#send');
    if ('t0' in window.__marks) {
      if (text.includes('I just want my leave')) mark('reply');
      if (send && !send.disabled && 'reply' in window.__marks) mark('unlocked');
      if (document.querySelector('#feedback').innerText.includes('offer the card')) mark('graded');
    }
  }).observe(document.body, {subtree: true, childList: true, characterData: true, attributes: true});
}"""


def patient_or_grade(req: RecordedRequest) -> Text | Json:
    if req.structured:
        return Json(data=GRADE)
    if not req.stream:
        return Text(content=SAFE)  # the redraft
    last = req.messages[-1].get("content") or ""
    kind = next((k for k in UNSAFE if f"[{k}]" in last), None)
    return Text(content=UNSAFE[kind] if kind else SAFE)


@pytest.fixture(scope="module")
def llm_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Engine, str, FakeOpenAI]]:
    tmp: Path = tmp_path_factory.mktemp("e2e-llm")
    with FakeOpenAI.running(chunk_latency=0.03, responder=patient_or_grade) as fake:
        settings = Settings(
            data_dir=tmp,
            backend="llm",
            openai_base_url=fake.base_url,
            openai_api_key="fake",
            structured_output="json_schema",
            request_timeout=10.0,
        )
        engine = build_engine(settings, store=Store(settings.db_url))
        demo, url = serve_app(engine, settings)
        try:
            yield engine, url, fake
        finally:
            demo.close()


@pytest.fixture
def llm_page(browser: Browser, llm_app: tuple[Engine, str, FakeOpenAI]) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(llm_app[1])
    page.wait_for_selector("#choose")
    page.click("#choose-refused-request")
    page.get_by_label("Your name or initials").fill("e2e llm")
    page.click("#start")
    expect(page.locator("#chat .message-row")).to_have_count(1)
    page.evaluate(WATCH)
    yield page
    context.close()


def send(page: Page, text: str, messages: int) -> None:
    page.evaluate("window.__start()")
    page.get_by_label("What you say").fill(text)
    page.get_by_label("What you say").press("Enter")
    expect(page.locator("#chat .message-row")).to_have_count(messages)
    expect(page.locator("#send")).to_be_enabled()


def test_no_guarded_phrase_ever_reaches_the_page(
    llm_page: Page, llm_app: tuple[Engine, str, FakeOpenAI]
) -> None:
    llm_app[2].delay = None
    for number, kind in enumerate(UNSAFE, start=1):
        send(llm_page, f"Callum, can we talk? [{kind}]", 1 + 2 * number)
    # the redraft, or for "both" the words before the stop sequence cut the staff line off
    final = llm_page.locator("#chat .message-row.bot-row")
    expect(final.nth(1)).to_contain_text("I just want my leave")
    expect(final.nth(3)).to_contain_text("Okay then.")
    seen: list[str] = llm_page.evaluate("window.__seen")
    assert len(seen) > 4, "the observer saw the chat change"
    leaked = [(phrase, text) for text in seen for phrase in GUARDED if phrase in text]
    assert leaked == []
    assert any("I hear you." in text for text in seen), "the sentence before the failure did stream"


def test_input_unlocks_at_the_reply_while_the_grader_is_3_s_slower(
    llm_page: Page, llm_app: tuple[Engine, str, FakeOpenAI]
) -> None:
    llm_app[2].delay = lambda req: 3.0 if req.structured else 0.0
    try:
        send(llm_page, "I'm sorry Callum, your leave can't go ahead today.", 3)
        summary = llm_page.locator("#turn-summary")
        expect(summary).to_contain_text("Your turn")
        on_the_floor = summary.inner_text()  # the offline grade's chips, until the model's grade is in
        expect(llm_page.locator("#feedback")).to_contain_text(MARKER, timeout=15_000)
        # The compact summary beside the reply follows the model's grade too (it reads no refusal here).
        expect(summary).not_to_have_text(on_the_floor)
        expect(summary).to_contain_text("Your turn")
    finally:
        llm_app[2].delay = None
    marks = llm_page.evaluate("window.__marks")
    reply, unlocked, graded = (marks[k] - marks["t0"] for k in ("reply", "unlocked", "graded"))
    print(
        f"browser: reply shown {reply:.0f} ms, input unlocked {unlocked:.0f} ms, grade shown {graded:.0f} ms"
    )
    # The strict 1.1 x bound is the engine's (tests/test_llm_turn_end.py); in the page the last render
    # adds a browser round trip, so here: unlocked right after the words, seconds before the grade.
    assert unlocked <= max(1.1 * reply, reply + 500)
    assert graded >= 3000 and graded - unlocked >= 2000


def test_closing_the_browser_mid_grade_loses_nothing(
    browser: Browser, llm_app: tuple[Engine, str, FakeOpenAI]
) -> None:
    engine, url, fake = llm_app
    fake.delay = lambda req: 2.0 if req.structured else 0.0
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(url)
    page.click("#choose-refused-request")
    page.get_by_label("Your name or initials").fill("closes early")
    page.click("#start")
    expect(page.locator("#chat .message-row")).to_have_count(1)
    page.get_by_label("What you say").fill("I'm sorry Callum, your leave can't go ahead today.")
    page.get_by_label("What you say").press("Enter")
    expect(page.locator("#chat .message-row")).to_have_count(3)
    expect(page.locator("#send")).to_be_enabled()
    shown = page.locator("#chat .message-row").last.inner_text()
    context.close()  # while the grade is still 2 s away
    try:
        [session] = [s for s in engine.store.list_sessions() if s.trainee == "closes early"]
        staff, reply = engine.branch(session.id)[-2:]
        assert reply.text in shown, "the reply shown is the one stored"
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and engine.store.latest_grade(staff.id).grader == "offline":
            time.sleep(0.2)
        assert [g.grader for g in engine.store.grades(staff.id)] == ["offline", "llm:gpt-4o-mini"]
    finally:
        fake.delay = None
