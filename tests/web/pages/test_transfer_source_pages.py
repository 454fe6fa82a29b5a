"""The source of a request on its page: a report case, its visits and a rehab-aid application
link a window to a new request filled in from them, and list the requests they started."""

from __future__ import annotations

from casework.models import Transfer
from tests.integration.report_cases import reach as report_reach


def test_the_sources_pages_link_to_a_filled_in_request(world, as_role):
    case_id = report_reach(world, "assistance")
    worker = as_role("case_worker")
    page = worker.text(f"/reports/{case_id}")
    assert f"/transfers/new?report_case_id={case_id}" in page and "转介部门" in page
    form = worker.text(f"/transfers/new?report_case_id={case_id}")
    assert f"强制报告案件 #{case_id} 的帮扶需求" in form
    done = worker.post("/transfers/new", {"report_case_id": case_id})
    assert done.status_code == 302, done.get_data(as_text=True)
    transfer = Transfer.get(Transfer.report_case == case_id)
    assert f"/transfers/{transfer.id}" in worker.text(f"/reports/{case_id}")
    application = world.application()
    page = worker.text(f"/applications/{application.id}")
    assert f"/transfers/new?rehab_application_id={application.id}" in page
    # not a window: no link, and the form is refused
    reviewer = as_role("reviewer")
    assert "/transfers/new" not in reviewer.text(f"/applications/{application.id}")
    assert reviewer.get(f"/transfers/new?rehab_application_id={application.id}").status_code == 403
