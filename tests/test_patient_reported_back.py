"""What staff say back of the patient's own asking ("You asked can you ring your sister.") is not something
staff put to them earlier: an option of a later choice that it names is taken as an option, not held to as
a promise. Staff lines here are written for these tests, not taken from the persona files or the coherence
suite."""

from __future__ import annotations

from coach.config import RESOURCES
from coach.personas import load_personas
from tests.patient_fixtures import replies

PERSONAS = load_personas(RESOURCES / "personas")


def test_an_option_the_patient_asked_for_is_taken_not_held_to() -> None:
    persona = PERSONAS["patient-conflict"]
    said = replies(
        [
            "You asked can you phone your sister.",
            "Course you can. Phone her now, or in a bit once you've calmed down?",
        ],
        persona,
        agitation=40,
    )
    # before: "What about ring her? You said." (the option held to as a promise of staff's)
    assert "you said" not in said[-1].lower(), said[-1]
