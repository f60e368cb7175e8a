"""What a staff turn does to the patient's request, read by the shape of its clauses, not by its words.

A no comes in many forms that share no word: "once things are calmer" (put off on a condition), "someone
will get back to you" (put off with no time, by someone else), "that's the ward round's call" (passed on),
"lighters stay in the office" (a rule given as the answer), "just the one" (a quantity), "not while you're
shouting" (a condition on the patient). What they share is structure: who the clause's subject is (the
speaker, the patient, someone else, a thing or a rule), what its auxiliary says (will, can, must, would,
none), whether it is negated, and what time it puts on the outcome (now, a named time, a vague later, a
condition). Each clause is read once into that shape, and the turn into the moves those shapes make.

The word classes are grammar (pronouns, auxiliaries, subordinators, quantifiers, time words) and the roles
on a ward who decide things; none is a list of what any corpus turn said.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import pairwise
from typing import NamedTuple


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[.,;:!?\n-]")
_BREAK_MARKS = frozenset(".,;:!?\n-")
_SENTENCE_MARKS = frozenset(".!?\n")
# Conjunctions that start a new clause (the subordinators stay with their clause: they are read).
_BREAK_WORDS = _set(
    """
    and but so because cos coz or though although then
    """
)
_DISCOURSE = _set(
    """
    well look ok okay right listen so now just honestly sorry mate love hun hey oh ah um erm hmm
    actually basically still really
    """
)
_SUBORDINATORS = {
    w: w for w in ("once", "when", "after", "until", "unless", "if", "while", "before", "as")
} | {
    "whenever": "when",
    "till": "until",
    "til": "until",
}
_SPEAKER = _set(
    """
    i i'm im i'll ill i've i'd we we'll we're we've we'd me us let's lets
    """
)
_ADDRESSEE = _set(
    """
    you u ya you'll youll you're youre ur you've you'd your
    """
)
_OTHER = _set(
    """
    he she they he'll she'll they'll he's she's they're someone somebody anyone anybody nobody
    everyone everybody whoever
    """
)
# Who decides on a ward: the roles a decision can be passed to.
_ROLES = _set(
    """
    doctor doctors dr consultant psychiatrist team nurse charge manager ward round mdt review
    tribunal pharmacy social worker rc registrar sister matron management panel board office
    colleague colleagues staff boss psychologist ot cpn gp
    """
)
_THING = _set(
    """
    it it's its that that's thats this there there's theres these those it'll that'll the a an all
    every no any
    """
)
_NEGATIONS = _set(
    """
    not no never nothing nobody none nowhere cannot cant wont dont isnt arent aint nope nah
    """
)
_FUTURE = frozenset({"will", "'ll", "going", "gonna", "shall"})
_ABLE = frozenset({"can", "could", "may", "might", "allowed", "able"})
_MUST = _set(
    """
    must have has need needs got gotta should
    """
)
_WOULD = frozenset({"would", "'d"})
_BE = _set(
    """
    is are 's 're am 'm was were be
    """
)
_NUMBER = re.compile(r"\d")
# "at three", "by half": a number word after a preposition of time names a time.
_AT = _set("at by from after before till until around about")
_NUMBER_WORDS = _set("one two three four five six seven eight nine ten eleven twelve half")
_SPECIFIC_TIME = _set(
    """
    tomorrow tonight morning afternoon evening monday tuesday wednesday thursday friday saturday
    sunday o'clock oclock half quarter noon midday week weekend today lunch dinner teatime breakfast
    shift am pm weeks days hour hours minutes mins
    """
)
_VAGUE_TIME = _set(
    """
    later soon sometime eventually bit while moment minute sec second shortly calmer settled ready
    due
    """
)
_NOW = frozenset({"now", "here", "straight", "right", "immediately"})
_QUANTITY = _set(
    """
    more only enough another last one max maximum limit each per extra again left
    """
)
_YES = _set(
    """
    yes yeah yep yup sure course certainly absolutely ok okay
    """
)
_WH = _set(
    """
    what why how who where which when whats what's hows how's who's whos where's when's
    """
)
_AUX_FIRST = _set(
    """
    do does did are is am can could would will shall should may have has was were won't can't isn't
    aren't
    """
)
_WANTING = _set(
    """
    want wanna need needs like rather asked asking waiting
    """
)


_NOT_VERBS = _YES | _NEGATIONS | _WH | _AUX_FIRST | _THING | _DISCOURSE


class Clause(NamedTuple):
    """One clause's shape: its opener, subject, auxiliary, polarity and the time it names."""

    opener: str  # a subordinator ("once", "until", "if"...) or "" for a main clause
    subject: str  # speaker, addressee, other, role, thing, none (an imperative or a fragment)
    aux: str  # future, able, must, would, be, past, none
    negated: bool
    time: str  # now, specific, vague, none
    quantity: bool
    question: bool
    first: str  # the first content word (a yes, a no, an imperative verb)
    words: tuple[str, ...]


