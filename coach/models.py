"""The one vocabulary of coach: pydantic models for everything that crosses a boundary.

Scales here are contracts (see docs/architecture.md): tone 1-5, refusal bool, no_brevity 1-5 or null,
options 0-3, escalation_risk 1-5; agitation 0-100 mapped onto BARS bands 4-7.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

from coach.listening import Listening, NeedMeaning
from coach.stance import Stance

MAX_TURN_CHARS = 2000


def utcnow() -> datetime:
    return datetime.now(UTC)


class Strict(BaseModel):
    """Base for data-file models: unknown keys are errors, so a typo in YAML fails loudly."""

    model_config = ConfigDict(extra="forbid", frozen=True)


NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


# --------------------------------------------------------------------------- patient state


class Band(StrEnum):
    """Agitation bands, each the BARS level it stands for (Swift 2002)."""

    calm = "calm"  # BARS 4
    agitated = "agitated"  # BARS 5: redirectable
    highly_agitated = "highly_agitated"  # BARS 6: instructions no longer work
    crisis = "crisis"  # BARS 7

    @property
    def bars(self) -> int:
        return {"calm": 4, "agitated": 5, "highly_agitated": 6, "crisis": 7}[self.value]

    @property
    def label(self) -> str:
        return {
            "calm": "Calm",
            "agitated": "Agitated, redirectable",
            "highly_agitated": "Highly agitated",
            "crisis": "Crisis",
        }[self.value]

    @property
    def floor(self) -> float:
        """The lowest agitation in this band (0-100 scale); the band runs up to the next band's floor."""
        return BAND_FLOORS[self]

    @property
    def ceiling(self) -> float:
        """Where the next band starts (100 for crisis)."""
        bands = list(Band)
        later = bands[bands.index(self) + 1 :]
        return later[0].floor if later else 100.0

    @classmethod
    def for_agitation(cls, agitation: float) -> Band:
        # Checked by every PatientState as it is made or read back: a plain loop over a prebuilt table.
        for floor, band in _FLOORS_DOWN:
            if agitation >= floor:
                return band
        return cls.calm


# The band limits (docs/architecture.md): written here only; everything else reads Band.floor.
BAND_FLOORS: dict[Band, float] = {
    Band.calm: 0.0,
    Band.agitated: 25.0,
    Band.highly_agitated: 55.0,
    Band.crisis: 80.0,
}
_FLOORS_DOWN = tuple(sorted(((floor, band) for band, floor in BAND_FLOORS.items()), reverse=True))


Agitation = Annotated[float, Field(ge=0, le=100)]


class PatientState(BaseModel):
    """The simulated patient's state after a turn. Observable cues, not the number, go to trainees."""

    agitation: Agitation
    band: Band
    cues: list[str] = Field(default_factory=list, description="STAMP/Broset cues a trainee would see")
    peak: Agitation = 0
    need_met: bool = Field(False, description="the unmet need behind the anger has been met")
    plan_agreed: bool = Field(False, description="a realistic choice was offered kindly once calm")
    calm_turns: int = Field(0, ge=0, description="consecutive turns ended in the calm band")
    settled_turns: int = Field(
        0, ge=0, description="consecutive calm turns since the need was met or a plan agreed"
    )
    staff_turns: int = Field(0, ge=0)
    settling: float = Field(
        0,
        ge=0,
        description="calm still to come: the part of the need-met drop that the per-turn bound held back",
    )
    goodwill: bool = Field(False, description="a helpful turn since the last one that provoked")
    forgiven: bool = Field(False, description="a lapse has already been softened by goodwill in this scene")
    heard_no: bool = Field(False, description="a no has already been said to them in this scene")

    @model_validator(mode="after")
    def _band_matches(self) -> PatientState:
        if self.band is not Band.for_agitation(self.agitation):
            raise ValueError(f"band {self.band} does not match agitation {self.agitation}")
        return self


class Outcome(StrEnum):
    de_escalated = "de-escalated"
    crisis = "crisis"
    unresolved = "unresolved"


# --------------------------------------------------------------------------- turns and grades


class Speaker(StrEnum):
    staff = "staff"
    patient = "patient"


class Turn(BaseModel):
    """One utterance in a session. Patient turns carry nonverbal cues and the state they left."""

    id: str | None = None
    session_id: str | None = None
    parent_id: str | None = None
    speaker: Speaker
    text: str
    stance: Stance | None = None
    cues: list[str] = Field(default_factory=list, description="nonverbal cues (patient turns)")
    state: PatientState | None = Field(None, description="patient state after this turn")
    source: str | None = Field(None, description="what produced a patient turn: offline, llm, fallback")
    created_at: datetime = Field(default_factory=utcnow)


