"""Too much offered at once to someone already upset ("there's toast, or soup, or a film, or I could ring
your dad, or ..."): they cannot weigh it, so they answer as to a choice they will not make, from the
persona file's `acts.choice` lines that take neither option. Calm, they pick one as usual."""

from __future__ import annotations

from collections.abc import Iterator

from coach.acts import Reading
from coach.models import Band, Persona
from coach.patient.pools import Pool, lines_at

# Things offered in one turn past which an upset person stops weighing them (four or more).
TOO_MANY = 4


def too_many_answers(now: Reading, persona: Persona, band: Band) -> Iterator[Pool]:
    """The lines that take no option, when the turn offers `TOO_MANY` different things or more above calm;
    nothing otherwise."""
    things = {o.listed.id if o.listed else o.words for o in now.offers}
    if band is not Band.calm and len(things) >= TOO_MANY:
        yield lines_at("choice", persona.listening.acts.choice, band)
