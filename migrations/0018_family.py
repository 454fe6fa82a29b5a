"""The child's family and the register's life: each parent's situation (parent_fact) and
their contacts with a left-behind child (parent_contact); on the child's file the carer,
the family's assistance status, the categories and the clerks' claims, the register's state
and why and when the child left it, and a file opened without an ID number."""

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

    class Document(Model):
        class Meta:
            database = db
            table_name = "document"

    class ParentFact(Model):
        child = ForeignKeyField(Child, on_delete="CASCADE")
        role = CharField()
        name = CharField(default="")
        phone = CharField(default="")
        situation = CharField()
        since = DateField(null=True)
        until = DateField(null=True)
        away_place = CharField(default="")
        evidence = ForeignKeyField(Document, null=True, on_delete="RESTRICT")
        note = TextField(default="")

        class Meta:
            database = db
            table_name = "parent_fact"

    class ParentContact(Model):
        child = ForeignKeyField(Child, on_delete="CASCADE")
        role = CharField()
        contacted_on = DateField()
        how = CharField(default="")
        recorded_by = ForeignKeyField(User, on_delete="RESTRICT")
        recorded_at = DateTimeField()

        class Meta:
            database = db
            table_name = "parent_contact"
            indexes = ((("child", "role", "contacted_on"), False),)

    db.create_tables([ParentFact, ParentContact])
    migrator.migrate(
        migrator.add_column("child", "id_pending", BooleanField(default=False)),
        migrator.add_column("child", "description", TextField(default="")),
        migrator.add_column("child", "carer_name", CharField(default="")),
        migrator.add_column("child", "carer_relation", CharField(default="")),
        migrator.add_column("child", "carer_phone", CharField(default="")),
        migrator.add_column("child", "carer_parent", CharField(null=True)),
        migrator.add_column("child", "subsistence", CharField(default="none")),
        migrator.add_column("child", "seriously_ill", BooleanField(default=False)),
        migrator.add_column("child", "school", CharField(default="")),
        migrator.add_column("child", "categories", TextField(default="[]")),
        migrator.add_column("child", "category_claims", TextField(default="[]")),
        migrator.add_column("child", "state", CharField(default="on_register")),
        migrator.add_column("child", "due_at", DateTimeField(null=True)),
        migrator.add_column("child", "state_entered_at", DateTimeField(null=True)),
        migrator.add_column("child", "left_reason", CharField(null=True)),
        migrator.add_column("child", "left_on", DateField(null=True)),
        migrator.add_column("child", "moved_to", CharField(default="")),
        migrator.add_column(
            "child",
            "moved_to_county_id",
            ForeignKeyField(Place, field=Place.id, null=True, on_delete="RESTRICT"),
        ),
        migrator.add_index("child", ("state", "birth_date"), False),
        migrator.add_index("child", ("moved_to_county_id", "state"), False),
    )


def down(migrator, db):
    migrator.migrate(
        migrator.drop_index("child", "child_moved_to_county_id_state"),
        migrator.drop_index("child", "child_state_birth_date"),
        migrator.drop_index("child", "child_moved_to_county_id"),
    )
    migrator.migrate(
        *(
            migrator.drop_column("child", name)
            for name in (
                "moved_to_county_id",
                "moved_to",
                "left_on",
                "left_reason",
                "state_entered_at",
                "due_at",
                "state",
                "category_claims",
                "categories",
                "school",
                "seriously_ill",
                "subsistence",
                "carer_parent",
                "carer_phone",
                "carer_relation",
                "carer_name",
                "description",
                "id_pending",
            )
        )
    )
    migrator.migrate(migrator.drop_table("parent_contact"), migrator.drop_table("parent_fact"))
