"""Backups and restores through the command line: SQLite's online backup taken while the
service writes, pg_dump/pg_restore into a fresh database, and the migration rehearsal."""

from __future__ import annotations

import multiprocessing
import sqlite3
import time
from pathlib import Path
from urllib.parse import urlparse

import psycopg2
import pytest

from casework import backup as backups
from casework.db import bind, db, pending_migrations
from casework.services import rehab
from casework.settings import Settings
from tests.conftest import NOW, ON_POSTGRES, PG_URL
from web import create_app

sqlite_only = pytest.mark.skipif(ON_POSTGRES, reason="SQLite's online backup")
postgres_only = pytest.mark.postgres(reason="pg_dump needs PostgreSQL")
LOOP = [("reviewer", "start_review", {}), ("reviewer", "return_for_correction", {"reason": "补"}),
        ("intake_clerk", "resubmit", {})]  # fmt: skip


@pytest.fixture(autouse=True)
def _keep_binding(database):
    """The commands bind the shared proxy to their app's database: give it back afterwards,
    so the test's own connection closes where it was opened."""
    original = db.obj
    yield
    if db.obj is not original:
        if hasattr(db.obj, "close_all"):
            db.obj.close_all()
        db.initialize(original)


def _keep_acting(url: str, actors: dict, ids: list[int], stop, done) -> None:
    """Walk applications round the review loop until told to stop (a writer process)."""
    bind(url)
    count, give_up = 0, time.monotonic() + 60
    with db.connection_context():
        while not stop.is_set() and time.monotonic() < give_up:
            for application_id in ids:
                for role, action, kw in LOOP:
                    rehab.act(actors[role], application_id, action, now=NOW, **kw)
                    count += 1
    done.value = count


def _consistent(path: Path) -> bool:
    """Every action's audit row and version step are both in the copy, or neither."""
    connection = sqlite3.connect(path)
    try:
        steps = connection.execute("SELECT sum(version - 1) FROM rehab_application").fetchone()[0]
        rows = connection.execute(
            "SELECT count(*) FROM audit_log WHERE entity = 'rehab' AND action <> 'submit'"
        ).fetchone()[0]
    finally:
        connection.close()
    return steps == rows


def _cli_runner(url: str):
    runner = create_app(Settings(database_url=url), TESTING=True).test_cli_runner()
    return lambda args, **kw: runner.invoke(args=args, **kw)


def _cli(url: str, *args: str, **kw):
    return _cli_runner(url)(list(args), **kw)


@sqlite_only
def test_sqlite_backup_while_writing_then_restore(world, database_url, tmp_path):
    ids = [world.application().id for _ in range(3)]
    actors = {role: world.a.actor(role) for role in ("reviewer", "intake_clerk")}
    context = multiprocessing.get_context("fork")
    stop, done = context.Event(), context.Value("i", 0)
    writer = context.Process(target=_keep_acting, args=(database_url, actors, ids, stop, done))
    cli = _cli_runner(database_url)
    writer.start()
    time.sleep(0.3)  # the writer is in full swing
    backups_taken, counts = [], []
    for n in range(3):
        target = tmp_path / f"during-{n}.db"
        result = cli(["backup", str(target)])
        assert result.exit_code == 0, result.output
        assert "backed up to" in result.output
        backups_taken.append(target)
        counts.append(backups.row_counts(f"sqlite:///{target}")["audit_log"])
    stop.set()
    writer.join(30)
    assert writer.exitcode == 0 and done.value > 0
    assert counts[0] < counts[1] < counts[2]  # taken while the writer wrote
    for copy in backups_taken:
        assert _consistent(copy)

    restored_url = f"sqlite:///{tmp_path / 'restored' / 'casework.db'}"
    result = _cli(restored_url, "restore", str(backups_taken[-1]), "--yes")
    assert result.exit_code == 0, result.output
    assert backups.row_counts(restored_url) == backups.row_counts(f"sqlite:///{backups_taken[-1]}")


@sqlite_only
def test_restore_over_the_live_database_rewinds_it(world, database_url, tmp_path):
    application = world.application()
    snapshot = tmp_path / "before.db"
    assert _cli(database_url, "backup", str(snapshot)).exit_code == 0
    rehab.act(world.a.actor("reviewer"), application.id, "start_review", now=NOW)
    result = _cli(database_url, "restore", str(snapshot), "--yes")
    assert result.exit_code == 0, result.output
    assert rehab.require(application.id).state == "submitted"


@sqlite_only
def test_a_damaged_backup_is_refused_and_changes_nothing(world, database_url, tmp_path):
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\x07" * 4096)
    before = backups.row_counts(database_url)
    result = _cli(database_url, "restore", str(damaged), "--yes")
    assert result.exit_code != 0
    assert "not a usable SQLite database" in result.output or "integrity" in result.output
    assert backups.row_counts(database_url) == before


def test_restore_asks_before_replacing(world, database_url, tmp_path):
    snapshot = tmp_path / "snapshot.backup"
    snapshot.write_bytes(b"not used: the answer is no")
    result = _cli(database_url, "restore", str(snapshot), input="n\n")
    assert result.exit_code != 0 and "Aborted" in result.output


@sqlite_only
def test_rehearsal_migrates_a_copy_and_leaves_the_data_alone(world, database_url):
    # undo the last migration by hand, so the live database really has one pending
    for op in ("update", "delete"):
        db.execute_sql(f"DROP TRIGGER audit_log_no_{op}")
    db.execute_sql("DELETE FROM schema_migration WHERE name = '0002_audit_log_append_only'")
    result = _cli(database_url, "rehearse-migrations")
    assert result.exit_code == 0, result.output
    assert "migrations on the copy: 0002_audit_log_append_only" in result.output
    # SQLite has one writer: the rehearsal says how long every writer would have waited
    assert "  0002_audit_log_append_only: " in result.output
    assert "every writer would have waited" in result.output
    assert "the live database was not changed" in result.output
    assert [m for m in pending_migrations()] == ["0002_audit_log_append_only"]
    triggers = db.execute_sql(
        "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'"
    )
    assert triggers.fetchone()[0] == 0


