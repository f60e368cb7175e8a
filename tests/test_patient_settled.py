"""An offer's answer does not ask for what the turn just settled: who will do it ("I'll take it down
myself"), or where ("I'll leave it by your door"), as it already did not ask when a time was given. Staff
lines here are written for these tests, not taken from the persona files or the coherence suite."""

from __future__ import annotations

import re

from coach.config import RESOURCES
from coach.patient.pools import Pool
from coach.patient.settled import settled
from coach.personas import load_personas
from tests.patient_fixtures import replies

PERSONAS = load_personas(RESOURCES / "personas")
_ASKS_WHO = re.compile(r"who's doing|it's you, is it|not 'someone'", re.IGNORECASE)


def _order(text: str, lines: tuple[str, ...]) -> list[str]:
    return [line for pool in settled(text, [Pool("offer", lines)]) for line in pool.lines]


def test_who_and_where_asked_come_last_when_the_turn_said_them() -> None:
    who, where, plain = "Who's doing it, then?", "Could you put it on the windowsill?", "Okay. Thanks."
    lines = (who, where, plain)
    assert _order("I'll take it down myself.", lines) == [where, plain, who]
    assert _order("Priya will bring it over.", lines) == [where, plain, who]
    assert _order("You can have it by your door.", lines) == [who, plain, where]
    assert _order("I'll leave it by your door.", lines)[0] == plain
    # Nothing settled: the file's order stands; "it will" and "in a minute" say no one and nowhere.
    assert _order("It will be in a minute or so.", lines) == list(lines)


def test_a_card_posted_by_the_speaker_is_not_answered_with_who_is_doing_it() -> None:
    for offer in (
        "I'm sorry, the leave can't happen today. I'll walk your card to the postbox by the doors myself.",
        "No leave today, I'm afraid, but I'll drop the card in the post box on my break.",
    ):
        [reply] = replies([offer], PERSONAS["refused-request"], agitation=35)
        assert not _ASKS_WHO.search(reply), (offer, reply)


def test_a_named_helper_coming_at_a_time_is_not_answered_with_is_it_you() -> None:
    offer = (
        "The social worker's on the ward this afternoon. I'll bring her over to you at four, "
        "and I'll stay with you."
    )
    [reply] = replies([offer], PERSONAS["ignored-for-days"], agitation=35)
    assert not _ASKS_WHO.search(reply), reply


def test_a_doing_said_as_under_way_with_them_says_who_and_when() -> None:
    who, when, plain = "You, yourself? Not 'someone'?", "Okay. When?", "Then do it."
    lines = (who, when, plain)
    assert _order("I'm sitting down with you this minute, me and you.", lines)[0] == plain
