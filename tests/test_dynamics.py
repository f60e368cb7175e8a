"""The agitation model: each effect in isolation, determinism, bands and outcomes, and properties
(the calibration runs are in test_dynamics_calibration.py)."""

from __future__ import annotations

import pytest
from dynamics_fixtures import (
    LONG,
    PERSONA,
    SHORT,
    WORDS_ONLY,
    effect,
    grade,
    move,
    persona_with,
    state,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from coach import dynamics
from coach.models import Band, Flag, Grade, Outcome, PatientState, Scores
from coach.stance import Action, Distance, Posture, Stance, Voice

# --------------------------------------------------------------------------- the start and the shape


def test_initial_state_starts_at_the_persona_start_with_band_cues() -> None:
    s = dynamics.initial_state(PERSONA)
    assert s.agitation == 45 and s.band is Band.agitated and s.peak == 45
    assert s.staff_turns == 0 and s.calm_turns == 0 and not s.need_met
    assert 2 <= len(s.cues) <= 3
    assert set(s.cues) <= set(PERSONA.voice[Band.agitated].cues)


def test_effects_explain_the_whole_change_in_plain_words() -> None:
    s = state(45)
    result = dynamics.step(s, grade(2, 4, refusal=True, brevity=2), Stance(voice=Voice.raised), PERSONA)
    assert sum(e.amount for e in result.effects) == pytest.approx(
        result.state.agitation - s.agitation, abs=0.05
    )
    assert {"risk", "refusal", "bare_limit", "voice"} <= {e.name for e in result.effects}
    assert all(e.reason and e.amount != 0 for e in result.effects)


def test_soft_refusal_reason_says_what_it_saved() -> None:
    result = dynamics.step(state(45), grade(5, 2, refusal=True, brevity=5, options=1), Stance(), PERSONA)
    (refusal,) = [e for e in result.effects if e.name == "refusal"]
    assert "instead of +12.0" in refusal.reason
    assert refusal.amount < 4


def test_step_counts_turns_and_tracks_the_peak() -> None:
    s = state(50, peak=60)
    up = dynamics.step(s, grade(1, 5, flags=(Flag.threat,)), Stance(), PERSONA).state
    assert up.staff_turns == 1 and up.peak == up.agitation > 60
    down = dynamics.step(up, grade(5, 1), Stance(), PERSONA).state
    assert down.staff_turns == 2 and down.peak == up.agitation


def test_step_is_deterministic() -> None:
    args = (state(52, peak=58), grade(4, 2, refusal=True, brevity=4, options=2), Stance(voice=Voice.quiet))
    assert dynamics.step(*args, PERSONA, staff_text=LONG) == dynamics.step(*args, PERSONA, staff_text=LONG)


# --------------------------------------------------------------------------- the words


def test_escalation_is_faster_than_calming() -> None:
    assert move(grade(3, 5)) > -move(grade(3, 1), text=None)
    assert move(grade(3, 4)) > -move(grade(3, 2), text=None)


def test_neutral_turn_barely_moves() -> None:
    for start in (30, 45, 60, 75):
        assert abs(move(grade(3, 3), start=start)) <= 2


def test_calming_lines_lose_power_as_agitation_rises() -> None:
    drops = [-move(grade(4, 1), start=a, params=WORDS_ONLY) for a in (20, 40, 60, 78)]
    assert drops == sorted(drops, reverse=True)
    assert drops[0] > drops[-1] * 1.5


def test_short_validating_line_keeps_most_of_its_power() -> None:
    long_drop = -move(grade(5, 1), start=70, params=WORDS_ONLY, text=LONG)
    short_drop = -move(grade(5, 1), start=70, params=WORDS_ONLY, text=SHORT)
    low_drop = -move(grade(5, 1), start=20, params=WORDS_ONLY, text=SHORT)
    assert short_drop > long_drop
    assert short_drop >= 0.8 * low_drop


def test_short_line_exception_needs_a_calm_tone_and_the_words() -> None:
    flat_short = -move(grade(3, 2), start=70, params=WORDS_ONLY, text=SHORT)
    flat_long = -move(grade(3, 2), start=70, params=WORDS_ONLY, text=LONG)
    assert flat_short == flat_long
    unknown = -move(grade(5, 1), start=70, params=WORDS_ONLY, text=None)
    assert unknown == -move(grade(5, 1), start=70, params=WORDS_ONLY, text=LONG)


def test_hostile_tone_provokes_and_warm_tone_helps() -> None:
    assert move(grade(1, 3)) > move(grade(3, 3)) > move(grade(5, 3))


FLASHPOINTS = {
    "refusal": {"refusal": True},
    "multiple_demands": {"flags": (Flag.multiple_demands,)},
    "threat": {"flags": (Flag.threat,)},
    "containment_threat": {"flags": (Flag.containment_threat,)},
}


@pytest.mark.parametrize("name", FLASHPOINTS)
def test_each_flashpoint_spikes_and_soft_words_soften_it(name: str) -> None:
    kwargs = dict(FLASHPOINTS[name])
    hard = dynamics.step(
        state(60), grade(3, 3, options=0, **kwargs, **_brevity(kwargs, 2)), Stance(), PERSONA
    )
    soft = dynamics.step(
        state(60), grade(5, 3, options=2, **kwargs, **_brevity(kwargs, 5)), Stance(), PERSONA
    )
    assert effect(hard, name) >= 8
    assert 0 < effect(soft, name) < effect(hard, name) * 0.6
    assert move(grade(3, 3, **kwargs, **_brevity(kwargs, 2)), start=60) > 5


def _brevity(kwargs: dict, value: int) -> dict:
    return {"brevity": value} if kwargs.get("refusal") else {}


def test_each_soft_words_feature_softens_a_refusal_on_its_own() -> None:
    base = move(grade(3, 3, refusal=True, brevity=3), start=60)
    assert move(grade(3, 3, refusal=True, brevity=5), start=60) < base
    assert move(grade(3, 3, refusal=True, brevity=3, options=1), start=60) < base
    assert move(grade(5, 3, refusal=True, brevity=3), start=60) < base
    assert move(grade(3, 3, refusal=True, brevity=1), start=60) > base


GOOD_NO = grade(4, 3, refusal=True, brevity=5)


def test_a_no_already_heard_said_again_calmly_lands_softer() -> None:
    # The news after a forewarning, or a limit repeated: the second calm no tells them nothing new.
    first = dynamics.step(state(50), GOOD_NO, Stance(), PERSONA)
    again = dynamics.step(first.state.model_copy(update={"agitation": 50.0}), GOOD_NO, Stance(), PERSONA)
    assert first.state.heard_no
    assert effect(again, "refusal") == pytest.approx(0.5 * effect(first, "refusal"), abs=0.1)
    assert "already heard" in next(e.reason for e in again.effects if e.name == "refusal")


CURT_NO, WORDY_NO = grade(2, 4, refusal=True, brevity=2), grade(4, 3, refusal=True, brevity=3)


@pytest.mark.parametrize("badly", [CURT_NO, WORDY_NO])
def test_a_curt_or_wordy_no_provokes_in_full_however_often_it_comes(badly: Grade) -> None:
    heard = state(50).model_copy(update={"heard_no": True})
    assert move(badly, start=heard) == move(badly, start=state(50))


def test_only_a_no_marks_the_news_as_heard() -> None:
    assert not dynamics.step(state(50), grade(4, 2, options=1), Stance(), PERSONA).state.heard_no


SENSITIVE = [
    ("denied_request", grade(3, 3, refusal=True, brevity=3), Stance()),
    ("directions", grade(3, 3, flags=(Flag.multiple_demands,)), Stance()),
    ("provocation", grade(3, 3, flags=(Flag.threat,)), Stance()),
    ("provocation", grade(3, 3, flags=(Flag.mockery,)), Stance()),
    ("provocation", grade(3, 3, flags=(Flag.invalidation,)), Stance()),
    ("provocation", grade(3, 3, flags=(Flag.argues_with_belief,)), Stance()),
    ("provocation", grade(3, 3, flags=(Flag.calm_down,)), Stance()),
    ("crowding", grade(3, 3, flags=(Flag.crowding,)), Stance()),
    ("crowding", grade(3, 3, flags=(Flag.hands_on,)), Stance()),
    ("crowding", grade(3, 3), Stance(actions=[Action.touch])),
    ("crowding", grade(3, 3), Stance(distance=Distance.close)),
    ("crowding", grade(3, 3), Stance(voice=Voice.raised)),
]


@pytest.mark.parametrize(("trait", "g", "stance"), SENSITIVE)
def test_each_sensitivity_scales_its_own_triggers_only(trait: str, g: Grade, stance: Stance) -> None:
    ordinary = move(g, stance, start=60)
    sensitive = move(g, stance, start=60, persona=persona_with(**{trait: 2.0}))
    thick_skinned = move(g, stance, start=60, persona=persona_with(**{trait: 0.5}))
    assert ordinary > 0
    assert sensitive == pytest.approx(2 * ordinary, abs=0.15)
    assert thick_skinned < ordinary
    others = [t for t in ("provocation", "denied_request", "directions", "crowding") if t != trait]
    assert move(g, stance, start=60, persona=persona_with(**dict.fromkeys(others, 2.0))) == ordinary


# --------------------------------------------------------------------------- the body and the team


@pytest.mark.parametrize(
    "stance",
    [
        Stance(distance=Distance.close),
        Stance(voice=Voice.raised),
        Stance(posture=Posture.closed),
        Stance(actions=[Action.touch]),
    ],
)
def test_escalating_stance(stance: Stance) -> None:
    assert move(grade(), stance) > 0 > move(grade())


@pytest.mark.parametrize(
    "stance",
    [
        Stance(distance=Distance.two_arms_or_more),
        Stance(voice=Voice.quiet),
        Stance(posture=Posture.open),
        Stance(actions=[Action.step_back]),
        Stance(actions=[Action.offer_break]),
    ],
)
def test_calming_stance(stance: Stance) -> None:
    assert move(grade(), stance) < move(grade()) < 0


def test_shouting_flag_counts_once_with_a_raised_voice() -> None:
    both = move(grade(flags=(Flag.shouting,)), Stance(voice=Voice.raised))
    assert both == move(grade(), Stance(voice=Voice.raised)) == move(grade(flags=(Flag.shouting,)))


def test_calling_support_helps_at_high_agitation_unless_staff_crowd_in() -> None:
    support = Stance(actions=[Action.call_support])
    assert move(grade(), support, start=65) < move(grade(), start=65)
    assert move(grade(), support, start=35) == move(grade(), start=35)
    crowding = grade(flags=(Flag.crowding,))
    assert move(crowding, support, start=65) > 0
    assert move(crowding, support, start=65) == move(crowding, start=65)


def test_swapping_staff_helps_when_rapport_is_failing() -> None:
    swap = Stance(actions=[Action.swap_staff])
    assert move(grade(), swap, start=65) < move(grade(), start=65)
    assert move(grade(), swap, start=35) == move(grade(), start=35)


# --------------------------------------------------------------------------- need, peaks, state effects


def test_one_turn_lowers_agitation_by_at_most_the_recovery_cap() -> None:
    best = grade(5, 1, meets_need=True)
    calming = Stance(distance=Distance.two_arms_or_more, actions=[Action.step_back, Action.offer_break])
    result = dynamics.step(state(70), best, calming, PERSONA)
    assert result.state.agitation == 70 - dynamics.PARAMS.recovery_cap
    assert effect(result, "pacing") > 0
    assert sum(e.amount for e in result.effects) == pytest.approx(-dynamics.PARAMS.recovery_cap, abs=0.05)


def test_de_escalated_needs_the_need_met_or_a_plan_then_calm_held() -> None:
    calm = state(15, calm_turns=3)
    ordinary = grade(4, 2)
    s = dynamics.step(
        dynamics.step(calm, ordinary, Stance(), PERSONA).state, ordinary, Stance(), PERSONA
    ).state
    assert s.calm_turns == 5 and dynamics.outcome(s) is None  # calm for a while, nothing resolved
    s = dynamics.step(s, grade(4, 2, meets_need=True), Stance(), PERSONA).state
    assert s.settled_turns == 0 and dynamics.outcome(s) is None  # resolved just now: not yet settled
    s = dynamics.step(s, ordinary, Stance(), PERSONA).state
    assert s.settled_turns == 1 and dynamics.outcome(s) is None
    s = dynamics.step(s, ordinary, Stance(), PERSONA).state
    assert dynamics.outcome(s) is Outcome.de_escalated


def test_a_plan_is_agreed_by_a_kind_choice_once_calm() -> None:
    choice = Grade(
        scores=Scores(tone=4, no_brevity=None, options=2, escalation_risk=2), refusal=False, grader="t"
    )
    agitated = dynamics.step(state(45), choice, Stance(), PERSONA).state
    assert not agitated.plan_agreed  # still upset: not yet able to agree anything
    calm = dynamics.step(state(20), choice, Stance(), PERSONA).state
    assert calm.plan_agreed


def test_a_choice_that_brings_calm_is_not_yet_a_plan_agreed() -> None:
    # Just above the calm band, a kind choice at low risk lands the patient in calm on the same turn; she
    # was not calm when it was offered, so the scene cannot be settled two turns later on it alone.
    choice = Grade(
        scores=Scores(tone=5, no_brevity=None, options=1, escalation_risk=1), refusal=False, grader="t"
    )
    first = dynamics.step(state(27), choice, Stance(), PERSONA).state
    assert first.band is Band.calm and not first.plan_agreed
    second = dynamics.step(first, choice, Stance(), PERSONA).state
    assert second.plan_agreed and second.settled_turns == 0


def test_meeting_the_need_gives_a_large_drop_once_and_latches() -> None:
    first = dynamics.step(state(60), grade(4, 2, meets_need=True), Stance(), PERSONA)
    plain = dynamics.step(state(60), grade(4, 2), Stance(), PERSONA)
    # The largest drop one turn may give (calm comes over several turns), far more than the same turn
    # without the need met.
    assert first.state.agitation == 60 - dynamics.PARAMS.recovery_cap
    assert plain.state.agitation - first.state.agitation >= 8
    assert first.state.need_met
    later = dynamics.step(first.state, grade(3, 3), Stance(), PERSONA)
    assert later.state.need_met
    again = dynamics.step(later.state, grade(4, 2, meets_need=True), Stance(), PERSONA)
    assert effect(again, "need_met") == 0


def test_the_need_met_drop_held_back_by_the_bound_comes_in_the_next_calm_turns() -> None:
    met = dynamics.step(state(60), grade(4, 2, meets_need=True), Stance(), PERSONA)
    assert met.state.agitation == 60 - dynamics.PARAMS.recovery_cap and met.state.settling > 0
    after = dynamics.step(met.state, grade(4, 3), Stance(), PERSONA)
    without = dynamics.step(met.state.model_copy(update={"settling": 0}), grade(4, 3), Stance(), PERSONA)
    assert effect(after, "settling") < 0
    assert after.state.agitation == pytest.approx(without.state.agitation - met.state.settling, abs=0.15)
    # Only what the met need owed is carried, and it comes once.
    assert 0 < met.state.settling <= -dynamics.PARAMS.need_met_drop
    assert after.state.settling == 0
    assert effect(dynamics.step(after.state, grade(4, 3), Stance(), PERSONA), "settling") == 0


def test_a_provoking_turn_pauses_the_settling_a_met_need_brings() -> None:
    met = dynamics.step(state(60), grade(4, 2, meets_need=True), Stance(), PERSONA).state
    provoked = dynamics.step(met, grade(2, 4, flags=(Flag.calm_down,)), Stance(), PERSONA)
    assert effect(provoked, "settling") == 0 and provoked.state.settling == met.settling
    resumed = dynamics.step(provoked.state, grade(4, 3), Stance(), PERSONA)
    assert effect(resumed, "settling") == -met.settling


def test_calm_held_back_by_the_bound_without_a_met_need_is_not_carried() -> None:
    calming = Stance(distance=Distance.two_arms_or_more, actions=[Action.step_back, Action.offer_break])
    result = dynamics.step(state(40), grade(5, 1), calming, PERSONA)
    assert effect(result, "pacing") > 0 and result.state.settling == 0


def test_met_need_lowers_sensitivity_for_the_rest_of_the_scene() -> None:
    poor = grade(2, 4, flags=(Flag.calm_down,))
    before = move(poor, start=state(40))
    after = move(poor, start=state(40, need_met=True))
    assert after == pytest.approx(0.6 * before, abs=0.15)


def test_recovery_is_slow_near_a_recent_peak() -> None:
    calming = grade(4, 1)
    near_peak = -move(calming, start=state(50, peak=60))
    no_peak = -move(calming, start=state(50, peak=50))
    long_after = -move(calming, start=state(50, peak=80))
    assert near_peak < no_peak == long_after


def test_near_a_peak_words_already_slowed_by_the_level_are_not_slowed_again() -> None:
    # At 75 words keep about half their power, less than the hysteresis factor: the peak adds nothing.
    words = grade(4, 1)
    assert move(words, start=state(75, peak=80)) == move(words, start=state(75, peak=95))
    # The stance's calming has no level brake, so near the peak it is still slowed.
    back = Stance(actions=[Action.step_back])
    assert -move(grade(), back, start=state(75, peak=80)) < -move(grade(), back, start=state(75, peak=95))


LAPSE = grade(2, 4, refusal=True, brevity=2)


def test_a_lapse_lands_softer_just_after_a_helpful_turn_and_spends_the_goodwill() -> None:
    listened = dynamics.step(state(45), grade(4, 2), Stance(), PERSONA).state
    ignored = dynamics.step(state(45), grade(3, 3), Stance(), PERSONA).state
    assert listened.goodwill and not ignored.goodwill
    assert move(LAPSE, start=listened) == pytest.approx(0.75 * move(LAPSE, start=ignored), abs=0.15)
    spent = dynamics.step(listened, LAPSE, Stance(), PERSONA).state
    assert not spent.goodwill
    assert move(LAPSE, start=spent) == pytest.approx(move(LAPSE, start=ignored), abs=0.15)


def test_goodwill_softens_one_lapse_a_scene_and_a_second_after_kind_words_lands_in_full() -> None:
    # kind, a lapse, kind again, the same lapse: the first is a slip, the second reads as the pattern
    first = dynamics.step(
        dynamics.step(state(45), grade(4, 2), Stance(), PERSONA).state, LAPSE, Stance(), PERSONA
    )
    assert effect(first, "goodwill") < 0 and first.state.forgiven
    kind_again = dynamics.step(first.state, grade(4, 2), Stance(), PERSONA).state
    assert kind_again.goodwill
    second = dynamics.step(kind_again, LAPSE, Stance(), PERSONA)
    assert effect(second, "goodwill") == 0
    # as hard as the same lapse with no kind words before it
    unheard = dynamics.step(kind_again.model_copy(update={"goodwill": False}), LAPSE, Stance(), PERSONA)
    assert second.state.agitation == unheard.state.agitation
    # had the first lapse not been softened, the second would have been
    not_yet = dynamics.step(kind_again.model_copy(update={"forgiven": False}), LAPSE, Stance(), PERSONA)
    assert not_yet.state.agitation < second.state.agitation


def test_a_no_said_as_warmly_as_the_scale_allows_still_costs_something() -> None:
    warm_no = grade(5, 1, refusal=True, brevity=5, options=1)
    result = dynamics.step(state(45), warm_no, Stance(), PERSONA, staff_text=LONG)
    assert effect(result, "still_a_no") > 0
    assert result.state.agitation > 45
    # the same words without the no calm her: it is the no that costs, not the words
    assert dynamics.step(state(45), grade(5, 1, options=1), Stance(), PERSONA).state.agitation < 45


def test_goodwill_is_earned_only_by_a_calm_helpful_turn_and_kept_until_a_lapse() -> None:
    def after(g: Grade, start: PatientState) -> bool:
        return dynamics.step(start, g, Stance(), PERSONA).state.goodwill

    assert after(grade(4, 2), state(45))
    assert not after(grade(4, 2, refusal=True, brevity=5), state(45))
    assert not after(grade(4, 2, flags=(Flag.jargon,)), state(45))
    assert after(grade(), state(45).model_copy(update={"goodwill": True}))


def test_goodwill_and_a_met_need_do_not_compound() -> None:
    met = state(40, need_met=True)
    both = met.model_copy(update={"goodwill": True})
    assert move(LAPSE, start=both) == move(LAPSE, start=met)


def test_bare_limit_escalates_more_at_low_agitation() -> None:
    bare, soft = grade(2, 3, refusal=True, brevity=2), grade(2, 3, refusal=True, brevity=4)
    low = dynamics.step(state(35), bare, Stance(), PERSONA)
    high = dynamics.step(state(65), bare, Stance(), PERSONA)
    assert effect(low, "bare_limit") > 0 and effect(high, "bare_limit") == 0
    assert move(bare, start=35) - move(soft, start=35) > move(bare, start=65) - move(soft, start=65)


def test_generic_reassurance_escalates_at_high_agitation_only() -> None:
    reassure = grade(4, 3, flags=(Flag.generic_reassurance,))
    assert move(reassure, start=65) > 0 > move(grade(4, 3), start=65)
    assert move(reassure, start=35) == move(grade(4, 3), start=35)


def test_anger_fades_slowly_when_nothing_provokes() -> None:
    assert move(grade(), start=45) == -1
    assert move(grade(), start=65) == -2
    assert move(grade(), start=25.5) == -0.5  # fading alone stops at the edge of the calm band
    assert move(grade(), Stance(posture=Posture.closed), start=45) == 2  # a provocation: no fading


def test_agitation_is_clamped_to_the_scale() -> None:
    worst = grade(1, 5, flags=(Flag.threat, Flag.containment_threat, Flag.mockery))
    top = dynamics.step(state(95), worst, Stance(voice=Voice.raised, distance=Distance.close), PERSONA)
    assert top.state.agitation == 100 and effect(top, "clamp") < 0
    best = grade(5, 1, meets_need=True)
    bottom = dynamics.step(state(5), best, Stance(actions=[Action.step_back]), PERSONA)
    assert bottom.state.agitation == 0 and effect(bottom, "clamp") > 0


# --------------------------------------------------------------------------- bands, cues, outcome


def test_outcome_follows_the_band_and_the_hold() -> None:
    assert dynamics.outcome(state(80)) is Outcome.crisis
    assert dynamics.outcome(state(79.9)) is None
    calm = state(10, calm_turns=5, need_met=True)
    assert dynamics.outcome(calm.model_copy(update={"settled_turns": 1})) is None
    assert dynamics.outcome(calm.model_copy(update={"settled_turns": 2})) is Outcome.de_escalated
    assert dynamics.outcome(state(10, calm_turns=2)) is None  # calm, but nothing resolved yet


def test_calm_turns_count_consecutive_calm_turns_and_reset() -> None:
    s = state(26, need_met=True)
    s = dynamics.step(s, grade(5, 1), Stance(), PERSONA).state
    assert s.band is Band.calm and s.calm_turns == 1
    s = dynamics.step(s, grade(3, 3), Stance(), PERSONA).state
    assert s.calm_turns == 2 and s.settled_turns == 2 and dynamics.outcome(s) is Outcome.de_escalated
    s = dynamics.step(s, grade(1, 5, flags=(Flag.mockery,)), Stance(), PERSONA).state
    assert s.band is not Band.calm and s.calm_turns == 0


@pytest.mark.parametrize("agitation", [0, 24.9, 25, 54.9, 55, 79.9, 80, 100])
def test_cues_come_from_the_band_and_vary_with_the_turn(agitation: float) -> None:
    band_cues = set(PERSONA.voice[Band.for_agitation(agitation)].cues)
    seen = [tuple(dynamics.cues_for(agitation, PERSONA, turn)) for turn in range(6)]
    assert all(2 <= len(c) <= 3 and set(c) <= band_cues and len(set(c)) == len(c) for c in seen)
    assert len(set(seen)) > 1
    assert dynamics.cues_for(agitation, PERSONA, 3) == list(seen[3])


def test_step_shows_the_new_band_cues() -> None:
    result = dynamics.step(state(50), grade(1, 5, flags=(Flag.threat,)), Stance(), PERSONA)
    assert result.state.band is Band.highly_agitated
    assert set(result.state.cues) <= set(PERSONA.voice[Band.highly_agitated].cues)


# --------------------------------------------------------------------------- properties


@st.composite
def grades(draw: st.DrawFn) -> Grade:
    refusal = draw(st.booleans())
    return Grade(
        scores=Scores(
            tone=draw(st.integers(1, 5)),
            no_brevity=draw(st.integers(1, 5)) if refusal else None,
            options=draw(st.integers(0, 3)),
            escalation_risk=draw(st.integers(1, 5)),
        ),
        refusal=refusal,
        flags=draw(st.lists(st.sampled_from(list(Flag)), unique=True)),
        grader="test",
        meets_need=draw(st.booleans()),
    )


stances = st.builds(
    Stance,
    distance=st.none() | st.sampled_from(list(Distance)),
    voice=st.none() | st.sampled_from(list(Voice)),
    posture=st.none() | st.sampled_from(list(Posture)),
    actions=st.lists(st.sampled_from(list(Action)), unique=True),
)


@st.composite
def states(draw: st.DrawFn) -> PatientState:
    agitation = draw(st.floats(0, 100, allow_nan=False))
    return PatientState(
        agitation=agitation,
        band=Band.for_agitation(agitation),
        peak=draw(st.floats(agitation, 100, allow_nan=False)),
        need_met=draw(st.booleans()),
        calm_turns=draw(st.integers(0, 5)),
        staff_turns=draw(st.integers(0, 50)),
    )


traits = st.floats(0.25, 2.5, allow_nan=False)


# Three times the profile's count: one step is cheap and this property covers every rule at once.
@settings(max_examples=3 * settings.default.max_examples, deadline=None)
@given(
    s=states(),
    g=grades(),
    stance=stances,
    text=st.none() | st.text(max_size=80),
    sens=st.tuples(traits, traits, traits, traits),
)
def test_any_turn_keeps_a_valid_explained_state(
    s: PatientState, g: Grade, stance: Stance, text: str | None, sens: tuple[float, ...]
) -> None:
    persona = persona_with(
        **dict(zip(("provocation", "denied_request", "directions", "crowding"), sens, strict=True))
    )
    result = dynamics.step(s, g, stance, persona, staff_text=text)
    new = result.state
    assert 0 <= new.agitation <= 100
    assert new.band is Band.for_agitation(new.agitation)
    assert new.peak >= max(s.peak, new.agitation)
    assert new.staff_turns == s.staff_turns + 1
    assert new.need_met == (s.need_met or g.meets_need)
    assert sum(e.amount for e in result.effects) == pytest.approx(new.agitation - s.agitation, abs=0.1)
