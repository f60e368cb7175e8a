"""A bounded memo of what a pure reading makes of a text in a persona's scene. A scene rereads its earlier
staff turns on every reply (what was offered, asked, promised), and their reading never changes, so each
text is read once per persona while it is remembered."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

from coach.models import Persona

T = TypeVar("T")


class PersonaMemo(Generic[T]):
    """`read(text, persona)`, remembered for up to `size` (persona, text) pairs; forgotten all at once
    when full. A persona is known by identity: the memo holds it, so its id cannot name another one."""

    def __init__(self, read: Callable[[str, Persona], T], size: int = 4096) -> None:
        self._read = read
        self._size = size
        self._known: dict[tuple[int, str], T] = {}
        self._owners: dict[int, Persona] = {}
        self._lock = threading.Lock()

    def __call__(self, text: str, persona: Persona) -> T:
        key = (id(persona), text)
        with self._lock:
            if self._owners.get(key[0]) is persona and key in self._known:
                return self._known[key]
        value = self._read(text, persona)
        with self._lock:
            if len(self._known) >= self._size:
                self._known.clear()
                self._owners.clear()
            self._known[key] = value
            self._owners[key[0]] = persona
        return value
