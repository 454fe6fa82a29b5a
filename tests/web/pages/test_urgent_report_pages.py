"""The filing forms (signed in and public) tell the reporter to call 110 first when a child is
in immediate danger, and the staff form says how many hours the county gives an urgent report;
the admin sets those hours, by effective date, on the county-policy page."""

from __future__ import annotations

from casework.models import DeadlinePolicy, PolicyVersion

CALL_110 = "如儿童正面临紧迫危险，请先拨打 110 报警，再填写本报告。"


def test_both_forms_say_to_call_110_first(world, browser, as_role):
    assert CALL_110 in browser.text("/report")
    page = as_role("child_director").text("/reports/new")
    assert CALL_110 in page and "紧急报告在 24 小时内受理或筛除" in page


def test_the_admin_sets_the_urgent_hours_and_the_form_follows(world, as_role):
    admin = as_role("admin")
    assert "受理紧急报告" not in admin.text("/admin/policy")  # no longer a deadline override
    page = admin.text("/admin/county-policy/urgent-hours")
    assert "紧急报告受理或筛除时限（小时）" in page and "按自然小时计算" in page
    url = "/admin/county-policy/urgent-hours"
    refused = admin.post(url, {"key": "hours", "value": "0", "effective_from": "2026-03-02"})
    assert refused.status_code == 422 and "1 到 366 之间的整数" in refused.get_data(as_text=True)
    assert PolicyVersion.select().count() == 0
    done = admin.post(url, {"key": "hours", "value": "12", "effective_from": "2026-03-02"})
    assert done.status_code == 302, done.get_data(as_text=True)
    assert "紧急报告在 12 小时内受理或筛除" in as_role("child_director").text("/reports/new")
    row = PolicyVersion.get(county=world.a.county.id, kind="urgent_hours")
    assert (row.key, row.value, row.effective_from.isoformat()) == ("hours", 12, "2026-03-02")
    assert not DeadlinePolicy.select().where(DeadlinePolicy.name == "urgent_acceptance").exists()
