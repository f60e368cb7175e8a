"""The store: round trips, turn trees, idempotent submits, migrations, and several processes at once."""

from __future__ import annotations

import multiprocessing
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from multiprocessing.connection import Connection as Pipe
from multiprocessing.connection import wait as wait_for
from multiprocessing.synchronize import Barrier
from pathlib import Path
from uuid import uuid4

import pytest
from sqlalchemy import select, text

from coach.config import Settings
from coach.database import SQLITE_BUSY_TIMEOUT_MS
from coach.migrations import MIGRATIONS
from coach.models import (
    Band,
    Debrief,
    DebriefGrade,
    Flag,
    Grade,
    Outcome,
    PatientState,
    Scores,
    Session,
    Speaker,
    Turn,
)
from coach.schema import turns
from coach.stance import Action, Distance, Stance
from coach.store import HeadMoved, SessionNotFound, Store, TurnNotFound

SPAWN = multiprocessing.get_context("spawn")  # children import afresh, as separate app processes would
WORKER_DEADLINE_S = 120  # a stuck worker fails its test rather than hanging the suite

MIGRATION_NAMES = [name for name, _ in MIGRATIONS]
# Every module whose `metadata` declares migrated tables; the schema tests hold them to the migrations.
# Imported inside the tests, so a module that fails to import fails its own case, not this file.


def new_session(store: Store, **fields: object) -> Session:
    values: dict[str, object] = {
        "id": uuid4().hex,
        "trainee": "ana",
        "persona_id": "fearful",
        "backend": "offline",
        **fields,
    }
    return store.create_session(Session.model_validate(values))


def staff(text: str = "I'm here to help.") -> Turn:
    return Turn(speaker=Speaker.staff, text=text)


def patient(text: str = "Leave me alone!", agitation: float = 40.0) -> Turn:
    band = Band.for_agitation(agitation)
    return Turn(
        speaker=Speaker.patient,
        text=text,
        cues=["clenched fists"],
        state=PatientState(agitation=agitation, band=band, cues=["pacing"], peak=agitation),
        source="offline",
    )


def grade(grader: str = "offline", tone: int = 4) -> Grade:
    return Grade(
        scores=Scores(tone=tone, options=1, escalation_risk=2),
        refusal=False,
        flags=[Flag.calm_down],
        grader=grader,
    )


# --------------------------------------------------------------------------- sessions


def test_session_round_trip_keeps_every_field_in_utc(store: Store) -> None:
    started = datetime(2025, 3, 1, 9, 30, tzinfo=timezone(timedelta(hours=2)))
    created = new_session(store, intention="offer choices", low_anxiety=True, started_at=started)

    loaded = store.get_session(created.id)

    assert loaded == created
    assert loaded.started_at == started and loaded.started_at.tzinfo is UTC
    assert (loaded.intention, loaded.low_anxiety, loaded.head_turn_id) == ("offer choices", True, None)


def test_create_session_refuses_duplicates_naive_times_and_a_preset_head(store: Store) -> None:
    session = new_session(store)
    with pytest.raises(ValueError, match="already exists"):
        store.create_session(session)
    with pytest.raises(ValueError, match="no time zone"):
        new_session(store, started_at=datetime(2025, 1, 1, 12, 0))
    with pytest.raises(ValueError, match="head_turn_id"):
        new_session(store, head_turn_id="abc")


def test_unknown_session_is_a_key_error_naming_the_id(store: Store) -> None:
    calls = [
        lambda: store.get_session("nope"),
        lambda: store.add_turn("nope", staff()),
        lambda: store.branch("nope"),
        lambda: store.all_turns("nope"),
        lambda: store.set_head("nope", "t"),
        lambda: store.end_session("nope", Outcome.unresolved),
        lambda: store.get_debrief("nope"),
        lambda: store.add_usage("nope", "m", 1, 1),
        lambda: store.usage_totals("nope"),
    ]
    for call in calls:
        with pytest.raises(SessionNotFound) as caught:
            call()
        assert isinstance(caught.value, KeyError)
        assert str(caught.value) == "no session with id 'nope'"


