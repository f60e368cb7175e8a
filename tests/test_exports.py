"""Exports: session JSON, CSV, printable HTML and PDF, and the cohort CSV. Each carries the notice, shows
hostile text as text, and an empty session exports cleanly with a note."""

from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser

import pytest
from pypdf import PdfReader
from review_fixtures import HOSTILE, Cohort, Step, good, grade, make_cohort, play, poor

from coach.models import Outcome, Session
from coach.stance import Distance, Stance
from coach.store import Store
from coach.trainer.cohort import cohort_report
from coach.trainer.exports import (
    EMPTY_NOTE,
    NOTICE,
    TURN_COLUMNS,
    cohort_csv,
    session_csv,
    session_html,
    session_json,
    session_pdf,
)
from coach.trainer.transcript import Transcript

FORMULA = '=HYPERLINK("http://example.invalid","click")'
UNICODE = "Café — “I’m here”, naïve"


@pytest.fixture
def cohort(store: Store) -> Cohort:
    return make_cohort(store)


@pytest.fixture
def reviewed(cohort: Cohort) -> Transcript:
    """A session with hostile and unicode text, a stance, two grades on one turn, an override and comments."""
    session = play(
        cohort.store,
        "amy",
        [
            Step(
                f"{UNICODE} {HOSTILE}",
                [grade(), grade(tone=3, grader="llm:gpt", suggestion=f"Say {HOSTILE}")],
                45,
                patient=f"Who are you? {HOSTILE}",
                stance=Stance(distance=Distance.two_arms_or_more),
            ),
            poor(text=FORMULA),
        ],
    )
    branch = cohort.store.branch(session.id)
    tess = cohort.user("tess")
    cohort.review.add_comment(tess, session.id, f"Session note {HOSTILE}")
    cohort.review.add_comment(tess, session.id, "Good start.", turn_id=branch[1].id)
    cohort.review.override(tess, session.id, branch[3].id, {"tone": 1}, f"Dismissive {HOSTILE}")
    return cohort.review.transcript(tess, session.id)


@pytest.fixture
def empty(cohort: Cohort) -> Transcript:
    """A session stored without even the patient's opening line (a start that failed half-way)."""
    session = cohort.store.create_session(
        Session(id="empty", trainee="amy", persona_id="fearful", backend="offline")
    )
    return cohort.review.transcript(cohort.user("ada"), session.id)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def csv_rows(text: str) -> tuple[list[str], list[dict[str, str]]]:
    """The leading '#' note cells, then the rows under the header, as a spreadsheet would read them."""
    records = list(csv.reader(io.StringIO(text)))
    notes = [r[0] for r in records if len(r) == 1 and r[0].startswith("#")]
    header, *rest = records[len(notes) :]
    return notes, [dict(zip(header, r, strict=True)) for r in rest]


