"""The persona file's `listening:` section and `unmet_need.meant_by`: what the offline patient needs in
order to answer what a trainee actually said (personas/README.md, "What the patient says back").

Kept apart from `coach.models` because it is only persona data: lines per band for each topic the
patient can be asked about, each thing staff might offer, each act a staff turn can do, and each thing
staff can do with their body.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

from coach.patient.meaning import phrases_of

Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]*$")]
Words = Annotated[list[Line], Field(min_length=2)]
PLACEHOLDERS = {"offer", "name"}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class BandLines(_Strict):
    """Lines for each agitation band: the same answer, in the register of each band."""

    calm: list[Line] = Field(min_length=2)
    agitated: list[Line] = Field(min_length=2)
    highly_agitated: list[Line] = Field(min_length=2)
    crisis: list[Line] = Field(min_length=1)

    def at(self, band: str) -> list[str]:
        """The lines written for `band` (a Band or its value)."""
        return list(getattr(self, str(band)))

    def every(self) -> list[str]:
        return [*self.calm, *self.agitated, *self.highly_agitated, *self.crisis]

    @model_validator(mode="after")
    def _known_placeholders(self) -> BandLines:
        for line in self.every():
            unknown = set(re.findall(r"\{(\w+)\}", line)) - PLACEHOLDERS
            if unknown:
                raise ValueError(
                    f"unknown placeholder {{{sorted(unknown)[0]}}} in {line!r}; use {{offer}} or {{name}}"
                )
        return self


def _lower(words: list[str]) -> list[str]:
    bad = [w for w in words if w != w.lower()]
    if bad:
        raise ValueError(f"words must be lower-case, got {bad[0]!r} (try {bad[0].lower()!r})")
    return words


def _with_classes(words: list[str]) -> list[str]:
    """Lower-case words, with each class named ("~work") replaced by its phrases (coach.patient.meaning):
    the ways of asking about a person's job or hobbies are the same for every persona."""
    out: list[str] = []
    for word in _lower(words):
        out += phrases_of(word) if word.startswith("~") else [word]
    return list(dict.fromkeys(out))


class Topic(_Strict):
    """Something staff may ask the patient about, and the patient's answer at each band."""

    id: Slug
    about: Line = Field(description="what it is, in a few words")
    words: Words = Field(
        description="lower-case words or short phrases staff may use when asking about it; a class of "
        "coach.patient.meaning named ('~work', '~pastime') stands for its phrases"
    )
    answers: BandLines
    ahead: BandLines | None = Field(
        default=None,
        description="what they would do, say, ask or hope next about it, or if it went one way or the "
        "other: the answer to 'what would you do first?', 'if he said sorry, what would you say?'. Without "
        "it, such a question about this topic gets its answers (a topic about what comes next says it there)",
    )
    by_words_only: bool = Field(
        default=False,
        description="found only when a question names one of its words, never by what its answers say: for a "
        "topic whose lines share everyday words with questions about other things (their medicines)",
    )

    _lower_words = field_validator("words")(_with_classes)


class Offerable(_Strict):
    """Something staff might offer in this scene, and the patient's answer when it is offered."""

    id: Slug
    about: Line = Field(description="the thing, in a few words: 'a hot drink'")
    words: Words = Field(description="lower-case words or short phrases that name it")
    wants: bool = Field(description="whether the patient wants it (the answers accept or decline)")
    answers: BandLines

    _lower_words = field_validator("words")(_lower)


