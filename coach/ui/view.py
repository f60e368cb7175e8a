"""The view: everything on the page, re-read from the store for one session id.

The browser holds only the session id; every event other than a turn ends by rendering the whole view
from the store, so a reload, or another app process on the same database, shows exactly the same screen.
A turn renders what it changed from what it has at hand (`View.after_turn`): the branch it played, every
turn of the session (for the branches table), the grade and the outcome, with the same builders, so the
two cannot disagree.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Literal, TypeVar

import gradio as gr

from coach.charts import agitation_svg
from coach.engine import Engine
from coach.models import Grade, Outcome, PatientState, Persona, Session, Speaker, Turn
from coach.store import Conversation, NotFound
from coach.summary import graded_turns, summarise
from coach.ui.branches import branch_rows, branches_html, rewind_choices
from coach.ui.cards import briefing, who
from coach.ui.feedback import agitation_indicator, grade_panel, turn_summary
from coach.ui.inputs import client_id
from coach.ui.layout import Screen
from coach.ui.markup import esc
from coach.ui.summary_card import debrief_prompts, summary_card
from coach.ui.transcript import chat_messages

Where = Literal["brief", "turn", "debrief"]
UNANSWERED = "The patient has not answered your last turn yet: retry, or continue offline."
ENDED = "The scenario has ended"  # how a turn's notice begins once the scenario is over


# Every output of the screen; the session id first, so API clients find it at [0].
OUTPUT_FIELDS: tuple[str, ...] = (
    "session", "persona_id", "stage", "client_token", "choose_col", "brief_col", "briefing", "trainee",
    "intention", "brief_notice", "play_col", "scenario_head", "chat", "turn_summary", "message",
    "actions", "turn_notice", "agitation", "chart", "feedback", "rewind_to", "branches", "controls",
    "debrief_intro", "debrief_text", "debrief_notice", "summary_col", "summary",
)  # fmt: skip
# What a turn (send, retry, continue offline) updates: one event a turn, so these include what the turn
# changes beyond the reply (the chart, the rewind choices, the branches, and the ending of the scene).
# They are few on purpose: for every output an update leaves unchanged, and for every gr.update(),
# Gradio builds a new component and its config twice (1-3 ms of CPU each), while a plain value costs
# microseconds. So the buttons and panels a turn rarely changes are not its outputs: `controls` is.
TURN_FIELDS: tuple[str, ...] = (
    "chat", "message", "actions", "client_token", "turn_notice", "turn_summary", "feedback", "agitation",
    "chart", "rewind_to", "branches", "stage", "debrief_intro", "controls",
)  # fmt: skip
# A turn whose reply streams in (a model's) also locks Send while it does: in the update that shows the
# staff turn, not in an event after it, so Send is never usable before the reply is final.
STREAMED_TURN_FIELDS: tuple[str, ...] = (*TURN_FIELDS, "send_btn")
# What a change of `controls` sets (View.controls_update), in order.
CONTROLLED_FIELDS: tuple[str, ...] = (
    "composer",
    "message",
    "send_btn",
    "undo_btn",
    "retry_row",
    "debrief_col",
)
# Layout blocks and buttons carry only visibility and interactivity, and `controls` lives on the server;
# API clients do not receive them.
CONTROL_ONLY_FIELDS = frozenset(
    {"choose_col", "brief_col", "play_col", "summary_col", "send_btn", "controls"}
)


TURN_ROUTES = frozenset({"send", "retry", "continue_offline"})  # the API routes whose outputs are TURN_FIELDS


def api_result(route: str, values: tuple[Any, ...] | list[Any]) -> dict[str, Any]:
    """The result of API route `route` (the tuple a client receives), keyed by component name."""
    fields = TURN_FIELDS if route in TURN_ROUTES else OUTPUT_FIELDS
    returned = tuple(name for name in fields if name not in CONTROL_ONLY_FIELDS)
    return dict(zip(returned, values, strict=True))


class Controls(StrEnum):
    """Which conversation controls are usable: typing and sending (`play`), Retry and Continue offline
    for an unanswered turn (`unanswered`), the debrief once the scene is over (`ended`)."""

    play = "play"
    unanswered = "unanswered"
    ended = "ended"


class Stage(StrEnum):
    choose = "choose"
    brief = "brief"
    play = "play"
    debrief = "debrief"
    summary = "summary"


@dataclass(frozen=True)
class Notice:
    """A one-line message shown beside the control that caused it."""

    where: Where
    text: str


def notice_html(text: str, role: Literal["alert", "status"] = "alert") -> str:
    """A notice beside a control: an alert for a problem, a status line for news."""
    return f'<p class="notice {role}" role="{role}">{esc(text)}</p>' if text else ""


def ended_text(outcome: Outcome | None) -> str:
    return f"{ENDED}: {outcome.value if outcome else 'ended'}. The debrief comes next."


def _patient_states(branch: list[Turn]) -> list[PatientState]:
    return [t.state for t in branch if t.speaker is Speaker.patient and t.state is not None]


@dataclass
class View:
    """Renders the screen for a session id as a dict of component updates (every output of an event)."""

    engine: Engine
    screen: Screen
    prompts: list[str]
    feature_titles: Mapping[str, str]

    def outputs(self, fields: tuple[str, ...] = OUTPUT_FIELDS) -> list[Any]:
        """The components named by `fields`, in order: an event's outputs."""
        return [getattr(self.screen, name) for name in fields]

    def only(self, update: dict[Any, Any], fields: tuple[str, ...]) -> dict[Any, Any]:
        """The part of `update` an event with outputs `fields` may return."""
        wanted = set(self.outputs(fields))
        return {component: value for component, value in update.items() if component in wanted}

    def find(self, session_id: object) -> Session | None:
        """The stored session, or None when the id is empty, not a string or unknown to this store."""
        return _found(session_id, self.engine.store.get_session)

    def read(self, session_id: object) -> Conversation | None:
        """The stored session read whole, as a turn starts from it (see find for None)."""
        return _found(session_id, self.engine.store.conversation)

    def stage_of(self, session: Session) -> Stage:
        """Where a stored session is: playing, waiting for its debrief, or done."""
        if session.ended_at is None:
            return Stage.play
        if self.engine.store.get_debrief(session.id) is None:
            return Stage.debrief
        return Stage.summary

    def render(
        self,
        session_id: str | None,
        *,
        persona_id: str | None = None,
        stage: Stage | None = None,
        notice: Notice | None = None,
    ) -> dict[Any, Any]:
        """The whole screen. `stage` overrides the stage the store implies (e.g. skipping the debrief)."""
        s = self.screen
        session = self.find(session_id)
        persona = self.engine.personas.get(persona_id or "")
        if session is None:
            stage = Stage.brief if persona else Stage.choose
        else:
            stage = stage or self.stage_of(session)
        notes = {"brief": "", "turn": "", "debrief": ""}
        if notice is not None:
            notes[notice.where] = notice.text
        update: dict[Any, Any] = {
            s.session: session.id if session else None,
            s.persona_id: session.persona_id if session else (persona.id if persona else ""),
            s.stage: stage.value,
            s.client_token: uuid.uuid4().hex,
            s.choose_col: gr.update(visible=stage is Stage.choose),
            s.brief_col: gr.update(visible=stage is Stage.brief),
            s.play_col: gr.update(visible=stage in {Stage.play, Stage.debrief}),
            s.summary_col: gr.update(visible=stage is Stage.summary),
            s.brief_notice: notice_html(notes["brief"]),
            s.debrief_notice: notice_html(notes["debrief"]),
        }
        # Hidden screens get an empty value rather than no value: cheaper for Gradio than "unchanged".
        update[s.briefing] = briefing(persona) if persona is not None and stage is Stage.brief else ""
        update[s.summary] = self._summary(session) if session is not None and stage is Stage.summary else ""
        if session is not None and stage in {Stage.play, Stage.debrief}:
            branch = self.engine.store.branch(session.id)
            graded = graded_turns(self.engine.store, session.id, branch)
            latest = graded[-1][1] if graded else None
            turns = self.engine.store.all_turns(session.id)
            shown = self._conversation(session, stage, notes["turn"], branch, turns, latest, len(graded))
            update.update(shown)
        else:
            # The conversation is hidden: plain values, which cost Gradio far less than "unchanged".
            update.update(
                {s.chat: self.chat([]), s.scenario_head: "", s.agitation: "", s.chart: "", s.feedback: ""}
            )
            update.update({s.branches: "", s.debrief_intro: "", s.turn_notice: "", s.turn_summary: ""})
            update.update({s.actions: [], s.rewind_to: None, s.message: ""})
        return update

    def chat(self, branch: list[Turn], pending_reply: str | None = None) -> list[dict[str, Any]]:
        """The chat of `branch` as the page receives it. The trainee page's events skip Gradio's
        postprocessing, which hands every output to a worker thread and back (coach.ui.app), so the one
        component whose postprocessing is not the identity, the Chatbot, is postprocessed here."""
        messages = chat_messages(branch, pending_reply=pending_reply)
        return self.screen.chat.postprocess(messages).model_dump()  # type: ignore[arg-type]

    def controls_update(self, controls: str | None) -> dict[Any, Any]:
        """The conversation's buttons and panels for `controls` (a Controls value; anything else is
        treated as the scene over)."""
        s = self.screen
        playing = controls in {Controls.play, Controls.unanswered}
        typing = controls == Controls.play
        return {
            s.composer: gr.update(visible=playing),
            s.message: gr.update(interactive=typing),
            s.send_btn: gr.update(interactive=typing),
            s.undo_btn: gr.update(interactive=playing),
            s.retry_row: gr.update(visible=controls == Controls.unanswered),
            s.debrief_col: gr.update(visible=not playing),
        }

    def after_turn(
        self,
        session: Session,
        branch: list[Turn],
        turns: list[Turn],
        grade: Grade,
        outcome: Outcome | None = None,
        notice: str = "",
    ) -> dict[Any, Any]:
        """What a turn changed, from what it has at hand: the branch as it now stands (ending with the
        reply, or with the unanswered staff turn), every turn of the session (every branch), the grade of
        its staff turn and the outcome when the scene ended. Every TURN_FIELDS output gets a value; the
        message box is emptied (the staff turn is stored)."""
        s = self.screen
        # The session as the turn left it: its head is the newest turn (the branches table marks the
        # head), and an outcome ends it.
        session = session.model_copy(
            update={"head_turn_id": branch[-1].id, "outcome": outcome or session.outcome}
        )
        stage = Stage.debrief if outcome is not None else Stage.play
        staff_turns = sum(t.speaker is Speaker.staff for t in branch)
        shown = self._conversation(session, stage, notice, branch, turns, grade, staff_turns)
        wanted = set(self.outputs(TURN_FIELDS))
        update = {component: value for component, value in shown.items() if component in wanted}
        update[s.stage] = stage.value
        update[s.client_token] = uuid.uuid4().hex
        update[s.message] = ""
        return update

    def _conversation(
        self,
        session: Session,
        stage: Stage,
        notice: str,
        branch: list[Turn],
        turns: list[Turn],
        latest: Grade | None,
        graded: int,
    ) -> dict[Any, Any]:
        """The conversation screen for `branch` (one of the session's `turns`), whose newest grade is
        `latest` and whose `graded` staff turns are graded. The message box keeps what is typed in it."""
        s = self.screen
        persona: Persona = self.engine.personas[session.persona_id]
        states = _patient_states(branch)
        unanswered = bool(branch) and branch[-1].speaker is Speaker.staff
        playing = stage is Stage.play
        notice_line = notice_html(notice)
        if not notice and playing and unanswered:
            notice_line = notice_html(UNANSWERED)
        elif not notice and not playing:
            notice_line = notice_html(ended_text(session.outcome), role="status")
        return {
            s.scenario_head: self._scenario_head(session, persona),
            s.chat: self.chat(branch),
            s.actions: [],
            s.turn_notice: notice_line,
            s.turn_summary: turn_summary(
                latest,
                states[-1] if states else None,
                states[-2] if len(states) > 1 else None,
                scores_hidden=session.low_anxiety,
                turn_number=graded,
            ),
            s.agitation: agitation_indicator(
                states[-1] if states else None, states[-2] if len(states) > 1 else None
            ),
            s.chart: '<div class="chart-box"><h3>Agitation so far</h3>'
            + agitation_svg([st.agitation for st in states], title="Agitation so far")
            + "</div>",
            s.feedback: grade_panel(latest, scores_hidden=session.low_anxiety, turn_number=graded),
            s.rewind_to: gr.update(choices=rewind_choices(branch), value=None),
            s.branches: branches_html(branch_rows(session, turns)),
            s.controls: (
                (Controls.unanswered if unanswered else Controls.play) if playing else Controls.ended
            ).value,
            s.debrief_intro: "" if playing else debrief_prompts(self.prompts, session.outcome),
        }

    @staticmethod
    def _scenario_head(session: Session, persona: Persona) -> str:
        intention = (
            f'<p class="intention"><span>Your intention:</span> {esc(session.intention)}</p>'
            if session.intention
            else ""
        )
        mode = '<span class="badge">Low-anxiety mode</span>' if session.low_anxiety else ""
        return (
            f'<div class="scenario-head"><h2>{esc(persona.title)} {mode}</h2>'
            f'<p class="who">{esc(who(persona))}</p>{intention}</div>'
        )

    def _summary(self, session: Session) -> str:
        persona = self.engine.personas[session.persona_id]
        branch = self.engine.store.branch(session.id)
        return summary_card(
            summarise(self.engine.store, session.id),
            persona.title,
            graded_turns(self.engine.store, session.id, branch),
            self.feature_titles,
        )


Found = TypeVar("Found")


def _found(session_id: object, reading: Callable[[str], Found]) -> Found | None:
    """What `reading` gives for the session, or None when the id is empty, not a string or unknown."""
    found = client_id(session_id)
    if found is None:
        return None
    try:
        return reading(found)
    except NotFound:
        return None
