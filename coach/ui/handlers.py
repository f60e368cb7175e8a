"""What each event does: call the engine, then render the view from the store.

Input problems (TurnRejected) become a one-line notice beside the control; nothing is stored for them.
A backend failure (TurnFailed) leaves the staff turn stored and shows Retry and Continue offline.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import gradio as gr

from coach.engine import Engine, ReplyDelta, StaffStored, TurnEvent, TurnFailed, TurnRejected, TurnResult
from coach.models import Speaker, Stance, Turn
from coach.personas import UnknownPersona
from coach.store import NotFound
from coach.ui.cards import in_teaching_order, who
from coach.ui.feedback import agitation_indicator, grade_panel
from coach.ui.transcript import chat_messages
from coach.ui.view import REST_FIELDS, TURN_FIELDS, Notice, Stage, View, notice_html

NO_NAME = "Enter your name or initials, so your trainer can find this session."
NO_SESSION = "That session could not be found. Choose a scenario to start a new one."

# Reply deltas are shown at most this often: smooth to the eye, and each update costs the server a diff
# of the chat and every client a message. The final reply is always shown in full.
STREAM_INTERVAL_S = 0.05

Update = dict[Any, Any]


@dataclass
class Handlers:
    """The app's events, one method each; every method returns (or yields) view updates."""

    engine: Engine
    view: View

    # ----------------------------------------------------------------- scenario choice

    def personas(self) -> list[dict[str, str]]:
        """The scenarios, easiest first: id, title, difficulty, who and situation."""
        return [
            {
                "id": p.id,
                "title": p.title,
                "difficulty": p.difficulty,
                "who": who(p),
                "situation": p.ward.situation,
            }
            for p in in_teaching_order(self.engine.personas)
        ]

    def choose(self, persona_id: str) -> Update:
        return self.view.render(None, persona_id=persona_id)

    def back(self) -> Update:
        return self.view.render(None)

    def resume(self, session_id: str | None) -> Update:
        """The screen for a stored session id (a page load or reload)."""
        return self.view.render(session_id)

    def start(self, persona_id: str, trainee: str, intention: str, low_anxiety: bool) -> Update:
        """Open a session for the briefed persona; the patient speaks first."""
        if not (trainee or "").strip():
            return self.view.render(None, persona_id=persona_id, notice=Notice("brief", NO_NAME))
        try:
            session, _ = self.engine.start(trainee, persona_id, intention or "", bool(low_anxiety))
        except (TurnRejected, UnknownPersona) as exc:
            return self.view.render(None, persona_id=persona_id, notice=Notice("brief", str(exc)))
        return self.view.render(session.id)

    # ----------------------------------------------------------------- the turn

    async def send(
        self,
        session_id: str | None,
        text: str,
        distance: str | None,
        voice: str | None,
        posture: str | None,
        actions: list[str] | None,
        client_token: str | None,
    ) -> AsyncIterator[Update]:
        """One staff turn with its stance: stored, graded, then the patient's reply streams in."""
        if self.view.find(session_id) is None:
            gr.Warning(NO_SESSION)
            yield {self.view.screen.turn_notice: notice_html(NO_SESSION)}
            return
        # Gradio has already checked each value against the control's choices.
        stance = Stance(
            distance=distance or None, voice=voice or None, posture=posture or None, actions=actions or []
        )
        events = self.engine.stream_turn(session_id, text, stance, client_token=client_token or None)
        async for update in self._play(session_id, events):
            yield update

    async def retry(self, session_id: str | None) -> AsyncIterator[Update]:
        """Ask the same backend again for the reply to the unanswered turn."""
        async for update in self._retry(session_id, offline=False):
            yield update

    async def continue_offline(self, session_id: str | None) -> AsyncIterator[Update]:
        """Answer the unanswered turn with the offline patient and carry on."""
        async for update in self._retry(session_id, offline=True):
            yield update

    async def _retry(self, session_id: str | None, offline: bool) -> AsyncIterator[Update]:
        if self.view.find(session_id) is None:
            gr.Warning(NO_SESSION)
            yield {self.view.screen.turn_notice: notice_html(NO_SESSION)}
            return
        async for update in self._play(session_id, self.engine.stream_retry(session_id, offline=offline)):
            yield update

    async def _play(self, session_id: str, events: AsyncIterator[TurnEvent]) -> AsyncIterator[Update]:
        """Stream a turn into TURN_FIELDS; `after_turn` renders the rest of the screen once it is done."""
        s = self.view.screen
        shown: Update = {}
        branch: list[Turn] = []
        reply = ""
        shown_at = 0.0
        try:
            async for event in events:
                if isinstance(event, StaffStored):
                    branch = self.engine.store.branch(session_id)
                    session = self.engine.store.get_session(session_id)
                    states = [t.state for t in branch if t.speaker is Speaker.patient and t.state]
                    shown = {
                        s.chat: chat_messages(branch, pending_reply=""),
                        s.message: "",
                        s.actions: [],
                        s.client_token: uuid.uuid4().hex,
                        s.turn_notice: "",
                        s.feedback: grade_panel(
                            event.grade,
                            scores_hidden=session.low_anxiety,
                            turn_number=sum(t.speaker is Speaker.staff for t in branch),
                        ),
                        s.agitation: agitation_indicator(event.state, states[-1] if states else None),
                    }
                    yield {**shown, s.send_btn: gr.update(interactive=False)}
                elif isinstance(event, ReplyDelta):
                    reply += event.text
                    if time.monotonic() - shown_at >= STREAM_INTERVAL_S:
                        shown_at = time.monotonic()
                        yield {**shown, s.chat: chat_messages(branch, pending_reply=reply)}
                elif isinstance(event, TurnFailed):
                    notice = Notice("turn", event.message)
                    yield self.view.only(self.view.render(session_id, notice=notice), TURN_FIELDS)
                elif isinstance(event, TurnResult):
                    yield self.view.only(self.view.render(session_id), TURN_FIELDS)
        except TurnRejected as exc:
            yield {s.turn_notice: notice_html(str(exc))}

    def after_turn(self, session_id: str | None) -> Update:
        """The rest of the screen after a turn: stage, rewind choices, branches, chart, buttons."""
        return self.view.only(self.view.render(session_id), REST_FIELDS)

    # ----------------------------------------------------------------- rewind

    def undo(self, session_id: str | None) -> Update:
        """Take back the last staff turn: the patient's state goes back with it. Until the debrief is
        written this also works after the scene has ended, and reopens it."""
        return self._rewind(session_id, None)

    def rewind(self, session_id: str | None, turn_id: str | None) -> Update:
        """Go back to an earlier patient line to try a different one; the old branch is kept (this too
        reopens an ended scene until the debrief is written)."""
        if not turn_id:
            return self.view.render(session_id, notice=Notice("turn", "Choose the line to go back to first."))
        return self._rewind(session_id, turn_id)

    def _rewind(self, session_id: str | None, turn_id: str | None) -> Update:
        session = self.view.find(session_id)
        if session is None:
            return self._lost()
        try:
            if turn_id is None:
                self.engine.undo(session.id)
            else:
                self.engine.rewind(session.id, turn_id)
        except (TurnRejected, NotFound) as exc:
            message = str(exc) if isinstance(exc, TurnRejected) else "That line is not in this session."
            # the turn notice sits in the composer, which is hidden once the scene has ended
            where = "debrief" if session.ended_at else "turn"
            return self.view.render(session.id, notice=Notice(where, message))
        return self.view.render(session.id)

    # ----------------------------------------------------------------- ending

    def end(self, session_id: str | None) -> Update:
        """End the scenario now; the debrief comes next."""
        if self.view.find(session_id) is None:
            return self._lost()
        self.engine.end(session_id)
        return self.view.render(session_id)

    def debrief(self, session_id: str | None, text: str) -> Update:
        """Grade and store the trainee's debrief, then show the summary."""
        if self.view.find(session_id) is None:
            return self._lost()
        try:
            self.engine.debrief(session_id, text)
        except TurnRejected as exc:
            return self.view.render(session_id, notice=Notice("debrief", str(exc)))
        return self.view.render(session_id, stage=Stage.summary)

    def summary(self, session_id: str | None) -> Update:
        """The summary card of the session (the debrief may be skipped)."""
        return self.view.render(session_id, stage=Stage.summary)

    def _lost(self) -> Update:
        """Back to the scenarios when the browser holds a session id this store does not know."""
        gr.Warning(NO_SESSION)
        return self.view.render(None)

    def again(self, session_id: str | None) -> Update:
        """Back to the briefing of the same scenario, for a fresh session."""
        session = self.view.find(session_id)
        return self.view.render(None, persona_id=session.persona_id if session else None)
