"""Settlement policy from the command line: `flask --app web policy show|set|cycle`."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from casework.clock import utcnow
from casework.db import db
from casework.errors import DomainError
from casework.models import Place
from casework.rules.money import MoneyError, format_yuan, parse_yuan
from casework.services import settlement_policy as policy
from casework.vocabulary import AidItem
from casework.workflows.definition import SYSTEM

policy_cli = AppGroup("policy", help="Subsidy standards by aid year and the billing cycle.")


def _county(code: str) -> int:
    place = Place.get_or_none(Place.code == code, Place.parent.is_null())
    if place is None:
        raise click.ClickException(f"no county has code {code}")
    return place.id


def _fen(text: str | None, name: str) -> int | None:
    try:
        return None if text is None else parse_yuan(text)
    except MoneyError as exc:
        raise click.BadParameter(str(exc), param_hint=name) from exc


def _run(call):
    with db.connection_context():
        try:
            return call()
        except DomainError as exc:
            fields = getattr(exc, "fields", {})
            details = "; ".join(f"{k}: {', '.join(v)}" for k, v in fields.items())
            raise click.ClickException(f"{exc.detail} {details}".strip()) from exc


@policy_cli.command("show")
@click.option("--county", "code", required=True, help="County code, e.g. 330127.")
@click.option("--year", type=int, default=lambda: utcnow().year, help="Aid year.")
def show(code, year):
    """Print the standards in force for an aid year, and the billing cycle."""

    def table():
        county = _county(code)
        return policy.standards(county, year), policy.cycle_of(county)

    standards, cycle = _run(table)
    click.echo(f"aid year {year}, billing cycle {cycle}")
    for item, found in standards.items():
        monthly = found.standard.monthly
        per_month = "" if monthly is None else f" ({format_yuan(monthly)} a month)"
        since = "policy default" if found.since_year is None else f"since {found.since_year}"
        click.echo(f"  {item:<22} {format_yuan(found.standard.amount):>10}{per_month}  {since}")


@policy_cli.command("set")
@click.option("--county", "code", required=True, help="County code, e.g. 330127.")
@click.option("--year", type=int, required=True, help="First aid year the standard applies to.")
@click.option("--item", type=click.Choice([i.value for i in AidItem]), required=True)
@click.option("--amount", required=True, help='Yuan, e.g. "17000.00" (annual for training).')
@click.option("--monthly", help='Training and early intervention: cap a month, e.g. "1700.00".')
def set_standard(code, year, item, amount, monthly):
    """Set a standard; claims already audited keep the standard they were audited with."""
    amount_fen, monthly_fen = _fen(amount, "--amount"), _fen(monthly, "--monthly")
    found = _run(lambda: policy.set_standard(SYSTEM, _county(code), year, item, amount_fen,
                                             monthly_fen, utcnow()))  # fmt: skip
    click.echo(f"{item} from {year}: {format_yuan(found.standard.amount)}")


@policy_cli.command("cycle")
@click.option("--county", "code", required=True, help="County code, e.g. 330127.")
@click.argument("cycle", type=click.Choice(["monthly", "quarterly"]))
def set_cycle(code, cycle):
    """Set the county's billing cycle, agreed with finance."""
    _run(lambda: policy.set_cycle(SYSTEM, _county(code), cycle, utcnow()))
    click.echo(f"billing cycle: {cycle}")


def register_settlement_cli(app: Flask) -> None:
    app.cli.add_command(policy_cli)
