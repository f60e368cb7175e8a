"""A serving process made ready before the first trainee waits: what is built on first use, built at start,
and the objects that live as long as the process set aside from the garbage collector's full passes.

The offline grader builds its phrase tables' start index and compiles its rules on the first turn it reads
(about 0.2 s of CPU), and the offline patient reads each persona's material on its first reply to that
persona: without a warm-up the first trainee of every process waits for it. After that, the process holds
a few hundred thousand long-lived objects (personas, rules, the scorer's tables, the web app's blocks); a
full collection walks every one of them (80-190 ms on this machine, measured with `gc.callbacks` in the
offline turn's harness), and it runs inside whichever turn happens to allocate at that moment. Frozen
(`gc.freeze`), they are left out of every later collection: reference counting still frees them, but a
cycle among them that becomes garbage later stays (they are built to live as long as the process);
anything made afterwards is collected as before.

`launch` (the app) calls both once, after building the engine and the server; the offline-turn benchmark
does the same, so it times a process as the app runs one.
"""

from __future__ import annotations

import gc
from collections.abc import Mapping

from coach.grading.base import Grader
from coach.models import Band, GradingContext, PatientState, Persona, Speaker, Turn
from coach.patient.base import PatientContext
from coach.patient.offline import OfflinePatient


def warm_up(grader: Grader, personas: Mapping[str, Persona]) -> None:
    """Grade and answer a few turns in every persona's scene, so what both build on first use is built.

    The turns are the persona's own material (its opening line said back, its better lines together), so
    the reading, the scorer, the better line and the patient's reply all run; nothing is stored, and every
    cache they fill is keyed by its input (a grade or a reply never depends on what came before it).
    """
    patient = OfflinePatient()
    for persona in personas.values():
        lines = persona.better_lines
        opening = persona.opening.text
        state = PatientState(
            agitation=persona.starting_agitation,
            band=Band.for_agitation(persona.starting_agitation),
            peak=persona.starting_agitation,
        )
        for staff in (opening, " ".join([lines.validation[0], lines.no[0], lines.options[0]])):
            ctx = GradingContext(
                staff=staff, persona_id=persona.id, patient=opening, agitation=persona.starting_agitation
            )
            grade = grader.grade(ctx)
            history = [Turn(speaker=Speaker.patient, text=opening), Turn(speaker=Speaker.staff, text=staff)]
            patient.reply(
                PatientContext(
                    session_id="warm-up", persona=persona, state=state, history=history, grade=grade
                )
            )


def settle_heap() -> None:
    """Collect what is garbage now, then leave every object alive from the garbage collector's later
    passes (`gc.freeze`): once per process, after it has built everything it serves with."""
    gc.collect()
    gc.freeze()
