"""What each event does: check who is asking, call the engine, then render the view from the store.

Input problems (TurnRejected) become a one-line notice beside the control; nothing is stored for them.
A backend failure (TurnFailed) leaves the staff turn stored and shows Retry and Continue offline.

Access is checked here, on the server, for every event that names a session, because a client can call
any route with any id. With sign-in on, only a session's owner (the trainee whose user name it carries)
opens or plays it in this app; trainers and admins read others' sessions on the trainer page and never
act as the trainee. A session the viewer may not play gets exactly the answer an unknown id gets, and
nothing changes. `start` saves the session under the signed-in name, whatever name a client sends.
Without accounts (local single-user mode) the one person at the machine plays every session.

The turn's handlers run on the event loop, so everything they ask of the store (the access check and the
read a turn starts from, a screen rendered from the store) runs on a worker thread (coach.off_loop): the
loop serves other trainees while the database answers. The screen events are plain functions, which
Gradio runs on its worker threads already.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import AsyncGenerator, AsyncIterator, Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any, cast

import gradio as gr

from coach.access.accounts import LOCAL_USER, AccessDenied, Accounts, User
from coach.drafts import Draft, Drafts, Screen
from coach.engine import Engine
from coach.models import Grade, Session, Speaker, Turn
from coach.off_loop import off_loop
from coach.personas import UnknownPersona
from coach.stance import Stance
from coach.store import Conversation, NotFound
from coach.turn_deadline import ReplySlow
from coach.turn_events import ReplyDelta, StaffStored, TurnEvent, TurnFailed, TurnResult
from coach.typed_text import TurnRejected
from coach.ui.cards import in_teaching_order, who
from coach.ui.feedback import agitation_indicator, grade_panel, turn_summary
from coach.ui.inputs import client_id
from coach.ui.sign_in_page import sign_out_control
from coach.ui.turn_order import TurnOrder
from coach.ui.view import TURN_FIELDS, Controls, Notice, Stage, View, Where, notice_html

NO_NAME = "Enter your name or initials, so your trainer can find this session."
NO_SESSION = "That session could not be found. Choose a scenario to start a new one."
SIGNED_IN_INFO = "You are signed in: your sessions are saved under your account name."

# Reply deltas are shown at most this often: smooth to the eye, and each update costs the server a diff
# of the chat and every client a message. The final reply is always shown in full.
STREAM_INTERVAL_S = 0.05

Update = dict[Any, Any]


def plays(viewer: User, session: Session) -> bool:
    """Whether `viewer` may open and play `session` in the trainee app: its owner, or anyone in local
    single-user mode (no accounts)."""
    return viewer == LOCAL_USER or session.trainee == viewer.username


@dataclass
class Handlers:
    """The app's events, one method each; every method returns (or yields) view updates."""

    engine: Engine
    view: View
    accounts: Accounts
    drafts: Drafts
    turn_order: TurnOrder = field(default_factory=TurnOrder)

    # ----------------------------------------------------------------- who is asking

    def _viewer(self, request: gr.Request | None) -> User:
        """The signed-in user (LOCAL_USER without accounts); an inactive account is refused outright."""
        try:
            return self.accounts.viewer(getattr(request, "username", None))
        except AccessDenied as exc:
            raise gr.Error(str(exc), print_exception=False) from None

    def _session(self, session_id: str | None, request: gr.Request | None) -> Session | None:
        """The stored session when the viewer may play it; None for an unknown id and for anyone else's."""
        viewer = self._viewer(request)
        session = self.view.find(session_id)
        return session if session is not None and plays(viewer, session) else None

    def _conversation(self, session_id: str | None, request: gr.Request | None) -> Conversation | None:
        """As _session, the session read whole: what a turn starts from, so it is not read twice."""
        viewer = self._viewer(request)
        read = self.view.read(session_id)
        return read if read is not None and plays(viewer, read.session) else None

    def signed_in(self, request: gr.Request) -> tuple[Any, Any]:
        """The briefing's name box and the sign-out control: with sign-in, the account name, fixed, and
        the control shown; without, the box left for typing and no control."""
        viewer = self._viewer(request)
        if viewer == LOCAL_USER:
            return gr.skip(), gr.skip()
        return (
            gr.update(value=viewer.username, interactive=False, info=SIGNED_IN_INFO),
            gr.update(value=sign_out_control(viewer.username), visible=True),
        )

    def controls(self, controls: str | None) -> Update:
        """The conversation's buttons and panels, after a change of which are usable."""
        return self.view.controls_update(controls)

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

    def arrive(self, session_id: str | None, kept: Any, request: gr.Request) -> Any:
        """A page load: a new value for `restore` (whose change runs `resume`) when there is a screen or
        typed text to restore, else nothing. A fresh page already shows the first screen, and answering
        it with the whole screen unchanged would cost a component built per output (coach.ui.view)."""
        if not session_id and self._draft(self._viewer(request), kept) is None:
            return gr.skip()
        return uuid.uuid4().hex

    def _draft(self, viewer: User, kept: Any) -> Draft | None:
        """The viewer's draft: in the store for a signed-in user (whichever device wrote it last), else
        the one this browser keeps."""
        return Draft.read(kept) if viewer == LOCAL_USER else self.drafts.get(viewer.username)

    # `kept` has a default so that API clients may call /resume with the session id alone.
    def resume(self, session_id: str | None, kept: Any = None, request: gr.Request | None = None) -> Update:
        """The screen as the trainee left it (a page load or reload), with the text they had typed (the
        draft). Without a draft, the screen of the stored session id."""
        viewer = self._viewer(request)
        if session_id not in (None, "") and client_id(session_id) is None:
            return self.view.render(None)  # an id of the wrong type is an unknown id: the first screen
        draft = self._draft(viewer, kept)
        if draft is None or (draft.screen == "choose" and not session_id):
            if not session_id:
                # Nothing to resume, and the page already shows the first screen: change nothing, so a
                # card clicked while the page was still loading is not undone when this arrives.
                # gr.skip(), not {}: Gradio reads an empty dict as one output value, not "no updates".
                return gr.skip() if draft is None else self._typed(draft)
            session = self._session(session_id, request)
            return self.view.render(session.id if session else None)
        session = self._session(draft.session_id or session_id, request)
        if draft.screen in {"play", "debrief", "summary"} and session is not None:
            stage = Stage.summary if draft.screen == "summary" else None
            return {**self.view.render(session.id, stage=stage), **self._typed(draft)}
        persona_id = draft.persona_id if draft.screen == "brief" else None
        return {**self.view.render(None, persona_id=persona_id), **self._typed(draft)}

    def _typed(self, draft: Draft) -> Update:
        """The draft's text back in its boxes (a signed-in user's name box keeps the account name)."""
        s = self.view.screen
        typed: Update = {s.intention: draft.intention, s.debrief_text: draft.debrief}
        if draft.message:
            typed[s.message] = draft.message
        if draft.trainee:
            typed[s.trainee] = draft.trainee
        return typed

    def remember(
        self,
        session_id: str | None,
        persona_id: str | None,
        stage: str | None,
        trainee: str | None,
        intention: str | None,
        message: str | None,
        debrief: str | None,
        request: gr.Request,
    ) -> Any:
        """Keep the page as it is now as the signed-in viewer's draft, in the store; the browser's copy
        is emptied. (In local single-user mode the page keeps its draft itself: coach.ui.app.)"""
        viewer = self._viewer(request)
        if stage not in Stage.__members__ or viewer == LOCAL_USER:
            # No screen rendered yet (the page is still loading): keeping this would overwrite the
            # draft the page is about to be restored from. Nobody signed in: nothing to keep here.
            return gr.skip()
        screen = cast(Screen, stage)  # one of the Stage values, checked above
        draft = Draft.typed(
            screen,
            persona_id or "",
            session_id,
            trainee=trainee,
            intention=intention,
            message=message,
            debrief=debrief,
        )
        self.drafts.save(viewer.username, draft)
        return None

    def start(
        self, persona_id: str, trainee: str, intention: str, low_anxiety: bool, request: gr.Request
    ) -> Update:
        """Open a session for the briefed persona; the patient speaks first. With sign-in, the session is
        the signed-in user's whatever `trainee` says."""
        viewer = self._viewer(request)
        if viewer != LOCAL_USER:
            trainee = viewer.username
        if not (trainee or "").strip():
            return self.view.render(None, persona_id=persona_id, notice=Notice("brief", NO_NAME))
        try:
            session, _ = self.engine.start(trainee, persona_id, intention or "", bool(low_anxiety))
        except (TurnRejected, UnknownPersona) as exc:
            return self.view.render(None, persona_id=persona_id, notice=Notice("brief", str(exc)))
        # A new session starts with an empty message and debrief, whatever the last one left there.
        s = self.view.screen
        return {**self.view.render(session.id), s.message: "", s.debrief_text: ""}

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
        request: gr.Request,
    ) -> AsyncIterator[Update]:
        """One staff turn with its stance: stored, graded, then the patient's reply."""
        async with self.turn_order.opening(session_id) as opened:
            read = await off_loop(self.engine.store, self._conversation, session_id, request)
            if read is None:
                yield self._turn_lost()
                return
            session = read.session
            # Gradio has already checked each value against the control's choices.
            stance = Stance(
                distance=distance or None, voice=voice or None, posture=posture or None, actions=actions or []
            )
            events = self.engine.stream_turn(
                session.id, text, stance, client_token=client_token or None, read=read
            )
            async for update in self._play(session, events, self.streams(), opened):
                yield update

    async def retry(self, session_id: str | None, request: gr.Request) -> AsyncIterator[Update]:
        """Ask the same backend again for the reply to the unanswered turn."""
        async for update in self._retry(session_id, request, offline=False):
            yield update

    async def continue_offline(self, session_id: str | None, request: gr.Request) -> AsyncIterator[Update]:
        """Answer the unanswered turn with the offline patient and carry on."""
        async for update in self._retry(session_id, request, offline=True):
            yield update

    async def _retry(
        self, session_id: str | None, request: gr.Request | None, offline: bool
    ) -> AsyncIterator[Update]:
        async with self.turn_order.opening(session_id) as opened:
            session = await off_loop(self.engine.store, self._session, session_id, request)
            if session is None:
                yield self._turn_lost()
                return
            events = self.engine.stream_retry(session.id, offline=offline)
            async for update in self._play(session, events, self.streams() and not offline, opened):
                yield update

    def streams(self) -> bool:
        """Whether the patient's reply is worth streaming: a model's comes word by word over seconds,
        the offline patient's is ready at once (streaming it would only cost updates)."""
        return self.engine.backend.talks_to_model

    def _turn_lost(self) -> Update:
        """A turn's answer when the browser holds a session id the viewer cannot play."""
        gr.Warning(NO_SESSION)
        return {self.view.screen.turn_notice: notice_html(NO_SESSION)}

    async def _play(
        self,
        session: Session,
        events: AsyncGenerator[TurnEvent, None],
        streams: bool,
        opened: Callable[[], None],
    ) -> AsyncIterator[Update]:
        """A turn in one event, its last update rendered from what the turn has at hand (the branch,
        the grade, the outcome). When `streams`, the staff turn and its grade are shown first and the
        reply as it comes; otherwise only the finished turn is shown. `opened` is called at the turn's
        first event: the session's next turn in this process may start (coach.ui.turn_order).

        The event ends at the stored reply, which unlocks the input (a button's event stays pending, and
        its next click ignored, until its handler returns); a model grade still coming is shown by
        `grade_arrived`, chained after."""
        s = self.view.screen
        shown: Update = {}
        branch: list[Turn] = []
        turns: list[Turn] = []  # every branch's, for the branches table
        grade: Grade | None = None
        reply = ""
        shown_at = 0.0
        try:
            async for event in events:
                opened()
                if isinstance(event, ReplySlow):
                    yield {**shown, s.turn_notice: notice_html(event.message, role="status")}
                elif isinstance(event, StaffStored):
                    branch, turns, grade = event.branch, event.turns, event.grade
                    if streams:
                        shown = self._staff_shown(session, branch, event)
                        yield {**shown, s.send_btn: gr.update(interactive=False)}
                elif isinstance(event, ReplyDelta):
                    reply += event.text
                    if streams and time.monotonic() - shown_at >= STREAM_INTERVAL_S:
                        shown_at = time.monotonic()
                        yield {**shown, s.chat: self.view.chat(branch, pending_reply=reply)}
                elif isinstance(event, TurnFailed):
                    if grade is None:  # nothing of this turn at hand
                        done = await self._stored_turn(session, Notice("turn", event.message))
                    else:
                        done = self.view.after_turn(session, branch, turns, grade, notice=event.message)
                    yield self._unlocked(done) if streams else done
                    return
                elif isinstance(event, TurnResult):
                    if grade is None or branch[-1].id != event.staff.id:
                        # a replayed turn (a double submit): what is stored is all there is at hand
                        done = await self._stored_turn(session)
                    else:
                        # event.grade: a retry's model grade stored by an earlier try, else the offline one
                        answer = event.patient
                        done = self.view.after_turn(
                            session, [*branch, answer], [*turns, answer], event.grade, event.outcome
                        )
                    yield self._unlocked(done) if streams else done
                    return  # the grade task goes on and stores itself
        except TurnRejected as exc:
            yield {s.turn_notice: notice_html(str(exc))}
        finally:
            await events.aclose()

    async def _stored_turn(self, session: Session, notice: Notice | None = None) -> Update:
        """The turn's outputs rendered from the store (read off the event loop)."""
        render = partial(self.view.render, session.id, notice=notice)
        return self.view.only(await off_loop(self.engine.store, render), TURN_FIELDS)

    def _unlocked(self, done: Update) -> Update:
        """A streamed turn's last update, with Send as its controls have it (locked while it streamed)."""
        s = self.view.screen
        return {**done, s.send_btn: gr.update(interactive=done.get(s.controls) == Controls.play)}

    def _staff_shown(self, session: Session, branch: list[Turn], event: StaffStored) -> Update:
        """While a model's reply streams: the staff turn in the chat, its grade, the patient's state."""
        s = self.view.screen
        states = [t.state for t in branch if t.speaker is Speaker.patient and t.state]
        turn_number = sum(t.speaker is Speaker.staff for t in branch)
        return {
            s.chat: self.view.chat(branch, pending_reply=""),
            s.message: "",
            s.actions: [],
            s.client_token: uuid.uuid4().hex,
            s.turn_notice: "",
            s.feedback: grade_panel(event.grade, scores_hidden=session.low_anxiety, turn_number=turn_number),
            s.agitation: agitation_indicator(event.state, states[-1] if states else None),
            s.turn_summary: turn_summary(
                event.grade,
                event.state,
                states[-1] if states else None,
                scores_hidden=session.low_anxiety,
                turn_number=turn_number,
            ),
        }

    async def grade_arrived(self, session_id: str | None, request: gr.Request) -> Update:
        """The feedback panel and the compact turn summary beside the reply once the model's grade of the
        last turn is in (nothing when none is coming). The trainee may already be typing: this touches
        only those two."""
        staff = await off_loop(self.engine.store, self._last_staff_turn, session_id, request)
        if staff is None:
            return gr.skip()  # not {}: Gradio reads an empty dict as one output value
        assert staff.id is not None and staff.session_id is not None, "a turn read from the store"
        if not self.engine.grade_pending(staff.id):
            return gr.skip()
        await self.engine.settled_grade(staff.id)
        rendered = await off_loop(self.engine.store, self.view.render, staff.session_id)
        return self.view.only(rendered, ("feedback", "turn_summary"))

    def _last_staff_turn(self, session_id: str | None, request: gr.Request | None) -> Turn | None:
        """The newest staff turn of the session's branch, when the viewer may play the session."""
        session = self._session(session_id, request)
        if session is None:
            return None
        return next((t for t in reversed(self.engine.branch(session.id)) if t.speaker is Speaker.staff), None)

    # ----------------------------------------------------------------- rewind

    def undo(self, session_id: str | None, request: gr.Request) -> Update:
        """Take back the last staff turn: the patient's state goes back with it. Until the debrief is
        written this also works after the scene has ended, and reopens it."""
        return self._rewind(self._session(session_id, request), None)

    def rewind(self, session_id: str | None, turn_id: str | None, request: gr.Request) -> Update:
        """Go back to an earlier patient line to try a different one; the old branch is kept (this too
        reopens an ended scene until the debrief is written)."""
        session = self._session(session_id, request)
        if session is not None and not turn_id:
            return self.view.render(session.id, notice=Notice("turn", "Choose the line to go back to first."))
        return self._rewind(session, turn_id)

    def _rewind(self, session: Session | None, turn_id: str | None) -> Update:
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
            where: Where = "debrief" if session.ended_at else "turn"
            return self.view.render(session.id, notice=Notice(where, message))
        return self.view.render(session.id)

    # ----------------------------------------------------------------- ending

    def end(self, session_id: str | None, request: gr.Request) -> Update:
        """End the scenario now; the debrief comes next."""
        session = self._session(session_id, request)
        if session is None:
            return self._lost()
        self.engine.end(session.id)
        return self.view.render(session.id)

    def debrief(self, session_id: str | None, text: str, request: gr.Request) -> Update:
        """Grade and store the trainee's debrief, then show the summary."""
        session = self._session(session_id, request)
        if session is None:
            return self._lost()
        try:
            self.engine.debrief(session.id, text)
        except TurnRejected as exc:
            return self.view.render(session.id, notice=Notice("debrief", str(exc)))
        return self.view.render(session.id, stage=Stage.summary)

    def summary(self, session_id: str | None, request: gr.Request) -> Update:
        """The summary card of the session (the debrief may be skipped)."""
        session = self._session(session_id, request)
        return self.view.render(session.id if session else None, stage=Stage.summary)

    def _lost(self) -> Update:
        """Back to the scenarios when the browser holds a session id this store does not know."""
        gr.Warning(NO_SESSION)
        return self.view.render(None)

    def again(self, session_id: str | None, request: gr.Request) -> Update:
        """Back to the briefing of the same scenario, for a fresh session."""
        session = self._session(session_id, request)
        return self.view.render(None, persona_id=session.persona_id if session else None)
