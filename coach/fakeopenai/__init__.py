"""A loopback server speaking the OpenAI Chat Completions protocol, with scripted replies and faults.

with FakeOpenAI.running() as fake:
    fake.push("Hello.", {"tone": 4}, Fault(kind=FaultKind.rate_limit, retry_after=0.05))
    ... point a client at fake.base_url ...
    fake.requests[0].messages
"""

from coach.fakeopenai.schema import minimal_instance
from coach.fakeopenai.script import Fault, FaultKind, Json, RecordedRequest, Responder, Scripted, Text
from coach.fakeopenai.server import FakeOpenAI

__all__ = [
    "FakeOpenAI",
    "Fault",
    "FaultKind",
    "Json",
    "RecordedRequest",
    "Responder",
    "Scripted",
    "Text",
    "minimal_instance",
]
