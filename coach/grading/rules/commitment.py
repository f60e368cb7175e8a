"""What a staff turn commits the speaker to, offers or grants, read clause by clause.

A "no" leaves the patient's request unmet; a commitment ("I'll ring him at four"), an offer ("you can have
it in the quiet room if you like") or a grant ("Course, help yourself") meets it, now or at a time the
patient can hold staff to. Out of fold on dev the learned scorer read many of these as a no: the same words
("ward round", "tomorrow", "I'll ask") sit in put-offs and in real plans. What tells them apart is the
shape of the clause: who acts (the speaker, the patient given leave, someone else), whether it is negated
or a duty ("I'll have to..."), when (a named time, a vague later, once the patient does something), and
whether the clause is about the thing the patient's line asked for (a content word they share).

Words in quotation marks and clauses that report someone else's words ("the doctor said you can...") are
not the speaker's commitment, so they are skipped. Each reading is a scorer feature; the scorer weighs them.
"""

from __future__ import annotations

import re
from functools import lru_cache

from coach.grading.rules.text import content_words, fold

# Where one clause ends: sentence ends, semicolons, a "but" that turns the clause round.
_CLAUSES = re.compile(r"[.;!?\n]+|\bbut\b|\bthough\b")
_QUOTE = re.compile(r"[\"“”][^\"“”]{1,200}[\"“”]")
_REPORTED = re.compile(r"\b(?:said|says|told|tells|promised|reckons|reckoned|wrote|writes)\b")
_NEG_AFTER = re.compile(r"^\s*(?:\w+\s+)?(?:not|never|n't)\b")

# The speaker (or the team speaking as "we") taking on an action; "ill" is the typed "I'll" at a clause start.
_SELF = re.compile(
    r"\b(?:i'?ll|i will|i'?m going to|i'?m gonna|im going to|im gonna|i can|i could|let me|we'?ll|we will"
    r"|we'?re going to|we can|we could|i'?d be happy to|happy to|i'?ve (?:asked|booked|rung|put|told|got)"
    r"|i'?m (?:on it|sorting|getting|ringing|calling|booking|putting))\b(?!'t)|^\s*ill(?= [a-z])"
)
_SELF_NEG = re.compile(
    r"\b(?:i|we) (?:can'?t|cannot|won'?t|couldn'?t|wouldn'?t|am not|'?m not|are not|aren'?t)\b"
    r"|\b(?:i'?m|we'?re) not (?:going|gonna|able)\b"
)
_DUTY = re.compile(r"^\s*(?:have|need|got) to\b|^\s*(?:just )?(?:have|need) to\b")
_TRY = re.compile(r"^\s*(?:try|see|see if|see what|look into|find out|ask)\b")
# The patient given leave or a choice.
_OFFER = re.compile(
    r"\b(?:would you like|would you want|do you want|d'?you want|you want me to|want me to|shall i|shall we"
    r"|if you like|if you want|if you'?d like|if you'?d rather|how about|what about|feel free|help yourself"
    r"|up to you|your call|your choice|all yours|it'?s yours|you'?re welcome to|you can|you could|you may"
    r"|you'?re allowed|go ahead|happy for you to)\b(?!'?t\b| not\b|n'?t\b)"
)
_YOU_NEG = re.compile(
    r"\byou (?:can'?t|cannot|can not|couldn'?t|won'?t be|aren'?t allowed|are not allowed|may not)\b"
)
_GRANT_OPEN = re.compile(
    r"^\s*(?:yes|yeah|yep|yup|sure|course|of course|absolutely|definitely|go on|go ahead|no problem"
    r"|no worries|fine by me|that'?s fine|ok(?:ay)?,? (?:go|yes|sure))\b"
)
_NO_OPEN = re.compile(
    r"^\s*(?:no|nope|nah|not (?:today|now|tonight|yet|right now))\b(?! (?:problem|worries)\b)"
)
# When: a time the patient can hold staff to, a vague later, or once the patient has done something.
_NAMED = re.compile(
    r"\b(?:\d{1,2}(?::\d\d| ?[ap]m| o'?clock)?|(?:half|quarter) (?:past |to )?\w+"
    r"|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve) o'?clock"
    r"|at (?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
    r"|tonight|today|this (?:morning|afternoon|evening)"
    r"|right now|now|straight away|straightaway"
    r"|in (?:a|one|two|five|ten|fifteen|twenty|\d+) (?:minutes?|mins?)"
    r"|tomorrow|monday|tuesday|wednesday|thursday|friday|saturday|sunday|after (?:lunch|tea|dinner|breakfast"
    r"|handover|meds|the round)|before (?:lunch|tea|dinner|handover|bed)|first thing|at ward round)\b"
)
_VAGUE = re.compile(
    r"\b(?:later|soon|at some point|some ?time|when i (?:can|get a (?:chance|minute|moment))"
    r"|in a (?:bit|while|minute)"
    r"|another time|another day|one day|eventually|when things|once things|when it'?s (?:calmer|quieter)"
    r"|when we can|if i can|if i get|when (?:someone|somebody)|at some stage)\b"
)
_ON_PATIENT = re.compile(
    r"\b(?:if|once|when|as long as|provided|until) you(?:'ve| have| are|'re)? "
    r"(?!like\b|want\b|'?d like|'?d rather)"
)
_NOW = re.compile(
    r"\b(?:right now|now|straight away|straightaway|this (?:minute|second)|immediately"
    r"|in (?:a|one|two|five|ten|\d+) (?:minutes?|mins?)|here you go|on it)\b"
)
_PATIENT_NOW = re.compile(
    r"\b(?:now|right now|today|tonight|straight away|this minute|immediately|already)\b"
)
_GENERIC = frozenset(re.findall(r"\S+", "think sure thing things time okay fine good just bit right yeah"))


