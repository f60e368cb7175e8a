"""The reply guards as a table: the probes the review found getting past them (issue 12), what each
guard must catch, and the in-character lines that must pass (a false alarm costs a redraft and can make
a patient who says "sorry" or mentions a nurse impossible to play)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from benchmarks.guard_probes import IN_CHARACTER, MISSED_IN_REVIEW, MORE_CATCHES
from coach.config import Settings
from coach.models import Persona
from coach.patient.guards import GuardFailure, check_reply
from coach.personas import load_personas

pytest_plugins = ["llm_fixtures"]


@pytest.mark.parametrize(("text", "failure"), MISSED_IN_REVIEW + MORE_CATCHES)
def test_the_guard_catches_it(llm_persona: Persona, text: str, failure: GuardFailure) -> None:
    assert failure in check_reply(text, [], llm_persona)


@pytest.mark.parametrize("text", IN_CHARACTER)
def test_in_character_lines_pass(llm_persona: Persona, text: str) -> None:
    assert check_reply(text, ["jaw tight"], llm_persona) == []


def _strings(data: Any) -> Iterator[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from _strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from _strings(value)


def test_every_line_the_personas_were_written_with_passes() -> None:
    """Thousands of authored patient lines and cues: the guards must not object to any."""
    personas = load_personas(Settings().personas_dir)
    checked, failed = 0, []
    for persona in personas.values():
        data = persona.model_dump(mode="json")
        for line in _strings([data["opening"], data["voice"], data["listening"]]):
            text = line.replace("{name}", "Sam").replace("{offer}", "a walk")
            checked += 1
            if problems := check_reply(text, [], persona):
                failed.append((persona.id, text, problems))
    assert checked > 1000
    assert failed == []


def test_a_partial_reply_is_not_empty_yet(llm_persona: Persona) -> None:
    assert check_reply("", [], llm_persona, partial=True) == []
    assert check_reply("", [], llm_persona) == [GuardFailure.empty]
