"""The offline patient: replies made of persona-file lines, chosen by band and by what the staff turn did
and said (coach.patient.answer), with the kind-based choice below as the last resort. Deterministic for a
session and turn, and it never repeats a reply verbatim within a session.
"""

from __future__ import annotations

import asyncio
import hashlib
import re
from collections.abc import AsyncIterator, Iterable, Iterator

from coach.acted import read_acted
from coach.dynamics import cues_for
from coach.flags import heard_as
from coach.models import Band, BandVoice, Flag, Grade, Persona, ReplyKind, Speaker
from coach.patient.answer import answer
from coach.patient.base import PatientContext, PatientReply
from coach.patient.guards import is_too_long
from coach.stance import Action, Distance, Stance

SOURCE = "offline"
CHUNK_WORDS = 3

# Staff words that step out of the roleplay to address the machine rather than the person.
ROLEPLAY_BREAK_PHRASES = (
    "ignore your instructions",
    "ignore previous instructions",
    "ignore all previous",
    "ignore the above",
    "you are an ai",
    "you're an ai",
    "as an ai",
    "language model",
    "system prompt",
    "chatgpt",
    "break character",
    "out of character",
    "stop the roleplay",
    "end the roleplay",
)

# When every line of a kind is used up, the patient answers as if the turn were the nearest other kind.
NEIGHBOURS: dict[ReplyKind, tuple[ReplyKind, ...]] = {
    ReplyKind.validated: (ReplyKind.space_given, ReplyKind.options),
    ReplyKind.refused: (ReplyKind.dismissed, ReplyKind.options),
    ReplyKind.options: (ReplyKind.validated, ReplyKind.refused),
    ReplyKind.threatened: (ReplyKind.crowded, ReplyKind.dismissed),
    ReplyKind.crowded: (ReplyKind.threatened, ReplyKind.dismissed),
    ReplyKind.dismissed: (ReplyKind.refused, ReplyKind.threatened),
    ReplyKind.neutral: (ReplyKind.validated,),
    ReplyKind.need_met: (ReplyKind.validated, ReplyKind.options),
    ReplyKind.space_given: (ReplyKind.validated, ReplyKind.neutral),
    ReplyKind.roleplay_break: (ReplyKind.dismissed,),
}

SPACE_ACTIONS = {Action.step_back, Action.offer_break}


def breaks_roleplay(staff_text: str) -> bool:
    """True when the staff words address an AI or try to step out of the roleplay."""
    text = " ".join(staff_text.lower().replace("’", "'").split())
    return any(phrase in text for phrase in ROLEPLAY_BREAK_PHRASES)


def classify(grade: Grade | None, stance: Stance, staff_text: str) -> ReplyKind:
    """What the staff turn did, as the patient experiences it. The first rule that applies wins:

    1. roleplay_break: the grader_injection flag, or words that address an AI or break the roleplay;
    2. need_met: the turn speaks to the unmet need;
    3. threatened: threat, containment threat or mockery;
    4. crowded: crowding or hands-on flags, standing close, or touch;
    5. dismissed: told to calm down, invalidated, argued with, or given generic reassurance;
    6. refused: a refusal, unless it comes with an option in a calm tone (then options);
    7. options: at least one option offered;
    8. space_given: step back, offer of a break, or two arm-lengths, in a tone that is not curt;
    9. validated: a calm, respectful or warm tone;
    10. dismissed: a curt or hostile tone (2 or below) that no flag names: the grader's reading of the
        turn's tone is how it lands;
    11. neutral.

    Without a grade only the words and the stance are read, as if the tone were neutral.
    """
    flags = set(grade.flags) if grade else set()
    tone = grade.scores.tone if grade else 3
    options = grade.scores.options if grade else 0
    if Flag.grader_injection in flags or breaks_roleplay(staff_text):
        return ReplyKind.roleplay_break
    if grade and grade.meets_need:
        return ReplyKind.need_met
    # How each flag is heard is declared with the flag in the rubric (coach.flags).
    if flags & heard_as(ReplyKind.threatened):
        return ReplyKind.threatened
    crowded = stance.distance is Distance.close or Action.touch in stance.actions
    if flags & heard_as(ReplyKind.crowded) or crowded:
        return ReplyKind.crowded
    if flags & heard_as(ReplyKind.dismissed):
        return ReplyKind.dismissed
    if grade and grade.refusal:
        return ReplyKind.options if options >= 1 and tone >= 4 else ReplyKind.refused
    if options >= 1:
        return ReplyKind.options
    gives_space = SPACE_ACTIONS & set(stance.actions) or stance.distance is Distance.two_arms_or_more
    if gives_space and tone >= 3:
        return ReplyKind.space_given
    if tone >= 4:
        return ReplyKind.validated
    if tone <= 2:
        return ReplyKind.dismissed
    return ReplyKind.neutral


def opening(persona: Persona) -> PatientReply:
    """The scene's first line, as the persona file writes it."""
    return PatientReply(text=persona.opening.text, cues=list(persona.opening.cues), source=SOURCE)


def chunks(text: str, words: int = CHUNK_WORDS) -> list[str]:
    """`text` in pieces of a few words each; joined, they give back `text` exactly."""
    pieces = [p for p in re.split(r"(?<=\s)(?=\S)", text) if p]
    return ["".join(pieces[i : i + words]) for i in range(0, len(pieces), words)]


