"""Teach-back: asked to put in their own words what staff explained or agreed earlier in the scene ("just so
I know I explained it right, what happens on Thursday?", "what did we just agree?", "before you start, tell
me what you're checking for"), the patient says it back from the staff turn that said it, turned round to
their side ("You said Dr Okafor will see me at ward round on Thursday morning."), in the persona file's
lines that say back what staff said (`acts.held_to`). Staff check a plan went in by having it said back; a
patient who answers anything but the plan shows the trainee nothing about what they explained.

The same turning round gives the scene's own words as something the patient was told
(`said_in_scene`), which a wrong detail put to them is corrected from (coach.patient.correcting).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from coach.acts import Reading
from coach.grading.rules.dispatch import compile_keyed
from coach.models import Band, Persona, Speaker
from coach.patient.asked import Asked, asks_for, carries, times_put
from coach.patient.base import PatientContext
from coach.patient.guards import check_reply
from coach.patient.held_to import saying_back
from coach.patient.meaning import meant
from coach.patient.pools import Pool
from coach.patient.scene import Scene
from coach.wording import ENDEARMENTS, fold, sentences

# Asked to say back what was explained or agreed, in their words: "in your own words", "tell me back",
# "what did we just agree?", "what's the plan, as you understand it?", "so what are you checking for?",
# "remind me what we settled on", "talk me through what happens next".
_ASKS_TEACH_BACK = compile_keyed(
    r"\bin (?:your|ur) own words\b|\b(?:tell|give) (?:it |that )?me back\b|\bsay (?:it|that|them) back\b|"
    r"\bso (?:i|we) know (?:i(?:'ve| have)? (?:explained|said|got)|we(?:'re| are) on the same page)\b|"
    r"\bsame page\b|\bas you understand it\b|\bhow you understand it\b|"
    r"\bwhat (?:did|have|had) we (?:just |only )?(?:agreed?|decided?|settled on|said)\b|"
    r"\bwhat(?:'s|s| is| was) (?:the|your|our) plan\b|"
    r"\bwhat (?:are (?:you|u)|r (?:you|u)|you're|you are|ur) (?:checking(?: for)?|looking for)\b|"
    r"\bremind me (?:what|when|who|where|how)\b|"
    r"\b(?:talk|run|walk) me through (?:what (?:we|i|happens)|the plan)\b"
)
# A sentence that carries nothing to say back: a greeting, who staff are, a sorry, what staff see or feel.
_NOTHING_TO_SAY_BACK = re.compile(
    r"^(?:hi|hello|hiya|hey|morning|afternoon|evening|good (?:morning|afternoon|evening)|thanks|thank you|"
    r"sorry|i(?:'m| am) (?:so |really |very )?sorry|i(?:'m| am) [A-Z]?[a-z]+$|my name(?:'s| is)|"
    r"(?:here's|here is|this is) what (?:happens|will happen|we'll do|is going to happen)(?: next| now)?$|"
    r"i (?:know|understand|can see|can hear|hear you|get it|get that)|that (?:must|sounds)|"
    r"it (?:must|sounds)|i(?:'m| am) (?:one of|the nurse|a nurse|here to|just))\b",
    re.IGNORECASE,
)
# What a sentence opens with that is no part of what was said: "Right,", "Okay, so", "Look,".
_LEAD = re.compile(
    r"^(?:(?:right|okay|ok|so|and|but|anyway|alright|all right)\b[,.:]?\s*|"
    # "Look," and "Now," lead in; "Look at the date" and "Now you can ..." say something
    r"(?:now|well|then|look|listen)[,.:]\s*|"
    r"(?:here's|here is|this is) (?:what we(?:'ve| have)? (?:agreed|said|decided|sorted)|the plan|"
    r"what(?:'s| is) happening|what happens)"
    r"\b[,.:]?\s*|"
    r"(?:the plan is|what we(?:'ve| have) agreed is)\b[,.:]?\s*)+",
    re.IGNORECASE,
)
_ACTED = re.compile(r"\*[^*]*\*")
# A tag that asks them to agree with what the sentence says: ", isn't she?", ", yeah?", ", right?".
_TAG = re.compile(
    r",\s*(?:(?:is|was|are|were|do|does|did|have|has|can|will|would)n't (?:it|you|she|he|they|we|there)|"
    r"yeah|yes|right|ok|okay|eh|innit)\s*\?$",
    re.IGNORECASE,
)
# A sorry tacked on: "You can't go home today, I'm sorry." says back as "I can't go home today".
_SORRY_AFTER = re.compile(r",\s*(?:i'm|i am)? ?(?:so |really )?sorry\b(?=\W*$)", re.IGNORECASE)
_ENDEARMENT = re.compile(rf",?\s*\b(?:{ENDEARMENTS})\b\s*,?", re.IGNORECASE)

# Staff's words turned to the patient's side: I/me/my of staff are "you"; you/your of the patient are "I".
_STAFF_TO_YOU = {
    "i": "you",
    "i'll": "you'll",
    "i'm": "you're",
    "i've": "you've",
    "i'd": "you'd",
    "me": "you",
    "my": "your",
    "mine": "yours",
    "myself": "yourself",
    "us": "you",  # the ward's staff: "you stay with us" is "I stay with you"
}
# The same words of a colleague who spoke earlier, said of them to the staff member now asking.
_STAFF_TO_THEM = {
    "i": "they",
    "i'll": "they'll",
    "i'm": "they're",
    "i've": "they've",
    "i'd": "they'd",
    "me": "them",
    "my": "their",
    "mine": "theirs",
    "myself": "themselves",
}
_YOU_TO_ME = {
    "you'll": "I'll",
    "you're": "I'm",
    "you've": "I've",
    "you'd": "I'd",
    "your": "my",
    "yours": "mine",
    "yourself": "myself",
    "ya": "I",
    "u": "I",
}
# "you" after one of these is what is done to them ("see you", "with you"): "me"; else they do it: "I".
_TAKES_OBJECT_WORDS = (
    "to with for at see tell told give gave ask asked help show call ring rang phone take took bring "
    "meet let make get join from about by visit beside near of on into leave send remind support update "
    "text email sit collect fetch walk drive keep thank want need expect"
)
_TAKES_OBJECT = frozenset(_TAKES_OBJECT_WORDS.split())
# Words that follow "you" done to ("see you at ten", "with you now"), and that follow "you" doing ("you can").
_AFTER_OBJECT_WORDS = (
    "at in on to with for about from into through round around over up down out back off now later then "
    "there here today tonight tomorrow soon first again too and or but if when once until till before "
    "after the a an some this that what how where whether by so"
)
_AFTER_OBJECT = frozenset(_AFTER_OBJECT_WORDS.split())
_DOES_WORDS = (
    "can can't could couldn't will won't would wouldn't should shall must may might need needn't have "
    "had do don't did didn't are were aren't weren't get got go just always usually still already never"
)
_DOES = frozenset(_DOES_WORDS.split())
# Base verbs a sentence may open with as something for them to do ("Check your name ..."): said back
# with "I" before it ("I check my name ...").
_DOING_WORDS = (
    "check come pop ring call go sit take wait keep tell let ask write read bring stay use have eat try "
    "get make put look leave give talk knock press breathe follow show see meet head walk remember fill "
    "sign open hand drink shower pack choose pick find speak hold count turn"
)
_DOING = frozenset(_DOING_WORDS.split())
_WORD = re.compile(r"[A-Za-z][A-Za-z']*")
# A say-back longer than this reads as a recital: the sentences that fit, best first.
MAX_SAID_BACK_WORDS = 30


def _done_to(before: str, after: str) -> bool:
    """Whether "you" between `before` and `after` is what is done to them ("sees you at", "with you") rather
    than who does it ("you stay", "you can")."""
    if not after[:1].isalpha() or after in _AFTER_OBJECT:
        return True
    if after in _DOES:
        return False
    return before in _TAKES_OBJECT


def asks_teach_back(question: str) -> bool:
    """True when `question` asks them to say back, in their words, what was explained or agreed."""
    return bool(_ASKS_TEACH_BACK.search(fold(question)))


def turned_round(sentence: str, first_name: str, colleague: bool = False) -> str | None:
    """A staff sentence as the patient would say it back: "Dr Okafor will see you at ward round" -> "Dr
    Okafor will see me at ward round"; "Check your name on the label" -> "I check my name on the label".
    None when nothing is left to say back, or it asks something. Said of a `colleague` to the staff member
    now asking, staff's "I" is "they" ("they're asking Jo to come")."""
    staff_words = _STAFF_TO_THEM if colleague else _STAFF_TO_YOU
    text = _ACTED.sub(" ", sentence).strip()
    text = re.sub(rf",?\s*\b{re.escape(first_name)}\b\s*,?", " ", text)
    text = _ENDEARMENT.sub(" ", text)
    text = _SORRY_AFTER.sub("", text)
    text = _LEAD.sub("", text.strip(" ,")).strip().rstrip(".!").strip()
    text = _TAG.sub("", text)  # "Bernie's in on Wednesday, isn't she?" says she is
    if not text or text.endswith("?") or _NOTHING_TO_SAY_BACK.match(text):
        return None
    found = list(_WORD.finditer(text))
    words = [m.group(0) for m in found]
    # a word after punctuation opens a clause ("..., you can"): no word before it reads it as done to
    joined = [i > 0 and not text[found[i - 1].end() : m.start()].strip() for i, m in enumerate(found)]
    out: list[str] = []
    for i, word in enumerate(words):
        low = word.lower()
        before = words[i - 1].lower() if joined[i] else ""
        after = words[i + 1].lower() if i + 1 < len(words) and joined[i + 1] else ""
        if low in staff_words:
            out.append(staff_words[low])
        elif low in ("am", "was") and before == "i":
            out.append("are" if low == "am" else "were")
        elif low in _YOU_TO_ME:
            out.append(_YOU_TO_ME[low])
        elif low == "you":
            out.append("me" if _done_to(before, after) else "I")
        elif low in ("are", "were") and before == "you" and out and out[-1] == "I":
            out.append("am" if low == "are" else "was")
        else:
            out.append(word)
    if out and out[0].lower() in _DOING:
        out[0] = "I " + out[0].lower()
    # the words put back where they were, with what stood between them
    pieces = [text[: found[0].start()]] if found else [text]
    for i, m in enumerate(found):
        pieces.append(out[i])
        pieces.append(text[m.end() : found[i + 1].start()] if i + 1 < len(found) else text[m.end() :])
    said = "".join(pieces).strip()
    said = said[:1].upper() + said[1:]
    return said if len(said.split()) >= 3 else None


