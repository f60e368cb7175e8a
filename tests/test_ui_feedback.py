"""The feedback panel: the why of each score and flag up front, the rest folded away, all escaped."""

from __future__ import annotations

from coach.models import Evidence, Flag, Grade, Scores
from coach.ui.feedback import grade_panel


def test_the_first_evidence_per_key_and_every_flag_are_shown_the_rest_fold_away() -> None:
    grade = Grade(
        scores=Scores(tone=2, options=0, escalation_risk=4),
        refusal=False,
        flags=[Flag.calm_down],
        evidence=[
            Evidence(key="tone", quote="calm down", why="TONE-FIRST"),
            Evidence(key="tone", quote="now", why="TONE-SECOND"),
            Evidence(key="calm_down", quote="calm down", why="FLAG-WHY"),
            Evidence(key="validation", quote="calm down", why="EXTRA-WHY"),
            Evidence(key="escalation_risk", quote="calm down", why="RISK-WHY"),
        ],
        grader="offline",
    )
    panel = grade_panel(grade, scores_hidden=False)
    up_front, folded = panel.split("<details>")
    for shown in ("TONE-FIRST", "FLAG-WHY", "RISK-WHY"):
        assert shown in up_front
    for hidden in ("TONE-SECOND", "EXTRA-WHY"):
        assert hidden not in up_front and hidden in folded
    assert "All the evidence (5)" in folded


def test_no_fold_when_every_piece_is_up_front() -> None:
    grade = Grade(
        scores=Scores(tone=4, options=1, escalation_risk=2),
        refusal=False,
        evidence=[Evidence(key="tone", quote="<b>hi</b>", why="warm")],
        grader="offline",
    )
    panel = grade_panel(grade, scores_hidden=False)
    assert "<details>" not in panel and "&lt;b&gt;hi&lt;/b&gt;" in panel
