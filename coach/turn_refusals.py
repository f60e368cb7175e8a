"""What a trainee is told when their turn cannot go ahead: the session has ended, another message took the
turn, the last turn is not answered yet, or the patient could not answer."""

from __future__ import annotations

from coach.models import Session
from coach.typed_text import TurnRejected

SENT_ELSEWHERE = (
    "Another message on this session was sent at the same moment (another window or tab?), so yours was "
    "not saved. Read the patient's reply, then send yours again."
)
UNANSWERED = (
    "The patient has not answered your last turn yet, so this one was not saved: wait for the reply, or "
    "retry that turn first."
)


def playable(session: Session) -> Session:
    """`session`, refused with a line for the trainee when it has ended."""
    if session.ended_at is not None:
        raise TurnRejected(f"This session has ended ({session.outcome}). Start a new one to practise again.")
    return session


def trainee_message(exc: Exception) -> str:
    """What the trainee reads when their turn could not be answered: the error's own line, when it has one."""
    message = getattr(exc, "message_for_trainee", None)
    if isinstance(message, str):
        return message
    return "The patient could not answer just now. Your turn is saved: retry, or continue offline."
