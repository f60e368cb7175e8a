"""Words said to a colleague in the patient's hearing ("Jo, has anyone rung Nadia's sister yet?", "Sam,
could you take Ryan through to the lounge?"): nothing in them was asked of the patient, so they answer no
question and take up no request. What they do is pick up what they overheard: asked about it, where the
persona's lines on the thing named ask ("Samira. My sister. Has anyone told her?"), else what they say of
it, else the band's plain line. A turn that then turns to the patient by name is answered for the words
said to them (`said_to_them`).
"""

from __future__ import annotations

from collections.abc import Iterator

from coach.models import Band, Persona, ReplyKind, Speaker
from coach.patient.base import PatientContext
from coach.patient.pools import Pool, lines_at
from coach.said_aloud import turned_back
from coach.spelling import plain_words
from coach.wording import named_most


def overheard(staff_text: str, persona: Persona, band: Band) -> Iterator[Pool]:
    """What the patient says to words they overheard: the lines of the thing named that ask about it, then
    its other lines, then the band's plain line."""
    topic = named_most(plain_words(staff_text), persona.listening.topics)
    if topic is not None:
        said = lines_at(f"topic:{topic.id}", topic.answers, band)
        asking = tuple(line for line in said.lines if line.rstrip().endswith("?"))
        yield Pool(said.name, asking)
        yield Pool(said.name, tuple(line for line in said.lines if line not in asking))
    yield Pool("neutral", tuple(persona.voice[band].replies[ReplyKind.neutral]))


def said_to_them(ctx: PatientContext) -> PatientContext:
    """`ctx` with its latest staff turn cut to the words said to the patient when the turn opens to a
    colleague and then turns to them by name ("Sam, can you grab the cards? Callum, Sam's bringing some
    over now ..."): those words are what they answer. Otherwise `ctx` as it is."""
    if not ctx.history or ctx.history[-1].speaker is not Speaker.staff:
        return ctx
    back = turned_back(ctx.history[-1].text, ctx.persona.profile.name)
    if back is None:
        return ctx
    last = ctx.history[-1].model_copy(update={"text": back})
    return ctx.model_copy(update={"history": [*ctx.history[:-1], last]})
