"""Drafts: the trainee page as a signed-in user left it, kept in the store (SQLite and PostgreSQL)."""

from __future__ import annotations

from sqlalchemy import update

from coach.drafts import MAX_DRAFT_CHARS, Draft, Drafts, drafts
from coach.store import Store


def test_a_draft_comes_back_as_it_was_saved_and_the_latest_wins(store: Store) -> None:
    kept = Drafts(store)
    assert kept.get("amy") is None
    kept.save("amy", Draft.typed("brief", "fearful", None, trainee="amy", intention="keep my no brief"))
    kept.save("amy", Draft.typed("play", "fearful", "s1", trainee="amy", message="I can see you're scared"))
    kept.save("ben", Draft.typed("choose", "", None, trainee="ben"))

    amy = kept.get("amy")
    assert amy is not None
    assert (amy.screen, amy.session_id, amy.message, amy.intention) == (
        "play",
        "s1",
        "I can see you're scared",
        "",
    )
    assert kept.get("ben") == Draft(screen="choose", trainee="ben")


def test_over_long_typing_is_cut_not_refused() -> None:
    draft = Draft.typed("debrief", "fearful", "s1", debrief="x" * (MAX_DRAFT_CHARS + 5), message=None)
    assert len(draft.debrief) == MAX_DRAFT_CHARS
    assert draft.message == ""


def test_what_a_browser_sends_is_read_only_when_it_is_a_draft() -> None:
    assert Draft.read(None) is None
    assert Draft.read("brief") is None
    assert Draft.read({"screen": "nowhere"}) is None
    assert Draft.read({"screen": "summary", "session_id": "s1", "from_a_later_version": 1}) == Draft(
        screen="summary", session_id="s1"
    )


def test_a_stored_draft_that_no_longer_reads_is_treated_as_none(store: Store) -> None:
    kept = Drafts(store)
    kept.save("amy", Draft(screen="brief", persona_id="fearful"))
    with store.writing() as conn:
        conn.execute(update(drafts).values(body_json='{"screen": "gone"}'))
    assert kept.get("amy") is None
