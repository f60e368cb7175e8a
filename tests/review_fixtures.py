"""Builders for the trainer-side tests: a cohort of accounts, and sessions with graded turns written
straight to the store (known grades, so review, cohort and export figures can be checked exactly)."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar
from uuid import uuid4

from argon2 import PasswordHasher

from coach.access.accounts import Accounts, LoginPolicy, Role, User
from coach.models import Band, Evidence, Flag, Grade, Outcome, PatientState, Scores, Session, Speaker, Turn
from coach.stance import Stance
from coach.store import Store
from coach.trainer.review import Review

PASSWORD = "correct horse battery"
FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
HOSTILE = "<img src=x onerror=alert(1)><script>alert(2)</script>"

# name, role, cohort: two trainees and a trainer in March, one trainee in April, an admin.
PEOPLE = [
    ("amy", Role.trainee, "march"),
    ("ben", Role.trainee, "march"),
    ("cat", Role.trainee, "april"),
    ("tess", Role.trainer, "march"),
    ("ada", Role.admin, None),
]


T = TypeVar("T")


def run_async(coro: Coroutine[Any, Any, T]) -> T:
    """Run `coro` to the end on a fresh loop in a worker thread.

    The e2e tests keep a Playwright sync session open for the whole run, and between its calls it may
    leave this thread's loop marked as running, which makes asyncio.run() here refuse to start.
    """
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()


def make_accounts(store: Store) -> Accounts:
    accounts = Accounts(store, hasher=FAST_HASHER, policy=LoginPolicy(failure_delay=0))
    for name, role, cohort in PEOPLE:
        accounts.add(name, PASSWORD, role=role, cohort=cohort)
    return accounts


@dataclass
class Cohort:
    store: Store
    accounts: Accounts
    review: Review

    def user(self, name: str) -> User:
        return self.accounts.get(name)


def make_cohort(store: Store) -> Cohort:
    accounts = make_accounts(store)
    return Cohort(store=store, accounts=accounts, review=Review(store, accounts))


def grade(
    tone: int = 4,
    options: int = 1,
    risk: int = 2,
    flags: Sequence[Flag] = (),
    no_brevity: int | None = None,
    grader: str = "offline",
    suggestion: str | None = None,
) -> Grade:
    return Grade(
        scores=Scores(tone=tone, no_brevity=no_brevity, options=options, escalation_risk=risk),
        refusal=no_brevity is not None,
        flags=list(flags),
        evidence=[Evidence(key="tone", quote="I can see", why="names the feeling")],
        suggestion=suggestion,
        grader=grader,
    )


def state(agitation: float) -> PatientState:
    return PatientState(agitation=agitation, band=Band.for_agitation(agitation), peak=agitation)


@dataclass
class Step:
    """One exchange: what the trainee said, its grades, and the agitation after the patient's reply."""

    staff: str
    grades: list[Grade]
    agitation: float
    patient: str = "I hear you."
    stance: Stance = field(default_factory=Stance)


def play(
    store: Store,
    trainee: str,
    steps: Sequence[Step],
    persona: str = "fearful",
    started: datetime = START,
    outcome: Outcome | None = Outcome.de_escalated,
    opening: str = "Please don't let them inject me.",
) -> Session:
    """A session with an opening patient line at 60, then each step, ended with `outcome` if given."""
    session = store.create_session(
        Session(id=uuid4().hex, trainee=trainee, persona_id=persona, backend="offline", started_at=started)
    )
    at = started
    store.add_turn(
        session.id,
        Turn(speaker=Speaker.patient, text=opening, cues=["pacing"], state=state(60), created_at=at),
    )
    for step in steps:
        add_step(store, session.id, step, at := at + timedelta(minutes=1))
    if outcome is not None:
        store.end_session(session.id, outcome, ended_at=at + timedelta(minutes=1))
    return store.get_session(session.id)


def add_step(store: Store, session_id: str, step: Step, at: datetime) -> tuple[Turn, Turn]:
    staff = store.add_turn(
        session_id, Turn(speaker=Speaker.staff, text=step.staff, stance=step.stance, created_at=at)
    )
    for g in step.grades:
        store.add_grade(staff.id or "", g)
    patient = store.add_turn(
        session_id,
        Turn(
            speaker=Speaker.patient,
            text=step.patient,
            cues=["quieter"],
            state=state(step.agitation),
            created_at=at,
        ),
    )
    return staff, patient


def good(
    text: str = "I can see this is frightening. Sit here, or by the window?", agitation: float = 40
) -> Step:
    return Step(staff=text, grades=[grade(tone=5, options=2, risk=1)], agitation=agitation)


def poor(text: str = "Calm down, there's nothing to be scared of.", agitation: float = 70) -> Step:
    return Step(
        staff=text, grades=[grade(tone=2, options=0, risk=4, flags=[Flag.calm_down])], agitation=agitation
    )
