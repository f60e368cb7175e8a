"""Staff saying something good to the patient or about them: praise for something they did ("you did
really well to come and talk to me", "well done"), thanks ("thanks for telling me", "cheers for waiting"),
a strength noticed ("you've kept your cool better than most would", "you don't miss a thing"), a
compliment on them or on something of theirs ("you've got a good memory", "that's a brilliant drawing",
"Ellie's lucky to have a dad like you"). When the turn asks, offers, promises, orders or refuses nothing
besides, they take it as this person in this state would (the persona file's optional `acts.praised`
lines: thanks, shy, flat, suspicious, or brushing it off because what they need is still not done), not
as an answer to something nobody said."""

from __future__ import annotations

import re
from collections.abc import Iterator

from coach.acts import Act, Reading
from coach.grading.rules.text import split_turn
from coach.models import Band, Persona
from coach.patient.pools import Pool, lines_at
from coach.wording import fold

_GOOD = r"(?:good|great|brilliant|amazing|fantastic|lovely|sharp|excellent)"
_SO = r"(?:really |so |very |dead |proper |pretty )?"
# Praise, a strength noticed, a compliment: said of them or of what they did or have.
_PRAISE = re.compile(
    rf"\bwell done\b|\bnice one\b|\bgood (?:job|work|lad|man|girl|lass|on you|for you)\b|"
    rf"\byou did {_SO}(?:well|great|brilliantly|good|amazing)\b|"
    rf"\byou(?:'re| are| were) (?:doing|coping|handling (?:it|this|that)) {_SO}"
    rf"(?:well|great|brilliantly|fine|amazingly|ok|okay|alright)\b|"
    rf"\byou(?:'ve| have) (?:done|coped|handled (?:it|this|that)) {_SO}"
    rf"(?:well|great|brilliantly|amazingly)\b|"
    rf"\b(?:i'm|i am) {_SO}(?:proud of you|impressed)\b|\bthis is {_SO}impressive\b|"
    rf"\btakes (?:a )?(?:big|real)\b|"
    rf"\byou(?:'ve| have) kept your (?:cool|head|temper)\b|\byou don't miss (?:a thing|much|a trick)\b|"
    rf"\byou(?:'ve| have)? got an? {_SO}{_GOOD} (?:memory|eye|head|way)\b|\byou have {_SO}{_GOOD} memory\b|"
    rf"\byou(?:'re| are) {_SO}(?:brave|organised|strong|patient|clever|talented|thoughtful|good at)\b|"
    rf"\b(?:lucky|{_GOOD}) (?:dad|father|mum|mother|brother|sister|son|daughter|family)\b|\blucky to have\b|"
    rf"\bthat(?:'s| is) an? {_SO}{_GOOD} (?:drawing|picture|card|idea|job|memory)\b"
)
# Thanks to them for what they did; not "thanks for nothing", which is no thanks.
_THANKS = re.compile(
    r"\b(?:thanks|thank you|cheers|ta) (?:so much |very much |again )?(?:for|fer)\b(?! nothing\b)|"
    r"\bi (?:really )?appreciate (?:you|that|it|your)\b"
)
# What makes the praise not the thing to answer: told to, refused, threatened, left; and their feeling or
# their side named ("I can hear how much this matters"), which they answer as being heard.
_MORE_PRESSING = frozenset(
    {Act.refusal, Act.threat, Act.instruction, Act.request, Act.closing, Act.told_off, Act.validation}
)


def praised_answers(typed: str, now: Reading, persona: Persona, band: Band) -> Iterator[Pool]:
    """Their answer when `typed` (read as `now`) praises or thanks them and asks, offers or orders nothing
    besides, and their file writes the lines; nothing otherwise."""
    lines = persona.listening.acts.praised
    if lines is None or now.questions or now.offers or now.promises or now.options or now.requests:
        return
    if now.meets_need:  # the need met is the news of the turn, whatever praise comes with it
        return
    if now.acts & _MORE_PRESSING:
        return
    said = fold(split_turn(typed).speech)
    if _PRAISE.search(said) or _THANKS.search(said):
        yield lines_at("praised", lines, band)
