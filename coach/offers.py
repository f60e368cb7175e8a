"""What a staff turn offers, in the trainee's own words turned round for the patient to say ("would you
like me to bring your sketchbook" -> "my sketchbook"), matched to the persona's listed offers by the thing
named, what staff promise to do ("I'll ring her" -> "you'd ring her"), plans stated for something the
persona wants ("then I'm all yours in the quiet room"), and whether a time still to come makes an offer
not yet due (`LATER`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from coach.grading.rules.dispatch import compile_keyed
from coach.listening import Offerable
from coach.models import Persona
from coach.offered_phrase import THING, patient_side, short
from coach.persona_memo import PersonaMemo
from coach.promises import GOING_OFF, NEW_CLAUSE, for_someone_else
from coach.said_as_named import said_as_named
from coach.wording import DAYS, HOUR_WORDS, NEGATED, fold, named_most, phrase_pattern, sentences


@dataclass(frozen=True)
class Offered:
    """One thing offered: the persona's listed offer it names (if any) and the trainee's words for it."""

    words: str  # a short phrase from the patient's side: "a walk in the garden", "my sketchbook"
    listed: Offerable | None = None
    later: bool = False  # set for a time still to come ("at four", "this evening"): not yet due


# A time still to come: what was offered or promised with one is not yet due.
_HOURS = rf"\d|{HOUR_WORDS}|half|(?:quarter|twenty|ten|five) (?:past|to)"
LATER = re.compile(
    r"\b(?:tonight|tomorrow|later|this (?:afternoon|evening)|first thing|"
    r"in (?:a few|an?|\d+|five|ten|fifteen|twenty|half an) (?:minutes?|hours?)|"
    rf"at (?:{_HOURS})|before (?:she|he|they|you|i) (?:goes|go|leave|leaves)|on (?:{DAYS}))\b"
)


# What a "why don't you ..." asks about when it is their no, not a suggestion: a want, a liking, a belief.
_WANTING = r"want|wanna|like|fancy|feel like|trust|believe|think|care|need|mind"


_GIVING = (
    rf"(?:(?!{GOING_OFF})get|make|bring|fetch|ring|call|phone|find|sort|grab|put|show|read|take|arrange|book|pop|try|help|"
    r"post|send|"
    # what staff will look after for them: "keep your food in the office", "hold on to them till nine"
    r"(?:keep|store|save|mind|look after|hold on to) (?=(?:your|them|it|these|those|that|this|some|a)\b)|"
    # a thing left for them: "I'll leave a jug of water by the door" (not "I'll leave you to it")
    r"leave (?=(?:a|an|some|you a|you an|you some)\b)|"
    r"give(?! you (?:some |a bit of )?(?:space|room|time|a (?:minute|moment|second|few minutes)))|sit|walk|"
    r"do(?= (?:you|yourself) )|have a (?:look|read)|look (?:at|over|through)|"
    r"go through|organise|fix|look into)\b"
)


# Leave to keep what is theirs: "(you can) keep your coat on", "hang on to your phone".
KEEP_YOURS = r"(?:keep|hang on to|hold on to|keep hold of) your\b"

OFFER_LEAD = compile_keyed(
    r"^(?:(?:so|and|but|or|ok|okay|right|well|look|maybe|perhaps|then|tonight|today|tomorrow|now|later|first|"
    # a yes before what they may do is a yes to it: "yes, of course you can ring her"
    r"yes|yeah|yep|of course|course|"
    r"first thing|after that|"
    r"for (?:tonight|now|today)|this (?:afternoon|evening|morning)|"
    r"in a (?:bit|minute|moment|few minutes)|"
    # "once handover's done I can ...", "after the ward round we could ...": when, then the offer
    r"(?:after|once|when|as soon as|before) [a-z' ]+?(?=,? (?:i|we) (?:can|could|'ll|will)\b)),? )*"
    r"(?:would you like(?: to\b| me to\b)?|would you prefer(?: to\b)?|would you rather|"
    r"(?:do you|d'you|would you) want(?: to\b| me to\b)?|want (?:me )?to\b|"
    r"would it help(?: if i\b| to\b| if we\b)?|"
    r"how about|what about|"
    r"shall we|(?:could|can) we (?!talk|chat|speak|have a (?:chat|talk|word))|"
    r"(?:let's|let us) (?=(?:sit|go|have|find|grab|make|try|read|look|walk|head|pop)\b)|"
    # not "you can't", "we couldn't": a no
    # not "you can smell the sea from there": what anyone can sense is no offer
    # not "you can keep your coat on": what is theirs left with them (coach.patient.reassured)
    rf"(?:we (?:can|could)|you (?:can|could)(?! {KEEP_YOURS}))(?![\w'])"
    r"(?! (?:smell|hear|taste)\b)|fancy|if you like,?|if you want,?|or|"
    # "why don't you ring her?" suggests; "why don't you want any lunch?" asks about their no.
    rf"why don't (?:you|we)(?! (?:{_WANTING})\b)|"
    # "you really should take the lorazepam": a thing pressed on them is still offered
    r"you (?:really |honestly |probably )?(?:should|ought to) (?=(?:take|have|try)\b)|"
    rf"(?:shall i|should i|can i|could i|i can|i could|i'll|i will|let me|i'm happy to) (?={_GIVING})|"
    # "we'll sort a replacement with Bernie": a thing the ward will get for them (not "we'll sit down")
    r"(?:we'll|we will) (?=(?:get|sort|find|make|bring|fetch|arrange|book|post|send|give|keep|save) )|"
    rf"(?:could|can|shall|should) (?!you\b|i\b|we\b)(?:[a-z']+ ){{1,2}}(?=(?:{_GIVING}|come\b)))\s*"
)


# Talking with staff ("would you like to talk about it?", "tell me what happened"), which asks them
# something; talking to someone else ("do you want to speak to her?", "tell your sister yourself") is a
# thing offered.
TALK = re.compile(
    r"^(?:(?:talk|chat|speak)\b(?! (?:to|with) (?!me\b|us\b))|tell (?:me|us)\b|tell\W*$|"
    # "you can ask me anything you like about it": leave to ask, not a thing offered
    r"ask (?:me|us)\b|say|explain|go over)\b"
)


# Words that trail an offer, each a whole word ("let your keyworker know" keeps its "know").
_OFFER_TAIL = re.compile(
    r"\s*(?:,?\s*\b(?:if you (?:like|want|fancy|'d like|would like)|for you|instead|then|maybe|perhaps|"
    r"now|first|as well|too|with me|if that helps|if that would help|would you)\s*)+$"
)


_VERBS = re.compile(
    r"^(?:get|make|bring|fetch|find|ring|call|phone|text|email|sit|go|come|have|take|give|grab|put|show|read|"
    r"talk|chat|speak|look|walk|check|sort|ask|arrange|book|help|try|do|write|use|borrow|pop|head|step|stay|"
    r"spend|watch|play|draw|listen)\b\s*"
)


_OBJECT_PRONOUN = re.compile(r"^(?:you|yourself|us|me|them|her|him|it)\b\s*")


_PREPOSITION = re.compile(
    r"^(?:in|into|to|at|on|for|with|about|over|through|outside|out|up|down|round|around)\b\s*"
)


_OFFER_SHAPES = (
    re.compile(r"^(?:there's|there is) (.+?) (?:free |spare )?(?:if you (?:want|like|fancy|need)|for you)\b"),
    # "There's an old film on tonight": something on at the ward that they could join.
    re.compile(
        r"^(?:there's|there is) (.+?) on (?:tonight|later|this (?:afternoon|evening)|in the lounge|at \w+)\b"
    ),
    # "I've got the box here if you'd like to check it", "I've brought the paper if you fancy a crossword"
    re.compile(
        r"^i(?:'ve| have)(?: got| brought| fetched| printed| kept| saved) (.+?)"
        r"(?:,? (?:here|with me|for you))?"
        r"(?:,? though)?,? if you(?:'d like| would like| like| want| fancy)(?: to)?\b"
    ),
    re.compile(r"^(?:you're|you are) (?:welcome|free) to (.+)"),
    re.compile(r"^feel free to (.+)"),
    re.compile(r"^how (?:does|would|about) (.+?) (?:sound|be|feel)$"),
    re.compile(r"^would ((?:a|an|some) .+?) help(?: at all| you| any)?$"),
)
# An invitation asked as a question: "Come out in the garden with me?", "Fancy a walk?".
_INVITED = re.compile(r"^(?:(?:so|well|right),? )?(?:come|fancy|head) \w")


# A seat offered in words ("take a seat", "have a seat if you like", "come and grab a chair"): a seat held
# out to them, answered as one pulled out for them (coach.acted), not an order to sit.
SEAT_SAID = re.compile(
    r"^(?:come (?:and|on),? |why don't you |do |please )?(?:take|have|grab|pull up) a (?:seat|pew|chair)\b"
    r"(?!.*\?$)"
)
_SOME = re.compile(r"^(?:a|an|some|another|more|any|cup|glass|mug|bit of|slice)\b")
# "Any good?", "any luck?", "any news?": a word of how things are, asked after, not a thing offered.
_ASKS_ANY = re.compile(
    r"^any (?:good|better|worse|different|easier|luck|use|joy|news|idea|ideas|word|change|sign|signs|"
    r"chance|point|progress|plans|questions|problems|pain|worries|"
    # "Have you got family? Any kids?": who they have, asked after
    r"kids|children|grandkids|grandchildren|family|brothers|sisters|pets|friends|visitors)\b"
)


def _shaped(sentence: str) -> str | None:
    """The offered thing of a sentence shaped as an offer without a lead, as a clause with one."""
    bare = sentence.rstrip("?.! ")
    for shape in _OFFER_SHAPES:
        if match := shape.match(bare):
            return f"would you like {match.group(1)}"
    if sentence.endswith("?") and len(bare.split()) <= 4 and _SOME.match(bare) and not _ASKS_ANY.match(bare):
        return f"would you like {bare}"  # "Cup of tea?"
    if sentence.endswith("?") and _INVITED.match(bare):
        return f"would you like to {bare.removeprefix('fancy ')}"
    return None


# Words that make a short question ask rather than offer: "you?", "is it?", "the lady from last night?".
_NOT_BARE = re.compile(
    r"\b(?:i|you|he|she|they|we|it|is|was|are|were|did|do|does|has|have|had|who|what|why)\b"
)
# A no said straight after a thing put as a question ("The box? No."): the thing said back, not offered.
_NO_NEXT = re.compile(r"^(?:no|nope|not|sorry|afraid not|i'm afraid)\b")


def _named_bare(sentence: str, persona: Persona) -> str | None:
    """A thing the file lists, put as a question of its own ("Lounge, where it's quieter?", "Tea?"), as a
    clause with a lead; None for anything else."""
    if not sentence.rstrip().endswith("?"):
        return None
    head = sentence.rstrip("?.! ").split(",")[0].strip()
    if not head or len(head.split()) > 3 or _NOT_BARE.search(head):
        return None
    return f"would you like {head}" if named_most(head, persona.listening.offers) else None


def offers_in(folded: str, persona: Persona) -> list[Offered]:
    """What a staff turn (`folded`) offers in a scene with `persona`. Remembered: the offers of a scene's
    earlier turns are read again on every reply."""
    return list(_remembered_offers(folded, persona))


# "I can't bring back the curry, but the ward can pay for a takeaway": the no comes before the contrast, the
# alternative after it, and each is read on its own (the no's negation does not cancel the alternative).
_CONTRAST = re.compile(
    r",? (?:but|though|instead,?) (?=(?:i|we|the|you|they|what|how|maybe|perhaps|[a-z]+ can)\b)"
)


def _parts(folded: str) -> list[str]:
    """The sentences of `folded`, each split where a no turns to an alternative."""
    return [part for sentence in sentences(folded) for part in _CONTRAST.split(sentence) if part.strip()]


# "Why don't you want a drink?", "how come you don't fancy the lounge?": their reason for a no, asked.
WHY_NOT = re.compile(
    r"^(?:[a-z]+, )?(?:(?:so|and|but|okay|ok|well|right),? )*"
    rf"(?:why|how come) (?:you )?(?:don't|won't|wouldn't|do not) (?:you )?(?:{_WANTING})(?: to)? (.+)"
)


def _asked_why_not(sentence: str, persona: Persona) -> Offered | None:
    """The persona's listed offer a why-not question names: their answer to it (a no with its reason, or a
    yes after all) answers the question. A thing the file does not list is asked about, not offered."""
    why_not = WHY_NOT.match(sentence.rstrip("?.! "))
    thing = why_not.group(1).split(",")[0] if why_not else ""  # "a drink, love": up to the comma
    listed = named_most(thing, persona.listening.offers) if thing else None
    if listed is None:
        return None
    return Offered(words=thing_offered(f"would you like {thing}") or listed.about, listed=listed)


# Where a sentence's offers part: at "or", at a comma before a word, at a "but" that starts a clause of its
# own.
_CHOICE_BREAK = r",? or |, (?=\w)|,? but (?=(?:i|we|you|they|he|she|it)\b)"
_CHOICES = compile_keyed(_CHOICE_BREAK)
# "Give me a minute and I'll fetch the box": what staff will do after something else, offered; after an
# offer's own lead ("why don't you write them down and I'll ...") it is part of it.
_CHOICES_OR_AFTER = compile_keyed(_CHOICE_BREAK + r"|,? (?:and|then) (?=i'll\b|i will\b)")


def _read_offers(folded: str, persona: Persona) -> tuple[Offered, ...]:
    clauses: list[str] = []
    purposes: list[str] = []
    asked_why_not: list[Offered] = []
    parts_of = _parts(folded)
    for at, sentence in enumerate(parts_of):
        if WHY_NOT.match(sentence):
            asked_why_not.extend(filter(None, [_asked_why_not(sentence, persona)]))
            continue
        # "The box? No.": what they asked for said back, then refused, is no offer.
        refused = at + 1 < len(parts_of) and bool(_NO_NEXT.match(parts_of[at + 1]))
        if shaped := _shaped(sentence) or (None if refused else _named_bare(sentence, persona)):
            clauses.append(shaped)
            continue
        # "I can read it with you now but I can't make the call": a "but" that starts a clause of its own
        # (someone does or will not do something) ends the offer; "but not right now" is part of it.
        parts = [
            p.strip()
            for p in (_CHOICES if OFFER_LEAD.match(sentence) else _CHOICES_OR_AFTER).split(
                sentence.rstrip("?.!")
            )
            if p.strip()
        ]
        # "Would you like a drink or some toast?": the second choice carries the first one's lead. A lead
        # with nothing after it ("Is the noise too much, or...?") leads no offer.
        led = [p for p in parts if (m := OFFER_LEAD.match(p + " ")) and (p + " ")[m.end() :].strip(" .?!")]
        if led:
            clauses.extend(
                p for p in parts if p in led or sentence.rstrip().endswith("?") or " or " in sentence
            )
        # "Could you show me your phone, so you can ring Samira later?": what the asking is for, when it is
        # a thing the persona wants, is offered with it.
        purposes.extend(
            p
            for p in re.split(_SO_THAT, sentence.rstrip("?.!"))[1:]
            if (listed := named_most(p, persona.listening.offers)) is not None and listed.wants
        )
    offered = _stated(folded, persona) + asked_why_not
    for clause in [*clauses, *(p for p in purposes if p not in clauses)]:
        if after_lead(clause) in _BARE:  # "Do you want one?": the one named just before
            clause = _referent(folded, clause) or clause
        if NEGATED.search(after_lead(clause)) or not clause.strip():
            continue
        if TALK.match(after_lead(clause)):
            continue  # "would you like to tell me about it?" asks, and is answered as a question
        if _ENSURING.match(after_lead(clause)):
            continue  # "I'll make sure nobody disturbs you": that something will be so, promised, not given
        if for_someone_else(after_lead(clause)):
            continue  # "I'll get Ryan a sandwich": given to someone else, not offered to them
        words = thing_offered(clause)
        if _NOT_A_THING.match(words):
            words = ""  # "in a bit", "for the next hour", "of that myself": when or how, not what
        # The thing itself names the offer before the rest of the clause does ("the office phone this
        # evening" is the phone, not leave this evening).
        head = _WHEN.split(words)[0]
        # A call or a visit put in other words names its offer first ("get Bernie on the phone from the
        # office" is the call, not the office).
        named_as = said_as_named(after_lead(clause))
        listed = (
            (named_as != after_lead(clause) and named_most(named_as, persona.listening.offers))
            or (head and named_most(head, persona.listening.offers))
            or named_most(named_as, persona.listening.offers)
        )
        if listed is not None and _calls_someone_else(after_lead(clause), listed):
            listed = None
        if listed is None and (pronoun := _PRONOUN.search(after_lead(clause))):
            # "Anita's on at nine. Shall I get her to come?": her is the one named before the clause.
            # One after a thing of theirs is that thing ("keep your food with your name on it").
            if not _THEIRS.search(after_lead(clause)[: pronoun.start()]):
                listed = named_most(folded[: folded.find(clause[:20])], persona.listening.offers)
            if listed is not None:
                words = listed.about
        if not words and listed is None:
            continue
        if all(o.words != words or o.listed != listed for o in offered):
            offered.append(Offered(words=words or listed.about if listed else words, listed=listed))
    return tuple(offered)


_remembered_offers = PersonaMemo(_read_offers)

# Where what staff ask or do turns to what it is for: "... so you can ring Samira later", "so that we can".
_SO_THAT = r",? so (?:that )?(?=(?:you|we|i) (?:can|could)\b)"

# Seeing that something will be so ("make sure nobody disturbs you", "see to it he gets a sandwich"): a
# promise (coach.acts reads it), which gives the patient no thing, and may be about someone else.
_ENSURING = re.compile(r"(?:make sure|ensure|see to it|see that|make certain)\b")
# Words left where a clause names no thing: a time ("a bit and fill her in", "the next hour", "ten
# minutes") or a pointer said back with who does it ("that myself").
_NOT_A_THING = compile_keyed(
    r"(?:a (?:bit|while|minute|min|mo|moment|sec|second|tick)|"
    r"the (?:next|last) (?:hour|minute|few|day|while)|"
    r"the (?:end|start) of (?:my|the|your|this) (?:shift|day|week)|"
    r"(?:\d+|a few|five|ten|fifteen|twenty|thirty) (?:minutes?|mins?|hours?)|"
    r"(?:that|this|it|them) (?:myself|yourself|ourselves|now|then|later|today|tonight))\b"
)


# A call made to someone or something named with a determiner ("ring the shop", "phone a taxi", "call the
# chemist for you"): staff ringing on the patient's behalf, not the persona's call to one of their people.
_CALL_TO = re.compile(
    r"\b(?:ring|call|phone|rang|called|phoned)(?:ing)? (?:up )?(?:the|a|an|[a-z]+'s) [a-z]+"
)
# The words of a listed call that only say it is a call ("ring", "a call", "call her"), and those that name
# nothing of who or what it is to.
_CALLING_WORDS = "a an the ring call phone telephone rang called phoned up give make them her him it"
_CALLING = frozenset(_CALLING_WORDS.split())
_NOT_WHO_WORDS = "to of at on for with using use"
_NOT_WHO = _CALLING | frozenset(_NOT_WHO_WORDS.split())


def _calls_someone_else(clause: str, offer: Offerable) -> bool:
    """True when `clause` rings someone or something and names nothing of its listed `offer` but the
    calling: "ring the shop" is not the persona's call to their daughter; "ring gemma's house", "ring the
    on-call" and "phone the office at the housing" name who the listed call or visit is with."""
    if _CALL_TO.search(clause) is None:
        return False
    naming = (w for w in offer.words if not set(re.findall(r"[a-z]+", w)) <= _CALLING)
    if any(phrase_pattern(w).search(clause) for w in naming):
        return False
    said = set(re.findall(r"[a-z]+", clause.replace("'s", "")))
    return not (set(re.findall(r"[a-z]+", fold(offer.about))) - _NOT_WHO) & said


