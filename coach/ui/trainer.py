"""The trainer tab: find sessions, read a transcript with every branch and grade, comment, override or
confirm a grade, download exports (JSON, CSV, HTML, PDF), and see the cohort and grading agreement.

Every handler works out on the server who is asking (the signed-in name Gradio puts on the request) and
checks the role there: a trainee calling these routes directly gets "only trainers and admins", a
session outside the viewer's reach is "not found". API routes are pinned as trainer_* for clients and
tests. `build_trainer_tab` fills the current Blocks context (a gr.Tab, or a page from `Blocks.route`).
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import gradio as gr

from coach.access.accounts import LOCAL_USER, AccessDenied, Accounts, User
from coach.models import Outcome, Speaker
from coach.store import NotFound, Store
from coach.trainer import exports
from coach.trainer.cohort import cohort_report
from coach.trainer.review import Review, ReviewRejected, SessionFilter
from coach.trainer.trainer_labels import agreement_over_time, calibration_export
from coach.trainer.transcript import Transcript
from coach.ui.inputs import client_id
from coach.ui.markup import esc
from coach.ui.sign_in_page import sign_out_control
from coach.ui.trainer_layout import ANY, EXPORT_KINDS, TrainerTab, build_layout
from coach.ui.trainer_view import agreement_html, cohort_html

NOT_FOUND = "That session was not found, or it is not one you can review."
WHOLE_SESSION = "__session__"
DOWNLOAD_TYPES = {
    "json": "application/json",
    "csv": "text/csv;charset=utf-8",
    "html": "text/html;charset=utf-8",
    "pdf": "application/pdf",
    "jsonl": "application/x-ndjson",
}


def _notice(text: str, kind: str = "ok") -> str:
    return f'<div class="trainer-notice {kind}" role="status">{esc(text)}</div>'


def _day(text: str | None, field: str) -> datetime | None:
    if not text or not text.strip():
        return None
    try:
        return datetime.strptime(text.strip(), "%Y-%m-%d").replace(tzinfo=UTC)
    except ValueError:
        raise ReviewRejected(f"{field}: write the date as YYYY-MM-DD, for example 2026-03-01.") from None


def _period(since: str | None, until: str | None) -> tuple[datetime | None, datetime | None]:
    """From and to (both days included) as since <= started_at < until."""
    start, end = _day(since, "From"), _day(until, "To")
    if start is not None and end is not None and start > end:
        raise ReviewRejected("From is after To: swap the dates, or clear one of them.")
    if end is None or end.date() == date.max:  # the last day there is: no day after it to stop before
        return start, None
    return start, end + timedelta(days=1)


def _download(name: str, content: str | bytes) -> str:
    """A download link that carries the file itself (a data: URL), for the export event's answer.

    Exports are never written to disk or served by URL: Gradio serves every file in its cache to any
    signed-in user who has the link, and keeps it there. This way the file reaches only the browser whose
    request the handler checked (a reviewer who may read the session), and nothing is left behind on the
    server or in a shared temp folder.
    """
    data = content.encode("utf-8") if isinstance(content, str) else content
    kind = name.rsplit(".", 1)[-1]
    href = f"data:{DOWNLOAD_TYPES[kind]};base64,{base64.b64encode(data).decode('ascii')}"
    size = f"{len(data) / 1024:.0f} KB" if len(data) >= 1024 else f"{len(data)} bytes"
    return (
        f'<p class="export-download"><a href="{href}" download="{esc(name)}">'
        f"Download {esc(name)}</a> ({size})</p>"
    )


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "session"


class TrainerHandlers:
    """What each trainer event does. Each returns a notice first, then its outputs (gr.skip() on error)."""

    def __init__(self, review: Review) -> None:
        self.review = review

    def _viewer(self, request: gr.Request | None) -> User:
        viewer = self.review.accounts.viewer(getattr(request, "username", None))
        self.review.accounts.require_reviewer(viewer, "use the trainer view")
        return viewer

    def _guard(self, outputs: int, work: Callable[[User], tuple[Any, ...]], request: gr.Request | None):
        """Run `work` for the viewer; turn refusals into a notice and leave the other outputs alone."""
        try:
            return work(self._viewer(request))
        except NotFound:
            return (_notice(NOT_FOUND, "error"), *[gr.skip()] * outputs)
        except (AccessDenied, ReviewRejected) as exc:
            return (_notice(str(exc), "error"), *[gr.skip()] * outputs)

    # ----------------------------------------------------------------------- load and find

    def load(self, request: gr.Request) -> tuple[Any, ...]:
        def work(viewer: User) -> tuple[Any, ...]:
            names = sorted({r.session.trainee for r in self.review.list_sessions(viewer)})
            who = f"Signed in as {viewer.username} ({viewer.role.value})"
            if viewer.cohort:
                who += f", cohort {viewer.cohort}"
            choices = [("Any trainee", ANY), *[(n, n) for n in names]]
            sign_out = "" if viewer == LOCAL_USER else sign_out_control(viewer.username)
            return (
                _notice(exports.NOTICE, "info"),
                f"{sign_out}<p class='whoami'>{esc(who)}</p>",
                gr.Dropdown(choices=choices),
            )

        return self._guard(2, work, request)

    def find(
        self,
        trainee: str | None,
        persona: str | None,
        outcome: str | None,
        since: str | None,
        until: str | None,
        reviewed: str | None,
        request: gr.Request,
    ) -> tuple[Any, ...]:
        def work(viewer: User) -> tuple[Any, ...]:
            start, end = _period(since, until)
            filters = SessionFilter(
                trainee=client_id(trainee),
                persona_id=client_id(persona),
                outcome=Outcome(outcome) if outcome else None,
                since=start,
                until=end,
                reviewed=None if not reviewed else reviewed == "yes",
            )
            rows = self.review.list_sessions(viewer, filters)
            table = [
                [
                    f"{r.session.started_at:%Y-%m-%d %H:%M}",
                    r.session.trainee,
                    r.session.persona_id,
                    r.session.outcome.value if r.session.outcome else "open",
                    r.staff_turns,
                    r.comments,
                    r.overrides,
                ]
                for r in rows
            ]
            choices = [
                (
                    f"{r.session.started_at:%Y-%m-%d %H:%M} · {r.session.trainee} · {r.session.persona_id}",
                    r.session.id,
                )
                for r in rows
            ]
            found = f"{len(rows)} session{'s' if len(rows) != 1 else ''} found."
            return (
                _notice(found),
                table,
                gr.Dropdown(choices=choices, value=choices[0][1] if choices else None),
            )

        return self._guard(2, work, request)

    # ----------------------------------------------------------------------- the transcript

    def _shown(self, transcript: Transcript) -> tuple[Any, ...]:
        """The report and the two turn pickers for a transcript."""
        targets = [("The whole session", WHOLE_SESSION)]
        staff = []
        for number, reviewed in enumerate(transcript.turns, start=1):
            turn = reviewed.turn
            assert turn.id is not None, "a reviewed turn is a stored one"
            who = "Trainee" if turn.speaker is Speaker.staff else "Patient"
            label = f"{number}. {who}: {turn.text[:60]}"
            targets.append((label, turn.id))
            if turn.speaker is Speaker.staff and reviewed.grades:
                staff.append((label, turn.id))
        return (
            exports.report_body(transcript),
            gr.Dropdown(choices=targets, value=WHOLE_SESSION),
            gr.Dropdown(choices=staff, value=None),
        )

    def open(self, session_id: str | None, request: gr.Request) -> tuple[Any, ...]:
        def work(viewer: User) -> tuple[Any, ...]:
            transcript = self.review.transcript(viewer, client_id(session_id) or "")
            return (
                _notice(f"Showing the session of {transcript.session.trainee}."),
                *self._shown(transcript),
            )

        return self._guard(3, work, request)

    def add_comment(
        self, session_id: str | None, target: str | None, text: str | None, request: gr.Request
    ) -> tuple[Any, ...]:
        def work(viewer: User) -> tuple[Any, ...]:
            turn_id = None if target in (None, "", WHOLE_SESSION) else client_id(target) or "?"
            self.review.add_comment(viewer, client_id(session_id) or "", text or "", turn_id=turn_id)
            transcript = self.review.transcript(viewer, client_id(session_id) or "")
            return _notice("Comment saved."), exports.report_body(transcript), ""

        return self._guard(2, work, request)

    # ----------------------------------------------------------------------- grades

    def pick_turn(self, session_id: str | None, turn_id: str | None, request: gr.Request) -> tuple[Any, ...]:
        def work(viewer: User) -> tuple[Any, ...]:
            transcript = self.review.transcript(viewer, client_id(session_id) or "")
            labels = transcript.turn(client_id(turn_id) or "").labels
            if labels is None:
                raise ReviewRejected("This turn has no grade yet.")
            brevity = "-" if labels.no_brevity is None else str(labels.no_brevity)
            return (
                _notice("The fields show the grade that counts now; change what you disagree with."),
                str(labels.tone),
                labels.refusal,
                brevity,
                str(labels.options),
                str(labels.escalation_risk),
                list(labels.flags),
            )

        return self._guard(6, work, request)

    def override(
        self,
        session_id: str | None,
        turn_id: str | None,
        tone: str | None,
        refusal: bool,
        no_brevity: str | None,
        options: str | None,
        escalation_risk: str | None,
        flags: list[str] | None,
        reason: str | None,
        request: gr.Request,
    ) -> tuple[Any, ...]:
        def work(viewer: User) -> tuple[Any, ...]:
            if client_id(turn_id) is None:
                raise ReviewRejected("Choose the trainee turn to grade first.")
            changes: dict[str, Any] = {
                "tone": int(tone or 0),
                "refusal": bool(refusal),
                "no_brevity": None if not refusal or no_brevity in (None, "", "-") else int(no_brevity),
                "options": int(options or 0),
                "escalation_risk": int(escalation_risk or 0),
                "flags": list(flags or []),
            }
            saved = self.review.override(
                viewer, client_id(session_id) or "", client_id(turn_id) or "", changes, reason or ""
            )
            transcript = self.review.transcript(viewer, client_id(session_id) or "")
            changed = ", ".join(saved.changed_keys) or "nothing (now agrees with the machine)"
            return (
                _notice(f"Override saved. Differs from the machine on: {changed}."),
                exports.report_body(transcript),
                "",
            )

        return self._guard(2, work, request)

    def confirm(self, session_id: str | None, turn_id: str | None, reason: str | None, request: gr.Request):
        def work(viewer: User) -> tuple[Any, ...]:
            if client_id(turn_id) is None:
                raise ReviewRejected("Choose the trainee turn to grade first.")
            self.review.confirm(viewer, client_id(session_id) or "", client_id(turn_id) or "", reason or "")
            transcript = self.review.transcript(viewer, client_id(session_id) or "")
            return _notice("Recorded: you agree with the machine grade."), exports.report_body(transcript), ""

        return self._guard(2, work, request)

    # ----------------------------------------------------------------------- downloads

    def export(self, kind: str, session_id: str | None, request: gr.Request) -> tuple[Any, ...]:
        render: dict[str, Callable[[Transcript], str | bytes]] = {
            "json": exports.session_json,
            "csv": exports.session_csv,
            "html": exports.session_html,
            "pdf": exports.session_pdf,
        }

        def work(viewer: User) -> tuple[Any, ...]:
            transcript = self.review.transcript(viewer, client_id(session_id) or "")
            s = transcript.session
            name = f"session-{_slug(s.trainee)}-{s.started_at:%Y%m%d}-{s.id[:8]}.{kind}"
            return _notice(f"{kind.upper()} export ready."), _download(name, render[kind](transcript))

        return self._guard(1, work, request)

    def exporter(self, kind: str) -> Callable[[str | None, gr.Request], tuple[Any, ...]]:
        """The export handler for one kind (a plain function: Gradio must see its request parameter)."""

        def export(session_id: str | None, request: gr.Request) -> tuple[Any, ...]:
            return self.export(kind, session_id, request)

        return export

    # ----------------------------------------------------------------------- cohort

    def cohort(self, trainee: str | None, since: str | None, until: str | None, request: gr.Request):
        def work(viewer: User) -> tuple[Any, ...]:
            start, end = _period(since, until)
            report = cohort_report(self.review, viewer, since=start, until=end, trainee=client_id(trainee))
            periods = agreement_over_time(self.review, viewer)
            return (
                _notice(f"{len(report.trainees)} trainees shown."),
                cohort_html(report),
                agreement_html(periods),
            )

        return self._guard(2, work, request)

    def cohort_csv(self, trainee: str | None, since: str | None, until: str | None, request: gr.Request):
        def work(viewer: User) -> tuple[Any, ...]:
            start, end = _period(since, until)
            report = cohort_report(self.review, viewer, since=start, until=end, trainee=client_id(trainee))
            name = f"cohort-{datetime.now(UTC):%Y%m%d}.csv"
            return _notice("Cohort CSV ready."), _download(name, exports.cohort_csv(report))

        return self._guard(1, work, request)

    def calibration(self, request: gr.Request) -> tuple[Any, ...]:
        def work(viewer: User) -> tuple[Any, ...]:
            export = calibration_export(self.review, viewer)
            note = f"{len(export.cases)} reviewed turns exported as calibration cases."
            if export.skipped:
                note += f" {len(export.skipped)} left out (persona outside the calibration set)."
            return _notice(note), _download(f"trainer-cases-{datetime.now(UTC):%Y%m%d}.jsonl", export.jsonl())

        return self._guard(1, work, request)


def build_trainer_tab(
    store: Store, persona_ids: Iterable[str], accounts: Accounts | None = None
) -> TrainerTab:
    """Fill the current Blocks context with the trainer tab and wire its events (API names trainer_*).

    `accounts` defaults to the store's; sign-in itself is the server's (coach.ui.server).
    """
    review = Review(store, accounts or Accounts(store))
    handlers = TrainerHandlers(review)
    t = build_layout(persona_ids)
    b = t.buttons
    filters = [t.trainee, t.persona, t.outcome, t.since, t.until, t.reviewed]
    shown = [t.notice, t.report]
    gr.on(None, handlers.load, outputs=[t.notice, t.whoami, t.trainee], api_name="trainer_load")
    b["find"].click(
        handlers.find, inputs=filters, outputs=[t.notice, t.sessions, t.session], api_name="trainer_sessions"
    )
    b["open"].click(
        handlers.open,
        inputs=[t.session],
        outputs=[*shown, t.comment_on, t.turn],
        api_name="trainer_transcript",
    )
    b["comment"].click(
        handlers.add_comment,
        inputs=[t.session, t.comment_on, t.comment],
        outputs=[*shown, t.comment],
        api_name="trainer_comment",
    )
    t.turn.input(
        handlers.pick_turn,
        inputs=[t.session, t.turn],
        outputs=[t.notice, *t.scores],
        api_name="trainer_turn_grade",
    )
    b["override"].click(
        handlers.override,
        inputs=[t.session, t.turn, *t.scores, t.reason],
        outputs=[*shown, t.reason],
        api_name="trainer_override",
    )
    b["confirm"].click(
        handlers.confirm,
        inputs=[t.session, t.turn, t.reason],
        outputs=[*shown, t.reason],
        api_name="trainer_confirm",
    )
    for kind in EXPORT_KINDS:
        b[f"export_{kind}"].click(
            handlers.exporter(kind),
            inputs=[t.session],
            outputs=[t.notice, t.download],
            api_name=f"trainer_export_{kind}",
        )
    cohort_filters = [t.trainee, t.since, t.until]
    b["cohort"].click(
        handlers.cohort,
        inputs=cohort_filters,
        outputs=[t.notice, t.cohort, t.agreement],
        api_name="trainer_cohort",
    )
    b["cohort_csv"].click(
        handlers.cohort_csv,
        inputs=cohort_filters,
        outputs=[t.notice, t.download],
        api_name="trainer_cohort_csv",
    )
    b["calibration"].click(
        handlers.calibration, outputs=[t.notice, t.download], api_name="trainer_calibration"
    )
    return t
