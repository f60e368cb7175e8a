"""The trainer tab through its HTTP API (gradio_client), signed in as trainee A, trainee B, a trainer and
an admin, on a real server on loopback: who can read what, including direct calls the page never makes.
The store is the truth: a refused call must leave it as it was."""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from app_fixtures import MANY_CLIENTS, serve_app
from gradio.utils import get_upload_folder
from gradio_client import Client
from review_fixtures import FAST_HASHER, HOSTILE, PASSWORD, Cohort, good, make_cohort, play, poor
from sqlalchemy import func, select

from coach.access.accounts import Accounts, LoginPolicy, Role
from coach.backends import build_engine
from coach.config import Settings
from coach.store import Store
from coach.trainer.exports import NOTICE
from coach.trainer.review import Review, comments, overrides

DENIED = "Only trainers and admins can use the trainer view."
NOT_FOUND = "That session was not found, or it is not one you can review."


class Served:
    def __init__(self, cohort: Cohort, url: str, sessions: dict[str, str]) -> None:
        self.cohort = cohort
        self.url = url
        self.sessions = sessions  # trainee -> their session id
        self._clients: dict[str, Client] = {}

    def client(self, name: str) -> Client:
        """`name` signed in: one client each for the module, as each person keeps one browser open."""
        if name not in self._clients:
            self._clients[name] = Client(self.url, auth=(name, PASSWORD), verbose=False)
        return self._clients[name]

    def staff_turn(self, trainee: str) -> str:
        return self.cohort.store.branch(self.sessions[trainee])[1].id or ""

    def counts(self) -> tuple[int, int]:
        with self.cohort.store.engine.connect() as conn:
            return tuple(
                conn.execute(select(func.count()).select_from(t)).scalar_one() for t in (comments, overrides)
            )


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    tmp = tmp_path_factory.mktemp("trainer-api")
    store = Store(f"sqlite:///{tmp / 't.db'}")
    cohort = make_cohort(store)
    cohort.accounts.add("tina", PASSWORD, role=Role.trainer, cohort="march")
    sessions = {name: play(store, name, [good(), poor()]).id for name in ("amy", "ben", "cat")}
    settings = Settings(data_dir=tmp)
    accounts = Accounts(store, hasher=FAST_HASHER, policy=LoginPolicy(failure_delay=0))
    engine = build_engine(settings, backend="offline", store=store)
    demo, url = serve_app(engine, settings, accounts=accounts, limits=MANY_CLIENTS)
    yield Served(Cohort(store, cohort.accounts, Review(store, cohort.accounts)), url, sessions)
    demo.close()
    store.close()


def call(client: Client, route: str, *args: Any) -> tuple[Any, ...]:
    return client.predict(*args, api_name=f"/{route}")


def notice(result: tuple[Any, ...]) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", result[0]))


def skipped(value: Any) -> bool:
    """An output the handler left alone (gr.skip())."""
    return isinstance(value, dict) and value.get("__type__") == "update" and "value" not in value


NO_FILTERS = ("", "", "", "", "", "")
DOWNLOAD_LINK = re.compile(
    r'<a href="data:[^;,]+(?:;charset=utf-8)?;base64,([A-Za-z0-9+/=]+)" download="([^"]+)">'
)


def downloaded(result: tuple[Any, ...]) -> tuple[str, bytes]:
    """The file an export answer carries: its name and content."""
    found = DOWNLOAD_LINK.search(result[1])
    assert found, result[1][:300]
    return html.unescape(found.group(2)), base64.b64decode(found.group(1))


# --------------------------------------------------------------------------- signing in


def test_wrong_passwords_and_unknown_names_get_the_same_refusal(served: Served) -> None:
    errors = []
    for name, password in (("tess", "not the password"), ("nobody", PASSWORD)):
        with pytest.raises(ValueError) as refused:
            Client(served.url, auth=(name, password), verbose=False)
        errors.append(str(refused.value))
    assert errors[0] == errors[1] == f"Could not login to {served.url}. Invalid credentials."


# --------------------------------------------------------------------------- who reads what


def test_a_trainer_lists_their_cohort_and_an_admin_lists_everyone(served: Served) -> None:
    def trainees(name: str) -> set[str]:
        result = call(served.client(name), "trainer_sessions", *NO_FILTERS)
        return {row[1] for row in result[1]["data"]}

    assert trainees("tess") == {"amy", "ben"}
    assert trainees("ada") == {"amy", "ben", "cat"}


