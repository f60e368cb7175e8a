"""The trainee app through its HTTP API (gradio_client), on a real server on loopback.

Each test drives the app the way a browser or a script would and then checks what the store holds:
the app keeps nothing that matters in memory, so the store is the truth.
"""

from __future__ import annotations

import asyncio
import html
import re
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any, cast

import gradio as gr
import pytest
from app_fixtures import serve_app
from gradio_client import Client

from benchmarks.lite_http import Browser
from benchmarks.web_page import AppConfig, Page
from coach.access.accounts import Accounts
from coach.backends import build_engine
from coach.config import Settings
from coach.engine import Engine
from coach.models import Evidence, Grade, Outcome, Scores, Speaker
from coach.patient.base import Patient, PatientContext, PatientReply
from coach.stance import Action, Distance, Posture, Voice
from coach.store import Store
from coach.ui.app import SCREEN_LIMIT, build_app, build_handlers
from coach.ui.cards import briefing, persona_card
from coach.ui.feedback import grade_panel
from coach.ui.view import ENDED, api_result

HOSTILE = "<img src=x onerror=alert(1)><script>alert(2)</script>"
MAX_TURNS_TO_CRISIS = 6  # threats at close range, shouted, reach crisis within a few turns
CALM = "I can see this is hard. Would you like to sit in the quiet lounge, or talk here?"


@pytest.fixture(scope="module")
def db_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return f"sqlite:///{tmp_path_factory.mktemp('ui-api') / 't.db'}"


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(data_dir=tmp_path_factory.mktemp("ui-data"), concurrency_limit=4)


@pytest.fixture(scope="module")
def app(db_url: str, settings: Settings) -> Iterator[tuple[Engine, str]]:
    engine = build_engine(settings, backend="offline", store=Store(db_url))
    demo, url = serve_app(engine, settings)
    yield engine, url
    demo.close()


@pytest.fixture
def engine(app: tuple[Engine, str]) -> Engine:
    return app[0]


@pytest.fixture
def client(app: tuple[Engine, str]) -> Client:
    return Client(app[1], verbose=False, download_files=False)


def call(client: Client, route: str, *args: Any) -> dict[str, Any]:
    return api_result(route, client.predict(*args, api_name=f"/{route}"))


def start(client: Client, persona: str = "refused-request", intention: str = "keep my no brief") -> str:
    result = call(client, "start", persona, "amy", intention, False)
    assert result["session"], result["brief_notice"]
    return result["session"]


def send(client: Client, session_id: str, text: str, token: str = "", **stance: Any) -> dict[str, Any]:
    return call(
        client,
        "send",
        session_id,
        text,
        stance.get("distance"),
        stance.get("voice"),
        stance.get("posture"),
        stance.get("actions", []),
        token,
    )


def plain(markdown: str) -> str:
    """What a chat message reads as: Markdown backslash escapes and HTML entities undone."""
    return html.unescape(re.sub(r"\\(.)", r"\1", markdown))


def chat_text(chat: list[dict[str, Any]]) -> list[str]:
    """Each message's text: Gradio 6 may send content as a string or as a list of parts."""
    texts = []
    for message in chat:
        content = message["content"]
        if isinstance(content, str):
            texts.append(content)
        else:
            texts.append("".join(part.get("text", "") for part in content))
    return texts


# --------------------------------------------------------------------------- scenario choice


def test_personas_lists_every_scenario_with_who_situation_and_difficulty(
    client: Client, engine: Engine
) -> None:
    personas = client.predict(api_name="/personas")
    assert {p["id"] for p in personas} == set(engine.personas)
    for persona in personas:
        source = engine.personas[persona["id"]]
        assert persona["who"].startswith(source.profile.name)
        assert persona["situation"] == source.ward.situation
        assert persona["difficulty"] in {"introductory", "intermediate", "advanced"}
    order = ["introductory", "intermediate", "advanced"]
    assert [order.index(p["difficulty"]) for p in personas] == sorted(
        order.index(p["difficulty"]) for p in personas
    )


