"""Exports of a reviewed session and of a cohort: JSON (everything), CSV (one row a turn), a printable HTML
report with the agitation chart as inline SVG, the same report as PDF, and the cohort as CSV.

Every export carries NOTICE. All text (trainee words, persona lines, comments, reasons) is written as
text: HTML-escaped in the report, drawn as plain strings in the PDF, and guarded in CSV against being
read as a spreadsheet formula. An empty session exports cleanly with EMPTY_NOTE in place of turns.
Exports render a Transcript that coach.trainer.review has already checked the viewer may read.
"""

from __future__ import annotations

import csv
import html
import io
import json
from collections.abc import Iterable
from pathlib import Path

from fpdf import FPDF

from coach.charts import agitation_svg
from coach.grading.corpus import CalibrationLabels
from coach.models import SCORE_KEYS, Grade, Speaker, utcnow
from coach.stance import Stance
from coach.summary import KEY_TITLES
from coach.trainer.cohort import CohortReport, SessionPoint, session_point
from coach.trainer.transcript import LABEL_KEYS, Comment, ReviewedTurn, Transcript, labels_of

NOTICE = (
    "Practice record. No real patient identifiers belong in practice sessions, comments or exports: "
    "use invented names and details only."
)
EMPTY_NOTE = "This session has no turns: nothing was said before it was exported."
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FONT_CANDIDATES = (
    (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    ),
    (
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
    ),
)
TURN_COLUMNS = [
    "session_id",
    "trainee",
    "persona_id",
    "turn_no",
    "turn_id",
    "parent_id",
    "branches",
    "on_current_branch",
    "speaker",
    "text",
    "stance",
    "cues",
    "agitation",
    "band",
    "agitation_before",
    "grader",
    *(f"machine_{k}" for k in LABEL_KEYS),
    "suggestion",
    "evidence",
    "grades",
    *(f"trainer_{k}" for k in LABEL_KEYS),
    "override_reason",
    "override_by",
    "comments",
]
COHORT_COLUMNS = [
    "trainee",
    "session_id",
    "started_at",
    "persona_id",
    "outcome",
    "staff_turns",
    *(f"avg_{k}" for k in SCORE_KEYS),
    "flags",
    "peak_agitation",
    "final_agitation",
]


