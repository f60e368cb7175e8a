"""`coach chat`: a roleplay in the terminal, with the grade shown after each turn."""

from __future__ import annotations

import asyncio
from typing import Any

import typer

from coach.engine import Engine
from coach.models import Grade
from coach.stance import Stance
from coach.summary import summarise
from coach.turn_deadline import ReplySlow
from coach.turn_events import GradeReady, ReplyDelta, StaffStored, TurnFailed, TurnResult
from coach.typed_text import TurnRejected

HELP = """Commands:
  /stance distance=two_arms_or_more voice=quiet posture=open   set your stance for the next turns
  /act step_back,offer_break      add actions to your next turn only
  /undo                           take back your last turn
  /retry [offline]                retry the patient's reply after a backend failure
  /end                            end the scenario and go to the debrief
  /help                           this list
Describe actions in asterisks too, e.g. *steps back*."""


def chips(scores: dict[str, Any], flags: list[str]) -> str:
    """A grade as one line of readable chips."""
    no = scores["no_brevity"]
    text = (
        f"tone {scores['tone']}/5 · no {no if no is not None else '—'} · options {scores['options']} · "
        f"risk {scores['escalation_risk']}/5"
    )
    return text + (f" · flags: {', '.join(flags)}" if flags else "")


def run_chat(engine: Engine, persona_id: str, trainee: str, intention: str) -> None:
    persona = engine.personas[persona_id]
    typer.echo(f"\n{persona.title}: {persona.profile.name}, {persona.profile.age}\n{persona.ward.setting}")
    typer.echo("\nCare plan: " + "; ".join(persona.care_plan.what_helps))
    typer.echo("Avoid: " + "; ".join(persona.care_plan.what_to_avoid))
    session, opening = engine.start(trainee, persona_id, intention)
    typer.echo(f"\n{persona.profile.name}: {opening.text}  *{'; '.join(opening.cues)}*")
    typer.echo("(type /help for commands)\n")
    stance = Stance()
    actions: list[str] = []
    while True:
        try:
            line = input("you> ")
        except (EOFError, KeyboardInterrupt):
            typer.echo("")
            break
        command = line.strip()
        if command in {"/end", "/quit"}:
            break
        if command == "/help":
            typer.echo(HELP)
            continue
        try:
            if command.startswith("/stance"):
                stance = _parse_stance(command.removeprefix("/stance"), stance)
                continue
            if command.startswith("/act"):
                actions = [a.strip() for a in command.removeprefix("/act").split(",") if a.strip()]
                Stance.model_validate({"actions": actions})
                continue
            if command == "/undo":
                turn = engine.undo(session.id)
                typer.echo(f"(undone) {persona.profile.name}: {turn.text}")
                continue
            if command.startswith("/retry"):
                events = engine.stream_retry(session.id, offline=command.endswith("offline"))
            else:
                turn_stance = stance.model_copy(update={"actions": [*stance.actions, *actions]})
                events = engine.stream_turn(session.id, line, Stance.model_validate(turn_stance.model_dump()))
                actions = []
            result = asyncio.run(_play(events, persona.profile.name))
        except (TurnRejected, ValueError) as exc:
            typer.echo(f"! {exc}")
            continue
        if result is not None and result.outcome is not None:
            typer.echo(f"\nThe scenario has ended: {result.outcome.value}.")
            break
    _debrief(engine, session.id)


def _show_grade(grade: Grade) -> None:
    typer.echo("   " + chips(grade.scores.model_dump(), [str(f) for f in grade.flags]))
    for ev in grade.evidence[:4]:
        typer.echo(f'     - {ev.key}: "{ev.quote}" {ev.why}')
    if grade.suggestion:
        typer.echo(f"   try: {grade.suggestion}")


async def _play(events, name: str) -> TurnResult | None:
    result: TurnResult | None = None
    async for event in events:
        if isinstance(event, StaffStored):
            _show_grade(event.grade)
            typer.echo(f"{name}: ", nl=False)
        elif isinstance(event, ReplySlow):
            typer.echo(f"({event.message})", nl=False)
        elif isinstance(event, GradeReady):
            typer.echo(f"   model grade ({event.grade.grader}):")
            _show_grade(event.grade)
        elif isinstance(event, ReplyDelta):
            typer.echo(event.text, nl=False)
        elif isinstance(event, TurnFailed):
            typer.echo(f"\n! {event.message} (/retry or /retry offline)")
            return None
        elif isinstance(event, TurnResult):
            cues = "; ".join(event.patient.cues)
            typer.echo(f"\r{name}: {event.patient.text}  *{cues}*   [{event.state.band.label}]")
            result = event
    return result


def _parse_stance(text: str, current: Stance) -> Stance:
    fields = current.model_dump()
    for part in text.split():
        key, _, value = part.partition("=")
        fields[key] = value or None
    return Stance.model_validate(fields)


def _debrief(engine: Engine, session_id: str) -> None:
    engine.end(session_id)
    typer.echo("\nDebrief: what happened, what triggers did you notice, what would you record in the notes")
    typer.echo(
        "and care plan, and how would you repair things with the patient? (one paragraph, Enter to send)"
    )
    try:
        text = input("debrief> ")
    except (EOFError, KeyboardInterrupt):
        text = ""
    if text.strip():
        try:
            debrief = engine.debrief(session_id, text)
            covered = [k for k, v in debrief.grade.covered.items() if v]
            typer.echo(f"Debrief covered {len(covered)} of {len(debrief.grade.covered)} features.")
            for advice in debrief.grade.missing_advice:
                typer.echo(f"  - {advice}")
        except TurnRejected as exc:
            typer.echo(f"! {exc}")
    s = summarise(engine.store, session_id)
    typer.echo(
        f"\nOutcome: {s.outcome.value if s.outcome else 'open'} · turns {s.staff_turns} · "
        f"agitation {s.agitation[0]:.0f} → {s.final_agitation:.0f} (peak {s.peak_agitation:.0f})"
    )
    typer.echo("Averages: " + ", ".join(f"{k} {v}" for k, v in s.averages.items() if v is not None))
    if s.flags:
        typer.echo("Flags: " + ", ".join(f"{k} ×{n}" for k, n in s.flags.items()))
    typer.echo(f"Intention: {s.intention_review}\nStrength: {s.strength}\nWork on: {s.work_on}")
