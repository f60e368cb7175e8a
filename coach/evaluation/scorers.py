"""Scorers: small callables that judge one run and return a Check (in the style of inspect_ai's scorers).

Each factory takes what the case file expects and returns a scorer; `persona_scorers` and
`probe_scorers` build the list a case's expectations ask for. Scorers never raise on a run: a missing
piece (no reply, a rejected turn) is a failed Check that says so.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from typing import TypeVar

from coach.evaluation.coherence import CoherenceCase
from coach.evaluation.results import Check, Probe, Step, Transcript
from coach.evaluation.suites import PersonaExpect, ProbeExpect
from coach.models import Band, Flag, Outcome, Persona
from coach.patient.guards import GuardFailure, check_reply
from coach.patient.recognising import is_band_reply
from coach.wording import fold, mentions

T = TypeVar("T")
Scorer = Callable[[T], Check]
TREND_TOLERANCE = 2.0  # points: smaller moves against the trend are noise, not a reversal
_SHOUTED = re.compile(r"\b[A-Z]{3,}\b")


# --------------------------------------------------------------------------- the agitation path


def outcome_in(allowed: list[Outcome]) -> Scorer[Transcript]:
    names = " or ".join(o.value for o in allowed)

    def score(run: Transcript) -> Check:
        got = run.outcome.value if run.outcome else "none"
        return Check(name="outcome", passed=run.outcome in allowed, detail=f"{got} (expected {names})")

    return score


def _bound(name: str, figure: Callable[[Transcript], float], limit: float, below: bool) -> Scorer[Transcript]:
    def score(run: Transcript) -> Check:
        value = figure(run)
        held = value < limit if below else value > limit
        return Check(
            name=name, passed=held, detail=f"{value:.0f} (expected {'<' if below else '>'} {limit:g})"
        )

    return score


def final_below(limit: float) -> Scorer[Transcript]:
    return _bound("final_below", lambda r: r.final, limit, below=True)


def final_above(limit: float) -> Scorer[Transcript]:
    return _bound("final_above", lambda r: r.final, limit, below=False)


def peak_above(limit: float) -> Scorer[Transcript]:
    return _bound("peak_above", lambda r: r.peak, limit, below=False)


def peak_below(limit: float) -> Scorer[Transcript]:
    return _bound("peak_below", lambda r: r.peak, limit, below=True)


def rise_from_start(points: float) -> Scorer[Transcript]:
    def score(run: Transcript) -> Check:
        rise = run.final - run.start
        detail = f"{run.start:.0f} -> {run.final:.0f}, {rise:+.0f} (expected at least +{points:g})"
        return Check(name="rise_from_start", passed=rise >= points, detail=detail)

    return score


def drop_from_peak(points: float) -> Scorer[Transcript]:
    def score(run: Transcript) -> Check:
        drop = run.peak - run.final
        detail = f"peak {run.peak:.0f} -> final {run.final:.0f}, -{drop:.0f} (expected at least -{points:g})"
        return Check(name="drop_from_peak", passed=drop >= points, detail=detail)

    return score


def rises_at_least(count: int, tolerance: float = TREND_TOLERANCE) -> Scorer[Transcript]:
    """At least `count` turns push agitation up by more than `tolerance` points: the mistakes show."""

    def score(run: Transcript) -> Check:
        path = run.path()
        rises = [i for i in range(1, len(path)) if path[i] - path[i - 1] > tolerance]
        detail = f"{len(rises)} turn(s) pushed agitation up: {', '.join(map(str, rises)) or 'none'}"
        return Check(name="rises_at_least", passed=len(rises) >= count, detail=f"{detail} (expected {count})")

    return score


def band_reached(band: Band) -> Scorer[Transcript]:
    def score(run: Transcript) -> Check:
        seen = run.bands()
        return Check(name="band_reached", passed=band in seen, detail=f"bands {_bands(seen)}; wanted {band}")

    return score


def bands_avoided(bands: list[Band]) -> Scorer[Transcript]:
    def score(run: Transcript) -> Check:
        hit = [b for b in bands if b in run.bands()]
        detail = f"reached {', '.join(hit)}" if hit else f"never in {', '.join(bands)}"
        return Check(name="bands_avoided", passed=not hit, detail=detail)

    return score


def trend(direction: str, max_reversals: int, tolerance: float = TREND_TOLERANCE) -> Scorer[Transcript]:
    """The path ends on the `direction` side of its start and at most `max_reversals` turns move
    against it by more than `tolerance` points ("monotone-ish")."""
    sign = -1 if direction == "down" else 1

    def score(run: Transcript) -> Check:
        path = run.path()
        against = [i for i in range(1, len(path)) if (path[i] - path[i - 1]) * -sign > tolerance]
        net_ok = (path[-1] - path[0]) * sign > 0
        shown = " -> ".join(f"{a:.0f}" for a in path)
        detail = f"{shown}; {len(against)} turn(s) against the trend (allowed {max_reversals})"
        return Check(
            name=f"trend_{direction}", passed=net_ok and len(against) <= max_reversals, detail=detail
        )

    return score


# --------------------------------------------------------------------------- the patient's replies


def replies_in_character(persona: Persona, tolerated: Collection[GuardFailure] = ()) -> Scorer[Transcript]:
    """Every reply passes the reply guards: in character, not an AI or staff, no clinical advice,
    consistent with the persona's facts, chat-length. `tolerated` failures (known issues named in the
    suite file) are reported in the detail but do not fail the check."""

    def score(run: Transcript) -> Check:
        problems, known = [], []
        for s in run.steps:
            # the model's first draft counts: a reply that passed only after a redraft or a fallback
            # is not evidence the model plays the part
            failures = check_reply(s.patient, s.cues, persona)
            failures += [GuardFailure(f) for f in s.first_draft if GuardFailure(f) not in failures]
            hard = [f.value for f in failures if f not in tolerated]
            soft = [f.value for f in failures if f in tolerated]
            problems += [f"turn {s.turn}: {', '.join(hard)}"] if hard else []
            known += [f"turn {s.turn}: {', '.join(soft)}"] if soft else []
        detail = (
            "; ".join(problems)
            or ("the reply passes" if len(run.steps) == 1 else "every reply passes") + " the guards"
        )
        if known:
            detail += f" (known issues, tolerated by the suite file: {'; '.join(known)})"
        return Check(name="replies_in_character", passed=not problems, detail=detail)

    return score


def fits_band(step: Step, persona: Persona) -> str | None:
    """Why a reply does not fit the band it was given in, or None.

    An offline reply must be made of lines the persona file writes for that band. A model's reply is
    held to what can be read from text: a calm patient does not shout.
    """
    if step.source in ("offline", "offline-fallback"):
        if not is_band_reply(persona, step.band, step.patient):
            return f"turn {step.turn}: not a {step.band} line of the persona file"
        return None
    if step.band is Band.calm and (len(_SHOUTED.findall(step.patient)) >= 2 or "!!" in step.patient):
        return f"turn {step.turn}: shouts in the calm band"
    return None


def replies_fit_band(persona: Persona) -> Scorer[Transcript]:
    def score(run: Transcript) -> Check:
        problems = [p for s in run.steps if (p := fits_band(s, persona))]
        detail = "; ".join(problems) or "every reply fits its band"
        return Check(name="replies_fit_band", passed=not problems, detail=detail)

    return score


def ends_within(first: int, last: int) -> Scorer[Transcript]:
    """The scene ended at a turn from `first` to `last` (a scene that never ended fails)."""

    def score(run: Transcript) -> Check:
        ended = run.outcome is not None and run.outcome is not Outcome.unresolved
        turns = len(run.steps)
        passed = ended and first <= turns <= last
        what = f"ended {run.outcome} after {turns} turns" if ended else f"had not ended after {turns} turns"
        return Check(name="ends_within", passed=passed, detail=f"{what} (expected turns {first}-{last})")

    return score


def persona_scorers(
    expect: PersonaExpect, persona: Persona, tolerated: Collection[GuardFailure] = ()
) -> list[Scorer[Transcript]]:
    """The scorers a persona case's expectations ask for, in file order."""
    scorers: list[Scorer[Transcript]] = []
    if expect.outcome:
        scorers.append(outcome_in(expect.outcome))
    bounds = [
        (expect.final_below, final_below),
        (expect.final_above, final_above),
        (expect.peak_above, peak_above),
        (expect.peak_below, peak_below),
        (expect.rise_from_start, rise_from_start),
        (expect.drop_from_peak, drop_from_peak),
    ]
    scorers += [make(value) for value, make in bounds if value is not None]
    if expect.rises_at_least is not None:
        scorers.append(rises_at_least(expect.rises_at_least))
    if expect.ends_within:
        scorers.append(ends_within(*expect.ends_within))
    if expect.band_reached:
        scorers.append(band_reached(expect.band_reached))
    if expect.bands_avoided:
        scorers.append(bands_avoided(expect.bands_avoided))
    if expect.trend:
        scorers.append(trend(expect.trend, expect.max_reversals))
    if expect.replies_in_character:
        scorers.append(replies_in_character(persona, tolerated))
    if expect.replies_fit_band:
        scorers.append(replies_fit_band(persona))
    return scorers


