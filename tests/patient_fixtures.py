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
    stance = stance or Stance()
    history = [
        Turn(speaker=Speaker.patient, text=persona.opening.text),
        Turn(speaker=Speaker.staff, text=text, stance=stance),
    ]
    state = PatientState(agitation=agitation, band=Band.for_agitation(agitation), peak=agitation)
    ctx = PatientContext(
        session_id=session,
        persona=persona,
        state=state,
        history=history,
        grade=grade or calm_grade(),
        stance=stance,
    )
    return PATIENT.reply(ctx).text
