"""The trainer tab's components: filters, the session list, the transcript, comment and grade forms,
export buttons and the cohort view. Created in the current Blocks context; no event is wired here."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import gradio as gr

from coach.flags import declared_flags
from coach.models import Outcome
from coach.trainer import exports
from coach.ui.trainer_view import TRAINER_CSS

SESSION_HEADERS = ["Started (UTC)", "Trainee", "Persona", "Outcome", "Staff turns", "Comments", "Overrides"]
ANY = ""
EXPORT_KINDS = ("json", "csv", "html", "pdf")


@dataclass
class TrainerTab:
    """The tab's components, for the app and for tests."""

    whoami: gr.HTML
    notice: gr.HTML
    trainee: gr.Dropdown
    persona: gr.Dropdown
    outcome: gr.Dropdown
    since: gr.Textbox
    until: gr.Textbox
    reviewed: gr.Radio
    sessions: gr.Dataframe
    session: gr.Dropdown
    report: gr.HTML
    comment_on: gr.Dropdown
    comment: gr.Textbox
    turn: gr.Dropdown
    scores: list[gr.components.Component]
    reason: gr.Textbox
    download: gr.HTML
    cohort: gr.HTML
    agreement: gr.HTML
    buttons: dict[str, gr.Button]


def _score_fields() -> list[gr.components.Component]:
    with gr.Row():
        tone = gr.Dropdown(["1", "2", "3", "4", "5"], label="Tone (1-5)", elem_id="ov-tone", min_width=100)
        options = gr.Dropdown(
            ["0", "1", "2", "3"], label="Options (0-3)", elem_id="ov-options", min_width=100
        )
        risk = gr.Dropdown(
            ["1", "2", "3", "4", "5"], label="Escalation risk", elem_id="ov-risk", min_width=100
        )
    with gr.Row():
        refusal = gr.Checkbox(label="Refusal (a no)", elem_id="ov-refusal", min_width=100)
        brevity = gr.Dropdown(
            ["-", "1", "2", "3", "4", "5"], label="Brevity of no (1-5)", elem_id="ov-brevity", min_width=100
        )
    choices = [(spec.label, name) for name, spec in declared_flags().items()]
    flags = gr.CheckboxGroup(choices, label="Flags", elem_id="ov-flags")
    return [tone, refusal, brevity, options, risk, flags]


def build_layout(persona_ids: Iterable[str]) -> TrainerTab:
    """Create the tab's components in the current Blocks context."""
    gr.HTML(f"<style>{exports.REPORT_CSS}{TRAINER_CSS}</style><h2>Trainer review</h2>")
    whoami = gr.HTML(elem_id="trainer-whoami")
    notice = gr.HTML(elem_id="trainer-notice")
    with gr.Accordion("Find sessions", open=True):
        with gr.Row():
            trainee = gr.Dropdown(
                [("Any trainee", ANY)],
                value=ANY,
                label="Trainee",
                elem_id="f-trainee",
                allow_custom_value=True,
            )
            persona = gr.Dropdown(
                [("Any persona", ANY), *[(p, p) for p in sorted(persona_ids)]],
                value=ANY,
                label="Persona",
                elem_id="f-persona",
            )
            outcome = gr.Dropdown(
                [("Any outcome", ANY), *[(o.value, o.value) for o in Outcome]],
                value=ANY,
                label="Outcome",
                elem_id="f-outcome",
            )
        with gr.Row():
            since = gr.Textbox(label="From (YYYY-MM-DD)", elem_id="f-since", max_lines=1)
            until = gr.Textbox(label="To (YYYY-MM-DD)", elem_id="f-until", max_lines=1)
            reviewed = gr.Radio(
                [("Any", ANY), ("Reviewed", "yes"), ("Not reviewed", "no")],
                value=ANY,
                label="Review",
                elem_id="f-reviewed",
            )
        find_btn = gr.Button("Find sessions", variant="primary", elem_id="find")
        sessions = gr.Dataframe(headers=SESSION_HEADERS, interactive=False, elem_id="sessions", wrap=True)
    with gr.Row():
        session = gr.Dropdown([], label="Session", elem_id="session-pick", scale=4, allow_custom_value=True)
        open_btn = gr.Button("Open transcript", elem_id="open", scale=1)
    with gr.Row():
        with gr.Column(scale=3, min_width=360):
            report = gr.HTML(elem_id="report")
        with gr.Column(scale=2, min_width=300):
            with gr.Accordion("Comment", open=True):
                comment_on = gr.Dropdown([], label="On", elem_id="comment-on", allow_custom_value=True)
                comment = gr.Textbox(label="Comment", lines=3, elem_id="comment-text")
                comment_btn = gr.Button("Add comment", elem_id="add-comment")
            with gr.Accordion("Grade", open=True):
                turn = gr.Dropdown([], label="Trainee turn", elem_id="ov-turn", allow_custom_value=True)
                scores = _score_fields()
                reason = gr.Textbox(label="Reason", lines=2, elem_id="ov-reason")
                with gr.Row():
                    override_btn = gr.Button("Save override", variant="primary", elem_id="save-override")
                    confirm_btn = gr.Button("Agree with the machine grade", elem_id="confirm-grade")
            with gr.Accordion("Exports", open=True):
                with gr.Row():
                    export_btns = {
                        kind: gr.Button(kind.upper(), size="sm", elem_id=f"export-{kind}")
                        for kind in EXPORT_KINDS
                    }
                with gr.Row():
                    cohort_csv_btn = gr.Button("Cohort CSV", size="sm", elem_id="export-cohort")
                    calibration_btn = gr.Button("Calibration cases", size="sm", elem_id="export-calibration")
                # The file itself arrives in the export event's answer (see TrainerHandlers.export).
                download = gr.HTML(elem_id="download")
    with gr.Accordion("Cohort", open=True):
        cohort_btn = gr.Button("Show cohort", elem_id="show-cohort")
        cohort = gr.HTML(elem_id="cohort")
        gr.HTML("<h3>Machine-trainer agreement</h3>")
        agreement = gr.HTML(elem_id="agreement")
    buttons = {
        "find": find_btn,
        "open": open_btn,
        "comment": comment_btn,
        "override": override_btn,
        "confirm": confirm_btn,
        "cohort": cohort_btn,
        "cohort_csv": cohort_csv_btn,
        "calibration": calibration_btn,
        **{f"export_{kind}": button for kind, button in export_btns.items()},
    }
    return TrainerTab(
        whoami=whoami,
        notice=notice,
        trainee=trainee,
        persona=persona,
        outcome=outcome,
        since=since,
        until=until,
        reviewed=reviewed,
        sessions=sessions,
        session=session,
        report=report,
        comment_on=comment_on,
        comment=comment,
        turn=turn,
        scores=scores,
        reason=reason,
        download=download,
        cohort=cohort,
        agreement=agreement,
        buttons=buttons,
    )
