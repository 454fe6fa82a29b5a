"""The county admin's benefit list page: the benefits offered today, one of the county's own
added by its name, one no longer offered from a day on; refusals in Chinese, as typed."""

from __future__ import annotations

from casework.models import PolicyVersion


def test_the_admin_adds_a_benefit_and_stops_offering_another(world, as_role):
    admin = as_role("admin")
    page = admin.text("/admin/benefits")
    assert "最低生活保障" in page and "两免一补" in page and "临时救助" in page
    added = admin.post("/admin/benefits", {"benefit": "县困境儿童助学金", "offered": "true",
                                           "effective_from": "2026-03-02"})  # fmt: skip
    assert added.status_code == 302, added.get_data(as_text=True)
    stopped = admin.post("/admin/benefits", {"benefit": "education_aid", "offered": "false",
                                             "effective_from": "2026-04-01"})  # fmt: skip
    assert stopped.status_code == 302
    page = admin.text("/admin/benefits")
    assert "县困境儿童助学金" in page and "2026-04-01" in page
    assert {(v.key, v.value) for v in PolicyVersion.select()} == {
        ("县困境儿童助学金", 1), ("education_aid", 0)}  # fmt: skip
    # the windows' form offers it from its day on
    form = as_role("case_worker").text(f"/children/{world.child().id}/benefits/new")
    assert "县困境儿童助学金" in form


def test_refusals_keep_what_was_typed_and_others_may_not(world, as_role):
    admin = as_role("admin")
    past = admin.post("/admin/benefits", {"benefit": "县助学金", "offered": "true",
                                          "effective_from": "2026-02-01"})  # fmt: skip
    html = past.get_data(as_text=True)
    assert past.status_code == 422 and "县助学金" in html
    assert PolicyVersion.select().count() == 0
    assert as_role("case_worker").get("/admin/benefits").status_code == 403
    assert as_role("department_staff").get("/admin/benefits").status_code == 403
