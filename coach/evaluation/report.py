"""Writing an eval report: report.json for machines (the pydantic dump of EvalReport) and report.html,
one self-contained page for people (no scripts, no external files; every text escaped)."""

from __future__ import annotations

from html import escape
from pathlib import Path

from pydantic import ValidationError

from coach.charts import agitation_runs_svg
from coach.datafiles import DataFileError
from coach.evaluation.charts import confusion_table
from coach.evaluation.results import Attempt, CaseResult, EvalReport, SplitResult, SuiteResult, Transcript

JSON_NAME = "report.json"
HTML_NAME = "report.html"

STYLE = """
body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 1200px; padding: 0 1rem;
  color: #1d2630; }
h1 .verdict { padding: .1em .5em; border-radius: .3em; color: #fff; }
.PASS { background: #2e7d4f; } .FAIL { background: #b3261e; }
table { border-collapse: collapse; margin: .5rem 0 1.2rem; }
th, td { border: 1px solid #cfd6de; padding: .25rem .5rem; text-align: left; vertical-align: top; }
th { background: #f1f4f7; }
td.pass { color: #2e7d4f; font-weight: 600; } td.fail { color: #b3261e; font-weight: 600; }
td.flaky { color: #a8741f; font-weight: 600; }
.cards { display: flex; flex-wrap: wrap; gap: 1rem; }
.card { border: 1px solid #cfd6de; border-radius: .4rem; padding: .6rem; width: 380px; }
.card h4 { margin: 0 0 .3rem; }
.confusions { display: flex; flex-wrap: wrap; gap: 1.5rem; }
table.confusion td { text-align: center; min-width: 2.2em; }
.failure { border-left: 4px solid #b3261e; padding-left: 1rem; margin-bottom: 1.5rem; }
.transcript td { max-width: 420px; overflow-wrap: anywhere; }
.muted { color: #5b6670; }
"""


def write_report(report: EvalReport, directory: Path) -> tuple[Path, Path]:
    """Write report.json and report.html into `directory` (created if needed); returns both paths."""
    directory.mkdir(parents=True, exist_ok=True)
    json_path, html_path = directory / JSON_NAME, directory / HTML_NAME
    json_path.write_text(report.model_dump_json(indent=2), encoding="utf-8")
    html_path.write_text(render_html(report), encoding="utf-8")
    return json_path, html_path