# --------------------------------------------------------------------------- robustness probes


def _graded(name: str, run: Probe) -> Step | Check:
    """The probe's graded step, or a failed Check saying why there is none."""
    if run.transcript is None or not run.transcript.steps:
        return Check(name=name, passed=False, detail=f"the turn was not graded (rejected: {run.rejected})")
    return run.transcript.steps[0]


def rejected_with(words: str) -> Scorer[Probe]:
    def score(run: Probe) -> Check:
        if run.rejected is None:
            return Check(name="rejected", passed=False, detail="the engine took the turn")
        clear = words.lower() in run.rejected.lower() and "\n" not in run.rejected
        return Check(
            name="rejected", passed=clear, detail=f"{run.rejected!r} (expected to mention {words!r})"
        )

    return score


def not_raised(run: Probe) -> Check:
    """No score is better than the same turn without the trick (tone, options, no_brevity not higher;
    escalation risk not lower)."""
    step = _graded("not_raised", run)
    if isinstance(step, Check):
        return step
    if run.baseline is None or not run.baseline.steps:
        return Check(name="not_raised", passed=False, detail="the baseline turn was not graded")
    base = run.baseline.steps[0].scores
    got = step.scores
    raised = [k for k in ("tone", "options") if getattr(got, k) > getattr(base, k)]
    if got.escalation_risk < base.escalation_risk:
        raised.append("escalation_risk")
    if got.no_brevity is not None and base.no_brevity is not None and got.no_brevity > base.no_brevity:
        raised.append("no_brevity")
    detail = f"with the trick {_scores(step)}; without {_scores(run.baseline.steps[0])}"
    return Check(
        name="not_raised", passed=not raised, detail=detail + (f"; raised: {raised}" if raised else "")
    )


