"""What a backend is: a name in the registry (coach.backends.BACKENDS) and a factory for the patient that
answers the trainee and, optionally, a second grader that runs beside the offline one."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from coach.config import Settings
from coach.grading.base import AsyncGrader
from coach.models import Persona
from coach.patient.base import Patient
from coach.patient.offline import OfflinePatient
from coach.rubric_models import Rubric


@dataclass(frozen=True)
class Loaded:
    """What every backend is built from: the settings, the checked data files, and the offline patient
    (a backend's patient may fall back to it; the engine offers it when a turn fails)."""

    settings: Settings
    personas: Mapping[str, Persona]
    rubric: Rubric
    offline_patient: OfflinePatient


@dataclass(frozen=True)
class Parts:
    """What a backend puts into the engine."""

    patient: Patient
    grader: AsyncGrader | None = None  # graded after the reply; its grade stands over the offline one


def no_start_up_check(settings: Settings, parts: Parts) -> str | None:
    return None


@dataclass(frozen=True)
class Backend:
    """One way to run the patient (and a second grader), by name.

    `build` raises ValueError with one line for the user when the settings cannot run it (a missing key);
    `talks_to_model` puts the reply under the settings' deadlines; `start_up` runs once before the app
    or `coach chat` starts: it raises ValueError to stop start-up, or returns a warning to print."""

    name: str
    summary: str
    build: Callable[[Loaded], Parts]
    talks_to_model: bool = False
    start_up: Callable[[Settings, Parts], str | None] = no_start_up_check
