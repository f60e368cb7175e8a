"""The look of the app: a calm clinical palette (slate and teal), readable contrast, narrow-width layout.

Gradio 6 takes theme and CSS at launch or mount, not in Blocks(); `launch_style()` is what the server passes.
"""

from __future__ import annotations

from typing import Any

import gradio as gr
from gradio.themes.utils import colors, sizes

# System fonts: nothing fetched from the network, and they render the same in every browser we test.
FONT = ("Segoe UI", "Roboto", "Helvetica Neue", "Arial", "Liberation Sans", "sans-serif")
FONT_MONO = ("ui-monospace", "Consolas", "DejaVu Sans Mono", "monospace")

CSS = """
.gradio-container { max-width: 1240px !important; margin: 0 auto !important; }
.app-header { padding: 6px 2px 2px; margin-bottom: 6px;
  border-bottom: 1px solid var(--border-color-primary); }
.app-header h1 { font-size: 1.45rem; margin: 0 0 2px; color: var(--body-text-color);
  letter-spacing: -0.01em; }
.app-header p { margin: 0 0 8px; color: var(--body-text-color-subdued); max-width: 70ch; }
.screen h2 { font-size: 1.2rem; margin: 4px 0 2px; }
.lede { color: var(--body-text-color-subdued); margin: 0 0 6px; }
.hint { color: var(--body-text-color-subdued); font-size: 0.9rem; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
  white-space: nowrap; }

/* scenario cards */
.card-grid { flex-wrap: wrap !important; gap: 14px !important; }
.card-col { border: 1px solid var(--border-color-primary); border-radius: 10px; padding: 14px !important;
  background: var(--block-background-fill); flex: 1 1 300px !important; justify-content: space-between; }
.card-col button { flex: 0 0 auto !important; }
.persona-card h3 { font-size: 1.05rem; margin: 8px 0 4px; }
.persona-card .who { font-weight: 600; color: var(--body-text-color-subdued); margin: 0 0 6px; }
.persona-card .situation { margin: 0; line-height: 1.45; }
.badge { display: inline-block; font-size: 0.75rem; font-weight: 600; padding: 2px 8px; border-radius: 999px;
  background: #e6eef1; color: #23424d; vertical-align: middle; letter-spacing: 0.02em; }
.difficulty-introductory { background: #dff0e9; color: #1c4a3a; }
.difficulty-intermediate { background: #f4ecd6; color: #5a4510; }
.difficulty-advanced { background: #f3e0dc; color: #6b2a1f; }

/* briefing */
.briefing-head h2 { margin: 6px 0 2px; }
.briefing section { margin: 10px 0; }
.briefing section > h3 { font-size: 0.8rem; text-transform: uppercase; letter-spacing: 0.06em;
  margin: 0 0 4px;
  color: var(--body-text-color-subdued); }
.briefing p { margin: 0 0 4px; line-height: 1.5; }
.care-plan { display: grid; grid-template-columns: repeat(auto-fit, minmax(230px, 1fr)); gap: 10px; }
.plan-box { border: 1px solid var(--border-color-primary); border-left-width: 4px; border-radius: 8px;
  padding: 8px 12px; background: var(--block-background-fill); }
.plan-box h4 { margin: 0 0 4px; font-size: 0.95rem; }
.plan-box ul { margin: 0; padding-left: 1.1em; }
.plan-box li { margin: 2px 0; line-height: 1.4; }
.plan-triggers { border-left-color: #b4542f; }
.plan-signs { border-left-color: #b08a1e; }
.plan-helps { border-left-color: #2f7d62; }
.plan-avoid { border-left-color: #8a3b4f; }
.panel { border: 1px solid var(--border-color-primary); border-radius: 10px; padding: 14px !important;
  background: var(--block-background-fill); }
.notice { margin: 4px 0; padding: 8px 12px; border-radius: 8px; background: #fbeee9; color: #6b2a1f;
  border: 1px solid #e9c6ba; }
.notice.status { background: #e7f1f3; color: #16333b; border-color: #bcd6dc; }

/* conversation */
.scenario-head h2 { font-size: 1.1rem; margin: 2px 0; }
.scenario-head .who { margin: 0; color: var(--body-text-color-subdued); }
.scenario-head .intention { margin: 4px 0 0; }
.scenario-head .intention span { font-weight: 600; }
#chat .message em { color: var(--body-text-color) !important; }  /* Gradio's subdued grey is 3.8:1 */
#chat button[aria-label="Clear"] { display: none; }
#stance { background: var(--block-background-fill); border: 1px solid var(--border-color-primary); }
#stance > * { background: transparent; }
.turn-tools { justify-content: flex-start; }
.turn-tools button { flex: 0 0 auto !important; min-width: 160px; }

/* side panel */
.side h3 { font-size: 0.8rem; text-transform: uppercase; letter-spacing: 0.06em; margin: 0 0 6px;
  color: var(--body-text-color-subdued); }
.side h4 { font-size: 0.9rem; margin: 8px 0 4px; }
.agitation, .chart-box, .feedback { border: 1px solid var(--border-color-primary); border-radius: 10px;
  padding: 12px 14px; background: var(--block-background-fill); }
.band-meter { display: grid; grid-template-columns: repeat(4, 1fr); gap: 3px; margin: 2px 0 8px; }
.band-meter .seg { font-size: 0.7rem; text-align: center; padding: 4px 2px; border-radius: 4px;
  background: #eef1f3; color: #5b6770; line-height: 1.2; }
.band-meter .seg.current { color: #fff; font-weight: 700; }
.seg-calm.current { background: #2f7d62; }
.seg-agitated.current { background: #8a6a12; }
.seg-highly_agitated.current { background: #a4482a; }
.seg-crisis.current { background: #8e2430; }
.band-now { margin: 0 0 6px; font-size: 1.05rem; }
.trend { font-size: 0.8rem; margin-left: 6px; padding: 1px 8px; border-radius: 999px; background: #eef1f3;
  color: #33424c; }
.trend-rising { background: #f6e2dc; color: #6b2a1f; }
.trend-settling { background: #dff0e9; color: #1c4a3a; }
.cues-title { margin: 0; font-weight: 600; font-size: 0.9rem; }
ul.cues { margin: 2px 0 0; padding-left: 1.1em; }
.agitation-chart { width: 100%; height: auto; display: block; color: var(--body-text-color-subdued); }
.agitation-chart.compact { width: 120px; display: inline-block; vertical-align: middle; }
ul.chips { list-style: none; padding: 0; margin: 0 0 6px; display: flex; flex-wrap: wrap; gap: 6px; }
.chip { border-radius: 8px; padding: 4px 9px; font-size: 0.85rem; border: 1px solid transparent;
  background: #eef1f3; color: #22313a; }
.chip .chip-label { font-weight: 600; }
.chip .chip-meaning { color: inherit; opacity: 0.85; }
.chip.q-good { background: #e1f1ea; border-color: #b9dccb; color: #173f31; }
.chip.q-fair { background: #f6efdb; border-color: #e4d3a3; color: #4d3b0c; }
.chip.q-poor { background: #f7e3de; border-color: #e8bfb3; color: #5e2417; }
.flags ul, .evidence ul { margin: 0; padding-left: 1.1em; }
.flags li, .evidence li { margin: 3px 0; line-height: 1.4; }
.flag-name { font-weight: 700; color: #7a2e22; }
.evidence-key { font-weight: 600; }
.evidence-why { color: var(--body-text-color-subdued); }
.suggestion { margin-top: 8px; padding: 8px 12px; border-radius: 8px; background: #e7f1f3;
  border-left: 4px solid #2b6f80; color: #16333b; }
.suggestion h4 { margin: 0 0 2px; }
.suggestion p { margin: 0; }
table.branches { width: 100%; border-collapse: collapse; font-size: 0.85rem; }
table.branches caption { text-align: left; font-weight: 600; padding-bottom: 4px; }
table.branches th, table.branches td { text-align: left; padding: 4px 6px;
  border-bottom: 1px solid var(--border-color-primary); vertical-align: middle; }
table.branches tr.current th { color: #1d4f5e; }
.branch-transcript { margin-top: 6px; font-size: 0.85rem; }
.branch-transcript summary { cursor: pointer; font-weight: 600; padding: 4px 0; }
.branch-transcript ol { margin: 4px 0; padding-left: 1.3em; }
.branch-transcript li { margin: 3px 0; line-height: 1.4; }
.branch-transcript .seen { color: var(--body-text-color-subdued); }

/* the latest turn beside the message box: seen on narrow screens, announced at every width */
.turn-summary { border: 1px solid var(--border-color-primary); border-left: 4px solid #2f7d62;
  border-radius: 8px; padding: 8px 10px; background: var(--block-background-fill); }
.turn-summary.band-agitated { border-left-color: #8a6a12; }
.turn-summary.band-highly_agitated { border-left-color: #a4482a; }
.turn-summary.band-crisis { border-left-color: #8e2430; }
.turn-summary h3 { font-size: 0.8rem; text-transform: uppercase; letter-spacing: 0.06em; margin: 0 0 4px;
  color: var(--body-text-color-subdued); }
.turn-summary ul.chips { margin: 0; }
.turn-summary .band-now { margin: 6px 0 0; font-size: 0.9rem; }
.turn-summary p { margin: 4px 0 0; }
.turn-summary .more-feedback { font-size: 0.85rem; }
@media (min-width: 721px) {
  .turn-summary { position: absolute; width: 1px; height: 1px; padding: 0; overflow: hidden;
    clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
}

/* debrief and summary */
.debrief-intro ol { padding-left: 1.3em; }
.debrief-intro li { margin: 3px 0; }
.outcome { margin: 4px 0 8px; padding: 8px 12px; border-radius: 8px; background: #eef1f3; color: #22313a; }
.outcome-de-escalated { background: #e1f1ea; color: #173f31; }
.outcome-crisis { background: #f7e3de; color: #5e2417; }
.outcome-unresolved { background: #f6efdb; color: #4d3b0c; }
.summary-card { border: 1px solid var(--border-color-primary); border-radius: 12px; padding: 18px 20px;
  background: var(--block-background-fill); }
.summary-card .eyebrow { font-size: 0.8rem; text-transform: uppercase; letter-spacing: 0.06em; margin: 0;
  color: var(--body-text-color-subdued); }
.summary-card .facts { margin: 0; color: var(--body-text-color-subdued); }
.summary-card section { margin: 12px 0; }
.summary-card section > h3 { font-size: 0.8rem; text-transform: uppercase; letter-spacing: 0.06em;
  margin: 0 0 6px;
  color: var(--body-text-color-subdued); }
.summary-grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(280px, 1fr)); gap: 16px; }
.summary-grid section { margin: 0; }
.summary-card .agitation-chart { max-width: 460px; }
.summary-card header { margin-bottom: 14px; }
ul.averages { list-style: none; padding: 0; margin: 0; }
ul.averages li { display: flex; justify-content: space-between; padding: 5px 0;
  border-bottom: 1px solid var(--border-color-primary); }
.strength { border-left: 4px solid #2f7d62; padding-left: 12px; }
.work-on { border-left: 4px solid #2b6f80; padding-left: 12px; }
.summary-card blockquote { margin: 0 0 4px; padding: 4px 12px; border-left: 3px solid #9fb3bb;
  font-style: italic; }
ul.features { list-style: none; padding: 0; margin: 4px 0; }
ul.features li { margin: 2px 0; }
ul.features .mark { display: inline-block; width: 1.2em; font-weight: 700; }
ul.features li.covered .mark { color: #2f7d62; }
ul.features li.missing { color: var(--body-text-color-subdued); }
.turn-grades summary { cursor: pointer; font-weight: 600; margin: 8px 0; }
.turn-grades table { width: 100%; border-collapse: collapse; }
.turn-grades th, .turn-grades td { text-align: left; vertical-align: top; padding: 6px;
  border-bottom: 1px solid var(--border-color-primary); }
.turn-grades td.said { max-width: 36ch; }

/* the sign-out control (coach/ui/sign_in_page.py), top right of both pages */
.sign-out { display: flex; gap: 10px; align-items: center; justify-content: flex-end; margin: 0; }
.sign-out .signed-in-as { color: var(--body-text-color-subdued); font-size: 0.9rem; }
.sign-out-btn { padding: 4px 12px; border-radius: 6px; border: 1px solid var(--border-color-primary);
  background: var(--button-secondary-background-fill); color: var(--body-text-color); cursor: pointer; }

/* coloured boxes set their own text colour; Gradio's prose styles must not override it (dark mode) */
.chip *, .suggestion *, .outcome *, .notice * { color: inherit !important; }

@media (max-width: 720px) {
  .gradio-container { padding: 0 8px !important; }
  .app-header h1 { font-size: 1.2rem; }
  .turn-tools button { min-width: 0; flex: 1 1 auto !important; }
}
"""


