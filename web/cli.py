"""Command-line tasks through Flask's click integration: `flask --app web <command>`."""

from __future__ import annotations

import click
from flask import Flask

from casework import db as database
from web.cli_ops import register_ops_cli


def register_cli(app: Flask) -> None:
    register_ops_cli(app)  # backup, restore, rehearse-migrations

    @app.cli.command("migrate")
    def migrate_command():
        """Apply pending database migrations."""
        applied = database.migrate()
        click.echo("\n".join(f"applied {name}" for name in applied) or "schema is current")
