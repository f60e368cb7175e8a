"""Serving the app for tests: a free loopback port, and the app built and launched on it."""

from __future__ import annotations

import socket
from typing import Any

import gradio as gr

from coach.config import Settings
from coach.engine import Engine
from coach.ui.app import build_app


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve_app(engine: Engine, settings: Settings, **launch: Any) -> tuple[gr.Blocks, str]:
    """The app for `engine`, serving on a free loopback port until closed; `launch` passes through
    (auth, theme and css). Returns the Blocks and the base URL."""
    demo = build_app(engine, settings)
    port = free_port()
    demo.launch(prevent_thread_lock=True, server_name="127.0.0.1", server_port=port, quiet=True, **launch)
    return demo, f"http://127.0.0.1:{port}/"
