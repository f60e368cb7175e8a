"""The offline debrief grader: which repair features a written debrief covers, with the sentence that
shows each, and advice for what is missing."""

from __future__ import annotations

import pytest

from coach.config import RESOURCES
from coach.grading.debrief import OfflineDebriefGrader
from coach.rubrics import load_debrief_rubric

RUBRIC = load_debrief_rubric(RESOURCES / "rubrics" / "debrief.yaml")
ADVICE = {feature.key: feature.advice for feature in RUBRIC.features}

FULL = (
    "He was refused leave and started pacing, which was the early sign I missed. "
    "Afterwards I'd check he wasn't hurt. "
    "I'd acknowledge how frightening it must have been for him, without blaming him. "
    "I'd explain why we stepped in, honestly and briefly. "
    "I'd ask him what happened from his side. "
    "Together we'd agree what helps next time and update the care plan. "
    "Then I'd sit with him over a cup of tea to rebuild the relationship. "
    "Finally I'd record it in the notes."
)


@pytest.fixture(scope="module")
def grader() -> OfflineDebriefGrader:
    return OfflineDebriefGrader(RUBRIC)


def test_a_full_debrief_covers_every_feature(grader: OfflineDebriefGrader) -> None:
    result = grader.grade(FULL)

    assert all(result.covered.values())
    assert result.score == 1.0
    assert result.missing_advice == []
    assert result.grader == "offline"


def test_evidence_quotes_the_sentence_that_shows_each_feature(grader: OfflineDebriefGrader) -> None:
    result = grader.grade(FULL)

    cited = {e.key: e.quote for e in result.evidence}
    assert set(cited) == set(result.covered)
    assert cited["record"] == "Finally I'd record it in the notes."
    assert all(quote in FULL for quote in cited.values())


def test_an_empty_debrief_covers_nothing_and_gets_all_the_advice(grader: OfflineDebriefGrader) -> None:
    result = grader.grade("   ")

    assert result.score == 0
    assert not any(result.covered.values())
    assert result.missing_advice == list(ADVICE.values())


def test_score_is_the_share_covered_and_advice_names_what_is_missing(grader: OfflineDebriefGrader) -> None:
    result = grader.grade("I'd check for injuries first. Then I'd write it up in the notes.")

    assert {k for k, v in result.covered.items() if v} == {"check_harm", "record"}
    assert result.score == pytest.approx(2 / len(ADVICE), abs=0.001)
    assert result.missing_advice == [ADVICE[k] for k in ADVICE if k not in {"check_harm", "record"}]


@pytest.mark.parametrize(
    "text",
    [
        "I didn't check for injuries.",
        "I forgot to check for harm.",
        "We never checked if she was hurt.",
    ],
)
def test_a_negated_indicator_does_not_count(grader: OfflineDebriefGrader, text: str) -> None:
    assert not grader.grade(text).covered["check_harm"]


def test_case_curly_apostrophes_and_spacing_do_not_matter(grader: OfflineDebriefGrader) -> None:
    result = grader.grade("I\u2019D UPDATE THE   CARE\nPLAN.")

    assert result.covered["next_time_plan"]


def test_indicators_match_whole_words_only(grader: OfflineDebriefGrader) -> None:
    assert not grader.grade("The recorder was broken.").covered["record"]
