"""What a session's model calls used, metered into the store: a row per model and call (the patient's
reply, its principle checks, an LLM grade), priced when the settings give a price."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from coach.models import Usage
from coach.patient.base import PatientReply
from coach.store import Store

CHECK_METER = "principle-check"  # after the patient's model name, the usage rows of its principle checks


@dataclass(frozen=True)
class UsageMeter:
    """Records usage rows for `store`, each priced by `cost` (None where no price is set)."""

    store: Store
    cost: Callable[[Usage], float | None]

    def record(self, session_id: str, model: str, usage: Usage | None) -> None:
        """A usage row for `model` in the session; nothing for a call that used no tokens (offline)."""
        if usage is not None and usage.total_tokens:
            self.store.add_usage(
                session_id, model, usage.prompt_tokens, usage.completion_tokens, cost_usd=self.cost(usage)
            )

    @staticmethod
    def of_reply(patient_name: str, reply: PatientReply) -> list[tuple[str, Usage]]:
        """The reply's rows to record, by model: the patient's own and its principle checks', where they
        used any tokens (known before the reply is stored: the write may have nothing else to do)."""
        return [
            (model, usage)
            for model, usage in (
                (patient_name, reply.usage),
                (f"{patient_name} {CHECK_METER}", reply.check_usage),
            )
            if usage is not None and usage.total_tokens
        ]