def theme() -> gr.themes.Base:
    """Slate and teal, bundled fonts (no network), primary buttons dark enough for white text."""
    return gr.themes.Base(
        primary_hue=colors.teal,
        secondary_hue=colors.slate,
        neutral_hue=colors.slate,
        radius_size=sizes.radius_md,
        text_size=sizes.text_md,
        font=FONT,
        font_mono=FONT_MONO,
    ).set(
        body_background_fill="#f4f6f7",
        body_text_color="#1f2a30",
        body_text_color_subdued="#4e5b63",
        block_background_fill="#ffffff",
        block_border_color="#d9e0e4",
        border_color_primary="#d9e0e4",
        button_primary_background_fill="#1d5f6e",
        button_primary_background_fill_hover="#174c58",
        button_primary_background_fill_dark="#1d5f6e",
        button_primary_background_fill_hover_dark="#236f80",
        button_primary_text_color="#ffffff",
        button_cancel_background_fill="#ffffff",
        button_cancel_background_fill_hover="#fbeee9",
        button_cancel_border_color="#c98b7b",
        button_cancel_text_color="#7a2e22",
        color_accent="#1d5f6e",
        color_accent_soft="#e2eef0",
        checkbox_background_color_selected="#1d5f6e",
        checkbox_border_color_selected="#1d5f6e",
        checkbox_label_background_fill="#f1f4f5",
        checkbox_label_background_fill_selected="#dcebee",
        checkbox_label_border_color="#d9e0e4",
        checkbox_label_border_color_selected="#1d5f6e",
        checkbox_label_text_color_selected="#123c46",
        block_label_text_color="#3d4b53",
        input_background_fill="#ffffff",
        # A field must be visible as a field: a 1 px border at 4.6:1 on white (WCAG asks 3:1 for the
        # edge of a control), darker still when it has focus.
        input_border_width="1px",
        input_border_color="#6b7a83",
        input_border_color_hover="#4e5b63",
        input_border_color_focus="#1d5f6e",
        input_shadow_focus="0 0 0 2px #1d5f6e55",
    )


