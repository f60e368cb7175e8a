"""What one staff turn pushes on the patient's agitation before any brake: the words (escalation risk,
tone, the refusal and the other flashpoints, Simmons' bare limit) and the body (distance, voice, posture,
touch, the team actions), each an `Effect` with a signed amount and a plain-English reason.

How much of this push lands (calming power, hysteresis, saturation, goodwill, a met need, the per-turn
bound) is coach.dynamics' business, which adds these effects up into the next patient state.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict

from coach.flags import flag_effects
from coach.models import Flag, Grade, Persona
from coach.rubric_models import FlagEffect
from coach.stance import Action, Distance, Posture, Stance, Voice

if TYPE_CHECKING:  # coach.dynamics imports this module to step: the params' type is for the checker only
    from coach.dynamics import DynamicsParams

TONE_WORDS = {1: "hostile", 2: "curt", 3: "neutral", 4: "calm and respectful", 5: "warm and attuned"}
RISK_WORDS = {
    1: "very likely to calm",
    2: "likely to calm",
    3: "neutral",
    4: "likely to escalate",
    5: "very likely to escalate",
}


class Effect(BaseModel):
    """One reason the agitation moved: a name, a signed amount in points and a plain-English reason."""

    model_config = ConfigDict(frozen=True)

    name: str
    amount: float
    reason: str

    @classmethod
    def of(cls, name: str, amount: float, reason: str) -> Effect:
        """An effect with its amount rounded to a tenth of a point, as trainers read it."""
        return cls(name=name, amount=round(amount, 1), reason=reason)


# Flags whose effect the stance can cause too: the touch action is hands on, a raised voice is shouting.
# They are counted once, with the stance, under the stance's effect name.
STANCE_FLAGS = {Flag.hands_on: "hands_on", Flag.shouting: "voice"}
TRAIT_WORDS = {
    "provocation": "provocation",
    "denied_request": "denied requests",
    "directions": "directions",
    "crowding": "crowding",
}


def _sensitive(persona: Persona, trait: str | None) -> tuple[float, str]:
    """The persona's multiplier for a DASA trait (1 for none), and a note for the reason when it is not 1."""
    if trait is None:
        return 1.0, ""
    value = getattr(persona.sensitivities, trait)
    note = "" if value == 1 else f" (x{value:g}: this person's sensitivity to {TRAIT_WORDS[trait]})"
    return value, note


def verbal_effects(
    grade: Grade, persona: Persona, a: float, p: DynamicsParams, heard_no: bool
) -> list[Effect]:
    """What the words did: base push, tone, flashpoints, provocations, Simmons effects. `heard_no`: a no
    was said earlier in the scene."""
    s = grade.scores
    risk = RISK_WORDS[s.escalation_risk]
    out = [Effect.of("risk", p.risk_push[s.escalation_risk], f"escalation risk {s.escalation_risk} ({risk})")]
    tone = p.tone_push[s.tone]
    if tone > 0:
        k, note = _sensitive(persona, "provocation")
        out.append(Effect.of("tone", tone * k, f"a {TONE_WORDS[s.tone]} tone provokes{note}"))
    else:
        out.append(Effect.of("tone", tone, f"a {TONE_WORDS[s.tone]} tone"))

    soft, soft_why = _softening(grade, p)
    if grade.refusal:
        k, note = _sensitive(persona, "denied_request")
        spike, why = p.refusal_spike * k, "a refusal provokes"
        if heard_no and (s.no_brevity or 0) >= p.heard_no_brevity and s.tone >= p.heard_no_tone:
            spike *= p.heard_no_factor
            why = f"a no they have already heard, said again calmly, provokes less (x{p.heard_no_factor:g})"
        out.append(_softened("refusal", spike, why, soft, soft_why, note))
    declared = _flag_effects(p)
    for flag in dict.fromkeys(grade.flags):  # each flag once, in the order graded
        effect = declared.get(flag)
        if flag in STANCE_FLAGS or effect is None or a < effect.from_band.floor:
            continue
        k, note = _sensitive(persona, effect.trait)
        if effect.softened:
            out.append(_softened(flag, effect.points * k, effect.why, soft, soft_why, note))
        else:
            out.append(Effect.of(flag, effect.points * k, f"{effect.why}: +{effect.points * k:.1f}{note}"))

    bare = grade.refusal and (s.no_brevity or 5) <= p.bare_limit_max_brevity
    if bare and a < p.high_agitation:
        k, note = _sensitive(persona, "denied_request")
        reason = f"a bare limit at lower agitation escalates more (Simmons 2024){note}"
        out.append(Effect.of("bare_limit", p.bare_limit_push * k, reason))
    return out


