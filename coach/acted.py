"""What staff do, read from the acted lines of a turn (*two more staff come in*, *sits on the end of the
bed*, *hands over to the night nurse*, *puts a hand on her arm*, *leaves the room*).

Read by structure, not by phrase: each acted clause has a subject (none, "I" or "the nurse": the speaker;
a count word, a name or another role: other staff, and how many; the patient: left out), a verb of a
class (arriving, leaving, coming close, moving away, a posture, touch, calling someone, handing over, a
raised or hushed voice, bringing or showing something, conferring, knocking) and the words after it that
say where, to whom or what: a whisper or a look to a colleague is conferring where the patient can see,
to the patient it is a quiet voice; standing between them and the door blocks the way out. A
clause with no subject has the subject of the one before ("*pulls a chair over to the far wall and sits
down*"). The spoken words are read only for a handover ("Hannah's going to take over from me") and a
number of staff ("there are four of us") or staff presented by name ("here's Marek!"), which say who is
there as plainly as an acted line does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from coach.acted_verbs import VERB, Doing, words_of
from coach.grading.rules.dispatch import compile_keyed
from coach.grading.rules.text import split_turn
from coach.said_aloud import (
    ASKS_TO_COME,
    STAFF_COUNT_SAID,
    hands_over_now,
    presented_by_name,
    spoken_to_colleague,
    without_break_off,
)
from coach.stance import Action, Distance, Posture, Stance, Voice
from coach.wording import fold

SEVERAL = 3  # "the team", "everyone", "more staff": more than two, the number not said


@dataclass(frozen=True)
class Acted:
    """What the staff turn did, besides its words."""

    arrived: int = 0  # other staff who came in or stand by (SEVERAL when the number is not said)
    left: bool = False  # the speaker goes
    near: bool = False  # the speaker comes close: on the bed, in front of them, leaning over
    on_bed: bool = False  # the speaker sits or perches on the patient's bed
    beside: bool = False  # the speaker sits or stands beside them
    away: bool = False  # the speaker steps back or keeps away
    touch: bool = False
    called: bool = False  # the speaker calls, beckons or radios for someone
    to_colleague: bool = False  # the words are said to a colleague, not to the patient
    handed_over: bool = False  # someone else takes over from the speaker
    voice: Voice | None = None
    brought: tuple[str, ...] = ()  # things brought or handed to them, in the trainee's words
    conferred: bool = False  # staff whisper or trade looks with each other where the patient can see
    blocked: bool = False  # staff stand between them and the way out
    knocked: bool = False  # the speaker knocks before coming in
    open_hands: bool = False  # the speaker shows their own hands, open or raised: a gesture, not a touch
    seat: str = ""  # the seat the speaker pulls out for them or points them to, in the trainee's word
    presented: int = 0  # staff the words present by name as there ("This is Dev, my colleague")

    def stance(self, tags: Stance, beside_crowds: bool) -> Stance:
        """`tags` with what the acted lines say and the tags do not (the trainee's tags win where both
        speak). `beside_crowds`: whether sitting beside them is too close for this person."""
        distance = tags.distance
        # Their bed is theirs: sitting on it uninvited is close whatever the tags say about the distance
        # (a trainee who tags "at arm's length" and then sits on the bed has still come onto it).
        if self.on_bed or (distance is None and (self.near or (self.beside and beside_crowds))):
            distance = Distance.close
        elif distance is None and self.away:
            distance = Distance.two_arms_or_more
        actions = list(tags.actions)
        for done, action in (
            (self.touch, Action.touch),
            (self.away and not self.near, Action.step_back),
            (self.called, Action.call_support),
            (self.handed_over, Action.swap_staff),
        ):
            if done and action not in actions:
                actions.append(action)
        voice = tags.voice or self.voice
        posture = tags.posture or (Posture.open if self.open_hands else None)
        return tags.model_copy(
            update={"distance": distance, "voice": voice, "actions": actions, "posture": posture}
        )


# Who does it: the speaker, other staff (and how many), or the patient.
_SPEAKER = frozenset(words_of("i the nurse staff member hca"))
_COUNT = {
    **dict.fromkeys(words_of("one another second"), 1),
    **dict.fromkeys(words_of("two both couple pair"), 2),
    **{"three": 3, "four": 4, "five": 5, "six": 6},
}
_MANY = frozenset(
    words_of(
        "several few more team everyone everybody all lots loads group security others staff "
        "nurses colleagues people"
    )
)
_PATIENT_PRONOUNS = frozenset(words_of("she he they her him them patient"))
# What on a ward rings, goes off, bangs or buzzes by itself ("*the office phone rings*", "*an alarm goes off
# down the corridor*", "*the door slams in the draught*", "*cooler air comes in*"): an event, not staff
# arriving or leaving.
_THINGS = frozenset(
    words_of(
        "phone phones telephone mobile alarm alarms bleep bleeper pager buzzer bell bells door doors window "
        "kettle radio telly tv television light lights lift printer microwave toaster clock tannoy "
        "intercom wind draught rain trolley machine air breeze sun sunlight smell noise music steam "
        # "*holds it up, other hand open*": a hand of the speaker's, no one arriving
        "hand hands palm palms"
    )
)

# Where the speaker ends up, from the words after a verb of posture or movement.
_WHOSE = r"(?:the |her |his |their |\w+'s )?"
_ON_BED = rf"on(?:to)? {_WHOSE}(?:(?:end|edge|side|foot|corner) of {_WHOSE})?bed"
_NEAR = re.compile(
    r"\b(?:closer|nearer|forward|towards? (?:her|him|them)|up close|right (?:up|next|beside|by|in front)|"
    rf"in front of (?:her|him|them)|(?:over|above) (?:her|him|them)|in (?:her|his|their) face|{_ON_BED}|"
    r"face to face|close)\b"
)
_BESIDE = re.compile(r"\b(?:next to|beside|alongside|with) (?:her|him|them|hers|his|theirs)\b")
_FAR = re.compile(
    r"\b(?:back|away|far|across|other side|opposite|the corner|distance|outside|"
    r"out of (?:the )?(?:room|way))\b"
)
_STEPS_AWAY = compile_keyed(r"^(?:right )?(?:back|away|off)\b|\bsteps? (?:back|away)\b")
_MOVING = words_of("step move stand sit lean edge shuffle get take")
_LOW = words_of("crouch kneel squat")  # down at their level, in front of them
_OUT = re.compile(r"\b(?:off|out|away|out of|home|to (?:a|the|her|his) (?:meeting|break|office|station))\b")
_WALKING = words_of("walk run rush wander stroll")
_PERSON = re.compile(
    r"\b(?:colleague|nurse|help|support|staff|someone|somebody|security|doctor|manager|team|alarm|over|for)\b"
)
_CALLING = words_of("radio page buzz")  # always for staff; "calls her name" is not calling anyone over
_BODY = re.compile(r"\b(?:hand|hands|arm|arms|shoulder|shoulders|back|wrist|elbow)\b")
# The speaker's own hands shown ("holds hands up, open", "raises both palms", "shows her empty hands",
# "opens his hands"): a gesture made at whatever distance they stand, not a hand on anyone.
_OWN_HANDS = r"(?:(?:both|his|her|their|my|two|empty|open|flat|a|one) )*(?:hands|palms|hand|palm)"
_HANDS_SHOWN = re.compile(
    rf"^(?:(?:up|out) {_OWN_HANDS}|{_OWN_HANDS}(?: (?:up|out|open|wide|apart|raised|flat|visible))+)\b"
    rf"|^(?:(?:both|two|empty|open|flat) )+(?:hands|palms)\b"
)
_SHOWING = words_of("hold raise show lift spread put open")
_RAISING = words_of("raise show lift spread open")  # whose hands these are: the speaker's own
# Calling out to where staff are ("calls down the corridor", "shouts over to the nurses' station",
# "calls back along the landing"): someone is being called, whoever answers.
_TO_STAFF = re.compile(
    r"^(?:over |across |out )?to (?:the |a )?(?:nurses'? )?(?:station|office|desk|nurses|staff)\b"
)
_TO_A_PLACE = re.compile(
    r"^(?:out |back |over )?(?:down|along|across|up|through|over to|out to|to|towards|into) (?:the |a )?"
    r"(?:\w+'? )?(?:corridor|landing|hall|hallway|ward|station|office|desk|lounge|day ?room|room|bay|"
    r"door|doorway|stairs|nurses)\b"
)
_ON_THEM = re.compile(r"(?:her|him|them|his|their)\b")
_PLACING = words_of("put place rest lay set")
_HAND_ON = re.compile(
    r"\bhands? on\b|\bby the (?:arm|hand|elbow|wrist|shoulder)\b|"
    r"\b(?:her|his|their) (?:hand|arm|shoulder|wrist|elbow)s?\b"
)
# Conferring: a word or a look that passes between staff, not to the patient ("whispers to Jo", "exchanges
# a look with the HCA", "the two nurses mutter to each other", "talks quietly with a colleague").
_TO_SOMEONE = re.compile(r"^(?:\S+ly |something |a few words |a word )*(?:to|with) (\S+)")
_STAFF_ROLE = re.compile(r"(?:colleague|nurse|hca|staff|mate|co-?worker|doctor|team)")
_QUIETLY = re.compile(
    r"\b(?:quiet\w*|low voice|hushed|under (?:her|his|their) breath|aside|out of earshot)\b"
)
_LOOK = re.compile(r"^(?:a )?(?:look|looks|glance|glances|word|words)\b")
_AT_STAFF = re.compile(
    r"^(?:over |across |up |sideways |quickly |briefly )?(?:at|to|towards) .*\b(?:colleague|colleagues|nurse|"
    r"nurses|hca|staff|other|"
    r"others|doctor|team|each other|one another)\b"
)
_WHISPERS = words_of("whisper murmur mutter")
_A_WORD = re.compile(r"^an? (?:quick |quiet |private )?(?:word|chat) (with .+)$")
_EXIT = r"(?:the |her |his |their )?(?:door|doorway|exit|way out|ward door|corridor)"
_BLOCKS = re.compile(rf"\bbetween (?:her|him|them|\w+) and {_EXIT}\b|\bin front of the (?:door|exit)\b")
_DOOR = re.compile(rf"\b{_EXIT}\b|\b(?:her|his|their|the) way\b")
_VOICE_UP = re.compile(r"\b(?:voice|volume|loud\w*|sharp\w*)\b")
_HELD_UP = re.compile(r"(?:up|out)\b")  # "holds up the box": shown to them, not a hold on them
_CARRYING = re.compile(r"\b(?:with|holding|carrying)\b")
_THING = re.compile(r"(?:a|an|the|some|her|his|their|your|two|fresh|another)\s+(?:[a-z'-]+\s+){0,3}[a-z'-]+")
# Said while handing something over: "here's the box", "here are your cards", "I've brought you a tea".
_HANDED_SAID = re.compile(
    r"\b(?:here(?:'s| is| are)|here you (?:go|are),?|i(?:'ve| have) (?:got|brought) you|"
    r"i(?:'ve| have) brought) ((?:a|an|the|some|your|two|three|fresh|another) [^.!?]*)"
)
_WHERE_TO = re.compile(r"\b(?:to|for|from|on|onto|down|beside|next|in|into|at|by|over|so)\b")
_CLAUSE_BREAK = compile_keyed(r"\s*(?:[,;:]|\band then\b|\bthen\b|\band\b|\bwhile\b|\bas\b|\bbefore\b)\s*")

_NOT_A_DOING = _MANY | frozenset(_COUNT) | _SPEAKER | _PATIENT_PRONOUNS | frozenset(words_of("his hers its"))

# ("*holds it up, other hand open*": "other hand" is a hand, not other staff handing over)
_OBJECT_START = frozenset(words_of("his her their the a an its my other"))

_ADVERBS = frozenset(words_of("well just then still now also even again quite"))

_NOTHING = Acted()
Subject = tuple[str, int]  # ("speaker" | "others" | "patient" | "thing", how many others)


@lru_cache(maxsize=2048)
def read_acted(staff_text: str, patient_name: str = "") -> Acted:
    """What the acted lines of `staff_text` (and its words, for a handover or a number of staff) say staff
    did. `patient_name` keeps the patient's own doings ("*Dean sits down*") out of it."""
    turn = split_turn(staff_text)
    patient = frozenset(fold(patient_name).split())
    found = _NOTHING
    for action in turn.actions:
        subject: Subject = ("speaker", 0)
        for clause in _joined(_CLAUSE_BREAK.split(fold(action))):
            subject, found = _read_clause(clause, subject, patient, found)
    speech = fold(turn.speech)
    if _KNOCK_SAID.match(speech):  # "Knock knock, it's Sam": a knock said aloud at the door
        found = replace(found, knocked=True)
    if hands_over_now(speech):
        found = replace(found, handed_over=True)
    said = STAFF_COUNT_SAID.search(speech)
    if said and not found.arrived:
        found = replace(found, arrived=_COUNT.get(said.group(1) or "", SEVERAL))
    for handed in _HANDED_SAID.finditer(speech):
        # "Here's the box, as I said", "I've brought you a blanket": handed over in words.
        found = _brought(re.split(r"[,;:]", handed.group(1))[0], found)
    presented = presented_by_name(turn.speech, patient)
    if spoken_to_colleague(staff_text, patient_name):
        found = replace(
            found,
            to_colleague=True,
            called=found.called or bool(ASKS_TO_COME.search(without_break_off(speech))),
        )
    return replace(found, presented=presented, arrived=found.arrived or presented)


