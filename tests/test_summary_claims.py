"""Every claim the summary card makes follows from the grades of the branch it summarises: played over every
case of the persona eval suites, no strength or thing to work on is contradicted by any graded turn."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from coach.backends import build_engine
from coach.config import Settings
from coach.engine import Engine
from coach.evaluation.suites import EVALS_DIR, load_suite
from coach.flags import declared_flags
from coach.models import Grade
from coach.summary import KEY_ADVICE, KEY_PRAISE, graded_turns, summarise

CASES = [
    (path.stem, case_id)
    for path in sorted((EVALS_DIR / "personas").glob("*.yaml"))
    for case_id in load_suite(path).scripts
]


def _contradicted_praise(strength: str, grades: list[Grade]) -> str | None:
    """Why a praise line is false of these grades, judged on its plain meaning."""
    tones = [g.scores.tone for g in grades]
    noes = [g.scores.no_brevity for g in grades if g.refusal]
    options = [g.scores.options for g in grades]
    risks = [g.scores.escalation_risk for g in grades]
    if strength == KEY_PRAISE["tone"] and min(tones) <= 2:
        return "praised a calm tone on a branch with a hostile or curt turn"
    if strength == KEY_PRAISE["no_brevity"] and (not noes or min(n or 0 for n in noes) <= 2):
        return "praised brief no's on a branch with a curt, hedged or hostile no (or none)"
    if strength == KEY_PRAISE["options"] and max(options) < 2:
        return "praised real choices on a branch where no turn offered two"
    if strength == KEY_PRAISE["escalation_risk"] and (max(risks) >= 4 or sorted(risks)[len(risks) // 2] >= 3):
        return "praised lowering the temperature on a branch that mostly did not"
    return None


def _contradicted_advice(work_on: str, grades: list[Grade]) -> str | None:
    """Why a thing to work on is false of these grades."""
    if work_on == KEY_ADVICE["options"] and any(g.scores.options >= 2 for g in grades):
        return "told to offer a real choice after a turn that offered two or more"
    if work_on == KEY_ADVICE["tone"] and all(g.scores.tone >= 4 for g in grades):
        return "told to warm the tone when every turn was calm and respectful"
    if work_on == KEY_ADVICE["no_brevity"] and all((g.scores.no_brevity or 5) >= 4 for g in grades):
        return "told to keep the no brief when every no was"
    if work_on == KEY_ADVICE["escalation_risk"] and all(g.scores.escalation_risk <= 2 for g in grades):
        return "told to lower the temperature when every turn did"
    for flag, spec in declared_flags().items():
        if work_on.startswith(spec.advice) and not any(flag in g.flags for g in grades):
            return f"told to work on {flag} though no turn was flagged for it"
        quoted = work_on.removeprefix(spec.advice).strip()
        if work_on.startswith(spec.advice) and quoted:
            whys = {e.why for g in grades if flag in g.flags for e in g.evidence if e.key == flag}
            if quoted not in whys:
                return f"quoted {quoted!r}, which no turn flagged {flag} was graded with"
    return None


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return build_engine(Settings(data_dir=Path(tmp_path_factory.mktemp("claims"))), backend="offline")


@pytest.mark.slow
@pytest.mark.parametrize(("suite", "case_id"), CASES)
def test_no_summary_claim_is_contradicted_by_a_graded_turn(engine: Engine, suite: str, case_id: str) -> None:
    loaded = load_suite(EVALS_DIR / "personas" / f"{suite}.yaml")
    session, _ = engine.start("claims", loaded.spec.persona)
    for turn in loaded.scripts[case_id]:
        if engine.store.get_session(session.id).outcome is not None:
            break
        asyncio.run(engine.take_turn(session.id, turn.text, turn.stance))
    summary = summarise(engine.store, session.id)
    grades = [g for _, g in graded_turns(engine.store, session.id, engine.branch(session.id))]
    assert grades
    assert _contradicted_praise(summary.strength, grades) is None, summary.strength
    assert _contradicted_advice(summary.work_on, grades) is None, summary.work_on
    assert all(name in declared_flags() for name in summary.flags)


def test_going_against_the_care_plan_is_worked_on_with_the_line_it_went_against(tmp_path: Path) -> None:
    engine = build_engine(Settings(data_dir=tmp_path / "data"), backend="offline")
    session, _ = engine.start("claims", "ignored-for-days")
    for text in (
        "Someone will get back to you about the letter later.",
        "That's really one for the social worker, you'd have to ask her.",
    ):
        asyncio.run(engine.take_turn(session.id, text, None))
    summary = summarise(engine.store, session.id)
    grades = [g for _, g in graded_turns(engine.store, session.id, engine.branch(session.id))]
    assert max(summary.flags, key=summary.flags.__getitem__) == "against_care_plan"
    advice = declared_flags()["against_care_plan"].advice
    assert summary.work_on.startswith(advice)
    assert (
        "The care plan says: \"'Someone will come back to you' without a name and a time\"" in summary.work_on
    )
    assert _contradicted_advice(summary.work_on, grades) is None
    # a line no turn was graded against would be a false claim
    assert _contradicted_advice(f'{advice} The care plan says: "Shouting" (raised voices).', grades)
