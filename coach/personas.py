"""Loading persona files (personas/<id>.yaml): the model's validation plus the checks that only make sense
for a folder of hand-edited files. Every problem is a DataFileError naming the file and the field."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path

from coach.datafiles import DataFileError, model_from_text, read_text
from coach.models import Persona

PERSONA_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
SUFFIX = ".yaml"


class UnknownPersona(KeyError):
    """No persona has this id; the message lists the ids that exist."""

    def __init__(self, persona_id: str, known: Iterable[str]) -> None:
        self.persona_id = persona_id
        self.known = sorted(known)
        super().__init__(persona_id)

    def __str__(self) -> str:
        # KeyError's own str() is the repr of its argument, which would hide the list of valid ids.
        valid = ", ".join(self.known) or "(none loaded)"
        return f"unknown persona '{self.persona_id}'; valid ids: {valid}"


def load_persona(path: Path | str) -> Persona:
    """Load and check one persona file; its id is the file stem."""
    path = Path(path)
    if not PERSONA_ID.fullmatch(path.stem):
        raise DataFileError(
            path,
            "id",
            f"the file name gives the id '{path.stem}', which must be lower-case letters, "
            "digits and single hyphens (for example 'ignored-for-days')",
        )
    return _checked_persona(path, read_text(path))


# Every engine built (the app, each command, each test) reads the personas: one validation for each file
# and text is enough, and a Persona is frozen. A problem is raised, never kept.
@lru_cache(maxsize=128)
def _checked_persona(path: Path, text: str) -> Persona:
    persona = model_from_text(path, text, Persona, id=path.stem)
    _check_met_by(path, persona)
    _check_no_repeated_lines(path, persona)
    return persona


def load_personas(directory: Path | str) -> dict[str, Persona]:
    """Load every *.yaml persona in `directory`, sorted by id. A missing or empty folder is an error."""
    directory = Path(directory)
    if not directory.is_dir():
        raise DataFileError(directory, None, "persona folder not found")
    misnamed = sorted(directory.glob("*.yml"))
    if misnamed:
        raise DataFileError(misnamed[0], None, f"persona files must end in '{SUFFIX}', not '.yml'")
    paths = sorted(directory.glob(f"*{SUFFIX}"), key=lambda p: p.stem)
    if not paths:
        raise DataFileError(directory, None, f"no persona files (*{SUFFIX}) found")
    return {path.stem: load_persona(path) for path in paths}


def get_persona(personas: Mapping[str, Persona], persona_id: str) -> Persona:
    """The persona with `persona_id`; UnknownPersona (a KeyError) lists the valid ids otherwise."""
    try:
        return personas[persona_id]
    except KeyError:
        raise UnknownPersona(persona_id, personas) from None


def _check_met_by(path: Path, persona: Persona) -> None:
    # Staff turns are lower-cased before matching, so an upper-case phrase could never match.
    for i, phrase in enumerate(persona.unmet_need.met_by):
        if phrase != phrase.lower():
            raise DataFileError(
                path,
                f"unmet_need.met_by[{i}]",
                f"must be lower-case, got '{phrase}' (try '{phrase.lower()}')",
            )


def _check_no_repeated_lines(path: Path, persona: Persona) -> None:
    # The offline patient never repeats itself in a session, so a duplicate line is a wasted line
    # or, as an aside, a reply that would echo itself.
    for band, voice in persona.voice.items():
        seen: dict[str, str] = {}
        lines = [
            (f"replies.{kind.value}[{i}]", text)
            for kind, texts in voice.replies.items()
            for i, text in enumerate(texts)
        ]
        lines += [(f"asides[{i}]", text) for i, text in enumerate(voice.asides)]
        for where, text in lines:
            field = f"voice.{band.value}.{where}"
            if text in seen:
                raise DataFileError(path, field, f"repeats the line at {seen[text]}: '{text}'")
            seen[text] = field
