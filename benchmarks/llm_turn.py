"""Benchmark: one LLM-backed turn against the loopback OpenAI server with latency L added to every call.

Printed relative to L: the patient's first token, the full reply (the last streamed token the trainee
sees; the cue line is held back), the LLM grade's arrival and the turn's end (grade stored, state
reconciled, reply stored). Reply and grade run concurrently, so the turn ends near the later of the two,
never near 2 L. The first turn is reported apart: it builds each model's HTTP client for the event loop.

The floor is measured in the same run: the same reply streamed from the same server by a bare HTTP
client. The server paces a stream (L, then `chunk_latency` per word), so the floor is what any client
would see, and "over floor" is what coach adds: prompts, LangChain, the store.

With --principle-check the same turns run again, in the same run, with COACH_PRINCIPLE_CHECK on (the
loopback model passes every draft, after L like any call), and the figures with the check are given
as ratios to those without: nothing is shown until the whole draft is checked, so the first token moves
to after the full draft and the check.

    python -m benchmarks.llm_turn [--latency 0.5] [--chunk-latency 0.005] [--turns 10] [--principle-check]
        [--json out.json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from benchmarks.report import write_json
from coach.backends import build_engine
from coach.config import Settings
from coach.fakeopenai import FakeOpenAI, Json, RecordedRequest, Scripted, Text
from coach.grading.base import AsyncGrader
from coach.models import Grade, GradingContext, Usage
from coach.stance import Stance
from coach.turn_events import ReplyDelta, StaffStored, TurnResult

REPLY = "I hear you. I just want someone to tell me straight what's going on. [cues: looks up; arms uncross]"
LINES = [
    "I'm sorry, leave can't go ahead today because we're two staff short. You could choose a card now.",
    "That sounds really hard. Would you like to sit in the garden, or talk here?",
    "I can't promise the doctor will agree, but I'll ask at ward round tomorrow.",
]
FLOOR_REQUESTS = 5
PASS = {"reason": "In character, answers the staff words.", "principle": None, "verdict": "pass"}
KEYS = ("first_token", "full_reply", "grade", "turn_end")


def answer(request: RecordedRequest) -> Scripted | None:
    """The patient's line for a reply, a pass for a principle check, the default object for a grade."""
    if request.structured is None:
        return Text(content=REPLY)
    return Json(data=PASS) if "<draft>" in request.text() else None


class ClockedGrader:
    """The engine's LLM grader, noting when each grade arrives."""

    def __init__(self, inner: AsyncGrader) -> None:
        self.inner = inner
        self.name = inner.name
        self.arrivals: list[float] = []

    async def agrade(self, ctx: GradingContext, floor: Grade) -> Grade:
        grade, _ = await self.agrade_with_usage(ctx, floor)
        return grade

    async def agrade_with_usage(self, ctx: GradingContext, floor: Grade) -> tuple[Grade, Usage]:
        result = await self.inner.agrade_with_usage(ctx, floor)
        self.arrivals.append(time.perf_counter())
        return result


async def floor(base_url: str) -> dict[str, float]:
    """A bare HTTP client streaming the reply: seconds to the first word and to the end of the stream."""
    body = {"model": "floor", "stream": True, "messages": [{"role": "user", "content": "floor"}]}
    first, end = [], []
    async with httpx.AsyncClient() as client:
        for _ in range(FLOOR_REQUESTS):
            began = time.perf_counter()
            seen = None
            async with client.stream("POST", f"{base_url}/chat/completions", json=body) as response:
                async for line in response.aiter_lines():
                    if seen is None and line.startswith("data: {"):
                        choices = json.loads(line[6:])["choices"]
                        if choices and choices[0]["delta"].get("content"):
                            seen = time.perf_counter() - began
            first.append(seen or 0.0)
            end.append(time.perf_counter() - began)
    return {"first_word_s": statistics.median(first), "stream_end_s": statistics.median(end)}


async def turns(settings: Settings, count: int) -> list[dict[str, float]]:
    """`count` turns; for each, seconds from the call to first token, full reply, grade, turn end."""
    engine = build_engine(settings)
    assert engine.llm_grader is not None
    clock = engine.llm_grader = ClockedGrader(engine.llm_grader)
    session, _ = engine.start("bench", "refused-request")
    measured = []
    for i in range(count):
        began = time.perf_counter()
        stored = first = last = end = None
        async for event in engine.stream_turn(session.id, LINES[i % len(LINES)], Stance()):
            now = time.perf_counter() - began
            if isinstance(event, StaffStored):
                stored = now
            elif isinstance(event, ReplyDelta):
                first = now if first is None else first
                last = now
            elif isinstance(event, TurnResult):
                end = now
                if event.outcome is not None:
                    session, _ = engine.start("bench", "refused-request")
        if stored is None or first is None or last is None or end is None:
            raise RuntimeError(f"turn {i + 1} did not stream a reply and finish")
        grade = clock.arrivals[-1] - began
        measured.append(
            {
                "staff_stored": stored,
                "first_token": first,
                "full_reply": last,
                "grade": grade,
                "turn_end": end,
            }
        )
    engine.store.close()
    return measured


