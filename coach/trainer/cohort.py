"""The cohort view: per trainee, sessions over time, per-key averages and trends, recurring flags, and
outcomes by persona, over the sessions a viewer may read.

Scores are the labels that count: a trainer's override where there is one, else the machine grade, on
each session's current branch (the one last played). A trend is the least-squares slope of the session
averages against session order; whether it is improving depends on the key (lower escalation risk is
better, higher is better for the rest).
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from coach.access.accounts import User
from coach.models import SCORE_KEYS, Outcome, Speaker, utcnow
from coach.trainer.review import Review, SessionFilter
from coach.trainer.transcript import Transcript

MIN_SESSIONS_FOR_TREND = 3
STEADY_SLOPE = 0.05  # per session; below this a change is noise on 0-5 scales
LOWER_IS_BETTER = frozenset({"escalation_risk"})
OPEN = "open"  # the outcome column for a session not ended yet

Direction = Literal["improving", "steady", "worsening", "too few sessions"]


class SessionPoint(BaseModel):
    session_id: str
    started_at: datetime
    persona_id: str
    outcome: Outcome | None
    staff_turns: int
    averages: dict[str, float | None]
    flags: dict[str, int]
    peak_agitation: float | None
    final_agitation: float | None


class KeyTrend(BaseModel):
    key: str
    average: float | None = Field(description="over every graded turn of the trainee's sessions")
    slope: float | None = Field(description="change in the session average per session")
    direction: Direction


class TraineeProgress(BaseModel):
    trainee: str
    sessions: list[SessionPoint] = Field(description="oldest first")
    trends: list[KeyTrend]
    recurring_flags: dict[str, int] = Field(description="flag -> sessions it appeared in, when two or more")
    outcomes_by_persona: dict[str, dict[str, int]] = Field(
        description="persona -> outcome (or open) -> sessions"
    )


class CohortReport(BaseModel):
    generated_at: datetime = Field(default_factory=utcnow)
    trainees: list[TraineeProgress]


def session_point(transcript: Transcript) -> SessionPoint:
    """One session's figures from its current branch."""
    branch = transcript.current_branch()
    labels = [t.labels for t in branch if t.turn.speaker is Speaker.staff and t.labels is not None]
    averages: dict[str, float | None] = {}
    for key in SCORE_KEYS:
        values = [getattr(lab, key) for lab in labels if getattr(lab, key) is not None]
        averages[key] = round(sum(values) / len(values), 2) if values else None
    curve = [t.turn.state.agitation for t in branch if t.turn.state is not None]
    session = transcript.session
    return SessionPoint(
        session_id=session.id,
        started_at=session.started_at,
        persona_id=session.persona_id,
        outcome=session.outcome,
        staff_turns=len(labels),
        averages=averages,
        flags=dict(Counter(f for lab in labels for f in lab.flags).most_common()),
        peak_agitation=max(curve) if curve else None,
        final_agitation=curve[-1] if curve else None,
    )


def _slope(values: list[float]) -> float:
    n = len(values)
    mean_x, mean_y = (n - 1) / 2, sum(values) / n
    spread = sum((x - mean_x) ** 2 for x in range(n))
    return sum((x - mean_x) * (y - mean_y) for x, y in enumerate(values)) / spread


def key_trend(key: str, points: list[SessionPoint]) -> KeyTrend:
    """The trend of one key over sessions (oldest first), weighted by graded turns for the average."""
    per_session = [value for p in points if (value := p.averages[key]) is not None]
    weights = [p.staff_turns for p in points if p.averages[key] is not None]
    average = None
    if per_session and sum(weights):
        average = round(sum(v * w for v, w in zip(per_session, weights, strict=True)) / sum(weights), 2)
    if len(per_session) < MIN_SESSIONS_FOR_TREND:
        return KeyTrend(key=key, average=average, slope=None, direction="too few sessions")
    slope = round(_slope([float(v) for v in per_session]), 3)
    better = -slope if key in LOWER_IS_BETTER else slope
    direction: Direction = "steady"
    if better >= STEADY_SLOPE:
        direction = "improving"
    elif better <= -STEADY_SLOPE:
        direction = "worsening"
    return KeyTrend(key=key, average=average, slope=slope, direction=direction)


def trainee_progress(trainee: str, points: list[SessionPoint]) -> TraineeProgress:
    """One trainee's progress from their sessions' figures (any order)."""
    points = sorted(points, key=lambda p: p.started_at)
    flag_sessions = Counter(flag for p in points for flag in p.flags)
    outcomes: dict[str, Counter[str]] = {}
    for p in points:
        outcomes.setdefault(p.persona_id, Counter())[p.outcome.value if p.outcome else OPEN] += 1
    return TraineeProgress(
        trainee=trainee,
        sessions=points,
        trends=[key_trend(key, points) for key in SCORE_KEYS],
        recurring_flags={flag: n for flag, n in flag_sessions.most_common() if n >= 2},
        outcomes_by_persona={persona: dict(sorted(c.items())) for persona, c in sorted(outcomes.items())},
    )


def cohort_report(
    review: Review,
    viewer: User,
    since: datetime | None = None,
    until: datetime | None = None,
    trainee: str | None = None,
) -> CohortReport:
    """Progress of every trainee whose sessions `viewer` may read (or of one `trainee`), by name."""
    rows = review.list_sessions(viewer, SessionFilter(trainee=trainee, since=since, until=until, limit=5000))
    by_trainee: dict[str, list[SessionPoint]] = {}
    for row in rows:
        point = session_point(review.transcript(viewer, row.session.id))
        by_trainee.setdefault(row.session.trainee, []).append(point)
    return CohortReport(trainees=[trainee_progress(name, by_trainee[name]) for name in sorted(by_trainee)])
