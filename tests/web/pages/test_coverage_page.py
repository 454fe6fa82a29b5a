"""The coverage page lists the county's uncovered places; the dashboard counts them."""

from __future__ import annotations


def test_the_page_and_the_dashboard_list_the_gaps(as_role, world):
    page = as_role("admin").text("/coverage")
    for place in (world.a.townships[1], *world.a.villages[1:]):
        assert place.name in page
    assert world.a.villages[0].name not in page
    assert world.b.villages[1].name not in page
    dashboard = as_role("leader").text("/dashboard")
    assert 'id="coverage-count"' in dashboard
    as_role("reviewer").text("/coverage", status=403)
