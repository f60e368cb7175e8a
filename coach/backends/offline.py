"""The `offline` backend: the offline patient answers what was said from the persona file; the offline
grader alone grades. No key, no network, deterministic for a given input."""

from __future__ import annotations

from coach.backends.base import Backend, Loaded, Parts


def build(loaded: Loaded) -> Parts:
    return Parts(patient=loaded.offline_patient)


BACKEND = Backend(name="offline", summary="the offline patient and grader; no key, no network", build=build)