# A plan stated rather than offered: "then I'm all yours in the quiet room", "she comes round at four".
_PLANNED = compile_keyed(
    r"\b(?:then (?:i'm|i'll|we'll|we can|you can)|(?:comes?|pops?) (?:round|in|up|by)|"
    r"(?:is|are|'s) (?:free|open|empty)|usually (?:has|brings|comes)|"
    # what someone else on the ward can do for them: "the ward can pay for", "the kitchen could do you"
    # someone else's call or visit to them: "Leon can ring you tonight", "the doctor will see you"
    r"\b(?!(?:i|we)\b)[a-z]+(?:'ll| will| can| could) (?:ring|call|phone|come and see|see) (?:you|the ward)|"
    # someone else about to do it: "my colleague Tom's going to have a word with Ryan"
    r"\b(?!(?:i|we|it|that|this|there|what)\b)[a-z]+(?:'s| is) going to "
    r"(?:have|ring|call|see|sit|talk|speak|come|bring|get|take|sort|pop)|"
    r"(?:ward|kitchen|team|office|staff|hospital|pharmacy|doctor|we) (?:can|could|will|'ll) "
    r"(?:[a-z']+ )?(?:pay|get|bring|make|buy|sort|arrange|do|order|send|ring|call|cover)|"
    # staff asking someone else to do it for them: "I'll ask the kitchen if they can do you a sandwich"
    r"\bask (?:[a-z']+ ){1,3}(?:if|whether) (?:they|he|she)(?:'ll| will| can| could| would|'d) |"
    rf"in (?:a few|five|ten|fifteen|twenty|\d+) minutes|at (?:{_HOURS}))\b"
)