def test_start_stores_the_intention_and_the_patient_speaks_first(client: Client, engine: Engine) -> None:
    result = call(client, "start", "fearful", "amy", "give her space", True)
    session = engine.store.get_session(result["session"])
    assert (session.persona_id, session.intention, session.low_anxiety) == ("fearful", "give her space", True)
    branch = engine.store.branch(session.id)
    assert [t.speaker for t in branch] == [Speaker.patient]
    assert branch[0].text == engine.personas["fearful"].opening.text
    assert branch[0].text in plain(chat_text(result["chat"])[0])


def test_start_without_a_name_asks_for_one_and_stores_nothing(client: Client, engine: Engine) -> None:
    before = len(engine.store.list_sessions(limit=1000))
    result = call(client, "start", "fearful", "  ", "", False)
    assert result["session"] is None
    assert "name" in result["brief_notice"]
    assert len(engine.store.list_sessions(limit=1000)) == before


# --------------------------------------------------------------------------- a whole session


def test_a_whole_session_turns_undo_rewind_end_debrief_summary(client: Client, engine: Engine) -> None:
    session_id = start(client)
    store = engine.store

    first = send(
        client,
        session_id,
        CALM,
        distance=Distance.two_arms_or_more.value,
        voice=Voice.quiet.value,
        posture=Posture.open.value,
        actions=[Action.step_back.value],
    )
    branch = store.branch(session_id)
    assert [t.speaker for t in branch] == [Speaker.patient, Speaker.staff, Speaker.patient]
    staff = branch[1]
    assert staff.text == CALM
    assert staff.stance is not None
    assert (staff.stance.distance, staff.stance.voice, staff.stance.posture, staff.stance.actions) == (
        Distance.two_arms_or_more,
        Voice.quiet,
        Posture.open,
        [Action.step_back],
    )
    assert store.grades(staff.id), "the staff turn is graded"
    assert "Tone" in first["feedback"] and "Escalation risk" in first["feedback"]
    assert "two arm's lengths away" in plain(chat_text(first["chat"])[1])
    state_after_first = store.branch(session_id)[-1].state

    send(client, session_id, "Okay. Tell me more about what happened.")
    assert len(store.branch(session_id)) == 5

    undone = call(client, "undo", session_id)
    assert len(store.branch(session_id)) == 3
    assert store.branch(session_id)[-1].state == state_after_first
    assert len(undone["chat"]) == 3

    opening = store.branch(session_id)[0]
    rewound = call(client, "rewind", session_id, opening.id)
    assert [t.id for t in store.branch(session_id)] == [opening.id]
    assert len(rewound["chat"]) == 1

    send(client, session_id, "I'm here to help. What do you need most right now?")
    all_turns = store.all_turns(session_id)
    parents = {t.parent_id for t in all_turns}
    leaves = [t for t in all_turns if t.id not in parents]
    assert len(leaves) == 2, "both earlier attempts stay in the transcript"
    assert len(all_turns) == 7
    assert "Where each attempt led" in call(client, "resume", session_id)["branches"]

    ended = call(client, "end", session_id)
    assert store.get_session(session_id).outcome is Outcome.unresolved
    assert "Cover these questions" in ended["debrief_intro"]

    debrief_text = "I kept my distance and offered options. I would record the triggers and check for harm."
    done = call(client, "debrief", session_id, debrief_text)
    stored = store.get_debrief(session_id)
    assert stored is not None and stored.text == debrief_text
    assert "Your debrief covered" in done["summary"]

    summary = call(client, "summary", session_id)["summary"]
    for part in (
        "Unresolved",
        "Averages",
        "Your intention",
        "keep my no brief",
        "A strength",
        "One thing to work on",
    ):
        assert part in summary


def test_a_crisis_ends_the_scenario_opens_the_debrief_and_can_still_be_undone(
    client: Client, engine: Engine
) -> None:
    session_id = start(client)
    threat = "No. Calm down now or you will be put in seclusion."
    for _ in range(MAX_TURNS_TO_CRISIS):
        result = send(client, session_id, threat, distance=Distance.close.value, voice=Voice.raised.value)
        if engine.store.get_session(session_id).ended_at is not None:
            break
    assert engine.store.get_session(session_id).outcome is Outcome.crisis
    assert result["turn_notice"].startswith('<p class="notice status"')
    assert f"{ENDED}: crisis" in result["turn_notice"]
    screen = call(client, "resume", session_id)
    assert "Crisis" in screen["debrief_intro"] and "Cover these questions" in screen["debrief_intro"]
    turns_before_undo = len(engine.store.branch(session_id))

    reopened = call(client, "undo", session_id)  # until the debrief is written, the crisis can be undone
    session = engine.store.get_session(session_id)
    assert session.ended_at is None and session.outcome is None
    assert len(engine.store.branch(session_id)) == turns_before_undo - 2
    assert reopened["debrief_intro"] == ""
    send(client, session_id, CALM)
    assert len(engine.store.branch(session_id)) == turns_before_undo


