"""A follow-up question that leans on the staff turn before it: "How many years was that?" after "What did
you do at the school?", "What sort?" after "Someone said you grow things on your balcony", "Who's it for?"
after "What are you wanting from the shop?". It leaves its subject out, or points back to it, so the topic
it asks about is the one the staff turn before it opened, not whatever its few words happen to meet."""

from __future__ import annotations

import re
from typing import NamedTuple

from coach.acts import Act, read_acts
from coach.asking import Question
from coach.listening import Topic
from coach.models import Speaker
from coach.patient.asked import Asked, about, named, weighs
from coach.patient.asked_of import asks_agreement
from coach.patient.base import PatientContext
from coach.wording import fold, named_most, stems

# Words that point back to something already in hand: "was THAT for long?", "what make is IT?", "and
# THEN what?". (He, she and they point to a person: coach.patient.questions reads those by who was named.)
_POINTS_BACK = re.compile(r"\b(?:it|that|this|those|these|there|then)\b")
# What they think of it: "what do you think?", "what d'you reckon?".
_OPINION = re.compile(r"\b(?:think|reckon|make of)\b")
_SOMEONE = re.compile(r"\b(?:he|she|him|her|they|them)\b")
# A turn this short that names nothing of the file is about what is in hand: "what sort?", "what
# position are you?", "since what time, roughly?".
_FEW_WORDS = 2
# Words that only ask what kind of answer is wanted: they name no subject ("how long" is no more the plan's
# than the school job's, and the years of "how many years?" are the flat's as much as the job's).
_ASKS_ONLY = re.compile(
    r"\bhow (?:long|many|much|far|often|old)(?: \w+)?\b|"
    r"\b(?:what|which) (?:time|sort|kind|type|make|day|year)s?\b|\bsince when\b"
)


class FollowedUp(NamedTuple):
    """What a follow-up question is about: the topic the turn before named, and that turn's words."""

    topic: Topic
    earlier: str


def followed_up(
    ctx: PatientContext, question: Question, asked: Asked | None, found: str | None
) -> FollowedUp | None:
    """What a follow-up `question` (asking for `asked`) is about, when it leans on the staff turn before the
    patient's last reply (the scene runs staff, patient, staff): it asks for something particular (a
    kind of fact, or an open "what ...?"), points back or names next to nothing, and nothing the turn says,
    less the words that only ask ("how long", "what sort"), names a topic of the file. None otherwise: for
    a view asked of an offer ("so what do you think?"), a proposal, a check-in, a yes-or-no with nothing
    particular asked ("better now?"), someone pointed to ("when's he in?": who was named decides that),
    and when the fact `found` for it shares a word with what it names itself or with the turn before."""
    history = ctx.history
    if len(history) < 3 or history[-2].speaker is not Speaker.patient or question.proposes:
        return None
    earlier, said, folded = history[-3], history[-1].text, fold(question.text)
    if earlier.speaker is not Speaker.staff or (asked is None and not question.open):
        return None
    if weighs(question.text) or asks_agreement(question.text):
        return None  # "how does that sound?", "that alright?": what they make of what was put to them
    if read_acts(said, ctx.persona).has(Act.check_in):
        return None  # "how you doing now?" asks after them, not after the subject in hand
    put = read_acts(earlier.text, ctx.persona)
    if _OPINION.search(folded) and (put.offers or put.promises):
        return None  # "so what do you think?" after an offer weighs the offer; after news, it is their view
    rest = _ASKS_ONLY.sub(" ", fold(said))
    if _SOMEONE.search(folded) or not (_POINTS_BACK.search(folded) or len(named(rest)) <= _FEW_WORDS):
        return None
    # A fact found through what they said last answers it when it speaks of what the turn before opened;
    # not one found by "years" alone ("nineteen years" of the flat for "how many years was that?").
    if found is not None and stems(fold(found)) & (about(_ASKS_ONLY.sub(" ", folded)) | about(earlier.text)):
        return None
    topics = ctx.persona.listening.topics
    if named_most(rest, topics) is not None:
        return None
    topic = named_most(fold(earlier.text), topics)
    return FollowedUp(topic, earlier.text) if topic is not None else None
