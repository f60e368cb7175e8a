"""Named migrations and the schema: applied once, atomically, and matching the Table objects in code."""

from __future__ import annotations

import importlib
from datetime import UTC
from typing import Any

import pytest
from sqlalchemy import Connection, Engine, Inspector, Table, UniqueConstraint, create_engine, inspect

from coach.migrations import MIGRATIONS
from coach.store import Store

MIGRATION_NAMES = [name for name, _ in MIGRATIONS]
# Every module whose `metadata` declares migrated tables; the schema tests hold them to the migrations.
# Imported inside the tests, so a module that fails to import fails its own case, not this file.
SCHEMA_MODULES = [
    "coach.schema",
    "coach.access.accounts",
    "coach.trainer.review",
    "coach.access.sign_in_sessions",
    "coach.drafts",
]


def declared_tables(module: str) -> list[Table]:
    return importlib.import_module(module).metadata.sorted_tables


# --------------------------------------------------------------------------- migrations and schema


def test_migrations_are_recorded_and_applied_once(database_url: str) -> None:
    with Store(database_url) as store:
        assert store.migrations_applied == MIGRATION_NAMES
        recorded = store.applied_migrations()
    assert list(recorded) == MIGRATION_NAMES
    assert all(when.tzinfo is UTC for when in recorded.values())

    with Store(database_url) as reopened:
        assert reopened.migrations_applied == []
        assert reopened.applied_migrations() == recorded


def _add_notes_table(conn: Connection) -> None:
    conn.exec_driver_sql("CREATE TABLE notes (id TEXT PRIMARY KEY NOT NULL, body TEXT NOT NULL)")


def _half_done_then_fail(conn: Connection) -> None:
    conn.exec_driver_sql("CREATE TABLE half_done (id TEXT PRIMARY KEY NOT NULL)")
    raise RuntimeError("migration bug")


def test_a_new_migration_is_applied_once_on_an_existing_database(store: Store) -> None:
    later = [*MIGRATIONS, ("m900_notes", _add_notes_table)]
    with Store(store.url, migrations=later) as upgraded:
        assert upgraded.migrations_applied == ["m900_notes"]
    with Store(store.url, migrations=later) as again:
        assert again.migrations_applied == []
    assert "notes" in inspect(store.engine).get_table_names()


def test_a_failing_migration_leaves_no_trace(store: Store) -> None:
    broken = [*MIGRATIONS, ("m900_notes", _add_notes_table), ("m901_broken", _half_done_then_fail)]
    with pytest.raises(RuntimeError, match="migration bug"):
        Store(store.url, migrations=broken)

    tables = inspect(store.engine).get_table_names()
    assert "notes" not in tables and "half_done" not in tables
    assert list(store.applied_migrations()) == MIGRATION_NAMES


def test_duplicate_migration_names_are_refused(database_url: str) -> None:
    with pytest.raises(ValueError, match="unique"):
        Store(database_url, migrations=[*MIGRATIONS, MIGRATIONS[0]])


def test_every_migrated_table_is_declared_in_code(store: Store) -> None:
    declared = {table.name for module in SCHEMA_MODULES for table in declared_tables(module)}
    assert set(inspect(store.engine).get_table_names()) - {"_migrations"} == declared


@pytest.mark.parametrize("module", SCHEMA_MODULES)
def test_migrated_tables_match_their_table_objects(store: Store, module: str) -> None:
    """Migrations and the code's Table objects agree on columns, keys, unique constraints and indexes."""
    inspector = inspect(store.engine)
    for table in declared_tables(module):
        assert_table_matches(inspector, table)


def assert_table_matches(inspector: Inspector, table: Table) -> None:
    name = table.name
    columns = {c["name"]: (c["type"].python_type, c["nullable"]) for c in inspector.get_columns(name)}
    assert columns == {c.name: (c.type.python_type, c.nullable) for c in table.columns}, name

    primary_key = inspector.get_pk_constraint(name)["constrained_columns"]
    assert primary_key == [c.name for c in table.primary_key], name

    foreign_keys = {
        (tuple(fk["constrained_columns"]), fk["referred_table"], tuple(fk["referred_columns"]))
        for fk in inspector.get_foreign_keys(name)
    }
    declared_fks = {
        (tuple(fk.column_keys), fk.referred_table.name, tuple(e.column.name for e in fk.elements))
        for fk in table.foreign_key_constraints
    }
    assert foreign_keys == declared_fks, name

    uniques = {(u["name"], tuple(u["column_names"])) for u in inspector.get_unique_constraints(name)}
    declared_uniques = {
        (u.name, tuple(c.name for c in u.columns))
        for u in table.constraints
        if isinstance(u, UniqueConstraint)
    }
    assert uniques == declared_uniques, name

    indexes = {
        (i["name"], tuple(i["column_names"]), bool(i["unique"]))
        for i in inspector.get_indexes(name)
        if "duplicates_constraint" not in i  # PostgreSQL lists unique constraints' indexes too
    }
    assert indexes == {(i.name, tuple(c.name for c in i.columns), i.unique) for i in table.indexes}, name


def described(engine: Engine) -> dict[str, dict[str, Any]]:
    """Every table as the database itself reports it: columns (type as this dialect writes it,
    nullability, default), primary key, foreign keys, unique and check constraints, indexes."""
    inspector = inspect(engine)
    tables = {}
    for name in set(inspector.get_table_names()) - {"_migrations"}:
        tables[name] = {
            "columns": {
                c["name"]: (c["type"].compile(dialect=engine.dialect), c["nullable"], c["default"])
                for c in inspector.get_columns(name)
            },
            "primary key": inspector.get_pk_constraint(name)["constrained_columns"],
            "foreign keys": sorted(
                (fk["constrained_columns"], fk["referred_table"], fk["referred_columns"], fk.get("options"))
                for fk in inspector.get_foreign_keys(name)
            ),
            "unique": sorted((u["name"], u["column_names"]) for u in inspector.get_unique_constraints(name)),
            "checks": sorted((c["name"], c["sqltext"]) for c in inspector.get_check_constraints(name)),
            "indexes": sorted(
                (i["name"], i["column_names"], bool(i["unique"])) for i in inspector.get_indexes(name)
            ),
        }
    return tables


def test_a_database_migrated_from_empty_equals_one_created_from_the_tables(
    store: Store, twin_database_url: str
) -> None:
    """The schema is written once in effect: the migrations build exactly what the Table objects describe."""
    created = create_engine(twin_database_url)
    try:
        for module in SCHEMA_MODULES:
            importlib.import_module(module).metadata.create_all(created)
        migrated, expected = described(store.engine), described(created)
    finally:
        created.dispose()
    assert migrated.keys() == expected.keys()
    for name, table in expected.items():
        for part, value in table.items():
            assert migrated[name][part] == value, f"{name} {part}"
