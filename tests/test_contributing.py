"""The walkthroughs in CONTRIBUTING.md, followed step by step: adding a persona, a rubric key, a flag,
a backend and a provider."""

from __future__ import annotations

import asyncio
import importlib
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from coach import dynamics
from coach.backends import BACKENDS, build_engine
from coach.cli import app
from coach.config import RESOURCES, Settings, get_settings
from coach.datafiles import read_yaml
from coach.fakeopenai import FakeOpenAI
from coach.flags import declared_flags
from coach.grading.corpus import CalibrationLabels
from coach.grading.llm import LLMGrader, instructions, render_rubric
from coach.grading.offline import OfflineGrader
from coach.models import GradingContext, PatientState, Persona, ReplyKind
from coach.patient.offline import classify
from coach.providers import PROVIDERS
from coach.providers.base import LLMConfigError
from coach.rubrics import default_rubrics
from coach.stance import Stance
from coach.store import Store
from coach.summary import graded_turns, summarise
from coach.ui.feedback import flags_html
from coach.ui.summary_card import summary_card

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
RUSHING = {
    "name": "rushing",
    "label": "Rushing them",
    "advice": "Give them time: one question, then wait for the answer.",
    "effect": {"points": 4, "trait": "directions", "why": "being hurried provokes"},
    "heard_as": "dismissed",
    "description": "Hurrying the person: pressing for an answer now or saying there is no time.",
    "examples": ["Come on, hurry up and tell me.", "I haven't got all day."],
    "sources": ["Project BETA: be concise - give the person time to process"],
}
LLM_GRADE = {
    "evidence": [
        {"key": "rushing", "quote": "Come on, I need an answer now.", "why": "presses for an answer"}
    ],
    "refusal": False,
    "scores": {"tone": 2, "no_brevity": None, "options": 0, "escalation_risk": 4},
    "extra": [],
    "flags": ["rushing"],
    "meets_need": False,
    "suggestion": None,
}