def _stated(folded: str, persona: Persona) -> list[Offered]:
    """Things the persona wants, named in a sentence that plans them for this scene (not a question, not
    negated, not a limit): answered as offers of them."""
    out: list[Offered] = []
    for sentence in _parts(folded):
        if sentence.endswith("?") or NEGATED.search(sentence) or _LIMIT.search(sentence):
            continue
        if not _PLANNED.search(sentence) or OFFER_LEAD.match(sentence + " "):
            continue
        wanted = tuple(o for o in persona.listening.offers if o.wants)
        listed = named_most(sentence, wanted) or named_most(said_as_named(sentence), wanted)
        if listed is not None and all(o.listed != listed for o in out):
            out.append(Offered(words=listed.about, listed=listed))
    return out


# A sentence that limits what can happen ("the garden's closed", "no one is free to walk with you") plans
# nothing.
_LIMIT = re.compile(
    r"\b(?:booked|closed|busy|full|until|till|only|instead|unless|sorry|afraid|no one|nobody|noone|none)\b"
)


# Where a thing's words turn to when it happens ("the office phone | this evening").
_WHEN = re.compile(
    r"\b(?:this|tonight|tomorrow|today|later|at|on|after|before|by|in (?:a|an|\d+|ten|five|half))\b"
)


_PRONOUN = re.compile(r"\b(?:her|him|them|it|one)\b")
_THEIRS = re.compile(r"\b(?:your|my) [a-z]+")


