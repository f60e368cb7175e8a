"""Which words of a turn are people's names, so the scorer reads them all as one word, `<name>`.

A name says nothing about tone or risk, but with every word a feature, each name carried the weights of
whichever corpus turns happened to use it ("Hi Maureen, I'm Jack" leaned toward a low tone on "maureen").
A word is read as a name when it is:

- one of the persona's names (its profile and the other party), in lower case too (trainees type
  "maureen") unless the corpus uses it as a common word;
- a capitalised word after a title ("Dr Okafor") or where a turn greets or introduces someone ("Hi Will",
  "I'm Rose", "my name is Hope"): there a capital marks a name even on a common word;
- a capitalised word the corpus writes capitalised mid-sentence more often than in lower case (the
  names of staff and family the corpus's scenes use, "Ellie", "Kofi"), wherever it stands;
- a capitalised word, not at a sentence start, that the corpus never writes in lower case ("ask Priyanka").

The corpus is the dev split's staff and patient lines (never the test split), counted once into
`names.json` beside this module (`python -m coach.grading.learned.names` writes it again). Days, months
and titles are capitalised but are not names: "till Monday" is how a no is put off. A name that is also
a common word is read as the word where nothing above marks it ("ask Will to come"): it then carries
that word's weights, learned from all its uses, not a weight of its own.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from coach.models import Persona

_CORPUS = ("resources", "evals", "calibration", "dev.jsonl")
DICTIONARY = "names.json"
_WORD = re.compile(r"([A-Za-z]+)(?:['’][A-Za-z]+)?")  # group 1: the word before any "'s"
# What ends a sentence or opens a new run of speech: the word after one is capitalised anyway.
_SENTENCE_OPENERS = frozenset('.!?"“”*(\n:;-')
_TITLES = frozenset(re.findall(r"\S+", "dr doctor mr mrs ms miss mx prof nurse sister"))
_CALENDAR = frozenset(
    re.findall(
        r"\S+",
        """monday tuesday wednesday thursday friday saturday sunday january february march april may june
        july august september october november december""",
    )
)
# Words before a name in a greeting or an introduction, written as a sentence writes them (only the first
# letter may be a capital: in "I Am Not" every word is capitalised for emphasis, and the capital after
# "Am" marks no name), and in the same sentence ("Morning. You can ring her now." greets nobody).
_INTRODUCES = re.compile(
    r"\b(?:[Hh]i|[Hh]iya|[Hh]ello|[Hh]ey|[Mm]orning|[Aa]fternoon|[Ee]vening|[Tt]hanks|[Ii]['’]?m|[Ii] am"
    r"|[Nn]ame['’]?s|[Nn]ame is|[Cc]all me)[ \t,]{1,3}$"
)
_CONTEXT = 16  # characters before a word that are searched for a greeting or introduction


@dataclass(frozen=True)
class Dictionary:
    """How the corpus writes its words: `common` in lower case, `proper` capitalised mid-sentence more
    often than in lower case."""

    common: frozenset[str]
    proper: frozenset[str]


def name_starts(text: str, persona: Persona | None, dictionary: Dictionary | None = None) -> frozenset[int]:
    """The offsets in `text` where a word that is a name starts."""
    known = dictionary or corpus_dictionary()
    own = _persona_names(persona)
    starts = []
    for m in _WORD.finditer(text):
        base = m.group(1)
        lower = base.lower()
        if base[0].islower() and lower not in own:  # most words: only a persona's name counts in lower case
            continue
        if lower.removesuffix("s") in _CALENDAR or lower in _TITLES or len(base) < 2:
            continue
        # trainees type "maureen"; a persona called Rose is not meant by "a rose"
        if lower in own and (base[0].isupper() or lower in known.proper or lower not in known.common):
            starts.append(m.start())
            continue
        if not base.istitle():
            continue
        before = text[max(0, m.start() - _CONTEXT) : m.start()]
        if (
            _after_title(before)
            or _INTRODUCES.search(before)
            or lower in known.proper
            or (lower not in known.common and not _opens_sentence(before))
        ):
            starts.append(m.start())
    return frozenset(starts)


def _after_title(before: str) -> bool:
    previous = _WORD.findall(before)
    return bool(previous) and previous[-1].lower() in _TITLES and before.rstrip(". ").endswith(previous[-1])


def _opens_sentence(before: str) -> bool:
    stripped = before.rstrip()
    return not stripped or stripped[-1] in _SENTENCE_OPENERS


def _persona_names(persona: Persona | None) -> frozenset[str]:
    if persona is None:
        return frozenset()
    full = [persona.profile.name] + ([persona.other_party.name] if persona.other_party else [])
    return frozenset(w.lower() for name in full for w in _WORD.findall(name))


def dictionary_of(lines: list[str]) -> Dictionary:
    """How `lines` write their words: in lower case, or capitalised where no sentence starts."""
    lower: Counter[str] = Counter()
    capitalised: Counter[str] = Counter()
    for line in lines:
        for m in _WORD.finditer(line):
            base = m.group(1)
            if base.islower():
                lower[base] += 1
            elif base.istitle() and not _opens_sentence(line[: m.start()]):
                capitalised[base.lower()] += 1
    return Dictionary(
        common=frozenset(lower),
        proper=frozenset(w for w, n in capitalised.items() if n > lower[w] and len(w) > 1),
    )


def dev_lines() -> list[str]:
    """The staff and patient lines of the dev split (the test split is never read)."""
    path = resources.files("coach").joinpath(*_CORPUS)
    lines: list[str] = []
    for row in path.read_text(encoding="utf-8").splitlines():
        case = json.loads(row)
        if case.get("split") == "dev":
            lines += [case.get("staff") or "", case.get("patient") or ""]
    return lines


@lru_cache(maxsize=1)
def corpus_dictionary() -> Dictionary:
    """The dev split's dictionary, as written beside this module (reading the corpus itself takes seconds:
    too long for a first grade)."""
    stored = json.loads(resources.files("coach.grading.learned").joinpath(DICTIONARY).read_text("utf-8"))
    return Dictionary(common=frozenset(stored["common"]), proper=frozenset(stored["proper"]))


def write_dictionary(path: Path) -> None:
    """Writes the dev split's dictionary to `path`: after the corpus changes, before `coach train-grader`."""
    d = dictionary_of(dev_lines())
    path.write_text(json.dumps({"common": sorted(d.common), "proper": sorted(d.proper)}, indent=0) + "\n")


if __name__ == "__main__":
    write_dictionary(Path(__file__).with_name(DICTIONARY))