_KNOCK_SAID = re.compile(r"^\W*knock,? knock\b")


# An acted line opens with the speaker's verb ("*opens the window*"): a first word in -s that is no verb read
# here is still a doing, not who does the next one. Words in -s that name staff are subjects. A doing said
# in one word ("*stops, steps back*", "*pauses*") is one too.
_UNREAD_DOING = re.compile(r"^[a-z]+s\b(?: \S|$)")


def _joined(parts: list[str]) -> list[str]:
    """Clauses with a verb: a part without one joins the clause before it ("hands him a biro and a card"
    hands two things), or the next when it comes first ("Gary and Pete walk in" is a subject of two)."""
    out: list[str] = []
    carry = ""
    for part in filter(None, parts):
        if any(w in VERB for w in part.split()):
            out.append(f"{carry} and {part}" if carry else part)
            carry = ""
        elif _UNREAD_DOING.match(part) and part.split()[0] not in _NOT_A_DOING:
            continue  # "scratches his head and sits down": a doing not read here is no subject for the next
        elif out:
            out[-1] = f"{out[-1]} and {part}"
        else:
            carry = f"{carry} and {part}" if carry else part
    return out


def _read_clause(
    clause: str, subject: Subject, patient: frozenset[str], found: Acted
) -> tuple[Subject, Acted]:
    # "gently touches his shoulder", "well back from the door", "then sits": a manner, degree or time word is
    # no subject.
    words = [w for w in clause.split() if not ((w.endswith("ly") or w in _ADVERBS) and w not in VERB)]
    # A verb's word after "his", "the" or "a" is a noun ("scratches his head", "gives her a hand").
    at = next(
        (i for i, w in enumerate(words) if w in VERB and not (i and words[i - 1] in _OBJECT_START)), None
    )
    if at is None:
        return subject, found
    if at:
        subject = _subject(words[:at], patient)
    lemma, doing = VERB[words[at]]
    rest = " ".join(words[at + 1 :])
    who, count = subject
    if who in ("patient", "thing"):
        return subject, found
    if _conferring(clause, who, patient):
        return subject, replace(found, conferred=True)
    if _BLOCKS.search(rest) or (lemma == "block" and _DOOR.search(rest)):
        found = replace(found, blocked=True)
    if who == "speaker":
        return subject, _speaker_did(lemma, doing, rest, found)
    if doing is Doing.leave or (doing is Doing.arrive and _OUT.match(rest)):
        return subject, replace(found, arrived=0)
    if doing is Doing.confer:  # "look over", "talk among themselves": staff already there, not arriving
        return subject, found
    takes_over = doing is Doing.hand_over or (lemma == "take" and rest.startswith("over"))
    return subject, replace(
        found, arrived=max(found.arrived, count), handed_over=found.handed_over or takes_over
    )


