"""A patient's reply made in full before its staff turn is stored (coach.engine, for a patient that
answers at once: no model behind it, no deadline), so that the staff turn, its grade and the reply are
stored in one transaction. What the patient gave is kept in order, with the error that stopped it, and
played back to the turn as if it came now: the turn reports a failure after storing the staff turn, as
it does for a reply that fails while streaming."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

from coach.dynamics import StepResult
from coach.models import Speaker, Turn
from coach.patient.base import Patient, PatientContext, PatientReply
from coach.patient.offline import OfflinePatient, chunks


@dataclass(frozen=True)
class MadeReply:
    """What the patient gave for one staff turn, in order; the error that stopped it, if one did; and
    the state step it was made for."""

    step: StepResult
    items: list[str | PatientReply]
    error: Exception | None

    def answer(self) -> Turn | None:
        """The patient turn to store, or None when the reply failed or never finished."""
        final = [item for item in self.items if isinstance(item, PatientReply)]
        return None if self.error is not None or not final else answer_turn(final[-1], self.step)

    async def replayed(self) -> AsyncIterator[str | PatientReply]:
        """The patient's stream again, as it came (its error last)."""
        for item in self.items:
            yield item
        if self.error is not None:
            raise self.error


async def make_reply(patient: Patient, ctx: PatientContext, step: StepResult) -> MadeReply:
    """`patient`'s whole reply to `ctx`; an error that stops it is kept, not raised (the turn reports it
    once the staff turn is stored)."""
    items: list[str | PatientReply] = []
    if isinstance(patient, OfflinePatient) and type(patient).stream is OfflinePatient.stream:
        # The offline patient's stream is its reply cut into pieces, with a pass of the event loop after
        # each so that a page shows them as they come. Nothing is shown while a reply is made here: the
        # same pieces are made at once, without a loop pass each.
        try:
            reply = patient.reply(ctx)
        except Exception as exc:  # reported by the turn, as below
            return MadeReply(step=step, items=items, error=exc)
        return MadeReply(step=step, items=[*chunks(reply.text), reply], error=None)
    try:
        async for item in patient.stream(ctx):
            items.append(item)
    except Exception as exc:  # reported by the turn, as a reply that fails while streaming is
        return MadeReply(step=step, items=items, error=exc)
    return MadeReply(step=step, items=items, error=None)


def answer_turn(reply: PatientReply, step: StepResult) -> Turn:
    """The patient turn of `reply`, with the state it was written for."""
    return Turn(
        speaker=Speaker.patient, text=reply.text, cues=reply.cues, state=step.state, source=reply.source
    )
