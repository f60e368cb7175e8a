"""The usage meter: what a session's model calls used goes into the store, priced where a price is set."""

from __future__ import annotations

from coach.models import Usage
from coach.patient.base import PatientReply
from coach.store import Store
from coach.usage_meter import UsageMeter
from tests.test_store import new_session


def _priced(usage: Usage) -> float:
    return usage.total_tokens / 1000


def test_a_call_is_recorded_with_its_price_and_an_offline_call_is_not(store: Store) -> None:
    session = new_session(store)
    meter = UsageMeter(store, _priced)
    meter.record(session.id, "gpt-4o-mini", Usage(prompt_tokens=300, completion_tokens=200))
    meter.record(session.id, "offline", Usage())
    meter.record(session.id, "offline", None)
    assert store.usage_totals(session.id) == {
        "calls": 1,
        "prompt_tokens": 300,
        "completion_tokens": 200,
        "cost_usd": 0.5,
    }


def test_a_reply_is_metered_for_the_patient_and_for_its_principle_checks_apart() -> None:
    reply = PatientReply(
        text="Fine.",
        source="llm:m",
        usage=Usage(prompt_tokens=10, completion_tokens=5),
        check_usage=Usage(prompt_tokens=7, completion_tokens=1),
    )
    assert UsageMeter.of_reply("m", reply) == [
        ("m", Usage(prompt_tokens=10, completion_tokens=5)),
        ("m principle-check", Usage(prompt_tokens=7, completion_tokens=1)),
    ]
    offline = PatientReply(text="Fine.", source="offline", usage=Usage())
    assert UsageMeter.of_reply("offline", offline) == []
