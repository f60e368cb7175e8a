"""The band limits are written once (coach.models.BAND_FLOORS): the code reads them from there, and every
page that states them for people states the same limits."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.charts import agitation_svg
from coach.models import BAND_FLOORS, Band

ROOT = Path(__file__).resolve().parent.parent
AGITATED, HIGH, CRISIS = (int(BAND_FLOORS[b]) for b in (Band.agitated, Band.highly_agitated, Band.crisis))

# Each page's own wording of the limits, filled in from BAND_FLOORS.
PAGES = {
    "README.md": [
        f"calm below {AGITATED}, agitated {AGITATED}-{HIGH - 1}, highly agitated {HIGH}-{CRISIS - 1}, "
        f"crisis {CRISIS}+"
    ],
    "docs/architecture.md": [
        f"below {AGITATED} `calm` (BARS 4), {AGITATED}-{HIGH - 1} `agitated` (BARS 5, redirectable), "
        f"{HIGH}-{CRISIS - 1} `highly_agitated` (BARS 6, instructions no longer work), {CRISIS} and above "
        "`crisis` (BARS 7)"
    ],
    "docs/domain.md": [
        f"calm (below {AGITATED}), agitated ({AGITATED}-{HIGH - 1}), highly agitated ({HIGH}-{CRISIS - 1}) "
        f"and crisis ({CRISIS} and above)"
    ],
    "coach/resources/personas/README.md": [
        f"| `calm` | below {AGITATED} |",
        f"| `agitated` | {AGITATED} to {HIGH - 1} |",
        f"| `highly_agitated` | {HIGH} to {CRISIS - 1} |",
        f"| `crisis` | {CRISIS} and above |",
    ],
}


@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_states_the_limits_the_code_uses(page: str) -> None:
    text = " ".join((ROOT / page).read_text(encoding="utf-8").split())
    for phrase in PAGES[page]:
        assert phrase in text, f"{page} does not say: {phrase}"


@pytest.mark.parametrize("band", list(Band))
def test_a_band_runs_from_its_floor_to_the_next_floor(band: Band) -> None:
    assert Band.for_agitation(band.floor) is band
    assert Band.for_agitation(band.ceiling - 0.1) is band
    if band is not Band.crisis:
        assert Band.for_agitation(band.ceiling) is not band


def test_the_chart_draws_the_bands_at_the_same_limits() -> None:
    svg = agitation_svg([10.0, 60.0])
    # The plot is 120 units high from y=8: a band's rectangle spans (ceiling - floor) / 100 of it.
    drawn = [float(chunk.split('height="')[1].split('"')[0]) for chunk in svg.split("<rect ")[1:]]
    assert drawn == [round((b.ceiling - b.floor) / 100 * 120, 1) for b in Band]
