"""Wiring: build an Engine from settings, on the offline backend or the LLM one."""

from __future__ import annotations

import asyncio

from coach.config import Settings, get_settings
from coach.engine import Engine
from coach.grading.base import AsyncGrader
from coach.grading.debrief import OfflineDebriefGrader
from coach.grading.offline import OfflineGrader
from coach.patient.base import Patient
from coach.patient.offline import OfflinePatient
from coach.personas import load_personas
from coach.rubrics import load_debrief_rubric, load_rubric
from coach.store import Store


def build_engine(
    settings: Settings | None = None, backend: str | None = None, store: Store | None = None
) -> Engine:
    """An Engine on `backend` (offline or llm; default: the settings' choice) and the settings' store."""
    settings = settings or get_settings()
    personas = load_personas(settings.personas_dir)
    rubric = load_rubric(settings.rubrics_dir / "staff-turn.yaml")
    debrief_rubric = load_debrief_rubric(settings.rubrics_dir / "debrief.yaml")
    offline_patient = OfflinePatient()
    chosen = backend or settings.resolved_backend
    patient: Patient = offline_patient
    llm_grader: AsyncGrader | None = None
    if chosen == "llm":
        # Imported here so the offline backend never pays LangChain's import time.
        from coach.grading.llm import LLMGrader
        from coach.llm import LLMConfigError, check_backend
        from coach.patient.llm import LLMPatient

        problem = check_backend(settings)
        if problem:
            raise LLMConfigError(problem)
        patient = LLMPatient(settings, fallback=offline_patient)
        llm_grader = LLMGrader(settings, rubric, personas)
    return Engine(
        store=store or Store(settings.db_url),
        personas=personas,
        grader=OfflineGrader(rubric, personas),
        patient=patient,
        debrief_grader=OfflineDebriefGrader(debrief_rubric),
        llm_grader=llm_grader,
        fallback_patient=offline_patient,
        backend=chosen,
        cost=settings.cost,
        reply_deadline=settings.reply_deadline if chosen == "llm" else None,
        slow_notice=settings.slow_notice if chosen == "llm" else None,
        grade_deadline=settings.grade_deadline,
    )


def check_endpoint(settings: Settings, engine: Engine) -> str | None:
    """At start-up on the LLM backend: raise ValueError if the endpoint refuses the key, return a warning
    if it cannot be reached now, else None. Offline engines need no check."""
    if engine.backend != "llm":
        return None
    from coach.grading.llm import LLMGrader
    from coach.llm import probe_endpoint
    from coach.patient.llm import LLMPatient

    probe = probe_endpoint(settings)
    if probe is not None and probe.fatal:
        raise ValueError(probe.message)
    if probe is None and isinstance(engine.llm_grader, LLMGrader):
        asyncio.run(engine.llm_grader.structured_method())  # "auto": pick the method once, up front
    if probe is None and isinstance(engine.patient, LLMPatient) and engine.patient.checker is not None:
        asyncio.run(engine.patient.checker.structured_method())  # the same for the principle check
    return probe.message if probe else None
