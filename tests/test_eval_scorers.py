"""Scorers, called directly on hand-made transcripts and probes."""

from __future__ import annotations

import pytest

from coach.config import get_settings
from coach.evaluation import scorers
from coach.evaluation.results import Probe, Step, Transcript
from coach.evaluation.suites import PersonaExpect, ProbeExpect
from coach.models import Band, Flag, Outcome, Persona, Scores
from coach.patient.guards import GuardFailure
from coach.personas import load_personas

PERSONA: Persona = load_personas(get_settings().personas_dir)["fearful"]
CALM_LINE = PERSONA.voice[Band.calm].replies["validated"][0]


def step(
    turn: int,
    agitation: float,
    patient: str = CALM_LINE,
    source: str = "offline",
    tone: int = 4,
    risk: int = 2,
    options: int = 0,
    brevity: int | None = None,
    flags: tuple[str, ...] = (),
) -> Step:
    return Step(
        turn=turn,
        staff="words",
        patient=patient,
        source=source,
        agitation=agitation,
        band=Band.for_agitation(agitation),
        scores=Scores(tone=tone, options=options, escalation_risk=risk, no_brevity=brevity),
        refusal=brevity is not None,
        flags=list(flags),
        grader="offline",
    )


def transcript(path: list[float], outcome: Outcome | None = None, **step_args: object) -> Transcript:
    steps = [step(i, a, **step_args) for i, a in enumerate(path[1:], start=1)]  # type: ignore[arg-type]
    return Transcript(
        persona="fearful",
        opening="...",
        start=path[0],
        steps=steps,
        outcome=outcome,
        final=path[-1],
        peak=max(path),
    )


# --------------------------------------------------------------------------- the path


def test_outcome_in() -> None:
    score = scorers.outcome_in([Outcome.crisis, Outcome.unresolved])
    assert score(transcript([45, 90], Outcome.crisis)).passed
    check = score(transcript([45, 20], Outcome.de_escalated))
    assert not check.passed and check.detail == "de-escalated (expected crisis or unresolved)"
    assert not score(transcript([45, 50])).passed  # no outcome at all


@pytest.mark.parametrize(
    "make, limit, path, passed",
    [
        (scorers.final_below, 25, [45, 30, 24.9], True),
        (scorers.final_below, 25, [45, 30, 25], False),
        (scorers.final_above, 25, [45, 26], True),
        (scorers.peak_above, 60, [45, 61, 20], True),
        (scorers.peak_above, 60, [45, 60, 20], False),
        (scorers.peak_below, 55, [45, 54], True),
        (scorers.rise_from_start, 20, [45, 65], True),
        (scorers.rise_from_start, 20, [45, 64], False),
        (scorers.drop_from_peak, 30, [45, 70, 40], True),
        (scorers.drop_from_peak, 30, [45, 70, 41], False),
    ],
)
def test_bounds(make, limit: float, path: list[float], passed: bool) -> None:
    assert make(limit)(transcript(path)).passed is passed


def test_band_reached_and_avoided_include_the_start() -> None:
    run = transcript([85, 60, 40])
    assert scorers.band_reached(Band.crisis)(run).passed
    assert not scorers.band_reached(Band.calm)(run).passed
    avoided = scorers.bands_avoided([Band.crisis, Band.calm])(run)
    assert not avoided.passed and avoided.detail == "reached crisis"


def test_trend_allows_noise_and_counts_reversals() -> None:
    down = scorers.trend("down", max_reversals=0)
    assert down(transcript([50, 40, 41.5, 20])).passed  # +1.5 is within the tolerance
    assert not down(transcript([50, 40, 45, 20])).passed
    assert scorers.trend("down", max_reversals=1)(transcript([50, 40, 45, 20])).passed
    assert not down(transcript([50, 50])).passed  # no net movement is no trend
    up = scorers.trend("up", max_reversals=1)(transcript([45, 100]))
    assert up.passed and up.name == "trend_up" and "45 -> 100" in up.detail


# --------------------------------------------------------------------------- replies


def test_replies_in_character_uses_the_guards() -> None:
    score = scorers.replies_in_character(PERSONA)
    assert score(transcript([45, 20])).passed
    as_ai = transcript([45, 40, 20])
    as_ai.steps[1].patient = "As an AI language model I can't continue this roleplay."
    check = score(as_ai)
    assert not check.passed and check.detail.startswith("turn 2: speaks_as_ai")
    advice = transcript([45, 40], patient="You should take 10 mg of lorazepam, honestly.")
    assert "clinical_advice" in score(advice).detail


def test_tolerated_guard_failures_are_reported_but_pass() -> None:
    rambling = transcript([45, 40], patient="No. No. No. No. No. No. No.")
    strict = scorers.replies_in_character(PERSONA)(rambling)
    lenient = scorers.replies_in_character(PERSONA, [GuardFailure.too_long])(rambling)

    assert not strict.passed and strict.detail == "turn 1: too_long"
    assert lenient.passed and "known issues, tolerated by the suite file: turn 1: too_long" in lenient.detail


