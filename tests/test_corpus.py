"""The labelled corpus the offline grader learns from and is measured on (evals/calibration/README.md).

The test split is frozen: written and labelled before any model or rule met it, so its bytes must never
change. Every item carries two independent raters' labels; where they agreed the label is theirs, and
where they disagreed an adjudicator's decision is recorded.
"""

from __future__ import annotations

import hashlib

import pytest

from coach.config import RESOURCES
from coach.evaluation.calibration import RaterPair, agreement, load_raters, rater_agreement
from coach.evaluation.suites import EVALS_DIR
from coach.grading.corpus import CalibrationCase, case_context, load_cases
from coach.grading.learned.plan_kinds import load_rated_lines
from coach.grading.learned.scorer import packaged_scorer
from coach.grading.learned.train import _hash, dev_examples
from coach.personas import load_personas
from coach.rubrics import load_rubric

FOLDER = EVALS_DIR / "calibration"
TEST_SHA256 = "ea93ae04d8b4d0835a421680e89ac627a1c9d09ca2366214d785e59f1f516f8d"
LABEL_KEYS = (
    "tone",
    "refusal",
    "no_brevity",
    "options",
    "escalation_risk",
    "validation",
    "explanation",
    "space",
    "teamwork",
)


@pytest.fixture(scope="module")
def dev() -> list[CalibrationCase]:
    return load_cases(FOLDER / "dev.jsonl")


@pytest.fixture(scope="module")
def test_split() -> list[CalibrationCase]:
    return load_cases(FOLDER / "test.jsonl")


@pytest.fixture(scope="module")
def raters() -> list[RaterPair]:
    return load_raters(FOLDER / "raters.jsonl")


def test_the_test_split_is_frozen() -> None:
    assert hashlib.sha256((FOLDER / "test.jsonl").read_bytes()).hexdigest() == TEST_SHA256


def test_the_corpus_is_large_split_and_in_context(
    dev: list[CalibrationCase], test_split: list[CalibrationCase]
) -> None:
    assert len(dev) + len(test_split) >= 3000
    assert {c.split for c in dev} == {"dev"} and {c.split for c in test_split} == {"test"}
    assert len(test_split) >= 500
    personas = {c.persona for c in [*dev, *test_split]}
    assert {
        "fearful",
        "paranoid",
        "ignored-for-days",
        "refused-request",
        "withdrawn",
        "patient-conflict",
        None,
    } <= personas
    # no staff turn appears in both splits, so a test figure is never a memory of dev
    assert not {c.staff for c in dev} & {c.staff for c in test_split}


def test_every_item_has_two_raters_and_agreed_labels_stand(
    dev: list[CalibrationCase], test_split: list[CalibrationCase], raters: list[RaterPair]
) -> None:
    by_id = {r.id: r for r in raters}
    assert set(by_id) == {c.id for c in [*dev, *test_split]}
    for case in [*dev, *test_split]:
        pair = by_id[case.id]
        assert pair.split == case.split
        for key in LABEL_KEYS:
            a, b = getattr(pair.a, key), getattr(pair.b, key)
            if a == b:
                assert getattr(case.labels, key) == a, (case.id, key)
            else:
                assert key in pair.adjudicated, (case.id, key)
        for flag in set(pair.a.flags) ^ set(pair.b.flags):
            assert f"flag:{flag}" in pair.adjudicated, (case.id, flag)
        for flag in set(pair.a.flags) & set(pair.b.flags):
            assert flag in case.labels.flags, (case.id, flag)


def test_the_raters_agreement_is_reported_per_split(raters: list[RaterPair]) -> None:
    for split in ("dev", "test"):
        agreement = rater_agreement(raters, split)
        print(f"\\nraters' agreement on {split}:\\n{agreement.table()}")
        assert agreement.n > 0 and agreement.tone.kappa is not None


