"""`coach eval --backend llm` end to end against the loopback OpenAI server: the LLM patient plays the
persona suites, the LLM grader grades them and a small calibration subset, and the report records it.

The server's responder plays a model that answers the patient's prompt in character and grades a staff
turn as the expert labelled it (calibration turns) or as the offline grader does (everything else)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coach.cli import app
from coach.config import RESOURCES, get_settings
from coach.datafiles import read_yaml
from coach.evaluation.calibration import agreement
from coach.evaluation.suites import CalibrationSuite
from coach.fakeopenai import FakeOpenAI, Fault, FaultKind, Json, RecordedRequest, Scripted, Text
from coach.grading.corpus import CalibrationCase, case_context, load_cases
from coach.grading.llm import LLMGradeOutput, merge_with_floor
from coach.grading.offline import OfflineGrader
from coach.models import Grade, GradingContext
from coach.personas import load_personas
from coach.rubric_models import Rubric
from coach.rubrics import load_rubric
from coach.stance import Stance
from coach.structured_output import PROBE_PROMPT

pytest_plugins = ["llm_fixtures"]

CALIBRATION = RESOURCES / "evals" / "calibration"
PATIENT_LINE = (
    "Nobody tells me anything in here. Why should I trust you?\n[cues: arms folded; looks at the door]"
)
STAFF_BLOCK = re.compile(r"<staff_turn>\n(.*)\n</staff_turn>\nStance: (.*)$", re.DOTALL)


class ModelStandIn:
    """A responder for the fake server: in-character text for the patient, sensible grades for the grader."""

    def __init__(self) -> None:
        settings = get_settings()
        self.grader = OfflineGrader(
            load_rubric(settings.rubrics_dir / "staff-turn.yaml"), load_personas(settings.personas_dir)
        )
        cases = [*load_cases(CALIBRATION / "dev.jsonl"), *load_cases(CALIBRATION / "test.jsonl")]
        self.labels = {case.staff: case.labels for case in cases}

    def __call__(self, request: RecordedRequest) -> Scripted:
        if request.structured is None:
            return Text(content=PATIENT_LINE)
        if PROBE_PROMPT in request.text():
            return Json(data={"ok": True})
        staff, stance = STAFF_BLOCK.search(request.messages[-1]["content"]).groups()  # type: ignore[union-attr]
        labels = self.labels.get(staff)
        if labels is not None:
            scores = {k: getattr(labels, k) for k in ("tone", "no_brevity", "options", "escalation_risk")}
            refusal, flags = labels.refusal, list(labels.flags)
        else:
            grade = self.grader.grade(GradingContext(staff=staff, stance=_stance(stance)))
            scores, refusal, flags = grade.scores.model_dump(), grade.refusal, [str(f) for f in grade.flags]
        return Json(
            data={
                "evidence": [{"key": "tone", "quote": staff[:40], "why": "stand-in model"}],
                "refusal": refusal,
                "scores": scores,
                "extra": [],
                "flags": flags,
                "meets_need": False,
                "suggestion": None,
            }
        )


def _stance(text: str) -> Stance:
    if text == "not recorded":
        return Stance()
    fields = dict(part.split("=", 1) for part in text.split(", "))
    if "actions" in fields:
        fields["actions"] = fields["actions"].split(",")  # type: ignore[assignment]
    return Stance.model_validate(fields)


@pytest.fixture
def llm_env(fake_openai: FakeOpenAI, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeOpenAI]:
    """The environment a developer sets to point coach at the loopback server."""
    fake_openai.responder = ModelStandIn()
    for name, value in {
        "COACH_OPENAI_BASE_URL": fake_openai.base_url,
        "OPENAI_API_KEY": "test-key",
        "COACH_PATIENT_MODEL": "openai:fake-patient",
        "COACH_GRADER_MODEL": "openai:fake-grader",
        "COACH_REQUEST_TIMEOUT": "5",
    }.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    yield fake_openai
    fake_openai.responder = None
    get_settings.cache_clear()


def small_calibration_suite(tmp_path: Path, per_split: int) -> Path:
    suite = tmp_path / "calibration-subset.yaml"
    suite.write_text(
        "kind: calibration\n"
        "title: A small subset for the LLM path\n"
        f"cases: [{CALIBRATION / 'dev.jsonl'}, {CALIBRATION / 'test.jsonl'}]\n"
        f"limit: {per_split}\n"
        "thresholds:\n"
        "  llm: {kappa: {tone: 0.6, options: 0.6, escalation_risk: 0.6, refusal: 0.6}}\n",
        encoding="utf-8",
    )
    return suite


@pytest.mark.slow
def test_llm_suites_run_end_to_end_on_the_loopback_server(llm_env: FakeOpenAI, tmp_path: Path) -> None:
    suites = ["personas/fearful", "personas/refused-request", "robustness/patient"]
    subset = small_calibration_suite(tmp_path, per_split=8)
    args = ["eval", *suites, str(subset), "--backend", "llm", "--repeat", "2", "--concurrency", "8"]

    result = CliRunner().invoke(app, [*args, "--report", str(tmp_path / "out")])

    # The stand-in patient says one line whatever happens, so persona outcomes are not what this checks
    # (since the learned grader reads the patient's line, some scenes no longer settle with it): the run
    # must complete, report every case twice, and gate calibration on the model's grades.
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert report["backend"] == "llm" and report["repeat"] == 2
    assert report["models"] == {"patient": "llm:fake-patient", "grader": "llm:fake-grader"}
    cases = [c for s in report["suites"] for c in s["cases"]]
    steps = [step for c in cases for a in c["attempts"] for step in (a["transcript"] or {}).get("steps", [])]
    assert all(len(c["attempts"]) == 2 for c in cases)
    assert steps and {s["source"] for s in steps} == {"llm:fake-patient"}
    assert {s["grader"] for s in steps} == {"llm:fake-grader"}
    assert {s["patient"] for s in steps} == {PATIENT_LINE.split("\n")[0]}
    calibration = next(s for s in report["suites"] if s["kind"] == "calibration")
    assert [(sp["split"], sp["n"]) for sp in calibration["splits"]] == [("dev", 8), ("test", 8)]
    gate = next(sp for sp in calibration["splits"] if sp["gate"])
    assert all(k["kappa"] is not None and k["passed"] for k in gate["keys"] if k["threshold"] is not None)
    grader_calls = [r for r in llm_env.requests if r.structured is not None]
    assert len(grader_calls) >= 2 * 16  # every calibration turn graded by the model, in both runs


def test_a_missing_key_is_a_usage_error(fake_openai: FakeOpenAI, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("COACH_OPENAI_API_KEY", raising=False)
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, ["eval", "personas/fearful", "--backend", "llm"])
    finally:
        get_settings.cache_clear()

    assert result.exit_code == 2
    assert "OPENAI_API_KEY" in result.stderr and "Traceback" not in result.output


# --------------------------------------------------------------------------- the three failures of issue 12


def dev_only_calibration_suite(tmp_path: Path, n: int) -> Path:
    suite = tmp_path / "calibration-dev.yaml"
    suite.write_text(
        "kind: calibration\n"
        "title: dev turns only\n"
        f"cases: [{CALIBRATION / 'dev.jsonl'}]\n"
        "splits: [dev]\ngate: dev\n"
        f"limit: {n}\n"
        "thresholds:\n"
        "  llm: {kappa: {tone: 0.1}}\n",
        encoding="utf-8",
    )
    return suite


def test_a_run_whose_grades_are_all_fallbacks_fails_as_not_measured(
    llm_env: FakeOpenAI, tmp_path: Path
) -> None:
    """Before: every grader request rejected, calibration passed on the offline grader's figures."""
    llm_env.responder = lambda req: Fault(kind=FaultKind.bad_request) if req.structured else None
    suite = dev_only_calibration_suite(tmp_path, 12)
    result = CliRunner().invoke(
        app, ["eval", str(suite), "--backend", "llm", "--report", str(tmp_path / "out")]
    )
    assert result.exit_code == 1, result.output
    assert "not measured" in result.output
    [report] = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))["suites"]
    assert report["fallback_rate"] == 1.0 and report["measured"] is False and report["passed"] is False


