"""The `coach` command: the docs/architecture.md command-line contract and its bad-input answers."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coach.cli import app
from coach.config import RESOURCES
from coach.staff_script import parse_script_line
from coach.stance import Action, Distance, Voice

runner = CliRunner()
GRADE_KEYS = {"id", "scores", "refusal", "flags", "evidence", "suggestion", "grader"}
SCORE_KEYS = {"tone", "no_brevity", "options", "escalation_risk"}


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_grade_writes_the_contract_shape_one_line_each(tmp_path: Path) -> None:
    lines = [
        {"id": "a", "staff": "Calm down or you'll go to seclusion.", "persona": "paranoid", "agitation": 60},
        {
            "id": 2,
            "staff": "I can't agree to leave today, because the doctor hasn't seen you. You could ring "
            "Ellie, or I can post the card.",
            "patient": "I want to go NOW.",
            "persona": "refused-request",
            "stance": {"distance": "two_arms_or_more", "voice": "quiet"},
        },
        {"id": "c", "staff": "Hello, I'm Sam."},
    ]
    src = write(tmp_path, "in.jsonl", "\n".join(json.dumps(x) for x in lines) + "\n\n")
    result = runner.invoke(app, ["grade", str(src), "--backend", "offline"])
    assert result.exit_code == 0, result.output
    out = [json.loads(x) for x in result.stdout.splitlines()]
    assert [o["id"] for o in out] == ["a", 2, "c"]
    for o in out:
        assert set(o) == GRADE_KEYS and set(o["scores"]) == SCORE_KEYS
        assert (o["scores"]["no_brevity"] is None) == (not o["refusal"])
        assert o["grader"] == "offline"
    assert {"calm_down", "containment_threat"} <= set(out[0]["flags"])
    assert out[1]["refusal"] is True and out[1]["scores"]["options"] >= 2


def test_grade_reports_bad_lines_by_number_and_still_grades_the_rest(tmp_path: Path) -> None:
    src = write(
        tmp_path,
        "in.jsonl",
        '{"id": 1, "staff": "Hello"}\n'
        "{not json\n"
        '{"id": 3}\n'
        '{"id": 4, "staff": "   "}\n'
        '{"id": 5, "staff": "Hi", "persona": "nobody"}\n'
        '{"id": 6, "staff": "Hi", "agitation": 300}\n'
        '{"id": 7, "staff": "Would you like a tea?"}\n',
    )
    result = runner.invoke(app, ["grade", str(src)])
    assert result.exit_code == 1
    assert [json.loads(x)["id"] for x in result.stdout.splitlines()] == [1, 7]
    errors = result.stderr.splitlines()
    for number in (2, 3, 4, 5, 6):
        assert any(f"line {number}:" in e for e in errors), errors
    assert any("valid ids" in e for e in errors)
    assert "Traceback" not in result.output


def test_grade_with_a_missing_file_says_so(tmp_path: Path) -> None:
    result = runner.invoke(app, ["grade", str(tmp_path / "nope.jsonl")])
    assert result.exit_code == 1 and "cannot read" in result.stderr


@pytest.mark.parametrize(
    "persona", ["fearful", "paranoid", "ignored-for-days", "refused-request", "withdrawn", "patient-conflict"]
)
def test_simulate_follows_the_contract_for_every_persona(tmp_path: Path, persona: str) -> None:
    script = write(
        tmp_path, "s.txt", "# a comment\n\nHello, I'm Sam.\n[voice=quiet] Would you like a cup of tea?\n"
    )
    result = runner.invoke(app, ["simulate", "--persona", persona, "--script", str(script), "--json"])
    assert result.exit_code == 0, result.output
    records = [json.loads(x) for x in result.stdout.splitlines()]
    assert set(records[0]) == {"turn", "patient", "agitation", "band"} and records[0]["turn"] == 0
    for i, r in enumerate(records[1:-1], start=1):
        assert set(r) == {"turn", "staff", "patient", "agitation", "band", "scores", "flags"}
        assert r["turn"] == i and set(r["scores"]) == SCORE_KEYS
        assert 0 <= r["agitation"] <= 100
    assert records[1]["staff"] == "Hello, I'm Sam."
    assert set(records[-1]) == {"outcome", "final_agitation", "peak_agitation"}
    assert records[-1]["outcome"] in {"de-escalated", "crisis", "unresolved"}


def test_simulate_rejects_unknown_persona_and_bad_scripts(tmp_path: Path) -> None:
    script = write(tmp_path, "s.txt", "Hello\n")
    result = runner.invoke(app, ["simulate", "--persona", "nobody", "--script", str(script)])
    assert result.exit_code == 1 and "valid ids: fearful" in result.stderr
    bad = write(tmp_path, "bad.txt", "Hello\n[voice=whisper] hi\n")
    result = runner.invoke(app, ["simulate", "--persona", "fearful", "--script", str(bad)])
    assert result.exit_code == 1 and "line 2" in result.stderr and "voice" in result.stderr
    empty = write(tmp_path, "empty.txt", "# nothing\n\n")
    result = runner.invoke(app, ["simulate", "--persona", "fearful", "--script", str(empty)])
    assert result.exit_code == 1 and "no staff turns" in result.stderr
    long = write(tmp_path, "long.txt", "x" * 2001 + "\n")
    result = runner.invoke(app, ["simulate", "--persona", "fearful", "--script", str(long)])
    assert result.exit_code == 1 and "line 1" in result.stderr and "2,001" in result.stderr


def test_script_lines_carry_a_stance() -> None:
    text, stance = parse_script_line(
        "[distance=two_arms_or_more voice=quiet actions=step_back,offer_break] Hi"
    )
    assert text == "Hi"
    assert stance.distance is Distance.two_arms_or_more and stance.voice is Voice.quiet
    assert stance.actions == [Action.step_back, Action.offer_break]


def test_personas_lists_and_validates(tmp_path: Path) -> None:
    result = runner.invoke(app, ["personas"])
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 6 and "refused-request" in result.stdout
    write(tmp_path, "ok.yaml", (RESOURCES / "personas" / "fearful.yaml").read_text())
    write(tmp_path, "broken.yaml", "title: [unclosed\n")
    result = runner.invoke(app, ["personas", "--dir", str(tmp_path)])
    assert result.exit_code == 1
    assert "broken.yaml" in result.stderr and "not valid YAML" in result.stderr
    assert "ok " in result.stdout


def test_chat_plays_a_session_in_the_terminal(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("COACH_DATA_DIR", str(tmp_path))
    from coach.config import get_settings

    get_settings.cache_clear()
    try:
        keys = (
            "Hello, I'm Sam. Would you like a tea or some space?\n/undo\n/stance voice=shout\n/end\n"
            "I'd check she was ok.\n"
        )
        result = runner.invoke(app, ["chat", "--persona", "fearful"], input=keys)
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    assert "tone " in result.stdout and "(undone)" in result.stdout
    assert "voice" in result.stdout  # the bad stance is answered inline
    assert "Outcome:" in result.stdout


def test_grade_reports_a_line_that_is_not_utf8_and_grades_the_rest(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_bytes(
        b'{"id": 1, "staff": "Hello"}\n{"id": 2, "staff": "caf\xe9"}\n{"id": 3, "staff": "Tea?"}\n'
    )
    result = runner.invoke(app, ["grade", str(src)])
    assert result.exit_code == 1
    assert [json.loads(x)["id"] for x in result.stdout.splitlines()] == [1, 3]
    assert "line 2: is not UTF-8 text" in result.stderr and "Traceback" not in result.output


def test_serve_on_a_busy_port_is_one_line_and_starts_nothing(tmp_path: Path, monkeypatch) -> None:
    """Finding 10: `coach serve` on a busy port printed its address, then a traceback."""
    monkeypatch.setenv("COACH_DATA_DIR", str(tmp_path))
    from coach.config import get_settings

    get_settings.cache_clear()
    try:
        with socket.socket() as taken:
            taken.bind(("127.0.0.1", 0))
            taken.listen()
            port = taken.getsockname()[1]
            result = runner.invoke(app, ["serve", "--host", "127.0.0.1", "--port", str(port)])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.splitlines() == [
        f"coach: cannot serve on 127.0.0.1:{port}: Address already in use. Stop what is using it, or choose "
        "another port (coach serve --port N, or COACH_PORT)."
    ]
    assert not (tmp_path / "coach.db").exists(), "nothing was started"


@pytest.mark.parametrize("content", [b"", b"\n  \n\n"])
def test_grade_of_an_empty_file_is_an_error_that_says_so(tmp_path: Path, content: bytes) -> None:
    """Finding 13: an empty input file exited 0 silently."""
    src = tmp_path / "in.jsonl"
    src.write_bytes(content)
    result = runner.invoke(app, ["grade", str(src), "--backend", "offline"])
    assert result.exit_code == 1 and result.stdout == ""
    assert (
        result.stderr == f"error: {src}: nothing to grade: the file is empty (give one JSON object a line)\n"
    )


def test_grade_takes_a_file_that_starts_with_a_byte_order_mark(tmp_path: Path) -> None:
    """Finding 13: a UTF-8 byte-order mark made line 1 invalid."""
    src = tmp_path / "in.jsonl"
    src.write_bytes(b"\xef\xbb\xbf" + b'{"id": 1, "staff": "Hello, I\'m Sam."}\n{"id": 2, "staff": "Hi."}\n')
    result = runner.invoke(app, ["grade", str(src), "--backend", "offline"])
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == [1, 2]


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity"])
def test_grade_reports_nan_and_infinity_as_not_a_number_naming_line_and_field(
    tmp_path: Path, value: str
) -> None:
    """Finding 13: "agitation": NaN was reported as "should be <= 100"."""
    src = write(
        tmp_path,
        "in.jsonl",
        f'{{"id": 1, "staff": "Hi."}}\n{{"id": 2, "staff": "Hi.", "agitation": {value}}}\n',
    )
    result = runner.invoke(app, ["grade", str(src), "--backend", "offline"])
    assert result.exit_code == 1
    errors = result.stderr.splitlines()
    assert errors[0] == (
        f"error: {src}: line 2: field 'agitation': is not a number (NaN and Infinity are not numbers here)"
    )
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == [1]