# What a turn shows is rendered from the turn at hand, not re-read from the store; a reload re-reads it.
SCREEN_OF_A_TURN = ("chat", "turn_notice", "turn_summary", "feedback", "agitation", "chart", "branches")


def test_what_a_turn_shows_is_what_a_reload_shows_after_rewinds_and_at_the_end(
    client: Client, engine: Engine
) -> None:
    session_id = start(client)
    send(client, session_id, CALM)
    first_line = engine.store.branch(session_id)[0].id
    send(client, session_id, "Let me explain what happens next, and when.")
    call(client, "rewind", session_id, first_line)
    turns = [send(client, session_id, "I'll stay over here, so you have some space.")]
    threat = "No. Calm down now or you will be put in seclusion."
    while engine.store.get_session(session_id).ended_at is None and len(turns) <= MAX_TURNS_TO_CRISIS:
        turns.append(
            send(client, session_id, threat, distance=Distance.close.value, voice=Voice.raised.value)
        )
        if len(turns) == 2:
            reloaded = call(client, "resume", session_id)
            assert "(now)" in reloaded["branches"]  # two branches: the table, the current one marked
            for field in SCREEN_OF_A_TURN:
                assert turns[-1][field] == reloaded[field], field
    assert f"{ENDED}: crisis" in turns[-1]["turn_notice"]
    reloaded = call(client, "resume", session_id)
    for field in (*SCREEN_OF_A_TURN, "debrief_intro", "stage"):
        assert turns[-1][field] == reloaded[field], field


def test_turns_after_the_end_are_refused(client: Client, engine: Engine) -> None:
    session_id = start(client)
    call(client, "end", session_id)
    result = send(client, session_id, CALM)
    assert "ended" in result["turn_notice"]
    assert len(engine.store.branch(session_id)) == 1


def test_low_anxiety_mode_hides_scores_during_the_roleplay_and_shows_them_at_the_end(client: Client) -> None:
    result = call(client, "start", "refused-request", "amy", "", True)
    session_id = result["session"]
    played = send(client, session_id, CALM)
    assert "Tone" not in played["feedback"] and "hidden" in played["feedback"]
    call(client, "end", session_id)
    summary = call(client, "summary", session_id)["summary"]
    assert "Every turn and its grade" in summary and "Tone" in summary


# --------------------------------------------------------------------------- backend failure


class FlakyPatient:
    """Fails the first `failures` replies (after a partial chunk, as a dropped stream would), then answers."""

    name = "flaky"

    def __init__(self, inner: Patient, failures: int) -> None:
        self.inner = inner
        self.failures = failures

    async def stream(self, ctx: PatientContext) -> AsyncIterator[str | PatientReply]:
        if self.failures:
            self.failures -= 1
            yield "I—"
            raise ConnectionError("provider down")
        async for item in self.inner.stream(ctx):
            yield item


def test_a_backend_failure_keeps_the_turn_offers_retry_and_the_session_continues(
    db_url: str, settings: Settings
) -> None:
    engine = build_engine(settings, backend="offline", store=Store(db_url))
    engine.patient = FlakyPatient(engine.patient, failures=2)
    demo, url = serve_app(engine, settings)
    try:
        client = Client(url, verbose=False, download_files=False)
        session_id = start(client)
        failed = send(client, session_id, CALM)
        assert "retry" in failed["turn_notice"].lower()
        assert engine.store.branch(session_id)[-1].speaker is Speaker.staff
        assert "not answered" in call(client, "resume", session_id)["turn_notice"]

        refused = send(client, session_id, "Hello again")
        assert "retry" in refused["turn_notice"].lower()
        assert len(engine.store.all_turns(session_id)) == 2, "no second staff turn while one is unanswered"

        assert "retry" in call(client, "retry", session_id)["turn_notice"].lower()  # the second failure
        answered = call(client, "retry", session_id)
        assert answered["turn_notice"] == ""
        branch = engine.store.branch(session_id)
        assert [t.speaker for t in branch] == [Speaker.patient, Speaker.staff, Speaker.patient]
        send(client, session_id, "Thank you for telling me.")
        assert len(engine.store.branch(session_id)) == 5
    finally:
        demo.close()


