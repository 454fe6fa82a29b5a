"""The admin's age-limit page: the limits in force today, a new version from a day on, and
refusals in Chinese with nothing written."""

from __future__ import annotations

from casework.models import PolicyVersion


def test_the_admin_schedules_a_new_age_limit(world, as_role):
    admin = as_role("admin")
    page = admin.text("/admin/age-limits")
    assert "年龄上限" in page and "人工耳蜗" in page and "政策默认" in page
    done = admin.post("/admin/age-limits/cochlear_implant",
                      {"max_age": "8", "effective_from": "2026-04-01"})  # fmt: skip
    assert done.status_code == 302, done.get_data(as_text=True)
    row = PolicyVersion.get()
    assert (row.key, row.value) == ("cochlear_implant", 8)
    assert row.effective_from.isoformat() == "2026-04-01"
    assert "2026-04-01 起 8 周岁" in admin.text("/admin/age-limits")


def test_bad_limits_are_refused_in_chinese(world, as_role):
    admin = as_role("admin")
    for form, message in (({"max_age": "8", "effective_from": "2026-03-01"}, "起生效"),
                          ({"max_age": "30", "effective_from": "2026-04-01"}, "之间的整数"),
                          ({"max_age": "8", "effective_from": "明天"}, "有效日期")):  # fmt: skip
        refused = admin.post("/admin/age-limits/cochlear_implant", form)
        assert refused.status_code == 422
        assert message in refused.get_data(as_text=True), form
    assert PolicyVersion.select().count() == 0
    assert as_role("reviewer").get("/admin/age-limits").status_code == 403
