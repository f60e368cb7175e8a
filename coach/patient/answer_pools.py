"""What a staff turn said, answered: the pools of the persona's lines that answer it, most specific
first, from which coach.patient.answer takes the first line not said before in the scene.

What it said, first that applies: the same news again; a question for the reason behind what they want
(their `reason` line: coach.patient.asked_of); a question for a fact (a time, a place, a name)
when an offer or a request comes with it; an either-or (the option known to be so, taken rather than
recited when asked which they would like, else the one taken, named: coach.patient.either_or); a request
to do something (complied with, bargained over or refused by band; a small doing where they are by its own
lines); staff offering to go (room given, yes or no first);
leave asked to keep a distance; an offer (the one they want, in the trainee's words when the persona
file does not list it and they make a plain phrase); "where were we?" (what was in hand); a question,
answered by the topic's line or the persona fact that holds what it asks for (a time, a place, a name:
coach.patient.questions; facts said in the first person while they can still speak plainly), "I don't know"
when it asks for a fact nothing holds, else the topic's other lines;
the need met; a check-in; another question (after an offer: that offer answered again; the stock answer
to "what's on your mind?" only when it names nothing in particular: coach.patient.asked); an apology;
validation; an introduction; a knock at the door; space given; a goodbye (holding staff to anything
offered earlier that has not happened, and asking for it only once it is due; not to coming back when it
leaves the next step to them); an instruction. The same words again get the persona's reply to being
repeated, and a turn that says nothing new brings up what was offered earlier.
A promise of help ("I'll raise it at ward round") gets their answer to any offer that takes it, never one
that presumes a choice (coach.patient.held_to.promised); "is that okay?" right after an offer or promise
answers that offer or promise. Sympathy ("sorry about your mum") is answered as sympathy, not as an
apology (coach.patient.condolence); told why, they do not ask why again (coach.patient.reason_given);
asked to carry on after a break, they pick the thread up (coach.patient.resuming); something of staff's own
life, or of how the patient seems, is picked up by the topic of theirs it names, and a story of staff's own
that loses its thread is brought back to what is on the patient's mind.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from coach.acted import Acted
from coach.acts import Act, Offered, Question, Reading, departs, fold, sentences, speaks_to_need, stems
from coach.asking import checks_on_them
from coach.models import Band, Persona, ReplyKind, Speaker
from coach.offers import SEAT_SAID
from coach.patient.asked import Asked, asks_account, asks_for, carries, named, weighs
from coach.patient.asked_of import (
    asks_agreement,
    asks_purpose,
    asks_small_doing,
    asks_why,
    offers_to_go,
    without_because,
)
from coach.patient.base import PatientContext
from coach.patient.coming_back import STILL_TO_COME, coming_back, done_as_promised, keeps_promise
from coach.patient.condolence import sorry_answers
from coach.patient.confirming import confirmed
from coach.patient.either_or import choice_answers
from coach.patient.first_answers import first_answers
from coach.patient.goodbye import goodbye_answers
from coach.patient.held_to import held_to, helping, promised, promised_help, recalled_answers, weighed
from coach.patient.news import told_answers
from coach.patient.own_name import asks_own_name, own_name, puts_own_name
from coach.patient.plan_put import puts_plan
from coach.patient.pools import Pool, lines_at, lines_first, presuming_last
from coach.patient.put_off import put_off_answers
from coach.patient.questions import question_answers
from coach.patient.reassured import reassured_answers
from coach.patient.reflected import reflects
from coach.patient.resuming import picked_up, resumes
from coach.patient.room_given import keeps_back, offered_beside, sorry_for_closeness, steps_back
from coach.patient.scene import (
    Scene,
    asks_to_recall,
    asks_what_was_said,
    chosen_offer,
)
from coach.patient.settled import settled
from coach.patient.told import request_answers, told_lines
from coach.spelling import plain_words
from coach.wording import named_most

# A line that opens with its answer to a yes/no question: a yes, a no, a thank-you or an okay.
_OPENS_ANSWERED = re.compile(
    r"^\W*(?:yes|yeah|yep|no|nope|nah|okay|ok|thanks|thank you|please|fine|"
    # "That sounds okay.": a yes in other words
    r"(?:that )?sounds (?:okay|ok|good|fine|alright|all right)|"
    r"that(?:'d| would) be (?:okay|ok|fine|good|nice))\b"
)


def answered_first(pool: Pool) -> Iterator[Pool]:
    """The pool's lines that open with their answer, then the rest ("Leave the door open a bit." answers
    "d'you want me to go?" only by implication)."""
    return lines_first(pool, lambda line: bool(_OPENS_ANSWERED.search(fold(line))))


# What a turn that lays out a plan may do besides, and is answered as: a no, a threat, a goodbye.
_NOT_A_PLAN = frozenset({Act.refusal, Act.threat, Act.closing})


# A need_met line that takes something as done or offered for them.
_PRESUMES_HELP = re.compile(
    r"\b(?:you'd|you'll|you will|you would|could work|that works|sorted|write that down|get it done|"
    r"that'd be|that's fair|helping)\b"
)


# A demand taken back: "nobody's going to make you", "I won't force you", "you don't have to come out".
_PRESSURE_OFF = re.compile(
    r"\b(?:(?:nobody|no one)(?:'s| is| will|'ll)?(?: going to| gonna)? (?:make|force) you|"
    r"(?:i|we)(?: won't| will not|'m not going to|'re not going to| am not going to| are not going to) "
    r"(?:make|force) you|you don't have to (?:come|go|eat|talk|say|decide|do|get up|leave)|no pressure)\b"
)


def answer_pools(
    ctx: PatientContext, now: Reading, scene: Scene, kind: ReplyKind, acted: Acted
) -> Iterator[Pool]:
    """What the turn said, most specific first; then the old kind-based lines as a last resort."""
    persona, band, grade = ctx.persona, ctx.state.band, ctx.grade
    acts, voice = persona.listening.acts, persona.voice[band].replies
    met = Pool("need_met", tuple(voice[ReplyKind.need_met]))  # their answer to the need met
    typed = ctx.history[-1].text if ctx.history else ""
    text = fold(typed)
    # "Tonight you start off in the lounge and the night nurse pops in every hour. Deal?": whether they go
    # along with it is what they answer, even where its words say what the last turn did; a plan that says
    # no to what they asked for is answered as the no ("take them now, we'll sort the box tomorrow")
    pending = scene.pending(now)
    plan = puts_plan(typed) and not (now.offers or now.options or now.promises or now.acts & _NOT_A_PLAN)
    repeated = scene.repeats(now, text) and not plan
    # "How's that?" put after an offer, a plan or news asks what they make of it.
    weighing = len(sentences(text)) > 1 and any(weighs(q.text) for q in now.questions)
    if repeated and reflects(typed) and acts.understood is not None:
        # "So, tea now and me at ten. Have I got that right?": the plan said again to check it went in is a
        # check, not the same news again
        yield lines_at("understood", acts.understood, band)
    elif repeated:
        yield lines_at("repeated", acts.repeated, band)
    yield from first_answers(ctx, now, scene)  # risk, a wrong detail, a misreading, a promise too sure ...
    put_to_them = [s for s in sentences(typed) if s.endswith("?")]
    name_asked = any(asks_own_name(s) for s in put_to_them)
    if name_asked or any(puts_own_name(s, persona) for s in put_to_them):
        # "What's your name?", "you're Callum, yeah?": they say it (coach.patient.own_name)
        yield from own_name(persona, band, asked=name_asked)
    kept = keeps_promise(text, pending)
    if kept and now.has(Act.check_in):  # "Twenty minutes, as promised. How are you now?": that is asked
        yield lines_at("check_in", acts.check_in, band)
    news = now.meets_need and not _need_met_before(ctx)
    # "I did it, like I promised": what was promised, done; when it was what they needed, the need is met
    # though the turn does not say what it was.
    done = (
        kept
        and done_as_promised(text)
        and any(speaks_to_need(p.words, persona.unmet_need.meant_by) for p in pending)
    )
    if kept and (now.meets_need or done):
        # "I've rung Samira, like I said I would: she's coming at two": the need met, as promised, is the news
        # of the turn, whatever else it brings.
        yield met
    # What was promised earlier, coming back: not done yet, kept, or checked as still on.
    yield from coming_back(text, pending, persona, band, bool(now.options))
    confirming = confirmed(typed, persona, band)
    if confirming is not None:
        # "You're seeing Dr Okafor on Thursday, aren't you?": a statement put to them to confirm.
        yield confirming
    if resumes(text) and not asks_to_recall(text):  # "where were we?" is recalled below
        # "Sorry, the phone. Go on.": the thread picked up, not the sorry for the break answered.
        yield from picked_up(ctx, scene, now)
    agreeing = (bool(now.offers) or bool(now.promises)) and any(asks_agreement(q.text) for q in now.questions)
    # "Is that clear, why it has to wait?" checks they followed the reason given, not theirs.
    purpose = [
        i
        for i, q in enumerate(now.questions)
        if asks_purpose(q.text) and not _CHECKS_UNDERSTANDING.search(fold(q.text))
    ]
    reasons = None
    if purpose:
        # "What would seeing it tell you?": the reason behind what they want, not the want said again.
        why = now.questions[purpose[-1]].text
        reasons = _reasons(lines_at("reason", acts.reason, band), asks_why(why))
        reasons = replace(reasons, about=frozenset(stems(fold(why))))  # the reason for what was named
        if not any(q.open and named(q.text) for q in now.questions[purpose[-1] + 1 :]):
            # "Why's it got to be today? Can't it wait?": the why is what they answer. An open question
            # after it about something else ("... What happens Friday?") is answered first, the reason
            # after it; one that names nothing ("... What were you going to do?") asks the same again.
            yield reasons
    small = asks_small_doing(ctx.history[-1].text if ctx.history else "", now.requests)
    direct = [q for q in now.questions if _asks_them(q)]
    if small and not (now.offers or now.requests):
        # "Take a breath. What did you see?": asked for their account too, they give it; the small doing
        # before it is not the question (one put to them to agree to, "how's that?", is about the doing).
        direct += [q for q in now.questions if q.open and not q.proposes and not asks_agreement(q.text)]
    if direct and (now.offers or now.requests or small):
        # "I'll grab you a tea. When did it start?": a question put to them about their own things is
        # answered first; the offer around it is not what they were asked.
        yield from question_answers(ctx, direct)
    if offers_to_go(typed):
        # "D'you want me to go back out?", "do you want me to go, or stay by the door?": room offered,
        # answered as this persona takes room, yes or no first, before any other option put with it.
        yield from answered_first(Pool("space_given", tuple(voice[ReplyKind.space_given])))
    if now.has(Act.closing) and departs(plain_words(typed)) and not (acted.handed_over or acted.presented):
        # "I've to go and do the meds round, Jo's with you till I'm back. I'll bring your sketchbook.": staff
        # going now is the news of the turn; what comes with it is answered after the goodbye, if at all. The
        # need met before going ("I've rung Jo, she's coming at four. I have to do the meds now") is the news.
        # Going with someone else named in their place ("this is Grace, she'll be with you") is a handover.
        if now.meets_need:
            yield met
        # "I've got to dash, someone will pop back later to finish it off": going, they put off what was
        # asked for, and the put-off is what they answer
        yield from put_off_answers(ctx, now, leaving=True)
        yield from goodbye_answers(text, pending, persona, band)
    if _PRESSURE_OFF.search(text) and not (
        now.offers or now.requests or now.questions or now.meets_need or now.options
    ):
        # "Nobody will make you go to the dining room": a demand taken back is room given.
        yield Pool("space_given", tuple(voice[ReplyKind.space_given]))
    if now.options:
        yield from settled(typed, choice_answers(now, persona, band, scene))
    if (
        now.requests
        and any(o.listed and o.listed.wants for o in now.offers)
        and not any(_ASKS_TO_WAIT.search(fold(r)) for r in now.requests)
    ):
        # "Could you step out of the doorway? I'll sit with you with that letter.": what they want, offered
        # beside what is asked of them, is what they answer; taking it goes along with the rest. Asked to
        # wait for it ("At four I'll sit with you. Can you hold on till then?"), the wait is what they answer.
        yield from settled(typed, [offer_answer(now.offers, persona, band)])
    if now.requests or small:
        yield from request_answers(now.requests, persona, band, small, carries(text, Asked.reason))
    # "Want to walk out to the garden? I'll stay a bit back.", "Can I come in a bit? I'll stay by the door.":
    # something else offered or put to them is answered first, keeping back with it after
    keeping_back = keeps_back(text, ctx.stance)
    offered_too = keeping_back and offered_beside(text, now.offers, now.questions)
    if keeping_back and not offered_too:
        yield lines_at("step_back", persona.listening.reactions.step_back, band)
    if now.offers:
        if now.has(Act.refusal):
            # "I can't let you go home today. Dr Okafor will see you at ward round on Thursday.": a plan told
            # for a time to come after a no is what they are put off to, answered before the plan itself.
            yield from put_off_answers(ctx, now)
        yield from settled(typed, [offer_answer(now.offers, persona, band)])
    elif brought := [o for o in map(fold, acted.brought) if named_most(o, persona.listening.offers)]:
        # *Comes back with a mug*: the thing is here, so the answer to it takes or leaves it; lines that
        # wait for it ("You'll bring it here? You won't be long?") come last.
        listed = named_most(brought[0], persona.listening.offers)
        assert listed is not None
        if news:
            # "I've rung Samira, she's coming at two. I've fetched your sketchbook too": the need met is the
            # news of the turn, the thing brought beside it comes after.
            yield met
        yield from presuming_last(lines_at(f"offer:{listed.id}", listed.answers, band), STILL_TO_COME)
    elif acted.seat or SEAT_SAID.match(fold(text)):
        # *Pulls out a chair at the table by the window*, "take a seat": somewhere to sit, offered.
        place = acted.seat or "seat"
        article = "an" if place[0] in "aeiou" else "a"
        listed = named_most("take a seat", persona.listening.offers)
        seat = Offered(words=f"{article} {place}", listed=listed)
        yield from settled(typed, [offer_answer([seat], persona, band)])
    elif (
        plan
        or any(q.proposes for q in now.questions)
        or (now.promises and agreeing)
        or (helping(now, text) and weighing)
    ):
        # "Shall I ask Kofi to sit down with you?", "I'll ask Bernie for another batch. How's that?": a yes,
        # a no or a maybe to it, whatever it proposes; so is "I'll ring your sister tonight. How does that
        # sound?", what staff will do put to them, and a plan put to them to agree.
        yield Pool("promise", tuple(voice[ReplyKind.options]))
    if offered_too:
        yield lines_at("step_back", persona.listening.reactions.step_back, band)
    if any(_CHECKS_UNDERSTANDING.search(fold(q.text)) for q in now.questions):
        # "Does that make sense?" after a no or a plan asks what they make of it: the plan weighed, else
        # their answer to the no (taken at a low band, protested at a high one).
        if pending:
            yield from weighed(pending[-1], persona, band)
        yield Pool("refused", tuple(voice[ReplyKind.refused]))
    # "How's that?" asks them to agree to what the turn offers, not for a fact the turn's words are near.
    # "*steps back* I stay here. Is okay like this?" names nothing: it asks them to agree to what the turn
    # did, which is what they answer, not a fact.
    asking = [q for q in now.questions if not ((agreeing or not named(q.text)) and asks_agreement(q.text))]
    if asking:
        # "Right, where was I.. oh yes, milk and sugar?": staff found their place, and the question after it
        # is what they ask; a turn that ends on "where was I?" asks them to recall.
        recalling = [q.text for q in now.questions if asks_to_recall(q.text)]
        found_place = bool(recalling) and not asks_to_recall(now.questions[-1].text)
        # Staff lost in their own story ("... anyway, sorry. What was I saying?"): each such question asks
        # them to recall, and none is a fact to look up.
        lost = (
            [q.text for q in now.questions if _LOST_PLACE.fullmatch(fold(q.text).strip(" ?.!"))]
            if not found_place and _OWN_STORY.search(text)
            else []
        )
        if recalling and not found_place:
            # "What've I promised you? Tell me back.": said back when any question of the turn asks for it.
            saying_back = any(asks_what_was_said(q.text) for q in now.questions)
            recalled = scene.recalled_for(recalling[-1], saying_back)
            whole = asks_for(recalling[-1]) is None  # not one time, place or name: all of it
            yield from recalled_answers(recalled, persona, band, saying_back, whole)
            if lost and not recalled:
                # Nothing said to them earlier to recall: they bring it back to what is on their mind.
                yield lines_at("question", acts.question, band)
        # No fact answers what they make of it.
        asked = [
            q
            for q in asking
            if not (weighing and weighs(q.text))
            and not (found_place and asks_to_recall(q.text))
            and q.text not in lost
        ]
        if (
            asked
            and news
            and _met_by_sorry(typed, persona)
            and not any(q.open or q.proposes or q.factual for q in asked)
        ):
            # "I'm sorry he walked off last night, that wasn't right. Have you eaten?": the need met by a
            # sorry is the news of the turn; a yes-or-no question tacked on after it is answered after it.
            yield from sorry_answers(ctx.history[-1].text, persona, band)
        checking = asked and checks_on_them(fold(asked[-1].text), persona)
        if checking and not (now.has(Act.refusal) or now.offers or now.requests):
            # "Before we ring them, how are you doing? You look worn out.": how they are is what they answer
            yield lines_at("check_in", acts.check_in, band)
        if asked:
            yield from question_answers(ctx, asked)
        if reasons is not None:
            yield reasons
    # Put off rather than ruled out: another "later" protested, who and when asked, or the time held to.
    yield from put_off_answers(ctx, now)
    if not (now.acts - {Act.validation}) and not now.offers:
        # "I play five-a-side, always end up in goal", "You look like you haven't slept": something of staff's
        # own, or of how they seem, that touches a thing of theirs is picked up by what they say of it.
        yield from _touched_topics(text, persona, band)
    if now.meets_need and now.has(Act.apology) and not (now.offers or now.promises or now.questions):
        # The need met by a sorry alone is answered as a sorry: a need_met line may presume help offered
        # or news given ("You'll actually help?", "Can you write that down for me?").
        yield from sorry_answers(ctx.history[-1].text, persona, band)
    if news:
        # Met by being heard, with nothing offered or promised: "That could work." and "You'd actually do
        # that?" answer help that was not offered, so they come last.
        helped = now.offers or now.promises or now.requests or now.options
        yield from (met,) if helped else presuming_last(met, _PRESUMES_HELP)
    if now.has(Act.check_in):
        yield lines_at("check_in", acts.check_in, band)
    if now.questions:
        question = now.questions[-1]
        if question.factual:
            yield lines_at("dont_know", acts.dont_know, band)
        elif pending:  # "so, what do you think?" after an offer: the offer is what they think about
            # Just offered or promised and put to them ("... Does that work for you?"): answered as fresh.
            put = asks_agreement(question.text) or weighs(question.text)
            yield from weighed(pending[-1], persona, band, fresh=put and scene.just_said(pending[-1]))
        # What is on their mind answers "what's up?", not "did you sleep?" nor "what was in the tub?" (a
        # question about their own things that nothing above answered: "don't know" would be untrue).
        if question.open and asks_account(question.text):
            yield lines_at("question", acts.question, band)
    if promised_help(now, kind, text):  # "I'll raise it at ward round": taken as a promise, not a choice
        # What staff will do for them is the news of the turn, before a sorry or a word of sympathy with it.
        yield from settled(typed, promised(persona, band))
    # Stepping back in body or in words ("I'll stand back here. Take your time.") is space given, not a
    # goodbye.
    stepped_back = steps_back(text, ctx.stance)
    if now.has(Act.apology) and stepped_back and sorry_for_closeness(text):
        # "*steps back* Sorry, I was too near to you": the room given is what the sorry was for
        yield lines_at("step_back", persona.listening.reactions.step_back, band)
    if now.has(Act.apology):
        yield from sorry_answers(ctx.history[-1].text, persona, band)
    if now.has(Act.validation):
        yield Pool("validated", tuple(voice[ReplyKind.validated]))
    if now.has(Act.introduction):
        yield lines_at("introduction", acts.introduction, band, staff=now.name or scene.name)
    if acted.knocked and persona.listening.reactions.knock is not None:  # a knock, before anything is said
        yield lines_at("knock", persona.listening.reactions.knock, band)
    if stepped_back:
        yield lines_at("step_back", persona.listening.reactions.step_back, band)
    # "Nobody's going to hold you down tonight": what they feared, not happening, is the news of the turn.
    yield from reassured_answers(ctx, now, kind)
    # Leaving is a goodbye, unless it is a handover: then the one who takes over is who they answer.
    if now.has(Act.closing) or (acted.left and not acted.handed_over):
        yield from goodbye_answers(text, pending, persona, band)
    if now.has(Act.instruction):
        yield from told_lines(persona, band, small)
    if kind is ReplyKind.space_given:
        yield lines_at("step_back", persona.listening.reactions.step_back, band)
    if pending and not now.acts and not kept:
        # "Is that okay?" (a tag, no act of its own) after "I'll put a drink by the bed": what was just
        # offered or promised is answered; only something from further back is held to.
        if scene.just_said(pending[-1]) and asks_agreement(ctx.history[-1].text):
            yield from weighed(pending[-1], persona, band, fresh=True)
        yield held_to(pending[-1], persona, band)
    if grade is not None and grade.meets_need:
        yield met
    # Told a reason, a rule, news or what happens next, and nothing else: taken in, what it means asked.
    yield from told_answers(ctx, now, kind)
    yield Pool(kind.value, tuple(voice[kind]))
    if not now.acts:
        yield lines_at("question", acts.question, band)
    yield Pool("neutral", tuple(voice[ReplyKind.neutral]))


def _met_by_sorry(typed: str, persona: Persona) -> bool:
    """True when the sentences of `typed` that say sorry meet the persona's need on their own ("I'm sorry:
    walking off while you were still asking wasn't right"), not a sorry for something else beside it ("I
    must apologise for my handwriting")."""
    sorry = " ".join(s for s in sentences(plain_words(typed)) if _SORRY.search(s) and not s.endswith("?"))
    return bool(sorry) and speaks_to_need(sorry, persona.unmet_need.meant_by) is not None


