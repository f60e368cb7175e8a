"""What a staff turn said that the patient answers before anything else it said: a question about risk,
being talked about in front of them, jargon they cannot follow, a detail or a person staff got wrong, news
taken as known that they were never told, being made fun of, something offered earlier taken back, a
feeling or a reason put to them that is not theirs, their own words given back to check, whether
something done for them helped, a number asked on a scale, help to slow down with their body or senses
(or how their body feels), a check that they took in what was said, a promise surer than anyone could be,
too much offered at once, praise or thanks with nothing else asked, what they said not caught or not
followed, and a turn that only hands the turn back ("Mm.", "Go on."). Each is its own module; this is
their order."""

from __future__ import annotations

from collections.abc import Iterator

from coach.acts import Offered, Reading
from coach.models import Speaker
from coach.patient.base import PatientContext
from coach.patient.carrying_on import carrying_on_answers
from coach.patient.correcting import corrections
from coach.patient.grounding import grounding_answers
from coach.patient.helped import helped_answers
from coach.patient.jargon import not_followed
from coach.patient.misread import misread_answers
from coach.patient.mocked import mocked_answers
from coach.patient.not_caught import not_caught_answers
from coach.patient.not_told import not_told_answers
from coach.patient.pools import Pool
from coach.patient.praised import praised_answers
from coach.patient.rated import rated_answers
from coach.patient.reflected import reflected_answers
from coach.patient.safety import risk_answers
from coach.patient.scene import Scene, where_staff_are
from coach.patient.taken_back import taken_back_answers
from coach.patient.talked_about import talked_about_answers
from coach.patient.teach_back import teach_back_answers
from coach.patient.too_many import too_many_answers
from coach.patient.too_sure import too_sure_answers
from coach.patient.understood import understood_answers


def first_answers(ctx: PatientContext, now: Reading, scene: Scene) -> Iterator[Pool]:
    """The answers that come before what else the latest staff turn said, most pressing first."""
    persona, band = ctx.persona, ctx.state.band
    typed = ctx.history[-1].text if ctx.history else ""
    yield from risk_answers(typed, persona, band)  # "are you going to hurt anyone, or yourself, right now?"
    yield from talked_about_answers(ctx)  # "shes not eaten all day and she wont even turn round ..."
    yield from not_followed(typed, persona, band)  # "... raise a referral to the SW via the MDT ..."
    # "Friday" for the ward round that is on Thursday, or for the visit staff said was on Thursday
    yield from corrections(
        typed, persona, band, [t.text for t in ctx.history[:-1] if t.speaker is Speaker.staff]
    )
    earlier = [t.text for t in ctx.history[:-1]]
    yield from not_told_answers(typed, earlier, persona, band)  # "as Jo will have explained to you, ..."
    yield from mocked_answers(typed, list(scene.said), persona, band)  # "you sound like a stuck record"
    # what staff offered or promised earlier ("We'll replace that curry"), each turn's in the order said
    offered = [
        thing
        for reading in scene.earlier
        for thing in (
            *reading.offers,
            *(Offered(words=p) for p in reading.promises if not where_staff_are(p)),
        )
    ]
    yield from taken_back_answers(typed, offered, persona, band)  # "... booked after all"
    yield from misread_answers(typed, now, persona, band)  # "you're just bored in here, yeah?"
    yield from reflected_answers(typed, persona, band)  # "so what I'm hearing is ... have I got that right?"
    yield from helped_answers(typed, persona, band)  # "has the tea helped at all?"
    yield from rated_answers(typed, persona, band)  # "out of ten, how scared are you right now?"
    yield from grounding_answers(typed, now, persona, band)  # "feet on the floor, breathe with me"
    yield from teach_back_answers(
        ctx, now, scene, persona, band
    )  # "in your own words, what happens Thursday?"
    yield from understood_answers(typed, now, persona, band)  # "does that make sense?"
    yield from too_sure_answers(typed, now, persona, band)  # "... tonight, guaranteed"
    yield from too_many_answers(now, persona, band)  # "toast, or soup, or a film, or ..."
    yield from praised_answers(typed, now, persona, band)  # "you did really well to come and talk to me"
    # "sorry, say that again?", "lose what?", "not yours? how d'you mean?"
    yield from not_caught_answers(ctx, now)
    yield from carrying_on_answers(
        ctx, now
    )  # "Mm.", "Go on.", *nods*, "Box?": the rest of what they were saying
