"""`flask --app web registry import FILE --as USERNAME`: import a registry spreadsheet with a
progress bar, and the report of every bad row."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask

from casework.clock import utcnow
from casework.db import db
from casework.errors import DomainError
from casework.models import User
from casework.services.accounts import actor_for
from casework.services.registry_import import ImportReport, import_registry


def register(app: Flask) -> None:
    app.cli.add_command(registry_group)


@click.group("registry")
def registry_group():
    """The children's registry (一人一档)."""


@registry_group.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--as", "username", required=True, help="the user importing (their area counts)")
@click.option("--good-rows-only", is_flag=True, help="write the good rows even if some are bad")
@click.option("--dry-run", is_flag=True, help="check every row, write nothing")
def import_command(path: Path, username: str, good_rows_only: bool, dry_run: bool):
    """Import a registry spreadsheet (.xlsx, or .csv in UTF-8 or GB18030).

    Every row is checked first; with any bad row nothing is written unless --good-rows-only.
    Columns: 身份证号, 姓名, 村/社区 or 村编码 (required); 乡镇/街道, 户籍类型, 残疾类型,
    困境类别, 监护人, 监护人关系, 监护人电话, 家庭住址."""
    with db.connection_context():
        user = User.get_or_none(username=username)
        if user is None or not user.active:
            raise click.ClickException(f"no active user {username!r}")
        bars: dict[str, click.progressbar] = {}

        def progress(phase: str, done: int, total: int) -> None:
            if phase not in bars:
                for bar in bars.values():
                    bar.render_finish()
                bars[phase] = click.progressbar(length=total, label=f"{phase:<9}", file=None)
            bars[phase].update(done - bars[phase].pos)

        try:
            report = import_registry(actor_for(user), path.name, path.read_bytes(), utcnow(),
                                     good_rows_only=good_rows_only, dry_run=dry_run,
                                     progress=progress)  # fmt: skip
        except DomainError as exc:
            details = "; ".join(m for ms in getattr(exc, "fields", {}).values() for m in ms)
            message = f"{exc.detail}: {details}" if details else exc.detail
            raise click.ClickException(message) from exc
        finally:
            for bar in bars.values():
                bar.render_finish()
    _show(report, dry_run, good_rows_only)


def _show(report: ImportReport, dry_run: bool, good_rows_only: bool) -> None:
    click.echo(f"{report.rows} rows ({report.encoding}): {report.good} good, "
               f"{len(report.bad_rows)} bad, {report.written} written")  # fmt: skip
    for bad in report.bad_rows:
        label = f"row {bad.row}" + (f" ({bad.id_number})" if bad.id_number else "")
        click.echo(f"  {label}: {'; '.join(bad.reasons)}", err=True)
    if report.bad_rows and not report.written and not dry_run:
        hint = "" if good_rows_only else ", or pass --good-rows-only to write the good rows alone"
        raise click.ClickException(f"nothing was written: correct the rows above{hint}")
