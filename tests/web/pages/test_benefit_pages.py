"""The benefits on the child's page: listed for whoever reads the file, recorded by the
windows on a form that offers the county's benefit list and keeps what was typed on error."""

from __future__ import annotations

from casework.models import ChildBenefit


def test_the_window_records_a_benefit_from_the_childs_page(world, as_role):
    child = world.child()
    worker = as_role("case_worker")
    page = worker.text(f"/children/{child.id}")
    assert "待遇" in page and f"/children/{child.id}/benefits/new" in page
    form = worker.text(f"/children/{child.id}/benefits/new")
    assert "最低生活保障" in form and "两免一补" in form and "按月" in form
    typed = {"benefit": "subsistence_allowance", "status": "granted", "amount": "680",
             "starts_on": "2026-01-01", "note": "全额低保"}  # fmt: skip
    refused = worker.post(f"/children/{child.id}/benefits/new", typed)
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "请说明金额是按月还是一次性发放。" in html
    assert 'value="680"' in html and "全额低保" in html  # kept as typed
    done = worker.post(f"/children/{child.id}/benefits/new", {**typed, "period": "month"})
    assert done.status_code == 302
    page = worker.text(f"/children/{child.id}")
    assert "最低生活保障" in page and "680.00" in page and "按月" in page and "民政" in page
    assert ChildBenefit.get().amount == 68000


def test_readers_of_the_file_see_benefits_but_do_not_record_them(world, as_role):
    child = world.child()
    as_role("case_worker").post(f"/children/{child.id}/benefits/new", {
        "benefit": "temporary_assistance", "status": "granted", "amount": "3000",
        "period": "once"})  # fmt: skip
    reviewer = as_role("reviewer")
    page = reviewer.text(f"/children/{child.id}")
    assert "临时救助" in page and "/benefits/new" not in page
    assert reviewer.get(f"/children/{child.id}/benefits/new").status_code == 403
    other = as_role("case_worker", world.b)
    assert other.get(f"/children/{child.id}/benefits/new").status_code == 403
    assert ChildBenefit.select().count() == 1


def test_the_window_records_a_benefits_later_news(world, as_role):
    child = world.child()
    worker = as_role("case_worker")
    worker.post(f"/children/{child.id}/benefits/new", {
        "benefit": "disability_living_subsidy", "status": "applied"})  # fmt: skip
    row = ChildBenefit.get()
    form = worker.text(f"/children/{child.id}/benefits/{row.id}")
    assert "计发方式" in form
    wrong = worker.post(f"/children/{child.id}/benefits/{row.id}",
                        {"status": "granted", "amount": "300"})  # fmt: skip
    assert wrong.status_code == 422 and 'value="300"' in wrong.get_data(as_text=True)
    done = worker.post(f"/children/{child.id}/benefits/{row.id}",
                       {"status": "granted", "amount": "300", "period": "month",
                        "starts_on": "2026-03-01"})  # fmt: skip
    assert done.status_code == 302
    row = ChildBenefit.get_by_id(row.id)
    assert (row.status, row.amount, row.period) == ("granted", 30000, "month")
    assert as_role("reviewer").get(f"/children/{child.id}/benefits/{row.id}").status_code == 403
