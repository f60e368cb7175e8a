"""Staff giving the patient room: stepping back in body or in words ("I'll stand back here"), asking leave
to keep their distance ("okay if I stay by the door?"), keeping back beside something else offered or put
to them ("Want a walk in the garden? I'll stay a bit back."), and a sorry for having come too close. The
persona's `step_back` reaction answers room given; what else the turn offers or asks comes first."""

from __future__ import annotations

import re

from coach.acts import Offered, Question, fold, sentences, stems
from coach.grading.rules.dispatch import compile_keyed
from coach.stance import Action, Distance, Stance

_STEPS_BACK = re.compile(
    r"\b(?:stand|step|stay|move|sit) back\b|\bgive you (?:some |a bit of )?(?:room|space)\b|"
    # "I stay here by door": keeping to the doorway, said in words
    r"\b(?:i'll |i will |i )?(?:stay|stand|wait)(?: here| over here| right here)? by (?:the )?door\b"
)
# Asking leave to keep their distance ("okay if I stay by the door?", "I'll stand here, that alright?"):
# answered as space given.
_ASKS_TO_STAY_BACK = compile_keyed(
    r"\b(?:(?:ok|okay|alright|all right) if i|(?:do you )?mind if i|is it (?:ok|okay|alright) if i|i could|"
    r"i can|shall i|can i|i'll|i will|i'm (?:just )?(?:going to|gonna))\b"
    r"(?: just)? (?:stay|stayed|stand|stood|wait|waited|sit|sat|hang|hung)\b"
    r"(?! down with| with)[^.?!]*\b(?:by the door|back|over here|over there|in the corner|outside|out here|"
    r"away from|(?:loads of|plenty of|lots of|a bit of|more) (?:room|space))\b"
)
# Staff too close, said: "I was too near to you", "I'm crowding you", "right in your space".
_TOO_CLOSE = re.compile(
    r"\btoo (?:near|close)\b|\bcrowd(?:ing|ed)? you\b|\bin your (?:face|space)\b|\bon top of you\b"
)


def steps_back(text: str, stance: Stance) -> bool:
    """True when the staff turn (folded `text`, its `stance`) steps back or gives room, in body or words."""
    return bool({Action.step_back, Action.offer_break} & set(stance.actions)) or bool(
        _STEPS_BACK.search(text)
    )


def keeps_back(text: str, stance: Stance) -> bool:
    """True when folded `text` says staff will keep their distance, and they are not standing close."""
    return stance.distance is not Distance.close and bool(_ASKS_TO_STAY_BACK.search(text))


def offered_beside(text: str, offers: list[Offered], questions: list[Question]) -> bool:
    """True when folded `text` offers something, or puts something to them, in a sentence that does not say
    staff will keep back: "I'll sit by the door" offers only that."""
    apart = stems(" ".join(s for s in sentences(text) if not _ASKS_TO_STAY_BACK.search(s)))
    return any(stems(fold(o.words)) & apart for o in offers) or any(
        q.proposes and not _ASKS_TO_STAY_BACK.search(fold(q.text)) for q in questions
    )


def sorry_for_closeness(text: str) -> bool:
    """True when folded `text` says staff came too close ("sorry, I was too near to you")."""
    return bool(_TOO_CLOSE.search(text))