def test_list_sessions_filters_and_puts_the_newest_first(store: Store) -> None:
    base = datetime(2025, 5, 1, tzinfo=UTC)
    a = new_session(store, trainee="ana", persona_id="fearful", started_at=base)
    b = new_session(store, trainee="ana", persona_id="paranoid", started_at=base + timedelta(hours=1))
    c = new_session(store, trainee="ben", persona_id="fearful", started_at=base + timedelta(hours=2))
    store.end_session(b.id, Outcome.crisis)

    def ids(**filters: object) -> list[str]:
        return [s.id for s in store.list_sessions(**filters)]  # type: ignore[arg-type]

    assert ids() == [c.id, b.id, a.id]
    assert ids(trainee="ana") == [b.id, a.id]
    assert ids(persona_id="fearful") == [c.id, a.id]
    assert ids(outcome="crisis") == [b.id]
    assert ids(since=base + timedelta(hours=1)) == [c.id, b.id]
    assert ids(until=base + timedelta(hours=1)) == [a.id]
    assert ids(limit=1) == [c.id]


def test_end_session_keeps_the_first_outcome(store: Store) -> None:
    session = new_session(store)
    first_end = datetime(2025, 6, 1, 10, 0, tzinfo=UTC)

    ended = store.end_session(session.id, Outcome.de_escalated, ended_at=first_end)
    again = store.end_session(session.id, Outcome.crisis)

    assert (ended.outcome, ended.ended_at) == (Outcome.de_escalated, first_end)
    assert again == ended == store.get_session(session.id)


# --------------------------------------------------------------------------- turns


def test_turn_round_trip_keeps_stance_cues_and_patient_state(store: Store) -> None:
    session = new_session(store)
    opening = store.add_turn(session.id, patient("Get away from me!", agitation=62.5))
    stance = Stance(distance=Distance.two_arms_or_more, actions=[Action.step_back])
    reply = store.add_turn(session.id, Turn(speaker=Speaker.staff, text="I'll stay here.", stance=stance))

    assert store.get_turn(opening.id) == opening
    assert store.get_turn(reply.id) == reply
    assert opening.state == PatientState(
        agitation=62.5, band=Band.highly_agitated, cues=["pacing"], peak=62.5
    )
    assert (opening.cues, opening.source, opening.session_id) == (["clenched fists"], "offline", session.id)
    assert reply.stance == stance and reply.state is None
    with store.engine.connect() as conn:
        columns = conn.execute(select(turns.c.agitation, turns.c.band).where(turns.c.id == opening.id)).one()
    assert tuple(columns) == (62.5, "highly_agitated")


def test_add_turn_chains_each_turn_to_the_head_and_moves_the_head(store: Store) -> None:
    session = new_session(store)
    first = store.add_turn(session.id, patient())
    second = store.add_turn(session.id, staff())
    third = store.add_turn(session.id, patient())

    assert (first.parent_id, second.parent_id, third.parent_id) == (None, first.id, second.id)
    assert store.get_session(session.id).head_turn_id == third.id
    with store.engine.connect() as conn:
        depths = conn.execute(select(turns.c.depth).where(turns.c.session_id == session.id)).scalars()
        assert sorted(depths) == [0, 1, 2]


def test_going_back_and_replying_again_makes_a_second_branch(store: Store) -> None:
    session = new_session(store)
    opening = store.add_turn(session.id, patient("Why is nobody listening?"))
    first_try = store.add_turn(session.id, staff("Calm down."))
    first_reply = store.add_turn(session.id, patient("Don't tell me to calm down!", agitation=70))

    store.set_head(session.id, opening.id)
    second_try = store.add_turn(session.id, staff("I'm listening. What happened?"))
    second_reply = store.add_turn(session.id, patient("They took my phone.", agitation=30))

    assert second_try.parent_id == opening.id
    assert [t.id for t in store.branch(session.id)] == [opening.id, second_try.id, second_reply.id]
    assert [t.id for t in store.branch(session.id, first_reply.id)] == [
        opening.id,
        first_try.id,
        first_reply.id,
    ]
    assert [t.id for t in store.all_turns(session.id)] == [
        opening.id,
        first_try.id,
        first_reply.id,
        second_try.id,
        second_reply.id,
    ]


