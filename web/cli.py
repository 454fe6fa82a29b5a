"""Command-line tasks through Flask's click integration: `flask --app web <command>`."""

from __future__ import annotations

import click
from flask import Flask

from casework import db as database


def register_cli(app: Flask) -> None:
    @app.cli.command("migrate")
    def migrate_command():
        """Apply pending database migrations."""
        applied = database.migrate()
        click.echo("\n".join(f"applied {name}" for name in applied) or "schema is current")

    from web import cli_registry  # registry import (issue 4)

    cli_registry.register(app)
