"""The offline grader: a scorer learned from the labelled corpus, with rules where rules are precise.

It reads a staff turn (coach/grading/rules/reading.py: what the phrase tables notice, with text addressed to
a grader blanked out), turns the reading and the situation into features, and lets the trained scorer
(coach/grading/learned/) decide every key. Flags come from the scorer, from rule hits that proved precise on
the corpus, and, for the care plan, from the plan's own lines. Every score shows the words that moved it;
every flag shows its words and why. How it decides, in plain words, is in rubrics/README.md.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import NamedTuple

from coach.acts import mentions, sentences, speaks_to_need
from coach.grading.better_line import SceneLines, beats, candidates
from coach.grading.care_plan import Conflict, conflicts, lines_gone_against
from coach.grading.learned.features import Said, Situation, said_features, turn_features
from coach.grading.learned.scorer import Rows, Scorer, Verdict, packaged_scorer
from coach.grading.rules.dispatch import dispatched
from coach.grading.rules.phrase import Feature, Hit, reported_as
from coach.grading.rules.reading import Reading, TextReading, read_text, read_turn
from coach.grading.rules.text import content_words, fold, sentence_spans
from coach.models import Evidence, Flag, Grade, GradingContext, Persona, ReplyKind, Scores
from coach.rubric_models import Rubric, ScoreHold
from coach.rubrics import CONTRACT, scale_scores
from coach.stance import Stance

EXPLAINED = ("tone", "refusal", "no_brevity", "options", "escalation_risk")
CANDIDATES_KEPT = 256  # better-line candidates whose words stay read (about 80 KB each)
# A sentence of the trainee's is reused in a better line only when, said alone, it grades at least this
# tone (neutral) and at most this risk (likely to calm), with no flag.
KEPT_TONE = 3
KEPT_RISK = 2


class Words(NamedTuple):
    """What a line's words show in any situation: their reading, their features and where those sit in the
    scorer's weights."""

    text: TextReading
    said: Said
    rows: Rows


# Cues that say a flag's act is not done, which the flag's learned head does not overrule.
_NOT_DONE: dict[Flag, tuple[Feature, ...]] = {Flag.calm_down: (Feature.calm_down_unsaid,)}


