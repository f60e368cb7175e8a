"""For every core persona, good practice de-escalates and poor practice ends in crisis or well above
the start: played through `coach simulate --json` with the scripts in evals/scripts/."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from coach.cli import app
from coach.config import ROOT

PERSONAS = ["fearful", "paranoid", "ignored-for-days", "refused-request", "withdrawn", "patient-conflict"]
SCRIPTS = ROOT / "evals" / "scripts"


def simulate(persona: str, script: str) -> list[dict]:
    result = CliRunner().invoke(
        app,
        [
            "simulate",
            "--persona",
            persona,
            "--script",
            str(SCRIPTS / script),
            "--backend",
            "offline",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def path_of(records: list[dict]) -> str:
    return " -> ".join(f"{r['agitation']:.0f}" for r in records if "agitation" in r)


@pytest.mark.parametrize("persona", PERSONAS)
def test_good_practice_de_escalates(persona: str) -> None:
    records = simulate(persona, f"{persona}-good.txt")
    end = records[-1]
    print(f"\n{persona} good: {path_of(records)}  => {end['outcome']}")
    assert end["outcome"] == "de-escalated"
    assert end["final_agitation"] < 25


@pytest.mark.parametrize("persona", PERSONAS)
def test_poor_practice_ends_in_crisis_or_well_above_the_start(persona: str) -> None:
    records = simulate(persona, f"{persona}-poor.txt")
    start, end = records[0]["agitation"], records[-1]
    print(f"\n{persona} poor: {path_of(records)}  => {end['outcome']} (peak {end['peak_agitation']:.0f})")
    assert end["outcome"] == "crisis" or end["final_agitation"] >= start + 20
