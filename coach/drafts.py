"""Drafts: where a trainee is on the trainee page and what they have typed but not yet sent.

A reload, a closed tab or a second device returns to the same screen with the same text. Signed-in
users' drafts are kept in the store, one per user (the latest place wins, whichever device wrote it);
in local single-user mode the page keeps the draft in the browser instead (coach.ui), so nothing about a
local session is written for an account that does not exist.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy import Column, MetaData, Table, Text, select
from sqlalchemy.dialects import postgresql, sqlite

from coach.models import utcnow
from coach.schema import UTCDateTime
from coach.store import Store

# A draft is text a person typed; this bounds what one request can make the store keep.
MAX_DRAFT_CHARS = 20_000

Screen = Literal["choose", "brief", "play", "debrief", "summary"]

metadata = MetaData()

drafts = Table(
    "drafts",
    metadata,
    Column("username", Text, primary_key=True),
    Column("body_json", Text, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
)


class Draft(BaseModel):
    """The trainee page as its user left it: the screen, its scenario and session, and the typed text."""

    model_config = ConfigDict(extra="ignore")  # a draft an older version of the page wrote still loads

    screen: Screen = "choose"
    persona_id: str = ""
    session_id: str | None = None
    trainee: str = Field("", max_length=MAX_DRAFT_CHARS)
    intention: str = Field("", max_length=MAX_DRAFT_CHARS)
    message: str = Field("", max_length=MAX_DRAFT_CHARS)
    debrief: str = Field("", max_length=MAX_DRAFT_CHARS)

    @classmethod
    def typed(cls, screen: Screen, persona_id: str, session_id: str | None, **texts: str | None) -> Draft:
        """A draft from the page's current values; over-long text is cut to MAX_DRAFT_CHARS, not refused."""
        kept = {name: (value or "")[:MAX_DRAFT_CHARS] for name, value in texts.items()}
        return cls(screen=screen, persona_id=persona_id or "", session_id=session_id or None, **kept)

    @classmethod
    def read(cls, value: object) -> Draft | None:
        """The draft a browser holds, or None for nothing or anything that is not a draft."""
        if not isinstance(value, dict):
            return None
        try:
            return cls.model_validate(value)
        except ValidationError:
            return None


class Drafts:
    """Signed-in users' drafts in the store."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def get(self, username: str) -> Draft | None:
        """The user's draft, or None when there is none (or it no longer reads as one)."""
        with self.store.reading() as conn:
            body = conn.execute(select(drafts.c.body_json).where(drafts.c.username == username)).scalar()
        if body is None:
            return None
        try:
            return Draft.model_validate_json(body)
        except ValidationError:
            return None

    def save(self, username: str, draft: Draft) -> None:
        """Replace the user's draft."""
        values = {"username": username, "body_json": draft.model_dump_json(), "updated_at": utcnow()}
        with self.store.writing() as conn:
            insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
            statement = insert(drafts).values(**values)
            conn.execute(
                statement.on_conflict_do_update(
                    index_elements=[drafts.c.username],
                    set_={
                        "body_json": statement.excluded.body_json,
                        "updated_at": statement.excluded.updated_at,
                    },
                )
            )