def test_conversation_is_the_session_its_turns_its_branch_and_the_answered_grades(store: Store) -> None:
    session = new_session(store)
    opening = store.add_turn(session.id, patient("Why is nobody listening?"))
    first_try = store.add_turn(session.id, staff("Calm down."))
    store.add_turn(session.id, patient("Don't tell me to calm down!", agitation=70))
    store.set_head(session.id, opening.id)
    second_try = store.add_turn(session.id, staff("I'm listening. What happened?"))
    store.add_grade(second_try.id, grade())
    store.add_grade(second_try.id, grade("llm", tone=5))
    store.add_grade(first_try.id, grade(tone=1))
    store.add_turn(session.id, patient("They took my phone.", agitation=30))

    seen = store.conversation(session.id)

    assert seen.session == store.get_session(session.id)
    assert seen.turns == store.all_turns(session.id)
    assert seen.branch == store.branch(session.id)
    assert seen.answered_grades == store.grades(second_try.id)  # the reply's staff turn, not the old try
    store.set_head(session.id, second_try.id)  # an unanswered staff turn: no grades to reconcile with
    assert store.conversation(session.id).answered_grades == []
    with pytest.raises(SessionNotFound):
        store.conversation("ghost")


def test_open_session_stores_the_session_with_its_opening_as_head(store: Store) -> None:
    session = Session(id=uuid4().hex, trainee="ana", persona_id="fearful", backend="offline")

    opened, opening = store.open_session(session, patient("Who are you?"))

    assert opened == store.get_session(session.id)
    assert opened.head_turn_id == opening.id
    assert store.branch(session.id) == [opening]
    assert (opening.text, opening.parent_id, opening.session_id) == ("Who are you?", None, session.id)
    with pytest.raises(ValueError, match="already exists"):
        store.open_session(session, patient())


def test_a_staff_turn_appended_with_its_grade_stores_both_and_a_resend_neither(store: Store) -> None:
    session = new_session(store)
    opening = store.add_turn(session.id, patient())

    sent = store.append_turn(session.id, staff("Hello."), after=opening.id, client_token="t1", grade=grade())
    again = store.append_turn(
        session.id, staff("Hello."), after=opening.id, client_token="t1", grade=grade("other")
    )

    assert sent.new and not again.new and again.turn == sent.turn
    assert store.grades(sent.turn.id) == [grade()]
    with pytest.raises(ValueError, match="only staff turns"):
        store.append_turn(session.id, patient(), after=sent.turn.id, grade=grade())
    assert store.branch(session.id) == [opening, sent.turn]


def test_branch_of_a_session_without_turns_is_empty(store: Store) -> None:
    session = new_session(store)
    assert store.branch(session.id) == []
    assert store.all_turns(session.id) == []


def test_turns_of_another_session_are_refused(store: Store) -> None:
    mine, other = new_session(store), new_session(store)
    foreign = store.add_turn(other.id, patient())

    with pytest.raises(ValueError, match="is not a turn of session"):
        store.set_head(mine.id, foreign.id)
    with pytest.raises(ValueError, match="is not a turn of session"):
        store.branch(mine.id, foreign.id)
    with pytest.raises(ValueError, match="is not a turn of session"):
        store.set_head(mine.id, "no-such-turn")
    assert store.get_session(mine.id).head_turn_id is None


def test_unknown_turn_is_a_key_error_naming_the_id(store: Store) -> None:
    for call in (
        lambda: store.get_turn("ghost"),
        lambda: store.add_grade("ghost", grade()),
        lambda: store.grades("ghost"),
        lambda: store.latest_grade("ghost"),
    ):
        with pytest.raises(TurnNotFound) as caught:
            call()
        assert isinstance(caught.value, KeyError)
        assert str(caught.value) == "no turn with id 'ghost'"


def test_a_repeated_client_token_returns_the_first_turn_and_stores_nothing(store: Store) -> None:
    session, other = new_session(store), new_session(store)
    store.add_turn(session.id, patient())
    first = store.add_turn(session.id, staff("Hello."), client_token="submit-1")
    after = store.add_turn(session.id, patient())

    again = store.add_turn(session.id, staff("Hello, again."), client_token="submit-1")

    assert again == first
    assert len(store.all_turns(session.id)) == 3
    assert store.get_session(session.id).head_turn_id == after.id
    elsewhere = store.add_turn(other.id, staff("Hello."), client_token="submit-1")
    assert elsewhere.id != first.id and elsewhere.session_id == other.id


