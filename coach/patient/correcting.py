"""A time or a day staff get wrong about what the person knows ("you'll see Dr Okafor at ward round on
Friday" when it is Thursday; "last post? Seven." when it goes at half five), or who someone in their life
is ("the anniversary of losing your dad" when it was her brother: coach.patient.wrong_person): the person
says it is not what they were told (the persona file's optional `acts.corrected` lines, `{offer}` the
detail as staff said it) and what they know, before anything else the turn said. A patient who agrees with
a wrong detail teaches the trainee nothing about checking what they say, nor a reflection that gets them
wrong about listening."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import NamedTuple

from coach.grading.rules.dispatch import compile_keyed
from coach.listening import BandLines
from coach.models import Band, Persona
from coach.patient.asked import times_in, times_put
from coach.patient.facts import TELLING_BANDS, told_facts
from coach.patient.guards import check_reply
from coach.patient.meaning import meant
from coach.patient.meaning import shared as shared_words
from coach.patient.pools import Pool, lines_at
from coach.patient.shouted import shouted
from coach.patient.teach_back import lower_first as _lower_first
from coach.patient.teach_back import said_in_scene, turned_round
from coach.patient.wrong_in_scene import names_in, person_put_back_wrong
from coach.patient.wrong_person import wrong_person
from coach.spelling import plain_words
from coach.wording import DAYS, HOUR_WORDS, clauses, sentences

# A fact is about what the staff clause speaks of when they share this many words beyond the times.
MIN_SHARED = 2
_DAY = re.compile(rf"(?:{DAYS})")
_DIGITS = dict(zip(map(str, range(1, 13)), HOUR_WORDS.split("|"), strict=True))
# A clause about what has happened, and one about what is still to come.
_PAST = re.compile(
    r"\b(?:was|were|had|did|has been|have been|brought|saw|came|went|told|took|ate|gave|last night|"
    r"yesterday|ago|since)\b|\b\w+ed\b"
)
# A summary put to them to confirm: "..., that right?", "have I got that right?", "so ..., yeah?" (a tag alone
# asks them to agree with anything: "Dr Patel's on on Saturday, yeah?").
_CONFIRM_ASKED = re.compile(
    r"(?:^|[.,] ?)(?:is |was )?(?:that|this) (?:right|correct)\s*\?$|"
    r"^(?:so|to sum up|just to check)\b.*,\s*(?:yeah|yes|right|ok|okay|yep|aye)\s*\?$|"
    r"\bhave i got (?:that|it|this) right\b"
)
# Staff putting right what they said earlier: "I got that wrong", "my mistake", "I meant Thursday",
# "Thursday, not Friday".
_PUTS_OWN_RIGHT = compile_keyed(
    r"\b(?:i (?:got|had) (?:that|it|the \w+) (?:wrong|mixed up|muddled)|my (?:mistake|bad|error)|"
    r"i meant|i was wrong|i made a mistake|i misspoke|scratch that|i said (?:that )?wrong|"
    r"correction|let me (?:correct|put) that|sorry,? (?:i mean|not)|,? not (?:on )?(?:"
    + DAYS
    + r"|at (?:"
    + HOUR_WORDS
    + r"|half|quarter|\d+))\b)"
)
# What time it is now ("it's only ten past four"): no detail of anything to put right.
_TIME_NOW = re.compile(r"(?:it's|it is|its) (?:only |just |nearly |almost |gone |already |now )?[a-z0-9]")
_TO_COME = re.compile(r"\b(?:will|'ll|going to|gonna|could|can|shall|would|tomorrow|tonight|next)\b")


def corrections(
    staff_text: str, persona: Persona, band: Band, earlier_staff: Sequence[str] = ()
) -> Iterator[Pool]:
    """Their correction of a time or day the turn gets wrong, when a fact of theirs, or something staff
    said earlier in the scene (`earlier_staff`, turned round to their side:
    coach.patient.teach_back.said_in_scene), holds another of the same kind in a clause about the same
    thing, said of the same time to come or gone; or of who was to do what staff said someone else would
    (coach.patient.wrong_in_scene); nothing when the file has no `corrected` lines or nothing is wrong."""
    lines = persona.listening.acts.corrected
    if lines is None or band not in (*TELLING_BANDS, Band.highly_agitated):
        return
    plain = plain_words(staff_text)
    facts = tuple(told_facts(persona))
    person = wrong_person(plain, persona)
    if person is not None:
        # Who someone in their own life is they know, not were told: the file's `wrong_person` lines.
        yield _corrected(persona.listening.acts.wrong_person or lines, band, *person, plain)
        return
    # staff putting right what they said themselves ("sorry, I got that wrong, it's Thursday") say it anew
    own_right = bool(_PUTS_OWN_RIGHT.search(plain.lower()))
    first_name = persona.profile.first_name
    wrong_here = None if own_right else person_put_back_wrong(plain, list(earlier_staff), first_name)
    if wrong_here is not None:
        told = turned_round(wrong_here[1], first_name)
        if told is not None and not check_reply(told, [], persona):
            yield _corrected(lines, band, wrong_here[0], f"You said {_lower_first(told)}.", plain)
            return
    found = set(times_in(plain))
    if not found:
        return
    # What this scene's staff said comes before the file's facts: "so that's Sunday, yeah?" is held to the
    # Saturday said two turns ago, said back as said ("You said I can ring Ellie on Saturday.").
    said_here = () if own_right else tuple(said_in_scene(list(earlier_staff), first_name))
    here = _timed_clauses(tuple(f"You said {_lower_first(s)}." for s in said_here), here=True)
    known = here + _timed_clauses(facts)
    checked = bool(_CONFIRM_ASKED.search(plain.lower().strip()))
    said = sentences(plain)
    for i, sentence in enumerate(said):
        for clause in clauses(sentence):
            if not any(t in clause for t in found) or _TIME_NOW.match(clause.strip().lower()):
                continue
            for when in times_put(clause):
                # A time said on its own is of the sentence before it ("Last post? Seven.").
                of = clause if meant(clause) - meant(when) else " ".join(said[max(i - 1, 0) : i + 1])
                # a time staff said before in this scene is no wrong detail of it, whatever else it was
                # said with ("card in the box before half five, and your call at half six")
                said_before = any(_same(time, when) for clause_here in here for time in clause_here.times)
                weighed = tuple(k for k in known if not (k.here and said_before))
                fixed = _fact_against(of, when, weighed, checked)
                # what staff said earlier is told back in their words: it passes the guards a model's
                # reply must
                if fixed is None or check_reply(fixed, [], persona):
                    continue
                yield _corrected(lines, band, when, fixed, sentence)
                return


def _corrected(lines: BandLines, band: Band, wrong: str, fact: str, said: str) -> Pool:
    """The `corrected` lines with the detail staff got `wrong`, each followed by the `fact` that holds the
    right one: said plainly while they can, shouted (as the sentence staff `said` puts it) above that."""
    told = fact if band in TELLING_BANDS else shouted(fact, None, said, None)
    pool = lines_at("corrected", lines, band, offer=wrong)
    return Pool("corrected", tuple(f"{line} {told}" for line in pool.lines))


class _Timed(NamedTuple):
    """A clause of a fact that holds a time or a day."""

    fact: str
    times: tuple[str, ...]
    words: frozenset[str]
    past: bool  # it tells what has happened
    limit: bool  # its time is a latest time ("the last post goes at half five", "by Friday")
    # said by staff in this scene: with its names (lower case), one of which shows a clause is about the
    # same thing (what staff said of Bernie's visit on Wednesday is what "when she's in on Saturday" gets
    # wrong)
    here: bool = False
    names: frozenset[str] = frozenset()


# A time said as the latest something can be: "the last post goes at half five", "by four", "until eight".
_LIMIT = re.compile(r"\b(?:last|latest|by|before|until|till|deadline|closes?|no later than)\b")


@lru_cache(maxsize=64)
def _timed_clauses(facts: tuple[str, ...], here: bool = False) -> tuple[_Timed, ...]:
    """Each clause of the facts (in their mouth) that holds a time or a day; `here`: said by staff in this
    scene. Kept: every reply with a time in it weighs them."""
    out = []
    for fact in facts:
        for clause, as_said in zip(clauses(fact.lower()), clauses(fact), strict=False):
            if times := times_put(clause):
                limit = bool(_LIMIT.search(clause))
                names = frozenset(n.lower() for n in names_in(as_said)) if here else frozenset()
                past = bool(_PAST.search(clause))
                timed = _Timed(fact, tuple(times), meant(clause), past, limit, here, names)
                out.append(timed)
    return tuple(out)


def _fact_against(said: str, when: str, known: tuple[_Timed, ...], checked: bool = False) -> str | None:
    """The fact with a clause about what `said` (a clause holding the time `when`) is about, said of the
    same time to come or gone, that holds a time of the same kind and not `when`; a time before a fact's
    latest time is none ("I'll post it at four" when the last post goes at half five). A summary put to
    them to confirm (`checked`) is weighed against what staff said here on one shared word: it claims to
    be what was said."""
    about = meant(said) - meant(when)
    to_come = bool(_TO_COME.search(said))
    for known_clause in known:
        alike = [t for t in known_clause.times if _is_day(t) == _is_day(when)]
        if not alike or any(_same(t, when) for t in alike):
            continue
        if known_clause.past and to_come:
            continue  # "Bernie brought a tub on Sunday": no wrong day for "she could bring one Wednesday"
        if known_clause.limit and _before(when, alike[0]):
            continue
        need = 1 if checked and known_clause.here else MIN_SHARED
        if shared_words(about, known_clause.words - meant(alike[0])) >= need or any(
            re.search(rf"\b{name}\b", said, re.IGNORECASE) for name in known_clause.names
        ):
            return known_clause.fact
    return None


def _before(time: str, latest: str) -> bool:
    """True when clock time `time` is known to come before `latest` on the same half of the day ("four"
    before "half past five"); False when either is a day or cannot be read as an hour."""
    one, other = _hour(time), _hour(latest)
    return one is not None and other is not None and one < other


_HOUR_OF = {word: n for n, word in enumerate(HOUR_WORDS.split("|"), start=1)}


def _hour(time: str) -> float | None:
    """The hour of a clock time as said ("half past five" -> 5.5, "quarter to seven" -> 6.75, "4" -> 4),
    or None for a day or a form this does not read."""
    words = _plain(time).replace("am", "").replace("pm", "").split()
    if not words or words[-1] not in _HOUR_OF:
        return None
    hour = float(_HOUR_OF[words[-1]])
    before = words[:-1]
    if before == ["half"]:
        return hour + 0.5
    if before == ["quarter"]:
        return hour + 0.25
    if before == ["quarter", "to"]:
        return hour - 0.25
    return hour if not before else None


def _is_day(time: str) -> bool:
    return bool(_DAY.fullmatch(time.split()[0]))


def _same(one: str, other: str) -> bool:
    """Whether two times said are the same: one holds the other's words once "past", "o'clock" and digits
    are put as said ("half five" and "half past five"; "eleven" and "11 pm")."""
    a, b = _plain(one), _plain(other)
    return a in b or b in a


def _plain(time: str) -> str:
    words = [_DIGITS.get(w, w) for w in time.replace(":", " ").split() if w not in ("past", "o'clock")]
    return " ".join(words)