def said_in_scene(staff_texts: list[str], first_name: str) -> list[str]:
    """Each sentence of `staff_texts` (what staff said earlier in the scene), turned round to the patient's
    side, the latest turn first: what they were told here."""
    out = []
    for turn in reversed(staff_texts):
        out += [s for s in (turned_round(s, first_name) for s in sentences(turn)) if s]
    return out


def teach_back_answers(
    ctx: PatientContext, now: Reading, scene: Scene, persona: Persona, band: Band
) -> Iterator[Pool]:
    """The plan said back when the turn's last question (or, with none, a sentence of it) asks for it in
    their words, or a question of the turn asks what staff said of who or where that nothing offered
    or promised holds, and staff said something in the scene to say back; nothing
    otherwise."""
    typed = ctx.history[-1].text if ctx.history else ""
    # asked as a question, or told: "Go on then, say it back to me, so we've both got the same plan."
    asking = (
        now.questions[-1].text
        if now.questions
        else next((s for s in reversed(sentences(typed)) if asks_teach_back(s)), "")
    )
    colleague = _colleague_asked_of(asking, ctx)
    held: Asked | None = None
    if not asking or not (asks_teach_back(asking) or colleague):
        # "Who did I say was covering me? Was it Priya or...?": what staff said that no offer or promise
        # holds (a name said in passing) is said back from their words
        recalling = [q.text for q in now.questions if _asks_unheld(q.text, scene)]
        if not recalling:
            return
        asking, held = recalling[-1], asks_for(recalling[-1])
    said = _to_say_back(ctx, asking, colleague is not None, held)
    if not said:
        return
    inside = lower_first(said)
    # what a colleague said is said back as theirs; what this staff member said, in the file's lines
    frames = (
        [f"{colleague} said {{offer}}."]
        if colleague
        else saying_back(persona.listening.acts.held_to.at(band))
    )
    filled = (frame.replace("{offer}", inside) for frame in frames)
    # staff's words in the patient's mouth pass the guards a model's reply must ("your name is Sarah, say
    # it back": another name is not said back)
    lines = (line[:1].upper() + line[1:] for line in filled)
    yield Pool("taught_back", tuple(line for line in lines if not check_reply(line, [], persona)))


