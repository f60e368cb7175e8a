"""Start the trainee app: build the engine from settings, build the page, serve it, print the URL.

With user accounts in the database everyone signs in; without, the app serves only on a loopback address
(local single-user mode) and refuses any other with a line saying how to add an account.
"""

from __future__ import annotations

from coach.accounts import SIGN_IN_MESSAGE, Accounts, require_accounts_for
from coach.backends import build_engine, check_endpoint
from coach.config import Settings, get_settings
from coach.datafiles import DataFileError
from coach.ui.app import build_app
from coach.ui.ports import listen_problem
from coach.ui.theme import launch_style


def launch(host: str | None = None, port: int | None = None, settings: Settings | None = None) -> None:
    """Serve the app on `host`:`port` (default COACH_HOST / COACH_PORT) until interrupted."""
    settings = settings or get_settings()
    host = host or settings.host
    port = port or settings.port
    busy = listen_problem(host, port)
    if busy is not None:
        raise SystemExit(f"coach: {busy}")
    try:
        engine = build_engine(settings)
        warning = check_endpoint(settings, engine)
    except (DataFileError, ValueError) as exc:
        # A wrong key, model string or data file is one clear line at start-up, not a failure mid-session.
        raise SystemExit(f"coach: cannot start: {exc}") from None
    problem = require_accounts_for(host, engine.store)
    if problem is not None:
        raise SystemExit(f"coach: {problem}")
    accounts = Accounts(engine.store)
    sign_in = {"auth": accounts.gradio_auth, "auth_message": SIGN_IN_MESSAGE} if accounts.has_users() else {}
    if warning:
        print(f"coach: warning: {warning}", flush=True)
    if settings.backend == "auto" and engine.backend == "offline":
        print("coach: no API key set (OPENAI_API_KEY), so the offline backend is in use.", flush=True)
    demo = build_app(engine, settings)
    print(f"coach: the trainee app is at http://{host}:{port} ({engine.backend} backend)", flush=True)
    if not sign_in:
        print(
            "coach: no user accounts, so no sign-in (local single-user mode; see `coach users add`).",
            flush=True,
        )
    demo.launch(server_name=host, server_port=port, quiet=True, **sign_in, **launch_style())
