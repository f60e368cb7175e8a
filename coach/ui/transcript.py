"""The conversation as chat messages: the patient's words with their nonverbal cues as italic stage
directions, and the trainee's words with the stance they took, all shown literally."""

from __future__ import annotations

from coach.models import Action, Distance, Posture, Speaker, Stance, Turn, Voice
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

_DISTANCE_WORDS = {
    Distance.close: "standing close",
    Distance.arms_length: "at arm's length",
    Distance.two_arms_or_more: "two arm's lengths away",
}
_ACTION_WORDS = {
    Action.step_back: "steps back",
    Action.offer_break: "offers a time-limited break",
    Action.call_support: "calls for support",
    Action.swap_staff: "swaps with a colleague",
    Action.touch: "puts a hand on them",
}
PENDING_REPLY = "…"


def stance_words(stance: Stance | None) -> str:
    """The stance as a short stage direction ('two arm's lengths away · quiet voice'), or ''."""
    if stance is None:
        return ""
    parts: list[str] = []
    if stance.distance is not None:
        parts.append(_DISTANCE_WORDS[stance.distance])
    if stance.voice is not None:
        parts.append(f"{stance.voice.value} voice")
    if stance.posture is not None:
        parts.append(f"{stance.posture.value} posture")
    parts.extend(_ACTION_WORDS[action] for action in stance.actions)
    return " · ".join(parts)


def _staff_message(turn: Turn) -> dict:
    direction = stance_words(turn.stance)
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
