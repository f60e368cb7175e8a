"""The learned scorer: fitted reproducibly, scored deterministically, explained with the turn's own words."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from coach.grading.learned import scorer as scorer_module
from coach.grading.learned.features import Situation, turn_features
from coach.grading.learned.scorer import KIND_HEAD, MissingScorer, Scorer, kind_of, packaged_scorer
from coach.grading.learned.train import Example, fit
from coach.grading.rules.reading import read_turn
from coach.models import GradingContext

NOES = [
    "No, you can't go out tonight.",
    "Not right now, the garden is locked.",
    "I can't give you that, sorry.",
    "You'll have to wait until the doctor comes.",
    "That's not allowed on the ward.",
    "No more phone calls today.",
    "I'm afraid your leave is cancelled.",
    "Not while you're shouting at me.",
]
OFFERS = [
    "Would you like a cup of tea?",
    "We could sit in the lounge, or walk in the garden.",
    "Do you want to talk about what happened?",
    "Shall I get you a blanket?",
    "You could ring your sister, if you like.",
    "How about a walk before tea?",
    "Would it help to sit somewhere quieter?",
    "Tell me what's worrying you.",
]


def _examples() -> list[Example]:
    out = []
    for i, staff in enumerate(NOES * 3):
        labels = {
            "refusal": 1,
            "tone": 3 + i % 2,
            "no_brevity": 4 + i % 2,
            "options": 0,
            "escalation_risk": 3,
        }
        out.append(Example(GradingContext(staff=staff, patient="Can I go out?"), labels))
    for i, staff in enumerate(OFFERS * 3):
        labels = {
            "refusal": 0,
            "tone": 4 + i % 2,
            "no_brevity": None,
            "options": 1 + i % 2,
            "escalation_risk": 2,
        }
        out.append(Example(GradingContext(staff=staff, patient="I'm fed up."), labels))
    return out


@pytest.fixture(scope="module")
def fitted():  # type: ignore[no-untyped-def]
    return fit(_examples(), {})


@pytest.mark.slow
def test_the_same_corpus_gives_the_same_artefact(fitted, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    again = fit(_examples(), {})
    assert again.vocabulary == fitted.vocabulary
    assert np.array_equal(again.scorer.weights, fitted.scorer.weights)
    assert again.scorer.meta == fitted.scorer.meta
    path = tmp_path / "scorer.npz"
    fitted.scorer.save(path, fitted.vocabulary)
    loaded = Scorer.load(path)
    assert loaded.meta == fitted.scorer.meta
    assert np.allclose(loaded.weights, fitted.scorer.weights, atol=1e-6)


@pytest.mark.slow
def test_every_head_reports_its_cross_validated_figures(fitted) -> None:  # type: ignore[no-untyped-def]
    meta = fitted.scorer.meta
    assert {h.name for h in meta.heads} == {"refusal", "tone", "no_brevity", "options", "escalation_risk"}
    assert set(meta.cross_validated) == {h.name for h in meta.heads}
    assert meta.cross_validated["refusal"].f1 is not None and meta.cross_validated["refusal"].f1 > 0.9
    assert meta.cross_validated["no_brevity"].n == len(NOES) * 3  # only turns labelled a no
    # each scale is decoded with its own cuts, one per step, chosen in training
    assert all(len(h.cuts) == len(h.values) - 1 for h in meta.heads if h.kind == "cumulative")


def _verdicts(scorer: Scorer, staff: str, explain: tuple[str, ...] = (), patient: str = "Can I go out?"):  # type: ignore[no-untyped-def]
    reading = read_turn(staff, None, patient)
    return scorer.score(turn_features(reading, Situation(patient=patient)), explain)


def test_unseen_wording_is_scored_and_explained_in_its_own_words(fitted) -> None:  # type: ignore[no-untyped-def]
    staff = "No, you can't have the garden key now."
    verdicts = _verdicts(fitted.scorer, staff, ("refusal",))
    assert verdicts["refusal"].value == 1
    assert verdicts["refusal"].words and all(phrase in staff for phrase, _ in verdicts["refusal"].words)
    offer = _verdicts(fitted.scorer, "Would you like to sit in the garden?", patient="I'm fed up.")
    assert offer["refusal"].value == 0 and offer["options"].value >= 1


def test_scoring_is_deterministic(fitted) -> None:  # type: ignore[no-untyped-def]
    first = _verdicts(fitted.scorer, "Not tonight, sorry.", ("tone", "refusal"))
    assert all(
        _verdicts(fitted.scorer, "Not tonight, sorry.", ("tone", "refusal")) == first for _ in range(3)
    )


def test_a_missing_artefact_says_how_to_rebuild_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scorer_module, "ARTEFACT", "no-such-scorer.npz")
    packaged_scorer.cache_clear()
    try:
        with pytest.raises(MissingScorer, match="coach train-grader"):
            packaged_scorer()
    finally:
        packaged_scorer.cache_clear()


def _reference_logits(scorer: Scorer, weights: np.ndarray, names: list[str]) -> np.ndarray:
    """Every head's outputs the plain way the scorer's docstring describes: the turn as one dense
    unit-length vector of its known features at their weights, times the weight matrix, plus the bias."""
    x = np.zeros(len(scorer.index))
    for name in set(names):
        if name in scorer.index:
            x[scorer.index[name]] = scorer.row_weight[scorer.index[name]]
    x /= np.sqrt(max(float(x @ x), 1e-12))
    return x @ weights + scorer.bias


def _reference_verdict(logits: np.ndarray, head) -> tuple[int, float]:  # type: ignore[no-untyped-def]
    """A head's value and the probability of it, decoded as the `Head` docstring describes."""
    out = logits[head.start : head.stop]
    if head.kind == "binary":
        p = 1.0 / (1.0 + np.exp(-out[0]))
        return int(p >= head.threshold), float(p)
    if head.kind == "cumulative":
        above = 1.0 / (1.0 + np.exp(-out))
        value = head.values[0] + sum(1 for cut in head.cuts if cut <= head.values[0] + above.sum())
        k = value - head.values[0]
        p_at = (above[k - 1] if k > 0 else 1.0) - (above[k] if k < len(above) else 0.0)
        return value, float(max(p_at, 0.0))
    p = np.exp(out - out.max())
    p /= p.sum()
    if head.decode == "expected":
        value = int(np.clip(np.rint(p @ np.array(head.values, dtype=float)), head.values[0], head.values[-1]))
    else:
        value = head.values[int(np.argmax(p))]
    return value, float(p[head.values.index(value)])


