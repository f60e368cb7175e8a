"""A person's name says nothing about tone or risk: the offline grader grades a turn the same whatever
names it uses, including names that are also words ("Rose", "Will", "Hope")."""

from __future__ import annotations

import re

import pytest

from coach.config import get_settings
from coach.grading.learned.names import DICTIONARY, corpus_dictionary, dev_lines, dictionary_of, name_starts
from coach.grading.offline import OfflineGrader
from coach.models import Grade, GradingContext
from coach.personas import load_personas
from coach.rubrics import load_rubric

FIRST_NAMES = [
    "Jack", "Priyanka", "Siobhan", "Mohammed", "Olu", "Wei", "Agnieszka", "Darnell", "Mairead", "Tomasz",
    "Rose", "Will", "Hope", "Grace", "Frank", "Faith", "Joy", "Bill", "Sunny", "Summer",
]  # fmt: skip
# Each persona's own first name, and the names of nobody in any scene.
PATIENT_NAMES = ["Maureen", "Nadia", "Callum", "Patience", "Rose", "Kwabena", "Hope", "Ines"]
INTRODUCTIONS = [
    "Hi {patient}, I'm {staff}, one of the nurses.",
    "Hello {patient}. My name is {staff} and I'm on shift until eight.",
    "{patient}, I'm {staff}. Can you tell me what's happened?",
]
PATIENT_LINE = "Nobody listens to me in here."
PERSONAS = ["ignored-for-days", "fearful", "refused-request", None]


@pytest.fixture(scope="module")
def grader() -> OfflineGrader:
    settings = get_settings()
    return OfflineGrader(
        load_rubric(settings.rubrics_dir / "staff-turn.yaml"), load_personas(settings.personas_dir)
    )


def grade(grader: OfflineGrader, staff: str, persona: str | None) -> Grade:
    return grader.grade(GradingContext(staff=staff, patient=PATIENT_LINE, persona_id=persona))


def verdict(g: Grade) -> tuple[object, ...]:
    return g.refusal, tuple(sorted(map(str, g.flags))), g.scores.model_dump_json()


def named(text: str) -> list[str]:
    return [m.group() for m in re.finditer(r"[A-Za-z]+", text) if m.start() in name_starts(text, None)]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("template", INTRODUCTIONS)
def test_an_introduction_grades_the_same_whatever_the_names(
    grader: OfflineGrader, persona: str | None, template: str
) -> None:
    seen: dict[tuple[object, ...], str] = {}
    for i, staff in enumerate(FIRST_NAMES):
        line = template.format(patient=PATIENT_NAMES[i % len(PATIENT_NAMES)], staff=staff)
        seen.setdefault(verdict(grade(grader, line, persona)), line)
    assert len(seen) == 1, list(seen.values())


def test_a_colleague_named_mid_sentence_grades_the_same_whatever_the_name(grader: OfflineGrader) -> None:
    seen = set()
    for staff in [n for n in FIRST_NAMES if n.lower() not in corpus_dictionary().common]:
        line = f"I'll ask {staff} to sit down with you and the letter straight after handover."
        seen.add(verdict(grade(grader, line, "ignored-for-days")))
    assert len(seen) == 1


def test_names_that_are_also_words_are_names_only_where_they_name_someone() -> None:
    assert named("Hi Will, I'm Rose. Will you sit with me? I hope so.") == ["Will", "Rose"]
    assert named("Morning Hope, my name is Grace.") == ["Hope", "Grace"]
    assert named("I will grace you with my hope.") == []
    assert named("Thanks. Up to you, this morning. You choose.") == []


def test_the_persona_is_named_in_lower_case_too_but_a_common_word_is_not() -> None:
    maureen = load_personas(get_settings().personas_dir)["ignored-for-days"]
    text = "hi maureen, sorry, the fletcher thing"
    assert [text[s : s + 7] for s in sorted(name_starts(text, maureen))] == ["maureen", "fletche"]


def test_days_titles_and_shouted_words_stay_words() -> None:
    assert named("Not till Monday, and Dr Okafor has to agree it. I Am Not joking.") == ["Okafor"]
    assert named("You can ring them on Tuesdays or in January.") == []


def test_the_shipped_dictionary_is_the_dev_corpus_dictionary() -> None:
    """After the corpus changes: `python -m coach.grading.learned.names`, then `coach train-grader`."""
    fresh = dictionary_of(dev_lines())
    assert corpus_dictionary() == fresh, f"{DICTIONARY} is stale: regenerate it"
