"""Values a client sends, checked where they enter the app.

A browser sends what the page's controls hold, but any client can call an API route with any JSON. Gradio
turns what reaches a textbox into a string and checks a dropdown's choices, but a browser-state value and
a dropdown that takes custom values (ids a reviewer may paste) arrive as sent: a list or a dict where an id
belongs must get the answer an unknown id gets, never reach the store as it is.
"""

from __future__ import annotations


def client_id(value: object) -> str | None:
    """An id (session, turn, persona) as sent: the string, or None for anything else."""
    return value if isinstance(value, str) and value else None