class ActLines(_Strict):
    """Replies to staff acts that neither a topic nor an offer covers."""

    introduction: BandLines = Field(description="to staff saying who they are; may use {name}")
    question: BandLines = Field(description="to an open question no topic covers")
    dont_know: BandLines = Field(description="to a question about something the patient cannot know")
    not_recalled: BandLines | None = Field(
        default=None,
        description="to a question about their own things or doings that the file does not answer (what "
        "colour the tub was, what they had for lunch): they cannot remember or say it is beside the point; "
        "never another fact. Without it, the dont_know lines",
    )
    check_in: BandLines = Field(description="to 'how are you doing now?'")
    apology: BandLines
    instruction: BandLines = Field(description="to being told to do something, without a threat")
    small_request: BandLines = Field(
        description="to being asked for a small doing where they are (sit up for the cuff, hold out an "
        "arm, take a cup): complies, bargains or refuses by band, and goes nowhere"
    )
    corrected: BandLines | None = Field(
        default=None,
        description="to staff getting a time, a day or a person wrong that their facts hold ({offer}: the "
        "detail as staff said it): not what they were told, by band; the fact that holds the right one "
        "follows",
    )
    wrong_person: BandLines | None = Field(
        default=None,
        description="to staff naming someone in their life wrongly (one of their family for another, a "
        "name given another's role; {offer}: the person as staff said them): not them, by band; the fact "
        "that says who it is follows. Without it, the `corrected` lines",
    )
    misread: BandLines | None = Field(
        default=None,
        description="to staff putting a feeling or a reason to them that is not theirs ('you're just bored, "
        "yeah?'; {offer}: the feeling as staff said it): not that, by band, with and without {offer}; how "
        "they do feel (their `feelings` topic) or their reason follows. Without it, the turn is answered "
        "for what else it said",
    )
    not_told: BandLines | None = Field(
        default=None,
        description="to staff taking as known something they were never told ('as the doctor explained', "
        "'since you already know ...': one of their `untold` facts, or what no fact of theirs holds): nobody "
        "told them, by band. Without it, the turn is answered for what else it said",
    )
    too_sure: BandLines | None = Field(
        default=None,
        description="to staff promising or reassuring more than anyone could know ('guaranteed', 'you'll "
        "definitely be home by Friday', 'it'll all be fine'): they doubt it, by band, as someone who has "
        "been let down would. Without it, the promise is answered as any other",
    )
    taken_back: BandLines | None = Field(
        default=None,
        description="to staff taking back something they offered or gave a choice of earlier in the scene "
        "('actually, the lounge is booked after all'; {offer}: the thing, where it can be said back): let "
        "down, by band, with and without {offer}, and what now. Without it, the turn is answered for what "
        "else it said",
    )
    mocked: BandLines | None = Field(
        default=None,
        description="to staff making fun of them (laughing at what they said, their words mimicked back, a "
        "name put on them: 'lazy bones', 'a stuck record'): hurt or angry, not funny, by band. Without it, "
        "the turn is answered for what else it said",
    )
    praised: BandLines | None = Field(
        default=None,
        description="to staff praising or thanking them, or noticing a strength or something of theirs "
        "('you did really well to come and talk to me', 'thanks for waiting', 'you don't miss a thing'), "
        "with nothing else asked or offered: taken as this person in this state would (thanks, shy, flat, "
        "wary, or brushed off because what they need is still not done), by band, naming nothing the praise "
        "may not be about. Without it, the turn is answered for what else it said",
    )
    helped: BandLines | None = Field(
        default=None,
        description="to being asked whether something done or given for them earlier helped ('has the tea "
        "helped?', 'did the walk do you any good?'): a bit, yes or not really, by band, and what they still "
        "need. Without it, the turn is answered for what else it said",
    )
    grounding: BandLines | None = Field(
        default=None,
        description="to staff inviting them to slow down with their body or senses ('breathe with me, in for "
        "four', 'press your feet into the floor', 'can you name five things you can see?'): they try it, "
        "perhaps naming what they notice, try it grudgingly or push it away, by band and as their care plan "
        "says. Without it, the turn is answered for what else it said",
    )
    body_now: BandLines | None = Field(
        default=None,
        description="to being asked how their body feels right now or where they feel it ('how's your body "
        "doing?', 'where are you holding all this?'): what they feel in their body, by band. Without it, "
        "the turn is answered for what else it said",
    )
    understood: BandLines | None = Field(
        default=None,
        description="to staff checking they took in what was explained or agreed ('does that make sense?', "
        "'have you understood?', 'have I got that right?'): yes, most of it, written down please, or "
        "talked down to, by band, naming no plan, time or person (the line cannot know what was said). "
        "Without it, the turn is answered for what else it said",
    )
    rated: BandLines | None = Field(
        default=None,
        description="to being asked to put a number on how bad it is ('out of ten, how scared are you?', "
        "'nought to ten, how wound up?'): the number, as this person in this state would give it, written "
        "into each line, by band. Without it, the question is answered as any other",
    )
    told_off: BandLines | None = Field(
        default=None,
        description="to staff telling them off for something they did ('that can't happen again', 'your "
        "behaviour') or setting a limit on how staff are treated ('I'm not okay with being sworn at'): they "
        "object, hit back or take the blame, by band, naming nothing they did (the file "
        "does not know it). Without it, the turn is answered for what else it said",
    )
    jargon: BandLines | None = Field(
        default=None,
        description="to staff talking in initials and ward jargon (three or more: 'the SW via the MDT'): "
        "lost, asks what it means in plain words, or picks out the one thing they want, by band. Without "
        "it, the turn is answered for what else it said",
    )
    reflected: BandLines | None = Field(
        default=None,
        description="to staff giving back what they said (a paraphrase, a summary or a plan said back and "
        "checked: 'have I got that right?'): confirms it, and may add what matters most, by band. Without "
        "it, the turn is answered for what else it said",
    )
    talked_about: BandLines | None = Field(
        default=None,
        description="to staff talking about them in front of them as if they were not there ('she's not "
        "eaten all day, I'll put down she's refusing'): they say they are here, by band. Without it, the "
        "turn is answered for what else it said",
    )
    asked_leave: BandLines | None = Field(
        default=None,
        description="to staff asking leave to ask something ('can I ask you a few things?'): a yes, a "
        "'what about?' or a refusal, by band. Without it, the small_request lines",
    )
    reason: BandLines = Field(
        description="to being asked why what they want matters to them: their need, goal or fear, by band"
    )
    closing: BandLines = Field(description="to staff leaving or ending the conversation")
    unknown_offer: BandLines = Field(description="to an offer of something not listed; uses {offer}")
    held_to: BandLines = Field(description="holding staff to an earlier offer or promise; uses {offer}")
    promised: BandLines | None = Field(
        default=None,
        description="to staff saying they will do something for them (not a thing offered to take): taken "
        "up, asked when, doubted, by band. Without it, the band's answers to an offer (options)",
    )
    reassured: BandLines | None = Field(
        default=None,
        description="to being told that something they fear is not happening ('nobody's going to hold you "
        "down', 'your leave's still agreed', 'you're not in trouble'): relief, doubt or asking for it to be "
        "true, by band. Without it, the turn is answered for what else it said",
    )
    told: BandLines | None = Field(
        default=None,
        description="to being told something (a reason, a rule, news, what happens next) with nothing "
        "asked, offered or refused: taken in, and what it means for them asked, by band. Without it, the "
        "band's lines for how the turn landed",
    )
    put_off: BandLines | None = Field(
        default=None,
        description="to a no that puts off what they want (to later, a time, someone else or a condition); "
        "{offer} is what it was put off to in staff's words ('tomorrow', 'after ward round'), and lines "
        "without it are said when that takes more than a few words. Without it, the band's refused lines",
    )
    repeated: BandLines = Field(description="to staff saying the same thing again")
    choice: BandLines = Field(
        description="to an either-or question: {offer} is the option they take; a line without it takes "
        "neither"
    )

    @model_validator(mode="after")
    def _offer_placeholders(self) -> ActLines:
        for name in ("unknown_offer", "held_to"):
            missing = [line for line in getattr(self, name).every() if "{offer}" not in line]
            if missing:
                raise ValueError(f"{name}: every line must use {{offer}}, got {missing[0]!r}")
        return self


