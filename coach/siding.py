"""Whether a staff turn sides with the person or holds them to account: validation (their feeling named
back, "you're livid"; what happened to them called wrong, "that's not right"; "I can see why") and a
telling-off (what they did must not happen again, their behaviour judged, or a limit staff set on how they
are treated: "I'm not okay with being sworn at"). A "that was not okay" is on
their side unless the turn is telling them off, when it is about what they did."""

from __future__ import annotations

import re

from coach.grading.rules.dispatch import compile_keyed

# Feelings named back to them: "you're livid", "you sound terrified", "I'd be gutted too".
_FEELINGS = (
    r"scared|frightened|terrified|petrified|upset|angry|livid|furious|fuming|raging|seething|frustrated|"
    r"fed up|worried|anxious|nervous|panicking|overwhelmed|sad|low|gutted|devastated|heartbroken|lonely|"
    r"hurt|annoyed|wound up|on edge|stressed|shaken|let down|disappointed|embarrassed|humiliated|ashamed|"
    r"exhausted|worn out|at the end of your tether|beside yourself"
)
_VALIDATION = compile_keyed(
    r"\b(?:that|it|this)(?:'s| sounds| must be| must have been| must've been| must of been| is| was) "
    r"(?:really |so |very |pretty |quite |bloody |absolutely |properly |dead )?"
    r"(?:hard|awful|horrible|frightening|terrifying|scary|upsetting|distressing|frustrating|difficult|rough|"
    r"tough|painful|unfair|gutting|gutted|rubbish|lonely|a lot|too much|"
    r"(?:not (?:right|on|fair|okay|ok|good enough)|out of order|shocking|shockin|disgraceful|terrible|"
    r"appalling|wrong|a disgrace|a shame)\b)|"
    r"\bmakes (?:total |complete )?sense\b|"
    r"\bi can (?:see|hear|tell|imagine)\b|\bi understand\b|\bno wonder\b|\b(?:of )?course you\b|"
    r"\byou(?:'re| are| sound| seem| look) (?:really |so |very |absolutely |properly |dead )?"
    rf"(?:{_FEELINGS})|"
    r"\b(?:anyone|anybody)(?: would|'d)\b|"
    rf"\bi'd be (?:\w+ )?(?:{_FEELINGS}) too\b"
)
# Ways of treating staff that a limit names: swearing, shouting or pointing at them, calling them names.
_AT_STAFF = (
    r"(?:sworn at|shouted at|yelled at|screamed at|pointed at|called names|threatened|spoken to like|"
    r"talked to like|swear(?:ing)?|shout(?:ing)?|yell(?:ing)?|scream(?:ing)?|point(?:ing)?|"
    r"call(?:ing)? (?:me|us|people) names|the swearing|the shouting|that language|language like that)"
)
# A telling-off: they are told what they did must not happen again, or their behaviour is judged. Staff
# who say sorry are owning a mistake, not telling anyone off ("Sorry, we let you down, that's not okay, and
# it can't happen again"); "we won't let it happen again" is staff's promise.
_TOLD_OFF = compile_keyed(
    r"\b(?:can't|cannot|can not|mustn't|must not|shouldn't|should not) (?:ever )?"
    r"(?:happen|do (?:that|this|it)|be doing (?:that|this))(?: \w+)? again\b|"
    r"\b(?:don't|do not|never) (?:ever )?do (?:that|this|it)(?: \w+)? again\b|"
    r"\b(?:your|that|this|that kind of|that sort of|that type of) behaviou?r\b|"
    # what they did judged by what it did to others: "holding up the queue isn't fair on the other lads"
    r"\b(?:isn't|is not|wasn't|was not|aren't|are not) (?:fair|on|okay|ok|acceptable|right) "
    r"(?:on|to|for) (?:the )?(?:others?|other \w+|everyone|everybody|staff|us)\b|"
    # the fault put on them: "some of this is on you", "it's your own fault", "you brought it on
    # yourself", "part of why it's slow is you keep stopping every nurse"
    r"\b(?:(?:some|part|most|half|all) of (?:this|that|it) is|(?<!of )(?:this|that)(?:'s| is)) on you\b|"
    r"(?<!none of )\b(?:it's|it is|that's|that is|this is|all|partly) (?:your|you're) (?:own )?fault\b|"
    r"\byou (?:brought|bring) (?:this|that|it) on yourself\b|"
    r"\b(?:partly|largely|mostly|all|some of (?:this|that|it) is) down to you\b|"
    r"\bis (?:this|that) how you (?:carry on|behave|act|speak to people|talk to people|treat people)\b|"
    r"\b(?:because|(?:why|reason)\b[^.?!]{0,40}\bis(?: that)?) you keep \w+ing\b|"
    # a limit on how staff are treated, said for themselves: "I'm not okay with being sworn at", "I don't
    # like it when you swear", "please don't shout at me", "I can't listen when you're pointing at me"
    rf"\b(?:i'm|i am) not (?:okay|ok|happy|comfortable|having|putting up) (?:with )?"
    rf"(?:being |you |people )?{_AT_STAFF}|"
    # not staff's own promise ("I'm not going to shout at you"): only what they will not have done to them
    r"\b(?:i won't|i will not|i'm not going to|i am not going to) (?:be|stand here and be) "
    r"(?:sworn|shouted|yelled|screamed|pointed) at\b|"
    rf"\bi (?:don't|do not) like (?:it )?(?:when|how|the way) you(?:'re)? {_AT_STAFF}|"
    rf"\b(?:please |can you |could you )?(?:don't|do not|stop) "
    rf"(?:{_AT_STAFF} (?:at )?me|call(?:ing)? me names)\b|"
    rf"\bi (?:can't|cannot|find it hard to) (?:listen|help|hear you|talk)\b[^.?!]{{0,30}}\b(?:when|while|if) "
    rf"you(?:'re| are| keep)? {_AT_STAFF}"
)
# "That was not okay" sides with them about what was done to them; in a telling-off it is about what they
# did ("Throwing your jug like that was not okay ... it can't happen again").
_NOT_OKAY = re.compile(
    r"\b(?:that|it|this)(?:'s| is| was) (?:\w+ )?(?:not (?:okay|ok|on|right|acceptable)|out of order)\b"
)


def tells_off(folded: str) -> bool:
    """True when the folded turn holds them to account for something they did (see _TOLD_OFF); the
    caller leaves out a turn that says sorry."""
    return bool(_TOLD_OFF.search(folded))


def validates(folded: str, told_off: bool = False) -> bool:
    """True when the folded turn sides with them; in a telling-off, its "that was not okay" does not."""
    return bool(_VALIDATION.search(_NOT_OKAY.sub(" ", folded) if told_off else folded))


def without_validation(folded: str) -> str:
    """`folded` without its validating phrases: "that's not right" says what happened was wrong, not no."""
    return _VALIDATION.sub(" ", folded)
