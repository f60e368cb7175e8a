"""Shared fixtures.

Store tests run on SQLite always, and on PostgreSQL too when COACH_TEST_POSTGRES_URL is set (for example
postgresql+psycopg://user:pass@127.0.0.1:5432/coach_test); each PostgreSQL test gets a fresh schema that
is dropped afterwards.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from uuid import uuid4

import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

from coach.store import Store

POSTGRES_URL = os.environ.get("COACH_TEST_POSTGRES_URL")
DATABASES = ["sqlite", "postgres"] if POSTGRES_URL else ["sqlite"]


def _postgres_schema(base_url: str) -> Iterator[str]:
    """A URL whose connections see only a new, empty schema; the schema is dropped at the end."""
    schema = f"coach_test_{uuid4().hex[:12]}"
    admin = create_engine(base_url)
    with admin.begin() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    try:
        url = make_url(base_url).update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()


@pytest.fixture(params=DATABASES)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty database: a SQLite file in tmp_path, or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'db' / 'coach.db'}"
    else:
        assert POSTGRES_URL is not None
        yield from _postgres_schema(POSTGRES_URL)


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    """A migrated Store on an empty database."""
    with Store(database_url) as opened:
        yield opened
