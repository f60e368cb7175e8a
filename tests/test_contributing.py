"""The walkthroughs in CONTRIBUTING.md, followed step by step: adding a persona and adding a rubric key."""

from __future__ import annotations

import asyncio
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from coach.cli import app
from coach.config import RESOURCES, Settings, get_settings
from coach.fakeopenai import FakeOpenAI
from coach.grading.llm import LLMGrader, instructions, render_rubric
from coach.grading.offline import OfflineGrader
from coach.models import GradingContext, Persona
from coach.rubrics import default_rubrics

pytest_plugins = ["llm_fixtures"]

runner = CliRunner()
PACING = {
    "key": "pacing",
    "title": "Pacing",
    "description": "Whether the turn leaves the person time: one thing at a time, room to answer.",
    "scale": "0-3",
    "levels": [
        {"score": 0, "anchor": "Several questions or instructions at once."},
        {"score": 1, "anchor": "Two things at once."},
        {"score": 2, "anchor": "One thing, but no pause for an answer."},
        {"score": 3, "anchor": "One thing, and room to answer.", "examples": ["Take your time."]},
    ],
    "sources": ["Project BETA: be concise"],
}


def test_adding_a_persona(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # 1. A copy of the shipped folder, and a new file copied from the closest persona; its name is the id.
    folder = tmp_path / "personas"
    shutil.copytree(RESOURCES / "personas", folder)
    data = yaml.safe_load((folder / "fearful.yaml").read_text(encoding="utf-8"))
    # 2. Edit it: here the person and the title.
    data["title"] = "Frightened after a night transfer"
    data["profile"]["name"] = "Priya Shah"
    (folder / "night-transfer.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    # 3. `coach personas --dir` lists it with the others and validates every file.
    listed = runner.invoke(app, ["personas", "--dir", str(folder)])
    assert listed.exit_code == 0, listed.output
    assert "night-transfer" in listed.stdout and len(listed.stdout.splitlines()) == 7
    # 4. Point the app at the folder and play a scene with the new persona.
    monkeypatch.setenv("COACH_PERSONAS_DIR", str(folder))
    get_settings.cache_clear()
    script = tmp_path / "s.txt"
    script.write_text(
        "Hello, I'm Sam, one of the nurses.\n[voice=quiet] What's worrying you?\n", encoding="utf-8"
    )
    played = runner.invoke(
        app, ["simulate", "--persona", "night-transfer", "--script", str(script), "--json"]
    )
    assert played.exit_code == 0, played.output
    assert json.loads(played.stdout.splitlines()[-1])["outcome"] in {"de-escalated", "crisis", "unresolved"}
    # A mistake is named by file and field: met_by phrases must be lower-case.
    data["unmet_need"]["met_by"][0] = data["unmet_need"]["met_by"][0].upper()
    (folder / "night-transfer.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    broken = runner.invoke(app, ["personas", "--dir", str(folder)])
    assert broken.exit_code == 1
    assert "night-transfer.yaml" in broken.stderr and "unmet_need.met_by[0]" in broken.stderr


def test_adding_a_rubric_key(
    tmp_path: Path,
    llm_settings: Callable[..., Settings],
    fake_openai: FakeOpenAI,
    llm_persona: Persona,
) -> None:
    # 1. A new dimension under `dimensions:` in a copy of staff-turn.yaml: key, title, description, scale,
    #    one level per score, sources.
    folder = tmp_path / "rubrics"
    shutil.copytree(RESOURCES / "rubrics", folder)
    data = yaml.safe_load((folder / "staff-turn.yaml").read_text(encoding="utf-8"))
    data["dimensions"].append(PACING)
    (folder / "staff-turn.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    # 2. It loads (COACH_RUBRICS_DIR) and keeps the contract.
    rubric = default_rubrics(Settings(rubrics_dir=folder)).staff_turn
    assert rubric.dimension("pacing").title == "Pacing"
    # 3. The LLM grader reads it at once: in the prompt, asked for, and stored in Grade.extra.
    assert "## pacing (0-3): Pacing" in render_rubric(rubric) and "pacing (0-3)" in instructions(rubric, "")
    ctx = GradingContext(staff="Take your time.", persona_id=llm_persona.id, agitation=40)
    floor = OfflineGrader(rubric, {llm_persona.id: llm_persona}).grade(ctx)
    fake_openai.push(
        {
            "evidence": [{"key": "pacing", "quote": "Take your time.", "why": "one thing, room to answer"}],
            "refusal": False,
            "scores": {"tone": 4, "no_brevity": None, "options": 0, "escalation_risk": 2},
            "extra": [{"key": "pacing", "score": 3}],
            "flags": [],
            "meets_need": False,
            "suggestion": None,
        }
    )
    graded = asyncio.run(LLMGrader(llm_settings(), rubric, {llm_persona.id: llm_persona}).agrade(ctx, floor))
    assert graded.extra["pacing"] == 3
    # 4. The offline grader goes on grading, without the new key until a head is trained for it.
    assert "pacing" not in floor.extra and floor.scores.tone >= 1
