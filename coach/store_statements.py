"""The store's prebuilt SQL statements: the ones every turn runs, built once with bound parameters.

Building a statement and its cache key costs SQLAlchemy several times what SQLite takes to run it, so
coach.store runs these (`sql.TURN`, `sql.PLACEMENT`...) rather than building its hot-path queries per call.
Statements a screen or a report runs now and then stay beside their method in coach.store.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import func, select

from coach.schema import grades, sessions, turns


def next_seq(seq: sa.Column[int], scope: sa.ColumnElement[bool]) -> sa.ScalarSelect[int]:
    """The next number in a per-parent sequence; the caller holds the lock that makes it unique."""
    return select(func.coalesce(func.max(seq) + 1, 0)).where(scope).scalar_subquery()


SESSION = select(sessions).where(sessions.c.id == sa.bindparam("session_id"))
INSERT_SESSION = sa.insert(sessions)
HEAD = select(sessions.c.head_turn_id).where(sessions.c.id == sa.bindparam("session_id"))
LOCK = HEAD.with_for_update()
TURN = select(turns).where(turns.c.id == sa.bindparam("turn_id"))
TURNS_OF = select(turns).where(turns.c.session_id == sa.bindparam("session_id")).order_by(turns.c.seq)
TURN_BY_TOKEN = select(turns).where(
    turns.c.session_id == sa.bindparam("session_id"), turns.c.client_token == sa.bindparam("token")
)
# Where a new turn goes: the head's depth and the next seq, and the turn already stored with the same
# client token, if any. Run after LOCK, not joined to it: on PostgreSQL a statement that waited for a
# row lock still reads other rows as they were when it began.
PLACEMENT = select(
    select(turns.c.depth).where(turns.c.id == sa.bindparam("head")).scalar_subquery().label("depth"),
    next_seq(turns.c.seq, turns.c.session_id == sa.bindparam("session_id")).label("next_seq"),
    select(turns.c.id)
    .where(turns.c.session_id == sa.bindparam("session_id"), turns.c.client_token == sa.bindparam("token"))
    .scalar_subquery()
    .label("earlier"),
)
INSERT_TURN = sa.insert(turns)
# A turn appended without the lock and the placement query (append_turn's usual path): its depth and seq
# are worked out in the INSERT itself, after MOVE_HEAD_FROM took the session row. The subqueries' own
# parameters are named apart from the columns', which the INSERT reserves.
INSERT_PLACED_TURN = sa.insert(turns).values(
    depth=func.coalesce(
        select(turns.c.depth + 1).where(turns.c.id == sa.bindparam("place_after")).scalar_subquery(), 0
    ),
    seq=next_seq(turns.c.seq, turns.c.session_id == sa.bindparam("place_session")),
)
INSERT_GRADE = sa.insert(grades)
MOVE_HEAD = (
    sa.update(sessions)
    .where(sessions.c.id == sa.bindparam("session_id"))
    .values(head_turn_id=sa.bindparam("head"))
)
# Compare and set: moves the head only if it is still the one the writer read (a NULL head included).
MOVE_HEAD_FROM = (
    sa.update(sessions)
    .where(
        sessions.c.id == sa.bindparam("session_id"),
        sessions.c.head_turn_id.is_not_distinct_from(sa.bindparam("after")),
    )
    .values(head_turn_id=sa.bindparam("head"))
)
# The same, for a writer that started from the store's kept copy of the session (coach.store): the head
# it read, the session still open and as many turns as it knew of, so that any change made by another
# process since (a turn on any branch, an ending, an undo and a rewind back to the same head) refuses it.
MOVE_HEAD_FROM_SEEN = MOVE_HEAD_FROM.where(
    sessions.c.ended_at.is_(None),
    select(func.count())
    .select_from(turns)
    .where(turns.c.session_id == sa.bindparam("session_id"))
    .scalar_subquery()
    == sa.bindparam("turns", type_=sa.Integer),
)
# An ending is recorded once: ending an ended session changes nothing.
END_SESSION = (
    sa.update(sessions)
    .where(sessions.c.id == sa.bindparam("session_id"), sessions.c.ended_at.is_(None))
    .values(outcome=sa.bindparam("how"), ended_at=sa.bindparam("when"))
)
LOCK_TURN = select(turns.c.speaker).where(turns.c.id == sa.bindparam("turn_id")).with_for_update()
NEXT_GRADE_SEQ = select(next_seq(grades.c.seq, grades.c.turn_id == sa.bindparam("turn_id")))
GRADES_OF = (
    select(turns.c.speaker, grades.c.grade_json)
    .select_from(turns.outerjoin(grades, grades.c.turn_id == turns.c.id))
    .where(turns.c.id == sa.bindparam("turn_id"))
    .order_by(grades.c.seq)
)

# The session, with the grades of the turn its head answers (the head's parent), oldest first: one row
# with grade_json NULL when there are none. Only a staff turn has grades, so a head that is not a
# patient's reply, or answers none, brings none.
_head = turns.alias("head")
SESSION_WITH_ANSWERED_GRADES = (
    select(sessions, grades.c.grade_json)
    .select_from(
        sessions.outerjoin(_head, _head.c.id == sessions.c.head_turn_id).outerjoin(
            grades, grades.c.turn_id == _head.c.parent_id
        )
    )
    .where(sessions.c.id == sa.bindparam("session_id"))
    .order_by(grades.c.seq)
)

GRADES_OF_SESSION = (
    select(grades.c.turn_id, grades.c.grade_json)
    .select_from(grades.join(turns, grades.c.turn_id == turns.c.id))
    .where(turns.c.session_id == sa.bindparam("session_id"))
    .order_by(grades.c.turn_id, grades.c.seq)  # later rows of a turn overwrite earlier ones: the latest wins
)