def test_no_rubric_example_is_in_the_corpus(
    dev: list[CalibrationCase], test_split: list[CalibrationCase]
) -> None:
    rubric = load_rubric(EVALS_DIR.parent / "rubrics" / "staff-turn.yaml")
    examples = {e.lower() for d in rubric.dimensions for level in d.levels for e in level.examples}
    examples |= {e.lower() for f in rubric.flags for e in f.examples}
    # a bare "No." or "What's happened?" is everyone's line, not a copy of the rubric's
    sentences = {e for e in examples if len(e.split()) >= 4}
    assert not sentences & {c.staff.lower() for c in [*dev, *test_split]}


def test_the_shipped_scorer_was_trained_on_this_dev_split(dev: list[CalibrationCase]) -> None:
    personas = load_personas(RESOURCES / "personas")
    rated = load_rated_lines(FOLDER / "care-plan-lines.jsonl", personas)
    assert packaged_scorer().meta.corpus_sha256 == _hash(dev_examples(dev, personas, rated))


# Rounds six, seven, m9 and o1 (calibration README, "Harm in kind words", "Promises to act and things put
# off", "Mockery and minimising" and "Yes, offers and something else instead"): labelled and adjudicated,
# not yet in dev, so the shipped scorer has never been fitted to them.
HELD_BACK = {"round-six": 300, "round-seven": 300, "round-m9": 300, "round-o1": 299}


@pytest.mark.parametrize("name", sorted(HELD_BACK))
def test_the_held_back_rounds_are_labelled_twice_and_kept_out_of_training(
    name: str, dev: list[CalibrationCase], test_split: list[CalibrationCase]
) -> None:
    held = load_cases(FOLDER / f"{name}.jsonl")
    pairs = {p.id: p for p in load_raters(FOLDER / f"{name}-raters.jsonl")}
    assert len(held) == HELD_BACK[name] and set(pairs) == {c.id for c in held}
    assert not {c.id for c in held} & {c.id for c in [*dev, *test_split]}
    for case in held:
        pair = pairs[case.id]
        assert case.split == pair.split == "dev"
        for key in LABEL_KEYS:
            if getattr(pair.a, key) == getattr(pair.b, key):
                assert getattr(case.labels, key) == getattr(pair.a, key), (case.id, key)
            else:
                assert key in pair.adjudicated, (case.id, key)


@pytest.mark.parametrize("name", ["round-m9", "round-o1"])
def test_the_held_back_plan_lines_name_lines_of_the_plans_for_every_turn_against_one(name: str) -> None:
    personas = load_personas(RESOURCES / "personas")
    held = load_cases(FOLDER / f"{name}.jsonl")
    rated = load_rated_lines(FOLDER / f"{name}-care-plan-lines.jsonl", personas)
    assert set(rated) == {c.id for c in held if c.persona and "against_care_plan" in c.labels.flags}
    # each turn against a plan has a line from a rater who flagged it
    assert all(r.rater_a or r.rater_b for r in rated.values())


# The shipped grader on each held-back round when the round was labelled (the calibration README's
# sections), rounded down to 0.05: a change that reads these turns worse than the grader that never met
# them fails; the tables print with -s.
HELD_BACK_FLOORS = {
    "round-six": {"tone": 0.60, "escalation_risk": 0.80},
    "round-seven": {"tone": 0.70, "escalation_risk": 0.75},
    "round-m9": {"tone": 0.80, "escalation_risk": 0.80},
    "round-o1": {"tone": 0.75, "escalation_risk": 0.80, "refusal": 0.55},
}


@pytest.mark.parametrize("name", sorted(HELD_BACK))
def test_the_shipped_grader_reads_the_held_back_rounds_no_worse_than_when_they_were_labelled(
    name: str,
) -> None:
    from coach.grading.offline import OfflineGrader

    held = load_cases(FOLDER / f"{name}.jsonl")
    grader = OfflineGrader(
        load_rubric(RESOURCES / "rubrics" / "staff-turn.yaml"), load_personas(RESOURCES / "personas")
    )
    found = agreement(held, [grader.grade(case_context(c)) for c in held])
    print(f"\n== offline grader vs labels: {name} (held out of training) ==\n{found.table()}")
    for key, floor in HELD_BACK_FLOORS[name].items():
        assert getattr(found, key).kappa >= floor, (name, key)