# one scratch database per test database: xdist workers and parallel runs never share it
RESTORE_DB = f"{urlparse(PG_URL).path.lstrip('/')}_restore" if PG_URL else ""


def _admin(url: str):
    parsed = urlparse(url)
    connection = psycopg2.connect(
        dbname="postgres", user=parsed.username, password=parsed.password,
        host=parsed.hostname, port=parsed.port or 5432,
    )  # fmt: skip
    connection.autocommit = True
    return connection


@pytest.fixture
def fresh_restore_url():
    """An empty database beside the test database, dropped again afterwards."""
    admin = _admin(PG_URL)
    url = urlparse(PG_URL)._replace(path=f"/{RESTORE_DB}").geturl()
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{RESTORE_DB}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{RESTORE_DB}"')
    yield url
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{RESTORE_DB}" WITH (FORCE)')
    admin.close()


@postgres_only
def test_pg_dump_then_restore_into_a_fresh_database(
    world, database_url, fresh_restore_url, tmp_path
):
    application = world.application()
    rehab.act(world.a.actor("reviewer"), application.id, "start_review", now=NOW)
    dump = tmp_path / "casework.dump"
    result = _cli(database_url, "backup", str(dump))
    assert result.exit_code == 0, result.output
    assert dump.stat().st_size > 0
    source_rows = backups.row_counts(database_url)
    assert source_rows["audit_log"] > 0 and source_rows["rehab_application"] == 1

    result = _cli(fresh_restore_url, "restore", str(dump), "--yes")
    assert result.exit_code == 0, result.output
    assert backups.row_counts(fresh_restore_url) == source_rows


@postgres_only
def test_pg_rehearsal_needs_a_scratch_database_other_than_the_live_one(world, database_url):
    result = _cli(database_url, "rehearse-migrations", "--scratch-url", database_url)
    assert result.exit_code != 0 and "scratch" in result.output


@postgres_only
def test_pg_rehearsal_runs_on_the_scratch_copy(world, database_url, fresh_restore_url):
    result = _cli(database_url, "rehearse-migrations", "--scratch-url", fresh_restore_url)
    assert result.exit_code == 0, result.output
    assert "none pending" in result.output and "was not changed" in result.output
    assert (
        backups.row_counts(fresh_restore_url)["place"] == backups.row_counts(database_url)["place"]
    )
    bind(database_url)


PLAIN_INDEX = """
def up(migrator, db):
    db.execute_sql("CREATE INDEX rehearsal_plain ON child (name)")
    db.execute_sql("SELECT pg_sleep(0.4)")  # the build's SHARE lock is held until commit


def down(migrator, db):
    db.execute_sql("DROP INDEX rehearsal_plain")
"""
CONCURRENT_INDEX = """
atomic = False


def up(migrator, db):
    db.execute_sql("CREATE INDEX CONCURRENTLY rehearsal_concurrent ON child (name)")
    db.execute_sql("SELECT pg_sleep(0.4)")


def down(migrator, db):
    db.execute_sql("DROP INDEX CONCURRENTLY rehearsal_concurrent")
"""


@postgres_only
def test_pg_rehearsal_tells_how_long_writers_would_wait(
    world, database_url, fresh_restore_url, tmp_path
):
    """A plain CREATE INDEX locks the table's writers out until its transaction ends; a
    concurrent one, like the project's own province index (0025), never does."""
    (tmp_path / "9001_plain_index.py").write_text(PLAIN_INDEX)
    (tmp_path / "9002_concurrent_index.py").write_text(CONCURRENT_INDEX)
    province = next(Path(backups.MIGRATIONS).glob("0025_*.py"))  # rebuilds its index
    (tmp_path / "9003_province_indexes.py").write_text(province.read_text())
    rehearsal = backups.rehearse_migrations(database_url, fresh_restore_url, tmp_path)
    plain, concurrent, ours = rehearsal.steps
    assert rehearsal.applied == ["9001_plain_index", "9002_concurrent_index",
                                 "9003_province_indexes"]  # fmt: skip
    assert plain.writers_waited["child"] >= 0.35
    assert concurrent.seconds >= 0.4 and "child" not in concurrent.writers_waited
    assert "place" not in ours.writers_waited
    # the live database has none of them
    bind(database_url)
    names = ("rehearsal_plain", "rehearsal_concurrent")
    assert not db.execute_sql("SELECT 1 FROM pg_indexes WHERE indexname IN %s", (names,)).fetchall()


def test_a_rehearsal_whose_lock_watch_failed_says_the_waits_are_unknown():
    from web.cli_ops import _writers_waited

    step = backups.Step("0099_x", 1.0, {}, unwatched="OperationalError: connection lost")
    assert _writers_waited(step).startswith("writers' waits unknown")
    assert _writers_waited(backups.Step("0099_x", 1.0, {})) == "writers would not have waited"


@postgres_only
def test_a_lock_watch_that_loses_its_connection_says_so(database_url):
    from casework.lock_watch import LockWatch
    from casework.postgres import libpq_url

    watch = LockWatch(libpq_url(database_url), 0)
    watch._connection.close()  # as if the server dropped it mid-rehearsal
    with watch.running():
        time.sleep(0.05)
    assert watch.failed and watch.longest == {}
