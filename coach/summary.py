"""The end-of-session summary card: outcome, per-key averages, agitation curve, flags, the trainee's
intention revisited, one strength and one thing to work on."""

from __future__ import annotations

from collections import Counter

from pydantic import BaseModel

from coach.flags import flag_advice
from coach.models import SCORE_KEYS, Debrief, Flag, Grade, Outcome, Session, Speaker, Turn
from coach.store import Store

KEY_ADVICE = {
    "tone": "Warm the tone: calm, respectful, and about them, not the rules.",
    "no_brevity": "Keep the no brief: one clear sentence, a short honest reason, then the alternatives.",
    "options": "Offer a real choice: two or three things they can do now.",
    "escalation_risk": "Lower the temperature first: space, a quieter voice, and their concern before yours.",
}
KEY_PRAISE = {
    "tone": "Your tone stayed calm and respectful.",
    "no_brevity": "When you had to say no, you kept it brief with a reason.",
    "options": "You offered real choices.",
    "escalation_risk": "Your turns tended to bring the temperature down.",
}
KEY_WORDS = {
    "no_brevity": ("no", "refus", "brief", "short", "limit"),
    "options": ("option", "choice", "alternative"),
    "tone": ("tone", "voice", "calm", "warm", "respect"),
    "escalation_risk": ("escalat", "space", "distance", "temperature", "de-escalat"),
}
KEY_TITLES = {
    "tone": "tone",
    "no_brevity": "brevity of no",
    "options": "options",
    "escalation_risk": "escalation risk",
}


class SessionSummary(BaseModel):
    session: Session
    staff_turns: int
    averages: dict[str, float | None]
    flags: dict[str, int]
    agitation: list[float]
    peak_agitation: float
    final_agitation: float
    outcome: Outcome | None
    intention: str
    intention_review: str
    strength: str
    work_on: str
    abandoned_branches: int
    debrief: Debrief | None = None


def graded_turns(store: Store, session_id: str, branch: list[Turn]) -> list[tuple[Turn, Grade]]:
    """The staff turns of a branch with their latest grades, oldest first."""
    latest = store.latest_grades(session_id)
    return [(t, latest[t.id]) for t in branch if t.speaker is Speaker.staff and t.id in latest]


def _quality(key: str, value: float) -> float:
    """0 (worst) to 1 (best) on a key's own scale."""
    if key == "escalation_risk":
        return (5 - value) / 4
    if key == "options":
        return min(value, 2) / 2  # two real options is already good practice
    return (value - 1) / 4


def summarise(store: Store, session_id: str) -> SessionSummary:
    """Build the summary of a session's current branch from the store."""
    session = store.get_session(session_id)
    branch = store.branch(session_id)
    graded = graded_turns(store, session_id, branch)

    averages: dict[str, float | None] = {}
    for key in SCORE_KEYS:
        values = [getattr(g.scores, key) for _, g in graded if getattr(g.scores, key) is not None]
        averages[key] = round(sum(values) / len(values), 2) if values else None
    flags = Counter(str(f) for _, g in graded for f in g.flags)
    curve = [t.state.agitation for t in branch if t.speaker is Speaker.patient and t.state is not None]
    leaves = _leaf_count(store.all_turns(session_id))

    grades = [g for _, g in graded]
    strength, work_on = _strength(grades, averages), _work_on(grades, averages, flags)

    return SessionSummary(
        session=session,
        staff_turns=len(graded),
        averages=averages,
        flags=dict(flags.most_common()),
        agitation=curve,
        peak_agitation=max(curve) if curve else 0.0,
        final_agitation=curve[-1] if curve else 0.0,
        outcome=session.outcome,
        intention=session.intention,
        intention_review=_review_intention(session.intention, averages),
        strength=strength,
        work_on=work_on,
        abandoned_branches=max(leaves - 1, 0),
        debrief=store.get_debrief(session_id),
    )


def _earned(key: str, grades: list[Grade]) -> bool:
    """Whether every graded turn bears out the praise for `key` (no turn contradicts it)."""
    values = [getattr(g.scores, key) for g in grades if getattr(g.scores, key) is not None]
    if not values:
        return False
    if key == "tone":
        return min(values) >= 4
    if key == "no_brevity":
        return min(values) >= 4
    if key == "options":
        return sum(v >= 2 for v in values) * 2 >= len(values)
    return max(values) <= 3 and sum(v <= 2 for v in values) * 2 >= len(values)


def _lacking(key: str, grades: list[Grade]) -> bool:
    """Whether some turn shows the gap the advice for `key` names, and none shows it already mastered."""
    values = [getattr(g.scores, key) for g in grades if getattr(g.scores, key) is not None]
    if not values:
        return False
    if key == "tone":
        return min(values) <= 3
    if key == "no_brevity":
        return min(values) <= 3
    if key == "options":
        return max(values) <= 1
    return max(values) >= 4


def _strength(grades: list[Grade], averages: dict[str, float | None]) -> str:
    """The best key whose praise every turn bears out; a plain line when none does."""
    if not grades:
        return "No graded turns yet."
    rated = {k: _quality(k, v) for k, v in averages.items() if v is not None}
    for key in sorted(rated, key=lambda k: -rated[k]):
        if _earned(key, grades):
            return KEY_PRAISE[key]
    return "You stayed in the conversation: keep going."


def _work_on(grades: list[Grade], averages: dict[str, float | None], flags: Counter[str]) -> str:
    """The most frequent flag's advice (going against the care plan: with the plan line its turns were
    graded against most often), else the weakest key whose gap some turn shows."""
    if not grades:
        return "Take a few turns to get feedback."
    if flags:
        top = flags.most_common(1)[0][0]
        advice = flag_advice(top)
        if top == Flag.against_care_plan.value:
            quoted = Counter(
                e.why for g in grades if top in g.flags for e in g.evidence if e.key == top and e.why
            )
            if quoted:
                return f"{advice} {quoted.most_common(1)[0][0]}"
        return advice
    rated = {k: _quality(k, v) for k, v in averages.items() if v is not None}
    for key in sorted(rated, key=lambda k: rated[k]):
        if _lacking(key, grades):
            return KEY_ADVICE[key]
    return "Keep doing what worked: try the same scene at a harder start."


def _review_intention(intention: str, averages: dict[str, float | None]) -> str:
    if not intention:
        return "You did not set an intention for this session."
    lowered = intention.lower()
    for key, words in KEY_WORDS.items():
        if any(w in lowered for w in words):
            value = averages.get(key)
            if value is None:
                return f"Your intention was about {KEY_TITLES[key]}, but no turn called for it this time."
            scale = "0-3" if key == "options" else "1-5"
            lower_is_better = " (lower is better)" if key == "escalation_risk" else ""
            title = KEY_TITLES[key]
            return f"Your intention was about {title}: you averaged {value} on {scale}{lower_is_better}."
    return "Look back at your intention: did the turns above live up to it?"


def _leaf_count(turns: list[Turn]) -> int:
    parents = {t.parent_id for t in turns if t.parent_id}
    return sum(1 for t in turns if t.id not in parents)
