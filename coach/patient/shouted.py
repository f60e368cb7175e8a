"""A fact in the highly agitated band's voice: what the fact says, cut to its main clause and shouted, the
thing asked for in capitals ("Since TUESDAY my evening tablets have been small, round and white!"), with a
bare "Yes!" or "No!" first to a yes/no question. The calm and agitated bands tell the whole fact in plain
sentences (coach.patient.facts); one band up, a person still answers a plain question, but not in a calm
register. Each form is one of `shouted_forms`, so a reply made of it is still a line of the persona file
(coach.patient.recognising).
"""

from __future__ import annotations

import re

from coach.patient.asked import Asked, carries, match_of
from coach.patient.facts import fact_parts

# Where a fact's main clause ends: a new part (";"), or what only explains or adds to it ("..., after
# missing tea", "... under section 2 ...", "... instead of the yellow ones", "..., who explained ...").
_TRAILING = re.compile(
    r",? (?:under|instead of|because|after|which|who|while|so that|in order to|but)\b.*$",
    re.IGNORECASE,
)


def clauses(fact: str) -> list[str]:
    """The main clause of each part of `fact` (in their mouth), without its closing full stop."""
    return [_TRAILING.sub("", part.rstrip(".")).strip() for part in fact_parts(fact)]


def shouted(fact: str, asked: Asked | None, question: str, verdict: str | None) -> str:
    """`fact` (as said: coach.patient.facts.fact_said) shouted: the first of its clauses that holds what was
    asked (else its first clause), the thing asked for in capitals, and "Yes!" or "No!" before it for a
    `verdict` ("Yes." or "No.")."""
    parts = clauses(fact)
    clause = next((c for c in parts if carries(c, asked, question)), parts[0])
    found = match_of(clause, asked, question)
    if found is not None:
        start, end = found
        clause = clause[:start] + clause[start:end].upper() + clause[end:]
    said = f"{clause}!"
    return f"{verdict.rstrip('.')}! {said}" if verdict else said


def shouted_forms(fact: str) -> list[str]:
    """Every clause `shouted` can make of `fact`, each a line on its own (letter case aside), and a bare
    "Yes!" and "No!"."""
    return [*(f"{clause}!" for clause in clauses(fact)), "Yes!", "No!"]
