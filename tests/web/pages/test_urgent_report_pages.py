"""The filing forms (signed in and public) tell the reporter to call 110 first when a child is
in immediate danger, and the staff form says how many hours the county gives an urgent report;
the admin sets those hours on the policy page."""

from __future__ import annotations

from casework.models import DeadlinePolicy

CALL_110 = "如儿童正面临紧迫危险，请先拨打 110 报警，再填写本报告。"


def test_both_forms_say_to_call_110_first(world, browser, as_role):
    assert CALL_110 in browser.text("/report")
    page = as_role("child_director").text("/reports/new")
    assert CALL_110 in page and "紧急报告在 24 小时内受理或筛除" in page


def test_the_admin_sets_the_urgent_hours_and_the_form_follows(world, as_role):
    admin = as_role("admin")
    page = admin.text("/admin/policy")
    assert "受理紧急报告" in page and "24 小时" in page
    url = "/admin/policy/deadlines/urgent_acceptance"
    done = admin.post(url, {"amount": "12", "unit": "hours"})
    assert done.status_code == 302
    assert "紧急报告在 12 小时内受理或筛除" in as_role("child_director").text("/reports/new")
    refused = admin.post(url, {"amount": "1", "unit": "days"})
    assert refused.status_code == 422 and "请从列表中选择" in refused.get_data(as_text=True)
    row = DeadlinePolicy.get(county=world.a.county.id, name="urgent_acceptance")
    assert (row.amount, row.unit) == (12, "hours")