def _subject(words: list[str], patient: frozenset[str]) -> Subject:
    """Who the words before the verb name, and how many when they are other staff."""
    if words[0] in ("i", "we") and len(words) <= 2:
        return ("speaker", 0) if words[0] == "i" else ("others", SEVERAL if "all" in words else 1)
    if (
        len(words) >= 2
        and words[0] not in _NOT_A_DOING
        and words[1] in _OBJECT_START
        and re.fullmatch(r"[a-z]+s", words[0])
    ):
        return ("speaker", 0)  # "scratches his head": an unread doing of the speaker's, then its object
    named = set(words)
    if named & patient or (len(words) == 1 and words[0] in _PATIENT_PRONOUNS):
        return ("patient", 0)
    if named & _THINGS and not named & (_MANY | frozenset(_COUNT) | _SPEAKER - {"the"}):
        return ("thing", 0)
    numbers = [_COUNT[w] for w in words if w in _COUNT]
    parts = len(" ".join(words).split(" and "))
    if numbers:
        return ("others", max(numbers) if parts == 1 else sum(numbers) + parts - 1)
    if named <= _SPEAKER:
        return ("speaker", 0)
    if named & _MANY:
        return ("others", SEVERAL if parts == 1 else parts + 1)
    # A name ("Gav from Elm Ward") or a role with a qualifier ("the night nurse"): one other each.
    return ("others", parts)


