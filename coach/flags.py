"""The flags a grade can carry, as the configured staff-turn rubric declares them.

Each flag is declared once, in the rubric's `flags:` (coach/resources/rubrics/staff-turn.yaml, or the copy
named by COACH_RUBRICS_DIR): its label, its advice, its effect on agitation and how the offline patient
hears it. The feedback panel, the summary card, the trainer's form, the agitation model and the offline
patient all read it from here, so a new flag is one entry in that file.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from coach.config import Settings, get_settings
from coach.models import ReplyKind
from coach.rubric_models import HEARD_AS, FlagEffect, FlagSpec
from coach.rubrics import STAFF_TURN_FILE, load_rubric


class _Declared(NamedTuple):
    by_name: dict[str, FlagSpec]
    effects: dict[str, FlagEffect]
    heard_as: dict[ReplyKind, frozenset[str]]


def declared_flags(settings: Settings | None = None) -> dict[str, FlagSpec]:
    """The configured rubric's flags by name, in the rubric's order."""
    return _declared(settings).by_name


def _declared(settings: Settings | None = None) -> _Declared:
    return _load((settings or get_settings()).rubrics_dir)


@lru_cache(maxsize=8)
def _load(rubrics_dir: Path) -> _Declared:
    # Read once per folder, like the graders' rubric: an edited rubric takes effect at the next start.
    specs = {spec.name: spec for spec in load_rubric(rubrics_dir / STAFF_TURN_FILE).flags}
    heard = {
        kind: frozenset(name for name, spec in specs.items() if spec.heard_as is kind) for kind in HEARD_AS
    }
    effects = {name: spec.effect for name, spec in specs.items() if spec.effect}
    return _Declared(specs, effects, heard)


def flag_effects() -> dict[str, FlagEffect]:
    """The effect on agitation of every flag that has one, by name."""
    return _declared().effects


def flag_label(name: str) -> str:
    """A flag's label; a flag the rubric no longer declares (an old stored grade) shows its name."""
    spec = declared_flags().get(name)
    return spec.label if spec else name.replace("_", " ").capitalize()


def flag_advice(name: str) -> str:
    """What to try instead of a flag; empty for a flag the rubric no longer declares."""
    spec = declared_flags().get(name)
    return spec.advice if spec else ""


def heard_as(kind: ReplyKind) -> frozenset[str]:
    """The flags the offline patient hears as `kind` (threatened, crowded or dismissed)."""
    return _declared().heard_as.get(kind, frozenset())
