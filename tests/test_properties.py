"""Properties of the whole offline engine, on generated input (hypothesis), through the store.

The grader's and the dynamics' own properties (scores in range, agitation 0-100, determinism, any unicode)
are in test_offline_grader.py and test_dynamics.py; these are the ones only the assembled engine has:
any text is either refused cleanly or answered within the scales; the offline patient never repeats a
line on a branch; any mix of turns, undos and rewinds leaves a well-formed branch; and a branch replayed
from its start, by another process on the same database, gives the same replies, grades and agitation.
(Two sessions given the same turns may differ: the patient's lines are seeded by the session, and the
grade reads the patient's last line.)
"""

from __future__ import annotations

import asyncio
import itertools
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.backends import build_engine
from coach.config import Settings
from coach.engine import Engine
from coach.models import MAX_TURN_CHARS, Band, Speaker, Turn
from coach.stance import Action, Distance, Stance, Voice
from coach.store import Store
from coach.typed_text import TurnRejected

# Each example plays turns through a whole engine: two fifths of the profile's count (40 in the full run).
PROPERTY = settings(
    max_examples=settings.default.max_examples * 2 // 5,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
PERSONAS = ["fearful", "paranoid", "ignored-for-days", "refused-request", "withdrawn", "patient-conflict"]
LINES = [
    "Hi, I'm Sam, one of the nurses. What's going on?",
    "I can see this is really upsetting. Would you like to sit down, or walk with me?",
    "I can't do that right now because the doctor has to review it first, but I can ring them at two.",
    "Calm down, you're overreacting.",
    "If you don't stop, you'll be restrained.",
    "That sounds frightening. What would help most right now?",
    "You could have a cup of tea in the lounge, or we could talk in the quiet room.",
    "I'm sorry nobody got back to you. Let's go through it now.",
    "No.",
    "I'll give you some space. I'll be just here.",
]
C0_C1 = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

stances = st.builds(
    Stance,
    distance=st.sampled_from([None, *Distance]),
    voice=st.sampled_from([None, *Voice]),
    posture=st.none(),
    actions=st.lists(st.sampled_from(list(Action)), max_size=2, unique=True),
)
any_text = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=MAX_TURN_CHARS - 5, max_size=MAX_TURN_CHARS + 5),
    st.sampled_from(LINES).map(lambda line: f" \t{line}\n"),
)


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return build_engine(Settings(data_dir=tmp_path_factory.mktemp("properties")), backend="offline")


@pytest.fixture(scope="module")
def other_process(engine: Engine) -> Engine:
    """A second engine on the same database, as another app process would have."""
    return build_engine(
        Settings(database_url=engine.store.url), backend="offline", store=Store(engine.store.url)
    )


def turn(engine: Engine, session_id: str, text: str, stance: Stance | None = None):  # type: ignore[no-untyped-def]
    return asyncio.run(engine.take_turn(session_id, text, stance))


def assert_within_scales(agitation: float, band: Band) -> None:
    assert 0 <= agitation <= 100
    assert band is Band.for_agitation(agitation)


@PROPERTY
@given(text=any_text, persona=st.sampled_from(PERSONAS))
def test_any_text_is_refused_cleanly_or_answered_within_the_scales(
    engine: Engine, text: str, persona: str
) -> None:
    session, _ = engine.start("prop", persona)
    try:
        result = turn(engine, session.id, text)
    except TurnRejected as refused:
        message = str(refused)
        assert "\n" not in message
        assert any(reason in message for reason in ("is empty", "characters; the limit", "control character"))
        found = re.search(r"U\+([0-9A-F]{4,6})", message)
        assert found is None or chr(int(found.group(1), 16)) in text
        assert len(engine.store.all_turns(session.id)) == 1, "nothing stored for a refused turn"
        return
    stored = engine.store.get_turn(result.staff.id)
    assert stored.text == text.strip() and 0 < len(stored.text) <= MAX_TURN_CHARS
    assert not C0_C1.search(stored.text)
    scores = result.grade.scores
    assert 1 <= scores.tone <= 5 and 1 <= scores.escalation_risk <= 5 and 0 <= scores.options <= 3
    assert (scores.no_brevity is None) == (not result.grade.refusal)
    assert_within_scales(result.state.agitation, result.state.band)
    assert result.patient.text.strip() and result.patient.parent_id == result.staff.id


@pytest.mark.slow
@PROPERTY
@given(
    persona=st.sampled_from(PERSONAS),
    script=st.lists(st.tuples(st.sampled_from(LINES), stances), min_size=5, max_size=30),
)
def test_the_offline_patient_never_repeats_a_line_on_a_branch(
    engine: Engine, persona: str, script: list[tuple[str, Stance]]
) -> None:
    session, _ = engine.start("prop", persona)
    for text, stance in script:
        if turn(engine, session.id, text, stance).outcome is not None:
            break
    said = [t.text for t in engine.branch(session.id) if t.speaker is Speaker.patient]
    assert len(said) == len(set(said)), "a patient line came twice"


def assert_well_formed(branch: list[Turn]) -> None:
    """Starts with the opening, alternates patient and staff, each turn hangs off the one before, and
    every patient turn carries a state within the scales."""
    assert branch[0].speaker is Speaker.patient and branch[0].parent_id is None
    for before, after in itertools.pairwise(branch):
        assert after.parent_id == before.id and after.speaker is not before.speaker
    for t in branch:
        if t.speaker is Speaker.patient:
            assert t.state is not None
            assert_within_scales(t.state.agitation, t.state.band)


@pytest.mark.slow
@PROPERTY
@given(
    persona=st.sampled_from(PERSONAS),
    moves=st.lists(
        st.one_of(st.sampled_from(LINES), st.just("undo"), st.integers(min_value=0, max_value=20)),
        max_size=25,
    ),
)
def test_any_mix_of_turns_undos_and_rewinds_keeps_a_well_formed_branch(
    engine: Engine, persona: str, moves: list[str | int]
) -> None:
    session, _ = engine.start("prop", persona)
    stored = 1
    for move in moves:
        try:
            if move == "undo":
                head = engine.undo(session.id)
            elif isinstance(move, int):
                patient = [t for t in engine.branch(session.id) if t.speaker is Speaker.patient]
                head = engine.rewind(session.id, patient[move % len(patient)].id)
            else:
                head = turn(engine, session.id, move).patient
                stored += 2
        except TurnRejected:  # nothing to undo, or the scene ended: play stops there
            continue
        branch = engine.branch(session.id)
        assert branch[-1].id == head.id
        assert_well_formed(branch)
        assert engine.state(session.id) == head.state
    assert len(engine.store.all_turns(session.id)) == stored, "undo and rewind never delete a turn"


@pytest.mark.slow
@PROPERTY
@given(persona=st.sampled_from(PERSONAS), script=st.lists(st.sampled_from(LINES), min_size=1, max_size=12))
def test_replaying_a_branch_from_another_process_gives_the_same_replies_grades_and_agitation(
    engine: Engine, other_process: Engine, persona: str, script: list[str]
) -> None:
    session, opening = engine.start("prop", persona)
    paths = []
    for playing in (engine, other_process):
        playing.rewind(session.id, opening.id)
        path = []
        for text in script:
            result = turn(playing, session.id, text)
            path.append(
                (result.patient.text, result.grade.scores, result.grade.flags, result.state.agitation)
            )
            if result.outcome is not None:
                break
        paths.append(path)
    assert paths[0] == paths[1]
