"""Words said to a colleague in the patient's hearing ("Jo, has anyone rung Nadia's sister yet?", "Sam,
could you take Ryan through to the lounge?"): nothing in them was asked of the patient, so they answer no
question and take up no request. What they do is pick up what they overheard: asked about it, where the
persona's lines on the thing named ask ("Samira. My sister. Has anyone told her?"), else what they say of
it, else the band's plain line.
"""

from __future__ import annotations

from collections.abc import Iterator

from coach.models import Band, Persona, ReplyKind
from coach.patient.pools import Pool, lines_at
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
