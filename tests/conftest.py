"""Shared fixtures, and the isolation every test runs in.

Isolation (`isolated`, autouse): each test starts with no OPENAI_* or COACH_* variable from the developer's
shell (COACH_TEST_POSTGRES_URL excepted), its data folder inside its own tmp_path, the settings cache
cleared, and a socket layer that refuses any connection that is not to this machine, the way
pydantic-ai refuses real model requests in tests. The variables are also cleared before collection, since
some test modules read settings at import. For the whole session the system temporary folder is one inside
pytest's own (`session_temp`), so nothing is left in /tmp. At the end of the session the checkout is
checked for a database the suite should not have written (`./data/coach.db`).

Speed, for `make test-fast`: HTTP clients trust one certificate authority rather than reading a whole
bundle again for each client (`one_certificate_authority`); the hypothesis profile "fast"
(`--hypothesis-profile=fast`) tries fewer examples per property than the default the full run keeps; grader
training fits its folds in this process (`training_in_process`); and a `store` on SQLite starts as a copy
of one file migrated once per session (`migrated_sqlite`) rather than running every migration again. What
collection imported is frozen out of the garbage collector's walks (`pytest_collection_finish`), and a
module that builds one server for its tests takes its database from `module_database_url`.

Store tests run on SQLite always, and on PostgreSQL too when COACH_TEST_POSTGRES_URL is set (for example
postgresql+psycopg://user:pass@127.0.0.1:5432/coach_test); each PostgreSQL test gets a fresh schema that
is dropped afterwards.
"""

from __future__ import annotations

import gc
import os
import shutil
import socket
import tempfile
from collections.abc import Iterator
from pathlib import Path

import certifi
import pytest
from hypothesis import settings
from no_network import guarded_connect, guarded_connect_ex
from postgres_schemas import POSTGRES_URL, postgres_schema
from sqlalchemy.engine import make_url

from coach.config import get_settings
from coach.store import Store

DATABASES = ["sqlite", "postgres"] if POSTGRES_URL else ["sqlite"]
KEPT = {"COACH_TEST_POSTGRES_URL"}
CHECKOUT_DB = Path(__file__).resolve().parents[1] / "data" / "coach.db"

# The inner loop's properties (make test-fast): a fifth of the examples, each still a varied input; the
# full run keeps hypothesis's default.
settings.register_profile("fast", max_examples=20)


def _shell_settings() -> list[str]:
    return [name for name in os.environ if name.startswith(("OPENAI_", "COACH_")) and name not in KEPT]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-screenshots",
        action="store_true",
        help="save the browser tests' screenshots into docs/screenshots/ (make screenshots)",
    )


def pytest_configure(config: pytest.Config) -> None:
    # Before collection: test modules that load personas or settings at import must see the defaults too.
    for name in _shell_settings():
        del os.environ[name]
    get_settings.cache_clear()


def pytest_collection_finish(session: pytest.Session) -> None:
    # What collection imported (Gradio, the grader, every test module: a few hundred thousand objects) lives
    # to the end of the session. Frozen, the garbage collector stops walking it in every full collection
    # (about a seventh of the CPU of five heavy test files); objects made later are collected as before.
    gc.freeze()


def pytest_unconfigure(config: pytest.Config) -> None:
    # And at exit: the interpreter's last collections skip the frozen objects (without this, 1.3 to 2 CPU s
    # a process, and `make test-fast` runs four).
    gc.freeze()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # A real browser takes seconds a test: every e2e test is slow too, so make test-fast leaves it out.
    for item in items:
        if item.get_closest_marker("e2e") and not item.get_closest_marker("slow"):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test: no shell settings, its data under tmp_path, no connection off this machine."""
    for name in _shell_settings():
        monkeypatch.delenv(name)
    monkeypatch.setenv("COACH_DATA_DIR", str(tmp_path / "data"))
    # Gradio reports usage to its makers at launch; a test has nothing to report.
    monkeypatch.setenv("GRADIO_ANALYTICS_ENABLED", "False")
    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", guarded_connect_ex)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture(autouse=True, scope="session")
def session_temp(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The system temporary folder, for the whole session, is a folder inside pytest's own (which pytest
    prunes): the trainer view's coach-exports-* folders land there, from module-scoped apps too, and
    subprocesses get it through TMPDIR."""
    temp = tmp_path_factory.mktemp("tmp")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TMPDIR", str(temp))
        patch.setattr(tempfile, "tempdir", str(temp))
        yield temp


