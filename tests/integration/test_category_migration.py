"""Migration 0024: the file's difficulty tags become clerks' claims (flagged where the facts do
not show them) and count in the kept categories, which the visit cadence reads; the column
goes. Rolled back, the tags, the claims and the categories are as they were."""

from __future__ import annotations

import datetime as dt
import json

from casework.db import db, migrations
from casework.models import AuditEntry, Child
from casework.rules.deadlines import local_date
from casework.services import family, registry

MIGRATION = "0024_one_source_for_categories"


def stored(child_id: int) -> tuple:
    row = db.execute_sql(
        "SELECT difficulty_categories, category_claims, categories FROM child WHERE id = "
        + db.param, (child_id,)
    ).fetchone()
    return tuple(json.loads(v) for v in row)


def test_the_tags_become_claims_and_come_back(world):
    disabled = world.child()  # own difficulty from the disability
    claimed = world.categorise(world.child(disabilities=()), "family")
    untagged = world.child(disabilities=())
    runner = migrations()
    runner.down(MIGRATION)
    assert "difficulty_categories" in {c.name for c in db.get_columns("child")}
    tag = "UPDATE child SET difficulty_categories = {} WHERE id = {}".replace("{}", db.param)
    db.execute_sql(tag, ('["self", "guardianship"]', disabled.id))
    db.execute_sql(tag, ('["family"]', claimed.id))
    before = {c.id: stored(c.id) for c in (disabled, claimed, untagged)}
    version = {c.id: Child.get_by_id(c.id).version for c in (disabled, claimed, untagged)}
    assert before[claimed.id][0] == ["family"] and before[untagged.id][0] == []

    assert runner.up()[0] == MIGRATION
    assert "difficulty_categories" not in {c.name for c in db.get_columns("child")}
    child = Child.get_by_id(disabled.id)
    assert child.categories == ["self", "guardianship"]
    assert [(c["category"], c["reason"], c["from_tag"], c["counted"])
            for c in child.category_claims] == [
        ("self", "由原困境类别标签迁移", True, True),
        ("guardianship", "由原困境类别标签迁移", True, False)]  # fmt: skip
    explained = family.explain(child, local_date(world.now))
    assert explained.flagged == ["guardianship"]  # for the supervisor: the facts do not show it
    again = Child.get_by_id(claimed.id)
    assert again.categories == ["family"]
    assert [(c["category"], c.get("tagged")) for c in again.category_claims] == [("family", True)]
    assert Child.get_by_id(untagged.id).category_claims == []
    rows = AuditEntry.select().where(AuditEntry.action == "migrate_difficulty_tags")
    assert sorted(r.entity_id for r in rows) == sorted([disabled.id, claimed.id])
    moved = next(r for r in rows if r.entity_id == disabled.id)
    assert moved.changes["difficulty_categories"] == [["self", "guardianship"], None]
    assert moved.changes["categories"] == [["self"], ["self", "guardianship"]]
    # each file changed is a new version, its audit row carries it; the file as it stood
    # just before the migration is the old version
    assert {r.entity_id: r.version for r in rows} == {
        disabled.id: version[disabled.id] + 1, claimed.id: version[claimed.id] + 1}
    assert child.version == version[disabled.id] + 1
    assert Child.get_by_id(untagged.id).version == version[untagged.id]
    just_before = moved.at - dt.timedelta(seconds=1)
    old = registry.file_as_of(world.a.actor("case_worker"), disabled.id, just_before)
    assert old["version"] == version[disabled.id] and old["categories"] == ["self"]

    runner.down(MIGRATION)
    assert {c.id: stored(c.id) for c in (disabled, claimed, untagged)} == before
    back = AuditEntry.select().where(AuditEntry.action == "restore_difficulty_tags")
    assert {r.entity_id: r.version for r in back} == {
        disabled.id: version[disabled.id] + 2, claimed.id: version[claimed.id] + 2}
    assert Child.get_by_id(disabled.id).version == version[disabled.id] + 2
    assert runner.up()[0] == MIGRATION


def test_the_migration_keeps_the_visit_cadence(world):
    """A tag the cadence visited monthly (guardianship) is counted after the migration, so
    the child is still visited monthly."""
    from casework.rules import visits as rules

    child = world.child(disabilities=())
    runner = migrations()
    runner.down(MIGRATION)
    db.execute_sql("UPDATE child SET difficulty_categories = '[\"guardianship\"]' WHERE id = "
                   + db.param, (child.id,))  # fmt: skip
    runner.up()
    categories = Child.get_by_id(child.id).categories
    assert rules.regular_period(categories, False) == rules.Period.MONTH