class OfflineGrader:
    """Grades one staff turn on `rubric`; `personas` (by id) give the scene, its care plan and its need."""

    name = "offline"

    def __init__(
        self, rubric: Rubric, personas: Mapping[str, Persona] | None = None, scorer: Scorer | None = None
    ) -> None:
        self.rubric = rubric
        self.personas = dict(personas or {})
        self.scorer = scorer or packaged_scorer()
        # Rules and heads exist only for the flags the code names; the LLM grader reports any other.
        self._flags = [Flag(spec.name) for spec in rubric.flags if spec.name in set(Flag)]
        self._reported = {f: reported_as(f.value) for f in self._flags}
        # each flag's learned head by name, named once: a grade asks for every flag's, for the turn and
        # for each better line it checks
        self._heads = {f: f"flag:{f.value}" for f in self._flags}
        # A flag's cues whose hits alone were precise on dev (the flag's own rules, or a cue reported as it)
        trusted = frozenset(self.scorer.meta.trusted_rule_flags)
        self._trusted = {f: tuple(c for c in cs if c.value in trusted) for f, cs in self._reported.items()}
        self._scales = {d.key: scale_scores(d) for d in rubric.dimensions}
        self._extras = [d for d in rubric.dimensions if d.key not in CONTRACT and d.key in self.scorer.heads]
        self._anchors = {d.key: {level.score: level.anchor for level in d.levels} for d in rubric.dimensions}
        self._flag_why = {spec.name: spec.description for spec in rubric.flags}
        specs = {Flag(spec.name): spec for spec in rubric.flags if spec.name in set(Flag)}
        # The rubric's hard cases tie some scores to flags: a grade never contradicts them.
        self._holds = {f: (spec.label.lower(), spec.holds) for f, spec in specs.items() if spec.holds}
        self._rules_only = frozenset(f for f, spec in specs.items() if spec.rules_only)
        self._closing_in = frozenset(f for f, spec in specs.items() if spec.heard_as is ReplyKind.crowded)
        # A need "met" inside a threat or a mocking line is not met: the patient hears the threat.
        self._no_need_with = frozenset(f for f, s in specs.items() if s.heard_as is ReplyKind.threatened)
        self._needs = {
            pid: tuple(
                (fold(p), re.compile(rf"(?<!\w){re.escape(fold(p))}(?!\w)"))
                for p in persona.unmet_need.met_by
            )
            for pid, persona in self.personas.items()
        }
        # all of a persona's phrases in one pattern (keyed by first character), which matches where any one
        # of them does: most turns hold none, and one search tells so
        self._any_need = {
            pid: re.compile(dispatched(rf"(?<!\w)(?:{'|'.join(re.escape(p) for p, _ in needs if p)})(?!\w)"))
            for pid, needs in self._needs.items()
            if any(p for p, _ in needs)
        }
        self._starting = {pid: float(p.starting_agitation) for pid, p in self.personas.items()}
        self._rubric_lines = SceneLines.from_rubric(rubric)
        self._scene_lines = {pid: SceneLines.from_persona(p) for pid, p in self.personas.items()}
        # Better lines are put together from a scene's fixed lines, so the same candidate comes up turn after
        # turn: its words are read once for each persona (whose names they may hold); what they show depends
        # on neither the stance nor the patient.
        self._candidate = lru_cache(maxsize=CANDIDATES_KEPT)(self._words)

    def grade(self, ctx: GradingContext) -> Grade:
        """The grade of `ctx.staff` (with its stance), never raising on any text."""
        grade, reading = self._judge(ctx)
        s = grade.scores
        if s.tone <= 3 or grade.flags or (s.no_brevity or 5) <= 3 or s.escalation_risk >= 4:
            grade.suggestion = self.better_line(ctx, grade, reading)
        return grade

    def better_line(self, ctx: GradingContext, grade: Grade, reading: Reading) -> str | None:
        """The first candidate line that beats the turn when graded in the same situation, if any.

        Candidates are graded as said from a neutral stance: the line is words to say; where to stand is
        in the evidence and the flags.
        """
        lines = self._scene_lines.get(ctx.persona_id or "", self._rubric_lines)
        flagged = tuple(e.quote for e in grade.evidence if e.key in set(grade.flags))

        def sound(sentence: str) -> bool:
            """Whether one of the trainee's sentences may be kept: said alone in this situation, it is at
            least neutral in tone, likely to calm, and carries no flag. A whole turn's kind sentences can
            hide a barb the grader reads plainly on its own ("Ooh, noises in the corridor.")."""
            alone, _ = self._judge(
                ctx.model_copy(update={"staff": sentence, "stance": Stance()}), explain=False
            )
            s = alone.scores
            return not alone.flags and s.tone >= KEPT_TONE and s.escalation_risk <= KEPT_RISK

        tries = candidates(reading, lines, ctx.patient, grade, flagged, sound)
        for text in tries:
            if self._beats(ctx.model_copy(update={"staff": text, "stance": Stance()}), grade):
                return text
        return None

    def _beats(self, said: GradingContext, turn: Grade) -> bool:
        """Whether `said` (a candidate line in the turn's situation) beats `turn` (better_line.beats), read
        only as far as that needs: a flag the rules alone raise settles it before scoring, a no turned into
        a yes before the flags; with no flag no rubric hold applies, so the scores are the heads'. A line
        the full grade reads twice (a note to a grader, padding) is graded in full."""
        known = self._candidate(said.staff, said.persona_id or "")
        situation = self._situation(said)
        reading = read_turn(known.text, said.stance, situation.patient)
        if _less_unsaid(reading, said.staff) is not None or reading.has(Feature.padding):
            return beats(self._judge(said, explain=False, known=known)[0], turn)
        if any(self._flagged(f, reading, {}) for f in self._flags if f is not Flag.against_care_plan):
            return False
        plan, verdicts, chances = self._verdicts(said, reading, situation, False, known)
        refusal = bool(verdicts["refusal"].value)
        if (turn.refusal and not refusal) or self._flags_and_plan(
            reading, verdicts, plan, situation, chances
        )[0]:
            return False
        return beats(Grade(scores=_scores(verdicts, refusal), refusal=refusal, grader=self.name), turn)

    def _words(self, line: str, persona_id: str) -> Words:
        """What `line` shows in any situation with that persona (its names are names), kept for the last
        `CANDIDATES_KEPT` lines."""
        text = read_text(line)
        said = said_features(text.clean, text.turn.actions, self.personas.get(persona_id))
        return Words(text, said, self.scorer.rows(said.features))

    def _judge(
        self, ctx: GradingContext, explain: bool = True, known: Words | None = None
    ) -> tuple[Grade, Reading]:
        """The grade without a better line; `explain=False` skips the evidence (for checking candidates);
        `known`: the words of `ctx.staff` already read."""
        situation = self._situation(ctx)
        reading = read_turn(ctx.staff if known is None else known.text, ctx.stance, situation.patient)
        # Text not said to the patient (a note to a grader, a claim about manner) is ignored for every score
        # (the rubric): the turn grades no better than without it, and no better than the whole turn either
        # (an insult hidden in the note still counts). A turn of nothing but such text is graded as it stands.
        said = _less_unsaid(reading, ctx.staff)
        if said is not None:
            plain, _ = self._judge(ctx.model_copy(update={"staff": said}), explain)
            whole = self._scored(ctx, reading, situation, explain, known)
            return _no_better_than(plain, whole), reading
        return self._scored(ctx, reading, situation, explain, known), reading

    def _situation(self, ctx: GradingContext) -> Situation:
        """The persona, the agitation, the patient's line and the stance a turn is graded against."""
        persona = self.personas.get(ctx.persona_id or "")
        # Without the scene's agitation or the patient's last line, the persona's usual level and opening
        # line (its request) are the best guess, as the labels assume.
        agitation = ctx.agitation if ctx.agitation is not None else self._starting.get(ctx.persona_id or "")
        patient = ctx.patient or (persona.opening.text if persona else None)
        return Situation(patient, persona, agitation, ctx.stance)

    def _verdicts(
        self,
        ctx: GradingContext,
        reading: Reading,
        situation: Situation,
        explain: bool,
        known: Words | None,
    ) -> tuple[list[Conflict], dict[str, Verdict], Callable[[], Mapping[str, float]]]:
        """The care plan's conflicts with the turn, every head's verdict, and the kind heads' chances when
        asked for."""
        plan = conflicts(reading, ctx.stance, situation.persona)
        features = turn_features(reading, situation, plan, None if known is None else known.said)
        rows = None if known is None else known.rows
        verdicts = self.scorer.score(
            features, explain=EXPLAINED if explain else (), explain_yes=explain, known=rows
        )
        return plan, verdicts, lambda: self.scorer.kind_chances(features, rows)

    def _scored(
        self,
        ctx: GradingContext,
        reading: Reading,
        situation: Situation,
        explain: bool,
        known: Words | None = None,
    ) -> Grade:
        plan, verdicts, chances = self._verdicts(ctx, reading, situation, explain, known)
        refusal = bool(verdicts["refusal"].value)
        flags, plan = self._flags_and_plan(reading, verdicts, plan, situation, chances)
        flag_evidence = {
            f: self._flag_evidence(f, reading, verdicts, plan)
            if explain
            else Evidence(key=f.value, quote="", why="")
            for f in flags
        }
        scores, held = _held_to_the_rubric(
            _scores(verdicts, refusal),
            {f: e.quote for f, e in flag_evidence.items()},
            self._holds,
        )
        # Whether a line meets the need is for the trainee to read: a line only being checked skips it.
        need = (
            self._need_met(situation.persona, reading)
            if explain and not set(flags) & self._no_need_with and scores.tone >= 3
            else None
        )

        evidence = [
            *held,
            *(self._score_evidence(verdicts, reading, refusal, {e.key for e in held}) if explain else ()),
            *(flag_evidence.values() if explain else ()),
        ]
        if need is not None:
            evidence.append(Evidence(key="meets_need", quote=need[0], why=need[1]))
        if reading.turn.truncated:
            evidence.append(
                Evidence(key="length", quote="(very long turn)", why="Only the start of the turn was read.")
            )
        extra = {d.key: self._within(d.key, verdicts[d.key].value) for d in self._extras}
        evidence += self._counted_moves(reading, extra, set(flags))
        grade = Grade(
            scores=scores,
            refusal=refusal,
            flags=flags,
            evidence=evidence,
            grader=self.name,
            extra=extra,
            meets_need=need is not None,
        )
        if reading.has(Feature.padding):
            # Piled-up stock phrases earn nothing (the rubric): the turn grades no better than without them.
            unpadded = _without_padding(reading)
            if unpadded != ctx.staff:
                plain = self._judge(ctx.model_copy(update={"staff": unpadded}), explain=False)[0]
                grade = _no_better_than(grade, plain)
        return grade

    def _flags_and_plan(
        self,
        reading: Reading,
        verdicts: dict[str, Verdict],
        plan: list[Conflict],
        situation: Situation,
        chances: Callable[[], Mapping[str, float]],
    ) -> tuple[list[Flag], list[Conflict]]:
        """The turn's flags, and the care-plan lines it goes against (`plan`: those the table of kinds of
        move found before any grade; `chances`: the kind heads'). Against the care plan is flagged only
        with a line to quote."""
        acp = Flag.against_care_plan
        flags: list[Flag] = [f for f in self._flags if f is not acp and self._flagged(f, reading, verdicts)]
        if acp not in self._flags:
            return flags, plan
        explanation = verdicts.get("explanation")
        head = verdicts.get(self._heads[acp])
        gone_against = lines_gone_against(
            reading,
            situation.stance,
            situation.persona,
            plan,
            flags,
            (bool(plan), 0.0) if head is None else (bool(head.value), head.probability),
            bool(verdicts["refusal"].value) and explanation is not None and explanation.value == 0,
            chances,
        )
        if not gone_against:
            return flags, plan
        return [f for f in self._flags if f in flags or f is acp], gone_against

    def _flagged(self, flag: Flag, reading: Reading, verdicts: dict[str, Verdict]) -> bool:
        if flag in self._rules_only:
            return reading.has(*self._reported[flag])
        head = verdicts.get(self._heads[flag])
        if reading.has(*self._trusted[flag]):
            return True
        # The head reads the flag's words wherever they stand; words that say the act is not done ("nobody's
        # asking you to calm down") are not overruled by it.
        not_done = _NOT_DONE.get(flag, ())
        return head is not None and bool(head.value) and not (not_done and reading.has(*not_done))

    def _within(self, key: str, value: int) -> int:
        """`value` brought within the scale of the rubric's dimension `key`."""
        allowed = self._scales[key]
        return min(max(value, allowed[0]), allowed[-1])

    def _counted_moves(self, reading: Reading, extra: dict[str, int], flags: set[Flag]) -> list[Evidence]:
        """The rubric's counts for space and teamwork (hard cases): each space-giving move counts, closing
        in makes 0; a call on the team is teamwork unless it goes against the care plan. They set a floor
        (or, for closing in, the value) under the learned heads, in `extra`, and say so in evidence."""
        out = []
        if "space" in extra:
            moves = {h.quote.lower(): h for h in reading.of(Feature.space)}
            if self._closing_in & flags:
                extra["space"] = self._within("space", 0)
            elif moves:
                extra["space"] = max(extra["space"], self._within("space", 1 + min(2, len(moves))))
                why = "The rubric: each space-giving move counts; two or more make 3."
                out += [Evidence(key="space", quote=h.quote, why=why) for h in moves.values()]
        if (
            "teamwork" in extra
            and reading.has(Feature.teamwork)
            and not flags & {Flag.against_care_plan, *self._closing_in}
            and extra["teamwork"] < 1
        ):
            extra["teamwork"] = self._within("teamwork", 1)
            call = reading.of(Feature.teamwork)[0]
            out.append(Evidence(key="teamwork", quote=call.quote, why=call.why))
        return out

    def _score_evidence(
        self, verdicts: dict[str, Verdict], reading: Reading, refusal: bool, settled: set[str]
    ) -> list[Evidence]:
        out = []
        for key in EXPLAINED:
            if key in settled:
                continue  # a rubric rule set it, and its evidence says so
            verdict = verdicts[key]
            if key == "no_brevity" and not refusal:
                continue
            if key == "refusal" and not refusal:
                continue  # what is absent has no words to show
            if key == "options":
                out += self._options_evidence(verdict, reading)
                continue
            anchor = self._anchors.get(key, {}).get(verdict.value, "")
            level = "a no" if key == "refusal" else f"{key.replace('_', ' ')} {verdict.value}"
            why = f"Weighed most toward {level}: {anchor[:1].lower()}{anchor[1:]}"
            for phrase in _telling(verdict):
                rule = _rule_for(reading, phrase)
                out.append(Evidence(key=key, quote=phrase, why=f"{why} {rule.why}" if rule else why))
        return out

    def _options_evidence(self, verdict: Verdict, reading: Reading) -> list[Evidence]:
        if verdict.value == 0:
            return [
                Evidence(key="options", quote=_turn_gist(reading), why="No choice the patient can take up.")
            ]
        why = "A choice the person can take or leave (Project BETA: offer choices)."
        quotes = list(reading.options[: verdict.value]) or _telling(verdict)
        return [Evidence(key="options", quote=q, why=why) for q in quotes]

    def _flag_evidence(
        self, flag: Flag, reading: Reading, verdicts: dict[str, Verdict], plan: list[Conflict]
    ) -> Evidence:
        if flag is Flag.against_care_plan:
            first = plan[0]
            return Evidence(
                key=flag.value,
                quote=_turn_gist(reading),
                why=f'The care plan says: "{first.line}" ({first.kind}).',
            )
        hits = reading.of(*self._reported[flag])
        if hits:
            return Evidence(key=flag.value, quote=hits[0].quote, why=hits[0].why)
        head = verdicts.get(self._heads[flag])
        quote = head.words[0][0] if head is not None and head.words else _turn_gist(reading)
        return Evidence(key=flag.value, quote=quote, why=self._flag_why[flag])

    def _need_met(self, persona: Persona | None, reading: Reading) -> tuple[str, str] | None:
        """Where the turn speaks to the persona's need (a quote) and why, if it does: one of the
        persona's `met_by` phrases, or any words that take one of its `meant_by` ways (coach.acts)."""
        if persona is None:
            return None
        said = reading.clean.lower().replace("\n", " ")  # already normalised: fold without redoing it
        any_need = self._any_need.get(persona.id)
        phrase = (
            next((p for p, pattern in self._needs[persona.id] if p and pattern.search(said)), None)
            if any_need is not None and any_need.search(said)
            else None
        )
        if phrase is not None:
            return phrase, "Speaks to the need behind the request."
        meaning = speaks_to_need(reading.clean, persona.unmet_need.meant_by)
        if meaning is None:
            return None
        quote = next(
            (s for s in sentences(reading.clean) if mentions(fold(s), meaning.all_of[0])), reading.clean
        )
        return quote.strip(), f"Speaks to the need behind the request: {meaning.about}."