_SORRY = re.compile(r"\b(?:sorry|apologi[sz]e|apologies)\b")
# Asked to wait ("can you hold on till then?"): for what was offered, its time is what they answer.
_ASKS_TO_WAIT = re.compile(r"\b(?:hold on|hang on|wait|bear with|be patient)\b")
# The patient in a staff sentence: "you", "your", "you're" ...
_YOU = r"\byou(?:r|'re|'ve|'ll|'d)?\b"
# Staff talking of themselves, with nothing of the patient in the sentence: "When my mum was in ...".
_OWN_STORY = re.compile(rf"(?:^|[.!?] )(?=[^.!?]*\b(?:my|i)\b)(?![^.!?]*{_YOU})[^.!?]{{30,}}")
_LOST_PLACE = re.compile(
    r"(?:(?:so|sorry|anyway|right|oh),? )*"
    r"(?:where (?:was i|were we)|what (?:was i|were we) (?:saying|on about|talking about))(?: again| then)?"
)
# A sentence of staff's own life: their people and things ("my nan used to ...") or what they do and like
# ("I play five-a-side", "I support Leeds"), not what they do or will do in the scene ("I've found Jo", "I'm
# not going to ..."), nor what they would feel in the patient's place ("I'd be gutted too": validation);
# or of how the patient seems ("you look shattered").
_OWN_OR_SEEMS = re.compile(
    r"^(?:[a-z]+, )?(?:(?:when i was|i used to|i (?:always|usually|often|never) |i play|i support|i follow|"
    # their work is not their life: "my colleague Sue will talk to Ryan" is what happens next
    r"i love|i like|i hate|i go to|me and my|"
    r"my (?!(?:colleague|shift|job|name|manager|break|ward)s?\b)[a-z]+)\b"
    rf"(?!.*{_YOU})|"  # of themselves, not of the patient ("my worry is you ...")
    r"you (?:look|seem|sound)\b)"
)