class Tags(HTMLParser):
    """Every start tag and attribute name in a document."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes.update(name for name, _ in attrs)


# --------------------------------------------------------------------------- JSON


def test_json_holds_everything_with_the_notice(reviewed: Transcript) -> None:
    document = json.loads(session_json(reviewed))
    assert document["notice"] == NOTICE
    assert "note" not in document
    restored = Transcript.model_validate(document["transcript"])
    assert restored == reviewed
    assert document["summary"]["staff_turns"] == 2 and document["summary"]["averages"]["tone"] == 2.0
    turns = document["transcript"]["turns"]
    assert turns[1]["turn"]["text"] == f"{UNICODE} {HOSTILE}"
    assert [g["grader"] for g in turns[1]["grades"]] == ["offline", "llm:gpt"]
    assert turns[3]["override"]["machine"]["tone"] == 2 and turns[3]["override"]["labels"]["tone"] == 1


# --------------------------------------------------------------------------- CSV


def test_csv_has_one_row_a_turn_with_grades_overrides_and_comments(reviewed: Transcript) -> None:
    notes, rows = csv_rows(session_csv(reviewed))
    assert notes == [f"# {NOTICE}"]
    assert list(rows[0]) == TURN_COLUMNS
    assert [r["speaker"] for r in rows] == ["patient", "staff", "patient", "staff", "patient", ""]
    first = rows[1]
    assert first["text"] == f"{UNICODE} {HOSTILE}"
    assert first["stance"] == "two arm's lengths away"
    assert first["grader"] == "llm:gpt" and first["machine_tone"] == "3" and first["grades"] == "2"
    assert first["comments"] == "tess: Good start." and first["agitation_before"] == "60.0"
    overridden = rows[3]
    assert (overridden["machine_tone"], overridden["trainer_tone"]) == ("2", "1")
    assert overridden["machine_flags"] == "calm_down" and overridden["override_by"] == "tess"
    assert rows[2]["agitation"] == "45.0" and rows[2]["band"] == "agitated"


def test_csv_carries_the_comments_on_the_whole_session_as_the_json_does(reviewed: Transcript) -> None:
    """Finding 11: whole-session comments were in the JSON export but not in the CSV."""
    in_json = json.loads(session_json(reviewed))["transcript"]["comments"]
    _, rows = csv_rows(session_csv(reviewed))
    session_rows = [r for r in rows if not r["turn_id"]]
    assert [r["comments"] for r in session_rows] == [f"{c['author']}: {c['text']}" for c in in_json]
    assert session_rows[0]["comments"] == f"tess: Session note {HOSTILE}"
    assert session_rows[0]["session_id"] == reviewed.session.id and session_rows[0]["speaker"] == ""
    assert all(r["turn_no"] for r in rows if r["turn_id"]), "turn rows are as they were"


def test_csv_cells_never_start_a_spreadsheet_formula(reviewed: Transcript) -> None:
    _, rows = csv_rows(session_csv(reviewed))
    assert rows[3]["text"] == "'" + FORMULA
    for row in rows:
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row.values())


def test_cohort_csv_has_one_row_a_session(cohort: Cohort) -> None:
    play(cohort.store, "amy", [good()])
    play(cohort.store, "ben", [poor(), good()], outcome=None)
    notes, rows = csv_rows(cohort_csv(cohort_report(cohort.review, cohort.user("tess"))))
    assert notes == [f"# {NOTICE}"]
    assert [(r["trainee"], r["outcome"], r["staff_turns"]) for r in rows] == [
        ("amy", "de-escalated", "1"),
        ("ben", "open", "2"),
    ]
    assert rows[1]["avg_tone"] == "3.5" and rows[1]["flags"] == "calm_down x1"


def test_an_empty_cohort_exports_with_a_note(cohort: Cohort) -> None:
    notes, rows = csv_rows(cohort_csv(cohort_report(cohort.review, cohort.user("tess"))))
    assert notes == [f"# {NOTICE}", "# No sessions matched: the cohort is empty."] and rows == []


# --------------------------------------------------------------------------- HTML


def test_html_report_escapes_every_string_and_draws_the_chart(reviewed: Transcript) -> None:
    page = session_html(reviewed)
    tags = Tags()
    tags.feed(page)
    assert "script" not in tags.tags and "img" not in tags.tags
    assert not any(a.startswith("on") for a in tags.attributes)
    assert page.count("&lt;script&gt;alert(2)&lt;/script&gt;") == 5, (
        "turn, reply, suggestion, comment, reason"
    )
    assert page.count(NOTICE) == 2
    assert "<svg" in page and "polyline" in page
    for expected in ("Trainer (tess)", "Dismissive", "Good start.", "Session note", "Changed: tone"):
        assert expected in page
    assert "Grade (llm:gpt)" in page and "Grade (offline)" in page


def test_a_hostile_trainee_name_is_text_in_the_report(cohort: Cohort) -> None:
    session = play(cohort.store, "<b onclick=x()>Amy</b>", [good()])
    page = session_html(cohort.review.transcript(cohort.user("ada"), session.id))
    assert "<b onclick" not in page and "&lt;b onclick=x()&gt;Amy&lt;/b&gt;" in page


# --------------------------------------------------------------------------- PDF


def test_pdf_report_holds_the_notice_grades_and_comments_as_text(reviewed: Transcript) -> None:
    data = session_pdf(reviewed)
    assert data.startswith(b"%PDF-")
    text = squash(pdf_text(data))
    for expected in (NOTICE, HOSTILE, UNICODE, "Trainer(tess)", "Good start.", "Grade(llm:gpt)", "Agitated"):
        assert squash(expected) in text, expected


# --------------------------------------------------------------------------- an empty session


def test_an_empty_session_exports_cleanly_with_a_note(empty: Transcript) -> None:
    assert json.loads(session_json(empty))["note"] == EMPTY_NOTE
    notes, rows = csv_rows(session_csv(empty))
    assert notes == [f"# {NOTICE}", f"# {EMPTY_NOTE}"] and rows == []
    page = session_html(empty)
    assert EMPTY_NOTE in page and NOTICE in page
    assert squash(EMPTY_NOTE) in squash(pdf_text(session_pdf(empty)))


def test_an_open_session_reports_as_not_ended(cohort: Cohort) -> None:
    session = play(cohort.store, "amy", [good()], outcome=None)
    page = session_html(cohort.review.transcript(cohort.user("ada"), session.id))
    assert "<dt>Outcome</dt><dd>open</dd>" in page and "<dd>not ended</dd>" in page
    assert Outcome.de_escalated.value not in page