def test_continue_offline_answers_the_unanswered_turn(db_url: str, settings: Settings) -> None:
    engine = build_engine(settings, backend="offline", store=Store(db_url))
    engine.patient = FlakyPatient(engine.patient, failures=1)
    demo, url = serve_app(engine, settings)
    try:
        client = Client(url, verbose=False, download_files=False)
        session_id = start(client)
        send(client, session_id, CALM)
        call(client, "continue_offline", session_id)
        reply = engine.store.branch(session_id)[-1]
        assert reply.speaker is Speaker.patient and reply.source == "offline"
    finally:
        demo.close()


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "empty"),
        ("   ", "empty"),
        ("x" * 2001, "2,001 characters"),
        ("hello\x07there", "control character"),
    ],
)
def test_bad_messages_get_an_inline_message_and_store_nothing(
    client: Client, engine: Engine, text: str, message: str
) -> None:
    session_id = start(client)
    before = engine.store.all_turns(session_id)
    result = send(client, session_id, text)
    assert message in result["turn_notice"]
    assert 'role="alert"' in result["turn_notice"]
    assert engine.store.all_turns(session_id) == before


def test_a_repeated_submit_with_the_same_client_token_stores_one_turn(client: Client, engine: Engine) -> None:
    session_id = start(client)
    first = send(client, session_id, CALM, token="tok-1")
    second = send(client, session_id, CALM, token="tok-1")
    staff = [t for t in engine.store.all_turns(session_id) if t.speaker is Speaker.staff]
    assert len(staff) == 1
    assert len(engine.store.all_turns(session_id)) == 3
    assert chat_text(first["chat"]) == chat_text(second["chat"])


def test_an_unknown_session_id_is_reported_and_leads_back_to_the_scenarios(client: Client) -> None:
    assert "could not be found" in send(client, "no-such-session", CALM)["turn_notice"]
    assert call(client, "end", "no-such-session")["session"] is None


# --------------------------------------------------------------------------- rendering is never markup


def test_html_typed_by_the_trainee_is_stored_verbatim_and_shown_as_text(
    client: Client, engine: Engine
) -> None:
    session_id = start(client)
    result = send(client, session_id, HOSTILE)
    assert engine.store.branch(session_id)[1].text == HOSTILE
    shown = chat_text(result["chat"])[1]
    assert "<img" not in shown and "<script" not in shown
    assert "&lt;img" in shown and "&lt;script&gt;" in shown
    summary_html = call(client, "summary", session_id)["summary"]
    assert "<script>" not in summary_html and "&lt;script&gt;" in summary_html


def test_html_builders_escape_persona_and_grade_strings(engine: Engine) -> None:
    persona = engine.personas["fearful"]
    hostile = persona.model_copy(
        update={
            "title": HOSTILE,
            "ward": persona.ward.model_copy(update={"situation": HOSTILE}),
            "care_plan": persona.care_plan.model_copy(update={"triggers": [HOSTILE]}),
        }
    )
    for built in (persona_card(hostile), briefing(hostile)):
        assert "<script>" not in built and "<img" not in built
        assert "&lt;script&gt;" in built
    grade = Grade(
        scores=Scores(tone=4, options=1, escalation_risk=2),
        refusal=False,
        evidence=[Evidence(key="tone", quote=HOSTILE, why=HOSTILE)],
        suggestion=HOSTILE,
        grader="offline",
    )
    panel = grade_panel(grade, scores_hidden=False)
    assert "<script>" not in panel and "&lt;script&gt;" in panel


# --------------------------------------------------------------------------- state lives in the store