def _rubrics_with(tmp_path: Path, section: str, entry: dict[str, Any]) -> Path:
    """A copy of the shipped rubrics folder with `entry` added to a section of staff-turn.yaml."""
    folder = tmp_path / "rubrics"
    shutil.copytree(RESOURCES / "rubrics", folder)
    data = read_yaml(folder / "staff-turn.yaml")
    data[section].append(entry)
    (folder / "staff-turn.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return folder


def test_adding_a_persona(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # 1. A copy of the shipped folder, and a new file copied from the closest persona; its name is the id.
    folder = tmp_path / "personas"
    shutil.copytree(RESOURCES / "personas", folder)
    data = read_yaml(folder / "fearful.yaml")
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
    folder = _rubrics_with(tmp_path, "dimensions", PACING)
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


ECHO_BACKEND = '''"""The `echo` backend: the patient says back what it heard (a walkthrough backend)."""

from collections.abc import AsyncIterator

from coach.backends.base import Backend, Loaded, Parts
from coach.patient.base import PatientContext, PatientReply


class EchoPatient:
    name = "echo"

    async def stream(self, ctx: PatientContext) -> AsyncIterator[str | PatientReply]:
        text = f"You said: {ctx.history[-1].text}"
        yield text
        yield PatientReply(text=text, source="echo")


def build(loaded: Loaded) -> Parts:
    return Parts(patient=EchoPatient())


BACKEND = Backend(name="echo", summary="says back what it heard", build=build)
'''

WARD_PROVIDER = '''"""The `ward` provider: the ward's own OpenAI-compatible server at WARD_LLM_URL."""

import os

from coach.providers.openai import OpenAIProvider


class WardProvider(OpenAIProvider):
    name = "ward"
    summary = "the ward's own model server (WARD_LLM_URL)"
    key_hint = "nothing: the ward server takes no key"

    @property
    def base_url(self) -> str:
        return os.environ["WARD_LLM_URL"]

    @property
    def api_key(self) -> str:
        return "unused"
'''


def _module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, source: str) -> ModuleType:
    (tmp_path / f"{name}.py").write_text(source, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    return importlib.import_module(name)


def test_adding_a_backend(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # 1. One module: a patient (coach.patient.base.Patient) and BACKEND naming it.
    echo = _module(tmp_path, monkeypatch, "echo_backend", ECHO_BACKEND)
    # 2. One entry in BACKENDS.
    monkeypatch.setitem(BACKENDS, "echo", echo.BACKEND)
    # 3. `--backend echo` (or COACH_BACKEND=echo) plays it, through the engine like any other backend.
    script = tmp_path / "s.txt"
    script.write_text("Hello, I'm Sam, one of the nurses.\n", encoding="utf-8")
    played = runner.invoke(
        app, ["simulate", "--persona", "fearful", "--script", str(script), "--backend", "echo", "--json"]
    )
    assert played.exit_code == 0, played.output
    turn = json.loads(played.stdout.splitlines()[1])
    assert turn["patient"] == "You said: Hello, I'm Sam, one of the nurses." and turn["scores"]["tone"] >= 1
    monkeypatch.setenv("COACH_BACKEND", "echo")
    get_settings.cache_clear()
    assert build_engine(get_settings()).backend.name == "echo"
    # 4. A name not in BACKENDS is refused with the known ones listed, the new one among them.
    unknown = runner.invoke(
        app, ["simulate", "--persona", "fearful", "--script", str(script), "--backend", "ech"]
    )
    assert unknown.exit_code == 2
    said = " ".join(re.sub("[│╭╮╰╯─]", " ", unknown.output).split())  # typer draws usage errors in a box
    assert "Unknown backend 'ech'" in said and "echo (says back what it heard)" in said


def test_adding_a_provider(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    llm_settings: Callable[..., Settings],
    fake_openai: FakeOpenAI,
) -> None:
    # 1. One module: a Provider subclass (here an OpenAI-compatible server at its own URL).
    ward = _module(tmp_path, monkeypatch, "ward_provider", WARD_PROVIDER)
    monkeypatch.setenv("WARD_LLM_URL", fake_openai.base_url)
    # 2. One entry in PROVIDERS.
    monkeypatch.setitem(PROVIDERS, "ward", ward.WardProvider)
    # 3. Model settings name models on it; the LLM backend plays and grades there.
    settings = llm_settings(
        patient_model="ward:ward-7b", grader_model="ward:ward-grader", openai_base_url=None
    )
    engine = build_engine(settings, store=Store(f"sqlite:///{tmp_path / 'ward.db'}"))
    session, _ = engine.start("sam", "fearful")
    result = asyncio.run(engine.take_turn(session.id, "Hello, I'm Sam, one of the nurses."))
    assert result.patient.source == "llm:ward-7b" and result.grade.grader == "llm:ward-grader"
    assert sorted(request.model or "" for request in fake_openai.requests) == ["ward-7b", "ward-grader"]
    # 4. A provider not in PROVIDERS is refused with the known ones listed, the new one among them.
    with pytest.raises(LLMConfigError, match=r"Unknown model provider 'wrd'.*ward \(the ward's own model"):
        build_engine(llm_settings(patient_model="wrd:ward-7b"))


def test_adding_a_flag(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    llm_settings: Callable[..., Settings],
    fake_openai: FakeOpenAI,
    llm_persona: Persona,
) -> None:
    # 1. One entry under `flags:` in a copy of staff-turn.yaml: name, label, advice, effect, heard_as,
    #    description, examples, sources. Nothing else is edited.
    folder = _rubrics_with(tmp_path, "flags", RUSHING)
    rubric_file = folder / "staff-turn.yaml"
    # 2. Point the app at it; it loads, and a mistake is named by file and field.
    monkeypatch.setenv("COACH_RUBRICS_DIR", str(folder))
    get_settings.cache_clear()
    rubric = default_rubrics().staff_turn
    assert "rushing" in declared_flags()
    broken = read_yaml(rubric_file)
    broken["flags"][-1]["effect"]["trait"] = "hurry"
    (tmp_path / "broken").mkdir()
    shutil.copy(folder / "debrief.yaml", tmp_path / "broken" / "debrief.yaml")
    (tmp_path / "broken" / "staff-turn.yaml").write_text(yaml.safe_dump(broken, sort_keys=False), "utf-8")
    monkeypatch.setenv("COACH_RUBRICS_DIR", str(tmp_path / "broken"))
    get_settings.cache_clear()
    refused = runner.invoke(app, ["grade", "-"], input='{"id": "1", "staff": "Hello."}\n')
    assert refused.exit_code != 0
    field = f"flags[{len(broken['flags']) - 1}].effect.trait"
    assert "staff-turn.yaml" in refused.stderr and field in refused.stderr
    monkeypatch.setenv("COACH_RUBRICS_DIR", str(folder))
    get_settings.cache_clear()
    # 3. The LLM grader lists it in the prompt and reports it.
    assert "- rushing: Hurrying the person" in render_rubric(rubric)
    ctx = GradingContext(staff="Come on, I need an answer now.", persona_id=llm_persona.id, agitation=40)
    floor = OfflineGrader(rubric, {llm_persona.id: llm_persona}).grade(ctx)
    fake_openai.push(LLM_GRADE)
    graded = asyncio.run(LLMGrader(llm_settings(), rubric, {llm_persona.id: llm_persona}).agrade(ctx, floor))
    assert "rushing" in graded.flags
    # 4. Everything else reads the declaration: the feedback panel shows its label and advice ...
    panel = flags_html(graded.flags)
    assert "Rushing them" in panel and "Give them time: one question, then wait for the answer." in panel
    # ... the agitation model applies its effect, scaled by the persona's trait ...
    state = PatientState(agitation=40, band="agitated", cues=["pacing"], peak=40)
    step = dynamics.step(state, graded, Stance(), llm_persona)
    pushed = next(e for e in step.effects if e.name == "rushing")
    assert pushed.amount == round(4 * llm_persona.sensitivities.directions, 1)
    assert pushed.reason.startswith("being hurried provokes")
    # ... the offline patient hears it as declared ...
    assert (
        classify(graded.model_copy(update={"flags": ["rushing"]}), Stance(), ctx.staff) is ReplyKind.dismissed
    )
    # ... a trainer can label it ...
    labels = {"tone": 2, "refusal": False, "no_brevity": None, "options": 0, "escalation_risk": 4}
    assert CalibrationLabels(**labels, flags=["rushing"]).flags == ["rushing"]
    # ... and the summary names it and gives its advice as the thing to work on.
    engine = build_engine(Settings(data_dir=tmp_path / "data"), backend="offline")
    session, _ = engine.start("amy", llm_persona.id)
    result = asyncio.run(engine.take_turn(session.id, ctx.staff, Stance()))
    engine.store.add_grade(result.staff.id, graded)
    summary = summarise(engine.store, session.id)
    assert summary.flags == {"rushing": 1}
    assert summary.work_on == RUSHING["advice"]
    card = summary_card(
        summary, llm_persona.title, graded_turns(engine.store, session.id, engine.branch(session.id)), {}
    )
    assert "Rushing them × 1" in card
