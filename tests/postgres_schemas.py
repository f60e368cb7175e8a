"""The test PostgreSQL (COACH_TEST_POSTGRES_URL, set by `make test`) and throwaway schemas on it, for the
fixtures in conftest.py and for tests that start servers of their own on it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from uuid import uuid4

from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

POSTGRES_URL = os.environ.get("COACH_TEST_POSTGRES_URL")


def postgres_schema(base_url: str) -> Iterator[str]:
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
