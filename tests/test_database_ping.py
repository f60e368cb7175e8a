"""A pooled PostgreSQL connection is pinged before use only after it sat idle: a server that dropped it
meanwhile costs no request, and a connection in steady use costs no extra round trip."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from postgres_schemas import POSTGRES_URL

from coach import database
from coach.database import open_database

pytestmark = pytest.mark.skipif(
    POSTGRES_URL is None, reason="needs a PostgreSQL server: COACH_TEST_POSTGRES_URL"
)


def _backend_pid(engine: sa.Engine) -> int:
    with engine.connect() as conn:
        return int(conn.exec_driver_sql("SELECT pg_backend_pid()").scalar_one())


def _drop_from_the_server(pid: int) -> None:
    assert POSTGRES_URL is not None
    admin = sa.create_engine(POSTGRES_URL)
    try:
        with admin.connect() as conn:
            assert conn.exec_driver_sql(f"SELECT pg_terminate_backend({pid})").scalar_one()
    finally:
        admin.dispose()


def test_a_connection_dropped_while_idle_is_replaced_before_use(monkeypatch: pytest.MonkeyPatch) -> None:
    assert POSTGRES_URL is not None
    engine = open_database(POSTGRES_URL)
    try:
        before = _backend_pid(engine)
        _drop_from_the_server(before)
        monkeypatch.setattr(database, "IDLE_BEFORE_PING_S", 0.0)  # it has now been idle long enough
        assert _backend_pid(engine) != before  # no error: the ping found it gone, a new one served
    finally:
        engine.dispose()


def test_a_connection_in_steady_use_is_not_pinged(monkeypatch: pytest.MonkeyPatch) -> None:
    assert POSTGRES_URL is not None
    monkeypatch.setattr(database, "IDLE_BEFORE_PING_S", 3600.0)
    engine = open_database(POSTGRES_URL)
    try:
        pid = _backend_pid(engine)
        _drop_from_the_server(pid)
        # Handed out without a ping, the dropped connection fails its first statement: the round trip a
        # ping would cost is not paid while the connection is in use. The pool then replaces it.
        with pytest.raises(sa.exc.OperationalError):
            _backend_pid(engine)
        assert _backend_pid(engine) != pid
    finally:
        engine.dispose()


def test_connections_given_back_are_kept_for_the_next_burst() -> None:
    assert POSTGRES_URL is not None
    engine = open_database(POSTGRES_URL)
    try:

        def burst() -> set[int]:
            held = [engine.connect() for _ in range(8)]  # eight turns at once, as under load
            try:
                return {int(c.exec_driver_sql("SELECT pg_backend_pid()").scalar_one()) for c in held}
            finally:
                for c in held:
                    c.close()

        first = burst()
        # the same server sessions serve the next burst: none was closed and opened again
        assert burst() == first and len(first) == 8
    finally:
        engine.dispose()
