"""How the two parts of an offline reply become one: the lead (how the turn landed) and the answer (what
it said) share a reply only when they take one stance, are not at odds (a yes and a no) and say
different things; the stance carries over
from the last reply when nothing in the turn changes it; and names the trainee's words brought in
lower-case get their capitals back.
"""

from __future__ import annotations

import re
from functools import lru_cache

from coach.acts import Act, Reading
from coach.models import Band, Persona, Speaker
from coach.patient.base import PatientContext
from coach.patient.guards import is_too_long
from coach.patient.safety import RISK_TOPICS
from coach.stance import Action
from coach.wording import capital_letters, fold, sentences, stems


def composed(how: str, lead: str | None, what: str, reply: str | None, band: Band) -> str | None:
    """The reply from its lead (how the turn landed) and its answer (what it said)."""
    if reply and what == "put_off" and how in HEARD_ONLY:
        # The answer to being put off is their reaction to that no: a stock no or brush-off line beside it
        # is a second reaction to the same words ("Then I'll ring them myself! ... Who? When?").
        return reply
    if reply and what in _PUTS_RIGHT and how in HEARD_ONLY:
        # Staff got them wrong (a detail, a person, a feeling, news taken as known): putting it right is the
        # reply; a reaction to the same words beside it reads as two replies ("Again? ... Nobody told me!").
        return reply
    if reply and what.removeprefix("topic:") in RISK_TOPICS:
        # Asked about risk, they answer it, whatever else the turn did or how it landed
        # (coach.patient.safety).
        return reply
    if lead and how == "told_off" and not what.startswith(ANSWERING):
        # Told off, their answer to that is the reply; a line of how the grade heard the turn beside it
        # answers nothing the turn said ("Don't lecture me. ...I just needed someone to say it.").
        return lead
    if lead and reply and what in ("neutral", how):
        # The band's plain line answers nothing in particular: after how the turn landed it only dangles
        # ("Why are you getting someone? Don't. ...What?"). A second line of the lead's own kind says the
        # same reaction again in other words, two stock lines stitched ("Fine! Great! No, of course not.").
        return lead
    if lead and reply:
        both = f"{lead} {reply}"
        if band is not Band.crisis:
            agree = welcomes(lead) == (what == "need_met" or welcomes(reply))
            # Two lines saying the same thing ("Where's the box?" and "I want the box.") read as one stitched
            # twice: the lead says it.
            if not agree:
                # One stance: how the turn landed (a no, a brush-off, a hand on them) stands, and a thank-you
                # for the same turn is not said; unless the lead was at words alone and the reply answers the
                # question the turn put ("we can't do the shop" heard as a no, then "what's the one thing
                # that has to happen?").
                return reply if how in HEARD_ONLY and what.startswith(_ASKED) else lead
            clash = at_odds(lead, reply) or (how in _COLD and bool(_OPENS_YES.match(fold(reply))))
            # "So he just gets away with it? Okay, maybe.": a protest and a yes are two replies, not one.
            if clash:
                # The one that answers what was offered or promised, when the protest was at words alone.
                return reply if how in HEARD_ONLY and what.startswith((*ANSWERING, "promise")) else lead
            if not stems(fold(lead)) & stems(fold(reply)) and not is_too_long(both):
                return both
            # Room for one line: the answer to what was said, unless the body or a threat did the landing.
            return reply if how in HEARD_ONLY else lead
        # In crisis one shout: how the turn landed, unless that was only its words and the reply answers
        # something they were asked or offered (or the need itself).
        if how in HEARD_ONLY and what.startswith(ANSWERING):
            return reply
        return lead
    return lead or reply


def at_odds(first: str, second: str) -> bool:
    """True when a sentence of one of the two opens with a yes and a sentence of the other with a no
    ("Okay. A tea." and "No. I'm staying here.")."""
    a, b = _opens(first), _opens(second)
    return (a[0] and b[1]) or (a[1] and b[0])


def _opens(text: str) -> tuple[bool, bool]:
    """Whether any sentence of `text` opens with a yes, and whether any opens with a no."""
    folded = [fold(s) for s in sentences(text)]
    return any(_OPENS_YES.match(s) for s in folded), any(_OPENS_NO.match(s) for s in folded)


# A sentence that opens with a bare yes, or a bare no ("No. I'm staying here.", "No thanks."); "Not since
# last night" answers a question and says no to nothing, and a shouted "Fine! Great!" is no yes.
_OPENS_YES = re.compile(r"^\W*(?:yes|yeah|yep|okay|ok|go on|fine|alright|all right|sure)(?:[.,]|$| please)")
_OPENS_NO = re.compile(r"^\W*(?:no|nope|nah)(?:[.!,]|$| thanks| thank you)")


def without_stray_echo(line: str, staff_text: str) -> str:
    """`line` without an opening echo of words the staff turn did not say ("The plan? Dr Shah said leave."
    to "who signed your leave off?" is "Dr Shah said leave."): an echo says back what was just said."""
    rest = after_echo(line)
    if rest is None:
        return line
    words = stems(fold(sentences(line)[0]))
    return rest if words and not words & stems(fold(staff_text)) else line


def after_echo(line: str) -> str | None:
    """What `line` says after an opening echo ("Sleep? I haven't." -> "I haven't."), or None when it does
    not open with one, or says it twice with feeling ("No name? NO NAME? I labelled it!")."""
    parts = sentences(line)
    if len(parts) < 2 or not _echoes(fold(parts[0])) or _echoes(fold(parts[1])):
        return None
    return " ".join(parts[1:])


