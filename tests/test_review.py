"""Trainer review: who lists and reads which sessions, full transcripts with every branch, comments,
overrides stored beside the machine grade, calibration export, agreement over time, and one session
served by two app processes on one database."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from review_fixtures import (
    HOSTILE,
    START,
    Cohort,
    Step,
    add_step,
    good,
    grade,
    make_cohort,
    play,
    poor,
    run_async,
)
from sqlalchemy import func, select

from coach.access.accounts import AccessDenied
from coach.backends import build_engine
from coach.config import Settings
from coach.grading.corpus import CalibrationLabels, load_cases
from coach.models import Flag, Grade, Outcome, Speaker
from coach.stance import Distance, Stance, Voice
from coach.store import SessionNotFound, Store, TurnNotFound
from coach.trainer.review import OWN_SESSION, ReviewRejected, SessionFilter, comments, overrides
from coach.trainer.trainer_labels import agreement_over_time, calibration_export
from coach.trainer.transcript import labels_of


@pytest.fixture
def cohort(store: Store) -> Cohort:
    return make_cohort(store)


def count(store: Store, table) -> int:
    with store.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


# --------------------------------------------------------------------------- listing and access


def test_each_viewer_lists_only_the_sessions_they_may_read(cohort: Cohort) -> None:
    for name in ("amy", "ben", "cat", "tess"):
        play(cohort.store, name, [good()])
    play(cohort.store, "someone before accounts", [good()])

    def trainees(viewer: str) -> set[str]:
        return {row.session.trainee for row in cohort.review.list_sessions(cohort.user(viewer))}

    assert trainees("amy") == {"amy"}
    assert trainees("tess") == {"amy", "ben", "tess"}
    assert trainees("ada") == {"amy", "ben", "cat", "tess", "someone before accounts"}


def test_filters_narrow_the_list_and_newest_comes_first(cohort: Cohort) -> None:
    first = play(cohort.store, "amy", [good()], persona="fearful", started=START)
    second = play(
        cohort.store, "amy", [poor()], persona="paranoid", started=START + timedelta(days=1), outcome=None
    )
    third = play(
        cohort.store, "ben", [good(), good()], started=START + timedelta(days=2), outcome=Outcome.crisis
    )
    tess = cohort.user("tess")

    def ids(**filters) -> list[str]:
        return [row.session.id for row in cohort.review.list_sessions(tess, SessionFilter(**filters))]

    assert ids() == [third.id, second.id, first.id]
    assert ids(trainee="amy") == [second.id, first.id]
    assert ids(persona_id="paranoid") == [second.id]
    assert ids(outcome=Outcome.crisis) == [third.id]
    assert ids(since=START + timedelta(hours=12), until=START + timedelta(days=2)) == [second.id]
    assert ids(trainee="cat") == [], "a trainee outside the cohort is not listed even when asked for"
    cohort.review.add_comment(tess, second.id, "Look at turn 1 together.")
    assert ids(reviewed=True) == [second.id]
    assert ids(reviewed=False) == [third.id, first.id]
    rows = cohort.review.list_sessions(tess, SessionFilter(trainee="ben"))
    assert (rows[0].staff_turns, rows[0].comments, rows[0].overrides) == (2, 0, 0)


def test_other_trainees_sessions_are_not_found_and_nothing_changes(cohort: Cohort) -> None:
    cats = play(cohort.store, "cat", [good()])
    staff_id = cohort.store.branch(cats.id)[1].id
    tess, amy = cohort.user("tess"), cohort.user("amy")
    unknown = "0" * 32

    for viewer in (tess, amy):
        with pytest.raises(SessionNotFound) as forged:
            cohort.review.transcript(viewer, cats.id)
        assert str(forged.value) == f"no session with id {cats.id!r}"
    with pytest.raises(SessionNotFound) as missing:
        cohort.review.transcript(tess, unknown)
    assert str(missing.value) == f"no session with id {unknown!r}", "the same answer as for a forged id"

    with pytest.raises(SessionNotFound):
        cohort.review.add_comment(tess, cats.id, "sneaky")
    with pytest.raises(SessionNotFound):
        cohort.review.override(tess, cats.id, staff_id, {"tone": 1}, "sneaky")
    with pytest.raises(SessionNotFound):
        cohort.review.confirm(tess, cats.id, staff_id)
    assert count(cohort.store, comments) == 0 and count(cohort.store, overrides) == 0
    assert cohort.store.grades(staff_id) == [grade(tone=5, options=2, risk=1)]


def test_trainees_read_their_own_transcript_but_cannot_review(cohort: Cohort) -> None:
    amys = play(cohort.store, "amy", [good()])
    amy = cohort.user("amy")
    staff_id = cohort.store.branch(amys.id)[1].id
    assert cohort.review.transcript(amy, amys.id).session.id == amys.id
    with pytest.raises(AccessDenied, match="Only trainers and admins"):
        cohort.review.add_comment(amy, amys.id, "I think I did well")
    with pytest.raises(AccessDenied, match="Only trainers and admins"):
        cohort.review.override(amy, amys.id, staff_id, {"tone": 5}, "generous")
    assert count(cohort.store, comments) == 0 and count(cohort.store, overrides) == 0


# --------------------------------------------------------------------------- the transcript


def test_the_transcript_holds_every_branch_grade_stance_and_agitation(cohort: Cohort) -> None:
    store = cohort.store
    stance = Stance(distance=Distance.two_arms_or_more, voice=Voice.quiet)
    session = play(
        store,
        "amy",
        [
            Step(
                "Hello, I'm Sam.",
                [grade(), grade(tone=3, grader="llm:gpt", suggestion="Say why.")],
                50,
                stance=stance,
            ),
            poor(agitation=75),
        ],
        outcome=None,
    )
    branch = store.branch(session.id)
    store.set_head(session.id, branch[2].id)  # rewind to the patient's reply to the first turn
    retry_staff, _ = add_step(store, session.id, good(agitation=30), START + timedelta(minutes=9))

    t = cohort.review.transcript(cohort.user("tess"), session.id)
    assert len(t.turns) == 7
    assert [len(b.turn_ids) for b in t.branches] == [5, 5]
    assert t.branches[0].current and not t.branches[1].current
    assert t.branches[0].turn_ids[3] == retry_staff.id, "the branch last played comes first"
    shared = t.turn(branch[1].id)
    assert shared.branches == [1, 2]
    assert [g.grader for g in shared.grades] == ["offline", "llm:gpt"]
    assert shared.machine.suggestion == "Say why." and shared.machine.evidence[0].quote == "I can see"
    assert shared.turn.stance == stance
    assert shared.agitation_before == 60
    abandoned = t.turn(branch[3].id)
    assert abandoned.branches == [2] and abandoned.agitation_before == 50
    assert list(abandoned.labels.flags) == ["calm_down"]
    assert [x.turn.text for x in t.current_branch()][3] == good().staff


# --------------------------------------------------------------------------- comments


def test_comments_on_the_session_and_on_a_turn_keep_their_text_literally(cohort: Cohort) -> None:
    session = play(cohort.store, "amy", [good()])
    staff_id = cohort.store.branch(session.id)[1].id
    tess = cohort.user("tess")
    cohort.review.add_comment(tess, session.id, f"Nice opening. {HOSTILE}")
    on_turn = cohort.review.add_comment(tess, session.id, "Try naming the fear first.", turn_id=staff_id)
    assert on_turn.author == "tess" and on_turn.turn_id == staff_id

    t = cohort.review.transcript(cohort.user("amy"), session.id)
    assert [c.text for c in t.comments] == [f"Nice opening. {HOSTILE}"]
    assert [c.text for c in t.turn(staff_id).comments] == ["Try naming the fear first."]


def test_bad_comments_are_refused_with_a_reason(cohort: Cohort) -> None:
    session = play(cohort.store, "amy", [good()])
    other = play(cohort.store, "amy", [good()])
    tess = cohort.user("tess")
    with pytest.raises(ReviewRejected, match="empty"):
        cohort.review.add_comment(tess, session.id, "   ")
    with pytest.raises(ReviewRejected, match="4,001 characters"):
        cohort.review.add_comment(tess, session.id, "x" * 4001)
    with pytest.raises(TurnNotFound):
        cohort.review.add_comment(tess, session.id, "wrong turn", turn_id=cohort.store.branch(other.id)[1].id)
    assert count(cohort.store, comments) == 0


# --------------------------------------------------------------------------- overrides


def test_an_override_sits_beside_the_machine_grade_and_becomes_the_labels(cohort: Cohort) -> None:
    session = play(cohort.store, "amy", [poor()])
    staff_id = cohort.store.branch(session.id)[1].id
    tess = cohort.user("tess")
    machine = cohort.store.grades(staff_id)

    first = cohort.review.override(
        tess, session.id, staff_id, {"tone": 1, "flags": ["calm_down", "invalidation"]}, "Dismissive."
    )
    assert first.changed_keys == ["tone", "flags"]
    assert first.machine.tone == 2 and first.labels.tone == 1 and first.grader == "offline"
    second = cohort.review.override(
        tess, session.id, staff_id, {"escalation_risk": 5}, "Very likely to escalate."
    )
    assert (second.labels.tone, second.labels.escalation_risk) == (1, 5), "builds on the earlier override"

    assert cohort.store.grades(staff_id) == machine, "the stored machine grade is untouched"
    t = cohort.review.transcript(tess, session.id)
    assert t.turn(staff_id).override == second and len(t.overrides) == 2
    assert t.turn(staff_id).labels == second.labels and t.turn(staff_id).machine == machine[-1]


def test_refusal_and_brevity_stay_consistent(cohort: Cohort) -> None:
    session = play(cohort.store, "amy", [Step("No, not now.", [grade(tone=3, no_brevity=2)], 65)])
    staff_id = cohort.store.branch(session.id)[1].id
    tess = cohort.user("tess")
    cleared = cohort.review.override(tess, session.id, staff_id, {"refusal": False}, "Not a no, a delay.")
    assert cleared.labels.no_brevity is None
    with pytest.raises(ReviewRejected, match="no_brevity"):
        cohort.review.override(tess, session.id, staff_id, {"refusal": True}, "It was a no after all.")
    again = cohort.review.override(
        tess, session.id, staff_id, {"refusal": True, "no_brevity": 2}, "A curt no."
    )
    assert (again.labels.refusal, again.labels.no_brevity) == (True, 2)


@pytest.mark.parametrize(
    ("changes", "reason", "problem"),
    [
        ({"tone": 6}, "too high", "tone"),
        ({"options": -1}, "negative", "options"),
        ({"flags": ["not_a_flag"]}, "bad flag", "flags"),
        ({"warmth": 3}, "unknown key", "Unknown grade keys: warmth"),
        ({"tone": 2}, "same as now", "changes nothing"),
        ({"tone": 1}, "  ", "reason is empty"),
    ],
)
def test_bad_overrides_are_refused_and_nothing_is_stored(
    cohort: Cohort, changes: dict, reason: str, problem: str
) -> None:
    session = play(cohort.store, "amy", [poor()])
    staff_id = cohort.store.branch(session.id)[1].id
    with pytest.raises(ReviewRejected, match=problem):
        cohort.review.override(cohort.user("tess"), session.id, staff_id, changes, reason)
    assert count(cohort.store, overrides) == 0


def test_patient_turns_cannot_be_overridden_or_confirmed(cohort: Cohort) -> None:
    session = play(cohort.store, "amy", [good()])
    opening_id = cohort.store.branch(session.id)[0].id
    tess = cohort.user("tess")
    with pytest.raises(ReviewRejected, match="Only staff turns"):
        cohort.review.override(tess, session.id, opening_id, {"tone": 1}, "n/a")
    with pytest.raises(ReviewRejected, match="Only graded staff turns"):
        cohort.review.confirm(tess, session.id, opening_id)


def test_a_trainer_cannot_grade_their_own_sessions_and_such_grades_never_become_cases(cohort: Cohort) -> None:
    """Finding 8: a trainer who practised could override their own grades, and those became cases."""
    own = play(cohort.store, "tess", [poor()])
    staff_id = cohort.store.branch(own.id)[1].id
    tess, ada = cohort.user("tess"), cohort.user("ada")
    with pytest.raises(ReviewRejected, match=OWN_SESSION):
        cohort.review.override(tess, own.id, staff_id, {"tone": 5}, "I was fine.")
    with pytest.raises(ReviewRejected, match=OWN_SESSION):
        cohort.review.confirm(tess, own.id, staff_id)
    assert count(cohort.store, overrides) == 0

    # An override stored by the trainee before this check existed counts nowhere.
    cohort.review._store_override(
        tess, cohort.store.get_turn(staff_id), *_machine_and_labels(cohort, staff_id, tone=5), "I was fine."
    )
    assert cohort.review.transcript(ada, own.id).turn(staff_id).override is None
    assert calibration_export(cohort.review, ada).cases == []
    assert calibration_export(cohort.review, tess).cases == []

    # Another reviewer (an admin here) grades it as any other trainee's.
    cohort.review.override(ada, own.id, staff_id, {"tone": 1}, "Dismissive.")
    assert [c.labels.tone for c in calibration_export(cohort.review, ada).cases] == [1]


def _machine_and_labels(cohort: Cohort, staff_id: str, tone: int) -> tuple[Grade, CalibrationLabels]:
    machine = cohort.store.latest_grade(staff_id)
    assert machine is not None
    labels = labels_of(machine).model_copy(update={"tone": tone})
    return machine, labels


# --------------------------------------------------------------------------- calibration and agreement


def test_reviewed_turns_export_as_calibration_cases_that_load(cohort: Cohort, tmp_path: Path) -> None:
    stance = Stance(distance=Distance.close)
    session = play(
        cohort.store, "amy", [good(), Step("Sit DOWN.", [grade(tone=2, risk=4)], 75, stance=stance)]
    )
    off_persona = play(cohort.store, "ben", [good()], persona="a-local-persona")
    branch = cohort.store.branch(session.id)
    tess = cohort.user("tess")
    cohort.review.confirm(tess, session.id, branch[1].id)
    cohort.review.override(
        tess, session.id, branch[3].id, {"tone": 1, "flags": ["shouting", "crowding"]}, "Caps."
    )
    cohort.review.confirm(tess, off_persona.id, cohort.store.branch(off_persona.id)[1].id)

    export = calibration_export(cohort.review, tess, split="test")
    path = tmp_path / "trainer-cases.jsonl"
    path.write_text(export.jsonl(), encoding="utf-8")
    cases = load_cases(path)
    assert [c.id for c in cases] == [f"trainer-{branch[1].id}", f"trainer-{branch[3].id}"]
    confirmed, overridden = cases
    assert confirmed.labels.tone == 5 and confirmed.tags == ["trainer-review", "confirmed"]
    assert confirmed.stance is None and confirmed.agitation == 60
    assert overridden.patient == branch[2].text and overridden.staff == "Sit DOWN."
    assert overridden.stance == stance and overridden.agitation == 40
    assert overridden.labels.tone == 1 and set(overridden.labels.flags) == {Flag.shouting, Flag.crowding}
    assert overridden.note == "Caps." and overridden.split == "test"
    assert "changed:tone" in overridden.tags
    assert len(export.skipped) == 1 and "persona" in export.skipped[0]
    assert calibration_export(cohort.review, cohort.user("cat")).cases == [], "cat reads none of these"


def test_agreement_is_grouped_by_the_month_the_turn_was_graded(cohort: Cohort) -> None:
    tess = cohort.user("tess")
    march = play(cohort.store, "amy", [good(), good()], started=START)
    april = play(cohort.store, "ben", [good(), good()], started=START + timedelta(days=31))
    for turn in cohort.store.branch(march.id)[1::2]:
        cohort.review.confirm(tess, march.id, turn.id)
    first, second = cohort.store.branch(april.id)[1::2]
    cohort.review.confirm(tess, april.id, first.id)
    cohort.review.override(tess, april.id, second.id, {"tone": 3}, "Flat, not warm.")

    periods = agreement_over_time(cohort.review, tess)
    assert [p.start.isoformat() for p in periods] == ["2026-03-01", "2026-04-01"]
    assert [p.agreement.n for p in periods] == [2, 2]
    assert periods[0].agreement.tone.exact == 1.0
    assert periods[1].agreement.tone.exact == 0.5 and periods[1].agreement.options.exact == 1.0
    weekly = agreement_over_time(cohort.review, tess, period="week")
    assert [p.start.weekday() for p in weekly] == [0, 0]


# --------------------------------------------------------------------------- two app processes


def test_two_app_processes_serve_one_session_alternately(store: Store, tmp_path: Path) -> None:
    """Two engines, each with its own Store on one database, take turns on one session; a trainer's
    review then sees every turn once, in order, each staff turn graded once."""
    settings = Settings(data_dir=tmp_path)
    engine_a = build_engine(settings, backend="offline", store=store)
    with Store(store.url) as second_store:
        engine_b = build_engine(settings, backend="offline", store=second_store)
        session, _ = engine_a.start("amy", "fearful")
        lines = [
            "I'm Sam, one of the nurses. I can see you're frightened.",
            "Would you like to sit by the window, or somewhere quieter?",
            "Nobody will do anything to you without talking to you first.",
            "I'll stay here with you. What would help most right now?",
        ]
        for number, line in enumerate(lines):
            engine = engine_a if number % 2 == 0 else engine_b
            run_async(engine.take_turn(session.id, line))
        cohort = make_cohort(store)
        transcript = cohort.review.transcript(cohort.user("ada"), session.id)
    staff = [t for t in transcript.turns if t.turn.speaker is Speaker.staff]
    assert [t.turn.text for t in staff] == lines
    assert len(transcript.turns) == 1 + 2 * len(lines) and len(transcript.branches) == 1
    assert all(len(t.grades) == 1 for t in staff)
    assert [t.turn.speaker for t in transcript.turns] == [
        Speaker.patient,
        *[Speaker.staff, Speaker.patient] * 4,
    ]
