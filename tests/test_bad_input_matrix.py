"""Bad input on every surface, one table per surface, with the answer each input gets: a one-line
message (or an exit code) and nothing stored. Odd but legitimate input (any script, markup, SQL) is taken
and stored verbatim.

Surfaces: chat text (engine and app API), stance values, persona and rubric files, `coach grade` JSONL,
command-line arguments, API payloads (wrong types, missing fields, unknown session ids), sign-in fields
and export requests. Rows already in a surface's own tests (test_engine, test_ui_api, test_cli,
test_personas, test_rubrics, test_accounts, test_review, test_exports) are not repeated here.
"""

from __future__ import annotations

import asyncio
import json
import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from app_fixtures import serve_app
from argon2 import PasswordHasher
from gradio_client import Client
from pydantic import ValidationError
from typer.testing import CliRunner

from coach.access.accounts import Accounts
from coach.backends import build_engine
from coach.cli import app
from coach.config import Settings, get_settings
from coach.datafiles import DataFileError
from coach.engine import Engine
from coach.models import Speaker
from coach.rubrics import load_rubric
from coach.staff_script import parse_script_line
from coach.stance import Stance
from coach.store import SessionNotFound
from coach.trainer.exports import session_csv, session_html, session_json, session_pdf
from coach.trainer.review import Review
from coach.typed_text import TurnRejected
from coach.ui.view import api_result

runner = CliRunner()
CALM = "I can see this is hard. Would you like to sit in the quiet lounge, or talk here?"


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(data_dir=tmp_path_factory.mktemp("bad-input"), concurrency_limit=4)


@pytest.fixture(scope="module")
def engine(settings: Settings) -> Engine:
    return build_engine(settings, backend="offline")


@pytest.fixture
def session_id(engine: Engine) -> str:
    return engine.start("amy", "refused-request")[0].id


def turn(engine: Engine, session_id: str, text: str | None) -> Any:
    return asyncio.run(engine.take_turn(session_id, text, Stance()))  # type: ignore[arg-type]


def one_line(message: str) -> bool:
    return bool(message) and "\n" not in message and "Traceback" not in message


# --------------------------------------------------------------------------- chat text (engine)

REFUSED_TEXT = [
    ("hello\x00there", "U+0000"),
    ("\x1b[31mred text", "U+001B"),
    ("zero\u200bwidth space", "U+200B"),
    ("\ufeffbyte order mark", "U+FEFF"),
    ("line\u2028separator", "U+2028"),
    ("isolate \u2067reversed\u2069 text", "U+2067"),
    ("next\x85line", "U+0085"),
    ("delete\x7f", "U+007F"),
    ("é" * 2001, "2,001 characters"),  # characters, not bytes
    (None, "empty"),
]
TAKEN_VERBATIM = [
    "😀 I'm here for you 🙏",
    "我明白你很难过。我们可以坐下来谈谈吗？",
    "أنا هنا لمساعدتك. هل تريد أن نجلس؟",
    "Cafe\u0301 later? We could go together.",
    "'; DROP TABLE turns; --",
    "<script>alert(1)</script> I'm listening.",
    "Line one.\nLine two,\tafter a tab.",
    '=HYPERLINK("http://x")',
]


@pytest.mark.parametrize("text, says", REFUSED_TEXT)
def test_the_engine_refuses_unusable_text_in_one_line_and_stores_nothing(
    engine: Engine, session_id: str, text: str | None, says: str
) -> None:
    before = engine.store.all_turns(session_id)
    with pytest.raises(TurnRejected, match=re.escape(says)) as refused:
        turn(engine, session_id, text)
    assert one_line(str(refused.value))
    assert engine.store.all_turns(session_id) == before


@pytest.mark.parametrize("text", TAKEN_VERBATIM)
def test_odd_but_real_text_is_answered_and_stored_verbatim(
    engine: Engine, session_id: str, text: str
) -> None:
    result = turn(engine, session_id, f"  {text}  ")
    assert result.patient.text
    stored = engine.store.get_turn(result.staff.id)
    assert stored.text == text and stored.speaker is Speaker.staff


# --------------------------------------------------------------------------- stance values

