"""Who may open and play which session in the trainee app once accounts exist: trainees amy and ben, the
trainer tess (amy's cohort) and the admin ada, each signed in through gradio_client on a real loopback
server. Only a session's owner plays it; everyone else, calling any route directly (the private ones too,
through Gradio's queue as a browser would), gets the answer an unknown id gets, and the store is left as
it was. Also: the launcher's sign-in check, and the light coach.ui package init."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gradio as gr
import httpx
import pytest
import uvicorn
from app_fixtures import MANY_CLIENTS, free_port, serve_app
from gradio_client import Client
from gradio_client.exceptions import AppError, AuthenticationError
from review_fixtures import PASSWORD, make_accounts
from sqlalchemy import update

import coach.ui.launch as launch_module
from coach.access.accounts import Accounts, Role, users
from coach.backends import build_engine
from coach.config import Settings
from coach.store import Store
from coach.ui.handlers import NO_SESSION, SIGNED_IN_INFO
from coach.ui.launch import launch
from coach.ui.view import api_result

CALM = "I can see this is hard. Would you like to sit in the quiet lounge, or talk here?"
DEBRIEF = "I kept my distance and offered options. I would record the triggers and check for harm."
FORGED = ("0" * 32, "' OR 1=1 --")
DIRECT_ROUTES = ("resume", "send", "retry", "continue_offline", "undo", "rewind", "end", "debrief", "summary")
QUEUE_ROUTES = ("again",)  # private: the page calls them through the queue, no client can name them


@dataclass
class Served:
    store: Store
    accounts: Accounts
    url: str
    routes: list[str | None]  # api_name by fn_index

    def client(self, name: str) -> Client:
        return Client(self.url, auth=(name, PASSWORD), verbose=False, download_files=False)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    tmp = tmp_path_factory.mktemp("ui-access")
    store = Store(f"sqlite:///{tmp / 't.db'}")
    accounts = make_accounts(store)
    settings = Settings(data_dir=tmp)
    demo, url = serve_app(
        build_engine(settings, backend="offline", store=store),
        settings,
        accounts=accounts,
        limits=MANY_CLIENTS,
    )
    routes = [d.get("api_name") for d in demo.config["dependencies"]]
    yield Served(store, accounts, url, routes)
    demo.close()
    store.close()


def call(client: Client, route: str, *args: Any) -> dict[str, Any]:
    return api_result(route, client.predict(*args, api_name=f"/{route}"))


def queue_call(served: Served, client: Client, route: str, *data: Any) -> list[Any]:
    """Call any route, private ones included, the way the page does: join the queue, read the stream."""
    session_hash = uuid.uuid4().hex
    join = {"data": list(data), "fn_index": served.routes.index(route), "session_hash": session_hash}
    with httpx.Client(base_url=f"{served.url}gradio_api/", cookies=client.cookies, timeout=30) as http:
        http.post("queue/join", json={**join, "event_data": None, "trigger_id": None}).raise_for_status()
        with http.stream("GET", "queue/data", params={"session_hash": session_hash}) as stream:
            for line in stream.iter_lines():
                message = json.loads(line[5:]) if line.startswith("data:") else {}
                if message.get("msg") == "process_completed":
                    return message["output"]["data"]
    raise AssertionError(f"{route} never completed")


def args_for(route: str, session_id: str) -> tuple[Any, ...]:
    # Rewind's line is left unchosen: Gradio only accepts a line the caller's own page was offered.
    extra = {"send": (CALM, None, None, None, [], ""), "rewind": (None,), "debrief": (DEBRIEF,)}
    return (session_id, *extra.get(route, ()))


def answer(client: Client, route: str, *args: Any) -> dict[str, Any]:
    """The result without the fresh client token every render carries."""
    return {k: v for k, v in call(client, route, *args).items() if k != "client_token"}


def snapshot(store: Store, session_id: str) -> tuple[Any, ...]:
    """Everything stored about a session."""
    turns = store.all_turns(session_id)
    grades = [store.grades(t.id or "") for t in turns if t.speaker.value == "staff"]
    return store.get_session(session_id), turns, grades, store.get_debrief(session_id)


@pytest.fixture
def amys(served: Served) -> str:
    """A session amy has started and played one turn in."""
    amy = served.client("amy")
    session_id = call(amy, "start", "refused-request", "amy", "keep my no brief", False)["session"]
    call(amy, "send", session_id, CALM, None, None, None, [], "")
    return session_id


# --------------------------------------------------------------------------- the owner


def test_a_signed_in_trainee_starts_under_their_own_name_whatever_name_is_sent(served: Served) -> None:
    amy = served.client("amy")
    session_id = call(amy, "start", "fearful", "ben", "", False)["session"]
    assert served.store.get_session(session_id).trainee == "amy"
    no_name = call(amy, "start", "fearful", "", "", False)["session"]  # the name box may be left empty
    assert served.store.get_session(no_name).trainee == "amy"


def test_the_name_box_shows_the_signed_in_name_and_a_sign_out_control(served: Served) -> None:
    shown, account = queue_call(served, served.client("ben"), "signed_in")
    assert (shown["value"], shown["interactive"], shown["info"]) == ("ben", False, SIGNED_IN_INFO)
    assert account["visible"] and "Signed in as ben" in account["value"]
    assert '<form method="post" action="/logout"' in account["value"], "the sign-out control is shown"


def test_the_owner_plays_their_session_to_the_end(served: Served, amys: str) -> None:
    amy = served.client("amy")
    assert len(call(amy, "resume", amys)["chat"]) == 3
    call(amy, "send", amys, "Okay. Tell me more about what happened.", None, None, None, [], "")
    assert len(served.store.branch(amys)) == 5
    assert len(call(amy, "undo", amys)["chat"]) == 3
    call(amy, "end", amys)
    assert "Your debrief covered" in call(amy, "debrief", amys, DEBRIEF)["summary"]
    assert served.store.get_debrief(amys) is not None


# --------------------------------------------------------------------------- everyone else


@pytest.mark.slow
@pytest.mark.parametrize("intruder", ["ben", "tess", "ada"])
def test_anyone_but_the_owner_gets_not_found_on_every_route_and_nothing_changes(
    served: Served, amys: str, intruder: str
) -> None:
    client = served.client(intruder)
    before = snapshot(served.store, amys)
    for route in DIRECT_ROUTES:
        result = answer(client, route, *args_for(route, amys))
        for forged in FORGED:
            assert result == answer(client, route, *args_for(route, forged)), (route, forged)
        if "session" in result:
            assert result["session"] is None, route
        else:
            assert NO_SESSION in result["turn_notice"], route
        assert "quiet lounge" not in json.dumps(result), f"{route} shows amy's turn"
    for route in QUEUE_ROUTES:
        shown = queue_call(served, client, route, amys)
        assert shown[0] is None and shown[1] == "", route  # no session, and not even amy's scenario
    assert snapshot(served.store, amys) == before
    assert served.client("amy").predict(amys, api_name="/resume")[0] == amys, "amy's session is still hers"


@pytest.mark.parametrize("reviewer", ["tess", "ada"])
def test_reviewers_read_the_transcript_on_the_trainer_page_instead(
    served: Served, amys: str, reviewer: str
) -> None:
    shown = served.client(reviewer).predict(amys, api_name="/trainer_transcript")
    assert "Showing the session of amy" in shown[0] and "quiet lounge" in shown[1]


def test_a_reviewer_starting_a_session_plays_it_under_their_own_name(served: Served) -> None:
    tess = served.client("tess")
    session_id = call(tess, "start", "fearful", "amy", "", False)["session"]
    assert served.store.get_session(session_id).trainee == "tess"
    assert call(tess, "resume", session_id)["session"] == session_id


# --------------------------------------------------------------------------- not signed in, not active


def test_clients_that_have_not_signed_in_are_refused(served: Served) -> None:
    sessions_before = len(served.store.list_sessions(limit=1000))
    with pytest.raises(AuthenticationError):
        Client(served.url, verbose=False)
    for route, data in (("start", ["fearful", "mallory", "", False]), ("resume", [None])):
        refused = httpx.post(f"{served.url}gradio_api/call/{route}", json={"data": data})
        assert refused.status_code == 401, route
    join = {"data": ["fearful", "mallory", "", False], "fn_index": served.routes.index("start")}
    refused = httpx.post(f"{served.url}gradio_api/queue/join", json={**join, "session_hash": "x"})
    assert refused.status_code == 401
    assert len(served.store.list_sessions(limit=1000)) == sessions_before


def test_a_disabled_trainee_is_refused_from_the_next_call(served: Served, amys: str) -> None:
    amy = served.client("amy")
    before = snapshot(served.store, amys)
    served.accounts.disable("amy")
    try:
        for route in ("resume", "send", "end"):
            # Disabling ended her sign-in sessions: the call is turned away before any handler runs.
            with pytest.raises(httpx.HTTPStatusError) as refused:
                call(amy, route, *args_for(route, amys))
            assert refused.value.response.status_code == 401
    finally:
        served.accounts.enable("amy")
    assert snapshot(served.store, amys) == before


def test_an_account_disabled_behind_the_apps_back_is_still_refused_by_every_handler(
    served: Served, amys: str
) -> None:
    """The handlers check the account on every call too, not only the sign-in session."""
    amy = served.client("amy")
    before = snapshot(served.store, amys)
    with served.store.writing() as conn:  # as a database tool would: no sessions are ended
        conn.execute(update(users).where(users.c.username == "amy").values(disabled=True))
    try:
        for route in ("resume", "send", "end"):
            with pytest.raises(AppError, match="Your account is not active"):
                call(amy, route, *args_for(route, amys))
    finally:
        served.accounts.enable("amy")
    assert snapshot(served.store, amys) == before


# --------------------------------------------------------------------------- the launcher


@pytest.fixture
def readied(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What launch() did to make the process ready, and when it served, in order. The warm-up and the
    heap's freeze are recorded, not done: frozen, this test process would keep every object it holds."""
    steps: list[str] = []
    monkeypatch.setattr(launch_module, "warm_up", lambda grader, personas: steps.append("warm_up"))
    monkeypatch.setattr(launch_module, "settle_heap", lambda: steps.append("settle_heap"))
    return steps