def _touched_topics(text: str, persona: Persona, band: Band) -> Iterator[Pool]:
    """The topics of theirs that the sentences of staff's own, or of how they seem, name, the last sentence
    first: what the turn came to."""
    for sentence in reversed(sentences(text)):
        if _OWN_OR_SEEMS.match(sentence) and (topic := named_most(sentence, persona.listening.topics)):
            yield lines_at(f"topic:{topic.id}", topic.answers, band)


# Staff checking they were understood: "does that make sense?", "is that clear?", "do you see why?",
# "you with me?", "does that seem fair?".
_CHECKS_UNDERSTANDING = re.compile(
    r"\b(?:(?:does|did|do) (?:that|this|it|all that) (?:make|makes) (?:sense|any sense)|"
    r"(?:is|was) (?:that|this|it) (?:clear|fair)|(?:does|did) (?:that|this|it) (?:seem|sound) fair|"
    r"(?:do|d') ?you (?:see|get|understand) (?:why|what i mean|that)|(?:are )?you with me|"
    r"do you understand|fair enough\?)"
)


def _asks_them(question: Question) -> bool:
    """True when `question` asks them for a fact (a time, a place, a name, a number), not what they make of
    an offer ("how does that sound?", "which feels better?") nor a proposal."""
    return (
        not question.proposes
        and not asks_to_recall(question.text)
        and asks_for(question.text) not in (None, Asked.reason)
    )


