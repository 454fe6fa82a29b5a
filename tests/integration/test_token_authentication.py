"""Bearer tokens: the actor a token stands for, and every way a token stops working."""

from __future__ import annotations

import datetime as dt

import pytest

from casework.errors import Unauthenticated
from casework.models import ApiToken, User
from casework.services import accounts
from casework.vocabulary import Role
from tests.conftest import NOW


def test_a_token_stands_for_its_user_in_their_place(world):
    actor = accounts.authenticate(world.a.token("reviewer"), NOW)
    assert actor == accounts.actor_for(world.a.users["reviewer"])
    assert actor.role == Role.REVIEWER and actor.place_path == world.a.county.path


def test_institution_staff_act_for_their_institution(world):
    actor = accounts.authenticate(world.b.token("institution_staff"), NOW)
    assert actor.role == Role.INSTITUTION_STAFF
    assert actor.institution_id == world.b.institutions[0].id
    assert actor.place_id is None and actor.place_path == ""


def _refused(token: str, now: dt.datetime = NOW) -> None:
    with pytest.raises(Unauthenticated):
        accounts.authenticate(token, now)


def test_unknown_expired_revoked_and_deactivated_tokens_are_refused(world):
    user = world.a.users["intake_clerk"]
    _refused("not-a-token")
    expiring = accounts.issue_token(user, NOW, days=1)
    accounts.authenticate(expiring, NOW + dt.timedelta(hours=23))
    _refused(expiring, NOW + dt.timedelta(days=1))
    revoked = accounts.issue_token(user, NOW)
    ApiToken.update(revoked_at=NOW).where(
        ApiToken.token_hash == accounts._digest(revoked)
    ).execute()
    _refused(revoked)
    User.update(active=False).where(User.id == user.id).execute()
    _refused(world.a.token("intake_clerk"))
