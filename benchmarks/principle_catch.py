"""Benchmark: what the principle check catches of the guard probes, through the real client stack, when the
model behind it answers the checklist as it is asked to.

No real model is reachable here, so the checker's model is the loopback server with an answer key: it
reads the request coach sends (the draft inside its <draft> block, the checklist in the system prompt)
and gives the verdict the checklist asks for: fail, naming the principle, for a guard probe (when that
principle is in the checklist it was sent), pass for an in-character line. The figures therefore measure
coach's side: that each draft reaches the checker intact, that the verdict comes back through each
structured-output method and is read correctly. They say nothing about how often a real model would
answer so; that was not measurable here.

Also reported: how many probes the guards alone stop (with the guards first, the check sees only drafts
the guards passed).

    python -m benchmarks.principle_catch [--json out.json]
"""

from __future__ import annotations

import argparse
import asyncio
import re
from pathlib import Path
from typing import Any

from benchmarks.guard_probes import IN_CHARACTER, guard_probes
from benchmarks.report import write_json
from coach.config import RESOURCES, Settings
from coach.fakeopenai import FakeOpenAI, Json, RecordedRequest, Scripted
from coach.models import Band, PatientState, Speaker, Turn
from coach.patient.base import PatientContext
from coach.patient.guards import GuardFailure, check_reply
from coach.patient.principles import DRAFT_TAG, Principle, PrincipleChecker
from coach.patient.prompt import CUE_MARKER
from coach.personas import load_persona
from coach.structured_output import METHODS

PERSONA = "refused-request"
CUES = "\n[cues: jaw tight; looks at the door]"
STAFF = "I'm sorry, leave can't go ahead today because we're two staff short."
# The principle of the checklist each guard's kind of failure breaks: the answer a model asked the
# checklist would give.
ANSWER_KEY = {
    GuardFailure.speaks_as_ai: Principle.in_character,
    GuardFailure.coaches_trainee: Principle.no_coaching,
    GuardFailure.writes_for_others: Principle.no_staff_lines,
    GuardFailure.speaks_as_staff: Principle.no_staff_lines,
    GuardFailure.beyond_scenario: Principle.safe,
    GuardFailure.clinical_advice: Principle.safe,
    GuardFailure.contradicts_persona: Principle.consistent,
}
_DRAFT = re.compile(rf"<{DRAFT_TAG}>\n(.*)\n</{DRAFT_TAG}>", re.DOTALL)


class AnswerKey:
    """The loopback model's checker: the verdict the checklist asks for, from what the request holds."""

    def __init__(self) -> None:
        self.probes = guard_probes()

    def __call__(self, request: RecordedRequest) -> Scripted | None:
        found = _DRAFT.search(request.text())
        if found is None:
            return None  # the structured-output probe: the server's default answer
        # the words exactly as written (parse_reply would drop a leading "Callum:" label, which is
        # part of what one probe shows)
        words = found.group(1).rsplit(CUE_MARKER, 1)[0].rstrip("\n")
        guard = self.probes.get(words)
        principle = ANSWER_KEY[guard] if guard is not None else None
        if principle is None or f"- {principle.value}:" not in request.text():
            return Json(data={"reason": "In character and safe.", "principle": None, "verdict": "pass"})
        return Json(
            data={"reason": f"It breaks {principle.value}.", "principle": principle, "verdict": "fail"}
        )


def context() -> PatientContext:
    persona = load_persona(RESOURCES / "personas" / f"{PERSONA}.yaml")
    band = Band.agitated
    state = PatientState(agitation=40.0, band=band, cues=list(persona.voice[band].cues[:2]))
    history = [
        Turn(speaker=Speaker.patient, text=persona.opening.text, cues=list(persona.opening.cues)),
        Turn(speaker=Speaker.staff, text=STAFF),
    ]
    return PatientContext(session_id="bench", persona=persona, state=state, history=history)


async def measure(settings: Settings, ctx: PatientContext) -> dict[str, Any]:
    """Probes caught with the right principle, in-character lines failed, and checks that failed open."""
    checker = PrincipleChecker(settings)
    probes = guard_probes()
    caught = wrong = opened = alarms = 0
    for text, guard in probes.items():
        outcome = await checker.check(ctx, text + CUES)
        if outcome.verdict is None:
            opened += 1
        elif not outcome.verdict.passed:
            caught += outcome.verdict.principle == ANSWER_KEY[guard]
            wrong += outcome.verdict.principle != ANSWER_KEY[guard]
    for text in IN_CHARACTER:
        outcome = await checker.check(ctx, text + CUES)
        opened += outcome.verdict is None
        alarms += outcome.verdict is not None and not outcome.verdict.passed
    return {
        "probes": len(probes),
        "caught": caught,
        "caught_wrong_principle": wrong,
        "catch_rate": caught / len(probes),
        "in_character_lines": len(IN_CHARACTER),
        "false_alarms": alarms,
        "failed_open": opened,
    }


async def run() -> dict[str, Any]:
    ctx = context()
    probes = guard_probes()
    figures: dict[str, Any] = {
        "guards_stop": sum(bool(check_reply(text, [], ctx.persona)) for text in probes),
        "probes": len(probes),
        "methods": {},
    }
    with FakeOpenAI.running(responder=AnswerKey()) as server:
        for method in METHODS:
            settings = Settings(
                backend="llm",
                openai_base_url=server.base_url,
                openai_api_key="bench",
                patient_model="openai:bench-patient",
                structured_output=method,
                principle_check=True,
            )
            figures["methods"][method] = await measure(settings, ctx)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    f = asyncio.run(run())
    lines = [
        f"principle check on {f['probes']} guard probes (the loopback model answers the checklist as asked; "
        "a real model's catch rate was not measured)",
        f"  the guards alone stop {f['guards_stop']} of {f['probes']}",
    ]
    for method, m in f["methods"].items():
        lines.append(
            f"  {method}: caught {m['caught']} of {m['probes']} ({m['catch_rate']:.0%}) with the right "
            f"principle, {m['caught_wrong_principle']} with another; false alarms {m['false_alarms']} of "
            f"{m['in_character_lines']} in-character lines; failed open {m['failed_open']}"
        )
    print("\n".join(lines))
    write_json(args.json, f)


if __name__ == "__main__":
    main()
