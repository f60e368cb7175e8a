"""The answer to the turn's questions put to the patient: the topic's lines that hold what was asked (a time,
a place, a reason: coach.patient.asked), the persona fact that answers it (coach.patient.facts), and an
honest "I don't know" or "can't remember" when a question for a fact finds nothing that holds it; a
question for their view gets their wants or feelings (coach.patient.asked_form). Which question is answered,
and which topic it is about when it names none ("Did you hear them?", "What was he like?"), is decided here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from coach.acts import Question, fold, stems, topic_of
from coach.listening import Topic
from coach.models import Band, Persona, Speaker
from coach.patient.ahead import ahead_answer, asks_ahead, fitting_first
from coach.patient.asked import Asked, asks_for, carries, named
from coach.patient.asked import about as asked_about
from coach.patient.asked_form import asks_view, non_answer, view_topic
from coach.patient.base import PatientContext
from coach.patient.facts import (
    MIN_SHARED,
    TELLING_BANDS,
    asked_thing,
    fact_for,
    fact_naming,
    fact_said,
    holds_asked,
    names_someone,
    told_facts,
    yes_or_no,
)
from coach.patient.follow_up import followed_up
from coach.patient.leave_to_ask import asks_leave, leave_given
from coach.patient.meaning import classes, covers, meant
from coach.patient.meaning import shared as shared_words
from coach.patient.pools import Pool, lines_at
from coach.patient.shouted import shouted
from coach.wording import named_most, sentences


def question_answers(ctx: PatientContext, questions: list[Question]) -> Iterator[Pool]:
    """The answer to the turn's questions: the topic's lines that hold what was asked (a time, a place,
    a reason: coach.patient.asked) first, then the persona fact that answers it, then the topic's other
    lines; "I don't know" when a question for a fact finds nothing that holds what it asks."""
    persona, band = ctx.persona, ctx.state.band
    if all(asks_leave(q.text) for q in questions):
        # "Can I ask you something?": nothing is asked yet, so they say whether staff may ask.
        yield leave_given(persona, band)
        return
    # "D'you know who she was? Had you spoken to her before?": the question for a kind of fact is the one
    # to answer; the yes/no after it only follows it up.
    # "What sort does she like? Unicorns, animals, something like that?": a yes/no question after an open
    # one follows it up too.
    last = next((q for q in reversed(questions) if asks_for(q.text) is not None), None) or next(
        (q for q in reversed(questions) if q.open), questions[-1]
    )
    asked = asks_for(last.text)
    words = named(last.text)  # what it names in particular
    context = ctx.history[-2].text if len(ctx.history) >= 2 else ""
    # A bare "Did you hear them?" is about what the turn said before it ("Someone knocked at nine."), not
    # what a question after it asks ("Do you know who she was? Did you see her face?").
    # A supposition put before it ("Say you get to see Dr Okafor on Thursday. What would you ask?") is not
    # what it asks about: the fact that says it back is no answer.
    bare = len(stems(fold(last.text))) < MIN_SHARED
    said = ctx.history[-1].text
    before_it = said[: said.find(last.text)] if last.text in said else ""  # what the turn put first
    probe = last.text
    # "You've missed lunch. Are you hungry at all?": a bare question that names a topic of its own asks that
    if bare and before_it and named_most(fold(last.text), persona.listening.topics) is None:
        put = sentences(before_it)
        probe = " ".join((*(s for s in put if not _SUPPOSES.match(fold(s))), last.text))
    # "What would help most?", "what do you make of it?": their view, which no fact of the file holds and
    # which is never forgotten (coach.patient.asked_form).
    view = asks_view(last.text, asked, words) and not last.proposes
    found = None if view else fact_for(probe, persona, asked, context)
    if found is not None and not found[1] and _off_subject(found[0], last.text, persona):
        found = None
    if found is None and not view and not bare and _REFERS_BACK.search(fold(last.text)):
        # "Somebody told you they're the same? Who was that?": "that" is what the turn said before it.
        found = fact_for(ctx.history[-1].text, persona, asked, context)
    # "Have you had any breakfast?": a yes/no question about a thing of theirs is answered by the fact that
    # holds every word it names, with its yes or no.
    yes_no = asked is None and not last.open and not last.proposes
    if found is None and yes_no and not view:
        naming = fact_naming(words, persona, last.text)
        found = (naming, len(words)) if naming else None
    # "Do you know the support worker's name?": a fact or line about the support worker that names nobody
    # does not hold it, and they say they don't know.
    name_asked = asked is Asked.person and bool(_NAME_ASKED.search(fold(last.text)))
    if found is not None and name_asked and not names_someone(found[0]):
        found = None
    topical = [q for q in questions if q.topic is not None]
    question = topical[-1] if topical else last
    topic = question.topic
    # "How many years was that?" after "What did you do at the school?": what the turn before opened
    # (coach.patient.follow_up), not what its asking words meet ("how long" of the plan).
    carried = None if view else followed_up(ctx, last, asked, found[0] if found else None)
    if carried is not None:
        topic, found = carried.topic, None
    if topic is None and found is not None:  # the topic of the fact that answers it, in the band's register
        topic = topic_of(fold(found[0]), persona.listening.topics)
    if topic is None and bare:  # "Did you hear them?": the topic of the turn's other words
        topic = topic_of(fold(probe), persona.listening.topics)
    if (
        topic is None
        and asked in _WHEN_OR_WHERE
        and found is None
        and persona.request
        and not _DID.search(fold(last.text))
    ):
        # "What time were you meant to be going out?" names nothing the file knows: a time, a place or a
        # day in this scene is about what they are asking for.
        topic = topic_of(fold(persona.request), persona.listening.topics)
    if view:  # how they feel, what they want, or what they say of the thing named; a fact of it is no view
        topic = view_topic(persona, last.text, topic)
    if topic is None and _POINTS_BACK.search(fold(last.text)):
        # "What was he like?" after "today's about your brother": the one named last, in their own reply
        # ("What's that got to do with Ellie?" "What sort does she like?") or else in the turn before it.
        before = [t.text for t in ctx.history[:-1] if t.speaker is Speaker.staff]
        replied = (
            ctx.history[-2].text
            if len(ctx.history) >= 2 and ctx.history[-2].speaker is Speaker.patient
            else ""
        )
        # their reply points only when it names someone ("Ellie"), as "he" and "she" do
        topic = named_most(fold(replied), persona.listening.topics) if names_someone(replied) else None
        if topic is None and before:
            topic = named_most(fold(before[-1]), persona.listening.topics)
    if found is None and topic is None and last.open and not view:
        # "What was actually in the tub?": a question about a thing of theirs that no topic names gets
        # what they know of that thing.
        naming = fact_naming(words, persona, last.text)
        found = (naming, len(words)) if naming else None
    if (
        found is None
        and topic is not None
        and asked not in (None, Asked.reason, Asked.person)
        and not last.factual
        and not view
        and band in TELLING_BANDS
    ):
        # "What time did you find the tub?" asks about their own evening in words no fact uses: the fact of
        # that topic that holds a time is what they know of it ("don't know" is for what they were not told).
        # Not for "who": nearly every fact names someone, so holding a person says nothing of the fact.
        held = _topic_fact(persona, topic, asked, words)
        found = (held, 0) if held else None
    # What the question is about: its words less those that only ask, ward words for one thing as one.
    about = _subject(question.text)
    if carried is not None:  # "What position are you?" after "you play footy on a Sunday?": the football
        about |= _subject(carried.earlier)
    elif bare and before_it and last.open:
        # "Someone said you play Sunday league. What position?": of the league
        about |= _subject(sentences(before_it)[-1])
    elif bare and before_it and topic is not None:
        # "You do the crossword every day. Is it hard?": of the crossword, the thing of the topic the turn
        # named (not every word the turn said before it)
        about |= _subject(before_it) & stems(fold(" ".join(topic.words)))
    lines = lines_at(f"topic:{topic.id}", topic.answers, band).lines if topic else ()
    if not last.proposes and asks_ahead(last.text):
        # "If he said sorry, what would you say?": what they would do next, not what has happened; the
        # topic the question names first ("what would you say to Ryan?" of Ryan, not of what they want),
        # its lines weighed by the words of the case supposed too ("Say you see Dr Okafor. What'd you ask?").
        ahead = ahead_answer(
            persona, band, last.text, (question.topic, topic), about | meant(fold(before_it))
        )
        if ahead is not None:
            yield from fitting_first(ahead, f"{before_it} {last.text}")
    answering = tuple(line for line in lines if carries(line, asked, last.text))
    if name_asked:  # a name, not "four staff"
        answering = tuple(line for line in answering if names_someone(line))
    # Plain sentences while they can still speak plainly; a question for a time, a place or a name gets
    # its answer one band higher too, since a shouted "Friday!" is still an answer (a reason is not); so
    # does a yes/no question a fact says yes or no to, and a thing no topic speaks to whose every named
    # word one fact holds ("What shelf was it on?"). Other questions get the topic's shouted lines.
    verdict = yes_or_no(found[0], last.text) if found is not None and yes_no else None
    specific = found is not None and topic is None and bool(words) and words <= stems(fold(found[0]))
    telling = band in TELLING_BANDS or (
        (asked not in (None, Asked.reason) or verdict or specific) and band is Band.highly_agitated
    )
    fact, shared = found if found is not None and telling else ("", 0)
    fact = fact_said(fact, last.text, asked) if fact else fact
    if fact and band not in TELLING_BANDS:
        # Highly agitated, the fact is shouted: its main clause, the thing asked in capitals, "No!" first.
        fact = shouted(fact, asked, last.text, verdict)
        if verdict:
            yield Pool("fact", (fact,))
    elif fact and verdict:  # "No. I have not slept since ...": the yes or no first, the fact after it
        fact = f"{verdict} {fact}"
        yield Pool("fact", (fact,))
    holds = bool(fact) and holds_asked(fact, asked, last.text)
    # The fact comes first when it holds what was asked and says more of what the question is about than
    # any line that also holds it: "missed breakfast and lunch" to "when did you last eat?", not "since last
    # night" of the topic of staying in.
    fact_first = holds and (not answering or _tells_more(shared, question, answering))
    if topic is not None and answering and not fact_first:
        yield Pool(f"topic:{topic.id}", answering, about)
    if fact and (fact_first or (asked is None and _tells_more(shared, question, lines))):
        yield Pool("fact", (fact,))
    if topic is not None and answering:
        yield Pool(f"topic:{topic.id}", answering, about)
    # A view is never unknown nor forgotten: their wants or feelings (the topic's lines) answer it.
    unheld = not view and not answering and not (found and holds_asked(found[0], asked))
    # "Do you know which company makes them?": news of a thing that no line or fact of theirs names.
    thing = asked_thing(last.text)
    untold = not view and bool(thing) and not any(covers(meant(fold(line)), thing) for line in lines)
    # Someone's name they were never told ("what's your housing officer called?") is not known either.
    name_unknown = bool(_ASKS_NAME.search(fold(last.text))) and bool(_SOMEONE_MET.search(fold(last.text)))
    if (asked is not None and unheld and (last.factual or name_unknown)) or (
        found is None and untold and last.factual
    ):
        # Not known; asked whether they remember ("do you remember their name?"), not remembered.
        acts = persona.listening.acts
        if _ASKS_MEMORY.search(fold(last.text)):
            yield lines_at("not_recalled", acts.not_recalled or acts.dont_know, band)
        else:
            yield lines_at("dont_know", acts.dont_know, band)
    elif (
        unheld and topic is None and _about_their_own(last, asked, words, found is None and _new(ctx, words))
    ):
        # "What colour was the tub?", "What did you have for lunch?": their own things, which the file does
        # not say: they cannot remember (or, for what they were never told, do not know); not a nearby fact.
        yield non_answer(persona, band, last.text, asked)
    elif unheld and carried is not None and asked is not None and not last.proposes:
        # "How long have you done that?" after "what do you do for work?": none of that topic's lines says
        # how long, and another of its lines is no answer to it.
        yield non_answer(persona, band, last.text, asked)
    elif unheld and asked is Asked.code and not last.proposes:
        # "D'you know her postcode?" on a topic none of whose lines or facts writes one out: the topic's
        # other lines are a nearby fact said as if it were the answer. (Other kinds keep the topic's lines
        # here: for a who, a how long and a "which one?" the gate lost dev items, and a kind no line names
        # before its noun may still be the topic's answer: "a cartoon of Biscuit" for what kind of drawing.)
        yield non_answer(persona, band, last.text, asked)
    if topic is not None:
        yield Pool(f"topic:{topic.id}", lines, about)


def _off_subject(fact: str, question: str, persona: Persona) -> bool:
    """True when `fact`, which shares no word with `question` (it was found through what the patient said
    last), is about another topic than the one the question names in its own words: "how long have you
    been on here?" after a line about the tablets asks about the stay, and "since Tuesday my tablets ..."
    holds a "since" but says nothing of it."""
    topics = persona.listening.topics
    named_topic = named_most(fold(question), topics)
    return named_topic is not None and topic_of(fold(fact), topics) is not named_topic


def _new(ctx: PatientContext, words: frozenset[str]) -> bool:
    """True when none of `words` was said in an earlier staff turn of the scene: a new thing asked about,
    not what is already in hand ("does that work?" after a plan)."""
    before = [t.text for t in ctx.history[:-1] if t.speaker is Speaker.staff]
    return not any(words & stems(fold(text)) for text in before)


def _topic_fact(persona: Persona, topic: Topic, asked: Asked, words: frozenset[str]) -> str | None:
    """The first fact about `topic` that holds what was asked; for a look, a fact about the thing asked
    after (one of the question's `words`): the "round" of "ward round" is not the colour of a card."""
    thing = words - _LOOK_WORDS
    for fact in told_facts(persona):
        about = topic_of(fold(fact), persona.listening.topics)
        if about is None or about.id != topic.id or not carries(fact, asked):
            continue
        if asked is not Asked.looks or thing & stems(fold(fact)):
            return fact
    return None


_LOOK_WORDS = frozenset(stems("colour color shape size look looks like"))


# A question that asks what they remember, not what they were told.
_ASKS_MEMORY = re.compile(r"\b(?:do|did|can|could|d') ?you (?:still )?(?:remember|recall)\b")
# A question for someone's or something's name: "what's she called?", "the name of your ...".
_ASKS_NAME = re.compile(r"\bnamed?\b|\bcalled\b")
# Whose name they may never have been told: someone they met or were sent, known by a role ("the
# housing officer", "the nurse you spoke to", "he", "they"); a thing of their own ("the stall", "your
# dog") they would know the name of.
_SOMEONE_MET = re.compile(
    r"\b(?:who|whose|he|she|they|him|her|them|nurse|doctor|doc|consultant|pharmacist|worker|staff|officer|"
    r"adviser|advisor|manager|solicitor|receptionist|landlord|agent|man|woman|lady|bloke|guy|fella|lad|"
    r"girl|boy|person|someone|somebody|one)\b"
)
# A name asked for as such ("the support worker's name", "what's he called"), not a named nurse.
_NAME_ASKED = re.compile(r"\bname\b|\bcalled\b")
# The kinds of question a scene's request answers when they name nothing else: when, by when, where.
# A question about what they did ("what time did you last eat?"), not what was meant to happen for them.
_DID = re.compile(r"\b(?:did|have|had) you\b")
_WHEN_OR_WHERE = (Asked.clock, Asked.deadline, Asked.since, Asked.time, Asked.place)


def _about_their_own(question: Question, asked: Asked | None, words: frozenset[str], fresh: bool) -> bool:
    """True when `question` asks them for a particular of their own (a look, a time, a number of theirs;
    or a thing of theirs no topic or fact names and the scene has not spoken of: "what did you have for
    lunch?", "have you got a stamp?"), not what they make of something, not someone's name (they may
    never have been told it) nor news from staff (a "factual" question)."""
    if question.factual or question.proposes or asked in (Asked.reason, Asked.person):
        return False
    if asked is not None:
        return True
    return fresh and bool(words) and bool(_OWN_THING.match(fold(question.text)))


# "What did you have ...?", "Have you got ...?", "Did you have any ...?": what they have or had.
_OWN_THING = re.compile(
    r"^(?:(?:so|and|okay|ok|right|well),? )*(?:what(?:'s| is| was| did| do| does)? (?:your|you)\b|"
    r"(?:have you (?:got|had)|do you have|did you (?:have|get))\b)"
)


# A supposition about them or their things: "say you ...", "suppose ...", "imagine ..."; not what staff put
# forward ("say we got you a shelf": an offer to weigh) nor a condition ("if they're not taken by nine").
_SUPPOSES = re.compile(
    r"^(?:(?:so|and|okay|ok|right|well|aye|yes),? )*(?:say|suppose|supposing|imagine|picture|let's say|"
    r"lets say|assuming)\b(?! (?:we|i|i'd|we'd)\b)"
)
_POINTS_BACK = re.compile(r"\b(?:he|she|him|her|they|them)\b")
_REFERS_BACK = re.compile(r"\b(?:that|this|it|those|these|he|she|him|her|they|them)\b")


def _tells_more(shared: int, question: Question, lines: tuple[str, ...]) -> bool:
    """True when the fact shares more words with the question than any line of its topic does, counted as
    the fact's were (coach.patient.facts.fact_for): the words of what it asks about, ward words for one
    thing as one, and not the words that only ask ("last" of "when did you last eat?")."""
    asked = _subject(question.text)
    return all(shared_words(asked, meant(fold(line))) < shared for line in lines)


def _subject(question: str) -> frozenset[str]:
    """What `question` is about, as facts are matched to it (coach.patient.facts.fact_for): its content
    words less those that only ask ("last" of "when did you last eat?"), with the ward classes it holds."""
    return frozenset(asked_about(question)) | classes(fold(question))
