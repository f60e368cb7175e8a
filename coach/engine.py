"""One turn end to end, and the session lifecycle.

Order inside a turn (docs/architecture.md "The turn"): the session is read once (its branch, and the
grades the state is reconciled with); the staff turn is validated and graded offline at once, and stored
with that grade in one transaction; the patient state moves on that grade; the patient replies
(its first word never waits for an LLM grade, which runs concurrently, under its own deadline); the
patient turn is stored with that state and the turn is over (TurnResult). The LLM grade, when there is
one, arrives after (GradeReady), stores itself even if no one is listening, and the next turn starts from
the state it gives (reconciled). Nothing that matters is kept in memory between calls: every method reads
the store, so any process can carry on a session (a store's kept copy of what it wrote last stands for a
read only as far as the next write's compare and set confirms it: coach.store).
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING

from coach import dynamics
from coach import rewind as rewinding
from coach.grades_in_flight import GradesInFlight
from coach.grading.base import AsyncGrader, Grader
from coach.grading.debrief import OfflineDebriefGrader
from coach.models import (
    Debrief,
    Grade,
    GradingContext,
    Outcome,
    PatientState,
    Persona,
    Session,
    Speaker,
    Turn,
    Usage,
)
from coach.off_loop import off_loop
from coach.patient.base import Patient, PatientContext, PatientReply
from coach.personas import get_persona
from coach.reconciled_state import answered_staff_turn, reconciled_state_before
from coach.reply_at_once import MadeReply, answer_turn, make_reply
from coach.stance import Stance
from coach.store import Appended, Conversation, HeadMoved, Store
from coach.turn_context import offers_on_the_table, recent_turns
from coach.turn_deadline import ReplySlow, within_deadline
from coach.turn_events import (
    GradeReady,
    ReplyDelta,
    StaffStored,
    TurnEvent,
    TurnFailed,
    TurnResult,
    final_result,
)
from coach.turn_refusals import SENT_ELSEWHERE, UNANSWERED, playable, trainee_message
from coach.turn_replay import replayed
from coach.typed_text import TurnRejected, clean_text
from coach.usage_meter import UsageMeter

if TYPE_CHECKING:  # coach.backends imports the engine to build one: the type is for the checker only
    from coach.backends.base import Backend

MAX_DEBRIEF_CHARS = 6000


# --------------------------------------------------------------------------- engine


@dataclass
class Engine:
    """The coach's core. Backends are injected; `coach.backends.build_engine` wires them from settings."""

    store: Store
    personas: Mapping[str, Persona]
    grader: Grader
    patient: Patient
    debrief_grader: OfflineDebriefGrader
    backend: Backend  # which one made the patient and llm_grader; its name is stored with each session
    llm_grader: AsyncGrader | None = None
    fallback_patient: Patient | None = None
    cost: Callable[[Usage], float | None] = lambda usage: None
    reply_deadline: float | None = None  # seconds for the whole reply, retries included
    slow_notice: float | None = None  # seconds without words before the trainee is told it is slow
    grade_deadline: float | None = None  # seconds for the LLM grade, retries included
    _meter: UsageMeter = field(init=False, repr=False)
    _in_flight: GradesInFlight = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._meter = UsageMeter(self.store, self.cost)
        self._in_flight = GradesInFlight(self.store, self._meter.record)

    # ----------------------------------------------------------------- lifecycle

    def start(
        self,
        trainee: str,
        persona_id: str,
        intention: str = "",
        low_anxiety: bool = False,
        agitation: float | None = None,
    ) -> tuple[Session, Turn]:
        """Open a session; the patient speaks first. Returns the session and the opening turn.

        `agitation` starts the scene at another level than the persona's (eval suites use it to try a
        reply at each band)."""
        persona = get_persona(self.personas, persona_id)
        trainee = clean_text(trainee, limit=120, what="The trainee name", hint="enter your name or initials")
        intention = clean_text(intention, what="Your intention") if intention and intention.strip() else ""
        session = Session(
            id=uuid.uuid4().hex,
            trainee=trainee,
            persona_id=persona.id,
            backend=self.backend.name,
            intention=intention,
            low_anxiety=low_anxiety,
        )
        state = dynamics.initial_state(persona, agitation=agitation)
        opening = Turn(
            speaker=Speaker.patient,
            text=persona.opening.text,
            cues=list(persona.opening.cues),
            state=state,
            source="persona",
        )
        return self.store.open_session(session, opening)

    def end(self, session_id: str, outcome: Outcome | None = None) -> Session:
        """End a session (idempotent). With no outcome given, it is decided from the current state."""
        session = self.store.get_session(session_id)
        if session.ended_at is None:
            final = outcome or dynamics.outcome(self.state(session_id)) or Outcome.unresolved
            self.store.end_session(session_id, final)
        return self.store.get_session(session_id)

    def state(self, session_id: str) -> PatientState:
        """The patient state at the head of the session's current branch."""
        for turn in reversed(self.store.branch(session_id)):
            if turn.state is not None:
                return turn.state
        raise RuntimeError(f"session {session_id} has no patient state")

    def branch(self, session_id: str) -> list[Turn]:
        return self.store.branch(session_id)

    # ----------------------------------------------------------------- the turn

    async def stream_turn(
        self,
        session_id: str,
        text: str,
        stance: Stance | None = None,
        client_token: str | None = None,
        read: Conversation | None = None,
    ) -> AsyncGenerator[TurnEvent, None]:
        """Take one staff turn; yield StaffStored, reply deltas, then TurnResult (or TurnFailed).

        `read` is the session as the caller has just read it (the page's access check reads it): the
        turn starts from it instead of reading it again. The appends check the head it names, so a
        session moved on since is refused as if it had moved during the turn; when `read` is the store's
        kept copy (coach.store), the turn is made again from a read instead."""
        text = clean_text(text)
        stance = stance or Stance()
        if read is not None and read.session.id != session_id:
            raise ValueError(f"the conversation read is of session {read.session.id!r}, not {session_id!r}")
        if read is None:  # the store's kept copy is in memory: no hop off the loop for it
            read = self.store.kept(session_id)
        if read is None:
            read = await off_loop(self.store, self.store.conversation, session_id)
        conversation = read
        if conversation.kept and not self._answers_at_once():
            # Only an exchange checks the store's kept copy (coach.store); other turns start from a read.
            self.store.forget(session_id)
            conversation = await off_loop(self.store, self.store.conversation, session_id)
        session = playable(conversation.session)
        history = conversation.branch
        head = history[-1]
        if head.speaker is Speaker.staff:
            # Either this very line, sent twice (a double click, a retried request, two processes given
            # one submit), or an earlier line still waiting for its reply.
            earlier = (
                await off_loop(self.store, self.store.turn_by_token, session_id, client_token)
                if client_token
                else None
            )
            if earlier is None:
                raise TurnRejected(UNANSWERED)
            async for event in replayed(self.store, session_id, earlier):
                yield event
            return
        persona = self.personas[session.persona_id]
        staff = Turn(speaker=Speaker.staff, text=text, stance=stance)
        # Graded before it is stored, so that the turn and its grade are one transaction.
        graded = self._graded(staff, [*history, staff], persona, conversation.answered_grades)

        # The store's steps below each run off the event loop (coach.off_loop): one hop a step.
        def keep_staff() -> Appended:
            return self.store.append_turn(
                session_id, staff, after=head.id, client_token=client_token, grade=graded.grade
            )

        made = None
        if self._answers_at_once():
            try:
                made = await self._made(session, [*history, staff], graded)
            except asyncio.CancelledError:  # abandoned while the reply was made: what was typed is kept
                with contextlib.suppress(HeadMoved):
                    await off_loop(self.store, keep_staff)
                raise
            answer = made.answer()
            if answer is not None:
                pair = await off_loop(
                    self.store,
                    partial(
                        self.store.append_exchange,
                        session_id,
                        staff,
                        answer,
                        after=head.id,
                        client_token=client_token,
                        grade=graded.grade,
                        ending=dynamics.outcome(made.step.state),  # a reply that ends the scene
                    ),
                )
                if pair is not None:
                    said = _Said(branch=[*history, pair[0]], turns=[*conversation.turns, pair[0]])
                    async for event in self._respond(session, said, graded, made=made, stored=pair[1]):
                        yield event
                    return
            if conversation.kept:
                # From the store's copy, unconfirmed (refused by the compare and set, or no reply): made
                # again from a read, unless only the reply failed on an unchanged session.
                self.store.forget(session_id)
                fresh = await off_loop(self.store, self.store.conversation, session_id)
                if answer is not None or not conversation.holds(fresh):
                    async for event in self.stream_turn(session_id, text, stance, client_token, read=fresh):
                        yield event
                    return
                conversation = fresh
        # The staff turn alone first: a reply that may fail or time out (a model's), one that failed to
        # be made, or an exchange refused (the append below says why) never loses what was typed.
        try:
            appended = await off_loop(self.store, keep_staff)
        except HeadMoved:
            raise TurnRejected(SENT_ELSEWHERE) from None
        staff = appended.turn
        if not appended.new:
            # A double submit: the turn with this token is already stored; replay its outcome.
            async for event in replayed(self.store, session_id, staff):
                yield event
            return
        # What was read above plus the new turn is the session now: no second read on the hot path.
        said = _Said(branch=[*history, staff], turns=[*conversation.turns, staff])
        async for event in self._respond(session, said, graded, made=made):
            yield event

    async def stream_retry(self, session_id: str, offline: bool = False) -> AsyncGenerator[TurnEvent, None]:
        """Produce the patient's reply to a stored staff turn that has none (after a backend failure)."""
        session, said, graded = await off_loop(self.store, self._retried, session_id)
        async for event in self._respond(session, said, graded, offline=offline, retrying=True):
            yield event

    def _retried(self, session_id: str) -> tuple[Session, _Said, _Graded]:
        """What a retry starts from: the session, its unanswered staff turn and that turn's offline grade
        (stored now if the earlier try failed before storing it). One step of the store's, made off the
        event loop by stream_retry."""
        self.store.forget(session_id)  # read, not the store's copy: the turn failed, perhaps elsewhere
        conversation = self.store.conversation(session_id)
        session = playable(conversation.session)
        staff = conversation.branch[-1]
        if staff.speaker is not Speaker.staff:
            raise TurnRejected("There is no unanswered turn to retry.")
        assert staff.id is not None, "turns read from the store have ids"
        persona = self.personas[session.persona_id]
        stored = next((g for g in self.store.grades(staff.id) if g.grader == self.grader.name), None)
        graded = self._graded(staff, conversation.branch, persona, stored=stored)
        if stored is None:  # the earlier try failed before its grade was stored
            self.store.add_grade(staff.id, graded.grade)
        return session, _Said(branch=conversation.branch, turns=conversation.turns), graded

    async def take_turn(self, session_id: str, text: str, stance: Stance | None = None) -> TurnResult:
        """Non-streaming form of stream_turn; raises BackendError if the reply failed."""
        return await final_result(self.stream_turn(session_id, text, stance))

    async def retry(self, session_id: str, offline: bool = False) -> TurnResult:
        return await final_result(self.stream_retry(session_id, offline=offline))

    def _graded(
        self,
        staff: Turn,
        history: list[Turn],
        persona: Persona,
        answered_grades: list[Grade] | None = None,
        stored: Grade | None = None,
    ) -> _Graded:
        """`staff` (the newest turn of `history`) graded offline, or its `stored` offline grade, and the
        state it starts from (reconciled with `answered_grades`, read from the store when not given)."""
        answered = answered_staff_turn(history) if answered_grades is None else None
        if answered is not None:
            assert answered.id is not None, "turns read from the store have ids"
            answered_grades = self.store.grades(answered.id)
        prior = reconciled_state_before(history, persona, self.grader.name, answered_grades or [])
        patient_line = next((t.text for t in reversed(history[:-1]) if t.speaker is Speaker.patient), None)
        ctx = GradingContext(
            staff=staff.text,
            stance=staff.stance or Stance(),
            patient=patient_line,
            persona_id=persona.id,
            agitation=prior.agitation,
            recent=recent_turns(history),
        )
        return _Graded(ctx=ctx, grade=stored or self.grader.grade(ctx), prior=prior)

    def _answers_at_once(self) -> bool:
        """Whether the reply is made at once and cannot time out (no model behind it, no deadline, no
        model grade to start beside it), so it can be made before the staff turn is stored."""
        watched = self.reply_deadline is not None or self.slow_notice is not None
        return not (self.backend.talks_to_model or self.llm_grader is not None or watched)

    def _step(self, graded: _Graded, persona: Persona, staff_text: str) -> dynamics.StepResult:
        return dynamics.step(graded.prior, graded.grade, graded.ctx.stance, persona, staff_text=staff_text)

    def _patient_context(
        self, session: Session, history: list[Turn], graded: _Graded, step: dynamics.StepResult
    ) -> PatientContext:
        """What the patient is given to answer the staff turn that ends `history`."""
        persona = self.personas[session.persona_id]
        return PatientContext(
            session_id=session.id,
            persona=persona,
            state=step.state,
            history=history,
            grade=graded.grade,
            stance=graded.ctx.stance,
            effects=[e.reason for e in step.effects],
            offers=offers_on_the_table(history, persona),
        )

    async def _made(self, session: Session, history: list[Turn], graded: _Graded) -> MadeReply:
        """The reply to the staff turn that ends `history` (not stored yet), made in full."""
        step = self._step(graded, self.personas[session.persona_id], history[-1].text)
        return await make_reply(self.patient, self._patient_context(session, history, graded, step), step)

    async def _respond(
        self,
        session: Session,
        said: _Said,
        graded: _Graded,
        offline: bool = False,
        retrying: bool = False,
        made: MadeReply | None = None,
        stored: Turn | None = None,
    ) -> AsyncIterator[TurnEvent]:
        """The reply to the stored staff turn that ends `said.branch`, graded as `graded`: the one `made`
        before the staff turn was stored, if it was, else asked of the patient now; `stored` is that
        reply as stored with the staff turn (and with the scene's ending, when it ends it), when it was."""
        history = said.branch
        staff = history[-1]
        assert staff.id is not None, "only a stored staff turn gets a reply"
        persona = self.personas[session.persona_id]
        ctx, grade = graded.ctx, graded.grade
        step = made.step if made is not None else self._step(graded, persona, staff.text)
        yield StaffStored(turn=staff, grade=grade, state=step.state, branch=history, turns=said.turns)

        llm_task, earlier = None, None
        if self.llm_grader is not None and not offline:
            # A retry reuses the LLM grade an earlier try stored or is still making: one grade a turn.
            llm_task = self._in_flight.running(staff.id)
            if retrying and llm_task is None:
                stored_grades = await off_loop(self.store, self.store.grades, staff.id)
                earlier = next((g for g in reversed(stored_grades) if g.grader != self.grader.name), None)
            if llm_task is None and earlier is None:
                llm_task = self._in_flight.start(
                    self.llm_grader, self.grade_deadline, session.id, staff, ctx, grade
                )
        patient = self.fallback_patient if offline and self.fallback_patient else self.patient
        if made is not None:
            source = made.replayed()
        else:
            source = patient.stream(self._patient_context(session, history, graded, step))
        reply: PatientReply | None = None
        try:
            async for item in within_deadline(source, self.reply_deadline, self.slow_notice):
                if isinstance(item, PatientReply):
                    reply = item
                elif isinstance(item, ReplySlow):
                    yield item
                else:
                    yield ReplyDelta(text=item)
        except Exception as exc:  # the backend's own errors carry a trainee-facing message
            if llm_task:
                self._in_flight.cancel(staff.id, llm_task)  # the grader goes with its turn
            yield TurnFailed(message=trainee_message(exc), staff=staff)
            return
        except (GeneratorExit, asyncio.CancelledError):  # abandoned mid-reply: the turn stays unanswered
            if llm_task:
                self._in_flight.cancel(staff.id, llm_task)
            raise
        if reply is None:
            raise RuntimeError(f"patient {patient.name} finished without a final reply")

        outcome = dynamics.outcome(step.state)
        metered = self._meter.of_reply(patient.name, reply)

        def store_reply() -> Turn:
            """The reply's usage, the reply (stored with the state it was written for, before any LLM
            grade) and the scene's end when it ended: one step of the store's, off the event loop."""
            for model, usage in metered:
                self._meter.record(session.id, model, usage)
            if stored is not None:
                return stored
            turn = self.store.append_turn(session.id, answer_turn(reply, step), after=staff.id).turn
            if outcome is not None:
                self.store.end_session(session.id, outcome)
            return turn

        # A reply stored with its staff turn (the offline exchange) leaves nothing to write but its usage.
        needs_store = stored is None or bool(metered)
        try:
            patient_turn = await off_loop(self.store, store_reply) if needs_store else stored
        except HeadMoved:
            # Another writer answered this turn first (a second retry), or moved the session on (an undo
            # or rewind in another window): show what is stored, never a second reply.
            async for event in replayed(self.store, session.id, staff, wait_s=0):
                yield event
            return
        assert patient_turn is not None, "a reply is stored or was stored with its staff turn"
        yield TurnResult(
            session_id=session.id,
            staff=staff,
            grade=earlier or grade,
            patient=patient_turn,
            state=step.state,
            effects=step.effects,
            outcome=outcome,
            grade_pending=llm_task is not None,
            first_draft=reply.first_draft,
            principle_check=reply.principle_check,
        )
        if llm_task is not None:
            # Shielded: a caller that stops listening (a closed browser) does not cancel the grade,
            # which stores itself.
            yield GradeReady(staff=staff, grade=await asyncio.shield(llm_task))

    def grade_pending(self, staff_id: str) -> bool:
        """Whether an LLM grade of this staff turn is still being made in this process."""
        return self._in_flight.pending(staff_id)

    async def settled_grade(self, staff_id: str) -> Grade | None:
        """The staff turn's grade once any LLM grade in progress here is in (never raises for it)."""
        return await self._in_flight.settled(staff_id)

    # ----------------------------------------------------------------- rewind (coach.rewind)

    def undo(self, session_id: str) -> Turn:
        """Take back the last staff turn; undoing the turn that ended the scene reopens it."""
        return rewinding.undo(self.store, session_id)

    def rewind(self, session_id: str, turn_id: str) -> Turn:
        """Go back to an earlier patient turn and play on from there; the old branch stays stored."""
        return rewinding.rewind(self.store, session_id, turn_id)

    # ----------------------------------------------------------------- debrief

    def debrief(self, session_id: str, text: str) -> Debrief:
        """Grade and store the trainee's debrief; ends the session first if it is still open."""
        text = clean_text(
            text,
            limit=MAX_DEBRIEF_CHARS,
            what="Your debrief",
            hint="answer the debrief questions in a few lines",
        )
        self.end(session_id)
        debrief = Debrief(session_id=session_id, text=text, grade=self.debrief_grader.grade(text))
        self.store.save_debrief(debrief)
        return debrief


@dataclass(frozen=True)
class _Said:
    """The session as a turn has it at hand: its current branch, ending with the staff turn being
    answered, and every turn on every branch (for the page's branches table)."""

    branch: list[Turn]
    turns: list[Turn]


@dataclass(frozen=True)
class _Graded:
    """A staff turn's grading context, its offline grade, and the state it starts from."""

    ctx: GradingContext
    grade: Grade
    prior: PatientState
