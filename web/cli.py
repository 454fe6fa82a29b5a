"""Command-line tasks through Flask's click integration: `flask --app web <command>`."""

from __future__ import annotations

from contextlib import contextmanager

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from casework import db as database
from casework.clock import utcnow
from casework.errors import DomainError, FieldError, Invalid
from casework.models import Place, User
from casework.rules.deadlines import local_date
from casework.services import accounts, demo, province
from casework.services.demo_county import DEMO_PASSWORD, demo_token
from casework.vocabulary import PERSON_ROLES
from casework.workflows import docs
from web.cli_ops import register_ops_cli


@contextmanager
def connected():
    """An open connection for the command (reusing one a caller already holds)."""
    opened = database.db.connect(reuse_if_open=True)
    try:
        yield
    finally:
        if opened and not database.db.is_closed():
            database.db.close()


@contextmanager
def refusals():
    """Show a domain refusal as a command-line error (exit status 1), not a traceback."""
    try:
        yield
    except DomainError as exc:
        fields = getattr(exc, "fields", {})
        details = "; ".join(f"{name}: {', '.join(msgs)}" for name, msgs in fields.items())
        raise click.ClickException(f"{exc.detail} ({details})" if details else exc.detail) from exc


def register_cli(app: Flask) -> None:
    register_ops_cli(app)  # backup, restore, rehearse-migrations

    @app.cli.command("migrate")
    def migrate_command():
        """Apply pending database migrations."""
        applied = database.migrate()
        click.echo("\n".join(f"applied {name}" for name in applied) or "schema is current")

    app.cli.add_command(create_user_command)
    app.cli.add_command(create_province_command)
    app.cli.add_command(province_counties_command)
    app.cli.add_command(issue_token_command)
    app.cli.add_command(demo_command)
    app.cli.add_command(docs_command)

    from web.cli_settlement import register_settlement_cli

    register_settlement_cli(app)

    from web import cli_registry

    cli_registry.register(app)


@click.command("create-user")
@with_appcontext
@click.argument("username")
@click.option("--name", required=True, help="Full name, e.g. 王丽萍.")
@click.option("--role", required=True, type=click.Choice([r.value for r in PERSON_ROLES]))
@click.option("--place", "place_code", help="Code of the user's county, township or village.")
@click.option("--institution", "institution_id", type=int, help="Institution id (staff only).")
@click.option("--province", "province_code", help="Code of a province officer's province.")
@click.option("--email", default="")
@click.password_option(help="At least 8 characters; asked for when not given.")
def create_user_command(username, name, role, place_code, institution_id, province_code, email,
                        password):  # fmt: skip
    """Create a user bound to a place (by code), for institution staff an institution, for a
    province officer a province (by code)."""
    with connected(), refusals():
        province_id = province.by_code(province_code).id if province_code else None
        place_id = None
        if place_code:
            place = Place.get_or_none(Place.code == place_code)
            if place is None:
                no_such = FieldError(f"no place has code {place_code}", code="no_such_place")
                raise Invalid("unknown place", {"place": [no_such]}, code="unknown_place")
            place_id = place.id
        user = accounts.create_user(
            None,
            username=username,
            name=name,
            role=role,
            password=password,
            place_id=place_id,
            institution_id=institution_id,
            province_id=province_id,
            email=email,
            now=utcnow(),
        )
    click.echo(f"created user {user.username} (id {user.id}, {user.role})")


@click.command("create-province")
@with_appcontext
@click.argument("code")
@click.option("--name", required=True, help="The province's name, e.g. 浙江省.")
def create_province_command(code, name):
    """Create a province with its administrative division CODE (e.g. 330000)."""
    with connected(), refusals():
        made = province.create_province(name=name, code=code, now=utcnow())
    click.echo(f"created province {made.name} (id {made.id}, code {made.code})")


@click.command("province-counties")
@with_appcontext
@click.argument("province_code")
@click.argument("county_codes", nargs=-1, required=True)
@click.option("--remove", is_flag=True, help="Take the counties out of their province instead.")
def province_counties_command(province_code, county_codes, remove):
    """Put the counties (by code) in the province PROVINCE_CODE (or, with --remove, out of it)."""
    with connected(), refusals():
        changed = province.place_counties(province_code, list(county_codes), utcnow(), remove)
    click.echo(f"counties changed: {changed}")


