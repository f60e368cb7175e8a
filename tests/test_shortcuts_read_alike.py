"""The offline patient's shortcuts for speed read a turn exactly as the long way would: a persona's topics and
offers looked up through an index of their first letters, and respellings tried only where a piece of text
they need is there. A shortcut that read differently would change replies silently."""

from __future__ import annotations

import re

import pytest
import yaml

from coach.config import get_settings
from coach.evaluation.suites import EVALS_DIR
from coach.personas import load_personas
from coach.spelling import _RESPELLINGS, spoken, standard_spelling
from coach.wording import fold, named_most


def _scene_turns() -> dict[str, list[str]]:
    """Every staff turn of the coherence scenes, by persona."""
    turns: dict[str, list[str]] = {}
    for path in sorted((EVALS_DIR / "coherence").glob("*.yaml")):
        suite = yaml.safe_load(path.read_text(encoding="utf-8"))
        said = turns.setdefault(suite["persona"], [])
        for case in suite["cases"]:
            said += [*case.get("turns", []), case["staff"]]
    return turns


@pytest.fixture(scope="module")
def scene_turns() -> dict[str, list[str]]:
    return _scene_turns()


def test_a_persona_list_names_through_its_index_what_it_names_word_by_word(
    scene_turns: dict[str, list[str]],
) -> None:
    personas = load_personas(get_settings().personas_dir)
    named = 0
    for persona_id, turns in scene_turns.items():
        listening = personas[persona_id].listening
        for things in (listening.topics, listening.offers):
            for turn in turns[::3]:
                text = fold(turn)
                # a generator has no index: it is read word by word, as every list was before
                found = named_most(text, things)
                assert found is named_most(text, iter(things)), (persona_id, turn)
                named += found is not None
    assert named > 1000  # the lists name things in these turns, so the comparison means something


class _Thing:
    def __init__(self, *words: str) -> None:
        self.words = words


def test_a_new_list_is_never_read_through_the_index_of_one_gone_before() -> None:
    # lists made and dropped one after another often get the same id: each must be read as itself
    for n in range(300):
        things = [_Thing(f"word{n}"), _Thing("tv")]
        assert named_most(f"a word{n} here", things) is things[0]
        assert named_most("the tv room", things) is things[1]  # shorter than the index's three letters


def test_each_respelling_is_skipped_only_where_it_could_not_match(scene_turns: dict[str, list[str]]) -> None:
    typed = [
        "Got sumthin 4 u, b4 tea. That's no fair, is it?",
        "ya, fine. Oh ya, milk and sugar?",
        "What I can do is phone Gemma now",
        "I've brought t'paper, been waitin' all mornin'",
        "so you want a brew?",
    ]
    respelt = 0
    for turn in [*typed, *(t for turns in scene_turns.values() for t in turns)]:
        text = spoken(turn)
        for needle, pattern, replacement in _RESPELLINGS:
            # the text as it reaches this respelling: the needle is there wherever the pattern matches
            if pattern.search(text):
                assert needle in text.lower(), (needle, pattern.pattern[:40], text)
                respelt += 1
            text = pattern.sub(replacement, text)
        assert standard_spelling(spoken(turn)) == text
    assert respelt > 100


def test_the_respellings_still_respell() -> None:
    assert standard_spelling("Got sumthin 4 u") == "Got something for you"
    assert re.search(r"\bwaiting\b", standard_spelling("been waitin' all day"))
    assert standard_spelling("ya, fine.").startswith("yeah")