def test_a_trainer_reads_their_trainees_transcripts_and_nothing_else(served: Served) -> None:
    tess = served.client("tess")
    shown = call(tess, "trainer_transcript", served.sessions["amy"])
    assert "Showing the session of amy" in notice(shown) and good().staff in html.unescape(shown[1])

    for forged in (served.sessions["cat"], "0" * 32, "' OR 1=1 --"):
        refused = call(tess, "trainer_transcript", forged)
        assert notice(refused) == NOT_FOUND and all(skipped(v) for v in refused[1:])
        assert notice(call(tess, "trainer_export_pdf", forged)) == NOT_FOUND
    before = served.counts()
    cats_turn = served.staff_turn("cat")
    assert notice(call(tess, "trainer_comment", served.sessions["cat"], "__session__", "sneaky")) == NOT_FOUND
    override = ("1", False, "-", "0", "5", [], "sneaky")
    assert notice(call(tess, "trainer_override", served.sessions["cat"], cats_turn, *override)) == NOT_FOUND
    assert notice(call(tess, "trainer_confirm", served.sessions["cat"], cats_turn, "")) == NOT_FOUND
    assert served.counts() == before


@pytest.mark.parametrize("trainee", ["amy", "ben"])
def test_trainees_calling_trainer_routes_directly_are_refused(served: Served, trainee: str) -> None:
    client = served.client(trainee)
    own, amys = served.sessions[trainee], served.sessions["amy"]
    before = served.counts()
    calls = [
        ("trainer_load",),
        ("trainer_sessions", *NO_FILTERS),
        ("trainer_transcript", own),
        ("trainer_transcript", amys),
        ("trainer_comment", amys, "__session__", "I did great"),
        ("trainer_turn_grade", amys, served.staff_turn("amy")),
        ("trainer_override", amys, served.staff_turn("amy"), "5", False, "-", "3", "1", [], "generous"),
        ("trainer_confirm", amys, served.staff_turn("amy"), ""),
        ("trainer_export_pdf", own),
        ("trainer_export_json", amys),
        ("trainer_cohort", "", "", ""),
        ("trainer_cohort_csv", "", "", ""),
        ("trainer_calibration",),
    ]
    for route, *args in calls:
        result = call(client, route, *args)
        assert notice(result) == DENIED, route
        assert all(skipped(v) for v in result[1:]), route
    assert served.counts() == before


def test_a_disabled_trainer_is_refused_from_the_next_call(served: Served) -> None:
    tina = served.client("tina")
    assert "found" in notice(call(tina, "trainer_sessions", *NO_FILTERS))
    served.cohort.accounts.disable("tina")
    try:
        # Disabling ends her sign-in sessions, so the call is turned away before any handler runs.
        with pytest.raises(httpx.HTTPStatusError) as refused:
            call(tina, "trainer_sessions", *NO_FILTERS)
        assert refused.value.response.status_code == 401
    finally:
        served.cohort.accounts.enable("tina")


# --------------------------------------------------------------------------- reviewing through the API


def test_a_trainer_comments_overrides_and_downloads_exports(served: Served) -> None:
    tess = served.client("tess")
    bens, turn = served.sessions["ben"], served.staff_turn("ben")
    commented = call(tess, "trainer_comment", bens, turn, f"Watch this line {HOSTILE}")
    assert notice(commented) == "Comment saved."
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in commented[1] and "<script>" not in commented[1]

    picked = call(tess, "trainer_turn_grade", bens, turn)
    assert picked[1:] == ("5", False, "-", "2", "1", [])
    saved = call(
        tess, "trainer_override", bens, turn, "4", False, "-", "1", "2", ["generic_reassurance"], "Too much."
    )
    assert (
        notice(saved) == "Override saved. Differs from the machine on: tone, options, escalation_risk, flags."
    )
    stored = served.cohort.review.transcript(served.cohort.accounts.get("ada"), bens).turn(turn).override
    assert (
        stored is not None
        and stored.author == "tess"
        and stored.labels.tone == 4
        and stored.machine.tone == 5
    )

    name, content = downloaded(call(tess, "trainer_export_csv", bens))
    assert name.startswith("session-ben-") and name.endswith(".csv")
    text = content.decode("utf-8")
    assert NOTICE in text and "Too much." in text and "Watch this line" in text
    assert downloaded(call(tess, "trainer_export_pdf", bens))[1].startswith(b"%PDF-")

    cohort = call(tess, "trainer_cohort", "", "", "")
    assert "ben" in cohort[1] and "cat" not in cohort[1]
    assert "Reviewed turns" in cohort[2]


