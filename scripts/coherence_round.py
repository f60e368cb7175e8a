"""A round of the coherence suite, made like an annotation study (evals/coherence/README.md, "Making a
round"): new writers' items added to the persona files, each in dev or test by a hash of its persona and
id; the round's test half frozen by its own hash before any build runs it; after a pass, the scenes whose
reply it changed written out twice (before, after) for new raters; and raters' verdicts tallied.

    python -m scripts.coherence_round add r64 items-a.json items-b.json
    python -m scripts.coherence_round freeze r64-
    python -m scripts.coherence_round changed BEFORE/report.json AFTER/report.json OUT_DIR
    python -m scripts.coherence_round tally KEY.tsv RATER.tsv [RATER.tsv ...]

`add` and `freeze` change the suite files and tests/test_coherence_suite.py in this checkout; the other
two only read.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import re
import sys
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import Field, ValidationError

from coach.datafiles import read_yaml
from coach.evaluation.coherence import CoherenceCase, CoherenceExpect
from coach.evaluation.results import Transcript
from coach.evaluation.suites import EVALS_DIR
from coach.models import Strict
from coach.stance import Stance
from scripts.coherence_sample import sample_head, scene_for_raters

ROOT = Path(__file__).resolve().parent.parent
FOLDER = EVALS_DIR / "coherence"
FROZEN_IN = ROOT / "tests" / "test_coherence_suite.py"
VERDICTS = ("sensible", "partly", "non-sequitur")


class WrittenItem(Strict):
    """One item as a writer hands it in: a coherence case without its half, and whose scene it is."""

    persona: str = Field(min_length=1)
    id: str
    act: str
    about: str
    start: float | None = None
    turns: list[str] = Field(default_factory=list)
    staff: str
    expect: CoherenceExpect


def split_of(persona: str, case_id: str) -> str:
    """The half an item goes in: dev when sha256 of `persona/id` starts with a hex digit 0-7."""
    return "dev" if int(hashlib.sha256(f"{persona}/{case_id}".encode()).hexdigest()[0], 16) < 8 else "test"


def round_of(case_id: str) -> str:
    """The round prefix of an item's id ("r63-"), or "" for the first round's."""
    found = re.match(r"r\d+-", case_id)
    return found.group(0) if found else ""


def frozen_half(prefix: str, folder: Path = FOLDER) -> tuple[int, str]:
    """How many test-half items round `prefix` holds and the sha256 that freezes them (each item with its
    persona, as JSON with sorted keys, one per line, in file order)."""
    items = []
    for path in sorted(folder.glob("*.yaml")):
        data = _suite_file(path, path.stat().st_mtime_ns)
        items += [
            json.dumps({"persona": data["persona"], **case}, sort_keys=True)
            for case in data["cases"]
            if case["split"] == "test" and round_of(case["id"]) == prefix
        ]
    return len(items), hashlib.sha256("\n".join(items).encode()).hexdigest()


@lru_cache(maxsize=16)
def _suite_file(path: Path, changed: int) -> Any:
    """A suite file as read while it is unchanged (`changed`: its modification time): every round's half
    is hashed from the same six files."""
    return read_yaml(path)


def read_items(paths: Sequence[Path], round_name: str, folder: Path = FOLDER) -> list[WrittenItem]:
    """The writers' items, checked: each a valid case of a persona the suite has, its id of this round
    and not used before. ValueError naming the file, the item and the field otherwise."""
    personas = {path.stem for path in folder.glob("*.yaml")}
    known = {case["id"] for path in folder.glob("*.yaml") for case in read_yaml(path)["cases"]}
    items: list[WrittenItem] = []
    for path in paths:
        try:
            written = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as error:
            raise ValueError(f"{path}: not JSON: {error}") from None
        if not isinstance(written, list):
            raise ValueError(f"{path}: not a list of items")
        for at, raw in enumerate(written):
            where = f"{path}, item {at + 1} ({raw.get('id', 'no id') if isinstance(raw, dict) else raw!r})"
            try:
                item = WrittenItem.model_validate(raw)
                CoherenceCase.model_validate(_case(item, "dev"))
                for line in (*item.turns, item.staff):
                    _check_stance(line)
            except (ValidationError, ValueError) as error:
                raise ValueError(f"{where}: {error}") from None
            if item.persona not in personas:
                raise ValueError(f"{where}: persona: no suite file for {item.persona!r}")
            if not item.id.startswith(f"{round_name}-"):
                raise ValueError(f"{where}: id: must start with {round_name}-")
            if item.id in known:
                raise ValueError(f"{where}: id: {item.id} is used already")
            known.add(item.id)
            items.append(item)
    return items


def _check_stance(line: str) -> None:
    """A script line's stance in brackets, if any, names only what a stance holds."""
    found = re.match(r"\s*\[([^\]]*)\]", line)
    if not found:
        return
    fields: dict[str, Any] = {}
    for part in found.group(1).split():
        name, _, value = part.partition("=")
        fields[name] = value.split(",") if name == "actions" else value
    Stance.model_validate(fields)