_POINTS_AT = re.compile(r"(?:that|this|it|them|those|these|one)(?: (?:as well|too|instead|now|then))?")


def offer_answer(offers: list[Offered], persona: Persona, band: Band) -> Pool:
    """The answer to the thing they would take, else to the first thing offered."""
    chosen = chosen_offer(offers)
    assert chosen is not None
    if chosen.listed is None:
        # "Would it help if I showed you that?": "that" is the thing named before it, not a thing to say
        # back ("That? What's that got to do with it?").
        words = None if _POINTS_AT.fullmatch(chosen.words) else chosen.words
        pool = lines_at("unknown_offer", persona.listening.acts.unknown_offer, band, offer=words)
        # Words that cannot be said back get the band's answer to any offer, which names no thing.
        return pool if pool.lines else Pool("options", tuple(persona.voice[band].replies[ReplyKind.options]))
    return lines_at(f"offer:{chosen.listed.id}", chosen.listed.answers, band)


def _reasons(pool: Pool, why: bool) -> Pool:
    """Their reasons as an answer: "Because ..." answers a why; to "what would it tell you?" the reason is
    said without it."""
    if why:
        return pool
    return replace(pool, lines=tuple(map(without_because, pool.lines)))


def _need_met_before(ctx: PatientContext) -> bool:
    states = [t.state for t in ctx.history[:-1] if t.speaker is Speaker.patient and t.state is not None]
    return any(s.need_met for s in states)
