"""Whether the app can listen where it is told to, asked before anything starts: a busy port is one line
saying what to do, not a server's traceback after it has printed its address."""

from __future__ import annotations

import socket


def listen_problem(host: str, port: int) -> str | None:
    """Why the app could not listen on `host`:`port` (a busy port, an unknown host), or None."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except socket.gaierror as exc:
        return f"cannot serve on {host}:{port}: the host is not known here ({exc.strerror})"
    with socket.socket(family, kind, proto) as probe:
        # As the server will: a port left in TIME_WAIT by a server just stopped is free to use.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            return (
                f"cannot serve on {host}:{port}: {exc.strerror or exc}. Stop what is using it, or choose "
                "another port (coach serve --port N, or COACH_PORT)."
            )
    return None
