"""`coach train-grader`: one command from a labelled corpus file to a scorer artefact the grader loads."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from coach.cli import app
from coach.grading.learned.scorer import Scorer

NOES = ["No, not tonight.", "You can't have it now.", "The garden's locked till two.", "Not while you shout."]
OFFERS = ["Would you like a tea?", "We could walk, or sit here.", "Shall I ring your sister?", "Fancy toast?"]


def _corpus(path: Path) -> Path:
    lines = []
    for i in range(40):
        no = i % 2 == 0
        staff = (NOES if no else OFFERS)[i // 2 % 4] + f" ({i})"
        labels = {
            "tone": 3 + i % 3,
            "refusal": no,
            "no_brevity": 3 + i % 3 if no else None,
            "options": 0 if no else 1 + i % 2,
            "escalation_risk": 3 if no else 2,
            "flags": [],
        }
        case = {"id": f"t-{i}", "split": "dev", "persona": "fearful", "patient": "Can I go out?"}
        lines.append(json.dumps(case | {"staff": staff, "labels": labels}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_train_grader_writes_an_artefact_and_prints_its_cross_validated_figures(tmp_path: Path) -> None:
    out = tmp_path / "scorer.npz"
    result = CliRunner().invoke(
        app, ["train-grader", "--corpus", str(_corpus(tmp_path / "dev.jsonl")), "--out", str(out)]
    )

    assert result.exit_code == 0, result.output
    assert "trained on 40 dev turns" in result.stdout and "cross-validated on dev" in result.stdout
    assert "cross-validating refusal" in result.stderr  # progress while it works
    scorer = Scorer.load(out)
    assert scorer.meta.trained_on == 40 and "refusal" in scorer.heads


def test_train_grader_names_a_missing_or_broken_corpus_in_one_line(tmp_path: Path) -> None:
    missing = CliRunner().invoke(app, ["train-grader", "--corpus", str(tmp_path / "nope.jsonl")])
    assert missing.exit_code == 2 and "nope.jsonl" in missing.stderr and "Traceback" not in missing.output
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"id": "x"}\n', encoding="utf-8")
    bad = CliRunner().invoke(app, ["train-grader", "--corpus", str(broken), "--out", str(tmp_path / "s.npz")])
    assert bad.exit_code == 2 and "broken.jsonl, line 1" in bad.stderr
    assert not (tmp_path / "s.npz").exists()
