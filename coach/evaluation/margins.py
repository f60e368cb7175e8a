"""How far a played persona scene passes its expectations by.

A persona case passes when its scene ends as its suite file expects; one that passes by a fraction of a
point fails on the next grade that moves a little, right or wrong (a retrain that reads one more brush-off
as the rubric says, calibration README "Mockery and minimising"). These are the margins of one played
scene to the numeric expectations of its case, in points of agitation, and the lines of its script it had
to spare when it ended (a scene that settles, or reaches the crisis it must reach, only on the script's
last line has none); a negative margin is a failed expectation. `scripts/outcome_margins.py` prints them
for every case.
"""

from __future__ import annotations

from typing import NamedTuple

from coach.evaluation.results import Transcript
from coach.evaluation.suites import PersonaExpect
from coach.models import BAND_FLOORS, Band, Outcome

CRISIS = BAND_FLOORS[Band.crisis]


class Margins(NamedTuple):
    """Points of agitation to spare by expectation ('to crisis', 'final below', 'final above'), and the
    script's lines left when the scene ended, within `ends_within` when the case sets it (None when the
    scene did not end)."""

    points: dict[str, float]
    lines_left: int | None


def margins(expect: PersonaExpect, scene: Transcript, script_lines: int) -> Margins:
    """The margins of `scene`, played from a script of `script_lines` staff turns, to `expect`'s numeric
    expectations."""
    points: dict[str, float] = {}
    avoids_crisis = Band.crisis in expect.bands_avoided or (
        expect.outcome is not None and Outcome.crisis not in expect.outcome
    )
    if avoids_crisis:
        points["to crisis"] = CRISIS - scene.peak
    if expect.final_below is not None:
        points["final below"] = expect.final_below - scene.final
    if expect.final_above is not None:
        points["final above"] = scene.final - expect.final_above
    if scene.outcome in (None, Outcome.unresolved):
        return Margins(points, None)
    last = script_lines if expect.ends_within is None else min(script_lines, expect.ends_within[1])
    return Margins(points, last - len(scene.steps))