@pytest.mark.slow
def test_the_shipped_scorer_gives_every_dev_turn_the_scores_of_the_plain_computation() -> None:
    from coach.config import get_settings
    from coach.evaluation.suites import EVALS_DIR
    from coach.grading.corpus import case_context, load_cases
    from coach.personas import load_personas

    personas = load_personas(get_settings().personas_dir)
    scorer = packaged_scorer()
    weights = scorer.weights.astype(np.float64)
    cases = load_cases(EVALS_DIR / "calibration" / "dev.jsonl")[::10]
    for case in cases:
        ctx = case_context(case)
        reading = read_turn(ctx.staff, ctx.stance, ctx.patient)
        situation = Situation(ctx.patient, personas.get(ctx.persona_id or ""), ctx.agitation, ctx.stance)
        features = turn_features(reading, situation)
        verdicts = scorer.score(features)
        chances = scorer.kind_chances(features)
        logits = _reference_logits(scorer, weights, features.names())
        for head in scorer.meta.heads:
            value, probability = _reference_verdict(logits, head)
            if head.name.startswith(KIND_HEAD):  # read apart, only for a turn against the care plan
                assert chances[kind_of(head.name)] == pytest.approx(probability, abs=1e-6), (
                    case.id,
                    head.name,
                )
                continue
            assert verdicts[head.name].value == value, (case.id, head.name)
            assert verdicts[head.name].probability == pytest.approx(probability, abs=1e-9), (
                case.id,
                head.name,
            )