def test_naive_turn_time_is_refused_and_nothing_is_stored(store: Store) -> None:
    session = new_session(store)
    with pytest.raises(ValueError, match="no time zone"):
        store.add_turn(session.id, Turn(speaker=Speaker.staff, text="Hi", created_at=datetime(2025, 1, 1)))
    assert store.all_turns(session.id) == []


# --------------------------------------------------------------------------- grades, debriefs, usage


def test_grades_come_back_oldest_first_and_latest_is_the_last(store: Store) -> None:
    session = new_session(store)
    turn = store.add_turn(session.id, staff())
    assert store.grades(turn.id) == [] and store.latest_grade(turn.id) is None

    offline, fallback = grade("offline", tone=4), grade("llm-fallback", tone=3)
    store.add_grade(turn.id, offline)
    store.add_grade(turn.id, fallback, is_fallback=True)

    assert store.grades(turn.id) == [offline, fallback]
    assert store.latest_grade(turn.id) == fallback
    with store.engine.connect() as conn:
        flags = conn.execute(text("SELECT is_fallback FROM grades ORDER BY seq")).scalars().all()
    assert flags == [False, True]


def test_latest_grades_of_a_session_in_one_call(store: Store) -> None:
    session, other = new_session(store), new_session(store)
    first = store.add_turn(session.id, staff())
    second = store.add_turn(session.id, staff())
    ungraded = store.add_turn(session.id, staff())
    elsewhere = store.add_turn(other.id, staff())
    for g in (grade("offline", tone=2), grade("llm:x", tone=4), grade("llm-fallback", tone=3)):
        store.add_grade(first.id, g)
    store.add_grade(second.id, grade("offline", tone=5))
    store.add_grade(elsewhere.id, grade("offline", tone=1))

    latest = store.latest_grades(session.id)

    assert latest == {first.id: store.latest_grade(first.id), second.id: store.latest_grade(second.id)}
    assert latest[first.id].grader == "llm-fallback" and ungraded.id not in latest


def test_patient_turns_cannot_be_graded(store: Store) -> None:
    session = new_session(store)
    line = store.add_turn(session.id, patient())
    with pytest.raises(ValueError, match="only staff turns are graded"):
        store.add_grade(line.id, grade())


def test_debrief_round_trip_returns_the_latest(store: Store) -> None:
    session = new_session(store)
    assert store.get_debrief(session.id) is None
    marks = DebriefGrade(covered={"repair": True, "triggers": False}, score=0.5, grader="offline")
    first = Debrief(session_id=session.id, text="I moved too close.", grade=marks)
    revised = first.model_copy(
        update={
            "text": "I moved too close; I'll step back.",
            "created_at": first.created_at + timedelta(minutes=5),
        }
    )

    assert store.save_debrief(first) == first
    store.save_debrief(revised)

    assert store.get_debrief(session.id) == revised


def test_usage_totals_add_up_tokens_and_known_costs(store: Store) -> None:
    session = new_session(store)
    assert store.usage_totals(session.id) == {
        "calls": 0,
        "prompt_tokens": 0,
        "completion_tokens": 0,
        "cost_usd": None,
    }
    store.add_usage(session.id, "gpt-4o-mini", 120, 30)
    assert store.usage_totals(session.id)["cost_usd"] is None
    store.add_usage(session.id, "gpt-4o-mini", 200, 50, cost_usd=0.25)
    store.add_usage(session.id, "gpt-4o-mini", 80, 20, cost_usd=0.5)

    assert store.usage_totals(session.id) == {
        "calls": 3,
        "prompt_tokens": 400,
        "completion_tokens": 100,
        "cost_usd": 0.75,
    }
    with pytest.raises(ValueError, match="negative"):
        store.add_usage(session.id, "gpt-4o-mini", -1, 0)


# --------------------------------------------------------------------------- SQLite specifics


