"""The offline patient's reply to one staff turn said straight after the persona's opening line: what the
patient tests that read one reply share."""

from __future__ import annotations

from coach.models import Band, Grade, PatientState, Persona, Scores, Speaker, Turn
from coach.patient.base import PatientContext
from coach.patient.offline import OfflinePatient
from coach.stance import Stance

PATIENT = OfflinePatient()


def calm_grade(options: int = 0) -> Grade:
    """A calm, low-risk grade with no refusal and no flag: the turn's words, not its grade, decide."""
    return Grade(
        scores=Scores(tone=4, no_brevity=None, options=options, escalation_risk=2),
        flags=[],
        refusal=False,
        grader="test",
    )


def no_grade(tone: int = 3) -> Grade:
    """What the grader gives a no: the patient hears a no only in words that can carry one."""
    return Grade(
        scores=Scores(tone=tone, no_brevity=tone, options=0, escalation_risk=6 - tone),
        refusal=True,
        flags=[],
        grader="test",
    )


def replies(
    lines: list[str | tuple[str, Stance]],
    persona: Persona,
    *,
    agitation: float = 40,
    grade: Grade | None = None,
    session: str = "test",
) -> list[str]:
    """The patient's replies to staff `lines` (a line with its stance, or plain words) said one after
    another after the opening line, the state held at `agitation`."""
    history = [Turn(speaker=Speaker.patient, text=persona.opening.text)]
    state = PatientState(agitation=agitation, band=Band.for_agitation(agitation), peak=agitation)
    out = []
    for line in lines:
        text, stance = line if isinstance(line, tuple) else (line, Stance())
        history.append(Turn(speaker=Speaker.staff, text=text, stance=stance))
        ctx = PatientContext(
            session_id=session,
            persona=persona,
            state=state,
            history=history,
            grade=grade or calm_grade(),
            stance=stance,
        )
        reply = PATIENT.reply(ctx)
        history.append(Turn(speaker=Speaker.patient, text=reply.text, state=state))
        out.append(reply.text)
    return out


def first_reply(
    text: str,
    persona: Persona,
    *,
    agitation: float = 40,
    stance: Stance | None = None,
    grade: Grade | None = None,
    session: str = "test",
) -> str:
    """The reply to `text` said after the opening line, at `agitation`."""
    return replies([(text, stance or Stance())], persona, agitation=agitation, grade=grade, session=session)[
        0
    ]


def topic_lines(persona: Persona, topic_id: str, band: Band) -> list[str]:
    """The persona's lines for topic `topic_id` at `band`."""
    return next(t for t in persona.listening.topics if t.id == topic_id).answers.at(band)


def topic_words(personas: dict[str, Persona], topic_id: str) -> dict[str, tuple[str, ...]]:
    """The words of topic `topic_id` in each persona file (a topic every file has is asked alike)."""
    return {
        pid: tuple(next(t for t in p.listening.topics if t.id == topic_id).words)
        for pid, p in personas.items()
    }