TELLING_SHARE = 0.3  # a phrase weighing less than this share of the strongest one is not worth showing


def _telling(verdict: Verdict) -> list[str]:
    """The phrases that weighed most for a verdict, leaving out weak ones and ones of only small words."""
    if not verdict.words:
        return []
    strongest = verdict.words[0][1]
    return [
        phrase
        for phrase, weight in verdict.words[:2]
        if weight >= TELLING_SHARE * strongest and content_words(phrase)
    ]


def _scores(verdicts: dict[str, Verdict], refusal: bool) -> Scores:
    """The four scores as the heads give them (brevity only for a no)."""
    return Scores(
        tone=verdicts["tone"].value,
        no_brevity=verdicts["no_brevity"].value if refusal else None,
        options=verdicts["options"].value,
        escalation_risk=verdicts["escalation_risk"].value,
    )


def _less_unsaid(reading: Reading, staff: str) -> str | None:
    """The turn as said to the patient (acted parts kept), when text not said to them was left out of it;
    None when the turn is all said to the patient."""
    acted = [f"*{a}*" for a in reading.turn.actions]
    said = " ".join([*reading.clean.split(), *acted]) or "..."
    return None if said in (" ".join([*reading.turn.speech.split(), *acted]), staff) else said


def _without_padding(reading: Reading) -> str:
    """The turn less its stock-phrase sentences and repeats (acted parts kept)."""
    stock = reading.of(Feature.stock_empathy)
    kept: list[str] = []
    for span in sentence_spans(reading.clean):
        inside = any(span.start <= h.start < span.end for h in stock if h.where.value == "speech")
        if not inside and span.text.lower() not in {k.lower() for k in kept}:
            kept.append(span.text)
    acted = " ".join(f"*{a}*" for a in reading.turn.actions)
    return " ".join([*kept, acted]).strip() or "..."


