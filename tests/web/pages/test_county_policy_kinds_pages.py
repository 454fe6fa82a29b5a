"""The admin's county-policy pages (visit cadences, aid targets, rejection codes, escalation
grace): the values in force today, a new version from a day on, refusals in Chinese with what
was typed kept and nothing written; the claim page offers the county's own rejection code."""

from __future__ import annotations

from casework.models import PolicyVersion


def test_the_admin_schedules_a_monthly_cadence_and_a_target(world, as_role):
    admin = as_role("admin")
    page = admin.text("/admin/county-policy/visit-cadence")
    assert "走访频次" in page and "定期走访：家庭困境" in page and "按季" in page
    monthly = {"key": "regular.family", "value": "1", "effective_from": "2026-04-01"}
    done = admin.post("/admin/county-policy/visit-cadence", monthly)
    assert done.status_code == 302, done.get_data(as_text=True)
    row = PolicyVersion.get()
    assert (row.kind, row.key, row.value) == ("visit_cadence", "regular.family", 1)
    assert "2026-04-01 起 1" in admin.text("/admin/county-policy/visit-cadence")
    target = {"key": "2027", "value": "300", "effective_from": "2026-03-02", "new": "1"}
    added = admin.post("/admin/county-policy/aid-targets", target)
    assert added.status_code == 302
    assert PolicyVersion.select().where(PolicyVersion.kind == "aid_target").count() == 1


def test_bad_input_is_refused_in_chinese_keeping_what_was_typed(world, as_role):
    admin = as_role("admin")
    refused = admin.post("/admin/county-policy/rejection-codes",
                         {"key": "late_report", "value": "1", "effective_from": "2026-04-01",
                          "new": "1", "label": ""})  # fmt: skip
    assert refused.status_code == 422
    text = refused.get_data(as_text=True)
    assert "请填写代码的说明文字" in text and 'value="late_report"' in text
    yesterday = {"key": "rehab.review", "value": "1", "effective_from": "2026-03-01"}
    past = admin.post("/admin/county-policy/escalation-grace", yesterday)
    assert past.status_code == 422 and "起生效" in past.get_data(as_text=True)
    assert PolicyVersion.select().count() == 0
    assert as_role("reviewer").get("/admin/county-policy/visit-cadence").status_code == 403
    assert admin.get("/admin/county-policy/weather").status_code == 404


def test_a_county_category_defined_on_the_page_and_set_on_a_file(world, as_role):
    from casework.models import Child

    admin = as_role("admin")
    page = admin.text("/admin/county-policy/child-categories")
    assert "本县自定类别" in page and "新增本县自定类别" in page and "启用，按月走访" in page
    unnamed = admin.post("/admin/county-policy/child-categories",
                         {"key": "migrant", "value": "1", "effective_from": "2026-03-02",
                          "new": "1", "label": ""})  # fmt: skip
    assert unnamed.status_code == 422 and 'value="migrant"' in unnamed.get_data(as_text=True)
    assert PolicyVersion.select().count() == 0
    added = admin.post("/admin/county-policy/child-categories",
                       {"key": "migrant", "value": "1", "effective_from": "2026-03-02",
                        "new": "1", "label": "流动儿童"})  # fmt: skip
    assert added.status_code == 302, added.get_data(as_text=True)
    assert "流动儿童" in admin.text("/admin/county-policy/child-categories")

    child = world.child(disabilities=())
    director = as_role("child_director")
    page = director.text(f"/children/{child.id}")
    assert '<option value="migrant">流动儿童</option>' in page
    director.post(f"/family/{child.id}/categories", {"category": "migrant",
                  "reason": "随父母从外省迁入", "expected_version": child.version})  # fmt: skip
    assert Child.get_by_id(child.id).categories == ["migrant"]
    page = director.text(f"/children/{child.id}")
    assert "<strong>流动儿童</strong>" in page and "待督导员复核" in page
