"""Backends by name, and building an Engine on one from settings.

A backend (coach.backends.base.Backend) makes the patient and, optionally, a grader beside the offline
one. A new backend is one module defining `BACKEND` and one entry in BACKENDS (CONTRIBUTING.md, "Adding
a backend or a provider"); COACH_BACKEND and `--backend` take any name here.
"""

from __future__ import annotations

from coach.backends import llm, offline
from coach.backends.base import Backend, Loaded, Parts
from coach.config import Settings, get_settings
from coach.engine import Engine
from coach.grading.debrief import OfflineDebriefGrader
from coach.grading.offline import OfflineGrader
from coach.patient.offline import OfflinePatient
from coach.personas import load_personas
from coach.rubrics import load_debrief_rubric, load_rubric
from coach.store import Store

BACKENDS: dict[str, Backend] = {backend.name: backend for backend in (offline.BACKEND, llm.BACKEND)}


class UnknownBackend(ValueError):
    """A backend name not in the registry; the message lists the known ones."""

    def __init__(self, name: str) -> None:
        known = "; ".join(f"{b.name} ({b.summary})" for b in BACKENDS.values())
        super().__init__(f"Unknown backend {name!r}; known: {known}, or auto (llm when an API key is set).")


def backend_named(name: str) -> Backend:
    try:
        return BACKENDS[name]
    except KeyError:
        raise UnknownBackend(name) from None


def build_engine(
    settings: Settings | None = None, backend: str | None = None, store: Store | None = None
) -> Engine:
    """An Engine on `backend` (a name in BACKENDS; default: the settings' choice) and the settings' store."""
    settings = settings or get_settings()
    chosen = backend_named(backend or settings.resolved_backend)
    personas = load_personas(settings.personas_dir)
    rubric = load_rubric(settings.rubrics_dir / "staff-turn.yaml")
    debrief_rubric = load_debrief_rubric(settings.rubrics_dir / "debrief.yaml")
    offline_patient = OfflinePatient()
    parts = chosen.build(Loaded(settings, personas, rubric, offline_patient))
    return Engine(
        store=store or Store(settings.db_url),
        personas=personas,
        grader=OfflineGrader(rubric, personas),
        patient=parts.patient,
        debrief_grader=OfflineDebriefGrader(debrief_rubric),
        backend=chosen,
        llm_grader=parts.grader,
        fallback_patient=offline_patient,
        cost=settings.cost,
        reply_deadline=settings.reply_deadline if chosen.talks_to_model else None,
        slow_notice=settings.slow_notice if chosen.talks_to_model else None,
        grade_deadline=settings.grade_deadline,
    )


def check_endpoint(settings: Settings, engine: Engine) -> str | None:
    """Once at start-up (the app, `coach chat`): the engine's backend's own check. Raises ValueError when
    it must not start (a refused key), returns a warning to print (an unreachable endpoint), else None."""
    return engine.backend.start_up(settings, Parts(patient=engine.patient, grader=engine.llm_grader))