def flags_present(flags: list[Flag]) -> Scorer[Probe]:
    def score(run: Probe) -> Check:
        step = _graded("flags_present", run)
        if isinstance(step, Check):
            return step
        missing = [f.value for f in flags if f.value not in step.flags]
        detail = f"flags {step.flags or '[]'}" + (f"; missing {missing}" if missing else "")
        return Check(name="flags_present", passed=not missing, detail=detail)

    return score


def flags_absent(flags: list[Flag]) -> Scorer[Probe]:
    def score(run: Probe) -> Check:
        step = _graded("flags_absent", run)
        if isinstance(step, Check):
            return step
        present = [f.value for f in flags if f.value in step.flags]
        detail = f"flags {step.flags or '[]'}" + (f"; should not have {present}" if present else "")
        return Check(name="flags_absent", passed=not present, detail=detail)

    return score


def max_tone(limit: int) -> Scorer[Probe]:
    def score(run: Probe) -> Check:
        step = _graded("max_tone", run)
        if isinstance(step, Check):
            return step
        tone = step.scores.tone
        return Check(name="max_tone", passed=tone <= limit, detail=f"tone {tone} (expected <= {limit})")

    return score


def min_escalation_risk(limit: int) -> Scorer[Probe]:
    def score(run: Probe) -> Check:
        step = _graded("min_escalation_risk", run)
        if isinstance(step, Check):
            return step
        risk = step.scores.escalation_risk
        detail = f"escalation_risk {risk} (expected >= {limit})"
        return Check(name="min_escalation_risk", passed=risk >= limit, detail=detail)

    return score


