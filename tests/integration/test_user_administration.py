"""The county admin resets passwords and stops or restores users: only in their own county,
by the password rule everyone follows, audited, and effective at once for tokens too."""

from __future__ import annotations

import pytest

from casework.errors import Invalid, NotFound, NotPermitted, Unauthenticated
from casework.models import AuditEntry, User
from casework.services import accounts
from tests.conftest import NOW


def test_a_deactivated_user_loses_password_and_token_until_reactivated(world):
    admin, clerk = world.a.actor("admin"), world.a.users["intake_clerk"]
    token = world.a.token("intake_clerk")
    assert not accounts.set_active(admin, clerk.id, False, NOW).active
    with pytest.raises(Unauthenticated):
        accounts.authenticate(token, NOW)
    with pytest.raises(Unauthenticated):
        accounts.authenticate_password(clerk.username, "password-1")
    accounts.set_active(admin, clerk.id, False, NOW)  # already so: nothing more is recorded
    assert accounts.set_active(admin, clerk.id, True, NOW).active
    assert accounts.authenticate(token, NOW).id == clerk.id
    entries = (
        AuditEntry.select()
        .where(AuditEntry.entity == "user", AuditEntry.entity_id == clerk.id)
        .order_by(AuditEntry.id)
    )
    assert [e.action for e in entries] == ["create", "deactivate", "activate"]  # fmt: skip


def test_a_reset_password_follows_the_rule_and_replaces_the_old_one(world):
    admin, clerk = world.a.actor("admin"), world.a.users["intake_clerk"]
    with pytest.raises(Invalid) as refused:
        accounts.reset_password(admin, clerk.id, "short", NOW)
    assert refused.value.fields == {"password": ["at least 8 characters"]}
    accounts.reset_password(admin, clerk.id, "handed-over", NOW)
    assert accounts.authenticate_password(clerk.username, "handed-over").id == clerk.id
    with pytest.raises(Unauthenticated):
        accounts.authenticate_password(clerk.username, "password-1")


def test_only_the_admin_of_the_county_manages_its_users(world):
    admin, theirs = world.a.actor("admin"), world.b.users["intake_clerk"]
    for call in (lambda: accounts.set_active(admin, theirs.id, False, NOW),
                 lambda: accounts.reset_password(admin, theirs.id, "handed-over", NOW),
                 lambda: accounts.set_active(world.a.actor("reviewer"),
                                             world.a.users["teacher"].id, False, NOW)):  # fmt: skip
        with pytest.raises(NotPermitted):
            call()
    with pytest.raises(NotFound):
        accounts.set_active(admin, 99999, False, NOW)
    with pytest.raises(Invalid):
        accounts.set_active(admin, admin.id, False, NOW)  # the county keeps its admin
    assert User.get_by_id(theirs.id).active and User.get_by_id(world.a.users["teacher"].id).active


@pytest.mark.parametrize(
    ("username", "name", "field"),
    [("wang fang", "王芳", "username"), ("wf", "王芳", "username"), ("w" * 65, "王芳", "username"),
     ("wangfang", "", "name"), ("wangfang", "王" * 101, "name")],
)  # fmt: skip
def test_usernames_and_names_follow_one_rule_for_every_caller(world, username, name, field):
    admin = world.a.actor("admin")
    with pytest.raises(Invalid) as refused:
        accounts.create_user(
            admin, username=username, name=name, role="reviewer", password="long-enough-1",
            place_id=world.a.county.id, now=NOW,
        )  # fmt: skip
    assert list(refused.value.fields) == [field]
    assert not User.select().where(User.username == username).exists()
