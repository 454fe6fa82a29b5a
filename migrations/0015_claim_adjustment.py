"""Adjustments: a paid claim is never edited; a later claim corrects one of its lines with an
adjustment line that names the line it corrects (`adjusts`) and why. A claim may then hold a
case and aid item twice, its own line and an adjustment, so the unique index on (claim,
application, aid item) counts the line adjusted too (0 for a claim's own line: NULLs would
never collide)."""

from peewee import *

OLD_INDEX = "claimline_claim_id_application_id_aid_item"
NEW_INDEX = "claimline_claim_case_item_adjusts"


def up(migrator, db):
    class ClaimLine(Model):
        class Meta:
            database = db
            table_name = "claim_line"

    migrator.migrate(
        migrator.add_column(
            "claim_line",
            "adjusts_id",
            ForeignKeyField(ClaimLine, null=True, field=ClaimLine.id, on_delete="RESTRICT"),
        ),
        # a default in the table too: lines are inserted raw, in batches, without it
        migrator.add_column(
            "claim_line",
            "adjustment_reason",
            TextField(default="", constraints=[SQL("DEFAULT ''")]),
        ),
    )
    db.execute_sql(f'DROP INDEX "{OLD_INDEX}"')
    db.execute_sql(
        f'CREATE UNIQUE INDEX "{NEW_INDEX}" ON "claim_line" '
        '("claim_id", "application_id", "aid_item", COALESCE("adjusts_id", 0))'
    )


def down(migrator, db):
    db.execute_sql(f'DROP INDEX "{NEW_INDEX}"')
    db.execute_sql('DROP INDEX IF EXISTS "claim_line_adjusts_id"')  # SQLite keeps it otherwise
    migrator.migrate(
        migrator.drop_column("claim_line", "adjustment_reason"),
        migrator.drop_column("claim_line", "adjusts_id"),
    )
    db.execute_sql(
        f'CREATE UNIQUE INDEX "{OLD_INDEX}" ON "claim_line" ("claim_id", "application_id", "aid_item")'
    )