def test_a_patient_that_breaks_character_fails_robustness_on_its_first_drafts(
    llm_env: FakeOpenAI, tmp_path: Path
) -> None:
    """Before: every reply "As an AI..." and robustness/patient passed 100% (checked after the guards)."""
    stand_in = llm_env.responder
    llm_env.responder = lambda req: (
        Text(content="As an AI language model, I can't play this part.")
        if req.structured is None
        else stand_in(req)
    )
    result = CliRunner().invoke(
        app, ["eval", "robustness/patient", "--backend", "llm", "--report", str(tmp_path / "out")]
    )
    assert result.exit_code == 1, result.output
    [report] = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))["suites"]
    assert report["pass_rate"] < 0.5
    assert report["redraft_rate"] == 1.0 and report["fallback_rate"] > 0.05
    assert "not measured" in result.output


@pytest.fixture(scope="module")
def dev_floor() -> tuple[Rubric, list[CalibrationCase], list[Grade]]:
    """Every eighth dev turn and its offline grade (the floor), graded once for both constants."""
    settings = get_settings()
    rubric = load_rubric(settings.rubrics_dir / "staff-turn.yaml")
    floor_grader = OfflineGrader(rubric, load_personas(settings.personas_dir))
    cases = load_cases(CALIBRATION / "dev.jsonl")[::8]
    return rubric, cases, [floor_grader.grade(case_context(c)) for c in cases]