# Asked who or where staff said, or a name they gave: "who did I say was covering me?", "what was her name
# again, and when did I say she's in?"; not a plan checked ("who's coming, and when?"), which is said back
# as the plan, nor a name of theirs ("you mentioned your brother, what was his name?").
_STAFF_SAID = re.compile(r"\b(?:did i (?:say|tell you|mention)|i said)\b")
_WHO_OR_WHERE = re.compile(r"\b(?:who|where|which|name)\b")


def _asks_unheld(question: str, scene: Scene) -> bool:
    """True when `question` asks what staff said of who or where that nothing they offered or promised in
    the scene holds."""
    folded = fold(question)
    if not (_STAFF_SAID.search(folded) and _WHO_OR_WHERE.search(folded)):
        return False
    asked = asks_for(question)
    # times said are recalled as said already (coach.patient.scene): who and where are what is left
    return asked in (Asked.person, Asked.place) and not any(
        carries(t.words, asked) for t in scene.recalled(saying_back=True)
    )


def _colleague_asked_of(question: str, ctx: PatientContext) -> str | None:
    """The name of a staff member who spoke earlier in the scene when `question` asks what they told the
    patient ("What did Sam tell you was happening?" from the nurse taking over from Sam)."""
    asked = _WHAT_SOMEONE_SAID.search(fold(question))
    if asked is None:
        return None
    introduced = re.compile(rf"\b(?:i'm|i am|it's|its|my name's|my name is) {re.escape(asked.group(1))}\b")
    if any(introduced.search(fold(t.text)) for t in ctx.history[:-1] if t.speaker is Speaker.staff):
        return asked.group(1).capitalize()
    return None


