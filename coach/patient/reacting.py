"""How a staff turn landed with the offline patient, before what it said: a threat, a hand on them, staff
who arrive, are called, confer or stand in the way out, one person too close, a raised voice, a new face,
a brush-off, a no. Each is answered with the persona file's reaction for it, in proportion to what
happened (coach.acted counts who came): one colleague is not a crowd, and a colleague already standing
there was not "called"."""

from __future__ import annotations

import re
from collections.abc import Iterator

from coach.acted import Acted
from coach.acts import Act, Reading
from coach.flags import heard_as
from coach.grading.rules.dispatch import compile_keyed
from coach.listening import BandLines
from coach.models import Band, Flag, ReplyKind
from coach.patient.base import PatientContext
from coach.patient.condolence import without_sympathy
from coach.patient.pools import Pool, lines_at, presuming_last
from coach.patient.reassured import REASSURING, without_no_to_the_worry
from coach.siding import without_validation
from coach.spelling import plain_words
from coach.stance import Action, Distance, Voice
from coach.wording import NEGATED


# Mockery belittles rather than threatens: whatever the rubric says it is heard as, the answer treats it as
# being dismissed.
def _threatening() -> frozenset[str]:
    return heard_as(ReplyKind.threatened) - {Flag.mockery}


def _dismissive() -> frozenset[str]:
    return heard_as(ReplyKind.dismissed) | {Flag.mockery}


def leads(ctx: PatientContext, now: Reading, acted: Acted) -> Iterator[Pool]:
    """How the turn landed, most pressing first. `ctx.stance` holds the tags and what the acted lines
    say (coach.patient.offline.acted_stance); `acted` says who came and what else staff did."""
    persona, band, grade, stance = ctx.persona, ctx.state.band, ctx.grade, ctx.stance
    flags = set(grade.flags) if grade else set()
    react = persona.listening.reactions
    voice = persona.voice[band].replies
    if flags & _threatening() or now.has(Act.threat):
        yield Pool("threatened", tuple(voice[ReplyKind.threatened]))
    # The grader may hear "I'll grab you a card" as hands on; the person hears an offer ("could you hold
    # your arm out?" a request: what they are asked to do, not a hand on them).
    if Action.touch in stance.actions or (Flag.hands_on in flags and not now.offers and not now.requests):
        yield lines_at("touch", react.touch, band)
    # Staff already standing there are reacted to as they are, whether or not someone called them: two or
    # more are a crowd, one who walks up (and does not take over) one more face.
    if acted.arrived >= 2:
        yield lines_at("several_staff", react.several_staff, band)
    elif acted.arrived == 1 and Action.swap_staff not in stance.actions:
        # "This is Dev, my colleague": told who it is, they do not ask who it is first.
        yield from _one_more(react.colleague_joins, react.call_support, band, named=bool(acted.presented))
    if Action.call_support in stance.actions:
        yield lines_at("call_support", react.call_support, band)
    yield from _optional("blocks_exit", react.blocks_exit if acted.blocked else None, band)
    yield from _optional("conferring", react.conferring if acted.conferred else None, band)
    # The crowding flag counts nobody: without a number of staff it is one person too close.
    if stance.distance is Distance.close or (Flag.crowding in flags and acted.arrived < 2):
        yield from presuming_last(lines_at("close", react.close, band), _POSTURE)
    if stance.voice is Voice.raised or Flag.shouting in flags:
        yield lines_at("raised_voice", react.raised_voice, band)
    if Action.swap_staff in stance.actions:
        yield lines_at("swap_staff", react.swap_staff, band)
    told_off = persona.listening.acts.told_off
    yield from _optional("told_off", told_off if now.has(Act.told_off) else None, band)
    # A turn whose words only say who they are ("Hiya, I'm Leon, student nurse"), or side with them with
    # nothing taken back after ("Och, four days o' askin. That's shockin."), brushes nothing off, whatever
    # the grader heard in it.
    heard = now.acts - {Act.refusal}
    plainly = heard == {Act.introduction} or (
        heard == {Act.validation} and not _TAKEN_BACK.search(plain_words(ctx.history[-1].text))
    )
    if flags & _dismissive() and not plainly:
        yield Pool("dismissed", tuple(voice[ReplyKind.dismissed]))
    # Told or asked to do something, they answer that (their instruction lines comply or refuse); a no read
    # into the same words is not a second thing said, nor one read into words that only say who they are.
    told = now.acts & {Act.instruction, Act.request}
    if (
        now.has(Act.refusal)
        and not now.offers
        and not told
        and not plainly
        and sounds_like_a_no(ctx.history[-1].text, now)
    ):
        yield Pool("refused", tuple(voice[ReplyKind.refused]))


_TAKEN_BACK = re.compile(r"\b(?:but|though|however|although|anyway|calm|relax|overreact\w*|chill)\b")


def _optional(label: str, lines: BandLines | None, band: Band) -> Iterator[Pool]:
    """A reaction the persona file writes only when its care plan names the doing."""
    if lines is not None:
        yield lines_at(label, lines, band)


def _one_more(joins: BandLines | None, called: BandLines, band: Band, named: bool = False) -> Iterator[Pool]:
    """One colleague who has walked up: the file's lines for that, else its lines for a colleague called,
    those that ask who is being called last (the colleague is there; nobody is being called); when staff
    said who it is (`named`), those that ask who it is last."""
    if joins is not None:
        pool = lines_at("colleague_joins", joins, band)
        yield from presuming_last(pool, _ASKS_WHO) if named else (pool,)
    yield from presuming_last(lines_at("call_support", called, band), _ASKS_WHO_IS_CALLED)


