"""The trained scorer: loads the artefact built by `coach train-grader` and scores one turn's features.

The artefact (scorer.npz beside this module) holds the feature vocabulary, one weight matrix for every
head (each rubric key, each extra dimension and each learned flag) and the metadata saying how each head
turns its outputs into a score. Scoring is a sum of weight rows and a softmax: numpy only, deterministic,
a fraction of a millisecond. Each score also says which words moved it, for the grade's evidence.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Literal, NamedTuple

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, model_validator

from coach.grading.learned.features import Located, TurnFeatures

ARTEFACT = "scorer.npz"
# 2: the scales are decoded with cut points stored per head (1 rounded at the half-steps); an artefact of
# another version is refused on load rather than decoded the wrong way.
VERSION = 2
MAX_EVIDENCE_WORDS = 6
# Heads named so: which kind of move a care plan may warn of a turn makes (coach.grading.learned.plan_kinds).
KIND_HEAD = "kind:"
_TOWARD_YES = np.array([1.0])
_TOWARD_NO = np.array([-1.0])


class Head(BaseModel):
    """One output of the scorer: a rubric key, an extra dimension, a flag, or a kind of move a care plan may
    warn of (named `kind:...`, stored last, read only for a turn that may go against the plan).

    `classes`: one column per value, a softmax over them. `cumulative`: one column per step of an ordinal
    scale, each the odds that the score is above that step; their sum plus the lowest value is the expected
    score, and the score is the lowest value plus how many of the head's `cuts` that expected score reaches
    (the cuts are chosen in training: rounding at the half-steps pulls scores to the middle of the scale).
    `binary`: one column, yes when its probability reaches the threshold.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    kind: Literal["classes", "cumulative", "binary"]
    values: list[int] = Field(description="the scale's values, lowest first (binary: [1])")
    start: int
    stop: int
    decode: Literal["argmax", "expected", "threshold", "cuts"] = "argmax"
    threshold: float = 0.5
    cuts: list[float] = Field(
        default_factory=list,
        description="cumulative heads only: one cut of the expected score per step, lowest first",
    )

    @model_validator(mode="after")
    def _cuts_fit_the_scale(self) -> Head:
        if self.kind != "cumulative":
            if self.cuts or self.decode == "cuts":
                raise ValueError(f"{self.name}: only a cumulative head is decoded with cuts")
            return self
        if self.decode != "cuts" or len(self.cuts) != len(self.values) - 1:
            raise ValueError(f"{self.name}: a cumulative head needs one cut per step of its scale")
        low, high = self.values[0], self.values[-1]
        if any(b < a for a, b in zip(self.cuts, self.cuts[1:], strict=False)) or not (
            low <= self.cuts[0] and self.cuts[-1] <= high
        ):
            raise ValueError(f"{self.name}: cuts must rise and lie within the scale")
        return self


class CrossValidated(BaseModel):
    """One head's k-fold figures on dev, with the decoding chosen for it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    n: int
    kappa: float = Field(description="quadratic weighted for scales, plain for yes/no heads")
    exact: float
    f1: float | None = Field(None, description="yes/no heads only")


class ScorerMeta(BaseModel):
    """What the artefact says about itself: its heads, what it was trained on, and how well it did."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int = Field(description="the artefact's format; only this module's VERSION is read")
    feature_weights: dict[str, float] = Field(
        default_factory=dict, description="weight of the features whose name starts with each prefix (else 1)"
    )
    corpus_sha256: str = Field(description="hash of the dev split it was trained on")
    trained_on: int = Field(description="labelled turns it was fitted to")
    heads: list[Head]
    trusted_rule_flags: list[str] = Field(
        default_factory=list,
        description="flags, or cues reported as a flag (such as an ultimatum read by its shape), whose rule "
        "hits alone are precise enough on dev to report",
    )
    cross_validated: dict[str, CrossValidated] = Field(
        default_factory=dict, description="each head's figures on dev from k-fold cross-validation"
    )

    @model_validator(mode="after")
    def _this_version(self) -> ScorerMeta:
        if self.version != VERSION:
            raise ValueError(f"scorer artefact version {self.version}; this coach reads {VERSION}")
        return self


Words = tuple[tuple[str, float], ...]  # (phrase, weight toward the score) strongest first