def test_from_settings_makes_the_data_folder_and_uses_wal(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "not" / "yet" / "here", database_url=None)
    with Store.from_settings(settings) as store:
        session = new_session(store)
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == SQLITE_BUSY_TIMEOUT_MS
    assert (tmp_path / "not" / "yet" / "here" / "coach.db").is_file()
    with Store(settings.db_url) as reopened:
        assert reopened.get_session(session.id) == session


# --------------------------------------------------------------------------- several processes


def assert_single_chain(store: Store, session_id: str, count: int) -> list[Turn]:
    """The session holds `count` turns, each hanging off the one before: no loss, no fork, no copy."""
    stored = store.all_turns(session_id)
    chain = store.branch(session_id)
    assert len(stored) == count
    assert [t.id for t in chain] == [t.id for t in stored]
    assert [t.parent_id for t in chain] == [None, *[t.id for t in chain[:-1]]]
    return chain


def test_two_stores_on_one_database_carry_one_session_on(store: Store) -> None:
    session = new_session(store)
    with Store(store.url) as second:
        for i in range(10):
            writer = store if i % 2 == 0 else second
            writer.add_turn(session.id, staff(f"line {i}"), client_token=f"t{i}")
        assert second.get_session(session.id) == store.get_session(session.id)
        chain = assert_single_chain(second, session.id, 10)
    assert [t.text for t in chain] == [f"line {i}" for i in range(10)]


def test_threads_sharing_one_store_lose_nothing(store: Store) -> None:
    session = new_session(store)

    def submit(worker: int) -> None:
        for i in range(25):
            store.add_turn(session.id, staff(f"{worker}-{i}"), client_token=f"{worker}-{i}")

    threads = [threading.Thread(target=submit, args=(w,)) for w in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    chain = assert_single_chain(store, session.id, 100)
    assert {t.text for t in chain} == {f"{w}-{i}" for w in range(4) for i in range(25)}


def test_append_turn_stores_only_after_the_head_it_was_given(store: Store) -> None:
    session = new_session(store)
    opening = store.add_turn(session.id, Turn(speaker=Speaker.patient, text="Who are you?"))
    first = store.append_turn(session.id, staff("one"), after=opening.id, client_token="a")
    assert first.new and first.turn.parent_id == opening.id

    with pytest.raises(HeadMoved) as moved:
        store.append_turn(session.id, staff("two"), after=opening.id, client_token="b")
    assert (moved.value.expected, moved.value.head) == (opening.id, first.turn.id)
    again = store.append_turn(session.id, staff("one, sent twice"), after=opening.id, client_token="a")
    assert not again.new and again.turn == first.turn, "a known token returns its turn, head or no head"
    assert [t.text for t in store.all_turns(session.id)] == ["Who are you?", "one"]


def test_append_turn_places_each_turn_below_its_parent_and_after_every_earlier_turn(store: Store) -> None:
    session = new_session(store)
    opening = store.append_turn(session.id, patient("Who are you?"), after=None).turn
    first_try = store.append_turn(session.id, staff("Calm down."), after=opening.id).turn
    reply = store.append_turn(session.id, patient("Don't!", agitation=70), after=first_try.id).turn
    store.set_head(session.id, opening.id)  # rewind: the next line starts a second branch
    second_try = store.append_turn(
        session.id, staff("What happened?"), after=opening.id, client_token="x"
    ).turn

    with store.reading() as conn:
        placed = {
            row.id: (row.depth, row.seq)
            for row in conn.execute(select(turns.c.id, turns.c.depth, turns.c.seq))
        }
    assert placed == {opening.id: (0, 0), first_try.id: (1, 1), reply.id: (2, 2), second_try.id: (1, 3)}
    assert store.branch(session.id) == [opening, second_try]

    store.set_head(session.id, opening.id)  # undone: the head is where the first send found it
    again = store.append_turn(session.id, staff("What happened, again?"), after=opening.id, client_token="x")
    assert not again.new and again.turn == second_try, "a known token returns its turn, the head unmoved"
    assert store.get_session(session.id).head_turn_id == opening.id
    assert len(store.all_turns(session.id)) == 4


def test_a_new_sqlite_database_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    """Finding 7: coach.db (it holds password hashes) was created 0644."""
    path = tmp_path / "data" / "coach.db"
    with Store(f"sqlite:///{path}") as opened:
        opened.add_turn(new_session(opened).id, staff())
    files = [path, *path.parent.glob("coach.db-*")]
    assert {oct(f.stat().st_mode & 0o777) for f in files} == {"0o600"}, files
    assert path.parent.stat().st_mode & 0o077 == 0, "its folder is the owner's alone"

    path.chmod(0o644)
    Store(f"sqlite:///{path}").close()
    assert path.stat().st_mode & 0o777 == 0o600, "an existing database left readable is tightened"


def run_in_processes(
    target: Callable[..., None], args_per_process: list[tuple[object, ...]]
) -> list[int | None]:
    """Run one spawned process per args tuple and wait for all; their exit codes (-9: killed as hung)."""
    workers = [SPAWN.Process(target=target, args=args) for args in args_per_process]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=WORKER_DEADLINE_S)
    for worker in workers:
        if worker.is_alive():
            worker.kill()
            worker.join()
    return [worker.exitcode for worker in workers]