def _label(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(str(getattr(v, "value", v)) for v in value)
    return str(value)


def _labels_row(prefix: str, labels: CalibrationLabels | None) -> dict[str, str]:
    return {f"{prefix}_{k}": _label(getattr(labels, k)) if labels else "" for k in LABEL_KEYS}


def _evidence(grade: Grade) -> str:
    return " | ".join(f"{e.key}: {e.quote} ({e.why})" for e in grade.evidence)


def _turn_label(reviewed: ReviewedTurn) -> str:
    return "Trainee" if reviewed.turn.speaker is Speaker.staff else "Patient"


# --------------------------------------------------------------------------- JSON


def session_json(transcript: Transcript) -> str:
    """Everything about the session as one JSON document, with the notice and summary figures."""
    document: dict[str, object] = {"notice": NOTICE, "exported_at": utcnow().isoformat()}
    if not transcript.turns:
        document["note"] = EMPTY_NOTE
    document["summary"] = session_point(transcript).model_dump(mode="json")
    document["transcript"] = transcript.model_dump(mode="json")
    return json.dumps(document, ensure_ascii=False, indent=2)


# --------------------------------------------------------------------------- CSV


def csv_cell(value: object) -> str:
    """A cell a spreadsheet shows as text: one starting like a formula gets a leading apostrophe."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _csv(notes: Iterable[str], columns: list[str], rows: Iterable[dict[str, object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for note in notes:
        writer.writerow([f"# {note}"])
    writer.writerow(columns)
    for row in rows:
        writer.writerow([csv_cell(row.get(c)) for c in columns])
    return buffer.getvalue()


def _turn_row(transcript: Transcript, number: int, reviewed: ReviewedTurn) -> dict[str, object]:
    turn, session, machine, override = reviewed.turn, transcript.session, reviewed.machine, reviewed.override
    return {
        "session_id": session.id,
        "trainee": session.trainee,
        "persona_id": session.persona_id,
        "turn_no": number,
        "turn_id": turn.id,
        "parent_id": turn.parent_id or "",
        "branches": ";".join(str(b) for b in reviewed.branches),
        "on_current_branch": _label(1 in reviewed.branches),
        "speaker": turn.speaker.value,
        "text": turn.text,
        "stance": (turn.stance or Stance()).describe(),
        "cues": "; ".join(turn.cues),
        "agitation": "" if turn.state is None else f"{turn.state.agitation:.1f}",
        "band": "" if turn.state is None else turn.state.band.value,
        "agitation_before": "" if reviewed.agitation_before is None else f"{reviewed.agitation_before:.1f}",
        "grader": machine.grader if machine else "",
        **_labels_row("machine", None if machine is None else labels_of(machine)),
        "suggestion": (machine.suggestion or "") if machine else "",
        "evidence": _evidence(machine) if machine else "",
        "grades": len(reviewed.grades),
        **_labels_row("trainer", None if override is None else override.labels),
        "override_reason": override.reason if override else "",
        "override_by": override.author if override else "",
        "comments": _comments_cell(reviewed.comments),
    }


def _comments_cell(comments: Iterable[Comment]) -> str:
    return " | ".join(f"{c.author}: {c.text}" for c in comments)


def _session_comment_row(transcript: Transcript, comment: Comment) -> dict[str, object]:
    session = transcript.session
    return {
        "session_id": session.id,
        "trainee": session.trainee,
        "persona_id": session.persona_id,
        "comments": _comments_cell([comment]),
    }


def session_csv(transcript: Transcript) -> str:
    """One row a turn, every branch, then one row a comment on the whole session (no turn or speaker,
    the comment in `comments`); the notice (and the empty note) as leading '#' lines."""
    notes = [NOTICE] + ([EMPTY_NOTE] if not transcript.turns else [])
    rows = [_turn_row(transcript, i, t) for i, t in enumerate(transcript.turns, start=1)]
    rows += [_session_comment_row(transcript, c) for c in transcript.comments]
    return _csv(notes, TURN_COLUMNS, rows)


def _cohort_row(trainee: str, point: SessionPoint) -> dict[str, object]:
    return {
        "trainee": trainee,
        "session_id": point.session_id,
        "started_at": point.started_at.isoformat(),
        "persona_id": point.persona_id,
        "outcome": point.outcome.value if point.outcome else "open",
        "staff_turns": point.staff_turns,
        **{f"avg_{k}": _label(point.averages[k]) for k in SCORE_KEYS},
        "flags": "; ".join(f"{flag} x{n}" for flag, n in point.flags.items()),
        "peak_agitation": _label(point.peak_agitation),
        "final_agitation": _label(point.final_agitation),
    }


def cohort_csv(report: CohortReport) -> str:
    """One row a session, grouped by trainee, oldest first."""
    notes = [NOTICE] + ([] if report.trainees else ["No sessions matched: the cohort is empty."])
    rows = (_cohort_row(p.trainee, s) for p in report.trainees for s in p.sessions)
    return _csv(notes, COHORT_COLUMNS, rows)


# --------------------------------------------------------------------------- the report's content


def _scores_line(labels: CalibrationLabels) -> str:
    parts = [f"tone {labels.tone}", f"refusal {'yes' if labels.refusal else 'no'}"]
    if labels.no_brevity is not None:
        parts.append(f"brevity of no {labels.no_brevity}")
    parts += [f"options {labels.options}", f"escalation risk {labels.escalation_risk}"]
    return " · ".join(parts)


def _flags_line(labels: CalibrationLabels) -> str:
    return ", ".join(labels.flags) or "none"


def _sections(transcript: Transcript) -> list[tuple[str, list[ReviewedTurn]]]:
    """The current branch in full, then each other branch from where it left the ones before."""
    seen: set[str] = set()
    sections = []
    for branch in transcript.branches:
        turns = [transcript.turn(t) for t in branch.turn_ids if t not in seen]
        seen.update(branch.turn_ids)
        title = "Conversation (branch last played)" if branch.current else f"Abandoned branch {branch.number}"
        if turns:
            sections.append((title, turns))
    return sections


def _facts(transcript: Transcript) -> list[tuple[str, str]]:
    s = transcript.session
    point = session_point(transcript)
    facts = [
        ("Trainee", s.trainee),
        ("Persona", s.persona_id),
        ("Started", s.started_at.strftime("%Y-%m-%d %H:%M UTC")),
        ("Ended", s.ended_at.strftime("%Y-%m-%d %H:%M UTC") if s.ended_at else "not ended"),
        ("Outcome", s.outcome.value if s.outcome else "open"),
        ("Backend", s.backend),
        ("Intention", s.intention or "none set"),
        ("Graded staff turns", str(point.staff_turns)),
    ]
    facts += [(f"Average {KEY_TITLES[k]}", _label(point.averages[k]) or "-") for k in SCORE_KEYS]
    facts.append(("Flags", ", ".join(f"{f} x{n}" for f, n in point.flags.items()) or "none"))
    return facts


def _curve(transcript: Transcript) -> list[float]:
    return [t.turn.state.agitation for t in transcript.current_branch() if t.turn.state is not None]


# --------------------------------------------------------------------------- HTML

REPORT_CSS = """
.coach-report{color:#1f2a30;line-height:1.45}
.coach-report h1{font-size:1.5rem}
.coach-report h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ccd}
.coach-report .notice{border:2px solid #b5541c;background:#fff4ec;padding:.6rem .8rem;font-weight:600}
.coach-report dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}
.coach-report dt{font-weight:600}.coach-report dd{margin:0}
.coach-report .turn{border-left:4px solid #9bb;padding:.4rem .8rem;margin:.8rem 0;break-inside:avoid}
.coach-report .turn.staff{border-color:#1d4f5e}.coach-report .who{font-weight:700}
.coach-report .meta{color:#4a5860;font-size:.9rem}
.coach-report .grade,.coach-report .override,.coach-report .comment{margin:.3rem 0 .3rem 1rem;
font-size:.92rem}
.coach-report .override{background:#eef6ee;padding:.3rem .5rem}
.coach-report .comment{background:#f2f2f8;padding:.3rem .5rem}
.coach-report .empty{font-style:italic;padding:1rem;border:1px dashed #889}
.coach-report svg{width:100%;max-width:520px;height:auto}
"""
"""The report's style, scoped to its container so it can sit inside another page (the trainer tab)."""
_PAGE_CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:880px;margin:2rem auto;
padding:0 1rem}
@media print{body{margin:0;max-width:none}.turn{page-break-inside:avoid}}
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _html_grade(grade: Grade) -> str:
    labels = labels_of(grade)
    evidence = "".join(f"<li><b>{_e(e.key)}</b>: “{_e(e.quote)}” {_e(e.why)}</li>" for e in grade.evidence)
    suggestion = f"<div>Suggestion: {_e(grade.suggestion)}</div>" if grade.suggestion else ""
    return (
        f'<div class="grade"><div><b>Grade ({_e(grade.grader)})</b>: {_e(_scores_line(labels))}; '
        f"flags: {_e(_flags_line(labels))}</div>{suggestion}"
        + (f"<ul>{evidence}</ul>" if evidence else "")
        + "</div>"
    )


def _html_turn(reviewed: ReviewedTurn) -> str:
    turn = reviewed.turn
    meta = []
    if turn.speaker is Speaker.staff and (turn.stance or Stance()).describe():
        meta.append(f"stance: {(turn.stance or Stance()).describe()}")
    if turn.cues:
        meta.append(f"cues: {'; '.join(turn.cues)}")
    if turn.state is not None:
        meta.append(f"agitation {turn.state.agitation:.0f} ({turn.state.band.label})")
    parts = [
        f'<div class="turn {turn.speaker.value}"><div class="who">{_e(_turn_label(reviewed))}</div>',
        f"<div>{_e(turn.text)}</div>",
        f'<div class="meta">{_e(" · ".join(meta))}</div>' if meta else "",
        *(_html_grade(g) for g in reviewed.grades),
    ]
    if reviewed.override is not None:
        o = reviewed.override
        changed = ", ".join(o.changed_keys) or "none (agrees with the machine)"
        parts.append(
            f'<div class="override"><b>Trainer ({_e(o.author)})</b>: {_e(_scores_line(o.labels))}; '
            f"flags: {_e(_flags_line(o.labels))}<br>Changed: {_e(changed)}. Reason: {_e(o.reason)}</div>"
        )
    parts += [f'<div class="comment"><b>{_e(c.author)}</b>: {_e(c.text)}</div>' for c in reviewed.comments]
    return "".join(parts) + "</div>"


def report_body(transcript: Transcript) -> str:
    """The report as an HTML fragment (a div.coach-report); every string from a person or model escaped."""
    s = transcript.session
    body = [
        f"<h1>Practice session report: {_e(s.persona_id)}, {_e(s.trainee)}</h1>",
        f'<p class="notice">{_e(NOTICE)}</p>',
        '<dl class="facts">'
        + "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in _facts(transcript))
        + "</dl>",
        "<h2>Agitation</h2>",
        agitation_svg(_curve(transcript), title="Agitation across the conversation"),
    ]
    if not transcript.turns:
        body.append(f'<p class="empty">{_e(EMPTY_NOTE)}</p>')
    for title, turns in _sections(transcript):
        body.append(f"<h2>{_e(title)}</h2>" + "".join(_html_turn(t) for t in turns))
    if transcript.comments:
        body.append("<h2>Trainer comments</h2>")
        body += [
            f'<div class="comment"><b>{_e(c.author)}</b>: {_e(c.text)}</div>' for c in transcript.comments
        ]
    if transcript.debrief is not None:
        d = transcript.debrief
        body.append(
            f"<h2>Debrief</h2><p>{_e(d.text)}</p><p class='meta'>Debrief score {d.grade.score:.0%} "
            f"({_e(d.grade.grader)})</p>"
        )
    body.append(f'<p class="notice">{_e(NOTICE)}</p>')
    return f'<div class="coach-report">{"".join(body)}</div>'


def session_html(transcript: Transcript) -> str:
    """A standalone, printable HTML report."""
    title = f"Practice session {transcript.session.id}"
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{_e(title)}</title>'
        f"<style>{_PAGE_CSS}{REPORT_CSS}</style></head><body>{report_body(transcript)}</body></html>"
    )


# --------------------------------------------------------------------------- PDF


class _Report(FPDF):
    def __init__(self) -> None:
        super().__init__(format="A4")
        self.set_auto_page_break(auto=True, margin=15)
        self.family = "Helvetica"
        for regular, bold in FONT_CANDIDATES:
            if Path(regular).is_file() and Path(bold).is_file():
                self.add_font("Body", "", regular)
                self.add_font("Body", "B", bold)
                self.family = "Body"
                break

    def footer(self) -> None:
        self.set_y(-12)
        self.style("", 7)
        self.cell(0, 5, self.safe(f"{NOTICE}  Page {self.page_no()}"), align="C")

    def style(self, emphasis: str, size: float) -> None:
        self.set_font(self.family, emphasis, size)

    def safe(self, text: str) -> str:
        # The core font only has Latin-1: without a Unicode font on the machine, others become '?'.
        return text if self.family == "Body" else text.encode("latin-1", "replace").decode("latin-1")

    def para(self, text: str, size: float = 10, emphasis: str = "", indent: float = 0) -> None:
        self.style(emphasis, size)
        self.set_x(self.l_margin + indent)
        self.multi_cell(
            0, size * 0.5, self.safe(text), markdown=False, align="L", new_x="LMARGIN", new_y="NEXT"
        )


def _pdf_turn(pdf: _Report, reviewed: ReviewedTurn) -> None:
    turn = reviewed.turn
    pdf.ln(2)
    pdf.para(_turn_label(reviewed), 10, "B")
    pdf.para(turn.text, 10)
    meta = (turn.stance or Stance()).describe() if turn.speaker is Speaker.staff else "; ".join(turn.cues)
    if turn.state is not None:
        meta = f"{meta} · agitation {turn.state.agitation:.0f} ({turn.state.band.label})".strip(" ·")
    if meta:
        pdf.para(meta, 8)
    for grade in reviewed.grades:
        labels = labels_of(grade)
        pdf.para(f"Grade ({grade.grader}): {_scores_line(labels)}; flags: {_flags_line(labels)}", 8, indent=5)
        for e in grade.evidence:
            pdf.para(f"{e.key}: “{e.quote}” {e.why}", 8, indent=9)
        if grade.suggestion:
            pdf.para(f"Suggestion: {grade.suggestion}", 8, indent=5)
    if reviewed.override is not None:
        o = reviewed.override
        pdf.para(
            f"Trainer ({o.author}): {_scores_line(o.labels)}; flags: {_flags_line(o.labels)}. "
            f"Changed: {', '.join(o.changed_keys) or 'none'}. Reason: {o.reason}",
            8,
            "B",
            indent=5,
        )
    for c in reviewed.comments:
        pdf.para(f"Comment from {c.author}: {c.text}", 8, indent=5)


def session_pdf(transcript: Transcript) -> bytes:
    """The report as a PDF (A4), text drawn as plain strings, with the agitation chart."""
    pdf = _Report()
    pdf.set_title(f"Practice session {transcript.session.id}")
    pdf.add_page()
    pdf.para(
        f"Practice session report: {transcript.session.persona_id}, {transcript.session.trainee}", 15, "B"
    )
    pdf.ln(1)
    pdf.para(NOTICE, 9, "B")
    pdf.ln(2)
    for key, value in _facts(transcript):
        pdf.para(f"{key}: {value}", 9)
    svg = agitation_svg(_curve(transcript))
    # fpdf2 draws SVG shapes and text but not <title>; the chart's text alternative lives there.
    chart = svg[: svg.find("<title>")] + svg[svg.find("</title>") + len("</title>") :]
    pdf.ln(2)
    pdf.image(io.BytesIO(chart.encode()), w=120)
    if not transcript.turns:
        pdf.ln(4)
        pdf.para(EMPTY_NOTE, 11, "B")
    for title, turns in _sections(transcript):
        pdf.ln(4)
        pdf.para(title, 12, "B")
        for reviewed in turns:
            _pdf_turn(pdf, reviewed)
    if transcript.comments:
        pdf.ln(4)
        pdf.para("Trainer comments", 12, "B")
        for c in transcript.comments:
            pdf.para(f"{c.author}: {c.text}", 9)
    if transcript.debrief is not None:
        pdf.ln(4)
        pdf.para("Debrief", 12, "B")
        pdf.para(transcript.debrief.text, 9)
        pdf.para(f"Debrief score {transcript.debrief.grade.score:.0%} ({transcript.debrief.grade.grader})", 8)
    return bytes(pdf.output())
