"""The offline patient's answer to one staff turn: a lead (how the turn landed) and an answer (what it
said), each a line of the persona file for the current band, never one said before in the scene.

How it landed (coach.patient.reacting): a threat, a hand on them, staff who arrive or are called, one
person too close, a raised voice, a new face, being dismissed, a no.
What it said: the pools of lines that answer it, most specific first (coach.patient.answer_pools).
A yes/no question nothing answers gets no line that opens with a yes or a no. A reply takes one stance:
the lead and the answer are joined only when both welcome the turn or neither does and they do not say
the same thing. In crisis the reply is one shout: how the turn landed, unless that was only its
words and the answer takes up something asked or offered.
"""

from __future__ import annotations

import re
from dataclasses import replace
from itertools import chain

from coach.acted import read_acted
from coach.acts import Act, Reading, fold, read_acts
from coach.models import ReplyKind, Speaker
from coach.offered_phrase import MAX_WORDS
from coach.patient.answer_pools import answer_pools, answered_first, offer_answer
from coach.patient.asked_of import asks_agreement, asks_small_doing
from coach.patient.base import PatientContext
from coach.patient.choosing import PRESUMES_CHOICE, noun_phrase, plain_phrase
from coach.patient.composing import (
    ANSWERING,
    at_odds,
    composed,
    names_capitalised,
    staff_capitals,
    stays_cold,
    welcomes,
    without_stray_echo,
)
from coach.patient.facts import TELLING_BANDS
from coach.patient.guards import is_too_long
from coach.patient.overheard import overheard, said_to_them
from coach.patient.pools import Pool, first, first_of
from coach.patient.presupposing import answers_certain, certain, leads_certain, received
from coach.patient.reacting import leads, sounds_like_a_no
from coach.patient.reason_given import asking_why_first, explained_last, gives_reason, rules_only
from coach.patient.scene import (
    Scene,
    chosen_offer,
)
from coach.patient.tails import placed
from coach.patient.talked_about import talked_about_answers
from coach.patient.told import told_lines
from coach.patient.two_parts import QUESTION_PARTS, few_words, joined
from coach.wording import named_most


def answer(ctx: PatientContext, kind: ReplyKind, used: list[str], seed: str) -> str | None:
    """The reply text, or None when every fitting line was said already (the caller falls back)."""
    persona, band, grade = ctx.persona, ctx.state.band, ctx.grade
    ctx = said_to_them(ctx)  # "Sam, grab the cards? Callum, Sam's bringing some": the words after "Callum"
    staff = [t.text for t in ctx.history if t.speaker is Speaker.staff]
    now = read_acts(staff[-1] if staff else "", persona, grade)
    scene = Scene.of(ctx)
    said = [fold(u) for u in used]
    voice = persona.voice[band].replies
    if kind is ReplyKind.roleplay_break:
        return first(Pool("roleplay_break", tuple(voice[kind])), said, seed)
    acted = read_acted(staff[-1] if staff else "", persona.profile.name)
    if staff and scene.names_someone_else(now, staff[-1]) and not (acted.arrived or acted.handed_over):
        now = replace(now, acts=now.acts - {Act.introduction}, name=None)
    # What each line takes for granted is checked against what the turn certainly did
    # (coach.patient.presupposing): no "Get off me!" without a hand on them, no thanks for a question.
    refused = bool(staff) and now.has(Act.refusal) and sounds_like_a_no(staff[-1], now)
    sure = certain(ctx, now, acted, refused)
    landed = leads_certain(leads(ctx, now, acted), sure)
    if acted.called and acted.to_colleague:
        # "*calls down the corridor* Steph, can you come here?": the words were for Steph; what the patient
        # answers is someone being called.
        return first_of(landed, said, seed)[1]
    if acted.to_colleague:
        # "Jo, has anyone rung Nadia's sister?": words for a colleague, overheard; nothing was asked of them.
        answers = answers_certain(chain(talked_about_answers(ctx), overheard(staff[-1], persona, band)), sure)
    else:
        answers = answers_certain(answer_pools(ctx, now, scene, received(kind, sure), acted), sure)
    if staff and gives_reason(staff[-1]):
        # Told why, they do not ask why again as if nobody had explained (coach.patient.reason_given).
        landed = explained_last(landed, staff[-1], keep=False)
        answers = explained_last(answers, staff[-1])
    elif staff and rules_only(staff[-1]):
        # "Them's the rules": told no reason, they ask for one.
        answers = asking_why_first(answers)
    how, lead = first_of(landed, said, seed)
    agreeing = any(asks_agreement(q.text) for q in now.questions)
    if agreeing:
        # "I could sit by the door. Would that be okay?": asked to agree, they say yes or no first, so a line
        # of whatever answers the turn that opens with its answer comes before one that leaves it implied.
        answers = (part for p in answers for part in answered_first(p))
    elif any(not q.open and not q.proposes for q in now.questions):
        # A line that opens with a bare "Yes." or "No." reads as the answer to a yes/no question; from a pool
        # that does not answer it, that answer is made up ("did you sleep?" -> "Yes. I'm scared.").
        answers = (p if p.name.startswith(_ANSWERS_YES_NO) else _without(p, _YES_OR_NO) for p in answers)
    if not now.options:
        # "Whichever I pick", "Don't make me choose!": a line that takes the turn as a choice answers only a
        # choice; a plain offer or request gets one that does not ("Want a brew?" offers no two things).
        answers = (p if p.name.startswith("topic:") else _without(p, PRESUMES_CHOICE) for p in answers)
    # "...Maybe. In here." to a turn that spoke of no place: the answer, without a tail that reads as filler.
    answers = (placed(p, fold(staff[-1] if staff else "")) for p in answers)
    if stays_cold(ctx, now):
        # Warmth in an answer to something in particular has its cause in what was said.
        answers = (p if p.name.startswith((*ANSWERING, "step_back")) else _cooled(p) for p in answers)
    what, reply = first_of(answers, [*said, fold(lead)] if lead else said, seed)
    if how == "threatened" and what in _BY_KIND - {ReplyKind.threatened.value}:
        # After a threat, a line of the turn's kind answers nothing it said ("...higher obs." "Course not."):
        # the reaction to the threat is the reply.
        reply = None
    if reply and what.startswith("topic:"):
        reply = without_stray_echo(reply, staff[-1])
    text = composed(how, lead, what, reply, band)
    if reply and text and text.endswith(reply) and band in TELLING_BANDS:
        # The answer stands: the other part of a two-part turn follows it in a few words.
        other = _other_part(ctx, now, what, [*said, fold(text)], seed)
        text = joined(text, other)
        along = _going_along(ctx, now, what, [*said, fold(text)], seed)
        if along and not (
            fold(along) in fold(text) or at_odds(along, text) or is_too_long(f"{along} {text}")
        ):
            text = f"{along} {text}"
    return staff_capitals(names_capitalised(text, persona), staff)


