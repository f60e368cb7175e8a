"""Two app processes sending on one session at the same instant (finding 3 of issue 15).

Each try opens a session, then two spawned processes (separate app processes on one database) send a
staff line on it at the same moment, either with the same client token (one submit that reached two
processes) or with different ones (two windows). Whatever the interleaving, the turn tree never chains
staff under staff or a reply under a reply, and what each client is told matches what is stored: a
client told its line was not saved finds it absent, and one given a reply finds its line and that reply.
"""

from __future__ import annotations

import asyncio
from multiprocessing.connection import Connection as Pipe
from multiprocessing.synchronize import Barrier
from pathlib import Path

import pytest
from test_store import SPAWN, WORKER_DEADLINE_S, run_in_processes

from coach.backends import build_engine
from coach.config import Settings
from coach.engine import SENT_ELSEWHERE, UNANSWERED, Engine
from coach.models import Speaker, Turn
from coach.store import Store
from coach.turn_events import TurnResult
from coach.typed_text import TurnRejected

TRIES = 100
NOT_SAVED = (SENT_ELSEWHERE, UNANSWERED)  # what a client is told when its line was not stored


def _send(engine: Engine, session_id: str, text: str, token: str) -> tuple[str, str | None, str | None]:
    """One send -> (what the client was told, its staff turn id, its reply's id)."""

    async def run() -> tuple[str, str | None, str | None]:
        try:
            async for event in engine.stream_turn(session_id, text, client_token=token):
                if isinstance(event, TurnResult):
                    return "reply", event.staff.id, event.patient.id
        except TurnRejected as exc:
            return str(exc), None, None
        return "no result", None, None

    return asyncio.run(run())


def _send_in_a_process(
    url: str, data_dir: Path, session_ids: list[str], worker: int, start: Barrier, report: Pipe
) -> None:
    with Store(url) as store:
        engine = build_engine(Settings(data_dir=data_dir), backend="offline", store=store)
        told = []
        for i, session_id in enumerate(session_ids):
            same_token = i % 2 == 0
            token = f"try-{i}" if same_token else f"try-{i}-worker-{worker}"
            start.wait()
            told.append(_send(engine, session_id, f"Line {i} from window {worker}.", token))
        report.send(told)


def _broken_links(turns: list[Turn]) -> list[str]:
    """Turns that hang off a turn of the same speaker (staff -> staff, patient -> patient)."""
    by_id = {t.id: t for t in turns}
    return [
        f"{by_id[t.parent_id].speaker.value} -> {t.speaker.value}"
        for t in turns
        if t.parent_id is not None and by_id[t.parent_id].speaker is t.speaker
    ]


@pytest.mark.slow  # a hundred rounds of two spawned app processes
def test_two_processes_sending_at_once_never_break_the_turn_tree(store: Store, tmp_path: Path) -> None:
    engine = build_engine(Settings(data_dir=tmp_path), backend="offline", store=store)
    session_ids = [engine.start(f"trainee{i}", "fearful")[0].id for i in range(TRIES)]
    start = SPAWN.Barrier(2, timeout=WORKER_DEADLINE_S)
    receive, send = SPAWN.Pipe(duplex=False)

    exit_codes = run_in_processes(
        _send_in_a_process, [(store.url, tmp_path, session_ids, w, start, send) for w in range(2)]
    )

    assert exit_codes == [0, 0]
    told = [receive.recv(), receive.recv()]
    broken, refused, both_answered = 0, 0, 0
    for i, session_id in enumerate(session_ids):
        turns = store.all_turns(session_id)
        broken += bool(_broken_links(turns))
        by_id = {t.id: t for t in turns}
        answers = [told[0][i], told[1][i]]
        for message, staff_id, reply_id in answers:
            if message == "reply":
                assert staff_id in by_id and by_id[reply_id or ""].parent_id == staff_id
            else:
                assert message in NOT_SAVED, message
        refused += sum(message in NOT_SAVED for message, _, _ in answers)
        both_answered += all(message == "reply" for message, _, _ in answers)
        staff_lines = [t for t in turns if t.speaker is Speaker.staff]
        # One line stored per reply given, and never a line stored that its sender was told was not.
        assert len(staff_lines) == len({staff_id for _, staff_id, _ in answers if staff_id})
        if i % 2 == 0:
            assert len(staff_lines) == 1, "one token, one line, whichever process stored it"
            assert told[0][i] == told[1][i], "both sends of one submit are given the same reply"
    print(
        f"\n{store.engine.dialect.name}: {TRIES} tries, {broken} broken trees, {refused} sends refused "
        f"as sent at once, {both_answered} tries where both clients were given a reply"
    )
    assert broken == 0