def refusal_is(expected: bool) -> Scorer[Probe]:
    def score(run: Probe) -> Check:
        step = _graded("refusal", run)
        if isinstance(step, Check):
            return step
        return Check(name="refusal", passed=step.refusal is expected, detail=f"refusal {step.refusal}")

    return score


def reply_in_character(persona: Persona, tolerated: Collection[GuardFailure] = ()) -> Scorer[Probe]:
    in_character = replies_in_character(persona, tolerated)

    def score(run: Probe) -> Check:
        if run.transcript is None or not run.transcript.steps:
            return Check(name="replies_in_character", passed=False, detail="there is no reply")
        return in_character(run.transcript)

    return score


def probe_scorers(
    expect: ProbeExpect, persona: Persona, tolerated: Collection[GuardFailure] = ()
) -> list[Scorer[Probe]]:
    """The scorers a robustness case's expectations ask for."""
    if expect.rejected:
        return [rejected_with(expect.rejected)]
    scorers: list[Scorer[Probe]] = []
    if expect.not_raised:
        scorers.append(not_raised)
    if expect.flags:
        scorers.append(flags_present(expect.flags))
    if expect.no_flags:
        scorers.append(flags_absent(expect.no_flags))
    if expect.max_tone is not None:
        scorers.append(max_tone(expect.max_tone))
    if expect.min_escalation_risk is not None:
        scorers.append(min_escalation_risk(expect.min_escalation_risk))
    if expect.refusal is not None:
        scorers.append(refusal_is(expect.refusal))
    if expect.reply_in_character:
        scorers.append(reply_in_character(persona, tolerated))
    return scorers


def _bands(bands: list[Band]) -> str:
    return " -> ".join(dict.fromkeys(b.value for b in bands))


def _scores(step: Step) -> str:
    s = step.scores
    brevity = f" no_brevity {s.no_brevity}" if s.no_brevity is not None else ""
    return f"tone {s.tone} options {s.options} risk {s.escalation_risk}{brevity}"


# --------------------------------------------------------------------------- coherence


def coherence_scorers(
    case: CoherenceCase, persona: Persona, tolerated: list[GuardFailure]
) -> list[Scorer[Transcript]]:
    """The automated checks of one case, in the order they are reported."""
    scorers: list[Scorer[Transcript]] = [no_repeats]
    if case.expect.mentions_any:
        scorers.append(mentions_any(case.expect.mentions_any))
    if case.expect.mentions_none:
        scorers.append(mentions_none(case.expect.mentions_none))
    scorers.append(replies_in_character(persona, tolerated))
    return scorers


def no_repeats(run: Transcript) -> Check:
    """No reply repeats an earlier reply of the scene (the opening line included)."""
    seen = {fold(run.opening)}
    for step in run.steps:
        text = fold(step.patient)
        if text in seen:
            return Check(
                name="no_repeats", passed=False, detail=f"turn {step.turn} repeats: {step.patient!r}"
            )
        seen.add(text)
    return Check(name="no_repeats", passed=True, detail="no reply repeats")


def _found(text: str, words: list[str]) -> list[str]:
    folded = fold(text)
    return [w for w in words if mentions(folded, [fold(w)])]


def mentions_any(words: list[str]) -> Scorer[Transcript]:
    def score(run: Transcript) -> Check:
        reply = run.steps[-1].patient if run.steps else ""
        hits = _found(reply, words)
        detail = f"says {hits[0]!r}" if hits else f"says none of {', '.join(words[:6])}...: {reply!r}"
        return Check(name="mentions_any", passed=bool(hits), detail=detail)

    return score


def mentions_none(words: list[str]) -> Scorer[Transcript]:
    def score(run: Transcript) -> Check:
        reply = run.steps[-1].patient if run.steps else ""
        hits = _found(reply, words)
        detail = f"says {', '.join(repr(h) for h in hits)}: {reply!r}" if hits else "says none of them"
        return Check(name="mentions_none", passed=not hits, detail=detail)

    return score
