"""Fixtures for the LLM tests: the loopback OpenAI server (started once per test module), settings that
point at it, the persona and patient contexts. Test modules load it with
`pytest_plugins = ["llm_fixtures"]` and never import it (so pytest can rewrite its asserts)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from coach.config import RESOURCES, Settings
from coach.fakeopenai import FakeOpenAI
from coach.models import Band, PatientState, Persona, Speaker, Turn
from coach.patient.base import PatientContext
from coach.personas import load_persona
from coach.stance import Stance

PERSONA_FILE = RESOURCES / "personas" / "refused-request.yaml"
BAND_AGITATION = {Band.calm: 10.0, Band.agitated: 40.0, Band.highly_agitated: 65.0, Band.crisis: 85.0}

SettingsFactory = Callable[..., Settings]
ContextFactory = Callable[..., PatientContext]


@pytest.fixture(scope="module")
def fake_openai_server() -> Iterator[FakeOpenAI]:
    """One loopback server per test module."""
    with FakeOpenAI.running() as server:
        yield server


@pytest.fixture
def fake_openai(fake_openai_server: FakeOpenAI) -> FakeOpenAI:
    """The module's server with no queued replies and no recorded requests."""
    fake_openai_server.reset()
    return fake_openai_server


@pytest.fixture
def llm_settings(fake_openai: FakeOpenAI) -> SettingsFactory:
    """Settings for the LLM backend on the loopback server, with test-sized timeouts; keyword
    arguments override."""

    def make(**overrides: Any) -> Settings:
        values: dict[str, Any] = {
            "backend": "llm",
            "openai_base_url": fake_openai.base_url,
            "openai_api_key": "test-key",
            "patient_model": "openai:fake-patient",
            "grader_model": "openai:fake-grader",
            "request_timeout": 1.0,
            "max_retries": 2,
            "structured_output": "json_schema",  # tests of "auto" ask for it
            **overrides,
        }
        return Settings(**values)

    return make


@pytest.fixture(scope="module")
def llm_persona() -> Persona:
    return load_persona(PERSONA_FILE)


@pytest.fixture
def patient_context(llm_persona: Persona) -> ContextFactory:
    """A context after the persona's opening line and one staff turn, the patient in `band`."""

    def make(staff: str, band: Band = Band.agitated, stance: Stance | None = None) -> PatientContext:
        state = PatientState(
            agitation=BAND_AGITATION[band], band=band, cues=list(llm_persona.voice[band].cues[:2])
        )
        history = [
            Turn(speaker=Speaker.patient, text=llm_persona.opening.text, cues=list(llm_persona.opening.cues)),
            Turn(speaker=Speaker.staff, text=staff, stance=stance),
        ]
        return PatientContext(session_id="test", persona=llm_persona, state=state, history=history)

    return make
