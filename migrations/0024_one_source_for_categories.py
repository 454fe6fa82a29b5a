"""One source for what a child counts as: the four difficulty tags of the file
(child.difficulty_categories, set without a reason) become the clerks' claims on the file
(category_claims, flagged for the supervisor where the facts do not show them) and count in
the kept categories; the column goes. Each file changed gets an audit row saying so.

Down puts the tags back from the claims the migration made (marked `from_tag`), takes those
claims off, and the categories they alone had added (`counted` false).

Each way, a file changed is a new version of it (version + 1, which its audit row carries), as
every other change to a file: the file's history (registry.file_as_of) stays right before and
after the migration, and an edit begun on the old version is refused as stale."""

import datetime
import json

from peewee import *

REASON = "由原困境类别标签迁移"
ORDER = ("orphan", "unsupported", "left_behind", "family", "self", "guardianship", "temporary")


def _ordered(codes):
    return [c for c in ORDER if c in codes] + sorted(set(codes) - set(ORDER))


def _now():
    return datetime.datetime.now(datetime.UTC).replace(tzinfo=None)


def _audit(db, child_id, version, action, changes, at):
    db.execute_sql(
        "INSERT INTO audit_log (entity, entity_id, action, version, actor_role, at, reason, "
        "changes) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)".replace("%s", db.param),
        ("child", child_id, action, version, "system", at, REASON,
         json.dumps(changes, ensure_ascii=False, sort_keys=True)),
    )


def up(migrator, db):
    at = _now()
    rows = db.execute_sql(
        "SELECT id, version, difficulty_categories, category_claims, categories FROM child "
        "WHERE difficulty_categories <> '[]' ORDER BY id"
    ).fetchall()
    for child_id, version, tags, claims, categories in rows:
        tags, claims, categories = json.loads(tags), json.loads(claims), json.loads(categories)
        if not tags:
            continue
        old_claims, old_categories = [dict(c) for c in claims], list(categories)
        claimed = {c["category"]: c for c in claims}
        for tag in tags:
            if tag in claimed:  # a clerk had claimed it already, with a reason
                claimed[tag]["tagged"] = True
                continue
            claims.append({"category": tag, "reason": REASON, "by": None, "by_name": "",
                           "on": at.date().isoformat(), "from_tag": True,
                           "counted": tag in categories})
        categories = _ordered(set(categories) | set(tags))
        db.execute_sql(
            "UPDATE child SET category_claims = %s, categories = %s, version = version + 1 "
            "WHERE id = %s".replace("%s", db.param),
            (json.dumps(claims, ensure_ascii=False, sort_keys=True),
             json.dumps(categories, ensure_ascii=False), child_id),
        )
        changes = {"difficulty_categories": [tags, None],
                   "category_claims": [old_claims, claims]}
        if categories != old_categories:
            changes["categories"] = [old_categories, categories]
        _audit(db, child_id, version + 1, "migrate_difficulty_tags", changes, at)
    migrator.migrate(migrator.drop_column("child", "difficulty_categories"))


def down(migrator, db):
    migrator.migrate(
        migrator.add_column("child", "difficulty_categories", TextField(default="[]"))
    )
    at = _now()
    rows = db.execute_sql(
        "SELECT id, version, category_claims, categories FROM child "
        "WHERE category_claims <> '[]' ORDER BY id"
    ).fetchall()
    for child_id, version, claims, categories in rows:
        claims, categories = json.loads(claims), json.loads(categories)
        tags = [c["category"] for c in claims if c.get("from_tag") or c.get("tagged")]
        if not tags:
            continue
        old_claims, old_categories = [dict(c) for c in claims], list(categories)
        added = {c["category"] for c in claims if c.get("from_tag") and not c.get("counted")}
        kept = [{k: v for k, v in c.items() if k != "tagged"}
                for c in claims if not c.get("from_tag")]
        categories = [c for c in categories if c not in added]
        db.execute_sql(
            "UPDATE child SET difficulty_categories = %s, category_claims = %s, categories = %s, "
            "version = version + 1 WHERE id = %s".replace("%s", db.param),
            (json.dumps(tags), json.dumps(kept, ensure_ascii=False, sort_keys=True),
             json.dumps(categories, ensure_ascii=False), child_id),
        )
        changes = {"difficulty_categories": [None, tags], "category_claims": [old_claims, kept]}
        if categories != old_categories:
            changes["categories"] = [old_categories, categories]
        _audit(db, child_id, version + 1, "restore_difficulty_tags", changes, at)