def _echoes(sentence: str) -> bool:
    """True when folded `sentence` is a short question that says words back ("The plan?", "Sleep?")."""
    short = len(sentence.split()) <= _ECHO_WORDS
    return sentence.endswith("?") and short and not _NOT_AN_ECHO.match(sentence)


_ECHO_WORDS = 3
# Openings that react rather than say back: "What?", "Honestly?", "What happens next?", "Now?".
_NOT_AN_ECHO = re.compile(r"^\W*(?:what|why|how|who|when|where|which|honestly|seriously|really|now|me)\b")


HEARD_ONLY = ("dismissed", "refused", "told_off")
# Pools that answer a question put to them: a topic's lines, a fact.
_ASKED = ("topic:", "fact")
# How a turn landed when it landed badly: a lead from these protests.
_COLD = (*HEARD_ONLY, "threatened")
# The answers that put right what staff got wrong.
_PUTS_RIGHT = ("corrected", "misread", "not_told")
ANSWERING = (
    "offer:",
    "topic:",
    "fact",
    "held_to",
    "unknown_offer",
    "choice",
    "request",
    "need_met",
    "put_off",
    "reflected",
)

# A line that takes the turn well. Joined to one that does not, the reply contradicts itself ("So what
# are you hiding, then? Now you're talking."), so a reply is one or the other.
_WELCOMING = re.compile(
    r"\b(?:thanks|thank you|cheers|appreciate|that (?:helps|would help|'d help)|that's (?:something|fair|"
    r"good|kind|better|more like it)|fair enough|now you're talking|at least (?:you|someone|somebody)|"
    r"(?:you|someone|somebody) gets? it|yes,? please|go on,? then|good shout|sounds good|i'd like that)\b"
)


def welcomes(line: str) -> bool:
    """True when `line` takes the turn well: thanks, "that helps", "fair enough"."""
    return bool(_WELCOMING.search(fold(line)))


def names_capitalised(text: str | None, persona: Persona) -> str | None:
    """`text` with the names the persona file writes ("Bernie", "Saturday") capitalised where the trainee's
    words, said back, brought them in lower-case ("phoning bernie with me")."""
    if not text:
        return text
    pattern, names = _proper_names(persona.profile.name, tuple(persona.facts))
    return pattern.sub(lambda m: names[m.group(0)], text)


def staff_capitals(text: str | None, staff_texts: list[str]) -> str | None:
    """`text` with the words the trainee wrote with capitals inside a sentence ("the OT kitchen", "PALS")
    capitalised as they wrote them, where the reply says them back in lower case. A turn in capitals
    throughout is shouting, not spelling, and is left out."""
    if not text:
        return text
    cased: dict[str, str] = {}
    for said in staff_texts:
        for word in _written_capitals(said):
            cased.setdefault(word.lower(), word)
    if not cased:
        return text
    # The capitalised words are single words of letters, so a whole word of the reply is one of them or
    # not: a lookup per word, where a pattern of the scene's words was compiled for every new scene.
    return _WORD.sub(lambda m: cased.get(m.group(0), m.group(0)), text)


_WORD = re.compile(r"\w+")


# A word with a capital that does not start a sentence (two letters or more: "I" is no name).
_MID_SENTENCE_CAPITALS = re.compile(r"(?<=[A-Za-z0-9,;:'] )[A-Z][A-Za-z]+\b")


@lru_cache(maxsize=4096)
def _written_capitals(said: str) -> tuple[str, ...]:
    """The words one staff turn writes with a capital inside a sentence, in order; none for a turn in
    capitals throughout. Kept per turn: every reply reads every staff turn of the scene again."""
    capitals, letters = capital_letters(said)
    if capitals * 3 > letters:
        return ()
    return tuple(_MID_SENTENCE_CAPITALS.findall(said))


@lru_cache(maxsize=64)
def _proper_names(name: str, facts: tuple[str, ...]) -> tuple[re.Pattern[str], dict[str, str]]:
    """Words the persona file capitalises inside a sentence (names of people, places and days), as a
    pattern for their lower-case form and a map back to the capitalised one."""
    found = set(name.split())
    for fact in facts:
        found.update(re.findall(r"(?<=[a-z,;:] )[A-Z][a-z]+\b", fact))
    # A word the file also writes in lower-case ("ward", "Ward 7") is not a name.
    common = {w for fact in facts for w in re.findall(r"\b[a-z]{3,}\b", fact)}
    names = {n.lower(): n for n in found if n.lower() not in common}
    return re.compile(rf"\b(?:{'|'.join(sorted(names, key=len, reverse=True))})\b"), names


def stays_cold(ctx: PatientContext, now: Reading) -> bool:
    """True when their last reply, in the band they are still in, did not take the scene well and this turn
    gives nothing to warm to (no offer, no need met, no validation or apology, no space, not low-risk): a
    thank-you now would be a swing of mood with no cause."""
    if ctx.state.need_met:
        return False  # once the need is met the scene has warmed: a thank-you has its cause
    earlier = [t for t in ctx.history[:-1] if t.speaker is Speaker.patient]
    if not earlier or earlier[-1].state is None or earlier[-1].state.band is not ctx.state.band:
        return False
    if welcomes(earlier[-1].text):
        return False
    grade = ctx.grade
    warming = (
        now.offers
        or now.meets_need
        or now.acts & {Act.validation, Act.apology}
        or {Action.step_back, Action.offer_break} & set(ctx.stance.actions)
        or (grade is not None and grade.scores.escalation_risk <= 2)
    )
    return not warming
