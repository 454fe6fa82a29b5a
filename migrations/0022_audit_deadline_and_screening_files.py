"""The deadline a case had on entering a state, kept on its audit row (audit_log.due_at: the
rates count transitions out of a timed state made by it or late), and the file opened for a
child a village screening found without one (screening_entry.filed_child_id and filed_at: the
rate of children registered against those screened). Rows written before stay without them."""

from peewee import *


def up(migrator, db):
    class Child(Model):
        class Meta:
            database = db
            table_name = "child"

    migrator.migrate(
        migrator.add_column("audit_log", "due_at", DateTimeField(null=True)),
        migrator.add_column("screening_entry", "filed_child_id", ForeignKeyField(
            Child, null=True, field=Child.id, on_delete="RESTRICT")),
        migrator.add_column("screening_entry", "filed_at", DateTimeField(null=True)),
    )


def down(migrator, db):
    migrator.migrate(
        migrator.drop_index("screening_entry", "screening_entry_filed_child_id"),
        migrator.drop_column("screening_entry", "filed_at"),
        migrator.drop_column("screening_entry", "filed_child_id"),
        migrator.drop_column("audit_log", "due_at"),
    )
