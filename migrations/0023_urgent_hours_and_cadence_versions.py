"""The county's own calendar and rules, the last of them dated: a visit reminder keeps the
cadence version it was raised under (reminder.cadence_policy_id), and an urgent report's hours
become a county policy kind by effective date (urgent_hours) instead of a deadline override,
the report keeping the version that set its deadline (report_case.urgent_policy_id).

Each county's override of urgent_acceptance becomes its first urgent_hours version, effective
from the day it was set (China's date of its updated_at), and the urgent reports filed since
then keep it; the override goes. Rolled back, each county's latest version is its override
again (none where that is the default 24 hours) and the versions go."""

import datetime as dt
from zoneinfo import ZoneInfo

from peewee import *

CHINA = ZoneInfo("Asia/Shanghai")
DEFAULT_HOURS = 24


def _moment(value) -> dt.datetime:
    """A stored timestamp as a naive UTC datetime (SQLite returns text)."""
    return value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))


def _hours(amount: int, unit: str) -> int:
    return amount if unit == "hours" else amount * 24  # the service kept this deadline in hours


def up(migrator, db):
    class PolicyVersion(Model):
        class Meta:
            database = db
            table_name = "policy_version"

    migrator.migrate(
        migrator.add_column(
            "reminder",
            "cadence_policy_id",
            ForeignKeyField(PolicyVersion, field=PolicyVersion.id, null=True,
                            on_delete="RESTRICT"),
        ),
        migrator.add_column(
            "report_case",
            "urgent_policy_id",
            ForeignKeyField(PolicyVersion, field=PolicyVersion.id, null=True,
                            on_delete="RESTRICT"),
        ),
    )
    p = db.param
    overrides = db.execute_sql(
        "SELECT county_id, amount, unit, updated_at FROM deadline_policy"
        " WHERE name = 'urgent_acceptance' ORDER BY county_id"
    ).fetchall()
    for county_id, amount, unit, updated_at in overrides:
        since = _moment(updated_at)
        day = since.replace(tzinfo=dt.UTC).astimezone(CHINA).date()
        db.execute_sql(
            "INSERT INTO policy_version (county_id, kind, key, value, label, effective_from,"
            f" created_at, created_by_id) VALUES ({p}, 'urgent_hours', 'hours', {p}, '', {p},"
            f" {p}, NULL)",
            (county_id, _hours(amount, unit), day, since),
        )
        version = db.execute_sql(
            f"SELECT id FROM policy_version WHERE county_id = {p} AND kind = 'urgent_hours'"
            f" AND key = 'hours' AND effective_from = {p}",
            (county_id, day),
        ).fetchone()[0]
        db.execute_sql(
            f"UPDATE report_case SET urgent_policy_id = {p} WHERE county_id = {p}"
            f" AND urgent = {p} AND created_at >= {p}",
            (version, county_id, True, since),
        )
    db.execute_sql("DELETE FROM deadline_policy WHERE name = 'urgent_acceptance'")


def down(migrator, db):
    p = db.param
    versions = db.execute_sql(
        "SELECT county_id, value, created_at FROM policy_version"
        " WHERE kind = 'urgent_hours' AND key = 'hours' ORDER BY county_id, effective_from"
    ).fetchall()
    latest = {county_id: (value, created_at) for county_id, value, created_at in versions}
    for county_id, (value, created_at) in sorted(latest.items()):
        if value != DEFAULT_HOURS:  # the default is no override
            db.execute_sql(
                "INSERT INTO deadline_policy (county_id, name, amount, unit, updated_at)"
                f" VALUES ({p}, 'urgent_acceptance', {p}, 'hours', {p})",
                (county_id, value, _moment(created_at)),
            )
    # the foreign keys' indexes first: SQLite rebuilds the table without the column and
    # would keep an index on it
    migrator.migrate(
        migrator.drop_index("report_case", "report_case_urgent_policy_id"),
        migrator.drop_column("report_case", "urgent_policy_id"),
        migrator.drop_index("reminder", "reminder_cadence_policy_id"),
        migrator.drop_column("reminder", "cadence_policy_id"),
    )
    db.execute_sql("DELETE FROM policy_version WHERE kind = 'urgent_hours'")