def test_another_app_process_on_the_same_database_carries_the_session_on(
    client: Client, engine: Engine, db_url: str, settings: Settings
) -> None:
    session_id = start(client)
    send(client, session_id, CALM)
    other_engine = build_engine(settings, backend="offline", store=Store(db_url))
    other_demo, other_url = serve_app(other_engine, settings)
    try:
        other = Client(other_url, verbose=False, download_files=False)
        resumed = call(other, "resume", session_id)
        assert len(resumed["chat"]) == 3
        assert CALM in plain(chat_text(resumed["chat"])[1])
        send(other, session_id, "Would a cup of tea help while we sort this out?")
        assert len(engine.store.branch(session_id)) == 5
    finally:
        other_demo.close()


# --------------------------------------------------------------------------- what a page sends


def test_a_page_sends_one_event_a_turn_and_its_buttons_follow_the_scene(app: tuple[Engine, str]) -> None:
    """A page's turn is one server event, the draft kept by the page itself (local single-user mode);
    Send, the composer and the debrief panel change when the scene ends, not with every turn."""
    _, url = app

    async def play() -> tuple[list[int], Page]:
        async with Browser(timeout_s=60) as http:
            page = Page(http, url, await AppConfig.fetch(http, url))
            await page.open()
            await page.click("choose-refused-request")
            await page.enter("trainee", "amy")
            await page.click("start")
            per_turn = []
            for _ in range(3):
                before = page.events
                await page.enter("message", CALM)
                await page.click("send")
                per_turn.append(page.events - before)
            await page.click("end")
            return per_turn, page

    per_turn, page = asyncio.run(play())
    assert per_turn == [1, 1, 1]
    assert len(page.value("chat")) == 7, "the opening line and three answered turns"
    assert page.value("message") == "", "the box is emptied by the turn"
    shown = {name: page.props[page.config.elem_ids[name]] for name in ("composer", "debrief", "send")}
    assert shown["composer"]["visible"] is False and shown["debrief"]["visible"] is True, shown
    assert shown["send"]["interactive"] is False, "the scene is over: nothing more to send"


def test_an_offline_turn_is_one_update_that_leaves_send_alone(tmp_path: Path) -> None:
    """The offline reply is ready at once, so the turn is shown in one update (a model's reply streams
    in several, with Send locked meanwhile): each update costs the server every output's processing."""
    settings = Settings(data_dir=tmp_path)
    with Store(f"sqlite:///{tmp_path / 't.db'}") as store:
        engine = build_engine(settings, backend="offline", store=store)
        with gr.Blocks():
            handlers = build_handlers(engine, settings, Accounts(store))
        session, _ = engine.start("amy", "refused-request", "", False)

        async def turn() -> list[dict[Any, Any]]:
            sent = handlers.send(session.id, CALM, None, None, None, [], "", cast(gr.Request, None))
            return [update async for update in sent]

        updates = asyncio.run(turn())
        assert len(engine.store.branch(session.id)) == 3, "the turn and its reply are stored"
    assert len(updates) == 1
    assert handlers.view.screen.send_btn not in updates[0], "Send stays as the scene's controls have it"


def test_screen_events_share_one_small_limit_so_arrivals_cannot_crowd_out_turns(tmp_path: Path) -> None:
    """Gradio limits each event function on its own unless grouped: a burst of arriving trainees (page
    loads, scenarios chosen, starts) ran up to 30 such events at once beside the turns. Every queued
    event of the trainee page that is not a turn shares the screen group; the turns keep theirs."""
    settings = Settings(data_dir=tmp_path, concurrency_limit=9)
    with Store(f"sqlite:///{tmp_path / 't.db'}") as store:
        demo = build_app(build_engine(settings, backend="offline", store=store), settings)
    queued = [fn for fn in demo.fns.values() if fn.fn is not None and fn.queue and not fn.page]
    groups = {fn.name: (fn.concurrency_id, fn.concurrency_limit) for fn in queued}
    turns = {"send", "retry", "continue_offline"}
    assert {name: groups[name] for name in turns} == dict.fromkeys(turns, ("turn", 9))
    screens = {name: group for name, group in groups.items() if name not in turns}
    assert {"arrive", "resume", "start", "undo", "rewind", "end", "debrief", "summary"} <= set(screens)
    assert set(screens.values()) == {("screen", SCREEN_LIMIT)}, screens