def test_replies_shown_with_the_principle_check_failed_open_are_counted(
    llm_env: FakeOpenAI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COACH_PRINCIPLE_CHECK", "true")
    get_settings.cache_clear()
    stand_in = llm_env.responder
    llm_env.responder = lambda req: (
        Fault(kind=FaultKind.bad_request) if "<draft>" in req.text() else stand_in(req)
    )
    result = CliRunner().invoke(
        app, ["eval", "robustness/patient", "--backend", "llm", "--report", str(tmp_path / "out")]
    )
    [report] = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))["suites"]
    assert report["model_replies"] > 0, result.output
    assert report["unchecked"] == report["model_replies"], "every reply was shown with the check failed open"
    assert report["fallback_rate"] == 0.0


@pytest.mark.slow  # grades every eighth dev turn (about 570)
@pytest.mark.parametrize(
    "constant",
    [
        {"tone": 4, "no_brevity": None, "options": 1, "escalation_risk": 2},
        {"tone": 3, "no_brevity": None, "options": 0, "escalation_risk": 3},
    ],
    ids=["warm-constant", "neutral-constant"],
)
def test_a_constant_grade_on_the_offline_floor_fails_the_llm_thresholds(
    constant: dict[str, object], dev_floor: tuple[Rubric, list[CalibrationCase], list[Grade]]
) -> None:
    """Before: a model returning one grade reached tone and risk kappa 0.37 from the floor alone, close to
    the provisional thresholds. Measured here on dev turns (the test split is not read outside the gate)."""
    rubric, cases, floors = dev_floor
    out = LLMGradeOutput(
        evidence=[], refusal=False, scores=constant, extra=[], flags=[], meets_need=False, suggestion=None
    )
    grades = [merge_with_floor(out, floor, rubric, "constant") for floor in floors]
    reached = agreement(cases, grades)
    suite = CalibrationSuite.model_validate(read_yaml(CALIBRATION / "staff-turns.yaml"))
    bar = suite.thresholds["llm"].kappa
    print({key: round(getattr(reached, key).kappa or 0.0, 3) for key in bar})
    for key, threshold in bar.items():
        kappa = getattr(reached, key).kappa or 0.0
        assert kappa < threshold, f"{key}: a constant grade reaches {kappa:.2f}, the bar is {threshold}"
