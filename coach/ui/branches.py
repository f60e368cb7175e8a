"""Rewind and branch comparison: every line the trainee tried stays in the transcript as a branch of the
session's turn tree; this module lists the branches, where each one led, and each earlier branch's
transcript to read again."""

from __future__ import annotations

from pydantic import BaseModel

from coach import dynamics
from coach.charts import agitation_svg
from coach.models import Band, Session, Speaker, Turn
from coach.stance import Stance
from coach.ui.markup import esc

EXCERPT_CHARS = 60
SPEAKER_NAMES = {Speaker.patient: "Patient", Speaker.staff: "You"}


class BranchLine(BaseModel):
    """One line of a branch's transcript: who said it, what they said, and what could be seen."""

    speaker: Speaker
    text: str
    seen: str  # the patient's cues, or the stance the trainee took


class BranchRow(BaseModel):
    """One path through the turn tree, from the opening line to a leaf (or to the current head)."""

    label: str
    staff_turns: int
    split_after: int = 0  # patient lines it shares with an earlier branch
    agitation: list[float]
    band: Band
    outcome: str
    current: bool
    lines: list[BranchLine]


def _path(turn_id: str, by_id: dict[str, Turn]) -> list[Turn]:
    path: list[Turn] = []
    current: str | None = turn_id
    while current is not None:
        path.append(by_id[current])
        current = by_id[current].parent_id
    return path[::-1]


def _patient_lines(path: list[Turn]) -> list[Turn]:
    return [t for t in path if t.speaker is Speaker.patient]


def branch_rows(session: Session, turns: list[Turn]) -> list[BranchRow]:
    """The session's branches in the order they were started; the one being played is `current`."""
    by_id = {t.id: t for t in turns if t.id}
    parents = {t.parent_id for t in turns if t.parent_id}
    ends = [t.id for t in turns if t.id and t.id not in parents]
    if session.head_turn_id and session.head_turn_id not in ends:
        ends.append(session.head_turn_id)  # rewound, and nothing played from there yet
    rows: list[BranchRow] = []
    seen: set[str] = set()
    for index, end in enumerate(ends):
        path = _path(end, by_id)
        shared = 0
        for turn in path:
            if turn.id not in seen:
                break
            shared += turn.speaker is Speaker.patient
        seen.update(t.id for t in path if t.id)
        states = [t.state for t in _patient_lines(path) if t.state is not None]
        current = end == session.head_turn_id
        reached = dynamics.outcome(states[-1]) if states else None
        if current and session.outcome is not None:
            outcome = session.outcome.value
        elif reached is not None:
            outcome = reached.value
        else:
            outcome = "in progress" if current and session.ended_at is None else "left"
        rows.append(
            BranchRow(
                label=chr(ord("A") + index) if index < 26 else str(index + 1),
                staff_turns=sum(t.speaker is Speaker.staff for t in path),
                split_after=shared if index else 0,
                agitation=[s.agitation for s in states],
                band=states[-1].band if states else Band.calm,
                outcome=outcome,
                current=current,
                lines=[_line(turn) for turn in path],
            )
        )
    return rows


def _line(turn: Turn) -> BranchLine:
    if turn.speaker is Speaker.patient:
        return BranchLine(speaker=turn.speaker, text=turn.text, seen="; ".join(turn.cues))
    return BranchLine(speaker=turn.speaker, text=turn.text, seen=(turn.stance or Stance()).describe())


def transcript_html(row: BranchRow) -> str:
    """A branch's transcript, folded under a summary line that opens it (a native <details>)."""
    items = "".join(
        f'<li class="line-{line.speaker.value}"><strong>{SPEAKER_NAMES[line.speaker]}:</strong> '
        f"{esc(line.text)}" + (f' <em class="seen">({esc(line.seen)})</em>' if line.seen else "") + "</li>"
        for line in row.lines
    )
    return (
        f'<details class="branch-transcript"><summary>Read branch {esc(row.label)}: '
        f"{row.staff_turns} turn{'s' if row.staff_turns != 1 else ''}, {esc(row.outcome)}</summary>"
        f"<ol>{items}</ol></details>"
    )


def branches_html(rows: list[BranchRow]) -> str:
    """A small comparison table of the branches; a hint when there is only one."""
    if len(rows) < 2:
        return (
            '<p class="hint">Undo your last turn, or go back to an earlier line and try something '
            "else: every attempt is kept here so you can compare where each one led.</p>"
        )
    body = "".join(
        f'<tr class="{"current" if row.current else ""}">'
        f'<th scope="row">{esc(row.label)}{" (now)" if row.current else ""}</th>'
        f"<td>{row.staff_turns}</td>"
        f"<td>{f'line {row.split_after}' if row.split_after else '—'}</td>"
        f"<td>{agitation_svg(row.agitation, compact=True, title=f'Branch {row.label}')}"
        f" <span>{esc(row.band.label)}</span></td>"
        f"<td>{esc(row.outcome)}</td></tr>"
        for row in rows
    )
    return (
        '<table class="branches"><caption>Where each attempt led</caption><thead><tr>'
        '<th scope="col">Branch</th><th scope="col">Your turns</th><th scope="col">Branches off after</th>'
        '<th scope="col">Agitation</th><th scope="col">Outcome</th></tr></thead>'
        f"<tbody>{body}</tbody></table>" + "".join(transcript_html(row) for row in rows if not row.current)
    )


def rewind_choices(branch: list[Turn]) -> list[tuple[str, str]]:
    """(label, turn id) for each patient line of the branch before the latest one: where to go back to."""
    lines = _patient_lines(branch)
    if branch and branch[-1].speaker is Speaker.patient:
        lines = lines[:-1]  # the line being answered now: nothing to go back to
    choices = []
    for number, turn in enumerate(lines, start=1):
        excerpt = turn.text if len(turn.text) <= EXCERPT_CHARS else turn.text[: EXCERPT_CHARS - 1] + "…"
        choices.append((f"Line {number}: “{excerpt}”", turn.id or ""))
    return choices