def commitments(speech: str, patient: str | None) -> tuple[str, ...]:
    """What the turn `speech` commits to, offers or grants, as feature names: the kind of each move
    (`self`, `self_try`, `self_duty`, `self_neg`, `offer`, `you_neg`, `grant`, `open_no`), each crossed
    with its time (`named`, `vague`, `on_patient`) and with `meets` when its clause shares a content word
    with the patient's line; `none` when the turn neither commits, offers nor grants anything."""
    return _commitments(speech, patient or "")


@lru_cache(maxsize=4096)
def _commitments(speech: str, patient: str) -> tuple[str, ...]:
    text = _QUOTE.sub(" ", fold(speech).replace("’", "'"))
    asked = {w[:4] for w in content_words(patient) if w not in _GENERIC}
    pressed = bool(_PATIENT_NOW.search(fold(patient)))
    found: set[str] = set()
    clauses = [c for c in _CLAUSES.split(text) if c.strip()]
    if clauses:
        if _GRANT_OPEN.search(clauses[0]):
            found.add("grant")
        elif _NO_OPEN.search(clauses[0]):
            found.add("open_no")
    for clause in clauses:
        for kind, at in _moves(clause):
            tail = clause[at:]
            found.add(kind)
            when = (
                "on_patient"
                if _ON_PATIENT.search(tail)
                else "now"
                if _NOW.search(tail)
                else "named"
                if _NAMED.search(tail)
                else "vague"
                if _VAGUE.search(tail)
                else None
            )
            if when:
                found.add(f"{kind}&{when}")
                if pressed:
                    found.add(f"{kind}&{when}&pressed")
            if asked & {w[:4] for w in content_words(tail) if w not in _GENERIC}:
                found.add(f"{kind}&meets")
    if not found & {"self", "self_try", "offer", "grant"}:
        found.add("none")
    return tuple(sorted(found))


def move_spans(speech: str) -> list[tuple[str, int, int]]:
    """Each move in `speech` (lower-cased, as the scorer's words are read) as (kind, start, end): from
    where the move starts to the end of its clause, in `speech`'s own offsets, so the words a move
    governs can be told from the same words elsewhere in the turn."""
    text = _QUOTE.sub(lambda m: " " * len(m.group()), speech.replace("’", "'"))
    spans: list[tuple[str, int, int]] = []
    start = 0
    for brk in [*_CLAUSES.finditer(text), None]:
        end = len(text) if brk is None else brk.start()
        clause = text[start:end]
        if not spans and not text[:start].strip():  # the turn's first clause: does it open on a yes or a no?
            if _GRANT_OPEN.search(clause):
                spans.append(("grant", start, end))
            elif _NO_OPEN.search(clause):
                spans.append(("open_no", start, end))
        for kind, at in _moves(clause):
            spans.append((kind, start + at, end))
        if brk is not None:
            start = brk.end()
    return spans


def _moves(clause: str) -> list[tuple[str, int]]:
    """The moves in one clause and where each starts; nothing when the clause reports someone's words."""
    moves: list[tuple[str, int]] = []
    for m in _SELF_NEG.finditer(clause):
        moves.append(("self_neg", m.start()))
    for m in _SELF.finditer(clause):
        if _REPORTED.search(clause[: m.start()]):
            continue
        rest = clause[m.end() :]
        if _NEG_AFTER.search(rest):
            moves.append(("self_neg", m.start()))
        elif _DUTY.search(rest):
            moves.append(("self_duty", m.start()))
        elif _TRY.search(rest):
            moves.append(("self_try", m.start()))
        else:
            moves.append(("self", m.start()))
    for m in _YOU_NEG.finditer(clause):
        moves.append(("you_neg", m.start()))
    for m in _OFFER.finditer(clause):
        if not _REPORTED.search(clause[: m.start()]):
            moves.append(("offer", m.start()))
    return moves