class OfflinePatient:
    """The scripted patient (coach.patient.base.Patient): lines from the persona file, no network.

    It answers what the latest staff turn did (coach.patient.answer): how it landed (a threat, a hand
    on the arm, a no) and what it said (a question on a topic, an offer of something, a goodbye), with
    what was offered earlier in the scene in mind. Nothing it says repeats within a scene.
    """

    name = "offline"

    def reply(self, ctx: PatientContext) -> PatientReply:
        """The reply to the latest staff turn in `ctx.history`."""
        staff_turns = [t for t in ctx.history if t.speaker is Speaker.staff]
        staff_text = staff_turns[-1].text if staff_turns else ""
        ctx = ctx.model_copy(update={"stance": acted_stance(ctx, staff_text)})
        kind = classify(ctx.grade, ctx.stance, staff_text)
        used = [t.text for t in ctx.history if t.speaker is Speaker.patient]
        seed = f"{ctx.session_id}\x1f{len(staff_turns)}"
        text = answer(ctx, kind, used, seed) or choose_line(ctx.persona, ctx.state.band, kind, used, seed)
        cues = ctx.state.cues or cues_for(ctx.state.agitation, ctx.persona, len(staff_turns))
        return PatientReply(text=text, cues=list(cues), source=SOURCE, kind=kind)

    async def stream(self, ctx: PatientContext) -> AsyncIterator[str | PatientReply]:
        """Yield the reply in word chunks, then the final PatientReply."""
        reply = self.reply(ctx)
        for piece in chunks(reply.text):
            yield piece
            await asyncio.sleep(0)  # let the event loop deliver each chunk as it is yielded
        yield reply


def acted_stance(ctx: PatientContext, staff_text: str) -> Stance:
    """The stance tags with what the turn's acted lines say staff did (*sits on the end of the bed*,
    *steps back*, *hands over to the night nurse*) where the tags say nothing. Sitting down beside them
    is too close only for a person whose file makes them sensitive to crowding."""
    acted = read_acted(staff_text, ctx.persona.profile.name)
    return acted.stance(ctx.stance, beside_crowds=ctx.persona.sensitivities.crowding > 1.0)


# --------------------------------------------------------------------------- choosing a line


def choose_line(persona: Persona, band: Band, kind: ReplyKind, used: Iterable[str], seed: str) -> str:
    """The first reply text not yet said in this session, in an order fixed by `seed`.

    A reply is a line of the persona's voice, sometimes followed by an aside. Tiers, in order: lines of
    `kind`, then of its neighbouring kinds, then neutral; two asides together; lines of every other kind;
    a line with two asides. Within a tier a line never said before comes first, then any unsaid
    combination. Only when all of those were said does the least recently said text come back.
    """
    said = list(used)
    said_set = set(said)
    everything: list[str] = []
    for tier in _tiers(persona.voice[band], kind, seed):
        unsaid = [(opener, text) for opener, text in tier if text not in said_set]
        fresh = [text for opener, text in unsaid if not _opened(opener, said)]
        if fresh or unsaid:
            return (fresh or [text for _, text in unsaid])[0]
        everything.extend(text for _, text in tier)
    return min(everything, key=lambda text: max(i for i, s in enumerate(said) if s == text))


def _tiers(voice: BandVoice, kind: ReplyKind, seed: str) -> Iterator[list[tuple[str, str]]]:
    """Candidate (opening line, full text) pairs, tier by tier, each tier in the seed's order."""
    pairs = [f"{x} {y}" for x in voice.asides for y in voice.asides if x != y]
    chain = list(dict.fromkeys([kind, *NEIGHBOURS[kind], ReplyKind.neutral]))
    rest = [k for k in ReplyKind if k not in chain]
    for k in chain:
        yield _with_asides(voice.replies[k], voice.asides, seed)
    yield [(text, text) for text in sorted(pairs, key=lambda t: _rank(seed, t))]
    for k in rest:
        yield _with_asides(voice.replies[k], voice.asides, seed)
    yield _with_asides([line for k in ReplyKind for line in voice.replies[k]], pairs, seed, plain=False)


def _with_asides(lines: list[str], asides: list[str], seed: str, plain: bool = True) -> list[tuple[str, str]]:
    """Each line (in the seed's order) with its variants: alone or followed by one aside. About half the
    lines come alone first, so asides flavour the scene without trailing every reply."""
    out: list[tuple[str, str]] = []
    for line in sorted(dict.fromkeys(lines), key=lambda t: _rank(seed, t)):
        # A line and an aside that together run past a chat turn would fail the reply guards: skip them.
        tails = [
            f"{line} {a}"
            for a in sorted(asides, key=lambda a: _rank(seed, line + a))
            if not is_too_long(f"{line} {a}")
        ]
        if plain:
            tails.insert(len(tails) if _rank(seed, line)[-1] % 2 else 0, line)
        out.extend((line, text) for text in tails)
    return out


def _opened(line: str, said: list[str]) -> bool:
    """True when `line` opened an earlier reply, alone or with an aside."""
    return any(s == line or s.startswith(line + " ") for s in said)


def _rank(seed: str, text: str) -> bytes:
    return hashlib.sha256(f"{seed}\x1f{text}".encode()).digest()