_WHAT_SOMEONE_SAID = re.compile(
    r"\bwhat (?:did|has|had) ([a-z]+) (?:tell|told|say|said)(?: to)? (?:you|u|ya)\b"
)


def _to_say_back(
    ctx: PatientContext, question: str, colleague: bool = False, held: Asked | None = None
) -> str | None:
    """What to say back for `question`: of the staff turns of the scene (the latest with what it said
    before the question), the one that shares most words with it, else the latest with a plan in it (a
    time, a day, something that will or can happen); its sentences that share words with the question
    first, as many as fit, said in the order staff said them."""
    first_name = ctx.persona.profile.first_name
    asked = meant(fold(question))
    staff = [t.text for t in ctx.history if t.speaker is Speaker.staff]
    latest = staff[-1] if staff else ""
    turns = [*staff[:-1], latest[: latest.rfind(question)] if question in latest else ""]
    best: tuple[int, int, list[str]] | None = None
    for at, turn in enumerate(turns):
        said = [s for s in (turned_round(s, first_name, colleague) for s in sentences(turn)) if s]
        if held is not None:  # only what holds the kind of thing asked for: "who" is answered by a name
            said = [s for s in said if carries(s, held, question)]
        planned = any(_plans(s) for s in said)
        shared = len(asked & meant(fold(" ".join(said))))
        if said and (planned or shared >= 2 or held is not None):
            score = (shared, at if planned else -1)
            if best is None or score > best[:2]:
                best = (*score, said)
    if best is None:
        return None
    said = best[2]
    shares = [len(asked & meant(fold(s))) for s in said]
    # what the question asks about first; a sentence that neither meets it nor plans anything is no part
    # of what to say back ("here's the box, still sealed")
    ranked = sorted(
        (i for i, s in enumerate(said) if shares[i] or _plans(s) or held is not None),
        key=lambda i: -shares[i],
    )
    kept: set[int] = set()
    for i in ranked:
        if sum(len(said[j].split()) for j in kept | {i}) <= MAX_SAID_BACK_WORDS:
            kept.add(i)
    if not kept:
        return None
    in_order = [said[i] for i in sorted(kept)]
    return ", and ".join([in_order[0], *(lower_first(s) for s in in_order[1:])])


# What makes a sentence a plan: something that will or can happen, or is for them to do.
_PLANNED = re.compile(
    r"\b(?:will|'ll|going to|gonna|can|could|shall|need to|have to|next|then|after|until|now)\b"
)


def _plans(said: str) -> bool:
    """True when a sentence said back holds a plan: a time or a day, something that will or can happen, or
    something staff told them to do."""
    return bool(times_put(fold(said)) or _PLANNED.search(fold(said)) or _told_to_do(said))


def _told_to_do(said: str) -> bool:
    """True when a sentence said back is something staff told them to do ("I check my name ...")."""
    first, _, rest = said.partition(" ")
    return first == "I" and rest.split(" ", 1)[0] in _DOING


def lower_first(sentence: str) -> str:
    """A sentence said after other words: its first word in lower case unless it is "I" or a name."""
    if sentence.startswith(("I ", "I'")) or not _LOWERED.match(sentence):
        return sentence
    return sentence[:1].lower() + sentence[1:]


# First words said in lower case inside a sentence; any other capital opens a name ("Dr", "Jo", "Samira").
_LOWERED = re.compile(
    r"(?:the|a|an|it|it's|that|that's|this|these|those|there|there's|here|here's|then|we|we'll|we're|"
    r"we've|you|you'll|you're|you've|you'd|they|they'll|she|she'll|he|he'll|if|when|once|after|before|so|"
    r"and|nobody|no|someone|somebody|everyone|everything|tomorrow|today|tonight|at|on|in|for|by)\b",
    re.IGNORECASE,
)
