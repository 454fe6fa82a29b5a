"""More county policy by effective date (visit cadences, the aid target by year, rejection
codes, the escalation grace by reminder kind): a version's wording, for a county's own
rejection code, and the version that governed a decision kept on it (a claim line's rejection
code, a reminder's escalation, an application item's age limit)."""

from peewee import *


def up(migrator, db):
    class PolicyVersion(Model):
        class Meta:
            database = db
            table_name = "policy_version"

    migrator.migrate(
        migrator.add_column("policy_version", "label", CharField(default="")),
        migrator.add_column(
            "application_item",
            "age_limit_policy_id",
            ForeignKeyField(PolicyVersion, field=PolicyVersion.id, null=True,
                            on_delete="RESTRICT"),
        ),
        migrator.add_column(
            "claim_line",
            "rejection_policy_id",
            ForeignKeyField(PolicyVersion, field=PolicyVersion.id, null=True,
                            on_delete="RESTRICT"),
        ),
        migrator.add_column(
            "reminder",
            "escalation_policy_id",
            ForeignKeyField(PolicyVersion, field=PolicyVersion.id, null=True,
                            on_delete="RESTRICT"),
        ),
    )


def down(migrator, db):
    # the foreign keys' indexes first: SQLite rebuilds the table without the column and
    # would keep an index on it
    migrator.migrate(
        migrator.drop_index("reminder", "reminder_escalation_policy_id"),
        migrator.drop_column("reminder", "escalation_policy_id"),
        migrator.drop_index("claim_line", "claim_line_rejection_policy_id"),
        migrator.drop_column("claim_line", "rejection_policy_id"),
        migrator.drop_index("application_item", "application_item_age_limit_policy_id"),
        migrator.drop_column("application_item", "age_limit_policy_id"),
        migrator.drop_column("policy_version", "label"),
    )