class Flag(StrEnum):
    """The flags the code itself names (the offline grader's phrase tables and rules, the patient's and
    the dynamics' special cases). Every flag, these included, is declared with its label, advice and
    effect in the rubric's `flags:` (coach/resources/rubrics/staff-turn.yaml, read by coach.flags); a
    flag the rubric leaves out is reported by no grader."""

    calm_down = "calm_down"
    threat = "threat"
    containment_threat = "containment_threat"
    mockery = "mockery"
    invalidation = "invalidation"
    argues_with_belief = "argues_with_belief"
    false_promise = "false_promise"
    crowding = "crowding"
    hands_on = "hands_on"
    multiple_demands = "multiple_demands"
    jargon = "jargon"
    shouting = "shouting"
    generic_reassurance = "generic_reassurance"
    grader_injection = "grader_injection"
    against_care_plan = "against_care_plan"


# A flag's name as the rubric declares it (lower-case letters, digits and underscores).
FlagName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]

ScoreKey = Literal["tone", "no_brevity", "options", "escalation_risk"]
SCORE_KEYS: tuple[ScoreKey, ...] = ("tone", "no_brevity", "options", "escalation_risk")


class Scores(BaseModel):
    model_config = ConfigDict(extra="forbid")

    tone: int = Field(ge=1, le=5)
    no_brevity: int | None = Field(None, ge=1, le=5)
    options: int = Field(ge=0, le=3)
    escalation_risk: int = Field(ge=1, le=5)


class Evidence(BaseModel):
    """Why a score is what it is: the words or stance that earned it."""

    model_config = ConfigDict(extra="forbid")

    key: str = Field(description="a score key, an extra dimension, or a flag name")
    quote: str = Field(description="the staff words or stance that earned it")
    why: str


class Grade(BaseModel):
    """The grade of one staff turn on the staff-turn rubric."""

    model_config = ConfigDict(extra="forbid")

    scores: Scores
    refusal: bool
    flags: list[FlagName] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)
    suggestion: str | None = None
    grader: str = Field(description="which grader produced it: offline, llm:<model>, or llm-fallback")
    extra: dict[str, int] = Field(default_factory=dict, description="rubric dimensions beyond the five")
    meets_need: bool = Field(False, description="the turn speaks to the persona's unmet need")

    @model_validator(mode="after")
    def _brevity_iff_refusal(self) -> Grade:
        if self.refusal and self.scores.no_brevity is None:
            raise ValueError("no_brevity is required when refusal is true")
        if not self.refusal and self.scores.no_brevity is not None:
            raise ValueError("no_brevity must be null when refusal is false")
        return self

    def contract(self) -> dict:
        """The JSON shape of `coach grade` (docs/architecture.md command-line contract), less the id."""
        return {
            "scores": self.scores.model_dump(),
            "refusal": self.refusal,
            "flags": [str(f) for f in self.flags],
            "evidence": [e.model_dump() for e in self.evidence],
            "suggestion": self.suggestion,
            "grader": self.grader,
        }


class GradingContext(BaseModel):
    """What a grader may see: the staff turn and its situation, never earlier grades or coaching."""

    staff: str
    stance: Stance = Field(default_factory=Stance)
    patient: str | None = Field(None, description="the patient's last line")
    persona_id: str | None = None
    agitation: Agitation | None = None
    # Not serialised: a context's JSON (which the learned scorer's corpus hash reads) stays what it was.
    recent: list[str] = Field(
        default_factory=list,
        exclude=True,
        description="the few turns before the patient's last line, 'Staff: ...' or 'Patient: ...'",
    )


class Usage(BaseModel):
    """Tokens one or more model calls used."""

    prompt_tokens: int = 0
    completion_tokens: int = 0

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            prompt_tokens=self.prompt_tokens + other.prompt_tokens,
            completion_tokens=self.completion_tokens + other.completion_tokens,
        )


# --------------------------------------------------------------------------- sessions


class Session(BaseModel):
    id: str
    trainee: str
    persona_id: str
    backend: str
    intention: str = ""
    low_anxiety: bool = False
    started_at: datetime = Field(default_factory=utcnow)
    ended_at: datetime | None = None
    outcome: Outcome | None = None
    head_turn_id: str | None = Field(None, description="the last turn of the branch being played")


class DebriefGrade(BaseModel):
    """The grade of a trainee's debrief on the debrief rubric: which features it covered."""

    covered: dict[str, bool]
    evidence: list[Evidence] = Field(default_factory=list)
    score: float = Field(ge=0, le=1, description="share of debrief features covered")
    missing_advice: list[str] = Field(default_factory=list)
    grader: str


class Debrief(BaseModel):
    session_id: str
    text: str
    grade: DebriefGrade
    created_at: datetime = Field(default_factory=utcnow)


# --------------------------------------------------------------------------- personas


class Profile(Strict):
    """Who the person is, beyond the diagnosis: never real patient data."""

    name: NonEmpty
    age: int = Field(ge=16, le=100)
    pronouns: NonEmpty
    background: NonEmpty
    interests: list[NonEmpty] = Field(min_length=1)

    @property
    def first_name(self) -> str:
        """What staff call them by: the first word of their name."""
        return self.name.split()[0]


