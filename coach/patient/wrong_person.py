"""Staff getting the person wrong: one of their family named for another ("the anniversary of losing your
dad" when it was her brother; "your son cooked it" when his sister did), or someone in their life given
another's role ("your named nurse Jo" when Jo is the social worker and Kofi the named nurse; "Leon is the
pharmacist you like" when Leon is his brother), or said to have done what someone in another role did
("Anita fobbed you off last night" when a support worker did). The person knows who is who in their own
life, so the fact that says it is what puts staff right (coach.patient.correcting says it).
"""

from __future__ import annotations

import re
from functools import lru_cache

from coach.models import Persona
from coach.patient.facts import first_person
from coach.patient.meaning import meant
from coach.patient.meaning import shared as shared_words
from coach.wording import clauses, sentences

# A fact is about what the staff clause speaks of when they share this many words beyond the family.
MIN_SHARED = 2

# Their family, as staff and their facts name them; one of theirs as staff say it ("losing your dad").
_KIN_WORDS = (
    r"mum|mother|mam|dad|father|brother|sister|husband|wife|partner|son|daughter|nan|gran|grandma|grandad|"
    r"granddad|uncle|aunt|auntie|boyfriend|girlfriend"
)
_KIN = re.compile(rf"\b(?:{_KIN_WORDS})\b")
_THEIR_KIN = re.compile(rf"\byour ({_KIN_WORDS})\b")
# One of their family as the one who did a thing for them or whose thing it is: "your father gave them",
# "your son, he cook this curry", "your brother's binoculars".
_DOER = re.compile(
    rf"\byour (?:{_KIN_WORDS})(?:'s\b|,? (?:(?:he|she) )?(?:gave|give|given|made|make|cooked|cook|baked|"
    r"bake|brought|bring|bought|buy|sent|send|left|knitted|drew|draw|wrote|write|painted|paint)\b)"
)

# The roles people hold in a life and on a ward, longest first so "named nurse" is read before "nurse".
_ROLES = (
    r"named nurse|nurse in charge|social worker|support worker|key worker|care coordinator|"
    r"occupational therapist|housing officer|ward manager|pharmacist|consultant|psychiatrist|psychologist|"
    r"advocate|doctor|nurse|neighbour|landlord|friend|" + _KIN_WORDS
)
# In a fact, a role put next to a name: "Her named nurse, Kofi, ...", "his brother Leon", "the ward
# pharmacist, Anita", "her consultant, Dr Okafor", "Gemma, her sister".
_ROLE_NAME = re.compile(
    rf"\b(?i:(?:older |younger |elder |big |little |twin |ward )?({_ROLES}),? (?:dr |mr |mrs |ms )?)"
    r"([A-Z][a-z]+)\b"
)
_NAME_ROLE = re.compile(
    rf"\b([A-Z][a-z]+), (?i:(?:her|his|their|the|my) (?:older |younger |ward )?({_ROLES}))\b"
)


def wrong_person(plain: str, persona: Persona) -> tuple[str, str] | None:
    """The person as a staff turn (`plain`, as read) names them wrongly ("my dad", "Jo") and the fact of
    theirs, in their mouth, that says who it is; None when the turn names nobody wrongly or the fact
    cannot be said in their words."""
    facts = tuple(persona.facts)
    low = plain.lower()
    found = _kin_corrected(low, facts)
    if found is not None:
        wrong, fact = f"my {found[0]}", found[1]
    else:
        mixed = _role_mixed(low, facts) or _wrong_doer(low, facts)
        if mixed is None:
            return None
        wrong, fact = mixed
    told = first_person(fact, persona)
    return None if told is None else (wrong, told)


def _kin_corrected(low: str, facts: tuple[str, ...]) -> tuple[str, str] | None:
    """The family member the turn names as theirs and the fact that names another of their family for what
    the turn says of them: in a clause about the same thing ("... her brother Tom's death" for "the
    anniversary of losing your dad"), or as the one who did the thing the sentence names or whose thing
    it is ("your father gave them" of the binoculars that were Tom's), when that fact does not name the
    one staff said."""
    if not _THEIR_KIN.search(low):
        return None  # most turns name none of their family: the clauses are not read
    for sentence in sentences(low):
        # The one who did it or whose it is: the thing may be in another clause of the sentence.
        thing = meant(_KIN.sub(" ", sentence)) if _DOER.search(sentence) else frozenset()
        for clause in clauses(sentence):
            said = _THEIR_KIN.search(clause)
            if said is None:
                continue
            about = meant(_KIN.sub(" ", clause))
            for fact, named in zip(facts, _families(facts), strict=True):
                if not named or said.group(1) in named:
                    continue
                for part in clauses(fact.lower()):
                    words = meant(_KIN.sub(" ", part))
                    if shared_words(about, words) >= MIN_SHARED or shared_words(thing, words):
                        return said.group(1), fact
    return None


