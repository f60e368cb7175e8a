"""How far a played persona scene passes its expectations by.

A persona case passes when its scene ends as its suite file expects; one that passes by a fraction of a
point fails on the next grade that moves a little, right or wrong (a retrain that reads one more brush-off
as the rubric says, calibration README "Mockery and minimising"). These are the margins of one played
scene to the numeric expectations of its case, in points of agitation, and the turns it had to spare; a
negative margin is a failed expectation. `scripts/outcome_margins.py` prints them for every case.
"""

from __future__ import annotations

from typing import NamedTuple

from coach.evaluation.results import Transcript
from coach.evaluation.suites import PersonaExpect
from coach.models import BAND_FLOORS, Band, Outcome

CRISIS = BAND_FLOORS[Band.crisis]


class Margins(NamedTuple):
    """Points of agitation to spare by expectation ('to crisis', 'past crisis', 'final below', 'final
    above'), and turns to spare within `ends_within` (None when the case sets none or the scene did not
    end)."""

    points: dict[str, float]
    turns: int | None


def margins(expect: PersonaExpect, scene: Transcript) -> Margins:
    """The margins of `scene` to `expect`'s numeric expectations."""
    points: dict[str, float] = {}
    avoids_crisis = Band.crisis in expect.bands_avoided or (
        expect.outcome is not None and Outcome.crisis not in expect.outcome
    )
    if avoids_crisis:
        points["to crisis"] = CRISIS - scene.peak
    if expect.outcome == [Outcome.crisis]:
        points["past crisis"] = scene.peak - CRISIS
    if expect.final_below is not None:
        points["final below"] = expect.final_below - scene.final
    if expect.final_above is not None:
        points["final above"] = scene.final - expect.final_above
    ended = scene.outcome not in (None, Outcome.unresolved)
    turns = expect.ends_within[1] - len(scene.steps) if expect.ends_within is not None and ended else None
    return Margins(points, turns)
