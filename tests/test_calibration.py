"""The grader-calibration corpus: its loader, the real labelled files, agreement maths, and the offline
grader's agreement with the labels on the frozen test split (run with -s to see the tables)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import get_args

import pytest

from coach.config import RESOURCES, get_settings
from coach.datafiles import DataFileError
from coach.evaluation.calibration import SCALES, agreement
from coach.grading.corpus import CalibrationCase, PersonaId, case_context, load_cases
from coach.models import Flag, Grade, Scores
from coach.personas import load_personas
from coach.rubrics import load_rubric
from coach.stance import Action, Stance

CORPUS = RESOURCES / "evals" / "calibration"
# scikit-learn is imported by the two tests that compare with it: every pytest-xdist worker imports every
# test module to collect it, and scikit-learn costs about 1.5 CPU s to import.


def _case(**overrides: object) -> dict:
    """A valid case as the file holds it; `labels` overrides merge into the default labels."""
    labels = {
        "tone": 4,
        "refusal": False,
        "no_brevity": None,
        "options": 1,
        "escalation_risk": 2,
        "flags": [],
    }
    labels.update(overrides.pop("labels", {}))  # type: ignore[arg-type]
    case = {
        "id": "t-1",
        "split": "dev",
        "persona": "fearful",
        "patient": "Can I ring my mum?",
        "staff": "Phones are off till eight, sorry. Would a cup of tea help?",
        "labels": labels,
        "tags": [],
        "note": "test case",
    }
    case.update(overrides)
    return case


def _write(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "cases.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# --------------------------------------------------------------------------- loader


def test_good_file_loads_skipping_blank_and_comment_lines(tmp_path: Path) -> None:
    refusal = _case(
        id="t-2",
        split="test",
        persona="paranoid",
        stance={"distance": "close", "voice": "raised", "actions": ["step_back"]},
        agitation=62,
        labels={"refusal": True, "no_brevity": 2, "flags": ["crowding", "shouting"]},
    )
    path = _write(tmp_path, ["# a header comment", json.dumps(_case()), "", "   ", json.dumps(refusal)])

    first, second = load_cases(path)

    assert (first.id, second.id) == ("t-1", "t-2")
    assert second.labels.flags == [Flag.crowding, Flag.shouting]
    assert second.stance is not None and second.stance.actions == [Action.step_back]
    ctx = case_context(second)
    assert (ctx.persona_id, ctx.agitation, ctx.patient, ctx.staff) == (
        "paranoid",
        62,
        second.patient,
        second.staff,
    )
    assert ctx.stance == second.stance
    assert case_context(first).stance == Stance() and case_context(first).agitation is None


def _without_staff() -> dict:
    case = _case()
    del case["staff"]
    return case


MALFORMED = {
    "bad JSON": ('{"id": "t-9", "split": ', None),
    "not an object": ("[1, 2, 3]", None),
    "missing field": (json.dumps(_without_staff()), "staff"),
    "tone out of range": (json.dumps(_case(labels={"tone": 6})), "labels.tone"),
    "options out of range": (json.dumps(_case(labels={"options": 4})), "labels.options"),
    "score as a string": (json.dumps(_case(labels={"escalation_risk": "3"})), "labels.escalation_risk"),
    "no_brevity without refusal": (json.dumps(_case(labels={"no_brevity": 3})), "labels.no_brevity"),
    "refusal without no_brevity": (json.dumps(_case(labels={"refusal": True})), "labels.no_brevity"),
    "unknown flag": (json.dumps(_case(labels={"flags": ["rude"]})), "labels.flags[0]"),
    "unknown persona": (json.dumps(_case(persona="angry")), "persona"),
    "unknown split": (json.dumps(_case(split="train")), "split"),
    "agitation out of range": (json.dumps(_case(agitation=140)), "agitation"),
    "unknown key": (json.dumps(_case(lables={})), "lables"),
    "no scene": (json.dumps(_case(persona=None)), None),
}


@pytest.mark.parametrize("kind", list(MALFORMED))
def test_malformed_line_names_file_line_and_field(tmp_path: Path, kind: str) -> None:
    bad_line, field = MALFORMED[kind]
    path = _write(tmp_path, [json.dumps(_case(id="t-0")), "# comment", bad_line])

    with pytest.raises(DataFileError) as caught:
        load_cases(path)

    message = str(caught.value)
    assert str(path) in message
    assert "line 3" in message
    if field is not None:
        assert f"field '{field}'" in message
        assert caught.value.field == field


def test_duplicate_id_names_both_lines(tmp_path: Path) -> None:
    path = _write(tmp_path, [json.dumps(_case()), json.dumps(_case(staff="Something else."))])

    with pytest.raises(DataFileError, match=r"line 2: field 'id': duplicate id 't-1' \(first on line 1\)"):
        load_cases(path)


def test_missing_and_empty_files_fail_loudly(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="file not found"):
        load_cases(tmp_path / "nope.jsonl")
    with pytest.raises(DataFileError, match="holds no cases"):
        load_cases(_write(tmp_path, ["# only a comment"]))


# --------------------------------------------------------------------------- the real set


@pytest.fixture(scope="module")
def real_cases() -> list[CalibrationCase]:
    return [*load_cases(CORPUS / "dev.jsonl"), *load_cases(CORPUS / "test.jsonl")]


def test_real_set_covers_every_persona_and_other_scenes(real_cases: list[CalibrationCase]) -> None:
    for split in ("dev", "test"):
        seen = {c.persona for c in real_cases if c.split == split}
        assert seen == {*get_args(PersonaId), None}
        assert all(c.context for c in real_cases if c.persona is None)
    per_persona = Counter(c.persona for c in real_cases if c.split == "test")
    assert min(per_persona.values()) >= 30, per_persona


@pytest.mark.parametrize("split", ["dev", "test"])
def test_real_set_uses_every_level_of_every_key_in_each_split(
    real_cases: list[CalibrationCase], split: str
) -> None:
    labels = [c.labels for c in real_cases if c.split == split]
    for key, scale in SCALES.items():
        used = {getattr(lab, key) for lab in labels} - {None}
        assert used == set(scale), f"{split} {key}: {sorted(used)}"
    assert {lab.refusal for lab in labels} == {True, False}


def test_real_set_has_refusals_and_every_flag(real_cases: list[CalibrationCase]) -> None:
    test = [c for c in real_cases if c.split == "test"]
    assert sum(c.labels.refusal for c in test) >= 150
    flag_counts = Counter(f for c in test for f in c.labels.flags)
    assert {f: flag_counts[f] for f in Flag if flag_counts[f] < 3} == {}


# --------------------------------------------------------------------------- agreement maths


def _labelled(
    tone: int = 3,
    options: int = 0,
    risk: int = 3,
    refusal: bool = False,
    brevity: int | None = None,
    flags: Sequence[Flag] = (),
) -> CalibrationCase:
    return CalibrationCase.model_validate(
        _case(
            labels={
                "tone": tone,
                "options": options,
                "escalation_risk": risk,
                "refusal": refusal,
                "no_brevity": brevity,
                "flags": list(flags),
            }
        )
    )


def _grade(
    tone: int = 3,
    options: int = 0,
    risk: int = 3,
    refusal: bool = False,
    brevity: int | None = None,
    flags: Sequence[Flag] = (),
) -> Grade:
    scores = Scores(tone=tone, options=options, escalation_risk=risk, no_brevity=brevity)
    return Grade(scores=scores, refusal=refusal, flags=list(flags), grader="test")


def _echo(case: CalibrationCase) -> Grade:
    lab = case.labels
    return _grade(lab.tone, lab.options, lab.escalation_risk, lab.refusal, lab.no_brevity, lab.flags)


def test_perfect_agreement_scores_one_everywhere(real_cases: list[CalibrationCase]) -> None:
    result = agreement(real_cases, [_echo(c) for c in real_cases])

    for key in result.per_key():
        assert (key.kappa, key.exact, key.degenerate) == (1.0, 1.0, False), key
    assert result.no_brevity.n == sum(c.labels.refusal for c in real_cases)
    assert all(f.precision == 1.0 and f.recall == 1.0 for f in result.flags)


def test_quadratic_kappa_matches_a_hand_computation() -> None:
    # Labels 1,1,5,5 graded 1,5,5,5. Observed disagreement: one case in cell (1,5), weight 1 after
    # normalising (5-1)^2/16. Expected under independence: rows {1:2, 5:2}, columns {1:1, 5:3}, so
    # E(1,5) = 2*3/4 = 1.5 and E(5,1) = 2*1/4 = 0.5, weighted sum 2.0. Kappa = 1 - 1/2 = 0.5.
    from sklearn.metrics import cohen_kappa_score

    cases = [_labelled(tone=t) for t in (1, 1, 5, 5)]
    grades = [_grade(tone=t) for t in (1, 5, 5, 5)]

    result = agreement(cases, grades)

    assert result.tone.kappa == pytest.approx(0.5)
    assert result.tone.kappa == pytest.approx(
        cohen_kappa_score([1, 1, 5, 5], [1, 5, 5, 5], weights="quadratic", labels=[1, 2, 3, 4, 5])
    )
    assert result.tone.exact == 0.75


def test_quadratic_kappa_weighs_distance_on_the_full_scale() -> None:
    from sklearn.metrics import cohen_kappa_score

    truth, graded = [1, 2, 2, 5, 5], [2, 2, 5, 5, 1]
    cases = [_labelled(risk=t) for t in truth]
    grades = [_grade(risk=g) for g in graded]

    kappa = agreement(cases, grades).escalation_risk.kappa

    full_scale = cohen_kappa_score(truth, graded, weights="quadratic", labels=[1, 2, 3, 4, 5])
    used_classes_only = cohen_kappa_score(truth, graded, weights="quadratic")
    assert kappa == pytest.approx(full_scale)
    assert kappa != pytest.approx(used_classes_only)


def test_refusal_uses_plain_kappa_and_brevity_only_where_both_refuse() -> None:
    # Refusal labels T,T,F,F graded T,F,F,F: observed 3/4; chance 0.5*0.25 + 0.5*0.75 = 0.5;
    # kappa = (0.75 - 0.5) / (1 - 0.5) = 0.5.
    cases = [
        _labelled(refusal=True, brevity=5),
        _labelled(refusal=True, brevity=2),
        _labelled(),
        _labelled(),
    ]
    grades = [_grade(refusal=True, brevity=4), _grade(), _grade(), _grade()]

    result = agreement(cases, grades)

    assert result.refusal.kappa == pytest.approx(0.5)
    assert result.refusal.exact == 0.75
    assert result.refusal.weights == "none"
    assert result.no_brevity.n == 1
    assert result.no_brevity.exact == 0.0


def test_flag_precision_and_recall() -> None:
    cases = [
        _labelled(flags=[Flag.threat]),
        _labelled(flags=[Flag.threat, Flag.mockery]),
        _labelled(flags=[Flag.mockery]),
        _labelled(),
    ]
    grades = [
        _grade(flags=[Flag.threat]),
        _grade(flags=[Flag.containment_threat]),
        _grade(flags=[Flag.threat, Flag.mockery]),
        _grade(flags=[Flag.threat]),
    ]

    flags = {f.flag: f for f in agreement(cases, grades).flags}

    threat = flags[Flag.threat]
    assert (threat.labelled, threat.predicted, threat.true_positive) == (2, 3, 1)
    assert (threat.precision, threat.recall) == (pytest.approx(1 / 3), 0.5)
    assert (flags[Flag.mockery].precision, flags[Flag.mockery].recall) == (1.0, 0.5)
    assert (flags[Flag.containment_threat].precision, flags[Flag.containment_threat].recall) == (0.0, None)
    assert (flags[Flag.jargon].precision, flags[Flag.jargon].recall) == (None, None)


def test_single_class_keys_do_not_crash_and_say_so() -> None:
    cases = [_labelled(tone=3, options=0), _labelled(tone=3, options=0)]
    grades = [_grade(tone=4, options=0), _grade(tone=4, options=0)]

    result = agreement(cases, grades)

    assert (result.options.kappa, result.options.degenerate) == (1.0, True)
    assert (result.tone.kappa, result.tone.degenerate) == (0.0, True)
    assert (result.no_brevity.n, result.no_brevity.kappa) == (0, None)
    table = result.table()
    assert "single class on both sides" in table
    assert all(name in table for name in ("tone", "no_brevity", "options", "escalation_risk", "refusal"))
    assert all(flag.value in table for flag in Flag)


def test_cases_and_grades_must_pair_up() -> None:
    with pytest.raises(ValueError, match="2 cases but 1 grades"):
        agreement([_labelled(), _labelled()], [_grade()])


# --------------------------------------------------------------------------- the offline grader


@pytest.mark.slow
def test_offline_grader_agreement_on_the_frozen_test_split(real_cases: list[CalibrationCase]) -> None:
    # imported here so the rest of this file runs before the offline grader exists
    from coach.evaluation.calibration import load_raters, rater_agreement
    from coach.evaluation.suites import load_suite
    from coach.grading.offline import OfflineGrader

    settings = get_settings()
    grader = OfflineGrader(
        load_rubric(settings.rubrics_dir / "staff-turn.yaml"), load_personas(settings.personas_dir)
    )
    test = [c for c in real_cases if c.split == "test"]
    found = agreement(test, [grader.grade(case_context(c)) for c in test])
    ceiling = rater_agreement(load_raters(CORPUS / "raters.jsonl"), "test")
    print(f"\n== offline grader vs labels: test split ==\n{found.table()}")
    print(f"\n== rater A vs rater B: test split (the ceiling) ==\n{ceiling.table()}")
    cv = grader.scorer.meta.cross_validated
    print("\n== dev, 5-fold cross-validated when trained ==")
    for key in ("tone", "no_brevity", "options", "escalation_risk", "refusal"):
        print(
            f"{key:<16}{cv[key].kappa:>8.3f}  exact {cv[key].exact:.3f}"
            + (f"  F1 {cv[key].f1:.3f}" if cv[key].f1 else "")
        )

    # The floors are the calibration suite's own offline thresholds, so the test and `coach eval` agree.
    gate = load_suite(CORPUS / "staff-turns.yaml").spec.thresholds["offline"]
    kappas = {k.key: k.kappa for k in found.per_key()}
    for key, floor in gate.kappa.items():
        assert kappas[key] is not None and kappas[key] >= floor, (key, kappas[key], floor)
    assert gate.refusal_f1 is None or (found.refusal_f1 or 0) >= gate.refusal_f1
    assert gate.options_exact is None or (found.options.exact or 0) >= gate.options_exact