def _aux_of(word: str) -> str | None:
    if word in _FUTURE or word.endswith("'ll"):
        return "future"
    if word in _ABLE or word in {"can't", "cannot", "cant", "couldn't"}:
        return "able"
    if word in _MUST:
        return "must"
    if word in _WOULD or word.endswith("'d") or word == "wouldn't":
        return "would"
    if word in {"won't", "wont"}:
        return "future"
    if word in _BE or word.endswith(("'s", "'re", "'m")) or word in {"isn't", "aren't", "wasn't"}:
        return "be"
    if word in {"did", "didn't", "was", "had", "said", "told", "promised", "went", "got"} or (
        word.endswith("ed") and len(word) > 4
    ):
        return "past"
    return None


def _subject_of(word: str, following: str) -> str:
    """The kind of the clause's subject from its first word (and the next: "the doctor", "mugs can't")."""
    if word in _SPEAKER:
        return "speaker"
    if word in _ADDRESSEE:
        return "addressee"
    if word in _OTHER:
        return "other"
    if word in _ROLES or following in _ROLES:
        return "role"
    if word in _THING or word.endswith("'s") or _aux_of(following) not in {None, "past"}:
        # a word an auxiliary follows is a subject ("mugs can't", "visitors need"): a command has none
        return "thing"
    return "none"


def _clause(tokens: list[str], question: bool) -> Clause:
    at = 0
    while at < len(tokens) - 1 and tokens[at] in _DISCOURSE:
        at += 1
    if tokens[at] in {"not", "only", "just"} and at < len(tokens) - 1 and tokens[at + 1] in _SUBORDINATORS:
        at += 1  # "not while...", "only once...": the subordinator opens the clause all the same
    opener = _SUBORDINATORS.get(tokens[at], "") if tokens else ""
    if opener and at < len(tokens) - 1:
        at += 1
    head = tokens[at] if at < len(tokens) else ""
    subject = _subject_of(head, tokens[at + 1] if at + 1 < len(tokens) else "")
    aux = "none"
    # the auxiliary is in the subject word ("I'll") or within the next three words ("the doctor will")
    for word in tokens[at : at + 4]:
        found = _aux_of(word)
        if found is not None:
            aux = found
            break
    said = frozenset(tokens)
    negated = not said.isdisjoint(_NEGATIONS) or any(w.endswith("n't") for w in tokens)
    if (
        not said.isdisjoint(_SPECIFIC_TIME)
        or _NUMBER.search(" ".join(tokens))
        or any(a in _AT and b in _NUMBER_WORDS for a, b in pairwise(tokens))
    ):
        time = "specific"
    elif not said.isdisjoint(_VAGUE_TIME) or opener in {"once", "when", "after", "until"}:
        time = "vague"
    elif not said.isdisjoint(_NOW):
        time = "now"
    else:
        time = "none"
    quantity = not said.isdisjoint(_QUANTITY) and (negated or "only" in said or "just" in said)
    return Clause(opener, subject, aux, negated, time, quantity, question, head, tuple(tokens))


@lru_cache(maxsize=4096)
def clauses(speech: str) -> tuple[Clause, ...]:
    """The clauses of the spoken text, each read into its shape, in one pass over its words."""
    out: list[Clause] = []
    current: list[str] = []
    sentence_from = 0  # the first clause of the current sentence: a "?" makes all of its clauses questions
    for token in _TOKEN.findall(speech.lower()):
        if token in _BREAK_MARKS or token in _BREAK_WORDS:
            if current:
                out.append(_clause(current, False))
                current = []
            if token == "?":
                out[sentence_from:] = [c._replace(question=True) for c in out[sentence_from:]]
            if token in _SENTENCE_MARKS:
                sentence_from = len(out)
            continue
        current.append(token)
    if current:
        out.append(_clause(current, False))
    return tuple(out)


