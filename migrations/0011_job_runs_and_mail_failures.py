"""Each scheduled job's last successful run (the scheduler's /metrics shows it, also on a
standby), and since when its e-mail has been failing (/healthz degrades past a set time)."""

from peewee import *


def up(migrator, db):
    migrator.migrate(
        migrator.add_column("job_heartbeat", "last_ok_at", DateTimeField(null=True)),
        migrator.add_column("job_heartbeat", "mail_failing_since", DateTimeField(null=True)),
    )


def down(migrator, db):
    migrator.migrate(
        migrator.drop_column("job_heartbeat", "mail_failing_since"),
        migrator.drop_column("job_heartbeat", "last_ok_at"),
    )
