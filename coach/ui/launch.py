"""Start the trainee app: build the engine from settings, build the web server, serve it with uvicorn.

With user accounts in the database everyone signs in (coach.ui.server); without, the app serves only on a
loopback address (local single-user mode) and refuses any other with a line saying how to add an account.
A Gradio share link (GRADIO_SHARE) is never opened: the app is served on the host and port given.
"""

from __future__ import annotations

import uvicorn

from coach.access.accounts import Accounts, require_accounts_for
from coach.backends import build_engine, check_endpoint
from coach.config import Settings, get_settings
from coach.datafiles import DataFileError
from coach.ui.ports import listen_problem
from coach.ui.server import build_server, share_requested
from coach.warm_up import settle_heap, warm_up

NO_SHARE = (
    "coach: GRADIO_SHARE is ignored: coach never opens a public share link{why}; serve it on your "
    "network with COACH_HOST instead."
)


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
    signs_in = Accounts(engine.store).has_users()
    if share_requested():
        why = (
            ""
            if signs_in
            else " (and there are no user accounts, so anyone with it could read every session)"
        )
        print(NO_SHARE.format(why=why), flush=True)
    if warning:
        print(f"coach: warning: {warning}", flush=True)
    if settings.backend == "auto" and engine.backend.name == "offline":
        print("coach: no API key set (OPENAI_API_KEY), so the offline backend is in use.", flush=True)
    app = build_server(engine, settings)
    # Built before the first trainee waits for it; the long-lived objects out of the collector's passes.
    warm_up(engine.grader, engine.personas)
    settle_heap()
    print(f"coach: the trainee app is at http://{host}:{port} ({engine.backend.name} backend)", flush=True)
    if not signs_in:
        print(
            "coach: no user accounts, so no sign-in (local single-user mode; see `coach users add`).",
            flush=True,
        )
    # proxy_headers: behind a reverse proxy listed in FORWARDED_ALLOW_IPS, the client address (for the
    # sign-in rate limit) and https (for the Secure cookie) come from X-Forwarded-For / -Proto.
    uvicorn.run(app, host=host, port=port, log_level="warning", proxy_headers=True)
