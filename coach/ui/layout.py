"""The page: every component of the trainee's screens, created in the current gr.Blocks context.

Five screens share one page and are shown or hidden by the view (coach.ui.view): choose a scenario, read
the briefing, play the conversation, debrief, and the summary. No event is wired here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import gradio as gr

from coach.models import Persona
from coach.ui.cards import in_teaching_order, persona_card
from coach.ui.transcript import ACTION_LABELS, DISTANCE_LABELS, POSTURE_LABELS, VOICE_LABELS

# Fixed so that every app process reads what another wrote (a reload after a restart, or a second
# process behind a load balancer). The value is a session id, not a secret: the key only obfuscates.
SESSION_STORAGE_KEY = "coach-session-id"
# The draft (coach.drafts) in local single-user mode: the screen and the typed text, in this browser.
DRAFT_STORAGE_KEY = "coach-draft"

HEADER = (
    '<header class="app-header"><h1>De-escalation practice</h1>'
    "<p>Talk with a simulated patient on an inpatient ward. Each of your turns is graded, and the patient "
    "responds to what you say and how you stand.</p></header>"
)


@dataclass
class Screen:
    """Every component an event reads or writes."""

    session: gr.BrowserState
    account: gr.HTML  # who is signed in, and the sign-out control (hidden without accounts)
    draft: gr.BrowserState
    restore: gr.State  # a new value when a page load has a screen to restore (its change restores it)
    controls: (
        gr.State
    )  # which conversation controls are usable (coach.ui.view.Controls); its change sets them
    persona_id: gr.Textbox
    stage: gr.Textbox
    client_token: gr.Textbox
    # choose
    choose_col: gr.Column
    card_buttons: dict[str, gr.Button]
    # briefing
    brief_col: gr.Column
    briefing: gr.HTML
    trainee: gr.Textbox
    intention: gr.Textbox
    low_anxiety: gr.Checkbox
    start_btn: gr.Button
    back_btn: gr.Button
    brief_notice: gr.HTML
    # conversation
    play_col: gr.Column
    scenario_head: gr.HTML
    chat: gr.Chatbot
    composer: gr.Column
    turn_summary: gr.HTML
    message: gr.Textbox
    send_btn: gr.Button
    distance: gr.Radio
    voice: gr.Radio
    posture: gr.Radio
    actions: gr.CheckboxGroup
    undo_btn: gr.Button
    end_btn: gr.Button
    turn_notice: gr.HTML
    retry_row: gr.Row
    retry_btn: gr.Button
    offline_btn: gr.Button
    agitation: gr.HTML
    chart: gr.HTML
    feedback: gr.HTML
    rewind_to: gr.Dropdown
    rewind_btn: gr.Button
    branches: gr.HTML
    # debrief
    debrief_col: gr.Column
    debrief_intro: gr.HTML
    debrief_text: gr.Textbox
    debrief_btn: gr.Button
    skip_btn: gr.Button
    undo_ended_btn: gr.Button
    debrief_notice: gr.HTML
    # summary
    summary_col: gr.Column
    summary: gr.HTML
    again_btn: gr.Button
    new_btn: gr.Button


def _choices(labels: Mapping) -> list[tuple[str, str]]:
    return [(label, member.value) for member, label in labels.items()]


def _choose_screen(personas: Mapping[str, Persona]) -> tuple[gr.Column, dict[str, gr.Button]]:
    buttons: dict[str, gr.Button] = {}
    with gr.Column(elem_id="choose", elem_classes="screen") as column:
        gr.HTML(
            "<h2>Choose a scenario</h2><p class='lede'>Each scenario is a different person on a "
            "different day. Start with an introductory one if this is your first session.</p>"
        )
        with gr.Row(elem_classes="card-grid", equal_height=True):
            for persona in in_teaching_order(personas):
                with gr.Column(elem_classes="card-col", min_width=260):
                    gr.HTML(persona_card(persona))
                    # a distinct label per card: a screen reader lists buttons out of context
                    first_name = persona.profile.first_name
                    buttons[persona.id] = gr.Button(
                        f"Read {first_name}'s briefing", variant="secondary", elem_id=f"choose-{persona.id}"
                    )
    return column, buttons


def build_layout(personas: Mapping[str, Persona]) -> Screen:
    """Create the page in the current Blocks context and return its components."""
    session = gr.BrowserState(None, storage_key=SESSION_STORAGE_KEY, secret=SESSION_STORAGE_KEY)
    draft = gr.BrowserState(None, storage_key=DRAFT_STORAGE_KEY, secret=DRAFT_STORAGE_KEY)
    restore = gr.State(None)
    # The conversation's controls as laid out below: typing and sending (coach.ui.view.Controls.play),
    # so a scene that starts or reloads being played needs no event to set them.
    controls = gr.State("play")
    persona_id = gr.Textbox(visible=False, label="Scenario id")
    stage = gr.Textbox(visible=False, label="Screen")
    client_token = gr.Textbox(visible=False, label="Client token")
    account = gr.HTML(visible=False, elem_id="account")
    gr.HTML(HEADER)

    choose_col, card_buttons = _choose_screen(personas)

    with gr.Column(visible=False, elem_id="brief", elem_classes="screen") as brief_col, gr.Row():
        with gr.Column(scale=3, min_width=300):
            briefing = gr.HTML()
        with gr.Column(scale=2, min_width=280, elem_classes="panel start-panel"):
            gr.HTML(
                "<h3>Before you start</h3><p>Read the notes, then set yourself one intention "
                "for this conversation.</p>"
            )
            trainee = gr.Textbox(
                label="Your name or initials",
                info="So your trainer can find this session.",
                max_lines=1,
                elem_id="trainee",
            )
            intention = gr.Textbox(
                label="Your intention",
                placeholder="For example: keep my no brief",
                lines=2,
                max_lines=4,
                elem_id="intention",
            )
            low_anxiety = gr.Checkbox(
                label="Low-anxiety mode: hide scores until the end", elem_id="low-anxiety"
            )
            brief_notice = gr.HTML()
            start_btn = gr.Button("Start: the patient speaks first", variant="primary", elem_id="start")
            back_btn = gr.Button("Back to scenarios", variant="secondary", size="sm", elem_id="back")

    with gr.Column(visible=False, elem_id="play", elem_classes="screen") as play_col, gr.Row():
        with gr.Column(scale=3, min_width=300):
            scenario_head = gr.HTML()
            chat = gr.Chatbot(
                label="Conversation",
                show_label=False,
                elem_id="chat",
                height=460,
                sanitize_html=True,
                render_markdown=True,  # for the italic stage directions; all typed text is escaped
                latex_delimiters=[],  # "$$x^2$$" is what someone typed, not maths
                allow_tags=False,
                buttons=[],
                feedback_options=None,
                layout="bubble",
            )
            with gr.Column(elem_id="composer") as composer:
                turn_summary = gr.HTML(elem_id="turn-summary")
                turn_notice = gr.HTML(elem_id="turn-notice")
                with gr.Row(visible=False, elem_id="retry-row") as retry_row:
                    retry_btn = gr.Button("Retry", variant="primary", size="sm", elem_id="retry")
                    offline_btn = gr.Button("Continue offline", size="sm", elem_id="continue-offline")
                with gr.Row(equal_height=True):
                    message = gr.Textbox(
                        label="What you say",
                        placeholder="Type what you would say. Enter sends; Shift+Enter starts a new line.",
                        lines=1,
                        max_lines=5,
                        scale=5,
                        min_width=200,
                        elem_id="message",
                    )
                    send_btn = gr.Button("Send", variant="primary", scale=1, min_width=90, elem_id="send")
                with gr.Group(elem_id="stance"):
                    with gr.Row():
                        distance = gr.Radio(
                            _choices(DISTANCE_LABELS),
                            label="Distance",
                            elem_id="distance",
                            min_width=240,
                            scale=2,
                        )
                        voice = gr.Radio(
                            _choices(VOICE_LABELS), label="Voice", elem_id="voice", min_width=180
                        )
                        posture = gr.Radio(
                            _choices(POSTURE_LABELS), label="Posture", elem_id="posture", min_width=140
                        )
                    actions = gr.CheckboxGroup(
                        _choices(ACTION_LABELS), label="Actions with this turn", elem_id="actions"
                    )
                with gr.Row(elem_classes="turn-tools"):
                    undo_btn = gr.Button("Undo my last turn", size="sm", elem_id="undo")
                    end_btn = gr.Button("End scenario", size="sm", variant="stop", elem_id="end")
            with gr.Column(visible=False, elem_id="debrief", elem_classes="panel") as debrief_col:
                debrief_intro = gr.HTML()
                debrief_text = gr.Textbox(label="Your debrief", lines=6, max_lines=16, elem_id="debrief-text")
                debrief_notice = gr.HTML()
                with gr.Row():
                    debrief_btn = gr.Button("Submit debrief", variant="primary", elem_id="submit-debrief")
                    skip_btn = gr.Button("Skip to summary", elem_id="skip-debrief")
                undo_ended_btn = gr.Button(
                    "Undo my last turn and carry on", size="sm", variant="secondary", elem_id="undo-ended"
                )
        with gr.Column(scale=2, min_width=280, elem_classes="side"):
            agitation = gr.HTML(elem_id="agitation")
            chart = gr.HTML(elem_id="chart")
            feedback = gr.HTML(elem_id="feedback")
            with gr.Accordion("Rewind and compare", open=False, elem_id="rewind"):
                rewind_to = gr.Dropdown(
                    label="Go back to the patient's line", choices=[], elem_id="rewind-to"
                )
                rewind_btn = gr.Button("Try a different line from here", size="sm", elem_id="rewind-btn")
                branches = gr.HTML(elem_id="branches")

    with gr.Column(visible=False, elem_id="summary", elem_classes="screen") as summary_col:
        summary = gr.HTML()
        with gr.Row():
            again_btn = gr.Button("Practise this scenario again", variant="primary", elem_id="again")
            new_btn = gr.Button("Choose another scenario", elem_id="new")

    return Screen(
        session=session,
        account=account,
        draft=draft,
        restore=restore,
        controls=controls,
        persona_id=persona_id,
        stage=stage,
        client_token=client_token,
        choose_col=choose_col,
        card_buttons=card_buttons,
        brief_col=brief_col,
        briefing=briefing,
        trainee=trainee,
        intention=intention,
        low_anxiety=low_anxiety,
        start_btn=start_btn,
        back_btn=back_btn,
        brief_notice=brief_notice,
        play_col=play_col,
        scenario_head=scenario_head,
        chat=chat,
        composer=composer,
        turn_summary=turn_summary,
        message=message,
        send_btn=send_btn,
        distance=distance,
        voice=voice,
        posture=posture,
        actions=actions,
        undo_btn=undo_btn,
        end_btn=end_btn,
        turn_notice=turn_notice,
        retry_row=retry_row,
        retry_btn=retry_btn,
        offline_btn=offline_btn,
        agitation=agitation,
        chart=chart,
        feedback=feedback,
        rewind_to=rewind_to,
        rewind_btn=rewind_btn,
        branches=branches,
        debrief_col=debrief_col,
        debrief_intro=debrief_intro,
        debrief_text=debrief_text,
        debrief_btn=debrief_btn,
        skip_btn=skip_btn,
        undo_ended_btn=undo_ended_btn,
        debrief_notice=debrief_notice,
        summary_col=summary_col,
        summary=summary,
        again_btn=again_btn,
        new_btn=new_btn,
    )
