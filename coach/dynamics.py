"""The agitation model: pure, deterministic functions from (state, graded staff turn, stance, persona) to
the next patient state, with the effects that explain the change.

Grounding (docs/domain.md "Dynamics worth modelling"): flashpoints spike agitation, less with soft-words
delivery, and a no already heard, said again calmly, less again; escalation is faster than calming;
calming lines lose power as agitation rises, except short validating or safety lines; anger fades slowly
when nothing provokes it; after a peak, recovery is slow; meeting the real need gives a large drop and
lowers sensitivity for the rest of the scene; a lapse lands softer on someone who has just been listened
to; crowding, raised voice and touch escalate while space, one calm voice and a time-bound break calm.

Every change is an `Effect` with a signed amount and a plain-English reason; the amounts of one step add
up to the change in agitation, so a trainer can read exactly why the patient moved. What a turn's words and
stance push is coach.turn_pushes; this module weighs how much of it lands and keeps the scene's state.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from pydantic import BaseModel, ConfigDict

from coach.models import BAND_FLOORS, Band, Grade, Outcome, PatientState, Persona
from coach.rubric_models import FlagEffect
from coach.stance import Stance
from coach.turn_pushes import Effect, stance_effects, verbal_effects


@dataclass(frozen=True)
class DynamicsParams:
    """Every constant of the model in one place. Points are on the 0-100 agitation scale."""

    # Escalation risk (rubric 1-5) sets the base push. Asymmetric on purpose: escalation is faster than
    # calming (docs/domain.md "Dynamics worth modelling"; docs/architecture.md hysteresis).
    risk_push: dict[int, float] = field(default_factory=lambda: {1: -4.5, 2: -2.5, 3: 0.0, 4: 5.0, 5: 10.0})
    # Tone adds a small push: a hostile or curt tone is itself provocative (Project BETA "do not be
    # provocative"), scaled by the DASA provocation trait; a calm, warm tone helps a little.
    tone_push: dict[int, float] = field(default_factory=lambda: {1: 3.0, 2: 1.0, 3: 0.0, 4: -0.5, 5: -1.5})

    # Calming lines lose power as agitation rises (BARS 6: "instructions no longer work"): full power up
    # to `calming_full_until`, falling linearly to `calming_floor` at 100.
    calming_full_until: float = BAND_FLOORS[Band.agitated]
    calming_floor: float = 0.3
    # ...except short validating or safety lines, which keep most of their power (docs/domain.md; Project
    # BETA "be concise"): tone >= 4 and at most this many words.
    short_line_words: int = 12
    short_line_tone: int = 4
    short_line_power: float = 0.85

    # Safewards flashpoints (Bowers): saying no, asking a patient to do something, threatening
    # containment. The refusal spike is here; every flag's push (its points, the DASA trait that scales
    # it, whether Soft Words delivery softens it) is declared with the flag in the rubric (coach.flags).
    refusal_spike: float = 12.0  # x denied_request (DASA "easily angered when requests are denied")
    # Bad news lands once (docs/domain.md). A later no in the same scene, said calmly and briefly with a
    # reason (no_brevity and tone at least these), restates what the patient already knows or follows a
    # forewarning ("I've got bad news"), so it spikes at this factor (Safewards Bad News Mitigation;
    # Project BETA "be concise": short sentences, repeated if needed). A curt, evasive, wordy or lecturing
    # no is a fresh provocation however often it comes, so poor practice keeps the full spike.
    heard_no_factor: float = 0.5
    # A no stays a flashpoint however kindly it is said: Soft Words lower its spike (the softenings
    # below), and the turn's calm or warm words may take off at most this share of what is left, so a no
    # never calms on its words alone (counting them in full would count soft delivery twice, and with the
    # grader's whole scale a warm, low-risk no came out calming).
    no_offset_share: float = 0.5
    heard_no_brevity: int = 4
    heard_no_tone: int = 4
    # The flags' effects by name; None reads them from the configured rubric at each step.
    flag_effects: Mapping[str, FlagEffect] | None = None
    # Safewards Soft Words: a brief calm no with a reason, alternatives and a warm tone softens the spike.
    brevity_softening: dict[int, float] = field(
        default_factory=lambda: {5: 0.35, 4: 0.5, 3: 0.75, 2: 1.0, 1: 1.3}
    )
    options_softening: dict[int, float] = field(default_factory=lambda: {0: 1.0, 1: 0.75, 2: 0.65, 3: 0.6})
    tone_softening: dict[int, float] = field(default_factory=lambda: {1: 1.2, 2: 1.1, 3: 1.0, 4: 0.9, 5: 0.8})
    # Crowding, x crowding (docs/domain.md: crowding, raised voice and touch escalate; Project BETA: two
    # arm-lengths). The touch action counts as the hands_on flag, a raised voice as the shouting flag.
    close_distance_push: float = 3.0
    closed_posture_push: float = 2.0  # unscaled: reads as defensive (Project BETA: open posture)

    # Calming stance (docs/domain.md: stepping back, one calm voice, a time-bound offer of space calm).
    two_arms_push: float = -0.5
    quiet_voice_push: float = -0.5
    open_posture_push: float = -0.5
    step_back_push: float = -3.0
    offer_break_push: float = -4.0
    # Mobilise the team early (docs/domain.md): support helps once agitation is high, unless several staff
    # then talk at once (the crowding flag); swapping staff helps when rapport is failing.
    high_agitation: float = BAND_FLOORS[Band.highly_agitated]
    call_support_push: float = -4.0
    swap_staff_push: float = -5.0

    # Simmons et al. 2024: bare limit-setting goes with more aggression at low risk (generic reassurance
    # with more aggression at high risk is the generic_reassurance flag's effect).
    bare_limit_max_brevity: int = 2
    bare_limit_push: float = 4.0  # x denied_request, below high_agitation

    # Meeting the real need: a large drop once, then escalation pushes damped for the rest of the scene
    # (docs/domain.md "lowers sensitivity for the rest of the scene").
    need_met_drop: float = -18.0
    need_met_damping: float = 0.6

    # Goodwill: a lapse soon after the patient was listened to lands softer than the same lapse in a run of
    # brush-offs (Safewards: positive words and relationships reduce conflict). A helpful turn (calm or
    # warm, likely to calm, no no, no flag) earns it; the next provoking turn is damped and spends it. Once
    # the need is met its damping is the stronger softening, and the two do not compound. The benefit of
    # the doubt is given once a scene (`PatientState.forgiven`): a second lapse after kind words reads as
    # a pattern, not a slip, so kind words between lapses do not buy every lapse off (mixed practice
    # keeps costing however well its good turns are graded).
    helpful_tone: int = 4
    helpful_risk: int = 2
    goodwill_damping: float = 0.75

    # Hysteresis: after a peak of at least `peak_min`, calming works at `hysteresis_power` while agitation
    # is within `hysteresis_window` of that peak (docs/domain.md "after a peak, recovery is slow"). Near a
    # peak the level is high too and both brakes describe one state, so words that lost power to the level
    # work at the stronger brake, not at the product of both.
    hysteresis_peak_min: float = BAND_FLOORS[Band.highly_agitated]
    hysteresis_window: float = 15.0
    hysteresis_power: float = 0.6

    # Anger fades slowly when a turn provokes nothing (docs/domain.md), but fading alone stops at the edge of
    # the calm band (Band.for_agitation): reaching calm takes something that actively helps.
    fading_low: float = -1.0
    fading_high: float = -2.0
    fading_high_from: float = 50.0
    fading_stops_at: float = BAND_FLOORS[Band.agitated]

    # One turn can only do so much harm: escalation pushes add up with diminishing returns towards
    # `escalation_cap` (E = cap * (1 - exp(-raw / cap))), so stacking every mistake in one line is very
    # bad but not an instant crisis; repeated poor turns are what carry a person to BARS 7. At 16 no
    # persona (the highest starts at 60) reaches crisis on one turn: it takes at least two.
    escalation_cap: float = 16.0

    # Calm comes over several turns: one turn can lower agitation by at most this many points, however
    # much went right in it (docs/domain.md "after a peak, recovery is slow"; a person does not go from
    # upset to settled on one sentence). The part of the need-met drop this bound holds back is not lost:
    # it comes in the following turns that provoke nothing (the person goes on settling once the reason
    # is dealt with), paused by a turn that provokes.
    recovery_cap: float = 12.0

    # The calm band must be held this many turns to count as de-escalated (docs/architecture.md: reached
    # and held), and the reason for the agitation dealt with: the need met, or a plan agreed (a realistic
    # choice offered kindly, at low risk, once the patient is calm enough to take it in: calm already when
    # it is offered, not brought to calm by the same turn, since calm comes over several turns).
    calm_hold_turns: int = 2
    plan_tone: int = 4
    plan_risk: int = 2
    cues_min: int = 2
    cues_max: int = 3


PARAMS = DynamicsParams()


class StepResult(BaseModel):
    """The state after one staff turn, and the effects (amounts add up to the change in agitation)."""

    model_config = ConfigDict(frozen=True)

    state: PatientState
    effects: list[Effect]


# --------------------------------------------------------------------------- public API


def initial_state(
    persona: Persona, params: DynamicsParams = PARAMS, agitation: float | None = None
) -> PatientState:
    """The patient's state as the scene opens: starting agitation (the persona's unless given), its band
    and cues, peak at the start."""
    agitation = float(persona.starting_agitation if agitation is None else agitation)
    return PatientState(
        agitation=agitation,
        band=Band.for_agitation(agitation),
        cues=cues_for(agitation, persona, 0, params),
        peak=agitation,
    )


def cues_for(
    agitation: float, persona: Persona, turn_index: int, params: DynamicsParams = PARAMS
) -> list[str]:
    """Two or three observable cues for the band of `agitation`, rotating with the turn index."""
    cues = persona.voice[Band.for_agitation(agitation)].cues
    count = min(len(cues), params.cues_min + turn_index % (params.cues_max - params.cues_min + 1))
    start = (turn_index * 2) % len(cues)
    return [cues[(start + i) % len(cues)] for i in range(count)]


def outcome(state: PatientState, params: DynamicsParams = PARAMS) -> Outcome | None:
    """Crisis when the crisis band is reached; de-escalated when the need was met or a plan agreed and
    the patient has stayed calm since for `calm_hold_turns` turns; otherwise None (the scene goes on;
    'unresolved' belongs to whoever ends it)."""
    if state.band is Band.crisis:
        return Outcome.crisis
    if state.settled_turns >= params.calm_hold_turns:
        return Outcome.de_escalated
    return None


def step(
    state: PatientState,
    grade: Grade,
    stance: Stance,
    persona: Persona,
    *,
    staff_text: str | None = None,
    params: DynamicsParams = PARAMS,
) -> StepResult:
    """The state after one graded staff turn, with the effects that explain the change.

    `staff_text` lets a short validating or safety line keep its calming power at high agitation; without
    it the exception cannot be judged and does not apply.
    """
    a = state.agitation
    need_met_now = grade.meets_need and not state.need_met
    need_met = state.need_met or grade.meets_need

    verbal = verbal_effects(grade, persona, a, params, heard_no=state.heard_no)
    stance_fx = stance_effects(grade, stance, persona, a, params)
    raw = verbal + stance_fx
    effects = list(raw)

    escalation = sum(e.amount for e in raw if e.amount > 0)
    verbal_calming = sum(e.amount for e in verbal if e.amount < 0)
    calming = sum(e.amount for e in raw if e.amount < 0)
    if grade.refusal:
        offset = -params.no_offset_share * sum(e.amount for e in verbal if e.name == "refusal")
        if verbal_calming < offset:
            share = f"{params.no_offset_share:.0%}"
            why = f"kind words soften a no but do not undo it: they take off at most {share} of its spike"
            effects.append(Effect.of("still_a_no", offset - verbal_calming, why))
            calming += offset - verbal_calming
            verbal_calming = offset

    power = 1.0
    if verbal_calming < 0:
        power, why = _calming_power(grade, staff_text, a, params)
        if power < 1:
            effects.append(Effect.of("calming_power", verbal_calming * (power - 1), why))
            calming += verbal_calming * (power - 1)
    if (
        calming < 0
        and state.peak >= params.hysteresis_peak_min
        and a >= state.peak - params.hysteresis_window
    ):
        # The stance's calming at x h; the words' at the stronger brake, min(power, h), not power * h.
        h = params.hysteresis_power
        slowed = (calming - verbal_calming * power) * (h - 1) + verbal_calming * (min(power, h) - power)
        why = (
            f"still close to the peak of {state.peak:.0f}: recovery is slow, calming works at x{h:g} at most"
        )
        effects.append(Effect.of("hysteresis", slowed, why))
    if escalation > 0:
        saturated = params.escalation_cap * (1 - math.exp(-escalation / params.escalation_cap))
        if escalation - saturated >= 0.05:
            effects.append(
                Effect.of(
                    "saturation",
                    saturated - escalation,
                    f"one turn's provocations add up with diminishing returns (at most "
                    f"{params.escalation_cap:g} points a turn)",
                )
            )
            escalation = saturated
    forgiven = False
    if escalation > 0 and state.goodwill and not need_met and not state.forgiven:
        forgiven = True
        k = params.goodwill_damping
        why = f"they were listened to since the last lapse, so this first lapse lands softer (x{k:g})"
        effects.append(Effect.of("goodwill", escalation * (k - 1), why))
        escalation *= k
    if escalation > 0 and need_met:
        k = params.need_met_damping
        why = f"the need behind the anger has been met, so provocations land softer (x{k:g})"
        effects.append(Effect.of("need_met_damping", escalation * (k - 1), why))
    if need_met_now:
        effects.append(
            Effect.of(
                "need_met",
                params.need_met_drop,
                f"the turn speaks to what they really need ({persona.unmet_need.summary.rstrip('.')})",
            )
        )
    if escalation == 0:
        fade = params.fading_high if a >= params.fading_high_from else params.fading_low
        fade = max(fade, min(0.0, params.fading_stops_at - a))
        effects.append(
            Effect.of("fading", fade, "nothing in this turn provoked them, so anger fades a little")
        )

    # What a met need still owes: this turn's drop, and what the per-turn bound held back before, which
    # only comes on a turn that provokes nothing.
    owed = params.need_met_drop if need_met_now else 0.0
    if state.settling > 0 and escalation == 0:
        owed -= state.settling
        effects.append(
            Effect.of(
                "settling",
                -state.settling,
                "the need was met and nothing provoked them since: they go on settling",
            )
        )
    change = sum(e.amount for e in effects)
    held_back = 0.0
    if change < -params.recovery_cap:
        held_back = -params.recovery_cap - change
        effects.append(
            Effect.of(
                "pacing",
                held_back,
                f"calm comes over several turns: at most {params.recovery_cap:g} points in one turn",
            )
        )
    # Held back from what the need owed is still to come; held back from anything else is lost.
    settling = min(held_back, -owed) if owed < 0 else 0.0
    if state.settling > 0 and escalation > 0:
        settling += state.settling
    unclamped = a + sum(e.amount for e in effects)
    agitation = round(min(100.0, max(0.0, unclamped)), 1)
    if round(unclamped, 1) != agitation:
        effects.append(Effect.of("clamp", agitation - unclamped, "agitation stays within 0-100"))

    band = Band.for_agitation(agitation)
    plan = (
        state.band is Band.calm
        and band is Band.calm
        and grade.scores.options >= 1
        and grade.scores.tone >= params.plan_tone
        and grade.scores.escalation_risk <= params.plan_risk
    )
    new_state = PatientState(
        agitation=agitation,
        band=band,
        cues=cues_for(agitation, persona, state.staff_turns + 1, params),
        peak=max(state.peak, agitation),
        need_met=need_met,
        plan_agreed=state.plan_agreed or plan,
        calm_turns=state.calm_turns + 1 if band is Band.calm else 0,
        # Settled counts the calm turns after the one that resolved things, not that turn itself.
        settled_turns=state.settled_turns + 1
        if band is Band.calm and (state.need_met or state.plan_agreed)
        else 0,
        staff_turns=state.staff_turns + 1,
        settling=round(settling, 1),
        goodwill=escalation == 0 and (state.goodwill or _helpful(grade, params)),
        heard_no=state.heard_no or grade.refusal,
        forgiven=state.forgiven or forgiven,
    )
    return StepResult(state=new_state, effects=[e for e in effects if e.amount != 0])


# --------------------------------------------------------------------------- how much of the push lands


def _helpful(grade: Grade, p: DynamicsParams) -> bool:
    """The turn earns goodwill: calm or warm, likely to calm, and neither a no nor a flag."""
    s = grade.scores
    return (
        not (grade.refusal or grade.flags)
        and s.tone >= p.helpful_tone
        and s.escalation_risk <= p.helpful_risk
    )


def _calming_power(grade: Grade, staff_text: str | None, a: float, p: DynamicsParams) -> tuple[float, str]:
    """How much of its power a calming line keeps at agitation `a`, and why."""
    span = 100.0 - p.calming_full_until
    falling = 1.0 - (1.0 - p.calming_floor) * max(0.0, a - p.calming_full_until) / span
    short = (
        staff_text is not None
        and grade.scores.tone >= p.short_line_tone
        and len(staff_text.split()) <= p.short_line_words
    )
    if short and falling < p.short_line_power:
        return p.short_line_power, (
            f"a short, calm validating or safety line keeps most of its power at agitation {a:.0f} "
            f"(x{p.short_line_power:g})"
        )
    return falling, f"calming words lose power at agitation {a:.0f} (x{falling:.2f})"
