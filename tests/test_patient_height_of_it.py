"""At the height of it: something offered in a sentence of its own, with staff keeping back beside it, is
answered as the offer. Staff lines here are written for these tests, not taken from the persona files or
the coherence suite."""

from __future__ import annotations

from coach.config import RESOURCES
from coach.models import Band
from coach.personas import load_personas
from tests.patient_fixtures import replies

PERSONAS = load_personas(RESOURCES / "personas")


def _offer_lines(persona_id: str, offer_id: str, band: Band) -> list[str]:
    offer = next(o for o in PERSONAS[persona_id].listening.offers if o.id == offer_id)
    return list(offer.answers.at(band))


def test_an_offer_with_keeping_back_beside_it_is_answered_as_the_offer() -> None:
    turn = "Fancy a walk round the garden with me? I'll stand well back."
    reply = replies([turn], PERSONAS["refused-request"], agitation=85)[-1]
    assert reply in _offer_lines("refused-request", "garden", Band.crisis), reply


def test_keeping_back_offered_on_its_own_is_still_answered_as_room_given() -> None:
    persona = PERSONAS["withdrawn"]
    reply = replies(["I'll just sit by the door for a bit, if that's alright."], persona, agitation=10)[-1]
    assert reply in persona.listening.reactions.step_back.at(Band.calm), reply
