"""Connections opening a new SQLite file at the same moment all open it: each puts the file in WAL mode,
and one that finds another mid-switch tries again instead of failing "database is locked" (SQLite fails
that switch at once, without waiting out the busy timeout)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from coach.database import open_database

OPENERS = 6
NEW_FILES = 40  # on the code before, a lock error came in about one new file in four


def _open_at_once(url: str) -> list[str]:
    start = threading.Barrier(OPENERS)
    errors: list[str] = []

    def open_one() -> None:
        engine = open_database(url)
        try:
            start.wait()
            with engine.connect() as conn:
                assert conn.exec_driver_sql("PRAGMA journal_mode").scalar_one() == "wal"
        except Exception as exc:  # the failure is the finding, whatever its kind
            errors.append(repr(exc))
        finally:
            engine.dispose()

    threads = [threading.Thread(target=open_one) for _ in range(OPENERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.mark.slow
def test_connections_opening_a_new_file_at_once_all_open_it_in_wal_mode(tmp_path: Path) -> None:
    errors = [e for i in range(NEW_FILES) for e in _open_at_once(f"sqlite:///{tmp_path / f'{i}.db'}")]
    assert errors == []
