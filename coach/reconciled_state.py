"""The patient state a staff turn starts from, reconciled with a grade that arrived after the reply.

The patient's reply never waits for the LLM grade of the staff turn it answers: it is stored with the
state the offline grade gave. When the LLM grade arrives later and moves the patient differently, the
next turn starts from the state that grade gives instead (need met included); the stored turns stay as
they were said.
"""

from __future__ import annotations

from coach import dynamics
from coach.grades_in_flight import LLM_FALLBACK
from coach.models import Grade, PatientState, Persona, Speaker, Turn
from coach.stance import Stance


def answered_staff_turn(history: list[Turn]) -> Turn | None:
    """The staff turn whose grades may change where the newest staff turn of `history` starts: the one
    the last patient turn before it answers, if there is one."""
    earlier = history[:-1]
    if len(earlier) < 3 or earlier[-1].speaker is not Speaker.patient:
        return None
    staff = earlier[-2]
    return staff if staff.speaker is Speaker.staff else None


def reconciled_state_before(
    history: list[Turn], persona: Persona, offline_grader: str, answered_grades: list[Grade]
) -> PatientState:
    """The state the newest staff turn of `history` starts from: the last patient turn's stored state,
    or, when a late grade of answered_staff_turn(history) (among `answered_grades`, oldest first) moves
    the patient differently from its `offline_grader` grade, the state that late grade gives."""
    stored = _state_before(history)
    staff = answered_staff_turn(history)
    if staff is None:
        return stored
    offline = next((g for g in answered_grades if g.grader == offline_grader), None)
    late = [g for g in answered_grades if g.grader not in (offline_grader, LLM_FALLBACK)]
    if offline is None or not late or _same_effect(late[-1], offline):
        return stored
    before = _state_before(history[:-2])
    return dynamics.step(before, late[-1], staff.stance or Stance(), persona, staff_text=staff.text).state


def _same_effect(a: Grade, b: Grade) -> bool:
    """Whether two grades move the patient alike (what dynamics.step reads of a grade)."""
    return a.scores == b.scores and a.flags == b.flags and a.meets_need == b.meets_need


def _state_before(history: list[Turn]) -> PatientState:
    """The state left by the last patient turn before the newest staff turn."""
    for turn in reversed(history[:-1]):
        if turn.state is not None:
            return turn.state
    raise RuntimeError("a session branch must start with the patient's opening turn")