def _conferring(clause: str, who: str, patient: frozenset[str]) -> bool:
    """True when a verb of the clause passes a word or a look between staff ("steps out of earshot to talk
    to Jo"). The manner words count here: "talks quietly to the HCA" confers, "talks to the HCA" need not."""
    said = clause.split()
    hushed = bool(_QUIETLY.search(clause))
    return any(
        _confers(VERB[w][0], " ".join(said[i + 1 :]), who, patient, hushed)
        for i, w in enumerate(said)
        if w in VERB and (VERB[w][1] in (Doing.confer, Doing.hush) or VERB[w][0] == "swap")
    )


def _confers(lemma: str, rest: str, who: str, patient: frozenset[str], hushed: bool) -> bool:
    """True when the words after a verb pass a word or a look between staff: to someone who is not the
    patient, or, said of other staff, among themselves ("the two nurses whisper")."""
    if lemma in ("confer", "huddle"):
        return True
    if lemma in ("exchange", "swap", "trade"):  # "swaps a look with the HCA" is no handover
        return bool(_LOOK.match(rest))
    if lemma == "have":  # "has a quick word with the charge nurse"
        word = _A_WORD.match(rest)
        return word is not None and _to_staff(word.group(1), patient)
    if lemma in ("glance", "look"):
        return bool(_AT_STAFF.match(rest))
    if lemma not in (*_WHISPERS, "talk", "speak", "chat", "say"):
        return False
    hushed = hushed or lemma in _WHISPERS
    if who == "others" and hushed and not _TO_SOMEONE.match(rest):
        return True
    return hushed and _to_staff(rest, patient)


