"""Placing a new turn in a session's tree, inside a write transaction the caller holds (coach.store).

Two ways to one result. `place_after`, when the caller names the head it read (append_turn's usual
path, and append_exchange's staff turn with its reply), moves the head from that turn in one statement
and lets each INSERT work out its turn's depth and seq: two or three statements for a turn, where locking
the session and reading the placement took two more; its statements run on the driver's cursor
(coach.store_driver). It stores nothing and returns None when the head moved or the session is gone,
and raises IntegrityError (the table's constraint) when the client token was used before. `place_at_head`
locks the session, reads where the turn goes, and tells those cases apart (HeadMoved, SessionNotFound,
the token's earlier turn).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection

from coach import store_statements as sql
from coach.models import Grade, Turn
from coach.schema import grade_row, new_id, turn_from, turn_row
from coach.store_driver import DriverStatements
from coach.store_errors import HeadMoved, SessionNotFound


@dataclass(frozen=True)
class Appended:
    """What append_turn did: the turn as stored, and whether this call stored it (False: a turn with the
    same client token was already there, and is returned instead)."""

    turn: Turn
    new: bool


class AnyHead:
    """add_turn's `after` when the caller does not check the head."""


ANY_HEAD = AnyHead()


def lock_session(conn: Connection, session_id: str) -> str | None:
    """Lock the session row until commit (PostgreSQL; SQLite holds the database lock) -> its head."""
    row = conn.execute(sql.LOCK, {"session_id": session_id}).first()
    if row is None:
        raise SessionNotFound(session_id)
    return row.head_turn_id


def place_after(
    driver: DriverStatements,
    conn: Connection,
    session_id: str,
    chain: Sequence[Turn],
    client_token: str | None,
    after: str | None,
    grade: Grade | None,
    seen: int | None = None,
    ending: Mapping[str, Any] | None = None,
) -> list[Turn] | None:
    """`chain` stored after `after`, each turn answering the one before, if `after` is still the head
    (the first turn's `grade` and `client_token` with it), and then the session's `ending` (the
    parameters of sql.END_SESSION) recorded when one is given; the turns as stored. None, nothing stored,
    if `after` is not the head, or, when the writer says it has `seen` that many turns of the session
    (the store's kept copy), if the session has another number of turns or has ended. The UPDATE that
    compares and moves the head (to the last turn at once) takes the session's write lock as SELECT ...
    FOR UPDATE would, so the INSERTs after it read the session's turns as they are: each works out its
    depth and seq as its own append would have."""
    rows, parent = [], after
    for turn in chain:
        rows.append(turn_row(turn, id=new_id(), session_id=session_id, parent_id=parent, client_token=None))
        parent = rows[-1]["id"]
    rows[0]["client_token"] = client_token
    compare = {"session_id": session_id, "after": after, "head": parent}
    if seen is None:
        moved = driver.run(conn, sql.MOVE_HEAD_FROM, compare)
    else:
        moved = driver.run(conn, sql.MOVE_HEAD_FROM_SEEN, {**compare, "turns": seen})
    if moved != 1:
        return None
    for index, row in enumerate(rows):
        driver.run(
            conn,
            sql.INSERT_PLACED_TURN,
            {**row, "place_after": row["parent_id"], "place_session": session_id},
        )
        if index == 0 and grade is not None:
            driver.run(conn, sql.INSERT_GRADE, grade_row(row["id"], 0, grade, is_fallback=False))
    if ending is not None:
        driver.run(conn, sql.END_SESSION, ending)
    return [as_stored(turn, row) for turn, row in zip(chain, rows, strict=True)]


def placed_after(
    writing: Callable[[], AbstractContextManager[Connection]],
    driver: DriverStatements,
    session_id: str,
    chain: Sequence[Turn],
    client_token: str | None,
    after: str | None,
    grade: Grade | None,
    seen: int | None = None,
    ending: Mapping[str, Any] | None = None,
) -> list[Turn] | None:
    """`chain` stored by place_after in a transaction of its own from `writing`; None when nothing was
    stored (a client token used before rolls the transaction back)."""
    try:
        with writing() as conn:
            return place_after(driver, conn, session_id, chain, client_token, after, grade, seen, ending)
    except sa.exc.IntegrityError:
        return None


def place_at_head(
    conn: Connection,
    session_id: str,
    turn: Turn,
    client_token: str | None,
    after: str | AnyHead | None,
    grade: Grade | None,
) -> Appended:
    """`turn` stored after the session's head, which must be `after` unless that is ANY_HEAD; the earlier
    turn (new=False) when `client_token` was used before, whatever the head."""
    head = lock_session(conn, session_id)
    params = {"head": head, "session_id": session_id, "token": client_token}
    place = conn.execute(sql.PLACEMENT, params).one()  # a None token matches no turn
    if place.earlier is not None:
        earlier = conn.execute(sql.TURN, {"turn_id": place.earlier}).one()
        return Appended(turn_from(earlier._mapping), new=False)
    if not isinstance(after, AnyHead) and head != after:
        raise HeadMoved(session_id, after, head)
    row = turn_row(
        turn,
        id=new_id(),
        session_id=session_id,
        parent_id=head,
        depth=0 if head is None else place.depth + 1,
        seq=place.next_seq,
        client_token=client_token,
    )
    conn.execute(sql.INSERT_TURN, row)
    if grade is not None:  # the turn is new, so this is its first grade
        conn.execute(sql.INSERT_GRADE, grade_row(row["id"], 0, grade, is_fallback=False))
    conn.execute(sql.MOVE_HEAD, {"session_id": session_id, "head": row["id"]})
    return Appended(as_stored(turn, row), new=True)


def as_stored(turn: Turn, row: Mapping[str, Any]) -> Turn:
    """`turn` as the store returns it once `row` (turn_row's columns of it) is written: the same fields
    turn_from would read back, without parsing again the JSON just made from them."""
    placed = {"id": row["id"], "session_id": row["session_id"], "parent_id": row["parent_id"]}
    return turn.model_copy(update={**placed, "created_at": row["created_at"]})