def _add_turns_in_a_process(url: str, session_id: str, worker: int, start: Barrier) -> None:
    with Store(url) as store:
        start.wait()
        for i in range(50):
            token = f"{worker}-{i}"
            store.add_turn(session_id, Turn(speaker=Speaker.staff, text=token), client_token=token)
            # every second call is a double submit, as from a retried request
            if i % 2:
                store.add_turn(session_id, Turn(speaker=Speaker.staff, text="dup"), client_token=token)
            # A pause between submits, as a person types: without it one SQLite writer takes the lock
            # back before the other's busy handler wakes, and the two runs barely interleave.
            time.sleep(0.005)


@pytest.mark.slow
def test_two_processes_adding_turns_to_one_session_build_one_chain(store: Store) -> None:
    session = new_session(store)
    start = SPAWN.Barrier(2, timeout=WORKER_DEADLINE_S)

    exit_codes = run_in_processes(
        _add_turns_in_a_process, [(store.url, session.id, w, start) for w in range(2)]
    )

    assert exit_codes == [0, 0]
    chain = assert_single_chain(store, session.id, 100)
    assert len({t.parent_id for t in chain}) == 100
    assert sorted(t.text for t in chain) == sorted(f"{w}-{i}" for w in range(2) for i in range(50))


def _open_store_in_a_process(url: str, start: Barrier, report: Pipe) -> None:
    start.wait()
    with Store(url) as store:
        report.send(store.migrations_applied)


@pytest.mark.slow
def test_processes_starting_at_once_apply_migrations_once(database_url: str) -> None:
    start = SPAWN.Barrier(3, timeout=WORKER_DEADLINE_S)
    receive, send = SPAWN.Pipe(duplex=False)

    exit_codes = run_in_processes(_open_store_in_a_process, [(database_url, start, send)] * 3)

    assert exit_codes == [0, 0, 0]
    reports = [receive.recv() for _ in range(3)]
    assert sorted(reports) == [[], [], MIGRATION_NAMES]
    with Store(database_url) as store:
        assert list(store.applied_migrations()) == MIGRATION_NAMES


def _add_a_turn_then_hang(url: str, session_id: str, report: Pipe) -> None:
    store = Store(url)
    turn = store.add_turn(session_id, Turn(speaker=Speaker.staff, text="acknowledged"))
    report.send(turn.id)
    threading.Event().wait()  # hold the store open until killed


@pytest.mark.slow
def test_a_killed_process_loses_no_acknowledged_turn(store: Store) -> None:
    session = new_session(store)
    receive, send = SPAWN.Pipe(duplex=False)
    worker = SPAWN.Process(target=_add_a_turn_then_hang, args=(store.url, session.id, send))
    worker.start()
    ready = wait_for([receive, worker.sentinel], timeout=WORKER_DEADLINE_S)
    worker.kill()
    worker.join()
    assert receive in ready, f"the worker ended before acknowledging a turn (exit code {worker.exitcode})"

    turn_id = receive.recv()
    with Store(store.url) as after_crash:
        assert after_crash.get_turn(turn_id).text == "acknowledged"
        assert after_crash.get_session(session.id).head_turn_id == turn_id
