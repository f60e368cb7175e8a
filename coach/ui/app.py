"""The app factory: the trainee's page with its events wired, queued for many trainees at once.

API routes are pinned (`api_name`) so clients and tests can rely on them: personas, resume, start, send,
retry, continue_offline, undo, rewind, end, debrief, summary. Navigation between screens is private.
Sign-in is the server's (coach.ui.server); every handler checks the signed-in user on the server.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import os
import sys
import typing
from collections.abc import AsyncIterator, Callable
from functools import partial
from typing import Any

import gradio as gr

from coach.access.accounts import Accounts
from coach.config import Settings
from coach.drafts import MAX_DRAFT_CHARS, Drafts
from coach.engine import Engine
from coach.rubrics import load_debrief_rubric
from coach.ui.handlers import Handlers
from coach.ui.layout import build_layout
from coach.ui.loop_bookkeeping import summary_on_loop_when_cached
from coach.ui.trainer import build_trainer_tab
from coach.ui.view import CONTROLLED_FIELDS, STREAMED_TURN_FIELDS, TURN_FIELDS, Stage, View

TITLE = "De-escalation practice"
# Waiting events allowed per concurrent slot before new ones are turned away with "queue full": enough
# for a ward's worth of trainees to wait a few seconds each, bounded so a flood cannot exhaust memory.
QUEUE_PER_SLOT = 32
TURN_GROUP = "turn"  # send, retry and continue offline share the per-process turn limit
# Every other queued event (page loads, choosing, starting, undo, rewind, ending, the debrief, the draft
# kept, the scenario list for API clients) shares one small limit. Gradio otherwise gives each event
# function its own group of default_concurrency_limit, so a burst of trainees arriving at once (a page
# load, a scenario chosen and a start each, all rendering whole screens) ran up to 30 events at once
# beside the turns, all on one GIL-bound core: every running turn was stretched by them. These events are
# CPU work (a store read or write and rendering), so more at once adds no throughput: the burst now
# queues behind itself (BENCHMARKS.md, "Why one process saturated at about half a core").
SCREEN_GROUP = "screen"
SCREEN_LIMIT = 4
# After Undo the trainee types their new line: focus goes to the message box, not the page body.
FOCUS_MESSAGE_JS = "() => { document.querySelector('#message textarea')?.focus(); }"
# Gradio's queue summarises the timings of its last GRADIO_ANALYTICS_MAX_EVENTS events (a pandas
# DataFrame, grouped by function) after every event, for a monitoring page coach does not serve: 3 to 10
# ms of CPU an event with thousands recorded. Summarised rarely and over few events instead; an
# operator's own values for these variables win.
QUEUE_SUMMARY_ENV = {"GRADIO_ANALYTICS_MAX_EVENTS": "100", "GRADIO_ANALYTICS_CACHE_FREQUENCY": "1000"}
# Gradio's queue looks for a waiting event every 1 ms while it has none: an idle server used 36-43 ms of
# CPU a second, measured (2-3 ms of every turn at 15 turns a second); polling every 5 ms, 13-15.5 ms. An
# event waits at most 5 ms (2.5 ms on average) to be picked up; Gradio itself polls every 50 ms on Windows.
QUEUE_POLL_S = 0.005
# Local single-user mode keeps the draft in the browser, so the page builds it there (coach.drafts.Draft:
# the same fields, text cut to MAX_DRAFT_CHARS) and the server sees no event for it: every server event
# costs Gradio's queue, event stream and bookkeeping, several milliseconds of CPU whatever it does. Before
# a screen is rendered (the page still loading) the kept draft stays, as it is about to be restored.
KEEP_DRAFT_JS = f"""(session, persona, stage, trainee, intention, message, debrief, kept) => {{
  if (!{json.dumps([stage.value for stage in Stage])}.includes(stage)) return kept;
  const text = (value) => (value || "").slice(0, {MAX_DRAFT_CHARS});
  return {{screen: stage, persona_id: persona || "", session_id: session || null, trainee: text(trainee),
    intention: text(intention), message: text(message), debrief: text(debrief)}};
}}"""


def without_absent_matplotlib() -> None:
    """Make `import matplotlib` fail at once when it is not installed. Gradio tries to import it twice
    for every event (to switch its backend around the handler), and a failed import searches every
    entry of sys.path again each time (about 40 us, measured); None in sys.modules is Python's own
    record of a module known to be absent. Nothing changes where matplotlib is installed."""
    if "matplotlib" not in sys.modules and importlib.util.find_spec("matplotlib") is None:
        sys.modules["matplotlib"] = None  # type: ignore[assignment]


def preprocessed(fn: Callable[..., AsyncIterator[Any]], inputs: list[Any]) -> Callable[..., Any]:
    """A turn's handler given its inputs preprocessed where it runs, for an event wired with
    `preprocess=False`: Gradio otherwise hands each input to a worker thread and back before the
    handler runs (a hop per input, seven for a sent turn). Each component's own preprocess runs, so a value it
    refuses (a stance not among the choices) is refused with the same message. Only for inputs whose
    choices no update changes: Gradio would preprocess with the session's updated component."""
    count = len(inputs)
    # Gradio reads the handler's type hints on every call (for the gr.Request it wants); resolved once
    # here, where functools.wraps would copy the module's unevaluated strings, evaluated again per call.
    hints = typing.get_type_hints(fn)

    @functools.wraps(fn)  # Gradio reads the handler's signature (the gr.Request it wants) through this
    async def run(*args: Any) -> AsyncIterator[Any]:
        values = [block.preprocess(value) for block, value in zip(inputs, args[:count], strict=True)]
        async for update in fn(*values, *args[count:]):
            yield update

    run.__annotations__ = hints
    return run


