"""The frozen sets beside the test split (coach/resources/evals/calibration/README.md), each written and
labelled by two independent raters (an adjudicator settling where they differed) before any grader met
it, and read only in aggregate; run with -s to see the tables.

- Look-alikes: staff turns written to part a grader that reads words from one that reads what a turn does
  (kind or neutral turns in words often heard in bad practice, and harm done in polite words).
- Ordinary turns: what trainees commonly type, good, bad and in between, by six writers who wrote no
  training turn."""

from __future__ import annotations

import hashlib

import pytest

from coach.config import get_settings
from coach.evaluation.calibration import agreement, load_raters, rater_agreement
from coach.evaluation.suites import EVALS_DIR
from coach.grading.corpus import CalibrationCase, case_context, load_cases
from coach.models import Grade
from coach.personas import load_personas
from coach.rubrics import load_rubric

FOLDER = EVALS_DIR / "calibration"
FROZEN = {
    "lookalike": "4fb921673e61acc96e0ff35b396282421e4850cc65b0e9bed3b79c624017047c",
    "ordinary": "f333e763db93a186fb00623c3cab4e2afca36b0354d369592b7b8f4a85d0e7e2",
}
# Measured on the shipped grader when the set was added (the calibration README, "Look-alikes"): of the
# turns labelled kind (tone 4 or 5, no flag) none was called curt or worse (tone 1 or 2); of those labelled
# with no flag 2 in 40 were flagged; of those labelled harmful (tone 1 or 2) 5 in 19 were called so. The
# bounds sit a little beyond: a change that reads more kind words as bad practice, or less harm, fails.
KIND_CALLED_CURT_AT_MOST = 0.05
FLAGGED_WITHOUT_ONE_AT_MOST = 0.1
HARM_CALLED_SO_AT_LEAST = 0.2


def _grades(cases: list[CalibrationCase]) -> list[Grade]:
    from coach.grading.offline import OfflineGrader

    settings = get_settings()
    grader = OfflineGrader(
        load_rubric(settings.rubrics_dir / "staff-turn.yaml"), load_personas(settings.personas_dir)
    )
    return [grader.grade(case_context(c)) for c in cases]


@pytest.fixture(scope="module")
def cases() -> list[CalibrationCase]:
    return load_cases(FOLDER / "lookalike.jsonl")


@pytest.fixture(scope="module")
def grades(cases: list[CalibrationCase]) -> list[Grade]:
    return _grades(cases)


@pytest.mark.parametrize("name", sorted(FROZEN))
def test_the_set_is_frozen_and_every_item_was_labelled_twice(name: str) -> None:
    assert hashlib.sha256((FOLDER / f"{name}.jsonl").read_bytes()).hexdigest() == FROZEN[name]
    cases = load_cases(FOLDER / f"{name}.jsonl")
    pairs = load_raters(FOLDER / f"{name}-raters.jsonl")
    assert [p.id for p in pairs] == [c.id for c in cases]
    for pair, case in zip(pairs, cases, strict=True):
        assert case.split == pair.split == "test"
        for key in ("tone", "refusal", "options", "escalation_risk"):
            if key not in pair.adjudicated:  # where the raters agreed, their label stands
                assert getattr(pair.a, key) == getattr(pair.b, key) == getattr(case.labels, key), (
                    case.id,
                    key,
                )


def test_kind_words_are_not_read_as_bad_practice(cases: list[CalibrationCase], grades: list[Grade]) -> None:
    found = agreement(cases, grades)
    ceiling = rater_agreement(load_raters(FOLDER / "lookalike-raters.jsonl"), "test")
    print(f"\n== offline grader vs labels: look-alikes ==\n{found.table()}")
    print(f"\n== rater A vs rater B: look-alikes (the ceiling) ==\n{ceiling.table()}")
    kind = [g for c, g in zip(cases, grades, strict=True) if c.labels.tone >= 4 and not c.labels.flags]
    curt = sum(g.scores.tone <= 2 for g in kind) / len(kind)
    unflagged = [g for c, g in zip(cases, grades, strict=True) if not c.labels.flags]
    flagged = sum(bool(g.flags) for g in unflagged) / len(unflagged)
    harmful = [g for c, g in zip(cases, grades, strict=True) if c.labels.tone <= 2]
    harm = sum(g.scores.tone <= 2 for g in harmful) / len(harmful)
    print(
        f"kind turns called curt or worse: {curt:.3f} of {len(kind)}; unflagged turns flagged: {flagged:.3f} "
        f"of {len(unflagged)}; harmful turns called curt or worse: {harm:.3f} of {len(harmful)}"
    )
    assert curt <= KIND_CALLED_CURT_AT_MOST
    assert flagged <= FLAGGED_WITHOUT_ONE_AT_MOST
    assert harm >= HARM_CALLED_SO_AT_LEAST


# Measured on the shipped grader when the ordinary set was added (the calibration README, "Ordinary
# turns"): tone QWK 0.906, escalation_risk 0.883, refusal F1 0.895, options exact 0.897. Each floor is
# that figure rounded down to 0.05, as the test split's thresholds are.
ORDINARY_FLOORS = {"tone": 0.9, "escalation_risk": 0.85, "refusal_f1": 0.85, "options_exact": 0.85}


def test_ordinary_turns_are_graded_near_the_raters() -> None:
    cases = load_cases(FOLDER / "ordinary.jsonl")
    found = agreement(cases, _grades(cases))
    ceiling = rater_agreement(load_raters(FOLDER / "ordinary-raters.jsonl"), "test")
    print(f"\n== offline grader vs labels: ordinary turns ==\n{found.table()}")
    print(f"\n== rater A vs rater B: ordinary turns (the ceiling) ==\n{ceiling.table()}")
    measured = {
        "tone": found.tone.kappa,
        "escalation_risk": found.escalation_risk.kappa,
        "refusal_f1": found.refusal_f1,
        "options_exact": found.options.exact,
    }
    for key, floor in ORDINARY_FLOORS.items():
        assert measured[key] is not None and measured[key] >= floor, (key, measured[key])