def _case(item: WrittenItem, split: str) -> dict[str, Any]:
    """The item as a suite case in half `split`, in the suite files' key order."""
    case: dict[str, Any] = {"id": item.id, "act": item.act, "about": item.about, "split": split}
    if item.start is not None:
        case["start"] = int(item.start) if float(item.start).is_integer() else item.start
    case |= {"turns": item.turns, "staff": item.staff}
    expect: dict[str, Any] = {"sensible": item.expect.sensible, "mentions_any": item.expect.mentions_any}
    if item.expect.mentions_none:
        expect["mentions_none"] = item.expect.mentions_none
    return case | {"expect": expect}


def add(round_name: str, paths: Sequence[Path], folder: Path = FOLDER) -> dict[str, Counter[str]]:
    """Append the writers' items to their personas' files, each in its half; the count per persona and
    half. Nothing is written when any item is wrong."""
    items = read_items(paths, round_name, folder)
    added: dict[str, list[dict[str, Any]]] = {}
    for item in items:
        added.setdefault(item.persona, []).append(_case(item, split_of(item.persona, item.id)))
    for persona, cases in added.items():
        path = folder / f"{persona}.yaml"
        dumped = yaml.safe_dump(cases, sort_keys=False, width=120, allow_unicode=True)
        path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n" + dumped, encoding="utf-8")
    return {persona: Counter(case["split"] for case in cases) for persona, cases in added.items()}


def freeze(prefix: str, folder: Path = FOLDER, test_file: Path = FROZEN_IN) -> tuple[int, str]:
    """Record round `prefix`'s test half (its count and hash) after the last round in `test_file`'s
    FROZEN_TEST_HALVES; ValueError when it is there already or the round has no test items."""
    source = test_file.read_text(encoding="utf-8")
    if f'    "{prefix}": (' in source:
        raise ValueError(f"{prefix} is frozen already in {test_file}")
    count, digest = frozen_half(prefix, folder)
    if count == 0:
        raise ValueError(f"round {prefix} has no test items in {folder}")
    last = list(re.finditer(r'^    "r\d+-": \(\d+, "[0-9a-f]{64}"\),\n', source, re.M))[-1]
    entry = f'    "{prefix}": ({count}, "{digest}"),\n'
    test_file.write_text(source[: last.end()] + entry + source[last.end() :], encoding="utf-8")
    return count, digest


def _cases(report: Path) -> dict[tuple[str, str], dict[str, Any]]:
    data = json.loads(report.read_text(encoding="utf-8"))
    return {(case["persona"], case["id"]): case for suite in data["suites"] for case in suite["cases"]}


def changed(before: Path, after: Path, out: Path) -> list[tuple[str, str]]:
    """Write `out`/sample-before.md and sample-after.md (the same scenes, numbered alike by the hash of
    persona/id) and key.tsv for the items whose reply to the turn under test differs between two
    coherence reports; the items, in that order."""
    old, new = _cases(before), _cases(after)

    def last(case: dict[str, Any]) -> str:
        return str(case["attempts"][0]["transcript"]["steps"][-1]["patient"])

    keys = sorted(
        (k for k in old if k in new and last(old[k]) != last(new[k])),
        key=lambda k: hashlib.sha256(f"{k[0]}/{k[1]}".encode()).hexdigest(),
    )
    out.mkdir(parents=True, exist_ok=True)
    for name, cases in (("before", old), ("after", new)):
        scenes = [
            scene_for_raters(n, k[0], Transcript.model_validate(cases[k]["attempts"][0]["transcript"]))
            for n, k in enumerate(keys, 1)
        ]
        (out / f"sample-{name}.md").write_text("\n".join(sample_head(len(keys)) + scenes), encoding="utf-8")
    rows = [f"{n}\t{k[0]}\t{k[1]}\t{old[k]['label'].split()[0]}" for n, k in enumerate(keys, 1)]
    (out / "key.tsv").write_text("\n".join(["number\tpersona\tid\thalf", *rows]) + "\n", encoding="utf-8")
    return keys


