"""Trainer review: the sessions a viewer may read, full transcripts (every branch, grade, flag and stance),
comments, and grade overrides kept beside the machine grade.

Every call takes the viewer and checks access first. A session the viewer may not read is "not found",
exactly like one that does not exist, so a guessed or forged id learns nothing and changes nothing.
Overrides and comments never touch the stored grades: an override holds the trainer's full labels next
to a copy of the machine's, and the newest override of a turn is the trainer's word on it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any
from uuid import uuid4

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy import (
    Column,
    ForeignKey,
    Index,
    MetaData,
    RowMapping,
    Select,
    Table,
    Text,
    exists,
    func,
    insert,
    or_,
    select,
)

from coach.access.accounts import Accounts, User
from coach.grading.corpus import CalibrationLabels
from coach.models import Grade, Outcome, Session, Speaker, Turn, utcnow
from coach.schema import UTCDateTime, as_utc
from coach.schema import grades as grades_table
from coach.schema import sessions as sessions_table
from coach.schema import turns as turns_table
from coach.store import SessionNotFound, Store, TurnNotFound
from coach.trainer.transcript import (
    LABEL_KEYS,
    Comment,
    Override,
    ReviewedTurn,
    Transcript,
    branches_of,
    labels_of,
)
from coach.typed_text import TurnRejected, clean_text

MAX_COMMENT_CHARS = 4000
MAX_REASON_CHARS = 1000
OWN_SESSION = "You cannot grade your own practice sessions: another trainer or an admin reviews them."

metadata = MetaData()

comments = Table(
    "comments",
    metadata,
    Column("id", Text, primary_key=True),
    Column("session_id", Text, ForeignKey(sessions_table.c.id), nullable=False),
    Column("turn_id", Text, ForeignKey(turns_table.c.id)),
    Column("author", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Index("ix_comments_session", "session_id", "created_at"),
)

overrides = Table(
    "overrides",
    metadata,
    Column("id", Text, primary_key=True),
    Column("session_id", Text, ForeignKey(sessions_table.c.id), nullable=False),
    Column("turn_id", Text, ForeignKey(turns_table.c.id), nullable=False),
    Column("author", Text, nullable=False),
    Column("grader", Text, nullable=False),
    Column("machine_json", Text, nullable=False),
    Column("labels_json", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Index("ix_overrides_session", "session_id", "created_at"),
)


class ReviewRejected(ValueError):
    """A comment or override that cannot be stored as given; the message is one line for the trainer."""


# --------------------------------------------------------------------------- models


class SessionFilter(BaseModel):
    """What to list; every field given must match. `since` <= started_at < `until`."""

    model_config = ConfigDict(extra="forbid")

    trainee: str | None = None
    persona_id: str | None = None
    outcome: Outcome | None = None
    since: datetime | None = None
    until: datetime | None = None
    reviewed: bool | None = Field(None, description="True: has comments or overrides; False: has neither")
    limit: int = Field(200, ge=1, le=5000)


class SessionRow(BaseModel):
    session: Session
    staff_turns: int
    comments: int
    overrides: int


# --------------------------------------------------------------------------- helpers


def _comment_from(row: Any) -> Comment:
    return Comment.model_validate(dict(row._mapping))


def _override_from(row: RowMapping | Mapping[str, Any]) -> Override:
    values = dict(row)
    machine = CalibrationLabels.model_validate_json(values.pop("machine_json"))
    labels = CalibrationLabels.model_validate_json(values.pop("labels_json"))
    return Override(**values, machine=machine, labels=labels)


def _same_user(a: str, b: str) -> bool:
    return a.casefold() == b.casefold()


def _clean(text: str | None, limit: int, what: str) -> str:
    try:
        return clean_text(text, limit=limit, what=what)
    except TurnRejected as exc:
        raise ReviewRejected(str(exc)) from None


# --------------------------------------------------------------------------- the review


class Review:
    """Trainer review over one store; every method checks what `viewer` may read or do."""

    def __init__(self, store: Store, accounts: Accounts) -> None:
        self.store = store
        self.accounts = accounts

    # ----------------------------------------------------------------------- access

    def readable_session(self, viewer: User, session_id: str) -> Session:
        """The session, if `viewer` may read it; SessionNotFound otherwise, as for an unknown id."""
        try:
            session = self.store.get_session(session_id)
        except SessionNotFound:
            raise SessionNotFound(session_id) from None
        if not self.accounts.can_read(viewer, session.trainee):
            raise SessionNotFound(session_id)
        return session

    def _scoped(self, viewer: User, query: Select[Any]) -> Select[Any]:
        readable = self.accounts.readable_trainees(viewer)
        if readable is None:
            return query
        return query.where(sessions_table.c.trainee.in_(sorted(readable)))

    # ----------------------------------------------------------------------- listing

    def list_sessions(self, viewer: User, filters: SessionFilter | None = None) -> list[SessionRow]:
        """The sessions `viewer` may read that match `filters`, newest first."""
        f = filters or SessionFilter()
        s = sessions_table
        staff_count = (
            select(func.count())
            .where(turns_table.c.session_id == s.c.id, turns_table.c.speaker == Speaker.staff.value)
            .scalar_subquery()
        )
        comment_count = select(func.count()).where(comments.c.session_id == s.c.id).scalar_subquery()
        override_count = select(func.count()).where(overrides.c.session_id == s.c.id).scalar_subquery()
        query = self._scoped(
            viewer,
            select(
                s,
                staff_count.label("n_staff"),
                comment_count.label("n_comments"),
                override_count.label("n_ov"),
            )
            .order_by(s.c.started_at.desc(), s.c.id)
            .limit(f.limit),
        )
        if f.trainee:
            query = query.where(s.c.trainee == f.trainee.strip())
        if f.persona_id:
            query = query.where(s.c.persona_id == f.persona_id)
        if f.outcome is not None:
            query = query.where(s.c.outcome == f.outcome.value)
        if f.since is not None:
            query = query.where(s.c.started_at >= as_utc(f.since))
        if f.until is not None:
            query = query.where(s.c.started_at < as_utc(f.until))
        if f.reviewed is not None:
            touched = or_(
                exists().where(comments.c.session_id == s.c.id),
                exists().where(overrides.c.session_id == s.c.id),
            )
            query = query.where(touched if f.reviewed else ~touched)
        with self.store.reading() as conn:
            rows = conn.execute(query).all()
        columns = [c.name for c in s.columns]
        return [
            SessionRow(
                session=Session.model_validate({c: getattr(r, c) for c in columns}),
                staff_turns=r.n_staff,
                comments=r.n_comments,
                overrides=r.n_ov,
            )
            for r in rows
        ]

    # ----------------------------------------------------------------------- transcript

    def transcript(self, viewer: User, session_id: str) -> Transcript:
        """Everything about one session that `viewer` may read."""
        session = self.readable_session(viewer, session_id)
        turns = self.store.all_turns(session_id)
        turn_ids = [t.id for t in turns]
        with self.store.reading() as conn:
            grade_rows = conn.execute(
                select(grades_table.c.turn_id, grades_table.c.grade_json)
                .where(grades_table.c.turn_id.in_(turn_ids))
                .order_by(grades_table.c.turn_id, grades_table.c.seq)
            ).all()
            comment_rows = conn.execute(
                select(comments)
                .where(comments.c.session_id == session_id)
                .order_by(comments.c.created_at, comments.c.id)
            ).all()
            override_rows = conn.execute(
                select(overrides)
                .where(overrides.c.session_id == session_id)
                .order_by(overrides.c.created_at, overrides.c.id)
            ).all()
        graded: dict[str, list[Grade]] = {}
        for row in grade_rows:
            graded.setdefault(row.turn_id, []).append(Grade.model_validate_json(row.grade_json))
        all_comments = [_comment_from(r) for r in comment_rows]
        all_overrides = [_override_from(r._mapping) for r in override_rows]
        # An override by the session's own trainee (stored before such overrides were refused) never
        # counts: not as the labels, not in exports, not as a calibration case.
        latest = {o.turn_id: o for o in all_overrides if not _same_user(o.author, session.trainee)}
        branches = branches_of(session, turns)
        by_id = {t.id: t for t in turns}
        reviewed = []
        for turn in turns:
            parent = by_id.get(turn.parent_id) if turn.parent_id else None
            before = parent.state.agitation if parent is not None and parent.state is not None else None
            reviewed.append(
                ReviewedTurn(
                    turn=turn,
                    branches=[b.number for b in branches if turn.id in b.turn_ids],
                    grades=graded.get(turn.id or "", []),
                    agitation_before=before if turn.speaker is Speaker.staff else None,
                    override=latest.get(turn.id or ""),
                    comments=[c for c in all_comments if c.turn_id == turn.id],
                )
            )
        return Transcript(
            session=session,
            turns=reviewed,
            branches=branches,
            comments=[c for c in all_comments if c.turn_id is None],
            overrides=all_overrides,
            debrief=self.store.get_debrief(session_id),
            usage=dict(self.store.usage_totals(session_id)),
        )

    # ----------------------------------------------------------------------- comments

    def add_comment(self, viewer: User, session_id: str, text: str, turn_id: str | None = None) -> Comment:
        """A trainer's comment on the session, or on one of its turns."""
        self.accounts.require_reviewer(viewer, "comment on sessions")
        self.readable_session(viewer, session_id)
        if turn_id is not None:
            self._turn_of(session_id, turn_id)
        row = {
            "id": uuid4().hex,
            "session_id": session_id,
            "turn_id": turn_id,
            "author": viewer.username,
            "text": _clean(text, MAX_COMMENT_CHARS, "The comment"),
            "created_at": utcnow(),
        }
        with self.store.writing() as conn:
            conn.execute(insert(comments).values(row))
        return Comment.model_validate(row)

    def _turn_of(self, session_id: str, turn_id: str) -> Turn:
        try:
            turn = self.store.get_turn(turn_id)
        except TurnNotFound:
            raise TurnNotFound(turn_id) from None
        if turn.session_id != session_id:
            raise TurnNotFound(turn_id)
        return turn

    # ----------------------------------------------------------------------- overrides

    def override(
        self, viewer: User, session_id: str, turn_id: str, changes: Mapping[str, Any], reason: str
    ) -> Override:
        """Record the trainer's labels for a staff turn: the labels that count now, with `changes` applied.

        `changes` maps label keys (tone, refusal, no_brevity, options, escalation_risk, flags) to new
        values. Setting refusal to false clears no_brevity; setting it to true needs a no_brevity. Changes
        that leave the labels as they are, unknown keys and out-of-scale values are refused.
        """
        self.accounts.require_reviewer(viewer, "override grades")
        self._not_own(viewer, self.readable_session(viewer, session_id))
        turn = self._turn_of(session_id, turn_id)
        if turn.speaker is not Speaker.staff:
            raise ReviewRejected("Only staff turns are graded, so only they can be overridden.")
        machine = self.store.latest_grade(turn_id)
        if machine is None:
            raise ReviewRejected("This turn has no grade yet, so there is nothing to override.")
        unknown = sorted(set(changes) - set(LABEL_KEYS))
        if unknown:
            raise ReviewRejected(f"Unknown grade keys: {', '.join(unknown)}. Use: {', '.join(LABEL_KEYS)}.")
        current = self._latest_override(turn_id)
        base = current.labels if current is not None else labels_of(machine)
        merged = base.model_dump() | dict(changes)
        if changes.get("refusal") is False:
            merged["no_brevity"] = None
        try:
            labels = CalibrationLabels.model_validate(merged)
        except ValidationError as exc:
            first = exc.errors(include_url=False)[0]
            field = ".".join(str(p) for p in first["loc"]) or "labels"
            raise ReviewRejected(f"{field}: {first['msg']}") from None
        if labels.model_dump() == base.model_dump():
            raise ReviewRejected("That changes nothing: the grade already has these values.")
        return self._store_override(
            viewer, turn, machine, labels, _clean(reason, MAX_REASON_CHARS, "The reason")
        )

    def confirm(self, viewer: User, session_id: str, turn_id: str, reason: str = "") -> Override:
        """Record that the trainer agrees with the machine grade (counts towards agreement)."""
        self.accounts.require_reviewer(viewer, "review grades")
        self._not_own(viewer, self.readable_session(viewer, session_id))
        turn = self._turn_of(session_id, turn_id)
        machine = self.store.latest_grade(turn_id) if turn.speaker is Speaker.staff else None
        if machine is None:
            raise ReviewRejected("Only graded staff turns can be confirmed.")
        text = (
            _clean(reason, MAX_REASON_CHARS, "The reason")
            if reason.strip()
            else "Agrees with the machine grade."
        )
        return self._store_override(viewer, turn, machine, labels_of(machine), text)

    @staticmethod
    def _not_own(viewer: User, session: Session) -> None:
        """A trainer who practised is graded like any trainee: their own grades are for others to judge."""
        if _same_user(viewer.username, session.trainee):
            raise ReviewRejected(OWN_SESSION)

    def _latest_override(self, turn_id: str) -> Override | None:
        query = (
            select(overrides)
            .where(overrides.c.turn_id == turn_id)
            .order_by(overrides.c.created_at.desc(), overrides.c.id.desc())
            .limit(1)
        )
        with self.store.reading() as conn:
            row = conn.execute(query).first()
        return None if row is None else _override_from(row._mapping)

    def _store_override(
        self, viewer: User, turn: Turn, machine: Grade, labels: CalibrationLabels, reason: str
    ) -> Override:
        row = {
            "id": uuid4().hex,
            "session_id": turn.session_id,
            "turn_id": turn.id,
            "author": viewer.username,
            "grader": machine.grader,
            "machine_json": labels_of(machine).model_dump_json(),
            "labels_json": labels.model_dump_json(),
            "reason": reason,
            "created_at": utcnow(),
        }
        with self.store.writing() as conn:
            conn.execute(insert(overrides).values(row))
        return _override_from(row)

    def reviewed_turns(self, viewer: User) -> list[tuple[Transcript, ReviewedTurn]]:
        """Every staff turn with an override, in the sessions `viewer` may read, oldest turn first."""
        query = self._scoped(
            viewer,
            select(overrides.c.session_id)
            .distinct()
            .join(sessions_table, sessions_table.c.id == overrides.c.session_id),
        )
        with self.store.reading() as conn:
            session_ids = list(conn.execute(query).scalars())
        found = []
        for session_id in session_ids:
            transcript = self.transcript(viewer, session_id)
            found += [(transcript, t) for t in transcript.turns if t.override is not None]
        return sorted(found, key=lambda pair: pair[1].turn.created_at)