class Verdict:
    """One head's score on one turn, and the words that weighed most for it.

    The words are worked out when first read: a grade shows the words of only some of the heads it may
    explain (no words for a no that was not said, none where a rule's hit is the evidence), and a better
    line's check reads none. Slots, not a dataclass: every head makes one for the turn and for each better
    line tried."""

    __slots__ = ("_explain", "_words", "probability", "value")

    def __init__(
        self, value: int, probability: float, words: Words = (), explain: Callable[[], Words] | None = None
    ) -> None:
        self.value = value
        self.probability = probability  # of the chosen value (binary: of yes)
        self._words = words
        self._explain = explain

    @property
    def words(self) -> Words:
        if self._explain is not None:
            self._words, self._explain = self._explain(), None
        return self._words

    def _key(self) -> tuple[int, float, Words]:
        return self.value, self.probability, self.words

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Verdict) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"Verdict(value={self.value}, probability={self.probability}, words={self.words})"


class Rows(NamedTuple):
    """Where a turn's features sit in the weights: each known row once, first seen first, with its
    position; each (position, word) pair that produced one; and how many features they cover."""

    position: dict[int, int]
    pair_row: list[int]
    pair_word: list[int]
    read: int


class Scorer:
    """The trained heads over one vocabulary."""

    def __init__(self, vocabulary: list[str], weights: np.ndarray, bias: np.ndarray, meta: ScorerMeta):
        self.index = {name: i for i, name in enumerate(vocabulary)}
        self.meta = meta
        self.heads = {h.name: h for h in meta.heads}
        self.row_weight = feature_weights(vocabulary, meta.feature_weights)
        self._steps = [np.array(h.values[:-1]) for h in meta.heads]
        # each head's decoding as plain values, read once: every grade decodes every head, for the turn
        # and for each better line it checks
        self._plans = [
            (h, steps, h.name, h.kind, h.start, h.stop, h.threshold, h.values[0], tuple(h.cuts))
            for h, steps in zip(meta.heads, self._steps, strict=True)
            if not h.name.startswith(KIND_HEAD)
        ]
        # The kind heads say which care-plan line a turn against the plan goes against: read only for a turn
        # the head reads as against the plan or is unsure of (`kind_chances`), so other turns skip them.
        kinds = [h for h in meta.heads if h.name.startswith(KIND_HEAD)]
        self._kind_names = [kind_of(h.name) for h in kinds]
        # the trainer puts them last, so the other heads' columns are gathered without them
        graded = weights.shape[1] if not kinds else min(h.start for h in kinds)
        if any(h.stop > graded for h in meta.heads if not h.name.startswith(KIND_HEAD)):
            raise ValueError("scorer artefact: the kind heads' columns must come after every other head's")
        self._graded_weights = np.ascontiguousarray(weights[:, :graded])
        self._graded_bias = bias[:graded]
        self._kind_weights = np.ascontiguousarray(weights[:, graded:])
        self._kind_bias = bias[graded:]

    @property
    def weights(self) -> np.ndarray:
        """Every head's weights (features x columns), as the artefact stores them."""
        return np.hstack([self._graded_weights, self._kind_weights])

    @property
    def bias(self) -> np.ndarray:
        """Every head's bias, column by column."""
        return np.concatenate([self._graded_bias, self._kind_bias])

    @classmethod
    def load(cls, path: Path | str) -> Scorer:
        with np.load(path, allow_pickle=False) as data:
            meta = ScorerMeta.model_validate(json.loads(str(data["meta"])))
            return cls(list(data["vocabulary"]), data["weights"], data["bias"], meta)

    def save(self, path: Path | str, vocabulary: list[str]) -> None:
        np.savez_compressed(
            path,
            vocabulary=np.array(vocabulary),
            weights=self.weights.astype(np.float32),
            bias=self.bias.astype(np.float32),
            meta=np.array(self.meta.model_dump_json()),
        )

    def score(
        self,
        features: TurnFeatures,
        explain: tuple[str, ...] = (),
        explain_yes: bool = False,
        known: Rows | None = None,
    ) -> dict[str, Verdict]:
        """Every head's verdict; the heads named in `explain` (and, with `explain_yes`, every yes/no head
        that says yes) also say which words moved them, when their words are read. `known`: the rows of
        the first of `features`, found before (`rows`)."""
        found = self.rows(features.features, known)
        rows, scale = self._scaled(found)
        gathered = self._graded_weights[rows]
        logits = (scale @ gathered if len(rows) else 0.0) + self._graded_bias
        # one exp over every column: binary and cumulative heads read their odds from it
        odds = 1.0 / (1.0 + np.exp(-logits))
        verdicts = {}
        # every column as Python floats: a head's decoding is a few scalar steps, cheaper than numpy's
        listed_odds = odds.tolist()
        why = (
            _Explainer(features, gathered, scale, found, len(rows))
            if (explain or explain_yes) and found.pair_row
            else None
        )
        for head, steps, name, kind, start, stop, threshold, low, cuts in self._plans:
            chances = None
            if kind == "binary":
                probability = listed_odds[start]
                value = int(probability >= threshold)
                wanted = explain_yes and value == 1
            elif kind == "cumulative":
                value, probability = _cumulative(listed_odds[start:stop], low, cuts)
                wanted = False
            else:
                value, probability, chances = _classes(head, logits)
                wanted = False
            if why is not None and (wanted or name in explain):
                verdicts[name] = Verdict(value, probability, explain=why.of(head, steps, value, chances))
            else:
                verdicts[name] = Verdict(value, probability)
        return verdicts

    def kind_chances(self, features: TurnFeatures, known: Rows | None = None) -> dict[str, float]:
        """The probability that the turn makes each kind of move a care plan may warn of (by the kind's
        name, as coach.grading.care_plan.KINDS names it); empty when the artefact has no kind heads."""
        if not self._kind_names:
            return {}
        rows, scale = self._scaled(self.rows(features.features, known))
        logits = (scale @ self._kind_weights[rows] if len(rows) else 0.0) + self._kind_bias
        return dict(zip(self._kind_names, (1.0 / (1.0 + np.exp(-logits))).tolist(), strict=True))

    def _scaled(self, found: Rows) -> tuple[np.ndarray, np.ndarray]:
        """The rows of a turn's known features and the weight of each, scaled so that the turn's feature
        vector has unit length, as in training."""
        rows = np.fromiter(found.position, dtype=np.intp, count=len(found.position))
        row_weight = self.row_weight[rows]
        return rows, row_weight / np.sqrt(max(float(row_weight @ row_weight), 1e-12))

    def rows(self, located: tuple[Located, ...], known: Rows | None = None) -> Rows:
        """The known features' rows (each once, in the order first seen, which fixes the order of the sum),
        and each (row position, word) pair that produced one; `known`: those of the first of `located`."""
        # One pass over a few hundred features: this runs for the turn and for every better line tried.
        index = self.index
        position = {} if known is None else dict(known.position)  # each known row once, and where it is
        pair_row = [] if known is None else list(known.pair_row)
        pair_word = [] if known is None else list(known.pair_word)
        for name, word in located[0 if known is None else known.read :]:
            row = index.get(name)
            if row is None:
                continue
            at = position.setdefault(row, len(position))
            if word >= 0:
                pair_row.append(at)
                pair_word.append(word)
        return Rows(position, pair_row, pair_word, len(located))


