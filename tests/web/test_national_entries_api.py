"""An approved application's entry in the national system: recorded once by the federation's
staff with its day and reference (audited), refused before approval, ahead of today, twice,
or from another county."""

from __future__ import annotations

from casework.models import AuditEntry
from tests.web.conftest import API, auth, problem

ENTRY = {"entered_on": "2026-03-02", "reference": "NR-330127-0001"}


def test_entered_once_after_approval(client, world):
    application = world.application()
    url = f"{API}/national-entries/{application.id}"
    reviewer = auth(world.a, "reviewer")
    assert problem(client.post(url, json=ENTRY, headers=reviewer), 409)["code"] == (
        "national_entry_not_approved"
    )
    world.advance(application.id, "approved")
    assert problem(client.get(url, headers=reviewer), 404)
    ahead = client.post(url, json={**ENTRY, "entered_on": "2026-03-03"}, headers=reviewer)
    assert "entered_on" in problem(ahead, 422)["errors"]
    made = client.post(url, json=ENTRY, headers=reviewer)
    assert made.status_code == 201, made.get_data(as_text=True)
    body = client.get(url, headers=auth(world.a, "leader")).get_json()
    assert (body["reference"], body["entered_on"]) == ("NR-330127-0001", "2026-03-02")
    assert body["entered_by_id"] == world.a.users["reviewer"].id
    entry = AuditEntry.get(AuditEntry.action == "record_national_entry")
    assert entry.changes["national_reference"] == [None, "NR-330127-0001"]
    assert problem(client.post(url, json=ENTRY, headers=reviewer), 409)["code"] == (
        "national_entry_exists"
    )
    assert problem(client.get(url, headers=auth(world.b, "reviewer")), 403)
    assert problem(client.post(url, json=ENTRY, headers=auth(world.a, "leader")), 403)["code"] == (
        "national_entry_staff_only"
    )


def test_the_export_of_a_period_has_the_national_systems_fields(client, world):
    import io

    from openpyxl import load_workbook

    from casework.rules.identity import mask_id_number

    application = world.application()
    world.advance(application.id, "settled")  # March billed in 2026-Q1, paid 1 April
    reviewer = auth(world.a, "reviewer")
    client.post(f"{API}/national-entries/{application.id}", headers=reviewer,
                json={"entered_on": "2026-04-01", "reference": "NR-1"})  # fmt: skip
    response = client.get(f"{API}/ledgers/national-system.xlsx", headers=reviewer,
                          query_string={"first": "2026-01-01", "last": "2026-03-31"})  # fmt: skip
    rows = [list(r) for r in load_workbook(io.BytesIO(response.data)).worksheets[0]
            .iter_rows(values_only=True)]  # fmt: skip
    headers, body, totals = rows[1], rows[2:-1], rows[-1]
    assert headers[:4] == ["序号", "儿童姓名", "身份证号", "残疾类别"]
    assert headers[-2:] == ["国家系统录入日期", "国家系统编号"]
    child = application.child
    assert [r[1:4] + r[6:7] + r[9:11] + r[15:] for r in body] == [
        [child.name, mask_id_number(child.id_number), "肢体", "肢体残疾儿童康复训练",
         "2026-03", 3000, 1700, "2026-04-01", "NR-1"]
    ]  # fmt: skip
    assert totals[10] == 3000 and totals[15] == 1700 and totals[16:] == [None, None]
    later = client.get(f"{API}/ledgers/national-system.xlsx", headers=reviewer,
                       query_string={"first": "2026-04-01", "last": "2026-06-30"})  # fmt: skip
    assert len(list(load_workbook(io.BytesIO(later.data)).worksheets[0].iter_rows())) == 3
