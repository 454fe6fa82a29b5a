"""Operations commands: `flask --app web backup | restore | rehearse-migrations`."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app

from casework import backup as backups
from casework.clock import utcnow
from casework.settings import ROOT

BACKUPS = ROOT / "var" / "backups"


def _url() -> str:
    return current_app.config["CASEWORK_SETTINGS"].database_url


def _default_target(url: str) -> Path:
    suffix = "dump" if backups.is_postgres(url) else "db"
    return BACKUPS / f"casework-{utcnow():%Y%m%d-%H%M%S}.{suffix}"


def _rows(tables: dict[str, int]) -> str:
    return ", ".join(f"{name} {count}" for name, count in sorted(tables.items()))


def register_ops_cli(app: Flask) -> None:
    @app.cli.command("backup")
    @click.argument("target", required=False, type=click.Path(dir_okay=False, path_type=Path))
    def backup_command(target: Path | None):
        """Back up the database while the service runs (SQLite: online backup API;
        PostgreSQL: pg_dump --format=custom). TARGET defaults to var/backups/casework-<time>."""
        url = _url()
        target = target or _default_target(url)
        try:
            result = backups.backup(url, target)
        except backups.BackupError as exc:
            raise click.ClickException(str(exc)) from exc
        click.echo(f"backed up to {result.path} ({result.size} bytes)")
        click.echo(f"rows: {_rows(result.tables)}")

    @app.cli.command("restore")
    @click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @click.option("--yes", is_flag=True, help="do not ask for confirmation")
    def restore_command(source: Path, yes: bool):
        """Replace the database's contents with a backup. Stop the web servers and the
        scheduler first."""
        url = _url()
        if not yes:
            click.confirm(f"replace everything in {url} with {source}?", abort=True)
        try:
            result = backups.restore(source, url)
        except backups.BackupError as exc:
            raise click.ClickException(str(exc)) from exc
        click.echo(f"restored {source} into the database")
        click.echo(f"rows: {_rows(result.tables)}")

    @app.cli.command("rehearse-migrations")
    @click.option("--scratch-url", help="PostgreSQL only: an empty database to rehearse in")
    def rehearse_command(scratch_url: str | None):
        """Apply the pending migrations to a copy of the data and report, touching nothing."""
        try:
            rehearsal = backups.rehearse_migrations(_url(), scratch_url)
        except backups.BackupError as exc:
            raise click.ClickException(str(exc)) from exc
        applied = ", ".join(rehearsal.applied) or "none pending"
        click.echo(f"migrations on the copy: {applied} ({rehearsal.seconds:.1f} s)")
        for step in rehearsal.steps:
            click.echo(f"  {step.name}: {step.seconds:.2f} s; {_writers_waited(step)}")
        for table, before in sorted(rehearsal.rows_before.items()):
            after = rehearsal.rows_after.get(table)
            if after != before:
                click.echo(f"  {table}: {before} rows -> {after}")
        click.echo("the live database was not changed")


def _writers_waited(step: backups.Step) -> str:
    """What the service's writers would have waited for on the live database, longest first."""
    waits = sorted(step.writers_waited.items(), key=lambda item: -item[1])
    if step.unwatched:
        return f"writers' waits unknown, the locks were not watched throughout ({step.unwatched})"
    if not waits:
        return "writers would not have waited"
    if [name for name, _ in waits] == [backups.WHOLE_DATABASE]:
        return f"every writer would have waited {waits[0][1]:.2f} s (SQLite: one writer at a time)"
    return "writers would have waited on " + ", ".join(f"{name} {s:.2f} s" for name, s in waits)