@click.command("issue-token")
@with_appcontext
@click.argument("username")
@click.option("--days", type=click.IntRange(1, 3650), help="Days valid (default from settings).")
@click.option("--label", default="", help="What the token is for, e.g. a device.")
def issue_token_command(username, days, label):
    """Print a new API token for USERNAME (shown once; only its hash is kept)."""
    settings = current_app.config["CASEWORK_SETTINGS"]
    with connected():
        user = User.get_or_none(User.username == username)
        if user is None or not user.active:
            raise click.ClickException(f"no active user {username!r}")
        token = accounts.issue_token(user, utcnow(), days=days or settings.token_days, label=label)
    click.echo(token)


@click.command("demo")
@with_appcontext
@click.option("--reset", is_flag=True, help="Empty the WHOLE database first, then load.")
@click.option("--yes", is_flag=True, help="Do not ask before --reset empties the database.")
@click.option("--if-missing", is_flag=True, help="Do nothing (exit 0) when already loaded.")
@click.option(
    "--today",
    type=click.DateTime(["%Y-%m-%d"]),
    help="Load it as of this day, YYYY-MM-DD (default: the clock's day, CASEWORK_TODAY).",
)
def demo_command(reset, yes, if_missing, today):
    """Load the demo counties (淳安县 and a small 桐庐县) with users, children and applications."""
    with connected(), refusals():
        pending = database.pending_migrations()
        if pending and not reset:
            raise click.ClickException(
                "the database is not migrated: run `flask --app web migrate` first"
            )
        if demo.is_loaded() and not reset:
            if if_missing:
                click.echo("the demo is already loaded")
                return
            raise click.ClickException("the demo is already loaded; --reset empties and reloads")
        if reset:
            if not yes:
                click.confirm("--reset deletes every record in this database. Go on?", abort=True)
            demo.reset()
        now = utcnow()
        if today:  # that day in China, at this time of day
            now += today.date() - local_date(now)
        loader = demo.DemoLoader(now)
        with click.progressbar(length=loader.units, label="loading the demo") as bar:
            summary = loader.run(bar.update)
    _print_summary(summary)
    if local_date(now) != local_date(utcnow()):
        day = local_date(now).isoformat()
        click.echo(f"loaded as of {day}: serve it with CASEWORK_TODAY={day} (make run TODAY={day})")


def _print_summary(summary: demo.Summary) -> None:
    click.echo(f"{summary.children} children, {sum(summary.states.values())} applications:")
    for state, count in sorted(summary.states.items()):
        click.echo(f"  {state:<18} {count}")
    click.echo(f"  ({summary.overdue} past their time limit)")
    click.echo(f"{sum(summary.reports.values())} mandatory-report cases:")
    for state, count in sorted(summary.reports.items()):
        click.echo(f"  {state:<26} {count}")
    click.echo(f"  ({summary.reports_overdue} past their time limit)")
    click.echo(f"{sum(summary.transfers.values())} transfers:")
    for state, count in sorted(summary.transfers.items()):
        click.echo(f"  {state:<26} {count}")
    click.echo(f"  ({summary.transfers_overdue} past their time limit)")
    visits = ", ".join(f"{count} {kind}" for kind, count in sorted(summary.visits.items()))
    click.echo(f"visits: {visits}")
    click.echo(f"users (password {DEMO_PASSWORD!r}) and their demo-only API tokens:")
    for username in summary.users:
        click.echo(f"  {username:<20} {demo_token(username)}")


@click.command("docs")
@with_appcontext
@click.option("--check", is_flag=True, help="Only check; exit 1 if the README is stale.")
def docs_command(check):
    """Regenerate the README's state tables and diagrams from the workflow definitions."""
    try:
        current = docs.update_readme(check=check)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    if current:
        click.echo("README state tables are current")
    elif check:
        raise click.ClickException("README state tables are stale: run `flask --app web docs`")
    else:
        click.echo("README state tables regenerated")