def _referent(folded: str, clause: str) -> str | None:
    """The thing a bare "one" or "it" offer points back to: the first thing named in the sentence before."""
    said = sentences(folded)
    at = next((i for i, s in enumerate(said) if after_lead(clause) in s and s.startswith(clause[:12])), None)
    if not at:
        return None
    thing = THING.search(said[at - 1])
    if thing is None:
        return None
    return "would you like " + re.split(r"\b(?:in|on|at|from|for|if)\b", thing.group(0))[0].strip()


def thing_offered(clause: str) -> str:
    """The offered thing as a short noun phrase from the patient's side ('would you like me to bring your
    sketchbook' -> 'my sketchbook'; 'shall we sit in the lounge' -> 'sitting in the lounge'), or '' when
    the clause names no thing that a reply could repeat ("you can come and get them any time")."""
    text = whole = said_as_named(_OFFER_TAIL.sub("", after_lead(clause)))
    doing = _DOING.match(text)
    if doing:  # "ring your sister": the doing is the thing, said as "ringing my sister"
        verb, _, rest = doing.group(1).partition(" ")  # "go through": "going through"
        gerund = _GERUND.get(verb, verb + "ing") + (f" {rest}" if rest else "")
        return patient_side(short(NEW_CLAUSE.sub("", gerund + text[doing.end(1) :])))
    for step in (_VERBS, _OBJECT_PRONOUN, _PREPOSITION, _VERBS, _OBJECT_PRONOUN, _PREPOSITION):
        shorter = step.sub("", text, count=1)
        if shorter:
            text = shorter
    text = _THING_ENDS.split(text)[0].strip(" ,")
    if len(text) < 3 or text in _BARE:
        text = whole  # "sit down": the doing is the thing offered
    thing = THING.search(text)
    if not text.strip():
        return ""
    if not (THING.match(text) or text.split()[0].endswith("ing")):
        text = thing.group(0) if thing else ""
    return patient_side(short(NEW_CLAUSE.sub("", text)))


