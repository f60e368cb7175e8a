"""Skipping the phrase rules that cannot match a text (coach.grading.rules.prefilter) finds every hit the
full scan finds: a skipped rule that would have matched would drop a flag or a skill from a grade silently.
"""

from __future__ import annotations

import pytest

from coach.evaluation.suites import EVALS_DIR
from coach.grading.corpus import load_cases
from coach.grading.rules import phrase
from coach.grading.rules.lexicon_addressee import INJECTION_RULES
from coach.grading.rules.lexicon_refusal import REFUSAL_RULES
from coach.grading.rules.lexicon_skills import OFFER_RULES, SKILL_RULES
from coach.grading.rules.phrase import Rule, _compile, find
from coach.grading.rules.prefilter import StartIndex, pattern_starts, text_rules
from coach.grading.rules.reading import RISKY_RULES

TABLES = {
    "risky": RISKY_RULES,
    "skills": SKILL_RULES,
    "refusals": REFUSAL_RULES,
    "offers": OFFER_RULES,
    "injection": INJECTION_RULES,
}
FILTERED = [r for rules in TABLES.values() for r in rules if r.bit]
EDGES = (
    "no",
    "No.  No, you  can't.",
    "you\nneed to calm   down",
    "i can't. we can't! i'm afraid not; in a bit\nin a minute",
    "'cause i said so... because i said so",
    "(calm voice) you're overreacting, calm down, calm down",
    "  leading spaces and a trailing no  ",
    "can't'can't o'clock dont don't",
    "",
)


# Every fifteenth dev turn in make test-fast; every third in make test.
@pytest.fixture(scope="module", params=[15, pytest.param(3, marks=pytest.mark.slow)], ids=["sample", "third"])
def texts(request: pytest.FixtureRequest) -> list[str]:
    cases = load_cases(EVALS_DIR / "calibration" / "dev.jsonl")[:: request.param]
    said = [c.staff for c in cases] + [c.patient or "" for c in cases]
    # the same words with whitespace as a grader-blanked or pasted turn has it
    spaced = [t.replace(" ", "  ").replace(". ", ".\n") for t in said[:100]]
    return [*said, *spaced, *(t.upper() for t in said[:100]), *EDGES]


def test_most_rules_can_be_skipped() -> None:
    # the point of the filter: rules whose scans can be skipped on a text without their words
    assert len(FILTERED) > 0.8 * sum(len(rules) for rules in TABLES.values())


@pytest.mark.parametrize("rule", FILTERED, ids=lambda r: f"{r.feature}:{len(r.pattern)}")
def test_a_rule_is_tried_wherever_it_matches(rule: Rule, texts: list[str]) -> None:
    lowered = [t.lower() for t in texts]
    missed = [
        t
        for t in lowered
        if any(m.start() not in text_rules(t).get(rule.bit, []) for m in rule.regex.finditer(t))
    ]
    assert not missed, f"{len(missed)} texts match but are skipped, first: {missed[0][:80]!r}"


@pytest.mark.parametrize("table", TABLES)
def test_the_tables_find_the_same_hits_as_a_full_scan(
    table: str, texts: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    rules = TABLES[table]
    actions = ("steps back slowly", "sits  down beside him")
    filtered = [find(rules, t, actions) for t in texts]
    # no start index: every rule of the table walked, each scanning the whole text
    monkeypatch.setattr(phrase, "_places", lambda lowered: None)
    assert filtered == [find(rules, t, actions) for t in texts]


def test_a_start_is_read_as_typed() -> None:
    starts = pattern_starts(_compile("can't (?:go|come)", True, True).pattern)
    assert starts is not None and {"can't go", "cant go", "can't co", "cant com"} <= starts
    spaced = pattern_starts(_compile("team ?mate", True, True).pattern)
    assert spaced is not None and {"team mat", "teammate"} <= spaced
    assert pattern_starts(_compile(r"\w+'s not coming", True, True).pattern) is None
    index = StartIndex()
    bits = [index.add(pattern_starts(_compile(p, True, True).pattern) or frozenset()) for p in PHRASES]
    found = index.rules_in("we  can't\ngo now, o'clock")
    assert [found.get(b) for b in bits] == [[4], [10], [0], None, None]


# each phrase's rule: found in the text above, found, found (the shorter start), not found inside a word,
# not found after an apostrophe
PHRASES = ("can't go", "go (?:now|later)", "we", "an't", "clock")
