"""What the offline patient remembers of a scene before the latest staff turn: what staff said, read
into acts; what the patient said; the staff member's name; what was offered or promised and not yet
brought up; and everything offered or promised, for "did I say I'd get you something?".
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from coach.acts import Offered, Reading, fold, read_acts
from coach.models import Speaker
from coach.offers import LATER
from coach.patient.base import PatientContext


@dataclass(frozen=True)
class Scene:
    """What the patient remembers of this scene before the latest turn."""

    staff_texts: tuple[str, ...]
    earlier: tuple[Reading, ...]
    said: tuple[str, ...]
    name: str | None

    @classmethod
    def of(cls, ctx: PatientContext) -> Scene:
        staff = [t.text for t in ctx.history if t.speaker is Speaker.staff][:-1]
        earlier = tuple(read_acts(text, ctx.persona) for text in staff)
        names = [r.name for r in earlier if r.name]
        said = tuple(fold(t.text) for t in ctx.history if t.speaker is Speaker.patient)
        return cls(tuple(fold(t) for t in staff), earlier, said, names[-1] if names else None)

    def pending(self, now: Reading) -> list[Offered]:
        """What they took up or were promised earlier, not offered again now and not yet brought up."""
        out: list[Offered] = []
        for said_then, reading in zip(self.staff_texts, self.earlier, strict=True):
            taken = chosen_offer(reading.offers)
            things = [taken] if taken and (taken.listed is None or taken.listed.wants) else []
            things += [Offered(words=p) for p in reading.promises]
            later = bool(LATER.search(said_then))
            for thing in (replace(t, later=later) for t in things):
                again = any(
                    o.words == thing.words or (o.listed and o.listed == thing.listed) for o in now.offers
                )
                if not again and thing.words and not any(thing.words in s for s in self.said):
                    out.append(thing)
        return out

    def recalled(self) -> list[Offered]:
        """Everything offered or promised earlier, for "did I say I'd get you something?": the latest turn
        first, what they have not yet said back before what they have, what staff will do before what
        they offered."""
        things: list[Offered] = []
        for said_then, reading in reversed(list(zip(self.staff_texts, self.earlier, strict=True))):
            later = bool(LATER.search(said_then))
            found = [Offered(words=p) for p in reading.promises] + list(reading.offers)
            things += [replace(t, later=later) for t in found if t.words]
        return sorted(things, key=lambda t: any(t.words in s for s in self.said))


def chosen_offer(offers: list[Offered]) -> Offered | None:
    """Of the things offered in one turn, the one the patient answers: the first they want, else the
    first the persona file does not list (they take it up), else the first offered (they turn it down)."""
    wanted = [o for o in offers if o.listed is not None and o.listed.wants]
    unlisted = [o for o in offers if o.listed is None]
    return next(iter(wanted or unlisted or offers), None)
