"""What a visit found, field by field (carer, schooling, health, safety, needs, the parents'
contact, risk flags, and the report filed from it), and village screening (排查): the round,
each village's part of it, and each child or family screened. Visits recorded before keep
only their findings: the new columns are empty for them."""

from peewee import *


def up(migrator, db):
    class Place(Model):
        class Meta:
            database = db
            table_name = "place"

    class User(Model):
        class Meta:
            database = db
            table_name = "user"

    class Child(Model):
        class Meta:
            database = db
            table_name = "child"

    class ReportCase(Model):
        class Meta:
            database = db
            table_name = "report_case"

    migrator.migrate(
        migrator.add_column("visit", "carer", CharField(default="")),
        migrator.add_column("visit", "care_adequate", BooleanField(null=True)),
        migrator.add_column("visit", "schooling", CharField(null=True)),
        migrator.add_column("visit", "health", TextField(default="")),
        migrator.add_column("visit", "safety", TextField(default="")),
        migrator.add_column("visit", "needs", TextField(default="")),
        migrator.add_column("visit", "parents_contact", CharField(null=True)),
        migrator.add_column("visit", "risk_flags", TextField(default="[]")),
        migrator.add_column(
            "visit",
            "opened_report_id",
            ForeignKeyField(ReportCase, field=ReportCase.id, null=True, on_delete="RESTRICT"),
        ),
    )

    class Screening(Model):
        county = ForeignKeyField(Place, on_delete="RESTRICT")
        title = CharField()
        starts_on = DateField()
        ends_on = DateField()
        launched_by = ForeignKeyField(User, on_delete="RESTRICT")
        created_at = DateTimeField()

        class Meta:
            database = db
            table_name = "screening"
            indexes = ((("county", "ends_on"), False),)

    class ScreeningVillage(Model):
        screening = ForeignKeyField(Screening, on_delete="CASCADE")
        county = ForeignKeyField(Place, on_delete="RESTRICT")
        place = ForeignKeyField(Place, on_delete="RESTRICT")
        completed_at = DateTimeField(null=True)
        completed_by = ForeignKeyField(User, null=True, on_delete="RESTRICT")

        class Meta:
            database = db
            table_name = "screening_village"
            indexes = ((("screening", "place"), True), (("completed_at",), False))

    class ScreeningEntry(Model):
        screening = ForeignKeyField(Screening, on_delete="CASCADE")
        place = ForeignKeyField(Place, on_delete="RESTRICT")
        child = ForeignKeyField(Child, null=True, on_delete="RESTRICT")
        household = CharField(default="")
        result = CharField()
        note = TextField(default="")
        report_case = ForeignKeyField(ReportCase, null=True, on_delete="RESTRICT")
        screened_on = DateField()
        screened_by = ForeignKeyField(User, on_delete="RESTRICT")
        created_at = DateTimeField()

        class Meta:
            database = db
            table_name = "screening_entry"
            indexes = ((("screening", "child"), True), (("screening", "place"), False))

    db.create_tables([Screening, ScreeningVillage, ScreeningEntry])


def down(migrator, db):
    migrator.migrate(migrator.drop_table("screening_entry"))
    migrator.migrate(migrator.drop_table("screening_village"))
    migrator.migrate(migrator.drop_table("screening"))
    migrator.migrate(
        # the foreign key's index first: SQLite rebuilds the table without the column and
        # would keep an index on it
        migrator.drop_index("visit", "visit_opened_report_id"),
        *(
            migrator.drop_column("visit", column)
            for column in ("opened_report_id", "risk_flags", "parents_contact", "needs",
                           "safety", "health", "schooling", "care_adequate", "carer")
        ),
    )