def _no_better_than(grade: Grade, plain: Grade) -> Grade:
    """`grade` with no score better than `plain`'s (flags and evidence of both kept)."""
    g, p = grade.scores, plain.scores
    brevity = g.no_brevity
    if brevity is not None and p.no_brevity is not None:
        brevity = min(brevity, p.no_brevity)
    scores = Scores(
        tone=min(g.tone, p.tone),
        no_brevity=brevity,
        options=min(g.options, p.options),
        escalation_risk=max(g.escalation_risk, p.escalation_risk),
    )
    extra = {k: min(v, plain.extra.get(k, v)) for k, v in grade.extra.items()}
    added = [f for f in plain.flags if f not in grade.flags]
    evidence = [*grade.evidence, *(e for e in plain.evidence if e.key in set(added))]
    flags = [*grade.flags, *added]
    return grade.model_copy(update={"scores": scores, "extra": extra, "flags": flags, "evidence": evidence})


def _held_to_the_rubric(
    scores: Scores, flags: dict[Flag, str], holds: Mapping[Flag, tuple[str, ScoreHold]]
) -> tuple[Scores, list[Evidence]]:
    """Scores the rubric's hard cases fix once a flag is present (`flags`: each with the words that showed
    it; `holds`: each held flag's label and what it holds), and the evidence saying which rule did."""
    out: dict[str, int | None] = scores.model_dump()
    notes: list[Evidence] = []
    held = [(quote, *holds[f]) for f, quote in flags.items() if f in holds]
    for key, at_most in (("tone", True), ("no_brevity", True), ("escalation_risk", False)):
        limits = [(getattr(hold, key), quote, label) for quote, label, hold in held if getattr(hold, key)]
        if not limits or out[key] is None:
            continue
        limit = (min if at_most else max)(value for value, _, _ in limits)
        if (out[key] > limit) if at_most else (out[key] < limit):
            out[key] = limit
            because = [(quote, label) for value, quote, label in limits if value == limit]
            labels = " or ".join(dict.fromkeys(label for _, label in because))
            bound = f"{limit}" if at_most else f"{limit} or more"
            rule = f"The rubric: {labels} makes {key.replace('_', ' ')} {bound}."
            notes.append(Evidence(key=key, quote=" / ".join(dict.fromkeys(q for q, _ in because)), why=rule))
    return Scores(**out), notes


def _rule_for(reading: Reading, phrase: str) -> Hit | None:
    """A rule hit inside `phrase`, whose reason says why those words matter."""
    lowered = phrase.lower()
    return next(
        (
            h
            for h in reading.hits
            if h.quote and h.quote.lower() in lowered and h.feature is not Feature.offer
        ),
        None,
    )


def _turn_gist(reading: Reading) -> str:
    text = " ".join(reading.clean.split()) or " ".join(f"*{a}*" for a in reading.turn.actions)
    return text if len(text) <= 100 else text[:97] + "..."
