"""`coach eval` from the command line: every offline suite passes (this is the CI gate), the report opens
in a real browser, thresholds set the exit code, usage errors are one line with exit 2, and --compare."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from coach.cli import app
from coach.evaluation.suites import discover

pytestmark = pytest.mark.slow  # runs every eval suite

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def coach_eval(*args: str) -> Result:
    return CliRunner().invoke(app, ["eval", *args])


@pytest.fixture(scope="module")
def offline_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Result, Path]:
    """Every suite, offline, once for this module: the result and the report folder."""
    folder = tmp_path_factory.mktemp("eval-report")
    return coach_eval("--backend", "offline", "--report", str(folder)), folder


def test_every_offline_suite_passes(offline_run: tuple[Result, Path]) -> None:
    result, folder = offline_run

    assert result.exit_code == 0, result.output
    report = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    assert [s["name"] for s in report["suites"]] == list(discover())
    assert report["passed"] is True and report["backend"] == "offline"
    summary = result.stdout.splitlines()
    assert all(line.startswith("PASS  ") for line in summary[: len(report["suites"])])
    assert summary[-1] == f"report: {folder / 'report.html'} and {folder / 'report.json'}"
    total = sum(len(s["cases"]) or len(s["splits"]) for s in report["suites"])
    assert f"[{total}/{total}] " in result.stderr  # a progress line per finished case


def test_calibration_reports_cross_validated_dev_graded_test_and_the_raters_beside(
    offline_run: tuple[Result, Path],
) -> None:
    _, folder = offline_run
    report = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    calibration = next(s for s in report["suites"] if s["kind"] == "calibration")
    dev, test = calibration["splits"]
    assert (dev["split"], dev["source"], dev["gate"]) == ("dev", "cross-validated", False)
    assert (test["split"], test["source"], test["gate"]) == ("test", "graded", True)
    for split in (dev, test):
        assert all(k["kappa"] is not None and k["raters"] is not None for k in split["keys"])
    assert {m["name"] for m in test["measures"]} == {
        "refusal F1",
        "options exact",
        "share at tone 3 and risk 3",
    }
    assert all(m["value"] is not None and m["reference"] is not None for m in test["measures"])
    assert all(sum(map(sum, k["confusion"])) > 0 for k in test["keys"])


@pytest.mark.e2e
def test_the_report_opens_in_a_browser(offline_run: tuple[Result, Path]) -> None:
    # Imported here: every pytest-xdist worker of `make test-fast` imports this module to collect it.
    from playwright.sync_api import expect, sync_playwright

    result, folder = offline_run
    assert result.exit_code == 0, result.output

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto((folder / "report.html").as_uri())

            assert page.title() == "coach eval report: PASS"
            expect(page.locator("#summary")).to_contain_text("cases passed in every run across")
            expect(page.locator("#suites tr")).to_have_count(len(discover()) + 1)
            chart = page.locator("svg.agitation-chart").first
            expect(chart).to_be_visible()
            assert chart.bounding_box()["width"] > 200  # type: ignore[index]
            expect(chart.locator("polyline.path")).to_have_count(1)
            matrix = page.locator("table.confusion[data-key='escalation_risk']").first
            expect(matrix).to_be_visible()
            expect(matrix.locator("tr")).to_have_count(6)  # a header and one row per level 1-5
            report = json.loads((folder / "report.json").read_text(encoding="utf-8"))
            failing = [c for s in report["suites"] for c in s["cases"] if c["status"] != "pass"]
            # every failing case (within its suite's pass-rate bar) is listed with its findings
            if failing:
                expect(page.locator("#failures h3")).to_have_count(len(failing))
            else:
                expect(page.locator("#no-failures")).to_be_visible()
        finally:
            browser.close()


def test_a_failed_threshold_exits_1_and_still_writes_the_report(tmp_path: Path) -> None:
    suite = tmp_path / "strict.yaml"
    suite.write_text(
        "kind: personas\ntitle: strict\npersona: withdrawn\nthresholds: {offline: {pass_rate: 1.0}}\ncases:\n"
        "  - id: too-much\n    practice: good\n    about: asks for the impossible\n"
        "    turns: ['Would you like a cup of tea?']\n    expect: {final_above: 99}\n",
        encoding="utf-8",
    )

    result = coach_eval(str(suite), "--backend", "offline", "--report", str(tmp_path / "out"))

    assert result.exit_code == 1
    assert "FAIL  strict" in result.stdout and "FAIL: 0/1 cases" in result.stdout
    assert "[1/1] strict too-much: fail" in result.stderr
    assert "final_above" in (tmp_path / "out" / "report.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "args, message",
    [
        (["personas/nobody"], "error: unknown suite 'personas/nobody'; known: personas, calibration"),
        (
            ["--compare", "a.json", "b.json", "personas"],
            "error: --compare reads two reports and runs no suites",
        ),
        (["--compare", "nope.json", "nope.json"], "error: nope.json: cannot be read"),
    ],
)
def test_usage_errors_exit_2_with_one_line(args: list[str], message: str) -> None:
    result = coach_eval(*args, "--backend", "offline") if "--compare" not in args else coach_eval(*args)

    assert result.exit_code == 2
    assert result.stderr.startswith(message) and result.stderr.count("\n") == 1
    assert "Traceback" not in result.output


def test_a_broken_suite_file_exits_2_naming_file_case_and_field(tmp_path: Path) -> None:
    suite = tmp_path / "broken.yaml"
    suite.write_text(
        "kind: robustness\ntitle: t\nthresholds: {offline: {pass_rate: 1.0}}\ncases:\n"
        "  - id: trick\n    target: grader\n    about: a typo\n    persona: fearful\n    staff: Hi.\n"
        "    expect: {flagz: [threat]}\n",
        encoding="utf-8",
    )

    result = coach_eval(str(suite), "--backend", "offline")

    assert result.exit_code == 2
    assert (
        result.stderr
        == f"error: {suite}: case 'trick': field 'expect.flagz': is not a known field (check the spelling)\n"
    )


def test_compare_prints_changes_without_a_backend(offline_run: tuple[Result, Path], tmp_path: Path) -> None:
    _, folder = offline_run
    old = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    worse = json.loads(json.dumps(old))
    fearful = next(s for s in worse["suites"] if s["name"] == "personas/fearful")
    fearful["cases"][0]["attempts"][0]["passed"] = False
    (tmp_path / "new.json").write_text(json.dumps(worse), encoding="utf-8")

    result = coach_eval("--compare", str(folder / "report.json"), str(tmp_path / "new.json"))

    assert result.exit_code == 0, result.output
    assert "Better (0):" in result.stdout
    assert "Worse (2):" in result.stdout
    assert "personas/fearful good-practice: pass (100%) -> fail (0%)" in result.stdout
    runs = [a["passed"] for c in fearful["cases"] for a in c["attempts"]]
    before = f"{(sum(runs) + 1) / len(runs):.0%}"
    assert f"personas/fearful pass rate: {before} -> {sum(runs) / len(runs):.0%}" in result.stdout