def moves(speech: str) -> frozenset[str]:
    """What the turn does to a request, as the names of the moves its clauses make:

    - granted: a yes, or the speaker or the patient able or about to have it now
    - granted_later: the speaker or the patient able or about to, at a named time
    - deferred: the same at a vague later, or a clause put off until something happens
    - promised: the same with no time at all
    - conditional: the outcome hangs on what the patient does ("once you've...", "unless you...")
    - passed_on: someone else (a role, "someone") will, can or must; withheld_by_other: they will not
    - role_named: a role who decides is named, not as the subject
    - rule: a thing or a role under a negation, or a thing or a role that must, with no speaker in it
    - limited: a quantity under a negation or an "only"
    - refused: the speaker or the patient negated with can, will or be
    - bare_command: a clause with no subject and no auxiliary (an instruction, or a fragment)

    The scorer weighs each move, alone and beside what the patient's line asked (`request_kinds`); none
    decides a no by itself, since the same deferral is a no after "let me out" and not after "I'm scared".
    """
    found: set[str] = set()
    for c in clauses(speech):
        if c.question:
            continue
        positive = not c.negated
        if c.first in _YES and positive:
            found.add("granted")
        if c.opener in {"once", "until", "unless", "when", "after", "before"}:
            found.add("conditional" if c.subject == "addressee" else "deferred")
        elif c.opener == "if" and c.subject == "addressee":
            found.add("conditional")
        if (
            c.subject in {"speaker", "addressee"}
            and positive
            and c.aux in {"future", "able"}
            and not c.opener
        ):
            found.add(
                {"now": "granted", "specific": "granted_later", "vague": "deferred"}.get(c.time, "promised")
            )
        if c.subject in {"role", "other"} and c.aux in {"future", "able", "must", "be", "none"}:
            found.add("passed_on" if positive else "withheld_by_other")
        elif c.subject not in {"speaker", "addressee"} and not _ROLES.isdisjoint(c.words):
            found.add("role_named")
        if c.subject in {"thing", "role", "other"} and c.aux in {"must", "able", "none", "be"} and c.negated:
            found.add("rule")
        if c.subject in {"thing", "role"} and c.aux == "must" and positive:
            found.add("rule")
        if c.quantity:
            found.add("limited")
        if c.subject in {"speaker", "addressee"} and c.negated and c.aux in {"able", "future", "be"}:
            found.add("refused")
        if c.subject == "none" and not c.opener and c.first not in _NOT_VERBS and c.aux == "none":
            found.add("bare_command")
    return frozenset(found)


def shapes(speech: str) -> list[str]:
    """Each statement clause's shape as one name (subject, auxiliary, polarity, time), for the scorer."""
    return [
        f"{c.opener or 'main'}/{c.subject}/{c.aux}/{'neg' if c.negated else 'pos'}/{c.time}"
        for c in clauses(speech)
        if not c.question
    ]


def request_kinds(patient: str | None) -> frozenset[str]:
    """What the patient's last line puts to the staff, by its clause shapes:

    - command: a clause with no subject that tells staff what to do ("give me...", "let me out")
    - asks_yes_no: a question opening with an auxiliary ("will I...?", "is anyone...?", "can I...?")
    - asks_wh: a question opening with a question word ("when...?", "who's taking me?")
    - asks: any other question
    - wants: the patient as subject of want, need, like, rather, asked, waiting
    - intends: the patient as subject of will or be: their own plan, yes or no ("I'm going", "I'm not
      taking it")
    - holds_to: the staff as subject of something past or to come ("you said...", "you'll only...")
    """
    if not patient:
        return frozenset()
    found: set[str] = set()
    for c in clauses(patient):
        if c.question:
            found.add("asks_wh" if c.first in _WH else "asks_yes_no" if c.first in _AUX_FIRST else "asks")
        elif c.subject == "none" and not c.opener and c.first not in _NOT_VERBS and c.aux == "none":
            found.add("command")
        if c.subject == "speaker" and c.aux in {"future", "be"}:
            found.add("intends")
        if c.subject == "speaker" and not _WANTING.isdisjoint(c.words):
            found.add("wants")
        if c.subject == "addressee" and c.aux in {"past", "future"}:
            found.add("holds_to")
    return frozenset(found)
