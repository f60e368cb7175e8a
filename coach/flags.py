"""The flags a grade can carry, as the configured staff-turn rubric declares them.

Each flag is declared once, in the rubric's `flags:` (coach/resources/rubrics/staff-turn.yaml, or the copy
named by COACH_RUBRICS_DIR): its label, its advice, its effect on agitation and how the offline patient
hears it. The feedback panel, the summary card, the trainer's form, the agitation model and the offline
patient all read it from here, so a new flag is one entry in that file.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from coach.config import Settings, get_settings
from coach.models import FlagSpec, ReplyKind
from coach.rubrics import STAFF_TURN_FILE, load_rubric


def declared_flags(settings: Settings | None = None) -> dict[str, FlagSpec]:
    """The configured rubric's flags by name, in the rubric's order."""
    path = (settings or get_settings()).rubrics_dir / STAFF_TURN_FILE
    return _load(path, path.stat().st_mtime_ns)


@lru_cache(maxsize=8)
def _load(path: Path, mtime_ns: int) -> dict[str, FlagSpec]:
    # The modification time is part of the key so that an edited rubric is read again.
    return {spec.name: spec for spec in load_rubric(path).flags}


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
    return frozenset(name for name, spec in declared_flags().items() if spec.heard_as is kind)