def _to_staff(rest: str, patient: frozenset[str]) -> bool:
    """True when `rest` says the words go to someone other than the patient ("to Jo", "with her colleague",
    "to each other"; not "to her", "to Dean")."""
    to = _TO_SOMEONE.match(rest)
    if not to:
        return False
    target = rest[to.start(1) :].split()
    if target[0] in ("her", "his", "their"):
        return len(target) > 1 and bool(_STAFF_ROLE.match(target[1]))
    return target[0] not in _PATIENT_PRONOUNS | patient | {"me", "you", "herself", "himself"}


def _speaker_did(lemma: str, doing: Doing, rest: str, found: Acted) -> Acted:
    """`found` with what the speaker did in one clause."""
    seat = _A_SEAT.match(rest)
    if lemma in _SEAT_OFFERING and seat and not _OWN_SEAT.match(f"{lemma} {rest}"):
        return replace(found, seat=seat.group(1))
    if doing is Doing.knock:  # "taps her on the shoulder" is a hand on her; "knocks and waits" a knock
        return (
            replace(found, touch=True)
            if _touches("touch", Doing.touch, rest)
            else replace(found, knocked=True)
        )
    hands = re.sub(
        r"^(?:him|her|them) (?=(?:both |two |empty |open |his |her |their )*(?:hands|palms))", "", rest
    )
    shown = _HANDS_SHOWN.match(hands) or (lemma in _RAISING and re.match(_OWN_HANDS, hands))
    if lemma in _SHOWING and shown and not re.search(r"\bon\b", hands):
        return replace(found, open_hands=True)
    if _touches(lemma, doing, rest):
        return replace(found, touch=True)
    if doing is Doing.hand_over or (lemma == "take" and rest.startswith("over")):
        # "hands over to the night nurse", "passes her over to the nurse in charge"; "hands her a blanket"
        if re.match(r"(?:(?:her|him|them|you) )?(?:over|to)\b", rest) or lemma in ("swap", "handover"):
            return replace(found, handed_over=True)
        return _brought(rest, found)
    if (doing is Doing.call and (lemma in _CALLING or _PERSON.search(rest) or _TO_A_PLACE.match(rest))) or (
        lemma in ("shout", "yell", "holler") and (rest.startswith("for") or _TO_STAFF.match(rest))
    ):
        return replace(found, called=True)
    if doing is Doing.shout and (lemma != "raise" or _VOICE_UP.search(rest)):
        return replace(found, voice=Voice.raised)
    if doing is Doing.hush or (lemma == "lower" and "voice" in rest):
        return replace(found, voice=Voice.quiet)
    if doing is Doing.leave:
        gone = not rest or _OUT.match(rest) or lemma in ("leave", "exit", "disappear", "depart")
        return replace(found, left=True) if gone else found
    if doing is Doing.arrive and lemma in _WALKING and _OUT.match(rest):
        return replace(found, left=True)
    if doing is Doing.arrive and _CARRYING.search(rest):  # "comes back with a mug"
        return _brought(_CARRYING.split(rest, 1)[-1], found)
    if doing is Doing.bring or lemma in _PLACING or (lemma == "hold" and _HELD_UP.match(rest)):
        return _brought(rest, found)
    return _placed(lemma, doing, rest, found)


