"""The `llm` backend: a chat model plays the patient (its reply checked by the guards, the offline patient
standing in when it fails) and a second chat model grades each turn after the reply. The models and their
providers are the settings' (COACH_PATIENT_MODEL, COACH_GRADER_MODEL; coach.providers)."""

from __future__ import annotations

import asyncio

from coach.backends.base import Backend, Loaded, Parts
from coach.config import Settings


def build(loaded: Loaded) -> Parts:
    # Imported here so the offline backend never pays LangChain's import time.
    from coach.grading.llm import LLMGrader
    from coach.llm import check_models
    from coach.patient.llm import LLMPatient
    from coach.providers.base import LLMConfigError

    if problem := check_models(loaded.settings):
        raise LLMConfigError(problem)
    return Parts(
        patient=LLMPatient(loaded.settings, fallback=loaded.offline_patient),
        grader=LLMGrader(loaded.settings, loaded.rubric, loaded.personas),
    )


def start_up(settings: Settings, parts: Parts) -> str | None:
    """Ask the endpoints once: a refused key stops start-up, an unreachable one is a warning; when they
    answer, the grader (and the principle check, when on) picks its structured-output method now rather
    than on the first turn."""
    from coach.grading.llm import LLMGrader
    from coach.llm import probe_endpoints
    from coach.patient.llm import LLMPatient

    probe = probe_endpoints(settings)
    if probe is not None and probe.fatal:
        raise ValueError(probe.message)
    if probe is None and isinstance(parts.grader, LLMGrader):
        asyncio.run(parts.grader.structured_method())  # "auto": pick the method once, up front
    if probe is None and isinstance(parts.patient, LLMPatient) and parts.patient.checker is not None:
        asyncio.run(parts.patient.checker.structured_method())  # the same for the principle check
    return probe.message if probe else None


BACKEND = Backend(
    name="llm",
    summary="chat models play the patient and grade: COACH_PATIENT_MODEL, COACH_GRADER_MODEL",
    build=build,
    talks_to_model=True,
    start_up=start_up,
)
