"""The cohort view: each trainee's sessions over time, averages and trends per key, recurring flags,
outcomes by persona; trainers' overrides count, abandoned branches do not, and scope follows access."""

from __future__ import annotations

from datetime import timedelta

import pytest
from review_fixtures import START, Cohort, Step, add_step, good, grade, make_cohort, play, poor

from coach.models import Flag, Outcome
from coach.store import Store
from coach.trainer.cohort import cohort_report


@pytest.fixture
def cohort(store: Store) -> Cohort:
    return make_cohort(store)


def day(n: int):
    return START + timedelta(days=n)


def test_a_trainee_getting_better_shows_improving_trends(cohort: Cohort) -> None:
    play(cohort.store, "amy", [poor(), poor()], started=day(0), outcome=Outcome.crisis)
    play(cohort.store, "amy", [poor(), good()], started=day(1), outcome=Outcome.unresolved)
    play(cohort.store, "amy", [good(), good()], started=day(2), persona="paranoid")

    report = cohort_report(cohort.review, cohort.user("tess"))
    [amy] = report.trainees
    assert amy.trainee == "amy"
    assert [s.started_at for s in amy.sessions] == [day(0), day(1), day(2)]
    assert [s.averages["tone"] for s in amy.sessions] == [2.0, 3.5, 5.0]
    assert [s.staff_turns for s in amy.sessions] == [2, 2, 2]
    trends = {t.key: t for t in amy.trends}
    assert trends["tone"].direction == "improving" and trends["tone"].slope == 1.5
    assert trends["escalation_risk"].direction == "improving" and trends["escalation_risk"].slope == -1.5
    assert trends["no_brevity"].direction == "too few sessions" and trends["no_brevity"].average is None
    assert trends["tone"].average == 3.5
    assert amy.recurring_flags == {"calm_down": 2}
    assert amy.outcomes_by_persona == {
        "fearful": {"crisis": 1, "unresolved": 1},
        "paranoid": {"de-escalated": 1},
    }


def test_a_steady_or_worsening_trainee_is_called_so(cohort: Cohort) -> None:
    for n in range(3):
        play(cohort.store, "ben", [good()], started=day(n))
    play(cohort.store, "amy", [good()], started=day(0))
    play(cohort.store, "amy", [good()], started=day(1), outcome=None)
    play(cohort.store, "amy", [poor()], started=day(2), outcome=None)
    report = cohort_report(cohort.review, cohort.user("tess"))
    by_name = {p.trainee: {t.key: t.direction for t in p.trends} for p in report.trainees}
    assert by_name["ben"]["tone"] == "steady"
    assert by_name["amy"]["tone"] == "worsening" and by_name["amy"]["escalation_risk"] == "worsening"
    amy = next(p for p in report.trainees if p.trainee == "amy")
    assert amy.outcomes_by_persona == {"fearful": {"de-escalated": 1, "open": 2}}
    assert amy.recurring_flags == {}, "a flag in one session is not recurring"


def test_trainer_overrides_count_and_abandoned_branches_do_not(cohort: Cohort) -> None:
    session = play(cohort.store, "amy", [poor()], outcome=None)
    branch = cohort.store.branch(session.id)
    cohort.review.override(cohort.user("tess"), session.id, branch[1].id, {"tone": 1}, "Dismissive.")
    cohort.store.set_head(session.id, branch[0].id)  # rewind to the opening and try again
    retry, _ = add_step(
        cohort.store, session.id, Step("Sit here, or by the window?", [grade(tone=5)], 40), day(0)
    )

    [amy] = cohort_report(cohort.review, cohort.user("tess")).trainees
    assert amy.sessions[0].averages["tone"] == 5.0 and amy.sessions[0].flags == {}
    cohort.store.set_head(session.id, branch[2].id)
    [amy] = cohort_report(cohort.review, cohort.user("tess")).trainees
    assert amy.sessions[0].averages["tone"] == 1.0, "the trainer's label, not the machine's 2"
    assert amy.sessions[0].flags == {Flag.calm_down.value: 1}
    assert retry.id not in {t.id for t in cohort.store.branch(session.id)}


def test_the_report_covers_only_what_the_viewer_may_read(cohort: Cohort) -> None:
    for name in ("amy", "ben", "cat"):
        play(cohort.store, name, [good()])
    names = {
        name: [p.trainee for p in cohort_report(cohort.review, cohort.user(name)).trainees]
        for name in ("amy", "tess", "ada")
    }
    assert names == {"amy": ["amy"], "tess": ["amy", "ben"], "ada": ["amy", "ben", "cat"]}
    one = cohort_report(cohort.review, cohort.user("tess"), trainee="ben")
    assert [p.trainee for p in one.trainees] == ["ben"]
    assert cohort_report(cohort.review, cohort.user("tess"), trainee="cat").trainees == []
    window = cohort_report(cohort.review, cohort.user("ada"), since=day(1))
    assert window.trainees == []
