"""Staff talking about the person in front of them as if they were not there ("shes not eaten all day and she
wont even turn round, ill put down shes refusing food", "Priya, he's refusing again. He'll take them when
he's ready."): the person hears themselves described, and says so, by band (the persona file's optional
`acts.talked_about` lines), before anything else the turn said. Talking with a person rather than about
them is a matter of dignity the care plans and Safewards' respect for the patient ask for; a turn that talks
past them does not land as what it said.

Read from the words alone: the speech opens (after at most a name or a word said to a colleague) with the
person as its subject, in their pronoun or their name, and names them in the third person at least three
times in all, with no "your" or "you're" said to them, and a "you" only beside a "her" or "him" (the
"you" a colleague asked to watch them). One "she" is as likely someone else ("She's coming at
four"); three, with the opening about them, is talk about the person there.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from coach.grading.rules.text import split_turn
from coach.models import Persona, Speaker
from coach.patient.base import PatientContext
from coach.patient.pools import Pool, lines_at
from coach.wording import fold

# The third-person forms of a pronoun set, by its subject form.
_FORMS = {"she": ("she", "her", "hers", "herself"), "he": ("he", "him", "his", "himself")}
# So many mentions of them in the third person, and the turn is about them.
TALKED_ABOUT_MIN = 3
# A word said to them: the turn addresses them after all ("she says you can ring her").
_TO_THEM = re.compile(r"\b(?:your|yours|yourself|you're|youre)\b")
_WORD = re.compile(r"[a-z']+")
_YOU = frozenset({"you", "u", "ya", "ye"})


def talked_about(staff_text: str, persona: Persona, before: str = "") -> bool:
    """True when `staff_text` talks about the person (the persona) in the third person, as if they were not
    there. When what they said `before` it speaks of someone in the same pronoun ("He ATE it!"), the turn's
    "he" may be that one, and it is not read as about them."""
    subject = persona.profile.pronouns.split("/")[0].strip().lower()
    forms = _FORMS.get(subject)
    first = fold(persona.profile.first_name)
    if forms is None or not _often_named(staff_text.lower(), forms, first):
        return False  # most turns: one search, the turn not read
    speech = fold(split_turn(staff_text).speech)
    if _TO_THEM.search(speech) or set(_WORD.findall(fold(before))) & set(forms):
        return False
    words = _WORD.findall(speech)
    if _YOU.intersection(words) and not set(forms[1:]).intersection(words):
        # "She can ring you any time": "you" is them, and "she" someone else. "Can u keep an eye on her"
        # asks a colleague to watch them.
        return False
    mentions = [i for i, word in enumerate(words) if _of_them(word, words[i + 1 : i + 2], forms, first)]
    if len(mentions) < TALKED_ABOUT_MIN:
        return False
    # The opening is about them: the first or second word ("jas shes been stood here", "Priya, he's ...").
    return mentions[0] <= 1


def _often_named(lowered: str, forms: tuple[str, ...], first: str) -> bool:
    """True when the turn's text holds their pronoun's forms or their first name (run together in a text or
    not) at least as often as talk about them needs: a bound on the mentions of its speech."""
    words = "|".join((*forms, forms[0] + "s", *((first,) if first else ())))
    return len(re.findall(rf"\b(?:{words})(?:'s|'ll|'d)?\b", lowered)) >= TALKED_ABOUT_MIN


def _of_them(word: str, after: list[str], forms: tuple[str, ...], first: str) -> bool:
    """True when `word` (with the word `after` it) names them in the third person: a form of their pronoun,
    said plainly or run together in a text ("shes", "hes"), or their first name as the subject of what
    follows ("Beth's not eaten", "Beth won't")."""
    base = word.removesuffix("'s").removesuffix("'ll").removesuffix("'d")
    if base in forms or (word.endswith("s") and word[:-1] in forms[:1]):
        return True
    return bool(first) and base == first and (word != base or bool(after and after[0] in _VERBS))


_VERBS = frozenset(
    [
        "is",
        "was",
        "has",
        "hasn't",
        "isn't",
        "won't",
        "will",
        "wont",
        "can't",
        "cant",
        "keeps",
        "kept",
        "refused",
        "refuses",
        "says",
        "said",
        "wants",
        "wanted",
    ]
)


def talked_about_answers(ctx: PatientContext) -> Iterator[Pool]:
    """The person's answer to being talked about in front of them, when the latest staff turn of `ctx`
    does and their file writes the lines."""
    lines = ctx.persona.listening.acts.talked_about
    staff = [t.text for t in ctx.history if t.speaker is Speaker.staff]
    before = next((t.text for t in reversed(ctx.history) if t.speaker is not Speaker.staff), "")
    if lines is not None and staff and talked_about(staff[-1], ctx.persona, before):
        yield lines_at("talked_about", lines, ctx.state.band)