@lru_cache(maxsize=64)
def _families(facts: tuple[str, ...]) -> tuple[frozenset[str], ...]:
    """The family each fact names: by the word ("her brother") or by a name the facts give that role ("Tom
    used to take her birdwatching", Tom being her brother). Kept: read once per persona, not per clause."""
    out = []
    for fact in facts:
        low = fact.lower()
        named = set(_KIN.findall(low))
        for name, held in _roles(facts).items():
            if re.search(rf"\b{name}\b", low):
                named |= {role for role, _ in held if _KIN.fullmatch(role)}
        out.append(frozenset(named))
    return tuple(out)


def _role_mixed(low: str, facts: tuple[str, ...]) -> tuple[str, str] | None:
    """Someone their facts name, given by the turn a role their facts give another ("your named nurse Jo",
    "Leon is the pharmacist"): the name as said and the fact naming who holds that role."""
    roles = _roles(facts)
    for name, held in roles.items():
        if name not in low:
            continue
        for said in _said_roles(low, name):
            if any(_same_role(said, role) for role, _ in held):
                continue
            for other, other_held in roles.items():
                fact = next((f for role, f in other_held if _same_role(said, role)), None)
                if other != name and fact is not None:
                    return name, fact  # lower case, as a trainee phrase: the reply capitalises names
    return None


def _wrong_doer(low: str, facts: tuple[str, ...]) -> tuple[str, str] | None:
    """Someone their facts name, said to have done what a fact says someone in another role did ("soz
    anita fobbed u off last nite" when a support worker did): the name as said and that fact. The name is
    the subject of a past verb, and the fact's role the subject of its own."""
    roles = _roles(facts)
    for name, held in roles.items():
        if name not in low:
            continue
        for clause in clauses(low):
            did = re.search(rf"\b{name} ({_DONE})\b", clause)
            if did is None:
                continue
            about = meant(clause[did.start(1) :])
            for fact in facts:
                doers = re.findall(rf"\b(?:a|an|the) ({_ROLES}) (?:{_DONE})\b", fact.lower())
                if name in fact.lower() or not doers or any(_same_role(d, r) for d in doers for r, _ in held):
                    continue
                if shared_words(about, meant(fact.lower())) >= MIN_SHARED:  # one event, told whole
                    return name, fact
    return None


# A past verb: a regular one, or one of the commonest irregular ones.
_DONE = r"\w+ed|told|said|took|gave|left|brought|came|went|sent|put|got|made|rang|wrote|saw|ate"


@lru_cache(maxsize=64)
def _roles(facts: tuple[str, ...]) -> dict[str, tuple[tuple[str, str], ...]]:
    """Each name the facts give a role, lower case, with each role (lower case) and the fact that gives
    it. Kept: every turn that names one of them is weighed against them."""
    out: dict[str, list[tuple[str, str]]] = {}
    for fact in facts:
        for role, name in _ROLE_NAME.findall(fact):
            out.setdefault(name.lower(), []).append((role.lower(), fact))
        for name, role in _NAME_ROLE.findall(fact):
            out.setdefault(name.lower(), []).append((role.lower(), fact))
    return {name: tuple(held) for name, held in out.items()}


def _said_roles(low: str, name: str) -> list[str]:
    """The roles the turn gives `name`: put before it ("your named nurse jo") or said of it ("leon is the
    pharmacist"); a role after a comma is left, as that is most often a name called out ("Jo, the nurse
    said ...")."""
    before = re.findall(rf"\b({_ROLES}),? (?:dr |mr |mrs |ms )?{re.escape(name)}\b", low)
    said_of = re.findall(
        rf"\b{re.escape(name)}(?:'s| is| was) (?:the|your|his|her) (?:ward )?({_ROLES})\b", low
    )
    return [*before, *said_of]


def _same_role(said: str, role: str) -> bool:
    """True when one role holds the other's words ("nurse" and "named nurse")."""
    one, other = set(said.split()), set(role.split())
    return one <= other or other <= one