def read_report(path: Path) -> EvalReport:
    """A report.json written by `coach eval`; DataFileError when it is missing or not such a report."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        raise DataFileError(path, None, "cannot be read (is it a report.json from coach eval?)") from None
    try:
        return EvalReport.model_validate_json(text)
    except ValidationError as err:
        first = err.errors(include_url=False)[0]
        field = ".".join(str(p) for p in first["loc"]) or None
        raise DataFileError(path, field, f"is not a coach eval report: {first['msg']}") from None


# --------------------------------------------------------------------------- the page


def _verdict(passed: bool) -> str:
    return "PASS" if passed else "FAIL"


def _rate(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


def _num(value: float | None, digits: int = 2) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def render_html(report: EvalReport) -> str:
    """The whole report as one HTML page."""
    verdict = _verdict(report.passed)
    passed, total = report.case_counts()
    summary = (
        f"{passed} of {total} cases passed in every run across {len(report.suites)} suites; "
        f"backend {report.backend}, {report.repeat} run(s) per case, concurrency {report.concurrency}, "
        f"{report.seconds:.1f} s."
    )
    models = ", ".join(f"{role}: {name}" for role, name in report.models.items())
    body = [
        f"<h1>coach eval <span class='verdict {verdict}'>{verdict}</span></h1>",
        f"<p id='summary'>{escape(summary)}</p>",
        f"<p class='muted'>Started {escape(report.started_at.isoformat(timespec='seconds'))}"
        + (f"; models {escape(models)}" if models else "")
        + "</p>",
        _suite_table(report.suites),
        _persona_table(report.persona_rates()),
    ]
    for suite in report.suites:
        body.append(_suite_section(suite))
    body.append(_failures(report.suites))
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>coach eval report: {verdict}</title><style>{STYLE}</style></head>"
        f"<body>{''.join(body)}</body></html>"
    )


def _suite_table(suites: list[SuiteResult]) -> str:
    rows = []
    for s in suites:
        if s.splits:
            gate = next((sp for sp in s.splits if sp.gate), None)
            figure = "; ".join(f"{k.key} {_num(k.kappa)}" for k in gate.keys) if gate else "no gate"
            bar = (
                "; ".join(f"{k.key} >= {k.threshold:g}" for k in gate.keys if k.threshold is not None)
                if gate
                else ""
            )
        else:
            figure = f"{_rate(s.pass_rate)} of {sum(len(c.attempts) for c in s.cases)} runs"
            bar = f">= {s.min_pass_rate:.0%}" if s.min_pass_rate is not None else ""
        status = _verdict(s.passed).lower()
        rows.append(
            f"<tr><td><a href='#{escape(s.name)}'>{escape(s.name)}</a></td><td>{escape(s.kind)}</td>"
            f"<td>{escape(s.title)}</td><td>{escape(figure)}</td>"
            f"<td>{escape(bar or s.threshold_note or '')}</td>"
            f"<td class='{status}'>{status}</td></tr>"
        )
    return (
        "<h2>Suites</h2><table id='suites'><tr><th>suite</th><th>kind</th><th>title</th>"
        f"<th>result (pass rate or kappa)</th><th>threshold</th><th>status</th></tr>{''.join(rows)}</table>"
    )


def _persona_table(rates: dict[str, float]) -> str:
    if not rates:
        return ""
    rows = "".join(f"<tr><td>{escape(p)}</td><td>{_rate(r)}</td></tr>" for p, r in rates.items())
    return (
        "<h2>Pass rate per persona</h2><p class='muted'>Every run of every persona and robustness case.</p>"
        f"<table id='personas'><tr><th>persona</th><th>pass rate</th></tr>{rows}</table>"
    )


def _suite_section(suite: SuiteResult) -> str:
    head = f"<h2 id='{escape(suite.name)}'>{escape(suite.name)}: {escape(suite.title)}</h2>"
    if suite.splits:
        return head + "".join(_split_section(s) for s in suite.splits)
    if suite.kind == "personas":
        return head + "<div class='cards'>" + "".join(_case_card(c) for c in suite.cases) + "</div>"
    return head + _probe_table(suite.cases)


def _split_section(split: SplitResult) -> str:
    gate = " (thresholds apply)" if split.gate else ""
    how = (
        " (cross-validated when the offline scorer was trained on it)"
        if split.source == "cross-validated"
        else ""
    )
    rows = []
    for k in split.keys:
        status = "pass" if k.passed else "fail"
        spread = f" [{_num(k.kappa_low)}-{_num(k.kappa_high)}]" if k.kappa_low != k.kappa_high else ""
        rows.append(
            f"<tr><td>{k.key}</td><td>{k.n}</td><td>{_num(k.kappa)}{spread}</td><td>{_num(k.raters)}</td>"
            f"<td>{_num(k.exact)}</td><td>{_num(k.threshold)}</td><td>{_rate(k.unstable)}</td>"
            f"<td class='{status}'>{status}</td></tr>"
        )
    measures = "".join(
        f"<tr><td>{escape(m.name)}</td><td>{_num(m.value)}</td><td>{_num(m.reference)}</td>"
        f"<td>{('<= ' if m.at_most else '>= ') + _num(m.threshold) if m.threshold is not None else '-'}</td>"
        f"<td class='{'pass' if m.passed else 'fail'}'>{'pass' if m.passed else 'fail'}</td></tr>"
        for m in split.measures
    )
    flags = "".join(
        f"<tr><td>{f.flag.value}</td><td>{f.labelled}</td><td>{f.predicted}</td><td>{f.true_positive}</td>"
        f"<td>{_num(f.precision)}</td><td>{_num(f.recall)}</td></tr>"
        for f in split.flags
    )
    matrices = "".join(confusion_table(k) for k in split.keys if k.confusion)
    return (
        f"<h3>{escape(split.split)} split, {split.n} turns{gate}{how}</h3>"
        "<table class='kappa'><tr><th>key</th><th>n</th><th>kappa (range over runs)</th>"
        "<th>raters' kappa (ceiling)</th><th>exact</th>"
        f"<th>threshold</th><th>changed between runs</th><th>status</th></tr>{''.join(rows)}</table>"
        "<table class='measures'><tr><th>measure</th><th>grader</th><th>raters (labels, for the share)</th>"
        f"<th>threshold</th><th>status</th></tr>{measures}</table>"
        f"<div class='confusions'>{matrices}</div>"
        "<details><summary>Flags: precision and recall</summary><table><tr><th>flag</th><th>labelled</th>"
        f"<th>graded</th><th>hits</th><th>precision</th><th>recall</th></tr>{flags}</table></details>"
    )


def _case_card(case: CaseResult) -> str:
    runs = [a.transcript for a in case.attempts if a.transcript]
    label = f"agitation path of {case.suite} {case.id}"
    spread = ""
    if case.final_agitation and case.peak_agitation:
        f, p = case.final_agitation, case.peak_agitation
        spread = f"final {f.mean:.0f} (range {f.low:.0f}-{f.high:.0f}), peak {p.mean:.0f}"
    if case.grade_changes is not None:
        spread += f"; grades changed between runs on {case.grade_changes:.0%} of turns"
    outcomes = ", ".join(sorted({(t.outcome.value if t.outcome else "none") for t in runs}))
    return (
        f"<div class='card' id='{escape(case.suite)}-{escape(case.id)}'><h4>{escape(case.id)} "
        f"<span class='muted'>({escape(case.label)})</span></h4>"
        f"<table><tr><td class='{case.status}'>{case.status}</td><td>{_rate(case.pass_rate)} of "
        f"{len(case.attempts)} run(s)</td><td>{escape(outcomes)}</td></tr></table>"
        f"{agitation_runs_svg([r.path() for r in runs], label) if runs else ''}"
        f"<p class='muted'>{escape(spread)}</p><p>{escape(case.about)}</p></div>"
    )


def _probe_table(cases: list[CaseResult]) -> str:
    rows = []
    for c in cases:
        checks = "; ".join(f"{ch.name}: {ch.detail}" for ch in c.attempts[0].checks) or (
            c.attempts[0].error or ""
        )
        rows.append(
            f"<tr><td>{escape(c.id)}</td><td>{escape(c.label)}</td><td>{escape(c.persona or '')}</td>"
            f"<td>{escape(c.about)}</td><td class='{c.status}'>{c.status} {_rate(c.pass_rate)}</td>"
            f"<td>{_rate(c.grade_changes)}</td>"
            f"<td>{escape(checks)}</td></tr>"
        )
    return (
        "<table class='probes'><tr><th>case</th><th>target</th><th>persona</th><th>what it tries</th>"
        "<th>status</th><th>grade changed between runs</th><th>checks (first run)</th></tr>"
        f"{''.join(rows)}</table>"
    )


# --------------------------------------------------------------------------- failures


def _failures(suites: list[SuiteResult]) -> str:
    items = []
    for suite in suites:
        for split in suite.splits:
            low = [k for k in split.keys if not k.passed]
            for k in low:
                items.append(
                    f"<div class='failure'><h3>{escape(suite.name)} {escape(split.split)}: {k.key}</h3>"
                    f"<p>kappa {_num(k.kappa)} is below the threshold {_num(k.threshold)}.</p></div>"
                )
        for case in suite.cases:
            failed = [(i, a) for i, a in enumerate(case.attempts, start=1) if not a.passed]
            if failed:
                index, attempt = failed[0]
                items.append(_failure(suite, case, index, attempt, len(failed)))
    if not items:
        return "<h2>Failures</h2><p id='no-failures'>None: every case passed in every run.</p>"
    return f"<h2>Failures</h2><div id='failures'>{''.join(items)}</div>"


def _failure(suite: SuiteResult, case: CaseResult, index: int, attempt: Attempt, count: int) -> str:
    checks = "".join(
        f"<li class='{'pass' if c.passed else 'fail'}'><b>{escape(c.name)}</b> "
        f"{'held' if c.passed else 'FAILED'}: {escape(c.detail)}</li>"
        for c in attempt.checks
    )
    parts = [
        f"<div class='failure'><h3>{escape(suite.name)} {escape(case.id)} "
        f"<span class='muted'>run {index} of {len(case.attempts)}; {count} run(s) failed</span></h3>",
        f"<p>{escape(case.about)}</p><ul>{checks}</ul>",
    ]
    if attempt.error:
        parts.append(f"<p class='fail'>The run stopped: {escape(attempt.error)}</p>")
    if attempt.rejected:
        parts.append(f"<p>The engine rejected the turn: {escape(attempt.rejected)}</p>")
    if attempt.transcript:
        parts.append(_transcript(attempt.transcript, "Transcript"))
    if attempt.baseline:
        parts.append(_transcript(attempt.baseline, "The same turn without the trick"))
    parts.append("</div>")
    return "".join(parts)


def _transcript(run: Transcript, heading: str) -> str:
    rows = [
        f"<tr><td>0</td><td></td><td></td><td>{escape(run.opening)}</td><td>{run.start:.0f}</td>"
        "<td></td><td></td></tr>"
    ]
    for s in run.steps:
        stance = s.stance.model_dump(mode="json", exclude_none=True) if s.stance else {}
        scores = ", ".join(f"{k} {v}" for k, v in s.scores.model_dump().items() if v is not None)
        cues = f" [{'; '.join(s.cues)}]" if s.cues else ""
        rows.append(
            f"<tr><td>{s.turn}</td><td>{escape(s.staff)}</td><td>{escape(str(stance or ''))}</td>"
            f"<td>{escape(s.patient + cues)}</td><td>{s.agitation:.0f} {escape(s.band.value)}</td>"
            f"<td>{escape(scores)}</td><td>{escape(', '.join(s.flags))}</td></tr>"
        )
    outcome = run.outcome.value if run.outcome else "none"
    return (
        f"<h4>{escape(heading)}: {escape(run.persona)}, outcome {escape(outcome)}, final {run.final:.0f}, "
        f"peak {run.peak:.0f}</h4><table class='transcript'><tr><th>turn</th><th>staff</th><th>stance</th>"
        f"<th>patient</th><th>agitation</th><th>scores</th><th>flags</th></tr>{''.join(rows)}</table>"
    )