def _softened(name: str, full: float, why: str, soft: float, soft_why: str, note: str) -> Effect:
    """A flashpoint's effect: softened (or hardened) by how it was delivered (Safewards Soft Words)."""
    if soft == 1:
        return Effect.of(name, full, f"{why}: +{full:.1f}{note}")
    word = "instead of" if soft < 1 else "rather than"
    return Effect.of(
        name, full * soft, f"{why}, delivered {soft_why}: +{full * soft:.1f} {word} +{full:.1f}{note}"
    )


def _flag_effects(p: DynamicsParams) -> Mapping[str, FlagEffect]:
    return p.flag_effects if p.flag_effects is not None else flag_effects()


def stance_effects(
    grade: Grade, stance: Stance, persona: Persona, a: float, p: DynamicsParams
) -> list[Effect]:
    """What the body did: distance, voice, posture, touch, and the team actions."""
    k, note = _sensitive(persona, "crowding")
    actions = set(stance.actions)
    out: list[Effect] = []
    if Flag.hands_on in grade.flags or Action.touch in actions:
        out += _stance_flag(Flag.hands_on, persona, p)
    if stance.distance is Distance.close and Flag.crowding not in grade.flags:
        # The crowding flag already counts standing too close; count it once.
        out.append(Effect.of("distance", p.close_distance_push * k, f"standing close crowds them{note}"))
    elif stance.distance is Distance.two_arms_or_more:
        out.append(Effect.of("distance", p.two_arms_push, "two arm-lengths of space"))
    if stance.voice is Voice.raised or Flag.shouting in grade.flags:
        out += _stance_flag(Flag.shouting, persona, p)
    elif stance.voice is Voice.quiet:
        out.append(Effect.of("voice", p.quiet_voice_push, "a quiet, calm voice"))
    if stance.posture is Posture.closed:
        out.append(Effect.of("posture", p.closed_posture_push, "a closed posture reads as defensive"))
    elif stance.posture is Posture.open:
        out.append(Effect.of("posture", p.open_posture_push, "an open posture, hands visible"))
    if Action.step_back in actions:
        out.append(Effect.of("step_back", p.step_back_push, "stepping back gives space"))
    if Action.offer_break in actions:
        out.append(Effect.of("offer_break", p.offer_break_push, "a time-limited offer of space"))
    high = a >= p.high_agitation
    helps = Flag.crowding not in grade.flags and Flag.against_care_plan not in grade.flags
    if Action.call_support in actions and high and helps:
        out.append(Effect.of("call_support", p.call_support_push, "calling support early at high agitation"))
    if Action.swap_staff in actions and high:
        out.append(Effect.of("swap_staff", p.swap_staff_push, "a fresh face when rapport is failing"))
    return out


def _stance_flag(flag: Flag, persona: Persona, p: DynamicsParams) -> list[Effect]:
    """The effect of a flag the stance can cause too, under the stance's name (STANCE_FLAGS)."""
    effect = _flag_effects(p).get(flag)
    if effect is None:
        return []
    k, note = _sensitive(persona, effect.trait)
    return [Effect.of(STANCE_FLAGS[flag], effect.points * k, f"{effect.why}{note}")]


def _softening(grade: Grade, p: DynamicsParams) -> tuple[float, str]:
    """Safewards Soft Words: the factor on a flashpoint spike, and how it was delivered in words."""
    s = grade.scores
    factor = p.options_softening[s.options] * p.tone_softening[s.tone]
    parts = []
    if grade.refusal and s.no_brevity is not None:
        factor *= p.brevity_softening[s.no_brevity]
        parts.append(
            {
                5: "briefly with a reason",
                4: "calmly with a reason",
                3: "clearly but wordily",
                2: "curtly or evasively",
                1: "defensively, at length",
            }[s.no_brevity]
        )
    if s.options:
        parts.append(f"with {s.options} option{'s' if s.options > 1 else ''}")
    parts.append(f"in a {TONE_WORDS[s.tone]} tone")
    return factor, ", ".join(parts)
