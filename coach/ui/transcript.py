"""The conversation as chat messages: the patient's words with their nonverbal cues as italic stage
directions, and the trainee's words with the stance they took, all shown literally."""

from __future__ import annotations

from coach.models import Speaker, Turn
from coach.stance import Action, Distance, Posture, Stance, Voice
from coach.ui.markup import md_italic, md_literal

DISTANCE_LABELS = {
    Distance.close: "Close",
    Distance.arms_length: "Arm's length",
    Distance.two_arms_or_more: "Two arm's lengths or more",
}
VOICE_LABELS = {Voice.quiet: "Quiet", Voice.normal: "Normal", Voice.raised: "Raised"}
POSTURE_LABELS = {Posture.open: "Open", Posture.closed: "Closed"}
ACTION_LABELS = {
    Action.step_back: "Step back",
    Action.offer_break: "Offer a time-limited break",
    Action.call_support: "Call for support",
    Action.swap_staff: "Swap with a colleague",
    Action.touch: "Hands on (last resort)",
}

PENDING_REPLY = "…"


def _staff_message(turn: Turn) -> dict:
    direction = (turn.stance or Stance()).describe()
    words = md_literal(turn.text)
    return {"role": "user", "content": f"{md_italic(direction)}\n\n{words}" if direction else words}


def _patient_message(text: str, cues: list[str]) -> dict:
    words = md_literal(text)
    if cues:
        return {"role": "assistant", "content": f"{md_italic('; '.join(cues))}\n\n{words}"}
    return {"role": "assistant", "content": words}


def chat_messages(branch: list[Turn], pending_reply: str | None = None) -> list[dict]:
    """Messages for gr.Chatbot from a branch, oldest first; `pending_reply` is a reply being streamed."""
    messages = [
        _staff_message(turn) if turn.speaker is Speaker.staff else _patient_message(turn.text, turn.cues)
        for turn in branch
    ]
    if pending_reply is not None:
        messages.append(_patient_message(pending_reply or PENDING_REPLY, []))
    return messages
