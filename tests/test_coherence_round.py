"""Making a round of the coherence suite (scripts/coherence_round.py): writers' items land in the half
their hash gives and are checked before anything is written; a round's test half is frozen by the hash
the suite's own test checks; the replies a pass changed are written out alike for raters before and
after; raters' verdicts are tallied."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from coach.datafiles import read_yaml
from coach.evaluation.suites import load_suite
from scripts.coherence_round import FOLDER, add, changed, freeze, frozen_half, round_of, split_of, tally


def test_every_later_round_s_items_sit_in_the_half_their_hash_gives() -> None:
    placed = [
        (suite["persona"], case)
        for suite in map(read_yaml, sorted(FOLDER.glob("*.yaml")))
        for case in suite["cases"]
        if round_of(case["id"])
    ]
    assert len(placed) > 5000
    assert all(case["split"] == split_of(persona, case["id"]) for persona, case in placed)


def _item(case_id: str, **changes: Any) -> dict[str, Any]:
    item = {
        "persona": "withdrawn",
        "id": case_id,
        "act": "question",
        "about": "A plain question about her sleep gets an answer about her sleep.",
        "start": 30,
        "turns": ["[distance=two_arms_or_more voice=quiet] *knocks* Hi Beth, it's Sam."],
        "staff": "Did you manage any sleep at all?",
        "expect": {"sensible": "Says how she slept.", "mentions_any": ["sleep", "no", "not"]},
    }
    return item | changes


@pytest.fixture
def suite(tmp_path: Path) -> Path:
    folder = tmp_path / "coherence"
    shutil.copytree(FOLDER, folder)
    return folder


def test_added_items_land_in_their_half_and_load_as_the_suite(suite: Path, tmp_path: Path) -> None:
    written = tmp_path / "items-a.json"
    ids = [f"r999-a-with-{n:02d}" for n in range(1, 9)]
    written.write_text(json.dumps([_item(i) for i in ids]))
    halves = add("r999", [written], suite)
    assert sum(halves["withdrawn"].values()) == 8
    loaded = load_suite(suite / "withdrawn.yaml")
    added = {case.id: case for case in loaded.spec.cases if case.id in ids}  # type: ignore[union-attr]
    assert {i: c.split for i, c in added.items()} == {i: split_of("withdrawn", i) for i in ids}
    assert added[ids[0]].staff == "Did you manage any sleep at all?"
    assert frozen_half("r999-", suite)[0] == sum(split_of("withdrawn", i) == "test" for i in ids)


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"act": "chat"}, "act"),
        ({"persona": "nobody"}, "persona"),
        ({"id": "r998-a-with-01"}, "id"),
        ({"turns": ["[distance=very_close] Hi"]}, "distance"),
        ({"expect": {"sensible": "", "mentions_any": ["x"]}}, "sensible"),
        ({"id": "r2-a-with-01"}, "id"),
    ],
)
def test_a_wrong_item_is_refused_by_file_item_and_field_and_nothing_is_written(
    suite: Path, tmp_path: Path, change: dict[str, Any], named: str
) -> None:
    before = {path.name: path.read_text() for path in suite.glob("*.yaml")}
    written = tmp_path / "items-b.json"
    good = _item("r999-b-with-01")
    written.write_text(json.dumps([good, _item("r999-b-with-02", **change)]))
    if change.get("id") == "r2-a-with-01":  # an id of this round used twice
        written.write_text(json.dumps([good, _item("r999-b-with-01")]))
    with pytest.raises(ValueError) as refused:
        add("r999", [written], suite)
    assert "items-b.json, item 2" in str(refused.value) and named in str(refused.value)
    assert {path.name: path.read_text() for path in suite.glob("*.yaml")} == before


@pytest.mark.parametrize(("text", "said"), [("[{", "not JSON"), ('{"id": "r999-a"}', "not a list")])
def test_a_file_that_holds_no_list_of_items_is_refused_by_name(
    suite: Path, tmp_path: Path, text: str, said: str
) -> None:
    written = tmp_path / "items-c.json"
    written.write_text(text)
    with pytest.raises(ValueError, match=f"items-c.json: {said}"):
        add("r999", [written], suite)


def test_a_round_is_frozen_by_the_hash_the_suite_checks_and_only_once(suite: Path, tmp_path: Path) -> None:
    written = tmp_path / "items-a.json"
    written.write_text(json.dumps([_item(f"r999-a-with-{n:02d}") for n in range(1, 9)]))
    add("r999", [written], suite)
    frozen_in = tmp_path / "test_frozen.py"
    frozen_in.write_text('FROZEN = {\n    "r2-": (1, "' + "0" * 64 + '"),\n}\n')
    count, digest = freeze("r999-", suite, frozen_in)
    assert (count, digest) == frozen_half("r999-", suite)
    assert f'    "r999-": ({count}, "{digest}"),\n}}' in frozen_in.read_text()
    with pytest.raises(ValueError, match="frozen already"):
        freeze("r999-", suite, frozen_in)


def _report(replies: dict[str, str], path: Path) -> Path:
    cases = [
        {
            "persona": "withdrawn",
            "id": case_id,
            "label": "dev question",
            "attempts": [
                {
                    "transcript": {
                        "persona": "withdrawn",
                        "opening": "I don't want anything.",
                        "start": 30.0,
                        "final": 30.0,
                        "peak": 30.0,
                        "steps": [
                            {
                                "turn": 1,
                                "staff": "Did you sleep?",
                                "patient": reply,
                                "agitation": 30.0,
                                "band": "agitated",
                                "source": "offline",
                                "scores": {"tone": 4, "no_brevity": None, "options": 0, "escalation_risk": 2},
                                "refusal": False,
                                "flags": [],
                                "grader": "offline",
                            }
                        ],
                    }
                }
            ],
        }
        for case_id, reply in replies.items()
    ]
    path.write_text(json.dumps({"suites": [{"cases": cases}]}))
    return path


def test_the_replies_a_pass_changed_are_written_alike_before_and_after(tmp_path: Path) -> None:
    before = _report({"a": "No.", "b": "Not really.", "c": "Toast?"}, tmp_path / "before.json")
    after = _report({"a": "No.", "b": "Not really.", "c": "No, hardly."}, tmp_path / "after.json")
    assert changed(before, after, tmp_path / "out") == [("withdrawn", "c")]
    old, new = (tmp_path / "out" / f"sample-{n}.md" for n in ("before", "after"))
    assert "**Patient's reply to rate:** Toast?" in old.read_text()
    assert "**Patient's reply to rate:** No, hardly." in new.read_text()
    assert old.read_text().replace("Toast?", "No, hardly.") == new.read_text()
    assert (tmp_path / "out" / "key.tsv").read_text().splitlines()[1] == "1\twithdrawn\tc\tdev"


def test_raters_are_tallied_by_half_with_their_agreement(tmp_path: Path) -> None:
    key = tmp_path / "key.tsv"
    key.write_text(
        "number\tpersona\tid\thalf\n1\twithdrawn\ta\tdev\n2\twithdrawn\tb\ttest\n3\tfearful\tc\ttest\n"
    )
    one, other = tmp_path / "r1.tsv", tmp_path / "r2.tsv"
    one.write_text("number\tverdict\trepeat\tnote\n1\tsensible\tno\t\n2\tpartly\tno\tx\n3\tsensible\tno\t\n")
    other.write_text("number\tverdict\trepeat\tnote\n1\tsensible\tno\t\n2\tpartly\tno\tx\n3\tpartly\tno\ty\n")
    lines = tally(key, [one, other])
    assert lines[0].startswith("r1.tsv: 2 of 3 sensible (67%), 1 partly, 0 non-sequitur")
    assert "sensible on dev 1 of 1, test 1 of 2" in lines[0]
    assert lines[2] == "agree on 2 of 3, kappa 0.40"
    other.write_text("number\tverdict\trepeat\tnote\n1\tfine\tno\t\n")
    with pytest.raises(ValueError, match="verdict"):
        tally(key, [other])
