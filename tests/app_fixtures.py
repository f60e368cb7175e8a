"""Serving the app for tests: a free loopback port, and the whole web server (sign-in and Gradio) on it."""

from __future__ import annotations

from typing import Any

from coach.access.accounts import Accounts
from coach.access.sign_in_limits import SignInLimits
from coach.config import Settings
from coach.engine import Engine
from coach.ui.server import Serving, build_server
from scripts.load_check import free_port

# The access tests sign many clients in from one loopback address within a minute; the flood limits have
# their own tests (tests/test_sign_in_web.py), so these servers get room for them.
MANY_CLIENTS = SignInLimits(
    per_address=1000, per_address_per_minute=1000.0, per_account=1000, per_account_per_minute=1000.0
)


class ServedApp(Serving):
    """The server on its thread; `config` is the mounted Gradio app's (its routes by fn_index)."""

    @property
    def config(self) -> dict[str, Any]:
        return self.server.config.app.state.blocks.config


def serve_app(
    engine: Engine,
    settings: Settings,
    *,
    accounts: Accounts | None = None,
    limits: SignInLimits | None = None,
) -> tuple[ServedApp, str]:
    """The app for `engine`, serving on a free loopback port until closed. With accounts in the store,
    everyone signs in (`accounts` sets the hasher and lockout policy). Returns the server and its URL."""
    app = build_server(engine, settings, accounts=accounts, limits=limits)
    served = ServedApp(app, "127.0.0.1", free_port())
    return served, served.url
