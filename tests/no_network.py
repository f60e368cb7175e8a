"""The socket layer the tests run on (tests/conftest.py installs it for every test): a connection to this
machine goes through; any other is refused with RealNetworkRefused."""

from __future__ import annotations

import ipaddress
import socket
from typing import Any


class RealNetworkRefused(OSError):
    """A test tried to connect somewhere other than this machine (a real model API, analytics, ...)."""


def _is_loopback(address: Any) -> bool:
    host = address[0] if isinstance(address, tuple) else None
    if host is None:  # a Unix socket path
        return True
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


_connect = socket.socket.connect
_connect_ex = socket.socket.connect_ex


def guarded_connect(sock: socket.socket, address: Any) -> None:
    if not _is_loopback(address):
        raise RealNetworkRefused(f"tests may only connect to this machine, not {address!r}")
    _connect(sock, address)


def guarded_connect_ex(sock: socket.socket, address: Any) -> int:
    if not _is_loopback(address):
        raise RealNetworkRefused(f"tests may only connect to this machine, not {address!r}")
    return _connect_ex(sock, address)