def build_handlers(engine: Engine, settings: Settings, accounts: Accounts) -> Handlers:
    """The trainee page laid out in the current Blocks context, and its event handlers (not yet wired
    to events: build_app does that; benchmarks call the handlers in process)."""
    rubric = load_debrief_rubric(settings.rubrics_dir / "debrief.yaml")
    s = build_layout(engine.personas)
    view = View(engine, s, [p.question for p in rubric.prompts], {f.key: f.title for f in rubric.features})
    return Handlers(engine, view, accounts, Drafts(engine.store))


def build_app(engine: Engine, settings: Settings, signs_in: bool = False) -> gr.Blocks:
    """The trainee app for `engine`, for a server where everyone signs in (`signs_in`, the drafts kept
    in the store) or for local single-user mode (the drafts kept in the browser). Nothing is launched;
    style it with coach.ui.theme.launch_style()."""
    accounts = Accounts(engine.store)
    with gr.Blocks(title=TITLE, analytics_enabled=False) as demo:
        h = build_handlers(engine, settings, accounts)
        s, view = h.view.screen, h.view
        out = view.outputs()
        # Gradio postprocesses each output of an event on a worker thread (a hop there and back per
        # output, a dozen or more an event); every value the view returns is already what the page
        # receives (View.chat postprocesses the chat), so the trainee page's events skip that step.
        turn: dict[str, Any] = {
            "concurrency_id": TURN_GROUP,
            "concurrency_limit": settings.concurrency_limit,
            "preprocess": False,  # done by the handler: see preprocessed()
            "postprocess": False,
        }
        screen: dict[str, Any] = {"concurrency_id": SCREEN_GROUP, "concurrency_limit": SCREEN_LIMIT}
        shown: dict[str, Any] = {**screen, "postprocess": False}  # the screen events that show outputs
        # The draft: where the trainee is and what they have typed, kept after every change of screen
        # and (the last of a burst of keystrokes) while they type. Signed in: in the store, by the
        # server. Local single-user mode: in the browser, by the page alone.
        typed = [s.session, s.persona_id, s.stage, s.trainee, s.intention, s.message, s.debrief_text]
        kept: dict[str, Any] = (
            {"fn": h.remember, "inputs": typed}
            if signs_in
            else {"fn": None, "inputs": [*typed, s.draft], "js": KEEP_DRAFT_JS}
        )
        kept.update(outputs=[s.draft], api_visibility="private", show_progress="hidden", **screen)

        gr.api(h.personas, api_name="personas", **screen)
        # A page load restores the screen only when there is something to restore (see Handlers.arrive).
        demo.load(
            h.arrive,
            inputs=[s.session, s.draft],
            outputs=[s.restore],
            api_visibility="private",
            show_progress="hidden",
            **shown,
        )
        s.restore.change(
            h.resume,
            inputs=[s.session, s.draft],
            outputs=out,
            api_name="resume",
            show_progress="hidden",
            **shown,
        )
        # The buttons and panels of the conversation change only when which are usable changes (the
        # scene ends or is reopened, a turn is left unanswered or answered), not with every turn.
        s.controls.change(
            h.controls,
            inputs=[s.controls],
            outputs=view.outputs(CONTROLLED_FIELDS),
            api_visibility="private",
            show_progress="hidden",
            queue=False,
            postprocess=False,
        )
        if signs_in:
            demo.load(
                h.signed_in,
                outputs=[s.trainee, s.account],
                api_visibility="private",
                show_progress="hidden",
                **shown,
            )
        for box in (s.trainee, s.intention, s.message, s.debrief_text):
            box.change(trigger_mode="always_last", **kept)

        for persona_id, button in s.card_buttons.items():
            button.click(partial(h.choose, persona_id), outputs=out, api_visibility="private", **shown).then(
                **kept
            )
        s.back_btn.click(h.back, outputs=out, api_visibility="private", **shown).then(**kept)
        s.new_btn.click(h.back, outputs=out, api_visibility="private", **shown).then(**kept)
        s.again_btn.click(h.again, inputs=[s.session], outputs=out, api_visibility="private", **shown).then(
            **kept
        )

        s.start_btn.click(
            h.start,
            inputs=[s.persona_id, s.trainee, s.intention, s.low_anxiety],
            outputs=out,
            api_name="start",
            **shown,
        ).then(**kept)
        # One event a turn in local single-user mode (signed in, the message box it empties keeps the
        # stored draft: one more). A model's grade arrives after the turn has ended; each turn's wait
        # runs (no queue slot). The offline backend grades at once, so it chains nothing.
        turn_outputs = view.outputs(STREAMED_TURN_FIELDS if h.streams() else TURN_FIELDS)
        later_grade = (
            {
                "fn": h.grade_arrived,
                "inputs": [s.session],
                "outputs": [s.feedback, s.turn_summary],
                "api_visibility": "private",
                "trigger_mode": "multiple",
                "concurrency_limit": None,
                "show_progress": "hidden",
                "postprocess": False,
            }
            if engine.llm_grader is not None
            else None
        )
        played = [s.session, s.message, s.distance, s.voice, s.posture, s.actions, s.client_token]
        sent = gr.on(
            [s.send_btn.click, s.message.submit],
            preprocessed(h.send, played),
            inputs=played,
            outputs=turn_outputs,
            api_name="send",
            show_progress="hidden",
            **turn,
        )
        retried = s.retry_btn.click(
            preprocessed(h.retry, [s.session]),
            inputs=[s.session],
            outputs=turn_outputs,
            api_name="retry",
            show_progress="hidden",
            **turn,
        )
        s.offline_btn.click(
            preprocessed(h.continue_offline, [s.session]),
            inputs=[s.session],
            outputs=turn_outputs,
            api_name="continue_offline",
            show_progress="hidden",
            **turn,
        )
        if later_grade is not None:
            sent.then(**later_grade)
            retried.then(**later_grade)
        for undo in (s.undo_btn, s.undo_ended_btn):
            is_api: dict[str, Any] = (
                {"api_name": "undo"} if undo is s.undo_btn else {"api_visibility": "private"}
            )
            undo.click(h.undo, inputs=[s.session], outputs=out, **is_api, **shown).then(
                None, js=FOCUS_MESSAGE_JS
            ).then(**kept)
        s.rewind_btn.click(
            h.rewind, inputs=[s.session, s.rewind_to], outputs=out, api_name="rewind", **shown
        ).then(None, js=FOCUS_MESSAGE_JS).then(**kept)
        s.end_btn.click(h.end, inputs=[s.session], outputs=out, api_name="end", **shown).then(**kept)
        s.debrief_btn.click(
            h.debrief, inputs=[s.session, s.debrief_text], outputs=out, api_name="debrief", **shown
        ).then(**kept)
        s.skip_btn.click(h.summary, inputs=[s.session], outputs=out, api_name="summary", **shown).then(**kept)

    with demo.route("Trainer review", "/trainer"):
        build_trainer_tab(engine.store, engine.personas, accounts)
    for name, value in QUEUE_SUMMARY_ENV.items():
        os.environ.setdefault(name, value)
    without_absent_matplotlib()
    demo.queue(
        default_concurrency_limit=settings.concurrency_limit,
        max_size=settings.concurrency_limit * QUEUE_PER_SLOT,
    )
    demo._queue.sleep_when_free = QUEUE_POLL_S
    summary_on_loop_when_cached()
    return demo