async def run(
    latency: float, chunk_latency: float, count: int, principle_check: bool = False
) -> dict[str, Any]:
    checked: list[dict[str, float]] = []
    with (
        FakeOpenAI.running(latency=latency, chunk_latency=chunk_latency, responder=answer) as server,
        tempfile.TemporaryDirectory() as tmp,
    ):
        settings = Settings(
            data_dir=Path(tmp),
            backend="llm",
            openai_base_url=server.base_url,
            openai_api_key="bench",
            request_timeout=max(5.0, 4 * latency),
            principle_check_deadline=max(5.0, 4 * latency),
        )
        bare = await floor(server.base_url)
        measured = await turns(settings, count)
        if principle_check:
            on = settings.model_copy(update={"principle_check": True, "data_dir": Path(tmp) / "checked"})
            checked = await turns(on, count)
    later = measured[1:] or measured

    def over_l(key: str, rows: list[dict[str, float]]) -> float:
        return statistics.median(r[key] for r in rows) / latency

    figures: dict[str, Any] = {
        "latency_s": latency,
        "chunk_latency_s": chunk_latency,
        "turns": count,
        "floor_first_word_over_L": bare["first_word_s"] / latency,
        "floor_stream_end_over_L": bare["stream_end_s"] / latency,
        "first_turn": {key: value / latency for key, value in measured[0].items()},
    }
    for key in KEYS:
        figures[f"{key}_over_L"] = over_l(key, later)
    figures["staff_stored_ms"] = statistics.median(r["staff_stored"] for r in later) * 1000
    figures["worst_turn_end_over_L"] = max(r["turn_end"] for r in measured) / latency
    figures["first_token_over_floor_ms"] = (
        statistics.median(r["first_token"] for r in later) - bare["first_word_s"]
    ) * 1000
    figures["turn_end_over_floor_ms"] = (
        statistics.median(r["turn_end"] - max(bare["stream_end_s"], r["grade"]) for r in later) * 1000
    )
    if checked:
        checked_later = checked[1:] or checked
        figures["principle_check"] = {
            **{f"{key}_over_L": over_l(key, checked_later) for key in KEYS},
            **{f"{key}_on_over_off": over_l(key, checked_later) / over_l(key, later) for key in KEYS},
        }
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=float, default=0.5, help="seconds before each call's first byte")
    parser.add_argument("--chunk-latency", type=float, default=0.005, help="seconds between streamed words")
    parser.add_argument("--turns", type=int, default=10)
    parser.add_argument(
        "--principle-check", action="store_true", help="run the turns again with the check on; give ratios"
    )
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    f = asyncio.run(run(args.latency, args.chunk_latency, args.turns, args.principle_check))
    first = f["first_turn"]
    print(
        f"LLM turn, L={f['latency_s']:g} s, {f['chunk_latency_s'] * 1000:g} ms a streamed word, "
        f"{f['turns']} turns\n"
        f"  floor (bare HTTP client, same server): first word {f['floor_first_word_over_L']:.2f} L, "
        f"stream end {f['floor_stream_end_over_L']:.2f} L\n"
        f"  turns 2..n (medians): first token {f['first_token_over_L']:.2f} L, full reply "
        f"{f['full_reply_over_L']:.2f} L, grade {f['grade_over_L']:.2f} L, "
        f"turn end {f['turn_end_over_L']:.2f} L (worst of all {f['worst_turn_end_over_L']:.2f} L)\n"
        f"  first turn: first token {first['first_token']:.2f} L, full reply {first['full_reply']:.2f} L, "
        f"grade {first['grade']:.2f} L, turn end {first['turn_end']:.2f} L\n"
        f"  coach over the floor: first token +{f['first_token_over_floor_ms']:.0f} ms (of which storing and "
        f"grading the staff turn {f['staff_stored_ms']:.1f} ms), turn end "
        f"+{f['turn_end_over_floor_ms']:.0f} ms after the later of stream end and grade"
    )
    if check := f.get("principle_check"):
        print(
            "  with the principle check (turns 2..n, medians; x: over the same without it): first token "
            f"{check['first_token_over_L']:.2f} L ({check['first_token_on_over_off']:.2f}x), full reply "
            f"{check['full_reply_over_L']:.2f} L ({check['full_reply_on_over_off']:.2f}x), turn end "
            f"{check['turn_end_over_L']:.2f} L ({check['turn_end_on_over_off']:.2f}x)"
        )
    write_json(args.json, f)


if __name__ == "__main__":
    main()