@pytest.fixture
def launched(monkeypatch: pytest.MonkeyPatch, readied: list[str]) -> list[dict[str, Any]]:
    """The app and keyword arguments of each uvicorn.run() call, which binds nothing. Gradio's own
    launch() (the only way to a share link) must never be called. The tests pass a free port: launch()
    refuses a busy one, and 7860 may be in use by an app the developer is running."""
    calls: list[dict[str, Any]] = []

    def run(app: Any, **kwargs: Any) -> None:
        readied.append("serve")
        calls.append({"app": app, **kwargs})

    monkeypatch.setattr(uvicorn, "run", run)
    monkeypatch.setattr(gr.Blocks, "launch", lambda self, **kwargs: pytest.fail("Blocks.launch() was called"))
    return calls


def paths(app: Any) -> set[str]:
    return {getattr(route, "path", "") for route in app.routes}


def test_launch_refuses_a_non_loopback_host_without_accounts(
    tmp_path: Path, launched: list[dict[str, Any]]
) -> None:
    with pytest.raises(SystemExit) as refused:
        launch(host="0.0.0.0", settings=Settings(data_dir=tmp_path, backend="offline", port=free_port()))
    message = str(refused.value)
    assert message.startswith("coach: refusing to serve on 0.0.0.0") and "\n" not in message
    assert "coach users add" in message
    assert launched == []