STANCE_OFF_SCALE = [
    ({"distance": "miles"}, "distance"),
    ({"voice": "whisper"}, "voice"),
    ({"posture": 5}, "posture"),
    ({"actions": ["fly"]}, "actions"),
    ({"actions": "step_back"}, "actions"),
    ({"mood": "calm"}, "mood"),
]
SCRIPT_STANCE = [
    ("[mood=calm] Hello.", "mood"),
    ("[voice=quiet Hello.", "not closed"),
    ("[distance] Hello.", "key=value"),
    ("[actions=fly] Hello.", "actions"),
]


@pytest.mark.parametrize("values, field", STANCE_OFF_SCALE)
def test_stance_values_off_the_scale_are_refused_at_the_boundary_naming_the_field(
    values: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        Stance.model_validate(values)
    assert refused.value.errors()[0]["loc"][0] == field


@pytest.mark.parametrize("line, says", SCRIPT_STANCE)
def test_a_bad_stance_block_in_a_script_line_is_one_clear_error(line: str, says: str) -> None:
    with pytest.raises(ValueError, match=re.escape(says)) as refused:
        parse_script_line(line)
    assert one_line(str(refused.value))


# --------------------------------------------------------------------------- persona and rubric files

BROKEN_FILES = [
    (b"", "mapping"),
    (b"- one\n- two\n", "mapping"),
    (b"\xff\xfe\x00not text", "not UTF-8"),
    (b"title: [unclosed\n", "not valid YAML"),
]


@pytest.mark.parametrize("content, says", BROKEN_FILES)
def test_a_broken_persona_file_fails_coach_personas_with_its_name(
    tmp_path: Path, content: bytes, says: str
) -> None:
    (tmp_path / "broken.yaml").write_bytes(content)
    result = runner.invoke(app, ["personas", "--dir", str(tmp_path)])
    assert result.exit_code == 1
    errors = result.stderr.splitlines()
    assert any("broken.yaml" in e and says in e for e in errors), errors
    assert "Traceback" not in result.output


def test_a_folder_named_like_a_persona_file_is_one_clear_error(
    tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Finding 10: a directory named x.yaml in the persona folder was a traceback."""
    for persona in settings.personas_dir.glob("*.yaml"):
        (tmp_path / persona.name).write_bytes(persona.read_bytes())
    (tmp_path / "x.yaml").mkdir()
    result = runner.invoke(app, ["personas", "--dir", str(tmp_path)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"error: {tmp_path / 'x.yaml'}: is a folder, not a file" in result.stderr.splitlines()
    with pytest.raises(DataFileError, match=re.escape("x.yaml: is a folder, not a file")):
        build_engine(settings.model_copy(update={"personas_dir": tmp_path}), backend="offline")


@pytest.mark.parametrize("content, says", BROKEN_FILES)
def test_a_broken_rubric_file_is_a_data_file_error_naming_it(
    tmp_path: Path, content: bytes, says: str
) -> None:
    path = tmp_path / "staff-turn.yaml"
    path.write_bytes(content)
    with pytest.raises(DataFileError, match=re.escape(says)) as refused:
        load_rubric(path)
    assert "staff-turn.yaml" in str(refused.value) and one_line(str(refused.value))


# --------------------------------------------------------------------------- coach grade JSONL

BAD_LINES = [
    ("[1, 2]", "line"),
    ('"just a string"', "line"),
    ("null", "line"),
    ('{"id": 2, "staff": "Hello", "colour": "red"}', "colour"),
    ('{"id": [2], "staff": "Hello"}', "id"),
    ('{"id": 2, "staff": 5}', "staff"),
    ('{"id": 2, "staff": "Hello", "agitation": "high"}', "agitation"),
    ('{"id": 2, "staff": "Hello", "stance": "close"}', "stance"),
    ('{"id": 2, "staff": "Hello", "stance": {"distance": "miles"}}', "stance.distance"),
    ('{"id": 2, "staff": "bad \\u0000 byte"}', "U+0000"),
    ('{"id": 2, "staff": "' + "x" * 2001 + '"}', "2,001 characters"),
]


@pytest.fixture
def cli_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """COACH_DATA_DIR in tmp_path, offline, for commands that build an engine."""
    monkeypatch.setenv("COACH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("COACH_BACKEND", "offline")
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def test_coach_grade_reports_each_bad_line_by_number_and_grades_the_others(cli_data: Path) -> None:
    # One file: a good line, then each bad line of the table followed by a good one.
    lines = [f'{{"id": 1, "staff": "{CALM}"}}']  # a good line's id is its line number
    for bad, _ in BAD_LINES:
        lines.append(bad)
        lines.append(f'{{"id": {len(lines) + 1}, "staff": "{CALM}"}}')
    src = cli_data / "in.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["grade", str(src)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    graded = [json.loads(line)["id"] for line in result.stdout.splitlines()]
    assert graded == [1, *range(3, len(lines) + 1, 2)], "every good line is graded"
    errors = result.stderr.splitlines()
    assert len(errors) == len(BAD_LINES) + 1, "one line per bad line, then the count"
    for number, ((_, says), error) in enumerate(zip(BAD_LINES, errors, strict=False), start=1):
        assert error.startswith(f"error: {src}: line {2 * number}:") and says in error, error
    assert errors[-1] == f"error: {len(BAD_LINES)} lines could not be graded (see above)"


# --------------------------------------------------------------------------- command-line arguments

BAD_ARGUMENTS = [
    (["grade"], 2, "Missing argument"),
    (["grade", "in.jsonl", "--backend", "gpt"], 2, "gpt"),
    (["grade", "."], 1, "cannot read"),
    (["simulate", "--script", "script.txt"], 2, "--persona"),
    (["simulate", "--persona", "fearful"], 2, "--script"),
    (["simulate", "--persona", "fearful", "--script", "nowhere.txt"], 1, "cannot read"),
    (["chat", "--persona", "nobody"], 1, "valid ids"),
    (["personas", "--dir", "nowhere"], 1, "no persona files"),
    (["shout"], 2, "No such command"),
]


@pytest.mark.parametrize("argv, code, says", BAD_ARGUMENTS)
def test_bad_arguments_get_one_message_and_an_exit_code(
    cli_data: Path, monkeypatch: pytest.MonkeyPatch, argv: list[str], code: int, says: str
) -> None:
    monkeypatch.chdir(cli_data)
    (cli_data / "in.jsonl").write_text(f'{{"id": 1, "staff": "{CALM}"}}\n', encoding="utf-8")
    (cli_data / "script.txt").write_text(f"{CALM}\n", encoding="utf-8")
    result = runner.invoke(app, argv)
    assert result.exit_code == code
    assert says in result.stderr and "Traceback" not in result.output


def test_the_llm_backend_without_a_key_is_one_line_before_anything_runs(cli_data: Path) -> None:
    (cli_data / "in.jsonl").write_text(f'{{"id": 1, "staff": "{CALM}"}}\n', encoding="utf-8")
    result = runner.invoke(app, ["grade", str(cli_data / "in.jsonl"), "--backend", "llm"])
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "OPENAI_API_KEY" in result.stderr


# --------------------------------------------------------------------------- the app's API payloads


@pytest.fixture(scope="module")
def served(engine: Engine, settings: Settings) -> Iterator[str]:
    demo, url = serve_app(engine, settings)
    yield url
    demo.close()


@pytest.fixture(scope="module")
def client(served: str) -> Client:
    return Client(served, verbose=False, download_files=False)


def call(client: Client, route: str, *args: Any) -> dict[str, Any]:
    return api_result(route, client.predict(*args, api_name=f"/{route}"))


def send(client: Client, *args: Any) -> dict[str, Any]:
    return call(client, "send", *args)


UNKNOWN_SESSION_ROUTES = [
    ("send", ("no-such-session", CALM, None, None, None, [], ""), "turn_notice"),
    ("retry", ("no-such-session",), "turn_notice"),
    ("continue_offline", ("no-such-session",), "turn_notice"),
    ("undo", ("no-such-session",), "session"),
    ("rewind", ("no-such-session", None), "session"),
    ("end", ("no-such-session",), "session"),
    ("debrief", ("no-such-session", "I kept my no brief."), "session"),
    ("summary", ("no-such-session",), "session"),
    ("resume", ("no-such-session",), "session"),
]


@pytest.mark.parametrize("route, args, field", UNKNOWN_SESSION_ROUTES)
def test_every_route_answers_an_unknown_session_id_without_storing_anything(
    client: Client, engine: Engine, route: str, args: tuple[Any, ...], field: str
) -> None:
    before = len(engine.store.list_sessions(limit=10_000))
    answer = call(client, route, *args)
    if field == "turn_notice":
        assert "could not be found" in answer["turn_notice"]
    else:
        assert answer["session"] is None, "back to the scenarios"
    assert len(engine.store.list_sessions(limit=10_000)) == before


@pytest.mark.parametrize("route, args, field", UNKNOWN_SESSION_ROUTES)
@pytest.mark.parametrize("bad_id", [["a", "b"], {"id": "x"}, [], 3.5, True])
def test_every_route_answers_a_session_id_of_the_wrong_type_as_an_unknown_one(
    client: Client, engine: Engine, route: str, args: tuple[Any, ...], field: str, bad_id: Any
) -> None:
    """Finding 10: a session id sent as a list or a dict was a traceback."""
    before = len(engine.store.list_sessions(limit=10_000))
    answer = call(client, route, bad_id, *args[1:])
    if field == "turn_notice":
        assert "could not be found" in answer["turn_notice"]
    else:
        assert answer["session"] is None, "back to the scenarios"
    assert len(engine.store.list_sessions(limit=10_000)) == before


def test_other_values_of_the_wrong_type_get_the_answer_a_wrong_value_gets(
    client: Client, engine: Engine, session_id: str
) -> None:
    """The same class of bug as a list for a session id, on the routes' other inputs."""
    before = len(engine.store.list_sessions(limit=10_000))
    started = call(client, "start", ["fearful"], "amy", "", False)
    assert started["session"] is None and "valid ids" in started["brief_notice"]
    assert len(engine.store.list_sessions(limit=10_000)) == before
    with pytest.raises(Exception, match="not in the list of choices"):  # Gradio's own check, one line
        call(client, "rewind", session_id, {"turn": "x"})


WRONG_TYPES = [
    ((12, CALM, None, None, None, [], ""), "could not be found"),  # a number for the session id
    ((None, CALM, None, None, None, [], ""), "could not be found"),
    (("SESSION", None, None, None, None, [], ""), "empty"),  # no text at all
    (("SESSION", "x" * 2001, None, None, None, [], ""), "2,001 characters"),
    (("SESSION", "tab\x0bvertical", None, None, None, [], ""), "U+000B"),
]


@pytest.mark.parametrize("args, says", WRONG_TYPES)
def test_wrong_values_for_send_get_an_inline_notice_and_store_nothing(
    client: Client, engine: Engine, session_id: str, args: tuple[Any, ...], says: str
) -> None:
    args = tuple(session_id if a == "SESSION" else a for a in args)
    answer = send(client, *args)
    assert says in answer["turn_notice"] and 'role="alert"' in answer["turn_notice"]
    assert len(engine.store.all_turns(session_id)) == 1


@pytest.mark.parametrize(
    "stance",
    [
        ("miles", None, None, []),
        (None, "whisper", None, []),
        (None, None, None, ["fly"]),
        (None, None, None, "x"),
    ],
)
def test_stance_values_off_the_controls_are_refused_by_the_app_and_store_nothing(
    client: Client, engine: Engine, session_id: str, stance: tuple[Any, ...]
) -> None:
    with pytest.raises(Exception, match="not in the list of choices"):
        send(client, session_id, CALM, *stance, "")
    assert len(engine.store.all_turns(session_id)) == 1


def test_the_app_refuses_a_start_for_an_unknown_persona_or_an_overlong_name(
    client: Client, engine: Engine
) -> None:
    before = len(engine.store.list_sessions(limit=10_000))
    unknown = call(client, "start", "nobody", "amy", "", False)
    assert unknown["session"] is None and "valid ids" in unknown["brief_notice"]
    long_name = call(client, "start", "fearful", "a" * 121, "", False)
    assert long_name["session"] is None and "limit is 120" in long_name["brief_notice"]
    assert len(engine.store.list_sessions(limit=10_000)) == before


def post(url: str, body: bytes) -> tuple[int, str]:
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


RAW_PAYLOADS = [
    (b"{}", 422, "Field required"),
    (b'{"data": "not a list"}', 422, "valid list"),
    (b"not json at all", 422, "JSON"),
]


@pytest.mark.parametrize("body, status, says", RAW_PAYLOADS)
def test_malformed_raw_api_calls_are_refused_by_status(
    served: str, engine: Engine, body: bytes, status: int, says: str
) -> None:
    before = len(engine.store.list_sessions(limit=10_000))
    code, text = post(f"{served}gradio_api/call/send", body)
    assert (code, says in text) == (status, True), text
    assert len(engine.store.list_sessions(limit=10_000)) == before


def test_a_raw_call_missing_inputs_ends_in_an_error_event_and_stores_nothing(
    served: str, engine: Engine, session_id: str
) -> None:
    code, text = post(f"{served}gradio_api/call/send", json.dumps({"data": [session_id]}).encode())
    assert code == 200
    with urllib.request.urlopen(f"{served}gradio_api/call/send/{json.loads(text)['event_id']}") as stream:
        assert stream.read().decode().startswith("event: error")
    assert len(engine.store.all_turns(session_id)) == 1


# --------------------------------------------------------------------------- sign-in fields

PASSWORD = "correct horse battery"
SIGN_IN = [
    ("", PASSWORD),
    ("   ", PASSWORD),
    ("amy\x00", PASSWORD),
    ("ａｍｙ", PASSWORD),  # full-width letters are another name, not amy
    ("a" * 10_000, PASSWORD),
    ("amy", ""),
    ("amy", "x" * 1_000_000),
    ("amy", "correct horse battery\x00"),
    ("amy'; --", PASSWORD),
]


@pytest.fixture(scope="module")
def signed_up(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """An engine on its own store with an account (accounts switch the app above to sign-in)."""
    return build_engine(Settings(data_dir=tmp_path_factory.mktemp("accounts")), backend="offline")


@pytest.fixture(scope="module")
def accounts(signed_up: Engine) -> Accounts:
    found = Accounts(signed_up.store, hasher=PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    found.add("amy", PASSWORD)
    return found


@pytest.mark.parametrize("username, password", SIGN_IN)
def test_odd_sign_in_fields_are_refused_quietly(accounts: Accounts, username: str, password: str) -> None:
    assert accounts.authenticate(username, password) is None
    assert accounts.authenticate(" AMY ", PASSWORD) is not None, "the refusals did not lock the real name"


# --------------------------------------------------------------------------- export requests


@pytest.mark.slow
def test_exports_of_a_session_with_odd_text_render_it_as_text(signed_up: Engine, accounts: Accounts) -> None:
    review = Review(signed_up.store, accounts)
    exported = []
    for text in TAKEN_VERBATIM:
        # one session a line: how the patient takes odd text is not what this checks
        session = signed_up.start("amy", "fearful")[0]
        turn(signed_up, session.id, text)
        transcript = review.transcript(accounts.get("amy"), session.id)
        assert session_pdf(transcript).startswith(b"%PDF")
        exported.append((session_html(transcript), session_csv(transcript), session_json(transcript)))
    pages = " ".join(html for html, _, _ in exported)
    assert "<script>alert(1)</script>" not in pages and "&lt;script&gt;" in pages
    assert any("'=HYPERLINK" in csv for _, csv, _ in exported)
    assert any("我明白你很难过" in json_text for _, _, json_text in exported)


def test_an_export_of_an_unknown_or_unreadable_session_is_not_found(
    signed_up: Engine, accounts: Accounts
) -> None:
    review = Review(signed_up.store, accounts)
    other = signed_up.start("ben", "fearful")[0]
    for session_id in ("no-such-session", other.id):
        with pytest.raises(SessionNotFound) as refused:
            review.transcript(accounts.get("amy"), session_id)
        assert one_line(str(refused.value)) and session_id in str(refused.value)


@pytest.mark.parametrize(("argv", "code"), [(["grade", "in.jsonl"], 1), (["eval", "personas/fearful"], 2)])
def test_an_unknown_backend_in_the_settings_is_one_line_naming_the_known_ones(
    cli_data: Path, monkeypatch: pytest.MonkeyPatch, argv: list[str], code: int
) -> None:
    monkeypatch.chdir(cli_data)
    (cli_data / "in.jsonl").write_text(f'{{"id": 1, "staff": "{CALM}"}}\n', encoding="utf-8")
    monkeypatch.setenv("COACH_BACKEND", "gpt")
    get_settings.cache_clear()
    result = runner.invoke(app, argv)
    assert result.exit_code == code and "Traceback" not in result.output
    assert result.stderr.startswith("error: Unknown backend 'gpt'; known: offline (")
    assert "llm (" in result.stderr and len(result.stderr.splitlines()) == 1
