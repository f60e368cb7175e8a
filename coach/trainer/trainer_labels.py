"""Trainers' labels as calibration data: overridden and confirmed turns exported as calibration cases
(the format of evals/calibration/dev.jsonl), and machine-trainer agreement over time.

A reviewed turn becomes a case with the trainer's labels, the patient line the staff turn answered and
the agitation it met; the reason is the case's note. Agreement compares the machine's labels, as copied
beside each override, with the trainer's, grouped by the month (or ISO week) the turn was graded in, so
a change of grader shows as a change over time.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Literal

from pydantic import BaseModel, Field, ValidationError

from coach.access.accounts import User
from coach.evaluation.calibration import Agreement, agreement
from coach.grading.corpus import CalibrationCase, CalibrationLabels, Split
from coach.models import Grade, Scores
from coach.trainer.review import Review
from coach.trainer.transcript import ReviewedTurn, Transcript

Period = Literal["week", "month"]


class CalibrationExport(BaseModel):
    cases: list[CalibrationCase]
    skipped: list[str] = Field(default_factory=list, description="turns that could not be cases, and why")

    def jsonl(self) -> str:
        """The cases as JSON lines, shaped like evals/calibration/dev.jsonl."""
        return "".join(case_line(case) + "\n" for case in self.cases)


class PeriodAgreement(BaseModel):
    start: date = Field(description="first day of the month or ISO week")
    agreement: Agreement


def case_line(case: CalibrationCase) -> str:
    """One case as a JSON line: optional fields left out when empty, labels always complete."""
    exclude = {key for key in ("stance", "agitation") if getattr(case, key) is None}
    return case.model_dump_json(exclude=exclude)


def _case(transcript: Transcript, reviewed: ReviewedTurn, split: Split) -> CalibrationCase:
    override = reviewed.override
    assert override is not None
    turn = reviewed.turn
    patient = next((t.turn for t in transcript.turns if t.turn.id == turn.parent_id), None)
    stance = turn.stance if turn.stance is not None and not turn.stance.is_empty() else None
    tags = ["trainer-review", "confirmed" if not override.changed_keys else "override"]
    tags += [f"changed:{key}" for key in override.changed_keys]
    return CalibrationCase.model_validate(
        {
            "id": f"trainer-{turn.id}",
            "split": split,
            "persona": transcript.session.persona_id,
            "patient": patient.text if patient is not None else "",
            "staff": turn.text,
            "stance": stance,
            "agitation": reviewed.agitation_before,
            "labels": override.labels,
            "tags": tags,
            "note": override.reason,
        }
    )


def calibration_export(review: Review, viewer: User, split: Split = "dev") -> CalibrationExport:
    """Every reviewed turn `viewer` may read, as calibration cases with the trainer's labels."""
    cases: list[CalibrationCase] = []
    skipped: list[str] = []
    for transcript, reviewed in review.reviewed_turns(viewer):
        try:
            cases.append(_case(transcript, reviewed, split))
        except ValidationError as exc:
            first = exc.errors(include_url=False)[0]
            field = ".".join(str(p) for p in first["loc"])
            skipped.append(
                f"turn {reviewed.turn.id} of session {transcript.session.id}: {field}: {first['msg']}"
            )
    return CalibrationExport(cases=cases, skipped=skipped)


def _period_start(day: date, period: Period) -> date:
    if period == "week":
        return day - timedelta(days=day.weekday())
    return day.replace(day=1)


def _machine_grade(labels: CalibrationLabels, grader: str) -> Grade:
    scores = Scores(
        tone=labels.tone,
        no_brevity=labels.no_brevity,
        options=labels.options,
        escalation_risk=labels.escalation_risk,
    )
    return Grade(scores=scores, refusal=labels.refusal, flags=list(labels.flags), grader=grader)


def agreement_over_time(review: Review, viewer: User, period: Period = "month") -> list[PeriodAgreement]:
    """Machine-trainer agreement per month (or week) of grading, oldest first, over reviewed turns.

    Turns whose session cannot be a calibration case (a persona outside the calibration set) are left
    out; `calibration_export` names them.
    """
    grouped: dict[date, tuple[list[CalibrationCase], list[Grade]]] = {}
    for transcript, reviewed in review.reviewed_turns(viewer):
        override = reviewed.override
        assert override is not None
        try:
            case = _case(transcript, reviewed, "dev")
        except ValidationError:
            continue
        start = _period_start(reviewed.turn.created_at.date(), period)
        cases, grades = grouped.setdefault(start, ([], []))
        cases.append(case)
        grades.append(_machine_grade(override.machine, override.grader))
    return [
        PeriodAgreement(start=start, agreement=agreement(cases, grades))
        for start, (cases, grades) in sorted(grouped.items())
    ]
