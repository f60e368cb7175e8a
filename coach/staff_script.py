"""Staff scripts: the staff side of a conversation written down, one turn a line, as `coach simulate`
plays it and the persona eval suites hold it.

A line is the staff words, optionally after a stance block: `[distance=... voice=... posture=...
actions=a,b] words`. Blank lines and `#` comments are skipped. The words are checked as a typed turn is
(coach.typed_text), so a script cannot hold a turn the app would refuse.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

from pydantic import ValidationError

from coach.datafiles import one_line
from coach.stance import Stance
from coach.typed_text import clean_text


class ScriptError(ValueError):
    """A script line coach cannot play; `index` is its 0-based position among the lines given."""

    def __init__(self, index: int, problem: str) -> None:
        super().__init__(problem)
        self.index = index
        self.problem = problem


class ScriptTurn(NamedTuple):
    """One staff turn of a script: the words and the stance they are said with."""

    text: str
    stance: Stance


def parse_script_line(line: str) -> tuple[str, Stance]:
    """A script line's words and stance; raises ValueError with one line naming what is wrong."""
    line = line.strip()
    if not line.startswith("["):
        return line, Stance()
    end = line.find("]")
    if end < 0:
        raise ValueError("a stance block '[' is not closed with ']'")
    fields: dict[str, Any] = {}
    for part in line[1:end].split():
        key, sep, value = part.partition("=")
        if not sep:
            raise ValueError(f"stance item '{part}' should be key=value")
        fields[key] = [a for a in value.split(",") if a] if key == "actions" else value
    try:
        stance = Stance.model_validate(fields)
    except ValidationError as exc:
        raise ValueError(f"stance {one_line(exc)}") from None
    return line[end + 1 :].strip(), stance


def script_turns(lines: Iterable[str]) -> list[tuple[int, ScriptTurn]]:
    """(0-based position, turn) for each staff turn of script lines, blank lines and comments skipped; the
    first bad line raises ScriptError (an empty result is the caller's to refuse: it knows what the lines
    came from)."""
    turns = []
    for index, raw in enumerate(lines):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        try:
            text, stance = parse_script_line(raw)
            turns.append((index, ScriptTurn(clean_text(text), stance)))
        except ValueError as exc:  # a bad stance block, or words the app would refuse (TurnRejected)
            raise ScriptError(index, str(exc)) from None
    return turns
