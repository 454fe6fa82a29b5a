"""Each scheduled job's last successful run (the scheduler's /metrics shows it, also on a
standby) and since when its e-mail has been failing (/healthz degrades past a set time);
snoozes kept per person and limited; a reminder closed by a person as done or not applicable,
with the reason."""

from peewee import *


def up(migrator, db):
    class User(Model):
        class Meta:
            database = db
            table_name = "user"

    class Reminder(Model):
        class Meta:
            database = db
            table_name = "reminder"

    class ReminderSnooze(Model):
        reminder = ForeignKeyField(Reminder, on_delete="CASCADE")
        user = ForeignKeyField(User, on_delete="CASCADE")
        until = DateTimeField()
        reason = TextField()
        times = IntegerField(default=1)

        class Meta:
            database = db
            table_name = "reminder_snooze"
            indexes = ((("reminder", "user"), True),)

    db.create_tables([ReminderSnooze])
    migrator.migrate(
        migrator.add_column("job_heartbeat", "last_ok_at", DateTimeField(null=True)),
        migrator.add_column("job_heartbeat", "mail_failing_since", DateTimeField(null=True)),
        migrator.add_column("reminder", "closed_as", CharField(null=True)),
        migrator.add_column(
            "reminder",
            "closed_by_id",
            ForeignKeyField(User, field=User.id, null=True, on_delete="SET NULL"),
        ),
        migrator.add_column("reminder", "close_reason", TextField(null=True)),
    )


def down(migrator, db):
    migrator.migrate(
        migrator.drop_column("reminder", "close_reason"),
        # the foreign key's index first: SQLite rebuilds the table without the column and
        # would keep an index on it
        migrator.drop_index("reminder", "reminder_closed_by_id"),
        migrator.drop_column("reminder", "closed_by_id"),
        migrator.drop_column("reminder", "closed_as"),
        migrator.drop_column("job_heartbeat", "mail_failing_since"),
        migrator.drop_column("job_heartbeat", "last_ok_at"),
    )
    migrator.migrate(migrator.drop_table("reminder_snooze"))
