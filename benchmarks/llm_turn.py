"""Benchmark: one LLM-backed turn against the loopback OpenAI server with latency L injected on every call.

Prints, relative to L: time to the patient's first token, to the full reply (last streamed token), and to
the turn's end (when the LLM grade has arrived and been stored). The reply and the grade run concurrently,
so all three should sit near 1 L; a grade that waited for the reply would put the turn's end near 2 L.

    python -m benchmarks.llm_turn [--latency 0.5] [--turns 10] [--json out.json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import tempfile
import time
from pathlib import Path

from coach.backends import build_engine
from coach.config import Settings
from coach.engine import ReplyDelta, TurnResult
from coach.fakeopenai import FakeOpenAI, Text
from coach.models import Stance

REPLY = "I hear you. I just want someone to tell me straight what's going on. [cues: looks up; arms uncross]"
LINES = [
    "I'm sorry, leave can't go ahead today because we're two staff short. You could choose a card now.",
    "That sounds really hard. Would you like to sit in the garden, or talk here?",
    "I can't promise the doctor will agree, but I'll ask at ward round tomorrow.",
]


async def run(latency: float, turns: int) -> dict:
    with (
        FakeOpenAI.running(latency=latency, chunk_latency=0.005) as server,
        tempfile.TemporaryDirectory() as tmp,
    ):
        server.responder = lambda req: None if req.structured else Text(content=REPLY)
        settings = Settings(
            data_dir=Path(tmp),
            backend="llm",
            openai_base_url=server.base_url,
            openai_api_key="bench",
            request_timeout=max(5.0, 4 * latency),
        )
        engine = build_engine(settings)
        session, _ = engine.start("bench", "refused-request")
        first, full, done = [], [], []
        for i in range(turns):
            t0 = time.perf_counter()
            first_at = last_delta = None
            async for event in engine.stream_turn(session.id, LINES[i % len(LINES)], Stance()):
                now = time.perf_counter() - t0
                if isinstance(event, ReplyDelta):
                    first_at = first_at if first_at is not None else now
                    last_delta = now
                elif isinstance(event, TurnResult):
                    done.append(now / latency)
                    if event.outcome is not None:
                        session, _ = engine.start("bench", "refused-request")
            first.append(first_at / latency)
            full.append(last_delta / latency)
        engine.store.close()
    return {
        "latency_s": latency,
        "turns": turns,
        "first_token_over_L": statistics.median(first),
        "full_reply_over_L": statistics.median(full),
        "turn_end_with_grade_over_L": statistics.median(done),
        "worst_turn_end_over_L": max(done),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=float, default=0.5, help="seconds before each call's first byte")
    parser.add_argument("--turns", type=int, default=10)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    f = asyncio.run(run(args.latency, args.turns))
    print(
        f"LLM turn, L={f['latency_s']}s, {f['turns']} turns (medians): "
        f"first token {f['first_token_over_L']:.2f} L, full reply {f['full_reply_over_L']:.2f} L, "
        f"turn end with the LLM grade {f['turn_end_with_grade_over_L']:.2f} L "
        f"(worst {f['worst_turn_end_over_L']:.2f} L)"
    )
    if args.json:
        args.json.write_text(json.dumps(f, indent=2))


if __name__ == "__main__":
    main()
