"""A file is linked to at most one screening entry, enforced by the database too: the service
checks it first (422 file_linked_elsewhere), but on PostgreSQL two links made at the same
moment could both pass the check. The plain index on screening_entry.filed_child_id (0022)
becomes a unique one; files not linked (NULL) are not counted."""

INDEX = "screening_entry_filed_child_id"


def up(migrator, db):
    migrator.migrate(
        migrator.drop_index("screening_entry", INDEX),
        migrator.add_index("screening_entry", ("filed_child_id",), unique=True),
    )


def down(migrator, db):
    migrator.migrate(
        migrator.drop_index("screening_entry", INDEX),
        migrator.add_index("screening_entry", ("filed_child_id",), unique=False),
    )