# Where the thing offered ends: a reason, a condition, a time or a purpose follows it ("the office phone
# this evening to have a chat" is the office phone this evening).
_THING_ENDS = re.compile(
    r"\b(?:and then|so that|so you|while|because|if|when|once)\b|"
    r"\bto (?=(?:have|get|see|do|make|use|help|sort|go|come|talk|chat|speak|ring|call|phone|try|keep|let|"
    r"look|read|write|check)\b)"
)


# A doing that is itself the thing offered; "let" makes whoever it names do something ("let your keyworker
# know"), so the doing is offered, not the person.
_DOING = re.compile(
    r"^(ring|call|phone|text|email|walk|talk|chat|speak|sit|watch|play|draw|listen|read|write|let|"
    # going over something together: "go through your rights with you"
    r"go through|go over|look through|look over|work through)\b"
)


_GERUND = {"sit": "sitting", "phone": "phoning", "write": "writing", "chat": "chatting", "let": "letting"}


_BARE = {"down", "up", "out", "here", "there", "back", "a bit", "for a bit", "it", "that", "this", "one"}


def after_lead(clause: str) -> str:
    text = fold(clause).rstrip("?.!, ")
    while (lead := OFFER_LEAD.match(text + " ")) and 0 < lead.end() <= len(text):
        text = text[lead.end() :]
    return text