def test_launch_asks_everyone_to_sign_in_once_accounts_exist(
    tmp_path: Path, launched: list[dict[str, Any]]
) -> None:
    settings = Settings(data_dir=tmp_path, backend="offline", port=free_port())
    with Store(settings.db_url) as store:
        make_accounts(store)
    launch(host="0.0.0.0", settings=settings)
    (kwargs,) = launched
    assert kwargs["host"] == "0.0.0.0" and kwargs["port"] == settings.port
    assert {"/login", "/logout"} <= paths(kwargs["app"])


def test_launch_on_loopback_without_accounts_runs_without_sign_in(
    tmp_path: Path, launched: list[dict[str, Any]], capsys: pytest.CaptureFixture[str]
) -> None:
    launch(host="127.0.0.1", settings=Settings(data_dir=tmp_path, backend="offline", port=free_port()))
    (kwargs,) = launched
    assert not {"/login", "/logout"} & paths(kwargs["app"])
    assert "no sign-in" in capsys.readouterr().out


def test_launch_warms_the_grader_and_settles_the_heap_before_serving(
    tmp_path: Path, launched: list[dict[str, Any]], readied: list[str]
) -> None:
    launch(host="127.0.0.1", settings=Settings(data_dir=tmp_path, backend="offline", port=free_port()))
    assert readied == ["warm_up", "settle_heap", "serve"], "the first trainee never waits for a first use"


@pytest.mark.parametrize("share", ["True", "1", "yes"])
def test_a_share_setting_never_opens_a_public_link_without_accounts(
    tmp_path: Path,
    launched: list[dict[str, Any]],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    share: str,
) -> None:
    monkeypatch.setenv("GRADIO_SHARE", share)
    launch(host="127.0.0.1", settings=Settings(data_dir=tmp_path, backend="offline", port=free_port()))
    (kwargs,) = launched
    assert kwargs["host"] == "127.0.0.1", "served on loopback only, through uvicorn, never a share tunnel"
    said = [line for line in capsys.readouterr().out.splitlines() if "GRADIO_SHARE" in line]
    assert len(said) == 1 and "never opens a public share link" in said[0] and "no user accounts" in said[0]


def test_the_first_account_added_while_the_app_runs_without_sign_in_stops_it_serving(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 't.db'}")
    settings = Settings(data_dir=tmp_path)
    demo, url = serve_app(build_engine(settings, backend="offline", store=store), settings)
    try:
        client = Client(url, verbose=False, download_files=False)
        session_id = call(client, "start", "fearful", "sam", "", False)["session"]
        Accounts(store).add("ada", PASSWORD, role=Role.admin)
        with pytest.raises(AppError, match="restart it"):
            call(client, "resume", session_id)
    finally:
        demo.close()
        store.close()


# --------------------------------------------------------------------------- the package init


def test_exports_import_without_the_web_app() -> None:
    """coach.trainer.exports draws with coach.charts; that must not load gradio or the app (a cycle)."""
    code = "import sys, coach.trainer.exports; print('gradio' in sys.modules, 'coach.ui.app' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]