# Three repairs to Gradio's markup, kept applied as it re-renders (a MutationObserver):
# - Gradio names every radio input of a gr.Radio differently (and renames them on each change), so each
#   option is its own tab stop and the arrow keys do nothing. One name per group makes each stance control
#   a native radio group: one tab stop, arrow keys move the choice (firing the change Gradio listens to).
# - The chat's scrolling box cannot be reached by keyboard: it becomes a focusable, named log.
# - An empty file box is a div with an aria-label and no role, which assistive technology ignores.
PAGE_JS = """
() => {
  const groups = ["distance", "voice", "posture"];
  const repair = () => {
    groups.forEach((id) => {
      document.querySelectorAll(`#${id} input[type=radio]`).forEach((input) => {
        if (input.name !== `stance-${id}`) input.name = `stance-${id}`;
      });
    });
    document.querySelectorAll("#chat .bubble-wrap:not([tabindex])").forEach((log) => {
      log.setAttribute("tabindex", "0");
      log.setAttribute("role", "log");
      log.setAttribute("aria-label", "Conversation");
    });
    document.querySelectorAll(".empty[aria-label]:not([role])").forEach((box) => {
      box.setAttribute("role", "img");
    });
  };
  repair();
  new MutationObserver(repair).observe(document.body, {
    childList: true, subtree: true, attributes: true, attributeFilter: ["name"],
  });
}
"""


def launch_style() -> dict[str, Any]:
    """Keyword arguments for gr.mount_gradio_app() (or Blocks.launch()) that give the app its look (and
    PAGE_JS's repairs)."""
    return {"theme": theme(), "css": CSS, "js": PAGE_JS, "footer_links": ["api"]}