class WardContext(Strict):
    setting: NonEmpty = Field(description="the ward and the moment, as a trainee walks in")
    admission: NonEmpty = Field(description="why and how long they have been here, non-identifying")
    situation: NonEmpty = Field(description="what is happening right now")


class CarePlan(Strict):
    """The notes a trainee reads before the encounter."""

    triggers: list[NonEmpty] = Field(min_length=1)
    early_signs: list[NonEmpty] = Field(min_length=1)
    what_helps: list[NonEmpty] = Field(min_length=1)
    what_to_avoid: list[NonEmpty] = Field(min_length=1)


class UnmetNeed(Strict):
    summary: NonEmpty
    met_by: list[NonEmpty] = Field(
        min_length=1,
        description="lower-case phrases; staff words containing one speak to the need",
    )
    meant_by: list[NeedMeaning] = Field(
        min_length=1,
        description="ways of speaking to the need in any words: a word from every group of one entry",
    )


class BetterLines(Strict):
    """Staff lines modelling good practice in one scene: the material of the grader's better line."""

    validation: list[NonEmpty] = Field(min_length=1, description="name the feeling and its reason")
    no: list[NonEmpty] = Field(min_length=1, description="a brief, honest no to the request, with its reason")
    options: list[NonEmpty] = Field(min_length=1, description="two or three realistic choices in this scene")


class Sensitivities(Strict):
    """DASA-style reactivity traits as multipliers on escalation (1.0 ordinary, 2.0 very)."""

    provocation: float = Field(ge=0.25, le=2.5, description="sensitive to perceived provocation")
    denied_request: float = Field(ge=0.25, le=2.5, description="easily angered when requests are denied")
    directions: float = Field(ge=0.25, le=2.5, description="unwilling to follow directions")
    crowding: float = Field(ge=0.25, le=2.5, description="reacts to closeness, touch, several staff")


class ReplyKind(StrEnum):
    """What the staff turn did, as the patient experiences it; selects the offline reply."""

    validated = "validated"
    refused = "refused"
    options = "options"
    threatened = "threatened"
    crowded = "crowded"
    dismissed = "dismissed"
    neutral = "neutral"
    need_met = "need_met"
    space_given = "space_given"
    roleplay_break = "roleplay_break"


class BandVoice(Strict):
    """How the person sounds and looks at one band."""

    sounds_like: NonEmpty
    cues: list[NonEmpty] = Field(min_length=3, description="nonverbal cues (STAMP, Broset)")
    replies: dict[ReplyKind, list[NonEmpty]]
    asides: list[NonEmpty] = Field(min_length=3, description="short lines that may follow a reply")

    @model_validator(mode="after")
    def _every_kind(self) -> BandVoice:
        missing = [k.value for k in ReplyKind if len(self.replies.get(k, [])) < 2]
        if missing:
            raise ValueError(f"replies need at least two lines for: {', '.join(missing)}")
        return self


class Opening(Strict):
    text: NonEmpty
    cues: list[NonEmpty] = Field(min_length=1)


class OtherParty(Strict):
    """A second person in the scene (the other patient in a conflict)."""

    name: NonEmpty
    description: NonEmpty


class Persona(Strict):
    """A simulated patient, loaded from personas/<id>.yaml."""

    id: NonEmpty
    title: NonEmpty
    summary: NonEmpty
    difficulty: Literal["introductory", "intermediate", "advanced"]
    profile: Profile
    other_party: OtherParty | None = None
    ward: WardContext
    care_plan: CarePlan
    request: str | None = Field(None, description="what they are asking staff for, if anything")
    unmet_need: UnmetNeed
    facts: list[NonEmpty] = Field(min_length=3, description="facts the patient must stay consistent with")
    untold: list[NonEmpty] = Field(
        default_factory=list,
        description="those of `facts` staff know and the patient has not been told: the offline patient "
        "never says them as known, and says nobody told them when staff take one as known",
    )
    self_harm_question: NonEmpty = Field(
        description="how the patient answers if staff ask about self-harm or suicide: safe, in character"
    )
    better_lines: BetterLines
    starting_agitation: float = Field(
        ge=BAND_FLOORS[Band.agitated],
        lt=BAND_FLOORS[Band.crisis],
        description="agitated at the start: a scene to de-escalate",
    )
    sensitivities: Sensitivities
    opening: Opening
    voice: dict[Band, BandVoice]
    listening: Listening
    sources: list[NonEmpty] = Field(default_factory=list, description="frameworks this persona draws on")

    @field_validator("voice")
    @classmethod
    def _every_band(cls, voice: dict[Band, BandVoice]) -> dict[Band, BandVoice]:
        missing = [b.value for b in Band if b not in voice]
        if missing:
            raise ValueError(f"voice needs every band; missing: {', '.join(missing)}")
        return voice

    @model_validator(mode="after")
    def _untold_are_facts(self) -> Persona:
        stray = [fact for fact in self.untold if fact not in self.facts]
        if stray:
            raise ValueError(f"untold must repeat entries of facts word for word; not a fact: {stray[0]!r}")
        return self
