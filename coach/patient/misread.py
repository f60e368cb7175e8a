"""Staff putting a feeling or a reason to the person that is not theirs: "you're just bored stuck in here,
yeah?" to a man who is angry about his daughter's card, "so it's cos you're starving, that's what's got you
going?" to one whose sister's cooking was taken. Someone misread says so, and says what it is (Project
BETA: identify their wants and feelings; a guess is checked, not confirmed to please): the persona file's
optional `acts.misread` lines (`{offer}` the feeling as staff said it), then how they do feel (the lines
of their `feelings` topic) or their reason (their `reason` lines). A guess that names a feeling of theirs,
or a reason that shares a word with what they want and why, is no misreading; nor a turn that offers,
asks or promises something, which is answered for that.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from coach.acts import Reading, fold, stems
from coach.grading.rules.dispatch import compile_keyed
from coach.models import Band, Persona
from coach.patient.asked_of import without_because
from coach.patient.pools import Pool, lines_at
from coach.wording import clauses, sentences

_SAID_AS_FEELING = ("feeling", "a bit", "really", "so", "very", "pretty", "quite")
# Kinds of feeling, each in words a trainee might use; a word may be of more than one kind ("gutted").
_FEELING_KINDS = {
    "anger": "angry|anger|cross|annoyed|furious|fuming|livid|mad|raging|wound up|irritated|frustrated|narked",
    "fear": "scared|frightened|afraid|terrified|petrified|worried|anxious|nervous|panicky|panicking|on edge|"
    "uneasy|jumpy|unsafe|paranoid",
    # "down" and "low" only as a feeling is said: "slow down", "going down to the lounge" are none
    "sadness": "sad|depressed|miserable|gutted|heartbroken|tearful|empty|grieving|down in the dumps|"
    + "|".join(f"{how} {what}" for how in _SAID_AS_FEELING for what in ("down", "low")),
    "boredom": "bored|stir-crazy|stir crazy|restless|cooped up|cabin fever",
    "loneliness": "lonely|isolated|left out",
    "hunger": "hungry|starving|famished|peckish",
    "tiredness": "tired|exhausted|knackered|shattered|worn out|sleepy",
    "shame": "embarrassed|ashamed|humiliated|guilty|daft",
    "disappointment": "disappointed|let down|gutted",
}
_ANY_FEELING = "|".join(
    sorted({w for words in _FEELING_KINDS.values() for w in words.split("|")}, key=len)[::-1]
)
_FEELING = compile_keyed(rf"\b(?:{_ANY_FEELING})\b")
# A feeling put to them: "you're just bored", "you must be lonely", "are you angry with us?", "you seem
# really low", "you're going a bit stir-crazy".
_PUT_TO_THEM = re.compile(
    r"\b(?:you(?:'re| are|'ve been| have been| were| must be| must feel| seem| sound| look| feel| might be)|"
    r"(?:are|were) you)"
    r"(?: (?:really|just|so|a bit|quite|mostly|very|pretty|feeling|getting|going|a little|bit|kind of|kinda|"
    r"all|a wee bit|maybe|probably))*"
    rf" ({_ANY_FEELING})\b"
)
# Their feeling said as not so ("Not angry, just empty."): no feeling of theirs.
_DENIED = re.compile(rf"\bnot (?:\w+ )?({_ANY_FEELING})\b")
# A reason put to them: "is it because ...", "it's cos ..., yeah?", "what's really getting to you is ...", "is
# it the food that's putting you off?".
_REASON_PUT = re.compile(
    r"\b(?:(?:is|was) (?:it|this|that|all this)(?: really| just| mostly| all)? "
    r"(?:because|cos|cause|coz|about|down to) |"
    r"it'?s (?:really |just |mostly |all )?(?:because|cos|cause|coz|down to) |"
    r"what'?s (?:really )?(?:getting to|bothering|upsetting|eating|winding) you(?: up)? (?:is|are) |"
    r"is it (?:the )?(?=[^?.!]+ (?:that'?s|what'?s) )|"
    # a feeling put to them with its cause: "you're mostly frustrated because ..."
    rf"you(?:'re| are| seem| sound)(?: \w+)? (?:{_ANY_FEELING}) (?:because|cos|cause|coz) )"
    r"(?P<reason>[^?.!]+)"
)
# The end of a reason put as a question ("is it the food that's putting you off?").
_REASON_END = re.compile(
    r"\b(?:that'?s|that is|what'?s|which is) (?:getting to|bothering|upsetting|putting you off|"
    r"winding you up|got you|keeping you|behind)\b.*"
)
_PLAIN_NO = re.compile(r"\b(?:not|n't|never|no)\b")
_CHECKED = compile_keyed(
    r"\?|\b(?:i reckon|i think|i bet|i guess|my guess|i'd say|sounds like|it seems like)\b"
)


def misread_answers(typed: str, now: Reading, persona: Persona, band: Band) -> Iterator[Pool]:
    """Their answer to a feeling or reason put to them that is not theirs, when their file writes the
    lines; nothing when the turn offers, asks or promises something, or reads them right."""
    lines = persona.listening.acts.misread
    if lines is None or now.offers or now.requests or now.options or now.promises:
        return
    text = fold(typed)
    if not _CHECKED.search(text) and not _PUT_TO_THEM.search(text):
        return
    wants = _words_of((persona.request or "", persona.unmet_need.summary))
    if any(_PLAIN_NO.search(c) is None and len(set(stems(c)) & wants) >= 2 for c in clauses(text)):
        return  # "you're angry, and you want to be left in peace today": what they want, heard, is answered
    wrong = _wrong_feeling(text, persona)
    if _wrong_reason(text, persona):
        # "It's cos you're starving, yeah?": a reason put, answered with theirs.
        own = tuple(without_because(line) for line in persona.listening.acts.reason.at(band))
        yield _after(lines_at("misread", lines, band, offer=wrong), own)
    elif wrong is not None:
        yield _after(lines_at("misread", lines, band, offer=wrong), _feeling_lines(persona, band))


def _after(lead: Pool, own: tuple[str, ...]) -> Pool:
    """Each misread line followed by each line of what is theirs."""
    return Pool("misread", tuple(f"{line} {mine}" for line in lead.lines for mine in own) or lead.lines)


def _wrong_feeling(text: str, persona: Persona) -> str | None:
    """The feeling put to them, as said, when none of the kinds it names is theirs."""
    said = [
        m.group(1)
        for m in _PUT_TO_THEM.finditer(text)
        if " not " not in f" {m.group(0)} "
        # "Are you hungry at all?" asks after their body, plainly; it guesses at no feeling
        and not (_kinds(m.group(1)) <= _BODILY and m.group(0).startswith(("are you", "were you")))
    ]
    if not said:
        return None
    theirs = _feelings(persona)
    if not theirs or any(_kinds(word) & theirs for word in said):
        return None
    return _bare(said[0])


def _wrong_reason(text: str, persona: Persona) -> bool:
    """True when a reason is put to them, checked, and shares no word with what they want and why."""
    for sentence in sentences(text):
        found = _REASON_PUT.search(sentence)
        if found is None or not _CHECKED.search(sentence):
            continue
        reason = _REASON_END.sub("", found.group("reason"))
        words = set(stems(reason))
        if words and not words & _reasons(persona):
            return True
    return False


_BODILY = frozenset({"hunger", "tiredness"})


def _bare(feeling: str) -> str:
    """The feeling without the words that say it as one ("really low" -> "low")."""
    for how in _SAID_AS_FEELING:
        feeling = feeling.removeprefix(f"{how} ")
    return feeling


def _kinds(word: str) -> frozenset[str]:
    return _KINDS_OF.get(word, frozenset())


# Each feeling word with the kinds it is of, read once from the table above.
_KINDS_OF = {
    word: frozenset(kind for kind, words in _FEELING_KINDS.items() if word in words.split("|"))
    for words in _FEELING_KINDS.values()
    for word in words.split("|")
}


def _feeling_lines(persona: Persona, band: Band) -> tuple[str, ...]:
    topic = next((t for t in persona.listening.topics if t.id == "feelings"), None)
    return tuple(topic.answers.at(band)) if topic is not None else ()


def _feelings(persona: Persona) -> frozenset[str]:
    return _kinds_felt(tuple(line for band in Band for line in _feeling_lines(persona, band)))


@lru_cache(maxsize=64)
def _kinds_felt(lines: tuple[str, ...]) -> frozenset[str]:
    """The kinds of feeling their `feelings` topic's lines say they have, less those they say they have
    not ("Not angry, just empty.")."""
    kinds: set[str] = set()
    for line in map(fold, lines):
        denied = {m.group(1) for m in _DENIED.finditer(line)}
        kinds |= {
            kind for m in _FEELING.finditer(line) if m.group(0) not in denied for kind in _kinds(m.group(0))
        }
    return frozenset(kinds)


def _reasons(persona: Persona) -> frozenset[str]:
    """The words of what they want and why: their request, need and reasons."""
    reasons = persona.listening.acts.reason.every()
    return _words_of((persona.request or "", persona.unmet_need.summary, *reasons))


@lru_cache(maxsize=64)
def _words_of(texts: tuple[str, ...]) -> frozenset[str]:
    return frozenset(stems(fold(" ".join(texts))))
