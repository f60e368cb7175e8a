"""A no that puts off what the patient wants is answered as a put-off (the persona file's `put_off` lines,
the time said back where it is a few plain words), a no that rules it out as a no. Staff lines here are
written for these tests, not taken from the persona files or the coherence suite."""

from __future__ import annotations

import pytest

from coach.config import RESOURCES
from coach.models import Band
from coach.patient.put_off import put_off_to
from coach.personas import load_personas
from tests.patient_fixtures import no_grade, replies

PERSONAS = load_personas(RESOURCES / "personas")


@pytest.mark.parametrize(
    ("turn", "to"),
    [
        ("Not today, I'm afraid, there's only two of us on.", "not today"),
        ("Gaz is on tomorrow, he'll go through it with you.", "tomorrow"),
        ("That'll have to be after ward round, mate.", "after ward round"),
        ("Give it an hour or so and someone will be along.", "give it an hour"),
        ("Someone from the day team will be along to see you about it.", None),
        ("We can look at it once you've had a chance to settle a bit.", None),
        ("soz hun, in a bit", "in a bit"),
    ],
)
def test_a_put_off_is_read_with_what_it_was_put_off_to(turn: str, to: str | None) -> None:
    found = put_off_to(turn)
    assert found is not None, turn
    assert found.to == to


@pytest.mark.parametrize(
    "turn",
    [
        "You can't go out, you're on a section.",
        "No. That's not something I can give you.",
        "The rules say no phones on the ward.",
    ],
)
def test_a_no_that_rules_it_out_puts_nothing_off(turn: str) -> None:
    assert put_off_to(turn) is None


def _put_off_lines(persona_id: str, band: Band, to: str | None) -> list[str]:
    lines = PERSONAS[persona_id].listening.acts.put_off
    assert lines is not None
    return [line.replace("{offer}", (to or "").capitalize()) for line in lines.at(band)]


@pytest.mark.parametrize("persona_id", sorted(PERSONAS))
def test_every_persona_answers_being_put_off_as_a_put_off(persona_id: str) -> None:
    persona = PERSONAS[persona_id]
    turn = "Sorry, not today. Maybe tomorrow if we've got more staff on."
    [reply] = replies([turn], persona, agitation=40, grade=no_grade())
    deferred = put_off_to(turn)
    assert deferred is not None and deferred.to == "tomorrow"  # the time it is put off to, not the not-now
    assert any(line in reply for line in _put_off_lines(persona_id, Band.agitated, deferred.to)), reply


def test_the_time_given_is_said_back_or_the_put_off_named() -> None:
    persona = PERSONAS["ignored-for-days"]
    # "Tomorrow, I promise" is a promise for another day, doubted first (test_patient_reassured.py).
    turns = ["Later on, Maureen, I've got the drugs round.", "Tomorrow. First thing."]
    for turn, agitation in zip(turns, (60, 60), strict=True):
        [reply] = replies([turn], persona, agitation=agitation, grade=no_grade())
        lines = _put_off_lines("ignored-for-days", Band.highly_agitated, put_off_to(turn).to)  # type: ignore[union-attr]
        assert any(line in reply for line in lines), (turn, reply)


def test_calm_a_put_off_with_a_time_is_taken_not_fought() -> None:
    persona = PERSONAS["refused-request"]
    turn = "Can't be today, sorry. It'll have to be tomorrow afternoon."
    [reply] = replies([turn], persona, agitation=15, grade=no_grade())
    deferred = put_off_to(turn)
    assert deferred is not None
    calm = [
        *_put_off_lines("refused-request", Band.calm, deferred.to),
        *persona.voice[Band.calm].replies["refused"],
    ]
    assert any(line in reply for line in calm), reply
    assert "!" not in reply


def test_a_no_that_puts_nothing_off_gets_the_band_s_refused_lines() -> None:
    persona = PERSONAS["paranoid"]
    [reply] = replies(["No. You can't see the box."], persona, agitation=40, grade=no_grade())
    put_off = persona.listening.acts.put_off
    assert put_off is not None
    assert not any(
        reply.startswith(line.split("{offer}")[-1].strip("?! ")) for line in put_off.every() if line
    )
    assert any(line in reply for line in persona.voice[Band.agitated].replies["refused"]), reply


def test_a_persona_file_without_put_off_lines_answers_with_its_refused_lines() -> None:
    persona = PERSONAS["ignored-for-days"]
    acts = persona.listening.acts.model_copy(update={"put_off": None})
    plain = persona.model_copy(update={"listening": persona.listening.model_copy(update={"acts": acts})})
    [reply] = replies(["Not today, sorry."], plain, agitation=40, grade=no_grade())
    assert any(line in reply for line in persona.voice[Band.agitated].replies["refused"]), reply


@pytest.mark.parametrize(
    ("turn", "puts_off"),
    [
        ("Not until you've eaten something.", True),
        ("Once you've had something to eat, then I leave you be.", True),
        ("When we're less busy I'll come and sit with you.", True),
        ("It's only when someone is at risk that staff step in like that.", False),
    ],
)
def test_a_condition_puts_off_only_what_waits_on_it(turn: str, puts_off: bool) -> None:
    assert (put_off_to(turn) is not None) is puts_off
