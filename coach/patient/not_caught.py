"""Staff who did not catch, or did not follow, what the patient just said, and ask: to say it again ("sorry,
say that again?", "I missed that, what was it?"), the rest of a word of theirs ("lose what?", "four
what?"), or what a word of theirs meant ("not yours? how d'you mean?", "another cook's station? what does
that mean?"). The patient says it again, the main thing of it; says the words that went with that word; or
says what it meant from the topic of their file it came from. The "sorry" around the asking is no apology
to answer."""

from __future__ import annotations

import re
from collections.abc import Iterator

from coach.acts import Reading
from coach.grading.rules.dispatch import compile_keyed
from coach.models import Band, Speaker
from coach.patient.base import PatientContext
from coach.patient.choosing import DETERMINERS
from coach.patient.pools import Pool, lines_at
from coach.wording import fold, named_most, sentences, stems

# Asked to say it again: not heard, not caught, missed ("sorry, say that again?", "I missed that").
_SAY_AGAIN = compile_keyed(
    r"(?<!\bi )\bsay (?:that |it )?again\b|"
    r"\b(?:didn'?t|did not|couldn'?t|could not) (?:quite )?(?:catch|hear) "
    r"(?:that|it|you|what you said|the (?:end|start|last bit|first bit))\b|"
    r"\bmissed (?:that|it|what you said|the (?:end|start|last bit|first bit))\b|\bcome again\?|"
    r"^(?:sorry,? )?(?:pardon|you what|what was that|sorry)\?|\bwh?a?t did (?:you|u|ya|ye) (?:just )?say\?|"
    # not followed, and asked again slower: "can you tell me again, a bit slower?", "please, slower"
    # ("tell me again, when was it you first asked?" asks its own question)
    r"\btell me (?:that |it )?again\b(?!,? (?:what|when|where|who|why|how|which)\b)|"
    r"\b(?:say|speak|talk|go|explain)(?: (?:it|that|again|a bit|bit|more|much|a little))* "
    r"slow(?:er|ly)\b|^(?:please,? )?(?:a bit |bit )?slower\b|"
    r"\b(?:can't|cannot|couldn't|could not|(?:am|i'm) not) (?:quite )?(?:follow|understand|understanding|"
    r"keep up with) (?:you|everything|all of (?:that|it)|what you)\b"
)
# Asked what a word or a phrase of theirs meant, as a question ("I know what you mean" asks nothing).
_WHAT_MEANT = re.compile(
    r"\b(?:how|what) (?:do|did|d') ?(?:you|ya|u|ye) mean\b|\bhow (?:you|ya|u) mean\b|"
    r"\bwhat does (?:that|it|\w+) mean\b|\bmeaning what\b|\bwhen you say\b"
)
# A word of theirs said back with "what?", the whole sentence: "Lose what?", "Four what, sorry?".
_WORD_WHAT = re.compile(r"^(?:sorry,? |eh,? )?([a-z']+) what(?:,? sorry)?\?$")
# Their words put back to check them: "was that 'shut the door'?", "did you say 'Tuesday'?".
_CHECKED = re.compile(r"\b(?:was (?:that|it)|did (?:you|u) say|you said) ['\"‘“]")
# Their own words: a line said again starts so.
_SAID = "I said, "


def not_caught_answers(ctx: PatientContext, now: Reading) -> Iterator[Pool]:
    """What they said last, said again or explained, when the latest staff turn (`now`, as read) asks for
    it; nothing otherwise, or in crisis. What they meant put as a choice ("do you mean hold it yourself, or
    shall I read it out?") is answered as the choice."""
    if ctx.state.band is Band.crisis or len(ctx.history) < 2:
        return
    theirs = ctx.history[-2]
    if theirs.speaker is not Speaker.patient:
        return
    asked = fold(ctx.history[-1].text)
    said = _sentences(asked)
    persona, band = ctx.persona, ctx.state.band
    word = next((m for s in said if (m := _WORD_WHAT.match(s))), None)
    if word and (rest := _after(word.group(1), theirs.text)):
        yield Pool("not_caught", (rest,))
    if not (now.options or now.offers) and any(s.endswith("?") and _WHAT_MEANT.search(s) for s in said):
        # What they meant is said by the topic the words asked about name, else the one their line names.
        topics = persona.listening.topics
        topic = named_most(_WHAT_MEANT.sub(" ", asked), topics) or named_most(fold(theirs.text), topics)
        if topic is not None:
            shared = stems(asked) & stems(fold(theirs.text))
            yield Pool(f"topic:{topic.id}", lines_at(f"topic:{topic.id}", topic.answers, band).lines, shared)
    if any(_SAY_AGAIN.search(s) for s in said):
        yield Pool("not_caught", (_SAID + _main(theirs.text),))


def checks_their_words(typed: str) -> bool:
    """True when the staff turn asks what they said or meant ("say that again?", "lose what?", "was that
    'shut the door'?"): their words quoted in it are asked about, not mimicked."""
    said = _sentences(fold(typed))
    return any(
        _SAY_AGAIN.search(s)
        or _WORD_WHAT.match(s)
        or _CHECKED.search(s)
        or (s.endswith("?") and _WHAT_MEANT.search(s))
        for s in said
    )


def _sentences(folded: str) -> list[str]:
    return [s.strip() for s in sentences(folded)]


def _main(line: str) -> str:
    """The main thing of `line`, to say again: what they asked, else the first of what they said."""
    said = sentences(line)
    asked = [s for s in said if s.rstrip().endswith("?")]
    main = (asked or said or (line,))[-1 if asked else 0].strip()
    return main[:1].lower() + main[1:] if not main.startswith("I ") else main


def _after(word: str, line: str) -> str | None:
    """The words that went with `word` in their `line` ("lose my flat first" -> "Lose my flat."), or None
    when they did not say it."""
    folded = fold(line)
    found = re.search(rf"\b{re.escape(word)}\b", folded)
    if found is None:
        return None
    rest = re.split(r"[.,;:!?]", folded[found.end() :], maxsplit=1)[0].split()
    # The thing that went with it: a word, or a determiner and its word ("four staff", "lose my flat").
    phrase = " ".join(rest[: 2 if rest and rest[0] in DETERMINERS else 1])
    if not phrase or phrase in _PRONOUNS:
        return None  # "eaten it": the thing is in the words around, not after it
    said = f"{word} {phrase}"
    return said[:1].upper() + said[1:] + "."


_PRONOUNS = frozenset(("it", "them", "that", "this", "him", "her", "me", "you", "us"))