def _going_along(ctx: PatientContext, now: Reading, what: str, said: list[str], seed: str) -> str | None:
    """A few words going along with what the turn asked of them ("Okay."), said before the chosen answer
    (from pool `what`) took up the thing offered with it ("Could you hold the pot for me? I'll fetch the
    chart."): each half of the turn answered. None when nothing was asked of them, the answer is to
    something else, or the asking came with a threat."""
    if not what.startswith("offer:") or not now.requests or now.has(Act.threat):
        return None
    offers = ctx.persona.listening.offers
    if any(named_most(fold(r), offers) is not None for r in now.requests):
        return None  # "Could you come to the lounge with me?": what is asked is the thing offered
    typed = ctx.history[-1].text if ctx.history else ""
    small = asks_small_doing(typed, now.requests)
    told = told_lines(ctx.persona, ctx.state.band, small, asked=True)
    return few_words((replace(p, lines=tuple(filter(_GOES_ALONG.match, p.lines))) for p in told), said, seed)


# A line that opens by doing what was asked: "Okay.", "Fine. But ...", "Yes, all right."
_GOES_ALONG = re.compile(r"^\W*(?:okay|ok|fine|yes|yeah|alright|all right|sure|go on|right)\b", re.IGNORECASE)


def _other_part(ctx: PatientContext, now: Reading, what: str, said: list[str], seed: str) -> str | None:
    """A yes or no, in a few words, to what the turn offered or proposed, after the chosen answer (from pool
    `what`) answered its question ("I'll fetch you a tea. When did the letter come?"). The other way
    round is left: a question put with an offer is most often about the offer ("would that help?")."""
    persona, band = ctx.persona, ctx.state.band
    if now.options or now.requests or not what.startswith(QUESTION_PARTS):
        return None  # a choice or a request is the whole of what was asked
    offered: list[Pool] = []
    thing = None
    if now.offers:
        offered.append(offer_answer(now.offers, persona, band))
        chosen = chosen_offer(now.offers)
        words = noun_phrase(chosen.words) if chosen else ""
        thing = words if plain_phrase(words, MAX_WORDS) else None
    elif any(q.proposes for q in now.questions):
        offered.append(Pool("promise", tuple(persona.voice[band].replies[ReplyKind.options])))
    if stays_cold(ctx, now):
        offered = [_cooled(p) for p in offered]
    return few_words(offered, said, seed, thing=thing)


_ANSWERS_YES_NO = (*ANSWERING, "dont_know")
_BY_KIND = frozenset(kind.value for kind in ReplyKind)
_YES_OR_NO = re.compile(r"^\W*(?:yes|yeah|yep|no|nope|nah)\b")


def _without(pool: Pool, pattern: re.Pattern[str]) -> Pool:
    return replace(pool, lines=tuple(line for line in pool.lines if not pattern.search(fold(line))))


def _cooled(pool: Pool) -> Pool:
    return replace(pool, lines=tuple(line for line in pool.lines if not welcomes(line)))
