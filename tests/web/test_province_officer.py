"""A province's officer reads the figures of the province's counties and nothing of any
county's case data: every GET route of the API, walked as the officer over two counties holding
a child's file, an application with a paper, a report case, a visit and a transfer, answers
403, 404, 422 or nothing; the writes are refused and change nothing. The officer's account is
made only on the command line, and only as a province's. The figures' API and page read only
for the officer."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from casework.errors import Invalid, NotPermitted
from casework.models import AuditEntry, Child, CountyFigures, RehabApplication, ReportCase, User
from casework.services import accounts, province
from casework.settings import Settings
from casework.vocabulary import Role
from casework.workflows.definition import Actor
from tests.integration.report_cases import file_report
from tests.integration.transfer_cases import reach
from tests.web.conftest import API, auth, problem
from tests.web.test_department_scope import PDF
from tests.web.test_department_scope import PUBLIC as COUNTY_PUBLIC

OFFICER = {"Authorization": "Bearer province-token"}
# what holds no child's data: what a department's staff may read of a county (the places,
# institutions, calendar, the API's own description, their own account, inbox and tokens),
# and the province's figures
PUBLIC = COUNTY_PUBLIC | {"/api/v1/province/figures"}


@pytest.fixture
def records(client, world):
    """Both counties' records of every kind, and the ids a route's parameters take."""
    world.province()
    ids = {}
    for county in (world.b, world.a):
        child = world.child(county)
        application = world.application(county, child=child)
        paper = client.post(
            f"{API}/documents",
            query_string={"target": "rehab", "target_id": application.id, "kind": "diagnosis"},
            data={"file": (io.BytesIO(PDF), "诊断.pdf")},
            headers=auth(county, "intake_clerk"),
            content_type="multipart/form-data",
        )
        assert paper.status_code == 201, paper.get_data(as_text=True)
        ids = {
            "child_id": child.id,
            "application_id": application.id,
            "document_id": paper.get_json()["id"],
            "case_id": file_report(world, county).id,
            "claim_id": 1,
            "user_id": county.users["case_worker"].id,
            "transfer_id": reach(world, "received", county),
        }
    return ids


def _url(rule: str, ids: dict, case_id: int) -> str:
    url = rule.replace("<int:year>", "2026").replace("<path:name>", "x.js")
    for name, value in {**ids, "case_id": case_id}.items():
        url = url.replace(f"<int:{name}>", str(value))
    return url


def _empty(body) -> bool:
    """No record in an answer: an empty list, page or mapping, or counts all zero."""
    if isinstance(body, dict) and "items" in body:
        return body["items"] == []
    if isinstance(body, dict):
        return all(_empty(v) if isinstance(v, dict | list) else not v for v in body.values())
    return body == []


def _footprint() -> tuple:
    return (Child.select().count(), RehabApplication.select().count(),
            ReportCase.select().count(), AuditEntry.select().count())  # fmt: skip


def test_every_get_route_keeps_the_counties_case_data_from_the_officer(app, client, world,
                                                                       records):  # fmt: skip
    rules = sorted(r.rule for r in app.url_map.iter_rules()
                   if r.rule.startswith(API) and "GET" in r.methods)  # fmt: skip
    answered: dict[str, int] = {}
    for rule in rules:
        if rule in PUBLIC:
            continue
        case_id = records["transfer_id"] if rule.startswith(f"{API}/transfers") else (
            records["case_id"])  # fmt: skip
        query = {"target": "rehab", "target_id": records["application_id"],
                 "child_id": records["child_id"], "date": "2026-03-01",
                 "q": "儿童", "period": "2026-Q1"}  # fmt: skip
        response = client.get(_url(rule, records, case_id), headers=OFFICER, query_string=query)
        answered[rule] = response.status_code
        if response.status_code in (403, 404, 422):
            continue
        assert response.status_code == 200, (rule, response.status_code)
        assert _empty(response.get_json()), (rule, response.get_json())
    # the walk reached the records by id: each refused
    for rule in ("children/<int:child_id>", "rehab-applications/<int:application_id>",
                 "reports/<int:case_id>", "transfers/<int:case_id>"):  # fmt: skip
        assert answered[f"{API}/{rule}"] in (403, 404), rule
    assert answered[f"{API}/rates"] == 403 and answered[f"{API}/coverage"] == 403


def test_the_officer_s_writes_are_refused_and_change_nothing(client, world, records):
    before = _footprint()
    village = world.a.villages[0].id
    writes = [
        ("children", {"id_number": "330127202105010012", "name": "新儿童", "place_id": village,
                      "residence_basis": "permanent_hukou", "disability_types": ["limb"]}),
        ("rehab-applications", {"child_id": records["child_id"], "items": ["training_limb"],
                                "applicant_name": "监护人", "applicant_relation": "母亲",
                                "documents_received": ["identity"]}),
        ("reports", {"reporter_name": "李", "place_id": village, "harm_type": "abuse",
                     "facts": "淤青", "child_description": "男孩"}),
        (f"rehab-applications/{records['application_id']}/actions/start_review",
         {"expected_version": 1}),
        ("users", {"username": "new-user", "name": "新人", "role": "reviewer",
                   "password": "long-enough-1", "place_id": world.a.county.id}),
    ]  # fmt: skip
    for path, body in writes:
        response = client.post(f"{API}/{path}", json=body, headers=OFFICER)
        assert response.status_code in (403, 404, 422), (path, response.get_data(as_text=True))
        problem(response, response.status_code)
    assert _footprint() == before


def test_an_officer_is_made_on_the_command_line_only_and_with_a_province(world):
    world.province()
    made = User.get(User.username == "province-officer")
    actor = accounts.actor_for(made)
    assert (actor.province_id, actor.county_id, actor.place_path) == (made.province_id, None, "")
    kw = {"name": "省厅", "password": "long-enough-1", "now": world.now}
    refusals = [
        ({"role": "province_officer"}, "province_required"),
        ({"role": "province_officer", "province_id": 999}, "province_required"),
        ({"role": "province_officer", "province_id": made.province_id,
          "place_id": world.a.county.id}, "province_officer_takes_no_place"),
        ({"role": "province_officer", "province_id": made.province_id,
          "institution_id": world.a.institutions[0].id}, "province_officer_takes_no_place"),
        ({"role": "reviewer", "place_id": world.a.county.id,
          "province_id": made.province_id}, "role_takes_no_province"),
    ]  # fmt: skip
    users = User.select().count()
    for n, (values, code) in enumerate(refusals):
        with pytest.raises(Invalid) as refused:
            accounts.create_user(None, username=f"wrong-{n}", **values, **kw)
        assert refused.value.code == code
    admin = world.a.actor("admin")
    with pytest.raises(NotPermitted) as refused:
        accounts.create_user(admin, username="by-admin", role="province_officer",
                             province_id=made.province_id, **kw)  # fmt: skip
    assert refused.value.code == "province_officer_by_operator"
    assert User.select().count() == users


def test_the_admin_s_api_refuses_an_officer_with_its_code(client, world):
    world.province()
    body = {"username": "by-admin", "name": "省厅", "password": "long-enough-1",
            "role": "province_officer"}  # fmt: skip
    response = client.post(f"{API}/users", headers=auth(world.a, "admin"), json=body)
    assert problem(response, 403)["code"] == "province_officer_by_operator"


def _take(world, moment):
    return province.take_figures(moment, Settings(aid_target=12))


def test_the_api_gives_each_county_s_row_and_the_total(client, world):
    world.province()
    world.application()
    world.application(world.b)
    _take(world, world.now - dt.timedelta(days=1))
    _take(world, world.now)
    # county b's of today were never taken: its latest is yesterday's, stale
    CountyFigures.delete().where(CountyFigures.county == world.b.county.id,
                                 CountyFigures.as_of == dt.date(2026, 3, 2)).execute()  # fmt: skip
    body = client.get(f"{API}/province/figures", headers=OFFICER).get_json()
    assert (body["name"], body["code"], body["today"]) == ("浙江省", "330000", "2026-03-02")
    rows = {row["county_id"]: row for row in body["counties"]}
    a, b = rows[world.a.county.id], rows[world.b.county.id]
    assert (a["as_of"], a["stale"], b["as_of"], b["stale"]) == (
        "2026-03-02", False, "2026-03-01", True)  # fmt: skip
    assert body["stale"] == 1
    assert a["figures"]["applications"]["submitted"] == 1 and a["figures"]["aid_target"] == 12
    assert body["total"]["applications"]["submitted"] == 2
    assert body["total"]["on_register"] == a["figures"]["on_register"] + b["figures"]["on_register"]
    assert set(body["total"]) == set(a["figures"])


def test_a_county_without_figures_is_listed_as_missing(client, world):
    world.province()
    body = client.get(f"{API}/province/figures", headers=OFFICER).get_json()
    assert [(r["figures"], r["stale"]) for r in body["counties"]] == [(None, True), (None, True)]
    assert body["stale"] == 2 and body["total"]["on_register"] == 0


@pytest.mark.parametrize("role", ["leader", "admin", "case_worker", "reviewer"])
def test_only_a_province_officer_reads_the_figures(client, world, role):
    world.province()
    response = client.get(f"{API}/province/figures", headers=auth(world.a, role))
    assert problem(response, 403)["code"] == "province_officers_only"
    assert client.get(f"{API}/province/figures").status_code == 401


def test_an_officer_without_a_province_is_refused():
    with pytest.raises(NotPermitted):
        province.province_figures(Actor(1, Role.PROVINCE_OFFICER), dt.datetime(2026, 3, 2))