@pytest.fixture(autouse=True, scope="session")
def one_certificate_authority(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """HTTP clients trust one certificate authority (SSL_CERT_FILE, which httpx reads) instead of the ~120
    of certifi's bundle: a client reads its bundle whenever it is made (~25 ms of CPU), gradio_client and
    httpx.get make one a request, and the suite never speaks TLS (connections off this machine fail; the wheel
    test's pip, which does, is given the machine's own)."""
    bundle = Path(certifi.where()).read_text(encoding="ascii")
    end = "-----END CERTIFICATE-----"
    path = tmp_path_factory.mktemp("tls") / "one-authority.pem"
    path.write_text(bundle[bundle.index("-----BEGIN CERTIFICATE-----") : bundle.index(end) + len(end)] + "\n")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SSL_CERT_FILE", str(path))
        yield


@pytest.fixture(autouse=True, scope="session")
def training_in_process() -> Iterator[None]:
    """Grader training fits its cross-validation folds in this process: a test's corpus is a few dozen
    turns, and starting the worker processes costs seconds more than the fits (each is seeded, so the
    result is the same). Imported here rather than at the top: the pytest-xdist controller, which runs no
    test, then does not import the grader (numpy and the lexicons, most of a CPU second)."""
    from coach.grading.learned import train

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(train, "JOBS", 1)
        yield


@pytest.fixture(autouse=True, scope="session")
def checkout_left_clean() -> Iterator[None]:
    """Fails the session when the suite wrote the checkout's own database."""
    before = CHECKOUT_DB.stat().st_mtime_ns if CHECKOUT_DB.exists() else None
    yield
    after = CHECKOUT_DB.stat().st_mtime_ns if CHECKOUT_DB.exists() else None
    assert after == before, f"the suite wrote {CHECKOUT_DB}: a test used the default data folder"


def _empty_database(kind: str, folder: Path) -> Iterator[str]:
    if kind == "sqlite":
        yield f"sqlite:///{folder / 'db' / 'coach.db'}"
    else:
        assert POSTGRES_URL is not None
        yield from postgres_schema(POSTGRES_URL)


@pytest.fixture(params=DATABASES)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty database: a SQLite file in tmp_path, or a fresh PostgreSQL schema."""
    yield from _empty_database(request.param, tmp_path)


@pytest.fixture(scope="module", params=DATABASES)
def module_database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """An empty database as `database_url`, shared by a module's tests: for a server that the module
    builds once (each build costs about half a CPU second) and whose tests empty what they rely on."""
    yield from _empty_database(request.param, tmp_path_factory.mktemp("module-db"))


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file with every migration applied and nothing else, made once per session."""
    path = tmp_path_factory.mktemp("migrated") / "coach.db"
    Store(f"sqlite:///{path}").close()
    return path


@pytest.fixture
def twin_database_url(database_url: str, tmp_path: Path) -> Iterator[str]:
    """Another empty database of the same kind as `database_url`, to compare two schemas."""
    if database_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'twin.db'}"
    else:
        assert POSTGRES_URL is not None
        yield from postgres_schema(POSTGRES_URL)


@pytest.fixture
def store(database_url: str, migrated_sqlite: Path) -> Iterator[Store]:
    """A migrated Store on an empty database (on SQLite, a copy of `migrated_sqlite`)."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        assert url.database is not None
        Path(url.database).parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        shutil.copyfile(migrated_sqlite, url.database)
    with Store(database_url) as opened:
        yield opened