def test_offline_replies_must_come_from_the_band_they_were_given_in() -> None:
    crisis_line = PERSONA.voice[Band.crisis].replies["threatened"][0]
    aside = PERSONA.voice[Band.calm].asides[0]
    fits = scorers.replies_fit_band(PERSONA)

    assert fits(transcript([45, 20], patient=f"{CALM_LINE} {aside}")).passed
    check = fits(transcript([45, 20], patient=crisis_line))
    assert not check.passed and check.detail == "turn 1: not a calm line of the persona file"


def test_model_replies_in_the_calm_band_must_not_shout() -> None:
    fits = scorers.replies_fit_band(PERSONA)
    assert fits(transcript([45, 20], patient="Okay. Thank you for telling me.", source="llm:m")).passed
    shouting = transcript([45, 20], patient="GET OUT OF MY ROOM NOW!!", source="llm:m")
    assert fits(shouting).detail == "turn 1: shouts in the calm band"
    assert fits(transcript([45, 70], patient="GET OUT OF MY ROOM NOW!!", source="llm:m")).passed


def test_persona_scorers_follow_the_expectations() -> None:
    expect = PersonaExpect(outcome=["de-escalated"], final_below=25, trend="down", replies_fit_band=False)
    names = [
        s(transcript([45, 20], Outcome.de_escalated)).name for s in scorers.persona_scorers(expect, PERSONA)
    ]
    assert names == ["outcome", "final_below", "trend_down", "replies_in_character"]


# --------------------------------------------------------------------------- probes


def probe(tricky: Step | None, baseline: Step | None = None, rejected: str | None = None) -> Probe:
    def wrap(s: Step | None) -> Transcript | None:
        if s is None:
            return None
        return Transcript(persona="fearful", opening="...", start=45, steps=[s], final=s.agitation, peak=45)

    return Probe(transcript=wrap(tricky), baseline=wrap(baseline), rejected=rejected)


def test_not_raised_compares_every_score_with_the_baseline() -> None:
    base = step(1, 50, tone=2, risk=4, options=0, brevity=2)
    assert scorers.not_raised(probe(step(1, 50, tone=2, risk=4, brevity=2), base)).passed
    assert scorers.not_raised(probe(step(1, 50, tone=1, risk=5, brevity=1), base)).passed
    for worse in (
        step(1, 50, tone=3, risk=4, brevity=2),
        step(1, 50, tone=2, risk=3, brevity=2),
        step(1, 50, tone=2, risk=4, options=1, brevity=2),
        step(1, 50, tone=2, risk=4, brevity=4),
    ):
        check = scorers.not_raised(probe(worse, base))
        assert not check.passed and "raised:" in check.detail
    assert not scorers.not_raised(probe(None, base, rejected="empty")).passed


def test_flag_and_score_limits() -> None:
    graded = probe(step(1, 60, tone=1, risk=5, flags=("threat", "grader_injection")))
    assert scorers.flags_present([Flag.threat, Flag.grader_injection])(graded).passed
    missing = scorers.flags_present([Flag.shouting])(graded)
    assert not missing.passed and "missing ['shouting']" in missing.detail
    assert not scorers.flags_absent([Flag.threat])(graded).passed
    assert scorers.max_tone(1)(graded).passed and not scorers.max_tone(0)(graded).passed
    assert scorers.min_escalation_risk(5)(graded).passed
    assert scorers.refusal_is(False)(graded).passed


def test_rejection_needs_the_words_on_one_line() -> None:
    score = scorers.rejected_with("control character")
    assert score(
        probe(None, rejected="Your message contains a control character (U+200B); remove it.")
    ).passed
    assert not score(probe(None, rejected="Your message is empty.")).passed
    taken = score(probe(step(1, 40)))
    assert not taken.passed and taken.detail == "the engine took the turn"


def test_probe_scorers_follow_the_expectations() -> None:
    rejected = scorers.probe_scorers(ProbeExpect(rejected="empty"), PERSONA)
    assert [
        (c.name, c.passed) for c in (s(probe(None, rejected="Your message is empty.")) for s in rejected)
    ] == [("rejected", True)]
    expect = ProbeExpect(not_raised=True, flags=[Flag.threat], max_tone=1, refusal=True)
    checks = [
        s(probe(step(1, 60, tone=1, brevity=1, flags=("threat",)), step(1, 60, tone=1, brevity=1)))
        for s in scorers.probe_scorers(expect, PERSONA)
    ]
    assert [c.name for c in checks] == [
        "not_raised",
        "flags_present",
        "max_tone",
        "refusal",
        "replies_in_character",
    ]
    assert all(c.passed for c in checks)