# A seat pulled out, pointed to or patted ("pulls out a chair at the table by the window", "nods to the
# armchair", "pats the bench beside her"): somewhere to sit offered without a word. The seat is what the
# verb acts on, not a place the speaker goes ("sits in the chair by the door").
_SEAT_OFFERING = frozenset(words_of("pull drag draw offer gesture point nod pat motion indicate wave"))
_A_SEAT = re.compile(
    r"^(?:(?:out|up|over|back|across|round|him|her|them|to|towards|at)\s+)*(?:a|an|the|another|one|"
    r"that|this|his|her|their|a spare|the spare|the empty|an empty)\s+(?:[a-z]+\s+)?"
    r"(chair|seat|stool|sofa|settee|bench|beanbag|armchair)s?\b"
)

# "pulls up a chair beside him", "drags a stool over": a seat for the speaker, unless it is put out for them.
_OWN_SEAT = re.compile(
    r"^(?:pull|drag|draw) (?!.*\bfor (?:him|her|them)\b)"
    r"(?:(?!out\b)|.*\b(?:next to|beside|alongside) (?:her|him|them|hers|his|theirs)\b)"
)


def _touches(lemma: str, doing: Doing, rest: str) -> bool:
    """A hand on them: "touches his shoulder", "takes her hand", "puts a hand on her arm" (not "puts the
    pot down", nor "holds the door")."""
    if lemma in _PLACING or lemma == "take":
        return bool(_HAND_ON.search(rest))
    return doing is Doing.touch and bool(_ON_THEM.match(rest) or _BODY.search(rest))


def _placed(lemma: str, doing: Doing, rest: str, found: Acted) -> Acted:
    """Where the speaker ends up: close, beside them, or away ("takes two steps back")."""
    if doing is Doing.posture and re.search(_ON_BED, rest):  # "the corner of her bed" is on it, not away
        return replace(found, near=True, on_bed=True)
    if doing is Doing.retreat and rest.startswith("at "):  # "glances at the nurse, then back at him": a look
        return found
    if doing is Doing.retreat or (lemma in _MOVING and _STEPS_AWAY.search(rest)):
        return replace(found, away=True)
    far = bool(_FAR.search(rest))
    comes_near = doing in (Doing.approach, Doing.posture, Doing.arrive) and bool(_NEAR.search(rest))
    if (comes_near or lemma in _LOW) and not far:
        return replace(found, near=True)
    if doing in (Doing.posture, Doing.approach) and _BESIDE.search(rest):
        return replace(found, beside=True)
    if doing in (Doing.posture, Doing.approach) and far:
        return replace(found, away=True)
    return found


def _brought(rest: str, found: Acted) -> Acted:
    """`found` with the things handed or brought ("her a blanket and a pen" -> "a blanket", "a pen"), each
    up to where it goes or to whom."""
    rest = re.sub(r"^(?:(?:her|him|them|over|back|round|in|up|out)\s+)+", "", rest)
    things = [_WHERE_TO.split(part)[0].strip() for part in rest.split(" and ")]
    return replace(found, brought=(*found.brought, *(t for t in things if _THING.fullmatch(t))))
