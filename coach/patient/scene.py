"""What the offline patient remembers of a scene before the latest staff turn: what staff said, read
into acts; what the patient said; the staff member's name; what was offered or promised and not yet
brought up; and everything offered or promised, for "did I say I'd get you something?".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from coach.acts import Act, Offered, Reading, fold, introduces_self, read_acts, sentences, stems
from coach.grading.rules.dispatch import compile_keyed
from coach.models import Speaker
from coach.offered_phrase import MAX_WORDS
from coach.offers import LATER
from coach.patient.asked import Asked, asks_for, carries, said_time, times_in, times_put
from coach.patient.base import PatientContext
from coach.patient.choosing import plain_phrase, thing_named
from coach.patient.said_again import said_again
from coach.wording import DAYS


@dataclass(frozen=True)
class Scene:
    """What the patient remembers of this scene before the latest turn."""

    staff_texts: tuple[str, ...]
    earlier: tuple[Reading, ...]
    said: tuple[str, ...]
    name: str | None

    @classmethod
    def of(cls, ctx: PatientContext) -> Scene:
        staff = [t.text for t in ctx.history if t.speaker is Speaker.staff][:-1]
        earlier = tuple(read_acts(text, ctx.persona) for text in staff)
        name = None
        for text, reading in zip(staff, earlier, strict=True):
            # The first name given is the speaker's; a later one only when given as theirs ("I'm Joe,
            # taking over from Priya"), not "it's Karen" in answer to who is doing something.
            if reading.name and (name is None or introduces_self(text)):
                name = reading.name
        said = tuple(fold(t.text) for t in ctx.history if t.speaker is Speaker.patient)
        return cls(tuple(fold(t) for t in staff), earlier, said, name)

    def names_someone_else(self, now: Reading, said: str) -> bool:
        """Whether the name in the latest turn (`now`, read from `said`) is someone else's: staff who gave
        their name already ("it's Priya") naming another without "I'm" ("It's Karen, the nurse in charge,
        who's sorting it") introduce nobody."""
        return bool(now.name and self.name and now.name != self.name and not introduces_self(said))

    def recalled_for(self, question: str, saying_back: bool = False) -> list[Offered]:
        """What they name when asked what staff said (`question`): what was offered or promised holding
        the kind of thing asked for first ("what time did we say?" -> what was said with a time), then the
        times said with what the question asks about, then the rest in `recalled` order (`saying_back`
        as there)."""
        asked = asks_for(question)
        recalled = self.recalled(saying_back)
        when = said_time(fold(question))
        if when and asked not in _WHEN:
            # "What did I say we'd do at half nine?": what was said with that time, not the latest thing.
            timed = self.recalled(saying_back, at=when)
            recalled = [*timed, *(t for t in recalled if t not in timed)]
        holding = [t for t in recalled if carries(t.words, asked)]
        if asked in _WHEN:
            holding += self._times_said(question)
        elif len(asked_times := times_in(fold(question))) > 1:
            # "Did I say four or half four?" asks which time: the time said with that hour ("quarter past
            # four"), whatever it was said with.
            hours = {word for time in asked_times for word in time.split()} - _TIME_PARTS
            holding = [*(t for t, _ in self._timed() if hours & set(t.words.split())), *holding]
        return [*holding, *(t for t in recalled if t not in holding)]

    def _times_said(self, question: str) -> list[Offered]:
        """The times or days staff said in sentences that share a word with `question` beyond its asking
        words ("Remind me, what time was it Gemma said to ring?"), the latest first; when none does and
        staff said one time in the scene, that time ("when did I say we'd look at it?" after "at half
        two": the thing said back without it does not answer when)."""
        about = stems(fold(question))
        timed = self._timed()
        every = [said for said, _ in timed]
        found = [said for said, sentence in timed if about & (stems(sentence) - stems(said.words))]
        return found or (every if len({t.words for t in every}) == 1 else [])

    def _timed(self) -> list[tuple[Offered, str]]:
        """The time or day of each sentence staff said with one, with the sentence, the latest first."""
        out = []
        for said_then in reversed(self.staff_texts):
            for sentence in sentences(said_then):
                if when := said_time(sentence):
                    out.append((Offered(words=when, later=bool(LATER.search(sentence))), sentence))
        return out

    def pending(self, now: Reading) -> list[Offered]:
        """What they took up or were promised earlier, not offered again now and not yet brought up."""
        out: list[Offered] = []
        for said_then, reading in zip(self.staff_texts, self.earlier, strict=True):
            taken = chosen_offer(reading.offers)
            things = [taken] if taken and (taken.listed is None or taken.listed.wants) else []
            # Where staff put themselves ("I'll sit by the window", "I'll wait outside") is done as said:
            # nothing to hold them to.
            things += [Offered(words=p) for p in reading.promises if not where_staff_are(p)]
            later = bool(LATER.search(said_then))
            for thing in (replace(t, later=later) for t in things):
                again = any(
                    o.words == thing.words or (o.listed and o.listed == thing.listed) for o in now.offers
                )
                if not again and thing.words and not any(thing.words in s for s in self.said):
                    out.append(thing)
        return out

    def repeats(self, now: Reading, text: str) -> bool:
        """True when folded `text` says the same words again, or the turn (read as `now`) does only what
        the last one did (a third 'I understand')."""
        if text and text in self.staff_texts:
            return True
        if said_again(text, self.staff_texts):
            return True
        if (
            self.earlier
            and _pressed_again(now.offers, self.earlier[-1].offers)
            and not _NOT_HEARD.search(text)
        ):
            return True
        if not self.earlier or not now.acts or now.offers or now.questions:
            return False
        return now.acts == self.earlier[-1].acts and now.acts <= {Act.validation, Act.apology, Act.check_in}

    def just_said(self, thing: Offered) -> bool:
        """True when `thing` was offered or promised in the staff turn just before the latest one."""
        if not self.earlier:
            return False
        last = self.earlier[-1]
        return thing.words in last.promises or any(o.words == thing.words for o in last.offers)

    def recalled(self, saying_back: bool = False, at: str | None = None) -> list[Offered]:
        """Everything offered or promised earlier, for "did I say I'd get you something?": the latest turn
        first, what they have not yet said back before what they have, what staff will do before what
        they offered; a listed offer `saying_back` in words a reply can say; only what a turn said with
        the time `at` ("half nine"), when given."""
        things: list[Offered] = []
        for said_then, reading in reversed(list(zip(self.staff_texts, self.earlier, strict=True))):
            if at and not re.search(rf"\b{re.escape(at)}\b", said_then):
                continue
            later = bool(LATER.search(said_then))
            found = [
                Offered(words=_with_time(w, said_then))
                for p in reading.promises
                if (w := _named(p, said_then, reading))
            ]
            found += [_as_said(o, said_then) if saying_back else o for o in reading.offers]
            things += [replace(t, later=later) for t in found if t.words]
        return sorted(things, key=lambda t: any(t.words in s for s in self.said))


# A promise of where staff will be, and nothing more: "you'd sit by the window for a bit", "you'd just wait
# outside", not "you'd sit down with me and go through the letter".
_WHERE_STAFF_ARE = re.compile(
    r"^you'd (?:just |only )?(?:sit|stand|wait|stay|hang on|hang about|hang around|hover|linger|keep|step|"
    r"move)\b"
    r"(?! down with)(?!.*\band\b)(?:[^,]*\b(?:here|there|over|by|back|outside|in the corner|at the door|"
    r"across|for (?:a|the) (?:bit|minute|moment|while|sec)|quietly))|"
    # "I'm going to give you a bit of room": space given as it is said, nothing to hold staff to later
    r"^you'd (?:just )?give (?:me|us) (?:a (?:bit|little) of |some |a bit more |more )?(?:room|space)\b"
)


def where_staff_are(promise: str) -> bool:
    """True when `promise` ("you'd sit by the window for a bit") says only where staff will be."""
    return bool(_WHERE_STAFF_ARE.match(promise))


# "I'll sort it": a promise whose thing is a pronoun says nothing said back on its own.
_PRONOUN_OBJECT = re.compile(r"\b(?:it|them)\b")
_PREPOSITIONS = frozenset(
    ["after", "before", "at", "on", "in", "by", "to", "from", "with", "for", "until", "till", "about"]
)
_DETERMINERS = frozenset(["a", "an", "the", "my", "your", "his", "her", "their", "this", "that", "some"])


def _cut_short(words: list[str], said_then: str) -> bool:
    """True when the length limit cut into a noun ("after the drug" of "after the drug round")."""
    return (
        len(words) >= 2
        and words[-2] in _DETERMINERS
        and bool(re.search(rf"\b{re.escape(words[-1])} [a-z]", said_then))
    )


def _named(promise: str, said_then: str, reading: Reading) -> str | None:
    """A promise as it can be said back: "you'd bring it down after the drug [round]" -> "you'd bring my
    sketchbook down". Its "it" is the listed thing the turn named (or the promise is left to the turn's
    offer, which names it already), and a phrase cut at the length limit loses the part it cut into."""
    words = promise.split()
    if len(words) > MAX_WORDS and _cut_short(words, said_then):
        cut = max((i for i, w in enumerate(words) if w in _PREPOSITIONS), default=0)
        words = words[:cut] if cut > 2 else words
    text = " ".join(words)
    if not _PRONOUN_OBJECT.search(text):
        return text
    listed = [o.listed for o in reading.offers if o.listed is not None]
    if any(plain_phrase(o.words, MAX_WORDS) for o in reading.offers) or not listed:
        return None
    thing = thing_named(said_then, listed[0])
    return _PRONOUN_OBJECT.sub(thing, text, count=1) if thing else None


def _with_time(promise: str, said_then: str) -> str:
    """A promise said back with the time staff gave it when the words kept for it lost the time ("you'd ask
    her to come" of "I'll ask her to come and see you at ten to nine" -> "you'd ask her to come at ten to
    nine"): when is what a promise is held to."""
    times = set(times_put(said_then))
    if len(times) != 1 or said_time(promise):
        return promise
    when = times.pop()
    if re.fullmatch(DAYS, when):
        return f"{promise} on {when.capitalize()}"
    return f"{promise} {when}" if when in ("today", "tonight", "tomorrow") else f"{promise} at {when}"


def _as_said(offer: Offered, said_then: str) -> Offered:
    """A listed offer as it can be said back: the file's account of it ("Jo, the ward social worker,
    coming to help") is no phrase for a reply, the words the turn named it by are ("the social worker")."""
    if offer.listed is None or plain_phrase(offer.words, MAX_WORDS):
        return offer
    plain = _ASIDE.sub("", offer.words)  # "a birthday card (and envelope) from ..." without its aside
    if plain_phrase(plain, MAX_WORDS):
        return replace(offer, words=plain)
    said = (thing_named(_WORDS_ONLY.sub(" ", s), offer.listed) for s in sentences(said_then))
    named = next((n for n in said if n), None)
    return replace(offer, words=named) if named else offer


_ASIDE = re.compile(r" ?\([^)]*\)")
_WORDS_ONLY = re.compile(r"'s\b|[^a-z' ]")


# "Sorry, didn't catch that": asked again because the answer was not heard, not pressed.
_NOT_HEARD = re.compile(
    r"\b(?:didn'?t|did not) (?:catch|hear|get) (?:that|you|what you said)|\bsay (?:that|it) again\b"
)


def _pressed_again(now: list[Offered], before: list[Offered]) -> bool:
    """True when the turn offers again, straight after, a listed thing they do not want ("Do you want a
    lorazepam?" ... "You really should take the lorazepam"): turned down once, it is pressed."""
    declined = {o.listed.id for o in before if o.listed is not None and not o.listed.wants}
    return any(o.listed is not None and o.listed.id in declined for o in now)


def chosen_offer(offers: list[Offered]) -> Offered | None:
    """Of the things offered in one turn, the one the patient answers: the first they want, else the
    first the persona file does not list (they take it up), else the first offered (they turn it down)."""
    wanted = [o for o in offers if o.listed is not None and o.listed.wants]
    unlisted = [o for o in offers if o.listed is None]
    return next(iter(wanted or unlisted or offers), None)


# Asked what staff said they would do ("did I say I'd get you something?", "you remember what I said?")
# or to pick up the thread ("where were we?"): answered by what was offered or promised.
_RECALLS = re.compile(
    r"\b(?:where were we|where was i|what were we (?:doing|saying|on|talking about)|"
    r"(?:did|have) i (?:say|said|tell you|promise|mention|offer)|"
    r"what (?:did|have) i (?:say|said|tell you|promise|offer)|"
    r"(?:something|anything) (?:else )?i (?:said|promised|offered)|"
    r"remember what (?:i|we) (?:said|promised|agreed)|"
    r"what (?:was|am) i (?:getting|doing|going to|saying|on about|telling you|talking about)|"
    r"what (?:we|i) (?:said|agreed|promised)|"
    r"(?:i|we) (?:said|say|told you|promised|mentioned|offered|agreed)|remind me)\b"
)


_WHEN = (Asked.clock, Asked.time, Asked.deadline)
# The words of a time that are not its hour ("quarter past four" -> "four").
_TIME_PARTS = frozenset({"half", "quarter", "past", "to", "o'clock", "am", "pm"})


# Of those, the ones that ask for the thing itself ("what time did I say?", "who did I say was coming?",
# "did I say I'd get you something?", "tell me back"), not "where were we?" nor "do you still want to do
# that thing I mentioned?", which ask them to pick it up.
_ASKS_WHAT_WAS_SAID = compile_keyed(
    r"^(?:[a-z' ]*, )?(?:so |and |sorry,? |okay,? |right,? )*(?:what|which|who|when)\b(?! were we\b)|"
    r"\bdid i (?:say|promise|mention|offer|tell you)\b|\bremind me\b|\btell me back\b|"
    # "Was it three or half three I said?"
    r"\b(?:i|we) (?:said|told you|promised)\W*$"
)
# Staff checking that the plan made in this scene went in ("so you know what's happening, who's coming up
# and what time?", "what's the plan, then?"): answered by what was offered or promised, said back. With
# nothing offered or promised, the question is answered as any other.
_PLAN_ASKED = re.compile(
    r"\bwho(?:'s| is) (?:coming|going to come|popping)\b|"
    r"\b(?:what time|when)(?:'s| is| are| will) (?:\w+ )?(?:coming|going to come|popping)\b|"
    r"\b(?:so )?you know what(?:'s| is) happening\b|"
    r"\bwhat(?:'s| is) (?:happening|the plan),? (?:then|again)\b|"
    r"\bwhat (?:have|did) we (?:agreed?|sa(?:y|id))\b"
)


def asks_what_was_said(question: str) -> bool:
    """True when `question` asks them to say back what staff said they would do, given that the turn asks
    them to recall it."""
    return any(_ASKS_WHAT_WAS_SAID.search(s) or _PLAN_ASKED.search(s) for s in sentences(fold(question)))


def asks_to_recall(question: str) -> bool:
    """True when `question` asks what staff said they would do, or where things were left, or checks the
    plan made in the scene went in."""
    folded = fold(question)
    return bool(_RECALLS.search(folded) or _PLAN_ASKED.search(folded))
