"""Fixtures shared by every test: a migrated database (SQLite, or PostgreSQL when
TEST_DATABASE_URL names one), a populated two-county world, and a Flask test client."""

from __future__ import annotations

import atexit
import copy
import datetime as dt
import functools
import os
import shutil
import sqlite3
import tempfile
from pathlib import Path

import pytest

from casework.db import bind, db, migrate
from casework.models import ALL_MODELS
from tests.factories import World, build_world

NOW = dt.datetime(2026, 3, 2, 2, 0)  # Monday 2 March 2026, 10:00 in China
BASE_PG_URL = os.environ.get("TEST_DATABASE_URL", "")
ON_POSTGRES = BASE_PG_URL.startswith("postgres")
# Under pytest-xdist each worker empties and refills a database of its own: test_gw0, ...
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
PG_URL = f"{BASE_PG_URL}_{WORKER}" if ON_POSTGRES and WORKER else BASE_PG_URL


# Markers by directory, so that `make test-fast` (-m "not slow and not browser and not fuzz and
# not postgres") leaves them out without each test saying so.
MARKED_DIRECTORIES = {"browser": "browser", "fuzz": "fuzz"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        directory = item.path.parent.name
        if directory in MARKED_DIRECTORIES:
            item.add_marker(MARKED_DIRECTORIES[directory])
        postgres = item.get_closest_marker("postgres")
        if postgres is not None and not ON_POSTGRES:
            reason = postgres.kwargs.get("reason", "needs PostgreSQL")
            item.add_marker(pytest.mark.skip(reason=reason))


def pytest_report_header(config):
    return f"database: {PG_URL if ON_POSTGRES else 'sqlite (a new file per test)'}"


@pytest.fixture(scope="session")
def _postgres_schema():
    """Migrate a clean PostgreSQL schema once; tests then empty the tables."""
    if not ON_POSTGRES:
        yield None
        return
    if PG_URL != BASE_PG_URL:
        _create_database(BASE_PG_URL, PG_URL.rsplit("/", 1)[1])
    database = bind(PG_URL)
    with database.connection_context():
        database.execute_sql("DROP SCHEMA public CASCADE")
        database.execute_sql("CREATE SCHEMA public")
    migrate()
    yield PG_URL


def _create_database(base_url: str, name: str) -> None:
    import psycopg2

    connection = psycopg2.connect(base_url)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


@pytest.fixture
def database_url(tmp_path, _postgres_schema) -> str:
    if ON_POSTGRES:
        bind(PG_URL)
        tables = ", ".join(f'"{m._meta.table_name}"' for m in ALL_MODELS)
        with db.connection_context():
            db.execute_sql(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
        return PG_URL
    path = tmp_path / "test.db"
    shutil.copyfile(_sqlite_template(), path)
    url = f"sqlite:///{path}"
    bind(url)
    return url


@functools.cache
def _sqlite_template() -> Path:
    """One migrated SQLite file per test process, copied for each test: migrating a new file
    cost ~0.12 s a test, most of the fast suite's time; a copy costs under 1 ms."""
    directory = tempfile.mkdtemp(prefix="casework-template-")
    atexit.register(shutil.rmtree, directory, ignore_errors=True)
    path = Path(directory) / "migrated.db"
    bind(f"sqlite:///{path}")
    migrate()  # in its own connection, closed after: the WAL is checkpointed into the file
    return path


@pytest.fixture
def database(database_url):
    with db.connection_context():
        yield db
    if ON_POSTGRES:
        db.obj.close_all()


@pytest.fixture
def world(database) -> World:
    return world_as_of(NOW)


def world_as_of(now: dt.datetime) -> World:
    """The two-county world built at `now` in the test's database. On SQLite it is built once
    per test process and `now` (it cost ~0.1 s a test) and copied into the test's database
    through the open connection (SQLite's online backup)."""
    if ON_POSTGRES:
        return build_world(now)
    test_database = db.obj
    template, built = _world_template(now)
    db.initialize(test_database)
    source = sqlite3.connect(template)
    try:
        source.backup(test_database.connection())
    finally:
        source.close()
    return copy.deepcopy(built)


@functools.cache
def _world_template(now: dt.datetime) -> tuple[Path, World]:
    path = _sqlite_template().with_name(f"world-{now:%Y%m%d%H%M%S%f}.db")
    shutil.copyfile(_sqlite_template(), path)
    bind(f"sqlite:///{path}")
    with db.connection_context():  # closed after: the WAL is checkpointed into the file
        built = build_world(now)
    return path, built


_APP: dict = {}  # the one app of this test process


@pytest.fixture
def app(database_url, tmp_path):
    """The app, built once per test process (building one costs 0.2 s, most of it the OpenAPI
    document) and given each test its own settings, its own rate limiters and its config
    back as it was."""
    from casework.settings import Settings
    from web import create_app, security

    settings = Settings(database_url=database_url, documents_dir=str(tmp_path / "documents"))
    app = _APP.get("app") or _APP.setdefault(
        "app", create_app(settings, bind_database=False, TESTING=True)
    )
    config = dict(app.config)
    app.config["CASEWORK_SETTINGS"] = settings
    security.reset_limits(app)
    yield app
    app.config.clear()
    app.config.update(config)


@pytest.fixture
def client(app, world):
    return app.test_client()


@pytest.fixture(autouse=True, scope="session")
def _cheap_password_hashing():
    """scrypt at full cost makes each test user take 50 ms; the algorithm is the same."""
    from casework.services import accounts

    full, accounts.SCRYPT = accounts.SCRYPT, {"n": 2**4, "r": 8, "p": 1}
    yield
    accounts.SCRYPT = full


@pytest.fixture(autouse=True, scope="session")
def _no_fsync_on_throwaway_files():
    """Each test's SQLite file is thrown away: waiting for the disk on every commit, checkpoint
    and close (synchronous=normal) cost ~25 ms a test, a third of the fast suite's wall time.
    What SQLite does is the same; only the flush to the disk is left out."""
    from casework import db as database_module

    full = database_module.SQLITE_PRAGMAS["synchronous"]
    database_module.SQLITE_PRAGMAS["synchronous"] = "off"
    yield
    database_module.SQLITE_PRAGMAS["synchronous"] = full


@pytest.fixture
def published_through_2026(monkeypatch):
    """The package chinesecalendar as if its data ended with 2026, whatever release is
    installed."""
    from casework.rules import calendar

    known = calendar.chinese_calendar.is_workday

    def is_workday_until_2026(day):
        if day.year > 2026:
            raise NotImplementedError(f"no data for {day.year}")
        return known(day)

    monkeypatch.setattr(calendar.chinese_calendar, "is_workday", is_workday_until_2026)
    calendar.clear_caches()  # what the package said is memoised
    yield
    monkeypatch.undo()
    calendar.clear_caches()
