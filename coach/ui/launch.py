"""Start the trainee app: build the engine from settings, build the page, serve it, print the URL."""

from __future__ import annotations

from coach.backends import build_engine
from coach.config import Settings, get_settings
from coach.ui.app import build_app
from coach.ui.theme import launch_style


def launch(host: str | None = None, port: int | None = None, settings: Settings | None = None) -> None:
    """Serve the app on `host`:`port` (default COACH_HOST / COACH_PORT) until interrupted."""
    settings = settings or get_settings()
    host = host or settings.host
    port = port or settings.port
    demo = build_app(build_engine(settings), settings)
    print(
        f"coach: the trainee app is at http://{host}:{port} ({settings.resolved_backend} backend)", flush=True
    )
    demo.launch(server_name=host, server_port=port, quiet=True, **launch_style())