def kind_of(head: str) -> str:
    """The kind of move a kind head is for."""
    return head.removeprefix(KIND_HEAD).replace("_", " ")


def _cumulative(above: list[float], low: int, cuts: tuple[float, ...]) -> tuple[int, float]:
    """A cumulative head's value and its probability (`above`: P(score > each value but the last))."""
    # summed in order, as numpy sums a few floats; a cut reached counts (np.searchsorted, right)
    expected = low + sum(above)
    k = sum(1 for cut in cuts if cut <= expected)
    p_at = (above[k - 1] if k > 0 else 1.0) - (above[k] if k < len(above) else 0.0)
    return low + k, max(p_at, 0.0)


def _classes(head: Head, logits: np.ndarray) -> tuple[int, float, np.ndarray]:
    """A head of classes' value, its probability, and the probability of every class."""
    out = logits[head.start : head.stop]
    p = np.exp(out - out.max())
    p /= p.sum()
    values = np.array(head.values, dtype=float)
    if head.decode == "expected":
        chosen = int(np.clip(np.rint(p @ values), values.min(), values.max()))
    else:
        chosen = int(values[int(np.argmax(p))])
    return chosen, float(p[head.values.index(chosen)]), p


class _Explainer:
    """Which words moved a head on one turn, worked out for a head only when its words are read."""

    def __init__(
        self, features: TurnFeatures, gathered: np.ndarray, scale: np.ndarray, found: Rows, rows: int
    ) -> None:
        self.features = features
        self.gathered = gathered
        self.scale = scale
        self.found = found
        self.rows = rows
        # made when a head's words are first read: (row of each pair, word of each pair, how many pairs
        # share its row), arrays, not lists: numpy would turn a list into one again at every use
        self._pairs: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None

    def of(
        self, head: Head, steps: np.ndarray, value: int, chances: np.ndarray | None
    ) -> Callable[[], Words]:
        return lambda: self._words(head, _direction(head, steps, value, chances))

    def _words(self, head: Head, direction: np.ndarray) -> Words:
        if self._pairs is None:
            pair_row = np.array(self.found.pair_row, dtype=np.intp)
            owners = np.bincount(pair_row, minlength=self.rows)[pair_row]
            self._pairs = (pair_row, np.array(self.found.pair_word, dtype=np.intp), owners)
        pair_row, pair_word, owners = self._pairs
        push = (self.gathered[:, head.start : head.stop] @ direction) * self.scale
        shares = push[pair_row] / owners
        per_word = np.bincount(pair_word, weights=shares, minlength=len(self.features.words))
        return _phrases(self.features, per_word)