def read_verdicts(path: Path) -> dict[int, str]:
    """A rater's file (`number verdict repeat note`, tab-separated): verdict by scene number."""
    with path.open(encoding="utf-8") as f:
        rows = {int(r["number"]): r["verdict"].strip().lower() for r in csv.DictReader(f, delimiter="\t")}
    wrong = sorted({v for v in rows.values() if v not in VERDICTS})
    if wrong:
        raise ValueError(f"{path}: verdict: {wrong[0]!r} is none of {', '.join(VERDICTS)}")
    return rows


def kappa(one: dict[int, str], other: dict[int, str]) -> float:
    """Cohen's kappa of two raters' verdicts on the scenes both rated."""
    both = sorted(set(one) & set(other))
    seen = sum(one[n] == other[n] for n in both) / len(both)
    a, b = Counter(one[n] for n in both), Counter(other[n] for n in both)
    chance = sum(a[v] * b[v] for v in VERDICTS) / len(both) ** 2
    return 1.0 if chance == 1 else (seen - chance) / (1 - chance)


def tally(key: Path, raters: Sequence[Path]) -> list[str]:
    """Each rater's counts (sensible overall and in each half), and the first two raters' agreement."""
    with key.open(encoding="utf-8") as f:
        half = {int(r["number"]): r["half"] for r in csv.DictReader(f, delimiter="\t")}
    verdicts = [read_verdicts(path) for path in raters]
    lines = []
    for path, rated in zip(raters, verdicts, strict=True):
        counts = Counter(rated.values())
        sensible = Counter(half[n] for n, v in rated.items() if v == "sensible")
        lines.append(
            f"{path.name}: {counts['sensible']} of {len(rated)} sensible "
            f"({100 * counts['sensible'] / len(rated):.0f}%), {counts['partly']} partly, "
            f"{counts['non-sequitur']} non-sequitur; sensible on dev {sensible['dev']} of "
            f"{sum(h == 'dev' for h in half.values())}, test {sensible['test']} of "
            f"{sum(h == 'test' for h in half.values())}"
        )
    if len(verdicts) >= 2:
        agree = sum(verdicts[0][n] == verdicts[1].get(n) for n in verdicts[0])
        lines.append(f"agree on {agree} of {len(verdicts[0])}, kappa {kappa(verdicts[0], verdicts[1]):.2f}")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("add", help="add writers' items to the suite files")
    p.add_argument("round", help='the round\'s name, as its ids start ("r64")')
    p.add_argument("items", type=Path, nargs="+", help="the writers' JSON files")
    p = commands.add_parser("freeze", help="freeze a round's test half in tests/test_coherence_suite.py")
    p.add_argument("prefix", help='the round\'s id prefix ("r64-")')
    p = commands.add_parser("changed", help="rater files for the replies a pass changed")
    p.add_argument("before", type=Path)
    p.add_argument("after", type=Path)
    p.add_argument("out", type=Path)
    p = commands.add_parser("tally", help="raters' counts and agreement")
    p.add_argument("key", type=Path)
    p.add_argument("raters", type=Path, nargs="+")
    args = parser.parse_args(argv)
    try:
        if args.command == "add":
            for persona, halves in sorted(add(args.round, args.items).items()):
                print(f"{persona}: {halves['dev']} dev, {halves['test']} test")
        elif args.command == "freeze":
            count, digest = freeze(args.prefix)
            print(f"{args.prefix}: {count} test items frozen, sha256 {digest}")
        elif args.command == "changed":
            keys = changed(args.before, args.after, args.out)
            print(f"{len(keys)} replies changed; rater files and key in {args.out}")
        else:
            print("\n".join(tally(args.key, args.raters)))
    except (ValueError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
