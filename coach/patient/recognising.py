"""Recognising an offline reply: every line the offline patient may say at a band, and whether a text is
made of them. The coherence suite's `replies_in_character` check and the tests read replies with it."""

from __future__ import annotations

import re

from coach.listening import BandLines
from coach.models import Band, Persona, ReplyKind
from coach.patient.asked_of import without_because
from coach.patient.composing import after_echo
from coach.patient.facts import TELLING_BANDS, fact_parts, told_facts
from coach.patient.held_to import saying_back
from coach.patient.shouted import shouted_forms
from coach.patient.two_parts import opening

_PLACEHOLDER = re.compile(r"\\\{(?:offer|name)\\\}")


def band_lines(persona: Persona, band: Band) -> list[str]:
    """Every line the offline patient may say at `band`, placeholders left in."""
    voice = persona.voice[band]
    out = [line for lines in voice.replies.values() for line in lines] + list(voice.asides)
    listening = persona.listening
    blocks: list[BandLines] = [t.answers for t in listening.topics] + [o.answers for o in listening.offers]
    acts = [getattr(listening.acts, f) for f in type(listening.acts).model_fields]
    blocks += [block for block in acts if block is not None]
    reactions = [getattr(listening.reactions, f) for f in type(listening.reactions).model_fields]
    blocks += [block for block in reactions if block is not None]
    out += [line for block in blocks for line in block.at(band)]
    out += saying_back(listening.acts.held_to.at(band))  # "You said {offer}." asked what staff said
    out += [without_because(line) for line in listening.acts.reason.at(band)]  # to "what would it tell you?"
    # A yes or no to an offer in a few words, after the answer to a question put with it (two_parts.py).
    offered = [o.answers for o in listening.offers] + [listening.acts.unknown_offer]
    answers = [line for block in offered for line in block.at(band)] + list(voice.replies[ReplyKind.options])
    few = [text for line in answers if (text := opening(line))]
    out += few + [f"{{offer}}? {text}" for text in few]
    # A topic line said without an echo of a word the turn did not say (composing.without_stray_echo).
    out += [rest for t in listening.topics for line in t.answers.at(band) if (rest := after_echo(line))]
    # Facts are told in plain sentences, and shouted one band higher to a question for a time, a place, a
    # name or a yes or no (coach.patient.questions), with the yes or no first.
    told = told_facts(persona) if band in TELLING_BANDS else []
    told += [part for fact in told for part in fact_parts(fact)]  # a fact's parts: fact_said
    out += told + [f"{verdict} {fact}" for fact in told for verdict in ("Yes.", "No.")]
    if band is Band.highly_agitated:  # shouted, a clause of the fact (coach.patient.shouted)
        out += [form for fact in told_facts(persona) for form in shouted_forms(fact)]
    return out


_PATTERNS: dict[tuple[int, Band], tuple[Persona, re.Pattern[str]]] = {}


def is_band_reply(persona: Persona, band: Band, text: str) -> bool:
    """True when `text` is made of one to three lines the persona file writes for `band` (in any case)."""
    key = (id(persona), band)
    hit = _PATTERNS.get(key)
    if hit is None or hit[0] is not persona:
        lines = sorted(set(band_lines(persona, band)), key=len, reverse=True)
        one = "|".join(_PLACEHOLDER.sub(".+?", re.escape(line)) for line in lines)
        hit = (persona, re.compile(rf"(?:{one})(?: (?:{one})){{0,2}}", re.IGNORECASE | re.DOTALL))
        _PATTERNS[key] = hit
    return hit[1].fullmatch(text) is not None
