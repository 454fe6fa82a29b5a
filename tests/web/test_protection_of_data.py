"""Masking, the access log of whole views and exports, sign-in lock-out, rate limits, token
revocation and security headers."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from casework.models import AccessEntry, ApiToken, Child, Guardian
from casework.rules.identity import mask_id_number
from casework.rules.masking import UNMASKED_ROLES, mask_address, mask_phone
from casework.services import mail
from casework.services.sign_in import LockPolicy
from casework.settings import Settings
from casework.vocabulary import Role
from tests.conftest import NOW


def auth(world, role, county="a"):
    return {"Authorization": f"Bearer {getattr(world, county).token(role)}"}


@pytest.fixture
def child(world):
    application = world.application()
    child = Child.get_by_id(application.child_id)
    Child.update(address="浙江省杭州市临安区某某村5组12号").where(Child.id == child.id).execute()
    Guardian.create(child=child.id, name="王芳", relation="母亲", phone="13812345678")
    return Child.get_by_id(child.id)


def test_masks():
    assert mask_id_number("330127202105010014") == "3301************14"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_address("浙江省杭州市临安区某某村5组12号") == "浙江省杭州市****"


def test_lists_mask_and_the_record_shows_whole_to_roles_that_need_it(client, world, child):
    whole, masked = child.id_number, mask_id_number(child.id_number)
    lists = [
        "/api/v1/children",
        f"/api/v1/registry/children?name={child.name[:2]}",
        "/api/v1/rehab-applications",
    ]
    for path in lists:
        text = client.get(path, headers=auth(world, "reviewer")).get_data(as_text=True)
        assert whole not in text, path
        assert masked in text or path.endswith("applications"), path  # that list has no ID
        assert "13812345678" not in text and "5组12号" not in text
    assert AccessEntry.select().count() == 0  # masked lists are not logged
    record = client.get(f"/api/v1/children/{child.id}", headers=auth(world, "reviewer")).json
    assert record["id_number"] == whole
    assert record["guardians"][0]["phone"] == "13812345678"
    entry = AccessEntry.get()
    assert (entry.action, entry.entity, entry.entity_id) == ("view_id", "child", child.id)
    assert entry.user_id == world.a.users["reviewer"].id


@pytest.mark.parametrize("role", ["leader", "admin", "settlement_auditor", "finance_officer"])
def test_other_roles_see_the_record_masked(client, world, child, role):
    assert Role(role) not in UNMASKED_ROLES
    response = client.get(f"/api/v1/children/{child.id}", headers=auth(world, role))
    if response.status_code == 200:
        assert response.json["id_number"] == mask_id_number(child.id_number)
        assert response.json["address"] == "浙江省杭州市****"
    assert AccessEntry.select().where(AccessEntry.action == "view_id").count() == 0


def test_registry_history_masks_id_numbers_phones_and_addresses(client, world, child):
    from casework.services import children, registry

    new_guardians = [{"name": "王芳", "relation": "母亲", "phone": "13900001111"}]
    children.update_child(world.a.actor("case_worker"), child.id,
                          {"address": "浙江省杭州市临安区新村8号", "guardians": new_guardians},
                          NOW)  # fmt: skip
    response = client.get(f"/api/v1/registry/children/{child.id}/history",
                          headers=auth(world, "reviewer"))  # fmt: skip
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert child.id_number not in text and mask_id_number(child.id_number) in text
    assert "13900001111" not in text and "139****1111" in text
    assert "新村8号" not in text and "5组12号" not in text
    fields = {c["field"]: c for c in response.json["changes"]}
    assert fields["address"]["new"] == "浙江省杭州市****"
    # the stored audit keeps the values whole: the file as it was is rebuilt from it
    kept = registry.file_as_of(world.a.actor("case_worker"), child.id, NOW)
    assert kept["address"] == "浙江省杭州市临安区新村8号"


def test_record_pages_mask_for_other_roles_and_log_whole_views(app, world, child):
    from tests.web.pages.conftest import Browser

    whole = child.id_number
    application = child.rehab_applications.get()
    for key, shown in (("reviewer", True), ("leader", False)):
        browser = Browser(app)
        browser.sign_in(world.a.users[key].username)
        if key == "reviewer":  # the list masks even for a role that sees the record whole
            listing = browser.text(f"/children?q={child.name}")
            assert whole not in listing and mask_id_number(whole) in listing
        page = browser.text(f"/applications/{application.id}")
        assert (whole in page) is shown and ("13812345678" in page) is shown
        assert (mask_id_number(whole) in page) is not shown
    views = AccessEntry.select().where(AccessEntry.action == "view_id")
    assert [v.user_id for v in views] == [world.a.users["reviewer"].id]


def test_settlement_exports_are_masked_and_logged(client, world):
    from casework.models import Claim

    application = world.application()
    world.advance(application.id, "settled")  # through a real, paid claim
    claim_id = Claim.get().id
    number = Child.get_by_id(application.child_id).id_number
    for fmt in ("csv", "xlsx"):
        response = client.get(
            f"/api/v1/claims/{claim_id}/statement?format={fmt}",
            headers=auth(world, "settlement_auditor"),
        )
        assert response.status_code == 200
        assert number.encode() not in response.data
    text = response.get_data() and client.get(
        f"/api/v1/claims/{claim_id}/statement?format=csv", headers=auth(world, "settlement_auditor")
    ).get_data(as_text=True)
    assert mask_id_number(number) in text
    exports = AccessEntry.select().where(AccessEntry.action == "export")
    assert [e.entity_id for e in exports] == [claim_id] * 3


def test_emails_carry_no_personal_data(world, child):
    from casework.models import Reminder

    reminder = Reminder(rule="review", entity="rehab", entity_id=1, instance="x",
                        due_at=NOW - dt.timedelta(days=3), severity="warning")  # fmt: skip
    body = mail._body(Settings(), world.a.users["reviewer"], [reminder], [reminder])
    assert "rehab" in body or "#1" in body
    assert child.id_number not in body and "13812345678" not in body and "5组12号" not in body


def test_lock_out_after_failures_then_unlock_by_time_or_admin(client, app, world):
    from casework.services import sign_in
    from tests.web.pages.conftest import Browser

    policy = LockPolicy(failures=3, minutes=15)
    user = world.a.users["reviewer"]
    browser = Browser(app)
    for _ in range(5):  # the default policy: five failures
        response = browser.sign_in(user.username, "nope")
    assert response.status_code == 429
    assert "锁定" in response.get_data(as_text=True) or "locked" in response.get_data(as_text=True)
    with pytest.raises(Exception, match="locked after"):
        sign_in.sign_in(user.username, "whatever", NOW, policy=policy)
    later = NOW + dt.timedelta(minutes=16)
    with pytest.raises(Exception, match="wrong username"):
        sign_in.sign_in(user.username, "still wrong", later, policy=policy)
    unlocked = client.post(f"/api/v1/tokens/unlock/{user.id}", headers=auth(world, "admin"))
    assert unlocked.status_code == 200
    assert sign_in.locked_until(user.username, NOW, policy) is None
    other = client.post(f"/api/v1/tokens/unlock/{user.id}", headers=auth(world, "admin", "b"))
    assert other.status_code == 403


@pytest.mark.parametrize(
    "body, field",
    [({}, "label"), ({"label": "   "}, "label"), ({"label": "x" * 101}, "label"),
     ({"label": "脚本", "days": 0}, "days"), ({"label": "脚本", "days": 366}, "days")],
)  # fmt: skip
def test_a_token_needs_a_label_and_a_lifetime_in_range(client, world, body, field):
    before = ApiToken.select().count()
    refused = client.post("/api/v1/tokens", json=body, headers=auth(world, "leader"))
    assert refused.status_code == 422
    assert field in str(refused.json["errors"])
    assert ApiToken.select().count() == before


def test_a_token_lives_as_long_as_the_settings_say_unless_asked(app, client, world):
    settings = app.config["CASEWORK_SETTINGS"]
    app.config["CASEWORK_SETTINGS"] = dataclasses.replace(settings, token_days=30)
    for body, days in (({"label": "脚本"}, 30), ({"label": "报表", "days": 7}, 7)):
        created = client.post("/api/v1/tokens", json=body, headers=auth(world, "leader"))
        assert created.status_code == 201
        row = ApiToken.get_by_id(created.json["id"])
        assert row.expires_at - row.created_at == dt.timedelta(days=days)
    app.config["CASEWORK_SETTINGS"] = dataclasses.replace(settings, token_days=3650)
    created = client.post("/api/v1/tokens", json={"label": "长期"}, headers=auth(world, "leader"))
    row = ApiToken.get_by_id(created.json["id"])
    assert row.expires_at - row.created_at == dt.timedelta(days=365)  # what people may ask


def test_tokens_are_listed_revoked_and_refused_after(client, world):
    created = client.post("/api/v1/tokens", json={"label": "脚本"}, headers=auth(world, "leader"))
    assert created.status_code == 201
    token = created.json["token"]
    mine = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/users/me", headers=mine).status_code == 200
    listed = client.get("/api/v1/tokens", headers=mine).json
    assert created.json["id"] in [t["id"] for t in listed] and "token" not in listed[0]
    revoked = client.post(f"/api/v1/tokens/{created.json['id']}/revoke", headers=mine)
    assert revoked.status_code == 200 and revoked.json["revoked_at"]
    assert client.get("/api/v1/users/me", headers=mine).status_code == 401
    someone = world.a.users["reviewer"].id
    assert (
        client.get(f"/api/v1/tokens?user_id={someone}", headers=auth(world, "leader")).status_code
        == 403
    )
    assert (
        client.get(f"/api/v1/tokens?user_id={someone}", headers=auth(world, "admin")).status_code
        == 200
    )


def test_guessing_tokens_is_rate_limited(app, world):
    from web import create_app

    settings = app.config["CASEWORK_SETTINGS"]
    strict = Settings(database_url=settings.database_url, bad_tokens_per_minute=3)
    client = create_app(strict, bind_database=False, TESTING=True).test_client()
    codes = [
        client.get("/api/v1/users/me", headers={"Authorization": f"Bearer guess{n}"}).status_code
        for n in range(5)
    ]
    assert codes == [401, 401, 401, 429, 429]
    refused = client.get("/api/v1/users/me", headers={"Authorization": "Bearer guess9"})
    assert refused.status_code == 429 and refused.headers["Retry-After"]
    # a valid token from the same address is not locked out with the guesses
    assert client.get("/api/v1/users/me", headers=auth(world, "reviewer")).status_code == 200


def test_security_headers_on_every_response(client, world):
    for path in ("/sign-in", "/api/v1/openapi.json", "/api/v1/users/me", "/api/v1/docs"):
        headers = client.get(path).headers
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"], path
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["Referrer-Policy"] == "same-origin"
        assert "Strict-Transport-Security" not in headers


def test_hsts_when_cookies_are_secure(app):
    from web import create_app

    settings = app.config["CASEWORK_SETTINGS"]
    secure = Settings(database_url=settings.database_url, secure_cookies=True)
    client = create_app(secure, bind_database=False, TESTING=True).test_client()
    assert "max-age=" in client.get("/sign-in").headers["Strict-Transport-Security"]


def test_revoking_a_token_revokes_the_tokens_it_issued(client, world):
    first = client.post("/api/v1/tokens", json={"label": "脚本"}, headers=auth(world, "leader"))
    child = {"Authorization": f"Bearer {first.json['token']}"}
    second = client.post("/api/v1/tokens", json={"label": "接班"}, headers=child)
    grandchild = {"Authorization": f"Bearer {second.json['token']}"}
    third = client.post("/api/v1/tokens", json={"label": "再接班"}, headers=grandchild)
    assert third.status_code == 201
    revoked = client.post(
        f"/api/v1/tokens/{first.json['id']}/revoke", headers=auth(world, "leader")
    )
    assert revoked.status_code == 200
    for token in (first, second, third):
        mine = {"Authorization": f"Bearer {token.json['token']}"}
        assert client.get("/api/v1/users/me", headers=mine).status_code == 401
    # the token the first was issued with is not the first's to take along
    assert client.get("/api/v1/users/me", headers=auth(world, "leader")).status_code == 200
