"""`python -m coach.fakeopenai`: run the loopback OpenAI-compatible server by hand and point coach at it."""

from __future__ import annotations

import argparse
import json
import logging
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from coach.fakeopenai.script import FaultKind, Scripted
from coach.fakeopenai.server import DEFAULT_TEXT, LOOPBACK, RANDOM_FAULTS, FakeOpenAI

_SCRIPTED = TypeAdapter(Scripted)


def read_script(path: Path) -> list[Scripted]:
    """Scripted replies, one JSON object a line: {"content": "..."} for text, {"data": {...}} for JSON,
    {"kind": "rate_limit", "retry_after": 2} for a fault. Blank lines and lines starting with # skipped."""
    replies: list[Scripted] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            item = json.loads(line)
            if "content" in item:
                item.setdefault("kind", "text")
            elif "data" in item:
                item.setdefault("kind", "json")
            replies.append(_SCRIPTED.validate_python(item))
        except (ValueError, ValidationError) as err:
            raise SystemExit(
                f"{path}:{number}: not a scripted reply ({err.__class__.__name__}): {line.strip()}"
            ) from None
    return replies


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m coach.fakeopenai",
        description=(
            "A fake OpenAI Chat Completions server on loopback, with scripted replies and injected faults. "
            "Point coach at it with COACH_OPENAI_BASE_URL=http://127.0.0.1:PORT/v1 OPENAI_API_KEY=anything "
            "COACH_BACKEND=llm."
        ),
    )
    p.add_argument(
        "--host", default="127.0.0.1", choices=LOOPBACK, help="loopback address (default %(default)s)"
    )
    p.add_argument("--port", type=int, default=8765, help="port; 0 picks a free one (default %(default)s)")
    p.add_argument("--latency", type=float, default=0.0, help="seconds before the first byte of every reply")
    p.add_argument("--chunk-latency", type=float, default=0.0, help="seconds between streamed chunks")
    p.add_argument(
        "--fault-rate", type=float, default=0.0, help="share of requests (0-1) that get a random fault"
    )
    p.add_argument(
        "--faults",
        default=",".join(k.value for k in RANDOM_FAULTS),
        help=f"comma-separated fault kinds to draw from: {', '.join(k.value for k in FaultKind)}",
    )
    p.add_argument("--retry-after", type=float, default=1.0, help="Retry-After seconds on rate-limit faults")
    p.add_argument("--seed", type=int, default=0, help="seed for the random faults")
    p.add_argument("--reply", default=DEFAULT_TEXT, help="the text reply when nothing is scripted")
    p.add_argument("--script", type=Path, help="JSON lines of replies to serve first, in order")
    p.add_argument(
        "--alternating-roles",
        action="store_true",
        help="reject messages out of strict user/assistant alternation, as Mistral and Gemma templates do",
    )
    p.add_argument("--no-json-schema", action="store_true", help="reject json_schema response formats")
    p.add_argument("--log-level", default="info", choices=["debug", "info", "warning", "error"])
    return p


def main(argv: list[str] | None = None) -> None:
    args = parser().parse_args(argv)
    try:
        kinds = [FaultKind(k.strip()) for k in args.faults.split(",") if k.strip()]
    except ValueError as err:
        raise SystemExit(f"--faults: {err}") from None
    server = FakeOpenAI(
        host=args.host,
        port=args.port,
        latency=args.latency,
        chunk_latency=args.chunk_latency,
        fault_rate=args.fault_rate,
        fault_kinds=kinds,
        retry_after=args.retry_after,
        seed=args.seed,
        default_text=args.reply,
        alternating_roles=args.alternating_roles,
        no_json_schema=args.no_json_schema,
        log_level=args.log_level,
    )
    if args.script:
        server.push(*read_script(args.script))
    logging.basicConfig(level=args.log_level.upper(), format="%(asctime)s %(levelname)s %(message)s")
    server.serve_forever(lambda url: print(f"fake OpenAI server on {url} (Ctrl-C to stop)", flush=True))


if __name__ == "__main__":
    main()