def _direction(head: Head, steps: np.ndarray, chosen: int, chances: np.ndarray | None) -> np.ndarray:
    """Per-column weights of 'more of this score' for evidence (`steps`: a cumulative head's values below
    its top; `chances`: a head of classes' probabilities)."""
    if head.kind == "binary":
        return _TOWARD_YES if chosen == 1 else _TOWARD_NO
    if head.kind == "cumulative":
        # toward the chosen value: up through the steps below it, down at the steps from it
        return np.where(steps < chosen, 1.0, -1.0)
    assert chances is not None
    # toward the chosen value and away from the rest, weighted by how likely the rest looked
    direction = -chances.copy()
    direction[head.values.index(chosen)] += 1.0
    return direction


def feature_weights(vocabulary: list[str], by_prefix: dict[str, float]) -> np.ndarray:
    """Each feature's weight in a turn's vector: its prefix's weight, or 1."""
    return np.array(
        [next((w for prefix, w in by_prefix.items() if name.startswith(prefix)), 1.0) for name in vocabulary],
        dtype=np.float64,
    )


def _phrases(features: TurnFeatures, per_word: np.ndarray) -> tuple[tuple[str, float], ...]:
    """Runs of neighbouring words that pushed the same way, strongest first, quoted from the turn."""
    runs: list[tuple[int, int, float]] = []
    pushed = per_word.tolist()  # the walk compares Python floats: indexing numpy one item at a time is slow
    i, n = 0, len(pushed)
    while i < n:
        if pushed[i] <= 0:
            i += 1
            continue
        j = i
        while j + 1 < n and pushed[j + 1] > 0 and j + 1 - i < MAX_EVIDENCE_WORDS:
            j += 1
        # added one after another, as numpy adds fewer than 8 numbers (a run is at most 6 words)
        total = 0.0
        for weight in pushed[i : j + 1]:
            total += weight
        runs.append((i, j, total))
        i = j + 1
    runs.sort(key=lambda r: -r[2])
    words = features.words
    return tuple(
        (features.speech[words[a].start : words[b].end].strip("* "), weight) for a, b, weight in runs[:3]
    )


class MissingScorer(RuntimeError):
    """The trained artefact is not where coach ships it (a broken install or checkout)."""


def packaged_path() -> Path:
    """Where the shipped artefact lives (inside the package, beside this module)."""
    return Path(__file__).with_name(ARTEFACT)


@lru_cache(maxsize=1)
def packaged_scorer() -> Scorer:
    """The scorer shipped with coach (built by `coach train-grader`)."""
    artefact = resources.files("coach.grading.learned").joinpath(ARTEFACT)
    if not artefact.is_file():
        raise MissingScorer(f"the trained grader {artefact} is missing: rebuild it with `coach train-grader`")
    with resources.as_file(artefact) as path:
        return Scorer.load(path)