class Reactions(_Strict):
    """Reactions to what staff do with their body, at each band."""

    close: BandLines = Field(description="one member of staff standing close")
    touch: BandLines = Field(description="a hand on the patient")
    raised_voice: BandLines
    several_staff: BandLines = Field(description="two or more other staff at once, counted (coach/acted.py)")
    call_support: BandLines = Field(description="a colleague called over")
    swap_staff: BandLines = Field(description="a different member of staff takes over")
    step_back: BandLines = Field(description="staff stepping back or offering a short break")
    # Written where the care plan names the doing (a trigger, a help or a thing to avoid); without them the
    # patient gives it no reaction of its own.
    colleague_joins: BandLines | None = Field(
        default=None, description="one more member of staff who walks up or stands by, uncalled"
    )
    conferring: BandLines | None = Field(
        default=None, description="staff whispering or trading looks with each other where they can see"
    )
    blocks_exit: BandLines | None = Field(
        default=None, description="staff standing between them and the door"
    )
    knock: BandLines | None = Field(default=None, description="staff knocking before they come in")


class Listening(_Strict):
    """What the offline patient needs to answer what was said: topics, offers, acts and reactions."""

    topics: list[Topic] = Field(min_length=4)
    offers: list[Offerable] = Field(min_length=4)
    acts: ActLines
    reactions: Reactions

    @model_validator(mode="after")
    def _unique_ids(self) -> Listening:
        for name in ("topics", "offers"):
            ids = [item.id for item in getattr(self, name)]
            dupes = sorted({i for i in ids if ids.count(i) > 1})
            if dupes:
                raise ValueError(f"{name}: id {dupes[0]!r} is used twice")
        return self


class NeedMeaning(_Strict):
    """One way of speaking to the unmet need: a turn with a word from every group speaks to it."""

    about: Line
    all_of: list[Words] = Field(min_length=2, description="groups of lower-case words or short phrases")

    @field_validator("all_of")
    @classmethod
    def _lower_groups(cls, groups: list[list[str]]) -> list[list[str]]:
        for group in groups:
            _lower(group)
        return groups
