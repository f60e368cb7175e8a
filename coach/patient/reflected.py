"""Staff giving the person back what they said: a paraphrase ("so what I'm hearing is nobody's told you
anything", "so you haven't slept since"), a summary checked ("..., have I got that right?"), or a plan said
back ("... anything I've missed?"). Listening back is how staff show they have heard (Project BETA's
"listen closely"); the person confirms it and may add what matters most to them, by band (the persona
file's optional `acts.reflected` lines), rather than telling staff again what staff just said. A reflection
that gets one of their facts wrong is corrected first (coach.patient.correcting). A feeling reflected ("it
sounds like you're scared you'll lose your home") is left to the lines of their feelings, which say more
than a yes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from coach.grading.rules.dispatch import compile_keyed
from coach.models import Band, Persona
from coach.patient.pools import Pool, lines_at
from coach.spelling import plain_words
from coach.wording import fold

# A check that staff have understood what they were told: "have I got that right?", "is that it?", "did I
# get that about right?", "am I right in thinking ...?", or a plan said back: "anything I've missed?".
_CHECKED = compile_keyed(
    r"\b(?:have i (?:got|understood) (?:that|this|it|you)(?: (?:right|about right|correctly|properly))?|"
    r"did i (?:get|understand) (?:that|this|it|you)(?: (?:right|about right|correctly))?|"
    # "is that it, or have I missed something?": the check with a second way of asking it
    r"(?:is|was) that (?:it|right|about right|fair to say)(?:,? or (?:have|did|is|am|was|anything)\b[^?]*)?|"
    r"am i right(?: in thinking| there)?|"
    r"(?:does|would) that (?:sound|be) (?:right|about right|fair)|is that what you(?:'re| are) saying|"
    # a plan or deal said back and checked: "anything I've missed?", "is that what we agreed?"
    r"anything (?:i've|i have) missed|"
    r"(?:have i|did i) (?:missed|miss|left out|got wrong) (?:anything|something)|"
    r"is that what we (?:agreed|said))\s*\?"
)
# Their words given back, said to them: "so what I'm hearing is", "so you're saying ...", "if I've got this
# right", "what you're telling me is".
_GIVEN_BACK = re.compile(
    r"\b(?:what i(?:'m| am) hearing (?:is|from you)|so what you(?:'re| are) saying|so you(?:'re| are) saying|"
    r"if i(?:'ve| have) got (?:this|that|it) right|what you(?:'re| are) telling me is|"
    # "can I check I've got this right": a summary to come
    r"(?:check|make sure) (?:that )?i(?:'ve| have) (?:got|understood) (?:this|that|it|you) right|"
    r"(?:i'm|i am) hearing that)\b"
)
# A statement that opens by saying back where they are ("So you haven't come out since last night, and
# you've missed breakfast and lunch."): not a question, and not what they may do ("so you can ...").
_SAID_BACK = re.compile(
    r"^(?:(?:okay|ok|right),? )?so,? you(?:'ve| have| haven't| hadn't| had|'re| are| were| weren't|"
    r" feel| felt| think| want| wanted| said| told me)\b[^?]*$"
)


# A sentence that says back what the patient asked or said: "You asked can you ring your sister.", "you
# were asking about the card", "you said you'd be ready at three", "you want to know if the doctor's coming".
_THEIRS_REPORTED = re.compile(
    r"^(?:[a-z]+,? )?(?:so,? |and |right,? |okay,? |ok,? )*"
    r"(?:you(?:'ve| have)? (?:asked|were asking|wanted to know|said)|you asked me|"
    r"you(?:'re| are) (?:asking|wondering)|you (?:want|wanna) to know)\b"
)


def reports_theirs(sentence: str) -> bool:
    """Whether a staff sentence says back what the patient asked or said: their words, no act of staff's."""
    return bool(_THEIRS_REPORTED.match(fold(sentence)))


def reflects(staff_text: str) -> bool:
    """True when `staff_text` gives the person back what they said, or checks a summary of it."""
    plain = plain_words(staff_text).lower()
    return bool(_CHECKED.search(plain) or _GIVEN_BACK.search(plain) or _SAID_BACK.match(plain.strip()))


def reflected_answers(staff_text: str, persona: Persona, band: Band) -> Iterator[Pool]:
    """The person's answer to hearing their words given back, when the turn does and their file writes the
    lines."""
    lines = persona.listening.acts.reflected
    if lines is not None and reflects(staff_text):
        yield lines_at("reflected", lines, band)