# How a person stands is not in the stance tags (a nurse close by may be sitting on the bed), so a line
# that says they stand over them is used only when no line that says just "too close" is left.
_POSTURE = re.compile(r"\b(?:stand\w*|stood|loom\w*|tower\w*|over me)\b")
_ASKS_WHO = re.compile(r"\bwho(?:'s| is| are|'re)\b")
_ASKS_WHO_IS_CALLED = re.compile(r"\b(?:call\w*|getting|get(?:ting)? (?:someone|help|a colleague)|ring\w*)\b")

# Words that can carry a no, a delay or a limit. The grade decides whether the turn is a no; the patient
# reacts to one only when the words could have said it (a greeting the grader reads as a no is still a
# greeting to the person hearing it).
_NO_WORDS = re.compile(
    # "After what you saw last night", "after earlier": after something past puts nothing off.
    r"\b(?:later|wait|come back|get back to|tomorrow|next week|"
    r"after(?! (?:what|all|everything|last|yesterday|earlier|this morning|that)\b)|once|until|till|"
    r"have to|has to|got to|need to|policy|rules?|only|instead|cancel\w*|off|busy|short|unfortunately)\b"
)


# A yes said with a no's words: "no problem", "no worries", "no, of course you can", "there's no reason she
# can't come", "I can't see why not", "no, you shouldn't have to wait": none of them turns anything down.
_YES_IN_NO_WORDS = compile_keyed(
    r"\bno (?:problem|worries|bother|trouble)\b|\bno,? (?:of )?course (?:you|she|he|they|we) (?:can|may)\b|"
    r"\b(?:there's|there is) no reason (?:why )?\w+(?: \w+)? (?:can't|cannot|shouldn't|couldn't)\b|"
    r"\b(?:i )?(?:can't|cannot|don't) see why not\b|\bno reason why not\b|"
    r"\bno,? you (?:shouldn't|should not|don't|do not) have to(?: \w+)?\b|"
    # What staff will not do to them, or what is still theirs, said to reassure (coach.patient.reassured).
    rf"{REASSURING}|"
    r"\b(?:that's|that is) not (?:happening|going to happen)\b|"
    # Nobody minds: "no one's cross with you", "the others don't mind waiting".
    r"\b(?:nobody|no one)(?:'s| is) (?:cross|angry|annoyed|mad|upset|bothered|blaming you)\b|"
    r"\b(?:they|we|i|the others|everyone|nobody)(?: \w+)? (?:don't|doesn't|do not|does not) mind\b|"
    # Something kept for them to have when they want it: "a plate kept back in case you want it later".
    r"\b(?:in case|if|whenever|for when) you (?:want|fancy|need|feel like)\b[^.!?]*\blater\b"
)


def sounds_like_a_no(text: str, now: Reading) -> bool:
    """True when the words of `text` could carry a no, a delay or a limit (the grade decides whether the
    turn is one)."""
    # What a turn does so that something will not happen again is no no: "so it doesn't keep happening".
    # "That's no right at all": a wrong named as wrong is on their side, not a no; "sorry you're stuck here"
    # is sympathy, not a sorry that turns something down.
    folded = without_validation(
        _PURPOSE.sub(
            "", without_sympathy(_YES_IN_NO_WORDS.sub(" ", without_no_to_the_worry(plain_words(text))))
        )
    )
    if now.has(Act.apology):
        # "I shouldn't have done that, I'm sorry", "sorry, I didn't explain": a fault of their own that staff
        # own is no no.
        folded = _OWN_FAULT.sub(" ", folded)
    if now.has(Act.validation):
        # Beside a validation, "nobody rang back" and "no answer" say what was done to them; a no is what
        # staff or the ward cannot or will not do ("but I can't change it today").
        return bool(_STAFF_NO.search(folded))
    if NEGATED.search(folded):
        return True
    # "Some days you just need to shut the world out": words that can limit, in a turn that validates, do not.
    return bool(_NO_WORDS.search(folded)) and not now.has(Act.validation)


_OWN_FAULT = re.compile(
    r"\b(?:i|we) (?:shouldn't|should not|should never|didn't|did not|never|wasn't|weren't) [^.!?,;]*|"
    # what nobody did for them: "no member of staff came to speak with you", "nobody told you"
    r"\b(?:no|nobody|no one|none of us)\b(?: \w+){0,4}? (?:came|told|explained|spoke|talked|rang|"
    r"called|checked|listened|got back|helped|answered|knocked)\b[^.!?,;]*"
)
_STAFF_NO = compile_keyed(
    r"\b(?:i|we|you|they|it|that|this|he|she)(?:'re|'s| are| is)? (?:can't|cannot|can not|won't|couldn't|"
    r"not (?:allowed|able|going to|gonna)|isn't going to|aren't going to)\b|"
    r"\bnot (?:today|tonight|now|yet|possible|this (?:time|week))\b|^no\b|\bno,"
)
_PURPOSE = re.compile(
    r"\b(?:so (?:that )?|to make sure )(?:it|this|that|you|we|they|he|she|nobody|no one)\b[^.!?]*"
)
