"""Who staff said would do something, put back wrong later in the scene: "I hear the doctor's coming to go
through your rights?" after "Kemi, the nurse in charge, will go through your rights with you"; "I was
told you're phoning Dr Shah" after "I'll ring Gemma's so you can talk to Ellie". The person says it is
not who they were told, and what staff said (coach.patient.correcting says it, in the persona file's
`corrected` lines).

Only a turn that puts something back to them does: a summary ("so ...", "..., is that right?") or word
passed on ("I hear", "I was told", "Hannah said"). A tag alone ("..., yeah?") may ask them to agree with
anything new, and a new person brought in ("I've asked the pharmacist to come up too") is no wrong
detail; nor is a person staff named anywhere earlier in the scene.
"""

from __future__ import annotations

import re

from coach.grading.rules.dispatch import compile_keyed
from coach.patient.meaning import meant
from coach.patient.meaning import shared as shared_words
from coach.patient.reflected import reports_theirs
from coach.wording import DAYS, fold, sentences

# The people a plan names by their part: staff by role, the patient's family by their relation (with whose:
# "son" alone is as often a way of speaking to someone).
_ROLE = (
    r"(?:(?:the |a |your )?(?:doctor|consultant|psychiatrist|pharmacist|social worker|nurse in charge|"
    r"ward manager|advocate|psychologist|occupational therapist|chaplain|student nurse)|"
    r"(?:your|his|her|their) (?:son|daughter|sister|brother|mum|dad|mother|father|wife|husband|partner))s?\b"
)
_ROLES = re.compile(rf"\b{_ROLE}", re.IGNORECASE)
_TITLES = "Dr|Mr|Mrs|Ms|Miss|Nurse|Sister"
# A name: a capital word inside a sentence, not a day, a title or "I".
_NAME = re.compile(rf"(?<=\w )(?!(?:{DAYS.title()}|{_TITLES}|I)\b)[A-Z][a-z]+")
# A turn that puts something back to them: a summary, or word passed on. "So, I'm really sorry ..." opens
# the speaker's own news, not a summary.
_PUTS_BACK = compile_keyed(
    r"^(?:so|right,? so|ok,? so|okay,? so)\b"
    r"(?!,? i(?:'m|'ve|'ll|'d| am| have| will| asked| spoke| checked)\b)|"
    r"\b(?:i hear|i heard|i was told|i'm told|i've been told|"
    # not "I'll let you know what she says": what is still to come
    r"apparently|(?<!what )(?:they|she|he) (?:said|says|told me))\b|\b(?:is )?that right\s*\?"
)
# Word passed on by a colleague named: "Hannah said we're ringing your son" (as typed: a capital name).
_PASSED_ON = re.compile(r"\b[A-Z][a-z]+ (?:said|says|told me)\b")


def person_put_back_wrong(typed: str, earlier_staff: list[str], first_name: str) -> tuple[str, str] | None:
    """The person as `typed` puts them wrongly ("the doctor") and the earlier staff sentence that says who
    it was (as staff said it), when the turn puts a plan back to them and names someone staff never named
    in the scene for what an earlier turn gave to someone else; None otherwise. `first_name`: the
    patient's, no one a plan is given to."""
    folded = fold(typed)
    if not (_PUTS_BACK.search(folded) or _PASSED_ON.search(typed)) or not earlier_staff:
        return None
    said_before = fold(" ".join(earlier_staff))
    now = [p for p in _people(typed) if p != first_name and p not in _INTRODUCED.findall(typed)]
    new = [person for person in now if not re.search(rf"\b{_bare(person)}s?\b", said_before)]
    if not new:
        return None
    about_now = meant(_ROLES.sub(" ", folded)) - _name_words(now)
    for turn in reversed(earlier_staff):
        # what the turn gave to someone: its sentences that name a person and share what the plan is about
        given = [
            s
            for s in sentences(turn)
            if _people(s)
            and not _INTRODUCED.match(s)
            and not reports_theirs(s)  # "You want to know if the doctor's coming": theirs, not a plan
            and shared_words(about_now, meant(_ROLES.sub(" ", fold(s))) - _name_words(_people(s))) >= 1
        ]
        if given:
            return new[0], given[0]
    return None


# Staff saying who they are: "I'm Dev", "it's Tom", "my name's Jo".
_INTRODUCED = re.compile(r"\b(?:I'm|I am|[Ii]t's|[Mm]y name's|[Mm]y name is) ([A-Z][a-z]+)\b")


def _bare(person: str) -> str:
    """A person as a pattern for any mention of them: "the doctors" is any "doctor"."""
    words = fold(person).split()
    if words and words[0] in ("the", "a", "your"):
        words = words[1:]
    return re.escape(" ".join(words).removesuffix("s") if len(words) == 1 else " ".join(words))


def _people(text: str) -> list[str]:
    """The people a text names, as written: names with their title ("Dr Shah"), names ("Kofi") and roles
    ("the doctor")."""
    titled = _TITLED.findall(text)
    names = [n for n in names_in(text) if not any(t.endswith(f" {n}") for t in titled)]
    roles = [m.group(0).strip() for m in _ROLES.finditer(text)]
    return [*titled, *names, *roles]


_TITLED = re.compile(rf"\b(?:{_TITLES}) [A-Z][a-z]+")


def names_in(text: str) -> list[str]:
    """The names a text says as written: capital words inside a sentence ("Bernie's in on Wednesday"), not
    a day, a title ("Dr") or "I"."""
    return _NAME.findall(text)


def _name_words(people: list[str]) -> frozenset[str]:
    """The words of people's names and roles, as `meant` reads them, so they do not count as what a plan is
    about."""
    return frozenset(word for person in people for word in meant(fold(person)))
