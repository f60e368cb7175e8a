"""The eval report: JSON that reads back, an HTML page that escapes every text, and comparing two runs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from coach.datafiles import DataFileError
from coach.evaluation.compare import compare
from coach.evaluation.report import read_report, render_html, write_report
from coach.evaluation.results import (
    Attempt,
    CaseResult,
    Check,
    EvalReport,
    KeyResult,
    SplitResult,
    Step,
    SuiteResult,
    Transcript,
)
from coach.models import Band, Scores

HOSTILE = "<script>alert('x')</script><img src=x onerror=alert(1)>"


def run(passed: bool, staff: str = "Would you like a cup of tea?") -> Attempt:
    step = Step(
        turn=1,
        staff=staff,
        patient=f"reply to {staff}",
        agitation=30,
        band=Band.agitated,
        scores=Scores(tone=4, options=1, escalation_risk=2),
        refusal=False,
        grader="offline",
    )
    transcript = Transcript(persona="fearful", opening="Hello?", start=45, steps=[step], final=30, peak=45)
    check = Check(name="final_below", passed=passed, detail="30 (expected < 25)")
    return Attempt(passed=passed, checks=[check], transcript=transcript, seconds=0.01)


def case(case_id: str, *passes: bool, about: str = "a case", staff: str = "Tea?") -> CaseResult:
    return CaseResult(
        id=case_id,
        suite="personas/fearful",
        label="good",
        about=about,
        persona="fearful",
        attempts=[run(p, staff) for p in passes],
    )


def calibration(kappa: float, threshold: float = 0.5) -> SuiteResult:
    key = KeyResult(
        key="tone",
        n=4,
        kappa=kappa,
        kappa_low=kappa,
        kappa_high=kappa,
        threshold=threshold,
        passed=kappa >= threshold,
        labels=[1, 2],
        confusion=[[2, 0], [1, 1]],
    )
    split = SplitResult(split="holdout", n=4, gate=True, keys=[key])
    return SuiteResult(
        name="calibration/staff-turns",
        kind="calibration",
        title="c",
        path="c.yaml",
        splits=[split],
        seconds=0,
    )


def personas(*cases: CaseResult, name: str = "personas/fearful") -> SuiteResult:
    return SuiteResult(
        name=name, kind="personas", title="p", path="p.yaml", cases=list(cases), min_pass_rate=1.0, seconds=0
    )


def test_json_reads_back_the_same(tmp_path: Path) -> None:
    report = EvalReport(
        backend="offline",
        repeat=2,
        concurrency=4,
        suites=[personas(case("a", True, False)), calibration(0.6)],
    )

    json_path, html_path = write_report(report, tmp_path / "out")

    assert html_path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    again = read_report(json_path)
    assert again == report
    assert (again.passed, again.suites[0].cases[0].status) == (False, "flaky")


def test_a_file_that_is_not_a_report_is_a_data_file_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"backend": "offline"}', encoding="utf-8")
    with pytest.raises(DataFileError, match=r"bad.json: field 'repeat': is not a coach eval report"):
        read_report(bad)
    with pytest.raises(DataFileError, match="cannot be read"):
        read_report(tmp_path / "missing.json")


def test_every_text_in_the_page_is_escaped() -> None:
    hostile = case("x", False, about=HOSTILE, staff=HOSTILE)
    report = EvalReport(backend="offline", repeat=1, concurrency=1, suites=[personas(hostile, name=HOSTILE)])

    page = render_html(report)

    assert "<script" not in page and "<img" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert page.count("&lt;img src=x onerror=alert(1)&gt;") >= 3  # suite name, about, staff, reply


def test_the_page_shows_verdict_charts_matrices_and_failures() -> None:
    report = EvalReport(
        backend="offline",
        repeat=1,
        concurrency=4,
        suites=[personas(case("good", True), case("bad", False)), calibration(0.4)],
    )

    page = render_html(report)

    assert "<title>coach eval report: FAIL</title>" in page
    assert "1 of 2 cases passed in every run across 2 suites" in page
    assert page.count('class="agitation-chart"') == 2
    assert re.search(r"<table class='confusion' data-key='tone'>.*?<td[^>]*>2</td>", page)
    failures = page[page.index("<h2>Failures</h2>") :]
    assert "personas/fearful bad" in failures and "personas/fearful good" not in failures
    assert "kappa 0.40 is below the threshold 0.50" in failures
    assert "reply to Tea?" in failures  # the failing run's transcript


def test_a_clean_run_says_so() -> None:
    page = render_html(
        EvalReport(backend="offline", repeat=1, concurrency=1, suites=[personas(case("a", True))])
    )
    assert "<title>coach eval report: PASS</title>" in page and "id='no-failures'" in page


def test_compare_names_what_got_better_and_worse() -> None:
    old = EvalReport(
        backend="offline",
        repeat=1,
        concurrency=1,
        suites=[
            personas(case("a", True), case("b", False), case("gone", True)),
            calibration(0.70),
            personas(name="personas/old"),
        ],
    )
    new = EvalReport(
        backend="offline",
        repeat=1,
        concurrency=1,
        suites=[
            personas(case("a", False), case("b", True), case("new", True)),
            calibration(0.6021),
            personas(name="personas/new"),
        ],
    )

    result = compare(old, new)

    assert [c.what for c in result.better] == ["personas/fearful b"]
    assert [c.what for c in result.worse] == [
        "personas/fearful a",
        "calibration/staff-turns holdout tone kappa",
    ]
    assert result.worse[1].new == "0.602 (-0.098)"
    assert result.added == ["personas/fearful new", "personas/new"]
    assert result.removed == ["personas/fearful gone", "personas/old"]
    text = result.render()
    assert "Better (1):\n  personas/fearful b: fail (0%) -> pass (100%)" in text
    assert "Worse (2):" in text and "Only in the old report: personas/fearful gone, personas/old" in text


def test_compare_ignores_rounding_noise_and_counts_the_unchanged() -> None:
    old = EvalReport(
        backend="offline", repeat=1, concurrency=1, suites=[personas(case("a", True)), calibration(0.600)]
    )
    new = EvalReport(
        backend="llm", repeat=1, concurrency=1, suites=[personas(case("a", True)), calibration(0.603)]
    )

    result = compare(old, new)

    assert (result.better, result.worse, result.unchanged) == ([], [], 3)  # pass rate, case a, tone kappa
    assert "Better (0):\n  nothing" in result.render()


def test_grade_changes_measure_how_grades_spread_over_repeats() -> None:
    steady = case("steady", True, True, True)
    wobbly = case("wobbly", True, True)
    assert wobbly.attempts[1].transcript is not None
    wobbly.attempts[1].transcript.steps[0].scores = Scores(tone=5, options=1, escalation_risk=1)

    assert (steady.grade_changes, wobbly.grade_changes, case("once", True).grade_changes) == (0.0, 1.0, None)