@pytest.mark.parametrize("bad_id", [["a", "b"], {"id": "x"}, 7])
def test_ids_of_the_wrong_type_are_not_found_on_every_trainer_route(served: Served, bad_id: Any) -> None:
    """Finding 10: a session id sent as a list or a dict was a traceback."""
    tess, bens, turn = served.client("tess"), served.sessions["ben"], served.staff_turn("ben")
    before = served.counts()
    for route, *args in [
        ("trainer_transcript", bad_id),
        ("trainer_comment", bad_id, "__session__", "hello"),
        ("trainer_turn_grade", bad_id, turn),
        ("trainer_override", bad_id, turn, "1", False, "-", "0", "5", [], "why"),
        ("trainer_confirm", bad_id, turn, ""),
        *((f"trainer_export_{kind}", bad_id) for kind in ("json", "csv", "html", "pdf")),
    ]:
        assert notice(call(tess, route, *args)) == NOT_FOUND, route
    assert notice(call(tess, "trainer_comment", bens, bad_id, "hello")) == NOT_FOUND
    assert notice(call(tess, "trainer_turn_grade", bens, bad_id)) == NOT_FOUND
    for route, *args in [
        ("trainer_override", bens, bad_id, "1", False, "-", "0", "5", [], "why"),
        ("trainer_confirm", bens, bad_id, ""),
    ]:
        assert notice(call(tess, route, *args)) == "Choose the trainee turn to grade first.", route
    assert "found" in notice(call(tess, "trainer_sessions", bad_id, "", "", "", "", ""))
    assert served.counts() == before


@pytest.mark.parametrize(
    ("since", "until", "says"),
    [
        ("", "9999-12-31", "2 sessions found."),
        ("0001-01-01", "9999-12-31", "2 sessions found."),
        ("2026-13-01", "", "From: write the date as YYYY-MM-DD"),
        ("", ["2026-01-01"], "To: write the date as YYYY-MM-DD"),
        ("2030-01-02", "2030-01-01", "From is after To"),
    ],
)
def test_odd_dates_on_the_trainer_filters_get_one_clear_answer(
    served: Served, since: Any, until: Any, says: str
) -> None:
    """Finding 10: a To date of 9999-12-31 was a traceback (the day after it does not exist)."""
    tess = served.client("tess")
    assert says in notice(call(tess, "trainer_sessions", "", "", "", since, until, ""))
    cohort = notice(call(tess, "trainer_cohort", "", since, until))
    assert (says if "found" not in says else "trainees shown") in cohort


def test_an_export_reaches_only_the_reviewer_who_asked_and_leaves_no_file(served: Served) -> None:
    """Finding 7: an export was a URL that any signed-in user could fetch, left in the temp folder."""
    before = {p for p in Path(get_upload_folder()).rglob("*") if p.is_file()}
    for kind in ("json", "csv", "html", "pdf"):
        result = call(served.client("tess"), f"trainer_export_{kind}", served.sessions["amy"])
        name, content = downloaded(result)
        assert name.endswith(f".{kind}") and content, kind
        assert "/file=" not in result[1] and "http" not in result[1].split("base64,")[0], "no URL to fetch"
    name, _ = downloaded(call(served.client("tess"), "trainer_calibration"))
    assert name.endswith(".jsonl")
    after = {p for p in Path(get_upload_folder()).rglob("*") if p.is_file()}
    assert not [p for p in after - before if p.name.startswith(("session-", "trainer-cases-"))]
    assert notice(call(served.client("amy"), "trainer_export_json", served.sessions["amy"])) == DENIED


def test_nobody_reaches_the_api_without_signing_in(served: Served) -> None:
    with pytest.raises(ValueError, match="login"):
        Client(served.url, verbose=False)
