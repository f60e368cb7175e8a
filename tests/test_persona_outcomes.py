"""Played through `coach simulate --json` with the scripts in evals/scripts/ (written in trainees' own
words, never the persona's `met_by` phrases): poor practice ends in crisis for every persona, the good
practice scripts that settled their scene in every measured run (evals/README.md) settle it in 4 to 10
turns, the recovery scripts that did bring the patient back from the first mistake to settled, and the mixed
scripts land between, neither settled nor in crisis. The others (Callum's second good script, Dean's second
good script and his recovery, which settle in some runs only, by which replies the patient gives) are issue
11's open work: evals/README.md has the trace."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from coach.cli import app
from coach.config import RESOURCES
from coach.personas import load_personas

pytestmark = pytest.mark.slow  # plays every persona script, as the eval suites do

PERSONAS = ["fearful", "paranoid", "ignored-for-days", "refused-request", "withdrawn", "patient-conflict"]
SETTLING_SCRIPTS = [
    ("fearful", "good"),
    ("fearful", "good-2"),
    ("paranoid", "good"),
    ("paranoid", "good-2"),
    ("ignored-for-days", "good"),
    ("ignored-for-days", "good-2"),
    ("withdrawn", "good"),
    ("withdrawn", "good-2"),
    ("refused-request", "good"),
    ("patient-conflict", "good"),
]
MIXED_BETWEEN = PERSONAS
RECOVERING = ["fearful", "paranoid", "ignored-for-days", "refused-request", "withdrawn"]
SCRIPTS = RESOURCES / "evals" / "scripts"


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


@pytest.mark.parametrize("script", sorted(p.name for p in SCRIPTS.glob("*.txt")))
def test_no_script_holds_a_met_by_phrase(script: str) -> None:
    persona_id = next(p for p in sorted(PERSONAS, key=len, reverse=True) if script.startswith(p + "-"))
    persona = load_personas(RESOURCES / "personas")[persona_id]
    text = (SCRIPTS / script).read_text(encoding="utf-8").lower().replace("\u2019", "'")
    assert not [phrase for phrase in persona.unmet_need.met_by if phrase in text]


@pytest.mark.parametrize(("persona", "script"), SETTLING_SCRIPTS)
def test_good_practice_de_escalates_in_four_to_ten_turns(persona: str, script: str) -> None:
    records = simulate(persona, f"{persona}-{script}.txt")
    end = records[-1]
    turns = len(records) - 2  # the opening line and the closing record are not turns
    print(f"\n{persona} {script}: {path_of(records)}  => {end['outcome']} after {turns} turns")
    assert end["outcome"] == "de-escalated"
    assert 4 <= turns <= 10
    assert end["final_agitation"] < 25


@pytest.mark.parametrize("persona", PERSONAS)
def test_poor_practice_ends_in_crisis_or_well_above_the_start(persona: str) -> None:
    records = simulate(persona, f"{persona}-poor.txt")
    start, end = records[0]["agitation"], records[-1]
    print(f"\n{persona} poor: {path_of(records)}  => {end['outcome']} (peak {end['peak_agitation']:.0f})")
    assert end["outcome"] == "crisis", f"rose from {start:.0f}"


@pytest.mark.parametrize("persona", MIXED_BETWEEN)
def test_mixed_practice_lands_between_settled_and_crisis(persona: str) -> None:
    records = simulate(persona, f"{persona}-mixed.txt")
    end = records[-1]
    print(f"\n{persona} mixed: {path_of(records)}  => {end['outcome']} (peak {end['peak_agitation']:.0f})")
    assert end["outcome"] == "unresolved"
    assert end["final_agitation"] >= 25  # not settled either: the poor turns cost what the good ones won


@pytest.mark.parametrize("persona", RECOVERING)
def test_recovery_comes_back_from_the_first_mistake_to_settled(persona: str) -> None:
    records = simulate(persona, f"{persona}-recovery.txt")
    start, first, end = records[0]["agitation"], records[1]["agitation"], records[-1]
    print(f"\n{persona} recovery: {path_of(records)}  => {end['outcome']}")
    assert first > start  # the mistake shows
    assert end["outcome"] == "de-escalated"
    assert end["final_agitation"] < 25
